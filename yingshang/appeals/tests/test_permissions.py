"""Unit-scoped access through the pages AND the API; capabilities per role; privacy of the person."""

import pytest
from django.urls import reverse

from yingshang.appeals.workflow import State
from yingshang.core.models import User
from yingshang.core.permissions import has_capability

pytestmark = pytest.mark.django_db

EXPECTED = {
    "appeals.intake": {"admin", "operator"},
    "appeals.dispatch": {"admin", "operator"},
    "appeals.handle": {"handler", "coordinator"},
    "appeals.supervise": {"admin", "coordinator", "leader"},
    "appeals.manage_routing": {"admin"},
    "appeals.view": {"admin", "operator", "handler", "coordinator", "leader", "auditor"},
    "appeals.view_own": {"citizen", "enterprise"},
}


@pytest.mark.parametrize("capability, holders", EXPECTED.items())
def test_every_role_against_the_appeal_capabilities(capability, holders):
    for role in User.Role.values:
        assert has_capability(User(username=f"t-{role}", role=role), capability) == (role in holders), (role, capability)


def test_handler_sees_only_their_units_appeals_in_pages_and_api(hub, make_appeal, client_for):
    own = make_appeal(State.DISPATCHED, unit="zjj")
    other = make_appeal(State.DISPATCHED, unit="scj")
    client = client_for("handler_zjj")
    assert client.get(reverse("appeals:detail", args=[own.tracking_no])).status_code == 200
    assert client.get(reverse("appeals:detail", args=[other.tracking_no])).status_code == 404
    assert client.get(reverse("api:appeal", args=[own.tracking_no])).status_code == 200
    response = client.get(reverse("api:appeal", args=[other.tracking_no]))
    assert response.status_code == 404 and "权限范围" in response.json()["detail"]
    listed = {a["tracking_no"] for a in client.get(reverse("api:appeals") + "?page_size=500").json()["results"]}
    assert own.tracking_no in listed and other.tracking_no not in listed
    assert all(a["unit"]["name"] == "市住房和城乡建设局" for a in client.get(reverse("api:appeals") + "?page_size=500").json()["results"])
    rows = client.get(reverse("appeals:list") + "?q=" + other.tracking_no, HTTP_HX_REQUEST="true").content.decode()
    # (The 「导出 Excel」 link repeats the query string; the table itself must not show the appeal.)
    assert other.tracking_no not in rows.split("<table", 1)[1] and "共 0 件" in rows
    rows = client.get(reverse("appeals:list") + "?q=" + own.tracking_no, HTTP_HX_REQUEST="true").content.decode()
    assert reverse("appeals:detail", args=[own.tracking_no]) in rows
    # Acting on another unit's appeal is refused as if it did not exist.
    assert client.post(reverse("appeals:act", args=[other.tracking_no, "sign"]), {"version": 1}).status_code == 404
    api = client.post(reverse("api:appeal_action", args=[other.tracking_no, "sign"]), {"version": 1}, content_type="application/json")
    assert api.status_code == 404


def test_coordinator_sees_the_district_subtree(hub, make_appeal, client_for):
    in_district = make_appeal(State.DISPATCHED, unit="gjz_czj", label="营商环境/拖欠账款/政府部门拖欠", district=hub.gjz)
    city_dept = make_appeal(State.DISPATCHED, unit="zjj")
    client = client_for("coordinator_gjz")
    assert client.get(reverse("appeals:detail", args=[in_district.tracking_no])).status_code == 200
    assert client.get(reverse("appeals:detail", args=[city_dept.tracking_no])).status_code == 404


