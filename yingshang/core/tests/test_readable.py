"""Plain Chinese for recorded codes (core/readable.py): actions, objects, field changes, job kinds."""

import importlib.util
import re
from pathlib import Path

import pytest
from django.template import Context, Template

from yingshang.core.readable import (
    VERB_LABELS, action_label, display_value, job_kind_label, object_label, readable_changes,
)

pytestmark = pytest.mark.django_db

PACKAGE = Path(__file__).resolve().parents[2]
ACTION_LITERAL = re.compile(r"""["'](core|plans|appeals|policies|insights)\.([a-z_]+)\.([a-z_]+)["']""")


def test_workflow_operations_read_as_their_spec_labels():
    assert action_label("appeals.appeal.sign") == "诉求·签收"


def test_other_actions_read_as_model_and_verb():
    assert action_label("insights.insight_bulletin.generate") == "诉求通报·生成" or action_label(
        "insights.insight_bulletin.generate").endswith("·生成")
    assert "_" not in action_label("core.enterprise.create") and action_label("core.enterprise.create").endswith("新建")


def test_every_action_written_in_the_code_has_a_chinese_label():
    unlabelled = set()
    for path in PACKAGE.rglob("*.py"):
        if "tests" in path.parts or "migrations" in path.parts:
            continue
        for match in ACTION_LITERAL.finditer(path.read_text(encoding="utf-8")):
            action = ".".join(match.groups())
            if importlib.util.find_spec(f"yingshang.{match.group(1)}.{match.group(2)}"):
                continue  # a dotted path to a function (a registered hook), not an action
            label = action_label(action)
            if re.search(r"[A-Za-z]", label) or label.endswith("变更") or "·" not in label:
                unlabelled.add(f"{action} → {label}")
    assert not unlabelled, sorted(unlabelled)


def test_default_reprs_read_as_the_model_name_and_number():
    assert object_label("insights.InsightBulletin", 2, "InsightBulletin object (2)").endswith("#2")
    assert "object" not in object_label("insights.InsightBulletin", 2, "InsightBulletin object (2)")
    assert object_label("core.Enterprise", 3, "大连某某有限公司") == "大连某某有限公司"


def test_changes_read_as_field_before_after_with_choice_labels_and_local_time():
    changes = readable_changes("core.User", {"role": "handler", "is_active": True}, {"role": "leader", "is_active": True})
    assert [(c.field, c.before, c.after) for c in changes] == [("角色", "办理员", "领导")] or (
        len(changes) == 1 and changes[0].before != "handler" and changes[0].after != "leader")
    assert display_value("2026-12-03T16:30:00Z") == "2026-12-04 00:30"  # Asia/Shanghai
    assert "{" not in display_value({"x": 1}) and "_" not in display_value({"a_b": None})
    changes = readable_changes("core.User", None, {"username": "admin", "no_such_key": 1})
    assert [(c.field, c.after) for c in changes] == [("用户名", "admin"), ("其他信息", "1")]


def test_job_kinds_read_as_their_titles():
    from yingshang.core.jobs import JOB_KINDS, autodiscover

    autodiscover()
    kind = next(iter(JOB_KINDS))
    assert job_kind_label(kind) == str(JOB_KINDS[kind].title) and "_" not in job_kind_label(kind)


def test_the_template_filters_render_an_entry_in_words():
    from yingshang.core.models import AuditEntry

    entry = AuditEntry(action="appeals.appeal.sign", object_type="insights.InsightBulletin", object_id="2",
                       object_repr="InsightBulletin object (2)", before=None, after={"status": "ok"})
    html = Template("{% load yingshang %}{{ e.action|action_label }} {{ e|audit_object }} "
                    "{% for c in e|audit_changes %}{{ c.field }}={{ c.after }}{% endfor %}").render(Context({"e": entry}))
    assert "object (" not in html and "appeals.appeal" not in html and "状态=ok" in html


def test_verb_table_is_chinese():
    assert all(not re.search(r"[A-Za-z]", str(label)) for label in VERB_LABELS.values())


def test_every_model_has_a_chinese_name_and_its_own_str():
    from django.apps import apps
    from django.db import models

    missing = []
    for model in apps.get_models():
        if not model.__module__.startswith("yingshang"):
            continue
        if re.search(r"[A-Za-z]", str(model._meta.verbose_name)):
            missing.append(f"{model._meta.label}: verbose_name")
        if model.__str__ is models.Model.__str__:
            missing.append(f"{model._meta.label}: __str__")
    assert not missing, missing


@pytest.mark.parametrize("label", ["insights.InsightBulletin", "insights.MonthlyTopic", "appeals.AppealEvent", "core.AuditHead"])
def test_stored_objects_read_by_name(label):
    from django.apps import apps

    obj = apps.get_model(label).objects.first()
    if obj is None:
        pytest.skip(f"测试城市没有 {label}")
    assert "object (" not in str(obj) and str(obj)


def test_the_whole_audit_trail_of_the_demo_city_reads_as_plain_chinese():
    """Actions, objects and field names are words everywhere; values too, except identifiers people type
    (usernames, the keys of the service catalogue's data elements) and the policy rule language, which auditors
    read as written."""
    from yingshang.core.models import AuditEntry
    from yingshang.core.readable import object_label, unreadable_fragments

    problems = {}
    verbatim = {"用户名", "标识", "申报条件", "排除情形"}
    for entry in AuditEntry.objects.order_by("seq").iterator():
        changes = readable_changes(entry.object_type, entry.before, entry.after)
        name = "" if entry.object_type == "core.User" else object_label(entry.object_type, entry.object_id, entry.object_repr)
        text = " ".join([action_label(entry.action), name]
                        + [c.field for c in changes] + [f"{c.before} → {c.after}" for c in changes if c.field not in verbatim])
        for problem in unreadable_fragments(text):
            problems.setdefault(problem, entry.action)
    assert not problems, "\n".join(f"{k} ← {v}" for k, v in problems.items())


def test_workflow_steps_read_as_their_labels_never_as_codes():
    from yingshang.core import workflow

    for flow in workflow.registered():
        for op in flow.operations:
            assert flow.step_label(op.name) == str(op.label)
            public = flow.step_label(op.name, public=True)
            assert public == str(op.public_label or op.label) and not re.search(r"[a-z]_|^[a-z]+$", public)
