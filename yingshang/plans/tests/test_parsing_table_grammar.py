"""General table rules written on the third batch's dev plans (fixtures/heldout_plans, README): header cells
with unknown names, people columns, unit names without a 市/区 prefix, names run together in one cell, odd rows,
a one-row 分工表 and 年内持续推进. The examples are constructed, not copied from any held-out file."""

from __future__ import annotations

from yingshang.plans.parsing import parse_plan
from yingshang.plans.parsing.flat_rows import flat_table_header
from yingshang.plans.parsing.table_units import split_run_together_names, unit_run
from yingshang.plans.tests.parsing_helpers import items_by_path as _items, mention_names as _names


def test_header_with_an_unknown_column_name_still_gives_the_known_columns():
    header = flat_table_header("序号 省《实施方案》分工任务 落实措施 牵头单位 责任单位 完成时限 备注")
    assert header == ["序号", "省《实施方案》分工任务", "落实措施", "牵头单位", "责任单位", "完成时限", "备注"]
    items = _items(
        "某市2023年优化营商环境分工方案\n"
        "序号 省《实施方案》分工任务 落实措施 牵头单位 责任单位 完成时限 备注\n"
        "1推行容缺受理。对次要材料实行容缺后补。市行政审批局市司法局各区县政府2023年9月底前\n"
        "2规范中介服务。清理规范中介服务事项。市发展改革委市财政局2023年12月底前\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["市行政审批局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2023-09-30"]
    assert _names(items[(2,)]["lead_units"]) == ["市发展改革委"]
    # a sentence is never a header, however many column words it holds
    assert flat_table_header("序号、牵头单位和完成时限,由各单位填写。") is None


def test_unprefixed_development_zone_after_a_unit_in_a_flattened_row():
    assert unit_run("县发改局临港经济开发区,各乡镇") == [("县发改局", False), ("临港经济开发区", False), ("各乡镇", True)]
    assert unit_run("临港经济开发区县发改局") is None  # the first name of a run still needs its prefix
    items = _items(
        "序号 重点任务 牵头单位 责任单位\n"
        "1推进产业项目落地。县发改局临港经济开发区,各乡镇\n"
        "2盘活存量土地。县自然资源局县城投集团\n"
    )
    assert _names(items[(1,)]["lead_units"]) == ["县发改局"]
    assert _names(items[(1,)]["responsible_units"]) == ["临港经济开发区", "各乡镇"]
    assert _names(items[(2,)]["responsible_units"]) == ["县城投集团"]


def test_names_run_together_in_one_cell_are_split_by_the_grammar():
    assert split_run_together_names("市科技局市财政局") == "市科技局、市财政局"
    assert split_run_together_names("县发改局县城投集团") == "县发改局、县城投集团"
    for name in ("市住房和城乡建设局", "市发展改革委员会", "市公安局交通管理支队", "市政府办公室"):
        assert split_run_together_names(name) == name
    html = (
        "<table><tr><td>序号</td><td>重点任务</td><td>牵头单位</td></tr>"
        "<tr><td>1</td><td>建设科创平台。</td><td>市科技局市工信局</td></tr>"
        "<tr><td>2</td><td>培育高新技术企业。</td><td>市科技局</td></tr></table>"
    )
    items = _items(html.encode("utf-8"), filename="plan.html")
    assert _names(items[(1,)]["lead_units"]) == ["市科技局", "市工信局"]


def test_people_column_and_cells_with_bars():
    items = _items(
        "2024年园区重点工作清单\n"
        "序号 | 重点工作 | 责任领导 | 责任单位 | 完成时限 |\n"
        "1 | 优化项目服务机制。 | 王某 | 招商服务部、企业服务部 | 全年 |\n"
        "2 | 建设标准厂房。 | 李某 | 规划建设局 | 6月底前 |\n"
    )
    first = items[(1,)]
    assert _names(first["responsible_units"]) == ["招商服务部", "企业服务部"]
    assert "王某" not in first["text"] and not first["lead_units"]
    assert [d["date"] for d in first["deadlines"]] == ["2024-12-31"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-06-30"]


def test_table_copied_one_cell_per_line_with_bars_and_a_people_column():
    items = _items(
        "2024年开发区重点工作清单\n序号 |\n重点工作 |\n责任领导 |\n责任单位 |\n完成时限 |\n"
        "1 |\n优化项目服务。 |\n王某 |\n招商服务部 |\n全年 |\n"
        "2 |\n建设标准厂房。 |\n李某 |\n规划建设局 |\n全年 |\n"
    )
    assert sorted(items) == [(1,), (2,)]
    assert _names(items[(2,)]["responsible_units"]) == ["规划建设局"]


def test_an_odd_row_keeps_its_item_and_the_rest_of_the_table():
    items = _items(
        "序号 重点任务 牵头单位 完成时限\n"
        "1推行告知承诺制。市司法局2023年6月底前\n"
        "2落实各项改革任务,做好与上级部门的衔接工作并及时报送进展\n"
        "3建设政务服务平台。市大数据局2023年12月底前\n"
    )
    assert sorted(items) == [(1,), (2,), (3,)]
    assert not items[(2,)]["lead_units"]
    assert _names(items[(3,)]["lead_units"]) == ["市大数据局"]


def test_a_one_row_task_table_is_a_plan():
    items = _items("序号 重点任务 牵头单位 配合单位\n1加强科技企业培育。市科技局市财政局\n")
    assert _names(items[(1,)]["lead_units"]) == ["市科技局"]
    assert _names(items[(1,)]["responsible_units"]) == ["市财政局"]


def test_work_that_goes_on_within_the_year_is_due_by_the_years_end():
    items = _items(
        "某区2023年工作要点\n一、优化服务\n"
        "1.推进帮办代办。(区政务服务中心牵头,年内持续推进)\n"
        "2.推进联合验收。(区住建局牵头,2023年6月底前完成)\n"
    )
    assert [(d["kind"], d["date"], d["text"]) for d in items[(1, 1)]["deadlines"]] == [("date", "2023-12-31", "年内持续推进")]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-06-30"]


def test_an_odd_row_is_flagged_for_review():
    plan = parse_plan(
        "序号 重点任务 牵头单位 完成时限\n"
        "1推行告知承诺制。市司法局2023年6月底前\n"
        "2落实各项改革任务,做好与上级部门的衔接工作并及时报送进展\n"
        "3建设政务服务平台。市大数据局2023年12月底前\n"
    )
    assert any("表格第2行" in warning for warning in plan["warnings"])
    assert not any("表格第1行" in warning or "表格第3行" in warning for warning in plan["warnings"])
