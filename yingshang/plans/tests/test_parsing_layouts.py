"""The same 分工表 laid out as other plans lay theirs out (bench/bench_plans_variants.py, the layout variants): columns in
another order, other header words, extra columns, the sections as a 类别 column, row numbers written 1. / (1) / 一, no
序号 column at all. Each test is a constructed example of one general class the layouts showed; the last one holds
the layout variants of the bench at their measured levels."""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan

from .parsing_helpers import items_by_path, mention_names


def _table_html(rows: list[list[str]], head: str = "") -> bytes:
    width = max(len(row) for row in rows)
    cells = "".join(
        f"<tr><td colspan=\"{width}\">{row[0]}</td></tr>" if len(row) == 1 else "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
        for row in rows
    )
    return f"<html><body><p>某县2023年优化营商环境重点任务分工方案</p><table>{head}{cells}</table></body></html>".encode()


def _items(rows: list[list[str]], head: str = "") -> dict:
    plan = parse_plan(_table_html(rows, head), filename="plan.html")
    return {tuple(item["path"]): item for item in iter_items(plan)}


_ROWS = [
    ["序号", "重点任务", "牵头单位", "完成时限"],
    ["一、提升政务服务水平"],
    ["1", "推行企业开办全程网办。", "县市场监管局", "2023年6月底前"],
    ["2", "优化纳税服务。", "县税务局", "2023年12月底前"],
    ["二、加强要素保障"],
    ["1", "降低用地成本。", "县自然资源局", "2023年9月底前"],
]


def _with_numbers(write) -> list[list[str]]:
    return [row if len(row) == 1 or row[0] == "序号" else [write(int(row[0])), *row[1:]] for row in _ROWS]


def test_row_numbers_written_with_a_dot_or_in_brackets_are_the_rows_numbers():
    # 「(1)」 in every 序号 cell is the same 1 as a bare 1: the column numbers the rows of one level.
    for write in (lambda n: f"{n}.", lambda n: f"({n})", lambda n: f"{n}、"):
        items = _items(_with_numbers(write))
        assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)], write(1)
        assert mention_names(items[(2, 1)]["lead_units"]) == ["县自然资源局"]


def test_an_excerpt_numbered_in_brackets_from_far_down_the_list_keeps_its_numbers():
    # (80), (81): rows of a long list, printed on their own — the numbers of one level, as 80, 81 would be.
    rows = [["序号", "重点任务", "牵头单位"], ["(80)", "推行企业开办全程网办。", "县市场监管局"], ["(81)", "优化纳税服务。", "县税务局"]]
    items = _items(rows)
    assert list(items) == [(80,), (81,)]
    assert mention_names(items[(81,)]["lead_units"]) == ["县税务局"]


def test_a_column_of_progress_so_far_is_no_deadline():
    # 累计进度 / 当前进度 report how far the work has got: 「持续推进」 there is a status, not the task's deadline.
    rows = [
        ["序号", "重点任务", "牵头单位", "累计进度"],
        ["1", "推行企业开办全程网办。", "县市场监管局", "持续推进"],
        ["2", "优化纳税服务。", "县税务局", "96%"],
    ]
    items = _items(rows)
    assert items[(1,)]["deadlines"] == []
    assert mention_names(items[(1,)]["lead_units"]) == ["县市场监管局"]


def test_a_number_column_mixing_1_and_brackets_keeps_its_levels():
    rows = [
        ["序号", "重点任务", "牵头单位"],
        ["1", "提升政务服务水平。", "县政务服务中心"],
        ["(1)", "推行企业开办全程网办。", "县市场监管局"],
        ["(2)", "优化纳税服务。", "县税务局"],
        ["2", "加强要素保障。", "县发改局"],
    ]
    assert list(_items(rows)) == [(1,), (1, 1), (1, 2), (2,)]


def test_rows_numbered_in_chinese_under_merged_sections_are_the_sections_rows():
    # 一, 二 in the 序号 column under merged 一、 rows: the rows' numbers, not more sections.
    chinese = "一二三四五六七八九"
    items = _items(_with_numbers(lambda n: chinese[n - 1]))
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-12-31"]


def test_a_table_without_a_number_column_numbers_its_rows_by_place():
    rows = [[cell for index, cell in enumerate(row) if index or len(row) == 1] for row in _ROWS]
    items = _items(rows)
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县税务局"]
    # a task cell that opens with its own marker keeps it: no second number by place
    rows = [["具体措施", "牵头单位"], ["1.推行企业开办全程网办。", "县市场监管局"], ["3.优化纳税服务。", "县税务局"]]
    assert list(_items(rows)) == [(1,), (3,)]


