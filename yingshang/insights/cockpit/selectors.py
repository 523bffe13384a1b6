"""Reads of the 驾驶舱 (cockpit): every chart reads the daily rollup, never the raw appeals, so that a year
of a large city stays cheap (trend, tiles and map sum the ~4,400 day × district totals of a year; the
label treemap and the league table sum the last 30 days of the fine label × unit rows); the warnings feed and the 一事多诉 groups read their own small
indexed slices. Each function takes the reader and limits the data to what they may see (core.scope):
city-wide roles see the city; a coordinator's charts show its district, because the rollup counts
appeals per district, while the warnings feed and the 一事多诉 groups apply the full rule for appeals
(its unit subtree or its district)."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass
from functools import lru_cache

from django.core.cache import cache
from django.db.models import Count, Max, Sum
from django.db.models.functions import TruncMonth

from yingshang.appeals.public import appeal_rows
from yingshang.core import clock
from yingshang.core.models import Division, Unit
from yingshang.core.permissions import require_capability
from yingshang.core.scope import is_city_wide, scope_of, visible

from ..models import DailyDistrictRollup, DailyRollup, EarlyWarning
from ..reports.selectors import compare_with_city, month_start

# Answers are cached this long per reader's scope (the cockpit polls; the rollup moves slowly, merges are
# rare); only the live warnings feed is read fresh on every poll.
CACHE_SECONDS = 30
DAILY_TREND_DAYS = 90
MONTHLY_TREND_MONTHS = 12
RECENT_DAYS = 30
FEED_SIZE = 20
DUPLICATE_GROUPS = 15
DUPLICATE_WINDOW_DAYS = 90
LIVE_WARNING_STATUSES = (EarlyWarning.Status.NEW, EarlyWarning.Status.ACKNOWLEDGED)


@dataclass(frozen=True)
class CockpitScope:
    """What a cockpit reader sees: the whole city, one district, or nothing."""

    city_wide: bool
    district_id: int | None = None
    district_name: str = ""
    unit_path: str = ""  # the reader's unit subtree, for the panels that read appeals and warnings directly

    @property
    def cache_key(self) -> str:
        return "city" if self.city_wide else f"district-{self.district_id}-{self.unit_path}"

    @property
    def sees_nothing(self) -> bool:
        return not self.city_wide and self.district_id is None


def cockpit_scope(user) -> CockpitScope:
    require_capability(user, "insights.view_cockpit")
    if is_city_wide(user):
        return CockpitScope(city_wide=True)
    division = visible(user, Division.objects.filter(level=Division.Level.DISTRICT)).order_by("code").first()
    return CockpitScope(city_wide=False, district_id=division.pk if division else None, district_name=division.name if division else "",
                        unit_path=scope_of(user).unit_path or "")


def _rollup(scope: CockpitScope, first: dt.date, last: dt.date, *, model=DailyRollup):
    """Rollup rows of the days ``first``..``last`` the reader may see: the fine rows (label × unit) by
    default, the day × district totals with ``model=DailyDistrictRollup`` (for sums over all labels)."""
    rows = model.objects.filter(day__gte=first, day__lte=last)
    if scope.sees_nothing:
        return rows.none()
    if not scope.city_wide:
        rows = rows.filter(district_id=scope.district_id)
    return rows


def _cached(name: str, scope: CockpitScope, compute, *parts, reads_rollup: bool = True):
    """``compute()`` once per CACHE_SECONDS for each reader scope; before computing from the rollup,
    bring today's rows up to date (cheap, and at most once a minute)."""
    key = ":".join(["insights-cockpit", name, scope.cache_key, clock.today().isoformat(), *map(str, parts)])
    value = cache.get(key)
    if value is None:
        if reads_rollup:
            from ..reports.services import rollup_refresh_today

            rollup_refresh_today()
        value = compute()
        cache.set(key, value, CACHE_SECONDS)
    return value


def _rate(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 4) if denominator else None


# --- summary figures ----------------------------------------------------------------------------------

