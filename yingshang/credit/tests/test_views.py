"""Scope and pages: enterprises see their own records, the deciding unit its own, the credit unit all,
debtor units complaints against them; public pages show no personal data; the standing API is scoped."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.services import user_create
from yingshang.credit import services
from yingshang.credit.models import ArrearsComplaint, Penalty, RepairApplication

pytestmark = pytest.mark.django_db


@pytest.fixture
def credit_officer(db):
    return user_create(actor=None, username="credit_officer", password="Yingshang@2026x", role=User.Role.HANDLER,
                       unit=Unit.objects.get(code="U017"), display_name="信用办")


def test_menu_pages_answer_for_every_role_that_has_them(client_for):
    for username, paths in {
        "admin": ["/credit/", "/credit/model/", "/credit/records/", "/credit/repairs/", "/credit/arrears/"],
        "handler_scj": ["/credit/", "/credit/records/", "/credit/repairs/", "/credit/arrears/"],
        "coordinator_gjz": ["/credit/", "/credit/repairs/", "/credit/arrears/"],
        "enterprise": ["/credit/repairs/", "/credit/arrears/", "/credit/arrears/new/"],
    }.items():
        client = client_for(username)
        for path in paths:
            assert client.get(path).status_code == 200, (username, path)
    assert client_for("enterprise").get("/credit/").status_code == 403
    assert client_for("handler_scj").get("/credit/model/").status_code == 403


def test_the_enterprise_page_shows_every_indicator_and_the_enterprise_sees_only_its_own(users, client_for):
    own = users["enterprise"].enterprise
    client = client_for("enterprise")
    response = client.get("/credit/mine/", follow=True)
    page = response.content.decode()
    assert response.status_code == 200 and own.name in page and 'id="risk-class"' in page
    assert "近24个月有行政处罚" in page  # every indicator of the model is listed, held or not
    other = Enterprise.objects.exclude(pk=own.pk).first()
    assert client.get(f"/credit/enterprises/{other.pk}/").status_code == 404


def test_repairs_are_scoped_to_the_deciding_unit_the_applicant_and_the_credit_unit(users, client_for, credit_officer, client):
    application = RepairApplication.objects.filter(enterprise=users["enterprise"].enterprise).first()  # the demo's pending one
    assert application is not None and application.unit.name == "市市场监督管理局"
    url = f"/credit/repairs/{application.pk}/"
    assert client_for("handler_scj").get(url).status_code == 200
    assert client_for("enterprise").get(url).status_code == 200
    assert client_for("handler_zjj").get(url).status_code == 404
    client.force_login(credit_officer)
    assert client.get(url).status_code == 200
    # The credit unit reads every repair but decides none of another unit's.
    page = client.get(url).content.decode()
    assert "/approve/" not in page
    assert "/approve/" in client_for("handler_scj").get(url).content.decode()
    assert client_for("handler_zjj").post(f"{url}approve/", {"reason": "x"}).status_code == 404


def test_arrears_are_scoped_to_the_debtor_unit_and_the_complainant(users, client_for):
    zjj = Unit.objects.get(name="市住房和城乡建设局")
    complaint = ArrearsComplaint.objects.filter(debtor_unit=zjj).first()
    url = f"/credit/arrears/{complaint.pk}/"
    assert client_for("handler_zjj").get(url).status_code == 200
    assert client_for("enterprise").get(url).status_code == 200
    assert client_for("handler_scj").get(url).status_code == 404
    listed = client_for("handler_scj").get("/credit/arrears/").content.decode()
    assert f"/credit/arrears/{complaint.pk}/" not in listed


def test_public_pages_show_legal_persons_only_and_no_personal_data(users, admin, scj, client):
    individual = Enterprise.objects.filter(kind="individual").exclude(contact_name="").first()
    services.penalty_create(actor=admin, enterprise=individual, unit=scj, decision_no="测个体罚1号", decided_on=dt.date(2026, 1, 5),
                            matter="占道经营")
    page = client.get("/credit/public/").content.decode()
    shown = Penalty.objects.filter(repaired_on__isnull=True).exclude(enterprise__kind="individual").select_related("enterprise").first()
    assert shown.decision_no in page
    assert "测个体罚1号" not in page and individual.name not in page
    for enterprise in Enterprise.objects.filter(credit_penalties__isnull=False).distinct()[:20]:
        for personal in (enterprise.contact_name, enterprise.contact_phone):
            assert not personal or personal not in page
    assert client.get("/credit/public/arrears/").status_code == 200


def test_the_standing_api_is_scoped(users, client_for):
    own = users["enterprise"].enterprise
    client = client_for("enterprise")
    body = client.get(f"/api/v1/credit/standing/{own.credit_code}/").json()
    assert body["credit_code"] == own.credit_code and body["risk_class"] in "ABCD" and isinstance(body["reasons"], list)
    other = Enterprise.objects.exclude(pk=own.pk).first()
    assert client.get(f"/api/v1/credit/standing/{other.credit_code}/").status_code == 404
    assert client_for("admin").get(f"/api/v1/credit/standing/{other.credit_code}/").status_code == 200


def test_an_import_with_bad_rows_is_refused_row_by_row_and_a_good_one_applies(users, client_for, admin):
    enterprise = Enterprise.objects.filter(kind="enterprise").order_by("-pk").first()
    bad = ("统一社会信用代码,处罚决定书文号,处罚机关,处罚决定日期,违法行为,程度\n"
           f"{enterprise.credit_code},导入罚1号,市市场监督管理局,2026-03-01,虚假宣传,一般\n"
           "91210200XXXXXXXXXX,导入罚2号,不存在的局,2026-03-01,虚假宣传,特别\n").encode()
    client = client_for("admin")
    response = client.post("/credit/records/import/", {"kind": "penalties", "file": SimpleUploadedFile("p.csv", bad)}, follow=True)
    page = response.content.decode()
    assert "第3行" in page and "不存在的局" in page and "程度只能是" in page
    assert not Penalty.objects.filter(decision_no="导入罚1号").exists()
    good = ("统一社会信用代码,评价年度,纳税信用级别\n" f"{enterprise.credit_code},2025,D级\n").encode()
    response = client.post("/credit/records/import/", {"kind": "tax", "file": SimpleUploadedFile("t.csv", good)}, follow=True)
    assert "已导入纳税信用级别 1 条" in response.content.decode()
    assert enterprise.credit_tax_levels.get(year=2025).level == "D"
    assert any(r["label"] == "纳税信用C级或D级" for r in enterprise.credit_evaluation.reasons) or enterprise.credit_evaluation.blacklisted


def test_an_enterprise_submits_an_arrears_complaint(users, client_for):
    zjj = Unit.objects.get(name="市住房和城乡建设局")
    response = client_for("enterprise").post("/credit/arrears/new/", {"debtor_unit": zjj.pk, "contract": "绿化养护合同", "amount": "5000"}, follow=True)
    assert response.status_code == 200
    complaint = ArrearsComplaint.objects.get(contract="绿化养护合同")
    assert complaint.enterprise == users["enterprise"].enterprise and complaint.amount_claimed == Decimal("5000")


def test_the_model_page_saves_a_new_version_and_recomputes(client_for):
    from yingshang.credit.models import CreditModel, CreditRun

    model = CreditModel.objects.get(is_active=True)
    indicators = list(model.indicators.all())
    data = {"base_score": "80", "class_a_min": "90", "class_b_min": "75", "class_c_min": "60", "blacklist_class": "D", "note": "基础分下调",
            "version": str(model.version), "number": str(model.number), "ind-TOTAL_FORMS": str(len(indicators)), "ind-INITIAL_FORMS": str(len(indicators)),
            "ind-MIN_NUM_FORMS": "0", "ind-MAX_NUM_FORMS": "40"}
    for k, indicator in enumerate(indicators):
        data |= {f"ind-{k}-fact": indicator.fact, f"ind-{k}-label": indicator.label, f"ind-{k}-comparator": indicator.comparator,
                 f"ind-{k}-threshold": str(indicator.threshold), f"ind-{k}-points": str(indicator.points)}
    data[f"ind-{len(indicators) - 1}-DELETE"] = "on"
    client_for("admin").post("/credit/model/", data)
    revised = CreditModel.objects.get(is_active=True)
    assert revised.number == model.number + 1 and revised.base_score == 80 and revised.indicators.count() == len(indicators) - 1
    assert CreditRun.objects.filter(model=revised, partial=False).exists()  # the recomputation job ran (immediate backend)
    stale = dict(data, version=str(model.version))
    response = client_for("admin").post("/credit/model/", stale)  # a second editor of the old version: refused, nothing lost
    assert CreditModel.objects.get(is_active=True).pk == revised.pk
    assert response.status_code in (200, 409)
