"""Background jobs of the credit app (core.jobs): the full recomputation of the classes."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingshang.core.jobs import job_kind, report_progress


@job_kind("credit.evaluate", title=gettext_lazy("企业公共信用综合评价重算"), capability="credit.run_evaluation")
def evaluate_all(job, actor, **params) -> dict:
    from .services import run_evaluation

    run = run_evaluation(actor=actor, progress=lambda done, total, message: report_progress(job, done, total, message))
    report_progress(job, run.enterprises, run.enterprises, force=True)
    return {"message": _("已评价 %(n)s 个经营主体,%(c)s 个等级变化,用时 %(s)s 秒") % {"n": run.enterprises, "c": run.changed, "s": run.seconds},
            "url": reverse("credit:home")}
