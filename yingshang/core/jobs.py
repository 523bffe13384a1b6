"""Background jobs: one way for every module to run long work outside the web request.

The queue is django-tasks with its database backend (docs/dependencies.md): a task row in the
same database, run by `yingshang db_worker` processes on any number of machines (docs/deploy.md).
This module adds what a person at the screen and an operator need on top of it:

- ``enqueue(kind, actor, **params)`` records a :class:`~yingshang.core.models.Job` (who, what, progress,
  result, error) and queues it, in one transaction;
- a long service reports progress with ``report_progress`` (cheap: at most one write per 0.5 s) and,
  when it commits in batches, stores a ``checkpoint`` in the same transaction as each batch, so that a
  retried task resumes exactly where the committed work ends;
- the worker's lease (``WorkerHeartbeat``): a task whose worker stopped beating (``kill -9``, a lost
  machine) is given to another worker, up to ``YINGSHANG_JOB_MAX_ATTEMPTS`` times, then marked failed.
  The database backend of django-tasks does neither retry nor recover by itself.

Tasks that are not user jobs (the appeals triage tick) use django-tasks directly and the periodic
registry below; they share the worker, its lease and its recovery.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import logging
import os
import socket
import time
from dataclasses import dataclass
from typing import Any, Callable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from .models import Job, WorkerHeartbeat
from .permissions import has_capability, require_capability

try:  # Django 6 ships django.tasks; on 5.2 the django-tasks backport provides the same API.
    from django.tasks import task
except ImportError:  # pragma: no cover - depends on the Django version
    from django_tasks import task

logger = logging.getLogger(__name__)

PROGRESS_INTERVAL_SECONDS = 0.5


def lease_seconds() -> float:
    """How long a worker may stay silent before its running task is given to another worker."""
    return float(getattr(settings, "YINGSHANG_JOB_LEASE_SECONDS", 60))


def max_attempts() -> int:
    return int(getattr(settings, "YINGSHANG_JOB_MAX_ATTEMPTS", 3))


# --- kinds -------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class JobKind:
    kind: str
    title: Any
    handler: Callable[..., dict | None]
    capability: str | None = None
    queue: str = "default"

    @property
    def handler_path(self) -> str:
        return f"{self.handler.__module__}.{self.handler.__qualname__}"


JOB_KINDS: dict[str, JobKind] = {}


def job_kind(kind: str, *, title, capability: str | None = None, queue: str = "default"):
    """Register ``handler(job, actor, **params) -> result dict`` as the work of one kind of job.

    The result is JSON; two keys mean something to the pages: ``message`` (one Chinese sentence saying
    what was done) and ``url`` (where the requester goes next: the imported plan, the bulletin...).
    """

    def register(handler):
        JOB_KINDS[kind] = JobKind(kind=kind, title=title, handler=handler, capability=capability, queue=queue)
        return handler

    return register


def autodiscover() -> None:
    """Import every app's ``jobs`` module: their kinds and periodic tasks register themselves."""
    from django.utils.module_loading import autodiscover_modules

    autodiscover_modules("jobs")


def enqueue(kind: str, actor, *, title: str | None = None, payload: bytes | None = None, **params) -> Job:
    """Queue one job of ``kind`` on behalf of ``actor``; params must be JSON values, a file goes in ``payload``.

    The capability of the kind is checked now, in the request, so that nobody queues work they may
    not do; the handler checks it again when it runs (a right withdrawn meanwhile stops the job).
    """
    if kind not in JOB_KINDS:
        autodiscover()
    spec = JOB_KINDS.get(kind)
    if spec is None:
        raise ValueError(f"unknown job kind {kind!r}")
    if spec.capability:
        require_capability(actor, spec.capability)
    person = actor if getattr(actor, "pk", None) else None
    with transaction.atomic():
        job = Job.objects.create(
            kind=kind, title=str(title or spec.title)[:200], requested_by=person, unit_id=getattr(person, "unit_id", None),
            params=params, payload=payload,
        )
        # With the immediate backend (tests) the job has run when enqueue returns.
        result = run_job.using(queue_name=spec.queue).enqueue(job.pk, spec.handler_path)
        Job.objects.filter(pk=job.pk).update(task_id=str(result.id))
    job.refresh_from_db()
    return job


# --- progress and checkpoints ------------------------------------------------------------------------

def report_progress(job: Job | None, done: int, total: int | None = None, message: str = "", *, force: bool = False) -> None:
    """Show how far a job is. Cheap enough to call per row: writes at most every 0.5 s (and at the end)."""
    if job is None or job.pk is None:
        return
    now = time.monotonic()
    total = job.total if total is None else total
    last = getattr(job, "_progress_written", 0.0)
    if not force and now - last < PROGRESS_INTERVAL_SECONDS and done < total:
        return
    job._progress_written = now
    job.done, job.total, job.message = done, total, str(message)[:300]
    Job.objects.filter(pk=job.pk).update(done=done, total=total, message=job.message, updated_at=timezone.now())


