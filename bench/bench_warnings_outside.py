"""The early-warning detectors on series from a generator they were not built on (detection/outside.py:
negative binomial with variance 2–6 × the mean, sinusoidal year, weekend dip, trend, 0.5–30 a day), read
through `detect-series`' own reader. Prints detection by baseline band, false alarms per 100 series-months
and the median delay.

Seeds: the detector settings were tuned on the TRAINING seeds 101–130 only (``--tune`` repeats that search);
the reported figures are on the HELD-OUT seeds 1–20, never used for tuning (60 series × 2 years each).

A second generator (``--generator lognormal``; Poisson–lognormal days, holidays, changepoints, shaped outbreaks,
see outside.generate_lognormal) was written after the tuning and reported on the held-out seeds only; having been
looked at, it became a development generator of the second round (issue #13 item 5: training seeds 101–130 of
generators one and two). A third one (``--generator regime``; self-exciting clumped days, the official working
calendar, a hidden busy regime, monthly random-walk year, intake outages; outside.generate_regime) was committed
before that round changed any detector and is the round's held-out check: never tuned on. A fourth one
(``--generator noufaily``; the published simulation design of Noufaily et al. 2013 adapted to daily counts, with an
AR(1) latent level as the real 12345 series shows; outside.generate_noufaily) was committed before the third round
changed any detector and is never tuned on either.

Usage: python -m bench.bench_warnings_outside [--seeds heldout|training] [--generator nb|lognormal|regime|noufaily|all] [--tune]
       [--heavy-tails | --sustained | --self-calibrated] [--tune-self-calibrated --limit N]
"""

import argparse
import dataclasses
import datetime as dt
import io
import itertools
import os
import sys
import time

import django
import numpy as np

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")

TRAINING_SEEDS = range(101, 131)
# The settings of main before the regression baseline and the window test (issue #13, item 5), for the before/after
# in one run: four-week recent baseline, half a year of calibration, the GLR's short windows, the old alphas.
BEFORE = {"baseline_model": "recent", "window_alpha": 0.0, "weekday_prior_counts": 0.0, "calibration_days": 182,
          "emerging_windows": (3, 7, 14, 28), "ears_alpha": 5e-5, "baseline_alpha": 5e-5, "emerging_alpha": 3e-5,
          "window_baseline_uncertainty": 0.05}
# The second round (issue #13 item 5: generator two's heavy tails), chosen on training seeds 101–110 of generators
# one and two (see tune_heavy_tails), measured ONCE on the held-out seeds 1–20 of all three generators and the
# simulator's held-out seeds 1–10 — and not adopted: generator three (never tuned on) did not move, the simulator
# lost two outbreaks (0.987 → 0.979, under its 0.98 target) and generator two's median delay went to 3 days.
# Kept as an experiment beside the defaults (docs/insights-warnings.md).
HEAVY_TAILS = {"baseline_alpha": 1e-7, "cusum_day_ceiling": 4.0, "dispersion_ceiling": 40.0, "dispersion_tail_share": 0.02,
               "window_alpha": 5e-3, "window_spike_alpha": 0.01, "recurrence_half_width": 7, "recurrence_prior_counts": 100.0,
               "work_calendar": True}
# The third round (issue #13 item 5: sustained, autocorrelated rises; generator three's false alarms), chosen on the
# training seeds 101–130 of generators one to three and the simulator's training seeds 104–114 (even) (see
# tune_sustained), measured ONCE on the held-out seeds 1–20 of all four generators and the simulator's held-out
# seeds 1–10 (``--sustained``).
SUSTAINED = {"inflation_prior_windows": 26.0, "window_alpha": 2.2e-3}
# The fourth round (issue #13 item 5: thresholds calibrated on each series' own past), chosen on training seeds of
# generators one to three and the simulator's training seeds (see tune_self_calibrated), measured ONCE on the held-out
# seeds 1–20 of all four generators and the simulator's held-out seeds 1–10 (``--self-calibrated``). The adoption rule,
# written before that run (docs/insights-warnings.md 第四轮): adopt only if (a) the simulator's held-out seeds keep
# detection ≥ 0.98 and false alarms ≤ 1 per 100 series-months; (b) false alarms fall clearly on generators two, three
# and four: each by at least 25% of the defaults'; (c) no large detection loss: on every generator (one to four)
# detection falls by at most 5 percentage points, generator one's false alarms stay ≤ 1 and every median delay ≤ 2 days.
SELF_CALIBRATED = {"self_calibration_days": 182, "self_calibration_alarms": 0.0, "self_calibration_floor": 0.01}
HELDOUT_SEEDS = range(1, 21)
TUNING_SEEDS = range(101, 111)  # the second round's training seeds (generators one and two)
SIMULATOR_HELDOUT_SEEDS = range(1, 11)
SIMULATOR_TRAINING_SEEDS = range(104, 115, 2)
BANDS = ("0.5–2/天", "2–8/天", "8–30/天")


