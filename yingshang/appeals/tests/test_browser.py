"""The whole loop in Chromium: a citizen submits on the public form → the operator sees the suggested
label and unit and dispatches → the unit (handler_zjj, 市住房和城乡建设局) signs, replies and closes →
the callback rates it 不满意 → it is reopened and closed again → the KPIs change as expected."""

import datetime as dt

import numpy as np
import pytest
from playwright.sync_api import expect

from yingshang.appeals import kpis, suggest
from yingshang.appeals.models import Appeal
from yingshang.appeals.routing import Router
from yingshang.appeals.taxonomy import current_labels
from yingshang.core import clock
from yingshang.core.models import Division, Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ZJJ = "市住房和城乡建设局"


def _text_the_model_routes_to_zjj():
    """A synthetic appeal whose top-3 suggestions include a label routed to 住建局 (setup, not assertion)."""
    from yingshang.appeals.classification.synthetic import generate_appeals

    model, _ = suggest.active_model()
    assert model is not None, "演示城市应已训练并启用分类模型"
    router, labels = Router.load(), current_labels()
    district = Division.objects.get(name="中山区")
    counts = model.metadata.get("label_counts", {})
    leaves = sorted((p for p in labels if labels[p].is_leaf and (rule := router.rule_for(p, district.pk)) and rule.unit.name == ZJJ),
                    key=lambda p: -counts.get(p, 0))
    for seed in range(40):
        leaf = leaves[seed % 5]
        text, _ = generate_appeals(1, np.random.default_rng(seed), labels=[leaf])[0]
        found = [s for s in suggest.suggest(text, district.pk)[0] if s.unit_name == ZJJ]
        if found:
            return text, found[0].label_path
    pytest.fail("分类模型对住建类诉求给不出住建局的建议")


def _counts(unit):
    today = clock.today()
    report = kpis.unit_kpis(unit, today - dt.timedelta(days=30), today)
    return {r.key: (r.numerator, r.denominator) for r in report}


def _logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def _act(page, action, **fields):
    form = page.locator(f'form[data-action="{action}"]')
    for name, value in fields.items():
        control = form.locator(f'[name="{name}"]')
        if control.evaluate("e => e.tagName") == "SELECT":
            control.select_option(label=value)
        else:
            control.fill(value)
    form.locator("button").click()


