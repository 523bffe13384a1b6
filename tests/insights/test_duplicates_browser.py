"""一事多诉 in Chromium: three callers about one lift reach the operator console; on the third the panel
shows the two others, the operator merges, the handler answers the master once, and every caller is
called back on their own appeal."""

import pytest
from playwright.sync_api import expect

from yingshang.appeals.models import Appeal, Label
from yingshang.appeals.workflow import State
from yingshang.core.models import User

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

ADDRESS = "人民路 18 号阳光花园 3 号楼"
CALLS = [
    ("13900001001", "阳光花园3号楼的电梯已经坏了一个星期,物业一直不来维修,楼里老人上下楼非常困难,请尽快处理。"),
    ("13900001002", "阳光花园3号楼电梯坏了一个星期了,物业始终不来维修,老人上下楼很困难,请有关部门尽快处理!"),
    ("13900001003", "您好,阳光花园3号楼的电梯坏了一个星期,物业一直不维修,老人上下楼非常困难,请尽快处理,谢谢。"),
]


def _logout(page):
    page.get_by_role("button", name="退出").click()
    page.wait_for_url("**/login/")


def _take_call(page, phone, content):
    page.goto("/appeals/console/")
    page.get_by_label("联系电话").fill(phone)
    page.locator("#id_person_name").fill("市民")
    page.get_by_label("诉求内容").fill(content)
    page.locator("#id_district").select_option(label="中山区")
    page.locator("#id_address").fill(ADDRESS)
    page.locator("#btn-hold").click()
    expect(page.get_by_role("status").first).to_contain_text("已受理")
    return Appeal.objects.filter(person_phone=phone).latest("id")


def _act(page, action, **fields):
    form = page.locator(f"form.action-form[data-action='{action}']")
    for name, value in fields.items():
        field = form.locator(f"[name='{name}']")
        if name == "rating" or name == "unit":
            field.select_option(label=value)
        elif name == "label":
            form.locator("input[name='label'][value='__manual__']").check()
            form.locator("[name='label_manual']").fill(value)
        else:
            field.fill(value)
    form.get_by_role("button").click()
    expect(page.get_by_role("status").first).to_contain_text("已")


def test_three_callers_one_merge_one_reply_three_callbacks(login, page):
    login("operator")
    appeals = [_take_call(page, phone, content) for phone, content in CALLS]
    first, second, third = appeals
    # Right after the third call the console already shows the two earlier callers.
    expect(page.locator("#duplicate-candidates")).to_contain_text(first.tracking_no)
    expect(page.locator("#duplicate-candidates")).to_contain_text(second.tracking_no)

    # The third call: its detail page shows the two earlier callers as candidates.
    page.goto(f"/appeals/{third.tracking_no}/")
    panel = page.locator("#duplicate-candidates")
    expect(panel).to_contain_text(first.tracking_no)
    expect(panel).to_contain_text(second.tracking_no)
    expect(panel).to_contain_text("同一地址")
    for appeal in (first, second):
        page.get_by_label(f"合并 {appeal.tracking_no}").check()
    page.get_by_role("button", name="合并办理").click()
    expect(page.get_by_role("status").first).to_contain_text(f"并入主诉求 {first.tracking_no}")
    assert {a.state for a in Appeal.objects.filter(pk__in=[second.pk, third.pk])} == {State.MERGED}

    # The master is dispatched once, to the handling unit.
    handler_unit = User.objects.get(username="handler_zjj").unit.name
    label = Label.objects.filter(taxonomy__status="published", is_leaf=True).order_by("path").first()
    expect(page.locator("#merged-callers")).to_contain_text("待主诉求答复")
    _act(page, "dispatch", label=label.path, unit=handler_unit)
    _logout(page)

    login("handler_zjj")
    page.goto(f"/appeals/{first.tracking_no}/")
    _act(page, "sign")
    _act(page, "complete", reply="已督促物业更换电梯主板,电梯恢复运行。")
    expect(page.locator("#appeal-state")).to_have_text("办结")
    _logout(page)

    # The hotline calls back the master's caller, then each merged caller on their own appeal.
    login("operator")
    page.goto(f"/appeals/{first.tracking_no}/")
    _act(page, "callback", rating="满意")
    callers = page.locator("#merged-callers")
    expect(callers).to_contain_text("待回访")
    for member in (second, third):
        callers.locator(f"tr[data-member='{member.tracking_no}'] a").first.click()
        expect(page.locator("#appeal-reply")).to_contain_text("电梯恢复运行")
        _act(page, "callback", rating="非常满意")
        expect(page.locator("#appeal-rating")).to_contain_text("非常满意")
        page.goto(f"/appeals/{first.tracking_no}/")
        callers = page.locator("#merged-callers")
    expect(callers.locator("tr")).to_have_count(3)  # header + two callers
    expect(callers).not_to_contain_text("待回访")

    for appeal in appeals:
        appeal.refresh_from_db()
        assert appeal.events.filter(action="callback").count() == 1 and appeal.rating is not None
    assert first.state == State.CALLED_BACK and {second.state, third.state} == {State.MERGED}
    assert second.reply == third.reply == first.reply