def test_a_category_column_opening_each_section_is_the_section_heading():
    rows = [
        ["序号", "类别", "重点任务", "牵头单位"],
        ["1", "一、提升政务服务水平", "推行企业开办全程网办。", "县市场监管局"],
        ["2", "", "优化纳税服务。", "县税务局"],
        ["3", "二、加强要素保障", "降低用地成本。", "县自然资源局"],
    ]
    items = _items(rows)
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]  # the rows' numbers run on, as the table has them
    assert items[(2,)]["title"] == "加强要素保障"
    assert "要素保障" not in items[(2, 3)]["text"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["县自然资源局"]


def test_a_category_column_of_plain_words_stays_with_the_text():
    rows = [["序号", "类别", "重点任务", "牵头单位"], ["1", "政务服务", "推行企业开办全程网办。", "县市场监管局"], ["2", "要素保障", "降低用地成本。", "县自然资源局"]]
    items = _items(rows)
    assert list(items) == [(1,), (2,)]


def test_a_task_list_with_a_progress_column_is_still_a_task_list():
    # 序号 / 工作任务 / 进展情况 / 备注: the report columns do not make it a table of something else.
    rows = [
        ["序号", "工作任务", "进展情况", "备注"],
        ["一、县发展改革局牵头工作(2项)"],
        ["1", "投资3000万元建设养殖基地。", "正在推进", ""],
        ["2", "打造食用菌生产基地。", "正在推进", ""],
    ]
    items = _items(rows)
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县发展改革局"]


# --- tables copied as text ------------------------------------------------------------------------------------------


def test_a_flattened_table_with_its_unit_columns_before_the_task_keeps_the_units():
    # 序号 / 牵头单位 / 配合单位 / 重点工作 / 分管领导: copied with spaces between the cells, the units open each row.
    text = (
        "某省重点工作部门分工\n序号 牵头单位 配合单位 重点工作 分管领导\n一、稳定经济增长\n"
        "(一) 省发展改革委 省工业和信息化厅 总体要求:坚持稳中求进工作总基调,推动高质量发展。 分管副省长\n"
        "(二) 省财政厅 省税务局 预期目标:一般公共预算收入增长6%。 分管副省长\n"
    )
    items = items_by_path(text)
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发展改革委"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["省税务局"]
    assert items[(1, 2)]["text"].startswith("预期目标")


def test_a_run_together_row_whose_units_come_first_cuts_them_off_the_task():
    # 「1市发改委市统计局地区生产总值…」: the longest head of the row that reads as unit names; a county-level plan's
    # short names (财政局、发改局) at the head of the row too.
    text = (
        "2022年目标任务责任分解方案\n序号 牵头单位 数据提供单位 目标任务\n一、主要预期目标\n"
        "1市发改委市统计局地区生产总值增长7%左右。\n2市农业农村局市统计局第一产业增加值增长2%。\n"
        "3财政局、发改局、经信局落实各级减税降费政策。\n"
    )
    items = items_by_path(text)
    assert list(items) == [(1,), (1, 1), (1, 2), (1, 3)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert items[(1, 2)]["text"] == "第一产业增加值增长2%。"
    assert mention_names(items[(1, 3)]["lead_units"])[0] == "财政局"


def test_a_leader_title_run_into_the_units_is_the_leaders_cell():
    # 序号 / 具体措施 / 分管领导 / 牵头单位 / 责任单位 run together: 「…。副县长县行政审批局…」.
    text = (
        "某县优化营商环境任务分工\n序号 具体措施 分管领导 牵头单位 责任单位\n"
        "1深化政务服务标准化建设。定期公布政务服务事项清单。副县长县行政审批局县直各有关单位,各乡镇人民政府\n"
        "2推行政务服务承诺制。常务副县长县市场监管局县直各有关单位\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["县行政审批局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县市场监管局"]
    assert "副县长" not in items[(1,)]["text"] and items[(2,)]["text"] == "推行政务服务承诺制。"


def test_a_flattened_two_row_header_splits_its_units_column():
    # 责任单位 merged over 牵头 | 配合: copied as text, the second header row is a line of its own.
    copies = {
        "spaced": "序号 重点任务 责任单位 完成时限\n牵头 配合\n1 加强科技创新主体培育。 市科技局 市财政局 2023年底前\n"
        "2 推进企业开办全程网办。 市市场监管局 市税务局 2023年6月底前\n",
        "run together": "序号 重点任务 责任单位\n牵头 配合\n1加强科技创新主体培育。市科技局市财政局\n2推进企业开办全程网办。市市场监管局市税务局\n",
    }
    for shape, table in copies.items():
        items = items_by_path("某市重点任务分工\n" + table)
        assert list(items) == [(1,), (2,)], shape
        assert mention_names(items[(2,)]["lead_units"]) == ["市市场监管局"], shape
        assert mention_names(items[(2,)]["responsible_units"]) == ["市税务局"], shape


# --- the layout variants of the bench, held at their measured levels -------------------------------------------------

# variant → (items, lead units, deadlines) right in the copies, all parts together (docs/benchmarks.md, "Shape
# variants of the annotated plans", the layouts table). Counts, not rates: a fixture added later only adds to them.
LAYOUT_LEVELS = {
    "units_first": (174, 103, 34),
    "deadline_first": (18, 4, 15),
    "number_last": (157, 88, 33),
    "no_number": (74, 49, 16),
    "headers_a": (174, 103, 34),
    "headers_b": (174, 107, 30),
    "headers_c": (165, 96, 34),
    "two_row_header": (69, 50, 7),
    "extra_notes": (178, 106, 34),
    "extra_leader": (160, 91, 34),
    "extra_indicator": (178, 103, 34),
    "category_column": (61, 37, 6),
    "task_breaks": (78, 42, 24),
    "unit_breaks": (105, 61, 14),
    "empty_helpers": (69, 50, 7),
    "number_dot": (170, 104, 32),
    "number_paren": (170, 104, 32),
    "number_chinese": (135, 75, 30),
}


def test_the_layout_variants_of_the_annotated_plans_keep_their_measured_levels():
    from bench.bench_plans_variants import below_levels

    below = below_levels(LAYOUT_LEVELS)
    assert not below, f"layout variants below their measured levels (python -m bench.bench_plans_variants --show): {below}"
