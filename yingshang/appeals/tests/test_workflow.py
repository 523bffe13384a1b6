"""The workflow spec, exhaustively: every state × every operation is either the spec's move (saved, versioned,
audited as ``appeals.appeal.<operation>``) or a refusal with a clear Chinese message that changes nothing; plus
the guards and the closed loop's side effects."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from yingshang.appeals import services
from yingshang.appeals.models import Dispatch
from yingshang.appeals.workflow import APPEALS, Action, State
from yingshang.core import workflow as wf
from yingshang.core.models import AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


def _params(action, hub, appeal, target):
    return {
        Action.DISPATCH: {"label": "城乡建设/物业管理/电梯故障", "unit": hub.units["zjj"]},
        Action.SIGN: {},
        Action.RETURN: {"reason": "不属于本单位职责"},
        Action.REASSIGN: {"unit": hub.units["scj"], "reason": "属市场监管职责"},
        Action.FEEDBACK: {"reason": "已派人现场查看"},
        Action.REQUEST_EXTENSION: {"until": (appeal.completion_due + dt.timedelta(days=10)).date(), "reason": "需协调供电部门"},
        Action.APPROVE_EXTENSION: {},
        Action.REJECT_EXTENSION: {"reason": "理由不充分"},
        Action.COMPLETE: {"reply": "已维修完毕"},
        Action.CALLBACK: {"rating": 5},
        Action.REOPEN: {"reason": "核实未通过"},
        Action.VERIFY: {},
        Action.ARCHIVE: {},
        Action.SUPERVISE: {"reason": "请加快办理"},
        Action.MERGE: {"target": target},
    }[action]


@pytest.mark.parametrize("state", list(State))
@pytest.mark.parametrize("action", list(Action))
def test_every_state_and_action(state, action, hub, make_appeal):
    pending = None
    if action in (Action.APPROVE_EXTENSION, Action.REJECT_EXTENSION):
        pending = hub.now + dt.timedelta(days=15)
    merged = {}
    if state == State.MERGED:
        # A merged caller is called back once the master has answered and been called back itself.
        merged = {"merged_into": make_appeal(State.CALLED_BACK), "completed_at": hub.now, "reply": "已处理"}
    appeal = make_appeal(state, extension_requested_until=pending, extension_reason="协调" if pending else "", **merged)
    target = make_appeal(State.RECEIVED)
    op = APPEALS.operation(action)
    expected = State(op.targets(state)[0]) if state in op.from_states else None
    params = _params(action, hub, appeal, target)
    chain_before = (AuditEntry.objects.count(), AuditHead.objects.values_list("hash", flat=True).first())
    if expected is None:
        row_before = type(appeal).objects.get(pk=appeal.pk).audit_snapshot()
        with pytest.raises(ValidationError) as error:
            services.appeal_act(actor=None, appeal=appeal, action=action, **params)
        message = error.value.messages[0]
        possible = "、".join(str(o.label) for o in APPEALS.from_state(state))
        assert f"诉求当前状态为“{state.label}”,不能执行“{action.label}”。" in message
        assert (f"当前可执行的操作:{possible}" if possible else "该诉求已结束") in message
        appeal.refresh_from_db()
        assert appeal.audit_snapshot() == row_before and appeal.version == 1  # nothing changed
        assert (AuditEntry.objects.count(), AuditHead.objects.values_list("hash", flat=True).first()) == chain_before
    else:
        services.appeal_act(actor=None, appeal=appeal, action=action, **params)
        appeal.refresh_from_db()
        assert appeal.state == expected
        assert appeal.version == 2
        assert appeal.events.filter(action=action.value, from_state=state.value, to_state=expected.value).count() == 1
        assert AuditEntry.objects.filter(action=f"appeals.appeal.{action.value}", object_id=str(appeal.pk)).count() == 1


def test_spec_covers_the_loop_and_terminal_states():
    assert {s for op in APPEALS.operations for s in op.from_states} == set(State) - {State.ARCHIVED}
    assert [op.name for op in APPEALS.from_state(State.MERGED)] == [Action.CALLBACK]  # merged: only its caller's callback
    assert APPEALS.from_state(State.ARCHIVED) == []
    assert APPEALS.operation("callback").targets(State.MERGED) == (State.MERGED,)  # the merged caller stays merged


def test_guards(hub, make_appeal):
    pending = make_appeal(State.SIGNED, extension_requested_until=hub.now + dt.timedelta(days=9))
    with pytest.raises(ValidationError, match="已有一项延期申请"):
        services.appeal_act(actor=None, appeal=pending, action="request_extension", until="2026-12-31", reason="再延")
    bare = make_appeal(State.SIGNED)
    assert Action.APPROVE_EXTENSION not in [op.name for op in wf.possible_operations(APPEALS, bare)]
    with pytest.raises(ValidationError, match="没有待审批的延期申请"):
        services.appeal_act(actor=None, appeal=bare, action="approve_extension")
    unhappy = make_appeal(State.CALLED_BACK, rating=2)
    with pytest.raises(ValidationError, match="须先重办"):
        services.appeal_act(actor=None, appeal=unhappy, action="verify")
    with pytest.raises(ValidationError, match="须填写理由"):
        services.appeal_act(actor=None, appeal=make_appeal(State.DISPATCHED), action="return", reason="  ")
    with pytest.raises(ValidationError, match="未知的操作"):
        services.appeal_act(actor=None, appeal=bare, action="teleport")


def test_bad_callback_forces_reopen_and_second_callback(hub, make_appeal):
    appeal = make_appeal(State.COMPLETED)
    services.appeal_act(actor=None, appeal=appeal, action="callback", rating=2, reason="电梯仍然故障")
    appeal.refresh_from_db()
    assert appeal.state == State.DISPATCHED and appeal.unit == hub.units["zjj"]
    assert appeal.bad_rating_count == 1 and appeal.reopen_count == 1 and appeal.completed_at is None
    assert list(appeal.events.values_list("action", flat=True)) == ["callback", "reopen"]
    for action, params in (("sign", {}), ("complete", {"reply": "更换了控制柜"}), ("callback", {"rating": 4})):
        services.appeal_act(actor=None, appeal=appeal, action=action, **params)
    appeal.refresh_from_db()
    assert appeal.state == State.CALLED_BACK and appeal.callback_count == 2 and appeal.callback_after_bad
    assert appeal.dispatches.filter(unit=hub.units["zjj"]).count() == 1  # the reopen's dispatch (the made appeal had none)


def test_return_and_reassign_feed_dispatch_records(hub, make_appeal):
    appeal = make_appeal(State.RECEIVED)
    services.appeal_act(actor=None, appeal=appeal, action="dispatch", label="城乡建设/物业管理/物业收费")
    assert appeal.unit == hub.units["zjj"]  # by the routing table
    services.appeal_act(actor=None, appeal=appeal, action="return", reason="属价格监管")
    assert appeal.state == State.RECEIVED and appeal.unit is None and appeal.dispatch_due > hub.now
    services.appeal_act(actor=None, appeal=appeal, action="dispatch", unit=hub.units["scj"])
    services.appeal_act(actor=None, appeal=appeal, action="reassign", unit=hub.units["zjj"], reason="物业服务归住建")
    outcomes = list(Dispatch.objects.filter(appeal=appeal).order_by("id").values_list("unit__name", "outcome", "reason"))
    assert outcomes == [
        ("市住房和城乡建设局", "returned", "属价格监管"), ("市市场监督管理局", "reassigned", "物业服务归住建"), ("市住房和城乡建设局", "pending", ""),
    ]
    assert appeal.return_count == 1


def test_extension_moves_the_completion_deadline(hub, make_appeal):
    appeal = make_appeal(State.IN_PROGRESS)
    services.appeal_act(actor=None, appeal=appeal, action="request_extension", until="2026-12-31", reason="需协调多部门")
    services.appeal_act(actor=None, appeal=appeal, action="approve_extension")
    appeal.refresh_from_db()
    assert appeal.completion_due.date() == dt.date(2026, 12, 31) and appeal.extension_requested_until is None


def test_merge_refuses_itself_and_closed_targets(hub, make_appeal):
    appeal = make_appeal(State.RECEIVED)
    with pytest.raises(ValidationError, match="并入它自己"):
        services.appeal_act(actor=None, appeal=appeal, action="merge", target=appeal.tracking_no)
    closed = make_appeal(State.ARCHIVED)
    with pytest.raises(ValidationError, match="已归档"):
        services.appeal_act(actor=None, appeal=appeal, action="merge", target=closed.tracking_no)
    with pytest.raises(ValidationError, match="已核实"):
        services.appeal_act(actor=None, appeal=appeal, action="merge", target=make_appeal(State.VERIFIED).tracking_no)
    target = make_appeal(State.DISPATCHED)
    services.appeal_act(actor=None, appeal=appeal, action="merge", target=target.tracking_no, reason="同一事项")
    assert appeal.state == State.MERGED and appeal.merged_into == target and appeal.repeat_of == target
