"""Plans as text copies carry them (round 19): a table drawn with box characters, a Markdown table of a repost, a plan
quoted in a forwarded e-mail. Each example is constructed for the test, never copied from a fixture, and no rule names
a city, a unit or a document.
"""

from __future__ import annotations

from yingshang.plans.parsing.cleanup import clean_text

from .parsing_helpers import items_by_path, mention_names

_BOXED = """某区2024年安全生产重点任务清单

┌──┬────────────┬──────┬──────┬──────┐
│序│  重点任务     │牵头单位│配合单位│完成时限│
│号│               │      │      │      │
├──┼────────────┼──────┼──────┼──────┤
│1 │开展危险化学品企业风险│区应急管│区工信局、│2024年6│
│  │排查,建立一企一档   │理局    │区市场监管│月底前  │
│  │               │      │局      │      │
├──┼────────────┼──────┼──────┼──────┤
│2 │完成城镇燃气管道老化更│区住建局│燃气公司│每季度 │
│  │新改造10公里       │      │      │      │
├──┼────────────┼──────┼──────┼──────┤
│3 │开展校园周边安全隐患排│区教育局│区公安分局│2024年9│
│  │查整治             │      │      │月30日前│
└──┴────────────┴──────┴──────┴──────┘
"""


def test_a_table_drawn_with_box_characters_is_read_row_by_row():
    # The rules between the rows end each row; a cell's wrapped lines are one text again (and the rules are no
    # mis-decoded Chinese to repair).
    items = items_by_path(_BOXED.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["text"] == "开展危险化学品企业风险排查,建立一企一档"
    assert mention_names(items[(1,)]["lead_units"]) == ["区应急管理局"]
    assert mention_names(items[(1,)]["responsible_units"]) == ["区工信局", "区市场监管局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2024-06-30"]
    assert [d["date"] for d in items[(3,)]["deadlines"]] == ["2024-09-30"]
    assert "├" not in clean_text(_BOXED).text and clean_text(_BOXED).notes["mojibake_lines_repaired"] == 0


def test_a_box_table_ruled_under_its_header_only_joins_a_cells_wrapped_lines():
    text = _BOXED.replace("├──┼────────────┼──────┼──────┼──────┤\n│2", "│2").replace(
        "├──┼────────────┼──────┼──────┼──────┤\n│3", "│3"
    )
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(2,)]["text"] == "完成城镇燃气管道老化更新改造10公里"
    assert mention_names(items[(3,)]["lead_units"]) == ["区教育局"]


_MARKDOWN = """# 某区2023年政务公开工作要点任务分解表（转载）

> 来源：某区人民政府办公室

**附件**

| 序号 | 工作任务 | 具体内容 | 牵头单位 | 责任单位 | 完成时限 |
|:---:|---|---|:---:|---|:---:|
| **一** | **围绕稳经济加强政策发布解读** | | | | |
| 1 | 做好惠企政策公开 | 集中公开惠企政策，<br>建立政策“一本通” | 区发展改革局 | 区级有关部门 | 2023年6月底前 |
| 2 | 强化政策解读 | 解读材料与文件<br>同步起草、同步发布 | 区政府办公室 | 区级各部门 | 持续推进 |
| **二** | **围绕保障民生加强信息公开** | | | | |
| 3 | 推进就业信息公开 | 及时发布招聘岗位信息 | 区人力资源社会保障局 | 各乡镇、街道 | 2023年9月底前 |
"""


