"""Imports of the registry and the organisation tree, with a full report of every row.

A bad row never blocks the good ones and is never dropped in silence: every row of the file appears
in the report as created, updated, unchanged or failed with reasons. Units go row by row, each in its
own savepoint. The registry goes in chunks of rows (IMPORT_CHUNK_ROWS): every row is parsed and checked
first (a bad one becomes its report entry), the chunk's good rows are written together in one savepoint,
and a chunk whose write fails is written again row by row, each in its own savepoint, so that only the
bad row fails; the report and the audit trail are those of the row-by-row import.
Run from a page they are background jobs (core/jobs.py): rows commit in short batches, each with
a checkpoint, so that progress shows and a killed worker's retry resumes without applying a row twice.
"""

from __future__ import annotations

import logging
import time
from typing import IO

from django.core.exceptions import ValidationError
from django.db import DataError, IntegrityError, transaction
from django.utils.translation import gettext as _, gettext_lazy

from .audit import audited_write
from .auditlog import record
from .jobs import job_kind, job_payload, report_progress, save_checkpoint, should_commit_batch, write_transaction
from .models import Division, Enterprise, ImportJob, Job, Qualification, Unit
from .permissions import require_capability
from .services import (
    division_lookup, enterprise_create, enterprise_update, enterprises_create_many, enterprises_update_many, industry_lookup, parse_count, parse_date,
    parse_decimal, unit_alias_add, unit_create,
)
from .tabular import read_table
from .textnorm import normalize_text, normalize_unit_name

ENTERPRISE_HEADERS = {
    "统一社会信用代码": "credit_code", "信用代码": "credit_code", "名称": "name", "企业名称": "name", "主体名称": "name",
    "主体类型": "kind", "类型": "kind", "注册区县": "district", "所属区县": "district", "区县": "district",
    "注册地址": "address", "地址": "address", "行业代码": "industry", "国民经济行业代码": "industry",
    "成立日期": "founded_on", "注册资本(万元)": "registered_capital", "注册资本": "registered_capital",
    "从业人数": "employees", "营业收入(万元)": "annual_revenue", "年营业收入(万元)": "annual_revenue",
    "纳税额(万元)": "annual_tax", "年纳税额(万元)": "annual_tax", "资质": "qualifications", "信用等级": "credit_class",
    "联系人": "contact_name", "联系电话": "contact_phone",
}
for _field in ("credit_code", "name", "kind", "district", "address", "industry", "founded_on", "registered_capital", "employees",
               "annual_revenue", "annual_tax", "qualifications", "credit_class", "contact_name", "contact_phone"):
    ENTERPRISE_HEADERS.setdefault(_field, _field)

logger = logging.getLogger(__name__)

KIND_BY_LABEL = {label: value for value, label in Enterprise.Kind.choices} | {v: v for v in Enterprise.Kind.values}


def _qualification_codes() -> dict[str, str]:
    """Qualification name or code → code, read once per import."""
    pairs = Qualification.objects.values_list("code", "name")
    return {name: code for code, name in pairs} | {code: code for code, _name in pairs}


def _memo_lookup(lookup, memo: dict):
    """``lookup`` remembered for one import: a file names the same few districts and industries on every row."""

    def remembered(value):
        if value not in memo:
            try:
                memo[value] = (lookup(value), None)
            except ValidationError as error:
                memo[value] = (None, error)
        found, error = memo[value]
        if error is not None:
            raise error
        return found

    return remembered


