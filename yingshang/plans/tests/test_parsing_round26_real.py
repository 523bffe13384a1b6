"""Conventions of round 26, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _plan(*items: str) -> dict:
    return items_by_path("某区工作方案\n一、主要任务\n" + "\n".join(items) + "\n")


def test_helpers_named_with_their_verb_do_not_hide_the_leads_of_the_bracket():
    # 「……配合实施」: the helpers' verb after 配合 — the bracket is still the item's roles
    items = _plan("(一)建立清单。按规范建立耕地分类清单。(区农业农村委、区生态环境局牵头, 各街镇、开发区、某某集团配合实施)")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区农业农村委", "区生态环境局"]
    assert "某某集团" in mention_names(items[(1, 1)]["responsible_units"])


def test_helpers_that_act_as_their_conditions_allow_are_helpers():
    items = _plan("(一)开展专题调查。到2025年完成专题调查。(市规划资源局牵头，相关区有关部门结合实际落实)")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市规划资源局"]


def test_a_note_on_the_items_below_does_not_turn_the_bracket_into_text():
    items = _plan(
        "(一)落实信息调查。2023年底前完成首轮调查。(区资源局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出)",
        "(二)开展评估。2024年底前完成评估。(区资源局牵头负责)",
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区资源局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["各片区"]
