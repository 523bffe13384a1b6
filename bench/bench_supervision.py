"""监管执法: a 双随机 draw over 10^6 enterprises in four risk classes with inspector recusal (target ≤ 5 s),
and 综合查一次 over 10^5 planned tasks of several departments (target ≤ 10 s).

1. Draw: a frame of 10^6 valid-looking credit codes, classes drawn as the demo city's (A 32%, B 58%,
   C 8%, D 2%), ratios A=0.03,B=0.05,C=0.1,D=0.2; a department of 40 inspectors, every 7th enterprise
   with a declared conflict and every 11th with the last visit's pair recused. The timed part is
   yingshang.supervision.draw.draw (ranking per class, then two inspectors per drawn enterprise); then
   the same draw is verified from the canonical frame text (read, hash, redraw, compare).
2. Merge: 10^5 planned visits of six departments over 60,000 enterprises (so that about a third are
   shared), merged by yingshang.supervision.merge.merge_visits; joint share and visits saved reported.

Usage: python -m bench.bench_supervision [--size N] [--tasks M] [--seed S]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> None:
    sys.path.insert(0, str(ROOT))
    from yingshang.supervision import draw as rule
    from yingshang.supervision.merge import PlannedVisit, merge_visits

    parser = argparse.ArgumentParser()
    parser.add_argument("--size", type=int, default=1_000_000)
    parser.add_argument("--tasks", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=2026)
    args = parser.parse_args(argv if argv is not None else [])
    rng = random.Random(args.seed)
    alphabet = "0123456789ABCDEFGHJKLMNPQRTUWXY"
    classes = rng.choices("ABCD", weights=[32, 58, 8, 2], k=args.size)
    frame = [(f"9121{n:08d}" + "".join(rng.choice(alphabet) for _ in range(6)), cls) for n, cls in enumerate(classes)]
    ratios = rule.parse_ratios("A=0.03,B=0.05,C=0.1,D=0.2")
    certs = [f"2103900{i:03d}" for i in range(40)]
    recused = {}
    for n in range(0, args.size, 7):
        recused.setdefault(frame[n][0], set()).add(certs[n % 40])
    for n in range(0, args.size, 11):
        recused.setdefault(frame[n][0], set()).update({certs[(n + 1) % 40], certs[(n + 2) % 40]})
    pool = rule.InspectorPool(certs, recused)

    started, cpu = time.perf_counter(), time.process_time()
    rows = rule.draw(frame, "2026-12-04 深证成指 11523.47", ratios, pool)
    draw_seconds, draw_cpu = time.perf_counter() - started, time.process_time() - cpu
    text = rule.canonical_frame(frame)
    started = time.perf_counter()
    problem = rule.verify(rule.read_frame(text), "2026-12-04 深证成指 11523.47", ratios, rows, pool)
    digest = rule.frame_sha256(text)
    verify_seconds = time.perf_counter() - started
    print(f"draw: {args.size:,} enterprises, {len(rows):,} drawn, {sum(1 for r in rows if len(r[2]) == 2):,} with two inspectors, "
          f"{draw_seconds:.2f} s wall, {draw_cpu:.2f} s CPU (target ≤ 5 s); verify from the frame text (parse, SHA-256 {digest[:12]}…, redraw): "
          f"{verify_seconds:.2f} s, {'verified' if problem is None else problem}")

    departments = ["U039", "U070", "U036", "U027", "U037", "U030"]
    enterprises = max(args.tasks * 6 // 10, 1)
    visits, seen = [], set()
    while len(visits) < args.tasks:
        enterprise, department = rng.randrange(enterprises), rng.choice(departments)
        if (enterprise, department) in seen:
            continue
        seen.add((enterprise, department))
        visits.append(PlannedVisit(len(visits), enterprise, department, (f"{department}-01",)))
    started, cpu = time.perf_counter(), time.process_time()
    report = merge_visits(visits)
    merge_seconds, merge_cpu = time.perf_counter() - started, time.process_time() - cpu
    print(f"merge: {len(visits):,} planned visits → {len(report.tasks):,} tasks, joint {report.joint_tasks:,} "
          f"({report.joint_share:.1%}), visits saved {report.visits_saved:,}, {merge_seconds:.2f} s wall, {merge_cpu:.2f} s CPU (target ≤ 10 s)")


if __name__ == "__main__":
    main(sys.argv[1:])
