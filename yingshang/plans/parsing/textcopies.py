"""What copying does to a plan's text, undone: the markup a text copy carries and the tables it holds as text.

A plan arrives pasted from a web page, a mail, a chat, a converter or a system's export. Before the text is cleaned
(``cleanup.clean_text``) its lines lose the marks such copies add — a printout's line numbers, a forwarded mail's
「> 」, Markdown, a 公众号 post's decorations — and a table held as text (drawn with box characters, typeset with
spaces, exported as CSV) becomes one line per row with its cells between bars, the form the flat-table reader
(``flat_tables.expand_flat_tables``) reads. After the hard line breaks are undone, a round bracket broken over lines is
joined (``join_unclosed_brackets``).
"""

from __future__ import annotations

import re

from .cleanup import to_simplified

# A forwarded e-mail quotes each line with 「> 」, once per forward; the quoted plan is the plan.
_QUOTE_MARKS = re.compile(r"^(?:>[ \u3000]?)+")
_QUOTED_LINES_NEEDED = 3
# Markdown of a repost: headings, emphasis, a table's rule under its header (|:---:|---|).
_MARKDOWN_HEADING = re.compile(r"^#{1,6}\s+")
_MARKDOWN_EMPHASIS = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_MARKDOWN_TABLE_RULE = re.compile(r"^\|?\s*:?-{2,}:?\s*(?:\|\s*:?-{2,}:?\s*)+\|?$")
# A table drawn with box characters (a converter's or an old system's print): rules between the rows, cells between
# bars, a cell's wrapped lines one under another.
_BOX_RULE = re.compile(r"^[┌├└╔╠╚┏┣┗╟╞╒╘+][─━═┬┼┴╤╪╧╦╬╩┳╋┻┯┿┷┰╂┸\-+]*[┐┤┘╗╣╝┓┫┛╢╡╕╛+]$")
_BOX_ROW = re.compile(r"^[│┃║|].*[│┃║|]$")
_BOX_BAR = re.compile(r"[│┃║|]")


def _box_table_rows(block: list[str]) -> list[str]:
    """A box-drawn table as one line per row, cells between bars (the form the flat-table reader takes). Rows are the
    lines between two rules; in a table ruled under its header only, a line with an empty first cell goes on the row
    above (the wrapped lines of its cells)."""
    ruled_rows = sum(1 for line in block if _BOX_RULE.match(line)) > 3
    rows: list[list[list[str]]] = []
    new_row = True
    for line in block:
        if _BOX_RULE.match(line):
            new_row = True
            continue
        cells = _BOX_BAR.split(line.strip())[1:-1]
        continues = rows and not new_row and (ruled_rows or (not cells[0].strip() and any(c.strip() for c in cells)))
        if continues and len(rows[-1]) == len(cells):
            for column, cell in enumerate(cells):
                rows[-1][column].append(cell)
        else:
            rows.append([[cell] for cell in cells])
        new_row = False
    from .pdf_tables import unwrap_cell  # (a cell's wrapped lines are joined as a PDF table cell's are)

    return ["| " + " | ".join(unwrap_cell("\n".join(parts)) for parts in row) + " |" for row in rows]


# A printout or a compare view that numbers every line (「  12  1.提升…」): the numbers run on, one a line, blank lines
# included — no plan numbers every line of itself.
_LINE_NUMBER = re.compile(r"^[ \u3000]*(\d{1,5})(?:[ \u3000\t]+|$)")
_NUMBERED_LINES_NEEDED = 10


def _without_line_numbers(lines: list[str]) -> list[str]:
    """The lines without the numbers a printout puts before every line: from the first numbered line on every line is
    numbered, the numbers count the lines, and the title is numbered too or so is a blank line (「   3  」). A table
    copied one row a line numbers its rows, never its title or a blank line."""
    numbers = [_LINE_NUMBER.match(line) for line in lines]
    numbered = [(index, int(match.group(1))) for index, match in enumerate(numbers) if match]
    if len(numbered) < _NUMBERED_LINES_NEEDED:
        return lines
    filled = [index for index, line in enumerate(lines) if line.strip() and index >= numbered[0][0]]
    counting = sum(1 for (i, a), (j, b) in zip(numbered, numbered[1:]) if b - a == j - i)
    if counting < 0.9 * (len(numbered) - 1) or sum(1 for index in filled if numbers[index]) < 0.95 * len(filled):
        return lines
    first_filled = next(index for index, line in enumerate(lines) if line.strip())
    blank_numbered = any(match and not lines[index][match.end() :].strip() for index, match in enumerate(numbers))
    if not (numbers[first_filled] or blank_numbered):
        return lines
    return [line[numbers[index].end() :] if numbers[index] else line for index, line in enumerate(lines)]


