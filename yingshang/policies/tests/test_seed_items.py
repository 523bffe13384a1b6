"""Every seed item: its rules parse, and at every threshold (value − 1, value, value + 1) both the
per-enterprise and the vectorised evaluator give the verdict the threshold says."""

import operator

import pytest

from yingshang.policies import amounts, rules
from yingshang.policies.engine import BitsetEvaluator, FactMatrix
from yingshang.policies.facts import FACTS, NUMBER, Vocabulary, industry_table
from yingshang.policies.seeds import item_values, seed_data

VOCAB = Vocabulary(districts={"210211": "甘井子区"}, qualifications={
    code: code for code in ("high_tech", "tech_sme", "specialized", "little_giant", "eaglet", "gazelle", "unicorn", "foreign", "above_scale", "listed")})
COMPARE = {">=": operator.ge, ">": operator.gt, "<=": operator.le, "<": operator.lt, "==": operator.eq, "!=": operator.ne}
ITEMS = [(document, item) for document in seed_data()["documents"] for item in document["items"]]


def _industry_code(prefix):
    if len(prefix) >= 3:
        return prefix
    return next(section + code for code, (section, _) in sorted(industry_table().items())
                if code.isdigit() and (section + code).startswith(prefix))


def satisfy(node):
    """Facts meeting ``node`` (first branch of an or)."""
    if node is None:
        return {}
    if node.get("op") == "and":
        facts = {}
        for arg in node["args"]:
            facts.update(satisfy(arg))
        return facts
    if node.get("op") == "or":
        return satisfy(node["args"][0])
    fact, op, value = FACTS[node["fact"]], node["cmp"], node["value"]
    if fact.type == NUMBER:
        return {fact.key: {">=": value, ">": value + 1, "<=": value, "<": value - 0.5, "==": value, "!=": value + 1}[op]}
    if fact.type == "industry":
        return {fact.key: _industry_code(value[0] if isinstance(value, list) else value)}
    if fact.type == "set":
        return {fact.key: {value[0]} if isinstance(value, list) else ({value} if op == "has" else set())}
    if fact.type == "bool":
        return {fact.key: value if op == "==" else not value}
    choices = list(VOCAB.choices(fact.key)) if fact.key not in ("district",) else list(VOCAB.districts)
    if op in ("in", "=="):
        return {fact.key: value[0] if isinstance(value, list) else value}
    excluded = value if isinstance(value, list) else [value]
    return {fact.key: next(c for c in choices if c not in excluded)}


def clear_of(exclusions):
    """Facts under which none of the seed exclusions (credit veto, blacklist) applies."""
    return {"credit_class": "A", "blacklisted": False}


def compiled(document, item):
    values = item_values(item, document)
    return (rules.parse_rule(values["conditions_text"], VOCAB), rules.parse_rule(values["exclusions_text"], VOCAB),
            amounts.normalize_amount_rule(values["amount_rule"]))


@pytest.mark.parametrize("document, item", ITEMS, ids=[item["code"] for _, item in ITEMS])
def test_seed_item_is_eligible_with_satisfying_facts_and_vetoed_by_its_exclusions(document, item):
    conditions, exclusions, _ = compiled(document, item)
    facts = {**clear_of(exclusions), **satisfy(conditions)}
    facts.setdefault("qualification", set())
    assert rules.explain(conditions, exclusions, facts, VOCAB).verdict == rules.ELIGIBLE
    if exclusions is not None:
        for veto in rules.leaves(exclusions):
            vetoed = {**facts, **satisfy(veto)}
            assert rules.explain(conditions, exclusions, vetoed, VOCAB).verdict == rules.NOT_ELIGIBLE, veto


BOUNDARIES = [
    (document, item, leaf) for document, item in ITEMS
    for leaf in rules.conjuncts(compiled(document, item)[0]) if "fact" in leaf and FACTS[leaf["fact"]].type == NUMBER
]


@pytest.mark.parametrize("document, item, leaf", BOUNDARIES, ids=[f"{i['code']}-{l['fact']}{l['cmp']}{l['value']}" for _, i, l in BOUNDARIES])
def test_boundaries_at_every_threshold(document, item, leaf):
    conditions, exclusions, _ = compiled(document, item)
    base = {**satisfy(conditions), **clear_of(exclusions)}
    base.setdefault("qualification", set())
    threshold = leaf["value"]
    probes = [threshold - 1, threshold, threshold + 1]
    records = [{**base, leaf["fact"]: value} for value in probes]
    matrix = FactMatrix.from_records(records)
    evaluator = BitsetEvaluator(matrix)
    eligible, _ = evaluator.verdict_bits(conditions, exclusions)
    vector = set(evaluator.bits.positions(eligible).tolist())
    for index, value in enumerate(probes):
        expected = COMPARE[leaf["cmp"]](value, threshold)
        verdict = rules.explain(conditions, exclusions, matrix.record(index), VOCAB).verdict
        assert (verdict == rules.ELIGIBLE) == expected, (value, verdict)
        assert (index in vector) == expected, value


def test_tier_and_cap_boundaries_of_the_seed_amounts():
    by_code = {item["code"]: (document, item) for document, item in ITEMS}
    _, _, ships = compiled(*by_code["DL24-04"])
    for capacity, amount in {1: 0, 2: 50, 3: 50, 9: 50, 10: 100, 11: 100, 19: 100, 20: 200, 21: 200, 29: 200, 30: 300, 31: 300}.items():
        assert amounts.compute(ships, {"fleet_capacity": capacity}).value == amount, capacity
    _, _, major = compiled(*by_code["DL24-02"])
    assert [amounts.compute(major, {"national_funding": f}).value for f in (4999, 5000, 5001)] == [999.8, 1000, 1000]
    _, _, routes = compiled(*by_code["DL24-03"])
    assert [amounts.compute(routes, {"new_ocean_routes": n}).value for n in (0, 1, 2)] == [0, 1000, 2000]
    _, _, innovation = compiled(*by_code["BYQ22-02"])
    assert [amounts.compute(innovation, {"fin_innovation_score": s}).value for s in (59, 60, 61, 74, 75, 76, 89, 90, 91)] == [0, 5, 5, 5, 20, 20, 20, 50, 50]
