import io

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from openpyxl import Workbook

from yingshang.core.imports import enterprise_import, unit_import
from yingshang.core.models import AuditEntry, Enterprise, ImportJob, Unit, UnitAlias
from yingshang.core.tabular import read_table

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),资质,信用等级\n"
GOOD_1 = "91350100M000100Y43,大连测试软件有限公司,企业,中山区,I65,2019-03-01,120,3000,高新技术企业,A\n"
GOOD_2 = "91210202FTTM0HX12A,大连测试餐饮店,个体工商户,西岗区,62,2021/5/6,4,80,,B\n"
BAD_CODE = "91350100M000100Y44,坏代码公司,企业,中山区,65,2019-03-01,10,100,,A\n"
BAD_MANY = "91110000600037341L,多处错误公司,公司,火星区,99X,2019-13-45,-3,abc,神秘资质,Z\n"


def _csv(*rows, encoding="utf-8"):
    return (HEADER + "".join(rows)).encode(encoding)


def test_good_rows_land_and_bad_rows_are_reported_not_dropped(users):
    job = enterprise_import(actor=users["admin"], file=_csv(GOOD_1, BAD_CODE, GOOD_2, BAD_MANY), filename="batch.csv")
    assert (job.total_rows, job.created_rows, job.failed_rows) == (4, 2, 2)
    assert [r["row"] for r in job.report] == [2, 3, 4, 5]
    bad = {r["row"]: r["errors"] for r in job.report if r["status"] == "failed"}
    assert any("校验码错误" in e for e in bad[3])
    assert len(bad[5]) >= 6  # every problem of the row is named, not only the first
    assert any("火星区" in e for e in bad[5]) and any("神秘资质" in e for e in bad[5])
    created = Enterprise.objects.get(credit_code="91350100M000100Y43")
    assert created.size_class == "medium" and created.industry_id == "65"
    assert list(created.qualifications.values_list("code", flat=True)) == ["high_tech"]
    assert AuditEntry.objects.filter(action="core.enterprise.create", object_id=str(created.pk)).exists()


def test_reimport_updates_instead_of_duplicating(users):
    enterprise_import(actor=users["admin"], file=_csv(GOOD_1), filename="a.csv")
    job = enterprise_import(actor=users["admin"], file=_csv(GOOD_1.replace(",120,", ",130,")), filename="a.csv")
    assert job.updated_rows == 1 and Enterprise.objects.get(credit_code="91350100M000100Y43").employees == 130


def test_duplicate_codes_inside_one_file(users):
    job = enterprise_import(actor=users["admin"], file=_csv(GOOD_1, GOOD_1), filename="dup.csv")
    assert job.created_rows == 1 and "重复" in job.report[1]["errors"][0]


def test_gbk_csv_and_xlsx(users):
    job = enterprise_import(actor=users["admin"], file=_csv(GOOD_2, encoding="gbk"), filename="gbk.csv")
    assert job.created_rows == 1
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER.strip().split(","))
    sheet.append(GOOD_1.strip().split(","))
    buffer = io.BytesIO()
    workbook.save(buffer)
    job = enterprise_import(actor=users["admin"], file=buffer.getvalue(), filename="x.xlsx")
    assert job.created_rows == 1


@pytest.mark.parametrize(
    "content, filename, message",
    [
        (b"", "empty.csv", "文件为空"),
        (b"\x00\x01garbage", "broken.xlsx", "Excel 文件已损坏"),
        (b"a,b\n1,2\n", "cols.csv", "缺少必需的列"),
        (b"whatever", "data.pdf", "不支持的文件类型"),
    ],
)
def test_malformed_files_change_nothing(users, content, filename, message):
    before = (Enterprise.objects.count(), ImportJob.objects.count(), AuditEntry.objects.count())
    with pytest.raises(ValidationError, match=message):
        enterprise_import(actor=users["admin"], file=content, filename=filename)
    assert (Enterprise.objects.count(), ImportJob.objects.count(), AuditEntry.objects.count()) == before


