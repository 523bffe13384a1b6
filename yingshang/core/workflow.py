"""Workflow operations, declared once.

A module describes each thing people do to one of its objects as an :class:`Operation` (the states it
starts from, the state it leads to, who may do it, the form it needs, whether a reason is required, its
Chinese label for staff and for the public, and the handler that does the module's own work) and groups
them into a :class:`Workflow`. Everything else is derived here, so adding an operation is one entry:

* the transition check, with a Chinese refusal naming the state, the operation and what is possible;
* :func:`allowed_operations` (state, guard, capability, the module's authorisation hook), which the
  pages render through ONE include (``core/_operations.html``) and the API lists;
* :func:`run_operation`: validate the form, check, run the handler inside ``audited_write``, save with
  a compare-and-set on ``version`` and record the audit entry ``<app>.<model>.<operation>``;
* the public tracking steps (:meth:`Workflow.public_steps`), :func:`operations_for` for the API layer
  and the Mermaid diagram in docs/workflows.md (``yingshang workflow diagram``).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import functools
from importlib import import_module
from importlib.util import find_spec
from typing import Any, Callable, Iterable

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, PermissionDenied, ValidationError
from django.db import models
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from . import clock
from .audit import audited_write
from .auditlog import record
from .permissions import has_capability
from .services import ConcurrentEditError, save_versioned
from .textnorm import normalize_text

STAY = "stay"  # to_state of an operation that leaves the state as it is (督办, 阶段反馈, 批准延期…)
# Button styles by consequence: PRIMARY the one usual forward step, SECONDARY a routine step that moves
# nothing on, NEUTRAL a side step, DANGER only a step that undoes or refuses work (退回, 驳回, 重办).
PRIMARY, SECONDARY, DANGER, NEUTRAL = "primary", "secondary", "danger", "neutral"


class OperationForm(forms.Form):
    """Base of every operation's form: the version the editor loaded, and the reason box when the spec has one.

    A form class given as ``Operation.fields`` derives from this; its ``__init__`` receives the object
    acted on (``obj``) so choices can depend on it."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, data=None, *args, obj=None, operation: "Operation | None" = None, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.obj, self.operation = obj, operation
        if operation is not None and operation.has_reason_box and "reason" not in self.fields:
            self.fields["reason"] = forms.CharField(
                label=operation.reason_label or (gettext_lazy("理由/说明(必填)") if operation.reason_required else gettext_lazy("说明(可选)")),
                # Checked by perform() for every caller, with the operation's name in the message.
                widget=forms.Textarea(attrs={"rows": 2, "required": True} if operation.reason_required else {"rows": 2}),
                required=False, max_length=2000,
            )

    def params(self) -> dict[str, Any]:
        """The handler's parameters: every filled-in field but the version."""
        return {k: v for k, v in self.cleaned_data.items() if k != "version" and v not in (None, "")}


