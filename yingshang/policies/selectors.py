"""Reads of the policy supermarket, always through the caller's scope (yingshang.core.permissions)."""

from __future__ import annotations

import datetime as dt
import statistics
from dataclasses import dataclass

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.http import Http404

from yingshang.core import clock
from yingshang.core.models import Enterprise, User
from yingshang.core.notifications import Notification
from yingshang.core.permissions import has_capability, require_capability, user_scope

from . import amounts, matching, rules
from .engine import decode_unknown_mask
from .facts import FACTS, vocabulary
from .models import ApplicationEvent, ItemProposal, ItemVersion, MatchResult, PolicyApplication, PolicyDocument, PolicyItem, Publicity

Status = PolicyApplication.Status


# --- items ------------------------------------------------------------------------------------------

def catalogue(*, q: str = "", kind: str = "", unit: str = "", exempt: str = "") -> QuerySet[PolicyItem]:
    """Published items: public government information, readable without login."""
    items = PolicyItem.objects.filter(status=PolicyItem.Status.PUBLISHED).select_related("document", "unit")
    if q:
        items = items.filter(Q(title__contains=q) | Q(code__icontains=q) | Q(document__title__contains=q) | Q(versions__summary__contains=q)).distinct()
    if unit:
        items = items.filter(unit_id=unit)
    if kind:
        items = items.filter(versions__benefit_kind=kind, versions__status=ItemVersion.Status.PUBLISHED).distinct()
    if exempt:
        items = items.filter(versions__exempt_application=True, versions__status=ItemVersion.Status.PUBLISHED).distinct()
    return items.order_by("code")


def catalogue_item(pk: int) -> PolicyItem:
    try:
        return catalogue().get(pk=pk)
    except PolicyItem.DoesNotExist:
        raise Http404("政策条款不存在或尚未发布")


def item_list_for_user(user) -> QuerySet[PolicyItem]:
    """Items an officer manages: all for city-wide roles, their unit subtree's items for unit staff."""
    require_capability(user, "policies.manage_items")
    scope = user_scope(user)
    items = PolicyItem.objects.select_related("document", "unit")
    if scope.city_wide:
        return items
    if scope.unit_path:
        return items.filter(unit__tree_path__startswith=scope.unit_path)
    return items.none()


def item_get_for_user(user, pk: int) -> PolicyItem:
    try:
        return item_list_for_user(user).get(pk=pk)
    except PolicyItem.DoesNotExist:
        raise Http404("政策条款不存在或不在您的权限范围内")


def document_list_for_user(user) -> QuerySet[PolicyDocument]:
    require_capability(user, "policies.import_policies")
    scope = user_scope(user)
    documents = PolicyDocument.objects.select_related("unit")
    if scope.city_wide:
        return documents
    if scope.unit_path:
        return documents.filter(Q(unit__tree_path__startswith=scope.unit_path) | Q(items__unit__tree_path__startswith=scope.unit_path)).distinct()
    return documents.none()


def document_get_for_user(user, pk: int) -> PolicyDocument:
    try:
        return document_list_for_user(user).get(pk=pk)
    except PolicyDocument.DoesNotExist:
        raise Http404("政策文件不存在或不在您的权限范围内")


def proposal_get_for_user(user, pk: int) -> ItemProposal:
    document_ids = document_list_for_user(user).values("pk")
    try:
        return ItemProposal.objects.select_related("document").get(pk=pk, document__in=document_ids)
    except ItemProposal.DoesNotExist:
        raise Http404("建议条款不存在或不在您的权限范围内")


def current_version(item: PolicyItem, on: dt.date | None = None) -> ItemVersion | None:
    return matching.version_in_force(item, on or clock.today())


def version_summary(version: ItemVersion | None) -> dict:
    if version is None:
        return {}
    vocab = vocabulary()
    return {
        "version": version, "conditions": rules.describe(version.conditions, vocab),
        "exclusions": rules.describe(version.exclusions, vocab) if version.exclusions else "",
        "amount": amounts.describe_rule(version.amount_rule or {}),
    }


# --- an enterprise's policies ----------------------------------------------------------------------

def enterprise_for_user(user) -> Enterprise:
    require_capability(user, "policies.view_own_policies")
    if not user.enterprise_id:
        raise Http404("您的账号未绑定经营主体")
    return user.enterprise


@dataclass
class MyPolicy:
    item: PolicyItem
    version: ItemVersion
    verdict: int
    amount: float | None
    amount_is_ceiling: bool
    explanation: rules.Explanation
    formula: str
    application: PolicyApplication | None
    unknown: list[str]


