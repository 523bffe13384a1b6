"""Conventions of round 37, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path

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
