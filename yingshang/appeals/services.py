"""Writes of the appeals hub. Each service is one audited transaction (see core/audit.py).

Intake (``appeal_submit``) validates, classifies, routes and maybe dispatches; every later step goes
through ``appeal_act``, which asks workflow.TRANSITIONS whether the move is legal, authorisation whether
the actor may make it, and saves with a compare-and-set on ``version`` so that of two concurrent actions
on one appeal exactly one wins and the other is told to reload.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
import hashlib
import re
import secrets
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import Q
from django.db.models.fields.json import KT

from yingshang.core import clock, fastsql
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk, record_many
from yingshang.core.memo import TtlMemo
from yingshang.core.creditcode import credit_code_errors, normalize_credit_code
from yingshang.core.models import Division, Enterprise, Unit
from yingshang.core.notifications import notify_unit, notify_user
from yingshang.core.permissions import require_capability
from yingshang.core.services import save_versioned
from yingshang.core.textnorm import normalize_text

from . import routing, suggest, taxonomy
from .hooks import run_triage_hooks
from .models import (
    BAD_RATINGS, MAX_CONTENT_CHARS, Appeal, AppealEvent, AppealType, Attachment, CalendarDay, Channel, ClassifierVersion, Dispatch,
    HubSettings, Label, Rating, RoutingRule, SlaPolicy, TaxonomyVersion, Urgency, label_code,
)
from .permissions import authorize
from .sla import PolicyBook, WorkCalendar
from .workflow import NEEDS_REASON, Action, State, next_state

INTAKE = "intake"  # the event that opens an appeal's history (not a transition: there is no state before it)
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".mp3", ".wav", ".amr", ".mp4")


class IdempotencyConflict(ValidationError):
    def __init__(self):
        super().__init__("该幂等键已用于另一份内容不同的诉求;重试请原样提交,新的诉求请使用新的幂等键", code="idempotency_conflict")


_hub_settings_memo = TtlMemo(lambda: hub_settings())


def hub_settings_cached() -> HubSettings:
    """The settings row as read a few seconds ago (for reading on every intake, never for editing)."""
    return _hub_settings_memo.get()


def hub_settings() -> HubSettings:
    settings_row = HubSettings.objects.order_by("id").first()
    if settings_row is None:
        with audited_write(None):
            settings_row = HubSettings()
            settings_row.save()
            record("appeals.settings.create", settings_row, after=settings_row.audit_snapshot())
    return settings_row


# --- validation ----------------------------------------------------------------------------------------

_MOBILE = re.compile(r"^1[3-9]\d{9}$")
_LANDLINE = re.compile(r"^0\d{9,11}$")  # area code 0xx/0xxx + 7–8 digits
_LOCAL = re.compile(r"^[2-9]\d{6,7}$")  # a local number without area code, as callers give it
_EXTENSION = re.compile(r"(转|ext\.?|#)\d{1,6}$", re.IGNORECASE)


def normalize_phone(value: str) -> str:
    """Digits of a mainland mobile, landline or local number; ValidationError for anything else."""
    raw = normalize_text(value or "")
    if not raw:
        return ""
    digits = _EXTENSION.sub("", raw)
    digits = re.sub(r"[\s\-()()]", "", digits)
    if digits.startswith("+86"):
        digits = digits[3:]
    elif digits.startswith("0086"):
        digits = digits[4:]
    if not digits.isdigit() or not (_MOBILE.match(digits) or _LANDLINE.match(digits) or _LOCAL.match(digits)):
        raise ValidationError(f"联系电话“{value}”格式不正确:请填写 11 位手机号(如 13912345678)或带区号的固话(如 0411-84561234)", code="phone")
    return digits


def clean_content(content: str) -> str:
    """The text as given (HTML included: it is escaped when shown, never interpreted), trimmed."""
    text = (content or "").strip()
    if not text:
        raise ValidationError("诉求内容不能为空", code="content_empty")
    if len(text) > MAX_CONTENT_CHARS:
        raise ValidationError(f"诉求内容为 {len(text)} 字,超过 {MAX_CONTENT_CHARS} 字的上限,请精简后再提交", code="content_too_long")
    return text


def _division_index() -> dict[tuple[int, str], Division]:
    """Districts and streets by (level, code) and (level, name): every intake names one or two of them."""
    index: dict[tuple[int, str], Division] = {}
    for division in Division.objects.filter(level__in=(Division.Level.DISTRICT, Division.Level.STREET)):
        index.setdefault((division.level, division.name), division)
        index[(division.level, division.code)] = division
    return index


_divisions_memo = TtlMemo(_division_index)


def _resolve_division(value, level: int, label: str) -> Division | None:
    if value in (None, ""):
        return None
    if isinstance(value, Division):
        division = value
    else:
        key = normalize_text(str(value))
        division = _divisions_memo.get().get((level, key))
    if division is None or division.level != level:
        raise ValidationError(f"{label}“{value}”不在本市区划中", code="division")
    return division


def _resolve_label(value) -> Label | None:
    if value in (None, ""):
        return None
    if isinstance(value, Label):
        label = value
        if label.taxonomy.status != TaxonomyVersion.Status.PUBLISHED:
            raise ValidationError(f"标签“{label.path}”不属于现行标签体系", code="label")
        return label
    label = taxonomy.find_label(str(value))
    if label is None:
        raise ValidationError(f"标签“{value}”不存在于现行标签体系中", code="label")
    return label


def _resolve_unit(value) -> Unit | None:
    if value in (None, ""):
        return None
    if isinstance(value, Unit):
        return value
    from yingshang.core.selectors import unit_resolve

    key = str(value).strip()
    unit = Unit.objects.filter(pk=int(key)).first() if key.isdigit() else None
    unit = unit or Unit.objects.filter(code=key).first() or next(iter(unit_resolve(key)), None)
    if unit is None or not unit.is_active:
        raise ValidationError(f"单位“{value}”不存在或已停用", code="unit")
    return unit


def _new_tracking_no(now: dt.datetime) -> str:
    """Date + six random digits. Uniqueness is the database's: a clash (rare below ~10^5 a day) fails the
    insert, and appeal_submit draws again, instead of a look-up before every insert."""
    from django.utils import timezone

    return f"{timezone.localtime(now).strftime('%Y%m%d')}{secrets.randbelow(10**6):06d}"


def _content_fingerprint(values: dict) -> str:
    return hashlib.sha256("\x1f".join(str(values.get(k, "")) for k in ("content", "person_phone", "appeal_type", "channel")).encode()).hexdigest()


# --- intake ---------------------------------------------------------------------------------------------

@dataclass
class IntakeResult:
    appeal: Appeal
    created: bool
    dispatched: bool = False
    automatic: bool = False
    messages: list[str] = field(default_factory=list)


def appeal_submit(
    *, actor, channel: str, appeal_type: str, content: str, title: str = "", urgency: str = Urgency.NORMAL,
    address: str = "", district=None, street=None, latitude=None, longitude=None,
    person_name: str = "", person_phone: str = "", phone_required: bool = False, is_confidential: bool = False,
    is_enterprise: bool = False, credit_code: str = "", enterprise_name: str = "",
    idempotency_key: str = "", label=None, unit=None, dispatch: bool | None = None, attachments=(), public: bool = False,
    defer_triage: bool = False,
) -> IntakeResult:
    """Register an appeal. ``dispatch``: True = dispatch now to ``label``/``unit`` (operator confirmed),
    None = dispatch automatically when the classifier is confident enough, False = leave it for the queue.

    ``public`` submissions (the citizens' web form) come from anyone; all others need appeals.intake."""
    if not public:
        require_capability(actor, "appeals.intake")
    errors: dict[str, list[str]] = {}

    def check(name, fn):
        try:
            return fn()
        except ValidationError as error:
            errors.setdefault(name, []).extend(error.messages)
            return None

    text = check("content", lambda: clean_content(content))
    phone = check("person_phone", lambda: normalize_phone(person_phone))
    if phone_required and not phone and "person_phone" not in errors:
        errors["person_phone"] = ["请填写联系电话,以便承办单位答复和回访"]
    if channel not in Channel.values:
        errors["channel"] = [f"渠道“{channel}”无效"]
    if appeal_type not in AppealType.values:
        errors["appeal_type"] = [f"诉求类型“{appeal_type}”无效"]
    if urgency not in Urgency.values:
        errors["urgency"] = [f"紧急程度“{urgency}”无效"]
    district_obj = check("district", lambda: _resolve_division(district, Division.Level.DISTRICT, "区县"))
    street_obj = check("street", lambda: _resolve_division(street, Division.Level.STREET, "街道"))
    if street_obj and district_obj and street_obj.parent_id != district_obj.pk:
        errors.setdefault("street", []).append(f"街道“{street_obj.name}”不属于{district_obj.name}")
    if street_obj and not district_obj:
        district_obj = street_obj.parent
    label_obj = check("label", lambda: _resolve_label(label))
    unit_obj = check("unit", lambda: _resolve_unit(unit))
    enterprise = None
    code = normalize_credit_code(credit_code or "")
    if code:
        problems = credit_code_errors(code)
        if problems:
            errors["credit_code"] = problems
        else:
            is_enterprise = True
            enterprise = Enterprise.objects.filter(credit_code=code).first()
    coords = check("latitude", lambda: _coordinates(latitude, longitude))
    if len(title or "") > 120:
        errors["title"] = ["标题不能超过 120 字"]
    attachments = list(attachments or [])
    check("attachments", lambda: _check_attachments(attachments))
    if errors:
        raise ValidationError(errors)

    if dispatch is True:
        require_capability(actor, "appeals.dispatch")
    key = (idempotency_key or "").strip()[:80] or None
    values = {"content": text, "person_phone": phone, "appeal_type": appeal_type, "channel": channel}
    if key:
        existing = _appeal_with_key(key)
        if existing is not None:
            return _replayed(existing, values)

    settings_row = hub_settings_cached()
    now = clock.now()
    limits = PolicyBook.load().limits(appeal_type, urgency)
    calendar = WorkCalendar.load()
    appeal = Appeal(
        idempotency_key=key, channel=channel, appeal_type=appeal_type, urgency=urgency,
        title=normalize_text(title or "")[:120], content=text, address=normalize_text(address or "")[:200], district=district_obj, street=street_obj,
        latitude=coords[0] if coords else None, longitude=coords[1] if coords else None,
        person_name=normalize_text(person_name or "")[:32], person_phone=phone, is_confidential=bool(is_confidential),
        is_enterprise=bool(is_enterprise), enterprise=enterprise, enterprise_name=normalize_text(enterprise_name or (enterprise.name if enterprise else ""))[:128],
        credit_code=code, submitted_by=actor if getattr(actor, "is_authenticated", False) else None,
        label=label_obj, state=State.RECEIVED, accepted_at=now,
        dispatch_due=calendar.add(now, *limits.dispatch), completion_due=calendar.add(now, *limits.completion),
    )
    # Deferred triage (high-volume API intake): the triage worker classifies, links repeats and
    # auto-dispatches in batches. A dispatch the operator confirms now is never deferred.
    triage_now = not defer_triage or dispatch is True or label_obj is not None
    suggestions = []
    if triage_now:
        suggestions, classifier = suggest.suggest(text, district_obj.pk if district_obj else None, max_sent_back_rate=settings_row.max_auto_return_rate)
        appeal.suggestions, appeal.classifier, appeal.triaged_at = [s.as_dict() for s in suggestions], classifier, now
        appeal.repeat_of = _earlier_appeal_of_same_caller(appeal, settings_row.repeat_window_days)
    result = IntakeResult(appeal=appeal, created=True)
    for _attempt in range(5):
        appeal.tracking_no = _new_tracking_no(now)
        try:
            with audited_write(actor):
                fastsql.insert_new(appeal)
                for upload in attachments:
                    _save_attachment(appeal, upload)
                event = _new_event(appeal, INTAKE, "", State.RECEIVED, actor, now, data={"channel": channel})
                record_many([("appeal.intake", appeal, None, appeal.audit_snapshot()), ("appeal.event", event, None, _event_summary(event))])
                if triage_now:
                    target_label, target_unit, automatic, confidence = _dispatch_target(appeal, label_obj, unit_obj, suggestions, dispatch, settings_row)
                    if target_label is not None and target_unit is not None:
                        _apply(appeal, Action.DISPATCH, None if automatic else actor, now, {"label": target_label, "unit": target_unit, "automatic": automatic, "confidence": confidence})
                        result.dispatched, result.automatic = True, automatic
                    run_triage_hooks([appeal])
            return result
        except IntegrityError:
            # Two submissions with the same idempotency key raced and the other one won: answer with it.
            existing = Appeal.objects.filter(idempotency_key=key).first() if key else None
            if existing is not None:
                return _replayed(existing, values)
            if not Appeal.objects.filter(tracking_no=appeal.tracking_no).exists():
                raise
            # Otherwise the random tracking number was taken the same day: draw another one.
            appeal.pk, appeal._state.adding = None, True
    raise RuntimeError("无法生成唯一的受理编号")


@functools.cache
def _appeal_id_by_key_sql() -> str:
    qn = connection.ops.quote_name
    return (f"SELECT {qn(Appeal._meta.pk.column)} FROM {qn(Appeal._meta.db_table)} "
            f"WHERE {qn(Appeal._meta.get_field('idempotency_key').column)} = %s")


def _appeal_with_key(key: str) -> Appeal | None:
    """The appeal an earlier submission with this idempotency key registered. Nearly every intake asks and
    nearly always the answer is none: one prepared look-up of the unique index, the appeal only for a retry."""
    rows = fastsql.execute(_appeal_id_by_key_sql(), [key], fetch=True)
    return Appeal.objects.select_related("district").get(pk=rows[0][0]) if rows else None


def _replayed(existing: Appeal, values: dict) -> IntakeResult:
    if _content_fingerprint(values) != _content_fingerprint(
        {"content": existing.content, "person_phone": existing.person_phone, "appeal_type": existing.appeal_type, "channel": existing.channel}
    ):
        raise IdempotencyConflict()
    return IntakeResult(appeal=existing, created=False, dispatched=existing.dispatched_at is not None)


def _dispatch_target(appeal, label_obj, unit_obj, suggestions, dispatch, settings_row):
    """(label, unit, automatic, confidence) of the dispatch to make at intake, or Nones."""
    if dispatch is False:
        return None, None, False, None
    if dispatch is True:
        if label_obj is None:
            raise ValidationError({"label": ["转办前请选择诉求标签"]})
        unit_obj = unit_obj or routing.advise(label_obj.path, appeal.district_id, with_history=False).unit
        if unit_obj is None:
            raise ValidationError({"unit": [f"派单规则中没有“{label_obj.path}”的承办单位,请手动选择承办单位"]})
        confidence = next((s.confidence for s in suggestions if s.label_path == label_obj.path), None)
        return label_obj, unit_obj, False, confidence
    if label_obj is not None or not suggestions:
        return None, None, False, None
    top = suggestions[0]
    threshold = settings_row.auto_dispatch_threshold
    if threshold < 1.0 and top.confidence >= threshold and top.unit_id and top.auto_ok:  # 1.0 = never
        return Label.objects.get(pk=top.label_id), Unit.objects.get(pk=top.unit_id), True, top.confidence
    return None, None, False, None


def _coordinates(latitude, longitude):
    if latitude in (None, "") and longitude in (None, ""):
        return None
    try:
        lat, lng = Decimal(str(latitude)), Decimal(str(longitude))
    except Exception:
        raise ValidationError("坐标必须是数字(纬度、经度)")
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError("坐标超出范围:纬度应在 -90~90,经度应在 -180~180")
    return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))