def _band(baseline: float) -> str:
    return BANDS[0] if baseline < 2 else BANDS[1] if baseline < 8 else BANDS[2]


def operating_point(collected: list, budget: float = 1.0, merge_gap: int = 7) -> dict:
    """Our detectors' detection at ``budget`` false alarms per 100 series-months had one factor on every α been set
    with hindsight on these very series (the largest factor whose false alarms stay within the budget): the
    operating point of the detectors' power, apart from how well their thresholds are calibrated. ``collected``:
    (series, row of each series name, alarm_score over the evaluation year) per seed, from evaluate. Alarm days at
    most ``merge_gap`` days apart are one alarm, dated by its first day, and scored as evaluate scores."""

    def at(factor: float) -> tuple[int, int, float]:
        detected = total = 0
        false_alarms = series_months = 0.0
        for series, rows, score in collected:
            alarm = score <= factor
            t = np.arange(alarm.shape[1])
            last = np.maximum.accumulate(np.where(alarm, t, -10 ** 9), axis=1)
            previous = np.concatenate([np.full((alarm.shape[0], 1), -10 ** 9), last[:, :-1]], axis=1)
            starts = alarm & (t - previous > merge_gap)
            used = np.zeros_like(starts)
            for outbreak in series.outbreaks:
                row = rows[outbreak.series]
                low, high = outbreak.start - series.evaluation_start, outbreak.end + 3 - series.evaluation_start
                total += 1
                hit = starts[row, low:high + 1]
                detected += int(hit.any())
                used[row, low:high + 1] |= hit
            false_alarms += float((starts & ~used).sum())
            series_months += len(series.names) * (series.counts.shape[1] - series.evaluation_start) / 30.0
        return detected, total, false_alarms / series_months * 100

    low, high = -8.0, 3.0
    for _ in range(36):
        middle = (low + high) / 2
        if at(10 ** middle)[2] <= budget:
            low = middle
        else:
            high = middle
    detected, total, rate = at(10 ** low)
    as_is = at(1.0)
    return {"factor": 10 ** low, "detected": detected, "outbreaks": total, "detection_rate": detected / total,
            "false_alarms_per_100_series_month": rate, "as_is_detection_rate": as_is[0] / as_is[1],
            "as_is_false_alarms": as_is[2]}


