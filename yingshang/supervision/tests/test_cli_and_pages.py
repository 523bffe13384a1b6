"""The command line, the pages' scoping, the public pages (no personal data), the QR scan page and the API."""

import io

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from yingshang.core.models import User
from yingshang.supervision import services
from yingshang.supervision.models import InspectionTask, Inspector, SamplingPlan

pytestmark = pytest.mark.django_db


def test_cli_draw_then_verify(tmp_path):
    frame, out, pool = tmp_path / "frame.csv", tmp_path / "draw.csv", tmp_path / "pool.csv"
    args = ["--ratios", "A=0.03,B=0.05,C=0.1,D=0.2", "--seed", "s-2026"]
    call_command("supervision", "draw", "--department", "市市场监督管理局", *args, "--frame-out", str(frame), "--out", str(out),
                 "--pool-out", str(pool), stdout=io.StringIO())
    assert frame.read_text().startswith("credit_code,risk_class\n") and out.read_text().startswith("credit_code,risk_class,inspectors\n")
    said = io.StringIO()
    call_command("supervision", "verify-draw", "--frame", str(frame), *args, "--in", str(out), "--pool", str(pool), stdout=said)
    assert said.getvalue().strip() == "verified"
    lines = out.read_text().splitlines()
    out.write_text("\n".join(lines[:-1]) + "\n")
    said = io.StringIO()
    with pytest.raises(CommandError):
        call_command("supervision", "verify-draw", "--frame", str(frame), *args, "--in", str(out), stdout=said)
    assert "缺少第" in said.getvalue()
    with pytest.raises(CommandError, match="找不到部门"):
        call_command("supervision", "draw", "--department", "不存在的局", *args, "--frame-out", str(frame), "--out", str(out))
    with pytest.raises(CommandError, match="0 与 1"):
        call_command("supervision", "draw", "--department", "市市场监督管理局", "--ratios", "A=3", "--seed", "s",
                     "--frame-out", str(frame), "--out", str(out))


def test_scoping_department_district_enterprise(client_for):
    fire_task = InspectionTask.objects.filter(lead_unit__name="大连市消防救援支队", joint=False).first()
    food_task = InspectionTask.objects.filter(lead_unit__name="市市场监督管理局", joint=False).first()
    officer = client_for("handler_scj")
    assert officer.get(reverse("supervision:task_detail", args=[food_task.pk])).status_code == 200
    assert officer.get(reverse("supervision:task_detail", args=[fire_task.pk])).status_code == 404  # another department's
    leader = client_for("leader")
    assert leader.get(reverse("supervision:task_detail", args=[fire_task.pk])).status_code == 200  # city-wide
    owner = User.objects.filter(role=User.Role.ENTERPRISE, enterprise=food_task.enterprise).first()
    if owner is None:
        owner = User.objects.create(username="ent_scope", role=User.Role.ENTERPRISE, enterprise=food_task.enterprise)
    from django.test import Client

    own = Client()
    own.force_login(owner)
    assert own.get(reverse("supervision:task_detail", args=[food_task.pk])).status_code == 200
    other = InspectionTask.objects.exclude(enterprise=food_task.enterprise).first()
    assert own.get(reverse("supervision:task_detail", args=[other.pk])).status_code == 404
    page = own.get(reverse("supervision:mine")).content.decode()
    assert food_task.code in page and other.code not in page
    coordinator = client_for("coordinator_gjz")
    listed = coordinator.get(reverse("supervision:task_list")).content.decode()
    in_district = InspectionTask.objects.filter(enterprise__district__code__startswith="210211").first()
    outside = InspectionTask.objects.exclude(enterprise__district__code__startswith="210211").first()
    if in_district:
        assert in_district.code in listed
    assert outside.code not in listed


def test_public_pages_show_no_personal_data(client):
    published = InspectionTask.objects.filter(published_on__isnull=False).first()
    assert published is not None  # the demo step publishes its two records
    page = client.get(reverse("supervision:public_results")).content.decode()
    assert published.enterprise.name in page and published.get_result_display() in page
    names = list(Inspector.objects.values_list("name", flat=True))
    assert not any(name in page for name in names)
    assert published.enterprise.contact_name not in page or not published.enterprise.contact_name
    scan = client.get(reverse("supervision:scan", args=[services.task_token(published)])).content.decode()
    for inspector in published.inspectors.all():
        assert inspector.certificate_no in scan and inspector.name not in scan and inspector.name[0] + "*" in scan
    assert client.get(reverse("supervision:scan", args=["forged:token"])).status_code == 404
    plans = client.get(reverse("supervision:public_plans")).content.decode()
    plan = SamplingPlan.objects.exclude(frame_sha256="").first()
    assert plan.frame_sha256 in plans
    frame = client.get(reverse("supervision:public_plan_file", args=[plan.pk, "frame"]))
    assert frame.status_code == 200 and frame.content.decode() == plan.frame_csv
    api = client.get("/api/v1/supervision/public/results/")
    assert api.status_code == 200 and not any(name in api.content.decode() for name in names)


def test_staff_pages_and_notice_and_api(client_for):
    officer = client_for("handler_scj")
    for name in ("plan_list", "task_list", "catalogue", "merge", "triggers"):
        assert officer.get(reverse(f"supervision:{name}")).status_code == 200, name
    notice_task = InspectionTask.objects.filter(record__outcome="notice").first()
    docx = officer.get(reverse("supervision:task_notice", args=[notice_task.pk, "docx"]))
    assert docx.status_code == 200 and docx.content[:2] == b"PK"
    pdf = officer.get(reverse("supervision:task_notice", args=[notice_task.pk, "pdf"]))
    assert pdf.status_code == 200 and pdf.content[:4] == b"%PDF"
    plans = officer.get("/api/v1/supervision/plans/").json()
    assert plans and all(p["unit"] == "市市场监督管理局" for p in plans)
    draw = officer.get(f"/api/v1/supervision/plans/{plans[0]['id']}/draw/").json()
    assert draw and len(draw[0]["certificates"]) == 2
    export = officer.get(reverse("supervision:task_list") + "?export=xlsx")
    assert export.status_code == 200 and b"".join(export.streaming_content)[:2] == b"PK"
    assert client_for("enterprise").get(reverse("supervision:plan_list")).status_code == 403


def test_the_generic_workflow_api_cannot_skip_the_code(client_for):
    task = InspectionTask.objects.filter(state="planned", inspectors__user__username="inspector_scj").first()
    inspector = client_for("inspector_scj")
    for op in ("start", "merge"):
        response = inspector.post(f"/api/v1/workflows/supervision-tasks/{task.pk}/operations/{op}/", {}, content_type="application/json")
        assert response.status_code in (400, 403), (op, response.status_code)
    task.refresh_from_db()
    assert task.state == "planned"
