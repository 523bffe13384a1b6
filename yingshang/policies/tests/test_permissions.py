"""Capabilities and scope: another unit's or another enterprise's application is a 404, through the
pages and through the API."""

import pytest
from django.urls import reverse

from yingshang.core.models import User
from yingshang.core.permissions import has_capability
from yingshang.policies.models import PolicyApplication

pytestmark = pytest.mark.django_db

EXPECTED = {
    "policies.manage_items": {"admin", "handler"},
    "policies.review_applications": {"admin", "handler"},
    "policies.run_matching": {"admin"},
    "policies.apply": {"enterprise"},
    "policies.view_own_policies": {"enterprise"},
    "policies.view_effect": {"admin", "handler", "coordinator", "leader", "auditor"},
    "policies.view_catalogue": set(User.Role.values),
}


@pytest.mark.parametrize("capability, holders", EXPECTED.items())
def test_every_role_against_every_policy_capability(capability, holders):
    for role in User.Role.values:
        assert has_capability(User(username=f"t-{role}", role=role), capability) == (role in holders), (role, capability)


def _application(code):
    return PolicyApplication.objects.filter(item__code=code, channel="apply").order_by("id").first()


def test_a_units_handler_sees_only_its_units_applications(client_for):
    own, other = _application("DL26-01"), _application("DL24-02")  # 市市场监督管理局 / 市科技局
    client = client_for("handler_scj")
    assert client.get(reverse("policies:application_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("policies:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:application", args=[own.pk])).status_code == 200
    response = client.get(reverse("api:application", args=[other.pk]))
    assert response.status_code == 404 and "权限范围" in response.json()["detail"]
    listed = {a["id"] for a in client.get(reverse("api:applications") + "?page_size=500").json()["results"]}
    assert own.pk in listed and other.pk not in listed
    response = client.post(reverse("policies:application_action", args=[other.pk, "accept"]))
    assert response.status_code == 404
    assert client.post(reverse("api:application_action", args=[other.pk, "accept"]), "{}", content_type="application/json").status_code == 404


def test_a_district_handler_sees_no_city_applications(client_for):
    client = client_for("handler_gjz_czj")
    assert client.get(reverse("policies:application_detail", args=[_application("DL26-01").pk])).status_code == 404
    assert client.get(reverse("api:applications")).json()["count"] == 0


def test_an_enterprise_sees_only_its_own_applications(client_for, users):
    demo = users["enterprise"]
    own = PolicyApplication.objects.filter(enterprise=demo.enterprise).first()
    other = PolicyApplication.objects.exclude(enterprise=demo.enterprise).filter(channel="apply").first()
    client = client_for("enterprise")
    assert own is not None
    assert client.get(reverse("policies:application_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("policies:application_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:application", args=[other.pk])).status_code == 404
    assert {a["id"] for a in client.get(reverse("api:applications")).json()["results"]} == set(
        PolicyApplication.objects.filter(enterprise=demo.enterprise).values_list("pk", flat=True))
    item = own.item
    assert client.get(reverse("api:evaluate", args=[item.pk, demo.enterprise_id])).status_code == 200
    assert client.get(reverse("api:evaluate", args=[item.pk, other.enterprise_id])).status_code == 404


def test_management_pages_need_the_capability(client_for):
    assert client_for("enterprise").get(reverse("policies:manage")).status_code == 403
    assert client_for("leader").get(reverse("policies:manage")).status_code == 403
    assert client_for("citizen").get(reverse("policies:mine")).status_code == 403
    assert client_for("handler_zjj").get(reverse("policies:item_edit", args=[_application("DL26-01").item_id])).status_code == 404
