"""SLA preview: what a ticket opened now would get, without opening one.

    plan(pack, kind="incident", priority="high", plan="vip", channel="phone", at=moment)
    → {"accepted": True, "message": None, "priority": "high", "policy": "incident-high",
       "targets": [{"name": "first_response", "due_at": "2026-11-17T17:10:00-05:00"}, …]}

The answer uses the code that opens tickets: the pack's priority scheme, its intake rules
(:func:`atiende.packs.intake.check`, the checks that do not depend on the ticket's contents),
policy selection (:func:`atiende.sla.policy.select_policy`) and the planner's due-time
computation (:func:`atiende.sla.planner.plan`) on the pack's calendars, plan calendar and
channel hours, on unsaved rows: nothing is written.

``accepted`` is false with the pack's ``message`` when the ticket would be refused, or
flagged (an unofficial channel: no SLA, R4); ``policy`` and ``targets`` are then empty.
Targets that start later (on entering a state) have ``due_at`` null; a target started by the
previous one is planned from the previous target's due time (the latest it can start). A
target by city class (S6) is planned with the time of ``city_class`` (the default without
one); its entry adds ``city_class``, ``fixed`` (false: no fixed target, ``due_at`` null) and
``minutes`` (the time that applies, null without a fixed target), so the time of a target that
starts later is shown too. ``city_class`` must be one of the site city classes every target by
city class defines (:class:`atiende.customers.models.CityClass`); a pack without such targets
accepts it and plans as without it.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from atiende.core.errors import ActionError
from atiende.customers.models import CityClass, Organisation, Site
from atiende.packs import intake, runtime
from atiende.packs.models import Pack, Plan
from atiende.sla import planner
from atiende.sla.models import Clock, StartEvent
from atiende.sla.policy import channel_calendar_for, select_policy, targets_of
from atiende.tickets.codes import Channel
from atiende.tickets.models import Ticket
from atiende.tickets.priority import scheme_for
from atiende.tickets.workflow import initial_state


def _priority(pack: Pack, urgency: str, impact: str, priority: str) -> str:
    scheme = scheme_for(pack)
    if urgency or impact:
        if not scheme.urgencies:
            raise ActionError(
                _("Priorities here are chosen from a list (%(priorities)s): give the priority.")
                % {"priorities": ", ".join(scheme.priorities)},
                code="priority_from_list",
                field="priority",
            )
        if not (urgency and impact):
            raise ActionError(
                _("Give both urgency and impact (the priority follows from them), or neither."),
                code="urgency_impact_pair",
                field="urgency" if not urgency else "impact",
            )
        computed = scheme.compute(urgency, impact)
        if priority and priority != computed:
            raise ActionError(
                _(
                    "Urgency %(urgency)s and impact %(impact)s give priority %(computed)s, "
                    "not %(priority)s."
                )
                % {
                    "urgency": urgency,
                    "impact": impact,
                    "computed": computed,
                    "priority": priority,
                },
                code="priority_mismatch",
                field="priority",
            )
        return computed
    if priority:
        scheme.check("priority", priority, scheme.priorities)
        return priority
    return scheme.default


def _iso(value: datetime | None, at: datetime) -> str | None:
    """An instant in the zone (or offset) the question was asked in."""
    return value.astimezone(at.tzinfo).isoformat() if value is not None else None


def _minutes(value) -> int | float | None:
    """Minutes as a JSON number: whole minutes as an integer."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _check_plan(pack: Pack, plan: str) -> None:
    if plan and not Plan.objects.filter(pack=pack, name=plan).exists():
        names = list(Plan.objects.filter(pack=pack).values_list("name", flat=True))
        raise ActionError(
            _("Unknown plan “%(plan)s” in pack %(pack)s: use one of %(plans)s.")
            % {"plan": plan, "pack": pack.name, "plans": ", ".join(names) or _("none")},
            code="unknown_plan",
            field="plan",
        )


def plan(
    pack: Pack,
    *,
    kind: str,
    subtype: str = "",
    urgency: str = "",
    impact: str = "",
    priority: str = "",
    plan: str = "",
    channel: str = "",
    city_class: str = "",
    at: datetime,
) -> dict:
    """The service levels a ticket with these attributes would get at ``at``; see above.

    ``city_class``: the city class of the ticket's site (S6); empty: a ticket without a site.
    """
    if at.tzinfo is None:
        raise ActionError(
            _("Give the instant with its UTC offset, e.g. 2026-11-13T17:30-05:00."),
            code="naive_datetime",
            field="at",
        )
    _check_plan(pack, plan)
    if channel and channel not in Channel.values:
        raise ActionError(
            _("Unknown channel “%(channel)s”: use one of %(channels)s.")
            % {"channel": channel, "channels": ", ".join(Channel.values)},
            code="invalid_channel",
            field="channel",
        )
    if city_class and city_class not in CityClass.values:
        raise ActionError(
            _("Unknown city class “%(city_class)s”: use one of %(classes)s.")
            % {"city_class": city_class, "classes": ", ".join(CityClass.values)},
            code="invalid_city_class",
            field="city_class",
        )
    verdict = intake.check(
        pack=pack, kind=kind, subtype=subtype, priority="", channel="", now=at, preview=True
    )
    if not verdict.accepted:  # unknown kind or sub-type: bad input, not a refusal
        raise ActionError(verdict.message or "", code=verdict.code, field=verdict.field)
    priority = _priority(pack, urgency, impact, priority)
    organisation = Organisation(
        pack=pack, plan=plan, name="preview", slug="preview", time_zone=pack.time_zone
    )
    verdict = intake.check(
        pack=pack,
        organisation=organisation,
        kind=kind,
        subtype=subtype,
        priority=priority,
        channel=channel,
        now=at,
        preview=True,
    )
    result = {
        "accepted": verdict.accepted and not verdict.flags,
        "message": verdict.message,
        "priority": priority,
        "policy": None,
        "targets": [],
    }
    if not result["accepted"]:
        return result
    flow = runtime.workflow_for(pack, kind, subtype)
    ticket = Ticket(
        pack=pack,
        kind=kind,
        subtype=subtype,
        priority=priority,
        urgency=urgency,
        impact=impact,
        channel=channel,
        organisation=organisation,
        workflow=flow,
        state=initial_state(flow),
        flags=list(verdict.flags),
        created_at=at,
    )
    if city_class:
        ticket.site = Site(organisation=organisation, name="preview", city_class=city_class)
    policy = select_policy(ticket)
    if policy is None:
        return result
    result["policy"] = policy.slug
    channel_calendar = channel_calendar_for(policy, channel) if channel else None
    previous_due = None
    for target in targets_of(policy):
        clock = Clock(
            target=target,
            name=target.name,
            minutes=planner.target_minutes(ticket, target),
            warning_percent=target.warning_percent,
            calendar=planner.target_calendar(ticket, target),
            channel_calendar=channel_calendar,
        )
        if target.starts_on == StartEvent.CREATED:
            clock.started_at = at
        elif target.starts_on == StartEvent.STATE:
            if planner.matches(ticket.state, target.start_states):
                clock.started_at = at
        elif target.starts_on == StartEvent.PREVIOUS_MET:
            clock.started_at = previous_due
        if clock.started_at is not None:
            planner.plan(clock, at)
        previous_due = clock.due_at
        entry = {"name": target.name, "due_at": _iso(clock.due_at, at)}
        if target.minutes_by_city_class:  # S6: say which time applied
            entry["city_class"] = city_class or "default"
            entry["fixed"] = clock.minutes is not None
            entry["minutes"] = _minutes(clock.minutes)
        result["targets"].append(entry)
    return result
