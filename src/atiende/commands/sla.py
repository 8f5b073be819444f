"""``atiende sla due`` and ``atiende sla elapsed``: business-time answers from the command line.

    atiende sla due --calendar FILE --start ISO8601 --minutes N [--pause FROM/TO ...] [--explain]
    atiende sla elapsed --calendar FILE --start ISO8601 --end ISO8601 [--pause FROM/TO ...]
    atiende sla plan --pack NAME --kind KIND [--subtype S] [--urgency U --impact I | --priority P]
                     [--plan PLAN] [--channel CHANNEL] [--city-class CLASS] --at ISO8601

``FILE`` holds one calendar spec in YAML or JSON (see ``atiende.businesstime``). Instants are
ISO 8601 with a UTC offset (``2026-11-13T17:30-05:00``), optionally followed by an IANA zone in
brackets (``2026-11-13T17:30[America/Bogota]``, RFC 9557). Wiring: ``add_arguments`` registers
the sub-commands on the main parser; ``run(args)`` executes them. Input errors raise
:class:`atiende.cli.CommandError` (exit 2) with a message that says what is wrong and where.
"""

import argparse
import re
import sys
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import yaml
from django.conf import settings
from django.utils.translation import gettext as _

from atiende.businesstime import Calendar, CalendarError
from atiende.cli import EXIT_CONFIG, EXIT_OK, CommandError

LANGUAGES = ("es", "en")
_BRACKETED_ZONE = re.compile(r"^(?P<stamp>[^\[\]]+)\[(?P<zone>[^\[\]]+)\]$")


def add_arguments(subparsers) -> None:
    """Register ``sla due`` and ``sla elapsed`` on the main parser's sub-command set."""
    sla = subparsers.add_parser(
        "sla",
        help="business-time answers: due instants and elapsed business minutes",
        description="Compute SLA due instants and elapsed business time on a calendar file.",
    )
    actions = sla.add_subparsers(dest="sla_command", metavar="ACTION", parser_class=type(sla))
    actions.required = True

    due = actions.add_parser(
        "due",
        help="the instant N business minutes after START",
        description=(
            "Print the instant (ISO 8601 with offset) at which MINUTES business minutes have "
            "elapsed after START on the calendar, skipping pauses; --explain adds the steps."
        ),
    )
    _common(due)
    due.add_argument("--minutes", required=True, help="business minutes (may be fractional)")
    due.add_argument("--explain", action="store_true", help="print why, step by step")
    due.add_argument(
        "--language",
        choices=LANGUAGES,
        help="language of the explanation (default: ATIENDE_LANGUAGE)",
    )

    elapsed = actions.add_parser(
        "elapsed",
        help="business minutes between START and END",
        description="Print the business minutes between START and END, skipping pauses.",
    )
    _common(elapsed)
    elapsed.add_argument("--end", required=True, help="ISO 8601 instant with offset")

    plan = actions.add_parser(
        "plan",
        help="the SLA a ticket of a loaded pack would get (JSON)",
        description=(
            "Print as JSON what a ticket opened at --at would get under a loaded pack: "
            '{"accepted", "message", "priority", "policy", "targets": [{"name", "due_at"}]}. '
            "accepted is false with the pack's message when the ticket would be refused or "
            "flagged. A target by city class (S6) is planned for the site's --city-class "
            "(without it: a ticket without a site) and adds city_class, fixed and minutes. "
            "Nothing is written."
        ),
    )
    plan.add_argument("--pack", required=True, metavar="NAME", help="a loaded pack")
    plan.add_argument("--kind", required=True, help="incident, request or problem")
    plan.add_argument("--subtype", default="", help="a sub-type of the kind")
    plan.add_argument("--urgency", default="", help="with --impact: priority from the matrix")
    plan.add_argument("--impact", default="", help="with --urgency")
    plan.add_argument("--priority", default="", help="a priority of the pack")
    plan.add_argument("--plan", default="", help="support plan (default: the pack's)")
    plan.add_argument("--channel", default="", help="phone, email, portal, whatsapp, api, …")
    plan.add_argument(
        "--city-class", default="", metavar="CLASS",
        help="city class of the ticket's site: main, intermediate or remote (default: no site)",
    )  # fmt: skip
    plan.add_argument("--at", required=True, help="ISO 8601 instant with offset")


