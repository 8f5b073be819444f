"""Message catalogues: compile every ``.po`` under the locale directory into its ``.mo``.

    python -m atiende.i18n compile        # write the .mo files
    python -m atiende.i18n check          # exit 1 if a catalogue is incomplete or stale

Uses polib, so no GNU gettext is needed to build or run the product. Extracting new strings
(``makemessages``) does need GNU gettext; see the Makefile's ``messages`` target.
"""

import argparse
import sys
from dataclasses import dataclass
from pathlib import Path

import polib

LOCALE_DIR = Path(__file__).resolve().parent / "locale"


def catalogues(root: Path = LOCALE_DIR) -> list[Path]:
    """Every ``.po`` file under ``root``, in a stable order."""
    return sorted(root.glob("*/LC_MESSAGES/*.po"))


def compile_catalogue(po_path: Path) -> Path:
    """Write the ``.mo`` beside ``po_path``, leaving out untranslated and fuzzy entries."""
    mo_path = po_path.with_suffix(".mo")
    polib.pofile(str(po_path)).save_as_mofile(str(mo_path))
    return mo_path


def compile_all(root: Path = LOCALE_DIR) -> list[Path]:
    return [compile_catalogue(path) for path in catalogues(root)]


def messages_of(catalogue) -> dict[tuple[str | None, str], tuple[str, ...]]:
    """(context, msgid) → translations, for the entries a running program would use."""
    result = {}
    for entry in catalogue:
        if not entry.msgid or entry.obsolete or "fuzzy" in entry.flags:
            continue
        if entry.msgid_plural:
            strings = tuple(entry.msgstr_plural[k] for k in sorted(entry.msgstr_plural))
        else:
            strings = (entry.msgstr,)
        if all(strings):
            result[(entry.msgctxt, entry.msgid)] = strings
    return result


@dataclass(frozen=True)
class Problem:
    path: Path
    text: str

    def __str__(self) -> str:
        return f"{self.path}: {self.text}"


def check(root: Path = LOCALE_DIR) -> list[Problem]:
    """Untranslated or fuzzy entries, and ``.mo`` files that differ from their ``.po``."""
    problems = []
    for po_path in catalogues(root):
        po = polib.pofile(str(po_path))
        for entry in po.untranslated_entries():
            problems.append(Problem(po_path, f"untranslated: {entry.msgid!r}"))
        for entry in po.fuzzy_entries():
            problems.append(Problem(po_path, f"fuzzy: {entry.msgid!r}"))
        mo_path = po_path.with_suffix(".mo")
        if not mo_path.exists():
            problems.append(Problem(mo_path, "missing: run `python -m atiende.i18n compile`"))
        elif messages_of(polib.mofile(str(mo_path))) != messages_of(po):
            problems.append(Problem(mo_path, "stale: run `python -m atiende.i18n compile`"))
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m atiende.i18n",
        description=__doc__,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("command", choices=("compile", "check"))
    parser.add_argument("--locale-dir", type=Path, default=LOCALE_DIR)
    args = parser.parse_args(argv)
    if args.command == "compile":
        for mo_path in compile_all(args.locale_dir):
            print(f"compiled {mo_path}")
        return 0
    problems = check(args.locale_dir)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
