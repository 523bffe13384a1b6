"""Where a document's lines hold a flattened table, and the table read into paragraphs and field lines
(``expand_flat_tables``): a header line and rows run together (``flat_rows``), one cell per line (``cell_lines``),
cells between bars, separated by tabs or by spaces, record tables (字段:|值|), and tables in the text of a document
viewer, whose page numbers and running headers are taken out first.
"""

from __future__ import annotations

import re
from collections import Counter

from .deadlines import is_deadline_phrase
from .structure import detect_marker
from .units import is_collective, is_unit_like
from .table_units import document_places
from .tables import (
    DEADLINE,
    LEAD,
    NUMBER,
    PERSON,
    RESPONSIBLE,
    TEXT,
    _CHINESE_NUMBER,
    _HEADER_WITHIN,
    _SECTION_MARKER,
    _header_roles,
    _task_list_roles,
    column_role,
    header_row,
    table_rows_to_lines,
)
from .flat_rows import (
    _HEADER_WORD,
    _ROW_NUMBER,
    _SENTENCE_END,
    _bar_sub_header,
    _fill_row,
    _flat_sub_header,
    _is_dated_cell,
    _is_unit_cell,
    _unnamed_task_column,
    flat_table_header,
    split_flat_row,
)
from .cell_lines import (
    _BARE_NUMBER,
    _header_one_cell_per_line,
    _rows_one_cell_per_line,
    _task_list_header,
    _unnamed_number_column,
)


# --- tables copied from a document viewer: page markers, header and rows run together ---------------------

# A document-sharing site's viewer numbers its pages 「1、」「2、」 at the start of each page's text; a page may
# break inside a word or a bracket (「高新园(邹区镇\n2、)各街道」), which no item number is followed by.
_PAGE_MARKER = re.compile(r"^(\d{1,3})、")
_CANNOT_START_TEXT = "）)、,，。;；:："


# A page number a viewer or a printed copy leaves between a table's cells: 第1页 共3页, 第2页/共5页, - 3 -, 2/5.
PAGE_FURNITURE = re.compile(
    r"^\s*(?:第\s*\d{1,3}\s*页\s*[,，/、]?\s*(?:共\s*\d{1,3}\s*页)?|共\s*\d{1,3}\s*页\s*[,，/、]?\s*第\s*\d{1,3}\s*页"
    r"|[-—–]\s*\d{1,3}\s*[-—–]|\d{1,3}\s*/\s*\d{1,3})\s*$"
)


def drop_page_furniture(lines: list[str]) -> list[str]:
    """``lines`` with the page numbers between them blanked, and a running header repeated after them (a table or a
    sentence copied across pages keeps its rows whole; the line count, which the review page's line numbers follow,
    stays)."""
    page_lines = [index for index, line in enumerate(lines) if PAGE_FURNITURE.match(line)]
    running = _running_headers(lines, page_lines)
    return ["" if PAGE_FURNITURE.match(line) or line.strip() in running else line for line in lines]


_RUNNING_HEADER_MIN, _RUNNING_HEADER_MAX = 8, 40


def _running_headers(lines: list[str], page_lines: list[int]) -> set[str]:
    """Short lines printed at the top of each page of a PDF (「2024年《政府工作报告》重点工作责任分工」): the same line right
    after two or more page numbers, never an item (no marker)."""
    from .structure import detect_marker

    after_pages: dict[str, int] = {}
    for index in page_lines:
        following = next((line.strip() for line in lines[index + 1 : index + 4] if line.strip()), "")
        # (a table's header, or one of its cells copied one per line — 序号, 牵头单位 — is the table's, not the page's)
        if (
            _RUNNING_HEADER_MIN <= len(following) <= _RUNNING_HEADER_MAX
            and detect_marker(following) is None
            and _HEADER_WORD.fullmatch(re.sub(r"\s+", "", following)) is None
            and flat_table_header(following) is None
        ):
            after_pages[following] = after_pages.get(following, 0) + 1
    return {line for line, count in after_pages.items() if count >= 2}


def _page_breaks_inside(lines: list[str], index: int) -> bool:
    """Line ``index`` starts with a page marker whose page starts inside a sentence: a closing bracket or a
    punctuation mark right after it, or a figure cut from its unit (「…2023年9」 / 「2、月底」)."""
    marker = _PAGE_MARKER.match(lines[index].strip())
    if marker is None:
        return False
    after = lines[index].strip()[marker.end() : marker.end() + 1]
    before = next((line.strip() for line in reversed(lines[:index]) if line.strip()), "")
    return bool(after) and (after in _CANNOT_START_TEXT or before[-1:].isdigit() and after in "年月日号%％万亿个")


# A viewer's page holds a few hundred characters; an item's paragraph that ends without a full stop is a heading,
# far shorter.
_PAGE_MIN_CHARS = 200


# The first page opens with the document's title run on into its text: 「1、某某专项整治行动工作方案为扎实推进…」,
# 「1、…重点任务责任分工表序号工作内容…」.
_TITLE_ON_FIRST_PAGE = re.compile(
    r"^1、[^。，,；;：:！!？?]{4,60}?(?:方案|计划|规划|分工表|分解表|清单|要点|意见|办法|细则|措施)(?=[\u4e00-\u9fff])"
)


def _pages_cut_mid_sentence(lines: list[str]) -> bool:
    """The document opens with the marker 1、 and its title, and every page before the next marker (2、, 3、 …) is a long run of text
    that stops inside a sentence (「…(一)重点整治对象。具」 / 「2、有车身…」, 「…市商务局,市」 / 「2、住建局…」): the
    pages of a viewer that cut the text wherever the page was full, not items (an item's paragraph ends with its
    sentence, and a heading that does not is short)."""
    filled = [line.strip() for line in lines if line.strip()]
    if not filled or not _TITLE_ON_FIRST_PAGE.match(filled[0]):
        return False
    page, breaks = 1, 0
    for previous, line in zip(filled, filled[1:]):
        marker = _PAGE_MARKER.match(line)
        if marker is None or int(marker.group(1)) != page + 1:
            continue
        if len(previous) < _PAGE_MIN_CHARS or previous[-1] in _SENTENCE_END or not "\u4e00" <= previous[-1] <= "\u9fff":
            return False
        page, breaks = page + 1, breaks + 1
    return breaks > 0