def summary(user) -> dict:
    scope = cockpit_scope(user)
    today = clock.today()

    def compute():
        recent = _rollup(scope, today - dt.timedelta(days=RECENT_DAYS - 1), today, model=DailyDistrictRollup).aggregate(
            received=Sum("received"), completed=Sum("completed"), overdue=Sum("overdue_open"), rated=Sum("rated"), satisfied=Sum("satisfied"),
            on_time=Sum("completed_on_time"),
        )
        today_received = _rollup(scope, today, today, model=DailyDistrictRollup).aggregate(n=Sum("received"))["n"] or 0
        recent = {k: v or 0 for k, v in recent.items()}
        return {
            "scope": scope.district_name or "全市", "today": today.isoformat(), "today_received": today_received,
            "recent_days": RECENT_DAYS, "recent_received": recent["received"], "recent_overdue": recent["overdue"],
            "completion_rate": _rate(recent["completed"], recent["completed"] + recent["overdue"]),
            "on_time_rate": _rate(recent["on_time"], recent["completed"] + recent["overdue"]),
            "satisfaction_rate": _rate(recent["satisfied"], recent["rated"]),
        }

    return _cached("summary", scope, compute)


# --- volume trend -------------------------------------------------------------------------------------

def volume_trend(user, grain: str = "day") -> dict:
    scope = cockpit_scope(user)
    today = clock.today()
    grain = "month" if grain == "month" else "day"

    def compute():
        if grain == "day":
            first = today - dt.timedelta(days=DAILY_TREND_DAYS - 1)
            rows = _rollup(scope, first, today, model=DailyDistrictRollup).values("day").annotate(received=Sum("received"), completed=Sum("completed")).order_by("day")
            by_key = {row["day"].isoformat(): row for row in rows}
            keys = [(first + dt.timedelta(days=i)).isoformat() for i in range(DAILY_TREND_DAYS)]
        else:
            first = month_start(today, MONTHLY_TREND_MONTHS - 1)
            rows = (_rollup(scope, first, today, model=DailyDistrictRollup).annotate(month=TruncMonth("day")).values("month")
                    .annotate(received=Sum("received"), completed=Sum("completed")).order_by("month"))
            by_key = {row["month"].strftime("%Y-%m"): row for row in rows}
            keys = [month_start(today, back).strftime("%Y-%m") for back in range(MONTHLY_TREND_MONTHS - 1, -1, -1)]
        return {
            "grain": grain, "labels": keys,
            "received": [by_key[k]["received"] if k in by_key else 0 for k in keys],
            "completed": [by_key[k]["completed"] if k in by_key else 0 for k in keys],
        }

    return _cached("trend", scope, compute, grain)


# --- label treemap ------------------------------------------------------------------------------------

def label_treemap(user) -> dict:
    scope = cockpit_scope(user)
    today = clock.today()

    def compute():
        rows = (_rollup(scope, today - dt.timedelta(days=RECENT_DAYS - 1), today).values("label_path")
                .annotate(received=Sum("received")).order_by())
        tree: dict[str, dict] = {}
        for row in rows:
            if not row["received"]:
                continue
            top, _, second = (row["label_path"] or "未分类").partition("/")
            node = tree.setdefault(top, {"name": top, "value": 0, "children": []})
            node["value"] += row["received"]
            node["children"].append({"name": second or top, "value": row["received"], "path": row["label_path"]})
        nodes = sorted(tree.values(), key=lambda n: -n["value"])
        for node in nodes:
            node["children"].sort(key=lambda c: -c["value"])
        return {"days": RECENT_DAYS, "data": nodes}

    return _cached("labels", scope, compute)


# --- district map -------------------------------------------------------------------------------------

# Approximate seats of the district governments (longitude, latitude). The bundled GeoJSON holds the
# city's outline only (one feature named 大连), so district shapes are generated for display: the outline
# is split into the Voronoi cells of these seats. 先导区 overlap the administrative districts and are
# listed beside the map instead of drawn.
DISTRICT_SEATS = {
    "中山区": (121.6445, 38.9184), "西岗区": (121.6120, 38.9147), "沙河口区": (121.5944, 38.9047), "甘井子区": (121.5250, 38.9700),
    "旅顺口区": (121.2619, 38.8513), "金州区": (121.7822, 39.0505), "普兰店区": (121.9632, 39.3921), "长海县": (122.5885, 39.2727),
    "瓦房店市": (122.0020, 39.6270), "庄河市": (122.9670, 39.6800),
}


