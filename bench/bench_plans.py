"""Plan importer: accuracy on the seeds against their hand-checked annotations, and parse throughput.

Accuracy (the issue's measure): items found with the right number path; right lead units and right
deadlines among the items that state them (responsible units are reported too). Items are aligned by
their path, so one missed item does not shift every later comparison.

Throughput: wall time of ``parse_plan`` per document (median of several runs), in characters per second.
Pure Python, no database. Usage: python -m bench.bench_plans [--runs N]
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "yingshang" / "plans" / "tests" / "fixtures"


def seeds_dir() -> Path:
    import os

    return Path(os.environ.get("YINGSHANG_SEEDS_DIR") or ROOT.parent / "shared" / "seeds")


def _units(mentions):
    return [(m["mention"], m["label"], m["collective"]) for m in mentions]


def _deadlines(deadlines):
    return {(d["date"] or d["text"], d["kind"]) for d in deadlines}


def accuracy(expected: dict, plan: dict) -> dict:
    from yingshang.plans.parsing import iter_items

    got = {tuple(item["path"]): item for item in iter_items(plan)}
    want = expected["items"]
    found = [w for w in want if tuple(w["path"]) in got and got[tuple(w["path"])]["number"] == w["number"]]
    counts = {"items": len(want), "items_found": len(found), "extra_items": len(got) - len(found)}
    for key, compare in (("lead_units", _units), ("responsible_units", _units), ("deadlines", _deadlines)):
        stated = [w for w in want if w[key]]
        right = [w for w in stated if tuple(w["path"]) in got and compare(got[tuple(w["path"])][key]) == compare(w[key])]
        counts[f"{key}_stated"] = len(stated)
        counts[f"{key}_right"] = len(right)
    return counts


def _pct(right: int, total: int) -> str:
    return f"{100 * right / total:.1f}%" if total else "—"


def main(argv: list[str] | None = None) -> None:
    from yingshang.plans.parsing import PlanParseError, parse_plan

    parser = argparse.ArgumentParser(prog="python -m bench.bench_plans", description="方案解析:种子准确率与解析速度")
    parser.add_argument("--runs", type=int, default=5, help="每个文件解析几次取中位数(默认 5)")
    options = parser.parse_args(argv or [])
    folder = seeds_dir()
    if not folder.is_dir():
        print(f"种子目录 {folder} 不存在,跳过方案解析基准")
        return
    totals: dict[str, int] = {}
    print(f"{'seed':<6}{'items':>7}{'paths':>9}{'lead':>9}{'resp.':>9}{'deadl.':>9}{'chars':>9}{'ms':>8}{'chars/s':>10}")
    for fixture_path in sorted(FIXTURES.glob("seed_*.json")):
        expected = json.loads(fixture_path.read_text(encoding="utf-8"))
        source = folder / expected["seed"]
        if not source.is_file():
            print(f"{expected['seed']}: 不存在,跳过")
            continue
        chars = len(source.read_text(encoding="utf-8", errors="replace"))
        timings = []
        refused = None
        for _ in range(max(1, options.runs)):
            started = time.perf_counter()
            try:
                plan = parse_plan(source)
            except PlanParseError as error:
                refused = error
            timings.append(time.perf_counter() - started)
        seconds = statistics.median(timings)
        label = expected["seed"][:3]
        if expected["kind"] != "plan":
            verdict = f"refused ({refused.code})" if refused else "NOT refused"
            print(f"{label:<6}{verdict:>34}{'':>18}{chars:>9}{seconds * 1000:>8.1f}{chars / seconds:>10.0f}")
            continue
        counts = accuracy(expected, plan)
        for key, value in counts.items():
            totals[key] = totals.get(key, 0) + value
        print(
            f"{label:<6}{counts['items']:>7}{_pct(counts['items_found'], counts['items']):>9}"
            f"{_pct(counts['lead_units_right'], counts['lead_units_stated']):>9}"
            f"{_pct(counts['responsible_units_right'], counts['responsible_units_stated']):>9}"
            f"{_pct(counts['deadlines_right'], counts['deadlines_stated']):>9}{chars:>9}{seconds * 1000:>8.1f}{chars / seconds:>10.0f}"
        )
    if totals:
        print(
            f"{'all':<6}{totals['items']:>7}{_pct(totals['items_found'], totals['items']):>9}"
            f"{_pct(totals['lead_units_right'], totals['lead_units_stated']):>9}"
            f"{_pct(totals['responsible_units_right'], totals['responsible_units_stated']):>9}"
            f"{_pct(totals['deadlines_right'], totals['deadlines_stated']):>9}"
        )
        print(
            f"(items with the right number path: {totals['items_found']}/{totals['items']}; lead units right: "
            f"{totals['lead_units_right']}/{totals['lead_units_stated']} items that state them; deadlines right: "
            f"{totals['deadlines_right']}/{totals['deadlines_stated']}; responsible units right: "
            f"{totals['responsible_units_right']}/{totals['responsible_units_stated']}; extra items: {totals['extra_items']})"
        )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
