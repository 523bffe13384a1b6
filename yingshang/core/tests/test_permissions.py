"""Role × capability and unit scope, through selectors, views and the API."""

import pytest
from django.urls import reverse

from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.permissions import ROLE_CAPABILITIES, has_capability, mask_phone
from yingshang.core.scope import user_scope

pytestmark = pytest.mark.django_db

EXPECTED = {
    # capability: roles that hold it
    "core.view_audit": {"admin", "auditor"},
    "core.manage_enterprises": {"admin"},
    "core.import_enterprises": {"admin"},
    "core.manage_units": {"admin"},
    # the 综合窗口 clerk receives applicants at the hall: their contact data and the registry's facts
    "core.view_personal_data": {"admin", "operator", "handler", "coordinator", "window_clerk"},
    "core.view_enterprises": {"admin", "operator", "handler", "coordinator", "leader", "auditor", "window_clerk"},
}


@pytest.mark.parametrize("capability, holders", EXPECTED.items())
def test_every_role_against_every_core_capability(capability, holders):
    for role in User.Role.values:
        user = User(username=f"t-{role}", role=role)
        assert has_capability(user, capability) == (role in holders), (role, capability)


def test_anonymous_and_inactive_users_hold_nothing():
    from django.contrib.auth.models import AnonymousUser

    assert not has_capability(AnonymousUser(), "core.view_units")
    assert not has_capability(User(role="admin", is_active=False), "core.view_units")
    assert all(isinstance(caps, set) for caps in ROLE_CAPABILITIES.values())


def _other_unit(user):
    return Unit.objects.exclude(tree_path__startswith=user.unit.tree_path).filter(kind="city_dept").first()


def test_handler_cannot_open_another_units_page_or_api(client_for, users):
    handler = users["handler_scj"]
    client = client_for("handler_scj")
    other = _other_unit(handler)
    assert client.get(reverse("unit_detail", args=[handler.unit.pk])).status_code == 200
    assert client.get(reverse("unit_detail", args=[other.pk])).status_code == 404
    response = client.get(reverse("api:unit", args=[other.pk]))
    assert response.status_code == 404 and "权限范围" in response.json()["detail"]
    listed = {u["id"] for u in client.get(reverse("api:units") + "?page_size=500").json()["results"]}
    assert handler.unit.pk in listed and other.pk not in listed


def test_district_handler_sees_only_their_districts_enterprises(client_for, users):
    handler = users["handler_gjz_czj"]
    scope = user_scope(handler)
    assert scope.district_code == "210211" and not scope.city_wide
    client = client_for("handler_gjz_czj")
    inside = Enterprise.objects.filter(district__code="210211").first()
    outside = Enterprise.objects.exclude(district__code="210211").first()
    assert client.get(reverse("enterprise_detail", args=[inside.pk])).status_code == 200
    assert client.get(reverse("enterprise_detail", args=[outside.pk])).status_code == 404
    assert client.get(reverse("api:enterprise", args=[outside.pk])).status_code == 404
    api = client.get(reverse("api:enterprises") + "?page_size=500").json()
    assert api["count"] == Enterprise.objects.filter(district__code="210211").count()
    assert {r["district"] for r in api["results"]} == {"210211"}


def test_enterprise_user_sees_only_their_own(client_for, users):
    own = users["enterprise"].enterprise
    client = client_for("enterprise")
    other = Enterprise.objects.exclude(pk=own.pk).first()
    assert client.get(reverse("enterprise_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("enterprise_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:enterprises")).json()["count"] == 1


def test_citizen_is_refused_the_registry_and_the_audit_trail(client_for):
    client = client_for("citizen")
    assert client.get(reverse("enterprise_list")).status_code == 403
    assert client.get(reverse("audit_list")).status_code == 403
    assert client.get(reverse("api:enterprises")).status_code == 403


def test_leader_reads_city_wide_but_cannot_edit_and_sees_masked_phones(client_for):
    client = client_for("leader")
    enterprise = Enterprise.objects.exclude(contact_phone="").first()
    page = client.get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert mask_phone(enterprise.contact_phone) in page and enterprise.contact_phone not in page
    assert client.get(reverse("api:enterprise", args=[enterprise.pk])).json()["contact_phone"] == mask_phone(enterprise.contact_phone)
    assert client.get(reverse("enterprise_edit", args=[enterprise.pk])).status_code == 403
    assert client.get(reverse("audit_list")).status_code == 403


def test_admin_sees_full_phone(client_for):
    enterprise = Enterprise.objects.exclude(contact_phone="").first()
    page = client_for("admin").get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert enterprise.contact_phone in page


def test_anonymous_requests(client):
    assert client.get(reverse("enterprise_list")).status_code == 302
    assert client.get(reverse("api:enterprises")).status_code == 401


def test_api_token_authenticates(client, users):
    import hashlib

    from yingshang.core.models import ApiToken

    ApiToken.objects.create(user=users["handler_gjz_czj"], name="t", key_hash=hashlib.sha256(b"secret-key").hexdigest())
    response = client.get(reverse("api:enterprises"), HTTP_AUTHORIZATION="Bearer secret-key")
    assert response.status_code == 200 and {r["district"] for r in response.json()["results"]} == {"210211"}
    assert client.get(reverse("api:enterprises"), HTTP_AUTHORIZATION="Bearer wrong").status_code == 401


def test_mask_phone():
    assert mask_phone("13912345678") == "139****5678"
