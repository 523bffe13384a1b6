"""Bulk import with its row report, the JSON intake API, taxonomy versioning, and the KPI definitions."""

import datetime as dt
import io

import pytest
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals import kpis, services
from yingshang.appeals.imports import appeal_import
from yingshang.appeals.models import Appeal, Label
from yingshang.appeals.workflow import State

pytestmark = pytest.mark.django_db

CSV = """受理编号,受理时间,渠道,诉求类型,标题,诉求内容,区县,街道,联系电话,标签,承办单位,办结时间,答复意见,满意度
H2025-0001,2025-03-01 09:30,热线,投诉,电梯,小区电梯故障,中山区,,13912345678,城乡建设/物业管理/电梯故障,市住房和城乡建设局,2025-03-05 16:00,已维修,满意
H2025-0002,2025/03/02,网站,咨询,,公积金怎么提取,,,0411-84561234,,,,,
H2025-0003,2025-03-03 10:00,热线,投诉,,,中山区,,13912345678,,,,,
H2025-0004,2025-03-04 10:00,传真,投诉,,内容,火星区,,12345,不存在/标签,不存在的局,,,很好
H2025-0001,2025-03-05 10:00,热线,投诉,,重复编号,中山区,,13912345678,,,,,
H2025-0006,2025-03-06 10:00,热线,投诉,,办结早于受理,中山区,,13912345678,城乡建设/物业管理/电梯故障,市住房和城乡建设局,2025-03-01 10:00,已办,
"""


def test_import_reports_every_row_and_keeps_the_good_ones(hub, users):
    job = appeal_import(actor=users["admin"], file=CSV.encode("utf-8"), filename="history.csv")
    assert (job.total_rows, job.created_rows, job.failed_rows) == (6, 2, 4)
    by_row = {r["row"]: r for r in job.report}
    assert by_row[2]["status"] == by_row[3]["status"] == "created"
    assert "诉求内容不能为空" in by_row[4]["errors"]
    errors5 = ";".join(by_row[5]["errors"])
    for fragment in ("渠道“传真”无效", "区县“火星区”", "联系电话", "标签“不存在/标签”", "单位“不存在的局”", "满意度“很好”"):
        assert fragment in errors5, fragment
    assert "与第2行的受理编号重复" in by_row[6]["errors"]
    assert "办结时间早于受理时间" in by_row[7]["errors"]
    done = Appeal.objects.get(tracking_no="H2025-0001")
    assert done.state == State.ARCHIVED and done.is_historical and done.rating == 4 and done.completed_on_time
    assert done.unit.name == "市住房和城乡建设局" and done.label.path == "城乡建设/物业管理/电梯故障"
    waiting = Appeal.objects.get(tracking_no="H2025-0002")
    assert waiting.state == State.RECEIVED and waiting.person_phone == "041184561234"
    again = appeal_import(actor=users["admin"], file=CSV.encode("utf-8"), filename="history.csv")
    assert again.created_rows == 0 and "已存在" in ";".join(again.report[0]["errors"])


def test_import_xlsx_and_the_page(hub, client_for):
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["受理时间", "诉求内容", "联系电话"])
    sheet.append(["2025-06-01 10:00", "噪声扰民", "13912345678"])
    sheet.append(["", "没有时间", "13912345678"])
    buffer = io.BytesIO()
    book.save(buffer)
    buffer.name = "history.xlsx"
    buffer.seek(0)
    # The import runs as a background job; its page shows the report.
    page = client_for("admin").post(reverse("appeals:import"), {"file": buffer}, follow=True).content.decode()
    assert "新增 1" in page and "失败 1" in page and "受理时间不能为空" in page
    assert client_for("handler_zjj").get(reverse("appeals:import")).status_code == 403


