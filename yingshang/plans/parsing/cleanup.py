"""From extracted text to clean simplified Chinese lines.

Plans reach us through web pages, converters and copy-paste, and carry their scars:

* traditional characters (converted to simplified with OpenCC ``t2s``);
* inline pinyin readings that some converters print after characters, e.g. ``地區(qū)``;
* mojibake runs where GBK bytes were decoded one byte out of step, e.g. ``?。ㄒ唬┓…`` for
  ``（一）服…``; these are decoded again in step when that gives better text, and whatever
  cannot be recovered (private-use characters, U+FFFD, box-drawing and bopomofo debris, stray
  ``?``) is dropped so it cannot hide a heading number;
* HTML remnants such as ``</p>`` and entities;
* full-width digits, letters, brackets and colons, made half-width so that one set of patterns
  recognises ``（1）`` and ``(1)``, ``１．`` and ``1.``.

Chinese punctuation that carries meaning in running text (，。；、) is kept as written.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from functools import lru_cache

from opencc import OpenCC

_TONE_VOWELS = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_CHARS = f"a-zü{_TONE_VOWELS}"
# A reading in brackets needs at least one tone mark, so "(PM2.5)" or "(a)" are never touched. A character with several
# readings gets them all, between slashes: 「一(yī / yì /yí)、」, 「要(yào / yāo)求」.
_PINYIN_READING = rf"[{_PINYIN_CHARS}]*[{_TONE_VOWELS}][{_PINYIN_CHARS}]*"
_PINYIN_NOTE = re.compile(rf"[(（]{_PINYIN_READING}(?:\s*/\s*{_PINYIN_READING})*[)）]")
# Half of a reading whose other bracket was eaten by a mojibake run: "jié)" or "(jié".
_PINYIN_HALF = re.compile(
    rf"(?<![A-Za-z])[{_PINYIN_CHARS}]*[{_TONE_VOWELS}][{_PINYIN_CHARS}]*[)）]"
    rf"|[(（][{_PINYIN_CHARS}]*[{_TONE_VOWELS}][{_PINYIN_CHARS}]*(?![{_PINYIN_CHARS})）])"
)
_HTML_TAG = re.compile(r"<?/(?:p|span|div|td|tr|li|font|strong|b)>|<(?:p|br|span|div|font|strong|b)\b[^>]*>", re.I)

_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")
_CJK_PUNCT = set("，。、；：！？“”‘’《》〈〉（）〔〕【】—…·「」『』")

# Characters that never occur in a well-formed Chinese plan but are typical of mis-decoded
# GBK: private-use code points, the replacement character, box drawing, bopomofo, kana.
_DEBRIS = re.compile(r"[\ue000-\uf8ff\ufffd\u2e80-\u2fdf\u2500-\u257f\u3100-\u312f\u31a0-\u31bf\u3040-\u30ff]")
_STRAY_QUESTION = re.compile(r"\?(?=[^\x00-\x7f])|(?<=[^\x00-\x7f])\?")
_LONE_TONE_LETTER = re.compile(rf"(?<=[^\x00-\x7f])[{_TONE_VOWELS}]+|[{_TONE_VOWELS}]+(?=[^\x00-\x7f])")

# Full-width forms that only differ from ASCII by width; Chinese sentence punctuation is left alone.
_WIDTH_MAP = {0x3000: " ", 0x00A0: " ", 0x2002: " ", 0x2003: " ", 0x2009: " "}
for _code in range(0xFF10, 0xFF1A):  # digits
    _WIDTH_MAP[_code] = chr(_code - 0xFEE0)
for _code in list(range(0xFF21, 0xFF3B)) + list(range(0xFF41, 0xFF5B)):  # letters
    _WIDTH_MAP[_code] = chr(_code - 0xFEE0)
for _char in "（）：．％＋－＜＝＞／～":
    _WIDTH_MAP[ord(_char)] = chr(ord(_char) - 0xFEE0)
# Small form variants (U+FE50…) that some editors put in numbering and lists: 1﹒ ﹙一﹚ A﹑B.
_WIDTH_MAP.update({0xFE50: ",", 0xFE51: "、", 0xFE52: ".", 0xFE54: ";", 0xFE55: ":", 0xFE59: "(", 0xFE5A: ")"})
# The horizontal bar ―, figure dash ‒ and minus sign − that some editors type for the dash of a span (「3月1日―3月6日」).
_WIDTH_MAP.update({0x2015: "—", 0x2012: "—", 0x2212: "-"})
# The parenthesized ideographs ㈠–㈩ that Word and some fonts put for (一)–(十) in a plan's numbering.
_WIDTH_MAP.update({0x3220 + index: f"({numeral})" for index, numeral in enumerate("一二三四五六七八九十")})
_WIDTH_TABLE = str.maketrans(_WIDTH_MAP)


# The confusions of OCR on a scanned plan, where nothing else can be meant: a letter O/o or l/I among the digits of a
# date (2O20年, 20l6年, lO月), 曰 for 日 after a day's digits (15曰前), 巿 (U+5E02's look-alike U+5DFF) for 市, and a bracket
# read as 〈 or 〉 where its partner is a round one (〈区整治办牵头,每月) / (…9月底前〉).
# (Each repair is counted in the cleanup report, so the reviewer knows the text was read by OCR.)
_OCR_DATE_FIGURES = re.compile(r"(?<![A-Za-z])([0-9OolI]{1,4})(?=\s*[年月日曰号])")
_OCR_DAY = re.compile(r"(?<=\d)曰")
_OCR_BRACKETS = re.compile(r"〈([^〈〉()]{1,80})\)|\(([^〈〉()]{1,80})〉")
# 一 read as a dash inside the brackets of a heading that opens its line (「(-)部分对象识别不精准」), and the figure 1 read
# as the letter l or I before a list's point (「整改措施:l.对…」).
_OCR_FIRST_HEADING = re.compile(r"(?m)^(\s*)[(（]\s*[-—–－─―]\s*[)）]")
# The same heading run into the text before it, where the line breaks were lost too (「二、重点任务(-)聚焦…」): read as
# (一) before words, when it follows a chapter's short heading or a (二) follows it in the text.
_OCR_FIRST_HEADING_INLINE = re.compile(
    r"(?P<heading>[一二三四五六七八九十]、[^。；;:：\n()（）]{0,20})?[(（]\s*[-—–－─―]\s*[)）](?=\s*[\u4e00-\u9fff])"
)
# The first chapter's 一 typed or read as a dash (「―、压实属地管理责任」): read as 一、 where it opens a line or follows the
# end of a sentence, words follow it, and the text has a 二、 after it.
_OCR_FIRST_CHAPTER = re.compile(r"(?:(?<=^)|(?<=[\n\s。：:；;]))[-—–－─―]、(?=\s*[\u4e00-\u9fff])")
_SECOND_HEADING = re.compile(r"[(（]\s*二\s*[)）]")
_OCR_FIRST_POINT = re.compile(r"(?:(?<=^)|(?<=[\n:：。；;]))(\s*)[lI](?=[.．、]\s*[\u4e00-\u9fff])")


def _first_headings_inline(text: str) -> tuple[str, int]:
    """``text`` with the (-) headings of _OCR_FIRST_HEADING_INLINE read as (一), and how many."""
    repaired = 0

    def heading(match: re.Match) -> str:
        nonlocal repaired
        before = match.group("heading")
        if before is None and not _SECOND_HEADING.search(match.string, match.end()):
            return match.group(0)
        repaired += 1
        return (before or "") + "(一)"

    return _OCR_FIRST_HEADING_INLINE.sub(heading, text), repaired


def _repair_ocr(text: str) -> tuple[str, int]:
    count = 0

    def figures(match: re.Match) -> str:
        nonlocal count
        token = match.group(1)
        after_year = match.string[max(0, match.start() - 1) : match.start()] == "年" and len(token) <= 2
        if not (re.search(r"\d", token) or after_year) or not re.search(r"[OolI]", token):
            return token
        count += 1
        return token.translate(str.maketrans("OolI", "0011"))

    text = _OCR_DATE_FIGURES.sub(figures, text)
    text, days = _OCR_DAY.subn("日", text)
    text, cities = re.subn("\u5dff", "市", text)
    text, brackets = _OCR_BRACKETS.subn(lambda m: f"({m.group(1) or m.group(2)})", text)
    text, headings = _OCR_FIRST_HEADING.subn(r"\1(一)", text)
    text, inline_headings = _first_headings_inline(text)
    first_chapter = _OCR_FIRST_CHAPTER.search(text)
    chapters = 0
    if first_chapter and "二、" in text[first_chapter.end() :]:
        text, chapters = text[: first_chapter.start()] + "一、" + text[first_chapter.end() :], 1
    text, points = _OCR_FIRST_POINT.subn(r"\g<1>1", text)
    return text, count + days + cities + brackets + headings + inline_headings + chapters + points


def normalize_width(text: str) -> str:
    """``text`` with full-width digits, letters, brackets and punctuation in their half-width forms, as cleaning gives."""
    return text.translate(_WIDTH_TABLE)

# Share of Han characters that t2s changes above which a text is taken as traditional; simplified
# text scores ~0 (a few characters such as 著 are shared), traditional text 20% or more.
_TRADITIONAL_SHARE = 0.05


@dataclass
class CleanText:
    text: str
    notes: dict = field(default_factory=dict)
    # The text was quoted in a forwarded e-mail: a mail program wrapped its lines at its own width.
    mail_quoted: bool = False


@lru_cache(maxsize=1)
def _t2s() -> OpenCC:
    return OpenCC("t2s")


@lru_cache(maxsize=8192)
def to_simplified_char(char: str) -> str:
    return _t2s().convert(char)


def to_simplified(text: str) -> str:
    return _t2s().convert(text)


def traditional_share(text: str) -> float:
    """Share of Han characters in ``text`` that OpenCC's t2s would change."""
    counts: dict[str, int] = {}
    for char in _HAN.findall(text):
        counts[char] = counts.get(char, 0) + 1
    total = sum(counts.values())
    if not total:
        return 0.0
    changed = sum(n for char, n in counts.items() if to_simplified_char(char) != char)
    return changed / total


