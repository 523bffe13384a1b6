"""Reads of the policy supermarket, always through the caller's scope (yingshang.core.scope)."""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from django.db.models import Avg, Count, Q, QuerySet, Sum
from django.db.models.functions import Coalesce
from django.http import Http404

from yingshang.core import clock
from yingshang.core.models import Enterprise, User
from yingshang.core.notifications import Notification
from yingshang.core.params import parse_bool, parse_id
from yingshang.core.permissions import has_capability, require_capability
from yingshang.core.scope import can_see, scope_of, visible, visible_or_404

from . import amounts, matching, matchstore, rules
from .engine import decode_unknown_mask
from .facts import BOOL, FACTS, NUMBER, SET, vocabulary
from .models import COMMITTED_STATUSES, DISBURSED_STATUSES, PENDING_PAYMENT_STATUSES, ApplicationEvent, ItemProposal, ItemVersion, MatchSet, PolicyApplication, PolicyDocument, PolicyItem, Publicity
from .workflow import APPLICATIONS

Status = PolicyApplication.Status
VERDICT_CODES = {rules.ELIGIBLE: MatchSet.ELIGIBLE, rules.UNDETERMINED: MatchSet.UNDETERMINED}


# --- items ------------------------------------------------------------------------------------------

def catalogue(*, q: str = "", kind: str = "", unit: str = "", exempt: str = "") -> QuerySet[PolicyItem]:
    """Published items: public government information, readable without login."""
    items = PolicyItem.objects.filter(status=PolicyItem.Status.PUBLISHED).select_related("document", "unit")
    if q:
        items = items.filter(Q(title__contains=q) | Q(code__icontains=q) | Q(document__title__contains=q) | Q(versions__summary__contains=q)).distinct()
    if unit:
        items = items.filter(unit_id=parse_id(unit)) if parse_id(unit) else items.none()
    if kind:
        items = items.filter(versions__benefit_kind=kind, versions__status=ItemVersion.Status.PUBLISHED).distinct()
    if parse_bool(exempt, field="exempt"):
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
    return visible(user, PolicyItem.objects.select_related("document", "unit"))


def item_get_for_user(user, pk: int) -> PolicyItem:
    return visible_or_404(user, item_list_for_user(user), "政策条款不存在或不在您的权限范围内", pk=pk)


def document_list_for_user(user) -> QuerySet[PolicyDocument]:
    require_capability(user, "policies.import_policies")
    return visible(user, PolicyDocument.objects.select_related("unit"))


def document_get_for_user(user, pk: int) -> PolicyDocument:
    return visible_or_404(user, document_list_for_user(user), "政策文件不存在或不在您的权限范围内", pk=pk)


def proposal_get_for_user(user, pk: int) -> ItemProposal:
    require_capability(user, "policies.import_policies")
    return visible_or_404(user, ItemProposal.objects.select_related("document"), "建议条款不存在或不在您的权限范围内", pk=pk)


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


def granted_amounts(enterprise: Enterprise, item: PolicyItem | None = None) -> dict[int, tuple[float, float]]:
    """item id → (万元 paid out: 已享受, 万元 approved and not yet paid: 待兑现) for one enterprise."""
    applications = PolicyApplication.objects.filter(enterprise=enterprise)
    if item is not None:
        applications = applications.filter(item=item)
    totals: dict[int, tuple[float, float]] = {}
    paid = applications.filter(status__in=DISBURSED_STATUSES).values_list("item_id").annotate(s=Sum(Coalesce("disbursed_amount", "amount_approved")))
    pending = applications.filter(status__in=PENDING_PAYMENT_STATUSES).values_list("item_id").annotate(s=Sum("amount_approved"))
    for item_id, value in paid:
        totals[item_id] = (float(value or 0), 0.0)
    for item_id, value in pending:
        totals[item_id] = (totals.get(item_id, (0.0, 0.0))[0], float(value or 0))
    return totals


