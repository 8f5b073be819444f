"""The background worker: runs queued tasks, ticks the periodic scheduler, beats its heart.

``atiende serve`` starts one in threads beside the web server; ``atiende worker`` runs it
alone. Several workers on one database are safe: task rows are claimed with row locks
(``SKIP LOCKED`` on PostgreSQL, an exclusive transaction on SQLite) and periodic jobs with
conditional updates.
"""

import logging
import os
import socket
import threading
import time

from django.conf import settings
from django.db import close_old_connections, connection
from django.db.utils import OperationalError
from django.utils.crypto import get_random_string
from django_tasks import DEFAULT_TASK_BACKEND_ALIAS, DEFAULT_TASK_QUEUE_NAME
from django_tasks_db.management.commands.db_worker import Worker as TaskLoop

from atiende import clock
from atiende.core import scheduler
from atiende.core.models import WorkerHeartbeat

log = logging.getLogger("atiende.worker")

HEARTBEAT_SECONDS = 15
SCHEDULER_SECONDS = 5


def beat(worker_id: str, started_at) -> None:
    WorkerHeartbeat.objects.update_or_create(
        worker_id=worker_id,
        defaults={
            "hostname": socket.gethostname()[:255],
            "pid": os.getpid(),
            "started_at": started_at,
            "seen_at": clock.now(),
        },
    )


class Worker:
    def __init__(self, *, worker_id: str | None = None, interval: float | None = None):
        self.worker_id = worker_id or f"{socket.gethostname()[:20]}-{get_random_string(12)}"
        self.interval = settings.ATIENDE_WORKER_INTERVAL if interval is None else interval
        self.stopping = threading.Event()
        self.started_at = clock.now()
        self.task_loop = TaskLoop(
            queue_names=[DEFAULT_TASK_QUEUE_NAME],
            interval=self.interval,
            batch=False,
            backend_name=DEFAULT_TASK_BACKEND_ALIAS,
            startup_delay=False,
            max_tasks=None,
            worker_id=self.worker_id,
            excluded_queue_names=[],
        )
        self.threads: list[threading.Thread] = []

    def _housekeeping(self) -> None:
        """Heartbeat and scheduler ticks until stopped."""
        last_beat = 0.0
        while not self.stopping.is_set():
            close_old_connections()
            try:
                if time.monotonic() - last_beat >= HEARTBEAT_SECONDS:
                    beat(self.worker_id, self.started_at)
                    last_beat = time.monotonic()
                scheduler.tick(clock.now(), self.worker_id)
            except OperationalError:
                log.exception("worker %s: database unavailable, will retry", self.worker_id)
            self.stopping.wait(SCHEDULER_SECONDS)
        connection.close()

    def _tasks(self) -> None:
        while not self.stopping.is_set():
            try:
                self.task_loop.run()
            except OperationalError:
                log.exception("worker %s: database unavailable, will retry", self.worker_id)
                self.stopping.wait(self.interval or 1)
        connection.close()

    def start(self) -> None:
        """Start the worker's threads (daemon threads: they end with the process)."""
        for target, name in ((self._housekeeping, "housekeeping"), (self._tasks, "tasks")):
            thread = threading.Thread(target=target, name=f"atiende-{name}", daemon=True)
            thread.start()
            self.threads.append(thread)
        log.info("worker %s started", self.worker_id)

    def stop(self, timeout: float = 10) -> None:
        self.stopping.set()
        self.task_loop.running = False
        for thread in self.threads:
            thread.join(timeout)

    def run_forever(self) -> None:
        self.start()
        try:
            while any(thread.is_alive() for thread in self.threads):
                time.sleep(0.5)
        except KeyboardInterrupt:
            log.info("worker %s stopping", self.worker_id)
        finally:
            self.stop()
