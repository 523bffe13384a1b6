"""Bad input never gives a 500 (issue #12 item 6): each defect found by probing, as a request and the answer it must get."""

import json

import pytest

pytestmark = pytest.mark.django_db

JSON = "application/json"


def _assert_error_format(response, status):
    assert response.status_code == status, (response.status_code, response.content[:500])
    body = response.json()
    assert set(body) == {"detail", "errors"} and body["detail"]
    return body


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00Z", "0001-01-01T00:00:00Z", "2026-13-45T00:00:00Z", "abc", "9999-99-99"])
def test_open311_out_of_range_or_garbage_dates_are_a_400(client, value):
    response = client.get("/open311/v2/requests.json", {"start_date": value})
    assert response.status_code == 400, response.content[:300]
    assert "日期" in response.json()[0]["description"]


@pytest.mark.parametrize("body", ["[]", "5", '"x"', '{"facts": []}', '{"facts": 5}', '{"facts": {"employees": [1, 2]}}'])
def test_calculator_refuses_a_body_of_the_wrong_shape(client, body):
    response = client.post("/api/v1/policies/calculator/", body, content_type=JSON)
    assert response.status_code in (200, 400), response.content[:300]
    if response.status_code == 400:
        _assert_error_format(response, 400)


def test_appeal_content_must_be_text(client_for):
    client = client_for("operator")
    response = client.post("/api/v1/appeals/appeals/", json.dumps({"content": 5}), content_type=JSON)
    body = _assert_error_format(response, 400)
    assert body["errors"][0]["field"] == "content" and body["errors"][0]["message"] == "应为文本"


@pytest.mark.parametrize("params", [{"page_size": "abc"}, {"page_size": "-5"}, {"page": "abc"}, {"page": "-1"}, {"page_size": "100000"}])
def test_list_pagination_rejects_garbage_with_a_chinese_400(client_for, params):
    response = client_for("admin").get("/api/v1/core/units/", params)
    body = _assert_error_format(response, 400)
    assert body["errors"] and body["errors"][0]["field"] in ("page", "page_size")


@pytest.mark.parametrize("unit", ["abc", "-1", "1.5"])
def test_kpi_unit_must_be_a_number(client_for, unit):
    response = client_for("admin").get("/api/v1/appeals/kpis/", {"unit": unit})
    assert response.status_code in (400, 404), response.content[:300]
    _assert_error_format(response, response.status_code)


def test_inbox_mark_read_with_a_non_numeric_id_is_a_chinese_400_page(client_for):
    response = client_for("admin").post("/inbox/", {"id": "abc"})
    assert response.status_code == 400
    assert "请求有误" in response.content.decode() and "应为整数" in response.content.decode()


# --- conflicts and versions ------------------------------------------------------------------------------


def _submitted_application(users):
    from yingshang.policies.models import PolicyApplication

    return PolicyApplication.objects.filter(status="submitted", item__unit=users["handler_scj"].unit).order_by("pk").first()


def test_a_stale_version_on_the_policies_api_is_a_409(client_for, users):
    application = _submitted_application(users)
    client = client_for("handler_scj")
    url = f"/api/v1/policies/applications/{application.pk}/accept/"
    first = client.post(url, {"version": application.version}, content_type=JSON)
    assert first.status_code == 200, first.content
    again = client.post(url, {"version": application.version}, content_type=JSON)
    body = _assert_error_format(again, 409)
    assert "冲突" in body["detail"] or "他人修改" in body["detail"]


@pytest.mark.parametrize("url", ["/api/v1/policies/applications/{pk}/accept/", "/api/v1/workflows/policies.application/{pk}/operations/accept/"])
def test_a_non_numeric_version_is_a_field_error(client_for, users, url):
    application = _submitted_application(users)
    response = client_for("handler_scj").post(url.format(pk=application.pk), {"version": "abc"}, content_type=JSON)
    assert response.status_code in (400, 404), response.content[:300]
    if response.status_code == 400:
        body = _assert_error_format(response, 400)
        assert any(e["field"] == "version" for e in body["errors"]), body


@pytest.mark.parametrize("values", [{"abc": 5}, {"1": "abc"}, {"1": [1, 2]}, {"1": {"x": 1}}, {"99999999999999999999": 1}, {"1": "inf"}, {"1": 1e308}])
def test_task_report_with_malformed_values_is_a_400(client_for, users, values):
    from yingshang.plans.models import Task

    task = Task.objects.filter(unit=users["handler_scj"].unit, state=Task.State.OPEN).order_by("pk").first()
    if task is None:
        pytest.skip("no open task")
    response = client_for("handler_scj").post(f"/api/v1/plans/tasks/{task.pk}/reports/", {"text": "进展", "percent": 10, "values": values},
                                              content_type=JSON)
    assert response.status_code in (201, 400), response.content[:300]


# --- CSRF: skipped only for a valid token ---------------------------------------------------------------


