"""Writes of the credit app, each one audited transaction: the model's configuration, the records it weighs
(with CSV/XLSX imports), the evaluation run, 信用修复 and 拖欠账款."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal
from pathlib import Path
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core import clock, safedocs, workcalendar
from yingshang.core import workflow as wf
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.creditcode import normalize_credit_code
from yingshang.core.models import Enterprise, Unit
from yingshang.core.permissions import require_capability
from yingshang.core.registry import credit_standing_changed
from yingshang.core.uploads import CheckedUpload, check_upload
from yingshang.core.services import ConcurrentEditError, enterprise_credit_classes_set, parse_date, parse_decimal, save_versioned
from yingshang.core.tabular import TableError, open_table
from yingshang.core.workflow import Step

from .evaluation import evaluate
from .facts import known_facts
from .models import (
    ArrearsComplaint, ArrearsInstalment, BlacklistEntry, CreditEvaluation, CreditIndicator, CreditModel, CreditRun, Penalty,
    RepairApplication, RepairEvidence, TaxCredit,
)

REPAIR_REVIEW_WORKDAYS = 5  # 信用修复 decided within 5 working days of the application (国家发展改革委令第58号: 5个工作日)
ARREARS_VERIFY_WORKDAYS = 10
ARREARS_PLAN_WORKDAYS = 10

DEFAULT_INDICATORS = [
    # fact, label, comparator, threshold, points
    ("registry.age_years", "成立满5年", "ge", 5, 5),
    ("registry.closed", "已注销", "ge", 1, -30),
    ("penalty.count_24m", "近24个月有行政处罚", "ge", 1, -10),
    ("penalty.count_24m", "近24个月行政处罚3次以上", "ge", 3, -10),
    ("penalty.serious_24m", "近24个月有重大行政处罚", "ge", 1, -20),
    ("tax.level_rank", "纳税信用A级", "le", 1, 10),
    ("tax.level_rank", "纳税信用C级或D级", "ge", 4, -15),
    ("arrears.malicious_debtor", "恶意拖欠中小企业账款", "ge", 1, -20),
    ("appeals.complaints_12m", "近12个月被投诉3件以上", "ge", 3, -10),
    ("supervision.failed_checks_24m", "近24个月检查不合格", "ge", 1, -15),
    ("supervision.minor_first_violations_24m", "近24个月轻微违法首违2次以上", "ge", 2, -5),
]


def _snapshot(obj) -> dict:
    return obj.audit_snapshot()


# --- the model -------------------------------------------------------------------------------------------

def active_model() -> CreditModel | None:
    return CreditModel.objects.filter(is_active=True).prefetch_related("indicators").first()


def ensure_model(actor=None) -> CreditModel:
    """The active model; the first time, version 1 with the default indicators."""
    model = active_model()
    if model is not None:
        return model
    with audited_write(actor):
        model = CreditModel(number=1, is_active=True, note=_("初始模型"))
        model.save()
        record("credit.credit_model.create", model, after=_snapshot(model))
        for position, (fact, label, comparator, threshold, points) in enumerate(DEFAULT_INDICATORS):
            indicator = CreditIndicator(model=model, fact=fact, label=label, comparator=comparator, threshold=Decimal(threshold),
                                        points=points, position=position)
            indicator.save()
            record("credit.credit_indicator.create", indicator, after=_snapshot(indicator))
    return active_model()


def model_revise(*, actor, model: CreditModel, expected_version: int | None, settings: dict[str, Any], indicators: list[dict[str, Any]],
                 note: str, expected_number: int | None = None) -> CreditModel:
    """A new version of the model (the old one kept, inactive): thresholds and indicator rows as given.
    ``indicators``: [{fact, label, comparator, threshold, points}]; an unknown fact is refused (a source that
    is merely not registered now is allowed: its indicator stays absent until it is)."""
    require_capability(actor, "credit.manage_model")
    if expected_number is not None and (expected_number != model.number or not model.is_active):
        raise ConcurrentEditError()  # someone published another version since this editor loaded the page
    errors = []
    a, b, c = (int(settings.get(k, getattr(model, k))) for k in ("class_a_min", "class_b_min", "class_c_min"))
    if not a > b > c:
        errors.append(_("分类阈值必须满足:A类最低分 > B类最低分 > C类最低分"))
    allowed = {f.key for f in known_facts()} | {i.fact for i in model.indicators.all()}
    for number, row in enumerate(indicators, start=1):
        if row["fact"] not in allowed and "." not in row["fact"]:
            errors.append(_("第%(n)s项指标的数据“%(fact)s”不存在") % {"n": number, "fact": row["fact"]})
        if row.get("comparator") not in ("ge", "le"):
            errors.append(_("第%(n)s项指标的比较方式只能是“≥”或“≤”") % {"n": number})
        if not str(row.get("label", "")).strip():
            errors.append(_("第%(n)s项指标缺少名称") % {"n": number})
    if not note.strip():
        errors.append(_("请填写修订说明"))
    if errors:
        raise ValidationError(errors)
    with audited_write(actor):
        before = _snapshot(model)
        model.is_active = False
        save_versioned(model, expected_version)
        record("credit.credit_model.deactivate", model, before=before, after=_snapshot(model))
        latest = CreditModel.objects.order_by("-number").values_list("number", flat=True).first() or 0
        revised = CreditModel(number=latest + 1, name=model.name, base_score=int(settings.get("base_score", model.base_score)),
                              class_a_min=a, class_b_min=b, class_c_min=c,
                              blacklist_class=settings.get("blacklist_class", model.blacklist_class), is_active=True,
                              note=note.strip()[:200], created_by=actor if getattr(actor, "pk", None) else None)
        revised.save()
        record("credit.credit_model.revise", revised, after=_snapshot(revised))
        for position, row in enumerate(indicators):
            indicator = CreditIndicator(model=revised, fact=row["fact"], label=str(row["label"]).strip()[:64], comparator=row["comparator"],
                                        threshold=Decimal(str(row["threshold"])), points=int(row["points"]), position=position)
            indicator.save()
            record("credit.credit_indicator.create", indicator, after=_snapshot(indicator))
    return revised


# --- the evaluation run ------------------------------------------------------------------------------------

INSERT_CHUNK = 20_000


def _write_evaluations(result, model: CreditModel, at: dt.datetime, partial: bool) -> int:
    """Store the evaluations: of the given enterprises (partial), or of all — then only the rows whose result
    (class, score, blacklist, basis) moved are rewritten, so the nightly run writes little. Returns rows written."""
    import numpy as np

    table, qn = CreditEvaluation._meta.db_table, connection.ops.quote_name
    stamp = connection.ops.adapt_datetimefield_value(at)
    keys = [f"{c}|{s:.4f}|{int(b)}|{k}" for c, s, b, k in zip(result.risk_class.tolist(), result.score.tolist(), result.blacklisted.tolist(),
                                                             result.basis.tolist())]
    with connection.cursor() as cursor:
        if partial:
            write = np.ones(len(result.ids), dtype=bool)
            ids = [int(i) for i in result.ids]
            if ids:
                cursor.execute(f"DELETE FROM {qn(table)} WHERE enterprise_id IN ({','.join(['%s'] * len(ids))})", ids)
        else:
            cursor.execute(f"SELECT enterprise_id, risk_class, score, blacklisted, basis FROM {qn(table)} ORDER BY enterprise_id")
            stored = cursor.fetchall()
            stored_ids = np.fromiter((r[0] for r in stored), dtype=np.int64, count=len(stored))
            stored_keys = np.array([f"{r[1]}|{r[2]:.4f}|{int(bool(r[3]))}|{r[4]}" for r in stored], dtype=object)
            position = np.searchsorted(stored_ids, result.ids)
            found = position < len(stored_ids)
            found[found] = stored_ids[position[found]] == result.ids[found]
            same = np.zeros(len(result.ids), dtype=bool)
            same[found] = stored_keys[position[found]] == np.array(keys, dtype=object)[found]
            write = ~same
            stale = found & ~same
            if stale.any():
                cursor.execute("CREATE TEMPORARY TABLE credit_eval_stale (enterprise_id bigint PRIMARY KEY)")
                try:
                    cursor.executemany("INSERT INTO credit_eval_stale (enterprise_id) VALUES (%s)", [(int(i),) for i in result.ids[stale]])
                    cursor.execute(f"DELETE FROM {qn(table)} WHERE enterprise_id IN (SELECT enterprise_id FROM credit_eval_stale)")
                finally:
                    cursor.execute("DROP TABLE credit_eval_stale")
        sql = (f"INSERT INTO {qn(table)} (enterprise_id, model_number, score, risk_class, blacklisted, reasons, basis, evaluated_at) "
               "VALUES (%s, %s, %s, %s, %s, %s, %s, %s)")
        chosen = np.flatnonzero(write)
        ids, scores, classes = result.ids[chosen].tolist(), result.score[chosen].tolist(), result.risk_class[chosen].tolist()
        blacklisted, reasons, basis = result.blacklisted[chosen].tolist(), result.reasons_json[chosen].tolist(), result.basis[chosen].tolist()
        for start in range(0, len(ids), INSERT_CHUNK):
            end = min(start + INSERT_CHUNK, len(ids))
            cursor.executemany(sql, [(ids[k], model.number, scores[k], classes[k], blacklisted[k], reasons[k], basis[k], stamp)
                                     for k in range(start, end)])
    return len(chosen)


def run_evaluation(*, actor=None, enterprise_ids=None, progress=None) -> CreditRun:
    """Recompute the classes of every enterprise (or of ``enterprise_ids``), store the evaluations, write the
    classes that changed to the registry (core.Enterprise.credit_class) and tell consumers which standings moved."""
    started = time.perf_counter()
    at = clock.now()
    model = ensure_model(actor)
    previous = {}
    if enterprise_ids is not None:
        enterprise_ids = sorted({int(i) for i in enterprise_ids})
        previous = {pk: (cls, black) for pk, cls, black in
                    CreditEvaluation.objects.filter(enterprise_id__in=enterprise_ids).values_list("enterprise_id", "risk_class", "blacklisted")}
    result = evaluate(model, at.date() if hasattr(at, "date") else clock.today(), enterprise_ids)
    if progress:
        progress(len(result.ids) // 2, len(result.ids), _("已完成评分,正在写入"))
    changed_class = result.risk_class != result.registry_class
    changes = {int(pk): str(cls) for pk, cls in zip(result.ids[changed_class], result.risk_class[changed_class])}
    counts = {c: int((result.risk_class == c).sum()) for c in "ABCD"}
    with audited_write(actor):
        written = _write_evaluations(result, model, at, enterprise_ids is not None)
        run = CreditRun(model=model, started_at=at, enterprises=len(result.ids), changed=len(changes), counts=counts | {"rows_written": written},
                        sources=result.sources, partial=enterprise_ids is not None)
        run.seconds = round(time.perf_counter() - started, 3)
        run.save()
        record("credit.credit_run.create", run, after=_snapshot(run))
        if changes:
            enterprise_credit_classes_set(actor=actor, classes=changes, source=str(run))
    if enterprise_ids is not None:
        moved = [pk for pk, cls, black in zip(result.ids.tolist(), result.risk_class.tolist(), result.blacklisted.tolist())
                 if previous.get(pk) != (cls, bool(black))]
    else:
        moved = sorted(changes)  # a full run: the standings whose class moved (blacklist changes run partially at once)
    if moved:  # receivers defer their own work to the commit (policies re-matches these enterprises)
        credit_standing_changed.send(sender=CreditRun, enterprise_ids=moved)
    return run


# --- records: penalties, the blacklist, tax levels -----------------------------------------------------------

def _recompute(actor, enterprise_ids) -> None:
    run_evaluation(actor=actor, enterprise_ids=list(enterprise_ids))


def penalty_create(*, actor, enterprise: Enterprise, unit: Unit, decision_no: str, decided_on: dt.date, matter: str,
                   severity: str = Penalty.Severity.ORDINARY, amount: Decimal | None = None, recompute: bool = True) -> Penalty:
    require_capability(actor, "credit.manage_records")
    if Penalty.objects.filter(decision_no=decision_no.strip()).exists():
        raise ValidationError(_("处罚决定书文号“%(no)s”已存在") % {"no": decision_no})
    with audited_write(actor):
        penalty = Penalty(enterprise=enterprise, unit=unit, decision_no=decision_no.strip()[:64], decided_on=decided_on, matter=matter.strip()[:200],
                          severity=severity, amount=amount)
        penalty.full_clean(exclude=["enterprise", "unit"])
        penalty.save()
        record("credit.penalty.create", penalty, after=_snapshot(penalty))
        if recompute:
            _recompute(actor, [enterprise.pk])
    return penalty


def blacklist_add(*, actor, enterprise: Enterprise, unit: Unit, listed_on: dt.date, reason: str, basis: str = "", recompute: bool = True) -> BlacklistEntry:
    require_capability(actor, "credit.manage_records")
    if not reason.strip():
        raise ValidationError(_("请填写列入事由"))
    with audited_write(actor):
        entry = BlacklistEntry(enterprise=enterprise, unit=unit, listed_on=listed_on, reason=reason.strip()[:200], basis=basis.strip()[:200])
        entry.save()
        record("credit.blacklist_entry.list", entry, after=_snapshot(entry))
        if recompute:
            _recompute(actor, [enterprise.pk])
    return entry


def tax_level_set(*, actor, enterprise: Enterprise, year: int, level: str) -> TaxCredit:
    require_capability(actor, "credit.manage_records")
    if level not in TaxCredit.Level.values:
        raise ValidationError(_("纳税信用级别只能是 A、B、M、C、D"))
    with audited_write(actor):
        existing = TaxCredit.objects.filter(enterprise=enterprise, year=year).first()
        row = existing or TaxCredit(enterprise=enterprise, year=year)
        before = _snapshot(row) if existing else None
        row.level = level
        if existing:
            row.version += 1
        row.save()
        record("credit.tax_credit.set", row, before=before, after=_snapshot(row))
    return row


IMPORT_KINDS = {
    "penalties": {
        "label": _("行政处罚"), "required": ["credit_code", "decision_no", "unit", "decided_on", "matter"],
        "aliases": {"统一社会信用代码": "credit_code", "处罚决定书文号": "decision_no", "处罚机关": "unit", "处罚决定日期": "decided_on",
                    "违法行为": "matter", "程度": "severity", "罚没金额": "amount", "罚没金额(元)": "amount"},
    },
    "blacklist": {
        "label": _("失信名单"), "required": ["credit_code", "unit", "listed_on", "reason"],
        "aliases": {"统一社会信用代码": "credit_code", "认定单位": "unit", "列入日期": "listed_on", "列入事由": "reason", "认定依据": "basis"},
    },
    "tax": {
        "label": _("纳税信用级别"), "required": ["credit_code", "year", "level"],
        "aliases": {"统一社会信用代码": "credit_code", "评价年度": "year", "纳税信用级别": "level"},
    },
}
SEVERITY_WORDS = {"": Penalty.Severity.ORDINARY, "一般": Penalty.Severity.ORDINARY, "重大": Penalty.Severity.SERIOUS,
                  "严重": Penalty.Severity.SERIOUS, "ordinary": Penalty.Severity.ORDINARY, "serious": Penalty.Severity.SERIOUS}


def _unit_by_name(name: str, cache: dict) -> Unit | None:
    if name not in cache:
        from yingshang.core.models import UnitAlias

        cache[name] = (Unit.objects.filter(name=name).first() or Unit.objects.filter(code=name).first()
                       or getattr(UnitAlias.objects.filter(alias=name).select_related("unit").first(), "unit", None))
    return cache[name]


def import_records(*, actor, kind: str, data: bytes, filename: str) -> dict[str, Any]:
    """Import penalties, blacklist entries or tax levels from CSV/XLSX (core.tabular). Every row is checked
    first; any error refuses the whole file with each row's Chinese message (nothing half imported). The
    enterprises touched are then re-evaluated at once."""
    require_capability(actor, "credit.manage_records")
    spec = IMPORT_KINDS.get(kind)
    if spec is None:
        raise ValidationError(_("未知的导入类型"))
    if Path(filename).suffix.lower() in (".xlsx", ".xlsm"):
        import io

        safedocs.inspect_workbook(io.BytesIO(data), what=_("该工作簿"))
    try:
        reader = open_table(data, filename, required=spec["required"], aliases=spec["aliases"])
        rows = list(reader)
    except TableError as error:
        raise ValidationError(error.messages) from None
    codes = {normalize_credit_code(values.get("credit_code", "")) for _n, values in rows}
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)}
    units: dict = {}
    errors, prepared = [], []
    seen_numbers = set()
    for number, values in rows:
        problems = []
        enterprise = enterprises.get(normalize_credit_code(values.get("credit_code", "")))
        if enterprise is None:
            problems.append(_("统一社会信用代码“%(code)s”不在经营主体名录中") % {"code": values.get("credit_code", "")})
        try:
            if kind == "penalties":
                unit = _unit_by_name(values["unit"], units)
                if unit is None:
                    problems.append(_("处罚机关“%(name)s”不存在") % {"name": values["unit"]})
                decided_on = parse_date(values["decided_on"])
                if decided_on is None:
                    problems.append(_("缺少处罚决定日期"))
                severity = SEVERITY_WORDS.get(values.get("severity", "").strip())
                if severity is None:
                    problems.append(_("程度只能是“一般”或“重大”"))
                amount = parse_decimal(values.get("amount", ""), _("罚没金额"))
                number_text = values["decision_no"].strip()
                if not number_text:
                    problems.append(_("缺少处罚决定书文号"))
                elif number_text in seen_numbers or Penalty.objects.filter(decision_no=number_text).exists():
                    problems.append(_("处罚决定书文号“%(no)s”重复") % {"no": number_text})
                seen_numbers.add(number_text)
                prepared.append(("penalty", enterprise, unit, number_text, decided_on, values["matter"], severity, amount))
            elif kind == "blacklist":
                unit = _unit_by_name(values["unit"], units)
                if unit is None:
                    problems.append(_("认定单位“%(name)s”不存在") % {"name": values["unit"]})
                listed_on = parse_date(values["listed_on"])
                if listed_on is None:
                    problems.append(_("缺少列入日期"))
                if not values["reason"].strip():
                    problems.append(_("缺少列入事由"))
                prepared.append(("blacklist", enterprise, unit, listed_on, values["reason"], values.get("basis", "")))
            else:
                year_text = values["year"].strip()
                if not (year_text.isdigit() and 2000 <= int(year_text) <= 2100):
                    problems.append(_("评价年度“%(y)s”不是有效年份") % {"y": year_text})
                level = values["level"].strip().upper().removesuffix("级")
                if level not in TaxCredit.Level.values:
                    problems.append(_("纳税信用级别只能是 A、B、M、C、D"))
                prepared.append(("tax", enterprise, int(year_text) if year_text.isdigit() else 0, level))
        except ValidationError as error:
            problems.extend(error.messages)
        if problems:
            errors.append(_("第%(row)s行:%(problems)s") % {"row": number, "problems": ";".join(problems)})
    if errors:
        raise ValidationError(errors)
    touched = set()
    with audited_write(actor):
        for row in prepared:
            if row[0] == "penalty":
                _kind, enterprise, unit, number_text, decided_on, matter, severity, amount = row
                penalty_create(actor=actor, enterprise=enterprise, unit=unit, decision_no=number_text, decided_on=decided_on, matter=matter,
                               severity=severity, amount=amount, recompute=False)
            elif row[0] == "blacklist":
                _kind, enterprise, unit, listed_on, reason, basis = row
                blacklist_add(actor=actor, enterprise=enterprise, unit=unit, listed_on=listed_on, reason=reason, basis=basis, recompute=False)
            else:
                _kind, enterprise, year, level = row
                tax_level_set(actor=actor, enterprise=enterprise, year=year, level=level)
            touched.add(row[1].pk)
        if touched and len(touched) <= 5000:
            run_evaluation(actor=actor, enterprise_ids=touched)
    return {"rows": len(prepared), "enterprises": len(touched), "message": _("已导入%(label)s %(n)s 条") % {"label": spec["label"], "n": len(prepared)}}


# --- 信用修复 ------------------------------------------------------------------------------------------------

EVIDENCE_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".docx")
MAX_EVIDENCE_BYTES = 10 * 1024 * 1024


def check_evidence(upload) -> CheckedUpload:
    """One evidence file by the platform's one upload rule (core.uploads): type, signature, size, containers."""
    return check_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=MAX_EVIDENCE_BYTES, what=_("证明材料"))


