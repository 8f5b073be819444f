"""The pack file format as pydantic models (docs/packs.md is the reference for people).

Field names are the YAML keys. Every model forbids unknown keys. After validation:

- durations (``"90m"``, ``"6h"``, ``"1h30m"``, ``"3d"``, or a number of minutes) are
  :class:`~decimal.Decimal` minutes;
- ``calendars`` values are :mod:`atiende.businesstime` specs (dicts): ``24x7`` is expanded and a
  calendar without ``timezone`` gets the pack's ``time_zone``;
- translated texts are ``dict[str, str]`` (language → text);
- defaults that depend on other keys are filled in: a target's ``met_by`` (from its name),
  ``recurring`` (``update`` targets) and ``warning_percent`` (``sla.warning_percent``).

Types, formats and unknown keys are checked here; names that refer to other parts of the pack
and every rule across keys are checked by :mod:`atiende.packs.validate`. Read files with
:func:`atiende.packs.source.read_pack`, which runs both and reports every problem with its line.
"""

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Annotated, Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    PlainSerializer,
    PlainValidator,
    WithJsonSchema,
    model_validator,
)

from atiende.businesstime.spec import WEEKDAYS

from .errors import _, show

FORMAT_VERSION = 1

LANGUAGES = ("es", "en")
KINDS = ("incident", "request", "problem")
CHANNELS = ("phone", "email", "portal", "whatsapp", "api", "web", "field")
STATE_CATEGORIES = ("new", "open", "pending", "resolved", "closed")
TIERS = ("level1", "level2", "specialised", "external")
CITY_CLASSES = ("main", "intermediate", "remote")
ACCOUNT_STATUSES = ("debt", "suspended")
REQUIRED_FIELDS = (
    "subject",
    "description",
    "requester",
    "contact",
    "service",
    "site",
    "subtype",
    "urgency",
    "impact",
    "priority",
)
DEFAULT_REQUIRED = ["subject", "description", "requester", "contact"]  # T8
# What meets a target when ``met_by`` is left out, by target name (S9).
DEFAULT_MET_BY = {
    "first_response": "agent_reply",
    "update": "agent_reply",
    "resolution": "resolution",
}
# The calendar name a target uses for "the calendar of the organisation's plan" (S2).
PLAN_CALENDAR = "plan"
ALWAYS = "24x7"
# Notification events; ``state.<state name>`` (a ticket enters the state) and
# ``stage.<target name>`` (the SLA target is met) are allowed besides these.
EVENTS = (
    "ticket.created",
    "ticket.replied",
    "ticket.escalated",
    "ticket.resolved",
    "ticket.reopened",
    "ticket.closed",
    "sla.warning",
    "sla.breached",
    "major_incident.opened",
    "major_incident.update",
    "major_incident.resolved",
    "maintenance.scheduled",
    "maintenance.reminder",
    "survey.requested",
)
# Recipients of a notification; ``list:<name>`` and ``role:<name>`` are allowed besides these.
RECIPIENTS = ("requester", "contacts", "assignee", "group", "subscribers")
# Templates that ship with the desk (notify/templates); a pack may define more in ``templates``.
BUILTIN_TEMPLATES = ("acknowledgement", "reply")
# What a template's ``{placeholder}`` may name.
TEMPLATE_PLACEHOLDERS = ("number", "subject", "organisation", "state", "due_at")
# Domains reserved for examples (RFC 2606): the only ones a pack may name in an address.
EXAMPLE_DOMAINS = ("example.com", "example.org", "example.net")


# ---------------------------------------------------------------------------------------------
# Scalar types


