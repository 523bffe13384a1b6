"""The rule language: conditions over enterprise facts, stored as data, evaluated in three values.

Text form (what officers read and type)::

    industry in ["C", "I65"] and employees >= 10 and qualification has "high_tech"
    size_class in ["小型", "微型"] or kind == "individual"
    not (credit_class in ["C", "D"]) and rd_share >= 3

Facts are named by key or by their Chinese label (``从业人数 >= 10``). Operators: ``>= > <= < == !=`` for
numbers; ``== != in, not in`` for categories (values by code or by Chinese name); industry values are
GB/T 4754 prefixes (``"C"`` a section, ``"C3"`` 大类 30–39, ``"I65"`` or ``"65"`` one 大类); ``has``,
``not has``, ``has any [...]`` for qualifications; ``== true/false`` for yes/no facts; ``and or not`` (也可写
``且 或 非``) and parentheses.

Stored form: a JSON tree (``{"op": "and", "args": [...]}``, leaves ``{"fact", "cmp", "value"}``) with
every value normalised to its code, so evaluation never re-parses text. :func:`to_text` prints the tree back.

Three values: a leaf whose fact is missing is *unknown*; ``and``/``or``/``not`` follow Kleene's logic, so an
enterprise is eligible, not eligible, or undetermined — and each leaf reports pass / fail / unknown, the
enterprise's value against the threshold, and what data would settle it.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError

from .facts import (
    BOOL, CATEGORY, FACT_BY_NAME, FACTS, INDUSTRY, NUMBER, SET, Vocabulary, industry_full_code, industry_label, industry_table,
    vocabulary,
)

NUMERIC_OPS = (">=", ">", "<=", "<", "==", "!=")
CATEGORY_OPS = ("==", "!=", "in", "not_in")
SET_OPS = ("has", "not_has", "has_any")
BOOL_OPS = ("==", "!=")
OPS_BY_TYPE = {NUMBER: NUMERIC_OPS, CATEGORY: CATEGORY_OPS, INDUSTRY: CATEGORY_OPS, SET: SET_OPS, BOOL: BOOL_OPS}
OP_TEXT = {">=": ">=", ">": ">", "<=": "<=", "<": "<", "==": "==", "!=": "!=", "in": "in", "not_in": "not in",
           "has": "has", "not_has": "not has", "has_any": "has any"}
OP_CHINESE = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "==": "为", "!=": "不为", "in": "属于", "not_in": "不属于",
              "has": "具有", "not_has": "不具有", "has_any": "具有其一"}


class RuleError(ValidationError):
    """A rule that cannot be stored: unknown fact, wrong operator for the fact, malformed text."""


# --- tokenizer ------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""\s*(?:
    (?P<num>-?\d+(?:\.\d+)?)
    |(?P<str>"[^"]*"|'[^']*'|“[^”]*”)
    |(?P<op>>=|<=|==|!=|≥|≤|≠|>|<|=)
    |(?P<punct>[\[\](),,()【】])
    |(?P<word>[A-Za-z_][A-Za-z0-9_]*|[\u4e00-\u9fff][\u4e00-\u9fff0-9A-Za-z_]*)
    )""",
    re.VERBOSE,
)
KEYWORDS = {"and": "and", "且": "and", "并且": "and", "or": "or", "或": "or", "或者": "or", "not": "not", "非": "not",
            "in": "in", "has": "has", "any": "any", "true": True, "false": False, "是": True, "否": False}
PUNCT = {",": ",", "(": "(", ")": ")", "【": "[", "】": "]"}


@dataclass
class Token:
    kind: str  # num str op punct word kw
    value: Any
    pos: int


