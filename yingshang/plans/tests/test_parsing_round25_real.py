"""Conventions of round 25, from the real parts scored in rounds 23–24 (a commission's task table copied one cell
per line, its rows given to the commission's own offices, a year's work in a column of each year). Each example is
constructed for the test, never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _one_cell_per_line(rows: list[str]) -> dict:
    return items_by_path("\n\n".join(rows) + "\n")


HEADER = ["某委推进综合交通体系建设任务分解表", "序号", "内容", "牵头部门", "配合部门", "2024年工作任务", "2025年工作计划", "备注"]


def test_a_years_work_column_dates_the_row_by_the_end_of_that_year():
    items = _one_cell_per_line(
        HEADER + ["1", "编制综合交通规划", "规划处", "委内各相关处室", "完成规划基本思路。", "启动规划编制。", "按节点报送"]
    )
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2024-12-31", "2025-12-31"]


def test_a_commissions_offices_named_whole_in_their_cells_are_the_rows_units():
    # the empty 备注 cell was dropped in copying: the row is one cell short and is placed on its first unit cell
    items = _one_cell_per_line(
        HEADER
        + ["1", "编制综合交通规划", "综合规划处", "—", "完成规划基本思路。", "启动规划编制。"]
        + ["2", "推进公交站点品质提升", "客运处", "法规科", "完成第一批站亭改造。", "推进站点提升项目。"]
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["综合规划处"]
    assert mention_names(items[(2,)]["lead_units"]) == ["客运处"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["法规科"]
    assert "站亭" in items[(2,)]["text"] and "法规科" not in items[(2,)]["title"]


def test_a_row_whose_task_cell_is_merged_with_the_row_above_takes_that_task_and_keeps_its_own_units():
    items = _one_cell_per_line(
        HEADER
        + ["1", "推进快速干线系统建设", "综合规划处", "—", "加快19号线前期工作。", "推进四期规划编制。"]
        + ["2", "交通建设处", "设施养护处", "推进快速路项目建设。", "推进快速路项目建设。"]
    )
    assert mention_names(items[(2,)]["lead_units"]) == ["交通建设处"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["设施养护处"]
    assert "快速干线" in items[(2,)]["title"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31", "2025-12-31"]


def test_unit_names_one_per_line_beyond_the_unit_columns_belong_to_the_last_unit_column():
    items = _one_cell_per_line(
        HEADER
        + ["1", "加快慢行交通系统建设", "设施运行处", "综合规划处", "设施养护处", "推进慢行交通品质提升。", "完成提升项目120项。"]
        + ["2", "推动交通设施绿色发展", "设施养护处", "—", "推进路面材料循环利用。", "持续推进旧料利用。"]
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["设施运行处"]
    assert sorted(mention_names(items[(1,)]["responsible_units"])) == ["综合规划处", "设施养护处"]
    assert "慢行交通品质" in items[(1,)]["text"]


def test_a_section_row_right_before_the_next_row_is_not_a_cell_of_a_row_short_of_its_last_cells():
    items = _one_cell_per_line(
        HEADER
        + ["一、完善设施网络", "1", "建设监测平台", "轨道交通处", "—", "完成平台基础功能开发。", "优化平台管理功能。"]
        + ["二、促进绿色发展", "2", "推动交通设施绿色发展", "设施养护处", "—", "推进路面材料循环利用。", "持续推进。"]
    )
    assert sorted(items) == [(1,), (1, 1), (2,), (2, 2)]
    assert "绿色发展" not in items[(1, 1)]["text"]


def test_points_numbered_inside_a_years_work_cell_stay_the_rows_work():
    items = _one_cell_per_line(
        HEADER
        + ["1", "编制综合交通规划", "综合规划处", "委内各相关处室"]
        + ["1.完善规划基本思路，按时报送。", "2.编制都市圈交通规划。", "3.推进联合发文。"]
        + ["1.启动规划编制。", "2.深化都市圈规划成果。"]
        + ["2", "推进公交站点品质提升", "客运处", "—", "完成站亭改造。", "推进站点提升项目。"]
    )
    assert sorted(items) == [(1,), (2,)]
    assert "都市圈交通规划" in items[(1,)]["text"]
    assert mention_names(items[(1,)]["lead_units"]) == ["综合规划处"]
    assert mention_names(items[(2,)]["lead_units"]) == ["客运处"]


def test_a_step_whose_heading_closes_with_its_span_of_months_is_due_by_the_spans_end():
    text = """某乡2018年农村集体产权制度改革工作方案
一、主要任务
（一）全面开展清产核资(2018年4-9月)
对集体资产进行全面清查。
（二）有序推进股份合作制改革(2018年11月-2019年6月)
将经营性资产折股量化。
（三）抓好学习对照(2018年8月-9月上旬)系统学习有关文件精神，逐条对照查找差距。
（四）禁烧期(9月15日至11月15日)
加强巡查。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2018-09-30"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2019-06-30"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2018-09-10"]
    # a period named by a noun is no step of the work
    assert items[(1, 4)]["deadlines"] == []


