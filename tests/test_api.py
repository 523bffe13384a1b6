"""The one API layer across every app's router: the document, authentication and CSRF, errors, pagination.

The write operations are read from /api/openapi.json: a new write endpoint fails
``test_every_write_operation_has_a_case`` until it gets a case here, so its Bearer / session / CSRF
behaviour is tested without anyone remembering to.
"""

import datetime as dt
import hashlib
import math
import re
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.core.files.uploadedfile import SimpleUploadedFile
from django.middleware.csrf import _get_new_csrf_string
from django.test import Client

from yingshang.core import clock
from yingshang.core.models import ApiToken, Unit

SAMPLE_PLAN = Path(__file__).resolve().parents[1] / "yingshang" / "plans" / "tests" / "fixtures" / "sample_plan.txt"

CJK = re.compile(r"[\u4e00-\u9fff]")


def _token(user, key: str) -> dict:
    ApiToken.objects.create(user=user, name="接口测试", key_hash=hashlib.sha256(key.encode()).hexdigest())
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def _document(client=None) -> dict:
    return (client or Client()).get("/api/openapi.json").json()


# --- one case per write operation: (user, url, data, content type, expected status) ---------------------------


def _dispatched_appeal(users):
    from yingshang.appeals import services, taxonomy

    leaf = next(label for label in taxonomy.current_labels().values() if label.is_leaf)
    unit = Unit.objects.get(name="市住房和城乡建设局")
    return services.appeal_submit(actor=users["operator"], channel="app", appeal_type="complaint", content="小区电梯故障多日无人维修",
                                  person_phone="13912345678", label=leaf.path, unit=unit.pk, dispatch=True).appeal


def _open_task(users):
    """An open task of 市市场监督管理局 on the plans module's sample plan (the test city has no plans)."""
    from yingshang.plans.models import Task
    from yingshang.plans.services import plan_import, plan_publish

    task = Task.objects.filter(unit=users["handler_scj"].unit, state=Task.State.OPEN).order_by("pk").first()
    if task is None:
        with clock.frozen_at(dt.datetime(2026, 1, 10, 10)):
            plan = plan_import(actor=users["admin"], source=SAMPLE_PLAN)
            plan_publish(actor=users["admin"], plan=plan, expected_version=plan.version)
        task = Task.objects.filter(unit=users["handler_scj"].unit, state=Task.State.OPEN).order_by("pk").first()
    return task


def _submitted_application(users):
    from yingshang.policies.models import PolicyApplication

    application = PolicyApplication.objects.filter(status="submitted", item__unit=users["handler_scj"].unit).order_by("pk").first()
    assert application is not None, "演示数据中应有市场监管局待受理的政策申请"
    return application


def case_appeal_create(users):
    body = {"content": "工地夜间施工噪声扰民", "person_phone": "13912345678", "channel": "app", "district": "中山区", "dispatch": False}
    return "operator", "/api/v1/appeals/appeals/", body, "application/json", 201


def case_appeal_action(users):
    appeal = _dispatched_appeal(users)
    return "handler_zjj", f"/api/v1/appeals/appeals/{appeal.tracking_no}/actions/sign/", {"version": appeal.version}, "application/json", 200


def case_workflow_operate(users):
    appeal = _dispatched_appeal(users)
    return "handler_zjj", f"/api/v1/workflows/appeals/{appeal.tracking_no}/operations/sign/", {"version": appeal.version}, "application/json", 200


def case_suggest(users):
    return "operator", "/api/v1/appeals/suggest/", {"text": "小区电梯坏了"}, "application/json", 200


def case_report(users):
    return "handler_scj", f"/api/v1/plans/tasks/{_open_task(users).pk}/reports/", {"text": "接口报送:已召开推进会", "percent": 30}, "application/json", 201


