"""Pages of 政务服务 (thin: authenticate, check the capability, call one selector or service)."""

from __future__ import annotations

import datetime as dt
import mimetypes

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from yingshang.core import clock, workcalendar
from yingshang.core import workflow as wf
from yingshang.core.documents import Document, Paragraph, Section, Table, render_docx, render_pdf
from yingshang.core.exports import Column, list_export
from yingshang.core.params import int_param, parse_bool, parse_id
from yingshang.core.permissions import can_see_personal_data, has_capability, mask_name, mask_phone, require_capability
from yingshang.core.throttle import throttled

from . import monitoring, selectors
from .forms import AppealLinkForm, ItemEditForm, RatingForm, SharedElementForm, SmsRatingForm, merged_form_fields
from .guides import guide_document
from .models import Case, FieldDef, Item, LawArticle, Material, Rating, Rectification, ServiceHall, SubCase, UnitServicePoint
from .services import cases as case_services
from .services import catalogue as catalogue_services
from .services import materials as material_services
from .services import ratings as rating_services
from .workflow import CASES, ITEMS, RECTIFICATIONS, SUBCASES

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors(error: ValidationError) -> list[str]:
    if hasattr(error, "error_dict"):
        return [m for messages_ in error.message_dict.values() for m in messages_]
    return list(error.messages)


def _file(data: bytes, fmt: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=DOCX if fmt == "docx" else "application/pdf")
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{__import__('urllib.parse').parse.quote(name)}.{fmt}"
    return response


# --- the catalogue (public) ---------------------------------------------------------------------------------

def catalogue(request):
    q = (request.GET.get("q") or "").strip()[:100]
    unit = parse_id(request.GET.get("unit"))
    type_ = request.GET.get("type") or ""
    if type_ and type_ not in Item.Type.values:
        type_ = ""
    items = selectors.published_items(q=q, unit=unit, type=type_)
    units = Item.objects.filter(published_version__gt=0).values_list("unit_id", "unit__name").distinct().order_by("unit__name")
    return render(request, "affairs/catalogue.html", {"items": items[:500], "count": items.count(), "filters": {"q": q, "unit": unit, "type": type_},
                                                      "units": units, "types": Item.Type.choices})


def item_guide(request, pk: int):
    item = selectors.item_public(pk)
    return render(request, "affairs/guide.html", {"item": item, "elements": (item.guide or {}).get("elements", []),
                                                  "changes": selectors.guide_changes(item=item, limit=10),
                                                  "can_apply": has_capability(request.user, "affairs.apply") and item.online})


def item_guide_file(request, pk: int, fmt: str):
    item = selectors.item_public(pk)
    if fmt not in ("docx", "pdf"):
        raise Http404(_("不支持的格式"))
    document = guide_document(item, (item.guide or {}).get("elements") or None)
    return _file(render_docx(document) if fmt == "docx" else render_pdf(document), fmt, f"{item.name}办事指南")


# --- managing items (行政职权调整) ----------------------------------------------------------------------------

@login_required
def manage(request):
    require_capability(request.user, "affairs.edit_items")
    status = request.GET.get("status") or ""
    items = selectors.item_list_for_user(request.user)
    if status in Item.Status.values:
        items = items.filter(status=status)
    return render(request, "affairs/manage.html", {"items": items[:500], "status": status, "statuses": Item.Status.choices,
                                                   "can_share": has_capability(request.user, "affairs.manage_shared")})


def _item_page(request, item, *, form=None, status=200):
    versions = list(item.versions.all()[:20])
    diff = []
    if len(versions) >= 2:
        diff = catalogue_services.snapshot_diff(versions[1].snapshot, versions[0].snapshot)
    operations = wf.buttons(ITEMS, item, request.user, url=lambda op: reverse("affairs:item_action", args=[item.pk, op.name]))
    initial = {"conditions": "\n".join(item.conditions or []), "kind": item.kind, "statutory_days": item.statutory_days,
               "promised_days": item.promised_days, "visits": item.visits, "online": item.online, "result": item.result, "version": item.version}
    return render(request, "affairs/item_manage.html", {
        "item": item, "versions": versions, "diff": diff, "operations": operations,
        "form": form or ItemEditForm(initial=initial), "editable": item.status == Item.Status.DRAFT and has_capability(request.user, "affairs.edit_items"),
        "changes": selectors.guide_changes(item=item, limit=20)}, status=status)


