"""The workflow operations of every module, derived from their specs (core/workflow.py) — one endpoint for all.

``GET  /api/v1/workflows/``                                   every workflow and its operations (the spec as data)
``GET  /api/v1/workflows/{workflow}/{key}/``                  an object's state and the operations the caller may run
``POST /api/v1/workflows/{workflow}/{key}/operations/{op}/``   run one operation (body: ``version`` and the spec's fields)

A module adds an operation to its spec and it appears here, in the OpenAPI document and on its pages at once.
"""

from __future__ import annotations

from typing import Any

from ninja import Router, Schema
from pydantic import BaseModel, ConfigDict

from yingshang.core import workflow

from .errors import ERROR_RESPONSES

router = Router(tags=["业务流程"])


class FieldSpecOut(Schema):
    model_config = ConfigDict(extra="allow")
    name: str


class OperationSpecOut(Schema):
    name: str
    label: str
    from_states: list[str]
    to_states: list[str]
    side: str
    capability: str | None = None
    reason_required: bool
    public_label: str | None = None
    style: str
    button: bool
    audit_action: str
    fields: list[FieldSpecOut]


class WorkflowSpecOut(Schema):
    name: str
    states: dict[str, str]
    operations: list[OperationSpecOut]


class StateOut(Schema):
    state: str
    state_label: str
    version: int | None = None
    allowed_operations: list[str]


class OperationIn(BaseModel):
    """``version`` as loaded (a stale version is refused with 409), plus the operation's fields by name.

    A plain pydantic model: ninja's Schema reads only its declared fields, so it would drop the operation's
    fields (``reason``, ``amount``…) without a word."""

    model_config = ConfigDict(extra="allow")
    version: int | None = None


def _spec(flow: workflow.Workflow) -> dict[str, Any]:
    return {"name": flow.name, "states": {value: str(label) for value, label in flow.states.choices},
            "operations": workflow.operations_for(flow)}


@router.get("/", response={200: list[WorkflowSpecOut], **ERROR_RESPONSES}, url_name="workflows", summary="全部业务流程及其操作规格")
def workflows(request):
    return [_spec(flow) for flow in workflow.registered()]


@router.get("/{name}/{key}/", response={200: StateOut, **ERROR_RESPONSES}, url_name="workflow_state",
            summary="对象的当前状态和当前用户可执行的操作")
def workflow_state(request, name: str, key: str):
    flow = workflow.get(name)
    obj = workflow.lookup_for(flow, request.user, key)
    return workflow.state_summary(flow, obj, request.user)


@router.post("/{name}/{key}/operations/{op}/", response={200: StateOut, **ERROR_RESPONSES}, url_name="workflow_operate",
             summary="执行一个业务操作(须带 version)")
def workflow_operate(request, name: str, key: str, op: str, payload: OperationIn):
    data = payload.model_dump()
    version = data.pop("version", None)
    return workflow.operate(name, request.user, key, op, data, version)
