"""Synthetic appeal count streams with known injected events: the ground truth for the detectors.

Counts per leaf label × district × day are Poisson around a baseline that has a weekly pattern, a
yearly trend, a seasonal bump for some labels (供暖 in November, 排水 in summer) and day-to-day
overdispersion shared by a label's districts (weather, news). Four kinds of event are injected in the
last year, each on its own leaf label:

- outbreak: 3× the baseline in one district for 3–5 days, on a series with at least 3 appeals a day
  (a 3× rise of a series with one appeal a week is not an outbreak anyone could see);
- slow: a slow-growing issue, the rate of one district rising linearly to 2.5× over four weeks and
  staying there for two more;
- seasonal: a seasonal wave 1.6× stronger than usual, in every district, for the 41 days around the
  label's peak;
- repeated: one address calling again and again (2.5 extra appeals a day for a week) on a quiet series
  (below one appeal every two days).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np

EVENT_KINDS = ("outbreak", "slow", "seasonal", "repeated")
EVENT_KIND_LABELS = {"outbreak": "突发局部暴发(3倍)", "slow": "缓慢增长苗头", "seasonal": "强于往年的季节波峰", "repeated": "同一地址反复诉求"}
WEEKLY_PATTERN = np.array([1.12, 1.1, 1.08, 1.05, 1.02, 0.85, 0.78])  # Monday … Sunday


@dataclass
class InjectedEvent:
    kind: str
    label: int  # leaf index
    label_path: str
    district: int | None  # column; None = every district
    start: int  # first day index
    end: int  # last day index (inclusive)
    baseline_rate: float  # mean daily count of the series before the event
    description: str


@dataclass
class Simulation:
    seed: int
    label_paths: list[str]
    districts: list[str]
    counts: np.ndarray  # leaf × district × day
    events: list[InjectedEvent]
    first_day_ordinal: int
    evaluation_start: int  # first day index of the evaluated year

    @property
    def n_days(self) -> int:
        return self.counts.shape[2]

    def day(self, index: int) -> dt.date:
        return dt.date.fromordinal(self.first_day_ordinal + index)


def label_paths_for(n_labels: int) -> list[str]:
    """A three-level tree of ``n_labels`` leaves: about 8 leaves per top-level label, 3–4 per middle one."""
    n_top = max(2, round(n_labels / 8))
    paths = []
    for leaf in range(n_labels):
        top = leaf % n_top
        middle = (leaf // n_top) % 2
        paths.append(f"领域{top + 1:02d}/类别{top + 1:02d}-{middle + 1}/事项{leaf + 1:03d}")
    return paths


def simulate(seed: int, *, days: int = 1095, labels: int = 60, districts: int = 12, daily_total: float = 3000.0,
             events_per_kind: int = 6, evaluation_days: int = 365, end: dt.date = dt.date(2026, 11, 22)) -> Simulation:
    rng = np.random.default_rng(seed)
    paths = label_paths_for(labels)
    district_names = [f"区县{d + 1:02d}" for d in range(districts)]
    first_ordinal = end.toordinal() - days + 1
    ordinals = first_ordinal + np.arange(days)
    weekday = (ordinals - 1) % 7
    day_of_year = np.array([dt.date.fromordinal(int(o)).timetuple().tm_yday for o in ordinals])

    label_share = rng.lognormal(0.0, 1.1, labels)
    label_share /= label_share.sum()
    district_share = rng.lognormal(0.0, 0.45, districts)
    district_share /= district_share.sum()
    base = daily_total * label_share[:, None] * district_share[None, :]  # leaf × district, mean per day

    # About one label in six is seasonal, peaking on its own day of the year.
    seasonal = rng.random(labels) < 1 / 6
    peak = rng.integers(1, 366, labels)
    amplitude = rng.uniform(1.5, 3.0, labels)
    distance = np.abs(day_of_year[None, :] - peak[:, None])
    distance = np.minimum(distance, 365 - distance)
    season = 1 + np.where(seasonal[:, None], amplitude[:, None] * np.exp(-0.5 * (distance / 18.0) ** 2), 0.0)
    season = season / season.mean(axis=1, keepdims=True)
    trend = 1.05 ** (np.arange(days) / 365.0)
    noise = rng.gamma(40.0, 1 / 40.0, size=(labels, days))  # shared by the label's districts
    label_day = season * trend[None, :] * WEEKLY_PATTERN[weekday][None, :] * noise  # leaf × day
    rate = base[:, :, None] * label_day[:, None, :]
    extra = np.zeros_like(rate)

    evaluation_start = days - evaluation_days
    events: list[InjectedEvent] = []
    used: set[int] = set()

    def free_series(condition):
        rows, cols = np.nonzero(condition)
        keep = [(r, c) for r, c in zip(rows, cols) if r not in used]
        return keep[int(rng.integers(0, len(keep)))] if keep else None

    def start_between(length):
        return int(rng.integers(evaluation_start + 14, days - length))

    for _ in range(events_per_kind):
        pick = free_series((base >= 3.0) & ~seasonal[:, None])
        if pick:
            leaf, district = pick
            length = int(rng.integers(3, 6))
            start = start_between(length)
            rate[leaf, district, start:start + length] *= 3.0
            used.add(leaf)
            events.append(InjectedEvent("outbreak", int(leaf), paths[leaf], int(district), start, start + length - 1, float(base[leaf, district]),
                                        f"{paths[leaf]} 在 {district_names[district]} 连续 {length} 天升至基线 3 倍"))
        pick = free_series((base >= 0.5) & ~seasonal[:, None])
        if pick:
            leaf, district = pick
            start = start_between(42)
            ramp = np.concatenate([np.linspace(1.0, 2.5, 28), np.full(14, 2.5)])
            rate[leaf, district, start:start + 42] *= ramp
            used.add(leaf)
            events.append(InjectedEvent("slow", int(leaf), paths[leaf], int(district), start, start + 41, float(base[leaf, district]),
                                        f"{paths[leaf]} 在 {district_names[district]} 四周内缓慢升至 2.5 倍并持续两周"))
        candidates = [leaf for leaf in np.flatnonzero(seasonal) if leaf not in used and base[leaf].sum() >= 5.0]
        if candidates:
            leaf = int(candidates[int(rng.integers(0, len(candidates)))])
            peak_days = np.flatnonzero(day_of_year[evaluation_start:] == peak[leaf]) + evaluation_start
            if len(peak_days):
                start = max(evaluation_start + 7, int(peak_days[0]) - 20)
                stop = min(days - 1, int(peak_days[0]) + 20)
                rate[leaf, :, start:stop + 1] *= 1.6
                used.add(leaf)
                events.append(InjectedEvent("seasonal", leaf, paths[leaf], None, start, stop, float(base[leaf].sum()),
                                            f"{paths[leaf]} 季节波峰比往年强 60%(全市各区县,{stop - start + 1} 天)"))
        pick = free_series((base <= 0.5) & (base >= 0.05) & ~seasonal[:, None])
        if pick:
            leaf, district = pick
            start = start_between(7)
            extra[leaf, district, start:start + 7] += 2.5
            used.add(leaf)
            events.append(InjectedEvent("repeated", int(leaf), paths[leaf], int(district), start, start + 6, float(base[leaf, district]),
                                        f"{paths[leaf]} 在 {district_names[district]} 同一地址一周内每天约 2.5 次反复来电"))
    counts = rng.poisson(rate + extra).astype(np.float64)
    events.sort(key=lambda e: (e.start, e.kind))
    return Simulation(seed=seed, label_paths=paths, districts=district_names, counts=counts, events=events,
                      first_day_ordinal=first_ordinal, evaluation_start=evaluation_start)
