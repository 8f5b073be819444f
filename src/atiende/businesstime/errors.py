"""Errors raised by :mod:`atiende.businesstime`."""

from __future__ import annotations


class CalendarError(ValueError):
    """A calendar spec is invalid, or a calendar cannot answer a question.

    ``path`` names the offending field of the spec (for example ``"week.mon[1]"``), or is
    ``""`` when the error is not about one field.
    """

    def __init__(self, path: str, message: str) -> None:
        self.path = path
        self.message = message
        super().__init__(f"{path}: {message}" if path else message)
