"""JSON API (v1). Same selectors and permissions as the pages; session or bearer-token auth."""

from __future__ import annotations

import functools
import hashlib

from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, JsonResponse
from django.utils import timezone

from . import selectors
from .creditcode import credit_code_errors, normalize_credit_code
from .models import ApiToken
from .permissions import can_see_personal_data, mask_phone


def _token_user(request):
    header = request.headers.get("Authorization", "")
    if not header.startswith(("Bearer ", "Token ")):
        return None
    key = header.split(" ", 1)[1].strip()
    token = ApiToken.objects.select_related("user").filter(key_hash=hashlib.sha256(key.encode()).hexdigest()).first()
    if token is None or not token.user.is_active:
        return None
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=timezone.now())
    return token.user


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
