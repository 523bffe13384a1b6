"""Monitoring figures (aggregated queries), the leader's page, its export, and the score component."""

import datetime as dt

import pytest
from django.utils import timezone

from yingshang.affairs import monitoring
from yingshang.affairs.demo import build_cases
from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.registry import score_components

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


def test_percentile_is_nearest_rank():
    assert monitoring.percentile({1: 5, 2: 3, 10: 2}, 0.5) == 1
    assert monitoring.percentile({1: 5, 2: 3, 10: 2}, 0.9) == 10
    assert monitoring.percentile({}, 0.5) is None


@pytest.fixture
def played(mini_catalogue):
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(18)))):
        build_cases(40, seed=3)
    return TODAY


def test_figures_per_item_unit_and_stage(played):
    start, end = played - dt.timedelta(days=90), played
    items = monitoring.by_item(start, end)
    assert items and all(r.count > 0 and r.p50 is not None and r.p50 <= r.p90 for r in items)
    assert sum(r.count for r in items) == sum(r.count for r in monitoring.by_unit(start, end))
    stages = {r["stage"] for r in monitoring.by_stage(start, end)}
    assert {"受理", "审查", "办结", "送达"} <= stages
    shares = monitoring.case_shares(start, end)
    assert shares["cases"] == 40 and 0 < shares["online_share"] < 1
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(played, dt.time(18)))):
        warned = monitoring.warnings(played)
    assert warned["late"] + warned["near"] >= 0 and all(s.is_open for s in warned["rows"])


def test_leader_page_and_export(played, client_for):
    client = client_for("leader")
    url = f"/affairs/monitoring/?start={played - dt.timedelta(days=90)}&end={played}"
    page = client.get(url)
    html = page.content.decode()
    assert page.status_code == 200 and "各环节用时" in html and "审查" in html and "affairs-chart" in html
    export = client.get(url + "&export=xlsx")
    assert export.status_code == 200 and b"".join(export.streaming_content)[:2] == b"PK"
    assert client.get("/affairs/monitoring/?start=2026-13-01").status_code == 400
    assert client_for("enterprise").get("/affairs/monitoring/").status_code == 403


def test_score_component_is_registered_and_scores_units(played):
    component = next(c for c in score_components() if c.key == "affairs.timeliness")
    units = list(Unit.objects.filter(name__in=["市市场监督管理局", "市卫生健康委员会", "市审计局"]))
    scores = component.compute(units, played - dt.timedelta(days=90), played)
    by_name = {u.name: scores.get(u.pk) for u in units}
    assert by_name["市审计局"] is None  # nothing to measure: left out, not 0
    assert 0 <= by_name["市市场监督管理局"] <= 100
