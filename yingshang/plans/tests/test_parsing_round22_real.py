"""Conventions of round 22 from real plans collected blind and scored once before (heldout26: a State Council
分工 of 2014; heldout27: a 国办 notice of 2018; heldout30: 广州 2012; heldout31: a 广东 notice of 2014; heldout33: a 国办 方案 of 2018; heldout36: a 国办 通知 of 2018). Each example is constructed for the test, never copied from a fixture, and no rule names a city, a unit
or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan

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


def test_a_date_before_which_things_were_already_done_names_them_and_is_no_deadline():
    text = """某省关于文化体制改革中经营性文化事业单位转制为企业的规定
一、财政税收
(一)经营性文化事业单位转制为企业后,五年内免征企业所得税。2018年12月31日之前已完成转制的企业,可继续免征五年企业所得税。
(二)2019年6月底前完成转制企业的资产清查。
"""
    items = items_by_path(text)
    assert items[(1, 1)]["deadlines"] == []
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2019-06-30"]


def test_a_span_of_years_opening_a_sentence_of_targets_is_due_by_the_end_of_its_last_year():
    text = """某市关于推进民生幸福工程的实施意见
一、促进充分就业
1.实施积极就业政策。鼓励用人单位聘用就业困难人员。2012-2015年,城镇年均新增就业人数24万以上。(牵头单位:市人力资源和社会保障局)
2.提高供电可靠性。2013年底前,城市供电可靠性提升至99.9%;2014至2015年,供电可靠性保持2013年底水平只升不降。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2015-12-31"]
    # a span after a semicolon holds what the clause before it reached: no deadline of its own
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2013-12-31"]


def test_a_signature_run_on_to_the_end_of_a_copy_that_lost_its_breaks_dates_its_year_less_deadlines():
    text = (
        "某省科学技术厅关于做好国家科技计划项目申报工作的通知 各地级以上市科技局: 现就有关事项通知如下: 一、申报要求 "
        "1.基础研究项目,请各推荐单位于4月18日前将材料送省科技厅审核。 2.社会事业项目,请各推荐单位于4月16日前将材料送省科技厅审核。 "
        "二、联系方式 电话:020-83163930。省科技厅2014年3月3日"
    )
    plan = parse_plan(text)
    assert plan["date"] == "2014-03-03"
    items = {tuple(item["path"]): item for item in iter_items(plan)}
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2014-04-18"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2014-04-16"]
    assert "省科技厅" not in items[(2,)]["text"]


def test_units_together_with_others_after_by_inside_a_clause_lead_but_not_who_interprets_the_document():
    text = """某省关于开展无废城市建设试点的实施方案
一、试点安排
(一)筛选试点城市。试点城市由省生态环境厅会同省工业和信息化厅、省财政厅等部门筛选确定。
(二)评审实施方案。实施方案按程序报送省生态环境厅,经省生态环境厅会同有关部门组织专家评审通过后实施。
二、附则
(一)本方案由省生态环境厅会同有关部门负责解释。
(二)本方案自印发之日起施行。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省生态环境厅"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省生态环境厅"]
    assert items[(2, 1)]["lead_units"] == []


def test_units_together_with_the_departments_concerned_lead_in_brackets_and_in_a_responsible_column():
    text = """某省人民政府办公厅关于对真抓实干成效明显地方加大激励支持力度的通知
1.对资源枯竭城市转型成效突出的市,在安排转移支付时给予奖励。(省发展改革委、省财政厅会同有关部门负责)
2.对职业教育成效明显的县,优先纳入改革试验区建设。(省教育厅会同有关部门负责)
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委", "省财政厅"]
    assert mention_names(items[(2,)]["lead_units"]) == ["省教育厅"]
    table = """<html><body><p>某省激励措施分工</p><table>
<tr><td>序号</td><td>激励措施</td><td>负责单位</td></tr>
<tr><td>1</td><td>对战略性新兴产业集群建设成效突出的市给予支持。</td><td>省发展改革委会同有关部门</td></tr>
<tr><td>2</td><td>对稳定就业成效突出的县给予奖励。</td><td>省人力资源社会保障厅</td></tr>
</table></body></html>"""
    items = items_by_path(table.encode("utf-8"), filename="分工.html")
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委"]
    assert items[(2,)]["lead_units"] == []
