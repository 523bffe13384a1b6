"""Daily count cubes: leaf × district × day from raw rows, then node × (district + city) × day."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .tree import LabelTree


def leaf_day_counts(label_idx, district_idx, day_idx, *, n_labels: int, n_districts: int, n_days: int) -> np.ndarray:
    """Counts[label, district, day] from one row per appeal (three integer arrays), by one bincount.

    Rows with a negative index (unknown label or district, a day outside the range) are dropped."""
    label_idx = np.asarray(label_idx, dtype=np.int64)
    district_idx = np.asarray(district_idx, dtype=np.int64)
    day_idx = np.asarray(day_idx, dtype=np.int64)
    keep = (label_idx >= 0) & (district_idx >= 0) & (day_idx >= 0) & (day_idx < n_days)
    flat = (label_idx[keep] * n_districts + district_idx[keep]) * n_days + day_idx[keep]
    counts = np.bincount(flat, minlength=n_labels * n_districts * n_days)
    return counts.reshape(n_labels, n_districts, n_days).astype(np.float64)


@dataclass
class SeriesCube:
    """counts[node, column, day]; columns are the districts, then the city as a whole (last column)."""

    tree: LabelTree
    districts: list  # district keys (codes), in column order; the city-wide column has key None
    counts: np.ndarray
    first_day_ordinal: int  # date.toordinal() of day index 0

    @property
    def n_columns(self) -> int:
        return self.counts.shape[1]

    @property
    def city_column(self) -> int:
        return self.counts.shape[1] - 1

    @property
    def n_days(self) -> int:
        return self.counts.shape[2]

    def matrix(self) -> np.ndarray:
        """The cube as series × day (series = node * n_columns + column), a view."""
        return self.counts.reshape(-1, self.n_days)

    def series_of(self, node: int, column: int) -> int:
        return node * self.n_columns + column

    def node_column(self, series: int) -> tuple[int, int]:
        return divmod(int(series), self.n_columns)

    def district_of(self, column: int):
        return None if column == self.city_column else self.districts[column]


def build_series_cube(tree: LabelTree, leaf_counts: np.ndarray, districts: list, first_day_ordinal: int) -> SeriesCube:
    """Sum the label × district × day counts up the tree (one sparse product) and add the city column."""
    n_labels, n_districts, n_days = leaf_counts.shape
    nodes = tree.membership @ leaf_counts.reshape(n_labels, n_districts * n_days)
    cube = np.empty((len(tree), n_districts + 1, n_days), dtype=np.float64)
    cube[:, :n_districts, :] = np.asarray(nodes).reshape(len(tree), n_districts, n_days)
    cube[:, n_districts, :] = cube[:, :n_districts, :].sum(axis=1)
    return SeriesCube(tree=tree, districts=list(districts), counts=cube, first_day_ordinal=first_day_ordinal)
