"""Columns of the core list pages' XLSX exports: the same columns as the tables on the pages."""

from django.utils.translation import gettext_lazy as _

from .exports import Column

ENTERPRISES = [
    Column(_("统一社会信用代码"), "credit_code", 22), Column(_("名称"), "name", 36), Column(_("区县"), "district.name"),
    Column(_("行业"), "industry.name", 24), Column(_("规模"), lambda e: e.get_size_class_display() or "—"),
    Column(_("成立日期"), "founded_on", 12),
]
UNITS = [
    Column(_("单位"), "name", 36), Column(_("类别"), "get_kind_display"),
    Column(_("别名"), lambda unit: [a.alias for a in unit.aliases.all()], 36),
]
AUDIT_ENTRIES = [
    Column("#", "seq", 8), Column(_("时间"), "at", 18), Column(_("操作人"), "actor_name"), Column(_("单位"), "unit_name", 24),
    Column(_("动作"), "action", 24), Column(_("对象"), lambda e: f"{e.object_type} #{e.object_id} {e.object_repr}", 36),
    Column(_("变更前"), "before", 40), Column(_("变更后"), "after", 40), Column(_("哈希"), "hash", 20),
]
DIVISIONS = [Column(_("代码"), "code", 14), Column(_("名称"), "name", 24), Column(_("层级"), "get_level_display")]
NOTIFICATIONS = [Column(_("时间"), "created_at", 18), Column(_("标题"), "title", 30), Column(_("内容"), "body", 60)]
IMPORT_REPORT = [
    Column(_("行号"), "row", 8), Column(_("编码"), lambda r: r.get("credit_code") or r.get("code", ""), 22),
    Column(_("名称"), "name", 36),
    Column(_("结果"), lambda r: {"created": _("新增"), "updated": _("更新"), "failed": _("失败")}.get(r["status"], r["status"])),
    Column(_("原因"), lambda r: ";".join(r.get("errors") or []), 60),
]
