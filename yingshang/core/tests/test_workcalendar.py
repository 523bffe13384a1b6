"""The one working calendar: official data from chinesecalendar, 调休 weekends, the administrator's
corrections (audited, never overwritten by a sync), the missing-year warning, who may edit it."""

import datetime as dt

import chinese_calendar
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from yingshang.core import clock, workcalendar
from yingshang.core.calendar_services import calendar_day_delete, calendar_day_set, calendar_sync
from yingshang.core.models import AuditEntry, CalendarDay

pytestmark = pytest.mark.django_db
D = dt.date

# What the 2027 notice could say once chinesecalendar packages it: a stand-in for a future release.
NOTICE_2027 = {
    D(2027, 1, 1): ("holiday", "元旦"), D(2027, 1, 2): ("holiday", "元旦"), D(2027, 1, 3): ("holiday", "元旦"),
    **{D(2027, 2, 6) + dt.timedelta(days=i): ("holiday", "春节") for i in range(8)},
    D(2027, 2, 20): ("workday", "春节调休上班"),
}


@pytest.fixture
def package_with_2027(monkeypatch):
    shipped = workcalendar.official_calendar

    def with_2027():
        return {**shipped(), **NOTICE_2027}

    monkeypatch.setattr(workcalendar, "official_calendar", with_2027)


def test_migrations_fill_the_table_from_the_package_and_keep_the_prearranged_2027():
    official_2026 = CalendarDay.objects.filter(date__year=2026, source=CalendarDay.Source.OFFICIAL)
    package_2026 = {d for d in {**chinese_calendar.holidays, **chinese_calendar.workdays} if d.year == 2026}
    assert set(official_2026.values_list("date", flat=True)) == package_2026
    assert official_2026.get(date=D(2026, 2, 17)).name == "春节"
    assert official_2026.get(date=D(2026, 10, 10)).kind == "workday"
    assert CalendarDay.objects.filter(date__year=2004, source=CalendarDay.Source.OFFICIAL).exists()
    # 2027 is not in the package yet: the hub's pre-arranged days stay, marked as such
    assert CalendarDay.objects.get(date=D(2027, 2, 8)).source == CalendarDay.Source.PROVISIONAL
    assert not CalendarDay.objects.filter(date__year=2027, source=CalendarDay.Source.OFFICIAL).exists()


def test_every_day_2024_to_2026_agrees_with_the_package():
    day = D(2024, 1, 1)
    while day <= D(2026, 12, 31):
        assert workcalendar.is_workday(day) == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)


def test_weekends_holidays_and_tiaoxiu_working_weekends():
    assert workcalendar.is_workday(D(2026, 11, 18))  # an ordinary Wednesday
    assert not workcalendar.is_workday(D(2026, 11, 21))  # Saturday
    assert not workcalendar.is_workday(D(2026, 10, 5))  # 国庆 on a Monday
    assert workcalendar.is_workday(D(2026, 10, 10))  # Saturday, 调休上班
    assert workcalendar.is_workday(D(2026, 1, 4))  # Sunday after 元旦, 调休上班
    assert workcalendar.is_workday(D(2025, 1, 26)) and workcalendar.is_workday(D(2024, 2, 4))  # 春节调休 Sundays
    assert workcalendar.is_workday(D(2031, 3, 3)) and not workcalendar.is_workday(D(2031, 3, 1))  # beyond the data: a plain week


