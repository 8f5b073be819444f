"""Business-time arithmetic: add and measure time over opening hours, holidays and pauses.

Pure Python (standard library and the ``holidays`` package); nothing here knows about Django.

    >>> from atiende.businesstime import Calendar
    >>> cal = Calendar.from_spec({"timezone": "America/Bogota",
    ...                           "week": {"mon": ["07:30-12:30", "14:00-18:00"]}})

See README.md in this folder for the semantics.
"""

from .calendar import Calendar
from .errors import CalendarError
from .explain import Step, StepKind

__all__ = ["Calendar", "CalendarError", "Step", "StepKind"]
