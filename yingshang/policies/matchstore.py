"""Stored match results: one compressed set of column arrays per item and verdict (MatchSet).

A set holds, for the enterprises of one verdict, sorted by enterprise id:

- every verdict: ``enterprise`` (int64), ``amount`` (estimated amount, NaN when unknown) and ``ceiling``
  (the amount is an upper bound);
- eligible: ``first_seen`` (proleptic ordinal of the day the pair was first found eligible: the start of
  "days from eligibility to money");
- undetermined: ``unknown_mask`` (bit per fact, ``engine.FACT_INDEX``);
- near miss: ``fact`` (index in ``FACT_KEYS`` of the failing condition's fact, -1 for a compound one),
  ``observed`` (the enterprise's value) and ``gap`` (distance to the threshold), NaN where not numeric.

Encoding: enterprise ids are stored as steps from the previous id in the narrowest integer type that holds
them, in their own field, so a membership test reads nothing else and decodes with one cumulative sum; each
other column is compressed on its own with
zlib at level 1 (speed over ratio: a full run writes ~10^8 values), behind a small JSON header naming each
column's dtype, length and compressed size.
"""

from __future__ import annotations

import datetime as dt
import json
import struct
import zlib
from dataclasses import dataclass

import numpy as np
from django.utils import timezone

from .facts import FACTS
from .models import MatchSet

ELIGIBLE, UNDETERMINED, NEAR_MISS = MatchSet.ELIGIBLE, MatchSet.UNDETERMINED, MatchSet.NEAR_MISS
VERDICTS = (ELIGIBLE, UNDETERMINED, NEAR_MISS)
FACT_KEYS = list(FACTS)

COLUMNS: dict[int, dict[str, str]] = {
    ELIGIBLE: {"enterprise": "i8", "first_seen": "i4", "amount": "f8", "ceiling": "?"},
    UNDETERMINED: {"enterprise": "i8", "unknown_mask": "i8", "amount": "f8", "ceiling": "?"},
    NEAR_MISS: {"enterprise": "i8", "fact": "i2", "observed": "f8", "gap": "f8", "amount": "f8", "ceiling": "?"},
}
_HEADER = struct.Struct("<I")


class CorruptMatchSet(ValueError):
    pass


@dataclass
class VerdictSet:
    """One item's enterprises of one verdict, as column arrays sorted by enterprise id."""

    item_id: int
    version_id: int
    verdict: int
    columns: dict[str, np.ndarray]

    @property
    def enterprises(self) -> np.ndarray:
        return self.columns["enterprise"]

    def __len__(self) -> int:
        return len(self.columns["enterprise"])

    def find(self, enterprise_id: int) -> int | None:
        """Index of ``enterprise_id`` in the set, or None."""
        ids = self.enterprises
        index = int(np.searchsorted(ids, enterprise_id))
        return index if index < len(ids) and ids[index] == enterprise_id else None

    def contains_any(self, enterprise_ids: np.ndarray) -> bool:
        ids = self.enterprises
        if not len(ids) or not len(enterprise_ids):
            return False
        index = np.minimum(np.searchsorted(ids, enterprise_ids), len(ids) - 1)
        return bool((ids[index] == enterprise_ids).any())

    def take(self, keep: np.ndarray) -> VerdictSet:
        return VerdictSet(self.item_id, self.version_id, self.verdict, {name: column[keep] for name, column in self.columns.items()})


def empty(item_id: int, version_id: int, verdict: int) -> VerdictSet:
    return VerdictSet(item_id, version_id, verdict, {name: np.zeros(0, dtype=dtype) for name, dtype in COLUMNS[verdict].items()})


def build(item_id: int, version_id: int, verdict: int, **columns) -> VerdictSet:
    """A set from unsorted columns (every column of the verdict must be given, all of one length)."""
    names = COLUMNS[verdict]
    if set(columns) != set(names):
        raise ValueError(f"columns of verdict {verdict}: expected {sorted(names)}, got {sorted(columns)}")
    arrays = {name: np.asarray(columns[name], dtype=names[name]) for name in names}
    if len(arrays["enterprise"]) <= 1:  # nothing to sort (most sets of an incremental re-match)
        return VerdictSet(item_id, version_id, verdict, arrays)
    order = np.argsort(arrays["enterprise"], kind="stable")
    if np.any(np.diff(arrays["enterprise"][order]) == 0):
        raise ValueError("an enterprise appears twice in one verdict set")
    return VerdictSet(item_id, version_id, verdict, {name: array[order] for name, array in arrays.items()})


def merge(old: VerdictSet | None, scope: np.ndarray, fresh: VerdictSet) -> VerdictSet:
    """``old`` with the enterprises in ``scope`` replaced by ``fresh`` (an incremental re-match)."""
    if old is None or len(old) == 0:
        return fresh
    kept = old.take(~np.isin(old.enterprises, scope))
    columns = {name: np.concatenate([kept.columns[name], fresh.columns[name]]) for name in COLUMNS[fresh.verdict]}
    return build(fresh.item_id, fresh.version_id, fresh.verdict, **columns)


