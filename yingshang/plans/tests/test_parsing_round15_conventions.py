"""Round 15 conventions of the plan parser, each on a constructed example in the shape of a real plan.

The classes come from the misses of heldout14 when it was scored (a progress table whose category column holds the
section headings, a plan whose year is stated only in the sentence that issues it, …); the examples are built for the
tests, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import parse_plan

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str, filename: str = "plan.txt") -> dict:
    return items_by_path(text.encode("utf-8"), filename=filename)


def _dates(item: dict) -> list:
    return [d["date"] for d in item["deadlines"]]


# --- the plan's year from the sentence that issues it ------------------------------------------------------------


_UNTITLED_PLAN = (
    "为扎实做好{year}年水环境治理工作,持续改善河湖水质,根据上级部署,制定本计划。\n"
    "一、工作目标\n"
    "全面完成年度水质考核目标。\n"
    "二、主要任务\n"
    "1.推进污水管网建设。8月底前完成老城区管网改造。\n"
    "牵头单位:住建局\n"
    "2.开展入河排污口整治。年底前完成排污口溯源。\n"
    "牵头单位:环保局\n"
)


def test_a_plan_without_a_title_takes_its_year_from_the_sentence_that_issues_it():
    plan = parse_plan(_UNTITLED_PLAN.format(year=2019).encode("utf-8"), filename="plan.txt")
    assert (plan["year"], plan["year_source"]) == (2019, "preamble")
    items = _parse(_UNTITLED_PLAN.format(year=2019))
    assert _dates(items[(2, 1)]) == ["2019-08-31"]
    assert _dates(items[(2, 2)]) == ["2019-12-31"]


def test_base_years_and_ranges_in_the_issuing_sentence_name_no_year_of_the_plan():
    from yingshang.plans.parsing.document import issuing_sentence_year

    assert issuing_sentence_year(["为确保2019年排放量比2015年下降10%,制定本计划。"]) == 2019
    assert issuing_sentence_year(["为落实《某某规划(2018-2020年)》,制定本方案。"]) is None
    assert issuing_sentence_year(["2018年以来成效明显。为巩固2019年成果,制定本方案。"]) == 2019
    # a year in a sentence that does not issue the plan says nothing of its year
    assert issuing_sentence_year(["2018年全市空气质量明显改善。", "为此,制定本方案。"]) is None
    assert issuing_sentence_year(["为做好2018年和2019年两年工作,制定本方案。"]) is None


def test_a_year_less_deadline_stays_as_written_where_the_issuing_sentence_names_no_year():
    items = _parse(_UNTITLED_PLAN.replace("{year}年", ""))
    assert _dates(items[(2, 1)]) == [None]


# --- section headings in a category column of a numbered table ---------------------------------------------------


def _progress_table(tag: str = "td") -> str:
    rows = [
        ["序号", "类别", "项目名称", "目标任务", "牵头单位", "累计完成", "累计进度", "备注"],
        ["1", "一、教育提升(2项)", "新建公办幼儿园", "新建幼儿园3所", "县教育局", "2", "持续推进", ""],
        ["2", "", "改造农村学校食堂", "改造食堂10个", "县教育局", "10", "100%", ""],
        ["3", "二、医疗服务(2项)", "建设村卫生室", "新建村卫生室8个", "县卫健委", "5", "62.5%", ""],
        ["4", "", "开展免费体检", "为老年人免费体检2万人次", "县卫健委", "-", "持续推进", ""],
    ]
    body = "".join("<tr>" + "".join(f"<{tag}>{cell}</{tag}>" for cell in row) + "</tr>" for row in rows)
    return f"<html><body><p>某县民生工程进度表</p><table>{body}</table></body></html>"


def test_section_headings_in_a_category_column_head_their_rows_whose_numbers_run_on():
    items = _parse(_progress_table(), filename="plan.html")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    assert items[(1,)]["title"].startswith("教育提升")
    # the heading is no row: it does not take the unit of the row it stood in
    assert items[(1,)]["lead_units"] == [] and items[(2,)]["lead_units"] == []
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县教育局"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["县卫健委"]


def test_a_cumulative_progress_column_is_a_report_and_no_deadline():
    items = _parse(_progress_table(), filename="plan.html")
    assert items[(1, 1)]["deadlines"] == [] and items[(2, 4)]["deadlines"] == []


# --- a table copied with its bars, half of whose columns name nothing known ---------------------------------------


_INSPECTION_PLAN = (
    "2024年某某领域随机抽查工作计划 | ||||||\n"
    "序号 | 检查对象 | 检查事项 | 计划实施时间 | 责任股室 | 抽查比例 | 抽查数量 |\n"
    "1 | 某县卫生健康局 | 对公共场所卫生的行政检查 | 3月—6月 | 监督股 | 5% | 2户 |\n"
    "2 | 某县卫生健康局 | 对医疗机构执业的行政检查 | 1月—12月 | 医政股 | 3% | 1户 |\n"
    "3 | 某县卫生健康局 | 对生活饮用水卫生的行政检查 | 7月—9月 | 监督股 | 10% | 3户 |\n"
)


def test_a_table_copied_with_its_bars_is_read_when_half_of_its_columns_are_known():
    items = _parse(_INSPECTION_PLAN)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(2,)]["title"].startswith("对医疗机构执业")
    # a span of months is read by its end, in the year of the title (the title row keeps its empty cells' bars)
    assert _dates(items[(1,)]) == ["2024-06-30"]
    assert _dates(items[(2,)]) == ["2024-12-31"]
    # a 责任股室 is responsible, not the lead
    assert items[(1,)]["lead_units"] == []


def test_a_title_row_copied_with_the_bars_of_its_empty_cells_is_the_title():
    plan = parse_plan(_INSPECTION_PLAN.encode("utf-8"), filename="plan.txt")
    assert (plan["title"], plan["year"]) == ("2024年某某领域随机抽查工作计划", 2024)


def test_a_line_of_words_cut_at_spaces_still_needs_all_but_two_known_columns():
    from yingshang.plans.parsing.flat_rows import flat_table_header

    assert flat_table_header("序号 | 检查对象 | 检查事项 | 计划实施时间 | 责任股室 | 抽查比例 | 抽查数量") is not None
    assert flat_table_header("序号 检查对象 检查事项 计划实施时间 责任股室 抽查比例 抽查数量") is None


# --- leaders named by their office before the units' roles --------------------------------------------------------


_REPORT_DIVISION = (
    "某省关于落实政府工作报告重点工作部门分工的意见\n"
    "一、落实年度发展总体要求\n"
    "(一)主要预期目标:地区生产总值增长6%左右;城镇新增就业50万人以上;单位GDP能耗下降3%"
    "(分管副省长、协管副秘书长负责,省发展改革委牵头,省统计局)\n"
    "(二)稳定就业:实施就业优先政策。(常务副省长负责,省人力资源社会保障厅牵头,省财政厅)\n"
)


def test_leaders_named_by_their_office_are_no_units_and_the_lead_after_them_is_read():
    items = _parse(_REPORT_DIVISION)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发展改革委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["省统计局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省人力资源社会保障厅"]
    assert "副省长" not in "".join(mention_names(items[(1, 1)]["responsible_units"]))


def test_a_dividing_bracket_closes_a_list_of_targets_without_a_full_stop():
    # the bracket names a lead and who helps: the item's fields, though 「…下降3%」 ends without 。
    items = _parse(_REPORT_DIVISION)
    assert "牵头" not in items[(1, 1)]["text"]


def test_a_bracket_after_an_unfinished_clause_naming_one_unit_stays_in_the_text():
    items = _parse(
        "某县工作方案\n"
        "一、重点任务\n"
        "(一)推进项目建设,配合做好用地保障工作(县自然资源局牵头)\n"
        "(二)加强要素保障。(县财政局牵头)\n"
    )
    assert items[(1, 1)]["lead_units"] == []
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县财政局"]


# --- a unit cell of two names on two lines, in a table copied one row a line --------------------------------------


_TWO_NAME_CELL = (
    "某县2024年政府工作报告重点工作任务分解表\n"
    "序号 重点工作任务 主要责任单位 协同配合单位\n"
    "1 城镇新增就业5000人以上。 县人社局 县财政局,各乡镇人民政府。\n"
    "2 税收收入增长6%左右。 县财政局\n"
    "县税务局\n"
    "县直有关部门,各乡镇人民政府。\n"
    "3 粮食产量稳定在50万吨以上。 县农业农村局 县发改委、县水利局。\n"
    "4 新建改建农村公路100公里。 县交通局 县财政局、县自然资源局。\n"
)


def test_two_unit_names_on_two_lines_are_one_cell_and_the_rows_after_them_are_read():
    items = _parse(_TWO_NAME_CELL)
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["县财政局", "县税务局"]
    assert "县直有关部门" in mention_names(items[(2,)]["responsible_units"])
    assert mention_names(items[(4,)]["lead_units"]) == ["县交通局"]


# --- a section's own paragraph in a row with an empty 序号 -----------------------------------------------------------


_SECTION_PARAGRAPH_TABLE = (
    "某县2024年水污染防治实施计划\n"
    "序号 主要任务 牵头单位 责任单位\n"
    "一、工作目标\n"
    "全县地表水考核断面水质优良比例达到90%以上,县级以上集中式饮用水水源地水质达标率保持100%,完成上级下达的减排任务。\n"
    "二、主要任务\n"
    "1.推进城镇污水处理提质增效。新建污水管网20公里。 县住建局 县财政局、县环保局\n"
    "2.开展入河排污口排查整治。年底前完成排查。 县环保局 县水利局、各乡镇\n"
)


def test_the_paragraph_of_a_section_row_does_not_end_the_table():
    items = _parse(_SECTION_PARAGRAPH_TABLE)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2)]
    assert "水质优良比例" in items[(1,)]["text"]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["县住建局"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["县环保局"]
    assert _dates(items[(2, 2)]) == ["2024-12-31"]


def test_a_paragraph_after_a_section_row_that_no_row_follows_ends_the_table():
    from yingshang.plans.parsing.flat_tables import expand_flat_tables

    lines = [
        "序号 主要任务 牵头单位 责任单位",
        "1.推进城镇污水处理提质增效。 县住建局 县财政局",
        "三、保障措施",
        "各单位要加强组织领导,确保各项任务落到实处。",
        "1.加强组织领导。成立工作专班。",
    ]
    out = expand_flat_tables(lines)
    assert out[-1] == "1.加强组织领导。成立工作专班。"


# --- a progress table copied one cell per line, with its category headings and sub-rows ------------------------------


def _cells_per_line(rows: list[list[str]]) -> str:
    # one cell a line ending in 「 |」, an empty cell a lone 「|」, cells merged over rows left out (as a web copy has it)
    return "".join("".join(f"{cell} |\n" if cell else "|\n" for cell in row) for row in rows)


_PROGRESS_COPY = _cells_per_line(
    [
        ["序号", "类别", "项目名称", "目标任务", "牵头单位", "目标任务", "累计完成", "累计进度", "备注"],
        ["1", "一、教育提升(2项)", "新建公办幼儿园", "新建幼儿园3所", "县教育局", "3", "2", "66.7%", ""],
        ["改造幼儿园食堂2个", "2", "2", "100%", ""],
        ["2", "改造农村学校食堂", "改造食堂10个", "县教育局", "10", "10", "100%", ""],
        ["3", "二、医疗服务(2项)", "提升基层医疗服务能力", "村卫生室标准化", "县卫健委", "", "", "", ""],
        ["达标村卫生室数", "-", "120", "持续推进", ""],
        ["家庭医生签约人数", "-", "5000", "持续推进", ""],
        ["4", "开展免费体检", "为老年人免费体检", "县卫健委", "5", "5", "100%", "按照工作进度测算"],
        ["5", "开展送医下乡", "送医下乡活动", "县卫健委", "-", "12", "持续推进", ""],
    ]
)


def test_a_progress_table_copied_one_cell_per_line_keeps_its_sections_rows_and_leads():
    items = _parse(_PROGRESS_COPY)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4), (2, 5)]
    assert items[(1,)]["lead_units"] == [] and items[(2,)]["lead_units"] == []
    for path, unit in [((1, 1), "县教育局"), ((1, 2), "县教育局"), ((2, 3), "县卫健委"), ((2, 4), "县卫健委"), ((2, 5), "县卫健委")]:
        assert mention_names(items[path]["lead_units"]) == [unit], path
    # the sub-rows' text stays with their row; figures and 持续推进 of the progress columns are no deadlines
    assert "改造幼儿园食堂2个" in items[(1, 1)]["text"]
    assert "家庭医生签约人数" in items[(2, 3)]["text"]
    assert all(items[path]["deadlines"] == [] for path in items)


def test_a_figure_equal_to_the_next_row_number_does_not_start_that_row():
    from yingshang.plans.parsing.cell_lines import _starts_next_row

    assert _starts_next_row(["5 |", "开展送医下乡 |"], 0)
    assert not _starts_next_row(["5 |", "5 |", "100% |"], 0)


# --- after heldout15 was scored: 参加单位, and a unit cell that ends in its role word ------------------------------


def test_participating_units_after_the_lead_in_one_bracket_do_not_run_into_the_lead():
    items = _parse(
        "关于重点任务的部门分工\n"
        "1.完善工业领域能效标准体系。(牵头单位:工业和信息化部 参加单位:质检总局、标准委)\n"
        "2.推进建筑节能改造。(牵头单位:住房城乡建设部 参加部门:财政部)\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["工业和信息化部"]
    assert mention_names(items[(2,)]["lead_units"]) == ["住房城乡建设部"]
    assert "质检总局" in mention_names(items[(1,)]["responsible_units"])


def test_a_run_together_unit_cell_ending_in_its_role_word_gives_the_lead_only_where_it_says_lead():
    items = _parse(
        "市政府工作报告部门分工\n"
        "序号 重点工作 负责部门\n"
        "1推进高标准农田建设,新建高标准农田10万亩。市农业农村局牵头\n"
        "2支持文化产业发展,办好文化旅游节。市文化旅游局、市商务局等负责\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市农业农村局"]
    assert items[(1,)]["text"].rstrip().endswith("新建高标准农田10万亩。")
    assert mention_names(items[(2,)]["lead_units"]) == []
    assert mention_names(items[(2,)]["responsible_units"]) == ["市文化旅游局", "市商务局"]