@login_required
def item_manage(request, pk: int):
    require_capability(request.user, "affairs.edit_items")
    return _item_page(request, selectors.item_get_for_user(request.user, pk))


@login_required
@require_POST
def item_edit(request, pk: int):
    require_capability(request.user, "affairs.edit_items")
    item = selectors.item_get_for_user(request.user, pk)
    form = ItemEditForm(request.POST)
    if not form.is_valid():
        return _item_page(request, item, form=form, status=400)
    try:
        catalogue_services.item_update(actor=request.user, item=item, expected_version=form.cleaned_data.get("version"), **form.values())
    except ValidationError as error:
        for message in _errors(error):
            form.add_error(None, message)
        return _item_page(request, selectors.item_get_for_user(request.user, pk), form=form, status=400)
    messages.success(request, _("已保存草稿"))
    return redirect("affairs:item_manage", pk=item.pk)


@login_required
@require_POST
def item_action(request, pk: int, action: str):
    item = selectors.item_get_for_user(request.user, pk)
    try:
        wf.run_operation(ITEMS, item, action, request.user, request.POST)
        messages.success(request, _("已%(op)s,当前状态“%(s)s”") % {"op": ITEMS.operation(action).label, "s": item.get_status_display()})
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("无权执行此操作"))
    return redirect("affairs:item_manage", pk=item.pk)


SHARED_KINDS = {"law": LawArticle, "material": Material, "field": FieldDef, "point": UnitServicePoint}


@login_required
def shared(request):
    require_capability(request.user, "affairs.manage_shared")
    return render(request, "affairs/shared.html", {
        "laws": LawArticle.objects.all(), "materials": Material.objects.all(), "points": UnitServicePoint.objects.select_related("unit"),
        "fields": FieldDef.objects.all()})


@login_required
def shared_edit(request, kind: str, pk: int):
    require_capability(request.user, "affairs.manage_shared")
    model = SHARED_KINDS.get(kind)
    if model is None:
        raise Http404(_("没有这种共享要素"))
    try:
        element = model.objects.get(pk=pk)
    except model.DoesNotExist:
        raise Http404(_("共享要素不存在")) from None
    names = [n for n in catalogue_services.SHARED_FIELDS[model] if n != "choices"]
    if request.method == "POST":
        form = SharedElementForm(request.POST, names=names)
        if form.is_valid():
            values = {n: form.cleaned_data[n] for n in names}
            try:
                job = catalogue_services.shared_element_update(actor=request.user, element=element, expected_version=form.cleaned_data.get("version"), **values)
            except ValidationError as error:
                for message in _errors(error):
                    form.add_error(None, message)
            else:
                messages.success(request, _("已保存;使用它的办事指南正在重新生成"))
                return redirect("job_detail", pk=job.pk) if job else redirect("affairs:shared")
    else:
        form = SharedElementForm(initial={**{n: getattr(element, n) for n in names}, "version": element.version}, names=names)
    for name in names:
        form.fields[name].label = str(model._meta.get_field(name).verbose_name)
    users = catalogue_services._items_using(element)
    return render(request, "affairs/shared_edit.html", {"element": element, "form": form, "kind": kind, "used_by": Item.objects.filter(pk__in=users)[:200],
                                                        "used_count": len(users)}, status=400 if form.errors else 200)


@login_required
def guide_changes(request):
    require_capability(request.user, "affairs.edit_items")
    return render(request, "affairs/guide_changes.html", {"changes": selectors.guide_changes(limit=300)})


# --- applying: 一件事 and single items ----------------------------------------------------------------------

@login_required
def bundles(request):
    require_capability(request.user, "affairs.apply")
    return render(request, "affairs/bundles.html", {"bundles": selectors.bundles()})


def _answers(request, questions) -> dict[str, bool]:
    data = request.POST if request.method == "POST" else request.GET
    return {q.key: parse_bool(data.get(f"q_{q.key}"), field=f"q_{q.key}") for q in questions}


