"""``atiende mail outbox list|retry`` (N5): the outgoing mail as a table or JSON, and failed mail
sent again with the same Message-ID; an unknown id or a row that is not failed is refused with
exit 1 and nothing changed."""

import json
from datetime import UTC, datetime

import pytest
from django.db import transaction

from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.outbox import enqueue_email
from atiende.notify.sender import send_batch
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories
from tests.cli.helpers import run
from tests.notify.conftest import mail_settings, smtp  # noqa: F401 (fixtures)

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
REFUSED = "550 5.1.1 Mailbox unavailable"


def open_ticket(address: str):
    org = factories.organisation(language="en")
    requester = factories.contact(org, email=address, language="en")
    return factories.ticket(org, requester=requester, channel=Channel.PORTAL, now=CURRENT_TIME)


@pytest.fixture
def desk(smtp, db):  # noqa: F811
    """Two tickets whose acknowledgements were refused for good, one delivered, one waiting."""
    failing = [open_ticket("noc@example.com"), open_ticket("ops@example.com")]
    delivered = open_ticket("desk@example.com")
    for address in ("noc@example.com", "ops@example.com"):
        smtp.recorder.refuse_recipients[address] = REFUSED
    send_batch(now=CURRENT_TIME)
    smtp.recorder.refuse_recipients.clear()
    with transaction.atomic():
        waiting = enqueue_email(
            to=["later@example.com"], subject="Later", text="Text", cause="test", now=CURRENT_TIME
        )
    rows = {row.ticket_id: row for row in OutboxMessage.objects.exclude(pk=waiting.pk)}
    return {
        "tickets": failing,
        "failed": [rows[ticket.pk] for ticket in failing],
        "sent": rows[delivered.pk],
        "waiting": waiting,
    }


def snapshot():
    return list(OutboxMessage.objects.order_by("id").values())


# --- list ------------------------------------------------------------------------------------


def test_list_shows_every_row_not_sent_as_a_table(capsys, desk):
    code, out, err = run(capsys, "mail", "outbox", "list")

    assert (code, err) == (0, "")
    header, *lines = out.splitlines()
    assert header.split("\t") == [
        "ID", "STATUS", "TO", "SUBJECT", "ATTEMPTS", "LAST ERROR", "TICKET",
    ]  # fmt: skip
    first, second = desk["failed"]
    fields = [line.split("\t") for line in lines]
    assert [f[0] for f in fields] == [str(first.pk), str(second.pk), str(desk["waiting"].pk)]
    assert fields[0][:5] == [str(first.pk), "failed", "noc@example.com", first.subject, "1"]
    assert REFUSED in fields[0][5]
    assert fields[0][6] == desk["tickets"][0].number
    assert fields[2][1:] == ["pending", "later@example.com", "Later", "0", "-", "-"]


def test_list_filters_by_status_and_ticket_and_prints_json(capsys, desk):
    ticket = desk["tickets"][1]

    code, out, _err = run(
        capsys, "mail", "outbox", "list", "--status", "failed", "--ticket", ticket.number.lower(),
        "--json",
    )  # fmt: skip

    assert code == 0
    [line] = [json.loads(line) for line in out.splitlines()]
    row = desk["failed"][1]
    assert line["id"] == row.pk
    assert (line["status"], line["to"], line["ticket"]) == (
        "failed",
        ["ops@example.com"],
        ticket.number,
    )
    assert (line["attempts"], line["message_id"]) == (1, row.message_id)
    assert REFUSED in line["last_error"]

    _code, out, _err = run(capsys, "mail", "outbox", "list", "--status", "sent")
    assert [line.split("\t")[0] for line in out.splitlines()[1:]] == [str(desk["sent"].pk)]


def test_list_shows_only_the_newest_rows_past_the_limit(capsys, desk):
    code, out, err = run(capsys, "mail", "outbox", "list", "--limit", "1")

    assert code == 0
    assert [line.split("\t")[0] for line in out.splitlines()[1:]] == [str(desk["waiting"].pk)]
    assert "Only the newest 1 e-mails are shown" in err


def test_list_says_when_nothing_matches(capsys, db):
    code, out, _err = run(capsys, "mail", "outbox", "list", "--status", "failed")

    assert (code, out) == (0, "No outgoing e-mail matches.\n")


