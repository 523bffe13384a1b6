"""一事多诉: text fingerprints of appeals (MinHash on character shingles, banded for LSH) and the merge
of duplicate appeals into one master.

Fingerprints are a derived table: written in bulk, recomputable at any time (``yingshang insights
fingerprint --all``). A new appeal is fingerprinted by the appeals triage hook in the same transaction as
its triage (at intake, or in the triage worker's batch), so an appeal that is rolled back leaves no fingerprint behind, and every process sees the
index (the FingerprintBand table) as soon as the intake commits.

Signatures and LSH bands come from :mod:`yingshang.core.minhash` (the one MinHash implementation, shared
with appeals' near-duplicate grouping); this module only decides which text of an appeal is fingerprinted
and keeps the index.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

import numpy as np
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from yingshang.appeals.public import (
    OPEN_STATES,
    State,
    appeal_rows,
    merge_appeal,
    register_triage_hook,
)
from yingshang.core.audit import audited_write
from yingshang.core.minhash import (  # noqa: F401 (re-exported: the index's parameters and functions)
    BANDS,
    NUM_PERM,
    ROWS,
    SHINGLE,
    band_hashes,
    estimated_jaccard,
    shingles,
    signature,
    signatures_numpy,
)
from yingshang.core.permissions import require_capability
from yingshang.core.textnorm import fingerprint_text

from ..models import AppealFingerprint, FingerprintBand

if TYPE_CHECKING:  # annotations only: insights reads appeals through appeals.public and selectors
    from yingshang.appeals.models import Appeal

normalize_for_fingerprint = fingerprint_text  # the one normaliser (core.textnorm), shared with appeals' grouping


def appeal_text(title: str, content: str) -> str:
    """Title and content as one normalised string; a title repeated as the content's first line counts once."""
    title_n, content_n = normalize_for_fingerprint(title), normalize_for_fingerprint(content)
    if title_n and content_n.startswith(title_n):
        return content_n
    return title_n + content_n


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