@dataclasses.dataclass(frozen=True)
class Operation:
    """One thing people do to an object of a workflow."""

    name: str
    label: str  # Chinese, on the button and in refusals
    from_states: tuple[str, ...]
    # A state or STAY; or the states a handler may choose among (first is the usual one); or a dict from
    # each from-state to one of those.
    to_state: str | tuple[str, ...] | dict[str, str | tuple[str, ...]]
    side: str  # who acts, in Chinese (热线, 承办单位, 申请人, 审核部门…)
    capability: str | None = None
    handler: Callable[["Step"], None] | str | None = None  # or its dotted path (handlers live in services)
    fields: dict[str, forms.Field] | type[forms.Form] | None = None
    reason_required: bool = False
    reason_optional: bool = False  # a reason box that may stay empty
    reason_label: str | None = None
    public_label: str | None = None  # shown on public tracking; None: not shown
    style: str = NEUTRAL
    guard: Callable[[Any], str | None] | None = None  # conditions beyond the state; returns why not
    button: bool = True  # False: performed by another service (a final report, a batch 公示), never a button

    def __post_init__(self):
        # States as plain strings (TextChoices members hash by name, not by value).
        def plain(target):
            return tuple(str(t) for t in target) if isinstance(target, (tuple, list)) else str(target)

        object.__setattr__(self, "from_states", tuple(str(s) for s in self.from_states))
        if isinstance(self.to_state, dict):
            object.__setattr__(self, "to_state", {str(k): plain(v) for k, v in self.to_state.items()})
        else:
            object.__setattr__(self, "to_state", plain(self.to_state))

    @property
    def has_reason_box(self) -> bool:
        return self.reason_required or self.reason_optional

    def targets(self, state: str) -> tuple[str, ...]:
        declared = self.to_state.get(state, ()) if isinstance(self.to_state, dict) else self.to_state
        declared = declared if isinstance(declared, tuple) else (declared,)
        return tuple(state if target == STAY else target for target in declared)

    def all_targets(self) -> list[str]:
        return sorted({target for state in self.from_states for target in self.targets(state)})

    def form_class(self) -> type[OperationForm]:
        if isinstance(self.fields, type):
            if not issubclass(self.fields, OperationForm):
                raise TypeError(f"{self.name}: a form class of an operation derives from OperationForm")
            return self.fields
        return type(f"{self.name.title().replace('_', '')}Form", (OperationForm,), dict(self.fields or {}))


@dataclasses.dataclass
class Step:
    """One operation in progress, as the handler sees it. The handler changes ``obj`` (never its state
    field: that is the spec's), may pick ``to_state`` among the declared ones, adds ``data`` for the
    module's event row and queues work for after the save with :meth:`then`."""

    workflow: "Workflow"
    operation: Operation
    obj: Any
    actor: Any
    now: dt.datetime
    params: dict[str, Any]
    reason: str
    from_state: str
    to_state: str
    data: dict[str, Any] = dataclasses.field(default_factory=dict)
    extra: dict[str, Any] = dataclasses.field(default_factory=dict)  # module-specific, for its on_transition hook
    later: list[Callable[[], None]] = dataclasses.field(default_factory=list)

    def then(self, work: Callable[[], None]) -> None:
        """Run ``work`` after this step is saved and audited, in the same transaction."""
        self.later.append(work)


@dataclasses.dataclass(frozen=True)
class Workflow:
    """The operations of one kind of object, and the hooks the module adds to the kernel's rules."""

    name: str  # registry key and API path segment: /api/<name>/{id}/operations/{op}
    model: type[models.Model]
    state_field: str
    states: type[models.TextChoices]
    operations: tuple[Operation, ...]
    noun: str  # 诉求, 申请, 任务: "<noun>当前状态为…"
    audit_model: str  # appeal → appeals.appeal.<operation>
    authorize: Callable[[Any, Operation, Any], None] | str | None = None  # raise PermissionDenied (side, unit scope…); or its dotted path
    on_transition: Callable[[Step], None] | str | None = None  # after the save: the module's event row (or its dotted path)
    entry_steps: dict[str, str] = dataclasses.field(default_factory=dict)  # public labels of steps that are not operations (受理)
    # The module's selector that finds one object in the user's scope by its key (404 outside): what a
    # generic endpoint POST /api/<name>/{key}/operations/{op} needs besides the spec.
    lookup: Callable[[Any, Any], Any] | str | None = None
    initial_states: tuple[str, ...] = ()  # where new objects start, for the diagram
    closed_hint: str = ""  # said when no operation is possible in a state

    def __post_init__(self):
        names = [op.name for op in self.operations]
        duplicated = {n for n in names if names.count(n) > 1}
        if duplicated:
            raise ValueError(f"{self.name}: duplicated operations {sorted(duplicated)}")
        known = set(self.states.values)
        for op in self.operations:
            unknown = (set(op.from_states) | set(op.all_targets())) - known
            if unknown:
                raise ValueError(f"{self.name}.{op.name}: unknown states {sorted(unknown)}")

    @property
    def audit_prefix(self) -> str:
        return f"{self.model._meta.app_label}.{self.audit_model}"

    def audit_action(self, operation: Operation | str) -> str:
        """The one naming style of audit entries: ``<app>.<model>.<operation>``."""
        return f"{self.audit_prefix}.{getattr(operation, 'name', operation)}"

    def operation(self, name: str) -> Operation:
        for op in self.operations:
            if op.name == str(name):
                return op
        raise ValidationError(_("未知的操作“%(name)s”") % {"name": name}, code="unknown_action")

    def state_of(self, obj) -> str:
        return str(getattr(obj, self.state_field))

    def state_label(self, state: str) -> str:
        try:
            return str(self.states(state).label)
        except ValueError:
            return state

    def from_state(self, state: str) -> list[Operation]:
        return [op for op in self.operations if state in op.from_states]

    def step_label(self, name: str, *, public: bool = False) -> str:
        """A recorded step (an operation's name, or an entry step such as 受理) in words: the public label
        where the public reads it and the spec has one, else the operation's label; never the code."""
        steps = self.public_steps() if public else {}
        if name in steps:
            return steps[name]
        if name in self.entry_steps:
            return str(self.entry_steps[name])
        for op in self.operations:
            if op.name == name:
                return str(op.label)
        from .readable import code_label

        return code_label(name) or str(gettext_lazy("其他步骤"))

    def public_steps(self) -> dict[str, str]:
        """What public tracking calls each step: the spec's public labels (None: not shown)."""
        steps = {key: str(label) for key, label in self.entry_steps.items()}
        steps.update({op.name: str(op.public_label) for op in self.operations if op.public_label})
        return steps


