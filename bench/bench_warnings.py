"""Early warning at city scale: a full detection run over 3 years of appeals (≈6 million, 320 labels ×
12 districts), from raw (accepted_at, label, district) rows to rolled-up warnings.

The rows are synthetic (the simulator's counts expanded to one row per appeal with a random time of
day), generated before the clock starts. Timed: day index from the timestamps and the leaf × district
× day bincount, the sparse sum up the label tree, then every detector for the recent days (what
`yingshang insights detect` runs) and the roll-up. Pure numpy/scipy, no database. Target: ≤ 60 s on
2 cores. Usage: python -m bench.bench_warnings [--quick] [--recent-days N] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import time

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "2")

import numpy as np  # noqa: E402

FULL = {"days": 1095, "labels": 320, "districts": 12, "daily_total": 5480.0}
QUICK = {"days": 400, "labels": 80, "districts": 12, "daily_total": 1500.0}
UTC_OFFSET = 8 * 3600  # Asia/Shanghai


def synthetic_rows(seed: int, size: dict):
    """One row per appeal: epoch seconds, label index, district index (+ the label paths, first day)."""
    from yingshang.insights.detection.simulate import simulate

    simulation = simulate(seed, evaluation_days=min(365, size["days"] - 30), **size)
    counts = simulation.counts.astype(np.int64)
    labels, districts, days = np.nonzero(counts)
    repeats = counts[labels, districts, days]
    rng = np.random.default_rng(seed)
    day = np.repeat(days, repeats)
    epoch_day = simulation.first_day_ordinal - 719163  # 1970-01-01 is ordinal 719163
    seconds = (epoch_day + day) * 86400 - UTC_OFFSET + rng.integers(7 * 3600, 21 * 3600, len(day))
    order = rng.permutation(len(day))  # rows arrive in no particular order, as from a database
    return (seconds[order].astype(np.float64), np.repeat(labels, repeats)[order], np.repeat(districts, repeats)[order],
            simulation.label_paths, simulation.districts, simulation.first_day_ordinal, simulation.n_days)


def run(seed: int, size: dict, recent_days: int) -> dict:
    from yingshang.insights.detection import DetectionParameters, LabelTree, build_series_cube, detect, leaf_day_counts

    generated = time.perf_counter()
    seconds, label_idx, district_idx, paths, districts, first_ordinal, n_days = synthetic_rows(seed, size)
    generated = time.perf_counter() - generated
    timings = {}
    start = time.perf_counter()
    tree = LabelTree(paths)
    remap = np.array([tree.label_index[p] for p in paths])
    day_idx = ((seconds + UTC_OFFSET) // 86400).astype(np.int64) - (first_ordinal - 719163)
    counts = leaf_day_counts(remap[label_idx], district_idx, day_idx, n_labels=len(tree.labels), n_districts=len(districts), n_days=n_days)
    timings["aggregate_rows"] = time.perf_counter() - start
    mark = time.perf_counter()
    cube = build_series_cube(tree, counts, districts, first_ordinal)
    timings["sum_up_tree"] = time.perf_counter() - mark
    result = detect(cube, n_days - recent_days, n_days, DetectionParameters(seed=seed))
    timings |= {f"detect.{k}": v for k, v in result.timings.items()}
    timings["total"] = time.perf_counter() - start
    return {"rows": len(seconds), "labels": len(tree.labels), "nodes": len(tree), "series": len(tree) * cube.n_columns,
            "days": n_days, "recent_days": recent_days, "warnings": len(result.warnings),
            "top_level": sum(1 for w in result.warnings if w.parent is None), "generate_s": generated, "timings": timings}


def main(argv=None) -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    django.setup()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="a small city (≈600k appeals over 400 days) for development")
    parser.add_argument("--recent-days", type=int, default=14)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv if argv is not None else [])
    size = QUICK if args.quick else FULL
    report = run(args.seed, size, args.recent_days)
    print(f"early warning: {report['rows']:,} appeals, {report['labels']} labels ({report['nodes']} tree nodes) × 12 districts + city "
          f"= {report['series']:,} series × {report['days']} days; detectors on the last {report['recent_days']} days "
          f"(rows generated in {report['generate_s']:.1f} s, untimed)")
    for stage, seconds in report["timings"].items():
        print(f"  {stage:<32} {seconds:8.2f} s")
    print(f"  warnings {report['warnings']} ({report['top_level']} top-level)")
    total = report["timings"]["total"]
    print(f"full early-warning run: {total:.1f} s (target ≤ 60 s on 2 cores) {'OK' if total <= 60 or args.quick else 'SLOW'}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
