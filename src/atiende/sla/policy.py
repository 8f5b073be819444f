"""Choosing a ticket's SLA policy: ordered rules, first match wins (S2–S7).

A rule matches on kind, sub-type, priority, the organisation's support plan, channel,
organisation and service; an empty condition matches anything. A ticket that matches no rule
gets no policy, and the planner records that visibly (``sla.no_policy``).

Only the policies of the ticket's process pack are tried (those of no pack for a ticket
without pack). A ticket flagged at intake as arriving on an unofficial channel gets no policy
(R4). The plan a rule matches is the organisation's, or its pack's default plan (S2).
"""

from atiende.core import configcache
from atiende.sla.models import ChannelHours, Policy, PolicyRule, Target
from atiende.tickets.models import Ticket

UNOFFICIAL_CHANNEL = "unofficial_channel"  # atiende.packs.intake sets it (C4, R4)

# Policies, rules, targets and channel hours are configuration: read through
# atiende.core.configcache (cached per process and pack until any process changes them).
# Cached rows are shared: never change them in place.


def active_rules(pack_id: int | None = None) -> list[PolicyRule]:
    """The active rules of the active policies of a pack (None: of no pack), in order."""
    return list(
        configcache.get(
            f"sla.rules.{pack_id}",
            lambda: list(
                PolicyRule.objects.filter(
                    is_active=True, policy__is_active=True, policy__pack_id=pack_id
                )
                .select_related("policy")
                .order_by("position", "id")
            ),
        )
    )


def select_policy(ticket: Ticket, rules: list[PolicyRule] | None = None) -> Policy | None:
    """The policy of the first rule matching ``ticket``, or ``None``."""
    if UNOFFICIAL_CHANNEL in (ticket.flags or []):
        return None  # R4: only reports through the official channels count for the SLA
    from atiende.packs.runtime import plan_name

    plan = plan_name(ticket.organisation, ticket.pack if ticket.pack_id else None)
    for rule in active_rules(ticket.pack_id) if rules is None else rules:
        if rule.matches(ticket, plan=plan):
            return rule.policy
    return None


def targets_of(policy: Policy) -> list[Target]:
    return list(
        configcache.get(
            f"sla.policy.{policy.pk}.targets",
            lambda: list(policy.targets.select_related("calendar").order_by("position", "id")),
        )
    )


def channel_calendar_for(policy: Policy, channel: str):
    """The channel's hours under ``policy`` (a BusinessCalendar), or ``None`` (C5)."""

    def load():
        hours = (
            ChannelHours.objects.filter(policy=policy, channel=channel)
            .select_related("calendar")
            .first()
        )
        return hours.calendar if hours is not None else None

    return configcache.get(f"sla.policy.{policy.pk}.hours.{channel}", load)