@pytest.mark.parametrize("header", ["Bearer bogus-key", "Bearer ", "Token nope", "Bearer"])
def test_a_session_request_with_an_invalid_bearer_header_still_needs_csrf(users, header):
    from django.test import Client

    from yingshang.appeals.models import Appeal

    client = Client(enforce_csrf_checks=True)
    client.force_login(users["operator"])
    before = Appeal.objects.count()
    response = client.post("/api/v1/appeals/appeals/", {"content": "夜间施工噪声扰民", "person_phone": "13912345678", "dispatch": False},
                           content_type=JSON, HTTP_AUTHORIZATION=header)
    assert response.status_code in (401, 403), response.content[:300]
    assert Appeal.objects.count() == before


# --- booleans from request data -------------------------------------------------------------------------


@pytest.mark.parametrize("value, expected", [("false", False), ("False", False), ("0", False), ("off", False), ("否", False), ("", False),
                                             (None, False), (False, False), ("true", True), ("on", True), ("1", True), ("是", True),
                                             (True, True), (1, True), (0, False)])
def test_one_boolean_rule(value, expected):
    from yingshang.core.params import parse_bool

    assert parse_bool(value) is expected


@pytest.mark.parametrize("value", ["maybe", "2", 2, "yes please", [1]])
def test_a_word_that_is_neither_yes_nor_no_is_refused(value):
    from django.core.exceptions import ValidationError

    from yingshang.core.params import parse_bool

    with pytest.raises(ValidationError) as refused:
        parse_bool(value, field="is_confidential")
    assert "是" in refused.value.message_dict["is_confidential"][0]


def test_is_confidential_false_as_text_is_stored_false(users):
    from yingshang.appeals import services

    result = services.appeal_submit(actor=users["operator"], channel="app", appeal_type="complaint", content="路灯不亮",
                                    person_phone="13912345678", is_confidential="false", dispatch=False)
    assert result.appeal.is_confidential is False
    result = services.appeal_submit(actor=users["operator"], channel="app", appeal_type="complaint", content="路灯又不亮",
                                    person_phone="13912345679", is_confidential="true", dispatch=False)
    assert result.appeal.is_confidential is True


def test_is_confidential_false_through_the_api(client_for):
    response = client_for("operator").post("/api/v1/appeals/appeals/", {"content": "井盖缺失", "person_phone": "13912345678",
                                                                        "is_confidential": "false", "dispatch": False}, content_type=JSON)
    assert response.status_code == 201, response.content[:300]
    assert response.json()["is_confidential"] is False


# --- parameters read outside a schema -------------------------------------------------------------------


@pytest.mark.parametrize("value", ["9999-12-31T00:00:00Z", "9999-99-99", "2026-02-30", "abc", "1899-12-31"])
def test_parse_moment_refuses_impossible_or_far_dates(value):
    from django.core.exceptions import ValidationError

    from yingshang.core.params import parse_moment

    with pytest.raises(ValidationError) as refused:
        parse_moment(value, field="start_date")
    assert "日期" in refused.value.message_dict["start_date"][0]


def test_parse_moment_reads_w3c_with_the_plus_as_a_space():
    from yingshang.core.params import parse_moment

    moment = parse_moment("2026-01-01T00:00:00 08:00")
    assert moment.utcoffset().total_seconds() == 8 * 3600 and moment.year == 2026
    assert parse_moment("2026-01-31").day == 31 and parse_moment("") is None


@pytest.mark.parametrize("value", ["abc", "1.5", "²", "-5", "1e3"])
def test_int_param_refuses_what_is_not_a_whole_number_in_range(value):
    from django.core.exceptions import ValidationError

    from yingshang.core.params import int_param

    with pytest.raises(ValidationError) as refused:
        int_param({"page": value}, "page", 1, minimum=1)
    assert refused.value.message_dict["page"]


# --- the page-level handler: conflicts and a busy database ----------------------------------------------


def test_a_busy_database_is_retried_once_then_409(client_for, monkeypatch):
    from django.db import OperationalError

    from yingshang.core import notifications

    calls = []

    def busy(user, pk):
        calls.append(pk)
        raise OperationalError("database is locked")

    monkeypatch.setattr(notifications, "mark_read", busy)
    client = client_for("admin")
    response = client.post("/inbox/", {"id": "1"})
    assert len(calls) == 2 and response.status_code == 409
    assert "操作冲突" in response.content.decode()

    calls.clear()

    def busy_once(user, pk):
        calls.append(pk)
        if len(calls) == 1:
            raise OperationalError("database is locked")

    monkeypatch.setattr(notifications, "mark_read", busy_once)
    response = client.post("/inbox/", {"id": "1"})
    assert len(calls) == 2 and response.status_code == 302


def test_a_busy_database_on_the_api_is_a_409_in_the_error_format(client_for, monkeypatch, users):
    from django.db import OperationalError

    from yingshang.appeals import services

    def busy(**kwargs):
        raise OperationalError("database is locked")

    monkeypatch.setattr(services, "appeal_submit", busy)
    response = client_for("operator").post("/api/v1/appeals/appeals/", {"content": "噪声", "person_phone": "13912345678"}, content_type=JSON)
    body = _assert_error_format(response, 409)
    assert "冲突" in body["detail"]


