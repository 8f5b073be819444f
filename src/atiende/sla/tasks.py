"""Background work of the SLA: the periodic sweep (thin wrapper, see :mod:`atiende.sla.sweep`)."""

from datetime import timedelta

from django_tasks import task

from atiende import clock
from atiende.core.scheduler import periodic
from atiende.sla.sweep import sweep_until_done


@periodic("sla.sweep", every=timedelta(minutes=1))
@task()
def sweep() -> int:
    """Raise the SLA warnings and breaches that came due; return how many clocks were due."""
    return sweep_until_done(clock.now())
