"""Plan importer on other copies of the annotated plans: does a plan pasted in another shape keep its items?

A metamorphic bench. Every annotated fixture of ``bench_plans_heldout`` (``yingshang/plans/tests/fixtures/
heldout_plans/``) is copied, mechanically and deterministically, into the shapes a user could plausibly paste or
upload — the line breaks lost, blank lines between paragraphs, 「　　」 indentation, CRLF line ends, full-width or
ASCII digits and punctuation, traditional characters; a table (``tables.json``) flattened with other cell joiners,
one cell per line, as HTML and as DOCX — and each copy is scored against the SAME annotation: none of these
copies changes an item's number path, its lead units or its deadlines. A variant that loses what the original
gets is a shape the importer does not handle.

Layout variants (``LAYOUT_VARIANTS``) re-lay each table spec as other 分工表 are laid out — the columns in another
order, synonyms in the header, a two-row header, extra columns (进展情况, 备注, 分管领导, 考核指标), the sections as a
类别 column, cells broken over lines, an empty helper column, row numbers written 1. / (1) / 一 — with the plans' own
row texts, written in the spec's own format; a layout that would make the annotation untrue for a spec (a column it
relies on dropped) does not apply to it. Parts still being collected blind (``None`` in
``test_heldout_plans.THRESHOLDS``) are never copied.

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


def _write_pdf(path: Path, spec: dict, ruled: bool = True) -> None:
    """The table printed to PDF as Word would: the lines before it, then a ruled table whose long cells wrap, a merged
    row (one cell) spanning the table, column widths after the cells' lengths (reportlab, its built-in CID font).
    ``ruled=False``: a 三线表, with lines only above and below the header and under the last row."""
    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import ParagraphStyle
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
    from xml.sax.saxutils import escape

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    style = ParagraphStyle("cell", fontName="STSong-Light", fontSize=8, leading=10, wordWrap="CJK")
    rows = spec["rows"]
    width = max(len(row) for row in rows)
    lengths = [max((len(row[i]) for row in rows if len(row) == width and i < len(row)), default=1) for i in range(width)]
    weights = [min(max(length, 2), 60) for length in lengths]
    # each column at least two characters and its padding wide (序号), the rest shared by the cells' lengths
    widths = [28 + (500 - 28 * width) * w / sum(weights) for w in weights]
    data, spans = [], []
    for index, row in enumerate(rows):
        cells = row + [""] * (width - len(row))
        if len(row) == 1:
            spans.append(("SPAN", (0, index), (-1, index)))
        data.append([Paragraph(escape(cell), style) for cell in cells])
    table = Table(data, colWidths=widths, repeatRows=0)
    lines = [("GRID", (0, 0), (-1, -1), 0.5, "black")] if ruled else [
        ("LINEABOVE", (0, 0), (-1, 0), 1, "black"), ("LINEBELOW", (0, 0), (-1, 0), 0.5, "black"), ("LINEBELOW", (0, -1), (-1, -1), 1, "black"),
    ]
    table.setStyle(TableStyle([*lines, ("VALIGN", (0, 0), (-1, -1), "TOP"), *spans]))
    story = [Paragraph(escape(line), style) for line in spec.get("before", [])] + [Spacer(1, 8), table]
    SimpleDocTemplate(str(path), pagesize=A4, leftMargin=40, rightMargin=40).build(story)


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
        TableVariant("pdf", ".pdf", _write_pdf, lambda n, s: False, "a ruled table printed to PDF"),
        TableVariant("pdf_3line", ".pdf", lambda p, s: _write_pdf(p, s, ruled=False), lambda n, s: False, "a 三线表 printed to PDF"),
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


# --- table layouts ----------------------------------------------------------------------------------------------------
# The same rows laid out as other 分工表 are: columns in another order, other header words, extra columns, the sections
# as a 类别 column, cells broken over lines, other row numbers. Each layout maps a table spec to another spec (or None
# where it does not apply, or would make the annotation untrue: a column it relies on dropped, numbers it reads from a
# position) and the copy is written in the spec's own format.

_NUMBER_HEADER = re.compile(r"^序[号號]")
_SECTION = re.compile(r"^[一二三四五六七八九十]{1,3}(?:\([a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜü]+\))?、")
_DIGITS = re.compile(r"^\d{1,3}$")


def _column_kind(header: str) -> str:
    """number, lead, units, deadline, person, note or task: a layout moves or renames columns by kind."""
    name = re.sub(r"\s+", "", header)
    if _NUMBER_HEADER.match(name):
        return "number"
    if re.search(r"领导|領導", name):
        return "person"
    if re.search(r"牵头|牽頭|主要责任|主责", name) and re.search(r"单位|單位|部门", name):
        return "lead"
    if re.search(r"单位|單位|部门|科室|股室|分工", name):
        return "units"
    if re.search(r"时限|時限|时间|時間|节点", name):
        return "deadline"
    if re.search(r"备注|进度|進度|情况|情況", name):
        return "note"
    return "task"


def _kinds(spec: dict) -> list[str]:
    return [_column_kind(cell) for cell in spec["rows"][0]]


def _reorder(spec: dict, order: list[int]) -> dict:
    rows = [row if len(row) == 1 else [row[i] for i in order] for row in spec["rows"]]
    return {**spec, "rows": rows}


def _move_before(spec: dict, moved: list[int], before: int) -> dict | None:
    """The columns ``moved`` (in their order) put just before column ``before``."""
    width = len(spec["rows"][0])
    rest = [i for i in range(width) if i not in moved]
    at = rest.index(before) if before in rest else len(rest)
    order = rest[:at] + moved + rest[at:]
    return None if order == list(range(width)) else _reorder(spec, order)


def _units_before_task(spec: dict) -> dict | None:
    """牵头单位 / 责任单位 right after 序号, before the task."""
    kinds = _kinds(spec)
    units = [i for i, k in enumerate(kinds) if k in ("lead", "units")]
    tasks = [i for i, k in enumerate(kinds) if k == "task"]
    if not units or not tasks or units[0] < tasks[0]:
        return None
    return _move_before(spec, units, tasks[0])


def _deadline_before_units(spec: dict) -> dict | None:
    kinds = _kinds(spec)
    deadlines = [i for i, k in enumerate(kinds) if k == "deadline"]
    units = [i for i, k in enumerate(kinds) if k in ("lead", "units")]
    if len(deadlines) != 1 or not units or deadlines[0] < units[0]:
        return None
    return _move_before(spec, deadlines, units[0])


def _number_last(spec: dict) -> dict | None:
    kinds = _kinds(spec)
    if kinds[0] != "number":
        return None
    return _reorder(spec, list(range(1, len(kinds))) + [0])


def _numbers_restart_by_section(spec: dict) -> bool:
    """Every data row numbered 1, 2, 3… from the start of its section: without the 序号 column, the row's place
    gives the same numbers (a table numbered on across sections, or with unnumbered rows, does not)."""
    expected = 1
    for row in spec["rows"][1:]:
        if len(row) == 1:
            if not _SECTION.match(row[0]):
                return False  # a (一) sub-section row: numbers under it are the annotation's third level
            expected = 1
        elif row[0] != str(expected):
            return False
        else:
            expected += 1
    return True


def _no_number(spec: dict) -> dict | None:
    kinds = _kinds(spec)
    if kinds[0] != "number" or not _numbers_restart_by_section(spec):
        return None
    rows = [row if len(row) == 1 else row[1:] for row in spec["rows"]]
    return {**spec, "rows": rows}


_SYNONYMS = {
    "a": {"task": "工作任务", "lead": "牵头部门", "units": "责任部门", "deadline": "完成时间"},
    "b": {"task": "主要任务", "lead": "主责单位", "units": "责任单位", "deadline": "时间节点"},
    "c": {"task": "具体措施", "lead": "牵头单位", "units": "责任部门", "deadline": "时间安排"},
}


def _header_synonyms(key: str) -> Callable[[dict], dict | None]:
    """The header words of one kind replaced by a synonym: only a lone task column (two task columns are two
    things), a units column only when it is the only unit column or sits beside a lead column (a 责任单位 next to
    a 牵头单位 keeps meaning 'the others')."""

    def transform(spec: dict) -> dict | None:
        kinds = _kinds(spec)
        header = list(spec["rows"][0])
        for index, kind in enumerate(kinds):
            if kind not in _SYNONYMS[key] or kinds.count(kind) > 1:
                continue
            if kind == "units" and re.search(r"分工|配合|参与|參與|协同|協同|提供", header[index]):
                continue  # a division cell, or the helping side: no synonym of the same meaning in the list
            header[index] = _SYNONYMS[key][kind]
        if header == spec["rows"][0]:
            return None
        return {**spec, "rows": [header] + spec["rows"][1:]}

    return transform


def _two_row_header(spec: dict) -> dict | None:
    """责任单位 merged over 牵头 | 配合: a lead column followed by a units column become the two halves of one."""
    kinds = _kinds(spec)
    pairs = [i for i in range(len(kinds) - 1) if kinds[i] == "lead" and kinds[i + 1] == "units"]
    if len(pairs) != 1:
        return None
    at = pairs[0]
    top = [[cell, 1, 2] for cell in spec["rows"][0]]
    top[at : at + 2] = [["责任单位", 2, 1]]
    return {**spec, "head": [top, [["牵头", 1, 1], ["配合", 1, 1]]]}


def _insert_column(spec: dict, at: int, header: str, value: Callable[[list[str]], str]) -> dict:
    rows = [spec["rows"][0][:at] + [header] + spec["rows"][0][at:]]
    rows += [row if len(row) == 1 else row[:at] + [value(row)] + row[at:] for row in spec["rows"][1:]]
    return {**spec, "rows": rows}


def _extra_notes(spec: dict) -> dict | None:
    """进展情况 and an empty 备注 at the end."""
    width = len(spec["rows"][0])
    spec = _insert_column(spec, width, "进展情况", lambda row: "正在推进")
    return _insert_column(spec, width + 1, "备注", lambda row: "")


_LEVEL = re.compile(r"^[省市县区]")


def _extra_leader(spec: dict) -> dict | None:
    """分管领导 before the lead column, holding a title (副市长), as many 分工表 name the leader in charge."""
    kinds = _kinds(spec)
    if "person" in kinds or not any(k in ("lead", "units") for k in kinds):
        return None
    column = next(i for i, k in enumerate(kinds) if k in ("lead", "units"))

    def title(row: list[str]) -> str:
        level = _LEVEL.match(row[column])
        return f"副{level.group(0) if level else '市'}长" if row[column] else ""

    return _insert_column(spec, column, "分管领导", title)


def _extra_indicator(spec: dict) -> dict | None:
    """考核指标 after the task, a short measure of its own."""
    kinds = _kinds(spec)
    tasks = [i for i, k in enumerate(kinds) if k == "task"]
    if not tasks:
        return None
    return _insert_column(spec, tasks[-1] + 1, "考核指标", lambda row: "达到预期目标")


def _category_column(spec: dict) -> dict | None:
    """The section rows (一、…) as a 类别 column after 序号, written on the first row of each section; the numbers
    stay the table's own (numbered on across sections where the table is)."""
    kinds = _kinds(spec)
    if kinds[0] != "number" or "类别" in spec["rows"][0]:
        return None
    rows, pending, sections = [spec["rows"][0][:1] + ["类别"] + spec["rows"][0][1:]], None, 0
    for row in spec["rows"][1:]:
        if len(row) == 1:
            if not _SECTION.match(row[0]) or pending is not None:
                return None  # a (一) sub-section or an empty section: no cell to hold it
            pending, sections = row[0], sections + 1
            continue
        rows.append(row[:1] + [pending or ""] + row[1:])
        pending = None
    return {**spec, "rows": rows} if sections and pending is None else None


