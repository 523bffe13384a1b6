"""Conventions of round 32, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names


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


def test_a_month_whose_character_the_typist_left_out_before_its_end_is_still_that_months_end():
    text = "某市2016年城市管理工作任务\n一、完善体制\n1.完善城市工作机制。(牵头单位:市城管局;完成时限:2016年6底前)\n2.完善考核办法。(牵头单位:市城管局;完成时限:2016年底前)\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2016-06-30"]
    assert deadline_dates(items[(1, 2)]) == ["2016-12-31"]


def test_standing_work_as_a_whole_time_cell_is_ongoing():
    text = "某县2016年工作任务\n一、常规工作\n1.加强设施运行监管。\n完成时限:常态工作\n2.推动资源回收利用。\n完成时限:2016年12月\n"
    items = items_by_path(text)
    assert [d["kind"] for d in items[(1, 1)]["deadlines"]] == ["ongoing"]
    assert deadline_dates(items[(1, 2)]) == ["2016-12-31"]


def test_a_notice_that_hands_over_this_years_work_dates_its_year_less_deadlines():
    text = (
        "各县(市、区)人民政府:\n为确保全市粮食面积稳定,现就抓好2022年粮食生产工作通知如下。\n"
        "一、稳定面积\n(一)落实任务。5月20日前完成早稻插秧,6月20日前完成核查。\n(二)加强督导。年底前完成考核。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2022-05-20", "2022-06-20"]
    assert deadline_dates(items[(1, 2)]) == ["2022-12-31"]


def test_a_plan_handed_over_by_具体方案如下_takes_the_year_of_the_sentence_before():
    text = (
        "为促进招商引资工作提质增效,2022年将开展招商引资“百日攻坚”活动,营造比学赶超氛围。具体方案如下:\n"
        "一、目标\n1、攻坚重点项目。力争年底前签约6个项目。\n2、攻坚开工项目。力争9月底前开工3个项目。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2022-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2022-09-30"]


def test_a_base_year_before_the_handing_over_sentence_dates_nothing():
    # the sentence before names a range (a period), not the plan's year
    text = (
        "为落实2021—2025年规划,制定本年度任务。具体方案如下:\n"
        "一、目标\n1、攻坚重点项目。力争年底前签约6个项目。\n2、攻坚开工项目。力争9月底前开工3个项目。\n"
    )
    items = items_by_path(text)
    assert [(d["text"], d["date"]) for d in items[(1, 1)]["deadlines"]] == [("年底前", None)]


# A task table copied with its bars, whose plan cell numbers its steps 1. 2. 3., each step opening with its due date.
_TABLE_OF_DATED_STEPS = """某区2022年民生实事项目实施计划
序号 | 实事项目 | 工作举措及实施计划 | 责任单位 | 配合单位 |
1 | 新建成公办幼儿园3所。 | 1.4月底前甲幼儿园主体完工。 2.8月底前乙幼儿园竣工交付。 3.11月底前丙幼儿园竣工交付。 | 教育局 | 住建局 |
2 | 新增托位500个。 | 1.托育机构:3月底前新增100个托位。 2.托育指导:9月底前完成指导。 | 卫生健康局 | 财政局 |
"""


def test_steps_of_a_cell_that_open_with_their_due_dates_are_the_rows_points():
    items = items_by_path(_TABLE_OF_DATED_STEPS)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (2,), (2, 1), (2, 2)]
    assert deadline_dates(items[(1, 1)]) == ["2022-04-30"]
    assert deadline_dates(items[(1, 3)]) == ["2022-11-30"]


def test_a_cell_opening_with_a_decimal_figure_is_no_list_of_steps():
    # 「1.5万平方米」 is a figure, not step 1 dated 5月
    text = _TABLE_OF_DATED_STEPS.replace("1.4月底前甲幼儿园主体完工。 2.8月底前乙幼儿园竣工交付。 3.11月底前丙幼儿园竣工交付。", "1.5万平方米园舍于年底前建成。")
    items = items_by_path(text)
    assert (1, 1) not in items and (2, 1) in items


def test_units_listed_with_commas_before_one_lead_role_all_lead():
    items = items_by_path(_plan("(省政务服务数据管理局,相关地市政府牵头)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省政务服务数据管理局", "相关地市政府"]


def test_a_collective_before_the_named_lead_carries_the_work_out_and_does_not_lead():
    items = items_by_path(_plan("(各省级人民政府,商务部牵头)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["商务部"]


def test_a_unit_that_only_helps_before_the_lead_keeps_its_role():
    items = items_by_path(_plan("(市财政局配合,市发展改革委牵头)"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发展改革委"]


# A copy that starts partway through its plan: its first line is the plan's fifth chapter.
_COPY_FROM_CHAPTER_FIVE = """五、治理内容、工作措施及分工
(一)全面摸排安全风险。
1.全面摸排风险。建立安全风险分布档案。(各有关部门按职责分工负责,2018年3月底前完成)
2.重点排查重大危险源。建立重大危险源数据库。(安全监管总局牵头,2018年6月底前完成)
(二)有效防范重特大事故。
3.加强高危化学品管控。(公安部牵头,2018年12月底前完成)
六、保障措施
(一)加强组织领导。
"""


def test_a_copy_that_starts_partway_through_keeps_its_first_numbers_as_written():
    items = items_by_path(_COPY_FROM_CHAPTER_FIVE)
    assert sorted(items) == [(5,), (5, 1), (5, 1, 1), (5, 1, 2), (5, 2), (5, 2, 3), (6,), (6, 1)]
    assert mention_names(items[(5, 1, 2)]["lead_units"]) == ["安全监管总局"]
    assert deadline_dates(items[(5, 2, 3)]) == ["2018-12-31"]


def test_a_plan_that_opens_with_its_title_still_numbers_from_one():
    # only a copy whose very first line is a later item starts partway; a stray 五、 after the title is still text
    text = "某县工作方案\n五、本方案自印发之日起施行。\n一、总体要求\n(一)指导思想。\n二、重点任务\n(一)推进改革。\n"
    items = items_by_path(text)
    assert (5,) not in items and (1,) in items and (2, 1) in items


def test_the_reviewer_is_told_the_copy_starts_partway():
    from yingshang.plans.parsing.api import parse_text

    plan = parse_text(_COPY_FROM_CHAPTER_FIVE)
    assert any("前面的条目不在导入的文本中" in warning for warning in plan["warnings"])


def test_a_figure_in_a_titles_name_is_not_the_plans_year():
    text = (
        "某市人民政府关于创建“中国制造2025”试点示范城市的实施意见\n某府发〔2017〕52号\n各区人民政府:\n"
        "一、指导思想\n坚持创新驱动。\n二、发展目标\n到2020年,全市制造业结构持续优化,建成制造业强市。\n"
    )
    from yingshang.plans.parsing.api import parse_text

    plan = parse_text(text)
    assert plan["year"] == 2017
    items = items_by_path(text)
    assert deadline_dates(items[(2,)]) == ["2020-12-31"]


def test_a_year_run_on_to_its_month_without_年_is_still_that_month():
    text = "某市2020年工作任务\n一、企业开办\n1.全流程网办。(牵头单位:市市场监管局。完成时限:20203月)\n2.建立服务专区。(牵头单位:市政务办。完成时限:20209月底前)\n3.新增就业12000人。(牵头单位:市人社局)\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2020-03-31"]
    assert deadline_dates(items[(1, 2)]) == ["2020-09-30"]
    assert deadline_dates(items[(1, 3)]) == []


def test_a_period_in_a_cited_title_does_not_hide_the_issuing_sentences_year():
    text = (
        "为切实打好2019年污染防治攻坚战,根据《某市污染防治攻坚战三年行动计划(2018-2020年)》,结合本县实际,制定本工作方案。\n"
        "一、年度工作目标\n(一)大气污染防治目标。县城区PM2.5年平均浓度达到43以下。\n二、重点任务\n(一)推进治理。6月底前完成。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2019-12-31"]
    assert deadline_dates(items[(2, 1)]) == ["2019-06-30"]


def test_a_copy_opening_inside_a_chapter_lets_the_next_chapter_close_it():
    # the copy opens at (四) of a chapter it does not hold; 二、 is the next chapter, not a point under (四)
    text = (
        "(四)融资过程相关收费。要重点查处捆绑收费。\n二、检查组织实施\n市场监管总局统一部署。\n"
        "(一)检查准备阶段(2019年6月15日前完成)。做好前期调研。\n(二)检查实施阶段(2019年9月30日前完成)。开展检查。\n"
    )
    items = items_by_path(text)
    # (round 35: the copy's first items are numbered under the chapter before the first one it shows, 一(四))
    assert sorted(items) == [(1, 4), (2,), (2, 1), (2, 2)]
    assert deadline_dates(items[(2, 2)]) == ["2019-09-30"]


def test_a_copy_opening_with_the_tail_of_an_item_from_the_page_before_starts_partway():
    text = "市区建成区。\n" + _COPY_FROM_CHAPTER_FIVE
    items = items_by_path(text)
    assert (5,) in items and (5, 1, 2) in items and (6, 1) in items


def test_a_title_before_a_later_number_is_the_pages_title_over_a_copy_partway_through():
    # (round 36: real copies open so — the page's title, then the plan's fourth or fifth point — and a plan's first item is
    # never its fifth; a stray number the numbering starts again below stays text, as the test above shows)
    text = "某县2019年创建工作方案\n" + _COPY_FROM_CHAPTER_FIVE
    items = items_by_path(text)
    assert (5,) in items and (5, 1, 2) in items and (6, 1) in items


def test_a_phase_span_in_a_document_without_a_year_keeps_its_end_as_written():
    text = "镇容镇貌整治工作方案\n一、工作步骤\n(一)宣传动员(3月5日至3月15日)。召开动员会。\n(二)集中整治(3月16日至4月10日)。开展整治。\n"
    items = items_by_path(text)
    assert [(d["text"], d["date"]) for d in items[(1, 1)]["deadlines"]] == [("3月15日", None)]
    assert [(d["text"], d["date"]) for d in items[(1, 2)]["deadlines"]] == [("4月10日", None)]


# A task table copied one cell per line: its 任务类型 cell merged over rows 1–2 (copied once), a unit's other name wrapped
# onto a line of its own.
_TABLE_WITH_A_WRAPPED_ALIAS = """某区2025年排水管理体制改革任务表
项目序号
任务类型
改革任务
工作要求
完成时间
责任单位
配合单位
1
推进平稳有序移交
实施方案编制
完成区级实施方案制定
2025年6月
区建设管理委
(区水务局)
各成员单位
2
移交清单建立
建立移交清单,完成现场盘点、核实查验、清单锁定
2025年9月
区建设管理委
(区水务局)
区城投集团
3
推进人员转移
人员意愿征询
完成人员意愿书面征询
2025年12月
区城投集团
区人社局
"""


def test_a_units_other_name_wrapped_onto_its_own_line_stays_with_the_unit():
    items = items_by_path(_TABLE_WITH_A_WRAPPED_ALIAS)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert deadline_dates(items[(2,)]) == ["2025-09-30"]
    assert deadline_dates(items[(3,)]) == ["2025-12-31"]
    assert mention_names(items[(2,)]["responsible_units"])[:1] == ["区建设管理委(区水务局)"]


def test_a_column_named_as_the_rows_number_is_the_number_column():
    from yingshang.plans.parsing.tables import column_role

    assert column_role("项目序号") == column_role("序号") == "number"
    assert column_role("任务序号") == "number"


def test_至_opening_a_clause_says_by_when_as_到_does():
    text = "某县2015年住宅小区综合治理工作方案\n一、主要任务\n(一)落实主体责任。至2017年,住宅小区综合管理主体责任落实。\n(二)开展检查。自2015年起每年开展一次检查,检查结果报至2016年考核。\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2017-12-31"]
    assert deadline_dates(items[(1, 2)]) == []  # 报至2016年考核: 至 inside a clause, not opening it


def test_a_clause_that_meets_a_years_target_is_due_by_that_year():
    text = (
        "某市2020年大气污染防治工作方案\n一、工作目标\n(一)总体目标。完成省政府下达的2020年打赢蓝天保卫战目标。\n"
        "(二)回顾。2019年空气质量改善目标已完成。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2020-12-31"]
    assert deadline_dates(items[(1, 2)]) == []


def test_a_span_of_years_after_a_word_of_resolve_is_due_by_its_last_year():
    text = "某市扩大有效投资实施方案\n某府发〔2021〕3号\n一、总体要求\n坚持稳中求进,力争2021-2023年全市固定资产投资累计达到6800亿元。\n二、重点任务\n(一)加快工业投资。\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2023-12-31"]
