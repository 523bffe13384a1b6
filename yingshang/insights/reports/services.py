"""Writes of the reports area: the cockpit's daily rollup, the 每月一题 shortlist and the KPI bulletins.

- The rollup (DailyRollup) is derived: whole days are recomputed from the appeals and bulk-written.
- Topics and bulletins are business records (AuditedModel): every change goes through audited_write and
  leaves an audit entry; decisions carry ``expected_version`` against lost updates.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from collections import Counter, defaultdict
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import OperationalError, transaction
from django.db.models import Count, Q, Sum
from django.db.models.functions import TruncDate, TruncMonth
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingshang.appeals.public import (
    BAD_RATINGS, DONE_STATES, OPEN_STATES, TRANSFER_OUTCOMES, State, appeal_rows, dispatch_rows, kpis, label_rows,
)
from yingshang.core import clock, documents
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.city import city_name
from yingshang.core.documents import Chart, Document, Paragraph, Section, Series, Table
from yingshang.core.models import Division, Unit, User
from yingshang.core.permissions import require_capability
from yingshang.core.selectors import audit_head_summary
from yingshang.core.services import save_versioned

from ..models import DailyDistrictRollup, DailyRollup, EarlyWarning, InsightBulletin, MonthlyTopic, RollupWatermark
from .selectors import (
    HIGHER, LOWER, NO_DATA, VERDICT_LABELS, compare_with_city, funnel_curve, funnel_limits, month_start, parse_period, period_label,
)

# =====================================================================================================
# Daily rollup
# =====================================================================================================

ROLLUP_COUNTS = ("received", "merged", "completed", "completed_on_time", "overdue_open", "rated", "satisfied", "bad_rating", "repeated")
# Today's rows are recomputed on read when older than this (the cockpit polls every few seconds; the
# day's appeals are a few thousand at most, so one grouped query is cheap).
TODAY_MAX_AGE = dt.timedelta(seconds=60)


def label_level2(path: str | None) -> str:
    return "/".join((path or "").split("/")[:2])


def _local_bounds(first: dt.date, last: dt.date) -> tuple[dt.datetime, dt.datetime]:
    tz = timezone.get_current_timezone()
    return dt.datetime.combine(first, dt.time.min, tzinfo=tz), dt.datetime.combine(last + dt.timedelta(days=1), dt.time.min, tzinfo=tz)


def _aggregate(first: dt.date, last: dt.date, now: dt.datetime, label_paths: dict[int, str]) -> list[DailyRollup]:
    """The rollup rows of the days ``first``..``last``, grouped in the database (one query)."""
    low, high = _local_bounds(first, last)
    live = ~Q(state=State.MERGED)
    rated = live & Q(callback_count__gt=0)
    grouped = (
        appeal_rows().filter(accepted_at__gte=low, accepted_at__lt=high).order_by()
        .annotate(day=TruncDate("accepted_at", tzinfo=timezone.get_current_timezone()))
        .values("day", "district_id", "label_id", "unit_id")
        .annotate(
            received=Count("id"),
            merged=Count("id", filter=Q(state=State.MERGED)),
            completed=Count("id", filter=Q(state__in=DONE_STATES)),
            completed_on_time=Count("id", filter=Q(state__in=DONE_STATES, completed_on_time=True)),
            overdue_open=Count("id", filter=Q(state__in=OPEN_STATES, completion_due__lt=now)),
            rated=Count("id", filter=rated),
            satisfied=Count("id", filter=rated & Q(rating__gte=3)),
            bad_rating=Count("id", filter=rated & Q(rating__in=BAD_RATINGS)),
            repeated=Count("id", filter=Q(repeat_of__isnull=False) | Q(merged_into__isnull=False)),
        )
    )
    merged: dict[tuple, DailyRollup] = {}
    for row in grouped:
        key = (row["day"], row["district_id"], label_paths.get(row["label_id"], ""), row["unit_id"])
        target = merged.get(key)
        if target is None:
            merged[key] = DailyRollup(day=key[0], district_id=key[1], label_path=key[2], unit_id=key[3], **{c: row[c] for c in ROLLUP_COUNTS})
        else:
            for column in ROLLUP_COUNTS:
                setattr(target, column, getattr(target, column) + row[column])
    return list(merged.values())


def _level2_paths() -> dict[int, str]:
    return {pk: label_level2(path) for pk, path in label_rows().values_list("pk", "path")}


def _day_runs(days: set[dt.date]) -> list[tuple[dt.date, dt.date]]:
    """Consecutive days as (first, last) runs, so that a month of touched days is one query, not thirty."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and (day - runs[-1][1]).days == 1:
            runs[-1][1] = day
        else:
            runs.append([day, day])
    return [(first, last) for first, last in runs]


def rollup_days(days: set[dt.date], *, now: dt.datetime | None = None) -> int:
    """Recompute the rollup rows of ``days`` (replacing what was there); returns the rows written."""
    now = now or clock.now()
    label_paths = _level2_paths()
    written = 0
    for first, last in _day_runs(days):
        # Long runs are cut into months so that memory holds one month of grouped rows at a time.
        cursor = first
        while cursor <= last:
            chunk_end = min(last, cursor + dt.timedelta(days=31))
            rows = _aggregate(cursor, chunk_end, now, label_paths)
            with transaction.atomic():
                DailyRollup.objects.filter(day__gte=cursor, day__lte=chunk_end).delete()
                DailyRollup.objects.bulk_create(rows, batch_size=5000)
                rollup_district_totals(cursor, chunk_end)
            written += len(rows)
            cursor = chunk_end + dt.timedelta(days=1)
    return written