def _map_cells(spec: dict, kinds_wanted: tuple[str, ...], change: Callable[[str], str]) -> dict | None:
    """The spec with ``change`` applied to the data cells of the columns of ``kinds_wanted`` (None if nothing changes)."""
    kinds = _kinds(spec)
    rows = [spec["rows"][0]]
    for row in spec["rows"][1:]:
        if len(row) == 1:
            rows.append(row)
            continue
        rows.append([change(cell) if kinds[i] in kinds_wanted else cell for i, cell in enumerate(row)])
    return {**spec, "rows": rows} if rows != spec["rows"] else None


def _task_breaks(spec: dict) -> dict | None:
    """Task cells broken after each sentence, as typed in Word with a return in the cell."""
    return _map_cells(spec, ("task",), lambda cell: re.sub(r"([。;；])(?=.)", "\\1\n", cell))


def _unit_breaks(spec: dict) -> dict | None:
    """Unit cells with one unit per line instead of 「、」."""
    return _map_cells(spec, ("lead", "units"), lambda cell: cell.replace("、", "\n"))


def _empty_helpers(spec: dict) -> dict | None:
    """The helping units' column left empty (a 配合单位 column nobody filled in)."""
    kinds = _kinds(spec)
    if "lead" not in kinds or "units" not in kinds:
        return None
    rows = [spec["rows"][0]] + [row if len(row) == 1 else ["" if kinds[i] == "units" else c for i, c in enumerate(row)] for row in spec["rows"][1:]]
    return {**spec, "rows": rows} if rows != spec["rows"] else None


