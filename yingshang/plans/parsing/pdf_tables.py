"""Task tables in a PDF, read cell by cell.

Most 分工方案 are published as PDF, and most of those are a ruled table (序号 / 任务 / 牵头单位 / 完成时限) made in
Word. pypdf's text of such a page gives each cell's wrapped lines one after another, row by row and cell by cell, so
the table's columns cannot be told apart any more. pdfplumber finds the table from its ruling lines and gives every
cell's own text; a table without vertical rules (a 三线表) is found by the gaps between its words and its printed lines
put back into rows. The rows then go through the same reader as a DOCX or HTML table (``table_rows_to_lines``).

Only the pages from the first whose pypdf text names a table's columns are looked at (pdfplumber is slow on long
documents), and the PDF has already passed ``safedocs.open_pdf`` and pypdf's own limits (the same streams were decoded
for its text); the whole parse runs under the document budget of ``safedocs.run_bounded``. Any error falls back to the
text pypdf gave: a page read less well is better than a refused file.
"""

from __future__ import annotations

import io
import logging
import re

logger = logging.getLogger(__name__)

# A task table's header cells as pypdf gives them: short lines of their own (a narrow cell wraps: 「序」「号」,
# 「牵头」「单位」) naming the units or the time, or the row number.
_COLUMN_CELL = re.compile(
    r"序\s*号?|编\s*号|.{0,6}(?:牵头|责任|配合|协同|主责|协办|单位|部门|科室|处室|时限|时间|期限|节点).{0,4}"
    r"|(?:重点|主要|具体|工作)(?:工作|任务|措施|举措)(?:内容)?"
)
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、]"


# Pages read cell by cell at most (about 0.1 s each): a longer document keeps pypdf's text for the rest, well inside the
# parse budget of safedocs.run_bounded.
MAX_TABLE_PAGES = 60


def candidate_pages(pages: list[str]) -> list[int]:
    """Indexes of the pages from the first whose text has two header cells of a task table (序号, 责任单位, 完成时限 …)
    to the end (at most ``MAX_TABLE_PAGES``): a table printed over several pages shows its header on the first only."""
    first = next((index for index, text in enumerate(pages) if shows_a_header(text)), None)
    return [] if first is None else list(range(first, min(len(pages), first + MAX_TABLE_PAGES)))


def shows_a_header(text: str) -> bool:
    """Whether a page's text has two header cells of a task table: short lines of their own such as 序号, 责任单位."""
    from .cleanup import to_simplified

    short = [line.strip() for line in text.split("\n") if 0 < len(line.strip()) <= 12]
    # (a header in traditional characters, 序號 / 責任單位, names the same columns)
    cells = {line for line in short if _COLUMN_CELL.fullmatch(line) or _COLUMN_CELL.fullmatch(to_simplified(line))}
    return len(cells) >= 2


