"""Round 5 (fixtures/heldout_plans, README): conventions ``heldout4`` showed, written on constructed examples.

* The first-is-lead note in more of its grammar: the position closed by 者 or by a noun (列第一位者为牵头单位,
  排名第一者…, 排在首位者…, 第一位的单位为…, 名列第一的部门是牵头部门).
* A two-way split of responsibility named 主要责任单位 / 协同配合单位 (also 主责单位, 牵头责任部门, 主要责任部门):
  the primary side is the lead, as 牵头单位 is; 协同/配合/参与/协作 units never are — as labels in text and as
  table columns.
* An excerpt of a 分工表 keeps the whole table's row numbers: rows 80, 81; row 3 under 一、 then row 68 under
  六、. A numbered task followed by its own field lines is an item whatever its number, if the number moves
  forward; without field lines, or going backwards, such a number stays text.
* A header whose cell is spaced (「分 管 县领导」) is still the people column.

The examples are constructed from the general conventions of Chinese government plans; none is a copy of a
fixture, and ``heldout5`` was not run while they were written.
"""

from __future__ import annotations

import pytest

from yingshang.plans.parsing import PlanParseError, parse_plan
from yingshang.plans.parsing.tables import column_role
from yingshang.plans.parsing.units import FIRST_IS_LEAD
from yingshang.plans.tests.parsing_helpers import items_by_path as _items, mention_names as _names


# --- first-is-lead --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "note",
    [
        "列第一位者为牵头单位",
        "排名第一者为牵头单位",
        "排在首位者为牵头单位",
        "第一位的单位为牵头单位",
        "排在第一位的责任单位为牵头单位",
        "名列第一的部门是牵头部门",
        "排序第一的单位为牵头负责单位",
        "列于首位的为牵头单位",
    ],
)
def test_more_wordings_of_the_first_is_lead_note(note):
    assert FIRST_IS_LEAD.search(f"(市商务局、市财政局等负责,{note},下同)")


@pytest.mark.parametrize(
    "text", ["第一位的是安全", "把民生放在首位", "排名第一者获得奖励", "列第一位者", "首位度明显提升,为牵头城市"]
)
def test_sentences_that_only_look_like_the_note(text):
    assert not FIRST_IS_LEAD.search(text)


def test_a_note_worded_with_zhe_makes_the_first_unit_of_every_list_the_lead():
    items = _items(
        "某市促进就业工作实施意见\n"
        "一、稳定就业岗位\n"
        "(一)支持企业稳岗。落实稳岗返还政策。(市人力资源社会保障局、市财政局、市税务局等负责,列第一位者为牵头单位,下同)\n"
        "(二)扩大就业容量。发展服务业吸纳就业。(市发展改革委、市商务局等负责)\n"
    )
    first, second = items[(1, 1)], items[(1, 2)]
    assert _names(first["lead_units"]) == ["市人力资源社会保障局"]
    assert _names(first["responsible_units"]) == ["市财政局", "市税务局"]
    assert "列第一位者" not in " ".join(_names(first["responsible_units"]))
    assert _names(second["lead_units"]) == ["市发展改革委"]


def test_without_a_note_a_list_of_units_has_no_lead():
    items = _items(
        "某市促进就业工作实施意见\n"
        "一、稳定就业岗位\n"
        "(一)支持企业稳岗。落实稳岗返还政策。(市人力资源社会保障局、市财政局等负责)\n"
        "(二)扩大就业容量。发展服务业吸纳就业。(市发展改革委、市商务局等负责)\n"
    )
    assert not items[(1, 1)]["lead_units"] and not items[(1, 2)]["lead_units"]


# --- 主要责任单位 / 协同配合单位 ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("header", "role"),
    [
        ("主要责任单位", "lead"),
        ("主要责任部门", "lead"),
        ("主责单位", "lead"),
        ("牵头责任部门", "lead"),
        ("协同配合单位", "responsible"),
        ("协同责任单位", "responsible"),
        ("配合单位", "responsible"),
        ("责任单位", "responsible"),
        ("分 管 县领导", "person"),
        ("主要工作任务", "text"),
    ],
)
def test_column_roles_of_a_two_way_split(header, role):
    assert column_role(header) == role


