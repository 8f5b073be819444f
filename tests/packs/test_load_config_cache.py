"""After a load that changed something, per-process configuration caches are told
(``atiende.core.configcache.bump()``); a no-op load tells nothing. Pack rows are configuration
tables: any write to them replaces the generation token (database triggers)."""

import pytest

from atiende.core import configcache
from atiende.packs import runtime
from atiende.packs.models import Pack, Plan
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_bumps_the_configuration_cache_only_when_something_changed(monkeypatch):
    bumps = []
    real = configcache.bump
    monkeypatch.setattr(configcache, "bump", lambda: bumps.append(real()))

    load()
    load()
    load(dry_run=True)

    assert len(bumps) == 1


def test_a_load_makes_every_process_read_its_configuration_again():
    configcache.get("probe", lambda: "before")
    before = configcache.read_token()

    assert load().changed

    assert configcache.read_token() != before
    assert configcache.get("probe", lambda: "after") == "after"


@pytest.mark.parametrize("model", [Pack, Plan])
def test_a_write_to_a_pack_table_replaces_the_token(model):
    load()
    before = configcache.read_token()

    model.objects.update(position=1) if model is Plan else model.objects.update(version=9)

    assert configcache.read_token() != before


def test_pack_configuration_is_cached_per_pack_and_read_again_after_a_change(
    django_assert_num_queries,
):
    pack = load().pack
    org = customer(pack)
    open_ticket(org, kind="incident", priority="low", channel="phone")
    with configcache.snapshot():
        runtime.default_pack(), runtime.pack(pack.pk)  # read into the cache

    with django_assert_num_queries(1), configcache.snapshot():  # the token only
        assert runtime.default_pack() == pack
        assert runtime.pack(pack.pk) == pack
        assert runtime.workflow_for(pack, "incident").pack_id == pack.pk

    Pack.objects.filter(pk=pack.pk).update(display_name="Renamed")

    assert runtime.pack(pack.pk).display_name == "Renamed"
