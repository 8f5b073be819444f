"""The pack's rules for a new ticket, checked on every channel before it is opened.

:func:`check` answers with a :class:`Verdict`: accepted or not, the message for the customer
(the pack's text in the caller's language), and the flags the ticket gets. ``open_ticket``
calls it for every channel (web, portal, API, mail intake, CLI) and refuses with the message
when the verdict is not accepted; the SLA preview calls it too.

Rules, in order (the first refusal wins):

1. **Kind and sub-type (T2).** The kind must be one the pack defines; a sub-type must be one
   of the kind's.
2. **Required fields (T8)** per kind: ``subject``, ``description``, ``requester``, ``contact``
   (the requester's e-mail or phone), ``service``, ``site``, ``subtype``, ``urgency``,
   ``impact``, ``priority``.
3. **Lead time (K2).** A sub-type with ``lead_time`` needs ``requested_for`` at least that far
   ahead; the error names the earliest allowed instant in the customer's time zone.
4. **Channel rules (C4, R4).** The first rule of the ticket's channel whose ``when`` matches
   decides: ``refuse`` (no ticket, the pack's message) or ``flag`` (ticket opened and flagged
   ``unofficial_channel``, no SLA, the message returned and recorded). A customer channel the
   pack does not list is flagged the same way. Tickets typed in by staff (``web``, ``cli``,
   ``system``) follow only the rules the pack gives for those channels.
5. **Account check (T10).** For the kinds it names: ``field`` refuses when the organisation's
   account status is blocked; ``http`` asks a billing system (GET, with a timeout). Every
   outcome is a :class:`~atiende.packs.models.AccountCheck` row and a log line.
"""

import json
import logging
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import formats
from django.utils.translation import gettext as _

from atiende.businesstime import Calendar
from atiende.core import configcache
from atiende.packs import runtime
from atiende.packs.models import AccountCheck, AccountCheckOutcome, Pack
from atiende.tickets.codes import Channel

log = logging.getLogger("atiende.packs.intake")

UNOFFICIAL_CHANNEL = "unofficial_channel"
ACCOUNT_CHECK_FAILED = "account_check_unavailable"
# Channels through which staff type a ticket in for the customer: not a customer channel.
STAFF_CHANNELS = ("web", "cli", "system")


@dataclass
class Verdict:
    accepted: bool = True
    message: str | None = None
    flags: list[str] = field(default_factory=list)
    code: str = ""
    field: str | None = None
    # The message as the pack gives it ({es, en}), recorded on the ticket's history.
    texts: dict | None = None


def _refused(message: str, code: str, field_name: str | None = None, texts=None) -> Verdict:
    return Verdict(accepted=False, message=message, code=code, field=field_name, texts=texts)


def check(
    *,
    pack: Pack | None,
    organisation=None,
    kind: str,
    subtype: str = "",
    priority: str = "",
    urgency: str = "",
    impact: str = "",
    channel: str,
    subject: str = "",
    description: str = "",
    requester=None,
    service=None,
    site=None,
    requested_for: datetime | None = None,
    now: datetime,
    preview: bool = False,
) -> Verdict:
    """The pack's verdict on a new ticket; see the module docstring. ``preview`` checks only
    what does not depend on the ticket's contents (kind, sub-type, channel rules)."""
    if pack is None:
        return Verdict()
    kinds = pack.spec.get("kinds") or {}
    kind_spec = kinds.get(kind)
    if kind_spec is None:
        return _refused(
            _("This desk does not take tickets of kind “%(kind)s”: use one of %(kinds)s.")
            % {"kind": kind, "kinds": ", ".join(kinds)},
            "invalid_kind",
            "kind",
        )
    subtypes = [s["name"] for s in kind_spec.get("subtypes") or []]
    if subtype and subtype not in subtypes:
        if subtypes:
            message = _("Unknown sub-type “%(subtype)s” for %(kind)s: use one of %(subtypes)s.") % {
                "subtype": subtype,
                "kind": kind,
                "subtypes": ", ".join(subtypes),
            }
        else:
            message = _("Tickets of kind %(kind)s have no sub-types: leave the sub-type empty.") % {
                "kind": kind
            }
        return _refused(message, "invalid_subtype", "subtype")
    if not preview:
        verdict = _required_fields(
            kind,
            kind_spec.get("required") or [],
            subject=subject,
            description=description,
            requester=requester,
            service=service,
            site=site,
            subtype=subtype,
            urgency=urgency,
            impact=impact,
            priority=priority,
        )
        if verdict is not None:
            return verdict
        sub = runtime.subtype_spec(pack, kind, subtype) if subtype else None
        if sub and sub.get("lead_time"):
            verdict = _lead_time(pack, organisation, sub, requested_for, now)
            if verdict is not None:
                return verdict
    verdict = _channel_rules(
        pack, organisation, kind=kind, subtype=subtype, priority=priority, channel=channel
    )
    if not verdict.accepted or preview:
        return verdict
    account = _account_check(pack, organisation, kind=kind, channel=channel, now=now)
    if account is not None and not account.accepted:
        return account
    if account is not None:
        verdict.flags += account.flags
    return verdict


