"""Access to every route, generated from the URL configuration (issue 11, item 1).

Nobody writes a test per view: the resolver is walked (through every include and namespace), and each
route is requested by every demo role with an object inside and an object outside that role's scope,
as core.scope defines it (visible()). The rules:

- nothing ever answers 500 (the test client re-raises the view's exception);
- outside the scope: 404 when the role may use the page at all, else 403 (or the login redirect for an
  anonymous visitor) — never 200;
- inside the scope: 200, a redirect, 403 (the role lacks the capability) or 405 (a POST-only route);
  a 404 inside means the view and core.scope disagree about who sees the object;
- anonymous visitors get the login redirect (or 401/403/404) except on the documented public routes;
- a POST by a read-only role leaves the audit trail as it was: the auditor (every capability a read) is
  refused with 403/404/405 on every route; the leader, who holds two writes (督办, 选题), is refused by
  capability on every other write route and writes nothing anywhere else.

URL kwargs are filled from KWARGS, keyed by (namespace, kwarg name), or by (namespace:route, kwarg) where
one name means different objects. A route whose kwarg is not registered FAILS, naming the route: a new
view is covered by registering how to find its objects, never by being skipped.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

import pytest
from django.contrib.auth.models import AnonymousUser
from django.db.models import Model, QuerySet
from django.urls import URLPattern, URLResolver, get_resolver, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

from yingshang.core.scope import visible

pytestmark = pytest.mark.django_db

ROLES = ["admin", "operator", "handler_scj", "coordinator_gjz", "leader", "auditor", "enterprise", "citizen", None]  # None: anonymous
READ_ONLY_ROLES = ["leader", "auditor"]


# --- walking the resolver ------------------------------------------------------------------------------

@dataclass
class Route:
    namespace: str  # "" for the root namespace
    name: str | None
    pattern: str  # the full pattern, for messages and unnamed routes
    kwargs: list[str]
    parts: list = field(default_factory=list)

    @property
    def key(self) -> str:
        return f"{self.namespace}:{self.name}" if self.namespace else str(self.name or self.pattern)


def _kwarg_names(pattern) -> list[str]:
    return list(pattern.regex.groupindex)


def walk(resolver=None, namespace: str = "", parts: tuple = ()) -> list[Route]:
    resolver = resolver or get_resolver()
    routes: list[Route] = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}:{entry.namespace}" if namespace and entry.namespace else (entry.namespace or namespace)
            routes.extend(walk(entry, inner or "", parts + (entry.pattern,)))
        elif isinstance(entry, URLPattern):
            if getattr(entry.callback, "moved_redirect", False):
                continue  # an old address answering 308 to its /api/v1/ twin, which is walked itself
            all_parts = list(parts) + [entry.pattern]
            names = [name for part in all_parts for name in _kwarg_names(part)]
            routes.append(Route(namespace, entry.name, "".join(str(p) for p in all_parts), names, all_parts))
    return routes


ALL_ROUTES = walk()
ADMIN_ROUTES = [r for r in ALL_ROUTES if r.namespace.split(":")[0] == "admin"]
SITE_ROUTES = [r for r in ALL_ROUTES if r.namespace.split(":")[0] != "admin"]


def build_url(route: Route, values: dict[str, Any], *, from_pattern: bool = False) -> str:
    if route.name and not from_pattern:
        return reverse(f"{route.namespace}:{route.name}" if route.namespace else route.name, kwargs=values)
    # An unnamed route (some API frameworks do not name theirs): substitute into the pattern parts.
    import re

    url = "/"
    for part in route.parts:
        text = str(part)
        if isinstance(part, RoutePattern):
            text = re.sub(r"<(?:\w+:)?(\w+)>", lambda m: str(values[m.group(1)]), text)
        elif isinstance(part, RegexPattern):
            text = re.sub(r"\(\?P<(\w+)>[^)]*\)", lambda m: str(values[m.group(1)]), text).lstrip("^").rstrip("$")
        url += text
    return url


def placeholder_url(route: Route) -> str:
    """A URL of ``route`` naming an object that does not exist (for models the demo city has none of)."""
    from django.urls import NoReverseMatch

    for candidate in ("0", "0000", "zz"):
        try:
            return build_url(route, {k: candidate for k in route.kwargs})
        except NoReverseMatch:
            continue
    pytest.fail(f"路由 {route.key} 无法构造占位 URL", pytrace=False)


# --- where kwargs come from ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Scoped:
    """An object of a model declared in core.scope: one inside and one outside each role's scope."""

    queryset: Callable[[], QuerySet]
    field: str = "pk"


