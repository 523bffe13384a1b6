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
