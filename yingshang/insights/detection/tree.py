"""The label tree as index arrays: every prefix of every label path is a node."""

from __future__ import annotations

import numpy as np
from scipy import sparse


class LabelTree:
    """Nodes are all prefixes of the given label paths ("一级/二级/三级"). ``membership`` (nodes × labels,
    sparse 0/1) maps counts of the given labels to counts of every node: a node counts itself and all
    labels below it, so summing up the tree is one sparse matrix product."""

    def __init__(self, label_paths):
        self.labels: list[str] = sorted(set(p for p in label_paths if p))
        nodes = set()
        for path in self.labels:
            parts = path.split("/")
            nodes.update("/".join(parts[: i + 1]) for i in range(len(parts)))
        self.nodes: list[str] = sorted(nodes)
        self.node_index = {path: i for i, path in enumerate(self.nodes)}
        self.label_index = {path: i for i, path in enumerate(self.labels)}
        self.parent = np.array([self.node_index.get(p.rsplit("/", 1)[0], -1) if "/" in p else -1 for p in self.nodes], dtype=np.int64)
        self.depth = np.array([p.count("/") + 1 for p in self.nodes], dtype=np.int64)
        rows, cols = [], []
        for j, path in enumerate(self.labels):
            parts = path.split("/")
            for i in range(len(parts)):
                rows.append(self.node_index["/".join(parts[: i + 1])])
                cols.append(j)
        self.membership = sparse.csr_matrix((np.ones(len(rows), dtype=np.float64), (rows, cols)), shape=(len(self.nodes), len(self.labels)))

    def __len__(self) -> int:
        return len(self.nodes)

    def ancestors(self, node: int) -> list[int]:
        """Proper ancestors of ``node``, nearest first."""
        found = []
        node = int(self.parent[node])
        while node >= 0:
            found.append(node)
            node = int(self.parent[node])
        return found

    def label_node(self, path: str) -> int:
        return self.node_index[path]