def drop_viewer_page_markers(lines: list[str]) -> list[str]:
    """``lines`` without a viewer's page markers, each page joined to the text it continues.

    Only where one marker is proven (its page starts inside a sentence: a closing bracket or punctuation right
    after it); then the markers 1、2、3… at line starts, in page order, are removed, and a page whose previous
    line ends without a sentence end is joined to that line.
    """
    proven = any(_page_breaks_inside(lines, index) for index in range(1, len(lines))) or _pages_cut_mid_sentence(lines)
    if not proven:
        return lines
    result: list[str] = []
    page = 1
    for line in lines:
        stripped = line.strip()
        marker = _PAGE_MARKER.match(stripped)
        if marker and int(marker.group(1)) == page:
            page += 1
            rest = stripped[marker.end() :]
            previous = next((i for i in range(len(result) - 1, -1, -1) if result[i].strip()), None)
            if previous is not None and result[previous].rstrip()[-1:] not in _SENTENCE_END:
                result[previous] = result[previous].rstrip() + rest
                result.append("")  # the line count stays (the review page's line numbers follow it)
                continue
            result.append(rest)
            continue
        result.append(line)
    return result


# A header run together inside a line, after the table's title and before its first row:
# 「…责任分解表序号项目名称主要内容区政府分管领导牵头单位配合单位1增加…」.
_HEADER_CELL_WORD = r"[\u4e00-\u9fff]{0,8}?(?:领导|名称|内容|单位|部门|科室|处室|股室|时限|时间|期限|措施|任务|目标|事项|备注|项目|标准|情况|指标|责任人|联系人|方式|职责分工|职责)"
# (「…责任单位11.1编制…」: row 1 of a decimal outline, its cells empty, run on to row 1.1)
_SPACED_HEADER_CELL = re.compile(r"(序|备)[ \u3000]+(号|注)")
_EMBEDDED_HEADER = re.compile(rf"序号((?:{_HEADER_CELL_WORD}){{2,10}})(?=1[^\d]|11\.1(?!\d))")
# The same with its cells kept apart by single spaces, as a web table's text is copied (「…进度表 序号 重点工作 主要任务
# 时间要求 责任单位 1 禁止…」): each word a cell, whatever it names (the header's known columns are counted below).
_SPACED_EMBEDDED_HEADER = re.compile(r"序号((?: [\u4e00-\u9fff]{2,10}){2,10}) (?=1 [\u4e00-\u9fff“])")


def _embedded_header(line: str) -> tuple[str, list[str], str] | None:
    """(text before, header cells, rows after) for a line holding a whole table run together, or None."""
    # (「序 号法律法规名称责任单位联系人宣传方式备 注1…」: a header whose two-character cells were spaced out to the
    # column's width)
    line = _SPACED_HEADER_CELL.sub(r"\1\2", line)
    match = _EMBEDDED_HEADER.search(line)
    if match is not None:
        cells = ["序号"] + [m.group(0) for m in re.finditer(_HEADER_CELL_WORD, match.group(1))]
    else:
        match = _SPACED_EMBEDDED_HEADER.search(line)
        if match is None:
            return None
        cells = ["序号"] + match.group(1).split()
    roles = _header_roles(cells)
    if roles is None or sum(r is not None for r in roles) < 3:
        return None
    return line[: match.start()], cells, line[match.end() :]


_MEASURE_AFTER_NUMBER = re.compile(r"[个家所项人名户条座万亿千百十%％年月日天次批期倍届号类台套辆吨米公里亩平方元岁级]")


def _split_run_on_rows(body: str, *, time_first: bool = False) -> list[tuple[str, str]]:
    """(number, row text) for rows run together with nothing between: each row starts at the next row number,
    a bare figure (not part of a longer one, not followed by a measure word) right after a character."""
    rows: list[tuple[str, str]] = []
    number, start = 1, 0
    if not body.startswith("1"):
        return []
    spaced = body[1:2] == " "
    rows_after_space = 0  # how many rows found so far began after a space (-1 once one did not)
    position = 1
    while True:
        following = number + 1
        found = None
        pattern = rf"(?<![\d.]){following}(?![\d.%％])"
        if time_first:
            pattern += rf"|(?<![\d.]){following}(?=\d{{1,2}}(?:\s*[-—至]\s*\d{{1,2}})?\s*月)"
        for match in re.finditer(pattern, body[position:]):
            at = position + match.start()
            after = body[at + len(str(following)) : at + len(str(following)) + 2]
            if spaced:
                # 「… 即日起 2 禁止…」: cells kept apart by spaces, the row's number a cell of its own
                if body[at - 1 : at] != " " or after[:1] != " ":
                    continue
                after = after[1:]
            # (a table whose first cell after the number is the time: 「…人防办71月元旦、春节期间…」 is row 7, 1月)
            dated = time_first and re.match(r"\d{1,2}(?:\s*[-—至]\s*\d{1,2})?\s*月", body[at + len(str(following)) :]) is not None
            after = after[:1]
            if dated and at - start >= 8:
                found = at
                break
            # (「…展板等 14个体工商户条例…」: where every row so far (two at least) began after a space, a number after a space
            # is the next row's even before a word that could count it)
            counted = _MEASURE_AFTER_NUMBER.match(after) and not (rows_after_space >= 2 and body[at - 1 : at] == " ")
            if at - start < 8 or not after or counted or not re.match(r"[\u4e00-\u9fff“]", after):
                continue
            found = at
            break
        end = found if found is not None else len(body)
        rows.append((str(number), body[start + len(str(number)) : end]))
        if found is None:
            return rows
        rows_after_space = rows_after_space + 1 if rows_after_space >= 0 and body[found - 1 : found] == " " else -1
        number, start, position = following, found, found + len(str(following))


_OUTLINE_DEPTH = 4
# (a web table's cells kept apart by spaces: 「1.1　各相关处室提供 1.2 1.3 2区…」, rows 1.2 and 1.3 left empty)
_OUTLINE_TOKEN_END = re.compile(r"(?:[/／\-－]\d{1,2})?(?=[ \u3000]*(?:[\u4e00-\u9fff“《(（]|$)|[ \u3000]+\d)")


