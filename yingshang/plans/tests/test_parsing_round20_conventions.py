"""Conventions of round 20, from parts written blind after round 19 (建议提案 分办表, …). Each example is constructed for
the test, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing.tables import LEAD, PERSON, RESPONSIBLE, TEXT, column_role

from .parsing_helpers import items_by_path, mention_names

# A 人大代表建议 / 政协提案 分办表: each matter is its 案由 (or 建议题目), handled by its 主办 units with the 会办 ones;
# the deputy or the party committee that proposed it is no unit of the task.
_PROPOSALS = """某县第十届政协第二次会议提案办理分工表
交办日期:2023年2月10日

| 序号 | 案号 | 案由 | 提案者 | 主办单位 | 会办单位 | 办理时限 |
| 1 | 102 | 关于加快县城停车场建设的提案 | 农工党县委会 | 县住建局 | 县公安局、县城管局 | 2023年5月31日 |
| 2 | 115 | 关于支持农产品电商发展的提案 | 王某等3位委员 | 县商务局 | 县农业农村局 | 2023年6月30日 |
| 3 | 131 | 关于提升乡镇卫生院服务能力的提案 | 县工商联 | 县卫健局 | 县财政局、县医保局 | 2023年5月31日 |
"""


def test_a_proposals_table_reads_its_matters_by_their_subject_and_leaves_the_proposer_out():
    items = items_by_path(_PROPOSALS)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["text"].startswith("关于加快县城停车场建设的提案")
    assert mention_names(items[(1,)]["lead_units"]) == ["县住建局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["县卫健局"]
    assert "县工商联" not in mention_names(items[(3,)]["lead_units"] + items[(3,)]["responsible_units"])
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-06-30"]


def test_the_columns_of_a_proposals_table():
    assert column_role("案由") == TEXT
    assert column_role("建议题目") == TEXT
    assert column_role("提案者") == PERSON
    assert column_role("领衔代表") == PERSON
    assert column_role("代表团") == PERSON
    assert column_role("主办单位") == LEAD
    assert column_role("会办单位") == RESPONSIBLE
