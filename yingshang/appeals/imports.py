"""Bulk import of historical appeals (CSV/XLSX) with a row-by-row report.

Every row is checked on its own; bad rows are reported with their reasons and never block the good
ones, which are inserted in one audited bulk write. A row whose 受理编号 is already in the hub is
reported as a duplicate, so importing the same file twice adds nothing.
"""

from __future__ import annotations

import datetime as dt
from typing import IO

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.creditcode import credit_code_errors, normalize_credit_code
from yingshang.core.imports import ROW_DATA_ERRORS, row_error_messages
from yingshang.core.models import Division, Enterprise, ImportJob
from yingshang.core.permissions import require_capability
from yingshang.core.tabular import read_table
from yingshang.core.textnorm import normalize_text

from . import taxonomy
from .models import Appeal, AppealEvent, AppealType, Channel, Dispatch, Rating, Urgency
from .services.validation import _resolve_unit, clean_content, normalize_phone, unused_tracking_numbers
from yingshang.core.workcalendar import WorkCalendar

from .sla import PolicyBook
from .workflow import State

TEMPLATE_COLUMNS = [
    "受理编号", "受理时间", "渠道", "诉求类型", "紧急程度", "标题", "诉求内容", "区县", "街道", "详细地址", "诉求人", "联系电话", "保密",
    "统一社会信用代码", "经营主体名称", "标签", "承办单位", "办结时间", "答复意见", "满意度",
]
HEADERS = {
    "受理编号": "tracking_no", "工单编号": "tracking_no", "编号": "tracking_no", "受理时间": "accepted_at", "来电时间": "accepted_at",
    "渠道": "channel", "来源": "channel", "诉求类型": "appeal_type", "类型": "appeal_type", "紧急程度": "urgency", "标题": "title",
    "诉求内容": "content", "内容": "content", "区县": "district", "街道": "street", "详细地址": "address", "地址": "address",
    "诉求人": "person_name", "姓名": "person_name", "联系电话": "person_phone", "电话": "person_phone", "保密": "is_confidential",
    "统一社会信用代码": "credit_code", "经营主体名称": "enterprise_name", "标签": "label", "分类": "label", "承办单位": "unit",
    "办结时间": "completed_at", "答复意见": "reply", "满意度": "rating", "回访评价": "rating",
}
for _field in set(HEADERS.values()):
    HEADERS.setdefault(_field, _field)

_BY_LABEL = {
    "channel": {str(label): value for value, label in Channel.choices} | {v: v for v in Channel.values} | {"电话": Channel.HOTLINE, "12345": Channel.HOTLINE},
    "appeal_type": {str(label): value for value, label in AppealType.choices} | {v: v for v in AppealType.values},
    "urgency": {str(label): value for value, label in Urgency.choices} | {v: v for v in Urgency.values} | {"": Urgency.NORMAL, "普通": Urgency.NORMAL},
    "rating": {str(label): value for value, label in Rating.choices} | {str(v): v for v in Rating.values},
}
YES = {"是", "1", "true", "yes", "y", "保密"}
EARLIEST_YEAR = 1949


def _moment(value: str, label: str) -> dt.datetime | None:
    text = normalize_text(value or "").replace("/", "-").replace("年", "-").replace("月", "-").replace("日", " ").strip()
    if not text:
        return None
    try:
        moment = dt.datetime.fromisoformat(text) if (":" in text or "T" in text) else dt.datetime.combine(dt.date.fromisoformat(
            "-".join(part.zfill(2) for part in text.split("-"))), dt.time(9, 0))
    except ValueError:
        raise ValidationError(f"{label}“{value}”无法识别,请使用 2025-03-01 09:30 格式")
    if moment.year < EARLIEST_YEAR:
        # Year 1 at local midnight is year 0 in UTC: the database could not store it and the whole file failed.
        raise ValidationError(_("%(label)s“%(value)s”早于 %(year)s 年,请检查") % {"label": label, "value": value, "year": EARLIEST_YEAR})
    return moment if timezone.is_aware(moment) else timezone.make_aware(moment)


