"""The monitoring summaries (DecidedMonth, StageMonth, CaseMonth, RatingMonth): counted by the services in the
same transaction as the step they describe, and rebuilt from the raw rows on demand.

Every counter is additive, so a month's row is the sum of its rows' contributions: the incremental path adds
one contribution per step; :func:`rebuild` recomputes the same sums with GROUP BY over SubCase, StageRecord,
Case and Rating. A test checks that both give the same rows and that the figures read from them equal a raw
recomputation (monitoring.py reads partial months of a period from the raw rows, whole months from here).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db import IntegrityError, connection, transaction
from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record_bulk
from yingshang.core.models import Unit

from .models import Case, CaseMonth, DecidedMonth, Rating, RatingMonth, StageMonth, StageRecord, SubCase

SUMMARY_MODELS = (DecidedMonth, StageMonth, CaseMonth, RatingMonth)
AUDIT_NOUNS = {DecidedMonth: "decided_month", StageMonth: "stage_month", CaseMonth: "case_month", RatingMonth: "rating_month"}


def month_of(day: dt.date | dt.datetime) -> dt.date:
    """The first day of the (local) month of a date or an aware moment."""
    if isinstance(day, dt.datetime):
        day = timezone.localdate(day)
    return day.replace(day=1)


def _add(model, key: dict, **deltas: int) -> None:
    """Add ``deltas`` to the row ``key`` (created at zero when missing). The UPDATE takes the row's lock, so
    concurrent steps add up; two first inserts race on the unique constraint and the loser updates."""
    deltas = {field: value for field, value in deltas.items() if value}
    if not deltas:
        return
    increments = {field: F(field) + value for field, value in deltas.items()}
    if model.objects.filter(**key).update(**increments):
        return
    try:
        with transaction.atomic():
            model.objects.create(**key, **deltas)
    except IntegrityError:
        model.objects.filter(**key).update(**increments)


# --- the incremental path (called by services/cases.py and services/ratings.py) ---------------------------------

def count_decided(sub: SubCase) -> None:
    days = sub.days_used or 0
    _add(DecidedMonth, {"month": month_of(sub.decided_at), "item_id": sub.item_id, "unit_id": sub.unit_id, "days_used": days},
         count=1, promised_total=sub.promised_days, statutory_total=sub.statutory_days,
         on_time=int(days <= sub.promised_days), within_statutory=int(days <= sub.statutory_days))


def count_stage(row: StageRecord) -> None:
    _add(StageMonth, {"month": month_of(row.ended_on), "unit_id": row.unit_id, "stage": row.stage, "suspends_clock": row.suspends_clock,
                      "days": row.days}, count=1)


def _case_scopes(unit_ids) -> list[int | None]:
    """None (the city) and every unit whose subtree holds one of ``unit_ids`` (the units and their ancestors)."""
    paths = Unit.objects.filter(pk__in=set(unit_ids)).values_list("tree_path", flat=True)
    prefixes = {path[:end + 1] for path in paths for end, char in enumerate(path) if char == "/" and end}
    return [None, *Unit.objects.filter(tree_path__in=prefixes).values_list("pk", flat=True)]


def case_unit_ids(case: Case) -> set[int]:
    return {case.hall_id, *case.subcases.values_list("unit_id", flat=True)}


def count_submitted(case: Case) -> None:
    for unit_id in _case_scopes(case_unit_ids(case)):
        _add(CaseMonth, {"month": month_of(case.submitted_at), "unit_id": unit_id}, cases=1, instant=int(case.instant),
             online=int(case.channel == Case.Channel.ONLINE), visits=case.visits)


def count_completed(case: Case) -> None:
    """A finished case is late when its days used exceed its 承诺时限 (counted in its submission month)."""
    if case.days_used is not None and case.days_used > case.promised_days:
        for unit_id in _case_scopes(case_unit_ids(case)):
            _add(CaseMonth, {"month": month_of(case.submitted_at), "unit_id": unit_id}, late=1)


def count_rating(rating: Rating) -> None:
    _add(RatingMonth, {"month": month_of(rating.rated_at), "unit_id": rating.unit_id, "level": rating.level}, count=1)


# --- the rebuild ---------------------------------------------------------------------------------------------------

def _local_month(moment: dt.datetime) -> dt.date:
    return month_of(moment) if timezone.is_aware(moment) else moment.date().replace(day=1)


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def rebuilt_rows() -> dict[type, list]:
    """Every summary row recomputed from the raw rows (unsaved)."""
    tz = timezone.get_current_timezone()
    decided = [DecidedMonth(month=_local_month(r["m"]), item_id=r["item_id"], unit_id=r["unit_id"], days_used=r["days_used"], count=r["n"],
                            promised_total=r["promised"] or 0, statutory_total=r["statutory"] or 0, on_time=r["ok"], within_statutory=r["legal"])
               for r in SubCase.objects.filter(decided_at__isnull=False, days_used__isnull=False).order_by()
               .values("item_id", "unit_id", "days_used", m=TruncMonth("decided_at", tzinfo=tz))
               .annotate(n=Count("id"), promised=Sum("promised_days"), statutory=Sum("statutory_days"),
                         ok=Count("id", filter=Q(days_used__lte=F("promised_days"))), legal=Count("id", filter=Q(days_used__lte=F("statutory_days"))))]
    stages = [StageMonth(month=_day(r["m"]).replace(day=1), unit_id=r["unit_id"], stage=r["stage"],
                         suspends_clock=r["suspends_clock"], days=r["days"], count=r["n"])
              for r in StageRecord.objects.order_by().values("unit_id", "stage", "suspends_clock", "days", m=TruncMonth("ended_on")).annotate(n=Count("id"))]
    ratings = [RatingMonth(month=_local_month(r["m"]), unit_id=r["unit_id"], level=r["level"], count=r["n"])
               for r in Rating.objects.order_by().values("unit_id", "level", m=TruncMonth("rated_at", tzinfo=tz)).annotate(n=Count("id"))]
    return {DecidedMonth: decided, StageMonth: stages, CaseMonth: _rebuilt_case_months(), RatingMonth: ratings}


def _rebuilt_case_months() -> list[CaseMonth]:
    """Per case: its hall's and sub-cases' units and their ancestors, each once — then summed per month × unit.
    Cases are grouped first by (month, hall, the set of sub-case units, counters), which folds the many cases
    that share one pattern, so the ancestors are worked out per pattern, not per case."""
    tz = timezone.get_current_timezone()
    paths = dict(Unit.objects.values_list("pk", "tree_path"))
    by_path = {path: pk for pk, path in paths.items()}

    def ancestors(unit_id: int) -> set[int]:
        path = paths.get(unit_id, "")
        return {by_path[path[:end + 1]] for end, char in enumerate(path) if char == "/" and end and path[:end + 1] in by_path}

    units_of: dict[int, set[int]] = defaultdict(set)
    for case_id, unit_id in SubCase.objects.order_by().values_list("case_id", "unit_id").distinct().iterator(chunk_size=20000):
        units_of[case_id].add(unit_id)
    totals: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
    patterns: dict = defaultdict(lambda: [0, 0, 0, 0, 0])
    for case_id, submitted, hall_id, instant, channel, visits, used, promised in Case.objects.order_by().values_list(
            "id", "submitted_at", "hall_id", "instant", "channel", "visits", "days_used", "promised_days").iterator(chunk_size=20000):
        key = (submitted.astimezone(tz).date().replace(day=1), hall_id, frozenset(units_of.pop(case_id, ())))
        p = patterns[key]
        p[0] += 1
        p[1] += int(instant)
        p[2] += int(channel == Case.Channel.ONLINE)
        p[3] += visits
        p[4] += int(used is not None and used > promised)
    cache: dict = {}
    for (month, hall_id, units), counters in patterns.items():
        scope_key = (hall_id, units)
        if scope_key not in cache:
            cache[scope_key] = {a for u in {hall_id, *units} for a in ancestors(u)}
        for unit_id in (None, *cache[scope_key]):
            row = totals[(month, unit_id)]
            for i, value in enumerate(counters):
                row[i] += value
    return [CaseMonth(month=month, unit_id=unit_id, cases=c[0], instant=c[1], online=c[2], visits=c[3], late=c[4])
            for (month, unit_id), c in totals.items()]


def rebuild(actor=None) -> dict[str, int]:
    """Replace every summary row by its recomputation from the raw rows (one audited transaction; the tables are
    locked first so that no step counts into rows being replaced); answers the rows written per table."""
    with audited_write(actor):
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                tables = ", ".join(connection.ops.quote_name(model._meta.db_table) for model in SUMMARY_MODELS)
                cursor.execute(f"LOCK TABLE {tables} IN EXCLUSIVE MODE")
        rows = rebuilt_rows()
        written = {}
        for model in SUMMARY_MODELS:
            model.objects.all().delete()
            model.objects.bulk_create(rows[model], batch_size=5000)
            written[model._meta.model_name] = len(rows[model])
            record_bulk(f"affairs.{AUDIT_NOUNS[model]}.generate", model, count=len(rows[model]), summary={"rebuild": True})
    return written
