"""SLA clocks of appeals on core's working calendar: working hours, working days over holidays, the limits table.
(The calendar itself is tested in core/tests/test_workcalendar.py.)"""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from yingshang.appeals.sla import PolicyBook
from yingshang.core.workcalendar import WorkCalendar
from yingshang.core.calendar_services import calendar_day_set

pytestmark = pytest.mark.django_db


def at(*args):
    return timezone.make_aware(dt.datetime(*args))


@pytest.fixture
def calendar():
    return WorkCalendar.load()


def test_weekends_holidays_and_make_up_days(calendar):
    assert calendar.is_workday(dt.date(2026, 11, 18))  # an ordinary Wednesday
    assert not calendar.is_workday(dt.date(2026, 11, 21))  # Saturday
    assert not calendar.is_workday(dt.date(2026, 10, 5))  # 国庆 on a Monday
    assert calendar.is_workday(dt.date(2026, 10, 10))  # Saturday, 调休上班
    assert calendar.is_workday(dt.date(2026, 2, 14)) and calendar.is_workday(dt.date(2026, 2, 28))  # 春节调休
    assert not calendar.is_workday(dt.date(2026, 2, 16))
    assert calendar.is_workday(dt.date(2026, 1, 4))  # Sunday after 元旦


def test_working_hours_skip_lunch_nights_and_weekends(calendar):
    assert calendar.add_working_hours(at(2026, 11, 18, 11, 0), 2) == at(2026, 11, 18, 14, 0)  # over lunch
    assert calendar.add_working_hours(at(2026, 11, 18, 17, 0), 2) == at(2026, 11, 19, 10, 0)  # overnight
    assert calendar.add_working_hours(at(2026, 11, 20, 17, 30), 1) == at(2026, 11, 23, 9, 30)  # Friday → Monday
    assert calendar.add_working_hours(at(2026, 11, 21, 10, 0), 1) == at(2026, 11, 23, 10, 0)  # submitted on Saturday
    assert calendar.add_working_hours(at(2026, 11, 18, 7, 0), 0.5) == at(2026, 11, 18, 9, 30)  # before office hours
    assert calendar.working_hours_between(at(2026, 11, 18, 11, 0), at(2026, 11, 18, 14, 0)) == 2


def test_working_days_over_the_national_day_holiday(calendar):
    # Submitted Wednesday 30 Sep 2026: Oct 1–7 are holidays, Oct 10 (Saturday) is a make-up day.
    start = at(2026, 9, 30, 10, 0)
    assert calendar.add_working_days(start, 1) == at(2026, 10, 8, 18, 0)
    assert calendar.add_working_days(start, 3) == at(2026, 10, 10, 18, 0)
    assert calendar.add_working_days(start, 4) == at(2026, 10, 12, 18, 0)
    assert calendar.add_working_hours(at(2026, 9, 30, 17, 0), 2) == at(2026, 10, 8, 10, 0)


def test_spring_festival_2027_prearranged(calendar):
    assert not calendar.is_workday(dt.date(2027, 2, 8)) and calendar.is_workday(dt.date(2027, 2, 20))
    assert calendar.add_working_days(at(2027, 2, 4, 15, 0), 1) == at(2027, 2, 15, 18, 0)


def test_admin_change_to_the_calendar_moves_deadlines(users):
    start = at(2026, 11, 18, 10, 0)
    assert WorkCalendar.load().add_working_days(start, 1) == at(2026, 11, 19, 18, 0)
    calendar_day_set(actor=users["admin"], date=dt.date(2026, 11, 19), kind="holiday", name="临时休假")
    assert WorkCalendar.load().add_working_days(start, 1) == at(2026, 11, 20, 18, 0)
    with pytest.raises(PermissionDenied):
        calendar_day_set(actor=users["handler_zjj"], date=dt.date(2026, 11, 20), kind="holiday", name="越权")


def test_policy_book_most_specific_row_wins():
    book = PolicyBook.load()
    consult, complaint, urgent = book.limits("consult", "normal"), book.limits("complaint", "normal"), book.limits("complaint", "urgent")
    assert consult.completion == (3, "days") and complaint.completion == (15, "days")
    assert urgent.completion == (2, "days") and urgent.dispatch[1] == "hours"


def test_intake_sets_clocks_on_the_calendar(hub):
    from yingshang.appeals import services

    result = services.appeal_submit(actor=None, public=True, channel="web", appeal_type="consult", content="咨询公积金提取", person_phone="13912345678")
    appeal = result.appeal
    assert appeal.accepted_at == hub.now  # Wednesday 10:00
    assert appeal.dispatch_due == at(2026, 11, 18, 12, 0)  # 2 working hours
    assert appeal.completion_due == at(2026, 11, 23, 18, 0)  # 3 working days: Thu, Fri, Mon


def test_the_limits_page_edits_a_time_limit(client_for):
    from django.urls import reverse

    from yingshang.appeals.models import SlaPolicy

    policy = SlaPolicy.objects.get(appeal_type="consult", urgency="normal")
    form = {"op": "policy", "policy": policy.pk, f"p{policy.pk}-version": policy.version,
            f"p{policy.pk}-dispatch_limit": "2", f"p{policy.pk}-dispatch_measure": "hours",
            f"p{policy.pk}-feedback_limit": "1", f"p{policy.pk}-feedback_measure": "days",
            f"p{policy.pk}-completion_limit": "4", f"p{policy.pk}-completion_measure": "days"}
    assert client_for("handler_zjj").post(reverse("appeals:limits"), form).status_code == 403
    response = client_for("admin").post(reverse("appeals:limits"), form, follow=True)
    assert response.status_code == 200 and "已更新" in response.content.decode()
    policy.refresh_from_db()
    assert policy.completion_limit == 4
    assert PolicyBook.load().limits("consult", "normal").completion == (4, "days")
