"""Task tables in a PDF, read cell by cell.

Most 分工方案 are published as PDF, and most of those are a ruled table (序号 / 任务 / 牵头单位 / 完成时限) made in
Word. pypdf's text of such a page gives each cell's wrapped lines one after another, row by row and cell by cell, so
the table's columns cannot be told apart any more. pdfplumber finds the table from its ruling lines and gives every
cell's own text; the rows then go through the same reader as a DOCX or HTML table (``table_rows_to_lines``).

Only the pages from the first whose pypdf text names a table's columns are looked at (pdfplumber is slow on long
documents), and the PDF has already passed ``safedocs.open_pdf`` and pypdf's own limits (the same streams were decoded
for its text); the whole parse runs under the document budget of ``safedocs.run_bounded``. Any error falls back to the
text pypdf gave: a page read less well is better than a refused file.
"""

from __future__ import annotations

import io
import logging
import re

logger = logging.getLogger(__name__)

# A task table's header cells as pypdf gives them: short lines of their own (a narrow cell wraps: 「序」「号」,
# 「牵头」「单位」) naming the units or the time, or the row number.
_COLUMN_CELL = re.compile(
    r"序\s*号?|编\s*号|.{0,6}(?:牵头|责任|配合|协同|主责|协办|单位|部门|科室|处室|时限|时间|期限|节点).{0,4}"
    r"|(?:重点|主要|具体|工作)(?:工作|任务|措施|举措)(?:内容)?"
)
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、]"


def candidate_pages(pages: list[str]) -> list[int]:
    """Indexes of the pages from the first whose text has two header cells of a task table (序号, 责任单位, 完成时限 …)
    to the end: a table printed over several pages shows its header on the first only."""
    from .cleanup import to_simplified

    for index, text in enumerate(pages):
        short = [line.strip() for line in text.split("\n") if 0 < len(line.strip()) <= 12]
        # (a header in traditional characters, 序號 / 責任單位, names the same columns)
        cells = {line for line in short if _COLUMN_CELL.fullmatch(line) or _COLUMN_CELL.fullmatch(to_simplified(line))}
        if len(cells) >= 2:
            return list(range(index, len(pages)))
    return []


def unwrap_cell(text: str | None) -> str:
    """A cell's wrapped lines as one: joined with nothing between Chinese characters, with a space otherwise."""
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    joined = ""
    for line in lines:
        if joined and not (re.search(rf"{_CJK}$", joined) or re.match(_CJK, line)):
            joined += " "
        joined += line
    return joined


_SENTENCE_END = tuple("。；;：:！!？?”）)")


def _paragraphs(region, right: float) -> str:
    """The text of a region of the page, a line that reaches the right margin joined to the next (it wrapped): the
    title block above a table keeps its short lines, a paragraph of the cover notice becomes one line again."""
    from .fields import is_field_line
    from .structure import detect_marker

    paragraphs: list[str] = []
    reaches_margin = False
    for line in region.extract_text_lines():
        text = line["text"].strip()
        if not text:
            continue
        if paragraphs and reaches_margin and not paragraphs[-1].endswith(_SENTENCE_END) and not (
            detect_marker(text) is not None or is_field_line(text)
        ):
            paragraphs[-1] += text
        else:
            paragraphs.append(text)
        size = max((char.get("size", 10) for char in line.get("chars", [])), default=10)
        reaches_margin = line["x1"] >= right - 1.5 * size
    return "\n".join(paragraphs)


def table_segments(data: bytes, pages: list[int]) -> dict[int, list[tuple[str, object]]]:
    """For each of ``pages`` (indexes) that holds a ruled table of at least two rows: its content in order,
    ``("text", str)`` for what lies above, between and below the tables and ``("table", rows)`` for each table.
    Pages without such a table are left out; so is every page when the PDF cannot be read this way."""
    if not pages:
        return {}
    try:
        import pdfplumber
    except ImportError:  # pragma: no cover - a declared dependency
        return {}
    found: dict[int, list[tuple[str, object]]] = {}
    try:
        with pdfplumber.open(io.BytesIO(data)) as pdf:
            for index in pages:
                page = pdf.pages[index]
                tables = sorted((t for t in page.find_tables() if len(t.rows) >= 2), key=lambda t: t.bbox[1])
                if not tables:
                    continue
                right = max((line["x1"] for line in page.extract_text_lines()), default=page.width)
                segments: list[tuple[str, object]] = []
                top = 0.0
                for table in tables:
                    _x0, table_top, _x1, table_bottom = table.bbox
                    if table_top > top:
                        segments.append(("text", _paragraphs(page.crop((0, top, page.width, table_top)), right)))
                    segments.append(("table", [[unwrap_cell(cell) for cell in row] for row in table.extract()]))
                    top = max(top, table_bottom)
                if top < page.height:
                    segments.append(("text", _paragraphs(page.crop((0, top, page.width, page.height)), right)))
                found[index] = segments
    except Exception:  # pdfminer raises many kinds of error on damaged files; pypdf's text stands
        logger.warning("plans.pdf_tables: table extraction failed, using the text layer", exc_info=True)
        return {}
    return found