def _next_in_outline(path: list[int]) -> list[list[int]]:
    """The numbers that may follow ``path`` in a decimal outline: its first sub-item, the next at its level or at a level
    above — each perhaps straight with its first sub-item, where the row between was merged away (1.1 → 1.2.1)."""
    following = [path + [1], path + [1, 1], path[:-1] + [path[-1] + 2]]  # (a row lost in the copy: 2.1.3 → 2.1.5)
    for level in range(len(path) - 1, -1, -1):
        step = path[:level] + [path[level] + 1]
        following += [step, step + [1], step + [1, 1]]
    return [p for p in following if len(p) <= _OUTLINE_DEPTH]


def _outline_number_end(body: str, at: int, number: list[int], position: int) -> int | None:
    """Where the number ``number``, written at ``at``, ends as a row's number (past a combined row's 「/8」), or None
    where it is no row's number there: part of a longer figure, a quantity (2个), or not followed by the row's words."""
    text = ".".join(map(str, number))
    after = at + len(text)
    right_after = at == position  # the row before had no words of its own (11.1: row 1, then 1.1)
    if not right_after and body[at - 1 : at] in "0123456789.．":
        return None
    if len(number) == 1:
        if body.startswith(f"{text}.1", after):
            return after  # 「22.1」: row 2, its cells empty, then 2.1
        # (a number right after the last row's number is part of it, unless a space parts them — 「1.3 2区…」, row 1.3
        # left empty; one in brackets is a quantity, 「依法履职（4分）」)
        if (at - position < 2 and body[position:at].strip(" \u3000")) or at == position:
            return None
        if _MEASURE_AFTER_NUMBER.match(body[after : after + 1]) or body[at - 1 : at] in "(（":
            return None
    end = _OUTLINE_TOKEN_END.match(body, after)
    return end.end() if end else None


def _split_run_on_outline_rows(body: str) -> list[tuple[str, str]]:
    """(number, row text) for the rows of a decimal outline run together (「1旅游交通1.1通景交通…2017.8 1.2抵达…」,
    「11.1编制…区旅发委1.2.1设计…」): each row starts at a number that follows the last one in the outline — 1.2 or
    1.1.1 or 2 after 1.1 — not part of a longer figure and followed by the row's words; 「2.1.7/8」 (two rows in one)
    is 2.1.7. Empty unless at least two rows are numbered below the top level."""
    if not body.startswith("1") or body.startswith("1."):
        return []
    rows: list[tuple[str, str]] = []
    path, start, label = [1], 0, "1"
    while True:
        position = start + len(label)
        found = None  # (where, number, its text, where it ends)
        for candidate in _next_in_outline(path):
            text = ".".join(map(str, candidate))
            at = body.find(text, position)
            while at != -1 and (found is None or at < found[0]):
                end = _outline_number_end(body, at, candidate, position)
                if end is not None:
                    found = (at, candidate, text, end)
                    break
                at = body.find(text, at + 1)
        rows.append((label, body[position : found[0] if found else len(body)]))
        if found is None:
            break
        start, path, label, token_end = found
        # 「2.1.7/8」: the row's number as its first, the outline going on from its last (2.1.9 next)
        if token_end > start + len(label):
            path = path[:-1] + [int(re.findall(r"\d+", body[start + len(label) : token_end])[0])]
            body = body[: start + len(label)] + body[token_end:]
    if sum(1 for number, _ in rows if "." in number) < 2:
        return []
    return rows


_PERSON_THEN_UNIT_MAX = 8
# Task text starts with a verb (推进核心区改造…); a unit name never does.
_TASK_VERB = r"(?!推进|推动|加快|加强|完成|实施|提升|建设|开展|落实|深化|新建|改造|打造|开工|启动|优化|完善|促进|支持|组织)"
_SHORT_UNIT = re.compile(
    _TASK_VERB + r"(?:各[\u4e00-\u9fff]{0,5}?|[\u4e00-\u9fff]{1,5}?)(?:局|委|办|公司|集团|中心|街道|镇|乡|园|区|所|站|队|院|联)"
    r"(?:\([\u4e00-\u9fff、]{1,8}\))?"
)


def _units_from(text: str, start: int) -> int:
    """Where a run of short unit names (教育局 经开区 高新园(邹区镇) 各街道 市国有公司) starting at ``start`` ends."""
    end = start
    while end < len(text):
        match = _SHORT_UNIT.match(text, end)
        if match is None or len(match.group(0)) > 9:
            break
        end = match.end()
    return end


def _person_led_rows(body: str, roles: list[str | None]) -> list[dict[int, str]] | None:
    """Cells of a run-together row of a table 任务 / 分管领导 / 牵头单位 / 配合单位: after each finished sentence, a
    leader's name (two or three characters) and the lead unit; a row may hold several such parts (a task in two
    stages, each with its leader and units), read as the row and its continuation rows."""
    text_column = next((i for i, r in enumerate(roles) if r in (TEXT, None) and i), None)
    person = next((i for i, r in enumerate(roles) if r == PERSON), None)
    lead = next((i for i, r in enumerate(roles) if r == LEAD), None)
    others = next((i for i, r in enumerate(roles) if r == RESPONSIBLE), None)
    if None in (text_column, person, lead) or not person < lead or DEADLINE in roles:
        return None
    parts: list[dict[int, str]] = []
    start = 0
    for end_of_sentence in [i + 1 for i, c in enumerate(body) if c == "。"]:
        if end_of_sentence <= start:
            continue
        for name_length in (3, 2):
            unit_at = end_of_sentence + name_length
            unit_end = _units_from(body, unit_at)
            first = _SHORT_UNIT.match(body, unit_at)
            if first is None or len(first.group(0)) < 3 or len(first.group(0)) > _PERSON_THEN_UNIT_MAX:
                continue
            if not re.fullmatch(r"[\u4e00-\u9fff]+", body[end_of_sentence:unit_at]):
                continue
            # The lead is followed by the other units or ends the row; a name running on into more text is none.
            if first.end() < len(body) and _SHORT_UNIT.match(body, first.end()) is None:
                continue
            row = {text_column: body[start:end_of_sentence], person: body[end_of_sentence:unit_at], lead: first.group(0)}
            if others is not None and unit_end > first.end():
                rest_names = [m.group(0) for m in _SHORT_UNIT.finditer(body[first.end() : unit_end])]
                row[others] = "、".join(rest_names)
            parts.append(row)
            start = unit_end
            break
    if not parts:
        return None
    if body[start:].strip():
        parts.append({text_column: body[start:].strip()})
    return parts


