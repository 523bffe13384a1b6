"""Approval-time monitoring: aggregated reads only (GROUP BY on indexed columns, histograms for the
percentiles), so the leader's page answers in a bounded number of queries whatever the number of cases.

Figures per item, per unit and per stage over the sub-cases decided in a period: count, mean working days
used, p50/p90 (from the histogram ``days_used → count``), share within the 承诺时限 and within the 法定时限,
提速率 (1 − mean used / 法定时限); per case: share of 即办件, share applied online, visits per case; open
sub-cases about to run late (临期) or late (逾期); 好差评 per unit.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, F, Q, Sum
from django.utils import timezone

from yingshang.core import clock, workcalendar
from yingshang.core.models import Unit

from .models import Case, Item, Rating, StageRecord, SubCase


def percentile(histogram: dict[int, int], share: float) -> int | None:
    """The smallest value with at least ``share`` of the counts at or below it (nearest-rank)."""
    total = sum(histogram.values())
    if not total:
        return None
    rank, running = share * total, 0
    for value in sorted(histogram):
        running += histogram[value]
        if running >= rank:
            return value
    return max(histogram)


@dataclass
class Row:
    key: object
    label: str
    count: int = 0
    mean_days: float = 0.0
    p50: int | None = None
    p90: int | None = None
    on_time: float = 0.0  # share within 承诺时限
    within_statutory: float = 0.0
    speedup: float = 0.0  # 提速率
    promised_days: float = 0.0
    statutory_days: float = 0.0


def _window(start: dt.date, end: dt.date) -> Q:
    tz = timezone.get_current_timezone()
    return Q(decided_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz), decided_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))


def _figures(subcases) -> list[dict]:
    """ONE scan of the decided sub-cases: counts per (item, unit, days used), with the on-time and
    within-statutory counts and the limits' sums. Items, units and their percentiles all derive from it."""
    return list(subcases.order_by().values("item_id", "unit_id", "days_used").annotate(
        n=Count("id"), promised=Sum("promised_days"), statutory=Sum("statutory_days"),
        ok=Count("id", filter=Q(days_used__lte=F("promised_days"))), legal=Count("id", filter=Q(days_used__lte=F("statutory_days")))))


def _rows(figures: list[dict], group: str, labels: dict) -> list[Row]:
    totals: dict = defaultdict(lambda: {"n": 0, "used": 0, "promised": 0, "statutory": 0, "ok": 0, "legal": 0})
    histograms: dict = defaultdict(lambda: defaultdict(int))
    for f in figures:
        key, days = f[group], f["days_used"] or 0
        t = totals[key]
        t["n"] += f["n"]
        t["used"] += days * f["n"]
        t["promised"] += f["promised"] or 0
        t["statutory"] += f["statutory"] or 0
        t["ok"] += f["ok"]
        t["legal"] += f["legal"]
        histograms[key][days] += f["n"]
    rows = []
    for key, t in totals.items():
        n = t["n"]
        statutory, mean = t["statutory"] / n, t["used"] / n
        rows.append(Row(key=key, label=labels.get(key, str(key)), count=n, mean_days=round(mean, 2), p50=percentile(histograms[key], 0.5),
                        p90=percentile(histograms[key], 0.9), on_time=round(t["ok"] / n, 4), within_statutory=round(t["legal"] / n, 4),
                        speedup=round(1 - mean / statutory, 4) if statutory else 0.0, promised_days=round(t["promised"] / n, 2),
                        statutory_days=round(statutory, 2)))
    return sorted(rows, key=lambda r: (-r.count, r.label))


def decided_subcases(start: dt.date, end: dt.date, units=None):
    subcases = SubCase.objects.filter(_window(start, end), days_used__isnull=False)
    if units is not None:
        subcases = subcases.filter(unit_id__in=units)
    return subcases


def figures(start, end, units=None) -> list[dict]:
    return _figures(decided_subcases(start, end, units))


def by_item(start, end, units=None, *, rows: list[dict] | None = None) -> list[Row]:
    rows = figures(start, end, units) if rows is None else rows
    labels = dict(Item.objects.filter(pk__in={r["item_id"] for r in rows}).values_list("pk", "name"))
    return _rows(rows, "item_id", labels)


def by_unit(start, end, units=None, *, rows: list[dict] | None = None) -> list[Row]:
    rows = figures(start, end, units) if rows is None else rows
    labels = dict(Unit.objects.filter(pk__in={r["unit_id"] for r in rows}).values_list("pk", "name"))
    return _rows(rows, "unit_id", labels)


