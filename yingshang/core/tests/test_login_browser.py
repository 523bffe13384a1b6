"""The login controls in Chromium (issue 12, 等保 2.0 level 3): six wrong passwords lock an account, the
audit trail shows the attempts, an administrator unlocks it, the city-wide user signs in with a TOTP code,
changes the password, idles past the (shortened) timeout and is signed out. No page breaks under the CSP."""

import re
import time

import pytest
from playwright.sync_api import expect

from yingshang.core.demo import DEMO_PASSWORD, DEMO_USERS
from yingshang.core.twofactor import DEMO_TOTP_KEY_HEX, current_code

# The page names the account by its display name (the login name is on hover).
LEADER = re.compile("leader|" + re.escape(next(name for username, _role, name, _unit in DEMO_USERS if username == "leader")))

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

NEW_PASSWORD = "Leader-Changed-2027"


def _sign_in(page, username, password):
    page.goto("/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()


def _second_factor(page):
    page.wait_for_url("**/account/two-factor/**")
    page.get_by_label("验证码").fill(current_code(DEMO_TOTP_KEY_HEX))
    page.get_by_role("button", name="验证").click()
    page.wait_for_url(lambda url: "/account/" not in url and "/login/" not in url)


def _sign_out(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def test_lockout_audit_unlock_totp_password_change_and_idle_timeout(page, settings):
    settings.YINGSHANG_TWO_FACTOR_REQUIRED = True
    csp_violations = []
    page.on("console", lambda message: csp_violations.append(message.text) if "Content Security Policy" in message.text else None)

    # 1. Six wrong passwords: the account is locked, and then even the right password is refused.
    for attempt in range(6):
        _sign_in(page, "leader", f"Wrong-Password-{attempt}")
    expect(page.get_by_role("alert")).to_contain_text("已被锁定")
    _sign_in(page, "leader", DEMO_PASSWORD)
    expect(page.get_by_role("alert")).to_contain_text("已被锁定")

    # 2. The administrator (with a second factor) reads the attempts in the audit trail and unlocks the account.
    _sign_in(page, "admin", DEMO_PASSWORD)
    _second_factor(page)
    page.goto("/audit/?action=core.user")
    rows = page.locator("table tbody tr")
    # The lockout itself, then each attempt refused while locked (the right password included).
    # The page reads in Chinese (「用户·登录锁定」); each row keeps its action code in data-action.
    locked = rows.filter(has=page.locator('td[data-action="core.user.locked"]')).filter(has_text=LEADER)
    failed = rows.filter(has=page.locator('td[data-action="core.user.login_failed"]')).filter(has_text=LEADER)
    expect(locked.first).to_be_visible()
    expect(locked.first).to_contain_text("登录锁定")
    assert locked.count() == 3
    assert failed.count() == 7
    page.goto("/admin/core/user/?q=leader")
    page.locator("tr", has_text="leader").locator("input[name=_selected_action]").check()
    page.locator("select[name=action]").select_option("unlock_login")
    page.locator("button[name=index]").click()
    expect(page.locator(".messagelist")).to_contain_text("解除")
    page.goto("/")
    _sign_out(page)

    # 3. The leader signs in: password, then the code from the authenticator.
    _sign_in(page, "leader", DEMO_PASSWORD)
    page.wait_for_url("**/account/two-factor/**")
    page.goto("/insights/cockpit/")  # not reachable before the second factor
    assert "/account/two-factor/" in page.url
    _second_factor(page)
    page.goto("/insights/cockpit/")  # ECharts and htmx under the Content-Security-Policy
    expect(page.locator("canvas").first).to_be_visible()

    # The idle limit shrinks to twelve seconds from here on (sessions note their last request at a tenth of the
    # limit's granularity, so the setting changes before the requests it should time).
    settings.YINGSHANG_SESSION_IDLE_MINUTES = 0.2

    # 4. Own password change from the top bar.
    page.get_by_role("link", name="修改密码").click()
    page.get_by_label("原密码").fill(DEMO_PASSWORD)
    page.get_by_label("新密码", exact=True).fill(NEW_PASSWORD)
    page.get_by_label("再次输入新密码").fill(NEW_PASSWORD)
    page.get_by_role("button", name="保存新密码").click()
    expect(page.get_by_role("status")).to_contain_text("密码已修改")

    # 5. Idle past the timeout: the next click signs the user out.
    page.goto("/")
    expect(page.get_by_role("link", name="消息")).to_be_visible()  # still signed in
    time.sleep(13)
    page.get_by_role("link", name="消息").click()
    page.wait_for_url("**/login/**")
    expect(page.get_by_role("status")).to_contain_text("未操作")
    assert not csp_violations, csp_violations
