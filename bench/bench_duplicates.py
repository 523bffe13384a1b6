"""一事多诉: duplicate candidate search against an index of 1,000,000 appeals, and the ratio against an
exhaustive pairwise comparison measured in the same run.

1. Corpus: synthetic appeals from yingshang.appeals.classification.synthetic (a pool of generated
   texts, each placed at many addresses of the demo city: "<区><路><号><小区>" + text), normalised and
   fingerprinted with the vectorised MinHash of yingshang.insights.duplicates.services (the same
   signatures datasketch computes, see the tests), banded into 32 × 4 LSH band tables held as sorted
   numpy arrays (the in-memory form of the FingerprintBand table).
2. New appeals: half are paraphrases of indexed appeals (synonym swaps, reordering, filler,
   truncation, digit changes), half fresh generated texts. Each is handled as intake handles it, one
   at a time: datasketch signature, band lookup, estimated Jaccard of the candidates, time window,
   threshold, ranking. Appeals per second (wall and CPU).
3. Exhaustive comparison on a sample: the estimated Jaccard of the new appeal against every indexed
   signature (numpy, one matrix comparison per appeal); appeals per second, the ratio, and the recall
   of the LSH search against it (pairs over the threshold found by both / found exhaustively).
4. DB-backed lookup latency: the same band query on SQLite with the FingerprintBand table's index
   (band, accepted_at) over a slice of the index, median and p95 per appeal.

Usage: python -m bench.bench_duplicates [--quick] [--size N] [--queries Q] [--seed S]
"""

from __future__ import annotations

import argparse
import os
import random
import resource
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
THRESHOLD = 0.45
WINDOW_DAYS = 30
HISTORY_DAYS = 3 * 365


def _django():
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime


def corpus(size: int, pool: int, seed: int) -> tuple[list[str], list[str]]:
    """(raw texts, their normalised fingerprint texts): ``pool`` generated texts at ``size`` addresses."""
    from yingshang.appeals.classification.synthetic import DEFAULT_PLACES, generate_appeals
    from yingshang.insights.duplicates.services import appeal_text

    texts = [text for text, _ in generate_appeals(pool, rng=seed)]
    rng = np.random.default_rng(seed)
    roads = [f"{a}{b}路" for a in "长江黄河中山人民解放胜利建设和平友好兴工" for b in ("东", "西", "南", "北", "")]
    estates = [f"{a}{b}" for a in ("锦绣", "阳光", "海景", "金色", "翠竹", "星海", "华府", "幸福") for b in ("花园", "小区", "家园", "公寓", "新城")]
    district = rng.integers(0, len(DEFAULT_PLACES), size)
    road = rng.integers(0, len(roads), size)
    number = rng.integers(1, 999, size)
    estate = rng.integers(0, len(estates), size)
    body = rng.integers(0, pool, size)
    raw = [f"{DEFAULT_PLACES[district[i]]}{roads[road[i]]}{number[i]}号{estates[estate[i]]}:{texts[body[i]]}" for i in range(size)]
    return raw, [appeal_text("", r) for r in raw]


