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

Usage: python -m bench.bench_plans_heldout [--split dev|heldout|heldout3|heldout4|heldout5|heldout6|heldout7|heldout8|heldout9|heldout10|heldout11|heldout12|heldout13|heldout14|heldout15|heldout16|heldout17|heldout18|heldout19|heldout20|heldout21|heldout22|heldout23|written1|written2|written3|written4|written5|written6|written7|written8|written9|written10|written11|written12|written13|written14|written15|written16|written17|written18|written19|written20|written21|written22|written23|written24|written25|written26|written27|written28|written29|written30|written31|written32|written33|written34|written35|written36|written37|written38|written39|written40|written41|written42|written43|written44|written45|written46|written47|written48|written49|written50|written51|written52|heldout24|heldout25|heldout26|written53|written54|written55|heldout27|heldout28|written56|written57|written58|heldout30|written59|written60|written61|heldout32|heldout31|heldout34|written62|written63|written64|heldout33|heldout36|heldout35|heldout37|heldout38|heldout39|written67|written65|written66|heldout40|heldout41|heldout42|heldout43|heldout44|heldout45|heldout46|heldout47|heldout48|written68|written69|heldout49|heldout50|written70|heldout51|heldout52|heldout53|heldout54|heldout55|heldout56|heldout60|heldout61|heldout57|heldout58|heldout59|heldout64|heldout62|heldout65|heldout63|heldout66|heldout71|heldout68|heldout69|heldout70|heldout67|heldout72|heldout73|heldout74|heldout76|heldout77|heldout75|heldout78|heldout80|heldout79|heldout82|heldout81|heldout89|heldout83|heldout84|heldout85|heldout86|heldout87|heldout88|heldout92|heldout95|heldout96|heldout93|heldout94|heldout97|heldout98|heldout99|heldout100|heldout101|heldout102|heldout103|heldout104|heldout112|heldout111|heldout106|heldout109|heldout105|heldout107|heldout108|heldout110|heldout113|heldout114|heldout115|heldout116|heldout117|heldout118|heldout119|heldout120|heldout121|heldout122|heldout123|heldout124|heldout125|heldout126|heldout127|heldout128|heldout130|heldout132|heldout129|heldout133|heldout131|heldout136|heldout135|heldout137|heldout134|heldout138|heldout139|heldout140|heldout141|heldout142|heldout143|heldout144|heldout146|heldout147|heldout148|heldout150|heldout151|heldout145|heldout149|heldout152|heldout153|heldout155|heldout156|heldout158|heldout154|heldout157|heldout159|heldout161|heldout162|heldout164|heldout165|heldout167|heldout163|heldout160|heldout166|heldout170|heldout174|heldout168|heldout169|heldout171|heldout172|heldout173|heldout175|heldout176|heldout177|heldout178|heldout179|heldout180|heldout181|heldout182|heldout183|heldout184|heldout185|heldout186|heldout187|heldout188|heldout189|heldout190|heldout191|heldout193|heldout194|heldout195|heldout196|heldout197|heldout198|heldout199|heldout192|heldout201|heldout202|heldout203|heldout204|heldout205|heldout206|heldout200|heldout207|heldout208|heldout209|heldout210|heldout211|heldout213|heldout214|heldout215|heldout212|heldout216|heldout217|heldout218|heldout220|heldout219|heldout221|heldout222|heldout223|heldout224|heldout225|heldout226|heldout227|heldout228|heldout229|heldout230|heldout231|heldout232|heldout234|heldout235|heldout233|heldout236|heldout237|heldout239|heldout240|heldout241|heldout242|heldout238|heldout244|heldout243|heldout245|heldout246|heldout247|heldout249|heldout250|heldout248|heldout251|heldout252|heldout253|heldout254|all] [--before REV]
"""

from __future__ import annotations

import argparse
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
SPLITS = ("dev", "heldout", "heldout3", "heldout4", "heldout5", "heldout6", "heldout7", "heldout8", "heldout9", "heldout10", "heldout11", "heldout12", "heldout13", "heldout14", "heldout15", "heldout16", "heldout17", "heldout18", "heldout19", "heldout20", "heldout21", "heldout22", "heldout23", "written1", "written2", "written3", "written4", "written5", "written6", "written7", "written8", "written9", "written10", "written11", "written12", "written13", "written14", "written15", "written16", "written17", "written18", "written19", "written20", "written21", "written22", "written23", "written24", "written25", "written26", "written27", "written28", "written29", "written30", "written31", "written32", "written33", "written34", "written35", "written36", "written37", "written38", "written39", "written40", "written41", "written42", "written43", "written44", "written45", "written46", "written47", "written48", "written49", "written50", "written51", "written52", "heldout24", "heldout25", "heldout26", "written53", "written54", "written55", "heldout27", "heldout28", "written56", "written57", "written58", "heldout30", "written59", "written60", "written61", "heldout32", "heldout31", "heldout34", "written62", "written63", "written64", "heldout33", "heldout36", "heldout35", "heldout37", "heldout38", "heldout39", "written67", "written65", "written66", "heldout40", "heldout41", "heldout42", "heldout43", "heldout44", "heldout45", "heldout46", "heldout47", "heldout48", "written68", "written69", "heldout49", "heldout50", "written70", "heldout51", "heldout52", "heldout53", "heldout54", "heldout55", "heldout56", "heldout60", "heldout61", "heldout57", "heldout58", "heldout59", "heldout64", "heldout62", "heldout65", "heldout63", "heldout66", "heldout71", "heldout68", "heldout69", "heldout70", "heldout67", "heldout72", "heldout73", "heldout74", "heldout76", "heldout77", "heldout75", "heldout78", "heldout80", "heldout79", "heldout82", "heldout81", "heldout89", "heldout83", "heldout84", "heldout85", "heldout86", "heldout87", "heldout88", "heldout92", "heldout95", "heldout96", "heldout93", "heldout94", "heldout97", "heldout98", "heldout99", "heldout100", "heldout101", "heldout102", "heldout103", "heldout104", "heldout112", "heldout111", "heldout106", "heldout109", "heldout105", "heldout107", "heldout108", "heldout110", "heldout113", "heldout114", "heldout115", "heldout116", "heldout117", "heldout118", "heldout119", "heldout120", "heldout121", "heldout122", "heldout123", "heldout124", "heldout125", "heldout126", "heldout127", "heldout128", "heldout130", "heldout132", "heldout129", "heldout133", "heldout131", "heldout136", "heldout135", "heldout137", "heldout134", "heldout138", "heldout139", "heldout140", "heldout141", "heldout142", "heldout143", "heldout144", "heldout146", "heldout147", "heldout148", "heldout150", "heldout151", "heldout145", "heldout149", "heldout152", "heldout153", "heldout155", "heldout156", "heldout158", "heldout154", "heldout157", "heldout159", "heldout161", "heldout162", "heldout164", "heldout165", "heldout167", "heldout163", "heldout160", "heldout166", "heldout170", "heldout174", "heldout168", "heldout169", "heldout171", "heldout172", "heldout173", "heldout175", "heldout176", "heldout177", "heldout178", "heldout179", "heldout180", "heldout181", "heldout182", "heldout183", "heldout184", "heldout185", "heldout186", "heldout187", "heldout188", "heldout189", "heldout190", "heldout191", "heldout193", "heldout194", "heldout195", "heldout196", "heldout197", "heldout198", "heldout199", "heldout192", "heldout201", "heldout202", "heldout203", "heldout204", "heldout205", "heldout206", "heldout200", "heldout207", "heldout208", "heldout209", "heldout210", "heldout211", "heldout213", "heldout214", "heldout215", "heldout212", "heldout216", "heldout217", "heldout218", "heldout220", "heldout219", "heldout221", "heldout222", "heldout223", "heldout224", "heldout225", "heldout226", "heldout227", "heldout228", "heldout229", "heldout230", "heldout231", "heldout232", "heldout234", "heldout235", "heldout233", "heldout236", "heldout237", "heldout239", "heldout240", "heldout241", "heldout242", "heldout238", "heldout244", "heldout243", "heldout245", "heldout246", "heldout247", "heldout249", "heldout250", "heldout248", "heldout251", "heldout252", "heldout253", "heldout254")


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
    return plans


def score_plan(annotation: dict, parser=None, path: Path | None = None) -> dict:
    """Counts for one fixture: items, items_right, lead_stated, lead_right, deadlines_stated, deadlines_right…

    ``parser`` is a module with ``parse_plan``, ``iter_items`` and ``PlanParseError`` (the current
    ``yingshang.plans.parsing`` by default; ``load_parser_at`` gives an older one). ``path`` scores another
    copy of the fixture (bench_plans_variants: the same plan in another shape) against its annotation.
    """
    if parser is None:
        from yingshang.plans import parsing as parser
    PlanParseError, iter_items, parse_plan = parser.PlanParseError, parser.iter_items, parser.parse_plan

    counts = dict.fromkeys(
        ("items", "items_right", "lead_stated", "lead_right", "deadlines_stated", "deadlines_right", "spurious_lead", "spurious_deadlines", "extra_items"), 0
    )
    counts["items"] = len(annotation["items"])
    try:
        plan = parse_plan(path or FIXTURES / annotation["file"])
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


def score(split: str = "heldout", parser=None) -> dict[str, dict]:
    """Counts per shape (and ``all``) over the fixtures of ``split`` (dev, heldout, heldout3, heldout4, heldout5, heldout6, heldout7, heldout8, heldout9, heldout10, heldout11, heldout12, heldout13, heldout14, heldout15, heldout16, heldout17, written1 or all)."""
    totals: dict[str, dict] = {}
    for annotation in load_annotations():
        if split != "all" and annotation["split"] != split:
            continue
        counts = score_plan(annotation, parser)
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
    options = parser.parse_args(argv or [])
    # A workbook is read through core.tabular, whose messages are translated: Django's settings must be there.
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "yingshang.settings")
    import django

    django.setup()
    splits = SPLITS if options.split == "all" else (options.split,)
    before: dict[str, dict] = {}
    if options.before:
        with load_parser_at(options.before) as old_parser:
            before = {split: score(split, old_parser) for split in splits}
    for split in splits:
        totals = score(split)
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
