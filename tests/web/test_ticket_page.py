"""Desk ticket page: one timeline of replies, internal notes, phone calls, system events and
attachments (T14), the action forms and the service levels (S3-S12)."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.urls import reverse

from atiende.sla.sweep import sweep
from atiende.tickets import actions, history, work
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import Attachment
from tests import factories
from tests.sla import configs
from tests.web.helpers import at, customer_ticket, sla_policy, sla_ticket, text_upload

CURRENT_TIME = datetime(2025, 3, 4, 15, 0, tzinfo=UTC)


@pytest.fixture
def ticket(personas):
    ticket = customer_ticket(personas, attachments=[text_upload("trace.txt")])
    actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text="Checked the trunk.")
    actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="We are on it.")
    return ticket


def url(ticket) -> str:
    return reverse("desk:ticket", args=[ticket.pk])


@pytest.mark.parametrize("role", ["agent", "agent_l2", "supervisor", "manager", "admin"])
def test_it_shows_the_ticket_to_staff(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket))
    assert response.status_code == 200
    body = response.content.decode()
    assert ticket.number in body
    assert "Every outbound call on the main trunk drops at 30 s." in body
    assert "Checked the trunk." in body  # internal notes are for staff
    assert "We are on it." in body
    assert "trace.txt" in body
    attachment = ticket.attachments.get()
    assert reverse("desk:attachment", args=[attachment.pk]) in body
    assert personas.customer.contact.email in body


@pytest.mark.parametrize("membership", ["own group", "other group", "no group"])
def test_agents_work_tickets_of_any_group(client, personas, membership):
    # R2: staff see and work every ticket; the group only says whose queue it is in.
    voice, data = factories.group(name="Voice"), factories.group(name="Data")
    ticket = customer_ticket(personas, group=voice)
    if membership != "no group":
        (voice if membership == "own group" else data).members.add(personas.agent)
    client.force_login(personas.agent)
    assert client.get(url(ticket)).status_code == 200
    response = client.post(
        reverse("desk:note", args=[ticket.pk]),
        {"compose-text": "Seen.", "compose-version": ticket.version},
    )
    assert response.status_code == 302
    assert ticket.messages.filter(text="Seen.").exists()


def test_it_renders_the_history_in_the_readers_language(client, personas, ticket):
    created = ticket.history.get(code=EventCode.CREATED)
    english, spanish = history.render(created, "en"), history.render(created, "es")
    assert english != spanish
    client.force_login(personas.agent)
    assert english in client.get(url(ticket)).content.decode()

    personas.agent.language = "es"
    personas.agent.save()
    body = client.get(url(ticket)).content.decode()
    assert spanish in body
    assert english not in body


def test_it_shows_times_in_the_users_time_zone(client, personas):
    with time_machine.travel(CURRENT_TIME, tick=False):
        ticket = customer_ticket(personas)
    personas.agent.time_zone = "America/Caracas"
    personas.agent.save()
    client.force_login(personas.agent)
    body = client.get(url(ticket)).content.decode()
    assert 'datetime="2025-03-04T11:00:00-04:00"' in body
    assert "America/Caracas" in body


def test_it_offers_a_button_per_manual_transition_only(client, personas, ticket):
    # After the agent's reply the ticket is "open": pending and resolved may follow by hand;
    # the reply triggers (agent_reply, customer_reply) are no buttons.
    client.force_login(personas.agent)
    response = client.get(url(ticket))
    offered = [state.code for state, _label in response.context["targets"]]
    assert offered == ["pending", "resolved"]
    body = response.content.decode()
    assert 'name="transition-state" value="pending"' in body
    assert 'name="transition-state" value="resolved"' in body
    assert 'name="transition-state" value="open"' not in body


def test_it_is_404_for_an_unknown_ticket(client, personas):
    client.force_login(personas.agent)
    assert client.get(reverse("desk:ticket", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", ["customer", "teammate", "customer_admin", "other_customer"])
def test_it_sends_customers_to_the_portal(client, personas, ticket, role):
    client.force_login(personas.by_role(role))
    response = client.get(url(ticket))
    assert response.status_code == 302
    assert response.url == reverse("portal:list")


def test_it_sends_anonymous_visitors_to_login(client, ticket):
    response = client.get(url(ticket))
    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


def _busy_ticket(personas, rows: int):
    """A ticket with ``rows`` of each kind: replies with a file, notes, phone calls, time
    entries, state changes."""
    ticket = customer_ticket(personas, group=factories.group(), assignee=personas.agent)
    for n in range(rows):
        actions.reply(
            ticket,
            actor=personas.agent,
            channel=Channel.WEB,
            text=f"Update {n}",
            attachments=[text_upload(f"update-{n}.txt")],
        )
        actions.add_note(ticket, actor=personas.agent_l2, channel=Channel.WEB, text=f"Note {n}")
        work.log_phone_call(
            ticket,
            actor=personas.agent,
            channel=Channel.WEB,
            direction="out",
            outcome="answered",
            duration_seconds=60 + n,
            notes=f"Call {n}",
        )
        work.add_time_entry(
            ticket, actor=personas.agent_l2, channel=Channel.WEB, minutes=5, billable=n % 2 == 0
        )
        actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="pending")
        actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="open")
    return ticket


@pytest.mark.parametrize("rows", [3, 30])
def test_it_reads_a_constant_number_of_queries(client, personas, django_assert_num_queries, rows):
    ticket = _busy_ticket(personas, rows)
    client.force_login(personas.agent)
    client.get(url(ticket))  # reads the priority scheme and transitions into the cache
    # session, user, ticket (with what the page shows), configuration generation (priority
    # scheme and transitions from the process cache), messages (with calls), attachments,
    # history, canned responses, escalation groups, time entries (the totals are theirs: all
    # are listed), staff choices, group choices (no SLA policy: no clock query)
    with django_assert_num_queries(12):
        response = client.get(url(ticket))
    body = response.content.decode()
    assert body.count("Update ") == rows
    assert body.count("Call ") >= rows
    assert f"Total {rows * 5} min, of which {((rows + 1) // 2) * 5} min billable" in body


def test_the_time_totals_count_entries_beyond_the_listed_ones(client, personas, monkeypatch):
    from atiende.web import views_ticket

    monkeypatch.setattr(views_ticket, "TIME_ROWS", 2)
    ticket = _busy_ticket(personas, 5)
    client.force_login(personas.agent)
    body = client.get(url(ticket)).content.decode()
    assert "Total 25 min, of which 15 min billable" in body
    assert body.count('<table class="time-entries">') == 1


# --- the "Service levels" panel (S3, S5, S9, S10, S12) ---------------------------------------


def _panel(response) -> str:
    body = response.content.decode()
    start = body.index('aria-labelledby="sla-heading"')
    return body[start : body.index("</section>", start)]


def _page(client, ticket, when):
    with time_machine.travel(when, tick=False):
        response = client.get(url(ticket))
    assert response.status_code == 200
    return response


def test_it_lists_each_clock_with_due_time_remaining_time_and_state(client, personas):
    sla_policy()
    ticket = sla_ticket(personas)
    personas.agent.time_zone = "America/Caracas"
    personas.agent.save(update_fields=["time_zone"])
    client.force_login(personas.agent)

    panel = _panel(_page(client, ticket, at(9, 50)))

    assert "Policy: standard" in panel
    explain = reverse("desk:sla_explanation", args=[ticket.pk, "first_response"])
    assert f'<a href="{explain}">First response</a>' in panel
    assert '<time datetime="2026-11-23T11:00:00-04:00">' in panel  # 10:00 Bogotá
    assert "10 min left" in panel
    assert '<span class="badge sla sla-at-risk">Running · at risk</span>' in panel
    assert "3 h 10 min left" in panel
    assert '<span class="badge sla sla-running">Running</span>' in panel


def test_it_shows_met_paused_and_breached_clocks(client, personas):
    sla_policy()
    answered, late = sla_ticket(personas), sla_ticket(personas)
    with time_machine.travel(at(9, 10), tick=False):
        actions.reply(answered, actor=personas.agent, channel=Channel.WEB, text="Trace, please?")
    with time_machine.travel(at(9, 30), tick=False):
        actions.transition(answered, actor=personas.agent, channel=Channel.WEB, state="pending")
    sweep(now=at(10, 5))
    client.force_login(personas.agent)

    panel = _panel(_page(client, answered, at(10, 5)))
    assert '<span class="badge sla sla-done">Met</span>' in panel
    assert 'met <time datetime="2026-11-23T09:10:00-05:00">' in panel
    assert '<span class="badge sla sla-paused">Paused</span>' in panel
    assert "paused, 3 h 30 min left" in panel

    panel = _panel(_page(client, late, at(10, 5)))
    assert '<span class="badge sla sla-breached">Breached</span>' in panel
    assert "5 min overdue" in panel


def test_it_names_known_targets_and_shows_other_names_as_they_are(client, personas):
    sla_policy(
        configs.target("diagnosis", 20, meet_states=["resolved"]),
        configs.target("noc_check", 30, meet_states=["resolved"]),
    )
    ticket = sla_ticket(personas)
    personas.agent.language = "es"
    personas.agent.save(update_fields=["language"])
    client.force_login(personas.agent)

    panel = _panel(_page(client, ticket, at(9, 5)))

    assert ">Primera respuesta</a>" in panel
    assert ">Diagnóstico</a>" in panel
    assert ">noc_check</a>" in panel
    assert "Niveles de servicio" in panel


def test_it_says_when_no_service_level_applies(client, personas, ticket):
    client.force_login(personas.agent)

    panel = _panel(client.get(url(ticket)))

    assert "No service level applies to this ticket." in panel
    assert "Policy:" not in panel


@pytest.mark.parametrize("replies", [3, 30])
def test_it_reads_the_clocks_in_one_query(client, personas, django_assert_num_queries, replies):
    sla_policy(configs.target("update", 30))
    ticket = sla_ticket(personas, group=factories.group(), assignee=personas.agent)
    for n in range(replies):
        with time_machine.travel(at(9, 10) + timedelta(seconds=n), tick=False):
            actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text=f"Update {n}")
    client.force_login(personas.agent)
    with time_machine.travel(at(9, 20), tick=False):
        client.get(url(ticket))  # reads the priority scheme and transitions into the cache
    # as above, and the clocks
    with time_machine.travel(at(9, 20), tick=False), django_assert_num_queries(13):
        response = client.get(url(ticket))
    assert response.context["clocks"][2].cycle == replies + 1


# --- the timeline ------------------------------------------------------------------------------


def _timeline(response) -> str:
    body = response.content.decode()
    start = body.index('<ol class="timeline">')
    return body[start : body.index("</ol>", start)]


def test_the_timeline_is_chronological_with_notes_calls_and_files_inline(client, personas):
    with time_machine.travel(CURRENT_TIME, tick=False) as moment:
        ticket = customer_ticket(personas, attachments=[text_upload("trace.txt")])
        moment.shift(60)
        actions.add_note(
            ticket,
            actor=personas.agent,
            channel=Channel.WEB,
            text="Checked the trunk.",
            attachments=[text_upload("capture.pcap.txt")],
        )
        moment.shift(60)
        work.log_phone_call(
            ticket,
            actor=personas.agent,
            channel=Channel.WEB,
            direction="out",
            outcome="lost",
            duration_seconds=0,
        )
        moment.shift(60)
        actions.transition(ticket, actor=personas.agent, channel=Channel.WEB, state="pending")
        moment.shift(60)
        actions.reply(ticket, actor=personas.agent, channel=Channel.WEB, text="We are on it.")
    client.force_login(personas.agent)
    timeline = _timeline(client.get(url(ticket)))

    order = [
        "Every outbound call on the main trunk drops at 30 s.",
        "trace.txt",
        f"Ticket {ticket.number} opened",
        "Checked the trunk.",
        "capture.pcap.txt",
        "Outgoing call",
        "State changed from New to Waiting on customer",
        "We are on it.",
    ]
    positions = [timeline.index(text) for text in order]
    assert positions == sorted(positions)
    # Internal notes and calls look different from what the customer sees.
    note = timeline[timeline.rindex("<li", 0, timeline.index("Checked the trunk.")) :]
    assert note.startswith('<li class="message message-internal"')
    call = timeline[timeline.rindex("<li", 0, timeline.index("Outgoing call")) :]
    assert call.startswith('<li class="message message-internal message-call"')
    # A file is shown with its message, once; the message events are not repeated.
    assert timeline.count("capture.pcap.txt") == 1
    assert "Internal note added" not in timeline
    assert "Attachment capture.pcap.txt added" not in timeline
    note_file = Attachment.objects.get(filename="capture.pcap.txt")
    assert reverse("desk:attachment", args=[note_file.pk]) in note


def test_sla_warnings_and_breaches_link_to_the_explanation(client, personas):
    sla_policy()
    ticket = sla_ticket(personas)
    sweep(now=at(9, 50))  # first response at risk (warning at 09:48)
    sweep(now=at(10, 5))  # and breached (due 10:00)
    client.force_login(personas.agent)
    with time_machine.travel(at(10, 5), tick=False):
        timeline = _timeline(client.get(url(ticket)))
    explain = reverse("desk:sla_explanation", args=[ticket.pk, "first_response"])
    warning = timeline[timeline.index("SLA target first_response at risk") :]
    assert warning.index(f'<a href="{explain}">') < warning.index("</li>")
    assert "timeline-sla-at-risk" in timeline and "timeline-sla-breached" in timeline
    assert "SLA target first_response breached" in timeline
    assert timeline.count(f'href="{explain}"') == 2  # the warning and the breach


def test_a_replan_shows_its_reason_in_the_readers_language(client, personas):
    sla_policy()
    configs.policy(
        "urgent",
        targets=[configs.target("first_response", 15)],
        rules=[{"priorities": ["urgent"], "position": 0}],
    )
    ticket = sla_ticket(personas)
    with time_machine.travel(at(9, 5), tick=False):
        actions.change_priority(
            ticket, actor=personas.agent, channel=Channel.WEB, urgency="high", impact="organisation"
        )
    client.force_login(personas.agent)
    with time_machine.travel(at(9, 6), tick=False):
        timeline = _timeline(client.get(url(ticket)))
    assert "SLA re-planned after a change of priority: policy standard → urgent" in timeline
    explain = reverse("desk:sla_explanation", args=[ticket.pk, "first_response"])
    replan = timeline[timeline.index("SLA re-planned") :]
    assert replan.index(f'href="{explain}"') < replan.index("</li>")

    personas.agent.language = "es"
    personas.agent.save()
    with time_machine.travel(at(9, 6), tick=False):
        timeline = _timeline(client.get(url(ticket)))
    event = ticket.history.get(code=EventCode.SLA_REPLANNED)
    assert history.render(event, "es") in timeline


def test_a_very_long_ticket_shows_its_latest_entries(client, personas, monkeypatch):
    from atiende.web import timeline as module

    monkeypatch.setattr(module, "LIMIT", 5)
    ticket = customer_ticket(personas)
    for n in range(8):
        actions.add_note(ticket, actor=personas.agent, channel=Channel.WEB, text=f"Note {n}.")
    client.force_login(personas.agent)
    response = client.get(url(ticket))
    timeline = _timeline(response)
    assert "Note 7." in timeline and "Note 3." in timeline and "Note 2." not in timeline
    assert "Only the latest entries are shown" in response.content.decode()
