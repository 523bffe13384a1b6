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