def _parse_enterprise_row(row: dict[str, str], known_qualifications: dict[str, str], lookups: dict | None = None) -> tuple[dict, list[str] | None, list[str]]:
    """Field values, qualification codes (None = leave as is) and every error of one row."""
    lookups = lookups if lookups is not None else {}
    find_division = lookups.setdefault("division", _memo_lookup(division_lookup, {}))
    find_industry = lookups.setdefault("industry", _memo_lookup(industry_lookup, {}))
    errors: list[str] = []
    values: dict = {"credit_code": row.get("credit_code", ""), "name": row.get("name", "")}

    def attempt(field, fn):
        try:
            values[field] = fn()
        except ValidationError as error:
            errors.extend(error.messages)

    kind = normalize_text(row.get("kind", "")) or "企业"
    if kind in KIND_BY_LABEL:
        values["kind"] = KIND_BY_LABEL[kind]
    else:
        errors.append(_("主体类型“%(kind)s”无效,应为 企业、个体工商户 或 农民专业合作社") % {"kind": kind})
    attempt("district", lambda: find_division(row.get("district", "")))
    attempt("industry", lambda: find_industry(row.get("industry", "")))
    attempt("founded_on", lambda: parse_date(row.get("founded_on")))
    attempt("registered_capital", lambda: parse_decimal(row.get("registered_capital"), _("注册资本")))
    attempt("annual_revenue", lambda: parse_decimal(row.get("annual_revenue"), _("营业收入")))
    attempt("annual_tax", lambda: parse_decimal(row.get("annual_tax"), _("纳税额")))
    if row.get("employees", ""):
        attempt("employees", lambda: parse_count(row.get("employees"), _("从业人数")))
    credit = normalize_text(row.get("credit_class", "")).upper().rstrip("级")
    if credit and credit not in Enterprise.Credit.values:
        errors.append(_("信用等级“%(credit)s”无效,应为 A、B、C、D") % {"credit": credit})
    values["credit_class"] = credit
    values["address"] = row.get("address", "")
    values["contact_name"] = row.get("contact_name", "")
    values["contact_phone"] = row.get("contact_phone", "")
    qualifications = None
    if row.get("qualifications"):
        names = [normalize_text(n) for n in row["qualifications"].replace(";", "、").replace(",", "、").replace(";", "、").split("、") if n.strip()]
        known = known_qualifications
        unknown = [n for n in names if n not in known]
        if unknown:
            errors.append(_("未知资质:%(unknown)s") % {"unknown": "、".join(unknown)})
        qualifications = [known[n] for n in names if n in known]
    return values, qualifications, errors


# Rows parsed, looked up and written together: the new enterprises of a chunk go in with multi-row INSERTs
# (core.services.enterprises_create_many), the existing ones are read with one query.
IMPORT_CHUNK_ROWS = 200


def enterprise_import(*, actor, file: IO[bytes] | bytes, filename: str, job: Job | None = None) -> ImportJob:
    """Create or update (by credit code) the enterprises of a CSV/XLSX file; returns the job with its report."""
    require_capability(actor, "core.import_enterprises")
    table = read_table(file, filename, required={"credit_code", "name", "district", "industry"}, aliases=ENTERPRISE_HEADERS)
    known_qualifications = _qualification_codes()
    lookups: dict = {}
    seen: dict[str, int] = {}

    def entry(number: int, code: str, values: dict, status: str, errors: list[str] | None = None) -> dict:
        return {"row": number, "credit_code": code, "name": values.get("name", ""), "status": status, "errors": errors or []}

    def parse_row(number: int, row: dict) -> tuple[dict | None, tuple | None]:
        """A failed row's report entry, or what to write: (credit code, values, qualifications)."""
        values, qualifications, errors = _parse_enterprise_row(row, known_qualifications, lookups)
        code = (values.get("credit_code") or "").strip().upper()
        if code and code in seen:
            errors.append(_("与第%(row)s行的统一社会信用代码重复") % {"row": seen[code]})
        if errors:
            return entry(number, code, values, "failed", errors), None
        seen[code] = number
        return None, (code, values, qualifications)

    def write_row(number: int, code: str, values: dict, qualifications) -> dict:
        try:
            with transaction.atomic():
                existing = Enterprise.objects.filter(credit_code=code).first()
                if existing:
                    version = existing.version
                    enterprise_update(actor=actor, enterprise=existing, expected_version=None, qualifications=qualifications, **values)
                    status = "updated" if existing.version != version else "unchanged"
                else:
                    enterprise_create(actor=actor, qualifications=qualifications, **values)
                    status = "created"
        except ValidationError as error:
            return entry(number, code, values, "failed", error.messages)
        return entry(number, code, values, status)

    def import_row(number: int, row: dict) -> dict:
        failed, plan = parse_row(number, row)
        return failed or write_row(number, *plan)

    def import_chunk(chunk: list[tuple[int, dict]]) -> list[dict]:
        """The chunk's report entries, in row order; the same entries as ``import_row`` row by row."""
        report: dict[int, dict] = {}
        plans: list[tuple[int, dict, tuple]] = []
        for number, row in chunk:
            try:
                failed, plan = parse_row(number, row)
            except ROW_DATA_ERRORS as error:
                failed, plan = failed_row_entry(number, row, error), None
            if failed is not None:
                report[number] = failed
            else:
                plans.append((number, row, plan))
        codes = [plan[0] for _number, _row, plan in plans if plan[0]]
        existing = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=codes)} if codes else {}
        new = [(number, row, plan) for number, row, plan in plans if plan[0] not in existing]
        updates = [(number, row, plan, existing[plan[0]]) for number, row, plan in plans if plan[0] in existing]
        report.update(_update_existing_rows(actor, updates, entry, write_row))
        report.update(_create_new_rows(actor, new, entry, write_row))
        return [report[number] for number, _row in chunk]

    def resume(report: list[dict]) -> None:
        seen.update({entry["credit_code"]: entry["row"] for entry in report if entry["status"] != "failed"})

    return _import_rows(actor=actor, job=job, kind="enterprises", filename=filename, rows=table.rows, import_row=import_row, resume=resume,
                        import_chunk=import_chunk)