def _apply_page(request, *, bundle=None, item=None):
    user = request.user
    window = parse_bool(request.GET.get("window") or request.POST.get("window"), field="window")
    require_capability(user, "affairs.receive" if window else "affairs.apply")
    questions = selectors.bundle_questions(bundle) if bundle else []
    answers = _answers(request, questions)
    items = case_services.items_for(item=item, bundle=bundle, answers=answers)
    enterprise = getattr(user, "enterprise", None) if not window else None
    merged = case_services.merged_form_for(items, None if window else user, enterprise)
    posted = request.method == "POST" and "submit" in request.POST
    form = merged_form_fields(merged, request.POST if posted else None, request.FILES if posted else None, window=window)
    errors = []
    if form.is_bound and form.is_valid():
        data = {k[len("field_"):]: str(v) for k, v in form.cleaned_data.items() if k.startswith("field_")}
        keys = [m.need.key for m in merged.materials_to_submit]
        files = {k: form.cleaned_data.get(material_services.field_name(k)) for k in keys}
        paper = [k for k in keys if form.cleaned_data.get(material_services.paper_field_name(k))]
        try:
            case = case_services.case_submit(
                actor=user, item=item, bundle=bundle, answers=answers, form_data=data, files=files, paper=paper,
                channel=Case.Channel.WINDOW if window else Case.Channel.ONLINE, delivery=form.cleaned_data["delivery"],
                delivery_address=form.cleaned_data["delivery_address"], applicant_name=(request.POST.get("applicant_name") or "")[:128],
                applicant_phone=(request.POST.get("applicant_phone") or "")[:20])
        except ValidationError as error:
            # Each refusal beside its field (a bad file under its material); the form keeps what was typed.
            for field, messages_ in (error.message_dict.items() if hasattr(error, "error_dict") else [(None, error.messages)]):
                if field in form.fields:
                    form.add_error(field, messages_)
                else:
                    errors.extend(messages_)
        except PermissionDenied as error:
            errors = [str(error)]
        else:
            messages.success(request, _("已提交,办件编号 %(n)s") % {"n": case.number})
            return redirect("affairs:case_detail", pk=case.pk)
    stats = merged.stats()
    return render(request, "affairs/apply.html", {
        "bundle": bundle, "item": item, "questions": [(q, answers.get(q.key, False)) for q in questions], "items": items, "merged": merged, "form": form,
        "stats": stats, "errors": errors, "window": window,
        "upload_limit": settings.YINGSHANG_MAX_UPLOAD_BYTES, "file_limit": material_services.MAX_MATERIAL_BYTES}, status=400 if errors or (form.is_bound and form.errors) else 200)


@login_required
def bundle_apply(request, key: str):
    return _apply_page(request, bundle=selectors.bundle_get(key))


@login_required
def item_apply(request, pk: int):
    return _apply_page(request, item=selectors.item_public(pk))


@login_required
def mine(request):
    require_capability(request.user, "affairs.apply")
    return render(request, "affairs/mine.html", {"cases": selectors.case_list_for_user(request.user)[:200]})


# --- one case, its sub-cases ---------------------------------------------------------------------------------

