"""Conventions of round 36, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

_ROLES_HEADINGS = """某区2021年专项整治工作方案
一、任务分工
(一)区交通局牵头,各乡镇(街道)配合:摸清辖区内高层建筑底数。
(二)区住建局牵头负责,相关科室、村(社区)配合:督促物业企业落实整改。
二、工作要求
(一)各乡镇(街道)配合:做好宣传发动。
"""


def test_a_heading_of_roles_whose_helpers_name_ends_in_a_bracket_names_its_lead():
    items = items_by_path(_ROLES_HEADINGS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区交通局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区住建局"]


def test_a_bare_role_word_after_a_bracket_does_not_cut_the_heading_into_a_field():
    items = items_by_path(_ROLES_HEADINGS)
    assert "摸清辖区内高层建筑底数" in items[(1, 1)]["text"]
    assert not any("摸清" in m["mention"] for m in items[(1, 1)]["responsible_units"])
