"""Plan shapes other than tidy text: 分工方案 tables (DOCX, HTML, XLSX, flattened), one-paragraph plans,
and the responsibility conventions of other cities' plans (issue #13)."""

from __future__ import annotations

import io

import pytest

from yingshang.plans.parsing import iter_items, parse_plan
from yingshang.plans.parsing.deadlines import is_deadline_phrase
from yingshang.plans.parsing.document import document_year
from yingshang.plans.parsing.tables import column_role
from yingshang.plans.parsing.flat_rows import flat_table_header, split_flat_row
from yingshang.plans.parsing.table_units import unit_run


def _items(plan):
    return {tuple(item["path"]): item for item in iter_items(plan)}


def _lead(item):
    return [m["mention"] for m in item["lead_units"]]


def _responsible(item):
    return [m["mention"] for m in item["responsible_units"]]


def _dates(item):
    return [d["date"] or d["kind"] for d in item["deadlines"]]


# --- flattened tables ---------------------------------------------------------------------------

FLAT = """某市2023年优化营商环境重点任务分工方案
序号 重点任务 具体措施 牵头单位 责任单位 完成时限
一、提升政务服务水平
1推行企业开办全程网办。实现企业开办1个工作日内办结。市市场监管局市公安局各区县政府2023年6月底
2推进工程建设项目审批改革。审批时限压缩至60个工作日以内。市住房城乡建设局、市自然资源局市发展改革委8月底前
3优化纳税服务。推行非接触式办税。市税务局各区县政府长期推进
"""


def test_flattened_table_rows_give_lead_units_and_deadlines():
    plan = parse_plan(FLAT)
    items = _items(plan)
    assert list(items) == [(1,), (1, 1), (1, 2), (1, 3)]
    assert _lead(items[(1, 1)]) == ["市市场监管局"]
    assert _responsible(items[(1, 1)]) == ["市公安局", "各区县政府"]
    assert _dates(items[(1, 1)]) == ["2023-06-30"]
    # a list joined by 、 stays in one cell; the next name run on without a separator starts the next cell
    assert _lead(items[(1, 2)]) == ["市住房城乡建设局", "市自然资源局"]
    assert _responsible(items[(1, 2)]) == ["市发展改革委"]
    # 8月底前 without a year: the year of the plan's title
    assert _dates(items[(1, 2)]) == ["2023-08-31"]
    assert _dates(items[(1, 3)]) == ["ongoing"]
    assert "市市场监管局" not in items[(1, 1)]["text"]


def test_flattened_table_with_cells_separated_by_spaces_or_tabs():
    text = "序号\t任务\t牵头单位\t配合单位\t完成时限\n1\t建设企业服务平台。\t市数据局\t市财政局、市商务局\t2024年底前\n2\t开展营商环境评价。\t市营商局\t各区政府\t2024年9月底前\n"
    items = _items(parse_plan(text))
    assert _lead(items[(1,)]) == ["市数据局"] and _responsible(items[(1,)]) == ["市财政局", "市商务局"]
    assert [m["label"] for m in items[(1,)]["responsible_units"]] == ["配合单位", "配合单位"]
    assert _dates(items[(2,)]) == ["2024-09-30"]


def test_unit_grammar_and_header_words():
    assert unit_run("市市场监管局市公安局各区县政府") == [("市市场监管局", False), ("市公安局", False), ("各区县政府", False)]
    # abbreviated names (without 市) only after a separator
    assert [n for n, _ in unit_run("市行政审批局、住建局、司法局")] == ["市行政审批局", "住建局", "司法局"]
    assert unit_run("审批服务市行政审批局") is None  # the first name must start like a full name
    assert unit_run("市政府办公室") == [("市政府办公室", False)]
    assert flat_table_header("序号重点任务牵头单位责任单位完成时限备注") == ["序号", "重点任务", "牵头单位", "责任单位", "完成时限", "备注"]
    assert flat_table_header("一、重点任务和牵头单位") is None
    roles = [column_role(h) for h in ("序号", "工作措施", "牵头考核单位", "责任单位", "时间节点", "备注", "牵头市领导")]
    assert roles == ["number", "text", "lead", "responsible", "deadline", "note", "person"]


def test_flat_row_without_units_keeps_its_text():
    roles = [column_role(h) for h in ("序号", "任务", "牵头单位", "完成时限")]
    cells = split_flat_row("完善企业服务机制,提升服务水平", roles)
    assert cells[1] == "完善企业服务机制,提升服务水平" and 2 not in cells


# --- table files ----------------------------------------------------------------------------------

