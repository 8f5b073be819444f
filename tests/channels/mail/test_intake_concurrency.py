"""Two intake processes at once (C3): two mails of one sender are handled one after the
other (filters/sender_lock.py), so the second sees the ticket the first opened even when
nothing but the sender and the subject ties them (headers stripped)."""

import threading
import time

import pytest
from django.db import connection

from atiende.channels.mail import pipeline
from atiende.channels.mail.codes import Action
from atiende.channels.mail.filters import apply
from atiende.tickets.models import Ticket
from tests.channels.mail.intake import ingest, mail

pytestmark = pytest.mark.django_db(transaction=True)


def _hold_after_apply(monkeypatch, message_id: str) -> tuple[threading.Event, threading.Event]:
    """Hold the intake of ``message_id`` once its ticket is written, before its transaction
    commits: ``applied`` is set then, and it goes on when ``release`` is set."""
    applied, release = threading.Event(), threading.Event()

    def held_apply(ctx):
        outcome = apply.run(ctx)
        if ctx.parsed.message_id == message_id:
            applied.set()
            release.wait(30)
        return outcome

    monkeypatch.setattr(
        pipeline, "FILTERS", [held_apply if f is apply.run else f for f in pipeline.FILTERS]
    )
    return applied, release


def test_two_mails_of_one_sender_at_once_thread_into_one_ticket(customer, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent intake transactions are exercised on PostgreSQL")
    first = mail(subject="Router down at the branch", message_id="first@mail.example.com")
    second = mail(subject="RE: Router down at the branch", message_id="second@mail.example.com")
    applied, release = _hold_after_apply(monkeypatch, "first@mail.example.com")
    outcomes = {}

    def run(name, raw):
        try:
            outcomes[name] = ingest(raw)[1]
        finally:
            connection.close()

    one = threading.Thread(target=run, args=("first", first))
    one.start()
    assert applied.wait(30)
    two = threading.Thread(target=run, args=("second", second))
    two.start()
    time.sleep(0.5)
    waited = two.is_alive()  # the second waits for the first's commit
    release.set()
    one.join(30)
    two.join(30)

    assert waited
    assert outcomes["first"].action == Action.CREATED
    assert outcomes["second"].action == Action.APPENDED
    assert outcomes["second"].ticket == outcomes["first"].ticket
    assert Ticket.objects.count() == 1


def test_mails_of_two_senders_do_not_wait_for_each_other(customer, personas, monkeypatch):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent intake transactions are exercised on PostgreSQL")
    from tests import factories

    factories.contact(personas.org, name="Other", email="other@example.com")
    ingest(mail(sender="Other <other@example.com>", subject="Invoice missing"))
    first = mail(message_id="first@mail.example.com")
    # A reply of the other sender (opening a ticket would wait for the case number, which
    # the first mail's transaction holds until it commits: T1).
    other = mail(sender="Other <other@example.com>", subject="RE: Invoice missing")
    applied, release = _hold_after_apply(monkeypatch, "first@mail.example.com")

    def run(raw):
        try:
            ingest(raw)
        finally:
            connection.close()

    one = threading.Thread(target=run, args=(first,))
    one.start()
    assert applied.wait(30)
    two = threading.Thread(target=run, args=(other,))
    two.start()
    two.join(30)
    finished = not two.is_alive()
    release.set()
    one.join(30)

    assert finished
    assert Ticket.objects.count() == 2  # the other's ticket got the reply; the first's
