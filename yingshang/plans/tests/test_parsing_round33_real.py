"""Conventions of round 33, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import parse_plan

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# A plan's list of each body's duties: every item is headed by the body's name, its duties under it.
_DUTIES = """某区扬尘污染专项整治工作方案
一、工作目标
全面减少道路扬尘。
二、职责分工
(一)区市容局
开展行业部署和宣传。对运输企业实行约谈、锁车等措施。牵头区建设委、区交通委,每周开展联合执法检查。
(二)区住建委。负责定期牵头召开全区工地扬尘治理例会,督促施工单位落实整改。
(三)区公安分局
配合做好运输车辆的路面查处,由区市容局牵头开展的联合执法按时参加。
(四)区财政局。负责落实专项整治所需经费。
(五)建立工作小组
各街道建立工作小组,明确具体的牵头部门和联络员。
"""


def test_a_body_named_as_the_heading_leads_where_its_duties_lead_in_a_clause_of_their_own():
    items = items_by_path(_DUTIES)
    assert mention_names(items[(2, 1)]["lead_units"]) == ["区市容局"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["区住建委"]


def test_a_heading_body_that_only_joins_work_another_leads_or_names_no_lead_leads_nothing():
    items = items_by_path(_DUTIES)
    # 「由区市容局牵头开展的联合执法」: another body leads that work, and the heading's body only joins it
    assert mention_names(items[(2, 3)]["lead_units"]) == []
    assert mention_names(items[(2, 4)]["lead_units"]) == []
    # 「明确具体的牵头部门」: no clause of its own leads, and 建立工作小组 is a task, not a body
    assert mention_names(items[(2, 5)]["lead_units"]) == []


# A 目标责任书 copied one cell per line: its heading names the year, and a later cell ends as a title would.
_RESPONSIBILITY_LETTER = """某区水务局2018年度(分季)目标责任书
工作任务
目标及质量要求
管委会考核指标和重点工作(55分)
1、推进水生态文明城市建设试点验收工作(一季度:制定验收工作任务。二季度:启动验收资料收集工作。)
2、完成河道整治工程,年底前通过验收。
"""


def test_the_year_of_a_responsibility_letters_heading_dates_its_yearless_deadlines():
    assert parse_plan(_RESPONSIBILITY_LETTER)["year"] == 2018
    items = items_by_path(_RESPONSIBILITY_LETTER)
    assert deadline_dates(items[(1,)]) == ["2018-03-31", "2018-06-30"]
    assert deadline_dates(items[(2,)]) == ["2018-12-31"]


# A 分工方案 copied one cell per line, blank lines between the cells: its chapters and numbered tasks run in the
# text columns (项目 | 具体项目), the units after each task.
_PROJECT_COLUMNS = """《某区法治建设规划》重要举措分工方案

项目

具体项目

牵头单位

责任单位

一、全面贯彻实施宪法

1.全面落实国家工作人员宪法宣誓制度。

区人大常委会、区司法局

区直有关部门

2.在全区深入开展宪法学习宣传教育活动。

区司法局