def _case_page(request, case, status=200):
    user = request.user
    personal = can_see_personal_data(user) or case.applicant_id == user.pk
    subs = list(case.subcases.select_related("item", "unit").prefetch_related("suspensions"))
    sub_ops = {s.pk: wf.buttons(SUBCASES, s, user, url=lambda op, s=s: reverse("affairs:subcase_action", args=[s.pk, op.name])) for s in subs}
    rating = Rating.objects.filter(case=case).select_related("rectification").first()
    own = case.applicant_id == user.pk or (case.enterprise_id and case.enterprise_id == user.enterprise_id and has_capability(user, "affairs.rate"))
    can_rate = rating is None and case.status in rating_services.RATEABLE and (own or has_capability(user, "affairs.receive"))
    names = case_services.material_names(case.materials + case.missing)
    files = [(row, row.received_by_name if personal or row.receipt != row.Receipt.UPLOAD else mask_name(row.received_by_name),
              "、".join(s.item.name for s in row.subcases.all())) for row in selectors.case_materials_for_user(user, case)]
    operations = wf.buttons(CASES, case, user, url=lambda op: reverse("affairs:case_action", args=[case.pk, op.name]))
    if not has_capability(user, "affairs.receive"):  # only the window sees paper originals: the applicant's 补正 is by upload
        for button in operations:
            for name in [n for n in button["form"].fields if n.startswith("paper_")]:
                del button["form"].fields[name]
    return render(request, "affairs/case_detail.html", {
        "case": case, "subs": [(s, sub_ops[s.pk]) for s in subs], "events": case.events.all(),
        "operations": operations,
        "applicant_name": case.applicant_name if personal else mask_name(case.applicant_name),
        "applicant_phone": case.applicant_phone if personal else mask_phone(case.applicant_phone),
        "materials": [names.get(k, k) for k in case.materials], "missing": [names.get(k, k) for k in case.missing], "files": files,
        "rating": rating, "rating_form": RatingForm() if can_rate else None, "rate_channel": "online" if own else "window",
        "appeal_form": AppealLinkForm(initial={"appeal_number": case.appeal_number, "version": case.version}) if has_capability(user, "affairs.receive") or has_capability(user, "affairs.handle") else None,
        "sms_link": request.build_absolute_uri(reverse("affairs:rate_sms", args=[rating_services.sms_token(case)]))
        if has_capability(user, "affairs.receive") and rating is None and case.status in rating_services.RATEABLE else "",
        "today": clock.today()}, status=status)


@login_required
def case_detail(request, pk: int):
    return _case_page(request, selectors.case_get_for_user(request.user, pk))


@login_required
@require_GET
def material_download(request, pk: int):
    """One received material's file, as an attachment (never from MEDIA_URL): its applicant, its hall, the
    departments whose sub-cases need it and city-wide readers; everyone else 404. Every download is audited."""
    row = selectors.case_material_get_for_user(request.user, pk)
    if not row.file:
        raise Http404(_("该材料为窗口核验的纸质原件,没有电子文件"))
    try:
        handle = row.file.open("rb")
    except FileNotFoundError:
        raise Http404(_("材料文件已不在存储中,请联系管理员")) from None
    material_services.record_download(actor=request.user, row=row)
    content_type = mimetypes.guess_type(row.filename)[0] or "application/octet-stream"
    response = FileResponse(handle, as_attachment=True, filename=row.filename or f"material-{row.pk}", content_type=content_type)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def case_action(request, pk: int, action: str):
    case = selectors.case_get_for_user(request.user, pk)
    try:
        case_services.case_act(actor=request.user, case=case, operation=action, data=request.POST, files=request.FILES)
        messages.success(request, _("已%(op)s,当前状态“%(s)s”") % {"op": CASES.operation(action).label, "s": case.get_status_display()})
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("无权执行此操作"))
    return redirect("affairs:case_detail", pk=case.pk)


@login_required
@require_POST
def subcase_action(request, pk: int, action: str):
    sub = selectors.subcase_get_for_user(request.user, pk)
    try:
        case_services.subcase_act(actor=request.user, sub=sub, operation=action, data=request.POST)
        messages.success(request, _("已%(op)s") % {"op": SUBCASES.operation(action).label})
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("无权执行此操作"))
    return redirect("affairs:case_detail", pk=sub.case_id)


@login_required
@require_POST
def case_link_appeal(request, pk: int):
    case = selectors.case_get_for_user(request.user, pk)
    form = AppealLinkForm(request.POST)
    if form.is_valid():
        try:
            case_services.case_link_appeal(actor=request.user, case=case, appeal_number=form.cleaned_data["appeal_number"],
                                           expected_version=form.cleaned_data.get("version"))
            messages.success(request, _("已关联12345诉求"))
        except ValidationError as error:
            messages.error(request, ";".join(_errors(error)))
        except PermissionDenied as error:
            messages.error(request, str(error))
    return redirect("affairs:case_detail", pk=case.pk)


