"""办事指南: generated from an item's elements, never written by hand.

:func:`guide_content` turns an item (with its shared elements) into an ordered list of guide elements
``[{"element": "办理地点", "value": …}, …]``; the page, the DOCX and the PDF are all drawn from it
(:func:`guide_document` → the kernel's document service). The stored copy on ``Item.guide`` is what the
last generation produced: :func:`guide_diff` compares it with a fresh one to list what a shared change
altered (GuideChange rows).
"""

from __future__ import annotations

import hashlib
import json
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from yingshang.core.documents import Document, Paragraph, Section, Table

from .models import Item, ItemField, ItemMaterial, ItemStage

DOCUMENT_KIND = "affairs.guide"
NEED_LABELS = {"required": "必要", "conditional": "情形"}


def items_for_guides(queryset: QuerySet | None = None) -> QuerySet:
    """Items with everything a guide reads, in a fixed number of queries however many items there are."""
    queryset = Item.objects.all() if queryset is None else queryset
    return queryset.select_related("unit", "unit__service_point").prefetch_related(
        "legal_basis",
        Prefetch("item_materials", queryset=ItemMaterial.objects.select_related("material").order_by("position")),
        Prefetch("item_fields", queryset=ItemField.objects.select_related("field").order_by("position")),
        Prefetch("stages", queryset=ItemStage.objects.order_by("position")),
    )


def _source_label(source: str) -> str:
    if source == "applicant":
        return "申请人提供"
    if source == "registry":
        return "登记信息调取(免提交)"
    kind, _sep, name = source.partition(":")
    return f"电子证照“{name}”调取(免提交)" if kind == "license" else f"{name}共享(免提交)"


def guide_content(item: Item) -> list[dict[str, Any]]:
    """Every element of the guide, in the order of the national guide template."""
    point = getattr(item.unit, "service_point", None)
    laws = sorted(item.legal_basis.all(), key=lambda law: law.key)
    materials = [
        {"name": m.material.name, "need": NEED_LABELS.get(m.required, m.required), "condition": m.condition,
         "form": m.material.form, "original": m.material.original, "source": _source_label(m.material.source), "note": m.material.note}
        for m in item.item_materials.all()
    ]
    return [
        {"element": "事项名称", "value": item.name},
        {"element": "事项类型", "value": item.type},
        {"element": "基本编码", "value": item.basic_code},
        {"element": "实施编码", "value": item.implementation_code},
        {"element": "实施主体", "value": item.unit.name},
        {"element": "设定依据", "value": [{"title": law.title, "text": law.text} for law in laws]},
        {"element": "受理条件", "value": list(item.conditions or [])},
        {"element": "申请材料", "value": materials},
        {"element": "办理流程", "value": [{"name": s.name, "role": s.role, "days": s.days, "suspends_clock": s.suspends_clock} for s in item.stages.all()]},
        {"element": "办件类型", "value": item.kind},
        {"element": "法定时限", "value": f"{item.statutory_days}个工作日"},
        {"element": "承诺时限", "value": f"{item.promised_days}个工作日"},
        {"element": "收费标准", "value": list(item.fees or []) or "不收费"},
        {"element": "办理结果", "value": item.result or "无"},
        {"element": "到现场次数", "value": f"{item.visits}次"},
        {"element": "网上办理", "value": "可全程网办" if item.online else "须到窗口办理"},
        {"element": "办理地点", "value": point.address if point else ""},
        {"element": "办理时间", "value": point.hours if point else ""},
        {"element": "咨询电话", "value": point.phone if point else ""},
        {"element": "表单数据项", "value": [f.field.label for f in item.item_fields.all()]},
    ]


def digest(content: list[dict[str, Any]]) -> str:
    return hashlib.sha256(json.dumps(content, ensure_ascii=False, sort_keys=True).encode()).hexdigest()


def _short(value: Any) -> str:
    if isinstance(value, list):
        parts = []
        for entry in value:
            if isinstance(entry, dict):
                parts.append(entry.get("name") or entry.get("title") or "、".join(str(v) for v in entry.values() if v))
            else:
                parts.append(str(entry))
        return ";".join(parts)
    return str(value)


def guide_diff(before: list[dict[str, Any]], after: list[dict[str, Any]]) -> list[dict[str, str]]:
    """The elements whose value changed, each with its old and new value in words."""
    old = {entry["element"]: entry["value"] for entry in before or []}
    changes = []
    for entry in after:
        previous = old.get(entry["element"])
        if previous != entry["value"]:
            if isinstance(previous, list) and isinstance(entry["value"], list) and all(isinstance(v, dict) for v in previous + entry["value"]):
                for index, (a, b) in enumerate(zip(previous, entry["value"])):
                    for key in b:
                        if a.get(key) != b.get(key):
                            changes.append({"element": f"{entry['element']}·{b.get('name') or b.get('title') or index + 1}",
                                            "before": str(a.get(key, "")), "after": str(b.get(key, ""))})
                if len(previous) != len(entry["value"]):
                    changes.append({"element": entry["element"], "before": _short(previous), "after": _short(entry["value"])})
            else:
                changes.append({"element": entry["element"], "before": _short(previous if previous is not None else ""), "after": _short(entry["value"])})
    return changes


def _text(value: Any) -> str:
    return value if isinstance(value, str) else _short(value)


def guide_document(item: Item, content: list[dict[str, Any]] | None = None) -> Document:
    """The guide as a kernel Document (DOCX/PDF through core.documents)."""
    content = content if content is not None else guide_content(item)
    values = {entry["element"]: entry["value"] for entry in content}
    basics = [[name, _text(values[name])] for name in ("事项名称", "事项类型", "基本编码", "实施编码", "实施主体", "办件类型", "法定时限",
                                                       "承诺时限", "办理结果", "到现场次数", "网上办理", "办理地点", "办理时间", "咨询电话")]
    fees = values["收费标准"]
    sections = [
        Section(_("一、基本信息"), [Table(["要素", "内容"], basics, widths=[1, 3])]),
        Section(_("二、设定依据"), [Paragraph(f"{law['title']}:{law['text']}") for law in values["设定依据"]] or [Paragraph("—")]),
        Section(_("三、受理条件"), [Paragraph(f"{i}. {c}") for i, c in enumerate(values["受理条件"], 1)] or [Paragraph("—")]),
        Section(_("四、申请材料"), [Table(["材料名称", "必要性", "形式", "原件/复印件", "来源"],
                                      [[m["name"] + (f"({m['condition']})" if m["condition"] else ""), m["need"], m["form"], m["original"], m["source"]]
                                       for m in values["申请材料"]], widths=[3, 1, 1, 1, 2])]),
        Section(_("五、办理流程"), [Table(["环节", "办理人员", "时限(工作日)", "是否计时"],
                                      [[s["name"], s["role"], str(s["days"]), "不计时" if s["suspends_clock"] else "计时"] for s in values["办理流程"]])]),
        Section(_("六、收费"), [Paragraph(fees if isinstance(fees, str) else ";".join(f"{f['name']}:{f['amount']}(依据:{f['basis']})" for f in fees))]),
    ]
    return Document(kind=DOCUMENT_KIND, title=f"{item.name}办事指南", sections=sections, issuer=item.unit.name,
                    subtitle=f"实施编码 {item.implementation_code}", signature=item.unit.name, marking="公开")
