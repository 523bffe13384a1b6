"""Reference data of the hub: the working calendar (2026, provisional 2027), default time limits, the
hub's settings row. The admin maintains all three afterwards, through audited services."""

from decimal import Decimal

from django.db import migrations


def load(apps, schema_editor):
    from yingshang.appeals.calendar_data import DEFAULT_LIMITS, SHIPPED_CALENDAR

    CalendarDay = apps.get_model("appeals", "CalendarDay")
    SlaPolicy = apps.get_model("appeals", "SlaPolicy")
    HubSettings = apps.get_model("appeals", "HubSettings")
    known = set(CalendarDay.objects.values_list("date", flat=True))
    CalendarDay.objects.bulk_create([CalendarDay(date=d, kind=k, name=n) for d, k, n in SHIPPED_CALENDAR if d not in known])
    for (appeal_type, urgency), (dispatch, feedback, completion) in DEFAULT_LIMITS.items():
        SlaPolicy.objects.get_or_create(
            appeal_type=appeal_type, urgency=urgency,
            defaults={
                "dispatch_limit": Decimal(str(dispatch[0])), "dispatch_measure": dispatch[1],
                "feedback_limit": Decimal(str(feedback[0])), "feedback_measure": feedback[1],
                "completion_limit": Decimal(str(completion[0])), "completion_measure": completion[1],
            },
        )
    if not HubSettings.objects.exists():
        HubSettings.objects.create()


class Migration(migrations.Migration):
    dependencies = [("appeals", "0001_initial")]

    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
