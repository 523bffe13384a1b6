"""Reads of 监管执法, all through the user's scope (core.scope), plus the public 一公开 reads that carry no
personal data, and the enterprise facts this app offers the credit model (core.registry)."""

from __future__ import annotations

import datetime as dt
from collections import Counter

from django.db.models import Count, Q

from yingshang.core import clock
from yingshang.core.permissions import mask_name
from yingshang.core.registry import credit_standing, enterprise_fact_sources
from yingshang.core.scope import visible, visible_or_404

from .models import CheckRecord, InspectionItem, InspectionTask, Inspector, MinorViolation, SamplingPlan, Scenario

T = InspectionTask.State
COMPLAINT_THRESHOLD = 3  # 触发式监管: complaints about a class-A enterprise in 12 months that trigger a check


def plans_for_user(user):
    return visible(user, SamplingPlan.objects.select_related("unit", "district")).annotate(task_count=Count("tasks"))


def plan_get_for_user(user, pk):
    return visible_or_404(user, SamplingPlan.objects.select_related("unit", "district"), pk=pk)


def tasks_for_user(user, *, state: str = "", q: str = "", plan=None):
    tasks = visible(user, InspectionTask.objects.select_related("enterprise", "lead_unit", "plan"))
    if state:
        tasks = tasks.filter(state=state)
    if plan:
        tasks = tasks.filter(plan_id=plan)
    if q:
        tasks = tasks.filter(Q(code__icontains=q) | Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__icontains=q))
    return tasks.order_by("-window_start", "code")


def task_get_for_user(user, pk):
    return visible_or_404(user, InspectionTask.objects.select_related("enterprise", "lead_unit", "plan", "merged_into"), pk=pk)


def items_for_user(user):
    return visible(user, InspectionItem.objects.select_related("unit"))


def scenarios():
    return Scenario.objects.prefetch_related("items__unit")


def inspectors_for_user(user):
    return visible(user, Inspector.objects.select_related("unit", "district"))


def minor_violations_for(units):
    return MinorViolation.objects.filter(unit__in=units, is_active=True).order_by("code")


def masked_inspectors(task) -> list[dict]:
    """Inspectors as the public sees them: certificate number, masked name, department."""
    return [{"certificate_no": i.certificate_no, "name": mask_name(i.name), "unit": i.unit.name}
            for i in task.inspectors.select_related("unit").order_by("certificate_no")]


def checklist(task) -> list[dict]:
    return [{"item": item, "lines": [(f"{item.code}:{n}", line) for n, line in enumerate(item.checklist)]} for item in task.items.order_by("code")]


def public_results(*, q: str = "", limit: int = 500):
    """一公开: published results — enterprise, items, result, date; nobody's name."""
    tasks = (InspectionTask.objects.filter(published_on__isnull=False).select_related("enterprise", "lead_unit", "plan")
             .prefetch_related("items").order_by("-published_on", "code"))
    if q:
        tasks = tasks.filter(Q(enterprise__name__icontains=q) | Q(enterprise__credit_code__icontains=q))
    return [{"code": t.code, "enterprise": t.enterprise.name, "credit_code": t.enterprise.credit_code, "department": t.lead_unit.name,
             "plan": t.plan.code if t.plan else "", "origin": t.get_origin_display(),
             "items": [i.name for i in t.items.all()], "result": t.get_result_display(), "checked_on": t.recorded_on,
             "published_on": t.published_on} for t in tasks[:limit]]


def public_plans():
    """Plans whose frame is public: hash, seed source, then seed and draw once fixed."""
    return SamplingPlan.objects.exclude(state=SamplingPlan.State.DRAFT).select_related("unit").order_by("-frame_published_at")


def overdue_publication(user=None, today: dt.date | None = None):
    """Recorded results not made public within the 20 working days."""
    today = today or clock.today()
    tasks = InspectionTask.objects.filter(recorded_on__isnull=False, published_on__isnull=True, publish_due_on__lt=today)
    return visible(user, tasks) if user is not None else tasks


