"""The audit chain cannot be rewritten quietly (issue #12, item 3; ADR 0004).

The attacker of these tests can write the database. Without the key they edit an entry and recompute the
chain with plain hashes (keeping or dropping the scheme marks): ``audit verify`` reports it. With the key
they recompute everything, or truncate the tail: the checkpoint the auditor kept reports it.
"""

import hashlib
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test import override_settings

from yingshang.core.audit import audited_write, canonical_json, entry_hash
from yingshang.core.auditcheckpoint import (
    audit_checkpoint_tick,
    read_checkpoint,
    stored_checkpoints,
    verify_with_checkpoints,
    write_checkpoint,
    write_periodic_checkpoint,
)
from yingshang.core.auditkeys import LEGACY_SCHEME, generate_key_file, key_id_of, keyring
from yingshang.core.auditlog import append_entry, seal, seal_chain, seal_needed, verify_chain
from yingshang.core.models import AuditEntry, AuditHead
from yingshang.core.selectors import audit_head_summary

pytestmark = pytest.mark.django_db

TEST_KEY = "pytest-audit-key-not-for-production"


def _sql(sql, params=()):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def _append(count, label="x"):
    with audited_write(None):
        return [append_entry(action="core.test_entry.create", object_type="core.Test", object_id=i, after={"n": i, "label": label})
                for i in range(count)]


@pytest.fixture
def small_chain():
    """A chain of 8 keyed entries of its own (the test's transaction rolls the demo's back in place)."""
    _sql("DELETE FROM core_auditentry")
    _sql("DELETE FROM core_audithead")
    return _append(8)


def _rewrite(entries_from_seq, *, edit=None, scheme=None, ring=None):
    """Recompute every link from ``entries_from_seq`` on, as an attacker would: plain SHA-256 links without
    ``ring`` (keeping each row's scheme mark unless ``scheme`` replaces it), keyed links with ``ring``; then
    move the head to the new last link. ``edit`` changes the first entry's ``after``."""
    previous = AuditEntry.objects.filter(seq=entries_from_seq - 1).first()
    prev = previous.hash if previous else "0" * 64
    for entry in AuditEntry.objects.filter(seq__gte=entries_from_seq).order_by("seq"):
        if edit is not None and entry.seq == entries_from_seq:
            entry.after = edit
        entry.prev_hash = prev
        if ring is not None:
            seal(entry, ring)
        else:
            entry.scheme = scheme or entry.scheme
            entry.hash = entry_hash(entry.prev_hash, entry.payload())
        _sql("UPDATE core_auditentry SET after = %s, prev_hash = %s, hash = %s, scheme = %s, key_id = %s WHERE seq = %s",
             [json.dumps(entry.after), entry.prev_hash, entry.hash, entry.scheme, entry.key_id, entry.seq])
        prev = entry.hash
    _sql("UPDATE core_audithead SET hash = %s WHERE id = 1", [prev])


def test_new_entries_are_sealed_with_the_configured_key(small_chain):
    entry = AuditEntry.objects.get(seq=3)
    assert entry.scheme == "hmac-sha256" and entry.key_id == key_id_of(TEST_KEY.encode())
    # The link is the HMAC, not the plain hash an attacker could recompute.
    assert entry.hash != entry_hash(entry.prev_hash, entry.payload())
    assert TEST_KEY not in json.dumps(list(AuditEntry.objects.values()), default=str)
    assert verify_chain().ok and verify_chain().keyed == 8


def test_demo_city_chain_is_keyed_and_verifies():
    report = verify_chain()
    assert report.ok and report.keyed == report.checked > 100


def test_edit_and_plain_hash_recompute_without_the_key_is_detected(small_chain):
    _rewrite(4, edit={"forged": True})
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 4 and "认证码不符" in report.problem
    with pytest.raises(CommandError, match="第4条"):
        call_command("audit", "verify")


def test_recompute_that_drops_the_key_marks_is_detected(small_chain):
    # The attacker also marks the rewritten rows as old plain-hash entries.
    _rewrite(4, edit={"forged": True}, scheme=LEGACY_SCHEME)
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 4 and "未经密钥认证" in report.problem


