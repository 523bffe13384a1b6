"""The shared operation buttons (core/_operations.html) in Chromium: the unit's buttons for a dispatched
appeal are the spec's, a required reason is enforced by the page before anything is sent, and each
operation posted from the page moves the appeal as the spec says."""

import pytest
from playwright.sync_api import expect

from yingshang.appeals.models import Appeal
from yingshang.appeals.workflow import APPEALS, State
from yingshang.core import workflow as wf

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


def test_unit_works_an_appeal_through_the_spec_buttons(page, login, make_appeal, users):
    appeal = make_appeal(State.DISPATCHED, unit="zjj")
    login("handler_zjj")
    page.goto(f"/appeals/{appeal.tracking_no}/")
    forms = page.locator("#actions form.operation")
    expected = [op.name for op in wf.allowed_operations(APPEALS, appeal, users["handler_zjj"], buttons_only=True)]
    assert [forms.nth(i).get_attribute("data-action") for i in range(forms.count())] == expected == ["sign", "return"]
    expect(page.locator('form[data-action="return"] button')).to_have_class("button-danger")

    # 退回 without a reason: the page refuses to send it (the server would refuse too).
    page.locator('form[data-action="return"] button').click()
    assert page.locator('form[data-action="return"] textarea[name="reason"]').evaluate("e => !e.validity.valid")
    assert Appeal.objects.get(pk=appeal.pk).state == State.DISPATCHED

    page.locator('form[data-action="sign"] button').click()
    expect(page.locator("#appeal-state")).to_have_text("签收")
    feedback = page.locator('form[data-action="feedback"]')
    expect(feedback.locator("button")).to_have_class("button-secondary")  # a routine step: outlined, not red
    feedback.locator('textarea[name="reason"]').fill("已派人到现场查看")
    feedback.locator("button").click()
    expect(page.locator("#appeal-state")).to_have_text("办理中")
    complete = page.locator('form[data-action="complete"]')
    expect(complete.locator("button")).to_have_class("button-primary")
    complete.locator('textarea[name="reply"]').fill("电梯已维修完毕。")
    complete.locator("button").click()
    expect(page.locator("#appeal-state")).to_have_text("办结")
    expect(page.locator("#actions")).to_have_count(0)  # nothing left for the unit to do
    assert list(Appeal.objects.get(pk=appeal.pk).events.values_list("action", flat=True)) == ["sign", "feedback", "complete"]
