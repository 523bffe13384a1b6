"""Tables copied one cell per line: the header words on lines of their own (a word wrapped over two lines joined
back), then for each row a bare number and its cells — a merged cell, a unit's name wrapped onto a line of its own
or a missing cell placed by what the cells read as.
"""

from __future__ import annotations

import re

from .deadlines import is_deadline_phrase
from .structure import detect_marker
from .units import is_collective, is_unit_like
from .table_units import _CELL_PUNCTUATION, _is_unit_token, _whole_unit_cell, unit_run
from .tables import (
    DEADLINE,
    LEAD,
    NODE,
    NOTE,
    NUMBER,
    PERSON,
    RESPONSIBLE,
    TEXT,
    _BARE_ROLE_HEADER,
    _CATEGORY_HEADER,
    _CHINESE_NUMBER,
    _SECTION_HEADING_CELL,
    _header_roles,
    _task_list_roles,
    _text_table_roles,
    _without_note,
    column_role,
    header_width,
)
from .flat_rows import (
    _HEADER_WORD,
    _NOT_IN_HEADER,
    _ROW_NUMBER,
    _align_on_deadline,
    _align_on_unit_cell,
    _fill_row,
    _place_around,
    _row_spread_over_lines,
)


_BARE_NUMBER = re.compile(r"^\d{1,3}$")
_UNKNOWN_HEADER_MAX = 8


def _cell_line(line: str) -> str:
    """A line of a table copied one cell per line, without the cell's closing bar (``叶林 |``) and spaces."""
    return re.sub(r"\s+", "", line.strip().rstrip("|｜"))


def _wrapped_header_word(fragment: str, lines: list[str], start: int) -> tuple[str, int] | None:
    """(word, index of its last line) when ``fragment`` names no column but joined with the next non-empty line
    it does (责任 + 领导 → 责任领导, 责任 + 科室, 完成 + 时限): a header cell copied with its line break."""
    # Only a short first half (责任, 完成, 抽取, 检查对): a longer unknown word is a column of its own (考核办法).
    # (牵头 + 单位: a role word alone may head a column, but a copy broke the line inside 牵头单位 far more often)
    names_a_column = column_role(fragment) is not None and not _BARE_ROLE_HEADER.fullmatch(fragment)
    # (牵头市级 + 领导: a first half of four that opens with a role word is cut from a longer header too)
    role_opened = len(fragment) == 4 and re.match(r"牵头|责任|配合|协办|主办|完成", fragment) is not None
    if _HEADER_WORD.fullmatch(fragment) is not None or names_a_column or (len(fragment) > 3 and not role_opened):
        return None
    following = start
    while following < len(lines) and not _cell_line(lines[following]):
        following += 1
    if following >= len(lines):
        return None
    rest = _cell_line(lines[following])
    if not rest or len(fragment) + len(rest) > 8 or _BARE_NUMBER.match(rest):
        return None
    # The next line is a whole header word (牵头单位), not the second half of this one; or it names a column of its own
    # (重点 ⏎ 完成情况) where the two are no header word together (主 ⏎ 要内容, 牵头 ⏎ 科室(站所) are one).
    if len(rest) > 2 and (
        _HEADER_WORD.fullmatch(rest) is not None
        or (column_role(rest) is not None and _HEADER_WORD.fullmatch(fragment + rest) is None)
    ):
        return None
    word = fragment + rest
    known = _HEADER_WORD.fullmatch(word) is not None or column_role(word) is not None
    # 抽取 / 类型: neither half names a column; the two short halves are one header cell.
    halves_unknown = len(rest) <= 3 and _HEADER_WORD.fullmatch(rest) is None and column_role(rest) is None
    if not known and not halves_unknown:
        return None
    return word, following


_TASK_LIST_LOOKAHEAD = 40


def _rows_numbered_from_one(lines: list[str], start: int) -> bool:
    """The first two row numbers after ``start`` are 1 and 2 (1投资…, 1 投资…, 1|投资…, or 1 alone on its line);
    section rows (一、…) may come between."""
    numbers: list[int] = []
    for line in lines[start : start + _TASK_LIST_LOOKAHEAD]:
        stripped = line.strip()
        number = _ROW_NUMBER.match(stripped) or re.match(r"(\d{1,3})(?:\s*[|｜]|$)", stripped)
        if number:
            numbers.append(int(number.group(1)))
            if len(numbers) == 2:
                break
    return numbers == [1, 2]


