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
