"""The rules of each section (docs/packs.md), one edit of the full pack per rule."""

import pytest

from tests.packs.conftest import edited, lines_of, problems_of

STATES = """      - {name: new, category: new, label: {es: Nuevo, en: New}}
      - {name: open, category: open}
      - {name: diagnosed, category: open}
      - {name: pending, category: pending}
      - {name: resolved, category: resolved}
      - {name: closed, category: closed}
"""


def only(text: str) -> str:
    [line] = lines_of(text)
    return line


# -- identity and texts ----------------------------------------------------------------------


def test_texts_in_a_language_the_pack_does_not_have_are_refused():
    text = edited(
        "label: {es: Convencional, en: Conventional}",
        "label: {es: Convencional, en: Conventional, fr: Conventionnel}",
    )
    assert only(text) == (
        'pack.yaml:17: plans[0].label.fr: "fr" is not allowed as a key here; use one of: es, en'
    )


def test_a_pack_in_one_language_needs_texts_in_that_language_only():
    text = edited("languages: [es, en]", "languages: [es]")
    lines = lines_of(text)
    assert len(lines) > 5
    assert all('"en" is not a language of the pack (es)' in line for line in lines)


def test_the_pack_languages_are_es_and_en():
    assert only(edited("languages: [es, en]", "languages: [es, pt]")) == (
        'pack.yaml:5: languages[1]: "pt" is not allowed here; use one of: es, en'
    )


# -- calendars and plans -----------------------------------------------------------------------


def test_a_calendar_cannot_be_called_plan():
    text = edited("  always: 24x7\n", "  always: 24x7\n  plan: 24x7\n")
    assert only(text).startswith('pack.yaml:15: calendars.plan: "plan" is reserved')


def test_a_calendar_is_24x7_or_a_mapping():
    assert only(edited("always: 24x7", "always: 7x24")) == (
        'pack.yaml:14: calendars.always: "7x24" is not a calendar; write 24x7 or a mapping with '
        "timezone, week, holidays, closed and open"
    )


def test_a_target_on_the_plan_calendar_needs_plans():
    text = edited("default_plan: conventional\n", "")
    plans_block = text[text.index("plans:\n") : text.index("numbering:")]
    text = text.replace(plans_block, "")
    assert only(text) == (
        'pack.yaml:76: sla.policies[0].targets[2].calendar: calendar "plan" means the calendar '
        "of the organisation's plan, but the pack has no plans; define plans or name a calendar"
    )


def test_plans_need_a_default_plan():
    assert only(edited("default_plan: conventional\n", "")) == (
        "pack.yaml:2: default_plan: required when there are plans: name the plan of "
        "organisations that have none (one of: conventional, vip)"
    )


def test_the_default_plan_must_be_a_plan():
    assert only(edited("default_plan: conventional", "default_plan: gold")) == (
        'pack.yaml:23: default_plan: unknown plan "gold"; use one of: conventional, vip'
    )


def test_a_billing_range_goes_up():
    assert only(edited("{min: 0, max: 5000}", "{min: 6000, max: 5000}")) == (
        "pack.yaml:19: plans[0].monthly_billing.max: max (5000) is below min (6000); swap them"
    )


# -- numbering, channels, kinds ---------------------------------------------------------------


def test_a_case_number_prefix_is_capital_letters_and_digits():
    assert only(edited("{prefix: FUL, padding: 6}", "{prefix: ful-1, padding: 6}")) == (
        'pack.yaml:25: numbering.incident.prefix: "ful-1" is not a case-number prefix; use '
        "capital letters and digits, starting with a letter (at most 16), e.g. WEK"
    )


def test_numbering_names_only_kinds_of_the_pack():
    assert only(
        edited("  request: {prefix: FUL}", "  request: {prefix: FUL}\n  problem: {prefix: P}")
    ) == ('pack.yaml:27: numbering.problem: unknown kind "problem"; use one of: incident, request')


def test_a_channel_rule_flags_or_refuses():  # C4
    assert only(edited("action: flag", "action: block")) == (
        'pack.yaml:32: channels[0].rules[0].action: "block" is not allowed here; use one of: '
        "flag, refuse"
    )


