"""Chinese address normalisation for 一地多诉: one key for every way people write the same building.

Pure functions, no Django: the city's divisions come in as a :class:`Gazetteer` built from plain rows
(``services.places.city_gazetteer()`` loads them from core.Division once).

How an address is read (``parse_many``):

1. ``clean_text``: NFKC (full-width digits and letters → half-width, U+3000 and no-break spaces → spaces),
   traditional → simplified characters (OpenCC ``t2s``: 大連市西崗區 → 大连市西岗区), scraping whitespace,
   brackets and punctuation removed, Chinese numerals right before 号/栋/单元/室… written as digits
   (二十三号 → 23号; 八一路 and 五一广场 stay as they are, because a numeral counts only before a number suffix).
2. Province / city / district: cpca 0.5.5 (MIT licence; the national adcode table) reads them, with
   ``umap`` preferring the city's own districts for bare names such as 中山区 that exist in several cities.
3. The gazetteer (districts incl. 先导区 and aliases such as 开发区 → 金普新区, streets, communities of the
   city) is matched longest-first with an Aho–Corasick automaton, so 大连湾街道 is a street and not the
   city 大连 followed by 湾; a street or community found fills in a missing district.
4. What remains is read with patterns: road (路/街/大道/巷/胡同…), number (号, 号院), estate (小区/花园…),
   building (栋/幢/号楼/座), unit (单元) and room (室, 层, trailing 1-2-301).
5. ``ParsedAddress.key``: district | road+number (or estate, else road, else street) | building. Room,
   unit and floor are left out: appeals from different flats of one building are one place.

Place names masked in the real data (A市A3区) are kept as the district part of the key.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

# --- text cleaning -------------------------------------------------------------------------------------

_CN_DIGITS = {"〇": 0, "零": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100, "千": 1000}
_CN_NUMERAL = "〇零一二三四五六七八九十百千两"
# A Chinese numeral counts as a house/building number only right before one of these suffixes.
_NUMBER_SUFFIX = r"(?:号院|号楼|号|栋|幢|座|单元|层|楼|室|户|门|弄|巷)"
_CN_NUMBER_RE = re.compile(rf"(?<![{_CN_NUMERAL}])([{_CN_NUMERAL}]{{1,6}})(?={_NUMBER_SUFFIX})")
# 大道/路/街 names that end in a numeral word are names, not numbers (八一路, 五一广场): the suffix test above
# leaves them alone; these words before 号 are never numbers either.
_NOT_A_NUMBER_BEFORE = ("星期", "初")
_BRACKETS_RE = re.compile(r"[(\[【〔{<《][^)\]】〕}>》]{0,30}[)\]】〕}>》]")
_NOISE_RE = re.compile(r"[\s\u00a0\u3000\ufeff,，。.;；:：、!！?？\"'“”‘’|/\\~`^]+")
_LEADING_WORDS_RE = re.compile(r"^(?:地址|住址|详细地址|位置|位于|地点|坐落于|座落于|在)+")
_DASHES = str.maketrans({"—": "-", "–": "-", "－": "-", "~": "-", "#": "号", "＃": "号", "號": "号"})


def chinese_numeral_to_int(word: str) -> int | None:
    """二十三 → 23, 一百零五 → 105, 三〇五 → 305 (digit by digit when there are no 十/百/千); None if not a numeral."""
    if not word or any(ch not in _CN_DIGITS and ch not in _CN_UNITS for ch in word):
        return None
    if not any(ch in _CN_UNITS for ch in word):
        return int("".join(str(_CN_DIGITS[ch]) for ch in word))
    total, current = 0, 0
    for ch in word:
        if ch in _CN_DIGITS:
            current = _CN_DIGITS[ch]
        else:
            total += (current or 1) * _CN_UNITS[ch]
            current = 0
    return total + current


def _numerals_to_digits(text: str) -> str:
    def replace(match: re.Match) -> str:
        before = text[max(0, match.start() - 2):match.start()]
        if any(before.endswith(word) for word in _NOT_A_NUMBER_BEFORE):
            return match.group(1)
        value = chinese_numeral_to_int(match.group(1))
        return match.group(1) if value is None else str(value)

    return _CN_NUMBER_RE.sub(replace, text)


@lru_cache(maxsize=1)
def _t2s():
    import opencc  # opencc-python-reimplemented: pure Python, pinned in pyproject

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_characters() -> frozenset[str]:
    """Characters OpenCC's t2s changes: most addresses have none and skip the (slow, pure Python) converter."""
    from pathlib import Path

    import opencc

    characters = set()
    with open(Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt", encoding="utf-8") as handle:
        for line in handle:
            source, _, targets = line.rstrip("\n").partition("\t")
            if source and targets and source not in targets.split(" "):
                characters.add(source)
    return frozenset(characters)


def clean_text(raw: str) -> str:
    """The address text every later step reads: half-width, simplified, without noise or spaces."""
    text = unicodedata.normalize("NFKC", raw or "").translate(_DASHES)
    if not text.isascii() and not _traditional_characters().isdisjoint(text):
        text = _t2s().convert(text)
    text = _BRACKETS_RE.sub("", text)
    text = _NOISE_RE.sub("", text)
    text = re.sub(r"\*{2,}", "", text)  # masked numbers of the scraped data (*****)
    text = _LEADING_WORDS_RE.sub("", text)
    text = _numerals_to_digits(text)
    return re.sub(r"第(?=\d{1,5}(?:号|栋|幢|号楼|单元))", "", text)  # 第二十号 = 20号


# --- the city's divisions --------------------------------------------------------------------------------

PROVINCE, CITY, DISTRICT, STREET, COMMUNITY = 0, 1, 2, 3, 4

# What people write instead of the registered name (the city's own usage; longest match wins, so an
# alias never hides a longer street or community name).
DEFAULT_ALIASES: dict[str, str] = {
    "开发区": "金普新区", "大连开发区": "金普新区", "金普": "金普新区", "保税区": "大连保税区",
    "高新区": "大连高新技术产业园区", "高新园区": "大连高新技术产业园区", "大连高新区": "大连高新技术产业园区",
    "长兴岛": "长兴岛经济技术开发区", "花园口": "花园口经济区", "太平湾": "太平湾合作创新区",
    "旅顺": "旅顺口区", "瓦房店": "瓦房店市", "庄河": "庄河市", "普兰店": "普兰店区",
}
_COMMUNITY_SUFFIXES = ("居民委员会", "村民委员会", "社区居委会", "居委会", "村委会")
_STREET_SUFFIXES = ("街道办事处", "办事处")


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    level: int
    parent_code: str | None = None
    district_code: str | None = None  # the district a street or community belongs to


class Gazetteer:
    """The city's province, city, districts, streets and communities, matched longest-first."""

    def __init__(self, rows: Iterable[tuple[str, str, int, str | None]], *, province: str = "", aliases: dict[str, str] | None = None):
        """``rows``: (code, name, level 1..4 = city/district/street/community, parent code)."""
        import ahocorasick

        raw = {code: (name, level, parent) for code, name, level, parent in rows}
        self.divisions: dict[str, Division] = {}
        for code, (name, level, parent) in raw.items():
            district = None
            node = code
            while node in raw:
                if raw[node][1] == 2:
                    district = node
                    break
                node = raw[node][2]
            self.divisions[code] = Division(code, name, {1: CITY, 2: DISTRICT, 3: STREET, 4: COMMUNITY}[level], parent, district)
        self.city = next((d for d in self.divisions.values() if d.level == CITY), None)
        self.city_prefix = self.city.code[:4] if self.city else ""
        by_name_district = {d.name: d.code for d in self.divisions.values() if d.level == DISTRICT}
        self._words: dict[str, list[str]] = {}
        if province:
            self._words.setdefault(province, []).append("province")
            self._words.setdefault(province.removesuffix("省"), []).append("province")
        for division in self.divisions.values():
            for word in self._spellings(division):
                self._words.setdefault(word, []).append(division.code)
        for alias, name in (DEFAULT_ALIASES if aliases is None else aliases).items():
            if name in by_name_district:
                self._words.setdefault(alias, []).append(by_name_district[name])
        self.automaton = ahocorasick.Automaton()
        for word, codes in self._words.items():
            self.automaton.add_word(word, (word, tuple(dict.fromkeys(codes))))
        if self._words:
            self.automaton.make_automaton()
        # cpca: prefer this city's districts for bare district names that several cities share.
        self.cpca_umap = {d.name: d.code for d in self.divisions.values() if d.level == DISTRICT and d.code.isdigit()}

    @staticmethod
    def _spellings(division: Division) -> list[str]:
        name = division.name
        words = [name]
        if division.level == CITY and name.endswith("市"):
            words.append(name[:-1])
        if division.level == COMMUNITY:
            for suffix in _COMMUNITY_SUFFIXES:
                if name.endswith(suffix) and len(name) > len(suffix) + 1:
                    short = name[: -len(suffix)]
                    words.append(short if short.endswith(("社区", "村")) else short + ("村" if "村" in suffix else "社区"))
                    break
        if division.level == STREET:
            for suffix in _STREET_SUFFIXES:
                if name.endswith(suffix):
                    words.append(name[: -len(suffix)])
        return words

    def matches(self, text: str) -> list[tuple[int, int, tuple[str, ...]]]:
        """(start, end, candidate codes) of the longest non-overlapping names in ``text``, left to right."""
        if not self._words:
            return []
        found = []
        for end, (word, codes) in self.automaton.iter_long(text):
            found.append((end - len(word) + 1, end + 1, codes))
        return found


# --- parsing ---------------------------------------------------------------------------------------------

_MASKED_CITY_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z])市")
_MASKED_DISTRICT_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]\d{1,2})([区县市])")
_MASKED_PROVINCE_RE = re.compile(r"^[\u4e00-\u9fa5]{2}省")
_ROAD_SUFFIX = r"(?:大道|大街|胡同|支路|路|街|巷|弄|里|道|线)"
_ROAD_NAME = rf"(?P<road>[\u4e00-\u9fa5A-Za-z]{{1,10}}?{_ROAD_SUFFIX}(?:\d{{1,3}}(?:巷|弄|胡同|支路|条))?)"
_ROAD_WITH_NUMBER_RE = re.compile(_ROAD_NAME + r"(?P<number>\d{1,5}(?:-\d{1,4})?(?:号院|号|弄))")
_ROAD_RE = re.compile(_ROAD_NAME)
_COMMUNITY_RE = re.compile(r"(?P<community>[\u4e00-\u9fa5]{2,8}?(?:社区|村))")
_ESTATE_SUFFIX = r"(?:小区|花园|家园|嘉园|公寓|大厦|广场|新村|华庭|公馆|雅居|山庄|名苑|苑|庭|城|府|园|里|宿舍|大院|院)"
_ESTATE_RE = re.compile(rf"(?P<estate>[\u4e00-\u9fa5A-Za-z0-9]{{2,12}}?{_ESTATE_SUFFIX})(?![\u4e00-\u9fa5]{{0,1}}(?:路|街|道))")
_BUILDING_RE = re.compile(r"(?P<building>(?:[A-Z]?\d{1,3}[A-Z]?|[A-Z])(?:号楼|栋|幢|座|号门|号院))")
_UNIT_RE = re.compile(r"(?P<unit>\d{1,2})单元")
_ROOM_RE = re.compile(r"(?P<room>(?:\d{1,2}(?:层|楼)(?!号))?\d{1,5}(?:室|房|户)|\d{1,2}(?:层|楼)(?!号)|(?<=\d)-\d{3,4}$|(?<=[栋幢座元])\d{3,4}$)")
_LOOSE_NUMBER_RE = re.compile(r"^(?P<number>\d{1,5}(?:-\d{1,4})?号)")
# Words that end a road match but make no road: 知道, 频道… (the remainder is an address, so few).
_NOT_ROADS = ("街道", "知道", "频道", "通道", "车道", "隧道", "管道", "渠道", "报道", "人行道")


