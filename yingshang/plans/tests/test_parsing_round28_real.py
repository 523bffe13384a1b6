"""Conventions of round 28, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path


def _dates(item: dict) -> list[str]:
    return [d["date"] for d in item["deadlines"]]


def test_a_decimal_outline_item_takes_its_path_from_its_own_number():
    # 1.2 was never written (a table row merged away), and the outline goes four levels down
    items = items_by_path(
        "某区创建工作清单\n1 基础设施\n1.1 编制总体规划并发布实施。\n1.2.1 设计标识图形。\n1.2.2 新增交通标识。\n"
        "1.3 成立管理机构。\n2 宣传推广\n2.1 印制宣传物料。\n2.2.1.1 制作宣传片。\n2.2.1.2 开通公众号。\n2.2.2 举办推介会。\n3 其他\n"
    )
    assert sorted(items) == [
        (1,), (1, 1), (1, 2, 1), (1, 2, 2), (1, 3),
        (2,), (2, 1), (2, 2, 1, 1), (2, 2, 1, 2), (2, 2, 2),
        (3,),
    ]  # fmt: skip


def test_a_decimal_outline_under_chapters_numbered_apart_still_nests_by_its_markers():
    # 二、 then 1.1: the number does not begin with the chapter's, so the item hangs under the chapter as written
    items = items_by_path("某区工作方案\n一、总体要求\n做好各项工作。\n二、重点任务\n1.1 推进审批改革。\n1.2 优化服务流程。\n")
    assert (2, 1) in items and (2, 2) in items
    assert (1, 1) not in items


def test_a_flattened_table_numbered_as_a_decimal_outline_splits_on_its_numbers():
    text = (
        "某景区创建工作清单 序号工作任务完成时限责任单位11.1编制景区总体规划并发布实施。2024年6月底区文旅局"
        "1.2.1设计景区标识图形。2024年7月底区文旅局1.2.2新增景区交通专用标识。2024年8月底区交通局"
        "22.1印制景区手绘地图，增长1.5倍。2024年9月底区文旅局2.1.1/3开通景区公众号。2024年10月底区文旅局"
        "2.1.4举办景区推介会。2024年11月底区文旅局2.1.6组织志愿服务。2024年12月底区文旅局\n"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2, 1), (1, 2, 2), (2,), (2, 1), (2, 1, 1), (2, 1, 4), (2, 1, 6)]
    assert _dates(items[(1, 2, 2)]) == ["2024-08-31"]
    assert _dates(items[(2, 1)]) == ["2024-09-30"]  # 「1.5倍」 is a figure, not row 1.5
    assert _dates(items[(2, 1, 1)]) == ["2024-10-31"]  # 「2.1.1/3」: three rows in one, numbered by the first
    assert _dates(items[(2, 1, 4)]) == ["2024-11-30"]  # the outline goes on from its last; 2.1.5 lost in the copy


def test_a_time_label_spaced_out_to_the_width_of_its_neighbours_is_a_time_label():
    items = items_by_path(
        "某局2022年主题活动方案\n一、开展警示教育。召开警示教育专题会。时 间:6-7月\n二、开展走访慰问。走访慰问困难党员。时　间：7月\n"
    )
    assert _dates(items[(1,)]) == ["2022-07-31"]
    assert _dates(items[(2,)]) == ["2022-07-31"]
