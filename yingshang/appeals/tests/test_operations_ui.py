"""The appeal page's buttons and the public tracking page are derived from the workflow spec."""

import re

import pytest
from django.urls import reverse

from yingshang.appeals import selectors, services
from yingshang.appeals.workflow import APPEALS, State
from yingshang.core import workflow as wf
from yingshang.core.auditlog import verify_chain

pytestmark = pytest.mark.django_db

ROLES = ("admin", "operator", "handler_zjj", "handler_scj", "leader", "auditor")


@pytest.mark.parametrize("state", [s for s in State if s != State.MERGED])
def test_buttons_shown_equal_allowed_operations(state, hub, make_appeal, users, client_for):
    appeal = make_appeal(state, unit="zjj")
    for username in ROLES:
        page = client_for(username).get(reverse("appeals:detail", args=[appeal.tracking_no]))
        if page.status_code == 404:  # outside the role's scope: no page, no buttons
            assert wf.allowed_operations(APPEALS, appeal, users[username]) == [] or username.startswith("handler_")
            continue
        html = page.content.decode()
        shown = re.findall(r'<form method="post" action="[^"]+" class="action-form operation[^"]*" data-action="(\w+)"', html)
        expected = [op.name for op in wf.allowed_operations(APPEALS, appeal, users[username], buttons_only=True)]
        assert shown == expected, (username, state)
        for name in shown:
            op = APPEALS.operation(name)
            form = html.split(f'data-action="{name}"', 1)[1].split("</form>", 1)[0]
            assert "csrfmiddlewaretoken" in form and f'value="{appeal.version}"' in form
            assert f"button-{op.style}" in form and str(op.label) in form
            assert ('name="reason"' in form) == op.has_reason_box
            if op.reason_required:
                assert re.search(r'<textarea name="reason"[^>]*required', form)


def test_operator_sees_dispatch_with_the_spec_fields_and_handler_sees_none(hub, make_appeal, client_for):
    appeal = make_appeal(State.RECEIVED, unit=None, label=None)
    html = client_for("operator").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    dispatch = html.split('data-action="dispatch"', 1)[1].split("</form>", 1)[0]
    assert 'name="label"' in dispatch and 'name="label_manual"' in dispatch and 'name="unit"' in dispatch
    assert 'class="button-primary"' in dispatch


def test_posting_a_button_runs_the_operation(hub, make_appeal, client_for):
    appeal = make_appeal(State.DISPATCHED, unit="zjj")
    client = client_for("handler_zjj")
    response = client.post(reverse("appeals:act", args=[appeal.tracking_no, "return"]), {"version": appeal.version, "reason": "  "}, follow=True)
    assert "“退回”须填写理由或说明" in response.content.decode()
    appeal.refresh_from_db()
    assert appeal.state == State.DISPATCHED
    client.post(reverse("appeals:act", args=[appeal.tracking_no, "return"]), {"version": appeal.version, "reason": "不属于本单位职责"})
    appeal.refresh_from_db()
    assert appeal.state == State.RECEIVED and appeal.return_count == 1


def test_public_steps_come_from_the_spec(hub, make_appeal):
    assert selectors.PUBLIC_STEPS == APPEALS.public_steps()
    assert {name for name in selectors.PUBLIC_STEPS} == {"intake"} | {op.name for op in APPEALS.operations if op.public_label}
    appeal = make_appeal(State.RECEIVED, unit=None)
    services.appeal_act(actor=None, appeal=appeal, action="supervise", reason="尽快转办")
    services.appeal_act(actor=None, appeal=appeal, action="dispatch", unit=hub.units["zjj"])
    services.appeal_act(actor=None, appeal=appeal, action="sign")
    steps = [step["text"] for step in selectors.public_status(appeal.tracking_no)["steps"]]
    spec = {op.name: str(op.public_label) for op in APPEALS.operations}
    assert steps[-3:] == [spec["supervise"], spec["dispatch"], spec["sign"]]
    assert verify_chain().ok  # the renamed audit actions hash like any other


def test_operations_for_the_api_layer():
    described = {op["name"]: op for op in wf.operations_for(APPEALS)}
    assert set(described) == {op.name for op in APPEALS.operations}
    assert described["callback"]["to_states"] == ["called_back", "merged"]
    assert described["return"]["reason_required"] and described["return"]["audit_action"] == "appeals.appeal.return"
    assert {f["name"] for f in described["complete"]["fields"]} == {"version", "reply"}
    rating = next(f for f in described["callback"]["fields"] if f["name"] == "rating")
    assert rating["type"] == "string" and ["5", "非常满意"] in rating["choices"]


def test_operate_is_the_generic_api_endpoint(hub, make_appeal, users):
    from django.core.exceptions import ValidationError
    from django.http import Http404

    own, other = make_appeal(State.DISPATCHED, unit="zjj"), make_appeal(State.DISPATCHED, unit="scj")
    answer = wf.operate("appeals", users["handler_zjj"], own.tracking_no, "sign", {}, expected_version=own.version)
    assert answer["state"] == "signed" and answer["version"] == 2 and "complete" in answer["allowed_operations"]
    with pytest.raises(Http404):  # outside the user's scope: as if it did not exist
        wf.operate("appeals", users["handler_zjj"], other.tracking_no, "sign", {})
    with pytest.raises(ValidationError) as error:
        wf.operate("appeals", users["handler_zjj"], own.tracking_no, "return", {"reason": ""})
    assert "“退回”须填写理由或说明" in error.value.messages[0]
