"""政务服务: guides regenerated after a shared change, and the approval-time pages, on PostgreSQL.

Two targets of issue #16:
- regenerating every guide that uses a changed shared element over 2,000 items in ≤ 10 s (the background
  job's work: ``services.catalogue.regenerate_for_element``);
- the approval-time monitoring page answers in ≤ 500 ms p95 with N cases (10^6 in the issue).

The run starts a throwaway PostgreSQL cluster (scripts/throwaway_postgres.py; without PostgreSQL's binaries
it falls back to a temporary SQLite file and says so), migrates, builds the demo city's units and users,
fills ITEMS items sharing 60 materials, 40 law articles and the units' service points, and N cases over a
year (each with 1–3 sub-cases and their stage records, bulk inserted), then requests the leader's page
REPEAT times (each computed, no cache) and prints p50/p95/max.

Usage: python -m bench.bench_affairs [--items 2000] [--cases 100000] [--repeat 20] [--sqlite]
The last line reads: guides_s=… guides_items=… monitoring_p95_ms=… cases=… engine=…
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
    from django.test import Client

    from yingshang.affairs.models import Material
    from yingshang.affairs.services.catalogue import regenerate_for_element, regenerate_guides, shared_element_update
    from yingshang.core import clock
    from yingshang.core.audit import audited_write
    from yingshang.core.demo import _build_divisions, _build_units, _build_users
    from yingshang.core.models import User

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

    started = time.perf_counter()
    cases = build_cases(args.cases, items, rng, clock.today())
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
    _say(f"办件 {cases:,} 件(含部门子件与环节记录),生成用时 {time.perf_counter() - started:.0f} 秒")
    from django.test import override_settings

    override = override_settings(YINGSHANG_TWO_FACTOR_REQUIRED=False)  # the leader's second factor is the login page's business
    override.enable()
    client = Client()
    client.force_login(User.objects.get(username="leader"))
    timings = {}
    for name, url in (("monitoring(近90天)", "/affairs/monitoring/"), ("monitoring(全年)", f"/affairs/monitoring/?start={clock.today().replace(year=clock.today().year - 1)}")):
        samples = []
        for _ in range(args.repeat):
            started = time.perf_counter()
            response = client.get(url)
            samples.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.status_code
        samples.sort()
        timings[name] = (statistics.median(samples), samples[max(0, int(round(0.95 * len(samples))) - 1)], samples[-1])
    import datetime as dt

    from yingshang.affairs import monitoring

    end = clock.today()
    start = end - dt.timedelta(days=89)
    for name, call in (("by_item", lambda: monitoring.by_item(start, end)), ("by_unit", lambda: monitoring.by_unit(start, end)),
                       ("by_stage", lambda: monitoring.by_stage(start, end)), ("case_shares", lambda: monitoring.case_shares(start, end)),
                       ("warnings", lambda: monitoring.warnings()), ("rating_stats", lambda: monitoring.rating_stats(start, end))):
        started = time.perf_counter()
        call()
        _say(f"  {name}: {(time.perf_counter() - started) * 1000:.1f} ms")
    _say(f"\n领导页面 {args.repeat} 次请求,毫秒:")
    for name, (p50, p95, top) in timings.items():
        _say(f"{name:<20} p50={p50:.1f} p95={p95:.1f} max={top:.1f}")
    worst = max(p95 for _p50, p95, _top in timings.values())
    _say(f"guides_s={guides_s:.2f} guides_items={result['items']} monitoring_p95_ms={worst:.1f} cases={cases} engine={connection.vendor}")
    return 0


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=2000)
    parser.add_argument("--cases", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=20)
    parser.add_argument("--sqlite", action="store_true", help="不用 PostgreSQL,改用临时 SQLite 文件")
    parser.add_argument("--inner", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.inner:
        inner(args)
        return
    command = [sys.executable, "-m", "bench.bench_affairs", "--inner", "--items", str(args.items), "--cases", str(args.cases), "--repeat", str(args.repeat)]
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
