"""Working days for step time limits (受理 3 个工作日…): weekends off, statutory holidays off, 调休 Saturdays
and Sundays on, per the State Council's annual notices (国务院办公厅关于部分节假日安排的通知)."""

from __future__ import annotations

import datetime as dt


def _days(year, month, day, count):
    start = dt.date(year, month, day)
    return {start + dt.timedelta(days=i) for i in range(count)}


HOLIDAYS: set[dt.date] = set()
MAKEUP_WORKDAYS: set[dt.date] = set()

# 2024 (国办发明电〔2023〕7号)
HOLIDAYS |= _days(2024, 1, 1, 1) | _days(2024, 2, 10, 8) | _days(2024, 4, 4, 3) | _days(2024, 5, 1, 5) | _days(2024, 6, 10, 1)
HOLIDAYS |= _days(2024, 9, 15, 3) | _days(2024, 10, 1, 7)
MAKEUP_WORKDAYS |= {dt.date(2024, 2, 4), dt.date(2024, 2, 18), dt.date(2024, 4, 7), dt.date(2024, 4, 28), dt.date(2024, 5, 11),
                    dt.date(2024, 9, 14), dt.date(2024, 9, 29), dt.date(2024, 10, 12)}
# 2025 (国办发明电〔2024〕12号)
HOLIDAYS |= _days(2025, 1, 1, 1) | _days(2025, 1, 28, 8) | _days(2025, 4, 4, 3) | _days(2025, 5, 1, 5) | _days(2025, 5, 31, 3)
HOLIDAYS |= _days(2025, 10, 1, 8)
MAKEUP_WORKDAYS |= {dt.date(2025, 1, 26), dt.date(2025, 2, 8), dt.date(2025, 4, 27), dt.date(2025, 9, 28), dt.date(2025, 10, 11)}
# 2026
HOLIDAYS |= _days(2026, 1, 1, 3) | _days(2026, 2, 15, 9) | _days(2026, 4, 4, 3) | _days(2026, 5, 1, 5) | _days(2026, 6, 19, 3)
HOLIDAYS |= _days(2026, 9, 25, 3) | _days(2026, 10, 1, 7)
MAKEUP_WORKDAYS |= {dt.date(2026, 1, 4), dt.date(2026, 2, 14), dt.date(2026, 2, 28), dt.date(2026, 5, 9), dt.date(2026, 9, 20),
                    dt.date(2026, 10, 10)}
# 2027: provisional until the notice appears (statutory days and the usual 调休 pattern)
HOLIDAYS |= _days(2027, 1, 1, 3) | _days(2027, 2, 5, 9) | _days(2027, 4, 3, 3) | _days(2027, 5, 1, 5) | _days(2027, 6, 9, 1)
HOLIDAYS |= _days(2027, 9, 15, 1) | _days(2027, 10, 1, 7)
MAKEUP_WORKDAYS |= {dt.date(2027, 1, 31), dt.date(2027, 2, 20), dt.date(2027, 4, 25), dt.date(2027, 5, 8), dt.date(2027, 9, 26),
                    dt.date(2027, 10, 9)}


def is_workday(day: dt.date) -> bool:
    if day in MAKEUP_WORKDAYS:
        return True
    return day.weekday() < 5 and day not in HOLIDAYS


def add_workdays(start: dt.date, count: int) -> dt.date:
    """The date ``count`` working days after ``start`` (the day itself not counted)."""
    day = start
    remaining = count
    while remaining > 0:
        day += dt.timedelta(days=1)
        if is_workday(day):
            remaining -= 1
    return day


def workdays_between(start: dt.date, end: dt.date) -> int:
    """Working days after ``start`` up to and including ``end`` (negative when end is before start)."""
    if end < start:
        return -workdays_between(end, start)
    return sum(1 for i in range(1, (end - start).days + 1) if is_workday(start + dt.timedelta(days=i)))
