"""The five shipped packs are valid, read back from their canonical form unchanged, and carry
no personal data (roles and example addresses only)."""

import re

import pytest
import yaml

from atiende.packs.source import read_pack, read_pack_text
from tests.packs.conftest import SHIPPED

NAMES = ["aldeamo", "cirion", "ecc", "movilnet", "wekall"]
EMAIL = re.compile(r"[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}")
PHONE = re.compile(r"\+\d{1,3}[\s-]?\d[\d\s-]{5,}\d")


def test_the_five_packs_are_shipped():
    assert sorted(path.stem for path in SHIPPED.glob("*.yaml")) == NAMES


@pytest.mark.parametrize("name", NAMES)
def test_each_shipped_pack_is_valid_and_named_after_its_file(name):
    spec = read_pack(SHIPPED / f"{name}.yaml")
    assert spec.name == name
    assert spec.languages == ["es", "en"]


@pytest.mark.parametrize("name", NAMES)
def test_each_shipped_pack_reads_back_from_its_canonical_form(name):
    spec = read_pack(SHIPPED / f"{name}.yaml")
    data = spec.to_yaml_data()
    again = read_pack_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), name)
    assert again == spec
    assert again.to_yaml_data() == data


@pytest.mark.parametrize("name", NAMES)
def test_each_shipped_pack_names_no_person(name):
    text = (SHIPPED / f"{name}.yaml").read_text(encoding="utf-8")
    addresses = [m.group(0) for m in EMAIL.finditer(text)]
    assert [a for a in addresses if not re.search(r"@(.+\.)?example\.(com|org|net)$", a)] == []
    phones = [m.group(0) for m in PHONE.finditer(text)]
    assert [p for p in phones if " 555 " not in p and "-555-" not in p] == []
