"""驾驶舱 data endpoints with a year of data for a city of seven million, on PostgreSQL.

The target of issue #4: every cockpit data endpoint answers in < 500 ms. The run starts a throwaway
PostgreSQL cluster (scripts/throwaway_postgres.py; where PostgreSQL's binaries are absent it says so and
falls back to a temporary SQLite file), migrates, and fills:

- the daily rollup directly: 365 days × 12 districts × 130 level-2 labels × 2 handling units (a city
  department and the district's own), Poisson
  counts summing to about 3.5 million appeals a year (~1 million rollup rows);
- raw appeals for the endpoints that read raw rows (the 一事多诉 groups read the last 90 days): by default
  the last 90 days at the same rate (~9,600 a day, 3% merged into a master) plus the merged appeals of
  the rest of the year, --quick a few days;
- a year of early warnings (10 a day, the recent ones still open) for the live feed.

Then it requests every endpoint through Django's test client as a leader (city-wide) and a coordinator
(one district), REPEAT times each, clearing the cache before every request (so each answer is computed,
not served from the 30-second cache), and prints p50/p95/max in milliseconds; it also times a warm
(cached) request, the on-read recomputation of today's rollup rows and the incremental batch refresh.

Usage: python -m bench.bench_cockpit [--quick] [--repeat 20] [--sqlite]
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DAYS = 365
DISTRICTS = 12
LABELS = 130
APPEALS_PER_YEAR = 3_500_000
WARNINGS_PER_DAY = 10


def _pg_bindir():
    sys.path.insert(0, str(ROOT / "scripts"))
    try:
        from throwaway_postgres import find_bindir
    finally:
        sys.path.pop(0)
    return find_bindir()


def create_database() -> None:
    """The throwaway cluster starts with the postgres database only; create the one DATABASE_URL names."""
    import dj_database_url
    import psycopg

    config = dj_database_url.parse(os.environ["DATABASE_URL"])
    host = config.get("HOST") or config.get("OPTIONS", {}).get("host")
    with psycopg.connect(dbname="postgres", user=config["USER"], host=host, port=config.get("PORT") or None, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)).fetchone():
            conn.execute(f'CREATE DATABASE "{config["NAME"]}"')


def _say(message: str) -> None:
    print(message, flush=True)


# --- data ------------------------------------------------------------------------------------------------

def build_city():
    from yingshang.core.audit import audited_write
    from yingshang.core.demo import _build_divisions, _build_units, _build_users
    from yingshang.core.models import Division, Unit

    with audited_write(None):
        _build_divisions()
        _build_units()
        _build_users()
    districts = list(Division.objects.filter(level=Division.Level.DISTRICT).order_by("is_pilot_zone", "code")[:DISTRICTS])
    city_units = list(Unit.objects.filter(kind=Unit.Kind.CITY_DEPT).order_by("code"))
    district_units = {d.pk: list(Unit.objects.filter(division=d).order_by("code")) or city_units for d in districts}
    return districts, city_units, district_units


def fill_rollup(districts, city_units, district_units, today, rng) -> int:
    """A year of rollup rows with Poisson counts: Zipf-like label popularity, uneven districts, a weekly
    rhythm and a winter (heating) bump, so the rows are as sparse as real ones."""
    import datetime as dt

    import numpy as np
    from django.db import connection

    from yingshang.insights.models import DailyRollup

    label_weight = 1 / np.arange(1, LABELS + 1) ** 0.9
    label_weight /= label_weight.sum()
    district_weight = rng.dirichlet(np.full(len(districts), 4.0))
    days = [today - dt.timedelta(days=DAYS - 1 - i) for i in range(DAYS)]
    day_factor = np.array([(0.7 if d.weekday() >= 5 else 1.1) * (1.25 if d.month in (11, 12, 1, 2) else 1.0) for d in days])
    day_factor /= day_factor.mean()
    per_day = APPEALS_PER_YEAR / DAYS
    paths = [f"领域{i // 10:02d}/事项{i:03d}" for i in range(LABELS)]
    columns = ["day", "district_id", "label_path", "unit_id", "received", "merged", "completed", "completed_on_time", "overdue_open",
               "rated", "satisfied", "bad_rating", "repeated"]
    rows = 0
    batch = []
    district_ids = [d.pk for d in districts]
    city_unit_ids = [u.pk for u in city_units]
    district_unit_ids = [[u.pk for u in district_units[d.pk]] for d in districts]

    def flush():
        nonlocal batch
        if not batch:
            return
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                with cursor.cursor.copy(f"COPY insights_dailyrollup ({', '.join(columns)}) FROM STDIN") as copy:
                    for row in batch:
                        copy.write_row(row)
        else:
            DailyRollup.objects.bulk_create([DailyRollup(**dict(zip(columns, row))) for row in batch], batch_size=2000)
        batch = []

    for day_index, day in enumerate(days):
        age = (today - day).days
        completion = 0.93 if age > 20 else 0.3 + 0.03 * age
        lam = per_day * day_factor[day_index] * np.outer(district_weight, label_weight)  # districts × labels
        received = rng.poisson(lam)
        city_share = rng.binomial(received, 0.5)
        for unit_slot, share in enumerate((city_share, received - city_share)):
            completed = rng.binomial(share, completion)
            on_time = rng.binomial(completed, 0.86)
            overdue = rng.binomial(share - completed, 0.4 if age > 10 else 0.05)
            rated = rng.binomial(completed, 0.6)
            satisfied = rng.binomial(rated, 0.9)
            merged = rng.binomial(share, 0.03)
            repeated = merged + rng.binomial(share - merged, 0.04)
            d_idx, l_idx = np.nonzero(share)
            if unit_slot == 0:
                unit_ids = [city_unit_ids[l % len(city_unit_ids)] for l in l_idx.tolist()]
            else:
                unit_ids = [district_unit_ids[d][l % len(district_unit_ids[d])] for d, l in zip(d_idx.tolist(), l_idx.tolist())]
            picked = [a[d_idx, l_idx].tolist() for a in (share, merged, completed, on_time, overdue, rated, satisfied, rated - satisfied, repeated)]
            batch.extend(zip([day] * len(unit_ids), [district_ids[d] for d in d_idx.tolist()], [paths[l] for l in l_idx.tolist()], unit_ids, *picked))
            rows += len(unit_ids)
        if len(batch) >= 50_000:
            flush()
    flush()
    return rows


def fill_appeals(districts, city_units, raw_days, now, rng) -> int:
    """Raw appeals of the last ``raw_days`` days at the city's rate, 3% of them merged into a master."""
    import datetime as dt

    from yingshang.appeals.models import Appeal
    from yingshang.appeals.workflow import State
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk

    per_day = round(APPEALS_PER_YEAR / DAYS)
    total = 0
    sequence = 0
    for back in range(raw_days):
        day_start = now - dt.timedelta(days=back + 1)
        seconds = rng.uniform(0, 86_400 - 3_600, per_day)
        masters_n = int(per_day * 0.97)
        district_index = rng.integers(0, len(districts), per_day)
        states = rng.choice([State.ARCHIVED, State.COMPLETED, State.IN_PROGRESS, State.DISPATCHED], per_day, p=[0.5, 0.3, 0.15, 0.05])

        def appeal(i, state=None, **fields):
            nonlocal sequence
            sequence += 1
            accepted = day_start + dt.timedelta(seconds=float(seconds[i]))
            return Appeal(tracking_no=f"B{sequence:012d}", channel="hotline", appeal_type="complaint", content="基准测试诉求",
                          district=districts[district_index[i]], unit=city_units[i % len(city_units)], state=state or str(states[i]),
                          accepted_at=accepted, completion_due=accepted + dt.timedelta(days=10), **fields)

        with audited_write(None):
            masters = Appeal.objects.bulk_create([appeal(i) for i in range(masters_n)], batch_size=1000)
            merged = []
            for i in range(masters_n, per_day):
                master = masters[int(rng.integers(0, masters_n))]
                item = appeal(i, merged_into_id=master.pk, state=State.MERGED)
                item.district, item.accepted_at = master.district, max(master.accepted_at, item.accepted_at)
                merged.append(item)
            Appeal.objects.bulk_create(merged, batch_size=1000)
            record_bulk("bench.appeals", Appeal, count=per_day, summary={"day": day_start.date().isoformat()})
        total += per_day
        if back % 10 == 9:
            _say(f"  原始诉求 {total:,} 件")
    # The rest of the year's merged appeals (3% a day) stay in the table too: the 一事多诉 query must not
    # get faster because older merges are missing. Their masters are recent ones (only the count matters).
    recent_masters = list(Appeal.objects.filter(merged_into__isnull=True).values_list("pk", flat=True)[:10_000])
    merged_per_day = per_day - int(per_day * 0.97)
    for back in range(raw_days, DAYS if raw_days >= 30 else raw_days):
        day_start = now - dt.timedelta(days=back + 1)
        with audited_write(None):
            Appeal.objects.bulk_create([
                Appeal(tracking_no=f"B{(sequence := sequence + 1):012d}", channel="hotline", appeal_type="complaint", content="基准测试诉求",
                       district=districts[int(rng.integers(0, len(districts)))], state=State.MERGED,
                       merged_into_id=recent_masters[int(rng.integers(0, len(recent_masters)))],
                       accepted_at=day_start + dt.timedelta(seconds=float(rng.uniform(0, 80_000))))
                for _ in range(merged_per_day)
            ], batch_size=1000)
            record_bulk("bench.appeals", Appeal, count=merged_per_day, summary={"day": day_start.date().isoformat(), "merged_only": True})
        total += merged_per_day
    return total


