"""Round 9 conventions of the plan parser, each on a constructed example or a short quoted phrase.

The misses of ``heldout7``/``heldout8`` (dev material from round 9 on) as general conventions: a convention
note written as a second sentence inside the unit bracket, places (城市/县/区) named as responsible bodies,
「“十三五”末」 running straight into the clause it dates, a one-task excerpt closed by a role bracket, and a
year-less month that takes the year stated earlier in its sentence.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def test_first_is_lead_note_as_a_second_sentence_inside_the_bracket():
    items = _parse(
        "某省重点工作责任分工方案\n"
        "一、加快基础设施建设\n"
        "1、加快构建环湖旅游快速通道,纳入全省收费公路体系管理。(省发改委、省交通运输厅、省财政厅负责。列第一位的为牵头部门,下同)\n"
        "2、加快国省道升级改造,提升区域内公路等级。(省交通运输厅、省财政厅负责)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发改委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["省交通运输厅", "省财政厅"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省交通运输厅"]


def test_cities_named_by_place_in_a_role_bracket():
    items = _parse(
        "某都市圈建设工作计划\n"
        "一、基础设施互联互通\n"
        "(一)道路畅通工程。加快建设都市圈快速通道。\n"
        "进一步规范道路限高、限宽等交通设施,保障道路安全畅通。(自治区交通运输厅牵头,自治区发展改革委、银川市、石嘴山市、吴忠市人民政府配合)\n"
        "(二)县域公路。推进县乡公路提档升级。(竹山县、房县负责)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["自治区交通运输厅"]
    assert "银川市" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["竹山县", "房县"]


def test_words_for_an_area_are_not_units():
    items = _parse(
        "某市工作方案\n"
        "一、优化服务\n"
        "1.推进政务服务标准化。(全市上下、老城区)\n"
        "2.推进一网通办。(市政务服务局牵头)\n"
    )
    assert items[(1, 1)]["lead_units"] == [] and items[(1, 1)]["responsible_units"] == []


def test_plan_period_end_running_into_its_clause():
    items = _parse(
        "某省分工方案\n"
        "一、完善交通\n"
        "1、提升区域内公路等级。“十三五”末三级以上县道比重稳步提升,促进互联互通。(省交通运输厅负责)\n"
        "2、巩固提升。达到“十三五”末的水平,“十四五”末期逐步完善。(省交通运输厅负责)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-12-31"]
    assert items[(1, 2)]["deadlines"] == []


def test_one_task_excerpt_closed_by_a_role_bracket_is_a_plan():
    items = _parse(
        "各州、市人民政府,省直各委、办、厅、局:\n"
        "现提出以下意见:\n"
        "一、推进重大项目建设\n"
        "建立健全领导联系重点项目制度,形成项目推进全程服务机制。(省发展改革委、财政厅牵头;省工业和信息化委、国土资源厅配合)\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委", "财政厅"]


def test_year_less_months_take_the_year_given_earlier_in_the_sentence():
    items = _parse(
        "某省稳增长意见\n"
        "一、加快资金拨付\n"
        "1.专项资金须于2017年6月底前下达60%以上、9月底前下达80%以上、11月底前全部下达到位。\n"
        "2.清理工作2017年6月底前完成。9月底前完成评估。\n"
        "3.清理工作2017年9月底前完成、3月底前完成复核。\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2017-06-30", "2017-09-30", "2017-11-30"]
    # another sentence, or an earlier month: the sentence's year is not carried over
    assert [d["date"] for d in items[(1, 2)]["deadlines"]][0] == "2017-06-30"
    assert "2017-09-30" not in [d["date"] for d in items[(1, 2)]["deadlines"]]
    assert "2017-03-31" not in [d["date"] for d in items[(1, 3)]["deadlines"]]
