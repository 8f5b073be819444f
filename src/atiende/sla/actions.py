"""Changes to SLA configuration and re-planning of open tickets. One transaction each.

Policies, rules, targets and matrices are edited in the admin (validated by the models'
``clean``) or loaded from process packs; calendars go through :func:`save_calendar` so that
every program gets the same field-naming error.
"""

from datetime import datetime

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.businesstime import Calendar, CalendarError
from atiende.core.errors import ActionError
from atiende.customers.models import Organisation
from atiende.sla import hooks
from atiende.sla.models import BusinessCalendar
from atiende.tickets.codes import OPEN_CATEGORIES, Channel
from atiende.tickets.models import Ticket


def check_calendar_spec(spec, *, field: str = "spec") -> Calendar:
    """The calendar of ``spec``, or an ActionError naming the faulty part of the spec."""
    try:
        return Calendar.from_spec(spec)
    except CalendarError as exc:
        path = f"{field}.{exc.path}" if exc.path else field
        raise ActionError(
            _("The calendar is not valid: %(path)s: %(problem)s")
            % {"path": path, "problem": exc.message},
            code="invalid_calendar",
            field=path,
        ) from None


def save_calendar(*, slug: str, name: str, spec, now: datetime | None = None) -> BusinessCalendar:
    """Create or replace the calendar ``slug`` (S1). Open clocks keep their due times until
    their next re-plan (pause, resume, priority change)."""
    now = now or clock.now()
    slug = slug.strip()
    if not slug:
        raise ActionError(_("Give the calendar a slug."), code="required", field="slug")
    if not name.strip():
        raise ActionError(_("Give the calendar a name."), code="required", field="name")
    check_calendar_spec(spec)
    with transaction.atomic():
        calendar, _created = BusinessCalendar.objects.update_or_create(
            slug=slug, defaults={"name": name.strip(), "spec": spec, "updated_at": now}
        )
    return calendar


def replan_organisation(
    organisation: Organisation,
    *,
    reason: str,
    actor=None,
    channel: str = Channel.SYSTEM,
    now: datetime | None = None,
) -> int:
    """Re-plan every open ticket of ``organisation`` (e.g. its support plan changed, S2).

    One transaction per ticket, each with the ticket locked; returns how many were re-planned.
    """
    now = now or clock.now()
    ids = list(
        Ticket.objects.filter(
            organisation=organisation, state__category__in=OPEN_CATEGORIES
        ).values_list("pk", flat=True)
    )
    for pk in ids:
        with transaction.atomic():
            ticket = (
                Ticket.objects.select_for_update(of=("self",))
                .select_related("state", "organisation", "sla_policy")
                .get(pk=pk)
            )
            hooks.ticket_changed(ticket, reason=reason, now=now, actor=actor, channel=channel)
    return len(ids)
