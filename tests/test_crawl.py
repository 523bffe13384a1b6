"""Every demo role's working day, crawled in Chromium: each role logs in once, opens every page its menus
reach, and each page must read as plain Chinese, fit a phone, and pass axe-core's serious and critical rules.

One load per page: the page is opened at 375×812 to check horizontal overflow, then widened to 1366×768 for
its visible text and axe-core (no reload). Screenshots of each role's home
page at both sizes go to var/screenshots/ for review (git-ignored).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from yingshang.core.demo import DEMO_PASSWORD
from yingshang.core.readable import unreadable_fragments

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ROOT = Path(__file__).resolve().parent.parent
AXE = ROOT / "yingshang" / "static" / "vendor" / "axe.min.js"
SCREENSHOTS = ROOT / "var" / "screenshots"
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 375, "height": 812}
DEMO_USERS = ["admin", "operator", "handler_scj", "handler_zjj", "coordinator_gjz", "handler_gjz_czj", "leader",
              "auditor", "enterprise", "citizen", "window_clerk", "inspector_scj"]

# The visible text of the page (hidden menus and <script> excluded), and what axe-core finds.
VISIBLE_TEXT = "() => document.body.innerText"
AXE_RUN = """async () => {
  const result = await axe.run(document, {
    runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
    resultTypes: ['violations'],
  });
  return result.violations
    .filter(v => v.impact === 'serious' || v.impact === 'critical')
    .map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
}"""
OVERFLOW = """() => {
  const width = window.innerWidth;
  if (document.documentElement.scrollWidth <= width) return null;
  const wide = [...document.body.querySelectorAll('*')]
    .filter(e => e.getBoundingClientRect().right > width + 1 && !e.closest('.tablewrap, [data-scrolls]'))
    .slice(0, 3).map(e => e.tagName.toLowerCase() + (e.id ? '#' + e.id : '') + (e.className && typeof e.className === 'string' ? '.' + e.className.split(' ').join('.') : ''));
  return `${document.documentElement.scrollWidth}px > ${width}px: ${wide.join(', ')}`;
}"""


text_problems = unreadable_fragments  # the one definition, core/readable.py


def menu_pages(page) -> list[str]:
    """The home page, the inbox and every page of the role's menus (hidden menus included), in menu order."""
    hrefs = page.locator("header.topbar a[data-nav]").evaluate_all("els => els.map(e => e.getAttribute('href'))")
    return list(dict.fromkeys(hrefs))


def crawl_role(browser, base_url: str, username: str, axe_checked: set[str], timings: list) -> list[str]:
    context = browser.new_context(base_url=base_url, locale="zh-CN", viewport=DESKTOP, bypass_csp=True)
    page = context.new_page()
    page.set_default_timeout(15_000)
    findings: list[str] = []
    try:
        page.goto("/login/")
        page.get_by_label("用户名").fill(username)
        page.get_by_label("密码").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/login/" not in url)
        page.goto("/")
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=SCREENSHOTS / f"{username}-home-1366x768.png")
        header_height = page.locator("header.topbar").bounding_box()["height"]
        if header_height > 56:
            findings.append(f"{username} /: 1366 px 下顶栏高 {header_height:.0f}px,不是一行")
        for url in menu_pages(page):
            # Phone first: charts size themselves when the page loads, so the page is opened at phone width
            # and then widened for the text and accessibility checks (no second load).
            page.set_viewport_size(PHONE)
            started = time.monotonic()
            response = page.goto(url, wait_until="domcontentloaded")
            where = f"{username} {url}"
            if response is None or response.status >= 400:
                findings.append(f"{where}: HTTP {response.status if response else '无响应'}")
                continue
            overflow = page.evaluate(OVERFLOW)
            if overflow:
                findings.append(f"{where}: 手机宽度横向溢出 {overflow}")
            if url == "/":
                page.screenshot(path=SCREENSHOTS / f"{username}-home-375x812.png", full_page=True)
            page.set_viewport_size(DESKTOP)
            findings.extend(f"{where}: {p}" for p in text_problems(page.evaluate(VISIBLE_TEXT)))
            # Accessibility belongs to the page's template: axe runs on the first role reaching each page
            # (the city-wide roles come first and see the fullest lists), the text checks on every role.
            if url not in axe_checked:
                axe_checked.add(url)
                page.add_script_tag(path=str(AXE))
                findings.extend(f"{where}: axe {v}" for v in page.evaluate(AXE_RUN))
            timings.append((time.monotonic() - started, where))
    finally:
        context.close()
    return findings


def test_every_role_reads_every_menu_page_in_plain_chinese_on_desktop_and_phone(browser, live_server):
    if not AXE.exists():
        pytest.fail("缺少 axe-core:请先运行 npm ci 与 scripts/vendor_assets.py")
    started = time.monotonic()
    findings: list[str] = []
    axe_checked: set[str] = set()
    timings: list[tuple[float, str]] = []
    for username in DEMO_USERS:
        findings.extend(crawl_role(browser, live_server.url, username, axe_checked, timings))
    elapsed = time.monotonic() - started
    slowest = sorted(timings, reverse=True)[:8]
    print(f"爬取 {len(timings)} 页,用时 {elapsed:.0f} 秒;最慢:" + ";".join(f"{w} {t:.1f}s" for t, w in slowest))
    assert not findings, f"{len(findings)} 处问题({elapsed:.0f} 秒):\n" + "\n".join(findings)
    assert (SCREENSHOTS / "admin-home-375x812.png").exists()


def test_text_checks_catch_what_they_should():
    assert text_problems("InsightBulletin object (2)") and text_problems("{'status': 'open'}")
    assert text_problems("insights.bulletin_generate") and text_problems("状态 in_progress") and text_problems("负责人 None")
    assert not text_problems("诉求 12345 已办结 · core.Enterprise #3 · 报告.docx · Open311 · Noted")
