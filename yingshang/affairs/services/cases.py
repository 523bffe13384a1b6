"""The one-window case desk: submitting a case (one item, or a 一件事 bundle with its merged form),
受理 / 一次性告知补正 / 不予受理 at any hall (市内通办), sub-cases handled in parallel by the departments,
统一出件 and 送达 — every step a workflow operation (affairs/workflow.py); the clock in working days with
special procedures excluded (timing.py)."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core import clock, workcalendar
from yingshang.core import workflow as wf
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import can_see, in_subtree, is_city_wide

from .. import summaries, timing
from ..merge import MergedForm, merge_form, resolve_items
from ..models import Bundle, Case, CaseEvent, CaseMaterial, Item, Material, ServiceHall, StageRecord, SubCase, Suspension
from . import materials as material_services

APPLY, RECEIVE = "affairs.apply", "affairs.receive"


# --- facts the platform knows (免填写) ------------------------------------------------------------------

USER_FACTS = ("display_name", "phone", "username")  # what an account tells about the person applying


def prefill_source_labels() -> dict[str, str]:
    """Chinese names of the prefill sources ``known_facts`` fills (``enterprise.name`` → 经营主体登记信息·名称), so
    the catalogue's audit entries and pages read as words."""
    from yingshang.core.models import Enterprise, User

    labels = {f"enterprise.{f.name}": _("经营主体登记信息·%(f)s") % {"f": f.verbose_name} for f in Enterprise._meta.concrete_fields}
    labels |= {f"user.{name}": _("申请人账户·%(f)s") % {"f": User._meta.get_field(name).verbose_name} for name in USER_FACTS}
    return labels


def known_facts(user, enterprise=None) -> dict[str, str]:
    """The prefill sources the platform can fill for this applicant: ``enterprise.<field>`` from the
    registry (the enterprise's own record), ``user.<field>`` from the account."""
    facts: dict[str, str] = {}
    enterprise = enterprise or getattr(user, "enterprise", None)
    if enterprise is not None:
        for field in enterprise._meta.concrete_fields:
            value = getattr(enterprise, field.attname)
            if value not in (None, ""):
                facts[f"enterprise.{field.name}"] = str(value)
        facts["enterprise.district"] = str(enterprise.district)
        facts["enterprise.industry"] = str(enterprise.industry)
    if user is not None and getattr(user, "is_authenticated", False):
        for name in USER_FACTS:
            value = getattr(user, name, "")
            if value:
                facts[f"user.{name}"] = str(value)
    return facts


def items_for(*, item: Item | None = None, bundle: Bundle | None = None, answers: dict[str, bool] | None = None) -> list[Item]:
    from ..selectors import bundle_base_items, bundle_questions

    if item is not None:
        return [item]
    names = resolve_items(bundle_base_items(bundle), bundle_questions(bundle), answers or {})
    by_name = {i.name: i for i in Item.objects.filter(name__in=names).select_related("unit")}
    return [by_name[name] for name in names if name in by_name]


def merged_form_for(items: list[Item], user, enterprise=None) -> MergedForm:
    from ..selectors import item_specs

    specs, fields = item_specs(items)
    return merge_form(specs, fields, known_facts(user, enterprise), registered_enterprise=(enterprise or getattr(user, "enterprise", None)) is not None)


def materials_to_submit(case: Case):
    """The case's materials the applicant must bring (platform-supplied ones excluded), each once."""
    items = [s.item for s in case.subcases.select_related("item")]
    return merged_form_for(items, case.applicant, case.enterprise).materials_to_submit


def material_names(keys) -> dict[str, str]:
    return dict(Material.objects.filter(key__in=list(keys)).values_list("key", "name"))


def default_hall(enterprise=None):
    """Where an online case is received: the hall of the applicant's district, else the city's hall."""
    halls = ServiceHall.objects.select_related("unit").order_by("unit__tree_path")
    if enterprise is not None:
        local = halls.filter(district_id=enterprise.district_id).first()
        if local:
            return local.unit
    hall = halls.first()
    if hall is None:
        raise ValidationError(_("尚未设置政务服务大厅,无法受理办件"))
    return hall.unit


# --- submitting ------------------------------------------------------------------------------------------

