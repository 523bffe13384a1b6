"""Messages raised in services and forms are marked for translation, like the templates (ADR 0002).

A static check over the modules converted so far: every Chinese text given to ValidationError,
PermissionDenied, add_error, or used as a form field's label, help text, error message or choice goes
through ``_()`` (gettext / gettext_lazy), and ``_()`` never receives an f-string (the catalogue could not
match it: placeholders are written ``%(name)s`` and filled after translation).
"""

from __future__ import annotations

import ast
import re
import shutil
import subprocess
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parents[2]
CONVERTED = [
    "core/services.py", "core/forms.py", "core/imports.py", "core/tabular.py", "core/creditcode.py",
    "core/workflow.py", "core/params.py", "core/jobs.py", "core/exports.py", "core/workcalendar.py", "core/calendar_services.py",
    *sorted(str(p.relative_to(PACKAGE)) for p in (PACKAGE / "core" / "documents").glob("*.py")),
    *sorted(str(p.relative_to(PACKAGE)) for p in (PACKAGE / "core" / "api").glob("*.py")),
    *sorted(str(p.relative_to(PACKAGE)) for p in (PACKAGE / "appeals" / "services").glob("*.py")),
    *sorted(str(p.relative_to(PACKAGE)) for p in PACKAGE.glob("*/api.py")),
    "appeals/forms.py",
    "plans/services.py", "plans/forms.py", "plans/bulletins.py",
    "policies/services.py", "policies/forms.py",
    "insights/duplicates/services.py", "insights/places/services.py", "insights/reports/services.py",
    "insights/warnings/services.py",
]
MESSAGE_CALLS = {"ValidationError", "PermissionDenied", "add_error", "Http404", "HttpError"}
MESSAGE_KEYWORDS = {"label", "help_text", "empty_label", "error_messages"}
CONTAINERS = (ast.List, ast.Tuple, ast.Dict, ast.IfExp, ast.BoolOp, ast.Set)
CJK = re.compile(r"[\u4e00-\u9fff]")


def _is_chinese_text(node: ast.AST) -> bool:
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return bool(CJK.search(node.value))
    if isinstance(node, ast.JoinedStr):
        return any(isinstance(part, ast.Constant) and CJK.search(part.value) for part in node.values)
    return False


def _call_name(call: ast.Call) -> str:
    func = call.func
    return func.attr if isinstance(func, ast.Attribute) else func.id if isinstance(func, ast.Name) else ""


def unmarked_messages(source: str) -> list[str]:
    """Chinese texts in a message position that do not go through _(), and _() calls given an f-string."""
    tree = ast.parse(source)
    parents = {child: parent for parent in ast.walk(tree) for child in ast.iter_child_nodes(parent)}
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and _call_name(node) == "_" and node.args and isinstance(node.args[0], ast.JoinedStr):
            problems.append(f"line {node.lineno}: _() of an f-string")
        if not _is_chinese_text(node) or isinstance(parents.get(node), ast.JoinedStr):
            continue
        child, parent = node, parents.get(node)
        if isinstance(parent, ast.Dict) and child in parent.keys:
            continue
        while isinstance(parent, CONTAINERS) and not (isinstance(parent, ast.IfExp) and child is parent.test):
            child, parent = parent, parents.get(parent)
        in_message = (
            (isinstance(parent, ast.Call) and _call_name(parent) in MESSAGE_CALLS and child is not parent.func)
            or (isinstance(parent, ast.keyword) and parent.arg in MESSAGE_KEYWORDS)
            or (isinstance(parent, ast.keyword) and parent.arg == "choices" and isinstance(parents[node], ast.Tuple)
                and parents[node].elts.index(node) == 1)
        )
        if in_message:
            problems.append(f"line {node.lineno}: {ast.get_source_segment(source, node)[:60]}")
    return problems


def shadowed_gettext(source: str) -> list[int]:
    """Lines that bind ``_`` (``for a, _ in …``, ``x, _ = …``): in a function that also translates, ``_`` is
    then a local variable and ``_("…")`` fails (or, in a comprehension, reads as if it translated)."""
    return sorted(node.lineno for node in ast.walk(ast.parse(source))
                  if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store))


@pytest.mark.parametrize("module", CONVERTED)
def test_messages_are_marked_for_translation(module):
    source = (PACKAGE / module).read_text(encoding="utf-8")
    assert unmarked_messages(source) == []
    assert shadowed_gettext(source) == []


def test_the_check_finds_a_shadowed_gettext():
    source = "def f(pairs):\n    start, _ = pairs[0]\n    names = [a for a, _ in pairs]\n    return _('无')\n"
    assert shadowed_gettext(source) == [2, 3]


def test_the_check_finds_an_unmarked_message():
    source = '''
from django import forms
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

class F(forms.Form):
    name = forms.CharField(label="名称")
    kind = forms.ChoiceField(label=_("类别"), choices=[("a", "甲"), ("b", _("乙"))])

def check(value, period):
    if not value:
        raise ValidationError("不能为空")
    if value == 1:
        raise ValidationError({"name": [f"名称“{value}”重复"]})
    if value == 2:
        raise PermissionDenied(_(f"{period} 不可用"))
    if value == 3:
        raise Http404("没有这种文书类型")
    raise ValidationError(_("期间 %(period)s 尚未开始") % {"period": period})
'''
    problems = unmarked_messages(source)
    assert sorted(int(p.split(":")[0].removeprefix("line ")) for p in problems) == [8, 9, 13, 15, 17, 19], problems


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext (xgettext) is not installed")
def test_makemessages_extraction_finds_the_messages():
    """xgettext, which `makemessages` runs, extracts the converted messages with their named placeholders."""
    result = subprocess.run(
        ["xgettext", "--language=Python", "--from-code=UTF-8", "--keyword=_", "--output=-", *CONVERTED],
        cwd=PACKAGE, capture_output=True, text=True, check=True,
    )
    catalogue = result.stdout
    for message in ("单位编码“%(code)s”已存在", "只能为本单位的任务报送进度", "%(period)s 尚未开始,不能评价", "请粘贴政策原文或上传文件",
                    "诉求 %(already)s 已合并到其他诉求,不能再次合并", "主体类型“%(kind)s”无效,应为 企业、个体工商户 或 农民专业合作社",
                    "标签“%(path)s”已存在", "核定金额不能为负数",
                    "没有这种文书类型"):
        assert f'msgid "{message}"' in catalogue, message
    assert "#, python-format" in catalogue