@dataclass
class ParsedAddress:
    """The parts of one address; empty strings where a part is absent."""

    text: str = ""  # the cleaned text that was parsed
    province: str = ""
    city: str = ""
    district: str = ""
    district_code: str = ""  # the division code (adcode or the city's 先导区 code) when known
    street: str = ""
    street_code: str = ""
    community: str = ""  # the registered 社区/村 (gazetteer) or, when none, the estate
    community_code: str = ""
    estate: str = ""  # 小区/花园/大厦…
    road: str = ""
    number: str = ""
    building: str = ""
    unit: str = ""
    room: str = ""
    in_city: bool = True  # False when the address lies in another city
    sources: dict = field(default_factory=dict)  # component → "cpca" | "gazetteer" | "pattern" | "hint"

    @property
    def district_key(self) -> str:
        return self.district_code or self.district or self.city

    @property
    def key(self) -> str:
        """Stable across spellings: the same building gives the same key (see module docstring)."""
        if self.road and self.number:
            primary = self.road + self.number
        elif self.estate:
            # 德雅苑小区 and 德雅苑 are one estate.
            primary = self.estate.removesuffix("小区") if len(self.estate) > 4 else self.estate
        elif self.community:
            primary = self.community
        elif self.road:
            primary = self.road
        else:
            primary = self.street_code or self.street
        parts = [self.district_key, primary]
        if primary and self.building and primary != (self.street_code or self.street):
            parts.append(self.building)
        key = "|".join(p for p in parts if p)
        return key[:255]

    @property
    def display(self) -> str:
        """A readable address for the place page."""
        head = "" if self.district.startswith(self.city) else self.city
        community = self.community if self.community != self.estate else ""
        parts = [head if not self.in_city else "", self.district, self.street, community, self.road, self.number, self.estate, self.building]
        return "".join(p for p in parts if p)[:255]

    @property
    def level(self) -> str:
        """The finest component found: building, number, estate, road, community, street, district or none."""
        for name in ("building", "number", "estate", "road", "community", "street", "district"):
            if getattr(self, name) and (name != "number" or self.road):
                return name
        return "none"

    def components(self) -> dict[str, str]:
        names = ("province", "city", "district", "street", "community", "estate", "road", "number", "building", "unit", "room")
        return {name: getattr(self, name) for name in names}