_NAME_RE = re.compile(r"^[a-z][a-z0-9_-]{0,63}$")
_SLUG_RE = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_DURATION_RE = re.compile(
    r"^(?P<sign>-)?\s*(?:(?P<d>\d+(?:\.\d+)?)\s*d)?\s*(?:(?P<h>\d+(?:\.\d+)?)\s*h)?"
    r"\s*(?:(?P<m>\d+(?:\.\d+)?)\s*m)?$"
)
_NUMBER_RE = re.compile(r"^-?\d+(?:\.\d+)?$")
_HOURS_RE = re.compile(r"^(\d{2}):(\d{2})-(\d{2}):(\d{2})$")
_EMAIL_RE = re.compile(r"^[A-Za-z0-9._%+-]+@([A-Za-z0-9-]+\.)+[A-Za-z]{2,}$")
_URL_RE = re.compile(r"^https?://[^\s/$.?#][^\s]*$")


def _check_name(value: Any) -> str:
    if not isinstance(value, str):
        raise ValueError(_("expected a name (text), got %(value)s") % {"value": show(value)})
    if not _NAME_RE.match(value):
        raise ValueError(
            _(
                '"%(value)s" is not a valid name; use lower-case letters, digits, "_" and "-", '
                "starting with a letter (at most 64), e.g. first_response"
            )
            % {"value": value}
        )
    return value


def _check_slug(value: Any) -> str:
    if not isinstance(value, str) or not _SLUG_RE.match(value):
        raise ValueError(
            _(
                '"%(value)s" is not a valid pack name; use lower-case letters, digits and "-", '
                "starting with a letter, e.g. wekall"
            )
            % {"value": value}
        )
    return value


def parse_duration(value: Any) -> Decimal:
    """``"1h30m"`` → ``Decimal(90)``; a number is minutes; ``d`` is 24 hours of real time."""
    if isinstance(value, bool) or value is None:
        raise ValueError(_duration_hint(value))
    if isinstance(value, (int, float, Decimal)):
        number = Decimal(str(value))
        if not number.is_finite():
            raise ValueError(_duration_hint(value))
        return number
    if not isinstance(value, str):
        raise ValueError(_duration_hint(value))
    text = value.strip().lower()
    if _NUMBER_RE.match(text):
        return Decimal(text)
    match = _DURATION_RE.match(text)
    if not text or match is None or not any(match.group(unit) for unit in "dhm"):
        raise ValueError(_duration_hint(value))
    try:
        minutes = (
            Decimal(match.group("d") or 0) * 1440
            + Decimal(match.group("h") or 0) * 60
            + Decimal(match.group("m") or 0)
        )
    except InvalidOperation:  # pragma: no cover - the pattern only lets numbers through
        raise ValueError(_duration_hint(value)) from None
    return -minutes if match.group("sign") else minutes


def _duration_hint(value: Any) -> str:
    return _(
        '%(value)s is not a duration; write e.g. "90m", "6h", "1h30m", "3d" or a number of minutes'
    ) % {"value": show(value)}


def format_duration(minutes: Decimal) -> str:
    """``Decimal(90)`` → ``"1h30m"``; parses back to the same value."""
    minutes = Decimal(minutes)
    sign = "-" if minutes < 0 else ""
    minutes = abs(minutes)
    if minutes != minutes.to_integral_value():
        return f"{sign}{_plain(minutes)}m"
    whole = int(minutes)
    hours, rest = divmod(whole, 60)
    if whole == 0:
        return "0m"
    text = (f"{hours}h" if hours else "") + (f"{rest}m" if rest else "")
    return sign + text


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


def _positive(value: Decimal) -> Decimal:
    if value <= 0:
        raise ValueError(
            _("must be more than zero, got %(value)s") % {"value": format_duration(value)}
        )
    return value


def _not_negative(value: Decimal) -> Decimal:
    if value < 0:
        raise ValueError(
            _("must not be negative, got %(value)s") % {"value": format_duration(value)}
        )
    return value


# A target's time for a city class (S6) that has no fixed figure ("by conditions").
NO_FIXED_TIME = "none"


def _city_time(value: Any) -> Decimal | str:
    """A positive duration, or ``none``: no fixed target for that city class (S6)."""
    if isinstance(value, str) and value.strip().lower() == NO_FIXED_TIME:
        return NO_FIXED_TIME
    try:
        minutes = parse_duration(value)
    except ValueError:
        raise ValueError(
            _(
                '%(value)s is neither a duration ("6h") nor none (no fixed target for this '
                "city class)"
            )
            % {"value": show(value)}
        ) from None
    return _positive(minutes)