def _resolve(hook):
    """A hook given as a dotted path (handlers live in the module's services, which import the spec)."""
    return _import(hook) if isinstance(hook, str) else hook


@functools.cache
def _import(path: str):
    return import_string(path)


# --- registry ------------------------------------------------------------------------------------------

_REGISTRY: dict[str, Workflow] = {}


def register(workflow: Workflow) -> Workflow:
    _REGISTRY[workflow.name] = workflow
    return workflow


def registered() -> list[Workflow]:
    """Every workflow of the installed apps (each app registers its own when its workflow module loads)."""
    from django.apps import apps

    for config in apps.get_app_configs():
        module = f"{config.name}.workflow"
        if config.name.startswith("yingshang.") and find_spec(module) is not None:
            import_module(module)
    return sorted(_REGISTRY.values(), key=lambda w: w.name)


def get(name: str) -> Workflow:
    registered()
    try:
        return _REGISTRY[name]
    except KeyError:
        raise ValidationError(_("未知的业务流程“%(name)s”") % {"name": name}, code="unknown_workflow")


# --- the rules derived from the spec ------------------------------------------------------------------

def check_transition(workflow: Workflow, obj, op_name: str) -> Operation:
    """The operation, if it fits ``obj``'s state and guard; otherwise a ValidationError in Chinese that
    names the current state, the operation and what is possible instead."""
    op = workflow.operation(op_name)
    state = workflow.state_of(obj)
    if state not in op.from_states:
        possible = "、".join(str(o.label) for o in workflow.from_state(state))
        hint = _("当前可执行的操作:%(ops)s") % {"ops": possible} if possible else (workflow.closed_hint or _("当前状态下不能再变更"))
        raise ValidationError(
            _("%(noun)s当前状态为“%(state)s”,不能执行“%(op)s”。%(hint)s。")
            % {"noun": workflow.noun, "state": workflow.state_label(state), "op": op.label, "hint": hint},
            code="illegal_transition",
        )
    problem = op.guard(obj) if op.guard else None
    if problem:
        raise ValidationError(problem, code="guard")
    return op


def possible_operations(workflow: Workflow, obj) -> list[Operation]:
    """Operations the state and the guards allow now, in spec order (before any permission check)."""
    state = workflow.state_of(obj)
    return [op for op in workflow.from_state(state) if not (op.guard and op.guard(obj))]