def repair_apply(*, actor, record_obj: Penalty | BlacklistEntry, statement: str, files: list) -> RepairApplication:
    """The enterprise applies online to repair one of its records, with at least one evidence file."""
    require_capability(actor, "credit.apply_repair")
    if getattr(actor, "enterprise_id", None) != record_obj.enterprise_id:
        raise PermissionDenied(_("只能为本企业的信用记录申请修复"))
    if getattr(record_obj, "repaired_on", None) or getattr(record_obj, "removed_on", None):
        raise ValidationError(_("该记录已修复"))
    if RepairApplication.objects.filter(status=RepairApplication.Status.SUBMITTED, **_record_lookup(record_obj)).exists():
        raise ValidationError(_("该记录已有待审核的修复申请"))
    if not statement.strip():
        raise ValidationError(_("请说明已履行的义务和整改情况"))
    if not files:
        raise ValidationError(_("请上传至少一份证明材料(如履行完毕证明、整改报告)"))
    contents = [(upload, check_evidence(upload)) for upload in files]
    today = clock.today()
    with audited_write(actor):
        application = RepairApplication(enterprise_id=record_obj.enterprise_id, unit=record_obj.unit, statement=statement.strip(),
                                        submitted_by=actor, submitted_on=today,
                                        due_on=workcalendar.add_workdays(today, REPAIR_REVIEW_WORKDAYS), **_record_lookup(record_obj))
        application.save()
        record("credit.repair_application.apply", application, after=_snapshot(application))
        for upload, checked in contents:
            evidence = RepairEvidence(application=application, filename=checked.name[:200], size=checked.size, sha256=checked.sha256)
            evidence.file.save(Path(upload.name).name, upload, save=False)
            evidence.save()
            record("credit.repair_evidence.upload", evidence, after=_snapshot(evidence))
    from django.urls import reverse

    from yingshang.core.notifications import notify_unit

    notify_unit(application.unit, title=_("新的信用修复申请待审核(期限 %(due)s)") % {"due": application.due_on},
                link=reverse("credit:repair_detail", args=[application.pk]), category="credit", dedup_key=f"credit-repair-{application.pk}")
    return application


