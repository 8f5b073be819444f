"""Choosing a ticket's SLA policy: ordered rules, first match wins (S2–S7).

A rule matches on kind, sub-type, priority, the organisation's support plan, channel,
organisation and service; an empty condition matches anything. A ticket that matches no rule
gets no policy, and the planner records that visibly (``sla.no_policy``).
"""

from atiende.core import configcache
from atiende.sla.models import ChannelHours, Policy, PolicyRule, Target
from atiende.tickets.models import Ticket

# Policies, rules, targets and channel hours are configuration: read through
# atiende.core.configcache (cached per process until any process changes them). Cached rows
# are shared: never change them in place.


def active_rules() -> list[PolicyRule]:
    """The active rules of active policies, in the order they are tried."""
    return list(
        configcache.get(
            "sla.rules",
            lambda: list(
                PolicyRule.objects.filter(is_active=True, policy__is_active=True)
                .select_related("policy")
                .order_by("position", "id")
            ),
        )
    )


def select_policy(ticket: Ticket, rules: list[PolicyRule] | None = None) -> Policy | None:
    """The policy of the first rule matching ``ticket``, or ``None``."""
    for rule in active_rules() if rules is None else rules:
        if rule.matches(ticket):
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
