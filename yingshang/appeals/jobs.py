"""The background jobs of 12345 诉求 (core/jobs.py): the import of historical appeals, the re-training of
the classifier on the city's own finished appeals, and the triage tick of deferred-triage intake."""

from __future__ import annotations

import time
import uuid
from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils.translation import gettext as _, gettext_lazy

from yingshang.core.imports import import_job_result
from yingshang.core.jobs import job_kind, job_payload, periodic, report_progress, reschedule, task

from . import triage
from .imports import appeal_import


@job_kind("appeals.import", title=gettext_lazy("导入历史诉求"), capability="appeals.import")
def appeal_import_job(job, actor, *, filename: str) -> dict:
    report_progress(job, 0, 1, _("正在校验并导入"), force=True)
    # All rows in one transaction (appeals/imports.py): a killed worker leaves nothing, the retry redoes it.
    return import_job_result(appeal_import(actor=actor, file=job_payload(job), filename=filename))


def classifier_retrain(*, actor, name: str = "", max_samples: int = 50_000, activate: bool = False, job=None) -> dict:
    """Train a model on the city's finished appeals (their confirmed labels), evaluate it on a 20% hold-out
    and register it as a new version. Nothing is registered until the model is trained and saved."""
    import numpy as np

    from .demo import holdout_metrics
    from .models import Appeal
    from .services import classifier_register
    from .suggest import classifier_functions
    from .workflow import DONE_STATES

    report_progress(job, 0, 3, _("正在读取已办结诉求"), force=True)
    rows = list(
        Appeal.objects.filter(label__isnull=False, state__in=DONE_STATES).order_by("-accepted_at")
        .values_list("content", "label__path")[:max_samples]
    )
    if len(rows) < 50:
        raise ValidationError(_("可用于训练的已办结诉求只有 %(n)d 条,至少需要 50 条") % {"n": len(rows)})
    order = np.random.default_rng(0).permutation(len(rows))
    cut = int(len(rows) * 0.8)
    train_rows, test_rows = [rows[i] for i in order[:cut]], [rows[i] for i in order[cut:]]
    train, _predict = classifier_functions()
    report_progress(job, 1, 3, _("正在训练(%(n)d 条)") % {"n": len(train_rows)}, force=True)
    started = time.perf_counter()
    model = train([t for t, _label in train_rows], [label for _text, label in train_rows], level_sep="/")
    seconds = time.perf_counter() - started
    report_progress(job, 2, 3, _("正在评估并登记"), force=True)
    metrics = holdout_metrics(model, test_rows) | {"method": "留出法:80% 训练,20% 测试", "n_train": len(train_rows), "n_test": len(test_rows),
                                                   "train_seconds": round(seconds, 1)}
    relative = f"appeals/models/city-{time.strftime('%Y%m%d')}-{uuid.uuid4().hex[:8]}.model"
    model.save(Path(settings.MEDIA_ROOT) / relative)
    name = name or f"全市历史 {time.strftime('%Y-%m-%d')}"
    version = classifier_register(actor=actor, name=name, file=relative, metrics=metrics, trained_on=f"本市已办结诉求 {len(rows)} 条",
                                  training_size=len(train_rows), activate=activate)
    level1 = metrics["levels"].get("1", {})
    message = _("已训练并登记模型 #%(pk)d“%(name)s”:一级准确率 %(l1).1f%%,末级准确率 %(leaf).1f%%,用时 %(s).1f 秒") % {
        "pk": version.pk, "name": name, "l1": 100 * level1.get("accuracy", 0), "leaf": 100 * metrics["leaf_accuracy"], "s": seconds}
    if version.is_active:
        message += _(",已启用")
    return {"version": version.pk, "samples": len(rows), "seconds": round(seconds, 1), "message": message}


@job_kind("appeals.classifier_retrain", title=gettext_lazy("重新训练诉求分类模型"), capability="appeals.manage_models")
def classifier_retrain_job(job, actor, *, name: str = "", max_samples: int = 50_000, activate: bool = False) -> dict:
    return classifier_retrain(actor=actor, name=name, max_samples=max_samples, activate=activate, job=job) | {"url": reverse("appeals:models")}


# --- deferred triage: a self-re-enqueuing task on the "triage" queue ------------------------------------

TRIAGE_IDLE_SECONDS = 0.5


@task(queue_name="triage", takes_context=True)
def triage_tick(context) -> int:
    """Triage one batch; the next tick follows at once while a backlog remains, after a pause otherwise."""
    done = triage.triage_batch(limit=triage.BATCH_SIZE)
    reschedule(triage_tick, after_seconds=0 if done >= triage.BATCH_SIZE else TRIAGE_IDLE_SECONDS,
               current_id=str(context.task_result.id))
    return done


periodic("appeals.triage", task_path=f"{__name__}.triage_tick", queue="triage",
         enabled=lambda: bool(getattr(settings, "YINGSHANG_DEFER_API_TRIAGE", False)))
