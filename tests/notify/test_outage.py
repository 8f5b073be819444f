"""Outage: the SMTP server is down while 200 notifications are written; when it returns,
every one of them is delivered, none twice (N5)."""

from collections import Counter
from datetime import UTC, datetime, timedelta

from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.sender import send_until_done
from atiende.tickets.codes import Channel, EventCode
from atiende.tickets.models import HistoryEvent
from tests import factories

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
NOTIFICATIONS = 200
WORKER_EVERY = timedelta(seconds=30)  # the periodic notify.send run
OUTAGE = timedelta(hours=2)


def run_worker(start: datetime, until: datetime) -> int:
    """The periodic task, every 30 s from ``start`` to ``until``; rows handled."""
    handled, moment = 0, start
    while moment <= until:
        handled += send_until_done(moment)
        moment += WORKER_EVERY
    return handled


def test_it_delivers_every_notification_once_after_an_outage(smtp, db, mail_settings):
    smtp.stop()
    org = factories.organisation(language="es")
    requester = factories.contact(org, email="noc@example.com")
    # 200 tickets opened during the first 100 minutes of the outage: 200 acknowledgements.
    for n in range(NOTIFICATIONS):
        factories.ticket(
            org, requester=requester, channel=Channel.PORTAL, now=CURRENT_TIME + n * WORKER_EVERY
        )
    back = CURRENT_TIME + OUTAGE

    attempts_during_outage = run_worker(CURRENT_TIME, back - timedelta(seconds=1))
    assert smtp.messages == []
    assert OutboxMessage.objects.filter(status=OutboxStatus.PENDING).count() == NOTIFICATIONS
    assert attempts_during_outage >= NOTIFICATIONS

    smtp.start()
    run_worker(back, back + timedelta(hours=1, minutes=1))  # the longest back-off is 1 h

    delivered = smtp.by_message_id()
    expected = Counter(
        f"<{mid}>" for mid in OutboxMessage.objects.values_list("message_id", flat=True)
    )
    assert delivered == expected  # every notification, each exactly once
    assert len(delivered) == NOTIFICATIONS
    assert OutboxMessage.objects.filter(status=OutboxStatus.SENT).count() == NOTIFICATIONS
    assert not HistoryEvent.objects.filter(code=EventCode.MAIL_FAILED).exists()
