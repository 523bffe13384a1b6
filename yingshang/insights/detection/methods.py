"""The detectors, each vectorised over all series (rows) and a contiguous range of days (columns).

Notation: Y is series × day counts; ``days`` is a contiguous integer range of day indices to test.
Window sums come from prefix sums, so every baseline is O(series × days) whatever its length.
"""

from __future__ import annotations

import math

import numpy as np
from scipy import special, stats

EULER_GAMMA = 0.5772156649015329


def prefix_sums(matrix: np.ndarray) -> np.ndarray:
    """P[:, k] = sum of matrix[:, :k] (one leading zero column)."""
    out = np.zeros((matrix.shape[0], matrix.shape[1] + 1), dtype=np.float64)
    np.cumsum(matrix, axis=1, out=out[:, 1:])
    return out


def window_sums(prefix: np.ndarray, days: np.ndarray, first_lag: int, last_lag: int) -> tuple[np.ndarray, np.ndarray]:
    """Sums over days t-first_lag … t-last_lag (inclusive, first_lag ≥ last_lag) for each t in ``days``,
    clipped at day 0; returns the sums (series × days) and the number of days each covers."""
    start = np.clip(days - first_lag, 0, None)
    end = np.clip(days - last_lag + 1, 0, None)
    return prefix[:, end] - prefix[:, start], (end - start).astype(np.float64)


HOLIDAY_TYPE = 7  # the day type of a public holiday (weekday_of with a calendar); 0–6 are Monday–Sunday
DAY_TYPES = 8


def weekday_of(first_day_ordinal: int, n_days: int, calendar=None) -> np.ndarray:
    """Day type of each day index: its weekday (Monday 0; ordinal 1, 0001-01-01, was a Monday) or, with a
    working ``calendar`` (anything with ``holidays`` and ``workdays`` date sets, as core.workcalendar's
    WorkCalendar), HOLIDAY_TYPE for a public holiday and Wednesday for a weekend day worked in lieu (调休上班):
    a holiday has its own level instead of counting as a Monday, and a day worked is an ordinary working day."""
    types = (first_day_ordinal - 1 + np.arange(n_days)) % 7
    if calendar is not None:
        for day in calendar.holidays:
            index = day.toordinal() - first_day_ordinal
            if 0 <= index < n_days:
                types[index] = HOLIDAY_TYPE
        for day in calendar.workdays:
            index = day.toordinal() - first_day_ordinal
            if 0 <= index < n_days:
                types[index] = 2
    return types


def weekday_factors(Y: np.ndarray, weekdays: np.ndarray, end: int, *, span: int = 364, prior_days: float = 20.0,
                    prior_counts: float = 0.0) -> np.ndarray:
    """Per series, the relative level of each weekday (mean 1) over the ``span`` days before ``end``.

    Sparse series cannot estimate seven factors alone, so each is shrunk towards the factors of all
    series together with the weight of ``prior_days`` days of its own counts — or, where more, of
    ``prior_counts`` appeals: a weekday's own estimate is as noisy as the number of appeals it rests on, so
    a series of one appeal a day leans on the pooled pattern far more than one of twenty."""
    start = max(0, end - span)
    window, wd = Y[:, start:end], weekdays[start:end]
    per_weekday = np.stack([window[:, wd == w].sum(axis=1) for w in range(DAY_TYPES)], axis=1)  # series × type
    present = np.array([(wd == w).sum() for w in range(DAY_TYPES)], dtype=np.float64)
    days_per_weekday = present.clip(min=1)
    total_rate = per_weekday.sum(axis=1, keepdims=True) / present.sum().clip(min=1)  # mean per day
    pooled = per_weekday.sum(axis=0) / days_per_weekday
    # With holidays, means over days, not over types: a holiday type of a dozen days a year weighs a dozen days.
    day_weights = present / present.sum().clip(min=1)
    pooled_mean = float((pooled * day_weights).sum() if present[HOLIDAY_TYPE] else pooled[:7].mean())
    pooled = np.where(present > 0, pooled / pooled_mean, 1.0) if pooled_mean > 0 else np.ones(DAY_TYPES)
    # The pooled pattern itself rests on counts: with few (one series with a gap in its first year) it is
    # no pattern at all, so it is shrunk towards a flat week by the weight of 140 appeals (20 a weekday).
    pooled_total = per_weekday.sum()
    pooled = 1 + (pooled - 1) * pooled_total / (pooled_total + 140.0)
    # factor_w = (count_w + prior * pooled_w * rate) / (days_w * rate + prior * rate); identical to the
    # pooled factor for an empty series and to the raw factor when the series is large.
    rate = total_rate.clip(min=1e-9)
    prior_days = np.maximum(prior_days, prior_counts / rate)
    factors = (per_weekday + prior_days * pooled * rate) / (present * rate + prior_days * rate)
    # A type without a day in the span (no holiday in the data, or no calendar) keeps the pooled level.
    factors = np.where(present > 0, factors, pooled)

    def mean(f):
        if present[HOLIDAY_TYPE] == 0:  # plain weeks: the seven weekdays weigh alike, as they always did
            return f[:, :7].mean(axis=1, keepdims=True)
        return (f * day_weights).sum(axis=1, keepdims=True)

    factors = factors / mean(factors)
    # A weekday without a single count in the year (a collection gap in a one-series file) would be a factor of
    # 0 and divide by zero; no weekday is taken to be less than a twentieth of an average one.
    factors = np.nan_to_num(factors, nan=1.0).clip(min=0.05)
    return factors / mean(factors)


