"""Conventions of round 37, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# A copy that opens at its steps: no title, no number, no signature; only the campaign's own span writes its year.
_STEPS_OF_A_CAMPAIGN = """三、工作步骤
整治行动自2019年9月中旬至年底,分两个阶段进行。
(一)排查阶段(9月16日至10月31日)
各乡镇全面摸排辖区内小作坊底数。
(二)整治阶段(11月1日至12月25日)
各部门联合执法,于12月20日前报送整治情况。
"""


def test_a_campaign_from_a_dated_start_to_a_year_less_end_runs_in_the_year_of_its_start():
    items = items_by_path(_STEPS_OF_A_CAMPAIGN)
    assert deadline_dates(items[(3, 1)]) == ["2019-10-31"]
    assert deadline_dates(items[(3, 2)]) == ["2019-12-20", "2019-12-25"]


# A page that opens at a later chapter and closes with its signature dated in the Chinese numerals of the official style.
_SIGNED_IN_CHINESE_NUMERALS = """五、工作要求
(一)各区县要明确分工,于8月15日前将工作方案报市发展改革委。
(二)各区县要认真总结,于9月20日前报送工作总结。
某市发展和改革委员会
二○一一年八月一日
"""


def test_a_signature_dated_in_chinese_numerals_gives_the_year_of_the_year_less_deadlines():
    items = items_by_path(_SIGNED_IN_CHINESE_NUMERALS)
    assert deadline_dates(items[(5, 1)]) == ["2011-08-15"]
    assert deadline_dates(items[(5, 2)]) == ["2011-09-20"]


_PHASES_WITH_A_REMARK = """某市2018年知识竞赛活动方案
一、活动安排
(一)初赛阶段(8月)
各区县组织初赛。
(二)决赛阶段(10月份,具体时间及活动细则另行通知)
举办决赛。
"""


def test_a_phases_span_stands_before_a_remark_in_its_bracket():
    items = items_by_path(_PHASES_WITH_A_REMARK)
    assert deadline_dates(items[(1, 1)]) == ["2018-08-31"]
    assert deadline_dates(items[(1, 2)]) == ["2018-10-31"]


_TASKS_YEAR_BY_YEAR = """某省城市雨污分流改造实施方案
一、工作目标
(一)2020年任务
设区城市建成区完成雨污分流改造30%。
(二)2021年工作任务
设区城市建成区完成雨污分流改造60%。
(三)2021年工作安排
开展评估。
"""


def test_a_heading_that_names_a_years_tasks_is_due_by_that_years_end():
    items = items_by_path(_TASKS_YEAR_BY_YEAR)
    assert deadline_dates(items[(1, 1)]) == ["2020-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2021-12-31"]
    # (a year's 工作安排 names the period the chapter is about, as before)
    assert deadline_dates(items[(1, 3)]) == []


_EVENTS_PROGRAMME = """某省2016年志愿服务项目大赛方案
一、大赛主题
青春志愿行。
二、主办单位
共青团某省委员会
某省文明办、某省民政厅
三、承办单位
某市团委
四、活动安排
(一)项目申报。各级团组织申报项目。
(二)主办单位要加强宣传。
"""


def test_a_heading_that_is_only_the_hosts_role_names_the_units_below_it_as_leads():
    items = items_by_path(_EVENTS_PROGRAMME)
    assert mention_names(items[(2,)]["lead_units"]) == ["共青团某省委员会", "某省文明办", "某省民政厅"]
    assert items[(2,)]["title"] == "主办单位"
    # (the body that runs it for the hosts is no lead; a sentence that only mentions the role stays a sentence)
    assert mention_names(items[(3,)]["lead_units"]) == []
    assert mention_names(items[(4, 2)]["lead_units"]) == []


_OFFICES_JOINED = """某局2022年安全生产百日行动方案
一、工作措施
(一)强化督导。由局安监处及中心安保科牵头,每月对重点领域开展督查。
(二)排查隐患。由政法综治处与资源生态处牵头,农业农村处配合,排查自建房安全隐患。
(三)完善机制。由住房和城乡建设局牵头,研究制定管理办法。
"""


def test_two_offices_joined_by_ji_or_yu_before_qiantou_are_two_leads():
    items = items_by_path(_OFFICES_JOINED)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["局安监处", "中心安保科"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["政法综治处", "资源生态处"]
    # (a 和 inside one body's name still joins nothing)
    assert mention_names(items[(1, 3)]["lead_units"]) == ["住房和城乡建设局"]


_STEPS_BY_THE_MONTH = """某局2014年专项整治工作方案
一、工作步骤
(一)通报情况(6月上旬)
将情况报区党工委。
(二)整改落实(7月份)
制定整改措施。
(三)召开推进会(8月12日)
总结经验。
"""


def test_a_steps_heading_closed_by_the_one_month_it_is_done_in_is_due_by_its_end():
    items = items_by_path(_STEPS_BY_THE_MONTH)
    assert deadline_dates(items[(1, 1)]) == ["2014-06-10"]
    assert deadline_dates(items[(1, 2)]) == ["2014-07-31"]
    # (a day dates an event, as before: no time limit from the heading)
    assert deadline_dates(items[(1, 3)]) == []


_MONTHS_IN_CHINESE_NUMERALS = """某市2009年节能宣传活动方案
一、活动安排
(一)五月份,召开全市动员会。
(二)宣传发动,四月份前完成宣传。
(三)各单位在今年十一月底以前完成自查。
(四)三月三节日期间开展宣传。
"""


def test_a_month_in_chinese_numerals_that_names_its_part_is_a_time_as_in_figures():
    items = items_by_path(_MONTHS_IN_CHINESE_NUMERALS)
    assert deadline_dates(items[(1, 1)]) == ["2009-05-31"]
    assert deadline_dates(items[(1, 2)]) == ["2009-04-30"]
    assert deadline_dates(items[(1, 3)]) == ["2009-11-30"]
    # (a bare 「三月」 may name a festival: no time)
    assert deadline_dates(items[(1, 4)]) == []


_TARGETS_BY_TWO_YEARS = """某市健康行动实施方案
一、主要任务
(一)实施健康知识普及行动。鼓励媒体开办健康节目。到2022年和2030年,全市居民健康素养水平分别不低于22%和30%。
(二)实施控烟行动。比较2022年和2023年的数据,分析吸烟率变化。
"""


def test_the_years_a_target_is_met_by_listed_before_its_clause_are_each_a_deadline():
    items = items_by_path(_TARGETS_BY_TWO_YEARS)
    assert deadline_dates(items[(1, 1)]) == ["2022-12-31", "2030-12-31"]
    # (years joined where nothing is to be met by them are no deadline)
    assert deadline_dates(items[(1, 2)]) == []


_THE_LEAD_NAMED_BY_A_COPULA = """某区2019年工作方案
一、工作措施
(一)推行告知承诺制。行政服务处作为牵头处室,统筹推进全系统工作。
(二)推进截污纳管。区水务局为本区截污纳管工作的牵头、协调单位。
"""


def test_a_sentence_that_names_the_lead_office_or_the_lead_and_coordinating_unit_names_the_lead():
    items = items_by_path(_THE_LEAD_NAMED_BY_A_COPULA)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["行政服务处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区水务局"]


_UNITS_WITH_THEIR_OTHER_NAMES = """某区2025年排水系统提升方案
一、工作任务
(一)区级方案编制。区建设管理委(区水务局)牵头完成区级实施方案编制。
(二)加强统筹。区农业农村局(区乡村振兴局)要做好牵头推动工作。
"""


def test_a_unit_whose_other_name_follows_in_brackets_keeps_its_lead_in_a_sentence():
    items = items_by_path(_UNITS_WITH_THEIR_OTHER_NAMES)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区建设管理委(区水务局)"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区农业农村局(区乡村振兴局)"]


_LEADS_THAT_GUIDE_OR_HANDLE = """某市2024年工作方案
一、主要任务
(一)评估排水防涝设施。(市住建局牵头指导,各区政府负责落实)
(二)下放审批事项。(行政许可处牵头办理,相关处室配合)
(三)加强督查。(市政府督查室牵头督办,各部门配合)
"""


def test_a_lead_named_with_how_it_leads_guides_handles_or_supervises_keeps_its_lead():
    items = items_by_path(_LEADS_THAT_GUIDE_OR_HANDLE)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市住建局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["行政许可处"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["市政府督查室"]


_HELPERS_PART_IN_A_PHRASE = """某区2017年工作方案
一、主要任务
(一)推进国企改革。(区国资局牵头,区联席会议办公室做好服务与配合工作)
(二)开展规章清理。(市政府法制办牵头,市政府办公厅、市信息办及相关部门各负其责)
(三)统一冠名。(市发展改革委牵头,市大数据中心配合,各行业主管部门协调指导)
"""


def test_a_bracket_whose_helpers_part_is_said_in_a_phrase_keeps_its_lead():
    items = items_by_path(_HELPERS_PART_IN_A_PHRASE)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区国资局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市政府法制办"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["市发展改革委"]
