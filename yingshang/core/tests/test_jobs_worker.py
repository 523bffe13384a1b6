"""Background jobs against real `yingshang db_worker` processes: a worker killed with SIGKILL in the
middle of a registry import leaves whole batches only, and the next worker finishes the import
without applying any row twice."""

from __future__ import annotations

from .jobs_support import enterprise_csv, wait_for, worker_db  # noqa: F401  (fixture)

ROWS = 5000  # enough that the first worker is killed mid-import: a chunked import writes ~2,000 rows a second


def _job(database, job_id):
    status, done, total, attempt, error = database.query("SELECT status, done, total, attempt, error FROM core_job WHERE id = ?", (job_id,))[0]
    return {"status": status, "done": done, "total": total, "attempt": attempt, "error": error}


def _imported(database) -> tuple[int, int]:
    rows = database.query("SELECT COUNT(*), COUNT(DISTINCT credit_code) FROM core_enterprise WHERE name LIKE ?", ("后台导入测试%",))
    return rows[0]


def test_worker_killed_mid_import_leaves_whole_batches_and_the_retry_finishes_exactly_once(worker_db, tmp_path):
    data, codes = enterprise_csv(ROWS)
    upload = tmp_path / "registry.csv"
    upload.write_bytes(data)
    output = worker_db.python(
        "from pathlib import Path\n"
        "from yingshang.core import imports, jobs\n"
        "from yingshang.core.models import User\n"
        f"job = jobs.enqueue('core.enterprise_import', User.objects.get(username='admin'), payload=Path({str(upload)!r}).read_bytes(), filename='registry.csv')\n"
        "print(job.pk, job.status)\n"
    )
    job_id, status = output.split()[-2:]
    job_id = int(job_id)
    assert status == "queued"  # the database backend: nothing runs until a worker takes it

    log = tmp_path / "worker.log"
    lease = {"JOB_LEASE_SECONDS": "2", "JOB_HEARTBEAT_SECONDS": "0.3"}
    first = worker_db.start_worker(log, **lease)
    try:
        wait_for(lambda: _job(worker_db, job_id)["done"] > 0, timeout=120, interval=0.05, what="the first committed batch")
    finally:
        first.kill()  # SIGKILL: no clean-up code of the worker runs
        first.wait(10)
    killed = _job(worker_db, job_id)
    assert killed["status"] == "running" and 0 < killed["done"] < ROWS, (killed, log.read_text(errors="replace")[-2000:])
    # Every committed batch carries its checkpoint: the rows in the registry are exactly the rows reported done.
    count, distinct = _imported(worker_db)
    assert count == distinct == killed["done"]

    second = worker_db.start_worker(log, **lease)
    try:
        finished = wait_for(lambda: (lambda job: job if job["status"] in ("succeeded", "failed") else None)(_job(worker_db, job_id)),
                            timeout=300, interval=0.2, what="the retried job to finish")
    finally:
        second.terminate()
        second.wait(20)
    assert finished["status"] == "succeeded", (finished, log.read_text(errors="replace")[-6000:])
    assert finished["attempt"] == 2
    assert _imported(worker_db) == (ROWS, ROWS)
    # One import record, every row created once: a row applied twice would show as "updated".
    reports = worker_db.query("SELECT total_rows, created_rows, updated_rows, failed_rows FROM core_importjob WHERE filename = ?", ("registry.csv",))
    assert reports == [(ROWS, ROWS, 0, 0)]
    task_status = worker_db.query("SELECT status FROM django_tasks_database_dbtaskresult")
    assert task_status == [("SUCCESSFUL",)]
