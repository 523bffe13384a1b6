"""JSON API of the plans module, mounted at /api/v1/plans/: the same selectors, services and scopes as the pages."""


import json
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import File, Form, Query, Router, Schema
from ninja.files import UploadedFile
from ninja.pagination import paginate
from ninja.responses import Status

from yingshang.core.api import ERROR_RESPONSES, Pages, Rows
from yingshang.core.permissions import require_capability

from . import selectors, services
from .models import Plan

router = Router(tags=["plans"])


class PlanOut(Schema):
    id: int
    title: str
    issuer: str
    doc_number: str
    issued_on: str | None
    status: str
    default_due: str | None
    report_every_months: int | None
    source_format: str
    version: int


class PlanDetailOut(PlanOut):
    items: list[dict[str, Any]]


class TaskOut(Schema):
    id: int
    plan_id: int
    item: dict[str, Any]
    unit: dict[str, Any]
    role: str
    due: str | None
    deadline_kind: str
    state: str
    status: str
    status_label: str
    status_reasons: list[str]
    percent: int
    version: int


class ReportOut(Schema):
    id: int
    task_id: int
    period: str
    text: str
    percent: int
    is_final: bool
    good_practice: str
    submitted_at: str
    values: list[dict[str, Any]]
    evidence: list[dict[str, Any]]


class TaskDetailOut(TaskOut):
    text: str
    reports: list[ReportOut]
    co_tasks: list[dict[str, Any]]


class ReportIn(Schema):
    text: str = ""
    percent: int | None = None
    is_final: bool = False
    values: dict[str, Any] = {}
    good_practice: str = ""


class ReportFormIn(Schema):
    text: str = ""
    percent: int | None = None
    is_final: bool = False
    values: str = "{}"
    good_practice: str = ""


class TaskFilters(Schema):
    plan: int | None = None
    status: str = ""


class RankingOut(Schema):
    period: str
    as_of: str
    run_id: int
    weights: dict[str, Any]
    rankings: dict[str, list[dict[str, Any]]]


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
        "state": task.state, "status": task.status.code, "status_label": str(task.status.label), "status_reasons": list(task.status.reasons),
        "percent": task.status.percent, "version": task.version,
    }


def _report_json(report) -> dict:
    return {
        "id": report.pk, "task_id": report.task_id, "period": report.period, "text": report.text, "percent": report.percent,
        "is_final": report.is_final, "good_practice": report.good_practice, "submitted_at": report.submitted_at.isoformat(),
        "values": [{"indicator": v.indicator_id, "metric": v.indicator.metric, "value": v.value_display} for v in report.values.all()],
        "evidence": [{"id": e.pk, "name": e.name, "size": e.size, "sha256": e.sha256} for e in report.evidence.all()],
    }


@router.get("/plans/", response={200: list[PlanOut], **ERROR_RESPONSES}, url_name="plans", summary="行动方案列表")
@paginate(Pages)
def plan_list(request):
    return Rows(selectors.plan_list_for_user(request.user).order_by("-pk"), _plan_json)


@router.get("/plans/{int:pk}/", response={200: PlanDetailOut, **ERROR_RESPONSES}, url_name="plan", summary="方案及其条目树")
def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    cache: dict = {}
    nodes, roots = {}, []
    for item in selectors.plan_items(plan):
        node = {
            "id": item.pk, "number": item.number, "path": item.path, "level": item.level, "title": item.title, "text": item.text,
            "deadline_kind": item.deadline_kind, "due": _date(item.due), "deadlines": item.deadlines,
            "units": [_mention_json(v) for v in selectors.mention_views(plan, item.mentions.all(), cache)],
            "indicators": [{"id": i.pk, "metric": i.metric, "comparator": i.comparator, "value": i.value_display, "unit": i.unit, "due": _date(i.due)}
                           for i in item.indicators.all()],
            "children": [],
        }
        nodes[item.pk] = node
        (nodes[item.parent_id]["children"] if item.parent_id in nodes else roots).append(node)
    return {**_plan_json(plan), "items": roots}


