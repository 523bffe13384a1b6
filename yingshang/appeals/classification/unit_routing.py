"""Which unit should handle an appeal: the label posterior combined with what the routing history teaches.

The label classifier alone routes through one label: "审批超时 → 市营商局 at 17 %" wins even when the
next labels (施工许可, 立项用地规划许可 …) all belong to 市住建局 and together weigh more. Two sources
of evidence are combined here, both learnt from the history of appeals and the unit that finally
handled each one (after returns and re-dispatches):

- **label → unit**: P(unit | label) from the history (the routing rule's unit as a prior pseudo-count,
  so a label without history still goes where the rule sends it); the label posterior of the text,
  summed per unit, gives P(unit | text) through the labels;
- **words → unit**: a linear model over the classifier's own features, trained on text → final unit.
  It has a few dozen classes with many examples each where the label model has hundreds with few,
  so words such as 施工许可证 that always end at one unit carry their weight even when the label model
  spreads its mass over siblings.

The two are mixed (``head_weight``, chosen on held-out history) and the top unit's probability is
mapped through isotonic regression fitted on held-out history, so that "80 %" means right about eight
times in ten (reliability measured by ``expected_calibration_error``).
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from typing import Callable, Sequence

import numpy as np
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.isotonic import IsotonicRegression
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from .base import ClassificationError
from .evaluation import expected_calibration_error

# Pseudo-count of the routing rule's unit in P(unit | label): one past appeal's worth of belief in the rule.
RULE_PRIOR = 1.0
HEAD_WEIGHTS = (0.0, 0.25, 0.5, 0.75, 1.0)
MIN_UNIT_EXAMPLES = 3
LABEL_DOCUMENT_COPIES = 3


@dataclass
class UnitRanking:
    unit: str
    confidence: float  # calibrated probability that this unit is the one that finally handles the appeal


@dataclass
class UnitRouting:
    """Label posterior × P(unit | label), mixed with a text → unit model, calibrated. Django-free."""

    units: list[str]
    labels: list[str]
    label_to_unit: np.ndarray  # labels × units, rows sum to 1 (0 where neither rule nor history knows)
    head: CalibratedClassifierCV | None = None
    head_weight: float = 0.5
    calibrator: IsotonicRegression | None = None
    metadata: dict = field(default_factory=dict)

    def raw_proba(self, label_probabilities: np.ndarray, features=None) -> np.ndarray:
        """Uncalibrated P(unit | text): rows over ``units``."""
        through_labels = label_probabilities @ self.label_to_unit
        if self.head is None or features is None or self.head_weight == 0:
            mixed = through_labels
        else:
            head = np.zeros_like(through_labels)
            head_proba = self.head.predict_proba(features)
            index = {unit: i for i, unit in enumerate(self.units)}
            columns = [index[str(unit)] for unit in self.head.classes_]
            head[:, columns] = head_proba
            mixed = (1 - self.head_weight) * through_labels + self.head_weight * head
        totals = mixed.sum(axis=1, keepdims=True)
        return np.divide(mixed, totals, out=np.zeros_like(mixed), where=totals > 0)

    def calibrate(self, top_probability: np.ndarray) -> np.ndarray:
        if self.calibrator is None:
            return top_probability
        return np.clip(self.calibrator.predict(top_probability), 0.0, 1.0)

    def rank(self, label_probabilities: np.ndarray, features=None, k: int = 3) -> list[list[UnitRanking]]:
        """The ``k`` most likely final units per row, best first; the confidences are calibrated (the
        isotonic map is fitted on the top unit and applied to each, so the order never changes)."""
        proba = self.raw_proba(label_probabilities, features)
        order = np.argsort(-proba, axis=1, kind="stable")[:, :k]
        out = []
        for row, best in zip(proba, order):
            scores = self.calibrate(row[best])
            out.append([UnitRanking(self.units[j], float(s)) for j, s in zip(best, scores) if row[j] > 0])
        return out


def label_unit_matrix(labels: Sequence[str], units: Sequence[str], history_labels: Sequence[str],
                      history_units: Sequence[str], rule_unit: Callable[[str], str | None]) -> np.ndarray:
    """P(unit | label): history counts plus RULE_PRIOR on the rule's unit, normalised per label."""
    unit_index = {unit: i for i, unit in enumerate(units)}
    label_index = {label: i for i, label in enumerate(labels)}
    counts = np.zeros((len(labels), len(units)))
    for label, unit in zip(history_labels, history_units):
        if label in label_index and unit in unit_index:
            counts[label_index[label], unit_index[unit]] += 1
    for label, i in label_index.items():
        unit = rule_unit(label)
        if unit in unit_index:
            counts[i, unit_index[unit]] += RULE_PRIOR
    totals = counts.sum(axis=1, keepdims=True)
    return np.divide(counts, totals, out=np.zeros_like(counts), where=totals > 0)


