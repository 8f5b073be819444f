"""Canned responses: ready-made reply texts of a support group with placeholders.

A text such as ``Hello {requester_name}, case {case_number} is with us.`` is rendered by plain
substitution of the known names below: the values are inserted as they are (the page escapes
them like any other text), nothing in the text is evaluated, and an unknown or malformed
placeholder is refused when the text is saved, so an agent never sends ``{oops}``.
"""

import re

from django.core.exceptions import ValidationError
from django.db.models import F, Q, QuerySet
from django.utils.translation import gettext as _

from atiende.tickets.models import CannedResponse, Ticket

PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


def _person(user) -> str:
    if user is None:
        return ""
    return user.get_full_name() or user.get_username()


#: name → how to get its value from (ticket, agent)
PLACEHOLDERS = {
    "case_number": lambda ticket, agent: ticket.number,
    "subject": lambda ticket, agent: ticket.subject,
    "requester_name": lambda ticket, agent: ticket.requester.name if ticket.requester else "",
    "organisation": lambda ticket, agent: ticket.organisation.name,
    "agent_name": lambda ticket, agent: _person(agent),
    "group": lambda ticket, agent: ticket.group.name if ticket.group else "",
}


def check_placeholders(text: str) -> None:
    """Refuse placeholders the renderer does not know (a model ``clean`` for the admin)."""
    unknown = sorted({name for name in PLACEHOLDER.findall(text) if name not in PLACEHOLDERS})
    if unknown:
        raise ValidationError(
            {
                "text": _("Unknown placeholder %(names)s: use %(known)s.")
                % {
                    "names": ", ".join(f"{{{name}}}" for name in unknown),
                    "known": ", ".join(f"{{{name}}}" for name in PLACEHOLDERS),
                }
            }
        )


def render(response: CannedResponse, ticket: Ticket, agent) -> str:
    """The response's text with each known placeholder replaced by the ticket's value."""

    def value(match: re.Match) -> str:
        getter = PLACEHOLDERS.get(match.group(1))
        return match.group(0) if getter is None else str(getter(ticket, agent) or "")

    return PLACEHOLDER.sub(value, response.text)


def responses_for(ticket: Ticket, language: str = "") -> QuerySet[CannedResponse]:
    """Active responses offered on ``ticket``: its group's and every group's, in ``language``
    or language-neutral (the group's own first)."""
    group = Q(group__isnull=True)
    if ticket.group_id is not None:
        group |= Q(group_id=ticket.group_id)
    languages = Q(language="")
    if language:
        languages |= Q(language=language[:2])
    return (
        CannedResponse.objects.filter(group, languages, is_active=True)
        .select_related("group")
        .order_by(F("group_id").asc(nulls_last=True), "name", "id")
    )