def _city_time_out(value: Decimal | str) -> str:
    return value if isinstance(value, str) else format_duration(value)


def _number_out(value: Decimal) -> int | str:
    return int(value) if value == value.to_integral_value() else _plain(value)


def _check_zone(value: Any) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(
            _("expected an IANA time zone name such as America/Bogota, got %(value)s")
            % {"value": show(value)}
        )
    try:
        ZoneInfo(value)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        raise ValueError(
            _('unknown time zone "%(value)s"; use an IANA name such as America/Bogota or UTC')
            % {"value": value}
        ) from None
    return value


def _check_email(value: Any) -> str:
    if not isinstance(value, str) or not _EMAIL_RE.match(value):
        raise ValueError(
            _("%(value)s is not an e-mail address; write e.g. supervisor@example.com")
            % {"value": show(value)}
        )
    domain = value.rsplit("@", 1)[1].lower()
    if not any(domain == d or domain.endswith("." + d) for d in EXAMPLE_DOMAINS):
        raise ValueError(
            _(
                '"%(value)s": a pack names roles, never people; use an address at '
                "example.com (e.g. supervisor@example.com) and set the real one in the desk"
            )
            % {"value": value}
        )
    return value


def _check_url(value: Any) -> str:
    if not isinstance(value, str) or not _URL_RE.match(value):
        raise ValueError(
            _(
                "%(value)s is not a URL; write e.g. "
                "https://billing.example.com/status/{organisation}"
            )
            % {"value": show(value)}
        )
    return value


def _check_hours(value: Any) -> str:
    """``"22:00-06:00"``: a window of the day that may cross midnight."""
    hint = _('write "HH:MM-HH:MM", e.g. "22:00-06:00" (it may cross midnight)')
    if not isinstance(value, str):
        raise ValueError(
            _("expected text, got %(value)s; %(hint)s") % {"value": show(value), "hint": hint}
        )
    match = _HOURS_RE.match(value.strip())
    if match is None:
        raise ValueError(
            _('"%(value)s" is not a time window; %(hint)s') % {"value": value, "hint": hint}
        )
    h1, m1, h2, m2 = (int(g) for g in match.groups())
    if h1 > 23 or h2 > 24 or m1 > 59 or m2 > 59 or (h2 == 24 and m2 != 0):
        raise ValueError(
            _('"%(value)s" has a time that is not a time of day; use 00:00 to 23:59')
            % {"value": value}
        )
    start, end = h1 * 60 + m1, (h2 * 60 + m2) % 1440
    if start == end and not (start == 0 and h2 == 24):
        raise ValueError(
            _('"%(value)s" starts and ends at the same time; %(hint)s')
            % {"value": value, "hint": hint}
        )
    return value.strip()


def _one_or_many(value: Any) -> Any:
    return [value] if isinstance(value, str) else value


@dataclass(frozen=True)
class Threshold:
    """When an escalation level is due: a share of the target used, or a time after the breach
    check starts (``percent`` or ``minutes``, exactly one is set)."""

    percent: Decimal | None = None
    minutes: Decimal | None = None


def _parse_threshold(value: Any) -> Threshold:
    if isinstance(value, Threshold):
        return value
    if isinstance(value, str) and value.strip().endswith("%"):
        text = value.strip()[:-1].strip()
        if _NUMBER_RE.match(text) and Decimal(text) > 0:
            return Threshold(percent=Decimal(text))
        raise ValueError(
            _('"%(value)s" is not a share of the target; write e.g. "100%%" or "150%%"')
            % {"value": value}
        )
    try:
        minutes = parse_duration(value)
    except ValueError:
        raise ValueError(
            _('%(value)s is neither a share of the target ("100%%") nor a duration ("2h")')
            % {"value": show(value)}
        ) from None
    return Threshold(minutes=_positive(minutes))


