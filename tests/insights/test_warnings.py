"""run_detection on the test city, the status workflow, scoped reads and the pages."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.urls import reverse

from yingshang.appeals.models import Label
from yingshang.appeals.routing import Router
from yingshang.core import clock
from yingshang.core.audit import audited_write
from yingshang.core.auditlog import record
from yingshang.core.models import AuditEntry, Division
from yingshang.core.services import ConcurrentEditError
from yingshang.insights.warnings.demo import inject_outbreak
from yingshang.insights.models import DetectionRun, EarlyWarning
from yingshang.insights.warnings.selectors import warning_get_for_user, warnings_for_user
from yingshang.insights.warnings.services import run_detection, warning_transition

pytestmark = pytest.mark.django_db


def _routed_label(unit_name: str):
    """A leaf label that the routing table sends to ``unit_name`` (city-wide rule)."""
    router = Router.load()
    for label in Label.objects.filter(is_leaf=True, taxonomy__status="published").order_by("path"):
        rule = router.rule_for(label.path, None)
        if rule is not None and rule.unit.name == unit_name:
            return label
    pytest.skip(f"派单规则中没有派往{unit_name}的标签")


def _warning(*, owner_unit=None, district=None, label_path="测试/预警", status=EarlyWarning.Status.NEW, key="t1"):
    today = clock.today()
    with audited_write(None):
        warning = EarlyWarning(
            key=key, kind=EarlyWarning.Kind.HIGH_FREQUENCY, method="qpoisson", label_path=label_path, district=district,
            window_start=today - dt.timedelta(days=2), window_end=today, observed=30, expected=5, score=8.0, p_value=1e-6,
            summary=f"{label_path} 异常", owner_unit=owner_unit, detected_at=clock.now(), status=status,
        )
        warning.save()
        record("test.warning", warning, before=None, after=warning.audit_snapshot())
    return warning


def test_demo_step_raised_warnings_on_the_test_city():
    assert DetectionRun.objects.exists()
    assert EarlyWarning.objects.exists(), "the demo's injected outbreak should have raised a warning"


def test_run_detection_finds_an_injected_outbreak_links_appeals_and_routes_it(users):
    label = _routed_label("市市场监督管理局")
    district = Division.objects.filter(level=Division.Level.DISTRICT, code__startswith="2102").order_by("code").last()
    injected = inject_outbreak(seed=11, label=label, district=district, count=10)
    run = run_detection(actor=users["admin"])
    assert run.finished_at is not None and run.series_count > 0 and "total" in run.timings
    warning = EarlyWarning.objects.filter(label_path=label.path, district=district, place__isnull=True).first()
    assert warning is not None, [w.summary for w in EarlyWarning.objects.filter(district=district)]
    assert warning.window_end == clock.today()
    assert warning.observed > warning.expected
    assert set(a.pk for a in injected) <= set(warning.appeals.values_list("pk", flat=True))
    assert warning.owner_unit.name == "市市场监督管理局"
    assert warning.chart["dates"][-1] == clock.today().isoformat() and len(warning.chart["observed"]) == len(warning.chart["dates"])
    assert AuditEntry.objects.filter(action="insights.early_warning.raise").exists()
    # Roll-up: the leaf's warning hangs (through its label ancestors) under a root in the same district,
    # and the city-wide warning this one district explains hangs under the district's warning.
    root = warning
    while root.parent_id:
        root = root.parent
        assert root.district == district and label.path.startswith(root.label_path)
    # The injected appeals share one address: a REPEATED warning names the place, under the series warning.
    repeated = EarlyWarning.objects.get(kind=EarlyWarning.Kind.REPEATED, label_path=label.path, district=district)
    assert repeated.place is not None and repeated.parent == warning and repeated.observed >= 3
    assert set(repeated.appeals.values_list("pk", flat=True)) <= {a.pk for a in injected} | set(warning.appeals.values_list("pk", flat=True))
    city_root = EarlyWarning.objects.get(label_path=label.path, district__isnull=True, window_end=clock.today())
    while city_root.parent_id:
        city_root = city_root.parent
    assert city_root.district == district, "the city-wide chain ends under the district that explains it"
    # The handler of the owning unit sees it; the 住建局 handler does not.
    assert warning_get_for_user(users["handler_scj"], warning.pk) == warning
    assert not warnings_for_user(users["handler_zjj"]).filter(pk=warning.pk).exists()
    # A second run on the same day extends the same warning instead of raising another.
    count = EarlyWarning.objects.count()
    run_detection(actor=None)
    assert EarlyWarning.objects.filter(label_path=label.path, district=district, place__isnull=True).count() == 1
    assert EarlyWarning.objects.count() == count


def test_run_detection_needs_the_capability(users):
    with pytest.raises(PermissionDenied):
        run_detection(actor=users["handler_scj"])


def test_detect_command_runs(users):
    out = StringIO()
    call_command("insights", "detect", "--as-of", clock.today().isoformat(), stdout=out)
    assert "检测完成" in out.getvalue()
    with pytest.raises(Exception, match="格式不对"):
        call_command("insights", "detect", "--as-of", "2026/11/01")


def test_status_workflow_refuses_invalid_moves_and_is_audited(users):
    warning = _warning(owner_unit=users["handler_scj"].unit)
    child = _warning(owner_unit=users["handler_scj"].unit, label_path="测试/预警/下级", key="t2")
    with audited_write(None):
        before = child.audit_snapshot()
        child.parent = warning
        child.save()
        record("test.warning", child, before=before, after=child.audit_snapshot())
    actor = users["handler_scj"]
    with pytest.raises(ValidationError, match="预警当前状态为“新预警”,不能执行“标记已处置”"):
        warning_transition(actor=actor, warning=warning, to_status="handled", expected_version=warning.version, note="已处理")
    with pytest.raises(ValidationError, match="“排除”须填写理由或说明"):
        warning_transition(actor=actor, warning=warning, to_status="dismissed", expected_version=warning.version)
    version = warning.version
    warning_transition(actor=actor, warning=warning, to_status="acknowledged", expected_version=version, note="已安排核查")
    warning.refresh_from_db()
    child.refresh_from_db()
    assert warning.status == "acknowledged" and warning.owner == actor and warning.version == version + 1
    assert child.status == "acknowledged", "roll-up children move with their parent"
    entry = AuditEntry.objects.filter(action="insights.early_warning.acknowledge", object_id=str(warning.pk)).first()
    assert entry is not None and entry.actor_name
    assert AuditEntry.objects.filter(action="insights.early_warning.acknowledge", object_id=str(child.pk)).count() == 1
    stale = EarlyWarning.objects.get(pk=warning.pk)
    with pytest.raises(ConcurrentEditError):
        warning_transition(actor=actor, warning=stale, to_status="handled", expected_version=version, note="已处置")
    warning_transition(actor=actor, warning=stale, to_status="handled", expected_version=stale.version, note="已处置完毕")
    stale.refresh_from_db()
    assert stale.status == "handled" and "已处置完毕" in stale.note
    with pytest.raises(ValidationError, match="该预警已办结"):
        warning_transition(actor=actor, warning=stale, to_status="dismissed", expected_version=stale.version, note="x")
    fresh = _warning(owner_unit=users["handler_scj"].unit, key="t3")
    with pytest.raises(PermissionDenied):  # the leader reads warnings but does not act on them
        warning_transition(actor=users["leader"], warning=fresh, to_status="acknowledged", expected_version=fresh.version, note="x")
    assert EarlyWarning.objects.get(pk=fresh.pk).status == "new"


def test_scopes_handler_coordinator_and_city_wide(users):
    district = users["coordinator_gjz"].unit.division
    own = _warning(owner_unit=users["handler_scj"].unit, key="own")
    other = _warning(owner_unit=users["handler_zjj"].unit, key="other")
    in_district = _warning(owner_unit=users["handler_zjj"].unit, district=district, key="district")
    scj = set(warnings_for_user(users["handler_scj"]).values_list("pk", flat=True))
    assert own.pk in scj and other.pk not in scj and in_district.pk not in scj
    gjz = set(warnings_for_user(users["coordinator_gjz"]).values_list("pk", flat=True))
    assert in_district.pk in gjz and other.pk not in gjz
    leader = set(warnings_for_user(users["leader"]).values_list("pk", flat=True))
    assert {own.pk, other.pk, in_district.pk} <= leader


def test_pages_and_api_respect_scope_and_capabilities(client_for, users):
    own = _warning(owner_unit=users["handler_scj"].unit, key="page-own")
    other = _warning(owner_unit=users["handler_zjj"].unit, key="page-other", label_path="他单位/预警")
    client = client_for("handler_scj")
    page = client.get(reverse("insights:warning_list"))
    assert page.status_code == 200
    text = page.content.decode()
    assert "测试/预警" in text and "他单位/预警" not in text
    assert client.get(reverse("insights:warning_detail", args=[own.pk])).status_code == 200
    assert client.get(reverse("insights:warning_detail", args=[other.pk])).status_code == 404
    assert client.get(reverse("api:warning", args=[other.pk])).status_code == 404
    assert client.post(reverse("insights:warning_action", args=[other.pk, "acknowledge"]), {"version": other.version}).status_code == 404
    api = client.get(reverse("api:warnings")).json()["results"]
    assert own.pk in {w["id"] for w in api} and other.pk not in {w["id"] for w in api}
    enterprise = client_for("enterprise")
    assert enterprise.get(reverse("insights:warning_list")).status_code == 403
    assert enterprise.get(reverse("api:warnings")).status_code == 403
    leader = client_for("leader")
    assert leader.get(reverse("insights:warning_detail", args=[own.pk])).status_code == 200
    assert leader.post(reverse("insights:warning_action", args=[own.pk, "acknowledge"]), {"version": own.version}).status_code == 403


def test_buttons_change_status_and_report_errors(client_for, users):
    warning = _warning(owner_unit=users["handler_scj"].unit, key="buttons")
    client = client_for("handler_scj")
    url = reverse("insights:warning_action", args=[warning.pk, "dismiss"])
    response = client.post(url, {"version": warning.version, "reason": ""}, follow=True)
    assert response.status_code == 200 and "“排除”须填写理由或说明" in response.content.decode()
    response = client.post(reverse("insights:warning_action", args=[warning.pk, "acknowledge"]), {"version": warning.version}, follow=True)
    text = response.content.decode()
    assert "“确认”已完成" in text and '<strong id="warning-status">已确认</strong>' in text
    response = client.post(reverse("insights:warning_action", args=[warning.pk, "acknowledge"]), {"version": warning.version}, follow=True)
    # No longer new, and a stale version: the conflict is reported first (someone else acted), not the state.
    assert "该记录已被他人修改" in response.content.decode()
    response = client.post(reverse("insights:warning_action", args=[warning.pk, "handle"]), {"version": warning.version, "reason": "x"}, follow=True)
    assert "该记录已被他人修改" in response.content.decode()
    warning.refresh_from_db()
    assert warning.status == "acknowledged"


def test_detail_page_shows_observed_expected_chart_and_masked_callers(client_for, users):
    label = _routed_label("市市场监督管理局")
    district = Division.objects.filter(level=Division.Level.DISTRICT, code__startswith="2102").order_by("code").first()
    injected = inject_outbreak(seed=12, label=label, district=district, count=10)
    run_detection(actor=None)
    warning = EarlyWarning.objects.filter(label_path=label.path, district=district, place__isnull=True).first()
    assert warning is not None
    text = client_for("leader").get(reverse("insights:warning_detail", args=[warning.pk])).content.decode()
    assert "warning-chart-data" in text and "实际 / 期望" in text and "p =" in text
    assert injected[0].tracking_no in text
    assert injected[0].person_phone not in text, "the leader lacks core.view_personal_data: phones are masked"
    assert injected[0].person_phone[:3] in text
