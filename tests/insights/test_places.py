"""一地多诉: the intake hook and its counts, the bulk rebuild, clustering, pages, JSON and scope."""

import datetime as dt

import numpy as np
import pytest
from django.core.management import call_command
from django.urls import reverse

from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal
from yingshang.core.models import Division
from yingshang.insights.models import AppealPlace, Place, PlaceCluster
from yingshang.insights.places import services as places
from yingshang.insights.places.services import ClusterRow, find_clusters, haversine_m

pytestmark = pytest.mark.django_db

GJZ, ZS = "210211", "210202"


def submit(address, *, district=None, name="王小明", latitude=None, longitude=None, content="楼下烧烤店油烟扰民,晚上噪音很大"):
    return appeal_services.appeal_submit(
        actor=None, public=True, channel="web", appeal_type="complaint", content=content, address=address,
        district=Division.objects.get(code=district) if district else None, person_name=name, person_phone="13912345678",
        latitude=latitude, longitude=longitude, dispatch=False,
    ).appeal


def test_intake_links_the_appeal_and_spellings_of_one_building_share_a_place():
    first = submit("甘井子区红旗西路88号3号楼2单元501室", district=GJZ)
    second = submit("大連市甘井子區紅旗西路８８號3幢")
    link_a, link_b = AppealPlace.objects.get(appeal=first), AppealPlace.objects.get(appeal=second)
    assert link_a.place_id == link_b.place_id
    place = Place.objects.get(pk=link_a.place_id)
    assert place.key == "210211|红旗西路88号|3栋" and place.district.code == GJZ
    assert place.appeal_count == 2 and place.first_at == first.accepted_at and place.last_at == second.accepted_at
    third = submit("大连湾街道 红旗西路八十八号3栋")
    place.refresh_from_db()
    assert AppealPlace.objects.get(appeal=third).place_id == place.pk and place.appeal_count == 3
    assert place.street.name == "大连湾街道"  # the first spellings named no street; the third did


def test_deferred_intake_is_placed_when_the_triage_worker_runs():
    from yingshang.appeals import triage

    appeal = appeal_services.appeal_submit(
        actor=None, public=True, channel="web", appeal_type="complaint", content="路灯不亮,晚上很黑", address="沙河口区西安路121号",
        person_phone="13912345678", defer_triage=True,
    ).appeal
    assert not AppealPlace.objects.filter(appeal=appeal).exists()  # intake stays cheap: nothing placed yet
    triage.triage_all()
    assert AppealPlace.objects.get(appeal=appeal).place.key == "210204|西安路121号"


def test_repeated_saves_and_links_do_not_count_twice():
    appeal = submit("西岗区长春路123号", district="210203")
    place = AppealPlace.objects.get(appeal=appeal).place
    before = Place.objects.get(pk=place.pk).appeal_count
    for _ in range(3):
        places.link_appeal(appeal)
        places.on_appeal_saved(Appeal, appeal, created=False)
    assert Place.objects.get(pk=place.pk).appeal_count == before == AppealPlace.objects.filter(place=place).count()


def test_an_appeal_whose_address_changes_moves_between_places():
    appeal = submit("西岗区长春路125号", district="210203")
    old = AppealPlace.objects.get(appeal=appeal).place
    appeal.address = "西岗区长春路127号"
    places.link_appeal(appeal)
    new = AppealPlace.objects.get(appeal=appeal).place
    assert new.key == "210203|长春路127号" and new.appeal_count == 1
    old.refresh_from_db()
    assert old.appeal_count == 0 and old.first_at is None


def test_missing_district_in_the_text_comes_from_the_appeal():
    appeal = submit("人民路23号", district=ZS)
    assert AppealPlace.objects.get(appeal=appeal).place.key == "210202|人民路23号"