def my_policies(user) -> list[MyPolicy]:
    """我的可享政策: eligible and undetermined items, ranked by estimated amount, each with its reasons."""
    enterprise = enterprise_for_user(user)
    from .services import assess

    results = MatchResult.objects.filter(enterprise=enterprise, verdict__in=[MatchResult.ELIGIBLE, MatchResult.UNDETERMINED]).select_related(
        "item", "item_version", "item__unit")
    applications = {a.item_id: a for a in PolicyApplication.objects.filter(enterprise=enterprise).exclude(
        status__in=[Status.WITHDRAWN]).order_by("id")}
    rows = []
    today = clock.today()
    for result in results:
        explanation, amount = assess(enterprise, result.item_version, today)
        rows.append(MyPolicy(
            item=result.item, version=result.item_version, verdict=result.verdict, amount=amount.value if amount.value is not None else result.amount,
            amount_is_ceiling=amount.is_ceiling or (amount.value is None and result.amount is not None), explanation=explanation,
            formula=amount.formula, application=applications.get(result.item_id), unknown=[FACTS[k].label for k in explanation.unknown_facts],
        ))
    rows.sort(key=lambda r: (r.verdict, -(r.amount or 0), r.item.code))
    return rows


# --- applications ------------------------------------------------------------------------------------

def application_list_for_user(user) -> QuerySet[PolicyApplication]:
    """An enterprise sees its own; a unit's staff the applications for their unit's items; city-wide roles all."""
    scope = user_scope(user)
    applications = PolicyApplication.objects.select_related("item", "item__unit", "enterprise", "item_version", "publicity")
    if scope.enterprise_id and has_capability(user, "policies.apply"):
        return applications.filter(enterprise_id=scope.enterprise_id)
    require_capability(user, "policies.view_applications")
    if scope.city_wide:
        return applications
    if scope.unit_path:
        return applications.filter(item__unit__tree_path__startswith=scope.unit_path)
    return applications.none()


def application_get_for_user(user, pk: int) -> PolicyApplication:
    try:
        return application_list_for_user(user).get(pk=pk)
    except PolicyApplication.DoesNotExist:
        raise Http404("申请不存在或不在您的权限范围内")


def application_search(user, *, status: str = "", item: str = "", q: str = "", overdue: str = "", channel: str = "") -> QuerySet[PolicyApplication]:
    applications = application_list_for_user(user)
    if status:
        applications = applications.filter(status=status)
    if item:
        applications = applications.filter(item_id=item)
    if channel:
        applications = applications.filter(channel=channel)
    if q:
        applications = applications.filter(Q(number__icontains=q) | Q(enterprise__name__contains=q) | Q(item__title__contains=q))
    if overdue:
        applications = applications.filter(step_due_on__lt=clock.today(), status__in=[
            Status.SUBMITTED, Status.REVIEWING, Status.APPROVED, Status.PUBLICIZED, Status.LISTED])
    return applications.order_by("-id")


def publicity_public(pk: int) -> Publicity:
    """公示 pages are public: the names and amounts of grants being publicised."""
    try:
        return Publicity.objects.select_related("item").get(pk=pk)
    except Publicity.DoesNotExist:
        raise Http404("公示不存在")


def publicity_list() -> QuerySet[Publicity]:
    return Publicity.objects.select_related("item").order_by("-starts_on", "-id")


# --- near misses -------------------------------------------------------------------------------------

def near_misses(user, *, item: str = "", fact: str = "") -> QuerySet[MatchResult]:
    """Enterprises failing exactly one condition, and by how much (培育 outreach), within the user's scope."""
    require_capability(user, "policies.view_near_miss")
    scope = user_scope(user)
    results = MatchResult.objects.filter(verdict=MatchResult.NEAR_MISS).select_related("item", "enterprise", "enterprise__district")
    if not scope.city_wide:
        if scope.district_code:
            results = results.filter(Q(enterprise__district__code__startswith=scope.district_code) | Q(item__unit__tree_path__startswith=scope.unit_path))
        elif scope.unit_path:
            results = results.filter(item__unit__tree_path__startswith=scope.unit_path)
        else:
            results = results.none()
    if item:
        results = results.filter(item_id=item)
    if fact:
        results = results.filter(miss_fact=fact)
    return results.order_by("item__code", "miss_gap", "enterprise_id")


def describe_miss(result: MatchResult) -> str:
    if not result.miss_fact:
        return ""
    fact = FACTS.get(result.miss_fact)
    if fact is None:
        return result.miss_fact
    if result.miss_gap is not None:
        return f"{fact.label}:现为 {rules.value_label(fact.key, result.miss_value)},差 {rules.value_label(fact.key, result.miss_gap)}"
    return f"{fact.label}不符合"


def unknown_labels(result: MatchResult) -> list[str]:
    return [FACTS[key].label for key in decode_unknown_mask(result.unknown_mask)]


