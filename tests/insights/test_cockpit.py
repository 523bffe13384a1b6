"""The cockpit's daily rollup (equal to the raw aggregation, kept up to date incrementally), its data
endpoints and fragments, and who sees what: a coordinator its district only, a citizen nothing."""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter, defaultdict

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.models import BAD_RATINGS, Appeal, Label
from yingshang.appeals.workflow import DONE_STATES, OPEN_STATES, State
from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import Division, Unit
from yingshang.insights.models import DailyDistrictRollup, DailyRollup, EarlyWarning, RollupWatermark
from yingshang.insights.cockpit import selectors as selectors
from yingshang.insights.reports.services import label_level2, rollup_refresh, rollup_refresh_today

from .test_reports import make_appeal, make_warning

pytestmark = pytest.mark.django_db

COUNTS = ("received", "merged", "completed", "completed_on_time", "overdue_open", "rated", "satisfied", "bad_rating", "repeated")


@pytest.fixture(autouse=True)
def fresh_cache():
    cache.clear()
    yield
    cache.clear()


def raw_aggregation(now: dt.datetime) -> dict[tuple, Counter]:
    """The rollup recomputed the slow way, appeal by appeal, from the definitions in the model's docstring."""
    paths = dict(Label.objects.values_list("pk", "path"))
    table: dict[tuple, Counter] = defaultdict(Counter)
    for a in Appeal.objects.values("accepted_at", "district_id", "label_id", "unit_id", "state", "completed_on_time", "completion_due",
                                   "callback_count", "rating", "repeat_of_id", "merged_into_id"):
        key = (timezone.localtime(a["accepted_at"]).date(), a["district_id"], label_level2(paths.get(a["label_id"])), a["unit_id"])
        row = table[key]
        live = a["state"] != State.MERGED
        rated = live and a["callback_count"] > 0
        row["received"] += 1
        row["merged"] += not live
        row["completed"] += a["state"] in DONE_STATES
        row["completed_on_time"] += a["state"] in DONE_STATES and bool(a["completed_on_time"])
        row["overdue_open"] += a["state"] in OPEN_STATES and a["completion_due"] is not None and a["completion_due"] < now
        row["rated"] += rated
        row["satisfied"] += rated and (a["rating"] or 0) >= 3
        row["bad_rating"] += rated and a["rating"] in BAD_RATINGS
        row["repeated"] += bool(a["repeat_of_id"] or a["merged_into_id"])
    return {key: Counter({k: v for k, v in row.items() if v}) for key, row in table.items()}


def rollup_table() -> dict[tuple, Counter]:
    table = {}
    for row in DailyRollup.objects.values("day", "district_id", "label_path", "unit_id", *COUNTS):
        key = (row["day"], row["district_id"], row["label_path"], row["unit_id"])
        assert key not in table, f"日汇总出现重复行 {key}"
        table[key] = Counter({k: row[k] for k in COUNTS if row[k]})
    return table


def test_rollup_equals_the_raw_aggregation():
    now = clock.now()
    result = rollup_refresh(full=True, now=now)
    assert result["rows"] == DailyRollup.objects.count() > 0
    assert rollup_table() == raw_aggregation(now)
    assert sum(r["received"] for r in DailyRollup.objects.values("received")) == Appeal.objects.count()
    # The day × district totals are the fine rows summed over labels and units.
    totals: dict[tuple, Counter] = defaultdict(Counter)
    for (day, district_id, _, _), row in rollup_table().items():
        totals[(day, district_id)].update(row)
    stored = {(r["day"], r["district_id"]): Counter({k: r[k] for k in COUNTS if r[k]})
              for r in DailyDistrictRollup.objects.values("day", "district_id", *COUNTS)}
    assert stored == dict(totals)


