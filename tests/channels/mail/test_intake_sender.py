"""Who wrote it (T8, R3): From → contact → organisation, never Reply-To; an unknown sender
per ATIENDE_MAIL_UNKNOWN_SENDER (create a contact in "unassigned", or reject and say why)."""

import pytest

from atiende.channels.mail.codes import Action, Status
from atiende.channels.mail.models import InboundMessage
from atiende.customers.models import Contact, Organisation
from atiende.notify.models import OutboxMessage
from atiende.tickets.models import Ticket
from tests import factories
from tests.channels.mail.intake import ingest, mail

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("travel")]


def test_a_known_sender_opens_the_ticket_for_their_organisation(customer):
    _row, outcome = ingest(mail(sender="CUSTOMER@Example.COM"))

    assert outcome.ticket.requester == customer
    assert outcome.ticket.organisation == customer.organisation


def test_reply_to_never_decides_who_wrote(customer, settings):
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "create"

    _row, outcome = ingest(
        mail(sender="intruder@example.org", headers={"Reply-To": customer.email})
    )

    assert outcome.ticket.requester.email == "intruder@example.org"
    assert outcome.ticket.organisation != customer.organisation


def test_an_unknown_sender_becomes_a_contact_of_the_unassigned_organisation(db, settings):
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "create"
    settings.ATIENDE_MAIL_UNASSIGNED_ORGANISATION = "sin-asignar"

    _row, outcome = ingest(mail(sender="New Person <new.person@example.org>"))
    _row, again = ingest(mail(sender="new.person@example.org", subject="Another problem"))

    unassigned = Organisation.objects.get(slug="sin-asignar")
    contact = Contact.objects.get(email="new.person@example.org")
    assert (contact.organisation, contact.name) == (unassigned, "New Person")
    assert outcome.ticket.requester == contact
    assert again.ticket.requester == contact
    assert Contact.objects.filter(email="new.person@example.org").count() == 1
    assert OutboxMessage.objects.filter(cause="ticket.acknowledgement").count() == 2


def test_an_unknown_sender_is_rejected_with_an_explanation(db, settings):
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "reject"

    row, outcome = ingest(mail(sender="new.person@example.org"))

    assert (outcome.action, outcome.reason) == (Action.REJECTED, "unknown_sender")
    assert InboundMessage.objects.get(pk=row.pk).status == Status.REJECTED
    assert not Ticket.objects.exists()
    assert not Contact.objects.exists()
    notice = OutboxMessage.objects.get(cause="mail.refused")
    assert notice.to == ["new.person@example.org"]
    assert "not registered" in notice.text


def test_an_automatic_mail_from_an_unknown_sender_is_rejected_silently(db, settings):
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "reject"

    _row, outcome = ingest(mail(sender="robot@example.org", headers={"Precedence": "bulk"}))

    assert outcome.action == Action.REJECTED
    assert not OutboxMessage.objects.exists()


def test_a_sender_known_in_two_organisations_writes_for_the_first_real_one(personas):
    older = factories.contact(personas.org, email="shared@example.com")
    factories.contact(personas.other_org, email="shared@example.com")

    _row, outcome = ingest(mail(sender="shared@example.com"))

    assert outcome.ticket.requester == older


def test_a_sender_known_in_two_organisations_joins_either_organisations_ticket(personas):
    factories.contact(personas.org, email="shared@example.com")
    theirs = factories.contact(personas.other_org, email="shared@example.com")
    ticket = factories.ticket(personas.other_org, requester=theirs)

    _row, outcome = ingest(mail(sender="shared@example.com", subject=f"[{ticket.number}] ok"))

    assert (outcome.action, outcome.ticket) == (Action.APPENDED, ticket)
    assert outcome.message.author_contact == theirs


def test_refusal_notices_count_toward_the_hourly_limit(db, settings):
    settings.ATIENDE_MAIL_UNKNOWN_SENDER = "reject"
    settings.ATIENDE_MAIL_AUTO_REPLY_LIMIT = 2
    rows = [ingest(mail(sender="new.person@example.org"))[0] for _n in range(3)]

    assert OutboxMessage.objects.filter(cause="mail.refused").count() == 2
    rows[-1].refresh_from_db()
    assert rows[-1].notice_to == ""
    assert "rate_limited" in rows[-1].error
