"""Demo-city generation time for 10^5 and 10^6 enterprises, each in a fresh SQLite database.

Every size runs in its own process (its own database file), so one run cannot warm the next.
Prints wall time per step and enterprises per second. Usage: python -m bench.bench_demo [N ...]
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SIZES = [100_000, 1_000_000]

CHILD = r"""
import json, os, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from yingshang.core.demo import demo_build
started = time.perf_counter()
report = demo_build(enterprises=int(sys.argv[1]), seed=2026)
total = time.perf_counter() - started
print(json.dumps({"total": total, "steps": report.seconds, "enterprises": report.enterprises}))
"""


def run(size: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="yingshang-bench-") as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", YINGSHANG_VAR_DIR=tmp)
        started = time.perf_counter()
        out = subprocess.run([sys.executable, "-c", CHILD, str(size)], cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-2000:])
        result = json.loads(out.stdout.strip().splitlines()[-1])
        result["process_total"] = time.perf_counter() - started
        result["db_mb"] = Path(tmp, "bench.sqlite3").stat().st_size / 1e6
        return result


def main(argv: list[str] | None = None) -> None:
    sizes = [int(a) for a in (argv if argv is not None else sys.argv[1:]) if a.isdigit()] or SIZES
    print("demo city generation (SQLite, one fresh database per size)")
    for size in sizes:
        r = run(size)
        steps = ", ".join(f"{k} {v:.1f}s" for k, v in r["steps"].items())
        rate = r["enterprises"] / r["steps"]["enterprises"]
        print(f"  {size:>9,} enterprises: total {r['total']:.1f}s ({steps}); {rate:,.0f} enterprises/s; database {r['db_mb']:.0f} MB")


if __name__ == "__main__":
    main()