def test_add_workdays_and_workdays_between_over_the_national_day():
    # Wednesday 30 Sep 2026: 1–7 Oct off, Sat 10 Oct is a working day.
    assert workcalendar.add_workdays(D(2026, 9, 30), 0) == D(2026, 9, 30)
    assert workcalendar.add_workdays(D(2026, 9, 30), 1) == D(2026, 10, 8)
    assert workcalendar.add_workdays(D(2026, 9, 30), 3) == D(2026, 10, 10)
    assert workcalendar.add_workdays(D(2026, 9, 30), 4) == D(2026, 10, 12)
    assert workcalendar.add_workdays(D(2026, 10, 3), 1) == D(2026, 10, 8)  # counted from a holiday
    assert workcalendar.workdays_between(D(2026, 9, 30), D(2026, 10, 12)) == 4
    assert workcalendar.workdays_between(D(2026, 10, 12), D(2026, 9, 30)) == -4
    assert workcalendar.next_workday(D(2026, 2, 13)) == D(2026, 2, 14)  # 春节调休 Saturday
    with pytest.raises(ValueError):
        workcalendar.add_workdays(D(2026, 9, 30), -1)


def test_sla_working_hours_and_days_over_holidays():
    cal = workcalendar.current()
    at = lambda *a: timezone.make_aware(dt.datetime(*a))  # noqa: E731
    assert cal.add_working_days(at(2026, 9, 30, 10, 0), 1) == at(2026, 10, 8, 18, 0)
    assert cal.add_working_hours(at(2026, 9, 30, 17, 0), 2) == at(2026, 10, 8, 10, 0)
    assert cal.add_working_days(at(2026, 11, 18, 10, 0), 0.5) == at(2026, 11, 18, 15, 0)
    assert cal.working_hours_between(at(2026, 9, 30, 17, 0), at(2026, 10, 8, 10, 0)) == 2


@override_settings(YINGSHANG_CONFIG_CACHE_SECONDS=600)
def test_a_correction_is_audited_and_reaches_this_process_at_once(users):
    workcalendar.forget()
    assert workcalendar.is_workday(D(2026, 11, 19))  # the copy is now cached for 10 minutes
    day = calendar_day_set(actor=users["admin"], date=D(2026, 11, 19), kind="holiday", name="临时休假")
    assert not workcalendar.is_workday(D(2026, 11, 19))
    assert day.source == CalendarDay.Source.ADMIN
    entry = AuditEntry.objects.filter(action="core.calendar_day.save", object_id=str(day.pk)).get()
    assert entry.after["kind"] == "holiday"
    assert calendar_day_delete(actor=users["admin"], day=day) is None  # no official counterpart: gone
    assert workcalendar.is_workday(D(2026, 11, 19))
    workcalendar.forget()


def test_withdrawing_a_correction_of_an_official_day_restores_it(users):
    day = calendar_day_set(actor=users["admin"], date=D(2026, 10, 7), kind="workday", name="国庆改上班")
    assert workcalendar.is_workday(D(2026, 10, 7))
    restored = calendar_day_delete(actor=users["admin"], day=day)
    assert restored.source == CalendarDay.Source.OFFICIAL and restored.kind == "holiday" and restored.name == "国庆节"
    assert not workcalendar.is_workday(D(2026, 10, 7))
    with pytest.raises(ValidationError, match="官方数据不能删除"):
        calendar_day_delete(actor=users["admin"], day=restored)


def test_bad_input_is_refused_in_chinese(users):
    for kwargs, message in [
        ({"date": "2027-01-04", "kind": "holiday", "name": "x"}, "正确的日期"),
        ({"date": D(2027, 1, 4), "kind": "rest", "name": "x"}, "类型应为"),
        ({"date": D(2027, 1, 4), "kind": "holiday", "name": "  "}, "请填写名称"),
        ({"date": D(2027, 1, 4), "kind": "holiday", "name": "长" * 65}, "名称过长"),
    ]:
        with pytest.raises(ValidationError, match=message):
            calendar_day_set(actor=users["admin"], **kwargs)
    assert not CalendarDay.objects.filter(date=D(2027, 1, 4)).exists()