def _expand_embedded_table(line: str, places: tuple[str, ...]) -> list[str] | None:
    found = _embedded_header(line)
    if found is None:
        return None
    before, header, body = found
    roles = _header_roles(header)
    rows: list[list[str]] = [header]
    split = _split_run_on_outline_rows(body) or _split_run_on_rows(body, time_first=len(roles) > 1 and roles[1] == DEADLINE)
    for number, text in split:
        parts = _person_led_rows(text, roles)
        if parts is None:
            row = [""] * len(header)
            row[0] = number
            _fill_row(row, roles, text, None, places)
            rows.append(row)
            continue
        for index, part in enumerate(parts):
            row = [""] * len(header)
            if index == 0:
                row[0] = number
            for column, cell in part.items():
                row[column] = cell
            rows.append(row)
    if len(rows) < 3:
        return None
    return ([before] if before.strip() else []) + table_rows_to_lines(rows, places)


def _shift_past_merged_cell(cells: list[str], roles: list[str | None]) -> list[str]:
    """Bar-separated cells of a row that lost a cell merged over several rows, moved back under their columns.

    工作任务 | 具体要求 | 责任部门: the 工作任务 cell is merged over rows 2–4 and copied only with row 2, so row 3 reads
    ``3.及时反馈…。 | 各科室 | |`` — its cells sit one column to the left and its last cells are empty. When the
    header ends with a unit or date column, the row's last cells are empty and its last filled cell is short
    (no sentence), the filled cells belong to the last columns.
    """
    if not cells or cells[-1] or not roles or roles[-1] not in (LEAD, RESPONSIBLE, DEADLINE) or len(cells) > len(roles):
        return cells
    filled = [c for c in cells if c]
    if len(filled) < 2 or filled != cells[: len(filled)]:
        return cells
    if roles[0] == NUMBER and (_CHINESE_NUMBER.match(cells[0]) or _SECTION_MARKER.match(cells[0])):
        return cells  # 「一 | 围绕稳经济…加强政策发布解读 | | |」: a section row, its heading in the columns it opens
    if len(filled[-1]) > 30 or "。" in filled[-1]:
        return cells
    return [""] * (len(roles) - len(filled)) + filled


def _bar_row_under_header(cells: list[str], roles: list[str | None]) -> tuple[list[str], list[str]]:
    """(section headings, cells) of a bar-separated row whose cells are not as many as the header's columns, in a
    table whose merged cells were copied once or not at all.

    More cells than columns: the first cells, each opening with an outline marker (一、… | (一)… | 1.…), are the
    sections a merged 主要工作任务 cell spans — headings of their own. Fewer cells, the header ending with unit or date
    columns: the cells are placed where they fit their columns best — left (empty cells dropped at the end) or
    right (the merged cells before them dropped: 「2.加强… | 全年 | 区发改局 |」 under 任务 | 内容 | 完成时限 | 责任单位) —
    judged by what each cell reads as in its column (a date, unit names, a sentence)."""
    from .structure import detect_marker

    if not roles or not cells:
        return [], cells
    width = len(roles)
    if len(cells) > width:
        extra = len(cells) - width
        if all(detect_marker(cell) is not None and len(cell) <= 80 for cell in cells[:extra]):
            return cells[:extra], cells[extra:]
        return [], cells
    if len(cells) == width or roles[-1] not in (LEAD, RESPONSIBLE, DEADLINE) or not cells[-1]:
        return [], cells
    missing = width - len(cells)
    left = cells + [""] * missing
    right = [""] * missing + cells
    if NUMBER in roles and roles.index(NUMBER) == 0 and _BARE_NUMBER.match(cells[0]):
        right = [cells[0]] + [""] * missing + cells[1:]
    return [], right if _fit(right, roles) > _fit(left, roles) else left


def _fit(cells: list[str], roles: list[str | None]) -> int:
    """How many filled cells read as what their column holds."""
    score = 0
    for cell, role in zip(cells, roles):
        if not cell:
            continue
        if role == DEADLINE:
            score += is_deadline_phrase(cell) or bool(re.fullmatch(r"全年|年内|年底|当年|持续|长期|[^。，,]{0,6}(?:前|底|末)", cell))
        elif role in (LEAD, RESPONSIBLE):
            names = [n for n in re.split(r"[、,，;；\s]+", cell) if n]
            score += bool(names) and all(is_unit_like(n) or is_collective(n) for n in names)
        elif role == TEXT:
            score += len(cell) > 15 or "。" in cell
        elif role == NUMBER:
            score += bool(_BARE_NUMBER.match(cell))
    return score


def join_quoted_cells(lines: list[str]) -> list[str]:
    """Rows of a table copied from a spreadsheet with a cell of several lines in double quotes.

    A spreadsheet copies such a cell as 「"推行…。⏎压缩…。"」 between its neighbours (tabs, spaces once cleaned): the row
    goes on over the next lines until the quote closes. The row is joined back into one line and the quotes around
    its cells taken off. Only an ASCII quote that opens a cell (at the line's start or after a space) and closes
    within a few lines counts; Chinese text quotes with “”.
    """
    output: list[str] = []
    index = 0
    while index < len(lines):
        line = lines[index]
        if line.count('"') % 2 == 0 or not _OPENING_QUOTE.search(line):
            output.append(line)
            index += 1
            continue
        joined, end = line, index + 1
        while end < len(lines) and joined.count('"') % 2 == 1 and end - index <= 20:
            joined += lines[end]
            end += 1
        if joined.count('"') % 2 == 1:  # never closed: not a quoted cell after all
            output.append(line)
            index += 1
            continue
        output.append(_QUOTED_CELL.sub(lambda m: m.group(1).replace('""', '"'), joined))
        index = end
    return output


_OPENING_QUOTE = re.compile(r'(?:^|[ \t])"[^"]*$')
_QUOTED_CELL = re.compile(r'(?:(?<=[ \t])|^)"((?:[^"]|"")*)"(?=[ \t]|$)')


# One cell pair of a task printed as a record (a table of two columns, one row per field, copied with its bars):
# 「重点工作: | 135.统筹违法建设治理… |」, 「牵头单位: | 市城市管理综合执法局 |」.
_RECORD_LINE = re.compile(r"^\s*(?P<label>[^|｜:：。；;]{2,30}?)\s*[:：]\s*[|｜]\s*(?P<value>.*?)\s*[|｜]?\s*$")


