"""A second, independent generator of count series for testing the detectors on data they were not built
on (issue: "test the detectors on generators other than your own").

It differs from simulate.py on purpose: negative-binomial days (variance = φ·mean with φ drawn per series
between 2 and 6, not a Gamma-Poisson day effect shared by a label), a yearly cycle as a smooth sinusoid
with a random phase (not block peaks), a weekend dip of random depth, a slow trend of either sign, rates
drawn log-uniformly between 0.5 and 30 a day, and outbreaks of 3–7 days at about three times the
expected count, injected into a random half of the series in the last year. Everything is written as the
`detect-series` CSV, so the evaluation goes through the same reader as anyone's file.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np


@dataclass
class Outbreak:
    series: str
    start: int  # day index
    end: int  # inclusive
    baseline: float  # expected daily count before the outbreak
    cases: int | None = None  # the outbreak's own added cases, where a generator draws them separately (generator four)


@dataclass
class OutsideSeries:
    first_day: dt.date
    names: list[str]
    counts: np.ndarray  # series × days
    outbreaks: list[Outbreak]
    evaluation_start: int
    # The truth behind the counts, for oracle bounds (bench/bench_detection_bound.py), never for detection:
    # each series' expected count per day without its outbreak, and its variance/mean ratio φ.
    expected: np.ndarray | None = None
    dispersion: np.ndarray | None = None
    # The known-model bound of generators two to four (bench_detection_bound.py --generator): per series the
    # generator's name, its mean per day WITHOUT any unobservable latent state and without the outbreak
    # (generator three: the deterministic intensity times the busy regime's stationary mean; generator four: μ(t)
    # with its weekday profile, not the AR(1) draw), and the parameters outbreak_free_replicas needs. Recorded
    # beside the draws, never drawn: the counts of a seed are the same as before these fields existed.
    generator: str = "nb"
    baseline: np.ndarray | None = None
    model: list[dict] | None = None

    def csv_lines(self) -> list[str]:
        lines = ["date,series,count"]
        for day in range(self.counts.shape[1]):
            date = (self.first_day + dt.timedelta(days=day)).isoformat()
            lines.extend(f"{date},{name},{int(self.counts[i, day])}" for i, name in enumerate(self.names))
        return lines


def generate(seed: int, *, n_series: int = 60, days: int = 730, min_rate: float = 0.5, max_rate: float = 30.0,
             dispersion: tuple[float, float] = (2.0, 6.0), multiplier: float = 3.0) -> OutsideSeries:
    rng = np.random.default_rng(seed)
    first_day = dt.date(2023, 1, 2)
    t = np.arange(days)
    weekday = np.array([(first_day + dt.timedelta(days=int(d))).weekday() for d in t])
    names = [f"S{seed}-{i:03d}" for i in range(n_series)]
    counts = np.zeros((n_series, days))
    outbreaks: list[Outbreak] = []
    evaluation_start = days - 365
    expected, phis = np.zeros((n_series, days)), np.zeros(n_series)
    for i, name in enumerate(names):
        rate = float(np.exp(rng.uniform(np.log(min_rate), np.log(max_rate))))
        yearly = 1 + rng.uniform(0.1, 0.4) * np.sin(2 * np.pi * (t / 365.25 + rng.uniform()))
        weekend = np.where(weekday >= 5, rng.uniform(0.4, 0.9), 1.0)
        trend = 1 + rng.uniform(-0.15, 0.15) * t / 365.0
        mean = rate * yearly * weekend * trend
        expected[i] = mean
        if rng.uniform() < 0.5:
            length = int(rng.integers(3, 8))
            start = int(rng.integers(evaluation_start + 14, days - length - 3))
            baseline = float(mean[start:start + length].mean())
            mean = mean.copy()
            mean[start:start + length] *= multiplier
            outbreaks.append(Outbreak(series=name, start=start, end=start + length - 1, baseline=baseline))
        phi = rng.uniform(*dispersion)
        phis[i] = phi
        # Negative binomial with mean m and variance φ·m: n = m/(φ-1), p = 1/φ.
        counts[i] = rng.negative_binomial(mean / (phi - 1), 1 / phi)
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=outbreaks, evaluation_start=evaluation_start,
                         expected=expected, dispersion=phis, generator="nb", baseline=expected,
                         model=[{"phi": float(phi)} for phi in phis])


# Chinese public holidays of 2023–2024 (the second generator's calendar): long closures and single days off.
HOLIDAYS = (
    ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"), ("2023-04-29", "2023-05-03"), ("2023-06-22", "2023-06-24"),
    ("2023-09-29", "2023-10-06"), ("2023-12-30", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"), ("2024-10-01", "2024-10-07"),
)
YEAR_DAYS = 365.25
GENERATORS = ("nb", "lognormal", "regime", "noufaily")


def generate_lognormal(seed: int, *, n_series: int = 60, days: int = 730, min_rate: float = 0.5, max_rate: float = 30.0,
                       multiplier: float = 3.0, holidays: bool = True, changepoints: bool = True,
                       waves: bool = True) -> OutsideSeries:
    """A second generator, unlike the first and unlike the simulator in every part, written after the detectors
    were tuned and never used for tuning:

    - days are Poisson–lognormal (a log-normal day effect of σ 0.3–0.8 per series): the variance grows with the
      square of the mean, not in proportion to it as in a negative binomial;
    - the week is a random profile per series (each weekday's level drawn, Sunday usually lowest), not a weekend dip;
    - the year is a random mix of two harmonics, or, in a third of the series, a peaked season (a Gaussian wave of
      3–6 weeks) on top of it;
    - public holidays: closures of 30–60% on long holidays, a catch-up of 20–50% on the two working days after
      春节 and 国庆, quieter single days off; the detectors know no holiday calendar;
    - changepoints: in 40% of the series the level steps by ×0.7–1.5 on a random day (a reorganisation, a new
      hotline), in either year;
    - outbreaks of 3–7 days, about ``multiplier`` × the expected count on average but shaped: a ramp up, a ramp
      down, or a peak in the middle (the first day of a ramp is only about 1.5×).

    ``holidays``, ``changepoints`` and ``waves`` switch a component off, to measure what each costs in false alarms
    (the series' parameters are drawn as before; the day-to-day draws differ).
    """
    rng = np.random.default_rng(seed + 7_000_000)
    first_day = dt.date(2023, 1, 2)
    t = np.arange(days)
    dates = [first_day + dt.timedelta(days=int(d)) for d in t]
    weekday = np.array([d.weekday() for d in dates])
    closed = np.zeros(days, dtype=bool)
    long_holiday = np.zeros(days, dtype=bool)
    after = np.zeros(days, dtype=bool)
    for start_text, end_text in HOLIDAYS:
        start = (dt.date.fromisoformat(start_text) - first_day).days
        end = (dt.date.fromisoformat(end_text) - first_day).days
        if end < 0 or start >= days:
            continue
        closed[max(0, start):end + 1] = True
        if end - start >= 6:
            long_holiday[max(0, start):end + 1] = True
            after[end + 1:min(days, end + 3)] = True
    names = [f"L{seed}-{i:03d}" for i in range(n_series)]
    counts = np.zeros((n_series, days))
    expected_all = np.zeros((n_series, days))
    sigmas = np.zeros(n_series)
    models: list[dict] = []
    outbreaks: list[Outbreak] = []
    evaluation_start = days - 365
    for i, name in enumerate(names):
        rate = float(np.exp(rng.uniform(np.log(min_rate), np.log(max_rate))))
        week = np.exp(rng.normal(0.0, 0.15, 7))
        week[6] *= rng.uniform(0.4, 0.8)
        week[5] *= rng.uniform(0.6, 1.0)
        week /= week.mean()
        angle = 2 * np.pi * t / 365.25
        yearly = np.exp(rng.normal(0, 0.15) * np.sin(angle + rng.uniform(0, 6.3)) + rng.normal(0, 0.08) * np.sin(2 * angle + rng.uniform(0, 6.3)))
        if rng.uniform() < 1 / 3:
            peak, width = rng.uniform(0, 365), rng.uniform(10, 21)
            distance = np.abs((t % 365.25) - peak)
            distance = np.minimum(distance, 365.25 - distance)
            wave = 1 + rng.uniform(0.5, 1.5) * np.exp(-0.5 * (distance / width) ** 2)
            yearly = yearly * wave if waves else yearly
        level = np.ones(days)
        if rng.uniform() < 0.4:
            step = int(rng.integers(120, days - 30))
            stepped = rng.uniform(0.7, 1.5)
            level[step:] = stepped if changepoints else 1.0
        holiday = np.where(long_holiday, rng.uniform(0.4, 0.7), np.where(closed, rng.uniform(0.6, 0.9), 1.0))
        holiday = holiday * np.where(after, rng.uniform(1.2, 1.5), 1.0)
        mean = rate * week[weekday] * yearly * level * (holiday if holidays else 1.0)
        expected_all[i] = mean
        if rng.uniform() < 0.5:
            length = int(rng.integers(3, 8))
            start = int(rng.integers(evaluation_start + 14, days - length - 3))
            shape = rng.choice(("up", "down", "peak"))
            ramp = np.linspace(1.5, 4.5, length)
            profile = ramp if shape == "up" else ramp[::-1] if shape == "down" else np.minimum(ramp, ramp[::-1])
            profile = profile * (multiplier / profile.mean())
            baseline = float(mean[start:start + length].mean())
            mean = mean.copy()
            mean[start:start + length] *= profile
            outbreaks.append(Outbreak(series=name, start=start, end=start + length - 1, baseline=baseline))
        sigma = rng.uniform(0.3, 0.8)
        sigmas[i] = sigma
        models.append({"sigma": float(sigma)})
        day_effect = np.exp(rng.normal(-sigma ** 2 / 2, sigma, days))  # mean 1
        counts[i] = rng.poisson(mean * day_effect)
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=outbreaks, evaluation_start=evaluation_start,
                         expected=expected_all, dispersion=None, generator="lognormal", baseline=expected_all, model=models)


def generate_regime(seed: int, *, n_series: int = 60, days: int = 730, min_rate: float = 0.5, max_rate: float = 30.0,
                    multiplier: float = 3.0) -> OutsideSeries:
    """A third generator, written before any detector change of issue #13 item 5's second round and never used
    for tuning (the held-out check of that round). Unlike the first two in every part:

    - days are a self-exciting process (an INGARCH/Hawkes-like autoregression): each appeal brings on average
      ``n`` (0.2–0.6 per series) more over the next days along a geometric kernel of mean 1–3 days, appeals
      arrive in same-day clumps (geometric sizes of mean 1.2–2.5), on top of a gamma day effect (shape 2–10):
      overdispersion of about 2–8 × the mean and day-to-day correlation, which neither a negative binomial nor
      a lognormal day effect has;
    - the week follows the official working calendar of 2021–2022 (`core.workcalendar.official_calendar`,
      the chinesecalendar data): days off at 15–70% of a working day, 调休 weekends worked, long holidays
      (春节, 国庆) quieter still by 0–40%;
    - the year is a periodic random walk through twelve monthly levels (σ 0.15–0.35), not a sinusoid;
    - a hidden two-state Markov regime: quiet, or busy at ×1.15–1.5 (a campaign, a policy in the news) for
      about two weeks, entered on average every 60–120 days;
    - zero days: in a third of the series 1–5% of days record nothing (an intake outage), the next working day
      catching up half of the lost appeals;
    - outbreaks of 3–7 days at ``multiplier`` × the immigrant rate, in a random half of the series in the last
      year (the self-excitation then carries a short tail after them, as real events do).
    """
    from yingshang.core.workcalendar import HOLIDAY, WORKDAY, official_calendar

    rng = np.random.default_rng(seed + 13_000_000)
    first_day = dt.date(2021, 1, 4)
    t = np.arange(days)
    dates = [first_day + dt.timedelta(days=int(d)) for d in t]
    official = official_calendar()
    kind = [official.get(d, (None,))[0] for d in dates]
    working = np.array([k == WORKDAY or (k != HOLIDAY and d.weekday() < 5) for d, k in zip(dates, kind)])
    # A long holiday: a run of at least 5 days off.
    long_off = np.zeros(days, dtype=bool)
    start = None
    for d in range(days + 1):
        if d < days and not working[d]:
            start = d if start is None else start
        elif start is not None:
            if d - start >= 5:
                long_off[start:d] = True
            start = None
    names = [f"R{seed}-{i:03d}" for i in range(n_series)]
    counts = np.zeros((n_series, days))
    expected_all = np.zeros((n_series, days))
    baseline_all = np.zeros((n_series, days))
    models: list[dict] = []
    outbreaks: list[Outbreak] = []
    evaluation_start = days - 365
    kernel_days = np.arange(1, 15)
    for i, name in enumerate(names):
        rate = float(np.exp(rng.uniform(np.log(min_rate), np.log(max_rate))))
        off_level = rng.uniform(0.15, 0.7)
        week = np.where(working, 1.0, off_level * np.where(long_off, rng.uniform(0.6, 1.0), 1.0))
        months = np.exp(rng.normal(0, rng.uniform(0.15, 0.35), 12))
        months /= months.mean()
        position = (t % 365.25) / 365.25 * 12
        low = np.floor(position).astype(int) % 12
        frac = position - np.floor(position)
        yearly = months[low] * (1 - frac) + months[(low + 1) % 12] * frac
        busy_factor, enter, leave = rng.uniform(1.15, 1.5), 1 / rng.uniform(60, 120), 1 / 14
        regime = np.ones(days)
        state = False
        for d in range(days):
            state = (rng.uniform() >= leave) if state else (rng.uniform() < enter)
            regime[d] = busy_factor if state else 1.0
        branching = rng.uniform(0.2, 0.6)
        kernel = (1 - 1 / rng.uniform(1.0, 3.0)) ** (kernel_days - 1)
        kernel /= kernel.sum()
        immigrants = rate * week / week.mean() * yearly * regime * (1 - branching)
        expected_all[i] = immigrants / (1 - branching)
        # Without the hidden regime's path: the deterministic intensity times the regime's stationary mean.
        busy_share = enter / (enter + leave)
        quiet_immigrants = rate * week / week.mean() * yearly * (1 - branching)
        baseline_all[i] = quiet_immigrants / (1 - branching) * (1 + (busy_factor - 1) * busy_share)
        if rng.uniform() < 0.5:
            length = int(rng.integers(3, 8))
            start = int(rng.integers(evaluation_start + 14, days - length - 3))
            baseline = float(expected_all[i, start:start + length].mean())
            immigrants = immigrants.copy()
            immigrants[start:start + length] *= multiplier
            outbreaks.append(Outbreak(series=name, start=start, end=start + length - 1, baseline=baseline))
        shape = rng.uniform(2.0, 10.0)
        day_effect = rng.gamma(shape, 1 / shape, days)
        cluster = rng.uniform(1.2, 2.5)  # mean size of a same-day clump (geometric)
        y = np.zeros(days)
        for d in range(days):
            past = y[max(0, d - 14):d][::-1]
            excited = branching * float(np.dot(kernel[:len(past)], past))
            clumps = rng.poisson((immigrants[d] * day_effect[d] + excited) / cluster)
            y[d] = clumps + (rng.negative_binomial(clumps, 1 / cluster) if clumps else 0)
        outage_rate = 0.0
        if rng.uniform() < 1 / 3:
            # (the operands in the order the comparison drew them: the days' uniforms first, then the rate)
            outage_draws = rng.uniform(size=days)
            outage_rate = rng.uniform(0.01, 0.05)
            outage = outage_draws < outage_rate
            for d in np.flatnonzero(outage):
                lost, y[d] = y[d], 0
                later = np.flatnonzero(working[d + 1:d + 8])
                if len(later):
                    y[d + 1 + later[0]] += rng.binomial(int(lost), 0.5)
        counts[i] = y
        models.append({"immigrants": quiet_immigrants, "busy_factor": float(busy_factor), "enter": float(enter),
                       "leave": float(leave), "branching": float(branching), "kernel": kernel, "shape": float(shape),
                       "cluster": float(cluster), "outage_rate": float(outage_rate), "working": working})
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=outbreaks, evaluation_start=evaluation_start,
                         expected=expected_all, dispersion=None, generator="regime", baseline=baseline_all, model=models)


# Generator four's scenario grid (after Noufaily et al. 2013, mapped to daily counts; docs/insights-warnings.md 生成器四).
NOUFAILY_LEVELS = (0.5, 1.0, 2.0, 4.0, 8.0, 15.0, 30.0)  # mean daily count over the two years (their θ grid)
NOUFAILY_TRENDS = (0.0, 0.001, 0.003)  # β per week, as in their design (t in weeks)
NOUFAILY_HARMONICS = (0, 1, 2)  # m
NOUFAILY_AMPLITUDES = (0.1, 0.2, 0.3, 0.4)  # |γ1|, |γ2| (signs random)
NOUFAILY_DISPERSIONS = (1.0, 1.5, 2.0, 3.0, 5.0)  # φ: variance = φ × mean (1 = Poisson)
NOUFAILY_SPREAD_SIGMA = 0.5  # log-normal spread of an outbreak's cases in time: LN(0, 0.5), as theirs
NOUFAILY_SPREAD_UNITS = 3  # their cases fall in ~3 weeks (50%, 42%, 7% by week); here those thirds are the L days


def generate_noufaily(seed: int, *, n_series: int = 60, days: int = 730, multiplier: float = 3.0,
                      latent: bool = True, outbreaks: bool = True) -> OutsideSeries:
    """A fourth generator, written before any detector change of issue #13 item 5's third round and never used for
    tuning: the simulation design of Noufaily et al. (2013, Stat. Med. 32:1206–1222, "An improved algorithm for
    outbreak detection in multiple surveillance systems"; also surveillance::sts_creation), adapted from weekly
    to daily counts, plus one component the real 12345 series shows.

    - Baseline, per series one scenario of a grid like theirs: negative binomial days of mean
      μ(t) = exp(θ + βt + Σ_{j≤m} γ1 cos(2πjt/365.25) + γ2 sin(2πjt/365.25)) and variance φμ, with t in weeks for
      the trend (β ∈ NOUFAILY_TRENDS per week) and the season on 365.25 days; m ∈ {0, 1, 2} harmonics sharing
      (γ1, γ2) as theirs do, |γ| ∈ NOUFAILY_AMPLITUDES with random signs; φ ∈ {1, 1.5, 2, 3, 5} (1: Poisson).
      θ is set so that the two-year mean is one of NOUFAILY_LEVELS (0.5–30 a day, our range, for their weekly
      levels), times a weekday profile (added for daily data: working days about equal, Saturday and Sunday at
      35–80%, the shape of the real series).
    - The real component: an AR(1) latent log-level a_t = ρ a_{t-1} + e_t, ρ 0.2–0.7, stationary sd 0.1–0.4
      (exp(a_t − sd²/2), mean 1), multiplying μ(t). The real 12345 series (hotspot_messages.csv, 2019) has a
      lag-1 correlation of its weekday-adjusted residuals of 0.16 and of lag 2 of 0.05: a short-lived correlated
      day level, as ρ ≈ 0.3 with sd ≈ 0.4 gives, on top of independent overdispersed days.
    - Outbreaks as theirs: a total of N ~ Poisson(k × σ) cases, σ = √(φ μ_L) the standard deviation of the
      baseline count over the outbreak's span (their week, our 3–7 days L), each case placed at a log-normal
      LN(0, 0.5) time after the start, in their unit a week (half the cases in the first, 42% in the second, 7% in
      the third); here the unit is a third of the span of L days, truncated at three units, so a 3-day outbreak
      is 50/42/8% by day and a 6-day one peaks on its second day. They sweep k (1–10); here
      k = (multiplier − 1) × μ_L / σ × s, s log-normal of mean 1 and sd 0.25, so that outbreaks average
      ``multiplier`` × the baseline over their days (the issue's target) with the scatter their Poisson sizes and
      ours give. In a random half of the series, in the last year,
      starting at least 14 days into it (as generators one to three).

    ``latent`` and ``outbreaks`` switch the AR(1) level and the outbreaks off (for tests of the stated properties).
    ``expected`` is the true mean including the latent level (what an oracle would know); ``dispersion`` is φ.
    """
    from scipy import stats as scipy_stats

    rng = np.random.default_rng(seed + 29_000_000)
    first_day = dt.date(2022, 1, 3)
    t = np.arange(days)
    weekday = np.array([(first_day + dt.timedelta(days=int(d))).weekday() for d in t])
    names = [f"N{seed}-{i:03d}" for i in range(n_series)]
    counts = np.zeros((n_series, days))
    expected_all = np.zeros((n_series, days))
    phis = np.zeros(n_series)
    baseline_all = np.zeros((n_series, days))
    models: list[dict] = []
    found: list[Outbreak] = []
    evaluation_start = days - 365
    angle = 2 * np.pi * t / YEAR_DAYS
    weeks = t / 7.0
    spread_top = float(scipy_stats.norm.cdf(np.log(NOUFAILY_SPREAD_UNITS) / NOUFAILY_SPREAD_SIGMA))
    for i, name in enumerate(names):
        level = float(rng.choice(NOUFAILY_LEVELS))
        beta = float(rng.choice(NOUFAILY_TRENDS))
        harmonics = int(rng.choice(NOUFAILY_HARMONICS))
        gamma1 = float(rng.choice(NOUFAILY_AMPLITUDES)) * rng.choice((-1.0, 1.0))
        gamma2 = float(rng.choice(NOUFAILY_AMPLITUDES)) * rng.choice((-1.0, 1.0))
        phi = float(rng.choice(NOUFAILY_DISPERSIONS))
        season = np.zeros(days)
        for j in range(1, harmonics + 1):
            season += gamma1 * np.cos(j * angle) + gamma2 * np.sin(j * angle)
        shape = np.exp(beta * weeks + season)
        week = np.exp(rng.normal(0.0, 0.08, 7))
        week[5] *= rng.uniform(0.35, 0.8)
        week[6] *= rng.uniform(0.35, 0.8)
        week /= week.mean()
        mean = level * shape / shape.mean() * week[weekday]
        baseline_all[i] = mean
        models.append({"phi": phi, "rho": 0.0, "sd": 0.0})
        if latent:
            rho, sd = rng.uniform(0.2, 0.7), rng.uniform(0.1, 0.4)
            models[-1].update(rho=float(rho), sd=float(sd))
            shocks = rng.normal(0.0, sd * np.sqrt(1 - rho ** 2), days)
            log_level = np.zeros(days)
            log_level[0] = rng.normal(0.0, sd)
            for d in range(1, days):
                log_level[d] = rho * log_level[d - 1] + shocks[d]
            day_mean = mean * np.exp(log_level - sd ** 2 / 2)
        else:
            day_mean = mean
        expected_all[i] = day_mean
        phis[i] = phi
        if phi > 1.0:
            counts[i] = rng.negative_binomial(day_mean / (phi - 1), 1 / phi)
        else:
            counts[i] = rng.poisson(day_mean)
        if outbreaks and rng.uniform() < 0.5:
            length = int(rng.integers(3, 8))
            start = int(rng.integers(evaluation_start + 14, days - length - 3))
            span_mean = float(mean[start:start + length].sum())
            sigma = float(np.sqrt(phi * span_mean))
            scatter = float(np.exp(rng.normal(-0.25 ** 2 / 2, 0.25)))
            k = (multiplier - 1) * span_mean / sigma * scatter
            cases = int(rng.poisson(k * sigma))
            # Each case at a log-normal LN(0, 0.5) time after the start in their unit (a week there, a third of the
            # span here), truncated to three units (the inverse CDF on [0, P(X < 3)): 98.6% of their cases).
            times = np.exp(NOUFAILY_SPREAD_SIGMA * scipy_stats.norm.ppf(rng.uniform(0, spread_top, cases)))
            offsets = np.minimum((times / NOUFAILY_SPREAD_UNITS * length).astype(int), length - 1)
            counts[i, start:start + length] += np.bincount(offsets, minlength=length)
            found.append(Outbreak(series=name, start=start, end=start + length - 1, baseline=span_mean / length, cases=cases))
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=found, evaluation_start=evaluation_start,
                         expected=expected_all, dispersion=phis, generator="noufaily", baseline=baseline_all, model=models)


def generate_series(seed: int, generator: str = "nb") -> OutsideSeries:
    """The outside series of ``generator`` ("nb": generate, "lognormal": generate_lognormal, "regime":
    generate_regime, "noufaily": generate_noufaily)."""
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}")
    return {"nb": generate, "lognormal": generate_lognormal, "regime": generate_regime,
            "noufaily": generate_noufaily}[generator](seed)


def outbreak_free_replicas(series: OutsideSeries, index: int, rng: np.random.Generator, n: int) -> np.ndarray:
    """``n`` fresh outbreak-free draws (n × days) of series ``index`` from its generator with the same parameters:
    the same baseline and dispersion, new day-to-day noise and new latent states (generator three's busy regime
    and self-excitation, generator four's AR(1) level). Only ``rng`` is drawn from, so the series itself is
    untouched. For the known-model bound (bench/bench_detection_bound.py), never for detection."""
    model, mean = series.model[index], series.baseline[index]
    days = len(mean)
    if series.generator == "nb":
        phi = model["phi"]
        return rng.negative_binomial(np.broadcast_to(mean / (phi - 1), (n, days)), 1 / phi).astype(np.float64)
    if series.generator == "lognormal":
        sigma = model["sigma"]
        return rng.poisson(mean * np.exp(rng.normal(-sigma ** 2 / 2, sigma, (n, days)))).astype(np.float64)
    if series.generator == "noufaily":
        phi, rho, sd = model["phi"], model["rho"], model["sd"]
        day_mean = np.broadcast_to(mean, (n, days)).copy()
        if sd > 0:
            log_level = np.zeros((n, days))
            log_level[:, 0] = rng.normal(0.0, sd, n)
            shocks = rng.normal(0.0, sd * np.sqrt(1 - rho ** 2), (n, days))
            for d in range(1, days):
                log_level[:, d] = rho * log_level[:, d - 1] + shocks[:, d]
            day_mean *= np.exp(log_level - sd ** 2 / 2)
        if phi > 1.0:
            return rng.negative_binomial(day_mean / (phi - 1), 1 / phi).astype(np.float64)
        return rng.poisson(day_mean).astype(np.float64)
    if series.generator == "regime":
        regime = np.ones((n, days))
        state = np.zeros(n, dtype=bool)
        for d in range(days):
            draw = rng.uniform(size=n)
            state = np.where(state, draw >= model["leave"], draw < model["enter"])
            regime[:, d] = np.where(state, model["busy_factor"], 1.0)
        immigrants = model["immigrants"] * regime * rng.gamma(model["shape"], 1 / model["shape"], (n, days))
        kernel, branching, cluster = model["kernel"], model["branching"], model["cluster"]
        y = np.zeros((n, days))
        for d in range(days):
            past = y[:, max(0, d - 14):d][:, ::-1]
            excited = branching * (past @ kernel[:past.shape[1]])
            clumps = rng.poisson((immigrants[:, d] + excited) / cluster)
            y[:, d] = clumps + np.where(clumps > 0, rng.negative_binomial(np.maximum(clumps, 1), 1 / cluster), 0)
        if model["outage_rate"] > 0:
            working = model["working"]
            for row in y:
                for d in np.flatnonzero(rng.uniform(size=days) < model["outage_rate"]):
                    lost, row[d] = row[d], 0
                    later = np.flatnonzero(working[d + 1:d + 8])
                    if len(later):
                        row[d + 1 + later[0]] += rng.binomial(int(lost), 0.5)
        return y
    raise ValueError(f"unknown generator {series.generator!r}")


def score(series: OutsideSeries, alarms: list[dict], *, grace_days: int = 3) -> dict:
    """Detection rate, false alarms per 100 series-months and median delay, from the alarm rows of
    `detect-series` (an alarm on the outbreak's series from its first day to ``grace_days`` after its end
    detects it; an alarm in the evaluation year that detects nothing is false)."""
    by_series: dict[str, list[int]] = {}
    for row in alarms:
        day = (dt.date.fromisoformat(row["date"]) - series.first_day).days
        if day >= series.evaluation_start:
            by_series.setdefault(row["series"], []).append(day)
    delays, used = [], set()
    for outbreak in series.outbreaks:
        hits = [d for d in by_series.get(outbreak.series, []) if outbreak.start <= d <= outbreak.end + grace_days]
        if hits:
            delays.append(min(hits) - outbreak.start)
            used.update((outbreak.series, d) for d in hits)
    false = sum(1 for name, days in by_series.items() for d in days if (name, d) not in used)
    months = (series.counts.shape[1] - series.evaluation_start) / 30.0
    n = len(series.names)
    return {
        "outbreaks": len(series.outbreaks), "detected": len(delays),
        "detection_rate": len(delays) / len(series.outbreaks) if series.outbreaks else float("nan"),
        "false_alarms": false, "false_alarms_per_100_series_month": false / (n / 100) / months,
        "median_delay_days": float(np.median(delays)) if delays else float("nan"),
    }
