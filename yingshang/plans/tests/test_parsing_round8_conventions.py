"""Round 8 conventions of the plan parser, on constructed examples (no held-out text).

A chapter heading that names the lead of its items (「一、X牵头工作(N项)」), a lead bracket written in
traditional characters inside a mostly simplified document (the same OpenCC conversion as the document's), and
「“十三五”末」 / 「“十四五”期末前」 opening a clause as the end of the plan period's last year. ``heldout8`` was
not run while they were written.
"""

from __future__ import annotations

from yingshang.plans.parsing import iter_items, parse_plan


def _items(text: str) -> list[dict]:
    return list(iter_items(parse_plan(text.encode("utf-8"), filename="plan.txt")))


def _leads(item: dict) -> list[str]:
    return [m["mention"] for m in item["lead_units"]]


def test_heading_naming_the_lead_applies_to_its_items():
    items = _items(
        "某县2024年重点工作任务清单\n"
        "一、县发展改革局牵头工作(2项)\n"
        "1.推进重点项目建设。全年完成投资20亿元。\n"
        "2.做好项目储备。谋划储备项目50个。\n"
        "二、县住建局牵头(1项)\n"
        "3.推进老旧小区改造。改造小区10个。\n"
    )
    by_path = {tuple(i["path"]): i for i in items}
    assert _leads(by_path[(1,)]) == ["县发展改革局"]
    assert _leads(by_path[(1, 1)]) == ["县发展改革局"]
    assert _leads(by_path[(1, 2)]) == ["县发展改革局"]
    assert _leads(by_path[(2,)]) == ["县住建局"]
    assert _leads(by_path[(2, 3)]) == ["县住建局"]  # numbering runs on under 二


def test_heading_with_leading_word_that_is_not_a_unit_names_no_lead():
    items = _items(
        "某市工作方案\n"
        "一、强化部门协同牵头工作(2项)\n"
        "1.建立工作机制。定期会商。\n"
    )
    assert all(not i["lead_units"] for i in items)


def test_lead_bracket_in_traditional_characters_in_a_simplified_document():
    items = _items(
        "某都市圈建设2019年工作计划\n"
        "一、推进交通互联互通\n"
        "(一)加快城际通道建设\n"
        "加快推进城际快速路建设,提升通行能力,方便群众出行,服务区域协调发展,打造一小时通勤圈。"
        "(自治區交通運輸廳牽頭,自治區發展改革委配合)\n"
        "(二)完善公交网络\n"
        "优化公交线路,推进公交一体化运营,方便群众换乘出行。(自治区住房城乡建设厅牵头)\n"
    )
    by_path = {tuple(i["path"]): i for i in items}
    assert _leads(by_path[(1, 1)]) == ["自治区交通运输厅"]
    assert _leads(by_path[(1, 2)]) == ["自治区住房城乡建设厅"]


def test_plan_period_end_in_a_deadline_context():
    items = _items(
        "某县脱贫攻坚工作方案\n"
        "一、基础设施\n"
        "1.“十三五”末,全县行政村通硬化路比例达到100%。(县交通局牵头)\n"
        "2.“十四五”期末前,建成乡镇污水处理设施。(县住建局牵头)\n"
        "3.总结“十三五”时期经验,谋划新一轮规划。(县发改局牵头)\n"
        "4.到“十四五”末,全县农村自来水普及率达到95%。(县水利局牵头)\n"
    )
    by_path = {tuple(i["path"]): i for i in items}
    assert [d["date"] for d in by_path[(1, 1)]["deadlines"]] == ["2020-12-31"]
    assert [d["date"] for d in by_path[(1, 2)]["deadlines"]] == ["2025-12-31"]
    assert by_path[(1, 3)]["deadlines"] == []
    assert by_path[(1, 4)]["deadlines"] == []  # 到…末 with a target: a goal for the period, not a deadline


def test_two_column_task_table_is_read_as_tasks():
    html = (
        "<html><body><p>某区2023年重点工作清单</p><table>"
        "<tr><td>序号</td><td>工作任务</td></tr>"
        "<tr><td>1</td><td>推进园区标准化厂房建设,年内建成厂房10万平方米。(区发展改革局牵头,区财政局配合)</td></tr>"
        "<tr><td>2</td><td>开展招商引资专项行动,引进亿元以上项目5个。(区商务局牵头)</td></tr>"
        "</table></body></html>"
    )
    items = list(iter_items(parse_plan(html.encode("utf-8"), filename="plan.html")))
    assert [i["path"] for i in items] == [[1], [2]]
    assert _leads(items[0]) == ["区发展改革局"]
    assert _leads(items[1]) == ["区商务局"]
