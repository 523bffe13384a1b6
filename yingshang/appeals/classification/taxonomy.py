"""The default label taxonomy and routing table shipped in ``yingshang/appeals/data/``.

``taxonomy.csv`` (level1..level4, empty where a branch is shallower) lists the leaves; every prefix of
a leaf is a label too. ``routing_defaults.csv`` (label_prefix, unit_name) names the unit responsible
for a branch; the longest matching prefix wins, so a leaf can override its branch.
"""

from __future__ import annotations

import csv
from functools import lru_cache
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
TAXONOMY_CSV = DATA_DIR / "taxonomy.csv"
ROUTING_CSV = DATA_DIR / "routing_defaults.csv"
LEVEL_COLUMNS = ("level1", "level2", "level3", "level4")


@lru_cache(maxsize=4)
def load_taxonomy(path: str | Path = TAXONOMY_CSV) -> tuple[tuple[str, ...], ...]:
    """The leaves as tuples of level names (1 to 4 long), in file order."""
    with open(path, encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [c for c in LEVEL_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"标签体系文件缺少列:{'、'.join(missing)}")
        leaves = []
        for row in reader:
            levels = [(row[c] or "").strip() for c in LEVEL_COLUMNS]
            depth = next((i for i, name in enumerate(levels) if not name), len(levels))
            if depth == 0 or any(levels[depth:]):
                raise ValueError(f"标签体系第 {reader.line_num} 行的层级不连续:{levels}")
            leaves.append(tuple(levels[:depth]))
    return tuple(leaves)


def taxonomy_labels(level_sep: str = "/", path: str | Path = TAXONOMY_CSV) -> list[str]:
    """The leaf labels as full paths (``营商环境/拖欠账款/政府机关拖欠/拖欠工程款``)."""
    return [level_sep.join(leaf) for leaf in load_taxonomy(path)]


@lru_cache(maxsize=4)
def load_routing_defaults(path: str | Path = ROUTING_CSV) -> tuple[tuple[str, str], ...]:
    """(label prefix, unit name) pairs, in file order."""
    with open(path, encoding="utf-8", newline="") as handle:
        return tuple((row["label_prefix"].strip(), row["unit_name"].strip()) for row in csv.DictReader(handle))


def responsible_unit(label: str, routing: tuple[tuple[str, str], ...] | None = None, level_sep: str = "/") -> str | None:
    """The unit of the longest routing prefix that covers ``label`` (whole levels only), or None."""
    routing = load_routing_defaults() if routing is None else routing
    best, best_depth = None, -1
    for prefix, unit in routing:
        if label == prefix or label.startswith(prefix + level_sep):
            prefix_depth = prefix.count(level_sep)
            if prefix_depth > best_depth:
                best, best_depth = unit, prefix_depth
    return best
