"""The rule language: parsing, Chinese errors, printing, three-valued explanations."""

import pytest

from yingshang.policies import rules
from yingshang.policies.facts import Vocabulary

VOCAB = Vocabulary(districts={"210211": "甘井子区", "210202": "中山区"},
                   qualifications={"high_tech": "高新技术企业", "tech_sme": "科技型中小企业"})


def parse(text):
    return rules.parse_rule(text, VOCAB)


def test_the_issues_example_parses_and_prints_back():
    text = 'industry in ["C", "I65"] and employees >= 10 and qualification has "high_tech"'
    tree = parse(text)
    assert tree == {"op": "and", "args": [
        {"fact": "industry", "cmp": "in", "value": ["C", "I65"]},
        {"fact": "employees", "cmp": ">=", "value": 10},
        {"fact": "qualification", "cmp": "has", "value": "high_tech"},
    ]}
    assert rules.to_text(tree) == text
    assert parse(rules.to_text(tree)) == tree


def test_chinese_labels_values_and_keywords():
    tree = parse("从业人数>=10且规模==小型 或 注册区县 in [甘井子区]")
    assert rules.to_text(tree) == '(employees >= 10 and size_class == "small") or district in ["210211"]'
    assert rules.describe(tree, VOCAB) == "(从业人数≥10 人 且 企业规模为小型) 或 注册区县属于甘井子区"


def test_industry_tokens_normalise_to_section_prefixes():
    tree = parse('industry in ["65", "c3", "I"]')
    assert tree["value"] == ["I65", "C3", "I"]
    facts = {"industry": "C39"}
    assert rules.tri_eval(parse('industry in ["C3"]'), facts) is True
    assert rules.tri_eval(parse('industry in ["C4"]'), facts) is False
    assert rules.tri_eval(parse('industry not in ["C"]'), facts) is False


@pytest.mark.parametrize("text, message", [
    ("employes >= 10", "未知的事实“employes”"),
    ("employees in [1, 2]", "不能使用运算符“in”"),
    ('industry in ["Z9"]', "不是国民经济行业分类"),
    ("employees >=", "规则不完整"),
    ("(employees >= 1", "缺少右括号"),
    ("size_class == 巨型", "不是“企业规模”的有效取值"),
    ("employees >= 10 x", "多余的内容"),
    ('employees >= "many"', "阈值应为数字"),
    ("blacklisted == 3", "只能与 true 或 false 比较"),
    ('qualification has ["high_tech"]', "应为单个取值"),
    ("employees >= 10 and ^", "无法识别"),
])
def test_bad_rules_are_refused_with_a_clear_chinese_message(text, message):
    with pytest.raises(rules.RuleError) as error:
        parse(text)
    assert message in error.value.messages[0]


def test_three_values_follow_kleene_logic():
    tree = parse("employees >= 10 and rd_share >= 3")
    assert rules.tri_eval(tree, {"employees": 12, "rd_share": None}) is None
    assert rules.tri_eval(tree, {"employees": 8, "rd_share": None}) is False  # one known failure decides
    either = parse("employees >= 10 or rd_share >= 3")
    assert rules.tri_eval(either, {"employees": 12}) is True
    assert rules.tri_eval(either, {"employees": 8}) is None
    assert rules.tri_eval(parse("not (rd_share >= 3)"), {}) is None
    assert rules.tri_eval(None, {}) is True


def test_blacklist_absence_is_a_known_no():
    assert rules.tri_eval(parse("blacklisted == true"), {}) is False


def test_explanation_gives_value_threshold_gap_and_how_to_settle():
    conditions = parse('employees >= 10 and rd_share >= 3 and industry in ["C"]')
    exclusions = parse('credit_class in ["C", "D"]')
    explanation = rules.explain(conditions, exclusions, {"employees": 8, "industry": "C39", "credit_class": "A"}, VOCAB)
    assert explanation.verdict == rules.NOT_ELIGIBLE
    by_fact = {o.fact: o for o in explanation.conditions}
    assert by_fact["employees"].status == "fail" and by_fact["employees"].value == "8 人"
    assert by_fact["employees"].threshold == "≥10 人" and by_fact["employees"].gap == "差 2 人"
    assert by_fact["rd_share"].status == "unknown" and "加计扣除" in by_fact["rd_share"].settle
    assert by_fact["industry"].status == "pass"
    assert explanation.exclusions[0].status == "fail"  # the veto does not apply
    assert explanation.unknown_facts == ["rd_share"]
    undetermined = rules.explain(conditions, exclusions, {"employees": 18, "industry": "C39", "credit_class": "A"}, VOCAB)
    assert undetermined.verdict == rules.UNDETERMINED
    vetoed = rules.explain(conditions, exclusions, {"employees": 18, "industry": "C39", "credit_class": "D", "rd_share": 5}, VOCAB)
    assert vetoed.verdict == rules.NOT_ELIGIBLE


def test_stored_trees_are_validated_like_text():
    with pytest.raises(rules.RuleError):
        rules.normalize_tree({"op": "and", "args": [{"fact": "nope", "cmp": ">=", "value": 1}]}, VOCAB)
    tree = rules.normalize_tree({"fact": "size_class", "cmp": "in", "value": ["小型", "micro"]}, VOCAB)
    assert tree["value"] == ["small", "micro"]
