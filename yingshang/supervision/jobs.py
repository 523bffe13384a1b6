"""Background jobs of 监管执法 (core/jobs.py): a draw over a large frame and the merge of plans."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingshang.core.jobs import job_kind, report_progress

from . import services
from .models import SamplingPlan


@job_kind("supervision.draw", title=gettext_lazy("双随机抽取"), capability="supervision.manage_plans")
def draw_job(job, actor, plan: int) -> dict:
    report_progress(job, 0, 1, _("正在按公示的名录和种子抽取"), force=True)
    target = SamplingPlan.objects.get(pk=plan)
    step = services.plan_act(actor=actor, plan=target, operation="draw", data={"version": target.version})
    return {"plan": target.pk, "drawn": step.data.get("drawn", 0), "url": reverse("supervision:plan_detail", args=[target.pk]),
            "message": _("已抽取 %(n)d 户") % {"n": step.data.get("drawn", 0)}}


@job_kind("supervision.merge", title=gettext_lazy("综合查一次:合并抽查计划"), capability="supervision.manage_plans")
def merge_job(job, actor, plans: list[int]) -> dict:
    report_progress(job, 0, 1, _("正在合并各部门的检查任务"), force=True)
    report = services.merge_plans(actor=actor, plans=SamplingPlan.objects.filter(pk__in=plans))
    return {**report, "url": reverse("supervision:merge"),
            "message": _("合并后 %(t)d 个任务,其中联合检查 %(j)d 个(占 %(s).1f%%),减少入企 %(v)d 次") % {
                "t": report["tasks"], "j": report["joint_tasks"], "s": report["joint_share"] * 100, "v": report["visits_saved"]}}
