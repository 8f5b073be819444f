"""Background work of notify: the outbox sender (thin wrapper, see :mod:`atiende.notify.sender`)."""

from datetime import timedelta

from django_tasks import task

from atiende import clock
from atiende.core.scheduler import periodic
from atiende.notify.sender import send_until_done


@periodic("notify.send", every=timedelta(seconds=30))
@task()
def send_outbox() -> int:
    """Send the mail that is due; also queued on the commit of every new outbox row."""
    return send_until_done(clock.now())
