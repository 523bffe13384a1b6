"""JSON API of the appeals hub, mounted at /api/v1/appeals/ (see yingshang.core.api and docs/api.md).

``POST appeals/`` registers an appeal; an ``Idempotency-Key`` header (or an ``idempotency_key`` field) makes a
retry return the same appeal (200 instead of 201, header ``Idempotent-Replayed: true``); the same key with a
different body is a 409. Actions take the appeal's ``version``: a stale one gets 409 and nothing changes.
"""


import datetime as dt
from typing import Any

from django.conf import settings
from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from ninja import Header, Query, Router, Schema
from ninja.responses import Status
from ninja.pagination import paginate

from yingshang.core import workflow
from yingshang.core.api import ERROR_RESPONSES, Conflict, Pages, Rows
from yingshang.core.permissions import require_capability
from yingshang.core.scope import is_city_wide

from . import kpis, selectors, services, suggest, taxonomy
from .permissions import person_view
from .workflow import APPEALS, Action, State

router = Router(tags=["appeals"])


class UnitRef(Schema):
    id: int
    name: str


class AppealOut(Schema):
    tracking_no: str
    state: str
    state_label: str
    channel: str
    appeal_type: str
    urgency: str
    title: str
    content: str
    district: str | None
    street: str | None
    address: str
    person_name: str
    person_phone: str
    is_confidential: bool
    is_enterprise: bool
    credit_code: str
    enterprise_name: str
    label: str | None = None
    label_version: int | None = None
    unit: UnitRef | None
    accepted_at: str
    dispatch_due: str | None = None
    feedback_due: str | None = None
    completion_due: str | None
    completed_at: str | None
    rating: int | None
    version: int
    triaged: bool = None


class AppealDetailOut(AppealOut):
    """One appeal with its suggestions, reply, the actions the caller may take now and its timeline.
    (A just-registered appeal whose triage is deferred has none of these yet.)"""
    suggestions: list[dict[str, Any]] | None = None
    reply: str | None = None
    allowed_actions: list[str] | None = None
    events: list[dict[str, Any]] | None = None


class AppealIn(Schema):
    channel: str = "app"
    appeal_type: str = "complaint"
    content: str = ""
    title: str = ""
    urgency: str = "normal"
    address: str = ""
    district: str | int | None = None
    street: str | int | None = None
    latitude: float | None = None
    longitude: float | None = None
    person_name: str = ""
    person_phone: str = ""
    is_confidential: bool = False
    is_enterprise: bool = False
    credit_code: str = ""
    enterprise_name: str = ""
    label: str | None = None
    unit: str | int | None = None
    idempotency_key: str = ""
    dispatch: bool | None = None


class AppealFilters(Schema):
    q: str = ""
    state: str = ""
    unit: str = ""
    district: str = ""
    channel: str = ""
    overdue: str = ""


class ActionIn(Schema):
    version: int
    label: str | None = None
    unit: str | int | None = None
    reason: str | None = None
    note: str | None = None
    reply: str | None = None
    until: str | None = None
    rating: int | None = None
    target: str | None = None


class SuggestIn(Schema):
    text: str = ""
    district: str | int | None = None


class SuggestOut(Schema):
    model: str | None
    suggestions: list[dict[str, Any]]


class LabelOut(Schema):
    path: str
    code: str
    level: int
    is_leaf: bool


class LabelsOut(Schema):
    version: int | None
    labels: list[LabelOut]


class KpiFilters(Schema):
    start: dt.date | None = None
    end: dt.date | None = None
    unit: int | None = None


class KpiOut(Schema):
    scope: str
    start: dt.date
    end: dt.date
    appeals: int
    kpis: dict[str, dict[str, Any]]


def _iso(value):
    return value.isoformat() if value else None


# What a requester (citizen, enterprise: their own appeals) reads in the API: the appeal as they gave it,
# where it stands, the handling unit, the deadline, the public steps and the reply. Not the hub's internal
# record (SLA clocks of the hub, label versions, classifier suggestions, who acted, notes and reasons).
REQUESTER_FIELDS = (
    "tracking_no", "state", "state_label", "channel", "appeal_type", "urgency", "title", "content", "district", "street", "address",
    "person_name", "person_phone", "is_confidential", "is_enterprise", "credit_code", "enterprise_name", "unit", "accepted_at",
    "completion_due", "completed_at", "rating", "version",
)
REQUESTER_DETAIL_FIELDS = ("reply", "allowed_actions", "events")


