"""政务服务: guides regenerated after a shared change, and the approval-time pages, on PostgreSQL.

Two targets of issue #16:
- regenerating every guide that uses a changed shared element over 2,000 items in ≤ 10 s (the background
  job's work: ``services.catalogue.regenerate_for_element``);
- the approval-time monitoring page answers in ≤ 500 ms p95 with N cases (10^6 in the issue).

The run starts a throwaway PostgreSQL cluster (scripts/throwaway_postgres.py; without PostgreSQL's binaries
it falls back to a temporary SQLite file and says so), migrates, builds the demo city's units and users,
fills ITEMS items sharing 60 materials, 40 law articles and the units' service points, and N cases over a
year (each with 1–3 sub-cases, their stage records and a rating for one delivered case in three; generated
inside PostgreSQL with INSERT … SELECT, bulk inserts through the ORM on SQLite), rebuilds the monitoring
summaries from those raw rows, then times every monitoring read REPEAT times (cache cleared before each) and
prints p50/p95/max, and the old path (every read of the page from the raw rows) RAW_REPEAT times for the ratio.

Usage: python -m bench.bench_affairs [--items 2000] [--cases 100000] [--repeat 20] [--raw-repeat 5]
                                     [--monitoring-only] [--sqlite]
The last line reads: guides_s=… guides_items=… monitoring_p95_ms=… cases=… engine=… (without the guides
part under --monitoring-only)
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
STAGES = [("受理", False), ("审查", False), ("专家评审", True), ("办结", False), ("送达", False)]


def _say(message: str) -> None:
    print(message, flush=True)


def build_catalogue(count: int, rng):
    from yingshang.affairs.models import FieldDef, Item, ItemField, ItemMaterial, ItemStage, LawArticle, Material, UnitServicePoint
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk
    from yingshang.core.models import Unit

    units = list(Unit.objects.filter(kind__in=["city_dept", "central"]).order_by("code")[:30])
    with audited_write(None):
        laws = LawArticle.objects.bulk_create([LawArticle(key=f"law-{i}", title=f"《某法》第{i}条", text="条文" * 20) for i in range(40)])
        materials = Material.objects.bulk_create([Material(key=f"material-{i}", name=f"材料{i}", source="applicant") for i in range(60)])
        fields = FieldDef.objects.bulk_create([FieldDef(key=f"field-{i}", label=f"数据项{i}") for i in range(40)])
        UnitServicePoint.objects.bulk_create([UnitServicePoint(unit=u, address=f"{u.name}窗口", phone="0411-88880000", hours="工作日") for u in units])
        items = Item.objects.bulk_create([
            Item(name=f"事项{i}", implementation_code=f"CODE{i:06d}", type="行政许可", unit=units[i % len(units)], kind="承诺件",
                 statutory_days=20, promised_days=int(rng.integers(1, 11)), visits=int(rng.integers(0, 2)), online=bool(rng.random() < 0.8),
                 status="published", published_version=1) for i in range(count)])
        links, stages, item_fields = [], [], []
        for item in items:
            # material-0 (the application form) is asked by every item: changing it touches all guides.
            for position, m in enumerate([0, *rng.choice(range(1, len(materials)), size=4, replace=False)]):
                links.append(ItemMaterial(item=item, material=materials[int(m)], position=position))
            for position, f in enumerate(rng.choice(len(fields), size=5, replace=False)):
                item_fields.append(ItemField(item=item, field=fields[int(f)], position=position))
            for position, (name, suspends) in enumerate(STAGES[:3]):
                stages.append(ItemStage(item=item, position=position, name=name, days=2, suspends_clock=suspends))
        ItemMaterial.objects.bulk_create(links, batch_size=5000)
        ItemField.objects.bulk_create(item_fields, batch_size=5000)
        ItemStage.objects.bulk_create(stages, batch_size=5000)
        through = Item.legal_basis.through
        through.objects.bulk_create([through(item_id=item.pk, lawarticle_id=laws[int(rng.integers(0, len(laws)))].pk) for item in items], batch_size=5000)
        for model, n in ((LawArticle, 40), (Material, 60), (FieldDef, 40), (UnitServicePoint, len(units)), (Item, count),
                         (ItemMaterial, len(links)), (ItemField, len(item_fields)), (ItemStage, len(stages))):
            record_bulk(f"affairs.{model._meta.model_name}.create", model, count=n, summary={"bench": True})
    return items, materials, units


def build_cases(count: int, items, rng, today):
    import datetime as dt

    from django.utils import timezone

    from yingshang.affairs.models import Case, StageRecord, SubCase
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk
    from yingshang.core.models import Unit

    hall = Unit.objects.get(name="市政务服务中心")
    tz = timezone.get_current_timezone()
    chunk = 20_000
    made = 0
    while made < count:
        n = min(chunk, count - made)
        with audited_write(None):
            offsets = rng.integers(0, 365, size=n)
            cases, subs_spec = [], []
            for i in range(n):
                day = today - dt.timedelta(days=int(offsets[i]))
                moment = dt.datetime.combine(day, dt.time(9), tzinfo=tz)
                k = int(rng.integers(1, 4))
                chosen = [items[int(j)] for j in rng.integers(0, len(items), size=k)]
                used = [max(0, it.promised_days + int(rng.integers(-3, 3))) for it in chosen]
                done = bool(rng.random() < 0.93)
                cases.append(Case(number=f"B{made + i:09d}", item=chosen[0] if k == 1 else None, hall=hall, applicant_name="基准申请人",
                                  channel="online" if rng.random() < 0.7 else "window", status="delivered" if done else "reviewing",
                                  submitted_at=moment, accepted_at=moment, instant=False, visits=max(it.visits for it in chosen),
                                  promised_days=max(it.promised_days for it in chosen), statutory_days=20, due_on=day + dt.timedelta(days=10),
                                  days_used=max(used) if done else None, completed_at=moment + dt.timedelta(days=max(used)) if done else None))
                subs_spec.append((chosen, used, done, day, moment))
            Case.objects.bulk_create(cases, batch_size=5000)
            subs = []
            for case, (chosen, used, done, day, moment) in zip(cases, subs_spec):
                for it, u in zip(chosen, used):
                    subs.append(SubCase(case=case, item=it, unit_id=it.unit_id, status="approved" if done else "reviewing", started_on=day,
                                        due_on=day + dt.timedelta(days=it.promised_days + 2), promised_days=it.promised_days, statutory_days=20,
                                        days_used=u if done else None, decided_at=moment + dt.timedelta(days=u) if done else None))
            SubCase.objects.bulk_create(subs, batch_size=5000)
            records = []
            for sub in subs:
                if sub.days_used is None:
                    continue
                end = sub.started_on + dt.timedelta(days=sub.days_used)
                for name, suspends in (STAGES[0], STAGES[1], STAGES[3]):
                    records.append(StageRecord(subcase=sub, item_id=sub.item_id, unit_id=sub.unit_id, stage=name, started_on=sub.started_on,
                                               ended_on=end, days=sub.days_used if name == "审查" else 0, suspends_clock=suspends))
            StageRecord.objects.bulk_create(records, batch_size=5000)
            for model, k in ((Case, len(cases)), (SubCase, len(subs)), (StageRecord, len(records))):
                record_bulk(f"affairs.{model._meta.model_name}.create", model, count=k, summary={"bench": True})
        made += n
        _say(f"  办件 {made:,}/{count:,}")
    return made


def build_cases_sql(count: int, items, today) -> int:
    """The same shape of data as :func:`build_cases`, generated inside PostgreSQL (INSERT … SELECT over
    generate_series): 10^6 cases with their sub-cases, stage records and ratings in minutes, not hours. The
    summaries are then rebuilt from these raw rows (summaries.rebuild), as after any bulk import."""
    from django.conf import settings
    from django.db import connection, transaction

    from yingshang.core.models import Unit

    hall = Unit.objects.get(name="市政务服务中心").pk
    steps = [
        ("DROP TABLE IF EXISTS bench_items, bench_cases, bench_subs", []),
        ("CREATE TEMP TABLE bench_items AS SELECT (row_number() OVER (ORDER BY id)) - 1 AS idx, id, unit_id, promised_days, visits FROM affairs_item", []),
        ("CREATE TEMP TABLE bench_cases AS SELECT g AS n, (SELECT coalesce(max(id), 0) FROM affairs_case) + g + 1 AS id, floor(random() * 365)::int AS off, "
         "1 + floor(random() * 3)::int AS k, random() < 0.93 AS done, random() < 0.7 AS online FROM generate_series(0, %s - 1) g", [count]),
        ("CREATE TEMP TABLE bench_subs AS SELECT (SELECT coalesce(max(id), 0) FROM affairs_subcase) + row_number() OVER () AS id, c.id AS case_id, c.n, g.j, "
         "c.off, c.done, i.id AS item_id, i.unit_id, i.promised_days AS promised, i.visits, greatest(0, i.promised_days + g.delta) AS used "
         # The draws in a LATERAL subquery (one per generated row), not in the join condition (one per compared pair).
         "FROM bench_cases c CROSS JOIN LATERAL (SELECT j, floor(random() * %s)::int AS idx, floor(random() * 6)::int - 3 AS delta "
         "FROM generate_series(1, c.k) j) g JOIN bench_items i ON i.idx = g.idx", [len(items)]),
        ("ANALYZE bench_cases; ANALYZE bench_subs", []),
        ("INSERT INTO affairs_case (id, version, created_at, updated_at, number, item_id, bundle_id, hall_id, applicant_id, enterprise_id, applicant_name, "
         "applicant_phone, channel, status, answers, form_data, materials, missing, reason, delivery, delivery_address, appeal_number, submitted_at, "
         "accepted_at, decided_at, completed_at, delivered_at, instant, visits, promised_days, statutory_days, due_on, days_used) "
         "SELECT c.id, 1, now(), now(), 'B' || lpad(c.n::text, 9, '0'), CASE WHEN c.k = 1 THEN a.first_item END, NULL, %s, NULL, NULL, '基准申请人', '', "
         "CASE WHEN c.online THEN 'online' ELSE 'window' END, CASE WHEN c.done THEN 'delivered' ELSE 'reviewing' END, '{}', '{}', '[]', '[]', '', 'window', '', '', "
         "m.at, m.at, NULL, CASE WHEN c.done THEN m.at + a.used * interval '1 day' END, NULL, false, a.visits, a.promised, 20, "
         "(%s::date - c.off) + 10, CASE WHEN c.done THEN a.used END "
         "FROM bench_cases c JOIN (SELECT case_id, max(visits) AS visits, max(promised) AS promised, max(used) AS used, min(item_id) FILTER (WHERE j = 1) AS first_item "
         "FROM bench_subs GROUP BY case_id) a ON a.case_id = c.id "
         "CROSS JOIN LATERAL (SELECT ((%s::date - c.off) + time '09:00') AT TIME ZONE %s AS at) m", [hall, today, today, settings.TIME_ZONE]),
        ("INSERT INTO affairs_subcase (id, version, created_at, updated_at, case_id, item_id, unit_id, status, stage, started_on, due_on, decided_at, "
         "promised_days, statutory_days, days_used, suspended_days, decision) "
         "SELECT s.id, 1, now(), now(), s.case_id, s.item_id, s.unit_id, CASE WHEN s.done THEN 'approved' ELSE 'reviewing' END, '', %s::date - s.off, "
         "(%s::date - s.off) + s.promised + 2, CASE WHEN s.done THEN (((%s::date - s.off) + time '09:00') AT TIME ZONE %s) + s.used * interval '1 day' END, "
         "s.promised, 20, CASE WHEN s.done THEN s.used END, 0, '' FROM bench_subs s", [today, today, today, settings.TIME_ZONE]),
        ("INSERT INTO affairs_stagerecord (version, created_at, updated_at, subcase_id, item_id, unit_id, stage, started_on, ended_on, days, suspends_clock) "
         "SELECT 1, now(), now(), s.id, s.item_id, s.unit_id, st.stage, %s::date - s.off, (%s::date - s.off) + s.used, "
         "CASE WHEN st.stage = '审查' THEN s.used ELSE 0 END, false "
         "FROM bench_subs s CROSS JOIN (VALUES ('受理'), ('审查'), ('办结')) st(stage) WHERE s.done", [today, today]),
        # One case in three delivered is rated (the first sub-case's department): 好差评 at 10^6 cases too.
        ("INSERT INTO affairs_rating (version, created_at, updated_at, case_id, unit_id, level, channel, comment, rated_at) "
         "SELECT 1, now(), now(), s.case_id, s.unit_id, 1 + floor(random() * 5)::int, 'online', '', "
         "(((%s::date - s.off) + time '18:00') AT TIME ZONE %s) + s.used * interval '1 day' FROM bench_subs s WHERE s.j = 1 AND s.done AND random() < 0.33",
         [today, settings.TIME_ZONE]),
    ]
    with transaction.atomic(), connection.cursor() as cursor:
        for sql, params in steps:
            started = time.perf_counter()
            cursor.execute(sql, params)
            _say(f"  {sql.split(' (')[0][:60]}…: {time.perf_counter() - started:.1f} 秒")
        for table in ("affairs_case", "affairs_subcase", "affairs_stagerecord", "affairs_rating"):
            cursor.execute(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT coalesce(max(id), 1) FROM {table}))")
    from yingshang.affairs.models import Case, Rating, StageRecord, SubCase
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record_bulk

    with audited_write(None):
        for model in (Case, SubCase, StageRecord, Rating):
            record_bulk(f"affairs.{model._meta.model_name}.create", model, count=model.objects.count(), summary={"bench": True})
    return count


def _timed(call, repeat: int) -> tuple[float, float, float]:
    from django.core.cache import cache

    call()  # warm-up: the connection, the templates, Python's imports (not part of a request's answer time)
    samples = []
    for _ in range(repeat):
        cache.clear()
        started = time.perf_counter()
        call()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)], samples[-1]


def time_monitoring(args, today) -> dict:
    """Each monitoring read, ``repeat`` times (cache cleared before each): the leader's page (default three
    whole months; the whole year; a filter by days, which the page takes as whole months), the API, the export,
    a department's page, the 临期 warnings and the ranking's score component (whole months; a period with
    partial months at both edges, read raw there). Then the old path — every read of the page computed from
    the raw rows (``raw=True``) — for the ratio."""
    import datetime as dt

    from django.test import Client, override_settings

    from yingshang.affairs import monitoring
    from yingshang.core.models import Unit, User

    override = override_settings(YINGSHANG_TWO_FACTOR_REQUIRED=False)  # the leader's second factor is the login page's business
    override.enable()
    leader = Client()
    leader.force_login(User.objects.get(username="leader"))
    start, end = monitoring.default_period(today)
    year_start = monitoring.month_of(monitoring.month_of(today) - dt.timedelta(days=320))
    ragged = (today - dt.timedelta(days=89), today)
    busiest = Unit.objects.filter(affairs_items__isnull=False).order_by("code").first()
    department = User.objects.filter(role=User.Role.COORDINATOR).first()
    from yingshang.core.audit import audited_write

    with audited_write(None):
        department.unit = busiest
        department.save()
    dept = Client()
    dept.force_login(department)
    scored = list(Unit.objects.filter(kind__in=["city_dept", "central"]))

    def get(client, url):
        def call():
            response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            if response.streaming:
                b"".join(response.streaming_content)
        return call

    def page_reads(first, last, raw):
        def call():
            rows = monitoring.figures(first, last, raw=raw)
            monitoring.by_item(first, last, rows=rows)
            monitoring.by_unit(first, last, rows=rows)
            monitoring.by_stage(first, last, raw=raw)
            monitoring.case_shares(first, last, raw=raw)
            monitoring.warnings()
            monitoring.rating_stats(first, last, raw=raw)
        return call

    timings = {}
    for name, call, repeat in (
            ("页面 默认(近三个整月)", get(leader, "/affairs/monitoring/"), args.repeat),
            ("页面 全年(整月)", get(leader, f"/affairs/monitoring/?start={year_start}&end={end}"), args.repeat),
            ("页面 按日期筛选(折算为整月)", get(leader, f"/affairs/monitoring/?start={ragged[0]}&end={ragged[1]}"), args.repeat),
            ("API monitoring(默认)", get(leader, "/api/v1/affairs/monitoring/"), args.repeat),
            ("导出 CSV(默认)", get(leader, "/affairs/monitoring/?export=csv"), args.repeat),
            ("部门页面(默认)", get(dept, "/affairs/monitoring/"), args.repeat),
            ("临期预警 warnings", lambda: monitoring.warnings(), args.repeat),
            ("评分项 affairs.timeliness(全年)", lambda: monitoring.timeliness_scores(scored, year_start, end), args.repeat),
            ("评分项 任意日期(两端非整月读原始)", lambda: monitoring.timeliness_scores(scored, *ragged), args.repeat),
            ("页面读数 默认 汇总", page_reads(start, end, False), args.repeat),
            ("页面读数 默认 原始(旧)", page_reads(start, end, True), args.raw_repeat),
            ("页面读数 全年 汇总", page_reads(year_start, end, False), args.repeat),
            ("页面读数 全年 原始(旧)", page_reads(year_start, end, True), args.raw_repeat)):
        timings[name] = _timed(call, repeat)
        p50, p95, top = timings[name]
        _say(f"{name:<28} n={repeat:<3} p50={p50:8.1f} p95={p95:8.1f} max={top:8.1f} ms")
    for period in ("默认", "全年"):
        new, old = timings[f"页面读数 {period} 汇总"][1], timings[f"页面读数 {period} 原始(旧)"][1]
        _say(f"旧/新 p95 比({period}):{old / new:.1f}×")
    override.disable()
    return timings


def inner(args) -> int:
    import numpy as np

    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        from bench.bench_cockpit import create_database

        create_database()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from yingshang.affairs.models import Material
    from yingshang.affairs.services.catalogue import regenerate_for_element, regenerate_guides, shared_element_update
    from yingshang.core.audit import audited_write
    from yingshang.core.demo import _build_divisions, _build_units, _build_users

    engine = f"PostgreSQL {connection.cursor().connection.info.server_version}" if connection.vendor == "postgresql" else "SQLite(临时文件)"
    _say(f"数据库:{engine}")
    call_command("migrate", verbosity=0)
    with audited_write(None):
        _build_divisions()
        _build_units()
        _build_users()
    rng = np.random.default_rng(16)
    started = time.perf_counter()
    items, materials, _units = build_catalogue(args.items, rng)
    if args.monitoring_only:
        return monitoring_part(args, items, rng)
    with audited_write(None):
        first = regenerate_guides(None, cause="首次生成")
    _say(f"事项 {len(items):,} 个,首次生成指南 {first['changed']:,} 份,用时 {time.perf_counter() - started:.1f} 秒")
    # The most used material changes: every guide that lists it is generated again (the background job's work).
    from django.db.models import Count

    busiest = Material.objects.annotate(n=Count("item_materials")).order_by("-n").first()
    shared_element_update(actor=None, element=busiest, expected_version=busiest.version, name=busiest.name + "(新版式)", regenerate=False)
    started = time.perf_counter()
    result = regenerate_for_element(actor=None, element_kind="material", element_id=busiest.pk)
    guides_s = time.perf_counter() - started
    _say(f"修改共享材料“{busiest.name}”:检查 {result['items']:,} 份指南,更新 {result['changed']:,} 份并记录变更,用时 {guides_s:.2f} 秒")
    # Every item uses one unit's phone: the widest change is a unit with many items.
    started = time.perf_counter()
    with audited_write(None):
        everything = regenerate_guides(None, cause="全部重新生成(无变化)")
    _say(f"全部 {everything['items']:,} 份指南重新生成(无变化,仅比较):{time.perf_counter() - started:.2f} 秒")

    worst = monitoring_part(args, items, rng)
    _say(f"guides_s={guides_s:.2f} guides_items={result['items']} monitoring_p95_ms={worst:.1f} cases={args.cases} engine={connection.vendor}")
    return 0


def monitoring_part(args, items, rng) -> float:
    from django.db import connection

    from yingshang.affairs.summaries import rebuild
    from yingshang.core import clock

    today = clock.today()
    started = time.perf_counter()
    if connection.vendor == "postgresql":
        cases = build_cases_sql(args.cases, items, today)
    else:
        cases = build_cases(args.cases, items, rng, today)
    _say(f"办件 {cases:,} 件(含部门子件、环节记录与评价),生成用时 {time.perf_counter() - started:.0f} 秒")
    started = time.perf_counter()
    written = rebuild()
    _say(f"由原始记录重建月汇总:{written},用时 {time.perf_counter() - started:.1f} 秒")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE") if connection.get_autocommit() else cursor.execute("ANALYZE")
    timings = time_monitoring(args, today)
    worst = max(p95 for name, (_p50, p95, _top) in timings.items() if "原始" not in name)
    _say(f"monitoring_p95_ms={worst:.1f} (新路径各项读数中最慢者) cases={cases} engine={connection.vendor}")
    return worst


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--raw-repeat", type=int, default=5, help="旧的原始聚合路径的请求次数(它慢,少测几次)")
    parser.add_argument("--monitoring-only", action="store_true", help="只测审批时效监测(跳过指南重新生成)")
    parser.add_argument("--sqlite", action="store_true", help="不用 PostgreSQL,改用临时 SQLite 文件")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.inner:
        inner(args)
        return
    command = [sys.executable, "-m", "bench.bench_affairs", "--inner", "--items", str(args.items), "--cases", str(args.cases), "--repeat", str(args.repeat),
               "--raw-repeat", str(args.raw_repeat), *(["--monitoring-only"] if args.monitoring_only else [])]
    from bench.bench_cockpit import _pg_bindir

    if not args.sqlite and _pg_bindir() is not None:
        code = subprocess.run([sys.executable, str(ROOT / "scripts" / "throwaway_postgres.py"), "--", *command], cwd=ROOT).returncode
    else:
        if not args.sqlite:
            _say("未找到 PostgreSQL 程序(initdb/pg_ctl):改用临时 SQLite 文件测量,结果不代表 PostgreSQL 上的表现。")
        with tempfile.TemporaryDirectory(prefix="yingshang-bench-affairs-") as folder:
            env = dict(os.environ, DATABASE_URL=f"sqlite:///{folder}/bench.sqlite3")
            code = subprocess.run(command, cwd=ROOT, env=env).returncode
    if code:
        raise SystemExit(code)


if __name__ == "__main__":
    main()
