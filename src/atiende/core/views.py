"""The front door and the health check."""

from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from atiende import clock
from atiende.core.bootstrap import pending_migrations
from atiende.core.models import WorkerHeartbeat

WORKER_STALE_SECONDS = 120


def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    return redirect("desk:list" if request.user.is_agent else "portal:list")


def health() -> dict:
    """Database reachable, migrations applied, age of the newest worker heartbeat.

    ``ok`` is false when the database cannot be reached or migrations are pending; the worker
    is reported (``stale`` after ``WORKER_STALE_SECONDS`` of silence) but does not decide it,
    since web processes run fine while workers restart.
    """
    report: dict = {"database": "ok", "migrations": "ok", "worker": None}
    try:
        connection.ensure_connection()
        pending = pending_migrations(connection.alias)
    except DatabaseError as exc:
        report["database"] = f"error: {exc.__class__.__name__}"
        report["migrations"] = "unknown"
    else:
        if pending:
            report["migrations"] = f"{len(pending)} pending"
        report["worker"] = _worker_state()
    report["ok"] = report["database"] == "ok" and report["migrations"] == "ok"
    return report


def _worker_state() -> dict | None:
    try:
        newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        seen = newest.first()
    except DatabaseError:  # e.g. the table does not exist yet on an unmigrated database
        return None
    if seen is None:
        return None
    age = max((clock.now() - seen).total_seconds(), 0.0)
    return {"heartbeat_age_seconds": round(age, 1), "stale": age > WORKER_STALE_SECONDS}


@never_cache
@require_GET
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)
