"""Import rows under bad numbers and re-imports (issue #12 item 6).

Before: 从业人数 = inf raised OverflowError after earlier rows were saved (a 500, no report); "1,2" was read
as 12; re-importing 500 over a stored 500.00 recorded a change and bumped the version.
"""

from __future__ import annotations

import decimal
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from yingshang.core import imports
from yingshang.core.imports import enterprise_import
from yingshang.core.models import AuditEntry, Enterprise
from yingshang.core.services import enterprise_update, parse_count, parse_decimal

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),注册资本(万元)\n"
CODE_A, CODE_B = "91350100M000100Y43", "91210202FTTM0HX12A"


def row(code: str, name: str, employees: str = "12", revenue: str = "500.00", capital: str = "100") -> str:
    return f'{code},{name},企业,中山区,I65,2019-03-01,"{employees}","{revenue}","{capital}"\n'


def csv(*rows: str) -> bytes:
    return (HEADER + "".join(rows)).encode()


@pytest.mark.parametrize("employees", ["inf", "-inf", "nan", "1e400", "1,2", "-3", "12.5", "九", "99999999999"])
def test_a_bad_head_count_fails_its_row_and_the_others_import(users, employees):
    job = enterprise_import(actor=users["admin"], file=csv(
        row(CODE_A, "甲公司"), row(CODE_B, "坏数公司", employees=employees), row(CODE_B, "乙公司", employees="1,200"),
    ), filename="e.csv")
    statuses = [(entry["row"], entry["status"]) for entry in job.report]
    assert statuses == [(2, "created"), (3, "failed"), (4, "created")]
    assert (job.total_rows, job.created_rows, job.failed_rows) == (3, 2, 1)
    assert any("从业人数" in message for message in job.report[1]["errors"]), job.report[1]
    assert Enterprise.objects.get(credit_code=CODE_B).employees == 1200


@pytest.mark.parametrize("amount", ["inf", "NaN", "1e400", "1,2", "1000000000000", "abc"])
def test_a_bad_amount_fails_its_row_and_the_others_import(users, amount):
    job = enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "甲公司", revenue=amount), row(CODE_B, "乙公司")), filename="e.csv")
    assert [entry["status"] for entry in job.report] == ["failed", "created"]
    assert any("营业收入" in message for message in job.report[0]["errors"])
    assert not Enterprise.objects.filter(credit_code=CODE_A).exists()


def test_an_unexpected_data_error_in_one_row_never_aborts_the_file(users, monkeypatch):
    """Whatever a row's data raises below validation (the database refusing a value) stays that row's failure."""
    real_create, real_many = imports.enterprise_create, imports.enterprises_create_many

    def create(**kwargs):
        if kwargs["name"] == "溢出公司":
            raise decimal.InvalidOperation("numeric field overflow")
        return real_create(**kwargs)

    def create_many(*, actor, rows):  # the chunk's multi-row write meets the same value (then rows go one by one)
        if any(values["name"] == "溢出公司" for values, _qualifications in rows):
            raise decimal.InvalidOperation("numeric field overflow")
        return real_many(actor=actor, rows=rows)

    monkeypatch.setattr(imports, "enterprise_create", create)
    monkeypatch.setattr(imports, "enterprises_create_many", create_many)
    job = enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "溢出公司"), row(CODE_B, "乙公司")), filename="e.csv")
    assert [entry["status"] for entry in job.report] == ["failed", "created"]
    assert "数值超出范围" in job.report[0]["errors"][0]
    assert not Enterprise.objects.filter(credit_code=CODE_A).exists()


def test_reimporting_identical_rows_changes_nothing(users):
    enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "甲公司", revenue="500.00", capital="100.5")), filename="e.csv")
    stored = Enterprise.objects.get(credit_code=CODE_A)
    entries = AuditEntry.objects.filter(action="core.enterprise.update").count()
    job = enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "甲公司", revenue="500", capital="100.50")), filename="e.csv")
    assert [entry["status"] for entry in job.report] == ["unchanged"]
    assert (job.updated_rows, job.unchanged_rows, job.failed_rows) == (0, 1, 0)
    again = Enterprise.objects.get(credit_code=CODE_A)
    assert again.version == stored.version and again.annual_revenue == Decimal("500.00")
    assert AuditEntry.objects.filter(action="core.enterprise.update").count() == entries
    # A real change is still an update, recorded once.
    job = enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "甲公司", revenue="500.01", capital="100.50")), filename="e.csv")
    assert job.updated_rows == 1 and Enterprise.objects.get(credit_code=CODE_A).version == stored.version + 1
    assert AuditEntry.objects.filter(action="core.enterprise.update").count() == entries + 1


def test_an_unchanged_edit_with_a_stale_version_is_still_refused(users):
    enterprise_import(actor=users["admin"], file=csv(row(CODE_A, "甲公司")), filename="e.csv")
    enterprise = Enterprise.objects.get(credit_code=CODE_A)
    with pytest.raises(ValidationError):
        enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version - 1, name="甲公司")
    enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version, name="甲公司")
    assert Enterprise.objects.get(pk=enterprise.pk).version == enterprise.version


@pytest.mark.parametrize("text, expected", [
    ("1,234.5", Decimal("1234.50")), ("500", Decimal("500.00")), ("５００.0", Decimal("500.00")), ("0.004", Decimal("0.00")),
    (" 12 ", Decimal("12.00")), ("", None), (None, None),
])
def test_parse_decimal_reads_numbers_as_the_column_stores_them(text, expected):
    assert parse_decimal(text, "金额") == expected


@pytest.mark.parametrize("text", ["inf", "Infinity", "nan", "sNaN", "1e400", "1,2", "12,34,567", "1.2.3", "--1", "0x10", "1e", "-1", "1000000000000"])
def test_parse_decimal_refuses_what_is_not_a_storable_number(text):
    with pytest.raises(ValidationError) as refused:
        parse_decimal(text, "金额")
    assert "金额" in refused.value.messages[0]


def test_parse_count_wants_whole_numbers():
    assert parse_count("1,200", "人数") == 1200 and parse_count("12.0", "人数") == 12 and parse_count("", "人数") is None
    for text in ("12.5", "-1", "inf", "nan", "1e400", "3000000000"):
        with pytest.raises(ValidationError):
            parse_count(text, "人数")
