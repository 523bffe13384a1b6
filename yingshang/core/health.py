"""Health endpoints for the load balancer and the monitoring of an intranet deployment.

``/healthz`` answers while the process can serve at all (no database: a liveness probe must not restart
every gunicorn worker when the database blips). ``/readyz`` checks what serving needs — the database
answers, every migration is applied, and reports whether a background worker has beaten recently — and answers 503 with the failing checks otherwise. Neither reveals data; both are public.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor
from django.http import JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET


@never_cache
@require_GET
def healthz(request):
    return JsonResponse({"status": "ok"})


def _database() -> tuple[bool, str]:
    try:
        with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
            cursor.execute("SELECT 1")
        return True, "数据库可用"
    except Exception as error:  # any driver error means not ready; the message is for the operator
        return False, f"数据库不可用: {type(error).__name__}"


_schema_current = False  # once true it stays true: this process's code (its migrations) cannot change under it


def _migrations() -> tuple[bool, str]:
    """Loading the migration graph costs a tenth of a second: a probe every few seconds checks it only
    until the schema is found current."""
    global _schema_current
    if not _schema_current:
        executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
        pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
        if pending:
            return False, f"有 {len(pending)} 个数据库迁移未执行(yingshang migrate)"
        _schema_current = True
    return True, "数据库结构为最新"


def _worker() -> tuple[bool, str]:
    from yingshang.core.models import WorkerHeartbeat

    limit = timedelta(seconds=settings.YINGSHANG_JOB_LEASE_SECONDS)
    latest = WorkerHeartbeat.objects.order_by("-beat_at").values_list("beat_at", flat=True).first()
    if latest is None or timezone.now() - latest > limit:
        # Reported, not fatal: pages serve without a worker; only background jobs wait.
        return True, "后台任务进程未运行(导入、通报等任务将排队等待)"
    return True, "后台任务进程运行中"


@never_cache
@require_GET
def readyz(request):
    checks = {}
    ok, message = _database()
    checks["database"] = {"ok": ok, "message": message}
    if ok:
        for name, check in (("migrations", _migrations), ("worker", _worker)):
            passed, detail = check()
            checks[name] = {"ok": passed, "message": detail}
    ready = all(check["ok"] for check in checks.values())
    return JsonResponse({"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503)
