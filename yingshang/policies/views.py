"""Pages of the policy supermarket. Thin: a selector or a service, then render."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from yingshang.core import clock, workflow
from yingshang.core.exports import list_export
from yingshang.core.job_views import start_job
from yingshang.core.models import Unit
from yingshang.core.params import int_param
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import visible

from . import amounts, export_columns, forms, matching, rules, selectors, services
from . import jobs as _jobs  # noqa: F401  (registers the job kinds started below)
from .facts import FACTS, SOURCE_LABELS, vocabulary
from .models import ItemVersion, MatchRun, MatchSet, PolicyApplication, PolicyItem
from .workflow import APPLICATIONS

Status = PolicyApplication.Status


def _errors(error: ValidationError) -> list[str]:
    return error.messages


def _units_for(user):
    return visible(user, Unit.objects.filter(is_active=True))


# --- public: catalogue, item, calculator, 公示 ----------------------------------------------------------

def catalogue(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("q", "kind", "unit", "exempt")}
    items = selectors.catalogue(**filters)
    if export := list_export(request, _("政策条款"), export_columns.CATALOGUE, export_columns.catalogue_rows(items)):
        return export
    page = Paginator(items, 30).get_page(request.GET.get("page"))
    rows = [(item, selectors.version_summary(selectors.current_version(item))) for item in page]
    context = {"page": page, "rows": rows, "filters": filters, "kinds": ItemVersion.BenefitKind.choices,
               "units": Unit.objects.filter(policy_items__status=PolicyItem.Status.PUBLISHED).distinct().order_by("tree_path")}
    template = "policies/_catalogue_rows.html" if request.headers.get("HX-Request") else "policies/catalogue.html"
    return render(request, template, context)


def item_detail(request, pk: int):
    item = selectors.catalogue_item(pk)
    version = selectors.current_version(item)
    context = {"item": item, "summary": selectors.version_summary(version), "version": version,
               "versions": item.versions.filter(status=ItemVersion.Status.PUBLISHED).order_by("-effective_from", "-number")}
    user = request.user
    if user.is_authenticated and has_capability(user, "policies.view_own_policies") and user.enterprise_id and version:
        explanation, amount = services.assess(user.enterprise, version, clock.today())
        context.update(explanation=explanation, amount=amount)
    if user.is_authenticated and has_capability(user, "policies.manage_items"):
        context["can_manage"] = selectors.item_list_for_user(user).filter(pk=item.pk).exists()
    return render(request, "policies/item_detail.html", context)


def calculator(request):
    """政策计算器: public, for facts typed in. The most decisive questions come first, each answerable in
    place (htmx posts the form on every change and swaps in the new results and questions)."""
    versions = matching.versions_in_force(clock.today())
    form = forms.CalculatorForm(request.POST or None)
    results = []
    if request.method == "POST" and form.is_valid():
        facts = form.facts()
        vocab = vocabulary()
        for version in versions:
            explanation = rules.explain(version.conditions, version.exclusions, facts, vocab)
            if explanation.verdict == rules.NOT_ELIGIBLE:
                continue
            amount = amounts.compute(version.amount_rule or {}, facts)
            bound = amounts.upper_bound(version.amount_rule or {})
            results.append({"version": version, "item": version.item, "explanation": explanation, "amount": amount,
                            "rank": amount.value if amount.value is not None else (bound or 0)})
        results.sort(key=lambda r: (r["explanation"].verdict != rules.ELIGIBLE, -r["rank"]))
        questions = selectors.calculator_questions(facts, versions)
    else:
        questions = selectors.calculator_questions({"status": "active"}, versions)
    context = {"form": form, "results": results, "submitted": request.method == "POST",
               "htmx": bool(request.headers.get("HX-Request")), **_calculator_sections(form, questions)}
    if request.headers.get("HX-Request"):
        return render(request, "policies/_calculator_results.html", context)
    return render(request, "policies/calculator.html", context)


CALCULATOR_QUESTIONS_SHOWN = 6


def _calculator_sections(form, questions: list[dict]) -> dict:
    """The form's fields in three groups: the suggested questions (in order), what is answered, the rest."""
    asked = [q for q in questions if q["fact"].key in form.fields][:CALCULATOR_QUESTIONS_SHOWN]
    asked_keys = {q["fact"].key for q in asked}
    answered, others = [], []
    for name in form.fields:
        if name in asked_keys:
            continue
        value = form[name].value() if form.is_bound else None
        (answered if value not in (None, "", []) else others).append(form[name])
    return {"questions": [{**q, "field": form[q["fact"].key]} for q in asked], "answered": answered, "other_fields": others}


