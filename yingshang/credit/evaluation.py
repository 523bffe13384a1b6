"""企业公共信用综合评价, vectorised: facts (``facts.load_facts``) × the active model's indicators → score,
class A–D and the reasons, for 10^6 enterprises in seconds.

score = base + Σ points of every indicator whose condition holds (a missing fact never holds);
class = A if score ≥ A's minimum, B ≥ B's, C ≥ C's, else D; a blacklisted enterprise gets at least the
model's blacklist class. The reasons of an enterprise are the indicators that held (with their points), and
the blacklist; enterprises with the same combination share one JSON text, so writing reasons costs nothing.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

import numpy as np
from django.utils.translation import gettext as _

from .facts import FactTable, fact_label, load_facts
from .models import CreditIndicator, CreditModel

CLASSES = np.array(["A", "B", "C", "D"], dtype=object)


@dataclass
class Evaluated:
    ids: np.ndarray
    score: np.ndarray
    risk_class: np.ndarray
    blacklisted: np.ndarray
    reasons_json: np.ndarray  # object array of JSON texts
    basis: np.ndarray  # object array: "<model number>:<combination>", equal for equal reasons
    registry_class: np.ndarray
    sources: list[str]
    facts: FactTable | None = None
    absent_indicators: list[str] = field(default_factory=list)  # indicators over a fact nobody provides now


def evaluate(model: CreditModel, as_of: dt.date, enterprise_ids=None) -> Evaluated:
    indicators = list(model.indicators.all())
    table = load_facts(as_of, enterprise_ids, wanted={i.fact for i in indicators})
    n = len(table.ids)
    fired = np.zeros((n, len(indicators)), dtype=bool)
    points = np.array([i.points for i in indicators], dtype=np.float64)
    absent = []
    for k, indicator in enumerate(indicators):
        values = table.columns.get(indicator.fact)
        if values is None:
            absent.append(indicator.label)
            continue
        threshold = float(indicator.threshold)
        with np.errstate(invalid="ignore"):
            fired[:, k] = values >= threshold if indicator.comparator == CreditIndicator.Comparator.AT_LEAST else values <= threshold
    score = model.base_score + (fired.astype(np.float64) @ points if len(indicators) else np.zeros(n))
    score = np.clip(score, 0, 100)
    rank = np.where(score >= model.class_a_min, 0, np.where(score >= model.class_b_min, 1, np.where(score >= model.class_c_min, 2, 3)))
    blacklisted = table.columns["blacklist.active"] >= 1
    floor = "ABCD".index(model.blacklist_class)
    rank = np.where(blacklisted, np.maximum(rank, floor), rank)

    # Reasons by combination: encode each row's fired indicators (and the blacklist) as one integer.
    bits = fired.astype(np.int64) @ (np.int64(1) << np.arange(len(indicators), dtype=np.int64)) if len(indicators) else np.zeros(n, np.int64)
    combo = bits * 2 + blacklisted.astype(np.int64)
    unique, inverse = np.unique(combo, return_inverse=True)
    texts = []
    for value in unique:
        reasons = []
        if value & 1:
            reasons.append({"fact": "blacklist.active", "label": _("列入失信联合惩戒名单"), "points": None,
                            "note": _("直接评为不优于%(c)s类") % {"c": model.blacklist_class}})
        mask = int(value) >> 1
        for k, indicator in enumerate(indicators):
            if mask >> k & 1:
                reasons.append({"fact": indicator.fact, "label": indicator.label, "points": indicator.points})
        texts.append(json.dumps(reasons, ensure_ascii=False))
    reasons_json = np.array(texts, dtype=object)[inverse] if n else np.array([], dtype=object)
    basis = np.array([f"{model.number}:{int(v)}" for v in unique], dtype=object)[inverse] if n else np.array([], dtype=object)
    return Evaluated(ids=table.ids, score=score, risk_class=CLASSES[rank] if n else np.array([], dtype=object),
                     blacklisted=blacklisted, reasons_json=reasons_json, basis=basis, registry_class=table.registry_class,
                     sources=table.sources, facts=table, absent_indicators=absent)


def explain(model: CreditModel, enterprise_id: int, as_of: dt.date) -> list[dict]:
    """Every indicator of the model for one enterprise: the fact's value (or 无数据), whether it held, the points."""
    result = evaluate(model, as_of, [enterprise_id])
    if not len(result.ids):
        return []
    rows = []
    for indicator in model.indicators.all():
        column = result.facts.columns.get(indicator.fact)
        value = None if column is None or np.isnan(column[0]) else float(column[0])
        if value is None:
            held = False
        elif indicator.comparator == CreditIndicator.Comparator.AT_LEAST:
            held = value >= float(indicator.threshold)
        else:
            held = value <= float(indicator.threshold)
        rows.append({
            "indicator": indicator, "fact_label": fact_label(indicator.fact), "value": value, "held": held,
            "absent": column is None, "points": indicator.points if held else 0,
        })
    return rows
