"""Loading a process pack into the database: one transaction, idempotent, versioned.

    result = load_path("src/atiende/packs/shipped/wekall.yaml")
    result.changes    # ["+ calendar business", "~ policy incident-urgent: targets[0].minutes", …]

The file is read and validated first (:func:`atiende.packs.source.read_pack_text`): a broken
file raises :class:`atiende.packs.errors.PackError` before the database is touched. Then, in
one ``transaction.atomic()``, the pack's rows are brought to what the file says: calendars,
plans, the priority scheme, support groups, workflows with states and transitions, SLA
policies with their rule, targets and channel hours, and case-number sequences. Sections whose
runtime arrives later (escalation, notifications, maintenance, dispatch, billing, survey,
e-mail rules…) are kept in ``Pack.spec``, the canonical data of the whole file.

* Loading what is already loaded (same digest, same rows) changes nothing: no new version.
* A load that changes something is a new :class:`PackVersion` with the source text and the
  list of changes.
* A change that would orphan data (a state tickets are in, a target clocks measure, a
  calendar clocks run on…) is refused with :class:`LoadRefused`; nothing is applied.
* ``dry_run`` computes the same list of changes and rolls everything back.
* ``replan`` re-plans the open tickets of the pack (``sla.replanned`` naming the version);
  otherwise open tickets keep their clocks.
"""

import hashlib
import json
from dataclasses import dataclass
from datetime import datetime
from decimal import Decimal
from pathlib import Path

from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.utils.translation import gettext as _

from atiende import clock
from atiende.accounts.models import SupportGroup
from atiende.catalog.models import Service, Subscription
from atiende.core import configcache
from atiende.core.errors import ActionError
from atiende.customers.models import Organisation
from atiende.packs.models import Pack, PackVersion, Plan
from atiende.packs.source import read_pack_text
from atiende.packs.spec import PLAN_CALENDAR, PackSpec
from atiende.sla.models import (
    BusinessCalendar,
    ChannelHours,
    Clock,
    Policy,
    PolicyRule,
    PriorityMatrix,
    Target,
)
from atiende.tickets.codes import OPEN_CATEGORIES, Channel
from atiende.tickets.models import CaseSequence, State, Ticket, Transition, Trigger, Workflow

MATRIX_SLUG = "priorities"
# Sections stored in Pack.spec whose rows are not created by the loader (runtime later, or
# read from the spec by atiende.packs.runtime).
SPEC_ONLY = (
    "description",
    "numbering",
    "channels",
    "email",
    "kinds",
    "escalation",
    "templates",
    "notifications",
    "maintenance",
    "account_check",
    "dispatch",
    "billing",
    "survey",
    "default_plan",
)


class LoadRefused(ActionError):
    """The pack cannot be applied as it is (e.g. it would orphan tickets); nothing changed."""


@dataclass
class LoadResult:
    pack: Pack
    changes: list[str]
    version: int
    dry_run: bool = False
    replanned: int = 0

    @property
    def changed(self) -> bool:
        return bool(self.changes)


class _DryRun(Exception):
    def __init__(self, result: LoadResult):
        self.result = result


def digest_of(data: dict) -> str:
    """The digest of a pack's canonical data (key order does not matter)."""
    text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def load_path(path, **options) -> LoadResult:
    """Read, validate and apply the pack file at ``path`` (see :func:`apply`)."""
    file = Path(path)
    text = file.read_text(encoding="utf-8")
    return load_text(text, file.name, **options)


def load_text(text: str, filename: str, **options) -> LoadResult:
    spec = read_pack_text(text, filename)
    return apply(spec, source=text, **options)