def case_submit(**kwargs) -> Case:
    """A new case (see :func:`_case_submit`); files stored for it are removed again if it fails."""
    with material_services.files_removed_on_error():
        return _case_submit(**kwargs)


@transaction.atomic
def _case_submit(*, actor, item: Item | None = None, bundle: Bundle | None = None, answers: dict[str, bool] | None = None,
                form_data: dict[str, str] | None = None, files: dict | None = None, paper: list[str] | None = None,
                channel: str = Case.Channel.ONLINE,
                delivery: str = Case.Delivery.WINDOW, delivery_address: str = "", applicant_name: str = "", applicant_phone: str = "",
                enterprise=None, applicant=None) -> Case:
    """A new case: the merged form checked (every asked field filled; prefilled facts taken from the platform,
    not from the form), one sub-case per item, each material received once (``files``: material key → upload,
    checked by core.uploads before anything is stored; ``paper``: keys whose paper original the window clerk
    has seen) and shared by the sub-cases that need it. Platform-supplied materials (免提交) take no file."""
    if channel == Case.Channel.WINDOW:
        require_capability(actor, RECEIVE)
        hall = actor.unit if actor is not None else default_hall(enterprise)
        if actor is not None and not ServiceHall.objects.filter(unit=hall).exists():
            raise ValidationError(_("您所在单位不是政务服务大厅,不能窗口收件"))
    else:
        require_capability(actor, APPLY)
        applicant = actor
        enterprise = getattr(actor, "enterprise", None)
        hall = default_hall(enterprise)
    if (item is None) == (bundle is None):
        raise ValidationError(_("请选择一个事项或一件事"))
    if item is not None and not item.published_version:
        raise ValidationError(_("事项“%(n)s”尚未发布,不能申请") % {"n": item.name})
    items = items_for(item=item, bundle=bundle, answers=answers)
    if not items:
        raise ValidationError(_("按您的情形选择,没有需要办理的事项"))
    form = merged_form_for(items, applicant, enterprise)
    form_data = {k: str(v).strip() for k, v in (form_data or {}).items()}
    errors = {}
    values = {}
    for field in form.fields:
        if field.prefilled:
            values[field.spec.key] = field.value
        else:
            value = form_data.get(field.spec.key, "")
            if not value:
                errors[f"field_{field.spec.key}"] = [_("请填写“%(label)s”") % {"label": field.spec.label}]
            elif field.spec.type == "choice" and field.spec.choices and value not in field.spec.choices:
                errors[f"field_{field.spec.key}"] = [_("“%(label)s”请从选项中选择") % {"label": field.spec.label}]
            values[field.spec.key] = value[:500]
    wanted = {m.need.key: m.need.name for m in form.materials_to_submit}
    try:
        uploads, paper_keys = material_services.split_received(actor=actor, files=files, paper=paper, wanted=wanted)
    except ValidationError as error:
        errors.update(error.message_dict)
        uploads, paper_keys = {}, []
    if errors:
        raise ValidationError(errors)
    supplied = [key for key in wanted if key in uploads or key in paper_keys]
    name = applicant_name or (enterprise.name if enterprise else "") or getattr(applicant, "display_name", "") or getattr(applicant, "username", "")
    if not name:
        raise ValidationError({"applicant_name": [_("请填写申请人")]})
    now = clock.now()
    with audited_write(actor):
        case = Case(number=f"T{uuid.uuid4().hex[:30]}",  # replaced by the numbered form once the row has its id
                     item=item, bundle=bundle, hall=hall, applicant=applicant, enterprise=enterprise,
                    applicant_name=name[:128], applicant_phone=(applicant_phone or getattr(applicant, "phone", "") or "")[:20],
                    channel=channel, answers={k: bool(v) for k, v in (answers or {}).items()}, form_data=values, materials=supplied,
                    delivery=delivery, delivery_address=delivery_address[:300], submitted_at=now,
                    instant=all(i.kind == Item.Kind.INSTANT for i in items), visits=max(i.visits for i in items),
                    promised_days=max(i.promised_days for i in items), statutory_days=max(i.statutory_days for i in items))
        case.save()
        case.number = f"ZW{timezone.localdate(now):%Y%m%d}{case.pk:07d}"
        case.save(update_fields=["number"])
        record("affairs.case.submit", case, after=case.audit_snapshot())
        for it in items:
            sub = SubCase.objects.create(case=case, item=it, unit=it.unit, promised_days=it.promised_days, statutory_days=it.statutory_days,
                                         stage=_("待受理"))
            record("affairs.sub_case.create", sub, after=sub.audit_snapshot())
        material_services.receive(case, actor=actor, uploads=uploads, paper=paper_keys,
                                  receipt=CaseMaterial.Receipt.SCAN if channel == Case.Channel.WINDOW else CaseMaterial.Receipt.UPLOAD)
        summaries.count_submitted(case)
        event = CaseEvent.objects.create(case=case, step="submit", label=str(_("提交申请")), actor_name=_actor_name(actor), at=now,
                                         note=_("一张表单、%(m)s 份材料,%(n)s 个事项") % {"m": len(supplied), "n": len(items)})
        record("affairs.case_event.create", event, after=event.audit_snapshot())
    return case


