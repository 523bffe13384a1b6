"""Flattened tables, line by line: the columns a header line names (序号 重点任务 牵头单位 责任单位 完成时限, run
together or spaced), and a row whose cells run together, cut from the right — a trailing deadline by its date
grammar, then the run of unit names before it by the unit grammar (``table_units``), the unit columns split where two
names meet without a separator; a row that cannot be cut is filled as far as its cells are known.
"""

from __future__ import annotations

import re
from collections import Counter

from .deadlines import ONGOING_PHRASES, SCHEDULED_PHRASES, is_deadline_phrase
from .fields import role_fields
from .units import BUREAUS_OFFICE, FIRST_IS_LEAD, is_collective, is_unit_like, split_mentions
from .table_units import (
    _CELL_PUNCTUATION,
    _MAX_TOKEN,
    _SEPARATORS,
    _STARTS_FULL_NAME,
    _UNITS_CELL_MAX,
    _whole_unit_cell,
    unit_run,
    units_after_last_sentence,
)
from .tables import (
    DEADLINE,
    DIVISION,
    HEADER_WORDS,
    LEAD,
    NOTE,
    NUMBER,
    PERSON,
    RESPONSIBLE,
    TEXT,
    _CATEGORY_HEADER,
    _SUB_HEADER_WORDS,
    _header_roles,
    _without_note,
    column_role,
    header_width,
)


# --- flattened tables -----------------------------------------------------------------------------

# A header word may carry the plan's year: 2022年预期目标, 2024年度重点任务.
# 「牵头单位(部门)」: a short note in brackets after a header word belongs to it.
_HEADER_WORD = re.compile(
    r"(?:(?:19|20)\d{2}年度?)?(?:" + "|".join(sorted(HEADER_WORDS, key=len, reverse=True)) + r")(?:[(（][^()（）]{1,12}[)）])?"
)
_ROW_NUMBER = re.compile(r"^(\d{1,3})(?:[.、．]|\s+|(?=[\u4e00-\u9fff“(]))\s*")
_SENTENCE_END = "。；;！!？?)）”"


_HEADER_CELL_MAX = 20
_NOT_IN_HEADER = re.compile(r"[。,，;；:：!！?？]")


def _header_cells(line: str) -> list[str] | None:
    """A header line whose cells are separated (by |, tabs or spaces) as cells, names unknown or not.

    The general header grammar: three or more short cells without sentence punctuation, at least one of
    them a body column (序号 / …任务 / …措施) and one a field column (…单位 / …时限). A cell whose name is
    unknown (陕西省《工作要点》部署任务, 考核指标) is kept as a column; its role comes from ``column_role``.
    """
    stripped = line.strip().strip("|｜").strip()
    if not stripped or len(stripped) > 120:
        return None
    if "|" in stripped or "｜" in stripped:
        parts = re.split(r"[|｜]", stripped)
    elif "\t" in stripped:
        parts = stripped.split("\t")
    else:
        parts = _join_spaced_characters(stripped.split())
    cells = [re.sub(r"\s+", "", c) for c in parts]
    cells = [c for c in cells if c]
    # 「责任单位 (列第一位为牵头单位)」: a bracketed note after a header word belongs to that word's column.
    for index in range(len(cells) - 1, 0, -1):
        if re.fullmatch(r"[(（][^()（）]*[)）]", cells[index]):
            cells[index - 1] += cells.pop(index)
    if len(cells) < 3 or any(header_width(c) > _HEADER_CELL_MAX or _NOT_IN_HEADER.search(_without_note(c)) for c in cells):
        return None
    if re.fullmatch(r"\d{1,3}", cells[0]):
        return None  # 「| 3 | 4月 | 清明节期间安全生产工作 | 各处室按职责落实 |」: a numbered row, whatever its cells read as
    roles = _header_roles(cells)
    if not roles or sum(r is not None for r in roles) < _known_columns_needed(cells, separated="|" in stripped or "｜" in stripped):
        return None
    return cells


