"""信用修复「全程网办」: apply online with evidence, review within the working-day limit, approve or refuse with
a reason through the workflow, repair withdraws public display and re-evaluates the enterprise at once."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core import clock, workcalendar
from yingshang.core.models import AuditEntry
from yingshang.credit import selectors, services
from yingshang.credit.models import CreditEvaluation, RepairApplication

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _pdf(name="缴款凭证.pdf", data=PDF):
    return SimpleUploadedFile(name, data, content_type="application/pdf")


@pytest.fixture
def penalty(users, admin, scj, frozen):
    enterprise = users["enterprise"].enterprise
    return services.penalty_create(actor=admin, enterprise=enterprise, unit=scj, decision_no="测市监罚〔2026〕88号",
                                   decided_on=frozen - dt.timedelta(days=40), matter="未按规定公示年度报告", severity="serious")


def test_the_repair_loop_withdraws_public_display_and_recomputes_at_once(users, penalty, frozen):
    enterprise_user = users["enterprise"]
    before = CreditEvaluation.objects.get(enterprise=penalty.enterprise)
    assert any(r["fact"] == "penalty.serious_24m" for r in before.reasons)
    assert penalty in selectors.public_penalties()

    application = services.repair_apply(actor=enterprise_user, record_obj=penalty, statement="罚款已缴清,年报已补报", files=[_pdf()])
    assert application.status == RepairApplication.Status.SUBMITTED and application.unit == penalty.unit
    assert application.due_on == workcalendar.add_workdays(frozen, services.REPAIR_REVIEW_WORKDAYS) == dt.date(2026, 6, 17)
    assert application.evidence.get().sha256

    services.repair_act(actor=users["handler_scj"], application=application, operation="approve", data={"reason": "已履行全部义务"})
    application.refresh_from_db()
    penalty.refresh_from_db()
    assert application.status == RepairApplication.Status.APPROVED and application.decision_reason == "已履行全部义务"
    assert penalty.repaired_on == frozen
    assert penalty not in selectors.public_penalties()
    after = CreditEvaluation.objects.get(enterprise=penalty.enterprise)
    assert after.score > before.score and not any(r["fact"] == "penalty.serious_24m" for r in after.reasons)
    actions = set(AuditEntry.objects.filter(object_id__in=[str(application.pk), str(penalty.pk)]).values_list("action", flat=True))
    assert {"credit.repair_application.apply", "credit.repair_application.approve", "credit.penalty.repair"} <= actions


def test_refusal_needs_a_reason_and_ends_the_application(users, penalty):
    application = services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[_pdf()])
    with pytest.raises(ValidationError):
        services.repair_act(actor=users["handler_scj"], application=application, operation="refuse", data={"reason": ""})
    services.repair_act(actor=users["handler_scj"], application=application, operation="refuse", data={"reason": "罚款尚未缴清"})
    application.refresh_from_db()
    penalty.refresh_from_db()
    assert application.status == RepairApplication.Status.REFUSED and penalty.repaired_on is None
    with pytest.raises(ValidationError):  # a decided application cannot be approved afterwards
        services.repair_act(actor=users["handler_scj"], application=application, operation="approve", data={"reason": "改判"})


def test_only_the_deciding_unit_reviews(users, penalty):
    application = services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[_pdf()])
    with pytest.raises(PermissionDenied):
        services.repair_act(actor=users["handler_zjj"], application=application, operation="approve", data={"reason": "同意"})
    with pytest.raises(PermissionDenied):  # the applicant cannot decide its own application
        services.repair_act(actor=users["enterprise"], application=application, operation="approve", data={"reason": "同意"})


def test_evidence_is_checked_and_required(users, penalty):
    with pytest.raises(ValidationError, match="证明材料"):
        services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[])
    with pytest.raises(ValidationError, match="不符"):
        services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[_pdf(data=b"MZ\x90\x00 not a pdf")])
    with pytest.raises(ValidationError, match="类型"):
        services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[_pdf(name="a.exe")])
    assert not RepairApplication.objects.filter(penalty=penalty).exists()


def test_another_enterprise_cannot_apply_for_this_record(users, penalty, admin):
    from yingshang.core.models import Enterprise, User
    from yingshang.core.services import user_create

    other = Enterprise.objects.exclude(pk=penalty.enterprise_id).filter(kind="enterprise").first()
    stranger = user_create(actor=None, username="other_enterprise", password="Yingshang@2026x", role=User.Role.ENTERPRISE, enterprise=other)
    with pytest.raises(PermissionDenied):
        services.repair_apply(actor=stranger, record_obj=penalty, statement="已整改", files=[_pdf()])


def test_an_application_past_its_working_day_limit_shows_overdue(users, penalty, client_for, frozen):
    application = services.repair_apply(actor=users["enterprise"], record_obj=penalty, statement="已整改", files=[_pdf()])
    client = client_for("handler_scj")
    page = client.get(f"/credit/repairs/{application.pk}/").content.decode()
    assert 'id="repair-overdue"' not in page
    with clock.frozen_at(dt.datetime(2026, 6, 18, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=8)))):
        page = client.get(f"/credit/repairs/{application.pk}/").content.decode()
    assert 'id="repair-overdue"' in page