def case_report_upload(users):
    data = {"text": "接口报送并附纪要", "percent": 40, "files": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 minutes")}
    return "handler_scj", f"/api/v1/plans/tasks/{_open_task(users).pk}/reports/upload/", data, None, 201


def case_application_action(users):
    application = _submitted_application(users)
    return "handler_scj", f"/api/v1/policies/applications/{application.pk}/accept/", {"version": application.version}, "application/json", 200


def case_calculator(users):
    return None, "/api/v1/policies/calculator/", {"facts": {"size_class": "small"}}, "application/json", 200


WRITE_CASES = {
    ("post", "/api/v1/appeals/appeals/"): case_appeal_create,
    ("post", "/api/v1/appeals/appeals/{tracking_no}/actions/{action}/"): case_appeal_action,
    ("post", "/api/v1/appeals/suggest/"): case_suggest,
    ("post", "/api/v1/plans/tasks/{pk}/reports/"): case_report,
    ("post", "/api/v1/plans/tasks/{pk}/reports/upload/"): case_report_upload,
    ("post", "/api/v1/policies/applications/{pk}/{action}/"): case_application_action,
    ("post", "/api/v1/policies/calculator/"): case_calculator,
    ("post", "/api/v1/workflows/{name}/{key}/operations/{op}/"): case_workflow_operate,
}
CASE_IDS = [f"{method} {path}" for method, path in WRITE_CASES]


def _post(client, url, data, content_type, **extra):
    if content_type:
        return client.post(url, data, content_type=content_type, **extra)
    return client.post(url, data, **extra)


def test_every_write_operation_has_a_case(db):
    writes = {(method, path) for path, operations in _document()["paths"].items() for method in operations
              if method in ("post", "put", "patch", "delete")}
    assert writes == set(WRITE_CASES), "每个写接口都要在 WRITE_CASES 中有用例(Bearer 无 CSRF、会话须 CSRF)"


@pytest.mark.parametrize("key", list(WRITE_CASES), ids=CASE_IDS)
def test_a_bearer_token_alone_writes_without_csrf(key, users):
    username, url, data, content_type, expected = WRITE_CASES[key](users)
    client = Client(enforce_csrf_checks=True)
    headers = _token(users[username], f"key-{username}") if username else {}
    response = _post(client, url, data, content_type, **headers)
    assert response.status_code == expected, response.content.decode()


@pytest.mark.parametrize("key", list(WRITE_CASES), ids=CASE_IDS)
def test_a_session_write_needs_the_csrf_token(key, users):
    username, url, data, content_type, expected = WRITE_CASES[key](users)
    if username is None:
        pytest.skip("公开接口(无需登录,不读会话)")
    client = Client(enforce_csrf_checks=True)
    client.force_login(users[username])
    refused = _post(client, url, data, content_type)
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"] and CJK.search(refused.json()["detail"])
    # The same session with the token the page would send in X-CSRFToken goes through.
    token = _get_new_csrf_string()
    client.cookies["csrftoken"] = token
    _, url, data, content_type, _ = WRITE_CASES[key](users)  # fresh objects: the refused request changed nothing
    accepted = _post(client, url, data, content_type, HTTP_X_CSRFTOKEN=token)
    assert accepted.status_code == expected, accepted.content.decode()


def test_the_refused_session_post_wrote_nothing(users):
    from yingshang.appeals.models import Appeal

    before = Appeal.objects.count()
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["operator"])
    _, url, data, content_type, _ = case_appeal_create(users)
    assert _post(client, url, data, content_type).status_code == 403
    assert Appeal.objects.count() == before


# --- authentication ---------------------------------------------------------------------------------------------


def test_token_and_session_resolve_to_the_same_user_and_scope(users):
    headers = _token(users["handler_zjj"], "zjj-key")
    by_token = Client().get("/api/v1/appeals/appeals/?page_size=500", **headers).json()
    session = Client()
    session.force_login(users["handler_zjj"])
    by_session = session.get("/api/v1/appeals/appeals/?page_size=500").json()
    assert by_token == by_session and by_token["count"] > 0
    assert {a["unit"]["name"] for a in by_token["results"]} == {"市住房和城乡建设局"}
    assert Client().get("/api/v1/appeals/appeals/", HTTP_AUTHORIZATION="Token zjj-key").status_code == 200


def test_unknown_token_or_none_is_401_in_chinese(users):
    for headers in ({}, {"HTTP_AUTHORIZATION": "Bearer nope"}):
        response = Client().get("/api/v1/core/units/", **headers)
        assert response.status_code == 401 and response.json()["detail"] == "未登录或令牌无效"
    users["operator"].is_active = False
    users["operator"].save(update_fields=["is_active"])  # a deactivated account's token stops working
    ApiToken.objects.create(user=users["operator"], name="t", key_hash=hashlib.sha256(b"off").hexdigest())
    assert Client().get("/api/v1/core/units/", HTTP_AUTHORIZATION="Bearer off").status_code == 401


# --- errors -----------------------------------------------------------------------------------------------------


def test_schema_errors_name_the_field_in_chinese(users):
    headers = _token(users["operator"], "op-key")
    response = Client().post("/api/v1/appeals/appeals/", {"content": "噪声", "latitude": "北纬三十八度"}, content_type="application/json", **headers)
    body = response.json()
    assert response.status_code == 400 and set(body) == {"detail", "errors"}
    assert {"field": "latitude", "message": "应为数字"} in body["errors"]
    assert all(CJK.search(e["message"]) for e in body["errors"]) and CJK.search(body["detail"])
    missing = Client().post("/api/v1/appeals/appeals/X0000/actions/sign/", {}, content_type="application/json", **headers).json()
    assert {"field": "version", "message": "必填"} in missing["errors"]
    broken = Client().post("/api/v1/appeals/appeals/", "{not json", content_type="application/json", **headers)
    assert broken.status_code == 400 and CJK.search(broken.json()["detail"])


