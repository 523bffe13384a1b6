"""A task's status as of a day, derived from its deadline, its reports and its indicator values.

Pure Python on plain facts (no database), so the ledger, the board, the ranking of a past period and
the tests all derive status the same way. The rules, in order:

* 已完成 — the unit's final report (申请办结) was submitted on or before the day;
* 逾期 — not finished and the deadline has passed (the day after 完成时限);
* 滞后 — not finished, not overdue, and at least one of:
  - a whole reporting cycle (monthly by default, plus the grace days) passed without a report;
  - the reported progress is behind the time elapsed (序时进度) by more than the plan's tolerance;
  - an indicator's target date has passed and the latest reported value does not attain it;
* 推进中 — at least one report;
* 未启动 — no report yet, and nothing above applies.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

NOT_STARTED = "not_started"
IN_PROGRESS = "in_progress"
FINISHED = "finished"
LAGGING = "lagging"
OVERDUE = "overdue"

STATUS_LABELS = {
    NOT_STARTED: "未启动",
    IN_PROGRESS: "推进中",
    FINISHED: "已完成",
    LAGGING: "滞后",
    OVERDUE: "逾期",
}
# Worst first: a matrix cell or a unit shows its worst task.
SEVERITY = [OVERDUE, LAGGING, NOT_STARTED, IN_PROGRESS, FINISHED]


def attains(comparator: str, target: Decimal, value: Decimal | None) -> bool:
    """Whether a reported value meets a target; "=" targets (新增10家, 降低10%) count once reached."""
    if value is None:
        return False
    return {
        "≥": value >= target, ">": value > target, "≤": value <= target, "<": value < target, "=": value >= target,
    }[comparator]


@dataclass(frozen=True)
class ReportFact:
    submitted_on: dt.date
    percent: int
    is_final: bool = False
    values: dict[int, Decimal] = field(default_factory=dict)  # indicator id → value


@dataclass(frozen=True)
class IndicatorFact:
    id: int
    label: str
    comparator: str
    value: Decimal
    due: dt.date | None

    def attained_by(self, value: Decimal | None) -> bool:
        return attains(self.comparator, self.value, value)


@dataclass(frozen=True)
class TaskFacts:
    start_on: dt.date
    due: dt.date | None
    finished_on: dt.date | None = None
    reports: tuple[ReportFact, ...] = ()
    indicators: tuple[IndicatorFact, ...] = ()  # only for tasks that report the item's indicators
    every_months: int = 1
    grace_days: int = 5
    tolerance: int = 20


@dataclass(frozen=True)
class TaskStatus:
    code: str
    reasons: tuple[str, ...] = ()
    percent: int = 0  # latest reported progress (100 when finished)
    finished_late: bool = False

    @property
    def label(self) -> str:
        return STATUS_LABELS[self.code]


# --- periods and reporting cycles -------------------------------------------------------------------

def month_end(day: dt.date) -> dt.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def add_months(day: dt.date, months: int) -> dt.date:
    index = day.year * 12 + day.month - 1 + months
    return dt.date(index // 12, index % 12 + 1, 1)


def cycle_start(day: dt.date, every_months: int) -> dt.date:
    """First day of the reporting cycle containing ``day``; cycles start in January."""
    month = (day.month - 1) // every_months * every_months + 1
    return dt.date(day.year, month, 1)


def cycle_key(day: dt.date, every_months: int) -> str:
    start = cycle_start(day, every_months)
    return f"{start.year}-{start.month:02d}"


def parse_period(period: str) -> tuple[dt.date, dt.date]:
    """``"2026-10"`` → (2026-10-01, 2026-10-31); ValueError with a Chinese message otherwise."""
    try:
        year, month = (int(part) for part in period.strip().split("-"))
        start = dt.date(year, month, 1)
    except (ValueError, AttributeError):
        raise ValueError(f"周期“{period}”格式不正确,应为 YYYY-MM,例如 2026-10")
    return start, month_end(start)


def period_label(period: str) -> str:
    start, _ = parse_period(period)
    return f"{start.year}年{start.month}月"


def last_closed_cycle(as_of: dt.date, every_months: int, grace_days: int) -> tuple[dt.date, dt.date] | None:
    """The most recent cycle whose report window (cycle end + grace days) closed before ``as_of``."""
    start = cycle_start(as_of, every_months)
    for _ in range(3):
        start = add_months(start, -every_months)
        end = add_months(start, every_months) - dt.timedelta(days=1)
        if end + dt.timedelta(days=grace_days) < as_of:
            return start, end
    return None


# --- the derivation ---------------------------------------------------------------------------------

def _fmt(day: dt.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def derive_status(facts: TaskFacts, as_of: dt.date) -> TaskStatus:
    reports = sorted((r for r in facts.reports if r.submitted_on <= as_of), key=lambda r: r.submitted_on)
    latest_percent = reports[-1].percent if reports else 0

    if facts.finished_on is not None and facts.finished_on <= as_of:
        late = facts.due is not None and facts.finished_on > facts.due
        reasons = (f"{_fmt(facts.finished_on)}办结" + (",晚于完成时限" if late else ""),)
        return TaskStatus(FINISHED, reasons, 100, late)

    if facts.due is not None and as_of > facts.due:
        return TaskStatus(OVERDUE, (f"完成时限{_fmt(facts.due)}已过,尚未办结",), latest_percent)

    reasons: list[str] = []
    closed = last_closed_cycle(as_of, facts.every_months, facts.grace_days)
    if closed and facts.start_on <= closed[0] and not any(r.submitted_on >= closed[0] for r in reports):
        start, end = closed
        span = f"{start.year}年{start.month}月" if start.month == end.month else f"{start.year}年{start.month}—{end.month}月"
        reasons.append(f"{span}未报送进度")

    if facts.due is not None and facts.due > facts.start_on:
        elapsed = (as_of - facts.start_on).days / (facts.due - facts.start_on).days
        expected = round(max(0.0, min(1.0, elapsed)) * 100)
        if latest_percent + facts.tolerance < expected:
            reasons.append(f"序时进度应达{expected}%,实报{latest_percent}%")

    latest_values: dict[int, Decimal] = {}
    for report in reports:
        latest_values.update(report.values)
    for indicator in facts.indicators:
        if indicator.due is not None and indicator.due < as_of and not indicator.attained_by(latest_values.get(indicator.id)):
            reasons.append(f"指标“{indicator.label}”于{_fmt(indicator.due)}未达标")

    if reasons:
        return TaskStatus(LAGGING, tuple(reasons), latest_percent)
    if reports:
        return TaskStatus(IN_PROGRESS, (), latest_percent)
    return TaskStatus(NOT_STARTED, (), 0)


def worst(codes) -> str | None:
    present = set(codes)
    for code in SEVERITY:
        if code in present:
            return code
    return None


def indicator_results(facts: TaskFacts, as_of: dt.date) -> tuple[bool, ...]:
    """Attainment of each indicator that is due for judgement on ``as_of``: its own date has passed,
    or (undated) the task's deadline has, or the task is finished."""
    finished = facts.finished_on is not None and facts.finished_on <= as_of
    task_due_passed = facts.due is not None and as_of > facts.due
    latest: dict[int, Decimal] = {}
    for report in sorted((r for r in facts.reports if r.submitted_on <= as_of), key=lambda r: r.submitted_on):
        latest.update(report.values)
    results = []
    for indicator in facts.indicators:
        due_passed = indicator.due < as_of if indicator.due is not None else task_due_passed
        if finished or due_passed:
            results.append(indicator.attained_by(latest.get(indicator.id)))
    return tuple(results)