区直有关部门
"""


def test_a_specific_project_column_is_the_tasks_text_and_the_unit_cells_after_each_task_fill_the_unit_columns():
    items = items_by_path(_PROJECT_COLUMNS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区人大常委会", "区司法局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区司法局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["区直有关部门"]


_WEEK_OF_EVENTS = """某局2021年宪法宣传周活动方案
一、时间安排
11月29日(周一)至12月5日(周日)
二、工作要求
1.各处室于11月26日(周五)前报送活动安排。
2.开展专题学习。(完成时限:12月3日(星期五)前)
"""


def test_the_weekday_written_after_a_day_is_no_part_of_the_date():
    items = items_by_path(_WEEK_OF_EVENTS)
    assert deadline_dates(items[(1,)]) == ["2021-12-05"]  # the span's end, not its first day
    assert deadline_dates(items[(2, 1)]) == ["2021-11-26"]
    assert deadline_dates(items[(2, 2)]) == ["2021-12-03"]


def test_a_phase_whose_bracket_says_where_its_span_starts_and_ends_is_due_by_its_end():
    text = "某区燃气安全整治方案\n一、工作步骤\n(一)集中整治阶段(2024年3月起至2024年6月)\n开展整治。\n(二)建立长效机制阶段(2024年7月起至2025年12月止)\n完善制度。\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2024-06-30"]
    assert deadline_dates(items[(1, 2)]) == ["2025-12-31"]


def test_a_title_that_opens_with_the_day_it_names_in_figures_is_the_title_not_a_point():
    text = "3.5学雷锋志愿服务活动方案\n为弘扬雷锋精神,决定开展志愿服务活动。\n一、活动时间\n2015年3月5日至3月15日\n二、活动内容\n(一)关爱老人\n(二)植树造林\n"
    plan = parse_plan(text)
    assert plan["title"] == "3.5学雷锋志愿服务活动方案"
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2)]
    assert deadline_dates(items[(1,)]) == ["2015-03-15"]


def test_a_copy_that_starts_at_a_point_3_5_whose_heading_ends_like_a_title_keeps_that_point():
    items = items_by_path("3.5 编制实施方案\n明确任务分工。\n3.6 优化审批流程\n压缩审批时限。\n")
    assert sorted(items) == [(5,), (6,)]


def test_an_item_whose_work_is_divided_among_clauses_of_their_own_lead_is_led_by_each():
    text = (
        "某市2010年体制改革实施意见\n一、改革内容\n推进三项体制改革。\n二、加强组织领导\n市政府成立协调小组。具体分工如下:人员划转工作由市人力资源和"
        "社会保障局牵头负责,市财政局配合实施;机构编制调整工作,由市编办牵头负责,各区政府配合实施。\n"
    )
    assert mention_names(items_by_path(text)[(2,)]["lead_units"]) == ["市人力资源和社会保障局", "市编办"]


def test_clauses_that_give_other_items_their_leads_lead_nothing_here():
    # 「第1项由…牵头;第2项由…牵头」 after the last item: the plan's note dividing its items, not this item's work
    text = (
        "某市整改方案\n一、优化审批\n1.推进电子证照应用。\n2.压减用电报装时间。\n3.推动员工招聘一件事集成办理。\n"
        "第1项由市大数据中心、市金融工作局牵头;第2项由市经济和信息化局牵头,市供电公司配合。\n"
    )
    assert mention_names(items_by_path(text)[(1, 3)]["lead_units"]) == []


def test_a_time_heading_whose_span_is_said_in_words_is_due_by_its_end_and_not_by_its_first_month():
    text = "某县2025年专项行动方案\n一、时间安排\n2025年1月10日开始,2025年2月28日结束。\n二、活动时间\n2025年9月15日(星期五)14:30-18:30\n"
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2025-02-28"]
    assert deadline_dates(items[(2,)]) == ["2025-09-15"]


# A task table copied with its bars, each row's last (empty) cell closed by a bar on a line of its own.
_BARRED_ROWS = """某局2021年政务公开工作重点任务台账
序号 | 工作任务 | 细化分工 | 责任处室 | 完成时限 | 备注 |
1 | 做好疫情防控信息发布 | 围绕精准防控发布权威信息 | 应急处 | 长期推进 |
|
2 | 做好疫苗接种信息公开 | 疾控处 | 2021年6月底前 |
|
3 | 推进部门预算公开 | 财务处 | 2021年3月底前 |
|
"""


def test_a_bar_alone_on_its_line_closes_a_row_and_does_not_end_the_table():
    items = items_by_path(_BARRED_ROWS)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert deadline_dates(items[(2,)]) == ["2021-06-30"]
    assert deadline_dates(items[(3,)]) == ["2021-03-31"]


# A task table copied one cell per line, each cell's closing bar on the line after it.
_CELLS_CLOSED_BY_BARS = """序号
|
任务事项
|
牵头责任部门
|
主要参与部门
|
完成时限
|
一
|
交通基础设施安全保障方面
|
1
|
普通国省干线公路安全生命防护设施建设,当年完成140公里安防工程。
|
市公路处
|
各辖市(区)公路管理部门
|
2018年12月底前
|
2
|
开展平面交叉口交通环境专项整治行动。
|
市公安局交警支队
|
市公路处
|
2018年10月底前
|
"""


def test_a_table_copied_one_cell_per_line_with_each_cells_closing_bar_is_read_as_one_cell_per_line():
    items = items_by_path(_CELLS_CLOSED_BY_BARS)
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市公路处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市公安局交警支队"]
    assert deadline_dates(items[(1, 2)]) == ["2018-10-31"]


def test_a_point_whose_item_opens_with_the_months_it_runs_over_is_a_point_and_a_list_of_numbers_is_not():
    text = (
        "某单位2017年普法工作要点\n一、具体工作\n1、开展宣传。 2、组织宣讲活动。 3、4至6月在纪念馆开设图片展。 4、组织参加普法考试。\n"
        "二、普法部门\n宣传处负责,1、2月份完成部署。\n"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (1, 4), (2,)]
    assert items[(1, 3)]["title"].startswith("4至6月在纪念馆")
    assert deadline_dates(items[(1, 3)]) == ["2017-06-30"]  # the months it opens with, then 在 where it is done


def test_the_year_of_the_sentence_before_a_handing_over_on_a_line_of_its_own_dates_the_plan():
    text = (
        "为促进招商引资工作提质增效,2022年将开展招商引资“百日攻坚”活动。\n具体方案如下:\n一、对象\n(一)三县。\n(二)三区。\n"
        "二、目标\n1、攻坚重点项目,力争年底前签约6个项目。\n2、攻坚签约未开工项目,促进项目开工。\n"
    )
    assert parse_plan(text)["year"] == 2022
    assert deadline_dates(items_by_path(text)[(2, 1)]) == ["2022-12-31"]


def test_a_heading_whose_last_words_say_by_when_before_a_colon_dates_the_points_under_it():
    text = (
        "某市城乡环境卫生整洁行动任务分工方案\n一、主要行动目标\n(一)总体目标。\n城乡环境卫生面貌明显改善。\n(二)具体目标。到2015年底:\n"
        "1.完成6万个村庄的综合整治。\n2.农村卫生厕所普及率提高到75%。\n3.建制镇生活污水处理率提高到30%,2016年6月底前完成评估。\n"
        "二、工作要求\n(一)加强领导。\n(二)强化督查。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1, 2, 1)]) == ["2015-12-31"]
    assert deadline_dates(items[(1, 2, 2)]) == ["2015-12-31"]
    assert deadline_dates(items[(1, 2, 3)]) == ["2016-06-30"]  # a point's own date stands
    assert deadline_dates(items[(2, 1)]) == []


def test_a_sentence_that_opens_with_the_day_an_event_is_held_is_due_that_day_and_one_held_already_is_not():
    text = (
        "某学院2015年试点学院改革工作安排\n一、召开工作会议\n预计2015年12月8日左右召开由有关校领导、职能部门参加的改革工作会议。\n"
        "二、举办晚会\n9月10日下午4点在礼堂举行中秋晚会。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2015-12-08"]
    assert deadline_dates(items[(2,)]) == ["2015-09-10"]
    from yingshang.plans.parsing.deadlines import find_schedule_times

    assert find_schedule_times("9月1日召开了动员大会,取得明显成效。", 2015, 2015) == []


def test_where_nothing_else_dates_a_plan_the_one_year_its_preamble_speaks_of_dates_it():
    table = "序号 |\n指标名称 |\n完成时限 |\n牵头负责司局 |\n1 |\n创建国家级示范区 |\n6月 |\n规划司 |\n2 |\n遴选示范平台 |\n12月 |\n中小企业局 |\n"
    preface = "为接受社会监督,从2016年开始,我部每年都公开重点工作的关键业绩指标。根据工作安排,2018年,我们继续制定和公开相关指标。\n"
    assert parse_plan(preface + table)["year"] == 2018
    assert deadline_dates(items_by_path(preface + table)[(1,)]) == ["2018-06-30"]
    # a year the work runs ahead to names no year of the plan
    ahead = "经研究决定从即日起至2022年春节前开展专项行动。\n"
    assert parse_plan(ahead + table)["year"] is None


def test_a_unit_name_its_narrow_cell_wrapped_with_a_space_is_one_name_and_two_names_stay_two():
    from yingshang.plans.parsing.units import split_mentions

    assert split_mentions("节能与综合 利用司") == ["节能与综合利用司"]
    assert split_mentions("信息化和软件 服务业司") == ["信息化和软件服务业司"]
    assert split_mentions("区发改委 区财政局") == ["区发改委", "区财政局"]
    assert split_mentions("监督检查 我局") == ["监督检查", "我局"]


def test_the_unit_a_sentence_names_as_the_host_of_the_work_leads_it():
    text = (
        "某市2022年重点建议办理工作方案\n一、办理目标\n办结率达到100%。\n二、明确责任,狠抓落实\n根据办理工作分工,议案由市工业和信息化局负责主办,"
        "并于9月19日前答复代表;各承办单位要认真研究。\n三、工作要求\n主办单位要主动作为。\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(2,)]["lead_units"]) == ["市工业和信息化局"]
    assert mention_names(items[(3,)]["lead_units"]) == []  # 主办单位, a label, names no one


def test_under_a_named_lead_the_units_that_host_the_work_do_it_for_the_lead():
    text = (
        "某市2006年新农村建设工作要点\n一、深化农村改革\n1.深化乡镇机构改革。(牵头领导:某某;牵头单位:市农办;主办单位:市编办、市财政局)\n"
        "2.完善乡村文化设施。(牵头领导:某某;主办单位:市文化局;协办单位:市广电局)\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市农办"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市编办", "市财政局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市文化局"]  # with no 牵头单位, 主办 is the lead


def test_a_tables_column_header_on_a_line_of_its_own_is_not_the_plans_title():
    text = (
        "附件:\n某区基层消防安全综合治理建设工作重点任务清单\n类别\n项目\n主要任务\n牵头单位\n配合单位\n一、做好政策保障\n"
        "1.做好规划配套\n将消防安全建设与专项规划同步实施。\n区消防救援支队\n区应急局、各街道\n"
        "2.完善规章标准\n细化街道消防安全委员会的职责任务。\n区消防救援支队\n区司法局\n"
    )
    assert parse_plan(text)["title"] == "某区基层消防安全综合治理建设工作重点任务清单"
