"""Unit names in a table's cells: the general grammar of Chinese government units that reads a run of names
(``市科技局市财政局``, a lost line break) as names, a cell that is nothing but a unit's name, and the proper names of the
document's own places that a unit's name may start with (青岛蓝谷管理局 in a plan of 青岛市).
"""

from __future__ import annotations

import re
from functools import lru_cache


# --- unit names -----------------------------------------------------------------------------------

# Where a full unit name starts: an administrative level, 各…, or a national body.
UNIT_PREFIX = r"(?:各|全(?:市|区|县)|市|区|县|省|州|盟|旗|镇|乡|自治区|国家|国务院|中共|共青团|人民银行|中国人民银行)"
_SUFFIX = (
    r"(?:人民政府|政府|管委会|党工委|委员会|办公室|办公厅|领导小组|分局|分行|支行|中心|公司|集团|银行|海关|法院|检察院|"
    r"支队|大队|总队|调查队|指挥部|专班|工作组|商联|残联|妇联|侨联|文联|科协|工会|团委|局|委|办|院|部|厅|署|部门|单位|机构|街道|乡镇)"
)
_UNIT_TOKEN = re.compile(
    rf"(?:各[\u4e00-\u9fff()、]{{0,10}}?(?:{_SUFFIX}|区|县|市|镇|街|乡)|[\u4e00-\u9fff()]{{1,14}}?{_SUFFIX})(?:\([^()]{{1,12}}\))?"
)
# Names that carry no administrative prefix but end in a body that is always an organisation of its own:
# 临港经济开发区, 高新区管委会, 城投集团, 供电公司, a city's survey team of the statistics bureau (某某调查队). Accepted
# where a full name would be — after another unit in the same run — but never as the first name of a run, which could
# still be the end of the task text.
_UNPREFIXED_BODY = re.compile(
    r"[\u4e00-\u9fff]{2,14}?(?:经济技术开发区|高新技术产业开发区|经济开发区|开发区|高新区|经开区|新区|工业园区|产业园区|园区|"
    r"管委会|管理委员会|集团|公司|新城|调查队)(?:\([^()]{1,14}\))?"
)
_STARTS_FULL_NAME = re.compile(UNIT_PREFIX)
_SEPARATORS = "、,，;；和及"  # inside a cell; whitespace between names is a cell boundary
_MAX_TOKEN = 18


def _is_unit_token(text: str) -> bool:
    return len(text) >= 3 and text.count("(") == text.count(")") and bool(_UNIT_TOKEN.fullmatch(text))


def unit_run(text: str, places: tuple[str, ...] = (), *, list_after_sentence: bool = False) -> list[tuple[str, bool]] | None:
    """``text`` read as unit names: [(name, follows a separator)], or None when it is not only units.

    A name that does not follow a separator — the first, one run together with the previous, or one
    after a space (a cell boundary in copied text) — must start like a full name (市…, 区…, 各…, or the
    proper name of the document's own city, ``places``: 青岛蓝谷管理局 in a plan of 青岛市);
    after 、 or , abbreviated names (住建局) are accepted. With ``list_after_sentence`` (``text`` starts right
    after the task's closing 。) the first name may be abbreviated too when a list follows it (财政局、发改局…):
    plans of a county-level city name their bodies without 市, and a 、-list after a finished sentence is the
    unit cell, not more task text.
    """
    n = len(text)

    @lru_cache(maxsize=None)
    def parse(start: int, separated: bool) -> tuple | None:
        if start == n:
            return ()
        if text[start] in _SEPARATORS:
            return parse(start + 1, True) if start + 1 < n else None
        if text[start] in " \t":
            return parse(start + 1, False) if start + 1 < n else None
        if text[start] == "等" and start and (start + 1 == n or text[start + 1] in _SEPARATORS):
            return parse(start + 1, separated)  # 市卫生健康委等,各县(市、区)政府: 等 closes a list
        full = _STARTS_FULL_NAME.match(text, start) is not None or any(text.startswith(p, start) for p in places)
        unprefixed_ok = start > 0 and not separated
        listed_first = list_after_sentence and start == 0
        if not separated and not full and not unprefixed_ok and not listed_first:
            return None
        for end in range(start + 3, min(n, start + _MAX_TOKEN) + 1):
            token = text[start:end]
            if listed_first and not full and (end == n or text[end] not in "、,，"):
                continue  # an abbreviated first name only at the head of a list
            if (separated or full or listed_first) and _is_unit_token(token) or unprefixed_ok and _UNPREFIXED_BODY.fullmatch(token):
                rest = parse(end, False)
                if rest is not None:
                    return ((token, separated),) + rest
        return None

    result = parse(0, False)
    return list(result) if result else None


_UNITS_CELL_MAX = 40
# A bureau's own offices too (公卫家庭处, 医保处, 办公室(财务科)): the cell's header says it holds units.
_OFFICE_TOKEN = re.compile(rf"[\u4e00-\u9fff]{{1,14}}?(?:{_SUFFIX}|处|科|室|股)(?:[(（][^()（）]{{1,12}}[)）])?")


