"""``atiende mail``: the e-mail intake and the outbox from the command line (C2, C3, N5).

    atiende mail ingest [--mailbox NAME] [--recipient ADDRESS] < message.eml
    atiende mail import PATH [--mailbox NAME]
    atiende mail failed list [--all]
    atiende mail failed retry ID [ID ...]
    atiende mail poll [--mailbox NAME] [--once] [--idle] [--interval SECONDS]
    atiende mail outbox list [--status STATUS] [--ticket NUMBER] [--limit N] [--json]
    atiende mail outbox retry ID [ID ...] | --all-failed [--ticket NUMBER] [--json]

``ingest`` is for an MTA pipe (e.g. Postfix ``mailbox_command`` or an alias
``"|atiende mail ingest --recipient ${recipient}"``): it prints one JSON object
``{"action": …, "ticket": number|null, "reason": str|null}`` and exits 0 once the message is
stored, whatever became of it; it exits 75 (EX_TEMPFAIL: the MTA keeps the message and tries
again) only when the message could not be stored. ``add_arguments`` registers the
sub-commands (no Django import: it runs before the settings are loaded); ``run`` executes
them — each an adapter around :mod:`atiende.channels.mail.actions` and ``queries``, or, for
``outbox``, :mod:`atiende.notify.resend`.
"""

import argparse
import json
import sys

EX_TEMPFAIL = 75
OUTBOX_STATUSES = ("failed", "pending", "sending", "sent")  # notify.models.OutboxStatus


def add_arguments(subparsers) -> None:
    mail = subparsers.add_parser(
        "mail",
        help="e-mail: ingest, import, poll mailboxes, retry failed messages, the outbox",
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

    outbox = actions.add_parser("outbox", help="list outgoing mail, send failed mail again")
    outbox_actions = outbox.add_subparsers(
        dest="outbox_command", metavar="ACTION", parser_class=type(mail)
    )
    outbox_actions.required = True
    outbox_list = outbox_actions.add_parser(
        "list",
        help="list outgoing mail (default: all but sent)",
        description="List outgoing e-mails, oldest first: id, status, recipients, subject, "
        "attempts, last error and case number. Without --status every one not sent yet or "
        "failed; at most --limit rows (the newest).",
    )
    outbox_list.add_argument(
        "--status", choices=OUTBOX_STATUSES, help="only this status: failed, pending, sending, sent"
    )
    outbox_list.add_argument("--ticket", metavar="NUMBER", help="only this ticket's (case number)")
    outbox_list.add_argument(
        "--limit", metavar="N", type=_positive_int, default=200,
        help="show at most N rows, the newest (default: 200)",
    )  # fmt: skip
    outbox_list.add_argument("--json", action="store_true", help="one JSON object per line")
    outbox_retry = outbox_actions.add_parser(
        "retry",
        help="send failed outgoing mail again",
        description="Queue failed outgoing e-mails to be sent again, with the same Message-ID: "
        "the ones with these ids, or with --all-failed every failed one (of --ticket). Prints "
        "what was queued. Refuses, changing nothing, when an id is unknown or not failed.",
    )
    outbox_retry.add_argument("ids", metavar="ID", nargs="*", type=_positive_int)
    outbox_retry.add_argument(
        "--all-failed", action="store_true", help="every failed e-mail (with --ticket: its own)"
    )
    outbox_retry.add_argument(
        "--ticket", metavar="NUMBER", help="with --all-failed: only this ticket's (case number)"
    )
    outbox_retry.add_argument("--json", action="store_true", help="one JSON object per line")

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
    if args.mail_command == "outbox":
        return _outbox_list(args) if args.outbox_command == "list" else _outbox_retry(args)
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


# --- outbox ----------------------------------------------------------------------------------


def _ticket_by_number(number: str):
    from django.utils.translation import gettext as _

    from atiende.cli import CommandError
    from atiende.tickets.models import Ticket

    ticket = Ticket.objects.filter(number__iexact=number.strip()).first()
    if ticket is None:
        raise CommandError(
            _("There is no ticket %(number)s: check the case number.") % {"number": number}
        )
    return ticket


def _outbox_dict(row) -> dict:
    def iso(value):
        return value.isoformat(timespec="seconds") if value else None

    return {
        "id": row.pk,
        "status": row.status,
        "to": list(row.to),
        "subject": row.subject,
        "attempts": row.attempts,
        "last_error": row.last_error or None,
        "ticket": row.ticket.number if row.ticket_id else None,
        "cause": row.cause,
        "message_id": row.message_id,
        "created_at": iso(row.created_at),
        "next_attempt_at": iso(row.next_attempt_at),
        "sent_at": iso(row.sent_at),
        "failed_at": iso(row.failed_at),
    }


def _print_outbox(rows, as_json: bool) -> None:
    from django.utils.translation import gettext as _

    if as_json:
        for row in rows:
            _print_json(_outbox_dict(row))
        return
    header = [_("ID"), _("STATUS"), _("TO"), _("SUBJECT"), _("ATTEMPTS"), _("LAST ERROR")]
    print("\t".join([*header, _("TICKET")]))
    for row in rows:
        last_error = " ".join((row.last_error or "").split())
        print(
            "\t".join(
                [
                    str(row.pk),
                    row.status,
                    ", ".join(row.to) or "-",
                    (row.subject or "-")[:80],
                    str(row.attempts),
                    last_error[:200] or "-",
                    row.ticket.number if row.ticket_id else "-",
                ]
            )
        )


def _outbox_list(args) -> int:
    from django.utils.translation import gettext as _

    from atiende.notify.queries import outbox_rows

    ticket = _ticket_by_number(args.ticket) if args.ticket else None
    newest = list(outbox_rows(status=args.status, ticket=ticket).order_by("-id")[: args.limit + 1])
    rows = newest[: args.limit][::-1]
    if len(newest) > args.limit:
        print(
            _("Only the newest %(limit)s e-mails are shown (--limit).") % {"limit": args.limit},
            file=sys.stderr,
        )
    if not rows and not args.json:
        print(_("No outgoing e-mail matches."))
        return 0
    _print_outbox(rows, args.json)
    return 0


def _outbox_retry(args) -> int:
    from django.utils.translation import gettext as _

    from atiende import clock
    from atiende.cli import EXIT_CONFIG, CommandError
    from atiende.notify.queries import failed_rows
    from atiende.notify.resend import resend
    from atiende.tickets.codes import Channel

    if args.all_failed == bool(args.ids):
        raise CommandError(
            _("Give the ids of the e-mails to send again, or --all-failed."), EXIT_CONFIG
        )
    if args.ticket and not args.all_failed:
        raise CommandError(_("--ticket goes with --all-failed."), EXIT_CONFIG)
    if args.all_failed:
        ticket = _ticket_by_number(args.ticket) if args.ticket else None
        wanted = list(failed_rows(ticket=ticket).values_list("pk", flat=True))
        if not wanted:
            print(_("No failed outgoing e-mail to send again."), file=sys.stderr)
            return 0
    else:
        wanted = args.ids
    # An unknown id or a row that is not failed: ActionError, shown by the CLI (exit 1).
    rows = resend(wanted, actor=None, channel=Channel.CLI, now=clock.now())
    _print_outbox(rows, args.json)
    return 0


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
