"""Portal: the satisfaction answer (Q1) when the pack has a ``survey`` and the ticket is
resolved; one answer per ticket, stored with the questions as asked, thanked afterwards."""

import pytest
from django.urls import reverse

from atiende.core.errors import ActionError
from atiende.surveys.actions import answer_survey
from atiende.surveys.models import SurveyAnswer
from atiende.tickets import actions
from atiende.tickets.codes import Channel

ANSWER = {"survey-satisfaction": "4", "survey-solved": "yes", "survey-comment": "Quick."}


@pytest.fixture
def ecc(pack_customer):
    return pack_customer("ecc")


def open_ticket(desk):
    return actions.open_ticket(
        actor=desk.user,
        channel=Channel.PORTAL,
        organisation=desk.org,
        requester=desk.user.contact,
        subject="Mail does not sync",
        description="Since 08:00 no mailbox of the sales team syncs.",
        urgency="medium",
        impact="department",
    )


def resolve(ticket, agent):
    actions.reply(ticket, actor=agent, channel=Channel.WEB, text="Resynchronised.")
    ticket.refresh_from_db()
    target = next(
        t.target.code
        for t in ticket.workflow.transitions.select_related("target").filter(
            source=ticket.state, trigger="manual"
        )
        if t.target.category == "resolved"
    )
    actions.transition(ticket, actor=agent, channel=Channel.WEB, state=target)
    ticket.refresh_from_db()
    return ticket


def url(name, ticket):
    return reverse(f"portal:{name}", args=[ticket.pk])


def test_it_asks_the_packs_questions_once_resolved(client, ecc):
    ticket = open_ticket(ecc)
    client.force_login(ecc.user)
    assert "How did we do?" not in client.get(url("ticket", ticket)).content.decode()
    resolve(ticket, ecc.agent)
    response = client.get(url("ticket", ticket))
    form = response.context["survey_form"]
    assert list(form.fields) == ["satisfaction", "solved", "comment"]
    assert form.fields["satisfaction"].label == (
        "How satisfied are you with the support you received?"
    )
    assert [v for v, _ in form.fields["satisfaction"].choices] == ["1", "2", "3", "4", "5"]


@pytest.mark.parametrize("role", ["user", "admin"])
def test_it_stores_one_answer_and_thanks(client, ecc, role):
    ticket = resolve(open_ticket(ecc), ecc.agent)
    person = getattr(ecc, role)
    client.force_login(person)
    response = client.post(url("survey", ticket), ANSWER)
    assert response.url == url("ticket", ticket)
    answer = SurveyAnswer.objects.get()
    assert answer.answers == {"satisfaction": 4, "solved": True, "comment": "Quick."}
    assert [q["name"] for q in answer.questions] == ["satisfaction", "solved", "comment"]
    assert (answer.ticket, answer.answered_by, answer.pack) == (ticket, person, ecc.pack)
    body = client.get(url("ticket", ticket), follow=True).content.decode()
    assert "Thank you for answering the satisfaction survey." in body
    client.post(url("survey", ticket), ANSWER)
    assert SurveyAnswer.objects.count() == 1


def test_a_second_answer_is_refused_by_the_action(ecc):
    ticket = resolve(open_ticket(ecc), ecc.agent)
    answers = {"satisfaction": "5", "solved": "yes"}
    answer_survey(ticket, actor=ecc.user, answers=answers)
    with pytest.raises(ActionError, match="already answered"):
        answer_survey(ticket, actor=ecc.user, answers=answers)


@pytest.mark.parametrize(
    ("data", "errors"),
    [
        ({"survey-solved": "yes"}, {"satisfaction": ["Answer this question."]}),
        (
            {"survey-satisfaction": "9", "survey-solved": "yes"},
            {"satisfaction": ["Select a valid choice. 9 is not one of the available choices."]},
        ),
        ({"survey-satisfaction": "3"}, {"solved": ["Answer this question."]}),
    ],
)
def test_each_answer_is_checked(client, ecc, data, errors):
    ticket = resolve(open_ticket(ecc), ecc.agent)
    client.force_login(ecc.user)
    response = client.post(url("survey", ticket), data)
    assert response.status_code == 200
    assert response.context["survey_form"].errors == errors
    assert not SurveyAnswer.objects.exists()


def test_a_pack_without_survey_asks_nothing(client, pack_customer):
    desk = pack_customer("aldeamo")
    ticket = actions.open_ticket(
        actor=desk.user,
        channel=Channel.PORTAL,
        organisation=desk.org,
        requester=desk.user.contact,
        subject="Reports are late",
        description="The daily report arrives at noon instead of 08:00.",
        priority="low",
    )
    resolve(ticket, desk.agent)
    client.force_login(desk.user)
    response = client.get(url("ticket", ticket))
    assert response.context["survey_form"] is None
    response = client.post(url("survey", ticket), ANSWER, follow=True)
    assert "This ticket has no satisfaction survey to answer now." in response.content.decode()
    assert not SurveyAnswer.objects.exists()


def test_another_organisation_gets_404(client, ecc):
    ticket = resolve(open_ticket(ecc), ecc.agent)
    client.force_login(ecc.other)
    assert client.post(url("survey", ticket), ANSWER).status_code == 404
    assert not SurveyAnswer.objects.exists()


@pytest.mark.parametrize("replies", [2, 20])
def test_the_page_of_a_pack_ticket_reads_a_constant_number_of_queries(
    client, ecc, django_assert_num_queries, replies
):
    ticket = open_ticket(ecc)
    for n in range(replies):
        actions.reply(ticket, actor=ecc.agent, channel=Channel.WEB, text=f"Update {n}")
    resolve(ticket, ecc.agent)
    client.force_login(ecc.user)
    client.get(url("ticket", ticket))  # warm the per-process caches (calendars, packs)
    # session, user, ticket, detail (with the pack, for the survey), messages, attachments,
    # clocks, public history, its answer
    with django_assert_num_queries(9):
        response = client.get(url("ticket", ticket))
    assert response.content.decode().count("Update ") == replies
