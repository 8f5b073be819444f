"""A target's time by the city class of the ticket's site (S6, docs/packs.md "Times by city
class"): the format, its defaults and its located errors."""

from decimal import Decimal

from atiende.packs.source import read_pack_text
from tests.packs.conftest import edited, lines_of

WITHIN = "          within: 20m\n          starts: previous_met"


def by_class(value: str, within: str = "") -> str:
    return edited(
        WITHIN, f"{within}          within_by_city_class: {value}\n          starts: previous_met"
    )


def diagnosis(text: str):
    spec = read_pack_text(text, "pack.yaml")
    return spec.policy("incident-urgent").targets[3]


def test_it_reads_the_time_of_each_city_class_and_none():
    target = diagnosis(by_class("{main: 3h, intermediate: 6h, remote: none, default: 90m}"))
    assert target.within is None
    assert target.within_by_city_class.minutes() == {
        "main": Decimal(180),
        "intermediate": Decimal(360),
        "remote": None,
        "default": Decimal(90),
    }


def test_a_ticket_without_a_site_takes_the_main_time_when_default_is_left_out():
    target = diagnosis(by_class("{main: 1h30m, intermediate: 6h, remote: none}"))
    assert target.within_by_city_class.minutes()["default"] == Decimal(90)


def test_the_canonical_data_writes_the_default_and_none_out():
    spec = read_pack_text(by_class("{main: 3h, intermediate: 6h, remote: none}"), "pack.yaml")
    [data] = [
        t for t in spec.to_yaml_data()["sla"]["policies"][0]["targets"] if t["name"] == "diagnosis"
    ]
    assert "within" not in data
    assert data["within_by_city_class"] == {
        "main": "3h",
        "intermediate": "6h",
        "remote": "none",
        "default": "3h",
    }


def test_an_unknown_city_class_is_refused_with_the_known_ones():
    assert lines_of(by_class("{main: 3h, intermediate: 6h, remote: none, rural: 8h}")) == [
        "pack.yaml:87: sla.policies[0].targets[3].within_by_city_class.rural: unknown key "
        '"rural"; use one of: main, intermediate, remote, default'
    ]


def test_a_missing_city_class_is_refused():
    assert lines_of(by_class("{main: 3h, remote: none}")) == [
        "pack.yaml:87: sla.policies[0].targets[3].within_by_city_class.intermediate: required; "
        "add it"
    ]


def test_zero_and_negative_times_are_refused():
    assert lines_of(by_class("{main: 0m, intermediate: -6h, remote: none}")) == [
        "pack.yaml:87: sla.policies[0].targets[3].within_by_city_class.intermediate: must be "
        "more than zero, got -6h",
        "pack.yaml:87: sla.policies[0].targets[3].within_by_city_class.main: must be more than "
        "zero, got 0m",
    ]


def test_a_time_that_is_neither_a_duration_nor_none_is_refused():
    assert lines_of(by_class("{main: 3h, intermediate: 6h, remote: never}")) == [
        'pack.yaml:87: sla.policies[0].targets[3].within_by_city_class.remote: "never" is '
        'neither a duration ("6h") nor none (no fixed target for this city class)'
    ]


def test_within_and_the_map_together_are_refused():
    text = by_class("{main: 3h, intermediate: 6h, remote: none}", within="          within: 20m\n")
    assert lines_of(text) == [
        "pack.yaml:88: sla.policies[0].targets[3].within_by_city_class: give within or "
        "within_by_city_class, not both; a ticket without a site takes the default of "
        "within_by_city_class"
    ]


def test_a_target_with_no_time_at_all_is_refused():
    text = edited(WITHIN, "          starts: previous_met")
    assert lines_of(text) == [
        "pack.yaml:86: sla.policies[0].targets[3].within: required: give within (e.g. within: "
        "4h), or within_by_city_class (e.g. {main: 3h, intermediate: 6h, remote: none})"
    ]


def test_none_for_every_city_class_is_refused():
    assert lines_of(by_class("{main: none, intermediate: none, remote: none}")) == [
        "pack.yaml:87: sla.policies[0].targets[3].within_by_city_class: no city class has a "
        "time, so the target would never be due; give at least one duration, or remove the "
        "target"
    ]
