"""Incremental re-matching: an enterprise whose facts change is re-matched after the change commits,
against only the items whose rules read a fact derived from the changed fields.

Core services record each change in the audit trail with the fields that changed (before/after diff);
this module reads that diff instead of asking core to tell it anything. Bulk loads without per-row
signals (demo generation, raw imports) are covered by `yingshang policies match` (full or --changed-since).
"""

from __future__ import annotations

import logging
import threading

from django.db import transaction
from django.db.models.signals import m2m_changed, post_save

logger = logging.getLogger(__name__)
_pending = threading.local()


def _queue(enterprise_id: int, facts: set[str] | None) -> None:
    """Collect changes; the first commit callback re-matches them all, the others find nothing left.
    (A rolled-back change stays queued and is re-matched at the next commit: harmless, matching reads
    the facts as they are.)"""
    queue = getattr(_pending, "changes", None)
    if queue is None:
        queue = _pending.changes = {}
    transaction.on_commit(_flush)
    if facts is None or queue.get(enterprise_id, set()) is None:
        queue[enterprise_id] = None
    else:
        queue.setdefault(enterprise_id, set()).update(facts)


def _flush() -> None:
    changes = getattr(_pending, "changes", None) or {}
    _pending.changes = None
    if not changes:
        return
    from yingshang.core.models import Enterprise

    from .matching import facts_of_fields
    from .models import PolicyItem
    from .services import match_enterprises

    if not PolicyItem.objects.filter(status=PolicyItem.Status.PUBLISHED).exists():
        return
    resolved: dict[int, set[str] | None] = {}
    last_entries = _last_registry_entries([enterprise_id for enterprise_id, facts in changes.items() if facts is None])
    for enterprise_id, facts in changes.items():
        if facts is None:  # a registry change: the audit trail's last diff says which fields moved
            entry = last_entries.get(str(enterprise_id))
            if entry is None or entry.action.endswith("create") or entry.before is None:
                resolved[enterprise_id] = None
            else:
                resolved[enterprise_id] = facts_of_fields(list((entry.after or {}).keys()))
        else:
            resolved[enterprise_id] = facts
    # Changes queued by a transaction that rolled back may name enterprises that no longer exist.
    existing = set(Enterprise.objects.filter(pk__in=list(resolved)).values_list("pk", flat=True))
    resolved = {k: v for k, v in resolved.items() if (v is None or v) and k in existing}
    if resolved:
        try:
            match_enterprises(changes=resolved)
        except Exception:  # matching must never undo or block the registry change that triggered it
            logger.exception("incremental policy matching failed for %s", sorted(resolved))


# Enterprises whose last audit entries are read with one query (a registry import's batch names up to 1,000).
LAST_ENTRIES_PER_QUERY = 500


def _last_registry_entries(enterprise_ids: list[int]) -> dict[str, object]:
    """The last audit entry of each enterprise (by object id as the trail keeps it), a few queries for a whole batch."""
    from django.db.models import Max

    from yingshang.core.models import AuditEntry

    found: dict[str, object] = {}
    ids = [str(enterprise_id) for enterprise_id in enterprise_ids]
    for start in range(0, len(ids), LAST_ENTRIES_PER_QUERY):
        entries = AuditEntry.objects.filter(object_type="core.Enterprise", object_id__in=ids[start:start + LAST_ENTRIES_PER_QUERY])
        last_seqs = entries.values("object_id").annotate(last=Max("seq")).values("last")
        found.update((entry.object_id, entry) for entry in AuditEntry.objects.filter(seq__in=last_seqs).only("seq", "object_id", "action", "before", "after"))
    return found


def _enterprise_saved(sender, instance, created, raw=False, **kwargs):
    if not raw:
        _queue(instance.pk, None)


def _qualifications_changed(sender, instance, action, **kwargs):
    if action in ("post_add", "post_remove", "post_clear") and instance.pk:
        _queue(instance.pk, {"qualification"})


def _fact_saved(sender, instance, raw=False, **kwargs):
    if not raw:
        _queue(instance.enterprise_id, {instance.key})


def _credit_standing_changed(sender, enterprise_ids=(), **kwargs):
    """The credit app changed some standings (core.registry.credit_standing_changed): re-match them on the
    credit facts. In its own atomic block, so that a sender outside a transaction still gets the flush."""
    ids = [int(i) for i in enterprise_ids]
    if not ids:
        return
    facts = {"blacklisted", "credit_class"}
    with transaction.atomic():
        _queue(ids[0], facts)  # registers the flush once; a full recomputation may name 10^6 enterprises
        queue = _pending.changes
        for enterprise_id in ids[1:]:
            known = queue.get(enterprise_id, set())
            if known is not None:
                queue[enterprise_id] = known | facts


def connect() -> None:
    from yingshang.core.models import Enterprise
    from yingshang.core.registry import credit_standing_changed

    from .models import EnterpriseFact

    post_save.connect(_enterprise_saved, sender=Enterprise, dispatch_uid="policies-enterprise-saved")
    m2m_changed.connect(_qualifications_changed, sender=Enterprise.qualifications.through, dispatch_uid="policies-qualifications")
    post_save.connect(_fact_saved, sender=EnterpriseFact, dispatch_uid="policies-fact-saved")
    credit_standing_changed.connect(_credit_standing_changed, dispatch_uid="policies-credit-standing")