def _clip(ring: list[list[float]], point: tuple[float, float], normal: tuple[float, float]) -> list[list[float]]:
    """Sutherland–Hodgman: the part of ``ring`` on the side of the line through ``point`` opposite to ``normal``."""
    def inside(p):
        return (p[0] - point[0]) * normal[0] + (p[1] - point[1]) * normal[1] <= 0

    def crossing(a, b):
        da = (a[0] - point[0]) * normal[0] + (a[1] - point[1]) * normal[1]
        db = (b[0] - point[0]) * normal[0] + (b[1] - point[1]) * normal[1]
        t = da / (da - db)
        return [a[0] + t * (b[0] - a[0]), a[1] + t * (b[1] - a[1])]

    result = []
    for index, current in enumerate(ring):
        previous = ring[index - 1]
        if inside(current):
            if not inside(previous):
                result.append(crossing(previous, current))
            result.append(current)
        elif inside(previous):
            result.append(crossing(previous, current))
    return result


@lru_cache(maxsize=1)
def district_geojson() -> str:
    """District polygons for the ECharts map, generated from the bundled city outline (see DISTRICT_SEATS)."""
    from django.contrib.staticfiles import finders

    outline = json.loads(open(finders.find("vendor/dalian.geojson"), encoding="utf-8").read())
    polygons = []
    for feature in outline["features"]:
        geometry = feature["geometry"]
        polygons += geometry["coordinates"] if geometry["type"] == "MultiPolygon" else [geometry["coordinates"]]
    # Distances on an equirectangular projection: a degree of longitude is cos(latitude) shorter.
    shrink = math.cos(math.radians(39.2))
    features = []
    for name, seat in DISTRICT_SEATS.items():
        parts = []
        for polygon in polygons:
            ring = [[x * shrink, y] for x, y in polygon[0]]
            for other_name, other in DISTRICT_SEATS.items():
                if other_name == name or len(ring) < 3:
                    continue
                a, b = (seat[0] * shrink, seat[1]), (other[0] * shrink, other[1])
                midpoint = ((a[0] + b[0]) / 2, (a[1] + b[1]) / 2)
                ring = _clip(ring, midpoint, (b[0] - a[0], b[1] - a[1]))
            if len(ring) >= 3:
                ring = [[round(x / shrink, 5), round(y, 5)] for x, y in ring]
                parts.append([ring + [ring[0]]])
        if parts:
            features.append({"type": "Feature", "properties": {"name": name}, "geometry": {"type": "MultiPolygon", "coordinates": parts}})
    return json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False)


def district_map(user) -> dict:
    scope = cockpit_scope(user)
    today = clock.today()

    def compute():
        rows = (_rollup(scope, today - dt.timedelta(days=RECENT_DAYS - 1), today, model=DailyDistrictRollup).values("district_id")
                .annotate(received=Sum("received"), overdue=Sum("overdue_open"), bad=Sum("bad_rating"), rated=Sum("rated")).order_by())
        names = dict(Division.objects.filter(level=Division.Level.DISTRICT).values_list("pk", "name"))
        mapped, listed = [], []
        for row in rows:
            name = names.get(row["district_id"], "未标明区县")
            item = {"name": name, "value": row["received"], "overdue": row["overdue"], "bad_rate": _rate(row["bad"], row["rated"])}
            (mapped if name in DISTRICT_SEATS else listed).append(item)
        return {"days": RECENT_DAYS, "districts": sorted(mapped, key=lambda i: -i["value"]), "others": sorted(listed, key=lambda i: -i["value"])}

    return _cached("districts", scope, compute)


# --- KPI league table ---------------------------------------------------------------------------------

BOTTOM_PLACES = 5


def bottom_units(table: list[dict], places: int = BOTTOM_PLACES) -> list[dict]:
    """末位: units whose 按时办结率 is significantly below the city's level (the target every unit is held
    to: the upper end of their interval under it), lowest first. A unit at 100% on time, or one with too few
    appeals to tell, is never 末位 — however the table is sorted."""
    below = [r for r in table if r["verdict"] == "lower"]
    return sorted(below, key=lambda r: (r["high"], r["on_time_rate"] or 0, r["unit"]))[:places]


