"""The stored match sets: encoding, incremental merges, first-seen days, stale items, the near-miss list."""

import datetime as dt

import numpy as np
import pytest
from django.urls import reverse
from hypothesis import given, settings
from hypothesis import strategies as st

from yingshang.core import clock
from yingshang.core.models import Enterprise
from yingshang.core.scope import user_scope
from yingshang.core.services import enterprise_update
from yingshang.policies import matching, matchstore, selectors, services
from yingshang.policies.models import MatchSet

ELIGIBLE, NEAR_MISS = MatchSet.ELIGIBLE, MatchSet.NEAR_MISS


@settings(max_examples=60, deadline=None)
@given(st.lists(st.integers(min_value=1, max_value=2**40), unique=True, max_size=300), st.data())
def test_pack_and_unpack_give_back_every_column(ids, data):
    n = len(ids)
    amounts = data.draw(st.lists(st.one_of(st.none(), st.floats(0, 1e6, allow_nan=False)), min_size=n, max_size=n))
    masks = data.draw(st.lists(st.integers(0, 2**62), min_size=n, max_size=n))
    built = matchstore.build(7, 9, MatchSet.UNDETERMINED, enterprise=ids, unknown_mask=masks, ceiling=[a is None for a in amounts],
                             amount=[np.nan if a is None else a for a in amounts])
    back = matchstore.unpack(7, 9, MatchSet.UNDETERMINED, *matchstore.pack(built))
    order = np.argsort(ids, kind="stable")
    assert back.enterprises.tolist() == sorted(ids)
    assert back.columns["unknown_mask"].tolist() == np.asarray(masks, dtype=np.int64)[order].tolist()
    np.testing.assert_array_equal(back.columns["amount"], built.columns["amount"])
    for enterprise_id in ids[:5]:
        assert back.enterprises[back.find(enterprise_id)] == enterprise_id
    assert back.find(2**41) is None


def test_a_damaged_set_is_reported_not_misread():
    with pytest.raises(matchstore.CorruptMatchSet, match="cannot be read"):
        matchstore.unpack(1, 1, ELIGIBLE, b"\x09not ids")
    members, _ = matchstore.pack(matchstore.empty(1, 1, ELIGIBLE))
    with pytest.raises(matchstore.CorruptMatchSet, match="cannot be read"):
        matchstore.unpack(1, 1, ELIGIBLE, members, b"\x05\x00\x00\x00{bad")
    assert len(matchstore.unpack(1, 1, ELIGIBLE, members)) == 0


def test_build_refuses_missing_columns_and_repeated_enterprises():
    with pytest.raises(ValueError, match="expected"):
        matchstore.build(1, 1, ELIGIBLE, enterprise=[1], amount=[1.0], ceiling=[False])
    with pytest.raises(ValueError, match="twice"):
        matchstore.build(1, 1, ELIGIBLE, enterprise=[3, 3], amount=[1.0, 1.0], ceiling=[False, False], first_seen=[1, 1])


def test_merge_replaces_only_the_enterprises_in_scope():
    old = matchstore.build(1, 1, ELIGIBLE, enterprise=[2, 4, 6, 8], amount=[1, 2, 3, 4], ceiling=[False] * 4, first_seen=[10] * 4)
    fresh = matchstore.build(1, 2, ELIGIBLE, enterprise=[5, 6], amount=[50, 60], ceiling=[False, True], first_seen=[20, 20])
    merged = matchstore.merge(old, np.array([4, 5, 6]), fresh)  # 4 left the set, 5 joined, 6 was re-evaluated
    assert merged.enterprises.tolist() == [2, 5, 6, 8]
    assert merged.columns["amount"].tolist() == [1, 50, 60, 4] and merged.columns["ceiling"].tolist() == [False, False, True, False]
    assert merged.version_id == 2


@pytest.mark.django_db
def test_first_seen_survives_later_runs_and_only_new_pairs_are_reported(users, publish_item):
    item = publish_item("T-FIRST", "employees >= 20")
    eligible = matchstore.load_one(item.pk, ELIGIBLE)
    assert len(eligible) == Enterprise.objects.filter(employees__gte=20).count() > 0
    first_day = int(eligible.columns["first_seen"][0])
    later = clock.today() + dt.timedelta(days=30)
    report = matching.run(as_of=later, item_ids=[item.pk])
    again = matchstore.load_one(item.pk, ELIGIBLE)
    assert again.enterprises.tolist() == eligible.enterprises.tolist()
    assert set(again.columns["first_seen"].tolist()) == {first_day}  # not reset to the later day
    assert report.newly_eligible == []
    newcomer = Enterprise.objects.filter(kind="enterprise", employees__lt=20, status="active").order_by("id").first()
    enterprise_update(actor=users["admin"], enterprise=newcomer, expected_version=newcomer.version, employees=25)
    report = matching.run(as_of=later, item_ids=[item.pk])
    assert [(i, ids.tolist()) for i, ids in report.newly_eligible] == [(item.pk, [newcomer.pk])]
    assert services._eligible_since(item, newcomer) == later
    assert services._eligible_since(item, Enterprise.objects.get(pk=eligible.enterprises[0])) == dt.date.fromordinal(first_day)


@pytest.mark.django_db
def test_items_no_longer_in_force_lose_their_sets(users, publish_item):
    expiring = publish_item("T-EXP", "employees >= 5", valid_to=dt.date(2026, 12, 31))
    withdrawn = publish_item("T-WDR", "employees >= 5")
    assert MatchSet.objects.filter(item__in=[expiring, withdrawn]).count() == 6
    services.item_withdraw(actor=users["handler_scj"], item=withdrawn, reason="政策到期")
    assert not MatchSet.objects.filter(item=withdrawn).exists()
    services.match_all(notify=False, as_of=dt.date(2027, 1, 4))  # a full run after the expiry
    assert not MatchSet.objects.filter(item=expiring).exists()
    assert MatchSet.objects.filter(item__code="DL24-05").exists()


@pytest.mark.django_db
def test_near_miss_page_lists_one_item_closest_first_within_scope(users, publish_item, client_for):
    item = publish_item("T-NEARLIST", 'credit_class in ["A", "B"] and employees >= 30')
    results = selectors.near_misses(users["handler_scj"], item=str(item.pk))
    assert len(results) > 1 and results.item == item
    rows = results[0:len(results)]
    gaps = [r.gap for r in rows]
    assert gaps == sorted(gaps) and all(r.fact == "employees" and r.observed + r.gap == 30 for r in rows)
    # a district coordinator sees only the enterprises of the district
    coordinator = users["coordinator_gjz"]
    district_code = user_scope(coordinator).district_code
    scoped = selectors.near_misses(coordinator, item=str(item.pk))
    assert district_code and 0 < len(scoped) < len(results)
    assert all(r.enterprise.district.code.startswith(district_code) for r in scoped[0:len(scoped)])
    page = client_for("handler_scj").get(reverse("policies:near_miss"), {"item": item.pk, "fact": "employees"}).content.decode()
    assert rows[0].enterprise.name in page and "差 " in page
    assert client_for("handler_scj").get(reverse("policies:near_miss"), {"item": item.pk, "fact": "credit_class"}).content.decode().count(
        rows[0].enterprise.name) == 0
