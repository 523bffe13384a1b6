"""拖欠账款: complaint → verification → the debtor's repayment plan → instalments → 已清偿 → 已办结, invalid
transitions refused, 恶意拖欠 published, amounts per debtor, and the plans-ranking component."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingshang.core import clock
from yingshang.core.models import Unit
from yingshang.core.registry import score_components
from yingshang.credit import selectors, services
from yingshang.credit.models import ArrearsComplaint
from yingshang.credit.scoring import arrears_scores

pytestmark = pytest.mark.django_db
Status = ArrearsComplaint.Status


@pytest.fixture
def zjj(db):
    return Unit.objects.get(name="市住房和城乡建设局")


@pytest.fixture
def complaint(users, zjj, frozen):
    return services.arrears_submit(actor=users["enterprise"], enterprise=users["enterprise"].enterprise, debtor_unit=zjj, debtor_enterprise=None,
                                   debtor_name="", contract="道路养护合同", amount=Decimal("90000"))


def _act(user, complaint, operation, **data):
    services.arrears_act(actor=user, complaint=complaint, operation=operation, data=data)
    complaint.refresh_from_db()
    return complaint


def test_the_arrears_loop_with_instalments(users, complaint, frozen):
    assert complaint.status == Status.SUBMITTED and complaint.debtor_name == "市住房和城乡建设局"
    assert complaint.verify_due_on > frozen
    _act(users["admin"], complaint, "verify", amount_verified="60000", reason="合同和验收单核实")
    assert complaint.status == Status.VERIFIED and complaint.amount_verified == Decimal("60000") and complaint.plan_due_on
    _act(users["handler_zjj"], complaint, "plan", first_due=frozen.isoformat(), instalments="3")
    assert complaint.status == Status.PLANNED
    assert [(i.due_on, i.amount) for i in complaint.instalments.all()] == [
        (dt.date(2026, 6, 10), Decimal("20000")), (dt.date(2026, 7, 10), Decimal("20000")), (dt.date(2026, 8, 10), Decimal("20000"))]
    _act(users["handler_zjj"], complaint, "pay", amount="25000", paid_on=frozen.isoformat())
    assert complaint.status == Status.PLANNED and selectors.paid_total(complaint) == Decimal("25000")
    with pytest.raises(ValidationError, match="超过尚欠金额"):
        _act(users["handler_zjj"], complaint, "pay", amount="99999", paid_on=frozen.isoformat())
    _act(users["handler_zjj"], complaint, "pay", amount="35000", paid_on=frozen.isoformat())
    assert complaint.status == Status.REPAID
    _act(users["admin"], complaint, "close")
    assert complaint.status == Status.CLOSED and complaint.closed_on == frozen
    [row] = [r for r in selectors.debtor_totals(ArrearsComplaint.objects.filter(pk=complaint.pk))]
    assert (row["owed"], row["repaid"], row["outstanding"], row["share"]) == (Decimal("60000"), Decimal("60000"), Decimal("0"), 1.0)


def test_invalid_transitions_and_sides_are_refused(users, complaint, frozen):
    with pytest.raises(ValidationError):  # no plan before verification
        _act(users["handler_zjj"], complaint, "plan", first_due=frozen.isoformat(), instalments="2")
    with pytest.raises(PermissionDenied):  # the debtor does not verify its own debt
        _act(users["handler_zjj"], complaint, "verify", amount_verified="1")
    _act(users["admin"], complaint, "verify", amount_verified="1000")
    with pytest.raises(ValidationError):  # no payment before a plan
        _act(users["handler_zjj"], complaint, "pay", amount="10", paid_on=frozen.isoformat())
    with pytest.raises(PermissionDenied):  # another unit is not the debtor
        _act(users["handler_scj"], complaint, "plan", first_due=frozen.isoformat(), instalments="2")
    with pytest.raises(ValidationError):  # closing needs full repayment
        _act(users["admin"], complaint, "close")
    assert ArrearsComplaint.objects.get(pk=complaint.pk).status == Status.VERIFIED


def test_malicious_cases_are_published_without_the_complainant(users, complaint, client, frozen):
    _act(users["admin"], complaint, "verify", amount_verified="90000")
    with pytest.raises(ValidationError):
        _act(users["admin"], complaint, "mark_malicious", reason="")
    _act(users["admin"], complaint, "mark_malicious", reason="有能力支付而拒不支付,超期两年")
    assert complaint.malicious and complaint.status == Status.VERIFIED
    page = client.get("/credit/public/arrears/").content.decode()
    assert "市住房和城乡建设局" in page and "有能力支付而拒不支付" in page
    assert complaint.enterprise.name not in page and (complaint.enterprise.contact_phone or "§") not in page


def test_the_score_component_rewards_repaid_share_and_timeliness(users, complaint, zjj, frozen):
    assert "credit.arrears" in {c.key for c in score_components()}
    component = next(c for c in score_components() if c.key == "credit.arrears")
    assert component.default_weight == 0
    start, end = dt.date(2026, 1, 1), dt.date(2026, 12, 31)
    _act(users["admin"], complaint, "verify", amount_verified="60000")
    _act(users["handler_zjj"], complaint, "plan", first_due=frozen.isoformat(), instalments="2")
    _act(users["handler_zjj"], complaint, "pay", amount="30000", paid_on=frozen.isoformat())
    only_this = ArrearsComplaint.objects.filter(debtor_unit=zjj).exclude(pk=complaint.pk)
    assert not only_this.exclude(status__in=[Status.SUBMITTED, Status.REJECTED]).exists()
    # Owed 60000, repaid 30000 (0.5); two instalments due in 2026, one paid on time (0.5): 100 × (0.7×0.5 + 0.3×0.5).
    assert arrears_scores([zjj], start, end)[zjj.pk] == 50.0
    with clock.frozen_at(dt.datetime(2026, 8, 1, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        _act(users["handler_zjj"], complaint, "pay", amount="30000", paid_on="2026-08-01")  # the second instalment, 22 days late
    assert arrears_scores([zjj], start, end)[zjj.pk] == 85.0
    nobody = Unit.objects.get(name="市市场监督管理局")
    assert nobody.pk not in arrears_scores([nobody], start, end)  # nothing to judge it on: left out, not 0


def test_a_payment_dated_today_is_accepted_just_after_local_midnight(users, complaint):
    """00:30 in Beijing is still the previous day in UTC: "today" is the local date, not the UTC one."""
    from django.utils import timezone

    moment = timezone.make_aware(dt.datetime(2026, 12, 5, 0, 30))  # Asia/Shanghai; 2026-12-04 16:30 UTC
    with clock.frozen_at(moment):
        _act(users["admin"], complaint, "verify", amount_verified="1000", reason="核实")
        _act(users["handler_zjj"], complaint, "plan", first_due="2026-12-05", instalments="1")
        _act(users["handler_zjj"], complaint, "pay", amount="1000", paid_on="2026-12-05")
    assert complaint.status == Status.REPAID
