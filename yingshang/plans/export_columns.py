"""Columns of the plans list and ledger pages' XLSX exports: the same columns as the tables on the pages."""

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column

TASKS = [
    Column(_("条目"), "item.number", 10), Column(_("任务"), "item.title", 48), Column(_("单位"), "unit.name", 26),
    Column(_("角色"), "get_role_display"),
    Column(_("完成时限"), lambda task: task.due or task.get_deadline_kind_display(), 14),
    Column(_("进度"), "status.percent", 10), Column(_("状态"), "status.label"),
]
PLANS = [
    Column(_("方案"), "title", 48), Column(_("发文单位"), lambda p: p.issuer or "—", 24),
    Column(_("成文日期"), "issued_on", 12), Column(_("条目"), "item_total", 8), Column(_("状态"), "get_status_display"),
    Column(_("待映射单位"), "flagged", 10),
]
# Rows of the ranking page: (scope label, entry) — the page shows one table per scope.
RANKING = [
    Column(_("范围"), lambda r: r[0]), Column(_("名次"), lambda r: r[1].rank, 8), Column(_("单位"), lambda r: r[1].unit.name, 26),
    Column(_("得分"), lambda r: r[1].score, 10),
    Column(_("完成率"), lambda r: r[1].components.get("completion")), Column(_("及时性"), lambda r: r[1].components.get("timeliness")),
    Column(_("指标达成"), lambda r: r[1].components.get("indicators")), Column(_("任务"), lambda r: r[1].tasks, 8),
    Column(_("已完成"), lambda r: r[1].finished, 8), Column(_("滞后"), lambda r: r[1].lagging, 8),
    Column(_("逾期"), lambda r: r[1].overdue, 8), Column(_("末位"), lambda r: _("末位") if r[1].is_bottom else "", 8),
]


def ranking_columns(extra: list[tuple[str, str]]) -> list:
    """The ranking's columns plus those of the components other modules registered (core.registry) that the run used."""
    components = [Column(label, lambda r, key=key: r[1].components.get(key)) for key, label in extra]
    return RANKING[:7] + components + RANKING[7:]


BULLETINS = [Column(_("通报"), "title", 40), Column(_("周期"), "period", 10), Column(_("生成时间"), "generated_at", 18)]
UNIT_HISTORY = [
    Column(_("周期"), "run.period", 10), Column(_("范围"), "get_scope_display"), Column(_("得分"), "score", 10),
    Column(_("名次"), "rank", 8), Column(_("末位"), lambda e: _("是") if e.is_bottom else "", 8), Column(_("逾期"), "overdue", 8),
]
