"""What the portal's new-ticket form offers an organisation, read from its pack (T2, T3, T8,
K2, C4) — and what it tells the customer before the ticket is sent.

The form is built from :func:`intake_options`: the pack's kinds with their labels, each kind's
sub-types (with their lead time, K2), its required fields (T8), the priority scheme in plain
words (a list of priorities with their descriptions, or urgency and impact), the
organisation's subscribed services and its sites. Without a pack, the desk's own kinds and
default matrix are offered.

:func:`channel_notice` is the live check (C4): the portal's own verdict from
:func:`atiende.packs.intake.check` (refused, or flagged as an unofficial channel), plus the
pack's message of every other channel's rule that matches what the customer describes — an
Aldeamo customer reporting a total outage reads "report it by phone" before sending.
"""

from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from atiende import clock
from atiende.catalog.models import Service
from atiende.customers.models import Site
from atiende.packs import intake, runtime
from atiende.tickets.codes import Channel, Kind
from atiende.tickets.priority import PriorityScheme, scheme_for
from atiende.web.labels import impact_name, priority_name

# Plain words for the usual codes of urgency and impact when the pack gives no description.
URGENCY_WORDS = {
    "high": gettext_lazy("We cannot work: it must be solved at once"),
    "medium": gettext_lazy("We can work with difficulty"),
    "low": gettext_lazy("It can wait: we can work normally"),
}
IMPACT_WORDS = {
    "organisation": gettext_lazy("The whole company"),
    "department": gettext_lazy("One department, area or site"),
    "individual": gettext_lazy("Only me or one person"),
}
DEFAULT_KINDS = {
    Kind.INCIDENT: gettext_lazy("Something does not work (incident)"),
    Kind.REQUEST: gettext_lazy("I need something done (service request)"),
}
CUSTOMER_KINDS = (Kind.INCIDENT, Kind.REQUEST)


@dataclass
class Choice:
    name: str
    label: str
    description: str = ""


@dataclass
class Subtype:
    name: str
    label: str
    lead_time: dict | None = None


@dataclass
class KindOption:
    name: str
    label: str
    required: list[str]
    subtypes: list[Subtype] = field(default_factory=list)


@dataclass
class IntakeOptions:
    pack: object
    kinds: list[KindOption]
    # "list": priorities; "matrix": urgency and impact; the scheme decides.
    priority_mode: str
    priorities: list[Choice]
    urgencies: list[Choice]
    impacts: list[Choice]
    services: list[Service]
    sites: list[Site]
    scheme: PriorityScheme

    def kind(self, name: str) -> KindOption | None:
        return next((k for k in self.kinds if k.name == name), None)

    def subtype(self, kind: str, name: str) -> Subtype | None:
        option = self.kind(kind)
        return next((s for s in option.subtypes if s.name == name), None) if option else None

    def priority_of(self, *, urgency: str, impact: str, priority: str) -> str:
        """The priority the ticket will get: the one chosen, or urgency × impact."""
        if priority or self.priority_mode != "matrix":
            return priority or self.scheme.default
        if urgency in self.scheme.urgencies and impact in self.scheme.impacts:
            return self.scheme.compute(urgency, impact)
        return self.scheme.default


def _levels(pack, spec_levels, codes, names, words) -> list[Choice]:
    by_name = {level.get("name"): level for level in spec_levels or []}
    choices = []
    for code in codes:
        level = by_name.get(code) or {}
        label = runtime.text(pack, level.get("label")) if level.get("label") else names(code)
        description = (
            runtime.text(pack, level.get("description")) if level.get("description") else ""
        )
        choices.append(Choice(code, label, description or str(words.get(code, ""))))
    return choices


def intake_options(organisation) -> IntakeOptions:
    """The choices of the new-ticket form for ``organisation`` (three or four queries)."""
    pack = runtime.pack_for(organisation)
    scheme = scheme_for(pack)
    kinds = []
    if pack is not None:
        defined = pack.spec.get("kinds") or {}
        # Incidents first, then requests (a JSON column need not keep the file's key order);
        # problems are recorded by staff, not reported by customers.
        for name in (k for k in CUSTOMER_KINDS if k in defined):
            spec = defined[name]
            subtypes = [
                Subtype(
                    s["name"], runtime.text(pack, s.get("label")) or s["name"], s.get("lead_time")
                )
                for s in spec.get("subtypes") or []
            ]
            label = runtime.text(pack, spec.get("label")) or name
            kinds.append(KindOption(name, label, list(spec.get("required") or []), subtypes))
    else:
        for name, label in DEFAULT_KINDS.items():
            kinds.append(KindOption(name, str(label), ["subject", "description"]))
    priorities_spec = (pack.spec.get("priorities") or {}) if pack is not None else {}
    mode = "matrix" if scheme.urgencies else "list"
    levels = priorities_spec.get("list") or priorities_spec.get("levels") or []
    return IntakeOptions(
        pack=pack,
        kinds=kinds,
        priority_mode=mode,
        priorities=_levels(pack, levels, scheme.priorities, priority_name, {}),
        urgencies=_levels(
            pack, priorities_spec.get("urgencies"), scheme.urgencies, priority_name, URGENCY_WORDS
        ),
        impacts=_levels(
            pack, priorities_spec.get("impacts"), scheme.impacts, impact_name, IMPACT_WORDS
        ),
        services=list(
            Service.objects.filter(organisations=organisation, is_active=True).order_by("name")
        ),
        sites=list(Site.objects.filter(organisation=organisation).order_by("name")),
        scheme=scheme,
    )