def _check_attachments(attachments) -> None:
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(f"附件最多 {MAX_ATTACHMENTS} 个")
    for upload in attachments:
        if upload.size > MAX_ATTACHMENT_BYTES:
            raise ValidationError(f"附件“{upload.name}”超过 10 MB")
        if not upload.name.lower().endswith(ATTACHMENT_SUFFIXES):
            raise ValidationError(f"附件“{upload.name}”的类型不受支持(可上传图片、PDF、Office 文档、音视频)")


def _save_attachment(appeal: Appeal, upload) -> Attachment:
    import os

    name = os.path.basename(upload.name)[:200]
    item = Attachment(appeal=appeal, name=name, size=upload.size)
    item.file.save(name, upload, save=False)
    item.save()
    record("appeal.attachment", item, after={"appeal": appeal.tracking_no, "name": name, "size": upload.size})
    return item


def _earlier_appeal_of_same_caller(appeal: Appeal, window_days: int) -> Appeal | None:
    """重复诉求: the same caller about the same matter (same text, or the same label) within the window."""
    if not appeal.person_phone:
        return None
    top = appeal.label.path if appeal.label_id else (appeal.suggestions[0]["label_path"] if appeal.suggestions else "")
    same_matter = Q(content=appeal.content) | (Q(label__path=top) if top else Q(pk__in=[]))
    return Appeal.objects.filter(
        same_matter, person_phone=appeal.person_phone, merged_into__isnull=True,
        accepted_at__gte=appeal.accepted_at - dt.timedelta(days=window_days),
    ).order_by("-accepted_at").first()


