"""Conventions of round 38, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path

# A converter that prints every reading of a character with several, between slashes, right inside the numbering.
_READINGS_BETWEEN_SLASHES = """某自治區空氣質量改善行動方案
一(yī / yì /yí)、總體要(yào / yāo)求
(一(yī / yì /yí))主要目标。到(dào)2025年,全區優良天數比率達到(dào)90%以(yǐ)上(shàng)。
(二)重點區域。各盟市所在地(dì / de)城區。
二、重點任務
(一)推進産業綠色轉型。
"""


def test_pinyin_readings_between_slashes_are_noise_and_leave_the_numbering_whole():
    items = items_by_path(_READINGS_BETWEEN_SLASHES)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 1)]
    assert items[(1,)]["title"] == "总体要求"
    assert deadline_dates(items[(1, 1)]) == ["2025-12-31"]


# A copy with no year anywhere: what the reviewer sees is the deadline as written, 今年 included.
_THIS_YEARS_END_WITHOUT_A_YEAR = """城区道路交通综合整治工作方案
一、工作目标
今年年底前,基本形成管理合力。
二、工作措施
(一)各部门于今年6月底前完成摸底排查。
(二)年底前完成验收。
"""


def test_an_undated_deadline_of_this_year_keeps_its_this_year_for_the_reviewer():
    items = items_by_path(_THIS_YEARS_END_WITHOUT_A_YEAR)
    assert [d["text"] for d in items[(1,)]["deadlines"]] == ["今年年底前"]
    assert [d["text"] for d in items[(2, 1)]["deadlines"]] == ["今年6月底前"]
    assert [d["text"] for d in items[(2, 2)]["deadlines"]] == ["年底前"]
    assert all(d["date"] is None for item in items.values() for d in item["deadlines"])


# A phase that starts at a month and runs on with no end: 「(2020年9月后)」 says when it begins, not when it is due.
_A_PHASE_THAT_STARTS_AFTER_A_MONTH = """某市2020年治堵工作方案
一、工作步骤
(一)集中整治阶段(2020年5月-8月)
开展集中整治。
(二)长效管理阶段(2020年9月后)
建立长效机制。
(三)巩固提升阶段(2020年10月以后)
巩固整治成果。
"""


def test_a_phase_that_starts_after_a_month_is_not_due_by_it():
    items = items_by_path(_A_PHASE_THAT_STARTS_AFTER_A_MONTH)
    assert deadline_dates(items[(1, 1)]) == ["2020-08-31"]
    assert items[(1, 2)]["deadlines"] == []
    assert items[(1, 3)]["deadlines"] == []


# A notice's scope names the bodies registered, or the cases that arose, before a day: no time anything is due by.
_A_SCOPE_BY_A_DAY_BEFORE = """某市民政局关于开展2011年度社会组织年检工作的通知
一、年检对象
凡在2010年6月30日前经我局核准登记的社会团体,均应接受年度检查。
二、年检程序
(一)3月31日前向业务主管单位报送年度检查报告书;凡6月30日前在市民政局依法登记成立满1年的民办非企业单位一并参加。
(二)2011年5月31日前完成登记的复核。
三、处置
2009年1月1日以前发生的违法用地,依法处理。
"""


def test_a_day_before_which_bodies_were_registered_is_a_scope_not_a_deadline():
    items = items_by_path(_A_SCOPE_BY_A_DAY_BEFORE)
    assert items[(1,)]["deadlines"] == []
    assert deadline_dates(items[(2, 1)]) == ["2011-03-31"]
    assert deadline_dates(items[(2, 2)]) == ["2011-05-31"]  # 完成登记的复核: what is to be done, due by then
    assert items[(3,)]["deadlines"] == []


# A 范文 site's copy: the collection's article number stands before the plan's title (「第一篇:」, 「1、2021年…方案」).
_AN_ARTICLE_OF_A_COLLECTION = """第一篇:某街道2011年廉政风险防控管理工作方案
为推进惩治和预防腐败体系建设,特制定本方案。
一、实施范围
街道机关和各社区。
二、方法步骤
(一)动员部署阶段(2月-3月)
制定工作方案。
"""


def test_a_collections_article_number_before_the_plans_title_is_no_chapter():
    items = items_by_path(_AN_ARTICLE_OF_A_COLLECTION)
    assert sorted(items) == [(1,), (2,), (2, 1)]
    assert deadline_dates(items[(2, 1)]) == ["2011-03-31"]
    numbered_title = items_by_path("1、2022年宪法宣传周活动方案\n一、活动主题\n弘扬宪法精神。\n二、活动时间\n12月1日至12月4日。\n")
    assert sorted(numbered_title) == [(1,), (2,)]


# Steps numbered 1、 2、 whose items open with the year each is done in.
_STEPS_OPENING_WITH_THEIR_YEARS = """某市农家书屋工程实施方案
一、实施步骤
1、对2007年已经建成的示范点进行总结。
2、2008年建设完成247个农家书屋,积累经验。
3、2009年建设完成540个农家书屋。
4、到2015年,农家书屋覆盖全市所有的行政村。
5、2021年全区农家书屋明细表
"""


def test_a_point_whose_item_opens_with_its_year_is_a_point():
    items = items_by_path(_STEPS_OPENING_WITH_THEIR_YEARS)
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (1, 4)]
    assert deadline_dates(items[(1, 2)]) == ["2008-12-31"]
    assert deadline_dates(items[(1, 3)]) == ["2009-12-31"]


# A table of numbered rows copied one cell per line whose columns hold only the rows' text (an indicator table: no unit,
# no person, no time due), each row's number alone on its line.
_AN_INDICATOR_TABLE_ONE_CELL_PER_LINE = """某区“无废城市”建设试点指标

序号

一级指标

二级指标

2020年目标

1

固体废物源头减量

工业固体废物产生强度

0.09吨/万元

2

实施清洁生产工业企业占比

30%

3

固体废物资源化利用

一般工业固体废物综合利用率

50%
"""


def test_a_table_of_numbered_rows_with_text_columns_only_is_read_row_by_row():
    items = items_by_path(_AN_INDICATOR_TABLE_ONE_CELL_PER_LINE)
    assert sorted(items) == [(1,), (2,), (3,)]
    assert "实施清洁生产工业企业占比" in items[(2,)]["title"]
    assert all(item["deadlines"] == [] and item["lead_units"] == [] for item in items.values())