class BandIndex:
    """The LSH band table in memory: every band key of every appeal (the band index is hashed into each
    key, as in FingerprintBand.band) sorted, with a directory on the keys' top 24 bits, so that a key is
    found with two memory reads instead of a 25-step binary search over 32 million keys."""

    PREFIX_BITS = 24
    WINDOW = 16  # keys read per directory slot; larger slots (many appeals with one band) are searched

    def __init__(self, signatures: np.ndarray, accepted_day: np.ndarray):
        from yingshang.insights.duplicates.services import BANDS, band_hashes

        keys = band_hashes(signatures).ravel().view(np.uint64)
        order = np.argsort(keys, kind="stable")
        self.keys = keys[order]
        self.ids = (order // BANDS).astype(np.int32)
        self.shift = np.uint64(64 - self.PREFIX_BITS)
        counts = np.bincount((self.keys >> self.shift).astype(np.int64), minlength=1 << self.PREFIX_BITS)
        self.directory = np.concatenate(([0], np.cumsum(counts))).astype(np.int64)
        self.signatures = signatures
        self.accepted_day = accepted_day

    def candidates(self, query_bands: np.ndarray) -> np.ndarray:
        query = query_bands.view(np.uint64)
        slot = (query >> self.shift).astype(np.int64)
        start, end = self.directory[slot], self.directory[slot + 1]
        positions = start[:, None] + np.arange(self.WINDOW)[None, :]
        inside = positions < end[:, None]
        positions = np.minimum(positions, self.keys.size - 1)
        found = positions[inside & (self.keys[positions] == query[:, None])]
        parts = [self.ids[found]]
        for k in np.flatnonzero(end - start > self.WINDOW):  # a crowded slot: search beyond the window
            lo = start[k] + np.searchsorted(self.keys[start[k]:end[k]], query[k], "left")
            hi = start[k] + np.searchsorted(self.keys[start[k]:end[k]], query[k], "right")
            parts.append(self.ids[max(lo, start[k] + self.WINDOW):hi])
        return np.concatenate(parts) if len(parts) > 1 else parts[0]

    def search(self, signature: np.ndarray, today: int, limit: int = 10):
        """Ranked (appeal, similarity) over the threshold and within the window, as candidates_for does."""
        from yingshang.insights.duplicates.services import NUM_PERM, band_hashes

        ids = self.candidates(band_hashes(signature)[0])
        if ids.size:  # the window first: it leaves few of the band matches to deduplicate and compare
            ids = ids[np.abs(self.accepted_day[ids] - today) <= WINDOW_DAYS]
            ids = np.unique(ids) if ids.size > 1 else ids
        if not ids.size:
            return ids, np.empty(0)
        similarity = (self.signatures[ids] == signature).sum(axis=1) / NUM_PERM
        keep = similarity >= THRESHOLD
        ids, similarity = ids[keep], similarity[keep]
        order = np.argsort(-similarity, kind="stable")[:limit]
        return ids[order], similarity[order]


def exhaustive(signatures: np.ndarray, accepted_day: np.ndarray, signature: np.ndarray, today: int) -> np.ndarray:
    """Every indexed appeal over the threshold and within the window, by comparing with all of them."""
    from yingshang.insights.duplicates.services import NUM_PERM

    similarity = (signatures == signature).sum(axis=1) / NUM_PERM
    return np.flatnonzero((similarity >= THRESHOLD) & (np.abs(accepted_day - today) <= WINDOW_DAYS))


def db_latency(signatures: np.ndarray, accepted_day: np.ndarray, queries: list[np.ndarray], today: int, rows: int) -> dict:
    """The band query of candidates_for on SQLite, over ``rows`` indexed appeals (32 band rows each)."""
    from yingshang.insights.duplicates.services import NUM_PERM, band_hashes

    rows = min(rows, len(signatures))
    with tempfile.TemporaryDirectory() as folder:
        db = sqlite3.connect(Path(folder) / "bands.sqlite3")
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("CREATE TABLE band (id INTEGER PRIMARY KEY, appeal_id INTEGER, band INTEGER, accepted_day INTEGER)")
        db.execute("CREATE TABLE fingerprint (appeal_id INTEGER PRIMARY KEY, signature BLOB, accepted_day INTEGER)")
        started = time.perf_counter()
        bands = band_hashes(signatures[:rows])
        for begin in range(0, rows, 50_000):
            end = min(rows, begin + 50_000)
            db.executemany("INSERT INTO band (appeal_id, band, accepted_day) VALUES (?, ?, ?)",
                           ((i, int(b), int(accepted_day[i])) for i in range(begin, end) for b in bands[i]))
            db.executemany("INSERT INTO fingerprint VALUES (?, ?, ?)", ((i, signatures[i].tobytes(), int(accepted_day[i])) for i in range(begin, end)))
        db.execute("CREATE INDEX band_idx ON band (band, accepted_day)")
        db.commit()
        load = time.perf_counter() - started
        timings = []
        for signature in queries:
            begin = time.perf_counter()
            keys = [int(b) for b in band_hashes(signature)[0]]
            ids = [r[0] for r in db.execute(f"SELECT DISTINCT appeal_id FROM band WHERE band IN ({','.join('?' * len(keys))})", keys)]
            if ids:
                found = db.execute(
                    f"SELECT appeal_id, signature FROM fingerprint WHERE appeal_id IN ({','.join('?' * len(ids))}) AND abs(accepted_day - ?) <= ?",
                    [*ids, today, WINDOW_DAYS],
                ).fetchall()
                for _, blob in found:
                    (np.frombuffer(blob, dtype=np.uint32) == signature).sum() / NUM_PERM
            timings.append(time.perf_counter() - begin)
        db.close()
    timings.sort()
    return {"rows": rows, "load_s": load, "median_ms": 1000 * timings[len(timings) // 2], "p95_ms": 1000 * timings[int(len(timings) * 0.95)]}


def main(argv: list[str] | None = None) -> dict:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--size", type=int, default=1_000_000, help="indexed appeals")
    parser.add_argument("--pool", type=int, default=40_000, help="distinct generated texts behind them")
    parser.add_argument("--queries", type=int, default=5_000, help="new appeals searched one at a time")
    parser.add_argument("--sample", type=int, default=50, help="new appeals also compared exhaustively")
    parser.add_argument("--db-rows", type=int, default=100_000, help="indexed appeals loaded into SQLite for the latency")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--quick", action="store_true", help="100,000 appeals, 1,000 queries (development)")
    args = parser.parse_args(argv if argv is not None else [])
    if args.quick:
        args.size, args.pool, args.queries, args.sample, args.db_rows = 100_000, 10_000, 1_000, 20, 20_000
    _django()
    from yingshang.insights.cli_duplicates import paraphrase
    from yingshang.insights.duplicates.services import appeal_text, signature, signatures_numpy

    say = lambda message: print(message, flush=True)  # noqa: E731
    started = time.perf_counter()
    raw, texts = corpus(args.size, args.pool, args.seed)
    say(f"语料:{args.size:,} 件诉求(生成文本 {args.pool:,} 条 × 地址),{time.perf_counter() - started:.1f} 秒")

    started, cpu = time.perf_counter(), _cpu()
    signatures = signatures_numpy(texts)
    rng = np.random.default_rng(args.seed)
    accepted_day = rng.integers(0, HISTORY_DAYS, args.size).astype(np.int32)
    index = BandIndex(signatures, accepted_day)
    build = time.perf_counter() - started
    say(f"建索引:{args.size:,} 件,{build:.1f} 秒(CPU {_cpu() - cpu:.1f} 秒),{args.size / build:,.0f} 件/秒")

    pyrng = random.Random(args.seed)
    fresh = [t for t, _ in __import__("yingshang.appeals.classification.synthetic", fromlist=["generate_appeals"]).generate_appeals(args.queries, rng=args.seed + 1)]
    new_appeals, origins = [], []
    for k in range(args.queries):
        if k % 2 == 0:
            origin = pyrng.randrange(args.size)
            new_appeals.append(paraphrase(raw[origin], pyrng)[0])
            origins.append(origin)
        else:
            new_appeals.append(fresh[k])
            origins.append(-1)
    today = HISTORY_DAYS - 1
    for k, origin in enumerate(origins):  # the paraphrased appeal is recent: the new call comes within the window
        if origin >= 0:
            accepted_day[origin] = today - pyrng.randrange(WINDOW_DAYS)

    started, cpu = time.perf_counter(), _cpu()
    results = []
    for text in new_appeals:
        sig = signature(appeal_text("", text))
        results.append(index.search(sig, today))
    elapsed, cpu_used = time.perf_counter() - started, _cpu() - cpu
    lsh_rate = args.queries / elapsed
    found_origin = sum(1 for (ids, _), origin in zip(results, origins) if origin >= 0 and origin in set(ids.tolist()))
    paraphrased = sum(1 for o in origins if o >= 0)
    candidates = np.mean([len(ids) for ids, _ in results])
    say(f"LSH 候选检索:{args.queries:,} 件新诉求逐件检索,{elapsed:.2f} 秒,{lsh_rate:,.0f} 件/秒(CPU {args.queries / cpu_used:,.0f} 件/秒);"
        f"平均候选 {candidates:.1f} 件;改写诉求找回原诉求 {found_origin}/{paraphrased} = {found_origin / max(paraphrased, 1):.3f}")

    sample = list(range(min(args.sample, args.queries)))
    sample_signatures = [signature(appeal_text("", new_appeals[k])) for k in sample]
    started = time.perf_counter()
    truth = [exhaustive(signatures, accepted_day, sig, today) for sig in sample_signatures]
    exhaustive_rate = len(sample) / (time.perf_counter() - started)
    both = sum(len(set(t.tolist()) & set(index.search(sig, today, limit=10**9)[0].tolist())) for t, sig in zip(truth, sample_signatures))
    total = sum(len(t) for t in truth)
    recall = both / total if total else 1.0
    say(f"逐一比对(穷举):样本 {len(sample)} 件,{exhaustive_rate:,.1f} 件/秒;LSH 为其 {lsh_rate / exhaustive_rate:,.0f} 倍;"
        f"LSH 相对穷举的召回 {both}/{total} = {recall:.3f}(阈值 {THRESHOLD})")

    latency = db_latency(signatures, accepted_day, sample_signatures * max(1, 200 // max(len(sample), 1)), today, args.db_rows)
    say(f"数据库检索(SQLite,FingerprintBand 索引 band+accepted_at,{latency['rows']:,} 件 × 32 行,装载 {latency['load_s']:.1f} 秒):"
        f"每件中位 {latency['median_ms']:.2f} 毫秒,p95 {latency['p95_ms']:.2f} 毫秒")
    figures = {
        "size": args.size, "queries": args.queries, "lsh_per_s": lsh_rate, "exhaustive_per_s": exhaustive_rate,
        "ratio": lsh_rate / exhaustive_rate, "recall_vs_exhaustive": recall, "origin_found": found_origin / max(paraphrased, 1),
        "mean_candidates": float(candidates), "build_s": build, "db_median_ms": latency["median_ms"], "db_p95_ms": latency["p95_ms"],
    }
    ok = lsh_rate >= 1000
    say(f"目标 ≥ 1,000 件/秒:{'达到' if ok else '未达到'}")
    return figures


if __name__ == "__main__":
    main(sys.argv[1:])
