"""Conventions of round 24, from the real parts scored after round 23 (heldout51–55, official 上海 texts and 平潭's
政务公开 pages). Each example is constructed for the test, never copied from a fixture, and no rule names a city, a
unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def test_units_that_back_the_lead_up_are_not_leads():
    text = """某区2025年城市更新工作实施计划
一、重点项目
1.推进老城厢风貌区更新项目。(牵头单位:某某街道、区住房保障局,支撑单位:区规划资源局、区建设管理委)
2.建成社区口袋公园5个。(牵头单位:区绿化市容局;支持单位:相关街镇)
"""
    items = items_by_path(text)
    assert sorted(mention_names(items[(1, 1)]["lead_units"])) == ["区住房保障局", "某某街道"]
    assert "区规划资源局" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区绿化市容局"]


def test_a_duty_list_headed_by_each_body_makes_the_one_whose_duties_open_with_qiantou_the_lead():
    text = """某区推进海绵城市建设的实施方案
一、职责分工
(一)区建设管理委
牵头协调督促全区海绵城市建设工作,负责片区系统方案编制。
(二)区财政局
负责安排海绵城市建设年度预算。
(三)综合协调组:牵头做好专项整治的统筹协调。
(四)督查组:协助相关部门核实整治情况。
(五)各街镇
牵头做好辖区内项目的推进。
(六)组织保障
牵头单位要加强统筹。
(七)服务办。牵头负责收集掌握居委上报的信息。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区建设管理委"]
    assert items[(1, 2)]["lead_units"] == []
    assert mention_names(items[(1, 3)]["lead_units"]) == ["综合协调组"]
    assert items[(1, 4)]["lead_units"] == []
    # a collective heading names no one body; a heading that is no unit names none
    assert items[(1, 5)]["lead_units"] == []
    assert items[(1, 6)]["lead_units"] == []
    assert mention_names(items[(1, 7)]["lead_units"]) == ["服务办"]


def test_the_subject_that_works_together_with_others_leads():
    text = """某区农村公路管理养护体制改革实施方案
一、重点任务
(一)开展改革试点。结合实际积极开展试点,区交通委要会同有关部门加强跟踪督查,及时协调解决问题。
(二)推进试点示范。区城管执法局会同属地街镇、区房管局遴选10至20个住宅小区先行先试。
(三)加强组织领导。我局将会同财政、质监等相关部门做好统筹协调。
(四)做好宣传。各街镇加强宣传引导,营造良好氛围。
(五)强化统筹。市发展改革委、市经济信息化委会同有关部门,针对关键堵点加强统筹协调。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区交通委"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区城管执法局"]
    # the issuer speaking of itself names no unit a ledger could hold to account
    assert items[(1, 3)]["lead_units"] == []
    assert items[(1, 4)]["lead_units"] == []
    # a unit whose name holds 经 (经济, 经信) before 会同
    assert mention_names(items[(1, 5)]["lead_units"]) == ["市发展改革委", "市经济信息化委"]


def test_the_office_that_checks_the_plan_together_with_another_is_no_lead():
    text = """某市营商环境质量提升行动方案
一、保障措施
(一)加强考核问效。市营商办要会同市政府督考办,将各单位落实情况纳入年度绩效考核。
(二)加强资金保障。市财政局要会同市发展改革委统筹安排专项资金。
"""
    items = items_by_path(text)
    assert items[(1, 1)]["lead_units"] == []
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市财政局"]


def test_the_date_closing_a_cover_notice_dates_the_plan_that_follows():
    text = """某区人民政府办公室转发区消防安全委员会制定的《某区高层建筑消防安全综合治理工作方案》的通知
各乡、镇人民政府,区政府各委、办、局:
区消防安全委员会制定的《某区高层建筑消防安全综合治理工作方案》已经区政府同意,现转发给你们,请认真按照执行。
2017年9月6日
某区高层建筑消防安全综合治理工作方案
一、工作步骤
(一)动员部署阶段(8月31日前)。各有关单位细化工作方案。
(二)排查整治阶段(9月1日至11月30日)。全面开展排查整治。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2017-08-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2017-11-30"]


def test_the_unit_a_sentence_says_is_the_lead_leads():
    text = """某区旧住房成套改造实施方案
一、职责分工
(一)明确推进机制。区住房保障房屋管理局是旧住房成套改造工作的牵头部门,负责编制总体实施方案。区财政局负责资金保障。
(二)加强资金保障。区财政局负责区级财政资金的保障和落实工作。
(三)落实属地责任。各街镇是本辖区改造工作的责任主体。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区住房保障房屋管理局"]
    assert items[(1, 2)]["lead_units"] == []
    assert items[(1, 3)]["lead_units"] == []


def test_a_table_copied_one_cell_per_line_with_section_numbers_in_cells_of_their_own():
    text = """附表

某区2025年节能减排重点工作分工

序号

重点任务

具体工作

时间进度

责任部门

一

推进综合管理

1

全力推进节能降碳目标进度，明确年度重点工作任务

全年推进

发展改革委、生态环境局

2

编制温室气体排放清单

一季度完成

生态环境局

二