def my_policies(user) -> list[MyPolicy]:
    """我的可享政策: eligible and undetermined items, ranked by estimated amount, each with its reasons.

    Evaluated live against the enterprise's current facts (every item in force, a few milliseconds), so
    a fact declared a minute ago already counts; the stored match sets serve the lists and pushes."""
    enterprise = enterprise_for_user(user)
    from .services import enterprise_facts

    today = clock.today()
    facts, sources = enterprise_facts(enterprise, today)
    vocab = vocabulary()
    granted = granted_amounts(enterprise)
    applications = {a.item_id: a for a in PolicyApplication.objects.filter(enterprise=enterprise).exclude(
        status__in=[Status.WITHDRAWN]).order_by("id")}
    rows = []
    for version in matching.versions_in_force(today):
        explanation = rules.explain(version.conditions, version.exclusions, facts, vocab, sources)
        if explanation.verdict == rules.NOT_ELIGIBLE:
            continue
        rule = version.amount_rule or {}
        amount = amounts.compute(rule, facts, *granted.get(version.item_id, (0.0, 0.0)))
        value, ceiling = amount.value, amount.is_ceiling
        if value is None and amounts.upper_bound(rule) is not None:  # rank by the most it can give until facts are known
            value, ceiling = amounts.upper_bound(rule), True
        rows.append(MyPolicy(
            item=version.item, version=version, verdict=VERDICT_CODES[explanation.verdict], amount=value, amount_is_ceiling=ceiling,
            explanation=explanation, formula=amount.formula, application=applications.get(version.item_id),
            unknown=[FACTS[k].label for k in explanation.unknown_facts],
        ))
    rows.sort(key=lambda r: (r.verdict, -(r.amount or 0), r.item.code))
    return rows


# --- applications ------------------------------------------------------------------------------------

def application_list_for_user(user) -> QuerySet[PolicyApplication]:
    """An enterprise sees its own; a unit's staff the applications for their unit's items; city-wide roles all."""
    applications = PolicyApplication.objects.select_related("item", "item__unit", "enterprise", "item_version", "publicity")
    if not (scope_of(user).enterprise_id and has_capability(user, "policies.apply")):
        require_capability(user, "policies.view_applications")
    return visible(user, applications)


def application_get_for_user(user, pk: int) -> PolicyApplication:
    return visible_or_404(user, application_list_for_user(user), "申请不存在或不在您的权限范围内", pk=pk)


def application_search(user, *, status: str = "", item: str = "", q: str = "", overdue: str = "", channel: str = "") -> QuerySet[PolicyApplication]:
    applications = application_list_for_user(user)
    if status:
        applications = applications.filter(status=status)
    if item:
        applications = applications.filter(item_id=parse_id(item)) if parse_id(item) else applications.none()
    if channel:
        applications = applications.filter(channel=channel)
    if q:
        applications = applications.filter(Q(number__icontains=q) | Q(enterprise__name__contains=q) | Q(item__title__contains=q))
    if parse_bool(overdue, field="overdue"):
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

@dataclass
class NearMiss:
    item: PolicyItem
    enterprise: Enterprise
    fact: str
    observed: float | None
    gap: float | None
    amount: float | None


class NearMissList(Sequence):
    """One item's near misses (filtered, ordered by gap) as a sequence the Paginator can slice: the set is
    read once, and only the enterprises of the page shown are fetched."""

    def __init__(self, item: PolicyItem | None, verdict_set: matchstore.VerdictSet | None, order: np.ndarray):
        self.item, self.verdict_set, self.order = item, verdict_set, order

    def __len__(self) -> int:
        return len(self.order)

    def __getitem__(self, index):
        if not isinstance(index, slice):
            return self[index:index + 1][0]
        rows = self.order[index]
        columns = self.verdict_set.columns if self.verdict_set is not None else {}
        ids = columns["enterprise"][rows].tolist() if len(rows) else []
        enterprises = Enterprise.objects.select_related("district").in_bulk(ids)
        result = []
        for row, enterprise_id in zip(rows.tolist(), ids):
            if enterprise_id not in enterprises:  # deleted since the last run; the next run drops it
                continue
            fact_index = int(columns["fact"][row])
            result.append(NearMiss(
                item=self.item, enterprise=enterprises.get(enterprise_id), fact=matchstore.FACT_KEYS[fact_index] if fact_index >= 0 else "",
                observed=_number(columns["observed"][row]), gap=_number(columns["gap"][row]), amount=_number(columns["amount"][row])))
        return result


