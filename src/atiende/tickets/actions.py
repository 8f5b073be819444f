"""Every change to a ticket. One transaction each, with its history rows inside (T14).

Web, portal, API, CLI and (later) mail intake call these functions; none of them changes a
ticket any other way. Each action takes the acting user (``None`` for the system), the
channel it came through and an optional ``now`` (default: the clock, read once).
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timedelta

from django.db import transaction
from django.utils.translation import gettext as _

from atiende import clock
from atiende.accounts.models import SupportGroup, User
from atiende.catalog.models import Service
from atiende.core import configcache
from atiende.core.errors import ActionError, Conflict
from atiende.core.html import sanitise
from atiende.core.sentinel import UNCHANGED
from atiende.core.statements import insert_row
from atiende.customers.models import AccountStatus, Contact, Organisation, Site
from atiende.notify import actions as notify_actions
from atiende.packs import intake, runtime
from atiende.sla import hooks as sla_hooks
from atiende.tickets import history, numbering, search, workflow
from atiende.tickets.attachments import Upload, check_upload
from atiende.tickets.codes import Channel, EventCode, Kind, MessageKind, StateCategory
from atiende.tickets.models import Attachment, Message, State, Ticket, Transition, Trigger
from atiende.tickets.priority import scheme_for

SUBJECT_MAX = 250

_savepoints: ContextVar[bool] = ContextVar("atiende_action_savepoints", default=True)


@contextmanager
def in_callers_transaction() -> Iterator[None]:
    """Actions called inside run in the caller's transaction without a savepoint of their
    own (two statements each fewer). For a caller whose transaction is rolled back whole
    when an action raises — the mail intake's, one per message — so that nothing needs to
    survive a refused action; anywhere else an action's own savepoint lets the caller go on
    after catching the refusal."""
    reset = _savepoints.set(False)
    try:
        yield
    finally:
        _savepoints.reset(reset)


def _atomic():
    """The transaction of an action (a savepoint when nested, see in_callers_transaction)."""
    return transaction.atomic(savepoint=_savepoints.get())


# --- helpers -------------------------------------------------------------------------------


def _require(condition: bool, message: str, *, code: str, field: str | None = None) -> None:
    if not condition:
        raise ActionError(message, code=code, field=field)


def _require_agent(actor: User | None) -> None:
    _require(
        actor is None or actor.is_agent,
        _("Only support staff may do this."),
        code="agents_only",
    )


def _locked(ticket: Ticket, expected_version: int | None) -> Ticket:
    """Re-read ``ticket`` under a row lock; refuse if it changed since the caller read it."""
    fresh = Ticket.objects.select_for_update(of=("self",)).select_related("state").get(pk=ticket.pk)
    if expected_version is not None and fresh.version != expected_version:
        raise Conflict(
            _(
                "Ticket %(number)s was changed by someone else meanwhile: reload it, check "
                "the changes and try again."
            )
            % {"number": fresh.number},
            code="changed_meanwhile",
        )
    return fresh


def _touch(ticket: Ticket, now: datetime, fields: Iterable[str]) -> None:
    ticket.updated_at = now
    ticket.version += 1
    ticket.save(update_fields=[*fields, "updated_at", "version"])


def _refuse_if_merged(ticket: Ticket) -> None:
    _require(
        ticket.merged_into_id is None,
        _("Ticket %(number)s was merged into another ticket: write there instead.")
        % {"number": ticket.number},
        code="ticket_merged",
    )


def _refuse_if_finished(ticket: Ticket) -> None:
    _refuse_if_merged(ticket)
    _require(
        ticket.state.category != StateCategory.CLOSED,
        _("Ticket %(number)s is closed: open a new ticket instead.") % {"number": ticket.number},
        code="ticket_closed",
    )


def _check_uploads(uploads: Iterable[Upload]) -> list:
    return [check_upload(upload) for upload in uploads]


def _store_attachments(ticket, message, checked, *, actor, channel, now) -> None:
    for upload in checked:
        attachment = Attachment(
            ticket=ticket,
            message=message,
            filename=upload.filename,
            content_type=upload.content_type,
            size=len(upload.content),
            sha256=upload.sha256,
            uploaded_by=actor,
            created_at=now,
        )
        attachment.file.save(upload.sha256, upload.as_file(), save=False)
        attachment.save()
        written = getattr(ticket, "written_attachments", None)
        if written is not None:
            written.append(attachment)
        history.record(
            ticket,
            EventCode.ATTACHMENT_ADDED,
            actor=actor,
            channel=channel,
            at=now,
            filename=upload.filename,
            attachment=attachment.pk,
        )


def _enter_state(ticket: Ticket, target: State, *, actor, channel, now, reason: str = "") -> None:
    old = ticket.state
    ticket.state = target
    ticket.state_entered_at = now  # timed transitions count from here (T4)
    if target.category == StateCategory.RESOLVED:
        ticket.resolved_at = now
    elif target.category == StateCategory.CLOSED:
        ticket.closed_at = now
        ticket.resolved_at = ticket.resolved_at or now
    else:
        ticket.resolved_at = None
        ticket.closed_at = None
    history.record(
        ticket,
        EventCode.STATE_CHANGED,
        actor=actor,
        channel=channel,
        at=now,
        old=old.code,
        new=target.code,
        # The states' display names as configured at the time of the change.
        old_labels=old.labels,
        new_labels=target.labels,
        category=target.category,
        reason=reason,
    )
    sla_hooks.state_entered(ticket, old=old, new=target, now=now, actor=actor, channel=channel)


def _text_required(text: str, html: str) -> None:
    _require(
        bool(text.strip() or html.strip()),
        _("The message is empty: write some text."),
        code="message_empty",
        field="text",
    )


# --- opening -------------------------------------------------------------------------------


@configcache.snapshot()
def open_ticket(
    *,
    actor: User | None,
    channel: str,
    organisation: Organisation,
    subject: str,
    description: str,
    requester: Contact | None,
    kind: str = Kind.INCIDENT,
    subtype: str = "",
    urgency: str = "",
    impact: str = "",
    priority: str = "",
    service: Service | None = None,
    site: Site | None = None,
    group: SupportGroup | None = None,
    assignee: User | None = None,
    description_html: str = "",
    attachments: Iterable[Upload] = (),
    auto_reply: bool = True,
    in_reply_to: str = "",
    references: Iterable[str] = (),
    requested_for: datetime | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Open a ticket with its case number (T1), first message and history (T8, T14).

    The ticket is opened under the organisation's process pack (or the default pack) and
    keeps it; the pack's intake rules (:func:`atiende.packs.intake.check`: T8, T10, K2, C4)
    may refuse it or flag it. A flagged ticket carries the message for the customer in
    ``ticket.intake_message`` (also recorded in its history).

    ``auto_reply=False`` sends no automatic mail (the acknowledgement, N2): the mail intake
    passes it for mail a machine wrote, so that two auto-responders never loop (C3).
    ``in_reply_to`` and ``references`` (mail intake): the Message-ID (and References) of the
    mail the ticket is opened from; the acknowledgement answers it, in the same thread (C3).

    The returned ticket carries what the creation wrote, for callers that show it without
    reading it back: ``first_message``, ``written_attachments`` and ``written_history``
    (every history row, SLA planning included, in the order written).
    """
    now = now or clock.now()
    subject = " ".join(subject.split())
    _require(
        bool(subject), _("Write a short descriptive subject."), code="required", field="subject"
    )
    _require(
        len(subject) <= SUBJECT_MAX,
        _("The subject is longer than %(max)s characters: shorten it.") % {"max": SUBJECT_MAX},
        code="too_long",
        field="subject",
    )
    _require(
        bool(description.strip() or description_html.strip()),
        _("Describe the problem and its impact: what fails, since when, who is affected."),
        code="required",
        field="description",
    )
    _require(kind in Kind.values, _("Unknown ticket kind."), code="invalid_kind", field="kind")
    pack = runtime.pack_for(organisation)
    urgency, impact, priority = _resolve_priority(urgency, impact, priority, pack=pack)
    verdict = intake.check(
        pack=pack,
        organisation=organisation,
        kind=kind,
        subtype=subtype,
        priority=priority,
        urgency=urgency,
        impact=impact,
        channel=channel,
        subject=subject,
        description=description or description_html,
        requester=requester,
        service=service,
        site=site,
        requested_for=requested_for,
        now=now,
    )
    _require(verdict.accepted, verdict.message or "", code=verdict.code, field=verdict.field)
    _require(
        organisation.is_active and organisation.account_status != AccountStatus.SUSPENDED,
        _("Organisation %(name)s is not active: tickets cannot be opened for it.")
        % {"name": organisation.name},
        code="organisation_inactive",
        field="organisation",
    )
    _require(
        requester is not None,
        _("Say who reports the problem: a contact of the organisation."),
        code="required",
        field="requester",
    )
    _require(
        requester.organisation_id == organisation.pk,
        _("The requester must be a contact of the ticket's organisation."),
        code="requester_other_organisation",
        field="requester",
    )
    _require(
        bool(requester.email or requester.phone),
        _("The requester has no e-mail or phone: add contact data so we can reach them."),
        code="requester_without_contact_data",
        field="requester",
    )
    if site is not None:
        _require(
            site.organisation_id == organisation.pk,
            _("The site belongs to another organisation."),
            code="site_other_organisation",
            field="site",
        )
    if service is not None:
        _require(
            service.is_active,
            _("That service is no longer offered."),
            code="service_inactive",
            field="service",
        )
    if assignee is not None:
        _require(
            assignee.is_agent and assignee.is_active,
            _("Tickets can only be assigned to active support staff."),
            code="invalid_assignee",
            field="assignee",
        )
    if group is not None:
        _require(
            group.is_active,
            _("That support group is inactive."),
            code="group_inactive",
            field="group",
        )
    checked = _check_uploads(attachments)
    requester.organisation = organisation  # the same row (checked above): no second read

    with _atomic():
        flow = runtime.workflow_for(pack, kind, subtype)
        sequence = runtime.sequence_key(pack, kind)  # the pack's prefix for the kind (T1)
        ticket = Ticket(
            number=numbering.provisional_number(),
            pack=pack,
            flags=verdict.flags,
            requested_for=requested_for,
            state_entered_at=now,
            kind=kind,
            subtype=subtype,
            subject=subject,
            description=description.strip(),
            urgency=urgency,
            impact=impact,
            priority=priority,
            workflow=flow,
            state=workflow.initial_state(flow),
            channel=channel,
            organisation=organisation,
            requester=requester,
            service=service,
            site=site,
            group=group,
            assignee=assignee,
            created_by=actor,
            created_at=now,
            updated_at=now,
        )
        insert_row(ticket)  # Ticket.objects.create(), one plain INSERT
        ticket.written_history = []
        ticket.written_attachments = []
        message = Message(
            ticket=ticket,
            kind=MessageKind.PUBLIC,
            author=actor if actor is not None and actor.is_customer else None,
            author_contact=requester,
            channel=channel,
            text=description.strip(),
            html=sanitise(description_html) if description_html else "",
            created_at=now,
        )
        insert_row(message)
        created = history.record(
            ticket,
            EventCode.CREATED,
            actor=actor,
            channel=channel,
            at=now,
            number=ticket.number,
            kind=kind,
            priority=priority,
        )
        if verdict.flags:
            history.record(
                ticket,
                EventCode.FLAGGED,
                actor=actor,
                channel=channel,
                at=now,
                flags=verdict.flags,
                # The pack's text in every language ({es, en}), shown in the reader's (T14).
                message=verdict.texts or verdict.message or "",
                message_labels=verdict.texts or {},
            )
        sla_hooks.ticket_opened(ticket, now=now, actor=actor, channel=channel)
        _store_attachments(ticket, message, checked, actor=actor, channel=channel, now=now)
        search.index_new_ticket(ticket, [message.text])  # the number: with assign_number
        ticket.intake_message = verdict.message  # C4: for the caller and the acknowledgement
        ticket.intake_texts = verdict.texts
        if auto_reply:
            # N2: the case number by mail
            notify_actions.acknowledge(
                ticket,
                now=now,
                in_reply_to=in_reply_to,
                references=references,
                new_ticket=True,
            )
        # T1: the case number is taken last, so that concurrent creators on the same sequence
        # (one per prefix, shared by the kinds and packs that use it) wait for each other only
        # during this statement and the commit.
        numbering.assign_number(ticket, sequence)
        created.data["number"] = ticket.number
    ticket.first_message = message
    return ticket


