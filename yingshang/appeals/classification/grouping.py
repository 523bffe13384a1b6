"""Near-duplicate groups for honest evaluation: 一事多诉 copies must never sit on both sides of a fold.

Two messages belong to the same group when their MinHash similarity (character bigrams, as the
insights duplicate index uses) reaches ``threshold`` or when their normalised titles are equal; groups
are the connected components of those links (union-find over the LSH candidates). The classification
package stays free of Django and of the insights app, so the fingerprint is computed here with
datasketch directly, with the same normalisation and shingle size as the insights index.
"""

from __future__ import annotations

import re
from typing import Sequence

import numpy as np
from datasketch import MinHash, MinHashLSH

from yingshang.core.textnorm import fingerprint_text

NUM_PERM = 128
SHINGLE = 2
SEED = 20261123
NEAR_DUPLICATE_SIMILARITY = 0.8
# A title this short ("咨询", "投诉") says nothing about the message: equal short titles are not a link.
MIN_TITLE_CHARS = 6

normalise = fingerprint_text  # the one normaliser (core.textnorm), as insights' 一事多诉 fingerprints use it


def _shingle_hashes(text: str) -> list[int]:
    if len(text) <= SHINGLE:
        return [hash_shingle(text)] if text else []
    return list({hash_shingle(text[i:i + SHINGLE]) for i in range(len(text) - SHINGLE + 1)})


def hash_shingle(shingle: str) -> int:
    """32-bit FNV-1a of the shingle's UTF-8 bytes (stable across processes, unlike ``hash``)."""
    value = 0x811C9DC5
    for byte in shingle.encode("utf-8"):
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return value


class _UnionFind:
    def __init__(self, n: int):
        self.parent = list(range(n))

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def union(self, i: int, j: int) -> None:
        a, b = self.find(i), self.find(j)
        if a != b:
            self.parent[max(a, b)] = min(a, b)


def near_duplicate_groups(texts: Sequence[str], titles: Sequence[str] | None = None, *,
                          threshold: float = NEAR_DUPLICATE_SIMILARITY) -> np.ndarray:
    """A group id per text: texts linked by MinHash similarity ≥ ``threshold`` or by an equal normalised
    title (``titles``; the first line of each text when None) share an id. Ids are 0..n_groups-1."""
    n = len(texts)
    if titles is None:
        titles = [(text or "").strip().split("\n", 1)[0] for text in texts]
    union = _UnionFind(n)
    first_with_title: dict[str, int] = {}
    for i, title in enumerate(titles):
        key = normalise(title)
        if len(key) >= MIN_TITLE_CHARS:
            if key in first_with_title:
                union.union(first_with_title[key], i)
            else:
                first_with_title[key] = i
    template = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
    lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
    signatures: dict[int, MinHash] = {}
    for i, text in enumerate(texts):
        hashes = _shingle_hashes(normalise(text))
        if not hashes:
            continue
        minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=template.permutations,
                          scheme="affine32")
        minhash.update_batch(hashes)
        # LSH gives candidates; the signature's own estimate decides, so a band collision alone is no link.
        for j in lsh.query(minhash):
            if minhash.jaccard(signatures[j]) >= threshold:
                union.union(j, i)
        lsh.insert(i, minhash)
        signatures[i] = minhash
    roots = np.fromiter((union.find(i) for i in range(n)), dtype=np.int64, count=n)
    _, ids = np.unique(roots, return_inverse=True)
    return ids.astype(np.int64)