ROWS = [
    ["某区2022年营商环境重点任务分工方案"],
    ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "时间节点", "备注"],
    ["一、政务环境"],
    ["1", "优化企业开办", "实行企业开办“一网通办”。", "区市场监管局", "区税务局、区公安分局", "6月底前", ""],
    ["2", "提升审批效率", "推行告知承诺制。", "区行政审批局", "区直各有关部门", "2022年12月底前", "年度重点"],
]


def test_docx_table(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph(ROWS[0][0])
    table = document.add_table(rows=0, cols=7)
    for row in ROWS[1:]:
        cells = table.add_row().cells
        if len(row) == 1:
            cells[0].merge(cells[-1]).text = row[0]
        else:
            for cell, text in zip(cells, row):
                cell.text = text
    path = tmp_path / "plan.docx"
    document.save(path)
    _check_table_plan(parse_plan(path))


def test_html_table():
    html = "<html><body><p>" + ROWS[0][0] + "</p><table>" + "".join(
        "<tr>" + ("<td colspan=7>" + row[0] + "</td>" if len(row) == 1 else "".join(f"<td>{c}</td>" for c in row)) + "</tr>"
        for row in ROWS[1:]
    ) + "</table></body></html>"
    _check_table_plan(parse_plan(html.encode("utf-8"), filename="plan.html"))


def test_xlsx_table(tmp_path):
    openpyxl = pytest.importorskip("openpyxl")
    workbook = openpyxl.Workbook()
    for row in ROWS:
        workbook.active.append([int(c) if c.isdigit() else c for c in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    plan = parse_plan(buffer.getvalue(), filename="分工方案.xlsx")
    assert plan["format"] == "xlsx"
    _check_table_plan(plan)


def _check_table_plan(plan):
    items = _items(plan)
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert items[(1, 1)]["title"].startswith("优化企业开办")
    assert _lead(items[(1, 1)]) == ["区市场监管局"] and _responsible(items[(1, 1)]) == ["区税务局", "区公安分局"]
    assert _dates(items[(1, 1)]) == ["2022-06-30"] and _dates(items[(1, 2)]) == ["2022-12-31"]
    assert plan["year"] == 2022 and plan["year_source"] == "title"


# --- one-paragraph plans --------------------------------------------------------------------------


def test_plan_pasted_as_one_paragraph_is_split_on_its_numbering():
    text = (
        "国务院关于进一步优化营商环境的实施意见 国发〔2023〕9号 各省、自治区、直辖市人民政府: 现提出如下意见。 "
        "一、优化准入环境 (一)压减审批事项。全面清理审批事项,年底前再取消50项。(市场监管总局牵头,国务院有关部门按职责分工负责) "
        "(二)降低准入成本。企业开办费用降至2.5万元以下,确保1.8万户企业受益。(发展改革委、财政部负责,2023年9月底前完成) "
        "二、优化监管环境 (三)推行信用监管。建立健全信用分级分类监管制度。(国家发展改革委牵头) (四)规范行政检查。严格控制检查频次。"
    )
    plan = parse_plan(text)
    items = _items(plan)
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    assert plan["title"] == "国务院关于进一步优化营商环境的实施意见" and plan["doc_number"] == "国发〔2023〕9号"
    assert plan["year"] == 2023
    assert _lead(items[(1, 1)]) == ["市场监管总局"] and _dates(items[(1, 1)]) == ["2023-12-31"]
    # "(……负责)" names responsible units; the time in the same bracket is the deadline
    assert _responsible(items[(1, 2)]) == ["发展改革委", "财政部"] and _dates(items[(1, 2)]) == ["2023-09-30"]
    assert "2.5万元" in items[(1, 2)]["text"]  # numbers inside sentences are not markers


def test_numbering_that_runs_on_across_chapters_keeps_every_item():
    chapters = []
    number = 1
    for chapter, count in (("一", 8), ("二", 9), ("三", 4)):
        body = " ".join(f"{n}.任务{n}。(市发展改革委牵头,市财政局配合)" for n in range(number, number + count))
        chapters.append(f"{chapter}、第{chapter}部分 {body}")
        number += count
    plan = parse_plan(" ".join(chapters) + " " * 10)
    items = [tuple(i["path"]) for i in iter_items(plan)]
    assert len(items) == 3 + 21
    assert (2, 9) in items and (2, 17) in items and (3, 21) in items
    assert all(_lead(i) == ["市发展改革委"] for i in iter_items(plan) if len(i["path"]) == 2)


def test_sub_items_run_into_one_paragraph_are_split():
    text = (
        "一、减少审批\n1.深化商事制度改革。(1)全面落实“多证合一”。(市市场监管局牵头负责)(2)完善全程电子化登记,"
        "推行网上申请。(市市场监管局、市数据局按职责分工负责)(3)推进名称登记改革。\n2.下一项。"
    )
    items = _items(parse_plan(text))
    assert list(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 1, 3), (1, 2)]
    assert _lead(items[(1, 1, 1)]) == ["市市场监管局"]
    assert _responsible(items[(1, 1, 2)]) == ["市市场监管局", "市数据局"]


# --- conventions ----------------------------------------------------------------------------------


def test_first_responsible_unit_is_the_lead_convention_is_not_a_unit():
    text = (
        "一、市场环境\n(一)推进PPP规范运行。\n责任单位:市发改委、市财政局(第一责任单位为牵头单位,下同)\n时限要求:持续推进\n"
        "(二)落实招投标政策。\n责任单位:市建设局、市财政局\n时限要求:2019年底前\n"
    )
    items = _items(parse_plan(text))
    assert _lead(items[(1, 1)]) == ["市发改委"] and _responsible(items[(1, 1)]) == ["市财政局"]
    assert _lead(items[(1, 2)]) == ["市建设局"]
    assert _dates(items[(1, 1)]) == ["scheduled"]


def test_deadline_and_units_in_one_trailing_bracket():
    text = (
        "某市2023年营商环境行动方案\n一、政务环境\n1.推行“一件事一次办”。(2023年6月底前,牵头单位:市数据局;配合单位:市直各部门)\n"
        "2.压缩审批时限。(牵头考核单位:市行政审批局;责任单位:各区县政府)\n"
        "3.清理证明事项。(牵头单位:州司法局;责任单位:州直相关单位,各县市人民政府,6月底完成)\n"
    )
    items = _items(parse_plan(text))
    assert _lead(items[(1, 1)]) == ["市数据局"] and _dates(items[(1, 1)]) == ["2023-06-30"]
    assert _lead(items[(1, 2)]) == ["市行政审批局"]
    assert _responsible(items[(1, 3)]) == ["州直相关单位", "各县市人民政府"] and _dates(items[(1, 3)]) == ["2023-06-30"]


def test_lead_and_cooperating_units_without_labels():
    text = "一、投资环境\n1.精简审批手续。5月底前实现中介超市上线运行。(市发展改革委牵头,市财政局、市商务局配合)\n2.下一项。(市商务局牵头负责)\n"
    items = _items(parse_plan(text))
    assert _lead(items[(1, 1)]) == ["市发展改革委"] and _responsible(items[(1, 1)]) == ["市财政局", "市商务局"]
    assert _lead(items[(1, 2)]) == ["市商务局"]
    # no year anywhere: the deadline is kept with its text, undated
    assert items[(1, 1)]["deadlines"] == [{"text": "5月底前", "date": None, "kind": "date"}]


def test_deadline_phrases():
    assert all(is_deadline_phrase(t) for t in ("6月底完成", "2023年6月底前", "年内持续推进", "长期推进", "2024年9月底"))
    assert not any(is_deadline_phrase(t) for t in ("市财政局", "2019年实现90%事项网上办", "各区县政府", ""))


def test_document_year_sources():
    assert document_year({"title": "某市2024年工作要点", "doc_number": "某政发〔2023〕1号"}) == (2024, "title")
    assert document_year({"title": "某市行动方案(2021-2024年)", "doc_number": "某政发〔2022〕1号"}) == (2022, "doc_number")
    assert document_year({"title": None, "doc_number": None, "date": "2020-02-22"}) == (2020, "date")
    assert document_year({"title": None, "doc_number": None, "date": None, "published": "2019-05-01"}) == (2019, "published")
    assert document_year({}) == (None, None)


# --- the command ----------------------------------------------------------------------------------

HELDOUT = __import__("pathlib").Path(__file__).parent / "fixtures" / "heldout_plans"


@pytest.mark.parametrize(
    "name",
    ["dev/gangcheng2021_table.docx", "dev/xiamen2019_table.html", "dev/gangcheng2021_flat.txt", "dev/guandu2016_paragraph.txt", "table.xlsx"],
)
def test_cli_parses_every_shape_to_json(name, tmp_path, capsys):
    import json

    from yingshang.plans.cli_parse import main

    if name == "table.xlsx":
        openpyxl = pytest.importorskip("openpyxl")
        workbook = openpyxl.Workbook()
        for row in ROWS:
            workbook.active.append(row)
        path = tmp_path / name
        workbook.save(path)
    else:
        path = HELDOUT / name
    assert main(["parse", str(path), "--format", "json"]) == 0
    plan = json.loads(capsys.readouterr().out)
    assert plan["item_count"] >= 3
    assert any(item["lead_units"] for item in iter_items(plan))


def test_table_copied_with_one_cell_per_line():
    text = (
        "某市2023年重点工作责任分解\n序号\n\n主 要 工 作 任 务\n\n牵头单位\n\n完成时限\n"
        "一、稳增长\n1\n\n地区生产总值增长6%左右。\n\n市发展改革委\n\n年底前\n"
        "2\n研发投入强度达到3.3%。\n市科技局\n2023年9月底前\n"
    )
    items = _items(parse_plan(text))
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert _lead(items[(1, 1)]) == ["市发展改革委"] and _dates(items[(1, 1)]) == ["2023-12-31"]
    assert _lead(items[(1, 2)]) == ["市科技局"] and _dates(items[(1, 2)]) == ["2023-09-30"]


def test_header_cells_may_carry_the_year():
    text = (
        "某区2022年目标任务分解表\n序号\n\n2022年预期目标\n\n责任单位\n\n"
        "1\n\n地区生产总值增长5.5%左右\n\n区发展改革委\n\n2\n\n固定资产投资增长6%左右\n\n区财政局\n"
    )
    items = _items(parse_plan(text))
    assert list(items) == [(1,), (2,)]
    assert _responsible(items[(2,)]) == ["区财政局"] and _lead(items[(2,)]) == []
    assert flat_table_header("序号 2024年度重点任务 牵头单位 完成时限") == ["序号", "2024年度重点任务", "牵头单位", "完成时限"]


def test_whole_year_is_a_deadline_only_in_a_deadline_field():
    plan = parse_plan(
        "某市2024年工作清单\n一、政策环境\n1.落实涉企政策。全年经济增长6%。〔责任单位:市政府办公室、市发展改革委,完成时限:全年〕\n"
        "2.开展政策解读。全年开展10场。(市司法局负责)\n"
    )
    items = _items(plan)
    assert _dates(items[(1, 1)]) == ["2024-12-31"]
    assert _dates(items[(1, 2)]) == []
    assert is_deadline_phrase("全年")


def test_a_year_that_opens_a_heading_names_a_period_unless_the_heading_announces_the_years_targets_or_work():
    items = _items(
        parse_plan(
            "某区2023年目标任务责任分解方案\n一、2023年全区经济社会发展的主要预期目标\n(一)地区生产总值增长7%以上\n"
            "责任单位:区发展和改革局\n二、2023年重点工作\n(一)2024年完成老旧小区改造。\n"
        )
    )
    # The year's targets are due by the year's end (the chapter's items state none of their own); so is a heading that
    # announces the year's work (二、2023年重点工作: every real part's annotator dated it, round 31), on the heading only.
    assert _dates(items[(1,)]) == ["2023-12-31"] and _dates(items[(1, 1)]) == []
    assert _dates(items[(2,)]) == ["2023-12-31"]
    assert _dates(items[(2, 1)]) == ["2024-12-31"]


def test_people_fields_and_small_form_markers():
    items = _items(
        parse_plan(
            "某省重点工作及责任分解\n一、确保完成全年主要预期目标\n1﹒全省生产总值增长7%以上。\n牵头负责领导:刘某。\n"
            "牵头责任单位:省发展改革委。\n协同责任单位:省财政厅、省统计局。\n2﹒固定资产投资增长10%以上。\n"
            "牵头负责领导:王某。\n牵头责任单位:省发展改革委。\n"
        )
    )
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert _lead(items[(1, 1)]) == ["省发展改革委"]
    assert _responsible(items[(1, 1)]) == ["省财政厅", "省统计局"]
    assert "刘某" not in items[(1, 1)]["text"] and items[(1, 1)]["text"] == "全省生产总值增长7%以上。"


def test_flattened_table_with_the_deadline_column_before_the_units():
    text = (
        "某县2023年优化营商环境任务清单\n序号 工作任务 完成时限 牵头单位 配合单位\n一、政务服务\n"
        "1推行企业开办全程网办,实现1个工作日内办结。2023年6月底前县市场监管局县税务局,各乡镇\n"
        "2深化工程建设项目审批改革。长期坚持县住建局县自然资源局\n"
    )
    items = _items(parse_plan(text))
    assert items[(1, 1)]["text"] == "推行企业开办全程网办,实现1个工作日内办结。"
    assert _lead(items[(1, 1)]) == ["县市场监管局"] and _dates(items[(1, 1)]) == ["2023-06-30"]
    assert _lead(items[(1, 2)]) == ["县住建局"] and _dates(items[(1, 2)]) == ["ongoing"]
    assert items[(1, 2)]["text"] == "深化工程建设项目审批改革。"
