"""The whole 开办餐饮店 story in a browser, lean: apply with the merged form (a PDF per material), 一次性告知, the
missing material scanned at the window and 受理,
three departments in parallel, one result delivered, a bad rating opening 整改, the stage times on the
monitoring page. The platform clock is frozen on a plain working day (nothing depends on today)."""

import datetime as dt

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from yingshang.core import clock

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]
MOMENT = timezone.make_aware(dt.datetime(2026, 11, 2, 10, 0))  # a Monday with no holiday around it


def _pdf(name: str) -> dict:
    return {"name": f"{name}.pdf", "mimeType": "application/pdf", "buffer": b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"}


def _as(page, login, username):
    page.context.clear_cookies()
    login(username)


def test_open_a_restaurant_in_one_go(mini_catalogue, page, login):
    from yingshang.affairs.models import Case
    from yingshang.core.models import User

    with clock.frozen_at(MOMENT):
        enterprise = User.objects.get(username="enterprise").enterprise
        _as(page, login, "enterprise")
        page.goto("/affairs/bundles/")
        page.get_by_role("link", name="开办餐饮店").click()
        page.locator("fieldset", has_text="需要设置户外招牌吗").get_by_label("否").check()
        page.get_by_role("button", name="按情形生成表单").click()
        expect(page.locator("#items-needed li")).to_have_count(3)
        expect(page.locator("#prefilled")).to_contain_text(enterprise.name)  # 免填写
        expect(page.locator("#supplied")).to_contain_text("营业执照")  # 免提交: 电子证照
        form = page.locator("#merged-form")
        expect(form.locator('input[name="field_enterprise_name"]')).to_have_count(0)
        form.get_by_label("经营项目").select_option("热食类食品制售")
        form.get_by_label("营业面积(平方米)").fill("120")
        materials = form.locator('input[type="file"]')
        expect(materials).to_have_count(4)  # each material once, though three items ask for some of them
        for name in ("申请书", "经营场所使用证明", "消防安全承诺书"):
            form.get_by_label(name).set_input_files(_pdf(name))  # the floor plan is forgotten
        form.get_by_role("button", name="提交申请").click()
        expect(page.locator("#case-status")).to_have_text("已申请")
        expect(page.locator("#case-files")).to_contain_text("经营场所使用证明.pdf")  # stored once, shared by the items needing it
        case = Case.objects.latest("id")

        _as(page, login, "window_clerk")
        page.goto(f"/affairs/cases/{case.pk}/")
        correction = page.locator("#operation-request_correction")
        correction.get_by_label("经营场所平面布局图").check()
        correction.get_by_role("button", name="一次性告知补正").click()
        expect(page.locator("#missing")).to_contain_text("经营场所平面布局图")
        resubmit = page.locator("#operation-resubmit")
        resubmit.get_by_label("经营场所平面布局图", exact=True).set_input_files(_pdf("平面布局图扫描件"))  # brought to the window, scanned
        resubmit.get_by_role("button", name="补正提交").click()
        page.locator("#operation-accept").get_by_role("button", name="受理").click()
        expect(page.locator("#case-status")).to_have_text("审查中")

        for sub in case.subcases.select_related("unit"):
            handler = User.objects.filter(unit=sub.unit, role="handler").order_by("pk").first()
            _as(page, login, handler.username)
            page.goto(f"/affairs/cases/{case.pk}/")
            row = page.locator(f'tr[data-unit="{sub.unit.name}"]')
            row.get_by_role("button", name="准予许可").click()
            expect(page.locator(f'tr[data-unit="{sub.unit.name}"] .subcase-status')).to_have_text("准予许可")
        expect(page.locator("#case-status")).to_have_text("已决定")

        _as(page, login, "window_clerk")
        page.goto(f"/affairs/cases/{case.pk}/")
        page.get_by_role("button", name="统一出件(办结)").click()
        page.get_by_role("button", name="送达").click()
        expect(page.locator("#case-status")).to_have_text("已送达")

        _as(page, login, "enterprise")
        page.goto(f"/affairs/cases/{case.pk}/")
        rate = page.locator("#rate-form")
        rate.get_by_label("不满意", exact=True).check()
        rate.get_by_label("意见建议(可选)").fill("补正来回跑了一趟")
        rate.get_by_role("button", name="提交评价").click()
        expect(page.locator("#rectification-status")).to_have_text("待核实")

        _as(page, login, "leader")
        page.goto("/affairs/monitoring/")
        expect(page.locator("#stage-times")).to_contain_text("审查")
        expect(page.locator("#stage-times")).to_contain_text("受理")
