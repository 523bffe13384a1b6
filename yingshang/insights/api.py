"""JSON API of insights, mounted at /api/v1/insights/: the cockpit's chart data, 一地多诉 clusters and warnings.

Thin: every read goes through the feature's selectors, which check the capability and scope by the caller.
The operations on a warning (确认, 标记已处置, 排除) are the kernel's one endpoint for every workflow,
``POST /api/v1/workflows/early-warnings/{id}/operations/{op}/`` (core/api/workflows.py, spec in
insights/warnings/workflow.py); a warning's detail lists those the caller may run now.
"""


from typing import Any, Literal

from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Router, Schema
from ninja.pagination import paginate

from yingshang.core import workflow
from yingshang.core.api import ERROR_RESPONSES, Pages, Rows

from .cockpit import selectors as cockpit
from .places import selectors as places
from .warnings import selectors as warnings
from .warnings.workflow import WARNINGS

router = Router(tags=["insights"])


class ClusterOut(Schema):
    id: int
    label_path: str
    appeal_count: int
    district: str
    district_code: str
    place_id: int | None
    place: str
    latitude: float | None
    longitude: float | None
    radius_m: float | None
    first_at: str | None
    last_at: str | None


class WarningOut(Schema):
    id: int
    kind: str
    method: str
    label_path: str
    district: str | None
    window_start: str
    window_end: str
    observed: float
    expected: float
    score: float | None
    p_value: float | None
    status: str
    summary: str
    owner_unit: str | None
    parent_id: int | None
    version: int


class WarningDetailOut(WarningOut):
    allowed_operations: list[str]  # what the caller may run now: POST /api/v1/workflows/early-warnings/{id}/operations/{op}/


def _cluster_json(cluster) -> dict:
    return {
        "id": cluster.pk, "label_path": cluster.label_path, "appeal_count": cluster.appeal_count,
        "district": cluster.district.name if cluster.district_id else "", "district_code": cluster.district.code if cluster.district_id else "",
        "place_id": cluster.place_id, "place": cluster.place.display if cluster.place_id else "",
        "latitude": float(cluster.latitude) if cluster.latitude is not None else None,
        "longitude": float(cluster.longitude) if cluster.longitude is not None else None,
        "radius_m": cluster.radius_m, "first_at": cluster.first_at.isoformat() if cluster.first_at else None,
        "last_at": cluster.last_at.isoformat() if cluster.last_at else None,
    }


def _warning_json(warning) -> dict:
    return {
        "id": warning.pk, "kind": warning.kind, "method": warning.method, "label_path": warning.label_path,
        "district": warning.district.code if warning.district_id else None, "window_start": warning.window_start.isoformat(),
        "window_end": warning.window_end.isoformat(), "observed": warning.observed, "expected": warning.expected,
        "score": warning.score, "p_value": warning.p_value, "status": warning.status, "summary": warning.summary,
        "owner_unit": warning.owner_unit.name if warning.owner_unit_id else None, "parent_id": warning.parent_id,
        "version": warning.version,
    }


COCKPIT_DATA = {
    "summary": lambda request, grain: cockpit.summary(request.user),
    "trend": lambda request, grain: cockpit.volume_trend(request.user, grain),
    "labels": lambda request, grain: cockpit.label_treemap(request.user),
    "districts": lambda request, grain: cockpit.district_map(request.user),
    "league": lambda request, grain: cockpit.league_table(request.user),
}


@router.get("/cockpit/{name}/", response={200: dict[str, Any], **ERROR_RESPONSES}, url_name="cockpit_data",
            summary="驾驶舱图表数据(summary 概览、trend 趋势 ?grain=day|month、labels 标签树、districts 区县、league 考核榜)")
def cockpit_data(request, name: str, grain: Literal["day", "month"] = "day"):
    compute = COCKPIT_DATA.get(name)
    if compute is None:
        raise Http404(_("没有这项驾驶舱数据"))
    return compute(request, grain)


@router.get("/places/clusters/", response={200: list[ClusterOut], **ERROR_RESPONSES}, url_name="place_clusters",
            summary="一地多诉聚集区域(?days=&district=&label=)")
@paginate(Pages)
def place_clusters(request, days: str = "", district: str = "", label: str = ""):
    filters = places.PlaceFilters.from_query({"days": days, "district": district, "label": label})
    return Rows(places.cluster_list_for_user(request.user, filters, limit=500), _cluster_json)


@router.get("/warnings/", response={200: list[WarningOut], **ERROR_RESPONSES}, url_name="warnings", summary="监测预警(新者在前)")
@paginate(Pages)
def warning_list(request, status: str = "", kind: str = "", district: str = "", label: str = ""):
    filters = warnings.WarningFilters.from_query({"status": status, "kind": kind, "district": district, "label": label})
    return Rows(warnings.warnings_for_user(request.user, filters), _warning_json)


@router.get("/warnings/{int:pk}/", response={200: WarningDetailOut, **ERROR_RESPONSES}, url_name="warning", summary="预警详情")
def warning_detail(request, pk: int):
    warning = warnings.warning_get_for_user(request.user, pk)
    return _warning_json(warning) | {"allowed_operations": [op.name for op in workflow.allowed_operations(WARNINGS, warning, request.user)]}