# --- T8 --------------------------------------------------------------------------------------


def _required_fields(kind, required, **values) -> Verdict | None:
    messages = {
        "subject": _("Write a short descriptive subject."),
        "description": _(
            "Describe the problem and its impact: what fails, since when, who is affected."
        ),
        "requester": _("Say who reports the problem: a contact of the organisation."),
        "contact": _(
            "The requester has no e-mail or phone: add contact data so we can reach them."
        ),
        "service": _("Say which service is affected."),
        "site": _("Say at which site the problem is."),
        "subtype": _("Choose the type of %(kind)s.") % {"kind": kind},
        "urgency": _("Say how urgent it is."),
        "impact": _("Say how many are affected (the impact)."),
        "priority": _("Choose a priority."),
    }
    for name in required:
        if name == "contact":
            requester = values.get("requester")
            present = requester is not None and bool(requester.email or requester.phone)
            field_name = "requester"
        else:
            value = values.get(name)
            present = bool(value.strip()) if isinstance(value, str) else value is not None
            field_name = name
        if not present and name in messages:
            code = "requester_without_contact_data" if name == "contact" else "required"
            return _refused(messages[name], code, field_name)
    return None


# --- K2 --------------------------------------------------------------------------------------


def _customer_zone(pack: Pack, organisation) -> ZoneInfo:
    name = getattr(organisation, "time_zone", "") or pack.time_zone
    return ZoneInfo(name)


def earliest_allowed(pack: Pack, lead_time: dict, now: datetime) -> datetime:
    """The earliest instant a request with ``lead_time`` may be booked for (K2).

    ``{days: N}`` / ``{hours: N}``: real time after now. ``{business_days: N, calendar: C}``:
    the opening of the N-th business day of C after today. ``{business_hours: N, calendar:
    C}``: N business hours on C after now.
    """
    if lead_time.get("days") is not None:
        return now + timedelta(days=int(lead_time["days"]))
    if lead_time.get("hours") is not None:
        return now + timedelta(hours=float(Decimal(str(lead_time["hours"]))))
    calendar = _pack_calendar(pack, lead_time.get("calendar"))
    if lead_time.get("business_hours") is not None:
        return calendar.add(now, Decimal(str(lead_time["business_hours"])) * 60)
    days = int(lead_time["business_days"])
    zone = calendar.timezone
    day = now.astimezone(zone).date()
    counted = 0
    opening = None
    while counted < days:
        day += timedelta(days=1)
        start = datetime(day.year, day.month, day.day, tzinfo=zone)
        opening = calendar.next_open(start)
        if opening.astimezone(zone).date() == day:
            counted += 1
    return opening


def _pack_calendar(pack: Pack, name: str | None) -> Calendar:
    from atiende.sla.models import BusinessCalendar

    if not name:
        return Calendar.always()
    row = configcache.get(
        f"packs.{pack.pk}.calendar.{name}",
        lambda: BusinessCalendar.objects.filter(pack=pack, slug=name).first(),
    )
    return row.compiled if row is not None else Calendar.always()


def _lead_time(pack, organisation, sub, requested_for, now) -> Verdict | None:
    lead_time = sub["lead_time"]
    label = runtime.text(pack, sub.get("label")) or sub["name"]
    earliest = earliest_allowed(pack, lead_time, now)
    zone = _customer_zone(pack, organisation)
    shown = formats.date_format(earliest.astimezone(zone), "Y-m-d H:i")
    if requested_for is None:
        return _refused(
            _(
                "Say for when the %(subtype)s is requested (requested_for): the earliest date "
                "allowed is %(earliest)s (%(zone)s)."
            )
            % {"subtype": label, "earliest": shown, "zone": zone.key},
            "required",
            "requested_for",
        )
    if requested_for < earliest:
        return _refused(
            _(
                "%(subtype)s must be requested with more notice: the earliest date allowed is "
                "%(earliest)s (%(zone)s)."
            )
            % {"subtype": label, "earliest": shown, "zone": zone.key},
            "lead_time",
            "requested_for",
        )
    return None


# --- C4, R4 ----------------------------------------------------------------------------------


