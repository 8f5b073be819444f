"""Checks across keys, after the format of each value is known good (:mod:`.spec`).

:func:`validate` returns every issue as ``(loc, message)``: ``loc`` is the path of the value at
fault as a tuple (``("sla", "policies", 2, "targets", 0, "calendar")``) and the message says
what is wrong and how to fix it. :mod:`.source` turns them into located problems.
"""

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import Any

from pydantic import BaseModel

from atiende.businesstime import Calendar, CalendarError

from .errors import _, did_you_mean, one_of
from .spec import (
    BUILTIN_TEMPLATES,
    CHANNELS,
    EVENTS,
    PLAN_CALENDAR,
    RECIPIENTS,
    STATE_CATEGORIES,
    TEMPLATE_PLACEHOLDERS,
    TEXT,
    Match,
    PackSpec,
    Span,
    TargetSpec,
)

Loc = tuple[str | int, ...]
Issue = tuple[Loc, str]

# The section of the pack that defines each kind of name: when that section is broken (its
# format is wrong), references to it are not checked, so one mistake is reported once.
SECTIONS = {
    "calendar": "calendars",
    "channel": "channels",
    "group": "groups",
    "impact": "priorities",
    "kind": "kinds",
    "plan": "plans",
    "priority": "priorities",
    "state": "workflows",
    "state_or_category": "workflows",
    "subtype": "subtypes",
    "target": "targets",
    "template": "templates",
    "urgency": "priorities",
    "workflow": "workflows",
}


def label(code: str) -> str:
    """The translated word for a kind of name (``calendar`` → ``calendario``)."""
    labels = {
        "calendar": _("calendar"),
        "channel": _("channel"),
        "contact_role": _("contact role"),
        "event": _("event"),
        "group": _("group"),
        "impact": _("impact"),
        "kind": _("kind"),
        "plan": _("plan"),
        "policy": _("policy"),
        "priority": _("priority"),
        "question": _("question"),
        "rate": _("rate"),
        "recipient": _("recipient"),
        "service": _("service"),
        "state_or_category": _("state or category"),
        "state": _("state"),
        "subtype": _("sub-type"),
        "target": _("target"),
        "template": _("template"),
        "urgency": _("urgency"),
        "workflow": _("workflow"),
    }
    return labels[code]


def validate(
    spec: PackSpec, broken: Iterable[str] = (), placeholders: Iterable[int] = ()
) -> list[Issue]:
    """Every problem of ``spec`` that a single value's type cannot show.

    ``broken`` names top-level sections whose format was wrong (they hold placeholders in
    ``spec``): they are not checked, nor are references to the names they define.
    ``placeholders`` are the ids of items that stand for malformed ones: they are not checked.
    """
    checker = _Checker(spec, set(broken), set(placeholders))
    checker.run()
    return checker.issues


