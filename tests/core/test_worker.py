"""The worker: runs queued tasks, ticks the scheduler, beats its heart, recovers dead workers'
tasks and forgets old rows."""

import time
from datetime import UTC, datetime, timedelta

import pytest
import time_machine
from django.db import connection
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from atiende import clock
from atiende.core import scheduler
from atiende.core.models import PeriodicJob, WorkerHeartbeat
from atiende.core.tasks import (
    ABANDONED_AFTER,
    FORGET_SILENT_WORKERS,
    KEEP_FINISHED_TASKS,
    prune_runtime_rows,
    requeue_abandoned_tasks,
)
from atiende.core.worker import Worker, beat
from atiende.customers.models import Organisation
from tests.core.sample_tasks import explode, open_organisation

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)


def make_worker(name: str = "test-worker") -> Worker:
    return Worker(worker_id=name, interval=0.05)


@pytest.mark.django_db
def test_it_runs_an_enqueued_task_and_records_the_outcome():
    result = open_organisation.enqueue("Gamma Fibra", "gamma")
    worker = make_worker()

    assert worker.run_one() is True

    organisation = Organisation.objects.get(slug="gamma")
    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == TaskResultStatus.SUCCESSFUL
    assert row.return_value == organisation.pk
    assert row.worker_ids == ["test-worker"]
    assert row.finished_at is not None
    assert worker.run_one() is False  # nothing left


@pytest.mark.django_db
def test_it_records_a_failing_task_as_failed_and_goes_on():
    failing = explode.enqueue()
    working = open_organisation.enqueue("Delta Redes", "delta")
    worker = make_worker()

    assert worker.run_one() is True
    assert worker.run_one() is True

    failed = DBTaskResult.objects.get(pk=failing.id)
    assert failed.status == TaskResultStatus.FAILED
    assert failed.exception_class_path == "builtins.RuntimeError"
    assert "the task failed on purpose" in failed.traceback
    assert DBTaskResult.objects.get(pk=working.id).status == TaskResultStatus.SUCCESSFUL


@pytest.mark.django_db
def test_it_leaves_tasks_that_are_not_due_yet():
    in_an_hour = clock.now() + timedelta(hours=1)
    later = open_organisation.using(run_after=in_an_hour).enqueue("Epsilon", "epsilon")

    assert make_worker().run_one() is False
    assert DBTaskResult.objects.get(pk=later.id).status == TaskResultStatus.READY
    assert not Organisation.objects.filter(slug="epsilon").exists()


@pytest.mark.django_db
def test_run_once_beats_enqueues_due_jobs_and_runs_every_ready_task():
    open_organisation.enqueue("Zeta Datos", "zeta")
    with time_machine.travel(CURRENT_TIME, tick=False):
        count = make_worker("once-worker").run_once()

    # the queued task plus every periodic job, all due on a fresh database
    periodic_jobs = len(scheduler.registered_jobs())
    assert periodic_jobs >= 2
    assert count == 1 + periodic_jobs
    assert Organisation.objects.filter(slug="zeta").exists()
    assert set(PeriodicJob.objects.values_list("name", "last_worker")) >= {
        ("core.prune", "once-worker"),
        ("core.requeue_abandoned", "once-worker"),
    }
    assert DBTaskResult.objects.filter(status=TaskResultStatus.SUCCESSFUL).count() == count
    heartbeat = WorkerHeartbeat.objects.get(worker_id="once-worker")
    assert heartbeat.seen_at == heartbeat.started_at == CURRENT_TIME
    assert heartbeat.pid > 0 and heartbeat.hostname


@pytest.mark.django_db
def test_the_heartbeat_row_is_updated_not_duplicated():
    started = CURRENT_TIME - timedelta(hours=1)
    beat("w1", started, CURRENT_TIME)
    beat("w1", started, CURRENT_TIME + timedelta(seconds=15))

    row = WorkerHeartbeat.objects.get(worker_id="w1")
    assert row.seen_at == CURRENT_TIME + timedelta(seconds=15)
    assert row.started_at == started
    assert WorkerHeartbeat.objects.count() == 1


@pytest.mark.django_db
def test_it_requeues_only_the_tasks_of_a_worker_that_went_silent():
    dead = open_organisation.enqueue("Eta", "eta")
    alive = open_organisation.enqueue("Theta", "theta")
    unknown = open_organisation.enqueue("Iota", "iota")
    for result, worker_id in ((dead, "dead"), (alive, "alive"), (unknown, "no-heartbeat")):
        DBTaskResult.objects.get(pk=result.id).claim(worker_id)
    beat("dead", CURRENT_TIME - timedelta(hours=2), CURRENT_TIME - ABANDONED_AFTER - timedelta(1))
    beat("alive", CURRENT_TIME - timedelta(hours=2), CURRENT_TIME - timedelta(seconds=10))

    assert requeue_abandoned_tasks(CURRENT_TIME) == [str(dead.id)]

    statuses = dict(DBTaskResult.objects.values_list("id", "status"))
    assert statuses == {
        dead.db_result.pk: TaskResultStatus.READY,
        alive.db_result.pk: TaskResultStatus.RUNNING,
        unknown.db_result.pk: TaskResultStatus.RUNNING,
    }
    # the requeued task runs again on a live worker
    assert make_worker().run_one() is True
    assert Organisation.objects.filter(slug="eta").exists()


@pytest.mark.django_db
def test_prune_forgets_old_finished_tasks_and_silent_workers():
    old = open_organisation.enqueue("Kappa", "kappa")
    recent = open_organisation.enqueue("Lambda", "lambda")
    waiting = open_organisation.enqueue("Mu", "mu")
    worker = make_worker()
    worker.run_one()
    worker.run_one()
    DBTaskResult.objects.filter(pk=old.id).update(
        finished_at=CURRENT_TIME - KEEP_FINISHED_TASKS - timedelta(minutes=1)
    )
    DBTaskResult.objects.filter(pk=recent.id).update(finished_at=CURRENT_TIME)
    DBTaskResult.objects.filter(pk=waiting.id).update(run_after=CURRENT_TIME + timedelta(days=1))
    beat("gone", CURRENT_TIME, CURRENT_TIME - FORGET_SILENT_WORKERS - timedelta(minutes=1))
    beat("here", CURRENT_TIME, CURRENT_TIME - timedelta(minutes=1))

    assert prune_runtime_rows(CURRENT_TIME) == {"tasks": 1, "workers": 1}

    assert set(DBTaskResult.objects.values_list("id", flat=True)) == {
        recent.db_result.pk,
        waiting.db_result.pk,
    }
    assert list(WorkerHeartbeat.objects.values_list("worker_id", flat=True)) == ["here"]


@pytest.mark.django_db(transaction=True)
def test_started_threads_run_tasks_and_beat_until_stopped():
    if connection.vendor != "postgresql":
        pytest.skip("worker threads use their own connections: exercised on PostgreSQL")
    worker = make_worker("threaded-worker")
    worker.start()
    try:
        open_organisation.enqueue("Nu Enlaces", "nu")
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline and not Organisation.objects.filter(slug="nu").exists():
            time.sleep(0.05)
    finally:
        worker.stop(timeout=10)

    assert Organisation.objects.filter(slug="nu").exists()
    assert WorkerHeartbeat.objects.filter(worker_id="threaded-worker").exists()
    assert not any(thread.is_alive() for thread in worker.threads)
