"""Subcommands of the duplicates area (see management/commands/insights.py):

``yingshang insights fingerprint [--all]``     index historical appeals (bulk; --all recomputes every one)
``yingshang insights evaluate-duplicates``     precision / recall / F1 on labelled pairs built from the
                                               real messages in ../shared/data/appeals (skipped without it)
"""

from __future__ import annotations

import random
import re
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from django.conf import settings
from django.core.management.base import CommandError

from yingshang.core.tabular import TableError, open_table

DEFAULT_DATA = Path(settings.PROJECT_DIR).parent / "shared" / "data" / "appeals"
PASSAGE = 30  # characters copied verbatim that make two messages one matter
THRESHOLDS = (0.3, 0.35, 0.4, 0.45, 0.5, 0.55, 0.6, 0.7, 0.8)


def register(subparsers) -> None:
    """Add this area's subparsers."""
    fingerprint = subparsers.add_parser("fingerprint", help="为历史诉求建立一事多诉指纹索引(MinHash LSH)")
    fingerprint.add_argument("--all", dest="everything", action="store_true", help="重新计算全部诉求的指纹(默认只补缺)")
    fingerprint.add_argument("--batch", type=int, default=5000, help="每批诉求数")
    fingerprint.set_defaults(handler=run_fingerprint)

    evaluate = subparsers.add_parser("evaluate-duplicates", help="在真实留言构造的标注对上评估一事多诉识别的查准率和查全率")
    evaluate.add_argument("--data", default=str(DEFAULT_DATA), help="数据目录(含 hotspot_messages.csv,可选 train.csv)")
    evaluate.add_argument("--seed", type=int, default=7)
    evaluate.add_argument("--paraphrases", type=int, default=1500, help="生成的改写正例数")
    evaluate.add_argument("--negatives", type=int, default=3000, help="每类困难负例的上限")
    evaluate.add_argument("--threshold", type=float, default=None, help="判定阈值(默认为候选面板所用阈值)")
    evaluate.set_defaults(handler=run_evaluate)


def run_fingerprint(command, *, everything: bool, batch: int, **options) -> None:
    from .services import fingerprint_backfill

    started = time.perf_counter()
    result = fingerprint_backfill(everything=everything, batch=batch, say=lambda m: command.stdout.write(m) if options.get("verbosity", 1) > 1 else None)
    elapsed = time.perf_counter() - started
    rate = result["fingerprinted"] / elapsed if elapsed else 0
    command.stdout.write(f"已建立指纹 {result['fingerprinted']} 件(无文本跳过 {result['skipped_empty']} 件),用时 {elapsed:.1f} 秒,{rate:.0f} 件/秒")


# --- evaluation --------------------------------------------------------------------------------------------

@dataclass
class Message:
    key: str
    user: str
    title: str
    detail: str

    @property
    def text(self) -> str:
        return f"{self.title}\n{self.detail}"


# Words that callers use interchangeably: the swaps of a paraphrase.
SYNONYMS = [
    ("反映", "投诉"), ("希望", "恳请"), ("严重", "非常"), ("问题", "情况"), ("解决", "处理"), ("相关部门", "有关部门"),
    ("居民", "住户"), ("噪音", "噪声"), ("小区", "社区"), ("马路", "道路"), ("领导", "政府"), ("尽快", "早日"), ("现在", "目前"),
    ("一直", "始终"), ("没有", "未"), ("我们", "大家"), ("请问", "想问"), ("影响", "干扰"), ("孩子", "小孩"), ("工作人员", "办事人员"),
]
FILLERS = ["您好,", "麻烦领导关注一下,", "谢谢!", "我是附近的居民,", "再次反映,", "此事拖了很久,", "望回复。", "急!", "特此反映。"]
_SENTENCE = re.compile(r"(?<=[。!?!?;;])")
_DIGIT = re.compile(r"\d")
_PLACE = re.compile(r"[\u4e00-\u9fa5A-Za-z0-9]{2,8}(?:小区|花园|公寓|大厦|广场|学校|中学|小学|幼儿园|村|社区|大道|路|街|市场|医院)")
_DISTRICT = re.compile(r"A\d+[区县市]")


def load_messages(path: Path) -> list[Message]:
    rows = open_table(path, required={"留言编号", "留言用户", "留言主题", "留言详情"}, strip=False)
    return [Message(r["留言编号"], r["留言用户"], r["留言主题"], r["留言详情"]) for _, r in rows]


