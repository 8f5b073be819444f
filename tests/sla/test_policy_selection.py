"""Choosing the policy: ordered rules, first match wins; no match is visible (S2–S7)."""

import pytest

from atiende.sla import queries
from atiende.sla.models import Clock
from atiende.sla.policy import select_policy
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.sla import configs


def _policy(slug, position, **rule):
    return configs.policy(
        slug,
        targets=[configs.target("first_response", 60)],
        rules=[{"position": position, **rule}],
    )


@pytest.fixture
def org(db):
    return factories.organisation(plan="vip")


def test_it_takes_the_first_matching_rule_in_position_order(org):
    broad = _policy("broad", 20, kinds=[Kind.INCIDENT])
    narrow = _policy("narrow", 10, kinds=[Kind.INCIDENT], priorities=["urgent"])
    catch_all = _policy("catch-all", 30)
    urgent = factories.ticket(org, priority="urgent")
    normal = factories.ticket(org, priority="normal")
    request = factories.ticket(org, kind=Kind.REQUEST)
    assert (urgent.sla_policy, normal.sla_policy, request.sla_policy) == (
        narrow,
        broad,
        catch_all,
    )
    urgent.refresh_from_db()
    assert urgent.sla_policy == narrow  # stored on the ticket
    assert Clock.objects.filter(ticket=urgent).count() == 1


@pytest.mark.parametrize(
    ("rule", "ticket_fields", "matches"),
    [
        ({"kinds": [Kind.REQUEST]}, {"kind": Kind.REQUEST}, True),
        ({"kinds": [Kind.REQUEST]}, {"kind": Kind.INCIDENT}, False),
        ({"subtypes": ["reports"]}, {"kind": Kind.REQUEST, "subtype": "reports"}, True),
        ({"subtypes": ["reports"]}, {"kind": Kind.REQUEST, "subtype": "templates"}, False),
        ({"priorities": ["high", "urgent"]}, {"priority": "high"}, True),
        ({"priorities": ["high", "urgent"]}, {"priority": "low"}, False),
        ({"plans": ["vip"]}, {}, True),
        ({"plans": ["conventional"]}, {}, False),
        ({"channels": [Channel.EMAIL]}, {"channel": Channel.EMAIL}, True),
        ({"channels": [Channel.EMAIL]}, {"channel": Channel.PHONE}, False),
    ],
)
def test_it_matches_each_condition(org, rule, ticket_fields, matches):
    chosen = _policy("chosen", 1, **rule)
    ticket = factories.ticket(org, **ticket_fields)
    assert (ticket.sla_policy == chosen) is matches


def test_it_matches_organisation_and_service(org):
    service = factories.service()
    other = factories.organisation(plan="vip")
    chosen = _policy("chosen", 1, organisation=org, service=service)
    assert factories.ticket(org, service=service).sla_policy == chosen
    assert factories.ticket(org).sla_policy is None
    assert factories.ticket(other, service=service).sla_policy is None


def test_it_skips_inactive_rules_and_policies(org):
    retired = _policy("retired", 1)
    retired.is_active = False
    retired.save()
    paused_rule = _policy("paused-rule", 2)
    paused_rule.rules.update(is_active=False)
    current = _policy("current", 3)
    ticket = factories.ticket(org)
    assert select_policy(ticket) == current


def test_it_shows_a_ticket_that_matches_no_rule(org):
    _policy("requests-only", 1, kinds=[Kind.REQUEST])
    ticket = factories.ticket(org, kind=Kind.INCIDENT)
    ticket.refresh_from_db()
    assert ticket.sla_policy is None
    assert ticket.next_due_at is None
    assert not queries.has_sla(ticket)
    assert Clock.objects.filter(ticket=ticket).count() == 0
    assert HistoryEvent.objects.filter(ticket=ticket, code=EventCode.SLA_NO_POLICY).count() == 1


def test_it_records_nothing_when_the_desk_has_no_rules(org):
    ticket = factories.ticket(org)
    codes = set(HistoryEvent.objects.filter(ticket=ticket).values_list("code", flat=True))
    assert codes == {EventCode.CREATED}
    assert ticket.sla_policy is None
