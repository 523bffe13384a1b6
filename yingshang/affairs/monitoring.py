"""Approval-time monitoring: aggregated reads only, so the leader's page answers in a bounded time whatever
the number of cases.

A period is read in two parts (:func:`split_period`): its whole months from the monthly summaries that the
services keep in the same transaction as each step (summaries.py: DecidedMonth, StageMonth, CaseMonth,
RatingMonth), and its partial months at either edge from the raw rows (SubCase, StageRecord, Case, Rating) with
the same GROUP BY. Every counter is additive and the percentiles come from ``days → count`` histograms, so the
two parts add up to exactly the raw computation (``raw=True`` reads the whole period raw: the tests and the
benchmark compare both). The page and the API ask for whole months (parse_period), so they read summaries only;
the ranking's score component takes any period.

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
from django.db.models.functions import Coalesce
from django.utils import timezone

from yingshang.core import clock, workcalendar
from yingshang.core.models import Unit
from yingshang.core.scope import in_subtree, subtree_q

from .models import Case, CaseMonth, DecidedMonth, Item, Rating, RatingMonth, StageMonth, StageRecord, SubCase
from .summaries import month_of


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


def _month_end(day: dt.date) -> dt.date:
    return (month_of(day) + dt.timedelta(days=32)).replace(day=1) - dt.timedelta(days=1)


def split_period(start: dt.date, end: dt.date) -> tuple[tuple[dt.date, dt.date] | None, list[tuple[dt.date, dt.date]]]:
    """The whole months inside [start, end] as (first month, last month) — None when there is none — and the
    partial spans at the edges (each (first day, last day)) that are read from the raw rows."""
    first = start if start.day == 1 else _month_end(start) + dt.timedelta(days=1)
    last = month_of(end) if _month_end(end) == end else month_of(end) - dt.timedelta(days=1)
    last = month_of(last)
    if first > last or last > end:
        return None, [(start, end)] if start <= end else []
    edges = []
    if start < first:
        edges.append((start, first - dt.timedelta(days=1)))
    if _month_end(last) < end:
        edges.append((_month_end(last) + dt.timedelta(days=1), end))
    return (first, last), edges


def default_period(today: dt.date | None = None) -> tuple[dt.date, dt.date]:
    """The page's default: the current month and the two before it, as whole months (summaries only)."""
    today = today or clock.today()
    first = month_of(month_of(today) - dt.timedelta(days=40))
    return first, _month_end(today)


def parse_period(start_text: str | None, end_text: str | None) -> tuple[dt.date, dt.date]:
    """The whole months a reader asked for: ``YYYY-MM`` (or a day ``YYYY-MM-DD``, taken as its month); a bad value
    is a 400 in Chinese. By default the current month and the two before it; an end alone is one month. Whole
    months are what the summaries hold, so every page and API read answers from them alone."""
    from django.core.exceptions import ValidationError
    from django.utils.translation import gettext as _

    from yingshang.core.params import parse_day

    def day(text, field):
        text = (text or "").strip()
        return parse_day(f"{text}-01" if len(text) == 7 and text[4] == "-" else text or None, field=field)

    default_start, default_end = default_period()
    end = day(end_text, "end")
    end = _month_end(end) if end else default_end
    start = day(start_text, "start")
    start = month_of(start) if start else (default_start if end == default_end else month_of(end))
    if start > end:
        raise ValidationError({"start": [_("开始月份不能晚于结束月份")]})
    return start, end


def _combined(start, end, raw_part, summary_part, *, raw: bool = False) -> list:
    months, edges = (None, [(start, end)]) if raw else split_period(start, end)
    rows = []
    for a, b in edges:
        rows.extend(raw_part(a, b))
    if months is not None:
        rows.extend(summary_part(*months))
    return rows


def _unit_filter(queryset, units):
    return queryset if units is None else queryset.filter(unit_id__in=units)


def decided_subcases(start, end, units=None):
    return _unit_filter(SubCase.objects.filter(_window(start, end), days_used__isnull=False), units)


def figures(start, end, units=None, *, raw: bool = False) -> list[dict]:
    """Counts per (item, unit, days used) with the on-time / within-statutory counts and the limits' sums."""
    def summary(first, last):
        return list(_unit_filter(DecidedMonth.objects.filter(month__gte=first, month__lte=last), units).order_by()
                    .values("item_id", "unit_id", "days_used").annotate(n=Sum("count"), promised=Sum("promised_total"), statutory=Sum("statutory_total"),
                                                                      ok=Sum("on_time"), legal=Sum("within_statutory")))

    return _combined(start, end, lambda a, b: _figures(decided_subcases(a, b, units)), summary, raw=raw)


def by_item(start, end, units=None, *, rows: list[dict] | None = None, raw: bool = False) -> list[Row]:
    rows = figures(start, end, units, raw=raw) if rows is None else rows
    labels = dict(Item.objects.filter(pk__in={r["item_id"] for r in rows}).values_list("pk", "name"))
    return _rows(rows, "item_id", labels)