def paraphrase(text: str, rng: random.Random) -> tuple[str, list[str]]:
    """A rewording of ``text`` by 2–3 of: synonym swaps, sentence reordering, inserted filler, truncation,
    digit changes. Returns the new text and the operations used."""
    original = text
    operations = rng.sample(["synonyms", "reorder", "filler", "truncate", "digits"], rng.choice([2, 3]))
    for op in operations:
        if op == "synonyms":
            for a, b in rng.sample(SYNONYMS, len(SYNONYMS)):
                if a in text:
                    text = text.replace(a, b)
                elif b in text:
                    text = text.replace(b, a)
        elif op == "reorder":
            sentences = [s for s in _SENTENCE.split(text) if s.strip()]
            if len(sentences) > 2:
                head, rest = sentences[0], sentences[1:]
                rng.shuffle(rest)
                text = head + "".join(rest)
        elif op == "filler":
            for _ in range(rng.randint(1, 2)):
                at = rng.choice([0, len(text)]) if rng.random() < 0.6 else rng.randint(0, len(text))
                text = text[:at] + rng.choice(FILLERS) + text[at:]
        elif op == "truncate":
            text = text[: max(20, int(len(text) * rng.uniform(0.6, 0.85)))]
        elif op == "digits":
            text = _DIGIT.sub(lambda m: str(rng.randint(0, 9)) if rng.random() < 0.5 else m.group(0), text)
    if text == original:  # none of the chosen operations found anything to change: a caller still adds a word
        text, operations = rng.choice(FILLERS) + text, [*operations, "filler"]
    return text, operations


def _norm_key(value: str) -> str:
    from .services import normalize_for_fingerprint

    return normalize_for_fingerprint(value)


def shares_passage(a: str, b: str, length: int = PASSAGE) -> bool:
    """Whether two texts share a verbatim passage of ``length`` characters (after normalisation): the
    labelling rule for re-posts, independent of the shingle similarity being evaluated."""
    a, b = _norm_key(a), _norm_key(b)
    if len(a) < length or len(b) < length:
        return False
    windows = {a[i:i + length] for i in range(len(a) - length + 1)}
    return any(b[i:i + length] in windows for i in range(len(b) - length + 1))


def build_pairs(messages: list[Message], *, seed: int = 7, paraphrases: int = 1500, negatives: int = 3000, train_texts=None):
    """Labelled pairs (text_a, text_b, is_duplicate, kind).

    Positives: the data's own repeat messages (distinct messages with the same normalised title or the
    same normalised detail) and generated paraphrases of sampled messages. Negatives: distinct messages
    naming the same place (小区/路/学校…) — unless they share a copied passage of PASSAGE characters,
    then they are a re-post and a positive —, distinct messages of the same masked district, and (with
    train.csv) distinct messages of the same label — hard, because they share the place or the topic."""
    rng = random.Random(seed)
    groups: dict[str, list[int]] = {}
    for i, m in enumerate(messages):
        for key in ("t:" + _norm_key(m.title), "d:" + _norm_key(m.detail)):
            if len(key) > 8:
                groups.setdefault(key, []).append(i)
    same_matter = set()
    pairs = []
    for members in groups.values():
        for x in range(len(members)):
            for y in range(x + 1, len(members)):
                i, j = members[x], members[y]
                if (i, j) not in same_matter:
                    same_matter.add((i, j))
                    pairs.append((messages[i].text, messages[j].text, True, "原始重复留言"))
    for i in rng.sample(range(len(messages)), min(paraphrases, len(messages))):
        variant, _ = paraphrase(messages[i].detail, rng)
        pairs.append((messages[i].text, f"{messages[i].title}\n{variant}" if rng.random() < 0.5 else variant, True, "生成改写"))

    def negatives_from(buckets: dict, kind: str, limit: int, texts) -> None:
        keys = [k for k, v in buckets.items() if len(v) > 1]
        seen, tries = 0, 0
        while seen < limit and keys and tries < limit * 20:
            tries += 1
            members = buckets[rng.choice(keys)]
            i, j = rng.sample(members, 2)
            i, j = min(i, j), max(i, j)
            if (i, j) in same_matter or _norm_key(texts[i]) == _norm_key(texts[j]):
                continue
            if shares_passage(texts[i], texts[j]):
                # A re-post under a new title (the same paragraph copied): the same matter, not a negative.
                same_matter.add((i, j))
                pairs.append((texts[i], texts[j], True, "改标题重发"))
                continue
            pairs.append((texts[i], texts[j], False, kind))
            seen += 1

    texts = [m.text for m in messages]
    by_place: dict[str, list[int]] = {}
    by_district: dict[str, list[int]] = {}
    for i, m in enumerate(messages):
        for place in sorted(set(_PLACE.findall(m.title))):
            by_place.setdefault(place, []).append(i)
        for district in sorted(set(_DISTRICT.findall(m.title + m.detail[:80]))):
            by_district.setdefault(district, []).append(i)
    negatives_from(by_place, "同一地点不同事项", negatives, texts)
    negatives_from(by_district, "同一区县不同事项", negatives, texts)
    if train_texts:
        by_label: dict[str, list[int]] = {}
        for i, (_, label) in enumerate(train_texts):
            by_label.setdefault(label, []).append(i)
        negatives_from(by_label, "同一标签不同事项", negatives, [t for t, _ in train_texts])
    return pairs