def test_handler_cannot_do_the_hotlines_work(hub, make_appeal, client_for, users):
    appeal = make_appeal(State.COMPLETED, unit="zjj")
    client = client_for("handler_zjj")
    response = client.post(reverse("api:appeal_action", args=[appeal.tracking_no, "callback"]), {"version": 1, "rating": 5},
                           content_type="application/json")
    assert response.status_code == 403
    appeal.refresh_from_db()
    assert appeal.state == State.COMPLETED
    operator = client_for("operator")
    signed = make_appeal(State.DISPATCHED, unit="zjj")
    response = operator.post(reverse("api:appeal_action", args=[signed.tracking_no, "sign"]), {"version": 1}, content_type="application/json")
    assert response.status_code == 403 and "无权" in response.json()["detail"]


def test_leader_and_auditor_see_masked_people(hub, make_appeal, client_for):
    appeal = make_appeal(State.DISPATCHED)
    for username in ("leader", "auditor"):
        data = client_for(username).get(reverse("api:appeal", args=[appeal.tracking_no])).json()
        assert data["person_phone"] == "139****5678" and data["person_name"] == "李*"
    data = client_for("operator").get(reverse("api:appeal", args=[appeal.tracking_no])).json()
    assert data["person_phone"] == "13912345678"


def test_confidential_appeals_hide_the_person_from_the_handling_unit(hub, make_appeal, client_for):
    appeal = make_appeal(State.DISPATCHED, is_confidential=True)
    page = client_for("handler_zjj").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    assert "13912345678" not in page and "李四" not in page and "(保密)" in page
    data = client_for("handler_zjj").get(reverse("api:appeal", args=[appeal.tracking_no])).json()
    assert data["person_phone"] == "(保密)" and data["person_name"] == "(保密)"
    assert "13912345678" in client_for("operator").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()


def test_public_status_page_shows_no_personal_data(hub, client):
    from yingshang.appeals import services

    appeal = services.appeal_submit(actor=None, public=True, channel="web", appeal_type="complaint", content="楼下饭店油烟扰民,王五家",
                                    person_name="赵六", person_phone="13811112222", address="中山区人民路88号3单元").appeal
    page = client.get(reverse("appeals:track_detail", args=[appeal.tracking_no])).content.decode()
    assert appeal.tracking_no in page and "受理" in page
    for secret in ("赵六", "13811112222", "人民路88号", "油烟扰民", "王五"):
        assert secret not in page
    assert client.get(reverse("appeals:track_detail", args=["20991231000000"])).status_code == 404


def test_citizen_sees_own_appeals_only(hub, client_for, users, make_appeal):
    from yingshang.appeals import services

    mine = services.appeal_submit(actor=users["citizen"], public=True, channel="web", appeal_type="help", content="求助:路灯坏了",
                                  person_phone="13900000000").appeal
    other = make_appeal(State.DISPATCHED)
    client = client_for("citizen")
    assert client.get(reverse("appeals:detail", args=[mine.tracking_no])).status_code == 200
    assert client.get(reverse("appeals:detail", args=[other.tracking_no])).status_code == 404
    assert mine.tracking_no in client.get(reverse("appeals:mine")).content.decode()
    assert client.get(reverse("api:appeal", args=[other.tracking_no])).status_code == 404
    assert client.get(reverse("appeals:console")).status_code == 403
    assert client.get(reverse("appeals:routing")).status_code == 403


def test_configuration_pages_are_for_the_admin(hub, client_for):
    for name in ("appeals:taxonomy", "appeals:routing", "appeals:models", "appeals:limits"):
        assert client_for("admin").get(reverse(name)).status_code == 200, name
    assert client_for("operator").get(reverse("appeals:routing")).status_code == 403
    assert client_for("handler_zjj").get(reverse("appeals:limits")).status_code == 403
    # the working calendar moved to core; the old address leads there
    response = client_for("admin").get(reverse("appeals:calendar") + "?year=2027")
    assert response.status_code == 302 and response["Location"] == reverse("work_calendar") + "?year=2027"


def test_anonymous_requests(client, hub):
    assert client.get(reverse("appeals:list")).status_code == 302
    assert client.get(reverse("api:appeals")).status_code == 401
    assert client.get(reverse("appeals:submit")).status_code == 200
