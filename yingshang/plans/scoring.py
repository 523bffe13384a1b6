"""Scores and ranks of units and districts for a period.

A unit's score is the weighted mean of its components, each on a 0–100 scale:

* ``completion`` (完成率): mean progress of its tasks (a finished task counts 100, an open one its last
  reported percentage);
* ``timeliness`` (及时性): per task 100 when finished on time or on track, 50 when lagging or finished
  late, 0 when overdue;
* ``indicators`` (指标达成): the share of the quantified targets due for judgement that the unit's
  reported values attain (only tasks that report indicators: the lead units of an item);
* unit performance components that other modules register in the kernel (``core.registry``): the
  appeals app's 12345 KPIs (``appeals.kpi``) and enterprise satisfaction (``appeals.enterprise_satisfaction``).

A component a unit has nothing for (no indicator due yet, no appeals in the period) is left out of that
unit's mean, and the remaining weights are scaled up: the unit is not rewarded or punished for what
does not apply to it.

Registered components are weighted by key in the scoring scheme (``ScoringScheme.extra_weights``, edited
on the 评分方案 page); a component the scheme does not name yet counts with the default weight it was
registered with. This app never imports the modules that measure units (import-linter contract
``independence``); it reads ``core.registry.score_components()``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from yingshang.core.registry import ScoreComponent, score_components

from .status import FINISHED, LAGGING, OVERDUE, TaskStatus

BUILTIN_COMPONENTS = {"completion": "完成率", "timeliness": "及时性", "indicators": "指标达成"}


def extra_components() -> list[ScoreComponent]:
    """The unit performance components other modules registered (core.registry), built-in keys excepted."""
    return [c for c in score_components() if c.key not in BUILTIN_COMPONENTS]


def default_extra_weights() -> dict[str, Decimal]:
    return {c.key: c.default_weight for c in extra_components()}


def component_labels() -> dict[str, str]:
    return {**BUILTIN_COMPONENTS, **{c.key: str(c.label) for c in extra_components()}}


@dataclass(frozen=True)
class TaskOutcome:
    """What scoring needs of one task on the evaluation day."""

    status: TaskStatus
    indicators: tuple[bool, ...] = ()


def timeliness_points(status: TaskStatus) -> int:
    if status.code == FINISHED:
        return 50 if status.finished_late else 100
    if status.code == OVERDUE:
        return 0
    if status.code == LAGGING:
        return 50
    return 100


@dataclass
class GroupScore:
    unit_id: int
    score: Decimal
    components: dict[str, float]
    tasks: int = 0
    finished: int = 0
    lagging: int = 0
    overdue: int = 0
    rank: int = 0
    is_bottom: bool = False


def _mean(values) -> float | None:
    values = list(values)
    return sum(values) / len(values) if values else None


def score_group(unit_id: int, outcomes: list[TaskOutcome], weights: dict[str, Decimal], extras: dict[str, float | None] | None = None) -> GroupScore:
    indicator_results = [r for o in outcomes for r in o.indicators]
    components: dict[str, float | None] = {
        "completion": _mean(o.status.percent for o in outcomes),
        "timeliness": _mean(timeliness_points(o.status) for o in outcomes),
        "indicators": _mean(100.0 if r else 0.0 for r in indicator_results),
        **(extras or {}),
    }
    applicable = {k: float(v) for k, v in components.items() if v is not None and weights.get(k, 0) > 0}
    total_weight = sum(float(weights[k]) for k in applicable)
    score = sum(float(weights[k]) * v for k, v in applicable.items()) / total_weight if total_weight else 0.0
    return GroupScore(
        unit_id=unit_id,
        score=Decimal(str(score)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        components={k: round(float(v), 2) if v is not None else None for k, v in components.items()},
        tasks=len(outcomes),
        finished=sum(1 for o in outcomes if o.status.code == FINISHED),
        lagging=sum(1 for o in outcomes if o.status.code == LAGGING),
        overdue=sum(1 for o in outcomes if o.status.code == OVERDUE),
    )


def rank_groups(groups: list[GroupScore], bottom_places: int) -> list[GroupScore]:
    """Order by score (ties share a rank: 1, 2, 2, 4) and mark the last ``bottom_places`` ranks 末位.

    Nobody is 末位 when there are no more units than 末位 places, nor when everyone ties.
    """
    ordered = sorted(groups, key=lambda g: (-g.score, g.unit_id))
    previous = None
    for index, group in enumerate(ordered, start=1):
        group.rank = previous.rank if previous is not None and previous.score == group.score else index
        previous = group
    if bottom_places and len(ordered) > bottom_places and ordered[0].score != ordered[-1].score:
        cutoff = len(ordered) - bottom_places + 1  # ranks at or beyond this position are 末位
        for group in ordered:
            group.is_bottom = group.rank >= cutoff or group.score == ordered[-1].score
    return ordered
