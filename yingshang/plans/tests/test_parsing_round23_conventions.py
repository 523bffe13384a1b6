"""Conventions of round 23 from parts written blind (written67: work assigned in running prose). Each example is
constructed for the test, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names

_DIVISION_AND_TIME_TABLE = """<html><body><p>某区2025年重点工作任务分工表</p>
<table>
<tr><td>序号</td><td>工作任务</td><td>责任分工及完成时限</td></tr>
<tr><td>1</td><td>完成老旧小区改造20个。</td><td>由区住建局牵头,区发改局、区财政局配合,各街道具体实施,2025年11月底前完成。</td></tr>
<tr><td>2</td><td>新增公共停车泊位800个。</td><td>区城管局负责,区公安分局配合,年内完成。</td></tr>
<tr><td>3</td><td>建立城市更新项目库。</td><td>区住建局牵头,此项工作持续推进。</td></tr>
<tr><td>4</td><td>编制专项规划。</td><td>区自然资源局、区住建局</td></tr>
</table></body></html>"""


def test_a_division_column_that_states_the_time_gives_the_rows_leads_and_deadlines():
    items = items_by_path(_DIVISION_AND_TIME_TABLE.encode("utf-8"), filename="分工表.html")
    assert mention_names(items[(1,)]["lead_units"]) == ["区住建局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-11-30"]
    # 负责 beside 配合 names no lead here (the strict reading); the time is still the row's
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2025-12-31"]
    assert mention_names(items[(3,)]["lead_units"]) == ["区住建局"]
    assert items[(3,)]["deadlines"] and items[(3,)]["deadlines"][0]["kind"] != "date"
    # a plain list of units in the column: responsible units, no lead and no deadline
    assert items[(4,)]["lead_units"] == [] and items[(4,)]["deadlines"] == []
    assert "区自然资源局" in mention_names(items[(4,)]["responsible_units"])


def test_a_field_label_opening_a_line_is_never_part_of_a_unit_that_leads():
    text = """某区关于落实重点工作的通知
一、重点工作
(一)强化督查考核。对推进不力的单位予以通报。
收文处理单
拟办意见:拟请区发改委牵头,会同区审批局研究制定落实措施。
"""
    items = items_by_path(text)
    assert all(":" not in name and "：" not in name for name in mention_names(items[(1, 1)]["lead_units"]))


def test_a_units_and_time_column_stays_a_units_column_under_a_first_is_lead_note():
    html = """<html><body><p>某区公共资源交易平台建设任务分工</p>
<table>
<tr><td>序号</td><td>工作任务</td><td>责任单位和完成时限</td></tr>
<tr><td>1</td><td>开展交易中心工作人员轮训。</td><td>区行政审批局、区公共资源交易中心等,2016年开始,3年内完成。</td></tr>
</table><p>注:责任单位中列第一位的为牵头单位。</p></body></html>"""
    items = items_by_path(html.encode("utf-8"), filename="分工.html")
    names = mention_names(items[(1,)]["lead_units"]) + mention_names(items[(1,)]["responsible_units"])
    assert "区公共资源交易中心" in names
    # the time after the units names no unit
    assert all("开始" not in name and "完成" not in name for name in names), names


def test_months_under_a_progress_column_are_reports_not_times_due():
    from .parsing_helpers import workbook_bytes

    rows = [
        ["某县2026年重点工作督办台账(第一季度)", None, None, None, None, None, None],
        ["序号", "督办事项", "责任单位(排第一位的为牵头单位)", "办理时限", "推进情况", None, None],
        [None, None, None, None, "1月", "2月", "3月"],
        [1, "加快产业园二期建设。", "县经济开发区管委会、县自然资源局", "2026年6月30日", "完成施工招标", "施工单位进场", "场平完成40%"],
        [2, "推动竹浆纸项目技改投产。", "县经信局、县经济开发区管委会", "2026年9月底", "完成技改方案", "设备采购中", "设备到货60%"],
    ]
    items = items_by_path(workbook_bytes([("一季度", rows, False)]), filename="台账.xlsx")
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2026-06-30"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2026-09-30"]
    assert mention_names(items[(1,)]["lead_units"]) == ["县经济开发区管委会"]


def test_a_townships_leading_station_or_office_is_the_lead():
    text = """某镇2025年重点工作任务清单
