"""Background jobs (core/jobs.py) with the immediate backend of the tests: the API, the pages, the
scope of who sees which job, and the recovery of tasks whose worker stopped."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from yingshang.core import jobs
from yingshang.core.models import Enterprise, ImportJob, Job, WorkerHeartbeat

from .jobs_support import enterprise_csv

pytestmark = pytest.mark.django_db


def test_enqueue_runs_the_import_and_keeps_its_result(users):
    data, codes = enterprise_csv(30)
    job = jobs.enqueue("core.enterprise_import", users["admin"], payload=data, filename="reg.csv")
    assert job.status == Job.Status.SUCCEEDED and job.attempt == 1
    assert (job.done, job.total) == (30, 30) and job.percent == 100
    assert job.result["created"] == 30 and job.result["failed"] == 0
    assert ImportJob.objects.get(pk=job.result["import_job"]).created_rows == 30
    assert Enterprise.objects.filter(credit_code__in=codes).count() == 30
    assert job.payload is None  # the upload is dropped once the job has ended
    assert job.requested_by == users["admin"] and job.unit_id == users["admin"].unit_id


def test_a_refused_file_fails_the_job_with_its_chinese_reason(users):
    job = jobs.enqueue("core.enterprise_import", users["admin"], payload=b"a,b\n1,2\n", filename="cols.csv")
    assert job.status == Job.Status.FAILED and "缺少必需的列" in job.error
    assert not ImportJob.objects.filter(filename="cols.csv").exists()


def test_enqueue_checks_the_capability_of_the_kind(users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        jobs.enqueue("core.enterprise_import", _any_user(users, "handler"), payload=b"", filename="x.csv")
    assert not Job.objects.exists()


def _any_user(users, role):
    return next(u for u in users.values() if u.role == role)


def test_a_requester_sees_their_jobs_admins_and_auditors_all(client_for, users):
    admin, handler, auditor = users["admin"], _any_user(users, "handler"), _any_user(users, "auditor")
    job = Job.objects.create(kind="core.enterprise_import", title="导入经营主体", requested_by=admin, status=Job.Status.RUNNING, done=5, total=10)
    assert list(jobs.jobs_visible_to(handler)) == []
    assert set(jobs.jobs_visible_to(auditor)) == {job}
    assert client_for(handler.username).get(reverse("job_detail", args=[job.pk])).status_code == 404
    client = client_for(admin.username)
    page = client.get(reverse("job_detail", args=[job.pk])).content.decode()
    assert 'hx-trigger="every 1s"' in page and "5 / 10" in page
    assert "导入经营主体" in client.get(reverse("job_list")).content.decode()


def test_the_progress_bar_stops_polling_and_reloads_when_the_job_ends(client_for, users):
    job = Job.objects.create(kind="core.enterprise_import", title="导入", requested_by=users["admin"], status=Job.Status.RUNNING, done=3, total=4)
    client = client_for("admin")
    running = client.get(reverse("job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert 'hx-trigger="every 1s"' in running.content.decode() and "HX-Refresh" not in running
    Job.objects.filter(pk=job.pk).update(status=Job.Status.SUCCEEDED, result={"created": 4})
    ended = client.get(reverse("job_progress", args=[job.pk]), HTTP_HX_REQUEST="true")
    assert "hx-trigger" not in ended.content.decode() and ended["HX-Refresh"] == "true"


def test_report_progress_writes_at_most_twice_a_second(users):
    job = Job.objects.create(kind="x", title="x", requested_by=users["admin"], total=100)
    jobs.report_progress(job, 1, 100, "a")
    jobs.report_progress(job, 2, 100, "b")  # within 0.5 s: not written
    job.refresh_from_db()
    assert (job.done, job.message) == (1, "a")
    job._progress_written = 0.0
    jobs.report_progress(job, 3, 100, "c")
    job.refresh_from_db()
    assert (job.done, job.message) == (3, "c")


def _running_task(worker_ids, *, minutes_ago=5):
    from django_tasks_db.models import DBTaskResult

    started = timezone.now() - dt.timedelta(minutes=minutes_ago)
    return DBTaskResult.objects.create(
        id=uuid.uuid4(), status="RUNNING", args_kwargs={"args": [], "kwargs": {}}, task_path="yingshang.core.jobs.run_job",
        backend_name="default", run_after=started, started_at=started, worker_ids=worker_ids,
    )


def test_a_task_whose_worker_stopped_is_queued_again(users):
    task_row = _running_task(["dead-1"])
    job = Job.objects.create(kind="x", title="x", requested_by=users["admin"], status=Job.Status.RUNNING, task_id=str(task_row.id), attempt=1)
    assert jobs.recover_lost_tasks() == {"retried": 1, "failed": 0}
    task_row.refresh_from_db()
    job.refresh_from_db()
    assert task_row.status == "READY" and job.status == Job.Status.QUEUED


def test_a_task_of_a_live_worker_is_left_alone_and_too_many_attempts_fail(users, settings):
    settings.YINGSHANG_JOB_MAX_ATTEMPTS = 3
    alive = _running_task(["w-live"])
    WorkerHeartbeat.objects.create(worker_id="w-live", started_at=timezone.now(), beat_at=timezone.now())
    exhausted = _running_task(["d1", "d2", "d3"])
    job = Job.objects.create(kind="x", title="x", requested_by=users["admin"], status=Job.Status.RUNNING, task_id=str(exhausted.id), attempt=3)
    assert jobs.recover_lost_tasks() == {"retried": 0, "failed": 1}
    alive.refresh_from_db()
    exhausted.refresh_from_db()
    job.refresh_from_db()
    assert alive.status == "RUNNING" and exhausted.status == "FAILED"
    assert job.status == Job.Status.FAILED and "中断了 3 次" in job.error


def test_import_page_starts_a_job_and_lands_on_its_report(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    data, _codes = enterprise_csv(5)
    response = client_for("admin").post(reverse("enterprise_import"), {"file": SimpleUploadedFile("five.csv", data)}, follow=True)
    job = Job.objects.get()
    assert response.redirect_chain == [(reverse("job_detail", args=[job.pk]), 302)]
    page = response.content.decode()
    assert "共 5 行:新增 5,更新 0,无变化 0,失败 0" in page and 'id="import-report"' in page
