"""Pages of 一地多诉: the place list (top places, clusters) and a place's page (the clusters as JSON: insights/api.py)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils.translation import gettext as _

from yingshang.appeals.public import person_view
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