def evaluate(seeds, params=None, generator: str = "nb", *, operating_budget: float | None = None) -> dict:
    """Detection per band, false alarms per 100 series-months and median delay over ``seeds`` of ``generator``
    (detection/outside.py: "nb" and "lognormal", tuned on (training seeds), or "regime" and "noufaily", never tuned on). The
    detectors are given the official working calendar, as `detect-series` gives them (used where the settings'
    ``work_calendar`` is on)."""
    from yingshang.core.workcalendar import WorkCalendar
    from yingshang.insights.detection.outside import generate_series
    from yingshang.insights.detection.series_io import alarm_rows, read_series, run

    work_calendar = WorkCalendar.official()

    bands = {band: [0, 0, 0] for band in BANDS}  # detected, outbreaks, detected within 2 days
    false_alarms = series_months = 0.0
    delays, seconds = [], 0.0
    collected = []
    for seed in seeds:
        series = generate_series(seed, generator)
        table = read_series(io.StringIO("\n".join(series.csv_lines())))
        started = time.perf_counter()
        result = run(table, warmup_days=365, params=params, calendar=work_calendar)
        rows = alarm_rows(table, result)
        seconds += time.perf_counter() - started
        if operating_budget is not None:
            collected.append((series, {name: i for i, name in enumerate(table.node_names)},
                              result.alarm_score[:, series.evaluation_start - result.first_day:]))
        alarm_days: dict[str, list[int]] = {}
        for row in rows:
            day = (dt.date.fromisoformat(row["date"]) - series.first_day).days
            if day >= series.evaluation_start:
                alarm_days.setdefault(row["series"], []).append(day)
        used = set()
        for outbreak in series.outbreaks:
            band = _band(outbreak.baseline)
            hits = [d for d in alarm_days.get(outbreak.series, []) if outbreak.start <= d <= outbreak.end + 3]
            bands[band][1] += 1
            if hits:
                bands[band][0] += 1
                bands[band][2] += int(min(hits) - outbreak.start <= 2)
                delays.append(min(hits) - outbreak.start)
                used.update((outbreak.series, d) for d in hits)
        false_alarms += sum(1 for name, days in alarm_days.items() for d in days if (name, d) not in used)
        series_months += len(series.names) * (series.counts.shape[1] - series.evaluation_start) / 30.0
    detected, total = sum(b[0] for b in bands.values()), sum(b[1] for b in bands.values())
    return {"bands": bands, "detected": detected, "outbreaks": total, "detection_rate": detected / total,
            "false_alarms_per_100_series_month": false_alarms / series_months * 100,
            "median_delay_days": float(np.median(delays)) if delays else float("nan"), "seconds": seconds,
            "seeds": len(list(seeds)),
            "operating_point": operating_point(collected, operating_budget) if operating_budget is not None else None}


def evaluate_simulator(seeds, params=None) -> dict:
    """The project's own simulator (`yingshang insights evaluate`) over ``seeds``: events detected, outbreaks
    detected, false alarms per 100 series-months (mean and max over seeds) and the outbreaks' largest per-seed
    median delay."""
    from yingshang.insights.detection.evaluate import evaluate as simulate_and_detect
    from yingshang.insights.detection.pipeline import DetectionParameters

    detected = events = outbreaks = outbreaks_found = 0
    rates, outbreak_delays = [], []
    for seed in seeds:
        result = simulate_and_detect(seed, params=dataclasses.replace(params or DetectionParameters(), seed=seed))
        detected, events = detected + result.overall["detected"], events + result.overall["events"]
        outbreak = result.per_kind["outbreak"]
        outbreaks, outbreaks_found = outbreaks + outbreak["events"], outbreaks_found + outbreak["detected"]
        outbreak_delays.append(outbreak["median_delay_days"])
        rates.append(result.overall["false_alarms_per_100_series_month"])
    return {"detected": detected, "events": events, "detection_rate": detected / events, "outbreaks": outbreaks,
            "outbreaks_detected": outbreaks_found, "false_alarms_per_100_series_month": float(np.mean(rates)),
            "max_false_alarms": float(np.max(rates)), "max_outbreak_median_delay": float(np.nanmax(outbreak_delays))}


def report_simulator(result: dict, title: str) -> None:
    print(title)
    print(f"  检出 {result['detected']}/{result['events']} = {result['detection_rate']:.3f}(暴发 {result['outbreaks_detected']}/"
          f"{result['outbreaks']});误报 {result['false_alarms_per_100_series_month']:.2f} 条/100 序列·月(最高 "
          f"{result['max_false_alarms']:.2f});暴发中位时延每个种子 ≤ {result['max_outbreak_median_delay']:.1f} 天")


def report(result: dict, title: str) -> None:
    print(title)
    for band, (hit, count, _early) in result["bands"].items():
        print(f"  暴发(3 倍,3–7 天)基线 {band}: 检出 {hit}/{count} = {hit / count:.1%}")
    print(f"  合计检出 {result['detected']}/{result['outbreaks']} = {result['detection_rate']:.1%};"
          f"误报 {result['false_alarms_per_100_series_month']:.2f} 条/100 序列·月;中位时延 {result['median_delay_days']:.1f} 天;"
          f"检测用时 {result['seconds']:.1f} 秒({result['seeds']} 组 × 60 条序列 × 730 天)")
    point = result.get("operating_point")
    if point:
        print(f"  工作点(事后把所有 α 乘同一因子 {point['factor']:.3g},使误报 ≤ 1):检出 {point['detected']}/{point['outbreaks']} = "
              f"{point['detection_rate']:.1%},误报 {point['false_alarms_per_100_series_month']:.2f}"
              f"(同一算法按原 α:{point['as_is_detection_rate']:.1%} / {point['as_is_false_alarms']:.2f})")


