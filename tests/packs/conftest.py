"""Helpers for the pack format tests: a valid pack using every section (``files/full.yaml``)
and small edits of it that each break one thing."""

from pathlib import Path

import pytest

from atiende.packs.errors import PackError, Problem
from atiende.packs.source import check_pack_text, read_pack_text

FILES = Path(__file__).resolve().parent / "files"
FULL = FILES / "full.yaml"
SHIPPED = Path(__file__).resolve().parents[2] / "src" / "atiende" / "packs" / "shipped"


def full_text() -> str:
    return FULL.read_text(encoding="utf-8")


def edited(old: str, new: str, text: str | None = None) -> str:
    """The full pack with the one occurrence of ``old`` replaced by ``new``."""
    text = full_text() if text is None else text
    assert text.count(old) == 1, f"{old!r} occurs {text.count(old)} times in the pack"
    return text.replace(old, new)


def problems_of(text: str, filename: str = "pack.yaml") -> list[Problem]:
    spec, problems = check_pack_text(text, filename)
    assert (spec is None) == bool(problems)
    if problems:
        with pytest.raises(PackError) as caught:
            read_pack_text(text, filename)
        assert caught.value.problems == problems
    return problems


def lines_of(text: str, filename: str = "pack.yaml") -> list[str]:
    return [str(problem) for problem in problems_of(text, filename)]


@pytest.fixture
def full():
    return read_pack_text(full_text(), "full.yaml")
