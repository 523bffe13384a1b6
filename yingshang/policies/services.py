"""Writes of the policy supermarket. Each service is one audited transaction (yingshang.core.audit)."""

from __future__ import annotations

import datetime as dt
import hashlib
import math
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record, record_bulk
from yingshang.core.models import Enterprise, Unit, User
from yingshang.core.notifications import notify_unit, notify_user
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import in_subtree, is_city_wide, scope_of
from yingshang.core.services import save_versioned
from yingshang.core.uploads import DOCUMENTS, check_upload
from yingshang.core.workflow import perform, run_operation

from . import amounts, matching, matchstore, rules
from .engine import load_fact_matrix
from .facts import FACTS, NUMBER, vocabulary
from .models import (
    COMMITTED_STATUSES,
    ApplicationEvent, ApplicationMaterial, EnterpriseFact, ItemAmendment, ItemProposal, ItemVersion, MatchRun, MatchSet,
    PolicyApplication, PolicyDocument, PolicyItem, Publicity,
)
from .bulk import fast_insert
from yingshang.core.workcalendar import add_workdays
from .workflow import APPLICANT, APPLICATIONS

Status = PolicyApplication.Status
DEFAULT_STEP_LIMITS = {"accept": 3, "review": 10, "publicity": 5, "disburse": 10, "resubmit": 10, "confirm": 10}
STEP_LABELS = {"confirm_invite": "企业确认", "accept": "受理", "review": "审核", "publicize": "公示", "publicity": "公示期",
               "disburse": "兑现", "resubmit": "企业补正", "confirm": "企业确认到账", "list_review": "免申名单审核"}
UPLOAD_TYPES = DOCUMENTS  # the materials of an application: scans and signed documents (core.uploads)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024


def _snapshot(obj) -> dict:
    return obj.audit_snapshot()


def _limits(version: ItemVersion) -> dict[str, int]:
    return {**DEFAULT_STEP_LIMITS, **(version.step_limits or {})}


def step_limits(version: ItemVersion) -> dict[str, int]:
    """Each step's time limit in working days (受理, 审核, 公示, 兑现…): the version's, else the defaults."""
    return _limits(version)


# --- scope checks inside services (views and the API already 404 outside scope) ---------------------

def _require_unit(actor, unit: Unit, capability: str) -> None:
    """The actor may act for ``unit``: city-wide roles anywhere, staff within their unit subtree."""
    if actor is None:
        return
    require_capability(actor, capability)
    if is_city_wide(actor) or in_subtree(unit, scope_of(actor).unit_path):
        return
    raise PermissionDenied(_("该政策条款不属于您单位负责,无权办理"))


def _require_enterprise(actor, enterprise: Enterprise) -> None:
    if actor is None:
        return
    require_capability(actor, "policies.apply")
    if actor.enterprise_id != enterprise.pk:
        raise PermissionDenied(_("只能以本企业身份申报"))


# --- documents and items ------------------------------------------------------------------------------

def document_create(*, actor, title: str, unit: Unit, issuer: str = "", doc_number: str = "", issued_on=None, effective_from=None,
                    effective_to=None, source_text: str = "", legal_basis: str = "", source_ref: str = "", seed_key: str = "",
                    status: str = PolicyDocument.Status.DRAFT) -> PolicyDocument:
    _require_unit(actor, unit, "policies.import_policies")
    title = (title or "").strip()
    if not title:
        raise ValidationError(_("政策文件标题不能为空"))
    if effective_from and effective_to and effective_to < effective_from:
        raise ValidationError(_("失效日期不能早于施行日期"))
    with audited_write(actor):
        document = PolicyDocument(
            title=title[:200], unit=unit, issuer=issuer, doc_number=doc_number, issued_on=issued_on, effective_from=effective_from,
            effective_to=effective_to, source_text=source_text, legal_basis=legal_basis, source_ref=source_ref, seed_key=seed_key,
            status=status,
        )
        document.full_clean()
        document.save()
        record("policies.policy_document.create", document, after={k: v for k, v in _snapshot(document).items() if k != "source_text"})
    return document


def _clean_version_fields(values: dict[str, Any]) -> dict[str, Any]:
    """Parse rules, normalise the amount rule, check dates: every problem in one Chinese ValidationError."""
    errors: dict[str, list[str]] = {}
    cleaned = dict(values)
    vocab = vocabulary()
    for text_field, tree_field in (("conditions_text", "conditions"), ("exclusions_text", "exclusions")):
        if text_field in cleaned:
            try:
                tree = rules.parse_rule(cleaned[text_field], vocab)
                cleaned[tree_field] = tree
                cleaned[text_field] = rules.to_text(tree)
            except ValidationError as error:
                errors[text_field] = error.messages
    if "amount_rule" in cleaned:
        try:
            cleaned["amount_rule"] = amounts.normalize_amount_rule(cleaned["amount_rule"])
        except ValidationError as error:
            errors["amount_rule"] = error.messages
    if cleaned.get("window_start") and cleaned.get("window_end") and cleaned["window_end"] < cleaned["window_start"]:
        errors["window_end"] = ["申报截止日期不能早于开始日期"]
    if cleaned.get("valid_from") and cleaned.get("valid_to") and cleaned["valid_to"] < cleaned["valid_from"]:
        errors["valid_to"] = ["有效期止不能早于有效期起"]
    if "benefit_kind" in cleaned and cleaned["benefit_kind"] not in ItemVersion.BenefitKind.values:
        errors["benefit_kind"] = [f"支持方式“{cleaned['benefit_kind']}”无效"]
    if "review_levels" in cleaned and not 1 <= int(cleaned["review_levels"] or 0) <= 3:
        errors["review_levels"] = ["审核层级应为 1 至 3 级"]
    materials = cleaned.get("materials")
    if materials is not None:
        if not isinstance(materials, list) or any(not isinstance(m, dict) or not str(m.get("name", "")).strip() for m in materials):
            errors["materials"] = ["申报材料格式错误:每项需要名称"]
    limits = cleaned.get("step_limits")
    if limits:
        for step, days in limits.items():
            if step not in DEFAULT_STEP_LIMITS or not isinstance(days, int) or not 0 <= days <= 60:
                errors["step_limits"] = [f"环节时限“{step}: {days}”无效,应为 0 至 60 个工作日"]
    exclusive = cleaned.get("exclusive_with")
    if exclusive:
        unknown = sorted(set(exclusive) - set(PolicyItem.objects.filter(code__in=exclusive).values_list("code", flat=True)))
        if unknown:
            errors["exclusive_with"] = [f"不得同时享受的条款编号不存在:{'、'.join(unknown)}"]
    if errors:
        raise ValidationError(errors)
    return cleaned


