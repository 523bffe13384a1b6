"""Conventions of round 21, from parts written blind (written44–46: county plans of the west and north-east, time
limits and lead units as offices write them), each scored once before. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import parse_plan
from yingshang.plans.parsing.deadlines import parse_deadline_field
from yingshang.plans.parsing.tables import LEAD, column_role

from .parsing_helpers import deadline_dates, items_by_path, mention_names



# A task list whose 重点任务 column, merged down over the measures of each task, holds the chapter headings (一、…),
# and whose 具体措施 column holds the rows numbered straight through.
_CHAPTERS_IN_A_MERGED_COLUMN = """<html><body><p>某县2025年优化营商环境重点任务清单</p><table>
<tr><td>序号</td><td>重点任务</td><td>具体措施</td><td>牵头单位</td><td>完成时限</td></tr>
<tr><td>1</td><td rowspan="2">一、提升政务服务效能</td><td>推行“一件事一次办”,上线主题套餐20个。</td><td>县政务服务中心</td><td>2025年6月底前</td></tr>
<tr><td>2</td><td>设立“办不成事”反映窗口。</td><td>县政务服务中心</td><td>2025年3月底前</td></tr>
<tr><td>3</td><td rowspan="2">二、降低企业经营成本</td><td>开展涉企违规收费专项整治。</td><td>县市场监管局</td><td>2025年9月底前</td></tr>
<tr><td>4</td><td>落实阶段性降费政策。</td><td>县财政局</td><td>2025年12月底前</td></tr>
</table></body></html>"""


def test_a_merged_column_of_chapter_headings_opens_the_chapters_and_the_rows_number_on_under_them():
    items = items_by_path(_CHAPTERS_IN_A_MERGED_COLUMN.encode("utf-8"), filename="清单.html")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    assert items[(1,)]["text"].startswith("提升政务服务效能")
    assert items[(2, 3)]["text"].startswith("开展涉企违规收费专项整治")
    assert mention_names(items[(2, 4)]["lead_units"]) == ["县财政局"]
    assert deadline_dates(items[(1, 2)]) == ["2025-03-31"]


def test_within_the_year_opening_a_clause_is_due_by_its_end_whatever_the_verb():
    text = """某县2016年推进简政放权放管结合优化服务工作要点
一、深化行政审批制度改革
1.持续推进简政放权,年内县级行政审批事项精简30%以上。(县编办牵头)
2.全面推行“双随机、一公开”监管。年内制定随机抽查事项清单。(县市场监管局牵头)
3.按季度统计全县年内开展的检查次数。(县统计局牵头)
"""
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2016-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2016-12-31"]
    assert deadline_dates(items[(1, 3)]) == []  # 年内 inside a clause qualifies a figure; it opens none


def test_a_first_responsible_unit_leads():
    assert column_role("第一责任单位") == LEAD
    text = """某区2022年乡村振兴重点任务清单
一、巩固拓展脱贫攻坚成果
1.健全防止返贫动态监测和帮扶机制。第一责任单位:区乡村振兴局;协同单位:区民政局。
2.推进国有景区资产整合。牵头企业:区文旅投集团;配合单位:区文广旅局。
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区乡村振兴局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区文旅投集团"]


def test_bare_unit_brackets_under_a_first_is_lead_note_and_party_organisations_as_units():
    text = """某市2016年政府工作报告重点工作任务分解
一、着力稳增长
1.扩大有效投资。全年实施重点项目200项。(市发改委、市财政局,列第一位的为牵头单位,下同)
2.培育壮大新兴产业。战略性新兴产业增加值增长12%。(某某经济开发区管委会、市工信局、市科技局)
3.推进城市基层党建。在职党员到社区报到率达到100%。(市直机关工委牵头,市直各单位党组织负责落实)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 2)]["lead_units"]) == ["某某经济开发区管委会"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["市直机关工委"]


def test_a_first_is_lead_header_marks_a_first_name_that_holds_its_own_bracket_whole():
    text = """某市政府常务会议议定事项督办台账
| 序号 | 议定事项 | 责任单位(排第一位的为牵头单位) | 办理时限 |
| 1 | 抓好春耕生产,落实耕地保护。 | 各县(市、区)政府、市农业农村局 | 2023年5月底前 |
| 2 | 制定迎峰度夏有序用电方案。 | 市经济和信息化局、市供电公司 | 2023年6月15日前 |
"""
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["各县(市、区)政府"]
    assert "市农业农村局" in mention_names(items[(1,)]["responsible_units"])


def test_the_rectification_of_a_years_review_is_due_in_the_year_after_it():
    text = """某市2023年度营商环境评价反馈问题整改台账