def authorize(workflow: Workflow, op: Operation, obj, user) -> None:
    """Raise PermissionDenied unless ``user`` may do ``op`` to ``obj``. ``None`` is the system."""
    if user is None:
        return
    if op.capability and not has_capability(user, op.capability):
        raise PermissionDenied(_("您无权执行“%(op)s”") % {"op": op.label})
    if workflow.authorize is not None:
        _resolve(workflow.authorize)(user, op, obj)


def may(workflow: Workflow, op: Operation, obj, user) -> bool:
    try:
        authorize(workflow, op, obj, user)
    except PermissionDenied:
        return False
    return True


def allowed_operations(workflow: Workflow, obj, user, *, buttons_only: bool = False) -> list[Operation]:
    """What ``user`` may do to ``obj`` now: state, guard, capability and the module's authorisation hook."""
    return [op for op in possible_operations(workflow, obj) if (op.button or not buttons_only) and may(workflow, op, obj, user)]


def operation_form(workflow: Workflow, op: Operation | str, obj, data=None, **kwargs) -> OperationForm:
    op = workflow.operation(op) if isinstance(op, str) else op
    initial = {"version": getattr(obj, "version", None)}
    return op.form_class()(data, obj=obj, operation=op, initial=initial, **kwargs)


def _form_error(form: forms.Form) -> ValidationError:
    errors = {}
    for field, messages in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        errors[field if field in form.fields else "__all__"] = [f"{label}:{m}" if label else str(m) for m in messages]
    return ValidationError(errors)


def _loaded_version(data) -> int | None:
    """The version the editor loaded, when the submitted data carries a readable one (the form reports a bad one)."""
    raw = (data or {}).get("version")
    try:
        return int(raw) if raw not in (None, "") else None
    except (TypeError, ValueError):
        return None


def _refuse_stale(obj, expected_version: int | None) -> None:
    """Someone else changed ``obj`` since the editor loaded it: a conflict (409), checked before the state.

    Otherwise the second of two reviewers pressing 受理 would hear "the state does not allow 受理" (400)
    instead of "someone else was first" — the state moved because of the very edit they did not see."""
    if expected_version is not None and getattr(obj, "version", None) is not None and int(expected_version) != obj.version:
        raise ConcurrentEditError()


def run_operation(workflow: Workflow, obj, op_name: str, actor, data: dict | None = None, expected_version: int | None = None, *,
                  files=None, extra: dict[str, Any] | None = None) -> Step:
    """Do one operation on behalf of ``actor`` (``None``: the system).

    Refuses, before anything is written: an operation the state does not allow (ValidationError), one the
    actor may not do (PermissionDenied), invalid form data (ValidationError with field errors in Chinese).
    Then runs the handler inside ``audited_write``, saves with a compare-and-set on ``version`` (another
    editor first: ConcurrentEditError) and records ``<app>.<model>.<operation>``.

    ``data`` is what a person typed (a POST, a JSON body): only the spec's fields pass. ``extra`` is for
    the calling service's own typed values (uploaded files keyed by material…), handed to the handler as is."""
    if expected_version is None:
        expected_version = _loaded_version(data)
    _refuse_stale(obj, expected_version)
    op = check_transition(workflow, obj, op_name)
    authorize(workflow, op, obj, actor)
    form = operation_form(workflow, op, obj, data=data if data is not None else {}, files=files)  # a dict or a QueryDict
    if not form.is_valid():
        raise _form_error(form)
    if expected_version is None:
        expected_version = form.cleaned_data.get("version")
    params = {**form.params(), **(extra or {})}
    return perform(workflow, obj, op, actor, params, expected_version=obj.version if expected_version is None else expected_version)


