"""The desk's queues: fixed views of the open tickets of one agent's day, with their counts.

Every queue holds open tickets only (state category new, open or pending). The counts of all
queues come from one query (conditional aggregation), whatever the number of tickets.
"""

from collections.abc import Mapping
from datetime import datetime

from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atiende import clock as clock_module
from atiende.accounts.models import SupportGroup
from atiende.core.errors import ActionError
from atiende.sla.models import Clock
from atiende.tickets import queries
from atiende.tickets.access import tickets_visible_to
from atiende.tickets.codes import OPEN_CATEGORIES, StateCategory
from atiende.tickets.models import State, Ticket

# (code, label) in sidebar order.
QUEUES = (
    ("mine", gettext_lazy("Assigned to me")),
    ("groups", gettext_lazy("My groups")),
    ("unassigned", gettext_lazy("Unassigned")),
    ("at_risk", gettext_lazy("At risk")),
    ("breached", gettext_lazy("Breached")),
    ("waiting", gettext_lazy("Waiting on the customer")),
    ("open", gettext_lazy("All open")),
)
QUEUE_CODES = tuple(code for code, _label in QUEUES)
DEFAULT_QUEUE = "open"


def _open_clocks():
    return Clock.objects.filter(met_at__isnull=True, stopped_at__isnull=True)


def _breached(now: datetime) -> Q:
    """A clock flagged breached, or running past its due time (``sla.queries`` ``breached``).

    ``pk__in`` (not ``Exists``): the database builds the set of tickets once and probes it
    per row (a hashed sub-plan), which keeps the counts' single query cheap."""
    flagged = Clock.objects.filter(breached_at__isnull=False).values("ticket_id")
    overdue = _open_clocks().filter(paused_since__isnull=True, due_at__lte=now)
    return Q(pk__in=flagged) | Q(pk__in=overdue.values("ticket_id"))


def _at_risk(now: datetime) -> Q:
    """A running clock past its warning time and not yet due (``sla.queries`` ``at_risk``)."""
    return Q(
        pk__in=_open_clocks()
        .filter(
            paused_since__isnull=True,
            breached_at__isnull=True,
            warn_at__lte=now,
            due_at__gt=now,
        )
        .values("ticket_id")
    )


def queue_condition(code: str, user, *, now: datetime | None = None) -> Q:
    """What a ticket of the open ones must satisfy to be in queue ``code`` for ``user``."""
    now = now or clock_module.now()
    if code == "mine":
        return Q(assignee_id=user.pk)
    if code == "groups":
        return Q(group_id__in=SupportGroup.objects.filter(members=user).values("pk"))
    if code == "unassigned":
        return Q(assignee__isnull=True)
    if code == "at_risk":
        return _at_risk(now)
    if code == "breached":
        return _breached(now)
    if code == "waiting":
        return Q(state__category=StateCategory.PENDING)
    if code == "open":
        return Q()
    raise ActionError(
        _("Unknown queue %(value)s: use %(allowed)s.")
        % {"value": code, "allowed": ", ".join(QUEUE_CODES)},
        code="invalid_filter",
        field="queue",
    )


def open_tickets(user) -> QuerySet[Ticket]:
    return tickets_visible_to(user).filter(state__category__in=OPEN_CATEGORIES)


def _open_state_ids() -> list[int]:
    return list(State.objects.filter(category__in=OPEN_CATEGORIES).values_list("pk", flat=True))


def queue_counts(user, *, now: datetime | None = None) -> dict[str, int]:
    """Queue code → number of tickets, in one query."""
    now = now or clock_module.now()
    aggregates = {
        code: Count("pk", filter=queue_condition(code, user, now=now)) for code in QUEUE_CODES
    }
    # The open states' ids first: the count then reads one index (state, assignee, group, id)
    # instead of joining the states.
    open_ids = _open_state_ids()
    return tickets_visible_to(user).filter(state_id__in=open_ids).aggregate(**aggregates)


def desk_tickets(user, params: Mapping[str, str]) -> QuerySet[Ticket]:
    """The desk list: ``params["queue"]`` (when given: open tickets of that queue) and the
    filters and order of :func:`atiende.tickets.queries.ticket_list`."""
    queryset = queries.ticket_list(user, params)
    code = (params.get("queue") or "").strip()
    if code:
        queryset = queryset.filter(queue_condition(code, user), state__category__in=OPEN_CATEGORIES)
    return queryset
