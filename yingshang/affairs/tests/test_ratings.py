"""好差评: once per finished case, the three channels, a bad rating's 核实/整改 loop with working-day limits
(on the working calendar, clock frozen), and the public statistics without personal data."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingshang.affairs.models import Case, Item, Rating, Rectification
from yingshang.affairs.services import cases as case_svc
from yingshang.affairs.services import ratings as svc
from yingshang.core import clock

from .conftest import pdf

pytestmark = pytest.mark.django_db
THURSDAY = dt.date(2026, 9, 24)  # 3 working days later crosses the National Day holiday (Oct 1–8 off in 2026)


def at(day, hour=10):
    return clock.frozen_at(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


def _finished_case(users, day=THURSDAY):
    clerk = users["window_clerk"]
    item = Item.objects.get(name="企业名称变更登记")
    with at(day, 9):
        case = case_svc.case_submit(actor=users["enterprise"], item=item, form_data={}, files={"application-form": pdf()})
        case_svc.case_act(actor=clerk, case=case, operation="accept")
        sub = case.subcases.get()
        case_svc.subcase_act(actor=users["handler_scj"], sub=sub, operation="approve")
        case.refresh_from_db()
        case_svc.case_act(actor=clerk, case=case, operation="complete", data={"delivery": "window"})
    return case


def test_a_case_is_rated_once_and_only_when_finished(mini_catalogue, users):
    item = Item.objects.get(name="企业名称变更登记")
    open_case = case_svc.case_submit(actor=users["enterprise"], item=item, form_data={}, files={"application-form": pdf()})
    with pytest.raises(ValidationError, match="办结后才能评价"):
        svc.rating_submit(actor=users["enterprise"], case=open_case, level=5, channel="online")
    case = _finished_case(users)
    with pytest.raises(PermissionDenied):
        svc.rating_submit(actor=users["citizen"], case=case, level=5, channel="online")
    with pytest.raises(ValidationError, match="请选择评价等级"):
        svc.rating_submit(actor=users["enterprise"], case=case, level=6, channel="online")
    rating = svc.rating_submit(actor=users["enterprise"], case=case, level=5, channel="online")
    assert rating.unit.name == "市市场监督管理局" and not rating.is_bad and not Rectification.objects.filter(rating=rating).exists()
    with pytest.raises(ValidationError, match="只能评价一次"):
        svc.rating_submit(actor=users["window_clerk"], case=case, level=1, channel="window")


def test_a_bad_rating_opens_the_loop_with_working_day_limits(mini_catalogue, users):
    from yingshang.core import workcalendar

    calendar = workcalendar.current()
    case = _finished_case(users)
    with at(THURSDAY, 16):
        rating = svc.rating_submit(actor=users["enterprise"], case=case, level=Rating.Level.DISSATISFIED, channel="online", comment="等候太久")
    loop = rating.rectification
    assert loop.status == Rectification.Status.VERIFYING
    assert loop.verify_due == calendar.add_workdays(THURSDAY, svc.VERIFY_DAYS)
    assert loop.verify_due > THURSDAY + dt.timedelta(days=svc.VERIFY_DAYS)  # weekends (and holidays) do not count
    assert svc.overdue_level(loop, loop.verify_due) == ""
    assert svc.overdue_level(loop, loop.verify_due + dt.timedelta(days=1)) == "verify_late"
    with pytest.raises(PermissionDenied):  # another department may not answer for it
        svc.rectification_act(actor=users["handler_zjj"], loop=loop, operation="confirm", data={"reason": "属实"})
    with pytest.raises(ValidationError, match="须填写理由"):
        svc.rectification_act(actor=users["handler_scj"], loop=loop, operation="confirm", data={})
    confirm_day = calendar.add_workdays(THURSDAY, 1)
    with at(confirm_day):
        svc.rectification_act(actor=users["handler_scj"], loop=loop, operation="confirm", data={"reason": "窗口高峰期排队时间长,情况属实"})
    assert loop.rectify_due == calendar.add_workdays(confirm_day, svc.RECTIFY_DAYS)
    assert svc.overdue_level(loop, loop.rectify_due + dt.timedelta(days=1)) == "rectify_late"
    svc.rectification_act(actor=users["handler_scj"], loop=loop, operation="report", data={"reason": "增开两个综合窗口"})
    with pytest.raises(PermissionDenied):  # the 回访 is the 营商局's
        svc.rectification_act(actor=users["handler_scj"], loop=loop, operation="close", data={})
    svc.rectification_act(actor=users["admin"], loop=loop, operation="close", data={"reason": "回访满意"})
    assert loop.status == Rectification.Status.CLOSED and loop.closed_at is not None


def test_sms_link_rates_anonymously_with_a_signed_token(mini_catalogue, users, client):
    case = _finished_case(users)
    token = svc.sms_token(case)
    assert client.get(f"/affairs/rate/{token}x/").status_code == 404
    page = client.get(f"/affairs/rate/{token}/")
    assert page.status_code == 200
    response = client.post(f"/affairs/rate/{token}/", {"level": "1", "comment": "", "captcha_0": "x", "captcha_1": "PASSED"})
    assert response.status_code == 200 and "感谢" in response.content.decode()
    rating = Rating.objects.get(case=case)
    assert rating.channel == "sms" and rating.level == 1 and rating.rectification.status == "verifying"
    public = client.get("/affairs/ratings/").content.decode()
    assert "市市场监督管理局" in public and case.applicant_name not in public and users["enterprise"].enterprise.name not in public
