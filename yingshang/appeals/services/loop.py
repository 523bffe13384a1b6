"""The closed loop: the handlers of the appeal workflow's operations (the spec is appeals/workflow.py).

Every step after intake goes through ``appeal_act`` → ``core.workflow.run_operation``, which checks the
move against the spec, asks whether the actor may make it, validates the form, runs the handler below
inside ``audited_write`` and saves with a compare-and-set on ``version``."""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from yingshang.core import fastsql
from yingshang.core.auditlog import record
from yingshang.core.notifications import notify_unit, notify_user
from yingshang.core.services import save_versioned
from yingshang.core.workflow import Step, perform, run_operation

from .. import routing
from ..models import (
    BAD_RATINGS,
    MAX_CONTENT_CHARS,
    Appeal,
    AppealEvent,
    Dispatch,
    Rating,
)
from yingshang.core.workcalendar import WorkCalendar

from ..sla import PolicyBook
from ..workflow import APPEALS, Action, State
from .validation import _resolve_label, _resolve_unit

# --- the closed loop -----------------------------------------------------------------------------------

def appeal_act(*, actor, appeal: Appeal, action: str, expected_version: int | None = None, data=None, **params) -> Appeal:
    """Perform one workflow operation with form ``data`` (a POST) and/or keyword ``params``. Raises
    ValidationError (illegal move, invalid field, missing reason...), PermissionDenied (not this actor's
    to do) or ConcurrentEditError (someone acted first)."""
    values = {**(data.dict() if hasattr(data, "dict") else dict(data or {})), **params}
    run_operation(APPEALS, appeal, str(action), actor, values, expected_version)
    return appeal


def _apply(appeal: Appeal, action: Action, actor, now: dt.datetime, params: dict[str, Any], *, expected_version: int | None = None) -> None:
    """An operation with values already checked (intake's and the triage worker's dispatch with model objects)."""
    perform(APPEALS, appeal, str(action), actor, params, expected_version=expected_version, now=now)


def record_event(step: Step) -> None:
    """The spec's after-save hook: the appeal's timeline row (what the unit, the KPIs and public tracking read)."""
    appeal = step.obj
    note = appeal.reply if step.operation.name == Action.COMPLETE else step.reason
    _event(appeal, step.operation.name, step.from_state, step.to_state, step.actor, step.now, note=note, data=step.data,
           unit=step.extra.get("unit", appeal.unit))


def _handler(fn):
    """Adapt a handler written on the appeal's terms (it returns the event's data, the unit the event
    names, follow-up operations and a reply to relay) to the kernel's :class:`Step`."""
    @functools.wraps(fn)
    def handler(step: Step) -> None:
        appeal, unit_before = step.obj, step.obj.unit
        result = fn(appeal, step.actor, step.now, step.params, step.reason) or {}
        step.data.update(result.get("data", {}))
        step.extra["unit"] = result.get("unit", appeal.unit or unit_before)
        for name, params in result.get("then", []):
            step.then(functools.partial(perform, APPEALS, appeal, str(name), None, params, expected_version=None, now=step.now))
        if result.get("relay_from") is not None:
            step.then(functools.partial(_relay_reply, result["relay_from"], appeal, step.actor, step.now))
    return handler


def _new_event(appeal, action, from_state, to_state, actor, now, *, note="", data=None, unit=None) -> AppealEvent:
    actor_obj = actor if getattr(actor, "is_authenticated", False) else None
    event = AppealEvent(
        appeal=appeal, action=str(action), from_state=str(from_state), to_state=str(to_state), at=now, actor=actor_obj,
        actor_unit=getattr(actor_obj, "unit", None), unit=unit, note=note or "", data=data or {},
    )
    fastsql.insert_new(event)
    return event


def _event_summary(event: AppealEvent) -> dict:
    return {"appeal": event.appeal.tracking_no, "action": event.action, "to": event.to_state}


def _event(appeal, action, from_state, to_state, actor, now, *, note="", data=None, unit=None) -> AppealEvent:
    event = _new_event(appeal, action, from_state, to_state, actor, now, note=note, data=data, unit=unit)
    record("appeals.appeal_event.create", event, after=_event_summary(event))
    return event


def _limits(appeal):
    return WorkCalendar.load(), PolicyBook.load().limits(appeal.appeal_type, appeal.urgency)