def _known_columns_needed(cells: list[str], *, separated: bool) -> int:
    """How many of a header line's cells must name a known column. Cells between bars are cells for certain, so half
    of them known is enough there (a 抽查计划's 检查主体 / 抽查比例 / 抽查频次 / 抽查数量 beside 序号, 检查内容 and 计划开展时间);
    cells cut at spaces or tabs might be words of a sentence, and all but two must be known."""
    return max(3, (len(cells) + 1) // 2) if separated else max(3, len(cells) - 2)


def _join_spaced_characters(words: list[str]) -> list[str]:
    """Header words typeset with a space between their characters (「工 作 任 务」, as centred headers are) joined back:
    a run of two or more single Chinese characters is one header cell."""
    joined: list[str] = []
    run: list[str] = []
    for word in [*words, ""]:
        if len(word) == 1 and "\u4e00" <= word <= "\u9fff":
            run.append(word)
            continue
        if run:
            joined.extend(["".join(run)] if len(run) > 1 else run)
            run = []
        if word:
            joined.append(word)
    return joined


def flat_table_header(line: str) -> list[str] | None:
    """The column headers of a flattened table's header line (序号 重点任务 牵头单位 责任单位 完成时限), or None."""
    compact = re.sub(r"[\s|｜/]+", "", line)
    if not compact or len(compact) > 60:
        return _header_cells(line)
    if re.search(r"[|｜\t]", line.strip()):
        # Cells between bars or tabs are the table's own: 「重 点 工 作 任 务 |」 is one cell, though it reads as two
        # header words (重点工作, 任务).
        cells = _header_cells(line)
        if cells:
            return cells
    words = [m.group(0) for m in _HEADER_WORD.finditer(compact)]
    if "".join(words) != compact and not re.search(r"[\s|｜/]", line.strip()):
        words = _header_words_with_qualifiers(compact) or []  # a header run together, without cell separators
    if "".join(words) != compact or len(words) < 3 or not _header_roles(words):
        return _header_cells(line)
    return words


_GLUED_HEADER_SPAN = 40


# 「工 作 任 务」, 「工　作　要　求」: a header cell spaced out character by character to the column's width
_SPACED_OUT_CELL = re.compile(r"(?<![\u4e00-\u9fff])(?:[\u4e00-\u9fff] ){1,7}[\u4e00-\u9fff](?![\u4e00-\u9fff])")
_SPACED_HEADER_CELL_MAX = 14


def spaced_header_ending(text: str) -> list[str | None] | None:
    """The column roles of a table header whose cells, kept apart by spaces, end ``text`` (「…任务分解表 工 作 任 务
    党工委管委会牵头部门 本局责任处（单位） 工　作　要　求」): a task column first, unit columns after it, perhaps a
    text column (the requirements) last; else None."""
    spaced = _SPACED_OUT_CELL.sub(lambda m: m.group(0).replace(" ", ""), re.sub(r"[ \u3000]+", " ", text).strip())
    cells = spaced.split(" ")
    for width in range(min(6, len(cells)), 2, -1):
        header = cells[-width:]
        if any(len(cell) > _SPACED_HEADER_CELL_MAX for cell in header):
            continue
        roles = [column_role(cell) for cell in header]
        if roles[0] == TEXT and LEAD in roles and all(role in (TEXT, LEAD, RESPONSIBLE, DEADLINE) for role in roles):
            return roles
    return None


_SPACED_UNITS_CELL_MAX = 60


def _spaced_units_cell(token: str) -> list[tuple[str | None, str]] | None:
    """A cell of unit names, with their roles where it states them (「综合处牵头，各处、单位配合落实」 →
    [(牵头单位, 综合处), (责任单位, 各处、单位)]) or without (「区办公室、区经济发展局」 → [(None, …)]); else None."""
    token = token.strip("。；;，, ")
    if not token or len(token) > _SPACED_UNITS_CELL_MAX or re.search(r"[。:：]", token):
        return None
    fields = role_fields(token)
    if fields:
        return [(label, units) for label, units in fields]
    mentions = split_mentions(token)
    if mentions and all(is_unit_like(m) or is_collective(m) for m in mentions):
        return [(None, token)]
    return None


_UNIT_FIELD_LABEL = {LEAD: "牵头单位", RESPONSIBLE: "责任单位"}


def header_one_cell_per_line_ending(lines: list[str]) -> list[str | None] | None:
    """The column roles of a header copied one cell per line that ends ``lines`` (类别 ⏎ 项目 ⏎ 主要任务 ⏎ 牵头单位 ⏎
    配合单位), when its last columns are a lead column and perhaps an answering one after a text column; else None."""
    words = [line.strip() for line in lines if line.strip()][-6:]
    for width in range(len(words), 2, -1):
        header = words[-width:]
        if any(header_width(word) > 12 for word in header):
            continue
        roles = [column_role(word) or ("category" if _CATEGORY_HEADER.fullmatch(word) else None) for word in header]
        if None in roles:
            continue
        units = [role for role in roles if role in (LEAD, RESPONSIBLE)]
        if TEXT in roles and units and units[0] == LEAD and roles[-len(units) :] == units:
            return roles
    return None


def unit_cells_as_fields(body: list[str], roles: list[str | None]) -> list[str] | None:
    """The body lines of an item under such a header (header_one_cell_per_line_ending) with each run of unit cells
    after a task's text as field lines, in the order of the unit columns (牵头单位:…, 责任单位:…); None where none is."""
    unit_roles = [role for role in roles if role in (LEAD, RESPONSIBLE)]
    result: list[str] = []
    place = None  # the unit column the next unit cell fills, after a text cell
    changed = False
    for line in body:
        cell = line.strip()
        units = _spaced_units_cell(cell) if cell else None
        if units is not None and len(units) == 1 and units[0][0] is None and place is not None and place < len(unit_roles):
            result.append(f"{_UNIT_FIELD_LABEL[unit_roles[place]]}:{cell}")
            place += 1
            changed = True
            continue
        if cell:
            place = 0
        result.append(line)
    return result if changed else None


def spaced_row_fields(row: str, roles: list[str | None]) -> tuple[str, list[tuple[str, str]], str] | None:
    """(task, fields, the rest) of a row of a table copied with single spaces between its cells, under a header of
    those roles (spaced_header_ending): 「全面公开…责任清单 区行政审批局 综合处牵头，各处、单位配合落实 通过门户网站集中展示。」.
    The unit cells are the run of cells after the task that name units only; an empty cell is not copied, so a cell
    without role words goes to the unit columns in order — where there are more such cells than columns, the first ones
    share the first column (a lead column of two names kept apart by a space). None where the row has no unit cell."""
    tokens = row.split(" ")
    start = next((i for i in range(1, len(tokens)) if _spaced_units_cell(tokens[i]) is not None), None)
    if start is None:
        return None
    end = start
    while end < len(tokens) and _spaced_units_cell(tokens[end]) is not None:
        end += 1
    cells = [_spaced_units_cell(token) for token in tokens[start:end]]
    unit_roles = [role for role in roles if role in (LEAD, RESPONSIBLE)]
    # (a lone collective, 「各有关处室」, answers for the work rather than leads it: the last unit column's)
    if len(cells) == 1 and cells[0][0][0] is None and all(is_collective(m) for m in split_mentions(cells[0][0][1])):
        return " ".join(tokens[:start]), [(_UNIT_FIELD_LABEL[unit_roles[-1]], cells[0][0][1])], " ".join(tokens[end:])
    plain = [index for index, cell in enumerate(cells) if cell[0][0] is None]
    shared_first = max(0, len(plain) - len(unit_roles))
    fields: list[tuple[str, str]] = []
    for index, cell in enumerate(cells):
        if cell[0][0] is not None:
            fields += cell
            continue
        place = max(0, plain.index(index) - shared_first)
        fields.append((_UNIT_FIELD_LABEL[unit_roles[min(place, len(unit_roles) - 1)]], cell[0][1]))
    return " ".join(tokens[:start]), fields, " ".join(tokens[end:])


# A header's lead and answering columns among the last words before a table's first row (「…分解表 工作任务牵头单位责任单位
# 工 作 要 求」, 「…工作任务工作要求牵头单位配合/责任单位」).
_LEAD_AND_ANSWERING_HEADER = re.compile(
    r"牵头(?:单位|部门|处室|科室)[^。，,；;]{0,16}?(?:责任|配合|协办)[/／、]?(?:责任)?(?:单位|部门|处室|科室)[^。，,；;]{0,12}$"
)
_LEVEL_START = "区市县省镇乡"
_RECURRING_CELL_MIN = 6


def names_lead_and_answering_columns(text: str) -> bool:
    """Whether ``text`` ends with a table header that has a lead column and an answering column."""
    return bool(_LEAD_AND_ANSWERING_HEADER.search(re.sub(r"\s+", "", text)[-60:]))


def recurring_units_cell(rows: list[str]) -> str | None:
    """The answering cell a glued table repeats row after row (「区直有关单位，各乡镇人民政府」): the longest run of unit
    names that two rows share and that most rows hold, or None."""
    from difflib import SequenceMatcher

    counts: Counter = Counter()
    for first, second in zip(rows, rows[1:]):
        match = SequenceMatcher(None, first, second, autojunk=False).find_longest_match(0, len(first), 0, len(second))
        shared = first[match.a : match.a + match.size].strip(" ，,。；;")
        if len(shared) >= _RECURRING_CELL_MIN:
            counts[shared] += 1
    for shared, _ in counts.most_common(3):
        names = split_mentions(shared)
        holding = sum(shared in row for row in rows)
        if names and all(is_unit_like(n) or is_collective(n) for n in names) and holding >= 3 and holding * 5 >= len(rows) * 2:
            return shared
    return None


def lead_cell_before(text: str) -> tuple[int, list[str]] | None:
    """(where it starts, names) of the lead cell that ends ``text``, a task's words run on to it: after the task's last
    sentence (「…建设环境。区经济发展局区行政审批局」) or, where the task is a phrase, the names from the last one that
    opens with its level (「…政府信息公开区经发局、重点办」 → 区经发局, 重点办)."""
    if "。" in text:
        return units_after_last_sentence(text)
    pieces = text.split("、")
    names: list[str] = []
    start = len(text)
    for index in range(len(pieces) - 1, -1, -1):
        piece = pieces[index]
        start -= len(piece) + (1 if index < len(pieces) - 1 else 0)
        if len(piece) <= 12 and is_unit_like(piece) and not any(c in piece[1:] for c in _LEVEL_START) and index > 0:
            names.insert(0, piece)
            continue
        for offset in range(len(piece) - 2, -1, -1):
            if piece[offset] in _LEVEL_START and is_unit_like(piece[offset:]) and len(piece) - offset <= 16:
                while offset > 0 and piece[offset - 1] in _LEVEL_START:
                    offset -= 1  # 「…监管区市场监管局」: 区 before 市场监管局 is the name's level
                names.insert(0, piece[offset:])
                return start + offset, names
        return None
    return None


def header_ending(text: str) -> list[str | None] | None:
    """The column roles of a table header of three or more cells that ends ``text`` run together with what came
    before it (「…任务及分工表 重点任务主要内容主要责任处室」), else None."""
    tail = re.sub(r"\s+", "", text)[-_GLUED_HEADER_SPAN:]
    for start in range(max(0, len(tail) - 6)):
        words = flat_table_header(tail[start:])
        roles = _header_roles(words) if words and len(words) >= 3 else None
        if roles:
            return roles
    return None


_QUALIFIER_MAX = 14


def _header_words_with_qualifiers(compact: str) -> list[str] | None:
    """A header run together whose cells qualify a header word with words of their own — 「序号陕西省《工作要点》部署任务
    西安市落实措施牵头单位责任单位完成时限备注」: each stretch the known words leave is the start of the cell of the
    word that follows it (陕西省《工作要点》部署任务, 西安市落实措施). The line must open with a known word, end with
    one, and hold no sentence punctuation."""
    if _NOT_IN_HEADER.search(compact):
        return None
    words: list[str] = []
    position = 0
    for match in _HEADER_WORD.finditer(compact):
        qualifier = compact[position : match.start()]
        if len(qualifier) > _QUALIFIER_MAX or (qualifier and not words):
            return None
        words.append(qualifier + match.group(0))
        position = match.end()
    return words if words and position == len(compact) else None


def _trailing_deadline(text: str) -> int:
    """Where a deadline cell at the end of ``text`` starts (len(text) when there is none)."""
    for start in range(max(0, len(text) - 20), len(text)):
        tail = text[start:]
        if start and text[start - 1].isdigit() or text[start] in "。.，,；; ":
            continue
        if is_deadline_phrase(tail) or tail in ONGOING_PHRASES + SCHEDULED_PHRASES or _is_dated_cell(tail):
            return start
    return len(text)


_LEADING_TIME_MAX = 12


def _leading_deadline(text: str) -> int:
    """Where a deadline cell at the start of ``text`` ends (0 when there is none): 序号 / 时间 / 重点内容 / 落实单位 run
    together (「全年深入学习…」, 「3月开展…」). The longest time phrase before the task's first word."""
    for end in range(min(len(text) - 1, _LEADING_TIME_MAX), 1, -1):
        head = text[:end]
        if text[end] in "0123456789-—至到、" or not re.match(r"[\u4e00-\u9fff“《]", text[end]):
            continue  # (「1-3月」 read whole, not 「1-3」)
        if (is_deadline_phrase(head) or _MONTHS_SPAN_CELL.fullmatch(head)) and _TIME_WORD_IN_CELL.search(head):
            return end
    return 0


_MONTHS_SPAN_CELL = re.compile(r"(?:(?:19|20)\d{2}\s*年)?(?:1[0-2]|0?[1-9])\s*月?\s*[-—～~至到]\s*(?:1[0-2]|0?[1-9])\s*月份?")


_TIME_WORD_IN_CELL = re.compile(r"[年月季旬]|底|末|全年|年内|长期|常态")


def _split_unit_cells(names: list[tuple[str, bool]], columns: int) -> list[str]:
    """Unit names into ``columns`` cells: a name run together with the previous one starts a new cell."""
    groups: list[list[str]] = []
    for name, separated in names:
        if groups and separated:
            groups[-1].append(name)
        else:
            groups.append([name])
    if columns > 1 and len(groups) > columns and len(groups[-1]) > 1 and all(len(g) == 1 for g in groups[:-1]):
        # 「市行政审批局市司法局市级相关单位,各区县政府、西咸新区管委会」: the list written with separators is the last
        # cell whole; the names run together before it (one per line in their cell) share the first cells, the
        # extra ones going to the first (a 牵头单位 cell of two names).
        extra = len(groups) - columns + 1
        groups = [[name for g in groups[:extra] for name in g]] + groups[extra:]
    cells = ["、".join(g) for g in groups[: columns - 1]] + ["、".join(n for g in groups[columns - 1 :] for n in g)]
    return (cells + [""] * columns)[:columns]


_TRAILING_LEAD_NOTE = re.compile(r"[(（][^()（）]*(?:" + FIRST_IS_LEAD.pattern + r")[^()（）]*[)）]$")
# 「…经营主体。省农业厅牵头」, 「…融合发展。省发改委、省文化厅等负责」: a unit cell that ends in its role word; the word
# stays with the cell (the field reader reads 「X牵头」 as the lead), the names before it are cut as usual.
_TRAILING_ROLE_WORD = re.compile(r"(?<=[局委厅办府院部会室心司团处所站队行社署馆])(?:等)?(?:牵头负责|牵头|负责)$")


def _space_separated_unit_cells(
    rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()
) -> tuple[int, list[str]] | None:
    """(start, cells) when the row's unit cells follow its last sentence one per space-separated word.

    A table copied with one space between cells (…量水而行。 市水利局 市发展改革委、…等 各县(市、区)党委和人民政府,
    城乡一体化示范区…): after the task's last sentence, exactly as many words as the row has unit columns, each
    starting like a full unit name and the first read wholly as units, are those columns' cells — a long cell
    the name grammar does not read to its end (示范区, 党委和人民政府) stays whole instead of being cut short.
    """
    # The last sentence end followed by a space (a bracket inside a unit name, 各县(市、区), is not one).
    start = next((s for s in reversed(sentence_starts) if rest[s - 1] in "。；;" and rest[s : s + 1].isspace()), None)
    if columns < 2 or start is None:
        return None
    words = rest[start:].split()
    if len(words) != columns or unit_run(words[0], places) is None:
        return None
    if not all(_STARTS_FULL_NAME.match(w) or any(w.startswith(p) for p in places) or unit_run(w, places) for w in words):
        return None
    return start, words


def _unit_run_cells(rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()) -> tuple[int, list[str]] | None:
    """(start, cells) of the run of unit names that ends the row, found by the name grammar: tried from each sentence
    end, then from each of the last 80 characters (a list after a sentence is read more freely)."""
    for start in sentence_starts + list(range(max(4, len(rest) - 80), len(rest))):
        if rest[start] in _SEPARATORS:
            continue  # a run never starts inside a list (「、经信局」 would leave 发改局 in the text)
        names = unit_run(rest[start:].strip(), places)
        if not names and start in sentence_starts:
            names = unit_run(rest[start:].strip(), places, list_after_sentence=True)
        if names:
            return start, _split_unit_cells(names, columns)
    return None


# A unit cell that says who leads and who helps (「区住建局牵头,区交通局配合」, 「局安监处牵头,各业务处室配合」): the
# units before the first role word are where the cell starts.
_ROLE_WORD = re.compile(r"牵头|主办|负责")
_BUREAUS_OFFICE = re.compile(BUREAUS_OFFICE)


def _roles_cell(rest: str, sentence_starts: list[int], places: tuple[str, ...] = ()) -> tuple[int, list[str]] | None:
    """(start, [cell]) of a unit cell of roles ending a row run together (「…整治行动区住建局牵头,区交通局配合」): the
    cell starts after the task's last sentence, or — the task run on into it — where the longest run of unit names
    before its first role word starts; None unless what follows reads as roles."""
    last = max(sentence_starts, default=0)
    role = _ROLE_WORD.search(rest, last)
    if role is None:
        return None
    starts = ([last] if last else []) + list(range(max(last, role.start() - _UNITS_CELL_MAX), role.start() - 2))
    for start in starts:
        names = rest[start : role.start()].strip()
        if rest[start] in _SEPARATORS or not names:
            continue
        if unit_run(names, places, list_after_sentence=start == last and last > 0) or _BUREAUS_OFFICE.fullmatch(names):
            cell = rest[start:].strip()
            return (start, [cell]) if start and role_fields(cell) else None
    return None


def _trailing_unit_words(rest: str, columns: int) -> tuple[int, list[str]] | None:
    """(start, cells) when the row ends in as many space-separated words as it has unit columns, each a unit name
    without an administrative prefix (a ministry's 发展改革委, 财政部): a table copied with one space between cells
    whose task cell does not end in a full stop (「1 居民消费价格涨幅3%左右 发展改革委」)."""
    words = rest.split()
    if len(words) <= columns:
        return None
    tail = words[-columns:]
    if not all(len(w) <= _MAX_TOKEN and not _CELL_PUNCTUATION.search(w) and is_unit_like(w) for w in tail):
        return None
    start = len(rest)
    for word in reversed(tail):
        start = rest.rindex(word, 0, start)
    return start, tail


def _unnamed_task_column(roles: list[str | None]) -> list[int]:
    """[the task column] of a header that names no task column (序号 / 民生实事 / 责任单位 / 完成时限): its first column
    of an unknown name before the field columns holds the task, as a real table's unknown column is read with the
    task text; [] when there is none."""
    fields = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE, DEADLINE, DIVISION, PERSON)]
    unnamed = next((i for i, r in enumerate(roles) if r is None), None)
    return [unnamed] if unnamed is not None and fields and unnamed < min(fields) else []