def requester_appeal_json(user, appeal, *, detail: bool = False) -> dict:
    data = {key: value for key, value in staff_appeal_json(user, appeal).items() if key in REQUESTER_FIELDS}
    if detail:
        data["reply"] = appeal.reply
        data["allowed_actions"] = [op.name for op in workflow.allowed_operations(APPEALS, appeal, user)]
        data["events"] = [{"action": step["action"], "label": step["text"], "at": step["at"].isoformat(), "unit": step["unit"] or None}
                          for step in selectors.requester_steps(appeal)]
    return data


def appeal_json(user, appeal, *, detail: bool = False) -> dict:
    """The appeal as ``user`` may read it: the requester's view, or the hub's whole record."""
    if selectors.sees_requester_view(user):
        return requester_appeal_json(user, appeal, detail=detail)
    return staff_appeal_json(user, appeal, detail=detail)


def staff_appeal_json(user, appeal, *, detail: bool = False) -> dict:
    person = person_view(user, appeal)
    data = {
        "tracking_no": appeal.tracking_no, "state": appeal.state, "state_label": str(State(appeal.state).label), "channel": appeal.channel,
        "appeal_type": appeal.appeal_type, "urgency": appeal.urgency, "title": appeal.title, "content": appeal.content,
        "district": appeal.district.name if appeal.district_id else None, "street": appeal.street.name if appeal.street_id else None,
        "address": appeal.address, "person_name": person["name"], "person_phone": person["phone"], "is_confidential": appeal.is_confidential,
        "is_enterprise": appeal.is_enterprise, "credit_code": appeal.credit_code, "enterprise_name": appeal.enterprise_name,
        "label": appeal.label.path if appeal.label_id else None, "label_version": appeal.label.taxonomy.number if appeal.label_id else None,
        "unit": {"id": appeal.unit_id, "name": appeal.unit.name} if appeal.unit_id else None,
        "accepted_at": appeal.accepted_at.isoformat(), "dispatch_due": _iso(appeal.dispatch_due), "feedback_due": _iso(appeal.feedback_due),
        "completion_due": _iso(appeal.completion_due), "completed_at": _iso(appeal.completed_at), "rating": appeal.rating,
        "version": appeal.version, "triaged": appeal.triaged_at is not None,
    }
    if detail:
        data["suggestions"] = appeal.suggestions
        data["reply"] = appeal.reply
        data["allowed_actions"] = [op.name for op in workflow.allowed_operations(APPEALS, appeal, user)]
        data["events"] = [
            {"action": e.action, "label": e.action_label, "from": e.from_state, "to": e.to_state, "at": e.at.isoformat(),
             "actor": e.actor.username if e.actor_id else "系统", "unit": e.unit.name if e.unit_id else None, "note": e.note}
            for e in selectors.timeline(appeal)
        ]
    return data


@router.get("/appeals/", response={200: list[AppealOut], **ERROR_RESPONSES}, exclude_unset=True, url_name="appeals", summary="诉求列表(本人可见范围)")
@paginate(Pages)
def appeal_list(request, filters: Query[AppealFilters]):
    user = request.user
    found = selectors.appeal_search(user, **{k: v.strip() for k, v in filters.dict().items()}).select_related("label__taxonomy")
    return Rows(found, lambda appeal: appeal_json(user, appeal))


@router.post("/appeals/", response={201: AppealDetailOut, 200: AppealDetailOut, **ERROR_RESPONSES}, exclude_unset=True, url_name="appeals_create",
             summary="登记诉求(支持 Idempotency-Key)")
