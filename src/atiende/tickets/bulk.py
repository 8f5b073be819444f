"""One change applied to several tickets: assign, transition, merge (the desk's bulk form).

Each ticket goes through the real action, in its own transaction, with the version the
person saw (``expected_version``): a ticket changed meanwhile, one the workflow refuses, or
one the person may not act on is refused on its own and left as it was; the others are
changed. Nothing is half-applied to a ticket. The result says which succeeded and why each
other one was refused.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from atiende.accounts.roles import Perm
from atiende.core.errors import ActionError
from atiende.core.sentinel import UNCHANGED
from atiende.tickets import actions
from atiende.tickets.access import tickets_visible_to
from atiende.tickets.models import Ticket

OPERATIONS = ("assign", "transition", "merge")
MAX_TICKETS = 200


@dataclass
class BulkResult:
    done: list[str] = field(default_factory=list)  # case numbers
    refused: list[tuple[str, str]] = field(default_factory=list)  # (case number, why)


def apply(
    user,
    operation: str,
    items: Iterable[tuple[int, int | None]],
    *,
    channel: str,
    assignee=UNCHANGED,
    group=UNCHANGED,
    state: str = "",
    reason: str = "",
    into: Ticket | None = None,
) -> BulkResult:
    """Apply ``operation`` to the tickets ``items`` = (id, version seen) in id order."""
    if operation not in OPERATIONS:
        raise ActionError(
            _("Unknown bulk action %(value)s: use %(allowed)s.")
            % {"value": operation, "allowed": ", ".join(OPERATIONS)},
            code="invalid_operation",
            field="operation",
        )
    items = dict(items)
    if not items:
        raise ActionError(
            _("Select at least one ticket first."), code="nothing_selected", field="ticket"
        )
    if len(items) > MAX_TICKETS:
        raise ActionError(
            _("Select at most %(max)s tickets at a time.") % {"max": MAX_TICKETS},
            code="too_many",
            field="ticket",
        )
    if operation == "assign" and assignee is UNCHANGED and group is UNCHANGED:
        raise ActionError(
            _("Say whom to assign the tickets to: an agent, a group, or both."),
            code="nothing_to_change",
            field="assignee",
        )
    if operation == "transition" and not state:
        raise ActionError(_("Choose the new state."), code="required", field="state")
    if operation == "merge":
        if into is None:
            raise ActionError(
                _("Give the case number of the ticket to merge into."),
                code="required",
                field="into",
            )
        if not user.can(Perm.MERGE_TICKETS):
            raise ActionError(
                _("Merging tickets takes a level 2 agent or a supervisor."),
                code="forbidden",
                field="operation",
            )
    visible = {t.pk: t for t in tickets_visible_to(user).filter(pk__in=list(items))}
    result = BulkResult()
    for ticket_id in sorted(items):
        ticket = visible.get(ticket_id)
        if ticket is None:
            result.refused.append((f"#{ticket_id}", _("This ticket does not exist.")))
            continue
        version = items[ticket_id]
        try:
            if operation == "assign":
                actions.assign(
                    ticket,
                    actor=user,
                    channel=channel,
                    assignee=assignee,
                    group=group,
                    expected_version=version,
                )
            elif operation == "transition":
                actions.transition(
                    ticket,
                    actor=user,
                    channel=channel,
                    state=state,
                    reason=reason,
                    expected_version=version,
                )
            else:
                actions.merge(
                    ticket, actor=user, channel=channel, into=into, expected_version=version
                )
        except ActionError as error:
            result.refused.append((ticket.number, error.message))
        else:
            result.done.append(ticket.number)
    return result
