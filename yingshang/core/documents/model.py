"""The printable document, independent of any app's models and of the output format.

An app's content builder turns its stored content into a :class:`Document`; :func:`render_docx` and
:func:`render_pdf` (the only renderers) turn it into files. The structure follows the 党政机关公文
layout (GB/T 9704): 密级/公开 marking, 红头 (issuing body), 文号, title, body sections, 落款 and date.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass
class Paragraph:
    text: str


@dataclass
class Table:
    header: list[str]
    rows: list[list[str]]
    # Relative column widths (any scale); None: equal columns.
    widths: list[float] | None = None


@dataclass
class Series:
    """One line (or, with ``line=False``, a set of dots) of a chart."""

    label: str
    points: list[tuple[float, float]]
    color: str = "#1f6feb"
    dashed: bool = False
    line: bool = True


@dataclass
class Chart:
    """A line/scatter chart. The PDF draws it as vector graphics, the DOCX as a picture of the same
    drawing (core/documents/raster.py); its caption is printed under it."""

    caption: str
    series: list[Series]
    x_label: str = ""
    y_label: str = ""
    y_percent: bool = False
    y_min: float | None = None
    y_max: float | None = None


Block = Paragraph | Table | Chart


@dataclass
class Section:
    heading: str | None
    blocks: list[Block] = field(default_factory=list)
    level: int = 1  # 1: 一、…; 2: (一)…


@dataclass
class Document:
    kind: str  # a registered document kind: picks the staff's DOCX template override, if any
    title: str
    sections: list[Section]
    issuer: str = ""  # 红头: the issuing body, e.g. 大连市营商环境建设局
    number: str = ""  # 文号, e.g. 大营商通〔2026〕7号
    date: dt.date | None = None  # 成文日期, printed under the 落款
    signature: str = ""  # 落款: the issuing body's name at the end
    subtitle: str = ""  # a line under the title (period, data as of …)
    marking: str = ""  # 密级/公开 marking printed top left, e.g. 内部资料 or 公开
    author: str = "营商通"

    @property
    def date_text(self) -> str:
        """The date as 公文 write it: 2026年12月3日 (no leading zeros)."""
        return f"{self.date.year}年{self.date.month}月{self.date.day}日" if self.date else ""

    def text(self) -> str:
        """All the document's words, in reading order (search, tests, plain-text fallbacks)."""
        parts = [self.marking, self.issuer, self.number, self.title, self.subtitle]
        for section in self.sections:
            parts.append(section.heading or "")
            for block in section.blocks:
                if isinstance(block, Paragraph):
                    parts.append(block.text)
                elif isinstance(block, Table):
                    parts += [" ".join(block.header), *(" ".join(row) for row in block.rows)]
                elif isinstance(block, Chart):
                    parts.append(block.caption)
        parts += [self.signature, self.date_text]
        return "\n".join(p for p in parts if p)
