"""Detectors on someone else's count series: `yingshang insights detect-series --in counts.csv --out alarms.csv`.

Input: a CSV with columns ``date,series,count`` (one row per series and day; days without a row count as 0)
and optionally ``parent``: the series it rolls up into, so that a tree of series (label → parent label) is
tested at every level, as production tests the label tree. Counts belong to the leaves; a parent's count is
the sum of its children. Output: one row per warning — ``series,date,method,observed,expected,p_value`` —
from exactly the detectors and settings of production (pipeline.detect with DetectionParameters()), so a
figure measured on outside series is a figure of the production detectors.

NumPy for the counts; the command is a thin wrapper, the tests call these functions directly.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass

import numpy as np

from .cube import SeriesCube
from .pipeline import METHOD_LABELS, DetectionParameters, DetectionResult, detect
from .tree import LabelTree

OUTPUT_COLUMNS = ["series", "date", "method", "observed", "expected", "p_value"]
REQUIRED = ("date", "series", "count")
SEPARATOR = "\x1f"  # joins tree paths internally: a series name may contain "/" (e.g. 城乡建设/物业)


class SeriesInputError(ValueError):
    """The input cannot be read; the message names the line and the problem, in Chinese."""


@dataclass
class SeriesTable:
    names: list[str]  # every series, leaves and parents
    parent: dict[str, str | None]
    first_day: dt.date
    counts: np.ndarray  # leaves × days (leaf order = LabelTree.labels)
    tree: LabelTree
    node_names: list[str]  # tree node index → series name


def _parse_date(text: str, line: int) -> dt.date:
    try:
        return dt.date.fromisoformat(text.strip()[:10])
    except ValueError:
        raise SeriesInputError(f"第 {line} 行:日期“{text}”不是 YYYY-MM-DD 格式") from None


def _parse_count(text: str, line: int) -> float:
    try:
        value = float(text)
    except ValueError:
        raise SeriesInputError(f"第 {line} 行:数量“{text}”不是数字") from None
    if not math.isfinite(value) or value < 0 or value != int(value):
        raise SeriesInputError(f"第 {line} 行:数量“{text}”应为非负整数")
    return value


def read_series(handle: io.TextIOBase) -> SeriesTable:
    reader = csv.DictReader(handle)
    header = [h.strip().lower() for h in (reader.fieldnames or [])]
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise SeriesInputError(f"缺少列:{', '.join(missing)}(需要 date,series,count,可选 parent)")
    reader.fieldnames = header
    rows: list[tuple[dt.date, str, float]] = []
    parent: dict[str, str | None] = {}
    for line, row in enumerate(reader, start=2):
        name = (row.get("series") or "").strip()
        if not name:
            raise SeriesInputError(f"第 {line} 行:series 为空")
        rows.append((_parse_date(row.get("date") or "", line), name, _parse_count(row.get("count") or "", line)))
        given = (row.get("parent") or "").strip() or None
        if parent.setdefault(name, given) != given:
            raise SeriesInputError(f"第 {line} 行:序列“{name}”的 parent 前后不一致(“{parent[name]}”与“{given}”)")
    if not rows:
        raise SeriesInputError("输入没有数据行")
    for name in list(parent.values()):
        if name is not None:
            parent.setdefault(name, None)
    parents = {p for p in parent.values() if p is not None}
    with_counts = {name for _d, name, c in rows if c > 0}
    both = sorted(with_counts & parents)
    if both:
        raise SeriesInputError(f"序列“{both[0]}”既有自己的计数又是其他序列的 parent:计数只能给末级序列,上级由汇总得到")

    def path(name: str) -> str:
        chain, seen = [], set()
        while name is not None:
            if name in seen:
                raise SeriesInputError(f"parent 关系成环:{' → '.join(chain + [name])}")
            seen.add(name)
            chain.append(name)
            name = parent[name]
        return SEPARATOR.join(reversed(chain))

    paths = {name: path(name) for name in parent}
    leaves = [name for name in parent if name not in parents]
    tree = _tree([paths[name] for name in leaves])
    first = min(d for d, _n, _c in rows)
    last = max(d for d, _n, _c in rows)
    n_days = (last - first).days + 1
    counts = np.zeros((len(tree.labels), n_days))
    label_row = {label: i for i, label in enumerate(tree.labels)}
    for day, name, count in rows:
        if name in parents:
            continue  # a parent's zero rows: its count comes from its children
        counts[label_row[paths[name]], (day - first).days] += count
    node_names = [node.rsplit(SEPARATOR, 1)[-1] for node in tree.nodes]
    return SeriesTable(names=list(parent), parent=parent, first_day=first, counts=counts, tree=tree, node_names=node_names)


def _tree(label_paths: list[str]) -> LabelTree:
    # LabelTree splits on "/"; series names may contain it, so paths use SEPARATOR and are mapped here.
    safe = [p.replace("/", "\x1e").replace(SEPARATOR, "/") for p in label_paths]
    tree = LabelTree(safe)
    tree.labels = [p.replace("/", SEPARATOR).replace("\x1e", "/") for p in tree.labels]
    tree.nodes = [p.replace("/", SEPARATOR).replace("\x1e", "/") for p in tree.nodes]
    tree.node_index = {p: i for i, p in enumerate(tree.nodes)}
    tree.label_index = {p: i for i, p in enumerate(tree.labels)}
    return tree


def build_cube(table: SeriesTable) -> SeriesCube:
    """One column per series (the 'city' column): outside series carry no districts, so the space-time
    scan has nothing to compare and the per-series detectors do the work."""
    nodes = table.tree.membership @ table.counts
    counts = np.asarray(nodes).reshape(len(table.tree), 1, table.counts.shape[1])
    return SeriesCube(tree=table.tree, districts=[], counts=counts, first_day_ordinal=table.first_day.toordinal())


def run(table: SeriesTable, *, warmup_days: int = 182, params: DetectionParameters | None = None,
        calendar=None) -> DetectionResult:
    """``calendar``: the working calendar (core.workcalendar.WorkCalendar; the command passes the platform's,
    benchmarks the official data), None = plain weeks."""
    cube = build_cube(table)
    if cube.n_days <= warmup_days + 1:
        raise SeriesInputError(f"序列只有 {cube.n_days} 天,少于预热期 {warmup_days} 天:检测需要足够的历史作为基线")
    return detect(cube, warmup_days, cube.n_days, params or DetectionParameters(), calendar)


def alarm_rows(table: SeriesTable, result: DetectionResult) -> list[dict]:
    rows = []
    for warning in sorted(result.warnings, key=lambda w: (w.first_alarm_day, table.tree.nodes[w.node])):
        rows.append({
            "series": table.node_names[warning.node],
            "date": (table.first_day + dt.timedelta(days=int(warning.first_alarm_day))).isoformat(),
            "method": warning.method,
            "observed": round(float(warning.observed), 3),
            "expected": round(float(warning.expected), 3),
            "p_value": f"{float(warning.p_value):.3g}",
        })
    return rows


def write_alarms(handle: io.TextIOBase, rows: list[dict]) -> None:
    """Through the kernel's CSV writer: series names come from the input file and are neutralised like
    every cell the platform writes (a name starting with = is not a formula when the file is opened)."""
    from yingshang.core.exports import write_csv

    write_csv(handle, OUTPUT_COLUMNS, ([row[c] for c in OUTPUT_COLUMNS] for row in rows))


METHOD_NAMES = METHOD_LABELS
