"""The two workflows of the credit app, each ONE spec (yingshang/core/workflow.py).

信用修复: 待审核 → 已修复 (同意修复) / 不予修复 (不予修复); the deciding unit acts, with a reason either way.
拖欠账款: 待核实 → 已核实 (核实) / 不予受理; 已核实 → 还款计划中 (欠款方提交还款计划); 登记还款 stays until the
last instalment is paid (→ 已清偿); 已清偿 → 已办结; 恶意拖欠 is marked on a verified case without moving it.
"""

from __future__ import annotations

from django import forms
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _gettext
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.scope import can_see
from yingshang.core.workflow import DANGER, PRIMARY, SECONDARY, STAY, Operation, OperationForm, Workflow

from .models import ArrearsComplaint, RepairApplication

Repair = RepairApplication.Status
Arrears = ArrearsComplaint.Status


def _in_scope(user, op, obj) -> None:
    """Staff act only on cases they can see (the deciding unit's subtree; the debtor unit's for its own debts)."""
    if user is not None and not can_see(user, obj):
        raise PermissionDenied(_gettext("只能办理本单位范围内的事项"))


REPAIRS = wf.register(Workflow(
    name="credit-repairs", model=RepairApplication, state_field="status", states=Repair, noun=_("信用修复申请"),
    audit_model="repair_application", authorize=_in_scope, lookup="yingshang.credit.selectors.repair_get_for_user",
    entry_steps={"apply": _("提交申请")}, initial_states=(Repair.SUBMITTED,), closed_hint=_("该申请已作出决定"),
    operations=(
        Operation("approve", _("同意修复"), (Repair.SUBMITTED,), Repair.APPROVED, _("审核单位"), "credit.review_repairs",
                  handler="yingshang.credit.services.repair_decide", reason_required=True, reason_label=_("修复决定理由(必填)"),
                  public_label=_("已修复"), style=PRIMARY),
        Operation("refuse", _("不予修复"), (Repair.SUBMITTED,), Repair.REFUSED, _("审核单位"), "credit.review_repairs",
                  handler="yingshang.credit.services.repair_decide", reason_required=True, reason_label=_("不予修复的理由(必填)"),
                  public_label=_("不予修复"), style=DANGER),
    ),
))


class VerifyForm(OperationForm):
    amount_verified = forms.DecimalField(label=_("核实欠款金额(元)"), min_value=0, max_digits=14, decimal_places=2)


class PlanForm(OperationForm):
    first_due = forms.DateField(label=_("首期还款日"), widget=forms.DateInput(attrs={"type": "date"}))
    instalments = forms.IntegerField(label=_("分期数(按月)"), min_value=1, max_value=24, initial=1)


class PayForm(OperationForm):
    amount = forms.DecimalField(label=_("本次还款金额(元)"), min_value=0.01, max_digits=14, decimal_places=2)
    paid_on = forms.DateField(label=_("还款日期"), widget=forms.DateInput(attrs={"type": "date"}))


_ARREARS_HANDLER = "yingshang.credit.services.arrears_step"
CLEARING = _("清欠部门")
DEBTOR = _("欠款单位")

ARREARS = wf.register(Workflow(
    name="credit-arrears", model=ArrearsComplaint, state_field="status", states=Arrears, noun=_("拖欠账款投诉"),
    audit_model="arrears_complaint", authorize=_in_scope, lookup="yingshang.credit.selectors.arrears_get_for_user",
    entry_steps={"submit": _("企业投诉")}, initial_states=(Arrears.SUBMITTED,), closed_hint=_("该投诉已办结"),
    operations=(
        Operation("verify", _("核实"), (Arrears.SUBMITTED,), Arrears.VERIFIED, CLEARING, "credit.handle_arrears",
                  handler=_ARREARS_HANDLER, fields=VerifyForm, reason_optional=True, reason_label=_("核实情况(可选)"),
                  public_label=_("已核实"), style=PRIMARY),
        Operation("reject", _("不予受理"), (Arrears.SUBMITTED,), Arrears.REJECTED, CLEARING, "credit.handle_arrears",
                  handler=_ARREARS_HANDLER, reason_required=True, reason_label=_("不予受理的理由(必填)"), public_label=_("不予受理"),
                  style=DANGER),
        Operation("plan", _("提交还款计划"), (Arrears.VERIFIED,), Arrears.PLANNED, DEBTOR, "credit.repay_arrears",
                  handler=_ARREARS_HANDLER, fields=PlanForm, reason_optional=True, reason_label=_("还款计划说明(可选)"),
                  public_label=_("已制定还款计划"), style=PRIMARY),
        Operation("pay", _("登记还款"), (Arrears.PLANNED,), (Arrears.PLANNED, Arrears.REPAID), DEBTOR, "credit.repay_arrears",
                  handler=_ARREARS_HANDLER, fields=PayForm, style=SECONDARY),
        Operation("mark_malicious", _("认定恶意拖欠"), (Arrears.VERIFIED, Arrears.PLANNED), STAY, CLEARING, "credit.handle_arrears",
                  handler=_ARREARS_HANDLER, reason_required=True, reason_label=_("认定理由(必填,将公开)"), style=DANGER,
                  guard=lambda c: _gettext("已认定为恶意拖欠") if c.malicious else None),
        Operation("close", _("办结"), (Arrears.REPAID,), Arrears.CLOSED, CLEARING, "credit.handle_arrears",
                  handler=_ARREARS_HANDLER, reason_optional=True, public_label=_("已办结"), style=PRIMARY),
    ),
))