def _division_cell(rest: str, roles: list[str | None]) -> tuple[int, int] | None:
    """(start, column) of a 责任分工 cell ending a row run together (…增长13%左右。省财政厅主办,省国税局、地税局协办): the
    text after the row's last finished sentence, when it reads as roles (A主办,B协办 / A负责)."""
    from .fields import role_fields

    column = next((i for i, r in enumerate(roles) if r == DIVISION), None)
    if column is None or column != max(i for i, r in enumerate(roles) if r is not None and r != NOTE):
        return None
    ends = [i + 1 for i, c in enumerate(rest) if c in "。；;"]
    start = next((e for e in reversed(ends) if e < len(rest)), None)
    if start is None or not role_fields(rest[start:].strip()):
        return None
    return start, column


_NOTE_CELL_MAX = 20


def _note_after_units(roles: list[str | None], unit_columns: list[int]) -> int | None:
    """The 备注 column when it is the last column and follows the unit columns (… 牵头单位 备注), else None."""
    notes = [i for i, r in enumerate(roles) if r == NOTE]
    return notes[-1] if notes and unit_columns and notes[-1] == len(roles) - 1 and notes[-1] > max(unit_columns) else None


def _units_before_note(
    rest: str, sentence_starts: list[int], columns: int, places: tuple[str, ...] = ()
) -> tuple[int, list[str], int] | None:
    """(start, unit cells, end) of the run of unit names that ends where a short 备注 cell begins: a row run together
    whose last cell is a note (…98%县卫健局县民生实事). The longest run wins; the note keeps the rest."""
    for end in range(len(rest) - 1, max(0, len(rest) - _NOTE_CELL_MAX) - 1, -1):
        found = _unit_run_cells(rest[:end], [s for s in sentence_starts if s < end], columns, places)
        if found is not None:
            return found[0], found[1], end
    return None