@router.get("/tasks/", response={200: list[TaskOut], **ERROR_RESPONSES}, url_name="tasks", summary="任务列表(含进展状态)")
@paginate(Pages)
def task_list(request, filters: Query[TaskFilters]):
    queryset = selectors.task_list_for_user(request.user)
    if filters.plan:
        queryset = queryset.filter(plan_id=filters.plan)
    ordered = queryset.order_by("plan_id", "item__position", "unit__tree_path")
    return Rows(selectors.filter_by_status(selectors.with_status(ordered), filters.status), _task_json)


@router.get("/tasks/{int:pk}/", response={200: TaskDetailOut, **ERROR_RESPONSES}, url_name="task", summary="任务详情(含协办任务与报送)")
def task_detail(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    listed = selectors.with_status([task, *selectors.co_tasks_for_lead(request.user, task)])
    reports = selectors.reports_of(listed)
    return {
        **_task_json(task), "text": task.item.text, "reports": [_report_json(r) for r in reports.get(task.pk, [])],
        "co_tasks": [{**_task_json(t), "reports": [_report_json(r) for r in reports.get(t.pk, [])]} for t in listed[1:]],
    }


@router.get("/tasks/{int:pk}/reports/", response={200: list[ReportOut], **ERROR_RESPONSES}, url_name="task_reports", summary="任务的进展报送")
@paginate(Pages)
def report_list(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    return Rows(selectors.reports_of([task]).get(task.pk, []), _report_json)


def _submit(request, pk: int, *, text, percent, is_final, values, good_practice, files=()):
    task = selectors.task_get_for_user(request.user, pk)
    report = services.report_submit(actor=request.user, task=task, text=text, percent=percent, is_final=is_final,
                                    values=values or {}, files=files, good_practice=good_practice)
    return Status(201, _report_json(report))


@router.post("/tasks/{int:pk}/reports/", response={201: ReportOut, **ERROR_RESPONSES}, url_name="task_report_create", summary="报送进展(JSON)")
def report_create(request, pk: int, payload: ReportIn):
    return _submit(request, pk, **payload.dict())


@router.post("/tasks/{int:pk}/reports/upload/", response={201: ReportOut, **ERROR_RESPONSES}, url_name="task_report_upload",
             summary="报送进展并上传佐证材料(multipart/form-data)")
def report_upload(request, pk: int, payload: Form[ReportFormIn], files: File[list[UploadedFile]] = None):
    try:
        values = json.loads(payload.values or "{}")
    except ValueError:
        values = None
    if not isinstance(values, dict):
        raise ValidationError({"values": [_("应为 JSON 对象,如 {\"12\": 35}")]})
    return _submit(request, pk, text=payload.text, percent=payload.percent, is_final=payload.is_final, values=values,
                   good_practice=payload.good_practice, files=files or [])


@router.get("/rankings/{period}/", response={200: RankingOut, **ERROR_RESPONSES}, url_name="ranking", summary="某期排名")
def ranking(request, period: str):
    require_capability(request.user, "plans.view_ranking")
    run = selectors.ranking_latest(period)
    if run is None:
        raise Http404(_("%(period)s 尚未计算排名") % {"period": period})
    return {
        "period": run.period, "as_of": run.as_of.isoformat(), "run_id": run.pk, "weights": run.weights,
        "rankings": {
            scope: [{"rank": e.rank, "unit": {"id": e.unit_id, "name": e.unit.name}, "score": str(e.score), "is_bottom": e.is_bottom,
                     "tasks": e.tasks, "finished": e.finished, "lagging": e.lagging, "overdue": e.overdue, "components": e.components}
                    for e in entries]
            for scope, entries in selectors.ranking_entries(run).items()
        },
    }