| 序号 | 存在问题 | 整改措施 | 牵头单位 | 整改时限 |
| 1 | 企业开办“一日办结”比例不高 | 推行企业开办全程网办。 | 市行政审批局 | 6月底前 |
| 2 | 预留份额政策落实不到位 | 开展专项检查。 | 市财政局 | 年底前 |
"""
    plan = parse_plan(text)
    assert plan["year"] == 2024
    items = items_by_path(text)
    assert deadline_dates(items[(1,)]) == ["2024-06-30"]
    # a year's own rectification (2019年…测评点位问题整改) is that year's
    assert parse_plan(text.replace("2023年度营商环境评价反馈问题整改台账", "2019年创建文明城市测评点位问题整改表"))["year"] == 2019


def test_around_a_day_is_no_deadline():
    text = """某县2020年春季村庄清洁行动方案
一、重点任务
1.村庄绿化美化。开展春季植树造林,3月12日前后集中启动。(县林业局牵头)
2.垃圾清运。3月底前完成村庄积存垃圾清运。(县城管局牵头)
"""
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == []
    assert deadline_dates(items[(1, 2)]) == ["2020-03-31"]


def test_a_signature_run_in_between_the_office_and_the_title_dates_a_plan_that_lost_its_line_breaks():
    text = (
        "某市人民政府办公室关于印发某市2019—2020年集中供热保障工作方案的通知各县(区)人民政府:现将《某市2019—2020年集中供热"
        "保障工作方案》印发给你们,请认真贯彻落实。某市人民政府办公室2019年9月6日某市2019—2020年集中供热保障工作方案为确保"
        "今冬明春供热安全稳定,制定本方案。一、工作任务(一)燃煤储备1.各热源企业10月31日前完成冬季用煤储备。2.热电联产机组于"
        "10月15日前完成检修。(二)管网改造3.完成老旧供热管网改造86公里,10月25日前完成。"
    )
    plan = parse_plan(text)
    assert plan["year"] == 2019
    assert plan["date"] == "2019-09-06"
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1, 1)]) == ["2019-10-31"]


def test_items_that_open_with_a_span_of_months_or_a_half_year_keep_their_numbers_and_dates():
    text = (
        "某区2024年优化营商环境攻坚行动方案 一、重点任务 (一)提升政务服务效能。1.一季度末前,完成政务服务事项清单动态调整。"
        "(区政务服务中心牵头) 2.上半年,区政务服务中心“一件事”专区建成运行。(区政务服务中心牵头) (二)优化法治环境。"
        "3.三季度,开展涉企违规收费专项整治,实现检查全覆盖。(区市场监管局牵头) 4.4月—6月,开展涉企行政执法突出问题专项整治。"
        "(区司法局牵头) 5.2024年4月至12月,对涉企矛盾纠纷开展清零行动。(区委政法委牵头) 二、保障措施 (一)加强组织领导。"
    )
    items = items_by_path(text)
    assert {(1, 2, 4), (1, 2, 5)} <= set(items)
    assert deadline_dates(items[(1, 1, 2)]) == ["2024-06-30"]
    assert deadline_dates(items[(1, 2, 3)]) == ["2024-09-30"]
    assert mention_names(items[(1, 2, 4)]["lead_units"]) == ["区司法局"]


def test_an_autumn_to_spring_season_puts_january_to_june_in_its_second_year():
    text = """某区2018—2019年秋冬季大气污染综合治理攻坚行动方案
一、重点任务
1.散煤治理。10月31日前完成“双替代”改造1.2万户。(区住建局牵头)
2.烟花爆竹禁放。春节前开展集中宣传,2月底前完成专项巡查。(区公安分局牵头)
3.重污染天气应对。2019年3月底前修订应急减排清单。(区生态环境分局牵头)
"""
    plan = parse_plan(text)
    assert plan["year"] == 2018
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2018-10-31"]
    assert "2019-02-28" in deadline_dates(items[(1, 2)])
    assert deadline_dates(items[(1, 3)]) == ["2019-03-31"]


def test_dates_in_chinese_numerals_in_running_text_and_two_figure_years_in_a_time_limit():
    text = """某市教育局2025年工作要点