def _top_suggested(suggestions) -> str:
    return suggestions[0]["label_path"] if suggestions else ""


def earlier_appeals_of_same_callers(appeals: list[Appeal], window_days: int) -> dict[int, int]:
    """The batch form of _earlier_appeal_of_same_caller for appeals already stored (the triage worker):
    {appeal id: id of the latest earlier appeal of the same caller about the same matter}, one query.

    Only the callers' appeals that can match are read (same text, or same label or top suggestion as one
    of the batch), and each appeal looks its match up in an index instead of scanning every appeal of its
    caller: a number that calls thousands of times (a company switchboard) costs no more per appeal."""
    phones = {a.person_phone for a in appeals if a.person_phone}
    if not phones:
        return {}
    window = dt.timedelta(days=window_days)

    def top_of(appeal: Appeal) -> str:
        return appeal.label.path if appeal.label_id else (appeal.suggestions[0]["label_path"] if appeal.suggestions else "")

    tops = {top_of(a) for a in appeals} - {""}
    may_match = Q(content__in={a.content for a in appeals}) | Q(pk__in=[a.pk for a in appeals])
    if tops:
        may_match |= Q(label__path__in=tops) | Q(label__isnull=True, top_suggested__in=tops)
    rows = (
        Appeal.objects.annotate(top_suggested=KT("suggestions__0__label_path"))
        .filter(may_match, person_phone__in=phones, merged_into__isnull=True, accepted_at__gte=min(a.accepted_at for a in appeals) - window)
        .values_list("id", "person_phone", "content", "label__path", "accepted_at", "top_suggested")
    )
    # An earlier appeal not labelled yet counts with its top suggestion (for one in this same batch, the
    # suggestion just made, not stored yet).
    fresh = {a.pk: _top_suggested(a.suggestions) for a in appeals}
    by_content: dict[tuple[str, str], list[tuple]] = {}
    by_matter: dict[tuple[str, str], list[tuple]] = {}
    for pk, phone, content, path, at, stored_top in rows:
        matter = path or (fresh[pk] if pk in fresh else stored_top or "")
        by_content.setdefault((phone, content), []).append((at, pk))
        if matter:
            by_matter.setdefault((phone, matter), []).append((at, pk))
    for earlier in (*by_content.values(), *by_matter.values()):
        earlier.sort()
    found = {}
    for appeal in appeals:
        if not appeal.person_phone:
            continue
        top = top_of(appeal)
        candidates = []
        for index, key in ((by_content, (appeal.person_phone, appeal.content)), (by_matter, (appeal.person_phone, top))):
            earlier = index.get(key) if key[1] else None
            position = bisect.bisect_left(earlier, (appeal.accepted_at, appeal.pk)) if earlier else 0
            if position and earlier[position - 1][0] >= appeal.accepted_at - window:
                candidates.append(earlier[position - 1])
        if candidates:
            found[appeal.pk] = max(candidates)[1]
    return found


