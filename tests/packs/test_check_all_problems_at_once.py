"""Every problem is reported at once: a malformed item does not hide the mistakes of the other
items and sections, and is not reported twice through the names it defines."""

from tests.packs.conftest import edited, lines_of


def test_malformed_items_do_not_hide_the_other_mistakes():
    text = edited("{name: update, within: 30m}", "{name: update, within: -30m}")
    text = edited(
        "{name: first_response, within: 1h30m, calendar: business}",
        "{name: first_response, within: 1h30m, calendar: busines}",
        text,
    )
    text = edited("{name: level2, tier: level2}", "{name: level2, tier: level3}", text)
    text = edited(
        "functional: [level1, level2, development]",
        "functional: [level1, level2, developers]",
        text,
    )
    text = edited(
        "      - {name: pending, category: pending}",
        "      - {name: pending, category: waiting}",
        text,
    )
    text = edited("  always: 24x7", "  always: 24/7", text)
    assert lines_of(text) == [
        'pack.yaml:14: calendars.always: "24/7" is not a calendar; write 24x7 or a mapping with '
        "timezone, week, holidays, closed and open",
        'pack.yaml:65: workflows[0].states[3].category: "waiting" is not allowed here; use one '
        "of: new, open, pending, resolved, closed",
        "pack.yaml:84: sla.policies[0].targets[1].within: must be more than zero, got -30m",
        'pack.yaml:94: sla.policies[1].targets[0].calendar: unknown calendar "busines"; use one '
        'of: business, email_hours, always, plan (did you mean "business"?)',
        'pack.yaml:97: groups[1].tier: "level3" is not allowed here; use one of: level1, '
        'level2, specialised, external (did you mean "level2"?)',
        'pack.yaml:100: escalation.functional[2]: unknown group "developers"; use one of: '
        'level1, level2, development (did you mean "development"?)',
    ]


def test_a_section_that_cannot_be_read_is_reported_once():
    text = edited("groups:\n", "groups: level1\nnothing:\n")
    assert lines_of(text) == [
        'pack.yaml:95: groups: expected a list, e.g. [a, b], got "level1"',
        'pack.yaml:96: nothing: unknown key "nothing"; use one of: pack, name, display_name, '
        "description, languages, time_zone, calendars, plans, default_plan, services, numbering, "
        "channels, email, kinds, priorities, workflows, sla, groups, escalation, templates, "
        "notifications, maintenance, account_check, dispatch, billing, survey",
    ]


def test_a_malformed_target_or_state_does_not_hide_its_neighbours():
    text = edited("{name: update, within: 30m}", "{name: update, within: -30m}")
    text = edited(
        "{name: resolution, within: 8h, calendar: plan}",
        "{name: resolution, within: 8h, calendar: office}",
        text,
    )
    text = edited(
        "      - {name: pending, category: pending}",
        "      - {name: pending, category: waiting}",
        text,
    )
    text = edited("{from: diagnosed, to: resolved}", "{from: diagnosed, to: resolvd}", text)
    assert lines_of(text) == [
        'pack.yaml:65: workflows[0].states[3].category: "waiting" is not allowed here; use one '
        "of: new, open, pending, resolved, closed",
        'pack.yaml:71: workflows[0].transitions[2].to[0]: unknown state "resolvd"; use one of: '
        'new, open, diagnosed, pending, resolved, closed (did you mean "resolved"?)',
        "pack.yaml:84: sla.policies[0].targets[1].within: must be more than zero, got -30m",
        'pack.yaml:85: sla.policies[0].targets[2].calendar: unknown calendar "office"; use one '
        "of: business, email_hours, always, plan",
    ]