@dataclass(frozen=True)
class Shared:
    """An object not bound to a scope (reference data, public records, the city's own bulletins):
    the same value for every role."""

    value: Callable[[], Any]


@dataclass(frozen=True)
class Derived:
    """A value that follows from the object chosen for another kwarg (an item of the chosen plan)."""

    source: str
    value: Callable[[Model], Any]


ABSENT = object()  # the demo city has no such object: every role must get 404 (or 403 / login), never 500


def _first(queryset, field="pk"):
    obj = queryset.order_by("pk").first()
    return getattr(obj, field) if obj is not None else ABSENT


def _m(app_model: str):
    from django.apps import apps

    return apps.get_model(app_model)


def _objects(app_model: str, **filters) -> Callable[[], QuerySet]:
    return lambda: _m(app_model)._default_manager.filter(**filters)


def _value(v) -> Shared:
    return Shared(lambda: v)


KWARGS: dict[tuple[str, str], Scoped | Shared | Derived] = {
    # core
    ("", "unit_detail.pk"): Scoped(_objects("core.Unit")),
    ("", "unit_alias_add.pk"): Scoped(_objects("core.Unit")),
    ("", "enterprise_detail.pk"): Scoped(_objects("core.Enterprise")),
    ("", "enterprise_edit.pk"): Scoped(_objects("core.Enterprise")),
    ("", "import_report_csv.pk"): Shared(lambda: _first(_m("core.ImportJob").objects.all())),  # the uploader's own, or the auditors'
    ("", "import_report_xlsx.pk"): Shared(lambda: _first(_m("core.ImportJob").objects.all())),
    # A background job is its requester's own (admins and auditors see all: core/jobs.py jobs_visible_to, tested
    # in test_jobs.py); the demo city has none, so every role must get 404 here, never a 500.
    ("", "job_detail.pk"): Shared(lambda: _first(_m("core.Job").objects.all())),
    ("", "job_progress.pk"): Shared(lambda: _first(_m("core.Job").objects.all())),
    ("", "document_template_download.kind"): _value("plans.bulletin"),  # a registered document kind
    ("", "code"): Shared(lambda: _first(_m("core.Enterprise").objects.all(), "credit_code")),
    # plans
    ("plans", "plan_detail.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "plan_meta_update.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "plan_publish.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "plan_discard.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "plan_source.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "item_view.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "item_edit.pk"): Scoped(_objects("plans.Plan")),
    ("plans", "item_pk"): Derived("pk", lambda plan: _first(plan.items.all())),
    ("plans", "task_detail.pk"): Scoped(_objects("plans.Task")),
    ("plans", "report_create.pk"): Scoped(_objects("plans.Task")),
    ("plans", "task_reopen.pk"): Scoped(_objects("plans.Task")),
    ("plans", "evidence_download.pk"): Scoped(_objects("plans.Evidence")),
    ("plans", "mention_pk"): Shared(lambda: _first(_m("plans.ItemMention").objects.all())),
    ("plans", "unit_pk"): Shared(lambda: _first(_m("core.Unit").objects.all())),  # rankings are published to all staff
    ("plans", "period"): Shared(lambda: _first(_m("plans.Bulletin").objects.all(), "period")),
    ("plans", "bulletin_file.pk"): Shared(lambda: _first(_m("plans.Bulletin").objects.all())),
    ("plans", "kind"): _value("pdf"),
    # appeals
    ("appeals", "tracking_no"): Scoped(_objects("appeals.Appeal"), "tracking_no"),
    ("appeals", "track_detail.tracking_no"): Shared(lambda: _first(_m("appeals.Appeal").objects.all(), "tracking_no")),  # public
    ("appeals", "action"): _value("sign"),
    ("appeals", "attachment.tracking_no"): Derived("pk", lambda attachment: attachment.appeal.tracking_no),
    ("appeals", "attachment.pk"): Scoped(_objects("appeals.Attachment")),
    ("appeals", "kpi_unit.pk"): Scoped(_objects("core.Unit")),
    ("appeals", "number"): Shared(lambda: _first(_m("appeals.TaxonomyVersion").objects.all(), "number")),
    # policies
    ("policies", "item_detail.pk"): Shared(lambda: _first(_m("policies.PolicyItem").objects.filter(status="published"))),  # public catalogue
    ("policies", "apply.pk"): Shared(lambda: _first(_m("policies.PolicyItem").objects.filter(status="published"))),
    ("policies", "publicity_detail.pk"): Shared(lambda: _first(_m("policies.Publicity").objects.all())),  # public 公示
    ("policies", "application_detail.pk"): Scoped(_objects("policies.PolicyApplication")),
    ("policies", "application_action.pk"): Scoped(_objects("policies.PolicyApplication")),
    ("policies", "action"): _value("accept"),
    ("policies", "item_edit.pk"): Scoped(_objects("policies.PolicyItem")),
    ("policies", "item_sandbox.pk"): Scoped(_objects("policies.PolicyItem")),
    ("policies", "item_withdraw.pk"): Scoped(_objects("policies.PolicyItem")),
    ("policies", "approve_listed.pk"): Scoped(_objects("policies.PolicyItem")),
    ("policies", "item_amendment.pk"): Scoped(_objects("policies.ItemAmendment")),
    ("policies", "document_review.pk"): Scoped(_objects("policies.PolicyDocument")),
    ("policies", "proposal_decide.pk"): Scoped(_objects("policies.ItemProposal")),
    ("policies", "enterprise_pk"): Scoped(_objects("core.Enterprise")),
    # supervision
    ("supervision", "plan_detail.pk"): Scoped(_objects("supervision.SamplingPlan")),
    ("supervision", "plan_action.pk"): Scoped(_objects("supervision.SamplingPlan")),
    ("supervision", "plan_action.action"): _value("publish_results"),
    ("supervision", "task_detail.pk"): Scoped(_objects("supervision.InspectionTask")),
    ("supervision", "task_action.pk"): Scoped(_objects("supervision.InspectionTask")),
    ("supervision", "task_action.action"): _value("notify"),
    ("supervision", "task_notice.pk"): Scoped(_objects("supervision.InspectionTask", record__outcome="notice")),
    ("supervision", "fmt"): _value("pdf"),
    ("supervision", "task_rate.pk"): Scoped(_objects("supervision.InspectionTask")),
    ("supervision", "token"): _value("unknown-token"),  # a forged code: 404 for everyone (扫码入企)
    ("supervision", "public_plan_file.pk"): Shared(lambda: _first(_m("supervision.SamplingPlan").objects.exclude(frame_sha256=""))),  # 一公开
    ("supervision", "name"): _value("frame"),
    ("api", "supervision_draw.pk"): Scoped(_objects("supervision.SamplingPlan")),
    ("api", "affairs_item.pk"): Shared(lambda: _first(_m("affairs.Item").objects.filter(published_version__gt=0))),
    ("api", "affairs_case.pk"): Scoped(_objects("affairs.Case")),
    # insights
    ("insights", "name"): _value("summary"),
    ("insights", "tracking_no"): Scoped(_objects("appeals.Appeal"), "tracking_no"),
    ("insights", "place_detail.pk"): Scoped(_objects("insights.Place")),
    ("insights", "warning_detail.pk"): Scoped(_objects("insights.EarlyWarning")),
    ("insights", "warning_action.pk"): Scoped(_objects("insights.EarlyWarning")),
    ("insights", "warning_detail_api.pk"): Scoped(_objects("insights.EarlyWarning")),
    ("insights", "action"): _value("acknowledge"),
    ("insights", "topic_decide.pk"): Scoped(_objects("insights.MonthlyTopic")),
    ("insights", "bulletin_detail.pk"): Shared(lambda: _first(_m("insights.InsightBulletin").objects.all())),
    ("insights", "bulletin_publish.pk"): Shared(lambda: _first(_m("insights.InsightBulletin").objects.all())),
    ("insights", "bulletin_file.pk"): Shared(lambda: _first(_m("insights.InsightBulletin").objects.all())),
    ("insights", "kind"): _value("pdf"),
    ("insights", "period"): Shared(lambda: _first(_m("insights.InsightBulletin").objects.filter(published=True, audience="public"), "period")
                                   if _m("insights.InsightBulletin").objects.filter(published=True, audience="public").exists() else "2026-01"),
    # credit
    ("credit", "enterprise.pk"): Scoped(_objects("core.Enterprise")),
    ("credit", "repair_apply.kind"): _value("penalty"),
    ("credit", "repair_apply.pk"): Scoped(_objects("credit.Penalty")),
    ("credit", "repair_detail.pk"): Scoped(_objects("credit.RepairApplication")),
    ("credit", "repair_action.pk"): Scoped(_objects("credit.RepairApplication")),
    ("credit", "repair_action.action"): _value("approve"),
    ("credit", "arrears_detail.pk"): Scoped(_objects("credit.ArrearsComplaint")),
    ("credit", "arrears_action.pk"): Scoped(_objects("credit.ArrearsComplaint")),
    ("credit", "arrears_action.action"): _value("verify"),
    # affairs (政务服务): published guides are public; drafts, cases and 整改 are scoped
    ("affairs", "item_guide.pk"): Shared(lambda: _first(_m("affairs.Item").objects.filter(published_version__gt=0))),
    ("affairs", "item_guide_file.pk"): Shared(lambda: _first(_m("affairs.Item").objects.filter(published_version__gt=0))),
    ("affairs", "item_guide_file.fmt"): _value("pdf"),
    ("affairs", "item_apply.pk"): Shared(lambda: _first(_m("affairs.Item").objects.filter(published_version__gt=0))),
    ("affairs", "item_manage.pk"): Scoped(_objects("affairs.Item")),
    ("affairs", "item_edit.pk"): Scoped(_objects("affairs.Item")),
    ("affairs", "item_action.pk"): Scoped(_objects("affairs.Item")),
    ("affairs", "item_action.action"): _value("submit"),
    ("affairs", "shared_edit.kind"): _value("material"),
    ("affairs", "shared_edit.pk"): Shared(lambda: _first(_m("affairs.Material").objects.all())),
    ("affairs", "key"): Shared(lambda: _first(_m("affairs.Bundle").objects.all(), "key")),
    ("affairs", "case_detail.pk"): Scoped(_objects("affairs.Case")),
    ("affairs", "case_rate.pk"): Scoped(_objects("affairs.Case")),
    ("affairs", "case_link_appeal.pk"): Scoped(_objects("affairs.Case")),
    ("affairs", "correction_notice.pk"): Scoped(_objects("affairs.Case", status="correction")),  # a notice exists while 补正 is due
    ("affairs", "correction_notice.fmt"): _value("pdf"),
    ("affairs", "case_action.pk"): Scoped(_objects("affairs.Case")),
    ("affairs", "case_action.action"): _value("accept"),
    ("affairs", "material_download.pk"): Scoped(_objects("affairs.CaseMaterial", receipt__in=["upload", "scan"])),  # a file (paper originals have none)
    ("affairs", "subcase_action.pk"): Scoped(_objects("affairs.SubCase")),
    ("affairs", "subcase_action.action"): _value("approve"),
    ("affairs", "token"): _value("unknown-token"),
    ("affairs", "rectification_detail.pk"): Scoped(_objects("affairs.Rectification")),
    ("affairs", "rectification_action.pk"): Scoped(_objects("affairs.Rectification")),
    ("affairs", "rectification_action.action"): _value("confirm"),
    # the one API (/api/v1/<app>/…)
    ("api", "tracking_no"): Scoped(_objects("appeals.Appeal"), "tracking_no"),
    ("api", "appeal_action.action"): _value("sign"),
    ("api", "application_action.action"): _value("accept"),
    ("api", "unit.pk"): Scoped(_objects("core.Unit")),
    ("api", "enterprise.pk"): Scoped(_objects("core.Enterprise")),
    ("api", "credit_standing.code"): Scoped(_objects("core.Enterprise"), "credit_code"),
    ("api", "code"): Shared(lambda: _first(_m("core.Enterprise").objects.all(), "credit_code")),
    ("api", "cockpit_data.name"): _value("summary"),
    ("api", "warning.pk"): Scoped(_objects("insights.EarlyWarning")),
    ("api", "plan.pk"): Scoped(_objects("plans.Plan")),
    ("api", "task.pk"): Scoped(_objects("plans.Task")),
    ("api", "task_reports.pk"): Scoped(_objects("plans.Task")),
    ("api", "task_report_create.pk"): Scoped(_objects("plans.Task")),
    ("api", "task_report_upload.pk"): Scoped(_objects("plans.Task")),
    ("api", "ranking.period"): Shared(lambda: _first(_m("plans.RankingRun").objects.all(), "period")),
    ("api", "policy_item.pk"): Shared(lambda: _first(_m("policies.PolicyItem").objects.filter(status="published"))),
    ("api", "application.pk"): Scoped(_objects("policies.PolicyApplication")),
    ("api", "application_action.pk"): Scoped(_objects("policies.PolicyApplication")),
    ("api", "evaluate.item_pk"): Shared(lambda: _first(_m("policies.PolicyItem").objects.filter(status="published"))),
    ("api", "evaluate.enterprise_pk"): Scoped(_objects("core.Enterprise")),
    # workflow operations, derived from the specs: walked on the appeals workflow
    ("api", "name"): _value("appeals"),
    ("api", "key"): Scoped(_objects("appeals.Appeal"), "tracking_no"),
    ("api", "op"): _value("sign"),
    # Open311 (GeoReport v2 is public by design)
    ("", "fmt"): _value("json"),
    ("", "service_code"): Shared(lambda: "0"),
    ("", "service_request_id"): Shared(lambda: _first(_m("appeals.Appeal").objects.all(), "tracking_no")),
    ("", "token"): _value("unknown-token"),
    # the self-hosted captcha's image and sound: an unknown key is a 404
    ("", "key"): Shared(lambda: _m("captcha.CaptchaStore").generate_key()),
}