def _word_tokens(raw: str, start: int) -> list[Token]:
    """A keyword, a word, or Chinese written without spaces ("从业人数>=10且规模==小型"): 且规模 → 且 + 规模."""
    lowered = raw.lower()
    if lowered in KEYWORDS:
        return [Token("kw", KEYWORDS[lowered], start)]
    for keyword in ("并且", "或者", "且", "或", "非"):
        rest = raw[len(keyword):]
        if raw.startswith(keyword) and rest and (rest in FACT_BY_NAME or rest[:1] in "且或非"):
            return [Token("kw", KEYWORDS[keyword], start), *_word_tokens(rest, start + len(keyword))]
    return [Token("word", raw, start)]


def tokenize(text: str) -> list[Token]:
    tokens: list[Token] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if not match or match.end() == pos:
            raise RuleError(f"规则第{pos + 1}个字符处无法识别:“{text[pos:pos + 12]}”")
        start = match.start(match.lastgroup)
        kind, raw = match.lastgroup, match.group(match.lastgroup)
        if kind == "num":
            tokens.append(Token("num", float(raw) if "." in raw else int(raw), start))
        elif kind == "str":
            tokens.append(Token("str", raw[1:-1].strip(), start))
        elif kind == "op":
            tokens.append(Token("op", {"≥": ">=", "≤": "<=", "≠": "!=", "=": "=="}.get(raw, raw), start))
        elif kind == "punct":
            tokens.append(Token("punct", PUNCT.get(raw, raw), start))
        else:
            tokens.extend(_word_tokens(raw, start))
        pos = match.end()
    return tokens


# --- parser ---------------------------------------------------------------------------------------

class _Parser:
    def __init__(self, text: str, vocab: Vocabulary):
        self.text = text
        self.tokens = tokenize(text)
        self.i = 0
        self.vocab = vocab

    def peek(self) -> Token | None:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Token:
        token = self.peek()
        if token is None:
            raise RuleError("规则不完整:结尾缺少内容")
        self.i += 1
        return token

    def error(self, token: Token | None, message: str) -> RuleError:
        where = f"第{token.pos + 1}个字符处" if token else "结尾处"
        return RuleError(f"规则{where}:{message}")

    def is_kw(self, value) -> bool:
        token = self.peek()
        return token is not None and token.kind == "kw" and token.value == value

    def parse(self) -> dict:
        node = self.parse_or()
        if self.peek() is not None:
            raise self.error(self.peek(), f"多余的内容“{self.peek().value}”(条件之间请用 and / or 连接)")
        return node

    def parse_or(self) -> dict:
        args = [self.parse_and()]
        while self.is_kw("or"):
            self.take()
            args.append(self.parse_and())
        return args[0] if len(args) == 1 else {"op": "or", "args": args}

    def parse_and(self) -> dict:
        args = [self.parse_not()]
        while self.is_kw("and"):
            self.take()
            args.append(self.parse_not())
        return args[0] if len(args) == 1 else {"op": "and", "args": args}

    def parse_not(self) -> dict:
        if self.is_kw("not"):
            self.take()
            return {"op": "not", "arg": self.parse_not()}
        return self.parse_atom()

    def parse_atom(self) -> dict:
        token = self.peek()
        if token is not None and token.kind == "punct" and token.value == "(":
            self.take()
            node = self.parse_or()
            closing = self.peek()
            if closing is None or closing.kind != "punct" or closing.value != ")":
                raise self.error(closing, "缺少右括号“)”")
            self.take()
            return node
        return self.parse_comparison()

    def parse_comparison(self) -> dict:
        token = self.take()
        if token.kind != "word":
            raise self.error(token, f"此处应为事实名称(如 employees、从业人数),而不是“{token.value}”")
        key = FACT_BY_NAME.get(token.value)
        if key is None:
            known = "、".join(f"{f.key}({f.label})" for f in FACTS.values())
            raise self.error(token, f"未知的事实“{token.value}”。可用的事实:{known}")
        op_token = self.take()
        if op_token.kind == "op":
            op = op_token.value
        elif op_token.kind == "kw" and op_token.value == "in":
            op = "in"
        elif op_token.kind == "kw" and op_token.value == "not":
            following = self.take()
            if following.kind == "kw" and following.value == "in":
                op = "not_in"
            elif following.kind == "kw" and following.value == "has":
                op = "not_has"
            else:
                raise self.error(following, "“not”之后应为 in 或 has")
        elif op_token.kind == "kw" and op_token.value == "has":
            op = "has"
            if self.is_kw("any"):
                self.take()
                op = "has_any"
        else:
            raise self.error(op_token, f"“{FACTS[key].label}”之后应为比较运算符(>=、==、in、has 等)")
        value = self.parse_value()
        return normalize_leaf({"fact": key, "cmp": op, "value": value}, self.vocab, where=f"第{token.pos + 1}个字符处")

    def parse_value(self):
        token = self.take()
        if token.kind in ("num", "str"):
            return token.value
        if token.kind == "kw" and isinstance(token.value, bool):
            return token.value
        if token.kind == "word":
            return token.value  # a bare word: 小型, 甘井子区, high_tech
        if token.kind == "punct" and token.value == "[":
            values = []
            while True:
                item = self.take()
                if item.kind == "punct" and item.value == "]" and not values:
                    break
                if item.kind not in ("num", "str", "word"):
                    raise self.error(item, "列表中应为取值,例如 [\"C\", \"I65\"]")
                values.append(item.value)
                separator = self.take()
                if separator.kind == "punct" and separator.value == "]":
                    break
                if not (separator.kind == "punct" and separator.value == ","):
                    raise self.error(separator, "列表的取值之间应以逗号分隔,并以“]”结束")
            return values
        raise self.error(token, f"此处应为取值(数字、\"文字\"或 [列表]),而不是“{token.value}”")


