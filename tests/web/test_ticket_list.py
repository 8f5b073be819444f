"""Desk ticket list: filters, keyset pagination and a constant number of queries; SLA badges,
the service-level filter and the next-due order (S10). Queues, saved views, search and bulk
actions: test_desk_list.py."""

import pytest
import time_machine
from django.http import QueryDict
from django.urls import reverse

from atiende.sla.sweep import sweep
from atiende.tickets import actions
from atiende.tickets.codes import Channel, Kind
from atiende.web import views_desk_list
from tests import factories
from tests.sla import configs
from tests.web.helpers import at, customer_ticket, sla_policy, sla_ticket

URL = reverse("desk:list")


def numbers(response) -> list[str]:
    return [ticket.number for ticket in response.context["page"].rows]


@pytest.fixture
def tickets(personas):
    """Three tickets, oldest first: an incident, an assigned request, a closed problem."""
    incident = customer_ticket(personas, subject="Calls drop on the main trunk")
    request = factories.ticket(
        personas.other_org, kind=Kind.REQUEST, subject="New SMS template", assignee=personas.agent
    )
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM, subject="Recurring SBC restarts")
    actions.transition(problem, actor=personas.agent, channel=Channel.WEB, state="closed")
    actions.change_priority(
        incident, actor=personas.agent, channel=Channel.WEB, urgency="high", impact="organisation"
    )
    return incident, request, problem


def test_it_lists_every_organisations_tickets_newest_first(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"queue": "", "ordering": "-id"})
    assert response.status_code == 200
    assert numbers(response) == [t.number for t in reversed(tickets)]
    body = response.content.decode()
    assert "Alpha Telecom" in body and "Beta Networks" in body


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"state": "open"}, [1, 0]),
        ({"state": "closed"}, [2]),
        ({"kind": "request"}, [1]),
        ({"priority": "urgent"}, [0]),
        ({"assignee": "me"}, [1]),
        ({"assignee": "none"}, [2, 0]),
        ({"text": "template"}, [1]),
        ({"state": "open", "kind": "incident", "text": "calls"}, [0]),
    ],
)
def test_it_filters(client, personas, tickets, query, expected):
    client.force_login(personas.agent)
    response = client.get(URL, query)
    assert numbers(response) == [tickets[i].number for i in expected]


def test_it_opens_the_ticket_of_a_case_number(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"text": tickets[1].number})
    assert response.url == reverse("desk:ticket", args=[tickets[1].pk])


