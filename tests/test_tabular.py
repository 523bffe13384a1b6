"""The one tabular reader: RFC 4180 first, encodings, fallback delimiters, workbooks, errors that name the row."""

from __future__ import annotations

import csv
import datetime as dt
import io
import sys

import numpy as np
import pytest
from openpyxl import Workbook

from yingshang.core.tabular import TableError, open_table, read_rows, read_table

NAME = '大连"海之韵{n:03d}"餐饮有限公司'


def _rfc4180(rows: list[list[str]]) -> str:
    """Standard CSV as Excel writes it: quotes only where needed, quotes doubled, CRLF."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue()


def test_doubled_quotes_anywhere_are_one_quote_also_after_the_first_4_kb():
    rows = [["名称", "说明"]] + [[NAME.format(n=n), f"第{n}行,含逗号\r\n和换行" + "填充" * 20] for n in range(120)]
    data = _rfc4180(rows).encode("utf-8")
    assert len(data) > 3 * 4096
    table = read_table(data, "a.csv", required={"名称"}, aliases={})
    assert [values["名称"] for _, values in table.rows] == [NAME.format(n=n) for n in range(120)]
    assert table.rows[-1][1]["说明"].startswith("第119行,含逗号\r\n和换行")
    # Row numbers are records as Excel shows them, even where a field spans lines.
    assert [number for number, _ in table.rows[:3]] == [2, 3, 4]


def test_a_quote_only_in_a_late_row_does_not_change_how_the_rest_is_read():
    head = "".join(f"企业{n},{n}\n" for n in range(400))  # far more than 4 KB without a single quote
    data = ("名称,人数\n" + head + '"大连""海之韵""公司",7\n').encode("utf-8")
    table = read_table(data, "late.csv", required=set(), aliases={})
    assert table.rows[-1][1] == {"名称": '大连"海之韵"公司', "人数": "7"}


@pytest.mark.parametrize("encoding, prefix", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"), ("gbk", b""), ("gb18030", b"")])
def test_utf8_bom_and_gbk_files_read_the_same(encoding, prefix):
    data = prefix + "名称,区县\n大连测试餐饮店,甘井子区\n".encode(encoding)
    reader = open_table(data, "x.csv")
    assert reader.headers == ["名称", "区县"]
    assert list(reader) == [(2, {"名称": "大连测试餐饮店", "区县": "甘井子区"})]


def test_undecodable_bytes_are_a_chinese_error():
    with pytest.raises(TableError, match="编码无法识别"):
        read_table("名称\n".encode("utf-8") + b"\x81\x20\xff\xfe", "x.csv", required=set(), aliases={})


def test_semicolon_file_falls_back_to_semicolon_keeping_rfc4180_quotes():
    data = '名称;金额\n"甲;乙 ""公司""";1,5\n丙;2\n'.encode("utf-8")
    reader = open_table(data, "eu.csv")
    assert reader.delimiter == ";"
    assert [values for _, values in reader] == [{"名称": '甲;乙 "公司"', "金额": "1,5"}, {"名称": "丙", "金额": "2"}]


def test_tsv_by_suffix():
    reader = open_table("名称\t代码\n甲,乙\t1\n".encode(), "x.tsv")
    assert list(reader) == [(2, {"名称": "甲,乙", "代码": "1"})]


def test_a_ragged_row_is_an_error_naming_the_row():
    data = "名称,代码\n甲,1\n乙,2\n丙,3,多余\n".encode()
    with pytest.raises(TableError, match="第4行列数多于表头"):
        read_table(data, "x.csv", required=set(), aliases={})


def test_trailing_empty_cells_and_short_rows_are_not_errors():
    table = read_table("名称,代码,备注\n甲,1,,\n乙\n".encode(), "x.csv", required=set(), aliases={})
    assert [v for _, v in table.rows] == [{"名称": "甲", "代码": "1", "备注": ""}, {"名称": "乙", "代码": "", "备注": ""}]


def test_an_unclosed_quote_is_an_error_not_a_swallowed_file():
    with pytest.raises(TableError, match="第3行附近"):
        read_table('名称,代码\n甲,1\n"乙,2\n丙,3\n'.encode(), "x.csv", required=set(), aliases={})


