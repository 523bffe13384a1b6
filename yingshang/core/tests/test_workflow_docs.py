"""docs/workflows.md is generated from the workflow specs and must not drift from them."""

import dataclasses

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from yingshang.core import workflow
from yingshang.core.management.commands.workflow import docs_path


def test_docs_workflows_md_is_up_to_date_with_the_specs():
    expected = workflow.diagrams_markdown() + "\n"
    assert docs_path().read_text(encoding="utf-8") == expected, "docs/workflows.md 已过期:请运行 yingshang workflow diagram"
    call_command("workflow", "diagram", "--check")


def test_every_registered_workflow_has_its_diagram():
    text = docs_path().read_text(encoding="utf-8")
    names = [w.name for w in workflow.registered()]
    assert {"appeals", "policy-applications", "plan-tasks"} <= set(names)
    for spec in workflow.registered():
        assert f"## {spec.name}:" in text
        for op in spec.operations:
            assert f"| `{op.name}` | {op.label} |" in text and f"`{spec.audit_action(op)}`" in text


def test_a_changed_spec_makes_the_check_fail(tmp_path, monkeypatch):
    out = tmp_path / "workflows.md"
    call_command("workflow", "diagram", "--out", str(out))
    call_command("workflow", "diagram", "--check", "--out", str(out))
    appeals = workflow.get("appeals")
    relabelled = dataclasses.replace(appeals, operations=(dataclasses.replace(appeals.operations[0], label="转派"),) + appeals.operations[1:])
    monkeypatch.setitem(workflow._REGISTRY, "appeals", relabelled)
    with pytest.raises(CommandError, match="与流程规格不一致"):
        call_command("workflow", "diagram", "--check", "--out", str(out))