def by_unit(start, end, units=None, *, rows: list[dict] | None = None, raw: bool = False) -> list[Row]:
    rows = figures(start, end, units, raw=raw) if rows is None else rows
    labels = dict(Unit.objects.filter(pk__in={r["unit_id"] for r in rows}).values_list("pk", "name"))
    return _rows(rows, "unit_id", labels)


def by_stage(start, end, units=None, *, raw: bool = False) -> list[dict]:
    """Per stage, from (stage, timed or not, days) → count."""
    def from_records(a, b):
        records = _unit_filter(StageRecord.objects.filter(ended_on__gte=a, ended_on__lte=b), units)
        return list(records.order_by().values_list("stage", "suspends_clock", "days").annotate(n=Count("id")).values_list(
            "stage", "suspends_clock", "days", "n"))

    def summary(first, last):
        return list(_unit_filter(StageMonth.objects.filter(month__gte=first, month__lte=last), units).order_by()
                    .values_list("stage", "suspends_clock", "days").annotate(n=Sum("count")).values_list("stage", "suspends_clock", "days", "n"))

    histograms: dict = defaultdict(lambda: defaultdict(int))
    suspends: dict = {}
    for stage, suspended, days, n in _combined(start, end, from_records, summary, raw=raw):
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


def _moments(start: dt.date, end: dt.date, field: str) -> dict:
    tz = timezone.get_current_timezone()
    return {f"{field}__gte": dt.datetime.combine(start, dt.time.min, tzinfo=tz),
            f"{field}__lt": dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min, tzinfo=tz)}


def case_shares(start, end, unit: Unit | None = None, *, raw: bool = False, none: bool = False) -> dict[str, float]:
    """Cases submitted in the period: 即办件, online, visits per case, late. ``unit``: only the cases that reach
    its subtree (received by a hall in it, or with a sub-case of a department in it), each once; ``none``: a
    reader without a unit, who sees no case."""
    if none:
        return {"cases": 0, "instant_share": 0.0, "online_share": 0.0, "visits_per_case": 0.0, "late": 0}
    def from_cases(a, b):
        cases = Case.objects.filter(**_moments(a, b, "submitted_at"))
        if unit is not None:
            reached = subtree_q(unit, "hall") | Q(pk__in=SubCase.objects.filter(subtree_q(unit, "unit")).values("case_id"))
            cases = cases.filter(reached)
        return [cases.aggregate(n=Count("id"), instant=Count("id", filter=Q(instant=True)), online=Count("id", filter=Q(channel=Case.Channel.ONLINE)),
                                visits=Coalesce(Sum("visits"), 0), late=Count("id", filter=Q(days_used__gt=F("promised_days"))))]

    def summary(first, last):
        months = CaseMonth.objects.filter(month__gte=first, month__lte=last)
        months = months.filter(unit__isnull=True) if unit is None else months.filter(unit=unit)
        return [months.aggregate(n=Coalesce(Sum("cases"), 0), instant=Coalesce(Sum("instant"), 0), online=Coalesce(Sum("online"), 0),
                                 visits=Coalesce(Sum("visits"), 0), late=Coalesce(Sum("late"), 0))]

    parts = _combined(start, end, from_cases, summary, raw=raw)
    totals = {key: sum(part[key] or 0 for part in parts) for key in ("n", "instant", "online", "visits", "late")}
    n = totals["n"]
    return {"cases": n, "instant_share": round(totals["instant"] / n, 4) if n else 0.0, "online_share": round(totals["online"] / n, 4) if n else 0.0,
            "visits_per_case": round(totals["visits"] / n, 3) if n else 0.0, "late": totals["late"]}


def warnings(today: dt.date | None = None, *, ahead: int = 1, limit: int = 50, units=None) -> dict:
    """Open sub-cases late or due within ``ahead`` working days: counts and the most urgent ones. An indexed
    read of the open sub-cases by due date (affairs_subcase_open_due), not a scan of the decided ones."""
    today = today or clock.today()
    horizon = workcalendar.add_workdays(today, ahead)
    open_subcases = _unit_filter(SubCase.objects.filter(status__in=[SubCase.Status.REVIEWING, SubCase.Status.SUSPENDED], due_on__isnull=False), units)
    counts = open_subcases.aggregate(late=Count("id", filter=Q(due_on__lt=today)), near=Count("id", filter=Q(due_on__gte=today, due_on__lte=horizon)))
    urgent = list(open_subcases.filter(due_on__lte=horizon).select_related("case", "item", "unit").order_by("due_on", "id")[:limit])
    return {"late": counts["late"], "near": counts["near"], "rows": urgent, "today": today}


def _rating_counts(start, end, *, raw: bool = False) -> list[tuple[int, int, int]]:
    """(unit, level, count) over the period; ``start`` None: every rating ever given."""
    if start is None or end is None:
        return list(RatingMonth.objects.order_by().values_list("unit_id", "level").annotate(n=Sum("count")).values_list("unit_id", "level", "n")) if not raw \
            else list(Rating.objects.order_by().values_list("unit_id", "level").annotate(n=Count("id")).values_list("unit_id", "level", "n"))

    def from_ratings(a, b):
        return list(Rating.objects.filter(**_moments(a, b, "rated_at")).order_by().values_list("unit_id", "level").annotate(n=Count("id"))
                    .values_list("unit_id", "level", "n"))

    def summary(first, last):
        return list(RatingMonth.objects.filter(month__gte=first, month__lte=last).order_by().values_list("unit_id", "level").annotate(n=Sum("count"))
                    .values_list("unit_id", "level", "n"))

    return _combined(start, end, from_ratings, summary, raw=raw)


