"""Round 6 (fixtures/heldout_plans, README): the classes ``heldout5`` showed, written on constructed examples.

* A table header with a column the parser does not know, in a copy with one cell per line: a short unknown
  word no longer ends the header when the header ends where the first row begins and the known columns
  outnumber the unknown ones; the unknown column keeps the row's cells in line. Columns that report on a task
  (进展情况, 推进情况, 工作进展) or name its supervisor (督办单位) are notes: no deadline, no unit comes from them.
  完成标准 is text, 时间节点 / 进度安排 are deadlines, 责任领导 / 分管领导 are people, as before.
* Unit names that begin with the proper name of the document's own city (a plan of 某某市 naming 某某港集团
  or 某某高新区管委会 beside 市发展改革委): such a name starts a unit as 市… does, in a flattened row or a
  cell where names ran together. The place comes from the title or the issuing government at the head of
  the document, never from a place mentioned in the text.

The examples are constructed from the general conventions of Chinese government plans (the place names are
invented or of cities not in the fixtures); ``heldout6`` was not run while they were written.
"""

from __future__ import annotations

import pytest

from yingshang.plans.parsing import PlanParseError, parse_plan
from yingshang.plans.parsing.tables import column_role
from yingshang.plans.parsing.table_units import document_places, unit_run
from yingshang.plans.tests.parsing_helpers import items_by_path as _items, mention_names as _names


def _dates(item: dict) -> list[str | None]:
    return [deadline["date"] for deadline in item["deadlines"]]


# --- header columns ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("进展情况", "note"),
        ("推进情况", "note"),
        ("工作进展", "note"),
        ("一季度完成情况", "note"),
        ("督办单位", "note"),
        ("督查部门", "note"),
        ("完成标准", "text"),
        ("考核指标", "text"),
        ("工作目标", "text"),
        ("时间节点", "deadline"),
        ("进度安排", "deadline"),
        ("责任领导", "person"),
        ("分管领导", "person"),
        ("备注", "note"),
        ("牵头单位", "lead"),
    ],
)
def test_column_roles_of_common_headers(header, role):
    assert column_role(header) == role


def test_a_progress_column_in_a_table_copied_one_cell_per_line():
    items = _items(
        "某市政府2021年重点工作一季度进展情况表\n\n序号\n\n内容与要求\n\n进展情况\n\n责任单位\n\n"
        "1\n\n确保全市生产总值增长6%左右。\n\n1-2月主要指标增速全省第3,3月底前已完成季度调度。\n\n市发改委\n\n"
        "2\n\n新增城镇就业4万人。\n\n一季度新增城镇就业1.1万人,完成年度目标的27%。\n\n市人力社保局\n\n"
        "3\n\n完成老旧小区改造80个。\n\n已开工32个。\n\n市住建局\n"
    )
    assert sorted(items) == [(1,), (2,), (3,)]
    assert _names(items[(1,)]["responsible_units"]) == ["市发改委"]
    assert not items[(1,)]["lead_units"]  # a single 责任单位 is not a lead
    assert not items[(1,)]["deadlines"]  # months of the progress report are not the task's deadline
    assert "季度调度" not in items[(1,)]["text"]
    assert _names(items[(3,)]["responsible_units"]) == ["市住建局"]


