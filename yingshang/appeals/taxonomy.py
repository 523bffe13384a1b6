"""Reading the label hierarchy: the published version, label lookups, the default CSV files."""

from __future__ import annotations

import csv
from pathlib import Path

from yingshang.core.textnorm import normalize_text

from .models import Label, TaxonomyVersion

DATA_DIR = Path(__file__).resolve().parent / "data"
TAXONOMY_CSV = DATA_DIR / "taxonomy.csv"
ROUTING_CSV = DATA_DIR / "routing_defaults.csv"
SEP = "/"

_cache: dict = {"stamp": None, "labels": {}}


def current_version() -> TaxonomyVersion | None:
    return TaxonomyVersion.objects.filter(status=TaxonomyVersion.Status.PUBLISHED).order_by("-number").first()


def current_labels() -> dict[str, Label]:
    """path → Label of the published version, cached until the version or its labels change."""
    version = current_version()
    if version is None:
        return {}
    # Published versions are frozen (labels change only in drafts), so the version row identifies them.
    stamp = (version.pk, version.version)
    if _cache["stamp"] != stamp:
        _cache["labels"] = {label.path: label for label in Label.objects.filter(taxonomy=version)}
        _cache["stamp"] = stamp
    return _cache["labels"]


def normalize_path(path: str) -> str:
    parts = [normalize_text(p) for p in (path or "").replace("／", SEP).replace(">", SEP).split(SEP)]
    return SEP.join(p for p in parts if p)


def find_label(path_or_code: str) -> Label | None:
    """A label of the published version by path (or its last levels) or by code."""
    labels = current_labels()
    key = normalize_path(path_or_code)
    if key in labels:
        return labels[key]
    for label in labels.values():
        if label.code == path_or_code.strip():
            return label
    tails = [label for path, label in labels.items() if path.endswith(SEP + key)]
    return tails[0] if len(tails) == 1 else None


def read_taxonomy_csv(path: Path = TAXONOMY_CSV) -> list[str]:
    """Leaf paths of a level1..level4 CSV (blank trailing levels allowed), in file order, deduplicated."""
    paths: list[str] = []
    seen = set()
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row in csv.DictReader(handle):
            parts = [normalize_text(row.get(f"level{i}", "") or "") for i in range(1, 5)]
            parts = [p for p in parts if p]
            if not parts:
                continue
            joined = SEP.join(parts)
            if joined not in seen:
                seen.add(joined)
                paths.append(joined)
    return paths


def read_routing_csv(path: Path = ROUTING_CSV) -> list[tuple[str, str]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        return [(normalize_path(r["label_prefix"]), normalize_text(r["unit_name"])) for r in csv.DictReader(handle) if r.get("label_prefix")]


def tree(version: TaxonomyVersion) -> list[dict]:
    """The version's labels as nested dicts (for the taxonomy page)."""
    nodes = {}
    roots = []
    for label in Label.objects.filter(taxonomy=version).order_by("level", "path"):
        node = {"label": label, "children": []}
        nodes[label.pk] = node
        (nodes[label.parent_id]["children"] if label.parent_id in nodes else roots).append(node)
    return roots
