import numpy as np
import pytest
from django.db.models import Count

from yingshang.core.creditcode import is_valid_credit_code
from yingshang.core.demo import DEMO_USERS, _enterprise_chunk
from yingshang.core.models import Division, Enterprise, Unit, User

pytestmark = pytest.mark.django_db


def test_city_has_real_divisions_units_and_every_role():
    assert Division.objects.filter(level=2, is_pilot_zone=False).count() == 10
    assert Division.objects.filter(level=3).count() > 100 and Division.objects.filter(level=4).count() > 1000
    assert set(User.objects.values_list("role", flat=True)) == set(User.Role.values)
    assert Unit.objects.filter(kind="hotline").exists() and Unit.objects.filter(kind="utility").count() >= 2
    usernames = set(User.objects.values_list("username", flat=True))
    assert {user[0] for user in DEMO_USERS} <= usernames
    # Beyond the listed accounts: the demo enterprise and citizen, a handler for each unit routing names, the
    # district halls' window clerks.
    others = User.objects.exclude(username__in=[user[0] for user in DEMO_USERS])
    assert set(others.values_list("role", flat=True)) <= {User.Role.HANDLER, User.Role.ENTERPRISE, User.Role.CITIZEN, User.Role.WINDOW_CLERK}


def test_enterprises_are_valid_and_realistic():
    codes = list(Enterprise.objects.values_list("credit_code", flat=True))
    assert all(is_valid_credit_code(c) for c in codes)
    sizes = dict(Enterprise.objects.values_list("size_class").annotate(n=Count("id")))
    assert sizes.get("micro", 0) > sizes.get("medium", 0) + sizes.get("large", 0)  # most firms are micro
    districts = dict(Enterprise.objects.values_list("district__code").annotate(n=Count("id")))
    assert districts.get("210211", 0) > districts.get("210224", 0)  # 甘井子 outnumbers 长海县


def _chunk(seed):
    from yingshang.core.models import Industry

    by_section = {}
    for code, parent in Industry.objects.filter(level=2).values_list("code", "parent_id"):
        by_section.setdefault(parent, []).append(code)
    districts = {d.code: d for d in Division.objects.filter(level=2, is_pilot_zone=False)}
    codes = np.array(sorted(districts))
    return _enterprise_chunk(50, np.random.default_rng(seed), by_section, districts, {}, codes, np.full(len(codes), 1 / len(codes)), ["high_tech"])


def test_same_seed_same_city():
    first, _ = _chunk(5)
    again, _ = _chunk(5)
    other, _ = _chunk(6)
    assert [e.credit_code for e in first] == [e.credit_code for e in again]
    assert [e.name for e in first] == [e.name for e in again]
    assert [e.credit_code for e in first] != [e.credit_code for e in other]
