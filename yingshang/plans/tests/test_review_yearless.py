"""A plan whose text names no year (an annex's task table, a notice copied without its heading) writes its deadlines
as a month or a day alone: review names those items, and the 成文日期 the reviewer gives dates them in that year —
items corrected by hand keep what the reviewer set, each change lands in the audit trail, and only a reviewer may."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from yingshang.core.auditlog import AuditEntry
from yingshang.plans import services
from yingshang.plans.models import DeadlineKind, PlanItem

pytestmark = pytest.mark.django_db

# (no year anywhere: no title year, no 文号, no signature date, no dated phase)
YEARLESS_PLAN = """附件
区消防安全专项整治重点任务清单
一、摸清底数
1.完成高层建筑排查。(区住建局牵头,各街道配合;11月底前完成)
2.建立隐患台账。(区应急局牵头;9月15日前)
二、整改提升
3.完成隐患整改。(区住建局牵头;年底前)
4.持续开展宣传。(区应急局牵头;长期坚持)
"""


@pytest.fixture
def yearless(users, at):
    at(dt.datetime(2026, 3, 2, 9, 0))
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("任务清单.txt", YEARLESS_PLAN.encode("utf-8"))
    return services.plan_import(actor=users["admin"], source=upload)


def _items(plan):
    return {item.number: item for item in PlanItem.objects.filter(plan=plan)}


def test_the_import_warns_that_the_text_names_no_year(yearless):
    assert any("文中找不到方案的年份,3个时限只写了月、日" in w for w in yearless.parse_result["warnings"])


def test_review_names_items_whose_deadlines_have_no_year(yearless):
    items = _items(yearless)
    assert items["1."].deadline_kind == DeadlineKind.NONE and items["1."].due is None
    warned = services.publish_warnings(yearless).yearless
    assert [item.number for item in warned] == ["1.", "2.", "3."]  # 长期坚持 needs no year


def test_the_issue_date_given_at_review_dates_them_in_its_year(yearless, users):
    services.plan_update(actor=users["admin"], plan=yearless, expected_version=yearless.version, issued_on=dt.date(2025, 2, 20))
    items = _items(yearless)
    assert (items["1."].deadline_kind, items["1."].due) == (DeadlineKind.DATE, dt.date(2025, 11, 30))
    assert items["2."].due == dt.date(2025, 9, 15)
    assert items["3."].due == dt.date(2025, 12, 31)
    assert items["4."].deadline_kind == DeadlineKind.ONGOING
    assert items["1."].deadlines[0]["text"].startswith("11月底") and items["1."].deadlines[0]["dated_by"] == "issued_on"
    assert not services.publish_warnings(yearless).yearless
    dated = AuditEntry.objects.filter(action="plans.plan_item.date_yearless")
    assert sorted(int(e.object_id) for e in dated) == sorted(items[n].pk for n in ("1.", "2.", "3."))
    assert all(e.after.get("due") for e in dated)


def test_an_item_the_reviewer_corrected_keeps_what_was_set(yearless, users):
    item = _items(yearless)["2."]
    services.item_update(actor=users["admin"], item=item, expected_version=item.version, title=item.title,
                         lead_units="区应急局", responsible_units="", deadline_kind=DeadlineKind.NONE, due=None)
    services.plan_update(actor=users["admin"], plan=yearless, expected_version=yearless.version, issued_on=dt.date(2025, 2, 20))
    items = _items(yearless)
    assert items["2."].due is None and items["2."].corrected
    assert items["1."].due == dt.date(2025, 11, 30)


def test_a_plan_whose_text_names_its_year_is_not_redated(draft, users):
    before = {item.pk: (item.deadline_kind, item.due) for item in PlanItem.objects.filter(plan=draft)}
    assert not services.publish_warnings(draft).yearless
    services.plan_update(actor=users["admin"], plan=draft, expected_version=draft.version, issued_on=dt.date(2020, 1, 1))
    assert {item.pk: (item.deadline_kind, item.due) for item in PlanItem.objects.filter(plan=draft)} == before


def test_only_a_reviewer_may_date_them(yearless, users):
    with pytest.raises(PermissionDenied):
        services.plan_update(actor=users["handler_scj"], plan=yearless, expected_version=yearless.version, issued_on=dt.date(2025, 2, 20))
    assert _items(yearless)["1."].due is None
    assert not AuditEntry.objects.filter(action="plans.plan_item.date_yearless").exists()


def test_the_review_page_warns_and_the_meta_form_dates_them(yearless, client_for):
    client = client_for("admin")
    url = reverse("plans:plan_detail", args=[yearless.pk])
    page = client.get(url).content.decode()
    warning = page[page.index('id="yearless-warning"'):]
    warning = warning[: warning.index("</div>")]
    assert "3 个条目的完成时限只写了月、日" in warning and "11月底前" in warning and "9月15日前" in warning
    saved = client.post(reverse("plans:plan_meta_update", args=[yearless.pk]), {
        "version": yearless.version, "title": yearless.title, "issued_on": "2025-02-20",
        "report_every_months": "1", "report_grace_days": "5", "lag_tolerance": "10",
    }, follow=True)
    assert "方案信息已保存" in saved.content.decode()
    assert 'id="yearless-warning"' not in saved.content.decode()
    assert _items(yearless)["1."].due == dt.date(2025, 11, 30)
