"""JSON API (v1). Same selectors and permissions as the pages; session or bearer-token auth."""

from __future__ import annotations

import functools
import hashlib
import time

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.utils import timezone

from . import selectors
from .creditcode import credit_code_errors, normalize_credit_code
from .memo import config_ttl
from .models import ApiToken
from .permissions import can_see_personal_data, mask_phone


# key hash → (token id, user, loaded at, last_used_at written at). Machine clients send thousands of
# requests with one token; each process keeps it for the configuration time-to-live (core/memo.py), so a
# revoked token or a deactivated user stops working everywhere within that time (at once in this process).
_token_cache: dict[str, tuple[int, object, float, float]] = {}
LAST_USED_RESOLUTION_SECONDS = 60


def forget_cached_tokens() -> None:
    _token_cache.clear()


def _token_user(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith(("Bearer ", "Token ")):
        return None
    key_hash = hashlib.sha256(header.split(" ", 1)[1].strip().encode()).hexdigest()
    ttl, moment = config_ttl(), time.monotonic()
    cached = _token_cache.get(key_hash)
    if cached is None or moment - cached[2] >= ttl:
        token = ApiToken.objects.select_related("user", "user__unit").filter(key_hash=key_hash).first()
        if token is None or not token.user.is_active:
            _token_cache.pop(key_hash, None)
            return None
        cached = (token.pk, token.user, moment, cached[3] if cached else -float("inf"))
        if ttl > 0:
            _token_cache[key_hash] = cached
    token_id, user, loaded_at, used_written_at = cached
    # last_used_at is for "which tokens are still in use", not an access log: minute resolution is plenty.
    if moment - used_written_at >= LAST_USED_RESOLUTION_SECONDS or ttl <= 0:
        ApiToken.objects.filter(pk=token_id).update(last_used_at=timezone.now())
        if ttl > 0:
            _token_cache[key_hash] = (token_id, user, loaded_at, moment)
    return user


def api_view(view):
    """Authenticate (session or token), map permission and scope errors to JSON with Chinese messages."""

    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        user = _token_user(request) or request.user
        if not user.is_authenticated:
            return JsonResponse({"error": "未登录或令牌无效"}, status=401)
        request.user = user
        try:
            return view(request, *args, **kwargs)
        except PermissionDenied as error:
            return JsonResponse({"error": str(error) or "无权访问"}, status=403)
        except Http404 as error:
            return JsonResponse({"error": str(error) or "对象不存在"}, status=404)

    return wrapper


def _page(request, queryset, serialize):
    page = Paginator(queryset, min(int(request.GET.get("page_size", 50) or 50), 500)).get_page(request.GET.get("page"))
    return JsonResponse({"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages, "results": [serialize(o) for o in page]})


def _unit_json(unit):
    return {"id": unit.pk, "code": unit.code, "name": unit.name, "kind": unit.kind, "parent_id": unit.parent_id,
            "division": unit.division.code if unit.division_id else None, "is_active": unit.is_active}


def _enterprise_json(enterprise, *, personal: bool):
    return {
        "id": enterprise.pk, "credit_code": enterprise.credit_code, "name": enterprise.name, "kind": enterprise.kind,
        "district": enterprise.district.code, "district_name": enterprise.district.name, "industry": enterprise.industry_id,
        "size_class": enterprise.size_class, "founded_on": enterprise.founded_on.isoformat() if enterprise.founded_on else None,
        "registered_capital": str(enterprise.registered_capital) if enterprise.registered_capital is not None else None,
        "employees": enterprise.employees,
        "annual_revenue": str(enterprise.annual_revenue) if enterprise.annual_revenue is not None else None,
        "credit_class": enterprise.credit_class, "status": enterprise.status,
        "contact_phone": enterprise.contact_phone if personal else mask_phone(enterprise.contact_phone),
        "version": enterprise.version,
    }


@api_view
def units(request):
    return _page(request, selectors.unit_list_for_user(request.user), _unit_json)


@api_view
def unit(request, pk: int):
    return JsonResponse(_unit_json(selectors.unit_get_for_user(request.user, pk)))


@api_view
def enterprises(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "district", "section", "size", "qualification")}
    personal = can_see_personal_data(request.user)
    return _page(request, selectors.enterprise_search(request.user, **filters), lambda e: _enterprise_json(e, personal=personal))


@api_view
def enterprise(request, pk: int):
    return JsonResponse(_enterprise_json(selectors.enterprise_get_for_user(request.user, pk), personal=can_see_personal_data(request.user)))


def credit_code_check(request, code: str):
    """Public: is this a well-formed 统一社会信用代码? (No registry lookup, so nothing is disclosed.)"""
    code = normalize_credit_code(code)
    errors = credit_code_errors(code)
    return JsonResponse({"code": code, "valid": not errors, "errors": errors})