def apply(
    spec: PackSpec,
    *,
    source: str,
    dry_run: bool = False,
    replan: bool = False,
    make_default: bool | None = None,
    actor=None,
    now: datetime | None = None,
) -> LoadResult:
    """Bring the database to ``spec`` in one transaction; see the module docstring.

    ``make_default``: True marks the pack as the desk's default, False leaves the default as
    it is, None (the default) marks it only when the desk has no default pack yet.
    """
    now = now or clock.now()
    data = spec.to_yaml_data()
    digest = digest_of(data)
    try:
        with transaction.atomic():
            result = _apply(spec, data, digest, source, make_default, actor, now)
            if dry_run:
                result.dry_run = True
                raise _DryRun(result)
            if result.changed and replan:
                result.replanned = replan_pack(result.pack, version=result.version, now=now)
    except _DryRun as stop:
        return stop.result
    if result.changed:
        bump_config_cache()
    return result


def bump_config_cache() -> None:
    """Tell every process's configuration cache that configuration changed
    (:func:`atiende.core.configcache.bump`; the triggers on the configuration tables have
    fired already, this makes it explicit)."""
    configcache.bump()


def replan_pack(pack: Pack, *, version: int, now: datetime, actor=None) -> int:
    """Re-plan every open ticket of ``pack`` (``sla.replanned`` names the pack version)."""
    from atiende.sla import hooks

    ids = list(
        Ticket.objects.filter(pack=pack, state__category__in=OPEN_CATEGORIES).values_list(
            "pk", flat=True
        )
    )
    for pk in ids:
        ticket = (
            Ticket.objects.select_for_update(of=("self",))
            .select_related("state", "organisation", "sla_policy")
            .get(pk=pk)
        )
        hooks.ticket_changed(
            ticket,
            reason="pack",
            now=now,
            actor=actor,
            channel=Channel.SYSTEM,
            pack=pack.name,
            pack_version=version,
        )
    return len(ids)


# --- applying ----------------------------------------------------------------------------------


def _text(value, languages, fallback: str) -> str:
    if isinstance(value, dict):
        for language in languages:
            if value.get(language):
                return value[language]
    return fallback


def _same(current, wanted) -> bool:
    if isinstance(current, Decimal) or isinstance(wanted, Decimal):
        return current is not None and wanted is not None and Decimal(current) == Decimal(wanted)
    return current == wanted


class _Sync:
    """Creates, updates and removes one kind of row, writing the change lines."""

    def __init__(self, changes: list[str]):
        self.changes = changes

    def rows(self, model, existing, desired: dict, *, key: str, what: str, parent: str = ""):
        """Make the rows ``existing`` (an iterable) equal to ``desired`` (key → values).

        Returns (rows by key, rows to remove). Foreign keys are given as objects or None.
        """
        prefix = f"{parent}: " if parent else ""
        current = {getattr(obj, key): obj for obj in existing}
        result = {}
        for name, values in desired.items():
            obj = current.get(name)
            if obj is None:
                obj = model(**{key: name}, **values)
                obj.save()
                self.changes.append(f"+ {prefix}{what} {name}")
            else:
                changed = []
                for field_name, wanted in values.items():
                    model_field = model._meta.get_field(field_name)
                    if model_field.is_relation:
                        have = getattr(obj, model_field.attname)
                        want = wanted.pk if wanted is not None else None
                    else:
                        have, want = getattr(obj, field_name), wanted
                    if not _same(have, want):
                        setattr(obj, field_name, wanted)
                        changed.append(field_name)
                if changed:
                    obj.save(update_fields=changed)
                    self.changes.append(f"~ {prefix}{what} {name}: {', '.join(changed)}")
            result[name] = obj
        removed = [obj for name, obj in current.items() if name not in desired]
        return result, removed

    def removed(self, what: str, name: str, parent: str = "") -> None:
        prefix = f"{parent}: " if parent else ""
        self.changes.append(f"- {prefix}{what} {name}")


def _refuse(message: str) -> None:
    raise LoadRefused(message, code="pack_would_orphan")


