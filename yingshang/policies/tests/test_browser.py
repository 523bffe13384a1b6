"""The main path in Chromium: an officer publishes an item → matching runs → the enterprise tries the
calculator (answering its first question in place) and sees the item in 我的可享政策 with its reasons →
applies with prefilled materials → the unit accepts, approves, publishes the 公示 (no 兑现 form while it
runs) and disburses → the enterprise confirms receipt and finds an inbox message for every step → the
effect page counts it; and a 免申即享 item reaches the enterprise with no application at all."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from yingshang.core import clock
from yingshang.core.models import Notification
from yingshang.policies.models import PolicyApplication

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _create_item(page, code, title, enterprise, *, exempt=False):
    page.goto("/policies/manage/")
    page.get_by_role("link", name="新建条款").click()
    page.get_by_label("条款编号").fill(code)
    page.get_by_label("条款名称").fill(title)
    page.get_by_role("button", name="创建并编辑").click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    page.get_by_label("金额规则").select_option("fixed")
    page.get_by_label("定额(万元)").fill("12")
    page.locator('select[name="cond-0-fact"]').select_option("district")
    page.locator('select[name="cond-0-op"]').select_option("in")
    page.locator('input[name="cond-0-value"]').fill(enterprise.district.name)
    page.locator('select[name="cond-1-fact"]').select_option("credit_class")
    page.locator('select[name="cond-1-op"]').select_option("==")
    page.locator('input[name="cond-1-value"]').fill(enterprise.credit_class)
    page.get_by_label("申报材料(每行一项:名称|upload或registry|必需或可选)").fill("企业登记信息|registry\n申请表|upload|必需")
    if exempt:
        page.get_by_label("免申即享").check()
    page.get_by_role("button", name="沙盘测算").click()
    expect(page.locator("#sandbox-result")).to_contain_text("预算敞口")
    page.get_by_role("button", name="保存并发布").click()
    expect(page.get_by_role("heading", name=f"{title}:第1版修订影响")).to_be_visible()
    expect(page.locator("#gained")).to_contain_text(enterprise.name)


def test_officer_to_enterprise_to_money_and_exempt_without_application(login, page, users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    enterprise = users["enterprise"].enterprise
    form = tmp_path / "申请表.pdf"
    form.write_bytes(b"%PDF-1.4\n%browser test\n%%EOF\n")
    try:
        login("handler_scj")
        _create_item(page, "BR-01", "浏览器测试补助", enterprise)
        _create_item(page, "BR-02", "浏览器测试免申服务", enterprise, exempt=True)

        login("enterprise")
        # The calculator: the most decisive question first, answered in place; the results follow (htmx).
        page.goto("/policies/calculator/")
        first = page.locator("#next-question li").first
        if first.locator("select").count():
            first.locator("select").select_option(index=1)
        elif first.locator("input[type=checkbox]").count():
            first.locator("input[type=checkbox]").first.check()
        else:
            first.locator("input").fill("10")
            first.locator("input").dispatch_event("change")
        expect(page.locator("#calc-results h2")).to_contain_text("可能适用的政策")
        page.goto("/policies/mine/")
        card = page.locator('[data-item="BR-01"]')
        expect(card).to_contain_text("符合")
        expect(card).to_contain_text("12 万元")
        expect(card.locator('tr[data-fact="district"][data-status="pass"]')).to_contain_text(enterprise.district.name)
        exempt_card = page.locator('[data-item="BR-02"]')
        expect(exempt_card).to_contain_text("免申即享")
        expect(exempt_card).to_contain_text("免申名单待审核")
        card.get_by_role("link", name="申请").click()
        expect(page.locator("#apply-form")).to_contain_text(enterprise.credit_code)  # prefilled from the registry
        page.get_by_label("申请表(必需)").set_input_files(str(form))
        page.get_by_role("button", name="提交申请").click()
        expect(page.locator("#application-status")).to_have_text("已申报待受理")
        application_url = page.url

        login("handler_scj")
        page.goto(application_url)
        page.get_by_role("button", name="受理").click()
        expect(page.locator("#application-status")).to_contain_text("审核中")
        page.get_by_role("button", name="审核通过").click()
        expect(page.locator("#application-status")).to_have_text("审核通过待公示")
        page.get_by_role("button", name="发布公示").click()
        expect(page.locator("#publicity-rows")).to_contain_text(enterprise.name)
        page.goto(application_url)
        expect(page.locator("#disburse-after")).to_contain_text("期满无异议后可兑现")
        expect(page.get_by_role("button", name="记录兑现")).to_have_count(0)
        application = PolicyApplication.objects.get(item__code="BR-01", enterprise=enterprise)
        clock.set_now(dt.datetime.combine(application.publicity.ends_on + dt.timedelta(days=1), dt.time(10)))
        page.goto(application_url)
        page.get_by_label("拨付凭证号").fill("CZ-BROWSER-1")
        page.get_by_role("button", name="记录兑现").click()
        expect(page.locator("#application-status")).to_have_text("已兑现待确认")

        login("enterprise")
        page.goto(application_url)
        page.get_by_role("button", name="确认到账").click()
        expect(page.locator("#application-status")).to_have_text("已确认到账")
        page.goto("/inbox/")
        for step in ("申请已提交", "申请已受理", "审核通过", "已进入公示", "政策已兑现,请确认到账", "已确认到账"):
            expect(page.locator("main")).to_contain_text(f"{step}")
        expect(page.locator("main")).to_contain_text("浏览器测试补助")
        login("handler_scj")

        page.goto("/policies/effect/")
        row = page.locator('#effect-rows tr[data-item="BR-01"]')
        expect(row.locator("td.granted")).to_have_text("1")
        expect(row.locator("td.paid")).to_have_text("12.00")

        exempt = PolicyApplication.objects.get(item__code="BR-02", enterprise=enterprise)
        assert exempt.channel == "auto" and exempt.submitted_at is None and exempt.applicant is None
        assert Notification.objects.filter(recipient=users["enterprise"], title__contains="浏览器测试免申服务").exists()
    finally:
        clock.set_now(None)
