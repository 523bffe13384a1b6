"""Plan importer on other copies of the annotated plans: does a plan pasted in another shape keep its items?

A metamorphic bench. Every annotated fixture of ``bench_plans_heldout`` (``yingshang/plans/tests/fixtures/
heldout_plans/``) is copied, mechanically and deterministically, into the shapes a user could plausibly paste or
upload — the line breaks lost, blank lines between paragraphs, 「　　」 indentation, CRLF line ends, full-width or
ASCII digits and punctuation, traditional characters; a table (``tables.json``) flattened with other cell joiners,
one cell per line, as HTML and as DOCX — and each copy is scored against the SAME annotation: none of these
copies changes an item's number path, its lead units or its deadlines. A variant that loses what the original
gets is a shape the importer does not handle.

Text variants apply to the .txt fixtures of the shapes they make sense for (the line-break variants to ``text``
files, the character variants to every .txt); the character variants also rewrite each table spec's rows in the
spec's own format (.html, .docx or flat .txt); the table variants apply to each table spec of ``tables.json``
(rows shared through ``same_rows_as`` are taken once). A variant that leaves a file as it is (no full-width digit to
make ASCII, an HTML copy of an HTML fixture) is not counted for that file. Copies are written to a temporary
folder, never into the fixtures.

Printed per variant: files, items / lead units / deadlines of the copies, and the difference from the originals
of the same files (counts: a negative number is what the copies lose). ``--show`` lists the files that lose.

``--before REV`` first prints the same table for the parser as it was at git revision REV (e.g. main).

Usage: python -m bench.bench_plans_variants [--split dev|heldout|…|all] [--variant NAME …] [--show] [--before REV]
"""

from __future__ import annotations

import argparse
import json
import re
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Callable

from bench.bench_plans_heldout import FIXTURES, SPLITS, _pct, load_annotations, load_parser_at, score_plan

COUNTED = ("items_right", "lead_right", "deadlines_right")
# Held-out parts annotated blind and not scored yet: no copy of them is parsed here (nor by the test that holds this
# bench at its levels), so that the one scoring run, later, is the first time the parser sees them. Take a part
# out of this set when it has been scored.
NOT_YET_SCORED = frozenset({"heldout15"})

# --- text transformations -----------------------------------------------------------------------------------------

_FULL_WIDTH_DIGITS = str.maketrans("0123456789", "０１２３４５６７８９")
_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_FULL_WIDTH_PUNCT = str.maketrans({"(": "（", ")": "）", ":": "：", ";": "；", ",": "，"})
_ASCII_PUNCT = str.maketrans({"（": "(", "）": ")", "：": ":", "；": ";", "，": ","})
# The digits of a date or a period: 2023年, 6月, 30日, 6月底, 三季度 has none.
_DATE_DIGITS = re.compile(r"\d+(?=\s*(?:年|月|日|号))")


@lru_cache(maxsize=1)
def _s2t():
    from opencc import OpenCC  # the converter the parser itself uses (opencc-python-reimplemented)

    return OpenCC("s2t")


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n")


def joined(separator: str) -> Callable[[str], str]:
    """A plan pasted from a page that lost its line breaks: one paragraph."""
    return lambda text: separator.join(line.strip() for line in _lines(text) if line.strip()) + "\n"


def blank_lines(text: str) -> str:
    return "\n\n".join(line for line in _lines(text) if line.strip()) + "\n"


def indented(text: str) -> str:
    """Every paragraph opened with two full-width spaces, as Word and many pages indent them."""
    return "\n".join("\u3000\u3000" + line.strip() if line.strip() else line for line in _lines(text)) + "\n"


def crlf(text: str) -> str:
    return "\r\n".join(_lines(text)) + "\r\n"


def full_width_date_digits(text: str) -> str:
    return _DATE_DIGITS.sub(lambda m: m.group(0).translate(_FULL_WIDTH_DIGITS), text)


def full_width_digits(text: str) -> str:
    return text.translate(_FULL_WIDTH_DIGITS)


def ascii_digits(text: str) -> str:
    return text.translate(_ASCII_DIGITS)


def full_width_punct(text: str) -> str:
    return text.translate(_FULL_WIDTH_PUNCT)


def ascii_punct(text: str) -> str:
    return text.translate(_ASCII_PUNCT)


def traditional(text: str) -> str:
    return _s2t().convert(text)


def simplified(text: str) -> str:
    from yingshang.plans.parsing.cleanup import to_simplified

    return to_simplified(text)


@dataclass(frozen=True)
class TextVariant:
    name: str
    transform: Callable[[str], str]
    shapes: tuple[str, ...]  # the annotated shapes of the .txt fixtures it applies to
    on_tables: bool = False  # also applied to the rows of every table spec (written in the spec's own format)
    note: str = ""


