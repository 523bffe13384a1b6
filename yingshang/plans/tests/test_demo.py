"""The plans demo step: Dalian's 2024 plan from the seeds, or a clear line when they are absent."""

import pytest

from yingshang.core import clock
from yingshang.plans.demo import build_demo
from yingshang.plans.models import Plan, ProgressReport, RankingRun, Task
from yingshang.plans.selectors import task_statuses

from .conftest import seed_path

pytestmark = pytest.mark.django_db


def test_without_seeds_nothing_is_generated(monkeypatch, tmp_path):
    monkeypatch.setenv("YINGSHANG_SEEDS_DIR", str(tmp_path / "absent"))
    before = Plan.objects.count()
    message = build_demo(seed=1)
    assert "未找到种子文件目录" in message and "未生成演示方案" in message
    assert Plan.objects.count() == before


def test_the_demo_city_supervises_the_dalian_2024_plan():
    seed_path("000")
    plan = Plan.objects.get(title="大连市2024年营商环境质量提升行动方案")
    assert plan.status == "published" and plan.published_at.date().isoformat() == "2024-03-01"
    tasks = list(Task.objects.filter(plan=plan).select_related("plan"))
    assert len(tasks) > 800 and ProgressReport.objects.filter(task__plan=plan).exists()
    codes = {s.code for s in task_statuses(tasks, clock.today()).values()}
    assert {"finished", "overdue"} <= codes
    assert "2025-06" in set(RankingRun.objects.values_list("period", flat=True))  # the test city ranks one period