def test_rollup_refresh_is_incremental_and_catches_appeals_turning_overdue():
    rollup_refresh(full=True)
    district = Division.objects.get(code="210211")
    label = Label.objects.filter(level=3).first()
    unit = Unit.objects.get(name="市住房和城乡建设局")
    now = clock.now()
    fresh = make_appeal(accepted_at=now - dt.timedelta(days=40), label=label, district=district, unit=unit, completion_due=now + dt.timedelta(hours=2))
    old = Appeal.objects.filter(state__in=DONE_STATES).exclude(accepted_at__gte=now - dt.timedelta(days=2)).first()
    with audited_write(None):
        old.rating, old.callback_count = 1, old.callback_count + 1
        old.save()
        record("test.rate", old, after=old.audit_snapshot())
    before = RollupWatermark.objects.get(name="all").refreshed_at
    result = rollup_refresh()
    assert result["days"] >= 2, "新增与变更诉求所在的日期都应重算"
    assert rollup_table() == raw_aggregation(clock.now())
    day_of_fresh = timezone.localtime(fresh.accepted_at).date()
    assert DailyRollup.objects.filter(day=day_of_fresh, overdue_open__gt=0, unit=unit, district=district).count() == 0

    # Three hours later the fresh appeal is past its deadline without anybody touching it.
    with clock.frozen_at(now + dt.timedelta(hours=3)):
        rollup_refresh()
        assert rollup_table() == raw_aggregation(clock.now())
    assert DailyRollup.objects.filter(day=day_of_fresh, unit=unit, district=district, overdue_open__gt=0).exists()
    assert RollupWatermark.objects.get(name="all").refreshed_at > before


def test_today_is_recomputed_on_read_when_stale():
    rollup_refresh(full=True)
    district = Division.objects.get(code="210202")
    today_count = selectors.summary(_user("leader"))["today_received"]
    make_appeal(accepted_at=clock.now() - dt.timedelta(minutes=1), district=district, state=State.RECEIVED)
    assert rollup_refresh_today(max_age=dt.timedelta(hours=1)) is False, "刚刚重算过,不必再算"
    RollupWatermark.objects.filter(name="today").update(refreshed_at=clock.now() - dt.timedelta(minutes=5))
    cache.clear()
    assert selectors.summary(_user("leader"))["today_received"] == today_count + 1


def _user(username):
    from yingshang.core.models import User

    return User.objects.select_related("unit").get(username=username)


def test_data_endpoints_answer_with_the_rollup(client_for):
    rollup_refresh(full=True)
    client = client_for("leader")
    for name in ("summary", "trend", "labels", "districts", "league"):
        response = client.get(reverse("api:cockpit_data", args=[name]))
        assert response.status_code == 200, name
    trend = client.get(reverse("api:cockpit_data", args=["trend"]), {"grain": "day"}).json()
    first = clock.today() - dt.timedelta(days=selectors.DAILY_TREND_DAYS - 1)
    assert len(trend["labels"]) == selectors.DAILY_TREND_DAYS
    assert sum(trend["received"]) == sum(DailyRollup.objects.filter(day__gte=first).values_list("received", flat=True))
    monthly = client.get(reverse("api:cockpit_data", args=["trend"]), {"grain": "month"}).json()
    assert len(monthly["labels"]) == 12 and sum(monthly["received"]) > 0
    labels = client.get(reverse("api:cockpit_data", args=["labels"])).json()
    assert all(sum(c["value"] for c in node["children"]) == node["value"] for node in labels["data"])
    league = client.get(reverse("api:cockpit_data", args=["league"])).json()
    lows = [r["low"] for r in league["rows"] if r["low"] is not None]
    assert lows == sorted(lows, reverse=True), "考核排行按置信区间下限排序"
    assert client.get(reverse("api:cockpit_data", args=["nothing"])).status_code == 404
    page = client.get(reverse("insights:cockpit")).content.decode()
    assert 'id="chart-trend"' in page and "echarts.min.js" in page and 'hx-get="/insights/cockpit/warnings/"' in page


def test_generated_map_names_match_the_divisions(client_for):
    geojson = json.loads(client_for("leader").get(reverse("insights:cockpit_map")).content)
    names = {f["properties"]["name"] for f in geojson["features"]}
    assert names == set(selectors.DISTRICT_SEATS)
    assert names <= set(Division.objects.filter(level=Division.Level.DISTRICT).values_list("name", flat=True))
    for feature in geojson["features"]:
        for polygon in feature["geometry"]["coordinates"]:
            ring = polygon[0]
            assert ring[0] == ring[-1] and all(120.5 < x < 124 and 38.5 < y < 40.5 for x, y in ring)


