"""Working-time arithmetic on the city's calendar and the SLA clocks of an appeal.

A working day is Monday–Friday unless the calendar (CalendarDay, maintained by the admin) says it is a
public holiday, or a Saturday/Sunday that the calendar marks as a 调休 make-up working day. Working hours
are 09:00–12:00 and 13:00–18:00 local time (8 hours a day).

- ``N working hours`` from a moment: walk forward through working periods only.
- ``N working days`` from a moment: the deadline is the end of the N-th working day *after* the day of
  the moment (the day of intake does not count, as in "3 个工作日内办结"); fractions count in hours.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone

from yingshang.core.memo import TtlMemo

WORK_PERIODS = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(13, 0), dt.time(18, 0)))
HOURS_PER_DAY = 8


@dataclass
class WorkCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    @classmethod
    def load(cls) -> "WorkCalendar":
        """The calendar as this process last read it (core/memo.py: at most the configuration TTL old)."""
        return _calendar_memo.get()

    @classmethod
    def read(cls) -> "WorkCalendar":
        from .models import CalendarDay

        rows = list(CalendarDay.objects.values_list("date", "kind"))
        return cls(
            holidays=frozenset(d for d, k in rows if k == CalendarDay.Kind.HOLIDAY),
            workdays=frozenset(d for d, k in rows if k == CalendarDay.Kind.WORKDAY),
        )

    @classmethod
    def forget(cls) -> None:
        _calendar_memo.invalidate()

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        day += dt.timedelta(days=1)
        for _ in range(60):  # the longest Chinese holiday block is 9 days; 60 is a generous bound
            if self.is_workday(day):
                return day
            day += dt.timedelta(days=1)
        raise ValueError(f"{day} 之后 60 天内没有工作日,请检查工作日历")

    # --- arithmetic ------------------------------------------------------------------------------

    def add_working_hours(self, start: dt.datetime, hours: float | Decimal) -> dt.datetime:
        remaining = dt.timedelta(hours=float(hours))
        tz = timezone.get_current_timezone()
        moment = timezone.localtime(start, tz)
        day = moment.date()
        if not self.is_workday(day):
            day, moment = self.next_workday(day), None
        while True:
            for begin, end in WORK_PERIODS:
                period_start = dt.datetime.combine(day, begin, tzinfo=tz)
                period_end = dt.datetime.combine(day, end, tzinfo=tz)
                if moment is not None and moment >= period_end:
                    continue
                cursor = max(period_start, moment) if moment is not None else period_start
                available = period_end - cursor
                if remaining <= available:
                    return cursor + remaining
                remaining -= available
            day, moment = self.next_workday(day), None

    def add_working_days(self, start: dt.datetime, days: float | Decimal) -> dt.datetime:
        days = float(days)
        whole = int(days)
        tz = timezone.get_current_timezone()
        day = timezone.localtime(start, tz).date()
        for _ in range(whole):
            day = self.next_workday(day)
        if whole == 0:
            return self.add_working_hours(start, days * HOURS_PER_DAY)
        end_of_day = dt.datetime.combine(day, WORK_PERIODS[-1][1], tzinfo=tz)
        fraction = days - whole
        return self.add_working_hours(end_of_day, fraction * HOURS_PER_DAY) if fraction else end_of_day

    def add(self, start: dt.datetime, amount, measure: str) -> dt.datetime:
        return self.add_working_days(start, amount) if measure == "days" else self.add_working_hours(start, amount)

    def working_hours_between(self, start: dt.datetime, end: dt.datetime) -> float:
        """Working hours from ``start`` to ``end`` (negative when end is earlier)."""
        if end < start:
            return -self.working_hours_between(end, start)
        tz = timezone.get_current_timezone()
        start, end = timezone.localtime(start, tz), timezone.localtime(end, tz)
        total = dt.timedelta()
        day = start.date()
        while day <= end.date():
            if self.is_workday(day):
                for begin, finish in WORK_PERIODS:
                    a = max(dt.datetime.combine(day, begin, tzinfo=tz), start)
                    b = min(dt.datetime.combine(day, finish, tzinfo=tz), end)
                    if b > a:
                        total += b - a
            day += dt.timedelta(days=1)
        return total.total_seconds() / 3600


# --- SLA policy ----------------------------------------------------------------------------------------

@dataclass(frozen=True)
class Limits:
    dispatch: tuple[Decimal, str]
    feedback: tuple[Decimal, str]
    completion: tuple[Decimal, str]


class PolicyBook:
    """All SlaPolicy rows, looked up by (type, urgency) with a type-blank row as the fallback."""

    def __init__(self, rows):
        self._rows = {(r.appeal_type, r.urgency): r for r in rows}

    @classmethod
    def load(cls) -> "PolicyBook":
        return _policy_memo.get()

    @classmethod
    def read(cls) -> "PolicyBook":
        from .models import SlaPolicy

        return cls(SlaPolicy.objects.all())

    @classmethod
    def forget(cls) -> None:
        _policy_memo.invalidate()

    def limits(self, appeal_type: str, urgency: str) -> Limits:
        row = self._rows.get((appeal_type, urgency)) or self._rows.get(("", urgency)) or self._rows.get(("", "normal"))
        if row is None:
            raise ValueError("未配置办理时限(办理时限表为空),请管理员在“工作日历与时限”中设置")
        return Limits(
            (row.dispatch_limit, row.dispatch_measure), (row.feedback_limit, row.feedback_measure),
            (row.completion_limit, row.completion_measure),
        )



_calendar_memo = TtlMemo(WorkCalendar.read)
_policy_memo = TtlMemo(PolicyBook.read)


def describe_limit(amount, measure: str) -> str:
    amount = Decimal(amount).normalize()
    return f"{amount:f}{'个工作日' if measure == 'days' else '个工作小时'}"
