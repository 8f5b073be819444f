"""What a loaded pack decides for a ticket: its pack, workflow, case-number sequence and plan.

A ticket is opened under its organisation's pack, or the desk's default pack when the
organisation has none, and keeps that pack for life. Without any pack loaded everything falls
back to the desk's own configuration (the built-in ``default`` workflow, the default priority
matrix, the policies that belong to no pack), so a desk runs without packs too.

The pack's kinds, numbering, channels and account check are read from ``Pack.spec`` (the
canonical data the loader stored); rows (workflows, plans, calendars) are looked up by name
within the pack.

Packs, their workflows and plans are configuration: read through
:mod:`atiende.core.configcache`, cached per process and pack until any process changes a
configuration table (a pack load among them). Cached rows are shared: never change them in
place.
"""

from atiende.core import configcache
from atiende.packs.models import Pack, Plan


def default_pack() -> Pack | None:
    return configcache.get("packs.default", lambda: Pack.objects.filter(is_default=True).first())


def pack(pack_id: int) -> Pack | None:
    """The pack ``pack_id`` (cached)."""
    return configcache.get(f"packs.{pack_id}", lambda: Pack.objects.filter(pk=pack_id).first())


def pack_for(organisation) -> Pack | None:
    """The pack a new ticket of ``organisation`` is opened under (None: no pack loaded)."""
    if organisation is not None and organisation.pack_id is not None:
        if type(organisation).pack.is_cached(organisation):
            return organisation.pack  # already read with the organisation
        return pack(organisation.pack_id)
    return default_pack()


def kind_spec(pack: Pack | None, kind: str) -> dict | None:
    if pack is None:
        return None
    return (pack.spec.get("kinds") or {}).get(kind)


def subtype_spec(pack: Pack | None, kind: str, subtype: str) -> dict | None:
    spec = kind_spec(pack, kind) or {}
    return next((s for s in spec.get("subtypes") or [] if s.get("name") == subtype), None)


def workflow_for(pack: Pack | None, kind: str, subtype: str = ""):
    """The workflow of a new ticket: the sub-type's, else the kind's (T2, T4), else the
    built-in ``default`` workflow."""
    from atiende.tickets.models import Workflow
    from atiende.tickets.workflow import default_workflow

    if pack is not None:
        names = []
        sub = subtype_spec(pack, kind, subtype) if subtype else None
        if sub and sub.get("workflow"):
            names.append(sub["workflow"])
        spec = kind_spec(pack, kind)
        if spec and spec.get("workflow"):
            names.append(spec["workflow"])
        for name in names:
            flow = configcache.get(
                f"packs.{pack.pk}.workflow.{name}",
                lambda name=name: Workflow.objects.filter(pack=pack, slug=name).first(),
            )
            if flow is not None:
                return flow
    return default_workflow()


def sequence_key(pack: Pack | None, kind: str) -> str:
    """The case-number sequence of a new ticket (T1): the pack's prefix for the kind (kinds with
    one prefix share a sequence, whatever pack defined it), else the desk's per-kind one."""
    from atiende.tickets.models import CaseSequence

    numbering = (pack.spec.get("numbering") or {}).get(kind) if pack is not None else None
    if not numbering:
        return kind
    prefix = numbering["prefix"]
    sequence = CaseSequence.objects.filter(prefix=prefix).order_by("pk").first()
    if sequence is not None:
        return sequence.key
    key = f"prefix-{prefix.lower()}"
    CaseSequence.objects.get_or_create(
        key=key, defaults={"prefix": prefix, "padding": numbering.get("padding", 6)}
    )
    return key


def plan_name(organisation, pack: Pack | None) -> str:
    """The support plan of ``organisation`` (S2): its own when the pack has it, else the pack's
    default plan (an organisation moved to another pack keeps no plan of the old one)."""
    own = organisation.plan if organisation is not None else ""
    if pack is None:
        return own
    plans = [plan["name"] for plan in (pack.spec or {}).get("plans") or []]
    if own and (own in plans or not plans):
        return own
    return (pack.spec or {}).get("default_plan") or _first_plan(pack)


def _first_plan(pack: Pack) -> str:
    plans = (pack.spec or {}).get("plans") or []
    return plans[0]["name"] if plans else ""


def plan_for(organisation, pack: Pack | None) -> Plan | None:
    name = plan_name(organisation, pack)
    if pack is None or not name:
        return None
    return configcache.get(
        f"packs.{pack.pk}.plan.{name}",
        lambda: Plan.objects.filter(pack=pack, name=name).select_related("calendar").first(),
    )


def plan_calendar(ticket):
    """The calendar of the ticket organisation's plan (target calendar ``plan``), or None
    (24×7) when the pack has no such plan."""
    pack = ticket.pack if ticket.pack_id is not None else None
    plan = plan_for(ticket.organisation, pack)
    return plan.calendar if plan is not None else None


def text(pack: Pack | None, value, language: str | None = None) -> str:
    """A pack text in ``language`` (default: the active language), else the pack's first."""
    from django.utils import translation

    language = language or (translation.get_language() or "").split("-")[0]
    if pack is not None:
        return pack.text(value, language)
    if isinstance(value, dict):
        return value.get(language) or next(iter(value.values()), "")
    return str(value or "")
