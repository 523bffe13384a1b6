"""The early-warning workflow spec, exhaustively: every status × every operation is either the spec's move
(saved, versioned, audited once as ``insights.early_warning.<operation>``) or a refusal in Chinese that
changes nothing; the detail page's buttons are the allowed operations; the generic workflow API runs them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from yingshang.core import clock
from yingshang.core import workflow as wf
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import ApiToken, AuditEntry, AuditHead
from yingshang.insights.models import EarlyWarning
from yingshang.insights.warnings import services
from yingshang.insights.warnings.workflow import WARNINGS

pytestmark = pytest.mark.django_db

Status = EarlyWarning.Status
VALID = {"acknowledge": {}, "handle": {"reason": "已约谈商户并整改"}, "dismiss": {"reason": "系节假日正常波动"}}


def _warning(users, status=Status.NEW, *, key="wf", label_path="测试/流程", parent=None) -> EarlyWarning:
    today = clock.today()
    with audited_write(None):
        warning = EarlyWarning(
            key=key, kind=EarlyWarning.Kind.HIGH_FREQUENCY, method="qpoisson", label_path=label_path,
            window_start=today - dt.timedelta(days=2), window_end=today, observed=30, expected=5, score=8.0, p_value=1e-6,
            summary=f"{label_path} 异常", owner_unit=users["handler_scj"].unit, detected_at=clock.now(), status=status, parent=parent,
        )
        warning.save()
        record("test.warning", warning, before=None, after=warning.audit_snapshot())
    return warning


def _chain():
    return AuditEntry.objects.count(), AuditHead.objects.values_list("hash", flat=True).first()


def test_the_spec_is_registered_for_the_kernel():
    assert wf.get("early-warnings") is WARNINGS
    assert [op.name for op in WARNINGS.operations] == ["acknowledge", "handle", "dismiss"]
    assert {op.name for op in WARNINGS.operations if op.reason_required} == {"handle", "dismiss"}
    assert WARNINGS.audit_action("dismiss") == "insights.early_warning.dismiss"


@pytest.mark.parametrize("state", list(Status))
@pytest.mark.parametrize("operation", [op.name for op in WARNINGS.operations])
def test_every_state_and_operation(state, operation, users):
    warning = _warning(users, state)
    op, version, chain = WARNINGS.operation(operation), warning.version, _chain()
    row = warning.audit_snapshot()
    actor = users["handler_scj"]
    if state in op.from_states:
        wf.run_operation(WARNINGS, warning, operation, actor, VALID[operation])
        warning.refresh_from_db()
        assert warning.status == op.targets(state)[0] and warning.version == version + 1
        assert warning.owner == actor and warning.note == VALID[operation].get("reason", "")
        assert AuditEntry.objects.filter(action=f"insights.early_warning.{operation}", object_id=str(warning.pk)).count() == 1
        assert AuditEntry.objects.count() == chain[0] + 1
    else:
        with pytest.raises(ValidationError) as error:
            wf.run_operation(WARNINGS, warning, operation, actor, VALID[operation])
        possible = "、".join(str(o.label) for o in WARNINGS.from_state(state))
        hint = f"当前可执行的操作:{possible}" if possible else "该预警已办结,不能再变更"
        assert error.value.messages[0] == f"预警当前状态为“{state.label}”,不能执行“{op.label}”。{hint}。"
        assert EarlyWarning.objects.get(pk=warning.pk).audit_snapshot() == row and _chain() == chain


@pytest.mark.parametrize("operation", ["handle", "dismiss"])
def test_closing_needs_a_reason_and_the_capability(operation, users):
    warning = _warning(users, Status.ACKNOWLEDGED)
    row, chain = warning.audit_snapshot(), _chain()
    with pytest.raises(ValidationError, match=f"“{WARNINGS.operation(operation).label}”须填写理由或说明"):
        services.warning_act(actor=users["handler_scj"], warning=warning, operation=operation, data={"reason": "  "})
    with pytest.raises(PermissionDenied):  # the leader reads warnings, it does not act on them
        services.warning_act(actor=users["leader"], warning=warning, operation=operation, data=VALID[operation])
    assert EarlyWarning.objects.get(pk=warning.pk).audit_snapshot() == row and _chain() == chain


def test_children_in_the_same_status_move_with_their_parent(users):
    parent = _warning(users, key="parent")
    child = _warning(users, key="child", label_path="测试/流程/下级", parent=parent)
    closed = _warning(users, Status.DISMISSED, key="closed", label_path="测试/流程/已排除", parent=parent)
    services.warning_transition(actor=users["operator"], warning=parent, to_status="acknowledged", expected_version=parent.version,
                                note="已安排核查")
    child.refresh_from_db()
    closed.refresh_from_db()
    assert child.status == Status.ACKNOWLEDGED and child.note == "已安排核查" and child.owner == users["operator"]
    assert closed.status == Status.DISMISSED
    assert AuditEntry.objects.filter(action="insights.early_warning.acknowledge", object_id=str(child.pk)).count() == 1
    assert not AuditEntry.objects.filter(action__startswith="insights.early_warning.", object_id=str(closed.pk)).exists()


@pytest.mark.parametrize("state", list(Status))
def test_buttons_shown_equal_allowed_operations(state, users, client):
    warning = _warning(users, state)
    for username in ("handler_scj", "operator", "leader"):
        client.force_login(users[username])
        html = client.get(reverse("insights:warning_detail", args=[warning.pk])).content.decode()
        shown = re.findall(r'class="action-form operation[^"]*" data-action="(\w+)"', html)
        assert shown == [op.name for op in wf.allowed_operations(WARNINGS, warning, users[username], buttons_only=True)]
        expected = [] if username == "leader" else [op.name for op in WARNINGS.from_state(state)]
        assert shown == expected


def test_the_generic_workflow_api_runs_warning_operations(users, client):
    warning = _warning(users)
    other = _warning(users, key="other", label_path="他单位/流程")
    with audited_write(None):
        before = other.audit_snapshot()
        other.owner_unit = users["handler_zjj"].unit
        other.save()
        record("test.warning", other, before=before, after=other.audit_snapshot())
    ApiToken.objects.create(user=users["handler_scj"], name="t", key_hash=hashlib.sha256(b"warn-token").hexdigest())
    api = Client()
    auth = {"HTTP_AUTHORIZATION": "Bearer warn-token"}

    def post(pk, op, body):
        url = reverse("api:workflow_operate", kwargs={"name": "early-warnings", "key": str(pk), "op": op})
        return api.post(url, json.dumps(body), content_type="application/json", **auth)

    state = api.get(reverse("api:workflow_state", kwargs={"name": "early-warnings", "key": str(warning.pk)}), **auth).json()
    assert state["state"] == "new" and state["allowed_operations"] == ["acknowledge", "dismiss"]
    detail = api.get(reverse("api:warning", args=[warning.pk]), **auth).json()
    assert detail["allowed_operations"] == ["acknowledge", "dismiss"]

    refused = post(warning.pk, "handle", {"version": warning.version, "reason": "x"})
    assert refused.status_code == 400 and "不能执行“标记已处置”" in refused.json()["detail"]
    missing = post(warning.pk, "dismiss", {"version": warning.version})
    assert missing.status_code == 400 and "须填写理由或说明" in json.dumps(missing.json(), ensure_ascii=False)
    assert post(other.pk, "acknowledge", {"version": other.version}).status_code == 404  # outside the unit's scope

    done = post(warning.pk, "acknowledge", {"version": warning.version, "reason": "已通知属地"})
    assert done.status_code == 200, done.content
    assert done.json()["state"] == "acknowledged" and done.json()["allowed_operations"] == ["handle", "dismiss"]
    stale = post(warning.pk, "handle", {"version": warning.version, "reason": "已处置"})
    assert stale.status_code == 409, stale.json()  # stale version
    warning.refresh_from_db()
    assert warning.status == Status.ACKNOWLEDGED and warning.note == "已通知属地"
    assert AuditEntry.objects.filter(action="insights.early_warning.acknowledge", object_id=str(warning.pk), actor_name__isnull=False).count() == 1

    specs = {spec["name"]: spec for spec in api.get(reverse("api:workflows"), **auth).json()}
    assert [op["name"] for op in specs["early-warnings"]["operations"]] == ["acknowledge", "handle", "dismiss"]
