"""The kernel's one credit check and the enterprise fact sources apps register (core/registry.py)."""

import datetime as dt

import pytest

from yingshang.core import registry
from yingshang.core.models import Enterprise

pytestmark = pytest.mark.django_db


@pytest.fixture
def no_provider():
    saved = list(registry._CREDIT_PROVIDER)
    registry.register_credit_provider(None)
    yield
    registry._CREDIT_PROVIDER[:] = saved


def test_without_a_provider_the_registry_class_answers_and_nobody_is_blacklisted(no_provider):
    enterprise = Enterprise.objects.exclude(credit_class="").order_by("pk").first()
    standing = registry.credit_check(enterprise.pk)
    assert (standing.risk_class, standing.blacklisted, standing.score) == (enterprise.credit_class, False, None)
    assert registry.credit_standing([10**9])[10**9].risk_class == ""


def test_the_registered_provider_answers_every_asked_enterprise(no_provider):
    asked = []

    def provider(ids):
        asked.extend(ids)
        return {ids[0]: registry.CreditStanding(ids[0], "D", 310.0, True, ("列入失信联合惩戒名单",))}

    registry.register_credit_provider(provider)
    result = registry.credit_standing([5, 6, 5])
    assert asked == [5, 6]  # duplicates asked once
    assert result[5].blacklisted and result[5].reasons == ("列入失信联合惩戒名单",)
    assert result[6] == registry.CreditStanding(6, "")


def test_fact_sources_are_namespaced_and_listed():
    with pytest.raises(ValueError):
        registry.register_enterprise_fact_source("complaints", "x", lambda ids, since: {})
    source = registry.register_enterprise_fact_source("tests.one", "一", lambda ids, since: {i: 1.0 for i in ids})
    try:
        assert source in registry.enterprise_fact_sources()
        assert source.compute([3], dt.date(2026, 1, 1)) == {3: 1.0}
    finally:
        registry.unregister_enterprise_fact_source("tests.one")
    assert source not in registry.enterprise_fact_sources()