def rollup_district_totals(first: dt.date, last: dt.date) -> int:
    """Rewrite the day × district totals of ``first``..``last`` from the fine rollup rows (one grouped query)."""
    totals = (
        DailyRollup.objects.filter(day__gte=first, day__lte=last).order_by().values("day", "district_id")
        .annotate(**{column: Sum(column) for column in ROLLUP_COUNTS})
    )
    rows = [DailyDistrictRollup(day=row["day"], district_id=row["district_id"], **{c: row[c] or 0 for c in ROLLUP_COUNTS}) for row in totals]
    with transaction.atomic():
        DailyDistrictRollup.objects.filter(day__gte=first, day__lte=last).delete()
        DailyDistrictRollup.objects.bulk_create(rows, batch_size=5000)
    return len(rows)


def _touched_days(since: dt.datetime, now: dt.datetime) -> set[dt.date]:
    """Days whose rows may have changed since ``since``: appeals accepted or changed since then, and open
    appeals whose completion deadline passed since then (they turned overdue without being touched)."""
    tz = timezone.get_current_timezone()
    changed = Q(accepted_at__gte=since) | Q(updated_at__gte=since) | Q(state__in=OPEN_STATES, completion_due__gte=since, completion_due__lt=now)
    return set(
        appeal_rows().filter(changed).order_by().annotate(day=TruncDate("accepted_at", tzinfo=tz)).values_list("day", flat=True).distinct()
    )


def rollup_refresh(*, since: dt.datetime | None = None, full: bool = False, now: dt.datetime | None = None) -> dict:
    """Bring the rollup up to date: every day when ``full`` or on the first run, otherwise the days
    touched since ``since`` (default: the last refresh). Meant for a scheduled `yingshang insights rollup`."""
    now = now or clock.now()
    with transaction.atomic():
        watermark, created = RollupWatermark.objects.select_for_update().get_or_create(name="all", defaults={"refreshed_at": now})
        if full or (created and since is None):
            days = set(appeal_rows().order_by().annotate(day=TruncDate("accepted_at", tzinfo=timezone.get_current_timezone())).values_list("day", flat=True).distinct())
            DailyRollup.objects.exclude(day__in=days).delete()
            DailyDistrictRollup.objects.exclude(day__in=days).delete()
        else:
            days = _touched_days(since or watermark.refreshed_at, now)
        rows = rollup_days(days, now=now)
        watermark.refreshed_at = now
        watermark.save(update_fields=["refreshed_at"])
    return {"days": len(days), "rows": rows}


# One refresh of today's rows at a time per process. Requests arriving meanwhile wait for it (one day's
# rows: well under a second) and then find them fresh: reading the tables while another thread rewrites
# them is refused outright by SQLite in shared-cache mode ("database table is locked"), as the threaded
# test server runs it. Across processes the watermark's row lock serialises them.
_today_lock = threading.Lock()
TODAY_WAIT_SECONDS = 10


def rollup_refresh_today(*, now: dt.datetime | None = None, max_age: dt.timedelta = TODAY_MAX_AGE) -> bool:
    """Recompute today's rows when they are older than ``max_age`` (called by the cockpit on read).
    Returns whether it recomputed. Best effort: a database busy with another writer (SQLite) leaves
    the rows as they were for the next reader to refresh."""
    now = now or clock.now()
    if not _today_lock.acquire(timeout=TODAY_WAIT_SECONDS):
        return False
    try:
        with transaction.atomic():
            watermark, created = RollupWatermark.objects.select_for_update().get_or_create(name="today", defaults={"refreshed_at": now})
            if not created and watermark.refreshed_at <= now and now - watermark.refreshed_at < max_age:
                return False
            rollup_days({timezone.localdate(now)}, now=now)
            watermark.refreshed_at = now
            watermark.save(update_fields=["refreshed_at"])
        return True
    except OperationalError:
        return False
    finally:
        _today_lock.release()


# =====================================================================================================
# 每月一题
# =====================================================================================================

# The combined score: each component divided by its largest value among the candidates of the month
# (so 1.0 = the month's worst), then weighted. Volume leads; growth, repeat-after-closing and bad
# ratings say the matter is not being solved; transfers say nobody owns it.
TOPIC_WEIGHTS = {"volume": 0.30, "growth": 0.20, "repeat_after_close": 0.20, "bad_ratings": 0.15, "transfers": 0.15}
TOPIC_COMPONENT_LABELS = {"volume": "诉求量", "growth": "增长", "repeat_after_close": "办结后重复", "bad_ratings": "不满意", "transfers": "转办退改"}
TREND_MONTHS = 6
GROWTH_BASELINE_MONTHS = 3
CLOSED_STATES = DONE_STATES


def _appeal_place_ids(appeal_ids: list[int]) -> dict[int, int]:
    """Appeal → place where the places area has linked it (none before that area has run)."""
    from ..models import AppealPlace

    links: dict[int, int] = {}
    for start in range(0, len(appeal_ids), 5000):
        links.update(AppealPlace.objects.filter(appeal_id__in=appeal_ids[start:start + 5000]).values_list("appeal_id", "place_id"))
    return links


