"""The 12345 KPIs and enterprise satisfaction feed the plans ranking (issue #11, item 8).

The appeals app registers both components in the kernel (core.registry) from its AppConfig.ready(); the
plans ranking reads the registry. Neither app imports the other; only this test sees both.
"""

import datetime as dt
from collections import defaultdict

import pytest
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.models import Appeal
from yingshang.appeals.services.validation import unused_tracking_numbers
from yingshang.appeals.workflow import State
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.registry import score_components
from yingshang.plans.models import RankingEntry
from yingshang.plans.services import ranking_compute, scheme_active, scheme_update

pytestmark = pytest.mark.django_db

FEB = (dt.date(2026, 2, 1), dt.date(2026, 2, 28))


def aware(*args) -> dt.datetime:
    return timezone.make_aware(dt.datetime(*args))


def set_weights(admin, **extra):
    scheme = scheme_active()
    scheme_update(actor=admin, scheme=scheme, expected_version=scheme.version, name=scheme.name, weight_completion=40,
                  weight_timeliness=40, weight_indicators=20, extra_weights=extra, bottom_places=1)


def completed_appeals(unit, *, count: int, late: bool, enterprise: bool = False, rating: int = 5):
    """``count`` appeals accepted in February and completed by ``unit``, on time or late."""
    made = []
    for day in range(count):
        accepted = aware(2026, 2, 2 + day, 9)
        due = accepted + dt.timedelta(days=5)
        completed = due + dt.timedelta(days=2) if late else due - dt.timedelta(days=2)
        with audited_write(None):
            appeal = Appeal(
                tracking_no=unused_tracking_numbers([accepted])[0], channel="hotline", appeal_type="complaint", content="测试诉求", person_name="张三",
                person_phone="13900000000", state=State.CALLED_BACK, unit=unit, accepted_at=accepted, dispatched_at=accepted,
                dispatched_on_time=True, first_feedback_at=accepted + dt.timedelta(hours=4), feedback_on_time=True,
                completion_due=due, completed_at=completed, completed_on_time=not late, callback_count=1, rating=rating,
                is_enterprise=enterprise, reply="已办理",
            )
            appeal.save()
            record("test.appeal", appeal, after=appeal.audit_snapshot())
        made.append(appeal)
    return made


def unit_entries(run) -> dict[int, RankingEntry]:
    return {e.unit_id: e for e in run.entries.filter(scope=RankingEntry.Scope.UNIT).select_related("unit")}


def tied_units_without_appeals(run):
    """Two departments with the same plan score and no appeal of February in their subtree."""
    low, high = aware(2026, 2, 1), aware(2026, 3, 1)
    busy = [p for p in Appeal.objects.filter(accepted_at__gte=low, accepted_at__lt=high).values_list("unit__tree_path", flat=True) if p]
    by_score = defaultdict(list)
    for entry in sorted(unit_entries(run).values(), key=lambda e: e.unit.tree_path):
        if not any(path.startswith(entry.unit.tree_path) for path in busy):
            by_score[entry.score].append(entry)
    return next(group[:2] for group in by_score.values() if len(group) >= 2)


def test_the_appeals_app_registers_both_components_in_the_kernel():
    components = {c.key: c for c in score_components()}
    assert str(components["appeals.kpi"].label) == "12345诉求办理" and components["appeals.kpi"].default_weight > 0
    assert str(components["appeals.enterprise_satisfaction"].label) == "企业满意度"


