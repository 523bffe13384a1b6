"""Columns of the insights list pages' XLSX exports: the same columns as the tables on the pages."""

from django.utils.translation import gettext_lazy as _

from yingshang.core.exports import Column


def _district(obj) -> str:
    district = getattr(obj, "district", None) if not isinstance(obj, dict) else obj.get("district")
    return district.name if district else _("全市")


def _place(row):
    place = row.get("place") if isinstance(row, dict) else getattr(row, "place", None)
    return place.display if place else "—"


# 一地多诉: the places ranking, then the clusters (the page's second table) as a second sheet.
PLACES = [
    Column(_("地点"), lambda r: _place(r), 40), Column(_("区县"), lambda r: (_place_district(r)) or "—"),
    Column(_("诉求数"), "count", 8), Column(_("主要标签"), lambda r: [f"{path} · {n}" for path, n in (_get(r, "labels") or [])], 40),
    Column(_("首次"), "first", 12), Column(_("最近"), "last", 12),
]
CLUSTERS = [
    Column(_("标签"), lambda c: _get(c, "label_path") or "—", 30), Column(_("主要地点"), lambda c: _place(c), 36),
    Column(_("区县"), lambda c: _get(c, "district").name if _get(c, "district") else "—"), Column(_("诉求数"), "appeal_count", 8),
    Column(_("半径(米)"), "radius_m", 10), Column(_("起止"), lambda c: f"{_date(_get(c, 'first_at'))} ~ {_date(_get(c, 'last_at'))}", 24),
]


def _get(row, name):
    return row.get(name) if isinstance(row, dict) else getattr(row, name, None)


def _date(value) -> str:
    return value.strftime("%Y-%m-%d") if value else ""


def _place_district(row):
    place = _get(row, "place")
    return place.district.name if place is not None and place.district_id else ""


# 一事多诉: the open candidate groups, then the merged groups as a second sheet.
OPEN_DUPLICATE_GROUPS = [
    Column(_("诉求数"), "count", 8), Column(_("最高相似度"), lambda g: round(_get(g, "score") or 0, 2), 10),
    Column(_("诉求"), lambda g: [f"{a.tracking_no} {a.summary}" for a in _get(g, "appeals")], 60),
    Column(_("最近来电"), "last_call", 18),
]
MERGED_DUPLICATE_GROUPS = [
    Column(_("主诉求"), lambda g: f"{_get(g, 'master').tracking_no} {_get(g, 'master').summary}", 50),
    Column(_("状态"), lambda g: _get(g, "master").state_label), Column(_("诉求数"), "count", 8),
    Column(_("合并的诉求"), lambda g: [m.tracking_no for m in _get(g, "members")], 40), Column(_("最近来电"), "last_call", 18),
]
BULLETINS = [
    Column(_("通报"), "title", 40), Column(_("期间"), "period", 10), Column(_("范围"), "get_audience_display"),
    Column(_("生成时间"), "generated_at", 18), Column(_("发布"), lambda b: _("已发布") if b.published else "—", 8),
]


def warning_rows(tree):
    """The warning tree as the page lists it: each root, then its rolled-up children."""
    for root, children in tree:
        yield root, False
        for child in children:
            yield child, True


WARNINGS = [
    Column(_("预警"), lambda r: ("↳ " if r[1] else "") + r[0].label_path + (f" · {r[0].place.display}" if r[0].place_id else ""), 40),
    Column(_("区县"), lambda r: _district(r[0])), Column(_("类型"), lambda r: r[0].get_kind_display()),
    Column(_("时段"), lambda r: f"{r[0].window_start:%m-%d}–{r[0].window_end:%m-%d}", 14),
    Column(_("实际/期望"), lambda r: f"{r[0].observed:.0f} / {r[0].expected:.1f}", 12),
    Column(_("p 值"), lambda r: r[0].p_value, 10), Column(_("状态"), lambda r: r[0].get_status_display()),
    Column(_("责任单位"), lambda r: r[0].owner_unit.name if r[0].owner_unit_id else "—", 24),
]
