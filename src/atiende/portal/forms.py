"""Portal forms: input checks only; the ticket rules are in the actions."""

import re

from django import forms
from django.utils.translation import gettext_lazy as _

from atiende.tickets.codes import StateCategory
from atiende.web.forms import TEXT_MAX, MultipleFileField

PHONE_CHARACTERS = re.compile(r"^\+?[0-9 ()./-]+$")


class NewTicketForm(forms.Form):
    """T8: subject, description of the impact and contact data for the requester."""

    kind = forms.ChoiceField(
        label=_("What is it about?"),
        choices=[
            ("incident", _("Something does not work (incident)")),
            ("request", _("I need something done (service request)")),
        ],
        initial="incident",
        widget=forms.RadioSelect,
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

    def __init__(self, *args, contact=None, **kwargs):
        super().__init__(*args, **kwargs)
        # Ask only for the contact data that is missing; existing data is never overwritten.
        if contact is not None and contact.email:
            del self.fields["email"]
        if contact is not None and contact.phone:
            del self.fields["phone"]

    def clean_phone(self) -> str:
        phone = self.cleaned_data["phone"].strip()
        if phone and (not PHONE_CHARACTERS.match(phone) or sum(c.isdigit() for c in phone) < 7):
            raise forms.ValidationError(
                _("Write the phone number with digits, e.g. +57 601 555 0100."),
                code="invalid_phone",
            )
        return phone


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
