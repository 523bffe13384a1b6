"""The 11-state policy application, as ONE spec (see yingshang/core/workflow.py).

申请 (or a 免申即享 list / 快捷申报 invitation) → 受理 → 审核 (one or more levels) → 公示 → 兑现 → 确认到账, with
退回补正 and 重新提交, 不予支持 and 撤回. Each operation says the states it starts from, where it leads, who
acts (the enterprise or the item's responsible unit), its form, whether a reason is required, and its
handler (in services.py). The transition check, the buttons, the API, the audit names
(``policies.application.<operation>``), the applicant's progress steps and docs/workflows.md derive from it.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.workflow import DANGER, PRIMARY, STAY, Operation, OperationForm, Workflow

from .models import PolicyApplication

Status = PolicyApplication.Status
APPLICANT, REVIEWER = _("申请企业"), _("审核部门(条款责任单位)")
APPLY, REVIEW = "policies.apply", "policies.review_applications"
_SERVICES = "yingshang.policies.services."


class MaterialsForm(OperationForm):
    """快捷申报 and 补正: one file box per material the item's version asks to upload; for an invitation also
    the self-declared facts its conditions read."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.materials, self.declarable = [], []
        if self.obj is None:
            return
        from .forms import declarable_facts

        version = self.obj.item_version
        self.materials = [m for m in version.materials or [] if m.get("source", "upload") == "upload"]
        for index, material in enumerate(self.materials):
            self.fields[f"material_{index}"] = forms.FileField(label=material["name"], required=False)
        if self.operation is not None and self.operation.name == "confirm_invite":
            self.declarable = declarable_facts(version)
            for fact in self.declarable:
                self.fields[f"fact_{fact.key}"] = forms.CharField(label=fact.label, required=False, max_length=100)

    def params(self):
        data = super().params()
        uploads = {m["name"]: data.pop(f"material_{i}") for i, m in enumerate(self.materials) if data.get(f"material_{i}")}
        declared = {fact.key: data.pop(f"fact_{fact.key}", "") for fact in self.declarable}
        return {**data, "uploads": uploads, "declared": declared}


AMOUNT = forms.DecimalField(label=_("核定金额(万元,留空按测算)"), required=False, min_value=0)  # rounded to 0.01 by the handler


class DisburseForm(OperationForm):
    amount = forms.DecimalField(label=_("兑现金额(万元)"), required=False, min_value=0)
    voucher_no = forms.CharField(label=_("拨付凭证号"), max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            self.fields["amount"].initial = self.obj.amount_approved


SATISFACTION = forms.TypedChoiceField(label=_("满意度"), coerce=int, required=False, empty_value=None,
                                      choices=[("", "—"), (5, "5 非常满意"), (4, "4 满意"), (3, "3 一般"), (2, "2 不满意"), (1, "1 很不满意")])


def _publicity_running(application) -> str | None:
    """兑现 waits for the end of 公示: until then the form is not offered (and a direct call is refused)."""
    from yingshang.core import clock

    publicity = application.publicity if application.publicity_id else None
    if publicity is not None and clock.today() <= publicity.ends_on:
        return _("公示期至 %(ends_on)s 结束,公示期满后方可兑现") % {"ends_on": publicity.ends_on}
    return None


def _op(name, label, from_states, to_state, side, **spec) -> Operation:
    return Operation(name=name, label=label, from_states=tuple(str(s) for s in from_states), to_state=to_state, side=side,
                     capability=APPLY if side is APPLICANT else REVIEW, handler=_SERVICES + f"do_{name}", **spec)


APPLICATIONS = wf.register(Workflow(
    name="policy-applications", model=PolicyApplication, state_field="status", states=Status, noun="申请", audit_model="application",
    authorize=_SERVICES + "authorize_operation", on_transition=_SERVICES + "record_event",
    lookup="yingshang.policies.selectors.application_get_for_user",
    initial_states=(Status.SUBMITTED, Status.INVITED, Status.LISTED), entry_steps={"submit": _("企业提交申请")},
    closed_hint=_("该申请已办结,不能再变更"),
    operations=(
        _op("confirm_invite", _("确认并提交快捷申报"), (Status.INVITED,), Status.SUBMITTED, APPLICANT, fields=MaterialsForm, style=PRIMARY,
            public_label=_("企业确认快捷申报")),
        _op("accept", _("受理"), (Status.SUBMITTED,), Status.REVIEWING, REVIEWER, style=PRIMARY, public_label=_("已受理")),
        _op("return", _("退回补正"), (Status.SUBMITTED, Status.REVIEWING), Status.RETURNED, REVIEWER, reason_required=True,
            reason_label=_("退回原因(缺少哪些材料或信息)"), style=DANGER, public_label=_("退回补正")),
        _op("resubmit", _("补正后重新提交"), (Status.RETURNED,), Status.SUBMITTED, APPLICANT, fields=MaterialsForm, style=PRIMARY,
            public_label=_("企业补正后重新提交")),
        # Several review levels: each approval but the last moves to the next level and stays 审核中.
        _op("approve", _("审核通过"), (Status.REVIEWING, Status.LISTED), {Status.REVIEWING: (Status.APPROVED, STAY), Status.LISTED: Status.APPROVED},
            REVIEWER, fields={"amount": AMOUNT}, reason_optional=True, reason_label=_("审核意见"), style=PRIMARY, public_label=_("审核通过")),
        _op("reject", _("不予支持"), (Status.SUBMITTED, Status.REVIEWING, Status.LISTED), Status.REJECTED, REVIEWER, reason_required=True,
            reason_label=_("不予支持原因"), style=DANGER, public_label=_("不予支持")),
        # 公示 covers several applications of one item at once (services.publicity_publish): not a button.
        _op("publicize", _("公示"), (Status.APPROVED,), Status.PUBLICIZED, REVIEWER, button=False, public_label=_("公示")),
        _op("disburse", _("记录兑现"), (Status.PUBLICIZED,), Status.DISBURSED, REVIEWER, fields=DisburseForm, style=PRIMARY, guard=_publicity_running,
            public_label=_("已兑现")),
        _op("confirm_receipt", _("确认到账"), (Status.DISBURSED,), Status.CONFIRMED, APPLICANT,
            fields={"satisfaction": SATISFACTION, "feedback": forms.CharField(label=_("意见建议"), widget=forms.Textarea(attrs={"rows": 2}), required=False)},
            style=PRIMARY, public_label=_("企业确认到账")),
        _op("withdraw", _("撤回"), (Status.INVITED, Status.SUBMITTED, Status.RETURNED), Status.WITHDRAWN, APPLICANT, style=DANGER,
            public_label=_("企业撤回")),
    ),
))
