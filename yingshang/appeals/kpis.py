"""KPIs of the closed loop, per unit and period and city-wide (definitions in docs/appeals.md).

The period selects appeals by their 受理 time; "now" is the evaluation moment (clock.now()). Every rate
keeps its numerator and denominator, so a page can show "41/45" and a test can check each count. The
completion rates count open appeals that are already past their deadline in the denominator: an
appeal left lying overdue lowers the rate instead of disappearing from it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.scope import subtree_q

from .models import Appeal, Dispatch
from .workflow import AT_UNIT_STATES, DONE_STATES, OPEN_STATES, State

SIX_MONTHS = dt.timedelta(days=183)


@dataclass
class Ratio:
    key: str
    title: str
    numerator: int = 0
    denominator: int = 0
    target: float | None = None

    @property
    def rate(self) -> float | None:
        return self.numerator / self.denominator if self.denominator else None

    @property
    def percent(self) -> str:
        return "—" if self.rate is None else f"{self.rate * 100:.1f}%"

    @property
    def meets_target(self) -> bool | None:
        if self.target is None or self.rate is None:
            return None
        return self.rate >= self.target


KPI_DEFINITIONS = [
    ("instant_dispatch", "即时转办率", 0.90),
    ("on_time_feedback", "按时反馈率", 0.90),
    ("completion", "办结率", 0.90),
    ("on_time_completion", "按时办结率", None),
    ("satisfaction", "满意率", None),
    ("repeat", "重复诉求率", None),
    ("return", "退单率", None),
    ("bad_rating_callback", "差评回访率", 1.00),
    ("enterprise_complaints_6m", "涉企投诉6个月内办结率", 0.80),
]


@dataclass
class KpiReport:
    title: str
    unit: Unit | None
    start: dt.date
    end: dt.date
    appeals: int = 0
    ratios: dict[str, Ratio] = field(default_factory=dict)

    def __iter__(self):
        return iter(self.ratios[key] for key, _, _ in KPI_DEFINITIONS)

    def __getitem__(self, key) -> Ratio:
        return self.ratios[key]


APPEAL_FIELDS = (
    "id", "unit_id", "state", "accepted_at", "dispatch_due", "dispatched_at", "dispatched_on_time", "feedback_due", "first_feedback_at",
    "feedback_on_time", "completion_due", "completed_at", "completed_on_time", "rating", "callback_count", "bad_rating_count",
    "callback_after_bad", "repeat_of_id", "merged_into_id", "is_enterprise", "appeal_type",
)


def period_bounds(start: dt.date, end: dt.date):
    from django.utils import timezone

    tz = timezone.get_current_timezone()
    return dt.datetime.combine(start, dt.time.min, tzinfo=tz), dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def new_report(title, unit, start, end) -> KpiReport:
    report = KpiReport(title=title, unit=unit, start=start, end=end)
    report.ratios = {key: Ratio(key, name, target=target) for key, name, target in KPI_DEFINITIONS}
    return report


def count_appeal(report: KpiReport, row: dict, now: dt.datetime) -> None:
    r = report.ratios
    report.appeals += 1
    r["repeat"].denominator += 1
    if row["repeat_of_id"] or row["merged_into_id"]:
        r["repeat"].numerator += 1
    if row["state"] == State.MERGED:
        return  # a merged appeal is handled (and counted) as part of the appeal it joined
    # 即时转办: dispatched before the dispatch deadline; undispatched appeals past it count against.
    if row["dispatched_at"] is not None:
        r["instant_dispatch"].denominator += 1
        r["instant_dispatch"].numerator += bool(row["dispatched_on_time"])
    elif row["state"] == State.RECEIVED and row["dispatch_due"] and row["dispatch_due"] < now:
        r["instant_dispatch"].denominator += 1
    # 按时反馈: the unit's first feedback (progress note, extension request or reply) before its deadline.
    if row["first_feedback_at"] is not None:
        r["on_time_feedback"].denominator += 1
        r["on_time_feedback"].numerator += bool(row["feedback_on_time"])
    elif row["state"] in AT_UNIT_STATES and row["feedback_due"] and row["feedback_due"] < now:
        r["on_time_feedback"].denominator += 1
    done = row["state"] in DONE_STATES
    overdue_open = row["state"] in OPEN_STATES and row["completion_due"] is not None and row["completion_due"] < now
    if done or overdue_open:
        r["completion"].denominator += 1
        r["on_time_completion"].denominator += 1
        r["completion"].numerator += done
        r["on_time_completion"].numerator += done and bool(row["completed_on_time"])
    if row["callback_count"]:
        r["satisfaction"].denominator += 1
        r["satisfaction"].numerator += (row["rating"] or 0) >= 3
    if row["bad_rating_count"] and done:
        r["bad_rating_callback"].denominator += 1
        r["bad_rating_callback"].numerator += bool(row["callback_after_bad"])
    if row["is_enterprise"] and row["appeal_type"] == "complaint":
        age = (row["completed_at"] or now) - row["accepted_at"]
        if done and row["completed_at"] and age <= SIX_MONTHS:
            r["enterprise_complaints_6m"].denominator += 1
            r["enterprise_complaints_6m"].numerator += 1
        elif (done and row["completed_at"]) or age > SIX_MONTHS:
            r["enterprise_complaints_6m"].denominator += 1


def count_dispatches(dispatches, resolve) -> None:
    for unit_id, outcome in dispatches:
        for report in resolve(unit_id):
            report.ratios["return"].denominator += 1
            report.ratios["return"].numerator += outcome == Dispatch.Outcome.RETURNED


def unit_kpis(unit: Unit, start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> KpiReport:
    """KPIs of ``unit`` and the units below it, for appeals accepted from ``start`` to ``end`` (inclusive)."""
    now = now or clock.now()
    low, high = period_bounds(start, end)
    report = new_report(unit.name, unit, start, end)
    rows = Appeal.objects.filter(subtree_q(unit, "unit"), accepted_at__gte=low, accepted_at__lt=high).values(*APPEAL_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        count_appeal(report, row, now)
    dispatches = Dispatch.objects.filter(subtree_q(unit, "unit"), at__gte=low, at__lt=high).values_list("unit_id", "outcome")
    count_dispatches(dispatches, lambda unit_id: [report])
    return report


def city_kpis(start: dt.date, end: dt.date, *, now: dt.datetime | None = None) -> tuple[KpiReport, list[KpiReport]]:
    """The city-wide report and one report per unit that handled appeals of the period."""
    now = now or clock.now()
    low, high = period_bounds(start, end)
    city = new_report("全市", None, start, end)
    per_unit: dict[int, KpiReport] = {}
    rows = Appeal.objects.filter(accepted_at__gte=low, accepted_at__lt=high).values(*APPEAL_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        count_appeal(city, row, now)
        if row["unit_id"]:
            if row["unit_id"] not in per_unit:
                per_unit[row["unit_id"]] = new_report("", None, start, end)
            count_appeal(per_unit[row["unit_id"]], row, now)
    dispatches = list(Dispatch.objects.filter(at__gte=low, at__lt=high).values_list("unit_id", "outcome"))
    for unit_id, _ in dispatches:
        if unit_id not in per_unit:
            per_unit[unit_id] = new_report("", None, start, end)
    count_dispatches(dispatches, lambda unit_id: [city, per_unit[unit_id]])
    for unit in Unit.objects.filter(pk__in=per_unit):
        per_unit[unit.pk].title, per_unit[unit.pk].unit = unit.name, unit
    return city, sorted(per_unit.values(), key=lambda r: (-r.appeals, r.title))


def monthly_series(start: dt.date, end: dt.date, *, unit: Unit | None = None) -> dict:
    """Appeals received per month and their label's top level (for the charts)."""
    low, high = period_bounds(start, end)
    appeals = Appeal.objects.filter(accepted_at__gte=low, accepted_at__lt=high)
    if unit is not None:
        appeals = appeals.filter(subtree_q(unit, "unit"))
    from django.utils import timezone

    months: dict[str, int] = defaultdict(int)
    domains: dict[str, int] = defaultdict(int)
    for accepted_at, path in appeals.values_list("accepted_at", "label__path").iterator(chunk_size=2000):
        months[timezone.localtime(accepted_at).strftime("%Y-%m")] += 1
        domains[(path or "未分类").split("/")[0]] += 1
    return {"months": sorted(months.items()), "domains": sorted(domains.items(), key=lambda kv: -kv[1])}


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The last twelve months up to today."""
    today = today or clock.today()
    return today - dt.timedelta(days=364), today



# --- the appeals figures in other modules' unit scores (core.registry score components) --------------
# Registered from AppealsConfig.ready(); the plans ranking reads them without importing this app.

# The rates that make up a unit's 12345诉求办理 score: how fast and how well it handles what it is sent.
UNIT_SCORE_RATES = ("instant_dispatch", "on_time_feedback", "on_time_completion", "satisfaction")


def _evaluated_at(end: dt.date) -> dt.datetime:
    """The end of ``end`` (a past period is judged as it stood then), never later than now."""
    return min(clock.now(), period_bounds(end, end)[1])


def _subtree_report(unit: Unit, start: dt.date, end: dt.date, now: dt.datetime, **only) -> KpiReport:
    """The KPI report of the appeals accepted in the period by ``unit`` and the units below it."""
    from yingshang.core.selectors import unit_subtree

    low, high = period_bounds(start, end)
    report = new_report(unit.name, unit, start, end)
    rows = Appeal.objects.filter(accepted_at__gte=low, accepted_at__lt=high, unit__in=unit_subtree(unit), **only).values(*APPEAL_FIELDS)
    for row in rows.iterator(chunk_size=2000):
        count_appeal(report, row, now)
    return report


def unit_handling_scores(units, start: dt.date, end: dt.date) -> dict[int, float]:
    """12345诉求办理 (0–100) of each unit: the mean of its 即时转办率, 按时反馈率, 按时办结率 and 满意率 (those
    measured), over the appeals of the period it and the units below it handled. A unit with none of them
    measured is left out: nothing to judge it on."""
    now = _evaluated_at(end)
    scores: dict[int, float] = {}
    for unit in units:
        report = _subtree_report(unit, start, end, now)
        rates = [report[key].rate for key in UNIT_SCORE_RATES if report[key].rate is not None]
        if rates:
            scores[unit.pk] = round(100 * sum(rates) / len(rates), 2)
    return scores


def enterprise_satisfaction_scores(units, start: dt.date, end: dt.date) -> dict[int, float]:
    """企业满意度 (0–100) of each unit: the 满意率 of the called-back appeals of enterprises (涉企诉求) of the
    period that it and the units below it handled. Units without such a callback are left out."""
    now = _evaluated_at(end)
    scores: dict[int, float] = {}
    for unit in units:
        rate = _subtree_report(unit, start, end, now, is_enterprise=True)["satisfaction"].rate
        if rate is not None:
            scores[unit.pk] = round(100 * rate, 2)
    return scores