1.完成早稻种植3.2万亩。(责任领导:副镇长 吴某;牵头站办:农业服务中心;配合:各村;完成时限:4月底前)
2.全年新签约亿元以上项目2个。(责任领导:镇长 程某;牵头站所:招商办;责任站办:经济发展办;完成时限:年底前)
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["农业服务中心"]
    assert mention_names(items[(2,)]["lead_units"]) == ["招商办"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["经济发展办"]


def test_what_a_bracket_says_after_the_time_neither_hides_its_roles_nor_its_dates():
    text = """某县2025年十件民生实事责任分解方案
一、新改扩建公办幼儿园3所。(县教育局牵头,县住建局配合;8月底前完工,秋季开学投入使用)
二、加快资金拨付。(县财政局牵头,各项目主管部门配合;10月31日前完成拨付,确保年底前支付率达到95%以上)
三、开展人员轮训。(县审批局、县交易中心等,2025年开始,3年内完成)
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["县教育局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-08-31"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县财政局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2025-10-31", "2025-12-31"]
    # when the work starts is no time it is due by
    assert all(d["text"] != "2025年开始" for d in items[(3,)]["deadlines"])


def test_a_rows_own_time_limit_says_when_within_the_year_its_targets_column_names():
    from .parsing_helpers import workbook_bytes

    rows = [
        ["某县2025年重点项目推进表"],
        ["序号", "项目名称", "建设内容", "2025年目标任务", "完成时限", "责任单位"],
        [1, "产业园项目", "建设生产线12条", "建成投产", "2025年10月", "县经信局"],
        [2, "光伏发电项目", "装机容量100兆瓦", "并网发电", None, "县发改局"],
    ]
    items = items_by_path(workbook_bytes([("项目", rows, False)]), filename="项目.xlsx")
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-10-31"]
    # without a time limit of its own the row is due by the end of the year its target is for
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2025-12-31"]


def test_a_two_row_header_whose_report_columns_name_their_parts_is_still_read():
    from .parsing_helpers import workbook_bytes

    rows = [
        ["某市2026年数字政府建设重点任务推进台账", None, None, None, None, None, None],
        ["序号", "重点任务", "责任分工", None, "完成时限", "推进情况", None],
        [None, None, "牵头单位", "配合单位", None, "进展情况", "存在问题"],
        [1, "推进城市大脑二期建设。", "市数据资源局", "市大数据公司、市财政局", "2026年9月30日", "已完成方案评审", "资金未到位"],
        [2, "政务云资源扩容。", "市大数据公司", "市数据资源局", "2026年6月底", "已于2月28日完成招标", None],
    ]
    items = items_by_path(workbook_bytes([("台账", rows, False)]), filename="台账.xlsx")
    assert mention_names(items[(1,)]["lead_units"]) == ["市数据资源局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市大数据公司"]
    # the report's own dates (已于2月28日完成招标) are no times due
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2026-06-30"]


def test_a_posts_zero_padded_numbers_on_lines_of_their_own_number_its_items():
    text = """重磅!2026年某县十件民生实事清单来了
原创 某县发布 2026年03月07日

01
城乡教育提质工程
新建公办幼儿园3所。
牵头单位:县教育局
完成时限:2026年8月底前

02
医疗服务能力提升工程
(1)建设慢病管理中心2个。
牵头单位:县卫健委 完成时限:2026年11月底前
(2)推进门诊用药保障。
牵头单位:县医保局 完成时限:2026年6月底前
"""
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2)]
    assert mention_names(items[(1,)]["lead_units"]) == ["县教育局"]
    assert [d["date"] for d in items[(2, 2)]["deadlines"]] == ["2026-06-30"]


def test_zero_padded_numbers_in_a_table_copied_one_cell_per_line_stay_its_row_numbers():
    text = """某市2020年优化营商环境重点任务分工表
序号
重点任务
牵头单位
完成时限
01
推行企业开办一日办结。
市市场监管局
2020年6月底前
02
压减工程建设项目审批时间。
市住建局
2020年9月底前
"""
    items = items_by_path(text)
    assert mention_names(items[(2,)]["lead_units"]) == ["市住建局"]
