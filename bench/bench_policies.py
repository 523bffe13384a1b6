"""Policy matching (政策找企业): every item against every enterprise, vectorised, against two peers measured
in the same run — OpenFisca (openfisca-core, the same rules as OpenFisca variables over the same
population) and a naive per-pair Python evaluation (on a sample, scaled up).

The population is generated in a temporary SQLite database the way bench_demo does (the demo city's
enterprises, plus the policy module's data feeds: R&D shares, blacklist, declarations); the items are the
seed policies plus synthetic three-condition items drawn from realistic thresholds. The larger size
(10^6 by default) resamples that population in memory — generating 10^6 enterprises in SQLite alone
takes about 7 minutes (see "Demo city generation") — and stores its results in the same SQLite table.

Usage: python -m bench.bench_policies [--enterprises N] [--items M] [--large N] [--sample S] [--no-openfisca]
The last line reads: ours_s=… openfisca_s=… naive_s=… ratio_openfisca=… agree=true|false
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


# --- the child: one process, one fresh database ------------------------------------------------------

def _synthetic_items(count: int, rng, vocabulary) -> list[str]:
    """Three-condition items as policies write them: a target group, a sector or place, a threshold."""
    numeric = [("employees", ">=", [10, 20, 50, 100, 300]), ("annual_revenue", ">=", [100, 500, 2000, 10000]),
               ("annual_tax", ">=", [10, 50, 100]), ("age_years", "<", [1, 3, 5, 10]), ("age_years", ">=", [1, 3]),
               ("registered_capital", ">=", [100, 500, 1000]), ("rd_share", ">=", [3, 5])]
    sections = ["C", "I", "M", "F", "G", "E", "H", "L"]
    divisions = ["C13", "C26", "C34", "C35", "C38", "C39", "I63", "I64", "I65", "M73", "M75", "G54", "G55", "F51", "F52", "E48"]
    districts = sorted(vocabulary.districts)
    qualifications = ["high_tech", "tech_sme", "specialized", "foreign", "above_scale"]
    texts = []
    for _ in range(count):
        parts = []
        pick = rng.random()
        if pick < 0.45:
            chosen = rng.choice(divisions, size=int(rng.integers(1, 4)), replace=False)
            parts.append("industry in [" + ", ".join(f'"{c}"' for c in chosen) + "]")
        elif pick < 0.7:
            parts.append(f'industry in ["{rng.choice(sections)}"]')
        else:
            chosen = rng.choice(districts, size=int(rng.integers(1, 3)), replace=False)
            parts.append("district in [" + ", ".join(f'"{c}"' for c in chosen) + "]")
        second = rng.random()
        if second < 0.4:
            parts.append('size_class in ["small", "micro"]' if rng.random() < 0.5 else f'size_class == "{rng.choice(["medium", "large", "small"])}"')
        elif second < 0.6:
            parts.append(f'qualification has "{rng.choice(qualifications)}"')
        elif second < 0.8:
            parts.append('credit_class in ["A", "B"]' if rng.random() < 0.7 else 'credit_class == "A"')
        else:
            parts.append('kind == "enterprise"')
        fact, op, thresholds = numeric[int(rng.integers(len(numeric)))]
        parts.append(f"{fact} {op} {rng.choice(thresholds)}")
        texts.append(" and ".join(parts))
    return texts


def _openfisca(matrix, compiled):
    """The same rules as OpenFisca variables; returns (seconds for all items, eligibility arrays)."""
    import numpy as np
    from openfisca_core.entities import build_entity
    from openfisca_core.periods import DateUnit
    from openfisca_core.simulations import SimulationBuilder
    from openfisca_core.taxbenefitsystems import TaxBenefitSystem
    from openfisca_core.variables import Variable

    from yingshang.policies.facts import FACTS

    entity = build_entity(key="enterprise", plural="enterprises", label="经营主体", is_person=True)
    system = TaxBenefitSystem([entity])

    def declare(name, value_type, formula=None, default=None):
        attrs = {"value_type": value_type, "entity": entity, "definition_period": DateUnit.YEAR, "label": name}
        if default is not None:
            attrs["default_value"] = default
        if formula is not None:
            attrs["formula"] = formula
        system.add_variable(type(name, (Variable,), attrs))

    for key in matrix.numeric:
        declare(key, float, default=float("nan"))
    for key in matrix.categories:
        declare(f"{key}_code", int, default=-1)
    for key in matrix.bools:
        declare(f"{key}_flag", int, default=-1)
    for code in matrix.qualifications:
        declare(f"q_{code}", bool)

    def truth(node, get):
        """(true, false) arrays of a rule in Kleene's logic, written as an OpenFisca author would."""
        op = node.get("op")
        if op in ("and", "or"):
            pairs = [truth(a, get) for a in node["args"]]
            trues, falses = [p[0] for p in pairs], [p[1] for p in pairs]
            if op == "and":
                return np.logical_and.reduce(trues), np.logical_or.reduce(falses)
            return np.logical_or.reduce(trues), np.logical_and.reduce(falses)
        if op == "not":
            t, f = truth(node["arg"], get)
            return f, t
        fact = FACTS[node["fact"]]
        cmp, value = node["cmp"], node["value"]
        if fact.type == "number":
            x = get(fact.key)
            known = ~np.isnan(x)
            hit = {">=": x >= value, ">": x > value, "<=": x <= value, "<": x < value, "==": x == value, "!=": x != value}[cmp]
        elif fact.type in ("category", "industry"):
            codes = get(f"{fact.key}_code")
            vocab = matrix.categories[fact.key][1]
            targets = value if isinstance(value, list) else [value]
            lookup = np.zeros(len(vocab) + 1, dtype=bool)  # the last slot answers code -1 (unknown)
            for index, code in enumerate(vocab):
                lookup[index] = any(code.startswith(t) for t in targets) if fact.type == "industry" else code in targets
            known = codes >= 0
            hit = lookup[codes]
            if cmp in ("!=", "not_in"):
                hit = ~hit
        elif fact.type == "set":
            codes = value if isinstance(value, list) else [value]
            hit = np.logical_or.reduce([get(f"q_{c}") for c in codes if c in matrix.qualifications] or [np.zeros(matrix.n, bool)])
            known = np.ones(matrix.n, dtype=bool)
            if cmp == "not_has":
                hit = ~hit
        else:
            flag = get(f"{fact.key}_flag")
            known = (flag >= 0) | (fact.missing_means is not None)
            hit = (flag == 1) if value else (flag == 0) | ((flag < 0) & (fact.missing_means is False))
            if cmp == "!=":
                hit = ~hit
        return known & hit, known & ~hit

    def formula_for(item):
        def formula(enterprise, period, parameters):
            get = lambda name: enterprise(name, period)  # noqa: E731
            ct, _ = truth(item.conditions, get) if item.conditions else (np.ones(matrix.n, bool), None)
            if item.exclusions is None:
                return ct
            _, ef = truth(item.exclusions, get)
            return ct & ef
        return formula

    for item in compiled:
        declare(f"item_{item.item_id}", bool, formula=formula_for(item))

    simulation = SimulationBuilder().build_default_simulation(system, count=matrix.n)
    for key, column in matrix.numeric.items():
        simulation.set_input(key, "2026", column.astype(np.float32))
    for key, (codes, _) in matrix.categories.items():
        simulation.set_input(f"{key}_code", "2026", codes)
    for key, column in matrix.bools.items():
        simulation.set_input(f"{key}_flag", "2026", column.astype(np.int32))
    for code, column in matrix.qualifications.items():
        simulation.set_input(f"q_{code}", "2026", column)
    started = time.perf_counter()
    results = {item.item_id: simulation.calculate(f"item_{item.item_id}", "2026") for item in compiled}
    return time.perf_counter() - started, results


