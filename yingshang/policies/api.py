"""JSON API of the policy supermarket (v1): the same selectors and services as the pages."""

from __future__ import annotations

import json

from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from yingshang.core import clock
from yingshang.core.api import api_view
from yingshang.core.selectors import enterprise_get_for_user

from . import amounts, matching, rules, selectors, services
from .facts import FACTS, SET, vocabulary


def _page(request, queryset, serialize):
    page = Paginator(queryset, min(int(request.GET.get("page_size", 50) or 50), 500)).get_page(request.GET.get("page"))
    return JsonResponse({"count": page.paginator.count, "page": page.number, "pages": page.paginator.num_pages,
                         "results": [serialize(o) for o in page]})


def _version_json(version):
    if version is None:
        return None
    return {
        "number": version.number, "effective_from": version.effective_from.isoformat(), "benefit_kind": version.benefit_kind,
        "amount_rule": version.amount_rule, "amount": amounts.describe_rule(version.amount_rule or {}),
        "conditions": version.conditions_text, "conditions_text": rules.describe(version.conditions, vocabulary()),
        "exclusions": version.exclusions_text, "exempt_application": version.exempt_application, "grant_period": version.grant_period,
        "window": [version.window_start.isoformat() if version.window_start else None, version.window_end.isoformat() if version.window_end else None],
        "valid_to": version.valid_to.isoformat() if version.valid_to else None, "materials": version.materials,
    }


def _item_json(item):
    return {"id": item.pk, "code": item.code, "title": item.title, "unit": item.unit.name, "document": item.document.title,
            "status": item.status, "current": _version_json(selectors.current_version(item))}


def _application_json(application):
    return {
        "id": application.pk, "number": application.number, "item": application.item.code, "item_title": application.item.title,
        "enterprise": application.enterprise.name, "channel": application.channel, "status": application.status,
        "status_label": application.get_status_display(), "period": application.period, "applied_on": application.applied_on.isoformat(),
        "amount_requested": str(application.amount_requested) if application.amount_requested is not None else None,
        "amount_approved": str(application.amount_approved) if application.amount_approved is not None else None,
        "formula": application.formula, "step": application.step,
        "step_due_on": application.step_due_on.isoformat() if application.step_due_on else None, "version": application.version,
        "item_version": application.item_version.number,
    }


@api_view
def items(request):
    return _page(request, selectors.catalogue(q=request.GET.get("q", "").strip()), _item_json)


@api_view
def item(request, pk: int):
    return JsonResponse(_item_json(selectors.catalogue_item(pk)))


@api_view
def mine(request):
    rows = selectors.my_policies(request.user)
    return JsonResponse({"results": [{
        "item": r.item.code, "title": r.item.title, "verdict": r.explanation.verdict, "amount": r.amount, "amount_is_ceiling": r.amount_is_ceiling,
        "formula": r.formula, "explanation": r.explanation.as_dict(), "application": r.application.number if r.application else None,
    } for r in rows]})


@api_view
def applications(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("status", "item", "q", "overdue", "channel")}
    return _page(request, selectors.application_search(request.user, **filters), _application_json)


@api_view
def application(request, pk: int):
    application = selectors.application_get_for_user(request.user, pk)
    data = _application_json(application)
    data["eligibility"] = application.eligibility
    data["events"] = [{"action": e.action, "from": e.from_status, "to": e.to_status, "at": e.at.isoformat(), "comment": e.comment}
                      for e in application.events.all()]
    return JsonResponse(data)


@api_view
def evaluate(request, item_pk: int, enterprise_pk: int):
    """Three-valued verdict of one item for one enterprise the caller may see, with every condition."""
    item = selectors.catalogue_item(item_pk)
    enterprise = enterprise_get_for_user(request.user, enterprise_pk)
    on = request.GET.get("on")
    try:
        day = clock.today() if not on else __import__("datetime").date.fromisoformat(on)
    except ValueError:
        return JsonResponse({"error": "日期格式应为 2026-05-01"}, status=400)
    version = matching.version_in_force(item, day)
    if version is None:
        return JsonResponse({"error": f"该条款在 {day} 不在有效期内"}, status=404)
    explanation, amount = services.assess(enterprise, version, day)
    return JsonResponse({"item": item.code, "version": version.number, "enterprise": enterprise.name, **explanation.as_dict(),
                         "amount": amount.value, "formula": amount.formula})


@csrf_exempt
@require_POST
def calculator(request):
    """Public 政策计算器: POST {"facts": {...}} → items possibly available and the next questions to ask."""
    try:
        payload = json.loads(request.body or b"{}")
        facts = payload.get("facts") or {}
        if not isinstance(facts, dict):
            raise ValueError
    except ValueError:
        return JsonResponse({"error": "请求体应为 JSON:{\"facts\": {\"employees\": 20, ...}}"}, status=400)
    unknown = sorted(set(facts) - set(FACTS))
    if unknown:
        return JsonResponse({"error": f"未知的事实:{'、'.join(unknown)}", "known": list(FACTS)}, status=400)
    facts = {k: (set(v) if FACTS[k].type == SET and v is not None else v) for k, v in facts.items()}
    facts.setdefault("status", "active")
    versions = matching.versions_in_force(clock.today())
    results = []
    for version in versions:
        explanation = rules.explain(version.conditions, version.exclusions, facts, vocabulary())
        if explanation.verdict == rules.NOT_ELIGIBLE:
            continue
        amount = amounts.compute(version.amount_rule or {}, facts)
        results.append({"item": version.item.code, "title": version.item.title, **explanation.as_dict(), "amount": amount.value,
                        "formula": amount.formula})
    questions = [{"fact": q["fact"].key, "label": q["fact"].label, "settles": q["settles"]}
                 for q in selectors.calculator_questions(facts, versions)]
    return JsonResponse({"results": results, "questions": questions})


@api_view
def near_misses(request):
    results = selectors.near_misses(request.user, item=request.GET.get("item", ""), fact=request.GET.get("fact", ""))
    return _page(request, results, lambda r: {"item": r.item.code, "enterprise": r.enterprise.name, "miss_fact": r.fact,
                                              "value": r.observed, "gap": r.gap, "describe": selectors.describe_miss(r)})


@api_view
@require_POST
def application_action(request, pk: int, action: str):
    """Workflow steps for integrations: accept / return / approve / reject (JSON body: comment, amount, version)."""
    application = selectors.application_get_for_user(request.user, pk)
    try:
        body = json.loads(request.body or b"{}")
    except ValueError:
        return JsonResponse({"error": "请求体应为 JSON"}, status=400)
    handlers = {
        "accept": lambda: services.application_accept(actor=request.user, application=application, expected_version=body.get("version")),
        "return": lambda: services.application_return(actor=request.user, application=application, reason=body.get("comment", ""),
                                                      expected_version=body.get("version")),
        "approve": lambda: services.application_approve(actor=request.user, application=application, amount=body.get("amount"),
                                                        comment=body.get("comment", ""), expected_version=body.get("version")),
        "reject": lambda: services.application_reject(actor=request.user, application=application, reason=body.get("comment", ""),
                                                      expected_version=body.get("version")),
    }
    if action not in handlers:
        return JsonResponse({"error": "未知操作"}, status=404)
    try:
        result = handlers[action]()
    except ValidationError as error:
        return JsonResponse({"error": ";".join(error.messages)}, status=400)
    return JsonResponse(_application_json(result))
