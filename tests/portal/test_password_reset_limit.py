"""Password-reset requests are limited per e-mail address and per client IP address in any
hour, counted in the database (every process shares the count); a limited request sends
nothing, is logged and gets the same page as any other (no enumeration, no "too many")."""

import json
import logging
import re
import threading
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django.urls import reverse

from atiende.notify.models import OutboxMessage
from atiende.portal.models import PasswordResetSlot
from atiende.portal.passwords import take_reset_slots
from tests.concurrency import run_in_threads
from tests.core.test_settings import load_settings
from tests.notify.conftest import mail_settings  # noqa: F401 (fixture)

URL = reverse("portal:password_reset")
SENT = reverse("portal:password_reset_sent")
CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
ADDRESS = "reset.me@example.com"


@pytest.fixture
def person(personas, mail_settings):  # noqa: F811
    user = personas.customer
    user.email = ADDRESS
    user.save()
    return user


@pytest.fixture
def travel():
    with time_machine.travel(CURRENT_TIME, tick=False) as traveller:
        yield traveller


def ask(client, email=ADDRESS, ip="192.0.2.10", **headers):
    response = client.post(URL, {"email": email}, REMOTE_ADDR=ip, **headers)
    assert (response.status_code, response.url) == (302, SENT)  # the same answer, always
    return response


def mails() -> int:
    return OutboxMessage.objects.filter(cause="account.password_reset").count()


def test_the_fourth_request_for_an_address_in_an_hour_sends_nothing(client, person, travel, caplog):
    for _ in range(3):
        ask(client)
        travel.shift(timedelta(minutes=10))  # a new link each time
    assert mails() == 3

    with caplog.at_level(logging.WARNING, logger="atiende.portal"):
        ask(client, email="Reset.Me@example.com")

    assert mails() == 3
    [record] = caplog.records
    assert record.getMessage() == (
        "password reset for r…@example.com from 192.0.2.10 not sent: more than 3 requests an "
        "hour per e-mail address"
    )
    assert ADDRESS not in caplog.text


def test_the_limit_is_per_sliding_hour(client, person, travel):
    for _ in range(3):  # at 14:00, 14:10, 14:20
        ask(client)
        travel.shift(timedelta(minutes=10))
    ask(client)  # 14:30: limited
    assert mails() == 3

    travel.move_to(CURRENT_TIME + timedelta(hours=1, minutes=1))
    ask(client)  # 15:01: the request of 14:00 is an hour old
    assert mails() == 4
    travel.shift(timedelta(minutes=4))
    ask(client)  # 15:05: those of 14:10 and 14:20 still count
    assert mails() == 4


def test_the_page_is_the_same_for_a_limited_request(client, person, travel):
    def shown(response):
        page = client.get(response.url).content.decode()
        return re.sub(r'"X-CSRFToken": "[^"]+"|name="csrfmiddlewaretoken" value="[^"]+"', "", page)

    first = ask(client)
    for _ in range(3):
        travel.shift(timedelta(minutes=1))
        limited = ask(client)

    assert shown(first) == shown(limited)
    assert "If the address is known, you will receive an e-mail" in shown(limited)


def test_requests_from_one_client_address_are_limited_whatever_the_address(
    client, person, travel, settings
):
    settings.ATIENDE_PASSWORD_RESET_PER_IP = 2  # read when the request is made
    ask(client, email="nobody@example.com", ip="198.51.100.7")
    ask(client, email="someone@example.com", ip="198.51.100.7")

    ask(client, ip="198.51.100.7")  # a known address, but a third request from this client
    assert mails() == 0

    ask(client, ip="203.0.113.9")  # another client
    assert mails() == 1


def test_unknown_addresses_count_as_known_ones_do(client, person, travel, settings):
    settings.ATIENDE_PASSWORD_RESET_PER_ADDRESS = 1
    ask(client, email="nobody@example.com")
    assert PasswordResetSlot.objects.filter(scope="address").count() == 1

    ask(client, email="nobody@example.com")  # limited: nothing more counted
    assert PasswordResetSlot.objects.filter(scope="address").count() == 1
    assert PasswordResetSlot.objects.filter(scope="ip").count() == 1


