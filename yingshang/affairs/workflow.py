"""The workflows of 政务服务, as specs (yingshang/core/workflow.py):

* ``affairs-items`` — 行政职权调整: a department drafts a change of its item, the 营商局 reviews and
  publishes it (each publication keeps a version and regenerates the guide);
* ``affairs-cases`` — the one-window case: 申请 → 受理 / 不予受理 / 补正 → 审查 → 决定 → 办结 → 送达;
* ``affairs-subcases`` — one department's part of a case, handled in parallel with the others;
* ``affairs-rectifications`` — a bad rating's 核实 → 整改 → 回访 loop with working-day limits.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.workflow import DANGER, PRIMARY, SECONDARY, Operation, OperationForm, Workflow

from .models import Case, Item, Rectification, SubCase

_CATALOGUE = "yingshang.affairs.services.catalogue."
_CASES = "yingshang.affairs.services.cases."
_RATINGS = "yingshang.affairs.services.ratings."

ItemStatus = Item.Status
DEPARTMENT, BUREAU = _("实施部门"), _("市营商局(行政职权调整)")

ITEMS = wf.register(Workflow(
    name="affairs-items", model=Item, state_field="status", states=ItemStatus, noun="事项", audit_model="item",
    authorize=_CATALOGUE + "authorize_item_operation", lookup="yingshang.affairs.selectors.item_get_for_user",
    initial_states=(ItemStatus.DRAFT,), closed_hint=_("请先修订"),
    operations=(
        Operation("submit", _("提交审核"), (ItemStatus.DRAFT,), ItemStatus.REVIEW, DEPARTMENT, capability="affairs.edit_items", style=PRIMARY,
                  reason_optional=True, reason_label=_("调整说明")),
        Operation("publish", _("审核发布"), (ItemStatus.REVIEW,), ItemStatus.PUBLISHED, BUREAU, capability="affairs.publish_items",
                  handler=_CATALOGUE + "do_publish", reason_optional=True, reason_label=_("发布说明"), style=PRIMARY),
        Operation("return", _("退回修改"), (ItemStatus.REVIEW,), ItemStatus.DRAFT, BUREAU, capability="affairs.publish_items",
                  reason_required=True, reason_label=_("退回原因"), style=DANGER),
        Operation("revise", _("修订"), (ItemStatus.PUBLISHED,), ItemStatus.DRAFT, DEPARTMENT, capability="affairs.edit_items", style=SECONDARY),
    ),
))


CaseStatus, SubStatus, RectStatus = Case.Status, SubCase.Status, Rectification.Status
WINDOW, APPLICANT, SYSTEM = _("综合窗口"), _("申请人"), _("系统")
BACK_OFFICE, UNIT, SUPERVISOR = _("审批部门"), _("被评价单位"), _("市营商局(好差评)")


class CorrectionForm(OperationForm):
    """一次性告知: every material still missing, ticked at once, and what else the applicant must do."""

    missing = forms.MultipleChoiceField(label=_("缺少或不符合要求的材料(一次性告知)"), widget=forms.CheckboxSelectMultiple, required=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.obj is not None:
            from .services.cases import materials_to_submit

            self.fields["missing"].choices = [(m.need.key, m.need.name) for m in materials_to_submit(self.obj)]


class ResubmitForm(OperationForm):
    """补正: a file for each material the notice listed (the applicant's upload, or the window's scan), or the
    window clerk's mark that the paper original was seen."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.missing = list(self.obj.missing) if self.obj is not None else []
        if self.missing:
            from .services.cases import material_names
            from .services.materials import field_name, file_hint, paper_field_name

            names = material_names(self.missing)
            for key in self.missing:
                self.fields[field_name(key)] = forms.FileField(label=names.get(key, key), required=False,
                                                               help_text=file_hint())
                self.fields[paper_field_name(key)] = forms.BooleanField(label=_("%(m)s:纸质原件已核验") % {"m": names.get(key, key)},
                                                                        required=False)

    def params(self):
        from .services.materials import field_name, paper_field_name

        data = super().params()
        uploads = {key: data.pop(field_name(key)) for key in self.missing if data.get(field_name(key))}
        paper = [key for key in self.missing if data.pop(paper_field_name(key), False)]
        for key in self.missing:
            data.pop(field_name(key), None)
        return {**data, "uploads": uploads, "paper": paper}


DELIVERY = forms.ChoiceField(label=_("送达方式"), choices=Case.Delivery.choices)
SUSPENSION_KINDS = [("专家评审", _("专家评审")), ("公示", _("公示")), ("现场勘验", _("现场勘验")), ("听证", _("听证"))]