def parse_rule(text: str | None, vocab: Vocabulary | None = None) -> dict | None:
    """Text → normalised tree; an empty text is "no condition" (None). Raises RuleError in Chinese."""
    if text is None or not text.strip():
        return None
    return _Parser(text.strip(), vocab or vocabulary()).parse()


def _label_lookup(value: str, choices: dict[str, str]) -> str | None:
    if value in choices:
        return value
    for code, label in choices.items():
        if value == label or value == label.rstrip("级") or value + "区" == label:
            return code
    return None


def normalize_industry_token(raw) -> str | None:
    """"C", "c3", "I65", "65", "6513" → a prefix "C", "C3", "I65", "I65" (大类 precision); None if unknown."""
    token = str(raw).strip().upper()
    table = industry_table()
    if not token:
        return None
    if token.isdigit():
        division = token[:2]
        return industry_full_code(division) if division in table else None
    letter, digits = token[0], token[1:]
    if letter not in table or not letter.isalpha() or (digits and not digits.isdigit()):
        return None
    digits = digits[:2]
    if not digits:
        return letter
    if len(digits) == 1:
        return f"{letter}{digits}" if any(code.startswith(digits) and table[code][0] == letter for code in table if code.isdigit()) else None
    return f"{letter}{digits}" if digits in table and table[digits][0] == letter else None