def _resolve_priority(urgency: str, impact: str, priority: str, *, pack) -> tuple[str, str, str]:
    scheme = scheme_for(pack)
    if not priority and not urgency and not impact and scheme.default:
        return "", "", scheme.default
    if (urgency or impact) and not scheme.urgencies:
        _require(
            False,
            _("Priorities here are chosen from a list (%(priorities)s): give the priority.")
            % {"priorities": ", ".join(scheme.priorities)},
            code="priority_from_list",
            field="priority",
        )
    if urgency or impact:
        _require(
            bool(urgency and impact),
            _("Give both urgency and impact (the priority follows from them), or neither."),
            code="urgency_impact_pair",
            field="urgency" if not urgency else "impact",
        )
        computed = scheme.compute(urgency, impact)
        _require(
            not priority or priority == computed,
            _(
                "Urgency %(urgency)s and impact %(impact)s give priority %(computed)s, not "
                "%(priority)s: send urgency and impact, or the priority alone."
            )
            % {"urgency": urgency, "impact": impact, "computed": computed, "priority": priority},
            code="priority_mismatch",
            field="priority",
        )
        return urgency, impact, computed
    if priority:
        scheme.check("priority", priority, scheme.priorities)
    return "", "", priority


# --- conversation --------------------------------------------------------------------------