def unwrap_cell(text: str | None) -> str:
    """A cell's wrapped lines as one: joined with nothing between Chinese characters, with a space otherwise."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    joined = ""
    for line in lines:
        if joined and not (re.search(rf"{_CJK}$", joined) or re.match(_CJK, line)):
            joined += " "
        joined += line
    return joined


def _paragraphs(region, right: float) -> str:
    """The text of a region of the page, a line that reaches the right margin joined to the next (it wrapped): the
    title block above a table keeps its short lines, a paragraph of the cover notice becomes one line again."""
    from .fields import is_field_line
    from .loaders import LINE_END
    from .structure import detect_marker

    paragraphs: list[str] = []
    reaches_margin = False
    for line in region.extract_text_lines():
        text = line["text"].strip()
        if not text:
            continue
        if paragraphs and reaches_margin and not paragraphs[-1].endswith(LINE_END) and not (
            detect_marker(text) is not None or is_field_line(text)
        ):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        size = max((char.get("size", 10) for char in line.get("chars", [])), default=10)
        reaches_margin = line["x1"] >= right - 1.5 * size
    return "\n".join(paragraphs)


_ROW_NUMBER = re.compile(r"\d{1,3}[.、]?")
# Found by the gaps between words (a table with no ruling lines, or only a 三线表's three): each printed line is a row.
_BY_TEXT = {"vertical_strategy": "text", "horizontal_strategy": "text"}


def _unruled_tables(page, width_before: int | None) -> list[tuple[object, str, list[list[str]]]]:
    """Task tables without ruling lines, found by the gaps between their words, their printed lines put back into rows:
    ``(table, the text above its header inside the found area, rows)``.

    Taken only when the rows read as a task table: a header the table reader knows (序号 / 重点任务 / 牵头单位 …),
    or numbered rows as wide as the table on the page before (the same table, over a page without its header).
    Prose laid out in columns has neither."""
    from .tables import header_row

    found = []
    for table in page.find_tables(table_settings=_BY_TEXT):
        lines = [[cell or "" for cell in row] for row in table.extract()]
        bands = _bands(table, lines)
        parted = _columns_parted_by_header(page, table, lines, bands)
        if parted is not None:
            table = parted
            lines = [[cell or "" for cell in row] for row in table.extract()]
            bands = _bands(table, lines)
        read = _rows_of_lines(lines, bands)
        if read is None:
            continue
        preface, rows = read
        widest = max(len(row) for row in rows)
        if header_row(rows) is not None or (width_before == widest and _ROW_NUMBER.fullmatch(rows[0][0])):
            found.append((table, preface, rows))
    return found


def _columns_parted_by_header(page, table, lines: list[list[str]], bands: list[int] | None):
    """The table read again with a column edge before every column its header names, when reading by the words' gaps
    ran two columns into one (a header cell 「重点任务 牵头单位」: the task's long lines come close to the lead column,
    so no gap runs down between them). Each edge is put at the leftmost start of a word of the body between the two
    header labels that no word of the body runs across (a word alone on its line may); ``None`` when no header cell holds two names or no such
    place exists."""
    from .cleanup import to_simplified
    from .tables import column_role

    header = _header_line(lines)
    if header is None or not any(
        len(cell.split()) >= 2 and all(column_role(to_simplified(part)) for part in cell.split()) for cell in lines[header]
    ):
        return None
    rows = table.rows
    band = [index for index in range(len(lines)) if (bands[index] if bands else index) == (bands[header] if bands else header)]
    top, bottom = min(rows[index].bbox[1] for index in band), max(rows[index].bbox[3] for index in band)
    area = table.page.crop(table.bbox, strict=False)
    words = area.extract_words()
    labels: list[list[float]] = []
    for word in sorted((w for w in words if top <= (w["top"] + w["bottom"]) / 2 <= bottom), key=lambda w: w["x0"]):
        if labels and word["x0"] <= labels[-1][1]:
            labels[-1][1] = max(labels[-1][1], word["x1"])  # 「完成时」 over 「限」: one label
        else:
            labels.append([word["x0"], word["x1"]])
    below = [word for word in words if word["top"] >= bottom]
    # (a word alone on its printed line — a chapter heading, a note — may run across the columns; a cell's text that
    # runs up to the next cell's is one "word" with it, so the cut is checked against the characters)
    per_line: dict[int, int] = {}
    for word in below:
        per_line[round(word["top"])] = per_line.get(round(word["top"]), 0) + 1
    body = [char for char in area.chars if char["top"] >= bottom and per_line.get(round(char["top"]), 0) > 1]
    edges = [table.bbox[0]]
    for (_left_x0, left_x1), (right_x0, _right_x1) in zip(labels, labels[1:]):
        starts = sorted({word["x0"] for word in below if left_x1 < word["x0"] <= right_x0} | {right_x0})
        # (a character crosses the cut when the cut falls in its left half: a full-width 「。」 ends a line with an
        # em-wide box whose glyph sits in its left half)
        edge = next(
            (x - 0.5 for x in starts if not any(char["x0"] < x - 0.5 < (char["x0"] + char["x1"]) / 2 for char in body)),
            None,
        )
        if edge is None:
            return None
        edges.append(edge)
    edges.append(table.bbox[2])
    settings = {**_BY_TEXT, "vertical_strategy": "explicit", "explicit_vertical_lines": edges}
    found = page.crop(table.bbox).find_tables(table_settings=settings)
    return found[0] if found else None


def _bands(table, lines: list[list[str]]) -> list[int] | None:
    """Which printed block each line of a table read by its words' gaps belongs to: lines whose words overlap or stand
    closer than about half a line's height are one block, a wider gap starts the next.

    A table made with cells centred vertically (most 三线表 printed from Word or a report tool) prints a row's short
    cells, its number among them, in the middle of its tallest cell: the number is then no row's first line, and only
    the gap between the blocks tells where a row ends. ``None`` when the table's rows do not line up with its lines."""
    rows = getattr(table, "rows", None)
    if not rows or len(rows) != len(lines):
        return None
    heights = sorted(word["bottom"] - word["top"] for word in table.page.crop(table.bbox, strict=False).extract_words())
    if not heights:
        return None
    line_height = heights[len(heights) // 2]
    band, bands = 0, []
    for row, cells in zip(rows, lines):
        _x0, top, _x1, bottom = row.bbox
        if not any(cell.strip() for cell in cells) and bottom - top >= 0.6 * line_height:
            band += 1  # (an empty line of the reading is the space between printed lines)
        bands.append(band)
    return bands


_CHINESE_NUMERAL = re.compile(r"[一二三四五六七八九十]{1,3}")
_NUMBER_AND_TEXT = re.compile(r"(\d{1,3}[.、]?)\s+(\S.*)")


def _number_column_apart(lines: list[list[str]]) -> list[list[str]]:
    """The lines with the row numbers in a column of their own where the gap after the narrow 序号 column was too
    small to split on (「序号 工作任务」 / 「1 生产总值增长6%…」 in one cell): when the first cells that start with a
    number and a space are the rows', the first column is cut in two on every line."""
    starts = [_NUMBER_AND_TEXT.fullmatch(line[0]) for line in lines]
    if not any(starts) or any(_ROW_NUMBER.fullmatch(line[0]) for line in lines):
        return lines
    cut = []
    for line, start in zip(lines, starts):
        head = line[0]
        if start:
            cut.append([start.group(1), start.group(2), *line[1:]])
        elif re.match(r"序\s*号\s+\S|编\s*号\s+\S", head):
            number, rest = re.split(r"\s+", head, maxsplit=1)
            cut.append([number, rest, *line[1:]])
        else:
            cut.append(["", head, *line[1:]])
    return cut


def _header_line(lines: list[list[str]]) -> int | None:
    """The first line with two or more cells that name a task table's columns (序号, 重点任务, 责任单位 …)."""
    from .cleanup import to_simplified
    from .tables import column_role

    # The line naming the most columns: a sentence of the cover notice cut into the table's columns can name two by
    # chance (「。各牵头」「单位要会同责任单位制」), the header names them all.
    named = [
        sum(1 for cell in line if cell and len(cell) <= 12 and column_role(to_simplified(cell)) is not None)
        for line in lines
    ]
    best = max(named, default=0)
    return named.index(best) if best >= 2 else None


def _rows_of_lines(lines: list[list[str]], bands: list[int] | None = None) -> tuple[str, list[list[str]]] | None:
    """(the lines above the header, the rows) of a table read line by line: the title lines the found area took in
    go back to the text; from the header line to the first numbered line is the header (its wrapped words joined by
    column); a line with a number in the number column starts a row, a line holding a chapter heading (一、…) is a
    section row, and any other line goes on the cells of the row above. Columns empty on every line are dropped.

    With ``bands`` (the printed block of each line, ``_bands``) and one row number in every block, a block is a row:
    its lines above the number belong to it too (cells centred vertically)."""
    from .structure import detect_marker

    filled = [index for index, line in enumerate(lines) if any(cell.strip() for cell in line)]
    blocks = [bands[index] for index in filled] if bands is not None else None
    lines = [[cell.strip() for cell in lines[index]] for index in filled]
    start = _header_line(lines) or 0
    if blocks is not None:
        start = blocks.index(blocks[start])  # a header centred in its block: 「序」 above 「实事项目」, 「号」 below
    preface = "\n".join("".join(cell for cell in line if cell) for line in lines[:start])
    lines = lines[start:]
    blocks = blocks[start:] if blocks is not None else None
    keep = [column for column in range(max(map(len, lines), default=0)) if any(column < len(line) and line[column] for line in lines)]
    lines = _number_column_apart([[line[column] if column < len(line) else "" for column in keep] for line in lines])
    if not lines or not lines[0]:
        return None
    first = next((i for i, line in enumerate(lines) if _ROW_NUMBER.fullmatch(line[0])), None)
    if first is None:
        return None

    def section(line: list[str]) -> str | None:
        # A chapter heading that opens in the number column, its words spread over the columns after it
        # (「一、推进」 | 「简政放权,释放发展活力」): one section row.
        filled = [cell for cell in line if cell]
        opening = next((i for i, cell in enumerate(line) if cell), None)
        if opening is None or opening > 1 or _ROW_NUMBER.fullmatch(line[0]):
            return None
        if _CHINESE_NUMERAL.fullmatch(line[0]) and len(filled) == 2 and line[1]:
            # 「一 | 农村改厕提质」 with the other cells empty: the numeral of a section row in the 序号 column
            return f"{line[0]}、{line[1]}"
        marker = detect_marker(line[opening])
        return "".join(filled) if marker is not None and marker.style in ("cn", "paren_cn", "chapter", "section") else None

    if blocks is not None:
        # A section row printed close to the rows about it shares their block: it is a block of its own, and the
        # lines after it start another.
        relabelled, apart = [], 0
        for block, line in zip(blocks, lines):
            if section(line) is not None:
                apart += 1
                relabelled.append((block, apart))
                apart += 1
            else:
                relabelled.append((block, apart))
        blocks = relabelled

    def joined(group: list[list[str]]) -> list[str]:
        return [unwrap_cell("\n".join(column)) for column in zip(*group)]

    if blocks is not None:
        first = blocks.index(blocks[first])
        groups: list[list[list[str]]] = []
        for index in range(first, len(lines)):
            if index == first or blocks[index] != blocks[index - 1]:
                groups.append([])
            groups[-1].append(lines[index])
        numbered = [sum(1 for line in group if _ROW_NUMBER.fullmatch(line[0])) for group in groups]
        if all(count <= 1 for count in numbered):
            head = [line for line in lines[:first] if section(line) is None]
            rows = [joined(head)] if head else []
            rows += [[section(line)] for line in lines[:first] if section(line) is not None]
            for group, count in zip(groups, numbered):
                headings = [section(line) for line in group if section(line) is not None]
                if count:
                    rows.append(joined(group))
                elif headings:
                    rows.append(["".join(headings)])
                elif rows and len(rows[-1]) == len(group[0]):
                    rows[-1] = joined([rows[-1], *group])  # a block without a number goes on the row above
            return preface, rows

    head = [line for line in lines[:first] if section(line) is None]
    rows = [joined(head)] if head else []
    rows += [[section(line)] for line in lines[:first] if section(line) is not None]
    for line in lines[first:]:
        if _ROW_NUMBER.fullmatch(line[0]) or not rows:
            rows.append(list(line))
        elif section(line) is not None:
            rows.append([section(line)])
        elif len(rows[-1]) == 1:
            rows[-1] = [unwrap_cell(rows[-1][0] + "\n" + "".join(cell for cell in line if cell))]  # a heading that wrapped
        elif len(rows[-1]) == len(line):
            rows[-1] = [unwrap_cell(f"{above}\n{below}") for above, below in zip(rows[-1], line)]
    return preface, rows


def _ruled_rows(table) -> list[list[str]]:
    """A ruled table's cells, each unwrapped; a position that a cell of a row above covers (merged down, as 牵头单位
    is over the tasks it leads) carries that cell's text behind the tables' ``MERGED_DOWN`` mark, as a DOCX or HTML
    table's does. A position covered from the left (merged across) stays empty."""
    from .tables import MERGED_DOWN

    texts = table.extract()
    boxes = [row.cells for row in table.rows]
    rows: list[list[str]] = []
    for index, cells in enumerate(texts):
        row = []
        for column, cell in enumerate(cells):
            if cell is None and index:
                top = next((box[1] for box in boxes[index] if box is not None), None)
                above = next(
                    (k for k in range(index - 1, -1, -1) if column < len(boxes[k]) and boxes[k][column] is not None), None
                )
                if top is not None and above is not None and boxes[above][column][3] > top + 0.5 and texts[above][column]:
                    row.append(MERGED_DOWN + unwrap_cell(texts[above][column]))
                    continue
            row.append(unwrap_cell(cell))
        rows.append(row)
    return rows


def table_segments(data: bytes, pages: list[int], headed: set[int] | None = None) -> dict[int, list[tuple[str, object]]]:
    """For each of ``pages`` (indexes) that holds a task table — ruled, or else read by its words' gaps
    (``_unruled_tables``) — of at least two rows: its content in order,
    ``("text", str)`` for what lies above, between and below the tables and ``("table", rows)`` for each table.
    Pages without such a table are left out; so is every page when the PDF cannot be read this way."""
    if not pages:
        return {}
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    found: dict[int, list[tuple[str, object]]] = {}
    width_before: int | None = None  # of the last table read, for a page that continues it without its header
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index in pages:
                page = pdf.pages[index]
                tables = [(t, "", _ruled_rows(t)) for t in page.find_tables()]
                tables = [(t, preface, rows) for t, preface, rows in tables if len(rows) >= 2]
                if not tables and (width_before is not None or headed is None or index in headed):
                    # (reading by the words' gaps is slow: only a page that shows a header, or goes on from a table)
                    tables = _unruled_tables(page, width_before)
                if not tables:
                    width_before = None  # the table ended: a later page without a header starts none
                    continue
                tables.sort(key=lambda found: found[0].bbox[1])
                width_before = max(len(row) for row in tables[-1][2])
                right = max((line["x1"] for line in page.extract_text_lines()), default=page.width)
                segments: list[tuple[str, object]] = []
                top = 0.0
                for table, preface, rows in tables:
                    _x0, table_top, _x1, table_bottom = table.bbox
                    if table_top > top:
                        segments.append(("text", _paragraphs(page.crop((0, top, page.width, table_top)), right)))
                    if preface:
                        segments.append(("text", preface))
                    segments.append(("table", rows))
                    top = max(top, table_bottom + 0.5)  # (a line touching the bottom edge is the table's own)
                if top < page.height:
                    segments.append(("text", _paragraphs(page.crop((0, top, page.width, page.height)), right)))
                found[index] = segments
    except Exception:  # pdfminer raises many kinds of error on damaged files; pypdf's text stands
        logger.warning("plans.pdf_tables: table extraction failed, using the text layer", exc_info=True)
        return {}
    return found
