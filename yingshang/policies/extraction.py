"""The extraction assistant: proposes structured items (amounts, rates, caps, tiers, conditions, unit)
from a policy's Chinese text, for an officer to confirm. It never publishes anything itself.

It reads what policy texts actually say:

- 给予最高200万元补助 → fixed amount, "最高" (a ceiling);
- 按照年度国家拨付经费实际到位额度给予最高20%补助,项目执行期内补助总额最高1000万元 → 20% of a base, capped at
  1000 万元 over the project (cumulative);
- 对在连开业总运力达到2-30万载重吨的船舶运输企业,按规模给予50-300万元一次性资金奖励 → tiers by a measure;
  the text gives only the two ends, so the proposal carries both anchors and asks the officer for the steps;
- 最高连续3年每年给予1000万元/航线 → a fixed amount per unit per year, at most 3 years;

and turns the text's target groups (小微企业, 个体工商户, 高新技术企业, industries named in words, thresholds
such as 营业收入2000万元以上) into rule conditions. Input may be traditional Chinese with noise (pinyin
annotations, mis-decoded fragments, HTML leftovers): :func:`normalize_text` cleans it first.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from . import rules

_PINYIN = re.compile(r"[((][a-zA-Zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ]{1,7}[))]")
_MOJIBAKE = re.compile(r"[\u2500-\u257f\u3100-\u312f\ufffd\ue000-\uf8ff]|\?(?=[^\s\w]|[。ㄒ])")
_TAGS = re.compile(r"</?[a-zA-Z][^>]*>")
_FULLWIDTH = str.maketrans("０１２３４５６７８９％．／", "0123456789%./")


def normalize_text(text: str) -> str:
    """Traditional → simplified, strip pinyin annotations, mis-decoded fragments and tags, unify digits."""
    import opencc

    text = unicodedata.normalize("NFC", text or "").replace("\r\n", "\n").replace("&nbsp;", " ")
    text = _TAGS.sub("", text)
    text = opencc.OpenCC("t2s").convert(text)
    text = _PINYIN.sub("", text)
    text = _MOJIBAKE.sub("", text)
    text = text.translate(_FULLWIDTH)
    text = re.sub(r"[ \t\u3000]+", " ", text)
    return re.sub(r"\n\s*\n+", "\n\n", text).strip()


def _wan(number: str, unit: str) -> float:
    value = float(number)
    return value * 10000 if unit.startswith("亿") else value / 10000 if unit == "元" else value


# --- what the words mean -----------------------------------------------------------------------------

INDUSTRY_WORDS: list[tuple[str, list[str]]] = [
    ("人工智能", ["I64", "I65"]), ("新一代信息技术", ["C39", "I63", "I64", "I65"]), ("新能源", ["C38", "D44"]),
    ("新材料", ["C26", "C30", "C31", "C32", "C33"]), ("智能制造", ["C34", "C35", "C40"]), ("船舶运输", ["G55"]),
    ("远洋", ["G55"]), ("航运", ["G55"]), ("集装箱运输车辆", ["G54"]), ("金融机构", ["J"]), ("金融创新", ["J"]),
    ("软件企业", ["I65"]), ("集成电路", ["C39"]), ("装备制造", ["C34", "C35", "C36", "C37", "C38", "C40"]),
    ("绿色石化", ["C25", "C26"]), ("生物医药", ["C27"]), ("预制菜", ["C13", "C14"]), ("钢铁企业", ["C31"]),
    ("离境退税", ["F52"]), ("商店", ["F52"]), ("物流", ["G54", "G59"]), ("船舶工业", ["C37"]),
]
SIZE_WORDS: list[tuple[str, str]] = [
    ("中小微企业", 'size_class in ["medium", "small", "micro"]'), ("中小企业", 'size_class in ["medium", "small", "micro"]'),
    ("小微企业", 'size_class in ["small", "micro"]'), ("个体工商户", 'kind == "individual"'),
]
QUALIFICATION_WORDS: list[tuple[str, str]] = [
    ("高新技术企业", 'qualification has "high_tech"'), ("专精特新", 'qualification has any ["specialized", "little_giant"]'),
    ("科技型中小企业", 'qualification has "tech_sme"'), ("雏鹰", 'qualification has any ["eaglet", "gazelle", "unicorn", "tech_sme"]'),
    ("规模以上", 'qualification has "above_scale"'), ("外商投资企业", 'qualification has "foreign"'),
]
PROJECT_WORDS: list[tuple[str, str]] = [
    ("国家科技重大专项", "national_project == true"), ("重点科技研发计划项目", "rd_project == true"),
    ("新开空白航区", "new_ocean_routes >= 1"),
]
BASE_WORDS: list[tuple[str, str]] = [
    ("国家拨付经费", "national_funding"), ("营业收入", "annual_revenue"), ("纳税", "annual_tax"), ("注册资本", "registered_capital"),
]
MEASURE_UNITS = {"万载重吨": "fleet_capacity", "载重吨": "fleet_capacity", "人": "employees", "条": "new_ocean_routes", "分": "fin_innovation_score"}
BENEFIT_WORDS = re.compile(
    r"给予|予以|补助|奖励|补贴|奖补|资助|贴息|减免|免收|免费|退税|免申即享|政府买单|零投资|零成本|差异化收费|精准帮扶|信用代证"
    r"|触发式监管|提供[^。,,]{0,40}(?:服务|保险)|融资协调|金融支持"
)
UNIT_MENTION = re.compile(r"[((〔\[]\s*(?:牵头单位|责任单位)\s*[::]\s*([^;;,,、))〕\]]+)")
HEADING = re.compile(r"^\s*(?:[((]\s*\d+\s*[))]|\d+\s*[\.、.])\s*([^。]{2,30})。")

AMOUNT = r"(\d+(?:\.\d+)?)\s*(万元|亿元|元|万)"
RE_PERCENT = re.compile(r"按(?:照)?([^,,。;]{2,30}?)给予(?:最高|不超过)?\s*(\d+(?:\.\d+)?)\s*%")
RE_CAP = re.compile(r"(总额|累计|合计|执行期内)?[^,,。;%]{0,12}?(?:最高|不超过|封顶)\s*" + AMOUNT)
RE_PER_UNIT = re.compile(r"(?:最高连续\s*(\d+)\s*年)?\s*每年给予\s*" + AMOUNT + r"\s*/\s*(航线|条|家|个|人|艘|项)")
RE_TIER_MEASURE = re.compile(r"(?:达到|在)\s*(\d+(?:\.\d+)?)\s*[-~—至到]\s*(\d+(?:\.\d+)?)\s*(万载重吨|载重吨|人|万元|条|分)")
RE_RANGE_AMOUNT = re.compile(r"(\d+(?:\.\d+)?)\s*[-~—至到]\s*(\d+(?:\.\d+)?)\s*(万元|亿元|万)")
RE_MAX = re.compile(r"(?:最高|不超过|最多)\s*" + AMOUNT)
RE_FIXED = re.compile(r"给予\s*" + AMOUNT)
RE_THRESHOLDS: list[tuple[re.Pattern, str, str]] = [
    (re.compile(r"(?:年)?营业收入(?:达到|超过|在)?\s*" + AMOUNT + r"\s*(?:以上|及以上)"), "annual_revenue", ">="),
    (re.compile(r"纳税(?:额)?(?:达到|超过|在)?\s*" + AMOUNT + r"\s*(?:以上|及以上)"), "annual_tax", ">="),
    (re.compile(r"(?:从业人员|员工|职工)(?:人数)?(?:达到|超过|在)?\s*(\d+)\s*人\s*(?:以上|及以上)"), "employees", ">="),
    (re.compile(r"研发(?:投入|费用)[^。,,]{0,10}?(\d+(?:\.\d+)?)\s*%\s*(?:以上|及以上)"), "rd_share", ">="),
    (re.compile(r"成立(?:不满|未满|不超过|不足)\s*(\d+)\s*年"), "age_years", "<"),
]
NEW_ENTERPRISE = re.compile(r"新开办|新设立|新办企业|开办企业")


@dataclass
class Proposal:
    title: str
    excerpt: str
    benefit_kind: str
    amount_rule: dict
    conditions_text: str = ""
    exclusions_text: str = ""
    unit_mention: str = ""
    grant_period: str = "once"
    max_periods: int | None = None
    exempt_application: bool = False
    needs_review: list[str] = field(default_factory=list)

    def as_payload(self) -> dict:
        return dict(self.__dict__)


def _benefit_kind(sentence: str) -> str:
    if "贴息" in sentence:
        return "interest"
    if re.search(r"减免|免收|免费|退税|降低[^。]{0,8}费|政府买单|零投资|零成本|差异化收费", sentence):
        return "tax"
    if re.search(r"奖励|奖补", sentence):
        return "reward"
    has_amount = re.search(r"\d+(?:\.\d+)?\s*(?:万元|亿元|万|%)", sentence)
    if not has_amount and re.search(r"认定|评定|入库|培育库|备案", sentence):
        return "qualification"
    if re.search(r"补助|补贴|资助", sentence):
        return "grant"
    if re.search(r"认定|评定|入库", sentence):
        return "qualification"
    return "service"


def _amount_rule(sentence: str, notes: list[str]) -> tuple[dict, dict]:
    """(amount rule, extras such as grant period / max periods / measure condition)."""
    extras: dict = {}
    percent = RE_PERCENT.search(sentence)
    if percent:
        base_phrase = percent.group(1)
        base = next((key for word, key in BASE_WORDS if word in base_phrase), None)
        if base is None:
            notes.append(f"计算基数“{base_phrase}”需人工选择对应的数据项")
        rest = sentence[percent.end():]
        cap = RE_CAP.search(rest)
        rule = {"kind": "percentage", "rate": float(percent.group(2)), "base": base,
                "cap": _wan(cap.group(2), cap.group(3)) if cap else None,
                "cap_scope": "total" if cap and re.search(r"总额|累计|合计|执行期内", cap.group(0)) else "each",
                "base_phrase": base_phrase}
        return rule, extras
    per_unit = RE_PER_UNIT.search(sentence)
    if per_unit:
        years, number, unit, per = per_unit.groups()
        extras["grant_period"] = "yearly"
        if years:
            extras["max_periods"] = int(years)
        per_fact = "new_ocean_routes" if per in ("航线", "条") else None
        if per_fact is None:
            notes.append(f"“每{per}”对应的计量数据项需人工选择")
        return {"kind": "fixed", "amount": _wan(number, unit), "ceiling": False, "per": per_fact}, extras
    measure = RE_TIER_MEASURE.search(sentence)
    amount_range = RE_RANGE_AMOUNT.search(sentence, measure.end() if measure else 0)
    if amount_range:
        low_amount, high_amount = _wan(amount_range.group(1), amount_range.group(3)), _wan(amount_range.group(2), amount_range.group(3))
        if measure:
            low, high, unit = float(measure.group(1)), float(measure.group(2)), measure.group(3)
            fact = MEASURE_UNITS.get(unit)
            extras["measure_condition"] = f"{fact} >= {low:g}" if fact else ""
            notes.append(f"原文只给出区间({low:g}–{high:g}{unit} 对应 {low_amount:g}–{high_amount:g} 万元),请补充中间档次")
            return {"kind": "tiers", "measure": fact, "tiers": [
                {"min": low, "max": high, "amount": low_amount}, {"min": high, "max": None, "amount": high_amount}]}, extras
        notes.append(f"原文给出金额区间 {low_amount:g}–{high_amount:g} 万元但未写分档依据,请选择分档依据并补充档次")
        return {"kind": "tiers", "measure": None, "tiers": [
            {"min": 0, "max": None, "amount": low_amount}], "range": [low_amount, high_amount]}, extras
    maximum = RE_MAX.search(sentence)
    if maximum:
        return {"kind": "fixed", "amount": _wan(maximum.group(1), maximum.group(2)), "ceiling": True, "per": None}, extras
    fixed = RE_FIXED.search(sentence)
    if fixed:
        return {"kind": "fixed", "amount": _wan(fixed.group(1), fixed.group(2)), "ceiling": False, "per": None}, extras
    return {"kind": "none"}, extras


def _conditions(sentence: str, extras: dict) -> list[str]:
    parts: list[str] = []
    industries: list[str] = []
    # "鼓励金融机构对小微企业…": who benefits is named after 对; the agent before it is not a condition
    preposition = re.search(r"(?<![针相面核比绝反应])对(?!接|标|于)", sentence[:-2])
    target = sentence[preposition.end():] if preposition else sentence
    for word, codes in INDUSTRY_WORDS:
        if word in target:
            industries += [c for c in codes if c not in industries]
    if industries:
        parts.append("industry in [" + ", ".join(f'"{c}"' for c in industries) + "]")
    for word, rule in SIZE_WORDS:
        if word in sentence:
            parts.append(rule)
            break
    for word, rule in QUALIFICATION_WORDS:
        if word in sentence and rule not in parts:
            parts.append(rule)
    for word, rule in PROJECT_WORDS:
        if word in sentence:
            parts.append(rule)
    for pattern, key, op in RE_THRESHOLDS:
        match = pattern.search(sentence)
        if match:
            value = _wan(match.group(1), match.group(2)) if key in ("annual_revenue", "annual_tax") else float(match.group(1))
            parts.append(f"{key} {op} {value:g}")
    if NEW_ENTERPRISE.search(sentence) and not any(p.startswith("age_years") for p in parts):
        parts.append("age_years < 1")
    if extras.get("measure_condition"):
        parts.append(extras["measure_condition"])
    return parts


def _title(paragraph: str, sentence: str) -> str:
    heading = HEADING.match(paragraph)
    base = heading.group(1).strip() if heading else ""
    subject = re.search(r"对(?:符合条件的|在连开业|列入)?([^,,。;]{2,24}?)(?:的|,|,)", sentence)
    target = subject.group(1) if subject else ""
    if base and target:
        return f"{base}:{target}"[:60]
    return (base or target or sentence[:24]).strip()[:60]


def _sentences(paragraph: str) -> list[str]:
    return [s.strip() for s in re.split(r"(?<=[。;;])", paragraph) if s.strip()]


def extract_items(text: str) -> list[Proposal]:
    """Proposals for every sentence that grants something, in the order of the text."""
    text = normalize_text(text)
    proposals = []
    for paragraph in re.split(r"\n+", text):
        paragraph = paragraph.strip()
        if not paragraph or not BENEFIT_WORDS.search(paragraph):
            continue
        unit_match = UNIT_MENTION.search(paragraph)
        unit = unit_match.group(1).strip() if unit_match else ""
        for sentence in _sentences(paragraph):
            if not BENEFIT_WORDS.search(sentence) or sentence.startswith(("(牵头单位", "(责任单位", "〔牵头单位")):
                continue
            heading = HEADING.match(sentence)
            if heading and heading.end() >= len(sentence) - 1 and len(heading.group(1)) <= 20 and not re.search(r"[,,;;]", heading.group(1)):
                continue  # a numbered heading on its own ("25.实施增值税退税流程集成优化。"), not a measure
            notes: list[str] = []
            rule, extras = _amount_rule(sentence, notes)
            kind = _benefit_kind(sentence)
            if rule["kind"] == "none" and kind in ("grant", "reward") and not re.search(r"\d", sentence):
                continue  # "落实补助政策" and the like: no concrete benefit to structure
            conditions = _conditions(sentence, extras)
            exclusions = []
            if re.search(r"失信|信用", sentence):
                exclusions.append('credit_class in ["D"] or blacklisted == true')
            if re.search(r"不得重复享受|不重复享受|就高不重复", sentence):
                notes.append("原文要求不得重复享受,请在“不得同时享受的条款”中列出相关条款")
            proposals.append(Proposal(
                title=_title(paragraph, sentence), excerpt=sentence, benefit_kind=kind, amount_rule=rule,
                conditions_text=" and ".join(conditions), exclusions_text=" or ".join(exclusions), unit_mention=unit,
                grant_period=extras.get("grant_period", "once"), max_periods=extras.get("max_periods"),
                exempt_application="免申即享" in sentence, needs_review=notes,
            ))
    return proposals


def validate_proposal_rules(proposal: Proposal) -> list[str]:
    """Problems an officer must fix before confirming (rule text that does not parse, missing base)."""
    problems = []
    for label, text in (("申报条件", proposal.conditions_text), ("排除情形", proposal.exclusions_text)):
        try:
            rules.parse_rule(text)
        except rules.RuleError as error:
            problems.append(f"{label}:{error.messages[0]}")
    return problems