def appeal_create(request, response: HttpResponse, payload: AppealIn, idempotency_key: str = Header("", alias="Idempotency-Key")):
    user = request.user
    require_capability(user, "appeals.intake")
    values = payload.dict(exclude_unset=True)
    dispatch = values.pop("dispatch", None)
    values["idempotency_key"] = idempotency_key or values.get("idempotency_key", "")
    values.setdefault("channel", payload.channel)
    values.setdefault("appeal_type", payload.appeal_type)
    values.setdefault("content", payload.content)
    try:
        result = services.appeal_submit(actor=user, dispatch=dispatch, defer_triage=settings.YINGSHANG_DEFER_API_TRIAGE, **values)
    except services.IdempotencyConflict as error:
        raise Conflict(error.messages) from error
    response["Location"] = f"/api/v1/appeals/appeals/{result.appeal.tracking_no}/"
    if not result.created:
        response["Idempotent-Replayed"] = "true"
    # A deferred appeal has nothing to detail yet (no suggestions, one event): the short form saves queries.
    return Status(201 if result.created else 200, appeal_json(user, result.appeal, detail=result.appeal.triaged_at is not None))


@router.get("/appeals/{tracking_no}/", response={200: AppealDetailOut, **ERROR_RESPONSES}, exclude_unset=True, url_name="appeal", summary="诉求详情")
def appeal_detail(request, tracking_no: str):
    return appeal_json(request.user, selectors.appeal_get_for_user(request.user, tracking_no), detail=True)


@router.post("/appeals/{tracking_no}/actions/{action}/", response={200: AppealDetailOut, **ERROR_RESPONSES}, exclude_unset=True, url_name="appeal_action",
             summary="办理操作(转办、签收、办结、回访……),须带 version")
def appeal_action(request, tracking_no: str, action: str, payload: ActionIn):
    user = request.user
    appeal = selectors.appeal_get_for_user(user, tracking_no)
    if action not in Action.values:
        raise Http404(_("未知的操作“%(action)s”") % {"action": action})
    params = payload.dict(exclude_none=True)
    version = params.pop("version")
    services.appeal_act(actor=user, appeal=appeal, action=action, expected_version=version, **params)
    return appeal_json(user, appeal, detail=True)


def _district_id(value) -> int | None:
    """A district given by code or name (as on the intake form), or None."""
    from yingshang.core.models import Division

    if value in (None, ""):
        return None
    districts = Division.objects.filter(level=Division.Level.DISTRICT)
    found = districts.filter(code=str(value)).first() or districts.filter(name=str(value)).first()
    return found.pk if found else None


@router.post("/suggest/", response={200: SuggestOut, **ERROR_RESPONSES}, url_name="appeals_suggest", summary="智能分类建议")
def suggest_labels(request, payload: SuggestIn):
    require_capability(request.user, "appeals.intake")
    district_id = _district_id(payload.district)
    items, version = suggest.suggest(payload.text, district_id)
    return {"model": version.name if version else None, "suggestions": [s.as_dict() for s in items]}


@router.get("/labels/", response={200: LabelsOut, **ERROR_RESPONSES}, url_name="appeals_labels", summary="现行标签体系")
def labels(request):
    require_capability(request.user, "appeals.view")
    version = taxonomy.current_version()
    rows = [{"path": l.path, "code": l.code, "level": l.level, "is_leaf": l.is_leaf} for l in taxonomy.current_labels().values()]
    return {"version": version.number if version else None, "labels": sorted(rows, key=lambda r: r["path"])}


@router.get("/kpis/", response={200: KpiOut, **ERROR_RESPONSES}, url_name="appeals_kpis", summary="考核指标(本单位或全市)")
def kpi(request, filters: Query[KpiFilters]):
    from yingshang.core.selectors import unit_get_for_user

    require_capability(request.user, "appeals.view_kpi")
    default_start, default_end = kpis.default_period()
    start, end = filters.start or default_start, filters.end or default_end
    unit_id = filters.unit
    if not unit_id and not is_city_wide(request.user):
        unit_id = request.user.unit_id
    if unit_id:
        report = kpis.unit_kpis(unit_get_for_user(request.user, int(unit_id)), start, end)
    else:
        report, _rows = kpis.city_kpis(start, end)
    return {
        "scope": report.title, "start": start, "end": end, "appeals": report.appeals,
        "kpis": {r.key: {"title": r.title, "numerator": r.numerator, "denominator": r.denominator, "rate": r.rate, "target": r.target}
                 for r in report},
    }
