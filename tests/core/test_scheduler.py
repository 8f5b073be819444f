"""Periodic jobs: claimed with a conditional update, enqueued once per due run."""

import threading
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from atiende.core import scheduler
from atiende.core.models import PeriodicJob
from atiende.core.tasks import prune

CURRENT_TIME = datetime(2026, 3, 2, 14, 0, tzinfo=UTC)
EVERY = timedelta(hours=1)


@pytest.fixture
def registry(monkeypatch):
    """An empty registry for the test's own jobs (the real ones are left alone)."""
    jobs: dict = {}
    monkeypatch.setattr(scheduler, "_REGISTRY", jobs)
    return jobs


@pytest.fixture
def job(registry):
    scheduler.periodic("test.prune", every=EVERY)(prune)
    return registry["test.prune"]


def queued(task_path="atiende.core.tasks.prune") -> int:
    return DBTaskResult.objects.filter(task_path=task_path).count()


@pytest.mark.django_db
def test_it_enqueues_a_new_job_at_once_and_schedules_the_next_run(job):
    assert scheduler.tick(CURRENT_TIME, "worker-a") == ["test.prune"]

    row = PeriodicJob.objects.get(name="test.prune")
    assert row.next_run_at == CURRENT_TIME + EVERY
    assert row.last_run_at == CURRENT_TIME
    assert row.last_worker == "worker-a"
    assert queued() == 1


@pytest.mark.django_db
def test_it_enqueues_once_when_two_schedulers_tick_at_the_same_instant(job):
    first = scheduler.tick(CURRENT_TIME, "worker-a")
    second = scheduler.tick(CURRENT_TIME, "worker-b")

    assert (first, second) == (["test.prune"], [])
    assert queued() == 1
    assert PeriodicJob.objects.get(name="test.prune").last_worker == "worker-a"


@pytest.mark.django_db
def test_it_waits_for_the_interval_before_the_next_run(job):
    scheduler.tick(CURRENT_TIME, "worker-a")

    assert scheduler.tick(CURRENT_TIME + EVERY - timedelta(seconds=1), "worker-b") == []
    assert scheduler.tick(CURRENT_TIME + EVERY, "worker-b") == ["test.prune"]
    assert queued() == 2


@pytest.mark.django_db
def test_it_runs_a_long_missed_job_once_without_catching_up(job):
    scheduler.tick(CURRENT_TIME, "worker-a")
    much_later = CURRENT_TIME + 30 * EVERY

    assert scheduler.tick(much_later, "worker-a") == ["test.prune"]
    assert scheduler.tick(much_later + timedelta(minutes=5), "worker-a") == []
    assert PeriodicJob.objects.get(name="test.prune").next_run_at == much_later + EVERY
    assert queued() == 2


@pytest.mark.django_db
def test_a_job_that_cannot_be_enqueued_stays_due_and_others_still_run(registry, job):
    class Unenqueueable:
        module_path = "tests.core.sample_tasks.missing"

        def enqueue(self):
            raise RuntimeError("the task backend is misconfigured")

    # Sorted by name, the broken job ticks first: its failure must not stop the other.
    registry["test.broken"] = scheduler.Job("test.broken", EVERY, Unenqueueable())

    assert scheduler.tick(CURRENT_TIME, "worker-a") == ["test.prune"]

    assert not PeriodicJob.objects.filter(name="test.broken").exists()  # claim rolled back
    assert queued() == 1
    assert scheduler.tick(CURRENT_TIME + timedelta(seconds=5), "worker-a") == []


def test_it_refuses_something_that_is_not_a_task(registry):
    with pytest.raises(TypeError):
        scheduler.periodic("test.function", every=EVERY)(lambda: None)
    with pytest.raises(ValueError):
        scheduler.periodic("test.zero", every=timedelta(0))
    assert registry == {}


def test_autodiscover_registers_the_core_jobs():
    scheduler.autodiscover()
    names = {job.name for job in scheduler.registered_jobs()}
    assert {"core.prune", "core.requeue_abandoned"} <= names


@pytest.mark.django_db(transaction=True)
def test_concurrent_schedulers_on_separate_connections_enqueue_each_run_once(job):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections are exercised on PostgreSQL (run with DATABASE_URL)")
    rounds, threads_per_round = 10, 4
    barrier = threading.Barrier(threads_per_round)
    won: list[tuple[int, str]] = []
    errors: list[BaseException] = []

    def scheduler_thread(name: str):
        from django.db import connection as thread_connection

        try:
            for round_number in range(rounds):
                now = CURRENT_TIME + round_number * EVERY
                barrier.wait(timeout=30)
                for job_name in scheduler.tick(now, name):
                    won.append((round_number, job_name))
        except BaseException as exc:
            errors.append(exc)
            barrier.abort()
        finally:
            thread_connection.close()

    threads = [
        threading.Thread(target=scheduler_thread, args=(f"worker-{n}",))
        for n in range(threads_per_round)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    assert sorted(won) == [(n, "test.prune") for n in range(rounds)]
    assert queued() == rounds