def normalize_leaf(leaf: dict, vocab: Vocabulary | None = None, where: str = "") -> dict:
    """Check one comparison against the fact catalogue; values to codes. Raises RuleError in Chinese."""
    vocab = vocab or vocabulary()
    prefix = f"规则{where}:" if where else ""
    key = leaf.get("fact")
    if key not in FACTS:
        raise RuleError(f"{prefix}未知的事实“{key}”")
    fact = FACTS[key]
    op = leaf.get("cmp")
    value = leaf.get("value")
    allowed = OPS_BY_TYPE[fact.type]
    if op not in allowed:
        shown = "、".join(OP_TEXT[o] for o in allowed)
        raise RuleError(f"{prefix}“{fact.label}”不能使用运算符“{OP_TEXT.get(op, op)}”,可用:{shown}")
    if fact.type == NUMBER:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            try:
                value = float(str(value))
            except ValueError:
                raise RuleError(f"{prefix}“{fact.label}”的阈值应为数字,而不是“{value}”")
        value = int(value) if float(value).is_integer() else float(value)
        return {"fact": key, "cmp": op, "value": value}
    if fact.type == BOOL:
        if isinstance(value, str):
            value = {"true": True, "false": False, "是": True, "否": False}.get(value.lower(), value)
        if not isinstance(value, bool):
            raise RuleError(f"{prefix}“{fact.label}”只能与 true 或 false 比较")
        return {"fact": key, "cmp": op, "value": value}
    many = op in ("in", "not_in", "has_any")
    values = value if isinstance(value, list) else [value]
    if many and not isinstance(value, list):
        raise RuleError(f"{prefix}“{OP_TEXT[op]}”之后应为列表,例如 [\"A\", \"B\"]")
    if not many and isinstance(value, list):
        raise RuleError(f"{prefix}“{OP_TEXT[op]}”之后应为单个取值;多个取值请用 in / has any")
    if not values:
        raise RuleError(f"{prefix}“{fact.label}”的取值列表不能为空")
    codes = []
    for raw in values:
        if fact.type == INDUSTRY:
            code = normalize_industry_token(raw)
            if code is None:
                raise RuleError(f"{prefix}“{raw}”不是国民经济行业分类(GB/T 4754-2017)的门类或大类代码")
        else:
            choices = vocab.choices(key)
            code = _label_lookup(str(raw).strip(), choices)
            if code is None:
                sample = "、".join(f"{c}({n})" if c != n else c for c, n in list(choices.items())[:12])
                raise RuleError(f"{prefix}“{raw}”不是“{fact.label}”的有效取值。可选:{sample}")
        if code not in codes:
            codes.append(code)
    return {"fact": key, "cmp": op, "value": codes if many else codes[0]}


def normalize_tree(node: dict | None, vocab: Vocabulary | None = None) -> dict | None:
    """Validate a stored/JSON tree (e.g. from the API) the same way the parser validates text."""
    if node is None:
        return None
    if not isinstance(node, dict):
        raise RuleError("规则格式错误:应为条件对象")
    op = node.get("op")
    if op in ("and", "or"):
        args = node.get("args")
        if not isinstance(args, list) or not args:
            raise RuleError(f"规则格式错误:“{op}”需要至少一个子条件")
        return {"op": op, "args": [normalize_tree(a, vocab) for a in args]}
    if op == "not":
        return {"op": "not", "arg": normalize_tree(node.get("arg"), vocab)}
    if "fact" in node:
        return normalize_leaf(node, vocab)
    raise RuleError("规则格式错误:无法识别的节点")


# --- printing -------------------------------------------------------------------------------------

def _value_text(value) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, list):
        return "[" + ", ".join(_value_text(v) for v in value) + "]"
    if isinstance(value, (int, float)):
        return str(value)
    return json.dumps(value, ensure_ascii=False)


def to_text(node: dict | None, parent: str = "") -> str:
    if node is None:
        return ""
    op = node.get("op")
    if op in ("and", "or"):
        text = f" {op} ".join(to_text(a, op) for a in node["args"])
        return f"({text})" if parent and parent != op else text
    if op == "not":
        inner = to_text(node["arg"], "not")
        return f"not {inner}" if inner.startswith("(") else f"not ({inner})"
    return f"{node['fact']} {OP_TEXT[node['cmp']]} {_value_text(node['value'])}"


def value_label(key: str, value, vocab: Vocabulary | None = None) -> str:
    """A value (code) as people read it: 小型, 甘井子区, C39 计算机、通信和其他电子设备制造业, 10 人."""
    fact = FACTS[key]
    if value is None:
        return "未知"
    if isinstance(value, (list, tuple, set, frozenset)):
        return "、".join(value_label(key, v, vocab) for v in sorted(value)) or "无"
    if fact.type == NUMBER:
        number = float(value)
        shown = f"{number:,.0f}" if number.is_integer() else f"{number:,.2f}".rstrip("0").rstrip(".")
        return f"{shown} {fact.unit}".strip()
    if fact.type == BOOL:
        return "是" if value else "否"
    if fact.type == INDUSTRY:
        return industry_label(str(value))
    choices = (vocab or vocabulary()).choices(key)
    return choices.get(value, str(value))


