"""JSON API of 政务服务, mounted at /api/v1/affairs/ (reads only): the published catalogue (anyone), a case's
status (its applicant, its enterprise and the staff whose scope reaches it) and the approval-time monitoring
(the monitoring capability, the reader's slice of the city as on the page)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from ninja import Router, Schema

from yingshang.core.api import ERROR_RESPONSES
from yingshang.core.permissions import require_capability

from . import monitoring, selectors
from .models import Item

router = Router(tags=["affairs"])


class AffairsItemOut(Schema):
    id: int
    name: str
    basic_code: str
    implementation_code: str
    type: str
    unit: str
    kind: str
    statutory_days: int
    promised_days: int
    visits: int
    online: bool
    version: int


class AffairsItemDetailOut(AffairsItemOut):
    elements: list[dict]


class AffairsSubCaseOut(Schema):
    item: str
    unit: str
    status: str
    status_label: str
    stage: str
    due_on: dt.date | None
    days_used: int | None


class AffairsMaterialOut(Schema):
    material: str
    name: str
    receipt: str
    receipt_label: str
    filename: str
    size: int
    sha256: str
    received_at: dt.datetime
    correction: bool
    download: str | None  # the page's download link (the file itself is never in the JSON)


class AffairsCaseOut(Schema):
    id: int
    number: str
    title: str
    status: str
    status_label: str
    channel: str
    submitted_at: dt.datetime
    accepted_at: dt.datetime | None
    completed_at: dt.datetime | None
    due_on: dt.date | None
    days_used: int | None
    subcases: list[AffairsSubCaseOut]
    materials: list[AffairsMaterialOut]  # received materials the reader may see (core.scope)


class AffairsTimeRowOut(Schema):
    id: int
    label: str
    count: int
    mean_days: float
    p50: int | None
    p90: int | None
    on_time: float
    within_statutory: float
    speedup: float
    promised_days: float
    statutory_days: float


class AffairsStageOut(Schema):
    stage: str
    suspends_clock: bool
    count: int
    mean_days: float
    p50: int | None
    p90: int | None


class AffairsSharesOut(Schema):
    cases: int
    instant_share: float
    online_share: float
    visits_per_case: float
    late: int


class AffairsWarningsOut(Schema):
    late: int
    near: int


class AffairsMonitoringOut(Schema):
    start: dt.date
    end: dt.date
    shares: AffairsSharesOut
    warnings: AffairsWarningsOut
    units: list[AffairsTimeRowOut]
    items: list[AffairsTimeRowOut]
    stages: list[AffairsStageOut]


def _item_out(item) -> dict:
    return {"id": item.pk, "name": item.name, "basic_code": item.basic_code, "implementation_code": item.implementation_code, "type": item.type,
            "unit": item.unit.name, "kind": item.kind, "statutory_days": item.statutory_days, "promised_days": item.promised_days,
            "visits": item.visits, "online": item.online, "version": item.published_version}


@router.get("/items/", response={200: list[AffairsItemOut], **ERROR_RESPONSES}, auth=None, url_name="affairs_items", summary="已发布的政务服务事项")
def items(request, q: str = "", type: str = ""):
    return [_item_out(item) for item in selectors.published_items(q=q.strip()[:100], type=type if type in Item.Type.values else "")[:1000]]


@router.get("/items/{int:pk}/", response={200: AffairsItemDetailOut, **ERROR_RESPONSES}, auth=None, url_name="affairs_item", summary="事项与办事指南要素")
def item(request, pk: int):
    found = selectors.item_public(pk)
    return {**_item_out(found), "elements": (found.guide or {}).get("elements", [])}


@router.get("/cases/{int:pk}/", response={200: AffairsCaseOut, **ERROR_RESPONSES}, url_name="affairs_case", summary="办件进度")
def case(request, pk: int):
    found = selectors.case_get_for_user(request.user, pk)
    subs = found.subcases.select_related("item", "unit").order_by("id")
    return {"id": found.pk, "number": found.number, "title": found.title, "status": found.status, "status_label": found.get_status_display(),
            "channel": found.channel, "submitted_at": found.submitted_at, "accepted_at": found.accepted_at, "completed_at": found.completed_at,
            "due_on": found.due_on, "days_used": found.days_used,
            "subcases": [{"item": s.item.name, "unit": s.unit.name, "status": s.status, "status_label": s.get_status_display(), "stage": s.stage,
                          "due_on": s.due_on, "days_used": s.days_used} for s in subs],
            "materials": [{"material": m.material.key, "name": m.material.name, "receipt": m.receipt, "receipt_label": m.get_receipt_display(),
                           "filename": m.filename, "size": m.size, "sha256": m.sha256, "received_at": m.received_at, "correction": m.correction,
                           "download": reverse("affairs:material_download", args=[m.pk]) if m.file else None}
                          for m in selectors.case_materials_for_user(request.user, found)]}


def _rows_out(rows, limit: int | None = None) -> list[dict]:
    return [{"id": r.key, "label": r.label, "count": r.count, "mean_days": r.mean_days, "p50": r.p50, "p90": r.p90, "on_time": r.on_time,
             "within_statutory": r.within_statutory, "speedup": r.speedup, "promised_days": r.promised_days, "statutory_days": r.statutory_days}
            for r in rows[:limit]]


@router.get("/monitoring/", response={200: AffairsMonitoringOut, **ERROR_RESPONSES}, url_name="affairs_monitoring", summary="审批时效监测")
def monitoring_summary(request, start: str = "", end: str = ""):
    """The page's figures for the caller's slice of the city; ``start``/``end`` as YYYY-MM-DD (default: the
    current month and the two before it). At most 200 items, the busiest first."""
    require_capability(request.user, "affairs.view_monitoring")
    first, last = monitoring.parse_period(start, end)
    figures = monitoring.for_reader(request.user, first, last)
    return {"start": first, "end": last, "shares": figures["shares"], "warnings": {"late": figures["warnings"]["late"], "near": figures["warnings"]["near"]},
            "units": _rows_out(figures["units"]), "items": _rows_out(figures["items"], 200), "stages": figures["stages"]}