def test_a_channel_rule_needs_a_message():  # C4
    text = edited(
        '        message: {es: "Llame a la línea 7×24.", en: "Call the 24×7 line."}\n', ""
    )
    assert only(text) == "pack.yaml:31: channels[0].rules[0].message: required; add it"


def test_unknown_channels_are_refused():
    assert only(edited("- name: portal", "- name: fax")) == (
        'pack.yaml:35: channels[2].name: "fax" is not allowed here; use one of: phone, email, '
        "portal, whatsapp, api, web, field"
    )


def test_a_required_subtype_needs_subtypes():  # T8
    text = edited(
        "    workflow: incidents\n  request",
        "    workflow: incidents\n    required: [subject, subtype]\n  request",
    )
    assert only(text) == (
        'pack.yaml:41: kinds.incident.required: "subtype" is required but the kind has no '
        "subtypes; define subtypes or remove it"
    )


def test_a_required_field_is_one_the_desk_knows():  # T8
    assert only(edited("contact, subtype]", "contact, phone]")).startswith(
        'pack.yaml:43: kinds.request.required[4]: "phone" is not allowed here; use one of: '
        "subject, description"
    )


def test_a_lead_time_has_one_unit():  # K2
    text = edited("{business_days: 3, calendar: business}", "{business_days: 3, days: 3}")
    assert only(text) == (
        "pack.yaml:47: kinds.request.subtypes[0].lead_time: give exactly one of business_days, "
        "business_hours, days or hours, e.g. {business_days: 5, calendar: business}"
    )


def test_real_time_has_no_calendar():
    text = edited("{business_days: 3, calendar: business}", "{days: 3, calendar: business}")
    assert only(text) == (
        "pack.yaml:47: kinds.request.subtypes[0].lead_time: days are real time: remove "
        "calendar, or count business_days/business_hours"
    )


# -- priorities ---------------------------------------------------------------------------------


def test_a_matrix_needs_every_row():  # T3
    text = edited("    low: {organisation: normal, department: low, individual: low}\n", "")
    assert only(text) == (
        'pack.yaml:54: priorities.matrix: missing the row of urgency "low"; add low: '
        "{organisation: …, department: …, individual: …}"
    )


def test_a_matrix_row_is_an_urgency():
    text = edited("    low: {organisation", "    lo: {organisation")
    assert lines_of(text) == [
        'pack.yaml:54: priorities.matrix: missing the row of urgency "low"; add low: '
        "{organisation: …, department: …, individual: …}",
        'pack.yaml:57: priorities.matrix.lo: unknown urgency "lo"; use one of: high, medium, '
        'low (did you mean "low"?)',
    ]


def test_a_matrix_needs_its_four_keys():
    text = edited("  impacts: [{name: organisation}, {name: department}, {name: individual}]\n", "")
    assert only(text) == (
        "pack.yaml:50: priorities: give either list (the priorities) or a matrix with urgencies, "
        "impacts, levels and matrix; missing: impacts"
    )


# -- workflows -------------------------------------------------------------------------------


def test_a_workflow_starts_in_a_new_or_open_state():  # T4
    text = edited(
        "      - {name: new, category: new, label: {es: Nuevo, en: New}}",
        "      - {name: new, category: pending, label: {es: Nuevo, en: New}}",
    )
    assert only(text) == (
        "pack.yaml:62: workflows[0].states[0].category: the first state is where tickets start; "
        "its category must be new or open, not pending"
    )


def test_a_workflow_can_finish():  # T4
    text = edited(
        "{name: resolved, category: resolved}", "{name: resolved, category: open}"
    ).replace("{name: closed, category: closed}", "{name: closed, category: open}")
    assert only(text) == (
        "pack.yaml:61: workflows[0].states: no state of category resolved or closed: tickets "
        "could never be finished; add one"
    )