def visits_over_limit(enterprise_id: int) -> list[str]:
    """检查可追溯: warnings when one enterprise was visited more often in a plan's period than that plan allows."""
    warnings = []
    tasks = list(InspectionTask.objects.filter(enterprise_id=enterprise_id).exclude(state=T.MERGED)
                 .exclude(origin=InspectionTask.Origin.TRIGGERED).select_related("lead_unit", "plan"))
    for plan in {t.plan for t in tasks if t.plan}:
        in_period = [t for t in tasks if t.lead_unit_id == plan.unit_id and t.window_start <= plan.period_end and t.window_end >= plan.period_start]
        if len(in_period) > plan.max_visits:
            warnings.append(f"{plan.unit.name}在 {plan.period_start}—{plan.period_end} 检查 {len(in_period)} 次,超过计划允许的 {plan.max_visits} 次")
    return sorted(set(warnings))


def enterprise_inspections(enterprise_id: int):
    return (InspectionTask.objects.filter(enterprise_id=enterprise_id).exclude(state=T.MERGED)
            .select_related("lead_unit", "plan").prefetch_related("items").order_by("-window_start"))


def trigger_candidates(unit, *, since: dt.date | None = None, limit: int = 50) -> list[dict]:
    """Class-A enterprises (outside the random draw) with a reason for a triggered check: a failed check
    of the last 24 months, or complaints at or above the threshold from any ``appeals.*`` fact source."""
    today = clock.today()
    since = since or today - dt.timedelta(days=365)
    failed = Counter(CheckRecord.objects.filter(task__recorded_on__gte=today - dt.timedelta(days=730))
                     .exclude(outcome=CheckRecord.Outcome.PASSED).values_list("task__enterprise_id", flat=True))
    complaints: Counter = Counter()
    from yingshang.core.models import Enterprise

    ids = list(Enterprise.objects.filter(status=Enterprise.Status.ACTIVE).values_list("pk", flat=True)[:200_000])
    for source in enterprise_fact_sources():
        if source.key.startswith("appeals."):
            for pk, value in source.compute(ids, since).items():
                complaints[pk] += value or 0
    wanted = {pk for pk in failed} | {pk for pk, n in complaints.items() if n >= COMPLAINT_THRESHOLD}
    standing = credit_standing(sorted(wanted))
    open_triggered = set(InspectionTask.objects.filter(origin=InspectionTask.Origin.TRIGGERED, enterprise_id__in=wanted,
                                                       state__in=[T.PLANNED, T.NOTIFIED, T.INSPECTING]).values_list("enterprise_id", flat=True))
    rows = []
    for enterprise in Enterprise.objects.filter(pk__in=[pk for pk in wanted if standing[pk].risk_class == "A"]).order_by("pk")[:limit]:
        reasons = []
        if failed.get(enterprise.pk):
            reasons.append(f"近24个月检查不合格 {failed[enterprise.pk]} 次")
        if complaints.get(enterprise.pk, 0) >= COMPLAINT_THRESHOLD:
            reasons.append(f"近12个月涉企投诉 {int(complaints[enterprise.pk])} 件(阈值 {COMPLAINT_THRESHOLD})")
        rows.append({"enterprise": enterprise, "reasons": reasons, "open": enterprise.pk in open_triggered})
    return rows


# --- facts offered to the credit model (core.registry.register_enterprise_fact_source) --------------------

def _since_records(enterprise_ids, since: dt.date):
    return CheckRecord.objects.filter(task__enterprise_id__in=list(enterprise_ids), task__recorded_on__gte=since)


def checks_since(enterprise_ids, since: dt.date) -> dict[int, float]:
    return {pk: float(n) for pk, n in Counter(_since_records(enterprise_ids, since).values_list("task__enterprise_id", flat=True)).items()}


def failed_checks_since(enterprise_ids, since: dt.date) -> dict[int, float]:
    rows = _since_records(enterprise_ids, since).exclude(outcome=CheckRecord.Outcome.PASSED)
    return {pk: float(n) for pk, n in Counter(rows.values_list("task__enterprise_id", flat=True)).items()}


def minor_first_violations_since(enterprise_ids, since: dt.date) -> dict[int, float]:
    rows = _since_records(enterprise_ids, since).filter(outcome=CheckRecord.Outcome.NOTICE)
    return {pk: float(n) for pk, n in Counter(rows.values_list("task__enterprise_id", flat=True)).items()}