# A table typeset with spaces (a system's text export, a table retyped in a mail): its cells stand in fixed columns,
# two or more spaces apart (a full-width space is two), a cell's wrapped lines under it in the same column.
_GAP = re.compile(r"(?: {2,}|\u3000+ *| +\u3000[ \u3000]*)")
_COLUMN_SLACK = 2
_ROW_NUMBER_CELL = re.compile(r"\d{1,3}[.、]?|[一二三四五六七八九十]{1,3}[、.]?")


def _display_width(text: str) -> int:
    import unicodedata

    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def _spaced_cells(line: str) -> list[tuple[int, str]]:
    """The cells of a line typeset with spaces: (display column where the cell starts, text)."""
    cells = []
    position = 0
    for part in re.split(f"({_GAP.pattern})", line.rstrip()):
        if part and not _GAP.fullmatch(part) and part.strip():
            cells.append((_display_width(line[: position]), part.strip()))
        position += len(part)
    return cells


def _fixed_width_table(lines: list[str], index: int) -> tuple[list[str], int] | None:
    """(rows as lines with cells between bars, lines used) of a table typeset with spaces whose header is
    ``lines[index]``: each cell goes to the column whose header starts nearest before it; a line whose number column
    is empty goes on with the row above (its cells' wrapped lines); a line numbered 一, 二 … is a section row (read so
    by the table reader). The table ends at a blank line or at a line whose first cell is no row number (a note)."""
    from .tables import NUMBER, column_role, header_row
    from .flat_tables import PAGE_FURNITURE

    header = _spaced_cells(lines[index])
    names = [to_simplified(name) for _start, name in header]
    if len(header) < 3 or column_role(names[0]) != NUMBER or header_row([names]) is None:
        return None
    starts = [start for start, _name in header]
    rows: list[list[str]] = [names]
    end = index + 1
    while end < len(lines):
        if not lines[end].strip() or PAGE_FURNITURE.match(lines[end]) or lines[end].strip() == lines[index].strip():
            # blank lines between rows, a page's number and the header repeated on the next page (a PDF's text dump
            # with its layout kept): the table goes on where a numbered row follows
            following = end
            while following < len(lines) and (
                not lines[following].strip()
                or PAGE_FURNITURE.match(lines[following])
                or lines[following].strip() == lines[index].strip()
            ):
                following += 1
            cells = _spaced_cells(lines[following]) if following < len(lines) else []
            if not cells or cells[0][0] > starts[0] + _COLUMN_SLACK or not _ROW_NUMBER_CELL.fullmatch(cells[0][1]):
                break
            end = following
        cells = _spaced_cells(lines[end])
        placed = [""] * len(starts)
        for start, text in cells:
            column = max((k for k, s in enumerate(starts) if s <= start + _COLUMN_SLACK), default=0)
            placed[column] = f"{placed[column]} {text}".strip() if placed[column] else text
        first = placed[0]
        if first and _ROW_NUMBER_CELL.fullmatch(first):
            rows.append(placed)
        elif not first and len(rows) > 1 and any(placed):
            rows[-1] = [above + below for above, below in zip(rows[-1], placed)]  # the cells' wrapped lines
        else:
            break
        end += 1
    if len(rows) < 3:
        return None
    return ["| " + " | ".join(row) + " |" for row in rows], end - index


# Decorations a 公众号 post puts before its headings and items (▍一、…, 🔸1.…, ▶(一)…); 「★」 and 「☆」 stay: plans
# use them to mark the lead units.
_KEPT_SYMBOLS = "★☆※"