def _end_current_dispatch(appeal, outcome, now, reason="") -> None:
    """Close the appeal's latest dispatch (pending or signed) as returned or re-dispatched."""
    dispatch = Dispatch.objects.filter(appeal=appeal).order_by("-id").first()
    if dispatch is None or dispatch.outcome in (Dispatch.Outcome.RETURNED, Dispatch.Outcome.REASSIGNED):
        return
    dispatch.outcome, dispatch.outcome_at, dispatch.reason = outcome, now, reason[:500]
    dispatch.save()
    record(f"appeals.dispatch.{outcome}", dispatch, after={"appeal": appeal.tracking_no, "unit": dispatch.unit_id, "outcome": outcome, "reason": reason})


def _open_dispatch(appeal, unit, now, *, automatic=False, confidence=None) -> Dispatch:
    dispatch = Dispatch(
        appeal=appeal, unit=unit, label_path=appeal.label.path if appeal.label_id else "", district=appeal.district, at=now,
        automatic=automatic, confidence=confidence,
    )
    dispatch.save()
    record("appeals.dispatch.create", dispatch, after={"appeal": appeal.tracking_no, "unit": unit.pk, "automatic": automatic})
    notify_unit(
        unit, title=f"新的诉求待签收:{appeal.tracking_no}", body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/",
        category="appeals", dedup_key=f"appeal-dispatch-{dispatch.pk}",
    )
    return dispatch


@_handler
def do_dispatch(appeal, actor, now, params, reason):
    label = _resolve_label(params.get("label")) or appeal.label
    if label is None:
        raise ValidationError(_("转办前请选择诉求标签"), code="label_required")
    unit = _resolve_unit(params.get("unit")) or routing.advise(label.path, appeal.district_id, with_history=False).unit
    if unit is None:
        raise ValidationError(_("派单规则中没有“%(path)s”的承办单位,请手动选择承办单位") % {"path": label.path}, code="unit_required")
    appeal.label, appeal.unit = label, unit
    if appeal.dispatched_at is None:
        appeal.dispatched_at = now
        appeal.dispatched_on_time = now <= appeal.dispatch_due if appeal.dispatch_due else None
    calendar, limits = _limits(appeal)
    if appeal.first_feedback_at is None:
        appeal.feedback_due = calendar.add(now, *limits.feedback)
    appeal.dispatch_due = None
    _open_dispatch(appeal, unit, now, automatic=bool(params.get("automatic")), confidence=params.get("confidence"))
    return {"unit": unit, "data": {"label": label.path, "unit": unit.name, "automatic": bool(params.get("automatic")), "confidence": params.get("confidence")}}


@_handler
def do_sign(appeal, actor, now, params, reason):
    for dispatch in Dispatch.objects.filter(appeal=appeal, outcome=Dispatch.Outcome.PENDING):
        dispatch.outcome, dispatch.outcome_at = Dispatch.Outcome.SIGNED, now
        dispatch.save()
        record("appeals.dispatch.signed", dispatch, after={"appeal": appeal.tracking_no, "unit": dispatch.unit_id})


@_handler
def do_return(appeal, actor, now, params, reason):
    unit = appeal.unit
    _end_current_dispatch(appeal, Dispatch.Outcome.RETURNED, now, reason)
    calendar, limits = _limits(appeal)
    appeal.unit = None
    appeal.return_count += 1
    appeal.dispatch_due = calendar.add(now, *limits.dispatch)
    return {"unit": unit, "data": {"unit": unit.name if unit else ""}}


@_handler
def do_reassign(appeal, actor, now, params, reason):
    new_unit = _resolve_unit(params.get("unit"))
    if new_unit is None:
        raise ValidationError(_("改派须选择新的承办单位"), code="unit_required")
    if new_unit.pk == appeal.unit_id:
        raise ValidationError(_("新的承办单位与当前承办单位相同,无需改派"), code="same_unit")
    old = appeal.unit
    _end_current_dispatch(appeal, Dispatch.Outcome.REASSIGNED, now, reason)
    label = _resolve_label(params.get("label"))
    if label is not None:
        appeal.label = label
    appeal.unit = new_unit
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    _open_dispatch(appeal, new_unit, now)
    return {"unit": new_unit, "data": {"from_unit": old.name if old else "", "to_unit": new_unit.name}}


