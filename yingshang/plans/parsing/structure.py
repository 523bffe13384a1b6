"""Numbering markers and the item tree they describe.

A plan's outline is written with a handful of marker styles — ``一、`` / ``(一)`` / ``1.`` /
``(1)`` / ``①`` / ``第X条`` and their full-width or ``、``/``．`` variants — but documents nest them
differently: one chapter may put ``1.`` directly under ``一、`` while the next puts ``(一)`` between
them. So levels are not fixed per style; the tree is built like an outline editor would:

* a marker whose style is already open on the stack closes everything below that entry and
  becomes its next sibling;
* a marker of a style that is not open becomes a child of the innermost open item.

Numbers must follow on (sibling + 1, a restart at 1, or the continuation of the style's last number,
since many plans number ``1.``–``81.`` straight through their sections). A marker that does not fit
is read as ordinary text, which keeps a stray "(3)" at the start of a wrapped line from
restructuring the document. One exception: a ``N.`` task whose own field lines follow it (牵头单位:…,
责任单位:…) is a task whatever its number, as long as the number moves forward — an excerpt of a
分工表 keeps the rows' numbers of the whole table (80, 81 …; 3, then 68 under a later heading).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import islice
from typing import Callable

from .document import PAGE_METADATA, TITLE_END
from .numerals import chinese_numeral_to_int
from .units import ROLE_AFTER_A_UNIT, is_unit_like

_CN_NUMERAL = "〇零一二三四五六七八九十百两"
_ARABIC_OR_CN = rf"(?:\d{{1,3}}|[{_CN_NUMERAL}]{{1,5}})"

_CIRCLED = {chr(0x2460 + i): i + 1 for i in range(20)}  # ①–⑳
_CIRCLED.update({chr(0x3251 + i): i + 21 for i in range(15)})  # ㉑–㉟
_CIRCLED.update({chr(0x32B1 + i): i + 36 for i in range(15)})  # ㊱–㊿
_PAREN_DIGIT = {chr(0x2474 + i): i + 1 for i in range(20)}  # ⑴–⒇
_DOTTED_DIGIT = {chr(0x2488 + i): i + 1 for i in range(20)}  # ⒈–⒛

# 「1.2024年底前,完成…」, 「2.6月底前…」: an item that opens with its date; the figures after the point are a year or a
# month, never the decimals of a number (2.5个工作日).
DATE_AFTER_POINT = r"(?:(?:19|20)\d{2}\s*年|(?:1[0-2]|[1-9])\s*月(?:底|末|份|前|上旬|中旬|下旬|\d{1,2}\s*日|\s*[—–\-~～至到]))"

# (style, pattern); the pattern's group 1 is the number. Brackets and digits are already
# half-width (see cleanup), but 〔〕【】 survive and are accepted as brackets too.
_LATIN = {chr(ord("A") + index): index + 1 for index in range(26)}
# 「6、4至6月在纪念馆开设图片展」: a point whose item opens with the months it runs over (not 「1、2月份」, a list of numbers)
_MONTHS_SPAN_AFTER_POINT = r"(?:1[0-2]|[1-9])\s*[—–\-~～至到]\s*(?:1[0-2]|[1-9])\s*月"
# 「1、3月5日,召开筹备会」, 「2、3月9日至13日,开展…」: a point whose item opens with the day it is done on (a month with its day
# is never the second number of a list such as 「1、2月份」).
_DAY_AFTER_POINT = r"(?:1[0-2]|[1-9])\s*月\s*(?:3[01]|[12]\d|0?[1-9])\s*[日号]"
# A document's title after a number: a 范文 site's article (「第一篇:…工作方案」, 「1、2022年宪法宣传周活动方案」) or an
# attachment (「4、2021年…明细表」), never an item of the plan.
_NUMBERED_DOCUMENT_TITLE = r"[^，。,;；:：]{0,60}?(?:方案|计划|要点|规划|清单|通知|意见|办法|细则|总结|报告|表)"
# 「2、2008年建设完成247个农家书屋」: a point whose item opens with the year it is done in (a year, unlike a month, is never
# the second number of a list such as 「1、2月份」).
_YEAR_AFTER_POINT = rf"(?:19|20)\d{{2}}\s*年(?!\s*[、,，和及至到—–\-~～])(?!{_NUMBERED_DOCUMENT_TITLE})"
_MEASURE_WORDS = r"(?:月|日|号|个|项|家|年|万|亿|元|人|天|小时|倍|类|批|次|公里|米|吨|亩|户|所|座|条|件|台|套|分钟|周|季度|期|级|星)"
_MARKERS: list[tuple[str, re.Pattern]] = [
    ("article", re.compile(rf"^第\s*({_ARABIC_OR_CN})\s*条(?![件款例])\s*")),
    ("chapter", re.compile(rf"^第\s*({_ARABIC_OR_CN})\s*(?:章|部分|篇)\s*")),
    ("section", re.compile(rf"^第\s*({_ARABIC_OR_CN})\s*节\s*")),
    # 问题一: / 问题1: — the problems of a 整改清单, each with its measures, fields and time limit
    ("problem", re.compile(rf"^问题\s*({_ARABIC_OR_CN})\s*[:：](?=\s*\S)\s*")),
    # 行动1: / ——任务1: / 举措1: — an action plan's named levels (行动 over its 任务), numbered on through the plan
    ("action", re.compile(rf"^(?:专项)?行动\s*({_ARABIC_OR_CN})\s*[:：](?=\s*\S)\s*")),
    ("task", re.compile(rf"^(?:[—–-]{{1,2}}\s*)?(?:任务|举措)\s*({_ARABIC_OR_CN})\s*[:：](?=\s*\S)\s*")),
    # 一、 / 一. — but not "一、二季度" or "一是"
    # (「一、二、三级」: a list of numerals, no marker; 「五、两旧一村类」: a heading that opens with one)
    ("cn", re.compile(rf"^([{_CN_NUMERAL}]{{1,4}})\s*[、.](?![{_CN_NUMERAL}]{{1,4}}\s*[、.,，和及至到级类项个季期批年月轮次档等])\s*")),
    ("paren_cn", re.compile(rf"^[(〔【]\s*([{_CN_NUMERAL}]{{1,4}})\s*[)〕】]\s*")),
    # 一) — a bracketed numeral whose opening bracket a copy lost (「一) ⏎ 农村“厕所革命” … (二) ⏎ …」)
    ("paren_cn", re.compile(rf"^([{_CN_NUMERAL}]{{1,4}})\s*[)〕】]\s*")),
    # 1.1 / 2.1.3 / 2.2.1.4 — a decimal outline (「2.1 推进信用建设」); a space, or a word that is no measure word, after it tells
# it from 2.5个工作日
    ("decimal4", re.compile(r"^\d{1,2}\.\d{1,2}\.\d{1,2}\.(\d{1,2})(?![\d.%])(?:\s+|(?=[\u4e00-\u9fff]))")),
    ("decimal3", re.compile(r"^\d{1,2}\.\d{1,2}\.(\d{1,2})(?![\d.%])(?:\s+|(?=[\u4e00-\u9fff]))")),
    # (「1.1主动复制…」: run on to its words, as long as they do not open with a measure word, 「2.5个工作日」)
    ("decimal2", re.compile(rf"^\d{{1,2}}\.(\d{{1,2}})(?![\d.%])(?:\s+|(?!{_MEASURE_WORDS}))(?=[\u4e00-\u9fff])")),
    # 1. / 1、 — not "2.5个工作日"; 1。 — a typist's full stop for the point, before the item's words; 1*. — an item
    # starred by the plan's own key (标*的为创新举措); 1⇥ — a 序号 cell before a tab, the row of a table copied from
    # Excel or Word whose other cell is its task (序号 ⇥ 工作任务)
    ("arabic", re.compile(
        rf"^(\d{{1,3}})(?:\s*(?:[*＊※]\s*)?(?:[.、](?!\d)|\.(?={DATE_AFTER_POINT})|、(?={_MONTHS_SPAN_AFTER_POINT}|{_YEAR_AFTER_POINT}|{_DAY_AFTER_POINT})|。(?=\s*[\u4e00-\u9fff“(]))|\t+(?=[\u4e00-\u9fff“《(]))\s*"
    )),
    # 1) — a closing bracket only, as converters and typists write (1) — not (1), which is paren_arabic
    ("half_paren", re.compile(r"^(\d{1,3})\s*\)\s*")),
    # Ⅰ、 / Ⅱ. — Roman numerals, now and then used for the parts of a plan
    ("roman", re.compile(r"^([\u2160-\u216B])\s*[、.]?\s*")),
    # A. / B、 — capital letters for the parts of a list, before the part's words (not 「A、B两类」)
    ("latin", re.compile(r"^([A-Z])\s*[.、．]\s*(?=[\u4e00-\u9fff“(])")),
    # 1 总体要求 — the top level of a decimal outline: a bare number, a space and a short heading
    ("decimal1", re.compile(r"^(\d{1,2})\s+(?=[\u4e00-\u9fff]{2})")),
    ("paren_arabic", re.compile(r"^[(〔【]\s*(\d{1,3})\s*[)〕】]\s*")),
    ("paren_arabic", re.compile(rf"^([{''.join(_PAREN_DIGIT)}])\s*")),
    ("arabic", re.compile(rf"^([{''.join(_DOTTED_DIGIT)}])\s*")),
    ("circled", re.compile(rf"^([{''.join(_CIRCLED)}])\s*")),
]

_ROMAN = {chr(0x2160 + i): i + 1 for i in range(12)}  # Ⅰ–Ⅻ

# The style of a heading numbered like the items under it (see restarted_heading_lines).
HEADING_STYLE = "arabic_heading"

_CANONICAL = {
    "decimal1": "{}",
    "half_paren": "{})",
    "roman": "{}",
    "article": "第{}条",
    "chapter": "第{}章",
    "section": "第{}节",
    "cn": "{}、",
    "paren_cn": "({})",
    "arabic": "{}.",
    HEADING_STYLE: "{}.",
    "paren_arabic": "({})",
    "circled": "{}",
    "problem": "问题{}:",
    "action": "行动{}:",
    "task": "任务{}:",
}


@dataclass
class Marker:
    style: str
    number: int
    label: str  # the marker as written, e.g. "(一)", "1、", "①"
    rest: str  # the line after the marker


# A collection's article number (「第一篇:区医保局基金监管工作方案」) over a plan's whole title: a 规划's own 篇 is named by its
# part (「第一篇 发展基础」), never by a document's name.
_ARTICLE_OF_A_COLLECTION = re.compile(rf"^第\s*{_ARABIC_OR_CN}\s*篇\s*[:：]\s*{_NUMBERED_DOCUMENT_TITLE}")


def detect_marker(line: str) -> Marker | None:
    """The outline marker at the start of ``line``, if any."""
    stripped = line.strip()
    for style, pattern in _MARKERS:
        match = pattern.match(stripped)
        if not match:
            continue
        token = match.group(1)
        number = (
            _CIRCLED.get(token)
            or _ROMAN.get(token)
            or _PAREN_DIGIT.get(token)
            or _DOTTED_DIGIT.get(token)
            or _LATIN.get(token)
            or chinese_numeral_to_int(token)
        )
        if not number:
            continue
        rest = stripped[match.end() :].strip()
        if style == "arabic" and re.match(r"\d{1,2}\s*[月日号%]", rest) and not (
            (match.group(0).rstrip().endswith(".") and re.match(DATE_AFTER_POINT, rest))
            or (match.group(0).rstrip().endswith("、") and re.match(_DAY_AFTER_POINT, rest))
        ):
            continue  # "1、2月份…": a list of numbers in running text, not a marker (1.6月底前, 1、3月5日: an item's date)
        if style == "chapter" and _ARTICLE_OF_A_COLLECTION.match(match.group(0).rstrip() + rest):
            continue  # 「第一篇:…工作方案」: a 范文 site's article number before the plan's title, no chapter of it
        if style == "decimal1" and (len(rest) > 30 or re.search(r"[。；;，,:：]", rest)):
            continue  # a bare number opens only a short heading (1 总体要求), never a sentence
        if style.startswith("decimal") and re.match(_MEASURE_WORDS, rest):
            continue  # 「12 月底前」, 「2.5 个工作日」: a quantity, not a marker
        if style == "half_paren" and re.match(r"\d", rest):
            continue
        if len(rest) <= 80 and _ATTACHED_FILE.search(rest) and not re.search(r"[。；;]", rest):
            continue  # 「1.萍乡市…实施方案.pdf(412KB)」: an entry of a list of attached files, not an item
        return Marker(style=style, number=number, label=match.group(0).strip(), rest=rest)
    return None


# A file's name at the end of a line (an OA system's or a mail's list of attachments), with its size after it.
_ATTACHED_FILE = re.compile(
    r"\.(?:pdf|docx?|xlsx?|xlsm|wps|et|ofd|zip|rar|7z|txt|jpe?g|png|tif)\s*(?:[(（]\s*[\d.]+\s*[KMG]?B\s*[)）])?\s*$",
    re.IGNORECASE,
)


@dataclass
class Node:
    style: str
    number: int
    label: str
    line_no: int  # 1-based line of the marker in the cleaned text
    lines: list[str] = field(default_factory=list)  # the marker line's rest first, then body lines
    children: list["Node"] = field(default_factory=list)
    path: list[int] = field(default_factory=list)
    end_line_no: int = 0
    attachment: int = 0  # the number of the notice's attachment (附件2) whose own numbering the item starts, if any

    @property
    def level(self) -> int:
        return len(self.path)


@dataclass
class Outline:
    preamble: list[tuple[int, str]]  # (line_no, text) before the first item
    roots: list[Node]
    warnings: list[str]

    def walk(self):
        stack = list(reversed(self.roots))
        while stack:
            node = stack.pop()
            yield node
            stack.extend(reversed(node.children))

    def level_counts(self) -> list[int]:
        counts: list[int] = []
        for node in self.walk():
            while len(counts) < node.level:
                counts.append(0)
            counts[node.level - 1] += 1
        return counts


# Numbers may skip a little (an item lost in extraction) but not jump: a "(12)" after "(3)" is text.
_MAX_GAP = 2


# Where a marker may start inside a line: after a finished sentence, a closing bracket or a space —
# the line breaks of a plan copied without them (一、…1.…(1)…) or sub-items run into one paragraph
# (1.深化商事制度改革。(1)…(市工商质监局牵头负责)(2)…).
_INLINE_BOUNDARY = set("。；;！!？?)）〕】 \t\u3000")
# In a paragraph this long the line breaks were lost: a marker may also follow a heading directly
# (一、落实财税支持政策1.积极…), as long as it continues the numbering.
LOST_BREAKS_CHARS = 400
# A shorter paragraph has lost its line breaks too when it is nearly the whole document (an excerpt or a short
# plan pasted as one paragraph): at least this many characters, and this share of the document's text.
LOST_BREAKS_SHORT_CHARS = 120
LOST_BREAKS_SHARE = 0.75
# In such a paragraph the colon that introduced the items is a boundary too (…提出如下意见:一、…).
# (and a half-width full stop, as mixed punctuation has it, 「制定本方案.一、」; the arrows, bullets and boxes a WeChat
# article puts before its text: 「一起来看↓一、…」)
_LOST_BREAKS_BOUNDARY = _INLINE_BOUNDARY | set(":：.") | set("↓→▼▽►■□●○◆◇★☆▲△▶")


def lost_breaks_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are paragraphs whose line breaks were lost.

    A line longer than ``LOST_BREAKS_CHARS`` is one; so is a shorter one that holds nearly all of the document's
    text — a plan pasted as one paragraph after a title line, or a short excerpt, is no less a lost-breaks copy.
    """
    total = sum(len(line.strip()) for line in lines)
    return {
        index
        for index, line in enumerate(lines)
        if len(line) > LOST_BREAKS_CHARS or len(line) >= LOST_BREAKS_SHORT_CHARS and len(line.strip()) >= LOST_BREAKS_SHARE * total
    }


