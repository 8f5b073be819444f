"""T10: the account status is checked before a technical ticket is opened; with debt the
customer is told to pay and no ticket is opened; every outcome is logged."""

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from atiende.core.errors import ActionError
from atiende.packs.models import AccountCheck
from atiende.tickets.models import Ticket
from tests.packs.runtime_support import customer, edited, load, open_ticket

pytestmark = pytest.mark.django_db


def test_it_refuses_an_incident_of_an_organisation_with_debt_and_logs_it():
    org = customer(load().pack, account_status="debt")

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="incident", priority="low")

    assert error.value.code == "account_blocked"
    assert error.value.message.startswith("Your account has an outstanding balance")
    assert not Ticket.objects.exists()
    check = AccountCheck.objects.get()
    assert (check.outcome, check.status, check.source) == ("refused", "debt", "field")


def test_it_opens_the_ticket_of_an_active_account_and_logs_it():
    org = customer(load().pack)

    ticket = open_ticket(org, kind="incident", priority="low")

    assert ticket.pk
    assert AccountCheck.objects.get().outcome == "accepted"


def test_it_does_not_check_kinds_the_pack_leaves_out():
    org = customer(load().pack, account_status="debt")

    ticket = open_ticket(org, kind="request", subtype="reports")

    assert ticket.pk
    assert not AccountCheck.objects.exists()


class Billing(BaseHTTPRequestHandler):
    statuses: dict = {}
    seen: list = []

    def do_GET(self):
        slug = self.path.rsplit("/", 1)[-1]
        self.seen.append(self.path)
        if slug not in self.statuses:
            self.send_response(500)
            self.end_headers()
            return
        body = json.dumps({"status": self.statuses[slug]}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture
def billing():
    server = ThreadingHTTPServer(("127.0.0.1", 0), Billing)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    Billing.statuses, Billing.seen = {}, []
    yield server
    server.shutdown()
    server.server_close()


def http_pack(server, on_error: str = "open"):
    url = f"http://127.0.0.1:{server.server_address[1]}/status/{{organisation}}"
    return load(
        edited(
            "  source: field\n",
            f'  source: http\n  http: {{url: "{url}", timeout: 2, on_error: {on_error}}}\n',
        )
    ).pack


def test_it_asks_the_billing_system_and_refuses_on_debt(billing):
    pack = http_pack(billing)
    org = customer(pack, slug="acme")
    Billing.statuses["acme"] = "debt"

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="incident", priority="low")

    assert error.value.code == "account_blocked"
    assert Billing.seen == ["/status/acme"]
    assert AccountCheck.objects.get().source == "http"


def test_it_opens_when_the_billing_system_says_active(billing):
    pack = http_pack(billing)
    org = customer(pack, slug="acme")
    Billing.statuses["acme"] = "active"

    ticket = open_ticket(org, kind="incident", priority="low")

    assert ticket.flags == []
    assert AccountCheck.objects.get().status == "active"


def test_it_opens_and_flags_when_the_billing_system_fails(billing):
    org = customer(http_pack(billing), slug="unknown")

    ticket = open_ticket(org, kind="incident", priority="low")

    assert ticket.flags == ["account_check_unavailable"]
    check = AccountCheck.objects.get()
    assert check.outcome == "unavailable" and "500" in check.detail


def test_it_refuses_when_the_billing_system_fails_and_the_pack_says_refuse(billing):
    org = customer(http_pack(billing, on_error="refuse"), slug="unknown")

    with pytest.raises(ActionError) as error:
        open_ticket(org, kind="incident", priority="low")

    assert error.value.code == "account_check_unavailable"
    assert not Ticket.objects.exists()
