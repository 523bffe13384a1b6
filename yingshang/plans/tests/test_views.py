"""Pages and API: who may do what, scopes (404 outside them), uploads, review edits, reports, bulletins."""

from __future__ import annotations

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingshang.core.models import User
from yingshang.core.permissions import has_capability
from yingshang.plans.models import Evidence, Plan, ProgressReport, Task

from .conftest import SAMPLE_PLAN, seed_path, task_of

pytestmark = pytest.mark.django_db

EXPECTED = {
    "plans.import_plans": {"admin"},
    "plans.review_plans": {"admin"},
    "plans.map_units": {"admin"},
    "plans.view_plans": {"admin", "leader", "auditor"},
    "plans.report_progress": {"handler", "coordinator"},
    "plans.view_tasks": {"admin", "handler", "coordinator", "leader", "auditor"},
    "plans.compute_ranking": {"admin"},
    "plans.manage_scoring": {"admin"},
    "plans.publish_bulletins": {"admin"},
    "plans.view_bulletins": {"admin", "handler", "coordinator", "leader", "auditor"},
}


@pytest.mark.parametrize("capability, holders", EXPECTED.items())
def test_every_role_against_every_plans_capability(capability, holders):
    for role in User.Role.values:
        assert has_capability(User(username=f"t-{role}", role=role), capability) == (role in holders), (role, capability)


# --- scope: a unit sees its own tasks, 404 for others ----------------------------------------------------

def test_a_handler_lists_only_their_units_tasks(published, client_for, users):
    client = client_for("handler_scj")
    page = client.get(reverse("plans:task_list") + f"?plan={published.pk}")
    assert page.status_code == 200
    listed = page.context["page"].object_list
    assert listed and {t.unit.name for t in listed} == {"市市场监督管理局"}
    api = client.get(reverse("api:tasks") + "?page_size=500").json()
    assert api["results"] and {t["unit"]["name"] for t in api["results"]} == {"市市场监督管理局"}


def test_another_units_task_is_404_in_pages_and_api(published, client_for, users):
    other = task_of(published, "甘井子区财政局", "4.")
    client = client_for("handler_scj")
    assert client.get(reverse("plans:task_detail", args=[other.pk])).status_code == 404
    response = client.get(reverse("api:task", args=[other.pk]))
    assert response.status_code == 404 and "权限范围" in response.json()["detail"]
    assert client.post(reverse("plans:report_create", args=[other.pk]), {"text": "x", "percent": 10}).status_code == 404
    assert client.post(reverse("api:task_reports", args=[other.pk]), json.dumps({"text": "x", "percent": 10}),
                       content_type="application/json").status_code == 404
    assert not ProgressReport.objects.filter(task=other).exists()


def test_a_coordinator_sees_their_district_only(published, client_for):
    client = client_for("coordinator_gjz")
    own = task_of(published, "甘井子区财政局", "4.")
    assert client.get(reverse("plans:task_detail", args=[own.pk])).status_code == 200
    elsewhere = Task.objects.filter(plan=published, unit__name="庄河市人民政府").first()
    assert client.get(reverse("plans:task_detail", args=[elsewhere.pk])).status_code == 404
    listed = client.get(reverse("api:tasks") + f"?plan={published.pk}&page_size=500").json()["results"]
    assert listed and all(t["unit"]["name"].startswith("甘井子区") for t in listed)


def test_the_lead_unit_sees_co_responsible_reports_but_cannot_report_for_them(published, client_for, users):
    lead = task_of(published, "甘井子区市场监督管理局", "2.")
    lead_handler = User.objects.create_user("h_gjz_scj", password="x" * 10, role="handler", unit=lead.unit)
    co_task = task_of(published, "甘井子区财政局", "2.")
    from yingshang.plans.services import report_submit

    report_submit(actor=users["handler_gjz_czj"], task=co_task, text="财政局已拨付开办补贴。", percent=50)
    from django.test import Client

    client = Client()
    client.force_login(lead_handler)
    page = client.get(reverse("plans:task_detail", args=[lead.pk]))
    assert page.status_code == 200 and "财政局已拨付开办补贴" in page.content.decode()
    assert client.get(reverse("plans:task_detail", args=[co_task.pk])).status_code == 200  # read-only
    refused = client.post(reverse("plans:report_create", args=[co_task.pk]), {"text": "代报", "percent": 60})
    assert refused.status_code == 403
    detail = client.get(reverse("api:task", args=[lead.pk])).json()
    assert any(r["text"] == "财政局已拨付开办补贴。" for t in detail["co_tasks"] for r in t["reports"])
    # A responsible unit does not see the other responsible units' tasks of the item.
    other_co = task_of(published, "甘井子区商务局", "2.")
    assert client_for("handler_gjz_czj").get(reverse("plans:task_detail", args=[other_co.pk])).status_code == 404