def test_api_intake_with_idempotency_key(hub, client_for):
    client = client_for("operator")
    body = {"channel": "app", "appeal_type": "complaint", "content": "工地夜间施工噪声", "person_phone": "13912345678", "district": "中山区"}
    first = client.post(reverse("api:appeals"), body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="app-42")
    assert first.status_code == 201 and first.json()["state"] == "received"
    again = client.post(reverse("api:appeals"), body, content_type="application/json", HTTP_IDEMPOTENCY_KEY="app-42")
    assert again.status_code == 200 and again["Idempotent-Replayed"] == "true" and again.json()["tracking_no"] == first.json()["tracking_no"]
    bad = client.post(reverse("api:appeals"), body | {"person_phone": "123"}, content_type="application/json")
    assert bad.status_code == 400 and "person_phone" in {e["field"] for e in bad.json()["errors"]}
    conflict = client.post(reverse("api:appeals"), body | {"content": "别的事"}, content_type="application/json", HTTP_IDEMPOTENCY_KEY="app-42")
    assert conflict.status_code == 409
    assert client.post(reverse("api:appeals"), "{not json", content_type="application/json").status_code == 400
    assert client_for("handler_zjj").post(reverse("api:appeals"), body, content_type="application/json").status_code == 403


def test_api_token_clients_need_no_csrf(hub, users):
    import hashlib

    from django.test import Client

    from yingshang.core.models import ApiToken

    ApiToken.objects.create(user=users["operator"], name="政企直通车", key_hash=hashlib.sha256(b"k-123").hexdigest())
    client = Client(enforce_csrf_checks=True)
    response = client.post(reverse("api:appeals"), {"content": "企业融资难", "person_phone": "13912345678", "channel": "enterprise_line"},
                           content_type="application/json", HTTP_AUTHORIZATION="Bearer k-123")
    assert response.status_code == 201
    client.force_login(users["operator"])
    refused = client.post(reverse("api:appeals"), {"content": "x"}, content_type="application/json")
    assert refused.status_code == 403 and "CSRF" in refused.json()["detail"]


def test_taxonomy_versions_keep_the_label_an_appeal_was_given(hub, users, make_appeal):
    appeal = make_appeal(State.DISPATCHED)
    old_label = appeal.label
    draft = services.taxonomy_draft(actor=users["admin"])
    renamed = Label.objects.get(taxonomy=draft, path="城乡建设/物业管理/电梯故障")
    services.label_rename(actor=users["admin"], label=renamed, name="电梯安全")
    services.label_add(actor=users["admin"], version=draft, parent=renamed.parent, name="二次供水")
    with pytest.raises(Exception, match="不可修改"):
        services.label_add(actor=users["admin"], version=hub.version, parent=None, name="新领域")
    services.taxonomy_publish(actor=users["admin"], version=draft)
    appeal.refresh_from_db()
    assert appeal.label == old_label and appeal.label.path == "城乡建设/物业管理/电梯故障" and appeal.label.taxonomy == hub.version
    from yingshang.appeals.taxonomy import current_labels

    assert "城乡建设/物业管理/电梯安全" in current_labels() and "城乡建设/物业管理/电梯故障" not in current_labels()
    hub.version.refresh_from_db()
    assert hub.version.status == "retired"
    with pytest.raises(Exception, match="最多 4 级"):
        deep = Label.objects.get(taxonomy=draft, path="城乡建设/物业管理/电梯安全")
        fourth = services.label_add(actor=users["admin"], version=services.taxonomy_draft(actor=users["admin"]), parent=None, name="甲")
        for name in ("乙", "丙", "丁", "戊"):
            fourth = services.label_add(actor=users["admin"], version=fourth.taxonomy, parent=fourth, name=name)
    assert deep.level == 3


def _at(*args):
    return timezone.make_aware(dt.datetime(*args))


def _counts(report):
    return {r.key: (r.numerator, r.denominator) for r in report} | {"appeals": report.appeals}


def _delta(before, after):
    return {k: (tuple(a - b for a, b in zip(after[k], before[k])) if isinstance(after[k], tuple) else after[k] - before[k]) for k in after}