VERSION_FIELDS = (
    "effective_from", "benefit_kind", "summary", "amount_rule", "conditions_text", "exclusions_text", "exclusive_with", "grant_period",
    "max_periods", "window_start", "window_end", "valid_from", "valid_to", "materials", "exempt_application", "budget", "review_levels",
    "step_limits", "change_note", "source_excerpt",
)


def item_create(*, actor, document: PolicyDocument, code: str, title: str, unit: Unit, **version_values) -> PolicyItem:
    """A new item with its first (draft) version."""
    _require_unit(actor, unit, "policies.manage_items")
    code, title = (code or "").strip(), (title or "").strip()
    if not code or not title:
        raise ValidationError(_("条款编号和名称不能为空"))
    if PolicyItem.objects.filter(code=code).exists():
        raise ValidationError({"code": [_("条款编号“%(code)s”已存在") % {"code": code}]})
    version_values.setdefault("effective_from", document.effective_from or clock.today())
    cleaned = _clean_version_fields(version_values)
    with audited_write(actor):
        item = PolicyItem(document=document, code=code, title=title[:200], unit=unit)
        item.full_clean()
        item.save()
        record("policies.policy_item.create", item, after=_snapshot(item))
        version = ItemVersion(item=item, number=1, **{k: v for k, v in cleaned.items() if k in VERSION_FIELDS or k in ("conditions", "exclusions")})
        version.full_clean()
        version.save()
        record("policies.item_version.create", version, after=_snapshot(version))
    return item


def draft_version(*, actor, item: PolicyItem) -> ItemVersion:
    """The item's open draft, or a new draft copied from its latest version (published versions never change)."""
    _require_unit(actor, item.unit, "policies.manage_items")
    existing = item.versions.filter(status=ItemVersion.Status.DRAFT).order_by("-number").first()
    if existing:
        return existing
    latest = item.versions.order_by("-number").first()
    with audited_write(actor):
        version = ItemVersion(item=item, number=(latest.number + 1) if latest else 1, status=ItemVersion.Status.DRAFT,
                              effective_from=max(clock.today(), latest.effective_from) if latest else clock.today(),
                              benefit_kind=latest.benefit_kind if latest else ItemVersion.BenefitKind.SERVICE)
        if latest:
            for name in VERSION_FIELDS + ("conditions", "exclusions"):
                if name not in ("effective_from", "change_note"):
                    setattr(version, name, getattr(latest, name))
        version.save()
        record("policies.item_version.draft", version, after=_snapshot(version))
    return version


def version_update(*, actor, version: ItemVersion, expected_version: int | None, **values) -> ItemVersion:
    _require_unit(actor, version.item.unit, "policies.manage_items")
    if version.status != ItemVersion.Status.DRAFT:
        raise ValidationError(_("已发布的版本不能修改,请新建修订版本"))
    cleaned = _clean_version_fields(values)
    with audited_write(actor):
        before = _snapshot(version)
        for name, value in cleaned.items():
            if name in VERSION_FIELDS or name in ("conditions", "exclusions"):
                setattr(version, name, value)
        version.full_clean()
        save_versioned(version, expected_version)
        record("policies.item_version.update", version, before=before, after=_snapshot(version))
    return version


def version_publish(*, actor, version: ItemVersion, rematch: bool = True, matrix=None) -> ItemAmendment:
    """Publish a draft version: it applies from its effective date; the amendment lists who gains or loses."""
    item = version.item
    _require_unit(actor, item.unit, "policies.manage_items")
    if version.status != ItemVersion.Status.DRAFT:
        raise ValidationError(_("该版本已发布"))
    if version.benefit_kind == "" or version.amount_rule is None:
        raise ValidationError(_("请先完善支持方式和金额规则"))
    if item.versions.filter(status=ItemVersion.Status.PUBLISHED, effective_from__gt=version.effective_from).exists():
        raise ValidationError(_("生效日期早于已发布的后续版本,请调整生效日期"))
    today = clock.today()
    # the version this one replaces: the latest published one taking effect no later than it
    previous = item.versions.filter(status=ItemVersion.Status.PUBLISHED, effective_from__lte=version.effective_from).order_by(
        "-effective_from", "-number").first()
    matrix = matrix if matrix is not None else load_fact_matrix(today)
    gained, lost = matching.amendment_diff(previous, version, matrix)
    with audited_write(actor):
        before = _snapshot(version)
        version.status = ItemVersion.Status.PUBLISHED
        version.published_at = clock.now()
        version.published_by = actor if getattr(actor, "pk", None) else None
        version.version += 1
        version.save()
        record("policies.item_version.publish", version, before=before, after=_snapshot(version))
        if item.status != PolicyItem.Status.PUBLISHED:
            item_before = _snapshot(item)
            item.status = PolicyItem.Status.PUBLISHED
            item.version += 1
            item.save()
            record("policies.policy_item.publish", item, before=item_before, after=_snapshot(item))
        if item.document.status == PolicyDocument.Status.DRAFT:
            document_before = _snapshot(item.document)
            item.document.status = PolicyDocument.Status.PUBLISHED
            item.document.version += 1
            item.document.save()
            record("policies.policy_document.publish", item.document, before=document_before, after=_snapshot(item.document))
        amendment = ItemAmendment(item=item, from_version=previous, to_version=version, gained=gained[:20000], lost=lost[:20000],
                                  gained_count=len(gained), lost_count=len(lost))
        amendment.save()
        record("policies.item_amendment.create", amendment, after={"item": item.code, "from": previous.number if previous else None,
                                                          "to": version.number, "gained": len(gained), "lost": len(lost)})
        if rematch:
            match_items(actor=actor, item_ids=[item.pk])
    return amendment


def item_withdraw(*, actor, item: PolicyItem, reason: str) -> PolicyItem:
    _require_unit(actor, item.unit, "policies.manage_items")
    if not (reason or "").strip():
        raise ValidationError(_("请填写停止执行的原因"))
    with audited_write(actor):
        before = _snapshot(item)
        item.status = PolicyItem.Status.WITHDRAWN
        save_versioned(item, None)
        record("policies.policy_item.withdraw", item, before=before, after={**_snapshot(item), "reason": reason})
        match_items(actor=actor, item_ids=[item.pk])
    return item


# --- enterprise facts ---------------------------------------------------------------------------------

