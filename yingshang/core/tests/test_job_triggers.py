"""The pages of the four modules that start long work queue a background job (core/jobs.py) and, once it
has run (at once with the tests' immediate backend), land on its outcome."""

from __future__ import annotations

import pytest
from django.urls import reverse

from yingshang.core.models import Job

pytestmark = pytest.mark.django_db


def _messages(response) -> str:
    return " ".join(str(m) for m in response.context["messages"]) if response.context else ""


def test_full_matching_runs_as_a_job_and_reports_its_counts(client_for):
    response = client_for("admin").post(reverse("policies:match_run"), follow=True)
    job = Job.objects.get(kind="policies.match_all")
    assert job.status == Job.Status.SUCCEEDED and job.result["enterprises"] > 0
    assert response.redirect_chain[-1][0] == reverse("policies:manage")
    assert "匹配完成" in _messages(response)


def test_a_detector_run_runs_as_a_job(client_for):
    response = client_for("admin").post(reverse("insights:detection_run"), follow=True)
    job = Job.objects.get(kind="insights.run_detection")
    assert job.status == Job.Status.SUCCEEDED and job.result["series"] >= 0
    assert response.redirect_chain[-1][0] == reverse("insights:warning_list") and "监测完成" in _messages(response)


@pytest.mark.parametrize("url, kind", [("insights:bulletin_list", "insights.bulletin_generate"), ("plans:bulletin_list", "plans.bulletin_generate")])
def test_a_refused_bulletin_period_fails_the_job_and_says_why(client_for, url, kind):
    response = client_for("admin").post(reverse(url), {"period": "2026-13"}, follow=True)
    job = Job.objects.get(kind=kind)
    assert job.status == Job.Status.FAILED and job.error
    assert response.redirect_chain[-1][0] == reverse(url) and job.error in _messages(response)


def test_retraining_the_classifier_is_a_job(client_for):
    response = client_for("admin").post(reverse("appeals:models"), {"op": "retrain"}, follow=True)
    job = Job.objects.get(kind="appeals.classifier_retrain")
    assert job.is_finished
    assert response.redirect_chain[-1][0] == reverse("appeals:models")
    assert (job.result or {}).get("message", job.error) in _messages(response)


def test_a_read_only_role_cannot_start_work(client_for):
    assert client_for("handler_scj").post(reverse("policies:match_run")).status_code == 403
    assert client_for("handler_scj").post(reverse("insights:detection_run")).status_code == 403
    assert not Job.objects.exists()
