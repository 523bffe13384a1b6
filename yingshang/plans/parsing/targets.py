"""Quantified targets: what must reach which value by when.

A target is ``{"text", "metric", "quantity", "comparator", "value", "unit", "date"}``:

* 压缩至1个环节、1个工作日以内办结 → steps ≤ 1 环节; duration ≤ 1 工作日
* 办结率达到90%以上 → 办结率 ≥ 90 %
* 给予最高200万元补助 → amount ≤ 200 万元
* 提升部门联合抽查任务占比达30%以上 → 部门联合抽查任务占比 ≥ 30 %

``quantity`` is one of ``steps``, ``duration``, ``percent``, ``amount``, ``measure`` (area, length,
concentration…), ``count``; ``comparator`` one of
≥ > ≤ < =. ``date`` is the deadline stated earlier in the same sentence, else the item's only dated
deadline. Numbers in ranges (50-300万元), thresholds that describe scope (10千伏及以上), ordinals
(第217次) and numbers with no target wording around them are left alone.
"""

from __future__ import annotations

import re

from .deadlines import find_dates

_NUMBER = r"(?P<value>\d+(?:\.\d+)?)"
_DURATION_UNITS = ("个工作日", "工作日", "个自然日", "自然日", "个小时", "小时", "分钟", "个月", "天", "日")
_AMOUNT_UNITS = ("亿元", "万元", "元")
_MEASURE_UNITS = ("微克/立方米", "万平方米", "平方米", "公顷", "公里", "万吨", "吨")
_COUNT_UNITS = (
    "万户", "万人", "万名", "万个", "万张", "户", "人", "名", "项", "家", "个", "次", "件", "所", "座", "台", "张",
    "条", "期", "艘", "批", "种", "场",
)
_STEP_UNITS = ("个环节", "环节")
_UNITS = sorted(
    ("%",) + _DURATION_UNITS + _AMOUNT_UNITS + _STEP_UNITS + _MEASURE_UNITS + _COUNT_UNITS, key=len, reverse=True
)
_QUANTITY = re.compile(
    rf"{_NUMBER}\s*(?P<unit>{'|'.join(re.escape(u) for u in _UNITS)})"
    r"(?P<qualifier>及以上|及以下|以上|以下|以内|之内|内|左右)?"
)

_AT_LEAST = ("不低于", "不少于", "不小于", "至少", "达到", "达", "提升至", "提升到", "提高至", "提高到", "增加到", "增至", "累计", "突破", "保持在", "保持")
_MORE_THAN = ("超过", "高于", "大于", "多于")
_AT_MOST = ("不高于", "不超过", "不多于", "不大于", "最多", "最高", "控制在", "压缩至", "压缩到", "压缩为", "精简至", "精简为", "精简到", "缩短至", "缩短到", "缩短为", "缩减至", "缩减到", "减少至", "减少到", "减至", "降至", "降低至", "降低到", "压减至")
_LESS_THAN = ("低于", "少于", "小于")
_CHANGE = ("降低", "下降", "减少", "压减", "压缩", "增长", "增加", "提高", "提升")
_COUNTING = ("新增", "新建", "建成", "建设", "培育", "引进", "交付", "完成", "实现", "吸引", "举办", "培养", "回访", "推出", "创建", "布局", "打造")
_VERBS = sorted(_AT_LEAST + _MORE_THAN + _AT_MOST + _LESS_THAN + _CHANGE + _COUNTING, key=len, reverse=True)
_VERB = re.compile("|".join(_VERBS))
_GAP = re.compile(r"[^，,。；;、\d%]{0,12}")

_CLAUSE_SPLIT = re.compile(r"[，,。；;：:]")
# What is left of a previous target before the next one's subject: "、", "(申请受理、…)", a lone "(".
_LEFTOVER = re.compile(r"^[、,，\s]*(?:\([^()]*\)|\()?[、,，\s]*")
_LEADING_FILLER = re.compile(
    r"^(?:(?:将|把|使|让|对|由|给予|予以|安排|提供|推动|实现|确保|力争|争取|进一步|全面|全市|全区|全年|年均|同比|其中|同时|并|且|和|及|提升|提高|推进|促进|着力|努力|逐步|持续|全部|基本)\s*)+"
)


def _comparator(verb: str | None, qualifier: str | None) -> str | None:
    if qualifier in ("以上",):
        return ">" if verb in _MORE_THAN else "≥"
    if qualifier in ("以下", "以内", "之内", "内"):
        return "<" if verb in _LESS_THAN else "≤"
    if qualifier == "左右":
        return "="
    if verb in _AT_LEAST:
        return "≥"
    if verb in _MORE_THAN:
        return ">"
    if verb in _AT_MOST:
        return "≤"
    if verb in _LESS_THAN:
        return "<"
    if verb in _CHANGE or verb in _COUNTING:
        return "="
    return None


def _quantity(unit: str) -> str:
    if unit == "%":
        return "percent"
    if unit in _STEP_UNITS:
        return "steps"
    if unit in _DURATION_UNITS:
        return "duration"
    if unit in _AMOUNT_UNITS:
        return "amount"
    if unit in _MEASURE_UNITS:
        return "measure"
    return "count"