def is_traditional(text: str) -> bool:
    """Whether ``text`` is written in traditional characters (the share ``clean_text`` converts at)."""
    return traditional_share(text) >= _TRADITIONAL_SHARE


# --- mojibake ---------------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _private_use_to_gbk() -> dict[str, bytes]:
    """GBK byte pairs of the private-use characters that old GBK/GB18030 decoders produce."""
    table: dict[str, bytes] = {}
    for lead in range(0x81, 0xFF):
        for trail in range(0x40, 0xFF):
            if trail == 0x7F:
                continue
            pair = bytes((lead, trail))
            try:
                char = pair.decode("gb18030")
            except UnicodeDecodeError:
                continue
            if "\ue000" <= char <= "\uf8ff":
                table[char] = pair
    # GB18030-2000 mapped FE50–FEA0 to U+E815… in order; GB18030-2005 (Python's codec) gave most of
    # them real code points, but text decoded by older software still carries the old values.
    index = 0
    for trail in range(0x50, 0xA1):
        if trail == 0x7F:
            continue
        table.setdefault(chr(0xE815 + index), bytes((0xFE, trail)))
        index += 1
    return table


def _gbk_bytes(line: str) -> tuple[bytes, list[int]]:
    """The line as GBK bytes, with the byte offset at which each character starts."""
    private = _private_use_to_gbk()
    out = bytearray()
    starts = []
    for char in line:
        starts.append(len(out))
        if char.isascii():
            out += char.encode("ascii")
            continue
        encoded = private.get(char)
        if encoded is None:
            try:
                encoded = char.encode("gb18030")
            except UnicodeEncodeError:
                encoded = b"?"
            if len(encoded) != 2:  # outside GBK: cannot be half of a shifted pair
                encoded = b"?"
        out += encoded
    return bytes(out), starts