@login_required
@require_POST
def case_rate(request, pk: int):
    case = selectors.case_get_for_user(request.user, pk)
    form = RatingForm(request.POST)
    channel = Rating.Channel.WINDOW if has_capability(request.user, "affairs.receive") else Rating.Channel.ONLINE
    if not form.is_valid():
        messages.error(request, _("请选择评价等级"))
        return redirect("affairs:case_detail", pk=case.pk)
    try:
        rating = rating_services.rating_submit(actor=request.user, case=case, level=form.cleaned_data["level"], channel=channel,
                                               comment=form.cleaned_data["comment"])
        messages.success(request, _("感谢评价:%(l)s") % {"l": rating.get_level_display()} + (_(";差评已转被评价单位核实整改") if rating.is_bad else ""))
    except (ValidationError, PermissionDenied) as error:
        messages.error(request, ";".join(_errors(error)) if isinstance(error, ValidationError) else str(error))
    return redirect("affairs:case_detail", pk=case.pk)


def correction_document(case: Case) -> Document:
    names = case_services.material_names(case.missing)
    event = case.events.filter(step="request_correction").order_by("-at").first()
    rows = [[str(i), names.get(k, k)] for i, k in enumerate(case.missing, 1)]
    return Document(kind="affairs.correction_notice", title="补正材料一次性告知书", issuer=case.hall.name, number=f"{case.number}-补正",
                    date=clock.today(), signature=case.hall.name, marking="",
                    sections=[Section(None, [Paragraph(f"{case.applicant_name}:"),
                                             Paragraph(f"您于{case.submitted_at:%Y年%m月%d日}申请的“{case.title}”(办件编号 {case.number}),"
                                                       f"经审查,申请材料不齐全或不符合法定形式。现一次性告知您需要补正的全部材料如下:"),
                                             Table(["序号", "需补正的材料"], rows, widths=[1, 5]),
                                             Paragraph(f"其他说明:{event.note}" if event and event.note else "请补齐上述材料后重新提交,补齐后即予受理。")])])