def test_sync_adds_the_new_year_and_keeps_admin_corrections(users, package_with_2027):
    correction = calendar_day_set(actor=users["admin"], date=D(2027, 1, 4), kind="holiday", name="元旦补休")
    disputed = calendar_day_set(actor=users["admin"], date=D(2027, 2, 8), kind="workday", name="本市上班")
    call_command("calendar", "sync", "--year", "2027")
    rows = {row.date: row for row in CalendarDay.objects.filter(date__year=2027)}
    assert rows[D(2027, 1, 4)].source == "admin" and rows[D(2027, 1, 4)].name == "元旦补休"
    assert rows[D(2027, 2, 8)].kind == "workday" and rows[D(2027, 2, 8)].version == disputed.version
    assert rows[D(2027, 2, 6)].source == "official" and rows[D(2027, 2, 20)].source == "official"
    assert D(2027, 1, 31) not in rows  # a pre-arranged 调休 the notice did not confirm
    assert not any(row.source == "provisional" for row in rows.values())
    assert not workcalendar.is_workday(D(2027, 1, 4))
    assert CalendarDay.objects.get(pk=correction.pk).version == correction.version
    again = calendar_sync(actor=None, years=[2027])
    assert (again.added, again.updated, again.removed) == (0, 0, 0)
    assert [row.date for row in again.kept_admin] == [D(2027, 2, 8)]
    assert AuditEntry.objects.filter(action="core.calendar_day.sync", object_repr__startswith="2027-02-06").exists()


def test_sync_refuses_a_year_the_package_lacks(users):
    with pytest.raises(ValidationError, match="没有 2099 年"):
        calendar_sync(actor=users["admin"], years=[2099])


def test_home_page_warns_when_next_years_official_data_is_missing(client_for, package_with_2027):
    admin = client_for("admin")
    warning = "尚无2027年官方节假日数据,请在国务院办公厅通知发布后运行 yingshang calendar sync 或手工录入"
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 12, 3, 9))):
        assert warning in admin.get(reverse("home")).content.decode()
        assert warning not in client_for("operator").get(reverse("home")).content.decode()
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 6, 3, 9))):
        assert "官方节假日数据" not in admin.get(reverse("home")).content.decode()  # too early to expect the notice
    calendar_sync(actor=None, years=[2027])
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 12, 3, 9))):
        assert "官方节假日数据" not in admin.get(reverse("home")).content.decode()


def test_only_the_admin_edits_the_calendar(users, client_for):
    url = reverse("work_calendar")
    for name in ("operator", "handler_zjj", "leader", "auditor", "enterprise"):
        client = client_for(name)
        assert client.get(url).status_code == 403, name
        assert client.post(url, {"date": "2027-01-04", "kind": "holiday", "name": "越权"}).status_code == 403, name
    with pytest.raises(PermissionDenied):
        calendar_day_set(actor=users["handler_zjj"], date=D(2027, 1, 4), kind="holiday", name="越权")
    with pytest.raises(PermissionDenied):
        calendar_sync(actor=users["operator"])
    assert not CalendarDay.objects.filter(date=D(2027, 1, 4)).exists()
    assert client_for("operator").get(reverse("admin:core_calendarday_changelist")).status_code in (302, 403)

    admin = client_for("admin")
    assert "春节" in admin.get(url, {"year": 2026}).content.decode()
    response = admin.post(url, {"date": "2027-01-04", "kind": "holiday", "name": "元旦补休"}, follow=True)
    assert response.status_code == 200 and CalendarDay.objects.get(date=D(2027, 1, 4)).source == "admin"
    response = admin.post(url, {"date": "2027-13-04", "kind": "holiday", "name": ""}, follow=True)
    assert response.status_code == 200 and "日期格式应为" in response.content.decode()
    assert admin.get(reverse("admin:core_calendarday_changelist")).status_code == 200
    response = admin.post(reverse("admin:core_calendarday_add"), {"date": "2027-03-01", "kind": "holiday", "name": "后台修改"})
    assert response.status_code == 302
    assert CalendarDay.objects.get(date=D(2027, 3, 1)).source == "admin"
    assert AuditEntry.objects.filter(action="core.calendar_day.save", object_repr__contains="后台修改").exists()

