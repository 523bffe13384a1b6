"""Data minimisation (issue #12, item 5): the applicant reads its application's public steps and the decision
addressed to it (what to correct, why not supported), never the reviewers' logins or internal comments.

The allow-lists are written out here on purpose: a field added to a role's JSON must be added here too."""

import datetime as dt

import pytest
from django.urls import reverse

from yingshang.core import clock
from yingshang.policies import services

from .conftest import pdf

pytestmark = pytest.mark.django_db

NOV = dt.datetime(2026, 11, 2, 9, 0)
APPLICANT_FIELDS = {"id", "number", "item", "item_title", "enterprise", "channel", "status", "status_label", "period", "applied_on",
                    "amount_requested", "amount_approved", "formula", "version", "item_version"}
APPLICANT_DETAIL_FIELDS = APPLICANT_FIELDS | {"eligibility", "events", "reply"}
APPLICANT_EVENT_FIELDS = {"action", "label", "at"}
STAFF_FIELDS = APPLICANT_FIELDS | {"step", "step_due_on"}
STAFF_DETAIL_FIELDS = STAFF_FIELDS | {"eligibility", "events"}
STAFF_EVENT_FIELDS = {"action", "from", "to", "at", "comment"}
ALLOWED = {  # role → (list fields, detail fields, event fields)
    "enterprise": (APPLICANT_FIELDS, APPLICANT_DETAIL_FIELDS, APPLICANT_EVENT_FIELDS),
    "handler_scj": (STAFF_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "admin": (STAFF_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "leader": (STAFF_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
    "auditor": (STAFF_FIELDS, STAFF_DETAIL_FIELDS, STAFF_EVENT_FIELDS),
}
INTERNAL_COMMENT = "INTERNAL-初审意见:材料齐全但需复核"
RETURN_REASON = "申请表未盖章,请补正"


@pytest.fixture
def reviewed_application(users, publish_item, media):
    """The demo enterprise's application: returned for correction, resubmitted, approved with an internal comment."""
    enterprise, officer = users["enterprise"].enterprise, users["handler_scj"]
    item = publish_item("T-MIN", "employees >= 0")
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=users["enterprise"], enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        services.application_return(actor=officer, application=application, reason=RETURN_REASON)
        services.application_resubmit(actor=users["enterprise"], application=application, uploads={"申请表": pdf("盖章版.pdf")})
        services.application_accept(actor=officer, application=application)
        services.application_approve(actor=officer, application=application, comment=INTERNAL_COMMENT)
    application.refresh_from_db()
    return application


def test_applicant_page_shows_public_steps_only(reviewed_application, users, client_for):
    url = reverse("policies:application_detail", args=[reviewed_application.pk])
    page = client_for("enterprise").get(url).content.decode()
    assert 'id="application-steps"' in page and "退回补正" in page and "审核通过" in page
    assert INTERNAL_COMMENT not in page and "handler_scj" not in page and str(users["handler_scj"]) not in page
    staff = client_for("handler_scj").get(url).content.decode()
    assert INTERNAL_COMMENT in staff and str(users["handler_scj"]) in staff


def test_applicant_reads_the_return_reason_while_returned(users, publish_item, media, client_for):
    enterprise, officer = users["enterprise"].enterprise, users["handler_scj"]
    item = publish_item("T-RTN", "employees >= 0")
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=users["enterprise"], enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        services.application_return(actor=officer, application=application, reason=RETURN_REASON)
    data = client_for("enterprise").get(reverse("api:application", args=[application.pk])).json()
    assert data["reply"] == RETURN_REASON and set(data) == APPLICANT_DETAIL_FIELDS
    assert RETURN_REASON in client_for("enterprise").get(reverse("policies:application_detail", args=[application.pk])).content.decode()


@pytest.mark.parametrize("role", sorted(ALLOWED))
def test_each_roles_application_json_holds_only_its_allowed_fields(reviewed_application, client_for, role):
    list_fields, detail_fields, event_fields = ALLOWED[role]
    client = client_for(role)
    data = client.get(reverse("api:application", args=[reviewed_application.pk])).json()
    assert set(data) == detail_fields, set(data) ^ detail_fields
    assert data["events"] and all(set(event) == event_fields for event in data["events"])
    rows = client.get(reverse("api:applications")).json()["results"]
    assert rows and all(set(row) == list_fields for row in rows), [set(row) ^ list_fields for row in rows][:3]
    if role == "enterprise":
        text = client.get(reverse("api:application", args=[reviewed_application.pk])).content.decode()
        assert INTERNAL_COMMENT not in text and "handler_scj" not in text
        assert [e["label"] for e in data["events"]] == ["企业提交申请", "退回补正", "企业补正后重新提交", "已受理", "审核通过"]
