"""The background jobs of 督办 (core/jobs.py): importing a plan file and generating the monthly 通报."""

from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from yingshang.core.jobs import job_kind, job_payload, report_progress

from . import services


@job_kind("plans.plan_import", title=gettext_lazy("导入督办计划"), capability="plans.import_plans")
def plan_import_job(job, actor, *, filename: str) -> dict:
    report_progress(job, 0, 2, _("正在识别计划文件"), force=True)
    # One transaction: a worker killed mid-way leaves no half-made draft; the retry starts afresh.
    with transaction.atomic():
        plan = services.plan_import(actor=actor, source=ContentFile(job_payload(job), name=filename), filename=filename)
    items = plan.items.count()
    return {"plan": plan.pk, "items": items, "url": reverse("plans:plan_detail", kwargs={"pk": plan.pk}),
            "message": _("已识别 %(n)d 个条目,请对照原文审核后发布。") % {"n": items}}


@job_kind("plans.bulletin_generate", title=gettext_lazy("生成督办通报"), capability="plans.publish_bulletins")
def bulletin_generate_job(job, actor, *, period: str) -> dict:
    report_progress(job, 0, 1, _("正在计算排名并生成 DOCX/PDF"), force=True)
    with transaction.atomic():  # the ranking and the bulletin commit together or not at all
        bulletin = services.bulletin_generate(actor=actor, period=period)
    return {"bulletin": bulletin.pk, "period": bulletin.period, "url": reverse("plans:bulletin_detail", kwargs={"period": bulletin.period}),
            "message": _("已生成%(title)s") % {"title": bulletin.title}}


@job_kind("plans.ranking_compute", title=gettext_lazy("重新计算综合排名"), capability="plans.compute_ranking")
def ranking_compute_job(job, actor, *, period: str) -> dict:
    report_progress(job, 0, 1, _("正在计算各单位、各区的得分与排名"), force=True)
    with transaction.atomic():  # a run and its entries commit together
        services.ranking_compute(actor=actor, period=period)
    return {"period": period, "url": reverse("plans:ranking") + f"?period={period}",
            "message": _("%(period)s 排名已重新计算") % {"period": period}}
