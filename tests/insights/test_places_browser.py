"""In Chromium: three appeals about one building, written three ways, arrive at the hotline; the
operator opens 一地多诉, finds the building with its three appeals, opens it and sees them and the chart."""

import re

import pytest
from playwright.sync_api import expect

from yingshang.appeals import services as appeal_services
from yingshang.core.models import Division

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

SPELLINGS = ("甘井子区华北路23号3号楼", "大連市甘井子區華北路２３號3幢", "大连湾街道 华北路二十三号 3栋2单元")


def test_operator_finds_a_place_with_several_appeals(page, login):
    district = Division.objects.get(code="210211")
    tracking = [
        appeal_services.appeal_submit(
            actor=None, public=True, channel="web", appeal_type="complaint", content="楼下烧烤店油烟扰民,晚上十点后仍有噪音",
            address=address, district=district, person_phone="13912345678", dispatch=False,
        ).appeal.tracking_no
        for address in SPELLINGS
    ]
    login("operator")
    page.get_by_role("link", name="一地多诉").first.click()
    ranking = page.locator("#place-ranking")
    row = ranking.locator("tr", has_text="华北路23号").first
    expect(row).to_contain_text("3")
    row.get_by_role("link").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("华北路23号")
    expect(page.locator("#visible-count")).to_have_text("3")
    table = page.locator("#place-appeals")
    for number in tracking:
        expect(table.get_by_role("link", name=number)).to_be_visible()
    chart = page.locator("#place-monthly-chart")
    expect(chart).to_have_attribute("data-ready", "1")
    expect(chart.locator("canvas")).to_have_count(1)
    table.get_by_role("link", name=tracking[0]).click()
    expect(page).to_have_url(re.compile(rf"/appeals/{tracking[0]}/$"))