def test_service_errors_name_the_field_in_chinese(users):
    headers = _token(users["operator"], "op-key")
    response = Client().post("/api/v1/appeals/appeals/", {"content": "工地夜间施工噪声", "person_phone": "123"},
                             content_type="application/json", **headers)
    body = response.json()
    assert response.status_code == 400
    phone = [e["message"] for e in body["errors"] if e["field"] == "person_phone"]
    assert phone and CJK.search(phone[0]) and phone[0] in body["detail"]


def test_404_outside_scope_403_without_capability_409_when_stale(users):
    from yingshang.core.models import Enterprise

    zjj = _token(users["handler_zjj"], "zjj-key")
    other_unit = Unit.objects.exclude(tree_path__startswith=users["handler_zjj"].unit.tree_path).first()
    outside = Client().get(f"/api/v1/core/units/{other_unit.pk}/", **zjj)
    nonexistent = Client().get("/api/v1/core/units/999999999/", **zjj)
    assert outside.status_code == nonexistent.status_code == 404 and CJK.search(outside.json()["detail"])
    forbidden = Client().post("/api/v1/appeals/appeals/", {"content": "噪声扰民"}, content_type="application/json", **zjj)
    assert forbidden.status_code == 403 and CJK.search(forbidden.json()["detail"])
    enterprise = _token(users["enterprise"], "ent-key")
    own = users["enterprise"].enterprise
    assert Client().get(f"/api/v1/core/enterprises/{own.pk}/", **enterprise).status_code == 200
    stranger = Enterprise.objects.exclude(pk=own.pk).first()
    assert Client().get(f"/api/v1/core/enterprises/{stranger.pk}/", **enterprise).status_code == 404

    appeal = _dispatched_appeal(users)
    url = f"/api/v1/appeals/appeals/{appeal.tracking_no}/actions/sign/"
    assert Client().post(url, {"version": appeal.version}, content_type="application/json", **zjj).status_code == 200
    stale = Client().post(url.replace("sign", "feedback"), {"version": appeal.version, "reason": "已到现场"}, content_type="application/json", **zjj)
    assert stale.status_code == 409 and "冲突" in stale.json()["detail"]


def test_idempotency_key_replays_and_conflicts(users):
    headers = _token(users["operator"], "op-key") | {"HTTP_IDEMPOTENCY_KEY": "crm-7"}
    body = {"content": "企业反映融资难", "person_phone": "13912345678", "channel": "enterprise_line"}
    first = Client().post("/api/v1/appeals/appeals/", body, content_type="application/json", **headers)
    again = Client().post("/api/v1/appeals/appeals/", body, content_type="application/json", **headers)
    assert first.status_code == 201 and first["Location"].endswith(f"/{first.json()['tracking_no']}/")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true" and again.json()["tracking_no"] == first.json()["tracking_no"]
    changed = Client().post("/api/v1/appeals/appeals/", body | {"content": "别的事"}, content_type="application/json", **headers)
    assert changed.status_code == 409 and CJK.search(changed.json()["detail"])


# --- pagination -------------------------------------------------------------------------------------------------


def test_every_list_is_paginated_the_same_way(users):
    document = _document()
    lists = []
    for path, operations in document["paths"].items():
        schema = operations.get("get", {}).get("responses", {}).get("200", {}).get("content", {}).get("application/json", {}).get("schema", {})
        ref = schema.get("$ref", "").rsplit("/", 1)[-1]
        if ref.startswith("Paged"):
            params = {p["name"] for p in operations["get"]["parameters"]}
            assert {"page", "page_size"} <= params, path
            lists.append(path)
    assert {"/api/v1/core/enterprises/", "/api/v1/appeals/appeals/", "/api/v1/plans/tasks/", "/api/v1/policies/applications/",
            "/api/v1/insights/warnings/"} <= set(lists)


def test_page_number_pagination(users):
    headers = _token(users["admin"], "admin-key")
    first = Client().get("/api/v1/core/enterprises/?page_size=7", **headers).json()
    second = Client().get("/api/v1/core/enterprises/?page_size=7&page=2", **headers).json()
    assert set(second) == {"count", "page", "pages", "results"}
    assert second["page"] == 2 and second["pages"] == math.ceil(second["count"] / 7) and len(second["results"]) == 7
    assert not {e["id"] for e in first["results"]} & {e["id"] for e in second["results"]}
    beyond = Client().get(f"/api/v1/core/enterprises/?page_size=7&page={second['pages'] + 5}", **headers).json()
    assert beyond["page"] == second["pages"]
    too_big = Client().get("/api/v1/core/enterprises/?page_size=501", **headers)
    assert too_big.status_code == 400 and too_big.json()["errors"] == [{"field": "page_size", "message": "应不大于 500"}]


