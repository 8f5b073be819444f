"""Background work of process packs: timed workflow transitions (thin wrapper, T4)."""

from datetime import timedelta

from django_tasks import task

from atiende import clock
from atiende.core.scheduler import periodic


@periodic("packs.timers", every=timedelta(minutes=1))
@task()
def timers() -> int:
    """Apply the timed transitions that came due (e.g. auto-close 48 h after resolved)."""
    from atiende.packs.timers import apply_due

    return apply_due(clock.now())
