"""Reads of early warnings, always through the reader's scope.

Through core.scope: city-wide roles see every warning; a handler the warnings its unit subtree owns
(owner_unit); a coordinator also those of the district its unit administers. Anything else is 404, as if it did not
exist. The reports area's cockpit reads EarlyWarning directly for its live feed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.http import Http404

from yingshang.core.permissions import require_capability
from yingshang.core.scope import scope_q

from ..models import EarlyWarning


def _scope_q(user) -> Q | None:
    """None = everything the city has; otherwise the warnings ``user`` may read."""
    return scope_q(user, EarlyWarning)


@dataclass
class WarningFilters:
    status: str = ""
    kind: str = ""
    district: str = ""  # division code; "city" = city-wide warnings
    label: str = ""  # label path prefix

    @classmethod
    def from_query(cls, query) -> "WarningFilters":
        def pick(name, allowed=None):
            value = (query.get(name) or "").strip()
            return value if allowed is None or value in allowed else ""

        return cls(status=pick("status", EarlyWarning.Status.values), kind=pick("kind", EarlyWarning.Kind.values),
                   district=pick("district")[:12], label=pick("label")[:300])


def warnings_for_user(user, filters: WarningFilters | None = None, *, top_level: bool = False) -> QuerySet[EarlyWarning]:
    require_capability(user, "insights.view_warnings")
    warnings = EarlyWarning.objects.select_related("district", "owner_unit", "owner")
    condition = _scope_q(user)
    if condition is not None:
        warnings = warnings.filter(condition)
    filters = filters or WarningFilters()
    if filters.status:
        warnings = warnings.filter(status=filters.status)
    if filters.kind:
        warnings = warnings.filter(kind=filters.kind)
    if filters.district == "city":
        warnings = warnings.filter(district__isnull=True)
    elif filters.district:
        warnings = warnings.filter(district__code=filters.district)
    if filters.label:
        warnings = warnings.filter(Q(label_path=filters.label) | Q(label_path__startswith=filters.label.rstrip("/") + "/"))
    if top_level:
        # A child whose parent the reader cannot see (another unit owns it) stands on its own.
        visible_parents = EarlyWarning.objects.all() if condition is None else EarlyWarning.objects.filter(condition)
        warnings = warnings.filter(Q(parent__isnull=True) | ~Q(parent__in=visible_parents))
    return warnings.order_by("-window_end", "-detected_at", "-id")


def warning_get_for_user(user, pk) -> EarlyWarning:
    try:
        return warnings_for_user(user).get(pk=pk)
    except (EarlyWarning.DoesNotExist, ValueError, TypeError):
        raise Http404("预警不存在或不在您的权限范围内") from None


def warning_tree_for_user(user, filters: WarningFilters | None = None, *, limit: int = 100) -> list[tuple[EarlyWarning, list[EarlyWarning]]]:
    """Top-level warnings (newest first) with their visible roll-up descendants, flattened per root."""
    roots = list(warnings_for_user(user, filters, top_level=True)[:limit])
    visible = warnings_for_user(user)
    children: dict[int, list[EarlyWarning]] = {}
    frontier = [w.pk for w in roots]
    seen = set(frontier)
    root_of = {pk: pk for pk in frontier}
    while frontier:
        level = list(visible.filter(parent_id__in=frontier).exclude(pk__in=seen))
        frontier = []
        for child in level:
            root_of[child.pk] = root_of[child.parent_id]
            children.setdefault(root_of[child.pk], []).append(child)
            seen.add(child.pk)
            frontier.append(child.pk)
    return [(root, sorted(children.get(root.pk, []), key=lambda w: w.label_path)) for root in roots]


def warning_counts_for_user(user) -> dict[str, int]:
    """Warnings the reader sees, by status (for the list header)."""
    counts = {status: 0 for status in EarlyWarning.Status.values}
    for row in warnings_for_user(user).order_by().values("status").annotate(n=Count("id")):
        counts[row["status"]] = row["n"]
    return counts