ALL_TXT = ("text", "paragraph", "flat_table")
TEXT_VARIANTS = (
    TextVariant("joined", joined(""), ("text",), note="text → one paragraph, lines joined with nothing"),
    TextVariant("joined_space", joined(" "), ("text",), note="text → one paragraph, lines joined with a space"),
    TextVariant("blank_lines", blank_lines, ("text", "flat_table"), note="a blank line between paragraphs"),
    TextVariant("indent", indented, ALL_TXT, note="paragraphs indented with 「　　」"),
    TextVariant("crlf", crlf, ALL_TXT, note="CRLF line ends"),
    TextVariant("fw_date_digits", full_width_date_digits, ALL_TXT, True, "digits of dates full-width: ２０２３年６月底前"),
    TextVariant("fw_digits", full_width_digits, ALL_TXT, True, "every digit full-width (numbering too)"),
    TextVariant("ascii_digits", ascii_digits, ALL_TXT, True, "full-width digits made ASCII"),
    TextVariant("fw_punct", full_width_punct, ALL_TXT, True, "ASCII ( ) : ; , made full-width"),
    TextVariant("ascii_punct", ascii_punct, ALL_TXT, True, "full-width （ ） ： ； ， made ASCII"),
    TextVariant("traditional", traditional, ALL_TXT, True, "simplified → traditional characters (OpenCC s2t)"),
    TextVariant("simplified", simplified, ALL_TXT, True, "traditional → simplified characters (OpenCC t2s)"),
)

# --- table shapes ---------------------------------------------------------------------------------------------------


def _build_tables():
    import importlib.util

    spec = importlib.util.spec_from_file_location("_heldout_build_tables", FIXTURES / "build_tables.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _write_flat(path: Path, spec: dict, joiner: str) -> None:
    """Each row on one line, cells joined by ``joiner`` — the header row too (a copied table keeps its separators).

    With a visible joiner (a tab, a bar) an empty cell keeps its place, as a browser copies it; between spaces it
    leaves nothing. A merged row (one cell) is its text alone."""
    keep_empty = joiner in ("\t", "|")
    lines = list(spec.get("before", []))
    lines += [joiner.join(cell for cell in row if cell or keep_empty) for row in spec["rows"]]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_cells(path: Path, spec: dict) -> None:
    """One cell per line, as a web table copied from some browsers (empty cells leave nothing)."""
    lines = list(spec.get("before", [])) + [cell for row in spec["rows"] for cell in row if cell]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


@dataclass(frozen=True)
class TableVariant:
    name: str
    suffix: str
    write: Callable[[Path, dict], None]
    same_as: Callable[[str, dict], bool]  # (spec file name, spec) → the original fixture is already this copy
    note: str = ""


def _table_variants() -> tuple[TableVariant, ...]:
    build = _build_tables()

    def flat_as_built(joiner: str) -> Callable[[str, dict], bool]:
        return lambda name, spec: name.endswith(".txt") and spec.get("joiner", "") == joiner

    return (
        TableVariant("flat", ".txt", lambda p, s: build.write_flat(p, s, ""), flat_as_built(""), "cells run together, header spaced"),
        TableVariant("flat_tab", ".txt", lambda p, s: _write_flat(p, s, "\t"), lambda n, s: False, "cells between tabs"),
        TableVariant("flat_space", ".txt", lambda p, s: _write_flat(p, s, " "), lambda n, s: False, "cells between spaces"),
        TableVariant("flat_pipe", ".txt", lambda p, s: _write_flat(p, s, "|"), lambda n, s: False, "cells between |"),
        TableVariant("cell_lines", ".txt", _write_cells, lambda n, s: False, "one cell per line"),
        TableVariant("html", ".html", build.write_html, lambda n, s: n.endswith(".html"), "an HTML table"),
        TableVariant("docx", ".docx", build.write_docx, lambda n, s: n.endswith(".docx"), "a DOCX table"),
    )


def table_specs() -> dict[str, dict]:
    """File name → spec of every table in tables.json with rows of its own (``same_rows_as`` copies left out)."""
    specs = json.loads((FIXTURES / "tables.json").read_text(encoding="utf-8"))
    return {name: spec for name, spec in specs.items() if not name.startswith("_") and "same_rows_as" not in spec}


def _map_spec(spec: dict, transform: Callable[[str], str]) -> dict:
    return {
        **spec,
        "before": [transform(line) for line in spec.get("before", [])],
        "rows": [[transform(cell) for cell in row] for row in spec["rows"]],
    }


def _write_spec_as_built(path: Path, name: str, spec: dict) -> None:
    build = _build_tables()
    if name.endswith(".docx"):
        build.write_docx(path, spec)
    elif name.endswith(".html"):
        build.write_html(path, spec)
    else:
        build.write_flat(path, spec, spec.get("joiner", ""))


# --- scoring ----------------------------------------------------------------------------------------------------------


@dataclass
class Result:
    variant: str
    file: str
    original: dict
    copy: dict

    def lost(self) -> bool:
        return any(self.copy[key] < self.original[key] for key in COUNTED)


def _copies(annotation: dict, specs: dict[str, dict], names: set[str], folder: Path):
    """(variant name, path of the copy) for every variant of one annotated fixture."""
    file = annotation["file"]
    source = FIXTURES / file
    stem = re.sub(r"\W", "_", file)
    if file.endswith(".txt"):
        from yingshang.plans.parsing.loaders import decode_text_bytes

        text = decode_text_bytes(source.read_bytes())
        for variant in TEXT_VARIANTS:
            if variant.name not in names or annotation["shape"] not in variant.shapes:
                continue
            copy = variant.transform(text)
            if _lines(copy) == _lines(text) and not copy.count("\r") > text.count("\r"):
                continue  # nothing to change in this file
            path = folder / f"{stem}.{variant.name}.txt"
            path.write_text(copy, encoding="utf-8", newline="")
            yield variant.name, path
    spec = specs.get(file)
    if spec is None:
        return
    if not file.endswith(".txt"):
        for variant in TEXT_VARIANTS:
            if variant.name not in names or not variant.on_tables:
                continue
            mapped = _map_spec(spec, variant.transform)
            if mapped == {**spec, "before": spec.get("before", [])}:
                continue
            path = folder / f"{stem}.{variant.name}{Path(file).suffix}"
            _write_spec_as_built(path, file, mapped)
            yield variant.name, path
    for variant in _table_variants():
        if variant.name not in names or variant.same_as(file, spec):
            continue
        path = folder / f"{stem}.{variant.name}{variant.suffix}"
        variant.write(path, spec)
        yield variant.name, path


def variant_names() -> list[str]:
    return [v.name for v in TEXT_VARIANTS] + [v.name for v in _table_variants()]


def measure(split: str = "all", names: list[str] | None = None, parser=None) -> list[Result]:
    """Every copy of the annotated fixtures of ``split`` under the variants ``names`` (all by default), scored by
    ``parser`` (the current one by default; see ``bench_plans_heldout.score_plan``)."""
    wanted = set(names or variant_names())
    specs = table_specs()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="plans_variants_") as folder:
        for annotation in load_annotations():
            if split != "all" and annotation["split"] != split:
                continue
            if annotation["split"] in NOT_YET_SCORED:
                continue
            original = None
            for name, path in _copies(annotation, specs, wanted, Path(folder)):
                if original is None:
                    original = score_plan(annotation, parser)
                results.append(Result(name, annotation["file"], original, score_plan(annotation, parser, path=path)))
    return results