def score_pairs(pairs) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(text similarity, shares an LSH band, label) per pair; a pair is found only if it shares a band."""
    from .services import appeal_text, band_hashes, signatures_numpy

    left = signatures_numpy([appeal_text("", a) for a, _, _, _ in pairs])
    right = signatures_numpy([appeal_text("", b) for _, b, _, _ in pairs])
    similarity = (left == right).mean(axis=1)
    collide = (band_hashes(left) == band_hashes(right)).any(axis=1)
    labels = np.array([label for _, _, label, _ in pairs])
    return similarity, collide, labels


def metrics(similarity, collide, labels, threshold: float) -> dict:
    predicted = collide & (similarity >= threshold)
    tp = int((predicted & labels).sum())
    fp = int((predicted & ~labels).sum())
    fn = int((~predicted & labels).sum())
    precision = tp / (tp + fp) if tp + fp else 1.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"threshold": threshold, "tp": tp, "fp": fp, "fn": fn, "precision": precision, "recall": recall, "f1": f1}


def run_evaluate(command, *, data: str, seed: int, paraphrases: int, negatives: int, threshold: float | None, **options) -> None:
    from .selectors import CANDIDATE_THRESHOLD

    folder = Path(data)
    source = folder / "hotspot_messages.csv"
    if not source.exists():
        command.stdout.write(f"跳过:未找到真实留言数据 {source}(见 ../shared/data/README.md),无法评估一事多诉识别")
        return
    started = time.perf_counter()
    try:
        messages = load_messages(source)
        train_texts = None
        if (folder / "train.csv").exists():
            train_texts = [(r["text"], r["label"]) for _, r in open_table(folder / "train.csv", required={"text", "label"}, strip=False)]
    except TableError as error:
        raise CommandError(error.messages[0])
    pairs = build_pairs(messages, seed=seed, paraphrases=paraphrases, negatives=negatives, train_texts=train_texts)
    similarity, collide, labels = score_pairs(pairs)
    kinds = [kind for _, _, _, kind in pairs]
    chosen = CANDIDATE_THRESHOLD if threshold is None else threshold
    out = command.stdout.write
    out(f"标注对 {len(pairs)} 个:正例 {int(labels.sum())},负例 {int((~labels).sum())}(留言 {len(messages)} 条,种子 {seed})")
    for kind in dict.fromkeys(kinds):
        mask = np.array([k == kind for k in kinds])
        found = (collide & (similarity >= chosen))[mask]
        share = found.mean() if labels[mask].all() else (~found).mean()
        what = "识别率" if labels[mask].all() else "正确排除率"
        out(f"  {kind}: {int(mask.sum())} 对,{what} {share:.3f}")
    out("阈值   查准率  查全率  F1")
    for value in sorted(set(THRESHOLDS) | {chosen}):
        m = metrics(similarity, collide, labels, value)
        out(f"{value:.2f}   {m['precision']:.3f}   {m['recall']:.3f}   {m['f1']:.3f}{'  ← 采用' if value == chosen else ''}")
    m = metrics(similarity, collide, labels, chosen)
    out(f"用时 {time.perf_counter() - started:.1f} 秒")
    out(f"threshold={chosen:.2f} precision={m['precision']:.3f} recall={m['recall']:.3f} f1={m['f1']:.3f}")