def _topic_groups(appeal: dict, place_id: int | None):
    """The label × place keys an appeal counts in: its level-2 and level-3 label × its district, and
    × its place when known."""
    parts = (appeal["label__path"] or "").split("/")
    for level in (2, 3):
        if len(parts) < level:
            continue
        prefix = "/".join(parts[:level])
        yield (prefix, appeal["district_id"], None)
        if place_id:
            yield (prefix, appeal["district_id"], place_id)


def topic_candidates(period: str, *, min_volume: int = 3) -> list[dict]:
    """Every label × place group of ``period`` with at least ``min_volume`` appeals, scored and sorted
    (best first). Pure read: the shortlist service stores the top of this list."""
    start, end, kind = parse_period(period)
    if kind != "monthly":
        raise ValidationError(_("每月一题按月生成,期间应写作 2026-10"))
    tz = timezone.get_current_timezone()
    low, high = _local_bounds(start, end)
    history_low = _local_bounds(month_start(start, TREND_MONTHS - 1), start)[0]
    month = f"{start.year}-{start.month:02d}"
    months = [f"{m.year}-{m.month:02d}" for m in (month_start(start, back) for back in range(TREND_MONTHS - 1, -1, -1))]
    # The month's appeals are read one by one (repeats, ratings, transfers, units); the months before
    # only as counts per label × district × month, grouped in the database.
    in_month = list(
        appeal_rows().filter(accepted_at__gte=low, accepted_at__lt=high).order_by()
        .values("id", "tracking_no", "accepted_at", "district_id", "label__path", "unit_id", "state", "rating", "reopen_count",
                "repeat_of__state", "completion_due")
    )
    history = (
        appeal_rows().filter(accepted_at__gte=history_low, accepted_at__lt=low).order_by()
        .annotate(month=TruncMonth("accepted_at", tzinfo=tz)).values("month", "district_id", "label__path").annotate(count=Count("id"))
    )
    month_ids = [a["id"] for a in in_month]
    places = _appeal_place_ids(month_ids)
    transfers = Counter()
    for start_index in range(0, len(month_ids), 5000):
        transfers.update(
            dispatch_rows().filter(appeal_id__in=month_ids[start_index:start_index + 5000], outcome__in=TRANSFER_OUTCOMES)
            .values_list("appeal_id", flat=True)
        )
    now = clock.now()

    groups: dict[tuple, dict] = {}

    def group_of(key):
        return groups.setdefault(key, {"months": Counter(), "appeals": [], "units": defaultdict(Counter)})

    for row in history:
        earlier = row["month"].strftime("%Y-%m")
        for key in _topic_groups(row, None):
            group_of(key)["months"][earlier] += row["count"]
    for appeal in in_month:
        for key in _topic_groups(appeal, places.get(appeal["id"])):
            group = group_of(key)
            group["months"][month] += 1
            group["appeals"].append(appeal)
    # Place groups only see current-month appeals (the places link is read for the month only), so their
    # trend would be empty before the month: give them their label × district group's history instead.
    candidates = []
    for key, group in groups.items():
        volume = len(group["appeals"])
        if volume < min_volume:
            continue
        history = groups.get((key[0], key[1], None), group)["months"] if key[2] else group["months"]
        previous = [history.get(m, 0) for m in months[-1 - GROWTH_BASELINE_MONTHS:-1]]
        previous_mean = sum(previous) / len(previous)
        repeat_after_close = bad = transfer_count = 0
        units: dict[int, Counter] = defaultdict(Counter)
        for appeal in group["appeals"]:
            repeated = appeal["repeat_of__state"] in CLOSED_STATES or appeal["reopen_count"] > 0
            is_bad = appeal["rating"] in BAD_RATINGS
            moved = transfers.get(appeal["id"], 0)
            overdue = appeal["state"] in OPEN_STATES and appeal["completion_due"] is not None and appeal["completion_due"] < now
            repeat_after_close += repeated
            bad += is_bad
            transfer_count += moved
            if appeal["unit_id"]:
                tally = units[appeal["unit_id"]]
                tally["appeals"] += 1
                tally["bad_ratings"] += is_bad
                tally["transfers"] += moved
                tally["overdue"] += overdue
                tally["repeat_after_close"] += repeated
        candidates.append({
            "label_path": key[0], "label_level": key[0].count("/") + 1, "district_id": key[1], "place_id": key[2],
            "components": {
                "volume": volume,
                # Growth as the log-ratio of this month to the mean of the three before (+1 smoothing so
                # that 0 → 4 is growth, not a division by zero); shrinking groups score 0.
                "growth": max(0.0, math.log2((volume + 1) / (previous_mean + 1))),
                "repeat_after_close": repeat_after_close,
                "bad_ratings": bad,
                "transfers": transfer_count,
            },
            "previous_mean": round(previous_mean, 2),
            "trend": [{"month": m, "count": history.get(m, 0)} for m in months],
            "samples": [a["tracking_no"] for a in sorted(group["appeals"], key=lambda a: a["accepted_at"], reverse=True)[:5]],
            "units": units,
        })
    if not candidates:
        return []
    largest = {name: max(c["components"][name] for c in candidates) for name in TOPIC_WEIGHTS}
    for candidate in candidates:
        normalised = {name: (candidate["components"][name] / largest[name] if largest[name] else 0.0) for name in TOPIC_WEIGHTS}
        candidate["normalised"] = {name: round(value, 4) for name, value in normalised.items()}
        candidate["score"] = round(sum(TOPIC_WEIGHTS[name] * normalised[name] for name in TOPIC_WEIGHTS), 4)
    candidates.sort(key=lambda c: (-c["score"], -c["components"]["volume"], c["label_path"], c["district_id"] or 0, c["place_id"] or 0))
    return candidates