def _delete(obj, what: str, name: str) -> None:
    """Delete a row the file no longer has; refuse clearly if something still uses it."""
    try:
        with transaction.atomic():
            obj.delete()
    except ProtectedError as exc:
        users = sorted({f"{o._meta.verbose_name} {o}" for o in exc.protected_objects})[:5]
        _refuse(
            _(
                "The %(what)s “%(name)s” cannot be removed: it is still used by %(users)s. "
                "Keep it in the file."
            )
            % {"what": what, "name": name, "users": ", ".join(users)}
        )


def _apply(spec: PackSpec, data, digest, source, make_default, actor, now) -> LoadResult:
    changes: list[str] = []
    pack = Pack.objects.select_for_update().filter(name=spec.name).first()
    if pack is None:
        pack = Pack.objects.create(
            name=spec.name,
            display_name=spec.display_name,
            languages=list(spec.languages),
            time_zone=spec.time_zone,
            spec=data,
            digest=digest,
            version=0,
            loaded_at=now,
            loaded_by=actor,
        )
        changes.append(f"+ pack {spec.name}")
    else:
        for section in sorted(set(pack.spec) | set(data)):
            if section in SPEC_ONLY and pack.spec.get(section) != data.get(section):
                changes.append(f"~ {section}")
        for attr, wanted in (
            ("display_name", spec.display_name),
            ("languages", list(spec.languages)),
            ("time_zone", spec.time_zone),
        ):
            if getattr(pack, attr) != wanted:
                changes.append(f"~ pack {spec.name}: {attr}")
    sync = _Sync(changes)
    languages = list(spec.languages)

    calendars = _sync_calendars(sync, pack, spec)
    _sync_plans(sync, pack, spec, calendars, languages)
    _sync_priorities(sync, pack, spec)
    _sync_groups(sync, pack, spec, languages)
    _sync_services(sync, pack, spec, languages)
    _sync_workflows(sync, pack, spec, languages)
    _sync_policies(sync, pack, spec, calendars, languages)
    _remove_calendars(sync, calendars["__removed__"])
    _sync_sequences(sync, spec)
    _set_default(pack, make_default, changes)

    if changes:
        pack.display_name = spec.display_name
        pack.languages = languages
        pack.time_zone = spec.time_zone
        pack.spec = data
        pack.digest = digest
        pack.version += 1
        pack.loaded_at = now
        pack.loaded_by = actor
        pack.save()
        PackVersion.objects.create(
            pack=pack,
            version=pack.version,
            digest=digest,
            source=source,
            spec=data,
            changes=changes,
            loaded_at=now,
            loaded_by=actor,
        )
    return LoadResult(pack=pack, changes=changes, version=pack.version)


def _set_default(pack: Pack, make_default: bool | None, changes: list[str]) -> None:
    if make_default is None:
        make_default = not Pack.objects.filter(is_default=True).exclude(pk=pack.pk).exists()
        make_default = make_default or pack.is_default
    if make_default and not pack.is_default:
        Pack.objects.filter(is_default=True).exclude(pk=pack.pk).update(is_default=False)
        pack.is_default = True
        Pack.objects.filter(pk=pack.pk).update(is_default=True)
        changes.append(f"~ pack {pack.name}: default")


def _sync_calendars(sync: _Sync, pack: Pack, spec: PackSpec) -> dict:
    desired = {
        name: {"pack": pack, "name": name, "spec": calendar}
        for name, calendar in spec.calendars.items()
    }
    rows, removed = sync.rows(
        BusinessCalendar,
        BusinessCalendar.objects.filter(pack=pack),
        desired,
        key="slug",
        what="calendar",
    )
    rows["__removed__"] = removed
    return rows


def _remove_calendars(sync: _Sync, removed) -> None:
    for calendar in removed:
        used = Clock.objects.filter(
            models.Q(calendar=calendar) | models.Q(channel_calendar=calendar)
        ).count()
        if used:
            _refuse(
                _(
                    "Calendar “%(name)s” cannot be removed: %(count)s SLA clocks run on it. Keep "
                    "it in the file (it may be left unused)."
                )
                % {"name": calendar.slug, "count": used}
            )
        _delete(calendar, _("calendar"), calendar.slug)
        sync.removed("calendar", calendar.slug)


