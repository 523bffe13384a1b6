"""Writes of 监管执法, each inside ``audited_write``: plans and their public draw, tasks opened by their QR
code (无码不检查), check records with 首违不罚, ratings, triggered tasks for class A and the merge of
several departments' plans (综合查一次). Reads are in selectors."""

from __future__ import annotations

import datetime as dt
import hashlib
from decimal import Decimal

from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from yingshang.core import clock, workcalendar
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.models import Enterprise, Unit
from yingshang.core.registry import credit_standing
from yingshang.core.scope import in_subtree, subtree_q
from yingshang.core.uploads import IMAGES, check_upload
from yingshang.core.workflow import authorize as workflow_authorize
from yingshang.core.workflow import perform, run_operation

from . import draw as rule
from .merge import PlannedVisit, merge_visits
from .models import CheckPhoto, CheckRecord, DrawResult, InspectionItem, InspectionTask, Inspector, MinorViolation, Rating, SamplingPlan
from .workflow import PLANS, TASKS

T = InspectionTask.State
PUBLICATION_WORKDAYS = 20  # 一公开: results public within 20 working days of the check
PENALTY_RECTIFY_WORKDAYS = 10
TOKEN_SALT = "yingshang.supervision.task"
UNKNOWN_CLASS = "B"  # an enterprise with no known class is sampled as 一般风险
DEFAULT_RATIOS = {"A": "0", "B": "0.05", "C": "0.1", "D": "0.2"}  # A: 触发式监管 only
MAX_PHOTO_BYTES = 5 * 1024 * 1024


# --- authorisation hooks of the workflows ------------------------------------------------------------

def authorize_plan(user, op, plan) -> None:
    if not (user.is_superuser or (user.unit_id and in_subtree(plan.unit, user.unit))):
        raise PermissionDenied(_("只有组织部门可以操作本抽查计划"))


def inspector_of(user) -> Inspector | None:
    return Inspector.objects.filter(user=user, is_active=True).first() if getattr(user, "pk", None) else None


def authorize_task(user, op, task) -> None:
    if op.name in {"start", "record", "follow_up"}:
        inspector = inspector_of(user)
        if inspector is None or not task.inspectors.filter(pk=inspector.pk).exists():
            raise PermissionDenied(_("只有本任务的执法人员可以“%(op)s”") % {"op": op.label})
        return
    if not (user.is_superuser or (user.unit_id and (in_subtree(task.lead_unit, user.unit)))):
        raise PermissionDenied(_("只有牵头部门可以“%(op)s”") % {"op": op.label})


# --- the catalogue -----------------------------------------------------------------------------------

def applies_to(item: InspectionItem, industry_code: str, qualification_codes: set[str]) -> bool:
    prefixes = item.industry_prefixes
    if prefixes and not any(industry_code.startswith(p) for p in prefixes):
        return False
    needed = item.qualification_codes
    return not needed or bool(qualification_codes & set(needed))


def item_save(*, actor, unit: Unit, code: str, name: str, legal_basis: str, checklist: list[str], industries: str = "",
              qualifications: str = "", yearly_ratio: Decimal = Decimal("0.05")) -> InspectionItem:
    if not (Decimal(0) <= Decimal(yearly_ratio) <= 1):
        raise ValidationError({"yearly_ratio": _("年度抽查比例须在 0 与 1 之间")})
    with audited_write(actor):
        item = InspectionItem.objects.filter(code=code).first()
        before = item.audit_snapshot() if item else None
        item = item or InspectionItem(code=code)
        item.unit, item.name, item.legal_basis, item.checklist = unit, name, legal_basis, [line for line in checklist if line.strip()]
        item.industries, item.qualifications, item.yearly_ratio = industries, qualifications, yearly_ratio
        item.save()
        record("supervision.inspectionitem.save", item, before=before, after=item.audit_snapshot())
    return item


# --- sampling plans ----------------------------------------------------------------------------------