# --- the document and its docs page -----------------------------------------------------------------------------


def test_openapi_document_and_offline_docs_page(db):
    document = _document()
    assert document["openapi"].startswith("3.") and document["info"]["title"] == "营商通 API"
    for prefix in ("core", "appeals", "plans", "policies", "insights"):
        assert any(path.startswith(f"/api/v1/{prefix}/") for path in document["paths"]), prefix
    schemes = document["components"]["securitySchemes"]
    assert {s["type"] for s in schemes.values()} == {"http", "apiKey"}
    page = Client().get("/api/docs")
    html = page.content.decode()
    assert page.status_code == 200 and "cdn" not in html.lower()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(source.startswith("/") for source in sources), sources
    assert finders.find("ninja/swagger-ui-bundle.js") and finders.find("ninja/swagger-ui.css")
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert scripts and all(b"".join(Client().get(src).streaming_content) for src in scripts)  # served by this server


def test_the_old_addresses_redirect_to_the_one_api(users):
    headers = _token(users["operator"], "op-key")
    moved = {
        "/appeals/api/v1/appeals/?page=2": "/api/v1/appeals/appeals/?page=2",
        "/plans/api/v1/tasks/3/reports/": "/api/v1/plans/tasks/3/reports/",
        "/policies/api/v1/calculator/": "/api/v1/policies/calculator/",
        "/api/v1/enterprises/5/": "/api/v1/core/enterprises/5/",
        "/insights/cockpit/data/summary/": "/api/v1/insights/cockpit/summary/",
        "/insights/places/api/clusters/": "/api/v1/insights/places/clusters/",
        "/insights/warnings/api/7/": "/api/v1/insights/warnings/7/",
    }
    for old, new in moved.items():
        response = Client(enforce_csrf_checks=True).post(old, {}, content_type="application/json", **headers)
        assert response.status_code == 308 and response["Location"] == new, old
    # A client that follows redirects still registers its appeal (308 keeps the POST and its body).
    _, _, body, content_type, _ = case_appeal_create(users)
    followed = Client(enforce_csrf_checks=True).post("/appeals/api/v1/appeals/", body, content_type=content_type, follow=True, **headers)
    assert followed.status_code == 201 and followed.json()["state"] == "received"


# --- workflow operations, derived from the specs -------------------------------------------------------------


def test_workflow_specs_are_served_from_the_specs(users):
    from yingshang.appeals.workflow import APPEALS

    client = Client()
    client.force_login(users["operator"])
    specs = {spec["name"]: spec for spec in client.get("/api/v1/workflows/").json()}
    assert {"appeals", "policy-applications", "plan-tasks"} <= set(specs)
    assert [op["name"] for op in specs["appeals"]["operations"]] == [op.name for op in APPEALS.operations]
    sign = next(op for op in specs["appeals"]["operations"] if op["name"] == "sign")
    assert sign["audit_action"] == "appeals.appeal.sign" and sign["label"] == "签收"


def test_workflow_operation_runs_checks_state_and_scope(users):
    from yingshang.core.models import AuditEntry

    appeal = _dispatched_appeal(users)
    handler = Client()
    handler.force_login(users["handler_zjj"])
    state = handler.get(f"/api/v1/workflows/appeals/{appeal.tracking_no}/").json()
    assert state["state"] == "dispatched" and "sign" in state["allowed_operations"]
    url = f"/api/v1/workflows/appeals/{appeal.tracking_no}/operations/sign/"
    done = handler.post(url, {"version": appeal.version}, content_type="application/json")
    assert done.status_code == 200 and done.json()["state"] == "signed"
    # The same operation again is an illegal move now: refused in Chinese, nothing recorded.
    entries = AuditEntry.objects.count()
    again = handler.post(url, {"version": done.json()["version"]}, content_type="application/json")
    assert again.status_code == 400 and "签收" in again.json()["detail"] and AuditEntry.objects.count() == entries
    # A stale version is a conflict; another unit's handler does not see the appeal at all.
    stale = handler.post(f"/api/v1/workflows/appeals/{appeal.tracking_no}/operations/feedback/",
                         {"version": appeal.version, "note": "进展"}, content_type="application/json")
    assert stale.status_code in (400, 409)
    other = Client()
    other.force_login(users["handler_scj"])
    assert other.get(f"/api/v1/workflows/appeals/{appeal.tracking_no}/").status_code == 404
