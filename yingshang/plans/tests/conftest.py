"""Fixtures of the plans tests: a small synthetic district plan, imported and published on a frozen clock.

The plan (fixtures/sample_plan.txt) is issued by 甘井子区人民政府, so 区财政局 and 区直相关部门 resolve
inside that district; it names one unit the organisation tree does not know (区数字孪生推进中心).
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from yingshang.core import clock

FIXTURES = Path(__file__).resolve().parent / "fixtures"
SAMPLE_PLAN = FIXTURES / "sample_plan.txt"
SEEDS = Path(__file__).resolve().parents[4] / "shared" / "seeds"
PUBLISHED_ON = dt.datetime(2026, 1, 10, 10, 0)


def seed_path(prefix: str) -> Path:
    found = sorted(SEEDS.glob(f"{prefix}_*")) if SEEDS.is_dir() else []
    if not found:
        pytest.skip(f"种子文件 {prefix}_* 不在 {SEEDS}(种子位于仓库之外的 ../shared/seeds),跳过")
    return found[0]


@pytest.fixture(autouse=True)
def media_root(request, tmp_path):
    """Uploaded plans, evidence and bulletins go to a temporary folder, never into var/.

    Only for database tests: the parser's tests also run without Django (``-p no:django``).
    """
    if request.node.get_closest_marker("django_db") is None:
        return None
    settings = request.getfixturevalue("settings")
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def at():
    """Move the platform clock: ``at(2026, 7, 1)``; released after the test."""

    def move(*args):
        clock.set_now(dt.datetime(*args) if len(args) > 1 else args[0])

    yield move
    clock.set_now(None)


@pytest.fixture
def draft(users, at):
    from yingshang.plans.services import plan_import

    at(PUBLISHED_ON)
    return plan_import(actor=users["admin"], source=SAMPLE_PLAN)


@pytest.fixture
def published(draft, users):
    from yingshang.plans.services import plan_publish

    plan_publish(actor=users["admin"], plan=draft, expected_version=draft.version)
    draft.refresh_from_db()
    return draft


def task_of(plan, unit_name: str, number: str | None = None):
    from yingshang.plans.models import Task

    tasks = Task.objects.filter(plan=plan, unit__name=unit_name).select_related("item", "unit", "plan")
    if number:
        tasks = tasks.filter(item__number=number)
    return tasks.get()
