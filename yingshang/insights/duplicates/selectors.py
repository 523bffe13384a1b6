"""Reads of 一事多诉: duplicate candidates of an appeal, merged groups and open candidate groups, always
within the reader's scope (appeals.selectors.appeal_list_for_user)."""

from __future__ import annotations

import datetime as dt
import math
import re
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import numpy as np
from django.db.models import Count, Max, Q

from yingshang.appeals.public import OPEN_STATES, State, appeal_rows, person_view, repeat_window_days
from yingshang.appeals.selectors import appeal_list_for_user
from yingshang.core import clock
from yingshang.core.permissions import require_capability

from ..models import AppealFingerprint, FingerprintBand
from .services import appeal_text, band_hashes, estimated_jaccard, fingerprint_appeal, signature, signature_of

if TYPE_CHECKING:  # annotations only: insights reads appeals through appeals.public and selectors
    from yingshang.appeals.models import Appeal

# A candidate is shown from this combined score on (chosen on the labelled pairs, docs/insights-duplicates.md).
CANDIDATE_THRESHOLD = 0.45
NEARBY_METRES = 300
# How much each kind of evidence closes the gap between the text similarity and certainty.
SAME_ADDRESS_WEIGHT = 0.30
SAME_STREET_WEIGHT = 0.10
NEARBY_WEIGHT = 0.25
SAME_ENTERPRISE_WEIGHT = 0.35
# Two places named in different districts are rarely one matter: the score is scaled down.
OTHER_DISTRICT_FACTOR = 0.5

_ADDRESS_NOISE = re.compile(r"[\W_]+")


@dataclass
class DuplicateCandidate:
    appeal: Appeal
    score: float
    text_similarity: float
    reasons: list[str] = field(default_factory=list)


def window_days() -> int:
    return repeat_window_days()


def normalize_address(address: str) -> str:
    return _ADDRESS_NOISE.sub("", unicodedata.normalize("NFKC", address or "").lower())


def _metres(a: Appeal, b: Appeal) -> float | None:
    if None in (a.latitude, a.longitude, b.latitude, b.longitude):
        return None
    lat1, lng1, lat2, lng2 = map(math.radians, map(float, (a.latitude, a.longitude, b.latitude, b.longitude)))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lng2 - lng1) / 2) ** 2
    return 2 * 6_371_000 * math.asin(math.sqrt(h))


def same_enterprise(a: Appeal, b: Appeal) -> bool:
    return bool((a.enterprise_id and a.enterprise_id == b.enterprise_id) or (a.credit_code and a.credit_code == b.credit_code))


def combined_score(text_similarity: float, a: Appeal, b: Appeal) -> tuple[float, list[str]]:
    """Text similarity raised by shared place and enterprise, lowered by different districts; with reasons."""
    reasons = [f"文本相似 {text_similarity:.2f}"]
    place_weight = 0.0
    address_a, address_b = normalize_address(a.address), normalize_address(b.address)
    if address_a and address_b and (address_a == address_b or (min(len(address_a), len(address_b)) >= 6 and (address_a in address_b or address_b in address_a))):
        place_weight = SAME_ADDRESS_WEIGHT
        reasons.append("同一地址")
    distance = _metres(a, b)
    if distance is not None and distance <= NEARBY_METRES and place_weight < NEARBY_WEIGHT:
        place_weight = NEARBY_WEIGHT
        reasons.append(f"相距 {distance:.0f} 米")
    if not place_weight and a.street_id and a.street_id == b.street_id:
        place_weight = SAME_STREET_WEIGHT
        reasons.append("同一街道")
    enterprise_weight = SAME_ENTERPRISE_WEIGHT if same_enterprise(a, b) else 0.0
    if enterprise_weight:
        reasons.append("同一企业")
    evidence = 1 - (1 - place_weight) * (1 - enterprise_weight)
    score = 1 - (1 - text_similarity) * (1 - evidence)
    if a.district_id and b.district_id and a.district_id != b.district_id:
        score *= OTHER_DISTRICT_FACTOR
        reasons.append("不同区县")
    gap = abs((a.accepted_at - b.accepted_at).total_seconds()) / 86400
    reasons.append("同一天" if gap < 1 else f"间隔 {int(gap)} 天")
    return score, reasons


def _signature_for(appeal: Appeal) -> np.ndarray | None:
    fingerprint = AppealFingerprint.objects.filter(appeal_id=appeal.pk).first()
    if fingerprint is None:
        # Bulk-created appeals (imports, the demo) get their fingerprint on first look.
        fingerprint = fingerprint_appeal(appeal)
    return signature_of(fingerprint) if fingerprint is not None else None