def _actor_name(actor) -> str:
    if actor is None:
        return str(_("系统"))
    return getattr(actor, "display_name", "") or getattr(actor, "username", "")


# --- authorisation ------------------------------------------------------------------------------------

def authorize_case_operation(user, operation, case: Case) -> None:
    """Window steps: a clerk of any hall (市内通办) or the 营商局; 补正提交: the applicant, or a clerk at the window."""
    if operation.name == "resubmit":
        own = has_capability(user, APPLY) and (case.applicant_id == user.pk or (case.enterprise_id and case.enterprise_id == user.enterprise_id))
        if own or has_capability(user, RECEIVE):
            return
        raise PermissionDenied(_("只有申请人或窗口人员可以补正提交"))
    if not (is_city_wide(user) or ServiceHall.objects.filter(unit_id=getattr(user, "unit_id", None)).exists()):
        raise PermissionDenied(_("只有政务服务大厅的窗口人员可以办理此步骤"))


def authorize_subcase_operation(user, operation, sub: SubCase) -> None:
    """A department decides its own sub-cases (its unit subtree); the 营商局 may act for any."""
    if is_city_wide(user):
        return
    if not in_subtree(sub.unit, getattr(user, "unit", None)):
        raise PermissionDenied(_("该子件由%(u)s办理") % {"u": sub.unit.name})


# --- case steps -----------------------------------------------------------------------------------------

def case_act(*, actor, case: Case, operation: str, data=None, files=None) -> Case:
    from ..workflow import CASES

    with material_services.files_removed_on_error():  # a 补正's files, when the step fails after storing them
        wf.run_operation(CASES, case, operation, actor, data, files=files)
    return case


def subcase_act(*, actor, sub: SubCase, operation: str, data=None) -> SubCase:
    from ..workflow import SUBCASES

    wf.run_operation(SUBCASES, sub, operation, actor, data)
    return sub


def do_accept(step) -> None:
    case: Case = step.obj
    missing = [m.need.name for m in materials_to_submit(case) if m.required and m.need.key not in case.materials]
    if missing:
        raise ValidationError(_("材料不全,不能受理:缺少%(m)s。请使用“一次性告知补正”") % {"m": "、".join(missing)})
    case.accepted_at = step.now
    today = timezone.localdate(step.now)
    calendar = workcalendar.current()
    case.due_on = calendar.add_workdays(today, case.promised_days)
    submitted = timezone.localdate(case.submitted_at)

    def start_subcases():
        from ..workflow import SUBCASES

        for sub in case.subcases.select_related("item", "unit"):
            sub.started_on, sub.due_on = today, calendar.add_workdays(today, sub.promised_days)
            sub.stage = _("审查")
            wf.perform(SUBCASES, sub, "start", step.actor, {}, expected_version=sub.version, now=step.now)
            _stage(sub, "受理", submitted, today, calendar.workdays_between(submitted, today))

    step.then(start_subcases)


