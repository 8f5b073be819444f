"""``--dry-run`` lists the changes a load would make and leaves the database as it was."""

import pytest

from tests.packs.runtime_support import dump, edited, load

pytestmark = pytest.mark.django_db


def test_it_lists_the_changes_of_a_first_load_and_writes_nothing():
    before = dump()

    result = load(dry_run=True)

    assert result.dry_run
    assert "+ pack desk" in result.changes
    assert dump() == before


def test_it_lists_the_changes_of_a_new_version_and_writes_nothing():
    load()
    before = dump()

    result = load(edited("within: 5h, calendar: business", "within: 6h, calendar: business"),
                  dry_run=True)  # fmt: skip

    assert result.changes == ["~ policy request: target first_response: minutes"]
    assert dump() == before