_CHINESE_DIGITS = "零一二三四五六七八九"


def _chinese_number(n: int) -> str:
    if n < 10:
        return _CHINESE_DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _CHINESE_DIGITS[tens]) + "十" + (_CHINESE_DIGITS[ones] if ones else "")


def _numbers_as(style: Callable[[int], str]) -> Callable[[dict], dict | None]:
    """The 序号 cells 1, 2… written 1. / (1) / 一."""

    def transform(spec: dict) -> dict | None:
        kinds = _kinds(spec)
        if kinds[0] != "number":
            return None
        rows = [spec["rows"][0]]
        rows += [[style(int(row[0])), *row[1:]] if len(row) > 1 and _DIGITS.match(row[0]) else row for row in spec["rows"][1:]]
        return {**spec, "rows": rows} if rows != spec["rows"] else None

    return transform


@dataclass(frozen=True)
class LayoutVariant:
    name: str
    transform: Callable[[dict], dict | None]
    note: str = ""


LAYOUT_VARIANTS = (
    LayoutVariant("units_first", _units_before_task, "牵头单位 / 责任单位 before the task"),
    LayoutVariant("deadline_first", _deadline_before_units, "完成时限 before the unit columns"),
    LayoutVariant("number_last", _number_last, "序号 the last column"),
    LayoutVariant("no_number", _no_number, "no 序号 column (tables numbered 1, 2… in each section)"),
    LayoutVariant("headers_a", _header_synonyms("a"), "工作任务 / 牵头部门 / 责任部门 / 完成时间"),
    LayoutVariant("headers_b", _header_synonyms("b"), "主要任务 / 主责单位 / 责任单位 / 时间节点"),
    LayoutVariant("headers_c", _header_synonyms("c"), "具体措施 / 牵头单位 / 责任部门 / 时间安排"),
    LayoutVariant("two_row_header", _two_row_header, "责任单位 merged over 牵头 | 配合"),
    LayoutVariant("extra_notes", _extra_notes, "进展情况 (正在推进) and an empty 备注 at the end"),
    LayoutVariant("extra_leader", _extra_leader, "分管领导 (副市长) before the units"),
    LayoutVariant("extra_indicator", _extra_indicator, "考核指标 after the task"),
    LayoutVariant("category_column", _category_column, "the 一、 sections as a 类别 column"),
    LayoutVariant("task_breaks", _task_breaks, "task cells broken after each sentence"),
    LayoutVariant("unit_breaks", _unit_breaks, "one unit per line in the unit cells"),
    LayoutVariant("empty_helpers", _empty_helpers, "the 配合 / 责任单位 column beside 牵头单位 left empty"),
    LayoutVariant("number_dot", _numbers_as(lambda n: f"{n}."), "序号 written 1."),
    LayoutVariant("number_paren", _numbers_as(lambda n: f"({n})"), "序号 written (1)"),
    LayoutVariant("number_chinese", _numbers_as(_chinese_number), "序号 written 一"),
)