def test_evidence_downloads_stay_in_scope(published, client_for, users):
    from yingshang.plans.services import report_submit

    task = task_of(published, "市市场监督管理局")
    report = report_submit(actor=users["handler_scj"], task=task, text="见附件", percent=20,
                           files=[SimpleUploadedFile("纪要.pdf", b"%PDF-1.4 x", content_type="application/pdf")])
    evidence = Evidence.objects.get(report=report)
    url = reverse("plans:evidence_download", args=[evidence.pk])
    assert b"".join(client_for("handler_scj").get(url).streaming_content) == b"%PDF-1.4 x"
    assert client_for("handler_gjz_czj").get(url).status_code == 404


def test_plans_pages_are_for_city_wide_roles(published, client_for):
    assert client_for("handler_scj").get(reverse("plans:plan_detail", args=[published.pk])).status_code == 403
    assert client_for("handler_scj").get(reverse("api:plan", args=[published.pk])).status_code == 403
    assert client_for("leader").get(reverse("plans:plan_detail", args=[published.pk])).status_code == 200
    assert client_for("citizen").get(reverse("plans:task_list")).status_code == 403
    assert client_for("leader").post(reverse("plans:plan_import"), {}).status_code == 403


# --- upload and review ----------------------------------------------------------------------------------

def test_upload_creates_a_draft_and_opens_the_review(client_for, at):
    at(2026, 1, 10)
    client = client_for("admin")
    with open(SAMPLE_PLAN, "rb") as handle:
        response = client.post(reverse("plans:plan_import"), {"file": handle})
    plan = Plan.objects.latest("id")
    assert response.status_code == 302 and response["Location"] == reverse("plans:plan_detail", args=[plan.pk])
    review = client.get(response["Location"]).content.decode()
    # The original text sits beside the extracted fields.
    assert "政务服务事项网上可办率达到95%以上" in review and "区数字孪生推进中心" in review and "组织树中找不到" in review


@pytest.mark.parametrize("name, content, message", [
    ("空.txt", b"", "文件是空的"),
    ("旧版.doc", b"x", "另存为 .docx"),
    ("照片.jpg", b"x", "只能导入"),
])
def test_upload_errors_are_clear_and_store_nothing(client_for, name, content, message):
    before = Plan.objects.count()
    response = client_for("admin").post(reverse("plans:plan_import"), {"file": SimpleUploadedFile(name, content)})
    assert response.status_code == 200 and message in response.content.decode()
    assert Plan.objects.count() == before


def test_upload_of_the_news_report_is_refused(client_for):
    before = Plan.objects.count()
    with open(seed_path("001"), "rb") as handle:
        # The import runs as a background job; a refused document lands back on the import page with the reason.
        response = client_for("admin").post(reverse("plans:plan_import"), {"file": handle}, follow=True)
    assert response.status_code == 200 and "新闻报道" in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plans:plan_import") and Plan.objects.count() == before


def test_a_50_mb_upload_is_refused_before_it_is_read(client_for):
    before = Plan.objects.count()
    response = client_for("admin").post(
        reverse("plans:plan_import"), {"file": SimpleUploadedFile("方案.pdf", b"%PDF")}, CONTENT_LENGTH=str(50 * 1024 * 1024),
    )
    assert response.status_code == 413 and "超过上限" in response.content.decode()
    assert Plan.objects.count() == before


def test_item_edit_through_htmx_returns_the_row(draft, client_for):
    client = client_for("admin")
    item = draft.items.get(number="3.")
    url = reverse("plans:item_edit", args=[draft.pk, item.pk])
    form = client.get(url, HTTP_HX_REQUEST="true")
    assert form.status_code == 200 and 'name="lead_units"' in form.content.decode()
    response = client.post(url, {
        "version": item.version, "title": "完善用地保障", "lead_units": "区自然资源分局", "responsible_units": "各镇(街道)",
        "deadline_kind": "date", "due": "2026-09-30", "metric_0": "标准地占比", "comparator_0": "≥", "value_0": "50", "unit_0": "%",
    }, HTTP_HX_REQUEST="true")
    body = response.content.decode()
    assert response.status_code == 200 and 'id="item-%d"' % item.pk in body and "2026-09-30" in body and "标准地占比" in body
    assert "组织树中找不到" not in body


def test_publish_and_map_through_pages(draft, client_for):
    client = client_for("admin")
    response = client.post(reverse("plans:plan_publish", args=[draft.pk]), {"version": draft.version}, follow=True)
    assert "方案已发布" in response.content.decode()
    mapping = client.get(reverse("plans:mention_list")).content.decode()
    assert "区数字孪生推进中心" in mapping
    from yingshang.plans.models import ItemMention
    from yingshang.core.models import Unit

    mention = ItemMention.objects.get(item__plan=draft, mention="区数字孪生推进中心")
    unit = Unit.objects.get(name="甘井子区工业和信息化局")
    done = client.post(reverse("plans:mention_assign", args=[mention.pk]), {f"m{mention.pk}-unit": unit.pk}, follow=True)
    assert "已对应到 甘井子区工业和信息化局" in done.content.decode()
    assert Task.objects.filter(item=mention.item, unit=unit).exists()


