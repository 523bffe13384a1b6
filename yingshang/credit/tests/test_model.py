"""The class model: each indicator moves the class as configured, a missing fact source is absent (not zero),
a configuration change is a new audited version that recomputation applies, and the one credit check answers
from the stored evaluations."""

from __future__ import annotations

import datetime as dt

import pytest

from yingshang.core.models import AuditEntry, Enterprise
from yingshang.core.registry import credit_check, register_enterprise_fact_source, unregister_enterprise_fact_source
from yingshang.credit import services
from yingshang.credit.evaluation import explain
from yingshang.credit.models import CreditEvaluation, CreditModel

pytestmark = pytest.mark.django_db

INDICATORS = [
    {"fact": "penalty.count_24m", "label": "有行政处罚", "comparator": "ge", "threshold": 1, "points": -20},
    {"fact": "tax.level_rank", "label": "纳税信用A级", "comparator": "le", "threshold": 1, "points": 10},
    {"fact": "test.inspections_failed", "label": "检查不合格", "comparator": "ge", "threshold": 1, "points": -30},
    {"fact": "test.inspections_failed", "label": "从未检查不合格", "comparator": "le", "threshold": 0, "points": 5},
]


@pytest.fixture
def model(admin, frozen):
    current = services.ensure_model(admin)
    return services.model_revise(actor=admin, model=current, expected_version=current.version, note="测试模型",
                                 settings={"base_score": 80, "class_a_min": 90, "class_b_min": 75, "class_c_min": 60, "blacklist_class": "D"},
                                 indicators=INDICATORS)


def _evaluate(admin, enterprise):
    services.run_evaluation(actor=admin, enterprise_ids=[enterprise.pk])
    return CreditEvaluation.objects.get(enterprise=enterprise)


def test_each_indicator_moves_the_class_with_its_reason(model, admin, scj, clean_enterprise, frozen):
    evaluation = _evaluate(admin, clean_enterprise)
    assert (evaluation.score, evaluation.risk_class, evaluation.reasons) == (80, "B", [])

    services.tax_level_set(actor=admin, enterprise=clean_enterprise, year=2025, level="A")
    evaluation = _evaluate(admin, clean_enterprise)
    assert (evaluation.score, evaluation.risk_class) == (90, "A")
    assert [r["label"] for r in evaluation.reasons] == ["纳税信用A级"]

    services.penalty_create(actor=admin, enterprise=clean_enterprise, unit=scj, decision_no="测罚〔2026〕1号",
                            decided_on=frozen - dt.timedelta(days=30), matter="虚假宣传")  # recomputes at once
    evaluation = CreditEvaluation.objects.get(enterprise=clean_enterprise)
    assert (evaluation.score, evaluation.risk_class) == (70, "C")
    assert {r["label"]: r["points"] for r in evaluation.reasons} == {"纳税信用A级": 10, "有行政处罚": -20}
    clean_enterprise.refresh_from_db()
    assert clean_enterprise.credit_class == "C"  # the registry follows the evaluation

    services.blacklist_add(actor=admin, enterprise=clean_enterprise, unit=scj, listed_on=frozen, reason="拒不履行行政处罚决定")
    evaluation = CreditEvaluation.objects.get(enterprise=clean_enterprise)
    assert evaluation.risk_class == "D" and evaluation.blacklisted
    assert evaluation.reasons[0]["fact"] == "blacklist.active"


def test_a_penalty_older_than_24_months_does_not_count(model, admin, scj, clean_enterprise, frozen):
    services.penalty_create(actor=admin, enterprise=clean_enterprise, unit=scj, decision_no="测罚〔2023〕9号",
                            decided_on=frozen - dt.timedelta(days=800), matter="虚假宣传")
    assert CreditEvaluation.objects.get(enterprise=clean_enterprise).risk_class == "B"


def test_a_missing_fact_source_is_absent_not_zero(model, admin, clean_enterprise, frozen):
    # Not registered: neither "≥1 → −30" nor "≤0 → +5" holds (a zero would have given +5).
    evaluation = _evaluate(admin, clean_enterprise)
    assert evaluation.score == 80
    rows = {row["indicator"].label: row for row in explain(model, clean_enterprise.pk, frozen)}
    assert rows["从未检查不合格"]["absent"] and not rows["从未检查不合格"]["held"]

    # Registered, but without a figure for this enterprise: still absent for it; with a 0 for it: +5.
    register_enterprise_fact_source("test.inspections_failed", "检查不合格次数", lambda ids, since: {})
    try:
        assert _evaluate(admin, clean_enterprise).score == 80
        register_enterprise_fact_source("test.inspections_failed", "检查不合格次数", lambda ids, since: {clean_enterprise.pk: 0})
        assert _evaluate(admin, clean_enterprise).score == 85
        register_enterprise_fact_source("test.inspections_failed", "检查不合格次数", lambda ids, since: {clean_enterprise.pk: 2})
        evaluation = _evaluate(admin, clean_enterprise)
        assert (evaluation.score, evaluation.risk_class) == (50, "D")
        assert [r["label"] for r in evaluation.reasons] == ["检查不合格"]
    finally:
        unregister_enterprise_fact_source("test.inspections_failed")


def test_a_configuration_change_is_a_new_audited_version_and_recomputation_applies_it(model, admin, clean_enterprise, frozen):
    services.tax_level_set(actor=admin, enterprise=clean_enterprise, year=2025, level="A")
    assert _evaluate(admin, clean_enterprise).risk_class == "A"
    rows = [dict(r, threshold=r["threshold"]) for r in INDICATORS]
    rows[1]["points"] = 2  # 纳税信用A级 now worth only 2 points
    revised = services.model_revise(actor=admin, model=model, expected_version=model.version, settings={"base_score": 80},
                                    indicators=rows, note="下调纳税信用加分")
    assert revised.number == model.number + 1 and revised.is_active
    model.refresh_from_db()
    assert not model.is_active
    assert AuditEntry.objects.filter(action="credit.credit_model.revise", object_id=str(revised.pk)).exists()
    run = services.run_evaluation(actor=admin)  # the full recomputation the page starts as a job
    assert run.model_id == revised.pk and run.enterprises == Enterprise.objects.count()
    evaluation = CreditEvaluation.objects.get(enterprise=clean_enterprise)
    assert (evaluation.model_number, evaluation.score, evaluation.risk_class) == (revised.number, 82, "B")
    clean_enterprise.refresh_from_db()
    assert clean_enterprise.credit_class == "B"


def test_a_revision_with_inconsistent_thresholds_is_refused(model, admin):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError, match="A类最低分"):
        services.model_revise(actor=admin, model=model, expected_version=model.version, settings={"class_a_min": 60, "class_b_min": 70},
                              indicators=INDICATORS, note="错误")
    assert CreditModel.objects.get(is_active=True).pk == model.pk


def test_the_kernel_credit_check_answers_from_the_stored_evaluation(model, admin, scj, clean_enterprise, frozen):
    services.blacklist_add(actor=admin, enterprise=clean_enterprise, unit=scj, listed_on=frozen, reason="拒不履行行政处罚决定")
    standing = credit_check(clean_enterprise.pk)
    assert standing.blacklisted and standing.risk_class == "D" and standing.score == 80
    assert any("失信" in reason for reason in standing.reasons)
