"""Administrative requirements (billing, sales) follow office hours, Ecuadorian public
holidays closed (S1, T2): a billing request on the Friday before All Souls' Day and the
Independence of Cuenca (Monday 2 and Tuesday 3 November 2026) counts again on Wednesday."""

import pytest

from atiende.tickets.codes import Channel, Kind
from tests import factories
from tests.scenarios.cirion.helpers import at, clock, customer, open_case

FRIDAY_1600 = at(2026, 10, 30, 16, 0)


@pytest.fixture
def billing_request(load_pack):
    org, requester = customer(load_pack("cirion"))
    return open_case(
        FRIDAY_1600,
        org,
        requester,
        kind=Kind.REQUEST,
        subtype="billing",
        channel=Channel.PHONE,
        subject="Factura de octubre con un valor duplicado",
        description="La factura de octubre cobra dos veces el enlace de la sede Guayaquil.",
    )


def test_it_plans_the_request_on_office_hours_over_the_holidays(billing_request):
    assert billing_request.sla_policy.slug == "administrative"
    assert billing_request.state.code == "new"
    # 4 office hours: 1 on Friday (16:00–17:00), Monday and Tuesday are holidays, the
    # weekend is closed, 3 more on Wednesday from 08:00.
    assert clock(billing_request, "first_response").due_at == at(2026, 11, 4, 11, 0)
    # 18 office hours: 1 on Friday, 9 on Wednesday, 8 on Thursday.
    assert clock(billing_request, "resolution").due_at == at(2026, 11, 5, 16, 0)


def test_it_meets_the_first_response_with_the_administrative_reply(billing_request):
    from atiende.tickets import actions

    agent = factories.user("agent")
    moment = at(2026, 11, 4, 9, 0)
    actions.reply(
        billing_request,
        actor=agent,
        channel=Channel.EMAIL,
        text="Estamos revisando la factura con el área de facturación.",
        now=moment,
    )
    assert clock(billing_request, "first_response").met_at == moment
    billing_request.refresh_from_db()
    assert billing_request.state.code == "open"


def test_it_runs_a_technical_case_through_the_same_holiday(load_pack):
    # The same Friday afternoon a technical case counts real time (24/365).
    org, requester = customer(load_pack("cirion"))
    ticket = open_case(FRIDAY_1600, org, requester)
    assert clock(ticket, "reception").due_at == at(2026, 10, 30, 16, 1)
