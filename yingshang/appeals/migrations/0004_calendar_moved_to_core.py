"""The working calendar moved to core (core.CalendarDay, one calendar for every module).

The hub's rows go over as follows: a day the official data (chinesecalendar, loaded by core 0004) already
lists with the same kind stays official; a day of a year the official data does not cover yet, exactly as
shipped by 0002 (the pre-arranged 2027), becomes 预排 — `yingshang calendar sync` replaces it once the
notice is packaged; every other row is an administrator's correction and keeps its meaning (source
管理员修改, never overwritten by a sync). An official day the administrator had deleted from a year the hub
maintained stays an ordinary day of the week, as a correction.
"""

from django.db import migrations


def move_days_to_core(apps, schema_editor):
    from yingshang.appeals.calendar_data import SHIPPED_CALENDAR
    from yingshang.core.workcalendar import official_calendar

    HubDay = apps.get_model("appeals", "CalendarDay")
    CoreDay = apps.get_model("core", "CalendarDay")
    official = official_calendar()
    shipped = {day: kind for day, kind, _name in SHIPPED_CALENDAR}
    hub_rows = {row.date: row for row in HubDay.objects.all()}
    core_rows = {row.date: row for row in CoreDay.objects.all()}

    def put(day, kind, name, source):
        row = core_rows.get(day) or CoreDay(date=day)
        row.kind, row.name, row.source = kind, name[:64], source
        row.save()

    for day, row in hub_rows.items():
        listed = official.get(day)
        if listed is not None and listed[0] == row.kind:
            continue
        provisional = listed is None and shipped.get(day) == row.kind and not any(d.year == day.year for d in official)
        put(day, row.kind, row.name, "provisional" if provisional else "admin")
    maintained_years = {day.year for day in hub_rows}
    for day, (kind, name) in official.items():
        if day.year in maintained_years and day not in hub_rows:
            plain = "workday" if day.weekday() < 5 else "holiday"
            if plain != kind:
                put(day, plain, f"{name}(管理员取消)", "admin")


def copy_days_back(apps, schema_editor):
    """Unapplying: the hub's own table again, with every day core holds from the hub's first year on."""
    HubDay = apps.get_model("appeals", "CalendarDay")
    CoreDay = apps.get_model("core", "CalendarDay")
    HubDay.objects.bulk_create([
        HubDay(date=row.date, kind=row.kind, name=row.name[:32])
        for row in CoreDay.objects.filter(date__year__gte=2026).order_by("date")
    ])


class Migration(migrations.Migration):
    dependencies = [
        ("appeals", "0003_triage_queue"),
        ("core", "0004_work_calendar"),
    ]

    operations = [
        migrations.RunPython(move_days_to_core, copy_days_back),
        migrations.DeleteModel(name="CalendarDay"),
    ]