# 「…2019年4月12日附件1某区三年行动实施方案为加快…」, 「…倾斜。附件2某区重点任务清单1.完成…」: a notice's attachment
# heading run in with the text around it when the line breaks were lost — after a sentence or the notice's date, never
# after 见 / 按照 (a reference to it), and its title ends at the word naming the kind of document.
_ATTACHMENT_RUN_IN = re.compile(
    r"(?:(?<=^)|(?<=[。；;!！日\s]))附件\s*(?P<number>\d{1,2})\s*"
    r"(?P<title>[^\s。；;:：,，]{2,50}?(?:方案|计划|清单|要点|分工|分解表|任务表|一览表|台账|细则|办法|意见))(?![的之])"
)


def attachment_headings_apart(lines: list[str]) -> tuple[list[str], set[int]]:
    """``lines`` with the attachment headings (附件1 …, 附件2 …, numbered in turn from 1) that a paragraph which lost
    its line breaks runs in put on lines of their own, so the attachments are read as the documents they are; and the
    indexes of the lines that lost their breaks (the pieces of such a paragraph still did, however short)."""
    run_together = lost_breaks_lines(lines)
    result: list[str] = []
    pieces: set[int] = set()
    for index, line in enumerate(lines):
        if index not in run_together:
            result.append(line)
            continue
        headings = []
        for match in _ATTACHMENT_RUN_IN.finditer(line):
            if int(match.group("number")) == len(headings) + 1:
                headings.append(match)
        start = 0
        for match in headings:
            pieces.add(len(result))
            result.append(line[start : match.start()])
            result.append(match.group(0))
            start = match.end()
        pieces.add(len(result))
        result.append(line[start:])
    return result, pieces