def reply(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    text: str,
    html: str = "",
    attachments: Iterable[Upload] = (),
    author_contact: Contact | None = None,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Message:
    """A public reply: from an agent (the first one is the first response, S9) or customer.

    ``author_contact`` makes it the reply of that customer contact without a user account
    (mail intake: ``actor=None``); it is never an agent's reply then.
    """
    now = now or clock.now()
    _text_required(text, html)
    checked = _check_uploads(attachments)
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_finished(ticket)
        from_customer = (actor is not None and actor.is_customer) or author_contact is not None
        message = Message(
            ticket=ticket,
            kind=MessageKind.PUBLIC,
            author=actor,
            author_contact=author_contact or (actor.contact if from_customer else None),
            channel=channel,
            text=text.strip(),
            html=sanitise(html) if html else "",
            created_at=now,
        )
        insert_row(message)
        history.record(
            ticket, EventCode.REPLIED, actor=actor, channel=channel, at=now, message=message.pk
        )
        fields = []
        if not from_customer and ticket.first_response_at is None:
            ticket.first_response_at = now
            fields.append("first_response_at")
            history.record(ticket, EventCode.FIRST_RESPONSE, actor=actor, channel=channel, at=now)
        sla_hooks.public_reply(
            ticket, by_agent=not from_customer, now=now, actor=actor, channel=channel
        )
        trigger = Trigger.CUSTOMER_REPLY if from_customer else Trigger.AGENT_REPLY
        target = workflow.automatic_target(ticket, trigger)
        if target is not None:
            _enter_state(ticket, target, actor=actor, channel=channel, now=now, reason=trigger)
            fields += ["state", "state_entered_at", "resolved_at", "closed_at"]
        _store_attachments(ticket, message, checked, actor=actor, channel=channel, now=now)
        search.index_locked_ticket(ticket)
        notify_actions.mail_reply(ticket, message, by_agent=not from_customer, now=now)
        _touch(ticket, now, fields)
    return message


def add_note(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    text: str,
    html: str = "",
    attachments: Iterable[Upload] = (),
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Message:
    """An internal note: never shown to customers."""
    now = now or clock.now()
    _require_agent(actor)
    _text_required(text, html)
    checked = _check_uploads(attachments)
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_merged(ticket)
        message = Message(
            ticket=ticket,
            kind=MessageKind.INTERNAL,
            author=actor,
            channel=channel,
            text=text.strip(),
            html=sanitise(html) if html else "",
            created_at=now,
        )
        insert_row(message)
        history.record(
            ticket, EventCode.NOTE_ADDED, actor=actor, channel=channel, at=now, message=message.pk
        )
        _store_attachments(ticket, message, checked, actor=actor, channel=channel, now=now)
        search.index_locked_ticket(ticket)
        _touch(ticket, now, [])
    return message


# --- triage --------------------------------------------------------------------------------


def assign(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    assignee=UNCHANGED,
    group=UNCHANGED,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Give the ticket to an agent and/or a support group (``None`` clears)."""
    now = now or clock.now()
    _require_agent(actor)
    _require(
        assignee is not UNCHANGED or group is not UNCHANGED,
        _("Say whom to assign the ticket to: an agent, a group, or both."),
        code="nothing_to_change",
    )
    if assignee is not UNCHANGED and assignee is not None:
        _require(
            assignee.is_agent and assignee.is_active,
            _("Tickets can only be assigned to active support staff."),
            code="invalid_assignee",
            field="assignee",
        )
    if group is not UNCHANGED and group is not None:
        _require(
            group.is_active,
            _("That support group is inactive."),
            code="group_inactive",
            field="group",
        )
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_finished(ticket)
        old_assignee, old_group = ticket.assignee, ticket.group
        if assignee is not UNCHANGED:
            ticket.assignee = assignee
        if group is not UNCHANGED:
            ticket.group = group
        history.record(
            ticket,
            EventCode.ASSIGNED,
            actor=actor,
            channel=channel,
            at=now,
            old_assignee=old_assignee.username if old_assignee else None,
            new_assignee=ticket.assignee.username if ticket.assignee else None,
            old_group=old_group.slug if old_group else None,
            new_group=ticket.group.slug if ticket.group else None,
        )
        _touch(ticket, now, ["assignee", "group"])
    return ticket


def transition(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    state: str,
    reason: str = "",
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Move the ticket to ``state`` if the workflow allows it (T4)."""
    now = now or clock.now()
    _require_agent(actor)
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_merged(ticket)
        target = workflow.resolve_transition(ticket, state)
        _enter_state(ticket, target, actor=actor, channel=channel, now=now, reason=reason)
        _touch(ticket, now, ["state", "state_entered_at", "resolved_at", "closed_at"])
    return ticket


def apply_timer(
    ticket: Ticket, *, transition: Transition, now: datetime | None = None
) -> Ticket | None:
    """Take a timed transition (T4, e.g. resolved → closed 48 h after resolution) if it is
    still due: the ticket is in its source state since at least ``after_minutes``. Returns
    the ticket, or None when it was not due any more (changed meanwhile, or taken by another
    worker)."""
    now = now or clock.now()
    with _atomic():
        ticket = _locked(ticket, None)
        due = (
            ticket.state_entered_at is not None
            and ticket.state_entered_at + timedelta(minutes=float(transition.after_minutes)) <= now
        )
        if ticket.state_id != transition.source_id or not due or ticket.merged_into_id:
            return None
        _enter_state(
            ticket, transition.target, actor=None, channel=Channel.SYSTEM, now=now, reason="timer"
        )
        _touch(ticket, now, ["state", "state_entered_at", "resolved_at", "closed_at"])
    return ticket


def change_priority(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    urgency=UNCHANGED,
    impact=UNCHANGED,
    priority=UNCHANGED,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Change urgency and impact (priority follows from the matrix) or the priority alone."""
    now = now or clock.now()
    _require_agent(actor)
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_finished(ticket)
        if urgency is UNCHANGED and impact is UNCHANGED:
            _require(
                priority is not UNCHANGED,
                _("Give urgency and impact, or a priority."),
                code="nothing_to_change",
            )
            new = _resolve_priority("", "", priority, pack=ticket.pack)
            _require(
                bool(new[2]),
                _("Give urgency and impact, or a priority."),
                code="required",
                field="priority",
            )
        else:
            new = _resolve_priority(
                ticket.urgency if urgency is UNCHANGED else urgency,
                ticket.impact if impact is UNCHANGED else impact,
                "" if priority is UNCHANGED else priority,
                pack=ticket.pack,
            )
        old_priority = ticket.priority
        ticket.urgency, ticket.impact, ticket.priority = new
        history.record(
            ticket,
            EventCode.PRIORITY_CHANGED,
            actor=actor,
            channel=channel,
            at=now,
            old_priority=old_priority,
            new_priority=ticket.priority,
            urgency=ticket.urgency,
            impact=ticket.impact,
        )
        sla_hooks.ticket_changed(ticket, reason="priority", now=now, actor=actor, channel=channel)
        _touch(ticket, now, ["urgency", "impact", "priority"])
    return ticket


def link_problem(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    problem: Ticket,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Link an incident (or request) to the problem behind it (T7)."""
    now = now or clock.now()
    _require_agent(actor)
    _require(
        problem.kind == Kind.PROBLEM,
        _("%(number)s is not a problem: link to a ticket of kind problem.")
        % {"number": problem.number},
        code="not_a_problem",
        field="problem",
    )
    _require(
        ticket.kind != Kind.PROBLEM,
        _("A problem cannot be linked to another problem."),
        code="problem_to_problem",
        field="problem",
    )
    with _atomic():
        ticket = _locked(ticket, expected_version)
        ticket.problem = problem
        history.record(
            ticket,
            EventCode.PROBLEM_LINKED,
            actor=actor,
            channel=channel,
            at=now,
            problem=problem.number,
        )
        _touch(ticket, now, ["problem"])
    return ticket


def merge(
    source: Ticket,
    *,
    actor: User | None,
    channel: str,
    into: Ticket,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Merge a duplicate into another ticket of the same organisation; the duplicate closes."""
    now = now or clock.now()
    _require_agent(actor)
    _require(
        source.pk != into.pk,
        _("A ticket cannot be merged into itself."),
        code="merge_into_itself",
        field="into",
    )
    _require(
        source.organisation_id == into.organisation_id,
        _("Only tickets of the same organisation can be merged."),
        code="merge_other_organisation",
        field="into",
    )
    with _atomic():
        # Lock both rows in a stable order so two opposite merges cannot deadlock.
        first, second = sorted([source, into], key=lambda t: t.pk)
        locked = {
            t.pk: _locked(t, expected_version if t.pk == source.pk else None)
            for t in (first, second)
        }
        source, into = locked[source.pk], locked[into.pk]
        _refuse_if_finished(source)
        _refuse_if_finished(into)
        closed = (
            State.objects.filter(workflow_id=source.workflow_id, category=StateCategory.CLOSED)
            .order_by("position")
            .first()
        )
        _require(
            closed is not None,
            _("The workflow has no closed state to merge into."),
            code="workflow_without_closed_state",
        )
        source.merged_into = into
        _enter_state(source, closed, actor=actor, channel=channel, now=now, reason="merged")
        history.record(
            source, EventCode.MERGED_INTO, actor=actor, channel=channel, at=now, target=into.number
        )
        history.record(
            into, EventCode.MERGED_FROM, actor=actor, channel=channel, at=now, source=source.number
        )
        Message.objects.create(
            ticket=into,
            kind=MessageKind.SYSTEM,
            author=actor,
            channel=channel,
            text=_("Ticket %(source)s was merged into this ticket.") % {"source": source.number},
            created_at=now,
        )
        search.index_locked_ticket(into)
        _touch(
            source, now, ["merged_into", "state", "state_entered_at", "resolved_at", "closed_at"]
        )
        _touch(into, now, [])
    return into


def record_workaround(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    text: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """Service restored by a temporary solution (T5): the restoration time is kept apart."""
    return _record_resolution_text(
        ticket,
        actor=actor,
        channel=channel,
        text=text,
        now=now,
        expected_version=expected_version,
        field="workaround",
        code=EventCode.WORKAROUND_RECORDED,
    )


def record_solution(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    text: str,
    expected_version: int | None = None,
    now: datetime | None = None,
) -> Ticket:
    """The root cause is fixed (T5)."""
    return _record_resolution_text(
        ticket,
        actor=actor,
        channel=channel,
        text=text,
        now=now,
        expected_version=expected_version,
        field="solution",
        code=EventCode.SOLUTION_RECORDED,
    )


def _record_resolution_text(
    ticket, *, actor, channel, text, now, field, code, expected_version
) -> Ticket:
    now = now or clock.now()
    _require_agent(actor)
    _require(bool(text.strip()), _("Describe what was done."), code="required", field="text")
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_merged(ticket)
        setattr(ticket, field, text.strip())
        setattr(ticket, f"{field}_at", now)
        history.record(ticket, code, actor=actor, channel=channel, at=now)
        _touch(ticket, now, [field, f"{field}_at"])
    return ticket


def add_attachments(
    ticket: Ticket,
    *,
    actor: User | None,
    channel: str,
    attachments: Iterable[Upload],
    expected_version: int | None = None,
    now: datetime | None = None,
) -> list[Attachment]:
    """Attach files to the ticket (not to a message)."""
    now = now or clock.now()
    checked = _check_uploads(attachments)
    _require(bool(checked), _("Choose at least one file."), code="required", field="attachments")
    with _atomic():
        ticket = _locked(ticket, expected_version)
        _refuse_if_finished(ticket)
        before = set(ticket.attachments.values_list("pk", flat=True))
        _store_attachments(ticket, None, checked, actor=actor, channel=channel, now=now)
        _touch(ticket, now, [])
        return list(ticket.attachments.exclude(pk__in=before))