def _overlaps(a: dict, b: dict) -> bool:
    """Two candidates describe the same problem when their labels nest (one is the other's ancestor or
    equal) in the same district: the shortlist keeps only the better-scored one."""
    nested = a["label_path"] == b["label_path"] or a["label_path"].startswith(b["label_path"] + "/") or b["label_path"].startswith(a["label_path"] + "/")
    return nested and a["district_id"] == b["district_id"]


def shortlist(candidates: list[dict], size: int) -> list[dict]:
    chosen: list[dict] = []
    for candidate in candidates:
        if len(chosen) >= size:
            break
        if not any(_overlaps(candidate, other) for other in chosen):
            chosen.append(candidate)
    return chosen


def _evidence(candidate: dict, unit_names: dict[int, str], district_names: dict[int, str], place_names: dict[int, str]) -> dict:
    def badness(item):
        tally = item[1]
        return (tally["bad_ratings"] + tally["transfers"] + tally["overdue"] + tally["repeat_after_close"], tally["appeals"])

    worst = sorted(candidate["units"].items(), key=badness, reverse=True)[:3]
    return {
        "label_level": candidate["label_level"],
        "district": district_names.get(candidate["district_id"], "未标明区县"),
        "place": place_names.get(candidate["place_id"], "") if candidate["place_id"] else "",
        "counts": candidate["components"],
        "previous_mean": candidate["previous_mean"],
        "normalised": candidate["normalised"],
        "weights": TOPIC_WEIGHTS,
        "trend": candidate["trend"],
        "samples": candidate["samples"],
        "worst_units": [{"unit_id": unit_id, "unit": unit_names.get(unit_id, ""), **dict(tally)} for unit_id, tally in worst],
    }


def topics_generate(*, actor, period: str, size: int = 10, min_volume: int = 3) -> list[MonthlyTopic]:
    """Store the 每月一题 shortlist of ``period`` (replacing the previous candidates of that month).
    Refused once a leader has decided on any topic of the month: decisions are not silently discarded."""
    from ..models import Place

    require_capability(actor, "insights.select_topics")
    candidates = shortlist(topic_candidates(period, min_volume=min_volume), size)
    unit_ids = {unit_id for c in candidates for unit_id in c["units"]}
    unit_names = dict(Unit.objects.filter(pk__in=unit_ids).values_list("pk", "name"))
    district_names = dict(Division.objects.filter(pk__in={c["district_id"] for c in candidates if c["district_id"]}).values_list("pk", "name"))
    place_names = dict(Place.objects.filter(pk__in={c["place_id"] for c in candidates if c["place_id"]}).values_list("pk", "display"))
    with audited_write(actor):
        existing = list(MonthlyTopic.objects.select_for_update().filter(period=period))
        if any(topic.status != MonthlyTopic.Status.CANDIDATE for topic in existing):
            raise ValidationError(_("%(period)s 的每月一题已有选定或未选的决定,不能重新生成候选清单") % {"period": period})
        for topic in existing:
            record("insights.monthly_topic.replace", topic, before=topic.audit_snapshot(), after=None, changes_only=False)
            topic.delete()
        topics = []
        for rank, candidate in enumerate(candidates, start=1):
            topic = MonthlyTopic(
                period=period, rank=rank, label_path=candidate["label_path"], district_id=candidate["district_id"], place_id=candidate["place_id"],
                score=candidate["score"], evidence=_evidence(candidate, unit_names, district_names, place_names),
            )
            topic.save()
            record("insights.monthly_topic.generate", topic, after=topic.audit_snapshot())
            topics.append(topic)
    return topics


def topic_decide(*, actor, pk: int, status: str, lead_unit_id: int | None = None, expected_version: int | None = None) -> MonthlyTopic:
    """A leader selects a topic (naming the lead unit) or rejects it."""
    require_capability(actor, "insights.select_topics")
    if status not in (MonthlyTopic.Status.SELECTED, MonthlyTopic.Status.REJECTED, MonthlyTopic.Status.CANDIDATE):
        raise ValidationError(_("选题状态“%(status)s”无效") % {"status": status})
    lead_unit = None
    if status == MonthlyTopic.Status.SELECTED:
        if not lead_unit_id:
            raise ValidationError(_("选定每月一题时须指定牵头单位"))
        lead_unit = Unit.objects.filter(pk=lead_unit_id, is_active=True).first()
        if lead_unit is None:
            raise ValidationError(_("牵头单位不存在或已停用"))
    with audited_write(actor):
        topic = MonthlyTopic.objects.select_for_update().filter(pk=pk).first()
        if topic is None:
            raise ValidationError(_("该选题不存在"))
        before = topic.audit_snapshot()
        topic.status = status
        topic.lead_unit = lead_unit
        topic.decided_by = actor if isinstance(actor, User) else None
        save_versioned(topic, expected_version)
        record("insights.monthly_topic.decide", topic, before=before, after=topic.audit_snapshot())
    return topic


# =====================================================================================================
# Bulletins
# =====================================================================================================