def test_coordinator_sees_only_its_district(client_for):
    rollup_refresh(full=True)
    gjz, zs = Division.objects.get(code="210211"), Division.objects.get(code="210202")
    make_warning(status=EarlyWarning.Status.NEW, district=gjz, summary="甘井子区供暖投诉升高")
    make_warning(status=EarlyWarning.Status.NEW, district=zs, summary="中山区噪声投诉升高")
    make_warning(status=EarlyWarning.Status.HANDLED, district=gjz, summary="甘井子区已处置的旧预警")
    now = clock.now()
    masters = {}
    for district in (gjz, zs):
        masters[district.code] = make_appeal(accepted_at=now - dt.timedelta(days=1), district=district)
        make_appeal(accepted_at=now - dt.timedelta(hours=20), district=district, state=State.MERGED, merged_into=masters[district.code])
    client = client_for("coordinator_gjz")
    summary = client.get(reverse("api:cockpit_data", args=["summary"])).json()
    assert summary["scope"] == "甘井子区"
    districts = client.get(reverse("api:cockpit_data", args=["districts"])).json()
    assert {d["name"] for d in districts["districts"] + districts["others"]} <= {"甘井子区"}
    first = clock.today() - dt.timedelta(days=selectors.DAILY_TREND_DAYS - 1)
    trend = client.get(reverse("api:cockpit_data", args=["trend"])).json()
    assert sum(trend["received"]) == sum(DailyRollup.objects.filter(day__gte=first, district=gjz).values_list("received", flat=True))
    assert sum(trend["received"]) < sum(DailyRollup.objects.filter(day__gte=first).values_list("received", flat=True))
    feed = client.get(reverse("insights:cockpit_warnings")).content.decode()
    assert "甘井子区供暖投诉升高" in feed and "中山区噪声投诉升高" not in feed and "已处置的旧预警" not in feed
    city_feed = client_for("leader").get(reverse("insights:cockpit_warnings")).content.decode()
    assert "甘井子区供暖投诉升高" in city_feed and "中山区噪声投诉升高" in city_feed
    assert city_feed.index("中山区噪声投诉升高") < city_feed.index("甘井子区供暖投诉升高"), "最新的预警在前"
    groups = selectors.duplicate_groups(_user("coordinator_gjz"), limit=100)
    assert all(g["district_id"] == gjz.pk for g in groups)
    assert masters["210211"].pk in {g["master_id"] for g in groups} and masters["210202"].pk not in {g["master_id"] for g in groups}
    fragment = client_for("coordinator_gjz").get(reverse("insights:cockpit_duplicates")).content.decode()
    assert masters["210211"].tracking_no in fragment and masters["210202"].tracking_no not in fragment


def test_duplicate_groups_count_the_master_and_its_merged_appeals():
    district = Division.objects.get(code="210202")
    now = clock.now()
    master = make_appeal(accepted_at=now - dt.timedelta(days=2), district=district)
    for hours in (1, 2):
        make_appeal(accepted_at=now - dt.timedelta(days=2) + dt.timedelta(hours=hours), district=district, state=State.MERGED, merged_into=master)
    groups = {g["master_id"]: g for g in selectors.duplicate_groups(_user("leader"), limit=100)}
    assert groups[master.pk]["count"] == 3


def test_who_may_open_the_cockpit(client_for):
    assert client_for("citizen").get(reverse("insights:cockpit")).status_code == 403
    assert client_for("citizen").get(reverse("api:cockpit_data", args=["summary"])).status_code == 403
    assert client_for("citizen").get(reverse("insights:cockpit_warnings")).status_code == 403
    assert client_for("handler_zjj").get(reverse("api:cockpit_data", args=["trend"])).status_code == 403
    assert client_for("coordinator_gjz").get(reverse("insights:cockpit")).status_code == 200
    client = client_for("leader")
    client.logout()
    assert client.get(reverse("api:cockpit_data", args=["summary"])).status_code == 401
    assert client.get(reverse("insights:cockpit")).status_code == 302


def test_rollup_command_refreshes_incrementally_and_refuses_bad_times():
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("insights", "rollup", "--full", stdout=out)
    assert "诉求日汇总已更新" in out.getvalue() and DailyRollup.objects.exists()
    DailyRollup.objects.filter(day=clock.today()).delete()
    make_appeal(accepted_at=clock.now() - dt.timedelta(minutes=5), district=Division.objects.get(code="210202"), state=State.RECEIVED)
    out = StringIO()
    call_command("insights", "rollup", "--since", (clock.now() - dt.timedelta(hours=1)).isoformat(), stdout=out)
    assert DailyRollup.objects.filter(day=clock.today()).exists()
    assert rollup_table() == raw_aggregation(clock.now())
    with pytest.raises(CommandError, match="格式不正确"):
        call_command("insights", "rollup", "--since", "昨天")