def _char_score(char: str) -> float:
    if char == "?":
        return -1.0
    if char.isascii():
        return 0.0
    if "\uff01" <= char <= "\uff5e":
        # Full-width digits, letters and signs (２０２３年, （一）) are ordinary text as typed in Chinese editors, as
        # good as a common character: read one byte out of step they turn into common characters (玻埃保鼓), which
        # must not look like a repair.
        return 1.0
    if _DEBRIS.match(char) or char in _TONE_VOWELS:
        return -1.0
    if _HAN.match(char):
        simplified = to_simplified_char(char)
        try:
            encoded = simplified.encode("gb2312")
        except UnicodeEncodeError:
            return -1.0
        # Level-1 hanzi (rows B0–D7) are the 3,755 common characters; out-of-step decoding lands
        # on any row with equal chance, so real text is much richer in level 1 than mojibake is.
        return 1.0 if encoded[0] <= 0xD7 else 0.3
    if char in _CJK_PUNCT:
        return 0.5
    return -0.5


def _score(text: str) -> float:
    return sum(_char_score(c) for c in text)


_SIGNAL = re.compile(rf"{_DEBRIS.pattern}|\?|[{_TONE_VOWELS}]")
_REPAIR_WINDOW = 8


def _suspicious(line: str) -> bool:
    return bool(_DEBRIS.search(line) or _STRAY_QUESTION.search(line) or _LONE_TONE_LETTER.search(line))