def test_kpis_count_open_overdue_appeals_in_the_denominator(hub, make_appeal):
    unit, now = hub.units["zjj"], hub.now
    period = (now.date() - dt.timedelta(days=3), now.date())
    before = _counts(kpis.unit_kpis(unit, *period))
    make_appeal(State.ARCHIVED, completed_on_time=True, dispatched_on_time=True, feedback_on_time=True, first_feedback_at=now, rating=5)
    make_appeal(State.ARCHIVED, completed_on_time=False, dispatched_on_time=False, feedback_on_time=True, first_feedback_at=now, rating=2, bad_rating_count=1)
    make_appeal(State.IN_PROGRESS, completion_due=now - dt.timedelta(hours=1), feedback_due=now - dt.timedelta(days=2), dispatched_on_time=True)  # overdue
    make_appeal(State.SIGNED, completion_due=now + dt.timedelta(days=3), dispatched_on_time=True)  # open, not yet due: not counted
    change = _delta(before, _counts(kpis.unit_kpis(unit, *period)))
    assert change["appeals"] == 4
    assert change["completion"] == (2, 3)  # two done; the overdue open one joins the denominator, the not-yet-due one does not
    assert change["on_time_completion"] == (1, 3)
    assert change["instant_dispatch"] == (3, 4)
    assert change["on_time_feedback"] == (2, 3)
    assert change["satisfaction"] == (1, 2)
    assert change["bad_rating_callback"] == (0, 1)


def test_ratio_arithmetic():
    ratio = kpis.Ratio("completion", "办结率", numerator=2, denominator=3, target=0.9)
    assert ratio.percent == "66.7%" and ratio.meets_target is False
    assert kpis.Ratio("x", "x").percent == "—" and kpis.Ratio("x", "x").meets_target is None


def test_return_rate_and_repeat_rate(hub, make_appeal, users):
    period = (hub.now.date() - dt.timedelta(days=3), hub.now.date())
    before = _counts(kpis.unit_kpis(hub.units["zjj"], *period))
    city_before = _counts(kpis.city_kpis(*period)[0])
    first = make_appeal(State.RECEIVED)
    services.appeal_act(actor=None, appeal=first, action="dispatch")
    services.appeal_act(actor=None, appeal=first, action="return", reason="非本单位")
    second = services.appeal_submit(actor=None, public=True, channel="web", appeal_type="complaint", content=first.content,
                                    person_phone=first.person_phone).appeal
    assert second.repeat_of == first
    assert _delta(before, _counts(kpis.unit_kpis(hub.units["zjj"], *period)))["return"] == (1, 1)
    city, per_unit = kpis.city_kpis(*period)
    assert _delta(city_before, _counts(city))["repeat"] == (1, 2)
    assert any(r.unit == hub.units["zjj"] for r in per_unit)


def test_kpi_pages_and_api(hub, make_appeal, client_for):
    make_appeal(State.ARCHIVED, completed_on_time=True, rating=5)
    page = client_for("leader").get(reverse("appeals:kpi")).content.decode()
    assert "即时转办率" in page and "市住房和城乡建设局" in page
    unit_page = client_for("handler_zjj").get(reverse("appeals:kpi"), follow=True)
    assert unit_page.redirect_chain and "市住房和城乡建设局" in unit_page.content.decode()
    assert client_for("handler_zjj").get(reverse("appeals:kpi_unit", args=[hub.units["scj"].pk])).status_code == 404
    data = client_for("handler_zjj").get(reverse("api:appeals_kpis")).json()
    assert data["scope"] == "市住房和城乡建设局" and set(data["kpis"]) >= {"instant_dispatch", "completion", "satisfaction", "return"}


def test_rows_without_a_number_get_one_no_appeal_holds(hub, users, make_appeal, monkeypatch):
    """The numbers drawn for an import are checked against the database: a clash with an existing appeal is drawn
    again instead of failing the whole insert."""
    from yingshang.appeals.services import validation

    held = make_appeal()
    day = held.tracking_no[:8]
    draws = iter([int(held.tracking_no[8:]), int(held.tracking_no[8:]), 1, 2])
    monkeypatch.setattr(validation.secrets, "randbelow", lambda _n: next(draws))
    monkeypatch.setattr(validation, "_new_tracking_no", lambda now: f"{day}{validation.secrets.randbelow(10**6):06d}")
    rows = "受理时间,渠道,诉求类型,诉求内容,区县,联系电话\n2025-03-01 09:30,热线,投诉,小区电梯故障,中山区,13912345678\n" \
           "2025-03-02 09:30,热线,投诉,路灯不亮,中山区,13912345679\n"
    job = appeal_import(actor=users["admin"], file=rows.encode("utf-8"), filename="history.csv")
    assert (job.created_rows, job.failed_rows) == (2, 0)
    numbers = sorted(r["code"] for r in job.report)
    assert numbers == [f"{day}000001", f"{day}000002"]
    assert Appeal.objects.filter(tracking_no__in=numbers).count() == 2
