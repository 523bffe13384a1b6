"""Credit-risk classes (企业公共信用综合评价) for 10^6 enterprises: the whole recomputation the background job
runs — read every fact (registry, penalties, the 失信 list, tax levels, arrears, every registered enterprise
fact source), score and class them with the active model, write the evaluations and the classes that changed
to the registry. Target (issue #15): ≤ 30 s for 10^6 enterprises.

The population is put straight into a temporary SQLite database with executemany (the demo generator takes
about 7 minutes for 10^6, see "Demo city generation"; what is measured here is the evaluation, not the
population): 10^6 enterprises, 8% with a penalty, 0.1% blacklisted, 40% with a tax level, and one synthetic
registered fact source (complaints for 5% of the enterprises) so that the cross-app read is in the figure.

Usage: python -m bench.bench_credit [--enterprises N]
The last line reads: n=… first_s=… second_s=… changed_first=… changed_second=…
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


def child(n: int) -> dict:
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)
    import numpy as np
    from django.db import connection, transaction

    from yingshang.core import modules
    from yingshang.core.demo import demo_build
    from yingshang.core.models import Division, Enterprise, Industry, Unit
    from yingshang.core.registry import register_enterprise_fact_source
    from yingshang.credit import services

    modules._DEMO_STEPS[:] = []
    demo_build(enterprises=100, seed=2026)  # divisions, industries, units
    rng = np.random.default_rng(2026)
    districts = list(Division.objects.filter(level=Division.Level.DISTRICT).values_list("pk", flat=True))
    industries = list(Industry.objects.exclude(parent=None).values_list("pk", flat=True))[:50]
    unit_ids = list(Unit.objects.filter(kind="city_dept").values_list("pk", flat=True))[:10]
    started = time.perf_counter()
    start_id = (Enterprise.objects.order_by("-pk").values_list("pk", flat=True).first() or 0) + 1
    ids = np.arange(start_id, start_id + n)
    founded = (np.datetime64("2026-06-01") - rng.integers(30, 30 * 365, n).astype("timedelta64[D]")).astype(str)
    classes = rng.choice(np.array(list("ABCD")), size=n, p=[0.32, 0.58, 0.08, 0.02])
    stamp = connection.ops.adapt_datetimefield_value(django.utils.timezone.now())
    district_of = rng.choice(np.array(districts), size=n)
    industry_of = rng.choice(np.array(industries, dtype=object), size=n)
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.executemany(
            "INSERT INTO core_enterprise (id, version, created_at, updated_at, credit_code, name, kind, district_id, address, industry_id, "
            "size_class, founded_on, credit_class, status, contact_name, contact_phone) VALUES (%s,1,%s,%s,%s,%s,'enterprise',%s,'',%s,'',%s,%s,"
            "'active','','')",
            [(int(i), stamp, stamp, f"B{i:017d}", f"基准企业{i}", int(d), str(ind), f, c)
             for i, d, ind, f, c in zip(ids.tolist(), district_of.tolist(), industry_of.tolist(), founded.tolist(), classes.tolist())])
        penalised = rng.choice(ids, size=n * 8 // 100, replace=False)
        cursor.executemany(
            "INSERT INTO credit_penalty (version, created_at, updated_at, enterprise_id, decision_no, unit_id, decided_on, matter, severity) "
            "VALUES (1,%s,%s,%s,%s,%s,%s,'基准违法行为',%s)",
            [(stamp, stamp, int(e), f"基准罚{k}", int(unit_ids[k % len(unit_ids)]), str(np.datetime64("2026-05-01") - int(rng.integers(0, 900))),
              "serious" if k % 10 == 0 else "ordinary") for k, e in enumerate(penalised.tolist())])
        cursor.executemany(
            "INSERT INTO credit_blacklistentry (version, created_at, updated_at, enterprise_id, unit_id, listed_on, reason, basis) "
            "VALUES (1,%s,%s,%s,%s,'2026-01-01','基准','')", [(stamp, stamp, int(e), int(unit_ids[0])) for e in penalised[: n // 1000].tolist()])
        taxed = rng.choice(ids, size=n * 4 // 10, replace=False)
        levels = rng.choice(np.array(list("ABMCD")), size=len(taxed), p=[0.3, 0.45, 0.15, 0.07, 0.03])
        cursor.executemany("INSERT INTO credit_taxcredit (version, created_at, updated_at, enterprise_id, year, level) VALUES (1,%s,%s,%s,2025,%s)",
                           [(stamp, stamp, int(e), str(level)) for e, level in zip(taxed.tolist(), levels.tolist())])
    setup_s = time.perf_counter() - started
    complained = {int(e): float(c) for e, c in zip(rng.choice(ids, size=n // 20, replace=False).tolist(), rng.integers(1, 6, n // 20).tolist())}
    register_enterprise_fact_source("bench.complaints_12m", "近12个月投诉(基准)", lambda asked, since: complained)
    services.ensure_model(None)
    from yingshang.credit.models import CreditIndicator, CreditModel

    model = CreditModel.objects.get(is_active=True)
    from yingshang.core.audit import audited_write
    from yingshang.core.auditlog import record

    with audited_write(None):
        indicator = CreditIndicator(model=model, fact="bench.complaints_12m", label="近12个月被投诉3件以上(基准)", comparator="ge", threshold=3,
                                    points=-10, position=99)
        indicator.save()
        record("credit.credit_indicator.create", indicator, after=indicator.audit_snapshot())
    timings = []
    for _ in range(2):  # the first run changes most registry classes; the second, the nightly case, almost none
        t0 = time.perf_counter()
        run = services.run_evaluation(actor=None)
        timings.append((time.perf_counter() - t0, run.changed, run.counts))
    return {"n": Enterprise.objects.count(), "setup_s": setup_s, "first_s": timings[0][0], "changed_first": timings[0][1],
            "second_s": timings[1][0], "changed_second": timings[1][1], "counts": timings[1][2]}


def run(n: int) -> dict:
    with tempfile.TemporaryDirectory(prefix="yingshang-bench-credit-") as tmp:
        env = dict(os.environ, DATABASE_URL=f"sqlite:///{tmp}/bench.sqlite3", YINGSHANG_VAR_DIR=tmp, MEDIA_ROOT=f"{tmp}/media",
                   DJANGO_SETTINGS_MODULE="yingshang.settings")
        out = subprocess.run([sys.executable, "-m", "bench.bench_credit", "--child", str(n)], cwd=ROOT, env=env, capture_output=True, text=True)
        if out.returncode != 0:
            raise SystemExit(out.stderr[-3000:])
        return json.loads(out.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="信用风险分类基准:10^6 经营主体全量重算")
    parser.add_argument("--enterprises", type=int, default=1_000_000)
    parser.add_argument("--child", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args(argv if argv is not None else sys.argv[1:])
    if args.child:
        print(json.dumps(child(args.child)))
        return
    r = run(args.enterprises)
    print(f"credit classes: {r['n']:,} enterprises, SQLite (population inserted in {r['setup_s']:.0f} s)")
    print(f"  first run (most registry classes change)  {r['first_s']:7.2f} s   {r['changed_first']:,} classes written")
    print(f"  second run (nightly: few changes)          {r['second_s']:7.2f} s   {r['changed_second']:,} classes written")
    print(f"  classes {r['counts']}   target ≤ 30 s")
    print(f"n={r['n']} first_s={r['first_s']:.2f} second_s={r['second_s']:.2f} changed_first={r['changed_first']} changed_second={r['changed_second']}")


if __name__ == "__main__":
    main()