def test_the_count_is_in_the_database_and_keeps_no_address(client, person, travel):
    ask(client)

    rows = list(PasswordResetSlot.objects.values("scope", "key", "slot", "taken_at"))
    assert sorted(row["scope"] for row in rows) == ["address", "ip"]
    assert all(re.fullmatch(r"[0-9a-f]{64}", row["key"]) for row in rows)
    assert ADDRESS not in json.dumps(rows, default=str)
    assert "192.0.2.10" not in json.dumps(rows, default=str)

    # Slots another process took count here too: take the address's other two elsewhere.
    assert take_reset_slots(ADDRESS, "203.0.113.1") is None
    assert take_reset_slots(ADDRESS, "203.0.113.2") is None
    ask(client)
    assert mails() == 1


def test_slots_older_than_an_hour_are_pruned(client, person, travel):
    ask(client, ip="192.0.2.1")
    travel.shift(timedelta(minutes=59))
    ask(client, ip="192.0.2.2")
    assert PasswordResetSlot.objects.count() == 4

    travel.shift(timedelta(minutes=2))
    ask(client, email="other@example.com", ip="192.0.2.3")

    # The first request's two slots are gone; the second's and the third's remain.
    assert sorted(PasswordResetSlot.objects.values_list("taken_at", flat=True)) == [
        CURRENT_TIME + timedelta(minutes=59),
        CURRENT_TIME + timedelta(minutes=59),
        CURRENT_TIME + timedelta(minutes=61),
        CURRENT_TIME + timedelta(minutes=61),
    ]


def test_behind_the_production_proxy_the_address_it_saw_counts(client, person, travel, settings):
    settings.SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    settings.ATIENDE_PASSWORD_RESET_PER_IP = 1
    proxy = "192.0.2.254"  # every request reaches the desk from the proxy
    ask(client, email="a@example.com", ip=proxy, HTTP_X_FORWARDED_FOR="198.51.100.7")
    # The client makes up an earlier entry: the proxy's own (last) entry still counts.
    ask(client, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.50, 198.51.100.7")
    assert mails() == 0

    ask(client, ip=proxy, HTTP_X_FORWARDED_FOR="203.0.113.9")
    assert mails() == 1


@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="concurrent transactions are exercised on PostgreSQL (run with DATABASE_URL)",
)
@pytest.mark.django_db(transaction=True)
def test_concurrent_requests_never_pass_the_limit():
    allowed: list[int] = []
    lock = threading.Lock()

    def work(index: int, barrier: threading.Barrier) -> None:
        barrier.wait()
        if take_reset_slots(ADDRESS, f"192.0.2.{index + 1}", now=CURRENT_TIME) is None:
            with lock:
                allowed.append(index)

    run_in_threads(work, 8)

    assert len(allowed) == 3
    assert PasswordResetSlot.objects.filter(scope="address").count() == 3


@pytest.mark.parametrize(
    ("env", "value", "message"),
    [
        ({}, [3, 20], None),
        ({"ATIENDE_PASSWORD_RESET_PER_ADDRESS": "5", "ATIENDE_PASSWORD_RESET_PER_IP": "50"},
         [5, 50], None),
        ({"ATIENDE_PASSWORD_RESET_PER_ADDRESS": "0"}, None,
         "ATIENDE_PASSWORD_RESET_PER_ADDRESS=0 is too small: it must be at least 1."),
        ({"ATIENDE_PASSWORD_RESET_PER_IP": "many"}, None,
         "ATIENDE_PASSWORD_RESET_PER_IP='many' is not a whole number."),
    ],
)  # fmt: skip
def test_the_limits_come_from_the_environment(tmp_path, env, value, message):
    result = load_settings(
        tmp_path,
        "print([s.ATIENDE_PASSWORD_RESET_PER_ADDRESS, s.ATIENDE_PASSWORD_RESET_PER_IP])",
        **env,
    )

    if message is None:
        assert result.returncode == 0, result.stderr
        assert json.loads(result.stdout) == value
    else:
        assert result.returncode != 0
        assert message in result.stderr