def _threshold_out(value: Threshold) -> str:
    if value.percent is not None:
        return f"{_plain(value.percent)}%"
    return format_duration(value.minutes or Decimal(0))


def _calendar_value(value: Any) -> Any:
    """``24x7`` → an always-open week (the pack's zone is filled in by :class:`PackSpec`)."""
    if isinstance(value, str):
        if value.strip().lower() == ALWAYS:
            return {"week": {day: ["00:00-24:00"] for day in WEEKDAYS}}
        raise ValueError(
            _(
                '"%(value)s" is not a calendar; write 24x7 or a mapping with timezone, week, '
                "holidays, closed and open"
            )
            % {"value": value}
        )
    if not isinstance(value, dict):
        raise ValueError(
            _("expected 24x7 or a calendar mapping (timezone, week, …), got %(value)s")
            % {"value": show(value)}
        )
    return value


_DURATION_SCHEMA = {
    "anyOf": [
        {"type": "number"},
        {
            "type": "string",
            "pattern": r"^-?\s*(\d+(\.\d+)?\s*d)?\s*(\d+(\.\d+)?\s*h)?\s*(\d+(\.\d+)?\s*m)?$",
        },
    ],
    "description": 'A duration: "90m", "6h", "1h30m", "3d" (calendar days) or minutes.',
}

Name = Annotated[
    str,
    PlainValidator(_check_name),
    WithJsonSchema({"type": "string", "pattern": _NAME_RE.pattern}),
]
Slug = Annotated[
    str,
    PlainValidator(_check_slug),
    WithJsonSchema({"type": "string", "pattern": _SLUG_RE.pattern}),
]
Duration = Annotated[
    Decimal,
    PlainValidator(parse_duration),
    PlainSerializer(format_duration, return_type=str),
    WithJsonSchema(_DURATION_SCHEMA),
]
PositiveDuration = Annotated[Duration, AfterValidator(_positive)]
NonNegativeDuration = Annotated[Duration, AfterValidator(_not_negative)]
Money = Annotated[
    Decimal,
    Field(ge=0),
    PlainSerializer(_number_out),
]
TimeZone = Annotated[
    str,
    PlainValidator(_check_zone),
    WithJsonSchema({"type": "string", "examples": ["America/Bogota"]}),
]
Email = Annotated[
    str, PlainValidator(_check_email), WithJsonSchema({"type": "string", "format": "email"})
]
Url = Annotated[
    str, PlainValidator(_check_url), WithJsonSchema({"type": "string", "format": "uri"})
]
HourRange = Annotated[
    str,
    PlainValidator(_check_hours),
    WithJsonSchema({"type": "string", "pattern": _HOURS_RE.pattern}),
]
Percent = Annotated[int, Field(ge=0, le=99)]
CityTime = Annotated[
    Decimal | str,
    PlainValidator(_city_time),
    PlainSerializer(_city_time_out, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"const": NO_FIXED_TIME}, _DURATION_SCHEMA],
            "description": 'A duration ("6h"), or "none": no fixed target for the city class.',
        }
    ),
]


def _one_or_many_schema(item: dict[str, Any]) -> WithJsonSchema:
    return WithJsonSchema({"anyOf": [item, {"type": "array", "items": item}]})