def save_checkpoint(job: Job | None, state: dict, done: int, total: int, message: str = "") -> None:
    """Store how far the committed work goes. Call it inside the transaction of the batch it describes:
    both commit together or neither does, so a retry resumes at exactly the right row."""
    if job is None or job.pk is None:
        return
    job.checkpoint = state
    job.done, job.total, job.message = done, total, str(message)[:300]
    job._progress_written = time.monotonic()
    Job.objects.filter(pk=job.pk).update(checkpoint=state, done=done, total=total, message=job.message, updated_at=timezone.now())


@contextlib.contextmanager
def write_transaction():
    """``transaction.atomic()`` that takes SQLite's write lock at BEGIN (IMMEDIATE).

    A deferred SQLite transaction that reads, then writes, fails at once with "database is locked"
    when another connection (a web request, the worker's heartbeat) committed in between: waiting
    cannot help it. Taking the lock first makes it wait its turn instead. Other databases: plain atomic.
    """
    connection = transaction.get_connection()
    if connection.vendor != "sqlite" or connection.in_atomic_block:
        with transaction.atomic():
            yield
        return
    connection.ensure_connection()
    previous = getattr(connection, "transaction_mode", None)
    connection.transaction_mode = "IMMEDIATE"
    try:
        with transaction.atomic():
            yield
    finally:
        connection.transaction_mode = previous


def should_commit_batch(started: float, rows: int, *, seconds: float = PROGRESS_INTERVAL_SECONDS, max_rows: int = 1000) -> bool:
    """Batches short enough to show progress often and to keep the write lock brief."""
    return rows >= max_rows or time.monotonic() - started >= seconds


# --- running ----------------------------------------------------------------------------------------

@task()
def run_job(job_id: int, handler_path: str) -> str:
    """The one task every job runs through: load the job, call its handler, record the outcome."""
    import_string(handler_path)  # importing the module registers its kinds
    job = Job.objects.filter(pk=job_id).select_related("requested_by").first()
    if job is None or job.is_finished:
        return "skipped"
    spec = JOB_KINDS[job.kind]
    job.status, job.attempt, job.started_at = Job.Status.RUNNING, job.attempt + 1, job.started_at or timezone.now()
    if job.attempt > 1:
        job.message = _("执行进程中断后第 %(n)d 次执行,从已保存的进度继续") % {"n": job.attempt}
    # Claim the job itself, not only its task row: a job another run already holds is never run twice.
    claimed = Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(
        status=job.status, attempt=job.attempt, started_at=job.started_at, message=job.message, updated_at=timezone.now())
    if not claimed:
        return "skipped"
    try:
        result = spec.handler(job, job.requested_by, **job.params) or {}
    except (ValidationError, PermissionDenied) as error:
        messages = error.messages if isinstance(error, ValidationError) else [str(error) or _("没有执行该任务的权限")]
        _finish(job, Job.Status.FAILED, error=";".join(messages))
        return "failed"
    except Exception as error:
        logger.exception("job %s (%s) failed", job.pk, job.kind)
        _finish(job, Job.Status.FAILED, error=_("任务执行出错:%(error)s") % {"error": f"{type(error).__name__}: {error}"[:500]})
        raise
    _finish(job, Job.Status.SUCCEEDED, result=result)
    return "succeeded"


def _finish(job: Job, status: str, *, result: dict | None = None, error: str = "") -> None:
    fields = {"status": status, "finished_at": timezone.now(), "error": error, "payload": None, "updated_at": timezone.now()}
    if status == Job.Status.SUCCEEDED:
        fields.update(result=result, done=max(job.done, job.total), message="", checkpoint=None)
    Job.objects.filter(pk=job.pk).update(**fields)
    for name, value in fields.items():
        setattr(job, name, value)


def job_payload(job: Job) -> bytes:
    """The uploaded file of a job (read from the database: workers may run on another machine)."""
    data = Job.objects.filter(pk=job.pk).values_list("payload", flat=True).first()
    if data is None:
        raise ValidationError(_("任务的上传文件已不存在"))
    return bytes(data)


# --- the worker's lease and the recovery of tasks whose worker died -----------------------------------

def worker_beat(worker_id: str, *, started_at: dt.datetime | None = None) -> None:
    now = timezone.now()
    # One statement each (no read-then-write): safe next to the task's own transactions on SQLite.
    if not WorkerHeartbeat.objects.filter(worker_id=worker_id).update(beat_at=now):
        WorkerHeartbeat.objects.create(worker_id=worker_id, beat_at=now, started_at=started_at or now,
                                       host=socket.gethostname()[:128], pid=os.getpid())


