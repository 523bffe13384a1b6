"""The plan task workflow spec, exhaustively: every state × every operation is either the spec's move (saved,
versioned, audited as ``plans.task.<operation>``) or a refusal in Chinese that changes nothing; the task page's
buttons are the allowed operations."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from yingshang.core import workflow as wf
from yingshang.core.models import AuditEntry, AuditHead
from yingshang.plans import services
from yingshang.plans.models import Task
from yingshang.plans.workflow import TASKS

from .conftest import task_of

pytestmark = pytest.mark.django_db

ACTORS = {"finish": "coordinator_gjz", "reopen": "admin"}  # the responsible unit's coordinator; the supervising office
VALID = {"finish": {}, "reopen": {"reason": "佐证材料不全"}}


def _task_in(published, state):
    task = task_of(published, "甘井子区财政局", "4.")
    if state == Task.State.FINISHED:
        wf.perform(TASKS, task, "finish", None, {}, expected_version=task.version)
    return Task.objects.select_related("unit", "item", "plan").get(pk=task.pk)


def _chain():
    return AuditEntry.objects.count(), AuditHead.objects.values_list("hash", flat=True).first()


@pytest.mark.parametrize("state", list(Task.State))
@pytest.mark.parametrize("operation", [op.name for op in TASKS.operations])
def test_every_state_and_operation(state, operation, published, users):
    task = _task_in(published, state)
    op, version, chain = TASKS.operation(operation), task.version, _chain()
    row = task.audit_snapshot()
    if state in op.from_states:
        wf.run_operation(TASKS, task, operation, users[ACTORS[operation]], VALID[operation])
        task.refresh_from_db()
        assert task.state == op.targets(state)[0] and task.version == version + 1
        assert (task.finished_at is None) == (task.state == Task.State.OPEN)
        assert AuditEntry.objects.filter(action=f"plans.task.{operation}", object_id=str(task.pk)).count() == 1
    else:
        with pytest.raises(ValidationError) as error:
            wf.run_operation(TASKS, task, operation, users[ACTORS[operation]], VALID[operation])
        possible = "、".join(str(o.label) for o in TASKS.from_state(state))
        assert error.value.messages[0] == f"任务当前状态为“{state.label}”,不能执行“{op.label}”。当前可执行的操作:{possible}。"
        assert Task.objects.get(pk=task.pk).audit_snapshot() == row and _chain() == chain


def test_finish_is_the_units_and_reopen_needs_a_reason_and_the_supervising_office(published, users):
    with pytest.raises(PermissionDenied):  # another unit cannot finish this task
        wf.run_operation(TASKS, _task_in(published, Task.State.OPEN), "finish", users["handler_scj"], {})
    task = _task_in(published, Task.State.FINISHED)
    with pytest.raises(ValidationError, match="“重新打开”须填写理由或说明"):
        services.task_reopen(actor=users["admin"], task=task, reason=" ")
    with pytest.raises(PermissionDenied):
        services.task_reopen(actor=users["coordinator_gjz"], task=task, reason="想再改改")
    assert Task.objects.get(pk=task.pk).state == Task.State.FINISHED


@pytest.mark.parametrize("state", list(Task.State))
def test_buttons_shown_equal_allowed_operations(state, published, users, client):
    task = _task_in(published, state)
    for username in ("admin", "coordinator_gjz", "leader"):
        client.force_login(users[username])
        html = client.get(reverse("plans:task_detail", args=[task.pk])).content.decode()
        shown = re.findall(r'class="action-form operation[^"]*" data-action="(\w+)"', html)
        assert shown == [op.name for op in wf.allowed_operations(TASKS, task, users[username], buttons_only=True)]
        assert shown == (["reopen"] if state == Task.State.FINISHED and username == "admin" else [])


def test_the_reopen_button_reopens(published, users, client):
    task = _task_in(published, Task.State.FINISHED)
    client.force_login(users["admin"])
    client.post(reverse("plans:task_reopen", args=[task.pk]), {"version": task.version, "reason": "数据有误"})
    task.refresh_from_db()
    assert task.state == Task.State.OPEN
    assert AuditEntry.objects.filter(action="plans.task.reopen", object_id=str(task.pk)).exists()
