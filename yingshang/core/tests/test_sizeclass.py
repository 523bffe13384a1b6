import pytest

from yingshang.core.sizeclass import classify_size, classify_sizes, rule_group


@pytest.mark.parametrize(
    "industry, employees, revenue, expected",
    [
        ("39", 1200, 50000, "large"),  # 工业: both bounds met
        ("39", 1200, 1500, "small"),  # 工业: revenue drags it down a class... to 小 (300 ≤ 1500 < 2000)
        ("39", 10, 50000, "micro"),  # under 20 people is 微 whatever the revenue
        ("52", 60, 600, "medium"),  # 零售业
        ("52", 60, None, "medium"),  # missing revenue: the indicator held decides
        ("65", None, None, ""),  # nothing known: size undetermined, never guessed
        ("01", None, 600, "medium"),  # 农林牧渔 uses revenue only
        ("72", 150, None, "medium"),  # 租赁和商务服务 (assets not held): employees decide
    ],
)
def test_classification_follows_the_2017_rules(industry, employees, revenue, expected):
    assert classify_size(industry, employees, revenue) == expected


def test_rule_groups():
    assert rule_group("51") == "wholesale" and rule_group("39") == "industry"
    assert rule_group("60") == "postal" and rule_group("65") == "software" and rule_group("47") == "construction"


def test_vectorised_matches_scalar():
    industries = ["39", "52", "65", "01"]
    employees = [500, 5, 150, float("nan")]
    revenue = [50000, 5000, 20000, 30]
    assert list(classify_sizes(industries, employees, revenue)) == [
        classify_size(i, None if e != e else e, r) for i, e, r in zip(industries, employees, revenue)
    ]
