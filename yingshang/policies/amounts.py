"""Amount rules (how much an item gives) and their computation with the formula shown.

Four kinds, stored as JSON on each item version (amounts in 万元):

- ``{"kind": "none"}`` — a service, a qualification or a fee waiver with no money computed;
- ``{"kind": "fixed", "amount": 200, "ceiling": true, "per": null}`` — a fixed sum (``ceiling``: "最高", the
  unit may grant less), optionally per unit of a fact (1000 万元/航线: ``"per": "new_ocean_routes"``);
- ``{"kind": "percentage", "rate": 20, "base": "national_funding", "cap": 1000, "cap_scope": "total"}`` — a share
  of a base fact, capped per grant (``each``) or over all grants of the item to the enterprise (``total``);
- ``{"kind": "tiers", "measure": "fleet_capacity", "tiers": [{"min": 2, "max": 10, "amount": 50}, ...]}`` — tiers by
  a measure, each ``min <= measure < max`` (the last may have ``max: null``); tiers may not overlap.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field

import numpy as np
from django.core.exceptions import ValidationError

from .facts import FACTS, NUMBER

KIND_LABELS = {"none": "不涉及资金", "fixed": "定额", "percentage": "按比例(封顶)", "tiers": "分档"}


class AmountRuleError(ValidationError):
    pass


def _number(value, label: str, *, positive=True, allow_none=False):
    if value in (None, "") and allow_none:
        return None
    try:
        number = float(value)
    except (TypeError, ValueError):
        raise AmountRuleError(f"金额规则:{label}应为数字,而不是“{value}”")
    if math.isnan(number) or math.isinf(number) or (positive and number <= 0) or number < 0:
        raise AmountRuleError(f"金额规则:{label}应为{'大于 0 的' if positive else '非负'}数字")
    return int(number) if number.is_integer() else number


def _numeric_fact(key, label: str) -> str:
    if key not in FACTS or FACTS[key].type != NUMBER:
        numeric = "、".join(f"{f.key}({f.label})" for f in FACTS.values() if f.type == NUMBER)
        raise AmountRuleError(f"金额规则:{label}“{key}”不是数值型事实。可用:{numeric}")
    return key


def normalize_amount_rule(rule: dict | None) -> dict:
    """Validate and normalise; raises AmountRuleError with a Chinese message (malformed or overlapping)."""
    if not rule:
        return {"kind": "none"}
    if not isinstance(rule, dict):
        raise AmountRuleError("金额规则格式错误")
    kind = rule.get("kind")
    if kind == "none":
        return {"kind": "none"}
    if kind == "fixed":
        per = rule.get("per") or None
        return {"kind": "fixed", "amount": _number(rule.get("amount"), "定额金额"), "ceiling": bool(rule.get("ceiling")),
                "per": _numeric_fact(per, "计量依据") if per else None}
    if kind == "percentage":
        rate = _number(rule.get("rate"), "比例")
        if rate > 100:
            raise AmountRuleError("金额规则:比例不能超过 100%")
        scope = rule.get("cap_scope") or "each"
        if scope not in ("each", "total"):
            raise AmountRuleError("金额规则:封顶范围只能是“每次”或“累计”")
        return {"kind": "percentage", "rate": rate, "base": _numeric_fact(rule.get("base"), "计算基数"),
                "cap": _number(rule.get("cap"), "封顶金额", allow_none=True), "cap_scope": scope}
    if kind == "tiers":
        measure = _numeric_fact(rule.get("measure"), "分档依据")
        raw = rule.get("tiers")
        if not isinstance(raw, list) or not raw:
            raise AmountRuleError("金额规则:分档至少需要一档")
        tiers = []
        for index, tier in enumerate(raw, start=1):
            low = _number(tier.get("min"), f"第{index}档下限", positive=False)
            high = _number(tier.get("max"), f"第{index}档上限", positive=False, allow_none=True)
            if high is not None and high <= low:
                raise AmountRuleError(f"金额规则:第{index}档的上限({high})必须大于下限({low})")
            tiers.append({"min": low, "max": high, "amount": _number(tier.get("amount"), f"第{index}档金额")})
        tiers.sort(key=lambda t: t["min"])
        for previous, current in zip(tiers, tiers[1:]):
            if previous["max"] is None or previous["max"] > current["min"]:
                upper = "∞" if previous["max"] is None else previous["max"]
                raise AmountRuleError(
                    f"金额规则:分档区间重叠——[{previous['min']}, {upper}) 与 [{current['min']}, "
                    f"{'∞' if current['max'] is None else current['max']}) 有交叉,同一数值只能落入一档"
                )
        return {"kind": "tiers", "measure": measure, "tiers": tiers}
    raise AmountRuleError(f"金额规则:未知的类型“{kind}”(可选:定额、按比例、分档、不涉及资金)")


_TIER_LINE = re.compile(r"^\s*(-?\d+(?:\.\d+)?)\s*[-~—至到]\s*(\d+(?:\.\d+)?)?\s*[::=]\s*(\d+(?:\.\d+)?)\s*(?:万元?)?\s*$")


def parse_tiers_text(text: str) -> list[dict]:
    """"2-10:50" per line (下限-上限:金额; 上限留空表示以上) → tier dicts; a bad line is a Chinese error."""
    tiers = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        match = _TIER_LINE.match(line)
        if not match:
            raise AmountRuleError(f"分档第{number}行“{line.strip()}”格式错误,应为“下限-上限:金额”,如“2-10:50”;最高一档写“30-:300”")
        low, high, amount = match.groups()
        tiers.append({"min": float(low), "max": float(high) if high else None, "amount": float(amount)})
    return tiers


def tiers_to_text(tiers: list[dict]) -> str:
    def fmt(v):
        return "" if v is None else (str(int(v)) if float(v).is_integer() else str(v))

    return "\n".join(f"{fmt(t['min'])}-{fmt(t['max'])}:{fmt(t['amount'])}" for t in tiers)


def money(value: float | None) -> str:
    if value is None:
        return "—"
    return f"{value:,.2f}".rstrip("0").rstrip(".") + " 万元"


def describe_rule(rule: dict) -> str:
    kind = rule.get("kind", "none")
    if kind == "fixed":
        per = f"/{FACTS[rule['per']].unit or '单位'}" if rule.get("per") else ""
        return f"{'最高' if rule.get('ceiling') else ''}{money(rule['amount'])}{per}"
    if kind == "percentage":
        cap = ""
        if rule.get("cap") is not None:
            cap = f",{'累计' if rule.get('cap_scope') == 'total' else '每次'}最高{money(rule['cap'])}"
        return f"按{FACTS[rule['base']].label}的 {rule['rate']}%{cap}"
    if kind == "tiers":
        fact = FACTS[rule["measure"]]
        parts = [
            f"{t['min']:g}{'' if t['max'] is None else '–' + format(t['max'], 'g')}{'以上' if t['max'] is None else ''}{fact.unit}:{money(t['amount'])}"
            for t in rule["tiers"]
        ]
        return f"按{fact.label}分档:" + ";".join(parts)
    return "不涉及资金"


def upper_bound(rule: dict) -> float | None:
    """The most the item can give (for ranking when the exact amount is not yet known)."""
    kind = rule.get("kind", "none")
    if kind == "fixed":
        return None if rule.get("per") else float(rule["amount"])
    if kind == "percentage":
        return float(rule["cap"]) if rule.get("cap") is not None else None
    if kind == "tiers":
        return max(float(t["amount"]) for t in rule["tiers"])
    return None


@dataclass
class AmountResult:
    value: float | None  # None: depends on facts that are missing, or no money involved
    formula: str
    is_ceiling: bool = False
    missing: list[str] = field(default_factory=list)


def compute(rule: dict, facts: dict, already_granted: float = 0.0, pending: float = 0.0) -> AmountResult:
    """The amount a rule gives for ``facts``. Under a cumulative cap, ``already_granted`` is what was paid
    out (兑现/确认到账: 已享受) and ``pending`` what is approved but not yet paid (审核通过, 公示中): both
    use up the cap, but only money paid is called 已享受."""
    kind = rule.get("kind", "none")
    if kind == "none":
        return AmountResult(None, "不涉及资金")
    if kind == "fixed":
        amount = float(rule["amount"])
        prefix = "最高" if rule.get("ceiling") else "定额"
        if not rule.get("per"):
            return AmountResult(amount, f"{prefix} {money(amount)}", is_ceiling=bool(rule.get("ceiling")))
        fact = FACTS[rule["per"]]
        count = facts.get(fact.key)
        if count is None:
            return AmountResult(None, f"{money(amount)}/{fact.unit} × {fact.label}(待补充)", missing=[fact.key])
        total = amount * float(count)
        return AmountResult(total, f"{money(amount)}/{fact.unit} × {fact.label} {float(count):g} {fact.unit} = {money(total)}",
                            is_ceiling=bool(rule.get("ceiling")))
    if kind == "percentage":
        fact = FACTS[rule["base"]]
        base = facts.get(fact.key)
        cap = rule.get("cap")
        if base is None:
            return AmountResult(None, f"{fact.label}(待补充)× {rule['rate']}%", missing=[fact.key])
        raw = float(base) * float(rule["rate"]) / 100
        formula = f"{fact.label} {money(float(base))} × {rule['rate']}% = {money(raw)}"
        if cap is None:
            return AmountResult(raw, formula)
        room = float(cap) - (already_granted + pending if rule.get("cap_scope") == "total" else 0.0)
        room = max(room, 0.0)
        value = min(raw, room)
        if rule.get("cap_scope") == "total":
            formula += f";累计封顶 {money(float(cap))},已享受 {money(already_granted)}"
            if pending:
                formula += f",待兑现 {money(pending)}"
            formula += f",可享 {money(room)}"
        else:
            formula += f";封顶 {money(float(cap))}"
        return AmountResult(value, f"{formula} → {money(value)}")
    fact = FACTS[rule["measure"]]
    measure = facts.get(fact.key)
    if measure is None:
        return AmountResult(None, f"按{fact.label}分档(待补充{fact.label})", missing=[fact.key])
    for tier in rule["tiers"]:
        if float(measure) >= tier["min"] and (tier["max"] is None or float(measure) < tier["max"]):
            upper = "以上" if tier["max"] is None else f"–{tier['max']:g}"
            return AmountResult(float(tier["amount"]),
                                f"{fact.label} {float(measure):g} {fact.unit},落在 {tier['min']:g}{upper} {fact.unit} 档 → {money(float(tier['amount']))}")
    return AmountResult(0.0, f"{fact.label} {float(measure):g} {fact.unit},未达到最低档 {rule['tiers'][0]['min']:g} {fact.unit}")


def vector_amounts(rule: dict, numeric: dict[str, np.ndarray], positions: np.ndarray) -> tuple[np.ndarray, bool]:
    """Estimated amounts for many enterprises at once (NaN where unknown) and whether they are ceilings.

    ``numeric`` maps a numeric fact to its column (NaN = missing); ``positions`` selects the rows.
    Where the amount cannot be known yet, callers fall back to :func:`upper_bound`.
    """
    kind = rule.get("kind", "none")
    count = len(positions)
    if kind == "fixed":
        amount = float(rule["amount"])
        if rule.get("per"):
            return amount * numeric[rule["per"]][positions], bool(rule.get("ceiling"))
        return np.full(count, amount), bool(rule.get("ceiling"))
    if kind == "percentage":
        raw = numeric[rule["base"]][positions] * float(rule["rate"]) / 100
        if rule.get("cap") is not None:
            raw = np.minimum(raw, float(rule["cap"]))
        return raw, False
    if kind == "tiers":
        measure = numeric[rule["measure"]][positions]
        result = np.zeros(count)
        for tier in rule["tiers"]:
            inside = measure >= tier["min"]
            if tier["max"] is not None:
                inside &= measure < tier["max"]
            result[inside] = tier["amount"]
        result[np.isnan(measure)] = np.nan
        return result, False
    return np.full(count, np.nan), False