def _record_lookup(record_obj) -> dict:
    return {"penalty": record_obj} if isinstance(record_obj, Penalty) else {"blacklist_entry": record_obj}


def repair_decide(step: Step) -> None:
    """Handler of 同意修复 / 不予修复: the decision and its reason; on approval the record is repaired (public
    display withdrawn) and the enterprise re-evaluated at once."""
    application = step.obj
    application.decided_on = timezone.localdate(step.now)
    application.decision_reason = step.reason
    if step.operation.name != "approve":
        return
    target = application.record
    before = _snapshot(target)
    if isinstance(target, Penalty):
        target.repaired_on = application.decided_on
    else:
        target.removed_on = application.decided_on
    target.version += 1
    target.save()
    record(f"credit.{'penalty' if isinstance(target, Penalty) else 'blacklist_entry'}.repair", target, before=before, after=_snapshot(target))
    step.then(lambda: run_evaluation(actor=step.actor, enterprise_ids=[application.enterprise_id]))


def repair_act(*, actor, application: RepairApplication, operation: str, data) -> Step:
    from .workflow import REPAIRS

    return wf.run_operation(REPAIRS, application, operation, actor, data)


# --- 拖欠账款 ------------------------------------------------------------------------------------------------

def arrears_submit(*, actor, enterprise: Enterprise, debtor_unit: Unit | None, debtor_enterprise: Enterprise | None, debtor_name: str,
                   contract: str, amount: Decimal) -> ArrearsComplaint:
    require_capability(actor, "credit.submit_arrears")
    if getattr(actor, "enterprise_id", None) not in (None, enterprise.pk):
        raise PermissionDenied(_("只能以本企业名义投诉"))
    name = debtor_name.strip() or (debtor_unit.name if debtor_unit else debtor_enterprise.name if debtor_enterprise else "")
    if not name:
        raise ValidationError(_("请选择欠款单位或填写欠款方名称"))
    if amount is None or amount <= 0:
        raise ValidationError(_("投诉金额必须大于0"))
    if not contract.strip():
        raise ValidationError(_("请填写合同或项目名称"))
    today = clock.today()
    with audited_write(actor):
        complaint = ArrearsComplaint(enterprise=enterprise, debtor_unit=debtor_unit, debtor_enterprise=debtor_enterprise, debtor_name=name[:128],
                                     contract=contract.strip()[:200], amount_claimed=amount, submitted_on=today,
                                     verify_due_on=workcalendar.add_workdays(today, ARREARS_VERIFY_WORKDAYS))
        complaint.save()
        record("credit.arrears_complaint.submit", complaint, after=_snapshot(complaint))
    return complaint