def tune_heavy_tails() -> None:
    """The second round's last search (HEAVY_TAILS with the window settings varied) (issue #13 item 5: generator two's heavy tails), on training seeds 101–110 of
    generators one and two only, each candidate also checked on the simulator's training seeds 104–114 (even):
    the window test's α and spike check around the chosen defaults. Earlier steps of the same search, one
    component at a time on the same seeds (generator one: detection / false alarms, generator two: the same):
    first-round defaults 41.4% / 0.90, 55.8% / 4.99; dispersion ceiling 8 → 16: generator two 3.70 (one
    unchanged); + spike check α 0.01: 40.0% / 0.55, 48.4% / 2.95; + CUSUM day ceiling 4 and 1-day α 10⁻⁷: 39.6% /
    0.49, 47.0% / 2.62; + working calendar: 39.6% / 0.45, 47.3% / 2.51; + yearly recurrence: 38.2% / 0.42, 48.1% /
    1.82; + tail dispersion 2%, ceiling 40, window α 4×10⁻³: 39.6% / 0.59, 47.0% / 1.74; recurrence prior 100 and
    window α 5×10⁻³: 40.7% / 0.66, 48.4% / 1.89 (chosen: the simulator's training seeds kept 139/142 at 0.61,
    against 140/142 at 0.55). Measured and dropped:
    capping each day of a window at 3–5 × its expectation (worse than the spike check at every α)."""
    from yingshang.insights.detection.pipeline import DetectionParameters

    grid = {"window_alpha": (4e-3, 5e-3, 6e-3), "window_spike_alpha": (0.007, 0.01)}
    for values in itertools.product(*grid.values()):
        params = dataclasses.replace(DetectionParameters(), **HEAVY_TAILS | dict(zip(grid, values)))
        results = [evaluate(TUNING_SEEDS, params, generator) for generator in ("nb", "lognormal")]
        print(dict(zip(grid, values)), " | ".join(
            f"{g} 检出 {r['detection_rate']:.3f} 误报 {r['false_alarms_per_100_series_month']:.2f}"
            for g, r in zip(("nb", "lognormal"), results)))


def tune_sustained() -> None:
    """The third round's last search (issue #13 item 5: sustained, autocorrelated rises), on training seeds 101–130 of
    generators one to three, each candidate also on the simulator's training seeds 104–114 (even); generator four and
    every held-out seed stay unseen. Rule, as the first round's: the most detections on generator one with its false
    alarms at most 0.9 per 100 series-months, the simulator keeping its detection and ≤ 1 false alarm; then generators
    two and three's false alarms decide. Earlier steps on seeds 101–110 (detection / false alarms, generators one /
    two / three): defaults 41.4% / 0.90, 55.8% / 4.99, 34.7% / 9.07; window inflation with a prior of 13, 26, 52
    windows: 40.7% / 0.63–0.68, 50.9–53.4% / 4.07–4.29, 20.5–24.6% / 2.49–3.16; inflation in the CUSUM alone: 41.4% /
    0.85, 56.2% / 4.78, 33.1% / 6.36; in the window test alone: 41.1% / 0.71, 53.0% / 4.44, 26.5% / 4.18; cusum_min_ratio
    1.5 / 2: no change / 40.7% / 0.89, 55.5% / 4.74, 33.8% / 7.37; window_min_ratio 1.5: no change (the false alarms
    are already ≥ 1.7 × the expectation: generator three's median 2.2); cusum_max_run_days 7 / 10 / 14: generator
    three 6.16 / 6.52 / 7.26 at −0.3 to −0.9 points — with inflation it cut generator three 3.14 → 2.76 on seeds
    101–130 but missed three more of the simulator's slow rises (6 of 36 against 3), so it stays off. Thresholds with
    inflation on (window α × CUSUM threshold, max-run 0 or 7) on seeds 101–130 are below; the chosen line (SUSTAINED:
    prior 26, window α 2.2 × 10⁻³, CUSUM threshold 8, no max-run): 41.6% / 0.82, 53.1% / 4.46, 26.1% / 3.08 (defaults
    on the same seeds: 42.2% / 0.84, 54.8% / 5.21, 35.7% / 8.91), simulator 138/142 at 0.46 (defaults 138/142 at 0.53).
    α 2.5 × 10⁻³ spent 0.92 on generator one, over the budget. With cusum_min_ratio 2 added (the minimum relevant
    effect): 41.5% / 0.81, 52.9% / 4.35, 26.3% / 2.83, but the simulator lost three slow rises and a repeated complaint
    (135/142: a slow rise's CUSUM run stays under 2 × for weeks), so it stays off."""
    from yingshang.insights.detection.pipeline import DetectionParameters

    grid = {"cusum_max_run_days": (0, 7), "window_alpha": (1.6e-3, 2e-3, 2.2e-3, 2.5e-3), "cusum_threshold": (7.0, 8.0)}
    for values in itertools.product(*grid.values()):
        params = dataclasses.replace(DetectionParameters(), inflation_prior_windows=26.0, **dict(zip(grid, values)))
        results = [evaluate(TRAINING_SEEDS, params, generator) for generator in ("nb", "lognormal", "regime")]
        simulator = evaluate_simulator(SIMULATOR_TRAINING_SEEDS, params)
        print(dict(zip(grid, values)), " | ".join(
            f"{g} 检出 {r['detection_rate']:.3f} 误报 {r['false_alarms_per_100_series_month']:.2f}"
            for g, r in zip(("nb", "lognormal", "regime"), results)),
            f"| 模拟器 {simulator['detected']}/{simulator['events']} 误报 {simulator['false_alarms_per_100_series_month']:.2f}")