def spec_for(route: Route, kwarg: str):
    for key in ((route.namespace, f"{route.name}.{kwarg}"), (route.namespace, kwarg)):
        if key in KWARGS:
            return KWARGS[key]
    pytest.fail(f"路由 {route.key}({route.pattern})的 URL 参数 “{kwarg}” 无处取值:请在 "
                f"core/tests/test_access_generated.py 的 KWARGS 中登记 ({route.namespace!r}, {kwarg!r}) 或 "
                f"({route.namespace!r}, '{route.name}.{kwarg}') 对应的模型或取值", pytrace=False)


# Public routes: anyone, logged in or not, may read them (scope does not apply).
PUBLIC = {
    "login", "logout", "appeals:submit", "appeals:track", "appeals:track_detail", "appeals:streets",
    "policies:catalogue", "policies:item_detail", "policies:calculator", "policies:publicity_list", "policies:publicity_detail",
    "api:openapi-json", "api:openapi-view",  # the API's description (OpenAPI 3) is documentation, no data
    "api:credit_code",  # a checksum test of a 统一社会信用代码, no registry lookup
    "insights:public_bulletin_list", "insights:public_bulletin", "insights:public_bulletin_file",
    "credit:public_records", "credit:public_arrears",  # 信用公示 and 恶意拖欠曝光: legal persons only, no personal data
    "supervision:public_results", "supervision:public_plans", "supervision:public_plan_file", "supervision:scan",  # 一公开, 扫码入企
    "api:supervision_public_results",
    "api:affairs_items", "api:affairs_item",  # the published catalogue (办事指南), as its pages
    "healthz", "readyz",  # health probes for the load balancer: status only, no data
    "captcha-image", "captcha-image-2x", "captcha-audio", "captcha-refresh",
    "affairs:catalogue", "affairs:item_guide", "affairs:item_guide_file", "affairs:public_ratings", "affairs:rate_sms",  # 办事指南, 好差评公示, SMS rating link
    "open311_discovery", "open311_services", "open311_service", "open311_requests", "open311_request", "open311_token",
}
# Signing in and out and one's own credentials (password, second factor): open to read-only roles too
# (core.middleware.ReadOnlyRoleMiddleware.ALLOWED_ROUTES); sign-ins and sign-outs are audited.
OWN_ACCOUNT_ROUTES = {"login", "logout", "password_change", "two_factor_verify", "two_factor_enroll"}
# Pages about "my enterprise": an account bound to no enterprise gets 404 (it has none), not the page.
OWN_ENTERPRISE_ROUTES = {"policies:apply", "policies:mine", "api:policies_mine", "policies:declare_fact", "supervision:mine"}
# Documented 404s inside: an internal bulletin's files are for city-wide readers only; the others get 404
# as for an object outside their scope (the web page shows them their own unit's rows).
INSIDE_404 = {"insights:bulletin_file", "api:api-root"}  # /api/ itself is no endpoint (its children are)
# The writes a leader holds (督办, 每月一题 decisions): refused on every other route.
LEADER_WRITES = {"appeals:act", "api:appeal_action", "api:workflow_operate", "insights:topic_decide"}


