"""Columns of the policies list pages' XLSX exports: the same columns as the tables on the pages."""

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column

from . import selectors

# Rows: (item, version summary) as the catalogue page builds them.
CATALOGUE = [
    Column(_("编号"), lambda r: r[0].code, 12), Column(_("条款"), lambda r: r[0].title, 40),
    Column(_("支持"), lambda r: f"{r[1]['version'].get_benefit_kind_display()} {r[1]['amount']}" if r[1] else "", 30),
    Column(_("申报条件"), lambda r: r[1].get("conditions", ""), 50), Column(_("责任单位"), lambda r: r[0].unit.name, 24),
]


def catalogue_rows(items):
    for item in items:
        yield item, selectors.version_summary(selectors.current_version(item))


APPLICATIONS = [
    Column(_("编号"), "number", 20), Column(_("企业"), "enterprise.name", 36), Column(_("条款"), "item.title", 36),
    Column(_("渠道"), "get_channel_display"), Column(_("状态"), "get_status_display"),
    Column(_("金额(万元)"), lambda a: a.amount_approved if a.amount_approved is not None else a.amount_requested, 12),
    Column(_("环节时限"), "step_due_on", 12),
]
PUBLICITIES = [Column(_("标题"), "title", 48), Column(_("公示期"), lambda p: f"{p.starts_on} — {p.ends_on}", 26)]
# Rows: (near miss, description of the gap) as the near-miss page builds them.
NEAR_MISSES = [
    Column(_("企业"), lambda r: r[0].enterprise.name, 36), Column(_("区县"), lambda r: r[0].enterprise.district.name),
    Column(_("条款"), lambda r: r[0].item.title, 36), Column(_("差距"), lambda r: r[1], 40), Column(_("可享(万元)"), lambda r: r[0].amount, 12),
]


def near_miss_rows(results, chunk: int = 1000):
    """All near misses of the list, fetched a slice at a time (one query per slice, not per row)."""
    for start in range(0, len(results), chunk):
        for near_miss in results[start:start + chunk]:
            yield near_miss, selectors.describe_miss(near_miss)


# Rows: (item, current version, draft) as the management page builds them.
MANAGED_ITEMS = [
    Column(_("编号"), lambda r: r[0].code, 12), Column(_("条款"), lambda r: r[0].title, 40), Column(_("状态"), lambda r: r[0].get_status_display()),
    Column(_("现行版本"), lambda r: f"v{r[1].number}({r[1].effective_from})" if r[1] else "—", 20),
    Column(_("草稿"), lambda r: f"v{r[2].number}" if r[2] else "", 8), Column(_("责任单位"), lambda r: r[0].unit.name, 24),
]
# The effect evaluation keeps the analyst's columns of the former XLSX (code and title apart, document, unit, mean days).
EFFECT = [
    Column(_("条款编号"), "item.code", 12), Column(_("条款名称"), "item.title", 36), Column(_("政策文件"), "document.title", 36),
    Column(_("责任单位"), "item.unit.name", 24), Column(_("触达企业"), "reached"), Column(_("符合条件"), "eligible"),
    Column(_("待确定"), "undetermined"), Column(_("差一项"), "near_miss"), Column(_("申报"), "applied"), Column(_("免申即享"), "exempt"),
    Column(_("兑现"), "granted"), Column(_("核定金额(万元)"), "approved_amount"), Column(_("兑现金额(万元)"), "paid_amount"),
    Column(_("到账天数中位数"), "days_median"), Column(_("到账天数均值"), "days_mean"), Column(_("满意度"), "satisfaction"),
    Column(_("超时环节"), "overdue_steps"),
]
EFFECT_BY_DOCUMENT = [
    Column(_("政策文件"), "document.title", 40), Column(_("条款数"), "items"), Column(_("触达企业"), "reached"), Column(_("符合条件"), "eligible"),
    Column(_("申报"), "applied"), Column(_("兑现"), "granted"), Column(_("兑现金额(万元)"), "paid_amount"),
]
