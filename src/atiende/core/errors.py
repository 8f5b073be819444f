"""Errors raised by domain actions. Adapters (API, web, CLI) turn them into answers."""


class ActionError(Exception):
    """An action was refused: nothing was changed.

    ``message`` is already translated for the current language; ``field`` names the input
    the message is about, when there is one; ``code`` is stable for programs.
    """

    status = 400

    def __init__(self, message: str, *, code: str, field: str | None = None):
        super().__init__(message)
        self.message = message
        self.code = code
        self.field = field


class Conflict(ActionError):
    """The object changed since the caller read it."""

    status = 409
