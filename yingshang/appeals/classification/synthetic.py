"""Synthetic but realistic appeals for the demo city (no real appeal may be committed).

Every leaf of the default taxonomy has hand-written problem statements in
``data/synthetic_phrases.csv`` (three per leaf, with slots such as ``{place}`` or ``{company}``). An
appeal is assembled the way people write to 12345: an optional title, a greeting, who is writing, when,
the problem, sometimes a second problem of a neighbouring label, how long it has dragged on, what they
ask for. Scraping artefacts of real platforms are added to part of the texts (``\\n\\t``, U+3000,
U+00A0, masked numbers), so that the demo exercises the same cleaning as real data.

The texts are deliberately not trivially separable: neighbouring labels share vocabulary, some texts
mention a sibling's problem, some are cut short, and a few labels are wrong (historical data is noisy;
``label_noise``), so a model trained on them has figures that look like real ones rather than 100 %.
"""

from __future__ import annotations

import csv
import random
from collections import defaultdict
from functools import lru_cache
from pathlib import Path
from typing import Sequence

import numpy as np

from .taxonomy import DATA_DIR

PHRASES_CSV = DATA_DIR / "synthetic_phrases.csv"
LEVEL_SEP = "/"

# The demo city's districts, counties and 先导区 (yingshang/core/data/dalian_units.csv); callers
# normally pass the places of their own organisation tree instead.
DEFAULT_PLACES = (
    "中山区", "西岗区", "沙河口区", "甘井子区", "旅顺口区", "金州区", "普兰店区", "长海县",
    "瓦房店市", "庄河市", "金普新区", "高新区",
)

_NAME_WORDS = ("锦绣", "阳光", "海景", "金色", "翠竹", "星海", "华府", "幸福", "和平", "春柳", "明珠", "东方",
               "新城", "绿洲", "山水", "泉水", "兴华", "富丽", "长春", "友谊", "滨海", "蓝湾", "丽景", "红旗")
_COMMUNITY_SUFFIXES = ("花园", "家园", "小区", "嘉园", "雅居", "公馆", "新村", "华庭")
_ROAD_SUFFIXES = ("路", "街", "大街", "北路", "南路", "西路")
_INDUSTRIES = ("科技", "机械制造", "建设工程", "商贸", "物流", "食品", "海洋科技", "精密机械", "软件",
               "装饰工程", "化工", "电子", "服装", "水产")
_SCHOOL_SUFFIXES = ("小学", "中学", "实验学校", "幼儿园", "第二中学")
_SHOP_KINDS = ("超市", "健身房", "美容院", "饭店", "家电商场", "便利店", "烧烤店", "母婴店", "药店")

_GREETINGS = ("尊敬的领导:", "您好!", "各位领导好,", "市长您好:", "你好,", "领导您好,")
_RESIDENT_INTROS = ("我是{place}的一名居民,", "本人是一名普通市民,", "我是{community}的业主,",
                    "我家住在{place},", "我是一名退休职工,", "我是外地来连务工人员,")
_ENTERPRISE_INTROS = ("我是{company}的负责人,", "我们是{place}的一家小微企业,", "我公司是一家民营企业,",
                      "我是个体工商户,在{place}经营一家小店,", "我们{company}是招商引资到{place}的企业,")
_WHEN = ("{month}月{day}日,", "从去年开始,", "最近一段时间,", "今年以来,", "上周,", "近{n}个月来,", "")
_DRAGGED_ON = ("我们已经多次向有关部门反映,一直没有得到解决。", "打过好几次电话,都说会处理,结果没有下文。",
               "这个问题已经持续很长时间了。", "周围很多人都有同样的遭遇。", "之前反映过一次,答复说已经处理,但实际情况没有任何变化。")