def plan_create(*, actor, unit: Unit, title: str, items, period_start: dt.date, period_end: dt.date, ratios=None,
                seed_source: str = "", district=None, max_visits: int = 1) -> SamplingPlan:
    items = list(items)
    if not items:
        raise ValidationError({"items": _("请至少选择一个检查事项")})
    foreign = [str(item) for item in items if not in_subtree(item.unit, unit)]
    if foreign:
        raise ValidationError({"items": _("以下事项不属于本部门:%(items)s") % {"items": "、".join(foreign)}})
    if period_end < period_start:
        raise ValidationError({"period_end": _("检查期止不能早于检查期起")})
    try:
        parsed = rule.parse_ratios(ratios if ratios is not None else DEFAULT_RATIOS)
    except rule.DrawError as error:
        raise ValidationError({"ratios": str(error)}) from None
    if not seed_source.strip():
        raise ValidationError({"seed_source": _("请说明随机种子的来源(公示名录时一并公开)")})
    with audited_write(actor):
        year = period_start.year
        number = SamplingPlan.objects.filter(code__startswith=f"SJ{year}-").count() + 1
        plan = SamplingPlan(code=f"SJ{year}-{number:04d}", title=title, unit=unit, district=district, period_start=period_start,
                            period_end=period_end, ratios={k: str(v) for k, v in parsed.items()}, seed_source=seed_source.strip(),
                            max_visits=max_visits, created_by=actor if getattr(actor, "pk", None) else None)
        plan.save()
        plan.items.set(items)
        record("supervision.samplingplan.create", plan, after=plan.audit_snapshot() | {"items": sorted(i.code for i in items)})
    return plan


def plan_ratios(plan: SamplingPlan) -> dict[str, Decimal]:
    return rule.parse_ratios(plan.ratios)


def eligible_enterprises(plan: SamplingPlan, items=None):
    """Active enterprises that at least one of the plan's items (or ``items``) applies to, within the plan's district."""
    items = list(plan.items.all()) if items is None else list(items)
    query = Enterprise.objects.filter(status=Enterprise.Status.ACTIVE)
    if plan.district_id:
        query = query.filter(district__code__startswith=plan.district.code)
    condition = Q(pk__in=[])
    for item in items:
        part = Q()
        if item.industry_prefixes:
            industry = Q(pk__in=[])
            for prefix in item.industry_prefixes:
                industry |= Q(industry__code__startswith=prefix)
            part &= industry
        if item.qualification_codes:
            part &= Q(qualifications__code__in=item.qualification_codes)
        if not part:
            return query  # an item for every enterprise (Q() would vanish from an OR)
        condition |= part
    return query.filter(pk__in=Enterprise.objects.filter(condition).values("pk"))


def frame_for(plan: SamplingPlan, items=None) -> list[tuple[str, str]]:
    """``(credit_code, risk_class)`` of every eligible enterprise: classes through the one credit check.
    Classes whose ratio is 0 (class A by default: 触发式监管 only) are not in the frame."""
    ratios = plan_ratios(plan)
    pairs = list(eligible_enterprises(plan, items).values_list("pk", "credit_code"))
    standing = credit_standing([pk for pk, _code in pairs])
    rows = []
    for pk, code in pairs:
        cls = standing[pk].risk_class or UNKNOWN_CLASS
        if ratios[cls] > 0:
            rows.append((code, cls))
    return rows