def _write_layout(path: Path, name: str, spec: dict) -> None:
    """A layout copy in the spec's own format; a two-row header (``head``: rows of [text, colspan, rowspan]) is
    merged as Word and web pages merge it, and flattened as its two lines."""
    head = spec.get("head")
    if head is None:
        _write_spec_as_built(path, name, spec)
    elif name.endswith(".docx"):
        _build_tables().write_docx(path, spec, head)
    elif name.endswith(".html"):
        _build_tables().write_html(path, spec, head)
    else:
        lines = list(spec.get("before", [])) + [" ".join(cell for cell, _, _ in row) for row in head]
        lines += [spec.get("joiner", "").join(c for c in row if c) for row in spec["rows"][1:]]
        path.write_text("\n".join(lines) + "\n", encoding="utf-8")


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
    for variant in LAYOUT_VARIANTS:
        if variant.name not in names:
            continue
        laid_out = variant.transform(spec)
        if laid_out is None:
            continue
        path = folder / f"{stem}.{variant.name}{Path(file).suffix}"
        _write_layout(path, file, laid_out)
        yield variant.name, path


def variant_names() -> list[str]:
    return [v.name for v in TEXT_VARIANTS] + [v.name for v in _table_variants()] + [v.name for v in LAYOUT_VARIANTS]


