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

Parts: ``dev`` (both earlier batches' dev files and the third batch's), ``heldout`` (the first two batches'
held-out files, unchanged since they were scored), ``heldout3`` (the third batch's held-out files) and
``heldout4`` (the fourth batch: seven plans annotated before round 4 changed the parser; looked at in round 5,
so dev-like from then on), ``heldout5`` (the fifth batch: eight plans annotated before round 5 changed the
parser; looked at in round 6, so dev-like from then on), ``heldout6`` (the sixth batch: eight plans annotated
before round 6 changed the parser; looked at in round 7, so dev-like from then on), ``heldout7`` (the seventh
batch: eight plans annotated before round 7 changed the parser; looked at in round 8, so dev-like from then on),
``heldout8`` (the eighth batch: five plans annotated before round 8 changed the parser), ``heldout9`` (the ninth
batch: thirteen plans annotated before round 9 changed the parser, scored once at the end of that round),
``heldout10`` (the tenth batch: plans annotated before round 10 changed the parser), ``heldout11`` (the
eleventh batch: plans annotated before round 11 changed the parser), ``heldout12`` (the twelfth batch:
plans annotated before round 12 changed the parser), ``heldout13`` (the thirteenth batch: plans annotated
before round 13 changed the parser), ``heldout14`` (the fourteenth batch: plans annotated blind, committed before
any parser run on them), ``heldout15`` (the fifteenth part: plans annotated blind, scored once at round 15's end),
``heldout16`` (the sixteenth part: plans annotated blind, to be scored once later), ``heldout17`` (the
seventeenth part: plans annotated blind, to be scored once later) and ``written1`` (plans written blind, not real
documents: their figure is reported apart and never pooled with the real parts).
``--before REV`` also scores the parser as it was at git revision REV (e.g. main) on the same files in the
same run, and prints before → after.

Usage: python -m bench.bench_plans_heldout [--split PART|all] [--before REV]
(PART: any folder of the fixtures, e.g. dev, heldout254, written70)
"""

from __future__ import annotations

import argparse
import functools
import importlib.util
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "yingshang" / "plans" / "tests" / "fixtures" / "heldout_plans"
SHAPES = ("text", "paragraph", "flat_table", "docx_table", "html_table", "pdf", "xlsx_table")
# The shapes every part of real plans is built to cover (PDF and XLSX parts came later, written blind).
CORE_SHAPES = SHAPES[:5]
def _fixture_parts() -> tuple[str, ...]:
    """Every part of the fixtures (one folder each, holding its annotations.json): dev and heldout first, then the
    numbered parts in order — a new part is scored as soon as its folder is there, with no list to keep in step."""

    def order(name: str) -> tuple:
        kind, number = re.fullmatch(r"(\D+?)(\d*)", name).groups()
        return (name not in ("dev", "heldout"), kind, int(number or 0))

    return tuple(sorted((path.parent.name for path in FIXTURES.glob("*/annotations.json")), key=order))


SPLITS = _fixture_parts()


def _unit_key(name: str) -> str:
    from yingshang.plans.parsing.cleanup import to_simplified

    return re.sub(r"\s+", "", to_simplified(name)).replace("（", "(").replace("）", ")")


def _deadline_key(deadline: dict) -> str:
    if deadline["date"]:
        return deadline["date"]
    if deadline["kind"] != "date":
        return deadline["kind"]
    return _text_deadline_key("text:" + deadline["text"])


def _text_deadline_key(key: str) -> str:
    """A year-less deadline is compared as written, but without spaces: copies differ in 「12 月底前」 / 「12月底前」."""
    return re.sub(r"\s+", "", key) if key.startswith("text:") else key


def load_annotations() -> list[dict]:
    """Every annotated plan of every part. Read once per process: the suite scores one part per test, and reading the
    400-odd annotation files again for each took 0.4 s a test, three minutes of the suite. The plans are shared between
    callers: read them, never change them."""
    return list(_annotations_read())


@functools.cache
def _annotations_read() -> tuple[dict, ...]:
    # each part's folder holds its own annotations (one file for all of them outgrew what a repository should carry)
    plans = [
        plan
        for part in sorted(FIXTURES.glob("*/annotations.json"))
        for plan in json.loads(part.read_text(encoding="utf-8"))["plans"]
    ]
    by_file = {plan["file"]: plan for plan in plans}
    for plan in plans:
        if "same_items_as" in plan:
            plan["items"] = by_file[plan["same_items_as"]]["items"]
    return tuple(plans)


def year_in_the_name(annotation: dict) -> int | None:
    """The year the part's file name carries (collectors name each file ``<place><year>``, from the page they copied):
    what a reviewer knows of a plan whose text names no year and gives as its 成文日期."""
    found = re.search(r"(?<!\d)(19[5-9]\d|20\d\d)(?!\d)", Path(annotation["file"]).name)
    return int(found.group(1)) if found else None


def score_plan(annotation: dict, parser=None, path: Path | None = None, *, year_known: bool = False) -> dict:
    """Counts for one fixture: items, items_right, lead_stated, lead_right, deadlines_stated, deadlines_right…

    ``parser`` is a module with ``parse_plan``, ``iter_items`` and ``PlanParseError`` (the current
    ``yingshang.plans.parsing`` by default; ``load_parser_at`` gives an older one). ``path`` scores another
    copy of the fixture (bench_plans_variants: the same plan in another shape) against its annotation. With
    ``year_known`` the plan is parsed as after review, the year the file's name carries given for a text that names none.
    """
    if parser is None:
        from yingshang.plans import parsing as parser
    PlanParseError, iter_items, parse_plan = parser.PlanParseError, parser.iter_items, parser.parse_plan

    counts = dict.fromkeys(
        ("items", "items_right", "lead_stated", "lead_right", "deadlines_stated", "deadlines_right", "spurious_lead", "spurious_deadlines", "extra_items"), 0
    )
    counts["items"] = len(annotation["items"])
    try:
        year = year_in_the_name(annotation) if year_known else None
        plan = parse_plan(path or FIXTURES / annotation["file"], **({"year": year} if year else {}))
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
            counts["deadlines_right"] += deadlines == {_text_deadline_key(key) for key in want["deadlines"]}
        elif deadlines:
            counts["spurious_deadlines"] += 1
    return counts


def score(split: str = "heldout", parser=None, *, year_known: bool = False) -> dict[str, dict]:
    """Counts per shape (and ``all``) over the fixtures of ``split`` (a part of SPLITS, or all)."""
    totals: dict[str, dict] = {}
    for annotation in load_annotations():
        if split != "all" and annotation["split"] != split:
            continue
        counts = score_plan(annotation, parser, year_known=year_known)
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


@contextmanager
def load_parser_at(revision: str):
    """The plan parser (``yingshang/plans/parsing``) as it was at git ``revision``, importable for a while.

    Its files are written to a temporary package beside the current one (so that its paths to
    ``yingshang/core/data`` still hold) and removed afterwards.
    """
    listing = subprocess.run(
        ["git", "ls-tree", "--name-only", revision, "yingshang/plans/parsing/"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.split()
    folder = Path(tempfile.mkdtemp(prefix="_parsing_before_", dir=ROOT / "yingshang" / "plans"))
    name = f"yingshang.plans.{folder.name}"
    try:
        for path in listing:
            if path.endswith(".py"):
                source = subprocess.run(["git", "show", f"{revision}:{path}"], cwd=ROOT, capture_output=True, check=True).stdout
                (folder / Path(path).name).write_bytes(source)
        spec = importlib.util.spec_from_file_location(name, folder / "__init__.py", submodule_search_locations=[str(folder)])
        module = importlib.util.module_from_spec(spec)
        sys.modules[name] = module
        spec.loader.exec_module(module)
        yield module
    finally:
        for key in [k for k in sys.modules if k == name or k.startswith(name + ".")]:
            del sys.modules[key]
        shutil.rmtree(folder, ignore_errors=True)


def _row(t: dict) -> list[str]:
    return [
        _pct(t["items_right"], t["items"]),
        _pct(t["lead_right"], t["lead_stated"]),
        _pct(t["deadlines_right"], t["deadlines_stated"]),
        str(t["spurious_lead"] + t["spurious_deadlines"]),
    ]


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_plans_heldout", description="方案解析:其他城市、部委方案的准确率(按形态)")
    parser.add_argument("--split", choices=(*SPLITS, "all"), default="heldout")
    parser.add_argument("--before", metavar="REV", help="also score the parser at this git revision (e.g. main), same files, same run")
    parser.add_argument(
        "--year-known", action="store_true",
        help="score as after review: a plan whose text names no year is given the year its file name carries (the 成文日期 a reviewer enters)",
    )
    options = parser.parse_args(argv or [])
    # A workbook is read through core.tabular, whose messages are translated: Django's settings must be there.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()
    splits = SPLITS if options.split == "all" else (options.split,)
    before: dict[str, dict] = {}
    if options.before:
        with load_parser_at(options.before) as old_parser:
            before = {split: score(split, old_parser, year_known=options.year_known) for split in splits}
    for split in splits:
        totals = score(split, year_known=options.year_known)
        print(f"[{split}]" + (f"  before ({options.before}) → after (this tree)" if options.before else ""))
        print(f"{'shape':<12}{'plans':>6}{'items (path)':>26}{'lead units':>26}{'deadlines':>26}{'spurious':>10}")
        for shape in (*SHAPES, "all"):
            if shape not in totals:
                continue
            after = _row(totals[shape])
            if options.before:
                old = _row(before[split][shape])
                after = [f"{o} → {a}" if o != a else a for o, a in zip(old, after)]
            print(f"{shape:<12}{totals[shape]['plans']:>6}{after[0]:>26}{after[1]:>26}{after[2]:>26}{after[3]:>10}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
