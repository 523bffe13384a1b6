"""Round 7 (fixtures/heldout_plans, README): the classes ``heldout6`` showed, written on constructed examples.

* 主办 / 协办 as lead wording: 「A主办,B、C协办」 names A the lead and B, C responsible units, in a bracket after
  an item or in a 责任分工 column; 「A负责」 alone names no lead, as before.
* A lead stated once on a chapter or section heading — 「一、…政策(由X牵头实施)」, 「(二)…(X牵头)」 — is the
  heading's lead and applies to the items under it, unless an item names its own.
* Header words of a web table copied one cell per line that arrive split over two lines (责任 / 领导,
  责任 / 科室, 完成 / 时限; and in a wide register 抽取 / 类型) are joined when the join is one header cell;
  a bare figure inside a row (抽查户数 3) is a cell, not the next row, unless it is the next row number; a row
  that lost its empty cells is placed around its deadline cell.
* Columns 责任分工 (cells stating the roles), 责任科室 / 处室 and 承办单位 (responsible units).
* Dates that lost 年/月 in copying (202211, 2022.11, 2022-11, 2022/11/30) and full dates (2022年11月30日) are read
  as deadlines only in a deadline field (a 完成时限 column or a value after 完成时限:).

The examples are constructed from the general conventions of Chinese government plans (place names invented);
``heldout7`` was not run while they were written.
"""

from __future__ import annotations

import pytest

from yingshang.plans.parsing.deadlines import parse_deadline_field, restore_compact_dates
from yingshang.plans.parsing.tables import DIVISION, RESPONSIBLE, column_role
from yingshang.plans.tests.parsing_helpers import items_by_path as _items, mention_names as _names


def _dates(item: dict) -> list[str | None]:
    return [deadline["date"] for deadline in item["deadlines"]]


# --- 主办 / 协办 --------------------------------------------------------------------------------------


