"""Statements compiled once per process, for the few write paths that run hundreds of times a second
(the intake API's appeal, first event and audit entries).

The ORM compiles every statement anew: for the INSERT of an appeal (about fifty columns) compiling costs
the application server more CPU than PostgreSQL spends executing it. Here the SQL text is built once from
the model's own field list, each value goes through its field's ``pre_save`` and ``get_db_prep_save`` (so
defaults, JSON and time zones come out exactly as with ``save()``), and on PostgreSQL (psycopg 3) the
statement runs on a server-binding cursor (psycopg's RawCursor, ``$n`` placeholders) as a prepared
statement: parameters are not quoted into the text, and the server parses and plans it once per
connection. Django's execute wrappers still apply, errors are Django's (``IntegrityError``...), and when
queries are logged (DEBUG, ``CaptureQueriesContext``) they appear in ``connection.queries``.

``insert_new`` keeps the audit discipline of :class:`~yingshang.core.audit.AuditedModel` (only inside
``audited_write``; the row counts as written and needs its audit entry) and sends ``pre_save`` and
``post_save`` to any receivers, as ``save()`` does.
"""

from __future__ import annotations

import functools
import re
import sys
from typing import Any, Sequence

from django.db import DEFAULT_DB_ALIAS, connection, connections
from django.db.models import AutoField, BigAutoField, Model, SmallAutoField
from django.db.models.signals import post_save, pre_save
from django.utils import timezone

from .audit import AuditedModel, _require_context


def _native_binding(db) -> bool:
    if db.vendor != "postgresql":
        return False
    from django.db.backends.postgresql.psycopg_any import is_psycopg3

    return is_psycopg3


@functools.lru_cache(maxsize=256)
def _numbered(sql: str) -> str:
    """``%s`` placeholders as PostgreSQL's own ``$1, $2…``: psycopg's RawCursor then sends the text as it is
    (its parser for ``%s`` keeps no cache for statements of more than 50 parameters, like an appeal's INSERT)."""
    counter = iter(range(1, sql.count("%s") + 1))
    return re.sub(r"%s", lambda _: f"${next(counter)}", sql)


def _allow_explicit_preparation(db) -> None:
    """Django turns psycopg's prepared statements off (``prepare_threshold`` None) unless the settings ask for
    them, for the sake of transaction-mode poolers. Where the settings say nothing, a threshold no statement
    reaches lets psycopg prepare exactly the statements executed with ``prepare=True`` (these), and nothing
    else: Django's own client-side cursors never prepare. Settings that name a threshold are left as they are."""
    if db.connection.prepare_threshold is None and "prepare_threshold" not in db.settings_dict.get("OPTIONS", {}):
        db.connection.prepare_threshold = sys.maxsize


def execute(sql: str, params: Sequence[Any], *, fetch: bool = False) -> list[tuple] | int:
    """Run one statement (``%s`` placeholders, no other ``%``) in the current transaction, prepared on
    PostgreSQL; returns its rows with ``fetch``, else the number of rows it changed."""
    db = connections[DEFAULT_DB_ALIAS]
    if not _native_binding(db):
        with db.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall() if fetch else cursor.rowcount
    import psycopg

    db.ensure_connection()
    db.validate_thread_sharing()
    _allow_explicit_preparation(db)
    raw = psycopg.RawCursor(db.connection)
    logged = db.queries_logged
    wrapper = db.make_debug_cursor(raw) if logged else db.make_cursor(raw)
    native = _numbered(sql)

    def run(sql, params, many, context):
        db.validate_no_broken_transaction()
        with db.wrap_database_errors:
            return raw.execute(native, params, prepare=True)

    executor = run
    for outer in reversed(db.execute_wrappers):
        executor = functools.partial(outer, executor)
    with wrapper:
        if logged:
            with wrapper.debug_sql(sql, params):
                executor(sql, params, False, {"connection": db, "cursor": wrapper})
        else:
            executor(sql, params, False, {"connection": db, "cursor": wrapper})
        if fetch:
            with db.wrap_database_errors:
                return raw.fetchall()
        return raw.rowcount


def _is_auto_pk(field) -> bool:
    return field.primary_key and isinstance(field, (AutoField, BigAutoField, SmallAutoField))


@functools.cache
def _insert_sql(model: type[Model], rows: int, returning_pk: bool) -> tuple[str, tuple]:
    meta = model._meta
    qn = connection.ops.quote_name
    fields = tuple(f for f in meta.concrete_fields if not _is_auto_pk(f))
    row = "(" + ", ".join(["%s"] * len(fields)) + ")"
    sql = f"INSERT INTO {qn(meta.db_table)} ({', '.join(qn(f.column) for f in fields)}) VALUES {', '.join([row] * rows)}"
    if returning_pk:
        sql += f" RETURNING {qn(meta.pk.column)}"
    return sql, fields


