"""The appeals console as its users meet it: buttons styled by consequence, an error shown beside the field it
concerns (an empty 办结 reply under the reply box, the form kept as typed), 保密 worded for who fills it in,
and the unit pickers searchable (core.forms.UnitPicker)."""

import pytest
from django.urls import reverse

from yingshang.appeals.forms import ConsoleForm, PublicAppealForm
from yingshang.appeals.workflow import APPEALS, Action, State
from yingshang.core.workflow import DANGER, PRIMARY

pytestmark = pytest.mark.django_db


def test_the_units_four_steps_have_four_distinct_styles_and_only_return_is_danger():
    styles = {name: APPEALS.operation(name).style for name in (Action.RETURN, Action.FEEDBACK, Action.REQUEST_EXTENSION, Action.COMPLETE)}
    assert len(set(styles.values())) == 4
    assert styles[Action.RETURN] == DANGER and styles[Action.COMPLETE] == PRIMARY


def test_an_empty_reply_is_shown_beside_the_reply_box_and_nothing_typed_is_lost(hub, make_appeal, client_for):
    appeal = make_appeal(State.SIGNED, unit="zjj")
    client = client_for("handler_zjj")
    response = client.post(reverse("appeals:act", args=[appeal.tracking_no, "complete"]),
                           {"version": appeal.version, "reply": "   ", "do": "complete"})
    assert response.status_code == 400
    html = response.content.decode()
    form = html.split('data-action="complete"', 1)[1].split("</form>", 1)[0]
    reply_field = form.split('name="reply"', 1)[1]
    assert 'class="field-error"' in reply_field and "办结须填写给诉求人的答复意见" in reply_field
    appeal.refresh_from_db()
    assert appeal.state == State.SIGNED
    # A reason left empty is reported under the reason box, and the other boxes keep what was typed.
    response = client.post(reverse("appeals:act", args=[appeal.tracking_no, "request_extension"]),
                           {"version": appeal.version, "until": "2099-01-31", "reason": ""})
    form = response.content.decode().split('data-action="request_extension"', 1)[1].split("</form>", 1)[0]
    assert 'value="2099-01-31"' in form and "须填写理由或说明" in form.split('name="reason"', 1)[1]


def test_the_confidentiality_box_is_worded_for_who_fills_it_in():
    assert str(ConsoleForm().fields["is_confidential"].label).startswith("来电人要求保密")
    assert str(PublicAppealForm().fields["is_confidential"].label).startswith("我的姓名保密")


def test_unit_pickers_are_searchable_by_name_and_alias(hub, make_appeal, client_for):
    html = client_for("operator").get(reverse("appeals:console")).content.decode()
    select = html.split('name="unit"', 1)[1].split("</select>", 1)[0]
    assert "data-unit-picker" in html.split('name="unit"', 1)[0].rsplit("<select", 1)[1] + select
    assert "data-search=" in select  # aliases of the units travel with the options (市市场监管局 …)
    appeal = make_appeal(State.RECEIVED, unit=None, label=None)
    detail = client_for("operator").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    dispatch = detail.split('data-action="dispatch"', 1)[1].split("</form>", 1)[0]
    assert "data-unit-picker" in dispatch