_SECOND_PROBLEM = ("另外,", "还有,", "同时,", "顺便反映一下,")
_DEMANDS = {
    "投诉": ("请有关部门尽快调查处理。", "希望相关部门严肃处理,给我们一个说法。", "恳请领导重视,尽快解决。"),
    "咨询": ("请问应该找哪个部门?", "希望给予详细答复,谢谢。", "麻烦告知具体办理流程和需要的材料。"),
    "求助": ("希望政府帮帮我们。", "恳请相关部门帮助协调解决。", "实在没有办法了,只能求助12345。"),
    "举报": ("请有关部门核实查处,我愿意配合调查。", "希望对举报人信息保密。", "请尽快依法查处。"),
    "建议": ("建议有关部门统筹考虑,尽快改进。", "希望能采纳我的建议。", "建议加强监管。"),
}
_APPEAL_TYPES = tuple(_DEMANDS)
_APPEAL_TYPE_WEIGHTS = (0.42, 0.2, 0.18, 0.1, 0.1)
_CLOSINGS = ("谢谢!", "盼复。", "此致敬礼!", "")
_CONTACT_NOISE = ("联系电话:*****。", "电话138****{n4}。", "联系人:王先生,电话:*****。", "身份证号*****。")
# The phrases are written with ASCII punctuation for easy editing; people type full-width punctuation.
_FULL_WIDTH_PUNCTUATION = str.maketrans({",": "，", ":": "：", "!": "！", "?": "？", "(": "（", ")": "）", ";": "；"})


