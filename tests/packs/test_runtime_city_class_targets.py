"""A target by city class (S6) in the database: the loader stores it on ``sla.Target``, the
export writes it back, the planner picks the site's city class when the clock starts, and
the preview plans it (docs/packs.md, "Times by city class")."""

from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest

from atiende.core.errors import ActionError
from atiende.customers.models import CityClass
from atiende.packs import loader, preview
from atiende.packs.export import export_pack
from atiende.packs.source import read_pack_text
from atiende.sla.models import Clock, Target
from atiende.tickets.codes import EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.packs.runtime_support import customer, dump, edited, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
AT = datetime(2026, 11, 17, 17, 0, tzinfo=BOGOTA)
RESOLUTION = "        - {name: resolution, within: 8h, calendar: plan}\n    - name: request"
BY_CLASS = "{main: 8h, intermediate: 16h, remote: none, default: 4h}"


def by_class(value: str = BY_CLASS) -> str:
    return edited(
        RESOLUTION,
        f"        - {{name: resolution, within_by_city_class: {value}}}\n    - name: request",
    )


def resolution_target() -> Target:
    return Target.objects.get(policy__slug="incident", name="resolution")


def test_the_loader_stores_the_minutes_by_city_class():
    load(by_class())

    target = resolution_target()
    assert target.minutes_by_city_class == {
        "main": 480,
        "intermediate": 960,
        "remote": None,
        "default": 240,
    }
    assert target.minutes == Decimal(240)  # the time of a ticket without a site
    assert target.minutes_for(CityClass.INTERMEDIATE) == Decimal(960)
    assert target.minutes_for(CityClass.REMOTE) is None
    assert target.minutes_for(None) == Decimal(240)


def test_without_a_default_time_the_target_shows_the_longest_class_time():
    load(by_class("{main: 8h, intermediate: 16h, remote: none, default: none}"))

    assert resolution_target().minutes == Decimal(960)
    assert resolution_target().minutes_for(None) is None


def test_a_change_of_a_class_time_is_one_change_and_loading_it_again_none():
    load(by_class())

    changed = load(by_class("{main: 8h, intermediate: 12h, remote: none, default: 4h}"))
    again = load(by_class("{main: 8h, intermediate: 12h, remote: none, default: 4h}"))

    assert changed.changes == ["~ policy incident: target resolution: minutes_by_city_class"]
    assert again.changes == []


def test_going_back_to_within_clears_the_map():
    load(by_class())

    result = load()

    assert result.changes == [
        "~ policy incident: target resolution: minutes, minutes_by_city_class, calendar_from_plan"
    ]
    assert resolution_target().minutes_by_city_class == {}
    assert resolution_target().minutes == Decimal(480)


def test_it_loads_its_own_export_as_a_no_op():
    pack = load(by_class()).pack
    text = export_pack(pack)
    before = dump()

    again = loader.load_text(text, "desk-export.yaml")

    assert "within_by_city_class:" in text
    assert "remote: none" in text
    assert again.changes == []
    assert dump() == before
    assert read_pack_text(text, "export.yaml").to_yaml_data() == pack.spec


@pytest.mark.parametrize(
    ("city_class", "hours"),
    [(CityClass.MAIN, 8), (CityClass.INTERMEDIATE, 16), (None, 4)],
)
def test_the_clock_takes_the_time_of_the_site_city_class(time_machine, city_class, hours):
    time_machine.move_to(AT, tick=False)
    org = customer(load(by_class()).pack)
    site = factories.site(org, city_class=city_class) if city_class else None

    ticket = open_ticket(org, kind="incident", priority="medium", site=site)

    clock = Clock.objects.get(ticket=ticket, name="resolution")
    assert clock.minutes == Decimal(hours * 60)
    assert clock.due_at == AT + timedelta(hours=hours)


def test_a_remote_site_gets_a_clock_that_is_never_due(time_machine):
    time_machine.move_to(AT, tick=False)
    org = customer(load(by_class()).pack)
    site = factories.site(org, city_class=CityClass.REMOTE)

    ticket = open_ticket(org, kind="incident", priority="medium", site=site)

    clock = Clock.objects.get(ticket=ticket, name="resolution")
    assert clock.started_at == AT
    assert (clock.minutes, clock.due_at, clock.warn_at, clock.next_check_at) == (
        None,
        None,
        None,
        None,
    )
    planned = HistoryEvent.objects.get(ticket=ticket, code=EventCode.SLA_PLANNED)
    assert planned.data["no_fixed_target"] == ["resolution"]
    assert planned.data["city_class"] == "remote"
    assert planned.data["due"]["resolution"] is None


def test_the_preview_plans_the_default_time_and_names_it():
    pack = load(by_class()).pack

    answer = preview.plan(pack, kind="incident", priority="medium", at=AT)

    assert answer["targets"][1] == {
        "name": "resolution",
        "due_at": "2026-11-17T21:00:00-05:00",
        "city_class": "default",
        "fixed": True,
        "minutes": 240,
    }


def test_the_preview_plans_a_city_class_and_says_when_it_has_no_fixed_time():
    pack = load(by_class()).pack

    intermediate = preview.plan(
        pack, kind="incident", priority="medium", city_class="intermediate", at=AT
    )
    remote = preview.plan(pack, kind="incident", priority="medium", city_class="remote", at=AT)

    assert intermediate["targets"][1]["due_at"] == "2026-11-18T09:00:00-05:00"
    assert remote["targets"][1] == {
        "name": "resolution",
        "due_at": None,
        "city_class": "remote",
        "fixed": False,
        "minutes": None,
    }
    assert "city_class" not in remote["targets"][0]  # first_response: one time for all


def test_the_preview_refuses_an_unknown_city_class():
    pack = load(by_class()).pack

    with pytest.raises(ActionError) as caught:
        preview.plan(pack, kind="incident", priority="medium", city_class="rural", at=AT)

    assert caught.value.code == "invalid_city_class"
