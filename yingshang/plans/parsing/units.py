"""Unit mentions: splitting the value of a 牵头单位/责任单位 field into mentions.

A mention is kept as written in the (cleaned) text. Lists are split on 、，,；; and spaces, and on
及/和 only between two complete unit names — 市住房和城乡建设局 and 市人力资源和社会保障局 contain
和 themselves. Nothing inside brackets is split: 市营商局(市大数据管理局) is one mention.

Collective mentions (各区市县政府、先导区管委会, 区直相关部门, 各镇(街道)…) are marked
``collective`` with a ``group`` key; resolving them to member units is the caller's business.
Elliptical lists such as 各区市县党委、政府 or 各镇(街道)、园区 — where the parts after the 、
only make sense with the 各 in front — stay one mention.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Callable

from yingshang.core.tabular import TableError, open_table

COLLECTIVE_PHRASES_CSV = Path(__file__).resolve().parents[2] / "core" / "data" / "collective_unit_phrases.csv"

# Endings of a unit name (the longest alternatives first where one is a suffix of another).
UNIT_SUFFIX = (
    r"(?:管委会|党工委|委员会|办公室|办公厅|领导小组|人民政府|政府|党委|"
    r"分局|分行|支行|中心|公司|集团|银行|海关|法院|检察院|仲裁院|监委机关|机关|大学|政协|科协|"
    # 司: a ministry's department (政策法规司, 规划司), 司局 its departments and bureaus together
    r"局|委|办|院|部|厅|署|司|处|室|站|所|队|会|联|社|团|行|组|校|馆|台|园区|片区|街道|镇|乡|"
    # 科, 股: the offices of a county bureau or of a city department (法规科, 登记注册科, 财务股), as its 处室 are
    r"科|股|"
    # 党组织: the party organisations of units, who carry out a party-building task (市直各单位党组织)
    r"单位|部门|地区|机构|党组织)"
)
# A name may end in a note in brackets: 市商务局(市口岸办), 市府办〔市大数据局〕 (the office that does the work).
_UNIT_LIKE = re.compile(rf"{UNIT_SUFFIX}(?:\([^()]*\)|〔[^〔〕]*〕|【[^【】]*】)?$")
# A city, county or district named by its place name stands for its government in a list of units
# (「自治区发展改革委、银川市、石嘴山市人民政府配合」, 「房县、竹山县负责」): a name of two or more characters before
# 市/县/区/旗/盟/州 (one before 县: 房县, 沛县) — not 全市/本区/该县/城区-like words, which name an area, not a body.
_PLACE_NAME = re.compile(
    r"^(?![全本该我此所主老])(?:[\u4e00-\u9fff]{2,10}(?:市|县|区|旗|盟|州)|(?![市区郊州省各])[\u4e00-\u9fff]县)$"
)
# Prefixes that start a new, specific unit name (市财政局, 区税务局, 国家税务总局…).
_UNIT_PREFIX = re.compile(r"^(?:市|区|县|省|州|盟|旗|镇|乡|各|国家|国务院|中国|中共|共青团|国网|人民银行)")
# An office within a body, named by its own suffix: 局安监处, 中心安保科, 资源生态处.
_OFFICE = re.compile(r"^[\u4e00-\u9fff]{2,12}[处科室股组]$")

# Parts of a list that only make sense with a preceding 各…: 政府 in 各区市县党委、政府,
# 先导区管委会 in 各区市县政府、先导区管委会, 园区 in 各镇(街道)、园区, 县(市、区)人民政府 in
# 各市、县(市、区)人民政府 — administrative levels and generic bodies, nothing with a name.
_ADMIN_LEVEL = r"(?:市|县|区|乡|镇|街道|旗|州|盟|先导区|开发区|功能区|新区|园区|社区|村)"
_ELLIPTICAL = re.compile(
    rf"^(?:开放)?(?:{_ADMIN_LEVEL}(?:\([^()]*\))?)*"
    r"(?:人民政府|政府|党委|党工委|管委会|人大|政协|办事处|园区|街道|社区)?$"
)

# Fallback when no phrase list is available: 各…, …相关部门/有关单位, 市直/区直…部门.
_COLLECTIVE = re.compile(
    r"各|(?:相关|有关)(?:部门|单位|地区|机构|企业)|(?:市|区|县|镇)直(?:属)?(?:部门|单位|机关)|所属|成员单位"
)

_SEPARATORS = "、，,；; \t"
_DUTY_NOTE = re.compile(r"[(（](?:按职责分工负责|按职责分工落实|按职能分工负责|按职责负责|分别负责|共同负责)[)）]")
_GENERIC_TAIL = re.compile(r"(?:有关|相关)?(?:部门|单位|机构|部门和单位|部门单位)")
# The first-is-lead convention, in its common wordings: 列第一位的(责任单位)为牵头单位, 列第一位为牵头或汇总单位,
# 排在第一位的为牵头部门, 排名第一的为牵头单位, 第一个单位为牵头单位, 排在首位的为总牵头单位, 第一责任单位为牵头单位.
# The position is a noun phrase the grammar allows in any of its forms: a verb of order or none (列/排/排在/位列/
# 排名/排序/名列 … 第一位/首位/第一/最前), closed by 的 or 者 or nothing, with or without the noun it qualifies
# (…的单位, …的责任单位, …者) — 列第一位者为牵头单位, 排名第一者为牵头单位, 第一位的单位为牵头单位, 排在首位者为….
_FIRST_RANK = r"(?:第一位|第1位|首位|第一|最前面?)"
# The bodies a division of work names: 单位, 部门, and inside a department its 处室 / 科室 / 股室, in a ministry its 司局
# (「列第一位的为牵头处室(单位)」).
_BODY_NOUN = r"(?:单位|部门|处室|科室|股室|司局)"
# (「各项任务中排位靠前的责任单位为牵头单位」: ranked at the front)
_FIRST_POSITION = rf"(?:(?:排|列|位列|名列|排名|排序)(?:在|于)?{_FIRST_RANK}|第一位|第1位|首位|第一个|(?:排位|排名|排序)靠前)"
_FIRST_IS_LEAD = (
    # (「排在第一位的科室(单位)为牵头科室(单位)」: the noun may name a second kind in brackets)
    rf"(?:{_FIRST_POSITION}(?:的|者)?(?:(?:责任|牵头)?{_BODY_NOUN}(?:[(（]{_BODY_NOUN}[)）])?(?:者)?)?|第一(?:责任)?{_BODY_NOUN})"
    # 为/是/系 牵头…; after the noun the verb may stand alone (列在首位的单位牵头, 排在首位的单位负责牵头)
    rf"(?:(?:为|是|系)|(?<=单位|部门|处室|科室|股室|司局)(?:负责)?)(?:总)?(?:工作)?牵头(?:负责)?{_BODY_NOUN}?(?:或(?:汇总|总牵头){_BODY_NOUN}?)?"
    rf"(?:[(（]{_BODY_NOUN}[)）])?"
)
# "除标注“分别牵头”外": the exception clause that opens such a note.
_EXCEPT_CLAUSE = r"除(?:标注|注明|标明|特别注明|另有注明)[^,，;；()]{0,16}?外"
_SAME_BELOW = r"(?:以下均同|以下同|下同)"
# Notes inside a field value that are not units: a bracket holding the convention ("(除标注“分别牵头”外,
# 列第一位为牵头或汇总单位,下同)"), the convention itself, an exception clause, "下同", "分别负责".
_VALUE_NOTES = re.compile(
    rf"[,，;；]?\s*(?:\([^()]*{_FIRST_IS_LEAD}[^()]*\)|{_FIRST_IS_LEAD}|{_EXCEPT_CLAUSE}|{_SAME_BELOW}|分别负责)\s*[,，;；]?"
)
# Such a note in brackets of its own after a unit list: 「A、B牵头,C、D(除标注为“牵头”单位外,列第一位的为牵头或汇总单位,下同)」.
NOTE_BRACKET = re.compile(rf"[(（][^()（）]*(?:{_FIRST_IS_LEAD}|{_EXCEPT_CLAUSE})[^()（）]*[)）]")
# A segment of a label-less bracket that is such a note, not a unit list ("(A、B负责,列第一位的为牵头单位,下同)").
# 「以下均需各片区配合落实」, 「不再列出」: a note on how the items below are assigned, not a unit list of this one.
_NOTE_ON_WHAT_FOLLOWS = r"(?:以下|下列)(?:各项|任务|事项)?(?:均|都|皆)[^,，;；。()（）]{1,30}|不再(?:一一|重复|单独|逐一|逐项)?列(?:出|明|举)"
NOTE_SEGMENT = re.compile(rf"^(?:{_FIRST_IS_LEAD}|{_EXCEPT_CLAUSE}|{_SAME_BELOW}|{_NOTE_ON_WHAT_FOLLOWS})$")
# 「市发改委★、市财政局」 with the note 「标注★的为牵头单位」: a mark next to a unit name says it leads.
STAR_MARKS = "★☆*＊※"
STAR_IS_LEAD = re.compile(
    r"(?:(?:标注|标有|标明|标|带有|带|加注|加|注有)\s*[“\"「]?\s*[★☆*＊※]\s*[”\"」]?\s*(?:号|符号|标记)?"
    # 「“★”标注的为牵头部门」: the mark first, then the verb
    r"|[“\"「]?\s*[★☆*＊※]\s*[”\"」]?\s*(?:号|符号)?\s*(?:标注|标记|标明|所标))"
    # (「加*号为牵头部门」: the 的 may be left out)
    r"\s*(?:的|者)?\s*(?:单位|部门)?\s*(?:为|是|系)?\s*(?:总)?牵头"
)
# "市营商局(牵头)", "市营商局〈牵头〉", "市营商局[牵头]": a lead unit named inside a responsible-units list.
_LEAD_MARK = re.compile(r"[(（〈\[【〔]\s*牵头(?:单位|部门)?\s*[)）〉\]】〕]$")
_SHARED_LEAD_MARK = re.compile(
    r"(?P<names>[^,，;；:：()（）]+?)\s*[(（]\s*(?:共同|联合|分别|按职责分工|按职责)\s*牵头(?:负责)?\s*[)）]"
)
# "A、B分别牵头": each unit of the list leads (its own part of) the task.
EACH_LEADS = re.compile(r"\s*分别牵头(?:负责|落实)?\s*$")
# A document-wide convention: the first unit listed is the lead unit.
FIRST_IS_LEAD = re.compile(_FIRST_IS_LEAD)
# Another: where a task names no lead unit, its 责任单位 lead it — 「牵头单位(无牵头单位的,责任单位即为牵头单位,下同)」,
# 「未明确牵头单位的,责任单位为牵头单位」, 「不设牵头单位的事项,由责任单位牵头」.
RESPONSIBLE_IS_LEAD = re.compile(
    r"(?:无|没有|未(?:明确|列明|列出|标明|标注|注明|设)?|不(?:设|列))牵头(?:单位|部门)(?:的|者)?(?:事项|任务)?(?:的)?[,，]?\s*"
    r"(?:其|该)?(?:责任(?:单位|部门))(?:即|就)?(?:为|是|系)牵头(?:单位|部门)"
    r"|(?:无|没有|未(?:明确|列明|标明|注明)?|不设)牵头(?:单位|部门)(?:的|者)?(?:事项|任务)?[,，]?\s*由(?:其)?责任(?:单位|部门)牵头"
)
_DUTY_WORDS = r"按职责分工负责|按职责分工落实|按职责分工|按职责负责|按职责落实|分工负责|共同负责|负责落实|负责|配合|参与"
_DUTY_SUFFIX = re.compile(rf"(?:{_DUTY_WORDS})$")
# 「区行政服务中心牵头」, 「各入驻窗口单位负责」, 「区行政审批局等部门负责」: one unit's name with its role after it.
ROLE_AFTER_A_UNIT = re.compile(rf"(?:等(?:部门|单位))?(?:牵头负责|牵头|协助|协同|落实|{_DUTY_WORDS})$")


@lru_cache(maxsize=4)
def load_collective_phrases(path: str | None = None) -> tuple[str, ...]:
    """Phrases of the shared list (column ``phrase``), longest first; empty when the file is absent."""
    csv_path = Path(path) if path else COLLECTIVE_PHRASES_CSV
    try:
        phrases = {normalize_mention(row.get("phrase") or "") for _, row in open_table(csv_path)}
    except TableError:
        return ()
    return tuple(sorted((p for p in phrases if p), key=len, reverse=True))


def normalize_mention(text: str) -> str:
    """The comparison form of a mention: no spaces, half-width brackets."""
    return re.sub(r"\s+", "", text).replace("（", "(").replace("）", ")").replace("〔", "(").replace("〕", ")")


# A bureau's own office, named after 局 in the bureau's own plan (局安监处, 局办公室): a name of its own only where nothing
# runs on before 局 that could be part of a longer name.
BUREAUS_OFFICE = r"局[\u4e00-\u9fff]{1,8}?(?:处|科|室|股|队|所|中心|小组)"
# Where a unit name can start inside text that runs on into it: an administrative level, or a bureau's own office.
_NAME_START = re.compile(rf"(?:市|区|县|省|州|盟|旗|镇|乡|(?={BUREAUS_OFFICE}$))")
# What no unit name holds: figures, quotation marks, a title's brackets (「…2023年第二季度…会议」, 「“安全生产月”系列活动」).
_NOT_IN_A_NAME = re.compile(r"[0-9０-９“”\"《》]")
_RUN_ON_MIN = 20
_NAME_MAX = 16


def unit_after_run_on_text(text: str) -> str:
    """The unit name that ends ``text`` when a task's words run on into it with nothing between (a table's cells copied
    run together: 「…防范重特大生产安全事故会议局安监处」, 「扶持项目的遴选及资金补助方案的确定区农发局」): the longest
    ending that starts where a name can and reads as a unit. ``text`` itself where it may be a name as it stands —
    short, and holding nothing no name holds — or where no such ending is found."""
    compact = text.strip()
    if re.search(r"[、，,；;\s]", compact) or (len(compact) < _RUN_ON_MIN and not _NOT_IN_A_NAME.search(compact)):
        return text  # a list of names, or one name as it stands
    for start in range(max(1, len(compact) - _NAME_MAX), len(compact) - 2):
        ending = compact[start:]
        if _NAME_START.match(ending) and not _NOT_IN_A_NAME.search(ending) and is_unit_like(ending):
            return ending
    return text


# A meeting or an event, whose name ends in 会 as a 委员会's does: 「召开筹备会」, 「组织座谈会」, 「举办运动会」 — no body; nor a
# clause that closes with the role a body plays, whose 办 is no 办公室's: 「…由市委宣传部主办」, 「…文联共同承办」.
_NAMES_NO_BODY = re.compile(
    r"(?:(?:筹备|座谈|推进|调度|动员|部署|发布|培训|现场|观摩|交流|研讨|总结|表彰|评审|论证|听证|运动|展销|博览|交易|洽谈|茶话|联欢|晚|例|年)会"
    r"|[主承协]办)$"
)


def is_unit_like(text: str) -> bool:
    text = text.strip(STAR_MARKS)
    if _NAMES_NO_BODY.search(text):
        return False
    return bool(_UNIT_LIKE.search(text) or _PLACE_NAME.match(text))


def is_collective(mention: str, phrases: tuple[str, ...] = ()) -> bool:
    key = normalize_mention(mention)
    return key in phrases or bool(_COLLECTIVE.search(key))


def _split_top_level(value: str) -> list[tuple[str, str]]:
    """(separator before, part) pairs, split on list separators outside brackets."""
    parts: list[tuple[str, str]] = []
    depth = 0
    buffer = ""
    separator = ""
    for char in value:
        if char in "([〔【（“":  # a name in quotes (市“双随机、一公开”联席会议) keeps its 、
            depth += 1
        elif char in ")]〕】）”":
            depth = max(0, depth - 1)
        if depth == 0 and char in _SEPARATORS:
            if buffer.strip():
                parts.append((separator, buffer.strip()))
                buffer = ""
                separator = char
            elif char not in " \t":
                separator = char
            continue
        buffer += char
    if buffer.strip():
        parts.append((separator, buffer.strip()))
    return parts


def _split_conjunction(part: str) -> list[str]:
    """Split 'A及B' / 'A和B' / 'A等B' only where both sides are complete unit names."""
    for conjunction in ("及", "和", "以及", "与"):
        for match in re.finditer(conjunction, part):
            left, right = part[: match.start()], part[match.end() :]
            # (「局安监处及中心安保科」, 「政法综治处与资源生态处」: two offices of one body, each named by its own suffix)
            if is_unit_like(left) and is_unit_like(right) and (_UNIT_PREFIX.match(right) or (_OFFICE.match(left) and _OFFICE.match(right))):
                return _split_conjunction(left) + _split_conjunction(right)
    match = re.search(r"等(?=[^等]*$)", part)
    if match:
        left, right = part[: match.start()], part[match.end() :]
        # 「市商务局等部门」: the generic noun after 等 names no further body.
        if is_unit_like(left) and _GENERIC_TAIL.fullmatch(right):
            return [left]
        if is_unit_like(left) and (not right or is_unit_like(right) or _COLLECTIVE.search(right)):
            return [left] + ([right] if right else [])
    return [part]


_LEVEL_SPACED_FROM_NAME = re.compile(r"(?:(?<=^)|(?<=[、，,；;]))\s*([省市区县])[ \t\u3000]+(?=[\u4e00-\u9fff]{2})")


def split_mentions(value: str, phrases: tuple[str, ...] = ()) -> list[str]:
    """The unit mentions in a field value, in order, as written."""
    # A table copied with its cell bars (「财务处 | |」): the bars end the cell, they are no unit.
    value = re.sub(r"[\s|｜]+$", "", value)
    # 「——市市场监管局牵头」: a dash that sets the assignment off from the task is no part of the first name.
    value = re.sub(r"^[\s—–－─-]+", "", value)
    # 「请芗城区政府牵头，…配合」: a meeting's minutes ask the unit to lead — 请 is the asking, no unit's name opens with it.
    value = re.sub(r"^请(?=\S{2})", "", value)
    # 「市 城镇化服务中心」: a page that spaced out its words split the level from the name it opens.
    value = _LEVEL_SPACED_FROM_NAME.sub(r"\1", value)
    value = _VALUE_NOTES.sub("、", value).strip().strip("。.；;，,、")
    # 「市市场监管局、市公安局(按职责分工负责)」: a duty note in brackets after the list.
    value = _DUTY_NOTE.sub("", value).strip()
    value = _DUTY_SUFFIX.sub("", value)
    # Known collective phrases may contain separators (各区市县政府、先导区管委会): protect them.
    protected: list[str] = []
    if phrases:
        compact = value
        for phrase in phrases:
            if len(phrase) > 1 and any(s in phrase for s in _SEPARATORS) and phrase in compact:
                compact = compact.replace(phrase, f"\x00{len(protected)}\x00")
                protected.append(phrase)
        value = compact

    mentions: list[str] = []
    distributes = False  # the previous mention starts with 各, which may carry over the next parts
    for separator, part in _split_top_level(value):
        for index, piece in enumerate(_split_conjunction(part)):
            piece = piece.strip()
            if not piece:
                continue
            joins_previous = (
                index == 0
                and separator == "、"
                and mentions
                and distributes
                and "\x00" not in piece
                and _ELLIPTICAL.match(piece)
            )
            # 「节能与综合 利用司」: a name its narrow cell wrapped, the break copied as a space — the first half names no unit,
            # the two together do
            wrapped = (
                index == 0
                and separator in (" ", "\t", "\u3000")
                and mentions
                and not is_unit_like(mentions[-1])
                and "\x00" not in piece
                and not _UNIT_PREFIX.match(piece)
                and not re.match(r"[我本]", piece)  # (我局, 本委: the issuer speaking of itself)
                and is_unit_like(mentions[-1] + piece)
            )
            if joins_previous:
                mentions[-1] = f"{mentions[-1]}、{piece}"
            elif wrapped:
                mentions[-1] += piece
            else:
                mentions.append(piece)
            distributes = mentions[-1].startswith("各")

    def restore(text: str) -> str:
        return re.sub(r"\x00(\d+)\x00", lambda m: protected[int(m.group(1))], text)

    return [restore(m) for m in mentions if restore(m).strip("等 ")]


# A piece of a unit field that is a time, not a name: 「2016年开始」, 「3年内完成」, 「年底前」, 「持续推进」.
# (a digit opens a unit's name too: 12345热线分中心)
_TIME_NOT_A_NAME = re.compile(
    r"\s*(?:\d+\s*(?:年|个?月|日|天|周|个?工作日)|[一二两三四五六七八九十]+(?:年|个月|日)内|年底|年末|年内|上半年|下半年|全年|长期|持续|立即)"
)


# Words of a task, or of its status, that no body's name holds: what a table's unit column says when a copy shifted its
# cells, or when it answers in words instead of a name.
_TASK_WORDS = re.compile(r"开展|做好|实现|采用|按照|鼓励|积极配合|^已(?:经)?完成|^完成$")


def build_mentions(
    value: str,
    label: str,
    *,
    resolve_unit: Callable[[str], int | None] | None = None,
    phrases: tuple[str, ...] = (),
) -> list[dict]:
    """Mention records for one field value; collective ones carry ``group`` and no unit."""
    records = []
    # 「A、B(共同牵头),C、D」, 「A、B(按职责分工牵头)」: the mark after a 、-list makes each unit of that list a lead.
    value = _SHARED_LEAD_MARK.sub(lambda m: "、".join(f"{name}(牵头)" for name in m.group("names").split("、") if name), value)
    for mention in split_mentions(value, phrases):
        if _TIME_NOT_A_NAME.match(mention):
            continue  # 「区行政审批局、区交易中心等,2016年开始,3年内完成」: the time after the units names no unit
        if _TASK_WORDS.search(re.sub(r"[(（][^()（）]*[)）]", "", mention)):
            continue  # 「积极配合各部门做好征地拆迁工作」, 「已完成」: a task's words or its status in a unit's column, no body
        lead_mark = _LEAD_MARK.search(mention)
        if lead_mark:
            mention = mention[: lead_mark.start()].strip()
        starred = mention != mention.strip(STAR_MARKS) and bool(mention.strip(STAR_MARKS))
        mention = mention.strip(STAR_MARKS).strip() if starred else mention
        collective = is_collective(mention, phrases)
        record: dict = {"mention": mention, "unit": None, "label": label, "collective": collective}
        if lead_mark:
            record["marked_lead"] = True
        if starred:
            record["starred"] = True
        if collective:
            record["group"] = normalize_mention(mention)
        elif resolve_unit is not None:
            record["unit"] = resolve_unit(mention)
        records.append(record)
    return records