def split_flat_row(body: str, roles: list[str | None], places: tuple[str, ...] = ()) -> dict[int, str] | None:
    """The cells after the number of a row whose cells run together, by column index; None if it does not parse."""
    columns = [i for i, r in enumerate(roles) if r not in (NUMBER, NOTE, None)]
    text_columns = [i for i in columns if roles[i] == TEXT] or _unnamed_task_column(roles)
    columns = sorted(set(columns) | set(text_columns))
    unit_columns = [i for i in columns if roles[i] in (LEAD, RESPONSIBLE)]
    deadline_columns = [i for i in columns if roles[i] == DEADLINE]
    if not text_columns:
        return None
    cells: dict[int, str] = {}
    rest = body.rstrip()
    leading_deadline = [i for i in deadline_columns if i < text_columns[0]]
    if leading_deadline:
        cut = _leading_deadline(rest)
        if cut:
            cells[leading_deadline[0]] = rest[:cut]
            rest = rest[cut:].lstrip()
        deadline_columns = [i for i in deadline_columns if i not in leading_deadline]
    rest = _cut_leader_title(rest, roles, unit_columns, text_columns, cells)
    leading = [i for i in unit_columns if i < text_columns[0]]
    if leading:
        rest = _leading_unit_cells(rest, leading, cells, places)
        unit_columns = [i for i in unit_columns if i not in leading]
    if deadline_columns and unit_columns and max(deadline_columns) > max(unit_columns):
        cut = _trailing_deadline(rest)
        cells[deadline_columns[0]] = rest[cut:].strip()
        rest = rest[:cut].rstrip(" ,，;；")
    if unit_columns:
        # 「财政局、发改局…工商联(列第一位者为牵头或汇总单位,下同)」: the unit cell may end in the document's note on who
        # leads; it stays with the cell (the field reader applies it), the names before it are cut as usual.
        note = _TRAILING_LEAD_NOTE.search(rest) or _TRAILING_ROLE_WORD.search(rest)
        note_text = note.group(0) if note else ""
        if note:
            rest = rest[: note.start()].rstrip()
        ends = [i + 1 for i, c in enumerate(rest) if c in _SENTENCE_END]
        sentence_starts = [s for s in ends if s < len(rest)]
        # The unit cells, tried in turn: one per space-separated word after the last sentence, a run of unit names
        # found by the name grammar, or short unit names ending the row one per space-separated word.
        found = (_space_separated_unit_cells(rest, sentence_starts, len(unit_columns), places)
                 or _unit_run_cells(rest, sentence_starts, len(unit_columns), places)
                 or _trailing_unit_words(rest, len(unit_columns))
                 or (_roles_cell(rest, sentence_starts, places) if len(unit_columns) == 1 and not note else None))
        note_column = _note_after_units(roles, unit_columns)
        if found is None and note_column is not None and not note:
            before_note = _units_before_note(rest, sentence_starts, len(unit_columns), places)
            if before_note is not None:
                found, end = before_note[:2], before_note[2]
                cells[note_column] = rest[end:].strip()
        if found is not None:
            start, unit_cells = found
            if note_text:
                unit_cells[0] += note_text
            for column, cell in zip(unit_columns, unit_cells):
                cells[column] = cell
            rest = rest[:start].rstrip()
        elif note:
            rest = rest + note_text
    division = _division_cell(rest, roles) if not unit_columns else None
    if division is not None:
        start, column = division
        cells[column] = rest[start:].strip()
        rest = rest[:start].rstrip()
    person_columns = [i for i in columns if roles[i] == PERSON]
    if person_columns and unit_columns and text_columns[0] < person_columns[0] < min(unit_columns):
        # 序号 / 任务 / 牵头领导 / 牵头单位: the leaders' names (two to four characters each) stand between the text and
        # the units, set off by a space.
        leader = re.search(r"\s((?:[\u4e00-\u9fff]{2,4}[、,，]?)+)\s*$", rest)
        if leader and not re.search(r"[。；;]$", leader.group(1)):
            cells[person_columns[0]] = leader.group(1)
            rest = rest[: leader.start()].rstrip()
    if deadline_columns and deadline_columns[0] not in cells and (not unit_columns or deadline_columns[0] < min(unit_columns)):
        # 序号 / 任务 / 完成时限 / 牵头单位: the deadline cell sits between the text and the units.
        cut = _trailing_deadline(rest)
        if cut < len(rest):
            cells[deadline_columns[0]] = rest[cut:].strip()
            rest = rest[:cut].rstrip(" ,，;；")
    cells[text_columns[0]] = rest
    return cells