def _rule_matches(when: dict, *, kind, subtype, priority, plan) -> bool:
    return (
        (not when.get("kinds") or kind in when["kinds"])
        and (not when.get("subtypes") or subtype in when["subtypes"])
        and (not when.get("priorities") or priority in when["priorities"])
        and (not when.get("plans") or plan in when["plans"])
    )


def _channel_label(channel: str) -> str:
    """The channel's name as a person reads it ("Portal", "Correo electrónico")."""
    return str(Channel(channel).label) if channel in Channel.values else channel


def _channel_rules(pack, organisation, *, kind, subtype, priority, channel) -> Verdict:
    if not channel:  # a preview without a channel
        return Verdict()
    channels = {c["name"]: c for c in pack.spec.get("channels") or []}
    spec = channels.get(channel)
    if spec is None:
        if channels and channel not in STAFF_CHANNELS:
            return Verdict(
                message=_(
                    "%(channel)s is not an official channel of this desk: the ticket is "
                    "recorded but does not count for the service levels."
                )
                % {"channel": _channel_label(channel)},
                flags=[UNOFFICIAL_CHANNEL],
            )
        return Verdict()
    plan = runtime.plan_name(organisation, pack)
    for rule in spec.get("rules") or []:
        if not _rule_matches(
            rule.get("when") or {}, kind=kind, subtype=subtype, priority=priority, plan=plan
        ):
            continue
        message = runtime.text(pack, rule.get("message"))
        if rule.get("action") == "refuse":
            return _refused(message, "channel_refused", "channel", texts=rule.get("message"))
        return Verdict(message=message, flags=[UNOFFICIAL_CHANNEL], texts=rule.get("message"))
    return Verdict()


# --- T10 -------------------------------------------------------------------------------------


def _account_check(pack, organisation, *, kind, channel, now) -> Verdict | None:
    spec = pack.spec.get("account_check")
    if not spec or organisation is None or kind not in (spec.get("kinds") or []):
        return None
    blocked = spec.get("blocked") or []
    source = spec.get("source", "field")
    detail = ""
    if source == "http":
        status, detail = _http_status(spec.get("http") or {}, organisation)
    else:
        status = organisation.account_status
    if status is None:
        on_error = (spec.get("http") or {}).get("on_error", "open")
        outcome = (
            AccountCheckOutcome.REFUSED if on_error == "refuse" else AccountCheckOutcome.UNAVAILABLE
        )
    elif status in blocked:
        outcome = AccountCheckOutcome.REFUSED
    else:
        outcome = AccountCheckOutcome.ACCEPTED
    _record(pack, organisation, kind, channel, source, status, outcome, detail, now)
    if outcome == AccountCheckOutcome.REFUSED:
        if status is None:
            message = _(
                "The account status cannot be checked right now, so the ticket cannot be "
                "opened: try again in a few minutes or call the service desk."
            )
            return _refused(message, "account_check_unavailable", "organisation")
        return _refused(
            runtime.text(pack, spec.get("message")),
            "account_blocked",
            "organisation",
            texts=spec.get("message"),
        )
    if outcome == AccountCheckOutcome.UNAVAILABLE:
        return Verdict(flags=[ACCOUNT_CHECK_FAILED])
    return Verdict()


def _http_status(http: dict, organisation) -> tuple[str | None, str]:
    """The account status from the billing system: GET ``url`` (``{organisation}`` is the
    organisation's slug) answering JSON ``{"status": "active" | "debt" | …}``."""
    url = http["url"].replace("{organisation}", urllib.parse.quote(organisation.slug, safe=""))
    timeout = float(http.get("timeout", 5))
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
            body = response.read(65536)
        data = json.loads(body.decode("utf-8"))
        status = data.get("status") if isinstance(data, dict) else None
    except (OSError, ValueError, urllib.error.URLError) as exc:
        return None, f"{type(exc).__name__}: {exc}"[:300]
    if not isinstance(status, str) or not status:
        return None, "the answer has no status"
    return status, ""


def _record(pack, organisation, kind, channel, source, status, outcome, detail, now) -> None:
    # Its own transaction: a refusal is logged even though no ticket is written.
    with transaction.atomic():
        AccountCheck.objects.create(
            pack=pack,
            organisation=organisation,
            kind=kind,
            channel=channel,
            source=source,
            status=status or "",
            outcome=outcome,
            detail=detail,
            checked_at=now,
        )
    log.log(
        logging.DEBUG if outcome == AccountCheckOutcome.ACCEPTED else logging.INFO,
        "account check %s",
        outcome,
        extra={
            "pack": pack.name,
            "organisation": organisation.slug,
            "kind": kind,
            "channel": channel,
            "source": source,
            "status": status,
            "outcome": str(outcome),
        },
    )
