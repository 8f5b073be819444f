"""SLA policies are chosen among the ticket's pack's only; a target on the ``plan`` calendar
runs on the calendar of the organisation's support plan, the pack's default plan when the
organisation has none (S2, S3, C5)."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from atiende.sla.models import Clock, Policy, PolicyRule, Target
from tests import factories
from tests.packs.runtime_support import customer, edited, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
# A Tuesday at 17:00: one hour of business time left today (Monday 16th is a holiday).
CURRENT_TIME = datetime(2026, 11, 17, 17, 0, tzinfo=BOGOTA)


def due(ticket, name):
    return Clock.objects.get(ticket=ticket, name=name).due_at.astimezone(BOGOTA)


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_chooses_the_first_matching_policy_of_the_pack():
    pack = load().pack

    high = open_ticket(customer(pack), kind="incident", priority="high")
    low = open_ticket(customer(pack), kind="incident", priority="low")

    assert high.sla_policy.slug == "incident-high" and high.sla_policy.pack == pack
    assert low.sla_policy.slug == "incident"
    assert due(high, "first_response") == datetime(2026, 11, 17, 17, 10, tzinfo=BOGOTA)
    # 2 business hours: 17:00-18:00 today, 08:00-09:00 on Wednesday.
    assert due(low, "first_response") == datetime(2026, 11, 18, 9, 0, tzinfo=BOGOTA)


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_runs_plan_targets_on_the_plan_calendar():
    pack = load().pack

    vip = open_ticket(customer(pack, plan="vip"), kind="incident", priority="high")
    standard = open_ticket(customer(pack, plan="standard"), kind="incident", priority="high")
    default = open_ticket(customer(pack), kind="incident", priority="high")

    assert due(vip, "resolution") == datetime(2026, 11, 17, 21, 0, tzinfo=BOGOTA)
    # 4 business hours on the standard plan: 17:00-18:00, then 08:00-11:00 on Wednesday.
    assert due(standard, "resolution") == datetime(2026, 11, 18, 11, 0, tzinfo=BOGOTA)
    assert due(default, "resolution") == due(standard, "resolution")


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_never_takes_a_policy_of_another_pack_or_of_no_pack():
    load()
    other = load(edited("name: desk\n", "name: other\n")).pack
    loose = Policy.objects.create(slug="everything", name="Everything")
    PolicyRule.objects.create(policy=loose, position=0)
    Target.objects.create(policy=loose, name="first_response", minutes=1, meets_on="agent_reply")

    ticket = open_ticket(customer(other), kind="incident", priority="low")
    without = open_ticket(customer(None), kind="incident", priority="low")

    assert ticket.sla_policy.pack == other
    assert ticket.sla_policy.slug == "incident"
    # A ticket of the default pack ("desk") never takes the pack-less policy either.
    assert without.pack.name == "desk" and without.sla_policy.pack.name == "desk"


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_runs_email_tickets_on_the_channel_hours():
    pack = load().pack

    ticket = open_ticket(customer(pack, plan="vip"), kind="incident", priority="low",
                         channel="email")  # fmt: skip

    clock = Clock.objects.get(ticket=ticket, name="resolution")
    assert clock.channel_calendar.slug == "mail_hours"
    # 8 hours on 24x7 ∩ Mon-Fri 08:00-20:00: 17:00-20:00, then 08:00-13:00 on Wednesday.
    assert due(ticket, "resolution") == datetime(2026, 11, 18, 13, 0, tzinfo=BOGOTA)


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_keeps_policies_of_no_pack_for_desks_without_packs():
    loose = Policy.objects.create(slug="everything", name="Everything")
    PolicyRule.objects.create(policy=loose, position=0)
    Target.objects.create(policy=loose, name="first_response", minutes=30, meets_on="agent_reply")

    ticket = open_ticket(factories.organisation(), kind="incident", priority="high")

    assert ticket.pack is None
    assert ticket.sla_policy == loose


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_takes_the_default_plan_for_a_plan_the_pack_does_not_have():
    pack = load().pack

    odd = open_ticket(customer(pack, plan="Convencional"), kind="incident", priority="high")
    standard = open_ticket(customer(pack, plan="standard"), kind="incident", priority="high")

    assert due(odd, "resolution") == due(standard, "resolution")
