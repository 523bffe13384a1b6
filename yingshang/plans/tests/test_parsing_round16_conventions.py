"""Round 16 conventions of the plan parser, each on a constructed example in the shape of a real plan.

The examples are built for the tests, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path


def _parse(text: str, filename: str = "plan.txt") -> dict:
    return items_by_path(text.encode("utf-8"), filename=filename)


def _dates(item: dict) -> list:
    return [d["date"] for d in item["deadlines"]]


# --- a heading that announces the year's targets -----------------------------------------------------------------


def test_a_heading_that_announces_a_years_targets_is_due_by_that_years_end():
    items = _parse(
        "某县2022年政府工作报告重点工作责任分解\n"
        "一、落实2022年经济社会发展总体要求和主要预期目标\n"
        "1.地区生产总值增长7%左右。(牵头单位:县发改局)\n"
        "二、2022年重点工作任务\n"
        "1.新建改建农村公路120公里。(牵头单位:县交通运输局)\n"
    )
    assert _dates(items[(1,)]) == ["2022-12-31"]
    assert _dates(items[(1, 1)]) == []  # the targets under the heading state no date of their own
    assert _dates(items[(2,)]) == []  # a year's work, not a target: the period its items fall in


def test_the_whole_years_targets_take_the_plans_year():
    items = _parse(
        "某市2021年重点工作及责任分解\n一、确保完成全年主要预期目标\n1.全市生产总值增长8%。\n二、年度预期目标\n1.新增城镇就业1万人。\n"
        "三、生态环境\n1.空气质量完成年度目标任务。\n"
    )
    assert _dates(items[(1,)]) == ["2021-12-31"]
    assert _dates(items[(2,)]) == ["2021-12-31"]
    assert _dates(items[(1, 1)]) == []
    assert _dates(items[(3, 1)]) == []  # a task that meets a yearly target, not a heading of the year's targets


def test_target_headings_without_a_year_or_inside_a_sentence_set_no_deadline():
    items = _parse(
        "某区优化营商环境工作方案\n一、主要目标\n通过两年努力,营商环境明显改善。\n"
        "二、重点任务\n1.围绕全年目标,推动审批提速。\n2.确保完成全年主要预期目标。\n"
    )
    assert _dates(items[(1,)]) == []  # no year named
    assert _dates(items[(2, 1)]) == []  # a clause, not a heading
    # the plan states no year: 全年 cannot be dated, and no deadline is made up
    assert _dates(items[(2, 2)]) == []


def test_a_target_heading_in_a_tables_category_row():
    items = _parse(
        "某区2025年政府工作报告重点工作任务分解表\n序号 重点工作任务 主要责任单位 协同配合单位\n"
        "一、2025年经济社会发展的主要预期目标\n"
        "1 地区生产总值增长6%左右。 区发改委 区统计局\n"
        "二、重点任务\n"
        "1 新建标准化厂房10万平方米,2025年底前竣工。 区工信局 区住建局\n"
    )
    assert _dates(items[(1,)]) == ["2025-12-31"]
    assert _dates(items[(1, 1)]) == []
    assert _dates(items[(2, 1)]) == ["2025-12-31"]
