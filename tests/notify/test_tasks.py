"""The notify.send task: periodic every 30 s, queued on commit, run by the worker."""

from datetime import timedelta

import time_machine
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from atiende.core import scheduler
from atiende.core.worker import Worker
from atiende.notify import outbox
from atiende.notify.models import OutboxMessage, OutboxStatus
from atiende.notify.tasks import send_outbox
from tests import factories


def test_it_is_registered_as_a_periodic_job_every_30_seconds():
    jobs = {job.name: job for job in scheduler.registered_jobs()}

    assert jobs["notify.send"].every == timedelta(seconds=30)
    assert jobs["notify.send"].task.module_path == send_outbox.module_path


def test_a_new_ticket_queues_the_sender_and_the_worker_delivers_the_acknowledgement(
    smtp, db, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        ticket = factories.ticket(requester=factories.contact(email="noc@example.com"))
    assert DBTaskResult.objects.filter(task_path=send_outbox.module_path).count() == 1

    # The task may run once its short delay has passed (mail committed meanwhile joins it).
    with time_machine.travel(timezone.now() + outbox.KICK_DELAY, tick=False):
        assert Worker(worker_id="test-worker").run_one()

    [received] = smtp.messages
    row = OutboxMessage.objects.get(ticket=ticket)
    assert received.message_id == f"<{row.message_id}>"
    assert row.status == OutboxStatus.SENT
    assert DBTaskResult.objects.get(task_path=send_outbox.module_path).return_value == 1
