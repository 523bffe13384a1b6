"""Scores, ranks and 末位 (pure), and the extension point for other modules' components (database)."""

import datetime as dt
from decimal import Decimal

import pytest

from yingshang.core.registry import register_score_component, unregister_score_component
from yingshang.plans.scoring import GroupScore, TaskOutcome, rank_groups, score_group, timeliness_points
from yingshang.plans.status import FINISHED, IN_PROGRESS, LAGGING, NOT_STARTED, OVERDUE, TaskStatus

WEIGHTS = {"completion": Decimal("40"), "timeliness": Decimal("40"), "indicators": Decimal("20")}


def outcome(code, percent=0, late=False, indicators=()):
    return TaskOutcome(TaskStatus(code, (), percent, late), tuple(indicators))


def test_timeliness_points_per_status():
    assert [timeliness_points(TaskStatus(c, (), 0, late)) for c, late in (
        (FINISHED, False), (FINISHED, True), (IN_PROGRESS, False), (NOT_STARTED, False), (LAGGING, False), (OVERDUE, False),
    )] == [100, 50, 100, 100, 50, 0]


def test_weighted_score_with_all_components():
    group = score_group(1, [outcome(FINISHED, 100, indicators=[True, False]), outcome(OVERDUE, 40)], WEIGHTS)
    # completion 70, timeliness 50, indicators 50 → (40*70 + 40*50 + 20*50) / 100
    assert group.components == {"completion": 70.0, "timeliness": 50.0, "indicators": 50.0}
    assert group.score == Decimal("58.00")
    assert (group.tasks, group.finished, group.overdue, group.lagging) == (2, 1, 1, 0)


def test_a_component_that_does_not_apply_is_left_out_not_scored_zero():
    group = score_group(1, [outcome(IN_PROGRESS, 50)], WEIGHTS)
    assert group.components["indicators"] is None
    assert group.score == Decimal("75.00")  # (40*50 + 40*100) / 80


def test_extra_components_count_with_their_weight():
    weights = {**WEIGHTS, "appeals.kpi": Decimal("100")}
    with_kpi = score_group(1, [outcome(FINISHED, 100)], weights, {"appeals.kpi": 0.0})
    assert with_kpi.score == Decimal("44.44")  # (40*100 + 40*100 + 100*0) / 180; no indicator is due
    unknown = score_group(2, [outcome(FINISHED, 100)], weights, {"appeals.kpi": None})
    assert unknown.score == Decimal("100.00")


def test_ranks_share_ties_and_the_last_place_is_bottom():
    groups = [GroupScore(i, Decimal(s), {}) for i, s in enumerate(["90", "80", "80", "60"], start=1)]
    ranked = rank_groups(groups, bottom_places=1)
    assert [(g.unit_id, g.rank, g.is_bottom) for g in ranked] == [(1, 1, False), (2, 2, False), (3, 2, False), (4, 4, True)]
    tie_at_bottom = rank_groups([GroupScore(i, Decimal(s), {}) for i, s in enumerate(["90", "70", "70"], start=1)], 1)
    assert [g.is_bottom for g in tie_at_bottom] == [False, True, True]


def test_no_bottom_when_everyone_ties_or_there_are_too_few():
    assert not any(g.is_bottom for g in rank_groups([GroupScore(1, Decimal("50"), {}), GroupScore(2, Decimal("50"), {})], 1))
    assert not any(g.is_bottom for g in rank_groups([GroupScore(1, Decimal("50"), {})], 1))
    assert not any(g.is_bottom for g in rank_groups([GroupScore(1, Decimal("90"), {}), GroupScore(2, Decimal("10"), {})], 0))


@pytest.mark.django_db
def test_a_registered_component_enters_the_ranking_when_weighted(published, users, at):
    """Other modules' figures plug in through core.registry.register_score_component; plans never imports them."""
    from yingshang.plans.services import ranking_compute, scheme_active, scheme_update

    seen = {}

    def kpi(units, start, end):
        seen["args"] = (len(units), start, end)
        return {unit.pk: 0.0 for unit in units}

    register_score_component("test.kpi", "测试KPI", kpi)
    try:
        at(2026, 2, 20)
        plain = ranking_compute(actor=users["admin"], period="2026-02")
        assert "test.kpi" not in {c["key"] for c in plain.components} and "args" not in seen  # weight 0: not asked
        scheme = scheme_active()
        scheme_update(actor=users["admin"], scheme=scheme, expected_version=scheme.version, name="含KPI", weight_completion=40,
                      weight_timeliness=40, weight_indicators=20, extra_weights={"test.kpi": 100}, bottom_places=1)
        weighted = ranking_compute(actor=users["admin"], period="2026-02")
        assert seen["args"][1:] == (dt.date(2026, 2, 1), dt.date(2026, 2, 20))
        assert {"key": "test.kpi", "label": "测试KPI", "ok": True} in weighted.components
        before = {e.unit_id: e.score for e in plain.entries.all()}
        after = {e.unit_id: e.score for e in weighted.entries.all()}
        assert all(after[u] < before[u] for u in before if before[u] > 0)  # a KPI of 0 pulls every score down
        assert all(e.components["test.kpi"] == 0.0 for e in weighted.entries.all())
    finally:
        unregister_score_component("test.kpi")  # the scheme's change is rolled back with the test


@pytest.mark.django_db
def test_a_failing_component_does_not_stop_the_ranking(published, users, at):
    from yingshang.plans.services import ranking_compute, scheme_active, scheme_update

    def broken(units, start, end):
        raise RuntimeError("module down")

    register_score_component("test.broken", "故障项", broken)
    scheme = scheme_active()
    try:
        scheme_update(actor=users["admin"], scheme=scheme, expected_version=scheme.version, name="x", weight_completion=40,
                      weight_timeliness=40, weight_indicators=20, extra_weights={"test.broken": 10}, bottom_places=1)
        at(2026, 2, 20)
        run = ranking_compute(actor=users["admin"], period="2026-02")
        assert {"key": "test.broken", "label": "故障项", "ok": False} in run.components
        assert run.entries.exists()
    finally:
        unregister_score_component("test.broken")
