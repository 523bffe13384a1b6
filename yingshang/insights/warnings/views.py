"""Pages of 监测预警: the warning list (roll-up tree), a warning's page and its status buttons (htmx)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.appeals.public import person_view
from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Division
from yingshang.core.permissions import has_capability, require_capability

from .. import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from ..detection.pipeline import METHOD_LABELS
from ..models import EarlyWarning
from .. import export_columns
from . import selectors
from . import services

ACTION_LABELS = {"acknowledge": "确认", "handle": "已处置", "dismiss": "排除"}


def _actions_for(user, warning: EarlyWarning) -> list[tuple[str, str]]:
    if not has_capability(user, "insights.handle_warnings"):
        return []
    allowed = services.TRANSITIONS[EarlyWarning.Status(warning.status)]
    return [(action, ACTION_LABELS[action]) for action, status in services.STATUS_ACTIONS.items() if status in allowed]


@login_required
def warning_list(request):
    require_capability(request.user, "insights.view_warnings")
    filters = selectors.WarningFilters.from_query(request.GET)
    tree = selectors.warning_tree_for_user(request.user, filters)
    if export := list_export(request, _("监测预警"), export_columns.WARNINGS, export_columns.warning_rows(tree)):
        return export
    counts = selectors.warning_counts_for_user(request.user)
    context = {
        "filters": filters, "tree": tree,
        "status_counts": [(label, counts[value]) for value, label in EarlyWarning.Status.choices],
        "statuses": EarlyWarning.Status.choices, "kinds": EarlyWarning.Kind.choices, "methods": METHOD_LABELS,
        "districts": Division.objects.filter(level=Division.Level.DISTRICT).order_by("code"),
        "can_run": has_capability(request.user, "insights.run_detection"),
    }
    template = "insights/warnings/_tree.html" if request.headers.get("HX-Request") else "insights/warnings/list.html"
    return render(request, template, context)


@login_required
@require_POST
def detection_run(request):
    """Run the detectors now (a background job, insights/jobs.py) instead of waiting for the nightly run."""
    require_capability(request.user, "insights.run_detection")
    return start_job(request, "insights.run_detection", on_failure=reverse("insights:warning_list"))


@login_required
def warning_detail(request, pk: int):
    warning = selectors.warning_get_for_user(request.user, pk)
    appeals = list(warning.appeals.select_related("district", "unit", "label").order_by("-accepted_at")[:100])
    rows = [{"appeal": appeal, "person": person_view(request.user, appeal)} for appeal in appeals]
    visible = selectors.warnings_for_user(request.user)
    return render(request, "insights/warnings/detail.html", {
        "warning": warning, "rows": rows, "appeal_total": warning.appeals.count(),
        "children": visible.filter(parent=warning).order_by("label_path"),
        "parent": visible.filter(pk=warning.parent_id).first() if warning.parent_id else None,
        "method_labels": [METHOD_LABELS.get(m, m) for m in [warning.method]],
        "actions": _actions_for(request.user, warning), "ratio": warning.observed / warning.expected if warning.expected else None,
    })


@login_required
@require_POST
def warning_action(request, pk: int, action: str):
    warning = selectors.warning_get_for_user(request.user, pk)
    require_capability(request.user, "insights.handle_warnings")
    error = ""
    if action not in services.STATUS_ACTIONS:
        error = "未知的操作"
    else:
        try:
            expected_version = int(request.POST.get("version") or 0) or None
            services.warning_transition(actor=request.user, warning=warning, to_status=services.STATUS_ACTIONS[action],
                                        expected_version=expected_version, note=request.POST.get("note", ""))
        except ValidationError as problem:
            error = ";".join(problem.messages)
            warning.refresh_from_db()
    return render(request, "insights/warnings/_actions.html", {
        "warning": warning, "actions": _actions_for(request.user, warning), "error": error,
    }, status=200 if not error else 400)