def test_the_label_given_later_is_copied_to_the_link():
    appeal = submit("中山区人民路25号")
    from yingshang.appeals.models import Label
    label = Label.objects.filter(is_leaf=True).first()
    appeal.label = label  # as dispatch does before it saves the appeal (post_save then runs the hook)
    places.on_appeal_saved(Appeal, appeal, created=False)
    assert AppealPlace.objects.get(appeal=appeal).label_path == label.path


def test_rebuild_recounts_every_place_and_keeps_place_rows():
    submit("沙河口区西安路119号罗斯福广场", district="210204")
    summary = places.rebuild_places()
    assert summary.linked == AppealPlace.objects.count() and summary.appeals == Appeal.objects.count()
    ids = dict(Place.objects.values_list("key", "id"))
    for place in Place.objects.all()[:50]:
        assert place.appeal_count == AppealPlace.objects.filter(place=place).count() > 0
    places.rebuild_places()
    assert dict(Place.objects.values_list("key", "id")) == ids
    assert Place.objects.get(key="210204|西安路119号").appeal_count == 1


def _row(i, lat, lng, *, place=1, street=None, label="城乡建设/市容环卫/油烟", days=0):
    return ClusterRow(i, place, label, dt.datetime(2026, 10, 1, tzinfo=dt.timezone.utc) + dt.timedelta(days=days), lat, lng, street, 5)


def test_density_clusters_on_synthetic_coordinates():
    rng = np.random.default_rng(3)
    rows, n = [], 0
    for centre in ((38.914, 121.614), (38.930, 121.640)):  # about 2.9 km apart
        for _ in range(6):
            lat, lng = centre[0] + rng.normal(0, 0.0003), centre[1] + rng.normal(0, 0.0003)  # ~30 m spread
            rows.append(_row(n, lat, lng, place=100 + n)); n += 1
    for k in range(4):  # scattered points, each alone
        rows.append(_row(n, 38.80 + 0.05 * k, 121.30 + 0.05 * k, place=200 + k)); n += 1
    rows.append(_row(n, 38.9141, 121.6141, place=999, label="交通运输/道路/占道")); n += 1
    drafts = find_clusters(rows, radius_m=300, min_appeals=3)
    dense = [d for d in drafts if d.method == "dbscan"]
    assert len(dense) == 2 and sorted(len(d.members) for d in dense) == [6, 6]
    for draft in dense:
        assert 0 < draft.radius_m < 300
        assert {m.appeal_id for m in draft.members} <= set(range(12))
        assert haversine_m(draft.latitude, draft.longitude, 38.914, 121.614) < 100 or haversine_m(draft.latitude, draft.longitude, 38.930, 121.640) < 100
    assert all(d.label_path == "城乡建设/市容环卫" for d in drafts)  # label cut to two levels


def test_place_and_street_fallbacks_without_coordinates():
    rows = [_row(i, None, None, place=7, street=70) for i in range(3)]
    rows += [_row(10 + i, None, None, place=20 + i, street=80) for i in range(3)]  # three places of one street
    rows += [_row(30 + i, None, None, place=40 + i, street=90 + i) for i in range(3)]  # nothing in common
    drafts = find_clusters(rows, min_appeals=3)
    assert sorted((d.method, len(d.members)) for d in drafts) == [("place", 3), ("street", 3)]
    assert next(d for d in drafts if d.method == "place").main_place_id == 7


def test_cluster_command_stores_clusters_of_the_window(capsys):
    for i in range(3):
        submit(f"中山区人民路{31}号", name=f"李{i}")
    call_command("insights", "places", "--cluster", "--days", "30", "--label-depth", "0")
    out = capsys.readouterr().out
    assert "一地多诉聚集" in out
    key_place = Place.objects.get(key="210202|人民路31号")
    cluster = PlaceCluster.objects.get(place=key_place)
    assert cluster.appeal_count == 3 and cluster.appeals.count() == 3 and cluster.district.code == ZS