def test_missing_required_columns_are_named_by_their_chinese_headers():
    with pytest.raises(TableError, match="缺少必需的列:统一社会信用代码"):
        read_table("名称\n甲\n".encode(), "x.csv", required={"credit_code", "name"}, aliases={"名称": "name", "统一社会信用代码": "credit_code"})


def test_binary_and_empty_and_unknown_files_are_refused_clearly():
    with pytest.raises(TableError, match="文件为空"):
        read_table(b"", "x.csv", required=set(), aliases={})
    with pytest.raises(TableError, match="二进制"):
        read_table(b"a,b\n\x00\x01\x02", "x.csv", required=set(), aliases={})
    with pytest.raises(TableError, match="不支持的文件类型"):
        read_table(b"a", "x.pdf", required=set(), aliases={})
    with pytest.raises(TableError, match="已损坏"):
        read_table(b"PK\x03\x04not really a zip", "x.xlsx", required=set(), aliases={})


def _xlsx(rows) -> bytes:
    workbook = Workbook()
    for row in rows:
        workbook.active.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_xlsx_through_calamine_keeps_codes_dates_and_text():
    data = _xlsx([["名称", "区划代码", "成立日期", "公式"], ['大连"海之韵"公司', 210202, dt.datetime(2019, 3, 1), "=1+1"]])
    table = read_table(data, "x.xlsx", required=set(), aliases={})
    values = table.rows[0][1]
    assert values["名称"] == '大连"海之韵"公司' and values["区划代码"] == "210202" and values["成立日期"] == "2019-03-01"
    assert values["公式"] != "2"  # a formula is never executed: no cached value, nothing computed


def test_a_workbook_uploaded_with_a_csv_name_is_still_read():
    table = read_table(_xlsx([["名称"], ["甲"]]), "renamed.csv", required=set(), aliases={})
    assert table.rows == [(2, {"名称": "甲"})]


def test_xls_through_calamine():
    xlwt = pytest.importorskip("xlwt", reason="xlwt (test extra) writes the .xls fixture")
    workbook = xlwt.Workbook(encoding="utf-8")
    sheet = workbook.add_sheet("导入")
    for column, value in enumerate(["名称", "从业人数", "成立日期"]):
        sheet.write(0, column, value)
    sheet.write(1, 0, '大连"海之韵"公司')
    sheet.write(1, 1, 120)
    sheet.write(1, 2, dt.date(2021, 5, 6), xlwt.easyxf(num_format_str="YYYY-MM-DD"))
    buffer = io.BytesIO()
    workbook.save(buffer)
    table = read_table(buffer.getvalue(), "old.xls", required=set(), aliases={})
    assert table.rows == [(2, {"名称": '大连"海之韵"公司', "从业人数": "120", "成立日期": "2021-05-06"})]


def test_rows_stream_from_a_path(tmp_path):
    path = tmp_path / "big.csv"
    path.write_text("名称,序号\n" + "".join(f"企业{n},{n}\n" for n in range(20000)), encoding="utf-8")
    reader = open_table(path)
    first = next(iter(reader))
    assert first == (2, {"名称": "企业0", "序号": "0"})
    assert sum(1 for _ in reader.records()) == 19999


# --- the registry import of the issue ----------------------------------------------------------------

@pytest.mark.django_db
def test_registry_import_of_names_with_doubled_quotes_after_4_kb(users):
    from yingshang.core.creditcode import generate_credit_codes
    from yingshang.core.imports import enterprise_import
    from yingshang.core.models import Enterprise

    codes = generate_credit_codes(120, division_codes=np.full(120, "210211"), type_codes=np.full(120, "1"), rng=np.random.default_rng(11))
    header = ["统一社会信用代码", "名称", "主体类型", "注册区县", "行业代码", "成立日期"]
    # The first names carry no quote at all, so the first 4 KB look like a quote-free file.
    names = [f"大连测试第{n:03d}号商贸有限公司" if n < 60 else NAME.format(n=n) for n in range(120)]
    data = _rfc4180([header] + [[code, name, "企业", "甘井子区", "62", "2021-05-06"] for code, name in zip(codes, names)]).encode("utf-8")
    assert b'"' not in data[:4096] and data.index(b'""') > 4096
    job = enterprise_import(actor=users["admin"], file=data, filename="registry.csv")
    assert (job.created_rows, job.failed_rows) == (120, 0), [r["errors"] for r in job.report if r["errors"]][:3]
    stored = dict(Enterprise.objects.filter(credit_code__in=codes).values_list("credit_code", "name"))
    assert [stored[code] for code in codes] == names
    assert stored[codes[119]] == '大连"海之韵119"餐饮有限公司'


