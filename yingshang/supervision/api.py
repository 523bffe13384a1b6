"""JSON API of 监管执法, mounted at /api/v1/supervision/: plans and their draws (scoped), and the public
一公开 results and plan frames (anonymous, no personal data)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _
from ninja import Router, Schema

from yingshang.core.api import ERROR_RESPONSES
from yingshang.core.permissions import has_capability

from . import selectors

router = Router(tags=["supervision"])


class SamplingPlanOut(Schema):
    id: int
    code: str
    title: str
    unit: str
    state: str
    state_label: str
    period_start: dt.date
    period_end: dt.date
    ratios: dict[str, str]
    frame_sha256: str
    frame_size: int
    seed_source: str
    seed: str
    tasks: int


class SupervisionDrawOut(Schema):
    position: int
    credit_code: str
    risk_class: str
    certificates: list[str]


class SupervisionResultOut(Schema):
    code: str
    enterprise: str
    credit_code: str
    department: str
    plan: str
    items: list[str]
    result: str
    checked_on: dt.date | None
    published_on: dt.date | None


def _plan_out(plan) -> dict:
    return {"id": plan.pk, "code": plan.code, "title": plan.title, "unit": plan.unit.name, "state": plan.state,
            "state_label": plan.get_state_display(), "period_start": plan.period_start, "period_end": plan.period_end,
            "ratios": {k: str(v) for k, v in plan.ratios.items()}, "frame_sha256": plan.frame_sha256, "frame_size": plan.frame_size,
            "seed_source": plan.seed_source, "seed": plan.seed, "tasks": getattr(plan, "task_count", plan.tasks.count())}


def _require_view(request) -> None:
    if not has_capability(request.user, "supervision.view"):
        raise PermissionDenied(_("您的角色无权查看抽查计划"))


@router.get("/plans/", response={200: list[SamplingPlanOut], **ERROR_RESPONSES}, url_name="supervision_plans", summary="双随机抽查计划")
def plans(request):
    _require_view(request)
    return [_plan_out(plan) for plan in selectors.plans_for_user(request.user)[:500]]


@router.get("/plans/{int:pk}/draw/", response={200: list[SupervisionDrawOut], **ERROR_RESPONSES}, url_name="supervision_draw", summary="抽取结果")
def plan_draw(request, pk: int):
    _require_view(request)
    plan = selectors.plan_get_for_user(request.user, pk)
    return [{"position": r.position, "credit_code": r.credit_code, "risk_class": r.risk_class,
             "certificates": [c for c in r.certificates.split(";") if c]} for r in plan.results.order_by("position")]


@router.get("/public/results/", response={200: list[SupervisionResultOut], **ERROR_RESPONSES}, auth=None, url_name="supervision_public_results",
            summary="抽查结果公开(一公开)")
def public_results(request, q: str = ""):
    return selectors.public_results(q=q[:100])
