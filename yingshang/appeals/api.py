"""JSON API of the appeals hub (session or bearer token, same selectors and services as the pages).

POST /appeals/api/v1/appeals/ registers an appeal; an ``Idempotency-Key`` header (or an
``idempotency_key`` field) makes a retry return the same appeal (200 instead of 201). Actions take the
appeal's ``version``: a stale one gets 409 and nothing changes.
"""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import JsonResponse
from django.middleware.csrf import CsrfViewMiddleware
from django.views.decorators.csrf import csrf_exempt

from yingshang.core.api import _page, api_view
from yingshang.core.permissions import require_capability
from yingshang.core.scope import is_city_wide
from yingshang.core.services import ConcurrentEditError

from . import kpis, selectors, services, suggest, taxonomy
from .permissions import can_act, person_view
from .workflow import Action, State, allowed_actions

INTAKE_FIELDS = (
    "channel", "appeal_type", "content", "title", "urgency", "address", "district", "street", "latitude", "longitude", "person_name",
    "person_phone", "is_confidential", "is_enterprise", "credit_code", "enterprise_name", "label", "unit", "idempotency_key",
)


def _csrf_ok(request) -> bool:
    """Token clients carry no cookie and need no CSRF token; session clients (the pages' htmx) do."""
    if request.headers.get("Authorization", "").startswith(("Bearer ", "Token ")):
        return True
    return CsrfViewMiddleware(lambda r: None).process_view(request, None, (), {}) is None


def api_write(view):
    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD", "OPTIONS") and not _csrf_ok(request):
            return JsonResponse({"error": "CSRF 校验失败:使用会话登录时请携带 X-CSRFToken,或改用令牌认证"}, status=403)
        return api_view(view)(request, *args, **kwargs)

    return wrapper


def _body(request) -> dict:
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            raise ValidationError("请求体不是有效的 JSON")
        if not isinstance(data, dict):
            raise ValidationError("请求体应为 JSON 对象")
        return data
    return {key: request.POST.get(key) for key in request.POST}


def _error(error: ValidationError, status: int = 400) -> JsonResponse:
    payload = {"error": ";".join(error.messages)}
    if hasattr(error, "error_dict"):
        payload["fields"] = error.message_dict
    return JsonResponse(payload, status=status)


def appeal_json(user, appeal, *, detail: bool = False) -> dict:
    person = person_view(user, appeal)
    data = {
        "tracking_no": appeal.tracking_no, "state": appeal.state, "state_label": State(appeal.state).label, "channel": appeal.channel,
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
        data["allowed_actions"] = [a.value for a in allowed_actions(appeal) if can_act(user, a, appeal)]
        data["events"] = [
            {"action": e.action, "label": e.action_label, "from": e.from_state, "to": e.to_state, "at": e.at.isoformat(),
             "actor": e.actor.username if e.actor_id else "系统", "unit": e.unit.name if e.unit_id else None, "note": e.note}
            for e in selectors.timeline(appeal)
        ]
    return data


def _iso(value):
    return value.isoformat() if value else None


@api_write
def appeals(request):
    user = request.user
    if request.method == "POST":
        require_capability(user, "appeals.intake")
        try:
            data = _body(request)
            values = {key: data[key] for key in INTAKE_FIELDS if key in data}
            values["idempotency_key"] = request.headers.get("Idempotency-Key", "") or values.get("idempotency_key", "")
            values.setdefault("channel", "app")
            values.setdefault("appeal_type", "complaint")
            values.setdefault("content", "")
            dispatch = {"true": True, "false": False}.get(str(data.get("dispatch", "")).lower())
            result = services.appeal_submit(actor=user, dispatch=dispatch, defer_triage=settings.YINGSHANG_DEFER_API_TRIAGE, **values)
        except services.IdempotencyConflict as error:
            return _error(error, 409)
        except ValidationError as error:
            return _error(error)
        # A deferred appeal has nothing to detail yet (no suggestions, one event): the short form saves queries.
        response = JsonResponse(appeal_json(user, result.appeal, detail=result.appeal.triaged_at is not None), status=201 if result.created else 200)
        response["Location"] = f"/appeals/api/v1/appeals/{result.appeal.tracking_no}/"
        if not result.created:
            response["Idempotent-Replayed"] = "true"
        return response
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "state", "unit", "district", "channel", "overdue")}
    return _page(request, selectors.appeal_search(user, **filters).select_related("label__taxonomy"), lambda a: appeal_json(user, a))


