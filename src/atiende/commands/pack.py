"""``atiende pack …``: process packs from the command line.

    atiende pack check FILE... [--language es|en]   validate; never touches the database
    atiende pack schema                             print the JSON Schema of the format

Wiring: ``add_arguments`` registers ``pack`` and its actions on the main parser; each action
is a pair of functions, ``add_<action>(actions)`` (its arguments) and ``<action>(args, stdout,
stderr)`` (what it does), listed in ``ACTIONS``; ``run(args)`` dispatches. The actions that use
the database (load, list, show, export) are added to ``ACTIONS`` the same way.

``check`` exits 0 when every file is valid and 1 otherwise, after printing every problem of
every file, one per line (``file:line: path: message``) on standard output, and a count per
file on standard error; with ``--json``, one JSON object per file on standard output.
"""

import argparse
import json
import sys
from collections.abc import Callable

from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import ngettext, override

from atiende.cli import EXIT_FAILED, EXIT_OK
from atiende.commands.pack_store import STORE_ACTIONS

LANGUAGES = ("es", "en")


def add_arguments(subparsers) -> None:
    """Register ``atiende pack`` and its actions on the main parser's sub-command set."""
    pack = subparsers.add_parser(
        "pack",
        help="process packs: check, load, list, show, export",
        description=(
            "Process packs: one YAML file with the whole support process of a provider "
            "(docs/packs.md)."
        ),
    )
    actions = pack.add_subparsers(dest="pack_command", metavar="ACTION", parser_class=type(pack))
    actions.required = True
    for add, _handler in ACTIONS.values():
        add(actions)


def run(args: argparse.Namespace, stdout=None, stderr=None) -> int:
    """Run the ``pack`` action named in ``args``; return the exit code."""
    _add, handler = ACTIONS[args.pack_command]
    return handler(args, stdout or sys.stdout, stderr or sys.stderr)


# --- check -----------------------------------------------------------------------------------


def add_check(actions) -> None:
    check = actions.add_parser(
        "check",
        help="validate pack files without touching the database",
        description=(
            "Validate pack files: YAML, every key and value, and every reference between "
            "them. Prints every problem as FILE:LINE: PATH: MESSAGE and exits 1 when there "
            "is one, 0 when every file is valid. Needs no database."
        ),
    )
    check.add_argument("files", nargs="+", metavar="FILE", help="pack file (YAML)")
    check.add_argument(
        "--language",
        choices=LANGUAGES,
        help="language of the messages (default: ATIENDE_LANGUAGE)",
    )
    check.add_argument(
        "--json",
        action="store_true",
        help="print one JSON object per file: {file, valid, problems: [{line, path, message}]}",
    )


def check(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs.errors import PackError
    from atiende.packs.source import read_pack

    language = args.language or _default_language()
    failed = False
    with override(language):
        for path in args.files:
            try:
                spec = read_pack(path)
            except PackError as exc:
                failed = True
                if args.json:
                    print(_json_report(path, exc.problems), file=stdout)
                    continue
                for problem in exc.problems:
                    print(problem, file=stdout)
                count = len(exc.problems)
                print(
                    ngettext(
                        "%(file)s: %(count)d problem",
                        "%(file)s: %(count)d problems",
                        count,
                    )
                    % {"file": path, "count": count},
                    file=stderr,
                )
                continue
            if args.json:
                print(_json_report(path, []), file=stdout)
                continue
            print(
                _("%(file)s: valid pack %(name)s (%(policies)d SLA policies)")
                % {"file": path, "name": spec.name, "policies": len(spec.sla.policies)},
                file=stdout,
            )
    return EXIT_FAILED if failed else EXIT_OK


def _json_report(path: str, problems) -> str:
    return json.dumps(
        {
            "file": path,
            "valid": not problems,
            "problems": [{"line": p.line, "path": p.path, "message": p.message} for p in problems],
        },
        ensure_ascii=False,
    )


# --- schema ----------------------------------------------------------------------------------


def add_schema(actions) -> None:
    actions.add_parser(
        "schema",
        help="print the JSON Schema of the pack format",
        description=(
            "Print the JSON Schema of the pack format, generated from the code (the same as "
            "docs/pack.schema.json)."
        ),
    )


def schema(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs.schema import schema_text

    stdout.write(schema_text())
    return EXIT_OK


# --- helpers ---------------------------------------------------------------------------------


def _default_language() -> str:
    language = (settings.LANGUAGE_CODE or "es").split("-")[0]
    return language if language in LANGUAGES else "es"


Handler = Callable[[argparse.Namespace, object, object], int]

# action name → (function adding its arguments, function running it)
ACTIONS: dict[str, tuple[Callable[[object], None], Handler]] = {
    "check": (add_check, check),
    "schema": (add_schema, schema),
}
# load, list, show, export: the packs in the database (atiende.commands.pack_store).
ACTIONS.update(STORE_ACTIONS)

__all__ = ["ACTIONS", "add_arguments", "run"]