def _calendar(calendars: dict, name: str | None):
    if name is None or name == PLAN_CALENDAR:
        return None
    return calendars[name]


def _sync_plans(sync: _Sync, pack: Pack, spec: PackSpec, calendars, languages) -> None:
    default = spec.default_plan or (spec.plans[0].name if spec.plans else None)
    desired = {}
    for position, plan in enumerate(spec.plans):
        billing = plan.monthly_billing
        desired[plan.name] = {
            "pack": pack,
            "label": plan.label or {},
            "calendar": _calendar(calendars, plan.calendar),
            "position": position,
            "is_default": plan.name == default,
            "billing_min": billing.min if billing else None,
            "billing_max": billing.max if billing else None,
        }
    existing = list(Plan.objects.filter(pack=pack))
    # Clear the default first: one default plan per pack at any moment.
    Plan.objects.filter(pack=pack, is_default=True).exclude(name=default).update(is_default=False)
    for plan in existing:
        if plan.name != default:
            plan.is_default = False
    _rows, removed = sync.rows(Plan, existing, desired, key="name", what="plan")
    for plan in removed:
        served = Organisation.objects.filter(plan=plan.name).filter(
            Q(pack=pack) | Q(pack__isnull=True) if pack.is_default else Q(pack=pack)
        )
        count = served.count()
        if count:
            _refuse(
                _(
                    "Plan “%(plan)s” cannot be removed: %(count)s organisations are on it. Keep "
                    "it in the file, or move them to another plan first."
                )
                % {"plan": plan.name, "count": count}
            )
        plan.delete()
        sync.removed("plan", plan.name)


def _sync_priorities(sync: _Sync, pack: Pack, spec: PackSpec) -> None:
    scheme = spec.priorities
    if scheme.is_matrix:
        values = {
            "urgencies": [level.name for level in scheme.urgencies or []],
            "impacts": [level.name for level in scheme.impacts or []],
            "priorities": scheme.names,
            "matrix": {u: dict(row) for u, row in (scheme.matrix or {}).items()},
        }
    else:
        values = {"urgencies": [], "impacts": [], "priorities": scheme.names, "matrix": {}}
    values.update(
        pack=pack, name=spec.display_name, default_priority=scheme.default or "", is_default=False
    )
    sync.rows(
        PriorityMatrix,
        PriorityMatrix.objects.filter(pack=pack),
        {MATRIX_SLUG: values},
        key="slug",
        what="priorities",
    )


def _sync_groups(sync: _Sync, pack: Pack, spec: PackSpec, languages) -> None:
    desired = {
        group.name: {
            "pack": pack,
            "name": _text(group.label, languages, group.name),
            "tier": group.tier,
            "is_active": True,
        }
        for group in spec.groups
    }
    existing = SupportGroup.objects.filter(pack=pack)
    _rows, removed = sync.rows(SupportGroup, existing, desired, key="slug", what="group")
    for group in removed:
        if Ticket.objects.filter(group=group).exists():
            if group.is_active:  # kept for the tickets it holds, no longer offered
                group.is_active = False
                group.save(update_fields=["is_active"])
                sync.removed("group", group.slug)
        else:
            group.delete()
            sync.removed("group", group.slug)


