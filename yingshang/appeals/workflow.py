"""The closed loop of an appeal, as ONE spec (see yingshang/core/workflow.py).

受理 → 转办 → 签收 → 办理中 → 办结 → 回访 → 核实 → 归档, with 退回, 改派, 延期 (申请/批准/驳回), 重办, 督办 and
合并. :data:`APPEALS` lists every operation: the states it starts from, where it leads, who acts, the
form, whether a reason is required, the button and the public tracking label, and its handler (in
services/loop.py). The transition check, the buttons, the API, the audit names
(``appeals.appeal.<operation>``), the public steps and docs/workflows.md are all derived from it.
"""

from __future__ import annotations

from django import forms
from django.db import models
from django.utils.translation import gettext_lazy as _

from yingshang.core import workflow as wf
from yingshang.core.forms import UnitChoiceField
from yingshang.core.models import Unit
from yingshang.core.workflow import DANGER, NEUTRAL, PRIMARY, SECONDARY, STAY, Operation, OperationForm, Workflow

from .models import MAX_CONTENT_CHARS, Appeal, Rating
from .permissions import HOTLINE, SIDE_CAPABILITY, SUPERVISOR, UNIT, authorize


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
    """The operations' names (the spec below is their single definition; this is for typed callers)."""

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

OPEN_STATES = frozenset({S.RECEIVED, S.DISPATCHED, S.SIGNED, S.IN_PROGRESS})
AT_UNIT_STATES = frozenset({S.DISPATCHED, S.SIGNED, S.IN_PROGRESS})
DONE_STATES = frozenset({S.COMPLETED, S.CALLED_BACK, S.VERIFIED, S.ARCHIVED})

# --- guards: conditions beyond the state (the spec says *whether* an operation fits a state; these, *when*) --

def _no_pending_extension(appeal) -> str | None:
    return "已有一项延期申请待审批,请等待审批结果" if appeal.extension_requested_until else None


def _pending_extension(appeal) -> str | None:
    return None if appeal.extension_requested_until else "没有待审批的延期申请"


def _may_verify(appeal) -> str | None:
    from .models import BAD_RATINGS

    if appeal.rating in BAD_RATINGS:
        return "回访评价为不满意,须先重办,不能直接核实"
    waiting = merged_callers_waiting(appeal)
    return f"还有 {waiting} 位合并诉求的诉求人未回访,须全部回访后才能核实" if waiting else None


def _may_call_back(appeal) -> str | None:
    return _merged_callback_problem(appeal) if appeal.state == S.MERGED else None


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
    return Appeal.objects.filter(merged_into=appeal, state=S.MERGED, completed_at__isnull=False, rating__isnull=True).count()


# --- forms ----------------------------------------------------------------------------------------------

def _units():
    return Unit.objects.filter(is_active=True).exclude(kind=Unit.Kind.LEADERSHIP)


def _label_box(label):
    return forms.CharField(label=label, required=False, max_length=300, widget=forms.TextInput(attrs={"list": "label-options", "size": 40}))


MANUAL = "__manual__"


class DispatchForm(OperationForm):
    """转办: pick one of the classifier's suggestions or type a label; the unit defaults to the routing rule."""

    label = forms.CharField(label=_("标签"), required=False, max_length=300)
    label_manual = _label_box(_("手动选择的标签"))
    unit = UnitChoiceField(label=_("承办单位(不选则按派单规则)"), queryset=_units(), required=False, empty_label=_("按派单规则"))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        suggestions = (getattr(self.obj, "suggestions", None) or []) if self.obj is not None else []
        choices = [(s["label_path"], f"{s['label_path']}({s.get('percent', '')} → {s.get('unit_name') or '无派单规则'})") for s in suggestions]
        choices.append((MANUAL, _("手动选择(在下框填写)")))
        self.fields["label"].widget = forms.RadioSelect(choices=choices)
        self.fields["label"].initial = choices[0][0]
        if self.obj is not None and self.obj.label_id:
            from .routing import advise

            self.fields["label_manual"].initial = self.obj.label.path
            routed = advise(self.obj.label.path, self.obj.district_id, with_history=False).unit
            if routed is not None:
                self.fields["unit"].empty_label = f"{_('按派单规则')}({routed.name})"

    def params(self):
        data = super().params()
        manual = data.pop("label_manual", "")
        if data.get("label") == MANUAL:
            data.pop("label")
            if manual:
                data["label"] = manual
        return data


class ReassignForm(OperationForm):
    unit = UnitChoiceField(label=_("新的承办单位"), queryset=_units(), required=False)
    label = _label_box(_("标签(可选,不填则不变)"))


REPLY = {"reply": forms.CharField(label=_("答复意见(将告知诉求人)"), required=False, max_length=MAX_CONTENT_CHARS,
                                  widget=forms.Textarea(attrs={"rows": 4, "required": True}))}