def _common(parser) -> None:
    parser.add_argument("--calendar", required=True, metavar="FILE", help="calendar spec file")
    parser.add_argument("--start", required=True, help="ISO 8601 instant with offset")
    parser.add_argument(
        "--pause",
        action="append",
        default=[],
        metavar="FROM/TO",
        help="a real-time interval during which the clock is stopped (repeatable)",
    )


def run(args: argparse.Namespace, stdout=None) -> int:
    """Run ``sla due`` or ``sla elapsed``; return the exit code."""
    handler = {"due": due, "elapsed": elapsed, "plan": plan_ticket}[args.sla_command]
    return handler(args, stdout or sys.stdout)


def due(args: argparse.Namespace, stdout) -> int:
    calendar = load_calendar(args.calendar)
    start = parse_instant(args.start, "--start")
    minutes = parse_minutes(args.minutes)
    pauses = [parse_pause(value, index) for index, value in enumerate(args.pause)]
    language = args.language or _default_language()
    result = calendar.add(start, minutes, pauses)
    print(result.isoformat(), file=stdout)
    if args.explain:
        for step in calendar.explain(start, minutes, pauses, language=language):
            print(step.text, file=stdout)
    return EXIT_OK


def elapsed(args: argparse.Namespace, stdout) -> int:
    calendar = load_calendar(args.calendar)
    start = parse_instant(args.start, "--start")
    end = parse_instant(args.end, "--end")
    pauses = [parse_pause(value, index) for index, value in enumerate(args.pause)]
    if end < start:
        raise CommandError(
            _("--end (%(end)s) is before --start (%(start)s).")
            % {"end": args.end, "start": args.start},
            EXIT_CONFIG,
        )
    print(format_minutes(calendar.elapsed(start, end, pauses)), file=stdout)
    return EXIT_OK


def plan_ticket(args: argparse.Namespace, stdout) -> int:
    """``sla plan``: an adapter over :func:`atiende.packs.preview.plan`."""
    import json

    from atiende.packs import preview
    from atiende.packs.models import Pack

    at = parse_instant(args.at, "--at")
    pack = Pack.objects.filter(name=args.pack).first()
    if pack is None:
        names = ", ".join(Pack.objects.order_by("name").values_list("name", flat=True))
        raise CommandError(
            _("No pack named %(name)s is loaded (loaded: %(names)s).")
            % {"name": args.pack, "names": names or _("none")}
        )
    answer = preview.plan(
        pack,
        kind=args.kind,
        subtype=args.subtype,
        urgency=args.urgency,
        impact=args.impact,
        priority=args.priority,
        plan=args.plan,
        channel=args.channel,
        city_class=args.city_class,
        at=at,
    )
    print(json.dumps(answer, ensure_ascii=False, indent=2), file=stdout)
    return EXIT_OK


# --- parsing ---------------------------------------------------------------------------------


def _default_language() -> str:
    language = (settings.LANGUAGE_CODE or "es").split("-")[0]
    return language if language in LANGUAGES else "es"


