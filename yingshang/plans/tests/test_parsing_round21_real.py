"""Conventions of round 21, from real plans collected blind (heldout18) and scored once: a page's controls run on to
the first chapter of a plan that lost its line breaks, OCR's (-) for (一) inside a line, items starred by the plan's
own key (1*.), and a long section row of a table copied one cell per line. Each example is constructed for the test,
never copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing.cleanup import clean_text

from .parsing_helpers import items_by_path, mention_names


# A county page pasted as one paragraph: the page's date, view count, source and font-size switch run straight on to
# 「一、总体要求」, and the chapters, sections and points follow without a break.
_PAGE_CONTROLS = (
    "日期:2021-04-12浏览量:86来源:县政府办文字大小:大中小一、 总体要求以提升基层政务公开质量为目标,坚持需求导向。"
    "二、主要任务(一)规范重点领域公开1.2021年6月底前,各乡镇编制政务公开事项目录。2.2021年9月底前完成目录上网。"
    "(二)加强平台建设1.整合乡镇公开专栏。三、进度安排1.2021年5月底前制定工作方案。2.2021年11月底前组织验收。"
    "四、工作要求1.加强组织领导。2.强化监督考核。"
)


def test_a_plan_run_on_to_the_pages_font_size_switch_keeps_its_chapters():
    items = items_by_path(_PAGE_CONTROLS)
    assert {(1,), (2,), (3,), (4,)} <= set(items)
    assert items[(1,)]["text"].startswith("总体要求")
    assert [d["date"] for d in items[(2, 1, 1)]["deadlines"]] == ["2021-06-30"]
    assert [d["date"] for d in items[(3, 1)]["deadlines"]] == ["2021-05-31"]
    assert [d["date"] for d in items[(3, 2)]["deadlines"]] == ["2021-11-30"]
    assert (4, 2) in items


def test_a_view_count_or_a_print_button_before_the_first_chapter_opens_it_too():
    for controls in ("浏览次数:1024", "【打印本页】", "字号:[大 中 小]"):
        text = (
            f"某县2022年政务公开工作要点发布日期:2022-03-01{controls}一、加强政策解读1.围绕稳经济、促发展的重点政策开展多种"
            "形式的解读,提高解读的针对性和有效性。2.年底前完成全年政策解读质量评估并通报结果。二、做好回应关切1.健全政务舆情"
            "监测研判回应机制,及时回应社会关切。2.每季度通报一次各乡镇各部门回应情况。"
        )
        items = items_by_path(text)
        assert {(1,), (1, 1), (1, 2), (2,), (2, 1), (2, 2)} <= set(items), controls


def test_ocrs_dash_for_the_first_section_inside_a_line_is_read_as_its_numeral():
    # after a chapter's short heading, on a line that lost its breaks
    assert "二、重点任务(一)聚焦三大功能" in clean_text("二、重点任务(-)聚焦三大功能,深化内容建设。").text
    # anywhere else only when a (二) follows it
    assert "以下工作(一)完善制度" in clean_text("抓好以下工作(-)完善制度。(二)加强督查。").text
    assert "指标(-)为暂无数据" in clean_text("指标(-)为暂无数据。").text


def test_items_starred_by_the_plans_own_key_keep_their_numbers():
    text = """某区进一步优化营商环境行动方案
(标*的为首创举措)
一、企业开办
1* .推行“一证多址”改革。(区市场监管局牵头,2022年9月底前完成)
2*.开展住所标准化登记。(区市场监管局牵头)
3.推进准入效能评估。(区发展改革局牵头,2022年12月底前完成)
"""
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3)]
    assert items[(1, 1)]["text"].startswith("推行“一证多址”改革")
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区市场监管局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2022-09-30"]


# A 目标任务 分解表 copied one cell per line: its chapter rows are long (the chapter's fields and the leaders in charge
# follow the heading), and a row's number comes right after each.
_LONG_SECTION_ROWS = """某区2023年区政府工作目标任务落实责任分解表

序号

目标任务

牵头单位

责任单位

一、主要经济社会发展指标、发改、财政、行政审批、生态环境、营商环境、交通、金融、安全生产等工作目标(牵头领导:张某某、李某某、王某某)

1

地区生产总值增长8%。

区发改局

区统计局

2

规上工业增加值增长9%。

区经信局

区统计局

二、重点项目建设、招商引资、园区建设、乡村振兴、城市更新、社会事业、民生保障等工作目标(牵头领导:张某某、李某某、王某某)

3

新签约亿元以上项目40个。

区招商服务中心

