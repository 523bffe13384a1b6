"""Backup and restore: a consistent snapshot of the test city, restored into a fresh database by the
command line (cross-vendor on the PostgreSQL run), with the audit chain verified; the upgrade rehearsal."""

import json
import os
import subprocess
import sys
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yingshang.core.backup import BackupError, make_backup, read_manifest, restore_backup
from yingshang.core.models import AuditEntry, AuditHead, Enterprise, User

pytestmark = pytest.mark.django_db


def _cli(argv, database_file, media, **extra):
    env = dict(os.environ, DATABASE_URL=f"sqlite:///{database_file}", MEDIA_ROOT=str(media), **extra)
    return subprocess.run([sys.executable, "-m", "yingshang.cli", *argv], env=env, capture_output=True, text=True, timeout=600)


@pytest.fixture(scope="module")
def backup_file(tmp_path_factory, django_db_setup, django_db_blocker):
    """One backup of the test city for the module (the city is read, never changed, by these tests)."""
    folder = tmp_path_factory.mktemp("backup")
    media = folder / "media"
    (media / "evidence").mkdir(parents=True)
    (media / "evidence" / "营业执照.pdf").write_bytes(b"%PDF-1.4 test")
    path = folder / "city.tar.gz"
    with django_db_blocker.unblock():
        manifest = make_backup(path, media_root=media)
    return path, manifest


def test_backup_holds_every_row_the_schema_the_audit_head_and_the_media(backup_file):
    path, manifest = backup_file
    counts = {t["model"]: t["rows"] for t in manifest["tables"]}
    assert counts["core.enterprise"] == Enterprise.objects.count() > 0
    assert counts["core.auditentry"] == AuditEntry.objects.count()
    assert manifest["audit_head"]["seq"] == AuditHead.objects.get().seq
    assert ["core", "0001_initial"] in manifest["migrations"]
    assert "sessions.session" not in counts and "contenttypes.contenttype" not in counts
    with tarfile.open(path) as archive:
        assert read_manifest(archive) == manifest
        assert archive.extractfile("media/evidence/营业执照.pdf").read() == b"%PDF-1.4 test"


def test_restore_into_a_fresh_database(backup_file, tmp_path):
    path, manifest = backup_file
    database, media = tmp_path / "restored.sqlite3", tmp_path / "restored-media"
    restored = _cli(["restore", str(path)], database, media)
    assert restored.returncode == 0, restored.stderr
    assert f"审计链 {AuditEntry.objects.count()} 条核验通过" in restored.stdout, restored.stdout
    assert (media / "evidence" / "营业执照.pdf").read_bytes() == b"%PDF-1.4 test"
    probe = _cli(["shell", "-c", (
        "import json; from django.apps import apps; "
        "print(json.dumps({m: apps.get_model(m).objects.count() for m in ['core.enterprise','core.auditentry','core.user']}))"
    )], database, media)
    assert json.loads(probe.stdout.strip().splitlines()[-1]) == {
        "core.enterprise": Enterprise.objects.count(), "core.auditentry": AuditEntry.objects.count(), "core.user": User.objects.count(),
    }
    # A second restore over the data is refused unless the operator says --replace.
    again = _cli(["restore", str(path)], database, media)
    assert again.returncode != 0 and "--replace" in again.stderr


def test_upgrade_rehearsal_on_a_scratch_copy(backup_file, tmp_path):
    from django.db import connection

    if connection.vendor != "sqlite":
        pytest.skip("演练在临时 SQLite 上进行,与当前数据库无关:SQLite 轮次已覆盖")
    live = tmp_path / "live.sqlite3"
    rehearsal = _cli(["upgrade", "rehearse", str(backup_file[0])], live, tmp_path / "media")
    assert rehearsal.returncode == 0, rehearsal.stderr
    assert "演练通过" in rehearsal.stdout and "核验审计链" in rehearsal.stdout


def test_a_tampered_backup_is_refused(backup_file, tmp_path):
    path, _manifest = backup_file
    tampered = tmp_path / "tampered.tar.gz"
    with tarfile.open(path) as source, tarfile.open(tampered, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "data/core.enterprise.jsonl":
                data = data.replace("有限公司".encode(), "无限公司".encode(), 1)
                member.size = len(data)
            import io
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="校验值不符"):
        restore_backup(tampered, replace=True)
    assert Enterprise.objects.exists()  # every member is checked before any row is replaced


def test_restore_refuses_a_non_backup_and_a_populated_database(tmp_path, backup_file):
    junk = tmp_path / "junk.tar.gz"
    junk.write_bytes(b"not a tarball")
    with pytest.raises(CommandError, match="无法读取备份文件"):
        call_command("restore", str(junk))
    with pytest.raises(CommandError, match="--replace"):
        call_command("restore", str(backup_file[0]))
