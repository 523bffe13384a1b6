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