def _without_decoration(line: str) -> str:
    """The line without the symbols before its outline marker or its field label (🔹牵头单位:…), and a heading without
    the 【】 around it (【一、企业全生命周期“一件事”】)."""
    import unicodedata

    from .fields import is_field_line
    from .structure import detect_marker

    stripped = line.lstrip()
    boxed = re.fullmatch(r"【(.+)】", stripped.strip())
    if boxed and detect_marker(boxed.group(1)) is not None:
        return boxed.group(1)
    cut = 0
    while cut < len(stripped) and cut < 6 and (
        (unicodedata.category(stripped[cut]) == "So" and stripped[cut] not in _KEPT_SYMBOLS)
        or stripped[cut] in "\ufe0f\u200d "
    ):
        cut += 1
    rest = stripped[cut:].lstrip()
    if cut and (detect_marker(rest) is not None or is_field_line(rest)):
        return rest
    return line


def _csv_table(lines: list[str], index: int) -> tuple[list[str], int] | None:
    """(rows as lines with cells between bars, lines used) of a CSV export (a 督查系统's 台账) whose header is
    ``lines[index]``: quoted fields may hold commas and line breaks; the table ends at the first record whose fields are
    not the header's, and is one only with three records or more (a header line of a copied table separated by commas
    is no export)."""
    import csv
    import io

    from .tables import header_row

    if lines[index].count(",") < 2:
        return None
    header = next(csv.reader([lines[index]]), [])
    if len(header) < 3 or header_row([[to_simplified(cell.strip()) for cell in header]]) is None:
        return None
    reader = csv.reader(io.StringIO("\n".join(lines[index:])))
    rows: list[str] = []
    used = 0
    for record in reader:
        if len(record) != len(header):
            break  # (an export's records have the header's fields, no more, no fewer)
        # (a field's line breaks: after a mark the sentence goes on, else a new clause begins)
        cells = [
            re.sub(r"\s*\n\s*", "；", re.sub(r"(?<=[，,；;。、])\s*\n\s*", "", cell.strip())).replace("|", "｜")
            for cell in record
        ]
        rows.append("| " + " | ".join(cells) + " |")
        used = reader.line_num
    return (rows, used) if len(rows) >= 4 else None


def is_mail_quoted(lines: list[str]) -> bool:
    """Whether the text holds a forwarded e-mail's quoted lines (「> 」 before each)."""
    return sum(1 for line in lines if _QUOTE_MARKS.match(line.strip())) >= _QUOTED_LINES_NEEDED


# A web table copied with each cell's text wrapped over several lines and a bar on a line of its own after each cell
# (「持续」 ⏎ 「推进」 ⏎ 「“两个」 ⏎ 「示范村”」 ⏎ 「|」): the bars are the cell boundaries. Told from a copy whose cells end
# in their own bar (「区财政局 |」, a lone bar there being an empty cell) by its many lone bars and few bar-ended lines.
_LONE_BAR = re.compile(r"^\s*[|｜]\s*$")
_LONE_BARS_NEEDED = 10


def _cells_between_lone_bars(lines: list[str]) -> list[str]:
    """``lines`` with each cell between lone bars on one line ending in its bar (「持续推进“两个示范村”建设 |」), the
    cell before the first bar being its one line; unchanged unless the copy separates its cells so."""
    lone = [index for index, line in enumerate(lines) if _LONE_BAR.match(line)]
    bar_ended = sum(1 for line in lines if re.search(r"\S\s*[|｜]\s*$", line))
    if len(lone) < _LONE_BARS_NEEDED or bar_ended * 5 > len(lone):
        return lines
    cells: list[str] = []
    start = lone[0] - 1 if lone[0] > 0 else 0
    result = lines[:start]
    for bar in lone:
        part = [line.strip() for line in lines[start:bar] if line.strip()]
        cells.append(_joined_wrapped(part) + " |" if part else "|")
        start = bar + 1
    return result + cells + lines[start:]


def _joined_wrapped(parts: list[str]) -> str:
    """A cell's wrapped lines as one: joined with nothing, with a space only between two Latin letters or figures."""
    joined = parts[0]
    for part in parts[1:]:
        joined += (" " if joined[-1].isascii() and joined[-1].isalnum() and part[0].isascii() and part[0].isalnum() else "") + part
    return joined


