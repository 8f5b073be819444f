"""``atiende check``: configuration and database health, one line per check.

Settings that cannot be loaded never reach this module: :func:`atiende.cli.setup_django`
reports them (exit 2). Here: the database answers, migrations are applied, a worker beats
(a warning unless ``--require-worker``), and Django's system checks pass (deployment checks
too in production). Exit 1 when any check fails.
"""

from django.conf import settings
from django.core import checks
from django.db import DatabaseError, connection
from django.utils.translation import gettext as _

from atiende.cli import EXIT_FAILED, EXIT_OK
from atiende.core.views import WORKER_STALE_SECONDS, health

OK = "ok"
WARNING = "warning"
PROBLEM = "PROBLEM"


class Report:
    def __init__(self):
        self.failed = False

    def line(self, status: str, name: str, detail: str = "") -> None:
        if status == PROBLEM:
            self.failed = True
        print(f"{status:<8} {name:<14} {detail}".rstrip())


def run(args) -> int:
    report = Report()
    report.line(OK, _("settings"), _describe_settings())

    try:
        connection.ensure_connection()
    except DatabaseError as exc:
        report.line(PROBLEM, _("database"), _("cannot be reached: %(error)s")
                    % {"error": str(exc).strip()})  # fmt: skip
        return EXIT_FAILED
    report.line(OK, _("database"), _describe_database())

    state = health()
    if state["migrations"] == "ok":
        report.line(OK, _("migrations"), _("all applied"))
    else:
        report.line(
            PROBLEM,
            _("migrations"),
            _("%(state)s: run `atiende migrate`") % {"state": state["migrations"]},
        )

    worker = state["worker"]
    missing = WARNING if not args.require_worker else PROBLEM
    if worker is None:
        report.line(missing, _("worker"), _("no worker has reported yet: start `atiende serve` "
                                            "or `atiende worker`"))  # fmt: skip
    elif worker["stale"]:
        report.line(
            missing,
            _("worker"),
            _("last heartbeat %(age)s s ago (more than %(limit)s s): is a worker running?")
            % {"age": worker["heartbeat_age_seconds"], "limit": WORKER_STALE_SECONDS},
        )
    else:
        report.line(
            OK,
            _("worker"),
            _("last heartbeat %(age)s s ago") % {"age": worker["heartbeat_age_seconds"]},
        )

    messages = checks.run_checks(
        include_deployment_checks=settings.ATIENDE_ENV == "production",
        databases=["default"],
    )
    messages = [m for m in messages if not m.is_silenced()]
    errors = [m for m in messages if m.level >= checks.ERROR]
    if not messages:
        report.line(OK, _("system checks"), _("no issues"))
    for message in messages:
        report.line(PROBLEM if message in errors else WARNING, _("system checks"), str(message))

    if report.failed:
        print(_("Problems found: see the lines marked PROBLEM."))
        return EXIT_FAILED
    return EXIT_OK


def _describe_settings() -> str:
    return _("%(env)s, data directory %(home)s") % {
        "env": settings.ATIENDE_ENV,
        "home": settings.ATIENDE_HOME,
    }


def _describe_database() -> str:
    db = settings.DATABASES["default"]
    if connection.vendor == "sqlite":
        return _("SQLite at %(path)s") % {"path": db["NAME"]}
    host = db.get("HOST") or "localhost"
    return _("%(vendor)s database %(name)s on %(host)s") % {
        "vendor": connection.display_name,
        "name": db.get("NAME"),
        "host": host,
    }
