"""The same plan in the other shapes a user pastes or uploads (bench/bench_plans_variants.py): a table typed in
traditional characters, a plan whose line breaks were lost, full-width digits, blank lines… Each test is a
constructed example of one general class the variants bench showed, and the last one holds the bench itself
to the measured levels on a fast subset."""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan

from .parsing_helpers import items_by_path, mention_names


def _table_html(rows: list[list[str]]) -> bytes:
    cells = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in row) + "</tr>" for row in rows)
    return f"<html><body><p>某市2023年重點任務分工方案</p><table>{cells}</table></body></html>".encode()


def test_a_table_typed_in_traditional_characters_keeps_its_columns():
    # 序號 / 工作任務 / 牽頭單位 are the header words 序号 / 工作任务 / 牵头单位: the table is read before the document
    # is converted to simplified characters, so its header and field cells are converted first. (A two-column
    # task list has no flattened fallback: unread, its rows lose their numbers.)
    rows = [
        ["序號", "工作任務"],
        ["一、縣發展改革局牽頭工作(2項)"],
        ["1", "推行企業開辦全程網辦,2023年6月底前實現1個工作日內辦結。"],
        ["2", "優化納稅服務,推行非接觸式辦稅。"],
    ]
    plan = parse_plan(_table_html(rows), filename="plan.html")
    items = {tuple(item["path"]): item for item in iter_items(plan)}
    assert list(items) == [(1,), (1, 1), (1, 2)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县发展改革局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30"]
    assert plan["cleanup"]["traditional_converted"]  # the task cells are still converted with the text


def test_the_field_cells_of_a_traditional_table_are_read_in_simplified_characters():
    rows = [
        ["序號", "重點工作", "責任領導", "責任科室", "完成時限"],
        ["1", "推行企業開辦全程網辦。", "張三", "市場監管所", "2023年6月底前"],
        ["2", "優化納稅服務。", "李四", "稅務分局", "2023年12月底前"],
    ]
    items = {tuple(item["path"]): item for item in iter_items(parse_plan(_table_html(rows), filename="plan.html"))}
    assert list(items) == [(1,), (2,)]
    assert mention_names(items[(2,)]["responsible_units"]) == ["税务分局"]
    assert "張三" not in items[(1,)]["text"] and "张三" not in items[(1,)]["text"]


# --- plans whose line breaks were lost ----------------------------------------------------------------------------


def test_a_short_plan_pasted_as_one_paragraph_keeps_its_items():
    # Shorter than the 400 characters that mark a paragraph of lost line breaks by themselves, but it is nearly the
    # whole document: markers run into the text before them are markers all the same.
    text = (
        "某县优化营商环境工作方案\n"
        "为进一步优化营商环境,结合我县实际,制定本方案。一、提升政务服务水平(一)推行企业开办全程网办,"
        "2023年6月底前实现1个工作日内办结。(县市场监管局牵头)(二)优化纳税服务,推行非接触式办税。(县税务局负责)"
        "二、加强要素保障(一)降低用地成本。(县自然资源局牵头)\n"
    )
    items = items_by_path(text)
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县市场监管局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2023-06-30"]


def test_in_a_paragraph_of_lost_breaks_the_colon_that_introduced_the_chapters_is_a_boundary():
    text = (
        "某市人民政府关于进一步稳定和扩大就业的实施意见各区人民政府,市政府各部门:为强化就业优先政策,全面稳就业、保居民就业,"
        "推动实现更加充分更高质量就业,提出如下意见:一、减负稳岗留工并举(一)减轻企业负担。继续阶段性降低失业保险费率,"
        "政策实施至2021年4月30日。(市人力资源社会保障局牵头)(二)稳定就业岗位。对不裁员或少裁员的参保企业实施稳岗返还。"
        "(市人力资源社会保障局、市财政局负责)二、拓宽就业渠道(一)支持灵活就业。(市人力资源社会保障局牵头)"
    )
    items = items_by_path(text)
    assert list(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert items[(1,)]["title"] == "减负稳岗留工并举"


def test_a_field_bracket_run_into_the_next_line_still_closes_its_task():
    # With the line breaks lost, the bracket that closed the task's line runs into what followed it.
    text = (
        "某乡整改实施方案 一、整改内容 1.专项整改问题 (1)脱贫人口指标集中安排给计划退出村。(牵头单位:乡扶贫办;责任单位:各村支部) "
        "整改措施:科学确定脱贫人口指标,避免简单安排。 (2)住房安全方面。有的易地扶贫搬迁建房面积超标。(牵头单位:乡扶贫办、乡村建所) "
        "整改措施:严格控制建房面积。"
    )
    items = items_by_path(text)
    assert mention_names(items[(1, 1, 1)]["lead_units"]) == ["乡扶贫办"]
    assert mention_names(items[(1, 1, 1)]["responsible_units"]) == ["各村支部"]
    assert "整改措施" in items[(1, 1, 1)]["text"] and "牵头单位" not in items[(1, 1, 1)]["text"]
    assert mention_names(items[(1, 1, 2)]["lead_units"]) == ["乡扶贫办", "乡村建所"]


def test_a_heading_that_names_the_lead_run_into_its_opening_paragraph_still_passes_the_lead_down():
    text = (
        "关于推动经济高质量发展的若干政策 为推动经济运行整体好转,制定以下政策。 一、扩大有效投资政策(由县发改局牵头实施) "
        "聚焦重大交通、科技创新等九大工程,着力推进140个左右支撑性项目。 1.加大财政支持力度。县财政统筹安排资金37.4亿元。 "
        "2.加快专项债发行。全年争取专项债券10亿元以上。 二、支持企业创新政策(由县科技局牵头实施) 1.鼓励研发投入。"
    )
    items = items_by_path(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县发改局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县发改局"]
    assert mention_names(items[(2, 1)]["lead_units"]) == ["县科技局"]


def test_a_qualified_helping_label_does_not_run_on_into_the_lead():
    # Two field lines run together on one line: 「牵头责任单位:A 主要协作单位:B」; 主要 belongs to the second label.
    text = (
        "某县2021年政府工作报告任务分解 1.创建国家卫生县城。 牵头责任单位:县卫健委、县民政局 主要协作单位:各乡镇人民政府,县政府有关部门 "
        "2.推广家庭医生签约服务。 牵头责任单位:县卫健委 主要配合单位:县医保局"
    )
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["县卫健委", "县民政局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县卫健委"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["县医保局"]


# --- tables copied as text -----------------------------------------------------------------------------------------

# A 民生实事 table: its task column has a header word of its own (民生实事), a unit cell holds one unit per line, and
# row 2's merged 序号 covers a second stage with its own date.
_PROJECTS = [
    ["序号", "民生实事", "责任单位", "完成时限"],
    ["1", "启动建设东湖湿地公园。", "县水务局\n县住建局", "12月底前"],
    ["2", "开工建设县老年养护楼。", "县民政局", "5月底前动工"],
    ["", "开工建设老年大学。", "", "12月底前"],
    ["3", "新建2座人行天桥。", "县住建局", "9月投入使用"],
]


def _flat(joiner: str) -> str:
    rows = [joiner.join(cell for cell in row if cell or joiner == "|") for row in _PROJECTS]
    return "某县2016年民生实事目标任务分解表\n" + "\n".join(rows) + "\n"


def test_a_flattened_table_whose_task_column_has_an_unknown_name_is_cut_into_its_cells():
    items = items_by_path(
        "某县2016年民生实事目标任务分解表\n序号 民生实事 责任单位 完成时限\n"
        "1 新建2座人行天桥。 县住建局 县交通运输局 9月底前\n2 启动县图书馆新馆建设。县文体广新局12月底前\n"
    )
    assert mention_names(items[(1,)]["responsible_units"]) == ["县住建局", "县交通运输局"]
    assert "县住建局" not in items[(1,)]["text"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2016-12-31"]


def test_a_flattened_row_whose_unit_cell_kept_its_line_breaks_goes_on_over_them():
    for joiner in ("\t", "|"):
        items = items_by_path(_flat(joiner))
        assert list(items) == [(1,), (2,), (3,)], joiner
        assert mention_names(items[(1,)]["responsible_units"]) == ["县水务局", "县住建局"], joiner
        assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2016-12-31"], joiner


def test_a_numberless_row_with_its_own_date_is_the_second_stage_of_the_task_above():
    for joiner in ("\t", "|"):
        items = items_by_path(_flat(joiner))
        # 5月底前动工: a date cell that says what is due then
        assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2016-05-31", "2016-12-31"], joiner
        assert mention_names(items[(2,)]["responsible_units"]) == ["县民政局"], joiner
        assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2016-09-30"], joiner


def test_a_flattened_task_list_of_two_columns_keeps_its_numbered_rows():
    # 序号 / 工作任务 and no field column: only a header followed by rows numbered 1, 2 makes it a table.
    rows = [["序号", "工作任务"], ["一、县发展改革局牵头工作(3项)"], ["1", "投资3000万元建设养殖基地。"], ["2", "打造食用菌生产基地。"], ["3", "建设3个劳动密集型产业园。"]]
    copies = {
        "run together": "\n".join(" ".join(row) if index == 0 else "".join(row) for index, row in enumerate(rows)),
        "tab": "\n".join("\t".join(row) for row in rows),
        "bar": "\n".join("|".join(row) for row in rows),
        "one cell per line": "\n".join(cell for row in rows for cell in row),
    }
    for shape, table in copies.items():
        items = items_by_path("2025年县政府工作报告任务清单\n" + table + "\n")
        assert list(items) == [(1,), (1, 1), (1, 2), (1, 3)], shape
        assert mention_names(items[(1, 2)]["lead_units"]) == ["县发展改革局"], shape
        assert items[(1, 1)]["text"] == "投资3000万元建设养殖基地。", shape


def test_two_header_words_without_numbered_rows_stay_text():
    text = "某县工作方案\n序号 工作任务\n一、加强组织领导\n各单位要高度重视。\n二、强化督查\n县政府督查室定期通报。\n"
    items = items_by_path(text)
    assert list(items) == [(1,), (2,)]


def test_a_run_together_row_whose_last_cell_is_a_note_keeps_its_lead_unit():
    text = (
        "2022年度民生实事项目进度表\n序号 项目内容 当前进度 牵头单位 备注\n"
        "1建设四好农村路55公里。95%县交通局县民生实事\n2新增16个文化驿站。98%县文广旅体局市民生实事\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(1,)]["lead_units"]) == ["县交通局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["县文广旅体局"]
    assert "民生实事" not in items[(2,)]["text"]


def test_a_run_together_row_whose_last_cell_divides_the_work_keeps_its_roles():
    text = (
        "某省2013年政府工作报告重点工作责任分工\n序号 重点工作 责任分工\n"
        "1地区生产总值增长11%左右。省发改委负责\n2公共财政收入增长13%左右。省财政厅主办,省国税局、省地税局协办\n"
    )
    items = items_by_path(text)
    assert mention_names(items[(2,)]["lead_units"]) == ["省财政厅"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["省国税局", "省地税局"]
    assert items[(1,)]["text"] == "地区生产总值增长11%左右。"


# --- full-width forms ----------------------------------------------------------------------------------------------


def test_full_width_digits_beside_a_stray_question_mark_are_not_read_as_mojibake():
    from yingshang.plans.parsing.cleanup import clean_text

    # A 「?」 (a lost character) makes the line suspect; re-read one byte out of step, ２０１９ gives 玻埃保鼓 —
    # common characters, but no repair: full-width forms are ordinary text.
    line = "?２０１９年建成典農河至沙湖旅遊公路、國道３４４線吳忠至靈武段等項目;"
    assert clean_text(line).text.startswith("2019年建成典农河至沙湖旅游公路")
    text = "某市２０１９年工作计划\n一、道路畅通工程\n1.加快建设快速通道。\n" + line + "(市交通运输局牵头)\n2.推进公交一体化。\n"
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2019-12-31"]


# --- blank lines ---------------------------------------------------------------------------------------------------


def test_blank_lines_between_a_chapter_heading_and_its_paragraph_keep_the_paragraph_with_the_chapter():
    # An excerpt that stops before the chapter's (一): the heading names its lead, the paragraph under it is the
    # chapter's own (with its deadline), not a closing note — with or without a blank line between them.
    body = ["关于推动经济高质量发展若干政策举措", "一、强化科技创新(区科技局牵头)", "加快培育发展新质生产力。2025年底前,全社会研发投入强度达到2.95%。"]
    for separator in ("\n", "\n\n"):
        items = items_by_path(separator.join(body) + "\n")
        assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-12-31"], repr(separator)
        assert "新质生产力" in items[(1,)]["text"], repr(separator)


def test_in_one_paragraph_the_next_number_run_into_a_figure_starts_the_next_item():
    # 「2.50个小区…」 at a line start is item 2 (its task opens with a figure); run into the paragraph it is too, when
    # 2 is the next number of the open list.
    text = (
        "2022年区政府要完成的实事 1.既有多层住宅加装电梯新增400台、完工200台。 2.50个小区新增电动自行车充电设施;"
        "为10个老旧小区实施消防设施改造。 3.开设40个小学生爱心暑托班办班点。 4.60个居村综合文化活动室提供不少于2300场文化活动。"
    )
    items = items_by_path(text)
    assert list(items) == [(1,), (2,), (3,), (4,)]
    assert items[(2,)]["text"].startswith("50个小区")


def test_a_year_after_a_heading_run_into_its_paragraph_still_opens_the_clause():
    # 「二、目标任务」 then 「2020年底,城区…」 on the next line; with the lines joined by spaces the year follows the
    # heading after a space — it still opens the paragraph's first clause.
    text = (
        "某市优化营商环境实施方案 一、总体要求 以提升治理能力现代化为目标,持续优化营商环境。 "
        "二、目标任务 2020年底,城区开办企业、获得电力、纳税等特色指标进入全省前列。 三、保障措施 加强组织领导。"
    )
    items = items_by_path(text)
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2020-12-31"]
    # a year inside a sentence after a space is no heading's: 「推进 2020年项目」 stays as it was
    assert items_by_path("某市方案\n一、推进项目建设\n全面推进 2018年,全市新开工项目。\n二、加强保障\n")[(1,)]["deadlines"] == []


# --- the variants bench, held at its measured levels ---------------------------------------------------------------

# variant → (items, lead units, deadlines) right in the copies of the parts LEVELS_MEASURED_ON (below), all together:
# the levels first measured when the fixes above were made (docs/benchmarks.md, "Shape variants of the annotated
# plans"), raised to what the parser gets on the same parts on 2026-12-06. Counts, not rates. Left out to keep the test
# fast: fw_date_digits (within fw_digits), simplified (the parser converts anyway), the ASCII variants (the fixtures
# have no full-width forms to make ASCII).
VARIANT_LEVELS = {
    "joined": (521, 148, 64),
    "joined_space": (531, 153, 81),
    "blank_lines": (642, 207, 143),
    "indent": (979, 292, 187),
    "crlf": (979, 292, 187),
    "fw_digits": (1195, 388, 242),
    "fw_punct": (1183, 375, 242),
    "traditional": (1169, 380, 238),
    "flat": (192, 71, 38),
    "flat_tab": (259, 119, 70),
    "flat_space": (245, 104, 54),
    "flat_pipe": (256, 112, 66),
    "cell_lines": (256, 110, 60),
    "html": (107, 48, 37),
    "docx": (193, 94, 48),
    # every table spec printed to a ruled PDF (reportlab) and read back through pdf_tables (round 16)
    "pdf": (258, 118, 69),
    # the same as a 三线表 (no vertical rules), read by the gaps between the words
    "pdf_3line": (240, 94, 55),
}


# The parts the levels were measured on. A part added since can only add to the counts: counting it would hide a loss on
# these behind a gain elsewhere, and it cost the suite minutes a round (`make bench` copies every part).
LEVELS_MEASURED_ON = {"dev", "heldout", *(f"heldout{number}" for number in range(3, 18))}


def test_the_shape_variants_of_the_annotated_plans_keep_their_measured_levels():
    from bench.bench_plans_variants import below_levels

    below = below_levels(VARIANT_LEVELS, LEVELS_MEASURED_ON)
    assert not below, f"variants below their measured levels (python -m bench.bench_plans_variants --show): {below}"