RATING = {"rating": forms.TypedChoiceField(label=_("回访评价"), choices=[("", "—")] + Rating.choices, coerce=int, required=False,
                                           empty_value=None, widget=forms.Select(attrs={"required": True}))}
# A date box in the page; the handler also reads a date-time from the API (2026-12-31T18:00).
UNTIL = {"until": forms.CharField(label=_("申请延期至"), required=False, max_length=32,
                                  widget=forms.DateInput(attrs={"type": "date", "required": True}, format="%Y-%m-%d"))}
TARGET = {"target": forms.CharField(label=_("并入的受理编号"), required=False, max_length=20, widget=forms.TextInput(attrs={"class": "mono", "required": True}))}

_LOOP = "yingshang.appeals.services.loop."


def _op(name: Action, from_states, to_state, side, **spec) -> Operation:
    """One operation: the label is the Action's, the capability the side's, the handler services/loop.do_<name>."""
    return Operation(name=name.value, label=name.label, from_states=from_states, to_state=to_state, side=side,
                     capability=SIDE_CAPABILITY[side], handler=_LOOP + f"do_{name.value}", **spec)


ACTIVE = (S.SIGNED, S.IN_PROGRESS)

APPEALS = wf.register(Workflow(
    name="appeals", model=Appeal, state_field="state", states=State, noun="诉求", audit_model="appeal",
    authorize=authorize, on_transition=_LOOP + "record_event", lookup="yingshang.appeals.selectors.appeal_get_for_user", initial_states=(S.RECEIVED.value,),
    entry_steps={"intake": _("已受理")}, closed_hint=_("该诉求已结束,不能再变更"),
    operations=(
        _op(A.DISPATCH, (S.RECEIVED,), S.DISPATCHED, HOTLINE, fields=DispatchForm, style=PRIMARY, public_label=_("已转办至承办单位")),
        _op(A.SIGN, (S.DISPATCHED,), S.SIGNED, UNIT, style=PRIMARY, public_label=_("承办单位已签收")),
        _op(A.RETURN, (S.DISPATCHED, S.SIGNED), S.RECEIVED, UNIT, reason_required=True, style=DANGER, public_label=_("承办单位退回,重新派单中")),
        _op(A.REASSIGN, (S.DISPATCHED, *ACTIVE), S.DISPATCHED, HOTLINE, fields=ReassignForm, reason_required=True, public_label=_("已改派其他单位")),
        _op(A.FEEDBACK, ACTIVE, S.IN_PROGRESS, UNIT, reason_required=True, reason_label=_("办理进展(必填)"), style=SECONDARY, public_label=_("承办单位反馈办理进展")),
        _op(A.REQUEST_EXTENSION, ACTIVE, STAY, UNIT, fields=UNTIL, reason_required=True, guard=_no_pending_extension, style=NEUTRAL,
            public_label=_("承办单位申请延期")),
        _op(A.APPROVE_EXTENSION, ACTIVE, STAY, HOTLINE, reason_optional=True, guard=_pending_extension, style=PRIMARY, public_label=_("延期已批准")),
        _op(A.REJECT_EXTENSION, ACTIVE, STAY, HOTLINE, reason_required=True, guard=_pending_extension, style=DANGER, public_label=_("延期未获批准")),
        _op(A.COMPLETE, ACTIVE, S.COMPLETED, UNIT, fields=REPLY, style=PRIMARY, public_label=_("已办结并答复")),
        # 一事多诉: a merged appeal is handled once, through its master, but its caller still gets the
        # master's reply and is called back and rated on their own appeal, which stays merged.
        _op(A.CALLBACK, (S.COMPLETED, S.MERGED), {S.COMPLETED: S.CALLED_BACK, S.MERGED: STAY}, HOTLINE, fields=RATING,
            reason_optional=True, guard=_may_call_back, style=PRIMARY, public_label=_("已回访")),
        _op(A.REOPEN, (S.CALLED_BACK,), S.DISPATCHED, HOTLINE, reason_required=True, style=DANGER, public_label=_("重新办理")),
        _op(A.VERIFY, (S.CALLED_BACK,), S.VERIFIED, HOTLINE, reason_optional=True, guard=_may_verify, style=PRIMARY, public_label=_("已核实")),
        _op(A.ARCHIVE, (S.VERIFIED,), S.ARCHIVED, HOTLINE, style=PRIMARY, public_label=_("已归档")),
        _op(A.SUPERVISE, (S.RECEIVED, S.DISPATCHED, *ACTIVE), STAY, SUPERVISOR, reason_required=True, public_label=_("已督办")),
        _op(A.MERGE, (S.RECEIVED, S.DISPATCHED, *ACTIVE), S.MERGED, HOTLINE, fields=TARGET, reason_optional=True, public_label=_("已与其他诉求合并办理")),
    ),
))
assert {op.name for op in APPEALS.operations} == set(Action.values), "every action is one operation of the spec"
