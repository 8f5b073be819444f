"""Auto-replies, loops, bounces (DSN and plain words) and feedback reports."""

import pytest

from atiende.channels.mail.parse import parse_message
from atiende.channels.mail.parse.classify import bounce_reason, parse_delivery_status
from tests.channels.mail.builders import raw, simple


def test_it_classifies_a_person_s_mail_as_normal():
    parsed = parse_message(simple("La impresora no imprime."))
    assert parsed.classification == "normal"
    assert parsed.bounce is None
    assert not parsed.is_automatic


@pytest.mark.parametrize(
    "header",
    [
        "Auto-Submitted: auto-replied",
        "Auto-Submitted: auto-generated",
        "Precedence: bulk",
        "Precedence: junk",
        "Precedence: list",
        "Precedence: auto_reply",
        "X-Autoreply: yes",
        "X-Autorespond: on",
        "X-Auto-Response-Suppress: All",
        "Return-Path: <>",
        "X-Loop: desk@example.com",
    ],
)
def test_it_recognises_each_auto_reply_marker(header):
    message = raw(f"From: a@example.com\nTo: desk@example.com\nSubject: Hola\n{header}", "Hola")
    assert parse_message(message).classification == "auto_reply"


def test_it_accepts_auto_submitted_no():
    message = raw("From: a@example.com\nSubject: Hola\nAuto-Submitted: no", "Hola")
    assert parse_message(message).classification == "normal"


@pytest.mark.parametrize(
    "subject",
    [
        "Respuesta automática: Impresora",
        "Fuera de la oficina",
        "Automatic reply: Printer",
        "Out of Office: back on Monday",
        "Réponse automatique : imprimante",
        "Abwesenheitsnotiz",
    ],
)
def test_it_recognises_vacation_subjects(subject):
    assert parse_message(simple("Vuelvo el lunes.", Subject=subject)).classification == "auto_reply"


DSN = """From: Mail Delivery System <MAILER-DAEMON@mx.example.com>
To: desk@example.com
Subject: Undelivered Mail Returned to Sender
Auto-Submitted: auto-replied
MIME-Version: 1.0
Content-Type: multipart/report; report-type=delivery-status; boundary="b"
"""
DSN_BODY = """--b
Content-Type: text/plain

I'm sorry to have to inform you that your message could not be delivered.

--b
Content-Type: message/delivery-status

Reporting-MTA: dns; mx.example.com

Final-Recipient: rfc822; gone@example.org
Original-Recipient: rfc822;gone@example.org
Action: failed
Status: 5.1.1
Diagnostic-Code: smtp; 550 5.1.1 <gone@example.org>: Recipient address rejected:
    User unknown in virtual mailbox table

Final-Recipient: rfc822; full@example.org
Action: delayed
Status: 4.2.2
Diagnostic-Code: smtp; 452 4.2.2 Mailbox full

--b
Content-Type: message/rfc822

From: desk@example.com
To: gone@example.org
Subject: Ticket #42
Message-ID: <ticket-42@desk.example.com>

Your ticket was updated.
--b--
"""


def test_it_reads_a_delivery_status_report():
    parsed = parse_message(raw(DSN, DSN_BODY))
    assert parsed.classification == "bounce"
    bounce = parsed.bounce
    assert bounce.standard
    assert bounce.original_message_id == "ticket-42@desk.example.com"
    gone, full = bounce.recipients
    assert (gone.address, gone.status, gone.code, gone.reason, gone.action) == (
        "gone@example.org", "5.1.1", "550", "userunknown", "failed",
    )  # fmt: skip
    assert gone.hard
    assert (full.status, full.reason, full.action, full.hard) == (
        "4.2.2",
        "mailboxfull",
        "delayed",
        False,
    )
    assert bounce.hard
    assert parsed.is_automatic


def test_it_takes_the_original_id_from_returned_headers():
    body = DSN_BODY.replace("Content-Type: message/rfc822", "Content-Type: text/rfc822-headers")
    assert parse_message(raw(DSN, body)).bounce.original_message_id == "ticket-42@desk.example.com"


def test_it_calls_a_success_notice_an_auto_reply_not_a_bounce():
    body = DSN_BODY.replace("Action: failed", "Action: delivered").replace(
        "Action: delayed", "Action: relayed"
    )
    parsed = parse_message(raw(DSN, body))
    assert parsed.classification == "auto_reply"
    assert parsed.bounce is None