_NAME_SCHEMA = {"type": "string", "pattern": _NAME_RE.pattern}
NameList = Annotated[list[Name], BeforeValidator(_one_or_many), _one_or_many_schema(_NAME_SCHEMA)]
Language = Literal["es", "en"]
KindName = Literal["incident", "request", "problem"]
ChannelName = Literal["phone", "email", "portal", "whatsapp", "api", "web", "field"]
KindList = Annotated[
    list[KindName], BeforeValidator(_one_or_many), _one_or_many_schema({"enum": list(KINDS)})
]
ChannelList = Annotated[
    list[ChannelName],
    BeforeValidator(_one_or_many),
    _one_or_many_schema({"enum": list(CHANNELS)}),
]
ThresholdValue = Annotated[
    Threshold,
    PlainValidator(_parse_threshold),
    PlainSerializer(_threshold_out, return_type=str),
    WithJsonSchema(
        {
            "anyOf": [{"type": "string", "pattern": r"^\d+(\.\d+)?%$"}, _DURATION_SCHEMA],
            "description": 'A share of the target used ("100%") or a duration ("2h").',
        }
    ),
]
CalendarValue = Annotated[
    dict[str, Any],
    BeforeValidator(_calendar_value),
    WithJsonSchema(
        {
            "anyOf": [
                {"const": "24x7"},
                {
                    "type": "object",
                    "properties": {
                        "timezone": {"type": "string"},
                        "week": {
                            "type": "object",
                            "propertyNames": {"enum": list(WEEKDAYS)},
                            "additionalProperties": {"type": "array", "items": {"type": "string"}},
                        },
                        "holidays": {
                            "type": "object",
                            "properties": {
                                "country": {"type": "string"},
                                "subdivision": {"type": "string"},
                            },
                            "required": ["country"],
                            "additionalProperties": False,
                        },
                        "closed": {"type": "array", "items": {"type": "string", "format": "date"}},
                        "open": {"type": "array", "items": {"type": "string", "format": "date"}},
                        "intersection": {"type": "array", "items": {"type": "object"}},
                    },
                    "additionalProperties": False,
                },
            ]
        }
    ),
]


class TextMarker:
    """Marks a field as a translated text (every language of the pack is required)."""

    def __repr__(self) -> str:
        return "TextMarker()"


TEXT = TextMarker()
Text = Annotated[dict[Language, Annotated[str, Field(min_length=1)]], TEXT]


# ---------------------------------------------------------------------------------------------
# Models


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True, validate_default=False)


class Span(Strict):
    """An amount of time counted in one unit: business days or hours on a calendar, or
    calendar days or hours (K2 lead times, N4 notices)."""

    business_days: Annotated[int, Field(gt=0)] | None = None
    business_hours: Annotated[Decimal, Field(gt=0), PlainSerializer(_number_out)] | None = None
    days: Annotated[int, Field(gt=0)] | None = None
    hours: Annotated[Decimal, Field(gt=0), PlainSerializer(_number_out)] | None = None
    calendar: Name | None = None

    @model_validator(mode="after")
    def _one_unit(self) -> "Span":
        units = [
            u
            for u in ("business_days", "business_hours", "days", "hours")
            if getattr(self, u) is not None
        ]
        if len(units) != 1:
            raise ValueError(
                _(
                    "give exactly one of business_days, business_hours, days or hours, "
                    "e.g. {business_days: 5, calendar: business}"
                )
            )
        business = units[0].startswith("business_")
        if business and self.calendar is None:
            raise ValueError(
                _("%(unit)s are counted on a calendar: add calendar, e.g. calendar: business")
                % {"unit": units[0]}
            )
        if not business and self.calendar is not None:
            raise ValueError(
                _("%(unit)s are real time: remove calendar, or count business_days/business_hours")
                % {"unit": units[0]}
            )
        return self

    @property
    def unit(self) -> str:
        for unit in ("business_days", "business_hours", "days", "hours"):
            if getattr(self, unit) is not None:
                return unit
        raise AssertionError("validated Span without a unit")  # pragma: no cover

    @property
    def amount(self) -> Decimal:
        return Decimal(getattr(self, self.unit))


class BillingRange(Strict):
    min: Money = Decimal(0)
    max: Money | None = None


class Plan(Strict):
    """A support plan (S2): decides the calendar of the organisations on it."""

    name: Name
    label: Text | None = None
    calendar: Name
    monthly_billing: BillingRange | None = None


class Service(Strict):
    """A service of the provider's catalogue (R1) with its monthly availability target (S11)."""

    name: Name
    label: Text | None = None
    description: Text | None = None
    availability_target: Annotated[
        Decimal, Field(gt=0, le=100, decimal_places=3), PlainSerializer(_number_out)
    ] = Decimal("99.9")