@login_required
def correction_notice(request, pk: int, fmt: str):
    case = selectors.case_get_for_user(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404(_("不支持的格式"))
    if not case.missing:
        raise Http404(_("该办件没有待补正的材料"))
    document = correction_document(case)
    return _file(render_docx(document) if fmt == "docx" else render_pdf(document), fmt, f"一次性告知书-{case.number}")


# --- the window desk and the departments' lists ---------------------------------------------------------------

@login_required
def window(request):
    require_capability(request.user, "affairs.receive")
    number = (request.GET.get("number") or "").strip()[:32]
    if number:
        found = Case.objects.filter(number=number).first()
        if found is not None and (ServiceHall.objects.filter(unit_id=request.user.unit_id).exists() or has_capability(request.user, "affairs.publish_items")):
            return redirect("affairs:case_detail", pk=found.pk) if selectors.case_list_for_user(request.user).filter(pk=found.pk).exists() \
                else redirect(reverse("affairs:window") + "?missing=1")
        messages.error(request, _("未找到办件 %(n)s") % {"n": number})
    status = request.GET.get("status") or ""
    cases = selectors.case_list_for_user(request.user)
    if status in Case.Status.values:
        cases = cases.filter(status=status)
    columns = [Column(_("办件编号"), "number"), Column(_("事项/一件事"), "title", 30), Column(_("状态"), "get_status_display"),
               Column(_("受理大厅"), "hall.name", 20), Column(_("申请时间"), "submitted_at", 20)]
    exported = list_export(request, "综合窗口办件", columns, cases[:5000])
    if exported:
        return exported
    return render(request, "affairs/window.html", {"cases": cases[:200], "status": status, "statuses": Case.Status.choices,
                                                   "items": Item.objects.filter(published_version__gt=0).order_by("name"),
                                                   "bundles": selectors.bundles()})


@login_required
def cases(request):
    require_capability(request.user, "affairs.handle")
    subs = selectors.subcase_list_for_user(request.user).order_by("due_on", "id")
    status = request.GET.get("status") or "open"
    if status == "open":
        subs = subs.filter(status__in=[SubCase.Status.REVIEWING, SubCase.Status.SUSPENDED])
    elif status in SubCase.Status.values:
        subs = subs.filter(status=status)
    today = clock.today()
    calendar = workcalendar.current()
    from .timing import warning_level

    rows = [(s, warning_level(s.due_on, today, calendar) if s.is_open else "") for s in subs[:300]]
    return render(request, "affairs/cases.html", {"rows": rows, "status": status, "statuses": SubCase.Status.choices})


# --- monitoring ------------------------------------------------------------------------------------------------

def _period(request) -> tuple[dt.date, dt.date]:
    return monitoring.parse_period(request.GET.get("start"), request.GET.get("end"))


@login_required
def monitoring_page(request):
    require_capability(request.user, "affairs.view_monitoring")
    start, end = _period(request)
    rows, items = monitoring.items_for_reader(request.user, start, end)
    columns = [Column(_("事项"), "label", 30), Column(_("办件数"), "count"), Column(_("平均用时(工作日)"), "mean_days"), Column(_("中位数"), "p50"),
               Column(_("90分位"), "p90"), Column(_("承诺时限"), "promised_days"), Column(_("法定时限"), "statutory_days"),
               Column(_("按承诺办结率"), "on_time"), Column(_("提速率"), "speedup")]
    exported = list_export(request, "审批时效监测", columns, items)
    if exported:
        return exported
    figures = monitoring.for_reader(request.user, start, end, rows=rows, items=items)
    unit_rows, stages = figures["units"], figures["stages"]
    chart = {"stages": [r["stage"] for r in stages], "mean": [r["mean_days"] for r in stages], "p90": [r["p90"] or 0 for r in stages],
             "units": [r.label for r in unit_rows[:15]], "speedup": [round(r.speedup * 100, 1) for r in unit_rows[:15]],
             "on_time": [round(r.on_time * 100, 1) for r in unit_rows[:15]]}
    return render(request, "affairs/monitoring.html", {**figures, "items": items[:100], "chart": chart})


# --- 好差评 ---------------------------------------------------------------------------------------------------------

@throttled("YINGSHANG_PUBLIC_FORM_RATE_PER_IP", group="affairs.rate_sms")
def rate_sms(request, token: str):
    try:
        case = rating_services.case_from_token(token)
    except ValidationError as error:
        return render(request, "affairs/rate_sms.html", {"invalid": _errors(error)[0]}, status=404)
    done = Rating.objects.filter(case=case).exists()
    form = SmsRatingForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not done and form.is_valid():
        try:
            rating_services.rating_submit(actor=None, case=case, level=form.cleaned_data["level"], channel=Rating.Channel.SMS,
                                          comment=form.cleaned_data["comment"])
            return render(request, "affairs/rate_sms.html", {"thanks": True, "case": case})
        except ValidationError as error:
            form.add_error(None, _errors(error)[0])
    return render(request, "affairs/rate_sms.html", {"case": case, "form": form, "done": done}, status=400 if form.errors else 200)


def public_ratings(request):
    return render(request, "affairs/public_ratings.html", {"rows": monitoring.rating_stats(), "levels": [l.label for l in Rating.Level]})


@login_required
def rectifications(request):
    require_capability(request.user, "affairs.rectify")
    loops = selectors.rectification_list_for_user(request.user)
    today = clock.today()
    return render(request, "affairs/rectifications.html", {"rows": [(l, rating_services.overdue_level(l, today)) for l in loops[:300]]})


@login_required
def rectification_detail(request, pk: int):
    require_capability(request.user, "affairs.rectify")
    loop = selectors.rectification_get_for_user(request.user, pk)
    operations = wf.buttons(RECTIFICATIONS, loop, request.user, url=lambda op: reverse("affairs:rectification_action", args=[loop.pk, op.name]))
    return render(request, "affairs/rectification_detail.html", {"loop": loop, "operations": operations,
                                                                 "overdue": rating_services.overdue_level(loop, clock.today())})


@login_required
@require_POST
def rectification_action(request, pk: int, action: str):
    loop = selectors.rectification_get_for_user(request.user, pk)
    try:
        rating_services.rectification_act(actor=request.user, loop=loop, operation=action, data=request.POST)
        messages.success(request, _("已%(op)s") % {"op": RECTIFICATIONS.operation(action).label})
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    except PermissionDenied as error:
        messages.error(request, str(error) or _("无权执行此操作"))
    return redirect("affairs:rectification_detail", pk=loop.pk)
