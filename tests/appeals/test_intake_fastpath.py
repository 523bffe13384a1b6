"""The intake's hand-compiled statements (core/fastsql.py) behave as the ORM did, the audit chain stays
whole, and the triage worker's batched look-ups (repeat callers, routing history, places) give the answers
the one-by-one versions gave."""

from __future__ import annotations

import datetime as dt
import random
from decimal import Decimal

import pytest
from django.db.models.signals import post_save

from yingshang.appeals import routing, services, triage
from yingshang.appeals.models import Appeal, AppealEvent
from yingshang.appeals.workflow import State
from yingshang.core import fastsql
from yingshang.core.audit import UnauditedWriteError, audited_write
from yingshang.core.auditlog import record, record_many, verify_chain
from yingshang.core.models import AuditEntry, AuditHead

pytestmark = pytest.mark.django_db


def _submit(**values):
    base = dict(actor=None, public=True, channel="web", appeal_type="complaint", content="小区电梯经常故障停运,物业一直拖着不修",
                person_phone="13912345678", dispatch=False)
    return services.appeal_submit(**(base | values))


def test_an_inserted_appeal_reads_back_as_saved_and_receivers_hear_of_it(hub):
    heard = []

    def receiver(sender, instance, created, **kwargs):
        heard.append((instance.pk, created))

    post_save.connect(receiver, sender=Appeal, dispatch_uid="test-fastsql")
    try:
        appeal = _submit(district=hub.gjz, latitude="38.9", longitude="121.6", idempotency_key="fast-1", address="红旗西路88号").appeal
    finally:
        post_save.disconnect(dispatch_uid="test-fastsql", sender=Appeal)
    assert heard == [(appeal.pk, True)]
    stored = Appeal.objects.get(pk=appeal.pk)
    for field in Appeal._meta.concrete_fields:
        assert getattr(stored, field.attname) == getattr(appeal, field.attname), field.name
    assert stored.latitude == Decimal("38.900000") and stored.district_id == hub.gjz.pk and stored.suggestions == []
    event = AppealEvent.objects.get(appeal=appeal)
    assert event.action == "intake" and event.data == {"channel": "web"} and event.to_state == State.RECEIVED


def test_fast_writes_keep_the_audit_discipline(hub, make_appeal):
    appeal = make_appeal()
    with pytest.raises(UnauditedWriteError):
        fastsql.insert_new(Appeal(tracking_no="x", channel="web", appeal_type="complaint", content="x", state=State.RECEIVED,
                                  accepted_at=hub.now))
    with pytest.raises(UnauditedWriteError):
        fastsql.update_if_version(appeal, {"reply": "x"})
    from yingshang.core.audit import AuditMissingError

    with pytest.raises(AuditMissingError):
        with audited_write(None):
            fastsql.update_if_version(appeal, {"version": appeal.version + 1, "reply": "未记录的改动"})
    assert Appeal.objects.get(pk=appeal.pk).reply == ""  # rolled back with the refused unit of work


def test_compare_and_set_writes_only_the_version_it_read(hub, make_appeal):
    appeal = make_appeal()
    stale_version = appeal.version
    with audited_write(None):
        assert fastsql.update_if_version(appeal, {"version": stale_version + 1, "reply": "第一次"})
        record("test.update", appeal, after={"reply": "第一次"})
    with audited_write(None):
        assert not fastsql.update_if_version(appeal, {"version": stale_version + 1, "reply": "第二次"})
    stored = Appeal.objects.get(pk=appeal.pk)
    assert stored.reply == "第一次" and stored.version == stale_version + 1


def test_intakes_extend_one_unbroken_chain_and_the_head_follows(hub):
    before = AuditHead.objects.get(id=1).seq
    for number in range(3):
        _submit(content=f"路灯不亮,晚上很黑(第{number}次)", idempotency_key=f"chain-{number}")
    head = AuditHead.objects.get(id=1)
    assert head.seq == before + 6  # an appeal and its first event each
    newest = AuditEntry.objects.order_by("-seq")[:6]
    assert [e.seq for e in newest] == list(range(head.seq, head.seq - 6, -1)) and newest[0].hash == head.hash
    assert {e.action for e in newest} == {"appeals.appeal.create", "appeals.appeal_event.create"}
    assert verify_chain().ok


def test_a_fresh_database_gets_its_chain_head_on_the_first_record(hub, make_appeal):
    appeal = make_appeal()
    AuditEntry.objects.all().delete()
    AuditHead.objects.all().delete()
    with audited_write(None):
        entries = record_many([("test.first", appeal, None, {"state": appeal.state})])
    assert [e.seq for e in entries] == [1] and entries[0].prev_hash == "0" * 64
    assert AuditHead.objects.get(id=1).hash == entries[0].hash and verify_chain().ok


