"""Round 16 conventions of the plan parser, each on a constructed example in the shape of a real plan.

The examples are built for the tests, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path


def _parse(text: str, filename: str = "plan.txt") -> dict:
    return items_by_path(text.encode("utf-8"), filename=filename)


def _dates(item: dict) -> list:
    return [d["date"] for d in item["deadlines"]]


# --- a heading that announces the year's targets -----------------------------------------------------------------


def test_a_heading_that_announces_a_years_targets_is_due_by_that_years_end():
    items = _parse(
        "某县2022年政府工作报告重点工作责任分解\n"
        "一、落实2022年经济社会发展总体要求和主要预期目标\n"
        "1.地区生产总值增长7%左右。(牵头单位:县发改局)\n"
        "二、2022年重点工作任务\n"
        "1.新建改建农村公路120公里。(牵头单位:县交通运输局)\n"
    )
    assert _dates(items[(1,)]) == ["2022-12-31"]
    assert _dates(items[(1, 1)]) == []  # the targets under the heading state no date of their own
    assert _dates(items[(2,)]) == []  # a year's work, not a target: the period its items fall in


def test_the_whole_years_targets_take_the_plans_year():
    items = _parse(
        "某市2021年重点工作及责任分解\n一、确保完成全年主要预期目标\n1.全市生产总值增长8%。\n二、年度预期目标\n1.新增城镇就业1万人。\n"
        "三、生态环境\n1.空气质量完成年度目标任务。\n"
    )
    assert _dates(items[(1,)]) == ["2021-12-31"]
    assert _dates(items[(2,)]) == ["2021-12-31"]
    assert _dates(items[(1, 1)]) == []
    assert _dates(items[(3, 1)]) == []  # a task that meets a yearly target, not a heading of the year's targets


def test_target_headings_without_a_year_or_inside_a_sentence_set_no_deadline():
    items = _parse(
        "某区优化营商环境工作方案\n一、主要目标\n通过两年努力,营商环境明显改善。\n"
        "二、重点任务\n1.围绕全年目标,推动审批提速。\n2.确保完成全年主要预期目标。\n"
    )
    assert _dates(items[(1,)]) == []  # no year named
    assert _dates(items[(2, 1)]) == []  # a clause, not a heading
    # the plan states no year: 全年 cannot be dated, and no deadline is made up
    assert _dates(items[(2, 2)]) == []


def test_a_target_heading_in_a_tables_category_row():
    items = _parse(
        "某区2025年政府工作报告重点工作任务分解表\n序号 重点工作任务 主要责任单位 协同配合单位\n"
        "一、2025年经济社会发展的主要预期目标\n"
        "1 地区生产总值增长6%左右。 区发改委 区统计局\n"
        "二、重点任务\n"
        "1 新建标准化厂房10万平方米,2025年底前竣工。 区工信局 区住建局\n"
    )
    assert _dates(items[(1,)]) == ["2025-12-31"]
    assert _dates(items[(1, 1)]) == []
    assert _dates(items[(2, 1)]) == ["2025-12-31"]


# --- 1。 as a marker; the year of a plan issued by 「提出如下任务分工」; work that goes on within the year ------------


def test_a_full_stop_typed_for_the_point_after_an_item_number():
    items = _parse(
        "关于落实《政府工作报告》重点工作的任务分工\n"
        "为切实做好2021年政府工作,实现经济社会发展目标任务,结合本市实际,提出如下任务分工:\n"
        "总体要求\n"
        "1。坚持稳中求进工作总基调,统筹发展和安全。(市政府各部门分别负责,年内持续推进)\n"
        "2。扎实做好“六稳”工作。(市发展改革委牵头,年底前完成)\n"
    )
    assert sorted(items) == [(1,), (2,)]
    assert items[(1,)]["text"].startswith("坚持稳中求进")
    # the plan's year comes from the sentence that issues it; the work that goes on within the year is due at its end
    assert [(d["date"], d["text"]) for d in items[(1,)]["deadlines"]] == [("2021-12-31", "年内持续推进")]
    assert _dates(items[(2,)]) == ["2021-12-31"]


def test_a_full_stop_after_a_figure_that_opens_a_line_is_no_marker():
    items = _parse("某县2022年工作要点\n一、稳定增长\n1.全年地区生产总值增长6%。\n2。\n二、改善民生\n1.新增就业2000人。\n")
    assert sorted(items) == [(1,), (1, 1), (2,), (2, 1)]


def test_issuing_sentences_that_name_two_years_give_no_year():
    from yingshang.plans.parsing.document import issuing_sentence_year

    assert issuing_sentence_year(["为做好2020年工作,比2019年更进一步,现提出以下实施意见。"]) == 2020
    assert issuing_sentence_year(["为做好2020年和2021年工作,现提出以下实施意见。"]) is None
    assert issuing_sentence_year(["2020年以来全市经济平稳运行,各项工作扎实推进。"]) is None


# --- unit and deadline cells merged down over several tasks ------------------------------------------------------


_MERGED_HTML = (
    "<html><body><p>某市2024年优化营商环境重点任务分工表</p><table>"
    "<tr><th>序号</th><th>重点任务</th><th>牵头单位</th><th>配合单位</th><th>完成时限</th></tr>"
    "<tr><td>1</td><td>推行企业开办一网通办。</td><td rowspan='3'>市市场监管局</td><td>市税务局</td>"
    "<td rowspan='2'>2024年6月底前</td></tr>"
    "<tr><td>2</td><td>推进证照分离改革全覆盖。</td><td>市司法局</td></tr>"
    "<tr><td>3</td><td>开展双随机一公开监管。</td><td>各区县政府</td><td>2024年12月底前</td></tr>"
    "<tr><td>4</td><td>推进工程建设项目审批提速。</td><td>市住建局</td><td>市自然资源局</td><td>长期坚持</td></tr>"
    "</table></body></html>"
)


def _merged_docx() -> bytes:
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("某市2024年优化营商环境重点任务分工表")
    rows = [
        ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"],
        ["1", "推行企业开办一网通办。", "市市场监管局", "市税务局", "2024年6月底前"],
        ["2", "推进证照分离改革全覆盖。", "", "市司法局", ""],
        ["3", "开展双随机一公开监管。", "", "各区县政府", "2024年12月底前"],
        ["4", "推进工程建设项目审批提速。", "市住建局", "市自然资源局", "长期坚持"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 2).merge(table.cell(3, 2)).text = "市市场监管局"
    table.cell(1, 4).merge(table.cell(2, 4)).text = "2024年6月底前"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _check_merged(items: dict) -> None:
    from .parsing_helpers import mention_names

    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3, 4)] == [["市市场监管局"]] * 3 + [["市住建局"]]
    assert [_dates(items[(n,)]) for n in (1, 2, 3)] == [["2024-06-30"], ["2024-06-30"], ["2024-12-31"]]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市司法局"]
    assert "市市场监管局" not in items[(2,)]["text"]


def test_a_lead_and_a_deadline_merged_down_over_numbered_rows_of_an_html_table():
    _check_merged(items_by_path(_MERGED_HTML.encode("utf-8"), filename="plan.html"))


def test_a_lead_and_a_deadline_merged_down_over_numbered_rows_of_a_docx_table():
    _check_merged(items_by_path(_merged_docx(), filename="plan.docx"))


def test_a_number_merged_over_the_rows_of_one_task_keeps_them_one_task():
    html = (
        "<html><body><p>某县2024年重点工作任务分解表</p><table>"
        "<tr><th>序号</th><th>重点任务</th><th>具体措施</th><th>牵头单位</th></tr>"
        "<tr><td rowspan='2'>1</td><td rowspan='2'>优化政务服务</td><td>推行一窗受理。</td><td rowspan='2'>县政务服务中心</td></tr>"
        "<tr><td>推行帮办代办。</td></tr>"
        "<tr><td>2</td><td>提升监管效能</td><td>推行信用监管。</td><td>县市场监管局</td></tr>"
        "</table></body></html>"
    )
    items = items_by_path(html.encode("utf-8"), filename="plan.html")
    from .parsing_helpers import mention_names

    assert mention_names(items[(1,)]["lead_units"]) == ["县政务服务中心"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县市场监管局"]
    assert "\u2063" not in "".join(item["text"] for item in items.values())


def test_a_lead_and_a_deadline_merged_down_over_numbered_rows_of_a_workbook():
    import io

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["某市2024年优化营商环境重点任务分工表"])
    sheet.append(["序号", "重点任务", "牵头单位", "配合单位", "完成时限"])
    sheet.append([1, "推行企业开办一网通办。", "市市场监管局", "市税务局", "2024年6月底前"])
    sheet.append([2, "推进证照分离改革全覆盖。", None, "市司法局", None])
    sheet.append([3, "开展双随机一公开监管。", None, "各区县政府", "2024年12月底前"])
    sheet.append([4, "推进工程建设项目审批提速。", "市住建局", "市自然资源局", "长期坚持"])
    sheet.merge_cells("C3:C5")
    sheet.merge_cells("E3:E4")
    buffer = io.BytesIO()
    book.save(buffer)
    _check_merged(items_by_path(buffer.getvalue(), filename="plan.xlsx"))


# --- a table broken across pages; a number whose point was lost -----------------------------------------------


_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]
_FIRST_ROWS = [
    ["1", "推行企业开办一网通办。", "市市场监管局", "市税务局", "2024年6月底前"],
    ["2", "推进证照分离改革全覆盖。", "市司法局", "市市场监管局", "2024年9月底前"],
]
_NEXT_ROWS = [
    ["3", "开展双随机一公开监管。", "市市场监管局", "各区县政府", "2024年12月底前"],
    ["4", "推进工程建设项目审批提速。", "市住建局", "市自然资源局", "长期坚持"],
]


def _html_table(rows: list[list[str]]) -> str:
    return "<table>" + "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in rows) + "</table>"


def _check_continued(items: dict) -> None:
    from .parsing_helpers import mention_names

    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert mention_names(items[(3,)]["lead_units"]) == ["市市场监管局"] and _dates(items[(3,)]) == ["2024-12-31"]
    assert mention_names(items[(4,)]["lead_units"]) == ["市住建局"]


def test_an_html_table_broken_across_pages_continues_without_its_header():
    page = (
        "<html><body><p>某市2024年优化营商环境重点任务分工表</p>"
        + _html_table([_HEADER] + _FIRST_ROWS)
        + "<p>— 2 —</p>"
        + _html_table(_NEXT_ROWS)
        + "</body></html>"
    )
    _check_continued(items_by_path(page.encode("utf-8"), filename="plan.html"))


def test_a_docx_table_broken_across_pages_continues_without_its_header():
    import io

    from docx import Document

    document = Document()
    document.add_paragraph("某市2024年优化营商环境重点任务分工表")
    for rows in ([_HEADER] + _FIRST_ROWS, _NEXT_ROWS):
        table = document.add_table(rows=len(rows), cols=5)
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                table.cell(r, c).text = value
        document.add_paragraph("")
    buffer = io.BytesIO()
    document.save(buffer)
    _check_continued(items_by_path(buffer.getvalue(), filename="plan.docx"))


def test_a_narrower_table_after_a_task_table_is_not_its_continuation():
    page = (
        "<html><body><p>某市2024年优化营商环境重点任务分工表</p>"
        + _html_table([_HEADER] + _FIRST_ROWS)
        + "<p>附件:联系人名单</p>"
        + _html_table([["市市场监管局", "张某", "联络员"], ["市司法局", "李某", "联络员"]])
        + "</body></html>"
    )
    items = items_by_path(page.encode("utf-8"), filename="plan.html")
    assert sorted(items) == [(1,), (2,)]
    assert "张某" not in "".join(item["text"] for item in items.values())


def test_a_number_whose_point_was_lost_continues_its_list():
    items = _parse(
        "某市2024年优化营商环境工作要点\n一、政务服务\n"
        "1.推行企业开办一网通办。(市市场监管局牵头)\n2.推进证照分离改革全覆盖。(市司法局牵头)\n"
        "3 开展双随机一公开监管。(市市场监管局牵头)\n4.推进工程建设项目审批提速。(市住建局牵头)\n"
        "二、要素保障\n1.新增建设用地3000亩。\n5 个工作日内完成用地预审。\n"
    )
    from .parsing_helpers import mention_names

    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (1, 4), (2,), (2, 1)]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["市市场监管局"]
    assert "开展双随机" not in items[(1, 2)]["text"]
    assert "5 个工作日" in items[(2, 1)]["text"]  # 2 is the next number, 5 is a figure


def test_a_plan_titled_as_a_table_or_ledger_gives_its_year():
    from yingshang.plans.parsing import parse_plan

    for title in ("某市2024年优化营商环境重点任务分工表", "某区2024年重点项目推进台账", "某县2024年目标任务书"):
        plan = parse_plan(f"{title}\n1.推行一网通办。年底前完成。\n2.推进证照分离。\n".encode("utf-8"), filename="plan.txt")
        assert (plan["title"], plan["year"]) == (title, 2024)
        assert _dates({"deadlines": plan["items"][0]["deadlines"]}) == ["2024-12-31"]


def test_numbered_lines_left_in_the_closing_are_flagged_not_dropped():
    from yingshang.plans.parsing import parse_plan

    plan = parse_plan(
        "某市2024年优化营商环境工作要点\n1.推行企业开办一网通办。\n牵头单位:市市场监管局\n"
        "2.推进证照分离改革全覆盖。\n牵头单位:市司法局\n9 开展双随机一公开监管,全年抽查不少于200户。\n".encode("utf-8"),
        filename="plan.txt",
    )
    assert "9 开展双随机" in plan["closing"]
    assert any("未作为条目导入" in w and "9 开展双随机" in w for w in plan["warnings"])


# --- more ways of naming the lead, and 整改 time limits ---------------------------------------------------------


def test_more_ways_of_naming_the_lead():
    from .parsing_helpers import mention_names

    cases = [
        ("(市发改委牵头;时限:6月底)", ["市发改委"], [], ["2024-06-30"]),
        ("(市发改委牵头抓总,市财政局具体负责)", ["市发改委"], ["市财政局"], []),
        ("(责任部门:市发改委〈牵头〉、市财政局)", ["市发改委"], ["市财政局"], []),
        ("市发改委牵头,市财政局、市商务局按职责分工负责。", ["市发改委"], ["市财政局", "市商务局"], []),
    ]
    text = "某市2024年优化营商环境工作方案\n一、重点任务\n" + "".join(
        f"{n}.推进某项改革工作,提升服务水平。{case}\n" for n, (case, *_rest) in enumerate(cases, start=1)
    )
    items = _parse(text)
    for n, (case, lead, responsible, dates) in enumerate(cases, start=1):
        item = items[(1, n)]
        assert mention_names(item["lead_units"]) == lead, case
        assert mention_names(item["responsible_units"]) == responsible, case
        assert _dates(item) == dates, case
        assert item["text"] == "推进某项改革工作,提升服务水平。", case


def test_a_closing_sentence_that_names_no_units_stays_in_the_text():
    items = _parse("某市2024年工作方案\n一、重点任务\n1.推进某项改革。各地要加强组织领导,确保按期完成。\n2.推进另一项改革。\n")
    assert items[(1, 1)]["text"] == "推进某项改革。各地要加强组织领导,确保按期完成。"
    assert items[(1, 1)]["lead_units"] == [] and items[(1, 1)]["responsible_units"] == []


def test_rectification_time_limits_put_right_at_once_or_kept_up():
    from yingshang.plans.parsing.deadlines import parse_deadline_field

    assert [(d["kind"], d["date"], d["text"]) for d in parse_deadline_field("立行立改", 2024)] == [("date", None, "立行立改")]
    assert [(d["kind"], d["date"]) for d in parse_deadline_field("持续整改", 2024)] == [("scheduled", None)]
    assert [d["kind"] for d in parse_deadline_field("立行立改、长期坚持", 2024)] == ["ongoing"]


def test_table_headers_no_and_xu_number_rows_and_a_lead_office_column_leads():
    from .parsing_helpers import mention_names

    for number, lead in (("No.", "牵头科室"), ("序", "牵头处室"), ("NO", "牵头部门")):
        page = "<html><body><p>某局2024年工作任务清单</p>" + _html_table(
            [[number, "重点工作", lead, "配合科室", "完成时间"], ["1", "推行一网通办。", "政务服务科", "综合科", "2024年6月底前"],
             ["2", "推进证照分离。", "审批科", "法规科", "2024年9月底前"]]
        ) + "</body></html>"
        items = items_by_path(page.encode("utf-8"), filename="plan.html")
        assert sorted(items) == [(1,), (2,)], number
        assert items[(1,)]["text"] == "推行一网通办。", number
        assert mention_names(items[(2,)]["lead_units"]) == ["审批科"], lead


def test_a_docx_table_whose_number_column_is_numbered_by_word():
    import io

    from docx import Document

    from .parsing_helpers import mention_names

    document = Document()
    document.add_paragraph("某市2024年优化营商环境重点任务分工方案")
    rows = [
        ["序号", "重点任务", "牵头单位", "完成时限"],
        ["", "推行企业开办一网通办。", "市市场监管局", "2024年6月底前"],
        ["", "推进证照分离改革。", "市司法局", "2024年9月底前"],
        ["", "开展双随机监管。", "市市场监管局", "长期坚持"],
    ]
    table = document.add_table(rows=len(rows), cols=4)
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r in range(1, len(rows)):
        # Word's automatic numbering: the cell shows 1. 2. 3. but holds no text
        table.cell(r, 0).paragraphs[0].style = document.styles["List Number"]
    buffer = io.BytesIO()
    document.save(buffer)
    items = items_by_path(buffer.getvalue(), filename="plan.docx")
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市司法局"]
    assert _dates(items[(2,)]) == ["2024-09-30"]
