"""Conventions of round 35, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# A campaign's timetable written the way notices write it: a month 「前」, lunar days and hours beside the days.
_TIMETABLE = """某县2018年灯会活动方案
一、活动时间
2018年2月1日(农历十二月十六)至2018年3月2日(正月十五),其中3月1日至3月2日为游园时间。
二、报名时间
2018年1月10日9时至2018年1月20日17时(名额报满即止)
三、布展时间:2月1日 8:30-11:30
四、工作步骤
(一)筹备阶段:2018年1月5日一2018年1月25日,完成场地布置。
(二)2018年6月前,完成活动总结。
(三)各单位于10月之前完成自查,11月份前报送总结。
"""


def test_a_month_before_is_due_by_that_months_end_as_without_a_year():
    assert deadline_dates(items_by_path(_TIMETABLE)[(4, 2)]) == ["2018-06-30"]


def test_a_year_less_month_before_in_running_text_is_due_by_that_months_end():
    assert deadline_dates(items_by_path(_TIMETABLE)[(4, 3)]) == ["2018-10-31", "2018-11-30"]


def test_a_span_whose_days_carry_their_lunar_days_ends_on_its_last_day():
    assert deadline_dates(items_by_path(_TIMETABLE)[(1,)]) == ["2018-03-02"]


def test_a_span_whose_days_carry_the_hours_it_opens_and_closes_at_ends_on_its_last_day():
    assert deadline_dates(items_by_path(_TIMETABLE)[(2,)]) == ["2018-01-20"]


def test_the_hours_of_a_days_event_leave_the_day():
    # (a guard: the hours go whole, not only the first, which would leave 「2月1日-11:30」 and lose the day)
    assert deadline_dates(items_by_path(_TIMETABLE)[(3,)]) == ["2018-02-01"]


def test_a_dash_between_two_dates_copied_as_one_still_spans_them():
    assert deadline_dates(items_by_path(_TIMETABLE)[(4, 1)]) == ["2018-01-25"]


# A plan whose (一)–(四) a font wrote as the parenthesized ideographs ㈠–㈣.
_IDEOGRAPH_NUMBERS = """某市推进商标战略实施方案
一、指导思想
以品牌建设为引领。
二、目标任务
按照规划要求,推进商标战略。
㈠全市商标注册以年平均15%的速度增长,到2010年,商标注册达到1600件;
㈡全市驰名商标到2010年力争达到5件;
㈢全市著名商标到2011年力争达到50件。
"""


def test_parenthesized_ideographs_number_items_as_their_bracketed_numerals():
    items = items_by_path(_IDEOGRAPH_NUMBERS)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2), (2, 3)]
    assert deadline_dates(items[(2, 3)]) == ["2011-12-31"]
    assert deadline_dates(items[(2,)]) == []


# A notice copied as one paragraph: its chapters run on to the dates and places before them, their headings say where
# the work is done, or open with the year and list what they cover.
_RUN_ON_CHAPTERS = (
    "某市交通运输局扬尘污染集中整治工作方案为改善空气质量,制定本工作方案。一、整治时间2020年7月25日—8月31日"
    "二、整治区域东城区、西城区、南山县三、整治内容(一)线性工程扬尘整治。工程应分段施工。(牵头单位:市公路管理处)"
    "(二)加强农村道路整治。对破损道路进行补修。(牵头单位:市道路管理处)"
    "四、拍卖安排拍卖时间:2020年8月7日拍卖地点:市人民会堂小剧场五、2020年早、夜市经营区域划分1、早市划分经营区。2、夜市划分经营区。"
)


def test_a_run_on_chapter_whose_heading_names_the_area_opens_a_chapter():
    items = items_by_path(_RUN_ON_CHAPTERS)
    assert (2,) in items and (3, 1) in items
    assert mention_names(items[(3, 2)]["lead_units"]) == ["市道路管理处"]


def test_a_run_on_chapter_whose_heading_opens_with_its_year_opens_a_chapter():
    items = items_by_path(_RUN_ON_CHAPTERS)
    assert (5, 1) in items and (5, 2) in items


# A campaign's steps written as copies write them: a bar ― for the dash, 中上旬, a full stop between the phase and its
# bracket, an end's day without its 日, a clause that says when with 于.
_STEPS = (
    "某区2017年船舶专项整治工作方案为加强船舶管理,制定本方案。一、工作步骤(一)组织部署阶段(3月1日―3月6日)周密制定方案,"
    "明确抽查内容。(二)动员部署和自查自纠阶段(8月中上旬)各单位开展自查。(三)调查摸底阶段。(10月9日—10月15日)各乡镇"
    "要派员深入辖区,建立台账。(四)接受评估阶段(2017年4月20日—5月10)迎接省区评估,做好各项准备。(五)专题报道。区融媒体中心"
    "将与日报联合,于4月20日-25日,连续5天开辟专栏。"
)


def test_a_span_whose_dash_is_a_horizontal_bar_ends_on_its_last_day():
    assert deadline_dates(items_by_path(_STEPS)[(1, 1)]) == ["2017-03-06"]


def test_the_middle_and_first_ten_days_of_a_month_end_on_the_twentieth():
    assert deadline_dates(items_by_path(_STEPS)[(1, 2)]) == ["2017-08-20"]


def test_a_phase_whose_bracket_follows_a_full_stop_is_due_by_its_end():
    assert deadline_dates(items_by_path(_STEPS)[(1, 3)]) == ["2017-10-15"]


def test_a_spans_end_written_without_its_day_mark_ends_on_that_day():
    assert deadline_dates(items_by_path(_STEPS)[(1, 4)]) == ["2017-05-10"]


def test_a_clause_that_says_when_with_yu_is_due_by_its_spans_end():
    assert deadline_dates(items_by_path(_STEPS)[(1, 5)]) == ["2017-04-25"]


# Leads named as plans of small bodies and State Council 分工 name them.
_LEADS = """某区2020年安全生产工作要点
一、主要任务
(一)加强检查。年内开展消防产品质量专项检查不少于1次(局消处牵头)。
(二)加强监管。区建设管理委作为区域行业主管部门,负责牵头本行政区域内建设工程安全生产监督管理工作。
(三)落实湖长制。区农业农村局(区河长办),负责牵头实施湖长制工作,协调重大问题的清理整治。
(四)开展评议。评议代表由区交通局、区建设局统一牵头收集,各收集100名。
(五)建立制度。研究制定统一代码制度建设方案。(区发展改革委、区公安局按照职责分工分别牵头负责,区民政局、区税务局参与)
"""


def test_a_bracket_that_names_the_lead_closing_the_last_sentence_leads_it():
    assert mention_names(items_by_path(_LEADS)[(1, 1)]["lead_units"]) == ["局消处"]


def test_the_subject_that_serves_as_the_authority_and_leads_after_a_comma_leads():
    assert mention_names(items_by_path(_LEADS)[(1, 2)]["lead_units"]) == ["区建设管理委"]


def test_the_subject_with_its_other_name_in_brackets_leads_after_a_comma():
    assert mention_names(items_by_path(_LEADS)[(1, 3)]["lead_units"]) == ["区农业农村局(区河长办)"]


def test_units_that_lead_together_as_one_lead():
    assert mention_names(items_by_path(_LEADS)[(1, 4)]["lead_units"]) == ["区交通局", "区建设局"]


def test_units_that_each_lead_by_their_duties_lead():
    assert mention_names(items_by_path(_LEADS)[(1, 5)]["lead_units"]) == ["区发展改革委", "区公安局"]


def test_a_committee_that_agrees_is_no_body_working_together():
    # 「报管委会同意后」 is 管委会 and 同意, not 会同
    text = "某区2016年土壤污染防治方案\n一、主要任务\n(一)推进土壤污染防治工作。组织开展调查,发现超标的,报管委会同意后纳入污染地块名单。\n(二)加强监管。区环境局会同区农业局开展执法检查。\n"
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == []
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区环境局"]


# Goals of a three-year campaign: a span of years opening a sentence before the area it covers, and a year planned.
_GOALS = """某区2024年海绵城市建设工作方案
一、工作目标
到2030年底,80平方公里以上建设用地达到海绵城市建设要求。2024年至2026年全区完成60平方公里达标评估。
二、达标计划
结合项目建设情况,计划2025年推进远湖南片区海绵城市建设达标评估。
"""


def test_a_span_of_years_opening_a_sentence_before_the_whole_area_is_due_by_its_last_year():
    assert deadline_dates(items_by_path(_GOALS)[(1,)]) == ["2030-12-31", "2026-12-31"]


def test_a_year_planned_for_the_work_is_its_deadline():
    assert deadline_dates(items_by_path(_GOALS)[(2,)]) == ["2025-12-31"]


def test_a_day_due_before_the_end_of_its_working_day_and_a_span_before_its_work():
    text = (
        "某区2017年安全生产大检查方案\n一、工作安排\n(一)各单位制定行动计划,并于7月31日(星期五)下午下班前上报领导小组办公室。\n"
        "(二)开展检查。2017年8月7日至9月10日开展安全生产大检查。\n"
    )
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2017-07-31"]
    assert deadline_dates(items[(1, 2)]) == ["2017-09-10"]


def test_a_short_header_cell_before_a_column_of_its_own_is_not_joined_to_it():
    # 重点 ⏎ 完成情况 are two columns; 完成 ⏎ 时限 is one header cell wrapped over two lines
    text = (
        "某市科技局2023年3月重点工作完成情况\n序号\n重点\n完成情况\n完成\n时限\n"
        "1\n开展第一批高新技术企业申报工作\n协助企业做好申报材料撰写等工作。\n3月\n"
        "2\n做好众创空间申报工作\n辅导三家企业进行市级众创空间申报准备工作。\n全年序时推进\n"
    )
    items = items_by_path(text)
    assert items[(1,)]["title"] == "开展第一批高新技术企业申报工作"
    assert deadline_dates(items[(1,)]) == ["2023-03-31"]
    assert deadline_dates(items[(2,)]) == ["2023-12-31"]


def test_a_bracketed_numeral_that_lost_its_opening_bracket_numbers_its_item():
    text = (
        "某市2020年农村人居环境整治工作方案\n一、重点任务\n一)\n农村“厕所革命”\n扎实推进农村户厕改造建设,确保到2020年底普及率达90%以上。\n"
        "(二)\n农村生活垃圾治理行动\n健全完善收运处置体系。\n"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert deadline_dates(items[(1, 1)]) == ["2020-12-31"]


def test_each_phase_the_text_lists_with_its_span_is_a_deadline():
    text = (
        "某中学2016年春季开学安全检查方案\n一、时间安排\n1、第一阶段(2月25日—3月2日):隐患自查,第二阶段(3月3日—4日):实地检查,"
        "第三阶段(3月5日—8日):限期整改。\n2、检查人员:各处室负责人。\n"
    )
    assert deadline_dates(items_by_path(text)[(1, 1)]) == ["2016-03-02", "2016-03-04", "2016-03-08"]


def test_a_body_that_will_take_the_lead_leads():
    text = "某区2019年集体协商要约行动方案\n一、工作措施\n(一)强化部门联动。区人社局将发挥牵头作用,加强对集体合同的审查管理。\n(二)加强宣传。开展宣传。\n"
    assert mention_names(items_by_path(text)[(1, 1)]["lead_units"]) == ["区人社局"]


def test_a_copy_that_opens_inside_a_chapter_numbers_its_first_items_under_the_chapter_before_the_next():
    text = (
        "(二)广泛宣传,形成氛围。各部门要采取措施开展宣传。\n(三)各司其职,加强督办。各成员单位要认真组织实施。\n"
        "五、实施步骤\n(一)宣传发动阶段(2010年5月10日--30日)\n召开动员大会。\n"
    )
    items = items_by_path(text)
    assert sorted(items) == [(4, 2), (4, 3), (5,), (5, 1)]
