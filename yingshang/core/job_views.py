"""Pages of background jobs: the list, one job's page with its progress bar (htmx polls the bar every
second until the job ends) and its result; and the one helper every module's "start" view uses."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.shortcuts import redirect, render

from . import jobs
from .models import ImportJob, Job

# The page shows this many rows of an import report; the CSV download has them all.
REPORT_ROWS_SHOWN = 2000


def start_job(request, kind: str, *, payload: bytes | None = None, title: str | None = None, on_failure: str | None = None, **params):
    """Queue a job for the requesting user and send them to its page (the PRG step of every start view).

    A job that has already ended when this returns (the immediate backend of tests and of a worker-less
    setup) goes straight to its outcome: its result page, or ``on_failure`` with the error as a message.
    """
    job = jobs.enqueue(kind, request.user, payload=payload, title=title, **params)
    if job.status == Job.Status.SUCCEEDED and (job.result or {}).get("url"):
        if job.result.get("message"):
            messages.success(request, job.result["message"])
        return redirect(job.result["url"])
    if job.status == Job.Status.FAILED and on_failure:
        messages.error(request, job.error)
        return redirect(on_failure)
    return redirect("job_detail", pk=job.pk)


@login_required
def job_list(request):
    page = Paginator(jobs.jobs_visible_to(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/job_list.html", {"page": page})


def _context(request, job: Job) -> dict:
    context = {"job": job, "result_url": jobs.job_result_url(job)}
    import_id = (job.result or {}).get("import_job") if job.status == Job.Status.SUCCEEDED else None
    if import_id:
        import_job = ImportJob.objects.filter(pk=import_id).first()
        if import_job is not None:
            report = import_job.report
            failed = [row for row in report if row["status"] == "failed"]
            context.update(import_job=import_job, failed_rows=failed[:REPORT_ROWS_SHOWN],
                           report_rows=report[:REPORT_ROWS_SHOWN], report_truncated=len(report) > REPORT_ROWS_SHOWN)
    return context


@login_required
def job_detail(request, pk: int):
    job = jobs.job_get_for_user(request.user, pk)
    return render(request, "core/job_detail.html", _context(request, job))


@login_required
def job_progress(request, pk: int):
    """The progress bar alone, for htmx. When the job has ended the whole page reloads with its result."""
    job = jobs.job_get_for_user(request.user, pk)
    response = render(request, "core/_job_progress.html", {"job": job})
    if job.is_finished and request.headers.get("HX-Request"):
        url = jobs.job_result_url(job)
        if url:
            if job.result.get("message"):
                messages.success(request, job.result["message"])
            response["HX-Redirect"] = url
        else:
            response["HX-Refresh"] = "true"
    return response