def _qualifications_of(enterprise_ids: list[int]) -> dict[int, list[str]]:
    """The qualification codes of each enterprise, one query for a chunk."""
    found: dict[int, list[str]] = {}
    if enterprise_ids:
        through = Enterprise.qualifications.through
        for enterprise_id, code in through.objects.filter(enterprise_id__in=enterprise_ids).values_list("enterprise_id", "qualification_id"):
            found.setdefault(enterprise_id, []).append(code)
    return found


def _update_existing_rows(actor, updates: list[tuple[int, dict, tuple, Enterprise]], entry, write_row) -> dict[int, dict]:
    """Report entries of the chunk's rows whose credit codes are registered: checked together, the changed ones
    written in one savepoint; if that write fails, row by row instead (each reading its enterprise again)."""
    if not updates:
        return {}
    current = _qualifications_of([enterprise.pk for _n, _r, _plan, enterprise in updates])
    try:
        with transaction.atomic():
            results = enterprises_update_many(actor=actor, rows=[(enterprise, current.get(enterprise.pk, []), values, qualifications)
                                                                 for _n, _r, (_code, values, qualifications), enterprise in updates])
    except ROW_DATA_ERRORS as error:
        logger.info("chunk of %d registered enterprises written row by row: %r", len(updates), error)
        return {number: isolated_row(lambda n, _r, plan=plan: write_row(n, *plan), number, row) for number, row, plan, _enterprise in updates}
    statuses = {True: "updated", False: "unchanged"}
    return {number: entry(number, code, values, "failed", result.messages) if isinstance(result, ValidationError) else entry(number, code, values, statuses[result])
            for (number, _row, (code, values, _q), _enterprise), result in zip(updates, results)}


def _create_new_rows(actor, new: list[tuple[int, dict, tuple]], entry, write_row) -> dict[int, dict]:
    """Report entries of the chunk's rows whose credit codes are not registered: all written in one savepoint;
    if that write fails (a code registered meanwhile, a value the database refuses), row by row instead, each
    in its own savepoint as before, so that the bad row fails alone and no good row is lost."""
    if not new:
        return {}
    try:
        with transaction.atomic():
            results = enterprises_create_many(actor=actor, rows=[(values, qualifications) for _n, _r, (_code, values, qualifications) in new])
    except ROW_DATA_ERRORS as error:
        logger.info("chunk of %d new enterprises written row by row: %r", len(new), error)
        return {number: isolated_row(lambda n, _r, plan=plan: write_row(n, *plan), number, row) for number, row, plan in new}
    return {number: entry(number, code, values, "failed", result.messages) if isinstance(result, ValidationError) else entry(number, code, values, "created")
            for (number, _row, (code, values, _q)), result in zip(new, results)}