# A leader named by the title alone (副县长, 常务副市长, 副秘书长), as a 分管领导 cell between the task and the units.
_LEADER_TITLE = re.compile(r"(?:(?:常务)?副?(?:省|市|县|区|州|盟|旗|镇|乡)长|副?秘书长)(?:[、,，](?:(?:常务)?副?(?:省|市|县|区|州|盟|旗|镇|乡)长|副?秘书长))*")


def _cut_leader_title(rest: str, roles: list[str | None], unit_columns: list[int], text_columns: list[int], cells: dict[int, str]) -> str:
    """序号 / 任务 / 分管领导 / 牵头单位 run together (「…全面推行。副县长县行政审批局…」): the title after the task's last
    sentence, right before a unit name, is the leader's cell — cut out, so that the units are found after the sentence."""
    persons = [i for i, r in enumerate(roles) if r == PERSON]
    if not persons or not unit_columns or not text_columns or not text_columns[0] < persons[0] < min(unit_columns):
        return rest
    end = max(rest.rfind(c) for c in "。;；") + 1
    title = _LEADER_TITLE.match(rest, end) if end else None
    if title is None or _STARTS_FULL_NAME.match(rest, title.end()) is None:
        return rest
    cells[persons[0]] = title.group(0)
    return rest[: title.start()] + rest[title.end() :]