def enterprise_fact_set(*, actor, enterprise: Enterprise, key: str, value, source: str, evidence: str = "", as_of=None) -> EnterpriseFact:
    """Record a fact the registry lacks. Enterprises may only self-declare their own; officers record data."""
    if key not in FACTS or not FACTS[key].extra:
        raise ValidationError(_("“%(key)s”不是可补充的企业事实") % {"key": key})
    fact = FACTS[key]
    if actor is not None:
        if has_capability(actor, "policies.apply"):
            _require_enterprise(actor, enterprise)
            source = EnterpriseFact.Source.SELF_DECLARED
            if fact.source != "self_declared" and key != "rd_share":
                raise ValidationError(_("“%(label)s”由政府部门共享,企业不能自行申报") % {"label": fact.label})
            held = EnterpriseFact.objects.filter(enterprise=enterprise, key=key).exclude(source=EnterpriseFact.Source.SELF_DECLARED).first()
            if held is not None:
                raise ValidationError(_("“%(label)s”已有%(source)s,不能以自主申报覆盖") % {"label": fact.label, "source": held.get_source_display()})
        else:
            require_capability(actor, "policies.manage_facts")
    if source not in EnterpriseFact.Source.values:
        raise ValidationError(_("数据来源“%(source)s”无效") % {"source": source})
    number = flag = None
    if fact.type == NUMBER:
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise ValidationError(_("“%(label)s”应为数字") % {"label": fact.label})
        if number < 0:
            raise ValidationError(_("“%(label)s”不能为负数") % {"label": fact.label})
    else:
        flag = value in (True, "true", "1", 1, "是", "on", "yes")
    with audited_write(actor):
        existing = EnterpriseFact.objects.filter(enterprise=enterprise, key=key).first()
        before = _snapshot(existing) if existing else None
        item = existing or EnterpriseFact(enterprise=enterprise, key=key)
        item.number, item.flag, item.source, item.evidence = number, flag, source, evidence[:200]
        item.as_of = as_of or clock.today()
        if existing:
            item.version += 1
        item.save()
        record("policies.enterprise_fact.set", item, before=before, after=_snapshot(item))
    return item


def enterprise_facts_bulk(*, actor, rows: list[tuple[int, str, float | None, bool | None, str]], summary: dict) -> int:
    """Load many facts at once (a data feed: 税务研发数据, 失信名单), one audit entry for the batch."""
    require_capability(actor, "policies.manage_facts")
    with audited_write(actor):
        objs = [EnterpriseFact(enterprise_id=e, key=k, number=n, flag=f, source=s, as_of=clock.today()) for e, k, n, f, s in rows]
        EnterpriseFact.objects.bulk_create(objs, batch_size=5000)
        record_bulk("policies.enterprise_fact.load", EnterpriseFact, count=len(objs), summary=summary)
    return len(objs)


# --- matching -----------------------------------------------------------------------------------------

def _notify_matches(newly: list[tuple[int, np.ndarray]]) -> int:
    """Push newly eligible items to the users of the enterprises concerned (inbox, idempotent).

    ``newly``: per item, the enterprises found eligible for the first time. Only enterprises with an
    account can be told, so those are found first and the (possibly millions of) pairs filtered in bulk."""
    newly = [(item_id, ids) for item_id, ids in newly if len(ids)]
    if not newly:
        return 0
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(enterprise_id__isnull=False, is_active=True, role=User.Role.ENTERPRISE):
        users.setdefault(user.enterprise_id, []).append(user)
    if not users:
        return 0
    with_account = np.fromiter(users, dtype=np.int64)
    titles = dict(PolicyItem.objects.filter(pk__in={i for i, _title in newly}).values_list("pk", "title"))
    sent = 0
    for item_id, enterprise_ids in newly:
        for enterprise_id in np.asarray(enterprise_ids)[np.isin(enterprise_ids, with_account)].tolist():
            for user in users[enterprise_id]:
                if notify_user(user, title=f"新匹配政策:{titles.get(item_id, '')}", category="policy_match",
                               body="根据贵企业的登记、税务和资质数据,您符合该政策条款的条件。点击查看依据和测算金额。",
                               link=f"/policies/mine/#item-{item_id}", dedup_key=f"policy-match:{item_id}:{enterprise_id}"):
                    sent += 1
    return sent


def _record_run(actor, kind: str, report: matching.RunReport, notified: int, as_of: dt.date) -> MatchRun:
    run = MatchRun(kind=kind, as_of=as_of, items=report.items, enterprises=report.enterprises, eligible=report.eligible,
                   undetermined=report.undetermined, near_miss=report.near_miss, seconds=round(report.seconds, 3), notified=notified)
    run.save()
    record("policies.match_run.run", run, after=_snapshot(run))
    return run


def match_all(*, actor=None, as_of: dt.date | None = None, notify: bool = True) -> MatchRun:
    """`yingshang policies match`: every item in force against every enterprise."""
    if actor is not None:
        require_capability(actor, "policies.run_matching")
    as_of = as_of or clock.today()
    with audited_write(actor):
        report = matching.run(as_of=as_of)
        notified = _notify_matches(report.newly_eligible) if notify else 0
        run = _record_run(actor, "full", report, notified, as_of)
        exempt_lists_generate(actor=None, as_of=as_of)
    run.report = report
    return run


def match_items(*, actor=None, item_ids: list[int], as_of: dt.date | None = None) -> MatchRun:
    """Re-match changed items only (a version published, an item withdrawn)."""
    as_of = as_of or clock.today()
    with audited_write(actor):
        report = matching.run(as_of=as_of, item_ids=item_ids)
        notified = _notify_matches(report.newly_eligible)
        run = _record_run(actor, "item", report, notified, as_of)
        exempt_lists_generate(actor=None, as_of=as_of, item_ids=item_ids)
    return run


def match_enterprises(*, changes: dict[int, set[str] | None], as_of: dt.date | None = None) -> MatchRun | None:
    """Re-match enterprises whose facts changed, only against items that read a changed fact."""
    as_of = as_of or clock.today()
    groups: dict[tuple[int, ...], list[int]] = {}
    # A registry import commits batches of new enterprises: the items in force are read once per batch, and the
    # items that depend on one set of changed facts are worked out once per distinct set.
    in_force = matching.versions_in_force(as_of)
    dependent: dict[frozenset[str] | None, list[ItemVersion]] = {}
    for enterprise_id, facts in changes.items():
        key = None if facts is None else frozenset(facts)
        if key not in dependent:
            dependent[key] = matching.dependent_versions(facts, as_of, in_force=in_force)
        versions = dependent[key]
        if versions:
            groups.setdefault(tuple(v.pk for v in versions), []).append(enterprise_id)
    if not groups:
        return None
    total = None
    newly: list[tuple[int, np.ndarray]] = []
    with audited_write(None):
        for version_ids, enterprise_ids in groups.items():
            versions = list(ItemVersion.objects.filter(pk__in=version_ids).select_related("item"))
            report = matching.run(as_of=as_of, enterprise_ids=enterprise_ids, versions=versions)
            newly += report.newly_eligible
            if total is None:
                total = report
            else:
                total.eligible += report.eligible
                total.undetermined += report.undetermined
                total.near_miss += report.near_miss
                total.enterprises += report.enterprises
                total.items = max(total.items, report.items)
                total.seconds += report.seconds
        run = _record_run(None, "incremental", total, _notify_matches(newly), as_of)
    return run