def test_whole_chain_recomputed_as_plain_hashes_is_detected(small_chain):
    _rewrite(1, edit={"forged": True}, scheme=LEGACY_SCHEME)
    _sql("UPDATE core_auditentry SET key_id = ''")
    report = verify_chain()
    assert not report.ok and "没有以密钥认证的记录" in report.problem


def test_recompute_with_the_key_is_caught_by_a_checkpoint(small_chain, tmp_path):
    checkpoint = tmp_path / "head.json"
    call_command("audit", "checkpoint", "--out", str(checkpoint))
    _append(2, "after the checkpoint")
    _rewrite(3, edit={"forged": True}, ring=keyring())  # an insider with the key
    assert verify_chain().ok  # the key alone cannot tell …
    with pytest.raises(CommandError, match="检查点 head.json 不符"):  # … the checkpoint can
        call_command("audit", "verify", "--checkpoint", str(checkpoint))


def test_truncation_with_the_key_is_caught_by_a_checkpoint(small_chain, tmp_path):
    checkpoint = tmp_path / "head.json"
    write_checkpoint(checkpoint)
    _sql("DELETE FROM core_auditentry WHERE seq > 5")
    last = AuditEntry.objects.get(seq=5)
    _sql("UPDATE core_audithead SET seq = 5, hash = %s WHERE id = 1", [last.hash])
    assert verify_chain().ok
    report = verify_with_checkpoints([checkpoint])
    assert not report.ok and "记录被删除" in report.problem


def test_deleted_row_is_detected(small_chain):
    _sql("DELETE FROM core_auditentry WHERE seq = 6")
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 6


def test_checkpoint_file_is_signed(small_chain, tmp_path):
    checkpoint = tmp_path / "head.json"
    document = write_checkpoint(checkpoint)
    assert read_checkpoint(checkpoint).seq == document["seq"] == 8
    forged = document | {"seq": 3, "hash": AuditEntry.objects.get(seq=3).hash}
    checkpoint.write_text(json.dumps(forged), encoding="utf-8")
    report = verify_with_checkpoints([checkpoint])
    assert not report.ok and "签名不符" in report.problem
    checkpoint.write_text("not json", encoding="utf-8")
    with pytest.raises(CommandError, match="无法读取"):
        call_command("audit", "verify", "--checkpoint", str(checkpoint))


def test_checkpoint_needs_a_key(small_chain, tmp_path):
    with override_settings(YINGSHANG_AUDIT_KEY="", YINGSHANG_AUDIT_KEY_FILE=""):
        with pytest.raises(CommandError, match="未配置审计密钥"):
            call_command("audit", "checkpoint", "--out", str(tmp_path / "x.json"))


def test_periodic_checkpoints_go_to_the_configured_folder(small_chain, tmp_path):
    with override_settings(YINGSHANG_AUDIT_CHECKPOINT_DIR=str(tmp_path)):
        audit_checkpoint_tick.enqueue()  # the tests' immediate backend runs one tick
        assert len(stored_checkpoints()) == 1
        assert write_periodic_checkpoint() is None  # the head has not moved: no second file
        _append(1)
        assert write_periodic_checkpoint() is not None and len(stored_checkpoints()) == 2
        # `audit verify` compares the chain with every checkpoint of the folder, without being told.
        _rewrite(2, edit={"forged": True}, ring=keyring())
        with pytest.raises(CommandError, match="检查点"):
            call_command("audit", "verify")