def _leading_unit_cells(rest: str, columns: list[int], cells: dict[int, str], places: tuple[str, ...]) -> str:
    """序号 / 牵头单位 / 责任单位 / 任务: the unit cells open the row, one space-separated word each (a word that names
    no unit leaves the cell empty). ``cells`` gets them; the rest of the row is returned."""
    words = rest.split(None, len(columns))
    taken = 0
    for column, word in zip(columns, words[:-1]):
        if not _is_unit_cell(word, places) or _CELL_PUNCTUATION.search(word.rstrip("。")):
            break
        cells[column] = word
        taken += 1
    if taken:
        return rest.split(None, taken)[taken]
    return _leading_unit_run(rest, columns, cells, places)


_LEADING_RUN_MAX = 80


def _leading_unit_run(rest: str, columns: list[int], cells: dict[int, str], places: tuple[str, ...]) -> str:
    """The unit cells run into the task (「1市发改委市统计局地区生产总值增长7%左右。」): the longest head of the row that
    reads as unit names only, cut into the unit columns as names run together are."""
    for end in range(min(len(rest) - 1, _LEADING_RUN_MAX), 2, -1):
        if rest[end - 1] in _SEPARATORS:
            continue
        names = unit_run(rest[:end], places, list_after_sentence=True)
        if names is not None:
            for column, cell in zip(columns, _split_unit_cells(names, len(columns))):
                if cell:
                    cells[column] = cell
            return rest[end:].lstrip()
    return rest


