"""Conventions of round 26, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

import time

from .parsing_helpers import items_by_path, mention_names


def _plan(*items: str) -> dict:
    return items_by_path("某区工作方案\n一、主要任务\n" + "\n".join(items) + "\n")


def test_helpers_named_with_their_verb_do_not_hide_the_leads_of_the_bracket():
    # 「……配合实施」: the helpers' verb after 配合 — the bracket is still the item's roles
    items = _plan("(一)建立清单。按规范建立耕地分类清单。(区农业农村委、区生态环境局牵头, 各街镇、开发区、某某集团配合实施)")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区农业农村委", "区生态环境局"]
    assert "某某集团" in mention_names(items[(1, 1)]["responsible_units"])


def test_helpers_that_act_as_their_conditions_allow_are_helpers():
    items = _plan("(一)开展专题调查。到2025年完成专题调查。(市规划资源局牵头，相关区有关部门结合实际落实)")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市规划资源局"]


def test_a_note_on_the_items_below_does_not_turn_the_bracket_into_text():
    items = _plan(
        "(一)落实信息调查。2023年底前完成首轮调查。(区资源局牵头负责;各片区负责配合落实，以下均需各片区配合落实，不再列出)",
        "(二)开展评估。2024年底前完成评估。(区资源局牵头负责)",
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区资源局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["各片区"]


# A page that joined its paragraphs with nothing: the next chapter's number run on to the last word before it.
_PREAMBLE = "为做好某项工作，特制定本方案。" * 12


def _one_paragraph(body: str) -> dict:
    return items_by_path("某片区某项工作实施方案\n" + _PREAMBLE + body + "\n")


def test_the_next_chapter_run_on_to_a_name_opens_when_its_first_point_follows_its_heading():
    items = _one_paragraph(
        "一、成立督查组组长：张某副组长：李某成员：王某、赵某二、工作职责（一）统筹推进督查工作。（二）督促落实重大决策。"
        "三、督查内容（一）日常督查。（二）专项督查。"
    )
    assert [p for p in items if len(p) == 1] == [(1,), (2,), (3,)]
    assert (2, 2) in items and (3, 1) in items


def test_the_next_chapter_run_on_to_a_date_opens_when_a_chapter_heading_follows():
    items = _one_paragraph(
        "一、工作目标全面排查隐患。二、整治时间2018年8月至10月31日三、整治范围建筑面积5万平方米以上的商业综合体。"
        " 四、整治重点1．是否通过消防验收。2．疏散通道是否畅通。"
    )
    assert [p for p in items if len(p) == 1] == [(1,), (2,), (3,), (4,)]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2018-10-31"]


def test_a_numeral_in_the_text_is_not_a_chapter_without_a_heading_after_it():
    # 「独一无二、特色鲜明」: the next chapter's numeral, run on to a word, with no heading after it
    items = _one_paragraph("一、工作目标打造独一无二、特色鲜明的旅游品牌，力争年内完成。二、工作要求（一）加强领导。")
    assert [p for p in items if len(p) == 1] == [(1,), (2,)]
    assert "特色鲜明的旅游品牌" in items[(1,)]["text"]


def test_a_site_footer_run_on_to_the_last_item_is_not_the_items_lead():
    items = _one_paragraph(
        "一、工作目标全面完成。二、工作要求1. 加强组织领导2. 强化监督考核主办单位:某县人民政府办公室 版权所有:某市人民政府办公室"
        "地址:某县人民大街60号 某ICP备2020012834号 网站标识码:2109220045"
    )
    assert items[(2, 2)]["lead_units"] == []
    assert "ICP" not in items[(2, 2)]["text"]


def test_a_plans_own_host_unit_field_stays_a_field():
    # 主办单位 with no site registration after it is the plan's own field
    items = _plan("(一)举办招商推介会。主办单位:区商务局。2024年6月底前完成。")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区商务局"]


def test_the_offices_that_help_a_leading_office_are_a_field_of_their_own():
    # 「牵头处室:A协同处室:B」: the second label run on to the first value
    items = _one_paragraph(
        "一、共性普法责任1.学习宣传宪法。2.学习宣传民法典。二、重点联动普法责任清单1.开展法律下乡活动。牵头处室：政法综治处"
        "协同处室：各处室（中心）、某某办事处、各村（居）2.开展防范宣传。牵头处室：经济发展处协同处室：各处室（中心）"
    )
    assert mention_names(items[(2, 1)]["lead_units"]) == ["政法综治处"]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["经济发展处"]


def test_a_span_within_one_month_ends_on_its_last_day():
    items = _plan(
        "(一)全面排查阶段(2020年3月10日-24日)。各分局摸清经营主体隐患。",
        "(二)总结验收(2022年3月16日至31日)。认真总结工作成效。",
        "(三)活动时间2018年9月6日至12日，9月6日全区统一启动。",
        "(四)召开常务会议(1月10日)。研究部署工作。",
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-03-24"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2022-03-31"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2018-09-12"]
    assert items[(1, 4)]["deadlines"] == []  # a meeting's one date in brackets is no span


def test_a_notices_list_of_attachments_run_on_to_the_last_item_is_not_its_points():
    items = _one_paragraph(
        "一、工作目标全面完成。二、工作要求（一）加强领导。（二）强化宣传。广泛宣传改革成果，营造良好氛围。 附件：1.某某工作领导小组成员名单"
        "2.某某工作任务分解表3.某某审批服务操作规则"
    )
    assert (2, 2, 1) not in items and (2, 2) in items
    assert "成员名单" not in items[(2, 2)]["text"]


def test_the_ways_a_notice_for_comment_takes_opinions_are_not_the_plans_items():
    text = (
        "为优化营商环境，我局起草了《某区2024年营商环境优化提升行动方案（征求意见稿）》，现向社会公开征求意见。社会各界人士可于"
        "2024年5月17日前通过以下方式提出意见和建议：1. 通过电话方式将意见反馈至：0591-23153022；2. 通过电子邮件方式将意见发送"
        "某某@163.com。附件：某区2024年营商环境优化提升行动方案 为进一步优化营商环境，特制定本方案。一、打造公平有序的市场环境"
        "1.优化市场准入服务。推进住所登记承诺制。责任单位：区行政审批局牵头，各业务主管部门负责2.促进公平竞争。健全公平竞争审查"
        "机制。责任单位：区市场监管局牵头，各部门负责二、打造高效便利的政务环境3.推动高效办成一件事。"
    )
    items = items_by_path(text + "\n")
    assert [p for p in items if len(p) == 1] == [(1,), (2,)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区行政审批局"]
    assert (2, 3) in items


def test_a_notice_for_comment_with_its_channels_on_lines_of_their_own():
    items = items_by_path(
        "某区行动方案（征求意见稿）\n请于6月1日前通过以下方式反馈意见：\n1.电话：0591-0000000\n2.电子邮件：某某@163.com\n"
        "一、主要任务\n（一）优化市场准入服务。（区行政审批局牵头）\n（二）促进公平竞争。（区市场监管局牵头）\n"
    )
    assert [p for p in items if len(p) == 1] == [(1,)]


def test_the_next_chapter_run_on_to_a_units_field_that_states_each_units_role():
    items = _one_paragraph(
        "一、打造公平有序的市场环境1.优化市场准入服务。推进住所登记承诺制。责任单位：区行政审批局牵头，各业务主管部门负责"
        "二、打造高效便利的政务环境2.加快提升窗口服务质效。开展能力提升培训。责任单位：区行政服务中心牵头，各入驻窗口单位负责"
        "三、打造公正透明的法治环境3.优化涉企司法服务。常态化开展法律服务。"
    )
    assert [p for p in items if len(p) == 1] == [(1,), (2,), (3,)]
    assert mention_names(items[(2, 2)]["lead_units"]) == ["区行政服务中心"]


def test_a_campaign_from_today_or_closed_by_its_end_is_due_by_that_end():
    items = _plan(
        "(一)工作步骤。即日起至2022年3月31日，分四个阶段进行。",
        "(二)整治步骤。此次专项整治工作自2016年4月20日开始至2016年10月30日结束，分四个阶段进行。",
        "(三)检查时间。会计检查工作至2023年11月底结束。",
    )
    year_less = items_by_path("某区2022年安全生产大会战方案\n一、主要任务\n(一)抓住关键时段。即日起至12月底开展“百日大会战”。\n")
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2022-03-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2016-10-30"]
    assert [d["date"] for d in items[(1, 3)]["deadlines"]] == ["2023-11-30"]
    assert [d["date"] for d in year_less[(1, 1)]["deadlines"]] == ["2022-12-31"]


def test_a_span_that_looks_back_is_no_campaigns_end():
    items = _plan(
        "(一)加强执法。2019年1月至2020年12月，全区共查处案件120件。",
        "(二)开展巡查。2021年3月至2021年6月，各村累计巡查80次。",
    )
    assert items[(1, 1)]["deadlines"] == [] and items[(1, 2)]["deadlines"] == []


def test_the_first_chapter_run_on_to_a_table_header_with_a_spaced_out_cell():
    items = _one_paragraph(
        "2018年政务公开工作主要任务分解表 工作任务牵头单位责任单位工 作 要 求一、着力加强公开解读回应工作（一）围绕建设法治政府"
        "全面推进政务公开1.政府工作要做到公开透明 区直有关单位坚持以公开为常态。2.推进政策执行阳光透明 区直有关单位做到快知晓。"
    )
    assert (1, 1, 2) in items


def test_a_day_the_month_does_not_have_is_the_months_last_day():
    items = items_by_path("某局2019年特种设备监督检查计划\n一、工作安排\n（一）4月31日前完成自查。\n（二）6月31日前完成抽查。\n")
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2019-04-30"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2019-06-30"]


def test_the_documents_own_number_run_on_to_its_title_gives_the_year():
    items = _one_paragraph(
        "某某局文件某社会教〔2015〕66号某某局秋季初一年招生工作方案各中小学：为规范招生，依据《某某意见》（某办发〔2013〕5号），"
        "特制定本方案。一、报名时间各校于7月3日前完成报名。二、录取安排7月15日前完成录取。"
    )
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2015-07-03"]


def test_dates_listed_before_one_qian_are_each_a_time_limit():
    items = items_by_path(
        "某局2020年专项行动方案\n一、工作要求\n（一）及时报送信息。各单位请分别于3月27日、6月22日、9月25日、11月27日前报送工作总结。\n"
        "（二）召开会议。3月1日、6月1日召开推进会，年底前完成总结。\n"
    )
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2020-03-27", "2020-06-22", "2020-09-25", "2020-11-27"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2020-12-31"]  # no 前 after the list: meeting days


def test_a_duties_heading_run_on_to_the_unit_that_leads_is_not_part_of_its_name():
    items = _one_paragraph(
        "一、成立领导小组组长：张某二、职责分工食品监督管理处负责牵头本次专项行动组织实施，适时组织专项抽检。三、工作要求（一）加强领导。"
    )
    assert mention_names(items[(2,)]["lead_units"]) == ["食品监督管理处"]


def test_a_long_page_of_run_on_lists_without_a_full_stop_is_read_in_linear_time():
    # channels, attachments and dates listed over and over with no 。 anywhere: a look-back over the whole page for each
    # number made this take minutes; the run-on lists are looked for in a short window before each number
    body = "".join(
        f"{c}、第{c}章" + "".join(f"{i}.开展第{i}项检查，通过以下方式反馈意见：电话，附件：{i}.某表，于3月1日、4月2日完成" for i in range(1, 26))
        for c in ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十", *(f"十{d}" for d in "一二三四五六七八九"), "二十"]
    )
    started = time.monotonic()
    items = items_by_path("某区2024年工作方案" + "为做好工作，特制定本方案。" * 5 + body + "\n")
    assert time.monotonic() - started < 10  # under a second here; 17 s before the window (and 395 s on a longer page)
    assert (1, 1) in items  # (what follows each 「通过以下方式反馈意见：」 is read as its list of channels)
