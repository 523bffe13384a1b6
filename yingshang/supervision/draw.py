"""The 双随机 draw rule, in one place and without Django: the pages, the command line, the verifier and the
benchmark all call these functions, and docs/supervision.md gives a 20-line script that does the same.

The rule (RFC 3797 in spirit: anyone holding the public frame and the later seed reproduces the draw):

1. **Frame.** The eligible enterprises as ``credit_code,risk_class`` rows, sorted by credit code, under the
   header ``credit_code,risk_class``, lines ending in ``\\n``, UTF-8 — the *canonical frame CSV*. Its SHA-256
   is published before the seed is fixed.
2. **Enterprises.** Per risk class (A, B, C, D), rank the class's enterprises by the lowercase hex
   ``SHA-256(seed + "|" + credit_code)`` ascending and take the first ``ceil(ratio × n)`` (ratio read as a
   decimal number, so 0.1 × 30 is exactly 3; n is the class's size in the frame).
3. **Inspectors.** For each drawn enterprise, rank the competent department's inspectors with a valid
   certificate by ``SHA-256(seed + "|" + credit_code + "|" + certificate_no)`` ascending, skip the recused
   ones (declared a conflict with the enterprise, or one of the two who inspected it last time) and take
   the first two. Fewer than two left: the enterprise is listed with no inspectors (待补派).
"""

from __future__ import annotations

import csv
import hashlib
import io
import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

CLASSES = ("A", "B", "C", "D")
FRAME_HEADER = ("credit_code", "risk_class")
DRAW_HEADER = ("credit_code", "risk_class", "inspectors")


class DrawError(ValueError):
    """Bad input to a draw (a ratio outside 0–1, a class outside A–D, an empty seed); the message is Chinese."""


def parse_ratios(text: str | Mapping[str, object]) -> dict[str, Decimal]:
    """``"A=0.03,B=0.05,C=0.1,D=0.2"`` (or a mapping) as exact decimals; a class left out gets 0."""
    items = text.items() if isinstance(text, Mapping) else (part.split("=", 1) if "=" in part else (part, "") for part in str(text).split(",") if part.strip())
    ratios = {cls: Decimal(0) for cls in CLASSES}
    for key, value in items:
        cls = str(key).strip().upper()
        if cls not in CLASSES:
            raise DrawError(f"风险类别“{key}”无效,应为 A、B、C、D 之一")
        try:
            ratio = Decimal(str(value).strip())
        except InvalidOperation:
            raise DrawError(f"{cls} 类抽查比例“{value}”不是数字") from None
        if not (0 <= ratio <= 1):
            raise DrawError(f"{cls} 类抽查比例须在 0 与 1 之间,现为 {value}")
        ratios[cls] = ratio
    return ratios


def format_ratios(ratios: Mapping[str, Decimal]) -> str:
    return ",".join(f"{cls}={ratios.get(cls, 0)}" for cls in CLASSES)


def canonical_frame(rows: Iterable[tuple[str, str]]) -> str:
    """The canonical frame CSV text of ``(credit_code, risk_class)`` rows (sorted, deduplicated)."""
    lines = ["credit_code,risk_class"]
    seen = set()
    for code, cls in sorted((str(c).strip().upper(), str(k).strip().upper()) for c, k in rows):
        if cls not in CLASSES:
            raise DrawError(f"统一社会信用代码 {code} 的风险类别“{cls}”无效")
        if code in seen:
            raise DrawError(f"统一社会信用代码 {code} 在抽查名录中重复")
        seen.add(code)
        lines.append(f"{code},{cls}")
    return "\n".join(lines) + "\n"


def frame_sha256(frame_text: str) -> str:
    return hashlib.sha256(frame_text.encode("utf-8")).hexdigest()


def read_frame(text: str) -> list[tuple[str, str]]:
    """Frame rows from a frame CSV (any order; a BOM and CRLF are tolerated)."""
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header[:2]) != FRAME_HEADER:
        raise DrawError("抽查名录的表头应为 credit_code,risk_class")
    rows = [(r[0].strip().upper(), r[1].strip().upper()) for r in reader if r and r[0].strip()]
    canonical_frame(rows)  # validates classes and duplicates
    return rows


def _check_seed(seed: str) -> str:
    seed = str(seed or "")
    if not seed.strip():
        raise DrawError("随机种子不能为空")
    return seed


def draw_enterprises(frame: Iterable[tuple[str, str]], seed: str, ratios: Mapping[str, Decimal]) -> list[tuple[str, str]]:
    """The drawn ``(credit_code, risk_class)`` rows: class by class (A…D), each in rank order."""
    prefix = _check_seed(seed).encode("utf-8") + b"|"
    by_class: dict[str, list[tuple[str, str]]] = {cls: [] for cls in CLASSES}
    sha = hashlib.sha256
    for code, cls in frame:
        by_class[cls].append((sha(prefix + code.encode("utf-8")).digest(), code))  # raw digests sort as their hex does
    drawn = []
    for cls in CLASSES:
        ranked = by_class[cls]
        take = math.ceil(Decimal(ratios.get(cls, 0)) * len(ranked))
        if take:
            ranked.sort()
            drawn.extend((code, cls) for _, code in ranked[:take])
    return drawn