_STEP_TYPES = [np.dtype("<u1"), np.dtype("<u2"), np.dtype("<u4"), np.dtype("<i8")]


def _pack_ids(ids: np.ndarray) -> bytes:
    """Ascending ids as steps from the previous one, in the narrowest integer type that holds the largest
    step (one or two bytes per id for a typical set): decoding is one cumulative sum, no decompression,
    which is what an incremental re-match does for every set."""
    steps = np.diff(ids, prepend=np.int64(0))
    largest = int(steps.max()) if len(steps) else 0
    code = next(i for i, dtype in enumerate(_STEP_TYPES) if largest <= np.iinfo(dtype).max)
    return bytes([code]) + steps.astype(_STEP_TYPES[code]).tobytes()


def _unpack_ids(blob: bytes) -> np.ndarray:
    if not blob or blob[0] >= len(_STEP_TYPES):
        raise ValueError("unknown id encoding")
    return np.cumsum(np.frombuffer(blob, dtype=_STEP_TYPES[blob[0]], offset=1), dtype=np.int64)


def pack(verdict_set: VerdictSet) -> tuple[bytes, bytes]:
    """(members, columns): the compressed enterprise ids, and every other column behind a JSON header."""
    ids = np.ascontiguousarray(verdict_set.enterprises, dtype=np.int64)
    members = _pack_ids(ids)
    header, chunks = {}, []
    for name, dtype in COLUMNS[verdict_set.verdict].items():
        if name == "enterprise":
            continue
        chunk = zlib.compress(np.ascontiguousarray(verdict_set.columns[name], dtype=dtype).tobytes(), 1)
        header[name] = [dtype, len(ids), len(chunk)]
        chunks.append(chunk)
    head = json.dumps(header, separators=(",", ":")).encode()
    return members, _HEADER.pack(len(head)) + head + b"".join(chunks)


def unpack(item_id: int, version_id: int, verdict: int, members: bytes, columns: bytes | None = None) -> VerdictSet:
    """Decode a stored set (only its enterprise ids when ``columns`` is None)."""
    try:
        decoded = {"enterprise": _unpack_ids(bytes(members))}
        if columns is not None:
            blob = bytes(columns)
            (size,) = _HEADER.unpack_from(blob)
            header = json.loads(blob[_HEADER.size:_HEADER.size + size])
            offset = _HEADER.size + size
            for name, (dtype, length, nbytes) in header.items():
                decoded[name] = np.frombuffer(zlib.decompress(blob[offset:offset + nbytes]), dtype=dtype, count=length)
                offset += nbytes
    except (struct.error, ValueError, TypeError, zlib.error) as error:
        raise CorruptMatchSet(f"match set of item {item_id} (verdict {verdict}) cannot be read: {error}") from error
    return VerdictSet(item_id, version_id, verdict, decoded)


def load(item_ids: list[int] | None = None, verdicts: tuple[int, ...] = VERDICTS,
         members_only: bool = False) -> dict[tuple[int, int], VerdictSet]:
    """Stored sets by (item id, verdict); every item when ``item_ids`` is None; just the enterprise ids
    when ``members_only``."""
    rows = MatchSet.objects.filter(verdict__in=verdicts)
    if item_ids is not None:
        rows = rows.filter(item_id__in=item_ids)
    if members_only:
        return {(item, verdict): unpack(item, version, verdict, members)
                for item, version, verdict, members in rows.values_list("item_id", "item_version_id", "verdict", "members").iterator()}
    return {(item, verdict): unpack(item, version, verdict, members, columns) for item, version, verdict, members, columns
            in rows.values_list("item_id", "item_version_id", "verdict", "members", "columns").iterator()}


def load_one(item_id: int, verdict: int) -> VerdictSet | None:
    return load([item_id], (verdict,)).get((item_id, verdict))


def save(sets: list[VerdictSet], as_of: dt.date) -> None:
    """Replace the stored sets of these (item, verdict) pairs; the caller holds the items' locks."""
    if not sets:
        return
    now = timezone.now()
    by_verdict: dict[int, list[int]] = {}
    for verdict_set in sets:
        by_verdict.setdefault(verdict_set.verdict, []).append(verdict_set.item_id)
    for verdict, item_ids in by_verdict.items():
        MatchSet.objects.filter(verdict=verdict, item_id__in=item_ids).delete()
    rows = []
    for verdict_set in sets:
        members, columns = pack(verdict_set)
        rows.append(MatchSet(item_id=verdict_set.item_id, item_version_id=verdict_set.version_id, verdict=verdict_set.verdict,
                             size=len(verdict_set), members=members, columns=columns, as_of=as_of, computed_at=now))
    MatchSet.objects.bulk_create(rows, batch_size=200)


def delete_items(item_ids) -> int:
    return MatchSet.objects.filter(item_id__in=list(item_ids)).delete()[0]


def counts(item_ids: list[int] | None = None) -> dict[tuple[int, int], int]:
    """Set sizes by (item id, verdict), without reading the sets."""
    rows = MatchSet.objects.all() if item_ids is None else MatchSet.objects.filter(item_id__in=item_ids)
    return {(item, verdict): size for item, verdict, size in rows.values_list("item_id", "verdict", "size")}
