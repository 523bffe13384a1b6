"""Near-duplicate groups for honest evaluation: 一事多诉 copies must never sit on both sides of a fold.

Two messages belong to the same group when their MinHash similarity reaches ``threshold`` or when their
normalised titles are equal; groups are the connected components of those links. The similarity is the
one of insights' 一事多诉 index — the same signatures and LSH bands from :mod:`yingshang.core.minhash` — so
"near-duplicate" means the same thing in both places, and the classification package stays free of Django
and of the insights app.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from yingshang.core.minhash import normalize, signatures_numpy, similar_pairs

NEAR_DUPLICATE_SIMILARITY = 0.8
# A title this short ("咨询", "投诉") says nothing about the message: equal short titles are not a link.
MIN_TITLE_CHARS = 6


def near_duplicate_groups(texts: Sequence[str], titles: Sequence[str] | None = None, *,
                          threshold: float = NEAR_DUPLICATE_SIMILARITY) -> np.ndarray:
    """A group id per text: texts linked by MinHash similarity ≥ ``threshold`` or by an equal normalised
    title (``titles``; the first line of each text when None) share an id. Ids are 0..n_groups-1."""
    n = len(texts)
    if titles is None:
        titles = [(text or "").strip().split("\n", 1)[0] for text in texts]
    links: list[tuple[int, int]] = []
    first_with_title: dict[str, int] = {}
    for i, title in enumerate(titles):
        key = normalize(title)
        if len(key) >= MIN_TITLE_CHARS:
            links.append((first_with_title.setdefault(key, i), i))
    links += similar_pairs(signatures_numpy([normalize(text) for text in texts]), threshold)
    if n == 0:
        return np.empty(0, dtype=np.int64)
    rows, cols = (np.array(side, dtype=np.int64) for side in zip(*links)) if links else (np.empty(0, np.int64),) * 2
    graph = coo_matrix((np.ones(rows.size, dtype=np.int8), (rows, cols)), shape=(n, n))
    _, ids = connected_components(graph, directed=False)
    return ids.astype(np.int64)
