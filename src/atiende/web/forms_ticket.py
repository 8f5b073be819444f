"""Forms of the desk ticket page. They parse and check input only; the rules live in the
ticket actions (``tickets.actions``, ``tickets.work``).

Every form that changes the ticket carries the ``version`` the agent saw and ``seen``, the
last history entry shown: a change made meanwhile is refused by the action ("changed
meanwhile") and the page lists what happened since ``seen``, with the agent's input kept.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from atiende.tickets.codes import CallDirection, CallOutcome
from atiende.tickets.priority import PriorityScheme
from atiende.web.fastforms import FastFormMixin
from atiende.web.forms import (
    GROUP_ROWS,
    STAFF_ROWS,
    TEXT_MAX,
    MultipleFileField,
    StaffChoiceField,
    active_groups,
    staff_users,
)
from atiende.web.labels import impact_choices, priority_choices, urgency_choices

NUMBER_MAX = 32


class VersionedForm(FastFormMixin, forms.Form):
    version = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    seen = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)


class ComposeForm(VersionedForm):
    """One composer for a public reply and an internal note (two submit buttons)."""

    prefix = "compose"

    text = forms.CharField(
        label=_("Message"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 6, "data-shortcut": "reply note"}),
    )
    attachments = MultipleFileField(label=_("Attach files"))


class CannedPickForm(FastFormMixin, forms.Form):
    """The canned-response picker next to the composer (choices: the ticket's group's)."""

    canned = forms.TypedChoiceField(label=_("Canned response"), coerce=int, required=False)

    def __init__(self, *args, responses=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["canned"].choices = [("", _("Choose a text…"))] + [
            (r.pk, f"{r.name} · {r.group.name}" if r.group_id else r.name) for r in responses
        ]


class TransitionForm(VersionedForm):
    prefix = "transition"

    # One button per allowed target (name ``transition-state``); the workflow decides.
    state = forms.SlugField(label=_("New state"), required=False)
    reason = forms.CharField(label=_("Reason (optional)"), max_length=500, required=False)


class AssignForm(VersionedForm):
    prefix = "assign"

    assignee = StaffChoiceField(
        label=_("Agent"),
        queryset=None,
        required=False,
        empty_label=_("Nobody"),
        widget=forms.Select(attrs={"data-shortcut": "assign"}),
    )
    group = forms.ModelChoiceField(
        label=_("Support group"), queryset=None, required=False, empty_label=_("No group")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assignee"].queryset = staff_users()
        self.fields["group"].queryset = active_groups()
        # Read once (one plain query each, compiled once: ModelChoiceIterator reads through a
        # server-side cursor on PostgreSQL, three round trips): the template loops over them.
        for name, statement in (("assignee", STAFF_ROWS), ("group", GROUP_ROWS)):
            field = self.fields[name]
            iterator = field.choices
            head = [] if field.empty_label is None else [("", field.empty_label)]
            field.choices = head + [iterator.choice(obj) for obj in statement.rows()]


class EscalateForm(VersionedForm):
    prefix = "escalate"

    reason = forms.CharField(
        label=_("Why the next tier?"),
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class PriorityForm(VersionedForm):
    """Urgency × impact (T3) from the pack's matrix, or a priority from the pack's list.

    The grid's buttons send ``cell`` = ``<urgency>|<impact>``; the selects send both apart.
    """

    prefix = "priority"

    urgency = forms.ChoiceField(label=_("Urgency"), choices=(), required=False)
    impact = forms.ChoiceField(label=_("Impact"), choices=(), required=False)
    priority = forms.ChoiceField(label=_("Priority"), choices=(), required=False)
    cell = forms.CharField(required=False, max_length=80, widget=forms.HiddenInput)

    def __init__(self, *args, scheme: PriorityScheme, **kwargs):
        super().__init__(*args, **kwargs)
        self.scheme = scheme
        self.fields["urgency"].choices = [("", "—"), *urgency_choices(scheme)]
        self.fields["impact"].choices = [("", "—"), *impact_choices(scheme)]
        self.fields["priority"].choices = [("", "—"), *priority_choices(scheme)]

    @property
    def uses_matrix(self) -> bool:
        return bool(self.scheme.urgencies)

    def clean(self):
        data = super().clean()
        cell = data.get("cell") or ""
        if cell:
            urgency, _sep, impact = cell.partition("|")
            data["urgency"], data["impact"] = urgency, impact
        return data


class NumberForm(VersionedForm):
    """A case number typed by the agent: the problem to link, or the ticket to merge into."""

    number = forms.CharField(label=_("Case number"), max_length=NUMBER_MAX, required=False)

    def __init__(self, *args, label=None, **kwargs):
        super().__init__(*args, **kwargs)
        if label:
            self.fields["number"].label = label


class ResolutionForm(VersionedForm):
    """Workaround or definitive solution text (T5); the prefix says which of the two."""

    text = forms.CharField(
        label=_("What was done"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def __init__(self, *args, prefix: str, **kwargs):
        super().__init__(*args, prefix=prefix, **kwargs)
        self.fields["text"].label = (
            _("Workaround (service restored)")
            if prefix == "workaround"
            else _("Definitive solution (root cause fixed)")
        )


class PhoneCallForm(VersionedForm):
    prefix = "call"

    direction = forms.ChoiceField(
        label=_("Direction"), choices=CallDirection.choices, widget=forms.RadioSelect
    )
    outcome = forms.ChoiceField(
        label=_("Outcome"), choices=CallOutcome.choices, widget=forms.RadioSelect
    )
    minutes = forms.IntegerField(label=_("Duration (minutes)"), min_value=0, max_value=1440)
    seconds = forms.IntegerField(
        label=_("and seconds"), min_value=0, max_value=59, required=False, initial=0
    )
    notes = forms.CharField(
        label=_("What was said"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def duration(self) -> int:
        return self.cleaned_data["minutes"] * 60 + (self.cleaned_data.get("seconds") or 0)


class TimeEntryForm(VersionedForm):
    prefix = "time"

    minutes = forms.IntegerField(label=_("Minutes worked"), min_value=1, max_value=1440)
    note = forms.CharField(label=_("Note"), max_length=500, required=False)
    billable = forms.BooleanField(label=_("Billable to the customer"), required=False)
