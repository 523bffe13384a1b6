"""Review of a draft before publishing: deadlines already past and items without any unit are named, and a
plan with past deadlines is published only on an explicit choice (as written, or shifted); the timeline then
draws the overdue stretch; the bulletin's task tables name each task's plan; the ranking runs as a job."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingshang.core.models import Job
from yingshang.plans import selectors, services
from yingshang.plans.bulletins import TASK_HEADER, _task_rows
from yingshang.plans.models import Task

pytestmark = pytest.mark.django_db

AFTER_THE_DEADLINE = dt.datetime(2026, 8, 3, 9, 0)  # item 1. is due 2026-06-30


def test_review_names_past_deadlines_and_items_without_units(draft, at):
    assert not services.publish_warnings(draft).past_due  # on the import day nothing is past
    at(AFTER_THE_DEADLINE)
    warnings = services.publish_warnings(draft)
    assert [(item.number, due) for item, due in warnings.past_due] == [("1.", dt.date(2026, 6, 30))]
    assert "保障措施" in {item.title for item in warnings.without_units}
    assert all(not item.mentions.exists() for item in warnings.without_units)
    assert warnings.suggested_shift > warnings.today


def test_publishing_past_deadlines_needs_an_explicit_choice(draft, users, at):
    at(AFTER_THE_DEADLINE)
    with pytest.raises(ValidationError) as refused:
        services.plan_publish(actor=users["admin"], plan=draft, expected_version=draft.version)
    assert "完成时限已过" in refused.value.messages[0]
    assert not Task.objects.filter(plan=draft).exists()
    with pytest.raises(ValidationError):  # a shift into the past is no shift
        services.plan_publish(actor=users["admin"], plan=draft, expected_version=draft.version, past_due="shift", shift_to=dt.date(2026, 7, 1))
    services.plan_publish(actor=users["admin"], plan=draft, expected_version=draft.version, past_due="shift", shift_to=dt.date(2026, 12, 31))
    shifted = Task.objects.filter(plan=draft, item__number="1.")
    assert shifted and {t.due for t in shifted} == {dt.date(2026, 12, 31)}


def test_publishing_as_written_keeps_the_deadline_and_the_timeline_draws_the_overdue_stretch(draft, users, at):
    at(AFTER_THE_DEADLINE)
    services.plan_publish(actor=users["admin"], plan=draft, expected_version=draft.version, past_due="keep")
    tasks = selectors.with_status(list(Task.objects.filter(plan=draft).select_related("unit", "item", "plan")))
    late = [t for t in tasks if t.due == dt.date(2026, 6, 30)]
    assert late and all(t.status.code == "overdue" for t in late)
    timeline = selectors.timeline(tasks)
    rows = {row.task.pk: row for _, unit_rows in timeline.groups for row in unit_rows}
    for task in late:
        row = rows[task.pk]
        # A bar that ends at the deadline, and the overdue stretch from there to today.
        assert row.width > 0.5 and row.late_left is not None and row.late_width > 1
        assert row.late_left == pytest.approx(row.left + row.width, abs=0.7)
    on_time = [rows[t.pk] for t in tasks if t.due is None]
    assert all(row.late_left is None for row in on_time)


def test_review_page_warns_and_offers_the_choice(draft, client_for, at):
    at(AFTER_THE_DEADLINE)
    client = client_for("admin")
    page = client.get(reverse("plans:plan_detail", args=[draft.pk])).content.decode()
    assert 'id="past-due-warning"' in page and "2026-06-30" in page and 'id="no-unit-warning"' in page
    assert 'name="past_due"' in page and 'value="shift"' in page and 'value="keep"' in page
    refused = client.post(reverse("plans:plan_publish", args=[draft.pk]), {"version": draft.version}, follow=True)
    assert "完成时限已过" in refused.content.decode() and not Task.objects.filter(plan=draft).exists()
    done = client.post(reverse("plans:plan_publish", args=[draft.pk]),
                       {"version": draft.version, "past_due": "shift", "shift_to": "2026-11-30"}, follow=True)
    assert "方案已发布" in done.content.decode()
    assert set(Task.objects.filter(plan=draft, item__number="1.").values_list("due", flat=True)) == {dt.date(2026, 11, 30)}


def test_bulletin_task_tables_name_the_plan():
    assert str(TASK_HEADER[0]) == "所属方案"
    rows = _task_rows([{"plan": "甘井子区2026年营商环境优化行动方案", "path": "1.1.1", "title": "推进一网通办", "unit": "区财政局",
                        "role": "牵头", "due": "2026-06-30", "days_overdue": 12, "reasons": ""}], overdue=True)
    assert rows[0][0] == "甘井子区2026年营商环境优化行动方案" and rows[0][-1] == "逾期12天"


def test_ranking_recompute_runs_as_a_background_job(published, client_for):
    client = client_for("admin")
    response = client.post(reverse("plans:ranking"), {"period": "2026-01"}, follow=True)
    job = Job.objects.filter(kind="plans.ranking_compute").latest("pk")
    assert job.status == Job.Status.SUCCEEDED and "排名已重新计算" in response.content.decode()
    assert selectors.ranking_latest("2026-01") is not None


def test_long_operations_disable_their_button_while_working(published, client_for):
    """Forms that start work of more than a second carry data-submit-once (core/submit-once.js)."""
    client = client_for("admin")
    ranking = client.get(reverse("plans:ranking")).content.decode()
    assert "data-submit-once" in ranking.split('id="recompute"', 1)[0].rsplit("<form", 1)[1]
    for url in (reverse("plans:plan_import"), reverse("plans:bulletin_list")):
        assert "data-submit-once" in client.get(url).content.decode()
