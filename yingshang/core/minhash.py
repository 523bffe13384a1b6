"""MinHash fingerprints of texts and LSH bands: the one implementation of near-duplicate text similarity.

Used by insights' 一事多诉 index (signatures stored per appeal, bands as an index table) and by appeals'
near-duplicate grouping for honest cross-validation (the same similarity, so "near-duplicate" means the
same thing in both places). Texts are compared after :func:`yingshang.core.textnorm.fingerprint_text`.

The signature is computed by datasketch over 32-bit FNV-1 hashes of character shingles; the same
arithmetic is also written out vectorised with numpy (:func:`signatures_numpy`) for bulk work, and a test
keeps the two identical. Pure functions: no Django, no database.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

import numpy as np
from datasketch import MinHash

from .textnorm import fingerprint_text

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands × 4 rows: pairs with Jaccard 0.5 collide in some band with p ≈ 0.87, at 0.2 with p ≈ 0.05
SHINGLE = 2  # character bigrams: the unit of meaning of written Chinese, robust to small rewordings
SEED = 20261123
assert BANDS * ROWS == NUM_PERM

_FNV_PRIME_32 = 0x01000193
_FNV_OFFSET_32 = 0x811C9DC5
_BAND_PRIME = np.uint64(0x100000001B3)
_BAND_OFFSET = np.uint64(0xCBF29CE484222325)

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
PERMUTATIONS = _TEMPLATE.permutations  # (a, b), uint32 for datasketch's affine32 scheme

normalize = fingerprint_text  # the one normaliser (core.textnorm)


def shingles(text: str, size: int = SHINGLE) -> list[str]:
    """The character ``size``-grams of an already normalised text (the whole text when shorter)."""
    if len(text) <= size:
        return [text] if text else []
    return [text[i:i + size] for i in range(len(text) - size + 1)]


def shingle_hashes(text: str, size: int = SHINGLE) -> np.ndarray:
    """32-bit FNV-1 hashes of the text's shingles, computed on the code points with numpy (a repeated
    shingle hashes the same and cannot change a minimum, so there is no need to deduplicate)."""
    codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    if codes.size == 0:
        return np.empty(0, dtype=np.uint64)
    width = min(size, codes.size)
    count = codes.size - width + 1
    h = np.full(count, _FNV_OFFSET_32, dtype=np.uint64)
    for offset in range(width):
        h = ((h * np.uint64(_FNV_PRIME_32)) & np.uint64(0xFFFFFFFF)) ^ codes[offset:offset + count]
    return h


def signature(text: str) -> np.ndarray | None:
    """The MinHash signature (NUM_PERM uint32) of a normalised text, by datasketch; None for an empty text."""
    hashes = shingle_hashes(text)
    if hashes.size == 0:
        return None
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int, permutations=PERMUTATIONS, scheme="affine32")
    minhash.update_batch(hashes.tolist())
    return np.asarray(minhash.hashvalues, dtype=np.uint32)


def _fmix32(values: np.ndarray) -> np.ndarray:
    """MurmurHash3's finalizer, as datasketch premixes input hashes (uint32 wraparound)."""
    v = values.astype(np.uint32)
    v ^= v >> np.uint32(16)
    v *= np.uint32(0x85EBCA6B)
    v ^= v >> np.uint32(13)
    v *= np.uint32(0xC2B2AE35)
    v ^= v >> np.uint32(16)
    return v


def signatures_numpy(texts: Sequence[str], *, batch: int = 20_000) -> np.ndarray:
    """Signatures of many normalised texts at once (rows of zeros for empty texts): the same values as
    :func:`signature`, without one datasketch object (or one Python loop step) per shingle."""
    out = np.zeros((len(texts), NUM_PERM), dtype=np.uint32)
    for begin in range(0, len(texts), batch):
        part = texts[begin:begin + batch]
        out[begin:begin + len(part)] = _signatures_batch(part)
    return out


