"""Broken copies of the WeKall pack are rejected with the file, line, path and a message that
says what is wrong, and leave the database untouched (issue 4: "broken packs")."""

from tests.scenarios import broken_copies

# (what is wrong, the text replaced, its replacement, the path reported, words of the message)
MISTAKES = [
    (
        "unknown calendar",
        "{name: first_response, within: 1h, calendar: business}",
        "{name: first_response, within: 1h, calendar: office}",
        "sla.policies[0].targets[0].calendar",
        ['"office"', "business"],
    ),
    (
        "overlapping intervals",
        'mon: ["07:30-12:30", "14:00-18:00"]',
        'mon: ["07:30-12:30", "12:00-18:00"]',
        "calendars.business.week.mon[1]",
        ["overlap"],
    ),
    (
        "matrix with a missing cell",
        "low: {organisation: normal, department: low, individual: low}",
        "low: {organisation: normal, department: low}",
        "priorities.matrix.low",
        ["individual"],
    ),
    (
        "transition to an unknown state",
        "{from: analysis, to: resolved}",
        "{from: analysis, to: solved}",
        "workflows[1].transitions[1].to[0]",
        ['"solved"'],
    ),
    (
        "negative minutes",
        "{name: first_response, within: 1h, calendar: business}",
        "{name: first_response, within: -1h, calendar: business}",
        "sla.policies[0].targets[0].within",
        ["zero"],
    ),
    (
        "duplicate names",
        "- name: incident-high\n",
        "- name: incident-urgent\n",
        "sla.policies[1].name",
        ['"incident-urgent"'],
    ),
    (
        "unknown key",
        "thread_window_days: 14",
        "thread_window_dayz: 14",
        "email.thread_window_dayz",
        ["thread_window_days"],
    ),
    (
        "bad time zone",
        "time_zone: America/Bogota # the seed's",
        "time_zone: America/Bogata # the seed's",
        "time_zone",
        ['"America/Bogata"'],
    ),
    (
        "wrong priority in a policy",
        "when: {kinds: [incident], priorities: [urgent]}",
        "when: {kinds: [incident], priorities: [critical]}",
        "sla.policies[0].when.priorities[0]",
        ['"critical"', "urgent"],
    ),
    (
        "sub-type the kind does not have",
        "when: {kinds: [incident], priorities: [urgent]}",
        "when: {kinds: [incident], subtypes: [training], priorities: [urgent]}",
        "sla.policies[0].when.subtypes[0]",
        ['"training"'],
    ),
    (
        "kind with an unknown workflow",
        "workflow: problems",
        "workflow: problem",
        "kinds.problem.workflow",
        ['"problem"', "problems"],
    ),
    (
        "billing outside an unknown calendar",
        "outside: business",
        "outside: office_hours",
        "billing.rates[0].outside",
        ['"office_hours"'],
    ),
    (
        "notification with an unknown template",
        "template: closure",
        "template: closing",
        "notifications[3].template",
        ['"closing"'],
    ),
    (
        "an address that is not an example",
        "{role: customer_service, email: servicio.cliente@example.com}",
        "{role: customer_service, email: servicio.cliente@provider.test}",
        "escalation.contacts[1].email",
        ["example.com"],
    ),
    (
        "unknown kind",
        "  problem:\n    label: {es: Problema",
        "  complaint:\n    label: {es: Problema",
        "kinds.complaint",
        ["incident", "request", "problem"],
    ),
    (
        "maintenance hours that are not a time of day",
        'allowed_hours: ["19:00-05:00"]',
        'allowed_hours: ["19:00-29:00"]',
        "maintenance.allowed_hours[0]",
        ['"19:00-29:00"'],
    ),
]

(
    test_the_shipped_pack_is_valid,
    test_it_names_the_mistake,
    test_it_leaves_the_database_untouched,
    test_it_reports_every_mistake_at_once,
) = broken_copies.tests_for("wekall", MISTAKES)