# --- the closed loop -----------------------------------------------------------------------------------

def appeal_act(*, actor, appeal: Appeal, action: str, expected_version: int | None = None, **params) -> Appeal:
    """Perform one workflow action. Raises ValidationError (illegal move, missing reason...),
    PermissionDenied (not this actor's to do) or ConcurrentEditError (someone acted first)."""
    next_state(appeal, action)  # refuse illegal moves before anything else, with the table's message
    authorize(actor, action, appeal)
    with audited_write(actor):
        _apply(appeal, Action(action), actor, clock.now(), params, expected_version=appeal.version if expected_version is None else expected_version)
    return appeal


def _apply(appeal: Appeal, action: Action, actor, now: dt.datetime, params: dict[str, Any], *, expected_version: int | None = None) -> None:
    target = next_state(appeal, action)
    reason = normalize_text(str(params.get("reason") or params.get("note") or ""))
    if action in NEEDS_REASON and not reason:
        raise ValidationError(f"“{action.label}”须填写理由或说明", code="reason_required")
    before = appeal.audit_snapshot()
    from_state = appeal.state
    event_unit = appeal.unit
    data: dict[str, Any] = {}
    handler = _HANDLERS[action]
    extra = handler(appeal, actor, now, params, reason) or {}
    data.update(extra.get("data", {}))
    event_unit = extra.get("unit", appeal.unit or event_unit)
    appeal.state = target
    save_versioned(appeal, expected_version)
    _event(appeal, action, from_state, target, actor, now, note=reason if action != Action.COMPLETE else appeal.reply, data=data, unit=event_unit)
    record(f"appeal.{action.value}", appeal, before=before, after=appeal.audit_snapshot())
    for follow_up in extra.get("then", []):
        _apply(appeal, follow_up[0], None, now, follow_up[1])
    if extra.get("relay_from") is not None:
        _relay_reply(extra["relay_from"], appeal, actor, now)


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
    record("appeal.event", event, after=_event_summary(event))
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
    record(f"appeal.dispatch.{outcome}", dispatch, after={"appeal": appeal.tracking_no, "unit": dispatch.unit_id, "outcome": outcome, "reason": reason})


def _open_dispatch(appeal, unit, now, *, automatic=False, confidence=None) -> Dispatch:
    dispatch = Dispatch(
        appeal=appeal, unit=unit, label_path=appeal.label.path if appeal.label_id else "", district=appeal.district, at=now,
        automatic=automatic, confidence=confidence,
    )
    dispatch.save()
    record("appeal.dispatch.create", dispatch, after={"appeal": appeal.tracking_no, "unit": unit.pk, "automatic": automatic})
    notify_unit(
        unit, title=f"新的诉求待签收:{appeal.tracking_no}", body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/",
        category="appeals", dedup_key=f"appeal-dispatch-{dispatch.pk}",
    )
    return dispatch


