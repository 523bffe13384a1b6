"""Pages and API: the public calculator, 我的可享政策, the editor and sandbox, the extraction assistant,
effect evaluation and its XLSX export."""

import io
import json

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from yingshang.policies import selectors
from yingshang.policies.matching import versions_in_force
from yingshang.policies.models import ItemProposal, MatchSet, PolicyApplication, PolicyItem
from yingshang.core import clock

pytestmark = pytest.mark.django_db


def test_calculator_is_public_and_asks_first_for_the_most_decisive_question(client):
    page = client.get(reverse("policies:calculator"))
    assert page.status_code == 200 and "建议先回答" in page.content.decode()
    expected = selectors.calculator_questions({"status": "active"}, versions_in_force(clock.today()))
    assert [q["gain"] for q in expected] == sorted((q["gain"] for q in expected), reverse=True)
    first = expected[0]["fact"].key
    questions = page.content.decode().split('id="next-question"')[1].split("</ol>")[0]
    assert f'data-fact="{first}"' in questions.split("<li")[1]
    # Each suggested question is answerable in place: its input is inside the list, not under 「其他信息项」.
    assert f'name="{first}"' in questions
    answered = client.post(reverse("policies:calculator"), {"size_class": "small", "kind": "enterprise", "credit_class": "A"})
    text = answered.content.decode()
    assert 'data-item="DL24-05"' in text and "符合" in text
    api = client.post(reverse("api:calculator"), json.dumps({"facts": {"size_class": "small", "credit_class": "A"}}),
                      content_type="application/json").json()
    assert any(r["item"] == "DL24-05" and r["verdict"] == "eligible" for r in api["results"])
    assert api["questions"] and "settles" in api["questions"][0]
    bad = client.post(reverse("api:calculator"), json.dumps({"facts": {"employes": 3}}), content_type="application/json")
    assert bad.status_code == 400 and "未知的事实" in bad.json()["detail"]


def test_my_policies_are_ranked_by_amount_with_reasons(client_for, users):
    client = client_for("enterprise")
    page = client.get(reverse("policies:mine")).content.decode()
    rows = selectors.my_policies(users["enterprise"])
    eligible = [r for r in rows if r.verdict == MatchSet.ELIGIBLE]
    assert eligible and [r.amount or 0 for r in eligible] == sorted((r.amount or 0 for r in eligible), reverse=True)
    assert eligible[0].item.code in page and "依据(逐条核验)" in page
    api = client.get(reverse("api:policies_mine")).json()["results"]
    assert api[0]["explanation"]["conditions"]


def test_officer_edits_rules_with_the_row_editor_and_runs_the_sandbox(client_for):
    client = client_for("handler_scj")
    item = PolicyItem.objects.get(code="DL26-01")
    form = {
        "effective_from": "2026-12-01", "benefit_kind": "service", "amount_kind": "fixed", "fixed_amount": "5", "grant_period": "yearly",
        "review_levels": "1", "limit_accept": "3", "limit_review": "10", "limit_publicity": "5", "limit_disburse": "10", "editor": "rows",
        "materials": "企业登记信息|registry\n帮扶需求说明|upload|可选",
        "cond-TOTAL_FORMS": "3", "cond-INITIAL_FORMS": "0", "cond-MIN_NUM_FORMS": "0", "cond-MAX_NUM_FORMS": "30",
        "cond-0-fact": "kind", "cond-0-op": "==", "cond-0-value": "individual",
        "cond-1-fact": "employees", "cond-1-op": ">=", "cond-1-value": "3",
        "excl-TOTAL_FORMS": "1", "excl-INITIAL_FORMS": "0", "excl-MIN_NUM_FORMS": "0", "excl-MAX_NUM_FORMS": "30",
        "excl-0-fact": "blacklisted", "excl-0-op": "==", "excl-0-value": "true",
    }
    sandbox = client.post(reverse("policies:item_sandbox", args=[item.pk]), form).content.decode()
    assert "沙盘测算" in sandbox and "按区县" in sandbox and "预算敞口" in sandbox
    assert client.post(reverse("policies:item_edit", args=[item.pk]), form).status_code == 302
    draft = item.versions.get(status="draft")
    assert draft.conditions_text == 'kind == "individual" and employees >= 3' and draft.exclusions_text == "blacklisted == true"
    form["cond-1-fact"] = "employes"
    bad = client.post(reverse("policies:item_edit", args=[item.pk]), form)
    assert bad.status_code == 200
    form.update({"cond-1-fact": "employees", "cond-2-fact": "__expr__", "cond-2-value": "district in [甘井子区] or"})
    broken = client.post(reverse("policies:item_edit", args=[item.pk]), form).content.decode()
    assert "此处应为事实名称" in broken
    assert item.versions.get(status="draft").conditions_text == 'kind == "individual" and employees >= 3'


