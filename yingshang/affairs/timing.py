"""The approval clock, as pure functions over a working calendar (core.workcalendar.WorkCalendar).

Working days run from the day after the start up to and including the end (the calendar's
``workdays_between``: 受理次日起算). Periods of a special procedure (专家评审, 公示, 现场勘验, 听证) are
not counted: overlapping periods are merged first, and only the part inside the clock's own span counts.
A period still running (no end) counts up to the clock's end.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

Period = tuple[dt.date, dt.date | None]


def merged_periods(periods: Iterable[Period], end: dt.date) -> list[tuple[dt.date, dt.date]]:
    """Periods as closed spans (an open one ends at ``end``), sorted, overlaps joined."""
    spans = sorted((start, stop or end) for start, stop in periods)
    result: list[tuple[dt.date, dt.date]] = []
    for start, stop in spans:
        if stop < start:
            continue
        if result and start <= result[-1][1]:
            result[-1] = (result[-1][0], max(result[-1][1], stop))
        else:
            result.append((start, stop))
    return result


def suspended_workdays(start: dt.date, end: dt.date, periods: Iterable[Period], calendar) -> int:
    """Working days of the special procedures inside (start, end]."""
    total = 0
    for p_start, p_stop in merged_periods(periods, end):
        a, b = max(p_start, start), min(p_stop, end)
        if b > a:
            total += calendar.workdays_between(a, b)
    return total


def workdays_used(start: dt.date, end: dt.date, periods: Iterable[Period], calendar) -> int:
    """Working days the department used from ``start`` to ``end``, special procedures excluded."""
    periods = list(periods)
    return max(calendar.workdays_between(start, end) - suspended_workdays(start, end, periods, calendar), 0)


def due_date(start: dt.date, promised_days: int, periods: Iterable[Period], today: dt.date, calendar) -> dt.date:
    """The promised end: ``promised_days`` working days after ``start``, pushed back by every working day of
    special procedure so far (a running one counts up to ``today``)."""
    return calendar.add_workdays(start, promised_days + suspended_workdays(start, max(today, start), periods, calendar))


def warning_level(due_on: dt.date | None, today: dt.date, calendar, *, ahead: int = 1) -> str:
    """``late`` past the promised day, ``near`` within ``ahead`` working days of it, else ``""``."""
    if due_on is None:
        return ""
    if today > due_on:
        return "late"
    if calendar.workdays_between(today, due_on) <= ahead:
        return "near"
    return ""
