"""Conventions of round 32, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _plan(bracket: str) -> str:
    return f"某区2021年重点工作任务分解方案\n一、完善创新生态\n1.推进科技园区建设,确保新增载体10万平方米。{bracket}\n2.扩大有效投资。(区发改委主办)\n"


def test_a_helper_list_with_a_word_the_unit_grammar_does_not_know_leaves_the_named_lead_standing():
    # 板块 (a district's functional zones) is no unit the grammar knows: the helpers are not all units, the lead is
    items = items_by_path(_plan("(区科技局、高新区管委会主办,区相关部门、街道、板块协办)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区科技局", "高新区管委会"]
    items = items_by_path(_plan("(区科技局牵头,各街道、板块配合)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区科技局"]


def test_a_bracket_whose_lead_is_only_a_label_word_still_names_no_lead():
    # 「省牵头单位负总责」 names a label, nobody in particular; the helper segment after it is no unit list either
    items = items_by_path(_plan("(省牵头单位负总责,我厅明确责任处室抓好配合)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == []


def test_a_bracket_of_words_that_are_not_units_names_no_lead():
    items = items_by_path(_plan("(家庭、学校、社会协同配合)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == []


# An emergency plan numbered as a decimal outline (1 总则 ⏎ 1.1 编制目的), some of whose top-level numbers lost their space.
_DECIMAL_OUTLINE = """某区空气重污染应急工作方案
1 总则
1.1 编制目的
为有效应对空气重污染,制定本方案。
1.2 适用范围
本方案适用于本区施工工地。
2预警
2.1 预警分级
预警分为黄色、橙色、红色三级。
2.2 预警发布
区应急办负责发布预警信息。
3应急响应
3.1 响应措施
各工地停止土方作业。
"""


def test_a_top_level_number_run_on_to_its_short_heading_opens_it_where_its_first_point_follows():
    items = items_by_path(_DECIMAL_OUTLINE)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2), (3,), (3, 1)]
    assert items[(2,)]["title"] == "预警"
    assert items[(3, 1)]["title"].startswith("响应措施")


def test_a_number_run_on_to_words_without_its_first_point_after_it_opens_nothing():
    # 「3预警」 followed by no 3.1: a line of figures or a fragment, not the outline's item
    text = _DECIMAL_OUTLINE.replace("3.1 响应措施", "4.1 响应措施")
    items = items_by_path(text)
    assert (3,) not in items
