"""Backup and restore of one deployment: the database and the media files, consistent, portable.

A backup is one ``.tar.gz``: ``manifest.json`` (when, which schema — every applied migration —, the audit
head, row counts and a SHA-256 per member), one JSON-lines file per model, and ``media/``. The database is
read in ONE read-only transaction (REPEATABLE READ on PostgreSQL, a read transaction on SQLite), so the
files describe a single moment even while the site keeps working; media files are written once and never
changed, so copying them after the snapshot can only add files no row refers to yet.

The format is Django's own serialisation with natural keys, so a backup of the SQLite demo restores into
PostgreSQL and the other way round. A restore brings an empty database to the backup's schema, loads the
rows as they were (raw saves: no ``updated_at`` rewritten, no signal handler re-run), resets sequences,
puts the media back and then verifies the audit chain before it says "done". A city with a very large
database adds PostgreSQL's own tools (pg_basebackup / WAL archiving) for point-in-time recovery; this file
is what an operator restores from by hand, and what an upgrade is rehearsed on (docs/deploy.md).
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
import time
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core import serializers
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connection, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone
from django.utils.translation import gettext as _

FORMAT_VERSION = 1
# Rebuilt by `migrate` itself (content types, permissions) or worthless after a restore (sessions: everyone
# signs in again; worker leases: the workers of the old machine are gone).
SKIPPED_MODELS = {"contenttypes.contenttype", "auth.permission", "sessions.session", "core.workerheartbeat"}
CHUNK = 2000


class BackupError(Exception):
    """A backup that cannot be made or restored; the message says why, in Chinese."""


@dataclass
class RestoreReport:
    rows: int = 0
    media_files: int = 0
    audit_checked: int = 0
    seconds: float = 0.0
    counts: dict[str, int] = field(default_factory=dict)


def _models_in_order() -> list:
    app_list = [
        (config, [m for m in config.get_models(include_auto_created=True) if m._meta.label_lower not in SKIPPED_MODELS
                  and m._meta.managed and not m._meta.proxy])
        # Many-to-many tables are backed up as tables of their own and restored row by row, so that a restore
        # never sends m2m_changed (whose receivers would re-run matching on data being put back).
        for config in apps.get_app_configs()
    ]
    return serializers.sort_dependencies([(c, ms) for c, ms in app_list if ms], allow_cycles=True)


def applied_migrations() -> list[list[str]]:
    return sorted([app, name] for app, name in MigrationRecorder(connection).applied_migrations())


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _add_bytes(archive: tarfile.TarFile, name: str, data: bytes) -> None:
    info = tarfile.TarInfo(name)
    info.size, info.mtime, info.mode = len(data), int(time.time()), 0o600
    archive.addfile(info, io.BytesIO(data))


def _begin_snapshot() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _dump_model(model) -> tuple[bytes, int]:
    buffer = io.StringIO()
    queryset = model._default_manager.using(DEFAULT_DB_ALIAS).order_by("pk")
    rows = queryset.count()
    serializers.serialize(
        "jsonl", queryset.iterator(chunk_size=CHUNK), stream=buffer,
        use_natural_foreign_keys=True, use_natural_primary_keys=False,
    )
    return buffer.getvalue().encode("utf-8"), rows


def make_backup(out: Path, *, media_root: Path | None = None) -> dict:
    """Write a backup of the database and the media files to ``out`` (a .tar.gz); returns its manifest."""
    media_root = Path(media_root or settings.MEDIA_ROOT)
    out.parent.mkdir(parents=True, exist_ok=True)
    partial = out.with_name(out.name + ".partial")
    manifest: dict = {
        "format": FORMAT_VERSION, "created_at": timezone.now().isoformat(), "vendor": connection.vendor,
        "tables": [], "members": {},
    }
    with tarfile.open(partial, "w:gz") as archive:
        with transaction.atomic():
            _begin_snapshot()
            manifest["migrations"] = applied_migrations()
            from yingshang.core.models import AuditHead

            head = AuditHead.objects.filter(id=1).values("seq", "hash").first() or {"seq": 0, "hash": "0" * 64}
            manifest["audit_head"] = head
            for model in _models_in_order():
                data, rows = _dump_model(model)
                name = f"data/{model._meta.label_lower}.jsonl"
                _add_bytes(archive, name, data)
                manifest["tables"].append({"model": model._meta.label_lower, "rows": rows, "file": name})
                manifest["members"][name] = _sha256(data)
        media_files = 0
        if media_root.is_dir():
            for path in sorted(p for p in media_root.rglob("*") if p.is_file() and not p.is_symlink()):
                name = "media/" + path.relative_to(media_root).as_posix()
                data = path.read_bytes()
                _add_bytes(archive, name, data)
                manifest["members"][name] = _sha256(data)
                media_files += 1
        manifest["media_files"] = media_files
        _add_bytes(archive, "manifest.json", json.dumps(manifest, ensure_ascii=False, indent=1).encode("utf-8"))
    partial.replace(out)  # a crash mid-way never leaves a file that looks like a finished backup
    return manifest


def read_manifest(archive: tarfile.TarFile) -> dict:
    try:
        member = archive.extractfile("manifest.json")
    except KeyError:
        member = None
    if member is None:
        raise BackupError(_("这不是营商通的备份文件:缺少 manifest.json。"))
    manifest = json.loads(member.read().decode("utf-8"))
    if manifest.get("format") != FORMAT_VERSION:
        raise BackupError(_("备份格式版本 %(v)s 不受支持。") % {"v": manifest.get("format")})
    return manifest


def _read_member(archive: tarfile.TarFile, name: str, manifest: dict) -> bytes:
    member = archive.extractfile(name)
    if member is None:
        raise BackupError(_("备份文件不完整:缺少 %(name)s。") % {"name": name})
    data = member.read()
    if _sha256(data) != manifest["members"].get(name):
        raise BackupError(_("备份文件已损坏或被改动:%(name)s 的校验值不符。") % {"name": name})
    return data


def _database_is_empty() -> bool:
    """No account yet: a database just migrated (data migrations may have written reference rows and
    their audit entries, which the restore replaces)."""
    from yingshang.core.models import User

    return not User.objects.exists()


def _migrate_to(targets: list[list[str]]) -> None:
    """Bring the database to exactly the backup's schema (an upgrade rehearsal restores an older backup
    into a scratch database, then migrates forward)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    wanted = {tuple(t) for t in targets}
    unknown = [f"{a}.{n}" for a, n in wanted if (a, n) not in graph.nodes]
    if unknown:
        raise BackupError(_("备份来自更新的版本(本程序没有迁移 %(m)s),请先升级程序再恢复。") % {"m": ", ".join(sorted(unknown)[:3])})
    leaves = []
    for app in {a for a, _n in wanted}:
        app_nodes = [(a, n) for a, n in wanted if a == app]
        # The app's leaf within the backup: the applied node no other applied node of the app depends on.
        children = {parent for node in app_nodes for parent in graph.node_map[node].parents if parent[0] == app}
        leaves += [node for node in app_nodes if node not in children]
    executor.migrate(leaves)