CASES = wf.register(Workflow(
    name="affairs-cases", model=Case, state_field="status", states=CaseStatus, noun="办件", audit_model="case",
    authorize=_CASES + "authorize_case_operation", on_transition=_CASES + "record_case_event",
    lookup="yingshang.affairs.selectors.case_get_for_user", initial_states=(CaseStatus.SUBMITTED,),
    entry_steps={"submit": _("提交申请")}, closed_hint=_("该办件已结束"),
    operations=(
        Operation("accept", _("受理"), (CaseStatus.SUBMITTED,), CaseStatus.REVIEWING, WINDOW, capability="affairs.receive",
                  handler=_CASES + "do_accept", style=PRIMARY, public_label=_("已受理")),
        Operation("request_correction", _("一次性告知补正"), (CaseStatus.SUBMITTED,), CaseStatus.CORRECTION, WINDOW, capability="affairs.receive",
                  handler=_CASES + "do_request_correction", fields=CorrectionForm, reason_optional=True, reason_label=_("其他需补正的事项"),
                  style=SECONDARY, public_label=_("一次性告知补正")),
        Operation("resubmit", _("补正提交"), (CaseStatus.CORRECTION,), CaseStatus.SUBMITTED, APPLICANT, handler=_CASES + "do_resubmit",
                  fields=ResubmitForm, style=PRIMARY, public_label=_("已补正")),
        Operation("refuse", _("不予受理"), (CaseStatus.SUBMITTED, CaseStatus.CORRECTION), CaseStatus.REFUSED, WINDOW, capability="affairs.receive",
                  handler=_CASES + "do_refuse", reason_required=True, reason_label=_("不予受理的理由及依据"), style=DANGER, public_label=_("不予受理")),
        Operation("decide", _("全部部门作出决定"), (CaseStatus.REVIEWING,), CaseStatus.DECIDED, SYSTEM, handler=_CASES + "do_decide",
                  button=False, public_label=_("审批决定")),
        Operation("complete", _("统一出件(办结)"), (CaseStatus.DECIDED,), CaseStatus.COMPLETED, WINDOW, capability="affairs.receive",
                  handler=_CASES + "do_complete", fields={"delivery": DELIVERY}, style=PRIMARY, public_label=_("办结,统一出件")),
        Operation("deliver", _("送达"), (CaseStatus.COMPLETED,), CaseStatus.DELIVERED, WINDOW, capability="affairs.receive",
                  handler=_CASES + "do_deliver", fields={"tracking": forms.CharField(label=_("邮寄单号(窗口领取可不填)"), max_length=40, required=False)},
                  style=PRIMARY, public_label=_("已送达")),
    ),
))

SUBCASES = wf.register(Workflow(
    name="affairs-subcases", model=SubCase, state_field="status", states=SubStatus, noun="子件", audit_model="sub_case",
    authorize=_CASES + "authorize_subcase_operation", on_transition=_CASES + "record_subcase_event",
    lookup="yingshang.affairs.selectors.subcase_get_for_user", initial_states=(SubStatus.WAITING,), closed_hint=_("该子件已作出决定"),
    operations=(
        Operation("start", _("开始审查"), (SubStatus.WAITING,), SubStatus.REVIEWING, SYSTEM, button=False),
        Operation("suspend", _("启动特别程序"), (SubStatus.REVIEWING,), SubStatus.SUSPENDED, BACK_OFFICE, capability="affairs.handle",
                  handler=_CASES + "do_suspend", fields={"kind": forms.ChoiceField(label=_("特别程序(不计入办理时限)"), choices=SUSPENSION_KINDS)},
                  style=SECONDARY, public_label=_("特别程序(不计时)")),
        Operation("resume", _("特别程序结束"), (SubStatus.SUSPENDED,), SubStatus.REVIEWING, BACK_OFFICE, capability="affairs.handle",
                  handler=_CASES + "do_resume", style=SECONDARY, public_label=_("恢复计时")),
        Operation("approve", _("准予许可"), (SubStatus.REVIEWING,), SubStatus.APPROVED, BACK_OFFICE, capability="affairs.handle",
                  handler=_CASES + "do_decide_subcase", reason_optional=True, reason_label=_("审查意见"), style=PRIMARY, public_label=_("部门准予")),
        Operation("deny", _("不予许可"), (SubStatus.REVIEWING,), SubStatus.DENIED, BACK_OFFICE, capability="affairs.handle",
                  handler=_CASES + "do_decide_subcase", reason_required=True, reason_label=_("不予许可的理由及依据"), style=DANGER,
                  public_label=_("部门不予许可")),
    ),
))

RECTIFICATIONS = wf.register(Workflow(
    name="affairs-rectifications", model=Rectification, state_field="status", states=RectStatus, noun="差评整改", audit_model="rectification",
    authorize=_RATINGS + "authorize_rectification", lookup="yingshang.affairs.selectors.rectification_get_for_user",
    initial_states=(RectStatus.VERIFYING,), closed_hint=_("该差评已办结"),
    operations=(
        Operation("confirm", _("核实属实,开始整改"), (RectStatus.VERIFYING,), RectStatus.RECTIFYING, UNIT, capability="affairs.rectify",
                  handler=_RATINGS + "do_confirm", reason_required=True, reason_label=_("核实情况"), style=PRIMARY),
        Operation("dismiss", _("核实不属实"), (RectStatus.VERIFYING,), RectStatus.UNFOUNDED, UNIT, capability="affairs.rectify",
                  handler=_RATINGS + "do_dismiss", reason_required=True, reason_label=_("核实情况及依据"), style=DANGER),
        Operation("report", _("报送整改结果"), (RectStatus.RECTIFYING,), RectStatus.REVISITING, UNIT, capability="affairs.rectify",
                  handler=_RATINGS + "do_report", reason_required=True, reason_label=_("整改措施及结果"), style=PRIMARY),
        Operation("close", _("回访满意,办结"), (RectStatus.REVISITING,), RectStatus.CLOSED, SUPERVISOR, capability="affairs.publish_items",
                  handler=_RATINGS + "do_close", reason_optional=True, reason_label=_("回访情况"), style=PRIMARY),
        Operation("reopen", _("回访不满意,重新整改"), (RectStatus.REVISITING,), RectStatus.RECTIFYING, SUPERVISOR, capability="affairs.publish_items",
                  handler=_RATINGS + "do_reopen", reason_required=True, reason_label=_("回访情况"), style=DANGER),
    ),
))
