"""A broken pack is refused with every problem and leaves the database untouched."""

import pytest

from atiende.packs.errors import PackError
from tests.packs.runtime_support import dump, edited, load

pytestmark = pytest.mark.django_db

BROKEN = [
    ("calendar: business\n    monthly_billing", "calendar: office\n    monthly_billing"),
    ("{from: resolved, to: closed, after: 48h}", "{from: resolved, to: archived, after: 48h}"),
    ("within: 5h, calendar: business", "within: -5h, calendar: business"),
    ('mon: ["08:00-20:00"]', 'mon: ["08:00-20:00", "19:00-21:00"]'),
]


@pytest.mark.parametrize(("old", "new"), BROKEN)
def test_it_refuses_a_broken_pack_and_changes_nothing(old, new):
    load()
    before = dump()

    with pytest.raises(PackError) as error:
        load(edited(old, new))

    assert error.value.problems
    assert all(problem.file == "desk.yaml" for problem in error.value.problems)
    assert dump() == before


def test_it_refuses_a_broken_first_load_and_creates_nothing():
    before = dump()

    with pytest.raises(PackError):
        load(edited("default_plan: standard", "default_plan: gold"))

    assert dump() == before