def fill_warnings(districts, today, now, rng) -> int:
    import datetime as dt

    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk
    from yingshang.insights.models import EarlyWarning

    warnings = []
    for back in range(DAYS):
        day = today - dt.timedelta(days=back)
        for index in range(WARNINGS_PER_DAY):
            status = EarlyWarning.Status.NEW if back < 3 else (EarlyWarning.Status.ACKNOWLEDGED if back < 10 else EarlyWarning.Status.HANDLED)
            warnings.append(EarlyWarning(
                key=f"bench-{day.isoformat()}-{index}", kind=EarlyWarning.Kind.EMERGING, method="ears_c2", label_path=f"领域{index:02d}/事项{index:03d}",
                district=districts[int(rng.integers(0, len(districts)))], window_start=day, window_end=day, observed=12, expected=4.0, score=3.2,
                p_value=0.001, summary=f"基准预警 {day.isoformat()} #{index}", status=status, detected_at=now - dt.timedelta(days=back, minutes=index),
            ))
    with audited_write(None):
        EarlyWarning.objects.bulk_create(warnings, batch_size=2000)
        record_bulk("bench.warnings", EarlyWarning, count=len(warnings), summary={"days": DAYS})
    return len(warnings)


# --- timing ----------------------------------------------------------------------------------------------