def _stage(sub: SubCase, name: str, start: dt.date, end: dt.date, days: int, *, suspends: bool = False) -> StageRecord:
    row = StageRecord.objects.create(subcase=sub, item_id=sub.item_id, unit_id=sub.unit_id, stage=name, started_on=start, ended_on=end,
                                     days=max(days, 0), suspends_clock=suspends)
    record("affairs.stage_record.create", row, after=row.audit_snapshot())
    summaries.count_stage(row)
    return row


def do_request_correction(step) -> None:
    case: Case = step.obj
    case.missing = list(step.params.get("missing") or [])


def do_resubmit(step) -> None:
    """补正: the missing materials arrive as files (online, or scanned at the window) or as paper originals the
    clerk has seen; what the notice listed and is still missing stays listed."""
    case: Case = step.obj
    names = material_names(case.missing)
    uploads, paper = material_services.split_received(actor=step.actor, files=step.params.get("uploads") or {},
                                                      paper=step.params.get("paper") or [], wanted={k: names.get(k, k) for k in case.missing})
    if not uploads and not paper:
        raise ValidationError(_("请上传需补正的材料(或由窗口核验纸质原件)"))
    supplied = [key for key in case.missing if key in uploads or key in paper]
    material_services.receive(case, actor=step.actor, uploads=uploads, paper=paper, receipt=material_services.receipt_for(step.actor),
                              correction=True)
    case.materials = list(dict.fromkeys([*case.materials, *supplied]))
    case.missing = [key for key in case.missing if key not in supplied]


def do_refuse(step) -> None:
    step.obj.reason = step.reason[:500]


def do_decide(step) -> None:
    case: Case = step.obj
    if any(sub.is_open for sub in case.subcases.all()):
        raise ValidationError(_("还有部门未作出决定"))
    case.decided_at = step.now


def do_complete(step) -> None:
    case: Case = step.obj
    case.completed_at = step.now
    case.delivery = step.params.get("delivery") or case.delivery
    subs = list(case.subcases.all())
    case.days_used = max((s.days_used or 0) for s in subs) if subs else 0
    decided = timezone.localdate(case.decided_at or step.now)
    today = timezone.localdate(step.now)
    calendar = workcalendar.current()

    def after():
        summaries.count_completed(case)
        for sub in subs:
            _stage(sub, "办结", decided, today, calendar.workdays_between(decided, today))

    step.then(after)


def do_deliver(step) -> None:
    case: Case = step.obj
    case.delivered_at = step.now
    completed = timezone.localdate(case.completed_at or step.now)
    today = timezone.localdate(step.now)
    calendar = workcalendar.current()
    tracking = step.params.get("tracking", "")
    if case.delivery == Case.Delivery.POST and not tracking:
        raise ValidationError({"tracking": [_("邮寄送达须填写邮寄单号")]})
    step.data["tracking"] = tracking
    step.then(lambda: [_stage(sub, "送达", completed, today, calendar.workdays_between(completed, today)) for sub in case.subcases.all()])


def record_case_event(step) -> None:
    from ..workflow import CASES

    note = step.reason
    if step.operation.name == "request_correction":
        names = material_names(step.obj.missing)
        note = _("一次性告知缺少:%(m)s") % {"m": "、".join(names.get(k, k) for k in step.obj.missing)} + (f";{step.reason}" if step.reason else "")
    if step.data.get("tracking"):
        note = _("邮寄单号 %(t)s") % {"t": step.data["tracking"]}
    event = CaseEvent.objects.create(case=step.obj, step=step.operation.name, label=CASES.step_label(step.operation.name), actor_name=_actor_name(step.actor),
                                     note=note, at=step.now)
    record("affairs.case_event.create", event, after=event.audit_snapshot())
    if step.operation.name in ("request_correction", "complete", "refuse") and step.obj.applicant_id:
        from yingshang.core.notifications import notify_user

        notify_user(step.obj.applicant, title=_("办件%(n)s:%(s)s") % {"n": step.obj.number, "s": step.obj.get_status_display()}, body=note,
                    link=f"/affairs/cases/{step.obj.pk}/", category="affairs", dedup_key=f"affairs.case.{step.obj.pk}.{step.operation.name}.{step.obj.version}")


# --- sub-case steps -------------------------------------------------------------------------------------

def _periods(sub: SubCase):
    return [(s.started_on, s.ended_on) for s in sub.suspensions.all()]