def _do_dispatch(appeal, actor, now, params, reason):
    label = _resolve_label(params.get("label")) or appeal.label
    if label is None:
        raise ValidationError("转办前请选择诉求标签", code="label_required")
    unit = _resolve_unit(params.get("unit")) or routing.advise(label.path, appeal.district_id, with_history=False).unit
    if unit is None:
        raise ValidationError(f"派单规则中没有“{label.path}”的承办单位,请手动选择承办单位", code="unit_required")
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


def _do_sign(appeal, actor, now, params, reason):
    for dispatch in Dispatch.objects.filter(appeal=appeal, outcome=Dispatch.Outcome.PENDING):
        dispatch.outcome, dispatch.outcome_at = Dispatch.Outcome.SIGNED, now
        dispatch.save()
        record("appeal.dispatch.signed", dispatch, after={"appeal": appeal.tracking_no, "unit": dispatch.unit_id})


def _do_return(appeal, actor, now, params, reason):
    unit = appeal.unit
    _end_current_dispatch(appeal, Dispatch.Outcome.RETURNED, now, reason)
    calendar, limits = _limits(appeal)
    appeal.unit = None
    appeal.return_count += 1
    appeal.dispatch_due = calendar.add(now, *limits.dispatch)
    return {"unit": unit, "data": {"unit": unit.name if unit else ""}}


def _do_reassign(appeal, actor, now, params, reason):
    new_unit = _resolve_unit(params.get("unit"))
    if new_unit is None:
        raise ValidationError("改派须选择新的承办单位", code="unit_required")
    if new_unit.pk == appeal.unit_id:
        raise ValidationError("新的承办单位与当前承办单位相同,无需改派", code="same_unit")
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


def _do_feedback(appeal, actor, now, params, reason):
    if not reason:
        raise ValidationError("阶段反馈须填写办理进展", code="reason_required")
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
        raise ValidationError(f"日期“{value}”无法识别,请使用 2026-12-31 格式", code="date")
    return parsed if timezone.is_aware(parsed) else timezone.make_aware(parsed)


def _do_request_extension(appeal, actor, now, params, reason):
    until = _parse_moment(params.get("until"))
    if until is None:
        raise ValidationError("请填写申请延期至的日期", code="date")
    if appeal.completion_due and until <= appeal.completion_due:
        raise ValidationError("延期后的办结时限必须晚于当前时限", code="date")
    appeal.extension_requested_until, appeal.extension_reason = until, reason[:500]
    _first_feedback(appeal, now)
    return {"data": {"until": until.isoformat()}}


def _do_approve_extension(appeal, actor, now, params, reason):
    until = appeal.extension_requested_until
    appeal.completion_due = until
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    notify_unit(appeal.unit, title=f"延期申请已批准:{appeal.tracking_no}", body=f"办结时限延至 {until:%Y-%m-%d %H:%M}",
                link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=f"appeal-ext-ok-{appeal.pk}-{until:%Y%m%d%H%M}")
    return {"data": {"until": until.isoformat()}}


def _do_reject_extension(appeal, actor, now, params, reason):
    appeal.extension_requested_until, appeal.extension_reason = None, ""
    notify_unit(appeal.unit, title=f"延期申请未获批准:{appeal.tracking_no}", body=reason, link=f"/appeals/{appeal.tracking_no}/",
                category="appeals", dedup_key=f"appeal-ext-no-{appeal.pk}-{appeal.version}")


def _do_complete(appeal, actor, now, params, reason):
    reply = (params.get("reply") or "").strip()
    if not reply:
        raise ValidationError("办结须填写给诉求人的答复意见", code="reply_required")
    if len(reply) > MAX_CONTENT_CHARS:
        raise ValidationError(f"答复意见超过 {MAX_CONTENT_CHARS} 字", code="reply_too_long")
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
    record("appeal.merged_reply", member, before=before, after=member.audit_snapshot())
    if member.submitted_by_id:
        notify_user(member.submitted_by, title=f"您的诉求已办结:{member.tracking_no}", link=f"/appeals/track/{member.tracking_no}/",
                    category="appeals", dedup_key=f"appeal-done-{member.pk}-{master.pk}-{master.reopen_count}")


def _do_callback(appeal, actor, now, params, reason):
    try:
        rating = Rating(int(params.get("rating")))
    except (TypeError, ValueError):
        raise ValidationError("请选择回访评价(非常满意、满意、基本满意、不满意、非常不满意)", code="rating_required")
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
        _apply(master, Action.REOPEN, None, now, {"reason": f"合并诉求 {appeal.tracking_no} 回访评价“{rating.label}”,按规定重办。{reason}".strip()})
        result["data"]["reopened"] = master.tracking_no
    elif rating in BAD_RATINGS:
        appeal.bad_rating_count += 1
        appeal.callback_after_bad = False
        # 差评必须重办: the table's REOPEN follows at once, by the system, with the callback's note.
        result["then"] = [(Action.REOPEN, {"reason": f"回访评价“{rating.label}”,按规定重办。{reason}".strip()})]
    return result


def _do_reopen(appeal, actor, now, params, reason):
    calendar, limits = _limits(appeal)
    appeal.reopen_count += 1
    appeal.completed_at, appeal.completed_on_time = None, None
    appeal.completion_due = calendar.add(now, *limits.completion)
    if appeal.unit is None:
        raise ValidationError("该诉求没有承办单位,无法重办", code="unit_required")
    _open_dispatch(appeal, appeal.unit, now)


def _do_verify(appeal, actor, now, params, reason):
    return None


def _do_archive(appeal, actor, now, params, reason):
    appeal.archived_at = now


def _do_supervise(appeal, actor, now, params, reason):
    appeal.supervision_count += 1
    if appeal.unit_id:
        notify_unit(appeal.unit, title=f"督办:{appeal.tracking_no}", body=reason, link=f"/appeals/{appeal.tracking_no}/",
                    category="appeals", dedup_key=f"appeal-supervise-{appeal.pk}-{appeal.supervision_count}")
    return {"data": {"by": getattr(actor, "display_name", "") or getattr(actor, "username", "系统")}}