def test_citizen_to_callback_reopen_and_kpis(page, login, users):
    from yingshang.appeals import services

    text, suggested_path = _text_the_model_routes_to_zjj()
    # The admin has switched automatic dispatch off (threshold 1 = never): the operator confirms every appeal.
    row = services.hub_settings()
    services.hub_settings_update(actor=users["admin"], expected_version=row.version, auto_dispatch_threshold=1.0)
    zjj = Unit.objects.get(name=ZJJ)
    before = _counts(zjj)

    # 1. A citizen submits on the public form and gets a tracking number.
    page.goto("/appeals/submit/")
    page.get_by_label("诉求内容").fill(text)
    page.get_by_label("所在区县").select_option(label="中山区")
    page.get_by_role("textbox", name="姓名").fill("陈女士")
    page.get_by_label("联系电话").fill("139 1234 5678")
    page.locator("#id_captcha_1").fill("PASSED")  # CAPTCHA_TEST_MODE in the tests (root conftest)
    page.get_by_role("button", name="提交诉求").click()
    expect(page.get_by_role("status")).to_contain_text("提交成功")
    tracking_no = page.locator("#tracking-no").inner_text()
    expect(page.locator("#public-state")).to_have_text("受理")
    assert "13912345678" not in page.content() and "陈女士" not in page.content()
    appeal = Appeal.objects.get(tracking_no=tracking_no)
    assert appeal.state == "received" and appeal.suggestions  # below the auto-dispatch threshold: the operator decides

    # 2. The operator sees the suggested label and unit, and dispatches.
    login("operator")
    page.goto("/appeals/queue/")
    page.get_by_role("link", name=tracking_no).click()
    suggestions = page.locator("#suggestions")
    expect(suggestions).to_contain_text(suggested_path)
    expect(suggestions.locator(f'li[data-label="{suggested_path}"] .unit-name')).to_have_text(ZJJ)
    expect(suggestions.locator(f'li[data-label="{suggested_path}"] .confidence')).to_contain_text("%")
    page.locator(f'form[data-action="dispatch"] input[name="label"][value="{suggested_path}"]').check()
    _act(page, "dispatch")
    expect(page.locator("#appeal-state")).to_have_text("转办")
    expect(page.locator("#appeal-unit")).to_have_text(ZJJ)
    _logout(page)

    # 3. The unit signs, replies and closes.
    login("handler_zjj")
    page.goto("/appeals/")
    page.locator("#unit-inbox").get_by_role("link", name=tracking_no).click()
    expect(page.locator("#appeal-person")).to_contain_text("13912345678")
    _act(page, "sign")
    expect(page.locator("#appeal-state")).to_have_text("签收")
    _act(page, "complete", reply="已责成物业公司维修,经现场查看已修复。")
    expect(page.locator("#appeal-state")).to_have_text("办结")
    _logout(page)
    after_first_close = _counts(zjj)
    assert after_first_close["completion"][0] == before["completion"][0] + 1

    # 4. The callback rates it 不满意: the table forces 重办 back to the same unit.
    login("operator")
    page.goto(f"/appeals/{tracking_no}/")
    _act(page, "callback", rating="不满意", reason="诉求人称问题依旧")
    expect(page.locator("#appeal-state")).to_have_text("转办")
    expect(page.locator("#timeline")).to_contain_text("重办")
    unhappy = _counts(zjj)
    assert unhappy["satisfaction"] == (before["satisfaction"][0], before["satisfaction"][1] + 1)
    assert unhappy["completion"] == before["completion"]  # reopened: no longer counted as done
    assert unhappy["bad_rating_callback"] == before["bad_rating_callback"]  # not closed again yet
    _logout(page)

    # 5. Reopened and closed again by the unit.
    login("handler_zjj")
    page.goto(f"/appeals/{tracking_no}/")
    _act(page, "sign")
    expect(page.locator("#appeal-state")).to_have_text("签收")
    _act(page, "feedback", reason="已更换损坏部件,正在观察")
    expect(page.locator("#appeal-state")).to_have_text("办理中")
    _act(page, "complete", reply="已彻底修复并回访现场。")
    expect(page.locator("#appeal-state")).to_have_text("办结")
    _logout(page)

    # 6. The second callback is satisfied; the hotline verifies and archives.
    login("operator")
    page.goto(f"/appeals/{tracking_no}/")
    _act(page, "callback", rating="满意")
    expect(page.locator("#appeal-state")).to_have_text("回访")
    _act(page, "verify")
    expect(page.locator("#appeal-state")).to_have_text("核实")
    _act(page, "archive")
    expect(page.locator("#appeal-state")).to_have_text("归档")
    done = _counts(zjj)
    assert done["satisfaction"] == (before["satisfaction"][0] + 1, before["satisfaction"][1] + 1)
    assert done["completion"] == (before["completion"][0] + 1, before["completion"][1] + 1)
    assert done["bad_rating_callback"] == (before["bad_rating_callback"][0] + 1, before["bad_rating_callback"][1] + 1)
    assert done["instant_dispatch"][1] == before["instant_dispatch"][1] + 1
    _logout(page)

    # 7. The unit's KPI page shows the new figures.
    login("handler_zjj")
    page.goto(f"/appeals/kpi/unit/{zjj.pk}/?start={clock.today() - dt.timedelta(days=30)}&end={clock.today()}")
    satisfaction = page.locator('[data-kpi="satisfaction"]')
    expect(satisfaction.locator(".num")).to_have_text(str(done["satisfaction"][0]))
    expect(satisfaction.locator(".den")).to_have_text(str(done["satisfaction"][1]))
    expect(page.locator('[data-kpi="completion"] .den')).to_have_text(str(done["completion"][1]))


def test_console_suggests_while_typing_and_keyboard_dispatch(page, login):
    text, suggested_path = _text_the_model_routes_to_zjj()
    login("operator")
    page.goto("/appeals/console/")
    expect(page.get_by_label("联系电话")).to_be_focused()
    page.keyboard.type("13912345678")
    page.get_by_label("诉求内容").fill(text)
    page.get_by_label("诉求内容").press("End")
    expect(page.locator("#suggestion-slot li").first).to_be_visible()
    expect(page.locator("#suggestion-slot")).to_contain_text(ZJJ)
    index = page.locator("#suggestion-slot li").evaluate_all(f"(items) => items.findIndex(li => li.dataset.label === {suggested_path!r})")
    page.keyboard.press(f"Alt+{index + 1}")
    expect(page.get_by_label("标签")).to_have_value(suggested_path)
    page.keyboard.press("Control+Enter")
    expect(page.get_by_role("status").first).to_contain_text("已受理并转办")
    appeal = Appeal.objects.filter(submitted_by__username="operator").latest("id")
    assert appeal.state == "dispatched" and appeal.unit.name == ZJJ and appeal.channel == "hotline"
