"""The background worker: runs queued tasks, ticks the periodic scheduler, beats its heart.

``atiende serve`` starts one in threads beside the web server; ``atiende worker`` runs it
alone. Several workers on one database are safe: a task row is claimed inside a transaction
with ``SELECT … FOR UPDATE SKIP LOCKED`` (PostgreSQL) or an exclusive transaction (SQLite),
and periodic jobs with conditional updates (:mod:`atiende.core.scheduler`).

:meth:`Worker.run_one` claims and runs one task and says whether it found one; the loops and
``atiende worker --once`` are small wrappers around it, and tests call it directly.
"""

import logging
import os
import socket
import threading
import time
from datetime import datetime

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, task_backends
from django_tasks_db.management.commands.db_worker import Worker as TaskRunner
from django_tasks_db.models import DBTaskResult
from django_tasks_db.utils import exclusive_transaction, is_locked_database_exception

from atiende import clock
from atiende.core import scheduler
from atiende.core.models import WorkerHeartbeat

log = logging.getLogger("atiende.worker")

HEARTBEAT_SECONDS = 15
SCHEDULER_SECONDS = 5


def default_worker_id() -> str:
    return f"{socket.gethostname()[:40]}-{get_random_string(12)}"


def beat(worker_id: str, started_at: datetime, now: datetime | None = None) -> None:
    """Record that ``worker_id`` is alive (read by /healthz and ``atiende check``)."""
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": now or clock.now(),
        },
    )


class Worker:
    def __init__(
        self,
        *,
        worker_id: str | None = None,
        interval: float | None = None,
        backend_name: str = DEFAULT_TASK_BACKEND_ALIAS,
        queue_names: list[str] | None = None,
    ):
        self.worker_id = worker_id or default_worker_id()
        if len(self.worker_id) > 64:
            raise ValueError("a worker id has at most 64 characters")
        self.interval = settings.ATIENDE_WORKER_INTERVAL if interval is None else interval
        self.backend_name = backend_name
        self.queue_names = queue_names or sorted(task_backends[backend_name].queues)
        self.stopping = threading.Event()
        self.started_at = clock.now()
        # Only its run_task() is used: it runs the task, records the outcome and sends the
        # task_started / task_finished signals exactly like django-tasks-db's own worker.
        self.runner = TaskRunner(
            queue_names=self.queue_names,
            interval=self.interval,
            batch=True,
            backend_name=backend_name,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        self.threads: list[threading.Thread] = []
        scheduler.autodiscover()

    # --- units of work (tests call these directly) ----------------------------------------

    def run_one(self) -> bool:
        """Claim the most urgent ready task and run it; False when none was ready."""
        ready = DBTaskResult.objects.ready().filter(
            backend_name=self.backend_name, queue_name__in=self.queue_names
        )
        try:
            with exclusive_transaction(ready.db):
                result = ready.get_locked()
                if result is None:
                    return False
                result.claim(self.worker_id)
        except OperationalError as exc:
            if is_locked_database_exception(exc):
                return False  # another worker holds the queue right now: try again later
            raise
        log.debug("worker %s: running %s (%s)", self.worker_id, result.task_path, result.id)
        self.runner.run_task(result)
        return True

    def housekeeping(self, now: datetime | None = None) -> list[str]:
        """Beat the heart and tick the scheduler; return the periodic jobs enqueued."""
        now = now or clock.now()
        beat(self.worker_id, self.started_at, now)
        return scheduler.tick(now, self.worker_id)

    def run_once(self) -> int:
        """Enqueue what is due, run every ready task, and return how many ran."""
        self.housekeeping()
        count = 0
        while not self.stopping.is_set() and self.run_one():
            count += 1
            beat(self.worker_id, self.started_at)
        return count

    # --- threads -----------------------------------------------------------------------------

    def _housekeeping_loop(self) -> None:
        last_beat: float | None = None
        while not self.stopping.is_set():
            close_old_connections()
            try:
                now = clock.now()
                if last_beat is None or time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    beat(self.worker_id, self.started_at, now)
                    last_beat = time.monotonic()
                scheduler.tick(now, self.worker_id)
            except Exception:
                log.exception("worker %s: housekeeping failed, will retry", self.worker_id)
            self.stopping.wait(SCHEDULER_SECONDS)
        connection.close()

    def _task_loop(self) -> None:
        while not self.stopping.is_set():
            close_old_connections()
            try:
                found = self.run_one()
            except Exception:
                log.exception("worker %s: cannot claim tasks, will retry", self.worker_id)
                found = False
            if not found:
                self.stopping.wait(self.interval or 0.1)
        connection.close()

    def start(self) -> None:
        """Start the worker's threads (daemon threads: they end with the process)."""
        for target, name in ((self._housekeeping_loop, "housekeeping"), (self._task_loop, "tasks")):
            thread = threading.Thread(target=target, name=f"atiende-{name}", daemon=True)
            thread.start()
            self.threads.append(thread)
        log.info("worker %s started (queues: %s)", self.worker_id, ", ".join(self.queue_names))

    def stop(self, timeout: float = 30) -> None:
        """Ask the threads to stop and wait for the running task to finish (up to ``timeout``).

        A task still running after ``timeout`` dies with the process; it is put back in the
        queue by ``core.requeue_abandoned`` once this worker's heartbeat is old.
        """
        self.stopping.set()
        for thread in self.threads:
            thread.join(timeout)
        alive = [thread.name for thread in self.threads if thread.is_alive()]
        if alive:
            log.warning("worker %s: %s still busy at shutdown", self.worker_id, ", ".join(alive))
        else:
            log.info("worker %s stopped", self.worker_id)

    def wait(self) -> None:
        """Block until :meth:`stop` is called (from a signal handler) or a thread dies."""
        while not self.stopping.wait(0.5):
            if not all(thread.is_alive() for thread in self.threads):
                log.error("worker %s: a thread ended unexpectedly", self.worker_id)
                break