# A plan's own title run straight into its first chapter when the line breaks were lost
# (…重点工作责任分解一、…主抓重点工作 1. …): a 一、 right after the name of a plan document opens the first item.
_TITLE_BEFORE_FIRST_CHAPTER = re.compile(
    # (「…2016年度绩效考评指标体系一.业务工作实绩」: a 考评 plan's table of indicators, with the unit that leads each)
    r"(?:方案|责任分解|任务分解|分解表|清单|工作要点|要点|实施意见|若干措施|措施|行动计划|计划|实施办法|细则|指标体系|评分标准)$"
)
# 「…现就深化改革提出以下实施意见:一、总体要求」: the preamble announcing what follows ends with a colon.
_ANNOUNCES_WHAT_FOLLOWS = re.compile(r"[:：]\s*$")
# 「…工作计划发布时间:2021-05-26 11:48 来源:某县住建局一、目标任务」: the web page's line on the source of the text,
# run on to the plan's first chapter.
_PAGE_SOURCE_BEFORE = re.compile(r"(?:来源|信息来源|发布机构|来源单位|发文机关)\s*[:：]\s*[\u4e00-\u9fff()（）]{2,30}$")
# 「…浏览量:127来源:政府办文字大小:大中小一、总体要求」: the page's controls (the font-size switch, the view count,
# print and close buttons) run on to the plan's first chapter.
_PAGE_CONTROLS_BEFORE = re.compile(
    r"(?:(?:字号|字体|文字大小|字体大小)\s*[:：]?\s*[\[【(（]?\s*大\s*[\]】)）|/]?\s*[\[【(（]?\s*中\s*[\]】)）|/]?\s*[\[【(（]?\s*小"
    r"\s*[\]】)）]?|(?:浏览(?:量|次数)|阅读(?:量|数|次数)|点击(?:量|数|次数))\s*[:：]\s*\d+|【?(?:打印本页|关闭窗口)】?)\s*$"
)


# 「…主要任务分解表工作任务工作要求牵头单位配合/责任单位一、加强…」: a web table's header row, flattened with the page,
# run on to the first chapter row under it (two header words at least, the last one closing the run).
_TABLE_HEADER_BEFORE = re.compile(
    r"(?:序号|工作任务|重点任务|主要任务|工作措施|具体措施|工作要求|工作内容|工作目标|牵头单位|责任单位|配合单位|牵头部门|责任部门|"
    r"完成时限|完成时间|时间节点|进度安排)[^。；;，,:：]{0,20}(?:单位|部门|处室|科室|时限|时间|期限|节点|备注|指标|来源|要求)$"
)
# 「工 作 要 求」: a header cell spaced out to the column's width
_SPACED_OUT = re.compile(r"(?<=[\u4e00-\u9fff])[ \u3000]+(?=[\u4e00-\u9fff])")


# 「…成员:刘某、林某二、工作职责(一)按照…」, 「…至10月31日三、整治范围已建成…」: a page that joined its paragraphs with
# nothing runs the next chapter's number on to the last word of the one before. The chapter's short heading tells it
# from a numeral in the text: a heading of a few words followed at once by its first point, or one that ends in a
# word chapter headings end in.
# (a heading may open with its year and list its parts: 「…拍卖地点:…小剧场二、2012年早、夜市经营区域划分1、早市…」)
_HEADING_THEN_FIRST_POINT = re.compile(r"^(?:(?:19|20)\d{2}\s*年)?[\u4e00-\u9fff、]{2,16}?(?:[(（]\s*一\s*[)）]|1\s*[.．、](?!\d))")
_CHAPTER_HEADING = re.compile(
    r"^[\u4e00-\u9fff]{0,6}?(?:目标|要求|思想|范围|重点|职责|安排|措施|步骤|领导|任务|原则|内容|方式|方法|分工|对象|机制|保障|时间|依据|区域|地点"
    # (an event's or a campaign's notice: 「二、主办单位…」, 「一、大赛主题…」, 「二、整治标准…」, 「三、申报条件…」, 「四、评选程序…」)
    r"|单位|主题|标准|条件|程序|流程|形式"
    # (an activity's programme: 「三、活动议程…」, 「四、活动目的…」, 「五、参加人员…」, 「一、重要意义…」, 「一、活动背景…」, 「一、组织机构…」)
    r"|议程|目的|人员|意义|背景|机构)"
    r"(?![\u4e00-\u9fff]{0,2}[、，,和与及])"
)


def _opens_next_chapter(marker: Marker | None, numbering: _Numbering) -> bool:
    """``marker`` (a 二、 run on to the word before it) opens the plan's next chapter: the number is the next of an open
    chapter numbering and a chapter heading follows it."""
    if marker is None or marker.style not in ("cn", "chapter") or not numbering.stack or numbering.stack[0].style != marker.style:
        return False
    if marker.number != numbering.stack[0].number + 1:
        return False
    return bool(
        _HEADING_THEN_FIRST_POINT.match(marker.rest) or _CHAPTER_HEADING.match(marker.rest) or _heading_then_next_point(marker.rest, numbering)
    )