class _Checker:
    def __init__(self, spec: PackSpec, broken: set[str], placeholders: set[int]) -> None:
        self.spec = spec
        self.broken = broken
        self.placeholders = placeholders
        self.issues: list[Issue] = []
        self.calendars = list(spec.calendars)
        self.plans = _names(spec.plans)
        self.kinds = list(spec.kinds)
        self.subtypes = {kind: _names(k.subtypes) for kind, k in spec.kinds.items()}
        self.priorities = spec.priorities.names
        self.workflows = {w.name: w for w in spec.workflows if isinstance(w.name, str)}
        self.groups = _names(spec.groups)
        # No channels section: the pack takes every channel, without hours or rules.
        self.channels = _names(spec.channels) or list(CHANNELS)
        self.targets = sorted({name for p in spec.sla.policies for name in _names(p.targets)})

    def skip(self, item: Any) -> bool:
        """Whether ``item`` stands for a malformed one (already reported)."""
        return id(item) in self.placeholders

    def add(self, loc: Loc, message: str) -> None:
        self.issues.append((loc, message))

    def run(self) -> None:
        if "languages" not in self.broken:
            self.check_texts(self.spec, ())
        checks = (
            ("languages", self.check_identity),
            ("priorities", self.check_priorities),
            ("calendars", self.check_calendars),
            ("plans", self.check_plans),
            ("numbering", self.check_numbering),
            ("channels", self.check_channels),
            ("kinds", self.check_kinds),
            ("workflows", self.check_workflows),
            ("sla", self.check_sla),
            ("escalation", self.check_groups_and_escalation),
            ("templates", self.check_templates),
            ("notifications", self.check_notifications),
            ("maintenance", self.check_maintenance),
            ("account_check", self.check_account_check),
            ("dispatch", self.check_dispatch),
            ("billing", self.check_billing),
            ("survey", self.check_survey),
        )
        for section, check in checks:
            if section not in self.broken:
                check()

    # -- helpers ------------------------------------------------------------------------------

    def unknown(self, loc: Loc, what: str, value: str, choices: Sequence[str]) -> None:
        """``unknown calendar "office"; use one of: business, always``."""
        if SECTIONS.get(what) in self.broken:
            return
        choices = list(dict.fromkeys(choices))
        self.add(
            loc,
            _('unknown %(what)s "%(value)s"; use one of: %(choices)s')
            % {"what": label(what), "value": value, "choices": one_of(choices)}
            + did_you_mean(value, choices),
        )

    def ref(self, loc: Loc, what: str, value: str | None, choices: Sequence[str]) -> None:
        if value is not None and value not in choices:
            self.unknown(loc, what, value, choices)

    def refs(self, loc: Loc, what: str, values: Iterable[str], choices: Sequence[str]) -> None:
        for index, value in enumerate(values):
            self.ref((*loc, index), what, value, choices)

    def duplicates(self, loc: Loc, items: Sequence[Any], what: str, key: str = "name") -> None:
        seen: dict[str, int] = {}
        for index, item in enumerate(items):
            if self.skip(item):
                continue
            name = getattr(item, key)
            if name in seen:
                self.add(
                    (*loc, index, key),
                    _('duplicate %(what)s "%(name)s" (also %(path)s); give each a different name')
                    % {"what": label(what), "name": name, "path": _path((*loc, seen[name]))},
                )
            else:
                seen[name] = index

    def shadowed(
        self, loc: Loc, when: Match, earlier: Sequence[tuple[str, Match]], what: str
    ) -> None:
        """Tried in order, the first match wins: ``when`` can never decide if an earlier one
        matches every ticket it matches."""
        for name, other in earlier:
            if _covers(other, when):
                if what == "policy":
                    message = _(
                        'this policy can never match: policy "%(other)s" before it takes every '
                        "ticket this one would; move this one first or narrow its when"
                    )
                else:
                    message = _(
                        "this rule can never apply: rule %(other)s before it takes every ticket "
                        "this one would; move this one first or narrow its when"
                    )
                self.add(loc, message % {"other": name})
                return

    def calendar_ref(self, loc: Loc, name: str | None, allow_plan: bool = False) -> None:
        if name is None or name in self.calendars:
            return
        if allow_plan and name == PLAN_CALENDAR:
            if not self.plans and "plans" not in self.broken:
                self.add(
                    loc,
                    _(
                        'calendar "plan" means the calendar of the organisation\'s plan, but '
                        "the pack has no plans; define plans or name a calendar"
                    ),
                )
            return
        choices = [*self.calendars, PLAN_CALENDAR] if allow_plan and self.plans else self.calendars
        self.unknown(loc, "calendar", name, choices)

    def span(self, loc: Loc, span: Span | None) -> None:
        if span is not None:
            self.calendar_ref((*loc, "calendar"), span.calendar)

    def match(self, loc: Loc, when: Match) -> None:
        self.refs((*loc, "kinds"), "kind", when.kinds, self.kinds)
        kinds = when.kinds or self.kinds
        subtypes = sorted({s for kind in kinds for s in self.subtypes.get(kind, [])})
        self.refs((*loc, "subtypes"), "subtype", when.subtypes, subtypes)
        self.refs((*loc, "priorities"), "priority", when.priorities, self.priorities)
        self.refs((*loc, "plans"), "plan", when.plans, self.plans)

    def check_texts(self, value: Any, loc: Loc) -> None:
        """Every translated text has exactly the pack's languages."""
        languages = self.spec.languages
        if self.skip(value):
            return
        if isinstance(value, BaseModel):
            for name, field in type(value).model_fields.items():
                child = getattr(value, name)
                key = field.alias or name
                if TEXT in field.metadata or _is_text(field.annotation):
                    if isinstance(child, dict):
                        missing = [lang for lang in languages if lang not in child]
                        extra = [lang for lang in child if lang not in languages]
                        if missing:
                            self.add(
                                (*loc, key),
                                _(
                                    "missing the text in %(languages)s; give it in every language "
                                    "of the pack (%(all)s)"
                                )
                                % {"languages": ", ".join(missing), "all": ", ".join(languages)},
                            )
                        for lang in extra:
                            self.add(
                                (*loc, key, lang),
                                _(
                                    '"%(language)s" is not a language of the pack (%(all)s); '
                                    "remove it or add it to languages"
                                )
                                % {"language": lang, "all": ", ".join(languages)},
                            )
                    continue
                self.check_texts(child, (*loc, key))
        elif isinstance(value, list):
            for index, item in enumerate(value):
                self.check_texts(item, (*loc, index))
        elif isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, (BaseModel, list)):
                    self.check_texts(item, (*loc, key))

    # -- sections -----------------------------------------------------------------------------

    def check_identity(self) -> None:
        for language, count in Counter(self.spec.languages).items():
            if count > 1:
                self.add(
                    ("languages",), _('"%(language)s" is listed twice') % {"language": language}
                )

    def check_calendars(self) -> None:
        for name, calendar in self.spec.calendars.items():
            if self.skip(calendar):
                continue
            loc: Loc = ("calendars", name)
            if name == PLAN_CALENDAR:
                self.add(
                    loc,
                    _(
                        "\"plan\" is reserved (a target's calendar: plan means the organisation's "
                        "plan calendar); rename it"
                    ),
                )
            try:
                Calendar.from_spec(calendar)
            except CalendarError as exc:
                self.add((*loc, *_parse_path(exc.path)), translate_calendar_message(exc.message))

    def check_plans(self) -> None:
        plans = self.spec.plans
        self.duplicates(("plans",), plans, "plan")
        for index, plan in enumerate(plans):
            if self.skip(plan):
                continue
            self.calendar_ref(("plans", index, "calendar"), plan.calendar)
            billing = plan.monthly_billing
            if billing and billing.max is not None and billing.max < billing.min:
                self.add(
                    ("plans", index, "monthly_billing", "max"),
                    _("max (%(max)s) is below min (%(min)s); swap them")
                    % {"max": billing.max, "min": billing.min},
                )
        ranged = [
            (index, plan.monthly_billing.min, plan.monthly_billing.max)
            for index, plan in enumerate(plans)
            if plan.monthly_billing is not None
        ]
        for position, (index, low, high) in enumerate(ranged):
            for other, other_low, other_high in ranged[:position]:
                if _overlaps(low, high, other_low, other_high):
                    self.add(
                        ("plans", index, "monthly_billing"),
                        _(
                            'overlaps the billing range of plan "%(other)s"; make the ranges '
                            "disjoint (e.g. max 5000 and min 5001)"
                        )
                        % {"other": plans[other].name},
                    )
        if "default_plan" in self.broken:
            return
        if plans and self.spec.default_plan is None:
            self.add(
                ("default_plan",),
                _(
                    "required when there are plans: name the plan of organisations that have none "
                    "(one of: %(plans)s)"
                )
                % {"plans": one_of(self.plans)},
            )
        elif self.spec.default_plan is not None:
            if not plans:
                self.add(
                    ("default_plan",), _("there are no plans; define plans or remove default_plan")
                )
            else:
                self.ref(("default_plan",), "plan", self.spec.default_plan, self.plans)

    def check_numbering(self) -> None:
        for kind in self.spec.numbering:
            self.ref(("numbering", kind), "kind", kind, self.kinds)
        padding: dict[str, tuple[str, int]] = {}
        for kind, numbering in self.spec.numbering.items():
            other = padding.setdefault(numbering.prefix, (kind, numbering.padding))
            if other[1] != numbering.padding:
                self.add(
                    ("numbering", kind, "padding"),
                    _(
                        "kinds with the same prefix share one sequence, so they need the same "
                        "padding: %(kind)s has %(padding)d"
                    )
                    % {"kind": other[0], "padding": other[1]},
                )

    def check_channels(self) -> None:
        self.duplicates(("channels",), self.spec.channels, "channel")
        for index, channel in enumerate(self.spec.channels):
            if self.skip(channel):
                continue
            loc: Loc = ("channels", index)
            self.calendar_ref((*loc, "calendar"), channel.calendar)
            earlier: list[tuple[str, Match]] = []
            for rule_index, rule in enumerate(channel.rules):
                rule_loc = (*loc, "rules", rule_index, "when")
                self.match(rule_loc, rule.when)
                self.shadowed(rule_loc, rule.when, earlier, "rule")
                earlier.append((f"rules[{rule_index}]", rule.when))

    def check_kinds(self) -> None:
        for kind, spec in self.spec.kinds.items():
            if self.skip(spec):
                continue
            loc: Loc = ("kinds", kind)
            self.ref((*loc, "workflow"), "workflow", spec.workflow, list(self.workflows))
            self.duplicates((*loc, "subtypes"), spec.subtypes, "subtype")
            for field, count in Counter(spec.required).items():
                if count > 1:
                    self.add(
                        (*loc, "required"), _('"%(field)s" is listed twice') % {"field": field}
                    )
            if "subtype" in spec.required and not spec.subtypes:
                self.add(
                    (*loc, "required"),
                    _(
                        '"subtype" is required but the kind has no subtypes; define subtypes or '
                        "remove it"
                    ),
                )
            for index, subtype in enumerate(spec.subtypes):
                if self.skip(subtype):
                    continue
                sub_loc = (*loc, "subtypes", index)
                self.ref((*sub_loc, "workflow"), "workflow", subtype.workflow, list(self.workflows))
                self.span((*sub_loc, "lead_time"), subtype.lead_time)

    def check_priorities(self) -> None:
        p = self.spec.priorities
        loc: Loc = ("priorities",)
        matrix_keys = [
            k for k in ("urgencies", "impacts", "levels", "matrix") if getattr(p, k) is not None
        ]
        if p.list_ is not None:
            if matrix_keys:
                self.broken.add("priorities")  # its names are uncertain: not used elsewhere
            for key in matrix_keys:
                self.add(
                    (*loc, key),
                    _("a pack has either a priority list or a matrix, not both; remove %(key)s")
                    % {"key": key},
                )
            if not p.list_:
                self.add((*loc, "list"), _("must not be empty"))
            self.duplicates((*loc, "list"), p.list_, "priority")
        else:
            missing = [
                k for k in ("urgencies", "impacts", "levels", "matrix") if getattr(p, k) is None
            ]
            if missing:
                self.add(
                    loc,
                    _(
                        "give either list (the priorities) or a matrix with urgencies, impacts, "
                        "levels and matrix; missing: %(keys)s"
                    )
                    % {"keys": ", ".join(missing)},
                )
                return
            for key, what in (
                ("urgencies", "urgency"),
                ("impacts", "impact"),
                ("levels", "priority"),
            ):
                items = getattr(p, key)
                if not items:
                    self.add((*loc, key), _("must not be empty"))
                self.duplicates((*loc, key), items, what)
            urgencies = [u.name for u in p.urgencies or []]
            impacts = [i.name for i in p.impacts or []]
            levels = [level.name for level in p.levels or []]
            matrix = p.matrix or {}
            for urgency in matrix:
                if urgency not in urgencies:
                    self.unknown((*loc, "matrix", urgency), "urgency", urgency, urgencies)
            for urgency in urgencies:
                row = matrix.get(urgency)
                if row is None:
                    self.add(
                        (*loc, "matrix"),
                        _('missing the row of urgency "%(urgency)s"; add %(urgency)s: {%(cells)s}')
                        % {"urgency": urgency, "cells": ", ".join(f"{i}: …" for i in impacts)},
                    )
                    continue
                for impact, level in row.items():
                    if impact not in impacts:
                        self.unknown((*loc, "matrix", urgency, impact), "impact", impact, impacts)
                    elif level not in levels:
                        self.unknown((*loc, "matrix", urgency, impact), "priority", level, levels)
                for impact in impacts:
                    if impact not in row:
                        self.add(
                            (*loc, "matrix", urgency),
                            _(
                                'missing the cell for impact "%(impact)s"; every urgency × impact '
                                "cell needs a priority"
                            )
                            % {"impact": impact},
                        )
        self.ref((*loc, "default"), "priority", p.default, self.priorities)

    def check_workflows(self) -> None:
        self.duplicates(("workflows",), self.spec.workflows, "workflow")
        for index, workflow in enumerate(self.spec.workflows):
            if self.skip(workflow):
                continue
            loc: Loc = ("workflows", index)
            if not workflow.states:
                self.add(
                    (*loc, "states"),
                    _("a workflow needs states; the first one is where tickets start"),
                )
                continue
            self.duplicates((*loc, "states"), workflow.states, "state")
            names = [state.name for state in workflow.states]
            initial = workflow.states[0]
            incomplete = any(self.skip(item) for item in [*workflow.states, *workflow.transitions])
            if not self.skip(initial) and initial.category not in ("new", "open"):
                self.add(
                    (*loc, "states", 0, "category"),
                    _(
                        "the first state is where tickets start; its category must be new or "
                        "open, not %(category)s"
                    )
                    % {"category": initial.category},
                )
            categories = {state.category for state in workflow.states}
            if not incomplete and not categories & {"resolved", "closed"}:
                self.add(
                    (*loc, "states"),
                    _(
                        "no state of category resolved or closed: tickets could never be "
                        "finished; add one"
                    ),
                )
            edges: dict[str, set[str]] = {name: set() for name in names}
            automatic: dict[tuple[str, str], tuple[int, str]] = {}
            for t_index, transition in enumerate(workflow.transitions):
                if self.skip(transition):
                    continue
                t_loc = (*loc, "transitions", t_index)
                self.refs((*t_loc, "from"), "state", transition.from_, names)
                self.refs((*t_loc, "to"), "state", transition.to, names)
                if transition.on is not None and transition.after is not None:
                    self.add(
                        t_loc,
                        _(
                            "a transition happens on an event or after a time, not both; keep on "
                            "or after"
                        ),
                    )
                trigger = transition.on or ("after" if transition.after is not None else None)
                if trigger is not None and len(transition.to) > 1:
                    self.add(
                        (*t_loc, "to"),
                        _("an automatic transition goes to one state; list one in to"),
                    )
                for source in transition.from_ if trigger is not None else ():
                    other = automatic.setdefault((source, trigger), (t_index, transition.to[0]))
                    if other[0] != t_index:
                        self.add(
                            t_loc,
                            _(
                                '"%(state)s" already moves by itself on %(trigger)s '
                                "(transitions[%(other)d]); keep one automatic move per state "
                                "and event"
                            )
                            % {"state": source, "trigger": trigger, "other": other[0]},
                        )
                for source in transition.from_:
                    for target in transition.to:
                        if source in edges and target in names:
                            edges[source].add(target)
                            if source == target:
                                self.add(
                                    t_loc,
                                    _('"%(state)s" → "%(state)s" goes nowhere; remove it')
                                    % {"state": source},
                                )
            reached = {initial.name}
            frontier = [initial.name]
            while frontier:
                for target in edges.get(frontier.pop(), ()):
                    if target not in reached:
                        reached.add(target)
                        frontier.append(target)
            for s_index, state in enumerate(workflow.states):
                if not incomplete and state.name not in reached:
                    self.add(
                        (*loc, "states", s_index),
                        _(
                            'state "%(state)s" cannot be reached from "%(initial)s"; add a '
                            "transition to it or remove it"
                        )
                        % {"state": state.name, "initial": initial.name},
                    )

    def _states_for(self, kinds: Sequence[str]) -> list[str] | None:
        """The states of the workflows of ``kinds`` (every kind when empty); None when one of
        those workflows is unknown (reported already), so states cannot be checked."""
        if self.broken & {"kinds", "workflows"}:
            return None
        names: set[str] = set()
        for kind in kinds or self.kinds:
            spec = self.spec.kinds.get(kind)
            if spec is None:
                continue
            for name in [spec.workflow, *(s.workflow for s in spec.subtypes if s.workflow)]:
                workflow = self.workflows.get(name)
                if workflow is None or self.skip(workflow):
                    return None
                if any(self.skip(state) for state in workflow.states):
                    return None
                names.update(state.name for state in workflow.states)
        return sorted(names)

    def check_sla(self) -> None:
        policies = self.spec.sla.policies
        self.duplicates(("sla", "policies"), policies, "policy")
        earlier: list[tuple[str, Match]] = []
        for index, policy in enumerate(policies):
            if self.skip(policy):
                continue
            loc: Loc = ("sla", "policies", index)
            self.match((*loc, "when"), policy.when)
            self.refs((*loc, "when", "channels"), "channel", policy.when.channels, self.channels)
            self.shadowed((*loc, "when"), policy.when, earlier, "policy")
            earlier.append((policy.name, policy.when))
            for channel, calendar in policy.channel_calendars.items():
                self.ref((*loc, "channel_calendars", channel), "channel", channel, self.channels)
                self.calendar_ref((*loc, "channel_calendars", channel), calendar)
            known_states = self._states_for(policy.when.kinds)
            states = known_states or []
            allowed_pause = sorted({*states, *STATE_CATEGORIES})
            self.duplicates((*loc, "targets"), policy.targets, "target")
            for t_index, target in enumerate(policy.targets):
                if self.skip(target):
                    continue
                t_loc = (*loc, "targets", t_index)
                self.calendar_ref((*t_loc, "calendar"), target.calendar, allow_plan=True)
                self.check_target_time(t_loc, target)
                if target.starts.on == "previous_met" and t_index == 0:
                    self.add(
                        (*t_loc, "starts"),
                        _(
                            "the first target has no previous target; start it on created or on a "
                            "state"
                        ),
                    )
                for key, event in (("starts", target.starts), ("met_by", target.met_by)):
                    if event is None:
                        continue
                    if event.on == "state":
                        if not event.states:
                            self.add(
                                (*t_loc, key, "states"),
                                _("name the states, e.g. states: [diagnosed]"),
                            )
                        if known_states is not None:
                            self.refs((*t_loc, key, "states"), "state", event.states, states)
                    elif event.states:
                        self.add(
                            (*t_loc, key, "states"),
                            _("states are only for on: state; remove them"),
                        )
                if target.met_by is None:
                    self.add(
                        (*t_loc, "met_by"),
                        _(
                            'required for a target named "%(name)s": say what meets it '
                            "(agent_reply, resolution or {on: state, states: [...]})"
                        )
                        % {"name": target.name},
                    )
                elif target.recurring and target.met_by.on != "agent_reply":
                    self.add(
                        (*t_loc, "recurring"),
                        _(
                            "only a target met by agent_reply can recur (each reply starts the "
                            "next cycle)"
                        ),
                    )
                self.refs(
                    (*t_loc, "pause_states"),
                    "state_or_category",
                    target.pause_states,
                    allowed_pause,
                )

    def check_target_time(self, loc: Loc, target: TargetSpec) -> None:
        """A target has one time: ``within``, or ``within_by_city_class`` (S6)."""
        by_class = target.within_by_city_class
        if target.within is None and by_class is None:
            self.add(
                (*loc, "within"),
                _(
                    "required: give within (e.g. within: 4h), or within_by_city_class "
                    "(e.g. {main: 3h, intermediate: 6h, remote: none})"
                ),
            )
        elif target.within is not None and by_class is not None:
            self.add(
                (*loc, "within_by_city_class"),
                _(
                    "give within or within_by_city_class, not both; a ticket without a site "
                    "takes the default of within_by_city_class"
                ),
            )
        elif by_class is not None and not any(v is not None for v in by_class.minutes().values()):
            self.add(
                (*loc, "within_by_city_class"),
                _(
                    "no city class has a time, so the target would never be due; give at least "
                    "one duration, or remove the target"
                ),
            )

    def check_groups_and_escalation(self) -> None:
        if "groups" not in self.broken:
            self.duplicates(("groups",), self.spec.groups, "group")
        if "services" not in self.broken:
            self.duplicates(("services",), self.spec.services, "service")
        escalation = self.spec.escalation
        if escalation is None:
            return
        loc: Loc = ("escalation",)
        self.refs((*loc, "functional"), "group", escalation.functional, self.groups)
        for group, count in Counter(escalation.functional).items():
            if count > 1:
                self.add(
                    (*loc, "functional"), _('group "%(group)s" is listed twice') % {"group": group}
                )
        previous = 0
        for index, level in enumerate(escalation.hierarchical):
            if level.level <= previous:
                self.add(
                    (*loc, "hierarchical", index, "level"),
                    _(
                        "levels go up one by one in order (1, 2, 3 …); this one is %(level)d "
                        "after %(previous)d"
                    )
                    % {"level": level.level, "previous": previous},
                )
            previous = max(previous, level.level)
        if escalation.off_hours is not None:
            self.calendar_ref((*loc, "off_hours", "calendar"), escalation.off_hours.calendar)
        self.duplicates((*loc, "contacts"), escalation.contacts, "contact_role", key="role")

    def check_templates(self) -> None:
        for name, template in self.spec.templates.items():
            if self.skip(template):
                continue
            for key in ("subject", "body"):
                for language, text in getattr(template, key).items():
                    for placeholder in _PLACEHOLDER.findall(text):
                        if placeholder not in TEMPLATE_PLACEHOLDERS:
                            self.add(
                                ("templates", name, key, language),
                                _('unknown placeholder "{%(name)s}"; use one of: %(choices)s')
                                % {
                                    "name": placeholder,
                                    "choices": one_of(f"{{{p}}}" for p in TEMPLATE_PLACEHOLDERS),
                                }
                                + did_you_mean(placeholder, TEMPLATE_PLACEHOLDERS),
                            )

    def check_notifications(self) -> None:
        templates = sorted({*BUILTIN_TEMPLATES, *self.spec.templates})
        for index, notification in enumerate(self.spec.notifications):
            if self.skip(notification):
                continue
            loc: Loc = ("notifications", index)
            event = notification.event
            known = self._states_for([])
            all_states = known or []
            if event.startswith("stage."):
                stage = event[len("stage.") :]
                if (
                    stage not in self.targets
                    and stage in all_states
                    and "targets" not in self.broken
                ):
                    self.add(
                        (*loc, "event"),
                        _(
                            '"%(stage)s" is a state, not an SLA target: write state.%(stage)s '
                            "for a ticket entering it, or name a target"
                        )
                        % {"stage": stage},
                    )
                else:
                    self.ref((*loc, "event"), "target", stage, self.targets)
            elif event.startswith("state."):
                if known is not None:
                    self.ref((*loc, "event"), "state", event[len("state.") :], all_states)
            elif event not in EVENTS:
                choices = [*EVENTS, "state.<state>", "stage.<target>"]
                self.unknown((*loc, "event"), "event", event, choices)
            for r_index, recipient in enumerate(notification.to):
                kind, _sep, name = recipient.partition(":")
                if recipient in RECIPIENTS or (
                    kind in ("list", "role") and re.match(r"^[a-z][a-z0-9_-]*$", name)
                ):
                    continue
                self.unknown(
                    (*loc, "to", r_index),
                    "recipient",
                    recipient,
                    [*RECIPIENTS, "list:<name>", "role:<name>"],
                )
            self.ref((*loc, "template"), "template", notification.template, templates)
            self.match((*loc, "when"), notification.when)

    def check_maintenance(self) -> None:
        maintenance = self.spec.maintenance
        if maintenance is None:
            return
        loc: Loc = ("maintenance",)
        self.span((*loc, "notice"), maintenance.notice)
        self.span((*loc, "notice_max"), maintenance.notice_max)
        if (
            maintenance.notice_max is not None
            and maintenance.notice_max.unit != maintenance.notice.unit
        ):
            self.add(
                (*loc, "notice_max"),
                _("count notice_max in the same unit as notice (%(unit)s)")
                % {"unit": maintenance.notice.unit},
            )
        elif (
            maintenance.notice_max is not None
            and maintenance.notice_max.amount < maintenance.notice.amount
        ):
            self.add((*loc, "notice_max"), _("notice_max is below notice; swap them"))
        self.span((*loc, "acknowledgement"), maintenance.acknowledgement)
        for value, count in Counter(maintenance.allowed_hours).items():
            if count > 1:
                self.add(
                    (*loc, "allowed_hours"), _('"%(value)s" is listed twice') % {"value": value}
                )
        if maintenance.emergency is not None:
            self.span((*loc, "emergency", "notice"), maintenance.emergency.notice)
            if not maintenance.emergency.allowed and maintenance.emergency.notice is not None:
                self.add(
                    (*loc, "emergency", "notice"),
                    _(
                        "emergency windows are not allowed, so they have no notice; remove it or "
                        "allow them"
                    ),
                )

    def check_account_check(self) -> None:
        check = self.spec.account_check
        if check is None:
            return
        loc: Loc = ("account_check",)
        self.refs((*loc, "kinds"), "kind", check.kinds, self.kinds)
        if check.source == "http" and check.http is None:
            self.add((*loc, "http"), _('source http needs http: {url: "https://…", timeout: 5}'))
        if check.source == "field" and check.http is not None:
            self.add((*loc, "http"), _("source is field: remove http, or set source: http"))

    def check_dispatch(self) -> None:
        dispatch = self.spec.dispatch
        if dispatch is None:
            return
        self.calendar_ref(("dispatch", "calendar"), dispatch.calendar)
        for city, travel in dispatch.travel.items():
            loc: Loc = ("dispatch", "travel", city)
            if travel.max is None and not travel.by_conditions:
                self.add(loc, _("give max (e.g. max: 3h) or by_conditions: true"))
            if travel.min is not None and travel.max is not None and travel.min > travel.max:
                self.add((*loc, "min"), _("min is above max; swap them"))

    def check_billing(self) -> None:
        billing = self.spec.billing
        if billing is None:
            return
        self.duplicates(("billing", "rates"), billing.rates, "rate")
        for index, rate in enumerate(billing.rates):
            loc: Loc = ("billing", "rates", index)
            self.calendar_ref((*loc, "outside"), rate.outside)
            self.refs((*loc, "kinds"), "kind", rate.kinds, self.kinds)

    def check_survey(self) -> None:
        survey = self.spec.survey
        if survey is None:
            return
        self.refs(("survey", "kinds"), "kind", survey.kinds, self.kinds)
        self.duplicates(("survey", "questions"), survey.questions, "question")
        for index, question in enumerate(survey.questions):
            loc: Loc = ("survey", "questions", index)
            if question.scale is not None:
                if question.type != "scale":
                    self.add(
                        (*loc, "scale"), _("only questions of type scale have a scale; remove it")
                    )
                elif question.scale.min >= question.scale.max:
                    self.add((*loc, "scale"), _("min must be below max, e.g. {min: 1, max: 5}"))


