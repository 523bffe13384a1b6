"""Demo data of the plans module: the Dalian 2024 plan (seed 000), imported, published and supervised.

The plan is replayed on the test clock: published on 2024-03-01, reported on through 2024 and into
2025 by its units (most finish on time, some late, a few are still open and overdue), ranked every
half year. Everything derives from the demo seed. Without ../shared/seeds nothing is generated.
The plan itself is the same at every ``demo_scale()``; the share of tasks with synthetic reports and the
number of ranked periods scale down for the test city.
"""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal
from pathlib import Path

import numpy as np
from django.conf import settings
from django.utils import timezone

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record_bulk
from yingshang.core.modules import demo_scale

from .models import IndicatorValue, Plan, ProgressReport, Task
from .services import PAST_DUE_KEEP, plan_import, plan_publish, ranking_compute
from .status import add_months, cycle_key

DEMO_SEED_PREFIX = "000_"
PUBLISHED_AT = dt.datetime(2024, 3, 1, 9, 0)
RANKED_PERIODS = ("2024-06", "2024-12", "2025-06")
PROGRESS_TEXTS = [
    "已制定工作方案,明确责任分工和时间节点。", "已召开专题推进会,梳理存在问题并逐项落实。", "主要措施已落地实施,正在跟踪评估效果。",
    "已完成阶段性目标,相关制度文件已印发。", "会同相关部门开展联合调研,形成问题清单和整改措施。",
]
FINAL_TEXTS = ["各项措施已全部落实,达到预期目标,申请办结。", "任务已完成,相关成果已通过验收,申请办结。"]
GOOD_PRACTICES = [
    "推行“一网通办+帮办代办”服务,企业办事平均时长压缩一半。", "建立“企业服务专员”制度,对重点企业实行一对一跟踪服务。",
    "创新“免申即享”模式,政策资金直达企业账户。", "开展“局长走流程”活动,找准堵点并当场推动解决。",
]


def seeds_dir() -> Path:
    return Path(os.environ.get("YINGSHANG_SEEDS_DIR") or settings.PROJECT_DIR.parent / "shared" / "seeds")


def demo_seed_file() -> Path | None:
    folder = seeds_dir()
    if not folder.is_dir():
        return None
    return next(iter(sorted(folder.glob(f"{DEMO_SEED_PREFIX}*"))), None)


def _at(day: dt.date, rng: np.random.Generator) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9 + int(rng.integers(0, 8)), int(rng.integers(0, 60)))))


def build_demo(*, seed: int = 2026, progress=None) -> str:
    path = demo_seed_file()
    if path is None:
        return f"方案督办:未找到种子文件目录 {seeds_dir()}(或其中没有 {DEMO_SEED_PREFIX}* 文件),未生成演示方案"
    rng = np.random.default_rng(seed)
    scale = min(1.0, demo_scale())
    with clock.frozen_at(PUBLISHED_AT):
        plan = plan_import(actor=None, source=path)
        tasks = plan_publish(actor=None, plan=plan, expected_version=plan.version, past_due=PAST_DUE_KEEP)
    reported = [t for t in tasks if rng.random() < scale]  # the test city reports on a sample only
    reports, values, finished = _synthetic_reports(plan, reported, rng)
    with audited_write(None):
        ProgressReport.objects.bulk_create(reports, batch_size=2000)
        for value in values:
            value.report_id = value.report.pk
        IndicatorValue.objects.bulk_create(values, batch_size=2000)
        summary = {"plan_id": plan.pk, "synthetic": True}
        record_bulk("plans.progress_report.generate", ProgressReport, count=len(reports), summary=summary)
        record_bulk("plans.indicator_value.generate", IndicatorValue, count=len(values), summary=summary)
        Task.objects.bulk_update(finished, ["state", "finished_at", "version"], batch_size=1000)
        record_bulk("plans.task.generate", Task, count=len(finished), summary=summary)
    periods = RANKED_PERIODS[-max(1, round(len(RANKED_PERIODS) * scale)):]
    for period in periods:
        ranking_compute(actor=None, period=period)
    return f"方案督办:{plan.title} · {len(tasks)} 项任务 · {len(reports)} 份进度报告 · {len(periods)} 期排名"


def _synthetic_reports(plan: Plan, tasks: list[Task], rng: np.random.Generator):
    """Reports every one or two months; most tasks end with a final report before their deadline."""
    today = clock.today()
    indicators_by_item: dict[int, list] = {}
    for task in tasks:
        if task.accountable and task.item_id not in indicators_by_item:
            indicators_by_item[task.item_id] = list(task.item.indicators.all())
    reports: list[ProgressReport] = []
    values: list[IndicatorValue] = []
    finished: list[Task] = []
    for task in tasks:
        due = task.due or dt.date(2024, 12, 31)
        fate = rng.random()
        if fate < 0.72:
            finish_on = due - dt.timedelta(days=int(rng.integers(5, 90)))
        elif fate < 0.86:
            finish_on = due + dt.timedelta(days=int(rng.integers(10, 100)))
        else:
            finish_on = None  # still open: 逾期, with reports that stopped (or go on) at some point
        stop = finish_on or min(today, due + dt.timedelta(days=int(rng.integers(-120, 400))))
        day = task.start_on
        percent = 0
        while True:
            day = add_months(day, int(rng.integers(2, 4))) + dt.timedelta(days=int(rng.integers(0, 20)))
            if day >= stop or day > today:
                break
            percent = min(95, percent + int(rng.integers(10, 35)))
            reports.append(_report(task, plan, day, percent, PROGRESS_TEXTS[int(rng.integers(0, len(PROGRESS_TEXTS)))], rng, practice=rng.random() < 0.03))
        if finish_on and finish_on <= today:
            final = _report(task, plan, finish_on, 100, FINAL_TEXTS[int(rng.integers(0, len(FINAL_TEXTS)))], rng, practice=rng.random() < 0.08, final=True)
            reports.append(final)
            for indicator in indicators_by_item.get(task.item_id, []):
                factor = Decimal("1.1") if rng.random() < 0.85 else Decimal("0.8")
                reached = indicator.value * (factor if indicator.comparator in ("≥", ">", "=") else 2 - factor)
                values.append(IndicatorValue(report=final, indicator=indicator, value=reached.quantize(Decimal("0.01"))))
            task.state = Task.State.FINISHED
            task.finished_at = final.submitted_at
            task.version += 1
            finished.append(task)
    return reports, values, finished


def _report(task: Task, plan: Plan, day: dt.date, percent: int, text: str, rng, *, practice: bool, final: bool = False) -> ProgressReport:
    return ProgressReport(
        task=task, period=cycle_key(day, plan.report_every_months), text=text, percent=percent, is_final=final,
        good_practice=GOOD_PRACTICES[int(rng.integers(0, len(GOOD_PRACTICES)))] if practice else "",
        submitted_at=_at(day, rng),
    )
