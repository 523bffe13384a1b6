"""Checkpoints of the audit chain's head, kept outside the database.

The key stops anyone without it from recomputing the chain; a checkpoint also stops someone *with* the
key (or with the database and the key file) from rewriting or truncating history quietly: it records the
head's sequence number and link at a moment, signed with the key, in a file the auditor keeps (or in the
monthly bulletin). ``yingshang audit verify --checkpoint FILE`` then requires the chain to still hold that
link at that sequence number.

Files are small JSON documents::

    {"format": "yingshang-audit-checkpoint/1", "seq": 1234, "hash": "…", "count": 1234,
     "written_at": "2026-12-04T10:00:00+08:00", "scheme": "hmac-sha256", "key_id": "…", "mac": "…"}

``mac`` is the HMAC of the canonical JSON of every other field with the key ``key_id``. The worker writes
one to ``YINGSHANG_AUDIT_CHECKPOINT_DIR`` every ``YINGSHANG_AUDIT_CHECKPOINT_SECONDS`` when that folder is
set (a periodic task, core/jobs.py).
"""

from __future__ import annotations

import hmac
import json
import os
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from .audit import canonical_json
from .auditkeys import Keyring, keyring
from .auditlog import ChainReport, verify_chain
from .jobs import periodic, reschedule, task
from .models import AuditHead

FORMAT = "yingshang-audit-checkpoint/1"
FILE_PATTERN = "audit-checkpoint-*.json"


class CheckpointError(ValueError):
    """A checkpoint file that cannot be trusted: unreadable, not a checkpoint, or its signature fails."""


@dataclass(frozen=True)
class Checkpoint:
    seq: int
    hash: str
    count: int
    written_at: str
    key_id: str
    source: str


def current_head() -> tuple[int, str]:
    """The chain's last link (sequence number, link); (0, zeros) for an empty chain."""
    head = AuditHead.objects.filter(id=1).first()
    return (head.seq, head.hash) if head else (0, "0" * 64)


def _signature(ring: Keyring, key_id: str, scheme: str, body: dict) -> str | None:
    return ring.mac(key_id, scheme, canonical_json(body))


def checkpoint_document(ring: Keyring | None = None) -> dict:
    """The signed checkpoint of the head now. Raises CheckpointError when no key is configured."""
    ring = ring or keyring()
    if ring.current is None:
        raise CheckpointError("未配置审计密钥(YINGSHANG_AUDIT_KEY 或 YINGSHANG_AUDIT_KEY_FILE),检查点无法签名")
    seq, link = current_head()
    body = {"format": FORMAT, "seq": seq, "hash": link, "count": seq, "written_at": timezone.localtime().isoformat(timespec="seconds"),
            "scheme": ring.scheme, "key_id": ring.current.key_id}
    return body | {"mac": _signature(ring, ring.current.key_id, ring.scheme, body)}


def write_checkpoint(path: Path | str, ring: Keyring | None = None) -> dict:
    """Write the signed checkpoint to ``path`` (atomically: a reader never sees half a file)."""
    document = checkpoint_document(ring)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_name(path.name + ".part")
    partial.write_text(json.dumps(document, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    os.replace(partial, path)
    return document


def read_checkpoint(path: Path | str, ring: Keyring | None = None) -> Checkpoint:
    """A checkpoint file, its signature checked with the keyring."""
    ring = ring or keyring()
    path = Path(path)
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise CheckpointError(f"检查点 {path.name} 无法读取:{exc}") from exc
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise CheckpointError(f"{path.name} 不是审计日志检查点")
    body = {k: v for k, v in document.items() if k != "mac"}
    try:
        seq, link, key_id, scheme = int(body["seq"]), str(body["hash"]), str(body["key_id"]), str(body["scheme"])
        expected = _signature(ring, key_id, scheme, body)
    except (KeyError, TypeError, ValueError) as exc:
        raise CheckpointError(f"检查点 {path.name} 格式不完整:{exc}") from exc
    if expected is None:
        raise CheckpointError(f"检查点 {path.name} 由密钥 {key_id} 签名,密钥环中没有该密钥")
    if not hmac.compare_digest(expected, str(document.get("mac", ""))):
        raise CheckpointError(f"检查点 {path.name} 签名不符(文件被改动)")
    return Checkpoint(seq=seq, hash=link, count=int(body.get("count", seq)), written_at=str(body.get("written_at", "")), key_id=key_id, source=path.name)


def checkpoint_directory() -> Path | None:
    folder = getattr(settings, "YINGSHANG_AUDIT_CHECKPOINT_DIR", "")
    return Path(folder) if folder else None


def stored_checkpoints(folder: Path | None = None) -> list[Path]:
    """The checkpoint files of the configured folder, oldest first."""
    folder = folder or checkpoint_directory()
    if folder is None or not folder.is_dir():
        return []
    return sorted(folder.glob(FILE_PATTERN))


def verify_with_checkpoints(paths: list[Path | str] = ()) -> ChainReport:
    """Verify the chain against the given checkpoint files and every one in the configured folder; a
    checkpoint that cannot be trusted (unreadable, bad signature) fails the verification."""
    try:
        checkpoints = [read_checkpoint(path) for path in [*map(Path, paths), *stored_checkpoints()]]
    except CheckpointError as exc:
        return ChainReport(False, 0, None, str(exc))
    return verify_chain(checkpoints=checkpoints)


def write_periodic_checkpoint(folder: Path | None = None) -> Path | None:
    """Write a checkpoint to the configured folder unless the head has not moved since the last one."""
    folder = folder or checkpoint_directory()
    if folder is None or keyring().current is None:
        return None
    seq, _link = current_head()
    existing = stored_checkpoints(folder)
    if existing and existing[-1].name.startswith(f"audit-checkpoint-{seq:012d}-"):
        return None
    path = folder / f"audit-checkpoint-{seq:012d}-{timezone.localtime():%Y%m%dT%H%M%S}.json"
    write_checkpoint(path)
    return path


@task(takes_context=True)
def audit_checkpoint_tick(context) -> str:
    """The periodic checkpoint: one file when the head moved, then the next tick after the interval."""
    path = write_periodic_checkpoint()
    reschedule(audit_checkpoint_tick, after_seconds=float(getattr(settings, "YINGSHANG_AUDIT_CHECKPOINT_SECONDS", 3600)),
               current_id=str(context.task_result.id))
    return str(path or "")


periodic("core.audit_checkpoint", task_path=f"{__name__}.audit_checkpoint_tick",
         enabled=lambda: bool(getattr(settings, "YINGSHANG_AUDIT_CHECKPOINT_DIR", "")))