# --- 免申即享 -------------------------------------------------------------------------------------------

def _period_of(version: ItemVersion, on: dt.date) -> str:
    return str(on.year) if version.grant_period == ItemVersion.Period.YEARLY else "once"


def _next_number(application: PolicyApplication) -> str:
    return f"ZC{application.applied_on:%Y}-{application.pk:06d}"


def _event(application, action, actor, before_status, comment="", overdue=False):
    event = ApplicationEvent(application=application, action=action, from_status=before_status, to_status=application.status,
                             actor=actor if getattr(actor, "pk", None) else None, comment=comment, at=clock.now(), overdue=overdue)
    event.save()
    record("policies.application_event.create", event, after={"application": application.number, "action": action,
                                                              "from": before_status, "to": application.status, "comment": comment})
    _notify_step(application, event)
    return event


# What the enterprise reads in its inbox at each step of its application (every step passes through _event).
STEP_MESSAGES = {
    "submit": gettext_lazy("申请已提交,等待受理"),
    "confirm_invite": gettext_lazy("快捷申报已提交,等待受理"),
    "accept": gettext_lazy("申请已受理,进入审核"),
    "return": gettext_lazy("申请被退回补正"),
    "resubmit": gettext_lazy("补正材料已重新提交,等待受理"),
    "approve": gettext_lazy("审核通过"),
    "reject": gettext_lazy("申请未获支持"),
    "publicize": gettext_lazy("已进入公示"),
    "disburse": gettext_lazy("政策已兑现,请确认到账"),
    "confirm_receipt": gettext_lazy("已确认到账,本次申请办结"),
    "withdraw": gettext_lazy("申请已撤回"),
}


def _notify_step(application: PolicyApplication, event: ApplicationEvent) -> None:
    """One inbox message to the enterprise per step of its application: the step, the new state, the reason."""
    if event.action == "approve" and application.status == Status.REVIEWING:
        headline = _("本级审核通过,进入下一级审核")
    else:
        headline = str(STEP_MESSAGES.get(event.action) or APPLICATIONS.public_steps().get(event.action, application.get_status_display()))
    details = [_("当前状态:%(status)s") % {"status": application.get_status_display()}]
    if event.comment:
        details.append(event.comment)
    _notify_enterprise(application, title=f"{headline}:{application.item.title}", body=";".join(details),
                       dedup_key=f"policy-step:{application.pk}:{event.pk}")


def _set_step(application: PolicyApplication, step: str, days: int | None, start: dt.date | None = None) -> None:
    start = start or clock.today()
    application.step = step
    application.step_started_on = start
    application.step_due_on = add_workdays(start, days) if days is not None else None


def exempt_lists_generate(*, actor=None, as_of: dt.date | None = None, item_ids: list[int] | None = None) -> dict[str, int]:
    """For 免申即享 items: list eligible enterprises from data alone. Where every condition rests on
    authoritative data the grant goes to the unit's list for review (no application); otherwise the
    enterprise is invited to a prefilled quick application."""
    as_of = as_of or clock.today()
    counts = {"listed": 0, "invited": 0}
    versions = [v for v in matching.versions_in_force(as_of, item_ids) if v.exempt_application]
    if not versions:
        return counts
    from .engine import BitsetEvaluator, evaluate_items

    matrix = load_fact_matrix(as_of)
    evaluator = BitsetEvaluator(matrix)
    with audited_write(actor):
        for version in versions:
            period = _period_of(version, as_of)
            outcome = evaluate_items(matrix, [matching.compile_version(version)], evaluator=evaluator, with_details=False)[0]
            if not len(outcome.eligible):
                continue
            used = rules.referenced_facts(version.conditions, version.exclusions)
            rule = version.amount_rule or {}
            used |= {rule.get(k) for k in ("per", "base", "measure") if rule.get(k)}
            authoritative = evaluator.bits.positions(evaluator.authority_bits(used))
            taken = set(PolicyApplication.objects.filter(item=version.item, period=period)
                        .exclude(status__in=[Status.REJECTED, Status.WITHDRAWN]).values_list("enterprise_id", flat=True))
            auto = set(authoritative.tolist())
            values, _details = matching._estimates(matching.compile_version(version), matrix, outcome.eligible)
            limits = _limits(version)
            review_due, confirm_due = add_workdays(as_of, limits["review"]), add_workdays(as_of, limits["confirm"])
            shared = {"item_id": version.item_id, "item_version_id": version.pk, "period": period, "applied_on": as_of,
                      "eligible_since": as_of, "step_started_on": as_of, "version": 1}
            new_apps = []
            for pos, value in zip(outcome.eligible.tolist(), values.tolist()):
                enterprise_id = int(matrix.ids[pos])
                if enterprise_id in taken:
                    continue
                auto_channel = pos in auto
                new_apps.append({
                    "number": f"ZM{as_of:%Y%m%d}-{version.item_id}-{enterprise_id}", "enterprise_id": enterprise_id,
                    "channel": PolicyApplication.Channel.AUTO if auto_channel else PolicyApplication.Channel.QUICK,
                    "status": Status.LISTED if auto_channel else Status.INVITED,
                    "amount_requested": None if math.isnan(value) else Decimal(str(value)),
                    "eligibility": {"verdict": "eligible", "basis": "data", "authoritative": auto_channel},
                    "step": "list_review" if auto_channel else "confirm_invite",
                    "step_due_on": review_due if auto_channel else confirm_due,
                })
            if not new_apps:
                continue
            fast_insert(PolicyApplication, shared, new_apps)
            listed = sum(a["channel"] == PolicyApplication.Channel.AUTO for a in new_apps)
            record_bulk("policies.policy_application.exempt_list", PolicyApplication, count=len(new_apps), summary={
                "item": version.item.code, "version": version.number, "period": period, "listed": listed,
                "invited": len(new_apps) - listed,
            })
            counts["listed"] += listed
            counts["invited"] += len(new_apps) - listed
            _notify_exempt(version.item, new_apps)
    return counts


