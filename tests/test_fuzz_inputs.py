"""A small, seeded fuzz of the inputs the public and other systems reach: Open311 (GET and POST), the citizen's
appeal form and tracking page, the public policy pages with query parameters, the policy calculator (page and
API), and the JSON bodies of the appeal and report APIs. Zero 5xx: bad input is a 400 (or the form again with
its Chinese errors), never a server error.

Hypothesis runs derandomized with a bounded number of examples, so the suite is repeatable and quick; the test
client re-raises a view's exception, which hypothesis then reports with the input that caused it.
"""

import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = pytest.mark.django_db

FUZZ = settings(max_examples=25, deadline=None, derandomize=True, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])

# Text a clumsy user or a probe types: ordinary Chinese, digits, dates out of range, markup, control characters.
words = st.sampled_from(["", "abc", "-1", "0", "1", "99999999999999999999", "1e308", "inf", "NaN", "9999-12-31T00:00:00Z",
                         "9999-99-99", "2026-02-30", "2026-01-01T00:00:00 08:00", "中山区", "<script>", "' OR 1=1 --", "true",
                         "false", "是", "13912345678", "91210200MA0XXXXX0X", "a" * 300, "\u200b", "\t", "%", "..", "/"])
text = st.one_of(words, st.text(max_size=40))
json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | text,
                           lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
                           max_leaves=6)


def _ok(response):
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass
    assert response.status_code < 500, (response.status_code, response.content[:300])


@pytest.fixture
def operator_key(users):
    import hashlib

    from yingshang.core.models import ApiToken

    ApiToken.objects.create(user=users["operator"], name="fuzz", key_hash=hashlib.sha256(b"fuzz-operator").hexdigest())
    return "fuzz-operator"


# --- Open311 ---------------------------------------------------------------------------------------------


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["start_date", "end_date", "status", "service_code", "service_request_id", "page",
                                               "page_size", "jurisdiction_id"]), text, max_size=5),
       fmt=st.sampled_from(["json", "xml"]))
def test_open311_requests_query(client, params, fmt):
    _ok(client.get(f"/open311/v2/requests.{fmt}", params))


@FUZZ
@given(code=st.from_regex(r"[\w-]{1,20}", fullmatch=True), fmt=st.sampled_from(["json", "xml"]))
def test_open311_lookups(client, code, fmt):
    for url in (f"/open311/v2/services/{code}.{fmt}", f"/open311/v2/requests/{code}.{fmt}", f"/open311/v2/tokens/{code}.{fmt}"):
        _ok(client.get(url, {"jurisdiction_id": code}))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["service_code", "lat", "long", "address_string", "address_id", "description",
                                               "phone", "first_name", "last_name", "attribute[district]", "attribute[urgency]",
                                               "attribute[appeal_type]", "attribute[credit_code]"]), text, max_size=8))
def test_open311_post(client, operator_key, fields):
    from yingshang.appeals import taxonomy

    leaf = next(label for label in taxonomy.current_labels().values() if label.is_leaf)
    data = {"api_key": operator_key, "service_code": leaf.code, "description": "路灯不亮", "lat": "38.9", "long": "121.6", **fields}
    _ok(client.post("/open311/v2/requests.json", data))


# --- the public pages and forms ------------------------------------------------------------------------------


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["appeal_type", "title", "content", "district", "street", "address", "person_name",
                                               "person_phone", "is_confidential", "credit_code", "enterprise_name",
                                               "idempotency_key", "website"]), text, max_size=8))
def test_public_appeal_form(client, fields):
    _ok(client.post("/appeals/submit/", {"appeal_type": "complaint", "content": "小区门口路灯不亮", "person_phone": "13912345678", **fields}))


@FUZZ
@given(no=text, district=text)
def test_public_tracking_and_streets(client, no, district):
    response = client.get("/appeals/track/", {"no": no})
    _ok(response)
    if response.status_code in (301, 302):
        _ok(client.get(response["Location"]))
    _ok(client.get("/appeals/streets/", {"district": district}))


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["q", "kind", "unit", "exempt", "page", "export", "period", "year", "item"]), text,
                              max_size=5),
       page=st.sampled_from(["/policies/", "/policies/publicity/", "/policies/calculator/", "/insights/public/bulletins/",
                             "/appeals/track/"]))
def test_public_pages_with_query_parameters(client, params, page):
    params.pop("export", None)  # downloads are the exporter's own tests
    _ok(client.get(page, params))


@FUZZ
@given(fields=st.dictionaries(st.sampled_from(["industry", "district", "size_class", "kind", "age_years", "annual_revenue", "employees",
                                               "qualification", "credit_class", "rd_share", "blacklisted", "rd_project"]), text, max_size=6))
def test_policy_calculator_page(client, fields):
    _ok(client.post("/policies/calculator/", fields))


@FUZZ
@given(body=json_values)
def test_policy_calculator_api(client, body):
    response = client.post("/api/v1/policies/calculator/", json.dumps(body), content_type="application/json")
    _ok(response)
    facts = body if isinstance(body, dict) else {"employees": body}
    _ok(client.post("/api/v1/policies/calculator/", json.dumps({"facts": facts}), content_type="application/json"))


# --- JSON bodies of the appeal and report APIs ---------------------------------------------------------------


@FUZZ
@given(body=st.dictionaries(st.sampled_from(["channel", "appeal_type", "content", "title", "urgency", "address", "district", "street",
                                             "latitude", "longitude", "person_name", "person_phone", "is_confidential", "label",
                                             "unit", "dispatch", "credit_code"]), json_values, max_size=8))
def test_appeal_api_bodies(client_for, body):
    payload = {"content": "工地夜间施工噪声扰民", "person_phone": "13912345678", "dispatch": False, **body}
    _ok(client_for("operator").post("/api/v1/appeals/appeals/", json.dumps(payload), content_type="application/json"))


@FUZZ
@given(values=json_values, percent=json_values)
def test_task_report_bodies(client_for, users, values, percent):
    from yingshang.plans.models import Task

    task = Task.objects.filter(unit=users["handler_scj"].unit, state=Task.State.OPEN).order_by("pk").first()
    if task is None:
        return
    body = {"text": "进展", "percent": percent, "values": values}
    _ok(client_for("handler_scj").post(f"/api/v1/plans/tasks/{task.pk}/reports/", json.dumps(body), content_type="application/json"))