def test_a_workflow_needs_states():
    text = edited(STATES, "")
    text = text.replace("    states:\n", "    states: []\n")
    lines = lines_of(text)
    assert lines[0] == (
        "pack.yaml:61: workflows[0].states: a workflow needs states; the first one is where "
        "tickets start"
    )


def test_a_transition_to_itself_is_refused():
    assert only(
        edited("{from: diagnosed, to: resolved}", "{from: diagnosed, to: [resolved, diagnosed]}")
    ) == (
        'pack.yaml:71: workflows[0].transitions[2]: "diagnosed" → "diagnosed" goes nowhere; '
        "remove it"
    )


def test_a_timer_transition_needs_time():  # T4
    assert only(edited("after: 48h}", "after: 0}")) == (
        "pack.yaml:73: workflows[0].transitions[4].after: must be more than zero, got 0m"
    )


# -- sla ---------------------------------------------------------------------------------------


def test_a_policy_needs_targets():
    text = edited(
        "      targets:\n        - {name: first_response, within: 1h30m, calendar: business}\n",
        "      targets: []\n",
    )
    assert only(text) == "pack.yaml:93: sla.policies[1].targets: must not be empty"


def test_pause_states_are_states_or_categories():  # S12
    assert only(edited("pause_states: [pending]", "pause_states: [waiting]")).startswith(
        "pack.yaml:90: sla.policies[0].targets[3].pause_states[0]: unknown state or category "
        '"waiting"; use one of: closed, diagnosed, new, open, pending, resolved'
    )


def test_only_reply_targets_recur():  # S8
    text = edited(
        "{name: resolution, within: 8h, calendar: plan}",
        "{name: resolution, within: 8h, calendar: plan, recurring: true}",
    )
    assert only(text) == (
        "pack.yaml:85: sla.policies[0].targets[2].recurring: only a target met by agent_reply "
        "can recur (each reply starts the next cycle)"
    )


def test_states_belong_to_state_events():
    text = edited("starts: previous_met", "starts: {on: created, states: [open]}")
    assert only(text) == (
        "pack.yaml:88: sla.policies[0].targets[3].starts.states: states are only for on: state; "
        "remove them"
    )


def test_a_state_event_names_states():
    text = edited("met_by: {on: state, states: [diagnosed]}", "met_by: {on: state}")
    assert only(text) == (
        "pack.yaml:89: sla.policies[0].targets[3].met_by.states: name the states, e.g. states: "
        "[diagnosed]"
    )


def test_channel_calendars_name_channels_of_the_pack():  # C5
    text = edited(
        "channel_calendars: {email: email_hours}", "channel_calendars: {whatsapp: email_hours}"
    )
    assert only(text) == (
        'pack.yaml:81: sla.policies[0].channel_calendars.whatsapp: unknown channel "whatsapp"; '
        "use one of: email, phone, portal"
    )


def test_the_default_warning_percent_is_in_range():  # S10
    assert only(edited("  warning_percent: 80", "  warning_percent: -1")) == (
        "pack.yaml:76: sla.warning_percent: must be at least 0, got -1"
    )


# -- groups, escalation, notifications -------------------------------------------------------


def test_group_tiers_are_the_desk_tiers():  # E1
    assert only(edited("{name: level2, tier: level2}", "{name: level2, tier: level3}")) == (
        'pack.yaml:97: groups[1].tier: "level3" is not allowed here; use one of: level1, '
        'level2, specialised, external (did you mean "level2"?)'
    )


def test_hierarchical_levels_go_up():  # E2
    assert only(
        edited("{level: 2, role: manager, after: 2h}", "{level: 1, role: manager, after: 2h}")
    ) == (
        "pack.yaml:103: escalation.hierarchical[1].level: levels go up one by one in order "
        "(1, 2, 3 …); this one is 1 after 1"
    )


def test_an_escalation_threshold_is_a_share_or_a_duration():  # E2
    assert only(edited("after: 100%}", "after: soon}")) == (
        'pack.yaml:102: escalation.hierarchical[0].after: "soon" is neither a share of the '
        'target ("100%") nor a duration ("2h")'
    )


