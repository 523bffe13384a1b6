"""A registry import re-matches the enterprises it creates or changes against the policies in force
(policies/signals.py, after each batch commits), with the same verdicts whether the import writes a chunk's
new enterprises together (core.services.enterprises_create_many) or row by row."""

from __future__ import annotations

import numpy as np
import pytest
from django.db import IntegrityError, transaction

from yingshang.core import imports
from yingshang.core.creditcode import generate_credit_codes
from yingshang.core.imports import enterprise_import
from yingshang.core.models import Enterprise
from yingshang.policies import matchstore
from yingshang.policies.models import MatchRun, PolicyItem

pytestmark = pytest.mark.django_db

HEADER = "统一社会信用代码,名称,主体类型,注册区县,行业代码,成立日期,从业人数,营业收入(万元),资质,信用等级\n"
CODES = generate_credit_codes(8, division_codes=np.full(8, "210202"), type_codes=np.full(8, "1"), rng=np.random.default_rng(11))
ROWS = [(0, "I65", "20", "300", "高新技术企业", "A"), (1, "C39", "250", "40000", "", "A"), (2, "M73", "8", "90", "科技型中小企业", "B"),
        (3, "F51", "60", "5000", "", "C"), (4, "I64", "3", "20", "", "A"), (5, "C34", "120", "12000", "专精特新中小企业", "A")]


def _file(credit_of_first: str) -> bytes:
    lines = [f"{CODES[i]},匹配测试{i}有限公司,企业,中山区,{industry},2019-06-01,{employees},{revenue},{quals},{credit_of_first if i == 0 else credit}\n"
             for i, industry, employees, revenue, quals, credit in ROWS]
    return (HEADER + "".join(lines)).encode("utf-8")


def _verdicts() -> dict[str, dict[int, int]]:
    """Per imported enterprise (by credit code): item id → stored verdict."""
    ids = dict(Enterprise.objects.filter(credit_code__in=CODES).values_list("pk", "credit_code"))
    found: dict[str, dict[int, int]] = {code: {} for code in ids.values()}
    for (item_id, verdict), verdict_set in matchstore.load().items():
        for pk, code in ids.items():
            if verdict_set.find(pk) is not None:
                found[code][item_id] = verdict
    return found


def _import_twice_and_roll_back(admin, django_capture_on_commit_callbacks) -> tuple[dict, dict]:
    """Verdicts after importing the file (all new), then after a second file that updates the first row."""
    with transaction.atomic():
        with django_capture_on_commit_callbacks(execute=True):
            enterprise_import(actor=admin, file=_file("A"), filename="a.csv")
        created = _verdicts()
        runs = MatchRun.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            job = enterprise_import(actor=admin, file=_file("D"), filename="b.csv")
        assert (job.updated_rows, job.unchanged_rows) == (1, len(ROWS) - 1)
        assert MatchRun.objects.count() == runs + 1  # the updated enterprise was re-matched
        updated = _verdicts()
        transaction.set_rollback(True)
    return created, updated


def test_policy_verdicts_after_an_import_are_those_of_the_row_by_row_import(users, monkeypatch, django_capture_on_commit_callbacks):
    assert PolicyItem.objects.filter(status=PolicyItem.Status.PUBLISHED).exists()
    monkeypatch.setattr(imports, "IMPORT_CHUNK_ROWS", 4)
    created, updated = _import_twice_and_roll_back(users["admin"], django_capture_on_commit_callbacks)

    def row_by_row(**kwargs):
        raise IntegrityError("forced")

    monkeypatch.setattr(imports, "enterprises_create_many", row_by_row)
    monkeypatch.setattr(imports, "enterprises_update_many", row_by_row)
    assert (created, updated) == _import_twice_and_roll_back(users["admin"], django_capture_on_commit_callbacks)
    assert sum(len(items) for items in created.values()) > 0  # the new enterprises were matched at all
    assert created[CODES[0]] != updated[CODES[0]]  # credit class A → D moves the first enterprise's verdicts