def totals(results: list[Result]) -> dict[str, dict]:
    """Per variant (and ``all``): files, the copies' counts and the originals' counts of the same files."""
    out: dict[str, dict] = {}
    for result in results:
        for key in (result.variant, "all"):
            bucket = out.setdefault(key, {"files": 0, "losing": 0, "copy": {}, "original": {}})
            bucket["files"] += 1
            bucket["losing"] += result.lost()
            for side, counts in (("copy", result.copy), ("original", result.original)):
                for name, value in counts.items():
                    bucket[side][name] = bucket[side].get(name, 0) + value
    return out


def _delta(bucket: dict, right: str) -> str:
    difference = bucket["copy"][right] - bucket["original"][right]
    return f"{difference:+d}" if difference else "0"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_plans_variants", description="方案解析:标注方案的其他粘贴形态")
    parser.add_argument("--split", choices=(*(s for s in SPLITS if s not in NOT_YET_SCORED), "all"), default="all")
    parser.add_argument("--variant", action="append", choices=variant_names(), help="only this variant (repeatable)")
    parser.add_argument("--show", action="store_true", help="list every copy that loses what its original gets")
    parser.add_argument("--before", metavar="REV", help="first print the same table for the parser at this git revision")
    options = parser.parse_args(argv or [])
    if options.before:
        with load_parser_at(options.before) as old_parser:
            _print(f"[{options.split}] the parser at {options.before}", measure(options.split, options.variant, old_parser), False)
        print()
    _print(f"[{options.split}] this tree", measure(options.split, options.variant), options.show)


def _print(title: str, results: list[Result], show: bool) -> None:
    table = totals(results)
    print(f"{title}: copies scored against the originals' annotations; Δ = copy − original (same files)")
    print(f"{'variant':<16}{'files':>6}{'losing':>7}{'items (path)':>20}{'Δ':>5}{'lead units':>18}{'Δ':>5}{'deadlines':>18}{'Δ':>5}")
    for name in (*variant_names(), "all"):
        if name not in table:
            continue
        bucket, copy = table[name], table[name]["copy"]
        print(
            f"{name:<16}{bucket['files']:>6}{bucket['losing']:>7}"
            f"{_pct(copy['items_right'], copy['items']):>20}{_delta(bucket, 'items_right'):>5}"
            f"{_pct(copy['lead_right'], copy['lead_stated']):>18}{_delta(bucket, 'lead_right'):>5}"
            f"{_pct(copy['deadlines_right'], copy['deadlines_stated']):>18}{_delta(bucket, 'deadlines_right'):>5}"
        )
    if show:
        for result in results:
            if result.lost():
                changes = ", ".join(
                    f"{key.removesuffix('_right')} {result.original[key]}→{result.copy[key]}"
                    for key in COUNTED
                    if result.copy[key] != result.original[key]
                )
                print(f"  {result.variant:<16}{result.file}: {changes}")


if __name__ == "__main__":
    import sys

    main(sys.argv[1:])
