"""Health checks for the load balancer: `/healthz` (the process answers) and `/readyz` (it can
serve: the database answers and every migration is applied).

Both answer without signing in, say nothing about persons or cases, and write no audit entry.
Both are exempt from the HTTPS redirect, so a load balancer may probe the app server directly.
On PostgreSQL readiness also asks whether a job worker is alive: procrastinate's worker table
holds a row per running worker with a heartbeat it renews every 10 seconds (the table is read by
name; lib imports no app). On SQLite (the demo) there is no queue and no worker to check.
"""

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.http import HttpRequest, JsonResponse
from django.views.decorators.http import require_safe


@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


def _database() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return "unreachable"
    return "ok"


def _migrations() -> str:
    try:
        executor = MigrationExecutor(connection)
        plan = executor.migration_plan(executor.loader.graph.leaf_nodes())
    except DatabaseError:
        return "unknown"
    return "pending" if plan else "ok"


def _worker() -> str:
    """ "ok" when some job worker renewed its heartbeat within SKYDDSNAT_WORKER_STALE_SECONDS."""
    try:
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT EXISTS (SELECT 1 FROM procrastinate_workers"
                " WHERE last_heartbeat > now() - make_interval(secs => %s))",
                [settings.SKYDDSNAT_WORKER_STALE_SECONDS],
            )
            row = cursor.fetchone()
    except DatabaseError:
        return "unknown"
    return "ok" if row and row[0] else "stopped"


@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = {"database": _database()}
    checks["migrations"] = _migrations() if checks["database"] == "ok" else "unknown"
    if connection.vendor == "postgresql":
        checks["worker"] = _worker() if checks["migrations"] == "ok" else "unknown"
    ready = all(value == "ok" for value in checks.values())
    return JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks},
        status=200 if ready else 503,
    )
