"""Broken copies of a valid pack are refused with the exact line, path and message (T9; the
checks of docs/packs.md). Each case edits one spot of ``files/full.yaml``."""

import pytest

from atiende.packs.errors import Problem
from tests.packs.conftest import edited, problems_of

CASES = [
    (
        "unknown-calendar",  # S1
        "{name: first_response, within: 1h, calendar: business}",
        "{name: first_response, within: 1h, calendar: office}",
        83,
        "sla.policies[0].targets[0].calendar",
        'unknown calendar "office"; use one of: business, email_hours, always, plan',
    ),
    (
        "overlapping-intervals",  # S1, C5
        '["08:00-20:00"], sat',
        '["08:00-12:00", "11:00-20:00"], sat',
        13,
        "calendars.email_hours.week.mon[1]",
        "'11:00-20:00' overlaps '08:00-12:00' (week.mon[0]); make the intervals of one day "
        "disjoint",
    ),
    (
        "matrix-missing-cell",  # T3
        "low: {organisation: normal, department: low, individual: low}",
        "low: {organisation: normal, department: low}",
        57,
        "priorities.matrix.low",
        'missing the cell for impact "individual"; every urgency × impact cell needs a priority',
    ),
    (
        "matrix-unknown-level",  # T3
        "medium: {organisation: high, department: normal, individual: low}",
        "medium: {organisation: high, department: normal, individual: lowest}",
        56,
        "priorities.matrix.medium.individual",
        'unknown priority "lowest"; use one of: urgent, high, normal, low (did you mean "low"?)',
    ),
    (
        "transition-to-unknown-state",  # T4
        "{from: diagnosed, to: resolved}",
        "{from: diagnosed, to: resolvd}",
        71,
        "workflows[0].transitions[2].to[0]",
        'unknown state "resolvd"; use one of: new, open, diagnosed, pending, resolved, closed '
        '(did you mean "resolved"?)',
    ),
    (
        "negative-minutes",  # S3
        "{name: update, within: 30m}",
        "{name: update, within: -30m}",
        84,
        "sla.policies[0].targets[1].within",
        "must be more than zero, got -30m",
    ),
    (
        "zero-minutes",
        "{name: update, within: 30m}",
        "{name: update, within: 0}",
        84,
        "sla.policies[0].targets[1].within",
        "must be more than zero, got 0m",
    ),
    (
        "duplicate-policy",
        "- name: everything-else",
        "- name: incident-urgent",
        92,
        "sla.policies[1].name",
        'duplicate policy "incident-urgent" (also sla.policies[0]); give each a different name',
    ),
    (
        "duplicate-target",
        "{name: update, within: 30m}",
        "{name: first_response, within: 30m}",
        84,
        "sla.policies[0].targets[1].name",
        'duplicate target "first_response" (also sla.policies[0].targets[0]); give each a '
        "different name",
    ),
    (
        "duplicate-subtype",  # T2
        "- name: reports",
        "- name: training",
        49,
        "kinds.request.subtypes[1].name",
        'duplicate sub-type "training" (also kinds.request.subtypes[0]); give each a different '
        "name",
    ),
    (
        "duplicate-plan",  # S2
        "- name: vip",
        "- name: conventional",
        20,
        "plans[1].name",
        'duplicate plan "conventional" (also plans[0]); give each a different name',
    ),
    (
        "duplicate-channel",  # C2
        "- name: portal",
        "- name: phone",
        35,
        "channels[2].name",
        'duplicate channel "phone" (also channels[1]); give each a different name',
    ),
    (
        "unknown-key",
        "display_name: Full example",
        "display_nam: Full example",
        4,
        "display_nam",
        'unknown key "display_nam"; use one of: pack, name, display_name, description, '
        "languages, time_zone, calendars, plans, default_plan, services, numbering, channels, "
        "email, kinds, priorities, workflows, sla, groups, escalation, templates, notifications, "
        "maintenance, account_check, dispatch, billing, survey "
        '(did you mean "display_name"?)',
    ),
    (
        "text-missing-a-language",
        "label: {es: Convencional, en: Conventional}",
        "label: {es: Convencional}",
        17,
        "plans[0].label",
        "missing the text in en; give it in every language of the pack (es, en)",
    ),
    (
        "warning-percent-out-of-range",  # S10
        "warning_percent: 75",
        "warning_percent: 120",
        91,
        "sla.policies[0].targets[3].warning_percent",
        "must be at most 99, got 120",
    ),
    (
        "previous-met-on-first-target",  # S6
        "{name: first_response, within: 1h30m, calendar: business}",
        "{name: first_response, within: 1h30m, calendar: business, starts: previous_met}",
        94,
        "sla.policies[1].targets[0].starts",
        "the first target has no previous target; start it on created or on a state",
    ),
    (
        "policy-on-unknown-priority",
        "when: {kinds: [incident], priorities: [urgent]}\n      channel",
        "when: {kinds: [incident], priorities: [urgnt]}\n      channel",
        80,
        "sla.policies[0].when.priorities[0]",
        'unknown priority "urgnt"; use one of: urgent, high, normal, low (did you mean "urgent"?)',
    ),
    (
        "overlapping-billing-ranges",  # S2
        "monthly_billing: {min: 5001}",
        "monthly_billing: {min: 4000}",
        22,
        "plans[1].monthly_billing",
        'overlaps the billing range of plan "conventional"; make the ranges disjoint (e.g. max '
        "5000 and min 5001)",
    ),
    (
        "maintenance-hours-malformed",  # N4
        '["22:00-06:00"]',
        '["22:00-25:00"]',
        117,
        "maintenance.allowed_hours[0]",
        '"22:00-25:00" has a time that is not a time of day; use 00:00 to 23:59',
    ),
    (
        "unreachable-state",  # T4
        "{from: open, to: [diagnosed, pending, resolved]}",
        "{from: open, to: [pending, resolved]}",
        64,
        "workflows[0].states[2]",
        'state "diagnosed" cannot be reached from "new"; add a transition to it or remove it',
    ),
    (
        "unknown-time-zone",
        "time_zone: America/Bogota\ncalendars",
        "time_zone: America/Bogot\ncalendars",
        6,
        "time_zone",
        'unknown time zone "America/Bogot"; use an IANA name such as America/Bogota or UTC',
    ),
    (
        "bad-holiday-country",  # S1
        "holidays: {country: CO}",
        "holidays: {country: XX}",
        10,
        "calendars.business.holidays.country",
        "'XX' is not a country supported by the holidays package; use an ISO 3166-1 code such "
        "as 'CO', 'US' or 'ES'",
    ),
    (
        "unknown-group",  # E1
        "functional: [level1, level2, development]",
        "functional: [level1, level2, developers]",
        100,
        "escalation.functional[2]",
        'unknown group "developers"; use one of: level1, level2, development (did you mean '
        '"development"?)',
    ),
    (
        "unknown-kind",  # T1
        "incident: {prefix: FUL, padding: 6}",
        "incidnt: {prefix: FUL, padding: 6}",
        25,
        "numbering.incidnt",
        '"incidnt" is not allowed as a key here; use one of: incident, request, problem (did '
        'you mean "incident"?)',
    ),
    (
        "unknown-subtype",  # C4
        "when: {kinds: [incident], priorities: [urgent]}\n        action",
        "when: {kinds: [request], subtypes: [trainig]}\n        action",
        31,
        "channels[0].rules[0].when.subtypes[0]",
        'unknown sub-type "trainig"; use one of: reports, training (did you mean "training"?)',
    ),
    (
        "unknown-template",  # N2
        "template: acknowledgement}",
        "template: acknowledgment}",
        112,
        "notifications[0].template",
        'unknown template "acknowledgment"; use one of: acknowledgement, registration, reply '
        '(did you mean "acknowledgement"?)',
    ),
    (
        "unknown-workflow",  # T4
        "    workflow: incidents\n  request",
        "    workflow: incident\n  request",
        40,
        "kinds.incident.workflow",
        'unknown workflow "incident"; use one of: incidents (did you mean "incidents"?)',
    ),
    (
        "policy-that-never-matches",
        "        - {name: first_response, within: 1h30m, calendar: business}\n",
        "        - {name: first_response, within: 1h30m, calendar: business}\n"
        "    - name: later\n"
        "      when: {kinds: [request]}\n"
        "      targets:\n"
        "        - {name: first_response, within: 1h}\n",
        96,
        "sla.policies[2].when",
        'this policy can never match: policy "everything-else" before it takes every ticket this '
        "one would; move this one first or narrow its when",
    ),
    (
        "personal-address",
        "supervisor@example.com",
        "ana.perez@gmail.com",
        106,
        "escalation.contacts[0].email",
        '"ana.perez@gmail.com": a pack names roles, never people; use an address at '
        "example.com (e.g. supervisor@example.com) and set the real one in the desk",
    ),
    (
        "duplicate-yaml-key",
        "pack: 1\n",
        "pack: 1\npack: 1\n",
        3,
        "pack",
        'duplicate key "pack" (first at line 2); keep one of them',
    ),
    (
        "on-and-after",  # T4
        "{from: resolved, to: closed, after: 48h}",
        "{from: resolved, to: closed, after: 48h, on: agent_reply}",
        73,
        "workflows[0].transitions[4]",
        "a transition happens on an event or after a time, not both; keep on or after",
    ),
    (
        "stage-target-without-met-by",  # S6
        "          met_by: {on: state, states: [diagnosed]}\n",
        "",
        86,
        "sla.policies[0].targets[3].met_by",
        'required for a target named "diagnosis": say what meets it (agent_reply, resolution '
        "or {on: state, states: [...]})",
    ),
    (
        "met-by-unknown-state",  # S6
        "states: [diagnosed]}",
        "states: [diagnose]}",
        89,
        "sla.policies[0].targets[3].met_by.states[0]",
        'unknown state "diagnose"; use one of: closed, diagnosed, new, open, pending, resolved '
        '(did you mean "diagnosed"?)',
    ),
    (
        "bad-duration",
        "after: 48h}",
        "after: 48 hours}",
        73,
        "workflows[0].transitions[4].after",
        '"48 hours" is not a duration; write e.g. "90m", "6h", "1h30m", "3d" or a number '
        "of minutes",
    ),
    (
        "span-without-calendar",  # K2
        "lead_time: {business_days: 3, calendar: business}",
        "lead_time: {business_days: 3}",
        47,
        "kinds.request.subtypes[0].lead_time",
        "business_days are counted on a calendar: add calendar, e.g. calendar: business",
    ),
    (
        "plan-calendar-unknown",  # S2
        "    calendar: always\n",
        "    calendar: allways\n",
        21,
        "plans[1].calendar",
        'unknown calendar "allways"; use one of: business, email_hours, always (did you mean '
        '"always"?)',
    ),
    (
        "unknown-state-category",
        "{name: pending, category: pending}",
        "{name: pending, category: waiting}",
        65,
        "workflows[0].states[3].category",
        '"waiting" is not allowed here; use one of: new, open, pending, resolved, closed',
    ),
    (
        "unknown-event",  # N1
        "event: ticket.created,",
        "event: ticket.opened,",
        112,
        "notifications[0].event",
        'unknown event "ticket.opened"; use one of: ticket.created, ticket.replied, '
        "ticket.escalated, ticket.resolved, ticket.reopened, ticket.closed, sla.warning, "
        "sla.breached, major_incident.opened, major_incident.update, major_incident.resolved, "
        "maintenance.scheduled, maintenance.reminder, survey.requested, state.<state>, "
        'stage.<target> (did you mean "ticket.reopened"?)',
    ),
]


@pytest.mark.parametrize(
    ("old", "new", "line", "path", "message"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_it_refuses_each_broken_snippet_with_its_line_path_and_message(
    old, new, line, path, message
):
    assert problems_of(edited(old, new)) == [Problem("pack.yaml", line, path, message)]


def test_it_has_a_case_for_each_kind_of_mistake():
    assert len({case[0] for case in CASES}) == len(CASES) >= 15