def perform(workflow: Workflow, obj, op: Operation | str, actor, params: dict[str, Any], *, expected_version: int | None,
            now: dt.datetime | None = None) -> Step:
    """The write of :func:`run_operation`, for services that already hold checked values (intake's
    dispatch with model objects, a final report that finishes its task, a batch 公示). The transition
    check and the reason rule still apply; authorisation is the caller's."""
    _refuse_stale(obj, expected_version)
    op = check_transition(workflow, obj, op.name if isinstance(op, Operation) else op)
    reason = normalize_text(str(params.get("reason") or params.get("note") or ""))
    if op.reason_required and not reason:
        # Keyed by the reason box, so pages show the message beside it (core/_operations.html).
        raise ValidationError({"reason": ValidationError(_("“%(op)s”须填写理由或说明") % {"op": op.label}, code="reason_required")})
    from_state = workflow.state_of(obj)
    step = Step(workflow=workflow, operation=op, obj=obj, actor=actor, now=now or clock.now(), params=dict(params), reason=reason,
                from_state=from_state, to_state=op.targets(from_state)[0])
    with audited_write(actor):
        before = obj.audit_snapshot()
        if op.handler is not None:
            _resolve(op.handler)(step)
        if step.to_state not in op.targets(from_state):
            raise RuntimeError(f"{workflow.name}.{op.name}: the handler chose {step.to_state}, not a declared target")
        setattr(obj, workflow.state_field, step.to_state)
        save_versioned(obj, expected_version)
        record(workflow.audit_action(op), obj, before=before, after=obj.audit_snapshot())
        if workflow.on_transition is not None:
            _resolve(workflow.on_transition)(step)
        for work in step.later:
            work()
    return step


# --- what other layers derive ---------------------------------------------------------------------------

def _field_spec(name: str, field: forms.Field) -> dict[str, Any]:
    kind = {forms.IntegerField: "integer", forms.DecimalField: "number", forms.DateField: "date", forms.BooleanField: "boolean",
            forms.ModelChoiceField: "id"}
    choices = getattr(field, "choices", None)
    return {
        "name": name, "label": str(field.label or name), "required": field.required,
        "type": next((v for k, v in kind.items() if isinstance(field, k)), "string"),
        "choices": [[str(v), str(l)] for v, l in choices if v not in ("", None)] if choices is not None and not isinstance(field, forms.ModelChoiceField) else None,
    }


def operations_for(workflow: Workflow) -> list[dict[str, Any]]:
    """The operations as data, for the API layer (one endpoint ``POST /api/<workflow>/{id}/operations/{op}``
    calling :func:`run_operation`) and its OpenAPI document."""
    result = []
    for op in workflow.operations:
        form = op.form_class()(operation=op)
        result.append({
            "name": op.name, "label": str(op.label), "from_states": list(op.from_states),
            "to_states": op.all_targets(), "side": str(op.side),
            "capability": op.capability, "reason_required": op.reason_required, "public_label": str(op.public_label) if op.public_label else None,
            "style": op.style, "button": op.button, "audit_action": workflow.audit_action(op),
            "fields": [_field_spec(name, field) for name, field in form.fields.items()],
        })
    return result


def state_summary(workflow: Workflow, obj, user) -> dict[str, Any]:
    """An object's place in its workflow, as the API answers it."""
    state = workflow.state_of(obj)
    return {"state": state, "state_label": workflow.state_label(state), "version": getattr(obj, "version", None),
            "allowed_operations": [op.name for op in allowed_operations(workflow, obj, user)]}


def operate(name: str, user, key, op_name: str, data: dict | None = None, expected_version: int | None = None) -> dict[str, Any]:
    """The whole of ``POST /api/<workflow>/{key}/operations/{op}``: find the object in the user's scope
    (Http404 outside), run the operation, answer its new state. Errors propagate for the API layer to
    render: ValidationError (400, field errors in Chinese), PermissionDenied (403), ConcurrentEditError (409)."""
    workflow = get(name)
    obj = lookup_for(workflow, user, key)
    run_operation(workflow, obj, op_name, user, data, expected_version)
    return state_summary(workflow, obj, user)


def lookup_for(workflow: Workflow, user, key):
    """The object ``key`` of ``workflow`` within the user's scope (its selector raises Http404 outside)."""
    if workflow.lookup is None:
        raise ValidationError(_("业务流程“%(name)s”未提供对象查找") % {"name": workflow.name}, code="no_lookup")
    lookup = _resolve(workflow.lookup)
    if isinstance(key, str) and key.isdigit() and getattr(workflow.model._meta.pk, "get_internal_type", lambda: "")() in ("AutoField", "BigAutoField"):
        key = int(key)
    return lookup(user, key)


