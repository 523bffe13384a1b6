"""The enterprise's and the officer's way through an application, as they meet it: an inbox message at every
step, 「已享受」 only for money paid, no 兑现 form during 公示, a bad 公示 length answered on the same page, the
form prefilled with the facts held and refused on opening when a live application exists, a non-monetary
benefit named by its nature, and the calculator asking the most decisive question first."""

import datetime as dt

import pytest
from django.urls import reverse

from yingshang.core import clock
from yingshang.core.models import Notification
from yingshang.core.workflow import allowed_operations
from yingshang.policies import amounts, selectors, services
from yingshang.policies.models import PolicyApplication
from yingshang.policies.workflow import APPLICATIONS

from .conftest import pdf
from .test_services import _enterprise_with_employees, _user_for

pytestmark = pytest.mark.django_db
Status = PolicyApplication.Status
NOV = dt.datetime(2026, 11, 2, 9, 0)


def _approved(users, publish_item, code, **item_values):
    enterprise = _enterprise_with_employees(5)
    applicant, officer = _user_for(users, enterprise), users["handler_scj"]
    item = publish_item(code, "employees >= 1", **item_values)
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        services.application_accept(actor=officer, application=application)
        services.application_approve(actor=officer, application=application)
    return application, applicant, officer, item


def test_the_enterprise_hears_of_every_step_and_money_is_enjoyed_only_once_paid(users, publish_item, media):
    cap = {"kind": "percentage", "base": "employees", "rate": 100, "cap": 100, "cap_scope": "total"}
    application, applicant, officer, item = _approved(users, publish_item, "T-INBOX", amount=cap, step_limits={"publicity": 5})
    with clock.frozen_at(NOV):
        services.publicity_publish(actor=officer, item=item, applications=[application])
        formula = services.assess(application.enterprise, application.item_version, clock.today())[1].formula
        # During 公示 the 兑现 form is not offered to the officer.
        assert "disburse" not in {op.name for op in allowed_operations(APPLICATIONS, application, officer)}
    assert "已享受 0 万元" in formula and "待兑现" in formula  # approved and in 公示: pending, not enjoyed
    with clock.frozen_at(dt.datetime(2026, 11, 17, 9)):
        assert "disburse" in {op.name for op in allowed_operations(APPLICATIONS, application, officer)}
        services.application_disburse(actor=officer, application=application, voucher_no="CZ1")
        formula = services.assess(application.enterprise, application.item_version, clock.today())[1].formula
        assert "待兑现" not in formula and f"已享受 {amounts.money(float(application.disbursed_amount))}" in formula
        services.application_confirm_receipt(actor=applicant, application=application, satisfaction=5)
    titles = list(Notification.objects.filter(recipient=applicant, category="policy_application").order_by("pk").values_list("title", flat=True))
    expected = ["申请已提交", "申请已受理", "审核通过", "已进入公示", "政策已兑现,请确认到账", "已确认到账"]
    assert len(titles) == len(expected) and all(title.startswith(prefix) for title, prefix in zip(titles, expected)), titles
    assert all(item.title in title for title in titles)


def test_a_bad_publicity_length_is_answered_on_the_same_page(users, publish_item, media, client_for):
    application, _, officer, _ = _approved(users, publish_item, "T-DAYS")
    client = client_for("handler_scj")
    with clock.frozen_at(NOV):
        for bad in ("abc", "99"):
            response = client.post(reverse("policies:publicity_create"), {"application": application.pk, "days": bad, "from": "detail"})
            html = response.content.decode()
            assert response.status_code == 400 and 'id="days-error"' in html and f'value="{bad}"' in html
            assert "公示期应为 1 至 30" in html.split('id="days-error"', 1)[1]
    application.refresh_from_db()
    assert application.status == Status.APPROVED


def test_the_form_is_prefilled_and_a_duplicate_is_refused_on_opening(users, publish_item, media, client_for):
    application, applicant, _, item = _approved(users, publish_item, "T-DUP")
    from django.test import Client

    client = Client()
    client.force_login(applicant)
    with clock.frozen_at(NOV):
        page = client.get(reverse("policies:apply", args=[item.pk]))
    html = page.content.decode()
    assert 'id="apply-blocked"' in html and application.number in html and 'type="file"' not in html
    # A fresh item reading a declarable fact the platform holds: the box comes filled in.
    fresh = publish_item("T-PREFILL", "employees >= 1 and rd_share >= 0")
    from yingshang.policies.forms import declarable_facts

    facts, _sources = services.enterprise_facts(applicant.enterprise, dt.date(2026, 11, 2))
    declarable = [f.key for f in declarable_facts(fresh.versions.get())]
    with clock.frozen_at(NOV):
        html = client.get(reverse("policies:apply", args=[fresh.pk])).content.decode()
    assert 'id="apply-form"' in html
    for key in declarable:
        if facts.get(key) is not None:
            assert f'name="fact_{key}" inputmode="decimal" value="{facts[key]}"' in html


def test_a_service_benefit_shows_its_nature_not_an_empty_amount(users, publish_item, media, client_for):
    application, applicant, _, item = _approved(users, publish_item, "T-SVC", amount={"kind": "none"}, benefit_kind="service")
    from django.test import Client

    client = Client()
    client.force_login(applicant)
    html = client.get(reverse("policies:application_detail", args=[application.pk])).content.decode()
    assert "— 万元" not in html and 'id="benefit-kind">服务<' in html


def test_the_most_decisive_question_comes_first():
    """A fact that splits the candidates (any answer changes verdicts) outranks one named more often whose
    answers change nothing."""

    class Version:
        def __init__(self, conditions):
            self.conditions, self.exclusions = conditions, None

    decisive = {"fact": "employees", "cmp": ">=", "value": 10}
    idle = {"op": "or", "args": [{"fact": "kind", "cmp": "==", "value": "enterprise"}, {"fact": "kind", "cmp": "!=", "value": "enterprise"}]}
    versions = [Version({"op": "and", "args": [idle, decisive]}), Version(idle), Version(idle)]
    questions = selectors.calculator_questions({"status": "active"}, versions)
    assert [q["fact"].key for q in questions][0] == "employees"
    assert questions[0]["gain"] > 0 and next(q for q in questions if q["fact"].key == "kind")["gain"] == 0
