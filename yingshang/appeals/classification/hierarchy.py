"""Label paths (``城乡建设/安全生产/安全隐患``) and their levels.

A model predicts the deepest labels it was trained on; the confidence of a label at a shallower level
is the sum of the confidences of the labels under it, so the figures of all levels come from one
probability distribution and always agree with each other.
"""

from __future__ import annotations

from collections import Counter
from typing import Sequence

import numpy as np
import scipy.sparse as sp


def depth(label: str, level_sep: str) -> int:
    return label.count(level_sep) + 1 if label else 0


def truncate(label: str, level: int, level_sep: str) -> str:
    """The ancestor of ``label`` at ``level`` (1 = top); a label shallower than that is returned whole."""
    return level_sep.join(label.split(level_sep)[:level])


def parent(label: str, level_sep: str) -> str:
    head, sep, _ = label.rpartition(level_sep)
    return head if sep else ""


def level_projection(classes: Sequence[str], level: int, level_sep: str) -> tuple[list[str], sp.csr_matrix]:
    """(labels at ``level``, matrix M) such that ``probabilities @ M`` sums children into ancestors.

    Rows of M are the classes, columns the distinct ancestors at ``level``, sorted.
    """
    ancestors = [truncate(label, level, level_sep) for label in classes]
    names = sorted(set(ancestors))
    column = {name: i for i, name in enumerate(names)}
    matrix = sp.csr_matrix(
        (np.ones(len(classes)), (np.arange(len(classes)), [column[a] for a in ancestors])),
        shape=(len(classes), len(names)),
    )
    return names, matrix


def back_off_rare_labels(labels: Sequence[str], min_count: int, level_sep: str) -> tuple[list[str], dict[str, str]]:
    """Replace labels with fewer than ``min_count`` examples by their parent, repeatedly.

    A leaf seen twice cannot be learned (nor its confidence calibrated), but its parent, pooled with
    its siblings, often can. Returns the new labels and {original label: label it was merged into}.
    Top-level labels that stay rare are left as they are; the caller decides what to do with them.
    """
    current = list(labels)
    merged: dict[str, str] = {}
    while True:
        counts = Counter(current)
        rare = {label for label, n in counts.items() if n < min_count and level_sep in label}
        if not rare:
            break
        current = [parent(label, level_sep) if label in rare else label for label in current]
    for original, final in zip(labels, current):
        if original != final:
            merged[original] = final
    return current, merged
