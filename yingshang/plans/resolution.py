"""From the units a plan names to the units of the organisation tree.

A single mention (市市场监管局, 区财政局(金融发展局)) resolves through core's names and aliases
(``unit_resolve``), within the issuing district when the plan has one. A collective mention
(各区市县政府、先导区管委会, 区直相关部门, 各镇(街道)) is covered by the phrases of
yingshang/core/data/collective_unit_phrases.csv, and each phrase's member key names a set of units:

| key | members |
|---|---|
| district_govs | governments of the 区/市/县 (not the 先导区) |
| urban_district_govs | those of them that are a 区 |
| district_party_committees | the same governments: the demo tree has no separate district party committees, and the district answers for both |
| pilot_zones, pilot_zone_party_committees | 先导区 management committees (not the 功能区 nested in one, such as 自贸区大连片区 in 金普新区) |
| city_depts | 市直部门 |
| all_units | district governments, 先导区 and 市直部门 |
| district_depts | 区直部门 of the issuing district |
| streets | 街道/镇 of the issuing district |
| stationed_units | 中省直驻市单位 |
| parks | 园区 units (none in the demo tree) |

What resolves to nothing stays on the item, flagged for the admin; nothing is dropped.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db.models import Q

from yingshang.core.models import Unit
from yingshang.core.reference import read_csv
from yingshang.core.scope import subtree_q
from yingshang.core.selectors import unit_resolve
from yingshang.core.textnorm import normalize_unit_name

from .parsing.units import normalize_mention

DISTRICT_SCOPED = {"district_depts", "streets"}
MEMBER_LABELS = {
    "district_govs": "各区市县政府", "urban_district_govs": "各区政府", "district_party_committees": "各区市县党委",
    "pilot_zones": "先导区管委会", "pilot_zone_party_committees": "先导区党工委", "city_depts": "市直各部门",
    "all_units": "各地区各部门", "district_depts": "区直部门", "streets": "各镇(街道)",
    "stationed_units": "驻区单位", "parks": "园区",
}
_SEPARATORS = "、,，;; "


@lru_cache(maxsize=1)
def collective_phrases() -> dict[str, str]:
    """Phrase (comparison form) → member key, from core's shared list."""
    return {normalize_mention(row["phrase"]): row["members"] for row in read_csv("collective_unit_phrases.csv") if row["phrase"]}


def member_keys(group: str) -> list[str] | None:
    """The member keys a collective mention is made of, or None when part of it is no known phrase.

    各区市县政府、先导区管委会 is two phrases joined by 、: the longest phrase at each position wins.
    """
    phrases = collective_phrases()
    ordered = sorted(phrases, key=len, reverse=True)
    text = normalize_mention(group)
    keys: list[str] = []
    index = 0
    while index < len(text):
        if text[index] in _SEPARATORS:
            index += 1
            continue
        match = next((p for p in ordered if text.startswith(p, index)), None)
        if match is None:
            return None
        if phrases[match] not in keys:
            keys.append(phrases[match])
        index += len(match)
    return keys or None


def district_of(unit: Unit | None) -> Unit | None:
    """The top-level district government (区市县政府/先导区管委会) a unit belongs to, or None for city level."""
    found = None
    node = unit
    while node is not None:
        if node.kind == Unit.Kind.DISTRICT_GOV:
            found = node
        node = node.parent
    return found


def _district_govs():
    return Unit.objects.filter(kind=Unit.Kind.DISTRICT_GOV, is_active=True)


