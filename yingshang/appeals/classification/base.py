"""The interface every appeal classifier offers, and what it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol, Sequence, runtime_checkable


class ClassificationError(ValueError):
    """Input that cannot be trained on or classified; the message is a Chinese sentence for users."""


class ClassifierUnavailable(RuntimeError):
    """The classifier cannot answer right now (an endpoint down, a timeout); callers may fall back."""


@dataclass(frozen=True, slots=True)
class Suggestion:
    """One suggested label: the full path joined by the level separator, and a probability in [0, 1]."""

    label: str
    confidence: float

    def as_dict(self) -> dict:
        return {"label": self.label, "confidence": self.confidence}


@runtime_checkable
class AppealClassifier(Protocol):
    """Anything that suggests labels for appeal texts, best first.

    ``suggest`` returns at most ``k`` suggestions sorted by decreasing confidence; confidences of one
    text sum to at most 1. ``suggest_many`` does the same for a batch (one list per text, in order).
    """

    def suggest(self, text: str, k: int = 3) -> list[Suggestion]: ...

    def suggest_many(self, texts: Sequence[str], k: int = 3) -> list[list[Suggestion]]: ...