# --- the checks --------------------------------------------------------------------------------------

class City:
    """The demo city's users and, per (role, kwarg spec), the object chosen inside and outside."""

    def __init__(self):
        from yingshang.core.models import User

        self.users = {u.username: u for u in User.objects.select_related("unit", "enterprise")}
        self._choices: dict = {}

    def user(self, role):
        return AnonymousUser() if role is None else self.users[role]

    def pick(self, role, spec: Scoped) -> tuple[Model | None, Model | None]:
        key = (role, spec)
        if key not in self._choices:
            queryset = spec.queryset()
            seen = visible(self.user(role), queryset)
            inside = seen.order_by("pk").first()
            outside = queryset.exclude(pk__in=seen.values("pk")).order_by("pk").first()
            self._choices[key] = (inside, outside)
        return self._choices[key]

    def values(self, route: Route, role) -> dict[str, dict[str, Any] | None]:
        """{"inside": kwargs or None, "outside": kwargs or None} for ``role`` on ``route``."""
        result: dict[str, Any] = {"inside": {}, "outside": {}, "absent": False}
        chosen: dict[str, dict[str, Model | None]] = {"inside": {}, "outside": {}}
        specs = {kwarg: spec_for(route, kwarg) for kwarg in route.kwargs}
        for kwarg, spec in specs.items():
            for side in ("inside", "outside"):
                if result[side] is None:
                    continue
                if isinstance(spec, Scoped):
                    inside, outside = self.pick(role, spec)
                    obj = inside if side == "inside" else outside
                    if obj is None:
                        result[side] = None
                        continue
                    chosen[side][kwarg] = obj
                    result[side][kwarg] = getattr(obj, spec.field)
                elif isinstance(spec, Shared):
                    value = spec.value()
                    if value is ABSENT:
                        result["absent"] = True
                        value = 0
                    result[side][kwarg] = value
        for kwarg, spec in specs.items():
            if isinstance(spec, Derived):
                for side in ("inside", "outside"):
                    if result[side] is None:
                        continue
                    source = chosen[side].get(spec.source)
                    if source is None:
                        pytest.fail(f"路由 {route.key} 的参数 {kwarg} 取自 {spec.source},但 {spec.source} 不是按范围选取的对象", pytrace=False)
                    result[side][kwarg] = spec.value(source)
        if not any(isinstance(s, Scoped) for s in specs.values()):
            result["outside"] = None  # nothing is scoped: one request says it all
        return result


