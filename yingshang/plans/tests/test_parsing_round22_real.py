"""Conventions of round 22 from real plans collected blind and scored once before (heldout26: a State Council
分工 of 2014). Each example is constructed for the test, never copied from a fixture, and no rule names a city, a unit
or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def test_the_units_before_together_with_lead_the_work_in_a_sentence_that_assigns_it():
    text = """某省人民政府办公厅关于落实重点工作的分工意见
一、关于“稳定粮食生产”的问题,由省发展改革委会同省农业农村厅、省财政厅等部门研究提出落实意见。
二、关于“严守耕地红线”的问题,由省自然资源厅会同省农业农村厅负责落实。
三、关于“加强农田水利建设”的问题,各地要加大投入,会同有关部门抓好落实。
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委"]
    assert mention_names(items[(2,)]["lead_units"]) == ["省自然资源厅"]
    # without 由 no unit is named as the one that leads
    assert items[(3,)]["lead_units"] == []
