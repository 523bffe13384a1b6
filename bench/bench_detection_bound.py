"""An oracle bound for the outside series: what the BEST detector could achieve on the generator of
detection/outside.py, beside what ours achieves, in the same run.

The oracle knows, for every series, its true expected count per day without the outbreak (yearly cycle,
weekend dip and trend included) and its true dispersion φ. For every day t of the evaluation year and every
window of ``--windows`` days ending at t it computes the exact tail probability of the window's sum: with
the generator's days independent negative binomials of mean μᵢ, variance φμᵢ (size μᵢ/(φ−1), the same p = 1/φ),
their sum is exactly negative binomial with size Σμᵢ/(φ−1) and p = 1/φ. The day's statistic is the smallest
of these p-values over the windows. One threshold on it, the largest that keeps false alarms ≤ ``--budget``
per 100 series-months, is set on outbreak-free replicas of the same series (fresh draws from the true means;
alarm days less than ``merge_gap`` days apart are one alarm, as in the pipeline), so the bound spends exactly the
false-alarm budget the target allows. A threefold 3–7-day outbreak counts as detected when an alarm day falls
in its days or the 3 days after (as bench_warnings_outside scores ours), and "≤ 2 days" when one falls on its
first three days.

Nothing a real detector can do beats knowing the baseline exactly; the window-sum test is the most powerful test
of a known multiplicative rise of known length when the days share p (the sum is then the natural statistic), so
the figures are an upper bound up to the choice of window set. If the bound is far below 90% in a band, 90% is
unattainable there at one false alarm per 100 series-months, for any detector.

Generators two to four (``--generator lognormal|regime|noufaily|all``) have no closed-form window sum: there the
bound is the general known-model one (known_model_p: the baseline without latent states, outbreak-free replicas of each
series for its null law), and generator one shows it beside the exact ones.

Usage: python -m bench.bench_detection_bound [--generator nb|lognormal|regime|noufaily|all] [--seeds heldout|training]
       [--limit N] [--windows 3-7] [--no-ours]
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import numpy as np
from scipy import stats

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

from bench.bench_warnings_outside import BANDS, HELDOUT_SEEDS, TRAINING_SEEDS, _band  # noqa: E402

MERGE_GAP = 7  # pipeline.DetectionParameters.merge_gap_days
GRACE = 3  # days after an outbreak's end in which an alarm still detects it


def min_window_p(counts: np.ndarray, mean: np.ndarray, phi: np.ndarray, first: int, windows) -> np.ndarray:
    """Per series and day ≥ first, the smallest exact NB tail probability of the window sums ending that day."""
    prefix_y = np.concatenate([np.zeros((counts.shape[0], 1)), np.cumsum(counts, axis=1)], axis=1)
    prefix_m = np.concatenate([np.zeros((mean.shape[0], 1)), np.cumsum(mean, axis=1)], axis=1)
    days = np.arange(first, counts.shape[1])
    best = np.ones((counts.shape[0], len(days)))
    size_per_mean = 1.0 / (phi[:, None] - 1.0)
    for w in windows:
        s = prefix_y[:, days + 1] - prefix_y[:, days + 1 - w]
        m = prefix_m[:, days + 1] - prefix_m[:, days + 1 - w]
        p = np.where(s > 0, stats.nbinom.sf(s - 1, m * size_per_mean, 1.0 / phi[:, None]), 1.0)
        best = np.minimum(best, p)
    return best


def alarm_runs(row: np.ndarray) -> list[np.ndarray]:
    """The alarm days of one series grouped into alarms (days less than MERGE_GAP apart are one alarm)."""
    days = np.flatnonzero(row)
    return np.split(days, np.flatnonzero(np.diff(days) > MERGE_GAP) + 1) if len(days) else []


def count_alarms(alarm: np.ndarray) -> int:
    return sum(len(alarm_runs(row)) for row in alarm)


def window_llr(counts: np.ndarray, mean: np.ndarray, phi: np.ndarray, first: int, windows, shift: float = 3.0) -> np.ndarray:
    """Per series and day ≥ first, the largest over the windows of the summed exact NB log-likelihood ratio
    "mean × shift" against "mean as it is" (the dispersion stays, as in the generator's outbreaks)."""
    from yingshang.insights.detection.methods import _nb_log_ratio

    ratios = _nb_log_ratio(counts, mean, np.broadcast_to(phi[:, None], mean.shape), shift)
    prefix = np.concatenate([np.zeros((counts.shape[0], 1)), np.cumsum(ratios, axis=1)], axis=1)
    days = np.arange(first, counts.shape[1])
    return np.max([prefix[:, days + 1] - prefix[:, days + 1 - w] for w in windows], axis=0)


def _draw_null(series, rng) -> np.ndarray:
    phi = series.dispersion[:, None]
    return rng.negative_binomial(series.expected / (phi - 1), 1 / phi).astype(np.float64)


def _window_sums(counts: np.ndarray, first: int, w: int) -> np.ndarray:
    prefix = np.concatenate([np.zeros(counts.shape[:-1] + (1,)), np.cumsum(counts, axis=-1)], axis=-1)
    days = np.arange(first, counts.shape[-1])
    return prefix[..., days + 1] - prefix[..., days + 1 - w]


def _tail_p(reference: np.ndarray, values: np.ndarray) -> np.ndarray:
    """Empirical upper-tail p of ``values`` against the sorted 1-D ``reference``: (1 + #reference ≥ value) / (1 + n)."""
    above = len(reference) - np.searchsorted(reference, values, side="left")
    return (1 + above) / (1 + len(reference))


def known_model_p(series, index: int, first: int, windows, rng, *, statistic: str, reference_replicas: int,
                  null_replicas: int) -> tuple[np.ndarray, np.ndarray]:
    """The general known-model bound of one series (any generator; outside.outbreak_free_replicas): the oracle knows
    the generator's baseline mean per day without latent states and can draw outbreak-free replicas of the series
    with the same parameters. For each window w it standardises the window sum, z_w = (S_w − M_w) / √(v_w M_w), with
    M_w the baseline's window sum and v_w the replicas' variance/mean ratio of w-day sums (autocorrelation and
    heavy tails included). ``z``: the day's statistic is max_w z_w; ``minp``: the smallest over windows of z_w's
    empirical tail p among the replicas. Either is turned into a p-value against ``reference_replicas`` replicas'
    own statistics. Returns the p of the observed series (days ≥ first) and of ``null_replicas`` further
    outbreak-free replicas (null_replicas × days)."""
    from yingshang.insights.detection.outside import outbreak_free_replicas

    replicas = outbreak_free_replicas(series, index, rng, reference_replicas + null_replicas)
    reference, null = replicas[:reference_replicas], replicas[reference_replicas:]
    observed = series.counts[index][None]
    expectation = _conditional_mean(series, index) if statistic == "cond" else (lambda counts: series.baseline[index][None])
    means = [expectation(counts) for counts in (reference, null, observed)]
    per_window = []  # (reference, null, observed) z per window
    for w in windows:
        m = [_window_sums(mean, first, w).clip(min=1e-9) for mean in means]
        z = [(_window_sums(counts, first, w) - mw) for counts, mw in zip((reference, null, observed), m)]
        ratio = float(np.mean(z[0] ** 2 / m[0]))
        per_window.append([value / np.sqrt(ratio * mw) for value, mw in zip(z, m)])
    if statistic in ("z", "cond"):
        stats_ = [np.max([pw[k] for pw in per_window], axis=0) for k in range(3)]
    else:
        stats_ = []
        for k in range(3):
            smallest = None
            for pw in per_window:
                pool = np.sort(pw[0].ravel())
                p = _tail_p(pool, pw[k])
                smallest = p if smallest is None else np.minimum(smallest, p)
            stats_.append(-np.log(smallest))
    pool = np.sort(stats_[0].ravel())
    return _tail_p(pool, stats_[2][0]), _tail_p(pool, stats_[1])


def _conditional_mean(series, index: int):
    """Generator three only: the mean of each day given the counts before it (observable), as its model has it —
    the immigrants' deterministic rate times the busy regime's stationary mean, plus the self-excitation of the
    past 14 days' counts. The regime's path stays unknown. A stronger oracle than the unconditional baseline."""
    model = series.model[index]
    share = model["enter"] / (model["enter"] + model["leave"])
    base = model["immigrants"] * (1 + (model["busy_factor"] - 1) * share)
    kernel, branching = model["kernel"], model["branching"]

    def expectation(counts: np.ndarray) -> np.ndarray:
        excited = np.zeros_like(counts)
        for lag, weight in enumerate(kernel, start=1):
            excited[:, lag:] += weight * counts[:, :-lag]
        return base[None] + branching * excited
    return expectation


def oracle(seeds, windows, *, statistic: str = "sum", budget: float = 1.0, replicas: int = 2, reference_replicas: int = 60,
           generator: str = "nb") -> dict:
    """The bound with the window-sum p-value (``sum``) or the NB likelihood ratio (``lr``) — generator one only, where
    days are independent negative binomials — or, on any generator, the general known-model statistics ``z`` and
    ``minp`` (known_model_p: the baseline without latent states, replicas for the null law). The LR's null law
    depends on the series' mean and φ, so each series' LR is turned into a p-value against ``reference_replicas``
    outbreak-free years of that series drawn from its true mean (the oracle knows them)."""
    from yingshang.insights.detection.outside import generate_series

    null_p, observed = [], []
    series_months = 0.0
    for seed in seeds:
        series = generate_series(seed, generator)
        first = series.evaluation_start
        phi = series.dispersion
        rng = np.random.default_rng(1_000_000 + seed)
        if statistic in ("z", "minp", "cond"):
            results = [known_model_p(series, i, first, windows, rng, statistic=statistic,
                                     reference_replicas=reference_replicas, null_replicas=replicas)
                       for i in range(len(series.names))]
            observed.append((series, np.array([r[0] for r in results])))
            null_p.extend(np.array([r[1][k] for r in results]) for k in range(replicas))
            series_months += len(series.names) * (series.counts.shape[1] - first) / 30.0
            continue
        if statistic == "sum":
            def to_p(counts):
                return min_window_p(counts, series.expected, phi, first, windows)
        else:
            reference = np.sort(np.concatenate(
                [window_llr(_draw_null(series, rng), series.expected, phi, first, windows) for _ in range(reference_replicas)],
                axis=1), axis=1)

            def to_p(counts, reference=reference):
                llr = window_llr(counts, series.expected, phi, first, windows)
                above = np.array([reference.shape[1] - np.searchsorted(ref, row, side="left") for ref, row in zip(reference, llr)])
                return (1 + above) / (1 + reference.shape[1])
        observed.append((series, to_p(series.counts)))
        for _ in range(replicas):
            null_p.append(to_p(_draw_null(series, rng)))
        series_months += len(series.names) * (series.counts.shape[1] - first) / 30.0
    null_months = series_months * replicas

    def null_rate(threshold: float) -> float:
        return sum(count_alarms(p <= threshold) for p in null_p) / null_months * 100

    # The largest threshold (log-bisection) whose null false-alarm rate stays within the budget.
    low, high = -30.0, 0.0
    for _ in range(40):
        middle = (low + high) / 2
        if null_rate(10 ** middle) <= budget:
            low = middle
        else:
            high = middle
    threshold = 10 ** low
    bands = {band: [0, 0, 0] for band in BANDS}  # detected, outbreaks, detected within 2 days
    false_alarms = 0
    for series, p in observed:
        first = series.evaluation_start
        alarm = p <= threshold
        index = {name: i for i, name in enumerate(series.names)}
        counted = np.zeros(alarm.shape, dtype=bool)  # days inside an outbreak's detection window
        for outbreak in series.outbreaks:
            row = alarm[index[outbreak.series]]
            band = bands[_band(outbreak.baseline)]
            band[1] += 1
            hits = np.flatnonzero(row[outbreak.start - first:outbreak.end + GRACE + 1 - first])
            if len(hits):
                band[0] += 1
                band[2] += int(hits[0] <= 2)
            counted[index[outbreak.series], outbreak.start - first:outbreak.end + GRACE + 1 - first] = True
        false_alarms += sum(1 for i, row in enumerate(alarm) for run in alarm_runs(row) if not counted[i, run].any())
    return {"bands": bands, "threshold": threshold, "null_false_alarms": null_rate(threshold),
            "false_alarms_per_100_series_month": false_alarms / series_months * 100}


def _rate(hit: int, count: int) -> str:
    return f"{hit / count:.1%} ({hit}/{count})" if count else "—"


STATISTICS = {"sum": "窗口和的精确负二项尾概率", "lr": "负二项似然比(3 倍 vs 如期)",
              "z": "已知模型·最大标准化窗口超额", "minp": "已知模型·各窗口经验尾概率的最小值",
              "cond": "已知模型·以此前计数为条件的自激均值(仅生成器三)"}
GENERATOR_TITLES = {"nb": "生成器一(负二项)", "lognormal": "生成器二(泊松–对数正态)", "regime": "生成器三(自激、繁忙期)",
                    "noufaily": "生成器四(Noufaily 2013 + AR(1))"}


def bound_table(generator: str, seeds, windows, *, ours: bool, statistics=None) -> dict:
    """The bound(s) of one generator beside our detectors, printed as a table; returns the results."""
    statistics = statistics or {"nb": ("sum", "lr", "z"), "regime": ("z", "minp", "cond")}.get(generator, ("z", "minp"))
    bounds = {}
    print(f"\n{GENERATOR_TITLES[generator]}:")
    for statistic in statistics:
        started = time.perf_counter()
        bounds[statistic] = bound = oracle(seeds, windows, statistic=statistic, generator=generator)
        print(f"  上界·{STATISTICS[statistic]}:阈值 p ≤ {bound['threshold']:.2e},无暴发复本上误报 {bound['null_false_alarms']:.2f},"
              f"实际序列上误报 {bound['false_alarms_per_100_series_month']:.2f} 条/100 序列·月;{time.perf_counter() - started:.1f} 秒")
    result = None
    if ours:
        from bench.bench_warnings_outside import evaluate

        result = evaluate(seeds, generator=generator)
        print(f"  我们的检测器(DetectionParameters()):误报 {result['false_alarms_per_100_series_month']:.2f} 条/100 序列·月,"
              f"中位时延 {result['median_delay_days']:.1f} 天")
    header = "| 基线 | " + " | ".join(f"上界·{s}:检出 | 上界·{s}:≤ 2 天" for s in statistics) + " |"
    if result:
        header += " 我们:检出 | 我们:≤ 2 天 | 我们/最好的上界 |"
    print(header)
    print("|" + "---|" * (header.count("|") - 1))
    for band in list(BANDS) + ["合计"]:
        def pick(found):
            return tuple(map(sum, zip(*found["bands"].values()))) if band == "合计" else tuple(found["bands"][band])
        picked = [pick(bounds[s]) for s in statistics]
        count = picked[0][1]
        line = f"| {band} | " + " | ".join(f"{_rate(hit, count)} | {_rate(early, count)}" for hit, _, early in picked) + " |"
        if result:
            hit, _, early = pick(result)
            best = max(p[0] for p in picked)
            line += f" {_rate(hit, count)} | {_rate(early, count)} | {hit / best if best else float('nan'):.2f} |"
        print(line)
    return {"bounds": bounds, "ours": result}


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", choices=("heldout", "training"), default="heldout")
    parser.add_argument("--generator", choices=("nb", "lognormal", "regime", "noufaily", "all"), default="nb",
                        help="nb: the exact NB bounds and the known-model one; the others: the known-model bounds (z, minp)")
    parser.add_argument("--limit", type=int, default=0, help="only the first N seeds (quick runs)")
    parser.add_argument("--windows", default="3-7", help="window lengths in days, e.g. 3-7 or 1-7")
    parser.add_argument("--no-ours", action="store_true", help="the bound only, without running our detectors")
    args = parser.parse_args(argv)
    seeds = list(HELDOUT_SEEDS if args.seeds == "heldout" else TRAINING_SEEDS)
    if args.limit:
        seeds = seeds[:args.limit]
    first_window, _, last_window = args.windows.partition("-")
    windows = range(int(first_window), int(last_window or first_window) + 1)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()
    print(f"{'留出' if args.seeds == 'heldout' else '训练'}种子 {seeds[0]}–{seeds[-1]}({len(seeds)} 组 × 60 条序列 × 730 天),"
          f"上界 = 已知真实基线,{windows.start}–{windows.stop - 1} 天的每个窗口,误报预算 1 条/100 序列·月")
    generators = ("nb", "lognormal", "regime", "noufaily") if args.generator == "all" else (args.generator,)
    for generator in generators:
        bound_table(generator, seeds, windows, ours=not args.no_ours)


if __name__ == "__main__":
    main()