@api_view
def appeal(request, tracking_no: str):
    return JsonResponse(appeal_json(request.user, selectors.appeal_get_for_user(request.user, tracking_no), detail=True))


@api_write
def appeal_action(request, tracking_no: str, action: str):
    if request.method != "POST":
        return JsonResponse({"error": "请使用 POST"}, status=405)
    user = request.user
    appeal = selectors.appeal_get_for_user(user, tracking_no)
    if action not in Action.values:
        return JsonResponse({"error": f"未知的操作“{action}”"}, status=404)
    try:
        data = _body(request)
        version = data.pop("version", None)
        if version in (None, ""):
            return JsonResponse({"error": "请提供诉求的 version(防止并发操作相互覆盖)"}, status=400)
        services.appeal_act(actor=user, appeal=appeal, action=action, expected_version=int(version), **data)
    except ConcurrentEditError:
        return JsonResponse({"error": "操作冲突:该诉求已被他人处理,本次操作未生效,请获取最新状态后重试", "code": "conflict"}, status=409)
    except (TypeError, ValueError):
        return JsonResponse({"error": "version 应为整数"}, status=400)
    except ValidationError as error:
        return _error(error)
    except PermissionDenied as error:
        return JsonResponse({"error": str(error) or "无权执行此操作"}, status=403)
    return JsonResponse(appeal_json(user, appeal, detail=True))


@api_write
def suggest_labels(request):
    require_capability(request.user, "appeals.intake")
    try:
        data = _body(request)
    except ValidationError as error:
        return _error(error)
    district = data.get("district")
    district_id = None
    if district:
        from yingshang.core.models import Division

        found = Division.objects.filter(level=2).filter(code=str(district)).first() or Division.objects.filter(level=2, name=str(district)).first()
        district_id = found.pk if found else None
    items, version = suggest.suggest(str(data.get("text", "")), district_id)
    return JsonResponse({"model": version.name if version else None, "suggestions": [s.as_dict() for s in items]})


@api_view
def labels(request):
    require_capability(request.user, "appeals.view")
    version = taxonomy.current_version()
    rows = [{"path": l.path, "code": l.code, "level": l.level, "is_leaf": l.is_leaf} for l in taxonomy.current_labels().values()]
    return JsonResponse({"version": version.number if version else None, "labels": sorted(rows, key=lambda r: r["path"])})


@api_view
def kpi(request):
    require_capability(request.user, "appeals.view_kpi")
    from yingshang.core.selectors import unit_get_for_user

    start, end = kpis.default_period()
    try:
        import datetime as dt

        start = dt.date.fromisoformat(request.GET["start"]) if request.GET.get("start") else start
        end = dt.date.fromisoformat(request.GET["end"]) if request.GET.get("end") else end
    except ValueError:
        return JsonResponse({"error": "日期格式应为 2026-01-31"}, status=400)
    unit_id = request.GET.get("unit")
    if not unit_id and not is_city_wide(request.user):
        unit_id = request.user.unit_id
    if unit_id:
        report = kpis.unit_kpis(unit_get_for_user(request.user, int(unit_id)), start, end)
    else:
        report, _ = kpis.city_kpis(start, end)

    return JsonResponse({
        "scope": report.title, "start": start.isoformat(), "end": end.isoformat(), "appeals": report.appeals,
        "kpis": {r.key: {"title": r.title, "numerator": r.numerator, "denominator": r.denominator, "rate": r.rate, "target": r.target} for r in report},
    })
