"""Pages of 监管执法: thin — selectors read, services write, the workflow kernel draws the buttons."""

from __future__ import annotations

import segno
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core import clock, workflow
from yingshang.core.documents import render_docx, render_pdf
from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Enterprise, Unit
from yingshang.core.params import parse_id
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import visible

from . import draw as rule
from . import export_columns, forms, selectors, services
from . import jobs as _jobs  # noqa: F401  (registers the job kinds)
from .documents import rectification_notice
from .models import InspectionTask, MinorViolation, SamplingPlan
from .workflow import PLANS, TASKS


BACKGROUND_DRAW_FRAME = 50_000  # a larger frame is drawn (and its tasks written) by a background job


def _say(request, error) -> None:
    if isinstance(error, ValidationError):
        messages.error(request, ";".join(error.messages))
    else:
        messages.error(request, str(error) or _("无权执行此操作"))


# --- plans -----------------------------------------------------------------------------------------

@login_required
def plan_list(request):
    require_capability(request.user, "supervision.view")
    plans = selectors.plans_for_user(request.user)
    form = None
    if has_capability(request.user, "supervision.manage_plans"):
        units = visible(request.user, Unit.objects.filter(is_active=True, inspection_items__isnull=False).distinct())
        form = forms.PlanForm(request.POST or None, user=request.user, units=units,
                              items=selectors.items_for_user(request.user).filter(is_active=True))
        if request.method == "POST":
            if form.is_valid():
                data = form.cleaned_data
                try:
                    plan = services.plan_create(actor=request.user, unit=data["unit"], title=data["title"], items=data["items"],
                                                period_start=data["period_start"], period_end=data["period_end"], ratios=data["ratios"],
                                                seed_source=data["seed_source"])
                    messages.success(request, _("已创建抽查计划 %(code)s") % {"code": plan.code})
                    return redirect("supervision:plan_detail", pk=plan.pk)
                except ValidationError as error:
                    _say(request, error)
    elif request.method == "POST":
        raise PermissionDenied(_("您的角色无权创建抽查计划"))
    return render(request, "supervision/plan_list.html", {"plans": plans, "form": form,
                                                          "overdue": selectors.overdue_publication(request.user).count()})


@login_required
def plan_detail(request, pk: int):
    require_capability(request.user, "supervision.view")
    plan = selectors.plan_get_for_user(request.user, pk)
    verdict = None
    if request.GET.get("verify") and plan.state in (SamplingPlan.State.DRAWN, SamplingPlan.State.CLOSED):
        verdict = verify_plan(plan)
    operations = workflow.buttons(PLANS, plan, request.user, url=lambda op: reverse("supervision:plan_action", args=[plan.pk, op.name]))
    results = plan.results.select_related("enterprise").order_by("position")
    return render(request, "supervision/plan_detail.html", {
        "plan": plan, "operations": operations, "verdict": verdict, "results": results[:300], "result_count": results.count(),
        "tasks": plan.tasks.exclude(state=InspectionTask.State.MERGED).count(), "ratios": rule.format_ratios(services.plan_ratios(plan))})


def verify_plan(plan) -> str:
    """``verified`` or the first difference between the stored draw and the rule applied to the public files."""
    published = [(r.credit_code, r.risk_class, [c for c in r.certificates.split(";") if c]) for r in plan.results.order_by("position")]
    pool = rule.read_pool(plan.pool_csv) if plan.pool_csv else None
    problem = rule.verify(rule.read_frame(plan.frame_csv), plan.seed, services.plan_ratios(plan), published, pool)
    return problem or "verified"


@login_required
@require_POST
def plan_action(request, pk: int, action: str):
    plan = selectors.plan_get_for_user(request.user, pk)
    if action not in {op.name for op in PLANS.operations}:
        raise Http404(_("未知操作"))
    if action == "draw" and plan.frame_size > BACKGROUND_DRAW_FRAME and plan.state == SamplingPlan.State.SEEDED:
        return start_job(request, "supervision.draw", plan=plan.pk, on_failure=reverse("supervision:plan_detail", args=[plan.pk]))
    try:
        services.plan_act(actor=request.user, plan=plan, operation=action, data=request.POST)
        messages.success(request, _("已%(op)s,当前状态“%(state)s”") % {"op": PLANS.operation(action).label, "state": plan.get_state_display()})
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    return redirect("supervision:plan_detail", pk=plan.pk)


