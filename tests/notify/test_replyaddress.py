"""Signed per-ticket reply addresses round-trip and refuse tampering (C3)."""

import pytest

from atiende.notify.replyaddress import (
    reply_address_for,
    reply_token,
    ticket_id_from_reply_address,
)


def test_it_builds_an_address_on_the_mail_domain_with_the_from_local_part(mail_settings):
    address = reply_address_for(123)

    local, _at, domain = address.partition("@")
    assert domain == "desk.example.com"
    assert local.startswith("support+123-")
    assert len(local.rpartition("+")[2]) == len("123-") + 16
    assert address == reply_address_for(123)  # stable


def test_it_reads_back_the_ticket_id(mail_settings):
    assert ticket_id_from_reply_address(reply_address_for(42)) == 42


@pytest.mark.parametrize(
    "decorate",
    [
        str.upper,  # some mail systems change the case of addresses
        lambda address: f"Soporte <{address}>",
        lambda address: f'"Mesa de ayuda, Soporte" <{address}>',
        lambda address: address.replace("desk.example.com", "alias.example.com"),
    ],
)
def test_it_reads_back_the_ticket_id_however_the_address_is_written(mail_settings, decorate):
    assert ticket_id_from_reply_address(decorate(reply_address_for(7001))) == 7001


def test_it_refuses_a_changed_ticket_id(mail_settings):
    token = reply_token(42)
    forged = f"support+43-{token.partition('-')[2]}@desk.example.com"

    assert ticket_id_from_reply_address(forged) is None


def test_it_refuses_a_changed_signature(mail_settings):
    address = reply_address_for(42)
    local, _at, domain = address.partition("@")
    last = local[-1]
    flipped = local[:-1] + ("a" if last != "a" else "b")

    assert ticket_id_from_reply_address(f"{flipped}@{domain}") is None


def test_it_refuses_an_address_signed_with_another_secret(mail_settings):
    address = reply_address_for(42)
    mail_settings.ATIENDE_MAIL_REPLY_SECRET = "another-secret-" + "y" * 30

    assert ticket_id_from_reply_address(address) is None
    assert ticket_id_from_reply_address(reply_address_for(42)) == 42


@pytest.mark.parametrize(
    "address",
    [
        "",
        "support@desk.example.com",
        "support+@desk.example.com",
        "support+42@desk.example.com",
        "support+42-@desk.example.com",
        "support+0-aaaaaaaaaaaaaaaa@desk.example.com",
        "support+-1-aaaaaaaaaaaaaaaa@desk.example.com",
        "support+42-aaaaaaaaaaaaaaa1@desk.example.com",
        "support+42-aaaaaaaaaaaaaaaa",
        "not an address at all",
        "support+" + "9" * 40 + "-aaaaaaaaaaaaaaaa@desk.example.com",
        "x" * 2000,
    ],
)
def test_it_refuses_what_it_did_not_sign(mail_settings, address):
    assert ticket_id_from_reply_address(address) is None


def test_it_refuses_to_sign_an_impossible_id(mail_settings):
    with pytest.raises(ValueError):
        reply_token(0)
