"""Amount rules: fixed, percentage with a cap, tiers; formulas shown; malformed rules refused."""

import numpy as np
import pytest

from yingshang.policies import amounts


def test_fixed_ceiling_and_per_unit():
    result = amounts.compute(amounts.normalize_amount_rule({"kind": "fixed", "amount": 200, "ceiling": True}), {})
    assert result.value == 200 and result.is_ceiling and result.formula == "最高 200 万元"
    per_route = amounts.normalize_amount_rule({"kind": "fixed", "amount": 1000, "per": "new_ocean_routes"})
    assert amounts.compute(per_route, {"new_ocean_routes": 2}).value == 2000
    assert "× 新开远洋干线航线数 2 条 = 2,000 万元" in amounts.compute(per_route, {"new_ocean_routes": 2}).formula
    missing = amounts.compute(per_route, {})
    assert missing.value is None and missing.missing == ["new_ocean_routes"]


def test_percentage_with_cumulative_cap():
    rule = amounts.normalize_amount_rule({"kind": "percentage", "rate": 20, "base": "national_funding", "cap": 1000, "cap_scope": "total"})
    assert amounts.compute(rule, {"national_funding": 3000}).value == 600
    assert amounts.compute(rule, {"national_funding": 8000}).value == 1000
    later = amounts.compute(rule, {"national_funding": 3000}, already_granted=700)
    assert later.value == 300 and "已享受 700 万元" in later.formula and later.formula.endswith("→ 300 万元")
    each = amounts.normalize_amount_rule({"kind": "percentage", "rate": 20, "base": "national_funding", "cap": 1000})
    assert amounts.compute(each, {"national_funding": 3000}, already_granted=900).value == 600


def test_tiers_pick_the_right_band_at_every_boundary():
    rule = amounts.normalize_amount_rule({"kind": "tiers", "measure": "fleet_capacity", "tiers": amounts.parse_tiers_text(
        "2-10:50\n10-20:100\n20-30:200\n30-:300")})
    expected = {1.9: 0, 2: 50, 9.9: 50, 10: 100, 19.9: 100, 20: 200, 29.9: 200, 30: 300, 100: 300}
    for capacity, amount in expected.items():
        assert amounts.compute(rule, {"fleet_capacity": capacity}).value == amount, capacity
    vector, _ = amounts.vector_amounts(rule, {"fleet_capacity": np.array(list(expected), dtype=float)}, np.arange(len(expected)))
    assert vector.tolist() == list(expected.values())
    assert amounts.describe_rule(rule).startswith("按在连开业总运力分档")


@pytest.mark.parametrize("rule, message", [
    ({"kind": "tiers", "measure": "fleet_capacity", "tiers": [{"min": 2, "max": 12, "amount": 50}, {"min": 10, "max": None, "amount": 80}]}, "分档区间重叠"),
    ({"kind": "tiers", "measure": "fleet_capacity", "tiers": [{"min": 5, "max": 2, "amount": 50}]}, "必须大于下限"),
    ({"kind": "percentage", "rate": 120, "base": "national_funding"}, "不能超过 100%"),
    ({"kind": "percentage", "rate": 20, "base": "industry"}, "不是数值型事实"),
    ({"kind": "fixed", "amount": "两百"}, "应为数字"),
    ({"kind": "fixed", "amount": -5}, "大于 0"),
    ({"kind": "magic"}, "未知的类型"),
])
def test_malformed_amount_rules_are_refused(rule, message):
    with pytest.raises(amounts.AmountRuleError) as error:
        amounts.normalize_amount_rule(rule)
    assert message in error.value.messages[0]


def test_malformed_tier_lines_are_refused():
    with pytest.raises(amounts.AmountRuleError) as error:
        amounts.parse_tiers_text("2-10:50\n十到二十:100")
    assert "第2行" in error.value.messages[0]
