"""Conventions written after heldout16 and heldout17 were scored, each on a constructed example in the shape of a real
plan. The classes come from those parts' misses; the examples are built for the tests, never copied from a fixture,
and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import parse_plan
from yingshang.plans.parsing.deadlines import parse_deadline_field

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str, filename: str = "plan.txt") -> dict:
    return items_by_path(text.encode("utf-8"), filename=filename)


def _dates(item: dict) -> list:
    return [d["date"] or f"text:{d['text']}" if d["kind"] == "date" else d["kind"] for d in item["deadlines"]]


# --- units --------------------------------------------------------------------------------------------------------


def test_a_unit_named_with_the_office_that_does_the_work_in_square_brackets():
    items = _parse(
        "某市2022年政务公开工作实施方案\n一、推进主动公开\n"
        "(一)夯实公开基础。建立事项标准体系。(市府办〔市大数据局〕牵头,市政府各部门、各县〔区〕政府)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市府办〔市大数据局〕"]


def test_cell_bars_left_on_a_unit_value_are_no_unit():
    items = _parse("某委2021年任务分工\n1.做好财政信息公开。\n牵头单位:市财政局 |\n责任单位:财务处 | |\n2.做好其他公开。\n")
    assert mention_names(items[(1,)]["lead_units"]) == ["市财政局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["财务处"]


# --- tables ------------------------------------------------------------------------------------------------------


def test_a_table_copied_one_cell_per_line_without_a_number_column_whose_task_cells_carry_their_markers():
    text = (
        "某委2021年政务公开工作要点任务分工\n"
        "工作任务 |\n具体举措 |\n工作要求 |\n时限要求 |\n牵头单位 |\n责任单位 | ||\n"
        "一、深化重点领域信息公开 |\n"
        "(一)做好财政信息公开。 |\n按要求及时公开部门预决算信息。 |\n公开预决算信息 |\n每年度 |\n市财政局 |\n财务处 | |\n"
        "(二)做好规划信息公开。 |\n及时公开本部门规划及执行情况。 |\n公开规划信息 |\n2021年12月底前 |\n市发展改革委 |\n规划处 | |\n"
    )
    items = _parse(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市财政局"]
    assert _dates(items[(1, 1)]) == ["scheduled"]  # 每年度: work done again each year
    assert _dates(items[(1, 2)]) == ["2021-12-31"]


def test_recurring_time_limits_are_scheduled():
    for value in ("每年度", "每季度末", "每月10日前", "每年12月底前", "逐年"):
        assert [d["kind"] for d in parse_deadline_field(value, 2024)] == ["scheduled"], value
    assert [d["date"] for d in parse_deadline_field("2024年12月底前", 2024)] == ["2024-12-31"]


def _html(rows: list[list[str]]) -> bytes:
    body = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<html><body><p>某市2023年问题整改清单</p><table>{body}</table></body></html>".encode("utf-8")


def test_problems_listed_under_a_numbered_place_in_a_table_are_its_sub_items():
    items = items_by_path(
        _html(
            [
                ["序号", "点位", "存在问题", "整改责任单位", "整改时限"],
                ["1", "某某广场", "(1)垃圾未及时清运;", "某某街道", "2023年6月底前"],
                ["", "", "(2)公益广告破损;", "", ""],
                ["2", "某某医院", "(1)禁烟标识不足;", "市卫生健康委", "2023年7月底前"],
                ["", "", "(2)宣传栏破损。", "", ""],
            ]
        ),
        filename="plan.html",
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2)]
    assert items[(1,)]["text"] == "某某广场"
    assert _dates(items[(1,)]) == ["2023-06-30"] and _dates(items[(1, 1)]) == []
    assert mention_names(items[(2,)]["responsible_units"]) == ["市卫生健康委"]


def test_sub_items_with_units_of_their_own_keep_them():
    items = items_by_path(
        _html(
            [
                ["序号", "部署任务", "落实措施", "牵头单位", "完成时限"],
                ["1", "优化审批服务", "(1)推行告知承诺制。", "市司法局", "2023年6月底前"],
                ["", "", "(2)推行联合验收。", "市住建局", "2023年9月底前"],
            ]
        ),
        filename="plan.html",
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市司法局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住建局"]


def test_the_levels_of_a_task_in_cells_of_their_own_without_a_number_column():
    items = items_by_path(
        _html(
            [
                ["主要工作任务", "", "任务内容", "完成时限", "责任单位"],
                ["一、提升重点领域信息公开质量", "(一)加大营商环境信息公开力度", "1.公开涉企政策。", "2023年6月底前", "区发改局"],
                ["", "", "2.公开监管信息。", "全年", "区市场监管局"],
            ]
        ),
        filename="plan.html",
    )
    assert sorted(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 2)]
    assert _dates(items[(1, 1, 1)]) == ["2023-06-30"] and _dates(items[(1, 1)]) == []
    assert mention_names(items[(1, 1, 2)]["responsible_units"]) == ["区市场监管局"]


def test_bar_rows_with_more_or_fewer_cells_than_the_header():
    text = (
        "某区2022年政务公开工作要点任务分解\n"
        "主要工作任务 | 任务内容 | 完成时限 | 责任单位 |\n"
        "一、提升重点领域信息公开质量 | (一)加大营商环境信息公开力度 | 1.公开涉企政策,集中展示成果。 | 6月底前 | 区发改局,各街道办事处 |\n"
        "2.加强政策解读,积极引导市场预期。 | 全年 | 区发改局、区级其他有关部门 |\n"
        "(二)加大监管信息公开力度 | 3.公开行政执法信息,为市场主体营造良好环境。 | 三季度前 | 区市场监管局 |\n"
    )
    items = _parse(text)
    assert sorted(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 2), (1, 2, 3)]
    assert _dates(items[(1, 1, 2)]) == ["2022-12-31"]  # 全年 in the time column
    assert mention_names(items[(1, 1, 2)]["responsible_units"]) == ["区发改局", "区级其他有关部门"]
    assert _dates(items[(1, 2, 3)]) == ["2022-09-30"]


# --- whole-document conventions ---------------------------------------------------------------------------------


def test_an_excerpt_of_one_chapter_issued_as_a_plan_is_a_plan():
    plan = parse_plan(
        "关于印发《某街道安全生产专项整治三年行动实施方案》的通知\n"
        "各社区:\n《某街道安全生产专项整治三年行动实施方案》已经街道党工委同意,现印发给你们,请认真贯彻落实。\n"
        "某街道安全生产专项整治三年行动实施方案\n一、总体要求\n坚持人民至上、生命至上,扎实做好专项整治工作。\n".encode("utf-8"),
        filename="plan.txt",
    )
    assert [item["path"] for item in plan["items"]] == [[1]]


def test_a_news_report_with_one_numbered_point_is_still_refused():
    import pytest

    from yingshang.plans.parsing import PlanParseError

    with pytest.raises(PlanParseError):
        parse_plan("某市召开安全生产工作会议\n会议要求:\n一、压实责任,确保安全。\n".encode("utf-8"), filename="news.txt")


def test_a_cover_notice_that_sets_one_time_for_everything_it_lists():
    plan = parse_plan(
        "某区政府督查通知单\n某政督字〔2019〕7号\n关于城区环境卫生检查情况的整改通知\n各街道办事处、区住建局:\n"
        "5月15日,区政府督查室对城区环境卫生进行检查,请各部门对存在的问题立即整改,并于5月20日前将问题整改完成,整改情况报区政府督查室。\n"
        "某区人民政府督查室\n2019年5月15日\n附件:存在问题\n1.某路段垃圾堆放。(责任单位:某街道)\n2.某桥下路面破损。(责任单位:区住建局)\n"
        "3.某广场栏杆损坏,6月底前修复。(责任单位:区住建局)\n".encode("utf-8"),
        filename="plan.txt",
    )
    items = {tuple(item["path"]): item for item in plan["items"]}
    assert _dates(items[(1,)]) == ["2019-05-20"] and _dates(items[(2,)]) == ["2019-05-20"]
    assert _dates(items[(3,)]) == ["2019-06-30"]  # an item's own time stands


def test_a_report_due_by_a_date_is_no_time_for_the_work():
    plan = parse_plan(
        "2019年某厅工作任务分工方案\n请各单位将落实情况分别于7月1日、12月1日前报厅办公室。\n"
        "一、深化改革\n1.推进放管服改革。\n2.优化营商环境。\n".encode("utf-8"),
        filename="plan.txt",
    )
    assert all(item["deadlines"] == [] for item in plan["items"][0]["children"])


def test_a_plan_that_lost_its_line_breaks_after_the_pages_source_line():
    items = _parse(
        "某县2021年度农村危房改造工作计划发布时间:2021-05-26 11:48 来源:某县住建局一、目标任务按照上级要求,力争在10月底前完成"
        "全年危房改造任务。二、具体要求(一)资金要求。补助资金专款专用。(二)质量安全。严格执行技术规范。三、实施步骤(一)4月底前完成入户调查;"
        "(二)6月-9月,组织技术人员现场指导,10月中旬前全部竣工;\n"
    )
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2), (3,), (3, 1), (3, 2)]
    assert _dates(items[(1,)]) == ["2021-10-31"]
    # a span of months opening the item: due by the end of the span, and 10月中旬前 as well
    assert sorted(_dates(items[(3, 2)])) == ["2021-09-30", "2021-10-20"]


def test_labels_of_a_rectification_list():
    items = _parse(
        "某县2023年问题整改清单\n1.某广场垃圾未及时清运。\n问题整改责任单位:某街道办事处 整改时限:3天\n"
        "2.某路段路灯损坏。\n整改牵头单位:县住建局\n整改责任单位:县供电公司\n整改时限:2023年6月底前\n"
    )
    assert mention_names(items[(1,)]["responsible_units"]) == ["某街道办事处"]
    assert _dates(items[(1,)]) == ["text:3天"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县住建局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["县供电公司"]
