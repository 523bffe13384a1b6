"""Conventions found by probing the parser with wordings and table headers that real 分工方案 use, before any new
part was scored (round 18). Each example is constructed for the test, never copied from a fixture, and no rule names
a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing.deadlines import parse_deadline_field

from .parsing_helpers import items_by_path, mention_names, numbered_docx

_TITLE = "某市2024年优化营商环境重点任务分工方案\n为持续优化营商环境,制定本方案。\n一、主要任务\n"


def _first_task(line: str) -> dict:
    items = items_by_path((_TITLE + f"1.{line}\n2.推进政务服务标准化。(市政务服务中心负责)\n").encode("utf-8"))
    return items[(1, 1)]


def _dates(value: str, year: int = 2024) -> list:
    return [d["date"] for d in parse_deadline_field(value, year)]


# --- roles ----------------------------------------------------------------------------------------------------------


def test_units_that_lead_together_are_each_a_lead():
    item = _first_task("深化企业开办改革。(市市场监管局、市税务局共同牵头,各区县政府落实)")
    assert mention_names(item["lead_units"]) == ["市市场监管局", "市税务局"]
    assert mention_names(item["responsible_units"]) == ["各区县政府"]
    item = _first_task("深化企业开办改革。(市市场监管局、市税务局联合牵头)")
    assert mention_names(item["lead_units"]) == ["市市场监管局", "市税务局"]


def test_a_label_joined_to_its_units_by_wei():
    item = _first_task("深化企业开办改革。(牵头单位为市市场监管局,配合单位为市税务局)")
    assert mention_names(item["lead_units"]) == ["市市场监管局"]
    assert mention_names(item["responsible_units"]) == ["市税务局"]


def test_a_dash_setting_the_assignment_off_is_no_part_of_the_unit():
    item = _first_task("深化企业开办改革。——市市场监管局牵头,市税务局配合")
    assert mention_names(item["lead_units"]) == ["市市场监管局"]
    assert mention_names(item["responsible_units"]) == ["市税务局"]


# --- deadlines ------------------------------------------------------------------------------------------------------


def test_a_deadline_written_in_chinese_numerals():
    assert _dates("二〇二四年十二月底") == ["2024-12-31"]
    assert _dates("二○二四年六月三十日前") == ["2024-06-30"]
    assert _dates("二〇二五年底前") == ["2025-12-31"]
    assert _dates("二〇二四年三季度") == ["2024-09-30"]
    # the plan's own wording is kept
    assert [d["text"] for d in parse_deadline_field("二〇二四年十二月底", 2024)] == ["二〇二四年十二月底"]


def test_next_year_in_a_time_limit_is_the_plans_next_year():
    assert _dates("明年6月底前") == ["2025-06-30"]
    assert _dates("次年3月") == ["2025-03-31"]
    assert _dates("明年底") == ["2025-12-31"]
    # without the plan's year there is no date to give
    assert _dates("明年6月底前", None) == [None]


def test_a_chinese_numeral_deadline_in_a_plan():
    item = _first_task("深化企业开办改革。(牵头单位:市市场监管局,完成时间:二〇二四年十二月底)")
    assert [d["date"] for d in item["deadlines"]] == ["2024-12-31"]


# --- table headers --------------------------------------------------------------------------------------------------


def _html_table(header: list[str], rows: list[list[str]]) -> dict:
    cells = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>" for row in [header] + rows)
    html = f"<html><body><p>某市2024年优化营商环境重点任务分工方案</p><table>{cells}</table></body></html>"
    return items_by_path(html.encode("utf-8"), filename="plan.html")


def test_a_column_of_units_and_the_people_answerable_for_them():
    items = _html_table(
        ["序号", "任务", "牵头单位及责任人", "责任单位及责任人", "完成时限"],
        [
            ["1", "压缩企业开办时间。", "市市场监管局(王某)", "市税务局(李某某)、市公安局:赵某", "2024年6月底前"],
            ["2", "推行施工许可告知承诺制。", "市住建局 张某", "市自然资源局(钱某)", "2024年9月底前"],
        ],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市公安局"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市住建局"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市自然资源局"]


def test_a_unit_with_its_other_name_in_brackets_keeps_it_in_a_column_of_units_and_people():
    items = _html_table(
        ["序号", "任务", "责任单位(责任人)", "完成时限"],
        [["1", "推进数据共享。", "市政府办公室(市大数据局)", "2024年底前"], ["2", "建设数据平台。", "市数据局", "2024年底前"]],
    )
    assert mention_names(items[(1,)]["responsible_units"]) == ["市政府办公室(市大数据局)"]


def test_a_leaders_column_still_names_people_not_units():
    items = _html_table(
        ["序号", "任务", "牵头领导", "牵头单位", "完成时限"],
        [["1", "压缩企业开办时间。", "张某某", "市市场监管局", "2024年6月底前"], ["2", "优化纳税服务。", "李某", "市税务局", "2024年底前"]],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert "张某某" not in mention_names(items[(1,)]["responsible_units"])


def test_role_words_alone_head_the_unit_columns():
    items = _html_table(
        ["序", "任务", "牵头", "配合", "时限"],
        [
            ["1", "压缩企业开办时间。", "市市场监管局", "市税务局、市公安局", "2024年6月底前"],
            ["2", "优化纳税服务。", "市税务局", "市财政局", "2024年底前"],
        ],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市公安局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31"]


def test_a_header_copied_one_cell_per_line_with_a_break_inside_a_role_word_header():
    text = "\n".join(
        [
            "某县2024年重点工作任务分解表",
            "序号", "工作任务", "牵头", "单位", "配合", "单位", "完成时限",
            "1", "压缩企业开办时间", "县市场监管局", "县税务局", "2024年6月底前",
            "2", "优化纳税服务", "县税务局", "县财政局", "2024年12月底前",
        ]
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1,)]["lead_units"]) == ["县市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["县税务局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31"]


def test_more_ways_of_saying_who_leads():
    assert mention_names(_first_task("深化企业开办改革。(市发改委牵头抓落实)")["lead_units"]) == ["市发改委"]
    item = _first_task("深化企业开办改革。(市发改委主抓,市财政局配合)")
    assert mention_names(item["lead_units"]) == ["市发改委"]
    assert mention_names(item["responsible_units"]) == ["市财政局"]


def test_a_bracket_of_units_and_the_time_they_are_due_by_names_them_responsible():
    item = _first_task("深化企业开办改革。(市发改委、市财政局,2024年底前)")
    assert item["lead_units"] == []
    assert mention_names(item["responsible_units"]) == ["市发改委", "市财政局"]
    assert [d["date"] for d in item["deadlines"]] == ["2024-12-31"]
    # a clause that merely ends in a unit-like word is no unit
    item = _first_task("整合各类公共资源交易。2024年底前,以市场化方式配置的各类公共资源全部纳入公共资源交易平台。")
    assert item["responsible_units"] == []


def test_a_time_with_what_is_due_then_beside_the_lead_keeps_the_lead():
    item = _first_task("建设数据平台。(市数据局牵头;2024年9月底前上线试运行,2024年底前正式运行)")
    assert mention_names(item["lead_units"]) == ["市数据局"]
    assert item["responsible_units"] == []
    assert [d["date"] for d in item["deadlines"]] == ["2024-09-30", "2024-12-31"]
    item = _first_task("建设数据平台。(市发改委牵头,2024年6月底前完成,12月底前全面推开)")
    assert mention_names(item["lead_units"]) == ["市发改委"]


def test_work_paced_by_period_is_scheduled():
    item = _first_task("推进企业开办系统升级。(市市场监管局牵头,按季度推进)")
    assert mention_names(item["lead_units"]) == ["市市场监管局"]
    assert [d["kind"] for d in item["deadlines"]] == ["scheduled"]
    assert [d["kind"] for d in parse_deadline_field("每月调度", 2024)] == ["scheduled"]


def test_an_item_that_opens_with_its_date_after_the_point():
    text = _TITLE + "1.2024年内完成企业开办系统升级。(市市场监管局牵头)\n2.6月底前上线电子营业执照。(市市场监管局牵头)\n3.推进纳税便利化。\n"
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3)]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2024-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2024-06-30"]
    # the same plan with its line breaks lost
    run_on = (
        "某市2024年优化营商环境重点任务分工方案为持续优化营商环境,制定本方案。一、优化政务服务。"
        "1.2024年内完成企业开办系统升级。(市市场监管局牵头)2.6月底前上线电子营业执照。3.推进纳税便利化。"
    )
    items = items_by_path(run_on.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3)]
    assert items[(1, 2)]["title"] == "6月底前上线电子营业执照"
    # numbers in running text are no markers: 1、2月份 (January and February), 2.5个工作日
    text = _TITLE + "1.压缩开办时间。\n1、2月份完成摸底,压缩至2.5个工作日。\n2.推进纳税便利化。\n"
    assert sorted(items_by_path(text.encode("utf-8"))) == [(1,), (1, 1), (1, 2)]


# --- flattened tables -----------------------------------------------------------------------------------------------


def _flat(header: str, rows: list[str]) -> dict:
    text = "某市2024年优化营商环境重点任务分工方案\n为持续优化营商环境,制定本方案。\n" + "\n".join([header, *rows]) + "\n"
    return items_by_path(text.encode("utf-8"))


def test_a_run_together_header_in_the_words_of_the_item_fields():
    # every field label the item reader knows heads a column too: 主责部门, 协同部门, 办结时限
    items = _flat(
        "序号改革事项主要内容主责部门协同部门办结时限",
        [
            "1企业开办压缩开办时间至1个工作日。市市场监管局市税务局、市公安局2024年6月底前",
            "2纳税服务推行非接触式办税。市税务局市财政局2024年12月底前",
        ],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市公安局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31"]


def test_a_run_together_header_of_a_rectification_list_and_header_notes_in_brackets():
    items = _flat(
        "序号存在问题整改措施整改责任单位整改时限",
        ["1审批时限过长压缩审批环节。市行政审批局2024年6月底前", "2窗口服务不规范开展窗口服务培训。市政务服务中心2024年9月底前"],
    )
    assert mention_names(items[(1,)]["responsible_units"]) == ["市行政审批局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-09-30"]
    items = _flat(
        "序号工作任务牵头单位(部门)配合单位(部门)完成时限",
        ["1压缩企业开办时间。市市场监管局市税务局、市公安局2024年6月底前", "2优化纳税服务。市税务局市财政局2024年12月底前"],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["市市场监管局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["市税务局", "市公安局"]


def test_cells_between_bars_are_the_tables_own_though_a_cell_reads_as_two_header_words():
    items = _flat(
        "序号 | 重 点 工 作 任 务 | 牵头领导 | 牵头单位 |",
        ["1 | 推进科创走廊建设,加快重点项目落地。 | 张三 李四 | 科技城管委会 |", "2 | 建设开发区产业园。 | 王五 | 经济开发区管委会 |"],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["科技城管委会"]
    assert "张三" not in items[(1,)]["text"]


# --- after the written1 part was scored (round 18b; constructed examples of its classes) ---------------------------


def test_field_lines_after_a_list_that_an_item_announces_with_a_colon_are_the_items():
    text = (
        "某镇2022年乡村振兴重点工作任务分解\n一、实施乡村建设行动\n"
        "1.开展人居环境整治,重点做好以下工作:\n(1)完成户厕改造300座;\n(2)推行垃圾分类,村庄保洁全覆盖。\n"
        "牵头单位:镇村建办、镇环保站    责任单位:各村    完成时限:2022年11月底前\n"
        "2.实施道路硬化5公里。\n牵头单位:镇村建办    完成时限:2022年9月30日\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["镇村建办", "镇环保站"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2022-11-30"]
    assert items[(1, 1, 2)]["lead_units"] == [] and items[(1, 1, 2)]["deadlines"] == []


def test_a_sub_item_with_fields_of_its_own_keeps_the_fields_after_the_list():
    # only where no sub-item names fields of its own is the list the item's content
    text = (
        "某镇2022年重点工作任务分解\n一、实施乡村建设行动\n"
        "1.开展人居环境整治,重点做好以下工作:\n(1)完成户厕改造300座。(镇农业办牵头)\n(2)推行垃圾分类。\n"
        "牵头单位:镇环保站\n完成时限:2022年11月底前\n2.实施道路硬化5公里。\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert items[(1, 1)]["lead_units"] == []
    assert mention_names(items[(1, 1, 2)]["lead_units"]) == ["镇环保站"]


def test_the_assignment_sentence_before_the_schedule_sentences():
    item = _first_task(
        "新建幼儿园3所。区教育局牵头,区财政局、各街道办事处配合。6月底前完成选址,9月底前全部开工,2024年底前建成投用。"
    )
    assert mention_names(item["lead_units"]) == ["区教育局"]
    assert mention_names(item["responsible_units"]) == ["区财政局", "各街道办事处"]
    assert [d["date"] for d in item["deadlines"]] == ["2024-06-30", "2024-09-30", "2024-12-31"]
    assert "6月底前完成选址" in item["text"] and "区教育局牵头" not in item["text"]
    item = _first_task("开展两癌筛查1万人次。由区妇联、区卫健局共同牵头组织实施,全年完成。")
    assert mention_names(item["lead_units"]) == ["区妇联", "区卫健局"]


def test_the_first_is_lead_note_of_a_department_and_its_offices():
    text = (
        "某厅2018年工作任务分工方案\n一、深化简政放权\n"
        "1.清理行政权力事项。(厅法规处、厅办公室,列第一位的为牵头处室(单位),下同;2018年6月底前)\n"
        "2.下放道路运输许可事项。(省运管局、厅法规处;2018年9月底前)\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["厅法规处"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省运管局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2018-09-30"]


def test_a_collective_listed_first_under_the_first_is_lead_note_leads():
    items = _flat(
        "(责任单位排在第一位的为牵头单位)\n序号  工作任务  责任单位  完成时限",
        ["1  开展村庄清洁行动  各村(社区)、镇城建办  2025年9月底前", "2  推进污水治理  镇城建办、镇环保办  2025年10月底前"],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["各村(社区)"]
    assert mention_names(items[(2,)]["lead_units"]) == ["镇城建办"]


def test_columns_of_a_ministrys_bureaus():
    items = _html_table(
        ["序号", "重点任务", "牵头司局", "配合司局(单位)", "完成时限"],
        [["1", "推进多审合一改革。", "空间规划局、开发利用司", "法规司", "2019年底前"], ["2", "压缩登记时间。", "登记局", "信息中心", "2019年6月底前"]],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["空间规划局", "开发利用司"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["信息中心"]


def test_a_body_that_guides_the_work_shares_it():
    item = _first_task("推进便民服务点建设。(各县区政府牵头,市政务服务中心指导;2024年11月底前)")
    assert mention_names(item["lead_units"]) == ["各县区政府"]
    assert mention_names(item["responsible_units"]) == ["市政务服务中心"]


def test_the_local_office_of_a_national_system_is_one_name_in_a_run_together_cell():
    from yingshang.plans.parsing.table_units import split_run_together_names

    # 绵阳 is the plan's own place: 绵阳市税务局 reads as a full name, yet here it is the end of the first one
    assert split_run_together_names("国家税务总局绵阳市税务局", ("绵阳",)) == "国家税务总局绵阳市税务局"
    assert split_run_together_names("国家税务总局绵阳市税务局市财政局", ("绵阳",)) == "国家税务总局绵阳市税务局、市财政局"
    assert split_run_together_names("市税务局市财政局") == "市税务局、市财政局"


def test_a_plan_without_a_year_dates_the_year_end_by_its_items_year():
    text = "某县某局巡察反馈问题整改方案\n一、整改任务\n1.开展支部建设,年底前完成达标验收。(办公室牵头;2020年12月31日前)\n2.修订管理办法。\n"
    items = items_by_path(text.encode("utf-8"))
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-12-31"]


def test_how_long_the_work_goes_on_closing_an_item():
    item = _first_task("执法结果在作出决定之日起7个工作日内公开,长期坚持。")
    assert [d["kind"] for d in item["deadlines"]] == ["ongoing"]
    # the same words inside a sentence are no time limit
    item = _first_task("长期坚持问题导向,推进改革。")
    assert item["deadlines"] == []


def test_a_date_years_before_the_plan_is_no_deadline():
    item = _first_task("改造建成于2000年以前的老旧小区20个,2024年10月底前完工。(区住建局牵头)")
    assert [d["date"] for d in item["deadlines"]] == ["2024-10-31"]


# --- after the written2 and written3 parts were scored (round 18c; constructed examples of their classes) -----------


def test_a_line_under_a_heading_that_names_the_lead_of_the_items_below():
    text = (
        "某街道2025年接诉即办工作方案\n一、工作目标\n提升诉求办理质效。\n二、重点任务\n"
        "以下各项均由街道综合办公室牵头,各社区(村)、各办(所、队、中心)按职责配合。\n"
        "(一)严格工单签收。一般工单1小时内签收。(持续推进)\n(二)开展回访。对不满意工单集中回访。(每季度)\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(2, 1)]["lead_units"]) == ["街道综合办公室"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["街道综合办公室"]
    assert items[(2,)]["lead_units"] == []


def test_a_bracket_that_only_says_when_is_the_time_limit():
    item = _first_task("严格工单签收。一般工单1小时内签收。(持续推进)")
    assert [d["kind"] for d in item["deadlines"]] == ["scheduled"]
    assert [d["kind"] for d in _first_task("压实首办责任。不得推诿转办。(常态化)")["deadlines"]] == ["ongoing"]
    assert [d["kind"] for d in _first_task("分析高频诉求。形成分析报告。(每月10日前)")["deadlines"]] == ["scheduled"]


def test_a_mark_after_a_list_of_units_makes_each_of_them_a_lead():
    text = _TITLE + "1.整治非法采砂。\n责任单位:市自然资源局、市水利局(共同牵头),市公安局、某海事处。\n2.推进其他工作。\n"
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市自然资源局", "市水利局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市公安局", "某海事处"]
    item = _first_task("起草配套规定。(牵头单位:外资司、条法司(按职责分工牵头);配合单位:办公厅)")
    assert mention_names(item["lead_units"]) == ["外资司", "条法司"]


def test_a_unit_name_in_quotes_keeps_its_separators():
    item = _first_task("公示抽查结果。(市市场监管局牵头,市“双随机、一公开”监管工作联席会议成员单位按职责分工负责,持续推进)")
    assert mention_names(item["lead_units"]) == ["市市场监管局"]
    assert mention_names(item["responsible_units"]) == ["市“双随机、一公开”监管工作联席会议成员单位"]
    assert [d["kind"] for d in item["deadlines"]] == ["scheduled"]


def test_a_plan_without_a_year_of_its_own_dates_year_less_times_by_its_dated_deadlines():
    text = (
        "某市工程建设项目审批制度改革实施方案\n为推进改革,制定本方案。\n一、改革目标\n2019年6月底前,审批时间压缩至120个工作日;"
        "2019年底前,建成审批管理体系。\n二、主要任务\n1.建成审批管理系统,6月底前与省级系统对接。(市住建局牵头)\n"
        "2.实现全流程网上申报,9月中旬前覆盖全部县区。(市政务服务局牵头)\n"
    )
    plan = items_by_path(text.encode("utf-8"))
    assert [d["date"] for d in plan[(2, 1)]["deadlines"]] == ["2019-06-30"]
    assert [d["date"] for d in plan[(2, 2)]["deadlines"]] == ["2019-09-20"]
    # deadlines in two years: the earliest is the plan's (round 25: a plan sets its near deadlines in the year it is
    # written) — unless its title names a period of years, where 年底前 could be any of them
    text = text.replace("2019年底前", "2020年底前")
    assert [d["date"] for d in items_by_path(text.encode("utf-8"))[(2, 1)]["deadlines"]] == ["2019-06-30"]
    text = text.replace("某市工程建设项目审批制度改革实施方案", "某市工程建设项目审批制度改革实施方案(2019-2020年)")
    assert [d["date"] for d in items_by_path(text.encode("utf-8"))[(2, 1)]["deadlines"]] == [None]


def test_the_same_time_written_once_with_its_year_and_once_without():
    text = "某县巡视反馈问题整改方案\n一、整改任务\n1.逐件办理问题线索,9月中旬前办结。(县纪委牵头;2022年9月中旬前)\n2.建立长效机制。\n"
    items = items_by_path(text.encode("utf-8"))
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2022-09-20"]


def test_a_later_month_in_a_time_limit_after_a_dated_one_is_in_its_year():
    assert _dates("2021年6月底前完成追缴,9月底前完善机制", 2020) == ["2021-06-30", "2021-09-30"]
    assert _dates("9月底前", 2020) == ["2020-09-30"]


def test_recurring_reports_and_checks_are_scheduled():
    for value in ("按季度通报", "每周巡查", "每月调度", "每半年评估"):
        assert [d["kind"] for d in parse_deadline_field(value, 2024)] == ["scheduled"], value


def test_a_cell_that_says_same_as_above_repeats_the_cell_above():
    items = _html_table(
        ["序号", "项目名称", "牵头单位", "责任单位", "完成时间"],
        [["1", "老年人免费体检", "区卫健局", "各街道", "10月底前"], ["2", "家庭医生签约", "同上", "区社区卫生服务中心", "12月底前"]],
    )
    assert mention_names(items[(2,)]["lead_units"]) == ["区卫健局"]


def test_a_table_plan_titled_as_a_rectification_table_gives_its_year():
    rows = [["1", "某农贸市场", "占道经营", "清理占道摊位。", "区市场监管局", "3月15日前"], ["2", "某路", "井盖缺失", "补齐井盖。", "区住建局", "4月底前"]]
    cells = "".join(
        "<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>"
        for row in [["序号", "点位名称", "存在问题", "整改措施", "责任单位", "整改时限"], *rows]
    )
    html = f"<html><body><p>某区2019年创建文明城市点位问题整改表</p><table>{cells}</table></body></html>"
    items = items_by_path(html.encode("utf-8"), filename="plan.html")
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2019-03-15"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2019-04-30"]


def test_word_numbering_that_runs_on_across_the_headings():
    plan = numbered_docx(
        [
            '<w:abstractNum w:abstractNumId="77">'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:lvlRestart w:val="0"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>'
            "</w:abstractNum>",
            '<w:num w:numId="77"><w:abstractNumId w:val="77"/></w:num>',
        ],
        [(None, "某县2025年食品安全工作要点"), (0, "落实责任"), (1, "压实属地责任。(县市场监管局牵头)"), (1, "落实主体责任。"), (0, "强化监管"), (1, "加强农产品监管。"), (1, "加强粮食管理。")],
        num_id="77",
    )
    items = items_by_path(plan, filename="plan.docx")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]


def test_rows_of_a_tab_separated_table_whose_cells_held_line_breaks():
    text = (
        "某市2023年《政府工作报告》重点工作责任分解表\n"
        "序号\t重点工作\t责任市领导\t牵头单位\t配合单位\t完成时限\n"
        "1\t地区生产总值增长7%以上\t张三\t市发展改革委\t市统计局\t2023年12月底前\n"
        "2\t实施产业项目建设年活动,\n新开工重大产业项目120个\t张三\t市发展改革委\n市工信局\t各县市区\t2023年6月底前开工80个,\n年底前全部开工\n"
        "3\t规模工业增加值增长8.5%\t李四\t市工信局\t市统计局\t2023年10月底前\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市发展改革委", "市工信局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-06-30", "2023-12-31"]
    assert mention_names(items[(3,)]["lead_units"]) == ["市工信局"]


def test_the_offices_of_a_bureau_are_units():
    from yingshang.plans.parsing.units import is_unit_like

    assert is_unit_like("登记注册科") and is_unit_like("财务股") and is_unit_like("食品安全协调科")
    items = _html_table(
        ["序号", "反馈问题", "整改措施", "牵头科室", "配合科室", "完成时限"],
        [["1", "监管不严格", "修订抽查清单。", "信用监督管理科", "登记注册科", "2024年5月底前"], ["2", "案卷不规范", "开展案卷评查。", "法规科", "执法支队", "2024年8月底前"]],
    )
    assert mention_names(items[(1,)]["lead_units"]) == ["信用监督管理科"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["执法支队"]


def test_measures_numbered_inside_one_cell_are_the_rows_sub_items():
    items = _html_table(
        ["序号", "问题清单", "整改措施", "牵头处室", "整改时限"],
        [
            ["1", "理论学习不够深入", "1.列入年度学习计划;<br/>2.举办专题读书班。", "机关党委", "2022年6月底前"],
            ["2", "河湖长制落实不到位", "开展清四乱专项行动。", "河湖长制工作处", "2022年9月底前"],
        ],
    )
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["机关党委"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2022-06-30"]
    assert items[(1, 1)]["lead_units"] == [] and items[(1, 2)]["deadlines"] == []
    assert mention_names(items[(2,)]["lead_units"]) == ["河湖长制工作处"]


def _printed(paragraphs: list[str], width: int = 26, per_page: int = 7) -> str:
    """Paragraphs as the text of a printed PDF: hard breaks at the page's width, then each page's number and the
    running header on top of the next page."""
    lines = [para[i : i + width] for para in paragraphs for i in range(0, len(para), width)]
    pages = [lines[i : i + per_page] for i in range(0, len(lines), per_page)]
    running = "2024年《政府工作报告》重点工作责任分工"
    return f"\n\n— {{}} —\n\n{running}\n\n".join("\n".join(page) for page in pages).format(*range(1, len(pages)))


def test_a_pdfs_text_copy_with_hard_breaks_page_numbers_and_a_running_header():
    text = _printed(
        [
            "某省人民政府办公厅关于印发2024年《政府工作报告》重点工作责任分工的通知",
            "各项任务中列第一位的为牵头单位,其他为配合单位。",
            "一、扎实推动经济增长",
            "1.全年地区生产总值增长5.5%左右,一般公共预算收入增长5%左右。(省发展改革委、省统计局、省财政厅;2024年12月底前)",
            "2.落实促消费政策,力争社会消费品零售总额增长6%以上。上半年组织开展促消费系列活动不少于20场。(省商务厅、省发展改革委、省文化和旅游厅)",
            "3.扩大有效投资,全年实施省级重大工程和重点项目3500个以上,完成投资7000亿元以上。(省发展改革委、省财政厅;持续推进)",
            "4.优化营商环境,开展营商环境评价,9月底前完成全省评价并通报结果,对排名后三位的县开展约谈。(省发展改革委;2024年9月底前)",
        ]
    )
    assert "— 2 —" in text and text.count("重点工作责任分工\n") >= 2
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (1, 4)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["省发展改革委"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2024-12-31"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["省商务厅"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["省发展改革委", "省文化和旅游厅"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2024-06-30"]  # 上半年…不少于20场
    assert all("重点工作责任分工" not in item["text"] for item in items.values())
    assert [d["kind"] for d in items[(1, 3)]["deadlines"]] == ["scheduled"]
    assert [d["date"] for d in items[(1, 4)]["deadlines"]] == ["2024-09-30"]


def test_the_assignment_right_after_a_tasks_heading_sentence():
    text = (
        "某县2020年安全生产专项整治行动方案\n一、重点整治\n"
        "(一)危险化学品安全整治。由县应急管理局牵头,县公安局、县工信局配合。一是摸排企业底数;二是2020年底前完成评估。\n"
        "(二)消防安全整治。开展隐患排查,年内完成整治。\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县应急管理局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["县公安局", "县工信局"]
    assert "由县应急管理局牵头" not in items[(1, 1)]["text"] and "一是摸排企业底数" in items[(1, 1)]["text"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-12-31"]


# --- after written4 (PDF) and written5 (pasted copies) were scored (round 18d) ----------------------------------


def test_a_wechat_copy_whose_first_chapter_follows_an_arrow():
    text = (
        "某市2024年营商环境提升年行动方案出炉!某市发布 2024-03-12 08:30 点击蓝字关注我们近日,市政府办公室印发行动方案,"
        "一起来看↓一、提升政务服务效能(一)深化一件事一次办改革。年内新推出集成服务20项。(牵头单位:市政务办;完成时限:"
        "2024年12月底前)(二)推行免申即享。6月底前市级政策免申即享占比达到30%。(牵头单位:市发展改革委)二、优化要素供给"
        "(三)保障项目用地。推行标准地。(牵头单位:市自然资源局)"
    )
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市政务办"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2024-06-30"]


def test_a_paragraph_with_half_width_full_stops():
    text = (
        "某区2022年巩固国家卫生城市成果问题整改工作方案为巩固创建成果,制定本方案.一、市容环境卫生1、开展背街小巷清理."
        "(牵头单位:区城管局;完成时限:2022年5月31日前)2、规范农贸市场管理.(牵头单位:区市场监管局)二、病媒生物防制"
        "3、开展集中消杀.(牵头单位:区卫健局)"
    )
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区城管局"]


def test_a_sentence_after_the_unit_fields_that_only_says_when():
    text = (
        "某区防指办关于2025年汛前准备重点工作任务分工的通知 各成员单位:现将2025年汛前准备重点工作任务分工发给大家。"
        " 1.开展汛前隐患排查,建立问题清单。牵头:区水务局,配合:区住建委、各街镇。5月20日前完成。"
        " 2.修订防汛应急预案。牵头:区应急局。6月前。"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1,)]["lead_units"]) == ["区水务局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2025-05-20"]  # the year of 「现将2025年…发给大家」
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2025-06-30"]  # by June's end (round 35)


def test_a_pages_post_date_gives_the_year_of_a_plan_without_one():
    text = (
        "某市出台支持企业复工复产10条措施 某市发布 2020-02-14 点击上方蓝字关注我们 近日,市政府出台若干措施,具体如下:"
        " 一、推动企业复工复产 1.建立复工复产包联制度。(市工信局牵头;2月20日前) 2.协调解决防疫物资。(市卫健委牵头;3月底前)"
    )
    items = items_by_path(text.encode("utf-8"))
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-02-20"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2020-03-31"]


def test_the_lead_named_inside_the_tasks_sentence():
    item = _first_task("加强信息化建设,由科技处牵头建设全省监管平台,上半年完成一期建设。")
    assert mention_names(item["lead_units"]) == ["科技处"]
    # not where the clause names no unit
    assert _first_task("由各方共同牵头推进改革。")["lead_units"] == []


def test_every_few_months_is_scheduled():
    assert [d["kind"] for d in parse_deadline_field("每两个月", 2022)] == ["scheduled"]


# --- after written6 (office exports) and written7 (prose of many kinds) were scored (round 18e) -------------------


def test_a_note_that_puts_the_star_before_its_verb():
    text = (
        "某高新区2026年重点工作任务分解\n说明:1.“★”标注的为牵头部门,未标注的为配合部门。\n一、创新驱动\n"
        "1.争创国家级创新平台2家以上。\n责任部门:科技局★、经贸局\n2.新认定高新技术企业300家。\n责任部门:科技局★\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["科技局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["经贸局"]


def test_more_field_labels_of_rectification_and_street_lists():
    text = (
        "某市审计发现问题整改方案\n一、预算执行\n1.部分非税收入未及时缴库。整改措施:全面清理。\n牵头整改单位:市财政局\n"
        "配合整改单位:市自然资源局\n整改时限:2019年12月底前\n2.代编预算占比较高。\n牵头整改单位:市财政局\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市财政局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市自然资源局"]
    item = _first_task("推进两新组织党建全覆盖。\n牵头科室:党建工作办公室  责任社区:玉林东路社区\n完成时限:2024年6月底前")
    assert mention_names(item["lead_units"]) == ["党建工作办公室"]
    assert mention_names(item["responsible_units"]) == ["玉林东路社区"]
    item = _first_task("开展美丽屋场创建,全年创建12个。(镇人居办牵头,镇文化站配合;时间:11月底前完成创建验收)")
    assert mention_names(item["lead_units"]) == ["镇人居办"]
    assert [d["date"] for d in item["deadlines"]] == ["2024-11-30"]


def test_a_lead_field_that_goes_on_with_the_units_that_help():
    item = _first_task("开展美丽屋场创建。牵头单位:镇人居办,镇文化站配合;时间:11月底前")
    assert mention_names(item["lead_units"]) == ["镇人居办"]
    assert mention_names(item["responsible_units"]) == ["镇文化站"]


def test_a_clause_that_opens_with_the_units_that_lead():
    item = _first_task("降低用电成本。落实电价降低政策,国网某供电公司负责具体实施,市发展改革委牵头督导,2024年年底前完成。")
    assert mention_names(item["lead_units"]) == ["市发展改革委"]
    item = _first_task("推进产业发展行动。省工业和信息化厅牵头,省发展改革委参与,各设区市政府负责本地区组织实施。")
    assert mention_names(item["lead_units"]) == ["省工业和信息化厅"]
    # a verb ending in 行 is no bank: 「切实履行牵头责任」
    assert _first_task("压实责任。各部门要切实履行牵头责任。")["lead_units"] == []


def test_a_time_limit_that_opens_with_how_often():
    for value in ("每季度通报进展", "每学期开展一次督查", "按月发放", "立行立改,每月复查", "每季度不少于200场次"):
        assert [d["kind"] for d in parse_deadline_field(value, 2024)] == ["scheduled"], value
    assert [d["kind"] for d in parse_deadline_field("立行立改", 2024)] == ["date"]


def test_a_task_table_inside_a_pages_layout_table_keeps_the_title_before_it():
    html = (
        "<html><body><table><tr><td>当前位置:首页 &gt; 信息公开</td></tr>"
        "<tr><td>某市2018年全面推行河长制工作要点任务分解表</td></tr><tr><td>发布日期:2018-02-27</td></tr>"
        "<tr><td><table><tr><td>序号</td><td>工作任务</td><td>牵头单位</td><td>完成时限</td></tr>"
        "<tr><td>1</td><td>建立四级河长体系</td><td>市河长制办公室</td><td>3月底前</td></tr>"
        "<tr><td>2</td><td>编制一河一策方案</td><td>市水务局</td><td>6月底前</td></tr></table></td></tr>"
        "<tr><td>【打印】【关闭】</td></tr></table></body></html>"
    )
    from yingshang.plans.parsing import parse_plan

    plan = parse_plan(html.encode("utf-8"), filename="plan.html")
    assert plan["year"] == 2018
    items = items_by_path(html.encode("utf-8"), filename="plan.html")
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2018-03-31"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市水务局"]


# --- after written8 (workbooks) and written9 (messy copies) were scored (round 18f) --------------------------------


def _workbook(sheets: list[list[list]]) -> bytes:
    import io

    from openpyxl import Workbook

    book = Workbook()
    for index, rows in enumerate(sheets):
        sheet = book.active if index == 0 else book.create_sheet(f"Sheet{index + 1}")
        for row in rows:
            sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


_WORKBOOK_HEADER = ["序号", "重点任务", "牵头单位", "配合单位", "完成时限"]


def test_a_workbook_whose_table_goes_on_on_a_later_sheet_and_whose_notes_sheet_is_no_table():
    data = _workbook(
        [
            [["某市2018年安全生产重点工作任务分解表"], _WORKBOOK_HEADER, [1, "排查危化品企业。", "市应急局", "市公安局", "2018年6月底前"]],
            [_WORKBOOK_HEADER, [2, "整治消防通道。", "市消防救援支队", "各区政府", "2018年9月底前"]],
            [["填表说明"], ["1.完成时限为最迟完成时间。"], ["2.各单位每月5日前报送进展。"]],
        ]
    )
    items = items_by_path(data, filename="plan.xlsx")
    assert sorted(items) == [(1,), (2,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市消防救援支队"]


def test_measures_numbered_with_full_width_brackets_inside_a_workbook_cell():
    data = _workbook(
        [
            [
                ["某区2026年十件民生实事项目表"],
                ["序号", "项目名称", "建设内容", "牵头单位", "配合单位", "完成时限"],
                [1, "学前教育扩容", "（1）新建幼儿园2所；\n（2）改扩建小学1所。", "区教育局", "区财政局", "2026年9月底前"],
                [2, "停车便民", "新增公共停车泊位800个。", "区住建局", "区交警大队", "2026年12月底前"],
            ]
        ]
    )
    items = items_by_path(data, filename="plan.xlsx")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["区教育局"]


def test_ocr_confusions_in_dates_brackets_and_the_city_character():
    text = (
        "某区2020年城乡环境整治工作方案\n一、垃圾治理\n"
        "1.推进生活垃圾分类。2O20年底前,公共机构全面实行垃圾分类。(区城管局牵头,各街道配合)\n"
        "2.整治农贸市场周边环境。(巿场监管局牵头,20l6年lO月15曰前完成〉\n"
        "3.开展月度评比,每月通报排名〈区整治办牵头,每月)\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-12-31"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市场监管局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2016-10-15"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["区整治办"]
    # letters in English words and article numbers stay as they are
    from yingshang.plans.parsing.cleanup import _repair_ocr

    assert _repair_ocr("Office 2019年,第1O条") == ("Office 2019年,第1O条", 0)


def test_a_closing_sentence_that_only_says_how_long_the_work_goes_on():
    item = _first_task("推行帮办代办服务,打造服务品牌。持续推进。")
    assert [d["kind"] for d in item["deadlines"]] == ["scheduled"]


# --- after written10 (Word documents) and written11 (what a 督办 office receives) were scored (round 18g) -----------


def test_the_labels_of_a_jiaobandan():
    text = (
        "某市政府督查室交办单\n〔2024〕第15号\n"
        "1.完成轨道交通专题报告编制。牵头承办单位:市发展改革委;配合单位:市自然资源局。办结时限:2024年6月30日前\n"
        "2.化解农贸市场周边占道经营问题。承办单位:某区人民政府(牵头)、市城管局。办结时限:2024年7月15日前\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1,)]["lead_units"]) == ["市发展改革委"]
    assert mention_names(items[(2,)]["lead_units"]) == ["某区人民政府"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市城管局"]


def test_a_heading_that_names_its_lead_with_a_bracket_mark():
    text = (
        "关于落实市领导批示精神的分解方案\n一、市地方金融监管局(牵头)\n1.制定缓解中小企业融资难十条措施。\n"
        "2.建立金融服务专员制度。\n二、市财政局\n3.设立转贷资金池。\n"
    )
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市地方金融监管局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市地方金融监管局"]
    assert items[(2, 3)]["lead_units"] == []


def test_units_that_lead_together_inside_the_tasks_sentence():
    item = _first_task("开展专题招商。由市商务局、某区政府共同牵头,围绕创新药开展专题招商,全年引进项目10个。")
    assert mention_names(item["lead_units"]) == ["市商务局", "某区政府"]