def _sync_services(sync: _Sync, pack: Pack, spec: PackSpec, languages) -> None:
    """The pack's catalogue entries (R1) with their availability targets (S11).

    A service code is unique in the desk: a pack takes over an entry of the same code that no
    pack owns (one made in the admin), and refuses one that another pack owns.
    """
    names = [service.name for service in spec.services]
    taken = Service.objects.filter(code__in=names).exclude(pack=pack).select_related("pack")
    for service in taken:
        if service.pack_id is not None:
            _refuse(
                _(
                    "Service “%(code)s” belongs to the pack “%(other)s”: give this pack's "
                    "service another name."
                )
                % {"code": service.code, "other": service.pack.name}
            )
        service.pack = pack
        service.save(update_fields=["pack"])
        sync.changes.append(f"~ service {service.code}: pack")
    desired = {
        service.name: {
            "pack": pack,
            "name": _text(service.label, languages, service.name),
            "description": _text(service.description, languages, ""),
            "availability_target": service.availability_target,
            "is_active": True,
        }
        for service in spec.services
    }
    existing = Service.objects.filter(pack=pack)
    _rows, removed = sync.rows(Service, existing, desired, key="code", what="service")
    for service in removed:
        used = (
            Ticket.objects.filter(service=service).exists()
            or Subscription.objects.filter(service=service).exists()
            or PolicyRule.objects.filter(service=service).exists()
        )
        if not used:
            service.delete()
            sync.removed("service", service.code)
        elif service.is_active:  # kept for its tickets and subscriptions, no longer offered
            service.is_active = False
            service.save(update_fields=["is_active"])
            sync.removed("service", service.code)


def _transitions_of(workflow_spec) -> list[tuple[str, str, str, Decimal | None]]:
    result = []
    for item in workflow_spec.transitions:
        trigger = Trigger.TIMER if item.after is not None else item.on or Trigger.MANUAL
        for source in item.from_:
            for target in item.to:
                result.append((source, target, str(trigger), item.after))
    return result


def _sync_workflows(sync: _Sync, pack: Pack, spec: PackSpec, languages) -> None:
    desired = {
        flow.name: {"pack": pack, "name": _text(flow.label, languages, flow.name)}
        for flow in spec.workflows
    }
    existing = Workflow.objects.filter(pack=pack)
    rows, removed = sync.rows(Workflow, existing, desired, key="slug", what="workflow")
    for flow in removed:
        used = Ticket.objects.filter(workflow=flow).count()
        if used:
            _refuse(
                _(
                    "Workflow “%(name)s” cannot be removed: %(count)s tickets follow it. Keep it "
                    "in the file."
                )
                % {"name": flow.slug, "count": used}
            )
    for flow_spec in spec.workflows:
        _sync_states(sync, rows[flow_spec.name], flow_spec, languages)
    for flow in removed:
        flow.delete()
        sync.removed("workflow", flow.slug)


def _sync_states(sync: _Sync, flow: Workflow, flow_spec, languages) -> None:
    parent = f"workflow {flow.slug}"
    initial = flow_spec.initial.name if flow_spec.initial else None
    desired = {
        state.name: {
            "workflow": flow,
            "category": state.category,
            "labels": state.label or {},
            "is_initial": state.name == initial,
            "position": position,
        }
        for position, state in enumerate(flow_spec.states)
    }
    existing = list(State.objects.filter(workflow=flow))
    # One initial state per workflow at any moment: clear the old one first.
    State.objects.filter(workflow=flow, is_initial=True).exclude(code=initial).update(
        is_initial=False
    )
    for state in existing:
        if state.code != initial:
            state.is_initial = False
    states, removed = sync.rows(State, existing, desired, key="code", what="state", parent=parent)
    for state in removed:
        used = Ticket.objects.filter(state=state)
        count = used.count()
        if count:
            open_count = used.filter(state__category__in=OPEN_CATEGORIES).count()
            _refuse(
                _(
                    "State “%(state)s” of workflow “%(workflow)s” cannot be removed: %(count)s "
                    "tickets are in it (%(open)s open). Keep the state in the file, or move "
                    "those tickets to another state first."
                )
                % {"state": state.code, "workflow": flow.slug, "count": count, "open": open_count}
            )
    wanted = {}
    for source, target, trigger, after in _transitions_of(flow_spec):
        wanted[(source, target, trigger)] = after
    current = {
        (t.source.code, t.target.code, t.trigger): t
        for t in Transition.objects.filter(workflow=flow).select_related("source", "target")
    }
    for key, after in wanted.items():
        transition = current.get(key)
        label = f"{key[0]} → {key[1]} ({key[2]})"
        if transition is None:
            Transition.objects.create(
                workflow=flow,
                source=states[key[0]],
                target=states[key[1]],
                trigger=key[2],
                after_minutes=after,
            )
            sync.changes.append(f"+ {parent}: transition {label}")
        elif not (transition.after_minutes is None and after is None) and not _same(
            transition.after_minutes, after
        ):
            transition.after_minutes = after
            transition.save(update_fields=["after_minutes"])
            sync.changes.append(f"~ {parent}: transition {label}: after")
    for key, transition in current.items():
        if key not in wanted:
            transition.delete()
            sync.changes.append(f"- {parent}: transition {key[0]} → {key[1]} ({key[2]})")
    for state in removed:
        state.delete()
        sync.removed("state", state.code, parent)