def _parse_row(row: dict, calendar: WorkCalendar, policies: PolicyBook, districts: dict, streets: dict, now) -> tuple[dict, list[str]]:
    errors: list[str] = []
    values: dict = {}

    def attempt(fn):
        try:
            return fn()
        except ValidationError as error:
            errors.extend(error.messages)
            return None

    values["content"] = attempt(lambda: clean_content(row.get("content", "")))
    values["person_phone"] = attempt(lambda: normalize_phone(row.get("person_phone", ""))) or ""
    for key, title in (("channel", "渠道"), ("appeal_type", "诉求类型"), ("urgency", "紧急程度")):
        raw = normalize_text(row.get(key, "")) or {"channel": "热线", "appeal_type": "投诉", "urgency": ""}[key]
        if raw in _BY_LABEL[key]:
            values[key] = _BY_LABEL[key][raw]
        else:
            errors.append(f"{title}“{raw}”无效")
    accepted = attempt(lambda: _moment(row.get("accepted_at", ""), "受理时间"))
    if accepted is None and not any("受理时间" in e for e in errors):
        errors.append("受理时间不能为空")
    elif accepted and accepted > now:
        errors.append("受理时间晚于当前时间")
    values["accepted_at"] = accepted
    completed = attempt(lambda: _moment(row.get("completed_at", ""), "办结时间"))
    if completed and accepted and completed < accepted:
        errors.append("办结时间早于受理时间")
    if completed and completed > now:
        errors.append(_("办结时间晚于当前时间"))
    values["completed_at"] = completed
    district_name = normalize_text(row.get("district", ""))
    district = districts.get(district_name) if district_name else None
    if district_name and district is None:
        errors.append(f"区县“{district_name}”不在本市区划中")
    street_name = normalize_text(row.get("street", ""))
    street = streets.get((district.pk if district else None, street_name)) if street_name else None
    if street_name and street is None:
        errors.append(f"街道“{street_name}”不在{district_name or '所填区县'}中")
    values["district"], values["street"] = district, street
    label_text = row.get("label", "")
    label = taxonomy.find_label(label_text) if label_text else None
    if label_text and label is None:
        errors.append(f"标签“{label_text}”不存在于现行标签体系中")
    values["label"] = label
    values["unit"] = attempt(lambda: _resolve_unit(row.get("unit", "")))
    code = normalize_credit_code(row.get("credit_code", ""))
    if code and credit_code_errors(code):
        errors.extend(credit_code_errors(code))
    values["credit_code"] = code
    rating_raw = normalize_text(row.get("rating", ""))
    if rating_raw and rating_raw not in _BY_LABEL["rating"]:
        errors.append(f"满意度“{rating_raw}”无效,应为 非常满意、满意、基本满意、不满意、非常不满意")
    values["rating"] = _BY_LABEL["rating"].get(rating_raw) if rating_raw else None
    if values["rating"] and not completed:
        errors.append("有满意度的诉求必须填写办结时间")
    if completed and values["unit"] is None:
        errors.append("已办结的诉求必须填写承办单位")
    tracking_no = normalize_text(row.get("tracking_no", ""))
    if tracking_no and (len(tracking_no) > 20 or not tracking_no.replace("-", "").isalnum()):
        errors.append(f"受理编号“{tracking_no}”应为不超过 20 位的字母数字")
    values["tracking_no"] = tracking_no
    values.update(
        title=normalize_text(row.get("title", ""))[:120], address=normalize_text(row.get("address", ""))[:200],
        person_name=normalize_text(row.get("person_name", ""))[:32], is_confidential=normalize_text(row.get("is_confidential", "")).lower() in YES,
        enterprise_name=normalize_text(row.get("enterprise_name", ""))[:128], reply=(row.get("reply") or "").strip(),
    )
    return values, errors


def appeal_import(*, actor, file: IO[bytes] | bytes, filename: str) -> ImportJob:
    require_capability(actor, "appeals.import")
    table = read_table(file, filename, required={"content", "accepted_at"}, aliases=HEADERS)
    from yingshang.core import clock

    now = clock.now()
    calendar, policies = WorkCalendar.load(), PolicyBook.load()
    districts = {d.name: d for d in Division.objects.filter(level=Division.Level.DISTRICT)}
    streets = {(s.parent_id, s.name): s for s in Division.objects.filter(level=Division.Level.STREET)}
    enterprises_by_code: dict[str, Enterprise] = {}
    report, good = [], []
    seen: dict[str, int] = {}
    existing_numbers = set()
    numbers = [normalize_text(r.get("tracking_no", "")) for _, r in table.rows if r.get("tracking_no")]
    for start in range(0, len(numbers), 500):
        existing_numbers |= set(Appeal.objects.filter(tracking_no__in=numbers[start:start + 500]).values_list("tracking_no", flat=True))
    for number, row in table.rows:
        try:
            values, errors = _parse_row(row, calendar, policies, districts, streets, now)
        except ROW_DATA_ERRORS as error:  # bad data below the checks: that row fails, never the file
            report.append({"row": number, "code": normalize_text(row.get("tracking_no", "")), "name": (row.get("content") or "")[:30],
                           "status": "failed", "errors": row_error_messages(error)})
            continue
        no = values["tracking_no"]
        if no and no in existing_numbers:
            errors.append(f"受理编号 {no} 已存在(该行此前已导入)")
        if no and no in seen:
            errors.append(f"与第{seen[no]}行的受理编号重复")
        if no:
            seen.setdefault(no, number)
        snippet = (values.get("content") or row.get("content", ""))[:30]
        if errors:
            report.append({"row": number, "code": no, "name": snippet, "status": "failed", "errors": errors})
            continue
        good.append((number, values))
        report.append({"row": number, "code": no, "name": snippet, "status": "created", "errors": []})
    counts = {"created": len(good), "updated": 0, "failed": len(report) - len(good)}
    with audited_write(actor):
        if good:
            appeals, events, dispatches = _build(good, calendar, policies, enterprises_by_code, now, report)
            Appeal.objects.bulk_create(appeals, batch_size=500)
            _refetch_ids(appeals)
            for event in events:
                event.appeal_id = event.appeal.pk
            for dispatch in dispatches:
                dispatch.appeal_id = dispatch.appeal.pk
            AppealEvent.objects.bulk_create(events, batch_size=1000)
            Dispatch.objects.bulk_create(dispatches, batch_size=1000)
            record_bulk("appeals.appeal.import", Appeal, count=len(appeals), summary={"file": filename, "rows": len(table.rows), "created": len(appeals)})
            record_bulk("appeals.appeal_event.import", AppealEvent, count=len(events), summary={"file": filename})
            if dispatches:
                record_bulk("appeals.dispatch.import", Dispatch, count=len(dispatches), summary={"file": filename})
        job = ImportJob(kind="appeals", filename=filename[:256], created_by=actor if getattr(actor, "pk", None) else None, total_rows=len(report),
                        created_rows=counts["created"], updated_rows=0, failed_rows=counts["failed"], report=report)
        job.save()
        record("core.import_job.finish", job, after={"kind": "appeals", "filename": filename, **counts, "total": len(report)})
    return job


