"""The keys that authenticate the audit chain (HMAC), kept outside the database.

A plain hash chain proves only that the entries agree with each other: whoever can write the database can
edit an entry and recompute every hash after it. Each entry written with a key carries instead
``HMAC(key, prev_hash + canonical_json(payload))``; without the key nobody can produce a MAC that
``yingshang audit verify`` accepts (ADR 0004).

Where the keys come from (settings, each from the environment):

* ``YINGSHANG_AUDIT_KEY`` — the current key (any string; 32 random bytes in hex from ``yingshang audit keygen``);
* ``YINGSHANG_AUDIT_KEY_FILE`` — a file with one key per line (``#`` comments allowed). Its last line is the
  current key unless ``YINGSHANG_AUDIT_KEY`` is set; earlier lines are retired keys, kept so that the entries
  they sealed still verify. Rotating a key = appending a line (``yingshang audit keygen``).
* ``YINGSHANG_AUDIT_ALGORITHM`` — ``sha256`` (default) or ``sm3`` (国密, through OpenSSL's hashlib).

Each entry stores its ``scheme`` (``hmac-sha256``, ``hmac-sm3``, or ``sha256`` for the unkeyed entries written
before keys existed) and the ``key_id`` (a fingerprint of the key, never the key), so keys and algorithms can
change without re-sealing history.
"""

from __future__ import annotations

import functools
import hashlib
import hmac
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.core import checks
from django.core.exceptions import ImproperlyConfigured

LEGACY_SCHEME = "sha256"  # entries written before the chain had a key: a plain SHA-256 link
ALGORITHMS = ("sha256", "sm3")


def scheme_for(algorithm: str) -> str:
    return f"hmac-{algorithm}"


def algorithm_of(scheme: str) -> str:
    return scheme.removeprefix("hmac-")


def algorithm_available(algorithm: str) -> bool:
    try:
        hashlib.new(algorithm)
    except ValueError:
        return False
    return True


def key_id_of(secret: bytes) -> str:
    """A public fingerprint of a key: what entries store to say which key sealed them."""
    return hashlib.sha256(b"yingshang-audit-key-id:" + secret).hexdigest()[:16]


@dataclass(frozen=True)
class AuditKey:
    key_id: str
    secret: bytes


@dataclass(frozen=True)
class Keyring:
    current: AuditKey | None
    algorithm: str
    by_id: dict[str, AuditKey]

    @property
    def scheme(self) -> str:
        return scheme_for(self.algorithm) if self.current else LEGACY_SCHEME

    def mac(self, key_id: str, scheme: str, message: str) -> str | None:
        """The MAC of ``message`` under the key ``key_id`` with ``scheme``; None for an unknown key."""
        key = self.by_id.get(key_id)
        if key is None:
            return None
        return hmac.new(key.secret, message.encode("utf-8"), algorithm_of(scheme)).hexdigest()


def _read_key_file(path: Path) -> list[bytes]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except FileNotFoundError:
        return []
    return [line.strip().encode("utf-8") for line in lines if line.strip() and not line.strip().startswith("#")]


@functools.lru_cache(maxsize=8)
def _keyring(key: str, key_file: str, algorithm: str, file_stamp: float) -> Keyring:
    if algorithm not in ALGORITHMS:
        raise ImproperlyConfigured(f"YINGSHANG_AUDIT_ALGORITHM 只能是 {', '.join(ALGORITHMS)}(当前为 {algorithm!r})")
    if not algorithm_available(algorithm):
        raise ImproperlyConfigured(f"本机的 OpenSSL 不提供 {algorithm},无法以 HMAC-{algorithm.upper()} 认证审计日志")
    secrets_in_order = _read_key_file(Path(key_file)) if key_file else []
    if key:
        secrets_in_order.append(key.encode("utf-8"))
    keys = [AuditKey(key_id_of(secret), secret) for secret in secrets_in_order]
    return Keyring(current=keys[-1] if keys else None, algorithm=algorithm, by_id={k.key_id: k for k in keys})


def keyring() -> Keyring:
    """The configured keys (read again when the settings or the key file change)."""
    key = getattr(settings, "YINGSHANG_AUDIT_KEY", "") or ""
    key_file = str(getattr(settings, "YINGSHANG_AUDIT_KEY_FILE", "") or "")
    algorithm = (getattr(settings, "YINGSHANG_AUDIT_ALGORITHM", "sha256") or "sha256").lower()
    try:
        stamp = os.stat(key_file).st_mtime_ns if key_file else 0.0
    except FileNotFoundError:
        stamp = 0.0
    return _keyring(key, key_file, algorithm, stamp)


def generate_key_file(path: Path, *, rotate: bool = False) -> tuple[bool, str]:
    """Create ``path`` with a fresh random key (only the owner may read it), or with ``rotate`` append a new
    current key to it (the old ones stay, for verifying what they sealed). Returns (written, key id)."""
    path = Path(path)
    existing = _read_key_file(path)
    if existing and not rotate:
        return False, key_id_of(existing[-1])
    secret = secrets.token_hex(32)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
    with os.fdopen(fd, "a", encoding="utf-8") as handle:
        if not existing:
            handle.write("# 营商通审计日志密钥(HMAC)。最后一行为当前密钥,之前各行为已轮换的旧密钥,用于核验旧记录。切勿提交、切勿放入数据库。\n")
        handle.write(secret + "\n")
    return True, key_id_of(secret.encode("utf-8"))


@checks.register(checks.Tags.security, deploy=True)
def audit_key_configured(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    """`manage.py check --deploy`: a production server must seal the audit chain with a key."""
    try:
        ring = keyring()
    except ImproperlyConfigured as error:
        return [checks.Error(str(error), id="yingshang.E401")]
    if ring.current is None:
        return [checks.Warning("未配置审计密钥:新的审计记录只有普通哈希,能改数据库的人可以重算整条链而不被发现",
                               hint="设置 YINGSHANG_AUDIT_KEY 或 YINGSHANG_AUDIT_KEY_FILE(yingshang audit keygen 生成),见 docs/core.md",
                               id="yingshang.W401")]
    return []
