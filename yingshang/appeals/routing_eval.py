"""How well label → unit suggestions match the unit that finally handled each appeal (after 退单/改派).

Reads the routing history of the database (read-only): appeals with a label and a unit, oldest first.
The older share trains a label classifier and the routing learnt from history; the newer share is
scored, so no appeal is judged by a model that saw it. Two ways of choosing the unit are compared:

- **rule**: the routing rule (district first, then city-wide) of the classifier's best labels, in order;
- **learnt**: ``classification.unit_routing`` — label posterior × P(unit | label) from history, mixed
  with a text → unit model, isotonic-calibrated.

Top-1 / top-3 are the share of appeals whose final unit is the first / among the first three units;
ECE is the calibration error of the top unit's confidence (rule: the best label's confidence).
"""

from __future__ import annotations

import time
from dataclasses import dataclass

import numpy as np
from django.utils.translation import gettext as _

from .models import Appeal
from .routing import Router


@dataclass
class RoutingScores:
    method: str
    top1: float
    top3: float
    ece: float


@dataclass
class RoutingEvaluation:
    n_train: int
    n_test: int
    scores: list[RoutingScores]
    head_weight: float
    seconds: float

    def lines(self) -> list[str]:
        out = [_("派单评估:按受理时间,较早的 %(train)s 条诉求训练,较新的 %(test)s 条评估(最终办理单位为准,已计入退单和改派)")
               % {"train": self.n_train, "test": self.n_test}]
        for s in self.scores:
            out.append(_("  %(method)s:前1命中率 %(top1).4f,前3命中率 %(top3).4f,置信度期望校准误差(ECE) %(ece).4f")
                       % {"method": s.method, "top1": s.top1, "top3": s.top3, "ece": s.ece})
        out.append(_("  学习派单中文本→单位模型的权重 %(w).2f;用时 %(s).1f 秒") % {"w": self.head_weight, "s": self.seconds})
        return out


def history_rows() -> list[tuple[str, str, str, int | None]]:
    """(text, label path, final unit name, district id) of every appeal with a label and a unit, oldest first:
    after returns and re-dispatches the appeal's unit is the last one that took it."""
    return list(Appeal.objects.filter(label__isnull=False, unit__isnull=False).order_by("accepted_at", "id")
                .values_list("content", "label__path", "unit__name", "district_id"))


def evaluate_routing(*, test_share: float = 0.2, rows=None, model=None) -> RoutingEvaluation:
    """Score rule-based and learnt routing on the newest ``test_share`` of the history.

    ``model``: a label classifier to use instead of training one on the older share (it should not
    have seen the newer appeals)."""
    from .classification import ClassificationError, train
    from .classification.evaluation import expected_calibration_error
    from .classification.unit_routing import fit_unit_routing

    started = time.perf_counter()
    rows = history_rows() if rows is None else rows
    cut = int(len(rows) * (1 - test_share))
    older, newer = rows[:cut], rows[cut:]
    if len(older) < 50 or len(newer) < 10:
        raise ClassificationError(_("办理历史太少(%(n)s 条),无法评估派单") % {"n": len(rows)})
    if model is None:
        model = train([r[0] for r in older], [r[1] for r in older])
    router = Router.load()

    def rule_unit(label: str, district_id=None):
        rule = router.rule_for(label, district_id)
        return rule.unit.name if rule else None

    routing = fit_unit_routing(model, [r[0] for r in older], [r[1] for r in older], [r[2] for r in older], rule_unit)
    texts, truth = [r[0] for r in newer], [r[2] for r in newer]
    names, probabilities = model.predict_proba(texts)

    rule_top1, rule_top3, rule_confidence = [], [], []
    for row, (_text, _label, unit, district) in zip(probabilities, newer):
        units: list[str] = []
        for j in np.argsort(-row):
            candidate = rule_unit(names[j], district)
            if candidate and candidate not in units:
                units.append(candidate)
            if len(units) == 3:
                break
        rule_top1.append(bool(units) and units[0] == unit)
        rule_top3.append(unit in units)
        rule_confidence.append(float(row.max()))
    model.routing = routing
    rankings = model.rank_units(texts, k=3)
    learnt_top1 = [bool(r) and r[0].unit == unit for r, unit in zip(rankings, truth)]
    learnt_top3 = [unit in [x.unit for x in r] for r, unit in zip(rankings, truth)]
    learnt_confidence = [r[0].confidence if r else 0.0 for r in rankings]

    def scores(method, top1, top3, confidence):
        correct = np.asarray(top1, dtype=float)
        return RoutingScores(method, round(float(np.mean(top1)), 4), round(float(np.mean(top3)), 4),
                             round(expected_calibration_error(np.asarray(confidence), correct), 4))

    return RoutingEvaluation(
        n_train=len(older), n_test=len(newer),
        scores=[scores(_("按派单规则(最可能标签的规则单位)"), rule_top1, rule_top3, rule_confidence),
                scores(_("按办理历史学习(标签后验 × 单位证据,已校准)"), learnt_top1, learnt_top3, learnt_confidence)],
        head_weight=routing.head_weight, seconds=round(time.perf_counter() - started, 1),
    )