def test_other_database_errors_are_not_hidden(client_for, monkeypatch):
    from django.db import OperationalError

    from yingshang.core import notifications

    def broken(user, pk):
        raise OperationalError("no such table: core_notification")

    monkeypatch.setattr(notifications, "mark_read", broken)
    client = client_for("admin")
    client.raise_request_exception = True
    with pytest.raises(OperationalError):
        client.post("/inbox/", {"id": "1"})


def test_sqlite_transactions_take_the_write_lock_at_once(settings):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["OPTIONS"]["transaction_mode"] == "IMMEDIATE"


# --- Chinese error pages (DEBUG off, as in production) --------------------------------------------------


def test_404_page_is_chinese_in_the_platform_layout(client_for, settings):
    settings.DEBUG = False
    response = client_for("admin").get("/no-such-page/")
    page = response.content.decode()
    assert response.status_code == 404 and "页面不存在" in page and 'class="topbar"' in page
    assert "Not Found" not in page


def test_404_for_an_anonymous_visitor(client, settings):
    settings.DEBUG = False
    response = client.get("/appeals/no/such/thing/")
    assert response.status_code in (302, 404)
    if response.status_code == 404:
        assert "页面不存在" in response.content.decode()


def test_403_page_is_chinese(client_for, settings):
    settings.DEBUG = False
    response = client_for("citizen").get("/audit/")
    assert response.status_code in (403, 404)
    page = response.content.decode()
    assert ("无权" in page or "页面不存在" in page) and "Forbidden" not in page


def test_405_page_is_chinese(client_for, settings):
    settings.DEBUG = False
    response = client_for("admin").get("/logout/")
    if response.status_code != 405:
        pytest.skip("logout accepts GET here")
    assert "不支持的请求方式" in response.content.decode() and response["Allow"]


def test_500_page_is_chinese_and_needs_no_context_or_database():
    from django.template.loader import get_template

    page = get_template("500.html").render()  # what Django's server_error does: no request, no context
    assert "系统出错" in page and "Server Error" not in page and "yingshang.css" in page


def test_an_unhandled_error_gives_the_chinese_500_page(client_for, settings, monkeypatch):
    from yingshang.core import notifications

    settings.DEBUG = False

    def broken(user, pk):
        raise RuntimeError("boom")

    monkeypatch.setattr(notifications, "mark_read", broken)
    client = client_for("admin")
    client.raise_request_exception = False
    response = client.post("/inbox/", {"id": "1"})
    assert response.status_code == 500 and "系统出错" in response.content.decode()


@pytest.mark.parametrize("method, url, data, content_type", [
    ("get", "/policies/", {"q": "政策\x00"}, None),
    ("post", "/appeals/submit/", {"content": "噪声\x00扰民"}, None),
    ("post", "/api/v1/policies/calculator/", '{"facts": {"name": "a\\u0000b"}}', JSON),
])
def test_a_nul_character_is_refused_with_a_400(client, method, url, data, content_type):
    kwargs = {"content_type": content_type} if content_type else {}
    response = getattr(client, method)(url, data, **kwargs)
    assert response.status_code == 400
    assert "NUL" in response.content.decode()


@pytest.mark.parametrize("version", ["abc", "²", "1.5", "-3"])
def test_a_non_numeric_version_on_a_page_form_is_refused_without_a_500(client_for, version):
    from yingshang.plans.models import Plan

    plan = Plan.objects.order_by("pk").first()
    if plan is None:
        pytest.skip("the test city has no plan")
    response = client_for("admin").post(f"/plans/{plan.pk}/publish/", {"version": version})
    assert response.status_code in (302, 400)
    plan.refresh_from_db()
    assert plan.version == Plan.objects.get(pk=plan.pk).version


@pytest.mark.parametrize("published", ["maybe", "²"])
def test_a_bulletin_publish_flag_that_is_neither_yes_nor_no(client_for, published):
    from yingshang.insights.models import InsightBulletin

    bulletin = InsightBulletin.objects.order_by("pk").first()
    if bulletin is None:
        pytest.skip("no bulletin in the test city")
    response = client_for("admin").post(f"/insights/reports/bulletins/{bulletin.pk}/publish/", {"published": published, "version": "x²"})
    assert response.status_code in (302, 400, 404)


def test_a_false_filter_flag_means_all(client_for):
    client = client_for("admin")
    everything = client.get("/api/v1/appeals/appeals/").json()["count"]
    assert client.get("/api/v1/appeals/appeals/", {"overdue": "false"}).json()["count"] == everything
    assert client.get("/api/v1/appeals/appeals/", {"overdue": "1"}).json()["count"] <= everything
    refused = client.get("/api/v1/appeals/appeals/", {"overdue": "maybe"})
    assert _assert_error_format(refused, 400)["errors"][0]["field"] == "overdue"
