"""The routing table (权责清单): label × district → unit, and what past dispatches teach about it.

Rules are matched by label-path prefix. District rules are tried first (the admin wrote them for that
district on purpose), then city-wide rules; within each, the longest prefix wins. Returns (退单) and
re-dispatches (改派) are counted per label × district × unit: a rule whose dispatches keep coming back
stops dispatching automatically, and the units that finally signed such appeals are offered instead.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count, Max, Q

from .models import Dispatch, RoutingRule

_cache: dict = {"stamp": None, "router": None}


def _matches(path: str, prefix: str) -> bool:
    return path == prefix or path.startswith(prefix + "/")


class Router:
    def __init__(self, rules):
        self.by_district: dict[int | None, list[RoutingRule]] = {}
        for rule in rules:
            self.by_district.setdefault(rule.district_id, []).append(rule)
        for rules_of_district in self.by_district.values():
            rules_of_district.sort(key=lambda r: len(r.label_prefix), reverse=True)

    @classmethod
    def load(cls) -> "Router":
        return cls(RoutingRule.objects.select_related("unit", "district"))

    @classmethod
    def current(cls) -> "Router":
        """The router for the table as it is now, rebuilt only when a rule changed."""
        stamp = tuple(RoutingRule.objects.aggregate(n=Count("id"), last=Max("updated_at"), v=Max("version")).values())
        if _cache["stamp"] != stamp:
            _cache["router"], _cache["stamp"] = cls.load(), stamp
        return _cache["router"]

    def rule_for(self, label_path: str, district_id: int | None) -> RoutingRule | None:
        if not label_path:
            return None
        for key in ((district_id,) if district_id else ()) + (None,):
            for rule in self.by_district.get(key, []):
                if _matches(label_path, rule.label_prefix):
                    return rule
        return None


@dataclass
class RoutingAdvice:
    rule: RoutingRule | None
    dispatched: int = 0
    sent_back: int = 0  # returned or re-dispatched elsewhere
    alternatives: list[tuple[int, str, int]] = field(default_factory=list)  # (unit id, name, signed count)

    @property
    def unit(self):
        return self.rule.unit if self.rule else None

    @property
    def sent_back_rate(self) -> float:
        return self.sent_back / self.dispatched if self.dispatched else 0.0


MIN_DISPATCHES_FOR_STATS = 5


def advise(label_path: str, district_id: int | None, *, router: Router | None = None, with_history: bool = True) -> RoutingAdvice:
    return advise_many([label_path], district_id, router=router, with_history=with_history)[0]


def advise_many(label_paths: list[str], district_id: int | None, *, router: Router | None = None, with_history: bool = True,
                history: dict | None = None) -> list[RoutingAdvice]:
    """Routing advice for several candidate labels of one appeal, with one query for their history
    (none when ``history``, from :func:`dispatch_history` for a whole batch, is given)."""
    router = router or Router.current()
    advices = [RoutingAdvice(rule=router.rule_for(path, district_id)) for path in label_paths]
    paths = [p for p in label_paths if p]
    if not with_history or not paths:
        return advices
    if history is None:
        history = dispatch_history([(path, district_id) for path in paths])
    back = (Dispatch.Outcome.RETURNED, Dispatch.Outcome.REASSIGNED)
    for path, advice in zip(label_paths, advices):
        counts = history.get((path, district_id), {})
        rule_unit = advice.rule.unit_id if advice.rule else None
        advice.dispatched = sum(n for (unit, _, _), n in counts.items() if unit == rule_unit)
        advice.sent_back = sum(n for (unit, _, outcome), n in counts.items() if unit == rule_unit and outcome in back)
        if advice.rule is None or advice.sent_back:
            signed = sorted(((n, unit, name) for (unit, name, outcome), n in counts.items()
                             if outcome == Dispatch.Outcome.SIGNED and unit != rule_unit), reverse=True)[:2]
            advice.alternatives = [(unit, name, n) for n, unit, name in signed]
    return advices


def dispatch_history(pairs) -> dict[tuple[str, int | None], dict[tuple[int, str, str], int]]:
    """Past dispatches per (label path, district): {(path, district id): {(unit id, unit name, outcome): count}},
    one query for all the pairs (the triage worker asks for a whole batch of appeals at once)."""
    pairs = {(path, district) for path, district in pairs if path}
    if not pairs:
        return {}
    districts = {district for _, district in pairs}
    in_districts = Q(district_id__in=[d for d in districts if d is not None])
    if None in districts:
        in_districts |= Q(district_id__isnull=True)
    rows = (
        Dispatch.objects.filter(in_districts, label_path__in={path for path, _ in pairs})
        .values("label_path", "district_id", "unit_id", "unit__name", "outcome").annotate(n=Count("id")).order_by()
    )
    history: dict[tuple[str, int | None], dict[tuple[int, str, str], int]] = {}
    for row in rows:
        key = (row["label_path"], row["district_id"])
        if key in pairs:
            history.setdefault(key, {})[(row["unit_id"], row["unit__name"], row["outcome"])] = row["n"]
    return history


def auto_dispatch_allowed(advice: RoutingAdvice, max_sent_back_rate: float) -> bool:
    if advice.rule is None:
        return False
    if advice.dispatched >= MIN_DISPATCHES_FOR_STATS and advice.sent_back_rate > max_sent_back_rate:
        return False
    return True


def routing_statistics(*, since=None):
    """Per unit × label: dispatches, returns, re-dispatches (for the routing page)."""
    dispatches = Dispatch.objects.all()
    if since is not None:
        dispatches = dispatches.filter(at__gte=since)
    rows = (
        dispatches.values("unit_id", "unit__name", "label_path")
        .annotate(
            n=Count("id"),
            returned=Count("id", filter=Q(outcome=Dispatch.Outcome.RETURNED)),
            reassigned=Count("id", filter=Q(outcome=Dispatch.Outcome.REASSIGNED)),
            automatic=Count("id", filter=Q(automatic=True)),
        )
        .order_by("-returned", "-reassigned", "-n")
    )
    return rows
