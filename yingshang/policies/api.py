"""JSON API of the policy supermarket, mounted at /api/v1/policies/: the same selectors and services as the pages."""


import datetime as dt
from typing import Any

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from ninja import Query, Router, Schema
from ninja.pagination import paginate

from yingshang.core import clock
from yingshang.core.api import ERROR_RESPONSES, Pages, Rows
from yingshang.core.selectors import enterprise_get_for_user

from . import amounts, matching, rules, selectors, services
from .facts import FACTS, SET, vocabulary

router = Router(tags=["policies"])


class ItemOut(Schema):
    id: int
    code: str
    title: str
    unit: str
    document: str
    status: str
    current: dict[str, Any] | None


class ApplicationOut(Schema):
    id: int
    number: str
    item: str
    item_title: str
    enterprise: str
    channel: str
    status: str
    status_label: str
    period: str
    applied_on: dt.date
    amount_requested: str | None
    amount_approved: str | None
    formula: str
    step: str = None
    step_due_on: dt.date | None = None
    version: int
    item_version: int


class ApplicationDetailOut(ApplicationOut):
    eligibility: Any = None
    events: list[dict[str, Any]]
    reply: str | None = None  # the applicant's view: the decision addressed to it


class MyPolicyOut(Schema):
    item: str
    title: str
    verdict: str
    amount: float | None
    amount_is_ceiling: bool
    formula: str
    explanation: dict[str, Any]
    application: str | None


class EvaluationOut(Schema):
    item: str
    version: int
    enterprise: str
    verdict: str
    verdict_label: str
    conditions: list[dict[str, Any]]
    exclusions: list[dict[str, Any]]
    unknown_facts: list[str]
    amount: float | None
    formula: str


class CalculatorIn(Schema):
    facts: dict[str, Any] = {}


class CalculatorOut(Schema):
    results: list[dict[str, Any]]
    questions: list[dict[str, Any]]


class NearMissOut(Schema):
    item: str
    enterprise: str
    miss_fact: str | None
    value: Any = None
    gap: float | None = None
    describe: str


class ApplicationFilters(Schema):
    status: str = ""
    item: int | None = None  # the item's id
    q: str = ""
    overdue: str = ""
    channel: str = ""


class ActionIn(Schema):
    version: int | None = None
    comment: str = ""
    amount: float | str | None = None


def _iso(value):
    return value.isoformat() if value else None


def _version_json(version):
    if version is None:
        return None
    return {
        "number": version.number, "effective_from": version.effective_from.isoformat(), "benefit_kind": version.benefit_kind,
        "amount_rule": version.amount_rule, "amount": amounts.describe_rule(version.amount_rule or {}),
        "conditions": version.conditions_text, "conditions_text": rules.describe(version.conditions, vocabulary()),
        "exclusions": version.exclusions_text, "exempt_application": version.exempt_application, "grant_period": version.grant_period,
        "window": [_iso(version.window_start), _iso(version.window_end)], "valid_to": _iso(version.valid_to), "materials": version.materials,
    }


def _item_json(item):
    return {"id": item.pk, "code": item.code, "title": item.title, "unit": item.unit.name, "document": item.document.title,
            "status": item.status, "current": _version_json(selectors.current_version(item))}


# What the applicant (an enterprise, its own applications) reads: its application and where it stands, the
# public steps and the decision addressed to it; not the reviewers' internal steps, logins or comments.
APPLICANT_FIELDS = ("id", "number", "item", "item_title", "enterprise", "channel", "status", "status_label", "period", "applied_on",
                    "amount_requested", "amount_approved", "formula", "version", "item_version")


def _application_json_for(user, application):
    data = _application_json(application)
    return {k: v for k, v in data.items() if k in APPLICANT_FIELDS} if selectors.sees_applicant_view(user) else data


def _application_json(application):
    return {
        "id": application.pk, "number": application.number, "item": application.item.code, "item_title": application.item.title,
        "enterprise": application.enterprise.name, "channel": application.channel, "status": application.status,
        "status_label": str(application.get_status_display()), "period": application.period, "applied_on": application.applied_on,
        "amount_requested": str(application.amount_requested) if application.amount_requested is not None else None,
        "amount_approved": str(application.amount_approved) if application.amount_approved is not None else None,
        "formula": application.formula, "step": application.step, "step_due_on": application.step_due_on,
        "version": application.version, "item_version": application.item_version.number,
    }


@router.get("/items/", response={200: list[ItemOut], **ERROR_RESPONSES}, url_name="policy_items", summary="政策条款目录")
@paginate(Pages)
def item_list(request, q: str = ""):
    return Rows(selectors.catalogue(q=q.strip()), _item_json)


@router.get("/items/{int:pk}/", response={200: ItemOut, **ERROR_RESPONSES}, url_name="policy_item", summary="政策条款")
def item_detail(request, pk: int):
    return _item_json(selectors.catalogue_item(pk))


@router.get("/mine/", response={200: list[MyPolicyOut], **ERROR_RESPONSES}, url_name="policies_mine", summary="我的可享政策(企业用户)")
@paginate(Pages)
def mine(request):
    return Rows(selectors.my_policies(request.user), lambda r: {
        "item": r.item.code, "title": r.item.title, "verdict": r.explanation.verdict, "amount": r.amount, "amount_is_ceiling": r.amount_is_ceiling,
        "formula": r.formula, "explanation": r.explanation.as_dict(), "application": r.application.number if r.application else None,
    })