def _calendar_messages() -> list[tuple[str, str]]:
    """The business-time engine's messages (English) and their translations."""
    fix = "write HH:MM-HH:MM with the end after the start"
    return [
        (
            r"(?P<item>'.*') overlaps (?P<other>'.*') \((?P<path>.*)\); make the intervals of "
            r"one day disjoint",
            _("%(item)s overlaps %(other)s (%(path)s); make the intervals of one day disjoint"),
        ),
        (
            rf"(?P<value>.*) is not an interval; {fix}, e\.g\. '07:30-12:30'",
            _(
                "%(value)s is not an interval; write HH:MM-HH:MM with the end after the start, "
                "e.g. '07:30-12:30'"
            ),
        ),
        (
            r"(?P<time>'.*') in (?P<value>.*) is not a time of day; use 00:00 to 23:59 \(and "
            r"24:00 only as an end\)",
            _(
                "%(time)s in %(value)s is not a time of day; use 00:00 to 23:59 (and 24:00 only "
                "as an end)"
            ),
        ),
        (
            rf"(?P<value>.*) ends before it starts; {fix} \(split a night shift at midnight: "
            r"'22:00-24:00' on one day and '00:00-06:00' on the next\)",
            _(
                "%(value)s ends before it starts; write HH:MM-HH:MM with the end after the start "
                "(split a night shift at midnight: '22:00-24:00' on one day and '00:00-06:00' on "
                "the next)"
            ),
        ),
        (
            rf"(?P<value>.*) is empty; {fix}",
            _("%(value)s is empty; write HH:MM-HH:MM with the end after the start"),
        ),
        (
            r"unknown weekday (?P<value>.*); use one of mon, tue, wed, thu, fri, sat, sun",
            _("unknown weekday %(value)s; use one of mon, tue, wed, thu, fri, sat, sun"),
        ),
        (
            r"no day has opening hours, so the calendar would never be open; give at least one "
            r"day an interval such as '08:00-17:00'",
            _(
                "no day has opening hours, so the calendar would never be open; give at least "
                "one day an interval such as '08:00-17:00'"
            ),
        ),
        (
            r"unknown time zone (?P<value>.*); use an IANA name such as 'America/Bogota' or "
            r"'UTC'",
            _("unknown time zone %(value)s; use an IANA name such as 'America/Bogota' or 'UTC'"),
        ),
        (
            r"(?P<value>.*) is not a valid date; write YYYY-MM-DD, e\.g\. '2026-12-24'",
            _("%(value)s is not a valid date; write YYYY-MM-DD, e.g. '2026-12-24'"),
        ),
        (
            r"(?P<value>.*) is not a country supported by the holidays package; use an ISO "
            r"3166-1 code such as 'CO', 'US' or 'ES'",
            _(
                "%(value)s is not a country supported by the holidays package; use an ISO 3166-1 "
                "code such as 'CO', 'US' or 'ES'"
            ),
        ),
        (
            r"(?P<value>.*) is not a subdivision of (?P<country>\w+); use one of: (?P<known>.*)",
            _("%(value)s is not a subdivision of %(country)s; use one of: %(known)s"),
        ),
        (
            r"unknown field (?P<value>'[^']*'); expected one of (?P<known>.*)",
            _("unknown field %(value)s; expected one of %(known)s"),
        ),
    ]


