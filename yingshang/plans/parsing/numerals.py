"""Numbers and dates written in Chinese numerals: outline numbers (十二 → 12) and dates in the official style
(「二〇二四年十二月底」, 「二○一一年八月一日」), read wherever the parser meets them — one place, imported by the outline, the
deadlines and the document's metadata alike."""

from __future__ import annotations

import re

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def chinese_numeral_to_int(text: str) -> int | None:
    """``十二`` → 12, ``二十`` → 20, ``一百零三`` → 103, ``12`` → 12; None for anything else."""
    if text.isdigit():
        return int(text)
    if not text or any(c not in _CN_DIGITS and c not in "十百" for c in text):
        return None
    total, digit = 0, None
    for char in text:
        if char == "百":
            total += (digit if digit is not None else 1) * 100
            digit = None
        elif char == "十":
            total += (digit if digit is not None else 1) * 10
            digit = None
        elif char in "零〇" and digit is None and total:
            continue  # the placeholder in 一百零三
        else:
            if digit is not None:  # "二〇" style digit strings are not used for outline numbers
                return None
            digit = _CN_DIGITS[char]
    return total + (digit or 0)


_CHINESE_FIGURES = {"〇": 0, "○": 0, "零": 0, "Ｏ": 0, "O": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CHINESE_YEAR = re.compile(r"([〇○零ＯO一二三四五六七八九]{4})(?=\s*年)")
_CHINESE_COUNT = r"(?:[一二三]?十[一二三四五六七八九]?|[一二三四五六七八九])"
_CHINESE_MONTH_DAY = re.compile(rf"(?<=年)\s*({_CHINESE_COUNT})\s*月(?:\s*({_CHINESE_COUNT})\s*([日号]))?")


# 「五月份,召开全市…」, 「四月份前完成宣传」, 「九月中下旬组织…」, 「在今年九月底以前」: a month in Chinese numerals that says which
# part of it (份, a ten-day period, its end) is a time, as in figures — a bare 「三月」 may name a festival or a place.
_CHINESE_MONTH_OF_THE_YEAR = re.compile(
    r"(?<![一二三四五六七八九十〇○零月第每])(十[一二]|[一二三四五六七八九十])\s*月(?=份|上旬|中旬|下旬|中下旬|上中旬|中上旬|底|末|初)"
)


def chinese_dates_in_figures(value: str) -> str:
    """``value`` with its dates written in Chinese numerals (「二〇二四年十二月底」, the style of older documents; 「五月份」) in
    figures; unchanged where none is so written."""
    value = _CHINESE_MONTH_OF_THE_YEAR.sub(lambda m: f"{chinese_numeral_to_int(m.group(1))}月", value)
    if not _CHINESE_YEAR.search(value):
        return value
    value = _CHINESE_YEAR.sub(lambda m: "".join(str(_CHINESE_FIGURES[c]) for c in m.group(1)), value)

    def month_day(match: re.Match) -> str:
        day = f"{chinese_numeral_to_int(match.group(2))}{match.group(3)}" if match.group(2) else ""
        return f"{chinese_numeral_to_int(match.group(1))}月{day}"

    return _CHINESE_MONTH_DAY.sub(month_day, value)
