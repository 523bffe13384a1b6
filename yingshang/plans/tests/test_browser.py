"""The issue's browser path, in Chromium against a live server:

the admin uploads seed 000, corrects an item and publishes; the handler of 市市场监督管理局 sees only
their unit's tasks and reports progress; the deadline passes on the test clock and the task turns 逾期;
the ranking and the monthly bulletin show it.

The live server runs in a thread of this process, so moving ``yingshang.core.clock`` here moves it
for the server too.
"""

import datetime as dt
import re

import pytest
from playwright.sync_api import expect

from yingshang.core import clock

from .conftest import seed_path

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

PATENTS = "2.3.11.27"  # (27) 加快专利转化运用 — 牵头单位:市市场监管局


def _logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def test_upload_review_publish_report_overdue_ranking_bulletin(login, page, nav, tmp_path):
    seed = seed_path("000")
    evidence = tmp_path / "专利转化工作方案.pdf"
    evidence.write_bytes(b"%PDF-1.4 evidence")
    clock.set_now(dt.datetime(2024, 3, 1, 9, 0))
    try:
        # The admin uploads the plan and reviews it beside the original text.
        login("admin")
        nav("行动方案")
        page.get_by_role("link", name="导入方案").click()
        page.get_by_label("方案文件").set_input_files(str(seed))
        page.get_by_role("button", name="上传并识别").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("大连市2024年营商环境质量提升行动方案")
        plan_id = int(re.search(r"/plans/(\d+)/", page.url).group(1))
        expect(page.locator("#flagged-count")).to_contain_text("全部单位均已对应到组织树")
        item = page.locator(f'[data-path="{PATENTS}"]')
        expect(item.locator(".source")).to_contain_text("(27)加快专利转化运用")
        expect(item.locator(".lead-units")).to_contain_text("市市场监管局 → 市市场监督管理局")

        # The plan gives no date for this item; the officer sets one (htmx swaps the row in place).
        item.get_by_role("button", name="校正").click()
        page.locator(f'[data-path="{PATENTS}"]').get_by_label("时限类型").select_option("date")
        page.locator(f'[data-path="{PATENTS}"]').get_by_label("完成时限", exact=True).fill("2024-06-30")
        page.locator(f'[data-path="{PATENTS}"]').get_by_role("button", name="保存条目").click()
        expect(page.locator(f'[data-path="{PATENTS}"] .deadline')).to_contain_text("2024-06-30")
        page.get_by_role("button", name="审核完成,发布方案").click()
        expect(page.locator("#plan-status")).to_have_text("已发布")
        expect(page.get_by_role("status")).to_contain_text("方案已发布")
        _logout(page)

        # The handler sees only their unit's tasks and reports on one.
        login("handler_scj")
        nav("任务台账")
        page.goto(f"/plans/tasks/?plan={plan_id}")
        units = page.locator("#tasks td.unit").all_inner_texts()
        assert units and set(units) == {"市市场监督管理局"}
        page.locator("#tasks").get_by_role("link", name="加快专利转化运用").click()
        expect(page.locator("#task-status")).to_contain_text("未启动")
        page.get_by_label("进展情况").fill("已制定专利转化运用专项工作方案,完成首批专利开放许可。")
        page.get_by_label("完成进度(%)").fill("40")
        page.get_by_label("佐证材料").set_input_files(str(evidence))
        page.get_by_role("button", name="提交报告").click()
        expect(page.get_by_role("status")).to_contain_text("进度已报送")
        expect(page.locator("#task-status")).to_contain_text("推进中")
        expect(page.get_by_role("link", name="专利转化工作方案.pdf")).to_be_visible()

        # The deadline passes.
        clock.set_now(dt.datetime(2024, 7, 2, 9, 0))
        page.reload()
        expect(page.locator("#task-status")).to_contain_text("逾期")
        expect(page.locator("#status-reasons")).to_contain_text("完成时限2024年6月30日已过")
        _logout(page)

        # The ranking and the bulletin of July show it.
        login("admin")
        page.goto("/plans/ranking/?period=2024-07")
        page.get_by_role("button", name="按当前数据重新计算").click()
        row = page.locator('#ranking-unit tr[data-unit="市市场监督管理局"]')
        expect(row.locator("td.overdue")).to_have_text("1")
        page.get_by_role("link", name="月度通报").click()
        page.get_by_label("周期(YYYY-MM)").fill("2024-07")
        page.get_by_role("button", name="生成通报").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("大连市营商环境行动方案落实情况通报(2024年7月)")
        overdue = page.locator("#bulletin-overdue")
        expect(overdue).to_contain_text("加快专利转化运用")
        expect(overdue).to_contain_text("市市场监督管理局")
        with page.expect_download() as download:
            page.get_by_role("link", name="下载 DOCX").click()
        assert download.value.suggested_filename.endswith(".docx")
    finally:
        clock.set_now(None)