@pytest.fixture(scope="module")
def city(django_db_setup, django_db_blocker):
    """Built once per module: the demo users now, the inside/outside choices on first use (inside the tests'
    transactions, which roll back whatever a request wrote)."""
    with django_db_blocker.unblock():
        built = City()
    return built


def _is_login_redirect(response) -> bool:
    return response.status_code in (301, 302) and "login" in response.get("Location", "")


def _close(response):
    """Read a download to its end (the client closes it then; closing it again here would fire
    request_finished outside the client's guard and close the test's database connection)."""
    if getattr(response, "streaming", False):
        for _chunk in response.streaming_content:
            pass


def _get(client, url):
    response = client.get(url)
    _close(response)
    return response.status_code, response


def test_every_route_is_walked_and_every_kwarg_is_registered():
    """The walker finds the whole site (all four modules and core), and no route's kwarg is unknown."""
    keys = {r.key for r in SITE_ROUTES}
    for expected in ("home", "appeals:detail", "plans:task_detail", "policies:application_detail", "insights:warning_detail", "api:unit",
                     "api:workflow_operate"):
        assert expected in keys
    for route in SITE_ROUTES:
        for kwarg in route.kwargs:
            spec_for(route, kwarg)  # fails naming the route


@pytest.mark.parametrize("route", SITE_ROUTES, ids=lambda r: r.key)
def test_route_respects_scope_for_every_role(route, city, client):
    problems: list[str] = []
    for role in ROLES:
        client.logout()
        if role is not None:
            client.force_login(city.users[role])
        values = city.values(route, role)
        label = role or "anonymous"
        statuses = {}
        if values["inside"] is None and values["outside"] is None:
            values = {"absent": True, "placeholder": {}}  # no such object in the city: 404 for everyone
        for side in ("inside", "outside", "placeholder"):
            if values.get(side) is None:
                continue
            url = placeholder_url(route) if side == "placeholder" else build_url(route, values[side])
            try:
                status, response = _get(client, url)
            except Exception as error:  # the client re-raises what would have been a 500
                problems.append(f"{label} {side} GET {url}: 服务器错误 {type(error).__name__}: {error}")
                continue
            statuses[side] = status
            if values["absent"]:
                ok = status in (401, 403, 404, 405) or _is_login_redirect(response)
            elif route.key in PUBLIC:
                ok = status in (200, 301, 302, 404, 405)
            elif role is None:
                ok = _is_login_redirect(response) or status in (401, 403, 404, 405)
            elif side == "outside":
                ok = status in (403, 404, 405) or (status in (301, 302) and not _is_login_redirect(response))
            else:
                ok = status in (200, 301, 302, 403, 405) or (status == 404 and (
                    route.key in INSIDE_404 or (route.key in OWN_ENTERPRISE_ROUTES and not city.user(role).enterprise_id)))
            if not ok:
                problems.append(f"{label} {side} GET {url} → {status}")
        # A page the role may open for its own objects must not reveal that the others exist.
        if statuses.get("inside") == 200 and statuses.get("outside") not in (None, 404) and route.key not in PUBLIC:
            problems.append(f"{label}: 范围内 200,范围外应为 404,却是 {statuses.get('outside')}")
    assert not problems, f"路由 {route.key}({route.pattern}):\n" + "\n".join(problems)


