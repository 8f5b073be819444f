"""The front door and the health check."""

from django.contrib.auth.views import redirect_to_login
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.shortcuts import redirect
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from atiende import clock
from atiende.core.models import WorkerHeartbeat

WORKER_STALE_SECONDS = 120


def home(request):
    if not request.user.is_authenticated:
        return redirect_to_login("/")
    return redirect("desk:list" if request.user.is_agent else "portal:list")


def health() -> dict:
    """Database reachable, migrations applied, age of the newest worker heartbeat."""
    report: dict = {"database": "ok", "migrations": "ok", "worker": None}
    try:
        connection.ensure_connection()
        executor = MigrationExecutor(connection)
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            report["migrations"] = f"{len(pending)} pending"
        newest = WorkerHeartbeat.objects.order_by("-seen_at").values_list("seen_at", flat=True)
        seen = newest.first()
        if seen is not None:
            age = (clock.now() - seen).total_seconds()
            report["worker"] = {"heartbeat_age_seconds": round(age, 1),
                                "stale": age > WORKER_STALE_SECONDS}  # fmt: skip
    except DatabaseError as exc:
        report["database"] = f"error: {exc.__class__.__name__}"
    report["ok"] = report["database"] == "ok" and report["migrations"] == "ok"
    return report


@never_cache
@require_GET
def healthz(request):
    report = health()
    return JsonResponse(report, status=200 if report["ok"] else 503)
