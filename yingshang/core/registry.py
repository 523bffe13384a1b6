"""Extension points between the domain apps, kept in the kernel so that no app imports another.

**Unit performance components.** A module that measures units (the appeals app: its 12345 KPIs and the
enterprises' satisfaction) offers each measure as a score component; a module that scores units (the
plans ranking today, supervision tomorrow) reads every registered component, without either importing
the other (import-linter contract ``independence`` in pyproject.toml)::

    # in the measuring app's AppConfig.ready()
    from yingshang.core.registry import register_score_component
    register_score_component("appeals.kpi", _("12345诉求办理"), unit_scores, default_weight=20)

``compute(units, start, end)`` receives the units being scored (departments, or district governments whose
score covers their whole district) and the period (dates, inclusive; ``end`` is the evaluation day, never
after today) and returns ``{unit_id: score}`` on a 0–100 scale. A unit it leaves out has nothing to be
measured on (no appeals in the period, say): the consumer leaves the component out of that unit's score
rather than counting it as 0. ``default_weight`` is the weight the component gets until an administrator
sets another (in the plans 评分方案: ``ScoringScheme.extra_weights``); 0 means "offered, not counted".
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal

ScoreFn = Callable[[Sequence, dt.date, dt.date], Mapping[int, float]]


@dataclass(frozen=True)
class ScoreComponent:
    key: str  # stable, namespaced by the app that registers it ("appeals.kpi"): stored with every ranking
    label: str  # Chinese name shown in rankings, the scheme form and bulletins
    compute: ScoreFn
    default_weight: Decimal = Decimal("0")
    description: str = ""


_SCORE_COMPONENTS: dict[str, ScoreComponent] = {}


def register_score_component(key: str, label, compute: ScoreFn, *, default_weight=0, description="") -> ScoreComponent:
    """Add (or replace: AppConfig.ready() may run more than once) a unit performance component."""
    if "." not in key:
        raise ValueError(f"score component key {key!r} must be namespaced by its app, e.g. 'appeals.kpi'")
    component = ScoreComponent(key, label, compute, Decimal(str(default_weight)), description)
    _SCORE_COMPONENTS[key] = component
    return component


def unregister_score_component(key: str) -> None:
    _SCORE_COMPONENTS.pop(key, None)


def score_components() -> list[ScoreComponent]:
    """Every registered component, in registration order."""
    return list(_SCORE_COMPONENTS.values())
