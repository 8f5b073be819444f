"""A pack's `services` become catalogue entries with their availability targets (R1, S11)."""

from decimal import Decimal

import pytest

from atiende.catalog.models import Service, Subscription
from atiende.packs.errors import PackError
from atiende.packs.loader import LoadRefused
from atiende.packs.source import read_pack_text
from tests.packs.runtime_support import SHIPPED, customer, desk_text, dump, edited, load, loader

pytestmark = pytest.mark.django_db

SERVICES = """
services:
  - name: sms
    label: {es: Plataforma SMS, en: SMS platform}
    availability_target: 99.95
  - name: voice
    label: {es: Plataforma de voz, en: Voice platform}
"""


def with_services(services: str = SERVICES) -> str:
    return desk_text() + services


def test_it_creates_each_service_with_its_availability_target():
    result = load(with_services())

    assert "+ service sms" in result.changes
    assert "+ service voice" in result.changes
    sms = Service.objects.get(code="sms")
    assert sms.pack == result.pack
    assert sms.name == "Plataforma SMS"  # the pack's first language
    assert sms.availability_target == Decimal("99.950")
    assert Service.objects.get(code="voice").availability_target == Decimal("99.900")


def test_it_changes_nothing_when_loaded_again():
    load(with_services())
    before = dump()

    again = load(with_services())

    assert again.changes == []
    assert dump() == before


def test_it_updates_a_changed_target():
    load(with_services())

    result = load(with_services(SERVICES.replace("99.95", "99.5")))

    assert "~ service sms: availability_target" in result.changes
    assert Service.objects.get(code="sms").availability_target == Decimal("99.500")


def test_it_deletes_an_unused_service_and_deactivates_a_subscribed_one():
    pack = load(with_services()).pack
    sms = Service.objects.get(code="sms")
    Subscription.objects.create(organisation=customer(pack), service=sms)

    result = load(desk_text())

    assert "- service sms" in result.changes
    assert "- service voice" in result.changes
    assert not Service.objects.filter(code="voice").exists()
    sms = Service.objects.get(code="sms")
    assert not sms.is_active
    assert Subscription.objects.filter(service=sms).exists()


def test_it_takes_over_a_catalogue_entry_no_pack_owns():
    Service.objects.create(code="sms", name="SMS")

    result = load(with_services())

    assert "~ service sms: pack" in result.changes
    assert Service.objects.get(code="sms").pack == result.pack
    assert Service.objects.filter(code="sms").count() == 1


def test_it_refuses_a_service_code_another_pack_owns():
    load(with_services())
    other = edited("name: desk\n", "name: other-desk\n", with_services())
    before = dump()

    with pytest.raises(LoadRefused) as error:
        load(other)

    assert error.value.message == (
        "Service “sms” belongs to the pack “desk”: give this pack's service another name."
    )
    assert dump() == before


@pytest.mark.parametrize(
    ("services", "problem"),
    [
        (
            SERVICES.replace("99.95", "100.5"),
            "services[0].availability_target:",
        ),
        (
            SERVICES.replace("name: voice", "name: sms"),
            'services[1].name: duplicate service "sms"',
        ),
        (
            SERVICES.replace("    availability_target: 99.95\n", "    uptime: 99.95\n"),
            'services[0].uptime: unknown key "uptime"',
        ),
    ],
)
def test_it_rejects_a_broken_service_with_its_path(services, problem):
    with pytest.raises(PackError) as error:
        read_pack_text(with_services(services), "desk.yaml")

    assert any(problem in str(p) for p in error.value.problems), error.value.problems


def test_the_aldeamo_platforms_promise_99_90_a_month():
    loader.load_path(SHIPPED / "aldeamo.yaml")

    platforms = Service.objects.filter(pack__name="aldeamo")
    assert sorted(platforms.values_list("code", flat=True)) == ["email", "inbound", "sms", "voice"]
    assert {s.availability_target for s in platforms} == {Decimal("99.900")}
