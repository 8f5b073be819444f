"""Who may call what (R2, R3): every endpoint under /api/v1/ × method × role × organisation.

The table is checked against the URL conf: a new endpoint or method without rows fails
``test_it_has_rows_for_every_endpoint_and_method``. Each case asserts the status class and
that nothing of the other organisation shows up in a customer's answer.

Scopes: ``own`` is an object of the customer personas' organisation (a ticket: reported by
the ``customer`` persona), ``other`` the same kind of object of the other organisation, and
``-`` an endpoint without an object (or an object no organisation owns).
HEAD follows GET (Django's View.setup) and OPTIONS is not served: both are checked apart.
"""

from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from atiende.catalog.models import Subscription
from atiende.customers.models import Contact, Organisation
from atiende.sla.models import Policy
from atiende.tickets import actions
from atiende.tickets.attachments import Upload
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.models import Ticket
from tests import factories
from tests.api.conftest import ApiClient, api_v1_endpoints
from tests.sla import configs

ROLES = ("anonymous", "customer", "customer_admin", "agent", "agent_l2", "supervisor",
         "manager", "admin")  # fmt: skip

# role:        anon cust c_adm agent l2  super manag admin
ALL = "401 2xx 2xx 2xx 2xx 2xx 2xx 2xx"
SEEN_BY_STAFF = "401 404 404 2xx 2xx 2xx 2xx 2xx"
STAFF_ACTION = "401 403 403 2xx 2xx 2xx 2xx 2xx"
MERGE = "401 403 403 403 2xx 2xx 2xx 2xx"
MERGE_OTHER = "401 404 404 403 2xx 2xx 2xx 2xx"
ORGANISATIONS = "401 403 403 403 403 2xx 2xx 2xx"
ORGANISATIONS_OTHER = "401 404 404 403 403 2xx 2xx 2xx"
CATALOG = "401 403 403 403 403 403 2xx 2xx"
CATALOG_OTHER = "401 404 404 403 403 403 2xx 2xx"
STAFF_ONLY = "401 403 403 2xx 2xx 2xx 2xx 2xx"
ADMIN_ONLY = "401 403 403 403 403 403 403 2xx"
SLA_PREVIEW = "401 403 403 403 403 2xx 2xx 2xx"

