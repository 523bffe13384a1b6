"""Appending to and verifying the hash-chained audit trail."""

from __future__ import annotations

import functools
import hmac
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from . import fastsql
from .audit import AuditedModel, canonical_json, current_actor, diff_only, entry_hash, mark_bulk_recorded, mark_recorded, to_jsonable
from .auditkeys import LEGACY_SCHEME, Keyring, keyring
from .models import AuditEntry, AuditHead


def _actor_fields(actor) -> dict[str, Any]:
    if actor is None or not getattr(actor, "is_authenticated", False):
        return {"actor_id": None, "actor_name": "系统", "unit_id": None, "unit_name": ""}
    unit = getattr(actor, "unit", None)
    return {
        "actor_id": actor.pk,
        "actor_name": actor.get_username(),
        "unit_id": unit.pk if unit else None,
        "unit_name": unit.name if unit else "",
    }


def _now_ms():
    """Now, at millisecond precision: Django's serialisers (dumpdata, backups) keep milliseconds
    only, and a restored entry must hash exactly as it did when written."""
    now = timezone.now()
    return now.replace(microsecond=now.microsecond // 1000 * 1000)


def link_message(entry: AuditEntry) -> str:
    """What an entry's link authenticates: the previous link and the entry's canonical content."""
    return entry.prev_hash + canonical_json(entry.payload())


def seal(entry: AuditEntry, ring: Keyring | None = None) -> str:
    """Give ``entry`` its scheme, key id and link (HMAC under the current key; a plain hash without one)."""
    ring = ring or keyring()
    if ring.current is None:
        entry.scheme, entry.key_id = LEGACY_SCHEME, ""
        entry.hash = entry_hash(entry.prev_hash, entry.payload())
    else:
        entry.scheme, entry.key_id = ring.scheme, ring.current.key_id
        entry.hash = ring.mac(entry.key_id, entry.scheme, link_message(entry))
    return entry.hash


def append_entry(
    *, action: str, object_type: str, object_id: Any, object_repr: str = "", before: Any = None, after: Any = None, actor=None
) -> AuditEntry:
    """Append one entry to the chain. Must run inside the caller's transaction."""
    actor = actor if actor is not None else current_actor()
    with transaction.atomic():
        head, _ = AuditHead.objects.select_for_update().get_or_create(id=1)
        entry = AuditEntry(
            seq=head.seq + 1,
            at=_now_ms(),
            action=action,
            object_type=object_type,
            object_id=str(object_id),
            object_repr=str(object_repr)[:200],
            before=to_jsonable(before),
            after=to_jsonable(after),
            prev_hash=head.hash,
            **_actor_fields(actor),
        )
        seal(entry)
        entry.save(force_insert=True)
        head.seq, head.hash = entry.seq, entry.hash
        head.save(update_fields=["seq", "hash"])
    return entry


def record_many(changes: list[tuple[str, AuditedModel, dict | None, dict | None]]) -> list[AuditEntry]:
    """Record several changes (action, obj, before, after) with one lock of the chain head: the hot paths
    (an appeal and its first event) write two entries per request.

    Must run inside the caller's transaction (audited_write): no savepoint of its own, so an error rolls
    the whole unit of work back. The chain head is locked by the UPDATE that reserves the sequence
    numbers and stays locked until the commit, so everything that does not need the previous hash is
    prepared before it, and the entries and the new head go in with one prepared statement each."""
    prepared = []
    for action, obj, before, after in changes:
        before, after = diff_only(before, after)
        mark_recorded(obj._meta.label, obj.pk)
        prepared.append((action, obj._meta.label, str(obj.pk), str(obj)[:200], to_jsonable(before), to_jsonable(after)))
    if not prepared:
        return []
    actor_fields = _actor_fields(current_actor())
    ring = keyring()
    with transaction.atomic(savepoint=False):
        last_seq, prev = _reserve_sequence(len(prepared))
        seq = last_seq - len(prepared)
        entries = []
        for action, object_type, object_id, object_repr, before, after in prepared:
            seq += 1
            entry = AuditEntry(seq=seq, at=_now_ms(), action=action, object_type=object_type, object_id=object_id, object_repr=object_repr,
                               before=before, after=after, prev_hash=prev, **actor_fields)
            prev = seal(entry, ring)
            entries.append(entry)
        fastsql.insert_rows(AuditEntry, entries, returning_pk=False)
        fastsql.execute(_set_head_hash_sql(), [prev])
    return entries


@functools.cache
def _reserve_sql() -> str:
    table, qn = AuditHead._meta.db_table, connection.ops.quote_name
    return f"UPDATE {qn(table)} SET {qn('seq')} = {qn('seq')} + %s WHERE {qn('id')} = 1 RETURNING {qn('seq')}, {qn('hash')}"


@functools.cache
def _set_head_hash_sql() -> str:
    table, qn = AuditHead._meta.db_table, connection.ops.quote_name
    return f"UPDATE {qn(table)} SET {qn('hash')} = %s WHERE {qn('id')} = 1"


def _reserve_sequence(count: int) -> tuple[int, str]:
    """Move the head's sequence number on by ``count`` (which locks the head until the commit); returns
    the new last sequence number and the hash the first new entry links to."""
    rows = fastsql.execute(_reserve_sql(), [count], fetch=True)
    if not rows:  # a fresh database: the head row is created once
        AuditHead.objects.get_or_create(id=1)
        rows = fastsql.execute(_reserve_sql(), [count], fetch=True)
    seq, head_hash = rows[0]
    return seq, head_hash


def record(action: str, obj: AuditedModel, *, before: dict | None = None, after: dict | None = None, changes_only=True) -> AuditEntry:
    """Record a change of ``obj`` (created: before=None; deleted: after=None)."""
    if changes_only:
        before, after = diff_only(before, after)
    mark_recorded(obj._meta.label, obj.pk)
    return append_entry(
        action=action, object_type=obj._meta.label, object_id=obj.pk, object_repr=str(obj), before=before, after=after
    )


def record_bulk(action: str, model, *, count: int, summary: dict) -> AuditEntry:
    """One entry for a bulk operation (demo generation, a batch import) covering ``count`` rows."""
    mark_bulk_recorded(model._meta.label, count)
    return append_entry(
        action=action, object_type=model._meta.label, object_id=f"bulk:{count}", object_repr=f"{count} 条", after=summary
    )


def seal_needed() -> bool:
    """True when a key is configured but the chain's last entry is not sealed with it (a chain of plain-hash
    entries from before keys, or a key just rotated): ``seal_chain`` then pins what is there."""
    ring = keyring()
    if ring.current is None:
        return False
    last = AuditEntry.objects.order_by("-seq").only("seq", "scheme", "key_id").first()
    return last is not None and (last.scheme != ring.scheme or last.key_id != ring.current.key_id)


def seal_chain(*, actor=None, reason: str = "") -> AuditEntry:
    """Append an entry sealed with the current key: its link covers the whole chain before it, so the
    plain-hash entries written before keys (and entries of a retired key) cannot be recomputed quietly
    afterwards (ADR 0004)."""
    ring = keyring()
    if ring.current is None:
        raise ValueError("未配置审计密钥,无法封存")
    previous = AuditEntry.objects.order_by("-seq").only("seq", "scheme").first()
    legacy = AuditEntry.objects.filter(scheme=LEGACY_SCHEME).count()
    return append_entry(action="core.audit_chain.seal", object_type="core.AuditEntry", object_id=previous.seq if previous else 0,
                        object_repr="审计日志封存", actor=actor,
                        after={"scheme": ring.scheme, "key_id": ring.current.key_id, "legacy_entries": legacy, "reason": reason})


@dataclass
class ChainReport:
    ok: bool
    checked: int
    first_bad_seq: int | None = None
    problem: str = ""
    keyed: int = 0  # entries authenticated with a key (the rest are the plain-hash entries written before keys)
    checkpoints: int = 0  # checkpoints the chain was compared with


def _link_problem(entry: AuditEntry, ring: Keyring, keyed_seen: bool) -> str:
    """Why ``entry``'s link is not what its scheme and key give (empty when it is)."""
    if entry.scheme == LEGACY_SCHEME:
        if keyed_seen:
            return f"第{entry.seq}条记录未经密钥认证,却排在已认证的记录之后(链条被无密钥地重算)"
        if entry_hash(entry.prev_hash, entry.payload()) != entry.hash:
            return f"第{entry.seq}条记录内容与哈希不符(记录被篡改)"
        return ""
    try:
        expected = ring.mac(entry.key_id, entry.scheme, link_message(entry))
    except ValueError:
        return f"第{entry.seq}条记录的认证算法 {entry.scheme} 本机不支持,无法核验"
    if expected is None:
        return f"第{entry.seq}条记录由密钥 {entry.key_id} 认证,密钥环中没有该密钥,无法核验"
    if not hmac.compare_digest(expected, entry.hash):
        return f"第{entry.seq}条记录的认证码不符(记录被篡改,或链条被无密钥地重算)"
    return ""


def verify_chain(chunk_size: int = 5000, *, checkpoints: list | tuple = (), ring: Keyring | None = None) -> ChainReport:
    """Recompute every link; report the first entry that was edited, removed or inserted.

    Entries sealed with a key are checked with the keyring (core/auditkeys.py): recomputing the chain
    without the key fails there. ``checkpoints`` (core/auditcheckpoint.py, already authenticated) pin the
    link at their sequence numbers: a chain rewritten *with* the key, or truncated, after one was taken no
    longer matches it."""
    ring = ring or keyring()
    pinned: dict[int, list] = {}
    for checkpoint in checkpoints:
        pinned.setdefault(checkpoint.seq, []).append(checkpoint)
    expected_prev = "0" * 64
    expected_seq = 1
    checked = keyed = 0
    for entry in AuditEntry.objects.order_by("seq").iterator(chunk_size=chunk_size):
        if entry.seq != expected_seq:
            return ChainReport(False, checked, expected_seq, f"第{expected_seq}条记录缺失(链条在此断开)", keyed)
        if entry.prev_hash != expected_prev:
            return ChainReport(False, checked, entry.seq, f"第{entry.seq}条记录的前序哈希不符(前一条被改动或删除)", keyed)
        problem = _link_problem(entry, ring, keyed > 0)
        if problem:
            return ChainReport(False, checked, entry.seq, problem, keyed)
        for checkpoint in pinned.get(entry.seq, ()):
            if not hmac.compare_digest(checkpoint.hash, entry.hash):
                return ChainReport(False, checked, entry.seq, f"第{entry.seq}条记录与检查点 {checkpoint.source} 不符(检查点之后链条被改写)", keyed)
        keyed += entry.scheme != LEGACY_SCHEME
        expected_prev = entry.hash
        expected_seq += 1
        checked += 1
    head = AuditHead.objects.filter(id=1).first()
    head_seq, head_hash = (head.seq, head.hash) if head else (0, "0" * 64)
    if head_seq != checked or head_hash != expected_prev:
        return ChainReport(False, checked, checked + 1, f"链尾不符:应有{head_seq}条记录,实有{checked}条(最新记录被删除)", keyed)
    for checkpoint in checkpoints:
        if checkpoint.seq > checked:
            return ChainReport(False, checked, checked + 1, f"检查点 {checkpoint.source} 记录了{checkpoint.seq}条,数据库只有{checked}条(记录被删除)", keyed)
    if ring.current is not None and checked and not keyed:
        return ChainReport(False, checked, None, "审计日志中没有以密钥认证的记录:配置密钥后须运行 yingshang audit seal 封存既有记录"
                           "(否则无法排除链条被无密钥地重算)", keyed)
    return ChainReport(True, checked, keyed=keyed, checkpoints=len(checkpoints))


# Audit action names are ``<app>.<model>.<verb>`` (model in snake_case, e.g. ``plans.plan.publish``,
# ``appeals.appeal.dispatch``). Entries written before the names were unified keep their old name (the
# hash chain covers it); this table lets a search by the new name find them too.
RENAMED_ACTIONS: dict[str, str] = {
    "appeal.intake": "appeals.appeal.create",
    "appeal.demo": "appeals.appeal.generate",
    "appeal.demo.suggestions": "appeals.appeal.generate_suggestions",
    "appeal.import": "appeals.appeal.import",
    "appeal.triage": "appeals.appeal.triage",
    "appeal.event": "appeals.appeal_event.create",
    "appeal.demo.events": "appeals.appeal_event.generate",
    "appeal.import.events": "appeals.appeal_event.import",
    "appeal.attachment": "appeals.attachment.create",
    "classifier.activate": "appeals.classifier_version.activate",
    "classifier.deactivate": "appeals.classifier_version.deactivate",
    "classifier.register": "appeals.classifier_version.register",
    "appeal.demo.dispatches": "appeals.dispatch.generate",
    "appeal.import.dispatches": "appeals.dispatch.import",
    "appeals.settings.create": "appeals.hub_settings.create",
    "appeals.settings.update": "appeals.hub_settings.update",
    "taxonomy.label.create": "appeals.label.create",
    "taxonomy.label.delete": "appeals.label.delete",
    "taxonomy.labels.create": "appeals.label.import",
    "taxonomy.label.move": "appeals.label.move",
    "taxonomy.label.rename": "appeals.label.rename",
    "taxonomy.label.update": "appeals.label.update",
    "routing.rule.delete": "appeals.routing_rule.delete",
    "routing.rule.load": "appeals.routing_rule.load",
    "routing.rule.save": "appeals.routing_rule.save",
    "sla.policy.update": "appeals.sla_policy.update",
    "taxonomy.version.create": "appeals.taxonomy_version.create",
    "taxonomy.version.publish": "appeals.taxonomy_version.publish",
    "taxonomy.version.retire": "appeals.taxonomy_version.retire",
    "token.create": "core.api_token.create",
    "calendar.day.delete": "core.calendar_day.delete",
    "calendar.day.restore": "core.calendar_day.restore",
    "calendar.day.save": "core.calendar_day.save",
    "calendar.day.sync": "core.calendar_day.sync",
    "calendar.sync": "core.calendar_day.sync",
    "division.load": "core.division.load",
    "document_template.reset": "core.document_template.reset",
    "document_template.upload": "core.document_template.upload",
    "enterprise.create": "core.enterprise.create",
    "enterprise.generate": "core.enterprise.generate",
    "enterprise.update": "core.enterprise.update",
    "import.finish": "core.import_job.finish",
    "unit.create": "core.unit.create",
    "unit.move": "core.unit.move",
    "unit.update": "core.unit.update",
    "unit.alias_add": "core.unit_alias.create",
    "unit.alias_remove": "core.unit_alias.delete",
    "user.create": "core.user.create",
    "insights.bulletin_generate": "insights.insight_bulletin.generate",
    "insights.bulletin_publish": "insights.insight_bulletin.publish",
    "insights.bulletin_withdraw": "insights.insight_bulletin.withdraw",
    "insights.topic_decide": "insights.monthly_topic.decide",
    "insights.topic_generate": "insights.monthly_topic.generate",
    "insights.topic_replace": "insights.monthly_topic.replace",
    "plan.bulletin_generate": "plans.bulletin.generate",
    "plan.evidence_add": "plans.evidence.create",
    "plan.indicator_add": "plans.indicator.create",
    "plan.indicator_remove": "plans.indicator.delete",
    "plan.import_indicators": "plans.indicator.import",
    "plan.indicator_value": "plans.indicator_value.create",
    "plan.demo_values": "plans.indicator_value.generate",
    "plan.mention_assign": "plans.item_mention.assign",
    "plan.mention_add": "plans.item_mention.create",
    "plan.mention_remove": "plans.item_mention.delete",
    "plan.import_mentions": "plans.item_mention.import",
    "plan.mention_move": "plans.item_mention.move",
    "plan.mention_resolve": "plans.item_mention.resolve",
    "plan.discard": "plans.plan.discard",
    "plan.import": "plans.plan.import",
    "plan.publish": "plans.plan.publish",
    "plan.update": "plans.plan.update",
    "plan.import_items": "plans.plan_item.import",
    "plan.item_update": "plans.plan_item.update",
    "plan.demo_reports": "plans.progress_report.generate",
    "plan.report_submit": "plans.progress_report.submit",
    "plan.ranking_entries": "plans.ranking_entry.create",
    "plan.ranking_compute": "plans.ranking_run.compute",
    "plan.scheme_create": "plans.scoring_scheme.create",
    "plan.scheme_update": "plans.scoring_scheme.update",
    "plan.tasks_create": "plans.task.create",
    "plan.demo_finish": "plans.task.generate",
    "policy_material.prefill": "policies.application_material.prefill",
    "policy_material.upload": "policies.application_material.upload",
    "enterprise_fact.load": "policies.enterprise_fact.load",
    "enterprise_fact.set": "policies.enterprise_fact.set",
    "policy_item.amendment": "policies.item_amendment.create",
    "policy_proposal.confirm": "policies.item_proposal.confirm",
    "policy_proposal.create": "policies.item_proposal.create",
    "policy_proposal.discard": "policies.item_proposal.discard",
    "policy_version.create": "policies.item_version.create",
    "policy_version.draft": "policies.item_version.draft",
    "policy_version.publish": "policies.item_version.publish",
    "policy_version.update": "policies.item_version.update",
    "policy_match.run": "policies.match_run.run",
    "policy_application.exempt_list": "policies.policy_application.exempt_list",
    "policy_document.create": "policies.policy_document.create",
    "policy_document.publish": "policies.policy_document.publish",
    "policy_item.create": "policies.policy_item.create",
    "policy_item.publish": "policies.policy_item.publish",
    "policy_item.withdraw": "policies.policy_item.withdraw",
    "policy_publicity.publish": "policies.publicity.publish",
}


def action_names_before_renaming(prefix: str) -> list[str]:
    """The old names of the actions whose new name starts with ``prefix`` (or whose old name does)."""
    return [old for old, new in RENAMED_ACTIONS.items() if new.startswith(prefix) or old.startswith(prefix)]
