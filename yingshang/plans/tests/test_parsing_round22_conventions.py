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


def test_an_attachment_heading_with_its_title_in_one_cell_heads_a_sheet_of_its_own():
    tasks = [["附件1  某区2025年数字经济重点任务清单"]] + _TASKS[2:]
    projects = [["附件2  某区2025年数字经济重点项目清单"]] + _PROJECTS[2:]
    data = workbook_bytes([("通知", [["某区人民政府办公室关于印发两个清单的通知"], ["2025年3月14日"]], False),
                           ("附件1", tasks, False), ("附件2", projects, False)])
    _assert_attachments_numbered_apart(items_by_path(data, filename="清单.xlsx"))


def test_a_unit_column_marked_as_the_leads_in_brackets_gives_lead_units():
    text = """某区2025年重点项目清单
<table><tr><td>序号</td><td>项目名称</td><td>建设内容</td><td>责任单位(牵头)</td><td>计划完工时间</td></tr>
<tr><td>1</td><td>算力中心二期</td><td>新增算力2000P</td><td>区发改委</td><td>2025年12月</td></tr>
<tr><td>2</td><td>智慧社区试点</td><td>建成智慧社区12个</td><td>区民政局</td><td>2025年11月</td></tr></table>"""
    items = items_by_path(f"<html><body>{text}</body></html>".encode("utf-8"), filename="清单.html")
    assert mention_names(items[(1,)]["lead_units"]) == ["区发改委"]
    assert mention_names(items[(2,)]["lead_units"]) == ["区民政局"]


def test_attachment_headings_run_in_a_paragraph_that_lost_its_breaks_number_each_attachment_apart():
    text = (
        "某区人民政府办公室关于印发某区人居环境整治三年行动实施方案和2019年重点任务清单的通知各镇人民政府,区直各部门:"
        "现将有关文件印发给你们,请结合实际认真贯彻执行。某区人民政府办公室2019年4月12日"
        "附件1某区人居环境整治三年行动实施方案为补齐农村人居环境短板,制定本方案。一、行动目标到2020年底,"
        "农村生活垃圾无害化处理率达到90%以上。二、重点任务(一)推进垃圾治理。健全收运处置体系。(二)开展厕所革命。"
        "2019年完成改厕5000户。三、保障措施(一)加强组织领导。区领导小组统筹协调。(二)强化资金保障。区财政安排专项资金。"
        "附件2某区2019年人居环境整治重点任务清单1.完成村庄清洁行动。(牵头单位:区城管局;完成时限:2019年5月底前)"
        "2.完成农户改厕5000户。(牵头单位:区农业农村局;完成时限:2019年12月底前)"
        "3.创建美丽乡村示范村3个。(牵头单位:区农业农村局;完成时限:2019年11月底前)"
    )
    items = items_by_path(text)
    assert sorted(items) == [
        (1, 1), (1, 2), (1, 2, 1), (1, 2, 2), (1, 3), (1, 3, 1), (1, 3, 2), (2, 1), (2, 2), (2, 3),
    ]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["区城管局"]
    assert [d["date"] for d in items[(2, 2)]["deadlines"]] == ["2019-12-31"]
    assert items[(1, 3, 2)]["text"].startswith("强化资金保障")


def test_a_reference_to_an_attachment_in_a_sentence_is_no_heading():
    text = (
        "某县2020年营商环境提升行动方案一、重点任务(一)优化企业开办。具体任务见附件1任务清单,各单位按照附件2工作方案执行。"
        "(二)压减审批时限。工程建设项目审批时间压减至80个工作日。二、保障措施(一)加强领导。(二)强化督查。"
        + "各单位要按时报送进展情况,确保各项任务落到实处。" * 8
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2)]