def _refetch_ids(appeals: list[Appeal]) -> None:
    from django.db import connection

    if connection.features.can_return_rows_from_bulk_insert:
        return
    ids = dict(Appeal.objects.filter(tracking_no__in=[a.tracking_no for a in appeals]).values_list("tracking_no", "pk"))
    for appeal in appeals:
        appeal.pk = ids[appeal.tracking_no]


def _build(good, calendar, policies, enterprises_by_code, now, report):
    appeals, events, dispatches = [], [], []
    # Numbers for the rows that bring none, drawn once for all of them, unused in the database and in the file.
    given = {v["tracking_no"] for _, v in good if v["tracking_no"]}
    missing = [number for number, v in good if not v["tracking_no"]]
    fresh = dict(zip(missing, unused_tracking_numbers([v["accepted_at"] for _, v in good if not v["tracking_no"]], given)))
    codes = [v["credit_code"] for _, v in good if v["credit_code"]]
    enterprises_by_code.update({e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)})
    row_index = {r["row"]: r for r in report}
    for number, v in good:
        accepted = v["accepted_at"]
        limits = policies.limits(v["appeal_type"], v["urgency"])
        tracking_no = v["tracking_no"] or fresh[number]
        row_index[number]["code"] = tracking_no
        completion_due = calendar.add(accepted, *limits.completion)
        completed = v["completed_at"]
        unit, label = v["unit"], v["label"]
        if completed:
            state = State.ARCHIVED  # history is closed: its rating is kept, nothing is reopened
        elif unit:
            state = State.DISPATCHED
        else:
            state = State.RECEIVED
        enterprise = enterprises_by_code.get(v["credit_code"])
        appeal = Appeal(
            tracking_no=tracking_no, channel=v["channel"], appeal_type=v["appeal_type"], urgency=v["urgency"], title=v["title"], content=v["content"],
            address=v["address"], district=v["district"] or (v["street"].parent if v["street"] else None), street=v["street"],
            person_name=v["person_name"], person_phone=v["person_phone"], is_confidential=v["is_confidential"],
            is_enterprise=bool(v["credit_code"]), enterprise=enterprise, enterprise_name=v["enterprise_name"] or (enterprise.name if enterprise else ""),
            credit_code=v["credit_code"], is_historical=True, label=label, state=state, unit=unit, accepted_at=accepted, triaged_at=accepted,
            dispatch_due=calendar.add(accepted, *limits.dispatch) if state == State.RECEIVED else None,
            feedback_due=calendar.add(accepted, *limits.feedback) if unit else None,
            completion_due=completion_due, completed_at=completed, first_feedback_at=completed,
            feedback_on_time=(completed <= calendar.add(accepted, *limits.feedback)) if completed else None,
            completed_on_time=(completed <= completion_due) if completed else None,
            archived_at=completed if state == State.ARCHIVED else None, reply=v["reply"], rating=v["rating"],
            callback_count=1 if v["rating"] else 0, bad_rating_count=1 if v["rating"] and v["rating"] <= 2 else 0,
        )
        appeals.append(appeal)
        events.append(AppealEvent(appeal=appeal, action="intake", from_state="", to_state=State.RECEIVED, at=accepted, data={"imported": True}))
        if unit:
            dispatches.append(Dispatch(appeal=appeal, unit=unit, label_path=label.path if label else "", district=appeal.district, at=accepted,
                                       outcome=Dispatch.Outcome.SIGNED if completed else Dispatch.Outcome.PENDING, outcome_at=completed))
        if completed:
            events.append(AppealEvent(appeal=appeal, action="complete", from_state=State.DISPATCHED, to_state=State.COMPLETED, at=completed, unit=unit, note=v["reply"]))
        if state == State.ARCHIVED:
            events.append(AppealEvent(appeal=appeal, action="archive", from_state=State.COMPLETED, to_state=State.ARCHIVED, at=completed, data={"rating": v["rating"]}))
    return appeals, events, dispatches
