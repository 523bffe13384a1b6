"""The registry import writes the new enterprises of each chunk of rows together (core.imports.IMPORT_CHUNK_ROWS,
core.services.enterprises_create_many): the report, the registry and the audit trail come out exactly as when
every row is written on its own, and a chunk whose write fails is written row by row, losing no good row."""

from __future__ import annotations

import decimal
import logging

import numpy as np
import pytest
from django.db import IntegrityError, transaction

from yingshang.core import imports
from yingshang.core.auditlog import verify_chain
from yingshang.core.creditcode import generate_credit_codes
from yingshang.core.imports import enterprise_import
from yingshang.core.models import AuditEntry, Enterprise

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),资质,信用等级\n"
CODES = generate_credit_codes(12, division_codes=np.full(12, "210202"), type_codes=np.full(12, "1"), rng=np.random.default_rng(7))


def line(code: str, name: str, *, district="中山区", industry="I65", employees="20", revenue="300", qualifications="", credit="A") -> str:
    return f"{code},{name},企业,{district},{industry},2020-01-01,{employees},{revenue},{qualifications},{credit}\n"


def _csv(*lines: str) -> bytes:
    return (HEADER + "".join(lines)).encode("utf-8")


def _mixed_file() -> bytes:
    bad_checksum = CODES[6][:-1] + ("0" if CODES[6][-1] != "0" else "1")
    return _csv(
        line(CODES[0], "甲科技有限公司", qualifications="高新技术企业"),  # 2 created
        line(CODES[1], "乙已登记公司", employees="300"),  # 3 updated (was 30)
        line(CODES[2], "丙已登记公司"),  # 4 unchanged
        line(CODES[3], "丁公司", district="火星区", industry="99X", credit="Z"),  # 5 failed while parsing (three reasons)
        line(CODES[4], "戊公司", qualifications="高新技术企业、科技型中小企业"),  # 6 created
        line(CODES[0], "甲重复公司"),  # 7 failed: duplicates row 2 (across a chunk boundary)
        line(bad_checksum, "校验码错误公司"),  # 8 failed in the service (check digit)
        line(CODES[5], "名" * 200),  # 9 failed in the service (name too long)
        line(CODES[7], "己公司", employees="\"1,200\""),  # 10 created
        line(CODES[1], "乙重复公司"),  # 11 failed: duplicates row 3
        line(CODES[8], "庚公司", revenue="abc"),  # 12 failed while parsing
        line(CODES[9], "辛公司"),  # 13 created
        line(CODES[10], "壬已登记公司", qualifications="科技型中小企业"),  # 14 updated: its qualifications only
        line(CODES[11], "名" * 200),  # 15 failed in the service (an update's name too long)
    )


def _registry_and_trail(since_seq: int) -> tuple[dict, list]:
    """The imported enterprises (by credit code, without ids and times) and the audit entries written since ``since_seq``."""
    volatile = {"id", "created_at", "updated_at"}
    registry = {}
    for enterprise in Enterprise.objects.filter(credit_code__in=CODES).prefetch_related("qualifications"):
        registry[enterprise.credit_code] = {k: v for k, v in enterprise.audit_snapshot().items() if k not in volatile}
    entries = sorted(
        (entry.action, entry.object_type, entry.object_repr, entry.actor_name,
         {k: v for k, v in (entry.before or {}).items() if k not in volatile}, {k: v for k, v in (entry.after or {}).items() if k not in volatile})
        for entry in AuditEntry.objects.filter(seq__gt=since_seq).exclude(action="core.import_job.finish")
    )
    return registry, [(a, t, r, n, sorted(b.items()), sorted(f.items())) for a, t, r, n, b, f in entries]


def _import_and_roll_back(actor, data: bytes) -> tuple[list, dict, list]:
    with transaction.atomic():
        since = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
        job = enterprise_import(actor=actor, file=data, filename="mixed.csv")
        registry, trail = _registry_and_trail(since)
        assert verify_chain().ok
        transaction.set_rollback(True)
    return job.report, registry, trail


