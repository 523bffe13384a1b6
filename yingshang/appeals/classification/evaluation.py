"""Stratified k-fold cross-validation of the default classifier, with figures for every label level.

With ``group_near_duplicates`` the folds are group-aware (StratifiedGroupKFold): near-duplicate messages
(一事多诉: the same complaint posted again, reworded, or under the same title) always fall in the same
fold, so the figure is what the model does on messages unlike any in its training. Random folds put
copies on both sides and flatter every model that memorises. ``with_peer`` trains the peer (word
TF-IDF + LinearSVC, ``peer.py``) on exactly the same folds.
"""

from __future__ import annotations

import time
import warnings
from dataclasses import asdict, dataclass, field
from typing import Sequence

import numpy as np
from sklearn.metrics import accuracy_score, f1_score
from sklearn.model_selection import StratifiedGroupKFold, StratifiedKFold

from .base import ClassificationError
from .grouping import near_duplicate_groups
from .hierarchy import back_off_rare_labels, depth, truncate
from .model import TrainingOptions, prepare_examples, train
from .preprocess import clean_text, normalise_label

# Thresholds an admin typically weighs for automatic routing ("above this confidence, dispatch alone").
CONFIDENCE_THRESHOLDS = (0.5, 0.6, 0.7, 0.8, 0.9, 0.95)
# Per-label F1 is printed for levels with at most this many labels (a deep taxonomy would flood the terminal).
MAX_LABELS_LISTED = 20


@dataclass
class LevelScore:
    level: int
    accuracy: float
    macro_f1: float
    n_samples: int
    n_labels: int
    per_label_f1: dict[str, float] = field(default_factory=dict)


@dataclass
class ThresholdScore:
    """Of the appeals whose top suggestion reaches ``threshold``: what share, and how many are right."""

    threshold: float
    coverage: float
    accuracy: float


@dataclass
class EvaluationReport:
    folds: int
    n_samples: int
    n_labels: int
    levels: list[LevelScore]
    top3_accuracy: float
    expected_calibration_error: float
    thresholds: list[ThresholdScore] = field(default_factory=list)
    seconds: float = 0.0
    level_sep: str = "/"
    # "random" (stratified folds) or "near-duplicate groups" (group-aware folds); n_groups for the latter.
    grouping: str = "random"
    n_groups: int = 0
    peer_levels: list[LevelScore] = field(default_factory=list)

    def as_dict(self) -> dict:
        return asdict(self)

    def level(self, level: int) -> LevelScore:
        return next(score for score in self.levels if score.level == level)

    def lines(self) -> list[str]:
        """The report as Chinese lines for a terminal or a log."""
        how = (f"(按近似重复分组:{self.n_groups} 组,同组诉求总在同一折)" if self.grouping != "random" else "")
        out = [f"{self.folds} 折分层交叉验证{how}:{self.n_samples} 条样本,{self.n_labels} 个标签,用时 {self.seconds:.1f} 秒"]
        peers = {score.level: score for score in self.peer_levels}
        for score in self.levels:
            out.append(
                f"  第{score.level}级:准确率 {score.accuracy:.4f},宏平均F1 {score.macro_f1:.4f}"
                f"({score.n_labels} 个标签,{score.n_samples} 条样本)"
            )
            peer = peers.get(score.level)
            if peer:
                out.append(f"    对照(jieba 词 TF-IDF + LinearSVC,同样的折):准确率 {peer.accuracy:.4f},宏平均F1 {peer.macro_f1:.4f}")
            if score.per_label_f1 and len(score.per_label_f1) <= MAX_LABELS_LISTED:
                for label, f1 in score.per_label_f1.items():
                    peer_f1 = f";对照 {peer.per_label_f1.get(label, 0.0):.4f}" if peer else ""
                    out.append(f"    {label}:F1 {f1:.4f}{peer_f1}")
        out.append(f"  最深一级前3命中率 {self.top3_accuracy:.4f};置信度期望校准误差(ECE) {self.expected_calibration_error:.4f}")
        for t in self.thresholds:
            out.append(f"  置信度 ≥ {t.threshold:.2f}:覆盖 {t.coverage:.1%} 的诉求,其中准确率 {t.accuracy:.4f}")
        return out