def league_table(user, limit: int = 15) -> dict:
    """Units ranked by 按时办结率 over the last 30 days, with Wilson intervals so that a unit with three
    appeals is not ranked above one with three hundred on luck."""
    scope = cockpit_scope(user)
    today = clock.today()

    def compute():
        rows = list(
            _rollup(scope, today - dt.timedelta(days=RECENT_DAYS - 1), today).exclude(unit_id=None).values("unit_id")
            .annotate(received=Sum("received"), completed=Sum("completed"), on_time=Sum("completed_on_time"), overdue=Sum("overdue_open"),
                      rated=Sum("rated"), satisfied=Sum("satisfied")).order_by()
        )
        total_on_time = sum(r["on_time"] for r in rows)
        total_due = sum(r["completed"] + r["overdue"] for r in rows)
        reference = total_on_time / total_due if total_due else None
        names = dict(Unit.objects.filter(pk__in=[r["unit_id"] for r in rows]).values_list("pk", "name"))
        table = []
        for row in rows:
            due = row["completed"] + row["overdue"]
            verdict, interval = compare_with_city(row["on_time"], due, reference)
            table.append({
                "unit": names.get(row["unit_id"], ""), "received": row["received"], "overdue": row["overdue"], "due": due,
                "on_time_rate": _rate(row["on_time"], due), "low": interval[0] if interval else None, "high": interval[1] if interval else None,
                "verdict": verdict, "satisfaction_rate": _rate(row["satisfied"], row["rated"]),
            })
        # The order that small units cannot game: by the interval's lower bound, then volume.
        table.sort(key=lambda r: (r["low"] is None, -(r["low"] or 0), -r["received"], r["unit"]))
        return {"days": RECENT_DAYS, "reference_rate": reference, "units": len(table), "rows": table[:limit],
                "bottom": bottom_units(table)}

    return _cached("league", scope, compute, limit)


# --- live warnings and 一事多诉 --------------------------------------------------------------------------

def live_warnings(user, limit: int = FEED_SIZE):
    """The newest warnings still open (new / acknowledged), newest first; a coordinator sees its district's."""
    scope = cockpit_scope(user)
    warnings = EarlyWarning.objects.filter(status__in=LIVE_WARNING_STATUSES).select_related("district", "owner_unit").order_by("-detected_at", "-id")
    if scope.sees_nothing:
        return warnings.none()
    return visible(user, warnings)[:limit]


def _merged_recently(user):
    """Appeals merged into a master and accepted within the window, as far as the reader sees appeals."""
    since = clock.now() - dt.timedelta(days=DUPLICATE_WINDOW_DAYS)
    return visible(user, appeal_rows().filter(merged_into__isnull=False, accepted_at__gte=since))


def duplicate_groups(user, limit: int = DUPLICATE_GROUPS) -> list[dict]:
    """一事多诉: appeals merged into a master, grouped by master, most recent groups first."""
    scope = cockpit_scope(user)
    if scope.sees_nothing:
        return []

    def compute():
        groups = list(_merged_recently(user).values("merged_into_id").annotate(count=Count("id"), last=Max("accepted_at")).order_by("-last")[:limit])
        masters = appeal_rows().filter(pk__in=[g["merged_into_id"] for g in groups]).select_related("label", "district").in_bulk()
        result = []
        for group in groups:
            master = masters.get(group["merged_into_id"])
            if master is None:
                continue
            result.append({
                "master_id": master.pk, "tracking_no": master.tracking_no, "district_id": master.district_id,
                "count": group["count"] + 1, "last": group["last"],
                "label": master.label.path if master.label else "未分类", "district": master.district.name if master.district else "",
            })
        return result

    return _cached("duplicates", scope, compute, limit, reads_rollup=False)


def duplicate_totals(user) -> dict:
    scope = cockpit_scope(user)
    if scope.sees_nothing:
        return {"groups": 0, "appeals": 0}

    def compute():
        totals = _merged_recently(user).aggregate(groups=Count("merged_into_id", distinct=True), appeals=Count("id"))
        return {"groups": totals["groups"] or 0, "appeals": (totals["appeals"] or 0) + (totals["groups"] or 0)}

    return _cached("duplicate-totals", scope, compute, reads_rollup=False)