def test_primary_and_cooperating_labels_in_text():
    items = _items(
        "某县2024年重点工作任务分解\n"
        "一、扩大有效投资\n"
        "1.实施重点项目攻坚行动。\n主要责任单位:县发展改革委\n协同配合单位:县财政局、县自然资源局\n"
        "2.推进园区标准化厂房建设。\n主责单位:县经开区管委会\n配合单位:县住建局\n"
        "3.做好项目要素保障。\n责任单位:县自然资源局\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["县发展改革委"]
    assert _names(items[(1, 1)]["responsible_units"]) == ["县财政局", "县自然资源局"]
    assert _names(items[(1, 2)]["lead_units"]) == ["县经开区管委会"]
    assert not items[(1, 3)]["lead_units"]  # a single 责任单位 is not a lead


def test_a_table_copied_one_cell_per_line_with_primary_and_cooperating_columns():
    items = _items(
        "某区2025年政府工作报告重点工作任务分解表\n\n序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n"
        "1\n\n新建改建城市道路10条。\n\n区住建局\n\n区自然资源局、区城管局。\n\n"
        "2\n\n新增城镇就业3000人。\n\n区人社局\n\n区政府有关部门。\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["区住建局"]
    assert _names(items[(1,)]["responsible_units"]) == ["区自然资源局", "区城管局"]
    assert _names(items[(2,)]["lead_units"]) == ["区人社局"]


def test_a_flattened_header_with_primary_and_cooperating_columns():
    items = _items(
        "序号 重点任务 主要责任单位 协同配合单位 完成时限\n"
        "1 推行企业开办一日办结。 县市场监管局 县税务局 2024年6月底前\n"
        "2 建设政务服务平台。 县数据资源局 县财政局 2024年12月底前\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["县市场监管局"]
    assert _names(items[(1,)]["responsible_units"]) == ["县税务局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31"]


# --- row numbers of a table excerpt ----------------------------------------------------------------


def test_an_excerpt_whose_rows_do_not_start_at_one_is_a_plan():
    items = _items(
        "2024年政府工作报告重点工作目标任务分解表(教育部分)\n"
        "序号 |\n目标与任务 |\n分 管 县领导 |\n牵头责任单位 |\n责任单位 |\n"
        "45 |\n新增公办幼儿园学位600个。 |\n张 某 |\n县教育局 |\n县各有关单位 |\n"
        "46 |\n推进义务教育优质均衡发展。 |\n张 某李 某 |\n县教育局 |\n县各有关单位 |\n"
    )
    assert sorted(items) == [(45,), (46,)]
    first = items[(45,)]
    assert _names(first["lead_units"]) == ["县教育局"]
    assert "张" not in " ".join(_names(first["lead_units"]) + _names(first["responsible_units"]))


def test_rows_under_a_later_section_heading_keep_their_numbers():
    items = _items(
        "某区2025年政府工作报告重点工作任务分解表\n\n序号\n\n重点工作任务\n\n主要责任单位\n\n协同配合单位\n\n"
        "一、主要预期目标\n\n4\n\n社会消费品零售总额增长6%。\n\n区商务局\n\n区统计局。\n\n"
        "二、扩大有效投资\n\n三、加快社会事业发展\n\n"
        "57\n\n新建社区养老服务中心3个。\n\n区民政局\n\n各街道办事处。\n\n"
        "58\n\n实施老旧小区改造12个。\n\n区住建局\n\n区财政局。\n"
    )
    assert {(1,), (1, 4), (2,), (3,), (3, 57), (3, 58)} <= set(items)
    assert _names(items[(3, 57)]["lead_units"]) == ["区民政局"]
    assert _names(items[(3, 58)]["lead_units"]) == ["区住建局"]


def test_a_jumping_number_without_field_lines_stays_text():
    items = _items(
        "某市优化营商环境实施方案\n"
        "一、提升政务服务\n"
        "1.推行一网通办。\n"
        "2.压缩办理时限。\n"
        "68.个事项实现全程网办,其余事项年内完成改造。\n"
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert "68.个事项" in items[(1, 2)]["text"]


def test_a_number_going_backwards_stays_text_even_with_field_lines():
    items = _items(
        "序号 重点任务 牵头单位\n"
        "7 推行告知承诺制。 县司法局\n"
        "8 建设政务服务平台。 县数据资源局\n"
        "\n3.落实首问负责制。\n牵头单位:县政务服务中心\n"
    )
    assert sorted(items) == [(7,), (8,)]


def test_a_document_with_no_numbered_task_is_still_refused():
    with pytest.raises(PlanParseError):
        parse_plan("关于召开工作会议的通知\n会议定于下周召开,请各单位准时参加。\n联系人:王某\n")
