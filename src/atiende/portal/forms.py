"""Portal forms: input checks only; the ticket rules are in the actions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from atiende.tickets.codes import StateCategory
from atiende.web.forms import TEXT_MAX, MultipleFileField

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")


# T8: the intake's own messages, so the customer reads the same words on every channel.
REQUIRED_MESSAGES = {
    "subject": _("Write a short descriptive subject."),
    "description": _(
        "Describe the problem and its impact: what fails, since when, who is affected."
    ),
    "service": _("Say which service is affected."),
    "site": _("Say at which site the problem is."),
    "urgency": _("Say how urgent it is."),
    "impact": _("Say how many are affected (the impact)."),
    "priority": _("Choose a priority."),
}
# Fields whose change re-checks the form live (sub-types of the kind, lead time, C4).
LIVE_FIELDS = ("kind", "subtype", "priority", "urgency", "impact")


class NewTicketForm(forms.Form):
    """The new-ticket form built from the organisation's pack (T2, T3, T8, K2, C4).

    ``options`` is :func:`atiende.portal.queries.intake_options`: only what the pack and the
    organisation use is asked (sub-types of the chosen kind, subscribed services, sites, the
    priority list or urgency and impact, a requested date for a sub-type with lead time).
    """

    kind = forms.ChoiceField(label=_("What is it about?"), widget=forms.RadioSelect)
    subtype = forms.ChoiceField(label=_("Type"), required=False)
    requested_for = forms.DateTimeField(
        label=_("Requested for"),
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    service = forms.ChoiceField(label=_("Affected service"), required=False)
    site = forms.ChoiceField(label=_("Site"), required=False)
    priority = forms.ChoiceField(
        label=_("How serious is it?"), required=False, widget=forms.RadioSelect
    )
    urgency = forms.ChoiceField(
        label=_("How urgent is it?"), required=False, widget=forms.RadioSelect
    )
    impact = forms.ChoiceField(
        label=_("Who is affected?"), required=False, widget=forms.RadioSelect
    )
    subject = forms.CharField(
        label=_("Subject"),
        required=False,
        max_length=250,
        help_text=_("A short descriptive title, e.g. “Outbound calls drop after 30 seconds”."),
    )
    description = forms.CharField(
        label=_("Description of the impact"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_(
            "What fails or what you need, since when, and who is affected: one person, a "
            "department or site, or the whole organisation."
        ),
    )
    email = forms.EmailField(
        label=_("Your e-mail address"),
        required=False,
        help_text=_("We have no e-mail address for you: give one so we can answer you."),
    )
    phone = forms.CharField(
        label=_("Your phone number"),
        required=False,
        max_length=40,
        help_text=_("We have no phone number for you: give one so we can call you if needed."),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"))

    def __init__(self, *args, options, contact=None, live_url="", **kwargs):
        super().__init__(*args, **kwargs)
        self.options = options
        kinds = options.kinds
        self.fields["kind"].choices = [(k.name, k.label) for k in kinds]
        self.fields["kind"].initial = kinds[0].name if kinds else ""
        kind = self.chosen("kind") or self.fields["kind"].initial
        self.kind_option = options.kind(kind)
        required = set(self.kind_option.required if self.kind_option else [])
        self.required_names = required
        subtypes = self.kind_option.subtypes if self.kind_option else []
        if subtypes:
            self.fields["subtype"].choices = [
                ("", _("Choose…")),
                *((s.name, s.label) for s in subtypes),
            ]
            self.fields["subtype"].label = _("Type of %(kind)s") % {
                "kind": self.kind_option.label.lower()
            }
        else:
            del self.fields["subtype"]
        chosen_subtype = options.subtype(kind, self.chosen("subtype"))
        self.lead_time = chosen_subtype.lead_time if chosen_subtype else None
        if not self.lead_time:
            del self.fields["requested_for"]
        self._choices("service", [(str(s.pk), s.name) for s in options.services], required)
        self._choices("site", [(str(s.pk), s.name) for s in options.sites], required)
        if options.priority_mode == "matrix":
            del self.fields["priority"]
            self.fields["urgency"].choices = _described(options.urgencies)
            self.fields["impact"].choices = _described(options.impacts)
        else:
            del self.fields["urgency"]
            del self.fields["impact"]
            if options.priorities:
                self.fields["priority"].choices = _described(options.priorities)
            else:
                del self.fields["priority"]
        # Ask only for the contact data that is missing; existing data is never overwritten.
        if contact is not None and contact.email:
            del self.fields["email"]
        if contact is not None and contact.phone:
            del self.fields["phone"]
        for name in ("subject", "description", *REQUIRED_MESSAGES):
            if name in self.fields and name in required:
                self.fields[name].widget.attrs["aria-required"] = "true"
        if live_url:
            for name in LIVE_FIELDS:
                if name in self.fields:
                    self.fields[name].widget.attrs.update(
                        {
                            "hx-post": live_url,
                            "hx-trigger": "change",
                            "hx-target": "#intake-live",
                            "hx-swap": "outerHTML",
                            "hx-include": "closest form",
                            # One request at a time for the whole form, the newest choice
                            # queued behind it: its answer always comes last, so a stale
                            # notice never stays (and no request is aborted, which htmx
                            # reports as a console error).
                            "hx-sync": "closest form:queue last",
                            # Only the choices the check reads (never the files).
                            "hx-params": ",".join(LIVE_FIELDS),
                        }
                    )

    def chosen(self, name: str) -> str:
        """The value the person chose (bound data), else the initial one."""
        if self.is_bound:
            return str(self.data.get(name) or "")
        return str(self.initial.get(name) or "")

    def _choices(self, name, choices, required) -> None:
        if not choices and name not in required:
            del self.fields[name]
            return
        self.fields[name].choices = [("", _("Choose…")), *choices]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and (not PHONE_CHARACTERS.match(phone) or sum(c.isdigit() for c in phone) < 7):
            raise forms.ValidationError(
                _("Write the phone number with digits, e.g. +57 601 555 0100."),
                code="invalid_phone",
            )
        return phone

    def clean(self):
        data = super().clean()
        # T8: every required field of the kind at once, each next to its field.
        missing = [
            name
            for name in REQUIRED_MESSAGES
            if name in self.required_names
            and name in self.fields
            and name not in self.errors
            and not str(data.get(name) or "").strip()
        ]
        for name in missing:
            self.add_error(name, REQUIRED_MESSAGES[name])
        if (
            "subtype" in self.fields
            and "subtype" in self.required_names
            and "subtype" not in self.errors
            and not data.get("subtype")
        ):
            self.add_error(
                "subtype",
                _("Choose the type of %(kind)s.") % {"kind": self.kind_option.label.lower()},
            )
        urgency, impact = data.get("urgency"), data.get("impact")
        half = self.options.priority_mode == "matrix" and bool(urgency) != bool(impact)
        blank = "impact" if urgency else "urgency"
        if half and blank in self.fields and blank not in self.errors:
            self.add_error(blank, _("Say both how urgent it is and who is affected, or neither."))
        return data

    def ticket_fields(self) -> dict:
        """The cleaned values as ``open_ticket_as_customer`` takes them."""
        data = self.cleaned_data
        by_pk = {str(s.pk): s for s in self.options.services}
        sites = {str(s.pk): s for s in self.options.sites}
        return {
            "kind": data["kind"],
            "subtype": data.get("subtype", ""),
            "priority": data.get("priority", ""),
            "urgency": data.get("urgency", ""),
            "impact": data.get("impact", ""),
            "service": by_pk.get(data.get("service") or ""),
            "site": sites.get(data.get("site") or ""),
            "requested_for": data.get("requested_for"),
            "subject": data["subject"],
            "description": data["description"],
            "email": data.get("email", ""),
            "phone": data.get("phone", ""),
        }


def _described(choices) -> list[tuple[str, str]]:
    return [(c.name, f"{c.label} — {c.description}" if c.description else c.label) for c in choices]


class CustomerReplyForm(forms.Form):
    prefix = "reply"

    text = forms.CharField(
        label=_("Your reply"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 5}),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"))


class PortalFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("Show"),
        required=False,
        choices=[
            ("", _("All tickets")),
            ("open", _("Not yet resolved")),
            (StateCategory.RESOLVED, StateCategory.RESOLVED.label),
            (StateCategory.CLOSED, StateCategory.CLOSED.label),
        ],
    )
    text = forms.CharField(
        label=_("Search"),
        required=False,
        max_length=200,
        widget=forms.TextInput(attrs={"type": "search"}),
    )
    before = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)

    def params(self) -> dict[str, str]:
        return {
            name: str(value)
            for name, value in self.cleaned_data.items()
            if name != "before" and value not in (None, "")
        }


class EscalateForm(forms.Form):
    """E3: the customer asks for an escalation, saying why."""

    prefix = "escalate"

    reason = forms.CharField(
        label=_("Why should it be escalated?"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What is pending, and how the delay affects you."),
    )


class StillFailingForm(forms.Form):
    """T4: the solution did not work; the comment becomes a message and the ticket reopens."""

    prefix = "failing"

    text = forms.CharField(
        label=_("What still fails?"),
        required=False,
        max_length=TEXT_MAX,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    attachments = MultipleFileField(label=_("Attach files (optional)"))


class SurveyForm(forms.Form):
    """Q1: the pack's questions with their scale; built from the pack's ``survey``."""

    prefix = "survey"

    def __init__(self, *args, spec, pack, **kwargs):
        super().__init__(*args, **kwargs)
        from atiende.packs import runtime

        for question in spec["questions"]:
            label = runtime.text(pack, question.get("text")) or question["name"]
            kind = question.get("type", "scale")
            if kind == "scale":
                scale = question.get("scale") or {}
                low, high = int(scale.get("min", 1)), int(scale.get("max", 5))
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[(str(n), str(n)) for n in range(low, high + 1)],
                    widget=forms.RadioSelect(attrs={"class": "scale"}),
                    help_text=_("%(min)s: not at all · %(max)s: completely")
                    % {"min": low, "max": high},
                )
            elif kind == "yes_no":
                field = forms.ChoiceField(
                    label=label,
                    required=False,
                    choices=[("yes", _("Yes")), ("no", _("No"))],
                    widget=forms.RadioSelect,
                )
            else:
                field = forms.CharField(
                    label=label,
                    required=False,
                    max_length=4000,
                    widget=forms.Textarea(attrs={"rows": 3}),
                )
            self.fields[question["name"]] = field