QMAIL = """Return-Path: <>
From: MAILER-DAEMON@mail.example.net
To: desk@example.com
Subject: failure notice
"""
QMAIL_BODY = """Hi. This is the qmail-send program at mail.example.net.
I'm afraid I wasn't able to deliver your message to the following addresses.
This is a permanent error; I've given up. Sorry it didn't work out.

<nobody@example.org>:
192.0.2.1 does not like recipient.
Remote host said: 550 5.1.1 <nobody@example.org>... User unknown
Giving up on 192.0.2.1.

--- Below this line is a copy of the message.

Return-Path: <desk@example.com>
Message-ID: <ticket-7@desk.example.com>
From: desk@example.com
To: nobody@example.org
Subject: Ticket #7
"""


def test_it_recognises_a_plain_words_bounce():
    parsed = parse_message(raw(QMAIL, QMAIL_BODY))
    assert parsed.classification == "bounce"
    assert not parsed.bounce.standard
    (recipient,) = parsed.bounce.recipients
    assert (recipient.address, recipient.status, recipient.reason) == (
        "nobody@example.org", "5.1.1", "userunknown",
    )  # fmt: skip
    assert parsed.bounce.original_message_id == "ticket-7@desk.example.com"


def test_it_never_takes_a_person_s_mail_about_bounces_for_a_bounce():
    text = (
        "Our mails to partner@example.org come back with 'Undeliverable: 550 5.1.1 user "
        "unknown'. Delivery has failed to these recipients. Can you check the MX?"
    )
    parsed = parse_message(simple(text, Subject="Mail delivery failed to partner"))
    assert parsed.classification == "normal"


def test_it_recognises_an_abuse_feedback_report():
    message = raw(
        "From: feedback@example.net\nTo: desk@example.com\nSubject: FW: spam\n"
        "MIME-Version: 1.0\nContent-Type: multipart/report; report-type=feedback-report;"
        ' boundary="b"',
        "--b\nContent-Type: text/plain\n\nThis is an abuse report.\n--b\n"
        "Content-Type: message/feedback-report\n\nFeedback-Type: abuse\nVersion: 1\n--b--\n",
    )
    assert parse_message(message).classification == "feedback_report"


def test_it_calls_a_read_receipt_an_auto_reply():
    message = raw(
        "From: c@example.com\nTo: desk@example.com\nSubject: Read: Printer\n"
        "MIME-Version: 1.0\nContent-Type: multipart/report;"
        ' report-type=disposition-notification; boundary="b"',
        "--b\nContent-Type: text/plain\n\nYour message was read.\n--b\n"
        "Content-Type: message/disposition-notification\n\n"
        "Disposition: manual-action/MDN-sent-manually; displayed\n--b--\n",
    )
    assert parse_message(message).classification == "auto_reply"


def test_it_parses_odd_delivery_status_fields():
    recipients = parse_delivery_status(
        "Reporting-MTA: dns; x\n\nFinal-Recipient: RFC822;<a@example.com>\nAction: expired\n"
        "Status: \nDiagnostic-Code: Connection timed out\n"
    )
    assert [(r.address, r.action, r.reason) for r in recipients] == [
        ("a@example.com", "failed", "networkerror")
    ]


@pytest.mark.parametrize(
    ("status", "diagnostic", "reason"),
    [
        ("5.1.1", "550 5.1.1 User unknown", "userunknown"),
        ("5.2.2", "552 Mailbox full", "mailboxfull"),
        ("5.1.2", "Host or domain name not found", "hostunknown"),
        ("5.7.1", "554 5.7.1 Service unavailable; client host blocked using zen", "blocked"),
        ("5.1.8", "553 5.1.8 Domain of sender address does not exist", "rejected"),
        ("5.0.0", "550 Unknown user (in reply to end of DATA command)", "filtered"),
        ("4.4.1", "Connection timed out", "networkerror"),
        ("5.3.2", "System not accepting network messages", "notaccept"),
    ],
)
def test_it_names_the_reason_of_a_bounce(status, diagnostic, reason):
    assert bounce_reason(status, diagnostic) == reason
