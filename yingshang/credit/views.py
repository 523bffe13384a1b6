"""Pages of the credit app: thin, one selector or service each (docs/credit.md)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core import clock
from yingshang.core import workflow as wf
from yingshang.core.creditcode import normalize_credit_code
from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.params import int_param
from yingshang.core.permissions import require_capability

from . import export_columns, selectors, services
from .evaluation import explain
from .facts import fact_label
from .forms import ArrearsForm, ImportForm, IndicatorFormSet, ModelSettingsForm, RepairApplyForm
from .models import ArrearsComplaint, BlacklistEntry, Penalty, RepairApplication
from .workflow import ARREARS, REPAIRS


def _page(request, queryset, size=50):
    return Paginator(queryset, size).get_page(int_param(request.GET, "page", default=1, minimum=1))


@login_required
def home(request):
    require_capability(request.user, "credit.view_records")
    model = services.active_model()
    code = (request.GET.get("code") or "").strip()
    if code:
        enterprise = selectors.enterprise_by_code_for_user(request.user, normalize_credit_code(code))
        return redirect("credit:enterprise", pk=enterprise.pk)
    return render(request, "credit/home.html", {
        "model": model, "counts": selectors.class_counts(), "runs": selectors.runs()[:10],
        "explanations": [(i, fact_label(i.fact)) for i in model.indicators.all()] if model else [],
    })


@login_required
@require_POST
def evaluate(request):
    require_capability(request.user, "credit.run_evaluation")
    return start_job(request, "credit.evaluate", on_failure=reverse("credit:home"))


@login_required
def model_edit(request):
    require_capability(request.user, "credit.manage_model")
    model = services.ensure_model(request.user)
    stored = list(model.indicators.all())
    extra_facts = [i.fact for i in stored]
    if request.method == "POST":
        settings_form = ModelSettingsForm(request.POST)
        formset = IndicatorFormSet(request.POST, prefix="ind", form_kwargs={"extra_facts": extra_facts})
        if settings_form.is_valid() and formset.is_valid():
            rows = [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            try:
                revised = services.model_revise(actor=request.user, model=model, expected_version=settings_form.cleaned_data["version"],
                                                settings=settings_form.cleaned_data, indicators=rows, note=settings_form.cleaned_data["note"],
                                                expected_number=settings_form.cleaned_data["number"])
            except ValidationError as error:
                for message in error.messages:
                    messages.error(request, message)
            else:
                messages.success(request, _("已启用模型第%(n)s版,正在按新模型重算") % {"n": revised.number})
                return start_job(request, "credit.evaluate", on_failure=reverse("credit:home"))
    else:
        settings_form = ModelSettingsForm(initial={"base_score": model.base_score, "class_a_min": model.class_a_min, "class_b_min": model.class_b_min,
                                                   "class_c_min": model.class_c_min, "blacklist_class": model.blacklist_class, "version": model.version,
                                                   "number": model.number})
        formset = IndicatorFormSet(prefix="ind", form_kwargs={"extra_facts": extra_facts}, initial=[
            {"fact": i.fact, "label": i.label, "comparator": i.comparator, "threshold": i.threshold, "points": i.points} for i in stored])
    return render(request, "credit/model_edit.html", {"model": model, "settings_form": settings_form, "formset": formset,
                                                      "history": selectors.models_history()[:10]})


def _enterprise_context(request, enterprise):
    model = services.active_model()
    evaluation = selectors.evaluation_for(enterprise)
    return {
        "enterprise": enterprise, "evaluation": evaluation, "explained": explain(model, enterprise.pk, clock.today()) if model else [],
        "penalties": Penalty.objects.filter(enterprise=enterprise).select_related("unit"),
        "blacklist": BlacklistEntry.objects.filter(enterprise=enterprise).select_related("unit"),
        "tax_levels": enterprise.credit_tax_levels.all()[:5],
        "repairs": RepairApplication.objects.filter(enterprise=enterprise).select_related("unit")[:20],
        "pending_records": set(RepairApplication.objects.filter(enterprise=enterprise, status=RepairApplication.Status.SUBMITTED)
                               .values_list("penalty_id", "blacklist_entry_id")),
        "own": request.user.enterprise_id == enterprise.pk,
    }


@login_required
def enterprise_detail(request, pk: int):
    require_capability(request.user, "credit.view_standing")
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    return render(request, "credit/enterprise.html", _enterprise_context(request, enterprise))


@login_required
def mine(request):
    require_capability(request.user, "credit.view_own")
    if not request.user.enterprise_id:
        messages.error(request, _("您的账号未绑定经营主体"))
        return redirect("home")
    return redirect("credit:enterprise", pk=request.user.enterprise_id)


@login_required
def repair_apply(request, kind: str, pk: int):
    require_capability(request.user, "credit.apply_repair")
    record_obj = selectors.record_get_for_user(request.user, kind, pk)
    form = RepairApplyForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            application = services.repair_apply(actor=request.user, record_obj=record_obj, statement=form.cleaned_data["statement"],
                                                 files=form.cleaned_data["evidence"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("修复申请已提交,审核期限 %(due)s") % {"due": application.due_on})
            return redirect("credit:repair_detail", pk=application.pk)
    return render(request, "credit/repair_apply.html", {"form": form, "record": record_obj})


@login_required
def repair_list(request):
    require_capability(request.user, "credit.view_repairs")
    applications = selectors.repairs_for_user(request.user)
    if export := list_export(request, _("信用修复申请"), export_columns.REPAIRS, applications):
        return export
    return render(request, "credit/repair_list.html", {"page": _page(request, applications), "today": clock.today()})


@login_required
def repair_detail(request, pk: int):
    require_capability(request.user, "credit.view_repairs")
    application = selectors.repair_get_for_user(request.user, pk)
    operations = wf.buttons(REPAIRS, application, request.user, url=lambda op: reverse("credit:repair_action", args=[application.pk, op.name]))
    return render(request, "credit/repair_detail.html", {
        "application": application, "operations": operations, "evidence": application.evidence.all(),
        "overdue": selectors.is_overdue(application.due_on, application.status != RepairApplication.Status.SUBMITTED),
    })


@login_required
@require_POST
def repair_action(request, pk: int, action: str):
    application = selectors.repair_get_for_user(request.user, pk)
    try:
        services.repair_act(actor=request.user, application=application, operation=action, data=request.POST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(op)s”已完成") % {"op": REPAIRS.operation(action).label})
    return redirect("credit:repair_detail", pk=application.pk)


@login_required
def records(request):
    require_capability(request.user, "credit.view_records")
    penalties = selectors.penalties_for_user(request.user)
    if export := list_export(request, _("行政处罚"), export_columns.PENALTIES, penalties):
        return export
    return render(request, "credit/records.html", {
        "page": _page(request, penalties), "blacklist": selectors.blacklist_for_user(request.user)[:100], "import_form": ImportForm(),
    })


@login_required
@require_POST
def record_import(request):
    require_capability(request.user, "credit.manage_records")
    form = ImportForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            result = services.import_records(actor=request.user, kind=form.cleaned_data["kind"], data=upload.read(), filename=upload.name)
        except ValidationError as error:
            for message in error.messages[:30]:
                messages.error(request, message)
        else:
            messages.success(request, result["message"])
    else:
        messages.error(request, _("请选择数据类型和文件"))
    return redirect("credit:records")


@login_required
def arrears_list(request):
    require_capability(request.user, "credit.view_arrears")
    complaints = selectors.arrears_for_user(request.user)
    if export := list_export(request, _("拖欠账款投诉"), export_columns.ARREARS, complaints):
        return export
    return render(request, "credit/arrears_list.html", {
        "page": _page(request, complaints), "debtors": selectors.debtor_totals(complaints)[:20], "today": clock.today(),
        "can_submit": request.user.role == "enterprise",
    })


@login_required
def arrears_new(request):
    require_capability(request.user, "credit.submit_arrears")
    form = ArrearsForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.arrears_submit(actor=request.user, enterprise=request.user.enterprise, debtor_unit=form.cleaned_data["debtor_unit"],
                                                debtor_enterprise=None, debtor_name=form.cleaned_data["debtor_name"],
                                                contract=form.cleaned_data["contract"], amount=form.cleaned_data["amount"])
        except ValidationError as error:
            for message in error.messages:
                form.add_error(None, message)
        else:
            messages.success(request, _("投诉已提交,核实期限 %(due)s") % {"due": complaint.verify_due_on})
            return redirect("credit:arrears_detail", pk=complaint.pk)
    return render(request, "credit/arrears_new.html", {"form": form})


@login_required
def arrears_detail(request, pk: int):
    require_capability(request.user, "credit.view_arrears")
    complaint = selectors.arrears_get_for_user(request.user, pk)
    operations = wf.buttons(ARREARS, complaint, request.user, url=lambda op: reverse("credit:arrears_action", args=[complaint.pk, op.name]))
    done = complaint.status not in (ArrearsComplaint.Status.SUBMITTED,)
    return render(request, "credit/arrears_detail.html", {
        "complaint": complaint, "operations": operations, "instalments": complaint.instalments.all(), "paid": selectors.paid_total(complaint),
        "verify_overdue": selectors.is_overdue(complaint.verify_due_on, done),
        "plan_overdue": selectors.is_overdue(complaint.plan_due_on, complaint.status != ArrearsComplaint.Status.VERIFIED),
        "today": clock.today(),
    })


@login_required
@require_POST
def arrears_action(request, pk: int, action: str):
    complaint = selectors.arrears_get_for_user(request.user, pk)
    try:
        services.arrears_act(actor=request.user, complaint=complaint, operation=action, data=request.POST)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("“%(op)s”已完成") % {"op": ARREARS.operation(action).label})
    return redirect("credit:arrears_detail", pk=complaint.pk)


# --- public pages (anonymous): no personal data ----------------------------------------------------------------

def public_records(request):
    penalties = selectors.public_penalties()
    if export := list_export(request, _("信用公示"), export_columns.PUBLIC_PENALTIES, penalties[:5000]):
        return export
    return render(request, "credit/public_records.html", {"page": _page(request, penalties), "blacklist": selectors.public_blacklist()[:200]})


def public_arrears(request):
    return render(request, "credit/public_arrears.html", {"cases": selectors.public_malicious_arrears()[:200]})
