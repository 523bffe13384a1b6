"""信用修复 in Chromium: the enterprise applies online with evidence, the deciding unit approves, the class on
the enterprise's credit page moves and the public 信用公示 no longer lists the record."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from yingshang.core import clock
from yingshang.core.models import Unit, User
from yingshang.credit import services
from yingshang.credit.models import CreditEvaluation

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_enterprise_applies_officer_approves_class_moves_and_public_list_drops_it(login, page, users, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "media"
    enterprise = users["enterprise"].enterprise
    penalty = services.penalty_create(actor=User.objects.get(username="admin"), enterprise=enterprise,
                                      unit=Unit.objects.get(name="市市场监督管理局"), decision_no="浏览器罚〔2026〕7号",
                                      decided_on=clock.today() - dt.timedelta(days=20), matter="销售过期食品", severity="serious")
    before = CreditEvaluation.objects.get(enterprise=enterprise).risk_class
    evidence = tmp_path / "罚款缴纳凭证.pdf"
    evidence.write_bytes(b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n")

    page.goto("/credit/public/")
    expect(page.locator("#public-penalties")).to_contain_text(penalty.decision_no)

    login("enterprise")
    page.goto("/credit/mine/")
    expect(page.locator("#risk-class")).to_have_attribute("data-class", before)
    page.get_by_role("row").filter(has_text=penalty.decision_no).get_by_role("link", name="申请信用修复").click()
    page.get_by_label("修复申请说明(已履行的义务、整改情况)").fill("罚款已缴清,过期食品已全部下架销毁。")
    page.get_by_label("证明材料(PDF、JPG、PNG、DOCX,每个不超过 10 MB)").set_input_files(str(evidence))
    page.get_by_role("button", name="提交申请").click()
    expect(page.locator("#repair-status")).to_have_text("待审核")
    application_url = page.url

    login("handler_scj")
    page.goto(application_url)
    page.get_by_label("修复决定理由(必填)").fill("已履行行政处罚决定,准予修复")
    page.get_by_role("button", name="同意修复").click()
    expect(page.locator("#repair-status")).to_have_text("已修复")

    after = CreditEvaluation.objects.get(enterprise=enterprise).risk_class
    assert after != before and after < before  # "A" < "B": a better class
    login("enterprise")
    page.goto("/credit/mine/")
    expect(page.locator("#risk-class")).to_have_attribute("data-class", after)
    page.goto("/credit/public/")
    expect(page.locator("#public-penalties")).not_to_contain_text(penalty.decision_no)