def expected_calibration_error(confidence: np.ndarray, correct: np.ndarray, bins: int = 10) -> float:
    """Mean gap between confidence and accuracy over equal-width confidence bins, weighted by bin size."""
    if confidence.size == 0:
        return 0.0
    edges = np.linspace(0.0, 1.0, bins + 1)
    which = np.clip(np.digitize(confidence, edges[1:-1], right=True), 0, bins - 1)
    error = 0.0
    for b in range(bins):
        in_bin = which == b
        if in_bin.any():
            error += in_bin.mean() * abs(correct[in_bin].mean() - confidence[in_bin].mean())
    return float(error)


def evaluate(texts: Sequence[str], labels: Sequence[str], folds: int = 5, level_sep: str = "/", *,
             options: TrainingOptions | None = None, group_near_duplicates: bool = False,
             titles: Sequence[str] | None = None, groups: Sequence[int] | None = None,
             with_peer: bool = False) -> EvaluationReport:
    """Accuracy and macro-F1 per level with stratified k-fold cross-validation.

    Every fold trains a model exactly as ``train`` does and predicts the held-out fold. The prediction
    at level *n* is the level-*n* label with the highest summed probability (not the ancestor of the
    best leaf), which is what an operator sees when asking for that level. Level *n* is scored on the
    appeals whose true label is at least *n* deep.

    ``group_near_duplicates`` links near-duplicates (MinHash ≥ 0.8 or the same normalised title; ``titles``
    default to each text's first line) and keeps every group in one fold; ``groups`` (one id per row)
    gives the groups directly. ``with_peer`` scores the word TF-IDF + LinearSVC peer on the same folds.
    """
    options = options or TrainingOptions()
    if folds < 2:
        raise ClassificationError("交叉验证折数至少为 2")
    started = time.perf_counter()
    if group_near_duplicates and groups is None:
        groups = near_duplicate_groups(texts, titles)
    if groups is not None:
        if len(groups) != len(texts):
            raise ClassificationError(f"分组数({len(groups)})与文本数({len(texts)})不一致")
        # The rows prepare_examples keeps, in order: those with both a text and a label.
        groups = np.asarray([g for g, t, lab in zip(groups, texts, labels)
                             if clean_text(t, max_chars=options.max_chars) and normalise_label(lab, level_sep)])
    clean_texts, clean_labels, _ = prepare_examples(texts, labels, level_sep=level_sep, max_chars=options.max_chars)
    if len(set(clean_labels)) < 2:
        raise ClassificationError("至少需要两个不同的标签才能评估")
    if len(clean_texts) < folds * 2:
        raise ClassificationError(f"样本太少({len(clean_texts)} 条),无法做 {folds} 折交叉验证")
    # Stratify on the labels a model can actually learn, so that rare leaves do not break the folds.
    strata, _ = back_off_rare_labels(clean_labels, folds, level_sep)
    texts_array = np.asarray(clean_texts, dtype=object)
    labels_array = np.asarray(clean_labels, dtype=object)
    max_depth = max(depth(label, level_sep) for label in clean_labels)
    predicted = {level: np.empty(len(clean_labels), dtype=object) for level in range(1, max_depth + 1)}
    top_label = np.empty(len(clean_labels), dtype=object)
    top_confidence = np.zeros(len(clean_labels))
    top3_hit = np.zeros(len(clean_labels), dtype=bool)
    peer_predicted = np.empty(len(clean_labels), dtype=object)

    split = fold_indices(texts_array, strata, folds, groups=groups, random_state=options.random_state)
    for train_index, test_index in split:
        if with_peer:
            from .peer import WordOnlyPeer

            peer = WordOnlyPeer().fit(texts_array[train_index].tolist(), labels_array[train_index].tolist())
            peer_predicted[test_index] = peer.predict(texts_array[test_index].tolist())
        model = train(texts_array[train_index].tolist(), labels_array[train_index].tolist(),
                      level_sep=level_sep, options=options)
        held_out = texts_array[test_index].tolist()
        leaves, leaf_probabilities = model.predict_proba(held_out)
        for level in range(1, max_depth + 1):
            names, probabilities = model.aggregate(leaf_probabilities, level)
            predicted[level][test_index] = np.asarray(names, dtype=object)[probabilities.argmax(axis=1)]
        leaf_names = np.asarray(leaves, dtype=object)
        best = leaf_probabilities.argmax(axis=1)
        top_label[test_index] = leaf_names[best]
        top_confidence[test_index] = leaf_probabilities[np.arange(len(test_index)), best]
        top3 = np.argsort(-leaf_probabilities, axis=1)[:, :3]
        top3_hit[test_index] = (leaf_names[top3] == labels_array[test_index][:, None]).any(axis=1)

    levels = [_level_score(labels_array, predicted[level], level, level_sep) for level in range(1, max_depth + 1)]
    peer_levels = ([_level_score(labels_array, peer_predicted, level, level_sep) for level in range(1, max_depth + 1)]
                   if with_peer else [])
    # What the confidence of the top suggestion claims: that this very label is right.
    correct = top_label == labels_array
    thresholds = []
    for threshold in CONFIDENCE_THRESHOLDS:
        above = top_confidence >= threshold
        thresholds.append(ThresholdScore(
            threshold=threshold,
            coverage=round(float(above.mean()), 4),
            accuracy=round(float(correct[above].mean()), 4) if above.any() else 0.0,
        ))
    return EvaluationReport(
        folds=folds,
        n_samples=len(clean_texts),
        n_labels=len(set(clean_labels)),
        levels=levels,
        top3_accuracy=round(float(top3_hit.mean()), 4),
        expected_calibration_error=round(expected_calibration_error(top_confidence, correct), 4),
        thresholds=thresholds,
        seconds=round(time.perf_counter() - started, 1),
        level_sep=level_sep,
        grouping="random" if groups is None else "near-duplicate groups",
        n_groups=0 if groups is None else len(set(groups.tolist())),
        peer_levels=peer_levels,
    )


