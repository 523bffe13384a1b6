"""The triage worker: classification, repeat detection and auto-dispatch of appeals registered with
deferred triage (the high-volume intake API, settings.YINGSHANG_DEFER_API_TRIAGE).

Registering an appeal is then a few inserts; the expensive part runs here in batches, where the
classifier vectorises a whole batch at once. Several workers may run: on PostgreSQL each claims its
batch with SELECT … FOR UPDATE SKIP LOCKED. An appeal someone acted on meanwhile (dispatched by hand,
merged) is marked triaged without being moved: people win over the machine.

It runs as a background task like every other (appeals/jobs.py: a self-re-enqueuing tick on the
"triage" queue of `yingshang db_worker`); `yingshang appeals triage --follow` starts such a worker.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from yingshang.core import clock, fastsql
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record_many
from yingshang.core.services import ConcurrentEditError

from . import suggest
from .hooks import run_triage_hooks
from .models import Appeal
from .workflow import Action, State

# Large enough for the classifier to vectorise, small enough to keep each transaction short.
BATCH_SIZE = 100


def pending_count() -> int:
    return Appeal.objects.filter(triaged_at__isnull=True).count()


def triage_batch(*, limit: int = BATCH_SIZE) -> int:
    """Triage up to ``limit`` waiting appeals (oldest first); returns how many were triaged."""
    from . import services
    from .services import intake, loop

    with audited_write(None):
        waiting = Appeal.objects.filter(triaged_at__isnull=True).order_by("id").select_related("district")
        if connection.features.has_select_for_update_skip_locked:
            waiting = waiting.select_for_update(skip_locked=True, of=("self",))
        batch = list(waiting[:limit])
        if not batch:
            return 0
        settings_row = services.hub_settings_cached()
        results, classifier = suggest.suggest_many([a.content for a in batch], [a.district_id for a in batch], with_history=True)
        now = clock.now()
        triaged, changes = [], []
        befores = {a.pk: a.audit_snapshot() for a in batch}
        to_classify = [a for a in batch if a.state == State.RECEIVED and a.label_id is None]
        classify_ids = {a.pk for a in to_classify}
        for appeal, suggestions in zip(batch, results):
            if appeal.pk in classify_ids:
                appeal.suggestions = [s.as_dict() for s in suggestions]
        repeats = services.earlier_appeals_of_same_callers(to_classify, settings_row.repeat_window_days)
        for appeal, suggestions in zip(batch, results):
            before = befores[appeal.pk]
            fields = {"triaged_at": now}
            if appeal.pk in classify_ids:
                fields.update(suggestions=appeal.suggestions, classifier=classifier, repeat_of_id=appeal.repeat_of_id or repeats.get(appeal.pk))
            # Compare-and-set on the version: an appeal someone changed since it was read stays queued.
            if not fastsql.update_if_version(appeal, {"version": appeal.version + 1, "updated_at": timezone.now(), **fields}):
                continue
            for name, value in fields.items():
                setattr(appeal, name, value)
            appeal.version += 1
            changes.append(("appeals.appeal.triage", appeal, before, appeal.audit_snapshot()))
            triaged.append((appeal, suggestions))
        # Derived tables first: the audit chain's head is locked from the first entry to the commit, and
        # every intake waits for that lock, so the entries come last and the dispatches get their own
        # short transactions below.
        run_triage_hooks([appeal for appeal, _ in triaged])
        if changes:
            record_many(changes)
    for appeal, suggestions in triaged:
        if appeal.state != State.RECEIVED or appeal.label_id is not None:
            continue
        label, unit, automatic, confidence = intake._dispatch_target(appeal, None, None, suggestions, None, settings_row)
        if label is None or unit is None:
            continue
        try:
            with audited_write(None):
                loop._apply(appeal, Action.DISPATCH, None, now, {"label": label, "unit": unit, "automatic": automatic, "confidence": confidence},
                                expected_version=appeal.version)
        except ConcurrentEditError:
            continue  # someone acted on it since it was triaged: the operator's decision stands
    return len(batch)


def triage_all(*, limit: int = BATCH_SIZE) -> int:
    total = 0
    while True:
        done = triage_batch(limit=limit)
        total += done
        if done < limit:
            return total
