"""Broken copies of the ECC pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from tests.scenarios import broken_copies

# (what is wrong, the text replaced, its replacement, the path reported, words of the message)
MISTAKES = [
    (
        "matrix with a missing cell",
        "low: {organisation: medium, department: low, individual: low}",
        "low: {organisation: medium, department: low}",
        "priorities.matrix.low",
        ["individual"],
    ),
    (
        "matrix cell with an unknown priority",
        "organisation: critical, department: high, individual: medium}",
        "organisation: critical, department: high, individual: normal}",
        "priorities.matrix.high.individual",
        ['"normal"'],
    ),
    (
        "plan on an unknown calendar",
        "    calendar: service_hours\n",
        "    calendar: service_hour\n",
        "plans[0].calendar",
        ['unknown calendar "service_hour"'],
    ),
    (
        "unknown default plan",
        "default_plan: standard",
        "default_plan: gold",
        "default_plan",
        ['"gold"'],
    ),
    (
        "overlapping intervals",
        'wed: ["08:00-18:00"]',
        'wed: ["08:00-18:00", "17:00-19:00"]',
        "calendars.service_hours.week.wed[1]",
        ["overlaps"],
    ),
    (
        "bad time zone",
        "time_zone: America/Bogota",
        "time_zone: America/Bogot",
        "time_zone",
        ['unknown time zone "America/Bogot"'],
    ),
    (
        "transition to an unknown state",
        "{from: derived, to: [open, pending, resolved]}",
        "{from: derived, to: [open, pending, solved]}",
        "workflows[0].transitions[3].to[2]",
        ['unknown state "solved"'],
    ),
    (
        "negative minutes",
        "{name: first_response, within: 15m,",
        "{name: first_response, within: -15m,",
        "sla.policies[0].targets[0].within",
        ["more than zero"],
    ),
    (
        "duplicate policy names",
        "- name: high\n      label: {es: Prioridad alta",
        "- name: critical\n      label: {es: Prioridad alta",
        "sla.policies[1].name",
        ['"critical"'],
    ),
    (
        "unknown key",
        "  warning_percent: 75\n",
        "  warning_percent: 75\n  warnings: 50\n",
        "sla.warnings",
        ["warnings"],
    ),
    (
        "wrong priority in a policy",
        "when: {priorities: [low]}",
        "when: {priorities: [lowest]}",
        "sla.policies[3].when.priorities[0]",
        ['"lowest"'],
    ),
    (
        "subtypes of an unknown kind",
        "  request:\n    label: {es: Consulta",
        "  requests:\n    label: {es: Consulta",
        "kinds.requests",
        ["requests"],
    ),
    (
        "warning percent out of range",
        "  warning_percent: 75\n",
        "  warning_percent: 120\n",
        "sla.warning_percent",
        ["99"],
    ),
    (
        "unknown survey question type",
        "type: yes_no",
        "type: yesno",
        "survey.questions[1].type",
        ["yes_no"],
    ),
    (
        "escalation threshold that is no time",
        "after: 125%",
        "after: soon",
        "escalation.hierarchical[1].after",
        ["soon"],
    ),
    (
        "notification with an unknown template",
        "template: sla_warning",
        "template: sla_warn",
        "notifications[1].template",
        ['"sla_warn"'],
    ),
]

(
    test_the_shipped_pack_is_valid,
    test_it_names_the_mistake,
    test_it_leaves_the_database_untouched,
    test_it_reports_every_mistake_at_once,
) = broken_copies.tests_for("ecc", MISTAKES)
