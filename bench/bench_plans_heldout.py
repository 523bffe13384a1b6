"""Plan importer on plans nobody tuned it on: accuracy per input shape on the held-out fixtures.

The fixtures (``yingshang/plans/tests/fixtures/heldout_plans/``, see its README) are excerpts of published
plans of other cities and ministries in five shapes — text with line breaks, one paragraph (line breaks
lost), a flattened table (cells run together on one line), a DOCX table and an HTML table — annotated by
hand: every item's number path, its lead units and its deadlines. The ``dev`` part was looked at while
the rules were written; the ``heldout`` part was annotated first and only scored at the end.

Measures (the issue's): items found with the right number path; among the items that state them, items
whose lead units (as a set of names, traditional characters simplified) and whose deadlines (as a set of
dates, or 持续推进-like kinds) are exactly right. ``spurious`` counts items given a lead unit or a
deadline the annotation does not have.

Usage: python -m bench.bench_plans_heldout [--split dev|heldout|all]
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "yingshang" / "plans" / "tests" / "fixtures" / "heldout_plans"
SHAPES = ("text", "paragraph", "flat_table", "docx_table", "html_table")


def _unit_key(name: str) -> str:
    from yingshang.plans.parsing.cleanup import to_simplified

    return re.sub(r"\s+", "", to_simplified(name)).replace("（", "(").replace("）", ")")


def _deadline_key(deadline: dict) -> str:
    if deadline["date"]:
        return deadline["date"]
    if deadline["kind"] != "date":
        return deadline["kind"]
    return "text:" + deadline["text"]


def load_annotations() -> list[dict]:
    plans = json.loads((FIXTURES / "annotations.json").read_text(encoding="utf-8"))["plans"]
    by_file = {plan["file"]: plan for plan in plans}
    for plan in plans:
        if "same_items_as" in plan:
            plan["items"] = by_file[plan["same_items_as"]]["items"]
    return plans


def score_plan(annotation: dict) -> dict:
    """Counts for one fixture: items, items_right, lead_stated, lead_right, deadlines_stated, deadlines_right…"""
    from yingshang.plans.parsing import PlanParseError, iter_items, parse_plan

    counts = dict.fromkeys(
        ("items", "items_right", "lead_stated", "lead_right", "deadlines_stated", "deadlines_right", "spurious_lead", "spurious_deadlines", "extra_items"), 0
    )
    counts["items"] = len(annotation["items"])
    try:
        plan = parse_plan(FIXTURES / annotation["file"])
    except PlanParseError:
        for item in annotation["items"]:
            counts["lead_stated"] += bool(item["lead"])
            counts["deadlines_stated"] += bool(item["deadlines"])
        return counts
    got = {tuple(item["path"]): item for item in iter_items(plan)}
    counts["extra_items"] = len(set(got) - {tuple(i["path"]) for i in annotation["items"]})
    for want in annotation["items"]:
        item = got.get(tuple(want["path"]))
        counts["items_right"] += item is not None
        lead = {_unit_key(m["mention"]) for m in item["lead_units"]} if item else set()
        deadlines = {_deadline_key(d) for d in item["deadlines"]} if item else set()
        if want["lead"]:
            counts["lead_stated"] += 1
            counts["lead_right"] += lead == {_unit_key(name) for name in want["lead"]}
        elif lead:
            counts["spurious_lead"] += 1
        if want["deadlines"]:
            counts["deadlines_stated"] += 1
            counts["deadlines_right"] += deadlines == set(want["deadlines"])
        elif deadlines:
            counts["spurious_deadlines"] += 1
    return counts


def score(split: str = "heldout") -> dict[str, dict]:
    """Counts per shape (and ``all``) over the fixtures of ``split`` (dev, heldout or all)."""
    totals: dict[str, dict] = {}
    for annotation in load_annotations():
        if split != "all" and annotation["split"] != split:
            continue
        counts = score_plan(annotation)
        for key in (annotation["shape"], "all"):
            bucket = totals.setdefault(key, {"plans": 0})
            bucket["plans"] += 1
            for name, value in counts.items():
                bucket[name] = bucket.get(name, 0) + value
    return totals


def rate(right: int, total: int) -> float | None:
    return right / total if total else None


def _pct(right: int, total: int) -> str:
    return f"{right}/{total} {100 * right / total:.0f}%" if total else "—"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_plans_heldout", description="方案解析:其他城市、部委方案的准确率(按形态)")
    parser.add_argument("--split", choices=("dev", "heldout", "all"), default="heldout")
    options = parser.parse_args(argv or [])
    for split in ("dev", "heldout") if options.split == "all" else (options.split,):
        totals = score(split)
        print(f"[{split}]")
        print(f"{'shape':<12}{'plans':>6}{'items (path)':>16}{'lead units':>14}{'deadlines':>14}{'spurious':>10}")
        for shape in (*SHAPES, "all"):
            if shape not in totals:
                continue
            t = totals[shape]
            print(
                f"{shape:<12}{t['plans']:>6}{_pct(t['items_right'], t['items']):>16}{_pct(t['lead_right'], t['lead_stated']):>14}"
                f"{_pct(t['deadlines_right'], t['deadlines_stated']):>14}{t['spurious_lead'] + t['spurious_deadlines']:>10}"
            )


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
