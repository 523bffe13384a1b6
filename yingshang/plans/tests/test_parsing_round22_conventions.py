"""Conventions of round 22, from parts written blind and scored once before (written48: a notice's attachments in a
workbook). Each example is constructed for the test, never copied from a fixture, and no rule names a city, a unit or
a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names, workbook_bytes

_TASKS_HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
_PROJECTS_HEADER = ["序号", "项目名称", "建设内容", "总投资(万元)", "牵头单位", "时间节点"]
_TASKS = [
    ["附件1"],
    ["某市2024年制造业提质重点任务清单"],
    _TASKS_HEADER,
    ["一、强化产业链"],
    [1, "开展产业链精准招商", "市商务局", "各县(市、区)政府", "2024年11月底前"],
    [2, "新培育专精特新企业15户", "市经济和信息化局", "市科技局", "2024年12月底前"],
    ["二、强化要素保障"],
    [3, "保障工业项目用地1500亩", "市自然资源局", "各县(市、区)政府", "2024年10月底前"],
]
_PROJECTS = [
    ["附件2"],
    ["某市2024年重点技术改造项目清单"],
    _PROJECTS_HEADER,
    [1, "某县食品生产线智能化改造", "新建自动化生产线2条", 9000, "某县人民政府", "2024年9月完工"],
    [2, "某区新材料产线升级", "池窑拉丝产线改造", 12000, "某区人民政府", "2025年3月"],
]


def _assert_attachments_numbered_apart(items: dict) -> None:
    assert sorted(items) == [(1, 1), (1, 1, 1), (1, 1, 2), (1, 2), (1, 2, 3), (2, 1), (2, 2)]
    assert mention_names(items[(1, 2, 3)]["lead_units"]) == ["市自然资源局"]
    project = items[(2, 1)]
    assert project["text"].startswith("某县食品生产线智能化改造")
    assert mention_names(project["lead_units"]) == ["某县人民政府"]
    assert [d["date"] for d in project["deadlines"]] == ["2024-09-30"]
    assert [d["date"] for d in items[(2, 2)]["deadlines"]] == ["2025-03-31"]


def test_a_workbooks_attachments_on_sheets_of_their_own_are_each_numbered_under_the_attachments_number():
    contacts = [["附件3"], ["各牵头单位联络员名单"], ["单位", "姓名", "职务", "手机"], ["市商务局", "某某", "科长", "139 0000 0000"]]
    data = workbook_bytes([("附件1", _TASKS, False), ("附件2", _PROJECTS, False), ("附件3", contacts, False)])
    items = items_by_path(data, filename="任务清单.xlsx")
    _assert_attachments_numbered_apart(items)
    # the list of liaison officers holds no task
    assert all("139" not in item["text"] for item in items.values())


def test_attachments_set_one_under_another_on_one_sheet_are_tables_of_their_own():
    data = workbook_bytes([("Sheet1", _TASKS + [[""], _PROJECTS[0]] + _PROJECTS[1:] + [["注:时间节点为项目完工时间。"]], False)])
    items = items_by_path(data, filename="任务清单.xlsx")
    _assert_attachments_numbered_apart(items)
    # the second table's header is no part of the first table's last task
    assert "项目名称" not in items[(1, 2, 3)]["text"]
    assert "总投资" not in items[(1, 2, 3)]["text"]