# 「…医保处三、力促“增效益、促公平”，推进“三医”全联深动12.推进…」, 「…按职责分别负责二、完善依法行政制度体系（四）坚持…」:
# a chapter heading followed at once by the next point of a numbering that runs on across chapters (1.–11. under 一、
# and 二、, 12. under 三、; （一）–（三） under 一、, （四） under 二、).
_HEADING_BEFORE_POINT = re.compile(r"^[^。；;！!？?\d\n(（〔【]{2,40}?(?=[\d(（〔【])")


def _heading_then_next_point(rest: str, numbering: _Numbering) -> bool:
    heading = _HEADING_BEFORE_POINT.match(rest)
    point = detect_marker(rest[heading.end() :]) if heading else None
    if point is None or point.style == "cn" or point.number < 2:
        return False
    open_point = next((node.number for node in reversed(numbering.stack) if node.style == point.style), None)
    last = open_point if open_point is not None else numbering.last_number.get(point.style)
    return last is not None and point.number == last + 1


# 「…营造良好氛围。 附件：1.某某领导小组名单2.某某任务分解表」: a notice's list of attachments run on to the last item of
# a page joined without breaks. Its entries are attached files, never the item's points.
_ATTACHMENT_LIST_OPENING = re.compile(r"(?:(?<=[\s。；;）)])|^)附件\s*[:：]\s*")
RUN_IN_ATTACHMENT_LIST = re.compile(_ATTACHMENT_LIST_OPENING.pattern + r"(?=\d{1,2}\s*[.、．]|[(（]\s*\d{1,2}\s*[)）])")
# How far back from a number the words that open a run-on list are looked for (such lists are short; looking no further
# keeps a long page linear).
_RUN_ON_LIST_WINDOW = 400


def _last_match(pattern: re.Pattern, text: str) -> re.Match | None:
    last = None
    for last in pattern.finditer(text):
        pass
    return last


def _in_attachment_list(window: str) -> bool:
    """``window`` (the text just before a number) ends inside a run-on list of attachments: 「附件:」 followed only by
    numbered titles (no sentence, no colon)."""
    opening = _last_match(_ATTACHMENT_LIST_OPENING, window)
    return opening is not None and not re.search(r"[。；;:：]", window[opening.end() :]) and bool(
        _ATTACHMENT_ENTRY.match(window[opening.end() :]) or not window[opening.end() :].strip()
    )


# 「社会各界人士可于5月17日前通过以下方式提出意见和建议:1.通过电话…;2.通过电子邮件…」: a notice for comment lists the ways
# to send an opinion — the channels, never the plan's items. The sentence names the channels and what is sent by them.
_FEEDBACK_CHANNELS = re.compile(
    r"(?:(?:以下|如下|下列)(?:方式|途径|渠道)[^。；;]{0,30}?(?:意见|建议|反馈|咨询|联系|举报|投诉|报名)"
    r"|(?:意见|建议|反馈|咨询|联系|举报|投诉|报名)[^。；;]{0,30}?(?:以下|如下|下列)(?:方式|途径|渠道))[^。；;:：]{0,20}[:：]\s*"
)


def _in_feedback_channels(window: str) -> bool:
    """``window`` (the text just before a number) ends inside a list of channels for opinions: the sentence announcing
    them closes with its colon, and no sentence has ended since."""
    announced = _last_match(_FEEDBACK_CHANNELS, window)
    return announced is not None and "。" not in window[announced.end() :]


def feedback_channel_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that list the ways a notice for comment takes opinions (1.通过电话… ⏎ 2.通过电子邮件…)."""
    entries: set[int] = set()
    for index, line in enumerate(lines):
        announced = _FEEDBACK_CHANNELS.search(line.strip())
        if announced is not None and announced.end() == len(line.strip()):
            entries.update(_entries_after(lines, index, lambda entry: True))
    return entries


# 「现将《2007年〈政府工作报告〉要求重点做好的工作事项》印发给你们…2007年《政府工作报告》要求重点做好的工作事项一、…」: the
# notice names the plan it issues, and the plan's title line, whatever word it ends in, stands right before its first chapter.
_QUOTED_TITLE = re.compile(r"《((?:[^《》]|《[^《》]*》)+)》")
_TITLE_NOISE = re.compile(r"[《》〈〉<>“”\"'\s]")


def _ends_with_quoted_title(before: str) -> bool:
    plain = _TITLE_NOISE.sub("", before)
    return any(
        len(title) >= 6 and plain.endswith(title)
        for title in (_TITLE_NOISE.sub("", match.group(1)) for match in _QUOTED_TITLE.finditer(before))
    )


def _opens_first_chapter(before: str) -> bool:
    """A 一、 run straight on to ``before`` (a plan that lost its line breaks) opens the first chapter: after the plan's
    title, after the preamble's closing colon, after the page's line naming the text's source or its controls, or after a
    flattened table's header."""
    return bool(
        _TITLE_BEFORE_FIRST_CHAPTER.search(before)
        or _ends_with_quoted_title(before)
        or _ANNOUNCES_WHAT_FOLLOWS.search(before)
        or _PAGE_SOURCE_BEFORE.search(before)
        or _PAGE_CONTROLS_BEFORE.search(before)
        or _TABLE_HEADER_BEFORE.search(_SPACED_OUT.sub("", before[-60:]))
    )


_CHAPTER_NUMBER = re.compile(r"([一二三])\s*、")
_CHAPTER_WORDS = 8  # the fewest characters a chapter holds before the next one's number


def _first_of_chapters_run_on(rest: str, start: int, candidate: Marker | None) -> bool:
    """「…昆明市2023年10件惠民实事一、扩大…完成时限:2023年12月31日前二、实施…三、加大…」: a paragraph whose every chapter
    number runs on to the word before it. A 一、 opens the first chapter where 二、 and 三、 follow it in order and no 一、
    after a finished sentence comes between (「坚持统一、规范…。一、总体要求」 keeps its word)."""
    if candidate is None or candidate.style != "cn" or candidate.number != 1:
        return False
    expected, last_end = 2, start + 1
    for match in _CHAPTER_NUMBER.finditer(rest, start + 1):
        number = chinese_numeral_to_int(match.group(1))
        if number == 1 and match.start() > 0 and rest[match.start() - 1] in _LOST_BREAKS_BOUNDARY:
            return False
        # (each chapter has words of its own: 「第一、二、三季度」 is a list of numbers)
        if number == expected and match.start() - last_end >= _CHAPTER_WORDS:
            expected, last_end = expected + 1, match.end()
            if expected > 3:
                return True
    return False


_INLINE_CANDIDATE = re.compile(
    rf"[{_CN_NUMERAL}]{{1,4}}\s*[、.]|[(〔【]\s*(?:[{_CN_NUMERAL}]{{1,4}}|\d{{1,3}})\s*[)〕】]|(?<![\d.])\d{{1,3}}\s*[.、](?!\d)"
    rf"|[{''.join(_CIRCLED)}{''.join(_PAREN_DIGIT)}]|第\s*{_ARABIC_OR_CN}\s*(?:条|章|部分|篇)"
    # 「…完工200台。2.50个小区新增…」: the next item's number run into the task's first figure (_number_before_figure)
    rf"|(?<![\d.])\d{{1,3}}\.(?=\d{{1,4}}{_MEASURE_WORDS})"
    rf"|(?<![\d.])\d{{1,3}}\.(?={DATE_AFTER_POINT})"
    rf"|(?<![\d.])\d{{1,3}}、(?={_MONTHS_SPAN_AFTER_POINT})"
)