def fold_indices(texts: np.ndarray, strata: Sequence[str], folds: int, *, groups: np.ndarray | None = None,
                 random_state: int = 0) -> list[tuple[np.ndarray, np.ndarray]]:
    """(train, test) index pairs: stratified on the labels; with ``groups``, every group in one fold."""
    strata = np.asarray(strata, dtype=object)
    with warnings.catch_warnings():
        # "The least populated class has only N members": expected for rare top-level labels.
        warnings.filterwarnings("ignore", message="The least populated class", category=UserWarning)
        if groups is None:
            splitter = StratifiedKFold(folds, shuffle=True, random_state=random_state)
            return list(splitter.split(texts, strata))
        splitter = StratifiedGroupKFold(folds, shuffle=True, random_state=random_state)
        return list(splitter.split(texts, strata, groups))


def _level_score(truth_leaves: np.ndarray, guesses: np.ndarray, level: int, level_sep: str) -> LevelScore:
    """Accuracy, macro-F1 and per-label F1 at ``level`` over the appeals whose true label is that deep."""
    scored = np.fromiter((depth(label, level_sep) >= level for label in truth_leaves), dtype=bool)
    truth = np.asarray([truncate(label, level, level_sep) for label in truth_leaves[scored]], dtype=object)
    guess = np.asarray([truncate(str(label), level, level_sep) for label in guesses[scored]], dtype=object)
    names = sorted(set(truth))
    per_label = f1_score(truth, guess, average=None, labels=names, zero_division=0)
    return LevelScore(
        level=level,
        accuracy=round(float(accuracy_score(truth, guess)), 4),
        macro_f1=round(float(np.mean(per_label)), 4),
        n_samples=int(scored.sum()),
        n_labels=len(names),
        per_label_f1={name: round(float(f1), 4) for name, f1 in zip(names, per_label)},
    )
