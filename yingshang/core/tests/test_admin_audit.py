"""Every write through the Django admin site is audited, credentials included (issue #12, item 3)."""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

from yingshang.core.admin import AuditedAdmin
from yingshang.core.auditlog import verify_chain
from yingshang.core.models import ApiToken, AuditEntry, Enterprise, Qualification, User
from yingshang.core.services import enterprise_update

pytestmark = pytest.mark.django_db


def _entries_since(seq, action=None):
    entries = AuditEntry.objects.filter(seq__gt=seq).order_by("seq")
    return entries.filter(action=action) if action else entries


def _last_seq():
    return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


@pytest.fixture
def admin_client(client_for):
    return client_for("admin")


def test_every_registered_admin_is_audited():
    """Including what other packages register (auth's groups, django-tasks' results)."""
    unaudited = [model._meta.label for model, model_admin in admin.site._registry.items() if not isinstance(model_admin, AuditedAdmin)]
    assert unaudited == []
    assert isinstance(admin.site._registry[Group], AuditedAdmin)


def test_api_token_create_and_delete_are_audited_without_the_hash(admin_client, users):
    start = _last_seq()
    response = admin_client.post(reverse("admin:core_apitoken_add"), {"user": users["handler_scj"].pk, "name": "对接系统"})
    assert response.status_code == 302
    token = ApiToken.objects.get(name="对接系统")
    created = _entries_since(start, "core.api_token.admin_create").get()
    assert created.actor_name == "admin" and created.object_id == str(token.pk) and created.after["name"] == "对接系统"
    assert created.after["key_hash"] == "***(已设置)"
    ApiToken.objects.filter(pk=token.pk).update(key_hash="f" * 64)
    response = admin_client.post(reverse("admin:core_apitoken_delete", args=[token.pk]), {"post": "yes"})
    assert response.status_code == 302 and not ApiToken.objects.filter(pk=token.pk).exists()
    deleted = _entries_since(start, "core.api_token.admin_delete").get()
    assert deleted.after is None and deleted.before["name"] == "对接系统" and "f" * 64 not in str(deleted.before)
    assert verify_chain().ok


def test_password_set_by_an_administrator_is_audited(admin_client, users):
    target = users["citizen"]
    start = _last_seq()
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    refused = admin_client.post(url, {"usable_password": "true", "password1": "Xq7#mLp2Rt9w", "password2": "different"})
    assert refused.status_code == 200 and not _entries_since(start, "core.user.admin_set_password").exists()
    response = admin_client.post(url, {"usable_password": "true", "password1": "Xq7#mLp2Rt9w", "password2": "Xq7#mLp2Rt9w"})
    assert response.status_code == 302
    target.refresh_from_db()
    entry = _entries_since(start, "core.user.admin_set_password").get()
    assert entry.object_id == str(target.pk) and entry.actor_name == "admin" and entry.after["usable_password"] is True
    assert target.password not in str(entry.after) and "Xq7#mLp2Rt9w" not in str(entry.after)


def test_user_change_and_delete_are_audited_with_their_tokens(admin_client, users):
    doomed = User.objects.create_user("temp_staff", password="Tmp#2026abcd", role="handler", unit=users["handler_scj"].unit)
    token = ApiToken.objects.create(user=doomed, name="临时令牌", key_hash="e" * 64)
    start = _last_seq()
    response = admin_client.post(reverse("admin:core_user_delete", args=[doomed.pk]), {"post": "yes"})
    assert response.status_code == 302 and not User.objects.filter(pk=doomed.pk).exists()
    user_entry = _entries_since(start, "core.user.admin_delete").get()
    assert user_entry.before["username"] == "temp_staff" and user_entry.before["password"] == "***"
    token_entry = _entries_since(start, "core.api_token.admin_delete").get()
    assert token_entry.object_id == str(token.pk) and token_entry.after == {"reason": "用户被删除"}


