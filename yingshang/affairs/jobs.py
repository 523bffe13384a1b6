"""The background jobs of 政务服务 (core/jobs.py): regenerating the guides that use a changed shared element;
recomputing the monitoring summaries from the raw rows (after a bulk import, or to check them)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from yingshang.core.jobs import job_kind

from .services.catalogue import regenerate_for_element
from .summaries import rebuild


@job_kind("affairs.regenerate_guides", title=gettext_lazy("重新生成办事指南"), capability="affairs.manage_shared")
def regenerate_guides_job(job, actor, *, element: str, element_id: int) -> dict:
    result = regenerate_for_element(actor=actor, element_kind=element, element_id=element_id, job=job)
    message = _("已检查 %(n)s 份办事指南,%(c)s 份随之更新") % {"n": result["items"], "c": result["changed"]}
    return {**result, "message": message, "url": reverse("affairs:guide_changes")}


@job_kind("affairs.rebuild_monitoring", title=gettext_lazy("重新计算审批时效监测汇总"), capability="affairs.publish_items")
def rebuild_monitoring_job(job, actor) -> dict:
    written = rebuild(actor)
    return {**written, "message": _("已重新计算 %(n)s 行月汇总") % {"n": sum(written.values())}, "url": reverse("affairs:monitoring")}
