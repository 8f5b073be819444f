"""``atiende worker``: ``--once`` runs what is queued and due; without it the worker runs until
SIGTERM; two workers on one SQLite file share the queue without running a task twice."""

import signal
import sqlite3
import subprocess
import sys
import time

import pytest
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from atiende.core import scheduler
from atiende.core.models import PeriodicJob, WorkerHeartbeat
from atiende.customers.models import Organisation
from tests.cli.helpers import command, run, run_process, subprocess_env
from tests.core.sample_tasks import open_organisation


@pytest.mark.django_db
def test_once_runs_the_queued_task_and_the_due_periodic_jobs(capsys):
    result = open_organisation.enqueue("Omicron Voz", "omicron")

    code, out, err = run(capsys, "worker", "--once")

    assert (code, err) == (0, "")
    periodic_jobs = len(scheduler.registered_jobs())  # all due on a fresh database
    assert out == f"Ran {1 + periodic_jobs} tasks.\n"
    assert Organisation.objects.filter(slug="omicron").exists()
    assert DBTaskResult.objects.get(pk=result.id).status == TaskResultStatus.SUCCESSFUL
    assert PeriodicJob.objects.filter(name="core.prune").exists()
    assert WorkerHeartbeat.objects.count() == 1

    code, out, _err = run(capsys, "worker", "--once")

    assert out == "Ran 0 tasks.\n"  # periodic jobs are not due again yet
    assert WorkerHeartbeat.objects.count() == 2  # each run is a worker of its own


def test_a_bad_interval_is_a_usage_error(capsys):
    code, _out, err = run(capsys, "worker", "--interval", "-1")

    assert code == 2
    assert "give a number of seconds between 0 and 3600" in err


def enqueue_in(home, count: int) -> None:
    """Queue ``count`` tasks in the SQLite file of ``home`` through a fresh process."""
    script = (
        "import django; django.setup()\n"
        "from tests.core.sample_tasks import open_organisation\n"
        f"for n in range({count}): open_organisation.enqueue(f'Org {{n}}', f'org-{{n}}')\n"
    )
    env = subprocess_env(home, DJANGO_SETTINGS_MODULE="atiende.settings")
    subprocess.run([sys.executable, "-c", script], env=env, check=True, timeout=60)


def test_it_runs_until_sigterm_beating_its_heart(tmp_path):
    home = tmp_path / "home"
    assert run_process(home, "migrate").returncode == 0
    worker = subprocess.Popen(
        command("worker", "--interval", "0.1"),
        env=subprocess_env(home),
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        enqueue_in(home, 3)
        database = sqlite3.connect(home / "atiende.sqlite3")
        deadline = time.monotonic() + 30
        done = 0
        while time.monotonic() < deadline and done < 3:
            time.sleep(0.1)
            done = database.execute("SELECT count(*) FROM customers_organisation").fetchone()[0]
        beats = database.execute("SELECT count(*) FROM core_workerheartbeat").fetchone()[0]
        database.close()
    finally:
        worker.send_signal(signal.SIGTERM)
        try:
            out, _ = worker.communicate(timeout=30)
        except subprocess.TimeoutExpired:
            worker.kill()
            out, _ = worker.communicate()

    assert done == 3
    assert beats == 1
    assert worker.returncode == 0, out
    assert "Traceback" not in out


def test_two_workers_on_one_sqlite_file_run_each_task_once(tmp_path):
    home = tmp_path / "home"
    assert run_process(home, "migrate").returncode == 0
    enqueue_in(home, 40)
    env = subprocess_env(home)

    workers = [
        subprocess.Popen(command("worker", "--once"), env=env, stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]  # fmt: skip
    outputs = [worker.communicate(timeout=120) for worker in workers]

    assert [worker.returncode for worker in workers] == [0, 0], outputs
    ran = sum(int(out.split()[1]) for out, _err in outputs)
    scheduler.autodiscover()
    periodic_jobs = len(scheduler.registered_jobs())
    assert ran == 40 + periodic_jobs  # every task once, and each periodic job once
    database = sqlite3.connect(home / "atiende.sqlite3")
    organisations = database.execute("SELECT count(*) FROM customers_organisation").fetchone()[0]
    statuses = dict(
        database.execute("SELECT status, count(*) FROM django_tasks_database_dbtaskresult "
                         "GROUP BY status").fetchall()
    )  # fmt: skip
    database.close()
    assert organisations == 40
    assert statuses == {"SUCCESSFUL": 40 + periodic_jobs}
