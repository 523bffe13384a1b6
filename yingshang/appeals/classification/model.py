"""The default classifier: character + word n-gram TF-IDF and a calibrated linear SVM.

Training predicts the deepest label present in the history (a leaf, or a shallower label where the
history has nothing deeper); labels too rare to learn are merged into their parent. Probabilities
come from ``CalibratedClassifierCV`` (Platt scaling on out-of-fold decision values), so a confidence
of 0.9 means "right about nine times in ten" on data like the training data, and an admin can pick
the auto-routing threshold from the figures that ``evaluate`` reports.
"""

from __future__ import annotations

import multiprocessing
import os
import platform
import time
import warnings
from dataclasses import asdict, dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Sequence

import joblib
import numpy as np
import sklearn
from sklearn.calibration import CalibratedClassifierCV
from sklearn.exceptions import ConvergenceWarning
from sklearn.model_selection import StratifiedKFold
from sklearn.svm import LinearSVC

from .base import ClassificationError, Suggestion
from .features import AppealFeatures
from .hierarchy import back_off_rare_labels, depth, level_projection
from .preprocess import MAX_CHARS, clean_text, normalise_label
from .segmentation import jieba_version

MODEL_FORMAT = "yingshang-appeal-classifier"
AUTO_SIGMOID_MAX_LABELS = 10
MODEL_FORMAT_VERSION = 1
# Below this many texts a process pool costs more than it saves.
MIN_TEXTS_PER_WORKER = 500


@dataclass(frozen=True)
class TrainingOptions:
    """Knobs of the default model. The defaults were chosen on the real 12345 data (docs/benchmarks.md)."""

    char_ngrams: tuple[int, int] = (1, 3)
    word_ngrams: tuple[int, int] = (1, 2)
    min_df: int = 2
    # Caps on the vocabulary (most frequent n-grams first): with them the 7-label real data scored
    # macro-F1 0.9249 against 0.9239 without (3-fold), and prediction and model size stay bounded.
    max_char_features: int | None = 200_000
    max_word_features: int | None = 100_000
    svm_c: float = 0.5
    # "auto": Platt scaling per label (sigmoid) up to AUTO_SIGMOID_MAX_LABELS labels, temperature scaling
    # above. On the 7-label real data per-label sigmoids gain 0.5 point of accuracy (they correct
    # per-label biases). But each sigmoid leaves every other label a small floor: with 27 synthetic
    # labels the top label already rarely reached 0.9 (ECE 0.105 against 0.062 for temperature), with
    # hundreds never, and a parent with many children is inflated. One softmax temperature has no
    # floors and keeps the sum over children meaningful.
    calibration: str = "auto"
    calibration_folds: int = 3
    # Weights smaller than this share of their label's largest weight are set to zero and the weight
    # matrix is stored sparse: a model with hundreds of labels would otherwise hold labels × features
    # float64 weights (hundreds of MB). At 1 % about 10–18 % of the weights remain and accuracy and
    # macro-F1 were unchanged on the real and on the synthetic data. 0 keeps every weight.
    prune_weights: float = 0.01
    min_examples_per_label: int = 3
    max_chars: int = MAX_CHARS
    random_state: int = 0

    def __post_init__(self):
        if self.calibration not in ("auto", "temperature", "sigmoid", "isotonic"):
            raise ClassificationError(f"未知的校准方法“{self.calibration}”,可选 auto、temperature、sigmoid 或 isotonic")
        if not 0 <= self.prune_weights < 1:
            raise ClassificationError("权重裁剪比例应在 0 到 1 之间")
        if self.calibration_folds < 2:
            raise ClassificationError("校准交叉验证折数至少为 2")
        if self.min_examples_per_label < self.calibration_folds:
            raise ClassificationError("每个标签的最少样本数不能小于校准折数")


def prepare_examples(texts: Sequence[str], labels: Sequence[str], *, level_sep: str, max_chars: int = MAX_CHARS
                     ) -> tuple[list[str], list[str], int]:
    """Cleaned texts and normalised labels, without rows that lack either; also the number dropped."""
    if len(texts) != len(labels):
        raise ClassificationError(f"文本数({len(texts)})与标签数({len(labels)})不一致")
    if not level_sep:
        raise ClassificationError("层级分隔符不能为空")
    kept_texts, kept_labels = [], []
    for text, label in zip(texts, labels):
        text, label = clean_text(text, max_chars=max_chars), normalise_label(label, level_sep)
        if text and label:
            kept_texts.append(text)
            kept_labels.append(label)
    return kept_texts, kept_labels, len(texts) - len(kept_texts)