def test_import_page_shows_report_and_csv(client_for):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client = client_for("admin")
    upload = SimpleUploadedFile("batch.csv", _csv(GOOD_1, BAD_CODE), content_type="text/csv")
    response = client.post(reverse("enterprise_import"), {"file": upload}, follow=True)
    # The import runs as a background job; the page it redirects to shows its report.
    assert response.redirect_chain[-1][0].startswith("/jobs/")
    page = response.content.decode()
    assert "新增 1" in page and "失败 1" in page and "校验码错误" in page
    job = ImportJob.objects.latest("id")
    response = client.get(reverse("import_report_xlsx", args=[job.pk]))
    report = read_table(b"".join(response.streaming_content), "report.xlsx", required={"行号", "原因"}, aliases={})
    assert any("校验码错误" in row["原因"] for _, row in report.rows)


def test_oversized_upload_is_refused_with_413(client_for, settings):
    settings.YINGSHANG_MAX_UPLOAD_BYTES = 1000
    client = client_for("admin")
    from django.core.files.uploadedfile import SimpleUploadedFile

    before = Enterprise.objects.count()
    response = client.post(reverse("enterprise_import"), {"file": SimpleUploadedFile("big.csv", _csv(*[GOOD_1] * 40))})
    assert response.status_code == 413 and "超过上限" in response.content.decode()
    assert Enterprise.objects.count() == before


def test_forged_request_without_csrf_token_changes_nothing(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["admin"])
    unit = Unit.objects.get(code="U039")
    response = client.post(reverse("unit_alias_add", args=[unit.pk]), {"alias": "伪造别名"})
    assert response.status_code == 403 and "CSRF" in response.content.decode()
    assert not UnitAlias.objects.filter(alias="伪造别名").exists()


def test_unit_import_creates_units_adds_aliases_and_flags_unknown_parents(users):
    content = (
        "code,name,kind,parent_code,division_code,aliases\n"
        "X1,市测试中心,other,U000,2102,测试中心;市测中心\n"
        "X2,市测试中心分部,other,X1,,\n"
        "X3,孤儿单位,other,NOPE,,\n"
        "U039,市市场监督管理局,city_dept,,,市场监管\n"
        "X4,乱类别单位,weird,U000,,\n"
    ).encode()
    job = unit_import(actor=users["admin"], file=content, filename="units.csv")
    assert (job.created_rows, job.updated_rows, job.failed_rows) == (2, 1, 2)
    child = Unit.objects.get(code="X2")
    assert child.tree_path == "/U000/X1/X2/"
    assert UnitAlias.objects.filter(unit__code="U039", alias="市场监管").exists()
    assert "不存在" in job.report[2]["errors"][0] and "类别" in job.report[4]["errors"][0]


def test_read_rows_gives_cells_under_a_vertical_merge_as_the_caller_asks():
    from yingshang.core.tabular import read_rows

    book = Workbook()
    sheet = book.active
    sheet["B2"], sheet["C2"] = "序号", "牵头单位"
    sheet["B3"], sheet["C3"] = "1", "市发改委"
    sheet["B4"], sheet["B5"] = "2", "3"
    sheet.merge_cells("C3:C4")
    sheet.merge_cells("B5:C5")  # a horizontal merge is left to the reader: its other cells stay empty
    buffer = io.BytesIO()
    book.save(buffer)
    data = buffer.getvalue()
    # By default as Excel shows the sheet: the covered cell is empty.
    assert read_rows(io.BytesIO(data), "plan.xlsx") == [["", "序号", "牵头单位"], ["", "1", "市发改委"], ["", "2", ""], ["", "3", ""]]
    marked = read_rows(io.BytesIO(data), "plan.xlsx", merged_down=lambda text: "↓" + text)
    assert marked[2] == ["", "2", "↓市发改委"]
    assert marked[3] == ["", "3", ""]
