"""Desk forms. They parse and check input only; the rules live in the ticket actions.

A field the action validates itself (an empty reply, an illegal transition) is not required
here, so the person reads the action's precise message, shown next to the field it names.
"""

from datetime import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from atiende.accounts.models import SupportGroup, User
from atiende.accounts.roles import STAFF_ROLES
from atiende.core.errors import ActionError
from atiende.core.statements import Statement
from atiende.tickets.attachments import Upload

TEXT_MAX = 100_000


def show_action_error(form: forms.Form, error: ActionError) -> None:
    """Put the action's message next to the field it is about, or above the form."""
    field = error.field if error.field in form.fields else None
    form.add_error(field, error.message)


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Zero or more files; size and type are checked by the action (check_upload)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("required", False)
        super().__init__(*args, **kwargs)

    def clean(self, data, initial=None):
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(item, initial) for item in data if item]
        return [single(data, initial)] if data else []


def uploads(files) -> list[Upload]:
    """Uploaded files as the actions take them."""
    return [Upload(filename=f.name or "", content=f.read()) for f in files or ()]


def staff_users():
    return User.objects.filter(role__in=sorted(STAFF_ROLES), is_active=True).order_by(
        "first_name", "last_name", "username"
    )


def active_groups():
    return SupportGroup.objects.filter(is_active=True)


# The desk forms' choices, read by statements compiled once per connection (core.statements).
STAFF_ROWS = Statement(staff_users)
GROUP_ROWS = Statement(active_groups)


class StaffChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return obj.get_full_name() or obj.get_username()


class DuePositionField(forms.CharField):
    """A row's place in next-due order, ``<id>`` or ``<id>@<due time, ISO 8601>`` (see
    ``web.paging.due_position``); cleaned to ``(due time or None, id)``."""

    def to_python(self, value):
        value = super().to_python(value)
        if not value:
            return None
        ticket_id, _sep, due = value.partition("@")
        try:
            due_at = datetime.fromisoformat(due) if due else None
            if not ticket_id.isdigit() or (due_at is not None and due_at.tzinfo is None):
                raise ValueError(value)
        except ValueError:
            raise forms.ValidationError(
                _("This page marker is not valid: use the page links."), code="invalid"
            ) from None
        return due_at, int(ticket_id)
