"""The appeals app's enterprise fact for the credit model (core.registry): complaints about an enterprise in the
12 months up to the evaluation day, a known 0 for an enterprise without any; the credit model reads it."""

from __future__ import annotations

import datetime as dt

import pytest

from yingshang.appeals.models import Appeal, AppealType
from yingshang.core.registry import enterprise_fact_sources
from yingshang.credit.facts import load_facts

pytestmark = pytest.mark.django_db


def test_complaints_about_an_enterprise_in_the_last_twelve_months():
    source = next(s for s in enterprise_fact_sources() if s.key == "appeals.complaints_12m")
    complaints = Appeal.objects.filter(appeal_type=AppealType.COMPLAINT, enterprise__isnull=False).order_by("-accepted_at")
    latest = complaints.first()
    assert latest is not None, "the demo city has complaints about enterprises"
    day = latest.accepted_at.date()
    expected = complaints.filter(enterprise=latest.enterprise, accepted_at__date__gt=day - dt.timedelta(days=365),
                                 accepted_at__date__lte=day).count()
    other = Appeal.objects.exclude(enterprise=latest.enterprise).filter(enterprise__isnull=False).values_list("enterprise_id", flat=True).first()
    figures = source.compute([latest.enterprise_id, 10**9], day)
    assert figures[latest.enterprise_id] == expected >= 1
    assert figures[10**9] == 0  # asked, none: a known zero
    later = source.compute([latest.enterprise_id], day + dt.timedelta(days=800))
    assert later[latest.enterprise_id] == 0  # older than 12 months: not counted
    table = load_facts(day, [i for i in (latest.enterprise_id, other) if i])
    assert table.columns["appeals.complaints_12m"][list(table.ids).index(latest.enterprise_id)] == expected
