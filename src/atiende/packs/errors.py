"""Problems found in a pack file, and the error that carries all of them.

Every problem names the file, the line and the path of the value at fault and says how to fix
it::

    wekall.yaml:41: sla.policies[2].targets[0].calendar: unknown calendar "office"; use one of:
    business, always

Messages are gettext strings. This module (like the rest of the format: ``spec``, ``source``,
``validate``) works without Django: when Django's settings are not configured, messages are
given in English.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass


def gettext(message: str) -> str:
    """Django's ``gettext`` when Django is set up, else the English message itself."""
    try:
        from django.conf import settings
        from django.core.exceptions import AppRegistryNotReady
        from django.utils.translation import gettext as django_gettext
    except ImportError:  # pragma: no cover - Django is a dependency of the product
        return message
    if not settings.configured:
        return message
    try:
        return django_gettext(message)
    except AppRegistryNotReady:
        return message


_ = gettext


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong with a pack file. ``line`` is 1-based, 0 when unknown."""

    file: str
    line: int
    path: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.path}: {self.message}" if self.path else f"{where}: {self.message}"


class PackError(ValueError):
    """A pack file is not valid; ``problems`` lists every problem found, in file order."""

    def __init__(self, problems: Sequence[Problem]) -> None:
        self.problems = list(problems)
        super().__init__("\n".join(str(problem) for problem in self.problems))


def show(value: object) -> str:
    """A value as the pack's author wrote it: ``"text"``, ``5``, ``true``, ``[a, b]``."""
    import json

    if isinstance(value, str):
        return f'"{value}"'
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return _("nothing (null)")
    try:
        text = json.dumps(value, ensure_ascii=False, default=str)
    except (TypeError, ValueError):  # pragma: no cover
        text = str(value)
    return text if len(text) <= 60 else text[:57] + "…"


def format_path(loc: Iterable[str | int]) -> str:
    """``("sla", "policies", 2, "when")`` → ``sla.policies[2].when``."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def one_of(choices: Iterable[str]) -> str:
    """``business, always`` (sorted as given), or a note that there is nothing to choose."""
    names = [str(choice) for choice in choices]
    return ", ".join(names) if names else _("(none defined)")


def did_you_mean(word: str, choices: Iterable[str]) -> str:
    """`` (did you mean "busines"?)`` when a choice is close to ``word``, else ``""``."""
    names = [str(c) for c in choices]
    word = str(word)
    prefixed = [name for name in names if word and name.startswith(word)]
    close = prefixed[:1] or difflib.get_close_matches(word, names, n=1)
    if not close:
        return ""
    return " " + _('(did you mean "%(name)s"?)') % {"name": close[0]}
