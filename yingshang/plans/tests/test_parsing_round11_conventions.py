"""Round 11 conventions of the plan parser, each on a constructed example or a short quoted phrase.

The misses of ``heldout10`` (dev material from round 11 on) as general conventions, first of all real copies of
web tables: cells between bars with a task cell wrapped onto a table line of its own, bars on lines of their
own between cells, excerpts of a longer table whose row numbers do not start at 1.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def test_bar_table_row_wrapped_onto_a_line_of_empty_cells_continues_the_row():
    # 「新增学位810个 | |||||」: the second line of row 1's task cell, copied as a table line whose other cells are
    # empty. It belongs to row 1's task, and the table goes on with rows 2 and 3.
    text = "\n".join([
        "某区2023年民生实事工作任务进展情况",
        "序号 | 工作任务 | 责任单位 | 一季度目标 | 目标完成情况 |",
        "1 | 新改扩建公办中小学校1所 | 区教体局 | 室内安装 | 顺利推进 |",
        "新增学位810个 | |||||",
        "2 | 完成结对帮扶学校2所 | 区教体局 | 互派人员到位 | 顺利推进 |",
        "3 | 随迁子女100%保障入学 | 区教体局 | 公布入学政策 | 顺利推进 |",
    ]) + "\n"
    items = _parse(text)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert "新增学位810个" in items[(1,)]["title"] + items[(1,)].get("body", "")
    assert mention_names(items[(3,)]["responsible_units"]) == ["区教体局"]


def test_excerpt_rows_without_the_merged_group_cell_are_placed_around_their_lead_cell():
    # Rows 24–26 of a longer 民生实事 table, one cell per line with closing bars: the 主要任务 cell is merged over
    # the group and was copied only with an earlier row, so each row is one cell short. The lead cell (城管局)
    # anchors the row; the numbers go on from 24, as in the whole table.
    header = ["序号 |", "主要任务 |", "全年目标任务 |", "分管领导 |", "牵头单位 |", "协同单位 |", "推进情况 |", "是否达序 |"]
    rows = [
        ["24 |", "优化提升50条背街后巷交通组织。 |", "张某某 |", "城管局 |", "市政局、相关街道 |", "已进场施工。 |", "是 |"],
        ["25 |", "新建建筑垃圾中转站8个。 |", "张某某 |", "住建局 |", "各街道 |", "已建成3个。 |", "否 |"],
    ]
    text = "某区2023年重点民生实事项目推进情况\n" + "\n".join(header + [c for row in rows for c in row]) + "\n"
    items = _parse(text)
    assert sorted(items) == [(24,), (25,)]
    assert mention_names(items[(24,)]["lead_units"]) == ["城管局"]
    assert mention_names(items[(25,)]["lead_units"]) == ["住建局"]
    assert mention_names(items[(24,)]["responsible_units"]) == ["市政局", "相关街道"]


def test_bars_on_lines_of_their_own_and_an_unnamed_number_column_after_merged_group_cells():
    # A 政务公开 task list copied from a web page: every cell on its own line with a bar line between cells; the
    # header names no 序号 column, yet each row starts with its bare number after the 工作任务 cell, which is
    # merged over rows 2 and 3 (row 3 has no group cell of its own).
    cells = [
        "工作任务", "具体要求", "责任科室", "时限要求",
        "强化规范性文件公开", "1", "对规范性文件进行全面清理。", "办公室", "年底前",
        "做好主动公开基础工作", "2", "严格规范政府信息公开专栏。", "各科室", "持续推进",
        "3", "规范做好年度报告编制发布工作。", "办公室", "持续推进",
    ]
    items = _parse("\n|\n".join(cells) + "\n|\n")
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["responsible_units"]) == ["办公室"]
    assert [d["text"] for d in items[(1,)]["deadlines"]] == ["年底前"]
    assert [d["kind"] for d in items[(3,)]["deadlines"]] == ["scheduled"]


def test_unit_cells_one_per_space_separated_word_after_the_tasks_last_sentence():
    # A 分解表 copied with one space between cells: after the task's last sentence come exactly as many words as
    # the row has unit columns. The last cell (…党委和人民政府,…示范区、…管委会) is longer than the name grammar reads;
    # it stays whole, and the lead cell is the first word, not a fragment cut from the end of the row.
    text = "\n".join([
        "某市全面推行河长制主要任务分解表",
        "序号 主要任务 细化措施 牵头单位 参与单位 责任单位",
        "1 严守水资源开发利用控制红线 实施双控行动,量水而行。到2020年,全市用水总量控制在11亿立方米以内。 市水利局"
        " 市发展改革委、农业局等 各县(市、区)党委和人民政府,城乡一体化示范区、高新区党工委和管委会",
    ]) + "\n"
    items = _parse(text)
    assert sorted(items) == [(1,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["市水利局"]
    assert "高新区党工委和管委会" in mention_names(items[(1,)]["responsible_units"])


def test_bar_row_that_lost_its_merged_first_cell_moves_back_under_its_columns():
    # 工作任务 | 具体要求 | 责任部门: the 工作任务 cell is merged over rows 2 and 3 and copied only with row 2, so row
    # 3's cells sit one column to the left with an empty last cell; they belong to the last two columns.
    text = "\n".join([
        "某中心政务公开重点任务",
        "工作任务 | 具体要求 | 责任部门 |",
        "一、做好财政信息公开。 | 1.推进预算、决算公开。 | 财务科 |",
        "二、做好网站专栏信息公开。 | 2.及时更新概况信息。 | 办公室 |",
        "3.及时更新微信公众号信息。 | 办公室牵头,各科室配合 | |",
    ]) + "\n"
    items = _parse(text)
    assert (2, 3) in items
    assert mention_names(items[(2, 3)]["lead_units"]) == ["办公室"]


def test_first_listed_is_the_work_lead_note():
    # 「(列第一位者为工作牵头单位或汇总单位,下同)」: 工作牵头单位 is the lead as 牵头单位 is.
    text = "\n".join([
        "某市2020年政府工作报告重点工作责任分解",
        "一、市长主抓重点工作",
        "1.坚定不移支持企业发展。落实各项政策措施。",
        "责任单位:市经信局、市财政局、市税务局(列第一位者为工作牵头单位或汇总单位,下同)",
        "2.扩大有效投资。推进重大项目建设。",
        "责任单位:市发展改革委、市财政局",
    ]) + "\n"
    items = _parse(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市经信局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市发展改革委"]


def test_role_bracket_with_a_stray_closing_bracket_and_a_trailing_note_sentence():
    # 「[A牵头,B配合,C负责落实。以下均需C落实,……不再列出)]」: square brackets, a note sentence after the roles and
    # a stray 「)」 left before the closing 「]」 in copying. The roles before the note are read as written.
    text = "\n".join([
        "某市2018年度水污染防治重点工作实施方案",
        "一、工作任务",
        "1.控制用水总量。强化用水监督管理。[市水务局牵头,市工信委、市住建局配合,各县(市)区政府负责落实。"
        "以下均需各县(市)区政府落实,由市政府直属责任部门负责相关工作,不再列出)]",
        "2.严控地下水超采。[市水务局牵头,市国土局配合]",
    ]) + "\n"
    items = _parse(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市水务局"]
    assert "市住建局" in mention_names(items[(1, 1)]["responsible_units"])


def test_place_names_sharing_one_body_and_lead_with_a_verb():
    # 「临汾、侯马、洪洞经济开发区管委会负责落实」: place names listed before one unit name share its body;
    # 「A、B牵头督导,C、D」: 牵头督导 names the leads as 牵头 does.
    text = "\n".join([
        "某市2018年水污染防治工作方案",
        "一、重点工作",
        "1.工业集聚区要加强监管,完善污水管网。(市环保局牵头,市经信委配合,甲乙、丙丁经济开发区管委会负责落实)",
        "2.排查整治“散乱污”工业企业。(市生态环境局、市发展和改革局牵头督导,市公安局、市水务局)",
    ]) + "\n"
    items = _parse(text)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市环保局"]
    assert "甲乙经济开发区管委会" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市生态环境局", "市发展和改革局"]


def test_next_item_number_directly_followed_by_the_tasks_first_figure():
    # 「2.50个小区新增充电设施」 after item 1: item 2 whose task starts with a figure, not the quantity 2.50个. Only the
    # exact next number of an open 1. list is read so; 「2.5个工作日」 elsewhere stays text.
    text = "\n".join([
        "某区2022年区政府要完成的实事",
        "1.既有多层住宅加装电梯新增400台。",
        "2.50个小区新增电动自行车充电设施。",
        "3.开设40个爱心暑托班办班点。",
        "4.460个居村综合文化活动室提供不少于2300场文化活动。",
        "办理时限压缩至",
        "6.5个工作日。",
    ]) + "\n"
    items = _parse(text)
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert items[(2,)]["title"].startswith("50个小区")


def test_months_under_a_years_heading_are_in_that_year():
    # 「2019年任务:…。2020年任务:一是4月底前…;二是10月底前…」: the months after a year's heading are in that year, and
    # they — not the end of 2020 — are the deadlines of 2020's work; 2019's work, with no month, is due by its end.
    text = "\n".join([
        "某市2019年乡村振兴实施方案",
        "一、主要任务",
        "1.优化城乡结构布局。2019年任务:完成村庄分类工作。2020年任务:一是4月底前完成村庄规划评估工作;"
        "二是10月底前完成规划修编。(牵头单位:市资源规划局)",
    ]) + "\n"
    items = _parse(text)
    assert _dates(items[(1, 1)]) == ["2019-12-31", "2020-04-30", "2020-10-31"]


def _dates(item: dict) -> list[str]:
    return sorted(d["date"] for d in item["deadlines"])


def test_edition_year_of_a_cited_catalogue_is_no_deadline():
    # 「《产业结构调整指导目录》(2019年本)」: the edition of a cited document, like 2019年版, is not a time to finish by.
    text = "\n".join([
        "某市2020年大气污染防治工作方案",
        "一、主要任务",
        "1.严控“两高”行业产能。严格执行《产业结构调整指导目录》(2019年本),淘汰落后产能。(市经信局牵头)",
        "2.推进清洁能源替代。(市发改委牵头)",
    ]) + "\n"
    items = _parse(text)
    assert items[(1, 1)]["deadlines"] == []


def test_a_deadline_cell_without_any_word_of_time_is_no_deadline():
    # A one-cell-per-line copy that lost a merged cell shifts task words into the 完成时限 column: they must not
    # become a deadline, while a short value naming a time we cannot date is kept as written.
    from yingshang.plans.parsing.deadlines import parse_deadline_field

    assert parse_deadline_field("文化市场管理") == []
    assert parse_deadline_field("实施景区综合开发、田园综合体(二期)等4个重点项目建设,完成年度建设任务") == []
    kept = parse_deadline_field("汛期前")
    assert [(d["text"], d["date"]) for d in kept] == [("汛期前", None)]
