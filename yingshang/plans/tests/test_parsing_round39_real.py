"""Conventions of round 39, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

# An item whose work is divided among several units, each part a sentence (or the part after a semicolon) that opens
# with the unit leading it — the same division 「…由A牵头负责;…由B牵头负责」 states with 由.
_WORK_DIVIDED_AMONG_LEADS = """某县农村房屋安全隐患排查整治工作方案
一、工作任务
(一)全面排查。全面排查农村房屋基本情况。县住建局牵头开展结构安全排查;县市场监管局牵头开展经营安全排查;县自然资源局牵头开展用地合法性排查。
(二)宣传引导。县委宣传部牵头做好政策解读工作。县融媒体中心牵头做好舆论引导工作。
(三)职责分工
县财政局牵头负责资金保障。
县应急局牵头负责应急处置。
(四)督导检查。县政府督查室牵头组织督导,各乡镇配合。
"""


def test_work_divided_among_units_each_opening_its_part_names_each_as_a_lead():
    items = items_by_path(_WORK_DIVIDED_AMONG_LEADS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县住建局", "县市场监管局", "县自然资源局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县委宣传部", "县融媒体中心"]
    assert mention_names(items[(1, 3)]["lead_units"]) == ["县财政局", "县应急局"]
    assert mention_names(items[(1, 4)]["lead_units"]) == ["县政府督查室"]


# Two units named as leads in one clause's middle — 「结合A牵头开展的行动,B牵头…」 — are no division of the work: the
# first is another campaign's lead, and the item keeps the one its own clause names.
_ANOTHER_CAMPAIGNS_LEAD_IN_PASSING = """某市食品安全工作方案
一、重点任务
(一)结合市卫健委牵头开展的专项行动,市市场监管局牵头组织抽检。
"""


def test_a_lead_named_inside_a_clause_is_no_part_of_a_division():
    items = items_by_path(_ANOTHER_CAMPAIGNS_LEAD_IN_PASSING)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市市场监管局"]


# An activity plan's schedule: each point opens with the day it is done on, 「1、3月5日,…」 — a month with its day is no
# second number of a list such as 「1、2月份」.
_POINTS_OPENING_WITH_THEIR_DAY = """某县消费者权益日活动方案
一、组织领导
成立活动组委会。
二、活动安排
1、3月5日,组委会召开筹备会。
2、3月9日至3月13日,各成员单位开展市场专项整治。
3、3月12日前,悬挂宣传横幅。
三、工作要求
1、2月份各单位报送方案。
"""


def test_points_that_open_with_their_day_are_points_and_keep_their_words():
    items = items_by_path(_POINTS_OPENING_WITH_THEIR_DAY)
    assert sorted(items) == [(1,), (2,), (2, 1), (2, 2), (2, 3), (3,)]
    assert items[(2, 1)]["title"] == "3月5日,组委会召开筹备会"
    # (a meeting named after a day is what is done then, not a unit answering for it)
    assert items[(2, 1)]["lead_units"] == [] and items[(2, 1)]["responsible_units"] == []
    assert [d["text"] for d in items[(2, 2)]["deadlines"]] == ["3月13日"]


# An item whose only sentence names who leads and who helps (「…由A牵头组织,B、C负责具体实施」) is read as its fields;
# the ledger still shows what the item says.
_AN_ITEM_THAT_IS_ITS_ASSIGNMENT = """某局绩效管理工作方案
一、组织领导由局效能建设领导小组牵头组织,局办公室、局机关党委负责具体实施。
二、管理范围
局属各单位。
"""


def test_an_item_read_whole_as_its_fields_keeps_its_text():
    items = items_by_path(_AN_ITEM_THAT_IS_ITS_ASSIGNMENT)
    assert items[(1,)]["title"].startswith("组织领导")
    assert "局办公室" in items[(1,)]["text"]


# A festival's list of events, each with its 时间 field: the event runs over a span of days, and is due by its last day —
# whether the span's note gives the lunar days it runs over, or its end states its own year.
_EVENTS_OVER_SPANS_OF_DAYS = """某县2024年春节元宵节文化活动方案
(一)书法家送春联活动
时间:2024年1月21日至2月8日(农历腊月十一至腊月二十九)
承办单位:县文联
(二)迎新春灯展
时间:2024年1月25日——2024年2月24日
承办单位:县文旅局
(三)跨年文艺展演
时间:2023年12月20日至1月5日
承办单位:县文化馆
(四)元宵节戏曲展演
时间:2月22日至24日(农历正月十三至十五)
承办单位:县剧团
"""


def test_an_events_span_of_days_is_due_by_its_last_day():
    items = items_by_path(_EVENTS_OVER_SPANS_OF_DAYS)
    assert deadline_dates(items[(1,)]) == ["2024-02-08"]
    assert deadline_dates(items[(2,)]) == ["2024-02-24"]
    # (an end before the start is in the next year)
    assert deadline_dates(items[(3,)]) == ["2024-01-05"]
    assert deadline_dates(items[(4,)]) == ["2024-02-24"]


# A contingency plan (预案) for a festival's events, with no title line: the sentence that issues it names its year, and
# an event open on some weekdays over its span is due by the span's last day.
_A_PREAMBLE_ISSUING_A_CONTINGENCY_PLAN = """2019年春节期间,县文旅局主办的文化活动共有两项,为确保活动安全举办,特制定以下安全防范预案:
一、书画展
(一)活动时间
1月26日—2月19日(每周二至周日)
(二)活动地点
县博物馆。
二、灯谜竞猜
(一)活动时间
2月19日
"""


def test_a_contingency_plans_issuing_sentence_gives_the_year_and_weekdays_are_a_note():
    items = items_by_path(_A_PREAMBLE_ISSUING_A_CONTINGENCY_PLAN)
    assert deadline_dates(items[(1, 1)]) == ["2019-02-19"]
    assert deadline_dates(items[(2, 1)]) == ["2019-02-19"]


# A copy of an activity plan that states no year at all: each event's day, as it opens its point, is the point's time —
# kept as written for the reviewer to date (as 「6月15日前」 is), and written once where two rules find it.
_EVENTS_IN_A_COPY_WITHOUT_A_YEAR = """红十字博爱周活动方案
一、活动安排
(一)5月8日,在市体育中心广场举办义诊活动。
(二)5月12日,举行应急救护知识进社区活动。
(三)5月15日前,各单位报送活动总结。
"""


def test_an_events_day_in_a_copy_without_a_year_is_kept_as_written():
    items = items_by_path(_EVENTS_IN_A_COPY_WITHOUT_A_YEAR)
    assert [(d["text"], d["date"]) for d in items[(1, 1)]["deadlines"]] == [("5月8日", None)]
    assert [(d["text"], d["date"]) for d in items[(1, 2)]["deadlines"]] == [("5月12日", None)]
    assert [(d["text"], d["date"]) for d in items[(1, 3)]["deadlines"]] == [("5月15日前", None)]


# A list of commemorations: each opens with its day — around it, or by the day's name — and says later in the sentence,
# after who holds it and where, what is held then. A day from which something starts is no such time.
_COMMEMORATIONS_BY_THEIR_DAYS = """某省2025年纪念活动安排
一、9月18日,以省委、省政府名义,在某市历史博物馆举行撞钟鸣警仪式。
二、10月25日前后,举行纪念大会。
三、9月30日烈士纪念日,在烈士陵园举行敬献花篮仪式。
四、2025年1月1日起,各地举办主题展览。
"""


def test_a_day_that_opens_a_sentence_holding_an_event_is_that_events_time():
    items = items_by_path(_COMMEMORATIONS_BY_THEIR_DAYS)
    assert deadline_dates(items[(1,)]) == ["2025-09-18"]
    assert deadline_dates(items[(2,)]) == ["2025-10-25"]
    assert deadline_dates(items[(3,)]) == ["2025-09-30"]
    assert items[(4,)]["deadlines"] == []


# An essay contest's 「主办单位」 heading over a sentence, not a list: the body named by 由…主办 leads, and a clause that
# closes with a role (「…共同承办」) is no unit; in a bracket, 承办 is a helper's role like 协办.
_HOSTS_IN_A_SENTENCE_UNDER_THEIR_HEADING = """某市征文活动方案
一、征文主题
喜迎建党100周年。
二、主办单位
本次征文活动由市委宣传部主办,市委改革办、市日报社、区文联共同承办。
三、工作安排
(一)畅通诉求渠道,办理情况每月通报。(市政府办公室牵头,市热线服务中心承办)
"""


def test_the_host_named_in_a_sentence_under_its_heading_leads_and_a_role_closing_a_clause_is_no_unit():
    items = items_by_path(_HOSTS_IN_A_SENTENCE_UNDER_THEIR_HEADING)
    assert mention_names(items[(2,)]["lead_units"]) == ["市委宣传部"]
    assert mention_names(items[(2,)]["responsible_units"]) == ["市委改革办", "市日报社", "区文联"]
    assert mention_names(items[(3, 1)]["lead_units"]) == ["市政府办公室"]
    assert mention_names(items[(3, 1)]["responsible_units"]) == ["市热线服务中心"]


# 「明确经发局为牵头部门」, 「确定区商务局为牵头单位」: the verb that designates the lead is no part of its name.
_A_LEAD_DESIGNATED = """某区煤炭清洁利用工作方案
一、工作措施
(一)成立工作专班,明确经发局为牵头部门,制定任务目标。
(二)确定区商务局为牵头单位。
"""


def test_the_verb_that_designates_the_lead_is_no_part_of_its_name():
    items = items_by_path(_A_LEAD_DESIGNATED)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["经发局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区商务局"]


# A 分工 table whose 牵头单位 column answers in words for some rows — the task's words that a copy shifted into it, or the
# row's status — names no unit there; the rows that name one keep it.
_WORDS_IN_THE_LEAD_COLUMN = """序号\t工作任务\t牵头单位\t完成时限
1\t推进征地拆迁,保障项目用地\t积极配合各部门做好征地拆迁工作\t2024年6月底前
2\t完成老旧小区改造\t已完成\t2024年9月底前
3\t建设智慧停车平台\t区交通局\t2024年12月底前
"""


def test_words_in_a_lead_column_that_name_no_body_are_no_unit():
    items = items_by_path(_WORDS_IN_THE_LEAD_COLUMN)
    assert items[(1,)]["lead_units"] == []
    assert items[(2,)]["lead_units"] == []
    assert mention_names(items[(3,)]["lead_units"]) == ["区交通局"]


# A step whose text opens with the months it runs over, the first written as its bare number (「自2019年5—9月,…开展」, as a
# phase's heading writes 「(2019年5—9月)」), is due by the last month's end.
_STEPS_OVER_MONTHS_WITH_A_BARE_FIRST_MONTH = """某局2019年药品安全专项治理工作方案
一、工作步骤
(一)自查阶段
2019年3—4月,各单位开展自查。
(二)监督检查阶段
自2019年5—9月,采取“双随机”方式开展监督检查。
"""


def test_a_step_over_months_whose_first_month_is_a_bare_number_is_due_by_the_last():
    items = items_by_path(_STEPS_OVER_MONTHS_WITH_A_BARE_FIRST_MONTH)
    assert deadline_dates(items[(1, 1)]) == ["2019-04-30"]
    assert deadline_dates(items[(1, 2)]) == ["2019-09-30"]


# An activity's programme pasted as one paragraph: its chapter headings name the programme's parts (活动目的, 参加人员,
# 活动议程), and each chapter number runs on to the last word of the chapter before.
_AN_ACTIVITY_PROGRAMME_AS_ONE_PARAGRAPH = (
    "2025年清明节祭奠革命先烈活动方案为缅怀革命先烈,县委、县政府决定举办清明祭奠活动,活动方案如下:一、活动时间2025年4月3日上午9:00"
    "二、活动地点县烈士陵园三、活动议程祭奠仪式由县委办公室主持。1、奏唱国歌;2、敬献花圈;3、默哀;4、向烈士墓三鞠躬。"
    "四、活动目的继承先烈遗志,发扬革命传统五、参加人员(一)县级领导同志;(二)机关干部代表20人。"
)


def test_an_activity_programmes_chapters_run_on_to_the_word_before_them():
    items = items_by_path(_AN_ACTIVITY_PROGRAMME_AS_ONE_PARAGRAPH)
    assert [path for path in sorted(items) if len(path) == 1] == [(1,), (2,), (3,), (4,), (5,)]
    assert items[(3,)]["title"].startswith("活动议程")
    assert sorted(path for path in items if path[:1] == (3,) and len(path) == 2) == [(3, 1), (3, 2), (3, 3), (3, 4)]
    assert sorted(path for path in items if path[:1] == (5,) and len(path) == 2) == [(5, 1), (5, 2)]


# 「在县教育局的牵头下,…」 names the body under whose lead the work is done; 「…履行某“一件事”牵头部门职责」 the body told to
# lead, with the work it leads named between the verb and its role.
_LEADS_NAMED_BY_A_PHRASE = """某县学前教育宣传月活动方案
一、活动内容
(一)在县教育局的牵头下,各幼儿园开展宣传。
(二)县自然资源局履行不动产登记“一件事”牵头部门职责,统筹推进相关工作。
"""


def test_a_lead_named_by_under_whose_lead_or_by_the_lead_duty_it_carries_out():
    items = items_by_path(_LEADS_NAMED_BY_A_PHRASE)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["县教育局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["县自然资源局"]