def child(n: int, items: int, large: int, sample: int, with_openfisca: bool, large_store: bool = False) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import numpy as np

    from yingshang.core import clock, modules
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk
    from yingshang.core.demo import demo_build
    from yingshang.policies import matching, rules, services
    from yingshang.policies.demo import _synthetic_facts
    from yingshang.policies.engine import BitsetEvaluator, load_fact_matrix, verdict_bitsets
    from yingshang.policies.facts import vocabulary
    from yingshang.policies.models import ItemVersion, PolicyDocument, PolicyItem
    from yingshang.policies.seeds import load_seed_policies

    out: dict = {"n": n}
    modules._DEMO_STEPS[:] = []  # the population only; other modules' demo data is not what is measured
    started = time.perf_counter()
    demo_build(enterprises=n, seed=2026)
    rng = np.random.default_rng(2026)
    facts = _synthetic_facts(rng)
    services.enterprise_facts_bulk(actor=None, rows=facts, summary={"source": "bench"})
    load_seed_policies(actor=None, publish=True)
    vocab = vocabulary()
    document = PolicyDocument.objects.get(seed_key="dl-2026-plan")
    seed_count = PolicyItem.objects.filter(status="published").count()
    texts = _synthetic_items(max(items - seed_count, 0), rng, vocab)
    veto = rules.parse_rule('credit_class in ["C", "D"] or blacklisted == true', vocab)
    amount_rules = [{"kind": "fixed", "amount": 50, "ceiling": True, "per": None},
                    {"kind": "percentage", "rate": 5, "base": "annual_revenue", "cap": 200, "cap_scope": "each"},
                    {"kind": "tiers", "measure": "employees", "tiers": [{"min": 10, "max": 100, "amount": 10}, {"min": 100, "max": None, "amount": 30}]}]
    with audited_write(None):
        PolicyItem.objects.bulk_create([PolicyItem(document=document, code=f"SYN-{i:04d}", title=f"合成条款{i}", unit=document.unit,
                                                   status="published") for i in range(len(texts))])
        by_code = dict(PolicyItem.objects.filter(code__startswith="SYN-").values_list("code", "pk"))
        versions = []
        for i, text in enumerate(texts):
            tree = rules.parse_rule(text, vocab)
            versions.append(ItemVersion(item_id=by_code[f"SYN-{i:04d}"], number=1, status="published", effective_from=document.effective_from,
                                        benefit_kind="grant", amount_rule=amount_rules[i % 3], conditions_text=rules.to_text(tree), conditions=tree,
                                        exclusions_text=rules.to_text(veto) if i % 2 else "", exclusions=veto if i % 2 else None))
        ItemVersion.objects.bulk_create(versions, batch_size=500)
        record_bulk("bench.items", PolicyItem, count=len(texts), summary={"synthetic": len(texts)})
        record_bulk("bench.items", ItemVersion, count=len(versions), summary={"synthetic": len(versions)})
    out["setup_s"] = time.perf_counter() - started
    today = clock.today()

    started = time.perf_counter()
    matrix = load_fact_matrix(today)
    out["load_s"] = time.perf_counter() - started
    in_force = matching.versions_in_force(today)
    compiled = [matching.compile_version(v) for v in in_force]
    out["items"], out["seed_items"] = len(compiled), len(compiled) - len(texts)

    started = time.perf_counter()
    evaluator = BitsetEvaluator(matrix)
    bitsets = verdict_bitsets(evaluator, compiled)
    out["ours_s"] = time.perf_counter() - started
    eligible_positions = {item.item_id: evaluator.bits.positions(e) for item, (e, _) in zip(compiled, bitsets)}
    out["pairs_eligible_or_undetermined"] = int(sum(evaluator.bits.count(e) + evaluator.bits.count(u) for e, u in bitsets))
    del bitsets

    with audited_write(None):
        report = matching.run(as_of=today, versions=in_force, matrix=matrix)
    out["store"] = {"bytes": _stored_bytes(), "evaluate_details_s": report.evaluate_seconds, "store_s": report.store_seconds, "rows": report.eligible + report.undetermined + report.near_miss,
                    "eligible": report.eligible, "undetermined": report.undetermined, "near_miss": report.near_miss}

    positions = np.sort(np.random.default_rng(7).choice(matrix.n, size=min(sample, matrix.n), replace=False))
    records = [matrix.record(int(i)) for i in positions]
    started = time.perf_counter()
    naive = {}
    for item in compiled:
        naive[item.item_id] = [rules.combine_verdict(rules.tri_eval(item.conditions, r), rules.tri_eval(item.exclusions, r) if item.exclusions else False)
                               == rules.ELIGIBLE for r in records]
    naive_sample_s = time.perf_counter() - started
    out["naive_s"] = naive_sample_s * matrix.n / len(records)
    ours_eligible = {i: set(p.tolist()) for i, p in eligible_positions.items()}
    agree = all(naive[i][k] == (int(p) in ours_eligible[i]) for i in naive for k, p in enumerate(positions))

    started = time.perf_counter()
    one = records[0]
    for _ in range(20):
        for item in compiled:
            rules.combine_verdict(rules.tri_eval(item.conditions, one), rules.tri_eval(item.exclusions, one) if item.exclusions else False)
    out["one_enterprise_eval_ms"] = (time.perf_counter() - started) / 20 * 1000
    enterprise_id = int(matrix.ids[positions[0]])
    started = time.perf_counter()
    with audited_write(None):
        if os.environ.get("BENCH_PROFILE"):
            import cProfile
            import pstats
            profile = cProfile.Profile()
            profile.runcall(matching.run, as_of=today, versions=in_force, enterprise_ids=[enterprise_id])
            pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
        else:
            matching.run(as_of=today, versions=in_force, enterprise_ids=[enterprise_id])
    out["one_enterprise_rematch_ms"] = (time.perf_counter() - started) * 1000

    if with_openfisca:
        import openfisca_core

        out["openfisca_version"] = openfisca_core.__version__ if hasattr(openfisca_core, "__version__") else "46.0.1"
        out["openfisca_s"], results = _openfisca(matrix, compiled)
        agree = agree and all(np.array_equal(np.flatnonzero(results[i]), p) for i, p in eligible_positions.items())
        agree = agree and all(bool(results[i][p]) == naive[i][k] for i in naive for k, p in enumerate(positions))
    out["agree"] = agree

    if large:
        big = matrix.take(np.random.default_rng(11).integers(0, matrix.n, large))
        big.ids = np.arange(10_000_000, 10_000_000 + large, dtype=np.int64)
        started = time.perf_counter()
        big_evaluator = BitsetEvaluator(big)
        if os.environ.get("BENCH_PROFILE") == "large":
            import cProfile
            import pstats
            profile = cProfile.Profile()
            big_bitsets = profile.runcall(verdict_bitsets, big_evaluator, compiled)
            pstats.Stats(profile, stream=sys.stderr).sort_stats("tottime").print_stats(20)
        else:
            big_bitsets = verdict_bitsets(big_evaluator, compiled)
        out["large"] = {"n": large, "ours_s": time.perf_counter() - started,
                        "pairs_eligible_or_undetermined": int(sum(big_evaluator.bits.count(e) + big_evaluator.bits.count(u) for e, u in big_bitsets))}
        if with_openfisca:
            out["large"]["openfisca_s"], big_results = _openfisca(big, compiled)
            # the whole resampled population: OpenFisca and ours must list the same eligible enterprises
            out["agree"] = out["agree"] and all(
                np.array_equal(np.flatnonzero(big_results[item.item_id]), big_evaluator.bits.positions(e))
                for item, (e, _) in zip(compiled, big_bitsets))
            del big_results
        del big_bitsets, big_evaluator
        if large_store:
            # the figure: evaluation plus storing the eligible and undetermined results, then the
            # same with near misses (a full run's default) for comparison
            for key, near in (("store", False), ("store_near_miss", True)):
                with audited_write(None):
                    big_report = matching.run(as_of=today, versions=in_force, matrix=big, near_miss=near)
                out["large"][key] = {"evaluate_details_s": big_report.evaluate_seconds, "store_s": big_report.store_seconds,
                                     "eligible": big_report.eligible, "undetermined": big_report.undetermined,
                                     "near_miss": big_report.near_miss, "bytes": _stored_bytes()}
    return out


