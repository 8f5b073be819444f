"""Service-level data: calendars, policies with their rules and targets, per-ticket clocks,
and the urgency × impact priority matrix (S1–S12, T3, C5).

Configuration (calendars, policies, rules, targets, matrices) is data edited by administrators
or loaded from process packs. Clocks are written only by :mod:`atiende.sla.planner` (called
explicitly from the ticket actions) and :mod:`atiende.sla.sweep`: never by a save hook.
"""

from datetime import datetime, timedelta
from decimal import Decimal
from functools import cached_property

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from atiende import clock
from atiende.businesstime import Calendar, CalendarError
from atiende.core.fields import PackSlugMixin, pack_slug_constraints
from atiende.tickets.codes import Channel, Kind, StateCategory


def calendar_error_message(error: CalendarError) -> str:
    """The spec problem in one line, naming the field (e.g. ``week.mon[1]: …``)."""
    return str(error)


def validate_calendar_spec(spec) -> Calendar:
    """The calendar for ``spec``, or a ValidationError on ``spec`` naming the faulty field."""
    try:
        return Calendar.from_spec(spec)
    except CalendarError as exc:
        raise ValidationError(
            {
                "spec": ValidationError(
                    _("The calendar is not valid: %(problem)s"),
                    params={"problem": calendar_error_message(exc)},
                    code="invalid_calendar",
                )
            }
        ) from None


def _string_list(value, field: str, allowed=None) -> None:
    if not isinstance(value, list) or not all(isinstance(v, str) and v.strip() for v in value):
        raise ValidationError(
            {field: _('Give a list of names, e.g. ["pending"] (an empty list for none).')},
            code="invalid_list",
        )
    if len(set(value)) != len(value):
        raise ValidationError({field: _("The list repeats a value.")}, code="duplicate")
    if allowed is not None:
        unknown = [v for v in value if v not in allowed]
        if unknown:
            raise ValidationError(
                {
                    field: _("Unknown value(s) %(unknown)s: use %(allowed)s.")
                    % {"unknown": ", ".join(unknown), "allowed": ", ".join(allowed)}
                },
                code="invalid_choice",
            )


class BusinessCalendar(PackSlugMixin, models.Model):
    """Opening hours in a time zone with holidays and closed days (S1), stored as a spec.

    The spec is the one :meth:`atiende.businesstime.Calendar.from_spec` reads:
    ``{timezone, week: {mon: ["07:30-12:30", …]}, holidays: {country: CO}, closed, open}``.
    """

    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    spec = models.JSONField(_("specification"))
    updated_at = models.DateTimeField(_("updated at"), default=clock.now)

    class Meta:
        ordering = ["name"]
        verbose_name = _("business calendar")
        verbose_name_plural = _("business calendars")
        constraints = [
            *pack_slug_constraints("sla_calendar"),
        ]

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        # Never store a spec the planner cannot read, whoever saves (admin, packs, shell).
        validate_calendar_spec(self.spec)
        self.__dict__.pop("compiled", None)
        super().save(*args, **kwargs)

    def clean(self) -> None:
        validate_calendar_spec(self.spec)

    @cached_property
    def compiled(self) -> Calendar:
        """The business-time calendar (specs were validated when saved)."""
        return Calendar.from_spec(self.spec)


