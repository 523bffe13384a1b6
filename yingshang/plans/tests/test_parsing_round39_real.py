"""Conventions of round 39, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names

# An item whose work is divided among several units, each part a sentence (or the part after a semicolon) that opens
# with the unit leading it — the same division 「…由A牵头负责;…由B牵头负责」 states with 由.
_WORK_DIVIDED_AMONG_LEADS = """某县农村房屋安全隐患排查整治工作方案
一、工作任务
(一)全面排查。全面排查农村房屋基本情况。县住建局牵头开展结构安全排查;县市场监管局牵头开展经营安全排查;县自然资源局牵头开展用地合法性排查。
(二)宣传引导。县委宣传部牵头做好政策解读工作。县融媒体中心牵头做好舆论引导工作。
(三)职责分工
县财政局牵头负责资金保障。
县应急局牵头负责应急处置。
(四)督导检查。县政府督查室牵头组织督导,各乡镇配合。
"""


def test_work_divided_among_units_each_opening_its_part_names_each_as_a_lead():
    items = items_by_path(_WORK_DIVIDED_AMONG_LEADS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县住建局", "县市场监管局", "县自然资源局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县委宣传部", "县融媒体中心"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["县财政局", "县应急局"]
    assert mention_names(items[(1, 4)]["lead_units"]) == ["县政府督查室"]


# Two units named as leads in one clause's middle — 「结合A牵头开展的行动,B牵头…」 — are no division of the work: the
# first is another campaign's lead, and the item keeps the one its own clause names.
_ANOTHER_CAMPAIGNS_LEAD_IN_PASSING = """某市食品安全工作方案
一、重点任务
(一)结合市卫健委牵头开展的专项行动,市市场监管局牵头组织抽检。
"""


def test_a_lead_named_inside_a_clause_is_no_part_of_a_division():
    items = items_by_path(_ANOTHER_CAMPAIGNS_LEAD_IN_PASSING)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局"]
