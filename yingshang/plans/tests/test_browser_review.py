"""A plan whose deadlines have passed, reviewed in Chromium: the review page names the late items before
publishing, publishing needs a choice, and the reviewer shifts the deadlines instead of creating tasks that
are overdue at once."""

import datetime as dt

import pytest
from playwright.sync_api import expect

from yingshang.core import clock
from yingshang.plans.models import Task

from .conftest import SAMPLE_PLAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_past_deadlines_are_warned_at_review_and_shifted_on_publishing(login, page, users, tmp_path, settings):
    from yingshang.plans.services import plan_import

    settings.MEDIA_ROOT = tmp_path / "media"
    clock.set_now(dt.datetime(2026, 8, 3, 9, 0))  # item 1. of the sample plan is due 2026-06-30
    try:
        plan = plan_import(actor=users["admin"], source=SAMPLE_PLAN)
        login("admin")
        page.goto(f"/plans/{plan.pk}/")
        warning = page.locator("#past-due-warning")
        expect(warning).to_be_visible()
        expect(warning).to_contain_text("完成时限已过")
        expect(warning).to_contain_text("2026-06-30")
        expect(page.locator("#no-unit-warning")).to_contain_text("保障措施")
        # The browser itself asks for the choice (a required radio) before anything is sent.
        page.get_by_role("button", name="审核完成,发布方案").click()
        expect(page.locator("#plan-status")).to_have_text("待审核")
        assert not Task.objects.filter(plan=plan).exists()
        page.get_by_label("顺延至下列日期后发布").check()
        page.get_by_label("顺延至", exact=True).fill("2026-12-31")
        page.get_by_role("button", name="审核完成,发布方案").click()
        expect(page.locator("#plan-status")).to_have_text("已发布")
        assert set(Task.objects.filter(plan=plan, item__number="1.").values_list("due", flat=True)) == {dt.date(2026, 12, 31)}
    finally:
        clock.set_now(None)


def test_a_year_less_plans_deadlines_are_dated_from_the_issue_date_the_reviewer_enters(login, page, users, tmp_path, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from yingshang.plans.models import PlanItem
    from yingshang.plans.services import plan_import

    settings.MEDIA_ROOT = tmp_path / "media"
    text = "区消防安全重点任务清单\n一、摸清底数\n1.完成高层建筑排查。(区住建局牵头;11月底前完成)\n2.建立隐患台账。(区应急局牵头;9月15日前)\n"
    plan = plan_import(actor=users["admin"], source=SimpleUploadedFile("任务清单.txt", text.encode("utf-8")))
    login("admin")
    page.goto(f"/plans/{plan.pk}/")
    warning = page.locator("#yearless-warning")
    expect(warning).to_contain_text("文中找不到方案的年份")
    expect(warning).to_contain_text("11月底前")
    page.get_by_label("成文日期").fill("2025-02-20")
    page.get_by_role("button", name="保存", exact=True).click()
    expect(page.get_by_text("方案信息已保存")).to_be_visible()
    expect(page.locator("#yearless-warning")).to_have_count(0)
    assert PlanItem.objects.get(plan=plan, number="1.").due == dt.date(2025, 11, 30)