def test_a_stage_event_names_a_target_not_a_state():  # N1, S6
    text = edited("event: stage.diagnosis", "event: stage.diagnosed")
    assert only(text) == (
        'pack.yaml:113: notifications[1].event: "diagnosed" is a state, not an SLA target: '
        "write state.diagnosed for a ticket entering it, or name a target"
    )


def test_a_state_event_names_a_state():
    assert only(edited("event: state.resolved", "event: state.solved")) == (
        'pack.yaml:114: notifications[2].event: unknown state "solved"; use one of: closed, '
        'diagnosed, new, open, pending, resolved (did you mean "resolved"?)'
    )


def test_recipients_are_known_kinds_of_people():  # N1
    assert only(edited("to: [contacts, list:technical", "to: [customers, list:technical")) == (
        'pack.yaml:113: notifications[1].to[0]: unknown recipient "customers"; use one of: '
        "requester, contacts, assignee, group, subscribers, list:<name>, role:<name>"
    )


def test_template_placeholders_are_known():
    text = edited('en: "Case {number} registered"', 'en: "Case {numbre} registered"')
    assert only(text) == (
        'pack.yaml:109: templates.registration.subject.en: unknown placeholder "{numbre}"; use '
        'one of: {number}, {subject}, {organisation}, {state}, {due_at} (did you mean "number"?)'
    )


# -- maintenance, account check, dispatch, billing, survey ---------------------------------


def test_emergency_windows_not_allowed_have_no_notice():  # N4
    text = edited("emergency: {allowed: true}", "emergency: {allowed: false, notice: {hours: 4}}")
    assert only(text) == (
        "pack.yaml:119: maintenance.emergency.notice: emergency windows are not allowed, so they "
        "have no notice; remove it or allow them"
    )


def test_the_most_notice_is_not_below_the_least():  # N4
    text = edited(
        "  notice: {business_days: 5, calendar: business}\n",
        "  notice: {business_days: 5, calendar: business}\n"
        "  notice_max: {business_days: 3, calendar: business}\n",
    )
    assert (
        only(text) == "pack.yaml:117: maintenance.notice_max: notice_max is below notice; swap them"
    )


def test_maintenance_hours_start_and_end_apart():  # N4
    assert only(edited('["22:00-06:00"]', '["22:00-22:00"]')) == (
        'pack.yaml:117: maintenance.allowed_hours[0]: "22:00-22:00" starts and ends at the same '
        'time; write "HH:MM-HH:MM", e.g. "22:00-06:00" (it may cross midnight)'
    )


def test_an_http_account_check_needs_its_address():  # T10
    assert only(edited("source: field", "source: http")) == (
        'pack.yaml:121: account_check.http: source http needs http: {url: "https://…", timeout: 5}'
    )


def test_travel_needs_a_maximum_or_conditions():  # S6
    assert only(edited("intermediate: {max: 6h}", "intermediate: {min: 1h}")) == (
        "pack.yaml:130: dispatch.travel.intermediate: give max (e.g. max: 3h) or "
        "by_conditions: true"
    )


def test_travel_city_classes_are_the_desk_classes():
    assert only(edited("remote: {by_conditions: true}", "rural: {by_conditions: true}")) == (
        'pack.yaml:131: dispatch.travel.rural: "rural" is not allowed as a key here; use one '
        "of: main, intermediate, remote"
    )


def test_a_rate_costs_something():  # T12
    assert only(edited("per_hour: 250", "per_hour: 0")) == (
        "pack.yaml:135: billing.rates[0].per_hour: must be more than 0, got 0"
    )


def test_a_currency_is_three_capital_letters():
    assert only(edited("currency: USD", "currency: dollars")) == (
        'pack.yaml:133: billing.currency: "dollars" is not a currency code; use three capital '
        "letters, e.g. USD"
    )


def test_only_scale_questions_have_a_scale():  # Q1
    text = edited("scale: {min: 1, max: 5}}", "type: text, scale: {min: 1, max: 5}}")
    assert only(text) == (
        "pack.yaml:139: survey.questions[0].scale: only questions of type scale have a scale; "
        "remove it"
    )