def _record_table(lines: list[str], index: int) -> tuple[list[list[str]], int] | None:
    """([labels, values], lines used) when a task is laid out as a record from line ``index`` on.

    A web page may show one task of a 分工表 as a table of two columns: the header words (重点工作, 牵头单位,
    年度阶段性工作目标, 进展情况…) down the left, each with a colon, and the task's cells on the right. Read
    as a header row and one data row, such a record imports like the same row of an ordinary table. A value
    wrapped onto lines of its own (each closed by its bar) belongs to the label above it. The labels must name
    a body column and a field column, as a header row must.
    """
    labels: list[str] = []
    values: list[str] = []
    end = index
    while end < len(lines):
        line = lines[end].strip()
        match = _RECORD_LINE.match(line)
        if match and column_role(match.group("label")) is not None:
            labels.append(re.sub(r"\s+", "", match.group("label")))
            values.append(match.group("value").strip())
        elif labels and line.endswith(("|", "｜")) and not _RECORD_LINE.match(line):
            values[-1] = f"{values[-1]} {line.rstrip('|｜').strip()}".strip()
        else:
            break
        end += 1
    if len(labels) < 2 or _header_roles(labels) is None:
        return None
    return [labels, values], end - index


def _marked_row(line: str, roles: list[str | None], rows: list[list[str]], places: tuple[str, ...]) -> bool:
    """A row numbered with an outline marker of its own (「(1)全面准确…。市行政审批局市司法局…2022年9月底」): the sub-tasks of
    a row, each with its cells run on after its text. Taken as a row (its marker as the number) only when its unit or
    deadline cells are found at its end; a long paragraph without them ends the table as before."""
    from .structure import detect_marker

    marker = detect_marker(line)
    if marker is None:
        return False
    row = [""] * len(roles)
    row[roles.index(NUMBER)] = marker.label
    cells = split_flat_row(marker.rest, roles, places)
    fields = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE)]
    if cells is None or not any(cells.get(i) for i in fields):
        return False
    for column, cell in cells.items():
        row[column] = cell
    rows.append(row)
    return True


_TAB_ROWS_NEEDED = 3


def _tab_separated_table(
    lines: list[str], index: int, run_ends: dict[int, int] | None = None
) -> tuple[list[list[str]], int] | None:
    """(rows, lines used) of a table copied with a tab between its cells (from Excel, Word or a web page), starting at
    ``index``: a run of lines with two or more tabs, the first of them (or of the first five) a task table's header.
    The tabs are the cells' own boundaries, empty cells included (a schedule's node columns, a header cell merged over
    the nodes below it), so the rows are read as a DOCX or HTML table's are; a row shorter than the header lost its
    empty cells at the end. A section heading on a line of its own (一、…) between rows is a section row, a 续表 line
    and the header repeated on the next page are left out.

    The caller tries every line of a document, so a long run of tab lines with no header would be read again from each
    of its lines: ``run_ends`` keeps where the run from the line before ends (it ends there from this line too), and
    a run whose first rows hold no header is refused before the rest of it is read."""
    from .structure import detect_marker

    if not _tabbed(lines, index):
        return None
    known_end = run_ends.get(index - 1) if run_ends is not None else None
    end = known_end if known_end is not None and known_end > index else _tab_run_end(lines, index, detect_marker)
    if run_ends is not None:
        run_ends[index] = end
    prefix = lines[index : min(end, index + _HEADER_PREFIX_LINES)]
    first_rows = _tab_rows(prefix, _modal_width(prefix), detect_marker)
    first_header = header_row(first_rows[:_HEADER_WITHIN])
    if len(first_rows) > _HEADER_WITHIN and end > index + len(prefix) and first_header is None:
        return None  # (the first rows are whole: another began after them)
    rows = _tab_rows(lines[index:end], _modal_width(lines[index:end]), detect_marker)
    if sum(1 for row in rows if len(row) > 2) < _TAB_ROWS_NEEDED:
        return None
    header = header_row(rows)
    if header is None:
        return None
    start = rows.index(header)
    # (after 续表 the header comes again, and with it its second row when a merged header cell has one)
    rows = rows[: start + 2] + [row for row in rows[start + 2 :] if row != header and row != rows[start + 1]]
    width = max(len(row) for row in rows)
    roles = _header_roles(header)
    return [_tab_row_filled(row, width, roles) if position > start else row + [""] * (width - len(row))
            for position, row in enumerate(rows)], end - index


def _tab_row_filled(row: list[str], width: int, roles: list[str | None] | None) -> list[str]:
    """A tab row short of cells, as wide as the table: the copy dropped the empty cells at its end — or, where its last
    cell is the time limit and the table's last column is, a cell merged down from the row above (「2 | 完善收运体系 |
    市城管局 | 各区镇 | 持续推进」 under a 重点任务 merged over rows 1 and 2): then the missing cells are the ones after
    its number and the row's own cells keep the columns at the right."""
    from .deadlines import restore_compact_dates

    missing = width - len(row)
    if (
        missing > 0
        and roles is not None
        and len(row) > 2
        and roles[-1] == DEADLINE
        and roles[0] == NUMBER
        and is_deadline_phrase(restore_compact_dates(row[-1]))
    ):
        return row[:1] + [""] * missing + row[1:]
    return row + [""] * missing


# Lines read to find a tab table's header before its whole run is read (its first three rows, cells with line breaks).
_HEADER_PREFIX_LINES = 12


def _tabbed(lines: list[str], position: int) -> bool:
    return position < len(lines) and lines[position].count("\t") >= 2


def _tab_run_end(lines: list[str], index: int, detect_marker) -> int:
    """The end of the run of tab lines from ``index``: lines with tabs, and between them a 续表 line, a section
    heading or a line of a cell that held a line break."""
    end = index
    while _tabbed(lines, end) or (
        end + 1 < len(lines)
        and lines[end].strip()
        # (a cell's second line, then the row's last cells: 「市自然资源和规划局」 ⏎ 「各区镇⇥2022年12月底前」 ⏎ the next row)
        and (
            _tabbed(lines, end + 1)
            or "\t" in lines[end]
            or ("\t" in lines[end + 1] and _tabbed(lines, end + 2))
            or _sections_then_tab_row(lines, end, detect_marker)
        )
        and (
            re.fullmatch(r"续表\s*\d*", lines[end].strip())
            or _is_section_line(lines[end], detect_marker)
            or not _TAB_ROW_START.match(lines[end])
        )
    ) or (end < len(lines) and "\t" in lines[end] and _tabbed(lines, end - 1)):
        end += 1
    return end