def test_zhuban_names_the_lead_and_xieban_the_responsible_units():
    items = _items(
        "某某县2024年重点工作责任分工\n"
        "一、经济发展主要目标\n"
        "1.地区生产总值增长6%左右。(县发改局主办,县统计局、县财政局协办)\n"
        "2.一般公共预算收入增长5%。(县财政局负责)\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["县发改局"]
    assert _names(items[(1, 1)]["responsible_units"]) == ["县统计局", "县财政局"]
    assert items[(1, 2)]["lead_units"] == []  # 负责 alone names no lead
    assert _names(items[(1, 2)]["responsible_units"]) == ["县财政局"]


def test_a_responsibility_division_column_reads_each_cell_roles():
    assert column_role("责任分工") == DIVISION
    items = _items(
        "\n".join(
            [
                "某某县2024年重点工作责任分工",
                "序号", "重点工作", "责任分工",
                "1", "新建改建农村公路120公里。", "县交通运输局主办,县财政局协办",
                "2", "城镇新增就业3000人。", "县人社局负责",
            ]
        )
    )
    assert _names(items[(1,)]["lead_units"]) == ["县交通运输局"]
    assert _names(items[(1,)]["responsible_units"]) == ["县财政局"]
    assert items[(2,)]["lead_units"] == []
    assert _names(items[(2,)]["responsible_units"]) == ["县人社局"]


@pytest.mark.parametrize("header", ["责任科室", "承办单位", "责任处室"])
def test_section_and_undertaking_columns_are_responsible_units(header):
    assert column_role(header) == RESPONSIBLE


# --- a lead stated on a heading ---------------------------------------------------------------------

HEADING_LEAD = (
    "关于推动某某县经济稳进提质的若干措施\n"
    "一、扩大有效投资(由县发改局牵头实施)\n"
    "1.加快项目前期工作。统筹安排前期经费。\n"
    "2.强化要素保障。优先保障重大项目用地。(县自然资源局牵头,县财政局配合)\n"
    "二、促进消费增长\n"
    "1.发放消费券。围绕汽车、家电等重点领域开展促消费活动。\n"
)


def test_a_lead_on_a_chapter_heading_applies_to_the_items_under_it():
    items = _items(HEADING_LEAD)
    assert _names(items[(1,)]["lead_units"]) == ["县发改局"]
    assert items[(1,)]["title"] == "扩大有效投资"
    assert _names(items[(1, 1)]["lead_units"]) == ["县发改局"]


def test_an_item_that_names_its_own_lead_keeps_it():
    items = _items(HEADING_LEAD)
    assert _names(items[(1, 2)]["lead_units"]) == ["县自然资源局"]


def test_the_heading_lead_stops_at_the_next_chapter():
    items = _items(HEADING_LEAD)
    assert items[(2,)]["lead_units"] == []
    assert items[(2, 1)]["lead_units"] == []


def test_a_lead_at_the_end_of_an_item_with_sub_points_is_not_passed_down():
    items = _items(
        "某某市2024年工作要点\n"
        "一、优化政务服务\n"
        "1.推进一网通办。全面推行网上办理。(市政务服务局牵头)\n"
        "(1)梳理高频事项清单。\n"
        "(2)完善电子证照共享。\n"
    )
    assert _names(items[(1, 1)]["lead_units"]) == ["市政务服务局"]
    assert items[(1, 1, 1)]["lead_units"] == []


# --- header words wrapped over two lines -----------------------------------------------------------


def test_header_words_split_over_two_lines_are_joined():
    text = "\n".join(
        [
            "某某镇2024年重点工作计划",
            "序号", "重点工作", "责任", "领导", "责任", "科室", "完成", "时限",
            "1", "农村道路提升工程", "张某", "村镇建设办", "2024年10月底前",
            "2", "垃圾分类示范村创建", "李某", "农业农村办", "2024年12月底前",
        ]
    )
    items = _items(text)
    assert items[(1,)]["title"].startswith("农村道路提升工程")
    assert _names(items[(1,)]["responsible_units"]) == ["村镇建设办"]
    assert items[(1,)]["lead_units"] == []  # 责任科室 names no lead; 责任领导 is a person
    assert "张某" not in items[(1,)]["text"]
    assert _dates(items[(2,)]) == ["2024-12-31"]


def test_a_bare_figure_inside_a_row_is_a_cell_and_a_short_row_is_placed_on_its_deadline():
    text = "\n".join(
        [
            "某某市商务局2023年双随机抽查计划",
            "序号", "任务名称", "抽查事项", "抽取", "类型", "抽查", "户数", "抽查", "比例",
            "抽查", "完成时限", "牵头部门", "参与部门", "备注",
            "1", "成品油流通", "经营资格检查", "定向", "5", "10%", "202310", "市商务局", "市应急局", "无",
            "2", "报废汽车回收", "资质检查", "3", "20%", "2023.11", "市商务局", "市公安局",
        ]
    )
    items = _items(text)
    assert sorted(items) == [(1,), (2,)]
    assert _names(items[(1,)]["lead_units"]) == ["市商务局"]
    assert _dates(items[(1,)]) == ["2023-10-31"]
    assert _names(items[(2,)]["lead_units"]) == ["市商务局"]
    assert _names(items[(2,)]["responsible_units"]) == ["市公安局"]
    assert _dates(items[(2,)]) == ["2023-11-30"]


# --- dates that lost 年/月 -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("value", "date"),
    [
        ("202211", "2022-11-30"),
        ("2022.11", "2022-11-30"),
        ("2022-11", "2022-11-30"),
        ("2022/11/30", "2022-11-30"),
        ("20221130", "2022-11-30"),
        ("2022年11月30日", "2022-11-30"),
        ("11月30日前", "2022-11-30"),
    ],
)
def test_compact_dates_in_a_deadline_field(value, date):
    assert [d["date"] for d in parse_deadline_field(value, 2022)] == [date]


@pytest.mark.parametrize("value", ["202213", "2022.13", "2022/02/40"])
def test_impossible_compact_dates_stay_as_written(value):
    assert restore_compact_dates(value) == value


def test_compact_figures_in_running_text_are_not_deadlines():
    items = _items(
        "某某区2022年工作要点\n"
        "一、稳定经济增长\n"
        "1.全年完成投资202211万元,新增市场主体2022.11万户。\n"
        "2.加快项目建设。\n"
        "完成时限:2022.10\n"
    )
    assert items[(1, 1)]["deadlines"] == []
    assert _dates(items[(1, 2)]) == ["2022-10-31"]