def pool_for(plan: SamplingPlan, credit_codes) -> rule.InspectorPool:
    """The organising department's inspectors with a certificate valid through the period, and recusals:
    declared conflicts, and the inspectors of each enterprise's last inspection."""
    inspectors = list(Inspector.objects.filter(subtree_q(plan.unit, "unit"), is_active=True,
                                                valid_until__gte=plan.period_end).order_by("certificate_no"))
    certs = {i.pk: i.certificate_no for i in inspectors}
    pool = rule.InspectorPool(certificates=[i.certificate_no for i in inspectors])
    wanted = set(credit_codes)
    through = Inspector.conflicts.through
    for code, inspector_id in through.objects.filter(inspector_id__in=certs, enterprise__credit_code__in=wanted).values_list(
            "enterprise__credit_code", "inspector_id"):
        pool.recused.setdefault(code, set()).add(certs[inspector_id])
    last: dict[str, int] = {}
    for task_id, code in (InspectionTask.objects.filter(enterprise__credit_code__in=wanted, recorded_on__isnull=False)
                          .order_by("enterprise_id", "-recorded_on", "-pk").values_list("pk", "enterprise__credit_code")):
        last.setdefault(code, task_id)
    task_through = InspectionTask.inspectors.through
    by_task = {task_id: code for code, task_id in last.items()}
    for task_id, inspector_id in task_through.objects.filter(inspectiontask_id__in=by_task, inspector_id__in=certs).values_list(
            "inspectiontask_id", "inspector_id"):
        pool.recused.setdefault(by_task[task_id], set()).add(certs[inspector_id])
    return pool


def handle_publish_frame(step) -> None:
    plan = step.obj
    rows = frame_for(plan)
    if not rows:
        raise ValidationError(_("没有符合条件的企业,不能公示名录(请检查事项的适用行业、范围和比例)"))
    text = rule.canonical_frame(rows)
    plan.frame_csv, plan.frame_sha256, plan.frame_size = text, rule.frame_sha256(text), len(rows)
    plan.frame_published_at = step.now
    codes = [code for code, _cls in rows]
    plan.pool_csv = rule.pool_csv(pool_for(plan, codes))
    step.data["frame_sha256"] = plan.frame_sha256


def handle_enter_seed(step) -> None:
    seed = str(step.params.get("seed") or "").strip()
    if not seed:
        raise ValidationError({"seed": _("随机种子不能为空")})
    step.obj.seed, step.obj.seed_entered_at = seed, step.now


def _task_code(plan: SamplingPlan, position: int) -> str:
    return f"{plan.code}-{position:04d}"


def handle_draw(step) -> None:
    """The draw itself: from the published frame and pool (never re-read from the live registry, so the
    published files reproduce it), then one task per drawn enterprise."""
    plan = step.obj
    frame = rule.read_frame(plan.frame_csv)
    pool = rule.read_pool(plan.pool_csv) if plan.pool_csv else rule.InspectorPool([])
    rows = rule.draw(frame, plan.seed, plan_ratios(plan), pool)
    plan.drawn_at = step.now
    create_tasks_for_draw(plan, rows)
    step.data["drawn"] = len(rows)


