"""Lead units named by convention rather than by a 牵头单位 label (round 4; fixtures/heldout_plans, README).

* The first-is-lead note — 「列第一位的为牵头单位」「排在第一位的为牵头部门」「列第一位为牵头或汇总单位」
  「排名第一的为牵头单位」「第一个单位为牵头单位」, often opened by 「除标注“分别牵头”外」 and closed by 「下同」 —
  makes the first unit of each 责任单位 list its lead (a single unit is therefore the lead), in the list the note
  is attached to and in the rest of the document; the note itself is never a unit.
* 「A、B分别牵头」: each of A and B leads.

The examples are constructed; the wording follows the conventions of Chinese government plans (丽水 2023 in
heldout3, which showed the gap, is now dev-like), not any file of heldout4.
"""

from __future__ import annotations

import pytest

from yingshang.plans.parsing.fields import analyse_item
from yingshang.plans.parsing.units import FIRST_IS_LEAD, split_mentions
from yingshang.plans.tests.parsing_helpers import items_by_path as _items, mention_names as _names


@pytest.mark.parametrize(
    "note",
    [
        "列第一位的为牵头单位",
        "列第一位为牵头或汇总单位",
        "列第一位的责任单位为牵头单位或汇总单位",
        "排在第一位的为牵头单位",
        "排在第一位的部门为牵头部门",
        "排在首位的为总牵头单位",
        "排名第一的为牵头单位",
        "第一个单位为牵头单位",
        "第一责任单位为牵头单位",
        "列第一位的为牵头单位或总牵头单位",
    ],
)
def test_the_first_is_lead_note_in_its_common_wordings(note):
    assert FIRST_IS_LEAD.search(f"(除标注“分别牵头”外,{note},下同)")


@pytest.mark.parametrize(
    "text",
    ["市发展改革委牵头,市财政局配合", "力争全省排名第一", "落实第一责任人制度", "第一位的是安全", "列第一位"],
)
def test_text_that_is_not_the_note(text):
    assert not FIRST_IS_LEAD.search(text)


def test_the_note_and_its_exception_clause_are_not_units():
    value = "市发改委、市经信局、市卫生健康委(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)"
    assert split_mentions(value) == ["市发改委", "市经信局", "市卫生健康委"]
    assert split_mentions("市商务局、市财政局,排在第一位的为牵头单位,下同") == ["市商务局", "市财政局"]
    assert split_mentions("市商务局、市财政局。除标注“分别牵头”外,列第一位的为牵头单位") == ["市商务局", "市财政局"]


def test_the_note_in_a_list_applies_to_that_list_and_the_later_ones():
    items = _items(
        "某市2023年政府工作报告重点工作责任分解\n"
        "一、主要预期目标\n"
        "1.地区生产总值增长6%。\n"
        "责任单位:市发改委\n"
        "2.固定资产投资增长10%。\n"
        "责任单位:市发改委、市经信局、市财政局(除标注“分别牵头”外,列第一位为牵头或汇总单位,下同)\n"
        "3.社会消费品零售总额增长5%。\n"
        "责任单位:市商务局、市统计局\n"
        "4.城乡居民收入稳步增长。\n"
        "责任单位:市人力社保局、市农业农村局分别牵头\n"
    )
    assert _names(items[(1, 2)]["lead_units"]) == ["市发改委"]
    assert _names(items[(1, 2)]["responsible_units"]) == ["市经信局", "市财政局"]
    assert _names(items[(1, 3)]["lead_units"]) == ["市商务局"]
    assert _names(items[(1, 3)]["responsible_units"]) == ["市统计局"]
    # the document's convention: a single unit is the lead of its list (the note is written at the first list
    # where the order matters, not where the convention starts)
    assert _names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert _names(items[(1, 4)]["lead_units"]) == ["市人力社保局", "市农业农村局"]
    assert items[(1, 4)]["responsible_units"] == []


def test_the_note_in_the_notice_applies_to_the_whole_document():
    items = _items(
        "某市人民政府办公室关于印发2023年政府工作报告重点工作责任分解的通知\n"
        "各县(市、区)人民政府,市政府各部门:\n"
        "责任分解中,排在第一位的责任单位为牵头单位。各牵头单位要及时报告工作完成情况。\n"
        "一、扩大有效投资\n"
        "(一)实施重大项目攻坚行动。(市发改委、市自然资源局、市建设局负责)\n"
        "(二)推进城市更新。(市建设局负责)\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert _names(items[(1, 1)]["responsible_units"]) == ["市自然资源局", "市建设局"]
    assert _names(items[(1, 2)]["lead_units"]) == ["市建设局"]


def test_the_note_inside_a_label_less_bracket():
    items = _items(
        "一、深入实施就业优先战略\n"
        "(一)建立经济发展与扩大就业联动机制。把稳定和扩大就业作为经济运行的下限。"
        "(市发展改革委、市财政局、市人力资源社会保障局等负责,列第一位的为牵头单位,下同)\n"
        "(二)支持小微企业发展。落实小微企业财税扶持政策。(市经济和信息化委、市财政局负责)\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["市发展改革委"]
    assert _names(items[(1, 1)]["responsible_units"]) == ["市财政局", "市人力资源社会保障局"]
    assert _names(items[(1, 2)]["lead_units"]) == ["市经济和信息化委"]


def test_each_of_the_units_leads():
    assert _names(analyse_item(["稳定粮食生产。(市农业农村局、市粮食和储备局分别牵头)"]).lead_units) == [
        "市农业农村局",
        "市粮食和储备局",
    ]
    fields = analyse_item(["城镇新增就业、节能减排完成省定任务。", "责任单位:市人力社保局、市发改委分别牵头"])
    assert _names(fields.lead_units) == ["市人力社保局", "市发改委"]
    assert fields.responsible_units == []
    # in a table cell the same words mean the same
    html = (
        "<table><tr><td>序号</td><td>工作任务</td><td>责任单位</td></tr>"
        "<tr><td>1</td><td>城乡居民收入增速快于经济增速。</td><td>市人力社保局、市农业农村局分别牵头</td></tr>"
        "<tr><td>2</td><td>一般公共预算收入与经济增长同步。</td><td>市财政局</td></tr></table>"
    )
    items = _items(html.encode("utf-8"), filename="plan.html")
    assert _names(items[(1,)]["lead_units"]) == ["市人力社保局", "市农业农村局"]
    assert items[(2,)]["lead_units"] == []  # no convention in this table: a 责任单位 is not a lead


def test_without_the_note_a_responsible_unit_is_not_a_lead():
    items = _items(
        "一、任务\n"
        "(一)压缩企业开办时间。推行一窗受理。(责任单位:市市场监管局、市税务局,下同)\n"
        "(二)推进一网通办。(责任单位:市营商局)\n"
    )
    for path in ((1, 1), (1, 2)):
        assert items[path]["lead_units"] == []
    assert _names(items[(1, 1)]["responsible_units"]) == ["市市场监管局", "市税务局"]