def _notify_exempt(item: PolicyItem, applications: list[dict]) -> None:
    """Inbox pushes to the enterprises on a list that have users (few), and one to the unit."""
    listed_enterprises = {a["enterprise_id"] for a in applications}
    users: dict[int, list[User]] = {}
    for user in User.objects.filter(role=User.Role.ENTERPRISE, is_active=True, enterprise__isnull=False):
        if user.enterprise_id in listed_enterprises:
            users.setdefault(user.enterprise_id, []).append(user)
    numbers = [a["number"] for a in applications if a["enterprise_id"] in users]
    stored = {a.number: a for a in PolicyApplication.objects.filter(number__in=numbers)} if numbers else {}
    for application in (stored[n] for n in numbers if n in stored):
        for user in users.get(application.enterprise_id, []):
            if application.channel == PolicyApplication.Channel.AUTO:
                notify_user(user, title=f"免申即享:{item.title}", category="policy_exempt",
                            body="贵企业符合条件,无需申请,经审核公示后直接兑现。", link=f"/policies/applications/{application.pk}/",
                            dedup_key=f"policy-exempt:{application.pk}")
            else:
                notify_user(user, title=f"快捷申报邀请:{item.title}", category="policy_exempt",
                            body="贵企业可能符合条件,部分信息来自企业自主申报,请确认预填内容后一键提交。",
                            link=f"/policies/applications/{application.pk}/", dedup_key=f"policy-invite:{application.pk}")
    listed = [a for a in applications if a["channel"] == PolicyApplication.Channel.AUTO]
    if listed:
        notify_unit(item.unit, title=f"免申即享名单待审核:{item.title}({len(listed)}户)", category="policy_review",
                    link=f"/policies/applications/?item={item.pk}&status=listed", dedup_key=f"policy-list:{item.pk}:{clock.today()}")


# --- applications ---------------------------------------------------------------------------------------

def _granted(item: PolicyItem, enterprise: Enterprise) -> tuple[float, float]:
    """(paid out, approved and not yet paid) of this item to this enterprise, in 万元."""
    from .selectors import granted_amounts

    return granted_amounts(enterprise, item).get(item.pk, (0.0, 0.0))


def check_uploads(version: ItemVersion, uploads: dict[str, Any], *, require_all: bool) -> None:
    """Type (extension and file signature) and size of every upload, before anything is written."""
    errors = []
    required = [m["name"] for m in version.materials or [] if m.get("source", "upload") == "upload" and m.get("required", True)]
    known = {m["name"] for m in version.materials or [] if m.get("source", "upload") == "upload"}
    for name, upload in uploads.items():
        if name not in known:
            errors.append(f"“{name}”不是本条款要求的材料")
            continue
        try:
            check_upload(upload, allowed=UPLOAD_TYPES, max_bytes=MAX_UPLOAD_BYTES, what=name)
        except ValidationError as error:
            errors.extend(error.messages)
    if require_all:
        missing = [n for n in required if n not in uploads]
        if missing:
            errors.append(f"缺少必需材料:{'、'.join(missing)}")
    if errors:
        raise ValidationError(errors)


def _save_uploads(application: PolicyApplication, uploads: dict[str, Any]) -> None:
    for name, upload in uploads.items():
        digest = hashlib.sha256()
        for chunk in upload.chunks():
            digest.update(chunk)
        upload.seek(0)
        existing = application.materials.filter(name=name, source="upload").first()
        material = existing or ApplicationMaterial(application=application, name=name, source="upload")
        before = _snapshot(material) if existing else None
        material.file.save(upload.name, upload, save=False)
        material.filename, material.size = upload.name[:200], upload.size
        material.content_type = getattr(upload, "content_type", "")[:100]
        material.sha256 = digest.hexdigest()
        if existing:
            material.version += 1
        material.save()
        record("policies.application_material.upload", material, before=before, after=_snapshot(material))


REGISTRY_FIELDS = {
    "credit_code": "统一社会信用代码", "name": "名称", "district": "注册区县", "industry": "行业", "address": "注册地址",
    "founded_on": "成立日期", "registered_capital": "注册资本(万元)", "employees": "从业人数", "annual_revenue": "年营业收入(万元)",
    "annual_tax": "年纳税额(万元)", "size_class": "企业规模", "credit_class": "信用等级", "contact_name": "联系人",
}


def prefill(enterprise: Enterprise, version: ItemVersion) -> list[dict]:
    """The materials of an item, those the registry holds already filled in (一次申报, 材料免提交)."""
    rows = []
    for material in version.materials or []:
        if material.get("source") == "registry":
            fields = material.get("fields") or ["credit_code", "name", "district", "industry"]
            values = {}
            for name in fields:
                value = getattr(enterprise, name, None)
                if name == "size_class":
                    value = enterprise.get_size_class_display()
                elif name == "credit_class":
                    value = enterprise.get_credit_class_display()
                values[REGISTRY_FIELDS.get(name, name)] = "" if value is None else str(value)
            rows.append({"name": material["name"], "source": "registry", "value": values})
        else:
            rows.append({"name": material["name"], "source": "upload", "required": material.get("required", True),
                         "hint": material.get("hint", "")})
    return rows


def enterprise_facts(enterprise: Enterprise, as_of: dt.date):
    """(facts dict, sources dict) of one enterprise, read exactly as matching reads them."""
    matrix = load_fact_matrix(as_of, [enterprise.pk])
    return matrix.record(0), matrix.sources(0)


def assess(enterprise: Enterprise, version: ItemVersion, as_of: dt.date) -> tuple[rules.Explanation, amounts.AmountResult]:
    facts, sources = enterprise_facts(enterprise, as_of)
    explanation = rules.explain(version.conditions, version.exclusions, facts, vocabulary(), sources)
    amount = amounts.compute(version.amount_rule or {}, facts, *_granted(version.item, enterprise))
    return explanation, amount


def claim_blocker(item: PolicyItem, version: ItemVersion, enterprise: Enterprise, on: dt.date | None = None) -> tuple[str, PolicyApplication | None] | None:
    """Why ``enterprise`` cannot apply for ``item`` now (application window, a live application of the same
    period, 不得重复享受), with the application in the way if there is one; ``None`` when it can.
    Asked when the application form opens, so nobody uploads files for an application that will be refused."""
    on = on or clock.today()
    try:
        _check_claimable(item, version, enterprise, on)
    except ValidationError as error:
        existing = PolicyApplication.objects.filter(item=item, enterprise=enterprise, period=_period_of(version, on)).exclude(
            status__in=[Status.REJECTED, Status.WITHDRAWN]).first()
        return ";".join(error.messages), existing
    return None


