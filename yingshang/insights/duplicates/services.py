"""一事多诉: text fingerprints of appeals (MinHash on character shingles, banded for LSH) and the merge
of duplicate appeals into one master.

Fingerprints are a derived table: written in bulk, recomputable at any time (``yingshang insights
fingerprint --all``). A new appeal is fingerprinted by the appeals triage hook in the same transaction as
its triage (at intake, or in the triage worker's batch), so an appeal that is rolled back leaves no fingerprint behind, and every process sees the
index (the FingerprintBand table) as soon as the intake commits.

The MinHash signature is computed by datasketch over 32-bit hashes of the shingles; the same
arithmetic is also written out vectorised with numpy (:func:`signatures_numpy`) for bulk backfills and
the benchmark, and a test keeps the two identical.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from datasketch import MinHash
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingshang.appeals.public import OPEN_STATES, State, appeal_rows, merge_appeal, register_triage_hook
from yingshang.core.audit import audited_write
from yingshang.core.permissions import require_capability
from yingshang.core.textnorm import fingerprint_text

from ..models import AppealFingerprint, FingerprintBand

if TYPE_CHECKING:  # annotations only: insights reads appeals through appeals.public and selectors
    from yingshang.appeals.models import Appeal

NUM_PERM = 128
BANDS, ROWS = 32, 4  # 32 bands × 4 rows: pairs with Jaccard 0.5 collide in some band with p ≈ 0.87, at 0.2 with p ≈ 0.05
SHINGLE = 2  # character bigrams: the unit of meaning of written Chinese, robust to small rewordings
SEED = 20261123
assert BANDS * ROWS == NUM_PERM

# Whatever is not a letter, digit or CJK character is noise for the fingerprint: punctuation, the
# scraping whitespace of imported texts (\n\t, U+3000, U+00A0) and the ***** of masked numbers.

_FNV_PRIME_32 = 0x01000193
_FNV_OFFSET_32 = 0x811C9DC5
_BAND_PRIME = np.uint64(0x100000001B3)
_BAND_OFFSET = np.uint64(0xCBF29CE484222325)

_TEMPLATE = MinHash(num_perm=NUM_PERM, seed=SEED, hashfunc=int)
PERMUTATIONS = _TEMPLATE.permutations  # (a, b), uint32 for datasketch's affine32 scheme


normalize_for_fingerprint = fingerprint_text  # the one normaliser (core.textnorm), shared with appeals' grouping


def appeal_text(title: str, content: str) -> str:
    """Title and content as one normalised string; a title repeated as the content's first line counts once."""
    title_n, content_n = normalize_for_fingerprint(title), normalize_for_fingerprint(content)
    if title_n and content_n.startswith(title_n):
        return content_n
    return title_n + content_n


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
    return float(np.count_nonzero(left == right)) / NUM_PERM


def signature_of(fingerprint: AppealFingerprint) -> np.ndarray:
    return np.frombuffer(bytes(fingerprint.signature), dtype=np.uint32)


# --- writing the index ----------------------------------------------------------------------------------

def fingerprint_appeal(appeal: Appeal, *, replace: bool = True) -> AppealFingerprint | None:
    """(Re)compute one appeal's fingerprint and bands; None when the appeal has no text to compare.
    ``replace=False`` for an appeal just created, which has nothing to replace (two queries fewer)."""
    sig = signature(appeal_text(appeal.title, appeal.content))
    if replace:
        FingerprintBand.objects.filter(appeal_id=appeal.pk).delete()
        AppealFingerprint.objects.filter(appeal_id=appeal.pk).delete()
    if sig is None:
        return None
    fingerprint = AppealFingerprint.objects.create(appeal_id=appeal.pk, signature=sig.tobytes(), accepted_at=appeal.accepted_at)
    FingerprintBand.objects.bulk_create(
        FingerprintBand(appeal_id=appeal.pk, band=int(band), accepted_at=appeal.accepted_at) for band in band_hashes(sig)[0]
    )
    return fingerprint


