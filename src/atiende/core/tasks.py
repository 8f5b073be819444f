"""Housekeeping tasks of the runtime."""

from datetime import timedelta

from django_tasks import task
from django_tasks_db.models import DBTaskResult

from atiende import clock
from atiende.core.models import WorkerHeartbeat
from atiende.core.scheduler import periodic

KEEP_FINISHED_TASKS = timedelta(days=7)
FORGET_SILENT_WORKERS = timedelta(days=1)


@periodic("core.prune", every=timedelta(hours=1))
@task()
def prune() -> dict:
    """Forget finished task results and workers silent for a day."""
    now = clock.now()
    tasks, _ = DBTaskResult.objects.finished().filter(
        finished_at__lt=now - KEEP_FINISHED_TASKS
    ).delete()
    workers, _ = WorkerHeartbeat.objects.filter(seen_at__lt=now - FORGET_SILENT_WORKERS).delete()
    return {"tasks": tasks, "workers": workers}
