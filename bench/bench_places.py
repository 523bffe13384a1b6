"""一地多诉: address normalisation throughput (against cpca alone, the peer), what real addresses parse
into, and clustering time for 100,000 appeals.

1. Coverage on real data: address-like spans (…路…号…, …小区, …社区) extracted from the titles and
   details of ../shared/data/appeals/*.csv (place names masked as A市A3区 by the publisher) and parsed;
   printed: how many spans yield each component. Skipped with a message when the data is absent.
2. Throughput: the same real spans plus generated Dalian addresses (division names from npm
   china-division, messy spellings: traditional characters, full-width digits, Chinese numerals,
   spaces), normalised by ``parse_many`` (full pipeline) and by ``cpca.transform`` alone (province/
   city/district only) on the same inputs; addresses per second and the ratio.
3. Clustering: ``find_clusters`` over 100,000 synthetic appeals (60 % with coordinates; 480 leaf
   labels in 120 second-level groups, each leaf with 8 of 400 hot spots, 20 % background), the in-memory part of `yingshang insights places --cluster`.

No database: the gazetteer is built from the npm package's rows as core.demo builds the Division
table. Usage: python -m bench.bench_places [--quick] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import time
from collections import Counter
from pathlib import Path

for variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(variable, "2")

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT.parent / "shared" / "data" / "appeals"
CITY_CODE = "2102"
COMPONENTS = ("district", "street", "community", "estate", "road", "number", "building", "unit", "room")


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()


def gazetteer_rows() -> list[tuple[str, str, int, str | None]]:
    """The Division rows of the demo city, straight from the npm package (as core.demo loads them)."""
    from yingshang.core.reference import china_division_csv, read_csv

    city = next(r for r in china_division_csv("cities.csv") if r["code"] == CITY_CODE)
    rows = [(city["code"], city["name"], 1, None)]
    rows += [(r["code"], r["name"], 2, city["code"]) for r in china_division_csv("areas.csv") if r["cityCode"] == city["code"]]
    rows += [(r["code"], r["name"], 2, city["code"]) for r in read_csv("dalian_pilot_zones.csv")]
    rows += [(r["code"], r["name"], 3, r["areaCode"]) for r in china_division_csv("streets.csv") if r["cityCode"] == city["code"]]
    rows += [(r["code"], r["name"], 4, r["streetCode"]) for r in china_division_csv("villages.csv") if r["cityCode"] == city["code"]]
    return rows


def real_spans(limit: int | None) -> list[str]:
    from yingshang.core.tabular import open_table
    from yingshang.insights.places.addresses import extract_address_spans

    spans: list[str] = []
    for name, fields in (("hotspot_messages.csv", ("留言主题", "留言详情")), ("reply_messages.csv", ("留言主题", "留言详情")), ("train.csv", ("title", "detail"))):
        path = DATA / name
        if not path.exists():
            continue
        for _, row in open_table(path, strip=False):
            for field in fields:
                spans.extend(extract_address_spans(row.get(field) or ""))
        if limit and len(spans) >= limit:
            break
    return spans[:limit] if limit else spans


ROADS = ("人民路", "中山路", "长江路", "黄河路", "西安路", "五一路", "华北路", "红旗西路", "友谊街", "解放路", "东北路", "胜利路")
ESTATES = ("锦绣花园", "阳光家园", "海景嘉园", "星海湾小区", "华府公馆", "幸福新村", "明珠华庭", "泉水新城")
TRADITIONAL = str.maketrans("连区号楼单门岗华园东长龙内业关阳", "連區號樓單門崗華園東長龍內業關陽")
FULL_WIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
CN = "〇一二三四五六七八九"


def _cn_number(n: int) -> str:
    if n < 10:
        return CN[n]
    if n < 20:
        return "十" + (CN[n % 10] if n % 10 else "")
    if n < 100:
        return CN[n // 10] + "十" + (CN[n % 10] if n % 10 else "")
    return "".join(CN[int(d)] for d in str(n))


def generated_addresses(rows, count: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    names = {code: (name, level, parent) for code, name, level, parent in rows}
    communities = [code for code, (_, level, _) in names.items() if level == 4]
    out = []
    for _ in range(count):
        community = rng.choice(communities)
        street = names[community][2]
        district = names[street][2]
        number = rng.randint(1, 400)
        parts = []
        if rng.random() < 0.7:
            parts.append(rng.choice(("大连市", "辽宁省大连市", "大连", "")) + names[district][0])
        if rng.random() < 0.5:
            parts.append(names[street][0])
        if rng.random() < 0.3:
            parts.append(names[community][0].replace("居委会", ""))
        parts.append(rng.choice(ROADS) + (_cn_number(number) if rng.random() < 0.2 else str(number)) + "号")
        if rng.random() < 0.5:
            parts.append(rng.choice(ESTATES))
        if rng.random() < 0.6:
            parts.append(f"{rng.randint(1, 30)}{rng.choice(('号楼', '栋', '幢'))}{rng.randint(1, 6)}单元{rng.randint(1, 30)}0{rng.randint(1, 4)}室")
        text = rng.choice(("", " ", "\u3000")).join(parts)
        roll = rng.random()
        if roll < 0.15:
            text = text.translate(TRADITIONAL)
        elif roll < 0.3:
            text = text.translate(FULL_WIDTH)
        elif roll < 0.4:
            text = "\n\t\t\t" + text + "\n\t\t"
        out.append(text)
    return out


def coverage(parsed) -> dict[str, int]:
    counts = Counter()
    for p in parsed:
        for name in COMPONENTS:
            if getattr(p, name):
                counts[name] += 1
        counts[f"level:{p.level}"] += 1
        if (p.road and p.number) or p.estate or p.community:
            counts["placed"] += 1
    return dict(counts)


def throughput(inputs: list[str], gazetteer) -> dict:
    import cpca

    from yingshang.insights.places.addresses import parse_many

    results = {}
    for name, function in (("normaliser", lambda xs: parse_many(xs, gazetteer)), ("cpca", lambda xs: cpca.transform(xs, umap=gazetteer.cpca_umap))):
        best_wall = best_cpu = 0.0
        for _ in range(3):
            wall, cpu = time.perf_counter(), time.process_time()
            function(inputs)
            best_wall = max(best_wall, len(inputs) / (time.perf_counter() - wall))
            best_cpu = max(best_cpu, len(inputs) / max(time.process_time() - cpu, 1e-9))
        results[name] = {"wall_per_s": best_wall, "cpu_per_s": best_cpu}
    return results


def clustering_rows(count: int, seed: int):
    import datetime as dt

    import numpy as np

    from yingshang.insights.places.services import ClusterRow

    rng = np.random.default_rng(seed)
    hot = np.column_stack([rng.uniform(38.85, 39.10, 400), rng.uniform(121.45, 121.80, 400)])
    labels = [f"一级{i // 40}/二级{i // 4}/三级{i}" for i in range(480)]  # 120 second-level groups
    label_index = rng.integers(0, len(labels), count)
    # Each label has its few hot spots (a problem recurs where its cause is), plus uniform background.
    which = np.where(rng.random(count) < 0.8, (label_index * 7 + rng.integers(0, 8, count)) % 400, rng.integers(0, 400, count))
    located = rng.random(count) < 0.6
    lat = hot[which, 0] + rng.normal(0, 0.002, count)
    lng = hot[which, 1] + rng.normal(0, 0.002, count)
    start = dt.datetime(2026, 8, 1, tzinfo=dt.timezone.utc)
    return [
        ClusterRow(i, int(which[i]) * 10 + int(rng.integers(0, 10)), labels[label_index[i]], start + dt.timedelta(minutes=int(i)),
                   float(lat[i]) if located[i] else None, float(lng[i]) if located[i] else None, int(which[i]) // 3, int(which[i]) % 12)
        for i in range(count)
    ]


def main(argv=None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--quick", action="store_true", help="small sizes while developing")
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv if argv is not None else [])
    _django()
    from yingshang.insights.places.addresses import Gazetteer, parse_many
    from yingshang.insights.places.services import PROVINCE, find_clusters

    started = time.perf_counter()
    gazetteer = Gazetteer(gazetteer_rows(), province=PROVINCE)
    print(f"gazetteer: {len(gazetteer.divisions)} divisions of the city (npm files read and automaton built) in {time.perf_counter() - started:.2f} s")
    figures: dict = {}

    spans = real_spans(2000 if args.quick else None) if DATA.exists() else []
    if spans:
        parsed = parse_many(spans, gazetteer)
        cover = coverage(parsed)
        figures["real"] = {"spans": len(spans), **cover}
        print(f"real data: {len(spans)} address spans from {DATA}")
        for name in COMPONENTS + ("placed",):
            print(f"  {name:<9} {cover.get(name, 0):>6}  ({cover.get(name, 0) / len(spans):.1%})")
        levels = {k[6:]: v for k, v in cover.items() if k.startswith("level:")}
        print("  finest level: " + ", ".join(f"{k} {v} ({v / len(spans):.1%})" for k, v in sorted(levels.items(), key=lambda kv: -kv[1])))
    else:
        print(f"real data: {DATA} not found, coverage skipped (see ../shared/data/README.md)")

    generated = generated_addresses(gazetteer_rows(), 2000 if args.quick else 20000, args.seed)
    parsed = parse_many(generated[:5000], gazetteer)
    cover = coverage(parsed)
    print(f"generated Dalian addresses: district {cover.get('district', 0) / len(parsed):.1%}, road+number placed "
          f"{cover.get('placed', 0) / len(parsed):.1%} of {len(parsed)}")
    inputs = (spans[:10000] if spans else []) + generated
    rates = throughput(inputs, gazetteer)
    ratio = rates["normaliser"]["cpu_per_s"] / rates["cpca"]["cpu_per_s"]
    figures["throughput"] = {"inputs": len(inputs), **rates, "ratio_cpu": ratio}
    print(f"throughput on {len(inputs)} addresses (best of 3; per CPU second of this process, wall in brackets — the machine is shared): "
          f"normaliser {rates['normaliser']['cpu_per_s']:,.0f}/s ({rates['normaliser']['wall_per_s']:,.0f}/s), "
          f"cpca alone {rates['cpca']['cpu_per_s']:,.0f}/s ({rates['cpca']['wall_per_s']:,.0f}/s); ratio normaliser/cpca {ratio:.2f} "
          "(the normaliser runs cpca inside, plus OpenCC where needed, the gazetteer automaton and the street-level patterns)")

    size = 10_000 if args.quick else 100_000
    rows = clustering_rows(size, args.seed)
    started, cpu = time.perf_counter(), time.process_time()
    drafts = find_clusters(rows, radius_m=300, min_appeals=3)
    seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    methods = Counter(d.method for d in drafts)
    figures["clustering"] = {"appeals": size, "seconds": seconds, "cpu_seconds": cpu, "clusters": len(drafts), **methods}
    print(f"clustering {size:,} appeals: {seconds:.2f} s wall, {cpu:.2f} s CPU, {len(drafts)} clusters ({dict(methods)})")
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
