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
GENERATORS = ("nb", "lognormal")


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


def generate_series(seed: int, generator: str = "nb") -> OutsideSeries:
    """The outside series of ``generator`` ("nb": generate, "lognormal": generate_lognormal)."""
    if generator not in GENERATORS:
        raise ValueError(f"unknown generator {generator!r}")
    return generate(seed) if generator == "nb" else generate_lognormal(seed)


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