def repair_mojibake(line: str) -> str:
    """Re-decode GBK mojibake runs that are one byte out of step, when that reads better.

    A run starts where a byte was lost (usually shown as ``?``) or where debris characters begin;
    dropping one byte there puts the decoder back in step, and ASCII bytes resynchronise it by
    themselves further on. Each candidate is kept only if it clearly scores better.
    """
    if not _suspicious(line):
        return line
    current = line
    for _ in range(8):  # a line rarely holds more than a couple of runs
        if not _suspicious(current):
            break
        data, starts = _gbk_bytes(current)
        # Candidate starts: near a sign of damage ("?", debris, a stray tone letter), every character
        # that is not plainly good text, and the one after it (a lost byte shows up as "?", as debris,
        # or as a rare character just after the loss). Keeping to the damaged stretch keeps long
        # lines cheap.
        signals = [m.start() for m in _SIGNAL.finditer(current)]
        anchors = set()
        for index, char in enumerate(current):
            near = any(abs(index - position) <= _REPAIR_WINDOW for position in signals)
            if near and not char.isascii() and _char_score(char) < 1.0:
                anchors.add(starts[index])
                if index + 1 < len(starts):
                    anchors.add(starts[index + 1])
        best, best_score = current, _score(current)
        for anchor in sorted(anchors):
            candidate = (data[:anchor] + data[anchor + 1 :]).decode("gb18030", errors="replace")
            candidate_score = _score(candidate)
            if candidate_score > best_score + 1.0:
                best, best_score = candidate, candidate_score
        if best == current:
            break
        current = best
    return current


# --- the whole pipeline ---------------------------------------------------------------------


def _strip_noise(line: str) -> tuple[str, int]:
    before = len(line)
    line = _PINYIN_NOTE.sub("", line)
    line = _PINYIN_HALF.sub("", line)
    line = _DEBRIS.sub("", line)
    line = _STRAY_QUESTION.sub("", line)
    line = _LONE_TONE_LETTER.sub("", line)
    return line, before - len(line)


_INLINE_PAGE_NUMBER = re.compile(
    r"(?<=\S)[ \t\u3000]*[—－-][ \u3000]+\d{1,3}[ \u3000]+[—－-][ \t\u3000]*(?=[一二三四五六七八九十]{1,3}、|[(（][一二三四五六七八九十]{1,3}[)）]|\d{1,2}[.、．](?!\d))"
)
# Cells copied from a table with tabs between them keep their tabs, one per cell boundary, empty cells included (a
# schedule's node columns are often empty): spaces around a tab are the cell's padding.
_TAB_CELL_EDGE = re.compile(r" *\t *")
# 「时 间:6-7月」: the label spaced out to the width of the labels beside it (地 点, 主 题) is the label 时间
_SPACED_TIME_LABEL = re.compile(r"时 {1,3}间(?= ?[:：])")


def clean_text(raw: str) -> CleanText:
    """Repair, de-noise, normalise width and convert to simplified Chinese, line by line."""
    text = raw.replace("\r\n", "\n").replace("\r", "\n").replace("\ufeff", "")
    if "&" in text:
        text = html.unescape(text)
    text = _HTML_TAG.sub("", text)
    lines = []
    repaired = removed = 0
    from .textcopies import is_mail_quoted, unmark_text_copy

    # (before the mojibake repair, which would read a box-drawn rule 「├──┼」 as mis-decoded Chinese)
    mail_quoted = is_mail_quoted(text.split("\n"))
    for line in unmark_text_copy(text.split("\n")):
        fixed = repair_mojibake(line)
        repaired += fixed != line
        fixed, dropped = _strip_noise(fixed)
        removed += dropped
        fixed = fixed.translate(_WIDTH_TABLE)
        lines.append(_TAB_CELL_EDGE.sub("\t", re.sub(r" +", " ", fixed)).strip(" ") if "\t" in fixed.strip(" \u3000") else re.sub(r"[ \t]+", " ", fixed).strip())
    # A page number inside a line, right before an outline marker (「…2017年5月12日— 1 —一、支持企业…」: a PDF's text
    # whose line breaks were lost), stood between two lines.
    text = _INLINE_PAGE_NUMBER.sub("\n", "\n".join(lines))
    text = _SPACED_TIME_LABEL.sub("时间", text)
    text, ocr_fixed = _repair_ocr(text)
    converted = is_traditional(text)
    if converted:
        text = to_simplified(text)
    return CleanText(
        text=text,
        notes={
            "traditional_converted": converted,
            "mojibake_lines_repaired": repaired,
            "noise_chars_removed": removed,
            "ocr_confusions_repaired": ocr_fixed,
        },
        mail_quoted=mail_quoted,
    )
