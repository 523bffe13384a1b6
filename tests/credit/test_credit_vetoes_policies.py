"""The one credit check across apps: a blacklisting in the credit app vetoes policy matches (policies reads
``blacklisted`` through core.registry.credit_standing, never importing credit) and a 信用修复 lifts the veto,
both in the live 我的可享政策 and in the stored match sets that incremental re-matching keeps."""

from __future__ import annotations


import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from yingshang.core import clock
from yingshang.core.models import Unit, User
from yingshang.core.registry import credit_check
from yingshang.credit import services as credit
from yingshang.policies import matchstore
from yingshang.policies.matchstore import ELIGIBLE, UNDETERMINED
from yingshang.policies.selectors import my_policies

pytestmark = pytest.mark.django_db
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


def _offered(user) -> set[int]:
    return {row.item.pk for row in my_policies(user)}


def _stored(enterprise_id: int, item_ids) -> set[int]:
    sets = matchstore.load(list(item_ids), (ELIGIBLE, UNDETERMINED), members_only=True)
    return {item for (item, _verdict), members in sets.items() if members.find(enterprise_id) is not None}


def test_a_blacklisting_vetoes_policy_matches_and_a_repair_lifts_it(django_capture_on_commit_callbacks):
    user = User.objects.get(username="enterprise")
    enterprise = user.enterprise
    admin = User.objects.get(username="admin")
    scj = Unit.objects.get(name="市市场监督管理局")
    vetoing = {row.item.pk for row in my_policies(user) if "blacklisted" in str(row.version.exclusions)}
    assert vetoing, "the demo enterprise is offered items that exclude blacklisted enterprises"
    with django_capture_on_commit_callbacks(execute=True):
        credit.run_evaluation(actor=admin)  # the demo's stored matches and evaluations in step
    stored_before = _stored(enterprise.pk, vetoing)
    assert stored_before, "the stored match sets hold the demo enterprise for a vetoing item"

    with django_capture_on_commit_callbacks(execute=True):
        entry = credit.blacklist_add(actor=admin, enterprise=enterprise, unit=scj, listed_on=clock.today(), reason="拒不履行法院判决")
    assert credit_check(enterprise.pk).blacklisted
    assert not (vetoing & _offered(user))
    assert not (_stored(enterprise.pk, vetoing) & vetoing)

    application = credit.repair_apply(actor=user, record_obj=entry, statement="已履行判决",
                                      files=[SimpleUploadedFile("履行证明.pdf", PDF, content_type="application/pdf")])
    with django_capture_on_commit_callbacks(execute=True):
        credit.repair_act(actor=User.objects.get(username="handler_scj"), application=application, operation="approve",
                          data={"reason": "已履行,准予移出"})
    assert not credit_check(enterprise.pk).blacklisted
    assert vetoing <= _offered(user)
    assert _stored(enterprise.pk, vetoing) == stored_before
