"""Conventions of round 27, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path


def _plan(*items: str) -> dict:
    return items_by_path("某区2024年工作方案\n一、工作安排\n" + "\n".join(items) + "\n")



def test_a_labelled_time_of_a_step_is_its_deadline():
    items = _plan(
        "(一)优先招收本小区业主子女。提供:户口簿。登记时间:7月1日—3日",
        "(二)户口迁入截止时间:2024年6月20日",
        "(三)余下名额摇号时间:8月12日",
        "(四)报名工作。报名时间为4月28日至 5月17日(节假日除外)，报名地点设在某局。",
        "(五)专项治理。重点治理活动时间为2024年7月-10月，分4个阶段实施。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-07-03"]
    assert deadline_dates(items[(1, 2)]) == ["2024-06-20"]
    assert deadline_dates(items[(1, 3)]) == ["2024-08-12"]
    assert deadline_dates(items[(1, 4)]) == ["2024-05-17"]
    assert deadline_dates(items[(1, 5)]) == ["2024-10-31"]


def test_a_steps_short_heading_then_its_span_dates_the_step():
    items = _plan(
        "(一)审查考核2024年5月17日至5月31日，某局组织审查考核。",
        "(二)第一阶段(摸底梳理):2月23日-3月5日，各科室对照清单开展摸底。",
        "(三)实施阶段时间:2024年11月-2025年1月任务:结合项目开展创建。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-05-31"]
    assert deadline_dates(items[(1, 2)]) == ["2024-03-05"]
    assert deadline_dates(items[(1, 3)]) == ["2025-01-31"]


def test_spans_opening_the_clauses_of_a_schedule_are_each_due():
    items = _plan(
        "(一)抽检安排2024年5月-6月:抽检玩具、文具；2024年9月-10月:抽检插座、电线。",
        "(二)分阶段推进:第一阶段为3月16日至4月15日，完成修复；第二阶段为4月16日至5月16日，开展巡查。",
        "(三)目标任务 从2024年3月至9月，基本完成全区清产核资任务。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-06-30", "2024-10-31"]
    assert deadline_dates(items[(1, 2)]) == ["2024-04-15", "2024-05-16"]
    assert deadline_dates(items[(1, 3)]) == ["2024-09-30"]


def test_a_span_that_grants_starts_or_only_counts_is_no_deadline():
    items = _plan(
        "(一)支持困难企业。2024年1月1日至12月31日，困难企业可组织开展职工培训，所需经费按规定列支。",
        "(二)落实补贴政策，补贴政策实施期限为2024年1月1日至2024年12月31日。",
        "(三)公示。公示时间:2024年12月13日至2024年12月19日,共7天。",
        "(四)长效管理。第四阶段(长效管理):5月1日开始，持续推进。工作时间:上午8:00-12:00。",
        "(五)统计口径。统计时间:2024年1月1日至6月30日。",
    )
    for path in [(1, 1), (1, 2), (1, 3), (1, 5)]:
        assert not [d for d in items[path]["deadlines"] if d["kind"] == "date"], path
    assert "2024-05-01" not in deadline_dates(items[(1, 4)])


def test_a_first_chapter_typed_as_a_dash_is_chapter_one():
    text = (
        "某区近期工作要点 为推进某项工作，制定要点如下： ―、压实属地责任 各片区要提高站位，组织落实。"
        " 二、加强源头管控 （一）加强监督检查。依法查处违法行为。（区市场监管局负责；持续推进）"
        " （二）开展摸排。组织摸排。（区经发局负责，2024年底前完成）"
        " 三、规范流通管理 （一）落实减塑责任。加强监督管理。（区商务局负责）"
    )
    items = items_by_path(text)
    assert set(items) >= {(1,), (2,), (2, 1), (2, 2), (3,), (3, 1)}
    assert [d["date"] for d in items[(2, 2)]["deadlines"]] == ["2024-12-31"]


def test_a_web_table_copied_as_one_line_with_spaces_between_cells_is_read_row_by_row():
    text = (
        "附件1 主要任务时序进度表 序号 重点工作 主要任务 时间要求 责任单位 "
        "1 禁止生产的制品 禁止生产和销售超薄购物袋。 即日起 区经发局、区市场监管局按职责分工 "
        "2 禁止以废料为原料制造制品。 2024年底前 "
        "3 限制使用塑料袋 商场、超市禁止使用不可降解塑料袋。 2025年底前 区商务局、区市场监管局按职责分工 "
        "4 集贸市场禁止使用不可降解塑料袋，厚度小于0.025毫米的一律禁止。 2026年底前"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2024-12-31"]
    assert [d["date"] for d in items[(4,)]["deadlines"]] == ["2026-12-31"]
    assert "厚度小于0.025毫米" in items[(4,)]["text"]


def test_a_roles_field_named_only_zeren_gives_the_lead_its_value_marks():
    items = items_by_path(
        "某镇人居环境整治工作方案\n一、整治内容\n"
        "1.拆除违章搭建和破旧棚舍，做到应拆尽拆。\n责任:综合执法队牵头，规划建设办、各村(社区)配合\n"
        "2.整治“五线”乱拉乱挂。\n责任:规划建设办牵头，各村(社区)落实\n"
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["综合执法队"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["规划建设办"]


def test_minutes_that_ask_a_unit_to_lead_name_the_unit_without_the_asking():
    items = items_by_path(
        "某市政府常务会议纪要\n一、关于古城保护利用工作\n"
        "会议同意成立工作专班。请某某区政府牵头，市文广新局、市住建局配合，抓紧编制方案，9月底前报市政府研究。\n"
        "二、关于项目建设\n请市发改委牵头，市财政局配合，10月底前完成。\n"
    )
    assert [m["mention"] for m in items[(1,)]["lead_units"]] == ["某某区政府"]
    assert [m["mention"] for m in items[(2,)]["lead_units"]] == ["市发改委"]


def test_a_festival_the_work_is_due_before_is_dated_to_its_eve():
    items = items_by_path(
        "关于做好根治欠薪工作的通知\n一、工作任务\n"
        "（一）全面排查欠薪问题，2025年春节前全部清偿。\n"
        "（二）执法检查阶段(2025年1月1日至2025年春节前)。组织检查。\n"
        "（三）中秋、国庆前开展一次联合检查。\n"
        "（四）在中秋、国庆节前、节中、节后开展检查。\n"
        "（五）年底至春节前(2025年1月20日前)完成排查。\n"
        "（六）确保春节前夕新增违建清零。\n"
        "某某局\n2024年3月5日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2025-01-28"]  # 春节 2025 is 1月29日
    assert "2025-01-28" in deadline_dates(items[(1, 2)])
    assert deadline_dates(items[(1, 3)]) == ["2024-09-16"]  # 中秋 2024 is 9月17日: the first festival named
    assert deadline_dates(items[(1, 4)]) == []
    assert deadline_dates(items[(1, 5)]) == ["2025-01-20"]
    assert deadline_dates(items[(1, 6)]) == []


def test_a_yearless_festival_in_a_notice_signed_after_it_is_the_coming_one():
    items = items_by_path(
        "关于做好冬季欠薪治理的通知\n一、工作任务\n（一）排查欠薪问题，春节前全部清偿。\n（二）元旦前完成摸排。\n"
        "某某局\n2024年12月10日\n"
    )
    assert deadline_dates(items[(1, 1)]) == ["2025-01-28"]
    assert deadline_dates(items[(1, 2)]) == ["2024-12-31"]


def test_a_sentence_that_names_the_lead_outranks_a_field_of_the_offices_doing_the_work():
    items = items_by_path(
        "某局安全生产月活动方案\n一、活动内容\n"
        "（一）开展宣传活动由某某局牵头，各所属企业共同参与，充分利用宣传载体开展宣传。责任处室：办公室、各所属企业完成时限：6月15日前\n"
        "（二）开展专题学习。组织理论中心组专题学习。责任处室：党建人事处完成时限：6月25日前\n"
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["某某局"]
    assert items[(1, 2)]["lead_units"] == []


def test_a_web_table_glued_to_its_page_reads_each_rows_trailing_cell_by_the_header():
    text = (
        "某局关于印发重点工作任务及分工表的通知 局各相关处室：现印发给你们，请抓好落实。 某局 2024年7月10日 "
        "附件重点工作任务及分工表 重点任务主要内容主要责任处室"
        "一、健全公共卫生服务体系1.推进健康城市建设。推动将健康理念融入所有政策。公卫家庭处"
        "2.改革疾病预防控制体系。健全完善公卫服务体系。公卫家庭处医政医管处"
        "二、提升医疗卫生服务能力3.强化投入保障。建立稳定长效的投入机制。办公室(财务科)"
        "三、力促“增效益、促公平”，推进“三医”联动4.推进集中采购。有序扩大集中采购品种范围。医保处、医政医管处"
    )
    items = items_by_path(text)
    assert sorted(p for p in items if len(p) == 2) == [(1, 1), (1, 2), (2, 3), (3, 4)]
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["公卫家庭处"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["公卫家庭处", "医政医管处"]
    assert [m["mention"] for m in items[(2, 3)]["lead_units"]] == ["办公室(财务科)"]
    assert [m["mention"] for m in items[(3, 4)]["lead_units"]] == ["医保处", "医政医管处"]
    assert "医保处" not in items[(3, 4)]["text"]


def test_a_row_that_ends_in_words_other_than_units_keeps_its_text():
    text = (
        "某局关于印发重点工作任务及分工表的通知 局各相关处室：现印发给你们，请抓好落实。 某局 2024年7月10日 "
        "附件重点工作任务及分工表 重点任务主要内容主要责任处室"
        "一、健全体系1.推进健康城市建设。推动理念融入所有政策。公卫家庭处"
        "2.改革疾病预防控制体系。加快推进各项工作落实到位"
    )
    items = items_by_path(text)
    assert items[(1, 2)]["lead_units"] == []
    assert "加快推进各项工作落实到位" in items[(1, 2)]["text"]


def test_units_that_each_answer_by_their_duties_do_not_hide_the_lead():
    items = _plan(
        "（一）推动开展许可权工作。责任单位：区审批局牵头，区办公室参加,区直各有关部门按职责分别负责",
        "（二）深化行政体制改革。责任单位：区党群工作部牵头，区直各有关部门按职责分别负责",
    )
    assert [m["mention"] for m in items[(1, 1)]["lead_units"]] == ["区审批局"]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区党群工作部"]


def test_a_chapter_run_on_to_the_units_opens_where_the_next_running_point_follows_its_heading():
    text = (
        "某区2024年法治政府建设重点工作安排 为推进法治政府建设，现作如下安排：一、依法全面履行政府职能"
        "（一）推动开展许可权工作。责任单位：区审批局牵头，区直各有关部门按职责分别负责"
        "（二）深化行政体制改革。责任单位：区党群工作部牵头，区直各有关部门按职责分别负责"
        "二、完善依法行政制度体系（三）坚持在法治前提下推进改革。责任单位：区办公室牵头，区直各有关部门按职责分别负责"
        "（四）推进立法工作。责任单位：区司法局牵头"
    )
    items = items_by_path(text)
    assert sorted(p for p in items if len(p) == 2) == [(1, 1), (1, 2), (2, 3), (2, 4)]
    assert [m["mention"] for m in items[(1, 2)]["lead_units"]] == ["区党群工作部"]
    assert [m["mention"] for m in items[(2, 3)]["lead_units"]] == ["区办公室"]


def test_a_table_whose_time_column_comes_first_dates_each_row_by_its_leading_cell():
    text = (
        "附件 某局2024年安全生产工作计划表 序号时间重点内容落实单位"
        "1全年深入学习贯彻安全生产重要论述局各处室按职责落实"
        "2全年安全生产法律法规宣传教育局各处室按职责落实"
        "31月元旦、春节期间安全生产工作局各处室按职责落实"
        "42-3月全国“两会”期间安全生产工作局各处室按职责落实"
    )
    items = items_by_path(text)
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert deadline_dates(items[(1,)]) == ["2024-12-31"]
    assert deadline_dates(items[(3,)]) == ["2024-01-31"]
    assert deadline_dates(items[(4,)]) == ["2024-03-31"]


def test_a_campaign_from_the_day_of_issue_and_a_time_set_for_an_activity():
    items = _plan(
        "（一）专项整治活动从发文之日起至2024年底，分三个阶段实施。",
        "（二）活动时间 本次“安全生产月”活动定于2024年6月1日至30日。",
        "（三）宣传咨询日活动定于6月16日在广场举行。",
        "（四）部分任务滞后，其中2项原定于5月底前完成的任务至今仍未完成。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-12-31"]
    assert deadline_dates(items[(1, 2)]) == ["2024-06-30"]
    assert deadline_dates(items[(1, 3)]) == ["2024-06-16"]
    assert deadline_dates(items[(1, 4)]) == []


def test_a_span_whose_first_day_drops_its_ri_or_runs_into_the_next_year():
    items = _plan(
        "（一）活动时间 2024年5月21—28日",
        "（二）局复核时间:11月10-14日；",
        "（三）报名时间:11月28日-1月3日；",
        "（四）主场活动 启动仪式拟于5月27日下午在公园举办。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-05-28"]
    assert deadline_dates(items[(1, 2)]) == ["2024-11-14"]
    assert deadline_dates(items[(1, 3)]) == ["2025-01-03"]
    assert deadline_dates(items[(1, 4)]) == ["2024-05-27"]


def test_an_item_opening_with_a_year_and_its_months_and_a_campaign_that_mostly_ends():
    items = _plan(
        "（一）2024年1-3月，收集社保内部及公安户籍等部门数据。",
        "（二）2024年4-5月，完成内外部数据比对。",
        "（三）教育实践活动从3月份开始至9月份基本结束。",
    )
    assert deadline_dates(items[(1, 1)]) == ["2024-03-31"]
    assert deadline_dates(items[(1, 2)]) == ["2024-05-31"]
    assert deadline_dates(items[(1, 3)]) == ["2024-09-30"]
