"""``pack export`` writes the loaded pack back as YAML; loading the export changes nothing."""

import pytest

from atiende.packs import loader
from atiende.packs.export import export_pack
from atiende.packs.source import read_pack_text
from tests.packs.runtime_support import DESK, SHIPPED, SHIPPED_NAMES, dump

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", [DESK, *(SHIPPED / f"{name}.yaml" for name in SHIPPED_NAMES)])
def test_it_loads_its_own_export_as_a_no_op(path):
    pack = loader.load_path(path).pack
    text = export_pack(pack)
    before = dump()

    again = loader.load_text(text, f"{pack.name}-export.yaml")

    assert again.changes == []
    assert dump() == before
    assert read_pack_text(text, "export.yaml").to_yaml_data() == pack.spec
