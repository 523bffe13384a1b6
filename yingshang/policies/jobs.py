"""The background jobs of 政策超市 (core/jobs.py): the full matching run."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from yingshang.core.jobs import job_kind, report_progress

from . import services


@job_kind("policies.match_all", title=gettext_lazy("全量政策匹配"), capability="policies.run_matching")
def match_all_job(job, actor) -> dict:
    report_progress(job, 0, 1, _("正在匹配全部经营主体与在施政策条款"), force=True)
    run = services.match_all(actor=actor)  # one audited transaction: all of the run or none of it
    message = _("匹配完成:%(e)d 户 × %(i)d 项,符合 %(ok)d,待确定 %(u)d,差一项 %(n)d,推送 %(p)d 条,用时 %(s).2f 秒") % {
        "e": run.enterprises, "i": run.items, "ok": run.eligible, "u": run.undetermined, "n": run.near_miss, "p": run.notified, "s": run.seconds}
    return {"run": run.pk, "enterprises": run.enterprises, "items": run.items, "eligible": run.eligible, "undetermined": run.undetermined,
            "near_miss": run.near_miss, "notified": run.notified, "url": reverse("policies:manage"), "message": message}
