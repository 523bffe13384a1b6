"""Registry import speed (导入经营主体): rows per second of `enterprise_import` on a small demo city (its published
policies, so the policy re-matching after each batch runs as in production), on SQLite or on PostgreSQL.

Three passes over the same generated file: all rows new, the same file again (all unchanged), and a copy
with every other row's employees changed (half updated). Each runs in one fresh database, in its own process.
With DATABASE_URL pointing at PostgreSQL (e.g. under `scripts/throwaway_postgres.py --`) a fresh database
is created beside the named one and dropped afterwards; otherwise a temporary SQLite file is used.

Usage: python -m bench.bench_imports [ROWS] [--profile]   (ROWS default 5000; --profile prints cProfile's top 30)
The last line reads: backend=… rows=… created_rows_s=… unchanged_rows_s=… updated_rows_s=…
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import cProfile, io, json, os, pstats, sys, time
import django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
django.setup()
from django.core.management import call_command
call_command("migrate", verbosity=0)
from yingshang.core.demo import demo_build
demo_build(enterprises=300, seed=2026)
from yingshang.core.imports import enterprise_import
from yingshang.core.models import User
from yingshang.core.tests.jobs_support import enterprise_csv

rows, profile = int(sys.argv[1]), sys.argv[2] == "1"
admin = User.objects.get(username="admin")
data, _codes = enterprise_csv(rows)
lines = data.decode("utf-8").splitlines(keepends=True)
changed = [lines[0]] + [line if i % 2 else line.replace(",A\n", ",B\n") for i, line in enumerate(lines[1:])]
result = {}
for name, payload, expect in (("created", data, "created_rows"), ("unchanged", data, None), ("updated", "".join(changed).encode(), "updated_rows")):
    profiler = cProfile.Profile() if profile and name == "created" else None
    started = time.perf_counter()
    if profiler:
        profiler.enable()
    job = enterprise_import(actor=admin, file=payload, filename=f"{name}.csv")
    if profiler:
        profiler.disable()
    seconds = time.perf_counter() - started
    assert job.failed_rows == 0, job.report[:3]
    if expect:
        assert getattr(job, expect) == (rows if name == "created" else rows // 2), (name, job.created_rows, job.updated_rows)
    result[name] = seconds
    if profiler:
        out = io.StringIO()
        pstats.Stats(profiler, stream=out).sort_stats("cumulative").print_stats(30)
        print(out.getvalue(), file=sys.stderr)
print(json.dumps(result))
"""


def _postgres_database(url: str) -> tuple[str, str]:
    """A fresh database's URL beside the one ``url`` names, and its name."""
    parts = urlsplit(url)
    name = f"yingshang_bench_{uuid.uuid4().hex[:8]}"
    return urlunsplit(parts._replace(path=f"/{name}")), name


def _admin_sql(url: str, sql: str) -> None:
    import psycopg

    parts = urlsplit(url)
    with psycopg.connect(urlunsplit(parts._replace(path="/postgres")), autocommit=True) as connection:
        connection.execute(sql)


def run(rows: int, profile: bool = False) -> tuple[str, dict]:
    url = os.environ.get("DATABASE_URL", "")
    with tempfile.TemporaryDirectory(prefix="yingshang-bench-") as tmp:
        if url.startswith("postgres"):
            backend = "postgresql"
            bench_url, name = _postgres_database(url)
            _admin_sql(url, f'CREATE DATABASE "{name}"')
        else:
            backend, bench_url, name = "sqlite", f"sqlite:///{tmp}/bench.sqlite3", None
        env = dict(os.environ, DATABASE_URL=bench_url, YINGSHANG_VAR_DIR=tmp)
        try:
            out = subprocess.run([sys.executable, "-c", CHILD, str(rows), "1" if profile else "0"], cwd=ROOT, env=env, capture_output=True, text=True, check=False)
        finally:
            if name:
                _admin_sql(url, f'DROP DATABASE IF EXISTS "{name}"')
        if out.returncode != 0:
            raise SystemExit(out.stderr[-3000:])
        if profile:
            print(out.stderr[-12000:])
        return backend, json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    argv = argv if argv is not None else sys.argv[1:]
    rows = next((int(a) for a in argv if a.isdigit()), 5000)
    started = time.perf_counter()
    backend, seconds = run(rows, profile="--profile" in argv)
    print(f"registry import, {rows} rows, {backend} (total {time.perf_counter() - started:.0f}s with the demo city):")
    for name, value in seconds.items():
        print(f"  {name:>9}: {value:6.1f}s  {rows / value:7.0f} rows/s")
    print(f"backend={backend} rows={rows} " + " ".join(f"{k}_rows_s={rows / v:.0f}" for k, v in seconds.items()))


if __name__ == "__main__":
    main()