def test_a_bracket_holding_only_how_long_the_work_goes_on_is_the_items_time():
    text = """某乡2018年农村集体产权制度改革工作方案
一、主要任务
（一）多种形式发展集体经济(长期)
因地制宜发展集体经济。
（二）强化监督（持续推进）
加强监督。
（三）完善管理制度
建立健全长期坚持的制度。
"""
    items = items_by_path(text)
    assert [d["kind"] for d in items[(1, 1)]["deadlines"]] == ["ongoing"]
    assert [d["kind"] for d in items[(1, 2)]["deadlines"]] == ["scheduled"]
    assert items[(1, 3)]["deadlines"] == []


def test_a_plan_without_a_year_of_its_own_takes_the_earliest_year_of_its_dated_deadlines():
    # an 整改清单 cut from its notice: near deadlines in the year it was written, later targets after it
    text = """附件 整改措施清单
一、饮用水源保护不到位
1.区交通与建设局确保2018年5月底前完成截污工程。
2.区农村发展局确保5月底前完成管网建设。
3.2020年底前实现水源地水质稳定达标。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2018-05-31"]


def test_a_signature_run_on_after_the_attachment_list_with_a_contact_note_dates_the_plan():
    text = (
        "各成员单位：为深入推进跨部门联合监管，现将有关事项通知如下。一、加强统筹。各成员单位要按计划推进抽查工作，"
        "于12月20日前将抽查结果报送领导小组办公室。二、强化公示。抽查结果于20个工作日内公示。 附件：1.2022年联合抽查计划 "
        "某区企业“双随机、一公开”监管工作领导小组办公室2022年2月22日 （联系人：张某，联系电话：12345678）"
    )
    items = items_by_path(text)
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2022-12-20"]


def test_an_item_about_its_time_is_due_by_the_end_of_the_span_it_states():
    text = """某局2022年检查工作实施方案
一、检查时间 2022年5月20日至6月30日
二、检查对象 按照要求随机抽取。
三、工作目标自2022年3月至2022年11月，选择4家单位开展示范创建。
四、时间安排
2022年6月至8月，开展检查。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2022-06-30"]
    assert items[(2,)]["deadlines"] == []
    assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2022-11-30"]
    assert [d["date"] for d in items[(4,)]["deadlines"]] == ["2022-08-31"]


def test_a_heading_run_straight_into_its_labelled_fields_gives_them():
    text = """某片区深入开展安全隐患大排查大整治工作实施方案
一、整治重点
（一）台风、山洪及森林火灾牵头领导:周某某牵头处室:政法综治处责任处室(单位):各村居
（二）地质灾害隐患点牵头领导:林某某牵头处室:资源生态处责任处室(单位):各村居
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["政法综治处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["资源生态处"]
    assert items[(1, 1)]["title"] == "台风、山洪及森林火灾"


def test_a_task_table_run_on_in_one_line_with_spaces_between_its_cells_is_read_as_a_table():
    rows = [
        "附件 某区大气污染防治行动计划重点任务表 重点任务 工作措施 牵头单位 参与单位 一、调整优化产业结构",
        "1.优化产业布局 完成生态保护红线编制工作，明确禁止和限制发展的行业目录，坚决杜绝高耗能、高污染项目落地。 区环土局 区经发局、各片区指挥部",
        "2.落实落后产能退出 依法依规关停能耗、环保、安全和技术达不到标准的产能，力争2019年底前基本完成。 区经发局 区环土局、市场监管局",
        "重点任务 工作措施 牵头单位 参与单位 3.强化“散乱污”企业整治 全面开展“散乱污”企业综合整治专项行动，实行拉网式排查，建立管理台账。 区环土局、经发局 区市场监管局",
        "二、加快调整能源结构 4.推进电能替代 以交通、工业、农业等领域为重点，加快推进电能替代工作，进一步提高电能占终端能源消费比重。 区经发局 平潭供电公司",
    ]
    items = items_by_path(" ".join(rows) + "\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (2,), (2, 4)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区环土局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区经发局"]
    assert sorted(mention_names(items[(1, 3)]["lead_units"])) == ["区环土局", "经发局"]
    assert mention_names(items[(2, 4)]["lead_units"]) == ["区经发局"]
    assert "平潭供电公司" in mention_names(items[(2, 4)]["responsible_units"])


def test_units_ranked_at_the_front_lead_when_the_plan_says_so_after_its_tasks():
    text = """某区农村人居环境整治三年行动实施方案
一、重点任务
（一）实施农村垃圾治理行动。推行农村生活垃圾干湿分离。（责任单位：区交建局、区农发局、各乡镇）
（二）实施农村“厕所革命”。加快农村户厕改造。（责任单位：区交建局、各乡镇）
二、保障措施
（一）加快组织实施。各项任务中排位靠前的责任单位为牵头单位。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区交建局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区交建局"]


def test_a_schedule_item_that_opens_with_its_month_is_done_within_it():
    text = """某区2016年农资打假专项治理行动实施方案
一、工作安排
（一）3月，联合公安、工商等部门部署年度农资打假工作。
（二）2-5月，组织开展农资打假保春耕专项行动。
（三）加强宣传，全年保持高压态势。
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2016-03-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2016-05-31"]
    assert items[(1, 3)]["deadlines"] == []
