"""JSON API of the plans module (v1): the same selectors, services and scopes as the pages.

Reads take the session or a bearer token (yingshang.core.api.api_view). The one write — a progress
report — is CSRF-checked when it comes with a session cookie (a browser), not with a token alone.
"""

from __future__ import annotations

import functools
import json

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt, csrf_protect

from yingshang.core.api import _page, api_view
from yingshang.core.permissions import require_capability

from . import selectors, services
from .models import Plan


def _session_csrf(view):
    protected = csrf_protect(view)

    @csrf_exempt
    @functools.wraps(view)
    def wrapper(request, *args, **kwargs):
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            return protected(request, *args, **kwargs)
        return view(request, *args, **kwargs)

    return wrapper


def _date(value):
    return value.isoformat() if value else None


def _mention_json(view) -> dict:
    return {
        "mention": view.mention.mention, "role": view.mention.role, "label": view.mention.label,
        "collective": view.mention.collective, "unit": view.mention.unit_id,
        "units": [{"id": u.pk, "name": u.name} for u in view.units], "flag": view.flag or None,
    }


def _plan_json(plan: Plan) -> dict:
    return {
        "id": plan.pk, "title": plan.title, "issuer": plan.issuer, "doc_number": plan.doc_number, "issued_on": _date(plan.issued_on),
        "status": plan.status, "default_due": _date(plan.default_due), "report_every_months": plan.report_every_months,
        "source_format": plan.source_format, "version": plan.version,
    }


def _task_json(task) -> dict:
    return {
        "id": task.pk, "plan_id": task.plan_id, "item": {"id": task.item_id, "number": task.item.number, "path": task.item.path, "title": task.item.title},
        "unit": {"id": task.unit_id, "name": task.unit.name}, "role": task.role, "due": _date(task.due), "deadline_kind": task.deadline_kind,
        "state": task.state, "status": task.status.code, "status_label": task.status.label, "status_reasons": list(task.status.reasons),
        "percent": task.status.percent, "version": task.version,
    }


def _report_json(report) -> dict:
    return {
        "id": report.pk, "task_id": report.task_id, "period": report.period, "text": report.text, "percent": report.percent,
        "is_final": report.is_final, "good_practice": report.good_practice, "submitted_at": report.submitted_at.isoformat(),
        "values": [{"indicator": v.indicator_id, "metric": v.indicator.metric, "value": v.value_display} for v in report.values.all()],
        "evidence": [{"id": e.pk, "name": e.name, "size": e.size, "sha256": e.sha256} for e in report.evidence.all()],
    }


@api_view
def plans(request):
    return _page(request, selectors.plan_list_for_user(request.user), _plan_json)


@api_view
def plan(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    items = selectors.plan_items(plan)
    cache: dict = {}
    nodes = {}
    roots = []
    for item in items:
        node = {
            "id": item.pk, "number": item.number, "path": item.path, "level": item.level, "title": item.title, "text": item.text,
            "deadline_kind": item.deadline_kind, "due": _date(item.due), "deadlines": item.deadlines,
            "units": [_mention_json(v) for v in selectors.mention_views(plan, item.mentions.all(), cache)],
            "indicators": [{"id": i.pk, "metric": i.metric, "comparator": i.comparator, "value": i.value_display, "unit": i.unit, "due": _date(i.due)} for i in item.indicators.all()],
            "children": [],
        }
        nodes[item.pk] = node
        (nodes[item.parent_id]["children"] if item.parent_id in nodes else roots).append(node)
    return JsonResponse({**_plan_json(plan), "items": roots})


@api_view
def tasks(request):
    queryset = selectors.task_list_for_user(request.user)
    if request.GET.get("plan", "").isdigit():
        queryset = queryset.filter(plan_id=int(request.GET["plan"]))
    listed = selectors.filter_by_status(selectors.with_status(queryset.order_by("plan_id", "item__position", "unit__tree_path")), request.GET.get("status", ""))
    return _page(request, listed, _task_json)


@api_view
def task(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    co_tasks = selectors.co_tasks_for_lead(request.user, task)
    listed = selectors.with_status([task, *co_tasks])
    reports = selectors.reports_of(listed)
    return JsonResponse({
        **_task_json(task), "text": task.item.text, "reports": [_report_json(r) for r in reports.get(task.pk, [])],
        "co_tasks": [{**_task_json(t), "reports": [_report_json(r) for r in reports.get(t.pk, [])]} for t in listed[1:]],
    })


@_session_csrf
@api_view
def task_reports(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    if request.method == "GET":
        return JsonResponse({"results": [_report_json(r) for r in selectors.reports_of([task]).get(task.pk, [])]})
    if request.method != "POST":
        return JsonResponse({"error": "只支持 GET 和 POST"}, status=405)
    if request.content_type == "application/json":
        try:
            data = json.loads(request.body or b"{}")
        except json.JSONDecodeError:
            return JsonResponse({"error": "请求体不是有效的 JSON"}, status=400)
        files = []
    else:
        data = request.POST.dict()
        data["values"] = json.loads(data.get("values") or "{}")
        files = request.FILES.getlist("files")
    try:
        report = services.report_submit(
            actor=request.user, task=task, text=data.get("text", ""), percent=data.get("percent"),
            is_final=bool(data.get("is_final")) and str(data.get("is_final")).lower() not in ("0", "false"),
            values=data.get("values") or {}, files=files, good_practice=data.get("good_practice", ""),
        )
    except ValidationError as error:
        return JsonResponse({"error": ";".join(error.messages)}, status=400)
    return JsonResponse(_report_json(report), status=201)


@api_view
def ranking(request, period: str):
    require_capability(request.user, "plans.view_ranking")
    run = selectors.ranking_latest(period)
    if run is None:
        return JsonResponse({"error": f"{period} 尚未计算排名"}, status=404)
    return JsonResponse({
        "period": run.period, "as_of": run.as_of.isoformat(), "run_id": run.pk, "weights": run.weights,
        "rankings": {
            scope: [{"rank": e.rank, "unit": {"id": e.unit_id, "name": e.unit.name}, "score": str(e.score), "is_bottom": e.is_bottom,
                     "tasks": e.tasks, "finished": e.finished, "lagging": e.lagging, "overdue": e.overdue, "components": e.components}
                    for e in entries]
            for scope, entries in selectors.ranking_entries(run).items()
        },
    })
