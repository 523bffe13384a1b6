"""The enterprise fact the appeals app offers the credit model (core.registry enterprise fact sources):
complaints (投诉) about an enterprise accepted in the last 12 months. Registered in apps.py; the credit app
reads it through ``enterprise_fact_sources()`` without importing appeals."""

from __future__ import annotations

import datetime as dt

from django.db.models import Count

from .models import Appeal, AppealType


def _year_before(day: dt.date) -> dt.date:
    return day.replace(year=day.year - 1, day=28 if (day.month, day.day) == (2, 29) else day.day)


def complaints_by_enterprise(enterprise_ids, since: dt.date) -> dict[int, float]:
    """{enterprise id: complaints about it accepted in the year up to ``since`` (the evaluation day)} for every
    asked enterprise: the hotline holds every complaint, so one without any has a known 0."""
    start = _year_before(since)
    rows = (Appeal.objects.filter(appeal_type=AppealType.COMPLAINT, enterprise_id__isnull=False, accepted_at__date__gte=start,
                                  accepted_at__date__lte=since)
            .values("enterprise_id").annotate(n=Count("id")).values_list("enterprise_id", "n"))
    asked = [int(i) for i in enterprise_ids]
    if len(asked) <= 5000:
        rows = rows.filter(enterprise_id__in=asked)
    counts = dict.fromkeys(asked, 0.0)
    counts.update({int(pk): float(n) for pk, n in rows if int(pk) in counts})
    return counts
