"""`yingshang db_worker`: django-tasks' database worker, plus the lease that makes it crash-safe.

The library's worker claims a task and runs it; if the process dies (kill -9, a lost machine) the task
stays RUNNING for ever. Here a supervisor thread beats this worker's lease every few seconds and hands
the tasks of silent workers back to the queue (or fails them after too many attempts), and starts the
chains of the periodic tasks (core/jobs.py). Several such processes may run on several machines.
"""

from __future__ import annotations

import threading

from django.conf import settings
from django.db import close_old_connections, connection
from django_tasks_db.management.commands import db_worker as library

from yingshang.core import jobs


class Supervisor(threading.Thread):
    def __init__(self, worker_id: str, interval: float):
        super().__init__(name="yingshang-job-lease", daemon=True)
        self.worker_id, self.interval = worker_id, interval
        self.stopped = threading.Event()

    def tick(self) -> None:
        close_old_connections()
        try:
            jobs.worker_beat(self.worker_id)
            counts = jobs.recover_lost_tasks()
            if counts["retried"] or counts["failed"]:
                library.logger.warning("recovered tasks of stopped workers: %s", counts)
            jobs.ensure_periodic_tasks()
        except Exception:  # a locked SQLite file or a database restart: try again at the next beat
            library.logger.exception("job lease tick failed")

    def run(self) -> None:
        while not self.stopped.wait(self.interval):
            self.tick()
        connection.close()


DEFAULT_QUEUES = "default,triage"


class Command(library.Command):
    help = "运行后台任务进程(django-tasks 数据库队列;带心跳租约与中断任务恢复)"

    def add_arguments(self, parser):
        super().add_arguments(parser)
        # One worker serves every queue unless told otherwise (docs/deploy.md: dedicated triage workers).
        parser.set_defaults(queue_name=DEFAULT_QUEUES)

    def handle(self, *args, **options):
        jobs.autodiscover()
        worker_id = options["worker_id"]
        supervisor = Supervisor(worker_id, settings.YINGSHANG_JOB_HEARTBEAT_SECONDS)
        # The first beat and recovery before the first claim: a restarted worker picks up its predecessor's task.
        supervisor.tick()
        supervisor.start()
        try:
            return super().handle(*args, **options)
        finally:
            supervisor.stopped.set()
            jobs.worker_gone(worker_id)
