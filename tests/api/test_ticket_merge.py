"""POST /api/v1/tickets/{id}/merge/: a duplicate closes into the ticket kept."""

import pytest

from atiende.tickets.codes import EventCode, MessageKind
from tests import factories
from tests.api.conftest import counts, url


@pytest.fixture
def pair(personas):
    duplicate = factories.ticket(personas.org, requester=personas.customer.contact)
    kept = factories.ticket(personas.org, requester=personas.teammate.contact)
    return duplicate, kept


def test_it_merges_into_the_ticket_kept(personas, client_for, pair):
    duplicate, kept = pair

    response = client_for(personas.agent_l2).post(
        url("api-ticket-merge", duplicate.pk), {"into": kept.number, "version": 1}, format="json"
    )

    assert response.status_code == 200
    assert response.json()["id"] == kept.pk
    duplicate.refresh_from_db()
    assert duplicate.merged_into == kept
    assert duplicate.state.code == "closed"
    assert duplicate.history.filter(code=EventCode.MERGED_INTO, data__target=kept.number).exists()
    assert kept.history.filter(code=EventCode.MERGED_FROM, data__source=duplicate.number).exists()
    assert kept.messages.filter(kind=MessageKind.SYSTEM).count() == 1


def test_it_needs_the_merge_permission(personas, client_for, pair):
    duplicate, kept = pair
    before = counts()

    response = client_for(personas.agent).post(
        url("api-ticket-merge", duplicate.pk), {"into": kept.pk}, format="json"
    )

    assert response.status_code == 403
    assert counts() == before


def test_it_refuses_a_ticket_of_another_organisation(personas, client_for, pair):
    duplicate, _ = pair
    foreign = factories.ticket(personas.other_org)
    before = counts()

    response = client_for(personas.supervisor).post(
        url("api-ticket-merge", duplicate.pk), {"into": foreign.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["code"] == "merge_other_organisation"
    assert counts() == before
    duplicate.refresh_from_db()
    assert duplicate.merged_into is None


def test_it_refuses_merging_into_itself(personas, client_for, pair):
    duplicate, _ = pair

    response = client_for(personas.supervisor).post(
        url("api-ticket-merge", duplicate.pk), {"into": duplicate.pk}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {"into": ["A ticket cannot be merged into itself."]}


def test_it_refuses_an_unknown_target(personas, client_for, pair):
    duplicate, _ = pair

    response = client_for(personas.supervisor).post(
        url("api-ticket-merge", duplicate.pk), {"into": "INC-999999"}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["errors"] == {
        "into": ["There is no ticket “INC-999999” that you can use here."]
    }


def test_it_refuses_a_stale_version(personas, client_for, pair):
    duplicate, kept = pair
    client_for(personas.customer).post(
        url("api-ticket-reply", duplicate.pk), {"text": "Any news?"}, format="json"
    )
    before = counts()

    response = client_for(personas.supervisor).post(
        url("api-ticket-merge", duplicate.pk), {"into": kept.pk, "version": 1}, format="json"
    )

    assert response.status_code == 409
    assert counts() == before
    duplicate.refresh_from_db()
    assert (duplicate.merged_into, duplicate.state.code) == (None, "new")
