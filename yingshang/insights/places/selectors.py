"""Reads of 一地多诉, always through the reader's scope.

A reader sees the places and clusters of the appeals it may see (core.scope, the one rule for appeals:
city-wide roles everything, a handler its unit subtree, a coordinator also its district, counting the
district the address was normalised to); a place with none of them is 404, as if it did not exist.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

from django.db.models import Count, Max, Min, QuerySet
from django.db.models.functions import TruncMonth

from yingshang.appeals.public import appeal_rows
from yingshang.core import clock
from yingshang.core.models import Division
from yingshang.core.permissions import require_capability
from yingshang.core.scope import visible, visible_or_404

from ..models import AppealPlace, Place, PlaceCluster

if TYPE_CHECKING:  # annotations only: insights reads appeals through appeals.public and selectors
    from yingshang.appeals.models import Appeal

DEFAULT_DAYS = 90
MAX_DAYS = 3 * 366


def appeal_links_for_user(user) -> QuerySet[AppealPlace]:
    require_capability(user, "insights.view_places")
    return visible(user, AppealPlace.objects.all())


@dataclass
class PlaceFilters:
    days: int = DEFAULT_DAYS
    district: str = ""  # division code
    label: str = ""  # label path prefix

    @classmethod
    def from_query(cls, query) -> "PlaceFilters":
        try:
            days = int(query.get("days") or DEFAULT_DAYS)
        except ValueError:
            days = DEFAULT_DAYS
        return cls(days=min(max(days, 1), MAX_DAYS), district=(query.get("district") or "").strip(), label=(query.get("label") or "").strip())

    @property
    def since(self) -> dt.datetime:
        return clock.now() - dt.timedelta(days=self.days)


def place_ranking_for_user(user, filters: PlaceFilters, *, limit: int = 50) -> list[dict]:
    """Top places by the reader's visible appeals in the window (with first/last time in it)."""
    links = appeal_links_for_user(user).filter(accepted_at__gte=filters.since)
    if filters.district:
        links = links.filter(place__district__code=filters.district)
    if filters.label:
        links = links.filter(label_path__startswith=filters.label)
    rows = list(links.values("place_id").annotate(n=Count("appeal_id"), first=Min("accepted_at"), last=Max("accepted_at")).order_by("-n", "place_id")[:limit])
    places = Place.objects.select_related("district", "street").in_bulk([r["place_id"] for r in rows])
    labels = _top_labels([r["place_id"] for r in rows], links)
    return [{"place": places[r["place_id"]], "count": r["n"], "first": r["first"], "last": r["last"], "labels": labels.get(r["place_id"], [])}
            for r in rows if r["place_id"] in places]


def _top_labels(place_ids, links) -> dict[int, list[tuple[str, int]]]:
    counts: dict[int, list[tuple[str, int]]] = {}
    for row in links.filter(place_id__in=place_ids).values("place_id", "label_path").annotate(n=Count("appeal_id")).order_by("place_id", "-n"):
        bucket = counts.setdefault(row["place_id"], [])
        if len(bucket) < 3 and row["label_path"]:
            bucket.append((row["label_path"], row["n"]))
    return counts


def place_get_for_user(user, pk: int) -> Place:
    """The place, if the reader sees at least one of its appeals (404 otherwise)."""
    require_capability(user, "insights.view_places")
    return visible_or_404(user, Place.objects.select_related("district", "street"), "地点不存在或不在您的权限范围内", pk=pk)


def place_appeals_for_user(user, place: Place) -> QuerySet[Appeal]:
    """The place's appeals the reader may see, newest first."""
    appeal_ids = appeal_links_for_user(user).filter(place=place).values("appeal_id")
    return appeal_rows().filter(pk__in=appeal_ids).select_related("label", "unit", "district").order_by("-accepted_at", "-id")


def monthly_counts(appeals: QuerySet[Appeal]) -> list[dict]:
    """[{month: "2026-03", count: n}] with empty months filled in, for the ECharts bar chart."""
    rows = {r["month"].date() if hasattr(r["month"], "date") else r["month"]: r["n"]
            for r in appeals.order_by().annotate(month=TruncMonth("accepted_at")).values("month").annotate(n=Count("id"))}
    if not rows:
        return []
    first, last = min(rows), max(rows)
    series, month = [], first.replace(day=1)
    while month <= last:
        series.append({"month": f"{month:%Y-%m}", "count": rows.get(month, 0)})
        month = (month.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return series


def cluster_list_for_user(user, filters: PlaceFilters | None = None, *, place: Place | None = None, limit: int = 100) -> QuerySet[PlaceCluster]:
    """Clusters the reader sees: all for city-wide readers, otherwise those of its district or holding
    an appeal it sees."""
    require_capability(user, "insights.view_places")
    clusters = PlaceCluster.objects.select_related("district", "place")
    if place is not None:
        clusters = clusters.filter(place=place)
    clusters = visible(user, clusters)
    if filters is not None:
        clusters = clusters.filter(last_at__gte=filters.since)
        if filters.district:
            clusters = clusters.filter(district__code=filters.district)
        if filters.label:
            clusters = clusters.filter(label_path__startswith=filters.label)
    return clusters.order_by("-appeal_count", "-last_at")[:limit]


def district_choices(user) -> QuerySet[Division]:
    return visible(user, Division.objects.filter(level=Division.Level.DISTRICT).order_by("code"))