def members_for_key(key: str, district: Unit | None) -> list[Unit]:
    top_level = _district_govs().exclude(parent__kind=Unit.Kind.DISTRICT_GOV)
    queries = {
        "district_govs": lambda: top_level.filter(division__is_pilot_zone=False),
        "district_party_committees": lambda: top_level.filter(division__is_pilot_zone=False),
        "urban_district_govs": lambda: top_level.filter(division__is_pilot_zone=False, division__name__endswith="区"),
        "pilot_zones": lambda: top_level.filter(division__is_pilot_zone=True),
        "pilot_zone_party_committees": lambda: top_level.filter(division__is_pilot_zone=True),
        "city_depts": lambda: Unit.objects.filter(kind=Unit.Kind.CITY_DEPT, is_active=True),
        "all_units": lambda: Unit.objects.filter(
            Q(kind=Unit.Kind.CITY_DEPT) | Q(pk__in=top_level.values("pk")), is_active=True
        ),
        "stationed_units": lambda: Unit.objects.filter(kind=Unit.Kind.CENTRAL, is_active=True),
        "district_depts": lambda: Unit.objects.filter(
            subtree_q(district), kind=Unit.Kind.DISTRICT_DEPT, is_active=True
        ) if district else Unit.objects.none(),
        "streets": lambda: Unit.objects.filter(
            subtree_q(district), kind=Unit.Kind.STREET, is_active=True
        ) if district else Unit.objects.none(),
        "parks": lambda: Unit.objects.filter(subtree_q(district if district else "/"), kind=Unit.Kind.OTHER, is_active=True,
                                             name__endswith="园区"),
    }
    query = queries.get(key)
    return list(query().order_by("tree_path")) if query else []


@dataclass(frozen=True)
class Expansion:
    units: tuple[Unit, ...]
    problem: str = ""  # why the expansion is empty or incomplete, for the admin


def expand_collective(group: str, district: Unit | None) -> Expansion:
    keys = member_keys(group)
    if keys is None:
        return Expansion((), f"“{group}”不是已知的集合称谓,请在单位映射中指定具体单位")
    units: dict[int, Unit] = {}
    missing: list[str] = []
    for key in keys:
        members = members_for_key(key, district)
        if not members:
            if key in DISTRICT_SCOPED and district is None:
                missing.append(f"{MEMBER_LABELS.get(key, key)}需先指定方案的发文区县")
            else:
                missing.append(f"组织树中没有“{MEMBER_LABELS.get(key, key)}”类单位")
        for unit in members:
            units.setdefault(unit.pk, unit)
    return Expansion(tuple(units.values()), ";".join(missing))


@dataclass(frozen=True)
class Resolution:
    unit: Unit | None
    candidates: tuple[int, ...] = ()


def resolve_single(mention: str, district: Unit | None) -> Resolution:
    """A mention's unit, narrowing shared aliases (区财政局) to the issuing district."""
    found = unit_resolve(mention, within=district)
    if len(found) == 1:
        return Resolution(found[0])
    if not found:
        # "市营商局(市大数据管理局)" may be known only by its first part, "区统战部(民宗局)" by either.
        head = normalize_unit_name(mention).split("(")[0]
        if head and head != normalize_unit_name(mention):
            found = unit_resolve(head, within=district)
            if len(found) == 1:
                return Resolution(found[0])
    return Resolution(None, tuple(sorted(u.pk for u in found)))


def issuing_unit_for(issuer: str | None) -> Unit | None:
    """The unit a plan's issuer names (大连市营商环境建设领导小组; X区人民政府办公室 → X区人民政府)."""
    if not issuer:
        return None
    for candidate in (issuer, issuer.removesuffix("办公室").removesuffix("办公厅")):
        found = unit_resolve(candidate)
        if len(found) == 1:
            return found[0]
    return None


def mention_expansion(mention, district: Unit | None, cache: dict | None = None) -> Expansion:
    """The units an item's mention stands for.

    A single mention: its resolved unit (or nothing yet). A collective one: its phrase's members, plus the
    unit the admin assigned to it — for 区直相关部门 in a city-wide plan that is the whole answer, for
    各区市县政府、园区 it completes the district governments with the park.
    """
    if not mention.collective:
        return Expansion((mention.unit,) if mention.unit_id else ())
    group = mention.group or mention.mention
    cache = {} if cache is None else cache
    key = (group, district.pk if district else None)
    if key not in cache:
        cache[key] = expand_collective(group, district)
    expansion = cache[key]
    if not mention.unit_id:
        return expansion
    units = expansion.units if mention.unit in expansion.units else (*expansion.units, mention.unit)
    return Expansion(units)