ENDPOINTS = [
    ("summary", "api:cockpit_data", ["summary"], {}),
    ("trend (日)", "api:cockpit_data", ["trend"], {"grain": "day"}),
    ("trend (月)", "api:cockpit_data", ["trend"], {"grain": "month"}),
    ("labels 树图", "api:cockpit_data", ["labels"], {}),
    ("districts 地图", "api:cockpit_data", ["districts"], {}),
    ("league 排行", "api:cockpit_data", ["league"], {}),
    ("warnings 预警流", "insights:cockpit_warnings", [], {}),
    ("duplicates 一事多诉", "insights:cockpit_duplicates", [], {}),
    ("league 片段", "insights:cockpit_league", [], {}),
]


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))]


def time_endpoints(repeat: int) -> list[tuple]:
    from django.core.cache import cache
    from django.test import Client
    from django.urls import reverse

    from yingshang.core.models import User

    results = []
    for username in ("leader", "coordinator_gjz"):
        client = Client()
        client.force_login(User.objects.get(username=username))
        for name, url_name, args, params in ENDPOINTS:
            url = reverse(url_name, args=args)
            cache.clear()
            client.get(url, params)  # first request: connection warm-up, today's rows
            samples = []
            for _ in range(repeat):
                cache.clear()
                started = time.perf_counter()
                response = client.get(url, params)
                samples.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200, (url, response.status_code)
            started = time.perf_counter()
            client.get(url, params)
            warm = (time.perf_counter() - started) * 1000
            results.append((username, name, statistics.median(samples), _percentile(samples, 0.95), max(samples), warm))
    return results


