"""A plan task's lifecycle, as ONE spec (see yingshang/core/workflow.py).

People move a task between 办理中 and 已办结 only; everything else a ledger shows (未启动, 推进中, 滞后, 逾期)
is derived from deadlines and reports (status.py). The responsible unit finishes a task with its final
report (申请办结, services.report_submit); the supervising office may reopen it with a reason. Audit
names: ``plans.task.<operation>``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.workflow import DANGER, PRIMARY, Operation, Workflow

from .models import Task

State = Task.State
UNIT, SUPERVISOR = _("责任单位"), _("督查部门")
_SERVICES = "yingshang.plans.services."


def authorize(user, operation: Operation, task: Task) -> None:
    """The responsible unit acts only on its own tasks (the supervising office's capability is city-wide)."""
    from .services import owns_task

    if str(operation.side) == str(UNIT) and not owns_task(user, task):
        raise PermissionDenied("只能为本单位的任务报送进度")


TASKS = wf.register(Workflow(
    name="plan-tasks", model=Task, state_field="state", states=State, noun="任务", audit_model="task",
    authorize=authorize, initial_states=(State.OPEN,), lookup="yingshang.plans.selectors.task_get_for_user",
    operations=(
        # A final progress report finishes the task: its form is the report's (text, indicators, evidence).
        Operation(name="finish", label=_("申请办结"), from_states=(State.OPEN,), to_state=State.FINISHED, side=UNIT,
                  capability="plans.report_progress", handler=_SERVICES + "do_finish", style=PRIMARY, button=False),
        Operation(name="reopen", label=_("重新打开"), from_states=(State.FINISHED,), to_state=State.OPEN, side=SUPERVISOR,
                  capability="plans.review_plans", handler=_SERVICES + "do_reopen", reason_required=True,
                  reason_label=_("重新打开的原因"), style=DANGER),
    ),
))
