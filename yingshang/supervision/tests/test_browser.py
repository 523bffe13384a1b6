"""The issue's path in Chromium: a department plans a draw, publishes the frame, enters the seed, draws and
verifies; an inspector opens the task by its QR code and records a minor first violation (整改通知, no
penalty); the department publishes the result; the enterprise rates the inspection; the public page shows it."""

import pytest
from playwright.sync_api import expect

from yingshang.core.demo import DEMO_PASSWORD
from yingshang.core.models import User
from yingshang.core.services import user_create
from yingshang.supervision import services
from yingshang.supervision.models import CheckRecord, InspectionTask

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_draw_scan_record_rate_publish(page, login):
    login("handler_scj")
    page.goto("/supervision/")
    page.get_by_label("计划名称").fill("浏览器测试抽查")
    page.get_by_label("SCJ-GS-01 营业执照公示与年度报告检查").check()
    page.get_by_label("各风险类别抽查比例").fill("A=0,B=0.2,C=0.5,D=1")
    page.get_by_label("随机种子来源").fill("公示后第一个交易日深证成指收盘值")
    page.get_by_role("button", name="创建计划").click()
    page.get_by_role("button", name="公示抽查名录").click()
    expect(page.locator("#plan-state")).to_have_attribute("data-state", "frame_published")
    assert len(page.locator("#frame-sha256").inner_text()) == 64
    page.get_by_label("随机种子(按公示的来源取得)").fill("11523.47")
    page.get_by_role("button", name="录入随机种子").click()
    page.get_by_role("button", name="抽取企业和执法人员").click()
    expect(page.locator("#plan-state")).to_have_attribute("data-state", "drawn")
    page.locator("#verify-link").click()
    expect(page.locator("#verify-result")).to_contain_text("verified")

    reviewed = set(CheckRecord.objects.filter(minor_violation__code="SCJ-M01").values_list("task__enterprise_id", flat=True))
    task = (InspectionTask.objects.filter(plan__title="浏览器测试抽查", inspectors__user__username="inspector_scj")
            .exclude(enterprise_id__in=reviewed).order_by("code").first())
    scan_url = f"/supervision/scan/{services.task_token(task)}/"

    page.context.clear_cookies()
    login("inspector_scj")
    page.goto(scan_url)
    expect(page.locator("#scan-valid")).to_be_visible()
    page.get_by_role("button", name="亮码开始检查").click()
    for line in page.locator(".checklist-line").all():
        key = line.get_attribute("data-line")
        line.locator(f'input[value="{"fail" if key == "SCJ-GS-01:0" else "pass"}"]').check()
    page.get_by_label("属于首违不罚清单的轻微违法行为(如适用)").select_option(label="未将营业执照置于住所或者主要经营场所的醒目位置(首次,当场改正)")
    page.get_by_label("发现的问题").fill("营业执照未悬挂,已当场改正")
    page.get_by_role("button", name="保存检查记录").click()
    expect(page.locator("#check-outcome")).to_have_attribute("data-outcome", "notice")
    expect(page.locator("#check-outcome")).to_contain_text("不予处罚")
    expect(page.locator("#notice-links")).to_be_visible()

    page.context.clear_cookies()
    login("handler_scj")
    page.goto(f"/supervision/tasks/{task.pk}/")
    page.locator("#operation-publish").get_by_role("button", name="公开检查结果").click()
    expect(page.locator("ul.messages")).to_contain_text("已公开检查结果")

    user_create(actor=None, username="ent_browser", password=DEMO_PASSWORD, role=User.Role.ENTERPRISE, enterprise=task.enterprise)
    page.context.clear_cookies()
    login("ent_browser")
    page.goto(f"/supervision/tasks/{task.pk}/")
    page.get_by_label("4 满意").check()
    page.get_by_role("button", name="提交评价").click()
    expect(page.locator("#rating")).to_contain_text("4 分")

    page.context.clear_cookies()
    page.goto("/supervision/public/")
    row = page.locator(f'#public-results tr[data-task="{task.code}"]')
    expect(row).to_contain_text(task.enterprise.name)
    expect(row.locator(".result")).to_have_text("发现问题,责令整改")
    for inspector in task.inspectors.all():
        expect(page.locator("#public-results")).not_to_contain_text(inspector.name)
