"""Conventions of round 30, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path

# A 问题清单 table (问题大类 / 具体描述) copied one cell per line: categories numbered 1.–4., problems numbered again
# from 1. under each; category 3 has no problems of its own, category 2's problems run past its own number.
_PROBLEM_LIST = (
    "某区小型场所消防安全典型问题清单\n问题大类\n具体描述\n"
    "1.疏散设施：\n疏散通道堵塞、安全出口不足等问题。\n"
    "1.疏散通道堆放杂物；\n2.安全出口数量不足。\n"
    "2.消防设施\n"
    "1.灭火器过期；\n2.未设置应急照明；\n3.消火栓被遮挡；\n4.未设置疏散指示标志。\n"
    "3.人员培训\n员工不会使用灭火器。\n"
    "4.电气线路：\n私拉乱接电线等问题。\n"
    "1.电线未穿管保护；\n2.插排串联使用。\n"
)


def test_a_list_whose_categories_and_problems_are_numbered_alike_nests_the_problems_under_their_category():
    items = items_by_path(_PROBLEM_LIST)
    assert sorted(items) == [
        (1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2), (2, 3), (2, 4), (3,), (4,), (4, 1), (4, 2),
    ]
    assert items[(2,)]["title"].startswith("消防设施")
    assert items[(4, 2)]["title"].startswith("插排串联使用")


def test_a_list_numbered_on_or_restarted_under_chapters_is_not_read_as_categories():
    # one list run on: no two items 1, 1 in a row
    items = items_by_path("某区工作方案\n一、主要任务\n1.抓好宣传。\n2.抓好培训。\n二、工作要求\n3.加强领导。\n4.强化督查。\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    # a list that starts again once (a second list after the first, a single heading before it): no categories
    items = items_by_path("某区工作方案\n1.工作目标\n1.完成改造。\n2.完成验收。\n3.完成评估。\n")
    assert (1, 1) not in items
