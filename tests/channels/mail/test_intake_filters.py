"""Filters called alone, on a hand-made context (STYLE rule 9: each filter is testable by
itself; the pipeline tests cover them in order)."""

import pytest

from atiende.channels.mail import receive
from atiende.channels.mail.codes import Action
from atiende.channels.mail.context import Context
from atiende.channels.mail.filters import auto_response, loop, parse, sender, size
from atiende.channels.mail.models import InboundMessage
from tests.channels.mail.intake import CURRENT_TIME, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def _context(raw: bytes, **fields) -> Context:
    row, _created = receive.store_raw(raw, source="test")
    ctx = Context(inbound=InboundMessage.objects.get(pk=row.pk), raw=raw, now=CURRENT_TIME)
    assert parse.run(ctx) is None
    for name, value in fields.items():
        setattr(ctx, name, value)
    return ctx


def test_parse_reads_the_envelope_recipients():
    ctx = _context(mail(headers={"Delivered-To": "Support+7-abc@Example.com"}))

    assert ctx.parsed.subject == "Printer on floor 3 does not print"
    assert ctx.envelope_to == ["support+7-abc@example.com"]


def test_loop_marks_machine_mail_and_passes_it_on():
    ctx = _context(mail(headers={"Auto-Submitted": "auto-generated"}))

    assert loop.run(ctx) is None
    assert (ctx.automatic, ctx.auto_reply, ctx.auto_response) == (True, False, False)


def test_loop_marks_an_auto_reply_as_an_answer():
    ctx = _context(mail(headers={"Auto-Submitted": "auto-replied"}))

    assert loop.run(ctx) is None
    assert (ctx.auto_reply, ctx.auto_response) == (False, True)


def test_loop_leaves_a_person_s_mail_alone():
    ctx = _context(mail())

    assert loop.run(ctx) is None
    assert (ctx.automatic, ctx.auto_reply, ctx.auto_response) == (False, True, False)


def test_size_stops_a_truncated_message(settings):
    settings.ATIENDE_MAIL_MAX_BYTES = 1024
    ctx = _context(mail(body="x" * 4000))

    outcome = size.run(ctx)

    assert (outcome.action, outcome.reason) == (Action.REJECTED, "too_large")


def test_sender_never_reads_reply_to(customer):
    ctx = _context(mail(sender="other@example.org", headers={"Reply-To": customer.email}))

    assert sender.run(ctx) is None
    assert (ctx.address, ctx.contacts) == ("other@example.org", [])


def test_auto_response_without_ticket_is_ignored():
    ctx = _context(mail(), auto_response=True)

    assert auto_response.run(ctx).reason == "auto_reply_without_ticket"
