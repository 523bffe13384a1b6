"""Import, review, publishing, reports, reminders, ranking and bulletins through the services."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from yingshang.core.models import AuditEntry, Notification, Unit, UnitAlias
from yingshang.plans import services
from yingshang.plans.models import Evidence, ItemMention, Plan, PlanItem, ProgressReport, RankingEntry, RankingRun, Task
from yingshang.plans.selectors import flagged_mentions, task_statuses

from .conftest import SAMPLE_PLAN, seed_path, task_of

pytestmark = pytest.mark.django_db


class HugeUpload:
    """An upload that claims 50 MB and fails if anyone reads it: size checks must come first."""

    name = "方案.docx"
    size = 50 * 1024 * 1024

    def read(self, *args):
        raise AssertionError("the file was read before its size was checked")


# --- import ---------------------------------------------------------------------------------------------

def test_import_stores_the_plan_as_a_draft_with_resolved_units(draft):
    assert draft.status == Plan.Status.DRAFT
    assert (draft.title, draft.issuer, draft.issued_on) == ("甘井子区2026年营商环境优化行动方案", "甘井子区人民政府", dt.date(2026, 1, 5))
    assert draft.issuing_unit.name == "甘井子区人民政府"
    assert draft.default_due == dt.date(2026, 12, 31)
    assert [i.path for i in draft.items.order_by("position")] == [[1], [1, 1], [1, 1, 1], [1, 1, 2], [1, 2], [1, 2, 3], [1, 2, 4], [2]]
    first = draft.items.get(number="1.")
    assert (first.deadline_kind, first.due) == ("date", dt.date(2026, 6, 30))
    assert [(i.metric, i.comparator, i.value) for i in first.indicators.all()] == [("政务服务事项网上可办率", "≥", Decimal("95"))]
    mentions = {m.mention: m for m in ItemMention.objects.filter(item__plan=draft)}
    assert mentions["市营商局"].unit.code == "U042"
    assert mentions["区财政局(金融发展局)"].unit.name == "甘井子区财政局"  # within the issuing district
    assert mentions["区直相关部门"].collective and mentions["区直相关部门"].unit is None
    assert draft.items.get(number="4.").deadline_kind == "ongoing"
    assert draft.source_text.startswith("甘井子区2026年") and draft.source_file.name.startswith("plans/sources/")
    assert AuditEntry.objects.filter(action="plans.plan.import", object_id=str(draft.pk)).exists()


def test_unknown_units_are_flagged_not_dropped(draft):
    flagged = flagged_mentions(draft)
    assert [(v.mention.mention, v.mention.role) for v in flagged] == [("区数字孪生推进中心", "lead")]
    assert "找不到" in flagged[0].flag


@pytest.mark.parametrize("content, name, code, words", [
    (b"", "empty.txt", "empty", "空"),
    ("   \n\n".encode(), "blank.txt", "empty", "空"),
    ("市政府召开常务会议,研究部署近期工作。会议强调,一是要抓好落实,二是要加强统筹。".encode(), "news.txt", "not_a_plan", "新闻报道"),
    (b"{\\rtf1 old word}", "old.doc", "unsupported_format", ".docx"),
])
def test_bad_files_are_refused_and_nothing_is_stored(users, content, name, code, words):
    before = Plan.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile(name, content))
    assert refused.value.code == code and words in refused.value.messages[0]
    assert Plan.objects.count() == before


def test_a_50_mb_file_is_refused_before_it_is_read(users):
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=HugeUpload())
    assert refused.value.code == "too_large" and "文件为 50 MB,超过方案文件 20 MB 的上限" in refused.value.messages[0]


def test_a_50_mb_file_on_disk_is_refused_from_its_size(users, tmp_path):
    big = tmp_path / "plan.txt"
    with open(big, "wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # sparse: nothing to read
    with pytest.raises(ValidationError, match="超过方案文件"):
        services.plan_import(actor=users["admin"], source=big)


def test_a_scanned_pdf_asks_for_ocr(users):
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=SimpleUploadedFile("scan.pdf", buffer.getvalue()))
    assert refused.value.code == "needs_ocr" and "OCR" in refused.value.messages[0]


def test_the_news_report_seed_is_refused(users):
    with pytest.raises(ValidationError) as refused:
        services.plan_import(actor=users["admin"], source=seed_path("001"))
    assert refused.value.code == "not_a_plan" and "新闻报道" in refused.value.messages[0]


def test_only_admins_import(users):
    with pytest.raises(PermissionDenied):
        services.plan_import(actor=users["handler_scj"], source=SAMPLE_PLAN)


def test_same_file_twice_is_stored_once(draft, users):
    again = services.plan_import(actor=users["admin"], source=SAMPLE_PLAN)
    assert again.source_file.name == draft.source_file.name and again.pk != draft.pk
    services.plan_discard(actor=users["admin"], plan=again)
    assert draft.source_file.storage.exists(draft.source_file.name)  # still used by the first draft
    assert not Plan.objects.filter(pk=again.pk).exists() and not PlanItem.objects.filter(plan_id=again.pk).exists()


# --- review ---------------------------------------------------------------------------------------------

def test_the_officer_corrects_an_item(draft, users):
    item = draft.items.get(number="3.")
    services.item_update(
        actor=users["admin"], item=item, expected_version=item.version, title="完善用地保障", deadline_kind="date", due=dt.date(2026, 9, 30),
        lead_units="区自然资源分局、市自然资源局", responsible_units="各镇(街道)",
        indicators=[{"metric": "标准地出让占比", "comparator": "≥", "value": "50", "unit": "%", "due": None}],
    )
    item.refresh_from_db()
    assert (item.title, item.due, item.corrected) == ("完善用地保障", dt.date(2026, 9, 30), True)
    leads = list(item.mentions.filter(role="lead").order_by("position"))
    assert [(m.mention, m.unit.name if m.unit else None) for m in leads] == [("区自然资源分局", "甘井子区自然资源分局"), ("市自然资源局", "市自然资源局")]
    assert [i.metric for i in item.indicators.all()] == ["标准地出让占比"]
    assert not flagged_mentions(draft)  # the unknown unit was removed from the item
    with pytest.raises(ValidationError, match="请填写完成时限"):
        services.item_update(actor=users["admin"], item=item, expected_version=item.version, title="x", deadline_kind="date", due=None,
                             lead_units="", responsible_units="")
    with pytest.raises(ValidationError, match="已被他人修改"):
        services.item_update(actor=users["admin"], item=item, expected_version=item.version - 1, title="x", deadline_kind="none", due=None,
                             lead_units="", responsible_units="")


def test_changing_the_issuing_unit_re_resolves_district_mentions(draft, users):
    services.plan_update(actor=users["admin"], plan=draft, expected_version=draft.version, issuing_unit=Unit.objects.get(name="庄河市人民政府"))
    mention = ItemMention.objects.get(item__plan=draft, mention="区财政局(金融发展局)")
    assert mention.unit.name == "庄河市财政局"


# --- publishing -----------------------------------------------------------------------------------------

def test_publishing_turns_items_into_tasks_of_their_units(published):
    tasks = Task.objects.filter(plan=published).select_related("unit", "item")
    by_item = {}
    for task in tasks:
        by_item.setdefault(task.item.number, []).append(task)
    first = by_item["1."]
    assert {t.unit.name for t in first if t.role == "lead"} == {"市营商局(市大数据管理局)"}
    assert sum(1 for t in first if t.role == "responsible") == 11  # 市市场监督管理局 + 10 区市县政府
    assert all(t.due == dt.date(2026, 6, 30) and t.start_on == dt.date(2026, 1, 10) for t in first)
    assert {t.accountable for t in first if t.role == "lead"} == {True} and {t.accountable for t in first if t.role == "responsible"} == {False}
    second = by_item["2."]
    lead = [t for t in second if t.role == "lead"]
    assert [t.unit.name for t in lead] == ["甘井子区市场监督管理局"]
    # 区直相关部门 expands to the district's departments; the lead is not repeated as responsible.
    assert len({t.unit_id for t in second}) == len(second) and len(second) > 30
    assert all(t.due == dt.date(2026, 12, 31) for t in second)  # the plan's default deadline
    assert {t.unit.kind for t in by_item["3."] if t.role == "responsible"} == {"street"}
    assert [(t.deadline_kind, t.due) for t in by_item["4."]] == [("ongoing", None)]
    assert "二、" not in by_item and "一、" not in by_item


def test_publishing_notifies_units_and_refuses_a_second_time(published, users):
    assert Notification.objects.filter(recipient=users["handler_scj"], title__contains=published.title).count() == 1
    assert Notification.objects.filter(recipient=users["handler_gjz_czj"], category="plans").exists()
    with pytest.raises(ValidationError, match="已经发布"):
        services.plan_publish(actor=users["admin"], plan=published, expected_version=published.version)
    item = published.items.get(number="1.")
    with pytest.raises(ValidationError, match="已发布"):
        services.item_update(actor=users["admin"], item=item, expected_version=item.version, title="x", deadline_kind="none", due=None,
                             lead_units="", responsible_units="")


def test_a_plan_without_any_known_unit_cannot_be_published(users, at):
    at(2026, 1, 10)
    plan = services.plan_import(actor=users["admin"], source=SimpleUploadedFile("p.txt", "某某方案\n一、第一项\n内容。(牵头单位:某某中心)\n二、第二项\n内容。\n".encode()))
    with pytest.raises(ValidationError, match="无法发布"):
        services.plan_publish(actor=users["admin"], plan=plan, expected_version=plan.version)
    plan.refresh_from_db()
    assert plan.is_draft and not plan.tasks.exists()


def test_mapping_an_unknown_unit_adds_an_alias_and_the_task(published, users):
    mention = ItemMention.objects.get(item__plan=published, mention="区数字孪生推进中心")
    target = Unit.objects.get(name="甘井子区工业和信息化局")
    assert services.mention_assign(actor=users["admin"], mention=mention, unit=target) == 1
    assert UnitAlias.objects.filter(unit=target, alias="区数字孪生推进中心").exists()
    assert Task.objects.filter(item=mention.item, unit=target, role="lead").exists()
    # The next import of a plan naming it resolves it on its own.
    again = services.plan_import(actor=users["admin"], source=SAMPLE_PLAN)
    assert ItemMention.objects.get(item__plan=again, mention="区数字孪生推进中心").unit == target
    with pytest.raises(PermissionDenied):
        services.mention_assign(actor=users["handler_scj"], mention=mention, unit=target)


# --- progress reports -----------------------------------------------------------------------------------

def test_a_unit_reports_on_its_own_task(published, users, at):
    task = task_of(published, "市市场监督管理局")
    at(2026, 2, 3, 9, 0)
    evidence = SimpleUploadedFile("会议纪要.pdf", b"%PDF-1.4 minutes", content_type="application/pdf")
    report = services.report_submit(actor=users["handler_scj"], task=task, text="已召开专题会议。", percent=30, files=[evidence],
                                    good_practice="推行帮办代办。")
    assert (report.period, report.percent, report.is_final) == ("2026-02", 30, False)
    stored = Evidence.objects.get(report=report)
    assert stored.name == "会议纪要.pdf" and stored.size == 16 and stored.file.read() == b"%PDF-1.4 minutes"
    assert task_statuses([task])[task.pk].code == "in_progress"


def test_reports_on_another_units_task_are_refused(published, users):
    task = task_of(published, "市营商局(市大数据管理局)")
    with pytest.raises(PermissionDenied, match="本单位"):
        services.report_submit(actor=users["handler_scj"], task=task, text="x", percent=10)
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=users["admin"], task=task, text="x", percent=10)  # city-wide roles do not report for units
    with pytest.raises(PermissionDenied):
        services.report_submit(actor=users["leader"], task=task, text="x", percent=10)


def test_a_coordinator_reports_for_units_of_their_district(published, users):
    task = task_of(published, "甘井子区财政局", "4.")
    report = services.report_submit(actor=users["coordinator_gjz"], task=task, text="已建立银企对接机制。", percent=40)
    assert report.task == task


def test_a_final_report_needs_every_indicator_and_closes_the_task(published, users, at):
    task = task_of(published, "市营商局(市大数据管理局)")
    handler = users["admin"].__class__.objects.create_user("handler_yss", password="x" * 10, role="handler", unit=task.unit)
    indicator = task.item.indicators.get()
    with pytest.raises(ValidationError, match="政务服务事项网上可办率"):
        services.report_submit(actor=handler, task=task, text="完成", percent=100, is_final=True)
    at(2026, 6, 20)
    services.report_submit(actor=handler, task=task, text="已完成。", percent=80, is_final=True, values={indicator.pk: "96.5"})
    task.refresh_from_db()
    assert task.state == "finished" and timezone.localdate(task.finished_at) == dt.date(2026, 6, 20)
    assert task_statuses([task], dt.date(2026, 8, 1))[task.pk].code == "finished"
    with pytest.raises(ValidationError, match="已办结"):
        services.report_submit(actor=handler, task=task, text="补充", percent=100)
    services.task_reopen(actor=users["admin"], task=task, reason="佐证材料不全")
    task.refresh_from_db()
    assert task.state == "open" and task.finished_at is None
    services.report_submit(actor=handler, task=task, text="补充材料", percent=90)
    with pytest.raises(ValidationError, match="任务当前状态为“办理中”,不能执行“重新打开”"):
        services.task_reopen(actor=users["admin"], task=task, reason="again")


def test_report_input_is_checked(published, users):
    task = task_of(published, "市市场监督管理局")
    for text, percent, message in (("", 10, "进展情况"), ("x", 120, "0 到 100"), ("x", "abc", "0 到 100")):
        with pytest.raises(ValidationError, match=message):
            services.report_submit(actor=users["handler_scj"], task=task, text=text, percent=percent)
    big = SimpleUploadedFile("视频.pdf", b"x")
    big.size = 50 * 1024 * 1024
    with pytest.raises(ValidationError, match="超过 10 MB 的上限"):
        services.report_submit(actor=users["handler_scj"], task=task, text="x", percent=10, files=[big])
    with pytest.raises(ValidationError, match="文件类型不支持"):
        services.report_submit(actor=users["handler_scj"], task=task, text="x", percent=10, files=[SimpleUploadedFile("a.exe", b"MZ")])
    with pytest.raises(ValidationError, match="不属于本任务"):
        services.report_submit(actor=users["handler_scj"], task=task, text="x", percent=10, values={999999: "1"})
    assert not ProgressReport.objects.filter(task=task).exists()


def test_the_task_turns_overdue_when_its_deadline_passes(published, users, at):
    task = task_of(published, "市市场监督管理局")
    at(2026, 6, 1)
    services.report_submit(actor=users["handler_scj"], task=task, text="推进中", percent=80)
    assert task_statuses([task])[task.pk].code == "in_progress"
    at(2026, 7, 1)
    status = task_statuses([task])[task.pk]
    assert status.code == "overdue" and "2026年6月30日" in status.reasons[0]


# --- reminders ------------------------------------------------------------------------------------------

def test_reminders_are_sent_once(published, users, at):
    at(2026, 6, 26)  # Friday: two working days (Mon 29, Tue 30) before 2026-06-30, the month's last days
    first = services.reminders_send()
    assert first["deadline"] >= 1 and first["report"] >= 1
    assert services.reminders_send() == {"deadline": 0, "overdue": 0, "report": 0}
    titles = list(Notification.objects.filter(recipient=users["handler_scj"], category="plans").values_list("title", flat=True))
    assert any("将于2个工作日后到期" in t for t in titles) and any("请报送本期进度" in t for t in titles)
    at(2026, 7, 2)
    assert services.reminders_send()["overdue"] >= 1
    assert Notification.objects.filter(recipient=users["handler_scj"], title="任务已逾期:1.推进政务服务一网通办").count() == 1
    assert services.reminders_send()["overdue"] == 0


def test_the_last_reminder_comes_on_the_last_working_day_of_the_calendar(published, users, at):
    from yingshang.core.calendar_services import calendar_day_set

    # Tuesday 30 June is the deadline; the administrator makes Monday 29 June a day off, so Friday 26 June
    # is the last working day but one: the 1-working-day reminder goes out then.
    calendar_day_set(actor=users["admin"], date=dt.date(2026, 6, 29), kind="holiday", name="临时休假")
    at(2026, 6, 26)
    services.reminders_send()
    titles = list(Notification.objects.filter(recipient=users["handler_scj"], category="plans").values_list("title", flat=True))
    assert any("将于1个工作日后到期" in t for t in titles), titles


# --- ranking and bulletins ------------------------------------------------------------------------------

def test_ranking_marks_the_overdue_unit_and_keeps_history(published, users, at):
    scj = task_of(published, "市市场监督管理局")
    at(2026, 6, 20)
    for task in Task.objects.filter(plan=published, role="responsible", item__number="1.").exclude(pk=scj.pk).select_related("unit", "plan", "item"):
        handler = users["admin"].__class__.objects.create_user(f"h{task.pk}", password="x" * 10, role="handler", unit=task.unit)
        services.report_submit(actor=handler, task=task, text="已完成", percent=100, is_final=True)
    at(2026, 7, 3)
    first = services.ranking_compute(actor=users["admin"], period="2026-06")
    second = services.ranking_compute(actor=users["admin"], period="2026-07")
    assert first.as_of == dt.date(2026, 6, 30) and second.as_of == dt.date(2026, 7, 3)
    entry = RankingEntry.objects.get(run=second, scope="unit", unit=scj.unit)
    june = RankingEntry.objects.get(run=first, scope="unit", unit=scj.unit)
    # The unit may hold tasks of other plans (the demo city's); this plan's task adds one overdue.
    assert entry.overdue == june.overdue + 1 and june.score > entry.score
    districts = RankingEntry.objects.filter(run=second, scope="district")
    assert districts.filter(unit__name="甘井子区人民政府").exists()
    assert RankingRun.objects.filter(period="2026-06").count() == 1 and RankingRun.objects.filter(period="2026-07").count() == 1
    services.ranking_compute(actor=users["admin"], period="2026-07")
    assert RankingRun.objects.filter(period="2026-07").count() == 2  # history: every run is kept
    with pytest.raises(ValidationError, match="尚未开始"):
        services.ranking_compute(actor=users["admin"], period="2026-09")
    with pytest.raises(ValidationError, match="YYYY-MM"):
        services.ranking_compute(actor=users["admin"], period="2026/07")
    with pytest.raises(PermissionDenied):
        services.ranking_compute(actor=users["handler_scj"], period="2026-07")


def test_bulletin_in_three_formats_lists_overdue_tasks_and_good_practices(published, users, at):
    from docx import Document
    from pypdf import PdfReader

    from yingshang.core.documents.pdf import font_embedding

    task = task_of(published, "市市场监督管理局")
    zjj = users["admin"].__class__.objects.create_user("h_fin", password="x" * 10, role="handler", unit=Unit.objects.get(name="甘井子区财政局"))
    at(2026, 7, 10)
    services.report_submit(actor=zjj, task=task_of(published, "甘井子区财政局", "4."), text="对接会已召开", percent=50,
                           good_practice="建立“银企直通车”机制,当月促成贷款3亿元。")
    bulletin = services.bulletin_generate(actor=users["admin"], period="2026-07")
    content = bulletin.content
    assert bulletin.title == "大连市营商环境行动方案落实情况通报(2026年7月)"
    assert any(row["unit"] == "市市场监督管理局" and row["task_id"] == task.pk for row in content["overdue"])
    assert [g["unit"] for g in content["good_practices"]] == ["甘井子区财政局"]
    docx_text = "\n".join(p.text for p in Document(bulletin.docx.open("rb")).paragraphs)
    assert "逾期任务" in docx_text and "银企直通车" in docx_text
    pdf_text = "".join(page.extract_text() for page in PdfReader(bulletin.pdf.open("rb")).pages)
    assert "落实情况通报" in pdf_text and "市市场监督管理局" in pdf_text and "逾期" in pdf_text
    # Readable on a machine without Chinese fonts: every font the PDF uses is embedded.
    fonts = font_embedding(bulletin.pdf.open("rb").read())
    assert fonts and all(fonts.values()), fonts
    assert "优化营商环境工作领导小组办公室" in docx_text and "2026年第7期" in docx_text  # 红头, 期号


def test_a_pdf_of_a_ruled_task_table_imports_through_the_budgeted_reader(users):
    """End to end: the upload is parsed in the forked, budgeted child (safedocs.run_bounded), pdfplumber included."""
    from .test_pdf_tables import _HEADER, _TASKS, _pdf

    rows = [_HEADER] + [[str(n), *task] for n, task in enumerate(_TASKS, start=1)]
    plan = services.plan_import(actor=users["admin"], source=SimpleUploadedFile("分工方案.pdf", _pdf(rows)))
    items = list(plan.items.order_by("path"))
    assert len(items) == 4
    assert items[0].text == _TASKS[0][0]
