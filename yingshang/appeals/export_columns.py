"""Columns of the appeals list pages' XLSX exports: the same columns as the tables on the pages."""

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column

from .kpis import KPI_DEFINITIONS

APPEALS = [
    Column(_("受理编号"), "tracking_no", 18), Column(_("受理时间"), "accepted_at", 18), Column(_("渠道"), "get_channel_display"),
    Column(_("诉求"), "summary", 44), Column(_("标签"), lambda a: a.label.path if a.label_id else "—", 30),
    Column(_("承办单位"), lambda a: a.unit.name if a.unit_id else "—", 26), Column(_("状态"), "state_label"),
    Column(_("办结时限"), "completion_due", 18),
]


def _first_suggestion(appeal) -> str:
    suggestion = (appeal.suggestions or [None])[0]
    if not suggestion:
        return "—"
    return f"{suggestion['label_path']}({suggestion['percent']})→ {suggestion.get('unit_name') or '无规则'}"


DISPATCH_QUEUE = [
    Column(_("受理编号"), "tracking_no", 18), Column(_("诉求"), "summary", 44), Column(_("首选建议"), _first_suggestion, 44),
    Column(_("转办时限"), "dispatch_due", 18),
]
MY_APPEALS = [
    Column(_("受理编号"), "tracking_no", 18), Column(_("受理时间"), "accepted_at", 18), Column(_("诉求"), "summary", 44),
    Column(_("状态"), "state_label"), Column(_("答复"), "reply", 60),
]
# Rows of the SLA page: (unit name, 超期/临期, due item) — the page groups them by unit.
SLA_ITEMS = [
    Column(_("承办单位"), lambda r: r[0], 26), Column(_("预警"), lambda r: r[1], 8),
    Column(_("受理编号"), lambda r: r[2].appeal.tracking_no, 18), Column(_("时限"), lambda r: r[2].clock_label),
    Column(_("到期"), lambda r: r[2].due, 18), Column(_("诉求"), lambda r: r[2].appeal.summary, 44),
    Column(_("状态"), lambda r: r[2].appeal.state_label),
]


def _rate(key):
    def value(report):
        ratio = report[key]
        return "—" if ratio.rate is None else round(ratio.rate * 100, 1)
    return value


# The page shows percentages; the export keeps them as numbers (percent) so they can be summed and charted.
UNIT_KPIS = [Column(_("单位"), "title", 26), Column(_("诉求"), "appeals", 8)] + [
    Column(f"{title}(%)", _rate(key), 12) for key, title, _target in KPI_DEFINITIONS
]
ROUTING_RULES = [
    Column(_("标签路径前缀"), "label_prefix", 30), Column(_("区县"), lambda r: r.district.name if r.district_id else "全市"),
    Column(_("承办单位"), "unit.name", 26), Column(_("依据"), "note", 40),
]
ROUTING_STATISTICS = [
    Column(_("承办单位"), "unit__name", 26), Column(_("标签"), "label_path", 30), Column(_("派单"), "n", 8),
    Column(_("退单"), "returned", 8), Column(_("改派"), "reassigned", 8),
    Column(_("退回率(%)"), lambda s: round(s["sent_back_rate"] * 100, 1), 10), Column(_("自动派单"), "automatic", 10),
]
# A unit's KPI page: one row per indicator, then the unit's overdue appeals as a second sheet.
KPI_RATIOS = [
    Column(_("指标"), "title", 24), Column(_("分子"), "numerator", 8), Column(_("分母"), "denominator", 8),
    Column(_("比率(%)"), lambda r: "—" if r.rate is None else round(r.rate * 100, 1), 10),
    Column(_("目标(%)"), lambda r: "" if r.target is None else round(r.target * 100, 1), 10),
]
OVERDUE_ITEMS = [
    Column(_("受理编号"), "appeal.tracking_no", 18), Column(_("时限"), "clock_label"), Column(_("到期"), "due", 18),
    Column(_("诉求"), "appeal.summary", 44),
]
MODEL_VERSIONS = [
    Column(_("名称"), "name", 30), Column(_("训练数据"), "trained_on", 30),
    Column(_("样本"), "training_size", 10), Column(_("评估"), lambda v: (v.metrics or {}).get("method", ""), 30),
    Column(_("状态"), lambda v: _("在用") if v.is_active else "", 8),
]