# What a row's bad data can raise below the validation (a number beyond a column, text where the database
# wants a date…). Caught per row, so a bad row never aborts the file; anything else (the database gone,
# a locked SQLite file) still stops the import and the job's retry resumes it.
ROW_DATA_ERRORS = (ValidationError, ValueError, ArithmeticError, TypeError, DataError, IntegrityError)


def row_error_messages(error: Exception) -> list[str]:
    """The Chinese reasons a row failed, for the import report."""
    if isinstance(error, ValidationError):
        return error.messages
    return [_("该行数据无法保存(数值超出范围或格式不符),请检查后重新导入该行")]


def isolated_row(import_row, number: int, row: dict) -> dict:
    """``import_row(number, row)`` in its own savepoint; a failure is that row's report entry, never the file's."""
    try:
        with transaction.atomic():
            return import_row(number, row)
    except ROW_DATA_ERRORS as error:
        return failed_row_entry(number, row, error)


def failed_row_entry(number: int, row: dict, error: Exception) -> dict:
    """The report entry of a row whose import raised ``error`` (one of ROW_DATA_ERRORS)."""
    logger.warning("import row %s failed: %r", number, error)
    return {"row": number, "credit_code": row.get("credit_code", ""), "code": row.get("code", ""), "name": row.get("name", ""),
            "status": "failed", "errors": row_error_messages(error)}


def _import_rows(*, actor, job: Job | None, kind: str, filename: str, rows: list, import_row, resume=None, import_chunk=None) -> ImportJob:
    """Import ``rows`` in short batches, each one transaction with its checkpoint (core/jobs.py).

    A worker killed mid-import leaves whole batches only, and the retried task resumes after the last
    committed one with the report so far: no row is applied twice, none is lost, the counts stay right.
    ``import_chunk`` (optional) imports up to IMPORT_CHUNK_ROWS rows at once and returns their report
    entries in order, each as ``isolated_row(import_row, …)`` would have; batches end between chunks.
    """
    state = (job.checkpoint if job is not None else None) or {}
    if state.get("import_job"):  # finished, but the worker died before the job was marked so
        return ImportJob.objects.get(pk=state["import_job"])
    report: list[dict] = list(state.get("report", []))
    position = int(state.get("next", 0))
    if resume and report:
        resume(report)
    total = len(rows)
    report_progress(job, position, total, _("正在导入第 %(n)d 行") % {"n": position + 1}, force=True)
    while True:
        with write_transaction():
            started, done_in_batch = time.monotonic(), 0
            while position < total and not should_commit_batch(started, done_in_batch):
                if import_chunk is not None:
                    chunk = rows[position:position + IMPORT_CHUNK_ROWS]
                    report.extend(import_chunk(chunk))
                else:
                    number, row = rows[position]
                    chunk = [rows[position]]
                    report.append(isolated_row(import_row, number, row))
                position += len(chunk)
                done_in_batch += len(chunk)
            if position < total:
                save_checkpoint(job, {"next": position, "report": report}, position, total,
                                _("已处理 %(done)d / %(total)d 行") % {"done": position, "total": total})
                continue
            counts = {status: sum(1 for entry in report if entry["status"] == status) for status in ("created", "updated", "unchanged", "failed")}
            import_job = _save_job(actor, kind, filename, report, counts)
            save_checkpoint(job, {"import_job": import_job.pk}, total, total, _("导入完成"))
            return import_job


def _save_job(actor, kind: str, filename: str, report: list[dict], counts: dict[str, int]) -> ImportJob:
    with audited_write(actor):
        job = ImportJob(
            kind=kind, filename=filename[:256], created_by=actor if getattr(actor, "pk", None) else None,
            total_rows=len(report), created_rows=counts["created"], updated_rows=counts["updated"], failed_rows=counts["failed"], report=report,
        )
        job.save()
        record("core.import_job.finish", job, after={"kind": kind, "filename": filename, **counts, "total": len(report)})
    return job


