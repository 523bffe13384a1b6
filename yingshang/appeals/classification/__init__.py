"""Appeal classification: label suggestions with calibrated confidence for 12345 / 民企诉求 intake.

Self-contained (no Django models). The public API:

- ``train(texts, labels, level_sep="/") -> TrainedModel``; ``TrainedModel.save(path)`` / ``load(path)``
- ``TrainedModel.suggest(text, k=3)`` / ``suggest_many(texts, k=3)`` -> ``list[Suggestion]``
- ``evaluate(texts, labels, folds=5, level_sep="/") -> EvaluationReport`` (accuracy, macro-F1 per level)
- ``OpenAICompatibleClassifier(base_url, model, api_key, labels=...)`` for a local large model
- ``FallbackClassifier(primary, fallback)`` to keep suggesting when that endpoint is down
- ``clean_text(text)``, ``normalise_label(label)``
- ``load_taxonomy()``, ``taxonomy_labels()``, ``load_routing_defaults()``, ``responsible_unit(label)``
  for the default label tree and routing table
- ``synthetic.generate_appeals(n, rng, places=None)`` for the demo city

See docs/appeals-classifier.md.
"""

from .base import AppealClassifier, ClassificationError, ClassifierUnavailable, Suggestion
from .evaluation import EvaluationReport, LevelScore, ThresholdScore, evaluate
from .llm import FallbackClassifier, OpenAICompatibleClassifier
from .model import TrainedModel, TrainingOptions, load, train
from .preprocess import clean_text, normalise_label
from .taxonomy import load_routing_defaults, load_taxonomy, responsible_unit, taxonomy_labels

__all__ = [
    "AppealClassifier",
    "ClassificationError",
    "ClassifierUnavailable",
    "EvaluationReport",
    "FallbackClassifier",
    "LevelScore",
    "OpenAICompatibleClassifier",
    "Suggestion",
    "ThresholdScore",
    "TrainedModel",
    "TrainingOptions",
    "clean_text",
    "evaluate",
    "load",
    "load_routing_defaults",
    "load_taxonomy",
    "normalise_label",
    "responsible_unit",
    "taxonomy_labels",
    "train",
]