def test_group_and_permission_changes_are_audited(admin_client, users):
    start = _last_seq()
    permission = Permission.objects.get(codename="view_auditentry")
    response = admin_client.post(reverse("admin:auth_group_add"), {"name": "审计查阅组", "permissions": [permission.pk]})
    assert response.status_code == 302
    group = Group.objects.get(name="审计查阅组")
    assert _entries_since(start, "auth.group.admin_create").get().after["name"] == "审计查阅组"
    relations = _entries_since(start, "auth.group.admin_update_relations").get()
    assert relations.before == {"permissions": []} and relations.after == {"permissions": [str(permission)]}

    # A user joins the group: the user's groups change is an entry of its own.
    target = users["auditor"]
    start = _last_seq()
    data = {
        "username": target.username, "first_name": "", "last_name": "", "email": "", "is_active": "on", "is_staff": "", "groups": [group.pk],
        "user_permissions": [], "last_login_0": "", "last_login_1": "", "date_joined_0": "2026-01-01", "date_joined_1": "00:00:00",
        "role": target.role, "unit": target.unit_id or "", "enterprise": "", "display_name": target.display_name, "phone": target.phone,
    }
    response = admin_client.post(reverse("admin:core_user_change", args=[target.pk]), data)
    assert response.status_code == 302, response.content.decode()[:2000]
    entry = _entries_since(start, "core.user.admin_update_relations").get()
    assert entry.after == {"groups": ["审计查阅组"]} and entry.object_id == str(target.pk)


def test_qualification_edit_and_bulk_delete_are_audited(admin_client, users):
    start = _last_seq()
    qualification = Qualification.objects.create(code="TESTQ", name="测试资质")
    response = admin_client.post(reverse("admin:core_qualification_change", args=["TESTQ"]), {"code": "TESTQ", "name": "测试资质(改)"})
    assert response.status_code == 302
    entry = _entries_since(start, "core.qualification.admin_update").get()
    assert entry.before == {"name": "测试资质"} and entry.after == {"name": "测试资质(改)"}
    Qualification.objects.create(code="TESTR", name="另一资质")
    response = admin_client.post(reverse("admin:core_qualification_changelist"),
                                 {"action": "delete_selected", "_selected_action": ["TESTQ", "TESTR"], "post": "yes"})
    assert response.status_code == 302 and not Qualification.objects.filter(code__in=["TESTQ", "TESTR"]).exists()
    deleted = _entries_since(start, "core.qualification.admin_delete")
    assert sorted(e.object_id for e in deleted) == ["TESTQ", "TESTR"]
    assert qualification.code in {e.before["code"] for e in deleted}
    assert verify_chain().ok


def test_enterprise_qualification_change_through_the_service_is_in_its_entry(users):
    enterprise = Enterprise.objects.order_by("id").first()
    code = Qualification.objects.order_by("code").values_list("code", flat=True).first()
    had = sorted(enterprise.qualifications.values_list("code", flat=True))
    wanted = sorted(set(had) ^ {code})
    start = _last_seq()
    enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version, qualifications=wanted)
    entry = _entries_since(start, "core.enterprise.update").get()
    assert entry.before["qualifications"] == had and entry.after["qualifications"] == wanted


def test_enterprise_edit_in_the_admin_records_qualifications(admin_client):
    enterprise = Enterprise.objects.order_by("id").first()
    start = _last_seq()
    assert enterprise.qualifications.count() < Qualification.objects.count()
    url = reverse("admin:core_enterprise_change", args=[enterprise.pk])
    form = admin_client.get(url).context["adminform"].form
    data = {name: form[name].value() for name in form.fields}
    data = {k: ("" if v is None else v) for k, v in data.items()}
    data["qualifications"] = list(Qualification.objects.values_list("code", flat=True))
    response = admin_client.post(url, {k: v for k, v in data.items() if v is not False})
    assert response.status_code == 302, response.content.decode()[:3000]
    entry = _entries_since(start, "core.enterprise.admin_update_relations").get()
    assert sorted(entry.after["qualifications"]) == sorted(str(q) for q in Qualification.objects.all())