def test_cluster_command_refuses_bad_parameters():
    from django.core.management.base import CommandError
    with pytest.raises(CommandError, match="参数无效"):
        call_command("insights", "places", "--cluster", "--min-appeals", "1")
    with pytest.raises(CommandError, match="--rebuild"):
        call_command("insights", "places")


# --- pages, JSON and scope ---------------------------------------------------------------------------------

@pytest.fixture
def gjz_place():
    appeals = [submit("甘井子区华北路23号", name="张三丰"), submit("甘井子区华北路二十三号", name="张三丰"), submit("大连湾街道华北路23号")]
    places.cluster_places(days=30, label_depth=0)
    return AppealPlace.objects.get(appeal=appeals[0]).place, appeals


def test_operator_sees_the_place_list_detail_and_chart_data(client_for, gjz_place):
    place, appeals = gjz_place
    client = client_for("operator")
    listing = client.get(reverse("insights:place_list"), {"days": 30})
    assert listing.status_code == 200 and place.display in listing.content.decode()
    detail = client.get(reverse("insights:place_detail", args=[place.pk]))
    text = detail.content.decode()
    assert detail.status_code == 200 and all(a.tracking_no in text for a in appeals)
    assert detail.context["visible_count"] == 3 and detail.context["monthly"][-1]["count"] >= 3
    assert "张三丰" in text  # the hotline may see the caller


def test_leader_sees_masked_callers(client_for, gjz_place):
    place, _ = gjz_place
    text = client_for("leader").get(reverse("insights:place_detail", args=[place.pk])).content.decode()
    assert "张三丰" not in text and "张**" in text


def test_coordinator_sees_own_district_and_not_another(client_for, gjz_place):
    place, _ = gjz_place
    other = AppealPlace.objects.get(appeal=submit("中山区人民路77号")).place
    client = client_for("coordinator_gjz")
    assert client.get(reverse("insights:place_detail", args=[place.pk])).status_code == 200
    assert client.get(reverse("insights:place_detail", args=[other.pk])).status_code == 404
    listing = client.get(reverse("insights:place_list"), {"days": 30}).content.decode()
    assert place.display in listing and other.display not in listing
    clusters = client.get(reverse("api:place_clusters"), {"days": 30}).json()["results"]
    assert clusters and all(c["district_code"] == GJZ for c in clusters)


def test_a_city_department_handler_does_not_see_district_places(client_for, gjz_place):
    place, _ = gjz_place
    client = client_for("handler_scj")
    assert client.get(reverse("insights:place_detail", args=[place.pk])).status_code == 404
    assert place.pk not in [c["place_id"] for c in client.get(reverse("api:place_clusters"), {"days": 30}).json()["results"]]


def test_citizens_and_enterprises_are_refused(client_for, gjz_place):
    place, _ = gjz_place
    for username in ("citizen", "enterprise"):
        client = client_for(username)
        assert client.get(reverse("insights:place_list")).status_code == 403
        assert client.get(reverse("insights:place_detail", args=[place.pk])).status_code == 403
        assert client.get(reverse("api:place_clusters")).status_code == 403


def test_cluster_api_answers_the_city_wide_reader(client_for, gjz_place):
    place, _ = gjz_place
    data = client_for("operator").get(reverse("api:place_clusters"), {"days": 30}).json()
    mine = [c for c in data["results"] if c["place_id"] == place.pk]
    assert mine and mine[0]["appeal_count"] == 3 and mine[0]["district"] == "甘井子区"


def test_the_demo_city_has_its_appeals_linked_to_places():
    """The demo builder ran on the test city (root conftest): every demo appeal names 区+街道, so each is placed."""
    appeals = Appeal.objects.filter(is_historical=False).count()
    assert appeals > 0 and AppealPlace.objects.count() >= appeals
    assert Place.objects.filter(appeal_count__gt=1).exists()
    street_level = Place.objects.filter(road="", community="").count()
    assert street_level < Place.objects.count()  # the appeals' texts gave finer places (小区, 路…号) for some