def test_a_scale_goes_up():  # Q1
    assert only(edited("scale: {min: 1, max: 5}}", "scale: {min: 5, max: 1}}")) == (
        "pack.yaml:139: survey.questions[0].scale: min must be below max, e.g. {min: 1, max: 5}"
    )


@pytest.mark.parametrize(
    "section",
    ["email", "escalation", "maintenance", "account_check", "dispatch", "billing", "survey"],
)
def test_optional_sections_may_be_left_out(section):
    text = full_text_without(section)
    assert problems_of(text) == []


def full_text_without(section: str) -> str:
    from tests.packs.conftest import full_text

    lines = full_text().splitlines(keepends=True)
    out, skipping = [], False
    for line in lines:
        if line.startswith(f"{section}:"):
            skipping = True
            continue
        if skipping and (line.startswith(" ") or not line.strip()):
            continue
        skipping = False
        out.append(line)
    return "".join(out)


def test_a_text_is_given_per_language():
    assert only(edited("label: {es: Convencional, en: Conventional}", "label: Convencional")) == (
        "pack.yaml:17: plans[0].label: expected a text in each language of the pack, e.g. "
        '{es: Alta, en: High}; got "Convencional"'
    )


def test_kinds_sharing_a_prefix_share_the_padding():  # T1
    assert only(edited("request: {prefix: FUL}", "request: {prefix: FUL, padding: 4}")) == (
        "pack.yaml:26: numbering.request.padding: kinds with the same prefix share one "
        "sequence, so they need the same padding: incident has 6"
    )


def test_a_list_of_one_name_may_be_written_as_the_name(full):
    from atiende.packs.source import read_pack_text

    text = edited(
        "when: {kinds: [incident], priorities: [urgent]}\n      channel",
        "when: {kinds: incident, priorities: urgent}\n      channel",
    )
    assert read_pack_text(text, "pack.yaml") == full


def test_an_automatic_transition_goes_to_one_state():  # T4
    text = edited(
        "{from: pending, to: open, on: customer_reply}",
        "{from: pending, to: [open, resolved], on: customer_reply}",
    )
    assert only(text) == (
        "pack.yaml:72: workflows[0].transitions[3].to: an automatic transition goes to one "
        "state; list one in to"
    )


def test_a_state_moves_by_itself_once_per_event():  # T4
    text = edited(
        "{from: resolved, to: closed, after: 48h}",
        "{from: resolved, to: closed, after: 48h}\n      - {from: resolved, to: open, after: 72h}",
    )
    assert only(text) == (
        'pack.yaml:74: workflows[0].transitions[5]: "resolved" already moves by itself on '
        "after (transitions[4]); keep one automatic move per state and event"
    )


def test_without_channels_every_channel_is_taken():
    text = full_text_without("channels").replace(
        "channel_calendars: {email: email_hours}", "channel_calendars: {whatsapp: email_hours}"
    )
    assert problems_of(text) == []


def test_a_policy_narrower_than_an_earlier_one_never_matches():
    text = edited(
        "    - name: everything-else\n",
        "    - name: urgent-email\n"
        "      when: {kinds: [incident], priorities: [urgent], channels: [email]}\n"
        "      targets:\n"
        "        - {name: first_response, within: 2h}\n"
        "    - name: everything-else\n",
    )
    assert only(text) == (
        "pack.yaml:93: sla.policies[1].when: this policy can never match: policy "
        '"incident-urgent" before it takes every ticket this one would; move this one first or '
        "narrow its when"
    )


def test_a_channel_rule_narrower_than_an_earlier_one_never_applies():  # C4
    text = edited(
        "  - name: phone\n",
        "      - when: {kinds: [incident], priorities: [urgent], plans: [vip]}\n"
        "        action: refuse\n"
        '        message: {es: "No.", en: "No."}\n'
        "  - name: phone\n",
    )
    assert only(text) == (
        "pack.yaml:34: channels[0].rules[1].when: this rule can never apply: rule rules[0] "
        "before it takes every ticket this one would; move this one first or narrow its when"
    )