@pytest.mark.parametrize("route", SITE_ROUTES, ids=lambda r: r.key)
def test_read_only_roles_cannot_write(route, city, client):
    from yingshang.core.models import AuditEntry

    problems: list[str] = []
    for role in READ_ONLY_ROLES:
        if role == "leader" and route.key in LEADER_WRITES:
            continue
        client.logout()
        client.force_login(city.users[role])
        values = city.values(route, role)
        kwargs = values["inside"] if values["inside"] is not None else values["outside"]
        url = placeholder_url(route) if kwargs is None else build_url(route, kwargs)
        before = AuditEntry.objects.count()
        try:
            response = client.post(url, {})
            _close(response)
        except Exception as error:
            problems.append(f"{role} POST {url}: 服务器错误 {type(error).__name__}: {error}")
            continue
        after = AuditEntry.objects.count()
        if after != before and route.key not in OWN_ACCOUNT_ROUTES:  # a sign-out is recorded by design
            problems.append(f"{role} POST {url} 写入了 {after - before} 条审计记录")
        refused = response.status_code in (403, 404, 405)
        if role == "auditor":
            # Every capability a read: refused once, before any view (core.middleware.ReadOnlyRoleMiddleware),
            # except signing in/out and the views marked @reads_only (a POST that changes nothing).
            from django.urls import resolve

            if not refused and route.key not in OWN_ACCOUNT_ROUTES and not getattr(resolve(url).func, "reads_only", False):
                problems.append(f"{role} POST {url} → {response.status_code}(应被拒绝:403/404/405)")
        elif not refused and response.status_code not in (200, 301, 302, 400):
            # The leader holds two writes (督办, 选题), so the middleware cannot refuse it wholesale: each write
            # route refuses it by capability (above: nothing written); a page answering an empty POST like a GET,
            # or an API refusing the empty body (400), is no write.
            problems.append(f"{role} POST {url} → {response.status_code}")
    assert not problems, f"路由 {route.key}({route.pattern}):\n" + "\n".join(problems)


