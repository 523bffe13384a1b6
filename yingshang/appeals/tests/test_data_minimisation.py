"""Data minimisation (issue #12, item 5): a requester (citizen, enterprise) reads their own appeal's public
steps and reply, never the hub's internal record: notes, dispatch and return reasons, staff logins.

The allow-lists below are written out here on purpose (not imported from the API module): a field added to
the requester's JSON must be added here too, by someone who decided it may be shown."""

import pytest
from django.urls import reverse

from yingshang.appeals import services

pytestmark = pytest.mark.django_db

REQUESTER_LIST_FIELDS = {
    "tracking_no", "state", "state_label", "channel", "appeal_type", "urgency", "title", "content", "district", "street", "address",
    "person_name", "person_phone", "is_confidential", "is_enterprise", "credit_code", "enterprise_name", "unit", "accepted_at",
    "completion_due", "completed_at", "rating", "version",
}
REQUESTER_DETAIL_FIELDS = REQUESTER_LIST_FIELDS | {"reply", "allowed_actions", "events"}
REQUESTER_EVENT_FIELDS = {"action", "label", "at", "unit"}
STAFF_LIST_FIELDS = REQUESTER_LIST_FIELDS | {"label", "label_version", "dispatch_due", "feedback_due", "triaged"}
STAFF_DETAIL_FIELDS = STAFF_LIST_FIELDS | {"suggestions", "reply", "allowed_actions", "events"}
STAFF_EVENT_FIELDS = {"action", "label", "from", "to", "at", "actor", "unit", "note"}
ALLOWED = {  # role → (list fields, detail fields, event fields)
    "citizen": (REQUESTER_LIST_FIELDS, REQUESTER_DETAIL_FIELDS, REQUESTER_EVENT_FIELDS),
    "enterprise": (REQUESTER_LIST_FIELDS, REQUESTER_DETAIL_FIELDS, REQUESTER_EVENT_FIELDS),
    "admin": (STAFF_LIST_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "operator": (STAFF_LIST_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "handler_scj": (STAFF_LIST_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "leader": (STAFF_LIST_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "auditor": (STAFF_LIST_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
}
INTERNAL = ("RETURN-REASON-不是本单位职责", "PROGRESS-NOTE-内部进展", "DISPATCH-REASON-改派原因", "handler_zjj", "handler_scj", "operator")
REPLY = "REPLY-路灯已修复,感谢监督"


def _handled_appeal(hub, users, requester):
    """An appeal of ``requester`` that went through a return, a reassignment and a reply, by named staff."""
    appeal = services.appeal_submit(actor=users[requester], public=True, channel="web", appeal_type="help", content="求助:路灯坏了",
                                    person_phone="13900000000").appeal

    def act(actor, action, **values):
        services.appeal_act(actor=users[actor] if actor else None, appeal=appeal, action=action, **values)

    act(None, "dispatch", unit=hub.units["zjj"], label=hub.labels["城乡建设/物业管理/电梯故障"])
    act("handler_zjj", "return", reason=INTERNAL[0])
    act(None, "dispatch", unit=hub.units["zjj"], label=hub.labels["城乡建设/物业管理/电梯故障"])
    act("handler_zjj", "sign")
    act("handler_zjj", "feedback", reason=INTERNAL[1])
    act("operator", "reassign", unit=hub.units["scj"], reason=INTERNAL[2])
    act("handler_scj", "sign")
    act("handler_scj", "complete", reply=REPLY)
    appeal.refresh_from_db()
    return appeal


@pytest.mark.parametrize("requester", ["citizen", "enterprise"])
def test_requester_page_shows_public_steps_and_reply_only(hub, users, client_for, requester):
    appeal = _handled_appeal(hub, users, requester)
    page = client_for(requester).get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    assert REPLY in page and "已转办至承办单位" in page and "承办单位已签收" in page and "市市场监督管理局" in page
    staff_names = [str(users[name]) for name in ("handler_zjj", "handler_scj", "operator")]
    for secret in (*INTERNAL, *staff_names):
        assert secret not in page, secret
    assert "duplicate-panel" not in page and "派单记录" not in page
    # Staff keep the whole record.
    staff_page = client_for("admin").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    assert all(secret in staff_page for secret in INTERNAL[:3]) and str(users["handler_zjj"]) in staff_page


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_roles_appeal_json_holds_only_its_allowed_fields(hub, users, client_for, role):
    requester = role if role in ("citizen", "enterprise") else "citizen"
    appeal = _handled_appeal(hub, users, requester)
    list_fields, detail_fields, event_fields = ALLOWED[role]
    client = client_for(role)
    detail = client.get(reverse("api:appeal", args=[appeal.tracking_no]))
    if detail.status_code == 404:  # outside this role's scope: nothing to check (the scope tests cover it)
        assert role not in ("citizen", "enterprise", "admin")
        return
    data = detail.json()
    assert set(data) == detail_fields, set(data) ^ detail_fields
    assert data["events"] and all(set(event) <= event_fields for event in data["events"])
    listing = client.get(reverse("api:appeals"), {"q": appeal.tracking_no}).json()
    rows = listing["results"]
    assert rows and all(set(row) == list_fields for row in rows), [set(row) ^ list_fields for row in rows]
    if role in ("citizen", "enterprise"):
        text = detail.content.decode()
        assert data["reply"] == REPLY and all(secret not in text for secret in INTERNAL)
        assert [e["label"] for e in data["events"]][:2] == ["已受理", "已转办至承办单位"]


def test_public_tracking_page_shows_only_public_steps(hub, users, client):
    appeal = _handled_appeal(hub, users, "citizen")
    page = client.get(reverse("appeals:track_detail", args=[appeal.tracking_no])).content.decode()
    assert "已办结并答复" in page and all(secret not in page for secret in INTERNAL)