def create_tasks_for_draw(plan: SamplingPlan, rows) -> int:
    enterprises = {e.credit_code: e for e in Enterprise.objects.filter(credit_code__in=[r[0] for r in rows]).select_related("industry")}
    quals: dict[int, set[str]] = {}
    for ent_id, code in Enterprise.qualifications.through.objects.filter(enterprise_id__in=[e.pk for e in enterprises.values()]).values_list(
            "enterprise_id", "qualification__code"):
        quals.setdefault(ent_id, set()).add(code)
    inspectors = {i.certificate_no: i for i in Inspector.objects.filter(certificate_no__in={c for r in rows for c in r[2]})}
    items = list(plan.items.all())
    results, tasks = [], []
    for position, (code, cls, certs) in enumerate(rows, start=1):
        enterprise = enterprises[code]
        results.append(DrawResult(plan=plan, position=position, enterprise=enterprise, credit_code=code, risk_class=cls, certificates=";".join(certs)))
        tasks.append(InspectionTask(code=_task_code(plan, position), plan=plan, enterprise=enterprise, lead_unit=plan.unit,
                                    window_start=plan.period_start, window_end=plan.period_end))
    DrawResult.objects.bulk_create(results, batch_size=2000)
    created = InspectionTask.objects.bulk_create(tasks, batch_size=2000)
    if not created or created[0].pk is None:  # backends that return no ids
        created = list(InspectionTask.objects.filter(plan=plan).order_by("code"))
    item_links, unit_links, inspector_links = [], [], []
    TaskItems, TaskUnits, TaskInspectors = InspectionTask.items.through, InspectionTask.units.through, InspectionTask.inspectors.through
    for task, (code, _cls, certs) in zip(created, rows):
        enterprise = enterprises[code]
        fitting = [i for i in items if applies_to(i, enterprise.industry.code, quals.get(enterprise.pk, set()))] or items
        item_links += [TaskItems(inspectiontask_id=task.pk, inspectionitem_id=i.pk) for i in fitting]
        unit_links.append(TaskUnits(inspectiontask_id=task.pk, unit_id=plan.unit_id))
        inspector_links += [TaskInspectors(inspectiontask_id=task.pk, inspector_id=inspectors[c].pk) for c in certs if c in inspectors]
    TaskItems.objects.bulk_create(item_links, batch_size=5000)
    TaskUnits.objects.bulk_create(unit_links, batch_size=5000)
    TaskInspectors.objects.bulk_create(inspector_links, batch_size=5000)
    record_bulk("supervision.drawresult.create", DrawResult, count=len(results), summary={"plan": plan.code, "drawn": len(results)})
    record_bulk("supervision.inspectiontask.create", InspectionTask, count=len(tasks), summary={"plan": plan.code, "tasks": len(tasks)})
    return len(tasks)


def handle_publish_plan_results(step) -> None:
    tasks = list(step.obj.tasks.filter(recorded_on__isnull=False, published_on__isnull=True))
    for task in tasks:
        _publish(task, timezone.localdate(step.now))
    step.data["published"] = len(tasks)


def _publish(task: InspectionTask, day: dt.date) -> None:
    before = task.audit_snapshot()
    task.published_on = day
    task.save(update_fields=["published_on", "updated_at"])
    record("supervision.inspectiontask.publish", task, before=before, after=task.audit_snapshot())


def handle_publish_task(step) -> None:
    step.obj.published_on = timezone.localdate(step.now)


def plan_act(*, actor, plan: SamplingPlan, operation: str, data=None):
    """One operation of a plan's draw, as a person asks it (page or API): the kernel checks everything."""
    return run_operation(PLANS, plan, operation, actor, data)


def task_act(*, actor, task: InspectionTask, operation: str, data=None):
    return run_operation(TASKS, task, operation, actor, data)


# --- 扫码入企: the task's signed code ------------------------------------------------------------------

def task_token(task: InspectionTask) -> str:
    return signing.dumps({"t": task.pk, "n": task.token_nonce}, salt=TOKEN_SALT, compress=True)


def task_from_token(token: str) -> InspectionTask:
    """The task a scanned code names; a tampered, foreign or revoked code is refused (ValidationError)."""
    try:
        data = signing.loads(str(token or ""), salt=TOKEN_SALT)
        task = InspectionTask.objects.select_related("enterprise", "lead_unit", "plan").get(pk=int(data["t"]), token_nonce=str(data["n"]))
    except (signing.BadSignature, InspectionTask.DoesNotExist, KeyError, TypeError, ValueError):
        raise ValidationError(_("检查码无效或已失效:无码不检查,请扫描任务的现场检查码"), code="bad_token") from None
    return task


def _check_token(task: InspectionTask, token: str) -> None:
    if task_from_token(token).pk != task.pk:
        raise ValidationError(_("检查码与任务不符:无码不检查"), code="bad_token")


def start_inspection(*, actor, task: InspectionTask, token: str):
    _check_token(task, token)
    return run_operation(TASKS, task, "start", actor, {"version": task.version}, extra={"token": token})


def handle_start(step) -> None:
    """检查必亮码: the start needs the task's code, whichever way it is asked (page, generic workflow API)."""
    _check_token(step.obj, step.params.get("token", ""))


