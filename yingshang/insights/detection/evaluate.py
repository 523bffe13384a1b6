"""Match the detectors' warnings to the simulator's injected events and measure them.

An event is detected by a warning on its label or one of its ancestors, in its district or city-wide
(any district for a city-wide event), whose alarm days overlap the event's days (plus ``slack`` days
after its end, for windowed tests that fire as the window closes). Delay = first such alarm day −
event start. A false alarm is a top-level warning (roll-up children are part of their parent) that
matches no event; the rate is per 100 series (label nodes × (districts + city)) per 30 days.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .cube import build_series_cube
from .pipeline import METHODS, DetectionParameters, DetectionResult, detect
from .simulate import EVENT_KINDS, Simulation, simulate
from .tree import LabelTree

SLACK_DAYS = 3


@dataclass
class Evaluation:
    simulation: Simulation
    result: DetectionResult
    n_series: int
    months: float
    overall: dict
    per_kind: dict
    per_method: dict


def _is_ancestor_or_self(node_path: str, label_path: str) -> bool:
    return label_path == node_path or label_path.startswith(node_path + "/")


def _first_match(event, alarms, city_column) -> int | None:
    """The first alarm day of the (label_path, column, first_day, last_day) alarms that detect ``event``."""
    best = None
    for label_path, column, first_day, last_day in alarms:
        if not _is_ancestor_or_self(label_path, event.label_path):
            continue
        if event.district is not None and column not in (event.district, city_column):
            continue
        if first_day > event.end + SLACK_DAYS or last_day < event.start:
            continue
        day = max(first_day, event.start)
        best = day if best is None else min(best, day)
    return best


def _score(events, alarms, city_column, n_series, months) -> dict:
    delays, kinds = [], {}
    matched_alarms = set()
    for event in events:
        day = _first_match(event, alarms, city_column)
        kinds.setdefault(event.kind, []).append(None if day is None else day - event.start)
        if day is not None:
            delays.append(day - event.start)
    for index, alarm in enumerate(alarms):
        if any(_first_match(event, [alarm], city_column) is not None for event in events):
            matched_alarms.add(index)
    false_alarms = len(alarms) - len(matched_alarms)
    return {
        "events": len(events), "detected": len(delays),
        "detection_rate": len(delays) / len(events) if events else float("nan"),
        "false_alarms": false_alarms, "false_alarms_per_100_series_month": false_alarms / (n_series / 100) / months,
        "median_delay_days": float(np.median(delays)) if delays else float("nan"), "delays_by_kind": kinds,
    }


def evaluate(seed: int, *, params: DetectionParameters | None = None, calendar=None, **simulation_options) -> Evaluation:
    """``calendar``: the working calendar the detectors see (default: the official one of core.workcalendar, as
    production sees its own; the simulator itself has no holidays)."""
    if calendar is None:
        from yingshang.core.workcalendar import WorkCalendar

        calendar = WorkCalendar.official()
    simulation = simulate(seed, **simulation_options)
    tree = LabelTree(simulation.label_paths)
    # The simulator's leaves are the tree's labels in the same (sorted) order.
    assert tree.labels == sorted(simulation.label_paths)
    order = [simulation.label_paths.index(path) for path in tree.labels]
    cube = build_series_cube(tree, simulation.counts[order], simulation.districts, simulation.first_day_ordinal)
    params = params or DetectionParameters(seed=seed)
    result = detect(cube, simulation.evaluation_start, simulation.n_days, params, calendar)
    n_series = len(tree) * cube.n_columns
    months = (simulation.n_days - simulation.evaluation_start) / 30.0
    city = cube.city_column
    top_level = [(w.label_path, w.column, w.first_alarm_day, w.window_end) for w in result.warnings if w.parent is None]
    every = [(w.label_path, w.column, w.first_alarm_day, w.window_end) for w in result.warnings]
    overall = _score(simulation.events, every, city, n_series, months)
    overall_top = _score(simulation.events, top_level, city, n_series, months)
    overall["false_alarms"] = overall_top["false_alarms"]
    overall["false_alarms_per_100_series_month"] = overall_top["false_alarms_per_100_series_month"]
    overall["warnings"], overall["top_level_warnings"] = len(every), len(top_level)
    per_kind = {}
    for kind in EVENT_KINDS:
        events = [e for e in simulation.events if e.kind == kind]
        per_kind[kind] = _score(events, every, city, n_series, months) if events else None
    per_method = {}
    for method in METHODS:
        alarms = []
        for episode in result.episodes:
            if episode.method == method:
                node, column = cube.node_column(episode.series)
                alarms.append((tree.nodes[node], column, episode.first_day, episode.last_day))
        per_method[method] = _score(simulation.events, alarms, city, n_series, months)
    return Evaluation(simulation=simulation, result=result, n_series=n_series, months=months, overall=overall,
                      per_kind=per_kind, per_method=per_method)


def summary_line(evaluation: Evaluation) -> str:
    o = evaluation.overall
    return (f"detection_rate={o['detection_rate']:.3f} false_alarms_per_100_series_month={o['false_alarms_per_100_series_month']:.3f} "
            f"median_delay_days={o['median_delay_days']:.1f}")