def _stored_bytes() -> int:
    from django.db.models import Sum
    from django.db.models.functions import Length

    from yingshang.policies.models import MatchSet

    sizes = MatchSet.objects.aggregate(members=Sum(Length("members")), columns=Sum(Length("columns")))
    return int((sizes["members"] or 0) + (sizes["columns"] or 0))


# --- the parent -------------------------------------------------------------------------------------

def run(n: int, items: int, large: int, sample: int, with_openfisca: bool, large_store: bool = False) -> dict:
    with tempfile.TemporaryDirectory(prefix="yingshang-bench-policies-") as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", YINGSHANG_VAR_DIR=tmp, MEDIA_ROOT=f"{tmp}/media",
                   DJANGO_SETTINGS_MODULE="yingshang.settings")
        args = [sys.executable, "-m", "bench.bench_policies", "--child", str(n), str(items), str(large), str(sample), "1" if with_openfisca else "0",
                "1" if large_store else "0"]
        out = subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-3000:])
        if os.environ.get("BENCH_PROFILE"):
            print(out.stderr[-12000:], file=sys.stderr)
        return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="政策匹配基准:本引擎 vs OpenFisca vs 逐对 Python")
    parser.add_argument("--enterprises", type=int, default=100_000, help="enterprises generated in SQLite (default 100,000)")
    parser.add_argument("--items", type=int, default=1_000, help="items in force (seed items + synthetic; default 1,000)")
    parser.add_argument("--large", type=int, default=1_000_000, help="in-memory resampled population for the large run (0: skip)")
    parser.add_argument("--sample", type=int, default=2_000, help="enterprises in the naive per-pair sample")
    parser.add_argument("--no-large-store", dest="large_store", action="store_false",
                        help="skip storing the large run's results (evaluation plus storing, the issue's 30 s figure)")
    parser.add_argument("--no-openfisca", action="store_true")
    parser.add_argument("--child", nargs=6, help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.child:
        n, items, large, sample, openfisca, large_store = (int(v) for v in args.child)
        print(json.dumps(child(n, items, large, sample, bool(openfisca), bool(large_store))))
        return
    r = run(args.enterprises, args.items, args.large, args.sample, not args.no_openfisca, args.large_store)
    pairs = r["n"] * r["items"]
    print(f"policy matching: {r['n']:,} enterprises × {r['items']:,} items ({r['seed_items']} seed items in force + synthetic), SQLite; setup {r['setup_s']:.0f}s")
    print(f"  load facts from the database        {r['load_s']:8.2f} s")
    print(f"  ours: evaluation (bitset engine)    {r['ours_s']:8.2f} s   {pairs / r['ours_s']:,.0f} pairs/s   "
          f"({r['pairs_eligible_or_undetermined']:,} eligible or undetermined pairs)")
    s = r["store"]
    print(f"  ours: evaluation with details       {s['evaluate_details_s']:8.2f} s   + storing {s['rows']:,} pairs {s['store_s']:.2f} s ({s['bytes'] / 2**20:,.0f} MiB) "
          f"(eligible {s['eligible']:,}, undetermined {s['undetermined']:,}, near miss {s['near_miss']:,})")
    print(f"  naive per-pair Python (scaled)      {r['naive_s']:8.2f} s   ours is {r['naive_s'] / r['ours_s']:,.0f}× faster")
    if "openfisca_s" in r:
        print(f"  OpenFisca {r.get('openfisca_version', '')} (same rules)        {r['openfisca_s']:8.2f} s   ours is {r['openfisca_s'] / r['ours_s']:.1f}× faster")
    print(f"  one enterprise × all items: evaluation {r['one_enterprise_eval_ms']:.2f} ms; re-match incl. reading and storing "
          f"{r['one_enterprise_rematch_ms']:.1f} ms")
    if "large" in r:
        big = r["large"]
        line = (f"  {big['n']:,} enterprises (resampled in memory): evaluation {big['ours_s']:.2f} s "
                f"({big['n'] * r['items'] / big['ours_s']:,.0f} pairs/s, {big['pairs_eligible_or_undetermined']:,} eligible or undetermined pairs)")
        if "openfisca_s" in big:
            line += f"; OpenFisca {big['openfisca_s']:.2f} s ({big['openfisca_s'] / big['ours_s']:.1f}×)"
        print(line)
        for key, what in (("store", "eligible + undetermined"), ("store_near_miss", "eligible + undetermined + near misses")):
            if key in big:
                st = big[key]
                pairs_stored = st["eligible"] + st["undetermined"] + st["near_miss"]
                print(f"  {big['n']:,}: full run storing {what}: evaluation with details {st['evaluate_details_s']:.2f} s + storing "
                      f"{pairs_stored:,} pairs {st['store_s']:.2f} s = {st['evaluate_details_s'] + st['store_s']:.2f} s "
                      f"({st['bytes'] / 2**20:,.0f} MiB stored)")
    # The last line speaks for the largest population measured; the naive loop's time scales with it.
    final = r["large"] if "large" in r else r
    ours_s, openfisca_s = final["ours_s"], final.get("openfisca_s", float("nan"))
    naive_s = r["naive_s"] * final["n"] / r["n"]
    print(f"ours_s={ours_s:.3f} openfisca_s={openfisca_s:.3f} naive_s={naive_s:.3f} "
          f"ratio_openfisca={openfisca_s / ours_s:.1f} agree={'true' if r['agree'] else 'false'}")


if __name__ == "__main__":
    main()