class Numbering(Strict):
    """Case-number prefix of a kind (T1); kinds with the same prefix share one sequence."""

    prefix: Annotated[str, Field(pattern=r"^[A-Z][A-Z0-9]{0,15}$")]
    padding: Annotated[int, Field(ge=1, le=12)] = 6


class Match(Strict):
    """Conditions on a ticket; each list empty = any, several lists = all must match."""

    kinds: KindList = []
    subtypes: NameList = []
    priorities: NameList = []
    plans: NameList = []


class When(Match):
    channels: ChannelList = []


class ChannelRule(Strict):
    """C4, R4: what happens to a ticket of this kind / priority arriving on this channel."""

    when: Match = Match()
    action: Literal["flag", "refuse"]
    message: Text


class ChannelSpec(Strict):
    name: ChannelName
    label: Text | None = None
    calendar: Name | None = None
    rules: list[ChannelRule] = []


class EmailIntake(Strict):
    unknown_sender: Literal["create", "reject"] = "create"
    closed_ticket: Literal["new", "reopen"] = "new"
    thread_window_days: Annotated[int, Field(ge=1, le=365)] = 14


class Subtype(Strict):
    name: Name
    label: Text | None = None
    lead_time: Span | None = None
    office_hours: bool = False
    workflow: Name | None = None


class KindSpec(Strict):
    label: Text | None = None
    required: list[Literal[REQUIRED_FIELDS]] = Field(default_factory=lambda: list(DEFAULT_REQUIRED))  # type: ignore[valid-type]
    workflow: Name
    subtypes: list[Subtype] = []


class Level(Strict):
    name: Name
    label: Text | None = None
    description: Text | None = None


class Priorities(Strict):
    """A plain list of priorities, or an urgency × impact matrix (T3)."""

    list_: list[Level] | None = Field(default=None, alias="list")
    urgencies: list[Level] | None = None
    impacts: list[Level] | None = None
    levels: list[Level] | None = None
    matrix: dict[Name, dict[Name, Name]] | None = None
    default: Name | None = None

    @property
    def is_matrix(self) -> bool:
        return self.list_ is None

    @property
    def default_name(self) -> str | None:
        """``default``, or the least urgent priority when it is left out."""
        names = self.names
        return self.default or (names[-1] if names else None)

    @property
    def names(self) -> list[str]:
        """Priority names, most urgent first."""
        return [
            level.name for level in (self.list_ if self.list_ is not None else self.levels or [])
        ]


class StateSpec(Strict):
    name: Name
    category: Literal["new", "open", "pending", "resolved", "closed"]
    label: Text | None = None


class TransitionSpec(Strict):
    """Allowed moves: manual (an agent), on an event, or after a time in the state (T4)."""

    from_: NameList = Field(alias="from")
    to: NameList
    on: Literal["agent_reply", "customer_reply"] | None = None
    after: PositiveDuration | None = None


class WorkflowSpec(Strict):
    name: Name
    label: Text | None = None
    states: list[StateSpec]
    transitions: list[TransitionSpec] = []

    @property
    def initial(self) -> StateSpec | None:
        return self.states[0] if self.states else None


def _event(value: Any) -> Any:
    return {"on": value} if isinstance(value, str) else value


def _event_schema(events: tuple[str, ...]) -> WithJsonSchema:
    names = {"anyOf": [_NAME_SCHEMA, {"type": "array", "items": _NAME_SCHEMA}]}
    return WithJsonSchema(
        {
            "anyOf": [
                {"enum": [e for e in events if e != "state"]},
                {
                    "type": "object",
                    "properties": {"on": {"enum": list(events)}, "states": names},
                    "required": ["on"],
                    "additionalProperties": False,
                },
            ]
        }
    )


class StartSpec(Strict):
    on: Literal["created", "previous_met", "state"]
    states: NameList = []


