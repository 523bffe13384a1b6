"""Deferred triage: the intake API only registers (few queries), the worker classifies, links repeats
and auto-dispatches in batches; per-process configuration copies expire and are dropped on change."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from yingshang.appeals import hooks, services, triage
from yingshang.appeals.models import Appeal
from yingshang.appeals.workflow import Action, State
from yingshang.core.auditlog import verify_chain
from yingshang.core.memo import TtlMemo
from yingshang.core.models import ApiToken, AuditEntry

from .test_intake import _with_model

pytestmark = pytest.mark.django_db

BODY = {"channel": "app", "appeal_type": "complaint", "content": "小区电梯经常故障停运,物业一直拖着不修", "person_phone": "13912345678", "district": "中山区"}


@pytest.fixture
def token_client(users):
    ApiToken.objects.create(user=users["operator"], name="政企直通车", key_hash=hashlib.sha256(b"k-triage").hexdigest())
    return Client(HTTP_AUTHORIZATION="Bearer k-triage")


def post(client, body=BODY, key=""):
    headers = {"HTTP_IDEMPOTENCY_KEY": key} if key else {}
    return client.post(reverse("api:appeals"), json.dumps(body, ensure_ascii=False), content_type="application/json", **headers)


def fresh_config_copies():
    from yingshang.appeals.sla import PolicyBook
    from yingshang.core.workcalendar import WorkCalendar
    from yingshang.core import api

    WorkCalendar.forget(), PolicyBook.forget(), services.configuration._hub_settings_memo.invalidate(), api.forget_cached_tokens()


@override_settings(YINGSHANG_DEFER_API_TRIAGE=True, YINGSHANG_CONFIG_CACHE_SECONDS=60)
def test_deferred_intake_only_registers_and_stays_cheap(hub, token_client, monkeypatch):
    _with_model(monkeypatch, 0.97)
    fresh_config_copies()
    post(token_client, key="warm-up")
    with CaptureQueriesContext(connection) as queries:
        response = post(token_client, key="k-1")
    assert response.status_code == 201, response.content
    data = response.json()
    assert data["triaged"] is False and data["state"] == State.RECEIVED
    appeal = Appeal.objects.get(tracking_no=data["tracking_no"])
    assert appeal.triaged_at is None and appeal.suggestions == [] and appeal.unit_id is None
    # idempotency check, appeal, event, the audit chain (sequence numbers reserved, entries, head hash) and
    # the transaction around them (a savepoint inside the test's transaction, BEGIN/COMMIT in production):
    # no look-up of the token or of the chain head, no savepoint of the audit trail's own
    statements = [q["sql"] for q in queries.captured_queries]
    assert len(statements) <= 8, "\n".join(sql[:120] for sql in statements)
    assert sum(sql.startswith("SAVEPOINT") for sql in statements) == 1 and statements[0].startswith("SELECT")
    assert sum(sql.startswith("INSERT") for sql in statements) == 3 and sum(sql.startswith("UPDATE") for sql in statements) == 2
    fresh_config_copies()
    replay = post(token_client, key="k-1")
    assert replay.status_code == 200 and replay.json()["tracking_no"] == data["tracking_no"]
    assert Appeal.objects.filter(idempotency_key="k-1").count() == 1


@override_settings(YINGSHANG_DEFER_API_TRIAGE=True)
def test_the_worker_classifies_dispatches_and_hands_the_batch_to_hooks(hub, token_client, monkeypatch):
    _with_model(monkeypatch, 0.97)
    seen = []
    monkeypatch.setattr(hooks, "_HOOKS", [("test", lambda batch: seen.extend(a.tracking_no for a in batch))])
    numbers = [post(token_client, body=BODY | {"content": f"{BODY['content']}(第{i}次)"}, key=f"w-{i}").json()["tracking_no"] for i in range(3)]
    assert triage.pending_count() >= 3
    assert triage.triage_all() >= 3 and triage.pending_count() == 0
    for appeal in Appeal.objects.filter(tracking_no__in=numbers):
        assert appeal.triaged_at is not None
        assert appeal.suggestions[0]["label_path"] == "城乡建设/物业管理/电梯故障"
        assert appeal.state == State.DISPATCHED and appeal.unit == hub.units["zjj"] and appeal.dispatches.get().automatic
    # the second and third are repeats of the first caller's matter (never of themselves)
    first, *later = [Appeal.objects.get(tracking_no=n) for n in numbers]
    assert first.repeat_of_id != first.pk
    assert later[0].repeat_of == first and later[1].repeat_of == later[0]
    assert set(numbers) <= set(seen)
    assert AuditEntry.objects.filter(action="appeals.appeal.triage").count() >= 3 and verify_chain().ok


@override_settings(YINGSHANG_DEFER_API_TRIAGE=True)
def test_people_win_over_the_worker(hub, users, token_client, monkeypatch):
    _with_model(monkeypatch, 0.97)
    number = post(token_client, key="p-1").json()["tracking_no"]
    appeal = Appeal.objects.get(tracking_no=number)
    services.appeal_act(actor=users["operator"], appeal=appeal, action=Action.DISPATCH, label=hub.labels["市场监管/食品安全/过期食品"], unit=hub.units["scj"])
    triage.triage_all()
    appeal.refresh_from_db()
    assert appeal.triaged_at is not None and appeal.unit == hub.units["scj"] and appeal.dispatches.count() == 1


def test_inline_intake_still_triages_at_once(hub, token_client, monkeypatch):
    _with_model(monkeypatch, 0.97)
    data = post(token_client, key="i-1").json()
    assert data["triaged"] is True and data["state"] == State.DISPATCHED and data["suggestions"]


def test_triage_command_reports(hub, token_client, monkeypatch, capsys):
    from django.core.management import call_command

    _with_model(monkeypatch, 0.55)
    with override_settings(YINGSHANG_DEFER_API_TRIAGE=True):
        post(token_client, key="c-1")
    call_command("appeals", "triage")
    assert "已分拣" in capsys.readouterr().out and triage.pending_count() == 0
    with pytest.raises(Exception, match="正整数"):
        call_command("appeals", "triage", "--batch", "0")


def test_the_triage_tick_is_a_background_task_on_the_triage_queue(hub, token_client, monkeypatch):
    from yingshang.appeals.jobs import triage_tick
    from yingshang.core.jobs import PERIODIC

    _with_model(monkeypatch, 0.55)
    with override_settings(YINGSHANG_DEFER_API_TRIAGE=True):
        post(token_client, key="t-1")
        assert PERIODIC["appeals.triage"].enabled()
    assert triage.pending_count() == 1
    result = triage_tick.enqueue()  # the immediate backend of the tests runs it at once
    assert result.return_value == 1 and triage.pending_count() == 0
    assert triage_tick.queue_name == "triage"


def test_config_memo_expires_and_is_dropped_on_change(settings):
    calls = []
    memo = TtlMemo(lambda: calls.append(1) or len(calls), ttl=lambda: 60)
    assert memo.get() == 1 and memo.get() == 1
    memo.invalidate()
    assert memo.get() == 2
    uncached = TtlMemo(lambda: calls.append(1) or len(calls), ttl=lambda: 0)
    assert uncached.get() != uncached.get()


def test_revoked_token_stops_at_once_in_this_process(users, settings):
    from yingshang.core import api

    settings.YINGSHANG_CONFIG_CACHE_SECONDS = 60
    api.forget_cached_tokens()
    token = ApiToken.objects.create(user=users["operator"], name="t", key_hash=hashlib.sha256(b"k-rev").hexdigest())
    client = Client(HTTP_AUTHORIZATION="Bearer k-rev")
    assert client.get(reverse("api:appeals")).status_code == 200
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("api:appeals"))
    assert not any("core_apitoken" in q["sql"] for q in queries.captured_queries)  # served from this process's copy
    token.delete()
    api.forget_cached_tokens()
    assert client.get(reverse("api:appeals")).status_code == 401