def _number(value) -> float | None:
    return None if np.isnan(value) else float(value)


def near_miss_items(user) -> list[PolicyItem]:
    """Items that have near misses, within the user's scope (the near-miss page lists one item at a time)."""
    require_capability(user, "policies.view_near_miss")
    items = PolicyItem.objects.filter(match_sets__verdict=MatchSet.NEAR_MISS, match_sets__size__gt=0).select_related("unit")
    if not scope_of(user).district_code:
        # A district's staff read every item's list, cut to their district's enterprises (near_misses).
        items = visible(user, items)
    return list(items.order_by("code"))


def near_misses(user, *, item: str = "", fact: str = "") -> NearMissList:
    """Enterprises failing exactly one condition of an item, and by how much (培育 outreach), closest first,
    within the user's scope: a unit sees its own items' lists, a district coordinator its district's
    enterprises. Without ``item``, the first item that has near misses."""
    items = near_miss_items(user)
    chosen = next((i for i in items if str(i.pk) == str(item)), None) if item else (items[0] if items else None)
    if chosen is None:
        return NearMissList(None, None, np.zeros(0, dtype=np.int64))
    verdict_set = matchstore.load_one(chosen.pk, MatchSet.NEAR_MISS)
    if verdict_set is None:
        return NearMissList(chosen, None, np.zeros(0, dtype=np.int64))
    keep = np.ones(len(verdict_set), dtype=bool)
    if fact:
        keep &= verdict_set.columns["fact"] == (matchstore.FACT_KEYS.index(fact) if fact in FACTS else -2)
    if not can_see(user, chosen):
        # Someone else's item: only the enterprises of the reader's own district (the registry's scope).
        in_district = visible(user, Enterprise.objects.all()).values_list("pk", flat=True) if scope_of(user).district_code else []
        keep &= np.isin(verdict_set.enterprises, np.fromiter(in_district, dtype=np.int64))
    rows = np.flatnonzero(keep)
    gaps = verdict_set.columns["gap"][rows]
    order = rows[np.lexsort((verdict_set.enterprises[rows], np.nan_to_num(gaps, nan=np.inf)))]
    return NearMissList(chosen, verdict_set, order)


def describe_miss(result: NearMiss) -> str:
    if not result.fact:
        return ""
    fact = FACTS.get(result.fact)
    if fact is None:
        return result.fact
    if result.gap is not None:
        return f"{fact.label}:现为 {rules.value_label(fact.key, result.observed)},差 {rules.value_label(fact.key, result.gap)}"
    return f"{fact.label}不符合"


