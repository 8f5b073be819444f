"""Loading a pack twice changes nothing the second time: no new version, same rows (T9)."""

import pytest

from atiende.packs import loader
from atiende.packs.models import Pack, PackVersion
from tests.packs.runtime_support import SHIPPED, SHIPPED_NAMES, dump, load

pytestmark = pytest.mark.django_db


def test_it_creates_the_pack_and_its_rows_on_the_first_load():
    result = load()

    pack = result.pack
    assert result.changed and result.version == 1
    assert "+ pack desk" in result.changes
    assert "+ calendar business" in result.changes
    assert "+ workflow support" in result.changes
    assert "+ policy incident-high" in result.changes
    assert "+ numbering TST" in result.changes
    assert pack.versions.get().changes == result.changes


def test_it_changes_nothing_when_loaded_again():
    load()
    before = dump()

    again = load()

    assert again.changes == []
    assert not again.changed
    assert again.version == 1
    assert PackVersion.objects.count() == 1
    assert dump() == before


@pytest.mark.parametrize("name", SHIPPED_NAMES)
def test_it_loads_every_shipped_pack_twice_with_no_change_the_second_time(name):
    first = loader.load_path(SHIPPED / f"{name}.yaml")
    before = dump()

    second = loader.load_path(SHIPPED / f"{name}.yaml")

    assert first.changed and second.changes == []
    assert dump() == before
    assert Pack.objects.get(name=name).version == 1