@pytest.mark.parametrize("role", [r for r in ROLES if r != "admin"])
def test_admin_site_is_for_staff_only(role, city, client):
    """The Django admin (superusers only) is one gate: every other role is sent to its login."""
    if role is not None:
        client.force_login(city.users[role])
    for route in ADMIN_ROUTES:
        if route.name is None:
            continue
        url = build_url(route, {k: "1" for k in route.kwargs}, from_pattern=True)
        status, response = _get(client, url)
        assert status in (302, 404) or (status == 200 and route.name == "login"), f"{role} GET {route.key} {url} → {status}"
        if status == 302:
            assert "login" in response["Location"] or route.name in ("logout",), (route.key, response["Location"])


def test_admin_reads_every_admin_list(city, client):
    client.force_login(city.users["admin"])
    for route in ADMIN_ROUTES:
        if route.kwargs or route.name is None or route.name in ("logout",):
            continue
        status, _ = _get(client, build_url(route, {}))
        # 403: the autocomplete without its parameters, and the add form of append-only tables (audit trail).
        assert status in (200, 302) or (status == 403 and (route.name == "autocomplete" or route.name.endswith("_add"))), (route.key, status)


def test_a_route_with_an_unknown_kwarg_fails_naming_the_route():
    """A new view whose URL kwarg nobody registered is not skipped: the test fails and says which route."""
    route = Route("newmodule", "thing_detail", "newmodule/things/<int:thing_pk>/", ["thing_pk"])
    with pytest.raises(pytest.fail.Exception, match="newmodule:thing_detail.*thing_pk"):
        spec_for(route, "thing_pk")