_SUB_HEADER_LINE_WORDS = 3


def _flat_sub_header(header: list[str], line: str) -> list[str] | None:
    """A flattened two-row header: 「序号 重点任务 责任单位 完成时限」 then 「牵头 配合」 — the second line splits the header's
    one units cell (merged over its halves in the table). Each half is named as in a real table's sub-header:
    责任单位牵头 / 责任单位配合."""
    words = line.split()
    if not 2 <= len(words) <= _SUB_HEADER_LINE_WORDS or not all(
        len(w) <= 8 and (w in _SUB_HEADER_WORDS or column_role(w) in (LEAD, RESPONSIBLE)) for w in words
    ):
        return None
    parents = [i for i, cell in enumerate(header) if column_role(cell) in (LEAD, RESPONSIBLE)]
    if len(parents) > 1:  # 责任单位 beside 数据提供单位: the plain one is the cell split in two
        parents = [i for i in parents if header[i] in ("责任单位", "责任部门")]
    if len(parents) != 1:
        return None
    at = parents[0]
    return header[:at] + [f"{header[at]}{w}" if w not in header[at] else w for w in words] + header[at + 1 :]


def _bar_sub_header(header_line: str, line: str) -> list[str] | None:
    """A two-row header copied with its bars: 「序号 | 任务 | 牵头单位 | | 配合单位」 then 「 | | 单位 | 责任人 | 」 — the
    second row names the parts of a merged cell above it, bar by bar; each column is named by the cell above (or the
    merged cell it lies under) followed by its own: 牵头单位单位 / 牵头单位责任人."""
    if not re.search(r"[|｜]", header_line) or not re.search(r"[|｜]", line):
        return None
    above = [re.sub(r"\s+", "", cell) for cell in re.split(r"[|｜]", header_line.strip())]
    below = [re.sub(r"\s+", "", cell) for cell in re.split(r"[|｜]", line.rstrip())]
    while len(below) > len(above) and not below[-1]:
        below.pop()
    while len(above) > len(below) and not above[-1]:
        above.pop()
    words = [word for word in below if word]
    if len(below) != len(above) or not 2 <= len(words) <= _SUB_HEADER_LINE_WORDS or "" not in above:
        return None
    if not all(len(w) <= 8 and (w in _SUB_HEADER_WORDS or column_role(w) in (LEAD, RESPONSIBLE, PERSON)) for w in words):
        return None
    combined, parent = [], ""
    for cell, part in zip(above, below):
        parent = cell or parent
        combined.append(f"{parent}{part}" if part and part not in parent else cell or part)
    return combined


# A cell of a one-cell-per-line copy that is a date: 12月底前, 2023年6月底, and a date with what is due then
# (9月投入使用, 5月底前动工 — a 完成时限 cell that says what is finished by that month).
_DATED_CELL = re.compile(r"(?:(?:19|20)\d{2}\s*年\s*)?\d{1,2}\s*月")


def _is_dated_cell(cell: str) -> bool:
    from .deadlines import restore_compact_dates

    cell = cell.strip()
    return is_deadline_phrase(restore_compact_dates(cell)) or (
        len(cell) <= 12 and _DATED_CELL.match(cell) is not None and not _CELL_PUNCTUATION.search(cell)
    )


def _is_unit_cell(cell: str, places: tuple[str, ...] = ()) -> bool:
    """A short cell that names units only (县水务局, 县残联): between a row's task and its date in a copy."""
    compact = re.sub(r"\s+", "", cell)
    if unit_run(compact, places) is not None:
        return True
    return 2 <= len(compact) <= 20 and not _CELL_PUNCTUATION.search(compact) and not _is_dated_cell(compact)