def _task_list_header(lines: list[str], index: int) -> list[str] | None:
    """The header of a flattened task list (序号 工作任务: a number and a task column, no field column), when rows
    numbered 1 and 2 follow it — two header words alone are too weak a sign of a table (see ``_task_list_roles``),
    a header followed by its numbered rows is not. Its fields, if any, are written in the task text or in the
    section rows (一、县示范区管委会牵头工作)."""
    line = lines[index].strip().strip("|｜")
    if not line or len(line) > 30:
        return None
    words = [re.sub(r"\s+", "", w) for w in re.split(r"[|｜\t]|\s+", line) if w.strip()]
    if len(words) != 2 or _task_list_roles(words) is None:
        return None
    return words if _rows_numbered_from_one(lines, index + 1) else None


def _header_one_cell_per_line(lines: list[str], index: int) -> tuple[list[str], int] | None:
    """(headers, lines used) when the header of a copied table has one cell per line (序号 / 任务 / 牵头单位 …).

    A short header word the parser does not know (考核办法, 牵头处室 …) is kept as a column of its own — its
    cells are read with the task text — when the header ends where the first row begins (a bare row number
    follows it) and the known columns are at least three and outnumber the unknown ones. Otherwise, as
    before, the first unknown word ends the header.
    """
    from .structure import detect_marker

    words: list[str] = []
    ends: list[int] = []  # the line index after each word
    unknown_at: list[int] = []
    end = index
    while end < len(lines) and len(words) < 20:
        compact = _cell_line(lines[end])
        if not compact:
            end += 1
            continue
        if words and (detect_marker(compact) is not None or _BARE_NUMBER.match(compact) or _section_number_cell(lines, end)):
            break  # a section row (一、主要目标; 一 ⏎ 主要目标) or the first row's number right after the header
        if words and re.fullmatch(r"[(（][^()（）]{1,8}[)）]", compact):
            # 「配合科室」 ⏎ 「(社区)」: the bracketed note of a header cell, wrapped onto a line of its own
            words[-1] += compact
            end += 1
            ends[-1] = end
            continue
        if header_width(compact) > 12 or _NOT_IN_HEADER.search(_without_note(compact)) or _COUNTED_GROUP.fullmatch(compact):
            break
        joined = _wrapped_header_word(compact, lines, end + 1)
        if joined is not None:  # 责任 / 领导: a header word wrapped over two cells' lines in the copy
            compact, end = joined
        if _HEADER_WORD.fullmatch(compact) is None and column_role(compact) is None:
            if _CATEGORY_HEADER.fullmatch(compact):
                words.append(compact)  # 类别 / 阶段: a column of section headings, read as the table's sections
                end += 1
                ends.append(end)
                continue
            if not words or header_width(compact) > _UNKNOWN_HEADER_MAX:
                break
            unknown_at.append(len(words))
        words.append(compact)
        end += 1
        ends.append(end)
    if unknown_at:
        following = next((_cell_line(line) for line in lines[end:] if _cell_line(line)), "")
        known = len(words) - len(unknown_at)
        # A wide register (双随机抽查计划: 抽取类型 / 抽查比例 / 组织层级 …) may have more unknown columns than
        # known ones; it is still a task table when it names a lead or a deadline column.
        fields_named = any(column_role(w) in (LEAD, DEADLINE) for w in words)
        first_row = _BARE_NUMBER.match(following) or _CHINESE_NUMBER.match(following) or _COUNTED_GROUP.fullmatch(following)
        if not (first_row and known >= 3 and (known > len(unknown_at) or fields_named)):
            first = unknown_at[0]
            words, end = words[:first], (ends[first - 1] if first else index)
    if len(words) >= 3 and _header_roles(words):
        return words, end - index
    if len(words) >= 2 and _task_list_roles(words) and _rows_numbered_from_one(lines, end):
        return words, end - index
    if len(words) >= 3 and _text_table_roles(words) and _bare_row_numbers_from_one(lines, end):
        return words, end - index
    return None


