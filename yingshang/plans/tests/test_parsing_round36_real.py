"""Conventions of round 36, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

_ROLES_HEADINGS = """某区2021年专项整治工作方案
一、任务分工
(一)区交通局牵头,各乡镇(街道)配合:摸清辖区内高层建筑底数。
(二)区住建局牵头负责,相关科室、村(社区)配合:督促物业企业落实整改。
二、工作要求
(一)各乡镇(街道)配合:做好宣传发动。
"""


def test_a_heading_of_roles_whose_helpers_name_ends_in_a_bracket_names_its_lead():
    items = items_by_path(_ROLES_HEADINGS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区交通局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区住建局"]


def test_a_bare_role_word_after_a_bracket_does_not_cut_the_heading_into_a_field():
    items = items_by_path(_ROLES_HEADINGS)
    assert "摸清辖区内高层建筑底数" in items[(1, 1)]["text"]
    assert not any("摸清" in m["mention"] for m in items[(1, 1)]["responsible_units"])


# An events programme and a campaign whose phases give their spans without brackets.
_PROGRAMME = """某市2019年文化遗产日活动方案
一、动员部署阶段,2019年5月13日—5月17日
各单位召开动员会。
二、集中展示阶段:2019年5月18日—6月20日
(一)重点活动
1. 5月26日,举办古籍珍品展。(主办:市文旅局;承办:市图书馆)
2. 6月8日,全市各博物馆举办专题展览。(主办:市文物局、市财政局;承办:市博物馆、市文物信息中心)
3. 6月9日,在市民广场举办文艺晚会。
三、总结阶段 2019年6月21日—6月30日
(一)工作步骤
5月上旬,市文旅局举办培训班。
"""


def test_a_phase_heading_gives_its_span_after_a_comma_a_colon_or_a_space():
    items = items_by_path(_PROGRAMME)
    assert deadline_dates(items[(1,)]) == ["2019-05-17"]
    assert deadline_dates(items[(2,)]) == ["2019-06-20"]
    assert deadline_dates(items[(3,)]) == ["2019-06-30"]


def test_an_item_that_opens_with_its_day_then_a_comma_is_held_on_that_day():
    items = items_by_path(_PROGRAMME)
    assert deadline_dates(items[(2, 1, 1)]) == ["2019-05-26"]
    assert deadline_dates(items[(2, 1, 2)]) == ["2019-06-08"]
    assert deadline_dates(items[(2, 1, 3)]) == ["2019-06-09"]


def test_a_ten_day_period_before_a_comma_dates_no_event():
    # (a guard: the step a phase's text lists by its ten-day period is the phase's, not a day of its own)
    assert deadline_dates(items_by_path(_PROGRAMME)[(3, 1)]) == []


def test_the_body_that_runs_an_event_for_its_host_is_no_lead():
    items = items_by_path(_PROGRAMME)
    assert mention_names(items[(2, 1, 1)]["lead_units"]) == ["市文旅局"]
    assert mention_names(items[(2, 1, 2)]["lead_units"]) == ["市文物局", "市财政局"]
    assert "市图书馆" in mention_names(items[(2, 1, 1)]["responsible_units"])


# A notice copied as one paragraph: its chapter numbers run on to the words before them, its time limit's dash typed as 一.
_NOTICE_IN_ONE_PARAGRAPH = (
    "某镇2022年违建墓地整治工作方案为做好整治工作,制定本方案。一、整治范围对全镇国道省道两侧乱埋乱葬坟墓进行全面清理。"
    "整治时限:2022年3月一11月二、整治标准对公墓区和违建墓地实行不同的整治标准:(一)公墓区内整治标准。严格控制墓穴占地面积。"
    "(二)违建墓地整治标准。拆除硬化墓。三、主办单位镇民政办镇自然资源所四、工作步骤(一)宣传动员阶段(2022年3月-4月):部署。"
)


def test_a_chapter_heading_of_a_notice_opens_its_chapter_when_run_on_to_the_word_before():
    items = items_by_path(_NOTICE_IN_ONE_PARAGRAPH)
    assert items[(2,)]["title"].startswith("整治标准")
    assert items[(3,)]["title"].startswith("主办单位")
    assert (4, 1) in items


def test_a_campaigns_time_limit_is_due_by_the_end_of_its_span_whose_dash_is_typed_as_one():
    assert deadline_dates(items_by_path(_NOTICE_IN_ONE_PARAGRAPH)[(1,)]) == ["2022-11-30"]


def test_the_leader_in_charge_of_a_ministrys_task_is_a_person_not_a_lead():
    plan = """某局2009年工作要点分工方案