def unmark_text_copy(lines: list[str]) -> list[str]:
    """Lines without the markup a text copy of a plan carries: line numbers, e-mail quote marks, Markdown headings,
    emphasis and table rules, and box-drawn tables (turned into one line per row, cells between bars)."""
    lines = _cells_between_lone_bars(_without_line_numbers(lines))
    if is_mail_quoted(lines):
        lines = [_QUOTE_MARKS.sub("", line.strip()) for line in lines]
    unmarked: list[str] = []
    block: list[str] = []

    def flush() -> None:
        unmarked.extend(_box_table_rows(block) if any(_BOX_RULE.match(line) for line in block) else block)
        block.clear()

    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        spaced = _fixed_width_table(lines, index - 1) if "\t" not in line and _GAP.search(line.strip()) else None
        spaced = spaced or (_csv_table(lines, index - 1) if "," in line else None)
        if spaced is not None:
            flush()
            rows, used = spaced
            unmarked.extend(rows)
            index += used - 1
            continue
        # (a row copied with tabs keeps its leading tabs: its first cells are empty)
        stripped = line.strip(" \u3000\r") if "\t" in line.strip(" \u3000\r") else line.strip()
        # (a Markdown row, between bars too, joins a block only inside a box-drawn table: 「+---+」 rules)
        if _BOX_RULE.match(stripped) or (_BOX_ROW.match(stripped) and (block or not stripped.startswith("|"))):
            block.append(stripped)
            continue
        flush()
        if _MARKDOWN_TABLE_RULE.match(stripped):
            continue
        stripped = _without_decoration(_MARKDOWN_EMPHASIS.sub(lambda m: m.group(1) or m.group(2), stripped))
        unmarked.append(_MARKDOWN_HEADING.sub("", stripped))
    flush()
    return _padded_numbers_as_markers(unmarked)


# A 公众号 post numbers its items with a zero-padded number on a line of its own, the item's heading on the next line:
# 「01⏎城乡教育提质工程⏎…⏎02⏎医疗服务能力提升工程」.
_PADDED_NUMBER_LINE = re.compile(r"^\s*(0[1-9]|[1-9]\d)\s*$")


def _padded_numbers_as_markers(lines: list[str]) -> list[str]:
    """``lines`` with such numbers (01, 02, … in sequence from 01, two at least) joined to their headings as 一、…, 二、…."""
    numbered = [i for i, line in enumerate(lines) if _PADDED_NUMBER_LINE.match(line) and i + 1 < len(lines) and lines[i + 1].strip()]
    in_sequence: list[int] = []
    for index in numbered:
        if int(lines[index]) == len(in_sequence) + 1:
            in_sequence.append(index)
    if len(in_sequence) < 2 or lines[in_sequence[0]].strip() != "01":
        return lines
    if any(line.strip() in ("序号", "编号", "序") for line in lines[: in_sequence[0]]):
        return lines  # a table copied one cell per line: its 序号 cells are read with the table
    from .structure import int_to_chinese

    result, skip = [], set(in_sequence)
    for index, line in enumerate(lines):
        if index in skip:
            continue
        if index - 1 in skip:
            line = f"{int_to_chinese(int(lines[index - 1]))}、{line.strip()}"
        result.append(line)
    return result


# A bracket a line leaves open is closed on one of the next lines: a hard line break inside 「(牵头单位:…、⏎…;完成时限:…)」
# (a printout, a compare view, a mail program's wrap) — the lines are one.
_BRACKET_LINES_MAX = 3


def join_unclosed_brackets(lines: list[str]) -> list[str]:
    """Lines joined where a round bracket opened on one is closed on one of the next ``_BRACKET_LINES_MAX`` lines, no
    line between opening an outline item of its own."""
    from .structure import detect_marker

    joined: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        depth = line.count("(") - line.count(")")
        end = index
        while depth > 0 and end + 1 < len(lines) and end - index < _BRACKET_LINES_MAX and lines[end + 1].strip():
            following = lines[end + 1].strip()
            if detect_marker(following) is not None:
                break
            end += 1
            depth += following.count("(") - following.count(")")
        if end > index and depth <= 0:
            joined.append(line.rstrip() + "".join(part.strip() for part in lines[index + 1 : end + 1]))
            index = end + 1
        else:
            joined.append(line)
            index += 1
    return joined