def test_an_unknown_column_between_known_ones_keeps_the_cells_in_line():
    items = _items(
        "某县2024年重点任务清单\n序号\n重点任务\n考核办法\n牵头单位\n配合单位\n完成时限\n"
        "1\n建成县级数字政府平台。\n按季度通报。\n县数据资源局\n县财政局\n2024年10月底前\n"
        "2\n实现企业开办1个工作日办结。\n年底评估。\n县市场监管局\n县税务局、县公安局\n2024年6月底前\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["县数据资源局"]
    assert _dates(items[(1,)]) == ["2024-10-31"]
    assert _names(items[(2,)]["lead_units"]) == ["县市场监管局"]
    assert _names(items[(2,)]["responsible_units"]) == ["县税务局", "县公安局"]
    assert _dates(items[(2,)]) == ["2024-06-30"]


def test_a_supervisor_column_is_not_a_responsible_unit():
    items = _items(
        "序号\n工作任务\n牵头单位\n督办单位\n时间节点\n"
        "1\n完成国土空间总体规划报批。\n区自然资源局\n区政府督查室\n2023年9月底前\n"
        "2\n建成区级应急指挥平台。\n区应急管理局\n区政府督查室\n2023年12月底前\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["区自然资源局"]
    assert not items[(1,)]["responsible_units"]
    assert _dates(items[(2,)]) == ["2023-12-31"]


def test_more_unknown_than_known_columns_still_end_the_header():
    # Two known columns and three words nobody names in a header: not read as a table of tasks.
    with pytest.raises(PlanParseError):
        parse_plan("会议安排\n序号\n议程\n发言人\n时长\n牵头单位\n1\n开幕致辞\n王某\n10分钟\n办公室\n")


def test_short_lines_of_prose_are_not_a_header():
    # Short lines after 序号-like words but not followed by a row number stay text: one item, not a plan.
    with pytest.raises(PlanParseError):
        parse_plan("工作任务\n牵头单位\n责任部门\n总体安排\n另行通知\n")


# --- unit names with the city's proper name -------------------------------------------------------


def test_places_come_from_the_head_of_the_document():
    lines = ["烟台市人民政府办公室关于印发2024年重点工作任务分工方案的通知", "各区市人民政府:", "现将方案印发给你们。"]
    assert document_places(lines) == ("烟台",)
    assert document_places(["关于推进城市更新的实施方案", "各县市区人民政府,市直各部门:"]) == ()
    assert document_places(["各省、自治区、直辖市人民政府,国务院各部委、各直属机构:"]) == ()
    long_sentence = "为推进青峰市、白河县合作," + "加快发展" * 15 + "。"
    assert document_places([long_sentence]) == ()


def test_a_name_starting_with_the_place_is_a_full_name():
    assert unit_run("市商务局烟台港集团", ("烟台",)) == [("市商务局", False), ("烟台港集团", False)]
    assert unit_run("烟台高新区管委会、市科技局", ("烟台",)) == [("烟台高新区管委会", False), ("市科技局", True)]
    assert unit_run("市交通运输局烟台港航管理局", ("烟台",)) == [("市交通运输局", False), ("烟台港航管理局", False)]
    # Without the place, a name run together with another is not cut there (the old reading) …
    assert unit_run("市交通运输局烟台港航管理局", ()) == [("市交通运输局烟台港航管理局", False)]
    # … and another city's proper name is not a full name.
    assert unit_run("市交通运输局蓬莱港航管理局", ("烟台",)) == [("市交通运输局蓬莱港航管理局", False)]


def test_a_flattened_row_whose_second_unit_starts_with_the_place():
    items = _items(
        "烟台市2024年重点工作任务分工方案\n"
        "序号 重点任务 牵头单位 参与单位\n"
        "一、扩大对外开放\n"
        "1推进港口型国家物流枢纽建设。市交通运输局烟台港集团\n"
        "2建设中韩产业园。烟台高新区管委会市商务局\n"
        "3举办跨境电商博览会。市商务局\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["市交通运输局"]
    assert _names(items[(1, 1)]["responsible_units"]) == ["烟台港集团"]
    assert _names(items[(1, 2)]["lead_units"]) == ["烟台高新区管委会"]
    assert _names(items[(1, 2)]["responsible_units"]) == ["市商务局"]
    assert _names(items[(1, 3)]["lead_units"]) == ["市商务局"]


def test_a_place_named_only_in_the_text_does_not_make_units():
    items = _items(
        "某市2024年重点工作任务分工方案\n"
        "序号 重点任务 牵头单位 参与单位\n"
        "1加强与青峰港集团的合作。市交通运输局\n"
        "2对接青峰高新区管委会。市商务局\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["市交通运输局"]
    assert "青峰港集团" in items[(1,)]["text"]
    assert _names(items[(2,)]["lead_units"]) == ["市商务局"]
