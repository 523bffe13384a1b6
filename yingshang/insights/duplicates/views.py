"""Pages of 一事多诉: the candidates panel on an appeal's detail page, the merge, and the groups page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yingshang.appeals.selectors import appeal_get_for_user, appeal_list_for_user
from yingshang.appeals.public import State
from yingshang.core.exports import list_export
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.services import ConcurrentEditError

from .. import export_columns
from . import selectors
from .services import duplicates_merge


def _may_merge(user) -> bool:
    return has_capability(user, "insights.merge_duplicates") and has_capability(user, "appeals.dispatch")


@login_required
@require_GET
def duplicate_panel(request, tracking_no: str):
    """The htmx panel of the detail page: 疑似重复诉求 of this appeal, and the callers merged into it."""
    require_capability(request.user, "insights.view_duplicates")
    appeal = appeal_get_for_user(request.user, tracking_no)
    mergeable = appeal.state != State.MERGED and appeal.state not in (State.VERIFIED, State.ARCHIVED)
    candidates = selectors.candidates_for(appeal, user=request.user) if mergeable else []
    return render(request, "insights/duplicates/_panel.html", {
        "appeal": appeal, "candidates": candidates, "callers": selectors.merged_callers(request.user, appeal),
        "can_merge": _may_merge(request.user) and mergeable and bool(candidates),
    })


@login_required
@require_POST
def duplicate_merge(request, tracking_no: str):
    """Merge the appeal and the ticked candidates; the master is the one chosen, else the earliest open one."""
    require_capability(request.user, "insights.merge_duplicates")
    appeal = appeal_get_for_user(request.user, tracking_no)
    chosen = [no for no in request.POST.getlist("member") if no]
    scope = appeal_list_for_user(request.user)
    members = list(scope.filter(tracking_no__in=chosen))
    if len(members) != len(set(chosen)):
        messages.error(request, "所选诉求不存在或不在您的权限范围内")
        return redirect("appeals:detail", tracking_no=tracking_no)
    master_no = request.POST.get("master", "").strip()
    master = None
    if master_no:
        master = next((a for a in [appeal, *members] if a.tracking_no == master_no), None)
        if master is None:
            messages.error(request, "主诉求须从本次合并的诉求中选择")
            return redirect("appeals:detail", tracking_no=tracking_no)
    try:
        master = duplicates_merge(actor=request.user, appeals=[appeal, *members], master=master, reason=request.POST.get("reason", ""))
    except ConcurrentEditError:
        messages.error(request, "操作冲突:所选诉求刚被他人处理过,本次合并未生效。请刷新后再操作。")
        return redirect("appeals:detail", tracking_no=tracking_no)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
        return redirect("appeals:detail", tracking_no=tracking_no)
    except PermissionDenied as error:
        messages.error(request, str(error) or "您无权合并这些诉求")
        return redirect("appeals:detail", tracking_no=tracking_no)
    merged = len({a.pk for a in [appeal, *members]} - {master.pk})
    messages.success(request, f"已将 {merged} 件诉求并入主诉求 {master.tracking_no},由主诉求统一办理;每位诉求人都会收到答复并回访")
    return redirect("appeals:detail", tracking_no=master.tracking_no)


@login_required
def duplicate_groups(request):
    require_capability(request.user, "insights.view_duplicates")
    merged, open_groups = selectors.merged_groups_for_user(request.user), selectors.open_candidate_groups_for_user(request.user)
    if export := list_export(request, _("一事多诉"), export_columns.OPEN_DUPLICATE_GROUPS, open_groups,
                             extra_sheets=[(_("已合并办理"), export_columns.MERGED_DUPLICATE_GROUPS, merged)]):
        return export
    return render(request, "insights/duplicates/groups.html", {
        "merged": merged,
        "open_groups": open_groups,
        "window_days": selectors.window_days(),
    })
