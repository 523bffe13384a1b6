"""Audit action names come in one style, ``<app>.<model>.<verb>`` (docs/core.md, audit trail).

A static walk over every ``record``/``record_bulk``/``record_many``/``append_entry`` call in the source: the
action given as a literal (or an f-string, whose placeholders are read as one word, or either branch of a
conditional) must have that shape. Actions derived from a workflow spec (``audit_action``) are built in
one place and checked by the workflow tests. Entries written before the renaming keep their old names;
the audit log search finds them under the new ones.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from yingshang.core.audit import audited_write
from yingshang.core.auditlog import RENAMED_ACTIONS, append_entry, verify_chain
from yingshang.core.selectors import audit_entries_for_user

PACKAGE = Path(__file__).resolve().parents[2]
STYLE = re.compile(r"^[a-z_]+\.[a-z_]+\.[a-z_]+$")
RECORD_CALLS = {"record", "record_bulk", "record_many", "append_entry"}


def _call_name(call: ast.Call) -> str:
    """The called name: ``record(...)`` or ``auditlog.record(...)``, not another object's ``record`` method."""
    func = call.func
    if isinstance(func, ast.Attribute):
        named = func.attr == "audit_action" or (isinstance(func.value, ast.Name) and func.value.id == "auditlog")
        return func.attr if named else ""
    return func.id if isinstance(func, ast.Name) else ""


def _action_problems(node: ast.AST, source: str) -> list[str]:
    """What is wrong with the action expression ``node`` (empty: it has the one style)."""
    if isinstance(node, ast.IfExp):
        return _action_problems(node.body, source) + _action_problems(node.orelse, source)
    if isinstance(node, ast.Call) and _call_name(node) in {"audit_action", "admin_action"}:
        return []  # built in one place each: the workflow spec, core/admin.py (checked below)
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        text = node.value
    elif isinstance(node, ast.JoinedStr):
        text = "".join(part.value if isinstance(part, ast.Constant) else "x" for part in node.values)
    else:
        return [f"line {node.lineno}: action is not a literal: {ast.get_source_segment(source, node)[:60]}"]
    return [] if STYLE.match(text) else [f"line {node.lineno}: {text!r}"]


def action_name_problems(source: str) -> list[str]:
    tree = ast.parse(source)
    problems = []
    batches = any(isinstance(n, ast.Call) and _call_name(n) == "record_many" for n in ast.walk(tree))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) in {"record", "record_bulk", "append_entry"}:
            action = next((k.value for k in node.keywords if k.arg == "action"), node.args[0] if node.args else None)
            if action is not None:
                problems += _action_problems(action, source)
        # record_many takes (action, obj, before, after) tuples, often collected in a list first.
        if (batches and isinstance(node, ast.Tuple) and len(node.elts) == 4 and isinstance(node.elts[0], ast.Constant)
                and isinstance(node.elts[0].value, str) and "." in node.elts[0].value):
            problems += _action_problems(node.elts[0], source)
    return problems


def _source_files():
    own = PACKAGE / "core" / "auditlog.py"  # defines the calls and passes the action through
    return sorted(p for p in PACKAGE.rglob("*.py") if "tests" not in p.parts and "migrations" not in p.parts and p != own)


def test_every_recorded_action_has_the_one_style():
    problems = {str(p.relative_to(PACKAGE)): found for p in _source_files()
                if (found := action_name_problems(p.read_text(encoding="utf-8")))}
    assert problems == {}


def test_the_walk_sees_the_calls():
    calls = sum(1 for p in _source_files() for n in ast.walk(ast.parse(p.read_text(encoding="utf-8")))
                if isinstance(n, ast.Call) and _call_name(n) in RECORD_CALLS)
    assert calls > 80


def test_the_check_finds_other_styles():
    source = '''
record("plan.publish", plan)
record_bulk("appeals.appeal.import", Appeal, count=3)
record("policies.item_version.publish" if ok else "policy_version.retire", version)
record(f"{obj._meta.app_label}.{obj._meta.model_name}.admin_delete", obj)
record(f"{name}.delete", obj)
record(name, obj)
append_entry(action="token.create", object_type="core.ApiToken", object_id=1)
record_many([("appeal.intake", appeal, None, {}), ("appeals.appeal_event.create", event, None, {})])
record(WORKFLOW.audit_action(op), appeal)
'''
    lines = sorted(int(p.split(":")[0].removeprefix("line ")) for p in action_name_problems(source))
    assert lines == [2, 4, 6, 7, 8, 9], action_name_problems(source)


def test_admin_actions_follow_the_style():
    from django.contrib import admin

    from yingshang.core.admin import admin_action

    for model in admin.site._registry:
        for verb in ("create", "update", "delete", "update_relations"):
            assert STYLE.match(admin_action(model(), verb)), (model, verb)
    from yingshang.core.models import ApiToken

    assert admin_action(ApiToken(), "delete") == "core.api_token.admin_delete"


def test_renamed_actions_follow_the_style_and_old_ones_did_not():
    assert all(STYLE.match(new) for new in RENAMED_ACTIONS.values())
    assert not any(old in RENAMED_ACTIONS.values() for old in RENAMED_ACTIONS)


@pytest.mark.django_db
def test_the_audit_search_finds_entries_under_their_old_names(users):
    with audited_write(users["admin"]):
        old = append_entry(action="plan.publish", object_type="plans.Plan", object_id=999001, object_repr="旧名称")
        new = append_entry(action="plans.plan.publish", object_type="plans.Plan", object_id=999002, object_repr="新名称")
    found = set(audit_entries_for_user(users["admin"], action="plans.plan").values_list("seq", flat=True))
    assert {old.seq, new.seq} <= found
    assert old.seq not in set(audit_entries_for_user(users["admin"], action="policies.").values_list("seq", flat=True))
    assert verify_chain().ok