def publicity_list(request):
    if export := list_export(request, _("政策兑现公示"), export_columns.PUBLICITIES, selectors.publicity_list()[:100]):
        return export
    return render(request, "policies/publicity_list.html", {"publicities": selectors.publicity_list()[:100]})


def publicity_detail(request, pk: int):
    publicity = selectors.publicity_public(pk)
    return render(request, "policies/publicity_detail.html", {
        "publicity": publicity, "applications": publicity.applications.select_related("enterprise").order_by("enterprise__name"),
    })


# --- enterprise: 我的可享政策, apply, declare -----------------------------------------------------------

@login_required
def mine(request):
    rows = selectors.my_policies(request.user)
    total = sum(r.amount or 0 for r in rows if r.verdict == MatchSet.ELIGIBLE)
    return render(request, "policies/mine.html", {
        "rows": rows, "total": total, "enterprise": request.user.enterprise, "declare_form": forms.FactDeclareForm(),
        "applications": selectors.application_list_for_user(request.user)[:20],
    })


@login_required
@require_POST
def declare_fact(request):
    enterprise = selectors.enterprise_for_user(request.user)
    form = forms.FactDeclareForm(request.POST)
    if form.is_valid():
        try:
            services.enterprise_fact_set(actor=request.user, enterprise=enterprise, key=form.cleaned_data["key"],
                                         value=form.cleaned_data["value"], source="self_declared", evidence="企业在我的可享政策页面自主申报")
            messages.success(request, f"已补充“{FACTS[form.cleaned_data['key']].label}”,系统已重新匹配相关政策")
        except ValidationError as error:
            messages.error(request, ";".join(_errors(error)))
    else:
        messages.error(request, "请选择要补充的信息并填写取值")
    return redirect("policies:mine")


def _upload_fields(version: ItemVersion):
    return [m for m in version.materials or [] if m.get("source", "upload") == "upload"]


def _uploads_from(request, version: ItemVersion) -> dict:
    uploads = {}
    for index, material in enumerate(_upload_fields(version)):
        upload = request.FILES.get(f"material_{index}")
        if upload:
            uploads[material["name"]] = upload
    return uploads


def _declared_from(request, version: ItemVersion, known: dict | None = None) -> dict:
    """The facts typed in; a prefilled value sent back unchanged is not a new declaration (it would
    otherwise replace, say, the tax bureau's figure by the same figure 「企业自主申报」)."""
    declared = {fact.key: request.POST.get(f"fact_{fact.key}", "").strip() for fact in forms.declarable_facts(version)}
    return {key: value for key, value in declared.items() if not _same_value(value, (known or {}).get(key))}


def _same_value(typed: str, held) -> bool:
    if held is None or typed == "":
        return False
    if isinstance(held, bool):
        return typed == ("true" if held else "false")
    try:
        return float(typed) == float(held)
    except (TypeError, ValueError):
        return typed == str(held)