def units_after_last_sentence(text: str) -> tuple[int, list[str]] | None:
    """(start, names) of a cell of unit names, abbreviated or not and run together or listed, that follows the last
    finished sentence of ``text`` and ends it (「…紧密结合。公卫家庭处」, 「…龙头医院。医政医管处项目办」) — for a row
    whose header says its last cell holds units; None when anything but unit names follows the sentence."""
    end = max(text.rfind(c) for c in "。；;") + 1
    tail = text[end:].strip()
    if not end or not tail or len(tail) > _UNITS_CELL_MAX or _CELL_PUNCTUATION.search(tail.replace("、", "")):
        return None
    n = len(tail)

    @lru_cache(maxsize=None)
    def parse(start: int) -> tuple | None:
        if start == n:
            return ()
        if tail[start] in _SEPARATORS + " ":
            return parse(start + 1) if start + 1 < n else None
        for stop in range(start + 2, min(n, start + _MAX_TOKEN) + 1):
            if _OFFICE_TOKEN.fullmatch(tail[start:stop]):
                rest = parse(stop)
                if rest is not None:
                    return (tail[start:stop],) + rest
        return None

    names = parse(0)
    return (text.index(tail, end), list(names)) if names else None


def split_run_together_names(value: str, places: tuple[str, ...] = ()) -> str:
    """A unit cell whose names ran together (``市科技局市财政局``, a lost line break) as a 、-separated list.

    Only a cell without any separator is touched, and only when the general grammar reads it as two or
    more complete names from its first character to its last; anything else stays as written.
    """
    compact = value.strip()
    if not compact or any(c in compact for c in _SEPARATORS + " \t"):
        return value
    names = unit_run(compact, places)
    if not names or len(names) < 2:
        return value
    joined: list[str] = []
    for name, _ in names:
        if joined and _NATIONAL_SYSTEM.fullmatch(joined[-1]):
            joined[-1] += name  # 国家税务总局 + 绵阳市税务局: one name, the local office of a national system
        else:
            joined.append(name)
    return "、".join(joined)


# A national body whose local offices are named after it: 国家税务总局某市税务局, 中国人民银行某市中心支行,
# 国家金融监督管理总局某监管分局.
_NATIONAL_SYSTEM = re.compile(r"国家[\u4e00-\u9fff]{1,10}总局|中国人民银行")


# --- the document's own places ----------------------------------------------------------------------

# 某某市人民政府… / 某某省… / 某某县… at the start of a line at the head of the document: the proper name of
# the place that issues it (never 直辖市 of 各省、自治区、直辖市人民政府, which does not start its line).
_PLACE_AT_HEAD = re.compile(r"^(?:中共)?([\u4e00-\u9fff]{2,3}?)(?:市|县|省|自治州|州|盟)(?=[\u4e00-\u9fff《“(\d])")
_NOT_A_PLACE = re.compile(r"[各全本我该市县区省州镇乡关于印发转发的和及丨丶丿]")
_HEAD_LINES = 15


def document_places(lines: list[str]) -> tuple[str, ...]:
    """Proper names of the document's own city, county or province (青岛, 滁州) from its first lines.

    Chinese plans name their units by level (市科技局), but some units carry the place's proper name
    instead (青岛蓝谷管理局, 滁州经开区管委会); a name that starts with the place that issues the plan is as
    much a full name as one starting with 市. Only the title or the issuing government at the head of the
    document count, never a place mentioned in the text.
    """
    places: list[str] = []
    head = [line.strip() for line in lines if line.strip()][:_HEAD_LINES]
    for line in head:
        if len(line) > 60 or "。" in line:
            continue  # a sentence of the preface, not a title or an issuer
        match = _PLACE_AT_HEAD.match(line)
        if match and not _NOT_A_PLACE.search(match.group(1)) and match.group(1) not in places:
            places.append(match.group(1))
    return tuple(places)


# A 处 / 科 / 股 of a department named whole in a cell (综合规划处, 设施养护处, 法规科): a commission's own plan gives
# its tasks to its offices. Only as a whole cell: in running text 「解决12处」, 「多处」 count places.
_OFFICE_CELL = re.compile(r"(?![一二三四五六七八九十百千万几多每此该某各])[\u4e00-\u9fff]{2,10}(?:处室|科室|股室|处|科|股)")


def _whole_unit_cell(cell: str, places: tuple[str, ...] = ()) -> bool:
    """A cell that is nothing but a unit's name (市交通委, 设施养护处, 各区政府)."""
    compact = re.sub(r"\s+", "", cell)
    if not compact or len(compact) > 30 or _CELL_PUNCTUATION.search(compact):
        return False
    return (
        _is_unit_token(compact)
        or _OFFICE_CELL.fullmatch(compact) is not None
        or unit_run(compact, places, list_after_sentence=True) is not None
    )


_CELL_PUNCTUATION = re.compile(r"[。；;，,:：!！?？]")