def _bare_row_numbers_from_one(lines: list[str], start: int) -> bool:
    """The first two lines after ``start`` that hold a number alone are 1 and 2: each row's number on a line of its own."""
    cells = (_cell_line(line) for line in lines[start : start + _TASK_LIST_LOOKAHEAD])
    numbers = [int(cell) for cell in cells if _BARE_NUMBER.match(cell)]
    return numbers[:2] == [1, 2]


def _next_cells(lines: list[str], index: int, count: int) -> list[str]:
    """The next ``count`` non-empty cells of a one-cell-per-line copy from ``index`` (bars stripped)."""
    cells: list[str] = []
    for line in lines[index:]:
        cell = line.strip().strip("|｜").strip()
        if cell:
            cells.append(cell)
            if len(cells) == count:
                break
    return cells


def _unnamed_number_column(lines: list[str], index: int, header: list[str]) -> list[str]:
    """``header`` with the row numbers' column when the header does not name it (工作任务 / 具体要求 / 责任科室 / 时限).

    Such a table numbers its rows in a column without a header word. When the first row's cells (after at most
    one merged group cell, 强化行政规范性文件集中规范公开) begin with the bare number 1, that is the 序号 column;
    the group column before it holds cells merged over several rows, read as group headings, not as columns.
    """
    roles = _header_roles(header) or []
    if NUMBER in roles:
        return header
    first = _next_cells(lines, index, 2)
    for position, cell in enumerate(first):
        if cell == "1" and position < len(header) - 2:
            return ["序号"] + header[position:]
    return header


# 「正式项目(67个)」, 「市政设施类(5个)」: a group of a register's rows, headed with how many it holds
_COUNTED_GROUP = re.compile(r"[^。；;，,:：]{1,20}[(（]\s*\d+\s*(?:个|项|条|家|件)\s*[)）]")


def _next_cell_index(lines: list[str], index: int) -> int | None:
    """The index of the next non-empty line from ``index`` (a one-cell-per-line copy leaves blank lines between cells)."""
    return next((i for i in range(index, len(lines)) if lines[i].strip()), None)


def _section_number_cell(lines: list[str], index: int | None) -> tuple[str, int] | None:
    """(「一、heading」, the index after the heading's cell) when the cell at ``index`` is a bare section number (一, 二)
    and the next cell a short heading with no sentence in it, followed by a row's bare number or another section."""
    if index is None or not _CHINESE_NUMBER.match(_cell_line(lines[index])):
        return None
    after = _next_cell_index(lines, index + 1)
    if after is None:
        return None
    heading = lines[after].strip().rstrip("|｜").strip()
    if len(heading) > 40 or _CELL_PUNCTUATION.search(heading) or _BARE_NUMBER.match(heading):
        return None
    following = _next_cells(lines, after + 1, 1)
    if not following or not (_BARE_NUMBER.match(following[0]) or _CHINESE_NUMBER.match(following[0])):
        return None
    return f"{_cell_line(lines[index])}、{heading}", after + 1


def _is_group_cell(line: str, lines: list[str], index: int) -> bool:
    """A short cell right before a row's bare number: a group cell merged over the rows that follow it."""
    if len(line) > 30 or _CELL_PUNCTUATION.search(line) or _BARE_NUMBER.match(line):
        return False
    following = _next_cells(lines, index + 1, 1)
    return bool(following) and (
        _BARE_NUMBER.match(following[0]) is not None or _section_number_cell(lines, _next_cell_index(lines, index + 1)) is not None
    )


_BRACKETED_NAME = re.compile(r"[(（][\u4e00-\u9fff]{2,12}[)）]")


