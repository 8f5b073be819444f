"""Broken copies of the Aldeamo pack are rejected with the file, line, path and a message that
says what is wrong, and leave the database untouched (issue 4: "broken packs")."""

from tests.scenarios import broken_copies

# (what is wrong, the text replaced, its replacement, the path reported, words of the message)
MISTAKES = [
    (
        "unknown calendar",
        "{name: first_response, within: 5h, calendar: email_requests}",
        "{name: first_response, within: 5h, calendar: office}",
        "sla.policies[3].targets[0].calendar",
        ['"office"', "email_requests"],
    ),
    (
        "overlapping intervals",
        'mon: ["07:00-21:00"]',
        'mon: ["07:00-13:00", "12:00-21:00"]',
        "calendars.conventional.week.mon[1]",
        ["overlap"],
    ),
    (
        "unknown plan calendar",
        "calendar: vip\n",
        "calendar: gold\n",
        "plans[1].calendar",
        ['"gold"'],
    ),
    (
        "transition to an unknown state",
        "{from: resolved, to: [open, closed]}",
        "{from: resolved, to: [open, archived]}",
        "workflows[0].transitions[5].to[1]",
        ['"archived"'],
    ),
    (
        "negative minutes",
        "{name: first_response, within: 10m, calendar: plan}",
        "{name: first_response, within: -10m, calendar: plan}",
        "sla.policies[0].targets[0].within",
        ["zero"],
    ),
    (
        "duplicate names",
        "- name: templates # S4: 3 h",
        "- name: reports # S4: 3 h",
        "kinds.request.subtypes[3].name",
        ['"reports"'],
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
        "when: {kinds: [incident], priorities: [high]}\n      targets",
        "when: {kinds: [incident], priorities: [urgent]}\n      targets",
        "sla.policies[0].when.priorities[0]",
        ['"urgent"', "high"],
    ),
    (
        "sub-type the kind does not have",
        "when: {kinds: [request], subtypes: [reports]}",
        "when: {kinds: [request], subtypes: [reprots]}",
        "sla.policies[3].when.subtypes[0]",
        ['"reprots"', "reports"],
    ),
    (
        "sub-type on a kind without sub-types",
        "when: {kinds: [incident], priorities: [low]}",
        "when: {kinds: [incident], subtypes: [training], priorities: [low]}",
        "sla.policies[2].when.subtypes[0]",
        ['"training"'],
    ),
    (
        "unknown default plan",
        "default_plan: conventional",
        "default_plan: convencional",
        "default_plan",
        ['"convencional"', "conventional"],
    ),
    (
        "unknown default priority",
        "default: medium",
        "default: normal",
        "priorities.default",
        ['"normal"'],
    ),
    (
        "channel rule on an unknown priority",
        "- when: {kinds: [incident], priorities: [high]}\n        action: flag",
        "- when: {kinds: [incident], priorities: [alta]}\n        action: flag",
        "channels[1].rules[0].when.priorities[0]",
        ['"alta"'],
    ),
    (
        "unknown channel action",
        "action: flag",
        "action: drop",
        "channels[0].rules[0].action",
        ["flag", "refuse"],
    ),
    (
        "lead time of no days",
        "lead_time: {days: 3}",
        "lead_time: {days: 0}",
        "kinds.request.subtypes[8].lead_time.days",
        ["0"],
    ),
    (
        "message in an unknown language",
        'en: "High-priority incidents (total loss of service)',
        'fr: "High-priority incidents (total loss of service)',
        "channels[1].rules[0].message.fr",
        ['"fr"', "es, en"],
    ),
    (
        "message without every language",
        'message:\n          es: "Los incidentes de prioridad alta (afectación total del servicio)'
        ' se reportan solo por la línea telefónica 7x24: +57 601 555 0100."\n'
        '          en: "High-priority incidents (total loss of service) are reported by phone'
        ' only, on the 7x24 line: +57 601 555 0100."',
        'message: # the English text left out\n          es: "Los incidentes de prioridad alta'
        " (afectación total del servicio) se reportan solo por la línea telefónica 7x24:"
        ' +57 601 555 0100."',
        "channels[1].rules[0].message",
        ["missing the text in en", "es, en"],
    ),
    (
        "time that is not a time of day",
        'sat: ["08:00-17:00"]',
        'sat: ["08:00-17:60"]',
        "calendars.email_sends.week.sat[0]",
        ["17:60"],
    ),
]

(
    test_the_shipped_pack_is_valid,
    test_it_names_the_mistake,
    test_it_leaves_the_database_untouched,
    test_it_reports_every_mistake_at_once,
) = broken_copies.tests_for("aldeamo", MISTAKES)
