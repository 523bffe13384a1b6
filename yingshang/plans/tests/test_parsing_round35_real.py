"""Conventions of round 35, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path

# A campaign's timetable written the way notices write it: a month 「前」, lunar days and hours beside the days.
_TIMETABLE = """某县2018年灯会活动方案
一、活动时间
2018年2月1日(农历十二月十六)至2018年3月2日(正月十五),其中3月1日至3月2日为游园时间。
二、报名时间
2018年1月10日9时至2018年1月20日17时(名额报满即止)
三、布展时间:2月1日 8:30-11:30
四、工作步骤
(一)筹备阶段:2018年1月5日一2018年1月25日,完成场地布置。
(二)2018年6月前,完成活动总结。
"""


def test_a_month_before_is_due_by_that_months_end_as_without_a_year():
    assert deadline_dates(items_by_path(_TIMETABLE)[(4, 2)]) == ["2018-06-30"]


def test_a_span_whose_days_carry_their_lunar_days_ends_on_its_last_day():
    assert deadline_dates(items_by_path(_TIMETABLE)[(1,)]) == ["2018-03-02"]


def test_a_span_whose_days_carry_the_hours_it_opens_and_closes_at_ends_on_its_last_day():
    assert deadline_dates(items_by_path(_TIMETABLE)[(2,)]) == ["2018-01-20"]


def test_the_hours_of_a_days_event_leave_the_day():
    # (a guard: the hours go whole, not only the first, which would leave 「2月1日-11:30」 and lose the day)
    assert deadline_dates(items_by_path(_TIMETABLE)[(3,)]) == ["2018-02-01"]


def test_a_dash_between_two_dates_copied_as_one_still_spans_them():
    assert deadline_dates(items_by_path(_TIMETABLE)[(4, 1)]) == ["2018-01-25"]