def _rows_one_cell_per_line(
    lines: list[str], index: int, header: list[str], warnings: list[str] | None = None, places: tuple[str, ...] = ()
) -> tuple[list[list[str]], int]:
    """Rows of a copied table with one cell per line: a bare number starts a row, the next lines are its cells."""
    from .structure import detect_marker

    roles = _header_roles(header) or _task_list_roles(header) or _text_table_roles(header) or []
    # (a 类别 column before 序号 holds a section's heading, merged down its rows: copied, its cell comes once, before the
    # section's first row number — a section row, not a cell of each row)
    number_at = roles.index(NUMBER) if NUMBER in roles else -1
    columns = [i for i, r in enumerate(roles) if r != NUMBER and not (i < number_at and _CATEGORY_HEADER.fullmatch(header[i]))]
    rows: list[list[str]] = []
    while index < len(lines):
        line = lines[index].strip().rstrip("|｜").strip()
        if not line:
            index += 1
            continue
        if _BARE_NUMBER.match(line) and NUMBER in roles:
            cells: list[str] = []
            ends: list[int] = []  # the line index after each cell
            index += 1
            probe = index
            # A row may hold more lines than the header has columns (one unit per line, a second task line
            # with its own date): read ahead to the next row number, a section row or a repeated header.
            while probe < len(lines) and len(cells) < 3 * len(columns) + 2:
                cell = lines[probe].strip().rstrip("|｜").strip()
                # The next row starts at the next row number; another bare figure (抽查户数 3) is a cell.
                if _BARE_NUMBER.match(cell) and int(cell) == int(line) + 1 and _starts_next_row(lines, probe):
                    break
                if cell and cells and _BRACKETED_NAME.fullmatch(cell) and is_unit_like(cells[-1]):
                    # 「区建设管理委」 ⏎ 「(区水务局)」: the other name a unit goes by, wrapped onto a line of its own
                    cells[-1] += cell
                    ends[-1] = probe + 1
                    probe += 1
                    continue
                if cell and cells and _numbers_on(cells[-1], cell):
                    # 「1. 强化…」 ⏎ 「2. 紧扣…」: the points numbered inside one cell, each on a line of its own
                    cells[-1] += "\n" + cell
                    ends[-1] = probe + 1
                    probe += 1
                    continue
                if cell and len(cells) >= len(columns) and (
                    detect_marker(cell) is not None or _header_one_cell_per_line(lines, probe) is not None
                ):
                    break
                if cell and cells and _section_number_cell(lines, probe) is not None:
                    break  # the next section's number (二) and heading, cells of their own
                if cell and cells and _SECTION_HEADING_CELL.fullmatch(cell) and _next_cells(lines, probe + 1, 1) == [str(int(line) + 1)]:
                    break  # 「三、促进…」 right before the next row's number: the next section's row, even when this row's
                    # last cells (an empty 备注) were dropped in copying
                if cell:
                    cells.append(cell)
                    ends.append(probe + 1)
                probe += 1
            next_row = probe < len(lines) and lines[probe].strip().rstrip("|｜").strip() == str(int(line) + 1)
            if not next_row and cells and _SECTION_HEADING_CELL.fullmatch(cells[0]):
                more = _sub_row_cells_to_next_row(lines, probe, int(line) + 1)
                if more is not None:
                    cells, probe, next_row = cells + more[0], more[1], True
            if len(cells) > len(columns):
                cells, ends = _unit_names_rejoined(cells, ends, len(columns))  # (市生态 ⏎ 环境局: one unit cell)
            progress = _row_of_a_progress_table(cells, header, columns, roles, places) if next_row else None
            if progress is not None:
                next(row for row in progress if len(row) > 1)[roles.index(NUMBER)] = line
                rows.extend(progress)
                index = probe
                continue
            spread = _row_spread_over_lines(cells, columns, roles, places)
            if spread is not None:
                row_cells, used = spread
                for extra in row_cells:
                    row = [""] * len(header)
                    for column, cell in extra.items():
                        row[column] = cell
                    rows.append(row)
                rows[len(rows) - len(row_cells)][roles.index(NUMBER)] = line
                index = ends[used - 1]
                continue
            cells, ends = _unit_cells_joined(cells, ends, [roles[c] for c in columns], places)
            if len(cells) > len(columns):
                cells, ends = _people_cell_joined(cells, ends, [roles[c] for c in columns], len(columns))
            if len(cells) > len(columns):
                cells, ends = _unit_names_rejoined(cells, ends, len(columns))
            if len(cells) >= len(columns):
                cells, index = cells[: len(columns)], ends[len(columns) - 1]
            else:
                index = probe
            row = [""] * len(header)
            row[roles.index(NUMBER)] = line
            aligned = _align_on_deadline(cells, columns, roles) if len(cells) < len(columns) else None
            if aligned is None and len(cells) < len(columns):
                aligned = _align_under_merged_text(cells, columns, roles, rows, places)
            if aligned is None and len(cells) < len(columns):
                aligned = _align_on_unit_cell(cells, columns, roles, places)
            if len(cells) == len(columns):
                for column, cell in zip(columns, cells):
                    row[column] = cell
            elif aligned is not None:
                for column, cell in aligned:
                    row[column] = cell
            else:  # empty cells were dropped in copying: cut the joined cells like a flattened row
                _fill_row(row, roles, "".join(cells), warnings, places)
            rows.append(row)
        elif NUMBER in roles and (section := _section_number_cell(lines, index)) is not None:
            # 「一」 ⏎ 「推进碳达峰碳中和综合管理」: a section row whose number and heading are cells of their own (the
            # number in the 序号 column, the heading merged across the others)
            heading, index = section
            rows.append([heading])
        elif NUMBER not in roles and detect_marker(line) is not None and (row := _marker_row(lines, index, len(columns))):
            # No 序号 column: a task cell that opens with its own marker ((三)做好…) starts a row, its other cells
            # on the lines after it.
            cells, index = row
            rows.append(cells)
        elif detect_marker(line) is not None and (len(line) <= 60 or _section_row_before_a_row(lines, index, roles)):
            rows.append([line])
            index += 1
        elif NUMBER in roles and _is_group_cell(line, lines, index):
            rows.append([line])  # a group cell merged over the rows below it (工作任务 before rows 3 and 4)
            index += 1
        else:
            break
    return rows, index