def _first_feedback(appeal, now) -> None:
    if appeal.first_feedback_at is None:
        appeal.first_feedback_at = now
        appeal.feedback_on_time = now <= appeal.feedback_due if appeal.feedback_due else None


@_handler
def do_feedback(appeal, actor, now, params, reason):
    _first_feedback(appeal, now)


def _parse_moment(value) -> dt.datetime | None:
    from django.utils import timezone

    if value in (None, ""):
        return None
    if isinstance(value, dt.datetime):
        return value if timezone.is_aware(value) else timezone.make_aware(value)
    if isinstance(value, dt.date):
        return timezone.make_aware(dt.datetime.combine(value, dt.time(18, 0)))
    text = str(value).strip()
    try:
        parsed = dt.datetime.fromisoformat(text) if "T" in text or " " in text else dt.datetime.combine(dt.date.fromisoformat(text), dt.time(18, 0))
    except ValueError:
        raise ValidationError(_("日期“%(value)s”无法识别,请使用 2026-12-31 格式") % {"value": value}, code="date")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


@_handler
def do_request_extension(appeal, actor, now, params, reason):
    until = _parse_moment(params.get("until"))
    if until is None:
        raise ValidationError(_("请填写申请延期至的日期"), code="date")
    if appeal.completion_due and until <= appeal.completion_due:
        raise ValidationError(_("延期后的办结时限必须晚于当前时限"), code="date")
    appeal.extension_requested_until, appeal.extension_reason = until, reason[:500]
    _first_feedback(appeal, now)
    return {"data": {"until": until.isoformat()}}


@_handler
def do_approve_extension(appeal, actor, now, params, reason):
    until = appeal.extension_requested_until
    appeal.completion_due = until
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    notify_unit(appeal.unit, title=f"延期申请已批准:{appeal.tracking_no}", body=f"办结时限延至 {until:%Y-%m-%d %H:%M}",
                link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=f"appeal-ext-ok-{appeal.pk}-{until:%Y%m%d%H%M}")
    return {"data": {"until": until.isoformat()}}


@_handler
def do_reject_extension(appeal, actor, now, params, reason):
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    notify_unit(appeal.unit, title=f"延期申请未获批准:{appeal.tracking_no}", body=reason, link=f"/appeals/{appeal.tracking_no}/",
                category="appeals", dedup_key=f"appeal-ext-no-{appeal.pk}-{appeal.version}")


@_handler
def do_complete(appeal, actor, now, params, reason):
    reply = (params.get("reply") or "").strip()
    if not reply:
        raise ValidationError({"reply": ValidationError(_("办结须填写给诉求人的答复意见"), code="reply_required")})
    if len(reply) > MAX_CONTENT_CHARS:
        raise ValidationError(_("答复意见超过 %(max)s 字") % {"max": MAX_CONTENT_CHARS}, code="reply_too_long")
    _first_feedback(appeal, now)
    appeal.reply = reply
    appeal.completed_at = now
    appeal.completed_on_time = now <= appeal.completion_due if appeal.completion_due else None
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    if appeal.submitted_by_id:
        notify_user(appeal.submitted_by, title=f"您的诉求已办结:{appeal.tracking_no}", link=f"/appeals/track/{appeal.tracking_no}/",
                    category="appeals", dedup_key=f"appeal-done-{appeal.pk}-{appeal.reopen_count}")
    for member in Appeal.objects.filter(merged_into=appeal, state=State.MERGED).select_related("submitted_by"):
        _relay_reply(appeal, member, actor, now)


def _relay_reply(master: Appeal, member: Appeal, actor, now: dt.datetime) -> None:
    """一事多诉: a caller merged into ``master`` receives its reply on their own appeal and waits for their
    own callback (rating cleared: one callback per reply). Recorded as a 办结 event that leaves the
    merged appeal merged: a relay of the master's move, not a move of its own."""
    before = member.audit_snapshot()
    member.reply, member.completed_at, member.rating = master.reply, now, None
    save_versioned(member, member.version)
    _event(member, Action.COMPLETE, State.MERGED, State.MERGED, actor, now, note=master.reply, data={"master": master.tracking_no}, unit=master.unit)
    record("appeals.appeal.merged_reply", member, before=before, after=member.audit_snapshot())
    if member.submitted_by_id:
        notify_user(member.submitted_by, title=f"您的诉求已办结:{member.tracking_no}", link=f"/appeals/track/{member.tracking_no}/",
                    category="appeals", dedup_key=f"appeal-done-{member.pk}-{master.pk}-{master.reopen_count}")


