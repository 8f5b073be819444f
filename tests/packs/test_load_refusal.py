"""A load that would orphan data is refused with a clear message and applies nothing."""

import pytest

from atiende.packs.loader import LoadRefused
from atiende.tickets import actions
from tests import factories
from tests.packs.runtime_support import customer, dump, edited, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_refuses_to_remove_a_state_tickets_are_in():
    pack = load().pack
    ticket = open_ticket(customer(pack), kind="incident", priority="low")
    actions.transition(ticket, actor=factories.user("agent"), channel="web", state="pending")
    text = edited(
        "      - {name: pending, category: pending, label: {es: En espera, en: Pending}}\n", ""
    )
    text = text.replace(
        "{from: new, to: [open, pending, resolved]}", "{from: new, to: [open, resolved]}"
    )
    text = text.replace("{from: open, to: [pending, resolved]}", "{from: open, to: [resolved]}")
    text = text.replace("      - {from: pending, to: [open, resolved]}\n", "")
    text = text.replace("      - {from: pending, to: open, on: customer_reply}\n", "")
    before = dump()

    with pytest.raises(LoadRefused) as error:
        load(text)

    assert "State “pending” of workflow “support”" in error.value.message
    assert "1 tickets are in it (1 open)" in error.value.message
    assert dump() == before


def test_it_refuses_to_remove_a_target_clocks_measure():
    pack = load().pack
    open_ticket(customer(pack), kind="request", subtype="reports")
    text = edited(
        "    - name: request\n      when: {kinds: [request]}\n      targets:\n"
        "        - {name: first_response, within: 5h, calendar: business}\n",
        "    - name: request\n      when: {kinds: [request]}\n      targets:\n"
        "        - {name: resolution, within: 5h, calendar: business}\n",
    )
    before = dump()

    with pytest.raises(LoadRefused) as error:
        load(text)

    assert "Target “first_response” of policy “request”" in error.value.message
    assert dump() == before


def test_it_keeps_a_removed_policy_that_tickets_used_but_never_chooses_it_again():
    pack = load().pack
    old = open_ticket(customer(pack), kind="request", subtype="reports")
    text = edited(
        "    - name: request\n      when: {kinds: [request]}\n",
        "    - name: requests-v2\n      when: {kinds: [request]}\n",
    )

    result = load(text)
    new = open_ticket(customer(pack), kind="request", subtype="reports")

    assert "- policy request" in result.changes and "+ policy requests-v2" in result.changes
    old.refresh_from_db()
    assert old.sla_policy.slug == "request" and not old.sla_policy.is_active
    assert new.sla_policy.slug == "requests-v2"


def test_it_refuses_to_remove_a_plan_organisations_are_on():
    pack = load().pack
    customer(pack, plan="vip")
    text = edited(
        "  - name: vip\n    label: {es: VIP, en: VIP}\n    calendar: always\n"
        "    monthly_billing: {min: 5001}\n",
        "",
    )
    before = dump()

    with pytest.raises(LoadRefused) as error:
        load(text)

    assert "Plan “vip” cannot be removed: 1 organisations are on it" in error.value.message
    assert dump() == before


def test_it_refuses_to_remove_a_calendar_a_retired_policy_still_uses():
    pack = load().pack
    open_ticket(customer(pack), kind="request", subtype="reports")
    # The request policy is renamed (the old one is kept for its ticket) and the new one no
    # longer uses the business calendar; nothing else does either.
    text = edited(
        "    - name: request\n      when: {kinds: [request]}\n      targets:\n"
        "        - {name: first_response, within: 5h, calendar: business}\n",
        "    - name: request-v2\n      when: {kinds: [request]}\n      targets:\n"
        "        - {name: first_response, within: 5h, calendar: always}\n",
    )
    text = text.replace(
        "calendar: business\n    monthly_billing", "calendar: always\n    monthly_billing"
    )
    text = text.replace("within: 2h, calendar: business", "within: 2h, calendar: always")
    text = text.replace("lead_time: {business_days: 3, calendar: business}", "lead_time: {days: 3}")
    text = text.replace("  business:\n", "  office:\n")
    before = dump()

    with pytest.raises(LoadRefused) as error:
        load(text)

    assert "“business” cannot be removed" in error.value.message
    assert dump() == before
