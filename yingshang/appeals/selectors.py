"""Reads of the appeals hub, always through the reader's scope (404 outside it)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q, QuerySet
from django.http import Http404

from yingshang.core import clock
from yingshang.core.params import parse_bool, parse_id
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import visible, visible_or_404

from .models import Appeal, AppealEvent, HubSettings
from yingshang.core.workcalendar import WorkCalendar
from .workflow import APPEALS, AT_UNIT_STATES, State

_RELATED = ("label", "unit", "district", "street")


def appeal_list_for_user(user) -> QuerySet[Appeal]:
    """The appeals ``user`` may read, by the one rule of core.scope: the whole city (hotline, leaders,
    auditors); a handler's unit subtree; a coordinator's subtree and district; the appeals a citizen
    submitted (an enterprise user: also their 经营主体's)."""
    if not has_capability(user, "appeals.view"):
        require_capability(user, "appeals.view_own")
    return visible(user, Appeal.objects.select_related(*_RELATED))


def appeal_get_for_user(user, tracking_no: str) -> Appeal:
    return visible_or_404(user, appeal_list_for_user(user), "诉求不存在或不在您的权限范围内", tracking_no=tracking_no)


def appeal_search(user, *, q: str = "", state: str = "", unit: str = "", district: str = "", channel: str = "", overdue: str = "") -> QuerySet[Appeal]:
    appeals = appeal_list_for_user(user)
    if q:
        appeals = appeals.filter(Q(tracking_no=q) | Q(content__contains=q) | Q(title__contains=q) | Q(person_phone=q))
    if state:
        appeals = appeals.filter(state=state)
    if unit:
        appeals = appeals.filter(unit_id=parse_id(unit)) if parse_id(unit) else appeals.none()
    if district:
        appeals = appeals.filter(district__code=district)
    if channel:
        appeals = appeals.filter(channel=channel)
    if parse_bool(overdue, field="overdue"):  # ?overdue=false means all, not the overdue ones
        now = clock.now()
        appeals = appeals.filter(
            Q(state=State.RECEIVED, dispatch_due__lt=now) | Q(state__in=AT_UNIT_STATES, completion_due__lt=now)
        )
    return appeals


def dispatch_queue(user) -> QuerySet[Appeal]:
    """受理 appeals waiting for the hotline to dispatch, oldest deadline first."""
    require_capability(user, "appeals.dispatch")
    return appeal_list_for_user(user).filter(state=State.RECEIVED, merged_into__isnull=True).order_by("dispatch_due", "id")


def unit_inbox(user) -> QuerySet[Appeal]:
    """Appeals at the user's unit (subtree) still to be handled."""
    return appeal_list_for_user(user).filter(state__in=AT_UNIT_STATES).order_by("completion_due", "id")


def timeline(appeal: Appeal) -> QuerySet[AppealEvent]:
    return appeal.events.select_related("actor", "actor_unit", "unit").order_by("at", "id")


def caller_history(user, phone: str, *, exclude_id: int | None = None) -> QuerySet[Appeal]:
    require_capability(user, "appeals.intake")
    appeals = appeal_list_for_user(user).filter(person_phone=phone).order_by("-accepted_at")
    return appeals.exclude(pk=exclude_id) if exclude_id else appeals


# --- the public status page ----------------------------------------------------------------------------

# What public tracking calls each step: the workflow spec's public labels (appeals/workflow.py).
PUBLIC_STEPS = APPEALS.public_steps()


# Steps at which the public step names the unit that took the appeal on.
PUBLIC_UNIT_STEPS = frozenset({"dispatch", "reassign", "sign", "complete"})


def sees_requester_view(user) -> bool:
    """Whether ``user`` reads appeals as a requester (citizens and enterprises, their own appeals only):
    they see the public steps and the reply, never the hub's internal record (ADR 0004, data minimisation)."""
    return not has_capability(user, "appeals.view")


def requester_steps(appeal: Appeal) -> list[dict]:
    """The steps of an appeal as its requester and the public tracking page see them: only steps the
    workflow spec gives a public label (appeals/workflow.py), named by that label, with the unit where one
    took the appeal on. Never who acted, their notes, or the reasons of returns and dispatches."""
    return [
        {"action": e.action, "at": e.at, "text": PUBLIC_STEPS[e.action], "unit": e.unit.name if e.unit_id and e.action in PUBLIC_UNIT_STEPS else ""}
        for e in appeal.events.select_related("unit").order_by("at", "id") if e.action in PUBLIC_STEPS
    ]


def public_status(tracking_no: str) -> dict:
    """What anyone holding the tracking number may see: no name, phone, address or text of the appeal."""
    appeal = Appeal.objects.select_related("label", "unit", "district").filter(tracking_no=(tracking_no or "").strip()).first()
    if appeal is None:
        raise Http404("未找到该受理编号的诉求,请核对编号")
    steps = requester_steps(appeal)
    return {
        "tracking_no": appeal.tracking_no, "state": State(appeal.state).label, "appeal_type": appeal.get_appeal_type_display(),
        "channel": appeal.get_channel_display(), "accepted_at": appeal.accepted_at,
        "category": appeal.label.path.split("/")[0] if appeal.label_id else "",
        "district": appeal.district.name if appeal.district_id else "", "unit": appeal.unit.name if appeal.unit_id else "",
        "completion_due": appeal.completion_due if appeal.is_open else None, "completed_at": appeal.completed_at,
        "merged_into": appeal.merged_into.tracking_no if appeal.merged_into_id else "", "steps": steps,
    }


# --- SLA: overdue and soon-due -----------------------------------------------------------------------------

@dataclass
class DueItem:
    appeal: Appeal
    clock: str  # dispatch | feedback | completion
    due: dt.datetime

    @property
    def clock_label(self) -> str:
        return {"dispatch": "转办", "feedback": "首次反馈", "completion": "办结"}[self.clock]


def due_buckets(user=None, *, now: dt.datetime | None = None, unit_id: int | None = None) -> dict[str, list[DueItem]]:
    """Open appeals whose clocks have run out (overdue) or run out within the soon window."""
    now = now or clock.now()
    settings_row = HubSettings.objects.order_by("id").first()
    soon_hours = float(settings_row.soon_due_hours) if settings_row else 4.0
    horizon = WorkCalendar.load().add_working_hours(now, soon_hours)
    appeals = appeal_list_for_user(user) if user is not None else Appeal.objects.select_related(*_RELATED)
    if unit_id:
        appeals = appeals.filter(unit_id=unit_id)
    candidates = appeals.filter(
        Q(state=State.RECEIVED, dispatch_due__lt=horizon)
        | Q(state__in=AT_UNIT_STATES, completion_due__lt=horizon)
        | Q(state__in=AT_UNIT_STATES, first_feedback_at__isnull=True, feedback_due__lt=horizon)
    )
    overdue, soon = [], []
    for appeal in candidates.order_by("id"):
        clocks = []
        if appeal.state == State.RECEIVED and appeal.dispatch_due:
            clocks.append(("dispatch", appeal.dispatch_due))
        elif appeal.state in AT_UNIT_STATES:
            if appeal.first_feedback_at is None and appeal.feedback_due:
                clocks.append(("feedback", appeal.feedback_due))
            if appeal.completion_due:
                clocks.append(("completion", appeal.completion_due))
        for name, due in clocks:
            if due < now:
                overdue.append(DueItem(appeal, name, due))
            elif due < horizon:
                soon.append(DueItem(appeal, name, due))
    overdue.sort(key=lambda item: item.due)
    soon.sort(key=lambda item: item.due)
    return {"overdue": overdue, "soon": soon, "horizon": horizon}