def test_extraction_assistant_imports_a_text_and_an_officer_confirms(client_for):
    client = client_for("handler_scj")
    text = ("(4)推动航运物流振兴发展。吸引船舶运输企业来连发展,对在连开业总运力达到2-30万载重吨的船舶运输企业,按规模给予50-300万元一次性资金奖励。"
            "(牵头单位:市交通运输局)\n(5)鼓励金融机构对小微企业减费让利,全面提供简易开户免费服务。")
    response = client.post(reverse("policies:import"), {"title": "测试文件", "unit": client_for("handler_scj").get(reverse("policies:import")).context["form"].fields["unit"].queryset.first().pk, "text": text})
    assert response.status_code == 302
    proposals = list(ItemProposal.objects.filter(document__title="测试文件"))
    assert len(proposals) == 2 and proposals[0].payload["amount_rule"]["kind"] == "tiers"
    review = client.get(response["Location"]).content.decode()
    assert "请补充中间档次" in review
    unit = proposals[1].document.unit
    confirmed = client.post(reverse("policies:proposal_decide", args=[proposals[1].pk]), {
        "decision": "confirm", "code": "T-IMP", "title": "小微企业开户免费", "unit": unit.pk, "benefit_kind": "tax",
        "conditions_text": 'size_class in ["small", "micro"]'})
    assert confirmed.status_code == 302 and PolicyItem.objects.get(code="T-IMP").status == "draft"
    empty = client.post(reverse("policies:import"), {"title": "空", "unit": unit.pk, "text": ""})
    assert "请粘贴政策原文" in empty.content.decode()


def test_effect_page_and_xlsx_count_reach_applications_and_money(client_for):
    client = client_for("admin")
    rows = selectors.effect_rows(client_for("admin").get("/").wsgi_request.user)
    confirmed = PolicyApplication.objects.filter(status="confirmed", item__code="DL26-01").count()
    row = next(r for r in rows if r["item"].code == "DL26-01")
    assert row["granted"] >= confirmed >= 1 and row["eligible"] > 0 and row["days_median"] is not None
    page = client.get(reverse("policies:effect")).content.decode()
    assert 'data-item="DL26-01"' in page
    assert client.get(reverse("policies:effect_xlsx"))["Location"].endswith("?export=xlsx")
    export = client.get(reverse("policies:effect"), {"export": "xlsx"})
    workbook = load_workbook(io.BytesIO(b"".join(export.streaming_content)))
    assert workbook.sheetnames == ["政策效果", "按政策文件"]
    sheet = workbook["政策效果"]
    header = [c.value for c in sheet[1]]
    assert header[:3] == ["条款编号", "条款名称", "政策文件"] and sheet.max_row == len(rows) + 1


def test_catalogue_item_page_and_publicity_are_public(client):
    item = PolicyItem.objects.get(code="DL24-04")
    assert "按在连开业总运力分档" in client.get(reverse("policies:catalogue") + "?q=船舶").content.decode()
    detail = client.get(reverse("policies:item_detail", args=[item.pk])).content.decode()
    assert "fleet_capacity &gt;= 2" in detail or "fleet_capacity >= 2" in detail
    draft = PolicyItem.objects.get(code="BYQ22-01")
    assert client.get(reverse("policies:item_detail", args=[draft.pk])).status_code == 404
    publicity = PolicyApplication.objects.filter(publicity__isnull=False).first().publicity
    assert client.get(reverse("policies:publicity_detail", args=[publicity.pk])).status_code == 200