def test_a_time_limit_counted_from_the_issue_is_due_after_the_date_the_plan_was_signed():
    text = """某区2025年扩大开放重点任务清单
1.建立重点外资项目服务专班机制。(牵头单位:区投资促进中心;完成时限:自本清单印发之日起15日内)
2.完成存量证照电子化转换。(牵头单位:区数据局;完成时限:方案印发之日起6个月内)
3.出台配套实施细则。(牵头单位:区商务局;完成时限:印发之日起10个工作日内)
某区人民政府办公室
2025年8月31日
"""
    items = items_by_path(text)
    # the day of issue is not counted (民法典 第二百零一条); a month's period ends on the same day (第二百零二条), or on
    # the month's last day where it has none
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-09-15"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2026-02-28"]
    # working days need the region's calendar of working days: kept as written
    assert [(d["date"], d["text"]) for d in items[(3,)]["deadlines"]] == [(None, "印发之日起10个工作日内")]


def test_a_time_limit_that_is_a_span_of_days_or_of_dated_months_is_due_by_its_last_day():
    from yingshang.plans.parsing.deadlines import parse_deadline_field

    assert [d["date"] for d in parse_deadline_field("2025年4月1日至30日", 2025)] == ["2025-04-30"]
    assert [d["date"] for d in parse_deadline_field("4月1日—15日", 2025)] == ["2025-04-15"]
    assert [d["date"] for d in parse_deadline_field("2025年4月1日至5月30日", 2025)] == ["2025-05-30"]


def test_ministries_listed_without_a_role_under_a_first_is_lead_note_lead_in_turn():
    text = """某部等部门关于印发重点任务分工的通知
各任务括号内列第一位的为牵头部门,其余为参加部门,下同。
一、夯实网络基础
1.推进企业内网改造升级。支持工业企业改造企业内网。(工业和信息化部、科技部)
2.完善标准体系。2018年底前发布标准体系框架。(市场监管总局、工业和信息化部)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["工业和信息化部"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["科技部"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市场监管总局"]


_CARRYING_OUT_TABLE = """<html><body><p>某省贯彻落实国务院政策措施重点工作分工方案</p><table>
<tr><td>序号</td><td>国务院文件条目</td><td>工作任务</td><td>国家牵头部门</td><td>省级牵头单位</td><td>完成时间</td></tr>
<tr><td>1</td><td>第一条(一)</td><td>清理妨碍创业发展的制度和规定。</td><td>国家发展改革委</td><td>省发展改革委</td><td>2015年12月底前</td></tr>
<tr><td>2</td><td>第一条(二)</td><td>全面推行“三证合一”登记制度改革。</td><td>市场监管总局</td><td>省市场监管局</td><td>2016年6月</td></tr>
</table></body></html>"""


def test_the_higher_documents_clause_and_national_lead_columns_are_cited_not_read_as_items_or_leads():
    items = items_by_path(_CARRYING_OUT_TABLE.encode("utf-8"), filename="分工.html")
    assert sorted(items) == [(1,), (2,)]
    assert items[(1,)]["text"].startswith("清理妨碍创业发展")
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委"]
    assert mention_names(items[(2,)]["lead_units"]) == ["省市场监管局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2016-06-30"]


def test_a_citation_of_the_higher_documents_item_leaves_the_roles_around_it_readable():
    text = """某市贯彻落实省政府工作报告重点工作分工
一、稳增长
1.推动消费加快恢复。开展消费季系列活动。(市商务局牵头,市文旅局配合;对应省分工第4项)
2.推动消费提质升级。培育夜经济示范街区。【省分工第10项】(市商务局牵头)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市商务局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市文旅局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市商务局"]


def test_a_lead_field_naming_units_together_with_others_leads_with_the_first():
    text = """某部2012年电子商务工作分工
1.完善网络零售统计制度。
牵头单位:商务部会同国家统计局
2.完善支付服务体系。
牵头单位:人民银行
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["商务部"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["国家统计局"]


def test_units_that_help_named_in_brackets_after_the_lead_are_no_part_of_its_name():
    text = """某市2020年营商环境评价指标牵头部门责任分工方案