# The order the levels of a plan's outline conventionally take (党政机关公文格式: 一、 (一) 1. (1)), used only to place a copy
# that opens partway through its plan, where the levels above its first line are not in the copy.
_CONVENTIONAL_LEVEL = {"chapter": 0, "cn": 1, "paren_cn": 2, "arabic": 3, "paren_arabic": 4, "circled": 5}


def _outranks(style: str, other: str) -> bool:
    """Whether ``style`` conventionally stands above ``other`` (一、 above (四), (一) above 16、)."""
    return style in _CONVENTIONAL_LEVEL and other in _CONVENTIONAL_LEVEL and _CONVENTIONAL_LEVEL[style] < _CONVENTIONAL_LEVEL[other]


class _Numbering:
    """Which markers continue a plan's numbering at this point (shared by line starts and inline markers)."""

    def __init__(self) -> None:
        self.stack: list[Node] = []
        self.last_number: dict[str, int] = {}
        # a copy that starts partway through its plan (its first line 「五、治理内容…」 or 「16、加大…」): each style's
        # first number is taken as written, whatever it is — the items before it are not in the copy
        self.starts_partway = False

    def fit(self, marker: Marker, *, strict: bool) -> tuple[int | None, int, bool] | None:
        """(open_at, previous, in sequence) when ``marker`` may start an item here; None when it is text.

        ``strict`` (a marker inside a line) accepts only the exact next number: the next sibling, a
        first child (1), or the continuation of the style's last number across chapters.
        """
        open_at = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].style == marker.style), None)
        if open_at is not None:
            previous = self.stack[open_at].number
            expected = {previous + 1} if strict else {previous + 1, 1}
            fits_gap = previous + 1 < marker.number <= previous + 1 + _MAX_GAP
        else:
            previous = self.last_number.get(marker.style, 0)
            expected = {1, previous + 1}
            fits_gap = marker.number <= 1 + _MAX_GAP or previous < marker.number <= previous + 1 + _MAX_GAP
            if self.starts_partway and marker.style not in self.last_number:
                expected.add(marker.number)
            if self.starts_partway and self.stack and all(_outranks(marker.style, node.style) for node in self.stack):
                # 「(四)…」 then 「二、检查组织实施」: the copy opened inside a chapter it does not hold; a chapter number
                # closes what is open instead of nesting under it
                open_at = 0
        if marker.number in expected:
            return open_at, previous, True
        if fits_gap and not strict:
            return open_at, previous, False
        return None

    def fit_task_row(self, marker: Marker) -> tuple[int | None, int, bool] | None:
        """A forward jump of ``1.``-style numbers, accepted for a task that carries its own field lines."""
        if marker.style != "arabic":
            return None
        open_at = next((i for i in range(len(self.stack) - 1, -1, -1) if self.stack[i].style == marker.style), None)
        previous = self.stack[open_at].number if open_at is not None else self.last_number.get(marker.style, 0)
        return (open_at, previous, False) if marker.number > previous else None


_MEASURES_LABEL = re.compile(r"(?:整改|具体|主要|工作|落实|保障)?(?:措施|举措)\s*[:：]\s*$")


def _names_a_part_of_something(before: str, marker: Marker) -> bool:
    """「…参照GB/T 10001.1-2012《公共信息图形符号第1部分:通用符号》…」, 「建议书内容:第一部分:导语。第二部分:…」: a part of a
    cited standard or of a form the text describes, not a part of the plan (whose parts have headings, not labels)."""
    return before.count("《") > before.count("》") or marker.rest.startswith((":", "："))


def _chapter_run_on(rest: str, start: int, candidate: Marker | None, numbering: _Numbering) -> bool:
    """Whether a chapter number run on to the word before it (at ``start`` of a paragraph that lost its line breaks)
    opens a chapter: the first one after the plan's title, its notice's quoted title, the preamble's colon or a table's
    header, or where 二、 and 三、 follow it; any one after an item's closing fields or before a chapter's heading."""
    before = rest[:start]
    if not numbering.stack and (_opens_first_chapter(before) or _first_of_chapters_run_on(rest, start, candidate)):
        return True
    return _closes_with_units_field(before) or _opens_next_chapter(candidate, numbering)


def _inline_split(rest: str, numbering: _Numbering, *, lost_breaks: bool) -> tuple[str, Marker | None, int]:
    """(text before, marker, offset) of the first marker inside ``rest`` that continues the numbering.

    A list a line holds stays in the line: once its 1. was passed over (「2024年工作任务1.继续…。2.编制…」, a year's
    work in points), its 2. and 3. are its points, never the plan's next items. (Not in a paragraph that lost its line
    breaks, where a passed-over 1. is as often a reference as a list.)"""
    passed_over: set[tuple[str, int]] = set()
    for match in _INLINE_CANDIDATE.finditer(rest):
        start = match.start()
        if start == 0:
            continue
        candidate = detect_marker(rest[start:])
        if candidate is not None and candidate.style == "chapter" and _names_a_part_of_something(rest[:start], candidate):
            continue
        if candidate is not None and (candidate.style, candidate.number - 1) in passed_over:
            passed_over.add((candidate.style, candidate.number))
            continue
        before = rest[start - 1]
        # (a part 第一部分 / 第一章 opens as a chapter 一、 does: run on to a word only where a chapter may open)
        cn_style = match.group(0).endswith(("章", "部分", "篇")) or (
            not match.group(0).startswith(("(", "〔", "【", "第")) and not match.group(0)[0].isdigit()
        )
        boundary = _LOST_BREAKS_BOUNDARY if lost_breaks else _INLINE_BOUNDARY
        # 「整改措施:1.对…逐户复核。2.开展…」: the measures a label announces, run on after its colon
        announced = _MEASURES_LABEL.search(rest[:start]) is not None
        window = rest[max(0, start - _RUN_ON_LIST_WINDOW) : start]
        if (lost_breaks and _in_attachment_list(window)) or _in_feedback_channels(window):
            continue
        # (in a paragraph copy, a chapter number after a Latin letter is no word's end: 「…e+ h l二、系统架构」, a page's
        # anti-copy noise run on to it)
        noise_before = lost_breaks and cn_style and before.isascii() and before.isalpha()
        if before not in boundary and not announced and not noise_before and (not lost_breaks or cn_style or before.isascii() and before.isalnum()):
            if not (lost_breaks and cn_style and _chapter_run_on(rest, start, candidate, numbering)):
                if candidate is not None and candidate.number == 1 and not lost_breaks:
                    passed_over.add((candidate.style, 1))
                continue
        marker = candidate or _number_before_figure(rest[start:], numbering)
        if marker is None or numbering.fit(marker, strict=True) is None:
            continue
        return rest[:start].rstrip(), marker, start
    return rest, None, 0


# 「…树牢安全发展理念。责任处室:党政办公室、政法综治处二、突出压力传导…」: an item's closing field of units, run on to the
# next chapter's number when the line breaks were lost (the number must still continue the numbering).
_UNITS_FIELD_AT_THE_END = re.compile(
    r"(?:责任|牵头|配合|主办|协办|承办|主责)[\u4e00-\u9fff]{0,3}(?:单位|处室|科室|部门|股室|领导)\s*[:：]\s*(?P<units>[^。；;:：]{2,80})$"
)
# (or the item's time field after its units: 「…责任单位:各区人民政府完成时限:2023年12月31日前二、实施…」)
_TIME_FIELD_AFTER_UNITS = re.compile(
    r"(?:单位|处室|科室|部门)\s*[:：][^。；;:：]{2,80}?(?:完成|办结|整改)(?:时限|时间|期限)\s*[:：]\s*[^。；;:：]{2,30}$"
)