def _do_merge(appeal, actor, now, params, reason):
    target = params.get("target")
    if not isinstance(target, Appeal):
        target = Appeal.objects.filter(tracking_no=str(target or "").strip()).first()
    if target is None:
        raise ValidationError("请填写要并入的诉求受理编号", code="target_required")
    if target.pk == appeal.pk:
        raise ValidationError("不能把诉求并入它自己", code="target_self")
    if target.state in (State.MERGED, State.VERIFIED, State.ARCHIVED):
        raise ValidationError(f"诉求 {target.tracking_no} 已{State(target.state).label},不能再并入", code="target_closed")
    appeal.merged_into = target
    appeal.repeat_of = appeal.repeat_of or target
    # Callers merged into this appeal follow it to the new master: one master per matter, no chains.
    for member in Appeal.objects.filter(merged_into=appeal, state=State.MERGED):
        before = member.audit_snapshot()
        member.merged_into = target
        save_versioned(member, member.version)
        record("appeal.merge.follow", member, before=before, after=member.audit_snapshot())
    if target.state in (State.COMPLETED, State.CALLED_BACK) and target.reply:
        # The master already answered: the new caller gets that reply now (after this appeal is saved merged).
        return {"data": {"target": target.tracking_no}, "relay_from": target}
    return {"data": {"target": target.tracking_no}}


_HANDLERS = {
    Action.DISPATCH: _do_dispatch, Action.SIGN: _do_sign, Action.RETURN: _do_return, Action.REASSIGN: _do_reassign,
    Action.FEEDBACK: _do_feedback, Action.REQUEST_EXTENSION: _do_request_extension, Action.APPROVE_EXTENSION: _do_approve_extension,
    Action.REJECT_EXTENSION: _do_reject_extension, Action.COMPLETE: _do_complete, Action.CALLBACK: _do_callback, Action.REOPEN: _do_reopen,
    Action.VERIFY: _do_verify, Action.ARCHIVE: _do_archive, Action.SUPERVISE: _do_supervise, Action.MERGE: _do_merge,
}
assert set(_HANDLERS) == set(Action), "every action of the workflow needs its handler"


# --- taxonomy -------------------------------------------------------------------------------------------

def taxonomy_install(*, actor, paths: list[str], note: str = "", publish: bool = True) -> TaxonomyVersion:
    """Create a new version holding ``paths`` (leaf paths; parents are implied) and publish it."""
    require_capability(actor, "appeals.manage_taxonomy")
    if not paths:
        raise ValidationError("标签清单为空")
    with audited_write(actor):
        version = TaxonomyVersion(number=_next_version_number(), note=note[:200])
        version.save()
        record("taxonomy.version.create", version, after=version.audit_snapshot())
        _bulk_labels(version, paths)
        if publish:
            _publish(version, actor)
    return version


def _next_version_number() -> int:
    last = TaxonomyVersion.objects.order_by("-number").first()
    return (last.number + 1) if last else 1


def _bulk_labels(version: TaxonomyVersion, paths: list[str]) -> int:
    nodes: dict[str, Label] = {}
    ordered: list[str] = []
    for path in paths:
        parts = taxonomy.normalize_path(path).split("/")
        if len(parts) > Label.MAX_LEVEL:
            raise ValidationError(f"标签“{path}”超过 {Label.MAX_LEVEL} 级")
        for depth in range(1, len(parts) + 1):
            prefix = "/".join(parts[:depth])
            if prefix not in nodes:
                nodes[prefix] = Label(taxonomy=version, name=parts[depth - 1], path=prefix, level=depth, code=label_code(prefix))
                ordered.append(prefix)
    parents = {p.rsplit("/", 1)[0] for p in ordered if "/" in p}
    for level in range(1, Label.MAX_LEVEL + 1):
        batch = [nodes[p] for p in ordered if nodes[p].level == level]
        for label in batch:
            label.is_leaf = label.path not in parents
            if level > 1:
                label.parent = nodes[label.path.rsplit("/", 1)[0]]
        Label.objects.bulk_create(batch)
        if connection_lacks_returning():
            saved = {lab.path: lab for lab in Label.objects.filter(taxonomy=version, level=level)}
            for label in batch:
                label.pk = saved[label.path].pk
    record_bulk("taxonomy.labels.create", Label, count=len(ordered), summary={"version": version.number, "labels": len(ordered), "leaves": len(ordered) - len(parents)})
    return len(ordered)


def connection_lacks_returning() -> bool:
    from django.db import connection

    return not connection.features.can_return_rows_from_bulk_insert


def _publish(version: TaxonomyVersion, actor) -> None:
    for old in TaxonomyVersion.objects.filter(status=TaxonomyVersion.Status.PUBLISHED).exclude(pk=version.pk):
        before = old.audit_snapshot()
        old.status = TaxonomyVersion.Status.RETIRED
        save_versioned(old, old.version)
        record("taxonomy.version.retire", old, before=before, after=old.audit_snapshot())
    before = version.audit_snapshot()
    version.status, version.published_at = TaxonomyVersion.Status.PUBLISHED, clock.now()
    save_versioned(version, version.version)
    record("taxonomy.version.publish", version, before=before, after=version.audit_snapshot())


def taxonomy_draft(*, actor, note: str = "") -> TaxonomyVersion:
    """A new draft copying the published version, for the admin to edit and publish."""
    require_capability(actor, "appeals.manage_taxonomy")
    if TaxonomyVersion.objects.filter(status=TaxonomyVersion.Status.DRAFT).exists():
        raise ValidationError("已有一个草稿版本,请先编辑并发布它")
    current = taxonomy.current_version()
    leaves = list(Label.objects.filter(taxonomy=current, is_leaf=True).values_list("path", flat=True)) if current else []
    with audited_write(actor):
        version = TaxonomyVersion(number=_next_version_number(), note=note[:200] or (f"基于 v{current.number} 修订" if current else "新建"))
        version.save()
        record("taxonomy.version.create", version, after=version.audit_snapshot())
        if leaves:
            _bulk_labels(version, leaves)
    return version


