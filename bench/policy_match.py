"""Policy matching against its peers, as issue #5 names it:

    python bench/policy_match.py --enterprises N --items M [--sample S] [--no-openfisca]

Runs bench/bench_policies.py (ours — the bitset engine —, OpenFisca with the same rules, and a naive
per-pair Python loop on a sample of S enterprises, scaled up) and ends with one line
``ours_s=… openfisca_s=… naive_s=… ratio_openfisca=… agree=true|false`` for the population of N.
Up to 100,000 enterprises are generated in a fresh SQLite database; a larger N is that population
resampled in memory (generating 10^6 enterprises takes about 7 minutes on its own; docs/benchmarks.md).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

GENERATED_AT_MOST = 100_000


def main(argv: list[str] | None = None) -> None:
    from bench import bench_policies

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--items", type=int, default=1_000)
    parser.add_argument("--sample", type=int, default=2_000)
    parser.add_argument("--no-openfisca", action="store_true")
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.enterprises < 1 or args.items < 1:
        raise SystemExit("--enterprises 与 --items 应为正整数")
    generated = min(args.enterprises, GENERATED_AT_MOST)
    large = args.enterprises if args.enterprises > generated else 0
    forwarded = ["--enterprises", str(generated), "--items", str(args.items), "--large", str(large), "--sample", str(args.sample)]
    bench_policies.main(forwarded + (["--no-openfisca"] if args.no_openfisca else []))


if __name__ == "__main__":
    main()
