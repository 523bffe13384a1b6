"""The background jobs of 分析预警 (core/jobs.py): the KPI bulletins and a detector run."""

from __future__ import annotations

from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from yingshang.core.jobs import job_kind, report_progress

from .reports import services as report_services
from .warnings import services as warning_services


@job_kind("insights.bulletin_generate", title=gettext_lazy("生成诉求考核通报"), capability="insights.publish_bulletins")
def bulletin_generate_job(job, actor, *, period: str) -> dict:
    report_progress(job, 0, 1, _("正在汇总指标并生成内部版与公开版"), force=True)
    with transaction.atomic():  # both audiences or neither; the files are rewritten by a retry
        generated = report_services.bulletin_generate(actor=actor, period=period)
    return {"bulletins": [b.pk for b in generated], "url": reverse("insights:bulletin_detail", kwargs={"pk": generated[0].pk}),
            "message": _("已生成 %(title)s 及公开版") % {"title": generated[0].title}}


@job_kind("insights.run_detection", title=gettext_lazy("运行监测预警"), capability="insights.run_detection")
def run_detection_job(job, actor) -> dict:
    report_progress(job, 0, 1, _("正在读取诉求并检测异常"), force=True)
    with transaction.atomic():  # the run record and its warnings appear together
        run = warning_services.run_detection(actor=actor)
    return {"run": run.pk, "series": run.series_count, "warnings": run.warning_count, "url": reverse("insights:warning_list"),
            "message": _("监测完成:检测 %(s)d 条序列,新增或延续预警 %(w)d 条") % {"s": run.series_count, "w": run.warning_count}}
