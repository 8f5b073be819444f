"""The desk list /desk/: queues and their counts, saved views, every filter, full-text search
(SQLite FTS5 and PostgreSQL), keyset pages, bulk actions, the htmx poll; constant queries."""

from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from atiende.accounts.models import SavedView
from atiende.tickets import actions, queues
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket
from atiende.web import views_desk_list
from tests import factories
from tests.sla.configs import BOGOTA
from tests.web.helpers import MONDAY_0900, at, customer_ticket, sla_policy, sla_ticket

URL = reverse("desk:list")
STAFF = ["agent", "agent_l2", "supervisor"]


def numbers(response) -> list[str]:
    return [ticket.number for ticket in response.context["page"].rows]


@pytest.fixture
def tickets(personas):
    """Oldest first: an urgent incident of Alpha (portal), a request of Beta assigned to the
    agent and its group (phone), a closed problem of Alpha, a pending incident of Beta."""
    group = factories.group()
    group.members.add(personas.agent)
    service = factories.service()
    incident = customer_ticket(personas, subject="Llamadas caídas en la troncal principal")
    actions.change_priority(
        incident, actor=personas.agent, channel=Channel.WEB, urgency="high", impact="organisation"
    )
    request = factories.ticket(
        personas.other_org,
        kind=Kind.REQUEST,
        subject="New SMS template",
        assignee=personas.agent,
        group=group,
        service=service,
        channel=Channel.PHONE,
    )
    problem = factories.ticket(personas.org, kind=Kind.PROBLEM, subject="Recurring SBC restarts")
    actions.transition(problem, actor=personas.agent, channel=Channel.WEB, state="closed")
    waiting = factories.ticket(personas.other_org, subject="Router reboots at night")
    actions.transition(waiting, actor=personas.agent, channel=Channel.WEB, state="pending")
    return incident, request, problem, waiting


@pytest.mark.parametrize("role", STAFF)
def test_staff_see_every_open_ticket_by_default(client, personas, tickets, role):
    client.force_login(personas.by_role(role))
    response = client.get(URL)
    assert response.status_code == 200
    # Default: the "all open" queue, next due first (none has a due time here: newest first).
    assert numbers(response) == [tickets[i].number for i in (3, 1, 0)]
    body = response.content.decode()
    assert "Alpha Telecom" in body and "Beta Networks" in body
    assert 'aria-current="page" data-queue="open"' in body
    assert "Next SLA due time first" in body


@pytest.mark.parametrize("role", ["customer", "customer_admin", "other_customer"])
def test_customers_are_sent_to_the_portal(client, personas, role):
    client.force_login(personas.by_role(role))
    for url in (URL, reverse("desk:queue_counts")):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"] == reverse("portal:list")
    response = client.post(reverse("desk:bulk"), {"operation": "assign"})
    assert response.status_code == 302 and response["Location"] == reverse("portal:list")


def test_anonymous_visitors_go_to_the_login_page(client):
    response = client.get(URL)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ({"queue": "", "state": "open"}, [3, 1, 0]),
        ({"queue": "", "state": "closed"}, [2]),
        ({"queue": "", "state": "pending"}, [3]),
        ({"queue": "", "kind": "request"}, [1]),
        ({"queue": "", "kind": "problem"}, [2]),
        ({"queue": "", "priority": "urgent"}, [0]),
        ({"queue": "", "assignee": "me"}, [1]),
        ({"queue": "", "assignee": "none"}, [3, 2, 0]),
        ({"queue": "", "channel": "phone"}, [1]),
        ({"queue": "", "channel": "portal"}, [0]),
        ({"queue": "mine"}, [1]),
        ({"queue": "groups"}, [1]),
        ({"queue": "unassigned"}, [3, 0]),
        ({"queue": "waiting"}, [3]),
        ({"queue": "open", "kind": "incident"}, [3, 0]),
        ({"queue": "", "ordering": "-id"}, [3, 2, 1, 0]),
    ],
)
def test_it_filters(client, personas, tickets, query, expected):
    client.force_login(personas.agent)
    response = client.get(URL, query)
    assert response.context["form"].errors == {}
    assert numbers(response) == [tickets[i].number for i in expected]


def test_it_filters_by_organisation_service_group_and_assignee_id(client, personas, tickets):
    client.force_login(personas.agent)
    request = tickets[1]
    for query in (
        {"organisation": request.organisation_id, "kind": "request"},
        {"service": request.service_id},
        {"group": request.group_id},
        {"assignee": personas.agent.pk},
    ):
        assert numbers(client.get(URL, query)) == [request.number], query
    assert numbers(client.get(URL, {"organisation": personas.org.pk, "queue": ""})) == [
        tickets[2].number,
        tickets[0].number,
    ]


