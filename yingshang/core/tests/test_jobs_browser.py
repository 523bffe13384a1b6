"""An administrator uploads a registry file of 20,000 rows, watches the progress bar advance while a
real `yingshang db_worker` process imports it, then reads the report.

The server and the worker are subprocesses on a copy of the test database (a file for SQLite: the
live-server fixture's in-memory database cannot be shared with another process), as in production.
"""

from __future__ import annotations

import subprocess
import sys
import time
import urllib.request

import pytest

from .jobs_support import enterprise_csv, free_port, stop, wait_for, worker_db  # noqa: F401  (fixture)

pytestmark = [pytest.mark.browser]

ROWS = 20_000


def _serving(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.status == 200
    except OSError:
        return False


def test_admin_watches_a_20000_row_import_advance_then_reads_the_report(browser, worker_db, tmp_path):
    data, _codes = enterprise_csv(ROWS)
    upload = tmp_path / "registry-20000.csv"
    upload.write_bytes(data)
    port = free_port()
    base = f"http://127.0.0.1:{port}"
    log = tmp_path / "processes.log"
    server = subprocess.Popen(
        [sys.executable, "-m", "yingshang.cli", "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=worker_db.env(CSRF_TRUSTED_ORIGINS=base, ALLOWED_HOSTS="127.0.0.1", TWO_FACTOR_REQUIRED="0"), stdout=log.open("ab"), stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    worker = worker_db.start_worker(log)
    context = None
    try:
        wait_for(lambda: _serving(f"{base}/login/"), timeout=120, interval=0.5, what="the server")
        context = browser.new_context(base_url=base, locale="zh-CN", viewport={"width": 1280, "height": 900})
        page = context.new_page()
        page.set_default_timeout(30_000)
        page.goto("/login/")
        page.get_by_label("用户名").fill("admin")
        page.get_by_label("密码").fill("Yingshang@2026")
        page.get_by_role("button", name="登录").click()
        page.wait_for_url(lambda url: "/login/" not in url)

        page.goto("/enterprises/import/")
        page.get_by_label("文件(CSV、XLSX 或 XLS)").set_input_files(str(upload))
        page.get_by_role("button", name="导入").click()
        page.wait_for_url("**/jobs/*/")

        seen: set[int] = set()
        deadline = time.monotonic() + 1200
        while time.monotonic() < deadline and not page.locator("#import-report").count():
            try:
                bar = page.locator("#job-progress")
                if bar.get_attribute("data-status", timeout=2000) == "running":
                    seen.add(int(bar.get_attribute("data-done", timeout=2000)))
                    seen.add(int(page.locator("#job-progress progress").get_attribute("value", timeout=2000)))
            except Exception:  # the bar is being swapped or the page reloads with the result
                pass
            time.sleep(0.3)
        advancing = {value for value in seen if 0 < value < ROWS}
        # The bar the browser shows (polled by htmx every second) moved through several values.
        assert len(advancing) >= 2, sorted(seen)
        report = page.locator("#import-report")
        report.wait_for(timeout=60_000)
        assert f"共 {ROWS} 行:新增 {ROWS},更新 0,无变化 0,失败 0" in report.inner_text()
        assert page.locator("#job-progress").get_attribute("data-status") == "succeeded"
    finally:
        if context is not None:
            context.close()
        stop(worker)
        stop(server)
