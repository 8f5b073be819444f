"""SLA configuration: calendars validated per field (S1), targets, rules and matrices (T9),
the priority matrix read from the database (T3), re-planning after a plan change (S2)."""

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError

from atiende.core.errors import ActionError
from atiende.sla import actions as sla_actions
from atiende.sla.models import (
    BusinessCalendar,
    Clock,
    MeetEvent,
    Policy,
    PolicyRule,
    PriorityMatrix,
    StartEvent,
    Target,
)
from atiende.tickets import actions
from atiende.tickets.codes import Channel, EventCode, Kind
from atiende.tickets.models import HistoryEvent
from atiende.tickets.priority import scheme_for
from tests import factories
from tests.sla import configs

CURRENT_TIME = dt.datetime(2026, 11, 23, 14, 0, tzinfo=dt.UTC)


def test_it_saves_a_calendar_and_replaces_it_by_slug(db):
    saved = sla_actions.save_calendar(slug="office", name="Office", spec=configs.WEKALL_HOURS)
    assert saved.compiled.is_open(dt.datetime(2026, 11, 23, 8, 0, tzinfo=configs.BOGOTA))
    vip = sla_actions.save_calendar(slug="office", name="Office 7x24", spec=configs.ALDEAMO_VIP)
    assert vip.pk == saved.pk
    assert BusinessCalendar.objects.get(slug="office").spec == configs.ALDEAMO_VIP


@pytest.mark.parametrize(
    ("spec", "field"),
    [
        ({"timezone": "America/Bogota", "week": {"mon": ["07:30-12:30", "12:00-18:00"]}},
         "spec.week.mon[1]"),
        ({"timezone": "Mars/Olympus", "week": {"mon": ["08:00-17:00"]}}, "spec.timezone"),
        ({"timezone": "UTC", "week": {"mon": ["08:00-17:00"]}, "holidays": {"country": "XX"}},
         "spec.holidays.country"),
        ({"timezone": "UTC"}, "spec.week"),
        ("every day", "spec"),
    ],
)  # fmt: skip
def test_it_refuses_a_bad_calendar_naming_the_field(db, spec, field):
    with pytest.raises(ActionError) as caught:
        sla_actions.save_calendar(slug="bad", name="Bad", spec=spec)
    assert caught.value.field == field
    assert caught.value.code == "invalid_calendar"
    assert field in caught.value.message
    assert not BusinessCalendar.objects.filter(slug="bad").exists()
    with pytest.raises(ValidationError) as invalid:
        BusinessCalendar(slug="bad", name="Bad", spec=spec).full_clean()
    assert list(invalid.value.message_dict) == ["spec"]


def test_it_validates_targets(db):
    policy = Policy.objects.create(slug="p", name="P")

    def problems(**fields):
        fields.setdefault("minutes", 60)
        fields.setdefault("meets_on", MeetEvent.AGENT_REPLY)
        with pytest.raises(ValidationError) as caught:
            Target(policy=policy, name="t", **fields).full_clean()
        return set(caught.value.message_dict)

    assert problems(minutes=0) == {"minutes"}
    assert problems(meets_on=MeetEvent.STATE) == {"meet_states"}
    assert problems(starts_on=StartEvent.STATE) == {"start_states"}
    assert problems(recurring=True, meets_on=MeetEvent.RESOLUTION) == {"recurring"}
    assert problems(starts_on=StartEvent.PREVIOUS_MET) == {"starts_on"}
    assert problems(pause_states="pending") == {"pause_states"}
    assert problems(warning_percent=100) == {"warning_percent"}


def test_it_validates_rules(db):
    policy = Policy.objects.create(slug="p", name="P")
    with pytest.raises(ValidationError) as caught:
        PolicyRule(policy=policy, position=1, kinds=["outage"], channels=["fax"]).full_clean()
    assert "kinds" in caught.value.message_dict
    with pytest.raises(ValidationError) as caught:
        PolicyRule(policy=policy, position=1, channels=["fax"]).full_clean()
    assert "channels" in caught.value.message_dict
    PolicyRule(policy=policy, position=1, kinds=[Kind.INCIDENT], plans=["vip"]).full_clean()


def test_it_reads_the_priority_matrix_from_the_database(db):
    scheme = scheme_for()
    assert scheme.compute("high", "organisation") == "urgent"  # WeKall's, from the migration
    assert scheme.compute("low", "department") == "low"
    assert scheme.priorities == ("urgent", "high", "normal", "low")
    default = PriorityMatrix.objects.get(is_default=True)
    default.matrix["low"]["department"] = "normal"
    default.save()
    assert scheme_for().compute("low", "department") == "normal"
    configs.use_priorities("high", "medium", "low")
    ticket = factories.ticket(priority="medium")
    assert ticket.priority == "medium"
    with pytest.raises(ActionError) as caught:
        factories.ticket(priority="urgent")
    assert caught.value.field == "priority"


def test_it_validates_priority_matrices(db):
    matrix = PriorityMatrix(
        slug="broken",
        name="Broken",
        urgencies=["high"],
        impacts=["all", "one"],
        priorities=["p1", "p2"],
        matrix={"high": {"all": "p1", "one": "p9"}},
    )
    with pytest.raises(ValidationError) as caught:
        matrix.full_clean()
    assert "matrix" in caught.value.message_dict
    matrix.matrix["high"]["one"] = "p2"
    matrix.full_clean()


def test_it_replans_the_open_tickets_of_an_organisation_whose_plan_changed(db):
    hours = configs.calendar(configs.ALDEAMO_CONVENTIONAL)
    configs.policy(
        "vip",
        targets=[configs.target("first_response", 120)],
        rules=[{"plans": ["vip"], "position": 1}],
    )
    configs.policy(
        "conventional",
        targets=[configs.target("first_response", 120, calendar=hours)],
        rules=[{"plans": ["conventional"], "position": 2}],
    )
    org = factories.organisation(plan="conventional")
    agent = factories.user("agent")
    with time_machine.travel(CURRENT_TIME, tick=False):
        open_ticket = factories.ticket(org)
        resolved = factories.ticket(org)
        actions.transition(resolved, actor=agent, channel=Channel.WEB, state="resolved")
    org.plan = "vip"
    org.save()
    with time_machine.travel(CURRENT_TIME + dt.timedelta(minutes=5), tick=False):
        assert sla_actions.replan_organisation(org, reason="plan") == 1
    open_ticket.refresh_from_db()
    assert open_ticket.sla_policy.slug == "vip"
    assert Clock.objects.get(ticket=open_ticket).due_at == CURRENT_TIME + dt.timedelta(hours=2)
    event = HistoryEvent.objects.get(ticket=open_ticket, code=EventCode.SLA_REPLANNED)
    assert (event.data["reason"], event.channel, event.actor) == ("plan", Channel.SYSTEM, None)
    resolved.refresh_from_db()
    assert resolved.sla_policy.slug == "conventional"


def test_it_never_stores_an_invalid_calendar(db):
    with pytest.raises(ValidationError) as caught:
        BusinessCalendar.objects.create(slug="bad", name="Bad", spec={"timezone": "UTC"})
    assert "week" in caught.value.message_dict["spec"][0]
    assert not BusinessCalendar.objects.exists()
