"""A 分工方案 published as a PDF of a ruled table: read cell by cell, as a DOCX or HTML table is.

The PDFs are made here with reportlab (its built-in CID font, so no font file is needed), as Word would print them: a
title, a ruled table whose long cells wrap, section rows spanning the table, a table running over several pages.
"""

from __future__ import annotations

import io

from yingshang.plans.parsing import parse_plan
from yingshang.plans.parsing.pdf_tables import candidate_pages, unwrap_cell

from .parsing_helpers import items_by_path, mention_names

_TASKS = [
    ("推行企业开办全程网办,实现企业开办1个工作日内办结,全面推行电子营业执照和电子印章同步发放。", "市市场监管局", "市税务局、市公安局", "2024年6月底前"),
    ("深化工程建设项目审批制度改革,社会投资简易低风险项目审批时限压缩至15个工作日以内。", "市住建局", "市自然资源局、市行政审批局", "2024年9月底前"),
    ("推进政务服务“一网通办”,实现高频事项100%网上可办。", "市政务服务中心", "各区县政府", "2024年12月底前"),
    ("开展涉企违规收费专项整治行动。", "市发展改革委", "市财政局、市市场监管局", "长期坚持"),
]


def _pdf(rows: list[list[str]], *, spans: tuple[int, ...] = (), title: str = "某市2024年优化营商环境重点任务分工方案",
         after: str = "", ruled: bool = True, centred: bool | None = None, before: str = "",
         merged_down: tuple[tuple[int, int, int], ...] = (), padding: float | None = None) -> bytes:
    """The table printed to PDF; ``ruled=False`` prints a 三线表 (rules only above and below the header and under the
    last row), as many printed tables are. ``centred`` sets the cells' vertical alignment (middle; by default only a
    ruled table's), ``before`` a cover notice above the table, ``merged_down`` cells ``(column, first row, last row)``
    merged down, ``padding`` the cells' left and right padding (a narrow one brings a column's text up to the next)."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    cell = ParagraphStyle("cell", fontName="STSong-Light", fontSize=10, leading=13, wordWrap="CJK")
    heading = ParagraphStyle("title", fontName="STSong-Light", fontSize=16, leading=20, alignment=1)
    table = Table([[Paragraph(text, cell) for text in row] for row in rows], colWidths=[30, 230, 80, 90, 70])
    style = [("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled else [
        ("LINEABOVE", (0, 0), (-1, 0), 1, "black"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"),
        ("LINEBELOW", (0, -1), (-1, -1), 1, "black"),
    ]
    style.append(("VALIGN", (0, 0), (-1, -1), "MIDDLE" if (ruled if centred is None else centred) else "TOP"))
    style += [("SPAN", (0, row), (-1, row)) for row in spans]
    style += [("SPAN", (column, first), (column, last)) for column, first, last in merged_down]
    if padding is not None:
        style += [("LEFTPADDING", (0, 0), (-1, -1), padding), ("RIGHTPADDING", (0, 0), (-1, -1), padding)]
    table.setStyle(TableStyle(style))
    story = [Paragraph(title, heading), Spacer(1, 12)]
    if before:
        story += [Paragraph(before, cell), Spacer(1, 12)]
    story.append(table)
    if after:
        story += [Spacer(1, 12), Paragraph(after, cell)]
    buffer = io.BytesIO()
    SimpleDocTemplate(buffer, pagesize=A4).build(story)
    return buffer.getvalue()


_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]


def test_a_ruled_task_table_in_a_pdf_is_read_cell_by_cell():
    rows = [_HEADER] + [[str(n), *task] for n, task in enumerate(_TASKS, start=1)]
    plan = parse_plan(_pdf(rows, after="各牵头单位于每季度末报送进展情况。"), filename="plan.pdf")
    items = {tuple(item["path"]): item for item in plan["items"]}
    assert (plan["title"], plan["year"]) == ("某市2024年优化营商环境重点任务分工方案", 2024)
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    # a wrapped cell is one text again, without the line break of the print
    assert items[(1,)]["text"] == _TASKS[0][0]
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3, 4)] == [[t[1]] for t in _TASKS]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市公安局"]
    assert [[d["date"] or d["text"] for d in items[(n,)]["deadlines"]] for n in (1, 2, 3, 4)] == [
        ["2024-06-30"], ["2024-09-30"], ["2024-12-31"], ["长期坚持"]
    ]
    assert "每季度末报送" in plan["closing"]


def test_a_table_over_several_pages_with_section_rows_keeps_its_columns():
    rows, spans, number = [_HEADER], [], 0
    for section, name in enumerate(("一、政务服务", "二、市场监管", "三、要素保障"), start=1):
        spans.append(len(rows))
        rows.append([name, "", "", "", ""])
        for task in _TASKS * 3:
            number += 1
            rows.append([str(number), task[0], task[1], task[2], task[3]])
    data = _pdf(rows, spans=tuple(spans))
    items = items_by_path(data, filename="plan.pdf")
    assert [path for path in sorted(items) if len(path) == 1] == [(1,), (2,), (3,)]
    assert len([path for path in items if len(path) == 2]) == 36
    assert items[(1,)]["text"] == "政务服务"
    # rows on the later pages, which print without the header, still have their lead and deadline
    last = max(path for path in items if len(path) == 2)
    assert mention_names(items[last]["lead_units"]) == ["市发展改革委"]
    assert [d["text"] for d in items[last]["deadlines"]] == ["长期坚持"]


def test_pages_are_looked_at_only_when_they_name_a_tables_columns():
    pages = ["一、总体要求\n1.推行一网通办。", "序\n号\n重点任务\n牵头\n单位\n完成时限", "3\n推进证照分离。"]
    assert candidate_pages(pages) == [1, 2]
    assert candidate_pages(pages[:1]) == []
    assert unwrap_cell("市税务局、市公\n安局") == "市税务局、市公安局"
    assert unwrap_cell("Word\ndocument") == "Word document"
    assert unwrap_cell(None) == ""


def test_a_table_without_vertical_rules_is_read_by_the_gaps_between_its_words():
    rows = [_HEADER] + [[str(n), *task] for n, task in enumerate(_TASKS, start=1)]
    items = items_by_path(_pdf(rows, ruled=False), filename="plan.pdf")
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert items[(1,)]["text"] == _TASKS[0][0]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市自然资源局", "市行政审批局"]
    assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2024-12-31"]


def test_prose_laid_out_in_columns_is_not_taken_for_a_table():
    from yingshang.plans.parsing.pdf_tables import _rows_of_lines

    # no header words and no numbered rows: not a task table
    assert _rows_of_lines([["各地区要", "加强组织领导"], ["", "确保各项任务落实"]]) is None


def test_a_three_line_table_with_cells_centred_keeps_each_row_whole():
    # Cells centred vertically print a row's number and short cells in the middle of its tallest cell: the lines
    # above the number are the row's too (it is the gap between the printed blocks that ends a row). The cover
    # notice above, whose sentences name 牵头单位 and 责任单位 when cut into columns, is no header.
    rows = [_HEADER] + [[str(n), *task] for n, task in enumerate(_TASKS, start=1)]
    notice = "各区县政府、市政府各部门:现将重点任务分工方案印发给你们,各牵头单位要会同责任单位细化措施,确保按期完成。"
    items = items_by_path(_pdf(rows, ruled=False, centred=True, before=notice), filename="plan.pdf")
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert [items[(n,)]["text"] for n in (1, 2, 3, 4)] == [task[0] for task in _TASKS]
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3, 4)] == [[t[1]] for t in _TASKS]
    assert [[d["date"] or d["text"] for d in items[(n,)]["deadlines"]] for n in (1, 2, 3, 4)] == [
        ["2024-06-30"], ["2024-09-30"], ["2024-12-31"], ["长期坚持"]
    ]


def test_a_three_line_table_whose_task_text_runs_up_to_the_lead_column_keeps_the_columns_apart():
    # With narrow padding the task's lines run up to the lead column and no gap runs down between them: the header's
    # own labels tell where each column starts.
    rows = [_HEADER] + [[str(n), *task] for n, task in enumerate(_TASKS, start=1)]
    items = items_by_path(_pdf(rows, ruled=False, centred=True, padding=0.5), filename="plan.pdf")
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3, 4)] == [[t[1]] for t in _TASKS]
    assert items[(2,)]["text"] == _TASKS[1][0]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市自然资源局", "市行政审批局"]


def test_a_lead_cell_merged_down_over_several_rows_leads_each_of_them():
    tasks = [[str(n), task[0], "市市场监管局" if n <= 3 else task[1], task[2], task[3]] for n, task in enumerate(_TASKS, 1)]
    items = items_by_path(_pdf([_HEADER] + tasks, merged_down=((2, 1, 3),)), filename="plan.pdf")
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3, 4)] == [
        ["市市场监管局"], ["市市场监管局"], ["市市场监管局"], ["市发展改革委"]
    ]
    # the cells merged across (a section row) stay the section's own
    assert mention_names(items[(3,)]["responsible_units"]) == ["各区县政府"]


def test_columns_run_together_by_the_gaps_are_parted_where_the_header_names_them():
    # A ministry's 三线表 from the held-out fixtures (written blind): the task's lines run up to the lead column, and
    # reading by the words' gaps gives one column 「重点任务 牵头单位」. The header's labels part them again.
    import pdfplumber

    from yingshang.plans.parsing.pdf_tables import _unruled_tables

    from bench.bench_plans_heldout import FIXTURES

    data = (FIXTURES / "written4" / "shuilibu_renwu2021.pdf").read_bytes()
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        [(_table, _preface, rows)] = _unruled_tables(pdf.pages[1], None)
    assert rows[0] == ["序号", "重点任务", "牵头单位", "参与单位", "完成时限"]
    assert rows[2][:3] == ["1", "制定“十四五”用水总量和强度双控目标,分解下达到各省级行政区。", "水资源管理司"]


def test_a_section_row_numbered_in_the_number_column_of_a_three_line_table_is_a_section():
    # 「一 | 政务服务」: the section's numeral in the 序号 column, its name in the task column, printed close to the rows
    # about it (cells centred vertically) — its own row, not words run into the rows beside it
    rows = [_HEADER, ["一", "政务服务", "", "", ""], ["1", *_TASKS[0]], ["2", *_TASKS[1]],
            ["二", "市场环境", "", "", ""], ["1", *_TASKS[2]], ["2", *_TASKS[3]]]
    items = items_by_path(_pdf(rows, ruled=False, centred=True), filename="plan.pdf")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2)]
    assert items[(2,)]["text"] == "市场环境"
    assert items[(1, 2)]["text"] == _TASKS[1][0]
    assert mention_names(items[(2, 1)]["lead_units"]) == [_TASKS[2][1]]
