"""Pages of 监测预警: the warning list (roll-up tree), a warning's page and its status buttons (the workflow
spec's, through core/_operations.html)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.appeals.public import person_view
from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Division
from yingshang.core import workflow
from yingshang.core.permissions import has_capability, require_capability

from .. import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from ..detection.pipeline import METHOD_LABELS
from ..models import EarlyWarning
from .. import export_columns
from . import selectors
from . import services
from .workflow import WARNINGS


def _operations(user, warning: EarlyWarning) -> list[dict]:
    """The buttons: what the spec allows this user on this warning now, each posting to warning_action."""
    return workflow.buttons(WARNINGS, warning, user, url=lambda op: reverse("insights:warning_action", args=[warning.pk, op.name]))


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
        "operations": _operations(request.user, warning), "ratio": warning.observed / warning.expected if warning.expected else None,
    })


@login_required
@require_POST
def warning_action(request, pk: int, action: str):
    """One operation of the warnings workflow (the form of core/_operations.html); back to the warning's page.
    Refusals (state, missing reason, someone else first) come back as messages; no right to act is a 403."""
    warning = selectors.warning_get_for_user(request.user, pk)
    try:
        services.warning_act(actor=request.user, warning=warning, operation=action, data=request.POST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(op)s”已完成,预警当前状态为“%(state)s”") % {
            "op": WARNINGS.operation(action).label, "state": warning.get_status_display()})
    return redirect("insights:warning_detail", pk=warning.pk)
