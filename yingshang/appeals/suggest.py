"""The hub's only door to the classifier (yingshang.appeals.classification).

It loads the model version the admin selected (a file under MEDIA_ROOT whose path is stored in
ClassifierVersion), keeps it in memory until another version is selected, and turns the classifier's
label paths into labels of the published taxonomy with their routing unit. Without a model, or when the
classifier package cannot load it, intake carries on without suggestions: the operator picks the label.
"""

from __future__ import annotations

import logging
import threading

import numpy as np
from dataclasses import asdict, dataclass
from pathlib import Path

from django.conf import settings

from .models import ClassifierVersion
from .routing import Router, advise_many, auto_dispatch_allowed, dispatch_history
from .taxonomy import current_labels

log = logging.getLogger(__name__)
_lock = threading.Lock()
_loaded: dict = {"key": None, "model": None, "version": None}


@dataclass
class Suggestion:
    label_path: str
    confidence: float
    label_id: int | None
    unit_id: int | None
    unit_name: str
    alternatives: list  # [(unit id, name, signed count)] learned from 退单/改派
    auto_ok: bool
    # Calibrated probability that unit_name finally handles the appeal (label posterior × routing history,
    # classification/unit_routing.py); None when the model carries no routing learnt from history.
    unit_confidence: float | None = None

    def as_dict(self) -> dict:
        return asdict(self) | {"percent": _percent(self.confidence),
                               "unit_percent": _percent(self.unit_confidence) if self.unit_confidence is not None else ""}


def _percent(value: float) -> str:
    percent = value * 100
    return f"{percent:.0f}%" if percent >= 1 else f"{percent:.1f}%"


def model_path(version: ClassifierVersion) -> Path:
    return Path(settings.MEDIA_ROOT) / version.file


def classifier_functions():
    """(train, load) of the classification package (exported at its top level, or from its model module)."""
    from . import classification

    if hasattr(classification, "train") and hasattr(classification, "load"):
        return classification.train, classification.load
    from .classification import model

    return model.train, model.load


def load_model_file(path: Path):
    """Load a saved model with the classification package's loader."""
    return classifier_functions()[1](str(path))


def active_model():
    """(model, ClassifierVersion) for the admin-selected version, or (None, None)."""
    version = ClassifierVersion.objects.filter(is_active=True).order_by("-id").first()
    if version is None:
        return None, None
    path = model_path(version)
    try:
        key = (version.pk, str(path), path.stat().st_mtime)
    except OSError:
        log.warning("分类模型文件不存在: %s", path)
        return None, None
    if _loaded["key"] != key:
        with _lock:
            if _loaded["key"] != key:
                try:
                    model = load_model_file(path)
                except Exception:  # a broken or foreign file must not stop intake
                    log.exception("分类模型 %s 无法加载", path)
                    return None, None
                _loaded.update(key=key, model=model, version=version)
    return _loaded["model"], _loaded["version"]


def forget_loaded_model() -> None:
    with _lock:
        _loaded.update(key=None, model=None, version=None)


def suggest(text: str, district_id: int | None, *, k: int = 3, max_sent_back_rate: float = 0.3):
    """Top-``k`` label suggestions with confidence and routing unit; ([], None) without a model."""
    model, version = active_model()
    if model is None or not (text or "").strip():
        return [], version
    try:
        raw = model.suggest(text, k=k)
        ranking = _unit_ranking(model, text)
    except Exception:
        log.exception("分类模型推断失败")
        return [], version
    router, labels = Router.current(), current_labels()
    items = _to_suggestions(raw, district_id, max_sent_back_rate, router=router, labels=labels)
    return _units_first(items, ranking, model, text, district_id, max_sent_back_rate, router=router, labels=labels, k=k), version


def _unit_ranking(model, text: str):
    if getattr(model, "routing", None) is None:
        return None  # a model without routing learnt from history (or another classifier): label order
    return model.rank_units([text], k=3)[0]


UNIT_CANDIDATE_LABELS = 40


def _units_first(items, ranking, model, text, district_id, max_sent_back_rate, *, router, labels, k):
    """Order the suggestions by the unit most likely to handle the appeal in the end.

    The label classifier's best label may belong to a unit that rarely ends up handling such appeals
    while several lesser labels point to one other unit (审批超时 → 市营商局 at 17 % against 施工许可,
    立项用地规划许可 … → 市住建局). With a routing model learnt from history, the first suggestion is
    the most probable label among those routed to the most probable unit; each suggestion carries its
    unit's calibrated confidence. Without one, the label order stays as it is."""
    if not ranking:
        return items
    unit_confidence = {r.unit: r.confidence for r in ranking}
    names, probabilities = model.predict_proba([text])
    order = np.argsort(-probabilities[0])[:UNIT_CANDIDATE_LABELS]
    candidates = [(names[i], float(probabilities[0][i])) for i in order if names[i] in labels]
    by_path = {s.label_path: s for s in items}
    chosen: list = []
    for unit in [r.unit for r in ranking]:
        for path, confidence in candidates:
            rule = router.rule_for(path, district_id)
            if rule is not None and rule.unit.name == unit:
                if path not in by_path:
                    by_path[path] = _to_suggestions([_Raw(path, confidence)], district_id, max_sent_back_rate,
                                                    router=router, labels=labels)[0]
                if by_path[path] not in chosen:
                    chosen.append(by_path[path])
                break
    ordered = chosen + [s for s in items if s not in chosen]
    for s in ordered:
        s.unit_confidence = round(unit_confidence.get(s.unit_name, 0.0), 4) if s.unit_name else None
    return ordered[:max(k, len(chosen))]


@dataclass
class _Raw:
    label: str
    confidence: float


def suggest_many(texts: list[str], district_ids: list[int | None], *, k: int = 3, with_history: bool = False):
    """Batch form for imports, the demo and the triage worker (routing history off by default; with it, one
    query for the whole batch)."""
    model, version = active_model()
    if model is None:
        return [[] for _ in texts], None
    router, labels = Router.load(), current_labels()
    results = model.suggest_many(list(texts), k=k)
    # The dispatch history of every (label, district) the batch may go to, in one query instead of one per appeal.
    history = dispatch_history([(r.label, d) for row, d in zip(results, district_ids) for r in row if r.label in labels]) if with_history else None
    rankings = (model.rank_units(list(texts), k=3) if getattr(model, "routing", None) is not None else None) or [None] * len(results)
    return [_units_first(_to_suggestions(row, d, 0.3, router=router, labels=labels, with_history=with_history, history=history),
                         ranking, model, text, d, 0.3, router=router, labels=labels, k=k)
            for row, d, text, ranking in zip(results, district_ids, texts, rankings)], version


def _to_suggestions(raw, district_id, max_sent_back_rate, *, router, labels, with_history=True, history=None) -> list[Suggestion]:
    """The classifier's (label path, confidence) pairs as suggestions of the published taxonomy with their unit.

    A label the published taxonomy no longer has (the model is older than the taxonomy) is skipped."""
    known = [(r.label, float(r.confidence)) for r in raw if r.label in labels]
    advices = advise_many([path for path, _ in known], district_id, router=router, with_history=with_history, history=history)
    return [
        Suggestion(
            label_path=path, confidence=round(confidence, 4), label_id=labels[path].pk,
            unit_id=advice.unit.pk if advice.unit else None, unit_name=advice.unit.name if advice.unit else "",
            alternatives=advice.alternatives, auto_ok=auto_dispatch_allowed(advice, max_sent_back_rate),
        )
        for (path, confidence), advice in zip(known, advices)
    ]
