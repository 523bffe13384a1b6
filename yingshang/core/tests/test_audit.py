import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from yingshang.core.audit import AuditMissingError, UnauditedWriteError, audited_write
from yingshang.core.auditlog import verify_chain
from yingshang.core.models import AuditEntry, Enterprise, Unit
from yingshang.core.services import enterprise_update, unit_alias_add

pytestmark = pytest.mark.django_db


def test_demo_city_chain_verifies():
    report = verify_chain()
    assert report.ok and report.checked == AuditEntry.objects.count() > 100


def test_service_change_lands_in_the_trail_with_before_and_after(users):
    enterprise = Enterprise.objects.order_by("id").first()
    last = AuditEntry.objects.order_by("-seq").first().seq
    enterprise_update(actor=users["admin"], enterprise=enterprise, expected_version=enterprise.version, employees=777)
    entry = AuditEntry.objects.get(seq=last + 1)
    assert entry.action == "core.enterprise.update"
    assert entry.actor_name == "admin" and entry.unit_name == users["admin"].unit.name
    assert entry.object_id == str(enterprise.pk)
    assert entry.after["employees"] == 777 and entry.before["employees"] != 777
    assert verify_chain().ok


def test_direct_save_outside_a_service_is_refused():
    unit = Unit.objects.first()
    unit.name = "改名"
    with pytest.raises(UnauditedWriteError):
        unit.save()
    with pytest.raises(UnauditedWriteError):
        Unit.objects.filter(pk=unit.pk).update(name="改名")
    with pytest.raises(UnauditedWriteError):
        Unit.objects.filter(pk=unit.pk).delete()
    assert Unit.objects.get(pk=unit.pk).name != "改名"


def test_a_write_without_its_entry_rolls_back():
    unit = Unit.objects.first()
    original = unit.name
    with pytest.raises(AuditMissingError):
        with audited_write(None):
            unit.name = "未记录的修改"
            unit.save()
    assert Unit.objects.get(pk=unit.pk).name == original


def _tamper(sql, params):
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_edited_entry_is_detected():
    seq = AuditEntry.objects.order_by("seq").values_list("seq", flat=True)[10]
    _tamper("UPDATE core_auditentry SET actor_name = %s WHERE seq = %s", ["mallory", seq])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == seq and "篡改" in report.problem


def test_deleted_entry_is_detected():
    seq = AuditEntry.objects.order_by("seq").values_list("seq", flat=True)[20]
    _tamper("DELETE FROM core_auditentry WHERE seq = %s", [seq])
    report = verify_chain()
    assert not report.ok and report.first_bad_seq == seq


def test_truncated_tail_is_detected(users):
    unit_alias_add(actor=users["admin"], unit=Unit.objects.first(), alias="测试别名甲")
    last = AuditEntry.objects.order_by("-seq").first().seq
    _tamper("DELETE FROM core_auditentry WHERE seq = %s", [last])
    report = verify_chain()
    assert not report.ok and "最新记录被删除" in report.problem


def test_cli_verify_fails_after_tampering(capsys):
    call_command("audit", "verify")
    assert "哈希链完整" in capsys.readouterr().out
    _tamper("UPDATE core_auditentry SET after = %s WHERE seq = %s", ['{"forged": true}', 5])
    with pytest.raises(CommandError, match="第5条"):
        call_command("audit", "verify")