@lru_cache(maxsize=2)
def load_phrases(path: str | Path = PHRASES_CSV) -> dict[str, tuple[str, ...]]:
    """{leaf label path: its problem statements}, in file order."""
    phrases: dict[str, list[str]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            phrases[row["label"].strip()].append(row["phrase"].strip())
    return {label: tuple(items) for label, items in phrases.items()}


def _as_generator(rng) -> np.random.Generator:
    if isinstance(rng, np.random.Generator):
        return rng
    if isinstance(rng, random.Random):
        return np.random.default_rng(rng.getrandbits(64))
    if rng is None or isinstance(rng, (int, np.integer)):
        return np.random.default_rng(rng)
    raise TypeError("rng 应为 numpy.random.Generator、random.Random 或整数种子")


class _Writer:
    """Assembles one appeal at a time from the phrases, with one random generator."""

    def __init__(self, rng: np.random.Generator, places: Sequence[str]):
        self.rng = rng
        self.places = tuple(places)

    def pick(self, options: Sequence[str]) -> str:
        return options[int(self.rng.integers(len(options)))]

    def chance(self, p: float) -> bool:
        return bool(self.rng.random() < p)

    def slots(self) -> dict[str, str]:
        word = self.pick(_NAME_WORDS)
        return {
            "place": self.pick(self.places),
            "community": word + self.pick(_COMMUNITY_SUFFIXES),
            "road": self.pick(_NAME_WORDS) + self.pick(_ROAD_SUFFIXES),
            "company": f"大连{self.pick(_NAME_WORDS)}{self.pick(_INDUSTRIES)}有限公司",
            "school": self.pick(_NAME_WORDS) + self.pick(_SCHOOL_SUFFIXES),
            "hospital": self.pick((f"市第{int(self.rng.integers(1, 8))}人民医院", f"{self.pick(self.places)}中心医院",
                                   f"{self.pick(_NAME_WORDS)}医院")),
            "shop": self.pick(_NAME_WORDS) + self.pick(_SHOP_KINDS),
            "amount": self.pick((f"{int(self.rng.integers(3, 900))}万元", f"{int(self.rng.integers(2, 99))}万余元",
                                 "*****元", f"{int(self.rng.integers(1000, 9999))}元")),
            "months": f"{int(self.rng.integers(2, 13))}个月",
            "month": str(int(self.rng.integers(1, 13))),
            "day": str(int(self.rng.integers(1, 29))),
            "n": str(int(self.rng.integers(2, 7))),
            "n4": f"{int(self.rng.integers(0, 10000)):04d}",
        }

    def shorten(self, clause: str) -> str:
        """The first part of a statement, as in hasty or truncated messages."""
        parts = [p for p in clause.split(",") if p]
        return parts[0] if len(parts) > 1 else clause

    def title(self, clause: str, leaf_name: str, appeal_type: str, slots: dict[str, str]) -> str:
        short = self.shorten(clause)[:24]
        form = self.rng.random()
        if form < 0.45:
            return short
        if form < 0.7:
            return f"{slots['place']}{short}" if slots["place"] not in short else short
        if form < 0.85:
            return f"{appeal_type}:{short}"
        return f"关于{leaf_name}问题的{appeal_type}"

    def appeal(self, leaf: str, phrases: dict[str, tuple[str, ...]], siblings: Sequence[str]) -> str:
        slots = self.slots()

        def pick_filled(options: Sequence[str]) -> str:
            return self.pick(options).format_map(slots)

        own = phrases[leaf]
        appeal_type = self.pick_weighted(_APPEAL_TYPES, _APPEAL_TYPE_WEIGHTS)
        main_template = self.pick(own)
        main = main_template.format_map(slots)
        if self.chance(0.12):
            main = self.shorten(main)
        enterprise = leaf.startswith("营商环境") != self.chance(0.15)
        body = []
        if self.chance(0.55):
            body.append(self.pick(_GREETINGS))
        if self.chance(0.6):
            body.append(pick_filled(_ENTERPRISE_INTROS if enterprise else _RESIDENT_INTROS))
        body.append(pick_filled(_WHEN) + main + "。")
        if self.chance(0.25):
            others = [p for p in own if p != main_template]
            if others:
                body.append(pick_filled(others) + "。")
        if siblings and self.chance(0.18):
            # A second, neighbouring problem in the same message: the label stays the main problem's.
            body.append(self.pick(_SECOND_PROBLEM) + pick_filled(phrases[self.pick(siblings)]) + "。")
        if self.chance(0.45):
            body.append(self.pick(_DRAGGED_ON))
        body.append(self.pick(_DEMANDS[appeal_type]))
        if self.chance(0.15):
            body.append(pick_filled(_CONTACT_NOISE))
        body.append(self.pick(_CLOSINGS))
        text = "".join(body)
        if self.chance(0.6):
            text = self.title(main, leaf.rsplit(LEVEL_SEP, 1)[-1], appeal_type, slots) + "\n" + text
        return self.scrape_noise(text.translate(_FULL_WIDTH_PUNCTUATION))

    def scrape_noise(self, text: str) -> str:
        """Whitespace as copied from real platforms: tab-indented newlines, ideographic and no-break spaces."""
        roll = self.rng.random()
        if roll < 0.15:
            return "\n\t\t\t\t\n\t\t\t\t" + text.replace("\n", "\n\t\t\t\t") + "\n\t\t\t\t"
        if roll < 0.25:
            return "\u3000\u3000" + text.replace("。", "。\u3000", 1)
        if roll < 0.3:
            return text.replace(",", ",\u00a0", 1)
        return text

    def pick_weighted(self, options: Sequence[str], weights: Sequence[float]) -> str:
        return options[int(self.rng.choice(len(options), p=np.asarray(weights) / sum(weights)))]


def generate_appeals(n: int, rng=None, places: Sequence[str] | None = None, *,
                     labels: Sequence[str] | None = None, label_noise: float = 0.04,
                     skew: float = 0.8) -> list[tuple[str, str]]:
    """``n`` synthetic appeals as (text, label path) pairs, reproducible from ``rng``.

    ``rng``: a ``numpy.random.Generator`` (what the demo passes), a ``random.Random`` or an int seed.
    ``places``: place names to mention (districts, streets of the demo city's organisation tree);
    defaults to the demo city's districts. ``labels``: restrict to these leaves (default: every leaf
    with phrases). ``label_noise``: share of appeals whose label is replaced by a sibling's, like the
    mislabelled part of a real history. ``skew``: how unevenly labels occur (0 = uniform; the default
    gives a few frequent labels and a long tail, as on a real hotline).
    """
    if n < 0:
        raise ValueError("n 不能为负数")
    generator = _as_generator(rng)
    phrases = load_phrases()
    leaves = list(labels) if labels is not None else list(phrases)
    unknown = [label for label in leaves if label not in phrases]
    if unknown:
        raise ValueError(f"以下标签没有示例语句,无法生成:{'、'.join(unknown[:5])}")
    if not leaves:
        return []
    places = tuple(p for p in (places or DEFAULT_PLACES) if p) or DEFAULT_PLACES
    by_parent: dict[str, list[str]] = defaultdict(list)
    for leaf in leaves:
        by_parent[leaf.rsplit(LEVEL_SEP, 1)[0]].append(leaf)
    siblings = {leaf: [s for s in by_parent[leaf.rsplit(LEVEL_SEP, 1)[0]] if s != leaf] for leaf in leaves}

    ranks = generator.permutation(len(leaves)) + 1
    weights = 1.0 / ranks.astype(float) ** skew
    weights /= weights.sum()
    chosen = generator.choice(len(leaves), size=n, p=weights)
    writer = _Writer(generator, places)
    appeals = []
    for index in chosen:
        leaf = leaves[int(index)]
        text = writer.appeal(leaf, phrases, siblings[leaf])
        label = leaf
        if siblings[leaf] and writer.chance(label_noise):
            label = writer.pick(siblings[leaf])
        appeals.append((text, label))
    return appeals