RANKING_KPI = "on_time_completion"
SECOND_KPI = "satisfaction"
OVERDUE_LIST_LIMIT = 200
BEST_WORST_COUNT = 3
WARNING_DONE = (EarlyWarning.Status.HANDLED, EarlyWarning.Status.DISMISSED)


def _kpi_rows(report: kpis.KpiReport) -> list[dict]:
    return [{"key": r.key, "title": r.title, "numerator": r.numerator, "denominator": r.denominator, "rate": r.rate,
             "percent": r.percent, "target": r.target} for r in report]


def _collect_reports(start: dt.date, end: dt.date, now: dt.datetime):
    """City, per-unit and per-district KPI reports of appeals accepted in the period, counted with the
    appeals app's own definitions (kpis.count_appeal), in one pass over the appeals."""
    low, high = kpis.period_bounds(start, end)
    city = kpis.new_report("全市", None, start, end)
    per_unit: dict[int, kpis.KpiReport] = {}
    per_district: dict[int, kpis.KpiReport] = {}
    rows = appeal_rows().filter(accepted_at__gte=low, accepted_at__lt=high).order_by().values(*kpis.APPEAL_FIELDS, "district_id")
    for row in rows.iterator(chunk_size=2000):
        kpis.count_appeal(city, row, now)
        for key, bucket in ((row["unit_id"], per_unit), (row["district_id"], per_district)):
            if key:
                if key not in bucket:
                    bucket[key] = kpis.new_report("", None, start, end)
                kpis.count_appeal(bucket[key], row, now)
    dispatches = list(dispatch_rows().filter(at__gte=low, at__lt=high).values_list("unit_id", "outcome", "district_id"))
    for unit_id, _outcome, _district in dispatches:
        per_unit.setdefault(unit_id, kpis.new_report("", None, start, end))
    kpis.count_dispatches(
        [(unit_id, outcome) for unit_id, outcome, _district_id in dispatches], lambda unit_id: [city, per_unit[unit_id]]
    )
    district_dispatches = [(district_id, outcome) for _unit_id, outcome, district_id in dispatches if district_id in per_district]
    kpis.count_dispatches(district_dispatches, lambda district_id: [per_district[district_id]])
    for unit in Unit.objects.filter(pk__in=per_unit):
        per_unit[unit.pk].title, per_unit[unit.pk].unit = unit.name, unit
    for division in Division.objects.filter(pk__in=per_district):
        per_district[division.pk].title = division.name
    return city, per_unit, per_district


def _ranking(reports: list[kpis.KpiReport], city_rate: float | None) -> list[dict]:
    rows = []
    for report in reports:
        ratio, second = report[RANKING_KPI], report[SECOND_KPI]
        verdict, interval = compare_with_city(ratio.numerator, ratio.denominator, city_rate)
        limits = funnel_limits(city_rate, ratio.denominator) if city_rate is not None and ratio.denominator else None
        rows.append({
            "name": report.title, "unit_path": report.unit.tree_path if report.unit else "", "appeals": report.appeals,
            "numerator": ratio.numerator, "denominator": ratio.denominator, "rate": ratio.rate, "percent": ratio.percent,
            "low": interval[0] if interval else None, "high": interval[1] if interval else None,
            "funnel_low": limits[0] if limits else None, "funnel_high": limits[1] if limits else None,
            "verdict": verdict, "verdict_label": VERDICT_LABELS[verdict],
            "satisfaction": second.percent, "satisfaction_n": second.denominator,
            "return_rate": report["return"].percent,
        })
    rows.sort(key=lambda r: (r["rate"] is None, -(r["rate"] or 0), -r["denominator"], r["name"]))
    rank = 0
    for row in rows:
        if row["rate"] is not None:
            rank += 1
            row["rank"] = rank
        else:
            row["rank"] = None
    return rows


def _warnings_handled(low: dt.datetime, high: dt.datetime) -> dict:
    warnings = EarlyWarning.objects.filter(status__in=WARNING_DONE, updated_at__gte=low, updated_at__lt=high).select_related("owner_unit", "district")
    kinds = dict(EarlyWarning.Kind.choices)
    by_kind: dict[str, Counter] = defaultdict(Counter)
    items = []
    for warning in warnings.order_by("-updated_at")[:500]:
        by_kind[warning.kind][warning.status] += 1
        items.append({
            "kind": str(kinds.get(warning.kind, warning.kind)), "status": warning.get_status_display(), "summary": warning.summary,
            "district": warning.district.name if warning.district else "全市", "unit": warning.owner_unit.name if warning.owner_unit else "",
            "window": f"{warning.window_start.isoformat()}—{warning.window_end.isoformat()}",
        })
    return {
        "total": sum(sum(c.values()) for c in by_kind.values()),
        "by_kind": [{"kind": str(kinds.get(kind, kind)), "handled": c[EarlyWarning.Status.HANDLED], "dismissed": c[EarlyWarning.Status.DISMISSED]}
                    for kind, c in sorted(by_kind.items())],
        "items": items,
    }