def rating_stats(start=None, end=None, *, raw: bool = False) -> list[dict]:
    """好差评 per unit: counts per level and the share of good ratings (public: no personal data)."""
    levels: dict = defaultdict(lambda: defaultdict(int))
    for unit_id, level, n in _rating_counts(start, end, raw=raw):
        levels[unit_id][level] += n
    names = dict(Unit.objects.filter(pk__in=list(levels)).values_list("pk", "name"))
    result = []
    for unit_id in sorted(levels, key=lambda pk: (names.get(pk, ""), pk)):
        per_level = levels[unit_id]
        n = sum(per_level.values())
        good = per_level[5] + per_level[4] + per_level[3]
        result.append({"unit": names.get(unit_id, ""), "count": n, "levels": [per_level[level] for level in (5, 4, 3, 2, 1)],
                       "good_share": round(good / n, 4) if n else 0.0, "bad": per_level[2] + per_level[1]})
    return result


def timeliness_scores(units, start: dt.date, end: dt.date, *, raw: bool = False) -> dict[int, float]:
    """Score component ``affairs.timeliness``: per scored unit (its whole subtree), the mean of the share of
    sub-cases decided within the 承诺时限 and the share of good ratings (基本满意 or better), 0–100."""
    def from_subcases(a, b):  # per unit only: a period's partial months cost one narrow scan
        return list(decided_subcases(a, b).order_by().values("unit_id").annotate(n=Count("id"), ok=Count("id", filter=Q(days_used__lte=F("promised_days")))))

    def summary(first, last):
        return list(DecidedMonth.objects.filter(month__gte=first, month__lte=last).order_by().values("unit_id").annotate(n=Sum("count"), ok=Sum("on_time")))

    per_unit: dict = defaultdict(lambda: {"n": 0, "ok": 0})
    for row in _combined(start, end, from_subcases, summary, raw=raw):
        per_unit[row["unit_id"]]["n"] += row["n"]
        per_unit[row["unit_id"]]["ok"] += row["ok"]
    rated: dict = defaultdict(lambda: {"n": 0, "good": 0})
    for unit_id, level, n in _rating_counts(start, end, raw=raw):
        rated[unit_id]["n"] += n
        rated[unit_id]["good"] += n if level >= Rating.Level.BASIC else 0
    paths = dict(Unit.objects.filter(pk__in=set(per_unit) | set(rated)).values_list("pk", "tree_path"))
    scores = {}
    for unit in units:
        members = [pk for pk, path in paths.items() if in_subtree(path, unit)]
        n = sum(per_unit[pk]["n"] for pk in members if pk in per_unit)
        ok = sum(per_unit[pk]["ok"] for pk in members if pk in per_unit)
        rn = sum(rated[pk]["n"] for pk in members if pk in rated)
        good = sum(rated[pk]["good"] for pk in members if pk in rated)
        parts = ([ok / n] if n else []) + ([good / rn] if rn else [])
        if parts:
            scores[unit.pk] = round(100 * sum(parts) / len(parts), 2)
    return scores


def reader_slice(user) -> tuple[list[int] | None, Unit | None, bool]:
    """What ``user`` reads of the monitoring (core.scope): ``units`` None for the whole city, else the visible
    units' ids; ``unit`` the root of their subtree for the case shares; ``none`` for a reader with no unit."""
    from yingshang.core.scope import is_city_wide, visible

    if is_city_wide(user):
        return None, None, False
    units = list(visible(user, Unit.objects.all()).values_list("pk", flat=True))
    unit = getattr(user, "unit", None)
    return units, unit, unit is None


def items_for_reader(user, start: dt.date, end: dt.date) -> tuple[list[dict], list[Row]]:
    """The figures rows of ``user``'s slice and the items' table built from them (what the export needs)."""
    units, _unit, _none = reader_slice(user)
    rows = figures(start, end, units)
    return rows, by_item(start, end, units, rows=rows)


def for_reader(user, start: dt.date, end: dt.date, *, rows: list[dict] | None = None, items: list[Row] | None = None) -> dict:
    """Every figure of the monitoring page for ``user``'s slice of the city (the page and the API read this);
    ``rows``/``items`` from :func:`items_for_reader` when the caller has them already."""
    units, unit, none = reader_slice(user)
    rows = figures(start, end, units) if rows is None else rows  # one read for the items' and the units' tables
    items = by_item(start, end, units, rows=rows) if items is None else items
    return {"start": start, "end": end, "items": items, "units": by_unit(start, end, units, rows=rows),
            "stages": by_stage(start, end, units), "shares": case_shares(start, end, unit, none=none), "warnings": warnings(units=units),
            "ratings": rating_stats(start, end)}
