"""Pages of 一地多诉: the place list (top places, clusters), a place's page, and the clusters as JSON."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from yingshang.appeals.permissions import person_view
from yingshang.core.api import api_view
from yingshang.core.exports import list_export
from yingshang.insights import export_columns

from . import selectors


@login_required
def place_list(request):
    filters = selectors.PlaceFilters.from_query(request.GET)
    ranking = selectors.place_ranking_for_user(request.user, filters)
    clusters = selectors.cluster_list_for_user(request.user, filters, limit=30)
    if export := list_export(request, _("一地多诉"), export_columns.PLACES, ranking,
                             extra_sheets=[(_("聚集区域"), export_columns.CLUSTERS, clusters)]):
        return export
    return render(request, "insights/places/list.html", {
        "filters": filters, "ranking": ranking, "clusters": clusters,
        "districts": selectors.district_choices(request.user), "day_choices": (30, 90, 180, 365),
    })


@login_required
def place_detail(request, pk: int):
    place = selectors.place_get_for_user(request.user, pk)
    appeals = list(selectors.place_appeals_for_user(request.user, place)[:500])
    rows = [{"appeal": a, "person": person_view(request.user, a)} for a in appeals]
    monthly = selectors.monthly_counts(selectors.place_appeals_for_user(request.user, place))
    return render(request, "insights/places/detail.html", {
        "place": place, "rows": rows, "monthly": monthly, "visible_count": sum(m["count"] for m in monthly),
        "clusters": selectors.cluster_list_for_user(request.user, place=place, limit=20),
    })


@api_view
def place_clusters_api(request):
    """GET: the clusters the caller sees (same scope as the pages); ?days=&district=&label=."""
    filters = selectors.PlaceFilters.from_query(request.GET)
    clusters = selectors.cluster_list_for_user(request.user, filters, limit=500)
    return JsonResponse({"days": filters.days, "results": [_cluster_json(c) for c in clusters]})


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
