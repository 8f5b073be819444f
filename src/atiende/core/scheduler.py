"""Periodic jobs that are safe when several schedulers run at once.

A job is a registered task and an interval. Each scheduler tick claims a due job with one
conditional UPDATE (``next_run_at <= now``); only the scheduler whose update changed the row
enqueues the task, so two schedulers never enqueue the same run twice.
"""

from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction

from atiende.core.models import PeriodicJob


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: object  # a django_tasks Task


_REGISTRY: dict[str, Job] = {}


def periodic(name: str, every: timedelta):
    """Register a django_tasks task to be enqueued every ``every``."""

    def register(task):
        _REGISTRY[name] = Job(name=name, every=every, task=task)
        return task

    return register


def registered_jobs() -> list[Job]:
    return list(_REGISTRY.values())


def _ensure_row(job: Job, now: datetime) -> None:
    if PeriodicJob.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            PeriodicJob.objects.create(name=job.name, next_run_at=now)
    except IntegrityError:
        pass  # another scheduler created it first


def claim(job: Job, now: datetime, worker_id: str) -> bool:
    """Claim the due run of ``job``; True when this caller won it."""
    _ensure_row(job, now)
    updated = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_run_at=now, last_worker=worker_id
    )
    return updated == 1


def tick(now: datetime, worker_id: str) -> list[str]:
    """Enqueue every due job this scheduler wins; return their names."""
    enqueued = []
    for job in registered_jobs():
        with transaction.atomic():
            if claim(job, now, worker_id):
                job.task.enqueue()
                enqueued.append(job.name)
    return enqueued
