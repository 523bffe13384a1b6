"""One working calendar for every module: an administrator's correction of a day moves an appeal's SLA
deadline and a policy 公示 end date alike (issue #11, item 3).

The scenario: the State Council's 2027 notice is not in the data yet; on Thursday 31 Dec 2026 an appeal
comes in (咨询: 3 working days to complete) and a list of approved grants is put on 公示 (5 working
days). The administrator then marks Monday 4 Jan 2027 a holiday; the same intake and the same 公示
published again now end one working day later."""

import datetime as dt

import pytest
from django.utils import timezone

from yingshang.appeals import services as appeals
from yingshang.core import clock
from yingshang.core.calendar_services import calendar_day_set
from yingshang.core.models import Enterprise, User
from yingshang.policies import services as policies
from yingshang.policies.models import PolicyDocument

pytestmark = pytest.mark.django_db
NEW_YEARS_EVE = timezone.make_aware(dt.datetime(2026, 12, 31, 10, 0))  # a Thursday; 1–3 Jan 2027 are off


def _approved_applications(users, count):
    officer = users["handler_scj"]
    document = PolicyDocument.objects.get(seed_key="dl-2026-plan")
    with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 11, 2, 9, 0))):
        item = policies.item_create(
            actor=officer, document=document, code="T-CAL", title="测试条款T-CAL", unit=officer.unit, effective_from=dt.date(2026, 1, 1),
            benefit_kind="grant", amount_rule={"kind": "fixed", "amount": 10}, conditions_text="employees >= 1",
            materials=[{"name": "企业登记信息", "source": "registry"}],
        )
        policies.version_publish(actor=officer, version=item.versions.get(number=1))
    item.refresh_from_db()
    applications = []
    for enterprise in Enterprise.objects.filter(kind="enterprise", employees__gte=1, status="active").order_by("id")[:count]:
        applicant, _ = User.objects.get_or_create(username=f"e{enterprise.pk}", defaults={"role": User.Role.ENTERPRISE, "enterprise": enterprise})
        with clock.frozen_at(timezone.make_aware(dt.datetime(2026, 12, 1, 9, 0))):
            application = policies.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={})
            policies.application_accept(actor=officer, application=application)
            policies.application_approve(actor=officer, application=application)
        applications.append(application)
    return item, applications


def _deadlines(officer, item, application):
    with clock.frozen_at(NEW_YEARS_EVE):
        appeal = appeals.appeal_submit(actor=None, public=True, channel="web", appeal_type="consult",
                                       content="咨询新年后社保缴费基数调整的办理时间", person_phone="13912345678").appeal
        publicity = policies.publicity_publish(actor=officer, item=item, applications=[application], days=5)
    return timezone.localtime(appeal.completion_due), publicity.ends_on


def test_an_admin_correction_moves_an_appeal_sla_deadline_and_a_policy_publicity_end(users):
    officer = users["handler_scj"]
    item, (first, second) = _approved_applications(users, 2)

    completion_due, publicity_ends = _deadlines(officer, item, first)
    assert (completion_due.date(), completion_due.hour) == (dt.date(2027, 1, 6), 18)  # Mon 4, Tue 5, Wed 6
    assert publicity_ends == dt.date(2027, 1, 8)  # Mon 4 … Fri 8

    calendar_day_set(actor=users["admin"], date=dt.date(2027, 1, 4), kind="holiday", name="元旦补休")

    completion_due, publicity_ends = _deadlines(officer, item, second)
    assert (completion_due.date(), completion_due.hour) == (dt.date(2027, 1, 7), 18)  # Tue 5, Wed 6, Thu 7
    assert publicity_ends == dt.date(2027, 1, 11)  # Tue 5 … Fri 8, Mon 11
