"""Conventions of round 36, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path, mention_names

_ROLES_HEADINGS = """某区2021年专项整治工作方案
一、任务分工
(一)区交通局牵头,各乡镇(街道)配合:摸清辖区内高层建筑底数。
(二)区住建局牵头负责,相关科室、村(社区)配合:督促物业企业落实整改。
二、工作要求
(一)各乡镇(街道)配合:做好宣传发动。
"""


def test_a_heading_of_roles_whose_helpers_name_ends_in_a_bracket_names_its_lead():
    items = items_by_path(_ROLES_HEADINGS)
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区交通局"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["区住建局"]


def test_a_bare_role_word_after_a_bracket_does_not_cut_the_heading_into_a_field():
    items = items_by_path(_ROLES_HEADINGS)
    assert "摸清辖区内高层建筑底数" in items[(1, 1)]["text"]
    assert not any("摸清" in m["mention"] for m in items[(1, 1)]["responsible_units"])


# An events programme and a campaign whose phases give their spans without brackets.
_PROGRAMME = """某市2019年文化遗产日活动方案
一、动员部署阶段,2019年5月13日—5月17日
各单位召开动员会。
二、集中展示阶段:2019年5月18日—6月20日
(一)重点活动
1. 5月26日,举办古籍珍品展。(主办:市文旅局;承办:市图书馆)
2. 6月8日,全市各博物馆举办专题展览。(主办:市文物局、市财政局;承办:市博物馆、市文物信息中心)
3. 6月9日,在市民广场举办文艺晚会。
三、总结阶段 2019年6月21日—6月30日
(一)工作步骤
5月上旬,市文旅局举办培训班。
"""


def test_a_phase_heading_gives_its_span_after_a_comma_a_colon_or_a_space():
    items = items_by_path(_PROGRAMME)
    assert deadline_dates(items[(1,)]) == ["2019-05-17"]
    assert deadline_dates(items[(2,)]) == ["2019-06-20"]
    assert deadline_dates(items[(3,)]) == ["2019-06-30"]


def test_an_item_that_opens_with_its_day_then_a_comma_is_held_on_that_day():
    items = items_by_path(_PROGRAMME)
    assert deadline_dates(items[(2, 1, 1)]) == ["2019-05-26"]
    assert deadline_dates(items[(2, 1, 2)]) == ["2019-06-08"]
    assert deadline_dates(items[(2, 1, 3)]) == ["2019-06-09"]


def test_a_ten_day_period_before_a_comma_dates_no_event():
    # (a guard: the step a phase's text lists by its ten-day period is the phase's, not a day of its own)
    assert deadline_dates(items_by_path(_PROGRAMME)[(3, 1)]) == []


def test_the_body_that_runs_an_event_for_its_host_is_no_lead():
    items = items_by_path(_PROGRAMME)
    assert mention_names(items[(2, 1, 1)]["lead_units"]) == ["市文旅局"]
    assert mention_names(items[(2, 1, 2)]["lead_units"]) == ["市文物局", "市财政局"]
    assert "市图书馆" in mention_names(items[(2, 1, 1)]["responsible_units"])
