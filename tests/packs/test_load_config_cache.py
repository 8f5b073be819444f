"""After a load that changed something, per-process configuration caches are told
(``atiende.core.configcache.bump()`` when that module exists); a no-op load tells nothing."""

import sys
import types

import pytest

from tests.packs.runtime_support import load

pytestmark = pytest.mark.django_db


def test_it_bumps_the_configuration_cache_only_when_something_changed(monkeypatch):
    bumps = []
    module = types.ModuleType("atiende.core.configcache")
    module.bump = lambda: bumps.append(1)
    monkeypatch.setitem(sys.modules, "atiende.core.configcache", module)

    load()
    load()
    load(dry_run=True)

    assert bumps == [1]


def test_it_loads_without_the_configuration_cache_module():
    assert load().changed