def _signatures_batch(texts: Sequence[str]) -> np.ndarray:
    count = len(texts)
    lengths = np.fromiter((len(t) for t in texts), dtype=np.int64, count=count)
    out = np.zeros((count, NUM_PERM), dtype=np.uint32)
    mins = np.full((count, NUM_PERM), np.iinfo(np.uint32).max, dtype=np.uint32)
    # Texts shorter than a shingle are one shingle of their own length: few, hashed one by one.
    short = np.flatnonzero((lengths > 0) & (lengths < SHINGLE))
    owners_parts, hash_parts = [], []
    for index in short:
        hashes = shingle_hashes(texts[index])
        owners_parts.append(np.full(hashes.size, index))
        hash_parts.append(hashes)
    # All other shingles at once: every text's code points side by side, FNV-1 over SHINGLE positions.
    codes = np.frombuffer("".join(texts).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    starts = np.concatenate(([0], np.cumsum(lengths)[:-1]))
    per_text = np.where(lengths >= SHINGLE, lengths - SHINGLE + 1, 0)
    total = int(per_text.sum())
    if total:
        owners = np.repeat(np.arange(count), per_text)
        first_of_owner = np.repeat(np.cumsum(per_text) - per_text, per_text)
        positions = np.arange(total) - first_of_owner + np.repeat(starts, per_text)
        h = np.full(total, _FNV_OFFSET_32, dtype=np.uint64)
        for offset in range(SHINGLE):
            h = ((h * np.uint64(_FNV_PRIME_32)) & np.uint64(0xFFFFFFFF)) ^ codes[positions + offset]
        owners_parts.append(owners)
        hash_parts.append(h)
    if not owners_parts:
        return out
    owners = np.concatenate(owners_parts)
    order = np.argsort(owners, kind="stable")
    owners, flat = owners[order], _fmix32(np.concatenate(hash_parts)[order])
    a, b = (np.asarray(p, dtype=np.uint32) for p in PERMUTATIONS)
    chunk = 16_384  # shingles per step: the (chunk × NUM_PERM) buffer stays in cache and is reused
    buffer = np.empty((chunk, NUM_PERM), dtype=np.uint32)
    for begin in range(0, flat.size, chunk):
        part = flat[begin:begin + chunk]
        permuted = buffer[:part.size]
        np.multiply(part[:, None], a[None, :], out=permuted)  # uint32 wraparound = mod 2^32, as datasketch
        np.add(permuted, b[None, :], out=permuted)
        _segment_min(mins, owners[begin:begin + chunk], permuted)
    nonempty = lengths > 0
    out[nonempty] = mins[nonempty]
    return out


def _segment_min(mins: np.ndarray, owners: np.ndarray, values: np.ndarray) -> None:
    """mins[owner] = min(mins[owner], min of the rows of ``values`` that belong to it); owners sorted."""
    boundaries = np.flatnonzero(np.diff(owners)) + 1
    starts = np.concatenate(([0], boundaries))
    reduced = np.minimum.reduceat(values, starts, axis=0)
    rows = owners[starts]
    mins[rows] = np.minimum(mins[rows], reduced)


def band_hashes(signatures: np.ndarray) -> np.ndarray:
    """(n, BANDS) signed 64-bit keys: band index and its ROWS values, hashed (FNV-1a over 32-bit words)."""
    sig = np.atleast_2d(signatures).astype(np.uint64).reshape(-1, BANDS, ROWS)
    h = np.broadcast_to(_BAND_OFFSET ^ np.arange(BANDS, dtype=np.uint64), sig.shape[:2]).copy()
    for row in range(ROWS):
        h = (h ^ sig[:, :, row]) * _BAND_PRIME
    return h.view(np.int64)


def estimated_jaccard(left: np.ndarray, right: np.ndarray) -> float:
    """The share of equal signature positions: MinHash's estimate of the shingle sets' Jaccard similarity."""
    return float(np.count_nonzero(left == right)) / NUM_PERM


def similar_pairs(signatures: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Pairs (i < j) of rows whose estimated Jaccard similarity reaches ``threshold``. Candidates are the
    rows sharing an LSH band; the signatures' own estimate decides, so a band collision alone is no pair.
    All-zero rows (empty texts) pair with nothing."""
    signatures = np.atleast_2d(signatures)
    present = np.flatnonzero(signatures.any(axis=1))
    buckets: dict[int, list[int]] = defaultdict(list)
    for index, row in zip(present, band_hashes(signatures[present])):
        for key in row.tolist():
            buckets[key].append(int(index))
    candidates = {(bucket[a], bucket[b]) for bucket in buckets.values() if len(bucket) > 1
                  for a in range(len(bucket)) for b in range(a + 1, len(bucket))}
    if not candidates:
        return []
    left, right = np.array(sorted(candidates)).T
    equal = (signatures[left] == signatures[right]).sum(axis=1)
    keep = equal >= threshold * NUM_PERM
    return list(zip(left[keep].tolist(), right[keep].tolist()))