def test_it_filters_by_sub_type(client, personas, monkeypatch):
    # The choices are the sub-types of the loaded packs (forms_desk_list.subtype_choices).
    monkeypatch.setattr(
        views_desk_list, "subtype_choices", lambda language: [("new-line", "New line")]
    )
    made = factories.ticket(personas.org, kind=Kind.REQUEST)
    Ticket.objects.filter(pk=made.pk).update(subtype="new-line")
    factories.ticket(personas.org, kind=Kind.REQUEST)
    client.force_login(personas.agent)
    assert numbers(client.get(URL, {"subtype": "new-line"})) == [made.number]
    response = client.get(URL, {"subtype": "porting"})
    assert set(response.context["form"].errors) == {"subtype"}


def test_it_filters_by_the_created_range(client, personas):
    with time_machine.travel(datetime(2026, 11, 2, 10, tzinfo=BOGOTA), tick=False):
        early = factories.ticket(personas.org, subject="Early")
    with time_machine.travel(datetime(2026, 11, 20, 23, 30, tzinfo=BOGOTA), tick=False):
        late = factories.ticket(personas.org, subject="Late")
    client.force_login(personas.agent)
    assert numbers(client.get(URL, {"created_before": "2026-11-02"})) == [early.number]
    assert numbers(client.get(URL, {"created_after": "2026-11-03"})) == [late.number]
    both = {"created_after": "2026-11-02", "created_before": "2026-11-20"}
    assert numbers(client.get(URL, both)) == [late.number, early.number]
    wrong = client.get(URL, {"created_after": "2026-11-20", "created_before": "2026-11-02"})
    assert "swap the two dates" in str(wrong.context["form"].errors["created_before"])
    assert wrong.context["page"] is None


def test_bad_filter_values_are_shown_next_to_their_field(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"kind": "gossip", "queue": "everything", "after": "soon"})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"kind", "queue", "after"}
    assert response.context["page"] is None


# --- full-text search --------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("troncal", [0]),  # a word of the subject
        ("LLAMADAS caidas", [0]),  # case and accents do not count
        ("template", [1]),
        ("restarts sbc", [2]),  # every word, in any order
        ("firmware", [3]),  # a word of a reply
        ("escalated", [1]),  # a word of an internal note
        ("nothing-like-this", []),
    ],
)
def test_search_reads_subjects_messages_and_notes(client, personas, tickets, text, expected):
    actions.reply(
        tickets[3],
        actor=personas.agent,
        channel=Channel.WEB,
        text="We will update the firmware tonight.",
    )
    actions.add_note(
        tickets[1], actor=personas.agent, channel=Channel.WEB, text="Escalated to the vendor."
    )
    client.force_login(personas.agent)
    response = client.get(URL, {"text": text, "queue": ""})
    assert numbers(response) == [tickets[i].number for i in expected]


def test_search_follows_the_stems_of_both_languages(client, personas, tickets):
    client.force_login(personas.agent)
    actions.reply(
        tickets[0], actor=personas.agent, channel=Channel.WEB, text="Reiniciamos la conexión"
    )
    if client.get(URL).wsgi_request and _vendor() == "postgresql":
        # Spanish stems: "conexiones" finds "conexión"; English: "restart" finds "restarts".
        assert numbers(client.get(URL, {"text": "conexiones", "queue": ""})) == [tickets[0].number]
        assert numbers(client.get(URL, {"text": "restart", "queue": ""})) == [tickets[2].number]
    else:
        # FTS5: every word is a prefix.
        assert numbers(client.get(URL, {"text": "conex", "queue": ""})) == [tickets[0].number]
        assert numbers(client.get(URL, {"text": "restart", "queue": ""})) == [tickets[2].number]


def _vendor() -> str:
    from django.db import connection

    return connection.vendor


