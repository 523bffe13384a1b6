"""core.scope: one rule for every model, one subtree test in the code base."""

import re
from pathlib import Path

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.http import Http404

from yingshang.core.models import AuditEntry, Division, Enterprise, Unit
from yingshang.core.scope import can_see, in_subtree, registered_models, subtree_q, visible, visible_or_404

pytestmark = pytest.mark.django_db


def _appeal(**fields):
    from yingshang.appeals.models import Appeal
    from yingshang.core import clock
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record

    _appeal.counter = getattr(_appeal, "counter", 0) + 1
    values = dict(tracking_no=f"T{_appeal.counter:09d}", channel="hotline", appeal_type="complaint", content="测试",
                  person_name="张三", person_phone="13900000000", state="received", accepted_at=clock.now())
    values.update(fields)
    with audited_write(None):
        appeal = Appeal(**values)
        appeal.save()
        record("test.appeal", appeal, after=appeal.audit_snapshot())
    return appeal


def test_the_one_rule_for_appeals(users):
    gjz = Division.objects.get(code="210211")
    other = Division.objects.filter(level=Division.Level.DISTRICT).exclude(pk=gjz.pk).first()
    city_dept = users["handler_zjj"].unit
    gjz_dept = users["handler_gjz_czj"].unit
    in_gjz_by_city = _appeal(district=gjz, unit=city_dept)
    in_gjz_by_district = _appeal(district=gjz, unit=gjz_dept)
    elsewhere = _appeal(district=other, unit=city_dept)
    mine = _appeal(district=other, submitted_by=users["citizen"])
    own_enterprise = _appeal(district=other, enterprise=users["enterprise"].enterprise)

    def seen(name):
        from yingshang.appeals.models import Appeal

        probe = [in_gjz_by_city, in_gjz_by_district, elsewhere, mine, own_enterprise]
        user = users[name] if name else AnonymousUser()
        return set(visible(user, Appeal.objects.filter(pk__in=[a.pk for a in probe])))

    assert seen("leader") == {in_gjz_by_city, in_gjz_by_district, elsewhere, mine, own_enterprise}
    assert seen("handler_zjj") == {in_gjz_by_city, elsewhere}  # its unit's, wherever they are
    assert seen("handler_gjz_czj") == {in_gjz_by_district}  # a handler: no district-wide view
    assert seen("coordinator_gjz") == {in_gjz_by_city, in_gjz_by_district}  # subtree and district
    assert seen("citizen") == {mine}
    assert seen("enterprise") == {own_enterprise}
    assert seen(None) == set()
    assert can_see(users["coordinator_gjz"], in_gjz_by_city) and not can_see(users["coordinator_gjz"], elsewhere)
    with pytest.raises(Http404):
        visible_or_404(users["handler_gjz_czj"], in_gjz_by_city.__class__.objects.all(), tracking_no=in_gjz_by_city.tracking_no)


def test_registry_is_district_for_district_staff_and_city_for_city_staff(users):
    assert visible(users["handler_scj"], Enterprise.objects.all()).count() == Enterprise.objects.count()
    district = visible(users["handler_gjz_czj"], Enterprise.objects.all())
    assert district.count() == Enterprise.objects.filter(district__code__startswith="210211").count() > 0
    assert list(visible(users["enterprise"], Enterprise.objects.all())) == [users["enterprise"].enterprise]


def test_an_undeclared_model_is_an_error_not_a_leak(users):
    with pytest.raises(ImproperlyConfigured, match="AuditEntry"):
        visible(users["handler_scj"], AuditEntry.objects.all())
    assert AuditEntry not in registered_models()


def test_subtree_helpers_agree(users):
    top = users["coordinator_gjz"].unit
    below = Unit.objects.filter(subtree_q(top)).exclude(pk=top.pk).first()
    assert below is not None and in_subtree(below, top) and not in_subtree(top, below)
    assert not in_subtree(None, top) and not in_subtree(below, None)


def test_the_prefix_test_is_written_once():
    """No app writes its own tree_path prefix test: they call core.scope."""
    root = Path(__file__).resolve().parents[1] / "yingshang"
    offenders = []
    for path in root.rglob("*.py"):
        if "migrations" in path.parts or "tests" in path.parts or path.name == "scope.py":
            continue
        text = path.read_text(encoding="utf-8")
        if re.search(r"tree_path__startswith|tree_path\.startswith|tree_path or \"\"\)\.startswith", text):
            offenders.append(str(path.relative_to(root)))
    assert offenders == []