def recurrence_factors(Z: np.ndarray, *, half_width: int = 7, context: int = 91, prior_counts: float = 30.0,
                       ceiling: float = 3.0) -> np.ndarray:
    """A season that a yearly harmonic cannot follow (a 3–6-week peak that comes back every year, as heating or
    school-start complaints do): per series and day t, the weekday-adjusted count of the same weeks a year
    earlier (days t-364±half_width) against the mean of the ``context`` days either side of them, shrunk by
    ``prior_counts`` appeals and bounded to 1…ceiling. 1 where no year of history exists. It only raises a
    baseline: a quiet spell last year is no reason to expect less now, and a noisy low estimate would turn
    ordinary days into alarms."""
    n_series, n_days = Z.shape
    prefix = prefix_sums(Z)
    t = np.arange(n_days)
    centre = t - 364
    valid = centre - context >= 0
    lo, hi = np.clip(centre - half_width, 0, None), np.clip(centre + half_width + 1, 0, n_days)
    wide_lo, wide_hi = np.clip(centre - context, 0, None), np.clip(centre + context + 1, 0, n_days)
    local = prefix[:, hi] - prefix[:, lo]
    wide = (prefix[:, wide_hi] - prefix[:, wide_lo]) / (wide_hi - wide_lo).clip(min=1) * (hi - lo)
    factor = (local + prior_counts) / (wide + prior_counts).clip(min=1e-9)
    return np.where(valid[None, :], np.clip(factor, 1.0, ceiling), 1.0)


def upper_tail(observed: np.ndarray, expected: np.ndarray, dispersion: np.ndarray) -> np.ndarray:
    """P(Y ≥ observed) for Y with mean ``expected`` and variance dispersion × expected: Poisson when the
    dispersion is 1, else the negative binomial with that mean and variance (quasi-Poisson)."""
    observed, expected, dispersion = np.broadcast_arrays(
        np.asarray(observed, dtype=np.float64), np.asarray(expected, dtype=np.float64).clip(min=1e-6),
        np.asarray(dispersion, dtype=np.float64))
    out = np.ones(observed.shape)
    positive = observed > 0
    poisson = positive & (dispersion <= 1.02)
    out[poisson] = stats.poisson.sf(observed[poisson] - 1, expected[poisson])
    negbin = positive & ~poisson
    if negbin.any():
        phi = dispersion[negbin]
        out[negbin] = stats.nbinom.sf(observed[negbin] - 1, expected[negbin] / (phi - 1), 1 / phi)
    return out


# --- EARS C1 / C2 / C3 -------------------------------------------------------------------------------------

def _ears_statistic(Y, prefix, prefix_sq, days, first_lag, last_lag):
    sums, n = window_sums(prefix, days, first_lag, last_lag)
    squares, _ = window_sums(prefix_sq, days, first_lag, last_lag)
    n = n.clip(min=1)
    mean = sums / n
    variance = ((squares - sums * sums / n) / (n - 1).clip(min=1)).clip(min=0)
    # The 7-day SD of a sparse series is often 0; flooring it at the Poisson SD (and 0.5) keeps the
    # statistic finite and comparable across series.
    sd = np.maximum(np.sqrt(variance), np.maximum(np.sqrt(mean), 0.5))
    return (Y[:, days] - mean) / sd, mean


def ears(Y: np.ndarray, days: np.ndarray, variant: str) -> dict[str, np.ndarray]:
    """EARS C1 (baseline: the 7 previous days), C2 (days t-9…t-3: a 2-day guard band so that the start
    of an outbreak does not raise its own baseline) and C3 (the sum of the C2 excesses over 1 on days
    t-2, t-1, t). Returns the statistic, the observed count (3-day sum for C3) and its baseline."""
    prefix, prefix_sq = prefix_sums(Y), prefix_sums(Y * Y)
    if variant == "C1":
        statistic, mean = _ears_statistic(Y, prefix, prefix_sq, days, 7, 1)
        return {"statistic": statistic, "observed": Y[:, days], "expected": mean, "window": 1}
    statistic, mean = _ears_statistic(Y, prefix, prefix_sq, days, 9, 3)
    if variant == "C2":
        return {"statistic": statistic, "observed": Y[:, days], "expected": mean, "window": 1}
    lagged = [statistic]
    for lag in (1, 2):
        shifted = np.clip(days - lag, 0, None)
        lag_statistic, _ = _ears_statistic(Y, prefix, prefix_sq, shifted, 9, 3)
        lag_statistic[:, days - lag < 0] = 0
        lagged.append(lag_statistic)
    c3 = sum(np.clip(s - 1, 0, None) for s in lagged)
    observed, _ = window_sums(prefix, days, 2, 0)
    return {"statistic": c3, "observed": observed, "expected": 3 * mean, "window": 3}


# --- baselines ------------------------------------------------------------------------------------------

def recent_baseline(Z_prefix: np.ndarray, factors_by_day: np.ndarray, days: np.ndarray, *, length: int = 28, guard: int = 2) -> np.ndarray:
    """Quasi-Poisson baseline of recent weeks: the weekday-adjusted mean of days t-guard-length … t-guard-1,
    times the weekday factor of day t."""
    sums, n = window_sums(Z_prefix, days, guard + length, guard + 1)
    return sums / n.clip(min=1) * factors_by_day[:, days]


