"""The core's main paths, clicked through in Chromium against a live server."""

import pytest
from playwright.sync_api import expect

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _nav_keys(page):
    return set(page.locator("nav.mainnav a").evaluate_all("els => els.map(e => e.dataset.nav)"))


def test_admin_and_handler_see_different_navigation(login, page):
    login("admin")
    # expect() waits for the page the login lands on; is_visible() would read whatever is there this instant.
    expect(page.get_by_role("heading", name="您好,市营商局管理员")).to_be_visible()
    admin_nav = _nav_keys(page)
    assert {"enterprises", "units", "audit"} <= admin_nav
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")
    login("handler_gjz_czj")
    handler_nav = _nav_keys(page)
    assert "audit" not in handler_nav and "enterprises" in handler_nav
    page.get_by_role("link", name="经营主体").first.click()
    districts = set(page.locator("#enterprise-rows tbody td:nth-child(3)").all_inner_texts())
    assert districts == {"甘井子区"}


def test_wrong_password_shows_chinese_error(page):
    page.goto("/login/")
    page.get_by_label("用户名").fill("admin")
    page.get_by_label("密码").fill("wrong-password")
    page.get_by_role("button", name="登录").click()
    assert page.get_by_role("alert").inner_text().startswith("用户名或密码不正确")


def test_admin_imports_enterprises_and_reads_the_report(login, page, nav, tmp_path):
    csv_file = tmp_path / "batch.csv"
    csv_file.write_text(
        "统一社会信用代码,名称,主体类型,注册区县,行业代码\n"
        "91350100M000100Y43,大连浏览器测试有限公司,企业,中山区,65\n"
        "91350100M000100Y44,校验码错误公司,企业,中山区,65\n",
        encoding="utf-8",
    )
    login("admin")
    page.get_by_role("link", name="经营主体").first.click()
    page.get_by_role("link", name="批量导入").click()
    page.get_by_label("文件(CSV、XLSX 或 XLS)").set_input_files(str(csv_file))
    page.get_by_role("button", name="导入").click()
    report = page.locator("#import-report")
    assert "新增 1" in report.inner_text() and "失败 1" in report.inner_text()
    assert "校验码错误" in report.locator("tr.row-failed").inner_text()
    nav("经营主体")
    page.get_by_label("名称或信用代码").fill("浏览器测试")
    # expect() rather than wait_for_function: the Content-Security-Policy forbids the page evaluating strings.
    expect(page.locator("#enterprise-rows tbody tr")).to_have_count(1)
    assert "大连浏览器测试有限公司" in page.locator("#enterprise-rows").inner_text()


def test_auditor_verifies_the_chain(login, page):
    login("auditor")
    page.get_by_role("link", name="审计日志").first.click()
    page.get_by_role("button", name="核验哈希链").click()
    expect(page.locator("#verify-result")).to_contain_text("哈希链完整")


def test_narrow_screen_menu_is_reachable(login, page):
    page.set_viewport_size({"width": 380, "height": 800})
    login("admin")
    nav_link = page.locator("nav.mainnav").get_by_role("link", name="组织机构")
    menu_button = page.get_by_role("button", name="菜单")
    expect(menu_button).to_have_attribute("aria-expanded", "false")
    assert not nav_link.is_visible()
    menu_button.click()
    expect(menu_button).to_have_attribute("aria-expanded", "true")
    page.get_by_role("button", name="系统管理").click()
    nav_link.click()
    expect(page.get_by_role("heading", name="组织机构")).to_be_visible()


def test_module_menus_open_with_the_keyboard_and_close_with_escape(login, page):
    page.set_viewport_size({"width": 1366, "height": 768})
    login("admin")
    assert page.locator("header.topbar").bounding_box()["height"] <= 56  # one row
    button = page.get_by_role("button", name="12345 诉求")
    button.focus()
    page.keyboard.press("Enter")
    expect(button).to_have_attribute("aria-expanded", "true")
    page.keyboard.press("ArrowDown")
    expect(page.locator("#navmenu-appeals a").first).to_be_focused()
    page.keyboard.press("Escape")
    expect(button).to_have_attribute("aria-expanded", "false")
    expect(button).to_be_focused()
    button.click()
    page.locator("#navmenu-appeals").get_by_role("link", name="诉求办理").click()
    page.wait_for_url("**/appeals/")
    expect(page.locator('.navgroup.current[data-group="appeals"]')).to_have_count(1)