def _closes_with_units_field(before: str) -> bool:
    if _TIME_FIELD_AFTER_UNITS.search(before[-160:]):
        return True
    field = _UNITS_FIELD_AT_THE_END.search(before)
    if field is None:
        return False
    names = [ROLE_AFTER_A_UNIT.sub("", name) for name in re.split(r"[、,，和及\s]+", field.group("units")) if name]
    return bool(names) and all(is_unit_like(name) for name in names if name)



_NUMBER_BEFORE_FIGURE = re.compile(rf"^\s*(\d{{1,3}})\.(?=\d{{1,4}}{_MEASURE_WORDS})")


def _number_before_figure(line: str, numbering: _Numbering) -> Marker | None:
    """「2.50个小区新增…」 after item 1.: the next item's number directly followed by the task's first figure.

    Read as item 2 only when 2 is exactly the next number of an open ``1.`` list; otherwise it stays 2.50个.
    """
    match = _NUMBER_BEFORE_FIGURE.match(line)
    if match is None:
        return None
    number = int(match.group(1))
    if not _next_of_open_list(numbering, number):
        return None
    return Marker(style="arabic", number=number, label=f"{number}.", rest=line[match.end() :].strip())


def _next_of_open_list(numbering: _Numbering, number: int) -> bool:
    """Whether ``number`` is exactly the next number of the open ``1.`` list."""
    open_arabic = next((node for node in reversed(numbering.stack) if node.style == "arabic"), None)
    return open_arabic is not None and number == open_arabic.number + 1


_BARE_NUMBER = re.compile(r"^\s*(\d{1,3})[ \t\u3000]+(?=[\u4e00-\u9fff“(])")


def _bare_next_number(line: str, marker: Marker | None, numbering: _Numbering) -> Marker | None:
    """「3 开展双随机抽查。(市市场监管局牵头)」 after item 2.: a number whose point was lost, then a space — the next item of
    the open ``1.`` list, as long as it is exactly the next number (a bare number otherwise opens a short heading of a
    decimal outline, or is a figure)."""
    if marker is not None and marker.style != "decimal1":
        return marker
    match = _BARE_NUMBER.match(line)
    if match is None or re.match(_MEASURE_WORDS, line[match.end() :]):
        return marker
    number = int(match.group(1))
    if not _next_of_open_list(numbering, number):
        return marker
    return Marker(style="arabic", number=number, label=f"{number}.", rest=line[match.end() :].strip())


# A notice's list of its attachments: 「附件:1.某某市2023年攻坚行动方案」 then 「2.某某市2023年重点任务清单」 — numbered
# titles of documents (no sentence), under a line that opens with 附件.
_ATTACHMENT_LIST_OPENS = re.compile(r"^\s*附件\s*[:：]")
_DOCUMENT_TITLE = re.compile(
    r"^[^。；;，,:：]{2,60}(?:方案|计划|清单|要点|分工|分解表|任务表|一览表|台账|汇总表|表|细则|办法|意见|目录|名单|指南)"
    r"(?:[(（][^()（）]{1,20}[)）])?(?:\.(?:docx?|xlsx?|pdf|wps|et))?\s*$"
)
# 「附件2」, 「附件 3:」, 「附表1 某某任务清单」: the heading of one of a notice's attachments, on a line of its own.
ATTACHMENT_HEADING = re.compile(r"^\s*(?:附件|附表)\s*(\d{1,2})\s*(?:[:：.、．]?\s*[^\s。；;:：]{0,40})?\s*$")
_ATTACHMENT_ENTRY = re.compile(r"^\s*(?:\d{1,2}\s*[.、．]|[(（]\s*\d{1,2}\s*[)）])\s*")


def attachment_list_lines(lines: list[str]) -> set[int]:
    """Indexes of the lines that are entries of a notice's list of attachments (not items of the plan)."""
    entries: set[int] = set()
    for index, line in enumerate(lines):
        if not _ATTACHMENT_LIST_OPENS.match(line):
            continue
        rest = _ATTACHMENT_LIST_OPENS.sub("", line)
        if _ATTACHMENT_ENTRY.match(rest) and _DOCUMENT_TITLE.match(_ATTACHMENT_ENTRY.sub("", rest)):
            entries.add(index)
        # (under a line that is only 「附件:」, any short title; under 「附件:某某分解表」, the attachment itself, titles of documents)
        entries.update(_entries_after(lines, index, _attachment_title if not rest.strip() else _DOCUMENT_TITLE.match))
    return entries


# 「附件:」 ⏎ 「1.街道小型建设工程承发包“简易程序”流程」 ⏎ 「4.…定点承包商名录库」: under a line that only opens the list, any short
# title (no sentence in it) is an attachment's, whatever kind of document it names.
_SHORT_TITLE = re.compile(r"^[^。；;，,:：!！?？]{2,50}$")


def _attachment_title(entry: str) -> bool:
    return bool(_DOCUMENT_TITLE.match(entry) or _SHORT_TITLE.match(entry.strip()))


def _entries_after(lines: list[str], index: int, is_entry: Callable[[str], bool]) -> list[int]:
    """Indexes of the numbered lines right after ``lines[index]`` whose text (without its number) ``is_entry`` accepts."""
    entries = []
    following = index + 1
    while following < len(lines) and _ATTACHMENT_ENTRY.match(lines[following]):
        if not is_entry(_ATTACHMENT_ENTRY.sub("", lines[following])):
            break
        entries.append(following)
        following += 1
    return entries


def _decimal_path(marker: Marker | Node) -> list[int]:
    return [int(part) for part in re.findall(r"\d+", marker.label)]


def _decimal_parent(marker: Marker, stack: list[Node]) -> tuple[int, list[int]] | None:
    """(where in ``stack``, the path) a decimal marker hangs by its own number: 1.2.1 under the item 1 when no 1.2 was
    written (a table whose 1.2 row was merged away), 2.2.1.3 under 2.2.1 — the number says the path. The number is read
    against the open items' own numbers from the first arabic or decimal one down, so a decimal outline under chapters
    (一、 ⏎ 1.主动承接… ⏎ 1.1主动复制…) hangs 1.1 under the item 1, not under the chapter 一. None where no open item begins
    the number (a decimal outline under chapters numbered apart: 二、 ⏎ 1.1 …): nesting by style then."""
    if not marker.style.startswith("decimal") or marker.style == "decimal1":
        return None
    path = _decimal_path(marker)
    first = next((i for i, node in enumerate(stack) if node.style == "arabic" or node.style.startswith("decimal")), None)
    if first is not None:
        # each open item's number as written out in full: a decimal one's own (2.2.1), another's after those above it
        numbers: list[list[int]] = []
        for node in stack[first:]:
            written = node.style.startswith("decimal") and node.style != "decimal1"
            numbers.append(_decimal_path(node) if written else (numbers[-1] if numbers else []) + [node.number])
        for index in range(len(stack) - 1, first - 1, -1):
            own = numbers[index - first]
            if len(own) < len(path) and own == path[: len(own)]:
                return index, stack[index].path + path[len(own) :]
    for index in range(len(stack) - 1, -1, -1):
        if len(stack[index].path) < len(path) and stack[index].path == path[: len(stack[index].path)]:
            return index, path
    return None


