"""Open311 GeoReport v2 facade at /open311/v2/ (JSON and XML).

Services are the leaf labels of the published taxonomy (``group`` = the label's top level, the
service_code is the label's stable code). ``POST requests`` needs an ``api_key`` (an API token of an
account allowed to register appeals) and goes through the same intake service as every other channel.
Reads are public and therefore carry no personal data: no name, phone, description or street address;
the location is given as district and street, coordinates rounded to about 1 km.

Extensions, documented in docs/appeals.md: ``page`` and ``page_size`` on GET requests; an
``Idempotency-Key`` header on POST requests; ``attribute[appeal_type]``, ``attribute[district]``,
``attribute[urgency]`` and ``attribute[credit_code]`` in the service definitions.
"""

from __future__ import annotations

import datetime as dt
import json
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import HttpResponse
from django.utils import timezone
from django.views.decorators.csrf import csrf_exempt

from yingshang.core import clock
from yingshang.core.api.tokens import user_for_key
from yingshang.core.models import Division
from yingshang.core.params import int_param, parse_moment
from yingshang.core.permissions import has_capability
from yingshang.core.throttle import throttled

from . import services, taxonomy
from .models import Appeal, AppealType, Channel, Urgency
from .workflow import OPEN_STATES, State

JURISDICTION = "dalian.12345"
MAX_RANGE = dt.timedelta(days=90)
ITEM_NAMES = {"services": "service", "service_requests": "request", "attributes": "attribute", "values": "value", "errors": "error",
              "endpoints": "endpoint", "formats": "format", "tokens": "token"}


# --- rendering ---------------------------------------------------------------------------------------

def _xml_value(parent, key, value):
    if isinstance(value, list):
        container = ET.SubElement(parent, key)
        for item in value:
            _xml_value(container, ITEM_NAMES.get(key, "item"), item)
    elif isinstance(value, dict):
        node = ET.SubElement(parent, key)
        for k, v in value.items():
            _xml_value(node, k, v)
    else:
        node = ET.SubElement(parent, key)
        if value is not None:
            node.text = str(value).lower() if isinstance(value, bool) else str(value)


def render(data, fmt: str, root: str, status: int = 200) -> HttpResponse:
    if fmt == "xml":
        if isinstance(data, list):
            element = ET.Element(root)
            for item in data:
                _xml_value(element, ITEM_NAMES.get(root, "item"), item)
        else:
            element = ET.Element(root)
            for key, value in data.items():
                _xml_value(element, key, value)
        body = b'<?xml version="1.0" encoding="utf-8"?>' + ET.tostring(element, encoding="utf-8")
        return HttpResponse(body, status=status, content_type="text/xml; charset=utf-8")
    return HttpResponse(json.dumps(data, ensure_ascii=False), status=status, content_type="application/json; charset=utf-8")


def error(fmt: str, status: int, description: str) -> HttpResponse:
    return render([{"code": status, "description": description}], fmt, "errors", status=status)


