"""Fixtures of the appeals tests: a small published taxonomy with routing rules, and a maker of appeals
in any state (built directly, so that each test starts where it needs to)."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import Division, Unit

TEST_PATHS = [
    "城乡建设/物业管理/电梯故障",
    "城乡建设/物业管理/物业收费",
    "营商环境/拖欠账款/政府部门拖欠",
    "环境保护/噪声污染/施工噪声",
    "市场监管/食品安全/过期食品",
]
# A fixed Wednesday morning: tests do not depend on the day they run.
NOW = dt.datetime(2026, 11, 18, 10, 0)


@pytest.fixture
def frozen_now():
    from django.utils import timezone

    moment = timezone.make_aware(NOW)
    with clock.frozen_at(moment):
        yield moment


@pytest.fixture
def hub(db, users, frozen_now):
    from yingshang.appeals import services
    from yingshang.appeals.models import Label

    version = services.taxonomy_install(actor=None, paths=TEST_PATHS, note="测试标签")
    labels = {label.path: label for label in Label.objects.filter(taxonomy=version)}
    units = {
        "zjj": Unit.objects.get(name="市住房和城乡建设局"), "scj": Unit.objects.get(name="市市场监督管理局"),
        "sthj": Unit.objects.get(name="市生态环境局"), "gjz_czj": Unit.objects.get(name="甘井子区财政局"),
        "czj": Unit.objects.get(name="市财政局"), "hotline": Unit.objects.filter(kind=Unit.Kind.HOTLINE).first(),
    }
    gjz = Division.objects.get(code="210211")
    zs = Division.objects.get(code="210202")
    services.routing_rule_save(actor=None, label_prefix="城乡建设", unit=units["zjj"])
    services.routing_rule_save(actor=None, label_prefix="营商环境/拖欠账款", unit=units["czj"])
    services.routing_rule_save(actor=None, label_prefix="营商环境/拖欠账款", unit=units["gjz_czj"], district=gjz)
    services.routing_rule_save(actor=None, label_prefix="环境保护", unit=units["sthj"])
    services.routing_rule_save(actor=None, label_prefix="市场监管", unit=units["scj"])
    return SimpleNamespace(version=version, labels=labels, units=units, gjz=gjz, zs=zs, now=frozen_now)


@pytest.fixture
def make_appeal(hub):
    """Build an appeal directly in ``state`` (with the fields that state implies)."""
    from yingshang.appeals.models import Appeal
    from yingshang.appeals.services.validation import unused_tracking_numbers
    from yingshang.appeals.workflow import State

    def unused_tracking_no(now):
        # The number is random (date + six digits) and the test city already holds thousands of appeals: one the
        # database does not hold yet, so a test never fails on a one-in-a-thousand draw.
        return unused_tracking_numbers([now])[0]

    def make(state=State.RECEIVED, *, label="城乡建设/物业管理/电梯故障", unit="zjj", district=None, **fields):
        now = clock.now()
        at_unit = state not in (State.RECEIVED,)
        values = dict(
            tracking_no=unused_tracking_no(now), channel="hotline", appeal_type="complaint", content="小区电梯经常故障,物业不及时维修",
            district=district or hub.zs, person_name="李四", person_phone="13912345678", label=hub.labels[label] if label else None,
            state=state, unit=hub.units[unit] if (unit and at_unit) else None, accepted_at=now - dt.timedelta(days=1),
            dispatch_due=None if at_unit else now + dt.timedelta(hours=1), completion_due=now + dt.timedelta(days=5),
            feedback_due=now + dt.timedelta(days=1) if at_unit else None, dispatched_at=now - dt.timedelta(hours=20) if at_unit else None,
        )
        if state in (State.CALLED_BACK, State.VERIFIED, State.ARCHIVED):
            values.update(rating=5, callback_count=1)
        if state in (State.COMPLETED, State.CALLED_BACK, State.VERIFIED, State.ARCHIVED):
            values.update(completed_at=now - dt.timedelta(hours=2), reply="已处理")
        values.update(fields)
        with audited_write(None):
            appeal = Appeal(**values)
            appeal.save()
            record("test.appeal", appeal, after=appeal.audit_snapshot())
        return appeal

    return make