def test_a_failed_unit_of_work_leaves_neither_rows_nor_entries(hub):
    head = AuditHead.objects.get(id=1)
    appeals = Appeal.objects.count()
    with pytest.raises(RuntimeError):
        with audited_write(None):
            appeal = Appeal(tracking_no="20261118999999", channel="web", appeal_type="complaint", content="x", state=State.RECEIVED,
                            accepted_at=hub.now)
            fastsql.insert_new(appeal)
            record_many([("appeals.appeal.create", appeal, None, appeal.audit_snapshot())])
            raise RuntimeError("the rest of the service failed")
    assert Appeal.objects.count() == appeals and AuditHead.objects.get(id=1).seq == head.seq


def _earlier_reference(appeals, window_days):
    """The one-by-one definition: the latest earlier appeal (by time, then id) of the same caller within the
    window with the same text, or with the same label / top suggestion."""
    window = dt.timedelta(days=window_days)
    fresh = {a.pk: a.suggestions for a in appeals}
    found = {}
    for appeal in appeals:
        top = appeal.label.path if appeal.label_id else (appeal.suggestions[0]["label_path"] if appeal.suggestions else "")
        best = None
        for other in Appeal.objects.filter(person_phone=appeal.person_phone, merged_into__isnull=True).select_related("label"):
            suggestions = fresh.get(other.pk, other.suggestions)
            matter = other.label.path if other.label_id else (suggestions[0]["label_path"] if suggestions else "")
            if (other.accepted_at, other.pk) < (appeal.accepted_at, appeal.pk) and other.accepted_at >= appeal.accepted_at - window \
                    and (other.content == appeal.content or (top and matter == top)):
                best = max(best or (other.accepted_at, other.pk), (other.accepted_at, other.pk))
        if best:
            found[appeal.pk] = best[1]
    return found


def test_batched_repeat_detection_agrees_with_the_one_by_one_definition(hub, make_appeal):
    rng = random.Random(5)
    texts = ["楼上漏水", "小区电梯故障", "噪声扰民"]
    paths = [None, "城乡建设/物业管理/电梯故障", "环境保护/噪声污染/施工噪声"]
    phones = ["13900000001", "13900000002"]  # a switchboard calling again and again
    stored = [
        make_appeal(content=rng.choice(texts), label=rng.choice(paths), person_phone=rng.choice(phones),
                    accepted_at=hub.now - dt.timedelta(days=rng.randint(0, 60), minutes=rng.randint(0, 600)),
                    suggestions=[{"label_path": rng.choice(paths[1:]), "confidence": 0.5}] if rng.random() < 0.5 else [])
        for _ in range(40)
    ]
    batch = [a for a in stored if a.label_id is None][:12]
    for appeal in batch:  # what the worker just suggested, not stored yet
        appeal.suggestions = [{"label_path": rng.choice(paths[1:]), "confidence": 0.9}]
    expected = _earlier_reference(batch, 30)
    assert expected  # the scenario does contain repeats
    assert services.earlier_appeals_of_same_callers(batch, 30) == expected


def test_routing_history_for_a_batch_equals_the_per_appeal_history(hub, make_appeal, users):
    appeal = make_appeal(State.DISPATCHED, district=hub.gjz)
    services.appeal_act(actor=users["handler_zjj"], appeal=appeal, action="return", reason="不属于本单位职责")
    paths = ["城乡建设/物业管理/电梯故障", "环境保护/噪声污染/施工噪声"]
    pairs = [(p, d) for p in paths for d in (hub.gjz.pk, hub.zs.pk, None)]
    history = routing.dispatch_history(pairs)
    for path, district in pairs:
        one = routing.advise_many([path], district)[0]
        batched = routing.advise_many([path], district, history=history)[0]
        assert (one.dispatched, one.sent_back, one.alternatives) == (batched.dispatched, batched.sent_back, batched.alternatives)


def test_the_worker_places_a_batch_like_one_by_one(hub):
    from yingshang.insights.models import AppealPlace, Place

    spellings = ["甘井子区红旗西路88号3号楼2单元501室", "大連市甘井子區紅旗西路８８號3幢", "大连湾街道 红旗西路八十八号3栋", "沙河口区西安路121号"]
    appeals = [_submit(address=address, defer_triage=True, content=f"楼下烧烤店油烟扰民(第{n}次)",
                       latitude="38.95" if n == 1 else None, longitude="121.55" if n == 1 else None).appeal
               for n, address in enumerate(spellings)]
    assert not AppealPlace.objects.filter(appeal__in=appeals).exists()
    triage.triage_all()
    building = Place.objects.get(key="210211|红旗西路88号|3栋")
    assert building.appeal_count == 3 and AppealPlace.objects.filter(place=building).count() == 3
    assert building.first_at == appeals[0].accepted_at and building.last_at == appeals[2].accepted_at
    assert building.street.name == "大连湾街道" and building.latitude == Decimal("38.950000")
    assert Place.objects.get(key="210204|西安路121号").appeal_count == 1
    triage.triage_all()  # nothing left to do: counts stay
    assert Place.objects.get(pk=building.pk).appeal_count == 3