def _collected_blind(split: str) -> bool:
    from yingshang.plans.tests.test_heldout_plans import THRESHOLDS

    return THRESHOLDS.get(split, {}) is None


def measure(split: str = "all", names: list[str] | None = None, parser=None, splits: set[str] | None = None) -> list[Result]:
    """Every copy of the annotated fixtures of ``split`` (or of the parts ``splits``) under the variants ``names`` (all by
    default), scored by ``parser`` (the current one by default; see ``bench_plans_heldout.score_plan``)."""
    wanted = set(names or variant_names())
    specs = table_specs()
    results: list[Result] = []
    with tempfile.TemporaryDirectory(prefix="plans_variants_") as folder:
        for annotation in load_annotations():
            if split != "all" and annotation["split"] != split:
                continue
            if splits is not None and annotation["split"] not in splits:
                continue
            if _collected_blind(annotation["split"]):
                continue  # a part being collected blind is scored once, at its round's end: never copied here
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


def below_levels(levels: dict[str, tuple[int, int, int]], splits: set[str] | None = None) -> dict[str, str]:
    """The variants whose copies, all parts together (or the parts ``splits``), get fewer items, lead units or deadlines
    right than ``levels`` (variant → (items, leads, deadlines)): what the tests that hold this bench at its measured
    levels check."""
    table = totals(measure("all", list(levels), splits=splits))
    below = {}
    for name, wanted in levels.items():
        copy = table[name]["copy"]
        got = (copy["items_right"], copy["lead_right"], copy["deadlines_right"])
        if any(g < w for g, w in zip(got, wanted)):
            below[name] = f"{got} < {wanted}"
    return below


def _delta(bucket: dict, right: str) -> str:
    difference = bucket["copy"][right] - bucket["original"][right]
    return f"{difference:+d}" if difference else "0"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.bench_plans_variants", description="方案解析:标注方案的其他粘贴形态")
    parser.add_argument("--split", choices=(*(s for s in SPLITS if not _collected_blind(s)), "all"), default="all")
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