@_handler
def do_callback(appeal, actor, now, params, reason):
    try:
        rating = Rating(int(params.get("rating")))
    except (TypeError, ValueError):
        raise ValidationError(_("请选择回访评价(非常满意、满意、基本满意、不满意、非常不满意)"), code="rating_required")
    if appeal.bad_rating_count:
        appeal.callback_after_bad = True
    appeal.rating = rating
    appeal.callback_count += 1
    result = {"data": {"rating": int(rating), "rating_label": str(rating.label)}}
    if rating in BAD_RATINGS and appeal.state == State.MERGED:
        appeal.bad_rating_count += 1
        appeal.callback_after_bad = False
        # One unhappy caller is enough: the matter is handled again, through the master.
        master = Appeal.objects.get(pk=appeal.merged_into_id)
        perform(APPEALS, master, Action.REOPEN, None, expected_version=None, now=now, params={"reason": f"合并诉求 {appeal.tracking_no} 回访评价“{rating.label}”,按规定重办。{reason}".strip()})
        result["data"]["reopened"] = master.tracking_no
    elif rating in BAD_RATINGS:
        appeal.bad_rating_count += 1
        appeal.callback_after_bad = False
        # 差评必须重办: the table's REOPEN follows at once, by the system, with the callback's note.
        result["then"] = [(Action.REOPEN, {"reason": f"回访评价“{rating.label}”,按规定重办。{reason}".strip()})]
    return result


@_handler
def do_reopen(appeal, actor, now, params, reason):
    calendar, limits = _limits(appeal)
    appeal.reopen_count += 1
    appeal.completed_at, appeal.completed_on_time = None, None
    appeal.completion_due = calendar.add(now, *limits.completion)
    if appeal.unit is None:
        raise ValidationError(_("该诉求没有承办单位,无法重办"), code="unit_required")
    _open_dispatch(appeal, appeal.unit, now)


@_handler
def do_verify(appeal, actor, now, params, reason):
    return None


@_handler
def do_archive(appeal, actor, now, params, reason):
    appeal.archived_at = now


@_handler
def do_supervise(appeal, actor, now, params, reason):
    appeal.supervision_count += 1
    if appeal.unit_id:
        notify_unit(appeal.unit, title=f"督办:{appeal.tracking_no}", body=reason, link=f"/appeals/{appeal.tracking_no}/",
                    category="appeals", dedup_key=f"appeal-supervise-{appeal.pk}-{appeal.supervision_count}")
    return {"data": {"by": getattr(actor, "display_name", "") or getattr(actor, "username", "系统")}}


@_handler
def do_merge(appeal, actor, now, params, reason):
    target = params.get("target")
    if not isinstance(target, Appeal):
        target = Appeal.objects.filter(tracking_no=str(target or "").strip()).first()
    if target is None:
        raise ValidationError(_("请填写要并入的诉求受理编号"), code="target_required")
    if target.pk == appeal.pk:
        raise ValidationError(_("不能把诉求并入它自己"), code="target_self")
    if target.state in (State.MERGED, State.VERIFIED, State.ARCHIVED):
        raise ValidationError(_("诉求 %(tracking_no)s 已%(label)s,不能再并入") % {"tracking_no": target.tracking_no, "label": State(target.state).label}, code="target_closed")
    appeal.merged_into = target
    appeal.repeat_of = appeal.repeat_of or target
    # Callers merged into this appeal follow it to the new master: one master per matter, no chains.
    for member in Appeal.objects.filter(merged_into=appeal, state=State.MERGED):
        before = member.audit_snapshot()
        member.merged_into = target
        save_versioned(member, member.version)
        record("appeals.appeal.merge_follow", member, before=before, after=member.audit_snapshot())
    if target.state in (State.COMPLETED, State.CALLED_BACK) and target.reply:
        # The master already answered: the new caller gets that reply now (after this appeal is saved merged).
        return {"data": {"target": target.tracking_no}, "relay_from": target}
    return {"data": {"target": target.tracking_no}}