@login_required
def apply(request, pk: int):
    """申请: registry materials prefilled, the rest uploaded, self-declarable facts asked for."""
    item = selectors.catalogue_item(pk)
    enterprise = selectors.enterprise_for_user(request.user)
    require_capability(request.user, "policies.apply")
    version = selectors.current_version(item)
    if version is None:
        raise Http404("该条款当前不在有效期内")
    errors = []
    blocker = services.claim_blocker(item, version, enterprise)
    if blocker is not None:
        # Refused on opening the form, before any file is chosen or uploaded.
        message, existing = blocker
        return render(request, "policies/apply.html", {"item": item, "version": version, "blocked": message, "existing": existing,
                                                       "enterprise": enterprise}, status=409 if request.method == "POST" else 200)
    known, sources = services.enterprise_facts(enterprise, clock.today())
    if request.method == "POST":
        try:
            application = services.application_submit(actor=request.user, enterprise=enterprise, item=item,
                                                       uploads=_uploads_from(request, version), declared=_declared_from(request, version, known))
            messages.success(request, f"申请已提交,编号 {application.number}。受理时限至 {application.step_due_on}。")
            return redirect("policies:application_detail", pk=application.pk)
        except ValidationError as error:
            errors = _errors(error)
    explanation, amount = services.assess(enterprise, version, clock.today())
    # Facts the enterprise declares are prefilled with what the platform already holds (or what was typed).
    declarable = []
    for fact in forms.declarable_facts(version):
        typed = request.POST.get(f"fact_{fact.key}") if request.method == "POST" else None
        value = typed if typed is not None else known.get(fact.key)
        if isinstance(value, bool):
            value = "true" if value else "false"
        declarable.append({"fact": fact, "value": "" if value is None else value, "source": SOURCE_LABELS.get(sources.get(fact.key, ""), "")})
    return render(request, "policies/apply.html", {
        "item": item, "version": version, "explanation": explanation, "amount": amount, "errors": errors,
        "prefill": services.prefill(enterprise, version), "uploads": list(enumerate(_upload_fields(version))),
        "declarable": declarable, "enterprise": enterprise,
    })


# --- applications -------------------------------------------------------------------------------------

@login_required
def application_list(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("status", "item", "q", "overdue", "channel")}
    applications = selectors.application_search(request.user, **filters)
    if export := list_export(request, _("政策申请"), export_columns.APPLICATIONS, applications):
        return export
    page = Paginator(applications, 30).get_page(request.GET.get("page"))
    scope_items = PolicyItem.objects.filter(pk__in=selectors.application_list_for_user(request.user).values("item_id")).order_by("code")
    context = {"page": page, "filters": filters, "statuses": Status.choices, "items": scope_items, "today": clock.today(),
               "can_review": has_capability(request.user, "policies.review_applications")}
    template = "policies/_application_rows.html" if request.headers.get("HX-Request") else "policies/application_list.html"
    return render(request, template, context)


@login_required
def application_detail(request, pk: int):
    return _application_page(request, selectors.application_get_for_user(request.user, pk))


def _application_page(request, application, *, status: int = 200, **extra):
    user = request.user
    is_owner = has_capability(user, "policies.apply") and user.enterprise_id == application.enterprise_id
    operations = workflow.buttons(APPLICATIONS, application, user,
                                  url=lambda op: reverse("policies:application_action", args=[application.pk, op.name]))
    context = {
        "application": application, "materials": application.materials.all(), "is_owner": is_owner, "operations": operations,
        # The applicant reads the public steps only: no reviewer logins, no internal comments.
        "applicant_view": selectors.sees_applicant_view(user), "steps": selectors.applicant_steps(application),
        "events": [(event, APPLICATIONS.step_label(event.action, public=True)) for event in application.events.select_related("actor")], "today": clock.today(),
        # 公示 is published for several applications of an item at once (not one of this page's buttons).
        "can_publicize": any(op.name == "publicize" for op in workflow.allowed_operations(APPLICATIONS, application, user)),
        "step_label": services.STEP_LABELS.get(application.step, ""),
        "overdue": bool(application.step_due_on and clock.today() > application.step_due_on),
        # During 公示 the 兑现 form is not offered (the spec's guard); the page says from when it will be.
        "publicity_pending": application.status == Status.PUBLICIZED and application.publicity_id is not None
        and clock.today() <= application.publicity.ends_on,
        "publicity_days": services.step_limits(application.item_version)["publicity"],
        **extra,
    }
    if is_owner and application.status == Status.INVITED:
        context["prefill"] = services.prefill(application.enterprise, application.item_version)
    return render(request, "policies/application_detail.html", context, status=status)


