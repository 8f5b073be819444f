"""Housekeeping tasks of the runtime (periodic; see :mod:`atiende.core.scheduler`)."""

from datetime import datetime, timedelta

from django_tasks import TaskResultStatus, task
from django_tasks_db.models import DBTaskResult

from atiende import clock
from atiende.core.models import WorkerHeartbeat
from atiende.core.scheduler import periodic

KEEP_FINISHED_TASKS = timedelta(days=7)
FORGET_SILENT_WORKERS = timedelta(days=1)
# A worker beats every 15 s from its own thread, also while a task runs; one silent this long
# has died. (``atiende worker --once`` beats between tasks: keep its tasks shorter than this.)
ABANDONED_AFTER = timedelta(minutes=10)


def prune_runtime_rows(now: datetime) -> dict:
    """Forget finished task results after a week and workers silent for a day."""
    tasks, _ = (
        DBTaskResult.objects.finished().filter(finished_at__lt=now - KEEP_FINISHED_TASKS).delete()
    )
    workers, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_SILENT_WORKERS).delete()
    return {"tasks": tasks, "workers": workers}


def requeue_abandoned_tasks(now: datetime) -> list[str]:
    """Put back in the queue the tasks left running by a worker that died; return their ids.

    Only tasks whose worker is known (it wrote heartbeats) and has been silent for
    ``ABANDONED_AFTER`` are touched: a task run by a live worker, or by a worker that does not
    write heartbeats, is never run twice at the same time. Tasks must therefore be safe to
    run again (they are: each checks the rows it works on).
    """
    silent = set(
        WorkerHeartbeat.objects.filter(seen_at__lt=now - ABANDONED_AFTER).values_list(
            "worker_id", flat=True
        )
    )
    if not silent:
        return []
    running = DBTaskResult.objects.running().only("id", "worker_ids")
    abandoned = [row.id for row in running if row.worker_ids and row.worker_ids[-1] in silent]
    if abandoned:
        DBTaskResult.objects.filter(id__in=abandoned, status=TaskResultStatus.RUNNING).update(
            status=TaskResultStatus.READY, started_at=None
        )
    return [str(pk) for pk in abandoned]


@periodic("core.prune", every=timedelta(hours=1))
@task()
def prune() -> dict:
    return prune_runtime_rows(clock.now())


@periodic("core.requeue_abandoned", every=timedelta(minutes=1))
@task()
def requeue_abandoned() -> list[str]:
    return requeue_abandoned_tasks(clock.now())