def seasonal_baseline(Z_prefix: np.ndarray, factors_by_day: np.ndarray, days: np.ndarray, *, years: int = 2, half_width: int = 7, guard: int = 2) -> np.ndarray:
    """Same weeks of earlier years: the weekday-adjusted mean of days t-364y±half_width over the earlier
    years y available (364 keeps weekdays aligned), scaled by this year's level against last year's
    (the 52 weeks before t-guard over the 52 weeks before that, shrunk and bounded to 0.5…2), times the
    weekday factor of day t. NaN where no earlier year is available."""
    total = np.zeros((Z_prefix.shape[0], len(days)))
    covered = np.zeros(len(days))
    for year in range(1, years + 1):
        lag = 364 * year
        valid = days - lag - half_width >= 0
        sums, n = window_sums(Z_prefix, days, lag + half_width, lag - half_width)
        total += np.where(valid, sums, 0)
        covered += np.where(valid, n, 0)
    base = np.where(covered > 0, total / covered.clip(min=1), np.nan)
    this_year, n_this = window_sums(Z_prefix, days, guard + 364, guard + 1)
    last_year, n_last = window_sums(Z_prefix, days, guard + 728, guard + 365)
    prior = 28.0 * (this_year + last_year) / (n_this + n_last).clip(min=1)  # four weeks of the series' own rate
    level = np.where(n_last >= 364, (this_year + prior) / (last_year + prior).clip(min=1e-9), 1.0)
    return base * np.clip(level, 0.5, 2.0) * factors_by_day[:, days]


YEAR_DAYS = 365.25


def _basis(n_days: int) -> np.ndarray:
    """Regressors per day index: level, linear trend (per year), and the yearly harmonic (sin, cos)."""
    t = np.arange(n_days, dtype=np.float64)
    angle = 2 * np.pi * t / YEAR_DAYS
    return np.stack([np.ones(n_days), t / 365.0, np.sin(angle), np.cos(angle)], axis=1)  # day × 4


def regression_baseline(Z: np.ndarray, F: np.ndarray, days: np.ndarray, *, history: int = 728, guard: int = 2,
                        ridge_days: float = 20.0, ridge_counts: float = 0.0, level_days: int = 28, level_prior_days: float = 56.0,
                        chunk: int = 2048) -> dict[str, np.ndarray]:
    """A seasonal regression baseline that needs no second year: on each day t, least squares of the
    weekday-adjusted counts Z of days t-guard-history … t-guard-1 on a level, a linear trend and a yearly
    harmonic (sin, cos), predicted forward and times the weekday factor. A fit over up to two years is far less
    noisy than a four-week mean and has no lag on a rising or falling season; with less than a year of history
    the harmonic and the trend are held near zero by a ridge worth ``ridge_days`` days (or ``ridge_counts``
    appeals, where more), so a young or sparse series falls back to its level. A level correction — the last ``level_days`` days' counts against the fit over the same
    days, shrunk with a prior of ``level_prior_days`` days and bounded to 0.5…2 — follows a step the fit would
    be slow to see. Every sum over a window comes from prefix sums, so each day costs O(1) whatever the history.

    Returns ``coef`` (series × days × 4, the level-corrected coefficients fitted as of each day), ``expected``
    (series × days: the expectation of day t as predicted from before t-guard) and ``fit_total`` (the weekday-
    adjusted count the fit rests on, for the uncertainty of a prediction)."""
    n_series, n_days = Z.shape
    X = _basis(n_days)
    k = X.shape[1]
    outer = (X[:, :, None] * X[:, None, :]).reshape(n_days, k * k)
    prefix_outer = np.concatenate([np.zeros((1, k * k)), np.cumsum(outer, axis=0)])
    prefix_x = np.concatenate([np.zeros((1, k)), np.cumsum(X, axis=0)])
    start = np.clip(days - guard - history, 0, None)
    end = np.clip(days - guard, 0, None)  # exclusive
    gram = (prefix_outer[end] - prefix_outer[start]).reshape(len(days), k, k)
    n_fit = (end - start).astype(np.float64)
    ridge = np.diag([0.0, 1.0, 1.0, 1.0])
    # Only the slope and the harmonic are penalised, never the level (β₀ is free whatever t's origin).
    system = gram + np.eye(k)[None] * 1e-9
    system[n_fit < 1] = np.eye(k)
    level_start = np.clip(days - guard - level_days, 0, None)
    level_x = prefix_x[end] - prefix_x[level_start]  # day × k
    x_now = X[days]  # day × k
    coef = np.zeros((n_series, len(days), k))
    expected = np.zeros((n_series, len(days)))
    fit_total = np.zeros((n_series, len(days)))
    for first in range(0, n_series, chunk):
        rows = slice(first, min(n_series, first + chunk))
        z = Z[rows]
        prefix_zx = np.concatenate([np.zeros((z.shape[0], 1, k)), np.cumsum(z[:, :, None] * X[None], axis=1)], axis=1)
        moments = prefix_zx[:, end] - prefix_zx[:, start]  # series × day × k
        prefix_z = np.concatenate([np.zeros((z.shape[0], 1)), np.cumsum(z, axis=1)], axis=1)
        fit_total[rows] = prefix_z[:, end] - prefix_z[:, start]
        # The ridge in days of the series' own counts: a slope or a season is as uncertain as the number of
        # appeals behind it, so a sparse series needs more evidence than a busy one before it bends its line.
        rate = (fit_total[rows] / n_fit.clip(min=1)).clip(min=1e-3)
        penalty = np.maximum(ridge_days, ridge_counts / rate)  # series × day
        matrices = system[None] + penalty[:, :, None, None] * ridge[None, None]
        beta = np.linalg.solve(matrices, moments[..., None])[..., 0]
        observed_recent = prefix_z[:, end] - prefix_z[:, level_start]
        fitted_recent = np.einsum("sdk,dk->sd", beta, level_x).clip(min=1e-9)
        n_level = (end - level_start).astype(np.float64).clip(min=1)
        prior = level_prior_days * fitted_recent / n_level
        level = np.clip((observed_recent + prior) / (fitted_recent + prior), 0.5, 2.0)
        level = np.where(n_fit >= 1, level, 1.0)
        beta = beta * level[:, :, None]
        coef[rows] = beta
        # A straight line can dip below zero on a sparse series: keep the expectation at least a tenth of the
        # fit window's mean, so that tail probabilities stay finite.
        floor = 0.1 * fit_total[rows] / n_fit.clip(min=1)
        expected[rows] = np.maximum(np.einsum("sdk,dk->sd", beta, x_now), np.maximum(floor, 1e-3)) * F[rows][:, days]
    return {"coef": coef, "expected": expected, "fit_total": fit_total, "basis": X}


