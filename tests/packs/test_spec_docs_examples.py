"""The examples of docs/packs.md are valid: the minimal pack as it is, and each section example
in place of that section of the full pack."""

import re
from pathlib import Path

import pytest
import yaml

from atiende.packs.source import parse_yaml
from tests.packs.conftest import full_text, problems_of

DOC = Path(__file__).resolve().parents[2] / "docs" / "packs.md"
BLOCKS = re.findall(r"```yaml\n(.*?)```", DOC.read_text(encoding="utf-8"), flags=re.DOTALL)


def test_the_minimal_pack_is_valid():
    [minimal] = [block for block in BLOCKS if block.startswith("pack: 1")]
    assert problems_of(minimal, "minimal.yaml") == []


@pytest.mark.parametrize(
    "block", [b for b in BLOCKS if not b.startswith("pack: 1")], ids=lambda b: b.split(":")[0]
)
def test_each_section_example_is_valid(block):
    example, _lines, problems = parse_yaml(block, "example.yaml")
    assert problems == []
    data, _lines, _problems = parse_yaml(full_text(), "full.yaml")
    for key, value in example.items():
        if key == "calendars":
            data[key].update(value)
        else:
            data[key] = value
    assert problems_of(yaml.safe_dump(data, allow_unicode=True, sort_keys=False)) == []