def is_first_violation(enterprise: Enterprise, violation: MinorViolation, *, exclude_task=None) -> bool:
    """首违: the enterprise has no earlier record of the same minor violation."""
    earlier = CheckRecord.objects.filter(task__enterprise=enterprise, minor_violation=violation)
    if exclude_task is not None:
        earlier = earlier.exclude(task=exclude_task)
    return not earlier.exists()


def _photo_checked(upload) -> tuple[str, bytes]:
    """A site photo (JPEG or PNG) by the platform's one upload rule (core.uploads), then its bytes."""
    try:
        checked = check_upload(upload, allowed=IMAGES, max_bytes=MAX_PHOTO_BYTES, what=_("照片"))
    except ValidationError as error:
        raise ValidationError({"photos": error.messages})
    data = upload.read()
    upload.seek(0)
    return checked.suffix.lstrip(".").replace("jpeg", "jpg"), data


def record_check(*, actor, task: InspectionTask, token: str, results: dict[str, str], problems: str = "",
                 minor_violation: MinorViolation | None = None, photos=()) -> CheckRecord:
    """无码不检查: the record is saved only with the task's valid code, by one of its inspectors.

    Every checklist line needs pass / fail / na. Failures: a listed minor violation found for the first
    time gets a 整改 notice and no penalty (首违不罚); otherwise 整改 and a referral for penalty."""
    _check_token(task, token)
    inspector = inspector_of(actor)
    lines, missing = [], []
    for item in task.items.order_by("code"):
        for index, line in enumerate(item.checklist):
            key = f"{item.code}:{index}"
            value = results.get(key, "")
            if value not in {"pass", "fail", "na"}:
                missing.append(line)
            lines.append({"item": item.code, "line": line, "result": value})
    if missing:
        raise ValidationError({"lines": _("以下检查项未填写结果:%(lines)s") % {"lines": "、".join(missing[:5])}})
    failed = any(line["result"] == "fail" for line in lines)
    if minor_violation is not None and not failed:
        raise ValidationError({"minor_violation": _("未发现不合格项,不能认定违法行为")})
    if minor_violation is not None and not task.units.filter(pk=minor_violation.unit_id).exists():
        raise ValidationError({"minor_violation": _("该轻微违法行为不属于本次检查的部门")})
    checked = [_photo_checked(photo) for photo in photos]
    today = clock.today()
    first = bool(minor_violation) and is_first_violation(task.enterprise, minor_violation)
    if not failed:
        outcome, due = CheckRecord.Outcome.PASSED, None
    elif first:
        outcome, due = CheckRecord.Outcome.NOTICE, workcalendar.add_workdays(today, minor_violation.rectify_days)
    else:
        outcome, due = CheckRecord.Outcome.PENALTY, workcalendar.add_workdays(today, PENALTY_RECTIFY_WORKDAYS)
    if inspector is None:
        raise PermissionDenied(_("只有本任务的执法人员可以录入检查记录"))
    workflow_authorize(TASKS, TASKS.operation("record"), task, actor)
    check = CheckRecord(task=task, lines=lines, problems=problems.strip(), minor_violation=minor_violation, first_violation=first,
                        outcome=outcome, rectify_due_on=due, recorded_by=inspector)
    perform(TASKS, task, "record", actor, {"check": check, "photos": checked}, expected_version=task.version)
    return check


