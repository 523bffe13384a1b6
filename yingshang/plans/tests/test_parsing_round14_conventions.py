"""Round 14 conventions of the plan parser, each on a constructed example in the shape of a real plan.

The classes come from the misses left on the annotated fixtures (a one-item excerpt, a task printed as a record,
a table in traditional characters, a quarter narrowed to its month, …); the examples are built for the tests,
never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

import pytest

from yingshang.plans.parsing import PlanParseError, iter_items, parse_plan
from yingshang.plans.parsing.deadlines import find_yearless, parse_deadline_field

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def _dates(item: dict) -> list:
    return [d["date"] for d in item["deadlines"]]


def _refused(text: str) -> PlanParseError:
    with pytest.raises(PlanParseError) as caught:
        parse_plan(text.encode("utf-8"), filename="plan.txt")
    assert caught.value.code == "not_a_plan"
    return caught.value


# --- a plan with one item --------------------------------------------------------------------------------------


def test_an_excerpt_of_a_plan_that_stops_after_its_first_chapter_is_a_plan_with_one_item():
    items = _parse(
        "某县农村人居环境整治提升实施方案\n"
        "为持续改善农村人居环境,结合我县实际,制定本方案。\n"
        "一、工作目标\n"
        "到2024年底,全县农村卫生户厕普及率达到90%以上,行政村生活垃圾收运处置体系实现全覆盖。\n"
    )
    assert sorted(items) == [(1,)]
    assert _dates(items[(1,)]) == ["2024-12-31"]


def test_a_notice_whose_title_is_too_long_a_line_still_says_it_issues_a_plan():
    items = _parse(
        "某市发展和改革委员会 某市住房和城乡建设局 某市自然资源和规划局 某市民政局 某市卫生健康委员会 "
        "关于印发某市社区服务设施补短板工程实施方案的通知\n"
        "各区县政府,市级有关部门:\n"
        "现将《某市社区服务设施补短板工程实施方案》印发给你们,请认真贯彻落实。\n"
        "一、主要目标 到2026年底前,全市建成社区综合服务设施示范点50个。\n"
    )
    assert _dates(items[(1,)]) == ["2026-12-31"]


def test_one_numbered_point_of_a_report_or_a_notice_is_still_no_plan():
    # A news report: no plan title, nothing that says a plan is issued.
    _refused(
        "本报讯 昨天,市政府召开常务会议,研究部署下半年重点工作。\n"
        "一、会议听取了全市营商环境工作情况汇报\n"
        "会议要求,到2024年底前全面完成年度目标任务。\n"
    )
    # A notice of a meeting: its title names a notice, not a plan.
    _refused("关于召开营商环境工作推进会的通知\n各有关单位:\n一、会议时间\n2024年6月底前另行通知。\n")
    # A plan's title over one numbered heading that states nothing: no task to import.
    _refused("某区营商环境提升行动方案\n一、总体要求\n坚持以人民为中心,持续优化营商环境。\n")


# --- a task printed as a record ----------------------------------------------------------------------------------


def test_a_task_printed_as_a_record_of_label_and_value_cells_is_one_row_of_a_table():
    items = _parse(
        "重点工作: | 12.推进老旧小区改造,完善小区配套设施。 |\n"
        "牵头单位: | 市住房城乡建设局 |\n"
        "责任单位: | 各区人民政府 |\n"
        "完成时限: | 2024年11月底前 |\n"
        "进展情况: |\n"
        "已开工改造小区30个。 |\n"
    )
    assert sorted(items) == [(12,)]
    item = items[(12,)]
    assert mention_names(item["lead_units"]) == ["市住房城乡建设局"]
    assert mention_names(item["responsible_units"]) == ["各区人民政府"]
    assert _dates(item) == ["2024-11-30"]
    assert "已开工" not in item["text"]  # the report on the task is not the task


def test_label_and_value_lines_that_name_no_task_column_are_left_as_text():
    # Two labelled lines that are no table header (no body column): read as the text they are.
    items = _parse("某区2024年工作要点\n1.推进项目建设。\n联系人: | 张某 |\n联系电话: | 12345678 |\n2.优化营商环境。\n")
    assert sorted(items) == [(1,), (2,)]
    assert "张某" in items[(1,)]["text"]


# --- a table whose header is in traditional characters -------------------------------------------------------------


_TRADITIONAL_TABLE = (
    "<html><body><p>某縣2023年民生實事項目實施計劃</p><table>"
    "<tr><td>序號</td><td>項目內容</td><td>工作進度安排</td><td>牽頭單位</td></tr>"
    "<tr><td>1</td><td>新建城區公辦幼兒園2所。</td><td>第二季度:完成主體工程; 第四季度(11月份):投入使用。</td>"
    "<td>縣教育局</td></tr>"
    "</table></body></html>"
)


def test_an_html_table_with_a_traditional_header_and_one_row_is_a_plan():
    items = items_by_path(_TRADITIONAL_TABLE.encode("utf-8"), filename="plan.html")
    assert sorted(items) == [(1,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["县教育局"]
    assert _dates(items[(1,)]) == ["2023-06-30", "2023-11-30"]


def test_a_docx_table_with_a_traditional_header_and_one_row_is_a_plan(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某縣2023年民生實事項目實施計劃")
    table = document.add_table(rows=2, cols=4)
    for row, values in zip(table.rows, [["序號", "項目內容", "完成時限", "牽頭單位"], ["1", "新建城區公辦幼兒園2所。", "2023年9月底前", "縣教育局"]]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    path = tmp_path / "plan.docx"
    document.save(path)
    items = items_by_path(path)
    assert mention_names(items[(1,)]["lead_units"]) == ["县教育局"]
    assert _dates(items[(1,)]) == ["2023-09-30"]


# --- a quarter narrowed to its month ---------------------------------------------------------------------------------


def test_a_quarter_label_narrowed_by_a_month_in_brackets_is_due_by_that_month():
    value = "第一季度:完成摸底调查,建立台账; 第四季度(11月份):组织开展集中验收。"
    assert [d["date"] for d in parse_deadline_field(value, 2024)] == ["2024-03-31", "2024-11-30"]
    # without the bracket the quarter is due at its end, as before
    assert [d["date"] for d in parse_deadline_field("第一季度:完成摸底调查; 第四季度:组织开展集中验收。", 2024)] == [
        "2024-03-31",
        "2024-12-31",
    ]


def test_a_schedule_label_of_a_month_without_its_end_is_read():
    # 「11月份:」 as a label of a schedule (no 底, no day) is that month.
    assert [d["date"] for d in find_yearless("完成招标。11月份:全面开工", 2024)] == ["2024-11-30"]


# --- a 民生实事 project list --------------------------------------------------------------------------------------


def test_a_project_list_copied_one_cell_per_line_with_an_amount_column_and_its_unit_note():
    header = ["序号", "项目名称", "建设地点", "建设时间", "2024年建设内容", "年度投资金额 (万元)", "责任单位"]
    rows = [
        ["1", "城区排水管网改造项目", "城关镇", "2024", "改造雨污管网12公里。", "1500", "住建局"],
        ["2", "2024年乡村道路提升工程", "各镇", "2024", "提升乡村道路40公里,实现通村道路硬化全覆盖。", "2600", "交通局"],
    ]
    lines = ["某县2024年十件民生实事项目清单 |", "|"]
    for row in [header] + rows:
        lines += [f"{cell} |" for cell in row] + ["|"]
    items = _parse("\n".join(lines) + "\n")
    assert sorted(items) == [(1,), (2,)]
    # the project's name is the item's title, its content the text under it
    assert items[(1,)]["title"] == "城区排水管网改造项目"
    assert "改造雨污管网12公里" in items[(1,)]["text"]
    # 建设时间 is when the project runs, not a deadline; a name opening with its year is none either
    assert items[(1,)]["deadlines"] == [] and items[(2,)]["deadlines"] == []
    # 责任单位 without 牵头: units, not leads
    assert mention_names(items[(2,)]["responsible_units"]) == ["交通局"] and items[(2,)]["lead_units"] == []


def test_a_header_cell_is_measured_without_its_bracketed_unit_note():
    from yingshang.plans.parsing.tables import column_role, header_width
    from yingshang.plans.parsing.flat_rows import flat_table_header

    assert header_width("年度投资金额 (万元)") == len("年度投资金额")
    assert header_width("计划总投资(亿元)") == len("计划总投资")
    assert column_role("项目名称") == "text"
    assert column_role("建设时间") is None and column_role("完成时间") == "deadline"
    header = flat_table_header("序号 | 项目名称 | 建设内容 | 截至目前累计完成投资金额(万元,含上年结转) | 责任单位 | 完成时限")
    assert header is not None and len(header) == 6


# --- deadlines counted from the time of writing ------------------------------------------------------------------


def test_a_deadline_counted_from_the_time_of_writing_is_kept_as_written():
    items = _parse(
        "某县创卫巡查问题整改通知\n"
        "1、农贸市场周边占道经营。\n"
        "整改要求:由县市场监管局负责,在本月底以前完成集中整治。\n"
        "2、背街小巷垃圾死角。\n"
        "整改要求:由城关镇负责,本季度末前建立长效保洁机制。\n"
        "3、公厕管理不到位。\n"
        "整改要求:由县环卫站负责日常管理。\n"
    )
    assert [(d["text"], d["date"], d["kind"]) for d in items[(1,)]["deadlines"]] == [("本月底以前", None, "date")]
    assert [d["text"] for d in items[(2,)]["deadlines"]] == ["本季度末前"]
    assert items[(3,)]["deadlines"] == []


def test_a_report_date_or_a_monthly_rate_is_no_relative_deadline():
    from yingshang.plans.parsing.deadlines import find_text_deadlines

    assert find_text_deadlines("截至本月底,已完成整改80%。", 2024) == []
    assert find_text_deadlines("当月办结率达到95%以上。", 2024) == []
    assert find_text_deadlines("每月底前报送工作进展。", 2024) == []
    assert [d["text"] for d in find_text_deadlines("下月底前报送整改报告。", 2024)] == ["下月底前"]


# --- a viewer's page markers, and a campaign's phases ------------------------------------------------------------------

_PAGE_1 = (
    "1、某区市容环境专项整治行动工作方案为扎实推进市容环境专项整治行动,营造干净整洁的城市环境,结合我局实际,特制定以下工作方案。"
    "一、工作目标通过集中整治,全面清理城区背街小巷、公共绿地、闲置空地等区域的乱堆乱放、乱贴乱画等问题,市容环境明显改善。"
    "二、组织领导成立专项整治行动领导小组,由局主要负责同志任组长,分管负责同志任副组长,各科室负责人为成员,领导小组下设办公室,"
    "负责专项整治行动的统筹协调、督促检查和情况汇总。各成员单位要各司其职,服从指挥,全力配合,共同做好专项整治行动工作。"
    "三、整治重点(一)重点整治对象。主要是长期"
)
_PAGE_2 = (
    "2、占用公共区域堆放的杂物、废弃家具和建筑垃圾。(二)重点整治区域。城区背街小巷、公共绿地、闲置空地等公共区域。"
    "四、工作安排(一)摸底排查阶段(即日起一6月30日)联合属地街道对公共区域开展全面排查,建立问题台账。"
    "(二)集中整治阶段(2024年7月1日9月30日)对排查发现的问题逐一整治,做到整治一处、销号一处。"
)


def test_a_viewers_page_markers_that_cut_the_text_mid_sentence_are_no_items():
    plan = parse_plan((_PAGE_1 + "\n" + _PAGE_2 + "\n").encode("utf-8"), filename="plan.txt")
    items = {tuple(item["path"]): item for item in iter_items(plan)}
    assert sorted(items) == [(1,), (2,), (3,), (3, 1), (3, 2), (4,), (4, 1), (4, 2)]
    # the word cut by the page break is joined again
    assert "主要是长期占用公共区域" in items[(3, 1)]["text"]
    # the campaign's phases are due by the end of their spans; the year comes from the phase that states it
    assert _dates(items[(4, 1)]) == ["2024-06-30"]
    assert _dates(items[(4, 2)]) == ["2024-09-30"]
    assert (plan["year"], plan["year_source"]) == (2024, "phases")


def test_items_numbered_1_and_2_whose_paragraphs_end_with_their_sentences_stay_items():
    first = "1、" + "加强背街小巷环境卫生管理,落实门前三包责任制度,全面清理卫生死角和乱堆乱放。" * 5
    second = "2、" + "规范户外广告和店招店牌设置,清理违规设置的广告牌和乱贴乱画。" * 5
    items = _parse(first + "\n" + second + "\n")
    assert sorted(items) == [(1,), (2,)]


def test_long_items_numbered_1_and_2_whose_lines_end_with_an_inline_field_stay_items():
    first = "1、" + "深化工程建设项目审批制度改革,推行区域评估、联合验收和告知承诺制,压减审批环节和申请材料。" * 5 + "牵头单位:市住建局"
    second = "2、" + "优化不动产登记服务,推行交房即交证、登记缴税一窗办理,压缩登记办理时间。" * 4 + "牵头单位:市自然资源局"
    items = _parse(first + "\n" + second + "\n")
    assert sorted(items) == [(1,), (2,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市自然资源局"]


def test_phase_spans_from_the_day_of_issue_or_without_their_dash():
    from yingshang.plans.parsing.deadlines import find_phase_span

    assert [d["date"] for d in find_phase_span("摸底排查阶段(即日起—6月30日)", 2024)] == ["2024-06-30"]
    assert [d["date"] for d in find_phase_span("摸底排查阶段(即日起一6月30日)", 2024)] == ["2024-06-30"]
    assert [d["date"] for d in find_phase_span("集中整治阶段(2024年7月1日9月30日)")] == ["2024-09-30"]
    assert [d["date"] for d in find_phase_span("巩固提升阶段(2025年)")] == ["2025-12-31"]
    # a heading run into its text
    assert [d["date"] for d in find_phase_span("集中整治阶段(2024年7月1日—9月30日)对排查发现的问题逐一整治,做到整治一处、销号一处。")] == [
        "2024-09-30"
    ]
    assert find_phase_span("各阶段(一季度)要做好衔接。", 2024) == []


# --- a preamble closing with a colon, 整改 fields, a quoted requirement ----------------------------------------------------


def test_a_first_chapter_run_on_to_the_preambles_closing_colon_when_the_line_breaks_were_lost():
    paragraph = (
        "某省人民政府关于深化财政管理改革的实施意见各市人民政府,省政府各部门:为加快建立现代财政制度,推进治理体系和治理能力现代化,"
        "建立全面规范、公开透明的现代预算制度,是深化财税体制改革的重要内容,也是加快政府职能转变、促进经济社会持续健康发展的重大举措。"
        "近年来,我省财政管理改革取得积极成效,但预算编制不够科学、支出结构不够优化、资金使用绩效不高等问题仍然存在,"
        "与建立现代财政制度的要求相比还有较大差距,需要进一步深化改革、完善制度、健全机制。"
        "根据国家有关要求,结合我省实际,现就深化我省财政管理改革提出以下实施意见:一、总体要求1.指导思想。坚持稳中求进工作总基调,"
        "以推动高质量发展为主题,改进财政管理制度,创新财政管理方式,健全财政管理体系,优化财政支出结构,提升财政资金绩效,"
        "为经济社会持续健康发展提供制度保障和坚实支撑,切实防范化解财政运行风险。2.目标任务。2025年在财政管理改革上取得决定性进展,"
        "在优化财政支出结构上取得实质性突破,全面建立规范透明、标准科学、约束有力的现代预算制度。"
    )
    items = _parse(paragraph + "\n")
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert _dates(items[(1, 2)]) == ["2025-12-31"]


def test_the_deadline_field_of_a_rectification_task():
    items = _parse(
        "某市生态环境保护督察反馈意见整改方案\n"
        "一、督察意见:部分地区环境保护责任落实不到位。\n"
        "责任单位:各区县政府。\n"
        "整改时限:立行立改、长期坚持。\n"
        "二、督察意见:城镇污水处理设施建设滞后。\n"
        "责任单位:市住建局。\n"
        "整改时限:2024年6月底前。\n"
        "三、督察意见:部分企业排污许可证管理不规范。\n"
        "责任单位:市生态环境局。\n"
        "整改时限:已完成整改。\n"
    )
    assert [d["kind"] for d in items[(1,)]["deadlines"]] == ["ongoing"]
    assert _dates(items[(2,)]) == ["2024-06-30"]
    assert items[(3,)]["deadlines"] == []  # a status, not a time
    assert "整改时限" not in items[(2,)]["text"]


def test_a_date_inside_a_quoted_requirement_is_the_quoted_texts():
    from yingshang.plans.parsing.deadlines import find_text_deadlines

    quoted = "工作方案将国家要求的“到2020年底,县城、城市污水处理率分别达到85%、95%左右”降低到“80%、90%左右”。"
    assert find_text_deadlines(quoted, 2018) == []
    # a quoted term is no quotation of a sentence; the date outside it is the item's
    assert [d["date"] for d in find_text_deadlines("推行“一网通办”,2024年底前实现全覆盖。", 2024)] == ["2024-12-31"]


# --- a 分工方案 table copied with its cells run together, sub-rows numbered (1) (2) --------------------------------------------


def test_a_run_together_header_whose_cells_qualify_the_header_words():
    from yingshang.plans.parsing.flat_rows import flat_table_header

    assert flat_table_header("序号省《实施方案》部署任务某市落实措施牵头单位责任单位完成时限备注") == [
        "序号", "省《实施方案》部署任务", "某市落实措施", "牵头单位", "责任单位", "完成时限", "备注",
    ]
    # a sentence that mentions header words is no header
    assert flat_table_header("请各单位填写序号、牵头单位和完成时限。") is None


def test_sub_rows_numbered_with_their_own_markers_and_two_lead_names_run_together():
    items = _parse(
        "某市贯彻落实省《2023年优化营商环境工作要点》分工方案\n"
        "序号省《工作要点》部署任务某市落实措施牵头单位责任单位完成时限备注\n"
        "一、优化审批服务\n"
        "(一)全面实施行政许可事项清单管理。\n"
        "1.按照省里要求,编制并公布行政许可事项清单,清单之外一律不得违法实施行政许可。\n"
        "(1)编制市级行政许可事项清单,8月底前向社会公布,对未按时间节点完成的单位进行督办。"
        "市行政审批局市司法局市级相关单位,各区县政府、高新区管委会2023年9月底\n"
        "(2)清理整治变相许可,11月底前完成清查整治并报省审改办备案。市行政审批局市级相关单位,各区县政府2023年11月底\n"
    )
    assert sorted(items) == [(1,), (1, 1), (1, 1, 1), (1, 1, 1, 1), (1, 1, 1, 2)]
    # the lead cell held two names (one per line in the cell), the 责任单位 cell a list with separators
    assert mention_names(items[(1, 1, 1, 1)]["lead_units"]) == ["市行政审批局", "市司法局"]
    assert mention_names(items[(1, 1, 1, 1)]["responsible_units"]) == ["市级相关单位", "各区县政府", "高新区管委会"]
    assert mention_names(items[(1, 1, 1, 2)]["lead_units"]) == ["市行政审批局"]
    assert _dates(items[(1, 1, 1, 2)]) == ["2023-11-30"]


def test_a_year_opening_the_last_clause_of_a_row_is_a_deadline_but_one_opening_a_heading_is_not():
    items = _parse(
        "某省2024年重点工作量化指标任务分工\n"
        "序号 工作任务 牵头负责部门\n"
        "1 省级财政安排专项奖补资金50亿元,重点用于职工分流安置,2024年安排20亿元 省财政厅\n"
        "2 新开工重大水利工程10项 省水利厅\n"
    )
    assert _dates(items[(1,)]) == ["2024-12-31"]
    assert items[(2,)]["deadlines"] == []
    headed = _parse("某区2024年重点工作责任分解方案\n一、2024年全区重点工作安排\n1.地区生产总值增长6%以上。\n")
    assert headed[(1,)]["deadlines"] == []  # a year opening a heading names the period, as before


def test_a_survey_team_named_by_its_city_after_the_lead_in_a_run_together_row():
    items = _parse(
        "某市2024年《政府工作报告》目标任务责任分解方案\n"
        "序号 目标任务 牵头单位 责任单位 数据提供单位\n"
        "一、全市经济社会发展主要预期目标\n"
        "1城镇居民人均可支配收入增长6%。市人社局某某调查队\n"
        "2农村居民人均可支配收入增长7%。市农业农村局市人社局某某调查队\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市人社局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市农业农村局"]
    assert "调查队" not in items[(1, 2)]["text"]


def test_a_task_tables_implementation_time_column_is_still_its_deadline():
    from yingshang.plans.parsing.tables import column_role

    assert column_role("实施时间") == "deadline"
    assert column_role("起止时间") is None and column_role("建设年限") is None