def _channel_calendars(spec: PackSpec, policy_spec, calendars) -> dict:
    result = {}
    for channel in spec.channels:
        if channel.calendar:
            result[channel.name] = calendars[channel.calendar]
    for channel, name in policy_spec.channel_calendars.items():
        result[channel] = calendars[name]
    return result


def _sync_policies(sync: _Sync, pack: Pack, spec: PackSpec, calendars, languages) -> None:
    desired = {
        policy.name: {
            "pack": pack,
            "name": _text(policy.label, languages, policy.name),
            "description": "",
            "is_active": True,
        }
        for policy in spec.sla.policies
    }
    existing = Policy.objects.filter(pack=pack)
    rows, removed = sync.rows(Policy, existing, desired, key="slug", what="policy")
    for position, policy_spec in enumerate(spec.sla.policies, start=1):
        policy = rows[policy_spec.name]
        parent = f"policy {policy.slug}"
        when = policy_spec.when
        rule_values = {
            "position": position,
            "kinds": list(when.kinds),
            "subtypes": list(when.subtypes),
            "priorities": list(when.priorities),
            "plans": list(when.plans),
            "channels": list(when.channels),
            "organisation": None,
            "service": None,
            "is_active": True,
        }
        rules = list(PolicyRule.objects.filter(policy=policy).order_by("position", "id"))
        for extra in rules[1:]:
            extra.delete()
            sync.changes.append(f"- {parent}: rule #{extra.position}")
        _sync_rule(sync, policy, rules[:1], rule_values, parent)
        _sync_targets(sync, policy, policy_spec, calendars, parent)
        hours = _channel_calendars(spec, policy_spec, calendars)
        current = {h.channel: h for h in ChannelHours.objects.filter(policy=policy)}
        for channel, calendar in hours.items():
            row = current.get(channel)
            if row is None:
                ChannelHours.objects.create(policy=policy, channel=channel, calendar=calendar)
                sync.changes.append(f"+ {parent}: channel hours {channel}")
            elif row.calendar_id != calendar.pk:
                row.calendar = calendar
                row.save(update_fields=["calendar"])
                sync.changes.append(f"~ {parent}: channel hours {channel}")
        for channel, row in current.items():
            if channel not in hours:
                row.delete()
                sync.changes.append(f"- {parent}: channel hours {channel}")
    for policy in removed:
        PolicyRule.objects.filter(policy=policy).delete()
        used = (
            Ticket.objects.filter(sla_policy=policy).exists()
            or Clock.objects.filter(target__policy=policy).exists()
        )
        if used:
            if policy.is_active:  # kept for the tickets it measured, never chosen again
                policy.is_active = False
                policy.save(update_fields=["is_active"])
                sync.removed("policy", policy.slug)
        else:
            ChannelHours.objects.filter(policy=policy).delete()
            policy.delete()
            sync.removed("policy", policy.slug)