def unknown_labels(unknown_mask: int) -> list[str]:
    return [FACTS[key].label for key in decode_unknown_mask(unknown_mask)]


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
    items = visible(user, PolicyItem.objects.exclude(status=PolicyItem.Status.DRAFT).select_related("document", "unit"))
    items = list(items.order_by("code"))
    ids = [i.pk for i in items]
    match_counts = matchstore.counts(ids)
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
            "eligible": match_counts.get((item.pk, MatchSet.ELIGIBLE), 0),
            "undetermined": match_counts.get((item.pk, MatchSet.UNDETERMINED), 0),
            "near_miss": match_counts.get((item.pk, MatchSet.NEAR_MISS), 0),
            "applied": applications.exclude(status__in=[Status.INVITED, Status.LISTED, Status.WITHDRAWN]).count(),
            "exempt": applications.filter(channel="auto").count(),
            "granted": granted.count(),
            "approved_amount": float(applications.filter(status__in=COMMITTED_STATUSES).aggregate(
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
    """Facts not yet given, the most decisive first: ordered by the information an answer gives about the
    candidate policies (items not yet ruled out), then by how many undetermined conditions it settles.

    Information gain: each possible answer (yes/no; each value a condition names, or another; a number
    below, at or above each threshold) leads the candidates to a vector of verdicts; with the answers
    equally likely, the entropy of those vectors is what the answer tells. A question whose every answer
    leaves the verdicts as they are tells nothing, however many conditions name it."""
    undetermined = []
    counts: dict[str, int] = {}
    for version in versions:
        explanation = rules.explain(version.conditions, version.exclusions, facts)
        if explanation.verdict != rules.UNDETERMINED:
            continue
        undetermined.append(version)
        for outcome in explanation.conditions + explanation.exclusions:
            if outcome.status == rules.UNKNOWN:
                counts[outcome.fact] = counts.get(outcome.fact, 0) + 1
    questions = []
    for key, settles in counts.items():
        gain = _information_gain(key, facts, undetermined)
        questions.append({"fact": FACTS[key], "settles": settles, "gain": round(gain, 3)})
    order = list(FACTS)
    questions.sort(key=lambda q: (-q["gain"], -q["settles"], order.index(q["fact"].key)))
    return questions


_OTHER = "__other__"  # an answer no condition names


def _possible_answers(key: str, versions: list[ItemVersion]) -> list:
    fact = FACTS[key]
    named = [leaf["value"] for v in versions for tree in (v.conditions, v.exclusions) for leaf in rules.leaves(tree) if leaf["fact"] == key]
    if fact.type == BOOL:
        return [True, False]
    if fact.type == NUMBER:
        thresholds = sorted({float(t) for t in named})
        if not thresholds:
            return [0.0]
        points = [thresholds[0] - max(1.0, abs(thresholds[0]) * 0.5)]
        for low, high in zip(thresholds, thresholds[1:] + [None]):
            points.append(low)
            points.append((low + high) / 2 if high is not None else low + max(1.0, abs(low) * 0.5))
        return points
    values: list = []
    for value in named:
        for one in value if isinstance(value, list) else [value]:
            if one not in values:
                values.append(one)
    if fact.type == SET:
        return [frozenset()] + [frozenset([v]) for v in values]
    return values + [_OTHER]


def _information_gain(key: str, facts: dict, versions: list[ItemVersion]) -> float:
    from collections import Counter
    from math import log2

    answers = _possible_answers(key, versions)
    outcomes = Counter()
    for answer in answers:
        known = {**facts, key: answer}
        outcomes[tuple(rules.combine_verdict(rules.tri_eval(v.conditions, known), rules.tri_eval(v.exclusions, known) if v.exclusions else False)
                       for v in versions)] += 1
    total = sum(outcomes.values())
    return -sum(n / total * log2(n / total) for n in outcomes.values())


def users_of_enterprise(enterprise: Enterprise) -> QuerySet[User]:
    return User.objects.filter(enterprise=enterprise, is_active=True)


# --- the applicant's view of an application --------------------------------------------------------------

def sees_applicant_view(user) -> bool:
    """Whether ``user`` reads applications as the applicant (an enterprise, its own applications): the
    public steps and the decision addressed to it, never the reviewers' logins or their internal comments."""
    return not has_capability(user, "policies.view_applications")


def applicant_steps(application: PolicyApplication) -> list[dict]:
    """The steps the workflow spec gives a public label (policies/workflow.py), named by that label."""
    public = APPLICATIONS.public_steps()
    return [{"action": e.action, "at": e.at, "text": public[e.action]} for e in application.events.order_by("at", "id") if e.action in public]


def applicant_reply(application: PolicyApplication) -> str:
    """The decision addressed to the applicant: what to correct (退回补正) or why it is not supported."""
    if application.status == PolicyApplication.Status.RETURNED:
        return application.return_reason
    return application.reject_reason or ""