def window_test(Y_prefix: np.ndarray, F: np.ndarray, regression: dict, days: np.ndarray, span_start: int, phi: np.ndarray, *,
                windows=(1, 2, 3, 4, 5, 6, 7), baseline_uncertainty: float = 0.0, fit_uncertainty: float = 4.0,
                spike_alpha: float = 0.0, inflation: np.ndarray | None = None) -> dict[str, np.ndarray]:
    """The multi-window negative-binomial test: for each day t and window w, the count of days t-w+1 … t
    against its expectation predicted from before the window (the regression as of day t-w+1, so a rise never
    feeds its own baseline), with the exact NB tail (variance φ·E) widened by the uncertainty of the prediction
    (relative variance u² + fit_uncertainty·φ / the count the fit rests on), Bonferroni over the windows.
    ``regression`` is regression_baseline's result over days span_start …; returns the best window per cell.

    With ``spike_alpha`` > 0 a window counts only if its other days, without its busiest one, are also above
    their expectation (tail ≤ spike_alpha): an outbreak lasts 3–7 days, while one heavy-tailed day (five to ten
    times the mean happens on real series) alone would otherwise carry a whole window.

    ``inflation`` (series × longest window, window_inflation's c_k) widens a k-day window's dispersion to φ·c_k:
    the variance of a sum of autocorrelated days."""
    n_series = Y_prefix.shape[0]
    X = regression["basis"]
    coef, fit_total = regression["coef"], regression["fit_total"]
    k = X.shape[1]
    best = {key: np.zeros((n_series, len(days))) for key in ("statistic", "observed", "expected", "window")}
    best_p = np.ones((n_series, len(days)))
    prefix_fx = np.concatenate([np.zeros((n_series, 1, k)), np.cumsum(F[:, :, None] * X[None, :F.shape[1]], axis=1)], axis=1)
    for w in windows:
        first = days - w + 1
        valid = first >= span_start
        column = np.clip(first - span_start, 0, None)
        observed = Y_prefix[:, days + 1] - Y_prefix[:, np.clip(first, 0, None)]
        fx = prefix_fx[:, days + 1] - prefix_fx[:, np.clip(first, 0, None)]  # series × day × k
        expected = np.einsum("sdk,sdk->sd", coef[:, column], fx).clip(min=1e-3 * w)
        relative_variance = baseline_uncertainty ** 2 + fit_uncertainty * phi[:, None] / fit_total[:, column].clip(min=1.0)
        window_phi = phi[:, None] if inflation is None else (phi * inflation[:, w - 1])[:, None]
        effective = window_phi + relative_variance * expected
        p = np.ones(observed.shape)
        test = valid[None, :] & (observed > expected)
        p[test] = np.minimum(1.0, upper_tail(observed[test], expected[test], effective[test]) * len(windows))
        if spike_alpha > 0 and w >= 2:
            daily = np.diff(Y_prefix, axis=1)
            busiest = np.max(np.stack([daily[:, np.clip(days - lag, 0, None)] for lag in range(w)]), axis=0)
            rest = observed - busiest
            rest_expected = expected * (w - 1) / w
            checked = (p < 1.0)
            rest_p = np.ones(observed.shape)
            rest_p[checked] = upper_tail(rest[checked], rest_expected[checked], effective[checked])
            p = np.where(rest_p <= spike_alpha, p, 1.0)
        statistic = (observed - expected) / np.sqrt(effective * expected)
        better = p < best_p
        best_p = np.where(better, p, best_p)
        for key, value in (("statistic", statistic), ("observed", observed), ("expected", expected), ("window", np.full_like(p, w))):
            best[key] = np.where(better, value, best[key])
    best["p_value"] = best_p
    return best


