"""Round 9 conventions of the plan parser, each on a constructed example or a short quoted phrase.

First the misses of ``heldout7``/``heldout8`` (dev material from round 9 on) as general conventions: a convention
note written as a second sentence inside the unit bracket, places (城市/县/区) named as responsible bodies,
「“十三五”末」 running straight into the clause it dates, a one-task excerpt closed by a role bracket, and a
year-less month that takes the year stated earlier in its sentence. Then conventions common in 分工方案 /
实施方案 / 任务清单 of other places — some read in real plans (the phrase quoted names its source), the rest
constructed: other wordings of who leads, fields after the unit bracket, more deadline wordings and labels,
numbering styles, and table shapes (merged 序号, two-row headers, header notes, leader columns).
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def test_first_is_lead_note_as_a_second_sentence_inside_the_bracket():
    items = _parse(
        "某省重点工作责任分工方案\n"
        "一、加快基础设施建设\n"
        "1、加快构建环湖旅游快速通道,纳入全省收费公路体系管理。(省发改委、省交通运输厅、省财政厅负责。列第一位的为牵头部门,下同)\n"
        "2、加快国省道升级改造,提升区域内公路等级。(省交通运输厅、省财政厅负责)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发改委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["省交通运输厅", "省财政厅"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省交通运输厅"]


def test_cities_named_by_place_in_a_role_bracket():
    items = _parse(
        "某都市圈建设工作计划\n"
        "一、基础设施互联互通\n"
        "(一)道路畅通工程。加快建设都市圈快速通道。\n"
        "进一步规范道路限高、限宽等交通设施,保障道路安全畅通。(自治区交通运输厅牵头,自治区发展改革委、银川市、石嘴山市、吴忠市人民政府配合)\n"
        "(二)县域公路。推进县乡公路提档升级。(竹山县、房县负责)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["自治区交通运输厅"]
    assert "银川市" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["竹山县", "房县"]


def test_words_for_an_area_are_not_units():
    items = _parse(
        "某市工作方案\n"
        "一、优化服务\n"
        "1.推进政务服务标准化。(全市上下、老城区)\n"
        "2.推进一网通办。(市政务服务局牵头)\n"
    )
    assert items[(1, 1)]["lead_units"] == [] and items[(1, 1)]["responsible_units"] == []


def test_plan_period_end_running_into_its_clause():
    items = _parse(
        "某省分工方案\n"
        "一、完善交通\n"
        "1、提升区域内公路等级。“十三五”末三级以上县道比重稳步提升,促进互联互通。(省交通运输厅负责)\n"
        "2、巩固提升。达到“十三五”末的水平,“十四五”末期逐步完善。(省交通运输厅负责)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-12-31"]
    assert items[(1, 2)]["deadlines"] == []


def test_one_task_excerpt_closed_by_a_role_bracket_is_a_plan():
    items = _parse(
        "各州、市人民政府,省直各委、办、厅、局:\n"
        "现提出以下意见:\n"
        "一、推进重大项目建设\n"
        "建立健全领导联系重点项目制度,形成项目推进全程服务机制。(省发展改革委、财政厅牵头;省工业和信息化委、国土资源厅配合)\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["省发展改革委", "财政厅"]


def test_year_less_months_take_the_year_given_earlier_in_the_sentence():
    items = _parse(
        "某省稳增长意见(2017-2018年)\n"
        "一、加快资金拨付\n"
        "1.专项资金须于2017年6月底前下达60%以上、9月底前下达80%以上、11月底前全部下达到位。\n"
        "2.清理工作2017年6月底前完成。9月底前完成评估。\n"
        "3.清理工作2017年9月底前完成、3月底前完成复核。\n"
        # a deadline in another year, in a plan whose title names its years: the plan's year stays unknown (round 18
        # dates a plan whose dated deadlines all fall in one year by that year; round 25 one that names no period by
        # the earliest)
        "4.评估工作2018年6月底前完成。\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2017-06-30", "2017-09-30", "2017-11-30"]
    # another sentence, or an earlier month: the sentence's year is not carried over
    assert [d["date"] for d in items[(1, 2)]["deadlines"]][0] == "2017-06-30"
    assert "2017-09-30" not in [d["date"] for d in items[(1, 2)]["deadlines"]]
    assert "2017-03-31" not in [d["date"] for d in items[(1, 3)]["deadlines"]]


# --- conventions read in real plans of other places (short quoted phrases; the rest of each example is ours) ---


def test_note_sentence_after_a_labelled_unit_list():
    # 四川省“十四五”现代流通体系建设实施方案 (2022): the note after the list is not a unit
    items = _parse(
        "某省实施方案\n"
        "一、深化现代流通市场化改革\n"
        "(一)加强市场体系建设。推进高标准市场体系建设。〔责任单位:省发展改革委、省市场监管局、商务厅、省大数据中心按职责分工负责。"
        "具体任务均涉及相关市(州)人民政府,不再做分工,下同。〕\n"
        "(二)优化市场准入环境。实施“证照分离”改革全覆盖。〔责任单位:省市场监管局〕\n"
    )
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["省发展改革委", "省市场监管局", "商务厅", "省大数据中心"]
    assert items[(1, 1)]["lead_units"] == []


def test_two_labels_in_one_bracket_separated_by_spaces():
    # 西宁市加快流通业发展实施意见 (2017): 「(牵头单位:市商务局  责任单位:市编办、…)」
    items = _parse(
        "某市实施意见\n"
        "一、深化流通体制改革\n"
        "1.提高流通管理部门管理效能。建立分工明确的流通管理体制。(牵头单位:市商务局  责任单位:市编办、市发改委、市法制办、各区县政府)\n"
        "2.规范商贸流通市场秩序。加快建立长效机制。(牵头单位:市市场监管局)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市商务局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市编办", "市发改委", "市法制办", "各区县政府"]


def test_lead_and_helping_departments_labelled_bu_men():
    # 兴平市“十四五”规划纲要任务分工方案 (2022): 牵头部门 / 配合部门, a collective 各镇办
    items = _parse(
        "某市任务分工方案\n"
        "一、目标定位\n"
        "1.聚力建设都市圈核心区。(牵头部门:市发改局,配合部门:市级相关部门,各镇办)\n"
        "2.争创产业聚焦转型先行区。(牵头部门:市招商局,配合部门:市发改局、工信局、商务局、工业园区等,各镇办)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发改局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市发改局", "工信局", "商务局", "工业园区", "各镇办"]


def test_ten_day_periods_of_a_month():
    # 开化县2023年度重点工作清单: 「①2月上旬前,完成设计招标。②3月底前,完成图纸深化设计。」
    items = _parse(
        "某县2023年度重点工作清单\n"
        "一、重点项目\n"
        "1.启动综合体建设。2月上旬前,完成设计招标;3月中旬前完成图纸审查;2023年4月下旬开工建设。\n"
        "2.推进园区建设。3月底前,完成图纸深化设计。\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-02-10", "2023-03-20", "2023-04-30"]


def test_year_less_half_years_and_quarters():
    items = _parse(
        "某市2023年工作要点\n"
        "一、减税降费\n"
        "1.落实减税降费。上半年完成政策梳理,三季度末前全面落实。(市税务局牵头)\n"
        "2.开展季度调度。每季度完成一次调度,去年上半年完成的项目开展回头看。(市发改委牵头)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30", "2023-09-30"]
    assert items[(1, 2)]["deadlines"] == []


def test_fields_after_the_unit_bracket():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、优化营商环境\n"
        "1.加强信用监管。推进信用分级分类监管。(牵头单位:市发改委;配合单位:市直有关部门、各县区)时间节点:2023年底\n"
        "2.开展营商环境评价。(市营商局,市直各有关部门按职责分工负责)完成时限:长期坚持\n"
        "3.推进信用修复。(市发改委牵头;各县(市、区)政府负责)完成时限:2023.6\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市直有关部门", "各县区"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-12-31"]
    assert [d["kind"] for d in items[(1, 2)]["deadlines"]] == ["ongoing"]
    assert mention_names(items[(1, 3)]["responsible_units"]) == ["各县(市、区)政府"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2023-06-30"]


def test_closing_sentence_that_only_assigns_the_task():
    items = _parse(
        "某市工作方案\n"
        "一、重点任务\n"
        "1.推进外贸稳增长。制定外贸稳增长措施。由市商务局牵头,市发改委、市财政局配合。\n"
        "2.推进老旧小区改造。此项工作由市住建局负责。\n"
        "3.推进数字政府建设。由各地区要抓好落实。\n"
        "4.推进项目建设。由市发改委牵头制定方案,各县(市、区)政府落实。\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市商务局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市发改委", "市财政局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市住建局"]
    # a sentence that does more than name units is the task's text, not an assignment
    assert items[(1, 3)]["lead_units"] == [] and items[(1, 3)]["responsible_units"] == []
    assert "由市发改委牵头制定方案" in items[(1, 4)]["text"] and items[(1, 4)]["responsible_units"] == []
    # (round 18: the one 「由X牵头…」 clause of a task that names no roles otherwise gives its lead)
    assert mention_names(items[(1, 4)]["lead_units"]) == ["市发改委"]


# --- tables: a 序号 merged over the rows of one task, a lead column that marks its lead ---

_MERGED_HEADER = ["序号", "重点任务", "具体措施", "牵头领导", "牵头单位", "配合单位", "完成时限"]


def _check_merged_number_table(items: dict) -> None:
    assert sorted(items) == [(1,), (2,)]
    first = items[(1,)]
    assert "跨省通办" in first["text"]  # the second row of the task stays with it
    assert mention_names(first["lead_units"]) == ["市政务服务局"]  # repeated on both rows, named once
    assert mention_names(first["responsible_units"]) == ["市直有关部门", "市公安局"]
    assert [d["date"] for d in first["deadlines"]] == ["2023-12-31", "2023-06-30"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市发改委"]


def test_html_table_with_a_number_merged_over_the_rows_of_one_task():
    html = (
        "<html><body><p>某市2023年重点工作任务分解表</p><table>"
        "<tr>" + "".join(f"<th>{h}</th>" for h in _MERGED_HEADER) + "</tr>"
        "<tr><td rowspan='2'>1</td><td rowspan='2'>优化政务服务</td><td>推行“一网通办”。</td><td>张三</td>"
        "<td>市政务服务局</td><td>市直有关部门</td><td>2023年底</td></tr>"
        "<tr><td>推进“跨省通办”。</td><td>张三</td><td>市政务服务局</td><td>市公安局</td><td>2023.6</td></tr>"
        "<tr><td>2</td><td>推进项目建设</td><td>新开工项目100个。</td><td>王五</td><td>市发改委</td><td></td><td>长期坚持</td></tr>"
        "</table></body></html>"
    )
    _check_merged_number_table(items_by_path(html.encode("utf-8"), filename="plan.html"))


def test_docx_table_with_a_number_merged_over_the_rows_of_one_task(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某市2023年重点工作任务分解表")
    table = document.add_table(rows=4, cols=len(_MERGED_HEADER))
    rows = [
        _MERGED_HEADER,
        ["1", "优化政务服务", "推行“一网通办”。", "张三", "市政务服务局", "市直有关部门", "2023年底"],
        ["", "", "推进“跨省通办”。", "张三", "市政务服务局", "市公安局", "2023.6"],
        ["2", "推进项目建设", "新开工项目100个。", "王五", "市发改委", "", "长期坚持"],
    ]
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            if value:
                cell.text = value
    for column in (0, 1):
        table.cell(1, column).merge(table.cell(2, column))
    path = tmp_path / "plan.docx"
    document.save(path)
    _check_merged_number_table(items_by_path(path))


def test_lead_column_that_marks_its_lead():
    items = _parse(
        "某市重点工作任务分解表\n"
        "序号\t重点任务\t牵头单位\t配合单位\n"
        "1\t加强信用监管,推进信用分级分类监管。\t市发改委(牵头)、市市场监管局\t各县(市、区)政府\n"
        "2\t推进项目建设,新开工项目100个。\t市发改委、市住建局\t各县(市、区)政府\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市发改委"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市市场监管局", "各县(市、区)政府"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市发改委", "市住建局"]


def test_year_less_dates_with_a_day_and_months_written_yue_fen():
    items = _parse(
        "某市2023年工作要点\n"
        "一、重点任务\n"
        "1.开展清理。6月30日前完成清理,12月31日前完成验收。(市司法局牵头)\n"
        "2.推进改造。9月份完成改造。(市住建局牵头)\n"
        "3.报送进展。每月15日前报送进展。(市政府办公室牵头)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30", "2023-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-09-30"]
    assert items[(1, 3)]["deadlines"] == []  # recurring, not a deadline


def test_end_of_a_year_followed_by_what_is_due_then():
    items = _parse(
        "某市2023年工作要点\n"
        "一、重点项目\n"
        "1.推进枢纽建设。力争2023年底建成投用。(市交通局牵头)\n"
        "2.扩大有效投资。固定资产投资比2022年底增长10%。(市发改委牵头)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-12-31"]
    assert items[(1, 2)]["deadlines"] == []


# --- other wordings of who leads ---


def test_other_words_for_the_lead_in_a_bracket():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。(市市场监管局主责,市公安局配合)\n"
        "2.推进审批改革。全面提速。(市住建局为牵头单位,市自然资源局为配合单位)\n"
        "3.推进信用建设。完善机制。(牵头:市发改委;配合:市人民银行)\n"
        "4.推进要素保障。强化用地。(市自然资源局会同市发改委负责)\n"
        "5.推进人才引进。完善政策。(主办:市人社局;协办:市教育局)\n"
        "6.推进招商引资。加大力度。(市商务局负总责,各县区配合)\n"
    )
    expected = {
        1: ("市市场监管局", "市公安局"), 2: ("市住建局", "市自然资源局"), 3: ("市发改委", "市人民银行"),
        4: ("市自然资源局", "市发改委"), 5: ("市人社局", "市教育局"), 6: ("市商务局", "各县区"),
    }
    for number, (lead, other) in expected.items():
        assert mention_names(items[(1, number)]["lead_units"]) == [lead]
        assert mention_names(items[(1, number)]["responsible_units"]) == [other]


def test_unit_field_whose_value_states_the_roles():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进数据共享。完善平台。(责任单位:市大数据局为牵头单位,市公安局、市民政局为配合单位)\n"
        "2.推进企业开办。全程网办。\n"
        "责任单位:市市场监管局牵头,市公安局、市税务局配合\n"
        "3.推进城市更新。加快改造。\n"
        "责任市领导:张三;责任单位:市住建局\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市大数据局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公安局", "市民政局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1, 3)]["responsible_units"]) == ["市住建局"]  # the leader is a person
    assert "张三" not in items[(1, 3)]["text"]


def _check_two_row_header(items: dict) -> None:
    assert mention_names(items[(1,)]["lead_units"]) == ["区政务服务中心"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["区直各部门"]
    assert mention_names(items[(2,)]["lead_units"]) == ["区工信局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["区自然资源局", "各街道"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2024-06-30"]
    assert "配合" not in items[(1,)]["text"]


def test_html_table_with_a_two_row_header():
    html = (
        "<html><body><p>某区2024年重点工作任务清单</p><table>"
        "<tr><td rowspan='2'>序号</td><td rowspan='2'>工作任务</td><td colspan='2'>责任单位</td><td rowspan='2'>完成时限</td></tr>"
        "<tr><td>牵头</td><td>配合</td></tr>"
        "<tr><td>1</td><td>推进政务服务标准化。</td><td>区政务服务中心</td><td>区直各部门</td><td>2024年6月底前</td></tr>"
        "<tr><td>2</td><td>推进工业园区扩区。</td><td>区工信局</td><td>区自然资源局、各街道</td><td>年底前</td></tr>"
        "</table></body></html>"
    )
    _check_two_row_header(items_by_path(html.encode("utf-8"), filename="plan.html"))


def test_docx_table_with_a_two_row_header(tmp_path):
    from docx import Document

    document = Document()
    document.add_paragraph("某区2024年重点工作任务清单")
    rows = [
        ["序号", "工作任务", "责任单位", "", "完成时限"],
        ["", "", "牵头", "配合", ""],
        ["1", "推进政务服务标准化。", "区政务服务中心", "区直各部门", "2024年6月底前"],
        ["2", "推进工业园区扩区。", "区工信局", "区自然资源局、各街道", "年底前"],
    ]
    table = document.add_table(rows=len(rows), cols=5)
    for row, values in zip(table.rows, rows):
        for cell, value in zip(row.cells, values):
            if value:
                cell.text = value
    table.cell(0, 2).merge(table.cell(0, 3))
    for column in (0, 1, 4):
        table.cell(0, column).merge(table.cell(1, column))
    path = tmp_path / "plan.docx"
    document.save(path)
    _check_two_row_header(items_by_path(path))


def test_dates_followed_by_what_is_due_then():
    items = _parse(
        "某市2023年重点项目推进方案\n"
        "一、重点项目\n"
        "1.推进体育中心建设。项目2023年6月30日完成验收。(市体育局牵头)\n"
        "2.推进地铁建设。一期工程2023年9月建成投用。(市交通局牵头)\n"
        "3.推进管网改造。计划2024年完成改造。(市住建局牵头)\n"
        "4.落实支持政策。执行2023年3月23日印发的办法,巩固2022年完成的改造成果。(市财政局牵头)\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-09-30"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2024-12-31"]
    assert items[(1, 4)]["deadlines"] == []  # a document's date and a look back are not deadlines


# --- numbering ---


def test_decimal_outline_numbering():
    items = _parse(
        "某市工作方案\n"
        "1 总体要求\n"
        "1.1 推进企业开办。全程网办。(市市场监管局牵头)\n"
        "1.2 推进审批改革。12 月底前完成,办理时间压缩至2.5 个工作日。(市住建局牵头)\n"
        "2 重点任务\n"
        "2.1 推进信用建设。(市发改委牵头)\n"
        "2.1.1 建立信用档案。(市发改委牵头)\n"
        "2.2 推进数据共享。(市大数据局牵头)\n"
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 1, 1), (2, 2)]
    assert items[(2, 1)]["number"] == "2.1"
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住建局"]


def test_half_bracket_and_roman_numbering():
    items = _parse(
        "某市工作方案\n"
        "Ⅰ、重点任务\n"
        "1)推进企业开办。全程网办。(市市场监管局牵头)\n"
        "2)推进审批改革。全面提速。(市住建局牵头)\n"
        "Ⅱ、保障措施\n"
        "1)加强组织领导。(市营商局牵头)\n"
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住建局"]


def test_more_role_words_and_separators_between_roles():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。(市发改委牵头、市财政局配合)\n"
        "2.推进审批改革。全面提速。(市发改委牵头负责,市财政局协助)\n"
        "3.推进信用建设。完善机制。(市发改委牵头,各县区具体落实)\n"
        "4.推进要素保障。强化用地。(市自然资源局牵头,市发改委协同)\n"
        "5.推进人才引进。完善政策。(市人社局牵头,各县(市、区)人民政府组织实施)\n"
        "6.推进园区建设。提升功能。(市工信局牵头 市财政局配合)\n"
        "7.推进数字政府。提升效率。(市大数据局牵头,市直各部门支持配合)\n"
    )
    expected = {
        1: ("市发改委", "市财政局"), 2: ("市发改委", "市财政局"), 3: ("市发改委", "各县区"),
        4: ("市自然资源局", "市发改委"), 5: ("市人社局", "各县(市、区)人民政府"), 6: ("市工信局", "市财政局"),
        7: ("市大数据局", "市直各部门"),
    }
    for number, (lead, other) in expected.items():
        assert mention_names(items[(1, number)]["lead_units"]) == [lead]
        assert mention_names(items[(1, number)]["responsible_units"]) == [other]


def test_generic_noun_after_deng_is_no_unit():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进招商引资。加大力度。(市商务局等部门负责)\n"
        "2.推进市场化运作。(省发展改革委、水利厅等省有关部门和各地级以上市人民政府按职责分工负责)\n"
    )
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市商务局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["省发展改革委", "水利厅", "省有关部门", "各地级以上市人民政府"]


def test_table_headers_with_a_note_a_person_column_and_responsible_bodies():
    html = (
        "<html><body><p>某县2024年重点工作任务清单</p><table>"
        "<tr><td>序号</td><td>工作任务</td><td>责任单位(列第一位的为牵头单位)</td><td>具体责任人</td><td>责任主体</td>"
        "<td>完成时限</td></tr>"
        "<tr><td>1</td><td>推进政务服务标准化。</td><td>县政务服务中心、县直各部门</td><td>张三</td><td></td><td>2024年6月底前</td></tr>"
        "<tr><td>2</td><td>推进工业园区扩区。</td><td>县工信局</td><td>李四</td><td>各乡镇</td><td>年底前</td></tr>"
        "</table></body></html>"
    )
    items = items_by_path(html.encode("utf-8"), filename="plan.html")
    assert mention_names(items[(1,)]["lead_units"]) == ["县政务服务中心"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["县直各部门"]
    assert "张三" not in items[(1,)]["text"]  # a person, not the task's text nor a unit
    assert mention_names(items[(2,)]["lead_units"]) == ["县工信局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["各乡镇"]


def test_schedule_cell_written_in_sentences():
    # 开化县2023年度重点工作清单: a 进度安排 column whose cells are steps ①②③ with their dates
    items = _parse(
        "某县2023年度重点工作清单\n"
        "序号 | 工作事项 | 进度安排 | 完成情况 |\n"
        "1 | 壮大金融服务业。 | ①3月底前,召开金融联席会议,明确2023年金融指标增长目标。②5月底前,召开政银企对接会。 | 达序推进 |\n"
        "2 | 推进综合体建设。 | 2023年6月 | 达序推进 |\n"
    )
    assert sorted(items) == [(1,), (2,)]  # the steps of a schedule cell are not items
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2023-03-31", "2023-05-31"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-06-30"]


def test_deadline_fields_with_a_span_of_years_and_more_kinds():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进老旧小区改造。\n牵头单位:市住建局\n完成时限:2023—2025年\n"
        "2.推进信用监管。\n牵头单位:市发改委\n完成时限:常态化\n"
        "3.推进政务公开。\n牵头单位:市政府办公室\n完成时限:持续开展\n"
        "4.推进管网改造。\n牵头单位:市住建局\n完成时限:本年度内\n"
        "5.推进园区扩区。力争三年内完成扩区,半年内完成规划。\n牵头单位:市工信局\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2025-12-31"]
    assert [d["kind"] for d in items[(1, 2)]["deadlines"]] == ["ongoing"]
    assert [d["kind"] for d in items[(1, 3)]["deadlines"]] == ["scheduled"]
    assert [d["date"] for d in items[(1, 4)]["deadlines"]] == ["2023-12-31"]
    assert items[(1, 5)]["deadlines"] == []  # 三年内 / 半年内 are spans, not this year's end


def test_bodies_named_xie_and_universities():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进科普惠民。(市科协牵头,某某大学、市政协办公室配合)\n"
        "2.推进人才引进。(市人社局牵头,某某大学配合)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市科协"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["某某大学", "市政协办公室"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["某某大学"]


def test_flat_table_cells_separated_by_single_spaces_with_a_leader_column():
    items = _parse(
        "某区2024年重点工作任务分解表\n"
        "序号\t重点任务\t牵头领导\t牵头单位\t配合单位\t完成时限\n"
        "1\t推进政务服务标准化,网上可办率达到95%。\t张三\t区政务服务中心\t区直各部门\t2024年6月底前\n"
        "2\t推进工业园区扩区。\t李四\t区工信局(牵头)、区自然资源局\t各街道\t年底前\n"
        "3\t推进农村改厕,新改建户厕500户。\t王五\t区农业农村局\t各镇街\t长期坚持\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["区政务服务中心"]
    assert "张三" not in items[(1,)]["text"]
    assert mention_names(items[(2,)]["lead_units"]) == ["区工信局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["区自然资源局", "各街道"]
    assert mention_names(items[(3,)]["lead_units"]) == ["区农业农村局"]
    assert [d["kind"] for d in items[(3,)]["deadlines"]] == ["ongoing"]


def test_flat_table_row_with_an_empty_cell_and_leaders_named_between_text_and_units():
    items = _parse(
        "某区2024年重点工作任务分解表\n"
        "序号\t重点任务\t牵头领导\t牵头单位\t配合单位\t完成时限\n"
        "1\t推进政务服务标准化,网上可办率达到95%。\t张三\t区政务服务中心\t\t2024年6月底前\n"
        "2\t推进工业园区扩区。\t李四、赵六\t区工信局\t区自然资源局、各镇街\t年底前\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["区政务服务中心"]
    assert "张三" not in items[(1,)]["text"]
    assert mention_names(items[(2,)]["lead_units"]) == ["区工信局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["区自然资源局", "各镇街"]
    assert "李四" not in items[(2,)]["text"]


def test_duty_note_in_brackets_after_a_unit_list():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。\n"
        "责任单位:市市场监管局、市公安局(按职责分工负责)\n"
        "2.推进信用建设。完善机制。(责任单位:市发改委、人行某某中心支行等相关单位)\n"
    )
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市市场监管局", "市公安局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市发改委", "人行某某中心支行"]


def test_flat_table_header_with_a_bracketed_note():
    items = _parse(
        "某县2024年重点工作任务清单\n"
        "序号\t主要任务\t责任单位 (列第一位为牵头单位)\t完成时限\n"
        "1\t推进政务服务标准化。\t县政务服务中心、县直各部门\t2024年6月底前\n"
        "2\t推进工业园区扩区。\t县工信局、县自然资源局\t年底前\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["县政务服务中心"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县工信局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["县自然资源局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2024-06-30"]


def test_labels_after_a_comma_and_a_year_and_month_written_with_a_dot():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进企业开办,全程网办,牵头单位:市市场监管局,责任单位:市公安局\n"
        "2.推进审批改革。项目2023.6月底前完成验收,投资2023.5万元,明确牵头单位和责任单位。\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公安局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-06-30"]
    assert items[(1, 2)]["lead_units"] == []


def test_lead_line_under_a_section_heading_applies_to_its_items():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、优化政务服务\n"
        "(一)推进审批提速\n"
        "牵头单位:市政务服务局\n"
        "责任单位:市直各部门\n"
        "1.推行告知承诺制。\n"
        "2.推行并联审批。(市住建局牵头)\n"
        "(二)推进信用建设\n"
        "1.建立信用档案。\n"
        "牵头单位:市发改委\n"
        "2.开展信用修复。\n"
    )
    assert mention_names(items[(1, 1, 1)]["lead_units"]) == ["市政务服务局"]
    assert mention_names(items[(1, 1, 2)]["lead_units"]) == ["市住建局"]  # an item's own lead comes first
    assert items[(1, 2, 2)]["lead_units"] == []  # a task's lead is not its sibling's


def test_more_deadline_labels():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进审批改革。全面提速。(牵头单位:市住建局;截止时间:2023年9月30日)\n"
        "2.推进要素保障。强化用地。(责任单位:市自然资源局;完成日期:2023年12月31日)\n"
        "3.推进人才引进。完善政策。\n责任单位:市人社局\n办结时限:2023年10月底\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市住建局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-09-30"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市自然资源局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2023-12-31"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2023-10-31"]
    assert "办结时限" not in items[(1, 3)]["text"]


def test_bare_unit_brackets_in_a_plan_that_says_the_first_unit_leads():
    items = _parse(
        "某市2023年优化营商环境实施意见\n"
        "各项任务括号内第一个单位为牵头单位。\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。(市市场监管局、市公安局、市税务局)\n"
        "2.推进审批改革。全面提速。(市住建局)\n"
        "3.推进信用建设。完善机制(试点)。\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公安局", "市税务局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住建局"]
    assert items[(1, 3)]["lead_units"] == [] and items[(1, 3)]["responsible_units"] == []


def test_bare_unit_brackets_without_the_note_name_no_unit():
    items = _parse(
        "某市2023年优化营商环境实施意见\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。(市市场监管局、市公安局)\n"
        "2.推进审批改革。全面提速。(市住建局)\n"
    )
    assert items[(1, 2)]["lead_units"] == [] and items[(1, 2)]["responsible_units"] == []


def test_unit_list_that_names_its_lead_afterwards():
    items = _parse(
        "某市2023年重点任务分工方案\n"
        "一、重点任务\n"
        "1.推进企业开办。全程网办。\n"
        "责任单位:市市场监管局、市公安局、市税务局(市市场监管局牵头)\n"
        "2.推进审批改革。全面提速。(责任单位:市住建局、市自然资源局,其中市住建局为牵头单位)\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公安局", "市税务局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住建局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市自然资源局"]


def test_quarters_written_in_figures():
    items = _parse(
        "某市2023年工作要点\n"
        "一、重点任务\n"
        "1.推进项目建设。2023年第3季度前完成主体工程。(市发改委牵头)\n"
        "2.加强资金监管。2023年第3季度对预算内投资完成情况进行检查。(市财政局牵头)\n"
        "3.推进园区建设。\n牵头单位:市工信局\n完成时限:2024年第4季度\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-09-30"]
    assert items[(1, 2)]["deadlines"] == []  # when a check takes place, not a deadline
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2024-12-31"]