def restarted_heading_lines(markers: list[Marker | None]) -> set[int]:
    """The lines of headings numbered in the same style as the items under them, told apart only by the numbers: a
    问题清单 whose categories count 1.–12. and whose problems count again 1.–17. under each (a table of 问题大类 /
    具体描述 copied one cell per line). Read as one list the numbers would restart at 1 over and over, and a heading
    whose predecessor's items had run on to 4 would not fit at all (2. after 4.).

    ``markers`` are the lines' own markers (``detect_marker`` of each). The reading holds only where every number of a
    run of ``1.`` markers (no other style between them) fits it: a 1 right after a heading opens its items, a number one
    past the last item continues them, one past the last heading is the next heading (a heading may have no items);
    where both fit, the number is a heading when a 1 follows it. At least two headings must have items of their own."""
    headings: set[int] = set()
    run: list[tuple[int, int]] = []  # (line index, number)

    def close_run() -> None:
        if len(run) < 4 or run[0][1] != 1:
            return
        found, heading, item, with_items = {run[0][0]}, 1, 0, 0
        for position, (index, number) in enumerate(run[1:], start=1):
            next_is_one = position + 1 < len(run) and run[position + 1][1] == 1
            if number == item + 1 and not (number == heading + 1 and next_is_one):
                with_items += item == 0
                item = number
            elif number == heading + 1:
                found.add(index)
                heading, item = number, 0
            else:
                return
        if with_items >= 2:
            headings.update(found)

    for index, marker in enumerate(markers):
        if marker is None:
            continue
        if marker.style != "arabic":
            close_run()
            run = []
            continue
        run.append((index, marker.number))
    close_run()
    return headings


# 「1.主要预期目标」 ⏎ 「1.地区生产总值增长5%」 ⏎ 「2.…」: a table row's short heading (its 序号 and 项目 cells) followed at once
# by the numbered points of its next cell, numbered alike: the points are the row's, never its siblings (a second 1.
# beside the first would give two items one number path). The heading is a short title (_SHORT_TITLE) of a cell's width.
_ROW_HEADING_CHARS = 25


def _first_point_under_heading(marker: Marker, stack: list[Node], line_no: int) -> bool:
    if marker.number != 1 or not stack:
        return False
    top = stack[-1]
    heading = "".join(top.lines).replace("|", "").strip()
    return top.style == marker.style and top.number == 1 and top.line_no == line_no - 1 and len(heading) <= _ROW_HEADING_CHARS and bool(_SHORT_TITLE.match(heading))


# 「3预警」 ⏎ 「3.1 预警分级」: the top level of a decimal outline whose number lost its space — a bare number run on to
# a short heading (no sentence in it), on a line of its own.
_GLUED_DECIMAL_HEAD = re.compile(r"^(\d{1,2})(?=[\u4e00-\u9fff])([^\s。；;，,:：!！?？]{2,15})$")
_GLUED_HEAD_LOOKAHEAD = 3


def _glued_decimal_heads(lines: list[str], markers: list[Marker | None]) -> list[Marker | None]:
    """``markers`` with the top-level heads of a decimal outline read where their space was lost: a line such as 「3预警」
    is the outline's item 3 only where the next marked line, within a few lines, is its first point 3.1 — in running
    text 「3预警」 alone could be a figure's line."""
    found = list(markers)
    for index, line in enumerate(lines):
        if found[index] is not None:
            continue
        match = _GLUED_DECIMAL_HEAD.match(line.strip())
        if match is None or re.match(_MEASURE_WORDS, match.group(2)):
            continue
        following = next(
            (m for m in markers[index + 1 : index + 1 + _GLUED_HEAD_LOOKAHEAD] if m is not None), None
        )
        number = int(match.group(1))
        if following is not None and following.style == "decimal2" and _decimal_path(following) == [number, 1]:
            found[index] = Marker(style="decimal1", number=number, label=str(number), rest=match.group(2))
    return found


_PAGE_TAIL_MAX = 40
_PAGE_TITLE_MAX = 60
_PAGE_TAIL_LINES = 3


def _title_named_by_a_date(lines: list[str], markers: list[Marker | None]) -> list[Marker | None]:
    """``markers`` without the one of a document's first line where that line is its title and opens with the day the
    title names in figures (「3.5学雷锋活动方案」, 「12.4宪法宣传日活动安排」): a date, not a point numbered 3.5 — where no
    other point of the document is numbered so (「3.5 编制实施方案」 ⏎ … ⏎ 「3.6 …」 is a copy that starts at its point 3.5)."""
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    marker = markers[first] if first is not None else None
    if marker is None or marker.style != "decimal2" or len(marker.rest) > 40 or not TITLE_END.search(marker.rest):
        return markers
    if any(m is not None and m.style.startswith("decimal") for m in markers[first + 1 :]):
        return markers
    return [None if i == first else m for i, m in enumerate(markers)]


def _first_marked_line_of_a_partway_copy(lines: list[str], markers: list[Marker | None]) -> int | None:
    """The index of a copy's first marked line when the copy starts partway through its plan: that line is a later item
    (五、…, (五)…, 16、…), with nothing before it, or only the closing words of an item of the page before (「清远市区建成区。」,
    one short line ending a sentence) or the page's title; or, a few lines of the page before's words above it, where a
    chapter of another style follows it (「4、…」 then 「六、…」)."""
    filled = [i for i, line in enumerate(lines) if line.strip()]
    # (「时间:2018-02-13 14:00」 ⏎ 「来源:某市政府」: the web page's lines on the copy, above its first line)
    while len(filled) > 1 and markers[filled[0]] is None and PAGE_METADATA.match(lines[filled[0]].strip()):
        filled.pop(0)
    if not filled:
        return None
    first = filled[0]
    if markers[first] is None and len(filled) > 1:
        tail = lines[first].strip()
        page_tail = len(tail) <= _PAGE_TAIL_MAX and tail.endswith(("。", "；", ";"))
        # (or the page's own title over it: 「某省2022年10件为民实事方案(12)」 ⏎ 「(四)社会筹资(3—7月)。…」 — a plan's
        # first item is never its fourth)
        page_title = len(tail) <= _PAGE_TITLE_MAX and not re.search(r"[。；;，,:：！!？?]", tail)
        if not ((page_tail or page_title) and markers[filled[1]] is not None):
            # (or a step of the page before, its words run on below its heading: 「时间:8月16日至9月15日」 ⏎ 「市工信委会同…
            # 开展抽查。」 ⏎ 「4、自治区信息安全抽查」 — a few lines of text, then a later point, then the next chapter)
            marked = next((i for i in filled[:_PAGE_TAIL_LINES + 1] if markers[i] is not None), None)
            if marked is None or markers[marked].number <= 1:
                return None
            next_three = islice((markers[i] for i in filled if i > marked and markers[i] is not None), 3)
            if not any(m.style in ("cn", "chapter") and m.style != markers[marked].style for m in next_three):
                return None
            return marked
        first = filled[1]
    marker = markers[first]
    if marker is None or marker.number <= 1:
        return None
    # (「某县工作方案」 ⏎ 「五、本方案自印发之日起施行。」 ⏎ 「一、总体要求」: a stray number the plan's own numbering then
    # starts again below — before any level above it — is text, not a later item)
    for later in (markers[i] for i in filled if i > first and markers[i] is not None):
        if _outranks(later.style, marker.style):
            break
        if later.style == marker.style and later.number <= marker.number:
            return None
    return first


