"""一事多诉: fingerprints, candidate search, merging, and the closed loop of merged callers (reply,
callback, bad rating), plus the scope of the pages."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import numpy as np
import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.utils import timezone

from yingshang.appeals import services as appeal_services
from yingshang.appeals.models import Appeal, Label
from yingshang.appeals.workflow import APPEALS, State
from yingshang.core import workflow
from yingshang.core import clock
from yingshang.core.models import AuditEntry, Division, Notification
from yingshang.insights.duplicates import cli as cli_duplicates
from yingshang.insights.models import AppealFingerprint, FingerprintBand
from yingshang.insights.duplicates import selectors as selectors
from yingshang.insights.duplicates import services as fingerprints
from yingshang.insights.duplicates.services import duplicates_merge

pytestmark = pytest.mark.django_db

NOW = timezone.make_aware(dt.datetime(2026, 11, 18, 10, 0))
LIFT = "我家小区3号楼的电梯已经坏了一个星期,物业一直不来维修,老人上下楼非常困难,请尽快处理。"
LIFT_AGAIN = "小区3号楼电梯坏了一个星期了,物业始终不来维修,老人上下楼很困难,请相关部门尽快处理!"
LIFT_THIRD = "您好,3号楼的电梯坏了快一个星期,物业一直不维修,老人上下楼非常困难,请尽快处理。谢谢!"
NOISE = "夜间工地施工噪音扰民,凌晨两点还在打桩,严重影响休息,请环保部门查处。"


@pytest.fixture
def frozen():
    with clock.frozen_at(NOW):
        yield NOW


@pytest.fixture
def places(db):
    return {"zs": Division.objects.get(code="210202"), "gjz": Division.objects.get(code="210211")}


@pytest.fixture
def submit(users, places, frozen):
    def make(content, *, address="中山区人民路 8 号阳光小区", district="zs", phone="13900000001", actor="operator", at=None, **values):
        with clock.frozen_at(at or clock.now()):
            return appeal_services.appeal_submit(
                actor=users[actor] if actor else None, channel="hotline", appeal_type="complaint", content=content, address=address,
                district=places[district] if district else None, person_name="张三", person_phone=phone, dispatch=False, **values,
            ).appeal

    return make


@pytest.fixture
def label():
    return Label.objects.filter(taxonomy__status="published", is_leaf=True).order_by("path").first()


def _dispatch_to_handler(appeal, users, label):
    appeal_services.appeal_act(actor=users["operator"], appeal=appeal, action="dispatch", label=label, unit=users["handler_zjj"].unit)
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=appeal, action="sign")


def _reload(appeal):
    return Appeal.objects.get(pk=appeal.pk)


# --- normalisation and signatures -------------------------------------------------------------------------

def test_normalisation_strips_scraping_noise_and_punctuation():
    raw = "\n\t\t小区电梯　故障！！\xa0ＡＢＣ１２３,电话*****请回复。"
    assert fingerprints.normalize_for_fingerprint(raw) == "小区电梯故障abc123电话请回复"
    assert fingerprints.appeal_text("电梯故障", "电梯故障\n物业不修") == "电梯故障物业不修"  # title repeated as first line: once
    assert fingerprints.appeal_text("噪音", "工地施工") == "噪音工地施工"
    assert fingerprints.shingles("电梯故障") == ["电梯", "梯故", "故障"]
    assert fingerprints.shingles("电") == ["电"] and fingerprints.shingles("") == []


def test_signature_is_stable_and_the_vectorised_path_matches_datasketch():
    text = fingerprints.appeal_text("", LIFT)
    first, second = fingerprints.signature(text), fingerprints.signature(text)
    assert first.dtype == np.uint32 and first.shape == (fingerprints.NUM_PERM,)
    assert np.array_equal(first, second)
    batch = fingerprints.signatures_numpy([text, fingerprints.appeal_text("", NOISE), ""])
    assert np.array_equal(batch[0], first) and np.array_equal(batch[1], fingerprints.signature(fingerprints.appeal_text("", NOISE)))
    assert not batch[2].any() and fingerprints.signature("") is None
    bands = fingerprints.band_hashes(batch[:2])
    assert bands.shape == (2, fingerprints.BANDS) and bands.dtype == np.int64
    assert np.array_equal(bands[0], fingerprints.band_hashes(first)[0])


def test_similarity_separates_rewordings_from_other_matters():
    exact = selectors.text_similarity("", LIFT, "", LIFT)
    reworded = selectors.text_similarity("", LIFT, "", LIFT_AGAIN)
    other = selectors.text_similarity("", LIFT, "", NOISE)
    assert exact == 1.0 and reworded > selectors.CANDIDATE_THRESHOLD > other
    # Scraping whitespace and full-width forms do not change the fingerprint.
    assert selectors.text_similarity("", LIFT, "", "\n\t" + LIFT.replace(",", ",\u3000")) == 1.0


# --- the index and the candidates ---------------------------------------------------------------------------

def test_intake_indexes_the_appeal_in_its_transaction(submit):
    appeal = submit(LIFT)
    fingerprint = AppealFingerprint.objects.get(appeal=appeal)
    assert fingerprint.accepted_at == appeal.accepted_at
    assert FingerprintBand.objects.filter(appeal=appeal).count() == fingerprints.BANDS
    stored = fingerprints.signature_of(fingerprint)
    assert np.array_equal(stored, fingerprints.signature(fingerprints.appeal_text(appeal.title, appeal.content)))


def test_candidates_are_ranked_by_text_place_and_time(submit, places):
    first = submit(LIFT, phone="13900000001", at=NOW - dt.timedelta(days=2))
    same_place = submit(LIFT_AGAIN, phone="13900000002", at=NOW - dt.timedelta(days=1))
    elsewhere = submit(LIFT_AGAIN, address="甘井子区华北路 100 号", district="gjz", phone="13900000003")
    unrelated = submit(NOISE, phone="13900000004")
    third = submit(LIFT_THIRD, phone="13900000005")
    found = selectors.candidates_for(third)
    numbers = [c.appeal.tracking_no for c in found]
    assert unrelated.tracking_no not in numbers and third.tracking_no not in numbers
    assert set(numbers[:2]) == {first.tracking_no, same_place.tracking_no}
    if elsewhere.tracking_no in numbers:  # a different district halves the score: below the same-address ones
        assert numbers.index(elsewhere.tracking_no) == 2
    best = found[0]
    assert "同一地址" in best.reasons and best.reasons[0].startswith("文本相似 ")
    assert best.score >= best.text_similarity  # place evidence only raises the score
    gap = next(c for c in found if c.appeal == first)
    assert "间隔 2 天" in gap.reasons


def test_candidates_respect_the_window_but_keep_old_open_appeals(submit, users, label):
    long_ago = NOW - dt.timedelta(days=90)
    old_open = submit(LIFT, phone="13900000011", at=long_ago)
    old_closed = submit(LIFT_AGAIN, phone="13900000012", at=long_ago)
    with clock.frozen_at(long_ago + dt.timedelta(hours=1)):
        _dispatch_to_handler(old_closed, users, label)
        appeal_services.appeal_act(actor=users["handler_zjj"], appeal=old_closed, action="complete", reply="已修复")
    new = submit(LIFT_THIRD, phone="13900000013")
    numbers = {c.appeal.tracking_no for c in selectors.candidates_for(new)}
    assert old_open.tracking_no in numbers  # still open: whatever its age
    assert old_closed.tracking_no not in numbers  # done, and outside repeat_window_days


def test_enterprise_evidence_is_a_reason(submit):
    from yingshang.core.creditcode import check_character

    code = "91210200MA0Q2X3Y4" + check_character("91210200MA0Q2X3Y4")
    a = submit(LIFT, phone="13900000021", credit_code=code)
    b = submit(LIFT_AGAIN, phone="13900000022", credit_code=code, address="")
    found = {c.appeal.pk: c for c in selectors.candidates_for(b)}
    assert "同一企业" in found[a.pk].reasons


# --- merging and the closed loop of merged callers -------------------------------------------------------------

@pytest.fixture
def trio(submit, users, label):
    """Three callers about one lift; the first is dispatched and signed, the others merged into it."""
    first = submit(LIFT, phone="13900000031", at=NOW - dt.timedelta(hours=3), actor=None, public=True, phone_required=True)
    second = submit(LIFT_AGAIN, phone="13900000032", at=NOW - dt.timedelta(hours=2))
    third = submit(LIFT_THIRD, phone="13900000033", actor="citizen", public=True)
    _dispatch_to_handler(first, users, label)
    master = duplicates_merge(actor=users["operator"], appeals=[_reload(third), _reload(second), _reload(first)])
    return master, _reload(second), _reload(third)


def test_merge_picks_the_earliest_open_appeal_as_master_and_audits(trio):
    master, second, third = trio
    assert master.state == State.SIGNED
    for member in (second, third):
        assert member.state == State.MERGED and member.merged_into == master
        assert member.events.filter(action="merge", to_state=State.MERGED).count() == 1
    assert AuditEntry.objects.filter(action="appeals.appeal.merge", object_id__in=[str(second.pk), str(third.pk)]).count() == 2


def test_completion_reaches_every_caller_and_each_is_called_back(trio, users):
    master, second, third = trio
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=master, action="complete", reply="已更换电梯主板,恢复运行")
    for member in (_reload(second), _reload(third)):
        assert member.state == State.MERGED and member.reply == "已更换电梯主板,恢复运行" and member.completed_at == NOW
        relay = member.events.get(action="complete")
        assert relay.from_state == relay.to_state == State.MERGED and relay.data["master"] == master.tracking_no
    assert AuditEntry.objects.filter(action="appeals.appeal.merged_reply").count() >= 2
    assert Notification.objects.filter(recipient=users["citizen"], title__contains=third.tracking_no).exists()
    # Merged callers wait for the master's own callback; the master cannot be verified before all are called.
    third = _reload(third)
    with pytest.raises(ValidationError, match="主诉求办结并回访后"):
        appeal_services.appeal_act(actor=users["operator"], appeal=third, action="callback", rating=5)
    master = _reload(master)
    appeal_services.appeal_act(actor=users["operator"], appeal=master, action="callback", rating=5)
    with pytest.raises(ValidationError, match="还有 2 位合并诉求的诉求人未回访"):
        appeal_services.appeal_act(actor=users["operator"], appeal=_reload(master), action="verify")
    for member in (_reload(second), _reload(third)):
        assert "callback" in [op.name for op in workflow.possible_operations(APPEALS, member)]
        appeal_services.appeal_act(actor=users["operator"], appeal=member, action="callback", rating=4)
        member = _reload(member)
        assert member.state == State.MERGED and member.rating == 4 and member.callback_count == 1
        assert member.events.filter(action="callback", from_state=State.MERGED, to_state=State.MERGED).count() == 1
        with pytest.raises(ValidationError, match="已就本次答复回访过"):
            appeal_services.appeal_act(actor=users["operator"], appeal=member, action="callback", rating=5)
    appeal_services.appeal_act(actor=users["operator"], appeal=_reload(master), action="verify")
    assert _reload(master).state == State.VERIFIED
    callers = selectors.merged_callers(users["operator"], master)
    assert [row["callback_status"] for row in callers] == ["已回访:满意", "已回访:满意"]


def test_a_bad_rating_from_a_merged_caller_reopens_the_master(trio, users):
    master, second, third = trio
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=master, action="complete", reply="已联系维保公司")
    appeal_services.appeal_act(actor=users["operator"], appeal=_reload(master), action="callback", rating=5)
    appeal_services.appeal_act(actor=users["operator"], appeal=_reload(second), action="callback", rating=1, reason="电梯还是坏的")
    master, second = _reload(master), _reload(second)
    assert master.state == State.DISPATCHED and master.reopen_count == 1 and master.completed_at is None
    assert second.tracking_no in master.events.get(action="reopen").note
    assert second.state == State.MERGED and second.bad_rating_count == 1
    # The third caller is not called back on a reply that is being redone; the next reply reaches both again.
    with pytest.raises(ValidationError):
        appeal_services.appeal_act(actor=users["operator"], appeal=_reload(third), action="callback", rating=5)
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=master, action="sign")
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=_reload(master), action="complete", reply="已更换曳引机")
    for member in (_reload(second), _reload(third)):
        assert member.reply == "已更换曳引机" and member.rating is None


def test_a_caller_merged_into_an_answered_appeal_gets_the_reply_at_once(submit, users, label):
    master = submit(LIFT, phone="13900000041")
    _dispatch_to_handler(master, users, label)
    appeal_services.appeal_act(actor=users["handler_zjj"], appeal=_reload(master), action="complete", reply="已修复")
    late = submit(LIFT_AGAIN, phone="13900000042")
    duplicates_merge(actor=users["operator"], appeals=[late], master=_reload(master))
    late = _reload(late)
    assert late.state == State.MERGED and late.reply == "已修复" and late.completed_at is not None


def test_invalid_merges_are_refused(submit, users, trio):
    master, second, _third = trio
    lone = submit(NOISE, phone="13900000051")
    with pytest.raises(ValidationError, match="至少选择两件"):
        duplicates_merge(actor=users["operator"], appeals=[lone])
    with pytest.raises(ValidationError, match="已合并到其他诉求"):
        duplicates_merge(actor=users["operator"], appeals=[lone, second])
    with pytest.raises(PermissionDenied):
        duplicates_merge(actor=users["handler_zjj"], appeals=[lone, master])
    with pytest.raises(PermissionDenied):
        duplicates_merge(actor=users["leader"], appeals=[lone, master])
    assert _reload(lone).state == State.RECEIVED
    # All or nothing: a refusal on the second member leaves the first unmerged.
    other = submit(LIFT, phone="13900000052")
    with pytest.raises(ValidationError):
        duplicates_merge(actor=users["operator"], appeals=[other, lone, _reload(second)], master=other)
    assert _reload(lone).state == State.RECEIVED


def test_members_of_a_merged_master_follow_it(trio, submit, users):
    master, second, third = trio
    newer = submit(LIFT, phone="13900000061")
    duplicates_merge(actor=users["operator"], appeals=[_reload(master), newer], master=newer)
    assert {a.merged_into_id for a in (_reload(second), _reload(third), _reload(master))} == {newer.pk}


# --- groups -----------------------------------------------------------------------------------------------

def test_groups_list_merged_and_open_candidates_within_scope(trio, submit, users):
    master, second, third = trio
    a = submit(NOISE, phone="13900000071", address="中山区解放路 1 号工地")
    b = submit(NOISE.replace("凌晨两点", "半夜两点"), phone="13900000072", address="中山区解放路 1 号工地")
    merged = selectors.merged_groups_for_user(users["operator"])
    group = next(g for g in merged if g["master"].pk == master.pk)
    assert group["count"] == 3 and {m.pk for m in group["members"]} == {second.pk, third.pk}
    open_groups = selectors.open_candidate_groups_for_user(users["operator"])
    assert any({x.pk for x in g["appeals"]} == {a.pk, b.pk} for g in open_groups)
    # A district coordinator sees neither: these appeals are not at a unit of theirs.
    assert not any(g["master"].pk == master.pk for g in selectors.merged_groups_for_user(users["coordinator_gjz"]))
    assert not selectors.open_candidate_groups_for_user(users["coordinator_gjz"])


# --- pages and permissions --------------------------------------------------------------------------------------

def test_panel_lists_candidates_and_the_operator_merges_through_it(submit, client_for):
    first = submit(LIFT, phone="13900000081", at=NOW - dt.timedelta(hours=1))
    second = submit(LIFT_THIRD, phone="13900000082")
    client = client_for("operator")
    response = client.get(f"/insights/duplicates/appeal/{second.tracking_no}/panel/")
    assert response.status_code == 200
    html = response.content.decode()
    assert first.tracking_no in html and "同一地址" in html and 'name="member"' in html
    response = client.post(f"/insights/duplicates/appeal/{second.tracking_no}/merge/", {"member": [first.tracking_no]})
    assert response.status_code == 302 and response["Location"].endswith(f"/appeals/{first.tracking_no}/")
    assert _reload(second).merged_into_id == first.pk
    html = client.get(f"/insights/duplicates/appeal/{first.tracking_no}/panel/").content.decode()
    assert second.tracking_no in html and "待主诉求答复" in html and "13900000082" in html  # the hotline calls back
    masked = client_for("leader").get(f"/insights/duplicates/appeal/{first.tracking_no}/panel/").content.decode()
    assert "139****0082" in masked and "13900000082" not in masked  # person_view: no personal data for the leader


def test_detail_page_loads_the_panel(submit, client_for):
    appeal = submit(LIFT, phone="13900000091")
    html = client_for("operator").get(f"/appeals/{appeal.tracking_no}/").content.decode()
    assert f"/insights/duplicates/appeal/{appeal.tracking_no}/panel/" in html


def test_roles_and_scope_of_the_pages(submit, client_for, users, label):
    appeal = submit(LIFT, phone="13900000101")
    other = submit(LIFT_AGAIN, phone="13900000102")
    _dispatch_to_handler(appeal, users, label)  # now at 市住建局: outside 甘井子区's subtree
    panel = f"/insights/duplicates/appeal/{appeal.tracking_no}/panel/"
    merge = f"/insights/duplicates/appeal/{appeal.tracking_no}/merge/"
    assert client_for("coordinator_gjz").get(panel).status_code == 404
    assert client_for("handler_zjj").get(panel).status_code == 403  # handlers lack insights.view_duplicates
    assert client_for("citizen").get("/insights/duplicates/duplicates/").status_code == 403
    leader = client_for("leader")
    html = leader.get(panel).content.decode()
    assert other.tracking_no in html and 'name="member"' not in html  # reads, cannot merge
    assert leader.post(merge, {"member": [other.tracking_no]}).status_code == 403
    assert _reload(other).state == State.RECEIVED
    operator = client_for("operator")
    response = operator.post(merge, {"member": ["20990101000000"]})
    assert response.status_code == 302 and _reload(appeal).state == State.SIGNED
    assert operator.get("/insights/duplicates/duplicates/").status_code == 200


# --- commands ---------------------------------------------------------------------------------------------

def test_fingerprint_command_backfills_missing_fingerprints(submit):
    appeal = submit(LIFT, phone="13900000111")
    FingerprintBand.objects.filter(appeal=appeal).delete()
    AppealFingerprint.objects.filter(appeal=appeal).delete()
    out = io.StringIO()
    call_command("insights", "fingerprint", stdout=out)
    assert "已建立指纹" in out.getvalue()
    assert FingerprintBand.objects.filter(appeal=appeal).count() == fingerprints.BANDS
    assert AppealFingerprint.objects.count() == Appeal.objects.exclude(content="").count()


def test_evaluate_skips_without_data(tmp_path):
    out = io.StringIO()
    call_command("insights", "evaluate-duplicates", "--data", str(tmp_path), stdout=out)
    assert out.getvalue().startswith("跳过:未找到真实留言数据")


def test_paraphrases_change_the_text_but_keep_the_matter():
    import random

    rng = random.Random(3)
    variants = [cli_duplicates.paraphrase(LIFT + NOISE, rng) for _ in range(20)]
    assert all(text != LIFT + NOISE and len(ops) >= 2 for text, ops in variants)
    assert cli_duplicates.shares_passage("甲" * 5 + LIFT, LIFT + "乙") and not cli_duplicates.shares_passage(LIFT, NOISE)


@pytest.mark.skipif(not (cli_duplicates.DEFAULT_DATA / "hotspot_messages.csv").exists(), reason="未找到 ../shared/data/appeals/hotspot_messages.csv:跳过真实数据评估")
def test_precision_and_recall_on_real_messages():
    out = io.StringIO()
    call_command("insights", "evaluate-duplicates", "--paraphrases", "300", "--negatives", "500", stdout=out)
    last = out.getvalue().strip().splitlines()[-1]
    figures = dict(part.split("=") for part in last.split())
    assert float(figures["precision"]) >= 0.9 and float(figures["recall"]) >= 0.9, last


def test_default_data_path_points_at_the_shared_folder():
    assert cli_duplicates.DEFAULT_DATA.parts[-3:] == ("shared", "data", "appeals") and isinstance(cli_duplicates.DEFAULT_DATA, Path)


def test_demo_builder_indexes_appeals_and_adds_example_groups_on_the_full_city(monkeypatch, users, frozen):
    from yingshang.insights.duplicates import demo as demo_duplicates

    monkeypatch.setattr("yingshang.core.modules.demo_scale", lambda: 1.0)
    before = Appeal.objects.count()
    line = demo_duplicates.build(seed=5, say=lambda message: None)
    assert "示例重复来电 4 件" in line and Appeal.objects.count() == before + 4
    assert not Appeal.objects.filter(fingerprint__isnull=True).exclude(content="").exists()
    newest = Appeal.objects.order_by("-id")[0]
    assert any(c.appeal.address == newest.address for c in selectors.candidates_for(newest))
