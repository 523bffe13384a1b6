"""Conventions of round 31, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# A notice and the plan it issues, pasted as one paragraph joined with nothing: the plan's title line (repeating the
# title the notice quotes) runs straight on to its first chapter, whatever word the title ends in.
_NOTICE_AND_PLAN = (
    "某市人民政府文件某府〔2019〕3号关于印发2019年政府工作报告重点工作事项的通知各区人民政府,市政府各部门:"
    "现将《2019年〈政府工作报告〉重点工作事项》印发给你们,请抓好落实。某市人民政府2019年3月1日"
    "2019年《政府工作报告》重点工作事项一、推动产业升级1.壮大先进制造业集群。(牵头单位:市工信局;配合单位:市科技局)"
    "2.加快培育数字经济。(牵头单位:市发展改革委)二、优化营商环境3.深化商事制度改革。(牵头单位:市市场监管局)"
)


def test_a_plan_title_repeating_the_notices_quoted_title_opens_the_first_chapter_run_on_to_it():
    items = items_by_path(_NOTICE_AND_PLAN)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市工信局"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["市市场监管局"]


def test_text_that_only_mentions_the_quoted_title_opens_no_chapter():
    # the quoted title is named in a sentence that goes on: the 一、 after it is no chapter of the plan
    text = (
        "某县关于做好年度工作的通知各乡镇:现将《年度重点工作任务》印发。对照年度重点工作任务一、二季度未完成的事项要抓紧推进。"
        "1.完成道路建设。(牵头单位:县交通局)2.完成学校建设。(牵头单位:县教育局)3.完成医院建设。(牵头单位:县卫健局)"
    )
    items = items_by_path(text)
    assert (1,) in items and (2,) in items and (3,) in items
    assert mention_names(items[(1,)]["lead_units"]) == ["县交通局"]


# A 分工方案 in parts (第一部分 / 第二部分), pasted as one paragraph: each part's number runs on to the word before it.
_PLAN_IN_PARTS = (
    "某区“十四五”规划纲要任务分工方案第一部分区政府主责任务(3项)一、主要指标(2项)1.森林覆盖率达到36%。牵头单位:区园林绿化局"
    "2.城区路网密度达到5公里/平方公里。牵头单位:区交通局第二部分配合市级部门任务(1项)一、重大项目(1项)3.推进轨道交通建设。牵头单位:区发展改革委"
)


def test_parts_of_a_plan_run_on_to_the_words_before_them_open_as_its_top_level():
    items = items_by_path(_PLAN_IN_PARTS)
    assert (1,) in items and (1, 1) in items and (1, 1, 1) in items and (1, 1, 2) in items
    assert items[(1,)]["title"].startswith("区政府主责任务")
    assert mention_names(items[(1, 1, 1)]["lead_units"]) == ["区园林绿化局"]
    assert (2,) in items and items[(2,)]["title"].startswith("配合市级部门任务")


def test_a_part_of_a_cited_standard_or_a_labelled_part_of_a_form_is_no_part_of_the_plan():
    text = (
        "某区景区提升工作方案为提升景区服务质量,制定本方案。一、标识系统1.在道路、停车场、出入口等位置设置公共信息图形符号,参照GB/T 10001.1-2012《公共信息图形符号第1部分:通用符号》标准执行。"
        "2.对检查发现的问题出具督查建议书,督查建议书包括以下内容:第一部分:导语。第二部分:基本情况。3.完善游客中心标识。"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3)]


# A task table copied one cell per line: the row's 序号 and short 项目 cell (「1.主要预期目标」), then its next cell's own
# points numbered alike (1.…2.…), each followed by the cells of its own row part.
_ROW_WITH_POINTS = (
    "某区2024年重点工作目标任务分解方案\n"
    "一、2024年全区经济社会发展主要预期目标\n"
    "1.主要预期目标\n"
    "1.地区生产总值增长5%以上。\n牵头单位:区发改委\n"
    "2.一般公共预算收入增长6%以上。\n牵头单位:区财政局\n"
    "3.工业投资增长10%以上。\n牵头单位:区工信局\n"
    "二、重点工作任务\n"
    "2.推进产业升级。\n牵头单位:区工信局\n"
)


def test_points_numbered_like_the_row_heading_they_follow_are_the_rows_points():
    items = items_by_path(_ROW_WITH_POINTS)
    assert sorted(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 1, 3), (2,), (2, 2)]
    assert items[(1, 1)]["title"] == "主要预期目标"
    assert mention_names(items[(1, 1, 2)]["lead_units"]) == ["区财政局"]


def test_a_first_point_whose_predecessor_has_a_sentence_of_its_own_stays_its_sibling():
    # 1. is a full task, not a heading: a 1. after it is a new list (the parser warns), never its child
    items = items_by_path("某区工作方案\n一、主要任务\n1.完成道路建设，年底前通车。\n1.完成学校建设。\n2.完成医院建设。\n")
    assert (1, 1, 1) not in items


# A list of 民生实事 pasted as one paragraph, each chapter number run on to the word before it: the title before 一、, the
# time field closing each chapter before the next number.
_CHAPTERS_RUN_ON = (
    "某市人民政府办公室印发通知,对票决确定的惠民实事进行责任分解和立项督查,要求各牵头及责任单位做好统筹督促。"
    "某市2023年惠民实事一、扩大优质教育资源。新增公办幼儿园40所。牵头单位:市教育局责任单位:各区人民政府完成时限:2023年12月31日前"
    "二、实施农村供水保障工程。提升3万农村人口供水保障水平。牵头单位:市水务局责任单位:各区人民政府完成时限:2023年12月31日前"
    "三、加大食品安全监管力度。食品安全抽检量不少于4批次/千人。牵头单位:市市场监管局责任单位:各区人民政府完成时限:2023年11月30日前"
)


def test_chapters_whose_numbers_all_run_on_to_the_word_before_them_are_found():
    items = items_by_path(_CHAPTERS_RUN_ON)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市水务局"]
    assert deadline_dates(items[(3,)]) == ["2023-11-30"]


def test_numbers_listed_one_after_another_open_no_chapters():
    # 「第一、二、三季度」 names quarters; the plan's own chapters come after a finished sentence
    text = (
        "某区稳增长工作方案为完成第一、二、三季度目标任务,确保全年经济稳定增长,制定本方案,请各单位认真抓好贯彻落实工作。"
        "一、强化项目支撑。加快重点项目建设。(牵头单位:区发改局)二、扩大有效消费。开展促消费活动。(牵头单位:区商务局)"
        "三、稳定外贸外资。(牵头单位:区商务局)"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["title"].startswith("强化项目支撑")


def test_a_chapter_number_after_a_pages_latin_noise_opens_the_chapter():
    text = (
        "某区公共信用信息系统建设方案为推进社会信用体系建设,结合我区实际,制定本方案。一、建设目标到2017年底,基本建成公共信用信息平台。"
        "1.建设信用信息交换系统。2.建设法人信用信息系统。 3 Y: F: P' e+ h l二、系统架构/ [. c, H 全区信用数据按统一标准汇集交换。"
        "1.数据采集。2.数据存储。"
    )
    items = items_by_path(text)
    assert (2,) in items and (2, 1) in items and (2, 2) in items
    assert items[(2,)]["title"].startswith("系统架构")


def test_the_helping_units_field_named_协同配合责任单位_is_no_unit():
    text = (
        "某省2018年民生工程实施方案\n一、就业创业工程\n"
        "1.实施技能培训工程。开展职业技能培训2万人。(牵头责任单位:省人力资源社会保障厅、省民政厅,协同配合责任单位:省财政厅)\n"
        "2.实施创业扶持工程。(牵头责任单位:省人力资源社会保障厅)\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省人力资源社会保障厅", "省民政厅"]


def test_a_heading_announcing_the_years_work_is_due_by_its_end_and_a_task_worded_alike_is_not():
    text = (
        "某县2025年政府工作报告重点工作分解方案\n一、主要预期目标\n1.地区生产总值增长6%。\n二、全年重点工作\n"
        "1.推进项目建设。(牵头单位:县发改局)\n2.空气质量完成年度目标任务\n三、2025年重点任务\n1.抓好民生实事。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(2,)]) == ["2025-12-31"]
    assert deadline_dates(items[(3,)]) == ["2025-12-31"]
    assert deadline_dates(items[(2, 2)]) == []
    assert deadline_dates(items[(1,)]) == []


# A task table without 序号 copied one cell per line, whose last units cell wrapped over two lines.
_WRAPPED_UNITS_CELL = (
    "某区2024年政府工作报告主要工作任务分解表\n主要工作任务\n牵头单位\n责任单位\n"
    "一、推动产业升级\n"
    "1.完善现代化产业体系,壮大支撑企业。\n区发改局\n区工信局、区商务局\n"
    "2.大力发展战略性新兴产业。\n区发改局\n区工信局\n各街道办事处\n"
    "3.积极培育未来产业。\n区科技局\n区工信局、各街道办事处\n"
    "4.推动数字经济发展。\n区数据局\n区工信局\n"
)


def test_a_units_cell_wrapped_over_two_lines_keeps_the_rows_after_it_in_the_table():
    items = items_by_path(_WRAPPED_UNITS_CELL)
    assert [mention_names(items[(1, n)]["lead_units"]) for n in (1, 2, 3, 4)] == [["区发改局"], ["区发改局"], ["区科技局"], ["区数据局"]]


# A 任务清单 under chapters: 一、 ⏎ 1.项目 ⏎ 1.1任务 (the decimal run on to its words, no space), numbered on across chapters.
_DECIMALS_UNDER_CHAPTERS = (
    "某区2020年重点工作任务清单\n一、落实重大任务\n1.主动承接制度创新\n1.1复制借鉴自贸试验区创新制度。\n1.2推动出口加工区转型。\n"
    "2.激发科技创新活力\n2.1开展科技政策解读宣传。\n二、推动高质量发展\n3.增强创新策源能力\n3.1建设创新平台。\n3.2办理时限压缩至2.5个工作日。\n"
)


def test_a_decimal_run_on_to_its_words_hangs_under_the_item_its_number_names_not_the_chapter():
    items = items_by_path(_DECIMALS_UNDER_CHAPTERS)
    assert sorted(items) == [
        (1,), (1, 1), (1, 1, 1), (1, 1, 2), (1, 2), (1, 2, 1), (2,), (2, 3), (2, 3, 1), (2, 3, 2),
    ]
    assert items[(1, 1, 2)]["title"].startswith("推动出口加工区转型")


def test_a_figure_with_a_measure_word_opens_no_decimal_item():
    items = items_by_path("某区工作方案\n一、优化审批\n1.压缩办理时限\n2.5个工作日内办结企业开办。\n2.推行告知承诺。\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2)]


def test_a_level_spaced_from_the_name_it_opens_is_part_of_the_name():
    text = "某市新型城镇化工作方案\n一、重点任务\n1.推进县城建设。(牵头单位:市 城镇化服务中心;配合单位:市 发展改革委、市财政局)\n2.推进产城融合。(牵头单位:市发展改革委)\n"
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市城镇化服务中心"]


def test_headings_of_the_years_targets_worded_as_a_breakdown_or_a_pledge_are_due_by_its_end():
    text = (
        "某市2023年国民经济和社会发展计划\n一、2023年经济社会发展主要预期目标分解\n1.地区生产总值增长6%。\n"
        "二、确保年度目标\n1.抓好项目建设。\n三、推进改革\n1.深化放管服改革。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2023-12-31"]
    assert deadline_dates(items[(2,)]) == ["2023-12-31"]
    assert deadline_dates(items[(3,)]) == [] and deadline_dates(items[(1, 1)]) == []


# A progress table (序号 / 重点工作 / 牵头责任单位 / 上半年落实情况) copied one cell per line, whose narrow unit column wrapped a
# name over two lines (市生态 ⏎ 环境局).
_PROGRESS_TABLE = (
    "2024年重点工作及责任清单落实情况汇总表\n序号\n重点工作\n牵头责任单位\n上半年落实情况\n"
    "1\n新开工亿元以上项目170个以上。\n市发改委\n截至6月底,已开工项目145个。\n"
    "2\n生活污水治理率达30%。\n市生态\n环境局\n截至6月底,已完成50个村污水治理。\n"
    "3\n新增技能人才2万人。\n市人社局\n截至6月底,新增技能人才1.1万人。\n"
)


def test_a_unit_name_wrapped_over_two_cells_of_a_progress_table_is_one_lead():
    items = items_by_path(_PROGRESS_TABLE)
    assert mention_names(items[(2,)]["lead_units"]) == ["市生态环境局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["市人社局"]


def test_the_helpers_duty_may_be_worded_职能分工负责_or_按职分工负责():
    for duty in ("等职能分工负责", "等按职分工负责"):
        text = f"某市2024年工作方案\n一、工作任务\n1.推进交通建设。持续完善路网。(市交通运输局牵头,市水利局、市发改局{duty})\n2.推进水利建设。(市水利局牵头)\n"
        items = items_by_path(text)
        assert mention_names(items[(1, 1)]["lead_units"]) == ["市交通运输局"], duty
