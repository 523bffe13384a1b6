"""An injected outbreak becomes a warning that a handler finds in 监测预警, opens and acknowledges, and that
the leader sees on the cockpit."""

import pytest
from playwright.sync_api import expect

from yingshang.appeals.models import Label
from yingshang.appeals.routing import Router
from yingshang.core.models import Division
from yingshang.insights.warnings.demo import inject_outbreak
from yingshang.insights.models import EarlyWarning
from yingshang.insights.warnings.services import run_detection

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def _label_routed_to(unit_name):
    router = Router.load()
    for label in Label.objects.filter(is_leaf=True, taxonomy__status="published").order_by("-path"):
        rule = router.rule_for(label.path, None)
        if rule is not None and rule.unit.name == unit_name:
            return label
    pytest.skip(f"派单规则中没有派往{unit_name}的标签")


def test_injected_outbreak_is_seen_opened_and_acknowledged(login, page):
    label = _label_routed_to("市住房和城乡建设局")
    district = Division.objects.filter(level=Division.Level.DISTRICT, code__startswith="2102").order_by("code")[1]
    inject_outbreak(seed=77, label=label, district=district, count=12)
    run_detection(actor=None)
    warning = EarlyWarning.objects.get(label_path=label.path, district=district, place__isnull=True)
    root = warning
    while root.parent_id:
        root = root.parent

    login("handler_zjj")
    page.get_by_role("link", name="监测预警").first.click()
    expect(page.get_by_role("heading", name="监测预警")).to_be_visible()
    row = page.locator("tr.warning-row", has_text=root.label_path).filter(has_text=district.name).first
    expect(row).to_be_visible()
    if root.pk != warning.pk:  # the leaf's warning is collapsed under its ancestor's
        row.locator("details.rollup summary").click()
    row.locator(f'a[href="/insights/warnings/{warning.pk}/"]').click()
    expect(page.get_by_role("heading", name=f"{label.path} · {district.name}")).to_be_visible()
    expect(page.locator("#observed-expected")).to_contain_text("/")
    expect(page.locator("#warning-chart canvas")).to_have_count(1)
    page.get_by_label("处置说明").fill("已通知属地核查")
    page.get_by_role("button", name="确认").click()
    expect(page.locator("#warning-status")).to_have_text("已确认")
    expect(page.locator("#warning-actions")).to_contain_text("已通知属地核查")
    warning.refresh_from_db()
    assert warning.status == "acknowledged" and warning.owner.username == "handler_zjj"

    # The leader sees the same outbreak on the cockpit's live warnings feed.
    page.context.clear_cookies()
    login("leader")
    page.get_by_role("link", name="驾驶舱").first.click()
    expect(page.locator(f'#warnings-feed [data-warning="{root.pk}"]')).to_be_visible()