def is_seasonal(Z: np.ndarray, end: int, *, block: int = 28, min_rate: float = 0.5, min_correlation: float = 0.7, min_amplitude: float = 1.6) -> np.ndarray:
    """Series whose 4-weekly profile repeats across the two years before ``end`` (correlation of the two
    years' 13 block means ≥ min_correlation) with a peak-to-trough ratio ≥ min_amplitude, and enough
    counts to tell. Needs two full years of history; with less, no series is called seasonal."""
    if end < 728:
        return np.zeros(Z.shape[0], dtype=bool)
    blocks = Z[:, end - 728:end].reshape(Z.shape[0], 2, 13, block).sum(axis=3)  # series × year × block
    rate = blocks.sum(axis=(1, 2)) / 728
    a, b = blocks[:, 0, :], blocks[:, 1, :]
    a_c, b_c = a - a.mean(axis=1, keepdims=True), b - b.mean(axis=1, keepdims=True)
    denominator = np.sqrt((a_c ** 2).sum(axis=1) * (b_c ** 2).sum(axis=1))
    correlation = np.where(denominator > 0, (a_c * b_c).sum(axis=1) / np.where(denominator > 0, denominator, 1), 0)
    profile = blocks.sum(axis=1)
    amplitude = profile.max(axis=1) / profile.min(axis=1).clip(min=1)
    return (rate >= min_rate) & (correlation >= min_correlation) & (amplitude >= min_amplitude)


def dispersion(Y: np.ndarray, expected: np.ndarray, *, floor: float = 1.0, ceiling: float = 5.0,
               tail_share: float = 0.0) -> np.ndarray:
    """Pearson dispersion (mean of (y-μ)²/μ) per series over calibration days, bounded.

    With ``tail_share`` > 0 the dispersion is also made to fit the series' upper tail: its busiest
    ``tail_share`` of days must lie no further above the expectation than a negative binomial of that
    dispersion puts its upper ``tail_share`` quantile (normal quantile with a Cornish–Fisher skew correction).
    Heavy-tailed days (a lognormal day effect: five to ten times the mean now and then) have a tail far longer
    than a negative binomial of the same variance, and the variance alone then promises tail probabilities the
    series does not keep."""
    mu = np.nan_to_num(expected, nan=0.0)
    ok = mu > 0.05
    safe_mu = np.where(ok, mu, 1)
    ratio = np.where(ok, (Y - mu) ** 2 / safe_mu, 0)
    n = ok.sum(axis=1)
    phi = np.clip(np.where(n >= 28, ratio.sum(axis=1) / n.clip(min=1), 1.0), floor, ceiling)
    if tail_share > 0:
        z = stats.norm.isf(tail_share)
        skew = (2 * phi[:, None] - 1) / np.sqrt(phi[:, None] * safe_mu)
        reach = (z + (z * z - 1) / 6 * skew).clip(min=z)  # the NB's upper quantile in standard deviations
        excess = np.where(ok & (Y > mu), (Y - mu) / np.sqrt(phi[:, None] * safe_mu) / reach, 0.0)
        k = np.maximum(1, np.round(tail_share * n).astype(int))
        ordered = -np.sort(-excess, axis=1)
        kth = ordered[np.arange(len(phi)), np.clip(k - 1, 0, Y.shape[1] - 1)]
        phi = np.where(n >= 28, phi * np.maximum(1.0, kth) ** 2, phi)
    return np.clip(phi, floor, ceiling)


def window_inflation(Y: np.ndarray, expected: np.ndarray, *, max_window: int = 7, prior_windows: float = 26.0,
                     ceiling: float = 4.0) -> np.ndarray:
    """Window-scale dispersion: how much more the counts of k consecutive days vary than k independent days would,
    per series and k = 1 … ``max_window``, on the calibration days (``Y`` and ``expected`` hold the same days).

    The residuals r = y − μ of k-day windows are summed (overlapping windows, every day a window ends); the ratio of
    the mean of R_k² / E_k (E_k the window's expectation) to the mean of r² / μ of single days is the variance
    inflation c_k = 1 + 2 Σ_l (1 − l/k) ρ_l of autocorrelated days (busy spells, self-exciting runs, a level that
    wanders for days), 1 for independent days whatever their dispersion. A test that treats a window's days as
    independent underrates its variance by c_k; multiplying φ by c_k puts it back. The raw ratio rests on about
    n/k independent windows, so it is shrunk towards 1 with the weight of ``prior_windows`` windows, and bounded to
    1 … ``ceiling`` (never below 1: a negative correlation estimated from noise is no reason to trust a window more).
    Returns series × max_window (column k−1 for windows of k days; column 0 is 1)."""
    mu = np.nan_to_num(expected, nan=0.0)
    ok = mu > 0.05
    residual = np.where(ok, Y - mu, 0.0)
    mu = np.where(ok, mu, 0.0)
    n = ok.sum(axis=1).astype(np.float64)
    one_day = np.where(ok, residual ** 2 / np.where(ok, mu, 1.0), 0.0).sum(axis=1) / n.clip(min=1)
    out = np.ones((Y.shape[0], max_window))
    residual_prefix, mu_prefix = prefix_sums(residual), prefix_sums(mu)
    for k in range(2, max_window + 1):
        if Y.shape[1] < k:
            break
        sums = residual_prefix[:, k:] - residual_prefix[:, :-k]
        expectation = mu_prefix[:, k:] - mu_prefix[:, :-k]
        usable = expectation > 0.05 * k
        ratio = np.where(usable, sums ** 2 / np.where(usable, expectation, 1.0), 0.0).sum(axis=1) / usable.sum(axis=1).clip(min=1)
        raw = np.where(one_day > 0, ratio / np.where(one_day > 0, one_day, 1.0), 1.0)
        windows = n / k
        weight = windows / (windows + prior_windows) if prior_windows > 0 else np.ones_like(windows)
        shrunk = 1 + (raw - 1) * weight
        out[:, k - 1] = np.where(n >= 28, np.clip(shrunk, 1.0, ceiling), 1.0)
    return out


