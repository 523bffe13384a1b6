"""The policy application workflow spec, exhaustively: every status × every operation is either the spec's
move (saved, versioned, audited as ``policies.application.<operation>``) or a refusal in Chinese that changes
nothing; the page's buttons are the allowed operations; the applicant's steps are the spec's labels."""

import datetime as dt
import itertools
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingshang.core import clock
from yingshang.core import workflow as wf
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import AuditEntry, AuditHead
from yingshang.policies import services
from yingshang.policies.models import Publicity, PolicyApplication
from yingshang.policies.workflow import APPLICATIONS

from .conftest import pdf
from .test_services import _enterprise_with_employees, _user_for

pytestmark = pytest.mark.django_db
Status = PolicyApplication.Status
NOV = dt.datetime(2026, 11, 2, 9, 0)
_numbers = itertools.count(1)


@pytest.fixture
def flow(users, publish_item, media):
    """An item of handler_scj's unit, an eligible enterprise with its user, and a way to make an
    application of it directly in any status."""
    enterprise = _enterprise_with_employees(5)
    applicant, officer = _user_for(users, enterprise), users["handler_scj"]
    item = publish_item(f"T-WF{next(_numbers)}", "employees >= 1")
    with clock.frozen_at(NOV):
        base = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})

    def make(status):
        n = next(_numbers)
        with audited_write(None):
            application = PolicyApplication(
                number=f"T{n:06d}", item=item, item_version=base.item_version, enterprise=enterprise, applicant=applicant,
                channel="auto" if status == Status.LISTED else "apply", period=f"p{n}", status=status, applied_on=base.applied_on,
                amount_requested=base.amount_requested, eligibility=base.eligibility, review_level=1 if status == Status.REVIEWING else 0,
                amount_approved=base.amount_requested if status in (Status.APPROVED, Status.PUBLICIZED, Status.DISBURSED) else None,
            )
            application.save()
            record("test.application", application, after=application.audit_snapshot())
        return application

    flow = {"make": make, "item": item, "applicant": applicant, "officer": officer}
    flow["publicity"] = _publicity(flow)
    return flow


def _run(name, application, flow):
    """The operation with valid data, through the module's services (the typed entry points)."""
    applicant, officer = flow["applicant"], flow["officer"]
    calls = {
        "confirm_invite": lambda: services.application_confirm_invite(actor=applicant, application=application, uploads={"申请表": pdf()}),
        "accept": lambda: services.application_accept(actor=officer, application=application),
        "return": lambda: services.application_return(actor=officer, application=application, reason="申请表未盖章"),
        "resubmit": lambda: services.application_resubmit(actor=applicant, application=application, uploads={"申请表": pdf()}),
        "approve": lambda: services.application_approve(actor=officer, application=application, comment="符合条件"),
        "reject": lambda: services.application_reject(actor=officer, application=application, reason="不属于支持范围"),
        "publicize": lambda: wf.perform(APPLICATIONS, application, "publicize", officer, {"publicity": flow["publicity"]},
                                        expected_version=application.version),
        "disburse": lambda: services.application_disburse(actor=officer, application=application, voucher_no="CZ20261102001"),
        "confirm_receipt": lambda: services.application_confirm_receipt(actor=applicant, application=application, satisfaction=5),
        "withdraw": lambda: services.application_withdraw(actor=applicant, application=application),
    }
    assert set(calls) == {op.name for op in APPLICATIONS.operations}
    calls[name]()


def _publicity(flow):
    with audited_write(None):
        publicity = Publicity(item=flow["item"], title="测试公示", starts_on=dt.date(2026, 10, 1), ends_on=dt.date(2026, 10, 10))
        publicity.save()
        record("test.publicity", publicity, after={"id": publicity.pk})
    return publicity


def _chain():
    return AuditEntry.objects.count(), AuditHead.objects.values_list("hash", flat=True).first()


@pytest.mark.parametrize("status", list(Status))
def test_every_status_and_operation(status, flow):
    for op in APPLICATIONS.operations:
        application = flow["make"](status)
        chain, row = _chain(), PolicyApplication.objects.get(pk=application.pk).audit_snapshot()
        with clock.frozen_at(NOV):
            if status in op.from_states:
                _run(op.name, application, flow)
                application.refresh_from_db()
                assert application.status == op.targets(status)[0], (status, op.name)
                assert application.version == 2
                assert AuditEntry.objects.filter(action=f"policies.application.{op.name}", object_id=str(application.pk)).count() == 1
                assert application.events.get().action == op.name
            else:
                with pytest.raises(ValidationError) as error:
                    _run(op.name, application, flow)
                possible = "、".join(str(o.label) for o in APPLICATIONS.from_state(status))
                message = error.value.messages[0]
                assert f"申请当前状态为“{status.label}”,不能执行“{op.label}”。" in message, message
                assert (f"当前可执行的操作:{possible}" if possible else "该申请已办结") in message
                assert PolicyApplication.objects.get(pk=application.pk).audit_snapshot() == row
                assert _chain() == chain


def test_multi_level_review_stays_in_review_until_the_last_level(flow):
    application = flow["make"](Status.REVIEWING)
    with audited_write(None):
        version = application.item_version
        version.review_levels = 2
        version.save()
        record("test.version", version, after={"review_levels": 2})
    with clock.frozen_at(NOV):
        services.application_approve(actor=flow["officer"], application=application)
        assert application.status == Status.REVIEWING and application.review_level == 2
        services.application_approve(actor=flow["officer"], application=application)
    assert application.status == Status.APPROVED
    assert list(application.events.values_list("from_status", "to_status")) == [("reviewing", "reviewing"), ("reviewing", "approved")]


@pytest.mark.parametrize("status", list(Status))
def test_buttons_shown_equal_allowed_operations(status, flow, client):
    application = flow["make"](status)
    for user in (flow["officer"], flow["applicant"]):
        client.force_login(user)
        html = client.get(reverse("policies:application_detail", args=[application.pk])).content.decode()
        shown = re.findall(r'class="action-form operation[^"]*" data-action="(\w+)"', html)
        assert shown == [op.name for op in wf.allowed_operations(APPLICATIONS, application, user, buttons_only=True)], (status, user)
        for name in shown:
            form = html.split(f'data-action="{name}"', 1)[1].split("</form>", 1)[0]
            assert "csrfmiddlewaretoken" in form and f"button-{APPLICATIONS.operation(name).style}" in form
        assert ('action="/policies/publicity/' in html or 'data-action="publicize"' in html) == (
            status == Status.APPROVED and user == flow["officer"])


def test_posting_a_button_runs_the_operation_and_the_timeline_shows_the_spec_labels(flow, client):
    application = flow["make"](Status.SUBMITTED)
    client.force_login(flow["officer"])
    url = reverse("policies:application_action", args=[application.pk, "return"])
    with clock.frozen_at(NOV):
        page = client.post(url, {"version": application.version, "reason": ""}, follow=True).content.decode()
        assert "“退回补正”须填写理由或说明" in page
        client.post(url, {"version": application.version, "reason": "缺少盖章"})
    application.refresh_from_db()
    assert application.status == Status.RETURNED and application.return_reason == "缺少盖章"
    page = client.get(reverse("policies:application_detail", args=[application.pk])).content.decode()
    assert f'<td data-action="return">{APPLICATIONS.public_steps()["return"]}' in page
    assert set(APPLICATIONS.public_steps()) == {"submit"} | {op.name for op in APPLICATIONS.operations if op.public_label}