def handle_record(step) -> None:
    """The record operation's work (called by the kernel inside the audited write)."""
    if not isinstance(step.params.get("check"), CheckRecord):  # the generic workflow API carries no code and no record
        raise ValidationError(_("无码不检查:检查记录只能在扫描任务的现场检查码后录入"), code="bad_token")
    task, check, photos = step.obj, step.params["check"], step.params.get("photos", ())
    outcome = check.outcome
    today = timezone.localdate(step.now)
    task.result = {CheckRecord.Outcome.PASSED: InspectionTask.Result.PASSED, CheckRecord.Outcome.NOTICE: InspectionTask.Result.RECTIFY,
                   CheckRecord.Outcome.PENALTY: InspectionTask.Result.PENALTY}[outcome]
    task.recorded_on = today
    task.publish_due_on = workcalendar.add_workdays(today, PUBLICATION_WORKDAYS)
    step.to_state = T.RECORDED if outcome == CheckRecord.Outcome.PASSED else T.RECTIFYING
    step.data["outcome"] = outcome

    def save_record():
        check.save()
        record("supervision.checkrecord.create", check, after=check.audit_snapshot())
        for ext, data in photos:
            digest = hashlib.sha256(data).hexdigest()
            photo = CheckPhoto(record=check, sha256=digest)
            photo.file.save(f"{digest[:16]}.{ext}", ContentFile(data), save=False)
            photo.save()
            record("supervision.checkphoto.create", photo, after=photo.audit_snapshot())

    step.then(save_record)
    step.then(lambda: _tell_enterprise(task, _("检查结果已记录:%(r)s,请对本次检查进行评价") % {"r": task.get_result_display()}, "record"))


def _tell_enterprise(task: InspectionTask, title: str, what: str) -> None:
    """The inspected enterprise's accounts hear of the visit in their inbox (告知, 结果与评价)."""
    from django.urls import reverse

    from yingshang.core.models import User
    from yingshang.core.notifications import notify_user

    for user in User.objects.filter(enterprise_id=task.enterprise_id, is_active=True):
        notify_user(user, title=f"{task.lead_unit.name}:{title}", link=reverse("supervision:task_detail", args=[task.pk]),
                    category="supervision", dedup_key=f"supervision:{task.pk}:{what}")


def handle_notify(step) -> None:
    task = step.obj
    step.then(lambda: _tell_enterprise(task, _("将于 %(a)s 至 %(b)s 对你单位实施检查(%(code)s)") % {
        "a": task.window_start, "b": task.window_end, "code": task.code}, "notify"))


def handle_merge(step) -> None:
    joint = step.params.get("joint")
    if not isinstance(joint, InspectionTask):
        raise ValidationError(_("任务只能通过“综合查一次”合并"))
    step.obj.merged_into = joint


def handle_follow_up(step) -> None:
    check = CheckRecord.objects.filter(task=step.obj).first()
    if check is not None:
        before = check.audit_snapshot()
        check.follow_up, check.followed_up_on = step.reason, timezone.localdate(step.now)
        check.save()
        record("supervision.checkrecord.update", check, before=before, after=check.audit_snapshot())


def rate_task(*, actor, task: InspectionTask, score: int, comment: str = "") -> Rating:
    """查后可评价: the inspected enterprise rates the visit once, after it was recorded."""
    if getattr(actor, "enterprise_id", None) != task.enterprise_id:
        raise PermissionDenied(_("只有被检查企业可以评价本次检查"))
    if task.recorded_on is None:
        raise ValidationError(_("检查尚未完成,完成后才能评价"))
    if Rating.objects.filter(task=task).exists():
        raise ValidationError(_("本次检查已评价过"))
    try:
        score = int(score)
    except (TypeError, ValueError):
        score = 0
    if not 1 <= score <= 5:
        raise ValidationError({"score": _("评分须为 1 至 5")})
    with audited_write(actor):
        rating = Rating(task=task, score=score, comment=comment.strip()[:500], rated_by=actor)
        rating.save()
        record("supervision.rating.create", rating, after=rating.audit_snapshot())
    return rating


# --- 触发式监管 (class A) ----------------------------------------------------------------------------