def alarm_episodes(alarm: np.ndarray, gap: int) -> np.ndarray:
    """Per row, the number of alarms of a series × day boolean matrix, alarm days at most ``gap`` days apart
    counting as one (the pipeline's merging of consecutive alarm days into one event)."""
    t = np.arange(alarm.shape[1])
    last = np.maximum.accumulate(np.where(alarm, t, -10 ** 9), axis=1)
    previous = np.concatenate([np.full((alarm.shape[0], 1), -10 ** 9), last[:, :-1]], axis=1)
    return (alarm & (t - previous > gap)).sum(axis=1)


def self_calibrated_scale(score: np.ndarray, *, allowed: float, gap: int, floor: float = 1e-3, step: float = 2.0) -> np.ndarray:
    """Per series, the factor (≤ 1) by which every α of the detectors is multiplied so that replaying them over the
    series' own past gives at most ``allowed`` alarms (``score``: series × past days, each day's smallest p/α over
    the detectors whose other conditions held; the day alarms at factor s where score ≤ s).

    The defaults' α were set on one generator; a series whose days are autocorrelated or heavy-tailed alarms more
    often than that α promises, and its own history says so. The factor only ever tightens (never above 1, the
    defaults' α), goes down in steps of ``step`` to ``floor`` at the lowest, and ``allowed`` > 0 keeps a real
    outbreak or two in the history from making a series deaf."""
    scale = np.ones(score.shape[0])
    settled = alarm_episodes(score <= 1.0, gap) <= allowed
    factor = 1.0
    while not settled.all() and factor / step >= floor * (1 - 1e-9):
        factor /= step
        fits = ~settled & (alarm_episodes(score <= factor, gap) <= allowed)
        scale[fits] = factor
        settled |= fits
    scale[~settled] = factor
    return scale


def pooled_scale(score: np.ndarray, *, budget: float, gap: int, floor: float = 1e-3, step: float = 2.0) -> float:
    """One factor (≤ 1) for every α of all the series of a run together (a family): the largest, in steps of ``step``
    down to ``floor``, at which replaying the detectors over their past (``score`` as for self_calibrated_scale, each
    column a day) gives at most ``budget`` alarms per 100 series-months. Pooling rests the factor on all the series'
    alarms, not on the one or two a single series has in half a year."""
    months = score.shape[0] * score.shape[1] / 30.0 / 100.0
    factor = 1.0
    while alarm_episodes(score <= factor, gap).sum() / max(months, 1e-9) > budget and factor / step >= floor * (1 - 1e-9):
        factor /= step
    return factor


# --- emerging issues: likelihood-ratio test of the recent rate -------------------------------------------

def emerging_glr(Y_prefix, Z_prefix, F_prefix, days, *, windows=(3, 7, 14, 28), reference: int = 91, phi=None,
                 seasonal_mask=None, seasonal_prefix=None, baseline_uncertainty: float = 0.0) -> dict[str, np.ndarray]:
    """For each day t and window w, compare the count of the last w days with the rate of the
    ``reference`` days before them (weekday-adjusted): the two-sample Poisson likelihood-ratio statistic
    G², divided by the series' dispersion, one-sided, Bonferroni over the windows. Seasonal series are
    compared with their seasonal expectation instead (one-sample G²). ``baseline_uncertainty`` is the
    relative error of an expectation over several days (a drifting season or trend the reference period does
    not show): the window's variance is φ·E + (u·E)², so G² is divided by φ + u²·E — on a busy series a
    few percent of drift is no emerging issue. Returns the best window per cell."""
    n_series = Y_prefix.shape[0]
    best_p = np.ones((n_series, len(days)))
    best = {key: np.zeros((n_series, len(days))) for key in ("statistic", "observed", "expected", "window")}
    phi = np.ones(n_series) if phi is None else phi
    for w in windows:
        observed, _ = window_sums(Y_prefix, days, w - 1, 0)
        weight_window, _ = window_sums(F_prefix, days, w - 1, 0)
        reference_count, n_reference = window_sums(Z_prefix, days, w - 1 + reference, w)
        reference_weight = n_reference  # Z is weekday-adjusted: its weight per day is 1
        total = observed + reference_count
        share = weight_window / (weight_window + reference_weight).clip(min=1e-9)
        expected = total * share
        g2 = 2 * (_xlogy_ratio(observed, expected) + _xlogy_ratio(reference_count, total - expected))
        if seasonal_mask is not None and seasonal_mask.any():
            seasonal_expected, _ = window_sums(seasonal_prefix, days, w - 1, 0)
            one_sample = 2 * (_xlogy_ratio(observed, seasonal_expected) - (observed - seasonal_expected))
            rows = seasonal_mask & np.isfinite(seasonal_expected).all(axis=1)
            g2[rows] = one_sample[rows]
            expected[rows] = seasonal_expected[rows]
        g2 = np.where(observed > expected, g2 / (phi[:, None] + baseline_uncertainty ** 2 * expected), 0.0)
        # Without a reference period (a new label) there is nothing to compare with.
        g2[(n_reference < w)[None, :].repeat(n_series, axis=0)] = 0.0
        p = np.minimum(1.0, 0.5 * stats.chi2.sf(g2, 1) * len(windows))
        better = p < best_p
        best_p = np.where(better, p, best_p)
        for key, value in (("statistic", g2), ("observed", observed), ("expected", expected), ("window", np.full_like(g2, w))):
            best[key] = np.where(better, value, best[key])
    best["p_value"] = best_p
    return best