def parse_address(raw: str, gazetteer: Gazetteer | None = None, *, district_hint: str = "", street_hint: str = "") -> ParsedAddress:
    """Parse one address (see parse_many; hints are division codes of the appeal's district/street)."""
    return parse_many([raw], gazetteer, hints=[(district_hint, street_hint)])[0]


def parse_many(raws: Sequence[str], gazetteer: Gazetteer | None = None, *, hints: Sequence[tuple[str, str]] | None = None) -> list[ParsedAddress]:
    """Parse many addresses with one cpca call (its per-call cost is a pandas DataFrame)."""
    import cpca

    texts = [clean_text(raw) for raw in raws]
    umap = gazetteer.cpca_umap if gazetteer else {}
    # One DataFrame for the batch, read back column-wise (row access through pandas costs more than cpca).
    frame = cpca.transform(texts, umap=umap) if texts else None
    columns = {k: frame[k].tolist() for k in ("省", "市", "区", "adcode")} if frame is not None else {}
    results = []
    for index, text in enumerate(texts):
        cpca_parts = {k: (values[index] if isinstance(values[index], str) else "") for k, values in columns.items()}
        hint = hints[index] if hints and index < len(hints) else ("", "")
        results.append(_parse_one(text, cpca_parts, gazetteer, hint))
    return results


