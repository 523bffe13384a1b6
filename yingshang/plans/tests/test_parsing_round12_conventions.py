"""Round 12 conventions of the plan parser, each on a constructed example in the shape of a real plan.

Read from published 分解方案, 分工方案 and 任务清单 of cities, counties and ministries that are not among the fixtures
(through the reference search, never copied): covering notices that number their own requirements before the plan,
a note that makes a task's 责任单位 its lead where no lead is named, and deadline wordings of 完成时限 cells and
running text. The examples are built for the tests; no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def _plan(text: str) -> dict:
    return parse_plan(text.encode("utf-8"), filename="plan.txt")


def _dates(item: dict) -> list:
    return [d["date"] for d in item["deadlines"]]


# A 责任分解方案 published under a notice that numbers its own requirements (一、高度重视… 二、加强督办…), is signed
# and dated, and only then gives the plan's title and chapters.
_NOTICE = [
    "某市人民政府办公厅关于印发2023年市《政府工作报告》目标任务责任分解方案的通知",
    "各区人民政府,市人民政府各部门:",
    "《2023年市〈政府工作报告〉目标任务责任分解方案》已经市人民政府同意,现印发给你们,并就有关事项通知如下。",
    "一、高度重视,精心组织。各责任单位要逐项谋划所承办的责任事项,制订办理方案。",
    "二、加强督办,狠抓落实。市人民政府督查室定期组织开展专项督查。",
    "某市人民政府办公厅",
    "2023年1月12日",
]


def test_a_covering_notices_numbered_requirements_are_not_the_plans_chapters():
    text = "\n".join(
        _NOTICE
        + [
            "2023年市《政府工作报告》目标任务责任分解方案",
            "一、主要预期目标",
            "1.地区生产总值增长6.5%以上。(牵头单位:市发改委;责任单位:各区人民政府)",
            "2.年底前建成5G基站1000个。(牵头单位:市通信发展办)",
            "二、扩大有效投资",
            "3.新开工亿元以上项目300个。(牵头单位:市发改委)",
        ]
    ) + "\n"
    plan = _plan(text)
    items = _parse(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert items[(1,)]["title"] == "主要预期目标"
    # The plan's own title is found again, and with it the plan's year for 年底前.
    assert plan["year"] == 2023
    assert _dates(items[(1, 2)]) == ["2023-12-31"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["市发改委"]


def test_tasks_numbered_1_after_a_covering_notices_chapters_are_the_plans_items():
    # The plan numbers its tasks 1. 2. 3. right under the notice's 一、二、: they are the plan's items, not sub-items
    # of the notice's last paragraph.
    text = "\n".join(
        [
            "某县人民政府关于分解落实政府工作报告目标任务的通知",
            "各乡镇人民政府,县政府各部门:",
            "一、细化任务抓落实。各乡镇各部门要围绕目标任务,细化分解到月,建立工作台账。",
            "二、明确责任抓落实。各牵头责任单位要切实履行牵头抓总职责。",
            "某县人民政府",
            "2023年1月30日",
            "县政府工作报告目标任务分解",
            "1.地区生产总值增长6.5%。(牵头单位:县发改委;责任单位:各乡镇)",
            "2.固定资产投资增长10%。(牵头单位:县发改委)",
            "3.8月底前完成农村公路改造50公里。(牵头单位:县交通运输局)",
        ]
    ) + "\n"
    items = _parse(text)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(3,)]["lead_units"]) == ["县交通运输局"]
    assert _dates(items[(3,)]) == ["2023-08-31"]


def test_a_plan_restarting_its_numbering_without_a_signature_keeps_every_item():
    # Two parts of one plan each numbered from 一、 (no signature between): nothing is dropped.
    text = "\n".join(
        [
            "某区2024年重点工作任务",
            "一、经济发展",
            "1.推进项目建设。(牵头单位:区发改局)",
            "二、社会事业",
            "2.新建幼儿园2所。(牵头单位:区教育局)",
            "某区2024年民生实事",
            "一、教育",
            "1.新增学位500个。(牵头单位:区教育局)",
            "二、养老",
            "2.新建养老服务站3个。(牵头单位:区民政局)",
        ]
    ) + "\n"
    assert sum(1 for _ in iter_items(_plan(text))) == 8


def test_where_no_lead_is_named_the_responsible_units_lead_when_the_plan_says_so():
    # 「牵头单位(无牵头单位的,责任单位即为牵头单位,下同)」 in the notice: a task with only 责任单位 is led by them;
    # collective mentions (各区人民政府) and a task's own 牵头单位 are unaffected.
    text = "\n".join(
        _NOTICE[:3]
        + [
            "一、各牵头单位(无牵头单位的,责任单位即为牵头单位,下同)要统筹相关责任单位制订办理方案。",
            "某市人民政府办公厅",
            "2023年1月12日",
            "2023年市《政府工作报告》目标任务责任分解方案",
            "一、主要预期目标",
            "1.地区生产总值增长6.5%以上。(牵头单位:市发改委;责任单位:市统计局、各区人民政府)",
            "2.城镇新增就业22万人以上。(责任单位:市人社局)",
            "3.居民消费价格涨幅控制在3%左右。(责任单位:市发改委、市市场监管局,各区人民政府)",
        ]
    ) + "\n"
    items = _parse(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市统计局", "各区人民政府"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市人社局"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["市发改委", "市市场监管局"]
    assert mention_names(items[(1, 3)]["responsible_units"]) == ["各区人民政府"]


def test_responsible_units_stay_responsible_without_that_note():
    text = "某市2023年重点工作分解\n一、就业\n1.城镇新增就业22万人以上。(责任单位:市人社局)\n2.开展技能培训。(责任单位:市人社局)\n"
    items = _parse(text)
    assert items[(1, 1)]["lead_units"] == []
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市人社局"]