LEGACY_ACTIONS = {"receipt": "confirm_receipt"}  # the URL name of 确认到账 before the workflow spec


@login_required
@require_POST
def application_action(request, pk: int, action: str):
    application = selectors.application_get_for_user(request.user, pk)
    operation = LEGACY_ACTIONS.get(action, action)
    if operation not in {op.name for op in APPLICATIONS.operations}:
        raise Http404("未知操作")
    try:
        services.application_act(actor=request.user, application=application, operation=operation, data=request.POST, files=request.FILES)
        messages.success(request, f"已{APPLICATIONS.operation(operation).label},当前状态“{application.get_status_display()}”")
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    except PermissionDenied as error:
        messages.error(request, str(error) or "无权执行此操作")
    return redirect("policies:application_detail", pk=application.pk)


@login_required
@require_POST
def publicity_create(request):
    require_capability(request.user, "policies.review_applications")
    ids = [int(i) for i in request.POST.getlist("application") if i.isdecimal()]
    applications = list(selectors.application_list_for_user(request.user).filter(pk__in=ids))
    if not applications:
        messages.error(request, "请勾选要公示的审核通过申请")
        return redirect(reverse("policies:application_list") + "?status=approved")
    from_detail = request.POST.get("from") == "detail" and len(applications) == 1
    days_text = (request.POST.get("days") or "").strip()
    items = {a.item_id for a in applications}
    if len(items) != 1:
        messages.error(request, "一次公示只能包含同一政策条款的申请")
        return redirect(reverse("policies:application_list") + "?status=approved")
    try:
        if days_text and not days_text.isdigit():
            raise ValidationError(_("公示期应为 1 至 30 之间的整数(工作日)"))
        publicity = services.publicity_publish(actor=request.user, item=applications[0].item, applications=applications,
                                               days=int(days_text) if days_text else None)
        messages.success(request, f"已发布公示,公示期至 {publicity.ends_on}")
        return redirect("policies:publicity_detail", pk=publicity.pk)
    except ValidationError as error:
        if from_detail:
            # The same page, the value as typed, the message under the box.
            return _application_page(request, applications[0], status=400, publicity_error=";".join(_errors(error)), publicity_days=days_text)
        messages.error(request, ";".join(_errors(error)))
        return redirect(reverse("policies:application_list") + "?status=approved")


@login_required
@require_POST
def approve_listed(request, pk: int):
    """A unit's review of a 免申即享 list: approve every listed entry of the item at once."""
    require_capability(request.user, "policies.review_applications")
    listed = selectors.application_list_for_user(request.user).filter(item_id=pk, status=Status.LISTED)
    count = 0
    for application in listed:
        try:
            services.application_approve(actor=request.user, application=application, comment="免申即享名单审核通过")
            count += 1
        except (ValidationError, PermissionDenied) as error:
            messages.error(request, f"{application.number}:{';'.join(_errors(error)) if isinstance(error, ValidationError) else error}")
            break
    messages.success(request, f"免申即享名单审核通过 {count} 户")
    return redirect(reverse("policies:application_list") + f"?item={pk}&status=approved")


# --- management ---------------------------------------------------------------------------------------

@login_required
def manage(request):
    items = selectors.item_list_for_user(request.user).order_by("code")
    rows = [(item, selectors.current_version(item), item.versions.filter(status=ItemVersion.Status.DRAFT).first()) for item in items]
    if export := list_export(request, _("政策管理"), export_columns.MANAGED_ITEMS, rows):
        return export
    return render(request, "policies/manage.html", {
        "rows": rows, "runs": MatchRun.objects.all()[:5], "can_match": has_capability(request.user, "policies.run_matching"),
        "documents": selectors.document_list_for_user(request.user)[:30] if has_capability(request.user, "policies.import_policies") else [],
    })


