"""``atiende mail``: the e-mail intake from the command line (C2, C3).

    atiende mail ingest [--mailbox NAME] [--recipient ADDRESS] < message.eml
    atiende mail import PATH [--mailbox NAME]
    atiende mail failed list [--all]
    atiende mail failed retry ID [ID ...]
    atiende mail poll [--mailbox NAME] [--once] [--idle] [--interval SECONDS]

``ingest`` is for an MTA pipe (e.g. Postfix ``mailbox_command`` or an alias
``"|atiende mail ingest --recipient ${recipient}"``): it prints one JSON object
``{"action": …, "ticket": number|null, "reason": str|null}`` and exits 0 once the message is
stored, whatever became of it; it exits 75 (EX_TEMPFAIL: the MTA keeps the message and tries
again) only when the message could not be stored. ``add_arguments`` registers the
sub-commands (no Django import: it runs before the settings are loaded); ``run`` executes
them — each an adapter around :mod:`atiende.channels.mail.actions` and ``queries``.
"""

import argparse
import json
import sys

EX_TEMPFAIL = 75


def add_arguments(subparsers) -> None:
    mail = subparsers.add_parser(
        "mail",
        help="e-mail intake: ingest, import, poll mailboxes, retry failed messages",
        description=(
            "Feed e-mail into the desk: one message from standard input (an MTA pipe), a "
            "Maildir / mbox / folder of .eml files, or the configured IMAP mailboxes."
        ),
    )
    actions = mail.add_subparsers(dest="mail_command", metavar="ACTION", parser_class=type(mail))
    actions.required = True

    ingest = actions.add_parser(
        "ingest",
        help="store and process one message read from standard input",
        description=(
            "Read one raw message (RFC 5322) from standard input, store it and process it. "
            'Prints {"action", "ticket", "reason"} as JSON. Exits 0 once the message is '
            "stored, 75 (temporary failure) when it could not be stored."
        ),
    )
    ingest.add_argument("--mailbox", metavar="NAME", default="", help="label of the source")
    ingest.add_argument(
        "--recipient", metavar="ADDRESS", default="",
        help="the envelope recipient, as the MTA knows it (e.g. Postfix ${recipient})",
    )  # fmt: skip

    importer = actions.add_parser(
        "import",
        help="import a Maildir, an mbox file, a folder of .eml files or one .eml file",
        description=(
            "Store and process every message of PATH (a Maildir, an mbox file, a folder of "
            ".eml files, or one .eml file). Messages already stored are skipped. Prints the "
            "count of each outcome as JSON; shows progress on a terminal."
        ),
    )
    importer.add_argument("path", metavar="PATH")
    importer.add_argument("--mailbox", metavar="NAME", default="", help="label of the source")

    failed = actions.add_parser("failed", help="list or retry messages that need a person")
    failed_actions = failed.add_subparsers(
        dest="failed_command", metavar="ACTION", parser_class=type(mail)
    )
    failed_actions.required = True
    listing = failed_actions.add_parser(
        "list",
        help="list failed, rejected, quarantined and unprocessed messages",
        description="List inbound messages that failed, were rejected or quarantined, or "
        "wait to be processed, oldest first.",
    )
    listing.add_argument(
        "--status", action="append", metavar="STATUS",
        help="only this status (repeatable): failed, rejected, quarantined, received, …",
    )  # fmt: skip
    retry = failed_actions.add_parser(
        "retry",
        help="process failed, rejected or quarantined messages again",
        description="Send the messages with these ids through the intake again; prints "
        "one JSON line per message.",
    )
    retry.add_argument("ids", metavar="ID", nargs="+", type=_positive_int)

    poll = actions.add_parser(
        "poll",
        help="read the IMAP mailboxes",
        description=(
            "Read new mail from the active IMAP mailboxes (or one). With --once: read once, "
            "print what was done as JSON and exit; otherwise keep reading, every --interval "
            "seconds or, with --idle, as soon as the server announces new mail."
        ),
    )
    poll.add_argument("--mailbox", metavar="NAME", help="only this mailbox")
    poll.add_argument("--once", action="store_true", help="read once and exit")
    poll.add_argument("--idle", action="store_true", help="wait for new mail with IMAP IDLE")
    poll.add_argument(
        "--interval", type=_seconds, default=None,
        help="seconds between polls (default: ATIENDE_MAIL_POLL_SECONDS)",
    )  # fmt: skip


def _positive_int(value: str) -> int:
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a message id") from None
    if number < 1:
        raise argparse.ArgumentTypeError("a message id is a positive number")
    return number


def _seconds(value: str) -> float:
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{value!r} is not a number of seconds") from None
    if not 1 <= number <= 86400:
        raise argparse.ArgumentTypeError("give a number of seconds between 1 and 86400")
    return number


def run(args) -> int:
    if args.mail_command == "ingest":
        return _ingest(args)
    if args.mail_command == "import":
        return _import(args)
    if args.mail_command == "poll":
        return _poll(args)
    if args.failed_command == "list":
        return _failed_list(args)
    return _failed_retry(args)


def _print_json(value) -> None:
    print(json.dumps(value, ensure_ascii=False), flush=True)


# --- ingest ----------------------------------------------------------------------------------


def _ingest(args) -> int:
    from django.db import DatabaseError
    from django.utils.translation import gettext as _

    from atiende.channels.mail import actions, receive
    from atiende.cli import CommandError

    raw = sys.stdin.buffer.read()
    if not raw.strip():
        raise CommandError(_("standard input is empty: pipe one message into the command."))
    source = f"pipe:{args.mailbox}" if args.mailbox else "pipe"
    try:
        inbound, created = receive.store_raw(raw, source=source, envelope_to=args.recipient)
    except DatabaseError as exc:
        raise CommandError(
            _("the message could not be stored: %(error)s") % {"error": exc}, EX_TEMPFAIL
        ) from None
    try:
        outcome = actions.process_stored(inbound, created=created).as_dict()
    except DatabaseError:
        # Stored: the next poll or ``atiende mail failed retry`` processes it.
        outcome = {"action": "failed", "ticket": None, "reason": "database_error"}
    _print_json(outcome)
    return 0


