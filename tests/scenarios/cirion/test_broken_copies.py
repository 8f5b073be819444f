"""Broken copies of the Cirion pack are rejected with the file, line, path and a message that
says what is wrong, and loading one leaves the database as it was (principle 5)."""

from tests.scenarios import broken_copies

# (what is wrong, the text replaced, its replacement, the path reported, words of the message)
MISTAKES = [
    (
        "unknown calendar",
        "within: 4h\n          calendar: office",
        "within: 4h\n          calendar: offices",
        "sla.policies[1].targets[0].calendar",
        ['unknown calendar "offices"'],
    ),
    (
        "overlapping intervals",
        'tue: ["08:00-17:00"]',
        'tue: ["08:00-17:00", "12:00-13:00"]',
        "calendars.office.week.tue[1]",
        ["overlaps"],
    ),
    (
        "transition to an unknown state",
        "{from: field_repair, to: [verification, pending]}",
        "{from: field_repair, to: [verifcation, pending]}",
        "workflows[0].transitions[5].to[0]",
        ['unknown state "verifcation"'],
    ),
    (
        "negative minutes",
        "within: 20m",
        "within: -20m",
        "sla.policies[0].targets[2].within",
        ["more than zero"],
    ),
    (
        "duplicate state name",
        "{name: action_plan, category: open,",
        "{name: diagnosis, category: open,",
        "workflows[0].states[3].name",
        ["diagnosis"],
    ),
    (
        "unknown key",
        "  thread_window_days: 14\n",
        "  thread_window_days: 14\n  thread_windw: 3\n",
        "email.thread_windw",
        ["thread_windw"],
    ),
    (
        "bad time zone",
        "time_zone: America/Guayaquil",
        "time_zone: America/Guayakil",
        "time_zone",
        ['unknown time zone "America/Guayakil"'],
    ),
    (
        "wrong priority in a policy",
        "when: {kinds: [incident]}",
        "when: {kinds: [incident], priorities: [urgent]}",
        "sla.policies[0].when.priorities[0]",
        ['"urgent"'],
    ),
    (
        "subtype of an unknown kind",
        "when: {kinds: [request]}",
        "when: {kinds: [request], subtypes: [refunds]}",
        "sla.policies[1].when.subtypes[0]",
        ['"refunds"'],
    ),
    (
        "policy for a kind the pack does not define",
        "when: {kinds: [request]}",
        "when: {kinds: [problem]}",
        "sla.policies[1].when.kinds[0]",
        ['"problem"'],
    ),
    (
        "stage met by an unknown state",
        "met_by: {on: state, states: [registered]}",
        "met_by: {on: state, states: [registred]}",
        "sla.policies[0].targets[0].met_by.states[0]",
        ['"registred"'],
    ),
    (
        "off-hours contact on an unknown calendar",
        "off_hours: {role: off_hours_line, calendar: office}",
        "off_hours: {role: off_hours_line, calendar: night}",
        "escalation.off_hours.calendar",
        ['unknown calendar "night"'],
    ),
    (
        "notification with an unknown template",
        "template: diagnosis",
        "template: diagnosys",
        "notifications[1].template",
        ['"diagnosys"'],
    ),
    (
        "a real address instead of a role",
        "email: tsc-supervisor@example.com",
        "email: tsc-supervisor@cirion.test",
        "escalation.contacts[0].email",
        ["example.com"],
    ),
    (
        "not a duration",
        "within: 6h",
        "within: six hours",
        "sla.policies[0].targets[6].within",
        ["duration"],
    ),
    (
        "unknown default priority",
        "  default: medium",
        "  default: urgent",
        "priorities.default",
        ['"urgent"'],
    ),
]

(
    test_the_shipped_pack_is_valid,
    test_it_names_the_mistake,
    test_it_leaves_the_database_untouched,
    test_it_reports_every_mistake_at_once,
) = broken_copies.tests_for("cirion", MISTAKES)