一、加强党的建设
1.深化党建引领。二〇二五年三月底前完成基层党组织书记述职评议。
2.推进集团化办学。新组建教育集团10个,二〇二五年九月一日前挂牌运行。
"""
    items = items_by_path(text)
    assert deadline_dates(items[(1, 1)]) == ["2025-03-31"]
    assert deadline_dates(items[(1, 2)]) == ["2025-09-01"]
    assert [d["date"] for d in parse_deadline_field("24年8月底", 2024)] == ["2024-08-31"]
    assert [d["date"] for d in parse_deadline_field("24年8月底", 2010)] != ["2024-08-31"]


# A notice that lists its two attachments, then prints them: a plan numbered 一、(一) 1., and a task list numbered 1. from
# the start again.
_TWO_ATTACHMENTS = """某市人民政府办公室关于印发某市2023年优化营商环境攻坚行动方案和重点任务清单的通知
各区县人民政府,市政府各部门:
现将《某市2023年优化营商环境攻坚行动方案》《某市2023年优化营商环境重点任务清单》印发给你们,请认真抓好落实。
附件:1.某市2023年优化营商环境攻坚行动方案
2.某市2023年优化营商环境重点任务清单
某市人民政府办公室
2023年3月1日
附件1
某市2023年优化营商环境攻坚行动方案
一、总体目标
到2023年底,全市营商环境便利度明显提升。
二、攻坚行动
(一)政务服务提质攻坚行动
1.深化“一件事一次办”。(市政务服务中心牵头,2023年6月底前完成)
2.扩大“跨省通办”范围。(市政务服务中心牵头)
附件2
某市2023年优化营商环境重点任务清单
1.企业开办全程网办率达到95%以上。(市市场监管局牵头,2023年9月底前完成)
2.推行惠企政策“免申即享”。(市财政局牵头)
"""


def test_the_attachments_of_a_notice_that_each_number_from_the_start_are_numbered_under_their_own_numbers():
    items = items_by_path(_TWO_ATTACHMENTS)
    assert sorted(items) == [(1, 1), (1, 2), (1, 2, 1), (1, 2, 1, 1), (1, 2, 1, 2), (2, 1), (2, 2)]
    assert items[(2, 1)]["text"].startswith("企业开办全程网办率")
    assert mention_names(items[(2, 1)]["lead_units"]) == ["市市场监管局"]
    assert deadline_dates(items[(1, 2, 1, 1)]) == ["2023-06-30"]


def test_attachments_whose_numbers_run_on_keep_them_and_the_list_of_attachments_is_no_item():
    running_on = _TWO_ATTACHMENTS.replace(
        "附件2\n某市2023年优化营商环境重点任务清单\n1.企业开办", "附件2\n某市2023年优化营商环境重点任务清单\n三、重点任务\n3.企业开办"
    ).replace("2.推行惠企政策", "4.推行惠企政策")
    items = items_by_path(running_on)
    assert (3, 3) in items and (3, 4) in items
    assert not any(len(path) == 1 and items[path]["text"].startswith("某市2023年优化营商环境攻坚行动方案") for path in items)


def test_a_departments_offices_in_bare_brackets_under_its_first_is_lead_note():
    text = """某省商务厅2015年商务工作要点任务分工
各项任务中列第一位的为牵头处室(单位),其余为配合处室(单位)。
一、着力扩大对外贸易
1.落实稳增长调结构政策,确保进出口总额增长8%。(对外贸易处、机电和科技产业处)
2.扩大先进技术设备进口。(机电和科技产业处)
"""
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["对外贸易处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["机电和科技产业处"]


_POLICE_AND_MERGED_ROLES = """<html><body><p>某市公安局2023年政务服务窗口提升工作任务清单</p><table>
<tr><td>序号</td><td>任务内容</td><td>牵头警种(部门)</td><td>责任单位</td><td>完成时间</td></tr>
<tr><td>1</td><td>户政业务“跨省通办”扩面,新增通办事项5项</td><td>治安支队</td><td>各区、县(市)公安局</td><td>2023年6月30日</td></tr>
<tr><td>2</td><td>开设“办不成事”反映窗口,建立问题闭环解决机制。</td><td colspan="2">市行政审批局牵头,市纪委监委机关配合</td><td>2023年4月</td></tr>
</table></body></html>"""


def test_a_police_bureaus_lead_column_and_a_cell_that_divides_the_roles_across_two_columns():
    items = items_by_path(_POLICE_AND_MERGED_ROLES.encode("utf-8"), filename="清单.html")
    assert mention_names(items[(1,)]["lead_units"]) == ["治安支队"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市行政审批局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市纪委监委机关"]
