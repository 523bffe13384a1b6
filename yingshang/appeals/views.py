"""Pages of the appeals hub. Thin: check capability, call a selector or a service, render."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core import clock, workflow
from yingshang.core.exports import list_export
from yingshang.core.forms import UploadForm
from yingshang.core.throttle import throttled
from yingshang.core.job_views import start_job
from yingshang.core.models import Division
from yingshang.core.params import parse_id
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import in_subtree, is_city_wide
from yingshang.core.services import ConcurrentEditError

from . import export_columns, kpis, routing, selectors, services, suggest, taxonomy
from .forms import (
    ConsoleForm, HubSettingsForm, KpiPeriodForm, LabelForm, PublicAppealForm, RoutingRuleForm, SlaPolicyForm,
)
from . import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from .models import Attachment, Channel, ClassifierVersion, Label, RoutingRule, SlaPolicy, TaxonomyVersion
from .permissions import person_view
from .sla import describe_limit
from .workflow import APPEALS, Action, State


def _errors_to_messages(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _form_errors(form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for field, errors in error.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error.messages)


# --- lists ---------------------------------------------------------------------------------------------

@login_required
def appeal_list(request):
    user = request.user
    if not has_capability(user, "appeals.view"):
        return redirect("appeals:mine")
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "state", "unit", "district", "channel", "overdue")}
    appeals = selectors.appeal_search(user, **filters)
    if export := list_export(request, _("诉求"), export_columns.APPEALS, appeals):
        return export
    page = Paginator(appeals, 30).get_page(request.GET.get("page"))
    context = {
        "page": page, "filters": filters, "states": State.choices, "channels": Channel.choices,
        "districts": Division.objects.filter(level=Division.Level.DISTRICT), "now": clock.now(),
        "inbox": selectors.unit_inbox(user)[:20] if has_capability(user, "appeals.handle") else None,
        "queue_size": selectors.dispatch_queue(user).count() if has_capability(user, "appeals.dispatch") else None,
    }
    template = "appeals/_rows.html" if request.headers.get("HX-Request") else "appeals/list.html"
    return render(request, template, context)


@login_required
def queue(request):
    appeals = selectors.dispatch_queue(request.user)
    if export := list_export(request, _("待转办诉求"), export_columns.DISPATCH_QUEUE, appeals):
        return export
    page = Paginator(appeals, 30).get_page(request.GET.get("page"))
    return render(request, "appeals/queue.html", {"page": page, "now": clock.now()})


@login_required
def mine(request):
    require_capability(request.user, "appeals.view_own")
    appeals = selectors.appeal_list_for_user(request.user)
    if export := list_export(request, _("我的诉求"), export_columns.MY_APPEALS, appeals[:100]):
        return export
    return render(request, "appeals/mine.html", {"appeals": appeals[:100]})


# --- detail and actions ------------------------------------------------------------------------------

def _detail_page(request, appeal, *, submitted=None, status: int = 200):
    user = request.user
    operations = workflow.buttons(APPEALS, appeal, user, url=lambda op: reverse("appeals:act", args=[appeal.tracking_no, op.name]),
                                  submitted=submitted)
    # A requester (citizen, enterprise) reads the public steps and the reply, not the hub's internal
    # record: no notes, dispatch or return reasons, staff logins, classifier suggestions or repeat calls.
    requester_view = selectors.sees_requester_view(user)
    suggestions = appeal.suggestions if appeal.state == State.RECEIVED and not requester_view else []
    context = {
        "appeal": appeal, "person": person_view(user, appeal),
        "events": selectors.requester_steps(appeal) if requester_view else selectors.timeline(appeal),
        "attachments": appeal.attachments.all(), "operations": operations,
        "suggestions": suggestions, "now": clock.now(),
        "labels": taxonomy.current_labels().values() if any(b["operation"].name in (Action.DISPATCH, Action.REASSIGN) for b in operations) else [],
        "dispatches": [] if requester_view else appeal.dispatches.select_related("unit"),
        "repeats": [] if requester_view else appeal.repeats.all()[:10],
        "requester_view": requester_view,
    }
    return render(request, "appeals/detail.html", context, status=status)


@login_required
def appeal_detail(request, tracking_no: str):
    return _detail_page(request, selectors.appeal_get_for_user(request.user, tracking_no))


@login_required
@require_POST
def appeal_action(request, tracking_no: str, action: str):
    appeal = selectors.appeal_get_for_user(request.user, tracking_no)
    if action not in Action.values:
        raise Http404("未知的操作")
    try:
        services.appeal_act(actor=request.user, appeal=appeal, action=action, data=request.POST)
        messages.success(request, f"已{Action(action).label}:{appeal.tracking_no},当前状态“{State(appeal.state).label}”")
    except ConcurrentEditError:
        messages.error(request, "操作冲突:该诉求刚被他人处理过,本次操作未生效。请查看最新状态后再操作。")
    except ValidationError as error:
        if request.POST.get("next") != "queue":
            # The same page again, the form as filled in, each message beside its field (nothing lost).
            appeal.refresh_from_db()
            return _detail_page(request, appeal, submitted=(action, request.POST, error), status=400)
        _errors_to_messages(request, error)
    except PermissionDenied as error:
        messages.error(request, str(error) or "您无权执行此操作")
    if request.POST.get("next") == "queue":
        return redirect("appeals:queue")
    return redirect("appeals:detail", tracking_no=tracking_no)


@login_required
def attachment_download(request, tracking_no: str, pk: int):
    appeal = selectors.appeal_get_for_user(request.user, tracking_no)
    item = get_object_or_404(Attachment, pk=pk, appeal=appeal)
    return FileResponse(item.file.open("rb"), as_attachment=True, filename=item.name)


# --- operator console ----------------------------------------------------------------------------------

@login_required
def console(request):
    require_capability(request.user, "appeals.intake")
    if request.method == "POST":
        form = ConsoleForm(request.POST)
        if form.is_valid():
            values = form.service_values()
            dispatch = True if request.POST.get("mode") == "dispatch" else None
            if request.POST.get("mode") == "hold":
                dispatch = False
            try:
                result = services.appeal_submit(actor=request.user, phone_required=False, dispatch=dispatch, **values)
                appeal = result.appeal
                if result.dispatched:
                    how = "自动转办" if result.automatic else "转办"
                    messages.success(request, f"已受理并{how}:{appeal.tracking_no} → {appeal.unit}")
                else:
                    messages.success(request, f"已受理:{appeal.tracking_no},待转办")
                return redirect(f"{reverse('appeals:console')}?last={appeal.tracking_no}")
            except ValidationError as error:
                _form_errors(form, error)
    else:
        form = ConsoleForm(initial={"idempotency_key": uuid.uuid4().hex})
    last = request.GET.get("last", "")
    return render(request, "appeals/console.html", {
        "form": form, "labels": taxonomy.current_labels().values(), "last": last,
        "recent": selectors.appeal_list_for_user(request.user).filter(channel=Channel.HOTLINE).order_by("-id")[:8],
    })


@login_required
@require_POST
def console_suggest(request):
    require_capability(request.user, "appeals.intake")
    district = request.POST.get("district") or None
    suggestions, version = suggest.suggest(request.POST.get("content", ""), int(district) if district and district.isdecimal() else None)
    return render(request, "appeals/_suggestions.html", {"suggestions": [s.as_dict() for s in suggestions], "model": version, "pickable": True})


@login_required
def console_caller(request):
    phone = request.GET.get("person_phone", "").strip()
    try:
        phone = services.normalize_phone(phone)
    except ValidationError:
        phone = ""
    history = selectors.caller_history(request.user, phone)[:10] if phone else []
    return render(request, "appeals/_caller.html", {"history": history, "phone": phone})


def streets(request):
    """<option>s of a district's streets (public: the citizens' form uses it too)."""
    district = request.GET.get("district", "")
    rows = Division.objects.filter(level=Division.Level.STREET, parent_id=parse_id(district)).order_by("code") if parse_id(district) else []
    return render(request, "appeals/_street_options.html", {"streets": rows})


# --- the public side -------------------------------------------------------------------------------------

@throttled("YINGSHANG_PUBLIC_FORM_RATE_PER_IP", group="appeals.public_submit")
def public_submit(request):
    user = request.user if request.user.is_authenticated else None
    if request.method == "POST":
        form = PublicAppealForm(request.POST, request.FILES)
        if form.is_valid():
            if form.cleaned_data.get("website"):
                raise PermissionDenied("提交被拒绝")
            values = form.service_values()
            attachments = values.pop("attachments", [])
            try:
                channel = Channel.ENTERPRISE_LINE if user is not None and user.role == "enterprise" else Channel.WEB
                result = services.appeal_submit(
                    actor=user, channel=channel, public=True, phone_required=True, attachments=attachments, **values,
                )
                request.session.setdefault("submitted", [])
                request.session["submitted"] = (request.session["submitted"] + [result.appeal.tracking_no])[-20:]
                return redirect("appeals:track_detail", tracking_no=result.appeal.tracking_no)
            except ValidationError as error:
                _form_errors(form, error)
    else:
        initial = {"idempotency_key": uuid.uuid4().hex}
        if user is not None:
            initial.update(person_name=user.display_name, person_phone=user.phone)
            if getattr(user, "enterprise", None):
                initial.update(credit_code=user.enterprise.credit_code, enterprise_name=user.enterprise.name)
        form = PublicAppealForm(initial=initial)
    return render(request, "appeals/public_submit.html", {"form": form})


def public_track(request):
    tracking_no = request.GET.get("no", "").strip()
    if tracking_no:
        try:
            return redirect("appeals:track_detail", tracking_no=tracking_no)
        except NoReverseMatch:  # not even shaped like a 受理编号: say so on the same page
            return render(request, "appeals/public_track.html",
                          {"error": _("受理编号“%(no)s”格式不正确,请核对后重新输入") % {"no": tracking_no[:40]}, "no": tracking_no[:40]}, status=404)
    return render(request, "appeals/public_track.html", {})


def public_track_detail(request, tracking_no: str):
    try:
        status = selectors.public_status(tracking_no)
    except Http404 as error:
        return render(request, "appeals/public_track.html", {"error": str(error), "no": tracking_no}, status=404)
    just_submitted = tracking_no in request.session.get("submitted", [])
    return render(request, "appeals/public_status.html", {"status": status, "just_submitted": just_submitted})


# --- SLA and KPI pages ---------------------------------------------------------------------------------

@login_required
def sla(request):
    require_capability(request.user, "appeals.view")
    buckets = selectors.due_buckets(request.user)
    by_unit: dict = {}
    for kind in ("overdue", "soon"):
        for item in buckets[kind]:
            key = item.appeal.unit.name if item.appeal.unit_id else "12345 中心(待转办)"
            by_unit.setdefault(key, {"overdue": [], "soon": []})[kind].append(item)
    rows = sorted(by_unit.items(), key=lambda kv: (-len(kv[1]["overdue"]), -len(kv[1]["soon"]), kv[0]))
    items = [(unit, label, item) for unit, kinds in rows for kind, label in (("overdue", _("超期")), ("soon", _("临期"))) for item in kinds[kind]]
    if export := list_export(request, _("时限预警"), export_columns.SLA_ITEMS, items):
        return export
    return render(request, "appeals/sla.html", {"buckets": buckets, "by_unit": rows, "now": clock.now()})


def _period(request):
    start, end = kpis.default_period()
    form = KpiPeriodForm(request.GET or None, initial={"start": start, "end": end})
    if form.is_bound and form.is_valid() and form.cleaned_data["start"] <= form.cleaned_data["end"]:
        start, end = form.cleaned_data["start"], form.cleaned_data["end"]
    elif not form.is_bound:
        form = KpiPeriodForm(initial={"start": start, "end": end})
    return form, start, end


@login_required
def kpi_city(request):
    require_capability(request.user, "appeals.view_kpi")
    if not is_city_wide(request.user):
        if request.user.unit_id:
            return redirect("appeals:kpi_unit", pk=request.user.unit_id)
        raise PermissionDenied("您的角色只能查看本单位的考核指标")
    form, start, end = _period(request)
    city, per_unit = kpis.city_kpis(start, end)
    if export := list_export(request, _("诉求考核"), export_columns.UNIT_KPIS, per_unit):
        return export
    series = kpis.monthly_series(start, end)
    return render(request, "appeals/kpi.html", {"form": form, "city": city, "per_unit": per_unit, "series": series, "definitions": kpis.KPI_DEFINITIONS})


@login_required
def kpi_unit(request, pk: int):
    require_capability(request.user, "appeals.view_kpi")
    from yingshang.core.selectors import unit_get_for_user

    unit = unit_get_for_user(request.user, pk)
    form, start, end = _period(request)
    report = kpis.unit_kpis(unit, start, end)
    series = kpis.monthly_series(start, end, unit=unit)
    buckets = selectors.due_buckets(request.user, unit_id=None)
    mine = [i for i in buckets["overdue"] if in_subtree(i.appeal.unit, unit)]
    if export := list_export(request, _("诉求考核") + unit.name, export_columns.KPI_RATIOS, list(report),
                             extra_sheets=[(_("超期未办结"), export_columns.OVERDUE_ITEMS, mine[:50])]):
        return export
    return render(request, "appeals/kpi_unit.html", {"form": form, "report": report, "unit": unit, "series": series, "overdue": mine[:50]})


# --- configuration (admin) ---------------------------------------------------------------------------

@login_required
def config(request):
    require_capability(request.user, "appeals.manage_routing")
    return render(request, "appeals/config.html", {
        "version": taxonomy.current_version(), "rules": RoutingRule.objects.count(),
        "model": ClassifierVersion.objects.filter(is_active=True).first(),
    })


@login_required
def taxonomy_page(request, number: int | None = None):
    require_capability(request.user, "appeals.manage_taxonomy")
    versions = TaxonomyVersion.objects.all()
    version = get_object_or_404(TaxonomyVersion, number=number) if number else taxonomy.current_version()
    if request.method == "POST":
        op = request.POST.get("op")
        try:
            if op == "draft":
                version = services.taxonomy_draft(actor=request.user, note=request.POST.get("note", ""))
                messages.success(request, f"已新建草稿版本 v{version.number}")
            elif op == "add":
                parent = Label.objects.filter(pk=request.POST.get("parent") or 0, taxonomy=version).first()
                form = LabelForm(request.POST)
                if form.is_valid():
                    label = services.label_add(actor=request.user, version=version, parent=parent, name=form.cleaned_data["name"])
                    messages.success(request, f"已添加标签“{label.path}”")
                else:
                    messages.error(request, "请填写标签名称(不超过 64 字)")
            elif op == "rename":
                label = get_object_or_404(Label, pk=request.POST.get("label"), taxonomy=version)
                services.label_rename(actor=request.user, label=label, name=request.POST.get("name", ""))
                messages.success(request, f"已改名为“{label.path}”")
            elif op == "remove":
                label = get_object_or_404(Label, pk=request.POST.get("label"), taxonomy=version)
                services.label_remove(actor=request.user, label=label)
                messages.success(request, f"已删除标签“{label.path}”")
            elif op == "publish":
                services.taxonomy_publish(actor=request.user, version=version)
                messages.success(request, f"v{version.number} 已发布为现行版本;已受理的诉求保留原标签")
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect("appeals:taxonomy_version", number=version.number) if version else redirect("appeals:taxonomy")
    nodes = taxonomy.tree(version) if version else []
    counts = {}
    if version:
        labels = Label.objects.filter(taxonomy=version)
        counts = {"all": labels.count(), "leaves": labels.filter(is_leaf=True).count(), "top": labels.filter(level=1).count()}
    return render(request, "appeals/taxonomy.html", {
        "versions": versions, "version": version, "nodes": nodes, "counts": counts,
        "is_draft": bool(version and version.status == TaxonomyVersion.Status.DRAFT),
    })


@login_required
def routing_page(request):
    require_capability(request.user, "appeals.manage_routing")
    if request.method == "POST":
        if request.POST.get("op") == "delete":
            rule = get_object_or_404(RoutingRule, pk=request.POST.get("rule"))
            services.routing_rule_delete(actor=request.user, rule=rule)
            messages.success(request, "已删除派单规则")
            return redirect("appeals:routing")
        form = RoutingRuleForm(request.POST)
        if form.is_valid():
            try:
                services.routing_rule_save(actor=request.user, **form.cleaned_data)
                messages.success(request, "派单规则已保存")
                return redirect("appeals:routing")
            except ValidationError as error:
                _form_errors(form, error)
    else:
        form = RoutingRuleForm()
    q = request.GET.get("q", "").strip()
    rules = RoutingRule.objects.select_related("unit", "district")
    if q:
        rules = rules.filter(label_prefix__contains=q) | rules.filter(unit__name__contains=q)
    known = taxonomy.current_labels()
    stats = list(routing.routing_statistics()[:40])
    for row in stats:
        row["sent_back_rate"] = (row["returned"] + row["reassigned"]) / row["n"] if row["n"] else 0
    if export := list_export(request, _("派单规则"), export_columns.ROUTING_RULES, rules[:300],
                             extra_sheets=[(_("派单统计"), export_columns.ROUTING_STATISTICS, stats)]):
        return export
    return render(request, "appeals/routing.html", {
        "form": form, "rules": rules[:300], "q": q, "known": known, "labels": known.values(), "stats": stats,
        "stale": [r for r in RoutingRule.objects.all() if known and r.label_prefix not in known],
    })


@login_required
def models_page(request):
    require_capability(request.user, "appeals.manage_models")
    settings_row = services.hub_settings()
    if request.method == "POST":
        try:
            if request.POST.get("op") == "retrain":
                return start_job(request, "appeals.classifier_retrain", on_failure=reverse("appeals:models"))
            if request.POST.get("op") == "activate":
                version = get_object_or_404(ClassifierVersion, pk=request.POST.get("model"))
                services.classifier_activate(actor=request.user, version=version)
                messages.success(request, f"已启用模型“{version.name}”")
            else:
                form = HubSettingsForm(request.POST)
                if form.is_valid():
                    values = dict(form.cleaned_data)
                    services.hub_settings_update(actor=request.user, expected_version=values.pop("version"), **values)
                    messages.success(request, "参数已保存")
                else:
                    for errors in form.errors.values():
                        for message in errors:
                            messages.error(request, message)
        except ValidationError as error:
            _errors_to_messages(request, error)
        return redirect("appeals:models")
    form = HubSettingsForm(initial={
        "version": settings_row.version, "auto_dispatch_threshold": settings_row.auto_dispatch_threshold,
        "max_auto_return_rate": settings_row.max_auto_return_rate, "soon_due_hours": settings_row.soon_due_hours,
        "repeat_window_days": settings_row.repeat_window_days,
    })
    if export := list_export(request, _("分类模型"), export_columns.MODEL_VERSIONS, ClassifierVersion.objects.all()):
        return export
    return render(request, "appeals/models.html", {"versions": ClassifierVersion.objects.all(), "form": form})


@login_required
def calendar_moved(request):
    """The working calendar moved to core (one calendar for every module); old bookmarks land there."""
    query = request.GET.urlencode()
    return redirect(reverse("work_calendar") + (f"?{query}" if query else ""))


@login_required
def limits_page(request):
    """办理时限 per appeal type and urgency; they count working time on core's calendar."""
    require_capability(request.user, "appeals.manage_calendar")
    if request.method == "POST":
        try:
            policy = get_object_or_404(SlaPolicy, pk=request.POST.get("policy"))
            form = SlaPolicyForm(request.POST, prefix=f"p{policy.pk}")
            if form.is_valid():
                values = {k: v for k, v in form.cleaned_data.items() if k != "version"}
                services.sla_policy_update(actor=request.user, policy=policy, expected_version=form.cleaned_data["version"], **values)
                messages.success(request, f"已更新“{policy}”的时限")
            else:
                messages.error(request, "时限填写有误:请填写正数")
        except ValidationError as error:
            _errors_to_messages(request, error)
        except ConcurrentEditError:
            messages.error(request, "该时限刚被他人修改,请刷新后重试")
        return redirect("appeals:limits")
    policies = [
        {"policy": p, "dispatch": describe_limit(p.dispatch_limit, p.dispatch_measure), "feedback": describe_limit(p.feedback_limit, p.feedback_measure),
         "completion": describe_limit(p.completion_limit, p.completion_measure), "form": SlaPolicyForm(instance=p, initial={"version": p.version}, prefix=f"p{p.pk}")}
        for p in SlaPolicy.objects.all()
    ]
    return render(request, "appeals/limits.html", {"policies": policies})


@login_required
def import_page(request):
    require_capability(request.user, "appeals.import")
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            # Runs as a background job (appeals/jobs.py); its page shows progress, then the row-by-row report.
            return start_job(request, "appeals.import", payload=upload.read(), title=f"导入历史诉求:{upload.name}"[:200], filename=upload.name)
    else:
        form = UploadForm()
    from .imports import TEMPLATE_COLUMNS

    return render(request, "core/import.html", {"form": form, "title": "导入历史诉求", "columns": ",".join(TEMPLATE_COLUMNS)})
