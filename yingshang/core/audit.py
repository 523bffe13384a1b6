"""The audit trail's write discipline.

Business models derive from :class:`AuditedModel`. Their rows may only be written inside
:func:`audited_write`, which opens a transaction, remembers every row written and, on leaving,
refuses to commit unless each of those rows has its audit entry (:func:`record`). Services are the
only callers of ``audited_write``; a stray ``obj.save()`` in a view or a shell raises
:class:`UnauditedWriteError` instead of silently bypassing the trail.
"""

from __future__ import annotations

import contextvars
import dataclasses
import datetime as dt
import decimal
import hashlib
import json
from contextlib import contextmanager
from typing import Any, Iterable, Iterator

from django.db import models, transaction
from django.utils import timezone


class UnauditedWriteError(RuntimeError):
    """A business object was written outside a service's audited transaction."""


class AuditMissingError(RuntimeError):
    """A service wrote a business object but recorded no audit entry for it."""


@dataclasses.dataclass
class _WriteContext:
    actor: Any
    written: set[tuple[str, Any]] = dataclasses.field(default_factory=set)
    recorded: set[tuple[str, Any]] = dataclasses.field(default_factory=set)
    bulk_written: dict[str, int] = dataclasses.field(default_factory=dict)
    bulk_recorded: dict[str, int] = dataclasses.field(default_factory=dict)


_current: contextvars.ContextVar[_WriteContext | None] = contextvars.ContextVar("yingshang_audit", default=None)


def _require_context(action: str, label: str) -> _WriteContext:
    ctx = _current.get()
    if ctx is None:
        raise UnauditedWriteError(
            f"{label}: {action} outside a service. Business objects change only through services "
            "(yingshang.<app>.services), which record the change in the audit trail."
        )
    return ctx


@contextmanager
def audited_write(actor) -> Iterator[_WriteContext]:
    """Open an atomic, audited unit of work on behalf of ``actor`` (a User or None for the system)."""
    outer = _current.get()
    if outer is not None:
        # Nested services share the outer unit of work: one transaction, one check at the end.
        with transaction.atomic():
            yield outer
        return
    ctx = _WriteContext(actor=actor)
    token = _current.set(ctx)
    try:
        with transaction.atomic():
            yield ctx
            missing = ctx.written - ctx.recorded
            if missing:
                raise AuditMissingError(f"written without an audit entry: {sorted(map(str, missing))[:5]}")
            for label, count in ctx.bulk_written.items():
                if ctx.bulk_recorded.get(label, 0) < count:
                    raise AuditMissingError(f"{count} bulk-written {label} rows lack their audit entry")
    finally:
        _current.reset(token)


class AuditedQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise UnauditedWriteError(
            f"{self.model._meta.label}: queryset.update() bypasses the audit trail; "
            "use audited_update() inside a service and record each change"
        )

    def audited_update(self, **kwargs) -> int:
        """Update rows whose audit entries the calling service records itself."""
        ctx = _require_context("queryset update", self.model._meta.label)
        pks = list(self.values_list("pk", flat=True))
        ctx.written.update((self.model._meta.label, pk) for pk in pks)
        return super().update(**kwargs)

    def delete(self):
        _require_context("queryset delete", self.model._meta.label)
        raise UnauditedWriteError(f"{self.model._meta.label}: delete objects one by one through a service")

    def bulk_create(self, objs, *args, **kwargs):
        ctx = _require_context("bulk_create", self.model._meta.label)
        objs = list(objs)
        label = self.model._meta.label
        ctx.bulk_written[label] = ctx.bulk_written.get(label, 0) + len(objs)
        return super().bulk_create(objs, *args, **kwargs)

    def bulk_update(self, objs, fields, *args, **kwargs):
        ctx = _require_context("bulk_update", self.model._meta.label)
        objs = list(objs)
        label = self.model._meta.label
        ctx.bulk_written[label] = ctx.bulk_written.get(label, 0) + len(objs)
        # Django's bulk_update issues queryset.update() per batch, which this class refuses; the rows
        # are already counted above, so run it on a plain queryset of the same model and database.
        return models.QuerySet(self.model, using=self._db).bulk_update(objs, fields, *args, **kwargs)


class AuditedModel(models.Model):
    """Base of every business object: writes need an audited service; ``version`` detects lost updates."""

    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = AuditedQuerySet.as_manager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        ctx = _require_context("save", self._meta.label)
        self.updated_at = timezone.now()
        super().save(*args, **kwargs)
        ctx.written.add((self._meta.label, self.pk))

    def delete(self, *args, **kwargs):
        ctx = _require_context("delete", self._meta.label)
        ctx.written.add((self._meta.label, self.pk))
        return super().delete(*args, **kwargs)

    def audit_snapshot(self) -> dict[str, Any]:
        """The object's state as stored in audit entries: concrete fields, foreign keys as ids."""
        data: dict[str, Any] = {}
        for field in self._meta.concrete_fields:
            if field.name in {"created_at", "updated_at"}:
                continue
            data[field.attname] = to_jsonable(getattr(self, field.attname))
        return data


def to_jsonable(value: Any) -> Any:
    if isinstance(value, (dt.datetime, dt.date)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    return value


def canonical_json(value: Any) -> str:
    return json.dumps(to_jsonable(value), ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def entry_hash(prev_hash: str, payload: dict[str, Any]) -> str:
    return hashlib.sha256((prev_hash + canonical_json(payload)).encode("utf-8")).hexdigest()


def current_actor():
    ctx = _current.get()
    return ctx.actor if ctx else None


def mark_recorded(label: str, pk: Any) -> None:
    ctx = _require_context("audit record", label)
    ctx.recorded.add((label, pk))


def mark_bulk_recorded(label: str, count: int) -> None:
    ctx = _require_context("audit record", label)
    ctx.bulk_recorded[label] = ctx.bulk_recorded.get(label, 0) + count


def changed_fields(before: dict | None, after: dict | None) -> list[str]:
    before, after = before or {}, after or {}
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def diff_only(before: dict | None, after: dict | None) -> tuple[dict | None, dict | None]:
    """Keep only the fields that changed, so entries stay readable and small."""
    if before is None or after is None:
        return before, after
    keys: Iterable[str] = changed_fields(before, after)
    return {k: before.get(k) for k in keys}, {k: after.get(k) for k in keys}
