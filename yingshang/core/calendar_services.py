"""Writes to the working calendar (core.CalendarDay): an administrator's correction of one day, and the
sync from the official data. Every change is audited and drops the per-process copy of the calendar, so
the next deadline computed in this process already counts with it (core/workcalendar.py)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from . import workcalendar
from .audit import audited_write
from .auditlog import record, record_bulk
from .models import CalendarDay
from .permissions import require_capability
from .services import save_versioned
from .textnorm import normalize_text

NAME_MAX = CalendarDay._meta.get_field("name").max_length


def calendar_day_set(*, actor, date: dt.date, kind: str, name: str, expected_version: int | None = None) -> CalendarDay:
    """Mark ``date`` a 法定节假日 or a 调休上班日 (an administrator's correction: sync never overwrites it).

    ``expected_version``: the version the editor loaded, when the form was one row's edit form; a
    concurrent edit of that row then fails with ConcurrentEditError instead of being overwritten."""
    require_capability(actor, "core.manage_calendar")
    if not isinstance(date, dt.date):
        raise ValidationError(_("请填写正确的日期,例如 2027-01-04"))
    if kind not in CalendarDay.Kind.values:
        raise ValidationError(_("类型应为“法定节假日”或“调休上班日”"))
    name = normalize_text(name or "")
    if not name:
        raise ValidationError(_("请填写名称(如 春节)"))
    if len(name) > NAME_MAX:
        raise ValidationError(_("名称过长(最多 %(n)s 个字)") % {"n": NAME_MAX})
    with audited_write(actor):
        day = CalendarDay.objects.filter(date=date).first()
        before = day.audit_snapshot() if day else None
        day = day or CalendarDay(date=date)
        day.kind, day.name, day.source = kind, name, CalendarDay.Source.ADMIN
        save_versioned(day, expected_version if day.pk else None)
        record("core.calendar_day.save", day, before=before, after=day.audit_snapshot())
    workcalendar.forget()
    return day


def calendar_day_delete(*, actor, day: CalendarDay) -> CalendarDay | None:
    """Withdraw a correction. A day the official data lists returns to it (the row is kept, source 官方数据);
    any other day becomes an ordinary day of the week. Official rows themselves cannot be deleted: the
    next sync would bring them back, so the administrator corrects them instead."""
    require_capability(actor, "core.manage_calendar")
    if day.source == CalendarDay.Source.OFFICIAL:
        raise ValidationError(_("官方数据不能删除;如该日实际上班或放假,请将其改为“调休上班日”或“法定节假日”"))
    official = workcalendar.official_calendar().get(day.date)
    with audited_write(actor):
        before = day.audit_snapshot()
        if official is not None:
            day.kind, day.name = official
            day.source = CalendarDay.Source.OFFICIAL
            save_versioned(day, day.version)
            record("core.calendar_day.restore", day, before=before, after=day.audit_snapshot())
            result = day
        else:
            record("core.calendar_day.delete", day, before=before, after=None)
            day.delete()
            result = None
    workcalendar.forget()
    return result


@dataclass
class SyncReport:
    years: list[int]
    added: int = 0
    updated: int = 0
    removed: int = 0
    # Administrator's rows the official data disagrees with: kept, listed for the administrator to review.
    kept_admin: list[CalendarDay] = field(default_factory=list)


def calendar_sync(*, actor=None, years: list[int] | None = None) -> SyncReport:
    """Bring the years the official data covers (or ``years`` of them) up to that data.

    Official and pre-arranged (预排) rows are replaced by the official ones and pre-arranged guesses the
    notice did not confirm are removed; an administrator's row is never changed, only reported when it
    disagrees. Idempotent: a second run changes nothing."""
    require_capability(actor, "core.manage_calendar")
    official = workcalendar.official_calendar()
    available = sorted({day.year for day in official})
    if years:
        unknown = sorted(set(years) - set(available))
        if unknown:
            raise ValidationError(
                _("官方数据(chinesecalendar)中没有 %(years)s 年的节假日安排;请升级该软件包,或在工作日历页手工录入")
                % {"years": "、".join(map(str, unknown))}
            )
    chosen = sorted(set(years)) if years else available
    report = SyncReport(years=chosen)
    wanted = {day: value for day, value in official.items() if day.year in chosen}
    with audited_write(actor):
        existing = {row.date: row for row in CalendarDay.objects.filter(date__year__in=chosen)}
        new_rows = []
        for day, (kind, name) in sorted(wanted.items()):
            row = existing.get(day)
            if row is None:
                new_rows.append(CalendarDay(date=day, kind=kind, name=name, source=CalendarDay.Source.OFFICIAL))
            elif row.source == CalendarDay.Source.ADMIN:
                if row.kind != kind:
                    report.kept_admin.append(row)
            elif (row.kind, row.name, row.source) != (kind, name, CalendarDay.Source.OFFICIAL):
                before = row.audit_snapshot()
                row.kind, row.name, row.source = kind, name, CalendarDay.Source.OFFICIAL
                save_versioned(row, row.version)
                record("core.calendar_day.sync", row, before=before, after=row.audit_snapshot())
                report.updated += 1
        for day, row in existing.items():
            if day not in wanted and row.source != CalendarDay.Source.ADMIN:
                record("core.calendar_day.sync", row, before=row.audit_snapshot(), after=None)
                row.delete()
                report.removed += 1
        if new_rows:
            CalendarDay.objects.bulk_create(new_rows)
            report.added = len(new_rows)
            record_bulk("core.calendar_day.sync", CalendarDay, count=len(new_rows), summary={
                "years": chosen, "added": len(new_rows), "first": new_rows[0].date.isoformat(), "last": new_rows[-1].date.isoformat(),
            })
    workcalendar.forget()
    return report