class MeetSpec(Strict):
    on: Literal["agent_reply", "resolution", "state"]
    states: NameList = []


class ByCityClass(Strict):
    """A target's time by the city class of the ticket's site (S6: field travel).

    ``none`` is no fixed target for that class; ``default`` is the time of a ticket without a
    site (left out: the ``main`` time).
    """

    main: CityTime
    intermediate: CityTime
    remote: CityTime
    default: CityTime | None = None

    @model_validator(mode="after")
    def _default(self) -> "ByCityClass":
        if self.default is None:
            self.default = self.main
        return self

    def minutes(self) -> dict[str, Decimal | None]:
        """``{"main": Decimal(180), …, "remote": None, "default": …}`` (None: no fixed time)."""
        return {
            key: None if value == NO_FIXED_TIME else Decimal(value)
            for key, value in (
                ("main", self.main),
                ("intermediate", self.intermediate),
                ("remote", self.remote),
                ("default", self.default),
            )
        }


class TargetSpec(Strict):
    """One commitment: ``within`` business time on ``calendar`` from ``starts`` to ``met_by``.

    ``within_by_city_class`` (instead of ``within``) gives the time by the city class of the
    ticket's site (S6).
    """

    name: Name
    label: Text | None = None
    within: PositiveDuration | None = None
    within_by_city_class: ByCityClass | None = None
    calendar: Name | None = None
    starts: Annotated[
        StartSpec, BeforeValidator(_event), _event_schema(("created", "previous_met", "state"))
    ] = StartSpec(on="created")
    met_by: (
        Annotated[
            MeetSpec,
            BeforeValidator(_event),
            _event_schema(("agent_reply", "resolution", "state")),
        ]
        | None
    ) = None
    pause_states: NameList = Field(default_factory=lambda: ["pending"])
    warning_percent: Percent | None = None
    recurring: bool | None = None

    @model_validator(mode="after")
    def _defaults(self) -> "TargetSpec":
        if self.met_by is None and self.name in DEFAULT_MET_BY:
            self.met_by = MeetSpec(on=DEFAULT_MET_BY[self.name])
        if self.recurring is None:
            self.recurring = self.name == "update"
        return self


class PolicySpec(Strict):
    name: Name
    label: Text | None = None
    when: When = When()
    channel_calendars: dict[ChannelName, Name] = {}
    targets: Annotated[list[TargetSpec], Field(min_length=1)]


class Sla(Strict):
    warning_percent: Percent = 80
    policies: list[PolicySpec] = []


class Group(Strict):
    name: Name
    tier: Literal["level1", "level2", "specialised", "external"]
    label: Text | None = None
    email: Email | None = None


class HierarchicalLevel(Strict):
    level: Annotated[int, Field(ge=1)]
    role: Name
    after: ThresholdValue


class OffHours(Strict):
    role: Name
    calendar: Name


class EscalationContact(Strict):
    role: Name
    email: Email


class Escalation(Strict):
    functional: NameList = []
    hierarchical: list[HierarchicalLevel] = []
    off_hours: OffHours | None = None
    contacts: list[EscalationContact] = []


class Template(Strict):
    subject: Text
    body: Text


class Notification(Strict):
    event: str
    when: Match = Match()
    to: Annotated[
        list[str],
        Field(min_length=1),
        BeforeValidator(_one_or_many),
        _one_or_many_schema({"type": "string"}),
    ]
    template: Name


class Emergency(Strict):
    allowed: bool = True
    notice: Span | None = None


class Maintenance(Strict):
    notice: Span
    notice_max: Span | None = None
    allowed_hours: Annotated[list[HourRange], Field(min_length=1)]
    time_zone: TimeZone | None = None
    emergency: Emergency | None = None
    acknowledgement: Span | None = None


class HttpCheck(Strict):
    url: Url
    timeout: Annotated[int, Field(ge=1, le=60)] = 5
    on_error: Literal["open", "refuse"] = "open"


