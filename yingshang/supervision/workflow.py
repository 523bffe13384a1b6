"""The two workflows of 监管执法, declared once (core.workflow): a sampling plan's public draw and an
inspection task's visit. Handlers live in services; the buttons, refusals, audit entries and the
diagram in docs/workflows.md are derived by the kernel."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow
from yingshang.core.workflow import DANGER, NEUTRAL, PRIMARY, SECONDARY, STAY, Operation, Workflow

from .models import InspectionTask, SamplingPlan

P = SamplingPlan.State
T = InspectionTask.State
S = "yingshang.supervision.services"


def _has_unpublished(plan) -> str | None:
    if not plan.tasks.filter(recorded_on__isnull=False, published_on__isnull=True).exists():
        return str(_("没有待公开的检查结果"))
    return None


def _task_unpublished(task) -> str | None:
    if task.recorded_on is None or task.published_on is not None:
        return str(_("没有待公开的检查结果"))
    return None


PLANS = workflow.register(Workflow(
    name="supervision-plans",
    model=SamplingPlan,
    state_field="state",
    states=P,
    noun=str(_("抽查计划")),
    audit_model="samplingplan",
    authorize=f"{S}.authorize_plan",
    lookup="yingshang.supervision.selectors.plan_get_for_user",
    initial_states=(P.DRAFT,),
    operations=(
        Operation("publish_frame", _("公示抽查名录"), (P.DRAFT,), P.FRAME_PUBLISHED, _("组织部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_publish_frame", style=PRIMARY, public_label=_("公示抽查名录")),
        Operation("enter_seed", _("录入随机种子"), (P.FRAME_PUBLISHED,), P.SEEDED, _("组织部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_enter_seed", style=PRIMARY, public_label=_("确定随机种子"),
                  fields={"seed": forms.CharField(label=_("随机种子(按公示的来源取得)"), max_length=200)}),
        Operation("draw", _("抽取企业和执法人员"), (P.SEEDED,), P.DRAWN, _("组织部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_draw", style=PRIMARY, public_label=_("抽取")),
        Operation("publish_results", _("公开检查结果"), (P.DRAWN,), STAY, _("组织部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_publish_plan_results", guard=_has_unpublished, style=SECONDARY),
        Operation("close", _("结束计划"), (P.DRAWN,), P.CLOSED, _("组织部门"), "supervision.manage_plans", reason_optional=True, style=NEUTRAL),
    ),
    closed_hint=str(_("计划已结束")),
))


TASKS = workflow.register(Workflow(
    name="supervision-tasks",
    model=InspectionTask,
    state_field="state",
    states=T,
    noun=str(_("检查任务")),
    audit_model="inspectiontask",
    authorize=f"{S}.authorize_task",
    lookup="yingshang.supervision.selectors.task_get_for_user",
    initial_states=(T.PLANNED,),
    operations=(
        Operation("notify", _("告知企业"), (T.PLANNED,), T.NOTIFIED, _("牵头部门"), "supervision.manage_plans", style=SECONDARY,
                  handler=f"{S}.handle_notify",
                  public_label=_("已告知")),
        # 检查必亮码: started and recorded only through the task's QR code (services.start_inspection / record_check).
        Operation("start", _("亮码开始检查"), (T.PLANNED, T.NOTIFIED), T.INSPECTING, _("执法人员"), "supervision.inspect",
                  handler=f"{S}.handle_start", button=False, public_label=_("检查中")),
        Operation("record", _("录入检查记录"), (T.INSPECTING,), (T.RECORDED, T.RECTIFYING), _("执法人员"), "supervision.inspect",
                  handler=f"{S}.handle_record", button=False, public_label=_("已检查")),
        Operation("close", _("办结"), (T.RECORDED,), T.CLOSED, _("牵头部门"), "supervision.inspect", style=PRIMARY, public_label=_("办结")),
        Operation("follow_up", _("整改复查通过"), (T.RECTIFYING,), T.CLOSED, _("执法人员"), "supervision.inspect",
                  handler=f"{S}.handle_follow_up", reason_required=True, reason_label=_("整改复查情况(必填)"), style=PRIMARY,
                  public_label=_("整改完成")),
        Operation("publish", _("公开检查结果"), (T.RECORDED, T.RECTIFYING, T.CLOSED), STAY, _("牵头部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_publish_task", guard=_task_unpublished, style=SECONDARY),
        Operation("merge", _("并入联合检查"), (T.PLANNED, T.NOTIFIED), T.MERGED, _("牵头部门"), "supervision.manage_plans",
                  handler=f"{S}.handle_merge", button=False),
        Operation("cancel", _("撤销任务"), (T.PLANNED, T.NOTIFIED), T.CLOSED, _("牵头部门"), "supervision.manage_plans",
                  reason_required=True, style=DANGER),
    ),
    closed_hint=str(_("任务已办结")),
))
