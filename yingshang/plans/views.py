"""Pages of the plans module. Thin: check capability, call a selector or a service, render."""

from __future__ import annotations

import mimetypes

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core import clock, workflow
from yingshang.core.exports import export_requested, list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Unit
from yingshang.core.params import int_param, parse_id
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.textnorm import normalize_unit_name

from . import export_columns, selectors, services
from . import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from .forms import ItemForm, MentionAssignForm, PlanMetaForm, PlanUploadForm, PublishForm, ReportForm, SchemeForm
from .models import Bulletin, ItemMention, Plan, RankingEntry
from .scoring import BUILTIN_COMPONENTS, component_labels, extra_components
from .status import STATUS_LABELS, cycle_key, parse_period
from .workflow import TASKS


def _errors(error: ValidationError) -> str:
    return ";".join(error.messages)


def _is_htmx(request) -> bool:
    return bool(request.headers.get("HX-Request"))


# --- plans: import and review --------------------------------------------------------------------------

@login_required
def plan_list(request):
    if not has_capability(request.user, "plans.view_plans"):
        return redirect("plans:task_list")
    plans = list(selectors.plan_list_for_user(request.user))
    flagged = selectors.flagged_mentions() if has_capability(request.user, "plans.map_units") else []
    flagged_per_plan: dict[int, int] = {}
    for view in flagged:
        flagged_per_plan[view.mention.item.plan_id] = flagged_per_plan.get(view.mention.item.plan_id, 0) + 1
    for plan in plans:
        plan.flagged = flagged_per_plan.get(plan.pk, 0)
    if export := list_export(request, _("行动方案"), export_columns.PLANS, plans):
        return export
    return render(request, "plans/plan_list.html", {
        "plans": plans, "flagged_total": len(flagged),
        "can_import": has_capability(request.user, "plans.import_plans"),
    })


@login_required
def plan_import_view(request):
    require_capability(request.user, "plans.import_plans")
    if request.method == "POST":
        form = PlanUploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            try:
                # Refuse an oversized file at once; reading and recognising it is a background job (plans/jobs.py).
                services.check_plan_file(upload.name, upload.size)
            except ValidationError as error:
                form.add_error("file", error.messages)
            else:
                return start_job(request, "plans.plan_import", payload=upload.read(), title=f"导入督办计划:{upload.name}"[:200],
                                 on_failure=reverse("plans:plan_import"), filename=upload.name)
    else:
        form = PlanUploadForm()
    return render(request, "plans/plan_import.html", {"form": form, "max_size": services.size_text(services.plan_max_bytes())})


def _review_context(request, plan: Plan) -> dict:
    items = selectors.plan_items(plan)
    lines = plan.source_text.split("\n") if plan.source_text else []
    cache: dict = {}
    task_counts: dict[int, int] = {}
    if not plan.is_draft:
        for task in plan.tasks.all():
            task_counts[task.item_id] = task_counts.get(task.item_id, 0) + 1
    rows = []
    flagged = 0
    for item in items:
        views = selectors.mention_views(plan, item.mentions.all(), cache)
        flagged += sum(1 for v in views if v.flag)
        rows.append(_item_row(plan, item, lines, views, task_counts.get(item.pk, 0)))
    duplicates = Plan.objects.filter(source_sha256=plan.source_sha256).exclude(pk=plan.pk) if plan.source_sha256 else Plan.objects.none()
    meta_form = PlanMetaForm(initial=PlanMetaForm.initial_for(plan), plan=plan)
    publish = None
    if plan.is_draft:
        checks = services.publish_warnings(plan)
        initial = {"version": plan.version, "shift_to": checks.suggested_shift, "past_due": ""}
        publish = {"checks": checks, "form": PublishForm(initial=initial)}
    return {"publish": publish,
        "plan": plan, "rows": rows, "flagged": flagged, "meta_form": meta_form, "duplicates": duplicates,
        "can_review": has_capability(request.user, "plans.review_plans"),
        "can_map": has_capability(request.user, "plans.map_units"),
        "levels": plan.parse_result.get("levels", []), "warnings": plan.parse_result.get("warnings", []),
    }