def worker_gone(worker_id: str) -> None:
    WorkerHeartbeat.objects.filter(worker_id=worker_id).delete()


def recover_lost_tasks(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Give the running tasks of silent workers to another worker, or fail them after too many attempts.

    A task's attempts are its claims (django-tasks appends the worker id at each). The conditional
    updates make two recovering workers safe: only one of them moves each task.
    """
    from django_tasks_db.models import DBTaskResult

    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=lease_seconds())
    alive = set(WorkerHeartbeat.objects.filter(beat_at__gte=cutoff).values_list("worker_id", flat=True))
    counts = {"retried": 0, "failed": 0}
    for task_row in DBTaskResult.objects.filter(status="RUNNING", started_at__lt=cutoff).only("id", "worker_ids"):
        owner = task_row.worker_ids[-1] if task_row.worker_ids else None
        if owner in alive:
            continue
        with write_transaction():
            running = DBTaskResult.objects.filter(id=task_row.id, status="RUNNING")
            if len(task_row.worker_ids) >= max_attempts():
                moved = running.update(status="FAILED", finished_at=now, exception_class_path="yingshang.core.jobs.WorkerLost",
                                       traceback=f"worker {owner} stopped during the task ({len(task_row.worker_ids)} attempts)")
                if moved:
                    counts["failed"] += 1
                    Job.objects.filter(task_id=str(task_row.id)).exclude(status__in=[Job.Status.SUCCEEDED, Job.Status.FAILED]).update(
                        status=Job.Status.FAILED, finished_at=now, payload=None, updated_at=now,
                        error=_("执行任务的进程中断了 %(n)d 次,任务已停止;已保存的部分不会重复执行,可重新提交。") % {"n": len(task_row.worker_ids)},
                    )
            else:
                moved = running.update(status="READY")
                if moved:
                    counts["retried"] += 1
                    Job.objects.filter(task_id=str(task_row.id), status=Job.Status.RUNNING).update(
                        status=Job.Status.QUEUED, updated_at=now, message=_("执行进程中断,等待重试"),
                    )
    # Leases of workers gone for a day tell nothing any more.
    WorkerHeartbeat.objects.filter(beat_at__lt=now - dt.timedelta(days=1)).delete()
    return counts


# --- periodic tasks (a self-re-enqueuing task, one chain per kind) -------------------------------------

@dataclass(frozen=True)
class Periodic:
    name: str
    task_path: str  # dotted path of a django-tasks task taking no arguments
    queue: str
    enabled: Callable[[], bool]


PERIODIC: dict[str, Periodic] = {}


def periodic(name: str, *, task_path: str, queue: str = "default", enabled: Callable[[], bool] = lambda: True) -> None:
    PERIODIC[name] = Periodic(name=name, task_path=task_path, queue=queue, enabled=enabled)


def periodic_pending(task_path: str, *, exclude_id: str | None = None) -> bool:
    from django_tasks_db.models import DBTaskResult

    waiting = DBTaskResult.objects.filter(task_path=task_path, status__in=["READY", "RUNNING"])
    if exclude_id:
        waiting = waiting.exclude(id=exclude_id)
    return waiting.exists()


def ensure_periodic_tasks() -> list[str]:
    """Start the chain of every enabled periodic task that has none waiting or running (worker start, and
    after a chain broke: a tick that failed too often)."""
    started = []
    for item in PERIODIC.values():
        if not item.enabled() or periodic_pending(item.task_path):
            continue
        import_string(item.task_path).using(queue_name=item.queue).enqueue()
        started.append(item.name)
    return started


def reschedule(task_obj, *, after_seconds: float, current_id: str | None) -> None:
    """The end of a periodic tick: queue the next one unless another chain already waits.

    Only a queue that keeps tasks for later (the database backend) carries a chain; the immediate
    backend of the tests runs one tick per enqueue.
    """
    if not task_obj.get_backend().supports_defer:
        return
    if periodic_pending(task_obj.module_path, exclude_id=current_id):
        return
    run_after = timezone.now() + dt.timedelta(seconds=after_seconds)
    task_obj.using(run_after=run_after).enqueue()


# --- reading (scope: requesters see their own jobs, administrators all) ---------------------------------

def jobs_visible_to(user):
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    jobs = Job.objects.select_related("requested_by")
    if user.is_superuser or has_capability(user, "core.view_all_jobs"):
        return jobs
    return jobs.filter(requested_by=user)


def job_get_for_user(user, pk: int) -> Job:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(jobs_visible_to(user), pk=pk)


def job_result_url(job: Job) -> str | None:
    if job.status != Job.Status.SUCCEEDED:
        return None
    return (job.result or {}).get("url") or None