# Section headings in a row between a tab table's rows (二、立法项目安排 ⏎ (一)需要年内提请审议的项目): at most this many.
_SECTIONS_BETWEEN_ROWS = 3


def _sections_then_tab_row(lines: list[str], index: int, detect_marker) -> bool:
    """Whether the line at ``index`` and the few after it are section headings and a tab row follows them."""
    probe = index
    while probe < len(lines) and probe - index < _SECTIONS_BETWEEN_ROWS and _is_section_line(lines[probe], detect_marker):
        probe += 1
    return probe > index and _tabbed(lines, probe)


def _modal_width(run: list[str]) -> int:
    """The number of cells most rows of a run of tab lines have."""
    widths = Counter(line.count("\t") + 1 for line in run if line.count("\t") >= 2)
    return widths.most_common(1)[0][0] if widths else 0


def _tab_rows(run: list[str], width: int, detect_marker) -> list[list[str]]:
    """The rows of a run of tab lines ``width`` cells wide, a line that goes on with a row's last cell joined to it."""
    rows: list[list[str]] = []
    for line in run:
        if re.fullmatch(r"续表\s*\d*", line.strip()):
            continue
        cells = [cell.strip() for cell in line.split("\t")]
        continues = (
            len(rows) > 1
            and not _is_section_line(line, detect_marker)
            # (a line opening with an empty cell still goes on with a row short of its cells, being short itself)
            and (not _TAB_ROW_START.match(line) or (len(rows[-1]) < width and len(cells) < width))
        )
        if continues and (len(rows[-1]) < width or len(cells) == 1):
            # a cell that held a line break: the line goes on with that cell, its other cells are the row's next
            # (empty ones dropped where the row would grow wider than the table)
            more = cells[1:]
            while len(rows[-1]) + len(more) > width and "" in more:
                more.remove("")
            last = rows[-1][-1]
            # (a sentence goes on without a break; a name under a name is another name)
            glue = "" if not last or re.search(r"[,，、;；(（]$", last) or re.match(r"[,，、;；)）]", cells[0]) else "\n"
            rows[-1] = rows[-1][:-1] + [last + glue + cells[0]] + more
        else:
            while len(cells) > width and "" in cells[1:]:
                cells.pop(cells.index("", 1))  # a stray tab typed into the row: the cells keep their columns
            rows.append(cells)
    return rows


# A row of a task table copied with tabs opens with its number (1, 2., 1-1, 1.1) or with an empty number cell.
_TAB_ROW_START = re.compile(r"\s*(?:\d{1,3}(?:[.、．-]\d{1,2})?[.、．]?)?\t")


def _is_section_line(line: str, detect_marker) -> bool:
    marker = detect_marker(line.strip())
    return marker is not None and marker.style in ("cn", "paren_cn", "chapter", "section") and len(line.strip()) <= 60


# A page that lost its line breaks but kept a space between a table's cells: 「…重点任务表 重点任务 工作措施 牵头单位 参与单位
# 一、调整优化产业结构 1.优化产业布局 完成…编制工作。 区环土局 区经发局、各片区项目建设指挥部 2.落实落后产能退出 …」.
_SPACED_CELL = r"[^\s。；;，,:：、]{2,12}"
# three to eight such cells, right before the first section (一、) or the first row (1.)
_SPACED_HEADER = re.compile(
    rf"(?:(?<=\s)|^)(?P<header>{_SPACED_CELL}(?:[ \t\u3000]+{_SPACED_CELL}){{2,7}})[ \t\u3000]+(?=[一二三四五六七八九十]{{1,3}}、|1[.、．])"
)
# Only a line far longer than any header line is looked into: a header line of its own is read as it stands.
_RUN_ON_TABLE_MIN = 300
_SPACED_ROW_START = re.compile(r"[ \t\u3000]+(?=(?P<section>[一二三四五六七八九十]{1,3})、|(?P<row>\d{1,3})[.、．](?!\d))")


def _spaced_tables_apart(lines: list[str]) -> list[str]:
    """``lines`` with a table run on inside a long line — its header cells and row cells kept apart by spaces — cut
    back into a header line and one line per section and row, so that it is read as the flattened table it is. Rows
    are cut only where their numbers run in sequence (1., 2., 3.; 一、, 二、), never at a figure inside a cell."""
    from .structure import chinese_numeral_to_int

    result: list[str] = []
    for line in lines:
        header = None
        if len(line) > _RUN_ON_TABLE_MIN:
            for match in _SPACED_HEADER.finditer(line):
                if flat_table_header(match.group("header")) is not None:
                    header = match
                    break
        if header is None:
            result.append(line)
            continue
        words = header.group("header")
        pieces = [line[: header.start("header")].rstrip()]
        row, section = 0, 0
        # (the header repeated where a page broke, 「…按职责分工负责 重点任务 工作措施 牵头单位 参与单位 7.…」, is a line of its own)
        for part in re.split(r"[ \t\u3000]+" + re.escape(words) + r"(?=[ \t\u3000])", " " + line[header.start("header"):]):
            part = part.strip()
            if not part:
                continue
            pieces.append(words)
            part = " " + (part[len(words):] if part.startswith(words) else part)
            start = 0
            for cut in _SPACED_ROW_START.finditer(part):
                number = int(cut.group("row")) if cut.group("row") else None
                numeral = chinese_numeral_to_int(cut.group("section")) if cut.group("section") else None
                if number == row + 1 or (numeral is not None and numeral == section + 1):
                    pieces.append(part[start : cut.start()].strip())
                    start = cut.end()
                    row = number if number is not None else row
                    section = numeral if numeral is not None else section
            pieces.append(part[start:].strip())
        result.extend(piece for piece in pieces if piece)
    return result