def _xlogy_ratio(x: np.ndarray, mu: np.ndarray) -> np.ndarray:
    """x·ln(x/μ) with 0·ln 0 = 0."""
    x = np.asarray(x, dtype=np.float64)
    mu = np.asarray(mu, dtype=np.float64).clip(min=1e-12)
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where(x > 0, x * np.log(np.where(x > 0, x, 1) / mu), 0.0)


# --- space-time permutation scan (Kulldorff 2005) ----------------------------------------------------------

def _scan_llr(cases, expected, total):
    """Poisson generalised LLR of cylinders with ``cases`` against ``expected`` out of ``total`` cases."""
    inside = _xlogy_ratio(cases, expected)
    outside = _xlogy_ratio(total - cases, total - expected)
    return np.where(cases > expected, inside + outside, 0.0)


def space_time_scan(counts: np.ndarray, days, *, study_days: int = 28, max_length: int = 7, replications: int = 99,
                    screen_llr: float = 6.0, min_cases: int = 5, rng=None) -> list[tuple]:
    """Prospective space-time permutation scan per label node over districts × the last ``study_days``.

    ``counts`` is node × district × day. Cylinders are one district × the last 1…max_length days (the
    model has no district adjacency, so zones are single districts). Expected counts come from the
    margins alone (cases of the district × cases of the days / all cases), so no population is needed
    and a label that grows everywhere is not a cluster. Only nodes whose best cylinder passes a cheap
    screen are tested by Monte Carlo: ``replications`` random tables with both margins fixed, drawn
    district by district with hypergeometric draws (vectorised over nodes and replications); the
    p-value comes from a Gumbel fit to the replicated maxima, so modest replication still resolves
    small p-values.

    Returns (node, district, day, length, observed, expected, llr, p_value) per alarm candidate."""
    rng = rng or np.random.default_rng(0)
    n_nodes, n_districts, _ = counts.shape
    found = []
    for day in days:
        start = day - study_days + 1
        if start < 0:
            continue
        window = counts[:, :, start:day + 1]
        recent_first = window[:, :, ::-1][:, :, :max_length]  # last day first
        cylinder = np.cumsum(recent_first, axis=2)  # node × district × length
        per_district = window.sum(axis=2)  # node × district
        per_length = np.cumsum(window.sum(axis=1)[:, ::-1][:, :max_length], axis=1)  # node × length
        total = per_district.sum(axis=1)  # node
        safe_total = np.where(total > 0, total, 1)
        expected = per_district[:, :, None] * per_length[:, None, :] / safe_total[:, None, None]
        llr = _scan_llr(cylinder, expected, total[:, None, None])
        llr = np.where(cylinder >= min_cases, llr, 0.0)
        flat = llr.reshape(n_nodes, -1)
        best = flat.argmax(axis=1)
        best_llr = flat[np.arange(n_nodes), best]
        screened = np.flatnonzero(best_llr > screen_llr)
        if not len(screened):
            continue
        maxima = _replicated_maxima(window[screened], per_length[screened], per_district[screened], total[screened],
                                    expected[screened], max_length, replications, min_cases, rng)
        mean, sd = maxima.mean(axis=1), maxima.std(axis=1, ddof=1).clip(min=1e-9)
        beta = sd * math.sqrt(6) / math.pi
        location = mean - EULER_GAMMA * beta
        z = (best_llr[screened] - location) / beta
        p_values = -np.expm1(-np.exp(-z))
        empirical = (1 + (maxima >= best_llr[screened][:, None]).sum(axis=1)) / (replications + 1)
        # The Gumbel tail is trusted only beyond the replicated range; inside it the empirical p-value is exact.
        p_values = np.where(empirical > 1.5 / (replications + 1), empirical, p_values)
        for k, node in enumerate(screened):
            district, length_index = divmod(int(best[node]), max_length)
            found.append((int(node), district, int(day), length_index + 1, float(cylinder[node, district, length_index]),
                          float(expected[node, district, length_index]), float(best_llr[node]), float(p_values[k])))
    return found


