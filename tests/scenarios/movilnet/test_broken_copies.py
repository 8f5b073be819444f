"""Broken copies of the Movilnet pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from tests.scenarios import broken_copies

# (what is wrong, the text replaced, its replacement, the path reported, words of the message)
MISTAKES = [
    (
        "unknown calendar",
        "notice: {business_hours: 16, calendar: business}",
        "notice: {business_hours: 16, calendar: office}",
        "maintenance.notice.calendar",
        ['unknown calendar "office"'],
    ),
    (
        "overlapping intervals",
        'mon: ["08:00-12:00", "13:00-17:00"]',
        'mon: ["08:00-12:00", "11:00-17:00"]',
        "calendars.business.week.mon[1]",
        ["overlaps"],
    ),
    (
        "transition to an unknown state",
        "{from: repaired, to: resolved}",
        "{from: repaired, to: solved}",
        "workflows[0].transitions[5].to[0]",
        ['unknown state "solved"'],
    ),
    (
        "negative minutes",
        "within: 24h",
        "within: -24h",
        "sla.policies[0].targets[0].within",
        ["more than zero"],
    ),
    (
        "duplicate group names",
        "  - name: sigis\n",
        "  - name: cor\n",
        "groups[3].name",
        ['"cor"'],
    ),
    (
        "unknown key",
        "  blocked: [debt]\n",
        "  blocked: [debt]\n  block_all: true\n",
        "account_check.block_all",
        ["block_all"],
    ),
    (
        "bad time zone",
        "time_zone: America/Caracas",
        "time_zone: America/Caracass",
        "time_zone",
        ['unknown time zone "America/Caracass"'],
    ),
    (
        "wrong priority in a policy",
        "priorities: [puntual]}",
        "priorities: [punctual]}",
        "sla.policies[1].when.priorities[0]",
        ['"punctual"'],
    ),
    (
        "unknown account status",
        "  blocked: [debt]\n",
        "  blocked: [owing]\n",
        "account_check.blocked[0]",
        ["debt"],
    ),
    (
        "maintenance hours that are no time of day",
        'allowed_hours: ["00:00-24:00"]',
        'allowed_hours: ["25:00-06:00"]',
        "maintenance.allowed_hours[0]",
        ["25:00-06:00"],
    ),
    (
        "unknown default priority",
        "  default: puntual",
        "  default: single",
        "priorities.default",
        ['"single"'],
    ),
    (
        "attention met by an unknown state",
        "states: [installation_centre, resolved]",
        "states: [installation_center, resolved]",
        "sla.policies[1].targets[0].met_by.states[0]",
        ['"installation_center"'],
    ),
    (
        "kind on an unknown workflow",
        "    workflow: faults",
        "    workflow: fault",
        "kinds.incident.workflow",
        ['"fault"'],
    ),
    (
        "a real address instead of a role",
        "email: csm-supervision@example.com",
        "email: csm-supervision@movilnet.test",
        "escalation.contacts[0].email",
        ["example.com"],
    ),
    (
        "lower-case case-number prefix",
        "prefix: MOV",
        "prefix: mov",
        "numbering.incident.prefix",
        ["mov"],
    ),
    (
        "subtype the kind does not have",
        "priorities: [massive]}",
        "priorities: [massive], subtypes: [sms]}",
        "sla.policies[0].when.subtypes[0]",
        ['"sms"'],
    ),
]

(
    test_the_shipped_pack_is_valid,
    test_it_names_the_mistake,
    test_it_leaves_the_database_untouched,
    test_it_reports_every_mistake_at_once,
) = broken_copies.tests_for("movilnet", MISTAKES)
