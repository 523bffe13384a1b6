"""Services: versioning by effective date, amendments, matching, 免申即享, the application workflow,
bad input (clear Chinese errors, nothing half-saved)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingshang.core import clock
from yingshang.core.auditlog import verify_chain
from yingshang.core.models import AuditEntry, Enterprise, Notification
from yingshang.core.services import enterprise_update
from yingshang.policies import matching, matchstore, services
from yingshang.policies.models import (
    ApplicationEvent, EnterpriseFact, ItemVersion, MatchRun, MatchSet, PolicyApplication, PolicyItem,
)

from .conftest import pdf

pytestmark = pytest.mark.django_db
Status = PolicyApplication.Status
NOV = dt.datetime(2026, 11, 2, 9, 0)  # a Monday


def _verdict(item, enterprise):
    """The stored verdict of ``item`` for ``enterprise`` (None: not eligible and not a near miss)."""
    for (item_id, verdict), verdict_set in matchstore.load([item.pk]).items():
        if verdict_set.find(enterprise.pk) is not None:
            return verdict
    return None


def _enterprise_with_employees(low):
    return Enterprise.objects.filter(kind="enterprise", employees__gte=low, status="active").order_by("id").first()


def test_demo_city_has_the_seed_items_matches_and_every_state(users):
    assert PolicyItem.objects.filter(status="published").count() >= 14
    assert set(PolicyApplication.objects.values_list("status", flat=True)) == set(Status.values)
    assert MatchSet.objects.filter(verdict=MatchSet.ELIGIBLE, size__gt=0).exists() and MatchSet.objects.filter(verdict=MatchSet.NEAR_MISS, size__gt=0).exists()
    demo = users["enterprise"]
    assert Notification.objects.filter(recipient=demo, category="policy_match").exists()
    assert verify_chain().ok


def test_application_is_judged_by_the_version_in_force_at_its_date(users, publish_item, media):
    enterprise = Enterprise.objects.filter(kind="enterprise", employees__gte=20, employees__lt=50, status="active").order_by("id").first()
    item = publish_item("T-VER", "employees >= 10", effective=dt.date(2026, 1, 1))
    officer = users["handler_scj"]
    with clock.frozen_at(NOV):
        draft = services.draft_version(actor=officer, item=item)
        services.version_update(actor=officer, version=draft, expected_version=draft.version, effective_from=dt.date(2026, 12, 1),
                                conditions_text="employees >= 50", change_note="提高门槛")
        draft.refresh_from_db()
        amendment = services.version_publish(actor=officer, version=draft)
    assert enterprise.pk in amendment.lost and amendment.lost_count >= 1 and amendment.gained_count == 0
    assert matching.version_in_force(item, dt.date(2026, 11, 30)).number == 1
    assert matching.version_in_force(item, dt.date(2026, 12, 1)).number == 2
    applicant = _user_for(users, enterprise)
    with clock.frozen_at(dt.datetime(2026, 11, 20, 10)):
        application = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
    assert application.item_version.number == 1
    with clock.frozen_at(dt.datetime(2026, 12, 2, 10)):
        services.application_withdraw(actor=applicant, application=application)
        with pytest.raises(ValidationError) as error:
            services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
    assert "不符合申报条件" in error.value.messages[0] and "从业人数≥50 人" in error.value.messages[0]


def _user_for(users, enterprise):
    """A stand-in enterprise user for ``enterprise`` (the demo has one enterprise user)."""
    from yingshang.core.models import User

    user, _ = User.objects.get_or_create(username=f"e{enterprise.pk}", defaults={"role": User.Role.ENTERPRISE, "enterprise": enterprise})
    return user


def test_bad_rules_and_amounts_are_refused_and_nothing_is_half_saved(users, publish_item):
    item = publish_item("T-BAD", "employees >= 10")
    officer = users["handler_scj"]
    with clock.frozen_at(NOV):
        draft = services.draft_version(actor=officer, item=item)
        before = ItemVersion.objects.get(pk=draft.pk).conditions_text
        with pytest.raises(ValidationError) as error:
            services.version_update(actor=officer, version=draft, expected_version=draft.version, conditions_text="employes >= 10",
                                    amount_rule={"kind": "tiers", "measure": "employees", "tiers": [
                                        {"min": 0, "max": 20, "amount": 1}, {"min": 10, "max": None, "amount": 2}]})
    messages = error.value.message_dict
    assert "未知的事实“employes”" in messages["conditions_text"][0]
    assert "分档区间重叠" in messages["amount_rule"][0]
    assert ItemVersion.objects.get(pk=draft.pk).conditions_text == before
    with pytest.raises(ValidationError):
        services.item_create(actor=officer, document=item.document, code="T-BAD2", title="坏规则", unit=officer.unit,
                             benefit_kind="grant", conditions_text="employees in [1]", amount_rule={"kind": "none"})
    assert not PolicyItem.objects.filter(code="T-BAD2").exists()


def test_window_double_grant_and_uploads_are_checked_before_anything_is_written(users, publish_item, media):
    enterprise = _enterprise_with_employees(5)
    applicant = _user_for(users, enterprise)
    windowed = publish_item("T-WIN", "employees >= 1", window_start=dt.date(2026, 3, 1), window_end=dt.date(2026, 6, 30))
    with clock.frozen_at(NOV), pytest.raises(ValidationError) as error:
        services.application_submit(actor=applicant, enterprise=enterprise, item=windowed, uploads={"申请表": pdf()})
    assert "不在申报期内" in error.value.messages[0]
    item = publish_item("T-UP", "employees >= 1")
    cases = [
        ({"申请表": pdf("申请表.exe")}, "文件类型不支持,请上传 PDF"),
        ({"申请表": pdf("申请表.pdf", b"MZ\x90\x00 not a pdf")}, "与扩展名 .pdf 不符"),
        ({"申请表": pdf("申请表.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024 + 1))}, "超过 10 MB 的上限"),
        ({}, "缺少必需材料:申请表"),
    ]
    for uploads, message in cases:
        with clock.frozen_at(NOV), pytest.raises(ValidationError) as error:
            services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads=uploads)
        assert message in ";".join(error.value.messages)
    assert not PolicyApplication.objects.filter(item=item).exists()
    with clock.frozen_at(NOV):
        first = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        with pytest.raises(ValidationError) as error:
            services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
    assert first.number in error.value.messages[0] and "不得重复享受" in error.value.messages[0]


def test_the_whole_workflow_with_time_limits_two_levels_publicity_and_receipt(users, publish_item, media):
    enterprise = _enterprise_with_employees(5)
    applicant, officer = _user_for(users, enterprise), users["handler_scj"]
    item = publish_item("T-FLOW", "employees >= 1", amount={"kind": "fixed", "amount": 30}, review_levels=2,
                        step_limits={"accept": 2, "review": 5, "publicity": 5, "disburse": 10})
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
    assert application.status == Status.SUBMITTED and application.step_due_on == dt.date(2026, 11, 4)
    assert application.materials.filter(source="registry").get().value["统一社会信用代码"] == enterprise.credit_code
    with clock.frozen_at(dt.datetime(2026, 11, 6, 9)):  # late: two working days were allowed
        assert services.overdue_remind() >= 1
        services.application_accept(actor=officer, application=application)
    assert ApplicationEvent.objects.get(application=application, action="accept").overdue
    with clock.frozen_at(dt.datetime(2026, 11, 9, 9)):
        with pytest.raises(ValidationError) as error:
            services.application_return(actor=officer, application=application, reason=" ")
        assert "“退回补正”须填写理由或说明" in error.value.messages[0]
        services.application_approve(actor=officer, application=application)
        assert application.status == Status.REVIEWING and application.review_level == 2
        with pytest.raises(ValidationError) as error:
            services.application_approve(actor=officer, application=application, amount="40")
        assert "超过按政策测算的上限" in error.value.messages[0]
        services.application_approve(actor=officer, application=application, amount="25")
        assert application.status == Status.APPROVED and application.amount_approved == 25
        publicity = services.publicity_publish(actor=officer, item=item, applications=[application])
    assert publicity.ends_on == dt.date(2026, 11, 16)
    with clock.frozen_at(dt.datetime(2026, 11, 16, 9)), pytest.raises(ValidationError) as error:
        services.application_disburse(actor=officer, application=application, voucher_no="CZ1")
    assert "公示期满后方可兑现" in error.value.messages[0]
    with clock.frozen_at(dt.datetime(2026, 11, 17, 9)):
        with pytest.raises(ValidationError):
            services.application_disburse(actor=officer, application=application)  # money needs a voucher
        services.application_disburse(actor=officer, application=application, voucher_no="CZ20261117001")
        services.application_confirm_receipt(actor=applicant, application=application, satisfaction=5, feedback="很快")
    application.refresh_from_db()
    assert application.status == Status.CONFIRMED and application.disbursed_amount == 25
    actions = list(application.events.values_list("action", flat=True))
    assert actions == ["submit", "accept", "approve", "approve", "publicize", "disburse", "confirm_receipt"]
    audited = set(AuditEntry.objects.filter(object_type="policies.PolicyApplication", object_id=str(application.pk)).values_list("action", flat=True))
    assert {"policies.application.submit", "policies.application.disburse", "policies.application.confirm_receipt"} <= audited
    with clock.frozen_at(dt.datetime(2026, 11, 18, 9)), pytest.raises(ValidationError) as error:
        services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
    assert "不得重复享受" in error.value.messages[0]


def test_return_and_resubmit_and_concurrent_edits(users, publish_item, media):
    enterprise = _enterprise_with_employees(5)
    applicant, officer = _user_for(users, enterprise), users["handler_scj"]
    item = publish_item("T-RET", "employees >= 1")
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=applicant, enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        stale = application.version
        services.application_return(actor=officer, application=application, reason="申请表未盖章")
        assert application.status == Status.RETURNED and application.step == "resubmit"
        services.application_resubmit(actor=applicant, application=application, uploads={"申请表": pdf("盖章版.pdf")})
        assert application.status == Status.SUBMITTED
        with pytest.raises(ValidationError) as error:
            services.application_accept(actor=officer, application=PolicyApplication.objects.get(pk=application.pk), expected_version=stale)
    assert "已被他人修改" in error.value.messages[0]


def test_another_units_officer_cannot_act(users, publish_item, media):
    enterprise = _enterprise_with_employees(5)
    item = publish_item("T-UNIT", "employees >= 1")
    with clock.frozen_at(NOV):
        application = services.application_submit(actor=_user_for(users, enterprise), enterprise=enterprise, item=item, uploads={"申请表": pdf()})
        with pytest.raises(PermissionDenied):
            services.application_accept(actor=users["handler_zjj"], application=application)
        with pytest.raises(PermissionDenied):
            services.application_submit(actor=users["enterprise"], enterprise=enterprise, item=item, uploads={"申请表": pdf()})


def test_exempt_items_grant_on_authoritative_data_and_invite_on_declarations(users, publish_item):
    item = publish_item("T-EXEMPT", 'rd_share >= 3', exempt_application=True, benefit_kind="service", amount={"kind": "none"})
    listed = {a.enterprise_id: a for a in PolicyApplication.objects.filter(item=item)}
    facts = {f.enterprise_id: f for f in EnterpriseFact.objects.filter(key="rd_share", number__gte=3)}
    assert listed and set(listed) == set(facts)
    for enterprise_id, application in listed.items():
        authoritative = facts[enterprise_id].source == "tax"
        assert application.channel == ("auto" if authoritative else "quick")
        assert application.status == (Status.LISTED if authoritative else Status.INVITED)
    assert {"auto", "quick"} <= {a.channel for a in listed.values()}
    auto = next(a for a in listed.values() if a.channel == "auto")
    with clock.frozen_at(NOV):
        services.application_approve(actor=users["handler_scj"], application=auto)
    assert auto.status == Status.APPROVED


def test_incremental_rematch_reevaluates_only_items_reading_the_changed_field(users, publish_item, django_capture_on_commit_callbacks):
    employees_item = publish_item("T-INC-E", "employees >= 100000")
    credit_item = publish_item("T-INC-C", 'credit_class in ["A", "B", "C", "D"]')
    enterprise = _enterprise_with_employees(5)
    assert _verdict(employees_item, enterprise) is None
    assert _verdict(credit_item, enterprise) is not None
    credit_stamp = MatchSet.objects.filter(item=credit_item).values_list("computed_at", flat=True).first()
    runs = MatchRun.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version, employees=150000)
    assert MatchRun.objects.count() == runs + 1 and MatchRun.objects.first().kind == "incremental"
    assert _verdict(employees_item, enterprise) == MatchSet.ELIGIBLE
    assert MatchSet.objects.filter(item=credit_item).values_list("computed_at", flat=True).first() == credit_stamp  # untouched


def test_near_miss_records_the_failing_condition_and_the_gap(users, publish_item):
    enterprise = Enterprise.objects.filter(kind="enterprise", employees__gte=8, employees__lt=40, status="active", credit_class__in=["A", "B"]).order_by("id").first()
    item = publish_item("T-NEAR", f'credit_class in ["A", "B"] and employees >= {enterprise.employees + 3}')
    assert _verdict(item, enterprise) == MatchSet.NEAR_MISS
    near = matchstore.load_one(item.pk, MatchSet.NEAR_MISS)
    index = near.find(enterprise.pk)
    assert matchstore.FACT_KEYS[near.columns["fact"][index]] == "employees" and near.columns["gap"][index] == 3
    assert near.columns["observed"][index] == enterprise.employees


def test_full_match_command_and_sandbox(users):
    from django.core.management import call_command

    call_command("policies", "match", "--no-notify")
    run = MatchRun.objects.first()
    assert run.kind == "full" and run.enterprises == Enterprise.objects.count() and run.items >= 14
    result = matching.sandbox({"fact": "size_class", "cmp": "in", "value": ["small", "micro"]}, None, {"kind": "fixed", "amount": 2})
    small = Enterprise.objects.filter(size_class__in=["small", "micro"]).count()
    assert result["eligible"] == small and result["budget"] == 2 * small
    assert sum(r["eligible"] for r in result["by_district"]) == small


def test_an_enterprise_cannot_declare_away_authoritative_data(users):
    demo = users["enterprise"]
    enterprise = demo.enterprise
    with pytest.raises(ValidationError) as error:
        services.enterprise_fact_set(actor=demo, enterprise=enterprise, key="blacklisted", value=False, source="credit")
    # The 失信 list is no policy fact to record at all: it is read through the one credit check (core.registry).
    assert "不是可补充的企业事实" in error.value.messages[0]
    with pytest.raises(ValidationError) as error:  # the demo's R&D share comes from the tax bureau
        services.enterprise_fact_set(actor=demo, enterprise=enterprise, key="rd_share", value=9, source="tax")
    assert "已有税务数据" in error.value.messages[0]
    declared = services.enterprise_fact_set(actor=demo, enterprise=enterprise, key="fleet_capacity", value=12, source="tax")
    assert declared.source == "self_declared"
    with pytest.raises(PermissionDenied):
        services.enterprise_fact_set(actor=demo, enterprise=Enterprise.objects.exclude(pk=enterprise.pk).first(), key="fleet_capacity",
                                     value=1, source="self_declared")
