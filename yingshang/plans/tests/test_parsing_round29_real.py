"""Conventions of round 29, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names



def test_a_span_of_years_written_from_one_year_to_another_is_due_by_the_last():
    items = items_by_path(
        "某区2021年农产品出村进城工作方案\n一、主要任务\n"
        "1.推进标准化生产。加强基地建设。从2021年到2023年，每年建设设施农业200亩以上，累计达到600亩。\n"
        "2.培育经营主体。认定一批龙头企业,从2021年到2023年，每年新增示范社5家以上。\n"
        "3.加强宣传。从2021年到2023年的成绩要及时总结。\n"
        "二、工作要求\n某区农业农村局\n2021年3月2日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2023-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2023-12-31"]
    assert deadline_dates(items[(1, 3)]) == []  # a span inside a clause names what it speaks of, not a time the work is due by


def test_a_span_started_with_its_first_day_and_then_to_its_last_is_due_by_the_last():
    items = items_by_path(
        "某区2021年夏季消防检查工作方案\n一、主要任务\n"
        "1.集中整治。从6月1日起至9月20日，针对加油站、商场集中开展火灾隐患排查整治。\n"
        "2.宣传发动。自5月10日起至5月31日，开展消防宣传。\n"
        "3.总结提升。6月1日起，各单位开展自查。\n"
        "二、工作要求\n某区消防救援大队\n2021年5月6日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2021-09-20"]
    assert deadline_dates(items[(1, 2)]) == ["2021-05-31"]
    assert deadline_dates(items[(1, 3)]) == []  # a start is no end


def test_a_span_that_opens_in_two_ten_day_periods_ends_where_it_says():
    items = items_by_path(
        "某局开展专题民主生活会实施方案\n一、方法步骤\n"
        "1.深入开展谈心活动(4月中下旬—5月上旬)。班子成员之间相互谈心。\n"
        "2.撰写对照检查材料(5月上中旬—5月下旬)。认真撰写对照检查材料。\n"
        "二、工作要求\n某局\n2021年4月6日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2021-05-10"]
    assert deadline_dates(items[(1, 2)]) == ["2021-05-31"]


def test_a_bracket_naming_the_office_that_leads_and_guides_gives_the_lead():
    items = items_by_path(
        "某市市场监管局关于加强电动自行车质量监管的实施意见\n一、主要任务\n"
        "1.强化产品质量监督。开展流通领域监督抽查。(牵头指导处室:市局产品质量处)\n"
        "2.强化标准规范。做好国家标准宣贯。(牵头指导处室:市局标准化处、计量处)\n"
        "3.强化网络监管。督促平台落实审核义务。(责任处室:市局网监处)\n"
        "二、工作要求\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市局产品质量处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市局标准化处", "计量处"]
    assert items[(1, 3)]["lead_units"] == []  # a responsible office alone is no lead


def test_a_lead_field_that_names_each_part_of_the_work_and_its_office_gives_the_offices():
    items = items_by_path(
        "某局安全隐患排查整治工作安排\n一、主要任务\n"
        "1.落实省局紧急通知任务。牵头单位：特种设备安全、产品质量安全由质量处牵头；食品安全监管由食品处牵头；"
        "投诉举报处置由消保处牵头。配合单位:各分局\n"
        "2.落实区级方案任务。牵头单位：信用处配合单位：质量处、各分局\n"
        "二、有关要求\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["质量处", "食品处", "消保处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["信用处"]


def test_a_working_group_set_up_under_named_leads_gives_those_leads():
    items = items_by_path(
        "某区涉企收费专项整治行动方案\n一、工作措施\n"
        "1.健全工作机制。成立由区市场监管局、区发展改革局牵头，区财政局等部门组成的专项整治工作小组。\n"
        "2.加强宣传。各部门做好政策解读。\n"
        "二、工作要求\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区市场监管局", "区发展改革局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == []


def test_a_table_of_indicators_glued_to_its_title_opens_its_first_chapter():
    items = items_by_path(
        "某局2016年度绩效考评指标体系一.业务工作实绩。1.完成上级部门下达的年度工作任务，按时报送有关材料。"
        "2.完成区委确定的年度重点工作任务，按时报送有关材料。二.履职能力建设。1.建立科学民主决策机制，按时报送有关材料。"
        "2.做好政务公开，按时报送有关材料。三.其他。做好其他工作，按时报送有关材料，按时报送有关材料。\n"
    )
    assert [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2), (3,)] == sorted(items)


def test_a_glued_outline_table_keeps_its_empty_rows_and_its_scores_in_brackets():
    items = items_by_path(
        "某局2016年度绩效考评指标体系\n"
        "一.业务工作实绩(43)序号一级指标年度工作目标牵头部门责任处室责任人1上级部门下达的年度工作任务完成情况。"
        "局办公室　各相关处室　1.1　各相关处室提供 1.2 1.3 2区委确定的年度重点工作任务完成情况。局办公室各相关处室 "
        "2.1　各相关处室提供 2.2 2.3 \n"
        "二.履职能力建设(43)序号考核内容牵头处室责任处室责任人1科学民主履职（4分）1.1建立科学民主决策机制，完善专家咨询制度。"
        "1.2做好政务公开。2依法履职（4分）2.1依法依规履行职责，自觉接受监督。\n"
    )
    assert {(1, 1, 1), (1, 1, 2), (1, 1, 3), (1, 2), (1, 2, 3)} <= set(items)  # rows 1.2 and 1.3 left empty
    assert {(2, 1, 1), (2, 1, 2), (2, 2), (2, 2, 1)} <= set(items)
    assert (2, 4) not in items  # 「（4分）」 is a score, no row


def test_a_campaign_from_today_to_a_dated_end_dates_the_year_less_steps_of_a_plan_without_a_year():
    items = items_by_path(
        "局质监处、各分局：为预防起重机械安全事故的发生，决定从即日起至2020年8月15日开展起重机械专项整治行动。现将有关事项通知如下：\n"
        "一、工作安排\n（一）自查自纠阶段。7月10日前，各分局要指导企业开展自查自纠。\n"
        "（二）检查整改阶段。7月11日至7月31日，各分局开展督促检查。\n二、工作要求\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2020-07-10"]
    assert deadline_dates(items[(1, 2)]) == ["2020-07-31"]


def test_the_review_of_a_year_holds_its_first_months_steps_in_the_next_year():
    items = items_by_path(
        "某局2018年度机关工作人员考核工作方案\n一、考核步骤\n"
        "1.个人总结。12月25日前完成个人总结。\n2.民主评议。1月15日前组织召开民主测评会。\n3.结果备案。1月23日前报送备案。\n"
        "二、工作要求\n某局\n2018年12月20日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2018-12-25"]
    assert deadline_dates(items[(1, 2)]) == ["2019-01-15"]
    assert deadline_dates(items[(1, 3)]) == ["2019-01-23"]


def test_a_plan_for_the_year_keeps_its_first_months_in_that_year():
    items = items_by_path("某县2018年度重点工作方案\n一、重点任务\n1.启动综合体建设。1月15日前完成设计招标。\n二、工作要求\n")
    assert deadline_dates(items[(1, 1)]) == ["2018-01-15"]


def test_a_five_year_plans_period_opening_a_clause_of_targets_is_due_by_its_last_year():
    items = items_by_path(
        "某市关于推进公园城市建设的实施意见\n一、主要任务\n"
        "1.完善站点布局。加快推进消防救援站建设，“十四五”期间，全市消防救援站数量增长18%以上。\n"
        "2.建成楔形绿地。加快推进建设，确保“十四五”期间全面建成开放。\n"
        "3.明确“十四五”期间的重点。做好规划衔接。\n"
        "4.总结发展基础。“十三五”期间，全市新增绿地5000公顷。\n"
        "二、工作要求\n某市人民政府办公厅\n2021年6月1日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2025-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2025-12-31"]
    assert deadline_dates(items[(1, 3)]) == []  # the period named, no target set in it
    assert deadline_dates(items[(1, 4)]) == []  # a period that ended before the plan was issued: a look back


def test_a_span_that_ends_in_the_opening_days_of_a_month_ends_on_its_tenth():
    items = items_by_path(
        "某局2013年减负专项治理实施方案\n一、工作步骤\n1.动员部署(至6月初)。各部门要认真贯彻落实。\n"
        "2.自查自纠(2013年8月-9月初)。各处室开展自查。\n3.整改落实(9月—10月底)。抓好整改。\n二、工作要求\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2013-06-10"]
    assert deadline_dates(items[(1, 2)]) == ["2013-09-10"]
    assert deadline_dates(items[(1, 3)]) == ["2013-10-31"]


def test_a_unit_charged_with_leading_the_work_is_its_lead():
    items = items_by_path(
        "某区矿产资源专项整治行动方案\n一、主要任务\n"
        "1.查处非法开采。区资源生态局负责牵头依法查处无证开采、越界开采行为。\n"
        "2.推动乡村振兴。区农业农村局做好牵头推动工作，区财政局配合落实资金。\n"
        "3.打击网上侵权。区市场监管局负责专项行动的牵头工作，具体负责组织梳理网上侵权信息。\n"
        "4.加强宣传。各乡镇负责做好宣传。\n二、工作要求\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区资源生态局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区农业农村局"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["区市场监管局"]
    assert mention_names(items[(1, 4)]["lead_units"]) == []