def _parse_one(text: str, cpca_parts: dict, gazetteer: Gazetteer | None, hint: tuple[str, str]) -> ParsedAddress:
    parsed = ParsedAddress(text=text)
    if not cpca_parts.get("区") and _names_a_road(text, cpca_parts):
        cpca_parts = {}  # 长春路, 西安路: a city's name inside a road name places nothing
    adcode = cpca_parts.get("adcode", "")
    parsed.province, parsed.city = cpca_parts.get("省", ""), cpca_parts.get("市", "")
    if parsed.city == "市辖区":  # municipalities: cpca names the city level 市辖区
        parsed.city = parsed.province
    covered: list[tuple[int, int]] = []
    city_prefix = gazetteer.city_prefix if gazetteer else ""
    parsed.in_city = not (adcode and city_prefix and not adcode.startswith(city_prefix))

    masked_city = _MASKED_CITY_RE.search(text)
    masked_district = _MASKED_DISTRICT_RE.search(text)
    masked_province = _MASKED_PROVINCE_RE.search(text)
    for match in (masked_city, masked_district, masked_province):
        if match:
            covered.append(match.span())
    if masked_city and not parsed.city:
        parsed.city = masked_city.group(0)
    if masked_district and not cpca_parts.get("区"):
        parsed.district, parsed.sources["district"] = masked_district.group(0), "masked"

    if gazetteer is not None and parsed.in_city:
        _apply_gazetteer(parsed, text, gazetteer, hint, covered)
    if not parsed.district and cpca_parts.get("区"):
        parsed.district, parsed.sources["district"] = cpca_parts["区"], "cpca"
        if len(adcode) == 6:
            parsed.district_code = adcode
    for name in (cpca_parts.get("省", ""), cpca_parts.get("市", ""), cpca_parts.get("区", "")):
        _cover_name(text, name, covered)
    _read_remainder(parsed, _uncovered_segments(text, covered))
    return parsed


