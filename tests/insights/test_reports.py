"""每月一题 scoring, the statistics of the bulletins (Wilson intervals, funnel limits), bulletin content,
files (DOCX read back, PDF text), the public version's privacy, and the permissions of the pages.

The constructed appeals live in 2024, a year the demo city has no appeals in, so every count below is
exactly what the test built."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import timezone

from yingshang.appeals.models import Appeal, Dispatch, Label
from yingshang.appeals.workflow import State
from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import AuditEntry, Division, Unit
from yingshang.core.services import ConcurrentEditError
from yingshang.insights.models import EarlyWarning, InsightBulletin, MonthlyTopic
from yingshang.insights.reports.selectors import (
    compare_with_city, funnel_curve, funnel_limits, parse_period, period_label, wilson_interval,
)
from yingshang.insights.reports import services as services

pytestmark = pytest.mark.django_db

_sequence = iter(range(1, 10**6))


def at(year, month, day, hour=10) -> dt.datetime:
    return timezone.make_aware(dt.datetime(year, month, day, hour))


def make_appeal(*, accepted_at, label=None, district=None, unit=None, state=State.DISPATCHED, **fields) -> Appeal:
    """An appeal built directly in ``state`` (audited), with the SLA fields the KPIs read."""
    values = dict(
        tracking_no=f"T{next(_sequence):011d}", channel="hotline", appeal_type="complaint", content="小区电梯经常故障,物业不及时维修",
        district=district, label=label, state=state, unit=unit, accepted_at=accepted_at, person_name="王小明", person_phone="13912345678",
        address="幸福路18号3单元", completion_due=accepted_at + dt.timedelta(days=10), dispatched_at=accepted_at + dt.timedelta(hours=1),
        dispatched_on_time=True,
    )
    if state in (State.COMPLETED, State.CALLED_BACK, State.VERIFIED, State.ARCHIVED):
        values.update(completed_at=accepted_at + dt.timedelta(days=3), completed_on_time=True)
    values.update(fields)
    with audited_write(None):
        appeal = Appeal(**values)
        appeal.save()
        record("test.appeal", appeal, after=appeal.audit_snapshot())
    return appeal


def make_dispatch(appeal: Appeal, outcome: str) -> Dispatch:
    with audited_write(None):
        dispatch = Dispatch(appeal=appeal, unit=appeal.unit, at=appeal.accepted_at + dt.timedelta(hours=1), outcome=outcome, district=appeal.district)
        dispatch.save()
        record("test.dispatch", dispatch, after=dispatch.audit_snapshot())
    return dispatch


def make_warning(*, status, district=None, moment=None, summary="测试预警") -> EarlyWarning:
    """A warning written the way the warnings area writes one (audited); ``moment`` sets its last change."""
    moment = moment or clock.now()
    with audited_write(None):
        warning = EarlyWarning(
            key=f"test-{next(_sequence)}", kind=EarlyWarning.Kind.EMERGING, method="ears_c2", label_path="城乡建设/物业管理",
            district=district, window_start=moment.date(), window_end=moment.date(), observed=9, expected=2.5, score=4.1, p_value=0.001,
            summary=summary, status=status, detected_at=moment,
        )
        warning.save()
        record("test.warning", warning, after=warning.audit_snapshot())
        EarlyWarning.objects.filter(pk=warning.pk).audited_update(updated_at=moment)
    warning.refresh_from_db()
    return warning


@pytest.fixture
def places():
    labels = list(Label.objects.filter(level=3).order_by("path"))
    by_parent: dict[str, Label] = {}
    for label in labels:
        by_parent.setdefault(label.path.rsplit("/", 1)[0], label)
    first, second, third = list(by_parent.values())[:3]
    return {
        "a": first, "b": second, "c": third,
        "zs": Division.objects.get(code="210202"), "gjz": Division.objects.get(code="210211"),
        "zjj": Unit.objects.get(name="市住房和城乡建设局"), "scj": Unit.objects.get(name="市市场监督管理局"),
        "sthj": Unit.objects.get(name="市生态环境局"),
    }


# --- statistics -----------------------------------------------------------------------------------------

def test_wilson_interval_matches_known_values_and_stays_in_bounds():
    low, high = wilson_interval(50, 100)
    assert low == pytest.approx(0.4038, abs=1e-4) and high == pytest.approx(0.5962, abs=1e-4)
    low, high = wilson_interval(3, 3)
    assert low == pytest.approx(0.4385, abs=1e-4) and high == 1.0
    low, high = wilson_interval(0, 10)
    assert low == 0.0 and high == pytest.approx(0.2775, abs=1e-4)
    assert wilson_interval(0, 0) is None


def test_small_units_are_not_called_different_from_the_city():
    assert compare_with_city(3, 3, 0.8)[0] == "same"  # 100% on three appeals is luck, not merit
    assert compare_with_city(390, 400, 0.8)[0] == "higher"
    assert compare_with_city(250, 400, 0.8)[0] == "lower"
    assert compare_with_city(0, 0, 0.8)[0] == "no_data"


def test_funnel_limits_surround_the_city_rate_and_narrow_with_volume():
    low, high = funnel_limits(0.8, 100)
    # The exact binomial limits agree with the normal approximation at n = 100 to within a point or two.
    assert low == pytest.approx(0.8 - 1.96 * 0.04, abs=0.02) and high == pytest.approx(0.8 + 1.96 * 0.04, abs=0.02)
    small, large = funnel_limits(0.8, 25), funnel_limits(0.8, 900)
    assert small[0] < large[0] <= 0.8 <= large[1] < small[1]
    wide, narrow = funnel_limits(0.8, 100, 0.998), funnel_limits(0.8, 100, 0.95)
    assert wide[0] <= narrow[0] and wide[1] >= narrow[1]
    curve = funnel_curve(0.8, 500)
    assert curve[0]["n"] == 1 and curve[-1]["n"] == 500
    widths = [c["high95"] - c["low95"] for c in curve if c["n"] >= 10]
    assert widths[0] > widths[-1]


def test_periods_parse_months_and_quarters_and_refuse_nonsense():
    assert parse_period("2026-10") == (dt.date(2026, 10, 1), dt.date(2026, 10, 31), "monthly")
    assert parse_period("2026Q3") == (dt.date(2026, 7, 1), dt.date(2026, 9, 30), "quarterly")
    assert parse_period("2024-02")[1] == dt.date(2024, 2, 29)
    assert period_label("2026Q4") == "2026年第4季度"
    for bad in ("2026-13", "2026Q5", "十月"):
        with pytest.raises(ValidationError):
            parse_period(bad)


# --- 每月一题 --------------------------------------------------------------------------------------------

@pytest.fixture
def topic_city(places):
    """June 2024: label a in 中山区 grows from 2 a month to 12, with repeats after closing, bad ratings and
    returned dispatches; label b in 甘井子区 stays flat at 12; label c has only 2 appeals."""
    a, b, c, zs, gjz, zjj, scj = (places[k] for k in ("a", "b", "c", "zs", "gjz", "zjj", "scj"))
    for month in (3, 4, 5):
        for day in (3, 13):
            make_appeal(accepted_at=at(2024, month, day), label=a, district=zs, unit=zjj, state=State.ARCHIVED)
        for day in range(1, 13):
            make_appeal(accepted_at=at(2024, month, day), label=b, district=gjz, unit=scj, state=State.ARCHIVED)
    closed = make_appeal(accepted_at=at(2024, 5, 20), label=a, district=zs, unit=zjj, state=State.ARCHIVED)
    grown = []
    for day in range(1, 13):
        extra = {}
        if day <= 3:
            extra["repeat_of"] = closed
        if day in (4, 5):
            extra.update(state=State.CALLED_BACK, rating=1, callback_count=1, bad_rating_count=1)
        grown.append(make_appeal(accepted_at=at(2024, 6, day), label=a, district=zs, unit=zjj, **extra))
    make_dispatch(grown[6], Dispatch.Outcome.RETURNED)
    make_dispatch(grown[7], Dispatch.Outcome.REASSIGNED)
    make_dispatch(grown[8], Dispatch.Outcome.SIGNED)  # a dispatch that stuck is not a transfer
    for day in range(1, 13):
        make_appeal(accepted_at=at(2024, 6, day), label=b, district=gjz, unit=scj, state=State.ARCHIVED)
    for day in (1, 2):
        make_appeal(accepted_at=at(2024, 6, day), label=c, district=gjz, unit=scj)
    with clock.frozen_at(at(2024, 7, 10)):
        yield places


def test_topic_scores_follow_the_components(topic_city):
    a, b, c, zs, gjz = (topic_city[k] for k in ("a", "b", "c", "zs", "gjz"))
    candidates = services.topic_candidates("2024-06", min_volume=3)
    by_key = {(x["label_path"], x["district_id"], x["place_id"]): x for x in candidates}
    grown = by_key[(a.path, zs.pk, None)]
    flat = by_key[(b.path, gjz.pk, None)]
    assert grown["components"]["volume"] == 12 and flat["components"]["volume"] == 12
    assert grown["components"]["repeat_after_close"] == 3
    assert grown["components"]["bad_ratings"] == 2
    assert grown["components"]["transfers"] == 2
    # 12 this month against 2, 2 and 3 before (the closed original is in May): log2(13 / (7/3 + 1)).
    assert grown["components"]["growth"] == pytest.approx(1.963, abs=1e-3)
    assert flat["components"]["growth"] == 0.0 and flat["components"]["transfers"] == 0
    assert grown["trend"][-4:] == [{"month": "2024-03", "count": 2}, {"month": "2024-04", "count": 2}, {"month": "2024-05", "count": 3}, {"month": "2024-06", "count": 12}]
    assert not any(x["label_path"].startswith(c.path) for x in candidates), "两件诉求不够成为候选"
    # The score is the documented weighted sum of components divided by the month's largest.
    largest = {k: max(x["components"][k] for x in candidates) for k in services.TOPIC_WEIGHTS}
    expected = sum(w * (grown["components"][k] / largest[k] if largest[k] else 0) for k, w in services.TOPIC_WEIGHTS.items())
    assert grown["score"] == pytest.approx(expected, abs=1e-4)
    assert grown["score"] > flat["score"]
    assert candidates[0]["district_id"] == zs.pk and a.path.startswith(candidates[0]["label_path"])


def test_shortlist_keeps_one_of_nested_labels_in_a_district(topic_city):
    chosen = services.shortlist(services.topic_candidates("2024-06"), 10)
    keys = [(x["label_path"], x["district_id"]) for x in chosen]
    for i, (path, district) in enumerate(keys):
        for other_path, other_district in keys[i + 1:]:
            nested = path == other_path or path.startswith(other_path + "/") or other_path.startswith(path + "/")
            assert not (nested and district == other_district)
    assert {x["district_id"] for x in chosen} == {topic_city["zs"].pk, topic_city["gjz"].pk}


def test_topics_are_stored_with_evidence_and_decided_by_a_leader(topic_city, users):
    leader, coordinator = users["leader"], users["coordinator_gjz"]
    topics = services.topics_generate(actor=leader, period="2024-06")
    assert [t.rank for t in topics] == list(range(1, len(topics) + 1))
    first = topics[0]
    assert first.evidence["counts"]["volume"] == 12 and first.evidence["district"] == "中山区"
    assert len(first.evidence["samples"]) == 5 and all(Appeal.objects.filter(tracking_no=no).exists() for no in first.evidence["samples"])
    assert first.evidence["worst_units"][0]["unit"] == "市住房和城乡建设局"
    assert AuditEntry.objects.filter(action="insights.monthly_topic.generate", object_id=str(first.pk)).exists()

    with pytest.raises(ValidationError, match="牵头单位"):
        services.topic_decide(actor=leader, pk=first.pk, status=MonthlyTopic.Status.SELECTED, expected_version=first.version)
    with pytest.raises(PermissionDenied):
        services.topic_decide(actor=coordinator, pk=first.pk, status=MonthlyTopic.Status.REJECTED, expected_version=first.version)
    decided = services.topic_decide(actor=leader, pk=first.pk, status=MonthlyTopic.Status.SELECTED, lead_unit_id=topic_city["zjj"].pk,
                                    expected_version=first.version)
    assert decided.status == "selected" and decided.lead_unit == topic_city["zjj"] and decided.decided_by == leader
    assert AuditEntry.objects.filter(action="insights.monthly_topic.decide", object_id=str(first.pk)).exists()
    with pytest.raises(ConcurrentEditError):
        services.topic_decide(actor=leader, pk=first.pk, status=MonthlyTopic.Status.REJECTED, expected_version=first.version)
    with pytest.raises(ValidationError, match="已有选定"):
        services.topics_generate(actor=leader, period="2024-06")


def test_topic_page_shows_evidence_and_is_scoped(topic_city, users, client_for):
    services.topics_generate(actor=users["leader"], period="2024-06")
    page = client_for("leader").get(reverse("insights:topic_list"), {"period": "2024-06"})
    assert page.status_code == 200
    text = page.content.decode()
    assert "中山区" in text and "甘井子区" in text and "办结后重复" in text and 'name="lead_unit"' in text
    # A coordinator of 甘井子区 reads its district's topics only, and cannot decide.
    text = client_for("coordinator_gjz").get(reverse("insights:topic_list"), {"period": "2024-06"}).content.decode()
    assert "甘井子区" in text and "· 中山区" not in text and 'name="lead_unit"' not in text
    zs_topic = MonthlyTopic.objects.filter(period="2024-06", district=topic_city["zs"]).first()
    response = client_for("coordinator_gjz").post(reverse("insights:topic_decide", args=[zs_topic.pk]), {"status": "rejected"})
    assert response.status_code == 404
    assert client_for("handler_zjj").get(reverse("insights:topic_list")).status_code == 403


# --- bulletins -------------------------------------------------------------------------------------------

@pytest.fixture
def bulletin_city(places):
    """June 2024: 住建局 38 of 40 on time, 市场监管局 1 of 3 (too few to judge), 生态环境局 30 of 60;
    two open appeals past their deadline; one handled and one dismissed warning in June."""
    zs, gjz, zjj, scj, sthj, a = (places[k] for k in ("zs", "gjz", "zjj", "scj", "sthj", "a"))
    for unit, district, on_time, late in ((zjj, zs, 38, 2), (scj, gjz, 1, 2), (sthj, gjz, 30, 30)):
        for index in range(on_time + late):
            make_appeal(accepted_at=at(2024, 6, 1 + index % 28), label=a, district=district, unit=unit, state=State.ARCHIVED,
                        completed_on_time=index < on_time, rating=5, callback_count=1)
    overdue = [make_appeal(accepted_at=at(2024, 6, 20), label=a, district=gjz, unit=sthj, state=State.IN_PROGRESS,
                           completion_due=at(2024, 6, 30)) for _ in range(2)]
    make_warning(status=EarlyWarning.Status.HANDLED, district=gjz, moment=at(2024, 6, 15), summary="甘井子区物业投诉激增已处置")
    make_warning(status=EarlyWarning.Status.DISMISSED, moment=at(2024, 6, 16))
    make_warning(status=EarlyWarning.Status.HANDLED, moment=at(2024, 8, 1))  # another period
    with clock.frozen_at(at(2024, 7, 10)):
        yield {**places, "overdue": overdue}


def test_bulletin_content_ranks_with_intervals(bulletin_city):
    content = services.build_bulletin_content("2024-06", "internal")
    rows = {r["name"]: r for r in content["unit_rankings"]}
    zjj, scj, sthj = rows["市住房和城乡建设局"], rows["市市场监督管理局"], rows["市生态环境局"]
    assert (zjj["numerator"], zjj["denominator"]) == (38, 40)
    assert (sthj["numerator"], sthj["denominator"]) == (30, 62)  # two open overdue appeals count against
    assert content["ranking_kpi"]["city_rate"] == pytest.approx(69 / 105)
    assert zjj["verdict"] == "higher" and sthj["verdict"] == "lower"
    assert scj["verdict"] == "same" and scj["verdict_label"] == "与全市无显著差异"
    assert [r["name"] for r in content["best_units"]] == ["市住房和城乡建设局"]
    assert [r["name"] for r in content["worst_units"]] == ["市生态环境局"]
    assert [r["rank"] for r in content["unit_rankings"]][:3] == [1, 2, 3]
    districts = {r["name"]: r for r in content["district_rankings"]}
    assert districts["中山区"]["denominator"] == 40 and districts["甘井子区"]["denominator"] == 65
    assert content["overdue_total"] == 2 and {r["tracking_no"] for r in content["overdue"]} == {a.tracking_no for a in bulletin_city["overdue"]}
    assert content["warnings"]["total"] == 2
    assert {(k["handled"], k["dismissed"]) for k in content["warnings"]["by_kind"]} == {(1, 1)}
    point = next(p for p in content["funnel"]["points"] if p["name"] == "市市场监督管理局")
    assert point["n"] == 3 and content["funnel"]["curve"]


def test_quarterly_bulletin_covers_three_months(bulletin_city):
    content = services.build_bulletin_content("2024Q2", "public")
    assert content["kind"] == "quarterly" and content["start"] == "2024-04-01" and content["end"] == "2024-06-30"
    assert content["city"]["appeals"] >= 105


def _phone_like(text: str) -> list[str]:
    """Mobile numbers standing on their own (not digits inside a decimal such as 0.1428571428, nor inside a hexadecimal
    key such as the bulletin's fingerprint 「密钥 …a16268262120b…」, which is random and may hold such a run)."""
    return re.findall(r"(?<![\da-fA-F.])1[3-9]\d{9}(?![\da-fA-F])", text)


def test_bulletin_files_open_and_public_version_has_no_personal_data(bulletin_city, users, client_for):
    from docx import Document
    from pypdf import PdfReader

    from yingshang.core.documents.pdf import font_embedding

    internal, public = services.bulletin_generate(actor=users["admin"], period="2024-06")
    assert AuditEntry.objects.filter(action="insights.insight_bulletin.generate", object_id=str(public.pk)).exists()
    media = Path(settings.MEDIA_ROOT)
    for bulletin in (internal, public):
        document = Document(media / bulletin.docx_file)
        ranking = next(t for t in document.tables if "按时办结率" in [c.text for c in t.rows[0].cells] and "名次" in t.rows[0].cells[0].text)
        names = [row.cells[1].text for row in ranking.rows[1:]]
        assert "市住房和城乡建设局" in names and "市生态环境局" in names
        first_page = PdfReader(media / bulletin.pdf_file).pages[0].extract_text()
        assert "通报" in first_page and "总体情况" in first_page
        fonts = font_embedding((media / bulletin.pdf_file).read_bytes())
        assert fonts and all(fonts.values()), fonts  # readable without Chinese fonts installed
    docx_text = lambda b: "\n".join([p.text for p in Document(media / b.docx_file).paragraphs] + [c.text for t in Document(media / b.docx_file).tables for r in t.rows for c in r.cells])  # noqa: E731
    pdf_text = lambda b: "".join(page.extract_text() for page in PdfReader(media / b.pdf_file).pages)  # noqa: E731
    tracking = bulletin_city["overdue"][0].tracking_no
    callers = set(Appeal.objects.exclude(person_phone="").values_list("person_phone", flat=True))
    assert tracking in docx_text(internal) and tracking in pdf_text(internal)
    assert internal.data["funnel"]["curve"] and "横轴:可评价诉求数" in pdf_text(internal)  # the funnel chart, drawn in section 四
    for text in (docx_text(public), pdf_text(public)):
        assert not _phone_like(text) and "王小明" not in text and "幸福路" not in text and tracking not in text
        assert not any(phone in text for phone in callers)

    # Unpublished: the public URL answers 404 to anyone; published: readable without login.
    anonymous = client_for("admin")
    anonymous.logout()
    assert anonymous.get(reverse("insights:public_bulletin", args=["2024-06"])).status_code == 404
    assert anonymous.get(reverse("insights:public_bulletin_file", args=["2024-06", "pdf"])).status_code == 404
    with pytest.raises(ValidationError, match="内部通报"):
        services.bulletin_set_published(actor=users["admin"], pk=internal.pk, published=True)
    services.bulletin_set_published(actor=users["admin"], pk=public.pk, published=True, expected_version=public.version)
    page = anonymous.get(reverse("insights:public_bulletin", args=["2024-06"]))
    assert page.status_code == 200
    text = page.content.decode()
    assert "与全市无显著差异" in text and "市生态环境局" in text
    assert not _phone_like(text) and "王小明" not in text and "幸福路" not in text and tracking not in text
    assert not any(phone in text for phone in callers)
    assert anonymous.get(reverse("insights:public_bulletin_file", args=["2024-06", "pdf"])).status_code == 200
    with pytest.raises(ValidationError, match="已发布"):
        services.bulletin_generate(actor=users["admin"], period="2024-06")


def test_bulletin_pages_and_permissions(bulletin_city, users, client_for):
    internal, public = services.bulletin_generate(actor=users["admin"], period="2024-06")
    assert client_for("leader").get(reverse("insights:bulletin_list")).status_code == 200
    detail = client_for("leader").get(reverse("insights:bulletin_detail", args=[internal.pk])).content.decode()
    assert bulletin_city["overdue"][0].tracking_no in detail and 'id="funnel-chart"' in detail
    assert client_for("leader").get(reverse("insights:bulletin_file", args=[internal.pk, "docx"])).status_code == 200
    # A handler reads the bulletin but only its own unit's overdue appeals, and not the internal files.
    detail = client_for("handler_zjj").get(reverse("insights:bulletin_detail", args=[internal.pk])).content.decode()
    assert bulletin_city["overdue"][0].tracking_no not in detail
    assert client_for("handler_zjj").get(reverse("insights:bulletin_file", args=[internal.pk, "docx"])).status_code == 404
    assert client_for("handler_zjj").get(reverse("insights:bulletin_file", args=[public.pk, "pdf"])).status_code == 200
    assert client_for("citizen").get(reverse("insights:bulletin_list")).status_code == 403
    assert client_for("leader").post(reverse("insights:bulletin_list"), {"period": "2024-06"}).status_code == 403
    assert not InsightBulletin.objects.filter(pk=internal.pk, version__gt=internal.version).exists(), "领导无发布权限,不应重新生成"
    with pytest.raises(PermissionDenied):
        services.bulletin_generate(actor=users["leader"], period="2024-06")


def test_bulletin_command_prints_the_files(bulletin_city):
    from io import StringIO

    from django.core.management import call_command

    out = StringIO()
    call_command("insights", "bulletin", "--period", "2024Q2", stdout=out)
    paths = [line.split(":", 1)[1].strip() for line in out.getvalue().splitlines() if line.strip().startswith(("DOCX", "PDF"))]
    assert len(paths) == 4 and all(Path(p).is_file() and Path(p).stat().st_size > 1000 for p in paths)
    assert InsightBulletin.objects.filter(period="2024Q2").count() == 2


def test_topics_command_lists_the_shortlist(topic_city):
    from io import StringIO

    from django.core.management import CommandError, call_command

    out = StringIO()
    call_command("insights", "topics", "--period", "2024-06", "--size", "3", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0] == "2024-06 每月一题候选 2 项" and "中山区" in lines[1]
    with pytest.raises(CommandError, match="按月生成"):
        call_command("insights", "topics", "--period", "2024Q2")


def test_bulletin_prints_the_audit_chain_head(bulletin_city, users, client_for):
    """The monthly bulletin is a checkpoint of the audit trail outside the database (ADR 0004): it prints
    the head's sequence number and link as they were when it was generated."""
    from docx import Document

    from yingshang.core.models import AuditHead

    head_before = AuditHead.objects.get(id=1)
    internal, _public = services.bulletin_generate(actor=users["admin"], period="2024-06")
    printed = internal.data["audit_head"]
    assert printed["seq"] >= head_before.seq and printed["hash"] and printed["key_id"]
    assert AuditEntry.objects.get(seq=printed["seq"]).hash == printed["hash"]
    docx = "\n".join(p.text for p in Document(Path(settings.MEDIA_ROOT) / internal.docx_file).paragraphs)
    assert printed["hash"] in docx and "审计日志链尾" in docx
    page = client_for("leader").get(reverse("insights:bulletin_detail", args=[internal.pk])).content.decode()
    assert 'id="audit-head"' in page and printed["hash"] in page