def train(texts: Sequence[str], labels: Sequence[str], *, level_sep: str = "/",
          options: TrainingOptions | None = None, evaluation: dict | None = None) -> "TrainedModel":
    """Train the default classifier on (text, label path) pairs from the city's history.

    ``evaluation`` (``EvaluationReport.as_dict()`` of the same data) is stored in the metadata, so the
    admin can compare model versions by their figures. Raises ``ClassificationError`` with a Chinese
    message when the data cannot be trained on (too few rows, a single label...).
    """
    options = options or TrainingOptions()
    started = time.perf_counter()
    clean_texts, clean_labels, skipped = prepare_examples(texts, labels, level_sep=level_sep, max_chars=options.max_chars)
    if not clean_texts:
        raise ClassificationError("没有可用于训练的样本(文本或标签均为空)")
    backed_off, merged = back_off_rare_labels(clean_labels, options.min_examples_per_label, level_sep)
    counts: dict[str, int] = {}
    for label in backed_off:
        counts[label] = counts.get(label, 0) + 1
    too_rare = sorted(label for label, n in counts.items() if n < options.min_examples_per_label)
    if too_rare:
        rare_set = set(too_rare)
        keep = [label not in rare_set for label in backed_off]
        clean_texts = [t for t, k in zip(clean_texts, keep) if k]
        backed_off = [label for label, k in zip(backed_off, keep) if k]
    distinct = sorted(set(backed_off))
    if len(distinct) < 2:
        raise ClassificationError(
            f"至少需要两个各有 {options.min_examples_per_label} 条以上样本的不同标签才能训练,当前只有 {len(distinct)} 个"
        )

    features = AppealFeatures(
        char_ngrams=options.char_ngrams, word_ngrams=options.word_ngrams, min_df=options.min_df,
        max_char_features=options.max_char_features, max_word_features=options.max_word_features,
    )
    matrix = features.fit_transform(clean_texts)
    calibration = options.calibration
    if calibration == "auto":
        calibration = "sigmoid" if len(distinct) <= AUTO_SIGMOID_MAX_LABELS else "temperature"
    estimator = CalibratedClassifierCV(
        LinearSVC(C=options.svm_c, dual="auto", random_state=options.random_state),
        method=calibration,
        cv=StratifiedKFold(options.calibration_folds, shuffle=True, random_state=options.random_state),
        # One SVM trained on everything, calibrated on out-of-fold decision values: a third of the size
        # and prediction time of an ensemble of per-fold SVMs.
        ensemble=False,
    )
    with warnings.catch_warnings(record=True) as caught:
        # liblinear's "failed to converge" is recorded in the metadata instead of printed in English.
        warnings.simplefilter("always", ConvergenceWarning)
        estimator.fit(matrix, np.asarray(backed_off, dtype=object))
    converged = True
    for warning in caught:
        if issubclass(warning.category, ConvergenceWarning):
            converged = False
        else:
            warnings.warn_explicit(warning.message, warning.category, warning.filename, warning.lineno)
    kept_weights = _prune_weights(estimator, options.prune_weights)

    metadata = {
        "format": MODEL_FORMAT,
        "format_version": MODEL_FORMAT_VERSION,
        "created_at": datetime.now(timezone.utc).isoformat(timespec="seconds"),
        "n_samples": len(clean_texts),
        "n_rows_skipped": skipped,
        "n_rows_dropped_rare_label": sum(counts[label] for label in too_rare),
        "labels": list(map(str, estimator.classes_)),
        "label_counts": {label: counts[label] for label in distinct},
        "merged_labels": dict(sorted(merged.items())),
        "dropped_labels": too_rare,
        "level_sep": level_sep,
        "max_depth": max(depth(label, level_sep) for label in distinct),
        "n_features": features.n_features,
        "calibration": calibration,
        "converged": converged,
        "weights_kept": kept_weights,
        "options": asdict(options),
        "sklearn_version": sklearn.__version__,
        "jieba_version": jieba_version(),
        "python_version": platform.python_version(),
        "training_seconds": round(time.perf_counter() - started, 2),
        "evaluation": evaluation,
    }
    return TrainedModel(features=features, estimator=estimator, level_sep=level_sep, metadata=metadata)