def buttons(workflow: Workflow, obj, user, *, url: Callable[[Operation], str],
            submitted: tuple[str, Any, ValidationError] | None = None) -> list[dict[str, Any]]:
    """What ``core/_operations.html`` renders: one form per allowed operation, with the spec's fields.

    ``submitted`` = (operation name, the data posted, the ValidationError it met): that operation's form
    comes back as the person filled it in, each message beside its field (an empty 办结 reply under the
    reply box, not only at the top of the page)."""
    result = []
    for op in allowed_operations(workflow, obj, user, buttons_only=True):
        if submitted and submitted[0] == op.name:
            form = bound_with_errors(operation_form(workflow, op, obj, data=submitted[1], auto_id=f"op-{op.name}-%s"), submitted[2])
        else:
            form = operation_form(workflow, op, obj, auto_id=f"op-{op.name}-%s")
        result.append({"operation": op, "form": form, "url": url(op), "has_errors": form.is_bound and bool(form.errors)})
    return result


def bound_with_errors(form: forms.Form, error: ValidationError) -> forms.Form:
    """``form`` (bound) with the messages of ``error`` put beside their fields; messages of no field of the
    form, or fields the form's own validation already flagged, go once to the form's top."""
    form.is_valid()
    by_field = error.message_dict if hasattr(error, "error_dict") else {NON_FIELD_ERRORS: error.messages}
    for field, messages in by_field.items():
        if field in form.fields and field not in form.errors:
            form.add_error(field, messages)
        elif field not in form.fields:
            known = set(form.non_field_errors()) | {m for errors in form.errors.values() for m in errors}
            fresh = [m for m in messages if m not in known and not any(m.endswith(k) or k.endswith(m) for k in known)]
            if fresh:
                form.add_error(None, fresh)
    return form


def mermaid(workflow: Workflow) -> str:
    """The workflow as a Mermaid ``stateDiagram-v2``, generated from the spec (docs/workflows.md)."""
    lines = ["stateDiagram-v2"]
    for state in workflow.states:
        lines.append(f"    {state.value}: {state.label}")
    for state in workflow.initial_states:
        lines.append(f"    [*] --> {str(state)}")
    for op in workflow.operations:
        for source in op.from_states:
            for target in op.targets(source):
                lines.append(f"    {source} --> {target}: {op.label}")
    for state in workflow.states:
        if not workflow.from_state(state.value):
            lines.append(f"    {state.value} --> [*]")
    return "\n".join(lines)


def diagrams_markdown(workflows: Iterable[Workflow] | None = None) -> str:
    """docs/workflows.md: every registered workflow's diagram and operation table."""
    parts = [
        "# 业务流程(由规格生成)",
        "",
        "本文件由 `yingshang workflow diagram` 根据各模块的流程规格(`yingshang/<app>/workflow.py`)生成,请勿手工编辑;"
        "规格变化而未重新生成时,测试 `core/tests/test_workflow_docs.py` 失败。",
        "",
    ]
    for workflow in workflows if workflows is not None else registered():
        parts += [f"## {workflow.name}:{workflow.model._meta.verbose_name}", "", "```mermaid", mermaid(workflow), "```", "",
                  "| 操作 | 名称 | 起始状态 | 目标状态 | 执行方 | 权限 | 须填理由 | 公开进度 | 审计动作 |",
                  "|---|---|---|---|---|---|---|---|---|"]
        for op in workflow.operations:
            targets = op.all_targets()
            parts.append(
                f"| `{op.name}` | {op.label} | {'、'.join(workflow.state_label(s) for s in op.from_states)} | "
                f"{'(不变)' if op.to_state == STAY else '、'.join(workflow.state_label(t) for t in targets)} | {op.side} | "
                f"`{op.capability or '—'}` | {'是' if op.reason_required else '否'} | {op.public_label or '—'} | `{workflow.audit_action(op)}` |"
            )
        parts.append("")
    return "\n".join(parts)