def test_an_exact_case_number_goes_straight_to_the_ticket(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(URL, {"text": tickets[2].number.lower()})
    assert response.status_code == 302
    assert response["Location"] == reverse("desk:ticket", args=[tickets[2].pk])


def test_search_finds_a_ticket_by_a_part_of_its_number(client, personas, tickets):
    client.force_login(personas.agent)
    digits = tickets[1].number.split("-")[-1]
    assert tickets[1].number in numbers(client.get(URL, {"text": digits, "queue": ""}))


# --- pages, polling ------------------------------------------------------------------------


def test_it_pages_in_next_due_order(client, personas, monkeypatch):
    monkeypatch.setattr(views_desk_list, "PAGE_SIZE", 2)
    sla_policy()
    made = [sla_ticket(personas, when=at(9, n * 10)) for n in range(5)]
    client.force_login(personas.agent)
    with time_machine.travel(at(9, 50), tick=False):
        first = client.get(URL)
        assert numbers(first) == [made[0].number, made[1].number]
        second = client.get(f"{URL}?{first.context['page'].next_query}")
        assert numbers(second) == [made[2].number, made[3].number]
        third = client.get(f"{URL}?{second.context['page'].next_query}")
        assert numbers(third) == [made[4].number]
        assert third.context["page"].next_query is None


def test_the_poll_gets_the_table_only_and_keeps_the_checked_rows(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.get(
        URL, {"queue": "open", "ticket": [tickets[1].pk, tickets[3].pk]}, HTTP_HX_REQUEST="true"
    )
    assert next(t.name for t in response.templates) == "_partials/desk_ticket_table.html"
    body = response.content.decode()
    assert "<html" not in body
    assert f'value="{tickets[1].pk}" form="bulk-form" checked' in body
    assert f'value="{tickets[3].pk}" form="bulk-form" checked' in body
    assert f'value="{tickets[0].pk}" form="bulk-form" aria-label' in body
    # The page tells htmx to poll it, sending the checked boxes.
    page = client.get(URL, {"queue": "open"}).content.decode()
    assert 'hx-trigger="every 30s"' in page
    assert "hx-include=\"#desk-table input[name='ticket']:checked\"" in page


def test_rows_show_the_channel_as_icon_and_text(client, personas, tickets):
    client.force_login(personas.agent)
    body = client.get(URL).content.decode()
    assert '<span class="channel-icon" aria-hidden="true">☎</span>' in body
    assert '<span class="channel-label">Phone</span>' in body


# --- queues ------------------------------------------------------------------------------


def test_queue_counts(client, personas, tickets):
    sla_policy()
    late = sla_ticket(personas, when=at(9))
    client.force_login(personas.agent)
    with time_machine.travel(at(9, 50), tick=False):  # first response warned at 09:48
        counts = queues.queue_counts(personas.agent)
        assert counts == {
            "mine": 1,
            "groups": 1,
            "unassigned": 3,
            "at_risk": 1,
            "breached": 0,
            "waiting": 1,
            "open": 4,
        }
        assert numbers(client.get(URL, {"queue": "at_risk"})) == [late.number]
    with time_machine.travel(at(10, 5), tick=False):
        assert queues.queue_counts(personas.agent)["breached"] == 1
        assert numbers(client.get(URL, {"queue": "breached"})) == [late.number]
        body = client.get(reverse("desk:queue_counts"), HTTP_HX_REQUEST="true").content.decode()
    assert 'id="queue-list"' in body and 'hx-trigger="every 30s"' in body
    assert "<html" not in body
    assert (
        '<span>Breached</span> <span class="count alert"><span class="visually-hidden">'
        "tickets: </span>1</span>" in body
    )
    # The list page loads the counts once it is shown, then polls them.
    page = client.get(URL).content.decode()
    assert 'hx-trigger="load, every 30s"' in page


@pytest.mark.parametrize("count", [3, 30])
def test_list_and_counts_read_a_constant_number_of_queries(
    client, personas, django_assert_num_queries, count
):
    sla_policy()
    group = factories.group()
    with time_machine.travel(MONDAY_0900, tick=False):
        for n in range(count):
            factories.ticket(
                personas.org if n % 2 else personas.other_org,
                assignee=personas.agent,
                group=group,
                service=factories.service(),
                requester=None,
            )
    client.force_login(personas.agent)
    with time_machine.travel(MONDAY_0900 + timedelta(minutes=5), tick=False):
        client.get(URL)  # reads the states, sub-types and priority scheme into the cache
        # session, user, configuration generation (scheme, sub-types, states from the process
        # cache), staff (the filter's and the bulk form's assignees); the page of tickets;
        # their clocks; saved views; organisations, services, active groups (the filter's and
        # the bulk form's), the save-view form's groups. The queue counts: their own request.
        with django_assert_num_queries(11):
            response = client.get(URL)
        assert len(response.context["page"].rows) == count
        # session, user, the open states, the counts
        with django_assert_num_queries(4):
            client.get(reverse("desk:queue_counts"))
        # The poll: session, user, configuration generation, staff, the page, its clocks.
        with django_assert_num_queries(6):
            client.get(URL, HTTP_HX_REQUEST="true")


# --- bulk actions ------------------------------------------------------------------------


def _bulk(client, tickets, **data):
    post = {"ticket": [t.pk for t in tickets], "next": URL + "?queue=open"}
    post.update({f"bulk-{name}": value for name, value in data.items()})
    for t in tickets:
        post[f"version_{t.pk}"] = Ticket.objects.get(pk=t.pk).version
    return client.post(reverse("desk:bulk"), post, follow=True)


def _messages(response) -> list[str]:
    return [str(m) for m in response.context["messages"]]


def test_bulk_assign_changes_each_ticket_through_the_action(client, personas, tickets):
    client.force_login(personas.agent)
    group = factories.group()
    response = _bulk(
        client,
        [tickets[0], tickets[3]],
        operation="assign",
        assignee=personas.agent_l2.pk,
        group=group.pk,
    )
    assert response.redirect_chain[-1][0] == URL + "?queue=open"
    for ticket in (tickets[0], tickets[3]):
        ticket.refresh_from_db()
        assert (ticket.assignee, ticket.group) == (personas.agent_l2, group)
        assert ticket.history.filter(code="ticket.assigned").exists()
    assert _messages(response) == [f"Changed: {tickets[0].number}, {tickets[3].number}."]


def test_bulk_refuses_a_ticket_changed_meanwhile_and_changes_the_others(client, personas, tickets):
    client.force_login(personas.agent)
    post = {
        "bulk-operation": "transition",
        "bulk-state": "pending",
        "ticket": [tickets[0].pk, tickets[1].pk],
        f"version_{tickets[0].pk}": tickets[0].version - 1 if tickets[0].version > 1 else 99,
        f"version_{tickets[1].pk}": Ticket.objects.get(pk=tickets[1].pk).version,
    }
    before = Ticket.objects.get(pk=tickets[0].pk)
    response = client.post(reverse("desk:bulk"), post, follow=True)
    after = Ticket.objects.get(pk=tickets[0].pk)
    assert (after.state_id, after.version) == (before.state_id, before.version)
    assert Ticket.objects.get(pk=tickets[1].pk).state.code == "pending"
    texts = _messages(response)
    assert texts[0] == f"Changed: {tickets[1].number}."
    assert texts[1].startswith(f"{tickets[0].number} was left as it was: ")
    assert "changed by someone else meanwhile" in texts[1]


def test_bulk_transition_refused_by_the_workflow(client, personas, tickets):
    client.force_login(personas.agent)
    response = _bulk(client, [tickets[2]], operation="transition", state="pending")
    assert Ticket.objects.get(pk=tickets[2].pk).state.code == "closed"
    assert _messages(response)[0].startswith(f"{tickets[2].number} was left as it was: ")


def test_bulk_merge_needs_level_2_and_merges_each_duplicate(client, personas):
    main = factories.ticket(personas.org, subject="Trunk down")
    dupes = [factories.ticket(personas.org, subject="Trunk down again") for _ in range(2)]
    other = factories.ticket(personas.other_org, subject="Trunk down too")
    client.force_login(personas.agent)
    refused = _bulk(client, dupes, operation="merge", into=main.number)
    assert "level 2" in _messages(refused)[0]
    assert not Ticket.objects.filter(merged_into=main).exists()

    client.force_login(personas.agent_l2)
    response = _bulk(client, [*dupes, other], operation="merge", into=main.number)
    assert set(Ticket.objects.filter(merged_into=main)) == set(dupes)
    texts = _messages(response)
    assert texts[0] == f"Changed: {dupes[0].number}, {dupes[1].number}."
    assert texts[1].startswith(f"{other.number} was left as it was: ")


def test_bulk_without_selection_or_target_says_what_is_missing(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.post(reverse("desk:bulk"), {"bulk-operation": "assign"}, follow=True)
    assert _messages(response) == ["Select at least one ticket first."]
    response = _bulk(client, [tickets[0]], operation="assign")
    assert "Say whom to assign" in _messages(response)[0]
    response = _bulk(client, [tickets[0]], operation="merge", into="ZZ-404")
    assert "no ticket ZZ-404" in _messages(response)[0]


# --- saved views -------------------------------------------------------------------------


def test_an_agent_saves_renames_and_deletes_a_view(client, personas, tickets):
    client.force_login(personas.agent)
    response = client.post(
        reverse("desk:view_create"),
        {"view-name": "Urgent of Alpha", "query": "queue=open&priority=urgent&before=99"},
    )
    view = SavedView.objects.get(owner=personas.agent)
    assert view.params == {"queue": "open", "priority": "urgent", "ordering": "next_due"}
    assert response.status_code == 302
    listed = client.get(response["Location"])
    assert numbers(listed) == [tickets[0].number]
    assert "Urgent of Alpha" in listed.content.decode()

    client.post(reverse("desk:view_rename", args=[view.pk]), {"name": "Urgent"})
    view.refresh_from_db()
    assert view.name == "Urgent"
    client.post(reverse("desk:view_delete", args=[view.pk]))
    assert not SavedView.objects.exists()


def test_a_shared_view_is_seen_by_its_group_only_and_edited_by_owner_or_supervisor(
    client, personas
):
    group = factories.group()
    group.members.add(personas.agent, personas.agent_l2)
    client.force_login(personas.agent)
    client.post(
        reverse("desk:view_create"),
        {"view-name": "Team", "query": "kind=request", "view-group": group.pk},
    )
    view = SavedView.objects.get()
    assert view.group == group

    client.force_login(personas.agent_l2)  # a member: sees it, may not change it
    assert "Team" in client.get(URL).content.decode()
    response = client.post(reverse("desk:view_delete", args=[view.pk]), follow=True)
    assert "Only the owner of the view or a supervisor" in _messages(response)[0]
    assert SavedView.objects.exists()

    client.force_login(personas.supervisor)  # not a member: does not see it (404)
    assert "Team" not in client.get(URL).content.decode()
    assert (
        client.post(reverse("desk:view_rename", args=[view.pk]), {"name": "X"}).status_code == 404
    )
    group.members.add(personas.supervisor)
    client.post(reverse("desk:view_rename", args=[view.pk]), {"name": "Requests"})
    view.refresh_from_db()
    assert view.name == "Requests"


def test_sharing_takes_membership_and_names_are_unique(client, personas):
    group = factories.group()
    client.force_login(personas.agent)
    response = client.post(
        reverse("desk:view_create"),
        {"view-name": "Team", "query": "", "view-group": group.pk},
        follow=True,
    )
    assert not SavedView.objects.exists()
    assert _messages(response)  # the group is not one of the agent's: not a choice
    client.post(reverse("desk:view_create"), {"view-name": "Mine", "query": "queue=mine"})
    response = client.post(
        reverse("desk:view_create"), {"view-name": "Mine", "query": "queue=open"}, follow=True
    )
    assert any("already have a view named" in text for text in _messages(response))
    response = client.post(
        reverse("desk:view_create"), {"view-name": " ", "query": ""}, follow=True
    )
    assert _messages(response) == ["Give the view a name."]
    assert SavedView.objects.count() == 1


def test_search_operators_and_quotes_are_words_not_syntax(client, personas, tickets):
    client.force_login(personas.agent)
    for text in ('troncal" OR (x* NEAR', "-troncal", "AND", '"""', "troncal:*"):
        response = client.get(URL, {"text": text, "queue": ""})
        assert response.status_code == 200, text
        assert response.context["form"].errors == {}, text
    assert numbers(client.get(URL, {"text": '"troncal"', "queue": ""})) == [tickets[0].number]


@pytest.mark.parametrize("few", [2000, 0])
def test_search_gives_the_same_rows_for_few_and_many_matches(
    client, personas, tickets, monkeypatch, few
):
    # PostgreSQL: up to FEW matches are read by id, more are tested along the list's order.
    from atiende.tickets import search

    monkeypatch.setattr(search, "FEW", few)
    client.force_login(personas.agent)
    response = client.get(URL, {"text": "template", "queue": ""})
    assert numbers(response) == [tickets[1].number]
    assert numbers(client.get(URL, {"text": "nothing-like-this", "queue": ""})) == []


def test_search_finds_the_notes_of_a_phone_call(client, personas, tickets):
    from atiende.tickets import work
    from atiende.tickets.codes import CallDirection, CallOutcome

    work.log_phone_call(
        tickets[0],
        actor=personas.agent,
        channel=Channel.WEB,
        direction=CallDirection.INBOUND,
        outcome=CallOutcome.ANSWERED,
        duration_seconds=120,
        notes="Customer confirms the modem is blinking amber.",
    )
    client.force_login(personas.agent)
    assert numbers(client.get(URL, {"text": "amber", "queue": ""})) == [tickets[0].number]
