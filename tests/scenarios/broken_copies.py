"""The shared tests for broken copies of a shipped pack (issue 4: "broken packs").

A pack's ``test_broken_copies.py`` holds its table of mistakes and binds the tests::

    MISTAKES = [
        # (what is wrong, the text replaced, its replacement, the path reported, words of the
        # message)
        ("bad time zone", "time_zone: America/Bogota", "time_zone: America/Bogot", "time_zone",
         ['"America/Bogot"']),
    ]

    (
        test_the_shipped_pack_is_valid,
        test_it_names_the_mistake,
        test_it_leaves_the_database_untouched,
        test_it_reports_every_mistake_at_once,
    ) = broken_copies.tests_for("ecc", MISTAKES)

Each mistake replaces the first occurrence of its text in the shipped file; the problem must be
reported at exactly that path, on the line of the first changed character, with every word in
its message, and loading the broken file must leave every row the loader writes as it was.
"""

import pytest

from atiende.accounts.models import SupportGroup
from atiende.catalog.models import Service
from atiende.packs import loader
from atiende.packs.errors import PackError
from atiende.packs.models import Pack, PackVersion, Plan
from atiende.packs.source import read_pack_text
from atiende.sla.models import (
    BusinessCalendar,
    ChannelHours,
    Policy,
    PolicyRule,
    PriorityMatrix,
    Target,
)
from atiende.tickets.models import CaseSequence, State, Transition, Workflow
from tests.scenarios.conftest import shipped_path

# Every model whose rows atiende.packs.loader creates, changes or deletes.
PACK_MODELS = (
    Pack,
    PackVersion,
    Plan,
    BusinessCalendar,
    PriorityMatrix,
    SupportGroup,
    Service,
    Workflow,
    State,
    Transition,
    Policy,
    PolicyRule,
    ChannelHours,
    Target,
    CaseSequence,
)

# How many mistakes of the table the "all at once" test puts in one copy.
AT_ONCE = 3


def shipped_text(pack: str) -> str:
    return shipped_path(pack).read_text(encoding="utf-8")


def broken_copy(text: str, old: str, new: str) -> tuple[str, int]:
    """``text`` with the first ``old`` replaced by ``new``, and the line of the first changed
    character (the line a problem about the change is reported on)."""
    assert old in text, f"not in the pack: {old!r}"
    assert old != new, old
    start = text.index(old)
    changed = next((i for i, (a, b) in enumerate(zip(old, new, strict=False)) if a != b), len(old))
    return text[:start] + new + text[start + len(old) :], text.count("\n", 0, start + changed) + 1


def snapshot() -> dict[str, list[dict]]:
    """Every row of every pack-owned model, with all its fields, in primary-key order."""
    return {m.__name__: list(m.objects.order_by("pk").values()) for m in PACK_MODELS}


def tests_for(pack: str, mistakes: list[tuple]):
    """The four broken-copy test functions for the shipped pack ``pack`` and its ``mistakes``
    ((what, old, new, path, [words…]) each); bind them to ``test_…`` names in the module."""
    file = f"{pack}.yaml"
    ids = [mistake[0] for mistake in mistakes]
    assert len(set(ids)) == len(ids), "each mistake needs its own name"
    parametrize = pytest.mark.parametrize(
        ("what", "old", "new", "path", "words"), mistakes, ids=ids
    )

    def test_the_shipped_pack_is_valid():
        spec = read_pack_text(shipped_text(pack), file)
        assert spec.name == pack

    @parametrize
    def test_it_names_the_mistake(what, old, new, path, words):
        text, line = broken_copy(shipped_text(pack), old, new)
        with pytest.raises(PackError) as caught:
            read_pack_text(text, file)
        problems = [str(p) for p in caught.value.problems]
        found = [p for p in caught.value.problems if p.path == path]
        assert found, f"{what}: no problem at {path} in {problems}"
        named = [p for p in found if all(word in p.message for word in words)]
        assert named, f"{what}: no problem at {path} says {words}: {[str(p) for p in found]}"
        problem = named[0]
        assert problem.file == file
        assert problem.line == line, str(problem)
        assert str(problem).startswith(f"{file}:{line}: {path}: ")

    @parametrize
    def test_it_leaves_the_database_untouched(load_pack, tmp_path, what, old, new, path, words):
        load_pack(pack)
        before = snapshot()
        text, _line = broken_copy(shipped_text(pack), old, new)
        broken = tmp_path / file
        broken.write_text(text, encoding="utf-8")
        with pytest.raises(PackError) as caught:
            loader.load_path(broken)
        assert {p.file for p in caught.value.problems} == {file}
        assert snapshot() == before

    def test_it_reports_every_mistake_at_once():
        text = shipped_text(pack)
        for _what, old, new, _path, _words in mistakes[:AT_ONCE]:
            text, _line = broken_copy(text, old, new)
        with pytest.raises(PackError) as caught:
            read_pack_text(text, file)
        paths = [p.path for p in caught.value.problems]
        for _what, _old, _new, path, _words in mistakes[:AT_ONCE]:
            assert path in paths, paths

    return (
        test_the_shipped_pack_is_valid,
        test_it_names_the_mistake,
        test_it_leaves_the_database_untouched,
        test_it_reports_every_mistake_at_once,
    )
