"""Round 10 conventions of the plan parser, each on a constructed example or a short quoted phrase.

The misses of ``heldout9`` (dev material from round 10 on) as general conventions, first of all real copies of
web tables: one cell per line with blank lines between cells and rows that hold more lines than the header
has columns (one unit per line, a task in two stages with a date each), cells run together with nothing
between, and the document viewer's page markers inside them; then paragraphs that lost their line breaks,
and who leads / by when in running text.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def _dates(item: dict) -> list[str]:
    return sorted(d["date"] for d in item["deadlines"])


def test_table_copied_one_cell_per_line_with_one_unit_per_line_and_two_stage_rows():
    # 民生实事目标任务分解表 copied from a web page: every cell on its own line, blank lines between cells, the unit
    # cell holding one unit per line, and row 2's task in two stages, each with its own date.
    cells = [
        "某县2016年民生实事目标任务分解表", "序号", "民生实事", "责任单位", "完成时限",
        "1", "启动建设城区段综合治理工程。", "县水务局", "县住建局", "县残联", "12月底前",
        "2", "开工建设县老年养护楼。", "县民政局", "5月底前动工", "开工建设老年大学。", "12月底前",
        "3", "新建2座人行天桥。", "县住建局", "9月投入使用",
    ]
    items = _parse("\n\n".join(cells) + "\n")
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["responsible_units"]) == ["县水务局", "县住建局", "县残联"]
    assert items[(1,)]["lead_units"] == []
    assert _dates(items[(1,)]) == ["2016-12-31"]
    assert _dates(items[(2,)]) == ["2016-05-31", "2016-12-31"]
    assert _dates(items[(3,)]) == ["2016-09-30"]


def test_run_together_row_with_abbreviated_units_and_a_first_is_lead_note():
    # A county-level city's 责任分解 copied from a web table, cells run together: its bodies are named without 市
    # (财政局、发改局), the list includes a mass organisation (工商联), and the unit cell ends with the document's note
    # that the first unit is the lead (列第一位者为牵头或汇总单位,下同).
    items = _parse(
        "某市2020年政府工作报告主要工作责任分解\n"
        "序号 主要工作 责任单位\n"
        "一、市长主抓重点工作\n"
        "1制定出台高质量发展政策体系,与企业共克时艰。财政局、发改局、文化和广电旅游体育局、工商联(列第一位者为牵头或汇总单位,下同)\n"
        "2全面落实各级“五减”系列政策,力争为企业减负60亿元。发改局、经信局、财政局、人民银行\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["财政局"]
    assert "工商联" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["lead_units"]) == ["发改局"]
    assert "发改局" not in items[(1, 2)]["text"]



def test_title_running_into_the_first_chapter_in_a_paragraph_without_line_breaks():
    # A 责任分解 pasted from a news page that lost its line breaks: the document's title runs straight into 一、,
    # and the chapter (a person's heading) holds items 1. 2. with their 牵头单位.
    filler = "坚持底线思维,完善风险体系,提高风险管控能力,做实做细做好防范化解重大风险工作。" * 5
    text = (
        "省政府印发2020年政府工作报告重点工作责任分解通知  近日,省政府办公厅印发责任分解的通知。"
        "政府工作报告重点工作责任分解一、某某省长主抓重点工作  "
        f"1. 稳企业、防风险。扎实做好稳企业各项工作。{filler}  牵头单位:省发展改革委、省经信厅  "
        f"2. 政府数字化转型。深入推进政府数字化转型。{filler}  牵头单位:省委改革办、省大数据局"
    )
    items = _parse(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2)]
    assert items[(1,)]["lead_units"] == []
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省委改革办", "省大数据局"]


def test_a_one_inside_running_text_is_no_chapter():
    filler = "统一、规范、高效的审批服务体系建设持续推进,企业群众办事更加便利。" * 8
    items = _parse(f"某市工作要点 一、优化服务 {filler}1. 推进一网通办。{filler} 2. 推进一窗受理。{filler}")
    assert sorted(items) == [(1,), (1, 1), (1, 2)]


def test_leads_marked_before_a_bracketed_first_is_lead_note():
    # 「A、B牵头,C、D(除标注为“牵头”单位外,列第一位的为牵头或汇总单位,下同)」: the units marked 牵头 lead; the note's
    # own commas do not cut the list.
    items = _parse(
        "某省政府工作报告重点工作责任分解\n"
        "一、重点工作\n"
        "1.一般公共预算收入与经济增长同步。\n"
        "责任单位:省财政厅\n"
        "2.坚持政府过紧日子,严控一般性支出。\n"
        "责任单位:省政府办公厅、省财政厅牵头,省商务厅、省文化和旅游厅(除标注为“牵头”单位外,列第一位的为牵头或汇总单位,下同)\n"
        "3.用好地方政府专项债券。\n"
        "责任单位:省财政厅、省发展改革委\n"
    )
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省政府办公厅", "省财政厅"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["省商务厅", "省文化和旅游厅"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["省财政厅"]


def test_division_of_work_label_stating_the_roles():
    # 「部门分工:省发展改革委牵头,各地、各部门配合。」 under 「分管省领导:…」 (a person).
    items = _parse(
        "某省政府工作报告重点任务分工方案\n"
        "一、主要预期目标\n"
        "1.地区生产总值增长6%以上。\n"
        "分管省领导:张三\n"
        "部门分工:省发展改革委牵头,各地、各部门配合。\n"
        "2.居民消费价格涨幅3%左右。\n"
        "部门分工:省发展改革委、省市场监管局\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发展改革委"]
    assert "张三" not in mention_names(items[(1, 1)]["responsible_units"])
    assert items[(1, 2)]["lead_units"] == []
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["省发展改革委", "省市场监管局"]


def test_chapter_heading_with_its_lead_keeps_its_opening_paragraph():
    # 「一、强化科技创新(区科技局牵头)」 then the chapter's own paragraph with its target year (an excerpt that stops
    # before (一)): the paragraph is the chapter's, not a closing note of the document.
    plan = "某区关于推动经济高质量发展若干政策举措\n为推动经济持续向好,特制定以下政策举措。\n"
    items = _parse(
        plan + "一、强化科技创新(区科技局牵头)\n"
        "以科技创新体系建设工程为牵引,加快培育发展新质生产力。2025年,力争全社会研发投入强度达到2.95%。\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["区科技局"]
    assert _dates(items[(1,)]) == ["2025-12-31"]
    closing = _parse(
        plan + "一、强化科技创新(区科技局牵头)\n二、扩大有效投资(区发改局牵头)\n"
        "各单位要高度重视,2025年底前完成各项任务。\n"
    )
    assert closing[(2,)]["deadlines"] == []


def test_viewer_page_markers_are_no_items_and_a_page_break_inside_a_bracket_is_joined():
    from yingshang.plans.parsing.flat_tables import drop_viewer_page_markers

    lines = ["1、某区重点工作任务表", "推进高新园(邹区镇", "2、)各街道整治。", "3、加快建设。"]
    assert drop_viewer_page_markers(lines) == ["某区重点工作任务表", "推进高新园(邹区镇)各街道整治。", "", "加快建设。"]
    # Without a page that starts inside a sentence, 1、2、 are item numbers and stay.
    plain = ["1、推进一网通办。", "2、推进一窗受理。"]
    assert drop_viewer_page_markers(plain) == plain


def test_table_run_together_header_rows_and_leader_column_from_a_document_viewer():
    # A table copied from a document-sharing site's viewer: title, header and rows run together with nothing
    # between, a leader's name before the lead unit, units without prefix, a row in two stages (two leaders, two
    # leads), and the viewer's page marker 「2、」 where a page broke inside a bracket.
    text = (
        "1、2021年重大民生实事项目目标任务责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位"
        "1增加教育资源供给新建学校12个,计划竣工3个;增加学位5000个。王海平教育局经开区高新园(某某镇)各街道"
        "2促进就业稳定增长全区城镇新增就业15000人,城镇登记失业率控制在3%以内。王海平人社局高新园(某某镇\n"
        "2、)各街道3老城厢复兴发展完成纪念馆整体提升工程。王海平文体旅局晋陵公司推进核心区改造及老城厢道路整治。"
        "李春祥住建局五星街道南大街街道\n"
    )
    items = _parse(text)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["教育局"]
    assert "经开区" in mention_names(items[(1,)]["responsible_units"])
    assert mention_names(items[(2,)]["lead_units"]) == ["人社局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["文体旅局", "住建局"]
    assert "王海平" not in mention_names(items[(3,)]["lead_units"] + items[(3,)]["responsible_units"])
    assert "15000" in items[(2,)]["text"]


def test_run_on_rows_split_at_the_next_row_number_not_at_figures():
    from yingshang.plans.parsing.flat_tables import _split_run_on_rows

    rows = _split_run_on_rows("1新建学校12个,竣工3个,初中2所。教育局2促进就业新增3万人。人社局3优化养老。民政局")
    assert [number for number, _ in rows] == ["1", "2", "3"]
    assert rows[0][1] == "新建学校12个,竣工3个,初中2所。教育局"


def test_plan_carrying_out_a_years_work_report_takes_its_year_and_a_quarter_setting_a_figure_is_a_deadline():
    # No year in the title; the preamble says which year's 政府工作报告 the plan carries out. 「第一季度发行专项债券
    # 2000万元」 sets a figure due by the end of that quarter; 「第三季度对…进行检查」 sets none.
    items = _parse(
        "推动经济社会高质量发展的若干政策\n"
        "根据《2023年政府工作报告》主要工作安排,结合我市预算编制情况,制定推动经济社会高质量发展的若干政策。\n"
        "一、支持产业转型升级政策\n"
        "1.支持项目转型升级。支持示范区基础设施建设,第一季度发行专项债券2000万元,抓好产业园项目。\n"
        "2.加强资金监管。第三季度对资金使用情况进行检查。\n"
    )
    assert _dates(items[(1, 1)]) == ["2023-03-31"]
    assert items[(1, 2)]["deadlines"] == []


def test_document_year_from_the_work_report_named_in_the_preamble_only_when_one():
    from yingshang.plans.parsing.document import preamble_plan_year

    assert preamble_plan_year(["根据《2023年政府工作报告》主要工作安排,制定本政策。"]) == 2023
    assert preamble_plan_year(["根据《2022年政府工作报告》部署,巩固成果。按照《2023年政府工作报告》安排,制定本方案。"]) is None
    assert preamble_plan_year(["《2023年政府工作报告》指出,要优化营商环境。"]) is None


def test_one_cell_per_line_copy_across_pages_with_page_numbers_and_the_header_repeated():
    cells = [
        "某县2016年重点工作任务分解表", "序号", "工作任务", "牵头单位", "完成时限",
        "1", "推进一网通办。", "县政务服务局", "6月底前",
        "2", "推进一窗受理。", "第1页 共2页", "县行政审批局", "9月底前",
        "- 2 -", "序号", "工作任务", "牵头单位", "完成时限",
        "3", "优化企业开办。", "县市场监管局", "12月底前",
    ]
    items = _parse("\n\n".join(cells) + "\n")
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["县行政审批局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["县市场监管局"]
    assert _dates(items[(3,)]) == ["2016-12-31"]


def test_one_cell_per_line_lead_and_responsible_columns_with_one_name_per_line():
    # 牵头单位 / 责任单位 one name per line: the first name is the lead, the rest responsible; a row whose
    # responsible cell was empty (dropped in copying) keeps its only name as the lead, never the task text.
    cells = [
        "某县2016年重点工作任务分解表", "序号", "工作任务", "牵头单位", "责任单位", "完成时限",
        "1", "推进一网通办。", "县政务服务局", "县大数据中心", "县公安局", "6月底前",
        "2", "推进一窗受理。", "县行政审批局", "各乡镇", "9月底前",
        "3", "优化企业开办。", "县市场监管局", "12月底前",
    ]
    items = _parse("\n\n".join(cells) + "\n")
    assert mention_names(items[(1,)]["lead_units"]) == ["县政务服务局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["县大数据中心", "县公安局"]
    assert _dates(items[(1,)]) == ["2016-06-30"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县行政审批局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["县市场监管局"]


def test_viewer_copy_of_a_table_with_a_deadline_column_and_a_page_break_inside_a_date():
    # Title, header and rows run together; the viewer's page 2 starts inside 「2023年9月底」.
    text = (
        "1、某区2023年重点任务分解表序号重点任务牵头单位完成时限1推进一网通办,实现200项事项网上办理。区政务服务局2023年6月底"
        "2推进一窗受理。区行政审批局2023年9\n2、月底3优化企业开办,压缩至1个工作日。区市场监管局2023年12月底\n"
    )
    items = _parse(text)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["区行政审批局"]
    assert _dates(items[(2,)]) == ["2023-09-30"]
    assert "200项" in items[(1,)]["text"]
