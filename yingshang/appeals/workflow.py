"""The closed loop of an appeal, as ONE explicit table.

受理 → 转办 → 签收 → 办理中 → 办结 → 回访 → 核实 → 归档, with 退回, 改派, 延期 (申请/批准/驳回), 重办, 督办 and
合并. ``TRANSITIONS`` lists every legal (state, action) pair and the state it leads to; anything not
listed is refused with a Chinese sentence naming the state, the action and what is possible instead.
Services (services.py) are the only callers of :func:`next_state`; the pages offer only the actions
that :func:`allowed_actions` returns, so the table is the single source of truth for both.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    RECEIVED = "received", _("受理")
    DISPATCHED = "dispatched", _("转办")
    SIGNED = "signed", _("签收")
    IN_PROGRESS = "in_progress", _("办理中")
    COMPLETED = "completed", _("办结")
    CALLED_BACK = "called_back", _("回访")
    VERIFIED = "verified", _("核实")
    ARCHIVED = "archived", _("归档")
    MERGED = "merged", _("已合并")


class Action(models.TextChoices):
    DISPATCH = "dispatch", _("转办")
    SIGN = "sign", _("签收")
    RETURN = "return", _("退回")
    REASSIGN = "reassign", _("改派")
    FEEDBACK = "feedback", _("阶段反馈")
    REQUEST_EXTENSION = "request_extension", _("申请延期")
    APPROVE_EXTENSION = "approve_extension", _("批准延期")
    REJECT_EXTENSION = "reject_extension", _("驳回延期")
    COMPLETE = "complete", _("办结")
    CALLBACK = "callback", _("回访")
    REOPEN = "reopen", _("重办")
    VERIFY = "verify", _("核实")
    ARCHIVE = "archive", _("归档")
    SUPERVISE = "supervise", _("督办")
    MERGE = "merge", _("合并")


S, A = State, Action

# (current state, action) → next state. Every legal move of the closed loop, and nothing else.
TRANSITIONS: dict[tuple[State, Action], State] = {
    (S.RECEIVED, A.DISPATCH): S.DISPATCHED,
    (S.RECEIVED, A.SUPERVISE): S.RECEIVED,
    (S.RECEIVED, A.MERGE): S.MERGED,

    (S.DISPATCHED, A.SIGN): S.SIGNED,
    (S.DISPATCHED, A.RETURN): S.RECEIVED,
    (S.DISPATCHED, A.REASSIGN): S.DISPATCHED,
    (S.DISPATCHED, A.SUPERVISE): S.DISPATCHED,
    (S.DISPATCHED, A.MERGE): S.MERGED,

    (S.SIGNED, A.RETURN): S.RECEIVED,
    (S.SIGNED, A.REASSIGN): S.DISPATCHED,
    (S.SIGNED, A.FEEDBACK): S.IN_PROGRESS,
    (S.SIGNED, A.REQUEST_EXTENSION): S.SIGNED,
    (S.SIGNED, A.APPROVE_EXTENSION): S.SIGNED,
    (S.SIGNED, A.REJECT_EXTENSION): S.SIGNED,
    (S.SIGNED, A.COMPLETE): S.COMPLETED,
    (S.SIGNED, A.SUPERVISE): S.SIGNED,
    (S.SIGNED, A.MERGE): S.MERGED,

    (S.IN_PROGRESS, A.REASSIGN): S.DISPATCHED,
    (S.IN_PROGRESS, A.FEEDBACK): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.REQUEST_EXTENSION): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.APPROVE_EXTENSION): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.REJECT_EXTENSION): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.COMPLETE): S.COMPLETED,
    (S.IN_PROGRESS, A.SUPERVISE): S.IN_PROGRESS,
    (S.IN_PROGRESS, A.MERGE): S.MERGED,

    (S.COMPLETED, A.CALLBACK): S.CALLED_BACK,

    (S.CALLED_BACK, A.VERIFY): S.VERIFIED,
    (S.CALLED_BACK, A.REOPEN): S.DISPATCHED,

    (S.VERIFIED, A.ARCHIVE): S.ARCHIVED,

    # 一事多诉: a merged appeal is handled once, through its master, but its caller still gets the
    # master's reply and is called back and rated on their own appeal, which stays merged.
    (S.MERGED, A.CALLBACK): S.MERGED,
}

# Who acts: the hotline centre (city-wide, capability appeals.dispatch), the handling unit (its own staff
# and those of the units above it, capability appeals.handle), or a supervisor (appeals.supervise).
HOTLINE, UNIT, SUPERVISOR = "hotline", "unit", "supervisor"
ACTION_SIDE: dict[Action, str] = {
    A.DISPATCH: HOTLINE, A.REASSIGN: HOTLINE, A.APPROVE_EXTENSION: HOTLINE, A.REJECT_EXTENSION: HOTLINE,
    A.CALLBACK: HOTLINE, A.REOPEN: HOTLINE, A.VERIFY: HOTLINE, A.ARCHIVE: HOTLINE, A.MERGE: HOTLINE,
    A.SIGN: UNIT, A.RETURN: UNIT, A.FEEDBACK: UNIT, A.REQUEST_EXTENSION: UNIT, A.COMPLETE: UNIT,
    A.SUPERVISE: SUPERVISOR,
}
SIDE_CAPABILITY = {HOTLINE: "appeals.dispatch", UNIT: "appeals.handle", SUPERVISOR: "appeals.supervise"}

# Actions whose form must say why (退回, 改派, 重办, 督办 and 延期 are reasons the KPIs and the unit read).
NEEDS_REASON = {A.RETURN, A.REASSIGN, A.REOPEN, A.SUPERVISE, A.REQUEST_EXTENSION, A.REJECT_EXTENSION}

OPEN_STATES = frozenset({S.RECEIVED, S.DISPATCHED, S.SIGNED, S.IN_PROGRESS})
AT_UNIT_STATES = frozenset({S.DISPATCHED, S.SIGNED, S.IN_PROGRESS})
DONE_STATES = frozenset({S.COMPLETED, S.CALLED_BACK, S.VERIFIED, S.ARCHIVED})


def _guard(appeal, action: Action) -> str | None:
    """Conditions beyond the state (the table says *whether* an action fits a state; this, *when*)."""
    from .models import BAD_RATINGS

    if action == A.REQUEST_EXTENSION and appeal.extension_requested_until:
        return "已有一项延期申请待审批,请等待审批结果"
    if action in (A.APPROVE_EXTENSION, A.REJECT_EXTENSION) and not appeal.extension_requested_until:
        return "没有待审批的延期申请"
    if action == A.VERIFY and appeal.rating in BAD_RATINGS:
        return "回访评价为不满意,须先重办,不能直接核实"
    if action == A.CALLBACK and appeal.state == S.MERGED:
        return _merged_callback_problem(appeal)
    if action == A.VERIFY:
        waiting = merged_callers_waiting(appeal)
        if waiting:
            return f"还有 {waiting} 位合并诉求的诉求人未回访,须全部回访后才能核实"
    return None


def _merged_callback_problem(appeal) -> str | None:
    """A merged caller is called back once per reply of the master, after the master's own callback
    (a bad rating then reopens the master, which needs the master in 回访)."""
    master = appeal.merged_into
    if master is None or master.state != S.CALLED_BACK or appeal.completed_at is None:
        return "主诉求办结并回访后,才能回访合并诉求的诉求人"
    if appeal.rating is not None:
        return "该诉求人已就本次答复回访过;主诉求重新办结后可再次回访"
    return None


def merged_callers_waiting(appeal) -> int:
    """Callers merged into ``appeal`` who have its latest reply but no callback on it yet."""
    from .models import Appeal

    return Appeal.objects.filter(merged_into=appeal, state=S.MERGED, completed_at__isnull=False, rating__isnull=True).count()


def next_state(appeal, action: str) -> State:
    """The state ``action`` leads ``appeal`` to, or a ValidationError with a clear Chinese message."""
    if action not in Action.values:
        raise ValidationError(f"未知的操作“{action}”", code="unknown_action")
    action = Action(action)
    state = State(appeal.state)
    target = TRANSITIONS.get((state, action))
    if target is None:
        possible = "、".join(str(Action(a).label) for (s, a) in TRANSITIONS if s == state)
        hint = f"当前可执行的操作:{possible}" if possible else "该诉求已结束,不能再变更"
        raise ValidationError(f"诉求当前状态为“{state.label}”,不能执行“{action.label}”。{hint}。", code="illegal_transition")
    problem = _guard(appeal, action)
    if problem:
        raise ValidationError(problem, code="guard")
    return target


def allowed_actions(appeal) -> list[Action]:
    """The actions the table and the guards allow now, in table order (before any permission check)."""
    state = State(appeal.state)
    return [a for (s, a) in TRANSITIONS if s == state and _guard(appeal, a) is None]