def load_calendar(path: str) -> Calendar:
    """Read a calendar spec from a YAML or JSON file; errors name the file and the field."""
    file = Path(path)
    try:
        text = file.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise CommandError(
            _("calendar file %(path)s does not exist.") % {"path": path}, EXIT_CONFIG
        ) from None
    except (OSError, UnicodeDecodeError) as exc:
        raise CommandError(
            _("calendar file %(path)s cannot be read: %(error)s") % {"path": path, "error": exc},
            EXIT_CONFIG,
        ) from None
    try:
        spec = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}:{mark.column + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise CommandError(
            _("%(path)s%(where)s is not valid YAML or JSON: %(problem)s")
            % {"path": path, "where": where, "problem": problem},
            EXIT_CONFIG,
        ) from None
    try:
        return Calendar.from_spec(spec)
    except CalendarError as exc:
        raise CommandError(
            _("%(path)s: the calendar is not valid: %(problem)s")
            % {"path": path, "problem": str(exc)},
            EXIT_CONFIG,
        ) from None


def parse_instant(value: str, option: str) -> datetime:
    """An aware datetime from ISO 8601 with an offset, or with a bracketed IANA zone."""
    text = value.strip()
    zone = None
    match = _BRACKETED_ZONE.match(text)
    if match:
        text = match["stamp"].strip()
        try:
            zone = ZoneInfo(match["zone"].strip())
        except (ZoneInfoNotFoundError, ValueError, OSError):
            raise CommandError(
                _(
                    "%(option)s %(value)s: unknown time zone %(zone)s; use an IANA name such as "
                    "America/Bogota."
                )
                % {"option": option, "value": value, "zone": match["zone"]},
                EXIT_CONFIG,
            ) from None
    try:
        instant = datetime.fromisoformat(text)
    except ValueError:
        raise CommandError(
            _("%(option)s %(value)s is not an ISO 8601 instant; write e.g. 2026-11-13T17:30-05:00.")
            % {"option": option, "value": value},
            EXIT_CONFIG,
        ) from None
    if zone is not None:
        if instant.tzinfo is None:
            return instant.replace(tzinfo=zone)
        return instant.astimezone(zone)
    if instant.tzinfo is None or instant.utcoffset() is None:
        raise CommandError(
            _(
                "%(option)s %(value)s has no UTC offset, so the instant is ambiguous; add one, "
                "e.g. %(example)s-05:00, or a zone: %(example)s[America/Bogota]."
            )
            % {"option": option, "value": value, "example": text},
            EXIT_CONFIG,
        ) from None
    return instant


def parse_minutes(value: str) -> Decimal:
    try:
        minutes = Decimal(value.strip())
    except InvalidOperation:
        minutes = None
    if minutes is None or not minutes.is_finite() or minutes < 0:
        raise CommandError(
            _("--minutes %(value)s is not a number of minutes (0 or more, e.g. 90 or 7.5).")
            % {"value": value},
            EXIT_CONFIG,
        )
    return minutes


def parse_pause(value: str, index: int) -> tuple[datetime, datetime]:
    """``FROM/TO``: the slash outside a bracketed zone separates the two instants."""
    depth, split = 0, None
    for position, char in enumerate(value):
        if char == "[":
            depth += 1
        elif char == "]":
            depth -= 1
        elif char == "/" and depth == 0:
            split = position
            break
    option = f"--pause #{index + 1}"
    if split is None:
        raise CommandError(
            _("%(option)s %(value)s: write FROM/TO, two ISO 8601 instants separated by /.")
            % {"option": option, "value": value},
            EXIT_CONFIG,
        )
    start = parse_instant(value[:split], f"{option} FROM")
    end = parse_instant(value[split + 1 :], f"{option} TO")
    if end < start:
        raise CommandError(
            _("%(option)s %(value)s ends before it starts.") % {"option": option, "value": value},
            EXIT_CONFIG,
        )
    return start, end


def format_minutes(value) -> str:
    """Minutes of a timedelta: ``90`` when whole, else a decimal such as ``7.5``."""
    microseconds = (value.days * 86_400 + value.seconds) * 1_000_000 + value.microseconds
    minutes = (Decimal(microseconds) / Decimal(60_000_000)).quantize(Decimal("0.000001"))
    if minutes == minutes.to_integral_value():
        return str(int(minutes))
    return format(minutes.normalize(), "f")