# Rows per INSERT: few enough for the parameter limits (65,535 on PostgreSQL, less on SQLite) and for a small
# set of distinct prepared statements per connection.
MAX_ROWS_PER_INSERT = 100


def insert_rows(model: type[Model], objs: Sequence[Model], *, returning_pk: bool = True) -> None:
    """INSERT ``objs`` (new instances of ``model``), up to MAX_ROWS_PER_INSERT per statement; sets their
    primary keys when the key is generated. No signals, no audit bookkeeping: :func:`insert_new` does that."""
    if not objs:
        return
    generated = returning_pk and _is_auto_pk(model._meta.pk)
    db = connections[DEFAULT_DB_ALIAS]
    columns = len(_insert_sql(model, 1, generated)[1])
    step = max(1, min(MAX_ROWS_PER_INSERT, (db.features.max_query_params or 65535) // columns))
    for start in range(0, len(objs), step):
        chunk = objs[start:start + step]
        sql, fields = _insert_sql(model, len(chunk), generated)
        params = [field.get_db_prep_save(field.pre_save(obj, True), db) for obj in chunk for field in fields]
        rows = execute(sql, params, fetch=generated)
        for index, obj in enumerate(chunk):
            if generated:
                obj.pk = rows[index][0]
            obj._state.adding, obj._state.db = False, DEFAULT_DB_ALIAS


def insert_new(obj: Model) -> None:
    """``obj.save(force_insert=True)`` for one new object, without compiling the INSERT each time."""
    model = type(obj)
    ctx = _require_context("save", model._meta.label) if isinstance(obj, AuditedModel) else None
    if ctx is not None:
        obj.updated_at = timezone.now()
    obj._prepare_related_fields_for_save(operation_name="save")
    if pre_save.has_listeners(model):
        pre_save.send(sender=model, instance=obj, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
    insert_rows(model, [obj])
    if ctx is not None:
        ctx.written.add((model._meta.label, obj.pk))
    if post_save.has_listeners(model):
        post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=DEFAULT_DB_ALIAS)


def insert_many(objs: Sequence[Model]) -> None:
    """:func:`insert_new` for several new objects of one model, with multi-row INSERTs: the same audit
    bookkeeping (each row counts as written and needs its own audit entry) and the same ``pre_save`` and
    ``post_save`` signals, one per object, as saving them one by one."""
    if not objs:
        return
    model = type(objs[0])
    ctx = _require_context("save", model._meta.label) if isinstance(objs[0], AuditedModel) else None
    now = timezone.now()
    for obj in objs:
        if ctx is not None:
            obj.updated_at = now
        obj._prepare_related_fields_for_save(operation_name="save")
        if pre_save.has_listeners(model):
            pre_save.send(sender=model, instance=obj, raw=False, using=DEFAULT_DB_ALIAS, update_fields=None)
    insert_rows(model, objs)
    if ctx is not None:
        ctx.written.update((model._meta.label, obj.pk) for obj in objs)
    if post_save.has_listeners(model):
        for obj in objs:
            post_save.send(sender=model, instance=obj, created=True, update_fields=None, raw=False, using=DEFAULT_DB_ALIAS)


@functools.cache
def _update_sql(model: type[Model], names: tuple[str, ...]) -> tuple[str, tuple]:
    meta = model._meta
    qn = connection.ops.quote_name
    fields = tuple(meta.get_field(name) for name in names)
    version = meta.get_field("version").column
    assignments = ", ".join(f"{qn(f.column)} = %s" for f in fields)
    sql = f"UPDATE {qn(meta.db_table)} SET {assignments} WHERE {qn(meta.pk.column)} = %s AND {qn(version)} = %s"
    return sql, fields


def update_if_version(obj: AuditedModel, values: dict[str, Any]) -> bool:
    """Compare-and-set: write ``values`` (field name → value; ``version`` and ``updated_at`` included by the
    caller) to ``obj``'s row only if its stored version is still ``obj.version``. True when it was written;
    the caller records the audit entry and updates ``obj``. Leaves ``obj`` itself unchanged."""
    model = type(obj)
    ctx = _require_context("update", model._meta.label)
    sql, fields = _update_sql(model, tuple(values))
    db = connections[DEFAULT_DB_ALIAS]
    params = [field.get_db_prep_save(value.pk if isinstance(value, Model) else value, db)
              for field, value in zip(fields, values.values())]
    changed = execute(sql, [*params, obj.pk, obj.version])
    if changed:
        ctx.written.add((model._meta.label, obj.pk))
    return changed == 1
