"""Columns of the credit app's XLSX exports (core.exports.list_export)."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column

PENALTIES = [
    Column(_("处罚决定书文号"), "decision_no", 24), Column(_("经营主体"), "enterprise.name", 30),
    Column(_("统一社会信用代码"), "enterprise.credit_code", 22), Column(_("处罚机关"), "unit.name", 24),
    Column(_("处罚决定日期"), "decided_on", 14), Column(_("违法行为"), "matter", 40), Column(_("程度"), "get_severity_display", 10),
    Column(_("信用修复日期"), "repaired_on", 14),
]
PUBLIC_PENALTIES = [c for c in PENALTIES if c.value != "repaired_on"]
REPAIRS = [
    Column(_("编号"), "pk", 8), Column(_("经营主体"), "enterprise.name", 30), Column(_("审核单位"), "unit.name", 24),
    Column(_("申请日期"), "submitted_on", 14), Column(_("审核期限"), "due_on", 14), Column(_("状态"), "get_status_display", 10),
    Column(_("决定日期"), "decided_on", 14),
]
ARREARS = [
    Column(_("编号"), "pk", 8), Column(_("投诉企业"), "enterprise.name", 30), Column(_("欠款方"), "debtor_name", 30),
    Column(_("合同/项目"), "contract", 30), Column(_("投诉金额(元)"), "amount_claimed", 16), Column(_("核实欠款(元)"), "amount_verified", 16),
    Column(_("状态"), "get_status_display", 12), Column(_("恶意拖欠"), lambda c: _("是") if c.malicious else _("否"), 8),
    Column(_("投诉日期"), "submitted_on", 14),
]
