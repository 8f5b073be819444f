"""Problems are told in the reader's language: Spanish when the language is es (DESIGN 6)."""

import pytest
from django.utils import translation

from atiende.businesstime import Calendar, CalendarError
from atiende.packs.validate import translate_calendar_message
from tests.packs.conftest import edited, lines_of


@pytest.fixture
def spanish():
    with translation.override("es"):
        yield


def test_format_problems_are_in_spanish(spanish):
    assert lines_of(edited("{name: update, within: 30m}", "{name: update, within: 30x}")) == [
        'pack.yaml:84: sla.policies[0].targets[1].within: "30x" no es una duración; escriba p. '
        'ej. "90m", "6h", "1h30m", "3d" o un número de minutos'
    ]
    assert lines_of(edited("display_name: Full example", "display_nam: Full example"))[
        0
    ].startswith(
        'pack.yaml:4: display_nam: clave "display_nam" desconocida; use una de: pack, name'
    )


def test_reference_problems_are_in_spanish(spanish):
    text = edited(
        "{name: diagnosed, category: open}",
        "{name: diagnosed, category: open}\n      - {name: diagnosed, category: open}",
    )
    assert lines_of(text)[0] == (
        'pack.yaml:65: workflows[0].states[3].name: estado "diagnosed" duplicado (también '
        "workflows[0].states[2]); dé a cada uno un nombre distinto"
    )
    text = edited(
        "calendar: business}\n        - {name: update",
        "calendar: busines}\n        - {name: update",
    )
    assert lines_of(text) == [
        'pack.yaml:83: sla.policies[0].targets[0].calendar: calendario "busines" desconocido; '
        'use uno de: business, email_hours, always, plan (¿quiso decir "business"?)'
    ]


def test_calendar_problems_are_in_spanish(spanish):
    text = edited('["08:00-20:00"], sat', '["08:00-12:00", "11:00-20:00"], sat')
    assert lines_of(text) == [
        "pack.yaml:13: calendars.email_hours.week.mon[1]: '11:00-20:00' se superpone con "
        "'08:00-12:00' (week.mon[0]); haga disjuntos los intervalos de un mismo día"
    ]


@pytest.mark.parametrize(
    "spec",
    [
        {"timezone": "UTC", "week": {"mon": ["08:00-12:00", "11:00-13:00"]}},
        {"timezone": "UTC", "week": {"mon": ["8 to 12"]}},
        {"timezone": "UTC", "week": {"mon": ["08:00-25:00"]}},
        {"timezone": "UTC", "week": {"mon": ["12:00-08:00"]}},
        {"timezone": "UTC", "week": {"mon": ["08:00-08:00"]}},
        {"timezone": "UTC", "week": {"mun": ["08:00-12:00"]}},
        {"timezone": "UTC", "week": {"mon": []}},
        {"timezone": "Mars/Olympus", "week": {"mon": ["08:00-12:00"]}},
        {"timezone": "UTC", "week": {"mon": ["08:00-12:00"]}, "closed": ["2026-13-01"]},
        {"timezone": "UTC", "week": {"mon": ["08:00-12:00"]}, "holidays": {"country": "XX"}},
        {
            "timezone": "UTC",
            "week": {"mon": ["08:00-12:00"]},
            "holidays": {"country": "US", "subdivision": "ZZ"},
        },
        {"timezone": "UTC", "week": {"mon": ["08:00-12:00"]}, "hours": 1},
    ],
)
def test_every_message_of_the_calendar_engine_has_a_translation(spanish, spec):
    with pytest.raises(CalendarError) as caught:
        Calendar.from_spec(spec)
    english = caught.value.message
    spanish_text = translate_calendar_message(english)
    assert spanish_text != english
    with translation.override("en"):
        assert translate_calendar_message(english).replace('"', "'") == english.replace('"', "'")
