"""The only source of the current time.

Every caller that needs "now" asks :func:`now` once per operation and passes the value down.
Tests move time with ``time-machine``.
"""

from datetime import datetime

from django.utils import timezone


def now() -> datetime:
    """Return the current instant as an aware UTC datetime."""
    return timezone.now()