def expand_flat_tables(lines: list[str], warnings: list[str] | None = None) -> list[str]:
    """``lines`` with every flattened table (a header line, then rows) turned into paragraphs and field lines.

    Rows that could not be cut into cells are kept as items, and a note for the reviewer goes to ``warnings``.
    Unit names may start with the proper name of the document's own city (``document_places``).
    """
    from .structure import detect_marker

    lines = _spaced_tables_apart(join_quoted_cells(drop_page_furniture(drop_viewer_page_markers(lines))))
    places = document_places(lines)

    output: list[str] = []
    index = 0
    tab_run_ends: dict[int, int] = {}
    while index < len(lines):
        tabbed = _tab_separated_table(lines, index, tab_run_ends)
        if tabbed is not None:
            rows, used = tabbed
            output.extend(table_rows_to_lines(rows, places))
            index += used
            continue
        header = flat_table_header(lines[index]) or _task_list_header(lines, index)
        record = _record_table(lines, index) if header is None else None
        if record is not None:
            rows, used = record
            output.extend(table_rows_to_lines(rows, places))
            index += used
            continue
        if header is None:
            embedded = _expand_embedded_table(lines[index], places) if len(lines[index]) > 60 else None
            if embedded is not None:
                output.extend(embedded)
                index += 1
                continue
            per_line = _header_one_cell_per_line(lines, index)
            if per_line is not None:
                header, used = per_line
                header = _unnamed_number_column(lines, index + used, header)
                start = index
                rows, index = _rows_one_cell_per_line(lines, index + used, header, warnings, places)
                if rows and all(sum(1 for cell in row if cell) <= 1 for row in rows):
                    # only section rows (一、… ⏎ 1.…), no row of cells: the table's rows are the outline's own items,
                    # read with the header kept before them (api: unit cells under a header copied one cell per line)
                    output.extend(lines[start:index])
                    continue
                output.extend(table_rows_to_lines([header] + rows, places, text_columns_only=True) if rows else lines[index - used : index])
                continue
            output.append(lines[index])
            index += 1
            continue
        header_start = index
        sub_header = None
        if index + 1 < len(lines):
            sub_header = _bar_sub_header(lines[index], lines[index + 1]) or _flat_sub_header(header, lines[index + 1])
        if sub_header is not None:
            header, index = sub_header, index + 1
        roles = _header_roles(header) or _task_list_roles(header)
        rows: list[list[str]] = [header]
        index += 1
        while index < len(lines):
            line = lines[index].strip()
            if not line:
                index += 1
                continue
            if flat_table_header(line) is not None:
                break
            if not line.strip("|｜ \t"):
                index += 1  # 「|」 alone: the closing bar of a row's last, empty cell, copied onto a line of its own
                continue
            if "|" in line or "｜" in line:  # cells copied with their bars: 1 | 任务 | 叶林 | 改革办 |
                tabbed = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))]
            else:
                tabbed = [c.strip() for c in re.split(r"\t|\s{2,}", line)]
                wrapped = _cells_wrapped_over_lines(lines, index, len(header))
                if wrapped is not None:
                    tabbed, index = wrapped
                    line = "\t".join(tabbed)
            if "|" in line or "｜" in line:
                tabbed = _shift_past_merged_cell(tabbed, roles)
                headings, tabbed = _bar_row_under_header(tabbed, roles)
                rows.extend([heading] for heading in headings)
            number = _ROW_NUMBER.match(line)
            spaced = line.split()
            filled = [c for c in tabbed if c]
            if ("|" in line or "｜" in line) and len(filled) == 1 and tabbed[0] and _is_section_line(tabbed[0], detect_marker):
                # 「二、优化建筑市场环境 | | | | |」: a section row, its heading in the first cell, not a wrapped task cell
                rows.append([filled[0]])
                index += 1
                continue
            if ("|" in line or "｜" in line) and not number and len(filled) == 1 and len(rows) > 1 and TEXT in roles:
                # 「新增学位810个 | |||||」: the rest of a row's task cell, wrapped onto a table line of its own whose
                # other cells are empty — it continues the row above, it does not end the table.
                previous = rows[-1]
                if len(previous) == len(header):
                    column = roles.index(TEXT)
                    previous[column] = f"{previous[column]} {filled[0]}".strip()
                    index += 1
                    continue
            if len(tabbed) >= min(3, len(header)) and len(tabbed) <= len(header):
                rows.append(tabbed)
            elif number and NUMBER in roles and len(spaced) == len(header) and spaced[roles.index(NUMBER)] == number.group(1):
                # Cells copied with one space between them (tabs become spaces in cleaning): one cell per word
                # when the words are exactly as many as the header's columns.
                rows.append(spaced)
            elif number and NUMBER in roles:
                row = [""] * len(header)
                row[roles.index(NUMBER)] = number.group(1)
                _fill_row(row, roles, line[number.end() :], warnings, places)
                rows.append(row)
            elif NUMBER in roles and _marked_row(line, roles, rows, places):
                pass
            elif NUMBER not in roles and _MARKED_ROW.match(line) and len(line) > 60:
                # no 序号 column: the task cell opens with its own number (「1.优化产业布局 完成…。 区环土局 区经发局」),
                # kept with the task as the row's marker
                row = [""] * len(header)
                _fill_row(row, roles, line, warnings, places)
                rows.append(row)
            elif detect_marker(line) is not None and len(line) <= 60:
                rows.append([line])  # a section heading row
            elif _text_of_a_section_row(lines, index, rows, header, roles, places):
                rows.append([line])  # the section's own paragraph, in a row whose 序号 is empty
            else:
                continued = _continued_row(lines, index, header, roles, places)
                if continued is not None:
                    rows[-1], lines[index - 1], index = continued
                    continue
                numberless = _numberless_row(line, header, roles, places)
                if numberless is None:
                    break
                rows.append(numberless)
            index += 1
        # (a header no row follows — the last line of a page that read as one — is kept as written, never lost)
        output.extend(table_rows_to_lines(rows, places) if len(rows) > 1 else lines[header_start:index])
    return output


def _cells_wrapped_over_lines(lines: list[str], index: int, width: int) -> tuple[list[str], int] | None:
    """(the row's cells, the index of its last line) when a numbered row of a table copied with its cells separated by
    tabs or spaces goes on over the next lines because its cells held line breaks (「2 实施…活动,⏎新开工…120个 刘志刚
    市发展改革委⏎市工信局 各县市区 2023年6月底前开工80个,⏎年底前全部开工」): each next line's first piece ends the cell the
    line before broke off, and a line of one piece after the last cell ends that cell. Only where the pieces make
    exactly the header's number of cells before the next numbered row."""

    def pieces(line: str) -> list[str]:
        return [c.strip() for c in (re.split(r"\t|\s{2,}", line.strip()) if re.search(r"\t|\s{2,}", line.strip()) else line.split())]

    if not _ROW_NUMBER.match(lines[index].strip()):
        return None
    cells = pieces(lines[index])
    if not 1 < len(cells) < width:
        return None
    end = index
    while end + 1 < len(lines):
        following = lines[end + 1].strip()
        if not following or _ROW_NUMBER.match(following) or detect_marker(following) is not None:
            break
        more = pieces(following)
        if len(cells) >= width and len(more) > 1:
            break
        cells[-1] += more[0]
        cells += more[1:]
        end += 1
        if len(cells) > width:
            return None
    return (cells, end) if len(cells) == width and end > index else None