def _row_spread_over_lines(
    cells: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> tuple[list[dict[int, str]], int] | None:
    """([row cells, continuation rows' cells], cells used) for a row of a one-cell-per-line copy whose cells
    are more than its columns, or None.

    Tables of 民生实事 / 目标任务分解表 put one unit per line inside the unit cell, and a task with two stages
    in two lines (开工建设… / 5月底前动工, then 开工建设… / 12月底前): copied one cell per line, such a row has
    more lines than the header has columns. Only for the plain layouts task / units / date and task / 牵头单位 /
    责任单位 / date: the lines between the task and the date are the units (one cell; with two unit columns the
    first name is the lead), a date ends each part; a further task line with its units and its own date is the
    row's continuation (a row without number, as in the table). Anything else belongs to what follows the row.
    """
    shape = [roles[c] for c in columns]
    if shape[:1] not in ([TEXT], [None]) or shape[-1:] != [DEADLINE]:
        return None
    if shape[1:-1] in ([LEAD], [RESPONSIBLE]):
        text_column, unit_column, deadline_column = columns
        second_unit_column = None
    elif shape[1:-1] == [LEAD, RESPONSIBLE]:
        # 牵头单位 / 责任单位 one name per line: the first name is the lead cell's (a lead cell names one unit as a
        # rule), the others the responsible cell's.
        text_column, unit_column, second_unit_column, deadline_column = columns
    else:
        return None
    if len(cells) < len(columns) and second_unit_column is None:
        return None
    if len(cells) < len(columns):
        # An empty responsible cell dropped in copying (task / lead / date): the names before the date are read
        # as above, the first the lead's — never the task text as a lead.
        if not (len(cells) >= 3 and _is_dated_cell(cells[-1]) and all(_is_unit_cell(c, places) for c in cells[1:-1])):
            return None
    last = cells[min(len(cells), len(columns)) - 1]
    if len(cells) == len(columns) and (_is_dated_cell(last) or not unit_run(re.sub(r"\s+", "", last), places)):
        return None  # a plain row: the old reading holds
    rows: list[dict[int, str]] = []
    at = 0
    while at < len(cells):
        if _is_dated_cell(cells[at]) or rows and _is_unit_cell(cells[at], places):
            break  # a continuation starts with a task line, never with a date or a unit
        row = {text_column: cells[at]}
        probe = at + 1
        units = []
        while probe < len(cells) and not _is_dated_cell(cells[probe]) and _is_unit_cell(cells[probe], places):
            units.append(re.sub(r"\s+", "", cells[probe]))
            probe += 1
        if probe >= len(cells) or not _is_dated_cell(cells[probe]):
            break  # every part of the row ends with its date; what does not belongs to what follows
        row[deadline_column] = cells[probe]
        if units and second_unit_column is not None and len(units) > 1:
            row[unit_column], row[second_unit_column] = units[0], "、".join(units[1:])
        elif units:
            row[unit_column] = "、".join(units)
        rows.append(row)
        at = probe + 1
    if not rows:
        return None
    return rows, at


def _align_on_deadline(cells: list[str], columns: list[int], roles: list[str | None]) -> list[tuple[int, str]] | None:
    """Cells of a row that lost its empty cells in copying, placed around its deadline cell.

    The last cell that reads as a date is the deadline column's; the cells after it go to the columns after
    that one in order (牵头部门, 参与部门 …), the cells before it to the columns before it from the right;
    what is left over at the start stays together in the first column.
    """
    from .deadlines import restore_compact_dates

    deadline = next((c for c in columns if roles[c] == DEADLINE), None)
    if deadline is None:
        return None
    dated = [i for i, cell in enumerate(cells) if is_deadline_phrase(restore_compact_dates(cell))]
    if not dated:
        return None
    return _place_around(cells, columns, deadline, dated[-1])


def _align_on_unit_cell(
    cells: list[str], columns: list[int], roles: list[str | None], places: tuple[str, ...] = ()
) -> list[tuple[int, str]] | None:
    """Cells of a row one cell short or more, placed around its first unit cell (a table without a date column).

    A cell merged over several rows (the 主要任务 of a group of 民生实事) is copied only with the group's first
    row, so later rows of an excerpt lack it. The first cell after the task that is wholly a unit name
    (城管局, 市政局、相关街道) is the first unit column's (牵头单位); the cells after it fill the columns after that
    one in order, the cells before it the columns before it from the right; what is left over at the start
    stays together in the first column.
    """
    unit_column = next((c for c in columns if roles[c] in (LEAD, RESPONSIBLE)), None)
    if unit_column is None:
        return None
    at = next((i for i, cell in enumerate(cells) if i and _whole_unit_cell(cell, places)), None)
    if at is None:
        return None
    return _place_around(cells, columns, unit_column, at)


def _place_around(cells: list[str], columns: list[int], anchor: int, at: int) -> list[tuple[int, str]] | None:
    """``cells[at]`` in column ``anchor``; the cells after it fill the columns after that one in order, the cells
    before it the columns before it from the right, and what is left over at the start stays together in the
    first column. None when the row has more cells after the anchor than columns, or no column before it."""
    position = columns.index(anchor)
    after, before = columns[position + 1 :], columns[:position]
    if len(cells) - at - 1 > len(after) or not before:
        return None
    placed = [(anchor, cells[at])] + list(zip(after, cells[at + 1 :]))
    leading = cells[:at]
    tail = leading[-(len(before) - 1) :] if len(before) > 1 else []
    head = leading[: len(leading) - len(tail)]
    placed.append((before[0], "".join(head)))
    placed += list(zip(before[len(before) - len(tail) :], tail))
    return placed


def _fill_row(
    row: list[str], roles: list[str | None], body: str, warnings: list[str] | None = None, places: tuple[str, ...] = ()
) -> None:
    """The cells of ``body`` (a row's cells run together) into ``row``; an odd row keeps its text whole.

    A row that does not cut into cells is never a reason to drop the table or the file: its text goes to
    the first text column (or the first non-number column), the unit and deadline cells stay empty, and
    the review page shows the item without units.
    """
    cells = split_flat_row(body, roles, places)
    if cells is None:
        fallback = next((i for i, r in enumerate(roles) if r == TEXT), None)
        if fallback is None:
            fallback = next((i for i, r in enumerate(roles) if r != NUMBER), None)
        cells = {fallback: body.strip()} if fallback is not None else {}
    for column, cell in cells.items():
        row[column] = cell
    unit_columns = [i for i, r in enumerate(roles) if r in (LEAD, RESPONSIBLE)]
    if warnings is not None and unit_columns and not any(row[i] for i in unit_columns):
        number = row[roles.index(NUMBER)] if NUMBER in roles else ""
        warnings.append(
            f"表格第{number}行：单元格连在一起，未能分出牵头/责任单位列，已整行作为任务内容导入，请核对单位与时限"
            if number
            else "表格中有一行单元格连在一起，未能分出牵头/责任单位列，已整行作为任务内容导入，请核对单位与时限"
        )