def test_a_units_rank_follows_its_12345_kpis(published, users, at, client_for):
    admin = users["admin"]
    at(2026, 2, 20)
    set_weights(admin, **{"appeals.kpi": 0, "appeals.enterprise_satisfaction": 0})
    first, second = tied_units_without_appeals(ranking_compute(actor=admin, period="2026-02"))
    assert first.rank == second.rank  # equal plan progress: a tie

    completed_appeals(first.unit, count=3, late=True)
    completed_appeals(second.unit, count=3, late=False)
    set_weights(admin, **{"appeals.kpi": 50, "appeals.enterprise_satisfaction": 0})
    run = ranking_compute(actor=admin, period="2026-02")
    entries = unit_entries(run)
    late, on_time = entries[first.unit_id], entries[second.unit_id]
    assert on_time.rank < late.rank and on_time.score > late.score
    # 即时转办, 按时反馈 and 满意 all 100%; 按时办结 0% for the late unit: (100 + 100 + 0 + 100) / 4
    assert late.components["appeals.kpi"] == 75.0 and on_time.components["appeals.kpi"] == 100.0
    assert {"key": "appeals.kpi", "label": "12345诉求办理", "ok": True} in run.components

    # Later in the month the late unit handles nine more on time, the other nine late: the ranks swap.
    completed_appeals(first.unit, count=9, late=False)
    completed_appeals(second.unit, count=9, late=True)
    swapped = unit_entries(ranking_compute(actor=admin, period="2026-02"))
    assert swapped[first.unit_id].components["appeals.kpi"] == 93.75  # 按时办结 9/12
    assert swapped[second.unit_id].components["appeals.kpi"] == 81.25  # 按时办结 3/12
    assert swapped[first.unit_id].rank < swapped[second.unit_id].rank

    # The ranking page shows the component in each unit's breakdown.
    html = client_for("admin").get(reverse("plans:ranking"), {"period": "2026-02"}).content.decode()
    assert '<th data-component="appeals.kpi">12345诉求办理</th>' in html
    assert '<td data-component="appeals.kpi">93.75</td>' in html

    # Its XLSX export carries the same column.
    import io

    from openpyxl import load_workbook

    response = client_for("admin").get(reverse("plans:ranking"), {"period": "2026-02", "export": "xlsx"})
    rows = list(load_workbook(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content)).active.values)
    header = [str(h) for h in rows[0]]
    column = header.index("12345诉求办理")
    assert 93.75 in [row[column] for row in rows[1:]]


def test_enterprise_satisfaction_counts_only_enterprises_and_uses_the_default_weight(published, users, at):
    admin = users["admin"]
    at(2026, 2, 20)
    set_weights(admin, **{"appeals.kpi": 0, "appeals.enterprise_satisfaction": 0})
    first, second = tied_units_without_appeals(ranking_compute(actor=admin, period="2026-02"))
    completed_appeals(first.unit, count=2, late=False, enterprise=True, rating=1)  # 不满意
    completed_appeals(first.unit, count=2, late=False, enterprise=False, rating=5)  # citizens: not counted here
    completed_appeals(second.unit, count=2, late=False, enterprise=True, rating=5)
    set_weights(admin)  # the scheme names no extra weight: the registered defaults apply
    run = ranking_compute(actor=admin, period="2026-02")
    assert run.weights["appeals.kpi"] > 0 and run.weights["appeals.enterprise_satisfaction"] > 0
    entries = unit_entries(run)
    assert entries[first.unit_id].components["appeals.enterprise_satisfaction"] == 0.0
    assert entries[second.unit_id].components["appeals.enterprise_satisfaction"] == 100.0
    assert entries[second.unit_id].rank < entries[first.unit_id].rank


def test_the_scheme_page_offers_each_component_with_its_default_weight(client_for, users, at):
    client = client_for("admin")
    page = client.get(reverse("plans:scheme"))
    form = page.context["form"]
    assert form.initial["extra_appeals.kpi"] == 20 and form.initial["extra_appeals.enterprise_satisfaction"] == 10
    html = page.content.decode()
    assert "12345诉求办理权重" in html and "即时转办率、按时反馈率、按时办结率、满意率的平均值" in html
    client.post(reverse("plans:scheme"), {
        "version": form.initial["version"], "name": "含诉求考核", "weight_completion": "40", "weight_timeliness": "40",
        "weight_indicators": "20", "bottom_places": "1", "extra_appeals.kpi": "35", "extra_appeals.enterprise_satisfaction": "0",
    })
    weights = scheme_active().weights()
    assert weights["appeals.kpi"] == 35 and weights["appeals.enterprise_satisfaction"] == 0
