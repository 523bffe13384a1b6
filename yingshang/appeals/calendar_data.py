"""Data of the hub's migrations: the default time limits (0002) and the working calendar the hub shipped
before the calendar moved to core (0002 loaded it; 0004 moves it to core.CalendarDay and tells the
pre-arranged days from an administrator's corrections by comparing with this list). Nothing reads it at
run time: the calendar is core's (core/workcalendar.py), filled from the chinesecalendar package.

2026: 国务院办公厅关于2026年部分节假日安排的通知. 2027: the State Council publishes its notice late in
the preceding year; until then these rows are a provisional arrangement derived from the statutory
holidays (全国年节及纪念日放假办法, 2024 revision: 元旦1, 春节4, 清明1, 劳动节2, 端午1, 中秋1, 国庆3 days)
and the usual 调休 pattern; `yingshang calendar sync` replaces them once the package carries the notice.
"""

import datetime as dt


def _span(year, month, day, count, name):
    start = dt.date(year, month, day)
    return [(start + dt.timedelta(days=i), "holiday", name) for i in range(count)]


def _work(year, month, day, name):
    return [(dt.date(year, month, day), "workday", f"{name}调休上班")]


CALENDAR_2026 = (
    _span(2026, 1, 1, 3, "元旦") + _work(2026, 1, 4, "元旦")
    + _span(2026, 2, 15, 9, "春节") + _work(2026, 2, 14, "春节") + _work(2026, 2, 28, "春节")
    + _span(2026, 4, 4, 3, "清明节")
    + _span(2026, 5, 1, 5, "劳动节") + _work(2026, 5, 9, "劳动节")
    + _span(2026, 6, 19, 3, "端午节")
    + _span(2026, 9, 25, 3, "中秋节")
    + _span(2026, 10, 1, 7, "国庆节") + _work(2026, 9, 20, "国庆节") + _work(2026, 10, 10, "国庆节")
)

CALENDAR_2027_PROVISIONAL = (
    _span(2027, 1, 1, 3, "元旦")
    + _span(2027, 2, 5, 9, "春节") + _work(2027, 1, 31, "春节") + _work(2027, 2, 20, "春节")
    + _span(2027, 4, 3, 3, "清明节")
    + _span(2027, 5, 1, 5, "劳动节") + _work(2027, 4, 25, "劳动节") + _work(2027, 5, 8, "劳动节")
    + _span(2027, 6, 9, 1, "端午节")
    + _span(2027, 9, 15, 1, "中秋节")
    + _span(2027, 10, 1, 7, "国庆节") + _work(2027, 9, 26, "国庆节") + _work(2027, 10, 9, "国庆节")
)

SHIPPED_CALENDAR = CALENDAR_2026 + CALENDAR_2027_PROVISIONAL

# (appeal type or "" for any, urgency): (dispatch, feedback, completion) as (amount, "hours"|"days").
DEFAULT_LIMITS = {
    ("", "normal"): ((2, "hours"), (2, "days"), (10, "days")),
    ("", "urgent"): ((0.5, "hours"), (4, "hours"), (2, "days")),
    ("", "critical"): ((0.25, "hours"), (1, "hours"), (1, "days")),
    ("consult", "normal"): ((2, "hours"), (1, "days"), (3, "days")),
    ("help", "normal"): ((2, "hours"), (2, "days"), (5, "days")),
    ("complaint", "normal"): ((2, "hours"), (2, "days"), (15, "days")),
    ("report", "normal"): ((2, "hours"), (2, "days"), (15, "days")),
    ("suggestion", "normal"): ((4, "hours"), (3, "days"), (15, "days")),
    ("praise", "normal"): ((4, "hours"), (3, "days"), (5, "days")),
}