# --- the classifier's command line -------------------------------------------------------------------

def test_train_command_reads_a_standard_csv_with_doubled_quotes(tmp_path):
    """Shaped like shared/data/appeals/train.csv: a first row without quotes, then quoted multi-line texts with ""."""
    from django.core.management import call_command

    from yingshang.appeals.management.commands.appeals import read_csv_table

    words = {"城乡建设": "小区 物业 噪音 施工 拆迁 绿化 停车 楼道", "交通运输": "公交 线路 站点 出租车 地铁 道路 拥堵 班次"}
    rows = [["title", "detail", "text", "label"]]
    for n in range(40):
        label = list(words)[n % 2]
        title = "" if n == 0 else f"关于{label}问题的反映{n}"
        detail = f"{words[label]}第{n}次反映" if n == 0 else f'{words[label]},对方解释为"因不可抗力",第{n}次反映。\n\t请尽快处理'
        rows.append([title, detail, f"{title}\n{detail}" if title else detail, label])
    source = tmp_path / "train.csv"
    source.write_bytes(_rfc4180(rows).encode("utf-8"))
    table = read_csv_table(str(source))
    assert table.values("text") == [row[2] for row in rows[1:]]
    out = io.StringIO()
    call_command("appeals", "train", "--csv", str(source), "--text-col", "text", "--label-col", "label", "--out", str(tmp_path / "m"), stdout=out)
    assert "模型已训练:40 条样本,2 个标签" in out.getvalue()


@pytest.mark.skipif(sys.platform == "win32", reason="paths")
def test_classify_writes_results_back_in_the_input_encoding_and_delimiter(tmp_path):
    from yingshang.appeals.management.commands.appeals import read_csv_table

    source = tmp_path / "in.csv"
    source.write_bytes('text;note\n"路灯""不亮""";甲\n'.encode("gbk"))
    table = read_csv_table(str(source))
    assert (table.encoding, table.delimiter) == ("gb18030", ";")
    assert table.values("text") == ['路灯"不亮"']


def test_a_title_row_above_the_header_is_skipped_and_row_numbers_stay_excels():
    data = _xlsx([["2026年大连市经营主体名单"], [], ["名称", "区县"], ["甲公司", "中山区"]])
    table = read_table(data, "x.xlsx", required={"name"}, aliases={"名称": "name"})
    assert table.rows == [(4, {"name": "甲公司", "区县": "中山区"})]
    with pytest.raises(TableError, match="缺少必需的列:统一社会信用代码"):
        read_table(data, "x.xlsx", required={"name", "code"}, aliases={"名称": "name", "统一社会信用代码": "code"})


def test_read_rows_keeps_title_and_merged_rows_of_a_document_table():
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["某区2022年重点任务分工方案"])
    sheet.append(["序号", "重点任务", "牵头单位"])
    sheet.append([])
    sheet.append([1, "优化企业开办", "区市场监管局"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = read_rows(buffer.getvalue(), "分工方案.xlsx")
    assert rows[0][0] == "某区2022年重点任务分工方案" and rows[1] == ["序号", "重点任务", "牵头单位"]
    assert rows[2] == ["1", "优化企业开办", "区市场监管局"]  # the blank row is dropped, 1 stays 1
    assert read_rows("a,b\n1,2\n".encode("gbk"), "rows.csv") == [["a", "b"], ["1", "2"]]
    with pytest.raises(TableError):
        read_rows(b"PK\x03\x04 damaged", "broken.xlsx")