@dataclass
class InspectorPool:
    """The competent department's inspectors with a valid certificate, and who is recused where."""

    certificates: list[str]
    recused: dict[str, set[str]] = field(default_factory=dict)  # credit_code → certificate numbers recused for it

    def recused_for(self, credit_code: str) -> set[str]:
        return self.recused.get(credit_code, set())


def pick_inspectors(seed: str, credit_code: str, pool: InspectorPool, count: int = 2) -> list[str]:
    """The ``count`` inspectors of rule 3 for one enterprise (fewer when too many are recused: 待补派)."""
    base = hashlib.sha256(f"{seed}|{credit_code}|".encode("utf-8"))
    recused = pool.recused_for(credit_code)
    ranked = []
    for cert in pool.certificates:
        if cert in recused:
            continue
        h = base.copy()
        h.update(cert.encode("utf-8"))
        ranked.append((h.digest(), cert))
    if len(ranked) < count:
        return []
    ranked.sort()
    return [cert for _, cert in ranked[:count]]


def draw(frame: Iterable[tuple[str, str]], seed: str, ratios: Mapping[str, Decimal], pool: InspectorPool | None = None) -> list[tuple[str, str, list[str]]]:
    """Enterprises and, when a pool is given, their two inspectors: ``(credit_code, risk_class, [cert, cert])``."""
    chosen = draw_enterprises(frame, seed, ratios)
    if pool is None:
        return [(code, cls, []) for code, cls in chosen]
    return [(code, cls, pick_inspectors(seed, code, pool)) for code, cls in chosen]


def draw_csv(rows: Iterable[tuple[str, str, list[str]]]) -> str:
    lines = [",".join(DRAW_HEADER)]
    lines += [f"{code},{cls},{';'.join(certs)}" for code, cls, certs in rows]
    return "\n".join(lines) + "\n"


def read_draw(text: str) -> list[tuple[str, str, list[str]]]:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or tuple(h.strip() for h in header[:2]) != DRAW_HEADER[:2]:
        raise DrawError("抽查结果的表头应为 credit_code,risk_class,inspectors")
    rows = []
    for r in reader:
        if r and r[0].strip():
            certs = [c for c in (r[2].split(";") if len(r) > 2 else []) if c.strip()]
            rows.append((r[0].strip().upper(), r[1].strip().upper(), [c.strip() for c in certs]))
    return rows


def pool_csv(pool: InspectorPool) -> str:
    """The public inspector pool: ``certificate_no,recused_credit_codes`` (certificate numbers only, no names)."""
    by_cert: dict[str, set[str]] = {cert: set() for cert in pool.certificates}
    for code, certs in pool.recused.items():
        for cert in certs:
            by_cert.setdefault(cert, set()).add(code)
    lines = ["certificate_no,recused_credit_codes"] + [f"{cert},{';'.join(sorted(codes))}" for cert, codes in sorted(by_cert.items())]
    return "\n".join(lines) + "\n"


def read_pool(text: str) -> InspectorPool:
    reader = csv.reader(io.StringIO(text.lstrip("\ufeff")))
    header = next(reader, None)
    if header is None or header[0].strip() != "certificate_no":
        raise DrawError("执法人员名录的表头应为 certificate_no,recused_credit_codes")
    pool = InspectorPool(certificates=[])
    for r in reader:
        if r and r[0].strip():
            cert = r[0].strip()
            pool.certificates.append(cert)
            for code in (r[1].split(";") if len(r) > 1 else []):
                if code.strip():
                    pool.recused.setdefault(code.strip().upper(), set()).add(cert)
    return pool


def verify(frame: list[tuple[str, str]], seed: str, ratios: Mapping[str, Decimal], published: list[tuple[str, str, list[str]]],
           pool: InspectorPool | None = None) -> str | None:
    """None when ``published`` is exactly the draw of the rule; else the first difference, in Chinese."""
    expected = draw(frame, seed, ratios, pool)
    for index, (want, got) in enumerate(zip(expected, published), start=1):
        if want[:2] != got[:2]:
            return f"第 {index} 行不同:应为 {want[0]},{want[1]},实为 {got[0]},{got[1]}"
        if pool is not None and list(want[2]) != list(got[2]):
            return f"第 {index} 行 {want[0]} 的执法人员不同:应为 {';'.join(want[2]) or '(待补派)'},实为 {';'.join(got[2]) or '(空)'}"
    if len(expected) != len(published):
        if len(expected) > len(published):
            extra = expected[len(published)]
            return f"缺少第 {len(published) + 1} 行:应为 {extra[0]},{extra[1]}(应抽 {len(expected)} 户,实列 {len(published)} 户)"
        extra = published[len(expected)]
        return f"多出第 {len(expected) + 1} 行:{extra[0]},{extra[1]}(应抽 {len(expected)} 户,实列 {len(published)} 户)"
    return None
