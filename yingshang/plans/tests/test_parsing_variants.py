"""The same plan in the other shapes a user pastes or uploads (bench/bench_plans_variants.py): a table typed in
traditional characters, a plan whose line breaks were lost, full-width digits, blank lines… Each test is a
constructed example of one general class the variants bench showed, and the last one holds the bench itself
to the measured levels on a fast subset."""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan

from .parsing_helpers import items_by_path, mention_names


def _table_html(rows: list[list[str]]) -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<html><body><p>某市2023年重點任務分工方案</p><table>{cells}</table></body></html>".encode()


def test_a_table_typed_in_traditional_characters_keeps_its_columns():
    # 序號 / 工作任務 / 牽頭單位 are the header words 序号 / 工作任务 / 牵头单位: the table is read before the document
    # is converted to simplified characters, so its header and field cells are converted first. (A two-column
    # task list has no flattened fallback: unread, its rows lose their numbers.)
    rows = [
        ["序號", "工作任務"],
        ["一、縣發展改革局牽頭工作(2項)"],
        ["1", "推行企業開辦全程網辦,2023年6月底前實現1個工作日內辦結。"],
        ["2", "優化納稅服務,推行非接觸式辦稅。"],
    ]
    plan = parse_plan(_table_html(rows), filename="plan.html")
    items = {tuple(item["path"]): item for item in iter_items(plan)}
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县发展改革局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30"]
    assert plan["cleanup"]["traditional_converted"]  # the task cells are still converted with the text


def test_the_field_cells_of_a_traditional_table_are_read_in_simplified_characters():
    rows = [
        ["序號", "重點工作", "責任領導", "責任科室", "完成時限"],
        ["1", "推行企業開辦全程網辦。", "張三", "市場監管所", "2023年6月底前"],
        ["2", "優化納稅服務。", "李四", "稅務分局", "2023年12月底前"],
    ]
    items = {tuple(item["path"]): item for item in iter_items(parse_plan(_table_html(rows), filename="plan.html"))}
    assert list(items) == [(1,), (2,)]
    assert mention_names(items[(2,)]["responsible_units"]) == ["税务分局"]
    assert "張三" not in items[(1,)]["text"] and "张三" not in items[(1,)]["text"]
