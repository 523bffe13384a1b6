"""Plans, the public draw, 扫码入企, 首违不罚, publication within 20 working days, merge and triggers — on the
demo city (its 监管执法 step: catalogue, inspectors, two drawn plans, two records)."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from yingshang.core import clock, workcalendar
from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.registry import enterprise_fact_sources
from yingshang.supervision import draw as rule
from yingshang.supervision import selectors, services
from yingshang.supervision.models import CheckRecord, InspectionItem, InspectionTask, Inspector, MinorViolation, SamplingPlan
from yingshang.supervision.views import verify_plan

pytestmark = pytest.mark.django_db
T = InspectionTask.State


def _officer():
    return User.objects.get(username="handler_scj")


def _new_plan(**extra):
    unit = Unit.objects.get(name="市市场监督管理局")
    values = dict(actor=_officer(), unit=unit, title="测试抽查", items=InspectionItem.objects.filter(code__in=["SCJ-GS-01"]),
                  period_start=clock.today(), period_end=clock.today() + dt.timedelta(days=60), ratios="A=0,B=0.2,C=0.5,D=1",
                  seed_source="测试:公示后录入")
    values.update(extra)
    return services.plan_create(**values)


def _drawn_plan(seed="seed-x"):
    plan = _new_plan()
    for op, data in (("publish_frame", {}), ("enter_seed", {"seed": seed}), ("draw", {})):
        services.plan_act(actor=_officer(), plan=plan, operation=op, data=data)
    return plan


def test_frame_published_before_seed_and_draw_verifies():
    plan = _new_plan()
    with pytest.raises(ValidationError, match="不能执行"):  # no seed before the frame is public
        services.plan_act(actor=_officer(), plan=plan, operation="enter_seed", data={"seed": "x"})
    services.plan_act(actor=_officer(), plan=plan, operation="publish_frame")
    assert plan.frame_sha256 == rule.frame_sha256(plan.frame_csv) and plan.frame_size > 0
    assert all(cls != "A" for _c, cls in rule.read_frame(plan.frame_csv))  # class A: 触发式监管 only
    services.plan_act(actor=_officer(), plan=plan, operation="enter_seed", data={"seed": "2026-12-01 开奖号码 03 11 17"})
    services.plan_act(actor=_officer(), plan=plan, operation="draw")
    assert plan.state == SamplingPlan.State.DRAWN and plan.results.count() == plan.tasks.count() > 0
    assert verify_plan(plan) == "verified"
    expected = rule.draw(rule.read_frame(plan.frame_csv), plan.seed, services.plan_ratios(plan), rule.read_pool(plan.pool_csv))
    assert [r.credit_code for r in plan.results.order_by("position")] == [row[0] for row in expected]
    from yingshang.core.models import AuditEntry

    assert AuditEntry.objects.filter(action="supervision.samplingplan.enter_seed", object_id=str(plan.pk)).exists()


def test_drawn_inspectors_are_two_valid_of_the_department_and_never_the_last_pair():
    plan = _drawn_plan()
    today = clock.today()
    for task in plan.tasks.all()[:20]:
        inspectors = list(task.inspectors.all())
        assert len(inspectors) == 2
        assert all(i.unit_id == plan.unit_id and i.valid_until >= plan.period_end for i in inspectors)
    # the pair of the last recorded visit is recused at the next draw for the same enterprise
    done = InspectionTask.objects.filter(recorded_on__isnull=False, plan__unit=plan.unit).first()
    pool = services.pool_for(plan, [done.enterprise.credit_code])
    own = set(done.inspectors.filter(unit=plan.unit).values_list("certificate_no", flat=True))  # a joint visit also had the fire brigade's
    assert own and own <= pool.recused_for(done.enterprise.credit_code)
    assert today  # the demo city's records are dated today


def test_declared_conflict_recuses():
    plan = _new_plan()
    enterprise = Enterprise.objects.filter(industry__code="62").first() or Enterprise.objects.first()
    inspector = Inspector.objects.filter(unit=plan.unit).first()
    from yingshang.core.audit import audited_write

    with audited_write(None):
        inspector.conflicts.add(enterprise)
    assert inspector.certificate_no in services.pool_for(plan, [enterprise.credit_code]).recused_for(enterprise.credit_code)


def test_seed_entry_is_refused_when_blank_and_ratios_are_checked():
    plan = _new_plan()
    services.plan_act(actor=_officer(), plan=plan, operation="publish_frame")
    with pytest.raises(ValidationError):
        services.plan_act(actor=_officer(), plan=plan, operation="enter_seed", data={"seed": ""})
    with pytest.raises(ValidationError, match="0 与 1"):
        _new_plan(ratios="B=2")


def _open_task(plan=None):
    plan = plan or _drawn_plan()
    task = plan.tasks.filter(state=T.PLANNED).first()
    inspector = task.inspectors.first()
    user = inspector.user
    if user is None:
        from yingshang.core.audit import audited_write
        from yingshang.core.auditlog import record
        from yingshang.core.services import user_create

        user = user_create(actor=None, username=f"insp_{inspector.pk}", password="Yingshang@2026", role=User.Role.HANDLER, unit=inspector.unit)
        with audited_write(None):
            inspector.user = user
            inspector.save()
            record("supervision.inspector.update", inspector)
    return task, user


def test_no_record_without_the_task_code():
    task, user = _open_task()
    token = services.task_token(task)
    with pytest.raises(ValidationError, match="无码不检查"):
        services.start_inspection(actor=user, task=task, token=token[:-2] + "xx")  # tampered
    other = InspectionTask.objects.exclude(pk=task.pk).first()
    with pytest.raises(ValidationError, match="无码不检查"):
        services.start_inspection(actor=user, task=task, token=services.task_token(other))  # another task's code
    services.start_inspection(actor=user, task=task, token=token)
    task.refresh_from_db()
    results = {f"{i.code}:{n}": "pass" for i in task.items.all() for n in range(len(i.checklist))}
    with pytest.raises(ValidationError):
        services.record_check(actor=user, task=task, token="", results=results)
    assert not CheckRecord.objects.filter(task=task).exists()
    with pytest.raises(PermissionDenied):  # not one of the task's inspectors
        services.record_check(actor=_officer(), task=task, token=token, results=results)
    check = services.record_check(actor=user, task=task, token=token, results=results)
    assert check.outcome == CheckRecord.Outcome.PASSED and task.state == T.RECORDED


def test_minor_first_violation_gets_a_notice_and_the_second_does_not():
    plan = _drawn_plan("seed-minor")
    violation = MinorViolation.objects.get(code="SCJ-M01")
    outcomes = []
    enterprise = None
    for _round in range(2):
        task, user = _open_task(plan) if enterprise is None else _retask(plan, enterprise)
        enterprise = task.enterprise
        token = services.task_token(task)
        services.start_inspection(actor=user, task=task, token=token)
        task.refresh_from_db()
        results = {f"{i.code}:{n}": ("fail" if (i.code, n) == ("SCJ-GS-01", 0) else "pass") for i in task.items.all() for n in range(len(i.checklist))}
        check = services.record_check(actor=user, task=task, token=token, results=results, problems="执照未悬挂", minor_violation=violation)
        outcomes.append((check.outcome, check.first_violation, task.state, check.rectify_due_on))
    first, second = outcomes
    assert first[0] == CheckRecord.Outcome.NOTICE and first[1] and first[2] == T.RECTIFYING
    assert first[3] == workcalendar.add_workdays(clock.today(), violation.rectify_days)
    assert second[0] == CheckRecord.Outcome.PENALTY and not second[1]  # not exempt the second time


def _retask(plan, enterprise):
    task = services.trigger_task(actor=_officer(), enterprise=enterprise, unit=plan.unit, reason="复查发现同类问题",
                                 items=plan.items.all())
    inspector = task.inspectors.first()
    assert inspector is not None  # five inspectors, two recused from the last visit: two remain
    return _open_task_for(task) if inspector.user is None else (task, inspector.user)


def _open_task_for(task):
    inspector = task.inspectors.first()
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record
    from yingshang.core.services import user_create

    user = user_create(actor=None, username=f"insp_t{inspector.pk}", password="Yingshang@2026", role=User.Role.HANDLER, unit=inspector.unit)
    with audited_write(None):
        inspector.user = user
        inspector.save()
        record("supervision.inspector.update", inspector)
    return task, user


def test_publication_due_in_20_working_days_and_overdue_listed():
    task, user = _open_task()
    token = services.task_token(task)
    with clock.frozen_at(dt.datetime(2026, 9, 28, 10, tzinfo=dt.timezone.utc)):  # before the National Day holidays
        services.start_inspection(actor=user, task=task, token=token)
        task.refresh_from_db()
        results = {f"{i.code}:{n}": "pass" for i in task.items.all() for n in range(len(i.checklist))}
        services.record_check(actor=user, task=task, token=token, results=results)
    task.refresh_from_db()
    assert task.publish_due_on == workcalendar.add_workdays(dt.date(2026, 9, 28), 20)
    assert (task.publish_due_on - dt.date(2026, 9, 28)).days > 28  # holidays are not working days
    assert task in selectors.overdue_publication(today=task.publish_due_on + dt.timedelta(days=1))
    assert task not in selectors.overdue_publication(today=task.publish_due_on)
    services.task_act(actor=_officer(), task=task, operation="publish", data={"version": task.version})
    assert any(r["code"] == task.code for r in selectors.public_results())


def test_invalid_transition_refused():
    task, _user = _open_task()
    with pytest.raises(ValidationError, match="不能执行"):
        services.task_act(actor=_officer(), task=task, operation="follow_up", data={"reason": "x"})


def test_rating_only_by_the_enterprise_after_the_visit():
    task = InspectionTask.objects.filter(recorded_on__isnull=False, rating__isnull=True).first()
    with pytest.raises(PermissionDenied):
        services.rate_task(actor=_officer(), task=task, score=5)
    owner = User.objects.create(username="ent_rate", role=User.Role.ENTERPRISE, enterprise=task.enterprise)
    rating = services.rate_task(actor=owner, task=task, score=4, comment="规范")
    assert rating.score == 4
    with pytest.raises(ValidationError):
        services.rate_task(actor=owner, task=task, score=5)


def test_merge_makes_joint_tasks_and_reports_visits_saved():
    food = _drawn_plan("merge-seed")
    fire_unit = Unit.objects.get(name="大连市消防救援支队")
    fire = services.plan_create(actor=None, unit=fire_unit, title="消防", items=InspectionItem.objects.filter(code="XF-JC-01"),
                                period_start=food.period_start, period_end=food.period_end, ratios="B=0.5,C=1,D=1", seed_source="同一种子")
    for op, data in (("publish_frame", {}), ("enter_seed", {"seed": "merge-seed"}), ("draw", {})):
        services.plan_act(actor=None, plan=fire, operation=op, data=data)
    before = food.tasks.count() + fire.tasks.count()
    report = services.merge_plans(actor=_officer(), plans=[food, fire])
    assert report["separate_visits"] == before and report["visits_saved"] == report["joint_tasks"] > 0
    joint = InspectionTask.objects.filter(joint=True, merged_from__plan=food).distinct().first()
    assert joint.units.count() == 2 and joint.merged_from.count() == 2 and set(joint.merged_from.values_list("state", flat=True)) == {T.MERGED}
    with pytest.raises(ValidationError):
        services.merge_plans(actor=_officer(), plans=[food])


def test_triggered_task_for_class_a_and_fact_sources():
    keys = {s.key for s in enterprise_fact_sources()}
    assert {"supervision.checks_24m", "supervision.failed_checks_24m", "supervision.minor_first_violations_24m"} <= keys
    failed = CheckRecord.objects.exclude(outcome=CheckRecord.Outcome.PASSED).first()
    source = next(s for s in enterprise_fact_sources() if s.key == "supervision.failed_checks_24m")
    assert source.compute([failed.task.enterprise_id], clock.today() - dt.timedelta(days=730))[failed.task.enterprise_id] >= 1
    enterprise = Enterprise.objects.filter(credit_class="A").first()
    task = services.trigger_task(actor=_officer(), enterprise=enterprise, unit=_officer().unit, reason="收到预警")
    assert task.origin == InspectionTask.Origin.TRIGGERED and task.state == T.PLANNED
    with pytest.raises(ValidationError):
        services.trigger_task(actor=_officer(), enterprise=enterprise, unit=_officer().unit, reason=" ")


def test_complaints_from_an_appeals_fact_source_trigger_class_a():
    from yingshang.core.registry import register_enterprise_fact_source, unregister_enterprise_fact_source

    target = Enterprise.objects.filter(credit_class="A", status="active").order_by("pk").first()
    register_enterprise_fact_source("appeals.test_complaints", "测试投诉", lambda ids, since: {target.pk: 5.0})
    try:
        rows = selectors.trigger_candidates(_officer().unit)
    finally:
        unregister_enterprise_fact_source("appeals.test_complaints")
    row = next(r for r in rows if r["enterprise"].pk == target.pk)
    assert any("投诉 5 件" in reason for reason in row["reasons"])
    assert all(r["enterprise"].credit_class == "A" for r in rows)  # only class A is supervised by triggers


def test_a_second_random_visit_in_the_period_is_warned():
    plan = _drawn_plan("visits-seed")
    task = plan.tasks.first()
    assert selectors.visits_over_limit(task.enterprise_id) == [] or all(plan.unit.name not in w for w in selectors.visits_over_limit(task.enterprise_id))
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record

    with audited_write(None):
        extra = InspectionTask(code="TEST-EXTRA", plan=plan, enterprise=task.enterprise, lead_unit=plan.unit,
                               window_start=plan.period_start, window_end=plan.period_end)
        extra.save()
        record("supervision.inspectiontask.create", extra)
    assert any(plan.unit.name in w and "超过计划允许的 1 次" in w for w in selectors.visits_over_limit(task.enterprise_id))


def test_the_enterprise_hears_of_the_notice_and_the_result():
    from yingshang.core.models import Notification

    task, user = _open_task()
    owner = User.objects.create(username="ent_inbox", role=User.Role.ENTERPRISE, enterprise=task.enterprise)
    services.task_act(actor=_officer(), task=task, operation="notify", data={"version": task.version})
    token = services.task_token(task)
    services.start_inspection(actor=user, task=task, token=token)
    task.refresh_from_db()
    services.record_check(actor=user, task=task, token=token,
                          results={f"{i.code}:{n}": "pass" for i in task.items.all() for n in range(len(i.checklist))})
    titles = list(Notification.objects.filter(recipient=owner).values_list("title", flat=True))
    assert any("实施检查" in t for t in titles) and any("请对本次检查进行评价" in t for t in titles)
