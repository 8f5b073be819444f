"""Intake per kind: known kind and sub-type, required fields (T2, T8)."""

import pytest

from atiende.core.errors import ActionError
from atiende.tickets.models import Ticket
from tests import factories
from tests.packs.runtime_support import customer, edited, load, open_ticket

pytestmark = pytest.mark.django_db


def refusal(org, **fields) -> ActionError:
    with pytest.raises(ActionError) as error:
        open_ticket(org, **fields)
    assert not Ticket.objects.exists()
    return error.value


def test_it_requires_the_subtype_the_kind_requires():
    org = customer(load().pack)

    error = refusal(org, kind="request")

    assert (error.code, error.field) == ("required", "subtype")


def test_it_refuses_an_unknown_subtype_naming_the_known_ones():
    org = customer(load().pack)

    error = refusal(org, kind="request", subtype="cooking")

    assert error.code == "invalid_subtype"
    assert "training, reports, onsite" in error.message


def test_it_refuses_a_subtype_on_a_kind_without_subtypes():
    org = customer(load().pack)

    error = refusal(org, kind="incident", subtype="training")

    assert error.code == "invalid_subtype"


def test_it_requires_a_service_when_the_pack_says_so():
    text = edited(
        "required: [subject, description, requester, contact]\n    workflow: support\n  request",
        "required: [subject, description, requester, contact, service]\n"
        "    workflow: support\n  request",
    )
    org = customer(load(text).pack)

    error = refusal(org, kind="incident")
    ticket = open_ticket(org, kind="incident", service=factories.service())

    assert (error.code, error.field) == ("required", "service")
    assert ticket.service is not None


def test_it_requires_contact_data_of_the_requester():
    org = customer(load().pack)
    silent = factories.contact(org, email="", phone="")

    error = refusal(org, kind="incident", requester=silent)

    assert error.code == "requester_without_contact_data"