def build_outline(lines: list[str], is_field_line=None, run_together: set[int] | None = None) -> Outline:
    """The item tree of ``lines`` (already cleaned, one paragraph per line).

    ``is_field_line`` tells a task's field line (牵头单位:…) from text; with it, a task row whose number
    jumps ahead is still an item (see the module docstring). ``run_together`` are the lines that lost their line
    breaks (by default, as ``lost_breaks_lines`` measures them).
    """
    roots: list[Node] = []
    numbering = _Numbering()
    stack = numbering.stack
    preamble: list[tuple[int, str]] = []
    warnings: list[str] = []

    def open_item(marker: Marker, line_no: int, fit: tuple[int | None, int, bool]) -> None:
        open_at, previous, in_sequence = fit
        if not in_sequence:
            warnings.append(f"第{line_no}行：编号“{marker.label}”不连续（前一个是{previous}），仍按条目处理")
        elif open_at is not None and marker.number == 1 and previous >= 1:
            warnings.append(f"第{line_no}行：编号“{marker.label}”从1重新开始")
        if open_at is not None:
            del stack[open_at:]
        node = Node(style=marker.style, number=marker.number, label=marker.label, line_no=line_no)
        written = _decimal_parent(marker, stack)
        if written is not None:
            del stack[written[0] + 1 :]
        parent = stack[-1] if stack else None
        node.path = (parent.path if parent else []) + [marker.number]
        if written is not None:
            node.path = written[1]
        (parent.children if parent else roots).append(node)
        stack.append(node)
        numbering.last_number[marker.style] = marker.number

    def add_text(text: str, line_no: int) -> None:
        if stack:
            stack[-1].lines.append(text)
        else:
            preamble.append((line_no, text))

    if run_together is None:
        run_together = lost_breaks_lines(lines)
    listed_attachments = attachment_list_lines(lines) | feedback_channel_lines(lines)
    line_markers = _title_named_by_a_date(lines, _glued_decimal_heads(lines, [detect_marker(line) for line in lines]))
    restarted_headings = restarted_heading_lines(line_markers)
    first = _first_marked_line_of_a_partway_copy(lines, line_markers)
    numbering.starts_partway = first is not None
    if numbering.starts_partway:
        warnings.append(
            f"第{first + 1}行：文本从编号“{line_markers[first].label}”开始，前面的条目不在导入的文本中，请核对是否复制完整"
        )
    attachment = 0  # the attachment whose heading was the last line read, until its first item opens
    for index, line in enumerate(lines):
        line_no = index + 1
        lost_breaks = index in run_together
        if index in listed_attachments:
            add_text(line, line_no)  # 「附件:1.某某实施方案」 ⏎ 「2.某某任务清单」: the notice's list of what it encloses
            continue
        heading = ATTACHMENT_HEADING.match(line)
        if heading:
            # 「附件2」: what follows is another document, numbered on its own from its first item
            attachment = int(heading.group(1))
            add_text(line, line_no)
            continue
        marker = _bare_next_number(line, line_markers[index] or _number_before_figure(line, numbering), numbering)
        if marker is not None and index in restarted_headings:
            marker = replace(marker, style=HEADING_STYLE)
        elif marker is not None and _first_point_under_heading(marker, stack, line_no):
            stack[-1].style = HEADING_STYLE
        # an attachment's first item opens at the top (the numbers seen so far still tell whether its numbering runs on
        # or starts again); a line that opens none leaves the items before it open
        before_attachment = list(stack) if attachment and marker is not None else None
        if before_attachment is not None:
            stack.clear()
        fit = numbering.fit(marker, strict=False) if marker is not None else None
        if fit is None and marker is not None and is_field_line is not None:
            following = next((text for text in lines[index + 1 :] if text.strip()), "")
            if is_field_line(following):
                fit = numbering.fit_task_row(marker)
        if fit is None:
            rest, marker = line, None
            if before_attachment is not None:
                stack.extend(before_attachment)
        else:
            open_item(marker, line_no, fit)
            rest = marker.rest
            if attachment:
                stack[-1].attachment, attachment = attachment, 0
        # Markers inside the line that continue the numbering start items of their own.
        while True:
            # (an attachment's first item run in with its text opens at the top, as at a line's start; the text before
            # it is still the open item's)
            before_attachment = list(stack) if attachment else []
            del stack[: len(before_attachment)]
            before, inline, offset = _inline_split(rest, numbering, lost_breaks=lost_breaks)
            stack.extend(before_attachment)
            if inline is None:
                break
            if before.strip() or marker is not None:
                add_text(before, line_no)
            if attachment:
                stack.clear()
            marker = inline
            open_item(inline, line_no, numbering.fit(inline, strict=True))
            if attachment:
                stack[-1].attachment, attachment = attachment, 0
            rest = inline.rest
        if marker is not None:
            stack[-1].lines.append(rest)
        else:
            add_text(rest, line_no)

    for node in Outline(preamble, roots, warnings).walk():
        while node.lines and not node.lines[-1]:
            node.lines.pop()
        node.end_line_no = node.line_no + len(node.lines) - 1
    if numbering.starts_partway:
        _under_the_chapter_before(roots)
    return Outline(preamble=preamble, roots=roots, warnings=warnings)


def _under_the_chapter_before(roots: list[Node], depth: int = 0) -> None:
    """「(二)… ⏎ (三)… ⏎ 五、实施步骤」: a copy that opens inside a chapter it does not hold. Its first items belong to the
    chapter before the first chapter number it shows (四), as the plan's readers cite them (四(二)); they stay the
    outline's first roots, their paths under that chapter's number (as an attachment's items are numbered under it).
    Level by level: 「9、… ⏎ (三)… ⏎ 四、…」 opens inside (二) of chapter 三 — 9、 is 三(二)9, (三) is 三(三)."""
    if len(roots) < 2:
        return
    # the highest level whose first number outranks every root before it
    opening = [index for index, node in enumerate(roots) if index and all(_outranks(node.style, other.style) for other in roots[:index])]
    if not opening:
        return
    chapter = min(opening, key=lambda index: (_CONVENTIONAL_LEVEL.get(roots[index].style, 9), index))
    if roots[chapter].number < 2:
        return
    number = roots[chapter].number - 1
    for node in Outline([], roots[:chapter], []).walk():
        node.path = node.path[:depth] + [number] + node.path[depth:]
    _under_the_chapter_before(roots[:chapter], depth + 1)


def canonical_number(style: str, number: int, label: str) -> str:
    """A display form of the marker: half-width brackets, ``1.`` for 1、/1．; circled kept as is."""
    if style in ("circled", "decimal2", "decimal3", "decimal4"):
        return label  # ①, 2.1, 2.1.3 as written
    if style in ("cn", "paren_cn", "article", "chapter", "section"):
        return _CANONICAL[style].format(int_to_chinese(number))
    if style == "latin":
        return f"{chr(ord('A') + number - 1)}."
    return _CANONICAL[style].format(number)


def int_to_chinese(number: int) -> str:
    """12 → 十二, 103 → 一百零三 (outline numbers, below 1000)."""
    digits = "零一二三四五六七八九"
    if number < 10:
        return digits[number]
    if number < 20:
        return "十" + (digits[number % 10] if number % 10 else "")
    if number < 100:
        return digits[number // 10] + "十" + (digits[number % 10] if number % 10 else "")
    hundreds, rest = divmod(number, 100)
    if rest == 0:
        return digits[hundreds] + "百"
    if rest < 10:
        return digits[hundreds] + "百零" + digits[rest]
    if rest < 20:
        return digits[hundreds] + "百一十" + (digits[rest % 10] if rest % 10 else "")
    return digits[hundreds] + "百" + int_to_chinese(rest)
