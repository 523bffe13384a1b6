"""Conventions of round 37, from the real parts scored before it. Each example is constructed for the test, never
copied from a fixture, and no rule names a city, a unit or a document.
"""

from __future__ import annotations

from .parsing_helpers import deadline_dates, items_by_path

# A copy that opens at its steps: no title, no number, no signature; only the campaign's own span writes its year.
_STEPS_OF_A_CAMPAIGN = """三、工作步骤
整治行动自2019年9月中旬至年底,分两个阶段进行。
(一)排查阶段(9月16日至10月31日)
各乡镇全面摸排辖区内小作坊底数。
(二)整治阶段(11月1日至12月25日)
各部门联合执法,于12月20日前报送整治情况。
"""


def test_a_campaign_from_a_dated_start_to_a_year_less_end_runs_in_the_year_of_its_start():
    items = items_by_path(_STEPS_OF_A_CAMPAIGN)
    assert deadline_dates(items[(3, 1)]) == ["2019-10-31"]
    assert deadline_dates(items[(3, 2)]) == ["2019-12-20", "2019-12-25"]
