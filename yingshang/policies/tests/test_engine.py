"""The vectorised bitset engine agrees with the per-enterprise evaluator, unknowns included."""

import datetime as dt

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from yingshang.policies import rules
from yingshang.policies.engine import BitsetEvaluator, CompiledItem, FactMatrix, actionable, evaluate_items, evaluate_items_small
from yingshang.policies.facts import Vocabulary

VOCAB = Vocabulary(districts={"210211": "甘井子区", "210202": "中山区", "210203": "西岗区"},
                   qualifications={"high_tech": "高新技术企业", "tech_sme": "科技型中小企业", "specialized": "专精特新"})
THRESHOLDS = [0, 1, 3, 5, 10, 20]
INDUSTRIES = ["C39", "C34", "I65", "F52", "G55"]

maybe = lambda strategy: st.one_of(st.none(), strategy)  # noqa: E731
enterprise = st.fixed_dictionaries({
    "employees": maybe(st.sampled_from(THRESHOLDS + [2, 11, 19, 21])),
    "rd_share": maybe(st.sampled_from([0, 2.5, 3, 3.5, 10])),
    "age_years": maybe(st.sampled_from([0.5, 1, 3, 9.99, 10, 25])),
    "industry": maybe(st.sampled_from(INDUSTRIES)),
    "district": maybe(st.sampled_from(list(VOCAB.districts))),
    "size_class": maybe(st.sampled_from(["small", "micro", "medium", "large"])),
    "credit_class": maybe(st.sampled_from(["A", "B", "C", "D"])),
    "qualification": st.sets(st.sampled_from(list(VOCAB.qualifications)), max_size=2),
    "blacklisted": maybe(st.booleans()),
    "national_project": maybe(st.booleans()),
})

leaf = st.one_of(
    st.builds(lambda f, op, v: {"fact": f, "cmp": op, "value": v}, st.sampled_from(["employees", "rd_share", "age_years"]),
              st.sampled_from([">=", ">", "<=", "<", "==", "!="]), st.sampled_from(THRESHOLDS + [3, 10])),
    st.builds(lambda op, v: {"fact": "industry", "cmp": op, "value": v}, st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(["C", "C3", "I65", "F52", "G"]), min_size=1, max_size=3, unique=True)),
    st.builds(lambda f, op, v: {"fact": f, "cmp": op, "value": v}, st.sampled_from(["size_class", "credit_class"]),
              st.sampled_from(["==", "!="]), st.sampled_from(["small", "A"])),
    st.builds(lambda op, v: {"fact": "district", "cmp": op, "value": v}, st.sampled_from(["in", "not_in"]),
              st.lists(st.sampled_from(list(VOCAB.districts)), min_size=1, max_size=2, unique=True)),
    st.builds(lambda op, v: {"fact": "qualification", "cmp": op, "value": v}, st.sampled_from(["has", "not_has"]),
              st.sampled_from(list(VOCAB.qualifications))),
    st.builds(lambda v: {"fact": "qualification", "cmp": "has_any", "value": v},
              st.lists(st.sampled_from(list(VOCAB.qualifications)), min_size=1, max_size=2, unique=True)),
    st.builds(lambda f, op, v: {"fact": f, "cmp": op, "value": v}, st.sampled_from(["blacklisted", "national_project"]),
              st.sampled_from(["==", "!="]), st.booleans()),
)
tree = st.recursive(leaf, lambda children: st.one_of(
    st.builds(lambda args: {"op": "and", "args": args}, st.lists(children, min_size=2, max_size=3)),
    st.builds(lambda args: {"op": "or", "args": args}, st.lists(children, min_size=2, max_size=3)),
    st.builds(lambda arg: {"op": "not", "arg": arg}, children),
), max_leaves=6)


def _matrix(records):
    return FactMatrix.from_records(records, as_of=dt.date(2026, 6, 1))


@settings(max_examples=150, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=70), st.lists(tree, min_size=1, max_size=4), st.one_of(st.none(), tree))
def test_vectorised_and_per_enterprise_evaluation_agree(records, conditions_list, exclusions):
    matrix = _matrix(records)
    evaluator = BitsetEvaluator(matrix)
    for conditions in conditions_list:
        true, unknown = evaluator.evaluate(conditions)
        true_set, unknown_set = set(evaluator.bits.positions(true).tolist()), set(evaluator.bits.positions(unknown).tolist())
        eligible, undetermined = evaluator.verdict_bits(conditions, exclusions)
        eligible_set = set(evaluator.bits.positions(eligible).tolist())
        undetermined_set = set(evaluator.bits.positions(undetermined).tolist())
        for i, record in enumerate(records):
            facts = matrix.record(i)
            expected = rules.tri_eval(conditions, facts)
            assert (i in true_set, i in unknown_set) == (expected is True, expected is None), (conditions, record)
            verdict = rules.combine_verdict(expected, rules.tri_eval(exclusions, facts) if exclusions else False)
            assert (i in eligible_set, i in undetermined_set) == (verdict == rules.ELIGIBLE, verdict == rules.UNDETERMINED)