def test_plain_hash_entries_from_before_keys_still_verify_and_are_pinned_by_the_seal():
    _sql("DELETE FROM core_auditentry")
    _sql("DELETE FROM core_audithead")
    with override_settings(YINGSHANG_AUDIT_KEY="", YINGSHANG_AUDIT_KEY_FILE=""):
        legacy = _append(5, "before keys")
        assert {e.scheme for e in legacy} == {LEGACY_SCHEME} and verify_chain().ok
    # The key is configured now: the old chain verifies only once sealed.
    assert seal_needed() and "audit seal" in verify_chain().problem
    call_command("audit", "seal", "--if-needed")
    assert not seal_needed() and verify_chain().ok
    seal_entry = AuditEntry.objects.get(seq=6)
    assert seal_entry.action == "core.audit_chain.seal" and seal_entry.after["legacy_entries"] == 5
    # Rewriting a plain-hash entry and its successors (all computable without the key) breaks the seal.
    prev = "0" * 64
    for entry in AuditEntry.objects.filter(seq__lte=5).order_by("seq"):
        entry.after = {"forged": True} if entry.seq == 2 else entry.after
        entry.prev_hash, entry.hash = prev, entry_hash(prev, {**entry.payload(), "after": entry.after})
        _sql("UPDATE core_auditentry SET after = %s, prev_hash = %s, hash = %s WHERE seq = %s",
             [json.dumps(entry.after), entry.prev_hash, entry.hash, entry.seq])
        prev = entry.hash
    _sql("UPDATE core_auditentry SET prev_hash = %s WHERE seq = 6", [prev])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == 6


def test_sm3_is_a_setting_and_old_entries_keep_verifying(small_chain):
    with override_settings(YINGSHANG_AUDIT_ALGORITHM="sm3"):
        entry = _append(1)[0]
        assert entry.scheme == "hmac-sm3"
        expected = __import__("hmac").new(TEST_KEY.encode(), (entry.prev_hash + canonical_json(entry.payload())).encode(), "sm3").hexdigest()
        assert entry.hash == expected and verify_chain().ok
    assert verify_chain().ok  # back on SHA-256: the SM3 entry still verifies by its own scheme
    _rewrite(9, edit={"forged": True})
    assert "认证码不符" in verify_chain().problem


def test_rotated_keys_verify_what_they_sealed(small_chain, tmp_path):
    key_file = tmp_path / "audit.key"
    written, first = generate_key_file(key_file)
    assert written and oct(key_file.stat().st_mode & 0o777) == "0o600"
    assert generate_key_file(key_file) == (False, first)  # never overwritten by accident
    with override_settings(YINGSHANG_AUDIT_KEY="", YINGSHANG_AUDIT_KEY_FILE=str(key_file)):
        assert seal_needed()
        with audited_write(None):
            seal_chain(reason="test")
        _append(1)
        generate_key_file(key_file, rotate=True)
        second = keyring().current.key_id
        assert second != first and seal_needed()
        _append(1)
        ids = list(AuditEntry.objects.order_by("seq").values_list("key_id", flat=True))
        assert ids[-3:] == [first, first, second]
        # The test key of the first 8 entries is not in this keyring: reported, never passed.
        assert "密钥环中没有该密钥" in verify_chain().problem
    with override_settings(YINGSHANG_AUDIT_KEY=TEST_KEY, YINGSHANG_AUDIT_KEY_FILE=str(key_file)):
        assert verify_chain().ok  # every key present: the whole chain verifies


def test_head_summary_for_printing_outside_the_database(small_chain):
    summary = audit_head_summary()
    head = AuditHead.objects.get(id=1)
    assert summary == {"seq": 8, "hash": head.hash, "scheme": "hmac-sha256", "key_id": key_id_of(TEST_KEY.encode())}


def test_key_id_is_a_fingerprint_not_the_key():
    assert key_id_of(b"secret") != hashlib.sha256(b"secret").hexdigest()[:16] and len(key_id_of(b"secret")) == 16


def test_deploy_check_warns_without_a_key():
    from yingshang.core.auditkeys import audit_key_configured

    assert audit_key_configured() == []
    with override_settings(YINGSHANG_AUDIT_KEY="", YINGSHANG_AUDIT_KEY_FILE=""):
        assert [m.id for m in audit_key_configured()] == ["yingshang.W401"]
    with override_settings(YINGSHANG_AUDIT_ALGORITHM="md5"):
        assert [m.id for m in audit_key_configured()] == ["yingshang.E401"]