# --- effect evaluation -------------------------------------------------------------------------------

def _days(start, end) -> float | None:
    if not start or not end:
        return None
    start_date = start.date() if hasattr(start, "date") else start
    end_date = end.date() if hasattr(end, "date") else end
    return (end_date - start_date).days


def effect_rows(user) -> list[dict]:
    """Per item: reached (pushed), eligible, applied, granted, amounts, days to money, satisfaction."""
    require_capability(user, "policies.view_effect")
    scope = user_scope(user)
    items = PolicyItem.objects.exclude(status=PolicyItem.Status.DRAFT).select_related("document", "unit")
    if not scope.city_wide:
        items = items.filter(unit__tree_path__startswith=scope.unit_path) if scope.unit_path else items.none()
    items = list(items.order_by("code"))
    ids = [i.pk for i in items]
    match_counts: dict[tuple[int, int], int] = {}
    for item_id, verdict, n in MatchResult.objects.filter(item_id__in=ids).values_list("item_id", "verdict").annotate(n=Count("id")):
        match_counts[(item_id, verdict)] = n
    reached = {item_id: Notification.objects.filter(dedup_key__startswith=f"policy-match:{item_id}:").count() for item_id in ids}
    exempt_reached = dict(PolicyApplication.objects.filter(item_id__in=ids, channel__in=["auto", "quick"]).values_list("item_id").annotate(n=Count("id")))
    granted_statuses = [Status.DISBURSED, Status.CONFIRMED]
    rows = []
    for item in items:
        applications = PolicyApplication.objects.filter(item=item)
        granted = applications.filter(status__in=granted_statuses)
        durations = []
        for application in granted.only("submitted_at", "eligible_since", "disbursed_at", "channel", "applied_on"):
            start = application.submitted_at if application.channel == "apply" else application.eligible_since or application.applied_on
            days = _days(start, application.disbursed_at)
            if days is not None:
                durations.append(days)
        sums = granted.aggregate(paid=Sum("disbursed_amount"), satisfaction=Avg("satisfaction"))
        rows.append({
            "item": item, "document": item.document,
            "reached": reached.get(item.pk, 0) + exempt_reached.get(item.pk, 0),
            "eligible": match_counts.get((item.pk, MatchResult.ELIGIBLE), 0),
            "undetermined": match_counts.get((item.pk, MatchResult.UNDETERMINED), 0),
            "near_miss": match_counts.get((item.pk, MatchResult.NEAR_MISS), 0),
            "applied": applications.exclude(status__in=[Status.INVITED, Status.LISTED, Status.WITHDRAWN]).count(),
            "exempt": applications.filter(channel="auto").count(),
            "granted": granted.count(),
            "approved_amount": float(applications.filter(status__in=[Status.APPROVED, Status.PUBLICIZED, *granted_statuses]).aggregate(
                s=Sum("amount_approved"))["s"] or 0),
            "paid_amount": float(sums["paid"] or 0),
            "days_median": statistics.median(durations) if durations else None,
            "days_mean": round(statistics.mean(durations), 1) if durations else None,
            "satisfaction": round(float(sums["satisfaction"]), 2) if sums["satisfaction"] is not None else None,
            "overdue_steps": ApplicationEvent.objects.filter(application__item=item, overdue=True).count(),
        })
    return rows


def effect_by_document(rows: list[dict]) -> list[dict]:
    documents: dict[int, dict] = {}
    for row in rows:
        entry = documents.setdefault(row["document"].pk, {"document": row["document"], "items": 0, "reached": 0, "eligible": 0,
                                                          "applied": 0, "granted": 0, "paid_amount": 0.0})
        entry["items"] += 1
        for key in ("reached", "eligible", "applied", "granted", "paid_amount"):
            entry[key] += row[key]
    return list(documents.values())


# --- calculator --------------------------------------------------------------------------------------

def calculator_questions(facts: dict, versions: list[ItemVersion]) -> list[dict]:
    """Facts not yet given, ordered by how many undetermined conditions (across items still possible)
    each would settle — the question that settles the most comes first."""
    counts: dict[str, int] = {}
    for version in versions:
        explanation = rules.explain(version.conditions, version.exclusions, facts)
        if explanation.verdict != rules.UNDETERMINED:
            continue
        for outcome in explanation.conditions + explanation.exclusions:
            if outcome.status == rules.UNKNOWN:
                counts[outcome.fact] = counts.get(outcome.fact, 0) + 1
    return [{"fact": FACTS[k], "settles": n} for k, n in sorted(counts.items(), key=lambda kv: (-kv[1], list(FACTS).index(kv[0])))]


def users_of_enterprise(enterprise: Enterprise) -> QuerySet[User]:
    return User.objects.filter(enterprise=enterprise, is_active=True)