def _w3c(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat(timespec="seconds") if value else None


def _check_jurisdiction(request, fmt):
    given = request.GET.get("jurisdiction_id") or request.POST.get("jurisdiction_id")
    if given and given != JURISDICTION:
        return error(fmt, 404, f"未知的 jurisdiction_id“{given}”,本平台为 {JURISDICTION}")
    return None


# --- discovery and services ----------------------------------------------------------------------

def discovery(request, fmt):
    base = request.build_absolute_uri("/open311/v2/").rstrip("/")
    version = taxonomy.current_version()
    changeset = _w3c(version.published_at) if version and version.published_at else None
    return render({
        "changeset": changeset, "contact": "12345 政务服务便民热线", "key_service": "由 12345 中心为合作系统签发 API 令牌(yingshang tokens)",
        "endpoints": [{"specification": "http://wiki.open311.org/GeoReport_v2", "url": base, "changeset": changeset, "type": "production",
                       "formats": ["application/json", "text/xml"]}],
    }, fmt, "discovery")


def _service(label) -> dict:
    return {
        "service_code": label.code, "service_name": label.name, "description": label.path, "metadata": True, "type": "realtime",
        "keywords": ",".join(label.path.split("/")), "group": label.top,
    }


def service_list(request, fmt):
    problem = _check_jurisdiction(request, fmt)
    if problem:
        return problem
    leaves = sorted((label for label in taxonomy.current_labels().values() if label.is_leaf), key=lambda label: label.path)
    return render([_service(label) for label in leaves], fmt, "services")


def _choices(choices) -> list[dict]:
    return [{"key": value, "name": str(label)} for value, label in choices]


def service_definition(request, service_code, fmt):
    problem = _check_jurisdiction(request, fmt)
    if problem:
        return problem
    label = _label_by_code(service_code)
    if label is None:
        return error(fmt, 404, f"服务代码“{service_code}”不存在")
    districts = Division.objects.filter(level=Division.Level.DISTRICT).order_by("is_pilot_zone", "code")
    attributes = [
        {"variable": True, "code": "appeal_type", "datatype": "singlevaluelist", "required": False, "datatype_description": "诉求类型,默认投诉",
         "order": 1, "description": "诉求类型", "values": _choices(AppealType.choices)},
        {"variable": True, "code": "district", "datatype": "singlevaluelist", "required": False, "datatype_description": "所在区县(影响派单)",
         "order": 2, "description": "所在区县", "values": [{"key": d.code, "name": d.name} for d in districts]},
        {"variable": True, "code": "urgency", "datatype": "singlevaluelist", "required": False, "datatype_description": "紧急程度,默认一般",
         "order": 3, "description": "紧急程度", "values": _choices(Urgency.choices)},
        {"variable": True, "code": "credit_code", "datatype": "string", "required": False, "datatype_description": "18 位统一社会信用代码",
         "order": 4, "description": "涉企诉求的经营主体统一社会信用代码"},
    ]
    return render({"service_code": label.code, "attributes": attributes}, fmt, "service_definition")


def _label_by_code(code: str):
    return next((label for label in taxonomy.current_labels().values() if label.code == code), None)


# --- requests --------------------------------------------------------------------------------------

def _status(appeal: Appeal) -> str:
    return "open" if appeal.state in OPEN_STATES else "closed"


def _request(appeal: Appeal) -> dict:
    label = appeal.label
    place = "".join(part for part in (appeal.district.name if appeal.district_id else "", appeal.street.name if appeal.street_id else ""))
    return {
        "service_request_id": appeal.tracking_no, "status": _status(appeal), "status_notes": str(State(appeal.state).label),
        "service_name": label.name if label else None, "service_code": label.code if label else None, "description": None,
        "agency_responsible": appeal.unit.name if appeal.unit_id else None,
        "service_notice": f"办结时限 {timezone.localtime(appeal.completion_due):%Y-%m-%d %H:%M}" if appeal.completion_due and appeal.is_open else None,
        "requested_datetime": _w3c(appeal.accepted_at), "updated_datetime": _w3c(appeal.updated_at),
        "expected_datetime": _w3c(appeal.completion_due) if appeal.is_open else None,
        "address": place or None, "address_id": None, "zipcode": None,
        "lat": float(round(appeal.latitude, 2)) if appeal.latitude is not None else None,
        "long": float(round(appeal.longitude, 2)) if appeal.longitude is not None else None, "media_url": None,
    }


@csrf_exempt
@throttled("YINGSHANG_OPEN311_RATE_PER_IP", group="appeals.open311_post", json=True)
def requests_collection(request, fmt):
    problem = _check_jurisdiction(request, fmt)
    if problem:
        return problem
    if request.method == "POST":
        return _post_request(request, fmt)
    if request.method != "GET":
        return error(fmt, 405, "仅支持 GET 与 POST")
    appeals = Appeal.objects.select_related("label", "unit", "district", "street").order_by("-accepted_at", "-id")
    ids = [i.strip() for i in request.GET.get("service_request_id", "").split(",") if i.strip()]
    if ids:
        appeals = appeals.filter(tracking_no__in=ids)  # the spec: ids override every other filter
    else:
        try:
            start = parse_moment(request.GET.get("start_date"), field="start_date")
            end = parse_moment(request.GET.get("end_date"), field="end_date")
        except ValidationError as problem:
            return error(fmt, 400, problem.messages[0])
        if start and end and end - start > MAX_RANGE:
            return error(fmt, 400, "start_date 与 end_date 的间隔不能超过 90 天")
        if not start and not end:
            end = clock.now()
            start = end - MAX_RANGE
        elif start and not end:
            end = start + MAX_RANGE
        elif end and not start:
            start = end - MAX_RANGE
        appeals = appeals.filter(accepted_at__gte=start, accepted_at__lte=end)
        codes = [c.strip() for c in request.GET.get("service_code", "").split(",") if c.strip()]
        if codes:
            appeals = appeals.filter(label__code__in=codes)
        statuses = {s.strip() for s in request.GET.get("status", "").split(",") if s.strip()}
        if statuses - {"open", "closed"}:
            return error(fmt, 400, "status 只能是 open 或 closed")
        if statuses == {"open"}:
            appeals = appeals.filter(state__in=OPEN_STATES)
        elif statuses == {"closed"}:
            appeals = appeals.exclude(state__in=OPEN_STATES)
    try:
        size = min(int_param(request.GET, "page_size", 50, minimum=1), 200)
        number = int_param(request.GET, "page", 1, minimum=1)
    except ValidationError as problem:
        return error(fmt, 400, ";".join(problem.messages))
    page = Paginator(appeals, size).get_page(number)
    response = render([_request(a) for a in page], fmt, "service_requests")
    response["X-Total-Count"] = str(page.paginator.count)
    response["X-Page"] = str(page.number)
    response["X-Pages"] = str(page.paginator.num_pages)
    return response


def request_detail(request, service_request_id, fmt):
    problem = _check_jurisdiction(request, fmt)
    if problem:
        return problem
    appeal = Appeal.objects.select_related("label", "unit", "district", "street").filter(tracking_no=service_request_id).first()
    if appeal is None:
        return error(fmt, 404, f"诉求“{service_request_id}”不存在")
    return render([_request(appeal)], fmt, "service_requests")


def _api_user(key: str):
    return user_for_key(key) if key else None  # the API's tokens, one lookup (yingshang.core.api.tokens)


def _post_request(request, fmt):
    data = request.POST
    user = _api_user(data.get("api_key", ""))
    if user is None:
        return error(fmt, 403, "api_key 无效或缺失")
    if not has_capability(user, "appeals.intake"):
        return error(fmt, 403, "该 api_key 的账号无权登记诉求")
    code = data.get("service_code", "")
    label = _label_by_code(code)
    if label is None:
        return error(fmt, 400, f"service_code“{code}”不存在,请先查询 services")
    if not (data.get("lat") and data.get("long")) and not data.get("address_string") and not data.get("address_id"):
        return error(fmt, 400, "须提供位置:lat 与 long,或 address_string")
    attribute = {key[len("attribute["):-1]: value for key, value in data.items() if key.startswith("attribute[") and key.endswith("]")}
    address = data.get("address_string", "")
    district = attribute.get("district") or _district_in(address)
    name = f"{data.get('last_name', '')}{data.get('first_name', '')}".strip()
    try:
        result = services.appeal_submit(
            actor=user, channel=Channel.APP, appeal_type=attribute.get("appeal_type") or AppealType.COMPLAINT,
            urgency=attribute.get("urgency") or Urgency.NORMAL, content=data.get("description", ""), address=address, district=district,
            latitude=data.get("lat") or None, longitude=data.get("long") or None, person_name=name, person_phone=data.get("phone", ""),
            credit_code=attribute.get("credit_code", ""), label=label, idempotency_key=request.headers.get("Idempotency-Key", ""),
        )
    except ValidationError as problem:
        return error(fmt, 400, ";".join(problem.messages))
    appeal = result.appeal
    notice = f"已受理,受理编号 {appeal.tracking_no}" + (f",已转办 {appeal.unit.name}" if result.dispatched else ",待转办")
    body = [{"service_request_id": appeal.tracking_no, "token": appeal.tracking_no, "service_notice": notice, "account_id": None}]
    return render(body, fmt, "service_requests", status=201 if result.created else 200)


def _district_in(address: str) -> str | None:
    for division in Division.objects.filter(level=Division.Level.DISTRICT):
        if division.name and division.name in (address or ""):
            return division.code
    return None


def token_detail(request, token, fmt):
    appeal = Appeal.objects.filter(Q(tracking_no=token)).first()
    if appeal is None:
        return error(fmt, 404, f"令牌“{token}”不存在")
    return render([{"service_request_id": appeal.tracking_no, "token": token}], fmt, "tokens")
