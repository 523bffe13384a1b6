"""Extension points between the domain apps, kept in the kernel so that no app imports another: unit
performance components (below) and the credit check with its enterprise fact sources (at the end).

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


def _require_namespace(key: str, kind: str, example: str) -> None:
    """Registered keys are stored (rankings keep them), so each names the app that owns it."""
    if "." not in key:
        raise ValueError(f"{kind} key {key!r} must be namespaced by its app, e.g. {example!r}")


def register_score_component(key: str, label, compute: ScoreFn, *, default_weight=0, description="") -> ScoreComponent:
    """Add (or replace: AppConfig.ready() may run more than once) a unit performance component."""
    _require_namespace(key, "score component", "appeals.kpi")
    component = ScoreComponent(key, label, compute, Decimal(str(default_weight)), description)
    _SCORE_COMPONENTS[key] = component
    return component


def unregister_score_component(key: str) -> None:
    _SCORE_COMPONENTS.pop(key, None)


def score_components() -> list[ScoreComponent]:
    """Every registered component, in registration order."""
    return list(_SCORE_COMPONENTS.values())


# --- credit ------------------------------------------------------------------------------------------------
#
# **One credit check.** Approvals (affairs), subsidies (policies) and random checks (supervision) ask the same
# question — what is this enterprise's public credit standing? — through ``credit_standing``. The app that
# evaluates credit (``credit``) registers the one provider; with none registered the answer falls back to
# the class the registry holds (``Enterprise.credit_class``) and knows no blacklist.
#
# **Enterprise facts across apps.** The credit model weighs facts other apps hold (12345 appeals about an
# enterprise, failed inspections, arrears owed to it …). Each app registers a source; the credit app reads
# every registered source without importing the app behind it::
#
#     register_enterprise_fact_source("appeals.complaints_12m", _("近12个月涉企投诉"), complaints_by_enterprise)
#
# ``compute(enterprise_ids, since)`` returns ``{enterprise_id: number}`` for the enterprises it has a figure
# for; the others have none (not zero: the model decides what a missing fact means).

RISK_CLASSES = ("A", "B", "C", "D")  # 低风险 / 一般风险 / 较高风险 / 高风险 (A is the most trusted)


@dataclass(frozen=True)
class CreditStanding:
    enterprise_id: int
    risk_class: str  # one of RISK_CLASSES, or "" when nothing is known
    score: float | None = None  # the evaluation's score where the provider computes one
    blacklisted: bool = False  # 失信联合惩戒名单 (a veto for subsidies and 告知承诺 approvals)
    reasons: tuple[str, ...] = ()  # what moved the class, in words a clerk can read out


CreditProvider = Callable[[Sequence[int]], Mapping[int, CreditStanding]]
FactFn = Callable[[Sequence[int], dt.date], Mapping[int, float]]


@dataclass(frozen=True)
class EnterpriseFactSource:
    key: str
    label: str
    compute: FactFn


_CREDIT_PROVIDER: list[CreditProvider] = []
_FACT_SOURCES: dict[str, EnterpriseFactSource] = {}


def register_credit_provider(provider: CreditProvider | None) -> None:
    """Install (or, with None, remove) the one credit provider; the last registration wins."""
    _CREDIT_PROVIDER[:] = [provider] if provider is not None else []


def credit_standing(enterprise_ids: Sequence[int]) -> dict[int, CreditStanding]:
    """Every asked enterprise's standing, from the registered provider or else from the registry's class."""
    ids = list(dict.fromkeys(int(i) for i in enterprise_ids))
    if _CREDIT_PROVIDER:
        known = dict(_CREDIT_PROVIDER[0](ids))
    else:
        from yingshang.core.models import Enterprise

        # Many ids (a full policy match): one scan rather than an IN list longer than the database accepts.
        rows = Enterprise.objects.filter(pk__in=ids) if len(ids) <= 5000 else Enterprise.objects.all()
        wanted = set(ids)
        known = {pk: CreditStanding(pk, cls or "") for pk, cls in rows.values_list("pk", "credit_class").iterator(chunk_size=20000) if pk in wanted}
    return {pk: known.get(pk) or CreditStanding(pk, "") for pk in ids}


def credit_check(enterprise_id: int) -> CreditStanding:
    return credit_standing([enterprise_id])[int(enterprise_id)]


def register_enterprise_fact_source(key: str, label, compute: FactFn) -> EnterpriseFactSource:
    _require_namespace(key, "enterprise fact source", "appeals.complaints_12m")
    source = EnterpriseFactSource(key, label, compute)
    _FACT_SOURCES[key] = source
    return source


def unregister_enterprise_fact_source(key: str) -> None:
    _FACT_SOURCES.pop(key, None)


def enterprise_fact_sources() -> list[EnterpriseFactSource]:
    return list(_FACT_SOURCES.values())


# Sent by the credit provider's app after it changed the standing of some enterprises (a new evaluation, a
# blacklisting, a repair), with ``enterprise_ids``: consumers that keep derived results (the policies
# matches) refresh those enterprises without importing the credit app.
from django.dispatch import Signal  # noqa: E402  (kept beside the extension point it belongs to)

credit_standing_changed = Signal()