@dataclass
class Notice:
    """What the form tells the customer before sending (C4)."""

    refused: bool = False
    messages: list[str] = field(default_factory=list)


def _rule_matches(when: dict, *, kind, subtype, priority, plan) -> bool:
    return (
        (not when.get("kinds") or kind in when["kinds"])
        and (not when.get("subtypes") or subtype in when["subtypes"])
        and (not when.get("priorities") or priority in when["priorities"])
        and (not when.get("plans") or plan in when["plans"])
    )


def channel_notice(organisation, *, kind: str, subtype: str = "", priority: str = "") -> Notice:
    """C4 before sending: the portal's verdict and the pack's advice for what is described."""
    pack = runtime.pack_for(organisation)
    if pack is None or not kind:
        return Notice()
    verdict = intake.check(
        pack=pack,
        organisation=organisation,
        kind=kind,
        subtype=subtype,
        priority=priority,
        channel=Channel.PORTAL,
        now=clock.now(),
        preview=True,
    )
    if not verdict.accepted and verdict.code != "channel_refused":
        return Notice()  # a wrong kind or sub-type: the form's own errors say it
    notice = Notice(refused=not verdict.accepted)
    plan = runtime.plan_name(organisation, pack)
    # The pack's messages of the other channels' rules for this report: "use the phone".
    for channel in pack.spec.get("channels") or []:
        if channel.get("name") == Channel.PORTAL:
            continue
        for rule in channel.get("rules") or []:
            if _rule_matches(
                rule.get("when") or {}, kind=kind, subtype=subtype, priority=priority, plan=plan
            ):
                text = runtime.text(pack, rule.get("message"))
                if text and text not in notice.messages:
                    notice.messages.append(text)
                break
    if verdict.message and verdict.message not in notice.messages:
        notice.messages.append(verdict.message)
    return notice


def lead_time_hint(organisation, lead_time: dict) -> str:
    """K2: "book it for … or later", in the organisation's time zone."""
    from django.utils import formats

    pack = runtime.pack_for(organisation)
    earliest = intake.earliest_allowed(pack, lead_time, clock.now())
    zone = intake._customer_zone(pack, organisation)
    return _("Book it at least for %(earliest)s (%(zone)s) or later.") % {
        "earliest": formats.date_format(earliest.astimezone(zone), "SHORT_DATETIME_FORMAT"),
        "zone": zone.key,
    }


# --- the ticket page ------------------------------------------------------------------------

# History a customer reads on its ticket: what happened to the case, never internal work
# (notes, assignments, SLA warnings and breaches, priority re-plans, mail failures).
PUBLIC_EVENTS = ("ticket.created", "ticket.state_changed", "ticket.flagged", "ticket.merged_into")


@dataclass
class PublicEvent:
    at: object
    text: str


def public_events(ticket) -> list[PublicEvent]:
    """The customer-visible history of ``ticket`` in the reader's language (one query)."""
    from atiende.tickets import history
    from atiende.tickets.codes import EventCode

    asked = EventCode.ESCALATION_REQUESTED
    confirmed = EventCode.SOLUTION_CONFIRMED
    codes = (*PUBLIC_EVENTS, asked, confirmed)
    events = []
    for event in ticket.history.filter(code__in=codes).order_by("created_at", "pk"):
        if event.code == asked:
            text = _("You asked for an escalation: %(reason)s") % {
                "reason": event.data.get("reason", "")
            }
        elif event.code == confirmed:
            text = _("You confirmed that the problem is solved")
        else:
            text = history.render(event)
        events.append(PublicEvent(event.created_at, text))
    return events


def out_of_target(clocks, now=None) -> bool:
    """Whether a customer-visible target is past its due time and still running (E3)."""
    now = now or clock.now()
    return any(
        c.due_at is not None and c.met_at is None and c.state == "running" and c.due_at < now
        for c in clocks
    )