_DID_YOU_MEAN = re.compile(r" \(did you mean '(?P<name>[^']*)'\?\)$")


def translate_calendar_message(message: str) -> str:
    """A :class:`CalendarError` message in the active language (unchanged when unknown)."""
    hint = ""
    match = _DID_YOU_MEAN.search(message)
    if match:
        message = message[: match.start()]
        hint = " " + _('(did you mean "%(name)s"?)') % {"name": match.group("name")}
    for pattern, template in _calendar_messages():
        found = re.fullmatch(pattern, message)
        if found:
            return template % found.groupdict() + hint
    return message + (f" (did you mean '{match.group('name')}'?)" if match else "")


def _covers(first: Match, then: Match) -> bool:
    """Whether every ticket ``then`` matches is matched by ``first``."""
    for key in type(first).model_fields:
        wanted = getattr(first, key)
        if not wanted:
            continue
        given = getattr(then, key, None)
        if not given or not set(given) <= set(wanted):
            return False
    return True


def _names(items: Iterable[Any]) -> list[str]:
    """The names of ``items`` (a placeholder's name may be missing)."""
    return [item.name for item in items if isinstance(getattr(item, "name", None), str)]


def _is_text(annotation: Any) -> bool:
    import typing

    for arg in typing.get_args(annotation):
        if typing.get_origin(arg) is typing.Annotated and TEXT in getattr(arg, "__metadata__", ()):
            return True
    return False


def _overlaps(
    a_low: Decimal, a_high: Decimal | None, b_low: Decimal, b_high: Decimal | None
) -> bool:
    a_end = a_high if a_high is not None else Decimal("Infinity")
    b_end = b_high if b_high is not None else Decimal("Infinity")
    return a_low <= b_end and b_low <= a_end


_PLACEHOLDER = re.compile(r"\{(\w*)\}")
_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def _parse_path(path: str) -> Loc:
    """``week.mon[1]`` → ``("week", "mon", 1)``."""
    parts: list[str | int] = []
    for name, index in _PATH_PART.findall(path or ""):
        parts.append(int(index) if index else name)
    return tuple(parts)


def _path(loc: Loc) -> str:
    from .errors import format_path

    return format_path(loc)
