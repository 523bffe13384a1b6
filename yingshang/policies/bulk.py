"""Fast inserts of many rows of one model (免申即享 lists of whole populations).

Django's bulk_create builds a model instance per row and prepares every field of every row through the
ORM compiler, which dominates at tens of thousands of rows. Here the columns shared by the whole batch
(the item, its version, the dates, the defaults) are prepared once, the varying ones per row, and the
rows go to ``executemany``. The caller stays inside ``audited_write`` and records the batch with
``record_bulk``; like AuditedQuerySet.bulk_create, this refuses to run outside an audited transaction.
"""

from __future__ import annotations

from django.db import connection
from django.utils import timezone

from yingshang.core.audit import _require_context


def fast_insert(model, shared: dict, rows: list[dict]) -> int:
    """Insert ``rows`` (attname → value, the varying columns) with ``shared`` (the same for every row)."""
    if not rows:
        return 0
    ctx = _require_context("fast_insert", model._meta.label)
    now = timezone.now()
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    varying = list(rows[0])
    constant = {}
    for field in fields:
        if field.attname in varying:
            continue
        if field.attname in shared:
            value = shared[field.attname]
        elif field.attname in ("created_at", "updated_at"):
            value = now
        else:
            value = field.get_default()
        constant[field.attname] = field.get_db_prep_save(value, connection)
    by_name = {f.attname: f for f in fields}
    prepared_columns = []
    for name in varying:
        field = by_name[name]
        cache: dict = {}
        column = []
        for row in rows:
            value = row[name]
            key = repr(value) if isinstance(value, (dict, list)) else value
            if key not in cache:
                cache[key] = field.get_db_prep_save(value, connection)
            column.append(cache[key])
        prepared_columns.append(column)
    names = list(constant) + varying
    constant_values = list(constant.values())
    values = [constant_values + list(row) for row in zip(*prepared_columns)]
    columns = ", ".join(connection.ops.quote_name(by_name[n].column) for n in names)
    marks = ", ".join(["%s"] * len(names))
    with connection.cursor() as cursor:
        cursor.executemany(f"INSERT INTO {connection.ops.quote_name(model._meta.db_table)} ({columns}) VALUES ({marks})", values)
    label = model._meta.label
    ctx.bulk_written[label] = ctx.bulk_written.get(label, 0) + len(rows)
    return len(rows)
