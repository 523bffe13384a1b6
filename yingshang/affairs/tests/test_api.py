"""The affairs router of the one API (/api/v1/affairs/): the published catalogue for anyone, a case's status
within the reader's scope, the monitoring for the monitoring capability (reads only)."""

import datetime as dt

import pytest
from django.utils import timezone

from yingshang.affairs.demo import build_cases
from yingshang.affairs.models import Case, Item
from yingshang.core import clock

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 20)


@pytest.fixture
def played(mini_catalogue):
    with clock.frozen_at(timezone.make_aware(dt.datetime.combine(TODAY, dt.time(18)))):
        build_cases(12, seed=5)
    return TODAY


def test_catalogue_is_public_and_lists_published_items_only(mini_catalogue, client):
    listed = client.get("/api/v1/affairs/items/")
    assert listed.status_code == 200
    names = {row["name"] for row in listed.json()}
    assert names and names == set(Item.objects.filter(published_version__gt=0).values_list("name", flat=True))
    item = Item.objects.filter(published_version__gt=0).first()
    detail = client.get(f"/api/v1/affairs/items/{item.pk}/").json()
    assert detail["name"] == item.name and detail["promised_days"] == item.promised_days and detail["elements"]
    draft = Item.objects.filter(published_version=0).first()
    if draft is not None:
        assert client.get(f"/api/v1/affairs/items/{draft.pk}/").status_code == 404
    assert client.get("/api/v1/affairs/items/999999999/").status_code == 404


def test_a_case_reads_for_its_applicant_and_scoped_staff_only(played, client, users):
    case = Case.objects.filter(applicant=users["enterprise"]).select_related("hall").first()
    assert case is not None
    client.force_login(users["enterprise"])
    mine = client.get(f"/api/v1/affairs/cases/{case.pk}/")
    assert mine.status_code == 200
    body = mine.json()
    assert body["number"] == case.number and body["status"] == case.status and body["subcases"]
    assert {m["material"] for m in body["materials"]} == set(case.materials)  # what was received, files by their download links
    assert all(m["download"].startswith("/affairs/materials/") for m in body["materials"] if m["receipt"] != "paper")
    assert "applicant_name" not in body and "applicant_phone" not in body
    department = case.subcases.select_related("unit").first().unit
    handler = department.members.filter(role="handler").first()
    if handler is not None:
        client.force_login(handler)
        assert client.get(f"/api/v1/affairs/cases/{case.pk}/").status_code == 200
    outsider = next(u for name, u in users.items() if u.role == "handler" and u.unit_id and not case.subcases.filter(
        unit__tree_path__startswith=u.unit.tree_path).exists() and not case.hall.tree_path.startswith(u.unit.tree_path))
    client.force_login(outsider)
    assert client.get(f"/api/v1/affairs/cases/{case.pk}/").status_code == 404
    client.logout()
    assert client.get(f"/api/v1/affairs/cases/{case.pk}/").status_code in (401, 403)


def test_monitoring_for_the_capability_in_the_readers_slice(played, client, users):
    client.force_login(users["leader"])
    url = f"/api/v1/affairs/monitoring/?start={played - dt.timedelta(days=60)}&end={played}"
    city = client.get(url)
    assert city.status_code == 200
    body = city.json()
    assert body["shares"]["cases"] >= 12 and body["units"] and body["items"] and {"受理", "审查"} <= {s["stage"] for s in body["stages"]}
    assert sum(r["count"] for r in body["units"]) == sum(r["count"] for r in body["items"])
    assert client.get("/api/v1/affairs/monitoring/?start=2026-13-01").status_code == 400
    client.force_login(users["enterprise"])
    assert client.get(url).status_code == 403