def _replicated_maxima(window, per_length, per_district, total, expected, max_length, replications, min_cases, rng):
    """Max cylinder LLR of random tables with the observed margins (nodes × replications)."""
    n_nodes, n_districts, n_days = window.shape
    day_totals = window.sum(axis=1)[:, ::-1]  # last day first
    bins = np.concatenate([day_totals[:, :max_length], day_totals[:, max_length:].sum(axis=1, keepdims=True)], axis=1)
    remaining = np.repeat(bins[:, None, :], replications, axis=1).astype(np.int64)  # node × rep × bin
    tables = np.zeros((n_nodes, replications, n_districts, max_length), dtype=np.float64)
    for district in range(n_districts - 1):
        need = np.repeat(per_district[:, district, None], replications, axis=1).astype(np.int64)
        left = remaining.sum(axis=2)
        for b in range(max_length):
            left = left - remaining[:, :, b]
            draw = rng.hypergeometric(remaining[:, :, b], left, np.minimum(need, remaining[:, :, b] + left))
            tables[:, :, district, b] = draw
            remaining[:, :, b] -= draw
            need = need - draw
        remaining[:, :, max_length] -= need  # the older days take the rest
    tables[:, :, n_districts - 1, :] = remaining[:, :, :max_length]  # the last district takes what is left
    cylinder = np.cumsum(tables, axis=3)
    llr = _scan_llr(cylinder, expected[:, None, :, :], total[:, None, None, None])
    llr = np.where(cylinder >= min_cases, llr, 0.0)
    return llr.reshape(n_nodes, replications, -1).max(axis=2)


# --- negative-binomial CUSUM: sustained shifts of a low count --------------------------------------------

def _nb_log_ratio(y: np.ndarray, mu: np.ndarray, phi: np.ndarray, shift: float) -> np.ndarray:
    """log P(y | mean shift·μ) − log P(y | mean μ) for counts with variance φ·mean: Poisson where φ ≤ 1.02,
    else the negative binomial with size μ/(φ−1) and probability 1/φ (the dispersion stays, the mean moves)."""
    mu = mu.clip(min=1e-6)
    poisson = y * np.log(shift) - (shift - 1) * mu
    excess = (phi - 1).clip(min=1e-6)
    size, size_shifted = mu / excess, shift * mu / excess
    negbin = (special.gammaln(y + size_shifted) - special.gammaln(size_shifted) - special.gammaln(y + size)
              + special.gammaln(size) - (size_shifted - size) * np.log(phi.clip(min=1.0 + 1e-6)))
    return np.where(phi <= 1.02, poisson, negbin)


def nb_cusum(Y: np.ndarray, expected: np.ndarray, phi: np.ndarray, start: int, *, shift: float = 2.0,
             day_ceiling: float = 0.0, inflation: np.ndarray | None = None, max_run_days: int = 0) -> dict[str, np.ndarray]:
    """Page's CUSUM of the likelihood ratio "mean × shift" against "mean as expected", day by day from
    ``start`` (Y's columns from start on are the days; ``expected`` holds the same days). It accumulates
    evidence over consecutive days, so a sustained rise too small to be improbable on any one day (a
    threefold week of a series of one appeal a day whose variance is four times its mean) still crosses a
    threshold, while a single noisy day does not (``day_ceiling`` > 0 caps one day's evidence, so that one
    heavy-tailed day cannot cross the threshold alone). ``inflation`` (per series, window_inflation's c for the
    CUSUM's span) divides each day's evidence: with autocorrelated days the partial sums of the log-likelihood ratios
    vary c times more than independent days', and scaling them by 1/c restores the false-alarm rate the threshold
    was set for (the drift-to-variance ratio of the sum that governs a CUSUM's run length). ``max_run_days`` > 0
    restarts a run once it has lasted that many days: evidence older than an outbreak is long belongs to a level
    shift (the baseline's level correction and the emerging-issue test follow those), not to a 3–7-day outbreak.
    Returns per series and day the statistic, and the count, expectation and number of days since the statistic
    last left zero (the run that carries the evidence)."""
    days = Y.shape[1] - start
    mu = np.nan_to_num(expected, nan=0.0)
    phi_column = np.asarray(phi, dtype=np.float64)[:, None]
    ratios = _nb_log_ratio(Y[:, start:], mu, np.broadcast_to(phi_column, mu.shape), shift)
    if day_ceiling > 0:
        ratios = np.minimum(ratios, day_ceiling)
    if inflation is not None:
        ratios = ratios / np.asarray(inflation, dtype=np.float64)[:, None]
    statistic = np.zeros(mu.shape)
    run_observed, run_expected, run_days = np.zeros(mu.shape), np.zeros(mu.shape), np.zeros(mu.shape)
    level, length = np.zeros(Y.shape[0]), np.zeros(Y.shape[0])
    observed_sum, expected_sum = np.zeros(Y.shape[0]), np.zeros(Y.shape[0])
    for day in range(days):
        level = np.maximum(0.0, level + ratios[:, day])
        if max_run_days > 0:
            # A run of max_run_days restarts from today's evidence alone.
            level = np.where(length >= max_run_days, np.maximum(0.0, ratios[:, day]), level)
            restarted = length >= max_run_days
            observed_sum = np.where(restarted, 0.0, observed_sum)
            expected_sum = np.where(restarted, 0.0, expected_sum)
            length = np.where(restarted, 0.0, length)
        active = level > 0
        observed_sum = np.where(active, observed_sum + Y[:, start + day], 0.0)
        expected_sum = np.where(active, expected_sum + mu[:, day], 0.0)
        length = np.where(active, length + 1, 0.0)
        statistic[:, day], run_observed[:, day], run_expected[:, day], run_days[:, day] = level, observed_sum, expected_sum, length
    return {"statistic": statistic, "observed": run_observed, "expected": run_expected, "window": run_days.clip(min=1)}
