"""``atiende pack load | list | show | export``: the packs stored in the database.

    atiende pack load FILE [--dry-run] [--replan] [--default]
    atiende pack list
    atiende pack show NAME
    atiende pack export NAME [--output FILE]

Registered in :data:`atiende.commands.pack.ACTIONS` (``add_<action>`` / ``<action>`` pairs,
like ``check`` and ``schema``). ``load`` prints one line per change (``+`` added, ``~``
changed, ``-`` removed) or "no changes"; a file with problems prints each one
(``file:line: path: message``) and exits 1 with nothing applied; a load that would orphan
tickets is refused (exit 1) with the reason.
"""

import argparse
from pathlib import Path

from django.utils.translation import gettext as _

from atiende.cli import EXIT_CONFIG, EXIT_FAILED, EXIT_OK, CommandError


def add_load(actions) -> None:
    load = actions.add_parser(
        "load",
        help="load a pack file into the database (one transaction)",
        description=(
            "Apply a pack file in one transaction: what is already loaded changes nothing; a "
            "change is a new version. Open tickets keep their clocks unless --replan."
        ),
    )
    load.add_argument("file", metavar="FILE", help="pack file (YAML)")
    load.add_argument(
        "--dry-run", action="store_true", help="print what would change, then roll back"
    )
    load.add_argument(
        "--replan",
        action="store_true",
        help="re-plan the SLA of the pack's open tickets (a history event names the version)",
    )
    load.add_argument(
        "--default",
        action="store_true",
        help="make it the default pack (of organisations without one); the first pack is",
    )


def load(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs import loader
    from atiende.packs.errors import PackError

    path = Path(args.file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("%(path)s cannot be read: %(error)s") % {"path": args.file, "error": exc},
            EXIT_CONFIG,
        ) from None
    try:
        result = loader.load_text(
            text,
            path.name,
            dry_run=args.dry_run,
            replan=args.replan,
            make_default=True if args.default else None,
        )
    except PackError as exc:
        for problem in exc.problems:
            print(problem, file=stdout)
        print(_("%(file)s: nothing was loaded.") % {"file": args.file}, file=stderr)
        return EXIT_FAILED
    for line in result.changes:
        print(line, file=stdout)
    name = result.pack.name
    if not result.changes:
        print(_("%(name)s: no changes (version %(version)s).")
              % {"name": name, "version": result.version}, file=stdout)  # fmt: skip
    elif result.dry_run:
        print(_("%(name)s: dry run, %(count)s changes, nothing was written.")
              % {"name": name, "count": len(result.changes)}, file=stdout)  # fmt: skip
    else:
        print(_("%(name)s: loaded version %(version)s (%(count)s changes).")
              % {"name": name, "version": result.version, "count": len(result.changes)},
              file=stdout)  # fmt: skip
        if args.replan:
            print(_("%(count)s open tickets re-planned.") % {"count": result.replanned},
                  file=stdout)  # fmt: skip
    return EXIT_OK


def add_list(actions) -> None:
    actions.add_parser("list", help="list the loaded packs", description="List loaded packs.")


def list_packs(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs.models import Pack

    packs = list(Pack.objects.order_by("name"))
    if not packs:
        print(_("No pack is loaded: load one with `atiende pack load FILE`."), file=stdout)
    for pack in packs:
        marker = "*" if pack.is_default else " "
        print(
            f"{marker} {pack.name:<16} v{pack.version:<4} {pack.loaded_at.isoformat()}  "
            f"{pack.display_name}",
            file=stdout,
        )
    if any(pack.is_default for pack in packs):
        print(_("* default pack (organisations without a pack)"), file=stdout)
    return EXIT_OK


def add_show(actions) -> None:
    show = actions.add_parser(
        "show", help="show a loaded pack and its versions", description="Show a loaded pack."
    )
    show.add_argument("name", metavar="NAME")


def _pack(name: str):
    from atiende.packs.models import Pack

    pack = Pack.objects.filter(name=name).first()
    if pack is None:
        names = ", ".join(Pack.objects.order_by("name").values_list("name", flat=True))
        raise CommandError(
            _("No pack named %(name)s is loaded (loaded: %(names)s).")
            % {"name": name, "names": names or _("none")},
            EXIT_FAILED,
        )
    return pack


def show(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs.models import Plan
    from atiende.sla.models import BusinessCalendar, Policy
    from atiende.tickets.models import Workflow

    pack = _pack(args.name)
    print(f"{pack.name}: {pack.display_name}", file=stdout)
    print(_("version: %(version)s (digest %(digest)s)")
          % {"version": pack.version, "digest": pack.digest[:12]}, file=stdout)  # fmt: skip
    print(_("default pack: %(value)s") % {"value": _("yes") if pack.is_default else _("no")},
          file=stdout)  # fmt: skip
    languages = ", ".join(pack.languages)
    print(_("languages: %(languages)s; time zone: %(zone)s")
          % {"languages": languages, "zone": pack.time_zone}, file=stdout)  # fmt: skip
    counts = [
        (_("calendars"), BusinessCalendar.objects.filter(pack=pack).count()),
        (_("plans"), Plan.objects.filter(pack=pack).count()),
        (_("workflows"), Workflow.objects.filter(pack=pack).count()),
        (_("SLA policies"), Policy.objects.filter(pack=pack, is_active=True).count()),
        (_("kinds"), len(pack.spec.get("kinds") or {})),
    ]
    print(", ".join(f"{label}: {count}" for label, count in counts), file=stdout)
    print(_("versions:"), file=stdout)
    for version in pack.versions.order_by("version").select_related("loaded_by"):
        who = version.loaded_by.username if version.loaded_by else "-"
        print(
            f"  v{version.version}  {version.loaded_at.isoformat()}  {who}  "
            f"{version.digest[:12]}  " + _("%(count)s changes") % {"count": len(version.changes)},
            file=stdout,
        )
    return EXIT_OK


def add_export(actions) -> None:
    export = actions.add_parser(
        "export",
        help="write a loaded pack as YAML (loading it again changes nothing)",
        description="Write the loaded pack back as YAML, to standard output or --output.",
    )
    export.add_argument("name", metavar="NAME")
    export.add_argument("--output", metavar="FILE", help="write to FILE instead")


def export(args: argparse.Namespace, stdout, stderr) -> int:
    from atiende.packs.export import export_pack

    text = export_pack(_pack(args.name))
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
    else:
        stdout.write(text)
    return EXIT_OK


STORE_ACTIONS = {
    "load": (add_load, load),
    "list": (add_list, list_packs),
    "show": (add_show, show),
    "export": (add_export, export),
}
