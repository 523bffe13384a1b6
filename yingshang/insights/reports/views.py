"""Pages of the reports area: the 每月一题 shortlist and the KPI bulletins (internal and public).
Thin: capability and scope are checked by the selectors and services."""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Unit
from yingshang.core.params import int_param, parse_bool
from yingshang.core.permissions import has_capability, require_capability

from .. import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from ..models import InsightBulletin, MonthlyTopic
from .. import export_columns
from . import selectors
from . import services


def _error_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _version(request) -> int | None:
    return int_param(request.POST, "version", minimum=0)


# --- 每月一题 ------------------------------------------------------------------------------------------

@login_required
def topic_list(request):
    period = (request.POST.get("period") or request.GET.get("period") or selectors.previous_month()).strip()
    if request.method == "POST":
        try:
            topics = services.topics_generate(actor=request.user, period=period)
            messages.success(request, f"已生成 {period} 的每月一题候选 {len(topics)} 项")
        except ValidationError as error:
            _error_messages(request, error)
        return redirect(f"{reverse('insights:topic_list')}?period={period}")
    try:
        topics = list(selectors.topic_list_for_user(request.user, period))
    except ValidationError as error:
        _error_messages(request, error)
        period, topics = selectors.previous_month(), list(selectors.topic_list_for_user(request.user, selectors.previous_month()))
    for topic in topics:
        topic.component_rows = _component_rows(topic.evidence)
    can_select = has_capability(request.user, "insights.select_topics")
    return render(request, "insights/reports/topic_list.html", {
        "period": period, "topics": topics, "periods": selectors.topic_periods(), "can_select": can_select,
        "units": Unit.objects.filter(is_active=True).order_by("tree_path") if can_select else [],
        "weights": [(services.TOPIC_COMPONENT_LABELS[k], w) for k, w in services.TOPIC_WEIGHTS.items()],
        "statuses": MonthlyTopic.Status,
    })


def _component_rows(evidence: dict) -> list[tuple[str, str, float]]:
    """(分项, this month's figure, normalised value) for a topic's evidence table."""
    counts, normalised = evidence.get("counts", {}), evidence.get("normalised", {})
    rows = []
    for key, label in services.TOPIC_COMPONENT_LABELS.items():
        if key == "growth":
            raw = f"前三月月均 {evidence.get('previous_mean', 0):g} → 本月 {counts.get('volume', 0)}(log2 比 {counts.get('growth', 0):.2f})"
        else:
            raw = str(counts.get(key, 0))
        rows.append((label, raw, normalised.get(key, 0.0)))
    return rows


@login_required
@require_POST
def topic_decide(request, pk: int):
    topic = selectors.topic_get_for_user(request.user, pk)
    lead = request.POST.get("lead_unit", "")
    try:
        services.topic_decide(actor=request.user, pk=topic.pk, status=request.POST.get("status", ""),
                              lead_unit_id=int(lead) if lead.isdecimal() else None, expected_version=_version(request))
        messages.success(request, "已保存选题决定")
    except ValidationError as error:
        _error_messages(request, error)
    return redirect(f"{reverse('insights:topic_list')}?period={topic.period}#topic-{topic.pk}")


# --- bulletins -----------------------------------------------------------------------------------------

@login_required
def bulletin_list(request):
    bulletins = selectors.bulletin_list_for_user(request.user)
    can_publish = has_capability(request.user, "insights.publish_bulletins")
    if request.method == "POST":
        period = request.POST.get("period", "").strip()
        # Generation is a background job (insights/jobs.py): progress on its page, then the bulletin.
        return start_job(request, "insights.bulletin_generate", on_failure=reverse("insights:bulletin_list"), period=period)
    if export := list_export(request, _("诉求通报"), export_columns.BULLETINS, bulletins):
        return export
    return render(request, "insights/reports/bulletin_list.html", {
        "bulletins": bulletins, "can_publish": can_publish, "period": selectors.previous_month(),
        "may_download_internal": selectors.may_download_internal(request.user),
    })


@login_required
def bulletin_detail(request, pk: int):
    bulletin = selectors.bulletin_get_for_user(request.user, pk)
    content = bulletin.data
    overdue = selectors.overdue_rows_for_user(request.user, content.get("overdue", []))
    return render(request, "insights/reports/bulletin_detail.html", {
        "bulletin": bulletin, "c": content, "overdue": overdue, **_sentences(content),
        "can_publish": has_capability(request.user, "insights.publish_bulletins") and bulletin.audience == InsightBulletin.Audience.PUBLIC,
        "may_download": bulletin.audience == InsightBulletin.Audience.PUBLIC or selectors.may_download_internal(request.user),
        "public": False,
    })


def _sentences(content: dict) -> dict:
    return {
        "headline": services.headline(content), "best_worst": services.best_worst_sentence(content),
        "warnings_sentence": services.warnings_sentence(content),
        "audit_head_sentence": services.audit_head_sentence(content),
        "funnel_rows": services.funnel_table(content),
    }


def _file_response(bulletin: InsightBulletin, kind: str):
    if kind not in ("docx", "pdf"):
        raise Http404("文件类型无效")
    relative = bulletin.docx_file if kind == "docx" else bulletin.pdf_file
    path = Path(settings.MEDIA_ROOT) / relative
    if not relative or not path.is_file():
        raise Http404("通报文件不存在,请重新生成")
    content_type = "application/vnd.openxmlformats-officedocument.wordprocessingml.document" if kind == "docx" else "application/pdf"
    return FileResponse(path.open("rb"), as_attachment=kind == "docx", filename=f"{bulletin.title}.{kind}", content_type=content_type)


@login_required
def bulletin_file(request, pk: int, kind: str):
    bulletin = selectors.bulletin_get_for_user(request.user, pk)
    if bulletin.audience == InsightBulletin.Audience.INTERNAL and not selectors.may_download_internal(request.user):
        raise Http404("内部通报文件仅限全市范围的角色下载")
    return _file_response(bulletin, kind)


@login_required
@require_POST
def bulletin_publish(request, pk: int):
    require_capability(request.user, "insights.publish_bulletins")
    publish = parse_bool(request.POST.get("published", "1"), field="published")
    try:
        bulletin = services.bulletin_set_published(actor=request.user, pk=pk, published=publish, expected_version=_version(request))
        messages.success(request, "已发布,公众可在公开页面查看" if bulletin.published else "已撤回发布")
    except ValidationError as error:
        _error_messages(request, error)
    return redirect("insights:bulletin_detail", pk=pk)


# --- public pages (no login) ---------------------------------------------------------------------------

def public_bulletin_list(request):
    return render(request, "insights/reports/public_list.html", {"bulletins": selectors.bulletin_public_list()})


def public_bulletin(request, period: str):
    bulletin = selectors.bulletin_public_get(period)
    content = bulletin.data
    return render(request, "insights/reports/bulletin_detail.html", {
        "bulletin": bulletin, "c": content, "overdue": [], **_sentences(content), "can_publish": False, "may_download": True, "public": True,
    })


def public_bulletin_file(request, period: str, kind: str):
    return _file_response(selectors.bulletin_public_get(period), kind)
