"""Reads of the reports area: periods, the statistics that keep rankings honest (Wilson intervals, funnel
limits), the 每月一题 shortlist and the bulletins, each scoped to the reader."""

from __future__ import annotations

import datetime as dt
import math
import re

from django.core.exceptions import ValidationError
from django.http import Http404

from yingshang.core import clock
from yingshang.core.models import Division
from yingshang.core.permissions import require_capability
from yingshang.core.scope import in_subtree, is_city_wide, scope_of, visible, visible_or_404

from ..models import InsightBulletin, MonthlyTopic

# --- periods -----------------------------------------------------------------------------------------

MONTH_RE = re.compile(r"^(\d{4})-(\d{2})$")
QUARTER_RE = re.compile(r"^(\d{4})Q([1-4])$")


def parse_period(period: str) -> tuple[dt.date, dt.date, str]:
    """``2026-10`` → (2026-10-01, 2026-10-31, "monthly"); ``2026Q3`` → (2026-07-01, 2026-09-30, "quarterly")."""
    period = (period or "").strip().upper()
    if match := MONTH_RE.match(period):
        year, month = int(match[1]), int(match[2])
        if not 1 <= month <= 12:
            raise ValidationError(f"月份“{period}”无效,应为 1–12 月")
        return dt.date(year, month, 1), _month_end(year, month), "monthly"
    if match := QUARTER_RE.match(period):
        year, quarter = int(match[1]), int(match[2])
        first = 3 * quarter - 2
        return dt.date(year, first, 1), _month_end(year, first + 2), "quarterly"
    raise ValidationError(f"期间“{period}”格式不正确:月度写作 2026-10,季度写作 2026Q3")


def _month_end(year: int, month: int) -> dt.date:
    following = dt.date(year + (month == 12), month % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def month_start(day: dt.date, months_back: int = 0) -> dt.date:
    """The first day of the month ``months_back`` months before ``day``'s month."""
    index = day.year * 12 + day.month - 1 - months_back
    return dt.date(index // 12, index % 12 + 1, 1)


def period_label(period: str) -> str:
    start, _, kind = parse_period(period)
    if kind == "monthly":
        return f"{start.year}年{start.month}月"
    return f"{start.year}年第{(start.month + 2) // 3}季度"


def previous_month(today: dt.date | None = None) -> str:
    start = month_start(today or clock.today(), 1)
    return f"{start.year}-{start.month:02d}"


# --- statistics --------------------------------------------------------------------------------------

Z95 = 1.959963984540054


def wilson_interval(successes: int, trials: int, z: float = Z95) -> tuple[float, float] | None:
    """The Wilson score interval of a binomial proportion (95% by default); None without trials.

    Unlike the normal approximation it stays inside [0, 1] and is honest for small units: 3/3 gives
    (0.44, 1.0), not a certain 100%.
    """
    if trials <= 0:
        return None
    p = successes / trials
    denominator = 1 + z * z / trials
    centre = (p + z * z / (2 * trials)) / denominator
    half = z * math.sqrt(p * (1 - p) / trials + z * z / (4 * trials * trials)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def funnel_limits(city_rate: float, trials: int, coverage: float = 0.95) -> tuple[float, float]:
    """Exact binomial control limits of a funnel plot: the range of rates a unit handling ``trials``
    appeals shows ``coverage`` of the time when it performs exactly like the city."""
    from scipy.stats import binom

    tail = (1 - coverage) / 2
    low = binom.ppf(tail, trials, city_rate) / trials
    high = binom.isf(tail, trials, city_rate) / trials
    return float(low), float(high)


def funnel_curve(city_rate: float, largest: int, points: int = 40) -> list[dict]:
    """95% and 99.8% limits along the x axis (number of appeals), log-spaced up to ``largest``."""
    largest = max(largest, 2)
    sizes = sorted({max(1, round(math.exp(math.log(largest) * i / (points - 1)))) for i in range(points)})
    curve = []
    for size in sizes:
        low95, high95 = funnel_limits(city_rate, size, 0.95)
        low998, high998 = funnel_limits(city_rate, size, 0.998)
        curve.append({"n": size, "low95": round(low95, 4), "high95": round(high95, 4), "low998": round(low998, 4), "high998": round(high998, 4)})
    return curve


HIGHER, LOWER, SAME, NO_DATA = "higher", "lower", "same", "no_data"
VERDICT_LABELS = {HIGHER: "显著优于全市", LOWER: "显著低于全市", SAME: "与全市无显著差异", NO_DATA: "无可评价诉求"}


def compare_with_city(successes: int, trials: int, city_rate: float | None) -> tuple[str, tuple[float, float] | None]:
    """Whether a unit's rate differs from the city's beyond chance: its 95% Wilson interval either
    overlaps the city rate (no significant difference) or lies wholly above or below it."""
    interval = wilson_interval(successes, trials)
    if interval is None or city_rate is None:
        return NO_DATA, interval
    low, high = interval
    if low > city_rate:
        return HIGHER, interval
    if high < city_rate:
        return LOWER, interval
    return SAME, interval


# --- 每月一题 ------------------------------------------------------------------------------------------

def topic_list_for_user(user, period: str):
    require_capability(user, "insights.view_topics")
    parse_period(period)
    topics = MonthlyTopic.objects.filter(period=period).select_related("district", "place", "lead_unit", "decided_by").order_by("rank")
    return visible(user, topics)


def topic_get_for_user(user, pk: int) -> MonthlyTopic:
    require_capability(user, "insights.view_topics")
    return visible_or_404(user, MonthlyTopic.objects.all(), "该选题不存在或不在您的查看范围内", pk=pk)


def topic_periods() -> list[str]:
    return list(MonthlyTopic.objects.order_by("-period").values_list("period", flat=True).distinct())


# --- bulletins -----------------------------------------------------------------------------------------

def bulletin_list_for_user(user):
    require_capability(user, "insights.view_bulletins")
    return InsightBulletin.objects.order_by("-period", "audience")


def bulletin_get_for_user(user, pk: int) -> InsightBulletin:
    bulletin = bulletin_list_for_user(user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404("该通报不存在")
    return bulletin


def bulletin_public_get(period: str) -> InsightBulletin:
    """The published public bulletin of ``period``, readable by anyone; 404 until it is published."""
    bulletin = InsightBulletin.objects.filter(period=period, audience=InsightBulletin.Audience.PUBLIC, published=True).first()
    if bulletin is None:
        raise Http404("该期公开通报尚未发布")
    return bulletin


def bulletin_public_list():
    return InsightBulletin.objects.filter(audience=InsightBulletin.Audience.PUBLIC, published=True).order_by("-period")


def overdue_rows_for_user(user, rows: list[dict]) -> list[dict]:
    """An internal bulletin's overdue list as one reader may see it: city-wide readers see every row,
    a unit's staff only the rows of their unit subtree."""
    scope = scope_of(user)
    if scope.city_wide:
        return rows
    return [row for row in rows if in_subtree(row.get("unit_path") or "", scope.unit_path)]


def may_download_internal(user) -> bool:
    """The internal files list every unit's overdue appeals: only city-wide readers download them."""
    return is_city_wide(user)


def districts() -> list[Division]:
    return list(Division.objects.filter(level=Division.Level.DISTRICT).order_by("code"))