@login_required
def item_new(request):
    require_capability(request.user, "policies.manage_items")
    units = _units_for(request.user)
    documents = selectors.document_list_for_user(request.user)
    initial = {"unit": request.user.unit_id if units.filter(pk=request.user.unit_id).exists() else None, "document": documents.first()}
    form = forms.ItemCreateForm(request.POST or None, units=units, documents=documents, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(actor=request.user, document=form.cleaned_data["document"], code=form.cleaned_data["code"],
                                        title=form.cleaned_data["title"], unit=form.cleaned_data["unit"], benefit_kind="service",
                                        amount_rule={"kind": "none"})
            return redirect("policies:item_edit", pk=item.pk)
        except ValidationError as error:
            form.add_error(None, _errors(error))
    return render(request, "policies/item_new.html", {"form": form})


@login_required
def item_edit(request, pk: int):
    """The form editor: structured amount fields, condition rows (or a full expression), sandbox, publish."""
    item = selectors.item_get_for_user(request.user, pk)
    version = services.draft_version(actor=request.user, item=item) if request.method == "POST" else (
        item.versions.filter(status=ItemVersion.Status.DRAFT).first())
    shown = version or item.versions.order_by("-number").first()
    if request.method == "POST":
        form = forms.VersionForm(request.POST)
        condition_rows = forms.ConditionRowFormSet(request.POST, prefix="cond")
        exclusion_rows = forms.ConditionRowFormSet(request.POST, prefix="excl")
        if form.is_valid() and condition_rows.is_valid() and exclusion_rows.is_valid():
            values = form.service_values()
            try:
                if request.POST.get("editor") == "rows":
                    values["conditions_text"] = forms.rule_text_from_rows(condition_rows)
                    values["exclusions_text"] = forms.rule_text_from_rows(exclusion_rows, " or ")
                # editing the open draft: compare-and-set on the version the editor loaded; a draft just
                # copied from a published version has no earlier editor to conflict with
                edited_draft = form.cleaned_data.get("based_on") == version.pk
                version = services.version_update(actor=request.user, version=version,
                                                  expected_version=form.cleaned_data.get("version") if edited_draft else None, **values)
                if request.POST.get("publish"):
                    amendment = services.version_publish(actor=request.user, version=version)
                    messages.success(request, f"已发布第{version.number}版,{version.effective_from}起生效;新增符合 {amendment.gained_count} 户,"
                                              f"不再符合 {amendment.lost_count} 户")
                    return redirect("policies:item_amendment", pk=amendment.pk)
                messages.success(request, "草稿已保存")
                return redirect("policies:item_edit", pk=item.pk)
            except ValidationError as error:
                if hasattr(error, "error_dict"):
                    for field, problems in error.message_dict.items():
                        form.add_error(field if field in form.fields else None, problems)
                else:
                    form.add_error(None, _errors(error))
    else:
        form = forms.VersionForm(initial=forms.VersionForm.initial_from(shown))
        condition_rows = forms.ConditionRowFormSet(prefix="cond", initial=forms.rows_from_tree(shown.conditions))
        exclusion_rows = forms.ConditionRowFormSet(prefix="excl", initial=[
            row for part in ([shown.exclusions] if shown.exclusions else []) for row in _or_rows(part)])
    return render(request, "policies/item_edit.html", {
        "item": item, "version": version, "shown": shown, "form": form, "condition_rows": condition_rows, "exclusion_rows": exclusion_rows,
        "published": item.versions.filter(status=ItemVersion.Status.PUBLISHED).order_by("-effective_from", "-number"),
        "facts": FACTS.values(), "amendments": item.amendments.select_related("to_version", "from_version")[:10],
    })


def _or_rows(tree: dict) -> list[dict]:
    """Exclusions read as "any of": one row per alternative."""
    parts = tree["args"] if tree.get("op") == "or" else [tree]
    rows = []
    for part in parts:
        rows += forms.rows_from_tree(part) if "fact" in part else [{"fact": forms.EXPRESSION, "op": "", "value": rules.to_text(part)}]
    return rows


@login_required
@require_POST
def item_sandbox(request, pk: int):
    """Pre-publication sandbox: the form's draft rules over all enterprises, nothing stored."""
    item = selectors.item_get_for_user(request.user, pk)
    form = forms.VersionForm(request.POST)
    condition_rows = forms.ConditionRowFormSet(request.POST, prefix="cond")
    exclusion_rows = forms.ConditionRowFormSet(request.POST, prefix="excl")
    context = {"item": item}
    if form.is_valid() and condition_rows.is_valid() and exclusion_rows.is_valid():
        try:
            values = form.service_values()
            if request.POST.get("editor") == "rows":
                values["conditions_text"] = forms.rule_text_from_rows(condition_rows)
                values["exclusions_text"] = forms.rule_text_from_rows(exclusion_rows, " or ")
            conditions = rules.parse_rule(values["conditions_text"])
            exclusions = rules.parse_rule(values["exclusions_text"])
            context["result"] = matching.sandbox(conditions, exclusions, values["amount_rule"])
            context["rule_text"] = rules.describe(conditions)
        except ValidationError as error:
            context["errors"] = _errors(error)
    else:
        context["errors"] = [f"{form.fields[name].label if name in form.fields else ''}:{e}" for name, field_errors in form.errors.items()
                             for e in field_errors] or ["条件行填写有误"]
    return render(request, "policies/_sandbox.html", context)


@login_required
def item_amendment(request, pk: int):
    from .models import ItemAmendment

    amendment = ItemAmendment.objects.select_related("item", "from_version", "to_version").filter(pk=pk).first()
    if amendment is None:
        raise Http404("修订记录不存在")
    selectors.item_get_for_user(request.user, amendment.item_id)
    from yingshang.core.models import Enterprise

    gained = visible(request.user, Enterprise.objects.filter(pk__in=amendment.gained[:200]).select_related("district"))
    lost = visible(request.user, Enterprise.objects.filter(pk__in=amendment.lost[:200]).select_related("district"))
    return render(request, "policies/amendment.html", {"amendment": amendment, "gained": gained, "lost": lost})


@login_required
@require_POST
def item_withdraw(request, pk: int):
    item = selectors.item_get_for_user(request.user, pk)
    try:
        services.item_withdraw(actor=request.user, item=item, reason=request.POST.get("reason", ""))
        messages.success(request, "条款已停止执行")
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
    return redirect("policies:item_edit", pk=item.pk)


@login_required
@require_POST
def match_run(request):
    require_capability(request.user, "policies.run_matching")
    # A full run is a background job (policies/jobs.py): its page shows progress, then the counts.
    return start_job(request, "policies.match_all", on_failure=reverse("policies:manage"))


@login_required
def near_miss(request):
    filters = {k: request.GET.get(k, "").strip() for k in ("item", "fact")}
    results = selectors.near_misses(request.user, **filters)
    if results.item is not None:
        filters["item"] = str(results.item.pk)
    if export := list_export(request, _("差一项企业"), export_columns.NEAR_MISSES, export_columns.near_miss_rows(results)):
        return export
    page = Paginator(results, 50).get_page(request.GET.get("page"))
    rows = [(r, selectors.describe_miss(r)) for r in page]
    items = selectors.near_miss_items(request.user)
    return render(request, "policies/near_miss.html", {"page": page, "rows": rows, "filters": filters, "items": items,
                                                        "facts": [f for f in FACTS.values()]})


@login_required
def effect(request):
    rows = selectors.effect_rows(request.user)
    documents = selectors.effect_by_document(rows)
    if export := list_export(request, _("政策效果"), export_columns.EFFECT, rows,
                             extra_sheets=[(_("按政策文件"), export_columns.EFFECT_BY_DOCUMENT, documents)]):
        return export
    return render(request, "policies/effect.html", {"rows": rows, "documents": documents})


@login_required
def effect_xlsx(request):
    """The former address of the effect export (bookmarks): the page's own export."""
    return redirect(reverse("policies:effect") + "?export=xlsx")


# --- extraction assistant ---------------------------------------------------------------------------------

@login_required
def import_document(request):
    require_capability(request.user, "policies.import_policies")
    units = _units_for(request.user)
    form = forms.ImportForm(request.POST or None, request.FILES or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            document = services.document_import(actor=request.user, title=data["title"], text=data["text"], unit=data["unit"],
                                                issuer=data.get("issuer", ""), doc_number=data.get("doc_number", ""), issued_on=data.get("issued_on"))
            messages.success(request, f"已识别 {document.proposals.count()} 个建议条款,请逐条确认")
            return redirect("policies:document_review", pk=document.pk)
        except ValidationError as error:
            form.add_error(None, _errors(error))
    return render(request, "policies/import.html", {"form": form})


@login_required
def document_review(request, pk: int):
    document = selectors.document_get_for_user(request.user, pk)
    proposals = []
    for proposal in document.proposals.all():
        payload = proposal.payload
        unit = None
        if payload.get("unit_mention"):
            from yingshang.core.selectors import unit_resolve

            found = unit_resolve(payload["unit_mention"])
            unit = found[0] if found else None
        rule = payload.get("amount_rule") or {}
        try:
            amount_text = amounts.describe_rule(amounts.normalize_amount_rule({k: v for k, v in rule.items() if k not in ("base_phrase", "range")}))
        except ValidationError as error:
            amount_text = f"需补充:{';'.join(error.messages)}"
        proposals.append({"proposal": proposal, "payload": payload, "unit": unit, "amount_text": amount_text})
    return render(request, "policies/document_review.html", {
        "document": document, "proposals": proposals, "units": _units_for(request.user),
        "kinds": ItemVersion.BenefitKind.choices,
    })


@login_required
@require_POST
def proposal_decide(request, pk: int):
    proposal = selectors.proposal_get_for_user(request.user, pk)
    if request.POST.get("decision") == "discard":
        services.proposal_discard(actor=request.user, proposal=proposal)
        messages.success(request, "已舍弃该建议条款")
        return redirect("policies:document_review", pk=proposal.document_id)
    payload = proposal.payload
    rule = {k: v for k, v in (payload.get("amount_rule") or {}).items() if k not in ("base_phrase", "range")}
    try:
        unit = _units_for(request.user).get(pk=int(request.POST.get("unit") or 0))
    except (Unit.DoesNotExist, ValueError):
        messages.error(request, "请选择责任单位")
        return redirect("policies:document_review", pk=proposal.document_id)
    try:
        item = services.proposal_confirm(
            actor=request.user, proposal=proposal, code=request.POST.get("code", ""), title=request.POST.get("title", ""), unit=unit,
            benefit_kind=request.POST.get("benefit_kind") or payload.get("benefit_kind"), amount_rule=rule,
            conditions_text=request.POST.get("conditions_text", payload.get("conditions_text", "")),
            exclusions_text=request.POST.get("exclusions_text", payload.get("exclusions_text", "")),
            grant_period=payload.get("grant_period", "once"), max_periods=payload.get("max_periods"),
            exempt_application=bool(payload.get("exempt_application")), summary=proposal.excerpt,
            materials=[{"name": "企业登记信息", "source": "registry"}],
        )
        messages.success(request, f"已生成条款 {item.code}(草稿),请完善后发布")
        return redirect("policies:item_edit", pk=item.pk)
    except ValidationError as error:
        messages.error(request, ";".join(_errors(error)))
        return redirect("policies:document_review", pk=proposal.document_id)
