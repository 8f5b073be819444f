"""Forms of the desk list (``views_desk_list``): filters, bulk actions, saved views."""

from django import forms
from django.forms.utils import flatatt
from django.utils.choices import BaseChoiceIterator
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _

from atiende.accounts.models import SupportGroup
from atiende.catalog.models import Service
from atiende.core import configcache
from atiende.core.statements import Statement
from atiende.customers.models import Organisation
from atiende.tickets.bulk import OPERATIONS
from atiende.tickets.codes import Channel, Kind, StateCategory
from atiende.tickets.models import State
from atiende.tickets.priority import PriorityScheme
from atiende.tickets.queues import QUEUES
from atiende.web.fastforms import FastFormMixin, escape
from atiende.web.forms import (
    GROUP_ROWS,
    STAFF_ROWS,
    DuePositionField,
    StaffChoiceField,
    active_groups,
    staff_users,
)
from atiende.web.labels import priority_choices

# What a saved view keeps: the filters and the order, never page markers.
VIEW_PARAMS = (
    "queue",
    "state",
    "kind",
    "subtype",
    "priority",
    "organisation",
    "service",
    "group",
    "assignee",
    "channel",
    "created_after",
    "created_before",
    "sla",
    "text",
    "ordering",
)
NEXT_DUE = "next_due"


class FastSelect(forms.Select):
    """A ``<select>`` written in Python: the list page renders a dozen selects with the staff,
    organisations, services and states as options, and Django's per-option templates cost
    more than the page's queries. Same markup as ``forms.Select`` (no option groups)."""

    def render(self, name, value, attrs=None, renderer=None):
        chosen = set(self.format_value(value))
        final_attrs = self.build_attrs(self.attrs, attrs)
        options = "".join(
            f'<option value="{escape(key)}"{" selected" if str(key) in chosen else ""}>'
            f"{escape(label)}</option>"
            for key, label in self._options()
        )
        return mark_safe(  # noqa: S308 (names, values and labels escaped)
            f'<select name="{escape(name)}"{flatatt(final_attrs)}>{options}</select>'
        )

    def _options(self):
        for key, label in self.choices:
            key = getattr(key, "value", key)  # ModelChoiceIteratorValue
            yield ("" if key is None else key), label


class LazyChoices(BaseChoiceIterator):
    """A model field's ``<option>`` list, read with one plain query the first time it is
    rendered (``ModelChoiceIterator`` reads through a server-side cursor on PostgreSQL:
    three round trips per select) and only if it is: the htmx poll renders no form."""

    def __init__(self, field: forms.ModelChoiceField, rows=None):
        self.field = field
        self.rows = rows  # a callable returning the objects, shared with other forms
        self._choices = None

    def __iter__(self):
        if self._choices is None:
            objects = self.rows() if self.rows is not None else list(self.field.queryset)
            choices = [] if self.field.empty_label is None else [("", self.field.empty_label)]
            choices += [(obj.pk, self.field.label_from_instance(obj)) for obj in objects]
            self._choices = choices
        return iter(self._choices)


def fast_selects(form: forms.Form, rows: dict | None = None) -> None:
    """Give every plain ``<select>`` of ``form`` the :class:`FastSelect` widget; a model
    field's options are read when rendered, from ``rows[name]`` (a callable) when given."""
    rows = rows or {}
    for name, field in form.fields.items():
        if type(field.widget) is forms.Select:
            widget = FastSelect(attrs=field.widget.attrs)
            widget.is_required = field.widget.is_required
            if isinstance(field, forms.ModelChoiceField):
                widget.choices = LazyChoices(field, rows.get(name))
            else:
                widget.choices = field.choices
            field.widget = widget


class ListChoices:
    """What the list page's forms offer, each read at most once per request: the filters and
    the bulk form list the same staff and the same groups."""

    def __init__(self, user=None):
        self.user = user
        self._staff = None
        self._groups = None

    def staff(self) -> list:
        if self._staff is None:
            self._staff = STAFF_ROWS.rows()
        return self._staff

    def groups(self) -> list:
        if self._groups is None:
            self._groups = GROUP_ROWS.rows()
        return self._groups


