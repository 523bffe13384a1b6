"""The city's one working calendar: every deadline in the platform counts working days here.

A working day is Monday–Friday unless the calendar table (core.CalendarDay) says it is a 法定节假日 (which
includes the weekdays a 调休 moves off), or a Saturday/Sunday that the table marks as a 调休上班日. The
table is filled from the State Council's annual notices (国务院办公厅关于部分节假日安排的通知) as packaged
by ``chinesecalendar``, and corrected by the administrator on the 工作日历 page; appeals' SLA clocks,
policy step deadlines and 公示 periods, and plan reminders all read it through this module.

Working hours (for SLA clocks measured in hours) are 09:00–12:00 and 13:00–18:00 local time, 8 hours a day.

- ``add_workdays(day, n)``: the date n working days after ``day`` (the day itself not counted: "受理后
  3 个工作日内" ends on the third working day after the day of receipt).
- ``WorkCalendar.add_working_hours / add_working_days``: the same on moments, for SLA clocks; N working
  days from a moment end at 18:00 of the N-th working day after its day, fractions count in hours.

Each process keeps its copy of the table for ``settings.YINGSHANG_CONFIG_CACHE_SECONDS`` (core/memo.py);
the service that edits a day drops it at once (:func:`forget`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.utils import timezone
from django.utils.translation import gettext as _

from . import clock
from .memo import TtlMemo

WORK_PERIODS = ((dt.time(9, 0), dt.time(12, 0)), (dt.time(13, 0), dt.time(18, 0)))
HOURS_PER_DAY = 8
HOLIDAY, WORKDAY = "holiday", "workday"  # = CalendarDay.Kind values (the migrations use them without the model)
# The State Council publishes next year's notice between late October and December; warning earlier
# would only say that a notice nobody can have yet is missing.
WARN_NEXT_YEAR_FROM = (11, 1)
# The longest run of days off (春节 with its weekends) is 9 days; a gap this long means a wrong table.
_MAX_DAYS_OFF_IN_A_ROW = 60


@dataclass(frozen=True)
class WorkCalendar:
    holidays: frozenset[dt.date]
    workdays: frozenset[dt.date]

    @classmethod
    def load(cls) -> "WorkCalendar":
        """The calendar as this process last read it (at most the configuration TTL old)."""
        return _calendar_memo.get()

    @classmethod
    def official(cls) -> "WorkCalendar":
        """The official days alone (the installed chinesecalendar data, without the administrator's
        corrections): for computations that run without a database, such as benchmarks."""
        days = official_calendar()
        return cls(holidays=frozenset(d for d, (k, _n) in days.items() if k == HOLIDAY),
                   workdays=frozenset(d for d, (k, _n) in days.items() if k == WORKDAY))

    @classmethod
    def read(cls) -> "WorkCalendar":
        from .models import CalendarDay

        rows = list(CalendarDay.objects.values_list("date", "kind"))
        return cls(
            holidays=frozenset(d for d, k in rows if k == HOLIDAY),
            workdays=frozenset(d for d, k in rows if k == WORKDAY),
        )

    @classmethod
    def forget(cls) -> None:
        _calendar_memo.invalidate()

    # --- days ----------------------------------------------------------------------------------------

    def is_workday(self, day: dt.date) -> bool:
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def next_workday(self, day: dt.date) -> dt.date:
        """The first working day after ``day``."""
        for offset in range(1, _MAX_DAYS_OFF_IN_A_ROW + 1):
            candidate = day + dt.timedelta(days=offset)
            if self.is_workday(candidate):
                return candidate
        raise ValueError(_("%(day)s 之后 %(n)s 天内没有工作日,请检查工作日历") % {"day": day, "n": _MAX_DAYS_OFF_IN_A_ROW})

    def add_workdays(self, start: dt.date, count: int) -> dt.date:
        """The date ``count`` working days after ``start`` (``start`` itself not counted; 0 → ``start``)."""
        if count < 0:
            raise ValueError(_("工作日数不能为负数"))
        day = start
        for _step in range(count):
            day = self.next_workday(day)
        return day

    def workdays_between(self, start: dt.date, end: dt.date) -> int:
        """Working days after ``start`` up to and including ``end`` (negative when ``end`` is earlier)."""
        if end < start:
            return -self.workdays_between(end, start)
        return sum(1 for offset in range(1, (end - start).days + 1) if self.is_workday(start + dt.timedelta(days=offset)))

    # --- moments (SLA clocks) ------------------------------------------------------------------------

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
        if whole == 0:
            return self.add_working_hours(start, days * HOURS_PER_DAY)
        day = self.add_workdays(timezone.localtime(start, tz).date(), whole)
        end_of_day = dt.datetime.combine(day, WORK_PERIODS[-1][1], tzinfo=tz)
        fraction = days - whole
        return self.add_working_hours(end_of_day, fraction * HOURS_PER_DAY) if fraction else end_of_day

    def add(self, start: dt.datetime, amount, measure: str) -> dt.datetime:
        """``amount`` working ``measure`` ("days" or "hours") after ``start``."""
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


_calendar_memo = TtlMemo(WorkCalendar.read)


# --- the module-level API (what most callers need) -------------------------------------------------------

def current() -> WorkCalendar:
    return WorkCalendar.load()


def forget() -> None:
    """Drop this process's copy (called by the services that edit the table)."""
    WorkCalendar.forget()


def is_workday(day: dt.date) -> bool:
    return current().is_workday(day)


def next_workday(day: dt.date) -> dt.date:
    return current().next_workday(day)


def add_workdays(start: dt.date, count: int) -> dt.date:
    return current().add_workdays(start, count)


def workdays_between(start: dt.date, end: dt.date) -> int:
    return current().workdays_between(start, end)


# --- the official source ----------------------------------------------------------------------------------

def official_calendar() -> dict[dt.date, tuple[str, str]]:
    """Every day of the installed ``chinesecalendar`` data that differs from a plain week:
    date → (kind, Chinese name). The package covers 2004 up to the last notice it carries."""
    from chinese_calendar.constants import Holiday, holidays, workdays

    def chinese(english: str) -> str:
        return Holiday(english).chinese

    days = {day: (HOLIDAY, chinese(name)) for day, name in holidays.items()}
    days.update({day: (WORKDAY, f"{chinese(name)}调休上班") for day, name in workdays.items()})
    return days


def official_years() -> list[int]:
    return sorted({day.year for day in official_calendar()})


def years_lacking_official_data(today: dt.date | None = None) -> list[int]:
    """This year, and from November next year, when the table holds no official day for it."""
    from .models import CalendarDay

    today = today or clock.today()
    years = [today.year]
    if (today.month, today.day) >= WARN_NEXT_YEAR_FROM:
        years.append(today.year + 1)
    official = CalendarDay.objects.filter(source=CalendarDay.Source.OFFICIAL, date__year__in=years)
    covered = {day.year for day in official.dates("date", "year")}
    return [year for year in years if year not in covered]


def missing_data_warnings(today: dt.date | None = None) -> list[str]:
    """The admin home page's warnings (empty when every year that matters has official data)."""
    return [
        _("尚无%(year)s年官方节假日数据,请在国务院办公厅通知发布后运行 yingshang calendar sync 或手工录入") % {"year": year}
        for year in years_lacking_official_data(today)
    ]