class PriorityMatrix(PackSlugMixin, models.Model):
    """Priority from urgency × impact (T3), or a plain list of priorities when both are empty.

    ``matrix`` maps urgency → impact → priority, e.g. ``{"high": {"organisation": "urgent"}}``.
    The default matrix (``is_default``) is the one tickets use; the data migration creates
    WeKall's (REQUIREMENTS.md, seed 002).
    """

    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    urgencies = models.JSONField(_("urgencies"), default=list, blank=True)
    impacts = models.JSONField(_("impacts"), default=list, blank=True)
    priorities = models.JSONField(_("priorities (most urgent first)"), default=list)
    matrix = models.JSONField(_("matrix"), default=dict, blank=True)
    is_default = models.BooleanField(_("default"), default=False)
    # A plain list's priority when a ticket gives none (empty: none).
    default_priority = models.CharField(_("default priority"), max_length=32, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("priority matrix")
        verbose_name_plural = _("priority matrices")
        constraints = [
            *pack_slug_constraints("sla_matrix"),
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="sla_one_default_priority_matrix",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        for field in ("urgencies", "impacts", "priorities"):
            _string_list(getattr(self, field), field)
        if not self.priorities:
            raise ValidationError({"priorities": _("List at least one priority.")})
        if bool(self.urgencies) != bool(self.impacts):
            raise ValidationError(
                {"impacts": _("Give both urgencies and impacts (a matrix), or neither.")}
            )
        if not isinstance(self.matrix, dict):
            raise ValidationError({"matrix": _("The matrix maps urgency → impact → priority.")})
        for urgency in self.urgencies:
            row = self.matrix.get(urgency)
            for impact in self.impacts:
                value = row.get(impact) if isinstance(row, dict) else None
                if value not in self.priorities:
                    raise ValidationError(
                        {
                            "matrix": _(
                                "Urgency %(urgency)s × impact %(impact)s needs one of the "
                                "priorities %(priorities)s."
                            )
                            % {
                                "urgency": urgency,
                                "impact": impact,
                                "priorities": ", ".join(self.priorities),
                            }
                        }
                    )
        extra = set(self.matrix) - set(self.urgencies)
        if extra:
            raise ValidationError(
                {"matrix": _("Unknown urgency %(names)s.") % {"names": ", ".join(sorted(extra))}}
            )


class Policy(PackSlugMixin, models.Model):
    """A set of targets (first response, update, resolution, stages) for matching tickets."""

    slug = models.SlugField(_("slug"), max_length=64)
    name = models.CharField(_("name"), max_length=200)
    pack = models.ForeignKey(
        "packs.Pack",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("process pack"),
    )
    description = models.TextField(_("description"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("SLA policy")
        verbose_name_plural = _("SLA policies")
        constraints = [
            *pack_slug_constraints("sla_policy"),
        ]

    def __str__(self) -> str:
        return self.name


class ChannelHours(models.Model):
    """Hours of a channel for a policy (C5; S2 Reading): clocks of tickets that came by
    ``channel`` run on the target's calendar intersected with ``calendar``."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="channel_hours")
    channel = models.CharField(_("channel"), max_length=16, choices=Channel.choices)
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, related_name="+", verbose_name=_("calendar")
    )

    class Meta:
        verbose_name = _("channel hours")
        verbose_name_plural = _("channel hours")
        constraints = [
            models.UniqueConstraint(fields=["policy", "channel"], name="sla_channel_hours_unique")
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.channel}"


class PolicyRule(models.Model):
    """One ordered rule choosing a policy. Rules are tried by ``position``; the first whose
    every condition matches wins. An empty list (or no organisation / service) matches any."""

    position = models.PositiveIntegerField(_("position"))
    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="rules")
    kinds = models.JSONField(_("kinds"), default=list, blank=True)
    subtypes = models.JSONField(_("sub-types"), default=list, blank=True)
    priorities = models.JSONField(_("priorities"), default=list, blank=True)
    plans = models.JSONField(_("support plans"), default=list, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    organisation = models.ForeignKey(
        "customers.Organisation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    service = models.ForeignKey(
        "catalog.Service",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("SLA policy rule")
        verbose_name_plural = _("SLA policy rules")

    def __str__(self) -> str:
        return f"#{self.position} → {self.policy}"

    def clean(self) -> None:
        _string_list(self.kinds, "kinds", Kind.values)
        _string_list(self.channels, "channels", Channel.values)
        for field in ("subtypes", "priorities", "plans"):
            _string_list(getattr(self, field), field)

    def matches(self, ticket, *, plan: str | None = None) -> bool:
        """Whether every condition of the rule holds for ``ticket``; ``plan``: the support
        plan in force (default: the organisation's own)."""
        plan = ticket.organisation.plan if plan is None else plan
        return (
            (not self.kinds or ticket.kind in self.kinds)
            and (not self.subtypes or ticket.subtype in self.subtypes)
            and (not self.priorities or ticket.priority in self.priorities)
            and (not self.plans or plan in self.plans)
            and (not self.channels or ticket.channel in self.channels)
            and (self.organisation_id is None or self.organisation_id == ticket.organisation_id)
            and (self.service_id is None or self.service_id == ticket.service_id)
        )


class StartEvent(models.TextChoices):
    CREATED = "created", _("Ticket creation")
    STATE = "state", _("Entering one of the states")
    PREVIOUS_MET = "previous_met", _("The previous target being met")


class MeetEvent(models.TextChoices):
    AGENT_REPLY = "agent_reply", _("An agent's public reply to the requester (S9)")
    STATE = "state", _("Entering one of the states")
    RESOLUTION = "resolution", _("Resolution")


DEFAULT_PAUSE_STATES = [StateCategory.PENDING.value]
# Keys of ``Target.minutes_by_city_class``: the site's city classes (customers.CityClass) and
# ``default``, for a ticket without a site (S6).
CITY_CLASS_KEYS = ("main", "intermediate", "remote", "default")


def default_pause_states() -> list[str]:
    return list(DEFAULT_PAUSE_STATES)


class Target(models.Model):
    """One commitment of a policy: ``minutes`` of business time on ``calendar`` between what
    starts it and what meets it. ``update`` targets recur: each agent reply meets the current
    cycle and starts the next (S8). States are named by code or by category (``pending``)."""

    policy = models.ForeignKey(Policy, on_delete=models.CASCADE, related_name="targets")
    name = models.SlugField(
        _("name"),
        max_length=64,
        help_text=_("first_response, update, resolution, or a stage name such as diagnosis"),
    )
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    minutes = models.DecimalField(
        _("minutes"),
        max_digits=12,
        decimal_places=3,
        validators=[MinValueValidator(Decimal("0.001"))],
    )
    # S6: the minutes by the city class of the ticket's site, ``{"main": 180, "intermediate":
    # 360, "remote": null, "default": 180}`` (null: no fixed target; ``default``: a ticket
    # without a site). Empty: ``minutes`` for every ticket. With it, ``minutes`` is the
    # default's time (the longest class time when the default has none), for display.
    minutes_by_city_class = models.JSONField(
        _("minutes by city class"),
        default=dict,
        blank=True,
        help_text=_(
            'E.g. {"main": 180, "intermediate": 360, "remote": null, "default": 180}; null: no '
            "fixed target. Empty: the minutes above for every ticket."
        ),
    )
    calendar = models.ForeignKey(
        BusinessCalendar,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("calendar"),
        help_text=_("Empty: 24×7."),
    )
    # The calendar of the ticket organisation's support plan (the pack's default plan when
    # it has none), S2; ``calendar`` is then unused.
    calendar_from_plan = models.BooleanField(_("calendar of the support plan"), default=False)
    starts_on = models.CharField(
        _("starts on"), max_length=16, choices=StartEvent.choices, default=StartEvent.CREATED
    )
    start_states = models.JSONField(_("states that start it"), default=list, blank=True)
    meets_on = models.CharField(_("met by"), max_length=16, choices=MeetEvent.choices)
    meet_states = models.JSONField(_("states that meet it"), default=list, blank=True)
    recurring = models.BooleanField(
        _("recurring"),
        default=False,
        help_text=_("Each agent reply meets the current cycle and starts the next (S8)."),
    )
    pause_states = models.JSONField(
        _("states that pause it"), default=default_pause_states, blank=True
    )
    warning_percent = models.PositiveSmallIntegerField(
        _("warning at (% of the time used)"),
        default=80,
        validators=[MaxValueValidator(99)],
        help_text=_("0: no warning."),
    )

    class Meta:
        ordering = ["policy", "position", "id"]
        verbose_name = _("SLA target")
        verbose_name_plural = _("SLA targets")
        constraints = [
            models.UniqueConstraint(fields=["policy", "name"], name="sla_target_unique_name")
        ]

    def __str__(self) -> str:
        return f"{self.policy}: {self.name}"

    def minutes_for(self, city_class: str | None) -> Decimal | None:
        """The minutes for a ticket whose site has ``city_class`` (None: no site); None when
        that class has no fixed target (S6)."""
        by_class = self.minutes_by_city_class
        if not by_class:
            return self.minutes
        value = by_class.get(city_class or "default", by_class.get("default"))
        return None if value is None else Decimal(str(value))

    def clean(self) -> None:
        by_class = self.minutes_by_city_class
        if not isinstance(by_class, dict) or any(
            key not in CITY_CLASS_KEYS
            or not (value is None or (isinstance(value, (int, float)) and value > 0))
            for key, value in by_class.items()
        ):
            raise ValidationError(
                {
                    "minutes_by_city_class": _(
                        "Map main, intermediate, remote and default to minutes (more than zero) "
                        "or null (no fixed target)."
                    )
                },
                code="invalid_city_class_minutes",
            )
        for field in ("start_states", "meet_states", "pause_states"):
            _string_list(getattr(self, field), field)
        if self.starts_on == StartEvent.STATE and not self.start_states:
            raise ValidationError({"start_states": _("Name the states that start the clock.")})
        if self.meets_on == MeetEvent.STATE and not self.meet_states:
            raise ValidationError({"meet_states": _("Name the states that meet the target.")})
        if self.recurring and self.meets_on != MeetEvent.AGENT_REPLY:
            raise ValidationError(
                {"recurring": _("Only targets met by an agent's reply can recur.")}
            )
        if self.starts_on == StartEvent.PREVIOUS_MET and self.policy_id:
            earlier = Target.objects.filter(policy_id=self.policy_id, position__lt=self.position)
            if not earlier.exclude(pk=self.pk).exists():
                raise ValidationError(
                    {"starts_on": _("The first target of a policy has no previous target.")}
                )


class ClockState(models.TextChoices):
    WAITING = "waiting", _("Not started")
    RUNNING = "running", _("Running")
    PAUSED = "paused", _("Paused")
    MET = "met", _("Met")
    BREACHED = "breached", _("Breached")
    STOPPED = "stopped", _("Stopped")


class EndReason(models.TextChoices):
    AGENT_REPLY = "agent_reply", _("Agent's reply")
    STATE = "state", _("State entered")
    RESOLUTION = "resolution", _("Resolution")
    REPLANNED = "replanned", _("Re-planned")


class Clock(models.Model):
    """One target of one ticket (one row per cycle for recurring targets).

    ``due_at`` is ``started_at`` plus ``minutes`` of business time on ``calendar`` ∩
    ``channel_calendar``, skipping ``pauses`` (real-time intervals, S12). While paused
    (``paused_since``) there is no due time. ``next_check_at`` is when the sweep must look
    at the clock next (warning, then breach); ``None`` when nothing is pending.
    """

    ticket = models.ForeignKey("tickets.Ticket", on_delete=models.CASCADE, related_name="clocks")
    target = models.ForeignKey(Target, on_delete=models.PROTECT, related_name="clocks")
    name = models.SlugField(_("target"), max_length=64)
    position = models.PositiveSmallIntegerField(default=0)
    cycle = models.PositiveIntegerField(_("cycle"), default=1)
    # Null: no fixed target (S6: travel to a remote site, "by conditions"): the clock measures
    # the time used and is never due.
    minutes = models.DecimalField(
        _("minutes"), max_digits=12, decimal_places=3, null=True, blank=True
    )
    warning_percent = models.PositiveSmallIntegerField(default=80)
    calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    channel_calendar = models.ForeignKey(
        BusinessCalendar, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    # [{"from": ISO, "to": ISO, "reason": state code or "resolution"}, …]
    pauses = models.JSONField(_("pauses"), default=list, blank=True)
    paused_since = models.DateTimeField(_("paused since"), null=True, blank=True)
    pause_reason = models.CharField(max_length=64, blank=True)
    business_time_used = models.DurationField(_("business time used"), default=timedelta(0))
    warn_at = models.DateTimeField(_("warning at"), null=True, blank=True)
    due_at = models.DateTimeField(_("due at"), null=True, blank=True)
    warned_at = models.DateTimeField(_("warned at"), null=True, blank=True)
    breached_at = models.DateTimeField(_("breached at"), null=True, blank=True)
    met_at = models.DateTimeField(_("met at"), null=True, blank=True)
    stopped_at = models.DateTimeField(_("stopped at"), null=True, blank=True)
    end_reason = models.CharField(max_length=16, choices=EndReason.choices, blank=True)
    next_check_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["ticket", "position", "cycle"]
        verbose_name = _("SLA clock")
        verbose_name_plural = _("SLA clocks")
        constraints = [
            models.UniqueConstraint(
                fields=["ticket", "name", "cycle"], name="sla_clock_unique_cycle"
            )
        ]
        indexes = [
            # The sweep reads only what is due (S10): cost follows the due clocks, not all.
            models.Index(
                fields=["next_check_at"],
                condition=models.Q(next_check_at__isnull=False),
                name="sla_clock_next_check_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.ticket_id}/{self.name}#{self.cycle}"

    # -- reading ------------------------------------------------------------------------------

    @property
    def is_open(self) -> bool:
        return self.met_at is None and self.stopped_at is None

    @property
    def is_started(self) -> bool:
        return self.started_at is not None

    @property
    def is_paused(self) -> bool:
        return self.paused_since is not None

    @property
    def is_running(self) -> bool:
        return self.is_open and self.is_started and not self.is_paused

    def ended_at(self) -> datetime | None:
        return self.met_at or self.stopped_at

    def pause_intervals(self) -> list[tuple[datetime, datetime]]:
        return [
            (datetime.fromisoformat(p["from"]), datetime.fromisoformat(p["to"]))
            for p in self.pauses
        ]

    def business_calendar(self) -> Calendar:
        """The calendar the clock runs on: the target's (24×7 if none) ∩ the channel's."""
        parts = [c.compiled for c in (self.calendar, self.channel_calendar) if c is not None]
        if not parts:
            return Calendar.always()
        result = parts[0]
        for other in parts[1:]:
            result = result.intersect(other)
        return result

    def state(self, now: datetime) -> ClockState:
        if self.met_at is not None:
            return ClockState.MET
        if self.stopped_at is not None:
            return ClockState.STOPPED
        if self.started_at is None:
            return ClockState.WAITING
        if self.paused_since is not None:
            return ClockState.PAUSED
        if self.breached_at is not None or (self.due_at is not None and self.due_at <= now):
            return ClockState.BREACHED
        return ClockState.RUNNING