def _item_row(plan: Plan, item, lines: list[str], views, tasks: int = 0) -> dict:
    source_lines = lines[item.line - 1:item.end_line] if lines and item.line else item.text.split("\n")
    source = "\n".join(line for line in source_lines if line.strip())
    return {
        "item": item, "source": source, "lead": [v for v in views if v.mention.role == ItemMention.Role.LEAD],
        "responsible": [v for v in views if v.mention.role == ItemMention.Role.RESPONSIBLE],
        "indicators": list(item.indicators.all()), "tasks": tasks, "editable": plan.is_draft,
    }


@login_required
def plan_detail(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    return render(request, "plans/plan_detail.html", _review_context(request, plan))


@login_required
@require_POST
def plan_meta_update(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    require_capability(request.user, "plans.review_plans")
    form = PlanMetaForm(request.POST, plan=plan, initial=PlanMetaForm.initial_for(plan))  # disabled fields keep their values
    if form.is_valid():
        try:
            services.plan_update(actor=request.user, plan=plan, expected_version=form.cleaned_data["version"], **form.service_values())
            messages.success(request, "方案信息已保存")
        except ValidationError as error:
            messages.error(request, _errors(error))
    else:
        messages.error(request, "方案信息有误:" + ";".join(f"{form.fields[f].label}:{','.join(e)}" for f, e in form.errors.items()))
    return redirect("plans:plan_detail", pk=plan.pk)


def _render_item(request, plan: Plan, item, *, form: ItemForm | None = None):
    views = selectors.mention_views(plan, item.mentions.all())
    lines = plan.source_text.split("\n") if plan.source_text else []
    context = {"row": _item_row(plan, item, lines, views), "plan": plan, "can_review": has_capability(request.user, "plans.review_plans")}
    if form is not None:
        context["form"] = form
        return render(request, "plans/_item_form.html", context)
    return render(request, "plans/_item_row.html", context)


@login_required
def item_view(request, pk: int, item_pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    item = selectors.item_get(plan, item_pk)
    return _render_item(request, plan, item)


@login_required
def item_edit(request, pk: int, item_pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    require_capability(request.user, "plans.review_plans")
    item = selectors.item_get(plan, item_pk)
    if request.method == "POST":
        form = ItemForm(request.POST)
        if form.is_valid():
            try:
                services.item_update(actor=request.user, item=item, expected_version=form.cleaned_data["version"], **form.service_values())
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                item = selectors.item_get(plan, item_pk)
                if _is_htmx(request):
                    return _render_item(request, plan, item)
                messages.success(request, f"条目 {item.number} 已保存")
                return redirect(reverse("plans:plan_detail", args=[plan.pk]) + f"#item-{item.pk}")
    else:
        form = ItemForm(initial=ItemForm.initial_for(item, list(item.mentions.all())))
    return _render_item(request, plan, item, form=form)


@login_required
@require_POST
def plan_publish_view(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "发布信息有误:" + ";".join(f"{form.fields[f].label}:{','.join(e)}" for f, e in form.errors.items()))
        return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#publish-panel")
    try:
        tasks = services.plan_publish(actor=request.user, plan=plan, **form.service_values())
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect(reverse("plans:plan_detail", args=[plan.pk]) + "#publish-panel")
    units = len({t.unit_id for t in tasks})
    messages.success(request, f"方案已发布:生成 {len(tasks)} 项任务,涉及 {units} 个单位。")
    return redirect("plans:plan_detail", pk=plan.pk)


@login_required
@require_POST
def plan_discard_view(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    try:
        services.plan_discard(actor=request.user, plan=plan)
    except ValidationError as error:
        messages.error(request, _errors(error))
        return redirect("plans:plan_detail", pk=plan.pk)
    messages.success(request, "草稿已删除")
    return redirect("plans:plan_list")


@login_required
def plan_source(request, pk: int):
    plan = selectors.plan_get_for_user(request.user, pk)
    if not plan.source_file:
        raise Http404("原文件不存在")
    return FileResponse(plan.source_file.open("rb"), as_attachment=True, filename=plan.source_filename or plan.source_file.name)


@login_required
def mention_list(request):
    require_capability(request.user, "plans.map_units")
    # One row per name and plan: assigning it assigns every occurrence (see services.mention_assign).
    groups: dict[tuple, list] = {}
    for view in selectors.flagged_mentions():
        key = (view.mention.item.plan_id, view.mention.collective, normalize_unit_name(view.mention.mention))
        groups.setdefault(key, []).append(view)
    units = list(Unit.objects.filter(is_active=True).order_by("tree_path"))
    rows = []
    for views in groups.values():
        view = views[0]
        view.form = MentionAssignForm(units=view.units if view.mention.candidates else units, prefix=f"m{view.mention.pk}")
        view.occurrences = len(views)
        rows.append(view)
    return render(request, "plans/mention_list.html", {"views": rows})


@login_required
@require_POST
def mention_assign_view(request, mention_pk: int):
    require_capability(request.user, "plans.map_units")
    mention = ItemMention.objects.select_related("item__plan").filter(pk=mention_pk).first()
    if mention is None:
        raise Http404("单位提及不存在")
    units = Unit.objects.filter(is_active=True)
    form = MentionAssignForm(request.POST, units=units, prefix=f"m{mention.pk}")
    if form.is_valid():
        unit = units.get(pk=form.cleaned_data["unit"])
        count = services.mention_assign(actor=request.user, mention=mention, unit=unit)
        messages.success(request, f"“{mention.mention}”已对应到 {unit.name}(共 {count} 处)")
    else:
        messages.error(request, "请选择对应的单位")
    return redirect("plans:mention_list")


# --- the ledger ----------------------------------------------------------------------------------------

TASK_FILTERS = ("plan", "status", "role", "unit", "q")


@login_required
def task_list(request):
    user = request.user
    filters = {key: request.GET.get(key, "").strip() for key in TASK_FILTERS}
    tasks = selectors.task_list_for_user(user)
    plans = Plan.objects.filter(pk__in=tasks.values("plan_id")).order_by("-id")
    if filters["plan"]:
        tasks = tasks.filter(plan_id=parse_id(filters["plan"])) if parse_id(filters["plan"]) else tasks.none()
    if filters["role"] in ItemMention.Role.values:
        tasks = tasks.filter(role=filters["role"])
    if filters["unit"]:
        tasks = tasks.filter(unit_id=parse_id(filters["unit"])) if parse_id(filters["unit"]) else tasks.none()
    if filters["q"]:
        tasks = tasks.filter(item__title__contains=filters["q"])
    tasks = selectors.with_status(tasks.order_by("plan_id", "item__position", "role", "unit__tree_path"))
    counts = selectors.status_counts(tasks)
    tasks = selectors.filter_by_status(tasks, filters["status"])
    if export := list_export(request, _("任务台账"), export_columns.TASKS, tasks):
        return export
    page = Paginator(tasks, 50).get_page(request.GET.get("page"))
    return render(request, "plans/task_list.html", {
        "page": page, "filters": filters, "plans": plans, "counts": counts, "statuses": STATUS_LABELS,
        "roles": ItemMention.Role.choices, "total": len(tasks),
    })


def _task_context(request, task, form: ReportForm | None = None) -> dict:
    user = request.user
    co_tasks = selectors.co_tasks_for_lead(user, task)
    tasks = selectors.with_status([task, *co_tasks])
    reports = selectors.reports_of(tasks)
    indicators = list(task.item.indicators.all())
    can_report = has_capability(user, "plans.report_progress") and services.owns_task(user, task) and task.state == task.State.OPEN
    if can_report and form is None:
        form = ReportForm(indicators=indicators if task.accountable else [], initial={"percent": task.status.percent})
    ancestors = []
    node = task.item.parent
    while node is not None:
        ancestors.insert(0, node)
        node = node.parent
    return {
        "task": task, "co_tasks": tasks[1:], "reports": reports.get(task.pk, []), "co_reports": reports,
        "indicators": indicators, "form": form if can_report else None, "can_report": can_report, "ancestors": ancestors,
        "owns": services.owns_task(user, task),
        "operations": workflow.buttons(TASKS, task, user, url=lambda op: reverse(TASK_OPERATION_URLS[op.name], args=[task.pk])),
        "max_evidence_size": services.size_text(services.evidence_max_bytes()),
    }


# The page each button of the task workflow posts to (finishing is the final report's form, not a button).
TASK_OPERATION_URLS = {"reopen": "plans:task_reopen"}


@login_required
def task_detail(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    return render(request, "plans/task_detail.html", _task_context(request, task))


@login_required
@require_POST
def report_create(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    indicators = list(task.item.indicators.all()) if task.accountable else []
    form = ReportForm(request.POST, request.FILES, indicators=indicators)
    if form.is_valid():
        try:
            report = services.report_submit(actor=request.user, task=task, **form.service_values())
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, "进度已报送" + (",任务已办结" if report.is_final else ""))
            return redirect("plans:task_detail", pk=task.pk)
    if not services.owns_task(request.user, task):
        raise PermissionDenied("只能为本单位的任务报送进度")
    return render(request, "plans/task_detail.html", _task_context(request, task, form), status=400)


@login_required
@require_POST
def task_reopen_view(request, pk: int):
    task = selectors.task_get_for_user(request.user, pk)
    try:
        services.task_act(actor=request.user, task=task, operation="reopen", data=request.POST)
        messages.success(request, "任务已重新打开")
    except ValidationError as error:
        messages.error(request, _errors(error))
    except PermissionDenied as error:
        messages.error(request, str(error) or "无权执行此操作")
    return redirect("plans:task_detail", pk=task.pk)


@login_required
def evidence_download(request, pk: int):
    evidence = selectors.evidence_get_for_user(request.user, pk)
    content_type = evidence.content_type or mimetypes.guess_type(evidence.name)[0] or "application/octet-stream"
    return FileResponse(evidence.file.open("rb"), as_attachment=True, filename=evidence.name, content_type=content_type)


# --- 挂图作战 -------------------------------------------------------------------------------------------

@login_required
def board(request):
    require_capability(request.user, "plans.view_board")
    tasks_qs = selectors.task_list_for_user(request.user)
    plans = list(Plan.objects.filter(pk__in=tasks_qs.values("plan_id")).order_by("-id"))
    plan_id = request.GET.get("plan", "")
    plan = next((p for p in plans if str(p.pk) == plan_id), plans[0] if plans else None)
    view = request.GET.get("view", "matrix")
    status = request.GET.get("status", "")
    unit_id = request.GET.get("unit", "")
    context = {"plans": plans, "plan": plan, "view": view, "status": status, "statuses": STATUS_LABELS, "unit_id": unit_id}
    if plan is not None:
        tasks = selectors.with_status(tasks_qs.filter(plan=plan))
        context["counts"] = selectors.status_counts(tasks)
        context["units"] = sorted({t.unit_id: t.unit for t in tasks}.values(), key=lambda u: u.tree_path)
        if unit_id.isdigit():
            tasks = [t for t in tasks if t.unit_id == int(unit_id)]
        tasks = selectors.filter_by_status(tasks, status)
        if view == "timeline":
            context["timeline"] = selectors.timeline(tasks)
        else:
            context["matrix"] = selectors.matrix(plan, tasks)
    return render(request, "plans/board.html", context)


# --- ranking, scheme, bulletins -------------------------------------------------------------------------

def _default_period() -> str:
    return cycle_key(clock.today(), 1)


@login_required
def ranking(request):
    require_capability(request.user, "plans.view_ranking")
    period = (request.POST.get("period") or request.GET.get("period") or _default_period()).strip()
    try:
        parse_period(period)
    except ValueError as error:
        messages.error(request, str(error))
        period = _default_period()
    if request.method == "POST":
        require_capability(request.user, "plans.compute_ranking")
        # Scoring every unit takes seconds: a background job with its progress page (plans/jobs.py).
        return start_job(request, "plans.ranking_compute", title=f"重新计算综合排名:{period}",
                         on_failure=reverse("plans:ranking") + f"?period={period}", period=period)
    run = selectors.ranking_latest(period)
    # Columns of the components other modules registered (core.registry) that this run used.
    extra_columns = [(c["key"], c["label"]) for c in (run.components if run else []) if c["key"] not in BUILTIN_COMPONENTS]
    if run and export_requested(request):
        scopes = dict(RankingEntry.Scope.choices)
        rows = [(scopes[scope], entry) for scope, entries in selectors.ranking_entries(run).items() for entry in entries]
        return list_export(request, _("综合排名") + period, export_columns.ranking_columns(extra_columns), rows)
    return render(request, "plans/ranking.html", {
        "period": period, "run": run, "entries": selectors.ranking_entries(run) if run else None, "extra_columns": extra_columns,
        "periods": selectors.ranking_periods(), "labels": component_labels(), "scope_labels": dict(RankingEntry.Scope.choices),
        "can_compute": has_capability(request.user, "plans.compute_ranking"),
        "can_manage": has_capability(request.user, "plans.manage_scoring"),
        "bulletin": selectors.bulletin_latest(period),
    })


@login_required
def unit_history(request, unit_pk: int):
    require_capability(request.user, "plans.view_ranking")
    unit = Unit.objects.filter(pk=unit_pk).first()
    if unit is None:
        raise Http404("单位不存在")
    entries = selectors.unit_history(unit)
    if export := list_export(request, _("历次排名") + unit.name, export_columns.UNIT_HISTORY, entries):
        return export
    chart = {"periods": [e.run.period for e in entries], "scores": [float(e.score) for e in entries], "ranks": [e.rank for e in entries]}
    return render(request, "plans/unit_history.html", {"unit": unit, "entries": entries, "chart": chart, "labels": component_labels()})


@login_required
def scheme_edit(request):
    require_capability(request.user, "plans.manage_scoring")
    scheme = services.scheme_active(actor=request.user)
    components = extra_components()
    if request.method == "POST":
        form = SchemeForm(request.POST, extra_components=components)
        if form.is_valid():
            try:
                services.scheme_update(actor=request.user, scheme=scheme, expected_version=form.cleaned_data["version"], **form.service_values())
                messages.success(request, "评分方案已保存,重新计算排名后生效")
                return redirect("plans:ranking")
            except ValidationError as error:
                form.add_error(None, error.messages)
    else:
        form = SchemeForm(initial=SchemeForm.initial_for(scheme), extra_components=components)
    return render(request, "plans/scheme.html", {"form": form, "scheme": scheme, "components": components})


@login_required
def bulletin_list(request):
    require_capability(request.user, "plans.view_bulletins")
    if request.method == "POST":
        period = request.POST.get("period", "").strip()
        return start_job(request, "plans.bulletin_generate", on_failure=reverse("plans:bulletin_list"), period=period)
    if export := list_export(request, _("月度通报"), export_columns.BULLETINS, selectors.bulletin_list()):
        return export
    return render(request, "plans/bulletin_list.html", {
        "bulletins": selectors.bulletin_list(), "period": _default_period(),
        "can_publish": has_capability(request.user, "plans.publish_bulletins"),
    })


@login_required
def bulletin_detail(request, period: str):
    require_capability(request.user, "plans.view_bulletins")
    bulletin = selectors.bulletin_latest(period)
    if bulletin is None:
        raise Http404("该周期尚未生成通报")
    from .bulletins import bottom_sentence, summary_sentence

    return render(request, "plans/bulletin_detail.html", {
        "bulletin": bulletin, "c": bulletin.content, "summary": summary_sentence(bulletin.content), "bottom": bottom_sentence(bulletin.content),
    })


@login_required
def bulletin_file(request, pk: int, kind: str):
    require_capability(request.user, "plans.view_bulletins")
    bulletin = Bulletin.objects.filter(pk=pk).first()
    if bulletin is None or kind not in ("docx", "pdf"):
        raise Http404("文件不存在")
    stored = bulletin.docx if kind == "docx" else bulletin.pdf
    content_type = "application/pdf" if kind == "pdf" else "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    return FileResponse(stored.open("rb"), as_attachment=kind == "docx", filename=f"{bulletin.title}.{kind}", content_type=content_type)