一、城市投资吸引力类指标
(一)招标投标。牵头部门:市发展和改革委员会(市公共资源交易中心配合)。清理招投标领域隐性壁垒。
(二)政府采购。牵头部门:市财政局。推行政府采购电子化交易。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发展和改革委员会"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公共资源交易中心"]


def test_the_person_and_office_under_a_lead_header_of_two_rows_are_no_lead_units():
    rows = [
        ["某市2024年重点工作督办台账"],
        ["序号", "重点任务", "牵头单位", None, "配合单位", "完成时限", "进展情况"],
        [None, None, "单位", "责任人", None, None, None],
        [1, "推行企业开办一网通办", "市数据管理局", "陈某某", "市市场监管局、市税务局", "2024年6月底前", "已上线运行"],
        [2, "开展涉企收费专项清理", "市发改局", "许某某", "市财政局", "2024年9月30日", "已完成摸底"],
    ]
    items = items_by_path(workbook_bytes([("督办台账", rows, False)]), filename="台账.xlsx")
    assert mention_names(items[(1,)]["lead_units"]) == ["市数据管理局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市发改局"]
    system_export = [
        ["序号", "任务内容", "主办单位", "主办单位责任人", "协办单位", "办结时限", "办理状态"],
        [1, "研究制定支持低空经济发展若干措施", "市发展改革委", "罗某", "市工信局", "2025-03-31", "已办结"],
        [2, "解决片区群众出行难问题", "某区人民政府", "彭某某", "市交通运输局", "2025-04-15", "办理中"],
    ]
    items = items_by_path(workbook_bytes([("督办任务列表", system_export, False)]), filename="导出.xlsx")
    assert mention_names(items[(1,)]["lead_units"]) == ["市发展改革委"]
    assert mention_names(items[(2,)]["lead_units"]) == ["某区人民政府"]


def test_a_two_row_header_copied_with_its_bars_names_each_column_of_the_merged_cell():
    text = """某区2024年民生实事督办台账 | | | | |
序号 | 民生实事项目 | 牵头单位 | | 配合单位 | 完成时限
 | | 单位 | 责任人 | |
1 | 新增城镇就业2000人 | 区人社局 | 赵某 | 各乡镇(街道) | 2024年12月31日
2 | 改造农村危房50户 | 区住建局 | 马某 | 各乡镇 | 2024年10月底前
"""
    items = items_by_path(text)
    assert items[(1,)]["text"] == "新增城镇就业2000人"
    assert mention_names(items[(1,)]["lead_units"]) == ["区人社局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["各乡镇"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-10-31"]


def test_the_name_of_the_paragraph_that_assigns_the_work_is_no_part_of_the_lead_units_name():
    text = """某区关于督查反馈问题整改的通知
一、项目建设方面
1.部分重点项目开工滞后。整改要求:区发展和改革局牵头,区自然资源局配合,9月底前完成前期手续。
2.招商引资承诺兑现不及时。整改要求:由区投资促进中心牵头,区财政局配合,10月底前兑现到位。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区发展和改革局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区投资促进中心"]


def test_a_first_is_lead_note_naming_a_second_kind_of_body_in_brackets_still_makes_the_first_lead():
    text = """某市市场监督管理局2025年优化营商环境工作要点
各项任务中排在第一位的科室(单位)为牵头科室(单位),其他为配合科室(单位)。
一、提升市场准入便利度
(一)深化经营主体登记便利化改革。推行登记全程网办。(登记注册科、行政审批科,2025年6月底前)
(二)推进企业注销一网服务。(执法稽查支队、信用监督管理科,持续推进)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["登记注册科"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["执法稽查支队"]


def test_units_sharing_the_lead_by_their_duties_keep_their_names():
    text = """某市2025年民生实事项目
1.改善农村人居环境。新建改造农村公路300公里。(牵头单位:市交通运输局、市农业农村局按职责分工)
2.新增城镇就业2万人。(牵头单位:市人社局)
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["市交通运输局", "市农业农村局"]