def test_a_markdown_table_of_a_repost_keeps_its_section_rows_and_cells():
    # The rule under the header and the emphasis are markup; a section row's heading sits in the columns it opens and
    # is not pushed under the unit and date columns.
    items = items_by_path(_MARKDOWN.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert items[(1,)]["text"] == "围绕稳经济加强政策发布解读"
    assert items[(1,)]["lead_units"] == [] and items[(1,)]["deadlines"] == []
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区发展改革局"]
    assert "建立政策“一本通”" in items[(1, 1)]["text"]
    assert [d["date"] for d in items[(2, 3)]["deadlines"]] == ["2023-09-30"]


_QUOTED_PLAN = [
    "某市2018年重点项目建设攻坚年活动任务分解",
    "",
    "一、项目谋划储备",
    "1. 围绕国家政策投向,谋划储备重大项目500个以上,总投资1万亿元以上。(牵头单位:市发改委;责任单位:市直有关部门,"
    "各县市区政府;完成时限:2018年6月底前)",
    "2. 建立重大项目库动态管理机制,实行滚动管理,按季度更新项目库。(牵头单位:市发改委、市财政局;完成时限:2018年12月底前)",
    "二、项目落地开工",
    "3. 集中开展重点项目集中开工活动,二季度末前完成第二批集中开工。(牵头单位:市招商局;完成时限:2018年6月30日前)",
    "4. 加快交通项目建设,确保连接线工程建成通车。(牵头单位:市交通运输局;责任单位:沿线各区政府;完成时限:2018年10月底前)",
]


def _forwarded(lines: list[str], width: int = 26) -> str:
    """The plan as a mail program quotes it twice: each paragraph wrapped at its width, 「> > 」 before each line."""
    wrapped = []
    for line in lines:
        wrapped += [line[start : start + width] for start in range(0, len(line), width)] or [""]
    quoted = "\n".join(f"> > {line}" for line in wrapped)
    return f"发件人: 市发改委项目办\n主题: 转发:重点项目建设任务分解\n\n各单位联络员:\n请对照本单位牵头任务抓紧落实。\n\n> -----原始邮件-----\n> 发件人: 市政府督查室\n>\n{quoted}\n"


def test_a_plan_quoted_in_a_forwarded_mail_is_read_without_its_quote_marks_and_line_wraps():
    items = items_by_path(_forwarded(_QUOTED_PLAN).encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市发改委"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["市直有关部门", "各县市区政府"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2018-06-30"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市发改委", "市财政局"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2018-12-31"]
    assert items[(1, 1)]["text"].startswith("围绕国家政策投向,谋划储备重大项目500个以上,总投资")


def test_units_that_take_part_are_helpers_and_a_lead_that_collects_is_a_lead():
    # A ministry's 分工: 「X牵头,Y参加」 (参加 is 参与 in other words), 「X牵头汇总」 (the lead gathers the reports).
    from yingshang.plans.parsing.fields import role_fields

    assert role_fields("水运局牵头,法制司参加") == [("牵头单位", "水运局"), ("责任单位", "法制司")]
    assert role_fields("科技司、运输服务司牵头,各有关司局参加") == [("牵头单位", "科技司、运输服务司"), ("责任单位", "各有关司局")]
    assert role_fields("政策研究室牵头汇总") == [("牵头单位", "政策研究室")]
    items = items_by_path("某部2018年重点工作分工方案\n一、简政放权\n1.清理规范行政审批中介服务事项。(法制司牵头,财务审计司参加)\n"
                          "2.每月报送工作进展。(政策研究室牵头汇总,各司局参加)\n".encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["法制司"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["财务审计司"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["政策研究室"]


# --- schedules with time-node columns ---------------------------------------------------------------------------------

_SCHEDULE = """<html><body><p>某开发区2023年重点项目推进计划</p><table>
<tr><td rowspan="2">序号</td><td rowspan="2">项目名称</td><td rowspan="2">建设内容</td><td colspan="4">推进计划</td>
<td rowspan="2">责任领导</td><td rowspan="2">牵头单位</td></tr>
<tr><td>3月底前</td><td>6月底前</td><td>9月底前</td><td>12月底前</td></tr>
<tr><td>1</td><td>食品产业园项目</td><td>建设标准化厂房6栋</td><td>完成土地摘牌</td><td>开工建设</td><td>主体封顶</td><td>/</td>
<td>张某</td><td>开发区规划建设局</td></tr>
<tr><td>2</td><td>污水处理厂扩容</td><td>日处理能力扩至2万吨</td><td>/</td><td>—</td><td>/</td><td>通水调试</td>
<td>李某</td><td>开发区生态环境分局</td></tr>
</table></body></html>"""


def test_a_schedule_with_time_node_columns_is_due_at_each_node_that_holds_a_target():
    # 推进计划 merged over 3月底前 … 12月底前: each column is named by its node; a filled cell is what is due by then, a
    # 「/」 or 「—」 cell holds nothing. The targets stay in the task's text after their nodes.
    items = items_by_path(_SCHEDULE.encode("utf-8"), filename="schedule.html")
    assert sorted(items) == [(1,), (2,)]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2023-03-31", "2023-06-30", "2023-09-30"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2023-12-31"]
    assert mention_names(items[(1,)]["lead_units"]) == ["开发区规划建设局"]
    assert "3月底前完成土地摘牌" in items[(1,)]["text"] and "张某" not in items[(1,)]["text"]


def test_only_a_bare_time_node_names_a_node_column():
    from yingshang.plans.parsing.tables import NODE, column_role

    assert [column_role(h) for h in ("3月底前", "第一季度", "二季度", "上半年", "12月")] == [NODE] * 5
    # a dated cell of a table copied one cell per line is no header; 完成时限 is the time-limit column
    assert column_role("2017年6月") != NODE and column_role("完成时限") != NODE


def test_a_townships_stations_head_a_unit_column():
    from yingshang.plans.parsing.tables import LEAD, RESPONSIBLE, column_role

    assert column_role("牵头站所") == LEAD and column_role("责任站所") == RESPONSIBLE
    lines = ["某镇2024年重点工作任务清单", "", "序号", "工作任务", "包村领导", "牵头站所", "完成时限"]
    for number, task, leader, station, due in (
        ("1", "完成村级集体经济发展任务,各村集体经济收入达到5万元以上", "各包村领导", "镇农经站", "2024年11月30日前"),
        ("2", "发展特色种植示范片2个,新增种植面积1500亩", "黄某", "镇农业站", "2024年4月30日前"),
        ("3", "开展清洁乡村月评比,每月通报一次", "各包村领导", "镇乡村建设综合服务中心", "每月"),
    ):
        lines += [number, task, leader, station, due]
    items = items_by_path("\n".join(lines).encode("utf-8"))
    assert [mention_names(items[(n,)]["lead_units"]) for n in (1, 2, 3)] == [["镇农经站"], ["镇农业站"], ["镇乡村建设综合服务中心"]]


# --- printouts: line numbers, a bracket broken over lines -------------------------------------------------------------

_WRAPPED = [
    "某市2025年文化旅游行动方案",
    "一、重点任务",
    "1.提升红色景区服务品质，创建国家5A级旅游景区1家。",
    "（牵头单位：市文化广电体育和旅游局；配合单位：某区人民政府、",
    "市发展改革委；完成时限：2026年12月底前）",
    "2.开发红色研学线路不少于10条，",
    "建成红色研学基地5个。（牵头单位：市教育局、市文化广电体育和旅游局；",
    "配合单位：市委党史研究室；完成时限：2025年9月30日前）",
    "3.规范旅游市场秩序，开展专项整治。（牵头单位：市市场监管局）",
    "二、保障措施",
    "（一）加强组织领导。各地各部门要明确责任分工。",
]


def test_a_bracket_broken_over_lines_is_read_as_one():
    items = items_by_path("\n".join(_WRAPPED).encode("utf-8"))
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市文化广电体育和旅游局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["某区人民政府", "市发展改革委"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2026-12-31"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市教育局", "市文化广电体育和旅游局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市委党史研究室"]


def test_a_bracket_left_open_does_not_swallow_the_next_item():
    from yingshang.plans.parsing.textcopies import join_unclosed_brackets

    lines = ["1.推进审批提速(牵头单位:市政务服务中心", "2.推进证照分离。", "3.优化纳税服务。"]
    assert join_unclosed_brackets(lines) == lines
    assert join_unclosed_brackets(["1.推进(牵头单位:市财政局、", "市税务局)"]) == ["1.推进(牵头单位:市财政局、市税务局)"]


def test_a_printouts_line_numbers_are_not_the_plans():
    numbered = ["文件：某市文旅行动方案-修订稿.docx    比对时间：2025-02-17", "-" * 40]
    numbered += [f"{n:4d}  {line}" for n, line in enumerate(_WRAPPED[:2] + [""] + _WRAPPED[2:], start=1)]
    items = items_by_path("\n".join(numbered).encode("utf-8"))
    assert (1, 3) in items and (2, 1) in items
    assert items[(1, 3)]["text"].startswith("规范旅游市场秩序")
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市文化广电体育和旅游局"]
    # a table copied one row a line numbers its rows, not its title: the numbers stay
    from yingshang.plans.parsing.textcopies import unmark_text_copy

    rows = ["某区重点任务清单", "序号 重点任务 牵头单位 完成时限"] + [f"{n} 推进第{n}项工作 区发展改革局 2024年6月底前" for n in range(1, 13)]
    assert unmark_text_copy(rows) == rows


# --- tables copied with tabs --------------------------------------------------------------------------------------------

_TABBED = "\n".join([
    "某市2017年重点工作推进计划",
    "(责任单位列第一位的为牵头单位)",
    "序号\t工作任务\t目标值\t推进计划\t\t\t\t责任单位\t责任领导",
    "\t\t\t一季度\t二季度\t三季度\t四季度\t\t",
    "一、项目建设\t\t\t\t\t\t\t\t",
    "1\t推动重大项目开工\t60个\t开工15个\t开工35个\t开工50个\t开工60个\t市发展改革委、市重点项目办\t何某",
    "2\t推进污水处理厂提标改造\t一级A\t\t完成主体\t\t通水运行\t市住房城乡建设局\t唐某",
    "续表",
    "序号\t工作任务\t目标值\t推进计划\t\t\t\t责任单位\t责任领导",
    "\t\t\t一季度\t二季度\t三季度\t四季度\t\t",
    "二、民生实事\t\t\t\t\t\t\t\t",
    "3\t新建中小学校,",
    "新增学位4500个\t4500个\t\t\t秋季开学投用\t\t市教育局",
    "市财政局\t杨某",
])


def test_a_table_copied_with_tabs_keeps_its_empty_cells_and_its_two_row_header():
    # The tabs are the cells' own boundaries: the empty node cells keep the others in their columns, the header's
    # 推进计划 is merged over the quarters, a cell's line break goes on with that cell, the header repeated after 续表
    # is no row.
    items = items_by_path(_TABBED.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2017-03-31", "2017-06-30", "2017-09-30", "2017-12-31"]
    assert [d["date"] for d in items[(1, 2)]["deadlines"]] == ["2017-06-30", "2017-12-31"]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市住房城乡建设局"]
    assert items[(2, 3)]["text"].startswith("新建中小学校,新增学位4500个")
    assert [d["date"] for d in items[(2, 3)]["deadlines"]] == ["2017-09-30"]
    assert mention_names(items[(2, 3)]["lead_units"]) == ["市教育局"]
    assert mention_names(items[(2, 3)]["responsible_units"]) == ["市财政局"]
    assert all("何某" not in mention_names(item["lead_units"]) for item in items.values())


_SUB_NUMBERED = """<html><body><p>某市2021年营商环境提升年重点任务推进表</p><table>
<tr><td>序号</td><td>重点任务</td><td>责任单位</td><td>完成时限</td><td>备注</td></tr>
<tr><td>1</td><td>深化工程建设项目审批制度改革</td><td>市住建局</td><td></td><td rowspan="4">责任单位中列第一位的为牵头单位</td></tr>
<tr><td>1.1</td><td>推行社会投资简易低风险项目“拿地即开工”</td><td>市住建局、市自然资源局</td><td>6月底前</td></tr>
<tr><td>1.2</td><td>推进施工图数字化联合审图</td><td>市自然资源局、市人防办</td><td>9月底前</td></tr>
<tr><td>2</td><td>提升企业开办便利度</td><td>市市场监管局、市税务局</td><td>12月底前</td></tr>
</table></body></html>"""


def test_sub_numbers_in_the_number_column_are_sub_items_and_a_note_cell_marks_the_first_unit_the_lead():
    items = items_by_path(_SUB_NUMBERED.encode("utf-8"), filename="tasks.html")
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,)]
    assert items[(1, 2)]["text"] == "推进施工图数字化联合审图"
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市自然资源局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市人防办"]
    assert mention_names(items[(2,)]["lead_units"]) == ["市市场监管局"]
    assert [d["date"] for d in items[(1, 1)]["deadlines"]] == ["2021-06-30"]


# --- tables typeset with spaces -----------------------------------------------------------------------------------------

_SPACED = """                     某市2022年高质量发展考核指标任务分解表

  序号  考核指标                        2022年目标值      牵头单位              责任单位                        完成时限
  一    经济发展
  1     地区生产总值增速                 7%左右            市发改局              市统计局                        12月底前
  2     固定资产投资增速                 10%               市发改局              市住建局、市交通运输局、        12月底前
                                                                                 市自然资源局
  二    民生保障
  3     城镇新增就业                     4500人            市人社局              各镇(街道)                      12月底前
  4     义务教育巩固率                   99.5%             市教育局                                              9月底前

  说明:完成时限均为2022年。
"""


def test_a_table_typeset_with_spaces_is_read_by_its_columns():
    # Each cell goes to the column its header starts; a wrapped unit cell goes on under its column; an empty cell
    # (item 4's 责任单位) leaves the time limit in its own column.
    items = items_by_path(_SPACED.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3), (2, 4)]
    assert mention_names(items[(1, 2)]["lead_units"]) == ["市发改局"]
    assert mention_names(items[(1, 2)]["responsible_units"]) == ["市住建局", "市交通运输局", "市自然资源局"]
    assert mention_names(items[(2, 4)]["lead_units"]) == ["市教育局"] and items[(2, 4)]["responsible_units"] == []
    assert [d["date"] for d in items[(2, 4)]["deadlines"]] == ["2022-09-30"]


def test_a_table_aligned_with_full_width_spaces_is_read_by_its_columns():
    text = "\n".join([
        "某市环保督察反馈问题整改任务清单",
        "",
        "序号\u3000\u3000反馈问题\u3000\u3000\u3000\u3000\u3000\u3000牵头单位\u3000\u3000\u3000\u3000整改时限",
        "１\u3000\u3000\u3000部分燃煤锅炉未按期\u3000市生态环境局\u3000\u30002019年10月",
        "\u3000\u3000\u3000\u3000完成淘汰\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000底前",
        "２\u3000\u3000\u3000城区部分路段扬尘\u3000\u3000市城市管理局\u3000\u3000长期坚持",
        "３\u3000\u3000\u3000焦化行业改造滞后\u3000\u3000市工信局\u3000\u3000\u3000\u30002019年12月底前",
    ])
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,)]
    assert items[(1,)]["text"] == "部分燃煤锅炉未按期完成淘汰"
    assert mention_names(items[(2,)]["lead_units"]) == ["市城市管理局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2019-10-31"]


