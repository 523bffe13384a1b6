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
CASES_BEFORE = 0


def test_percentile_is_nearest_rank():
    assert monitoring.percentile({1: 5, 2: 3, 10: 2}, 0.5) == 1
    assert monitoring.percentile({1: 5, 2: 3, 10: 2}, 0.9) == 10
    assert monitoring.percentile({}, 0.5) is None


@pytest.fixture
def played(mini_catalogue):
    global CASES_BEFORE
    CASES_BEFORE = monitoring.case_shares(TODAY - dt.timedelta(days=90), TODAY)["cases"]  # the test city's own cases
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
    assert shares["cases"] == CASES_BEFORE + 40 and 0 < shares["online_share"] < 1
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


def test_split_period_reads_whole_months_from_summaries_and_edges_raw():
    d = dt.date
    assert monitoring.split_period(d(2026, 9, 1), d(2026, 11, 30)) == ((d(2026, 9, 1), d(2026, 11, 1)), [])
    assert monitoring.split_period(d(2026, 9, 10), d(2026, 11, 20)) == ((d(2026, 10, 1), d(2026, 10, 1)),
                                                                       [(d(2026, 9, 10), d(2026, 9, 30)), (d(2026, 11, 1), d(2026, 11, 20))])
    assert monitoring.split_period(d(2026, 11, 3), d(2026, 11, 20)) == (None, [(d(2026, 11, 3), d(2026, 11, 20))])
    assert monitoring.split_period(d(2026, 12, 1), d(2027, 2, 28)) == ((d(2026, 12, 1), d(2027, 2, 1)), [])
    assert monitoring.default_period(d(2026, 11, 20)) == (d(2026, 9, 1), d(2026, 11, 30))


# Whole months only, an edge before whole months, edges only, one day.
PERIODS = [(dt.date(2026, 9, 1), dt.date(2026, 11, 30)), (dt.date(2026, 10, 10), dt.date(2026, 11, 30)),
           (dt.date(2026, 10, 15), dt.date(2026, 11, 18)), (dt.date(2026, 11, 2), dt.date(2026, 11, 2))]


@pytest.mark.parametrize("start,end", PERIODS)
def test_figures_from_summaries_equal_the_raw_computation(played, start, end):
    """Cases played through the real services (acceptance, special procedures, decisions, 办结, 送达, ratings):
    every figure the page, the export and the score component show — percentiles included — is the same
    whether the whole months come from the summaries or everything is counted from the raw rows."""
    from yingshang.affairs.models import DecidedMonth

    assert DecidedMonth.objects.exists()
    assert monitoring.by_item(start, end) == monitoring.by_item(start, end, raw=True)
    assert monitoring.by_unit(start, end) == monitoring.by_unit(start, end, raw=True)
    assert monitoring.by_stage(start, end) == monitoring.by_stage(start, end, raw=True)
    assert monitoring.case_shares(start, end) == monitoring.case_shares(start, end, raw=True)
    assert monitoring.rating_stats(start, end) == monitoring.rating_stats(start, end, raw=True)
    assert monitoring.rating_stats() == monitoring.rating_stats(raw=True)
    units = list(Unit.objects.filter(affairs_subcases__isnull=False).distinct())
    assert monitoring.timeliness_scores(units, start, end) == monitoring.timeliness_scores(units, start, end, raw=True)
    for unit in units[:3]:  # a department's slice (its subtree), as its page reads it
        scope = list(Unit.objects.filter(tree_path__startswith=unit.tree_path).values_list("pk", flat=True))
        assert monitoring.by_item(start, end, scope) == monitoring.by_item(start, end, scope, raw=True)
        assert monitoring.by_stage(start, end, scope) == monitoring.by_stage(start, end, scope, raw=True)
        assert monitoring.case_shares(start, end, unit) == monitoring.case_shares(start, end, unit, raw=True)
    whole = monitoring.by_item(dt.date(2026, 9, 1), dt.date(2026, 11, 30))
    assert sum(r.count for r in whole) > 0 and any(r.p90 is not None and r.p90 > 0 for r in whole)


def _summary_rows():
    from yingshang.affairs.summaries import SUMMARY_MODELS

    rows = {}
    for model in SUMMARY_MODELS:
        fields = [f.attname for f in model._meta.concrete_fields if f.attname != "id"]
        rows[model.__name__] = sorted(model.objects.values_list(*fields), key=repr)
    return rows


