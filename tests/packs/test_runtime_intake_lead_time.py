"""K2: a training session is booked at least 3 business days ahead; the error names the
earliest allowed instant in the customer's time zone."""

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine

from atiende.core.errors import ActionError
from tests.packs.runtime_support import customer, load, open_ticket

pytestmark = pytest.mark.django_db

BOGOTA = ZoneInfo("America/Bogota")
CURRENT_TIME = datetime(2026, 11, 18, 10, 0, tzinfo=BOGOTA)  # a Wednesday
# Thursday 19, Friday 20, (weekend), Monday 23: the third business day opens at 08:00.
EARLIEST = datetime(2026, 11, 23, 8, 0, tzinfo=BOGOTA)


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_refuses_a_session_booked_too_soon_naming_the_earliest_instant():
    org = customer(load().pack, time_zone="America/Mexico_City")

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="request", subtype="training",
                    requested_for=datetime(2026, 11, 20, 9, 0, tzinfo=BOGOTA))  # fmt: skip

    assert (error.value.code, error.value.field) == ("lead_time", "requested_for")
    # 08:00 in Bogota is 07:00 in Mexico City (UTC-6).
    assert "2026-11-23 07:00" in error.value.message
    assert "America/Mexico_City" in error.value.message


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_requires_the_requested_date():
    org = customer(load().pack)

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="request", subtype="training")

    assert (error.value.code, error.value.field) == ("required", "requested_for")
    assert "2026-11-23 08:00" in error.value.message


@time_machine.travel(CURRENT_TIME, tick=False)
def test_it_accepts_a_session_booked_from_the_earliest_instant_on():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="request", subtype="training", requested_for=EARLIEST)

    assert ticket.requested_for == EARLIEST