def _require_draft(version: TaxonomyVersion) -> None:
    if version.status != TaxonomyVersion.Status.DRAFT:
        raise ValidationError("已发布或停用的标签版本不可修改:请新建草稿版本,修改后再发布")


def label_add(*, actor, version: TaxonomyVersion, parent: Label | None, name: str) -> Label:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(version)
    name = normalize_text(name).replace("/", "／")
    if not name:
        raise ValidationError("标签名称不能为空")
    level = (parent.level + 1) if parent else 1
    if level > Label.MAX_LEVEL:
        raise ValidationError(f"标签最多 {Label.MAX_LEVEL} 级,不能在第 {parent.level} 级“{parent.name}”下再加下级")
    path = f"{parent.path}/{name}" if parent else name
    if Label.objects.filter(taxonomy=version, path=path).exists():
        raise ValidationError(f"标签“{path}”已存在")
    with audited_write(actor):
        label = Label(taxonomy=version, parent=parent, name=name, path=path, level=level, code=label_code(path), is_leaf=True)
        label.save()
        record("taxonomy.label.create", label, after=label.audit_snapshot())
        if parent and parent.is_leaf:
            before = parent.audit_snapshot()
            parent.is_leaf = False
            save_versioned(parent, parent.version)
            record("taxonomy.label.update", parent, before=before, after=parent.audit_snapshot())
    return label


def label_rename(*, actor, label: Label, name: str, expected_version: int | None = None) -> Label:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(label.taxonomy)
    name = normalize_text(name).replace("/", "／")
    if not name:
        raise ValidationError("标签名称不能为空")
    old_path = label.path
    new_path = f"{label.parent.path}/{name}" if label.parent_id else name
    if new_path != old_path and Label.objects.filter(taxonomy=label.taxonomy, path=new_path).exists():
        raise ValidationError(f"标签“{new_path}”已存在")
    with audited_write(actor):
        for node in Label.objects.filter(taxonomy=label.taxonomy, path__startswith=old_path + "/"):
            before = node.audit_snapshot()
            node.path = new_path + node.path[len(old_path):]
            node.code = label_code(node.path)
            save_versioned(node, node.version)
            record("taxonomy.label.move", node, before=before, after=node.audit_snapshot())
        before = label.audit_snapshot()
        label.name, label.path, label.code = name, new_path, label_code(new_path)
        save_versioned(label, label.version if expected_version is None else expected_version)
        record("taxonomy.label.rename", label, before=before, after=label.audit_snapshot())
    return label


def label_remove(*, actor, label: Label) -> None:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(label.taxonomy)
    if label.children.exists():
        raise ValidationError(f"标签“{label.path}”还有下级标签,请先删除下级")
    with audited_write(actor):
        parent = label.parent
        record("taxonomy.label.delete", label, before=label.audit_snapshot(), after=None)
        label.delete()
        if parent and not parent.children.exists():
            before = parent.audit_snapshot()
            parent.is_leaf = True
            save_versioned(parent, parent.version)
            record("taxonomy.label.update", parent, before=before, after=parent.audit_snapshot())


def taxonomy_publish(*, actor, version: TaxonomyVersion) -> TaxonomyVersion:
    require_capability(actor, "appeals.manage_taxonomy")
    _require_draft(version)
    if not version.labels.exists():
        raise ValidationError("空的标签版本不能发布")
    with audited_write(actor):
        _publish(version, actor)
    return version


# --- routing ----------------------------------------------------------------------------------------------

def routing_rule_save(*, actor, label_prefix: str, unit, district=None, note: str = "") -> RoutingRule:
    """Create or replace the rule of (prefix, district)."""
    require_capability(actor, "appeals.manage_routing")
    prefix = taxonomy.normalize_path(label_prefix)
    if not prefix:
        raise ValidationError("标签路径前缀不能为空")
    known = taxonomy.current_labels()
    if known and prefix not in known:
        raise ValidationError(f"现行标签体系中没有“{prefix}”,请从标签中选择")
    unit_obj = _resolve_unit(unit)
    if unit_obj is None:
        raise ValidationError("请选择承办单位")
    district_obj = _resolve_division(district, Division.Level.DISTRICT, "区县")
    with audited_write(actor):
        rule = RoutingRule.objects.filter(label_prefix=prefix, district=district_obj).first()
        before = rule.audit_snapshot() if rule else None
        if rule is None:
            rule = RoutingRule(label_prefix=prefix, district=district_obj)
        rule.unit, rule.note = unit_obj, note[:200]
        save_versioned(rule, rule.version if rule.pk else None)
        record("routing.rule.save", rule, before=before, after=rule.audit_snapshot())
    return rule


def routing_rule_delete(*, actor, rule: RoutingRule) -> None:
    require_capability(actor, "appeals.manage_routing")
    with audited_write(actor):
        record("routing.rule.delete", rule, before=rule.audit_snapshot(), after=None)
        rule.delete()