def _check_claimable(item: PolicyItem, version: ItemVersion, enterprise: Enterprise, on: dt.date, exclude_pk=None) -> str:
    """Window, double grant and 不得重复享受; returns the period. Raises a Chinese ValidationError."""
    if version.window_start and on < version.window_start or version.window_end and on > version.window_end:
        raise ValidationError(_("不在申报期内:本条款申报期为 %(start)s 至 %(end)s") % {"start": version.window_start or _("不限"), "end": version.window_end or _("不限")})
    period = _period_of(version, on)
    live = PolicyApplication.objects.filter(item=item, enterprise=enterprise, period=period).exclude(
        status__in=[Status.REJECTED, Status.WITHDRAWN])
    if exclude_pk:
        live = live.exclude(pk=exclude_pk)
    existing = live.first()
    if existing:
        raise ValidationError(_("贵企业已有本条款%(period)s的申请(编号 %(number)s,%(status)s),同一期间不得重复享受") % {"period": _("本年度") if period != "once" else "", "number": existing.number, "status": existing.get_status_display()})
    if version.max_periods and version.grant_period == ItemVersion.Period.YEARLY:
        granted_periods = PolicyApplication.objects.filter(item=item, enterprise=enterprise, status__in=[
            Status.DISBURSED, Status.CONFIRMED]).values_list("period", flat=True).distinct().count()
        if granted_periods >= version.max_periods:
            raise ValidationError(_("本条款最多享受 %(max_periods)s 个年度,贵企业已享受 %(granted_periods)s 个年度") % {"max_periods": version.max_periods, "granted_periods": granted_periods})
    for code in version.exclusive_with or []:
        other = PolicyApplication.objects.filter(item__code=code, enterprise=enterprise, status__in=COMMITTED_STATUSES).select_related("item").first()
        if other:
            raise ValidationError(_("本条款与“%(title)s”不得重复享受,贵企业已享受后者(编号 %(number)s)") % {"title": other.item.title, "number": other.number})
    return period


def application_submit(*, actor, enterprise: Enterprise, item: PolicyItem, uploads: dict[str, Any] | None = None,
                       declared: dict[str, Any] | None = None) -> PolicyApplication:
    """申请: judged by the version in force today, with registry materials prefilled and the rest uploaded."""
    _require_enterprise(actor, enterprise)
    uploads = uploads or {}
    today = clock.today()
    if item.status != PolicyItem.Status.PUBLISHED:
        raise ValidationError(_("该政策条款未发布或已停止执行"))
    version = matching.version_in_force(item, today)
    if version is None:
        raise ValidationError(_("该政策条款当前不在有效期内"))
    _check_claimable(item, version, enterprise, today)
    check_uploads(version, uploads, require_all=True)
    with audited_write(actor):
        for key, value in (declared or {}).items():
            if value not in (None, ""):
                enterprise_fact_set(actor=actor, enterprise=enterprise, key=key, value=value, source="self_declared",
                                    evidence="申报时企业自主申报")
        explanation, amount = assess(enterprise, version, today)
        if explanation.verdict == rules.NOT_ELIGIBLE:
            reasons = ";".join(f"{o.text}(贵企业:{o.value})" for o in explanation.failed + [
                o for o in explanation.exclusions if o.status == rules.PASS])
            raise ValidationError(_("贵企业不符合申报条件:%(reasons)s") % {"reasons": reasons})
        application = PolicyApplication(
            number="", item=item, item_version=version, enterprise=enterprise, applicant=actor, channel=PolicyApplication.Channel.APPLY,
            period=_period_of(version, today), status=Status.SUBMITTED, applied_on=today, submitted_at=clock.now(),
            amount_requested=Decimal(str(round(amount.value, 2))) if amount.value is not None else None, formula=amount.formula,
            eligibility=explanation.as_dict(), eligible_since=_eligible_since(item, enterprise) or today,
        )
        _set_step(application, "accept", _limits(version)["accept"])
        try:
            with transaction.atomic():
                application.save()
        except IntegrityError:
            raise ValidationError(_("贵企业已有本条款同一期间的申请,不得重复申报"))
        application.number = _next_number(application)
        application.save()
        record(APPLICATIONS.audit_action("submit"), application, after=_snapshot(application))
        for row in prefill(enterprise, version):
            if row["source"] == "registry":
                material = ApplicationMaterial(application=application, name=row["name"], source="registry", value=row["value"])
                material.save()
                record("policies.application_material.prefill", material, after=_snapshot(material))
        _save_uploads(application, uploads)
        _event(application, "submit", actor, "", "企业提交申请")
    notify_unit(item.unit, title=f"新的政策申请待受理:{item.title}", category="policy_review", body=enterprise.name,
                link=f"/policies/applications/{application.pk}/", dedup_key=f"policy-submit:{application.pk}")
    return application


def _eligible_since(item: PolicyItem, enterprise: Enterprise) -> dt.date | None:
    eligible = matchstore.load_one(item.pk, MatchSet.ELIGIBLE)
    index = eligible.find(enterprise.pk) if eligible is not None else None
    return dt.date.fromordinal(int(eligible.columns["first_seen"][index])) if index is not None else None


# --- the application workflow: handlers of the spec in workflow.py ---------------------------------------
# Each public service below is the typed entry point of one operation and calls core.workflow.run_operation,
# which checks the move against the spec, authorises, validates, runs the handler (do_<operation>) inside
# audited_write, saves with a compare-and-set on version and records policies.application.<operation>.

def _operate(application: PolicyApplication, operation: str, actor, data: dict | None = None, *, expected_version: int | None = None,
             extra: dict | None = None) -> PolicyApplication:
    run_operation(APPLICATIONS, application, operation, actor, data or {}, expected_version, extra=extra)
    return application


def application_act(*, actor, application: PolicyApplication, operation: str, data=None, files=None,
                    expected_version: int | None = None) -> PolicyApplication:
    """One operation of the spec with what a person submitted (the page's form, a JSON body)."""
    values = data.dict() if hasattr(data, "dict") else dict(data or {})
    run_operation(APPLICATIONS, application, operation, actor, values, expected_version, files=files)
    return application


def authorize_operation(actor, operation, application: PolicyApplication) -> None:
    """The spec's authorisation hook (the capability is already checked): the enterprise acts on its own
    applications, a reviewer on those of items its unit is responsible for."""
    if str(operation.side) == str(APPLICANT):
        _require_enterprise(actor, application.enterprise)
    else:
        _require_unit(actor, application.item.unit, operation.capability)


def record_event(step) -> None:
    """The spec's after-save hook: the application's timeline row, which the enterprise and the unit read."""
    _event(step.obj, step.operation.name, step.actor, step.from_state, step.data.get("comment", ""), overdue=step.data.get("overdue", False))


