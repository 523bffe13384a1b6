"""Intake and the issue's bad-input list: empty/oversized content, phones, unknown labels and units,
replays with an idempotency key, HTML stored as given and shown escaped, concurrent actions."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from yingshang.appeals import services
from yingshang.appeals.models import Appeal, HubSettings
from yingshang.appeals.workflow import State
from yingshang.core.services import ConcurrentEditError

pytestmark = pytest.mark.django_db


def submit(**values):
    defaults = dict(actor=None, public=True, channel="web", appeal_type="complaint", content="小区电梯坏了一周没人修", person_phone="13912345678")
    return services.appeal_submit(**(defaults | values))


def test_content_limits(hub):
    with pytest.raises(ValidationError) as error:
        submit(content="   ")
    assert "诉求内容不能为空" in error.value.message_dict["content"]
    with pytest.raises(ValidationError) as error:
        submit(content="长" * 10_001)
    assert "10001 字" in error.value.message_dict["content"][0] and "10000" in error.value.message_dict["content"][0]
    assert submit(content="长" * 10_000).appeal.content == "长" * 10_000


@pytest.mark.parametrize("phone, stored", [
    ("13912345678", "13912345678"), ("+86 139-1234-5678", "13912345678"), ("0411-84561234", "041184561234"),
    ("84561234", "84561234"), ("0411-84561234转123", "041184561234"),
])
def test_valid_phones_are_normalised(phone, stored):
    assert services.normalize_phone(phone) == stored


@pytest.mark.parametrize("phone", ["12345", "1391234567", "23912345678", "139123456789", "abc13912345678", "0411-12"])
def test_malformed_phones_are_refused(phone, hub):
    with pytest.raises(ValidationError) as error:
        submit(person_phone=phone)
    assert "联系电话" in error.value.message_dict["person_phone"][0]


def test_unknown_label_unit_and_district(hub):
    with pytest.raises(ValidationError) as error:
        submit(label="不存在/的/标签", unit="不存在的局", district="火星区")
    fields = error.value.message_dict
    assert "不存在于现行标签体系" in fields["label"][0] and "不存在或已停用" in fields["unit"][0] and "不在本市区划" in fields["district"][0]


def test_idempotency_key_makes_a_retry_return_the_same_appeal(hub):
    first = submit(idempotency_key="form-7f3a")
    again = submit(idempotency_key="form-7f3a")
    assert first.created and not again.created and again.appeal.pk == first.appeal.pk
    assert Appeal.objects.filter(idempotency_key="form-7f3a").count() == 1
    with pytest.raises(services.IdempotencyConflict):
        submit(idempotency_key="form-7f3a", content="另一件完全不同的事")


def test_html_is_stored_as_given_and_shown_escaped(hub, client_for):
    script = '<script>alert("x")</script><b>漏水</b>'
    appeal = submit(content=script).appeal
    assert Appeal.objects.get(pk=appeal.pk).content == script
    page = client_for("operator").get(reverse("appeals:detail", args=[appeal.tracking_no])).content.decode()
    assert script not in page and "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page


def test_street_must_belong_to_the_district(hub):
    from yingshang.core.models import Division

    street = Division.objects.filter(level=3, parent=hub.gjz).first()
    with pytest.raises(ValidationError, match="不属于中山区"):
        submit(district=hub.zs, street=street)
    assert submit(street=street).appeal.district == hub.gjz  # the district follows from the street


def test_operator_dispatch_at_intake_uses_the_routing_table(hub, users):
    result = services.appeal_submit(actor=users["operator"], channel="hotline", appeal_type="complaint", content="拖欠工程款两年",
                                    district=hub.gjz, label="营商环境/拖欠账款/政府部门拖欠", dispatch=True)
    assert result.dispatched and not result.automatic
    assert result.appeal.state == State.DISPATCHED and result.appeal.unit == hub.units["gjz_czj"]  # the district rule wins
    from yingshang.core.models import Division

    pilot_zone = Division.objects.filter(level=2, is_pilot_zone=True).first()  # no district rule there: the city-wide rule applies
    elsewhere = services.appeal_submit(actor=users["operator"], channel="hotline", appeal_type="complaint", content="拖欠货款",
                                       district=pilot_zone, label="营商环境/拖欠账款/政府部门拖欠", dispatch=True)
    assert elsewhere.appeal.unit == hub.units["czj"]
    assert result.appeal.dispatched_on_time is True


def test_public_submissions_cannot_dispatch_or_skip_capabilities(hub, users):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.appeal_submit(actor=users["citizen"], channel="web", appeal_type="help", content="求助", dispatch=False)


class FakeSuggestion:
    def __init__(self, label, confidence):
        self.label, self.confidence = label, confidence


class FakeModel:
    def __init__(self, confidence):
        self.confidence = confidence

    def suggest(self, text, k=3):
        return [FakeSuggestion("城乡建设/物业管理/电梯故障", self.confidence), FakeSuggestion("城乡建设/物业管理/物业收费", 0.05)][:k]

    def suggest_many(self, texts, k=3):
        return [self.suggest(text, k=k) for text in texts]


def _with_model(monkeypatch, confidence):
    from yingshang.appeals import suggest

    monkeypatch.setattr(suggest, "active_model", lambda: (FakeModel(confidence), None))


def test_confident_suggestion_dispatches_automatically(hub, monkeypatch):
    _with_model(monkeypatch, 0.97)
    result = submit()
    assert result.dispatched and result.automatic and result.appeal.unit == hub.units["zjj"]
    assert result.appeal.suggestions[0]["label_path"] == "城乡建设/物业管理/电梯故障"
    assert result.appeal.dispatches.get().automatic


def test_unsure_suggestion_waits_for_the_operator(hub, monkeypatch):
    _with_model(monkeypatch, 0.55)
    result = submit()
    assert not result.dispatched and result.appeal.state == State.RECEIVED
    assert [s["unit_name"] for s in result.appeal.suggestions] == ["市住房和城乡建设局", "市住房和城乡建设局"]


def test_a_rule_that_keeps_coming_back_stops_auto_dispatch(hub, monkeypatch, make_appeal):
    _with_model(monkeypatch, 0.97)
    for _ in range(5):
        appeal = make_appeal(State.RECEIVED)
        services.appeal_act(actor=None, appeal=appeal, action="dispatch")
        services.appeal_act(actor=None, appeal=appeal, action="return", reason="不是住建职责")
        services.appeal_act(actor=None, appeal=appeal, action="dispatch", unit=hub.units["scj"])
        services.appeal_act(actor=None, appeal=appeal, action="sign")
    result = submit(district=hub.zs)
    top = result.appeal.suggestions[0]
    assert not result.dispatched and top["auto_ok"] is False
    assert top["alternatives"][0][1] == "市市场监督管理局"  # learned from the signed re-dispatches


def test_no_model_means_no_suggestion(hub):
    from yingshang.appeals.models import ClassifierVersion

    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record

    with audited_write(None):
        for version in ClassifierVersion.objects.filter(is_active=True):
            version.is_active = False
            version.save()
            record("test.deactivate", version, after={"is_active": False})
    result = submit()
    assert result.appeal.suggestions == [] and result.appeal.state == State.RECEIVED


def test_threshold_is_configurable(hub, users, monkeypatch):
    _with_model(monkeypatch, 0.9)
    settings_row = HubSettings.objects.get()
    services.hub_settings_update(actor=users["admin"], expected_version=settings_row.version, auto_dispatch_threshold=0.95)
    assert not submit().dispatched
    settings_row.refresh_from_db()
    services.hub_settings_update(actor=users["admin"], expected_version=settings_row.version, auto_dispatch_threshold=0.8)
    assert submit(content="另一部电梯也坏了").dispatched


def test_concurrent_actions_one_wins_the_other_gets_a_conflict(hub, make_appeal, users):
    appeal = make_appeal(State.DISPATCHED)
    stale = Appeal.objects.get(pk=appeal.pk)  # a second operator's page, loaded at the same version
    services.appeal_act(actor=users["handler_zjj"], appeal=appeal, action="sign", expected_version=1)
    with pytest.raises(ConcurrentEditError):
        services.appeal_act(actor=users["operator"], appeal=stale, action="reassign", unit=hub.units["scj"], reason="改派", expected_version=1)
    appeal.refresh_from_db()
    assert appeal.state == State.SIGNED and appeal.unit == hub.units["zjj"] and appeal.version == 2
    assert list(appeal.events.values_list("action", flat=True)) == ["sign"]


def test_conflict_through_the_page_and_the_api(hub, make_appeal, client_for):
    appeal = make_appeal(State.DISPATCHED)
    client = client_for("handler_zjj")
    url = reverse("appeals:act", args=[appeal.tracking_no, "sign"])
    assert client.post(url, {"version": 1}).status_code == 302
    response = client.post(url.replace("sign", "return"), {"version": 1, "reason": "不归我们"}, follow=True)
    assert "操作冲突" in response.content.decode()
    api = reverse("api:appeal_action", args=[appeal.tracking_no, "feedback"])
    response = client.post(api, {"version": 1, "reason": "进展"}, content_type="application/json")
    assert response.status_code == 409 and "冲突" in response.json()["detail"]
    assert client.post(api, {"version": 2, "reason": "已到现场"}, content_type="application/json").json()["state"] == "in_progress"


def test_attachments_are_stored_and_served_only_within_scope(hub, client_for, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    settings.MEDIA_ROOT = tmp_path
    photo = SimpleUploadedFile("现场.jpg", b"\xff\xd8\xff fake jpeg", content_type="image/jpeg")
    appeal = submit(attachments=[photo]).appeal
    item = appeal.attachments.get()
    url = reverse("appeals:attachment", args=[appeal.tracking_no, item.pk])
    assert client_for("operator").get(url).status_code == 200
    assert client_for("handler_scj").get(url).status_code == 404
    with pytest.raises(ValidationError, match="文件类型不支持"):
        submit(attachments=[SimpleUploadedFile("run.exe", b"MZ")])