def test_rebuild_reproduces_the_incrementally_kept_rows(played):
    from yingshang.affairs.models import CaseMonth, RatingMonth, StageMonth
    from yingshang.affairs.summaries import rebuild

    kept = _summary_rows()
    assert kept["DecidedMonth"] and kept["StageMonth"] and kept["CaseMonth"] and kept["RatingMonth"]
    StageMonth.objects.all().delete()
    RatingMonth.objects.filter(pk=RatingMonth.objects.first().pk).update(count=99)
    CaseMonth.objects.all().delete()
    written = rebuild()
    assert _summary_rows() == kept
    assert written["decidedmonth"] == len(kept["DecidedMonth"])


def test_rebuild_command(played):
    from io import StringIO

    from django.core.management import call_command

    from yingshang.affairs.models import DecidedMonth

    kept = _summary_rows()
    DecidedMonth.objects.all().delete()
    out = StringIO()
    call_command("affairs", "rebuild-monitoring", stdout=out)
    assert "decidedmonth" in out.getvalue() and _summary_rows() == kept


def test_a_department_reads_only_its_own_rows(played, client_for):
    """core.scope on the summaries: a department's handler with the monitoring capability sees its own unit's
    items and stages, and the cases that reach it; the leader sees the whole city."""
    from yingshang.affairs.models import DecidedMonth
    from yingshang.core.scope import visible

    leader = client_for("leader")
    url = "/affairs/monitoring/?start=2026-09-01&end=2026-11-30"
    page = leader.get(url)
    assert page.status_code == 200
    units_on_page = {r.key for r in page.context["units"]}
    assert len(units_on_page) > 1
    unit = Unit.objects.get(pk=sorted(units_on_page)[0])
    from yingshang.core.models import User

    coordinator = User.objects.filter(role=User.Role.COORDINATOR, unit__isnull=False).first()
    if coordinator is None:
        pytest.skip("测试城市没有协调人")
    from yingshang.core.audit import audited_write

    with audited_write(None):
        coordinator.unit = unit
        coordinator.save()
    seen = visible(coordinator, DecidedMonth.objects.all())
    assert seen.exists() and set(seen.values_list("unit_id", flat=True)) <= set(Unit.objects.filter(tree_path__startswith=unit.tree_path).values_list("pk", flat=True))
    client = client_for("leader")
    client.force_login(coordinator)
    own = client.get(url)
    assert own.status_code == 200
    assert {r.key for r in own.context["units"]} <= set(Unit.objects.filter(tree_path__startswith=unit.tree_path).values_list("pk", flat=True))
    start, end = dt.date(2026, 9, 1), dt.date(2026, 11, 30)
    assert own.context["shares"] == monitoring.case_shares(start, end, unit, raw=True)
    assert own.context["shares"]["cases"] < page.context["shares"]["cases"]


def test_the_page_and_the_api_ask_for_whole_months():
    from django.core.exceptions import ValidationError

    d = dt.date
    assert monitoring.parse_period("2026-09", "2026-11") == (d(2026, 9, 1), d(2026, 11, 30))
    assert monitoring.parse_period("2026-09-15", "2026-11-03") == (d(2026, 9, 1), d(2026, 11, 30))
    assert monitoring.parse_period("", "2026-02") == (d(2026, 2, 1), d(2026, 2, 28))
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 11, 20, 12))):
        assert monitoring.parse_period(None, None) == (d(2026, 9, 1), d(2026, 11, 30))
    for bad in (("2026-13", ""), ("2026-11", "2026-09"), ("明天", "")):
        with pytest.raises(ValidationError):
            monitoring.parse_period(*bad)


def test_rebuild_job_is_registered_audited_and_idempotent(played, users):
    from yingshang.affairs.jobs import rebuild_monitoring_job
    from yingshang.core.jobs import JOB_KINDS
    from yingshang.core.models import AuditEntry

    assert JOB_KINDS["affairs.rebuild_monitoring"].capability == "affairs.publish_items"
    kept = _summary_rows()
    result = rebuild_monitoring_job(None, users["admin"])
    assert _summary_rows() == kept and result["decidedmonth"] == len(kept["DecidedMonth"]) and "月汇总" in result["message"]
    assert AuditEntry.objects.filter(action="affairs.decided_month.generate").exists()