def _overdue(application: PolicyApplication) -> bool:
    return bool(application.step_due_on and clock.today() > application.step_due_on)


def _notify_enterprise(application: PolicyApplication, *, title: str, body: str = "", dedup_key: str) -> None:
    for user in application.enterprise.users.filter(is_active=True):
        notify_user(user, title=title, body=body, category="policy_application", link=f"/policies/applications/{application.pk}/",
                    dedup_key=dedup_key)


def _submit_materials(step, *, require_all: bool) -> None:
    application = step.obj
    uploads = step.params.get("uploads") or {}
    check_uploads(application.item_version, uploads, require_all=require_all)
    step.then(lambda: _save_uploads(application, uploads))


def do_confirm_invite(step) -> None:
    """A quick application: the enterprise checks the prefilled data, adds what is required, submits."""
    application, actor = step.obj, step.actor
    _submit_materials(step, require_all=True)
    for key, value in (step.params.get("declared") or {}).items():
        if value not in (None, ""):
            enterprise_fact_set(actor=actor, enterprise=application.enterprise, key=key, value=value, source="self_declared")
    explanation, amount = assess(application.enterprise, application.item_version, clock.today())
    if explanation.verdict == rules.NOT_ELIGIBLE:
        raise ValidationError(_("根据最新数据,贵企业已不符合该条款条件,无法提交"))
    application.applicant = actor
    application.submitted_at = clock.now()
    application.eligibility = explanation.as_dict()
    application.formula = amount.formula
    if amount.value is not None:
        application.amount_requested = Decimal(str(round(amount.value, 2)))
    _set_step(application, "accept", _limits(application.item_version)["accept"])
    step.data["comment"] = "企业确认快捷申报"

    def prefill_registry():
        for row in prefill(application.enterprise, application.item_version):
            if row["source"] == "registry" and not application.materials.filter(name=row["name"]).exists():
                material = ApplicationMaterial(application=application, name=row["name"], source="registry", value=row["value"])
                material.save()
                record("policies.application_material.prefill", material, after=_snapshot(material))
    step.then(prefill_registry)


def do_accept(step) -> None:
    """受理 → 审核 (level 1)."""
    application = step.obj
    step.data.update(comment="已受理", overdue=_overdue(application))
    application.review_level = 1
    application.accepted_at = clock.now()
    _set_step(application, "review", _limits(application.item_version)["review"])


def do_return(step) -> None:
    """退回补正 with a reason; the unit's clock stops until the enterprise resubmits."""
    application = step.obj
    application.return_reason = step.reason
    _set_step(application, "resubmit", _limits(application.item_version)["resubmit"])
    step.data["comment"] = step.reason


def do_resubmit(step) -> None:
    application = step.obj
    _submit_materials(step, require_all=False)
    application.submitted_at = clock.now()
    _set_step(application, "accept", _limits(application.item_version)["accept"])
    step.data["comment"] = "企业补正后重新提交"