# --- import ----------------------------------------------------------------------------------


def _import(args) -> int:
    from pathlib import Path

    from django.utils.translation import gettext as _

    from atiende.channels.mail import actions, importer
    from atiende.cli import CommandError

    path = Path(args.path).expanduser()
    try:
        source = importer.open_source(path)
    except importer.ImportSourceError as exc:
        raise CommandError(str(exc)) from None
    label = f"import:{args.mailbox}" if args.mailbox else "import"
    counts: dict[str, int] = {}
    total = source.count()
    progress = sys.stderr.isatty()
    for index, (key, raw) in enumerate(source.messages(), start=1):
        _row, outcome = actions.ingest(raw, source=f"{label}:{path.name}/{key}"[:300])
        counts[outcome.action] = counts.get(outcome.action, 0) + 1
        if progress:
            _progress(index, total)
    if progress:
        print(file=sys.stderr)
    _print_json({"path": str(path), "messages": sum(counts.values()), "actions": counts})
    if not counts:
        print(_("No message found in %(path)s.") % {"path": path}, file=sys.stderr)
    return 0


def _progress(done: int, total: int) -> None:
    width = 30
    filled = int(width * done / total) if total else width
    bar = "#" * filled + "-" * (width - filled)
    sys.stderr.write(f"\r[{bar}] {done}/{total}")
    sys.stderr.flush()


# --- failed ----------------------------------------------------------------------------------


def _failed_list(args) -> int:
    from django.utils.translation import gettext as _

    from atiende.channels.mail import queries
    from atiende.channels.mail.codes import Status
    from atiende.cli import CommandError

    statuses = args.status or list(queries.NEEDS_ATTENTION)
    unknown = [status for status in statuses if status not in Status.values]
    if unknown:
        raise CommandError(
            _("unknown status %(status)s: use one of %(choices)s.")
            % {"status": ", ".join(unknown), "choices": ", ".join(Status.values)}
        )
    rows = list(queries.messages_needing_attention(statuses))
    if not rows:
        print(_("No inbound message needs attention."))
        return 0
    print("\t".join([_("ID"), _("RECEIVED"), _("STATUS"), _("REASON"), _("FROM"), _("SUBJECT")]))
    for row in rows:
        first_error = (row.error or "").strip().splitlines()
        print(
            "\t".join(
                [
                    str(row.pk),
                    row.received_at.isoformat(timespec="seconds"),
                    row.status,
                    row.reason or "-",
                    row.from_address or "-",
                    (row.subject or "-")[:80],
                ]
            )
        )
        if first_error:
            print(f"\t{first_error[-1][:200]}")
    return 0


def _failed_retry(args) -> int:
    from atiende.channels.mail import actions
    from atiende.cli import EXIT_FAILED
    from atiende.core.errors import ActionError

    code = 0
    for inbound_id in args.ids:
        try:
            _row, outcome = actions.retry(inbound_id)
        except ActionError as exc:
            print(f"atiende: {exc.message}", file=sys.stderr)
            code = EXIT_FAILED
            continue
        _print_json({"id": inbound_id, **outcome.as_dict()})
    return code


# --- poll ------------------------------------------------------------------------------------


def _poll(args) -> int:
    import logging
    import signal
    import threading

    from django.conf import settings
    from django.utils.translation import gettext as _

    from atiende.channels.mail import imap
    from atiende.channels.mail.models import Mailbox
    from atiende.cli import EXIT_FAILED, CommandError

    mailboxes = Mailbox.objects.filter(is_active=True).order_by("name")
    if args.mailbox:
        mailboxes = mailboxes.filter(name=args.mailbox)
    mailboxes = list(mailboxes)
    if not mailboxes:
        raise CommandError(
            _("there is no active mailbox “%(name)s”.") % {"name": args.mailbox}
            if args.mailbox
            else _("no active mailbox is configured: add one in the admin (Mailboxes).")
        )
    log = logging.getLogger("atiende.mail")
    interval = args.interval or settings.ATIENDE_MAIL_POLL_SECONDS
    stop = threading.Event()
    if not args.once:
        for sig in (signal.SIGTERM, signal.SIGINT):
            signal.signal(sig, lambda signum, frame: stop.set())
    if args.idle and not args.once:
        threads = [
            threading.Thread(
                target=_watch, args=(mailbox.pk, stop, interval), name=f"mail-{mailbox.name}"
            )
            for mailbox in mailboxes
        ]
        for thread in threads:
            thread.start()
        for thread in threads:
            while thread.is_alive():
                thread.join(0.5)
        return 0
    code = 0
    while True:
        for mailbox in mailboxes:
            log.info("mail: polling mailbox %s", mailbox.name)
            try:
                result = imap.poll(mailbox)
            except imap.MailboxError as exc:
                print(f"atiende: {exc}", file=sys.stderr)
                code = EXIT_FAILED
                continue
            if args.once:
                _print_json(result.as_dict())
        if args.once or stop.wait(interval):
            return code
        for mailbox in mailboxes:
            mailbox.refresh_from_db()


def _watch(mailbox_id: int, stop, interval: float) -> None:
    from django.db import connection

    from atiende.channels.mail import imap
    from atiende.channels.mail.models import Mailbox

    try:
        imap.watch(Mailbox.objects.get(pk=mailbox_id), stop=stop, poll_seconds=interval)
    finally:
        connection.close()