def test_supervision_rules_stay_editable_after_publishing(published, client_for):
    client = client_for("admin")
    response = client.post(reverse("plans:plan_meta_update", args=[published.pk]), {
        "version": published.version, "title": "改名", "report_every_months": "3", "report_grace_days": "10", "lag_tolerance": "15",
    }, follow=True)
    assert "方案信息已保存" in response.content.decode()
    published.refresh_from_db()
    assert (published.report_every_months, published.report_grace_days, published.lag_tolerance) == (3, 10, 15)
    assert published.title == "甘井子区2026年营商环境优化行动方案"  # frozen once published


# --- reports, board, ranking, bulletins -----------------------------------------------------------------

def test_report_form_with_evidence(published, client_for, settings):
    settings.PLANS_EVIDENCE_MAX_BYTES = 1024
    task = task_of(published, "市市场监督管理局")
    client = client_for("handler_scj")
    url = reverse("plans:report_create", args=[task.pk])
    too_big = client.post(url, {"text": "进展", "percent": 20, "files": SimpleUploadedFile("大文件.pdf", b"x" * 2048)})
    assert too_big.status_code == 400 and "佐证材料“大文件.pdf”为 2 KB,超过 1 KB 的上限" in too_big.content.decode()
    ok = client.post(url, {"text": "已召开推进会。", "percent": 20, "files": SimpleUploadedFile("纪要.pdf", b"%PDF-1.4")}, follow=True)
    assert "进度已报送" in ok.content.decode() and "纪要.pdf" in ok.content.decode()


def test_api_report_with_token_and_csrf_for_sessions(published, users):
    from django.test import Client

    from yingshang.core.models import ApiToken
    import hashlib

    task = task_of(published, "市市场监督管理局")
    ApiToken.objects.create(user=users["handler_scj"], name="t", key_hash=hashlib.sha256(b"secret-token").hexdigest())
    url = reverse("api:task_reports", args=[task.pk])
    created = Client().post(url, json.dumps({"text": "接口报送", "percent": 35}), content_type="application/json",
                            HTTP_AUTHORIZATION="Bearer secret-token")
    assert created.status_code == 201 and created.json()["percent"] == 35
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(users["handler_scj"])
    assert browser.post(url, json.dumps({"text": "x", "percent": 1}), content_type="application/json").status_code == 403
    bad = Client().post(url, json.dumps({"text": "", "percent": 1}), content_type="application/json", HTTP_AUTHORIZATION="Bearer secret-token")
    assert bad.status_code == 400 and "进展情况" in bad.json()["detail"]


def test_board_matrix_and_timeline(published, client_for):
    client = client_for("admin")
    matrix = client.get(reverse("plans:board") + f"?plan={published.pk}")
    assert [c.number for c in matrix.context["matrix"].chapters] == ["(一)", "(二)"]
    timeline = client.get(reverse("plans:board") + f"?plan={published.pk}&view=timeline").context["timeline"]
    assert timeline.groups and all(0 <= row.left <= 100 for _, rows in timeline.groups for row in rows)
    handler_view = client_for("handler_scj").get(reverse("plans:board") + f"?plan={published.pk}").context["matrix"]
    assert [u.name for u, _ in handler_view.rows] == ["市市场监督管理局"]


def test_ranking_page_bulletin_and_files(published, client_for, at):
    at(2026, 7, 3)
    admin = client_for("admin")
    admin.post(reverse("plans:ranking"), {"period": "2026-07"})
    page = admin.get(reverse("plans:ranking") + "?period=2026-07")
    assert page.status_code == 200 and page.context["run"] is not None
    generated = admin.post(reverse("plans:bulletin_list"), {"period": "2026-07"}, follow=True)
    body = generated.content.decode()
    assert "落实情况通报(2026年7月)" in body and "市市场监督管理局" in body
    bulletin = generated.context["bulletin"]
    pdf = admin.get(reverse("plans:bulletin_file", args=[bulletin.pk, "pdf"]))
    assert pdf["Content-Type"] == "application/pdf" and b"".join(pdf.streaming_content).startswith(b"%PDF")
    handler = client_for("handler_scj")
    assert handler.get(reverse("plans:bulletin_detail", args=["2026-07"])).status_code == 200
    assert handler.post(reverse("plans:bulletin_list"), {"period": "2026-07"}).status_code == 403
    assert handler.post(reverse("plans:ranking"), {"period": "2026-07"}).status_code == 403
    api = handler.get(reverse("api:ranking", args=["2026-07"])).json()
    assert api["period"] == "2026-07" and api["rankings"]["unit"]


def test_scheme_page_saves_weights(client_for):
    client = client_for("admin")
    page = client.get(reverse("plans:scheme"))
    version = page.context["form"].initial["version"]
    client.post(reverse("plans:scheme"), {"version": version, "name": "2026方案", "weight_completion": "50", "weight_timeliness": "30",
                                          "weight_indicators": "20", "bottom_places": "2"})
    from yingshang.plans.services import scheme_active

    scheme = scheme_active()
    assert (scheme.name, scheme.weight_completion, scheme.bottom_places) == ("2026方案", 50, 2)
    assert client_for("leader").get(reverse("plans:scheme")).status_code == 403