def _fit_head(features, units: np.ndarray, random_state: int = 0, extra=None) -> CalibratedClassifierCV | None:
    """The text → final unit model; ``extra`` (features, units) are the label-name documents of the rules."""
    if extra is not None and extra[0].shape[0]:
        import scipy.sparse as sp

        features, units = sp.vstack([features, extra[0]]).tocsr(), np.concatenate([units, extra[1]])
    names, counts = np.unique(units, return_counts=True)
    if len(names) < 2 or counts.min() < MIN_UNIT_EXAMPLES:
        keep = np.isin(units, names[counts >= MIN_UNIT_EXAMPLES])
        if len(set(units[keep])) < 2:
            return None
        features, units = features[keep], units[keep]
    head = CalibratedClassifierCV(
        LinearSVC(C=0.5, dual="auto", random_state=random_state), method="sigmoid",
        cv=StratifiedKFold(MIN_UNIT_EXAMPLES, shuffle=True, random_state=random_state), ensemble=False,
    )
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ConvergenceWarning)
        head.fit(features, units)
    return head


def fit_unit_routing(model, texts: Sequence[str], history_labels: Sequence[str], final_units: Sequence[str],
                     rule_unit: Callable[[str], str | None], *, held_out_share: float = 0.25,
                     random_state: int = 0) -> UnitRouting:
    """Learn the routing from history: ``texts`` with the label they were filed under and the unit that
    finally handled them. ``model`` is the trained label classifier (its posterior and its features);
    ``rule_unit(label)`` names the routing rule's unit (or None).

    A held-out share of the history chooses the mix and fits the isotonic calibration; the word model
    is then refitted on all of it.
    """
    if not (len(texts) == len(history_labels) == len(final_units)):
        raise ClassificationError("文本、标签与最终办理单位的条数不一致")
    pairs = [(t, lab, u) for t, lab, u in zip(texts, history_labels, final_units) if (t or "").strip() and u]
    if len(pairs) < 20:
        raise ClassificationError(f"办理历史太少({len(pairs)} 条),无法学习派单")
    texts = [t for t, _, _ in pairs]
    history_labels = [lab for _, lab, _ in pairs]
    final = np.asarray([u for _, _, u in pairs], dtype=object)
    labels = model.labels
    rule_units = {label: rule_unit(label) for label in labels}
    units = sorted(set(final.tolist()) | {u for u in rule_units.values() if u})
    label_names, label_proba = model.predict_proba(texts)
    features = model.features.transform([_clean(model, t) for t in texts])
    # The routing table is evidence too: each rule's label path ("营商环境 审批服务 工程建设项目审批 施工许可")
    # is a short document of its unit, so the words of a label seldom or never seen in the history still
    # point to the unit that the rule names (LABEL_DOCUMENT_COPIES copies, a few appeals' worth).
    ruled = [(label, unit) for label, unit in rule_units.items() if unit]
    extra = (model.features.transform([label.replace(model.level_sep, " ") for label, _ in ruled] * LABEL_DOCUMENT_COPIES),
             np.asarray([unit for _, unit in ruled] * LABEL_DOCUMENT_COPIES, dtype=object))

    rng = np.random.default_rng(random_state)
    order = rng.permutation(len(texts))
    cut = int(len(texts) * (1 - held_out_share))
    fit_rows, check_rows = order[:cut], order[cut:]
    routing = UnitRouting(
        units=units, labels=list(label_names),
        label_to_unit=label_unit_matrix(labels, units, [history_labels[i] for i in fit_rows], final[fit_rows],
                                        rule_units.get),
        head=_fit_head(features[fit_rows], final[fit_rows], random_state, extra),
    )
    # Choose the mix on held-out history (top-1 accuracy, then log-loss), then calibrate the top unit.
    best = None
    for weight in HEAD_WEIGHTS if routing.head is not None else (0.0,):
        routing.head_weight = weight
        proba = routing.raw_proba(label_proba[check_rows], features[check_rows])
        top = proba.argmax(axis=1)
        truth = np.asarray([routing.units.index(u) if u in routing.units else -1 for u in final[check_rows]])
        accuracy = float((top == truth).mean())
        picked = proba[np.arange(len(truth)), np.maximum(truth, 0)]
        log_loss = float(-np.mean(np.log(np.clip(np.where(truth >= 0, picked, 0), 1e-6, 1))))
        if best is None or (accuracy, -log_loss) > (best[0], -best[1]):
            best = (accuracy, log_loss, weight, proba.max(axis=1), top == truth)
    accuracy, _, weight, top_probability, correct = best
    routing.head_weight = weight
    routing.calibrator = IsotonicRegression(y_min=0.0, y_max=1.0, out_of_bounds="clip").fit(top_probability, correct.astype(float))
    calibrated = routing.calibrate(top_probability)
    routing.metadata = {
        "n_history": len(texts), "n_units": len(units), "head_weight": weight,
        "held_out_top1": round(accuracy, 4),
        "held_out_ece_raw": round(expected_calibration_error(top_probability, correct), 4),
        "ece_on_calibration_rows": round(expected_calibration_error(calibrated, correct), 4),  # in-sample: see evaluate-routing
    }
    # Final: all of the history for P(unit | label) and the word model.
    routing.label_to_unit = label_unit_matrix(labels, units, history_labels, final, rule_units.get)
    routing.head = _fit_head(features, final, random_state, extra) if weight > 0 else None
    return routing


def _clean(model, text: str) -> str:
    from .preprocess import MAX_CHARS, clean_text

    return clean_text(text, max_chars=model.metadata.get("options", {}).get("max_chars", MAX_CHARS))