def _unit_cells_joined(
    cells: list[str], ends: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> tuple[list[str], list[int]]:
    """A row's cells with the names of a unit cell copied one per line (设施运行处 ⏎ 综合规划处 ⏎ 设施养护处 under
    牵头部门 / 配合部门) joined back into the last unit column — when the names outnumber the unit columns and the
    column after those never holds a unit (a year's work, a task, a note). A deadline column after them is left
    alone: there a further name more often means the date cell was dropped."""
    first = next((k for k, role in enumerate(roles) if role in (LEAD, RESPONSIBLE)), None)
    if first is None:
        return cells, ends
    width = 0
    while first + width < len(roles) and roles[first + width] in (LEAD, RESPONSIBLE):
        width += 1
    if first + width >= len(roles) or roles[first + width] not in (NODE, TEXT, NOTE):
        return cells, ends
    at = next((i for i in range(1, len(cells)) if _whole_unit_cell(cells[i], places)), None)
    if at is None:
        return cells, ends
    run = 0
    while at + run < len(cells) and _whole_unit_cell(cells[at + run], places):
        run += 1
    if run <= width:
        return cells, ends
    last = at + width - 1
    joined = "、".join(re.sub(r"\s+", "", c) for c in cells[last : at + run])
    return cells[:last] + [joined] + cells[at + run :], ends[:last] + ends[at + run - 1 :]


def _align_under_merged_text(
    cells: list[str], columns: list[int], roles: list[str | None], rows: list[list[str]], places: tuple[str, ...] = ()
) -> list[tuple[int, str]] | None:
    """Cells of a row whose task cell is merged with the row above (内容 over rows 2 and 3, each with its own 牵头部门):
    copied, the task cell comes once, so the row opens with its unit cell. The cells fill the columns from the first
    unit column on; the columns before it take the row above's cells, as the merged cell spans both."""
    first = next((k for k, c in enumerate(columns) if roles[c] in (LEAD, RESPONSIBLE)), None)
    if not first or not _whole_unit_cell(cells[0], places) or len(cells) > len(columns) - first:
        return None
    above = next((row for row in reversed(rows) if len(row) > 1), None)
    if above is None:
        return None
    placed = [(column, above[column]) for column in columns[:first]]
    return placed + list(zip(columns[first:], cells))


def _people_cell_joined(cells: list[str], ends: list[int], roles: list[str | None], width: int) -> tuple[list[str], list[int]]:
    """A row's cells with the names of a 分管领导 cell, copied one per line (王某某 ⏎ 李某某 ⏎ 张某某), joined back into
    that cell — while the row has more cells than columns and the next line is one more name, not a unit."""
    if PERSON not in roles:
        return cells, ends
    at = roles.index(PERSON)
    cells, ends = list(cells), list(ends)
    while len(cells) > width and at + 1 < len(cells) and _PERSON_NAME.fullmatch(cells[at + 1]) and not is_unit_like(cells[at + 1]):
        if not _PERSON_NAME.fullmatch(cells[at].split("、")[-1]):
            break
        cells[at] += "、" + cells.pop(at + 1)
        ends.pop(at)
    return cells, ends


def _numbers_on(cell: str, line: str) -> bool:
    """Whether ``line`` opens with the marker that follows the one opening the last line of ``cell`` (1. then 2.)."""
    last, following = detect_marker(cell.split("\n")[-1]), detect_marker(line)
    return bool(last and following and last.style == following.style and following.number == last.number + 1)


def _unit_names_rejoined(cells: list[str], ends: list[int], width: int) -> tuple[list[str], list[int]]:
    """A row's cells with a unit name that the copy wrapped over two lines (「国网嘉定」 ⏎ 「供电公司」, a narrow unit
    column) joined back — while the row has more cells than columns, a short cell that names no unit is followed by
    one that ends as a unit does, and the two together read as one unit."""
    cells, ends = list(cells), list(ends)
    at = 1
    while len(cells) > width and at < len(cells):
        head, tail = cells[at - 1], cells[at]
        if (
            # (a cell of two or three characters is a person's name as often as not: 赵强 ⏎ 信访办 are two cells)
            # (but one that opens with its level, 市生态 ⏎ 环境局, is no one's name)
            (4 <= len(head) <= 8 or len(head) == 3 and head[0] in "省市区县")
            and len(tail) <= 8 and not _CELL_PUNCTUATION.search(head + tail)
            and not is_unit_like(head) and is_unit_like(tail) and is_unit_like(head + tail)
            # (a name that opens with its level, 市交通运输局, is whole: the cell before it is another one, a person's)
            and not re.match(r"[省市区县州镇乡各]", tail)
        ):
            cells[at - 1] = head + tail
            cells.pop(at)
            ends.pop(at - 1)
        else:
            at += 1
    return cells, ends


_PERSON_NAME = re.compile(r"[\u4e00-\u9fff]{2,4}")
_SUB_ROW_LINES = 40
# A section row may be long (「一、主要经济社会发展指标、发改、财政…等工作目标(牵头领导:…)」) when a row's number follows it.
_LONG_SECTION_ROW = 200


def _section_row_before_a_row(lines: list[str], index: int, roles: list[str]) -> bool:
    """Whether the long marker line at ``index`` is a section row: a row's bare number comes right after it."""
    if NUMBER not in roles or len(lines[index].strip()) > _LONG_SECTION_ROW:
        return False
    following = _next_cells(lines, index + 1, 1)
    return bool(following) and _BARE_NUMBER.match(following[0]) is not None


def _names_units_only(cell: str) -> bool:
    """A cell listing units and nothing else (区工信局、区商务局; 各街道办事处)."""
    names = [name for name in re.split(r"[、，,]", re.sub(r"\s+", "", cell)) if name]
    return bool(names) and len(cell) <= 80 and all(
        unit_run(name) is not None or (len(name) <= 12 and is_collective(name)) for name in names
    )


def _marker_row(lines: list[str], index: int, width: int) -> tuple[list[str], int] | None:
    """(the row's cells, the index after them) when the marker line at ``index`` and the next ``width - 1`` cells,
    none of them opening with a marker of its own, make a row of a one-cell-per-line table without 序号; else None
    (a section row such as 一、… is followed by the next row's marker)."""
    from .structure import detect_marker

    cells = [lines[index].strip().rstrip("|｜").strip()]
    probe = index + 1
    while probe < len(lines) and len(cells) < width:
        cell = lines[probe].strip().rstrip("|｜").strip()
        if cell and (detect_marker(cell) is not None or _BARE_NUMBER.match(cell)):
            return None
        if cell:
            cells.append(cell)
        probe += 1
    if len(cells) != width or width < 3:
        return None
    # 「区工信局」 ⏎ 「各街道办事处」: the last units cell copied over two lines (its names wrapped in the cell) — the
    # names on the lines after it are still the row's, up to the next row's marker
    while _names_units_only(cells[-1]):
        following = next((j for j in range(probe, len(lines)) if lines[j].strip().rstrip("|｜").strip()), None)
        if following is None:
            break
        cell = lines[following].strip().rstrip("|｜").strip()
        if detect_marker(cell) is not None or _BARE_NUMBER.match(cell) or not _names_units_only(cell):
            break
        cells[-1] += "、" + cell
        probe = following + 1
    return cells, probe


def _starts_next_row(lines: list[str], index: int) -> bool:
    """Whether the bare number at ``index`` (the next row's number) starts a row: a row number is followed by the
    row's text, whereas a figure cell that happens to equal it (「7 | 7 | 100% |」, 目标 7 and 完成 7) by more figures."""
    following = next((c for c in (line.strip().rstrip("|｜").strip() for line in lines[index + 1 :]) if c), "")
    return not re.fullmatch(r"[-\d.,%‰]+", following)


def _sub_row_cells_to_next_row(lines: list[str], start: int, number: int) -> tuple[list[str], int] | None:
    """(cells, index of the next row's number) when the row number ``number`` follows within a few dozen lines that
    start no section and no header: the cells of a row's many sub-rows (低保 标准 / 保障人数 for town and country)."""
    from .structure import detect_marker

    cells: list[str] = []
    for index in range(start, min(start + _SUB_ROW_LINES, len(lines))):
        cell = lines[index].strip().rstrip("|｜").strip()
        if cell == str(number):
            return cells, index
        if cell and (detect_marker(cell) is not None or _header_one_cell_per_line(lines, index) is not None):
            return None
        if cell:
            cells.append(cell)
    return None


def _row_of_a_progress_table(
    cells: list[str], header: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> list[list[str]] | None:
    """Rows for one numbered row of a one-cell-per-line progress table (民生工程 进度表: 类别 / 项目名称 / 目标任务 /
    牵头单位 / figures), or None: its section heading (「一、就业促进(3项)」 in the 类别 cell) as a heading row, the row
    itself placed around its unit cell, and the text of its sub-rows (rows without 序号 under it, copied without
    their merged cells) as lines under it. Only for a table without a date column whose row is followed by the
    next row number, and only when the row has a heading cell or more cells than columns (empty cells are lost).
    The caller writes the row number into the row (the second one when a heading comes first)."""
    lead = next((c for c in columns if roles[c] == LEAD), None)
    if lead is None or DEADLINE in roles or not cells:
        return None
    heading = cells[0] if _SECTION_HEADING_CELL.fullmatch(cells[0]) else None
    if heading is None and len(cells) <= len(columns):
        return None
    body = cells[1:] if heading else cells
    category = columns[0] if roles[columns[0]] is None else None
    row_columns = [c for c in columns if c != category] if heading and category is not None else columns
    at = next(
        (i for i, cell in enumerate(body) if i and (_is_unit_token(re.sub(r"\s+", "", cell)) or unit_run(re.sub(r"\s+", "", cell), places))),
        None,
    )
    if at is None or at >= len(row_columns):
        return None
    placed = _place_around(body[: at + 1], row_columns, lead, at)
    if placed is None:
        return None
    row = [""] * len(header)
    for column, cell in placed:
        row[column] = cell
    # The figures (1100, 96.64%) and the progress words (持续推进) after the unit are the report's, not the task's.
    sub_rows = [[cell] for cell in body[at + 1 :] if re.search(r"[\u4e00-\u9fff]", cell) and not is_deadline_phrase(cell)]
    return ([[heading]] if heading else []) + [row] + sub_rows