class AccountCheck(Strict):
    kinds: KindList = Field(default_factory=lambda: ["incident", "request"])
    source: Literal["field", "http"] = "field"
    blocked: list[Literal["debt", "suspended"]] = Field(
        default_factory=lambda: ["debt", "suspended"]
    )
    message: Text
    http: HttpCheck | None = None


class Travel(Strict):
    min: NonNegativeDuration | None = None
    max: PositiveDuration | None = None
    by_conditions: bool = False


class Dispatch(Strict):
    calendar: Name | None = None
    travel: dict[Literal["main", "intermediate", "remote"], Travel] = {}


class Rate(Strict):
    name: Name
    label: Text | None = None
    per_hour: Annotated[Decimal, Field(gt=0), PlainSerializer(_number_out)]
    minimum: PositiveDuration | None = None
    outside: Name | None = None
    tiers: list[Literal["level1", "level2", "specialised", "external"]] = []
    kinds: KindList = []


class Billing(Strict):
    currency: Annotated[str, Field(pattern=r"^[A-Z]{3}$")]
    rates: list[Rate] = []


class Scale(Strict):
    min: int = 1
    max: int = 5


class Question(Strict):
    name: Name
    text: Text
    type: Literal["scale", "yes_no", "text"] = "scale"
    scale: Scale | None = None


class Survey(Strict):
    when: Literal["resolved", "closed"] = "resolved"
    kinds: KindList = []
    questions: Annotated[list[Question], Field(min_length=1)]


class PackSpec(Strict):
    """A whole pack file."""

    pack: Literal[1]
    name: Slug
    display_name: Annotated[str, Field(min_length=1, max_length=200)]
    description: Text | None = None
    languages: Annotated[list[Language], Field(min_length=1)]
    time_zone: TimeZone
    calendars: dict[Name, CalendarValue] = {}
    plans: list[Plan] = []
    default_plan: Name | None = None
    services: list[Service] = []
    numbering: dict[KindName, Numbering] = {}
    channels: list[ChannelSpec] = []
    email: EmailIntake | None = None
    kinds: Annotated[dict[KindName, KindSpec], Field(min_length=1)]
    priorities: Priorities
    workflows: Annotated[list[WorkflowSpec], Field(min_length=1)]
    sla: Sla = Sla()
    groups: list[Group] = []
    escalation: Escalation | None = None
    templates: dict[Name, Template] = {}
    notifications: list[Notification] = []
    maintenance: Maintenance | None = None
    account_check: AccountCheck | None = None
    dispatch: Dispatch | None = None
    billing: Billing | None = None
    survey: Survey | None = None

    @model_validator(mode="after")
    def _fill_defaults(self) -> "PackSpec":
        for spec in self.calendars.values():
            if "intersection" not in spec and "timezone" not in spec:
                spec["timezone"] = self.time_zone
        for policy in self.sla.policies:
            for target in policy.targets:
                if target.warning_percent is None:
                    target.warning_percent = self.sla.warning_percent
        return self

    # -- helpers for the loader and the runtime ----------------------------------------------

    def to_yaml_data(self) -> dict[str, Any]:
        """The canonical plain data (YAML/JSON types only): for export and digests.

        ``read_pack_text(yaml.dump(spec.to_yaml_data()))`` gives an equal spec.
        """
        return self.model_dump(mode="json", by_alias=True, exclude_none=True)

    def workflow(self, name: str) -> WorkflowSpec | None:
        return next((w for w in self.workflows if w.name == name), None)

    def policy(self, name: str) -> PolicySpec | None:
        return next((p for p in self.sla.policies if p.name == name), None)

    def plan(self, name: str) -> Plan | None:
        return next((p for p in self.plans if p.name == name), None)

    def channel(self, name: str) -> ChannelSpec | None:
        return next((c for c in self.channels if c.name == name), None)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a pack file (validation mode: what may be written)."""
    schema = PackSpec.model_json_schema(by_alias=True, mode="validation")
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "Atiende process pack"
    return schema