def _overdue(low: dt.datetime, high: dt.datetime, now: dt.datetime) -> tuple[list[dict], list[dict], int]:
    overdue = (
        appeal_rows().filter(accepted_at__gte=low, accepted_at__lt=high, state__in=OPEN_STATES, completion_due__lt=now)
        .select_related("unit", "label").order_by("completion_due")
    )
    by_unit: Counter = Counter()
    rows = []
    total = 0
    for appeal in overdue.iterator(chunk_size=2000):
        total += 1
        name = appeal.unit.name if appeal.unit else "未派单"
        by_unit[name] += 1
        if len(rows) < OVERDUE_LIST_LIMIT:
            rows.append({
                "tracking_no": appeal.tracking_no, "label": appeal.label.path if appeal.label else "未分类", "unit": name,
                "unit_path": appeal.unit.tree_path if appeal.unit else "", "due": timezone.localtime(appeal.completion_due).date().isoformat(),
                "days_overdue": (now - appeal.completion_due).days,
            })
    return rows, [{"unit": unit, "count": count} for unit, count in by_unit.most_common()], total


def build_bulletin_content(period: str, audience: str, *, now: dt.datetime | None = None) -> dict:
    """Everything a bulletin says, as a plain dict (stored with the bulletin; the page, DOCX and PDF all
    render it). The public audience gets unit-level figures only: no tracking numbers, no callers."""
    start, end, kind = parse_period(period)
    # Every figure is evaluated now (as kpis does): overdue means past its deadline today, not at month end.
    now = now or clock.now()
    low, high = _local_bounds(start, end)
    city, per_unit, per_district = _collect_reports(start, end, now)
    city_rate = city[RANKING_KPI].rate
    unit_rows = _ranking(list(per_unit.values()), city_rate)
    district_rows = _ranking(list(per_district.values()), city_rate)
    ranked = [r for r in unit_rows if r["verdict"] != NO_DATA]
    best = [r for r in ranked if r["verdict"] == HIGHER][:BEST_WORST_COUNT]
    worst = [r for r in reversed(ranked) if r["verdict"] == LOWER][:BEST_WORST_COUNT]
    overdue_rows, overdue_by_unit, overdue_total = _overdue(low, high, now)
    warnings = _warnings_handled(low, high)
    public = audience == InsightBulletin.Audience.PUBLIC
    largest = max((r["denominator"] for r in unit_rows), default=0)
    content = {
        "title": (_("%(city)s12345热线诉求办理月度通报(%(period)s)") if kind == "monthly" else _("%(city)s12345热线诉求办理季度通报(%(period)s)"))
        % {"city": city_name(), "period": period_label(period)} + (_("(公开版)") if public else ""),
        "period": period, "period_label": period_label(period), "kind": kind, "audience": audience,
        "start": start.isoformat(), "end": end.isoformat(), "as_of": timezone.localtime(now).date().isoformat(),
        "generated_on": clock.today().isoformat(),
        "city": {"appeals": city.appeals, "kpis": _kpi_rows(city)},
        "ranking_kpi": {"key": RANKING_KPI, "title": city[RANKING_KPI].title, "city_rate": city_rate, "city_percent": city[RANKING_KPI].percent},
        "unit_rankings": unit_rows, "district_rankings": district_rows,
        "best_units": best, "worst_units": worst,
        "funnel": {
            "city_rate": city_rate,
            "points": [{"name": r["name"], "n": r["denominator"], "rate": r["rate"], "verdict": r["verdict"]} for r in unit_rows if r["denominator"]],
            "curve": funnel_curve(city_rate, largest) if city_rate is not None and largest else [],
        },
        "overdue_total": overdue_total,
        "overdue_by_unit": overdue_by_unit,
        "overdue": [] if public else overdue_rows,
        "warnings": {**warnings, "items": [] if public else warnings["items"]},
        # The audit chain's head when the bulletin was generated: printed, it is a checkpoint outside the
        # database that anyone holding the bulletin can compare with `yingshang audit verify` (ADR 0004).
        "audit_head": audit_head_summary(),
    }
    if public:
        for row in unit_rows + district_rows:
            row.pop("unit_path", None)
    return content


def _percent(value: float | None) -> str:
    return "—" if value is None else f"{value * 100:.1f}%"


def interval_text(row: dict) -> str:
    return "—" if row["low"] is None else f"{row['low'] * 100:.1f}%–{row['high'] * 100:.1f}%"


RANKING_HEADER = [gettext_lazy("名次"), gettext_lazy("单位"), gettext_lazy("诉求量"), gettext_lazy("按时办结"), gettext_lazy("按时办结率"),
                  gettext_lazy("95%置信区间"), gettext_lazy("与全市比较"), gettext_lazy("满意率")]
FUNNEL_HEADER = [gettext_lazy("单位"), gettext_lazy("可评价诉求"), gettext_lazy("按时办结率"), gettext_lazy("95%控制限"), gettext_lazy("位置")]
OVERDUE_HEADER = [gettext_lazy("受理编号"), gettext_lazy("标签"), gettext_lazy("承办单位"), gettext_lazy("办结时限"), gettext_lazy("超期天数")]


def _ranking_table(rows: list[dict]) -> list[list[str]]:
    return [[str(r["rank"] or "—"), r["name"], str(r["appeals"]), f"{r['numerator']}/{r['denominator']}", r["percent"],
             interval_text(r), r["verdict_label"], r["satisfaction"]] for r in rows]


def funnel_table(content: dict) -> list[list[str]]:
    rows = [r for r in content["unit_rankings"] if r["denominator"]]
    return [[r["name"], str(r["denominator"]), r["percent"], f"{_percent(r['funnel_low'])}–{_percent(r['funnel_high'])}",
             _("控制限内") if r["funnel_low"] <= r["rate"] <= r["funnel_high"] else (_("高于上限") if r["rate"] > r["funnel_high"] else _("低于下限"))]
            for r in rows]


