"""Round 10 conventions of the plan parser, each on a constructed example or a short quoted phrase.

The misses of ``heldout9`` (dev material from round 10 on) as general conventions, first of all real copies of
web tables: one cell per line with blank lines between cells and rows that hold more lines than the header
has columns (one unit per line, a task in two stages with a date each), cells run together with nothing
between, and the document viewer's page markers inside them; then paragraphs that lost their line breaks,
and who leads / by when in running text.
"""

from __future__ import annotations

from .parsing_helpers import items_by_path, mention_names


def _parse(text: str) -> dict:
    return items_by_path(text.encode("utf-8"), filename="plan.txt")


def _dates(item: dict) -> list[str]:
    return sorted(d["date"] for d in item["deadlines"])


def test_table_copied_one_cell_per_line_with_one_unit_per_line_and_two_stage_rows():
    # 民生实事目标任务分解表 copied from a web page: every cell on its own line, blank lines between cells, the unit
    # cell holding one unit per line, and row 2's task in two stages, each with its own date.
    cells = [
        "某县2016年民生实事目标任务分解表", "序号", "民生实事", "责任单位", "完成时限",
        "1", "启动建设城区段综合治理工程。", "县水务局", "县住建局", "县残联", "12月底前",
        "2", "开工建设县老年养护楼。", "县民政局", "5月底前动工", "开工建设老年大学。", "12月底前",
        "3", "新建2座人行天桥。", "县住建局", "9月投入使用",
    ]
    items = _parse("\n\n".join(cells) + "\n")
    assert sorted(items) == [(1,), (2,), (3,)]
    assert mention_names(items[(1,)]["responsible_units"]) == ["县水务局", "县住建局", "县残联"]
    assert items[(1,)]["lead_units"] == []
    assert _dates(items[(1,)]) == ["2016-12-31"]
    assert _dates(items[(2,)]) == ["2016-05-31", "2016-12-31"]
    assert _dates(items[(3,)]) == ["2016-09-30"]


def test_run_together_row_with_abbreviated_units_and_a_first_is_lead_note():
    # A county-level city's 责任分解 copied from a web table, cells run together: its bodies are named without 市
    # (财政局、发改局), the list includes a mass organisation (工商联), and the unit cell ends with the document's note
    # that the first unit is the lead (列第一位者为牵头或汇总单位,下同).
    items = _parse(
        "某市2020年政府工作报告主要工作责任分解\n"
        "序号 主要工作 责任单位\n"
        "一、市长主抓重点工作\n"
        "1制定出台高质量发展政策体系,与企业共克时艰。财政局、发改局、文化和广电旅游体育局、工商联(列第一位者为牵头或汇总单位,下同)\n"
        "2全面落实各级“五减”系列政策,力争为企业减负60亿元。发改局、经信局、财政局、人民银行\n"
    )
    assert mention_names(items[(1, 1)]["lead_units"]) == ["财政局"]
    assert "工商联" in mention_names(items[(1, 1)]["responsible_units"])
    assert mention_names(items[(1, 2)]["lead_units"]) == ["发改局"]
    assert "发改局" not in items[(1, 2)]["text"]

