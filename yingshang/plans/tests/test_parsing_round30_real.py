"""Conventions of round 30, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# A 问题清单 table (问题大类 / 具体描述) copied one cell per line: categories numbered 1.–4., problems numbered again
# from 1. under each; category 3 has no problems of its own, category 2's problems run past its own number.
_PROBLEM_LIST = (
    "某区小型场所消防安全典型问题清单\n问题大类\n具体描述\n"
    "1.疏散设施：\n疏散通道堵塞、安全出口不足等问题。\n"
    "1.疏散通道堆放杂物；\n2.安全出口数量不足。\n"
    "2.消防设施\n"
    "1.灭火器过期；\n2.未设置应急照明；\n3.消火栓被遮挡；\n4.未设置疏散指示标志。\n"
    "3.人员培训\n员工不会使用灭火器。\n"
    "4.电气线路：\n私拉乱接电线等问题。\n"
    "1.电线未穿管保护；\n2.插排串联使用。\n"
)


def test_a_list_whose_categories_and_problems_are_numbered_alike_nests_the_problems_under_their_category():
    items = items_by_path(_PROBLEM_LIST)
    assert sorted(items) == [
        (1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2), (2, 3), (2, 4), (3,), (4,), (4, 1), (4, 2),
    ]
    assert items[(2,)]["title"].startswith("消防设施")
    assert items[(4, 2)]["title"].startswith("插排串联使用")


def test_a_list_numbered_on_or_restarted_under_chapters_is_not_read_as_categories():
    # one list run on: no two items 1, 1 in a row
    items = items_by_path("某区工作方案\n一、主要任务\n1.抓好宣传。\n2.抓好培训。\n二、工作要求\n3.加强领导。\n4.强化督查。\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    # a list that starts again once after an item with words of its own (a second list after the first): no categories
    # (a bare heading followed at once by its 1. holds the list: round 31, test_parsing_round31_real)
    items = items_by_path("某区工作方案\n1.工作目标\n全面完成改造任务。\n1.完成改造。\n2.完成验收。\n3.完成评估。\n")
    assert (1, 1) not in items



def test_two_ten_day_periods_end_with_the_later_and_a_months_last_two_are_not_the_next_ten_days():
    items = items_by_path(
        "某区2020年专项检查方案\n一、工作安排\n"
        "(一)检查督查(12月上中旬)在排查摸底基础上，集中执法力量开展专项检查。\n"
        "(二)总结。12月中下旬前完成总结。\n"
        "(三)自查。11月上中旬前完成自查。\n"
        "二、工作要求\n某区市场监管局\n2020年10月9日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2020-12-20"]
    assert deadline_dates(items[(1, 2)]) == ["2020-12-31"]  # not an undated 「下旬前」 (the next ten days)
    assert deadline_dates(items[(1, 3)]) == ["2020-11-20"]


def test_a_time_label_or_a_steps_heading_with_one_ten_day_period_or_day_dates_the_step():
    items = items_by_path(
        "某区2020年普惠性幼儿园认定工作方案\n一、活动时间2020年6月中旬\n二、工作步骤\n"
        "(一)实地核查:7月下旬，区社会事业局对申报对象进行实地核查。\n"
        "(二)材料申报:6月20日，各园提交申报材料。\n"
        "(三)结果公示:结果在网站公示，接受监督。\n"
        "三、工作要求\n某区社会事业局\n2020年6月1日\n"
    )
    assert deadline_dates(items[(1,)]) == ["2020-06-20"]  # the ten-day period, not also the month's end
    assert deadline_dates(items[(2, 1)]) == ["2020-07-31"]
    assert deadline_dates(items[(2, 2)]) == ["2020-06-20"]
    assert deadline_dates(items[(2, 3)]) == []


def test_bodies_the_plan_encourages_to_lead_are_not_its_lead_units():
    items = items_by_path(
        "某区数据产业发展工作方案\n一、重点任务\n"
        "(一)深化合作。开展国际交流。支持企事业单位牵头制定数据标注国际标准。\n"
        "(二)培育主体。鼓励有条件的行业协会牵头组建产业联盟。\n"
        "(三)完善标准。区数据局牵头制定地方标准。\n"
        "二、保障措施\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == []
    assert mention_names(items[(1, 2)]["lead_units"]) == []
    assert mention_names(items[(1, 3)]["lead_units"]) == ["区数据局"]


def test_a_half_or_quarter_of_the_year_by_which_work_starts_or_is_approved_is_its_deadline():
    items = items_by_path(
        "某区2019年重点项目推进方案\n一、主要任务\n"
        "(一)景区配套。加快配套设施项目前期工作，力争第二季度开工建设。\n"
        "(二)规划修编。争取总体规划(修编)上半年获批。\n"
        "(三)项目储备。第二季度项目储备情况较好。\n"
        "二、工作要求\n某区发展和改革局\n2019年2月20日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2019-06-30"]
    assert deadline_dates(items[(1, 2)]) == ["2019-06-30"]
    assert deadline_dates(items[(1, 3)]) == []


def test_a_plan_without_a_year_takes_it_from_the_dated_time_its_schedule_gives():
    items = items_by_path(
        "各项目指挥部、有关施工单位:现将有关事项通知如下:\n一、检查时间 2013年9月15日～2013年10月30日\n"
        "二、检查安排\n(一)第一阶段(9月15日-9月30日):全面排查。\n(二)第二阶段(10月1日-10月30日):重点治理。\n"
        "三、检查要求\n各单位要于9月20日前报送自查情况。\n"
    )
    assert deadline_dates(items[(2, 1)]) == ["2013-09-30"]
    assert deadline_dates(items[(2, 2)]) == ["2013-10-30"]
    assert deadline_dates(items[(3,)]) == ["2013-09-20"]


def test_a_table_glued_to_its_notice_with_spaced_out_header_cells_and_rows_after_spaces_is_read_row_by_row():
    laws = ["中华人民共和国行政许可法", "中华人民共和国行政处罚法", "中华人民共和国广告法", "个体工商户条例", "中华人民共和国计量法"]
    offices = ["行政许可处", "政策法规处", "广告监管处", "行政许可处", "质量监督处"]
    rows = " ".join(f"{n}{law}{office}宣传小册、展板等" for n, (law, office) in enumerate(zip(laws, offices), start=1))
    text = (
        "本局各单位:现将《某区市场监督管理局2017年普法责任清单》印发给你们，请抓好落实。 附件 某区市场监督管理局2017年"
        f"普法责任清单序 号法律法规名称责任单位宣传方式备 注{rows}\n"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (3,), (4,), (5,)]
    assert items[(4,)]["title"].startswith("个体工商户条例")  # row 4, not 「4个」 counting something


def test_a_list_of_attachments_under_a_line_that_only_opens_it_is_not_read_as_items():
    items = items_by_path(
        "某街道小型建设工程管理实施细则\n第一条 为规范小型建设工程管理，制定本细则。\n第二条 本细则适用于街道投资的小型建设工程。\n"
        "本实施细则即日起执行。\n附件：\n1.街道小型建设工程承发包“简易程序”流程\n2.街道定点承包商名录库\n3.街道小型工程巡查工作机制\n"
    )
    assert sorted(items) == [(1,), (2,)]
    # a line that names the attachment itself is followed by the attachment, whose rows are its items
    items = items_by_path("附件：某区重点任务分解表\n1.推进雨水管网改造，完成50公里。\n2.建设调蓄设施，新增调蓄能力1万立方米。\n")
    assert sorted(items) == [(1,), (2,)]


def test_the_word_that_counts_a_clause_off_is_not_part_of_its_units_and_every_body_of_a_kind_leads_nothing():
    items = items_by_path(
        "某部门重大工程实施方案\n一、重点任务\n"
        "(一)配套措施。一是省中医药局要会同省卫生健康委健全防治机制。二是各地要履行责任。\n"
        "(二)强化监督。各级卫生健康部门要会同有关部门加强监督。\n"
        "二、保障措施\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省中医药局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == []


def test_another_campaign_named_by_the_units_that_lead_it_gives_the_item_no_lead():
    items = items_by_path(
        "某区药品质量整治方案\n一、工作措施\n"
        "(一)加强沟通协调。要加强与卫生计生部门的配合，结合卫生计生部门牵头开展的医疗美容专项行动等工作，确定重点检查品种。\n"
        "(二)开展检查。区市场监管局牵头开展药店专项检查。\n"
        "二、工作要求\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == []
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区市场监管局"]
