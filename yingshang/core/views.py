"""Core pages. Thin: check capability, call a selector or a service, render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import export_columns, selectors, services, workcalendar
from .auditcheckpoint import verify_with_checkpoints
from .exports import list_export, xlsx_response
from .forms import EnterpriseForm, UnitAliasForm, UploadForm
from . import imports  # noqa: F401  (registers the import job kinds that the pages below start)
from .job_views import start_job
from .models import Division, Enterprise, ImportJob, Industry, Qualification
from .params import int_param
from .permissions import has_capability, reads_only, require_capability
from .scope import scope_of

ROLE_WELCOME = {
    "admin": "统筹全市营商环境工作:维护组织机构与经营主体名录,配置各模块。",
    "operator": "受理 12345 热线与网上诉求,准确分类、及时转办。",
    "handler": "办理本单位承接的任务与诉求,按时反馈。",
    "coordinator": "协调本区市县的任务与诉求办理,跟踪督办。",
    "leader": "掌握全市营商环境运行态势。",
    "auditor": "查阅全部业务记录与审计日志,核验日志完整性。",
    "enterprise": "查看本企业信息、可享政策与诉求办理进度。",
    "citizen": "提交诉求、查询办理进度。",
}


def csrf_failure(request, reason=""):
    return render(request, "core/error.html", {"title": "请求已过期或来源不明", "message": "页面安全校验(CSRF)未通过,本次提交未做任何修改。请刷新页面后重新提交。"}, status=403)


@login_required
def home(request):
    user = request.user
    context = {"welcome": ROLE_WELCOME.get(user.role, ""), "scope": scope_of(user)}  # the module tiles: `navigation` (context processor)
    if has_capability(user, "core.view_enterprises") or has_capability(user, "core.view_own_enterprise"):
        context["enterprise_stats"] = selectors.enterprise_stats(user)
    if has_capability(user, "core.manage_calendar"):
        context["calendar_warnings"] = workcalendar.missing_data_warnings()
    if has_capability(user, "core.view_audit"):
        context["recent_audit"] = selectors.audit_entries_for_user(user)[:8]
    return render(request, "core/home.html", context)


# --- organisation -----------------------------------------------------------------------------------

@login_required
def unit_list(request):
    units = selectors.unit_list_for_user(request.user).prefetch_related("aliases")
    q = request.GET.get("q", "").strip()
    if q:
        units = units.filter(name__contains=q) | units.filter(aliases__alias__contains=q)
        units = units.distinct()
    if export := list_export(request, _("组织机构"), export_columns.UNITS, units):
        return export
    return render(request, "core/unit_list.html", {"units": units, "q": q, "can_manage": has_capability(request.user, "core.manage_units")})


@login_required
def unit_detail(request, pk: int):
    unit = selectors.unit_get_for_user(request.user, pk)
    return render(request, "core/unit_detail.html", {
        "unit": unit, "aliases": unit.aliases.all(), "children": unit.children.all(), "members": selectors.users_of_unit(unit)[:50],
        "alias_form": UnitAliasForm(), "can_manage": has_capability(request.user, "core.manage_units"),
    })


@login_required
@require_POST
def unit_alias_add_view(request, pk: int):
    unit = selectors.unit_get_for_user(request.user, pk)
    require_capability(request.user, "core.manage_units")
    form = UnitAliasForm(request.POST)
    if form.is_valid():
        try:
            services.unit_alias_add(actor=request.user, unit=unit, alias=form.cleaned_data["alias"])
            messages.success(request, "别名已添加")
        except ValidationError as error:
            messages.error(request, ";".join(error.messages))
    else:
        messages.error(request, "请填写别名")
    return redirect("unit_detail", pk=unit.pk)


@login_required
def unit_import_view(request):
    require_capability(request.user, "core.manage_units")
    return _import_page(request, "core.unit_import", "导入单位", "code,name,kind,parent_code,division_code,aliases")


@login_required
def division_list(request):
    require_capability(request.user, "core.view_units")
    parent_code = request.GET.get("parent", "")
    parent = Division.objects.filter(code=parent_code).first() if parent_code else None
    divisions = Division.objects.filter(parent=parent) if parent else Division.objects.filter(level__lte=Division.Level.DISTRICT)
    if export := list_export(request, _("行政区划"), export_columns.DIVISIONS, divisions.order_by("is_pilot_zone", "code")):
        return export
    return render(request, "core/division_list.html", {"divisions": divisions.order_by("is_pilot_zone", "code"), "parent": parent})


# --- enterprises ------------------------------------------------------------------------------------

@login_required
def enterprise_list(request):
    user = request.user
    filters = {key: request.GET.get(key, "").strip() for key in ("q", "district", "section", "size", "qualification")}
    enterprises = selectors.enterprise_search(user, **filters)
    if export := list_export(request, _("经营主体"), export_columns.ENTERPRISES, enterprises):
        return export
    page = Paginator(enterprises, 25).get_page(request.GET.get("page"))
    context = {
        "page": page, "filters": filters, "districts": selectors.district_list(),
        "sections": Industry.objects.filter(level=1),
        "sizes": Enterprise.Size.choices, "qualifications": Qualification.objects.all(),
        "can_manage": has_capability(user, "core.manage_enterprises"), "can_import": has_capability(user, "core.import_enterprises"),
    }
    template = "core/_enterprise_rows.html" if request.headers.get("HX-Request") else "core/enterprise_list.html"
    return render(request, template, context)


@login_required
def enterprise_detail(request, pk: int):
    enterprise = selectors.enterprise_get_for_user(request.user, pk)
    history = selectors.audit_entries_for_user(request.user, object_type="core.Enterprise", object_id=str(pk))[:20] if has_capability(request.user, "core.view_audit") else []
    return render(request, "core/enterprise_detail.html", {
        "enterprise": enterprise, "qualifications": enterprise.qualifications.all(), "history": history,
        "can_manage": has_capability(request.user, "core.manage_enterprises"),
    })


@login_required
def enterprise_edit(request, pk: int | None = None):
    require_capability(request.user, "core.manage_enterprises")
    enterprise = selectors.enterprise_get_for_user(request.user, pk) if pk else None
    if request.method == "POST":
        form = EnterpriseForm(request.POST)
        if form.is_valid():
            try:
                if enterprise:
                    services.enterprise_update(actor=request.user, enterprise=enterprise, expected_version=form.cleaned_data["version"], **form.service_values())
                else:
                    enterprise = services.enterprise_create(actor=request.user, **form.service_values())
                messages.success(request, "已保存")
                return redirect("enterprise_detail", pk=enterprise.pk)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, errors in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, errors)
                else:
                    form.add_error(None, error.messages)
    else:
        form = EnterpriseForm(initial=EnterpriseForm.initial_from(enterprise) if enterprise else {"status": "active", "kind": "enterprise"})
    return render(request, "core/enterprise_form.html", {"form": form, "enterprise": enterprise})


@login_required
def enterprise_import_view(request):
    require_capability(request.user, "core.import_enterprises")
    return _import_page(
        request, "core.enterprise_import", "导入经营主体",
        "统一社会信用代码,名称,主体类型,注册区县,注册地址,行业代码,成立日期,注册资本(万元),从业人数,营业收入(万元),纳税额(万元),资质,信用等级,联系人,联系电话",
    )


def _import_page(request, job_kind: str, title: str, columns: str):
    """The upload form of an import; the import itself runs as a background job (core/jobs.py)."""
    if request.method == "POST":
        form = UploadForm(request.POST, request.FILES)
        if form.is_valid():
            upload = form.cleaned_data["file"]
            return start_job(request, job_kind, payload=upload.read(), title=f"{title}:{upload.name}"[:200], filename=upload.name)
    else:
        form = UploadForm()
    return render(request, "core/import.html", {"form": form, "title": title, "columns": columns})


@login_required
def import_report_xlsx(request, pk: int):
    job = get_object_or_404(ImportJob, pk=pk)
    if job.created_by_id != request.user.pk and not has_capability(request.user, "core.view_audit"):
        raise PermissionDenied("只能下载自己的导入报告")
    return xlsx_response(f"import-report-{job.pk}", export_columns.IMPORT_REPORT, job.report, title=_("导入报告"))


# --- audit ------------------------------------------------------------------------------------------

@login_required
def audit_list(request):
    filters = {key: request.GET.get(key, "").strip() for key in ("object_type", "object_id", "action")}
    entries = selectors.audit_entries_for_user(request.user, **filters)
    if export := list_export(request, _("审计日志"), export_columns.AUDIT_ENTRIES, entries):
        return export
    page = Paginator(entries, 50).get_page(request.GET.get("page"))
    return render(request, "core/audit_list.html", {"page": page, "filters": filters})


@reads_only
@login_required
@require_POST
def audit_verify_view(request):
    require_capability(request.user, "core.view_audit")
    report = verify_with_checkpoints()
    if request.headers.get("HX-Request"):
        return render(request, "core/_audit_verify.html", {"report": report})
    if report.ok:
        messages.success(request, f"哈希链完整:已核验 {report.checked} 条记录")
    else:
        messages.error(request, f"哈希链异常:{report.problem}")
    return redirect("audit_list")


# --- inbox ------------------------------------------------------------------------------------------

@login_required
def inbox(request):
    from .notifications import inbox_for, mark_read

    if request.method == "POST":
        mark_read(request.user, int_param(request.POST, "id", 0, minimum=0))
        return redirect("inbox")
    if export := list_export(request, _("消息"), export_columns.NOTIFICATIONS, inbox_for(request.user)):
        return export
    page = Paginator(inbox_for(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "core/inbox.html", {"page": page})
