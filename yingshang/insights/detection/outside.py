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
                         expected=expected, dispersion=phis)


# Chinese public holidays of 2023–2024 (the second generator's calendar): long closures and single days off.
HOLIDAYS = (
    ("2023-01-21", "2023-01-27"), ("2023-04-05", "2023-04-05"), ("2023-04-29", "2023-05-03"), ("2023-06-22", "2023-06-24"),
    ("2023-09-29", "2023-10-06"), ("2023-12-30", "2024-01-01"), ("2024-02-10", "2024-02-17"), ("2024-04-04", "2024-04-06"),
    ("2024-05-01", "2024-05-05"), ("2024-06-10", "2024-06-10"), ("2024-09-15", "2024-09-17"), ("2024-10-01", "2024-10-07"),
)
GENERATORS = ("nb", "lognormal", "regime")


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
        day_effect = np.exp(rng.normal(-sigma ** 2 / 2, sigma, days))  # mean 1
        counts[i] = rng.poisson(mean * day_effect)
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=outbreaks, evaluation_start=evaluation_start,
                         expected=expected_all, dispersion=None)


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
        if rng.uniform() < 1 / 3:
            outage = rng.uniform(size=days) < rng.uniform(0.01, 0.05)
            for d in np.flatnonzero(outage):
                lost, y[d] = y[d], 0
                later = np.flatnonzero(working[d + 1:d + 8])
                if len(later):
                    y[d + 1 + later[0]] += rng.binomial(int(lost), 0.5)
        counts[i] = y
    return OutsideSeries(first_day=first_day, names=names, counts=counts, outbreaks=outbreaks, evaluation_start=evaluation_start,
                         expected=expected_all, dispersion=None)


def generate_series(seed: int, generator: str = "nb") -> OutsideSeries:
    """The outside series of ``generator`` ("nb": generate, "lognormal": generate_lognormal, "regime":
    generate_regime)."""
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}")
    return {"nb": generate, "lognormal": generate_lognormal, "regime": generate_regime}[generator](seed)


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
