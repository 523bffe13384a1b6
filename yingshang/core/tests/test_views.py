import pytest
from django.urls import reverse

from yingshang.core.models import Enterprise

pytestmark = pytest.mark.django_db


def _nav(html):
    return {part.split('"')[0] for part in html.split('data-nav="')[1:]}


def test_each_role_gets_its_own_navigation(client_for):
    assert _nav(client_for("admin").get("/").content.decode()) >= {"home", "enterprises", "units", "audit", "divisions"}
    assert "audit" not in _nav(client_for("handler_scj").get("/").content.decode())
    assert _nav(client_for("auditor").get("/").content.decode()) >= {"audit", "enterprises"}
    staff_only = {"enterprises", "units", "divisions", "audit"}
    assert not _nav(client_for("citizen").get("/").content.decode()) & (staff_only | {"my_enterprise"})
    enterprise_nav = _nav(client_for("enterprise").get("/").content.decode())
    assert "my_enterprise" in enterprise_nav and not enterprise_nav & staff_only


def test_enterprise_list_filters_and_htmx_partial(client_for):
    client = client_for("admin")
    full = client.get(reverse("enterprise_list"), {"district": "210211"}).content.decode()
    assert "<html" in full and "甘井子区" in full
    partial = client.get(reverse("enterprise_list"), {"district": "210211"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<html" not in partial and f"共 {Enterprise.objects.filter(district__code='210211').count()} 户" in partial


def test_form_shows_chinese_error_for_bad_credit_code_and_saves_nothing(client_for):
    enterprise = Enterprise.objects.first()
    before = Enterprise.objects.count()
    response = client_for("admin").post(reverse("enterprise_create"), {
        "credit_code": "91350100M000100Y44", "name": "新公司", "kind": "enterprise", "district": enterprise.district_id,
        "industry": enterprise.industry_id, "status": "active",
    })
    assert response.status_code == 200 and "校验码错误" in response.content.decode()
    assert Enterprise.objects.count() == before


def test_stale_form_submission_reports_conflict(client_for):
    client = client_for("admin")
    enterprise = Enterprise.objects.first()
    data = {
        "version": enterprise.version, "credit_code": enterprise.credit_code, "name": "第一次修改", "kind": enterprise.kind,
        "district": enterprise.district_id, "industry": enterprise.industry_id, "status": "active",
    }
    assert client.post(reverse("enterprise_edit", args=[enterprise.pk]), data).status_code == 302
    data["name"] = "基于旧版本的修改"
    response = client.post(reverse("enterprise_edit", args=[enterprise.pk]), data)
    assert "已被他人修改" in response.content.decode()
    assert Enterprise.objects.get(pk=enterprise.pk).name == "第一次修改"


def test_audit_page_and_verify(client_for):
    client = client_for("auditor")
    assert "核验哈希链" in client.get(reverse("audit_list")).content.decode()
    assert "哈希链完整" in client.post(reverse("audit_verify"), HTTP_HX_REQUEST="true").content.decode()


def test_output_is_escaped(client_for, users):
    from yingshang.core.services import enterprise_update

    enterprise = Enterprise.objects.first()
    enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version, name="<script>alert(1)</script>")
    page = client_for("admin").get(reverse("enterprise_detail", args=[enterprise.pk])).content.decode()
    assert "<script>alert(1)</script>" not in page and "&lt;script&gt;" in page


def test_credit_code_check_api_is_public(client):
    assert client.get(reverse("api:credit_code", args=["91350100M000100Y43"])).json()["valid"] is True
    body = client.get(reverse("api:credit_code", args=["91350100M000100Y44"])).json()
    assert body["valid"] is False and "校验码" in body["errors"][0]


def test_division_tree_pages(client_for):
    client = client_for("admin")
    assert "甘井子区" in client.get(reverse("division_list")).content.decode()
    streets = client.get(reverse("division_list"), {"parent": "210211"}).content.decode()
    assert "街道" in streets