def trigger_task(*, actor, enterprise: Enterprise, unit: Unit, reason: str, items=None, days: int = 10) -> InspectionTask:
    """A task for an enterprise outside the random draw (class A 触发式监管): a complaint threshold, a
    failed check or a warning, said in ``reason``; two inspectors drawn as in a plan (seeded by the task code)."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("请填写触发原因")})
    items = list(items) if items is not None else list(InspectionItem.objects.filter(subtree_q(unit, "unit"), is_active=True))
    if not items:
        raise ValidationError({"items": _("本部门没有可用的检查事项")})
    today = clock.today()
    with audited_write(actor):
        count = InspectionTask.objects.filter(code__startswith=f"CF{today:%Y%m%d}-").count() + 1
        task = InspectionTask(code=f"CF{today:%Y%m%d}-{count:04d}", enterprise=enterprise, lead_unit=unit, origin=InspectionTask.Origin.TRIGGERED,
                              trigger_reason=reason[:300], window_start=today, window_end=workcalendar.add_workdays(today, days))
        task.save()
        task.items.set(items)
        task.units.set([unit])
        fake_plan = SamplingPlan(unit=unit, period_end=task.window_end)
        certs = rule.pick_inspectors(task.code, enterprise.credit_code, pool_for(fake_plan, [enterprise.credit_code]))
        task.inspectors.set(Inspector.objects.filter(certificate_no__in=certs))
        record("supervision.inspectiontask.create", task, after=task.audit_snapshot() | {"inspectors": certs})
    return task


# --- 综合查一次 ---------------------------------------------------------------------------------------

def merge_plans(*, actor, plans) -> dict:
    """Merge the open tasks of several drawn plans of one period: one joint task per enterprise that more
    than one department would visit (lead: the department with most items); the separate tasks become 已并入."""
    plans = list(plans)
    if len({p.unit_id for p in plans}) < 2:
        raise ValidationError(_("请选择至少两个部门的抽查计划"))
    if any(p.state != SamplingPlan.State.DRAWN for p in plans):
        raise ValidationError(_("只能合并已抽取的计划"))
    start, end = max(p.period_start for p in plans), min(p.period_end for p in plans)
    if start > end:
        raise ValidationError(_("所选计划的检查期没有重叠"))
    open_tasks = list(InspectionTask.objects.filter(plan__in=plans, state__in=[T.PLANNED, T.NOTIFIED]).select_related("lead_unit"))
    items_of: dict[int, list[str]] = {}
    for task_id, code in InspectionTask.items.through.objects.filter(inspectiontask__in=open_tasks).values_list("inspectiontask_id", "inspectionitem__code"):
        items_of.setdefault(task_id, []).append(code)
    report = merge_visits(PlannedVisit(t.pk, t.enterprise_id, t.lead_unit.code, tuple(sorted(items_of.get(t.pk, [])))) for t in open_tasks)
    by_id = {t.pk: t for t in open_tasks}
    units = {u.code: u for u in Unit.objects.filter(code__in={t.lead_unit.code for t in open_tasks})}
    items = {i.code: i for i in InspectionItem.objects.filter(code__in={c for codes in items_of.values() for c in codes})}
    today = clock.today()
    created = 0
    with audited_write(actor):
        for merged in report.tasks:
            if not merged.joint:
                continue
            parts = [by_id[k] for k in merged.visits]
            created += 1
            joint = InspectionTask(code=f"LH{today:%Y%m%d}-{parts[0].pk:07d}", enterprise_id=merged.enterprise, lead_unit=units[merged.lead],
                                   joint=True, origin=InspectionTask.Origin.JOINT, window_start=start, window_end=end,
                                   plan=next(p.plan for p in parts if p.lead_unit.code == merged.lead))
            joint.save()
            joint.items.set([items[c] for c in merged.items])
            joint.units.set([units[c] for c in merged.departments])
            joint.inspectors.set(Inspector.objects.filter(tasks__in=parts).distinct())
            record("supervision.inspectiontask.create", joint, after=joint.audit_snapshot() | {"replaces": [p.code for p in parts]})
            for part in parts:
                perform(TASKS, part, "merge", actor, {"joint": joint}, expected_version=part.version)
    return {"tasks": len(report.tasks), "joint_tasks": report.joint_tasks, "created": created, "separate_visits": report.separate_visits,
            "visits_saved": report.visits_saved, "joint_share": round(report.joint_share, 4)}