@router.get("/applications/", response={200: list[ApplicationOut], **ERROR_RESPONSES}, exclude_unset=True, url_name="applications", summary="政策申请")
@paginate(Pages)
def application_list(request, filters: Query[ApplicationFilters]):
    values = {k: (v.strip() if isinstance(v, str) else str(v or "")) for k, v in filters.dict().items()}
    return Rows(selectors.application_search(request.user, **values), lambda application: _application_json_for(request.user, application))


@router.get("/applications/{int:pk}/", response={200: ApplicationDetailOut, **ERROR_RESPONSES}, exclude_unset=True, url_name="application", summary="政策申请详情")
def application_detail(request, pk: int):
    application = selectors.application_get_for_user(request.user, pk)
    if selectors.sees_applicant_view(request.user):
        return {**_application_json_for(request.user, application), "eligibility": application.eligibility,
                "events": [{"action": step["action"], "label": step["text"], "at": step["at"].isoformat()} for step in selectors.applicant_steps(application)],
                "reply": selectors.applicant_reply(application)}
    return {**_application_json(application), "eligibility": application.eligibility,
            "events": [{"action": e.action, "from": e.from_status, "to": e.to_status, "at": e.at.isoformat(), "comment": e.comment}
                       for e in application.events.all()]}


@router.post("/applications/{int:pk}/{action}/", response={200: ApplicationOut, **ERROR_RESPONSES}, exclude_unset=True, url_name="application_action",
             summary="审核操作:accept 受理 / return 退回补正 / approve 审核通过 / reject 不予支持")
def application_action(request, pk: int, action: str, payload: ActionIn):
    application = selectors.application_get_for_user(request.user, pk)
    if action not in ("accept", "return", "approve", "reject"):
        raise Http404(_("未知操作“%(action)s”") % {"action": action})
    actor, version = request.user, payload.version
    if action == "accept":
        result = services.application_accept(actor=actor, application=application, expected_version=version)
    elif action == "return":
        result = services.application_return(actor=actor, application=application, reason=payload.comment, expected_version=version)
    elif action == "approve":
        result = services.application_approve(actor=actor, application=application, amount=payload.amount, comment=payload.comment,
                                              expected_version=version)
    else:
        result = services.application_reject(actor=actor, application=application, reason=payload.comment, expected_version=version)
    return _application_json_for(request.user, result)


@router.get("/evaluate/{int:item_pk}/{int:enterprise_pk}/", response={200: EvaluationOut, **ERROR_RESPONSES}, url_name="evaluate",
            summary="某条款对某企业的三值判定与逐条理由")
def evaluate(request, item_pk: int, enterprise_pk: int, on: dt.date | None = None):
    item = selectors.catalogue_item(item_pk)
    enterprise = enterprise_get_for_user(request.user, enterprise_pk)
    day = on or clock.today()
    version = matching.version_in_force(item, day)
    if version is None:
        raise Http404(_("该条款在 %(day)s 不在有效期内") % {"day": day})
    explanation, amount = services.assess(enterprise, version, day)
    return {"item": item.code, "version": version.number, "enterprise": enterprise.name, **explanation.as_dict(),
            "amount": amount.value, "formula": amount.formula}


@router.post("/calculator/", response={200: CalculatorOut, 400: ERROR_RESPONSES[400]}, auth=None, url_name="calculator",
             summary="政策计算器(公开):给出已知事实,返回可能可享的条款与下一步该问的问题")
def calculator(request, payload: CalculatorIn):
    unknown = sorted(set(payload.facts) - set(FACTS))
    if unknown:
        raise ValidationError({key: [_("未知的事实;可用:%(known)s") % {"known": "、".join(FACTS)}] for key in unknown})
    facts = {k: (set(v) if FACTS[k].type == SET and isinstance(v, (list, tuple, set)) else v) for k, v in payload.facts.items()}
    facts.setdefault("status", "active")
    versions = matching.versions_in_force(clock.today())
    results = []
    for version in versions:
        explanation = rules.explain(version.conditions, version.exclusions, facts, vocabulary())
        if explanation.verdict == rules.NOT_ELIGIBLE:
            continue
        amount = amounts.compute(version.amount_rule or {}, facts)
        results.append({"item": version.item.code, "title": version.item.title, **explanation.as_dict(), "amount": amount.value,
                        "formula": amount.formula})
    questions = [{"fact": q["fact"].key, "label": q["fact"].label, "settles": q["settles"]}
                 for q in selectors.calculator_questions(facts, versions)]
    return {"results": results, "questions": questions}


@router.get("/near-miss/", response={200: list[NearMissOut], **ERROR_RESPONSES}, url_name="near_misses", summary="差一条件的企业(培育名单)")
@paginate(Pages)
def near_misses(request, item: str = "", fact: str = ""):
    return Rows(selectors.near_misses(request.user, item=item, fact=fact), lambda r: {
        "item": r.item.code, "enterprise": r.enterprise.name, "miss_fact": r.fact, "value": r.observed, "gap": r.gap,
        "describe": selectors.describe_miss(r)})
