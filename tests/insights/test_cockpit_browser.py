"""A leader opens the 驾驶舱 in Chromium: the charts render, the warnings feed shows an existing warning,
and a warning raised afterwards appears in the feed without reloading the page."""

import pytest
from playwright.sync_api import expect

from yingshang.core.models import Division
from yingshang.insights.models import EarlyWarning

from .test_reports import make_warning

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_leader_sees_charts_and_a_new_warning_arrive_without_reload(login, page):
    district = Division.objects.get(code="210211")
    make_warning(status=EarlyWarning.Status.NEW, district=district, summary="浏览器测试:甘井子区供暖投诉高于往年同期")
    login("leader")
    page.goto("/insights/cockpit/?feed=2&refresh=5")
    for chart in ("chart-trend", "chart-labels", "chart-map"):
        expect(page.locator(f"#{chart} canvas").first).to_be_attached()
    expect(page.locator("#cockpit-summary [data-field='recent_received']")).not_to_have_text("—")
    feed = page.locator("#warnings-feed")
    expect(feed).to_contain_text("浏览器测试:甘井子区供暖投诉高于往年同期")  # kept for analysts, in 「统计依据」
    expect(feed.locator(".warning-words").first).to_have_text("约为往常的 3.6 倍,高于往常")
    expect(page.locator("#league-table")).to_be_visible()
    expect(page.locator("#cockpit-status")).to_have_text("")

    page.evaluate("window.cockpitNotReloaded = true")
    make_warning(status=EarlyWarning.Status.NEW, summary="浏览器测试:全市噪声投诉突增")
    expect(feed).to_contain_text("浏览器测试:全市噪声投诉突增", timeout=10_000)
    assert page.evaluate("window.cockpitNotReloaded === true"), "预警应经局部刷新出现,而非整页重载"
    newest = EarlyWarning.objects.get(summary="浏览器测试:全市噪声投诉突增")
    assert feed.locator("li.feed-item").first.get_attribute("data-warning") == str(newest.pk), "最新的预警排在最前"


def test_the_leaders_essentials_fit_one_1366x768_screen(login, page):
    """KPI tiles, the trend, 末位 and the warnings are all within the first 768 px; the drill-down is below."""
    make_warning(status=EarlyWarning.Status.NEW, summary="浏览器测试:一屏")
    page.set_viewport_size({"width": 1366, "height": 768})
    login("leader")
    page.goto("/insights/cockpit/")
    expect(page.locator("#chart-trend canvas").first).to_be_attached()
    expect(page.locator("#bottom-units-list")).to_be_attached()
    expect(page.locator("#warnings-list")).to_be_attached()
    assert page.evaluate("window.scrollY") == 0
    for selector in ("#cockpit-summary", "#trend-card", "#bottom-card", "#warnings-card"):
        box = page.locator(selector).bounding_box()
        assert box and box["y"] >= 0 and box["y"] + box["height"] <= 768, (selector, box)
    # One visibly active range button: filled, the other not.
    pressed = page.locator(".cockpit-switch [aria-pressed=true]")
    other = page.locator(".cockpit-switch [aria-pressed=false]")
    assert pressed.count() == 1 and pressed.evaluate("b => getComputedStyle(b).backgroundColor") != other.evaluate("b => getComputedStyle(b).backgroundColor")
    essentials = page.locator("#cockpit-essentials").bounding_box()
    assert page.locator("#drill-down").bounding_box()["y"] >= essentials["y"] + essentials["height"]