EXPECTED: dict[tuple[str, str], dict[str, str]] = {
    ("api-ticket-list", "GET"): {"-": ALL},
    ("api-ticket-list", "POST"): {"own": ALL, "other": "401 400 400 2xx 2xx 2xx 2xx 2xx"},
    ("api-ticket-detail", "GET"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-ticket-reply", "POST"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-ticket-note", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-transition", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-assign", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-priority", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-problem", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-merge", "POST"): {"own": MERGE, "other": MERGE_OTHER},
    ("api-ticket-workaround", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-solution", "POST"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-ticket-attachments", "POST"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-ticket-sla-explain", "GET"): {"own": STAFF_ACTION, "other": SEEN_BY_STAFF},
    ("api-attachment-download", "GET"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-organisation-list", "GET"): {"-": ALL},
    ("api-organisation-list", "POST"): {"-": ORGANISATIONS},
    ("api-organisation-detail", "GET"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-organisation-detail", "PATCH"): {"own": ORGANISATIONS, "other": ORGANISATIONS_OTHER},
    ("api-contact-list", "GET"): {"-": ALL},
    ("api-contact-list", "POST"): {
        "own": "401 403 2xx 2xx 2xx 2xx 2xx 2xx",
        "other": "401 403 400 2xx 2xx 2xx 2xx 2xx",
    },
    ("api-contact-detail", "GET"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-contact-detail", "PATCH"): {
        "own": "401 403 2xx 2xx 2xx 2xx 2xx 2xx",
        "other": SEEN_BY_STAFF,
    },
    ("api-service-list", "GET"): {"-": ALL},
    ("api-service-list", "POST"): {"-": CATALOG},
    ("api-service-detail", "GET"): {"own": ALL, "other": SEEN_BY_STAFF},
    ("api-service-detail", "PATCH"): {"own": CATALOG, "other": CATALOG_OTHER},
    ("api-group-list", "GET"): {"-": STAFF_ONLY},
    ("api-group-list", "POST"): {"-": CATALOG},
    ("api-group-detail", "GET"): {"-": SEEN_BY_STAFF},
    ("api-group-detail", "PATCH"): {"-": CATALOG_OTHER},
    ("api-user-list", "GET"): {"-": ADMIN_ONLY},
    ("api-user-list", "POST"): {"-": ADMIN_ONLY},
    ("api-user-detail", "GET"): {"own": ADMIN_ONLY, "other": ADMIN_ONLY},
    ("api-sla-plan", "GET"): {"-": SLA_PREVIEW},
}


def test_it_has_rows_for_every_endpoint_and_method(db):
    endpoints = set(api_v1_endpoints())
    missing = sorted(endpoints - EXPECTED.keys())
    stale = sorted(EXPECTED.keys() - endpoints)
    assert not missing, f"endpoints without rows in the authorisation matrix: {missing}"
    assert not stale, f"rows for endpoints that no longer exist: {stale}"
    for key, rows in EXPECTED.items():
        assert set(rows) in ({"-"}, {"own", "other"}), key
        for row in rows.values():
            assert len(row.split()) == len(ROLES), key


# --- the world each case runs in -----------------------------------------------------------


@dataclass
class World:
    p: object  # personas
    own_ticket: Ticket
    other_ticket: Ticket

    def org(self, scope: str) -> Organisation:
        return self.p.other_org if scope == "other" else self.p.org

    def ticket(self, scope: str) -> Ticket:
        return self.other_ticket if scope == "other" else self.own_ticket

    def requester(self, scope: str) -> Contact:
        return (self.p.other_customer if scope == "other" else self.p.customer).contact

    def sibling(self, scope: str, **fields) -> Ticket:
        return factories.ticket(self.org(scope), requester=self.requester(scope), **fields)

    def service(self, scope: str):
        service = factories.service()
        Subscription.objects.create(organisation=self.org(scope), service=service)
        return service

    def sla_ticket(self, scope: str) -> Ticket:
        """A ticket of ``scope`` with a first-response clock (no policy exists by default)."""
        if not Policy.objects.filter(slug="matrix").exists():
            configs.policy("matrix", targets=[configs.target("first_response", 60)])
        return self.sibling(scope)

    def attachment(self, scope: str):
        upload = Upload(filename="trace.txt", content=b"SIP/2.0 503 Service Unavailable\n")
        [attachment] = actions.add_attachments(
            self.ticket(scope), actor=None, channel=Channel.API, attachments=[upload]
        )
        return attachment


@pytest.fixture
def world(personas) -> World:
    return World(
        p=personas,
        own_ticket=factories.ticket(
            personas.org, requester=personas.customer.contact, actor=personas.customer
        ),
        other_ticket=factories.ticket(
            personas.other_org,
            requester=personas.other_customer.contact,
            actor=personas.other_customer,
        ),
    )


@dataclass
class Call:
    path: str
    body: dict | None = None
    multipart: bool = False


# Bodies of the ticket actions, by URL name: each valid for a new ticket.
TICKET_ACTIONS = {
    "api-ticket-detail": lambda w, scope: None,
    "api-ticket-reply": lambda w, scope: {"text": "Still failing."},
    "api-ticket-note": lambda w, scope: {"text": "Check the SBC first."},
    "api-ticket-transition": lambda w, scope: {"state": "open"},
    "api-ticket-assign": lambda w, scope: {"assignee": w.p.agent.pk},
    "api-ticket-priority": lambda w, scope: {"priority": "high"},
    "api-ticket-problem": lambda w, scope: {"problem": w.sibling(scope, kind=Kind.PROBLEM).pk},
    "api-ticket-merge": lambda w, scope: {"into": w.sibling(scope).pk},
    "api-ticket-workaround": lambda w, scope: {"text": "Rerouted via trunk B."},
    "api-ticket-solution": lambda w, scope: {"text": "Replaced the SBC line card."},
    "api-ticket-attachments": lambda w, scope: {
        "attachments": [SimpleUploadedFile("trace.txt", b"SIP/2.0 503\n")]
    },
}

# Objects of the detail endpoints, by URL name.
OBJECTS = {
    "api-attachment-download": lambda w, scope: w.attachment(scope),
    "api-organisation-detail": lambda w, scope: w.org(scope),
    "api-contact-detail": lambda w, scope: w.requester(scope),
    "api-service-detail": lambda w, scope: w.service(scope),
    "api-group-detail": lambda w, scope: factories.group(),
    "api-user-detail": lambda w, scope: w.p.other_customer if scope == "other" else w.p.teammate,
}

BODIES = {
    ("api-ticket-list", "POST"): lambda w, scope: {
        "subject": "Voice trunk down",
        "description": "No calls since 09:00.",
        "organisation": w.org(scope).slug,
        "requester": w.requester(scope).pk,
    },
    ("api-organisation-list", "POST"): lambda w, scope: {"name": "Gamma Fibra", "slug": "gamma"},
    ("api-organisation-detail", "PATCH"): lambda w, scope: {"plan": "vip"},
    ("api-contact-list", "POST"): lambda w, scope: {
        "name": "Night shift lead",
        "email": "night@example.com",
        "organisation": w.org(scope).slug,
    },
    ("api-contact-detail", "PATCH"): lambda w, scope: {"phone": "+57 601 555 0100"},
    ("api-service-list", "POST"): lambda w, scope: {"code": "sms-gw", "name": "SMS gateway"},
    ("api-service-detail", "PATCH"): lambda w, scope: {"name": "Voice"},
    ("api-group-list", "POST"): lambda w, scope: {"name": "Network operations", "slug": "noc"},
    ("api-group-detail", "PATCH"): lambda w, scope: {"tier": "level2"},
    ("api-user-list", "POST"): lambda w, scope: {"username": "night-agent", "role": "agent"},
}


def sla_plan_call() -> Call:
    """A preview question on the small test pack (tests/packs/desk/desk.yaml)."""
    from atiende.packs import loader
    from tests.packs.runtime_support import DESK

    loader.load_path(DESK, make_default=False)
    query = "pack=desk&kind=incident&priority=high&channel=phone&at=2026-11-17T17:00:00-05:00"
    return Call(f"{reverse('api-sla-plan')}?{query}")


def build_call(name: str, method: str, w: World, scope: str) -> Call:
    if name == "api-sla-plan":
        return sla_plan_call()
    if name == "api-ticket-sla-explain":
        return Call(reverse(name, args=[w.sla_ticket(scope).pk, "first_response"]))
    if name in TICKET_ACTIONS:
        return Call(
            reverse(name, args=[w.ticket(scope).pk]),
            TICKET_ACTIONS[name](w, scope),
            multipart=name == "api-ticket-attachments",
        )
    path = reverse(name, args=[OBJECTS[name](w, scope).pk]) if name in OBJECTS else reverse(name)
    body = BODIES[(name, method)](w, scope) if (name, method) in BODIES else None
    return Call(path, body)


def test_it_knows_how_to_call_every_row(db):
    for name, method in EXPECTED:
        assert (
            name in TICKET_ACTIONS
            or name in OBJECTS
            or name.endswith("-list")
            or name in ("api-ticket-sla-explain", "api-sla-plan")
        ), name
        if method in ("POST", "PATCH") and name not in TICKET_ACTIONS:
            assert (name, method) in BODIES, (name, method)


def send(client: ApiClient, method: str, call: Call):
    if method == "GET":
        return client.get(call.path)
    fmt = "multipart" if call.multipart else "json"
    return getattr(client, method.lower())(call.path, call.body or {}, format=fmt)


def status_class(status: int) -> str:
    return "2xx" if 200 <= status < 300 else str(status)


def assert_nothing_of_the_other_organisation(w: World, role: str, response) -> None:
    if role not in ("customer", "customer_admin"):
        return
    body = b"".join(response.streaming_content) if response.streaming else response.content
    for secret in (
        w.p.other_org.name,
        f'"{w.p.other_org.slug}"',
        w.other_ticket.number,
        w.p.other_customer.contact.email,
        w.p.other_customer.username,
    ):
        assert secret.encode() not in body, f"{secret} leaked to {role}"
    if response.status_code == 200 and "json" in response.get("Content-Type", ""):
        results = response.json().get("results")
        for item in results or []:
            if "organisation" in item:
                assert item["organisation"]["id"] == w.p.org.pk
            elif "slug" in item and "plan" in item:  # an organisation
                assert item["id"] == w.p.org.pk
            elif "availability_target" in item:  # a service
                assert Subscription.objects.filter(
                    service_id=item["id"], organisation=w.p.org
                ).exists()


CASES = [
    pytest.param(name, method, scope, role, id=f"{method} {name} {scope} {role}")
    for (name, method), rows in EXPECTED.items()
    for scope in rows
    for role in ROLES
]


@pytest.mark.parametrize(("name", "method", "scope", "role"), CASES)
def test_it_answers_each_role_as_the_table_says(world, name, method, scope, role):
    user = None if role == "anonymous" else world.p.by_role(role)
    client = ApiClient()
    if user is not None:
        client.as_user(user)
    call = build_call(name, method, world, scope)

    response = send(client, method, call)

    expected = EXPECTED[(name, method)][scope].split()[ROLES.index(role)]
    assert status_class(response.status_code) == expected, response.content[:500]
    assert_nothing_of_the_other_organisation(world, role, response)


@pytest.mark.parametrize("name", sorted({name for name, method in EXPECTED if method == "GET"}))
def test_it_answers_head_like_get(world, name):
    call = build_call(name, "GET", world, "own")
    assert ApiClient().head(call.path).status_code == 401
    response = ApiClient().as_user(world.p.admin).head(call.path)
    assert response.status_code == 200
    body = b"".join(response.streaming_content) if response.streaming else response.content
    assert body == b""


def test_it_does_not_serve_options(world):
    response = ApiClient().as_user(world.p.admin).options(reverse("api-ticket-list"))
    assert response.status_code == 405
    assert response.json()["code"] == "method_not_allowed"
