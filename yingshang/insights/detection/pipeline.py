"""One detection run: choose a method per series, run the detectors over a range of days, merge
consecutive alarm days into episodes, merge a series' episodes across methods into warnings, and
hang each warning under the warning of its nearest label ancestor in the same column and window."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field, replace

import numpy as np
from scipy import stats

from . import methods
from .cube import SeriesCube

# method → kind (the EarlyWarning.Kind values; kept as strings so that this package needs no Django).
METHOD_KINDS = {
    "ears_c1": "high_frequency", "ears_c2": "high_frequency", "ears_c3": "high_frequency",
    "qpoisson": "high_frequency", "seasonal": "seasonal", "glr": "emerging", "scan": "cluster",
    "cusum": "high_frequency", "window": "high_frequency",
}
METHODS = list(METHOD_KINDS)
METHOD_LABELS = {
    "ears_c1": "EARS C1", "ears_c2": "EARS C2", "ears_c3": "EARS C3", "qpoisson": "季节回归基线(单日)",
    "seasonal": "往年同期季节基线", "glr": "似然比苗头检验", "scan": "时空重排扫描", "cusum": "负二项累积和(CUSUM)",
    "window": "负二项多窗口检验",
    "place_burst": "同一地点重复诉求",  # repeats.py, run on the places area's addresses by the service
}


@dataclass
class DetectionParameters:
    """Thresholds, tuned on simulator seeds 101–115 and, for the CUSUM, the regression baseline, the window test,
    the calibration span and the alphas, on the outside generator's training seeds 101–130
    (bench/bench_warnings_outside.py --tune, with the simulator's training seeds 104–114 checked for each
    candidate); the heavy-tail settings of the second round (dispersion tail and ceiling, the window test's
    spike check and α, the CUSUM's day ceiling, the 1-day α, the yearly recurrence) on training seeds 101–110
    of outside generators one and two — measured once on held-out seeds and generator three and NOT adopted
    (they left generator three unchanged and cost the simulator two outbreaks): they stay off here, as
    HEAVY_TAILS in bench/bench_warnings_outside.py. The third round's window-scale dispersion (inflation_prior_windows,
    with window α 2.2 × 10⁻³), chosen on training seeds 101–130 of generators one to three and measured once on the
    held-out seeds of all four generators and the simulator, is not adopted either (it cost generator three a third
    of its detections): off here, SUSTAINED in the bench. The fourth round's self-calibrated thresholds
    (self_calibration_*: α tightened per series until a replay of its own past is quiet), chosen on training seeds and
    measured once on the held-out seeds, is not adopted (false alarms fell only 13–24% on generators two to four, and
    generator three's median delay went to 3 days): off here, SELF_CALIBRATED in the bench. The reported figures use
    other seeds (docs/insights-warnings.md, docs/benchmarks.md)."""

    sparse_rate: float = 1.0  # mean daily count over the last 91 days below which EARS is used
    ears_thresholds: dict = field(default_factory=lambda: {"C1": 3.0, "C2": 3.0, "C3": 2.0})
    ears_alpha: float = 5e-6
    ears_min_count: int = 3
    baseline_alpha: float = 5e-6
    baseline_min_count: int = 4
    baseline_min_ratio: float = 1.5
    emerging_alpha: float = 3e-6
    emerging_min_count: int = 8
    emerging_min_ratio: float = 1.4
    emerging_windows: tuple = (14, 28)  # the short windows are the window test's (window_lengths)
    baseline_uncertainty: float = 0.1  # relative error of a several-day expectation (see methods.emerging_glr)
    scan_alpha: float = 1e-3
    scan_replications: int = 99
    scan_screen_llr: float = 8.0
    scan_min_cases: int = 5
    cusum_shift: float = 2.0  # the CUSUM looks for the mean doubled: between no change and the threefold outbreaks it should catch
    cusum_threshold: float = 8.0
    cusum_alpha: float = 1e-3
    cusum_min_count: int = 5
    cusum_day_ceiling: float = 0.0  # the most evidence one day adds (0 = no cap): see methods.nb_cusum
    merge_gap_days: int = 7  # alarm days less than a week apart are one ongoing event
    calibration_days: int = 364  # a year of days for the dispersion: on 182 its noise alone cost false alarms
    dispersion_ceiling: float = 8.0  # the largest variance/mean ratio a series is granted
    dispersion_tail_share: float = 0.0  # methods.dispersion: fit the busiest share of days too (0 = variance only)
    # The baseline of non-seasonal series: "regression" (methods.regression_baseline: level, trend and yearly
    # harmonic over up to two years, with a level correction) or "recent" (the four-week weekday-adjusted mean).
    baseline_model: str = "regression"
    weekday_prior_counts: float = 150.0  # see methods.weekday_factors
    regression_history: int = 728
    regression_ridge_days: float = 20.0
    regression_ridge_counts: float = 200.0
    level_days: int = 28
    level_prior_days: float = 150.0
    # The multi-window negative-binomial test (methods.window_test) on every series; window_alpha 0 = off.
    window_lengths: tuple = (3, 4, 5, 6, 7)
    window_alpha: float = 1.6e-3
    window_min_count: int = 3
    window_min_ratio: float = 1.0  # observed ≥ this × expected: a few percent over a busy series' line is no outbreak
    window_fit_uncertainty: float = 4.0
    window_baseline_uncertainty: float = 0.1
    recurrence_half_width: int = 0  # methods.recurrence_factors (0 = off)
    recurrence_prior_counts: float = 100.0
    window_spike_alpha: float = 0.0  # methods.window_test's spike check (0 = off)
    # Public holidays as a day type of their own and 调休 weekends as working days (the calendar detect() is given).
    work_calendar: bool = False  # see methods.window_test: the window without its busiest day must still be high
    # Third round (issue #13 item 5: sustained, autocorrelated rises; measured, not adopted). Window-scale dispersion
    # (methods.window_inflation): the calibration year's k-day residual sums against k independent days, shrunk towards
    # 1 by inflation_prior_windows windows' worth (0 = off: days independent); the window test's k-day windows use
    # φ·c_k, the CUSUM divides each day's evidence by c at cusum_inflation_days.
    inflation_prior_windows: float = 0.0
    inflation_ceiling: float = 4.0
    cusum_inflation_days: int = 7
    # The least observed/expected of a CUSUM run that may alarm (1 = any rise): the city wants ~3× outbreaks, not a
    # busy fortnight at 1.2× (the other tests have their own: baseline_min_ratio, emerging_min_ratio, window_min_ratio).
    cusum_min_ratio: float = 1.0
    cusum_max_run_days: int = 0  # methods.nb_cusum: a run restarts after this many days (0 = never)
    # Fourth round (issue #13 item 5: thresholds calibrated on each series' own past; measured, see the docs).
    # With self_calibration_days > 0 the detectors are first replayed over that many days before the first tested day
    # (with this option off) and each series' α are multiplied by methods.self_calibrated_scale: at most
    # self_calibration_alarms alarms in the replay, never looser than the α here, at most 1/self_calibration_floor
    # stricter. 0 = off.
    self_calibration_days: int = 0
    self_calibration_alarms: float = 1.0
    self_calibration_floor: float = 1e-3
    # With self_calibration_budget > 0, also one factor for all the run's series together (methods.pooled_scale): at
    # most this many replayed alarms per 100 series-months; each series takes the stricter of the two factors.
    self_calibration_budget: float = 0.0
    seed: int = 0

    def as_dict(self) -> dict:
        data = asdict(self)
        data["emerging_windows"] = list(self.emerging_windows)
        data["window_lengths"] = list(self.window_lengths)
        return data


@dataclass
class Episode:
    """Consecutive alarm days of one method on one series."""

    series: int
    method: str
    first_day: int  # first alarm day
    last_day: int
    window_start: int  # first day of the window behind the first alarm
    observed: float
    expected: float
    statistic: float
    p_value: float


@dataclass
class DetectedWarning:
    node: int
    column: int
    label_path: str
    district: object  # district key, None = city-wide
    method: str
    kind: str
    methods: list[str]
    window_start: int
    window_end: int
    first_alarm_day: int
    observed: float
    expected: float
    statistic: float
    p_value: float
    parent: int | None = None  # index of the parent warning in DetectionResult.warnings
    episodes: list[Episode] = field(default_factory=list)


@dataclass
class DetectionResult:
    cube: SeriesCube
    first_day: int
    end_day: int  # exclusive
    warnings: list[DetectedWarning]
    episodes: list[Episode]
    series_method: np.ndarray  # per series: "ears", "qpoisson" or "seasonal"
    expected: np.ndarray  # series × (span) expected counts of the chosen baseline
    dispersion: np.ndarray
    span_start: int
    timings: dict
    # Per series and tested day, the smallest p/α over the detectors whose other conditions held (≤ 1: an alarm at
    # the configured α; the scan excluded), and the factor each series' α were multiplied by (self-calibration).
    alarm_score: np.ndarray | None = None
    alpha_scale: np.ndarray | None = None

    def chart(self, series: int, *, days: int = 56, alpha: float = 0.025) -> dict:
        """Counts, expectation and upper band of one series over the last ``days`` days of the run."""
        start = max(self.span_start, self.end_day - days)
        y = self.cube.matrix()[series, start:self.end_day]
        mu = np.nan_to_num(self.expected[series, start - self.span_start:self.end_day - self.span_start])
        phi = float(self.dispersion[series])
        if phi <= 1.02:
            upper = stats.poisson.ppf(1 - alpha, mu.clip(min=1e-6))
        else:
            upper = stats.nbinom.ppf(1 - alpha, mu.clip(min=1e-6) / (phi - 1), 1 / phi)
        return {"first_day": start, "observed": y.astype(int).tolist(), "expected": np.round(mu, 2).tolist(),
                "upper": np.nan_to_num(upper).astype(int).tolist()}


def _collect(table: list, series_idx: np.ndarray, days: np.ndarray, mask: np.ndarray, method: str, result: dict) -> None:
    rows, cols = np.nonzero(mask)
    if not len(rows):
        return
    window = result["window"]
    window = window[rows, cols] if isinstance(window, np.ndarray) else np.full(len(rows), window)
    table.append({
        "series": series_idx[rows], "day": days[cols], "window": window.astype(np.int64),
        "observed": result["observed"][rows, cols], "expected": result["expected"][rows, cols],
        "statistic": result["statistic"][rows, cols], "p_value": result["p_value"][rows, cols],
        "method": np.full(len(rows), METHODS.index(method)),
    })


def detect(cube: SeriesCube, first_day: int, end_day: int, params: DetectionParameters | None = None,
           calendar=None) -> DetectionResult:
    """Run every detector for days first_day … end_day-1 (indices into the cube). ``calendar`` (the platform's
    working calendar, core.workcalendar.WorkCalendar), used where ``params.work_calendar`` is set, gives public
    holidays a level of their own in the baselines and makes a weekend worked in lieu an ordinary working day;
    None = plain weeks."""
    params = params or DetectionParameters()
    timings: dict[str, float] = {}
    alpha_scale = np.ones(cube.matrix().shape[0])
    if params.self_calibration_days > 0 and first_day > 1:
        # Replay the same detectors, with this option off, over the series' own past (which ends before first_day).
        history = detect(cube, max(1, first_day - params.self_calibration_days), first_day,
                         replace(params, self_calibration_days=0), calendar)
        alpha_scale = methods.self_calibrated_scale(history.alarm_score, allowed=params.self_calibration_alarms,
                                                    gap=params.merge_gap_days, floor=params.self_calibration_floor)
        if params.self_calibration_budget > 0:
            alpha_scale = np.minimum(alpha_scale, methods.pooled_scale(
                history.alarm_score, budget=params.self_calibration_budget, gap=params.merge_gap_days,
                floor=params.self_calibration_floor))
    clock = time.perf_counter()

    def lap(name):
        nonlocal clock
        now = time.perf_counter()
        timings[name] = round(now - clock, 3)
        clock = now

    Y = cube.matrix()[:, :end_day]
    n_series = Y.shape[0]
    days = np.arange(first_day, end_day)
    weekdays = methods.weekday_of(cube.first_day_ordinal, end_day, calendar if params.work_calendar else None)
    factors = methods.weekday_factors(Y, weekdays, first_day, prior_counts=params.weekday_prior_counts)
    F = factors[:, weekdays]
    if params.recurrence_half_width > 0:
        # Non-seasonal series only: a seasonal series' baseline already is the same weeks of earlier years.
        F = F * np.where(methods.is_seasonal(Y / F, first_day)[:, None], 1.0, methods.recurrence_factors(
            Y / F, half_width=params.recurrence_half_width, prior_counts=params.recurrence_prior_counts))
    Z = Y / F
    Y_prefix, Z_prefix, F_prefix = methods.prefix_sums(Y), methods.prefix_sums(Z), methods.prefix_sums(F)
    span_start = max(0, first_day - params.calibration_days)
    span = np.arange(span_start, end_day)
    lap("baseline_inputs")

    seasonal_mask = methods.is_seasonal(Z, first_day)
    regression = None
    if params.baseline_model == "regression" or params.window_alpha > 0:
        regression = methods.regression_baseline(
            Z, F, span, history=params.regression_history, ridge_days=params.regression_ridge_days,
            ridge_counts=params.regression_ridge_counts,
            level_days=params.level_days, level_prior_days=params.level_prior_days)
    if params.baseline_model == "regression":
        recent = regression["expected"]
    else:
        recent = methods.recent_baseline(Z_prefix, F, span)
    expected = recent
    seasonal_full = None
    if seasonal_mask.any():
        seasonal = methods.seasonal_baseline(Z_prefix[seasonal_mask], F[seasonal_mask], span)
        rows = np.flatnonzero(seasonal_mask)
        # The tested days need the same weeks of an earlier year; the early calibration days of a year-long
        # span may lack them and take the regression's (or the recent) expectation instead.
        usable = np.isfinite(seasonal[:, first_day - span_start:]).all(axis=1)
        seasonal_mask[rows[~usable]] = False
        expected = recent.copy()
        expected[rows[usable]] = np.where(np.isfinite(seasonal[usable]), seasonal[usable], recent[rows[usable]])
        seasonal_full = np.zeros((n_series, end_day))
        seasonal_full[:, span_start:] = np.nan_to_num(expected)
    calibration = slice(0, first_day - span_start)
    phi = methods.dispersion(Y[:, span_start:first_day], expected[:, calibration], ceiling=params.dispersion_ceiling,
                             tail_share=params.dispersion_tail_share)
    inflation = None
    if params.inflation_prior_windows > 0:
        inflation = methods.window_inflation(
            Y[:, span_start:first_day], expected[:, calibration],
            max_window=max(max(params.window_lengths), params.cusum_inflation_days),
            prior_windows=params.inflation_prior_windows, ceiling=params.inflation_ceiling)
    rate_91, n_91 = methods.window_sums(Y_prefix, np.array([first_day]), 91, 1)
    long_rate = (rate_91[:, 0] / max(n_91[0], 1))
    # A series with no appeal in 91 days has a rate known only to be small: half an appeal per 91 days
    # keeps the tail probabilities of its first appeals finite.
    rate_floor = 0.5 / max(n_91[0], 1)
    sparse_mask = (long_rate < params.sparse_rate) & ~seasonal_mask
    series_method = np.where(seasonal_mask, "seasonal", np.where(sparse_mask, "ears", "qpoisson"))
    lap("baselines")

    table: list[dict] = []
    score = np.full((n_series, len(days)), np.inf)

    def note(rows, candidate, p, alpha):
        """Record p/α of the candidate days; returns the alarm mask at each series' α (α × its scale)."""
        score[rows] = np.minimum(score[rows], np.where(candidate, p / alpha, np.inf))
        return candidate & (p <= alpha * alpha_scale[rows, None])

    # EARS on sparse series; its p-value uses the larger of the 7-day and the 91-day mean, so that a
    # quiet week does not make an ordinary count look improbable.
    sparse_rows = np.flatnonzero(sparse_mask)
    if len(sparse_rows):
        Y_sparse = Y[sparse_rows]
        for variant in ("C1", "C2", "C3"):
            result = methods.ears(Y_sparse, days, variant)
            window = result["window"]
            mu = np.maximum(result["expected"], np.maximum(long_rate[sparse_rows, None], rate_floor) * window)
            candidate = (result["statistic"] >= params.ears_thresholds[variant]) & (result["observed"] >= params.ears_min_count)
            p = np.ones(candidate.shape)
            # The tail uses the series' own dispersion: sparse counts of real data are often overdispersed
            # (variance several times the mean), and a Poisson tail would alarm on ordinary clumps.
            p[candidate] = methods.upper_tail(result["observed"][candidate], mu[candidate],
                                              np.broadcast_to(phi[sparse_rows, None], mu.shape)[candidate])
            result["p_value"], result["expected"] = p, mu
            _collect(table, sparse_rows, days, note(sparse_rows, candidate, p, params.ears_alpha), f"ears_{variant.lower()}", result)
    lap("ears")

    dense_rows = np.flatnonzero(~sparse_mask)
    if len(dense_rows):
        observed = Y[dense_rows][:, days]
        mu = expected[dense_rows][:, days - span_start]
        candidate = (observed >= params.baseline_min_count) & (observed >= params.baseline_min_ratio * mu)
        p = np.ones(candidate.shape)
        p[candidate] = methods.upper_tail(observed[candidate], mu[candidate], np.broadcast_to(phi[dense_rows, None], mu.shape)[candidate])
        statistic = (observed - mu) / np.sqrt(np.maximum(mu, 0.25) * phi[dense_rows, None])
        alarm = note(dense_rows, candidate, p, params.baseline_alpha)
        result = {"observed": observed, "expected": mu, "statistic": statistic, "p_value": p, "window": 1}
        for method, mask in (("seasonal", seasonal_mask[dense_rows]), ("qpoisson", ~seasonal_mask[dense_rows])):
            _collect(table, dense_rows, days, alarm & mask[:, None], method, result)
    lap("baseline_tests")

    seasonal_prefix = methods.prefix_sums(seasonal_full) if seasonal_full is not None else None
    glr = methods.emerging_glr(Y_prefix, Z_prefix, F_prefix, days, windows=params.emerging_windows, phi=phi,
                               seasonal_mask=seasonal_mask if seasonal_full is not None else None, seasonal_prefix=seasonal_prefix,
                               baseline_uncertainty=params.baseline_uncertainty)
    all_rows = np.arange(n_series)
    alarm = note(all_rows, (glr["observed"] >= params.emerging_min_count)
                 & (glr["observed"] >= params.emerging_min_ratio * glr["expected"]), glr["p_value"], params.emerging_alpha)
    _collect(table, np.arange(n_series), days, alarm, "glr", glr)
    lap("emerging")

    if regression is not None and params.window_alpha > 0:
        window = methods.window_test(Y_prefix, F, regression, days, span_start, phi, windows=params.window_lengths,
                                     baseline_uncertainty=params.window_baseline_uncertainty,
                                     fit_uncertainty=params.window_fit_uncertainty, spike_alpha=params.window_spike_alpha,
                                     inflation=inflation)
        # Seasonal series have their own baseline (same weeks of earlier years); one harmonic does not follow
        # a sharp yearly wave, so the window test leaves them to it.
        alarm = note(all_rows, (window["observed"] >= params.window_min_count)
                     & (window["observed"] >= params.window_min_ratio * window["expected"])
                     & ~seasonal_mask[:, None], window["p_value"], params.window_alpha)
        _collect(table, np.arange(n_series), days, alarm, "window", window)
    lap("window")

    # CUSUM from the start of the calibration span, so that its state on the first tested day is settled.
    cusum_inflation = None if inflation is None else inflation[:, params.cusum_inflation_days - 1]
    cusum = methods.nb_cusum(Y, expected, phi, span_start, shift=params.cusum_shift, day_ceiling=params.cusum_day_ceiling,
                             inflation=cusum_inflation, max_run_days=params.cusum_max_run_days)
    tested = days - span_start
    cusum = {key: value[:, tested] for key, value in cusum.items()}
    candidate = ((cusum["statistic"] >= params.cusum_threshold) & (cusum["observed"] >= params.cusum_min_count)
                 & (cusum["observed"] >= params.cusum_min_ratio * cusum["expected"]))
    cusum_phi = phi if cusum_inflation is None else phi * cusum_inflation
    p = np.ones(candidate.shape)
    p[candidate] = methods.upper_tail(cusum["observed"][candidate], cusum["expected"][candidate],
                                      np.broadcast_to(cusum_phi[:, None], candidate.shape)[candidate])
    cusum["p_value"] = p
    _collect(table, np.arange(n_series), days, note(all_rows, candidate, p, params.cusum_alpha), "cusum", cusum)
    lap("cusum")

    # The scan compares districts with each other: with fewer than two there is nothing to compare
    # (outside series given without districts, `detect-series`).
    scan = []
    if cube.n_columns > 2:
        scan = methods.space_time_scan(cube.counts[:, :-1, :end_day], days, replications=params.scan_replications,
                                       screen_llr=params.scan_screen_llr, min_cases=params.scan_min_cases,
                                       rng=np.random.default_rng(params.seed))
    scan = [row for row in scan if row[7] <= params.scan_alpha]
    if scan:
        rows = np.array(scan)
        table.append({
            "series": rows[:, 0].astype(np.int64) * cube.n_columns + rows[:, 1].astype(np.int64), "day": rows[:, 2].astype(np.int64),
            "window": rows[:, 3].astype(np.int64), "observed": rows[:, 4], "expected": rows[:, 5], "statistic": rows[:, 6],
            "p_value": rows[:, 7], "method": np.full(len(rows), METHODS.index("scan")),
        })
    lap("scan")

    episodes = _episodes(table, params.merge_gap_days)
    warnings = _warnings(cube, episodes, params.merge_gap_days)
    _roll_up(cube, warnings)
    lap("episodes_and_roll_up")
    return DetectionResult(cube=cube, first_day=first_day, end_day=end_day, warnings=warnings, episodes=episodes,
                           series_method=series_method, expected=expected, dispersion=phi, span_start=span_start, timings=timings,
                           alarm_score=score, alpha_scale=alpha_scale)


def _episodes(table: list[dict], gap: int) -> list[Episode]:
    """Consecutive alarm days (up to ``gap`` days apart) of one method on one series form one episode,
    described by its most significant day."""
    if not table:
        return []
    data = {key: np.concatenate([part[key] for part in table]) for key in table[0]}
    order = np.lexsort((data["day"], data["method"], data["series"]))
    data = {key: value[order] for key, value in data.items()}
    new = np.ones(len(order), dtype=bool)
    new[1:] = (np.diff(data["series"]) != 0) | (np.diff(data["method"]) != 0) | (np.diff(data["day"]) > gap)
    starts = np.flatnonzero(new)
    ends = np.append(starts[1:], len(order))
    episodes = []
    for start, end in zip(starts, ends):
        best = start + int(np.argmin(data["p_value"][start:end]))
        episodes.append(Episode(
            series=int(data["series"][start]), method=METHODS[int(data["method"][start])], first_day=int(data["day"][start]),
            last_day=int(data["day"][end - 1]), window_start=int(data["day"][start] - data["window"][start] + 1),
            observed=float(data["observed"][best]), expected=float(data["expected"][best]),
            statistic=float(data["statistic"][best]), p_value=float(data["p_value"][best]),
        ))
    return episodes


def _warnings(cube: SeriesCube, episodes: list[Episode], gap: int) -> list[DetectedWarning]:
    """A series' overlapping episodes of different methods are one warning, described by the most
    significant of them (the others are listed in ``methods``)."""
    by_series: dict[int, list[Episode]] = {}
    for episode in episodes:
        by_series.setdefault(episode.series, []).append(episode)
    warnings = []
    for series, items in sorted(by_series.items()):
        items.sort(key=lambda e: (e.first_day, e.last_day))
        groups: list[list[Episode]] = []
        for episode in items:
            if groups and episode.first_day <= max(e.last_day for e in groups[-1]) + gap:
                groups[-1].append(episode)
            else:
                groups.append([episode])
        node, column = cube.node_column(series)
        for group in groups:
            best = min(group, key=lambda e: (e.p_value, -e.statistic))
            warnings.append(DetectedWarning(
                node=node, column=column, label_path=cube.tree.nodes[node], district=cube.district_of(column),
                method=best.method, kind=METHOD_KINDS[best.method], methods=sorted({e.method for e in group}, key=METHODS.index),
                window_start=min(e.window_start for e in group), window_end=max(e.last_day for e in group),
                first_alarm_day=min(e.first_day for e in group), observed=best.observed, expected=best.expected,
                statistic=best.statistic, p_value=best.p_value, episodes=group,
            ))
    return warnings


def _roll_up(cube: SeriesCube, warnings: list[DetectedWarning]) -> None:
    """Each warning hangs under the warning of its nearest label ancestor in the same column whose
    alarm days overlap its own, so that one event on 供暖/室温不达标 in one district is one warning
    with details, not three (and a city-wide one it alone explains, see below)."""
    by_series: dict[tuple[int, int], list[int]] = {}
    for index, warning in enumerate(warnings):
        by_series.setdefault((warning.node, warning.column), []).append(index)
    for index, warning in enumerate(warnings):
        for ancestor in cube.tree.ancestors(warning.node):
            matches = [j for j in by_series.get((ancestor, warning.column), [])
                       if warnings[j].first_alarm_day <= warning.window_end and warning.first_alarm_day <= warnings[j].window_end]
            if matches:
                warning.parent = min(matches, key=lambda j: abs(warnings[j].first_alarm_day - warning.first_alarm_day))
                break
    # A city-wide warning that one district explains (that district's excess is at least half the
    # city's) hangs under that district's warning on the same label: one event, not two entries.
    city = cube.city_column
    for warning in warnings:
        if warning.column != city or warning.parent is not None:
            continue
        excess = warning.observed - warning.expected
        local = [j for column in range(city) for j in by_series.get((warning.node, column), [])
                 if warnings[j].first_alarm_day <= warning.window_end and warning.first_alarm_day <= warnings[j].window_end
                 and warnings[j].observed - warnings[j].expected >= 0.5 * excess]
        if local:
            warning.parent = max(local, key=lambda j: warnings[j].observed - warnings[j].expected)
