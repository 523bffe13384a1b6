"""Conventions of round 20, from parts written blind after round 19 (建议提案 分办表, …). Each example is constructed for
the test, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing.tables import LEAD, PERSON, RESPONSIBLE, TEXT, column_role

from .parsing_helpers import items_by_path, mention_names, workbook_bytes

# A 人大代表建议 / 政协提案 分办表: each matter is its 案由 (or 建议题目), handled by its 主办 units with the 会办 ones;
# the deputy or the party committee that proposed it is no unit of the task.
_PROPOSALS = """某县第十届政协第二次会议提案办理分工表
交办日期:2023年2月10日

| 序号 | 案号 | 案由 | 提案者 | 主办单位 | 会办单位 | 办理时限 |
| 1 | 102 | 关于加快县城停车场建设的提案 | 农工党县委会 | 县住建局 | 县公安局、县城管局 | 2023年5月31日 |
| 2 | 115 | 关于支持农产品电商发展的提案 | 王某等3位委员 | 县商务局 | 县农业农村局 | 2023年6月30日 |
| 3 | 131 | 关于提升乡镇卫生院服务能力的提案 | 县工商联 | 县卫健局 | 县财政局、县医保局 | 2023年5月31日 |
"""


def test_a_proposals_table_reads_its_matters_by_their_subject_and_leaves_the_proposer_out():
    items = items_by_path(_PROPOSALS)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["text"].startswith("关于加快县城停车场建设的提案")
    assert mention_names(items[(1,)]["lead_units"]) == ["县住建局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["县卫健局"]
    assert "县工商联" not in mention_names(items[(3,)]["lead_units"] + items[(3,)]["responsible_units"])
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-06-30"]


def test_the_columns_of_a_proposals_table():
    assert column_role("案由") == TEXT
    assert column_role("建议题目") == TEXT
    assert column_role("提案者") == PERSON
    assert column_role("领衔代表") == PERSON
    assert column_role("代表团") == PERSON
    assert column_role("主办单位") == LEAD
    assert column_role("会办单位") == RESPONSIBLE


# A three-year plan's breakdown: one column per year under a merged 年度目标, each cell what is due within that year
# (「—」 where nothing is); and a 主要指标 table whose 单位 is the unit of measure and whose year columns hold values.
_YEARLY = """<html><body><p>某市城市更新三年行动(2024—2026年)任务分解表</p><table>
<tr><td rowspan="2">序号</td><td rowspan="2">重点任务</td><td colspan="3">年度目标</td><td rowspan="2">牵头单位</td></tr>
<tr><td>2024年</td><td>2025年</td><td>2026年</td></tr>
<tr><td>1</td><td>老旧小区改造</td><td>改造小区40个</td><td>改造小区50个</td><td>—</td><td>市住建局</td></tr>
<tr><td>2</td><td>城市绿道建设</td><td>新建绿道10公里</td><td>新建绿道12公里</td><td>新建绿道15公里</td><td>市园林局</td></tr>
</table>
<p>主要指标</p><table>
<tr><td>序号</td><td>指标名称</td><td>单位</td><td>2023年基数</td><td>2026年目标</td></tr>
<tr><td>1</td><td>城市绿地率</td><td>%</td><td>36</td><td>40</td></tr>
</table></body></html>"""


def test_the_year_columns_of_a_multi_year_table_are_its_deadlines_and_an_indicator_table_is_no_task_table():
    items = items_by_path(_YEARLY.encode("utf-8"), filename="任务分解表.html")
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2024-12-31", "2025-12-31"]  # (2026: 「—」, nothing due)
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31", "2025-12-31", "2026-12-31"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市园林局"]
    # the indicator's row is no task: no unit named 「%」, and item 1 keeps its own text
    assert items[(1,)]["text"].startswith("老旧小区改造")
    assert all("%" not in mention_names(item["lead_units"] + item["responsible_units"]) for item in items.values())


def test_a_lone_year_in_a_row_is_no_year_column():
    from yingshang.plans.parsing.tables import _header_roles

    # a task's row with its deadline cell 「2024年」 does not read as a header of year columns
    assert _header_roles(["1", "完成年度工作总结", "市统计局", "2024年"]) is None
    assert column_role("2023年基数") is None


def test_a_five_year_plans_period_is_due_by_its_last_year():
    items = items_by_path(
        "某市数字经济发展规划任务分工\n"
        "1.建设工业互联网平台。(牵头单位:市工信局;完成时限:“十四五”期间)\n"
        "2.推进数字乡村建设。“十四五”期间新建数字乡村示范村50个。(牵头单位:市农业农村局)\n"
        "3.推进普惠金融。(牵头单位:市金融局;完成时限:十三五末)\n"
    )
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-12-31"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2025-12-31"]
    assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2020-12-31"]


def test_a_minutes_masthead_dates_the_year_less_deadlines():
    from yingshang.plans.parsing import parse_plan

    # a 纪要: its title names no year; the issuing line under the masthead holds the office and the date side by side
    text = "\n".join([
        "某市住房和城乡建设局",
        "局长办公会议纪要",
        "〔2022〕第9期",
        "某市住房和城乡建设局办公室        2022年5月6日",
        "会议研究了以下事项:",
        "一、关于老旧小区改造工作",
        "(一)由城建科牵头,8月底前完成年度改造项目招标。",
        "(二)房产科负责,10月底前完成加装电梯摸底。",
    ])
    plan = parse_plan(text)
    assert plan["date"] == "2022-05-06"
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2022-08-31"]
    from yingshang.plans.parsing.document import document_year

    # the issue number alone dates it too, however its brackets are written
    assert document_year({"doc_number": "〔2022〕第9期"}) == (2022, "doc_number")
    faxed = "\n".join(["某市人民政府", "专题会议纪要", "(2015)31号", "一、由市住建委牵头,于9月底前完成规划审批。", "二、由市财政局负责,年底前完成贷款申报。"])
    assert parse_plan(faxed)["doc_number"] == "(2015)31号"
    assert [d["date"] for d in items_by_path(faxed)[(1,)]["deadlines"]] == ["2015-09-30"]


def test_a_clause_that_names_its_work_before_the_lead_gives_the_lead_alone():
    items = items_by_path(
        "某局2023年重点工作\n(一)信息系统整合工作由信息中心牵头,办公室配合,9月底前完成。\n"
        "(二)自由贸易试验区管委会牵头,市商务局配合,年底前完成。\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["信息中心"]
    # (a 由 inside a unit's own name is no subject before it)
    assert mention_names(items[(2,)]["lead_units"]) == ["自由贸易试验区管委会"]


def test_a_section_row_between_bars_ends_the_row_before_it():
    items = items_by_path(
        "某局2019年重点任务分解表\n"
        "序号 | 任务内容 | 牵头处室 | 配合处室 | 完成时间 |\n"
        "一、审批服务 | | | | |\n"
        "1 | 推行联合验收,实行“一家牵头、一口受理” | 质量安全处 | 档案馆 | 2019年10月 |\n"
        "二、市场环境 | | | | |\n"
        "2 | 推行电子招投标全覆盖 | 建筑业处 | 招标办 | 2019年5月31日 |\n"
    )
    assert sorted(items) == [(1,), (1, 1), (2,), (2, 2)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["质量安全处"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2019-10-31"]
    assert items[(2,)]["lead_units"] == [] and items[(2,)]["deadlines"] == []


def test_a_ministrys_division_by_its_departments():
    items = items_by_path(
        "某部支持改革创新重点工作分工方案\n一、扩大开放\n"
        "(一)修订负面清单。(牵头司局:外资司;配合司局:条法司、服贸司;完成时限:2016年年底前)\n"
        "(二)推行备案管理。(牵头司局:合作司)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["外资司"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["条法司", "服贸司"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["合作司"]


_WITH_FOOTER = """<html><body><table>
<tr><td>序号</td><td>事项名称</td><td>承接部门</td><td>实施时间</td></tr>
<tr><td>1</td><td>社会保险参保登记</td><td>区政务服务局(牵头)</td><td>2022年12月31日前</td></tr>
<tr><td>2</td><td>用工监测调度</td><td>区人力资源局(牵头)</td><td>2022年11月30日前</td></tr>
</table>
<div class="footer">主办:某市人民政府办公厅 网站标识码:4301000044 某ICP备05003297号</div></body></html>"""


def test_a_sites_footer_line_is_no_field_of_the_last_row():
    items = items_by_path(_WITH_FOOTER.encode("utf-8"), filename="赋权事项清单.html")
    assert mention_names(items[(2,)]["lead_units"]) == ["区人力资源局"]


def test_a_collective_listed_first_under_a_first_is_lead_header_leads():
    items = items_by_path(
        "某市2024年乡村振兴任务清单\n"
        "序号 | 重点任务 | 责任单位(排在首位的为牵头单位) | 完成时限\n"
        "1 | 建设和美乡村示范村 | 各县(区)人民政府、市农业农村局 | 2024年12月底前\n"
        "2 | 推进农村公路提质 | 市交通运输局、各县(区)人民政府 | 2024年10月底前\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["各县(区)人民政府"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市交通运输局"]


def test_a_time_after_the_units_of_a_bracket_is_the_items_schedule_not_a_unit():
    items = items_by_path(
        "某省人大常委会2016年工作要点\n一、立法工作\n"
        "1.审议社会信用条例草案。(牵头:省人大法制委员会;参与:省发展改革委;6月底前提请常委会会议初审)\n"
        "2.听取审议审计工作报告。(牵头:省人大财政经济委员会;7月常委会会议)\n"
        "3.开展食品安全法执法检查。(牵头:省人大教科文卫委员会;参与:省市场监管局;5月至8月)\n"
    )
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["省发展改革委"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2016-06-30"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省人大财政经济委员会"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2016-08-31"]


def test_the_stages_of_a_multi_year_task_are_due_by_their_last_year():
    items = items_by_path(
        "某县巩固拓展脱贫攻坚成果实施方案(2021—2025年)\n"
        "1.巩固“三保障”成果。2021—2022年:问题动态清零;2023—2025年:成果持续巩固。(牵头单位:县乡村振兴局)\n"
        "2.改造老旧小区。2023年底前基本完成2000年底前建成的老旧小区改造。(牵头单位:县住建局)\n"
    )
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2022-12-31", "2025-12-31"]
    # a plan of 2021—2025 names the old estates by a year long before it: which estates, not when they are due
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-12-31"]


# A 督办 system's export: 序号 counts its records, chapters included; the task cells carry the plan's own outline; a
# 任务编号 identifies the record and a 最近反馈时间 says when it was last reported on.
_EXPORT = "\n".join([
    '"序号","任务编号","任务名称","任务内容","牵头单位","办结时限","最近反馈时间"',
    '"1","DB-0031","一、稳住经济大盘","","","",""',
    '"2","DB-0032","(一)落实退税政策","5月底前集中退还留抵税额。","区税务局","2022-05-31","2022-06-02 09:13:44"',
    '"3","DB-0033","(二)保障项目用地","完成年度供地的70%。","区自然资源局","2022-09-30","2022-07-08 11:02:51"',
    '"4","DB-0034","二、保市场主体","","","",""',
    '"5","DB-0035","(一)开展金融纾困","组织银企对接会10场。","区金融办","2022-12-31",""',
])


def test_a_systems_export_numbers_its_records_and_the_tasks_keep_their_own_outline():
    items = items_by_path(_EXPORT.encode("utf-8"), filename="督办台账导出.csv")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    first = items[(1, 1)]
    assert mention_names(first["lead_units"]) == ["区税务局"]
    # the text's 5月底前 is the time limit's 2022-05-31; the feedback time is no deadline; the record's id no text
    assert [d["date"] for d in first["deadlines"]] == ["2022-05-31"]
    assert "DB-0032" not in first["text"]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["区金融办"]


_LEDGER_HEADER = ["序号", "督办编号", "交办事项", "交办日期", "牵头单位", "办结时限", "是否完成"]


def test_a_ledger_workbook_finds_its_task_sheets_past_notes_and_tallies():
    data = workbook_bytes([
        ("填报说明", [["填报说明"], ["1.各牵头单位每月25日前更新进展情况。"], ["2.完成时限请勿修改。"]], False),
        ("汇总", [["牵头单位", "牵头任务数", "已完成", "完成率"], ["市教育局", 2, 1, 0.5], ["市住建局", 1, 0, 0]], False),
        ("一、民生", [
            ["2023年重点事项督办台账"],
            ["颜色说明:绿色为已办结,红色为逾期。"],
            ["督查室 更新时间:2023年9月20日"],
            ["一、民生保障"],
            _LEDGER_HEADER,
            [1, "DB-01", "新建公办幼儿园3所", "2023-02-01", "市教育局", "2023-08-31", "否"],
            [2, "DB-02", "改造老旧小区20个", "2023-02-01", "市住建局", "2023-12-31", "是"],
        ], False),
        ("二、营商", [["二、营商环境"], _LEDGER_HEADER, [1, "DB-03", "压缩企业开办时间", "2023-03-01", "市市场监管局", "2023-06-30", "否"]], False),
        ("分单位统计", [["序号", "牵头单位", "督办事项数", "已办结"], [1, "市教育局", 1, 0], [2, "市住建局", 1, 1]], False),
        ("代码表", [["序号", "工作任务", "牵头单位"], [1, "代码表", "市财政局"]], True),
    ])
    items = items_by_path(data, filename="督办台账.xlsx")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    first = items[(1, 1)]
    assert first["text"] == "新建公办幼儿园3所"  # no 编号, no 交办日期, no 否
    assert mention_names(first["lead_units"]) == ["市教育局"]
    assert [d["date"] for d in first["deadlines"]] == ["2023-08-31"]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["市市场监管局"]
    # the tally by unit and the hidden code sheet give nothing
    assert all("市财政局" not in mention_names(item["lead_units"]) for item in items.values())


def test_a_label_naming_what_else_it_may_hold_in_brackets():
    items = items_by_path(
        "某局2024年工作要点\n一、夯实基础\n1.推进政务云扩容。\n责任处室(单位):基础设施处(牵头)、某大数据公司\n完成时限:2024年9月\n"
        "2.加强数据安全。\n牵头单位(部门):安全管理处\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["基础设施处"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2024-09-30"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["安全管理处"]


# A PDF's text dump with its layout kept (pdftotext -layout): a blank line after each row, a cell's wrapped line under
# it, the page's number and the header again on the next page.
_LAYOUT_HEADER = "序号  重点任务          工作措施                              牵头单位          完成时限"
_LAYOUT = "\n".join([
    "                    某市2021年城市更新重点任务清单",
    "",
    _LAYOUT_HEADER,
    "",
    "1     老旧小区改造      完成老旧小区改造186个,6月底前开工     市住建局          2021年11月底前",
    "                        率达到80%。",
    "",
    "2     背街小巷整治      完成背街小巷环境整治50条。            市城管局          2021年12月底前",
    "",
    "                                        — 1 —",
    "",
    _LAYOUT_HEADER,
    "",
    "3     城市绿化提升      新建口袋公园20个。                    市园林局          2021年10月底前",
])


def test_a_layout_dump_of_a_table_goes_on_past_blank_lines_and_page_breaks():
    items = items_by_path(_LAYOUT)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["text"].endswith("率达到80%。")
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3)] == [["市住建局"], ["市城管局"], ["市园林局"]]
    assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2021-10-31"]


def test_a_scanned_rectification_plan_with_ocr_confusions_and_measures_run_on_after_their_label():
    items = items_by_path(
        "某县审计发现问题整改方案\n一、整改目标\n逐项明确整改责任。\n二、问题及整改措施\n"
        "(-)部分补助对象识别不精准。\n"
        "整改措施:l.对37户补助对象逐户复核。2.开展“回头看”,建立动态管理台账。\n"
        "牵头单位:县住建局\n完成时限:2020年8月31曰前\n"
        "(二)补助资金拨付不及时。\n整改措施:1.于9月15日前全部拨付到户。2.完善拨付流程。\n牵头单位:县财政局\n"
    )
    assert sorted(items)[:6] == [(1,), (2,), (2, 1), (2, 1, 1), (2, 1, 2), (2, 2)]
    assert items[(2, 1, 1)]["text"].startswith("对37户补助对象逐户复核")
    assert items[(2, 2, 2)]["text"].startswith("完善拨付流程")
    # a date whose 日 the OCR read as 曰
    assert any(d["date"] == "2020-08-31" for item in items.values() for d in item["deadlines"])
    # a figure after a colon that is no measures label is no item
    assert sorted(items_by_path("某方案\n一、目标\n办结时间缩短至:1.5个工作日。\n二、措施\n做好服务。\n")) == [(1,), (2,)]


def test_a_header_cell_broken_after_four_characters_in_a_one_cell_per_line_copy():
    text = "\n".join([
        "某市2015年政府工作报告目标任务分解表", "序号", "目标任务", "牵头市级", "领导", "牵头单位", "配合单位", "完成时限",
        "一、主要预期目标(3项)", "1", "全市生产总值增长8%左右", "张某", "市发改委", "市统计局", "2015年12月底",
        "2", "固定资产投资增长15%", "张某", "市发改委", "各县区政府", "2015年12月底",
        "3", "地方财政收入增长7%", "李某", "市财政局", "市税务局", "2015年12月底",
    ])
    items = items_by_path(text)
    assert [mention_names(items[(1, n)]["lead_units"]) for n in (1, 2, 3)] == [["市发改委"], ["市发改委"], ["市财政局"]]
    assert "张某" not in items[(1, 1)]["text"]


def test_a_tab_table_whose_rows_lost_a_merged_cell_and_broke_a_cell_over_two_lines():
    text = "\n".join([
        "某市2022年农村人居环境整治提升重点任务",
        "序号\t重点任务\t工作内容\t牵头单位\t配合单位\t完成时间",
        "1\t垃圾治理\t推进生活垃圾分类\t市城管局\t市农业农村局",
        "各区镇\t2022年12月底前",
        # the 重点任务 cell was merged over rows 1 and 2: row 2 comes without it
        "2\t完善垃圾收运处置体系\t市城管局\t各区镇\t持续推进",
        "3\t村容村貌\t创建特色康居乡村30个\t市住建局\t市农业农村局",
        "市自然资源和规划局",
        "各区镇\t2022年12月底前",
        "4\t厕所革命\t完成公厕提档升级50座\t市农业农村局\t市卫健委\t2022年10月底前",
    ])
    items = items_by_path(text)
    assert mention_names(items[(2,)]["lead_units"]) == ["市城管局"]
    assert [d["kind"] for d in items[(2,)]["deadlines"]] == ["scheduled"]
    assert mention_names(items[(4,)]["lead_units"]) == ["市农业农村局"]
    assert [d["date"] for d in items[(4,)]["deadlines"]] == ["2022-10-31"]


def test_a_header_cells_bracketed_note_wrapped_onto_a_line_of_its_own():
    text = "\n".join([
        "某街道2024年重点工作任务清单", "序号", "工作任务", "具体举措", "责任领导", "牵头科室", "配合科室", "(社区)", "完成时限",
        "一、党建引领", "1", "深化红色网格建设", "优化网格划分。", "李某", "党建办", "各社区", "6月底前",
        "2", "推进党建+物业", "成立小区党支部。", "李某", "党建办", "城管办、各社区", "12月底前",
    ])
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["党建办"]
    assert items[(1, 1)]["deadlines"][0]["text"].startswith("6月底前")


def test_an_oa_systems_list_of_attached_files_is_no_item():
    text = "\n".join([
        "某区政务协同办公系统 > 公文管理 > 收文",
        "收文登记",
        "标    题:某市人民政府办公室关于印发2023年优化营商环境实施方案的通知",
        "附件(2):",
        "  1.某市2023年优化营商环境实施方案.pdf(412KB)",
        "  2.附件2:任务分工表.xlsx(36KB)",
        "某市2023年优化营商环境实施方案",
        "一、重点任务",
        "1.深化一件事一次办改革。(牵头单位:市行政审批局;完成时限:2023年6月底前)",
        "2.推行免证办服务。(牵头单位:市大数据中心;完成时限:2023年9月底前)",
        "二、保障措施",
        "加强组织领导。",
    ])
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市行政审批局"]


_NESTED = """<html><body><p>某市2026年重点事项清单</p><table border="1">
<tr><td>序号</td><td>事项名称</td><td>责任分工</td><td>完成时限</td></tr>
<tr><td>1</td><td>企业信息变更一件事</td><td><table><tr><td>牵头单位</td><td>市市场监管局</td></tr>
<tr><td>配合单位</td><td>市税务局、市人社局</td></tr></table></td><td>2026年3月底前</td></tr>
<tr><td>2</td><td>新生儿出生一件事</td><td><table><tr><td>牵头单位</td><td>市卫生健康委</td></tr></table></td><td>2026年4月底前</td></tr>
</table></body></html>"""


def test_a_small_table_inside_a_task_tables_cell_is_that_cells_content():
    items = items_by_path(_NESTED.encode("utf-8"), filename="清单.html")
    assert sorted(items) == [(1,), (2,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市人社局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2026-04-30"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市卫生健康委"]


def _docx_with_a_text_box(box_text: str, lines: list[str]) -> bytes:
    """A .docx whose first paragraph anchors a text box holding ``box_text``, stored as Word stores it: once for
    today's readers (mc:Choice) and once more as a fallback (mc:Fallback)."""
    import io

    from docx import Document
    from docx.oxml import parse_xml

    document = Document()
    anchor = document.add_paragraph("")
    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    box = f'<w:txbxContent xmlns:w="{w}"><w:p><w:r><w:t>{box_text}</w:t></w:r></w:p></w:txbxContent>'
    run = parse_xml(
        f'<w:r xmlns:w="{w}" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006">'
        f"<mc:AlternateContent><mc:Choice Requires=\"wps\">{box}</mc:Choice><mc:Fallback>{box}</mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    )
    anchor._p.append(run)
    for line in lines:
        document.add_paragraph(line)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_a_note_in_a_word_text_box_is_read_once():
    from yingshang.plans.parsing.loaders import read_docx

    data = _docx_with_a_text_box(
        "(责任单位中列第一位的为牵头单位)",
        ["某镇2022年工作要点", "一、巩固成果", "1.健全监测机制。(责任单位:镇乡村振兴站、镇民政办;完成时限:每月)",
         "2.促进稳岗就业。(责任单位:镇劳动保障所、镇乡村振兴站;完成时限:6月底前)"],
    )
    assert read_docx(data).count("列第一位的为牵头单位") == 1
    items = items_by_path(data, filename="要点.docx")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["镇乡村振兴站"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["镇劳动保障所"]


def _docx_bytes(build) -> bytes:
    import io

    from docx import Document

    document = Document()
    build(document)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _fill(table, rows):
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            cell.text = value


def test_a_word_task_tables_cell_holding_a_small_table_and_a_page_laid_out_around_a_task_table():
    def nested_in_a_cell(document):
        document.add_paragraph("某市2026年重点事项清单")
        table = document.add_table(rows=3, cols=4)
        _fill(table, [["序号", "事项名称", "责任分工", "完成时限"], ["1", "企业信息变更一件事", "", "2026年3月底前"],
                      ["2", "新生儿出生一件事", "", "2026年4月底前"]])
        for row, (lead, helpers) in zip(table.rows[1:], [("市市场监管局", "市税务局"), ("市卫生健康委", "市公安局")]):
            inner = row.cells[2].add_table(rows=2, cols=2)
            _fill(inner, [["牵头单位", lead], ["配合单位", helpers]])

    items = items_by_path(_docx_bytes(nested_in_a_cell), filename="清单.docx")
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市公安局"]

    def laid_out(document):
        page = document.add_table(rows=2, cols=1)
        page.rows[0].cells[0].text = "首页 > 政务公开 > 通知公告"
        cell = page.rows[1].cells[0]
        cell.text = "某区2021年双减工作任务清单"
        inner = cell.add_table(rows=3, cols=4)
        _fill(inner, [["序号", "工作任务", "牵头单位", "完成时限"], ["1", "规范校外培训", "区教育局", "2021年9月底前"],
                      ["2", "开展课后服务", "区教育局", "2021年10月底前"]])

    items = items_by_path(_docx_bytes(laid_out), filename="双减.docx")
    assert sorted(items) == [(1,), (2,)]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2021-10-31"]


def test_a_word_document_sent_back_with_its_tracked_changes_reads_as_accepted():
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

    def tracked(document):
        document.add_paragraph("某区2023年安全生产专项行动方案")
        document.add_paragraph("一、攻坚重点")
        item = document.add_paragraph("(一)危险化学品安全。(牵头单位:区应急管理局;完成时限:")
        item._p.append(parse_xml(
            f'<w:del xmlns:w="{w}" w:id="1" w:author="a"><w:r><w:delText>2023年9月30日前</w:delText></w:r></w:del>'
        ))
        item._p.append(parse_xml(f'<w:ins xmlns:w="{w}" w:id="2" w:author="a"><w:r><w:t>2023年10月31日前</w:t></w:r></w:ins>'))
        item._p.append(parse_xml(f'<w:r xmlns:w="{w}"><w:t>)</w:t></w:r>'))
        document.add_paragraph("(二)道路交通安全。(牵头单位:区交通运输局;完成时限:2023年11月25日前)")

    items = items_by_path(_docx_bytes(tracked), filename="方案.docx")
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-10-31"]


def test_a_local_division_naming_each_levels_lead_after_the_article_it_answers():
    items = items_by_path(
        "某区2026年优化营商环境工作要点分工\n一、政务服务\n"
        "1.深化企业开办一网通办。(对应市《要点》第1项)市级牵头单位:市市场监管局;区级牵头单位:区市场监管局;"
        "配合单位:区税务局。\n"
        "2.拓展一件事清单。(对应市《要点》第2项)区级牵头单位:区行政审批服务局;完成时限:2026年6月底前\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局", "区市场监管局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区行政审批服务局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2026-06-30"]


_PHASES = """<html><body><p>某镇2021年换届选举工作任务分解表</p><table border="1">
<tr><td>阶段</td><td>序号</td><td>工作内容</td><td>牵头单位</td><td>时间安排</td></tr>
<tr><td rowspan="2">一、准备阶段</td><td>1</td><td>召开动员部署会</td><td>镇党建办</td><td>2020年12月25日前</td></tr>
<tr><td>2</td><td>开展班子运行分析研判</td><td>镇党建办</td><td>2021年1月5日前</td></tr>
<tr><td rowspan="1">二、选举阶段</td><td>3</td><td>开展选民登记</td><td>镇民政办</td><td>2021年1月31日前</td></tr>
</table></body></html>"""


def test_a_phase_column_merged_over_its_rows_opens_the_sections():
    items = items_by_path(_PHASES.encode("utf-8"), filename="分解表.html")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert items[(1,)]["text"].startswith("准备阶段")
    assert mention_names(items[(2, 3)]["lead_units"]) == ["镇民政办"]


def test_capital_letters_head_the_parts_of_a_list():
    items = items_by_path(
        "某开发区2021年外资企业服务重点任务清单\n"
        "Ａ．优化外资项目服务\n１）建立一项目一专班机制。责任单位:投资促进局;完成时限:3月底前\n"
        "２）推行容缺受理。责任单位:行政审批局;完成时限:6月30日\n"
        "B．稳定外资企业经营\n1) 开展外资企业大走访。责任单位:商务局;完成时限:12月底前\n"
        "A、B两类企业按季度走访。\n"
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert items[(2,)]["text"] == "稳定外资企业经营"
    assert "A、B两类企业" in items[(2, 1)]["text"]  # (no part of its own: no words after the letter's point)


def test_the_people_and_places_columns_of_a_communitys_grid_list():
    assert column_role("网格员") == PERSON
    assert column_role("包村干部") == PERSON
    from yingshang.plans.parsing.tables import NOTE

    assert column_role("责任网格") == NOTE
    text = "\n".join([
        "某社区2022年第四季度网格化服务管理工作任务清单", "序号 |", "工作任务 |", "责任网格 |", "网格员 |", "牵头科室 |", "完成时限 |",
        "1 |", "开展实有人口信息采集核对 |", "全社区8个网格 |", "各网格员 |", "综治中心 |", "10月20日前 |",
        "2 |", "开展敲门行动 |", "第1—4网格 |", "李某、杨某 |", "社会事务办 |", "10月底前 |",
    ])
    items = items_by_path(text)
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2)] == [["综治中心"], ["社会事务办"]]


def test_a_bulletins_masthead_and_the_times_a_report_gives():
    text = "\n".join([
        "某市“放管服”改革", "工 作 简 报", "第9期",
        "某市推进“放管服”改革工作领导小组办公室          2017年8月25日",
        "一、下阶段重点工作安排",
        "1.9月底前,市级部门不见面审批事项占比达到90%以上。",
        "2.新建社区养老服务站6个,已于6月底全部建成投用;原定5月底前出台的实施办法,11月底前印发。",
    ])
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2017-09-30"]
    # what was done by June and what was first due in May are no deadlines; the new date is
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2017-11-30"]