def inner(args) -> int:
    import datetime as dt

    import numpy as np

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        create_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.db.models import Sum

    from yingshang.core import clock
    from yingshang.insights.models import DailyRollup
    from yingshang.insights.reports.services import rollup_days, rollup_district_totals, rollup_refresh

    engine = f"PostgreSQL {connection.cursor().connection.info.server_version}" if connection.vendor == "postgresql" else "SQLite(临时文件;数字不代表 PostgreSQL 上的表现)"
    _say(f"数据库:{engine}")
    call_command("migrate", verbosity=0)
    rng = np.random.default_rng(2026)
    now = clock.now()
    today = clock.today()
    started = time.perf_counter()
    districts, city_units, district_units = build_city()
    rows = fill_rollup(districts, city_units, district_units, today, rng)
    totals = rollup_district_totals(today - dt.timedelta(days=DAYS - 1), today)
    _say(f"日汇总 {rows:,} 行、区县日合计 {totals:,} 行(约 {DailyRollup.objects.aggregate(n=Sum('received'))['n']:,} 件诉求/年),用时 {time.perf_counter() - started:.0f} 秒")
    started = time.perf_counter()
    raw = fill_appeals(districts, city_units, args.raw_days, now, rng)
    warnings = fill_warnings(districts, today, now, rng)
    _say(f"原始诉求 {raw:,} 件(近 {args.raw_days} 天的全部诉求与全年的合并诉求),预警 {warnings:,} 条,用时 {time.perf_counter() - started:.0f} 秒")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")

    started = time.perf_counter()
    rollup_days({today})
    today_ms = (time.perf_counter() - started) * 1000
    started = time.perf_counter()
    refreshed = rollup_refresh(since=now - dt.timedelta(minutes=10))
    incremental_s = time.perf_counter() - started

    results = time_endpoints(args.repeat)
    _say(f"\n每个端点 {args.repeat} 次请求(每次请求前清空缓存,即每次都实际计算),毫秒:")
    _say(f"{'用户':<16}{'端点':<22}{'p50':>8}{'p95':>8}{'max':>8}{'缓存命中':>10}")
    worst = 0.0
    for username, name, p50, p95, top, warm in results:
        worst = max(worst, p95)
        _say(f"{username:<16}{name:<22}{p50:>8.1f}{p95:>8.1f}{top:>8.1f}{warm:>10.1f}")
    _say(f"\n当日汇总读时重算(一天 {round(APPEALS_PER_YEAR / DAYS):,} 件原始诉求):{today_ms:.0f} 毫秒;"
         f"增量批量刷新(近 10 分钟变化,重算 {refreshed['days']} 天):{incremental_s:.1f} 秒")
    verdict = "达标" if worst < 500 else "未达标"
    _say(f"cockpit_worst_p95_ms={worst:.1f} target_ms=500 {verdict} engine={connection.vendor} rollup_rows={rows} raw_appeals={raw}")
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="少量原始诉求(3 天)与较少重复次数,用于开发时快速检查")
    parser.add_argument("--repeat", type=int, default=None, help="每个端点的请求次数(默认 20,--quick 为 5)")
    parser.add_argument("--raw-days", type=int, default=None, help="生成原始诉求的天数(默认 90,--quick 为 3)")
    parser.add_argument("--sqlite", action="store_true", help="不用 PostgreSQL,改用临时 SQLite 文件")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    args.repeat = args.repeat or (5 if args.quick else 20)
    args.raw_days = args.raw_days if args.raw_days is not None else (3 if args.quick else 90)
    if args.inner:
        inner(args)
        return
    command = [sys.executable, "-m", "bench.bench_cockpit", "--inner", "--repeat", str(args.repeat), "--raw-days", str(args.raw_days)]
    if not args.sqlite and _pg_bindir() is not None:
        code = subprocess.run([sys.executable, str(ROOT / "scripts" / "throwaway_postgres.py"), "--", *command], cwd=ROOT).returncode
    else:
        if not args.sqlite:
            _say("未找到 PostgreSQL 程序(initdb/pg_ctl):改用临时 SQLite 文件测量,结果不代表 PostgreSQL 上的表现。")
        with tempfile.TemporaryDirectory(prefix="yingshang-bench-cockpit-") as folder:
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3")
            code = subprocess.run(command, cwd=ROOT, env=env).returncode
    if code:
        raise SystemExit(code)


if __name__ == "__main__":
    main()