def _text_of_a_section_row(
    lines: list[str], index: int, rows: list[list[str]], header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> bool:
    """Whether the line at ``index`` is the paragraph of the section heading row just before it (「一、工作目标」, then
    its goal paragraph in a row with an empty 序号): the table goes on when the next line is a section heading or a
    numbered row with a unit cell, as the section's paragraph is no row of its own."""
    from .structure import detect_marker

    if len(rows) < 2 or len(rows[-1]) != 1:
        return False
    following = next((lines[i].strip() for i in range(index + 1, len(lines)) if lines[i].strip()), "")
    if not following:
        return False
    if detect_marker(following) is not None and len(following) <= 60 and not _ROW_NUMBER.match(following):
        return True
    row = _numbered_row(following, header, roles, places)
    return row is not None and any(row[i] for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE) and i < len(row))


# How many lines a row's cell may run over in a copy (one unit per line in a 责任单位 cell of 民生实事 tables).
_CONTINUATION_LINES = 6


def _numbered_row(line: str, header: list[str], roles: list[str | None], places: tuple[str, ...]) -> list[str] | None:
    """The cells of a flattened table's numbered row (cells between bars, or run together), or None."""
    if "|" in line or "｜" in line:
        cells = _shift_past_merged_cell([c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜"))], roles)
        if not 3 <= len(cells) <= len(header) or not _BARE_NUMBER.match(cells[0]):
            return None
        return cells + [""] * (len(header) - len(cells))
    number = _ROW_NUMBER.match(line)
    if number is None or NUMBER not in roles:
        return None
    row = [""] * len(header)
    row[roles.index(NUMBER)] = number.group(1)
    _fill_row(row, roles, line[number.end() :], None, places)
    return row


# A row's own number opening its task cell (1. / 1、, never the 1.5 of a figure), in a table without a 序号 column.
_MARKED_ROW = re.compile(r"\d{1,3}[.、．](?!\d)")
_NUMBERLESS_ROW_MAX = 150


def _numberless_row(line: str, header: list[str], roles: list[str | None], places: tuple[str, ...]) -> list[str] | None:
    """The cells of a row without number that continues a task (its second stage, with its own date: 开工建设老年大学。
    12月底前 under row 5's merged 序号), or None: a short finished sentence followed by the deadline cell."""
    deadline = next((i for i, r in enumerate(roles) if r == DEADLINE), None)
    if deadline is None or len(line) > _NUMBERLESS_ROW_MAX or NUMBER not in roles:
        return None
    task = next((i for i, r in enumerate(roles) if r == TEXT), None)
    task = task if task is not None else next(iter(_unnamed_task_column(roles)), None)
    if task is None:
        return None
    row = [""] * len(header)
    if "|" in line or "｜" in line:
        # The filled cells in order: the task, the unit cells (as many as there are unit columns), the date.
        cells = [c.strip() for c in re.split(r"[|｜]", line.strip().strip("|｜")) if c.strip()]
        units = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE)]
        if len(cells) < 2 or len(cells) - 2 > len(units) or not _is_dated_cell(cells[-1]):
            return None
        row[task], row[deadline] = cells[0], cells[-1]
        for column, cell in zip(units, cells[1:-1]):
            row[column] = cell
    else:
        for column, cell in (split_flat_row(line, roles, places) or {}).items():
            row[column] = cell
    if not row[deadline] or not row[task].rstrip().endswith(("。", "；", ";")):
        return None
    return row


def _continued_row(
    lines: list[str], index: int, header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> tuple[list[str], str, int] | None:
    """(row, its joined line, index after it) when the lines from ``index`` continue the numbered row on the line
    before: a cell copied with its line breaks (…。 县水务局 / 县住建局 / 县护城河指挥部 12月底前).

    Only while the row's last field cell (its deadline or unit column) is still empty, only lines that start no
    row, section or header, and only when joining them fills that cell; otherwise the table ends there as before.
    """
    from .structure import detect_marker

    last_field = max((i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE)), default=None)
    previous = lines[index - 1].strip() if index else ""
    row = _numbered_row(previous, header, roles, places) if previous and last_field is not None else None
    if row is None or len(row) <= last_field or row[last_field]:
        return None
    joined = previous
    for end in range(index, min(index + _CONTINUATION_LINES, len(lines))):
        line = lines[end].strip()
        if not line:
            continue
        if _ROW_NUMBER.match(line) or detect_marker(line) is not None or flat_table_header(line) is not None:
            return None
        joined = f"{joined} {line}"
        row = _numbered_row(joined, header, roles, places)
        if row is not None and len(row) > last_field and row[last_field]:
            return _names_of_one_cell_continued(lines, index, end, previous, header, roles, places) or (row, joined, end + 1)
    return None


def _names_of_one_cell_continued(
    lines: list[str], index: int, end: int, previous: str, header: list[str], roles: list[str | None], places: tuple[str, ...]
) -> tuple[list[str], str, int] | None:
    """(row, joined line, index after it) when the line after ``end`` still continues the row: the lines from ``index``
    to ``end`` are then unit names of the cell the row's line ended in, one a line (「区财政局」 / 「区税务局」 in one
    主要责任单位 cell), and the line after them is the next cell (「区政府有关部门,…」). None otherwise."""
    from .structure import detect_marker

    following = end + 1
    while following < len(lines) and not lines[following].strip():
        following += 1
    if following >= len(lines):
        return None
    line = lines[following].strip()
    if _ROW_NUMBER.match(line) or detect_marker(line) is not None or flat_table_header(line) is not None:
        return None
    names = [lines[i].strip() for i in range(index, end + 1) if lines[i].strip()]
    if not all(_is_unit_cell(name, places) for name in names):
        return None
    joined = f"{previous}、{'、'.join(names)} {line}"
    row = _numbered_row(joined, header, roles, places)
    last_field = max(i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE))
    if row is None or not row[last_field]:
        return None
    return row, joined, following + 1