加快推进能源绿色低碳转型

3

推动可再生能源发展，新增光伏装机规模6000千瓦

年内完成

发展改革委、商务委
"""
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert "绿色低碳转型" in items[(2,)]["title"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2025-03-31"]
    assert [d["date"] for d in items[(2, 3)]["deadlines"]] == ["2025-12-31"]
    assert "商务委" in mention_names(items[(2, 3)]["responsible_units"])


def test_a_project_register_copied_one_cell_per_line_with_counted_groups_and_wrapped_unit_names():
    rows = [
        "附件:2026年某区重大工程建设计划", "序号", "项目名称", "牵头单位", "建设单位/责任单位", "建设目标", "所处区域",
        "正式项目(3个)", "一", "市政设施类(2个)",
        "1", "新城绿环三期", "区绿容局", "区绿容局", "新开工", "新城",
        "2", "110kV输变电工程(云安、发祥等)", "国网江城", "供电公司", "国网江城", "供电公司", "在建", "新城",
        "二", "两旧一村类(1个)",
        "3", "西门历史文化街区", "区商务委", "城发集团", "在建", "新城",
    ]
    items = items_by_path("\n\n".join(rows) + "\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["国网江城供电公司"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["区商务委"]


def test_a_chapter_heading_that_opens_with_a_numeral_word_is_still_a_chapter():
    text = """某区重大工程建设计划
一、住房保障类(2个)
1.甲安置房项目(牵头单位:区房管局)
2.乙安置房项目(牵头单位:区房管局)
二、两旧一村类(1个)
3.西门历史文化街区(牵头单位:区商务委)
"""
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]


def test_a_task_cell_of_numbered_points_each_on_its_own_line_gives_the_row_sub_items():
    rows = [
        "2025年某区垃圾分类减量推进工作任务清单", "序号", "任务内容", "责任单位",
        "1", "1. 强化基层党组织领导下的多方参与机制。", "2. 通过大篷车开展垃圾分类宣传活动。", "3. 完成投放点微更新120个。",
        "区绿化市容局",
        "2", "融入基层治理“多格合一”,加大基层赋能力度。", "区社工部",
    ]
    items = items_by_path("\n\n".join(rows) + "\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (2,)]
    assert "大篷车" in items[(1, 2)]["title"]
    assert "区社工部" in mention_names(items[(2,)]["responsible_units"])


def test_an_action_plan_numbered_by_its_actions_and_tasks():
    text = """2026年某市城市更新规划资源行动方案
一、统筹更新任务
行动1:加强规划引领与任务统筹
——任务1:协同开展城市更新专项规划编制工作
。强化总体规划对城市更新的引领作用。
——任务2:推进历史文化名城保护规划编制与实施
。完成规划报批。
行动2:推动更新规划编制与实施
——任务3:推动重点地区更新提升
。加快推进重点地区规划功能提升。
二、统筹更新政策
行动3:建立可持续城市更新政策法规
——任务4:完善城市更新相关法规规章
。配合开展条例修法。
"""
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 2), (1, 2, 3), (2,), (2, 3), (2, 3, 4)]
    assert "历史文化名城" in items[(1, 1, 2)]["title"]


def test_a_span_of_years_before_what_is_to_be_done_within_it_is_due_by_its_last_year():
    text = """某市城市综合交通体系建设工作方案
一、重点任务
(一)开展慢行交通系统建设。提升慢行交通设施连续性,2024年-2025年累计完成慢行交通品质提升项目240项。
(二)补齐停车设施短板。聚焦老旧小区、医院等重点区域,2024年-2025年创建60个停车资源优化项目。
(三)总结经验。梳理2021年-2023年的建设经验,形成工作指引。
二、目标任务
2017—2020年,组织职业院校教师分层分类参加国家级培训。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2025-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2025-12-31"]
    # a span of past years that the work looks back on is no deadline
    assert items[(1, 3)]["deadlines"] == []
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2020-12-31"]


def test_the_units_that_carry_the_work_out_are_not_leads():
    text = """某市推进船舶靠港使用岸电工作方案
一、重点任务
(一)推进船舶受电设施改造。推进本市籍船舶开展受电设施改造。(牵头部门:市交通委港务监管处;实施部门:市港航中心、某船级社分社)
(二)建设示范项目。(牵头单位:区建设管理委;推进单位:各街镇)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市交通委港务监管处"]
    assert "市港航中心" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区建设管理委"]


def test_the_subject_of_a_sentence_whose_later_clause_opens_with_qiantou_leads():
    text = """某区既有多层住宅加装电梯联合执法工作方案
一、职责分工
(一)明确主管部门。区房管局负责加装电梯工程的全面管理,督促代建单位落实主体责任,牵头协调相关部门落实各自监管职责。
(二)加强质量监督。区建管委负责加装电梯工程质量、安全监督管理和指导。
(三)强化统筹。区建设管理委负责统筹协调全区海绵城市建设,牵头制定协调推进机制并督促工作落实。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区房管局"]
    assert items[(1, 2)]["lead_units"] == []
    assert mention_names(items[(1, 3)]["lead_units"]) == ["区建设管理委"]