def headline(content: dict) -> str:
    city = {k["key"]: k for k in content["city"]["kpis"]}
    parts = [_("%(period_label)s全市共受理诉求%(appeals)s件") % {"period_label": content['period_label'], "appeals": content['city']['appeals']}]
    parts += [f"{city[key]['title']}{city[key]['percent']}({city[key]['numerator']}/{city[key]['denominator']})"
              for key in ("instant_dispatch", "completion", "on_time_completion", "satisfaction") if key in city]
    parts.append(_("截至%(as_of)s仍超期未办结%(overdue_total)s件") % {"as_of": content['as_of'], "overdue_total": content['overdue_total']})
    return ",".join(parts) + "。"


def best_worst_sentence(content: dict) -> str:
    best = "、".join(f"{r['name']}({r['percent']})" for r in content["best_units"]) or _("无")
    worst = "、".join(f"{r['name']}({r['percent']})" for r in content["worst_units"]) or _("无")
    return (_("以%(title)s排名(全市%(city_percent)s),95%%置信区间完全高于全市水平的单位:%(best)s;完全低于全市水平的单位:%(worst)s。区间与全市水平重叠的单位标注为“与全市无显著差异”,不据此排先后。") % {"title": content['ranking_kpi']['title'], "city_percent": content['ranking_kpi']['city_percent'], "best": best, "worst": worst})


def warnings_sentence(content: dict) -> str:
    w = content["warnings"]
    if not w["total"]:
        return _("本期无办结的预警。")
    kinds = "、".join(_("%(kind)s处置%(handled)s条、排除%(dismissed)s条") % {"kind": k['kind'], "handled": k['handled'], "dismissed": k['dismissed']} for k in w["by_kind"])
    return _("本期共办结预警%(total)s条:%(kinds)s。") % {"total": w['total'], "kinds": kinds}


DOCUMENT_KIND = "insights.bulletin"


def audit_head_sentence(content: dict) -> str:
    """The printed checkpoint of the audit chain (empty for bulletins generated before it was printed)."""
    head = content.get("audit_head")
    if not head or not head.get("seq"):
        return ""
    return _("审计日志链尾:截至本通报生成时共%(seq)s条记录,末条认证码 %(hash)s(密钥 %(key_id)s)。") % {
        "seq": head["seq"], "hash": head["hash"], "key_id": head.get("key_id") or _("未配置")}


def _funnel_chart(content: dict) -> Chart | None:
    """The funnel plot: units as dots, the city rate and the 95% / 99.8% control limits as lines."""
    funnel = content["funnel"]
    curve = funnel["curve"]
    if not curve:
        return None
    city_rate = funnel["city_rate"]
    orange, red = "#f28e2b", "#d62728"
    return Chart(
        caption=_("漏斗图:%(title)s(橙线 95%%、红虚线 99.8%% 控制限,灰线为全市水平)") % {"title": content['ranking_kpi']['title']},
        x_label=_("可评价诉求数"), y_label=_("按时办结率"), y_percent=True, y_min=0, y_max=1,
        series=[
            Series(_("95% 下限"), [(c["n"], c["low95"]) for c in curve], orange),
            Series(_("95% 上限"), [(c["n"], c["high95"]) for c in curve], orange),
            Series(_("99.8% 下限"), [(c["n"], c["low998"]) for c in curve], red, dashed=True),
            Series(_("99.8% 上限"), [(c["n"], c["high998"]) for c in curve], red, dashed=True),
            Series(_("全市水平"), [(curve[0]["n"], city_rate), (curve[-1]["n"], city_rate)], "#888888"),
            Series(_("单位"), [(p["n"], p["rate"]) for p in funnel["points"]], "#1f6feb", line=False),
        ],
    )


def _section(heading: str, text: str | None, header: list[str], rows: list[list[str]], *extra) -> Section:
    blocks = [Paragraph(text)] if text else []
    blocks += [block for block in extra if block is not None]
    if rows:
        blocks.append(Table([str(h) for h in header], rows))
    return Section(heading, blocks)