def import_job_result(import_job: ImportJob) -> dict:
    """What a background import job keeps as its result: the counts and where the full report is."""
    return {"import_job": import_job.pk, "total": import_job.total_rows, "created": import_job.created_rows,
            "updated": import_job.updated_rows, "unchanged": import_job.unchanged_rows, "failed": import_job.failed_rows}


UNIT_HEADERS = {"编码": "code", "单位编码": "code", "名称": "name", "单位名称": "name", "类别": "kind", "上级编码": "parent_code",
                "上级单位编码": "parent_code", "区划代码": "division_code", "别名": "aliases"}
for _field in ("code", "name", "kind", "parent_code", "division_code", "aliases"):
    UNIT_HEADERS.setdefault(_field, _field)
UNIT_KIND_BY_LABEL = {label: value for value, label in Unit.Kind.choices} | {v: v for v in Unit.Kind.values}


def unit_import(*, actor, file: IO[bytes] | bytes, filename: str, job: Job | None = None) -> ImportJob:
    """Create units (or add aliases to existing ones, matched by code) from a CSV/XLSX table.

    Parents must come before their children in the file or already exist.
    """
    require_capability(actor, "core.manage_units")
    table = read_table(file, filename, required={"code", "name", "kind"}, aliases=UNIT_HEADERS)

    def import_row(number: int, row: dict) -> dict:
        errors = []
        code = normalize_text(row.get("code", ""))
        kind = UNIT_KIND_BY_LABEL.get(normalize_text(row.get("kind", "")))
        if not code:
            errors.append(_("单位编码不能为空"))
        if kind is None:
            errors.append(_("单位类别“%(kind)s”无效") % {"kind": row.get("kind", "")})
        parent = None
        if row.get("parent_code"):
            parent = Unit.objects.filter(code=normalize_text(row["parent_code"])).first()
            if parent is None:
                errors.append(_("上级单位编码“%(parent_code)s”不存在(上级须先于下级出现)") % {"parent_code": row["parent_code"]})
        division = None
        if row.get("division_code"):
            division = Division.objects.filter(code=normalize_text(row["division_code"])).first()
            if division is None:
                errors.append(_("区划代码“%(division_code)s”不存在") % {"division_code": row["division_code"]})
        aliases = [a for a in (row.get("aliases") or "").replace(";", ";").split(";") if a.strip()]
        if errors:
            return {"row": number, "code": code, "name": row.get("name", ""), "status": "failed", "errors": errors}
        try:
            with transaction.atomic():
                existing = Unit.objects.filter(code=code).first()
                if existing:
                    for alias in aliases + [row["name"]]:
                        if normalize_unit_name(alias) != existing.name:
                            unit_alias_add(actor=actor, unit=existing, alias=alias)
                    status = "updated"
                else:
                    unit_create(actor=actor, code=code, name=row["name"], kind=kind, parent=parent, division=division, aliases=aliases)
                    status = "created"
        except ValidationError as error:
            return {"row": number, "code": code, "name": row.get("name", ""), "status": "failed", "errors": error.messages}
        return {"row": number, "code": code, "name": row.get("name", ""), "status": status, "errors": []}

    return _import_rows(actor=actor, job=job, kind="units", filename=filename, rows=table.rows, import_row=import_row)


# --- as background jobs (core/jobs.py) -----------------------------------------------------------------

@job_kind("core.enterprise_import", title=gettext_lazy("导入经营主体"), capability="core.import_enterprises")
def enterprise_import_job(job: Job, actor, *, filename: str) -> dict:
    return import_job_result(enterprise_import(actor=actor, file=job_payload(job), filename=filename, job=job))


@job_kind("core.unit_import", title=gettext_lazy("导入单位"), capability="core.manage_units")
def unit_import_job(job: Job, actor, *, filename: str) -> dict:
    return import_job_result(unit_import(actor=actor, file=job_payload(job), filename=filename, job=job))
