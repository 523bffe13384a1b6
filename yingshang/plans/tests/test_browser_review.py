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