def _organisations():
    return Organisation.objects.order_by("name")


def _services():
    return Service.objects.order_by("name")


def _member_groups(user_id):
    return SupportGroup.objects.filter(members=user_id)


_ORGANISATION_ROWS = Statement(_organisations)
_SERVICE_ROWS = Statement(_services)
_MEMBER_GROUP_ROWS = Statement(_member_groups)


class DeskFilterForm(FastFormMixin, forms.Form):
    """Filters of ``/desk/``; values go to ``tickets.queues.desk_tickets``."""

    queue = forms.ChoiceField(
        label=_("Queue"),
        required=False,
        choices=[("", _("Any ticket")), *QUEUES],
        widget=FastSelect,
    )
    text = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        help_text=_("Words of the subject or the messages, or a case number."),
        widget=forms.TextInput(attrs={"type": "search", "data-shortcut": "search"}),
    )
    state = forms.ChoiceField(
        label=_("State"),
        required=False,
        choices=[
            ("", _("Any state")),
            ("open", _("Not yet resolved")),
            *((c.value, c.label) for c in StateCategory),
        ],
    )
    kind = forms.ChoiceField(
        label=_("Kind"), required=False, choices=[("", _("Any kind")), *Kind.choices]
    )
    subtype = forms.ChoiceField(label=_("Sub-type"), required=False, choices=())
    priority = forms.ChoiceField(label=_("Priority"), required=False, choices=())
    organisation = forms.ModelChoiceField(
        label=_("Organisation"),
        required=False,
        queryset=Organisation.objects.none(),
        empty_label=_("Any organisation"),
    )
    service = forms.ModelChoiceField(
        label=_("Service"),
        required=False,
        queryset=Service.objects.none(),
        empty_label=_("Any service"),
    )
    group = forms.ModelChoiceField(
        label=_("Support group"),
        required=False,
        queryset=SupportGroup.objects.none(),
        empty_label=_("Any group"),
    )
    assignee = forms.ChoiceField(label=_("Assigned to"), required=False, choices=())
    channel = forms.ChoiceField(
        label=_("Channel"), required=False, choices=[("", _("Any channel")), *Channel.choices]
    )
    created_after = forms.DateField(
        label=_("Created from"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    created_before = forms.DateField(
        label=_("Created up to"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    sla = forms.ChoiceField(
        label=_("Service level"),
        required=False,
        choices=[("", _("Any")), ("breached", _("Breached")), ("at_risk", _("At risk"))],
    )
    ordering = forms.ChoiceField(
        label=_("Sort by"),
        required=False,
        choices=[(NEXT_DUE, _("Next SLA due time")), ("-id", _("Newest first"))],
    )
    view = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    after = DuePositionField(required=False, widget=forms.HiddenInput)

    def __init__(
        self,
        *args,
        scheme: PriorityScheme,
        subtypes=(),
        choices: ListChoices | None = None,
        **kwargs,
    ):
        super().__init__(*args, **kwargs)
        choices = choices or ListChoices()
        self.fields["priority"].choices = [("", _("Any priority")), *priority_choices(scheme)]
        self.fields["subtype"].choices = [("", _("Any sub-type")), *subtypes]
        self.fields["organisation"].queryset = _organisations()
        self.fields["service"].queryset = _services()
        self.fields["group"].queryset = active_groups()
        self.fields["assignee"].choices = [
            ("", _("Anyone")),
            ("me", _("Me")),
            ("none", _("Nobody")),
            *((str(u.pk), u.get_full_name() or u.username) for u in choices.staff()),
        ]
        fast_selects(
            self,
            {
                "organisation": _ORGANISATION_ROWS.rows,
                "service": _SERVICE_ROWS.rows,
                "group": choices.groups,
            },
        )

    @property
    def due_order(self) -> bool:
        return (self.cleaned_data.get("ordering") or NEXT_DUE) == NEXT_DUE

    def params(self) -> dict[str, str]:
        """The cleaned filters and order as ``desk_tickets`` and a saved view take them."""
        params = {}
        for name in VIEW_PARAMS:
            value = self.cleaned_data.get(name)
            if value in (None, ""):
                continue
            if hasattr(value, "pk"):
                value = value.pk
            elif hasattr(value, "isoformat"):
                value = value.isoformat()
            params[name] = str(value)
        params.setdefault("ordering", NEXT_DUE)
        return params


def _all_states() -> list[State]:
    """Every state of every workflow (configuration: read through the process cache)."""
    return configcache.get(
        "web.states", lambda: list(State.objects.order_by("workflow_id", "position"))
    )


def state_choices(language: str) -> list[tuple[str, str]]:
    """Every state code of the workflows, once, with the label of its first workflow."""
    seen: dict[str, str] = {}
    for state in _all_states():
        seen.setdefault(state.code, state.label(language))
    return [("", "—"), *sorted(seen.items(), key=lambda item: item[1].casefold())]


class BulkForm(FastFormMixin, forms.Form):
    """One change for the checked rows; versions come as ``version_<id>`` fields."""

    prefix = "bulk"

    operation = forms.ChoiceField(
        label=_("Action"),
        choices=[
            ("assign", _("Assign")),
            ("transition", _("Change state")),
            ("merge", _("Merge into")),
        ],
    )
    assignee = StaffChoiceField(
        label=_("Agent"),
        queryset=staff_users(),
        required=False,
        empty_label=_("Keep"),
    )
    group = forms.ModelChoiceField(
        label=_("Support group"),
        queryset=SupportGroup.objects.none(),
        required=False,
        empty_label=_("Keep"),
    )
    state = forms.ChoiceField(label=_("New state"), required=False, choices=())
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)
    into = forms.CharField(label=_("Case number to merge into"), max_length=32, required=False)

    def __init__(self, *args, language: str = "en", choices: ListChoices | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        choices = choices or ListChoices()
        self.fields["assignee"].queryset = staff_users()
        self.fields["group"].queryset = active_groups()
        self.fields["state"].choices = state_choices(language)
        fast_selects(self, {"assignee": choices.staff, "group": choices.groups})
        assert set(OPERATIONS) == {c for c, _label in self.fields["operation"].choices}


class SavedViewForm(FastFormMixin, forms.Form):
    prefix = "view"

    name = forms.CharField(label=_("Name of the view"), max_length=100, required=False)
    group = forms.ModelChoiceField(
        label=_("Share with"),
        queryset=SupportGroup.objects.none(),
        required=False,
        empty_label=_("Only me"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        rows = {}
        if user is not None:
            self.fields["group"].queryset = _member_groups(user.pk)
            rows["group"] = lambda: _MEMBER_GROUP_ROWS.rows(user.pk)
        fast_selects(self, rows)


class RenameViewForm(FastFormMixin, forms.Form):
    name = forms.CharField(label=_("New name"), max_length=100, required=False)


def _text(value, language: str) -> str:
    if isinstance(value, dict):
        return value.get(language) or value.get("en") or next(iter(value.values()), "")
    return str(value or "")


def subtype_choices(language: str) -> list[tuple[str, str]]:
    """The sub-types of every loaded pack's kinds, once each (packs are configuration: read
    through the process cache)."""
    from atiende.packs.models import Pack

    specs = configcache.get(
        "web.pack_specs", lambda: list(Pack.objects.order_by("name").values_list("spec", flat=True))
    )
    seen: dict[str, str] = {}
    for spec in specs:
        for kind in (spec.get("kinds") or {}).values():
            for sub in (kind or {}).get("subtypes") or []:
                name = sub.get("name")
                if name:
                    seen.setdefault(name, _text(sub.get("label"), language) or name)
    return sorted(seen.items(), key=lambda item: item[1].casefold())