_NAME_CONTINUES = set("路街道巷里弄园村桥湾")


def _names_a_road(text: str, cpca_parts: dict) -> bool:
    """cpca found a province or city only as the start of a longer name (长春路 → 长春市)."""
    for name in (cpca_parts.get("市", ""), cpca_parts.get("省", "")):
        for spelling in (name, name.removesuffix("市").removesuffix("省")):
            position = text.find(spelling) if len(spelling) >= 2 else -1
            if position >= 0:
                after = text[position + len(spelling): position + len(spelling) + 1]
                if after in _NAME_CONTINUES or (after and text[position + len(spelling):].startswith(("大道", "大街", "广场"))):
                    return True
                break
    return False


def _apply_gazetteer(parsed: ParsedAddress, text: str, gazetteer: Gazetteer, hint: tuple[str, str], covered: list) -> None:
    district_hint, street_hint = hint
    found: dict[int, Division] = {}
    for start, end, codes in gazetteer.matches(text):
        if codes == ("province",):
            covered.append((start, end))
            parsed.province = parsed.province or text[start:end]
            continue
        choice = _choose(codes, gazetteer, found, district_hint, street_hint)
        if choice is None:
            continue
        covered.append((start, end))
        if choice.level not in found:
            found[choice.level] = choice
    district = found.get(DISTRICT)
    street = found.get(STREET)
    community = found.get(COMMUNITY)
    if street and district and street.district_code != district.code:
        street = None  # a street of another district: the text names the district explicitly
    if community and (street and community.parent_code != street.code or district and community.district_code != district.code):
        community = None
    if district is None:
        anchor = street or community
        if anchor and anchor.district_code:
            district = gazetteer.divisions[anchor.district_code]
            parsed.sources["district"] = "gazetteer"
        elif district_hint in gazetteer.divisions:
            district = gazetteer.divisions[district_hint]
            parsed.sources["district"] = "hint"
    else:
        parsed.sources["district"] = "gazetteer"
    if street is None and community is not None and community.parent_code in gazetteer.divisions:
        street = gazetteer.divisions[community.parent_code]
        parsed.sources["street"] = "gazetteer"
    elif street is None and street_hint in gazetteer.divisions:
        hinted = gazetteer.divisions[street_hint]
        if district is None or hinted.district_code == district.code:
            street = hinted
            parsed.sources["street"] = "hint"
    elif street is not None:
        parsed.sources["street"] = "gazetteer"
    if found.get(CITY) or district or street or community:
        parsed.city = gazetteer.city.name if gazetteer.city else parsed.city
    if district:
        parsed.district, parsed.district_code = district.name, district.code
    if street:
        parsed.street, parsed.street_code = street.name, street.code
    if community:
        parsed.community, parsed.community_code = _community_display(community.name), community.code
        parsed.sources["community"] = "gazetteer"