def tune_self_calibrated(limit: int = 10, simulator_limit: int = 3) -> None:
    """The fourth round's search (issue #13 item 5: thresholds calibrated on each series' own past), on the first
    ``limit`` training seeds (101–) of generators one to three and the first ``simulator_limit`` of the simulator's
    training seeds 104–114 (even); generator four and every held-out seed stay unseen. The replay is 182 days (all
    the history the outside series have before their evaluation year besides the replay's own calibration). Rule,
    fixed before the search: the lowest mean false-alarm rate of generators two and three among the settings that
    lose at most 2 points of detection on generator one and at most one event on the simulator (false alarms ≤ 1).
    First search, per series only (seeds 101–110, generators one / two / three, detection / false alarms; simulator
    seeds 104–108): defaults 41.4% / 0.90, 55.8% / 4.99, 34.7% / 9.07, 68/70 at 0.52; allowed 0, floor 10⁻³: 40.7% /
    0.84, 49.1% / 3.79, 30.0% / 6.30, 68/70 at 0.47; allowed 0, floor 0.05: 41.1% / 0.84, 52.3% / 4.04, 32.2% / 7.55,
    68/70 at 0.50; allowed 1, floor 10⁻³: 41.4% / 0.89, 55.1% / 4.66, 32.8% / 8.36; allowed 1, floor 0.05: 41.4% / 0.89,
    55.1% / 4.73, 33.8% / 8.59. The first rule ignored detection on generators two and three, which the adoption rule
    does not; so, before the second search (a factor pooled over a run's series, self_calibration_budget), the rule
    became the adoption rule's on training seeds: among the settings losing at most 5 points of detection on each of
    generators one to three, keeping generator one's false alarms ≤ 1 and the simulator within one event at ≤ 1, the
    largest mean relative fall of generators two and three's false alarms. Second search, pooled factor only
    (budget 1 / 2 / 3 per 100 series-months): generator two 31.1% / 1.55, 35.0% / 1.82, 39.9% / 2.41, generator three
    21.1% / 2.45, 21.1% / 2.45, 22.1% / 2.55 (generator one 39.3% / 0.49, 41.1% / 0.88, 41.4% / 0.90; simulator 66/70,
    68/70, 68/70) — 12–25 points lost on two and three; per series allowed 0, floor 0.05, plus budget 3: 42.8% / 2.92,
    30.0% / 5.42 — also over 5 points. Third search (below), per series allowed 0: floor 0.01: 40.7% / 0.84, 51.2% /
    3.92, 31.2% / 6.82, 68/70 at 0.48; floor 0.02: 41.1% / 0.84, 51.6% / 3.95, 31.9% / 7.12, 68/70 at 0.50. Chosen by the
    rule (SELF_CALIBRATED): allowed 0, floor 0.01 — losses 0.7 / 4.6 / 3.5 points, false alarms −21% / −25% on
    generators two / three (floor 0.02: −21% / −21%; floor 0.05: −19% / −17%; allowed 1: ≤ 8%)."""
    from yingshang.insights.detection.pipeline import DetectionParameters

    seeds = list(TRAINING_SEEDS)[:limit]
    simulator_seeds = list(SIMULATOR_TRAINING_SEEDS)[:simulator_limit]
    per_series_off = 1e9  # self_calibration_alarms so large that only the pooled factor acts
    candidates = [{"self_calibration_days": 182, "self_calibration_alarms": per_series_off, "self_calibration_budget": budget}
                  for budget in (1.0, 2.0, 3.0)]
    candidates += [{"self_calibration_days": 182, "self_calibration_alarms": 0.0, "self_calibration_floor": 0.05,
                    "self_calibration_budget": 3.0}]
    # Third search: between the per-series floors 10⁻³ (generator two −6.7 points) and 0.05.
    candidates = [{"self_calibration_days": 182, "self_calibration_alarms": 0.0, "self_calibration_floor": floor}
                  for floor in (0.01, 0.02)]
    for values in candidates:
        params = dataclasses.replace(DetectionParameters(), **values)
        results = [evaluate(seeds, params, generator) for generator in ("nb", "lognormal", "regime")]
        simulator = evaluate_simulator(simulator_seeds, params)
        print(values or "默认值", " | ".join(
            f"{g} 检出 {r['detection_rate']:.3f} 误报 {r['false_alarms_per_100_series_month']:.2f}"
            for g, r in zip(("nb", "lognormal", "regime"), results)),
            f"| 模拟器 {simulator['detected']}/{simulator['events']} 误报 {simulator['false_alarms_per_100_series_month']:.2f}", flush=True)