def _add_months(day: dt.date, months: int) -> dt.date:
    month = day.month - 1 + months
    year = day.year + month // 12
    month = month % 12 + 1
    import calendar

    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def arrears_step(step: Step) -> None:
    """Handler of every arrears operation (the spec in workflow.py says who and from which state)."""
    complaint, name, params = step.obj, step.operation.name, step.params
    today = timezone.localdate(step.now)
    if step.reason:
        complaint.note = f"{complaint.note}\n{today} {step.operation.label}:{step.reason}".strip()
    if name == "verify":
        complaint.amount_verified = params["amount_verified"]
        complaint.plan_due_on = workcalendar.add_workdays(today, ARREARS_PLAN_WORKDAYS)
    elif name == "plan":
        if complaint.owed <= 0:
            raise ValidationError(_("核实欠款为0,无需还款计划"))
        count, first = int(params["instalments"]), params["first_due"]
        if first < today:
            raise ValidationError(_("首期还款日不能早于今天"))
        share = (complaint.owed / count).quantize(Decimal("0.01"))
        for k in range(count):
            amount = share if k < count - 1 else complaint.owed - share * (count - 1)
            instalment = ArrearsInstalment(complaint=complaint, due_on=_add_months(first, k), amount=amount)
            instalment.save()
            record("credit.arrears_instalment.create", instalment, after=_snapshot(instalment))
        complaint.plan_note = step.reason
    elif name == "pay":
        amount, paid_on = params["amount"], params["paid_on"]
        if paid_on > today:
            raise ValidationError(_("还款日期不能晚于今天"))
        open_rows = list(complaint.instalments.order_by("due_on", "id"))
        outstanding = sum((i.amount - i.paid_amount for i in open_rows), Decimal("0"))
        if amount > outstanding:
            raise ValidationError(_("还款金额 %(a)s 元超过尚欠金额 %(o)s 元") % {"a": amount, "o": outstanding})
        left = amount
        for instalment in open_rows:
            due = instalment.amount - instalment.paid_amount
            if left <= 0 or due <= 0:
                continue
            before = _snapshot(instalment)
            paid = min(due, left)
            instalment.paid_amount += paid
            instalment.paid_on = paid_on
            instalment.version += 1
            instalment.save()
            record("credit.arrears_instalment.pay", instalment, before=before, after=_snapshot(instalment))
            left -= paid
        step.data["amount"] = str(amount)
        step.to_state = ArrearsComplaint.Status.REPAID if amount == outstanding else ArrearsComplaint.Status.PLANNED
    elif name == "mark_malicious":
        complaint.malicious = True
        complaint.malicious_reason = step.reason[:300]
        if complaint.debtor_enterprise_id:
            step.then(lambda: run_evaluation(actor=step.actor, enterprise_ids=[complaint.debtor_enterprise_id]))
    elif name == "close":
        complaint.closed_on = today
        if complaint.malicious and complaint.debtor_enterprise_id:
            step.then(lambda: run_evaluation(actor=step.actor, enterprise_ids=[complaint.debtor_enterprise_id]))


def arrears_act(*, actor, complaint: ArrearsComplaint, operation: str, data) -> Step:
    from .workflow import ARREARS

    return wf.run_operation(ARREARS, complaint, operation, actor, data)