def bulletin_document(content: dict) -> Document:
    """A bulletin's stored content as the printable document (the same for DOCX and PDF)."""
    public = content["audience"] == InsightBulletin.Audience.PUBLIC
    start, _end, kind = parse_period(content["period"])
    sections = [
        _section(_("一、总体情况"), headline(content), [_("指标"), _("分子/分母"), _("数值"), _("目标")], [
            [k["title"], f"{k['numerator']}/{k['denominator']}", k["percent"], "—" if k["target"] is None else f"{k['target'] * 100:.0f}%"]
            for k in content["city"]["kpis"]
        ]),
        _section(_("二、单位排名"), best_worst_sentence(content), RANKING_HEADER, _ranking_table(content["unit_rankings"])),
        _section(_("三、区县排名"), None if content["district_rankings"] else _("本期无区县数据。"), RANKING_HEADER, _ranking_table(content["district_rankings"])),
    ]
    curve = content["funnel"]["curve"]
    note = (_("漏斗图以全市%(title)s%(city_percent)s为中心线,按各单位可评价诉求数给出精确二项分布 95%% 控制限;控制限内的单位与全市水平的差异可由随机波动解释。") % {"title": content['ranking_kpi']['title'], "city_percent": content['ranking_kpi']['city_percent']}) if curve else _("本期无可评价诉求,不作漏斗图。")
    sections.append(_section(_("四、漏斗图(按时办结率)"), note, FUNNEL_HEADER, funnel_table(content), _funnel_chart(content)))
    if public:
        sections.append(_section(_("五、超期未办结"), _("截至%(as_of)s,本期受理的诉求中超期未办结%(overdue_total)s件,按单位统计如下。") % {"as_of": content['as_of'], "overdue_total": content['overdue_total']}, [_("单位"), _("超期件数")], [
            [r["unit"], str(r["count"])] for r in content["overdue_by_unit"]]))
    else:
        more = content["overdue_total"] - len(content["overdue"])
        sections.append(_section(_("五、超期未办结"), (_("截至%(as_of)s,本期受理的诉求中超期未办结%(overdue_total)s件") % {"as_of": content['as_of'], "overdue_total": content['overdue_total']} + (_("(下表列出超期最久的%(count)s件,其余%(more)s件见系统)") % {"count": len(content['overdue']), "more": more} if more > 0 else "") + "。"), OVERDUE_HEADER, [
            [r["tracking_no"], r["label"], r["unit"], r["due"], str(r["days_overdue"])] for r in content["overdue"]]))
    sections.append(_section(_("六、预警处置"), warnings_sentence(content), [_("预警类型"), _("已处置"), _("已排除")], [
        [k["kind"], str(k["handled"]), str(k["dismissed"])] for k in content["warnings"]["by_kind"]]))
    if head_sentence := audit_head_sentence(content):
        sections.append(Section(_("附:审计日志校验值"), [Paragraph(head_sentence)]))
    issuer = _("%(city)s12345政务服务便民热线工作办公室") % {"city": city_name()}
    number = _("%(year)s年第%(month)s期") % {"year": start.year, "month": start.month} if kind == "monthly" else _("%(year)s年第%(quarter)s季度") % {"year": start.year, "quarter": (start.month + 2) // 3}
    return Document(
        kind=DOCUMENT_KIND, title=content["title"], sections=sections, issuer=issuer, signature=issuer, number=number,
        date=dt.date.fromisoformat(content["generated_on"]), marking=_("公开") if public else _("内部资料 注意保存"),
        subtitle=_("统计期间:%(start)s 至 %(end)s    数据截至:%(as_of)s    生成日期:%(generated_on)s") % {"start": content['start'], "end": content['end'], "as_of": content['as_of'], "generated_on": content['generated_on']},
    )


def render_docx(content: dict) -> bytes:
    return documents.render_docx(bulletin_document(content))


def render_pdf(content: dict) -> bytes:
    return documents.render_pdf(bulletin_document(content))


BULLETIN_DIR = "insights/bulletins"


def bulletin_path(period: str, audience: str, extension: str) -> str:
    return f"{BULLETIN_DIR}/{period}-{audience}.{extension}"


def bulletin_generate(*, actor, period: str, now: dt.datetime | None = None) -> list[InsightBulletin]:
    """Generate (or regenerate) the internal and the public bulletin of ``period`` with their DOCX and PDF
    files under MEDIA_ROOT. A published public bulletin is frozen: regenerating it is refused."""
    require_capability(actor, "insights.publish_bulletins")
    parse_period(period)
    period = period.strip().upper()
    published = InsightBulletin.objects.filter(period=period, published=True).first()
    if published is not None:
        raise ValidationError(_("%(period)s 的公开通报已发布,不能重新生成;如需更正请先撤回发布") % {"period": period})
    results = []
    media = Path(settings.MEDIA_ROOT)
    for audience in (InsightBulletin.Audience.INTERNAL, InsightBulletin.Audience.PUBLIC):
        content = build_bulletin_content(period, audience, now=now)
        files = {"docx": render_docx(content), "pdf": render_pdf(content)}
        for extension, payload in files.items():
            target = media / bulletin_path(period, audience, extension)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(payload)
        with audited_write(actor):
            bulletin = InsightBulletin.objects.select_for_update().filter(period=period, audience=audience).first()
            before = bulletin.audit_snapshot() if bulletin else None
            if bulletin is None:
                bulletin = InsightBulletin(period=period, audience=audience)
            bulletin.title = content["title"]
            bulletin.data = content
            bulletin.docx_file = bulletin_path(period, audience, "docx")
            bulletin.pdf_file = bulletin_path(period, audience, "pdf")
            bulletin.generated_at = clock.now()
            if before is None:
                bulletin.save()
            else:
                save_versioned(bulletin, None)
            record("insights.insight_bulletin.generate", bulletin, before=before, after=bulletin.audit_snapshot())
        results.append(bulletin)
    return results


def bulletin_set_published(*, actor, pk: int, published: bool, expected_version: int | None = None) -> InsightBulletin:
    """Publish (or withdraw) a public bulletin: once published it is readable without login."""
    require_capability(actor, "insights.publish_bulletins")
    with audited_write(actor):
        bulletin = InsightBulletin.objects.select_for_update().filter(pk=pk).first()
        if bulletin is None:
            raise ValidationError(_("该通报不存在"))
        if bulletin.audience != InsightBulletin.Audience.PUBLIC:
            raise ValidationError(_("内部通报含超期诉求明细,不能对外发布;请发布公开版"))
        before = bulletin.audit_snapshot()
        bulletin.published = published
        save_versioned(bulletin, expected_version)
        record("insights.insight_bulletin.publish" if published else "insights.insight_bulletin.withdraw", bulletin, before=before, after=bulletin.audit_snapshot())
    return bulletin