_WECHAT = """某区发布
2026年02月26日 18:30

👆点击上方蓝字关注我们

📢重磅！某区2026年重点事项清单来了！一起来看👇👇👇

【一、企业全生命周期“一件事”】

▶1. 企业信息变更“一件事”
✅ 实现营业执照、税务、社保信息变更一次申请、同步办理。
🔹牵头单位：区市场监管局
🔹配合单位：区税务局、区人社局
⏰完成时限：2026年4月底前

▶2. 企业注销“一件事”
✅ 推行税务、社保、海关等注销业务“一网通办”。
🔹牵头单位：区市场监管局
⏰完成时限：2026年6月底前

▍二、个人服务“一件事”

🔸3.新生儿出生“一件事”，出生医学证明、户口登记、医保参保一次办。
🔹牵头单位：区卫生健康局
⏰完成时限：2026年3月底前
"""


def test_a_wechat_posts_decorations_before_headings_items_and_labels_are_not_the_plans():
    items = items_by_path(_WECHAT.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (2,), (2, 3)]
    assert items[(1,)]["text"] == "企业全生命周期“一件事”"
    assert mention_names(items[(1, 1)]["lead_units"]) == ["区市场监管局"]
    assert mention_names(items[(1, 1)]["responsible_units"]) == ["区税务局", "区人社局"]
    assert [d["date"] for d in items[(2, 3)]["deadlines"]] == ["2026-03-31"]
    # 「★」 is no decoration: plans mark leads or key items with it
    from yingshang.plans.parsing.textcopies import unmark_text_copy

    assert unmark_text_copy(["★4.退休“一件事”。"]) == ["★4.退休“一件事”。"]