def restore_backup(path: Path, *, replace: bool = False, media_root: Path | None = None) -> RestoreReport:
    """Restore ``path`` into this database (empty, or emptied with ``replace``) and MEDIA_ROOT, then verify
    the audit chain. Nothing is half-restored: the rows load in one transaction."""
    from django.core.management import call_command

    from yingshang.core.auditlog import verify_chain

    started = time.monotonic()
    media_root = Path(media_root or settings.MEDIA_ROOT)
    report = RestoreReport()
    try:
        archive = tarfile.open(path, "r:gz")
    except (OSError, tarfile.TarError) as error:
        raise BackupError(_("无法读取备份文件 %(p)s:%(e)s") % {"p": path, "e": error}) from error
    with archive:
        manifest = read_manifest(archive)
        executor = MigrationExecutor(connection)
        if executor.loader.applied_migrations and not _database_is_empty() and not replace:
            raise BackupError(_("目标数据库已有数据。恢复会替换全部数据:确认后加 --replace 重新运行。"))
        current = applied_migrations()
        if current != manifest["migrations"]:
            if any(pair not in manifest["migrations"] for pair in current):
                # The database is ahead of the backup: start again from an empty schema at the backup's level.
                raise BackupError(_("目标数据库的结构比备份新。请恢复到新建的空数据库,再执行 yingshang migrate 升级。"))
            _migrate_to(manifest["migrations"])
        # Every member is read and checked before anything is replaced: a damaged file loses nothing.
        for name in manifest["members"]:
            _read_member(archive, name, manifest)
        # Rows written by data migrations (reference data, their audit entries) give way to the backup's;
        # flush re-creates content types and permissions (post_migrate), which backups leave out.
        call_command("flush", interactive=False, verbosity=0)
        with transaction.atomic():
            for table in manifest["tables"]:
                data = _read_member(archive, table["file"], manifest)
                loaded = 0
                for obj in serializers.deserialize("jsonl", data.decode("utf-8")):
                    # As stored: a raw save (no updated_at rewritten; receivers see raw=True); the object's
                    # many-to-many values are ignored here, their own table is restored instead.
                    obj.object.save_base(raw=True)
                    loaded += 1
                if loaded != table["rows"]:
                    raise BackupError(_("%(m)s 应有 %(n)d 行,读到 %(k)d 行。") % {"m": table["model"], "n": table["rows"], "k": loaded})
                report.counts[table["model"]] = loaded
                report.rows += loaded
            models = [apps.get_model(t["model"]) for t in manifest["tables"]]
            statements = connection.ops.sequence_reset_sql(no_style(), models)
            with connection.cursor() as cursor:
                for statement in statements:
                    cursor.execute(statement)
        for name in manifest["members"]:
            if not name.startswith("media/"):
                continue
            target = (media_root / name.removeprefix("media/")).resolve()
            if not target.is_relative_to(media_root.resolve()):
                raise BackupError(_("备份中的文件路径不安全:%(n)s") % {"n": name})
            data = _read_member(archive, name, manifest)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(data)
            report.media_files += 1
    chain = verify_chain()
    if not chain.ok:
        raise BackupError(_("恢复后审计链校验失败:%(p)s") % {"p": chain.problem})
    report.audit_checked = chain.checked
    report.seconds = time.monotonic() - started
    return report