def _prune_weights(estimator: CalibratedClassifierCV, share: float) -> float:
    """Zero the weights below ``share`` of their label's largest weight; return the share of weights kept."""
    svms = [calibrated.estimator for calibrated in estimator.calibrated_classifiers_]
    if share <= 0:
        return 1.0
    kept = total = 0
    for svm in svms:
        coef = svm.coef_
        limit = share * np.abs(coef).max(axis=1, keepdims=True)
        coef[np.abs(coef) < limit] = 0.0
        svm.sparsify()  # scikit-learn's own sparse weights: decision_function works unchanged
        # decision_function computes X @ coef_.T; with coef_ in CSC, coef_.T is CSR and the product
        # needs no conversion of the whole weight matrix on every call (2.7 ms per single suggestion).
        svm.coef_ = svm.coef_.tocsc()
        kept += svm.coef_.nnz
        total += coef.size
    return round(kept / total, 4)


_worker_model: "TrainedModel | None" = None


def _worker_probabilities(chunk: tuple[list[str], int | None]) -> np.ndarray:
    texts, level = chunk
    return _worker_model.predict_proba(texts, level=level)[1]


@dataclass
class TrainedModel:
    """A trained default classifier; implements ``AppealClassifier``."""

    features: AppealFeatures
    estimator: CalibratedClassifierCV
    level_sep: str = "/"
    metadata: dict = field(default_factory=dict)
    # Optional: which unit finally handles an appeal, learnt from the routing history (unit_routing.py).
    routing: object | None = None

    def __post_init__(self):
        self._projections: dict[int, tuple[list[str], object]] = {}

    # -- what the model knows -------------------------------------------------------------------
    @property
    def labels(self) -> list[str]:
        """The labels the model can predict (deepest level present), sorted."""
        return list(map(str, self.estimator.classes_))

    @property
    def max_depth(self) -> int:
        return max(depth(label, self.level_sep) for label in self.labels)

    def labels_at(self, level: int) -> list[str]:
        return self._projection(level)[0]

    def _projection(self, level: int):
        if level not in self._projections:
            self._projections[level] = level_projection(self.labels, level, self.level_sep)
        return self._projections[level]

    # -- prediction --------------------------------------------------------------------------------
    def predict_proba(self, texts: Sequence[str], *, level: int | None = None) -> tuple[list[str], np.ndarray]:
        """(label names, probability matrix with one row per text). Texts are cleaned here.

        With ``level``, leaf probabilities are summed into their ancestors at that level. A text that is
        empty after cleaning gets a row of zeros: there is nothing to base a suggestion on.
        """
        max_chars = self.metadata.get("options", {}).get("max_chars", MAX_CHARS)
        cleaned = [clean_text(t, max_chars=max_chars) for t in texts]
        names = self.labels
        probabilities = np.zeros((len(cleaned), len(names)))
        present = [i for i, t in enumerate(cleaned) if t]
        if present:
            matrix = self.features.transform([cleaned[i] for i in present])
            # Our features are finite by construction and the estimator's parameters were validated when
            # it was fitted; skipping both checks saves a fifth of the time of a single suggestion.
            with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
                probabilities[present] = self.estimator.predict_proba(matrix)
        if level is not None:
            return self.aggregate(probabilities, level)
        return names, probabilities

    def aggregate(self, leaf_probabilities: np.ndarray, level: int) -> tuple[list[str], np.ndarray]:
        """Leaf probabilities summed into their ancestors at ``level`` (1 = top level)."""
        if level < 1:
            raise ClassificationError("层级从 1 开始")
        if level >= self.max_depth:
            return self.labels, leaf_probabilities
        names, projection = self._projection(level)
        return names, np.asarray(leaf_probabilities @ projection)

    def _suggest_batch(self, texts: Sequence[str], k: int, level: int | None) -> list[list[Suggestion]]:
        names, probabilities = self.predict_proba(texts, level=level)
        return top_k(names, probabilities, k)

    def rank_units(self, texts: Sequence[str], k: int = 3):
        """The ``k`` most likely final units per text with calibrated confidence (``UnitRanking``), or None
        when the model carries no routing learnt from history (``unit_routing.fit_unit_routing``)."""
        if self.routing is None:
            return None
        max_chars = self.metadata.get("options", {}).get("max_chars", MAX_CHARS)
        cleaned = [clean_text(t, max_chars=max_chars) for t in texts]
        _, probabilities = self.predict_proba(cleaned)
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            return self.routing.rank(probabilities, self.features.transform(cleaned), k=k)

    def suggest(self, text: str, k: int = 3, *, level: int | None = None) -> list[Suggestion]:
        """The ``k`` most likely labels for one appeal, best first (empty for an empty text)."""
        return self._suggest_batch([text], k, level)[0]

    def suggest_many(self, texts: Sequence[str], k: int = 3, *, level: int | None = None,
                     workers: int = 1) -> list[list[Suggestion]]:
        """``suggest`` for a batch, vectorised; ``workers`` > 1 splits large batches over processes.

        Word segmentation is pure Python and holds the GIL, so only processes use several cores. The
        pool is forked with the model already in memory (nothing is pickled but texts and results);
        where fork is unavailable the batch runs in this process.
        """
        texts = list(texts)
        workers = max(1, min(workers, len(texts) // MIN_TEXTS_PER_WORKER))
        if workers == 1 or "fork" not in multiprocessing.get_all_start_methods():
            return self._suggest_batch(texts, k, level)
        global _worker_model
        _worker_model = self
        try:
            bounds = np.linspace(0, len(texts), workers * 4 + 1).astype(int)
            chunks = [(texts[a:b], level) for a, b in zip(bounds[:-1], bounds[1:])]
            with multiprocessing.get_context("fork").Pool(workers) as pool:
                # Workers send back probability rows (a few floats per text), not Suggestion objects:
                # pickling tens of thousands of small objects cost more than the top-k itself.
                parts = pool.map(_worker_probabilities, chunks)
        finally:
            _worker_model = None
        names = self.labels if level is None or level >= self.max_depth else self.labels_at(level)
        return top_k(names, np.vstack(parts), k)

    # -- persistence -------------------------------------------------------------------------------
    def save(self, path: str | os.PathLike) -> Path:
        """Write the model with joblib (one file; the metadata travels inside)."""
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        payload = {
            "format": MODEL_FORMAT,
            "format_version": MODEL_FORMAT_VERSION,
            "metadata": self.metadata,
            "level_sep": self.level_sep,
            "features": self.features,
            "estimator": self.estimator,
            "routing": self.routing,
        }
        temporary = path.with_name(path.name + ".partial")
        joblib.dump(payload, temporary, compress=3)
        os.replace(temporary, path)  # a reader never sees a half-written model
        return path

    @classmethod
    def load(cls, path: str | os.PathLike) -> "TrainedModel":
        """Read a model written by ``save``. Only load files you trust: joblib files are pickles."""
        path = Path(path)
        if not path.is_file():
            raise ClassificationError(f"模型文件不存在:{path}")
        try:
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                payload = joblib.load(path)
        except Exception as error:
            raise ClassificationError(f"模型文件无法读取(文件损坏或不是本系统训练的模型):{path}({type(error).__name__})") from error
        if not isinstance(payload, dict) or payload.get("format") != MODEL_FORMAT:
            raise ClassificationError(f"不是诉求分类模型文件:{path}")
        if payload.get("format_version") != MODEL_FORMAT_VERSION:
            raise ClassificationError(
                f"模型格式版本 {payload.get('format_version')} 与本系统支持的版本 {MODEL_FORMAT_VERSION} 不符,请重新训练"
            )
        model = cls(features=payload["features"], estimator=payload["estimator"],
                    level_sep=payload["level_sep"], metadata=payload["metadata"], routing=payload.get("routing"))
        mismatched = [w for w in caught if "InconsistentVersionWarning" in type(w.message).__name__]
        if mismatched:
            model.metadata = {**model.metadata, "loaded_with_sklearn_version": sklearn.__version__}
            warnings.warn(
                f"模型由 scikit-learn {payload['metadata'].get('sklearn_version')} 训练,当前为 {sklearn.__version__},"
                "结果可能不同,建议重新训练",
                stacklevel=2,
            )
        return model


def load(path: str | os.PathLike) -> TrainedModel:
    return TrainedModel.load(path)


def top_k(names: Sequence[str], probabilities: np.ndarray, k: int) -> list[list[Suggestion]]:
    """The ``k`` best labels of every row, best first; labels with zero probability are left out."""
    if k < 1:
        raise ClassificationError("k 至少为 1")
    k = min(k, probabilities.shape[1])
    if probabilities.shape[0] == 0:
        return []
    best = np.argpartition(-probabilities, k - 1, axis=1)[:, :k]
    best_scores = np.take_along_axis(probabilities, best, axis=1)
    order = np.argsort(-best_scores, axis=1, kind="stable")
    best = np.take_along_axis(best, order, axis=1)
    best_scores = np.take_along_axis(best_scores, order, axis=1)
    return [
        [Suggestion(names[j], float(min(1.0, max(0.0, p)))) for j, p in zip(row, scores) if p > 0]
        for row, scores in zip(best.tolist(), best_scores.tolist())
    ]