def describe(node: dict | None, vocab: Vocabulary | None = None) -> str:
    """The rule in a Chinese sentence: 行业属于 C 制造业 且 从业人数 ≥ 10 人."""
    if node is None:
        return "无条件"
    op = node.get("op")
    if op in ("and", "or"):
        joiner = " 且 " if op == "and" else " 或 "
        parts = [describe(a, vocab) for a in node["args"]]
        parts = [f"({p})" if a.get("op") in ("and", "or") else p for p, a in zip(parts, node["args"])]
        return joiner.join(parts)
    if op == "not":
        return f"并非({describe(node['arg'], vocab)})"
    fact = FACTS[node["fact"]]
    return f"{fact.label}{OP_CHINESE[node['cmp']]}{value_label(fact.key, node['value'], vocab)}"


def leaves(node: dict | None) -> list[dict]:
    if node is None:
        return []
    op = node.get("op")
    if op in ("and", "or"):
        return [leaf for a in node["args"] for leaf in leaves(a)]
    if op == "not":
        return leaves(node["arg"])
    return [node]


def referenced_facts(*nodes: dict | None) -> set[str]:
    return {leaf["fact"] for node in nodes for leaf in leaves(node)}


def conjuncts(node: dict | None) -> list[dict]:
    """The top-level conditions an enterprise must all meet (near-miss counts failures among these)."""
    if node is None:
        return []
    if node.get("op") == "and":
        return list(node["args"])
    return [node]


# --- evaluation of one enterprise -----------------------------------------------------------------

PASS, FAIL, UNKNOWN = "pass", "fail", "unknown"
ELIGIBLE, NOT_ELIGIBLE, UNDETERMINED = "eligible", "not_eligible", "undetermined"
VERDICT_LABELS = {ELIGIBLE: "符合", NOT_ELIGIBLE: "不符合", UNDETERMINED: "待确定"}


def _tri(value: bool | None) -> str:
    return UNKNOWN if value is None else (PASS if value else FAIL)


def industry_matches(code: str, prefix: str) -> bool:
    return code.startswith(prefix)


def leaf_value(leaf: dict, facts: dict[str, Any]) -> bool | None:
    """True / False / None (unknown) for one comparison against an enterprise's facts."""
    key = leaf["fact"]
    fact = FACTS[key]
    value = facts.get(key)
    if value is None:
        value = fact.missing_means
    if value is None:
        return None
    op, target = leaf["cmp"], leaf["value"]
    if fact.type == NUMBER:
        value = float(value)
        return {
            ">=": value >= target, ">": value > target, "<=": value <= target, "<": value < target,
            "==": value == target, "!=": value != target,
        }[op]
    if fact.type == BOOL:
        return (bool(value) == target) if op == "==" else (bool(value) != target)
    if fact.type == SET:
        held = set(value)
        if op == "has":
            return target in held
        if op == "not_has":
            return target not in held
        return bool(held.intersection(target))
    if fact.type == INDUSTRY:
        targets = target if isinstance(target, list) else [target]
        hit = any(industry_matches(value, t) for t in targets)
        return hit if op in ("==", "in") else not hit
    targets = target if isinstance(target, list) else [target]
    hit = value in targets
    return hit if op in ("==", "in") else not hit


def tri_eval(node: dict | None, facts: dict[str, Any]) -> bool | None:
    """Kleene evaluation; no condition (None) is always met."""
    if node is None:
        return True
    op = node.get("op")
    if op == "and":
        result: bool | None = True
        for arg in node["args"]:
            value = tri_eval(arg, facts)
            if value is False:
                return False
            if value is None:
                result = None
        return result
    if op == "or":
        result = False
        for arg in node["args"]:
            value = tri_eval(arg, facts)
            if value is True:
                return True
            if value is None:
                result = None
        return result
    if op == "not":
        value = tri_eval(node["arg"], facts)
        return None if value is None else not value
    return leaf_value(node, facts)