一、重点工作
1.开展资源普查工作,争取年底前正式启动普查。(牵头部门:科技司、办公室,主管领导:于某某、马某某)
2.参与战略规划的制定。(牵头部门:法监司,主管领导:李某某)
"""
    items = items_by_path(plan)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["科技司", "办公室"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["法监司"]


def test_a_copy_that_opens_at_a_later_item_under_its_pages_title_keeps_its_items():
    # (the page's title over the copy, then its fourth point: the points before it are on an earlier page)
    copy = """某省2022年为民实事方案(12)
(四)社会筹资(3—7月)。各级团委广泛宣传,动员社会各界踊跃捐资。
(五)摸底统计(6月底前)。省教育考试院对考生进行信息采集。
(六)确定资助对象(7—9月)。
1.省教育厅组织市县两级教育部门审核新生名册。
2.省民政厅指导县级民政部门进行比对。
"""
    items = items_by_path(copy)
    assert sorted(items) == [(4,), (5,), (6,), (6, 1), (6, 2)]
    assert deadline_dates(items[(5,)]) == ["2022-06-30"]


def test_a_copy_that_opens_in_the_words_of_a_later_point_keeps_the_chapter_after_it():
    # (page 2 of a notice: the end of point 3's step, point 4, then chapter 六 — the points sit in chapter 五)
    copy = """时间:2011年8月16日至9月15日
市工业和信息化委员会会同有关部门开展全市政府信息安全检查的抽查工作,被查单位须积极配合。
4、自治区信息安全抽查
时间:2011年9月16日至11月30日
自治区工业和信息化委员会组织开展全区政府信息安全检查的抽查工作。
六、相关工作要求
(一)各级各部门应完善检查工作机制,确保检查工作如期顺利完成。
(二)各单位可委托专业机构协助开展技术检测。
"""
    items = items_by_path(copy)
    assert sorted(items) == [(5, 4), (6,), (6, 1), (6, 2)]
    assert deadline_dates(items[(5, 4)]) == ["2011-11-30"]


_TOGETHER_IN_SENTENCES = """某市2010年公共机构节能工作要点
一、重点工作
(一)完善政策。经贸部门要会同有关部门制定促进产业发展的政策措施。
(二)定期分析。协调小组办公室每半年进行一次分析通报,对重点单位会同市能源监察支队进行能源审计。
(三)广泛宣传。各单位要组织宣传,同时县节能工作领导小组要会同有关单位开展检查。
"""


def test_a_unit_named_from_its_first_character_is_no_passive_marker():
    assert mention_names(items_by_path(_TOGETHER_IN_SENTENCES)[(1, 1)]["lead_units"]) == ["经贸部门"]


def test_what_the_work_is_done_to_is_no_lead():
    assert items_by_path(_TOGETHER_IN_SENTENCES)[(1, 2)]["lead_units"] == []


def test_a_word_joining_the_clause_to_the_one_before_is_not_part_of_the_units_name():
    assert mention_names(items_by_path(_TOGETHER_IN_SENTENCES)[(1, 3)]["lead_units"]) == ["县节能工作领导小组"]


def test_a_copy_under_its_pages_title_that_opens_in_the_words_of_a_later_point_keeps_its_points():
    copy = """公共机构节能宣传周活动方案8篇
各级公共机构节能管理部门要积极联系新闻媒体,大力宣传节约型机关创建的目的意义。
(四)印制节能宣传画。
国管局确定一批宣传画发布在公共机构节能网上。
(五)自行制作宣传展板。
6月15日,市内主要新闻媒体刊发节能倡议书。
五、有关要求
(一)加强领导。
(二)重在落实。
"""
    assert sorted(items_by_path(copy)) == [(4, 4), (4, 5), (5,), (5, 1), (5, 2)]


def test_a_copy_that_opens_two_levels_inside_a_chapter_is_placed_level_by_level():
    # (9、 ⏎ (三) ⏎ 四、: the copy opens in (二) of chapter 三 — 9、 is 三(二)9, (三) is 三(三))
    copy = """某市重点行业消防安全专项行动方案(第2页)
9、老城区是否存在私自搭建简易房屋。
10、居民住宅是否存在储存易燃易爆危险物品。
(三)抽查整改阶段(2011年6月11日至6月30日)。
1、各县(区)组成联合检查组进行抽查。
(四)验收阶段(2011年7月1日至7月10日)。
四、工作要求
(一)加强领导。
"""
    items = items_by_path(copy)
    assert sorted(items) == [(3, 2, 9), (3, 2, 10), (3, 3), (3, 3, 1), (3, 4), (4,), (4, 1)]
    assert deadline_dates(items[(3, 3)]) == ["2011-06-30"]
