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

# The words of a task table's header, as pypdf gives them (a narrow header cell wraps: 「序\n号」, 「牵头\n单位」).
_COLUMN_WORD = re.compile(r"牵\s*头|责\s*任\s*单\s*位|责\s*任\s*部\s*门|配\s*合\s*单\s*位|完\s*成\s*时\s*限|完\s*成\s*时\s*间|时\s*间\s*节\s*点")
_CJK = r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef“”‘’、]"


def candidate_pages(pages: list[str]) -> list[int]:
    """Indexes of the pages from the first whose text names at least two of a task table's columns to the end: a
    table printed over several pages shows its header on the first only."""
    for index, text in enumerate(pages):
        if len(set(m.group(0) for m in _COLUMN_WORD.finditer(text))) >= 2:
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
                segments: list[tuple[str, object]] = []
                top = 0.0
                for table in tables:
                    _x0, table_top, _x1, table_bottom = table.bbox
                    if table_top > top:
                        segments.append(("text", page.crop((0, top, page.width, table_top)).extract_text() or ""))
                    segments.append(("table", [[unwrap_cell(cell) for cell in row] for row in table.extract()]))
                    top = max(top, table_bottom)
                if top < page.height:
                    segments.append(("text", page.crop((0, top, page.width, page.height)).extract_text() or ""))
                found[index] = segments
    except Exception:  # pdfminer raises many kinds of error on damaged files; pypdf's text stands
        logger.warning("plans.pdf_tables: table extraction failed, using the text layer", exc_info=True)
        return {}
    return found
