"""The 受理台's keyboard shortcuts work in Chromium through the console's own key handlers (console.js),
not only through accesskey."""

import pytest
from playwright.sync_api import expect

from yingshang.appeals.models import Appeal

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_console_shortcuts_move_between_fields_and_hold_with_ctrl_s(page, login):
    login("operator")
    page.goto("/appeals/console/")
    phone, content, label = page.get_by_label("联系电话"), page.get_by_label("诉求内容"), page.get_by_label("标签")
    page.keyboard.press("Alt+c")
    expect(content).to_be_focused()
    page.keyboard.type("小区门口的路灯坏了一个多月,晚上出行很不方便,请尽快维修。")
    page.keyboard.press("Alt+l")
    expect(label).to_be_focused()
    page.keyboard.press("Alt+p")
    expect(phone).to_be_focused()
    page.keyboard.type("13912345670")
    before = Appeal.objects.filter(submitted_by__username="operator").count()
    page.keyboard.press("Control+s")
    expect(page.get_by_role("status").first).to_contain_text("已受理")
    assert Appeal.objects.filter(submitted_by__username="operator").count() == before + 1