def _community_display(name: str) -> str:
    for suffix in _COMMUNITY_SUFFIXES:
        if name.endswith(suffix) and len(name) > len(suffix) + 1:
            short = name[: -len(suffix)]
            return short if short.endswith(("社区", "村")) else short + ("村" if "村" in suffix else "社区")
    return name


def _choose(codes, gazetteer: Gazetteer, found: dict, district_hint: str, street_hint: str) -> Division | None:
    """Several divisions share a name (社区 in two districts): take the one that fits what is known."""
    candidates = [gazetteer.divisions[c] for c in codes if c in gazetteer.divisions]
    if not candidates:
        return None
    if len(candidates) == 1:
        return candidates[0]
    district = found.get(DISTRICT)
    street = found.get(STREET)
    for test in (
        lambda d: street is not None and d.parent_code == street.code,
        lambda d: street_hint and d.parent_code == street_hint,
        lambda d: district is not None and d.district_code == district.code,
        lambda d: district_hint and d.district_code == district_hint,
    ):
        fitting = [d for d in candidates if test(d)]
        if len(fitting) == 1:
            return fitting[0]
    levels = {d.level for d in candidates}
    # Same name, different levels (a street and its community): the coarser reads first.
    if len(levels) > 1:
        return min(candidates, key=lambda d: d.level)
    return None  # ambiguous: better no community than the wrong one


def _cover_name(text: str, name: str, covered: list) -> None:
    if not name:
        return
    for spelling in (name, name.removesuffix("省").removesuffix("市")):
        position = text.find(spelling)
        if position >= 0 and len(spelling) >= 2:
            covered.append((position, position + len(spelling)))
            return


def _uncovered_segments(text: str, covered: list[tuple[int, int]]) -> list[str]:
    """The text outside the administrative names, cut where a name was removed."""
    if not covered:
        return [text] if text else []
    mask = [False] * len(text)
    for start, end in covered:
        for i in range(max(0, start), min(len(text), end)):
            mask[i] = True
    segments, current = [], []
    for ch, hidden in zip(text, mask):
        if hidden:
            if current:
                segments.append("".join(current))
                current = []
        else:
            current.append(ch)
    if current:
        segments.append("".join(current))
    return segments


