"""The clock in working days, special procedures excluded (pure functions on a calendar built here:
no dependence on today or on the database's calendar)."""

import datetime as dt

from yingshang.affairs.timing import due_date, merged_periods, suspended_workdays, warning_level, workdays_used
from yingshang.core.workcalendar import WorkCalendar

D = dt.date
# National Day 2026: Oct 1–7 off, Sat Oct 10 a working day (调休).
CALENDAR = WorkCalendar(holidays=frozenset(D(2026, 10, d) for d in range(1, 8)), workdays=frozenset({D(2026, 10, 10)}))


def test_working_days_skip_weekends_and_holidays_and_count_makeup_days():
    # Accepted Tue Sep 29; decided Mon Oct 12: Sep 30, Oct 8, 9, 10 (makeup Saturday), 12 → 5 working days.
    assert workdays_used(D(2026, 9, 29), D(2026, 10, 12), [], CALENDAR) == 5


def test_special_procedures_are_excluded():
    # Accepted Mon Nov 2, 专家评审 from Wed Nov 4 to Mon Nov 9, decided Thu Nov 12.
    # Total Nov 3..12 = 8 working days; suspended Nov 5, 6, 9 = 3 → 5 used.
    periods = [(D(2026, 11, 4), D(2026, 11, 9))]
    assert suspended_workdays(D(2026, 11, 2), D(2026, 11, 12), periods, CALENDAR) == 3
    assert workdays_used(D(2026, 11, 2), D(2026, 11, 12), periods, CALENDAR) == 5


def test_overlapping_and_running_periods():
    periods = [(D(2026, 11, 4), D(2026, 11, 6)), (D(2026, 11, 5), D(2026, 11, 9)), (D(2026, 11, 11), None)]
    assert merged_periods(periods, D(2026, 11, 12)) == [(D(2026, 11, 4), D(2026, 11, 9)), (D(2026, 11, 11), D(2026, 11, 12))]
    # 3 days of the first span, Nov 12 of the running one.
    assert suspended_workdays(D(2026, 11, 2), D(2026, 11, 12), periods, CALENDAR) == 4


def test_a_suspension_across_the_holiday_counts_only_working_days():
    # 公示 from Sep 30 to Oct 9: working days in (Sep 30, Oct 9] = Oct 8, 9 → 2.
    periods = [(D(2026, 9, 30), D(2026, 10, 9))]
    assert suspended_workdays(D(2026, 9, 28), D(2026, 10, 12), periods, CALENDAR) == 2


def test_due_date_moves_by_the_suspended_days():
    start = D(2026, 11, 2)
    assert due_date(start, 5, [], D(2026, 11, 3), CALENDAR) == D(2026, 11, 9)
    assert due_date(start, 5, [(D(2026, 11, 4), D(2026, 11, 9))], D(2026, 11, 10), CALENDAR) == D(2026, 11, 12)


def test_warning_levels():
    due = D(2026, 11, 9)  # Monday
    assert warning_level(due, D(2026, 11, 10), CALENDAR) == "late"
    assert warning_level(due, D(2026, 11, 6), CALENDAR) == "near"  # Friday: one working day left
    assert warning_level(due, D(2026, 11, 4), CALENDAR) == ""
    assert warning_level(None, D(2026, 11, 4), CALENDAR) == ""