def by_stage(start, end, units=None) -> list[dict]:
    """Per stage, from ONE scan grouped by (stage, timed or not, days)."""
    records = StageRecord.objects.filter(ended_on__gte=start, ended_on__lte=end)
    if units is not None:
        records = records.filter(unit_id__in=units)
    histograms: dict = defaultdict(lambda: defaultdict(int))
    suspends: dict = {}
    for stage, suspended, days, n in records.order_by().values_list("stage", "suspends_clock", "days").annotate(n=Count("id")).values_list(
            "stage", "suspends_clock", "days", "n"):
        histograms[stage][days] += n
        suspends[stage] = suspends.get(stage, False) or suspended
    rows = []
    for stage, histogram in histograms.items():
        count = sum(histogram.values())
        rows.append({"stage": stage, "suspends_clock": suspends[stage], "count": count,
                     "mean_days": round(sum(d * n for d, n in histogram.items()) / count, 2),
                     "p50": percentile(histogram, 0.5), "p90": percentile(histogram, 0.9)})
    order = {"受理": 0, "审查": 1, "办结": 8, "送达": 9}
    return sorted(rows, key=lambda r: (order.get(r["stage"], 5), r["stage"]))


def case_shares(start, end) -> dict[str, float]:
    tz = timezone.get_current_timezone()
    cases = Case.objects.filter(submitted_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
                                submitted_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    totals = cases.aggregate(n=Count("id"), instant=Count("id", filter=Q(instant=True)), online=Count("id", filter=Q(channel=Case.Channel.ONLINE)),
                             visits=Sum("visits"), late=Count("id", filter=Q(days_used__gt=F("promised_days"))))
    n = totals["n"] or 0
    return {"cases": n, "instant_share": round(totals["instant"] / n, 4) if n else 0.0, "online_share": round(totals["online"] / n, 4) if n else 0.0,
            "visits_per_case": round((totals["visits"] or 0) / n, 3) if n else 0.0, "late": totals["late"]}


def warnings(today: dt.date | None = None, *, ahead: int = 1, limit: int = 50, units=None) -> dict:
    """Open sub-cases late or due within ``ahead`` working days: counts and the most urgent ones."""
    today = today or clock.today()
    horizon = workcalendar.add_workdays(today, ahead)
    open_subcases = SubCase.objects.filter(status__in=[SubCase.Status.REVIEWING, SubCase.Status.SUSPENDED], due_on__isnull=False)
    if units is not None:
        open_subcases = open_subcases.filter(unit_id__in=units)
    counts = open_subcases.aggregate(late=Count("id", filter=Q(due_on__lt=today)), near=Count("id", filter=Q(due_on__gte=today, due_on__lte=horizon)))
    urgent = list(open_subcases.filter(due_on__lte=horizon).select_related("case", "item", "unit").order_by("due_on", "id")[:limit])
    return {"late": counts["late"], "near": counts["near"], "rows": urgent, "today": today}


def rating_stats(start=None, end=None) -> list[dict]:
    """好差评 per unit: counts per level and the share of good ratings (public: no personal data)."""
    ratings = Rating.objects.all()
    if start and end:
        tz = timezone.get_current_timezone()
        ratings = ratings.filter(rated_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz),
                                 rated_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz))
    levels = {level: Count("id", filter=Q(level=level)) for level in Rating.Level.values}
    rows = ratings.values("unit_id", "unit__name").annotate(n=Count("id"), **{f"l{level}": agg for level, agg in levels.items()}).order_by("unit__name")
    result = []
    for row in rows:
        n = row["n"]
        good = row["l5"] + row["l4"] + row["l3"]
        result.append({"unit": row["unit__name"], "count": n, "levels": [row[f"l{level}"] for level in (5, 4, 3, 2, 1)],
                       "good_share": round(good / n, 4) if n else 0.0, "bad": row["l2"] + row["l1"]})
    return result


def timeliness_scores(units, start: dt.date, end: dt.date) -> dict[int, float]:
    """Score component ``affairs.timeliness``: per scored unit (its whole subtree), the mean of the share of
    sub-cases decided within the 承诺时限 and the share of good ratings (基本满意 or better), 0–100."""
    per_unit = {row["unit_id"]: row for row in decided_subcases(start, end).values("unit_id").annotate(
        n=Count("id"), ok=Count("id", filter=Q(days_used__lte=F("promised_days"))))}
    tz = timezone.get_current_timezone()
    rated = {row["unit_id"]: row for row in Rating.objects.filter(
        rated_at__gte=dt.datetime.combine(start, dt.time.min, tzinfo=tz), rated_at__lt=dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)
    ).values("unit_id").annotate(n=Count("id"), good=Count("id", filter=Q(level__gte=Rating.Level.BASIC)))}
    paths = dict(Unit.objects.filter(pk__in=set(per_unit) | set(rated)).values_list("pk", "tree_path"))
    scores = {}
    for unit in units:
        members = [pk for pk, path in paths.items() if path.startswith(unit.tree_path)]
        n = sum(per_unit[pk]["n"] for pk in members if pk in per_unit)
        ok = sum(per_unit[pk]["ok"] for pk in members if pk in per_unit)
        rn = sum(rated[pk]["n"] for pk in members if pk in rated)
        good = sum(rated[pk]["good"] for pk in members if pk in rated)
        parts = ([ok / n] if n else []) + ([good / rn] if rn else [])
        if parts:
            scores[unit.pk] = round(100 * sum(parts) / len(parts), 2)
    return scores
