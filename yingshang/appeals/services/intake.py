"""Intake: validate, classify, route and maybe dispatch a new appeal (``appeal_submit``), with idempotent replays."""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection
from django.db.models import Q
from django.db.models.fields.json import KT
from django.utils.translation import gettext as _

from yingshang.core import clock, fastsql
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_many
from yingshang.core.creditcode import credit_code_errors, normalize_credit_code
from yingshang.core.models import Division, Enterprise, Unit
from yingshang.core.params import parse_bool
from yingshang.core.permissions import require_capability
from yingshang.core.textnorm import normalize_text
from yingshang.core.uploads import check_upload

from .. import routing, suggest
from ..hooks import run_triage_hooks
from ..models import (
    Appeal,
    AppealType,
    Attachment,
    Channel,
    Label,
    Urgency,
)
from yingshang.core.workcalendar import WorkCalendar

from ..sla import PolicyBook
from ..workflow import Action, State
from .configuration import hub_settings_cached
from .loop import _apply, _event_summary, _new_event
from .validation import (
    _content_fingerprint,
    _new_tracking_no,
    _resolve_division,
    _resolve_label,
    _resolve_unit,
    clean_content,
    normalize_phone,
)

INTAKE = "intake"  # the event that opens an appeal's history (not a transition: there is no state before it)
MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
ATTACHMENT_SUFFIXES = (".jpg", ".jpeg", ".png", ".gif", ".pdf", ".doc", ".docx", ".xls", ".xlsx", ".txt", ".mp3", ".wav", ".amr", ".mp4")


class IdempotencyConflict(ValidationError):
    def __init__(self):
        super().__init__("该幂等键已用于另一份内容不同的诉求;重试请原样提交,新的诉求请使用新的幂等键", code="idempotency_conflict")


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
        person_name=normalize_text(person_name or "")[:32], person_phone=phone, is_confidential=parse_bool(is_confidential, field="is_confidential"),
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
                record_many([("appeals.appeal.create", appeal, None, appeal.audit_snapshot()), ("appeals.appeal_event.create", event, None, _event_summary(event))])
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
            raise ValidationError({"label": [_("转办前请选择诉求标签")]})
        unit_obj = unit_obj or routing.advise(label_obj.path, appeal.district_id, with_history=False).unit
        if unit_obj is None:
            raise ValidationError({"unit": [_("派单规则中没有“%(path)s”的承办单位,请手动选择承办单位") % {"path": label_obj.path}]})
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
        raise ValidationError(_("坐标必须是数字(纬度、经度)"))
    if not (-90 <= lat <= 90 and -180 <= lng <= 180):
        raise ValidationError(_("坐标超出范围:纬度应在 -90~90,经度应在 -180~180"))
    return lat.quantize(Decimal("0.000001")), lng.quantize(Decimal("0.000001"))


def _check_attachments(attachments) -> None:
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError(_("附件最多 %(max)s 个") % {"max": MAX_ATTACHMENTS})
    for upload in attachments:  # the platform's one upload rule (core.uploads): type, signature, size, containers
        check_upload(upload, allowed=ATTACHMENT_SUFFIXES, max_bytes=MAX_ATTACHMENT_BYTES, what=_("附件"))


def _save_attachment(appeal: Appeal, upload) -> Attachment:
    import os

    name = os.path.basename(upload.name)[:200]
    item = Attachment(appeal=appeal, name=name, size=upload.size)
    item.file.save(name, upload, save=False)
    item.save()
    record("appeals.attachment.create", item, after={"appeal": appeal.tracking_no, "name": name, "size": upload.size})
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