def combine_verdict(conditions: bool | None, excluded: bool | None) -> str:
    """Eligible when the conditions hold and no exclusion applies (Kleene: conditions and not excluded)."""
    if conditions is False or excluded is True:
        return NOT_ELIGIBLE
    if conditions is True and excluded is False:
        return ELIGIBLE
    return UNDETERMINED


@dataclass
class LeafOutcome:
    fact: str
    label: str
    status: str
    text: str  # the condition in Chinese
    value: str  # the enterprise's value
    threshold: str
    gap: str = ""  # how far from passing (numbers)
    settle: str = ""  # what data would settle an unknown
    source: str = ""
    gap_number: float | None = None


@dataclass
class Explanation:
    verdict: str
    conditions: list[LeafOutcome] = field(default_factory=list)
    exclusions: list[LeafOutcome] = field(default_factory=list)
    conditions_value: bool | None = True
    excluded_value: bool | None = False

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS[self.verdict]

    @property
    def unknown_facts(self) -> list[str]:
        seen: list[str] = []
        for outcome in self.conditions + self.exclusions:
            if outcome.status == UNKNOWN and outcome.fact not in seen:
                seen.append(outcome.fact)
        return seen

    @property
    def failed(self) -> list[LeafOutcome]:
        return [o for o in self.conditions if o.status == FAIL]

    def as_dict(self) -> dict:
        def rows(items):
            return [o.__dict__ for o in items]

        return {"verdict": self.verdict, "verdict_label": self.verdict_label, "conditions": rows(self.conditions),
                "exclusions": rows(self.exclusions), "unknown_facts": self.unknown_facts}


def explain_leaf(leaf: dict, facts: dict[str, Any], vocab: Vocabulary | None = None, sources: dict[str, str] | None = None) -> LeafOutcome:
    fact = FACTS[leaf["fact"]]
    raw = facts.get(fact.key)
    status = _tri(leaf_value(leaf, facts))
    gap, gap_number = "", None
    if status == FAIL and fact.type == NUMBER and raw is not None and leaf["cmp"] in (">=", ">", "<=", "<"):
        difference = float(leaf["value"]) - float(raw)
        gap_number = abs(difference)
        gap = f"{'差' if leaf['cmp'] in ('>=', '>') else '超出'} {value_label(fact.key, gap_number, vocab)}"
    shown = value_label(fact.key, raw, vocab) if raw is not None else ("否(未列入名单)" if fact.missing_means is False else "未知")
    source = (sources or {}).get(fact.key, fact.source)
    from .facts import SOURCE_LABELS

    return LeafOutcome(
        fact=fact.key, label=fact.label, status=status, text=describe(leaf, vocab), value=shown,
        threshold=f"{OP_CHINESE[leaf['cmp']]}{value_label(fact.key, leaf['value'], vocab)}", gap=gap, gap_number=gap_number,
        settle=fact.settle if status == UNKNOWN else "", source=SOURCE_LABELS.get(source, source),
    )


def explain(conditions: dict | None, exclusions: dict | None, facts: dict[str, Any], vocab: Vocabulary | None = None,
            sources: dict[str, str] | None = None) -> Explanation:
    """Verdict plus pass/fail/unknown for every comparison, for pages, the API and application snapshots."""
    conditions_value = tri_eval(conditions, facts)
    excluded_value = tri_eval(exclusions, facts) if exclusions is not None else False
    return Explanation(
        verdict=combine_verdict(conditions_value, excluded_value),
        conditions=[explain_leaf(leaf, facts, vocab, sources) for leaf in leaves(conditions)],
        exclusions=[explain_leaf(leaf, facts, vocab, sources) for leaf in leaves(exclusions)],
        conditions_value=conditions_value, excluded_value=excluded_value,
    )