def do_suspend(step) -> None:
    sub: SubCase = step.obj
    today = timezone.localdate(step.now)
    kind = step.params.get("kind") or "专家评审"
    sub.stage = kind

    def open_period():
        row = Suspension.objects.create(subcase=sub, kind=kind, started_on=today)
        record("affairs.suspension.create", row, after=row.audit_snapshot())

    step.then(open_period)


def do_resume(step) -> None:
    sub: SubCase = step.obj
    today = timezone.localdate(step.now)
    calendar = workcalendar.current()
    running = sub.suspensions.filter(ended_on__isnull=True).first()
    if running is not None:
        before = running.audit_snapshot()
        running.ended_on = today
        running.save()
        record("affairs.suspension.end", running, before=before, after=running.audit_snapshot())
        step.then(lambda: _stage(sub, running.kind, running.started_on, today, calendar.workdays_between(running.started_on, today), suspends=True))
    sub.stage = _("审查")
    sub.suspended_days = timing.suspended_workdays(sub.started_on, today, _periods(sub), calendar)
    sub.due_on = timing.due_date(sub.started_on, sub.promised_days, _periods(sub), today, calendar)


def do_decide_subcase(step) -> None:
    sub: SubCase = step.obj
    today = timezone.localdate(step.now)
    calendar = workcalendar.current()
    periods = _periods(sub)
    sub.decided_at = step.now
    sub.decision = step.reason[:500]
    sub.stage = str(_("已决定"))
    sub.suspended_days = timing.suspended_workdays(sub.started_on, today, periods, calendar)
    sub.days_used = timing.workdays_used(sub.started_on, today, periods, calendar)

    def after():
        summaries.count_decided(sub)
        _stage(sub, "审查", sub.started_on, today, sub.days_used)
        case = Case.objects.select_for_update().get(pk=sub.case_id)
        if case.status == Case.Status.REVIEWING and not case.subcases.filter(status__in=[SubCase.Status.WAITING, SubCase.Status.REVIEWING,
                                                                                          SubCase.Status.SUSPENDED]).exists():
            from ..workflow import CASES

            wf.perform(CASES, case, "decide", None, {}, expected_version=case.version, now=step.now)

    step.then(after)


def record_subcase_event(step) -> None:
    from ..workflow import SUBCASES

    sub = step.obj
    event = CaseEvent.objects.create(case_id=sub.case_id, subcase=sub, step=step.operation.name,
                                     label=f"{sub.unit.name}:{SUBCASES.step_label(step.operation.name)}", actor_name=_actor_name(step.actor),
                                     note=step.reason or step.params.get("kind", ""), at=step.now)
    record("affairs.case_event.create", event, after=event.audit_snapshot())


# --- the 12345 link --------------------------------------------------------------------------------------

def case_link_appeal(*, actor, case: Case, appeal_number: str, expected_version: int | None) -> Case:
    """Link a 12345 appeal about this case's delay (by its tracking number; the appeals app stays unimported)."""
    if not (has_capability(actor, RECEIVE) or has_capability(actor, "affairs.handle")):
        raise PermissionDenied(_("只有窗口或审批部门人员可以关联诉求"))
    if not can_see(actor, case):
        raise PermissionDenied(_("该办件不在您的权限范围内"))
    number = (appeal_number or "").strip()
    if number and not all(c.isalnum() or c in "-_" for c in number):
        raise ValidationError({"appeal_number": [_("诉求编号只能包含字母、数字和连字符")]})
    from yingshang.core.services import save_versioned

    with audited_write(actor):
        before = case.audit_snapshot()
        case.appeal_number = number[:40]
        save_versioned(case, expected_version)
        record("affairs.case.link_appeal", case, before=before, after=case.audit_snapshot())
    return case


def hall_ensure(*, actor, unit, district=None, address: str = "") -> ServiceHall:
    require_capability(actor, "affairs.publish_items")
    with audited_write(actor):
        hall = ServiceHall.objects.filter(unit=unit).first()
        if hall is None:
            hall = ServiceHall.objects.create(unit=unit, district=district, address=address)
            record("affairs.service_hall.create", hall, after=hall.audit_snapshot())
    return hall