def do_approve(step) -> None:
    """审核通过 at the current level; after the last level the application awaits 公示.
    A 免申即享 list entry is approved by the unit's review of the list."""
    application = step.obj
    step.data["overdue"] = _overdue(application)
    approved_amount = None
    amount = step.params.get("amount")
    if amount not in (None, ""):
        try:
            approved_amount = Decimal(str(amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError(_("核定金额应为数字(万元)"))
        if approved_amount < 0:
            raise ValidationError(_("核定金额不能为负数"))
        bound = application.amount_requested
        if bound is not None and approved_amount > bound:
            raise ValidationError(_("核定金额 %(approved_amount)s 万元超过按政策测算的上限 %(bound)s 万元") % {"approved_amount": approved_amount, "bound": bound})
    final = application.status == Status.LISTED or application.review_level >= application.item_version.review_levels
    if final:
        step.to_state = Status.APPROVED
        application.approved_at = clock.now()
        application.amount_approved = approved_amount if approved_amount is not None else application.amount_requested
        _set_step(application, "publicize", _limits(application.item_version)["publicity"])
    else:
        step.to_state = application.status  # the next review level
        application.review_level += 1
        _set_step(application, "review", _limits(application.item_version)["review"])
    label = "审核通过" if final else f"第{application.review_level - 1}级审核通过,转第{application.review_level}级"
    step.data["comment"] = step.reason or label


def do_reject(step) -> None:
    application = step.obj
    application.reject_reason = step.reason
    _set_step(application, "", None)
    step.data["comment"] = step.reason


def do_withdraw(step) -> None:
    _set_step(step.obj, "", None)
    step.data["comment"] = "企业撤回"


def do_publicize(step) -> None:
    application, publicity = step.obj, step.params["publicity"]
    step.data.update(comment=f"公示至 {publicity.ends_on}", overdue=_overdue(application))
    application.publicity = publicity
    _set_step(application, "disburse", _limits(application.item_version)["disburse"], publicity.ends_on)


def do_disburse(step) -> None:
    """兑现: after the 公示 period ends without objection, record the payment (or the service delivered)."""
    application = step.obj
    if application.publicity and clock.today() <= application.publicity.ends_on:
        raise ValidationError(_("公示期至 %(ends_on)s 结束,公示期满后方可兑现") % {"ends_on": application.publicity.ends_on})
    paid = application.amount_approved
    amount, voucher_no = step.params.get("amount"), (step.params.get("voucher_no") or "").strip()
    if amount not in (None, ""):
        try:
            paid = Decimal(str(amount)).quantize(Decimal("0.01"))
        except InvalidOperation:
            raise ValidationError(_("兑现金额应为数字(万元)"))
        if application.amount_approved is not None and paid > application.amount_approved:
            raise ValidationError(_("兑现金额不能超过核定金额 %(amount_approved)s 万元") % {"amount_approved": application.amount_approved})
    if paid is not None and paid > 0 and not voucher_no:
        raise ValidationError(_("资金兑现请填写拨付凭证号"))
    step.data.update(comment=f"兑现 {amounts.money(float(paid)) if paid is not None else '(服务类)'}", overdue=_overdue(application))
    application.disbursed_at = clock.now()
    application.disbursed_amount = paid
    application.voucher_no = voucher_no
    _set_step(application, "confirm", _limits(application.item_version)["confirm"])


def do_confirm_receipt(step) -> None:
    application, satisfaction = step.obj, step.params.get("satisfaction")
    if satisfaction not in (None, "") and not 1 <= int(satisfaction) <= 5:
        raise ValidationError(_("满意度请选择 1 至 5 分"))
    application.confirmed_at = clock.now()
    application.satisfaction = int(satisfaction) if satisfaction not in (None, "") else None
    application.feedback = (step.params.get("feedback") or "").strip()
    _set_step(application, "", None)
    step.data["comment"] = "企业确认到账"


def application_confirm_invite(*, actor, application: PolicyApplication, uploads: dict[str, Any] | None = None,
                               declared: dict[str, Any] | None = None) -> PolicyApplication:
    return _operate(application, "confirm_invite", actor, extra={"uploads": uploads or {}, "declared": declared or {}})


def application_accept(*, actor, application: PolicyApplication, expected_version: int | None = None) -> PolicyApplication:
    return _operate(application, "accept", actor, expected_version=expected_version)


def application_return(*, actor, application: PolicyApplication, reason: str, expected_version: int | None = None) -> PolicyApplication:
    return _operate(application, "return", actor, {"reason": reason}, expected_version=expected_version)


def application_resubmit(*, actor, application: PolicyApplication, uploads: dict[str, Any] | None = None) -> PolicyApplication:
    return _operate(application, "resubmit", actor, extra={"uploads": uploads or {}})


def application_approve(*, actor, application: PolicyApplication, amount=None, comment: str = "",
                        expected_version: int | None = None) -> PolicyApplication:
    return _operate(application, "approve", actor, {"amount": amount, "reason": comment}, expected_version=expected_version)


def application_reject(*, actor, application: PolicyApplication, reason: str, expected_version: int | None = None) -> PolicyApplication:
    return _operate(application, "reject", actor, {"reason": reason}, expected_version=expected_version)


def application_withdraw(*, actor, application: PolicyApplication) -> PolicyApplication:
    return _operate(application, "withdraw", actor)


def publicity_publish(*, actor, item: PolicyItem, applications: list[PolicyApplication], days: int | None = None,
                      title: str = "") -> Publicity:
    """公示: approved grants of one item are published for a number of working days."""
    _require_unit(actor, item.unit, "policies.review_applications")
    if not applications:
        raise ValidationError(_("请选择要公示的申请"))
    wrong = [a.number for a in applications if a.item_id != item.pk or a.status != Status.APPROVED]
    if wrong:
        raise ValidationError(_("只能公示本条款审核通过的申请,以下申请不符合:%(numbers)s") % {"numbers": "、".join(wrong)})
    version = applications[0].item_version
    days = _limits(version)["publicity"] if days is None else int(days)
    if not 1 <= days <= 30:
        raise ValidationError(_("公示期应为 1 至 30 个工作日"))
    today = clock.today()
    with audited_write(actor):
        publicity = Publicity(item=item, title=title or f"{item.title}拟支持企业名单公示", starts_on=today,
                              ends_on=add_workdays(today, days), published_by=actor if getattr(actor, "pk", None) else None)
        publicity.save()
        record("policies.publicity.publish", publicity, after={**_snapshot(publicity), "applications": [a.number for a in applications]})
        for application in applications:
            perform(APPLICATIONS, application, "publicize", actor, {"publicity": publicity}, expected_version=application.version)
    return publicity


def application_disburse(*, actor, application: PolicyApplication, amount=None, voucher_no: str = "",
                         expected_version: int | None = None) -> PolicyApplication:
    return _operate(application, "disburse", actor, {"amount": amount, "voucher_no": voucher_no}, expected_version=expected_version)


def application_confirm_receipt(*, actor, application: PolicyApplication, satisfaction: int | None = None,
                                feedback: str = "") -> PolicyApplication:
    return _operate(application, "confirm_receipt", actor, {"satisfaction": satisfaction, "feedback": feedback})


def overdue_remind(*, as_of: dt.date | None = None) -> int:
    """Alert each responsible unit of its applications past the step's time limit (once a day per application)."""
    as_of = as_of or clock.today()
    unit_steps = [Status.SUBMITTED, Status.REVIEWING, Status.APPROVED, Status.PUBLICIZED, Status.LISTED]
    overdue = PolicyApplication.objects.filter(status__in=unit_steps, step_due_on__lt=as_of).select_related("item__unit", "enterprise")
    sent = 0
    for application in overdue:
        step = STEP_LABELS.get(application.step, application.step)
        sent += notify_unit(
            application.item.unit, title=f"超时预警:{application.number} {step}环节已超过时限({application.step_due_on})",
            body=f"{application.enterprise.name} · {application.item.title}", category="policy_overdue",
            link=f"/policies/applications/{application.pk}/", dedup_key=f"policy-overdue:{application.pk}:{application.step}:{as_of}",
        )
    return sent


# --- extraction assistant -----------------------------------------------------------------------------

def document_import(*, actor, title: str, text: str, unit: Unit, issuer: str = "", doc_number: str = "", issued_on=None,
                    source_ref: str = "") -> PolicyDocument:
    """Store the text and the items the assistant proposes, for an officer to confirm one by one."""
    from .extraction import extract_items, normalize_text

    clean = normalize_text(text)
    if len(clean.strip()) < 10:
        raise ValidationError(_("政策原文为空或过短,请粘贴或上传政策全文"))
    proposals = extract_items(clean)
    with audited_write(actor):
        document = document_create(actor=actor, title=title, unit=unit, issuer=issuer, doc_number=doc_number, issued_on=issued_on,
                                   effective_from=issued_on, source_text=clean, source_ref=source_ref)
        for order, proposal in enumerate(proposals, start=1):
            row = ItemProposal(document=document, order=order, payload=proposal.as_payload(), excerpt=proposal.excerpt)
            row.save()
            record("policies.item_proposal.create", row, after={"document": document.pk, "title": proposal.title, "amount": proposal.amount_rule})
    return document


def proposal_confirm(*, actor, proposal: ItemProposal, code: str, title: str, unit: Unit, **version_values) -> PolicyItem:
    if proposal.status != ItemProposal.Status.PROPOSED:
        raise ValidationError(_("该建议条款已处理"))
    with audited_write(actor):
        item = item_create(actor=actor, document=proposal.document, code=code, title=title, unit=unit,
                           source_excerpt=proposal.excerpt, **version_values)
        before = _snapshot(proposal)
        proposal.status = ItemProposal.Status.CONFIRMED
        proposal.item = item
        proposal.version += 1
        proposal.save()
        record("policies.item_proposal.confirm", proposal, before=before, after=_snapshot(proposal))
    return item


def proposal_discard(*, actor, proposal: ItemProposal) -> ItemProposal:
    _require_unit(actor, proposal.document.unit, "policies.import_policies")
    with audited_write(actor):
        before = _snapshot(proposal)
        proposal.status = ItemProposal.Status.DISCARDED
        proposal.version += 1
        proposal.save()
        record("policies.item_proposal.discard", proposal, before=before, after=_snapshot(proposal))
    return proposal