def candidates_for(appeal: Appeal, *, limit: int = 10, user=None, threshold: float = CANDIDATE_THRESHOLD) -> list[DuplicateCandidate]:
    """Earlier or later appeals about the same matter as ``appeal``, best first: LSH band matches (and
    appeals at the same address) that are open or accepted within the repeat window
    (HubSettings.repeat_window_days) of it, scored by the estimated Jaccard similarity of their texts
    combined with place and enterprise. Within ``user``'s scope."""
    sig = _signature_for(appeal)
    if sig is None:
        return []
    days = dt.timedelta(days=window_days())
    matched = (
        FingerprintBand.objects.filter(band__in=[int(b) for b in band_hashes(sig)[0]]).exclude(appeal_id=appeal.pk)
        .values_list("appeal_id", flat=True).distinct()
    )
    pool = appeal_list_for_user(user) if user is not None else appeal_rows().select_related("label", "unit", "district", "street")
    # The place leg: short appeals reworded by each caller can miss every band, but not their address.
    same_place = Q(address=appeal.address, district_id=appeal.district_id) if appeal.address else Q(pk__in=[])
    others = pool.filter(Q(pk__in=list(matched)) | same_place).exclude(pk=appeal.pk).exclude(state=State.MERGED).filter(
        Q(state__in=OPEN_STATES) | Q(accepted_at__gte=appeal.accepted_at - days, accepted_at__lte=appeal.accepted_at + days)
    )
    others = list(others)
    signatures = {f.appeal_id: signature_of(f) for f in AppealFingerprint.objects.filter(appeal_id__in=[o.pk for o in others])}
    found = []
    for other in others:
        if other.pk not in signatures:
            continue
        similarity = estimated_jaccard(sig, signatures[other.pk])
        score, reasons = combined_score(similarity, appeal, other)
        if score >= threshold:
            found.append(DuplicateCandidate(other, round(score, 3), similarity, reasons))
    found.sort(key=lambda c: (-c.score, c.appeal.accepted_at))
    return found[:limit]


def text_similarity(title_a: str, content_a: str, title_b: str, content_b: str) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets (for evaluation and tests)."""
    left, right = signature(appeal_text(title_a, content_a)), signature(appeal_text(title_b, content_b))
    if left is None or right is None:
        return 0.0
    return estimated_jaccard(left, right)


# --- merged callers and groups ----------------------------------------------------------------------------

def merged_callers(user, master: Appeal) -> list[dict]:
    """Everyone whose appeal was merged into ``master``: masked as ``user`` may see them, with where their
    callback stands (the hotline calls each of them back on their own appeal)."""
    rows = []
    for member in appeal_list_for_user(user).filter(merged_into=master).order_by("accepted_at", "id"):
        if member.completed_at is None:
            status = "待主诉求答复"
        elif member.rating is None:
            status = "待回访"
        else:
            status = f"已回访:{member.get_rating_display()}"
        rows.append({"appeal": member, "person": person_view(user, member), "callback_status": status, "waiting": member.completed_at is not None and member.rating is None})
    return rows


def merged_groups_for_user(user, *, limit: int = 100) -> list[dict]:
    """Masters with the appeals merged into them, the most recently joined first (scoped)."""
    require_capability(user, "insights.view_duplicates")
    masters = (
        appeal_list_for_user(user).filter(merged__isnull=False)
        .annotate(member_count=Count("merged", distinct=True), last_call=Max("merged__accepted_at")).order_by("-last_call")[:limit]
    )
    masters = list(masters)
    members: dict[int, list[Appeal]] = defaultdict(list)
    for member in appeal_list_for_user(user).filter(merged_into__in=masters).order_by("-accepted_at", "-id"):
        members[member.merged_into_id].append(member)
    return [
        {"master": m, "members": members[m.pk], "count": m.member_count + 1, "last_call": max(m.last_call, m.accepted_at)}
        for m in masters
    ]


def open_candidate_groups_for_user(user, *, days: int | None = None, threshold: float = CANDIDATE_THRESHOLD, max_appeals: int = 3000) -> list[dict]:
    """Groups of recent open appeals (not yet merged) that the index finds about one matter: pairs sharing
    an LSH band with a combined score over the threshold, joined transitively (scoped)."""
    require_capability(user, "insights.view_duplicates")
    since = clock.now() - dt.timedelta(days=days or window_days())
    recent = {
        a.pk: a for a in appeal_list_for_user(user).filter(state__in=OPEN_STATES, merged_into__isnull=True, accepted_at__gte=since).order_by("-accepted_at")[:max_appeals]
    }
    if len(recent) < 2:
        return []
    by_band: dict[int, list[int]] = defaultdict(list)
    for appeal_id, band in FingerprintBand.objects.filter(appeal_id__in=list(recent)).values_list("appeal_id", "band"):
        by_band[band].append(appeal_id)
    pairs = {(min(i, j), max(i, j)) for ids in by_band.values() if len(ids) > 1 for i in ids for j in ids if i != j}
    if not pairs:
        return []
    signatures = {f.appeal_id: signature_of(f) for f in AppealFingerprint.objects.filter(appeal_id__in={i for p in pairs for i in p})}
    parent = {pk: pk for pk in recent}

    def root(pk):
        while parent[pk] != pk:
            parent[pk] = parent[parent[pk]]
            pk = parent[pk]
        return pk

    best: dict[int, float] = defaultdict(float)
    for i, j in pairs:
        score, _ = combined_score(estimated_jaccard(signatures[i], signatures[j]), recent[i], recent[j])
        if score >= threshold:
            parent[root(i)] = root(j)
            best[i], best[j] = max(best[i], score), max(best[j], score)
    members: dict[int, list[Appeal]] = defaultdict(list)
    for pk in best:
        members[root(pk)].append(recent[pk])
    groups = []
    for items in members.values():
        items.sort(key=lambda a: (a.accepted_at, a.pk))
        groups.append({"appeals": items, "count": len(items), "score": max(best[a.pk] for a in items), "last_call": items[-1].accepted_at})
    groups.sort(key=lambda g: (-g["count"], -g["last_call"].timestamp()))
    return groups