各乡镇
"""


def test_a_long_section_row_before_a_rows_number_is_a_section_of_a_one_cell_per_line_table():
    items = items_by_path(_LONG_SECTION_ROWS)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区发改局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区经信局"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["区招商服务中心"]


# A 责任分解表 copied one cell per line whose 区政府分管领导 cell holds three leaders, one per line.
_LEADERS_ONE_PER_LINE = """某区2022年《政府工作报告》主要目标任务责任分解表
序号
目标名称
工作标准
区政府分管领导
牵头单位
配合单位
1
老城复兴样板区
年内完成37个老旧小区改造任务,打造特色街区。
张某某
李某某
王某某
区住建局
各街道,区发改局、区财政局
2
产业园区提质
新增规上工业企业20家。
赵某某
区工信局
区商务局
"""


def test_a_leaders_cell_copied_one_name_per_line_keeps_the_lead_in_its_own_column():
    items = items_by_path(_LEADERS_ONE_PER_LINE)
    assert sorted(items) == [(1,), (2,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["区住建局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["区工信局"]


# A 立法工作计划 copied from Excel: tab rows under two section headings in a row, numbers restarting in each section.
_TAB_ROWS_UNDER_SECTIONS = (
    "某省人民政府2022年立法工作计划\n序号\t立法项目\t起草单位\n一、总体要求\n\t坚持立法服务和保障改革发展稳定大局。\t\n"
    "二、立法项目安排\n(一)需要年内提请省人大常委会初次审议的法规项目。\n1\t《某省电力条例》\t省发展改革委\n"
    "2\t《某省知识产权保护条例》\t省市场监管局\n(二)可以年内提请审议的法规预备项目。\n1\t《某省科学技术普及条例》\t省科技厅、省科协\n"
)
# 序号 ⇥ 工作任务: a two-column list copied from Excel, each row a number, a tab and the task.
_TWO_COLUMN_TAB_LIST = (
    "某局2023年政务公开工作要点\n序号\t工作任务\n一、围绕高质量发展强化信息公开\n1\t进一步强化营商环境专栏建设,推动惠企政策直达快享。\n"
    "二、完善政策发布和推送机制\n1\t按照标签目录明确政策文件的标签分类。\n2\t高质量发布行政规范性文件,显著标识有效性。\n"
)


def test_tab_rows_go_on_under_two_section_headings_in_a_row():
    items = items_by_path(_TAB_ROWS_UNDER_SECTIONS)
    assert {(2, 1, 1), (2, 1, 2), (2, 2, 1)} <= set(items)
    assert items[(2, 1, 2)]["text"].startswith("《某省知识产权保护条例》")


def test_a_number_before_a_tab_numbers_the_row_of_a_two_column_list():
    items = items_by_path(_TWO_COLUMN_TAB_LIST)
    assert sorted(items) == [(1,), (1, 1), (2,), (2, 1), (2, 2)]
    assert items[(2, 2)]["text"].startswith("高质量发布行政规范性文件")


# A 乡村振兴 task table as a web page shows it: a 类别 column merged over each section's rows opening with (一), a
# 责任部门 column whose header says the starred unit leads, a 责任街镇 column and a time without a year.
_STARRED_LEADS_HTML = """<html><body><p>某区2022年乡村振兴重点任务清单</p><table>
<tr><td>类别</td><td>序号</td><td>任务名称</td><td>任务要求及举措</td><td>责任部门<br>(加*号为牵头部门,<br>其余为参与部门)</td><td>责任街镇</td><td>完成时间节点</td></tr>
<tr><td rowspan="2">(一)持续推进示范村建设</td><td>1</td><td>完成示范村建设</td><td>完成1个乡村振兴示范村建设。</td><td>区农业农村委*</td><td>某某镇</td><td>10月底</td></tr>
<tr><td>2</td><td>开展美丽乡村创建</td><td>年内形成若干个美丽乡村典型。</td><td>区规划资源局、区农业农村委*</td><td>某某镇、某某街道</td><td>12月底</td></tr>
<tr><td>(二)全面推进农民集中居住</td><td>3</td><td>加强农房建设管理</td><td>落实新改扩建农房建设监管。</td><td>区建管委*</td><td>各镇</td><td>12月底</td></tr>
</table></body></html>"""


def test_a_header_note_on_starred_units_and_a_category_column_of_paren_numerals():
    items = items_by_path(_STARRED_LEADS_HTML.encode("utf-8"), filename="清单.html")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区农业农村委"]
    assert mention_names(items[(1, 2)]["responsible_units"])[:1] == ["区规划资源局"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["区建管委"]
    # the row's own 完成时间节点 says when; the text's 年内 adds no second deadline
    assert [d["text"] for d in items[(1, 2)]["deadlines"]] == ["12月底"]


def test_the_same_table_copied_with_each_cell_wrapped_over_lines_and_a_bar_after_it():
    cells = [
        "类别", "序号", "任务名称", "任务要求及举措", "责任部门\n(加*号为牵头部门,\n其余为参与部门)", "责任街镇", "完成时间节点",
        "(一)\n持续\n推进\n示范村\n建设", "1", "完成\n示范村建设", "完成1个乡村振兴示范村建设。", "区农业农村委*", "某某镇", "10月底",
        "2", "开展美丽\n乡村创建", "年内形成若干个美丽乡村典型。", "区规划资源局、\n区农业农村委*", "某某镇、\n某某街道", "12月底",
        "(二)\n全面推进\n农民集中居住", "3", "加强农房\n建设管理", "落实新改扩建农房建设监管。", "区建管委*", "各镇", "12月底",
    ]
    text = "某区2022年乡村振兴重点任务清单\n" + "\n|\n".join(cells) + "\n|\n"
    items = items_by_path(text)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert items[(1,)]["text"].startswith("持续推进示范村建设")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区农业农村委"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["区建管委"]


def test_an_items_first_sentence_announcing_a_years_targets_and_a_year_after_a_word_of_resolve_are_due_by_its_end():
    text = """某市2018年政府工作报告重点工作责任分解
一、主要目标
1.全面完成2018年全市经济社会发展预期目标。其中,地区生产总值增长7%左右,城乡居民收入增长与经济增长同步。(牵头单位:市发改委)
2.稳定粮食生产。严格落实粮食安全责任制,确保2018年全市粮食播种面积稳定在300万亩以上。(牵头单位:市农业局)
3.做好统计监测。对照2017年基数按季度分析。(牵头单位:市统计局)
"""
    items = items_by_path(text)
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2018-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2018-12-31"]
    assert items[(1, 3)]["deadlines"] == []  # a base year names no deadline