def fingerprint_triaged_appeals(appeals: list[Appeal]) -> None:
    """The triage hook (yingshang.appeals.hooks): index appeals as they are triaged — one at inline
    intake, a batch from the triage worker — with one bulk insert per table. Bulk-created appeals
    (imports, the demo) go through the backfill."""
    indexed = set(AppealFingerprint.objects.filter(appeal_id__in=[a.pk for a in appeals]).values_list("appeal_id", flat=True))
    fresh = [a for a in appeals if a.pk not in indexed]
    texts = [appeal_text(a.title, a.content) for a in fresh]
    keep = [i for i, text in enumerate(texts) if text]
    if not keep:
        return
    signatures = signatures_numpy([texts[i] for i in keep])
    bands = band_hashes(signatures)
    AppealFingerprint.objects.bulk_create(
        [AppealFingerprint(appeal_id=fresh[i].pk, signature=sig.tobytes(), accepted_at=fresh[i].accepted_at) for i, sig in zip(keep, signatures)])
    FingerprintBand.objects.bulk_create(
        [FingerprintBand(appeal_id=fresh[i].pk, band=int(band), accepted_at=fresh[i].accepted_at) for i, row in zip(keep, bands) for band in row])


register_triage_hook("insights.duplicates", fingerprint_triaged_appeals)


def fingerprint_backfill(*, everything: bool = False, batch: int = 5000, say=None) -> dict:
    """Fingerprint the appeals that have none (``everything``: recompute all), in bulk batches."""
    say = say or (lambda message: None)
    appeals = appeal_rows().order_by("id")
    if everything:
        with transaction.atomic():
            FingerprintBand.objects.all().delete()
            AppealFingerprint.objects.all().delete()
    else:
        appeals = appeals.filter(fingerprint__isnull=True)
    total, skipped, last_id = 0, 0, 0
    while True:
        rows = list(appeals.filter(id__gt=last_id).values_list("id", "title", "content", "accepted_at")[:batch])
        if not rows:
            break
        last_id = rows[-1][0]
        texts = [appeal_text(title, content) for _key, title, content, _rest in rows]
        signatures = signatures_numpy(texts)
        keep = [i for i, text in enumerate(texts) if text]
        skipped += len(rows) - len(keep)
        bands = band_hashes(signatures[keep]) if keep else np.empty((0, BANDS), dtype=np.int64)
        with transaction.atomic():
            AppealFingerprint.objects.bulk_create(
                [AppealFingerprint(appeal_id=rows[i][0], signature=signatures[i].tobytes(), accepted_at=rows[i][3]) for i in keep], batch_size=2000,
            )
            FingerprintBand.objects.bulk_create(
                [FingerprintBand(appeal_id=rows[i][0], band=int(band), accepted_at=rows[i][3]) for k, i in enumerate(keep) for band in bands[k]],
                batch_size=5000,
            )
        total += len(keep)
        say(f"已建立指纹 {total} 件")
    return {"fingerprinted": total, "skipped_empty": skipped}


# --- merging ----------------------------------------------------------------------------------------------

def choose_master(appeals: Iterable[Appeal]) -> Appeal:
    """The appeal that will be handled: the earliest open one, else the earliest still answerable one."""
    appeals = list(appeals)
    for states in (OPEN_STATES, {State.COMPLETED, State.CALLED_BACK}):
        eligible = [a for a in appeals if a.state in states]
        if eligible:
            return min(eligible, key=lambda a: (a.accepted_at, a.pk))
    raise ValidationError(_("所选诉求都已结束或已合并,没有可作为主诉求的诉求"))


def duplicates_merge(*, actor, appeals: Sequence[Appeal], master: Appeal | None = None, reason: str = "") -> Appeal:
    """Merge ``appeals`` into one master (``master``, or :func:`choose_master`): the others go to 已合并
    through the workflow's 合并 action, all or none. Returns the master."""
    require_capability(actor, "insights.merge_duplicates")
    require_capability(actor, "appeals.dispatch")
    unique = list({a.pk: a for a in appeals}.values())
    if master is not None and master.pk not in {a.pk for a in unique}:
        unique.append(master)
    if len(unique) < 2:
        raise ValidationError(_("请至少选择两件诉求进行合并"))
    already = [a.tracking_no for a in unique if a.state == State.MERGED]
    if already:
        raise ValidationError(_("诉求 %(already)s 已合并到其他诉求,不能再次合并") % {"already": "、".join(already)})
    master = master or choose_master(unique)
    note = reason.strip() or f"一事多诉:与 {master.tracking_no} 为同一事项,合并办理"
    with audited_write(actor):
        for appeal in unique:
            if appeal.pk != master.pk:
                merge_appeal(actor=actor, appeal=appeal, master=master, reason=note)
    master.refresh_from_db()
    return master
