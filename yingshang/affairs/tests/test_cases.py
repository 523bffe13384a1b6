"""The one-window case: submit a bundle with its merged form, 一次性告知补正, 受理 at any hall, parallel
sub-cases with a special procedure, 统一出件, 送达; refusals of invalid steps; scoping."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from yingshang.affairs.models import Bundle, Case, CaseEvent, Item, StageRecord, SubCase
from yingshang.affairs.services import cases as svc
from yingshang.core import clock
from yingshang.core.services import ConcurrentEditError

from .conftest import pdf, pdfs

pytestmark = pytest.mark.django_db


def at(day: dt.date, hour: int = 10):
    return clock.frozen_at(timezone.make_aware(dt.datetime.combine(day, dt.time(hour))))


MONDAY = dt.date(2026, 11, 2)  # a plain working week (no holiday in November)


def _submit(users, answers=None, drop=0):
    enterprise_user = users["enterprise"]
    bundle = Bundle.objects.get(key="open-restaurant")
    form = svc.merged_form_for(svc.items_for(bundle=bundle, answers=answers or {}), enterprise_user, enterprise_user.enterprise)
    data = {f.spec.key: (f.spec.choices[0] if f.spec.choices else "120") for f in form.fields_to_ask}
    materials = [m.need.key for m in form.materials_to_submit]
    materials = materials[:len(materials) - drop]
    with at(MONDAY, 9):
        return svc.case_submit(actor=enterprise_user, bundle=bundle, answers=answers or {}, form_data=data, files=pdfs(materials)), form


def test_submit_asks_each_field_and_material_once_and_prefills_facts(mini_catalogue, users):
    case, form = _submit(users, {"outdoor_sign": True})
    enterprise = users["enterprise"].enterprise
    assert case.form_data["enterprise_name"] == enterprise.name  # 免填写: from the registry, not from the form
    assert sorted(f.spec.key for f in form.fields_to_ask) == ["floor_area", "food_categories", "sign_size"]
    assert sorted(case.materials) == ["application-form", "fire-commitment", "floor-plan", "premises-proof", "sign-design"]
    assert {s.unit.name for s in case.subcases.all()} == {"市市场监督管理局", "大连市消防救援支队", "市卫生健康委员会", "市城市管理局"}
    assert case.hall.name == "市政务服务中心" and case.status == Case.Status.SUBMITTED


def test_a_field_left_empty_is_refused_in_chinese(mini_catalogue, users):
    bundle = Bundle.objects.get(key="open-restaurant")
    with pytest.raises(ValidationError) as caught:
        svc.case_submit(actor=users["enterprise"], bundle=bundle, form_data={})
    assert "请填写“营业面积(平方米)”" in str(caught.value)


def test_full_lifecycle_with_correction_parallel_subcases_and_the_clock(mini_catalogue, users):
    case, _form = _submit(users, drop=1)
    clerk, admin = users["window_clerk"], users["admin"]
    with at(MONDAY, 10):
        with pytest.raises(ValidationError, match="材料不全,不能受理"):
            svc.case_act(actor=clerk, case=case, operation="accept")
        case.refresh_from_db()
        missing = [m.need.key for m in svc.materials_to_submit(case) if m.need.key not in case.materials]
        svc.case_act(actor=clerk, case=case, operation="request_correction", data={"missing": missing})
        assert case.status == Case.Status.CORRECTION and case.missing == missing
        svc.case_act(actor=users["enterprise"], case=case, operation="resubmit", files={f"material_{k}": pdf(k) for k in missing})
        assert case.status == Case.Status.SUBMITTED and not case.missing
        svc.case_act(actor=clerk, case=case, operation="accept")
    assert case.status == Case.Status.REVIEWING
    subs = {s.unit.name: s for s in case.subcases.select_related("unit")}
    assert all(s.status == SubCase.Status.REVIEWING and s.started_on == MONDAY for s in subs.values())
    food = subs["市市场监督管理局"]
    with pytest.raises(PermissionDenied):
        svc.subcase_act(actor=users["handler_zjj"], sub=food, operation="approve")
    handler_fire = subs["大连市消防救援支队"].unit.members.filter(role="handler").order_by("pk").first()
    with at(MONDAY + dt.timedelta(days=2)):
        svc.subcase_act(actor=handler_fire, sub=subs["大连市消防救援支队"], operation="approve")
        svc.subcase_act(actor=users["handler_scj"], sub=food, operation="suspend", data={"kind": "公示"})
    with at(MONDAY + dt.timedelta(days=7)):  # next Monday
        food.refresh_from_db()
        svc.subcase_act(actor=users["handler_scj"], sub=food, operation="resume")
    food.refresh_from_db()
    assert food.suspended_days == 3 and food.due_on == dt.date(2026, 11, 12)
    with at(MONDAY + dt.timedelta(days=8)):  # Tuesday
        svc.subcase_act(actor=users["handler_scj"], sub=food, operation="approve", data={"reason": "符合条件"})
        case.refresh_from_db()
        assert case.status == Case.Status.REVIEWING  # 卫健 still reviewing: no result yet
        health = subs["市卫生健康委员会"]
        svc.subcase_act(actor=health.unit.members.filter(role="handler").order_by("pk").first(), sub=health, operation="approve")
    case.refresh_from_db()
    assert case.status == Case.Status.DECIDED
    food.refresh_from_db()
    assert food.days_used == 6 - 3  # Nov 3..10 = 6 working days, minus 公示 (Nov 5, 6, 9)
    with at(MONDAY + dt.timedelta(days=9)):
        svc.case_act(actor=clerk, case=case, operation="complete", data={"delivery": "post"})
        with pytest.raises(ValidationError, match="邮寄单号"):
            svc.case_act(actor=clerk, case=Case.objects.get(pk=case.pk), operation="deliver", data={})
        case.refresh_from_db()
        svc.case_act(actor=clerk, case=case, operation="deliver", data={"tracking": "SF123456"})
    assert case.status == Case.Status.DELIVERED and case.days_used == 6  # the slowest department: 卫健, Nov 3..10
    stages = set(StageRecord.objects.filter(subcase__case=case).values_list("stage", flat=True))
    assert stages == {"受理", "审查", "公示", "办结", "送达"}
    steps = list(CaseEvent.objects.filter(case=case, subcase__isnull=True).values_list("step", flat=True))
    assert steps == ["submit", "request_correction", "resubmit", "accept", "decide", "complete", "deliver"]


def test_invalid_transitions_and_stale_versions_are_refused(mini_catalogue, users):
    case, _form = _submit(users)
    clerk = users["window_clerk"]
    with pytest.raises(ValidationError, match="不能执行“送达”"):
        svc.case_act(actor=clerk, case=case, operation="deliver")
    stale = case.version
    svc.case_act(actor=clerk, case=case, operation="accept")
    assert Case.objects.get(pk=case.pk).version == stale + 1, (stale, case.version)
    with pytest.raises(ConcurrentEditError):
        svc.case_act(actor=clerk, case=Case.objects.get(pk=case.pk), operation="refuse", data={"reason": "x", "version": stale})
    other, _form = _submit(users)
    with pytest.raises(PermissionDenied):  # a department handler is no window clerk
        svc.case_act(actor=users["handler_scj"], case=other, operation="refuse", data={"reason": "x"})


def test_any_hall_receives_any_item(mini_catalogue, users):
    district_clerk = users.get("window_clerk_gjz") or __import__("yingshang.core.models", fromlist=["User"]).User.objects.get(username="window_clerk_gjz")
    item = Item.objects.get(name="公共场所卫生许可")
    enterprise = users["enterprise"].enterprise
    case = svc.case_submit(actor=district_clerk, item=item, form_data={"floor_area": "80"}, paper=["application-form", "floor-plan"],
                           channel=Case.Channel.WINDOW, enterprise=enterprise)
    assert case.hall.name == "甘井子区政务服务中心" and case.subcases.get().unit.name == "市卫生健康委员会"
    svc.case_act(actor=district_clerk, case=case, operation="accept")
    assert case.status == Case.Status.REVIEWING


def test_scope_clerks_their_hall_departments_their_subcases_applicants_their_own(mini_catalogue, users, client_for):
    from yingshang.affairs.selectors import case_list_for_user

    case, _form = _submit(users)
    assert case_list_for_user(users["window_clerk"]).filter(pk=case.pk).exists()
    assert case_list_for_user(users["handler_scj"]).filter(pk=case.pk).exists()
    assert not case_list_for_user(users["handler_zjj"]).filter(pk=case.pk).exists()
    assert case_list_for_user(users["enterprise"]).filter(pk=case.pk).exists()
    assert not case_list_for_user(users["citizen"]).filter(pk=case.pk).exists()
    assert case_list_for_user(users["leader"]).filter(pk=case.pk).exists()
    assert client_for("handler_zjj").get(f"/affairs/cases/{case.pk}/").status_code == 404
    assert client_for("citizen").get(f"/affairs/cases/{case.pk}/").status_code == 404
    page = client_for("enterprise").get(f"/affairs/cases/{case.pk}/")
    assert page.status_code == 200 and case.number in page.content.decode()


def test_the_correction_notice_is_a_generated_document(mini_catalogue, users, client_for):
    case, _form = _submit(users, drop=1)
    missing = [m.need.key for m in svc.materials_to_submit(case) if m.need.key not in case.materials]
    svc.case_act(actor=users["window_clerk"], case=case, operation="request_correction", data={"missing": missing, "reason": "请携带原件核验"})
    from yingshang.affairs.views import correction_document

    text = correction_document(Case.objects.get(pk=case.pk)).text()
    assert "一次性告知" in text and "请携带原件核验" in text
    names = svc.material_names(missing)
    assert all(name in text for name in names.values())
    response = client_for("enterprise").get(f"/affairs/cases/{case.pk}/notice.pdf")
    assert response.status_code == 200 and response.content[:4] == b"%PDF"


def test_apply_page_posts_one_merged_form(mini_catalogue, users, client_for):
    client = client_for("enterprise")
    page = client.get("/affairs/bundles/open-restaurant/?q_outdoor_sign=1")
    html = page.content.decode()
    assert page.status_code == 200 and "户外广告设施设置审批" in html and users["enterprise"].enterprise.name in html
    assert html.count('name="field_floor_area"') == 1
    response = client.post("/affairs/bundles/open-restaurant/", {
        "q_outdoor_sign": "1", "submit": "1", "field_food_categories": "热食类食品制售", "field_floor_area": "120", "field_sign_size": "3m×1m",
        **{f"material_{k}": pdf(k) for k in ["application-form", "premises-proof", "floor-plan", "fire-commitment", "sign-design"]},
        "delivery": "window"})
    assert response.status_code == 302
    case = Case.objects.latest("id")
    assert case.subcases.count() == 4 and case.answers == {"outdoor_sign": True, "no_public_area": False}
    bad = client.get("/affairs/bundles/open-restaurant/?q_outdoor_sign=maybe")
    assert bad.status_code == 400