def test_list_refuses_an_unknown_ticket_and_status(capsys, db):
    code, _out, err = run(capsys, "mail", "outbox", "list", "--ticket", "INC-999999")
    assert code == 1
    assert "There is no ticket INC-999999" in err

    code, _out, err = run(capsys, "mail", "outbox", "list", "--status", "lost")
    assert code == 2
    assert "invalid choice: 'lost'" in err


# --- retry -----------------------------------------------------------------------------------


def test_retry_queues_the_rows_and_the_sender_delivers_them_once(capsys, desk, smtp):  # noqa: F811
    first, second = desk["failed"]

    code, out, err = run(capsys, "mail", "outbox", "retry", str(second.pk), str(first.pk))

    assert (code, err) == (0, "")
    lines = [line.split("\t") for line in out.splitlines()[1:]]
    assert [(f[0], f[1], f[4]) for f in lines] == [
        (str(second.pk), "pending", "0"),
        (str(first.pk), "pending", "0"),
    ]
    events = HistoryEvent.objects.filter(code=EventCode.MAIL_RESENT)
    assert sorted((e.ticket_id, e.channel, e.actor_id) for e in events) == [
        (ticket.pk, Channel.CLI, None) for ticket in desk["tickets"]
    ]

    delivered_before = len(smtp.messages)
    assert send_batch() == 3  # the two sent again, and the one that was waiting

    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == 4
    again = smtp.by_message_id()
    assert again[f"<{first.message_id}>"] == again[f"<{second.message_id}>"] == 1
    assert len(smtp.messages) == delivered_before + 3


def test_retry_all_failed_of_one_ticket(capsys, desk):
    first, second = desk["failed"]

    code, out, _err = run(
        capsys, "mail", "outbox", "retry", "--all-failed", "--ticket", desk["tickets"][0].number,
        "--json",
    )  # fmt: skip

    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [first.pk]
    statuses = dict(OutboxMessage.objects.values_list("pk", "status"))
    assert (statuses[first.pk], statuses[second.pk]) == ("pending", "failed")


def test_retry_all_failed(capsys, desk):
    code, out, _err = run(capsys, "mail", "outbox", "retry", "--all-failed", "--json")

    assert code == 0
    assert [json.loads(line)["id"] for line in out.splitlines()] == [
        row.pk for row in desk["failed"]
    ]
    assert not OutboxMessage.objects.filter(status=OutboxStatus.FAILED).exists()


def test_retry_all_failed_with_none_failed_does_nothing(capsys, db):
    code, out, err = run(capsys, "mail", "outbox", "retry", "--all-failed")

    assert (code, out) == (0, "")
    assert "No failed outgoing e-mail to send again." in err


@pytest.mark.parametrize("which", ["sent", "waiting"])
def test_retry_refuses_a_row_that_is_not_failed_and_changes_nothing(capsys, desk, which):
    other = desk[which]
    before = snapshot()

    code, out, err = run(
        capsys, "mail", "outbox", "retry", str(desk["failed"][0].pk), str(other.pk)
    )

    assert (code, out) == (1, "")
    assert f"Only failed e-mails can be sent again: {other.pk} is {other.status}." in err
    assert snapshot() == before
    assert not HistoryEvent.objects.filter(code=EventCode.MAIL_RESENT).exists()


def test_retry_refuses_an_unknown_id_and_changes_nothing(capsys, desk):
    before = snapshot()

    code, out, err = run(capsys, "mail", "outbox", "retry", str(desk["failed"][0].pk), "999999")

    assert (code, out) == (1, "")
    assert "There is no outgoing e-mail 999999." in err
    assert snapshot() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        ([], "Give the ids of the e-mails to send again, or --all-failed."),
        (["1", "--all-failed"], "Give the ids of the e-mails to send again, or --all-failed."),
        (["1", "--ticket", "INC-000001"], "--ticket goes with --all-failed."),
    ],
)
def test_retry_refuses_arguments_that_do_not_fit(capsys, db, argv, message):
    code, _out, err = run(capsys, "mail", "outbox", "retry", *argv)

    assert code == 2
    assert message in err


def test_retry_refuses_an_id_that_is_not_a_number(capsys, db):
    code, _out, err = run(capsys, "mail", "outbox", "retry", "abc")
    assert code == 2
    assert "'abc' is not a message id" in err
