"""Repeated appeals about one place: a burst of appeals with one label at one address.

Series of the label tree × district are too coarse to say *where*; the places area links each appeal
to a normalised address (insights.Place). Here every (place, label) pair is a tiny series: a burst is
``min_count`` or more appeals within ``window`` days where the place's own rate over the ``baseline``
days before makes that improbable (Poisson tail ≤ alpha; a place with no history counts as half an
appeal per baseline period).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import stats

from .methods import prefix_sums, window_sums


@dataclass
class PlaceBurst:
    group: int
    first_alarm_day: int
    last_alarm_day: int
    window_start: int
    observed: float
    expected: float
    p_value: float


def place_bursts(group_idx, day_idx, *, n_groups: int, n_days: int, first_day: int, window: int = 7, baseline: int = 90,
                 min_count: int = 3, alpha: float = 1e-4, merge_gap_days: int = 7) -> tuple[list[PlaceBurst], np.ndarray, np.ndarray]:
    """Bursts per group (a place × label) among days first_day … n_days-1, consecutive alarm days merged;
    also returns the daily counts (group × day) and the expected daily rate per group (group × day)."""
    group_idx, day_idx = np.asarray(group_idx, dtype=np.int64), np.asarray(day_idx, dtype=np.int64)
    keep = (day_idx >= 0) & (day_idx < n_days) & (group_idx >= 0)
    counts = np.bincount(group_idx[keep] * n_days + day_idx[keep], minlength=n_groups * n_days).reshape(n_groups, n_days).astype(np.float64)
    days = np.arange(first_day, n_days)
    prefix = prefix_sums(counts)
    recent, _ = window_sums(prefix, days, window - 1, 0)
    before, n_before = window_sums(prefix, days, window - 1 + baseline, window)
    rate = np.maximum(before / np.maximum(n_before, 1), 0.5 / baseline)
    expected = rate * window
    candidate = recent >= min_count
    p = np.ones(recent.shape)
    p[candidate] = stats.poisson.sf(recent[candidate] - 1, expected[candidate])
    alarm = candidate & (p <= alpha)
    bursts: list[PlaceBurst] = []
    for group in np.flatnonzero(alarm.any(axis=1)):
        alarm_days = days[alarm[group]]
        starts = np.flatnonzero(np.diff(np.concatenate([[-10**9], alarm_days])) > merge_gap_days)
        ends = np.append(starts[1:], len(alarm_days))
        for start, end in zip(starts, ends):
            columns = alarm_days[start:end] - first_day
            best = columns[int(np.argmin(p[group, columns]))]
            bursts.append(PlaceBurst(group=int(group), first_alarm_day=int(alarm_days[start]), last_alarm_day=int(alarm_days[end - 1]),
                                     window_start=int(alarm_days[start]) - window + 1, observed=float(recent[group, best]),
                                     expected=float(expected[group, best]), p_value=float(p[group, best])))
    daily_rate = np.zeros_like(counts)
    daily_rate[:, first_day:] = rate
    return bursts, counts, daily_rate
