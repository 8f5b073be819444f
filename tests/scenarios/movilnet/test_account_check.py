"""T10, step 3: before a fault ticket is opened the CSM checks the corporate account: with debt
the customer is told to pay and no ticket is opened; without debt the ticket is opened with the
customer's contact data. Each check is logged."""

import pytest
from django.utils import translation

from atiende.core.errors import ActionError
from atiende.packs.models import AccountCheck
from atiende.tickets.models import Ticket
from tests.scenarios.movilnet.helpers import account, at, report

REPORTED = at(2026, 3, 9, 10, 0)  # a Monday


def test_it_tells_an_account_with_debt_to_pay_and_opens_no_ticket(load_pack):
    pack = load_pack("movilnet")
    org, requester = account(pack, account_status="debt")
    # The message is the pack's text in the caller's language (a Spanish-speaking customer).
    with translation.override("es"), pytest.raises(ActionError) as refused:
        report(REPORTED, org, requester)
    assert "realice el pago" in refused.value.message
    assert not Ticket.objects.filter(organisation=org).exists()
    check = AccountCheck.objects.get(organisation=org)
    assert check.outcome == "refused"
    assert check.status == "debt"
    assert check.pack == pack


def test_it_tells_it_in_english_to_an_english_speaking_caller(load_pack):
    org, requester = account(load_pack("movilnet"), account_status="debt", language="en")
    with translation.override("en"), pytest.raises(ActionError) as refused:
        report(REPORTED, org, requester)
    assert "Please pay" in refused.value.message


def test_it_opens_the_ticket_for_an_account_without_debt(load_pack):
    pack = load_pack("movilnet")
    org, requester = account(pack)
    ticket = report(REPORTED, org, requester)
    assert ticket.pack == pack
    assert ticket.requester == requester
    assert ticket.number.startswith("MOV")
    check = AccountCheck.objects.get(organisation=org)
    assert check.outcome == "accepted"


def test_it_opens_the_ticket_once_the_debt_is_paid(load_pack):
    org, requester = account(load_pack("movilnet"), account_status="debt")
    with pytest.raises(ActionError):
        report(REPORTED, org, requester)
    org.account_status = "active"
    org.save()
    ticket = report(at(2026, 3, 9, 11, 0), org, requester)
    assert ticket.state.code == "reported"
    assert AccountCheck.objects.filter(organisation=org).count() == 2
