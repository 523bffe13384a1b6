"""Conventions of round 28, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path



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
    assert deadline_dates(items[(1, 2, 2)]) == ["2024-08-31"]
    assert deadline_dates(items[(2, 1)]) == ["2024-09-30"]  # 「1.5倍」 is a figure, not row 1.5
    assert deadline_dates(items[(2, 1, 1)]) == ["2024-10-31"]  # 「2.1.1/3」: three rows in one, numbered by the first
    assert deadline_dates(items[(2, 1, 4)]) == ["2024-11-30"]  # the outline goes on from its last; 2.1.5 lost in the copy


def test_a_time_label_spaced_out_to_the_width_of_its_neighbours_is_a_time_label():
    items = items_by_path(
        "某局2022年主题活动方案\n一、开展警示教育。召开警示教育专题会。时 间:6-7月\n二、开展走访慰问。走访慰问困难党员。时　间：7月\n"
    )
    assert deadline_dates(items[(1,)]) == ["2022-07-31"]
    assert deadline_dates(items[(2,)]) == ["2022-07-31"]


def test_the_signing_date_closing_a_notice_gives_its_year_where_nothing_else_does():
    # a notice without a title, its signature run on to the last item: 「…办公室2025年2月26日」
    duty = "各片区局、各部门要紧紧围绕工作要求，精诚合作，主动推动任务落实，推进项目建设高质量发展，确保项目资金安全、规范、高效使用。"
    items = items_by_path(
        "各片区局，区直有关部门：根据全省示范村创建工作安排，我办组织开展示范村创建对象实施项目计划工作，经研究，共安排实施项目19个。"
        + duty
        + "具体如下：一、推动建设，及时跟进。各片区局要在3月5日前将项目信息录入在线监管平台，全力推进项目设计、财审、招投标等前期工作，"
        "确保4月底前全部开工。"
        + duty
        + "二、加强监管，规范使用。各片区局要加强项目资金监管，严禁挤占挪用。"
        + duty
        + "三、履行职责，保障建设。区直各部门要根据职责分工，做好行业管理、项目审批、要素保障等工作。"
        + duty
        + "附件：示范村创建对象计划实施项目某某领导小组办公室2025年2月26日\n"
    )
    assert deadline_dates(items[(1,)]) == ["2025-03-05", "2025-04-30"]


def test_a_roles_bracket_keeps_its_lead_beside_the_bodies_it_works_with_and_a_yearly_rhythm():
    items = items_by_path(
        "某省2026年服务消费行动方案\n一、扩大服务消费\n"
        "1.扩大跨境服务消费。(省商务厅牵头,会同某某海关、省卫生健康委等部门推进;2026年12月底前形成一批示范项目)\n"
        "2.组织开展外贸产品内销专项活动。(商务部牵头,各地区按职责分工负责,每年组织)\n"
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["省商务厅"]
    assert deadline_dates(items[(1, 1)]) == ["2026-12-31"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["商务部"]
    assert [d["kind"] for d in items[(1, 2)]["deadlines"]] == ["scheduled"]


def test_a_table_copied_with_spaces_between_its_cells_reads_each_rows_unit_cells_by_its_header():
    # 工作任务 | 牵头部门 | 本局责任处 | 工作要求, each row on one line, empty cells not copied
    items = items_by_path(
        "附件 某局2018年政务公开工作主要任务分解表 工 作 任 务 管委会牵头部门 本局责任处（单位） 工　作　要　求 "
        "一、推进公开 1.全面公开权力清单和责任清单 区行政审批局 综合处牵头，各处、单位配合落实 通过政府门户网站集中展示，及时动态更新。 "
        "2.做好权责清单调整 区行政审批局 要及时调整并公开。 "
        "3.推进政策解读 政策法规处 各有关处室 每年至少1次解读重大政策。 "
        "4.推进办事公开 各有关处室 及时公开办事指南。 "
        "5.编制公开清单 局办公室 2018年10月底前编制完成《重点领域政务公开清单》 年底前公开本部门清单。\n"
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["区行政审批局", "综合处"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区行政审批局"]
    assert [m["mention"] for m in items[(1, 3)]["lead_units"]] == ["政策法规处"]
    assert items[(1, 4)]["lead_units"] == []  # a lone collective answers for the work, it does not lead it
    assert deadline_dates(items[(1, 5)]) == ["2018-10-31", "2018-12-31"]


def test_a_glued_table_whose_answering_cell_recurs_row_after_row_reads_the_lead_run_on_before_it():
    answering = "区直有关单位，各乡镇人民政府"
    items = items_by_path(
        "某区2018年政务公开工作主要任务分解表 工作任务牵头单位责任单位工 作 要 求一、加强公开解读"
        f"1.政府工作要做到公开透明 {answering}坚持以公开为常态、不公开为例外。"
        f"2.做好权责清单调整和公开工作区行政审批局{answering}全面完成权责清单融合工作。"
        f"3.推动全面实施“双随机、一公开”监管区市场监管局、行政审批局{answering}要制定并公布随机抽查事项清单。"
        f"4.推进重大建设项目信息公开区经发局、重点办{answering}突出做好项目批准和实施过程信息公开。\n"
    )
    assert items[(1, 1)]["lead_units"] == []
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区行政审批局"]
    assert [m["mention"] for m in items[(1, 3)]["lead_units"]] == ["区市场监管局", "行政审批局"]
    assert [m["mention"] for m in items[(1, 4)]["lead_units"]] == ["区经发局", "重点办"]


def test_a_count_taken_on_a_day_is_no_deadline_and_a_phase_out_by_a_year_is_one():
    items = items_by_path(
        "某区2016年黄标车淘汰工作方案\n一、工作目标\n"
        "(一)总目标任务。全区截至2016年1月1日未达到强制报废标准的黄标车共744辆，这些黄标车应在2017年全部淘汰。\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2017-12-31"]


def test_a_table_copied_one_cell_per_line_whose_rows_are_numbered_items_reads_their_unit_cells_by_the_header():
    lines = [
        "附件：", "某区消防安全综合治理重点任务清单", "类别", "项目", "主要任务", "牵头单位", "配合单位",
        "一、做好政策保障", "1.做好规划配套", "将消防安全综合治理建设工作与消防专项规划同步实施。", "区消防救援支队", "区应急局、各街道",
        "2.完善规章标准", "细化街道消防安全委员会的职责任务。", "区消防救援支队", "各街道",
        "贯彻执行基层消防综合治理重点检查事项。", "区消防救援支队", "各街道",
        "3.纳入考核体系", "将消防综合治理纳入街道年度考核。", "区考核办", "各街道",
    ]
    items = items_by_path("\n\n".join(lines) + "\n")
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["区消防救援支队"]
    assert [m["mention"] for m in items[(1, 1)]["responsible_units"]] == ["区应急局", "各街道"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区消防救援支队"]
    assert [m["mention"] for m in items[(1, 3)]["lead_units"]] == ["区考核办"]


def test_a_unit_told_to_play_its_part_as_lead_leads():
    items = items_by_path(
        "某区2021年种业监管工作方案\n一、工作措施\n"
        "(一)压实监管责任。区农业农村局要发挥牵头抓总、统筹协调、督导检查作用，抓好工作任务的安排部署。\n"
        "(二)加强组织领导。区医保局要切实发挥牵头部门作用，逐级分解任务。\n"
        "(三)强化宣传培训。局办公室要积极牵头组织开展消防安全常识学习。\n"
        "(四)落实属地责任。各部门要切实履行牵头责任，抓好落实。\n"
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["区农业农村局"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区医保局"]
    assert [m["mention"] for m in items[(1, 3)]["lead_units"]] == ["局办公室"]
    assert items[(1, 4)]["lead_units"] == []  # a reminder to every body names no lead
