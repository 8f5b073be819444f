"""T1, C3: the mail intake recognises the case numbers of every loaded pack in subjects."""

import pytest

from atiende.channels.mail import subjects
from atiende.channels.mail.filters.thread import case_number_prefixes
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_knows_every_prefix_of_a_loaded_pack_with_its_padding():
    load()

    prefixes = case_number_prefixes()

    assert prefixes["TST"] == 5
    assert prefixes["TSTP"] == 4
    assert prefixes["INC"] == 6  # the desk's own prefixes stay known


def test_it_finds_a_pack_case_number_in_a_reply_subject():
    ticket = open_ticket(customer(load().pack), kind="incident", priority="low")

    found = subjects.case_numbers("RE: TST-1 sigue fallando", case_number_prefixes())

    assert found == [ticket.number] == ["TST-00001"]