def _unit_name(unit: str) -> str:
    """The unit without its measure word: 个工作日 → 工作日, 个环节 → 环节 (个 itself stays)."""
    return unit[1:] if unit.startswith("个") and len(unit) > 1 else unit


def _clean_subject(text: str) -> str:
    text = _LEFTOVER.sub("", text.strip())
    text = re.sub(rf"(?:{'|'.join(_VERBS)})$", "", text)  # "用气报装压缩至最多4个环节"
    text = _LEADING_FILLER.sub("", text.strip())
    text = re.sub(r"^(?:到|在|于)?\d{4}年(?:底|末)?(?:前)?", "", text).strip()
    return _LEADING_FILLER.sub("", text)


def _last_verb(clause: str) -> re.Match | None:
    """The target verb nearest before the number, at most a short noun phrase away."""
    chosen = None
    for match in _VERB.finditer(clause):
        if _GAP.fullmatch(clause[match.end() :]):
            chosen = match
    return chosen


def _metric(subject: str, gap: str, after: str, verb: str | None) -> str:
    # "办结率达到90%": subject before the verb; "新增市级科技创业孵化载体10家": between verb and
    # number; "给予最高20%补助": after the number (a cap names what it caps after it).
    tail = re.match(r"[\u4e00-\u9fff]{1,12}", after)
    if verb == "最高" and tail:
        return tail.group(0)
    for candidate in (_clean_subject(gap) if len(gap.strip()) >= 2 else "", _clean_subject(subject)):
        if candidate:
            return candidate[-20:]
    return tail.group(0) if tail else ""


def find_targets(text: str, default_date: str | None = None) -> list[dict]:
    """Quantified targets in ``text`` (one item's running text)."""
    targets: list[dict] = []
    # A deadline governs the rest of its sentence, across ";" ("2022年底前,…;用气报装压缩至…").
    sentences = re.split(r"(?<=[。！!])", text)
    for sentence in sentences:
        deadlines = find_dates(sentence)
        previous_comparator = None
        previous_end = -1
        matches = list(_QUANTITY.finditer(sentence))
        for position, match in enumerate(matches):
            start, end = match.start(), match.end()
            if position + 1 < len(matches):
                between = sentence[end : matches[position + 1].start()]
                if not re.search(r"[，,。；;：:、()]", between) and _VERB.search(between):
                    continue  # "6个月内办结率达到80%": the number is part of the next target's metric
            before_char = sentence[start - 1 : start]
            after = sentence[end:]
            qualifier = match.group("qualifier")
            unit = match.group("unit")
            if before_char in ("-", "—", "~", "～", "第", ".", "年", "月") or after[:1] in ("-", "—", "~", "～", "/"):
                continue  # a range, an ordinal, part of a date, a rate per something
            if qualifier in ("及以上", "及以下"):
                continue  # scope ("10千伏及以上项目"), not a target
            clause_start = max((m.end() for m in _CLAUSE_SPLIT.finditer(sentence, 0, start)), default=0)
            # A subject never reaches back over the previous target ("余额达到930亿元、增速10%以上").
            subject_start = max(clause_start, previous_end)
            clause = sentence[subject_start:start].lstrip("、 ")
            verb_match = _last_verb(clause)
            verb = verb_match.group(0) if verb_match else None
            comparator = _comparator(verb, qualifier)
            joined_to_previous = previous_end >= 0 and re.fullmatch(r"\s*[、,，]\s*", sentence[previous_end:start] or "x") is not None
            if comparator is None and joined_to_previous and previous_comparator:
                comparator = previous_comparator  # "压缩至10个环节,40个工作日办结"
            if comparator is None:
                continue
            if unit in ("个", "人", "名", "次", "件", "条", "项") and verb is None and qualifier is None:
                continue
            subject = clause[: verb_match.start()] if verb_match else clause
            gap = clause[verb_match.end() :] if verb_match else ""
            metric = _metric(subject, gap, after, verb)
            if verb in _CHANGE and metric and not metric.endswith(verb):
                metric += verb  # "入企检查次数压减 ≥ 20%": the value is the size of the change
            if not _clean_subject(subject) and not _clean_subject(gap) and verb != "最高":
                # "压缩至1个环节、1个工作日以内办结" or "2023年底前,压缩至5个环节": the subject is
                # the one named before in the same sentence, or for the same quantity earlier on.
                if joined_to_previous and targets:
                    metric = targets[-1]["metric"]
                else:
                    same = [t for t in targets if t["quantity"] == _quantity(unit)]
                    if same:
                        metric = same[-1]["metric"]
            date = None
            for deadline in deadlines:
                if deadline["end"] <= start:
                    date = deadline["date"]
            targets.append(
                {
                    "text": _LEFTOVER.sub("", sentence[subject_start:end].strip()),
                    "metric": metric or _quantity(unit),
                    "quantity": _quantity(unit),
                    "comparator": comparator,
                    "value": float(match.group("value")) if "." in match.group("value") else int(match.group("value")),
                    "unit": _unit_name(unit),
                    "date": date or default_date,
                }
            )
            previous_comparator, previous_end = comparator, end
    return targets