@settings(max_examples=60, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=60), st.lists(leaf, min_size=2, max_size=4))
def test_near_misses_fail_exactly_one_condition(records, parts):
    conditions = {"op": "and", "args": parts}
    matrix = _matrix(records)
    outcome = evaluate_items(matrix, [CompiledItem(1, 1, conditions, None, {"kind": "none"})])[0]
    found = dict(zip(outcome.near_positions.tolist(), outcome.near_part.tolist()))
    for i in range(len(records)):
        facts = matrix.record(i)
        values = [rules.tri_eval(p, facts) for p in parts]
        exactly_one = values.count(False) == 1 and values.count(None) == 0 and actionable(parts[values.index(False)])
        assert (i in found) == exactly_one
        if exactly_one:
            assert values[found[i]] is False


def test_thresholds_on_one_fact_share_one_index():
    records = [{"employees": float(n)} for n in range(0, 400)]
    evaluator = BitsetEvaluator(_matrix(records))
    trees = [{"fact": "employees", "cmp": op, "value": t} for t in (10, 50, 100, 300) for op in (">=", "<", "==")]
    evaluator.prepare(trees)
    assert len(evaluator._numeric_index) == 1
    counts = {(t["cmp"], t["value"]): evaluator.bits.count(evaluator.evaluate(t)[0]) for t in trees}
    assert counts[(">=", 300)] == 100 and counts[("<", 10)] == 10 and counts[("==", 50)] == 1


def test_large_population_matches_numpy_reference():
    rng = np.random.default_rng(3)
    n = 50_000
    employees = np.where(rng.random(n) < 0.1, np.nan, rng.integers(0, 400, n).astype(float))
    records = [{"employees": None if np.isnan(e) else e} for e in employees]
    matrix = _matrix(records)
    true, unknown = BitsetEvaluator(matrix).evaluate({"fact": "employees", "cmp": ">=", "value": 100})
    evaluator = BitsetEvaluator(matrix)
    assert np.array_equal(evaluator.bits.positions(true), np.flatnonzero(employees >= 100))
    assert np.array_equal(evaluator.bits.positions(unknown), np.flatnonzero(np.isnan(employees)))


def test_authority_bits_separate_tax_data_from_declarations():
    records = [{"rd_share": 4.0}, {"rd_share": 4.0}, {"rd_share": None}]
    matrix = FactMatrix.from_records(records, authoritative=[{"rd_share"}, set(), set()])
    evaluator = BitsetEvaluator(matrix)
    assert evaluator.bits.positions(evaluator.authority_bits({"rd_share", "employees"})).tolist() == [0]
    assert evaluator.bits.positions(evaluator.authority_bits({"blacklisted"})).tolist() == [0, 1, 2]  # a list: absence is data
    assert evaluator.bits.positions(evaluator.authority_bits({"fleet_capacity"})).tolist() == []


@settings(max_examples=80, deadline=None)
@given(st.lists(enterprise, min_size=1, max_size=12), st.lists(st.tuples(tree, st.one_of(st.none(), tree)), min_size=1, max_size=3),
       st.lists(leaf, min_size=2, max_size=3))
def test_small_population_path_gives_the_same_outcomes_as_the_bitset_engine(records, rules_list, conjunction):
    items = [CompiledItem(i, i, c, e, {"kind": "none"}) for i, (c, e) in enumerate(rules_list)]
    items.append(CompiledItem(99, 99, {"op": "and", "args": conjunction}, None, {"kind": "none"}))
    matrix = _matrix(records)
    for big, small in zip(evaluate_items(matrix, items), evaluate_items_small(matrix, items)):
        assert big.eligible.tolist() == small.eligible.tolist()
        assert big.undetermined.tolist() == small.undetermined.tolist()
        assert big.unknown_mask.tolist() == small.unknown_mask.tolist()
        assert sorted(zip(big.near_positions.tolist(), big.near_part.tolist())) == sorted(zip(small.near_positions.tolist(), small.near_part.tolist()))
