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
    expect(feed).to_contain_text("浏览器测试:甘井子区供暖投诉高于往年同期")
    expect(page.locator("#league-table")).to_be_visible()
    expect(page.locator("#cockpit-status")).to_have_text("")

    page.evaluate("window.cockpitNotReloaded = true")
    make_warning(status=EarlyWarning.Status.NEW, summary="浏览器测试:全市噪声投诉突增")
    expect(feed).to_contain_text("浏览器测试:全市噪声投诉突增", timeout=10_000)
    assert page.evaluate("window.cockpitNotReloaded === true"), "预警应经局部刷新出现,而非整页重载"
    items = feed.locator("li.feed-item").all_inner_texts()
    assert "全市噪声投诉突增" in items[0], "最新的预警排在最前"