_CSV = "\ufeff某市政府督查督办系统 任务台账导出\r\n导出人:督查科 导出时间:2026-04-10 17:02\r\n" + "\r\n".join([
    "序号,任务编号,任务内容,牵头单位,协办单位,办理时限,任务状态,最新进展,更新时间",
    '1,DB-2026-001,"全年新开工亿元以上项目500个以上,省市重点项目完成年度投资计划。",市发展改革委,各县市区政府,2026-12-31 00:00:00,正常推进,新开工112个。,2026-04-03 16:22:08',
    '2,DB-2026-002,"推进港区航道工程,\r\n6月底前完成主体工程。",市交通运输局,市港航中心,2026-06-30 00:00:00,正常推进,"疏浚完成62%;\r\n护岸施工中",2026-04-01 11:31:00',
    "3,DB-2026-003,开展营商环境清风行动。,市营商环境建设服务中心,市司法局,长期,正常推进,,2026-04-08 08:56:33",
    "4,DB-2026-004,落实减税降费政策。,市财政局,市税务局,2026/12/31,正常推进,一季度减负13.6亿元。,2026-04-07 15:00:12",
]) + "\r\n"


def test_a_csv_export_of_a_tracking_system_is_read_field_by_field():
    # Quoted fields hold commas and line breaks; the record's update time is no deadline.
    items = items_by_path(_CSV.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,), (4,)]
    assert mention_names(items[(2,)]["lead_units"]) == ["市交通运输局"]
    assert [d["date"] for d in items[(1,)]["deadlines"]] == ["2026-12-31"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2026-06-30"]
    assert [d["date"] for d in items[(4,)]["deadlines"]] == ["2026-12-31"]
    assert "推进港区航道工程,6月底前完成主体工程。" in items[(2,)]["text"]


def test_a_heading_with_a_leader_line_before_its_lead_passes_the_lead_down():
    # 指标长制: the indicator's leader (a person) stands between the heading and its 牵头单位; the lead is the items'.
    text = "\n".join([
        "某市2025年营商环境评价指标“指标长”制对标提升方案",
        "(一)跨境贸易",
        "指标长:陈某(副市长)",
        "牵头单位:市商务局",
        "责任单位:某海关、市港航管理中心",
        "1.推广“提前申报”“两步申报”,压缩进口整体通关时间。完成时限:2025年6月",
        "2.建设“智慧港口”服务平台。完成时限:2025年10月",
        "(二)获得信贷",
        "链长:黄某(副市长)",
        "牵头单位:市地方金融监管局",
        "3.推行线上信用贷款模式。完成时限:2025年12月",
    ])
    items = items_by_path(text.encode("utf-8"))
    assert [mention_names(items[path]["lead_units"]) for path in ((1, 1), (1, 2), (2, 3))] == [
        ["市商务局"], ["市商务局"], ["市地方金融监管局"]
    ]
    assert all("陈某" not in mention_names(item["lead_units"] + item["responsible_units"]) for item in items.values())


def test_a_problems_lead_leads_the_measures_its_list_announces():
    # A 整改方案: the problem (a whole sentence), its fields, then 「整改措施:」 and the measures — the problem's lead
    # leads each measure; a problem without the announcing line keeps its lead to itself.
    text = "\n".join([
        "某市贯彻落实环境保护督察反馈意见整改方案",
        "一、整改任务",
        "(一)干流沿岸非法采砂问题突出,部分河段生态破坏严重。",
        "责任领导:韦某(常务副市长)",
        "牵头单位:市水利局",
        "责任单位:市公安局、沿江各乡镇人民政府",
        "整改时限:2017年9月底前完成,长期坚持",
        "整改措施:",
        "1.开展非法采砂专项整治行动,依法查处违法行为。",
        "2.编制河道采砂规划,划定禁采区、可采区和禁采期。",
        "(二)城区污水管网建设滞后,雨污混流严重。",
        "牵头单位:市住房和城乡建设局",
        "1.新建城区污水管网38公里。",
    ])
    items = items_by_path(text.encode("utf-8"))
    assert mention_names(items[(1, 1, 1)]["lead_units"]) == ["市水利局"]
    assert mention_names(items[(1, 1, 2)]["lead_units"]) == ["市水利局"]
    assert mention_names(items[(1, 1)]["lead_units"]) == ["市水利局"]
    assert items[(1, 2, 1)]["lead_units"] == []


def test_a_page_number_run_into_a_paragraph_before_a_heading_is_a_break():
    text = ("某市人民政府办公室关于印发某市稳定和扩大就业重点任务分工方案的通知经市政府同意,现将方案印发给你们。2017年5月12日"
            "— 1 —一、支持企业稳定岗位。1.落实失业保险稳岗返还政策。(牵头单位:市人社局;完成时限:2017年9月底前)"
            "2.开展用工对接活动。(牵头单位:市人社局)3.落实社保补贴政策。(牵头单位:市财政局)"
            "— 2 —二、促进创业带动就业。4.落实创业担保贷款政策。(牵头单位:市财政局)5.建设创业孵化基地。(牵头单位:市人社局)")
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (1, 1), (1, 2), (1, 3), (2,), (2, 4), (2, 5)]
    assert items[(1,)]["text"] == "支持企业稳定岗位。"
    assert mention_names(items[(2, 4)]["lead_units"]) == ["市财政局"]
    # a range of years keeps its dash
    from yingshang.plans.parsing.cleanup import clean_text

    assert "2025—2027年" in clean_text("某市行动方案(2025—2027年)").text