def _csv_response(filename: str, text: str) -> HttpResponse:
    response = HttpResponse(text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def public_plan_file(request, pk: int, name: str):
    """The public files of a plan: frame.csv (after 公示), pool.csv and draw.csv (after the draw)."""
    plan = selectors.public_plans().filter(pk=pk).first()
    if plan is None:
        raise Http404(_("计划不存在或名录尚未公示"))
    if name == "frame":
        return _csv_response(f"{plan.code}-frame.csv", plan.frame_csv)
    if name == "pool":
        return _csv_response(f"{plan.code}-pool.csv", plan.pool_csv)
    if name == "draw" and plan.drawn_at:
        rows = [(r.credit_code, r.risk_class, [c for c in r.certificates.split(";") if c]) for r in plan.results.order_by("position")]
        return _csv_response(f"{plan.code}-draw.csv", rule.draw_csv(rows))
    raise Http404(_("文件不存在"))


def public_plans(request):
    return render(request, "supervision/public_plans.html", {"plans": selectors.public_plans()[:200]})


def public_results(request):
    q = request.GET.get("q", "").strip()[:100]
    return render(request, "supervision/public_results.html", {"rows": selectors.public_results(q=q), "q": q})


# --- tasks -----------------------------------------------------------------------------------------

@login_required
def task_list(request):
    require_capability(request.user, "supervision.view")
    state = request.GET.get("state", "")
    state = state if state in InspectionTask.State.values else ""
    plan = parse_id(request.GET.get("plan"))
    tasks = selectors.tasks_for_user(request.user, state=state, q=request.GET.get("q", "").strip()[:100], plan=plan)
    if export := list_export(request, _("检查任务"), export_columns.TASKS, tasks):
        return export
    page = Paginator(tasks, 30).get_page(request.GET.get("page"))
    return render(request, "supervision/task_list.html", {"page": page, "states": InspectionTask.State.choices, "state": state})


def _qr_svg(url: str) -> str:
    return segno.make(url, error="m").svg_inline(scale=4)


@login_required
def task_detail(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    scan_url = request.build_absolute_uri(reverse("supervision:scan", args=[services.task_token(task)]))
    operations = workflow.buttons(TASKS, task, request.user, url=lambda op: reverse("supervision:task_action", args=[task.pk, op.name]))
    check = getattr(task, "record", None) if hasattr(task, "record") else None
    staff = has_capability(request.user, "supervision.view")
    return render(request, "supervision/task_detail.html", {
        "task": task, "operations": operations, "check": check, "staff": staff,
        "scan_url": scan_url if staff else "", "qr_svg": _qr_svg(scan_url) if staff else "",
        "inspectors": [{"certificate_no": i.certificate_no, "name": i.name, "unit": i.unit.name} for i in task.inspectors.select_related("unit")]
        if staff else selectors.masked_inspectors(task),
        "warnings": selectors.visits_over_limit(task.enterprise_id), "rating": getattr(task, "rating", None) if hasattr(task, "rating") else None,
        "rating_form": forms.RatingForm() if _may_rate(request.user, task) else None,
    })


def _may_rate(user, task) -> bool:
    return (has_capability(user, "supervision.rate") and user.enterprise_id == task.enterprise_id and task.recorded_on is not None
            and not hasattr(task, "rating"))


@login_required
@require_POST
def task_action(request, pk: int, action: str):
    task = selectors.task_get_for_user(request.user, pk)
    if action not in {op.name for op in TASKS.operations if op.button}:
        raise Http404(_("未知操作"))
    try:
        services.task_act(actor=request.user, task=task, operation=action, data=request.POST)
        messages.success(request, _("已%(op)s") % {"op": TASKS.operation(action).label})
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    return redirect("supervision:task_detail", pk=task.pk)


@login_required
def task_notice(request, pk: int, fmt: str):
    task = selectors.task_get_for_user(request.user, pk)
    check = getattr(task, "record", None) if hasattr(task, "record") else None
    if check is None or check.outcome == check.Outcome.PASSED or fmt not in ("docx", "pdf"):
        raise Http404(_("本任务没有整改通知书"))
    document = rectification_notice(check)
    data, kind = (render_docx(document), "application/vnd.openxmlformats-officedocument.wordprocessingml.document") if fmt == "docx" else (render_pdf(document), "application/pdf")
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="{task.code}-notice.{fmt}"'
    return response


@login_required
@require_POST
def task_rate(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    form = forms.RatingForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择 1 至 5 分"))
    else:
        try:
            services.rate_task(actor=request.user, task=task, score=form.cleaned_data["score"], comment=form.cleaned_data["comment"])
            messages.success(request, _("感谢评价"))
        except (ValidationError, PermissionDenied) as error:
            _say(request, error)
    return redirect("supervision:task_detail", pk=task.pk)


# --- 扫码入企 ----------------------------------------------------------------------------------------

def _task_by_token(token: str) -> InspectionTask:
    try:
        return services.task_from_token(token)
    except ValidationError:
        raise Http404(_("检查码无效或已失效:无码不检查")) from None


def scan(request, token: str):
    """The page the QR code opens at the enterprise: public facts; the task's inspectors also get the forms."""
    task = _task_by_token(token)
    inspector = services.inspector_of(request.user) if request.user.is_authenticated else None
    is_inspector = inspector is not None and task.inspectors.filter(pk=inspector.pk).exists()
    return render(request, "supervision/scan.html", {
        "task": task, "token": token, "inspectors": selectors.masked_inspectors(task), "items": task.items.order_by("code"),
        "is_inspector": is_inspector, "checklist": selectors.checklist(task) if is_inspector else [],
        "violations": selectors.minor_violations_for(task.units.all()) if is_inspector else [],
        "first_hint": {}, "today": clock.today(),
    })


@login_required
@require_POST
def scan_start(request, token: str):
    task = _task_by_token(token)
    try:
        services.start_inspection(actor=request.user, task=task, token=token)
        messages.success(request, _("已亮码,开始检查"))
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    return redirect("supervision:scan", token=token)


@login_required
@require_POST
def scan_record(request, token: str):
    task = _task_by_token(token)
    results = {key[len("line-"):]: value for key, value in request.POST.items() if key.startswith("line-")}
    violation = None
    violation_id = parse_id(request.POST.get("minor_violation"))
    if violation_id:
        violation = MinorViolation.objects.filter(pk=violation_id, is_active=True).first()
        if violation is None:
            messages.error(request, _("所选轻微违法行为不存在"))
            return redirect("supervision:scan", token=token)
    try:
        check = services.record_check(actor=request.user, task=task, token=token, results=results, problems=request.POST.get("problems", "")[:4000],
                                      minor_violation=violation, photos=request.FILES.getlist("photos"))
        messages.success(request, _("检查记录已保存:%(o)s") % {"o": check.get_outcome_display()})
        return redirect("supervision:task_detail", pk=task.pk)
    except (ValidationError, PermissionDenied) as error:
        _say(request, error)
    return redirect("supervision:scan", token=token)


# --- the enterprise's own inspections ------------------------------------------------------------------

@login_required
def mine(request):
    require_capability(request.user, "supervision.view_own")
    if not request.user.enterprise_id:
        raise Http404(_("账号未绑定经营主体"))
    return render(request, "supervision/mine.html", {"tasks": selectors.enterprise_inspections(request.user.enterprise_id),
                                                     "warnings": selectors.visits_over_limit(request.user.enterprise_id)})


# --- catalogue, 综合查一次, 触发式监管 -----------------------------------------------------------------------

@login_required
def catalogue(request):
    require_capability(request.user, "supervision.view")
    return render(request, "supervision/catalogue.html", {
        "items": selectors.items_for_user(request.user).order_by("unit__code", "code"), "scenarios": selectors.scenarios(),
        "inspectors": selectors.inspectors_for_user(request.user).order_by("unit__code", "certificate_no")[:200],
        "violations": MinorViolation.objects.select_related("unit").filter(is_active=True), "today": clock.today()})


@login_required
def merge(request):
    require_capability(request.user, "supervision.manage_plans")
    plans = selectors.plans_for_user(request.user).filter(state=SamplingPlan.State.DRAWN)
    report = None
    if request.method == "POST":
        ids = [i for i in (parse_id(v) for v in request.POST.getlist("plan")) if i]
        if sum(p.task_count for p in plans.filter(pk__in=ids)) > BACKGROUND_DRAW_FRAME:
            return start_job(request, "supervision.merge", plans=ids, on_failure=reverse("supervision:merge"))
        try:
            report = services.merge_plans(actor=request.user, plans=plans.filter(pk__in=ids))
            messages.success(request, _("合并完成:联合检查 %(j)d 个,减少入企 %(v)d 次") % {"j": report["joint_tasks"], "v": report["visits_saved"]})
        except ValidationError as error:
            _say(request, error)
    joint = selectors.tasks_for_user(request.user).filter(joint=True)
    return render(request, "supervision/merge.html", {"plans": plans, "report": report, "joint": joint[:100]})


@login_required
def triggers(request):
    require_capability(request.user, "supervision.manage_plans")
    unit = request.user.unit
    if request.method == "POST":
        form = forms.TriggerForm(request.POST)
        if form.is_valid() and unit is not None:
            enterprise = visible(request.user, Enterprise.objects.all()).filter(pk=form.cleaned_data["enterprise"]).first()
            if enterprise is None:
                raise Http404(_("企业不存在或不在您的权限范围内"))
            try:
                task = services.trigger_task(actor=request.user, enterprise=enterprise, unit=unit, reason=form.cleaned_data["reason"])
                messages.success(request, _("已生成触发检查任务 %(code)s") % {"code": task.code})
                return redirect("supervision:task_detail", pk=task.pk)
            except ValidationError as error:
                _say(request, error)
        else:
            messages.error(request, _("请填写触发原因"))
    candidates = selectors.trigger_candidates(unit) if unit is not None else []
    return render(request, "supervision/triggers.html", {"candidates": candidates, "threshold": selectors.COMPLAINT_THRESHOLD})
