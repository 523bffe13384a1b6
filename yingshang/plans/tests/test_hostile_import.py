"""Hostile plan files (issue #12 item 1): each refused within its budget, with a Chinese reason, creating nothing.

Before the guarded readers a 179 KB .docx that unpacked to 50 MB of paragraphs took minutes and gigabytes and
made a draft with 640,000 items; a .docx whose document.xml was not XML gave a 500.
"""

from __future__ import annotations

import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from yingshang.core.models import AuditEntry, Job
from yingshang.core.tests import hostile
from yingshang.plans import services
from yingshang.plans.models import Plan, PlanItem

pytestmark = pytest.mark.django_db

BUDGET_SECONDS = 5.0

CORPUS = [
    pytest.param("方案.docx", hostile.docx_bomb, "压缩炸弹", id="docx-zip-bomb-50MB"),
    pytest.param("方案.docx", hostile.docx_billion_laughs, "实体", id="docx-billion-laughs"),
    pytest.param("方案.docx", hostile.docx_external_entity, "实体", id="docx-external-entity"),
    pytest.param("方案.docx", hostile.docx_malformed_xml, "不是有效的 XML", id="docx-malformed-xml"),
    pytest.param("方案.docx", lambda: hostile.docx_nested_archives(3), "嵌套", id="docx-nested-archives"),
    pytest.param("方案.docx", lambda: hostile.zip_many_entries(3000), "压缩条目", id="docx-too-many-entries"),
    pytest.param("方案.pdf", hostile.pdf_huge_object_count, "对象", id="pdf-billion-objects"),
    pytest.param("方案.pdf", hostile.pdf_huge_page_count, "页", id="pdf-huge-page-count"),
    pytest.param("方案.txt", lambda: hostile.huge_single_line_text(8), "字符", id="txt-huge-single-line"),
    pytest.param("方案.html", lambda: hostile.huge_single_line_html(8), "字符", id="html-huge-single-line"),
    pytest.param("方案.html", lambda: hostile.many_tags_html(600_000), "HTML 标签", id="html-too-many-tags"),
]


def _counts():
    return Plan.objects.count(), PlanItem.objects.count(), AuditEntry.objects.filter(action__startswith="plans.").count()


@pytest.mark.parametrize("name, build, reason", CORPUS)
def test_the_service_refuses_each_hostile_file_within_its_budget(users, name, build, reason):
    data = build()
    before = _counts()
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile(name, data))
    elapsed = time.monotonic() - started
    assert elapsed < BUDGET_SECONDS, f"{name} refused after {elapsed:.1f} s"
    message = refused.value.messages[0]
    assert reason in message and "。" in message, message
    assert refused.value.code in ("too_large", "unreadable")
    assert _counts() == before


@pytest.mark.parametrize("name, build, reason", [CORPUS[0], CORPUS[3]])
def test_the_upload_page_runs_the_job_and_lands_back_with_the_reason(client_for, name, build, reason):
    before = _counts()
    response = client_for("admin").post(reverse("plans:plan_import"), {"file": SimpleUploadedFile(name, build())}, follow=True)
    assert response.status_code == 200 and reason in response.content.decode()
    assert response.redirect_chain[-1][0] == reverse("plans:plan_import")
    job = Job.objects.filter(kind="plans.plan_import").latest("id")
    assert job.status == Job.Status.FAILED and reason in job.error and job.payload is None
    assert _counts() == before


def test_a_docx_with_too_many_paragraphs_for_the_setting_is_refused(users, settings):
    settings.YINGSHANG_DOCUMENT_LIMITS = {"max_paragraphs": 200}
    before = _counts()
    with pytest.raises(ValidationError, match="段落"):
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile("方案.docx", hostile.docx_many_paragraphs(201)))
    assert _counts() == before


def test_more_items_than_a_plan_may_have_are_refused(users, settings):
    settings.PLANS_MAX_ITEMS = 50
    text = "某市优化营商环境行动方案\n" + "\n".join(f"{n}.推进第{n}项改革任务。(牵头单位:市营商局)" for n in range(1, 52))
    before = _counts()
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile("方案.txt", text.encode()))
    assert refused.value.code == "too_large" and "51" in refused.value.messages[0] and "50" in refused.value.messages[0]
    assert _counts() == before


def test_the_parse_runs_within_the_time_budget(users, settings, monkeypatch):
    """A parser that does not finish (whatever the cause) is stopped at the budget; nothing is written."""
    import yingshang.plans.services as plan_services

    settings.YINGSHANG_DOCUMENT_LIMITS = {"parse_seconds": 1}
    monkeypatch.setattr(plan_services, "parse_plan", _never_returns)
    before = _counts()
    started = time.monotonic()
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile("方案.txt", "一、总体要求\n1.任务".encode()))
    assert refused.value.code == "timeout" and "1 秒" in refused.value.messages[0]
    assert time.monotonic() - started < 3 and _counts() == before


def _never_returns(*args, **kwargs):
    while True:
        pass


def test_an_ordinary_docx_still_imports(users):
    plan = services.plan_import(actor=users["admin"], source=SimpleUploadedFile("方案.docx", hostile.docx_plan([
        "某市2026年优化营商环境行动方案", "一、优化政务服务", "1.压缩企业开办时间。(牵头单位:市市场监管局)", "2.推进一网通办。(牵头单位:市营商局)",
    ])))
    assert plan.status == Plan.Status.DRAFT and plan.items.count() == 3


@pytest.mark.parametrize("raw", ["inf", "nan", "1e400", "1,2", "1" * 20])
def test_an_indicator_value_that_is_not_a_storable_number_is_a_chinese_error(published, users, raw):
    """The kernel's one number parser (core.services.parse_decimal) behind every plans figure."""
    from yingshang.plans.models import IndicatorValue

    from .conftest import task_of

    task = task_of(published, "市营商局(市大数据管理局)")
    handler = users["admin"].__class__.objects.create_user("handler_yss", password="x" * 10, role="handler", unit=task.unit)
    indicator = task.item.indicators.get()
    before = IndicatorValue.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.report_submit(actor=handler, task=task, text="已完成。", percent=80, values={indicator.pk: raw})
    assert "政务服务事项网上可办率" in refused.value.messages[0]
    assert IndicatorValue.objects.count() == before