def test_a_target_the_year_is_to_add_is_due_by_its_end():
    from yingshang.plans.parsing.deadlines import find_text_deadlines

    assert [d["date"] for d in find_text_deadlines("加快新能源汽车消费,年内新建公共充电桩1000个。", 2023)] == ["2023-12-31"]
    assert [d["date"] for d in find_text_deadlines("年内新增发放创业担保贷款2亿元。", 2018)] == ["2018-12-31"]
    assert [d["date"] for d in find_text_deadlines("9月底前新增公共停车泊位500个。", 2024)] == ["2024-09-30"]
    # a scope, not a time: 全年 in running text, 每年 recurring
    assert find_text_deadlines("全年新增城镇就业5万人。", 2023) == []


def test_the_problems_of_a_rectification_list_are_its_items():
    text = "\n".join([
        "某区2018年度营商环境评价反馈问题整改清单",
        "问题一:企业开办环节仍然较多,部分企业反映银行开户耗时长。",
        "整改措施:将企业登记、公章刻制、发票申领合并为一个环节。",
        "整改责任领导:常务副区长 周某",
        "牵头单位:区市场监管局",
        "责任单位:区税务局、区公安分局",
        "整改时限:2019年6月30日",
        "问题二:工程建设项目审批事项多、中介服务时间长。",
        "牵头单位:区行政审批局",
        "整改时限:2019年9月底前",
        "问题三:用电报装时间长。",
        "牵头单位:区供电公司",
        "整改时限:2019年7月底前",
    ])
    items = items_by_path(text.encode("utf-8"))
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["lead_units"]) == ["区市场监管局"]
    assert [d["date"] for d in items[(2,)]["deadlines"]] == ["2019-09-30"]
    from yingshang.plans.parsing.structure import detect_marker

    assert detect_marker("问题:审批时间长。") is None  # no number, no item


def test_a_csv_file_is_taken_as_an_upload():
    from yingshang.plans.services import check_plan_file

    check_plan_file("督查台账导出.csv", 2_000)  # no error: a tracking system's export is a plan file
    items = items_by_path(_CSV.encode("gbk", errors="ignore"), filename="督查台账导出.csv")
    assert mention_names(items[(1,)]["lead_units"]) == ["市发展改革委"]