def _sync_rule(sync: _Sync, policy, rules, values, parent) -> None:
    if not rules:
        PolicyRule.objects.create(policy=policy, **values)
        return  # the policy's own line says it is new
    rule = rules[0]
    changed = []
    for name, wanted in values.items():
        model_field = PolicyRule._meta.get_field(name)
        have = getattr(rule, model_field.attname if model_field.is_relation else name)
        if model_field.is_relation:
            wanted_value = wanted.pk if wanted is not None else None
        else:
            wanted_value = wanted
        if have != wanted_value:
            setattr(rule, name, wanted)
            changed.append(name)
    if changed:
        rule.save(update_fields=changed)
        sync.changes.append(f"~ {parent}: when ({', '.join(changed)})")


def _sync_targets(sync: _Sync, policy, policy_spec, calendars, parent) -> None:
    desired = {}
    for position, target in enumerate(policy_spec.targets):
        met_by = target.met_by
        minutes, by_class = _target_minutes(target)
        desired[target.name] = {
            "policy": policy,
            "position": position,
            "minutes": minutes,
            "minutes_by_city_class": by_class,
            "calendar": _calendar(calendars, target.calendar),
            "calendar_from_plan": target.calendar == PLAN_CALENDAR,
            "starts_on": target.starts.on,
            "start_states": list(target.starts.states),
            "meets_on": met_by.on if met_by else "resolution",
            "meet_states": list(met_by.states) if met_by else [],
            "recurring": bool(target.recurring),
            "pause_states": list(target.pause_states),
            "warning_percent": target.warning_percent or 0,
        }
    existing = list(Target.objects.filter(policy=policy))
    # Positions are not unique; names are: update in place.
    _rows, removed = sync.rows(Target, existing, desired, key="name", what="target", parent=parent)
    for target in removed:
        used = Clock.objects.filter(target=target).count()
        if used:
            _refuse(
                _(
                    "Target “%(target)s” of policy “%(policy)s” cannot be removed: %(count)s "
                    "SLA clocks measure it. Keep it in the file, or give the changed policy a "
                    "new name (the old one is then kept for its tickets)."
                )
                % {"target": target.name, "policy": policy.slug, "count": used}
            )
        target.delete()
        sync.removed("target", target.name, parent)


def _target_minutes(target) -> tuple[Decimal, dict]:
    """``(minutes, minutes_by_city_class)`` of a target spec (S6). By city class, ``minutes``
    is the time of a ticket without a site, or the longest class time when that has none."""
    if target.within_by_city_class is None:
        return target.within, {}
    by_class = target.within_by_city_class.minutes()
    times = [value for value in by_class.values() if value is not None]
    minutes = by_class["default"] if by_class["default"] is not None else max(times)
    return minutes, {key: _json_number(value) for key, value in by_class.items()}


def _json_number(value: Decimal | None) -> int | float | None:
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def _sync_sequences(sync: _Sync, spec: PackSpec) -> None:
    """A case-number sequence for every prefix (T1): kinds with one prefix share it, and the
    mail intake recognises every known prefix in subjects. Sequences are never removed."""
    seen = {}
    for numbering in spec.numbering.values():
        seen.setdefault(numbering.prefix, numbering.padding)
    for prefix, padding in seen.items():
        sequence = CaseSequence.objects.filter(prefix=prefix).order_by("pk").first()
        if sequence is None:
            CaseSequence.objects.create(key=sequence_key(prefix), prefix=prefix, padding=padding)
            sync.changes.append(f"+ numbering {prefix}")
        elif sequence.padding != padding:
            sequence.padding = padding
            sequence.save(update_fields=["padding"])
            sync.changes.append(f"~ numbering {prefix}: padding")


def sequence_key(prefix: str) -> str:
    return f"prefix-{prefix.lower()}"