def tune(budget: float = 0.9) -> None:
    """The last search behind DetectionParameters' window test, on the training seeds only: the most detections
    whose false alarms stay under ``budget`` per 100 series-months (below the target of 1, as a margin for seeds
    not seen). The baseline settings (regression, weekday_prior_counts 150, ridge 200 appeals, level prior 150
    days, calibration 364 days) and the alphas of the 1-day test, EARS and the GLR (5×10⁻⁶, 5×10⁻⁶, 3×10⁻⁶ with
    windows 14 and 28) came from earlier rounds of the same search. The search's top (u 0.05, window α 1.3×10⁻³:
    42.5% at 0.89) and the chosen setting (u 0.1, α 1.6×10⁻³: 42.2% at 0.84) are three outbreaks of 862 apart; the
    choice was made on the project's simulator (`insights evaluate`, its training seeds 104–114 even), where u 0.05
    gives 0.73 false alarms per 100 series-months (max 0.84) and u 0.1 gives 0.53 (max 0.63)."""
    from yingshang.insights.detection.pipeline import DetectionParameters

    grid = {"window_alpha": (6e-4, 1e-3, 1.3e-3, 1.6e-3, 2e-3), "window_baseline_uncertainty": (0.05, 0.1),
            "cusum_threshold": (8.0, 10.0)}
    best = None
    for values in itertools.product(*grid.values()):
        params = dataclasses.replace(DetectionParameters(), **dict(zip(grid, values)))
        result = evaluate(TRAINING_SEEDS, params)
        ok = result["false_alarms_per_100_series_month"] <= budget
        print(dict(zip(grid, values)), f"检出 {result['detection_rate']:.3f} 误报 {result['false_alarms_per_100_series_month']:.2f}",
              "✓" if ok else "")
        if ok and (best is None or result["detection_rate"] > best[1]["detection_rate"]):
            best = (dict(zip(grid, values)), result)
    print("训练种子上最好的设置:", best[0] if best else "无(误报都超出)")


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", choices=("heldout", "training"), default="heldout")
    parser.add_argument("--generator", choices=("nb", "lognormal", "regime", "noufaily", "all"), default="all",
                        help="nb, lognormal: the generators tuned on (training seeds); regime: the third; noufaily: the "
                             "fourth (Noufaily et al. 2013 design), never tuned on")
    parser.add_argument("--tune", action="store_true", help="repeat the first round's search on the training seeds")
    parser.add_argument("--heavy-tails", action="store_true", help="also the second round's heavy-tail settings (not adopted)")
    parser.add_argument("--sustained", action="store_true",
                        help="also the third round's settings (SUSTAINED), and the simulator before/after")
    parser.add_argument("--tune-sustained", action="store_true",
                        help="repeat the third round's last search (training seeds of generators one to three and the simulator)")
    parser.add_argument("--self-calibrated", action="store_true",
                        help="also the fourth round's self-calibrated thresholds (SELF_CALIBRATED), the defaults' hindsight "
                             "operating point at 1 false alarm, and the simulator before/after")
    parser.add_argument("--tune-self-calibrated", action="store_true",
                        help="the fourth round's search (training seeds only; --limit seeds per generator)")
    parser.add_argument("--limit", type=int, default=10, help="seeds per generator in --tune-self-calibrated")
    parser.add_argument("--tune-tails", action="store_true",
                        help="repeat the second round's last search (training seeds 101–110 of generators one and two)")
    args = parser.parse_args(argv)
    django.setup()
    if args.tune:
        tune()
        return
    if args.tune_tails:
        tune_heavy_tails()
        return
    if args.tune_sustained:
        tune_sustained()
        return
    if args.tune_self_calibrated:
        tune_self_calibrated(args.limit)
        return
    from yingshang.insights.detection.pipeline import DetectionParameters

    seeds = HELDOUT_SEEDS if args.seeds == "heldout" else TRAINING_SEEDS
    which = f"{'留出' if args.seeds == 'heldout' else '训练'}种子 {seeds.start}–{seeds.stop - 1}"
    generators = ("nb", "lognormal", "regime", "noufaily") if args.generator == "all" else (args.generator,)
    for generator in generators:
        title = {"nb": "负二项生成器", "lognormal": "第二生成器(泊松–对数正态、节假日、变点、爬升形暴发)",
                 "regime": "第三生成器(自激聚集、官方工作日历、隐藏繁忙期、停录;未用于调参)",
                 "noufaily": "第四生成器(Noufaily 等 2013 的模拟设计改为逐日、AR(1) 潜在水平;未用于调参)"}[generator]
        if not args.self_calibrated:
            report(evaluate(seeds, dataclasses.replace(DetectionParameters(), **BEFORE), generator),
                   f"{title},{which},第一轮之前的设置(四周近期基线,无多窗口检验):")
        report(evaluate(seeds, generator=generator, operating_budget=1.0 if args.self_calibrated else None),
               f"{title},{which},现在的设置(默认值):")
        if args.self_calibrated:
            report(evaluate(seeds, dataclasses.replace(DetectionParameters(), **SELF_CALIBRATED), generator),
                   f"{title},{which},第四轮设置(按自身历史校准阈值,见 SELF_CALIBRATED):")
        if args.heavy_tails:
            report(evaluate(seeds, dataclasses.replace(DetectionParameters(), **HEAVY_TAILS), generator),
                   f"{title},{which},第二轮的重尾设置(未采用,见 HEAVY_TAILS):")
        if args.sustained:
            report(evaluate(seeds, dataclasses.replace(DetectionParameters(), **SUSTAINED), generator),
                   f"{title},{which},第三轮设置(窗口尺度离散度,见 SUSTAINED):")
    # The simulator beside the defaults once, however many of the measured options are asked for.
    options = [(SELF_CALIBRATED, "第四轮设置")] if args.self_calibrated else []
    options += [(SUSTAINED, "第三轮设置")] if args.sustained else []
    if options:
        simulator_seeds = SIMULATOR_HELDOUT_SEEDS if args.seeds == "heldout" else SIMULATOR_TRAINING_SEEDS
        simulator_which = f"模拟器{'留出' if args.seeds == 'heldout' else '训练'}种子 {list(simulator_seeds)}"
        report_simulator(evaluate_simulator(simulator_seeds), f"{simulator_which},默认值:")
        for settings, name in options:
            report_simulator(evaluate_simulator(simulator_seeds, dataclasses.replace(DetectionParameters(), **settings)),
                             f"{simulator_which},{name}:")

if __name__ == "__main__":
    main()
