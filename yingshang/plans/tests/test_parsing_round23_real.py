"""Conventions of round 23 from real plans collected blind and scored once before (heldout32: a 国务院 意见 of 2019;
heldout33: a 国务院 意见 of 2019). Each example is constructed for the test, never copied from a fixture, and no rule
names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def test_units_told_to_take_the_lead_of_the_work_lead_the_item():
    text = """某省人民政府关于推进重点工作的意见
一、主要任务
(一)加强组织领导。各有关部门要统一思想认识。省市场监管局要发挥牵头作用,加强统筹协调,会同各有关部门共同推进。
(二)完善工作机制。省商务厅要继续做好牵头工作,进一步优化布局。
(三)压实工作责任。各牵头单位要切实履行牵头抓总责任,组织协调有关工作。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省市场监管局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省商务厅"]
    # 「各牵头单位」 names no unit
    assert items[(1, 3)]["lead_units"] == []


def test_a_body_led_by_units_is_no_assignment_of_the_task_to_them():
    text = """某省人民政府关于推进重点工作的意见
一、主要任务
(一)健全协调机制。地方各级人民政府要加强组织领导,建立市场监管部门牵头的联席会议制度,根据实际确定参与部门。
"""
    items = items_by_path(text)
    assert items[(1, 1)]["lead_units"] == []


def test_within_the_year_after_a_word_of_obligation_is_due_by_the_years_end():
    text = """某省人民政府2025年立法工作计划
一、法规项目
(一)需要年内提请省人大常委会审议的项目。
(二)要年内完成的规章清理项目。
(三)需要适时提请审议的项目。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2025-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2025-12-31"]
    assert items[(1, 3)]["deadlines"] == []


def test_a_chapter_number_run_on_to_the_units_field_closing_the_item_before_opens_the_next_chapter():
    # a 工作要点 copied from a page that lost its line breaks: each item closes with 责任处室:… and the next chapter's
    # number follows the last unit directly
    text = (
        "某片区管理局关于印发2020年工作要点的通知 各处室、各村居: 现将工作要点印发给你们。 某片区2020年工作要点 "
        "一、深入推进学习教育。注重将学习内容纳入中心组学习,树牢安全发展理念。责任处室:党政办公室、政法综治处"
        "二、深入推进责任落实(一)推动考核制度落实。完善考核评价指标,充分运用考核结果。责任处室:片区安办、各处室"
        "(二)推动属地管理职责落实。明确职责边界,堵塞管理漏洞。责任处室:各处室 三、深入推进隐患排查(一)扎实开展"
        "危险化学品隐患排查治理。2020年底前完成全面排查。责任处室:应急管理处"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2), (3,), (3, 1)]
    assert [d["date"] for d in items[(3, 1)]["deadlines"]] == ["2020-12-31"]
    # a 二、 inside a sentence is still text
    assert "(一)" not in items[(1,)]["text"]


def test_a_mechanism_named_before_the_units_that_lead_it_stays_out_of_their_name():
    text = """某区整合建立统一的公共资源交易平台实施方案任务分工
1.建立健全对评审专家的动态监管和考评机制。(区行政审批局、区交建局,评审专家动态监管考评机制由区财政金融局牵头,2016年底前完成)
"""
    items = items_by_path(text)
    assert "区财政金融局" in mention_names(items[(1,)]["lead_units"])
    assert all("机制" not in name for name in mention_names(items[(1,)]["lead_units"]))


def test_a_steps_heading_with_the_months_it_runs_over_is_due_by_their_end():
    text = """某区2020年专项整治行动方案
一、实施步骤
(一)前期准备阶段(1-4月份)
制定方案,明确分工。
(二)宣传推介阶段(5-9月份)举办两期招商推介会。
(三)限期自行整顿(2020年6月-8月)
各单位自行整顿。
(四)验收总结(2020年11月)
全面总结。
二、有关要求
(一)市政府第一次常务会议(1月10日)
研究部署有关工作。
(二)对整个禁烧期(9月15日至11月15日)未出现火点的网格给予奖励。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-04-30"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2020-09-30"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2020-08-31"]
    assert [d["date"] for d in items[(1, 4)]["deadlines"]] == ["2020-11-30"]
    # a meeting's date and a season's span name no step
    assert items[(2, 1)]["deadlines"] == []
    assert items[(2, 2)]["deadlines"] == []


def test_the_first_chapter_row_run_on_to_a_flattened_tables_header_opens_the_first_chapter():
    # a page whose 任务分解表 was flattened with the page text: the header's words, then 一、 and its rows, on one line
    text = (
        "某区管委会办公室关于印发2022年全区政务公开工作主要任务分解表的通知 各单位: 现将分解表印发给你们,请认真组织实施。 "
        "某区管委会办公室 2022年6月7日 附件2022年全区政务公开工作主要任务分解表工作任务工作要求牵头单位配合单位"
        "一、加强涉及市场主体的信息公开1.增强政策制定实施的透明度。 区直各有关单位,各乡镇人民政府(街道办事处)2.加大帮扶政策的"
        "公开力度。 区直各有关单位,各乡镇人民政府(街道办事处)二、加强涉及减税降费的信息公开3.系统集成、智能推送各项减税降费政策。"
        "区财政金融局区直各有关单位"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]


def test_by_after_a_space_or_after_the_work_it_assigns_names_the_lead():
    text = """某片区四篇大文章实施方案
二、主要任务
(一)发挥特色优势,做好旅游这篇大文章 由社会事业处牵头,突出国际旅游岛的功能定位。
(二)发挥对台优势,做好对台这篇大文章。坚持以通促融,具体方案由党群工作处牵头,相关单位配合另行制定。
(三)讲清楚理由牵头推进。各处室按职责抓好落实。
"""
    items = items_by_path(text)
    assert mention_names(items[(2, 1)]["lead_units"]) == ["社会事业处"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["党群工作处"]
    assert items[(2, 3)]["lead_units"] == []


def test_the_sentence_says_which_unit_leads_where_the_item_names_units_without_a_lead():
    text = """某片区2020年道路交通安全工作方案
一、工作目标按照“农业农村处牵头,各处室、包村工作队负责”原则,开展饮水安全排查。
二、主要措施
(一)全面动员部署由农业农村处牵头负责,制定出台排查复核工作方案。
(二)组织开展应急救援提升行动。局道安办加强恶劣天气交通应急管理;局政法综治处要牵头组织应急救援演练,每年至少组织1次。责任单位:局道安办、局政法综治处
(三)完善工作机制。由区农业农村局牵头,各成员单位各司其职。责任单位:各有关部门
(四)检查验收阶段(11月1日—11月30日)。由镇“厕所革命”领导小组办公室牵头,会同县卫健局逐户验收。
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["农业农村处"]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["农业农村处"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["局政法综治处"]
    assert mention_names(items[(2, 2)]["responsible_units"]) == ["局道安办"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["区农业农村局"]
    assert mention_names(items[(2, 4)]["lead_units"]) == ["镇“厕所革命”领导小组办公室"]