def routing_install_defaults(*, actor, rows: list[tuple[str, str]]) -> tuple[int, list[str]]:
    """Load (label_prefix, unit_name) rows as city-wide rules; returns (rules saved, problems)."""
    require_capability(actor, "appeals.manage_routing")
    saved, problems = 0, []
    known = taxonomy.current_labels()
    from yingshang.core.selectors import unit_resolve

    with audited_write(actor):
        existing = {(r.label_prefix, r.district_id): r for r in RoutingRule.objects.all()}
        new_rules = []
        for prefix, unit_name in rows:
            units = unit_resolve(unit_name)
            if not units:
                problems.append(f"{prefix}:单位“{unit_name}”不在组织机构中")
                continue
            if known and prefix not in known:
                problems.append(f"{prefix}:不在现行标签体系中")
                continue
            if (prefix, None) in existing:
                continue
            new_rules.append(RoutingRule(label_prefix=prefix, unit=units[0], note="默认权责清单"))
            existing[(prefix, None)] = new_rules[-1]
        RoutingRule.objects.bulk_create(new_rules)
        saved = len(new_rules)
        if saved:
            record_bulk("routing.rule.load", RoutingRule, count=saved, summary={"rules": saved, "problems": len(problems)})
    return saved, problems


# --- classifier versions -------------------------------------------------------------------------------

def classifier_register(*, actor, name: str, file: str, metrics: dict, trained_on: str = "", training_size: int = 0, activate: bool = False) -> ClassifierVersion:
    require_capability(actor, "appeals.manage_models")
    with audited_write(actor):
        version = ClassifierVersion(name=name[:100], file=file, metrics=metrics or {}, trained_on=trained_on[:200], training_size=training_size)
        version.save()
        record("classifier.register", version, after=version.audit_snapshot())
        if activate:
            _activate_classifier(version)
    return version


def classifier_activate(*, actor, version: ClassifierVersion) -> ClassifierVersion:
    require_capability(actor, "appeals.manage_models")
    path = suggest.model_path(version)
    if not path.exists():
        raise ValidationError(f"模型文件 {version.file} 不存在,不能启用")
    with audited_write(actor):
        _activate_classifier(version)
    suggest.forget_loaded_model()
    return version


def _activate_classifier(version: ClassifierVersion) -> None:
    for other in ClassifierVersion.objects.filter(is_active=True).exclude(pk=version.pk):
        other.is_active = False
        save_versioned(other, other.version)
        record("classifier.deactivate", other, before={"is_active": True}, after={"is_active": False})
    version.is_active = True
    save_versioned(version, version.version)
    record("classifier.activate", version, before={"is_active": False}, after={"is_active": True})


def hub_settings_update(*, actor, expected_version: int | None, **values) -> HubSettings:
    require_capability(actor, "appeals.manage_models")
    row = hub_settings()
    threshold = values.get("auto_dispatch_threshold")
    if threshold is not None and not (0 < float(threshold) <= 1.0):
        raise ValidationError("自动派单阈值应在 0 到 1 之间(1 = 从不自动派单)")
    with audited_write(actor):
        before = row.audit_snapshot()
        for key, value in values.items():
            if value is not None:
                setattr(row, key, value)
        save_versioned(row, expected_version)
        record("appeals.settings.update", row, before=before, after=row.audit_snapshot())
    _hub_settings_memo.invalidate()
    return row


# --- calendar and time limits ------------------------------------------------------------------------

def calendar_day_set(*, actor, date: dt.date, kind: str, name: str) -> CalendarDay:
    require_capability(actor, "appeals.manage_calendar")
    if kind not in CalendarDay.Kind.values:
        raise ValidationError("类型应为“法定节假日/调休休息”或“调休上班”")
    name = normalize_text(name)
    if not name:
        raise ValidationError("请填写名称(如 春节)")
    with audited_write(actor):
        day = CalendarDay.objects.filter(date=date).first()
        before = day.audit_snapshot() if day else None
        day = day or CalendarDay(date=date)
        day.kind, day.name = kind, name[:32]
        save_versioned(day, day.version if day.pk else None)
        record("calendar.day.save", day, before=before, after=day.audit_snapshot())
    WorkCalendar.forget()
    return day


def calendar_day_delete(*, actor, day: CalendarDay) -> None:
    require_capability(actor, "appeals.manage_calendar")
    with audited_write(actor):
        record("calendar.day.delete", day, before=day.audit_snapshot(), after=None)
        day.delete()
    WorkCalendar.forget()


def sla_policy_update(*, actor, policy: SlaPolicy, expected_version: int | None, **limits) -> SlaPolicy:
    require_capability(actor, "appeals.manage_calendar")
    with audited_write(actor):
        before = policy.audit_snapshot()
        for key, value in limits.items():
            if key.endswith("_limit") and (value is None or Decimal(value) <= 0):
                raise ValidationError("时限必须是正数")
            setattr(policy, key, value)
        save_versioned(policy, expected_version)
        record("sla.policy.update", policy, before=before, after=policy.audit_snapshot())
    PolicyBook.forget()
    return policy


# --- reminders ---------------------------------------------------------------------------------------------

def send_reminders(*, now: dt.datetime | None = None) -> dict[str, int]:
    """Inbox reminders for overdue and soon-due appeals, once per appeal, clock and day (dedup keys)."""
    from .selectors import due_buckets

    now = now or clock.now()
    sent = {"overdue": 0, "soon": 0}
    buckets = due_buckets(now=now)
    day = now.strftime("%Y%m%d")
    for kind, items in (("overdue", buckets["overdue"]), ("soon", buckets["soon"])):
        for item in items:
            appeal, clock_name, due = item.appeal, item.clock, item.due
            verb = "已超期" if kind == "overdue" else "即将到期"
            title = f"诉求{verb}:{appeal.tracking_no}({item.clock_label}时限 {due:%m-%d %H:%M})"
            key = f"appeal-{kind}-{appeal.pk}-{clock_name}-{day}"
            if appeal.unit_id and clock_name != "dispatch":
                sent[kind] += notify_unit(appeal.unit, title=title, body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=key)
            else:
                hotline = Unit.objects.filter(kind=Unit.Kind.HOTLINE).first()
                if hotline:
                    sent[kind] += notify_unit(hotline, title=title, body=appeal.summary, link=f"/appeals/{appeal.tracking_no}/", category="appeals", dedup_key=key)
    return sent

