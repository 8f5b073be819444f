"""Periodic jobs that are safe when several schedulers run at once.

A job is a registered task and an interval. Each scheduler tick claims a due job with one
conditional UPDATE (``next_run_at <= now``) and enqueues the task in the same transaction:
only the scheduler whose update changed the row enqueues, so two schedulers never enqueue
the same run twice, and a failed enqueue gives the run back. After a long stop a job runs
once and is next due one interval later (no catching up on missed runs).

Jobs are registered by decorating a task in an app's ``tasks.py``; :func:`autodiscover`
imports every installed app's ``tasks`` module so that the registry is complete.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, InterfaceError, OperationalError, transaction
from django.utils.module_loading import autodiscover_modules
from django_tasks.base import Task

from atiende.core.models import PeriodicJob

log = logging.getLogger("atiende.scheduler")


@dataclass(frozen=True)
class Job:
    name: str
    every: timedelta
    task: Task


_REGISTRY: dict[str, Job] = {}


def periodic(name: str, every: timedelta):
    """Register a django_tasks task (taking no arguments) to be enqueued every ``every``."""
    if every <= timedelta(0):
        raise ValueError(f"periodic job {name!r}: the interval must be positive")

    def register(task: Task) -> Task:
        if not isinstance(task, Task):
            raise TypeError(f"periodic job {name!r}: decorate a task (put @task() below)")
        known = _REGISTRY.get(name)
        if known is not None and known.task.module_path != task.module_path:
            raise ValueError(f"periodic job {name!r} is already registered for another task")
        _REGISTRY[name] = Job(name=name, every=every, task=task)
        return task

    return register


def autodiscover() -> None:
    """Import ``<app>.tasks`` of every installed app, registering their periodic jobs."""
    autodiscover_modules("tasks")


def registered_jobs() -> list[Job]:
    return sorted(_REGISTRY.values(), key=lambda job: job.name)


def _ensure_row(job: Job, now: datetime) -> None:
    if PeriodicJob.objects.filter(name=job.name).exists():
        return
    try:
        with transaction.atomic():
            PeriodicJob.objects.create(name=job.name, next_run_at=now)
    except IntegrityError:
        pass  # another scheduler created it first


def claim(job: Job, now: datetime, worker_id: str) -> bool:
    """Claim the due run of ``job``; True when this caller won it. Call inside a transaction."""
    _ensure_row(job, now)
    updated = PeriodicJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_run_at=now, last_worker=worker_id[:64]
    )
    return updated == 1


def tick(now: datetime, worker_id: str) -> list[str]:
    """Enqueue every due job this scheduler wins; return their names.

    Each job is claimed in its own transaction, so one job that cannot be enqueued (logged)
    neither blocks the others nor loses its run: it stays due for the next tick.
    """
    enqueued = []
    for job in registered_jobs():
        try:
            with transaction.atomic():
                if claim(job, now, worker_id):
                    job.task.enqueue()
                    enqueued.append(job.name)
        except (OperationalError, InterfaceError):
            raise  # the database is unavailable: the caller retries the whole tick later
        except Exception:
            log.exception("periodic job %s could not be enqueued; it stays due", job.name)
    return enqueued
