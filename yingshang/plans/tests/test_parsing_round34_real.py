"""Conventions of round 34, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing import PlanParseError, parse_plan

from .parsing_helpers import deadline_dates, items_by_path, mention_names, numbered_docx

# A campaign's phases, each heading giving its span of time in the ways copies write it.
_PHASES = """某区2019年燃气安全专项整治工作方案
一、工作目标
消除燃气安全隐患。
二、工作步骤
(一)宣传发动阶段(当年5月下旬—6月上旬)。各乡镇召开动员会。
(二)集中整治阶段(2019年7 月 1日至10月 15日)。开展联合执法行动。
(三)巩固提高阶段(11月1日至年底)。各相关部门全面复查,巩固成果。
(四)长效管理阶段(2020年上半年至2021年底)。建立长效监管机制。
(五)总结验收阶段(2021年12月前)。形成总结报告。
"""


def test_a_phase_that_runs_to_the_years_end_is_due_on_its_last_day():
    assert deadline_dates(items_by_path(_PHASES)[(2, 3)]) == ["2019-12-31"]


def test_a_phases_span_in_the_plans_own_year_said_as_that_year_ends_on_its_end():
    assert deadline_dates(items_by_path(_PHASES)[(2, 1)]) == ["2019-06-10"]


def test_a_phase_whose_end_is_written_with_a_space_before_its_day_ends_on_that_day():
    assert deadline_dates(items_by_path(_PHASES)[(2, 2)]) == ["2019-10-15"]


def test_a_phase_that_starts_in_a_half_year_ends_on_its_end():
    assert deadline_dates(items_by_path(_PHASES)[(2, 4)]) == ["2021-12-31"]


def test_a_phase_due_before_a_month_is_due_by_that_months_end_only():
    # the phase's own span (「(2021年12月前)」) says when; the bracket is not read again as 「before December」
    assert deadline_dates(items_by_path(_PHASES)[(2, 5)]) == ["2021-12-31"]


# The second page of a plan copied from a web page: the page's lines on the copy, then a later chapter.
_SECOND_PAGE = """时间:2018-02-13 14:00
来源:某市人民政府
(五)加强生活垃圾分类收运体系建设。
1.建立与分类品种相配套的收运体系。(牵头单位:市城管局,责任单位:市发改委)
2.探索建立再生资源回收体系。(牵头单位:市商务局,责任单位:各城区政府)
(六)促进生活垃圾源头减量。
1.建立产品包装物强制回收制度。(牵头单位:市商务局)
"""


def test_a_copy_that_opens_partway_under_the_pages_own_lines_keeps_its_numbers_as_written():
    items = items_by_path(_SECOND_PAGE)
    assert sorted(items) == [(5,), (5, 1), (5, 2), (6,), (6, 1)]
    assert mention_names(items[(5, 2)]["lead_units"]) == ["市商务局"]


# A yearly schedule copied from a page with its table's cells run together: the time, the work, then who leads and who
# helps, nothing between them.
_SCHEDULE_RUN_TOGETHER = (
    "某区交通局2023年安全生产工作计划表\n"
    "序号时间重点内容落实单位1全年开展道路运输安全隐患排查整治行动区住建局牵头，区交通局配合"
    "24月全区交通系统2023年第二季度防范重特大生产安全事故会议局安监处牵头，各业务处室配合"
    "36月组织“安全生产月”系列活动。区应急局牵头，各镇配合\n"
)


def test_a_run_together_rows_unit_cell_of_roles_is_cut_from_the_task_where_its_units_start():
    items = items_by_path(_SCHEDULE_RUN_TOGETHER)
    assert items[(1,)]["title"] == "开展道路运输安全隐患排查整治行动"
    assert mention_names(items[(1,)]["lead_units"]) == ["区住建局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["区交通局"]
    # a bureau's own office leads its meeting
    assert mention_names(items[(2,)]["lead_units"]) == ["局安监处"]
    assert mention_names(items[(3,)]["lead_units"]) == ["区应急局"]


def test_the_quarter_a_meeting_is_about_is_no_deadline_of_a_row_with_a_time_of_its_own():
    assert deadline_dates(items_by_path(_SCHEDULE_RUN_TOGETHER)[(2,)]) == ["2023-04-30"]


def test_a_lead_clause_whose_task_runs_on_into_the_unit_names_only_the_unit():
    items = items_by_path(
        "某区创业扶持工作方案\n一、工作步骤\n(一)评审立项。扶持项目的遴选及资金补助方案的确定区农发局会同区财政局按照公开原则,"
        "对申报项目进行联合审定。\n(二)资金拨付。\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区农发局"]


# A table copied with its bars: a numbered row whose cells happen to read like a header (a month, a task, a unit cell).
_BAR_TABLE = """某区2023年安全生产工作计划表
| 序号 | 时间 | 重点内容 | 落实单位 |
| 1 | 全年 | 开展安全隐患排查整治行动 | 区住建局牵头，区交通局配合 |
| 2 | 4月 | 清明节期间安全生产工作 | 局各处室按职责落实 |
"""


def test_a_numbered_row_is_never_read_as_a_new_header_and_lost():
    items = items_by_path(_BAR_TABLE)
    assert items[(2,)]["title"] == "清明节期间安全生产工作"
    assert mention_names(items[(2,)]["responsible_units"]) == ["局各处室"]
    assert deadline_dates(items[(2,)]) == ["2023-04-30"]


def test_the_unit_that_leads_together_with_another_is_the_one_named_before_together():
    items = items_by_path(
        "某市轨道交通消防安全工作方案\n一、工作措施\n(一)建立联勤机制。由轨道交通消防救援支队会同各区消防救援支队牵头组织成立联勤小组,"
        "定期开展联合检查。\n(二)加强宣传培训。\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["轨道交通消防救援支队"]


def test_the_body_charged_with_the_work_leads_not_the_one_that_charges_it():
    items = items_by_path(
        "国务院关于调整煤炭价格的通知\n一、严格控制连锁反应。国务院责成国务院生产委员会会同有关部门制定具体措施。\n"
        "二、整顿流通秩序。你委要会同有关部门加强监督检查。\n"
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["国务院生产委员会"]
    # 「你委」: the body the document is addressed to, no unit a ledger could name
    assert mention_names(items[(2,)]["lead_units"]) == []


# Spans of days a copy wrote loosely: a start's day without 日, a dash lost between two days.
_LOOSE_SPANS = """某镇2019年环境整治工作方案
一、工作步骤
(一)集中整治(3月16至 4月10日 )。各村集中清理垃圾。
(二)自行整治阶段(5月8日13日)。各村下发整治通知。
"""


def test_a_span_whose_start_day_lost_its_ri_or_whose_dash_was_lost_ends_on_its_last_day():
    items = items_by_path(_LOOSE_SPANS)
    assert deadline_dates(items[(1, 1)]) == ["2019-04-10"]
    assert deadline_dates(items[(1, 2)]) == ["2019-05-13"]


def test_a_span_ending_on_a_day_alone_in_a_plan_with_no_year_keeps_its_month():
    items = items_by_path(_LOOSE_SPANS.replace("某镇2019年", "某镇"))
    assert [d["text"] for d in items[(1, 2)]["deadlines"]] == ["5月13日"]


def test_an_item_that_opens_with_the_span_its_work_runs_over_is_due_by_the_spans_end():
    items = items_by_path(
        "某区2012年勘察设计质量检查方案\n一、检查时间安排\n(一)5月25日前:勘察设计单位组织自检。\n"
        "(二)5月25-31日:区住建局与市住建局联合组织抽检。\n"
    )
    assert deadline_dates(items[(1, 2)]) == ["2012-05-31"]


# A list of key tasks copied one cell per line: a number, the field it belongs to (merged down its rows, so copied once)
# and the task — no unit or date column.
_TASKS_BY_FIELD = """附件2:某区历史风貌保护重点任务与项目清单
序号
主要领域
重点任务或项目
1
外滩风貌区
外滩中央街坊保护利用
2
老市府大楼修缮
3
衡复风貌区
环境整治及房屋修缮
"""


def test_a_task_list_copied_one_cell_per_line_with_a_field_column_is_read_row_by_row_not_refused():
    items = items_by_path(_TASKS_BY_FIELD)
    assert [path for path in sorted(items) if len(path) == 1] == [(1,), (2,), (3,)]
    assert "外滩中央街坊保护利用" in items[(1,)]["text"]
    assert "老市府大楼修缮" in items[(2,)]["text"]


def test_a_table_of_figures_is_not_called_garbled_text():
    # 序号 / 街镇 / 件数 / 面积, figure after figure: readable Chinese, only no plan — the message must say so, not 乱码
    rows = "\n".join(f"{n}\n某某镇\n{300 + n}\n{799.77 + n:.2f}\n{440 + n}\n{338.98 + n:.2f}" for n in range(1, 9))
    try:
        parse_plan(f"某区违法用地整治任务量统计表\n序号\n街镇\n件数\n面积\n{rows}\n")
    except PlanParseError as error:
        assert error.code == "not_a_plan"
    else:
        raise AssertionError("a table of figures with no task is no plan")


# A 职责分工表 copied from a page with its cells run together: a number, a body, its duties.
_DUTIES_TABLE = (
    "附件部门主要职责分工表序号部门主要职责分工1区交通建设局牵头开展结构安全排查整治,加强技术指导,6月20日前制定排查导则;"
    "会同有关部门加强经营性自建房监管。2区市场监管局负责指导自建房涉及的市场主体登记工作。"
    "3区资源生态局牵头开展房屋建设合法合规性排查整治。\n"
)


def test_a_duties_table_is_read_row_by_row_and_a_body_whose_duties_open_with_lead_leads():
    items = items_by_path("某区2022年自建房安全专项整治方案\n" + _DUTIES_TABLE)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["区交通建设局"]
    assert deadline_dates(items[(1,)]) == ["2022-06-20"]
    # 「负责指导…」: the body answers for its duties, it leads nothing
    assert mention_names(items[(2,)]["lead_units"]) == []
    assert mention_names(items[(2,)]["responsible_units"]) == ["区市场监管局"]
    assert mention_names(items[(3,)]["lead_units"]) == ["区资源生态局"]


def test_word_numbering_whose_levels_come_from_a_numbering_style():
    # Word writes a house style's 一、 / (一) list as a definition linked to a numbering style (w:styleLink) and the list
    # itself as a definition that only names that style (w:numStyleLink): its numbers are the style's
    plan = numbered_docx(
        [
            '<w:abstractNum w:abstractNumId="5"><w:styleLink w:val="a5"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>'
            "</w:abstractNum>",
            '<w:abstractNum w:abstractNumId="6"><w:numStyleLink w:val="a5"/></w:abstractNum>',
            '<w:num w:numId="1"><w:abstractNumId w:val="6"/></w:num>',
        ],
        [
            (None, "2016年某市政务公开工作要点"),
            (0, "推进行政权力清单公开"),
            (1, "公开权力清单。【牵头单位】市编办　【完成时限】6月底前"),
            (0, "推进财政资金信息公开"),
            (1, "推进预决算公开。【牵头单位】市财政局"),
        ],
        num_id="1",
    )
    items = items_by_path(plan, filename="plan.docx")
    assert sorted(items) == [(1,), (1, 1), (2,), (2, 1)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市编办"]
    assert deadline_dates(items[(1, 1)]) == ["2016-06-30"]