def test_a_mixed_file_gives_the_same_report_registry_and_audit_trail_as_row_by_row(users, monkeypatch, caplog):
    admin = users["admin"]
    registered = [line(CODES[1], "乙已登记公司", employees="30"), line(CODES[2], "丙已登记公司"), line(CODES[10], "壬已登记公司", qualifications="高新技术企业"),
                  line(CODES[11], "癸已登记公司")]
    enterprise_import(actor=admin, file=_csv(*registered), filename="before.csv")
    monkeypatch.setattr(imports, "IMPORT_CHUNK_ROWS", 4)  # three chunks, duplicates across their boundaries

    with caplog.at_level(logging.INFO, logger="yingshang.core.imports"):
        report, registry, trail = _import_and_roll_back(admin, _mixed_file())
    assert not [r for r in caplog.records if "row by row" in r.getMessage()]  # every chunk was written together

    def row_by_row(**kwargs):  # every chunk's write "fails": each row is written alone, as before chunks existed
        raise IntegrityError("forced")

    monkeypatch.setattr(imports, "enterprises_create_many", row_by_row)
    monkeypatch.setattr(imports, "enterprises_update_many", row_by_row)
    expected_report, expected_registry, expected_trail = _import_and_roll_back(admin, _mixed_file())

    assert report == expected_report
    assert registry == expected_registry
    assert trail == expected_trail
    statuses = [(entry["row"], entry["status"]) for entry in report]
    assert statuses == [(2, "created"), (3, "updated"), (4, "unchanged"), (5, "failed"), (6, "created"), (7, "failed"), (8, "failed"),
                        (9, "failed"), (10, "created"), (11, "failed"), (12, "failed"), (13, "created"), (14, "updated"), (15, "failed")]
    errors = {entry["row"]: " ".join(entry["errors"]) for entry in report}
    assert "火星区" in errors[5] and "99X" in errors[5] and "信用等级" in errors[5]
    assert "与第2行的统一社会信用代码重复" in errors[7] and "与第3行的统一社会信用代码重复" in errors[11]
    assert "校验码" in errors[8] and "128" in errors[9] and "营业收入" in errors[12] and "128" in errors[15]
    assert registry[CODES[10]]["qualifications"] == ["tech_sme"] and registry[CODES[11]]["name"] == "癸已登记公司"
    assert registry[CODES[4]]["qualifications"] == ["high_tech", "tech_sme"] and registry[CODES[7]]["employees"] == 1200
    assert registry[CODES[1]]["employees"] == 300 and registry[CODES[1]]["version"] == 2 and registry[CODES[2]]["version"] == 1
    # One audit entry per changed enterprise: four created, two updated, none for the unchanged one.
    assert sorted(action for action, *_rest in trail) == ["core.enterprise.create"] * 4 + ["core.enterprise.update"] * 2


def test_a_chunk_whose_write_fails_is_written_row_by_row_and_only_the_bad_row_fails(users, monkeypatch):
    """The database refusing one row's value fails the chunk's multi-row write; the rows are then written one
    by one, each in its own savepoint: that row fails with its reason, every other row of the chunk lands."""
    real_many, real_create = imports.enterprises_create_many, imports.enterprise_create
    poison = "溢出公司"

    def many(*, actor, rows):
        if any(values["name"] == poison for values, _q in rows):
            raise decimal.InvalidOperation("numeric field overflow")
        return real_many(actor=actor, rows=rows)

    def create(**kwargs):
        if kwargs["name"] == poison:
            raise decimal.InvalidOperation("numeric field overflow")
        return real_create(**kwargs)

    monkeypatch.setattr(imports, "enterprises_create_many", many)
    monkeypatch.setattr(imports, "enterprise_create", create)
    monkeypatch.setattr(imports, "IMPORT_CHUNK_ROWS", 5)
    names = ["一公司", "二公司", poison, "四公司", "五公司", "六公司", "七公司"]
    job = enterprise_import(actor=users["admin"], file=_csv(*(line(code, name) for code, name in zip(CODES, names))), filename="chunk.csv")
    assert [entry["status"] for entry in job.report] == ["created", "created", "failed", "created", "created", "created", "created"]
    assert "数值超出范围" in job.report[2]["errors"][0]
    assert (job.created_rows, job.failed_rows) == (6, 1)
    landed = set(Enterprise.objects.filter(credit_code__in=CODES).values_list("name", flat=True))
    assert landed == set(names) - {poison}
    for enterprise in Enterprise.objects.filter(credit_code__in=CODES):
        assert AuditEntry.objects.filter(action="core.enterprise.create", object_id=str(enterprise.pk)).count() == 1