def test_it_shows_bad_filter_values_next_to_the_field(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"kind": "gossip", "before": "soon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "before"}
    assert response.context["page"] is None


def test_it_pages_by_id(client, personas, monkeypatch):
    monkeypatch.setattr(views_desk_list, "PAGE_SIZE", 2)
    made = [customer_ticket(personas, subject=f"Case {n}") for n in range(5)]
    client.force_login(personas.agent)

    first = client.get(URL, {"state": "open", "ordering": "-id"})
    assert numbers(first) == [made[4].number, made[3].number]
    assert first.context["page"].first_query is None
    next_query = first.context["page"].next_query
    assert next_query == f"state=open&ordering=-id&before={made[3].pk}"

    second = client.get(f"{URL}?{next_query}")
    assert numbers(second) == [made[2].number, made[1].number]
    third = client.get(f"{URL}?{second.context['page'].next_query}")
    assert numbers(third) == [made[0].number]
    assert third.context["page"].next_query is None
    assert third.context["page"].first_query == "state=open&ordering=-id"


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_a_constant_number_of_queries(client, personas, django_assert_num_queries, count):
    group = factories.group()
    for n in range(count):
        factories.ticket(
            personas.org if n % 2 else personas.other_org,
            assignee=personas.agent,
            group=group,
            service=factories.service(),
        )
    client.force_login(personas.agent)
    client.get(URL)  # reads the states, sub-types and priority scheme into the cache
    # session, user, configuration generation, staff, one page of tickets with their rows,
    # saved views, organisations, services, active groups, the save-view form's groups
    # (test_desk_list.py); no clocks: no ticket has a policy
    with django_assert_num_queries(10):
        response = client.get(URL)
    assert len(response.context["page"].rows) == count


@pytest.mark.parametrize("role", ["customer", "customer_admin", "other_customer"])
def test_it_sends_customers_to_the_portal(client, personas, role):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    assert response.status_code == 302
    assert response.url == reverse("portal:list")


# --- service levels (S10) --------------------------------------------------------------------


@pytest.fixture
def sla_tickets(personas):
    """Opened at 09:00 Bogotá: one running, one answered and then waiting on the customer,
    one request without SLA."""
    sla_policy()
    running = sla_ticket(personas, subject="Trunk down")
    waiting = sla_ticket(personas, subject="Slow portal")
    with time_machine.travel(at(9, 10), tick=False):
        actions.reply(waiting, actor=personas.agent, channel=Channel.WEB, text="Send a trace.")
    with time_machine.travel(at(9, 30), tick=False):
        actions.transition(waiting, actor=personas.agent, channel=Channel.WEB, state="pending")
    request = sla_ticket(personas, kind=Kind.REQUEST, subject="New user")
    return {"running": running, "waiting": waiting, "request": request}


def _get(client, when, params=None):
    with time_machine.travel(when, tick=False):
        return client.get(URL, params or {})


def _row(response, ticket) -> str:
    body = response.content.decode()
    start = body.index(f'<td class="number"><a href="{reverse("desk:ticket", args=[ticket.pk])}"')
    return body[start : body.index("</tr>", start)]


def test_it_shows_a_badge_per_running_target(client, personas, sla_tickets):
    client.force_login(personas.agent)

    response = _get(client, at(9, 50))

    running = _row(response, sla_tickets["running"])
    assert (
        '<span class="badge sla sla-at-risk"><span class="visually-hidden">At risk: </span>'
        "First response · 10 min left</span>"
    ) in running
    assert '<span class="badge sla sla-running">Resolution · 3 h 10 min left</span>' in running
    waiting = _row(response, sla_tickets["waiting"])
    assert "First response" not in waiting  # met at 09:10: nothing to watch
    assert '<span class="badge sla sla-paused">Resolution · paused, 3 h 30 min left</span>' in (
        waiting
    )
    assert '<span class="muted">—</span>' in _row(response, sla_tickets["request"])


def test_it_shows_breached_targets(client, personas, sla_tickets):
    client.force_login(personas.agent)
    sweep(now=at(10, 5))

    running = _row(_get(client, at(10, 5)), sla_tickets["running"])

    assert (
        '<span class="badge sla sla-breached"><span class="visually-hidden">Breached: </span>'
        "First response · 5 min overdue</span>"
    ) in running


@pytest.mark.parametrize(
    ("when", "sla", "expected"),
    [
        (at(9, 50), "at_risk", ["running"]),
        (at(9, 50), "breached", []),
        (at(10, 5), "breached", ["running"]),
        (at(10, 5), "", ["running", "request", "waiting"]),  # next due first
    ],
)
def test_it_filters_by_service_level(client, personas, sla_tickets, when, sla, expected):
    client.force_login(personas.agent)

    response = _get(client, when, {"sla": sla})

    assert numbers(response) == [sla_tickets[name].number for name in expected]


def test_it_sorts_by_next_due_time_on_request(client, personas, sla_tickets):
    later = sla_ticket(personas, at(9, 20), subject="Later")
    client.force_login(personas.agent)

    newest = _get(client, at(9, 50), {"ordering": "-id"})
    by_due = _get(client, at(9, 50))  # the default

    assert numbers(newest)[0] == later.number
    assert "Newest first" in newest.content.decode()
    # Due 10:00, 10:20; then no running clock: paused, no SLA (newest first).
    assert numbers(by_due) == [
        sla_tickets["running"].number,
        later.number,
        sla_tickets["request"].number,
        sla_tickets["waiting"].number,
    ]
    assert "Next SLA due time first; tickets without one last" in by_due.content.decode()


def test_it_pages_in_due_order(client, personas, monkeypatch):
    monkeypatch.setattr(views_desk_list, "PAGE_SIZE", 2)
    sla_policy()
    made = [sla_ticket(personas, at(9, minute)) for minute in (0, 0, 10, 5)]
    made.append(sla_ticket(personas, at(9, 0), kind=Kind.REQUEST))
    client.force_login(personas.agent)

    first = _get(client, at(9, 30), {"ordering": "next_due"})
    assert numbers(first) == [made[1].number, made[0].number]  # a tie: newest first
    next_query = first.context["page"].next_query
    second = _get(client, at(9, 30), QueryDict(next_query))
    assert numbers(second) == [made[3].number, made[2].number]
    third = _get(client, at(9, 30), QueryDict(second.context["page"].next_query))
    assert numbers(third) == [made[4].number]  # no due time: last
    assert third.context["page"].next_query is None
    assert third.context["page"].first_query == "ordering=next_due"
    assert "Due later" in first.content.decode() and "Due soonest" in third.content.decode()


def test_it_refuses_a_forged_page_marker(client, personas, sla_tickets):
    client.force_login(personas.agent)

    response = _get(client, at(9, 30), {"ordering": "next_due", "after": "12@tomorrow"})

    assert set(response.context["form"].errors) == {"after"}
    assert response.context["page"] is None


@pytest.mark.parametrize("count", [3, 30])
def test_it_reads_every_badge_in_one_query(client, personas, django_assert_num_queries, count):
    sla_policy(configs.target("update", 30))
    for n in range(count):
        ticket = sla_ticket(personas, at(9, n % 30))
        with time_machine.travel(at(9, 40), tick=False):
            actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="Update.")
    client.force_login(personas.agent)
    client.get(URL)  # reads the states, sub-types and priority scheme into the cache
    with time_machine.travel(at(10, 20), tick=False):  # every update (due 10:10) is late
        with django_assert_num_queries(11):
            response = client.get(URL, {"ordering": "next_due", "sla": "breached"})
        assert len(response.context["page"].rows) == count
    with time_machine.travel(at(9, 50), tick=False):
        # as test_it_reads_a_constant_number_of_queries, and the clocks of the page
        with django_assert_num_queries(11):
            response = client.get(URL)
        with django_assert_num_queries(11):
            client.get(URL, {"ordering": "-id"})
    assert len(response.context["page"].rows) == count
    assert response.content.decode().count("Update to the customer · 20 min left") == count