def _read_remainder(parsed: ParsedAddress, segments: list[str]) -> None:
    for segment in segments:
        segment = _LEADING_WORDS_RE.sub("", segment)
        if not segment:
            continue
        rest = segment
        if not parsed.road:
            # A road followed by its number first (花园里三街103号 is one road, not 花园里), then a bare road.
            for pattern in (_ROAD_WITH_NUMBER_RE, _ROAD_RE):
                match = next((m for m in pattern.finditer(rest) if _is_road(m.group("road"))), None)
                if match:
                    parsed.road, parsed.number = match.group("road"), match.groupdict().get("number") or ""
                    parsed.sources["road"] = "pattern"
                    rest = rest[: match.start()] + "|" + rest[match.end():]
                    break
        if parsed.road and not parsed.number:
            tail = rest.split("|", 1)[-1]
            loose = _LOOSE_NUMBER_RE.match(tail)
            if loose:
                parsed.number = loose.group("number")
                rest = rest.replace(loose.group("number"), "|", 1)
        if not parsed.room:
            room = _ROOM_RE.search(rest)
            if room:
                parsed.room = room.group("room").lstrip("-")
                rest = rest[: room.start()] + "|" + rest[room.end():]
        if not parsed.unit:
            unit = _UNIT_RE.search(rest)
            if unit:
                parsed.unit = unit.group("unit") + "单元"
                rest = rest[: unit.start()] + "|" + rest[unit.end():]
        if not parsed.building:
            building = _BUILDING_RE.search(rest)
            if building:
                parsed.building = _canonical_building(building.group("building"))
                before = rest[: building.start()].rsplit("|", 1)[-1]
                rest = rest[: building.start()] + "|" + rest[building.end():]
                # The name right before a building is its estate even without a suffix (米兰春天G2栋).
                if not parsed.estate and 2 <= len(before) <= 12 and re.fullmatch(r"[\u4e00-\u9fa5A-Za-z0-9]+", before) and not before.isdigit():
                    parsed.estate = _ESTATE_RE.fullmatch(before).group("estate") if _ESTATE_RE.fullmatch(before) else before
                    rest = rest.replace(before, "|", 1)
        if not parsed.community:
            community = _COMMUNITY_RE.search(rest)
            if community:
                parsed.community = community.group("community")
                parsed.sources["community"] = "pattern"
                rest = rest[: community.start()] + "|" + rest[community.end():]
        if not parsed.estate:
            for piece in rest.split("|"):
                estate = _ESTATE_RE.search(piece)
                if estate and not estate.group("estate").isdigit():
                    parsed.estate = estate.group("estate")
                    break
    if parsed.estate:
        parsed.sources.setdefault("estate", "pattern")


def _is_road(name: str) -> bool:
    return len(name) >= 2 and not any(name.endswith(word) for word in _NOT_ROADS)


def _canonical_building(word: str) -> str:
    """3号楼, 3栋, 3幢 and 3座 are the same building: one spelling for the key."""
    match = re.fullmatch(r"([A-Z]?\d{1,3}[A-Z]?|[A-Z])(号楼|栋|幢|座|号门|号院)", word)
    if not match:
        return word
    return match.group(1) + ("号院" if match.group(2) == "号院" else "栋")


# --- address-like spans in free text ---------------------------------------------------------------------

_SPAN_STOP = r"[^,，。;；!！?？\s、:：()（）\"“”]"
_SPAN_PATTERNS = (
    re.compile(rf"{_SPAN_STOP}{{0,16}}?{_ROAD_SUFFIX}\d{{1,5}}(?:-\d{{1,4}})?号(?:院)?{_SPAN_STOP}{{0,14}}"),
    re.compile(rf"{_SPAN_STOP}{{0,12}}?(?:小区|社区|花园|家园|嘉园|华庭|公馆|雅居|新村|公寓|大厦|村)(?:小区)?(?:{_SPAN_STOP}{{0,3}}?\d{{1,3}}(?:栋|号楼|幢)(?:\d{{1,2}}单元)?)?"),
)
_SPAN_LEAD_RE = re.compile(r"^.*?(?:家住在|住在|家住|位于|地处|我是|本人是|我们是|反映|关于|另外|还有|同时|在)")
_SPAN_TAIL_RE = re.compile(r"(?:的|业主|居民|住户|附近|门口|旁边|对面|一带|周边|处|内|里面|楼下).*$")


def extract_address_spans(text: str) -> list[str]:
    """Address-like spans of a free text (…路…号…, …小区, …社区), trimmed of the words around them."""
    cleaned = unicodedata.normalize("NFKC", text or "")
    spans: list[str] = []
    for pattern in _SPAN_PATTERNS:
        for match in pattern.finditer(cleaned):
            span = _SPAN_LEAD_RE.sub("", match.group(0))
            span = _SPAN_TAIL_RE.sub("", span)
            if len(span) >= 4 and not any(span in other for other in spans):
                spans.append(span)
    return spans
