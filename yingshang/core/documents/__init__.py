"""The document service: one way to print anything (bulletins now, every later printable too).

Apps build a :class:`Document` (title, 红头, 文号, date, sections of paragraphs/tables/charts, 落款,
marking) from their own content and call :func:`render_docx` / :func:`render_pdf`. The DOCX comes from
the editable template of the document's kind (docs/core.md, 文书服务); the PDF embeds a subset of a
CJK font installed from npm, so it reads the same on a machine with no Chinese font.
"""

from __future__ import annotations

from .kinds import document_kinds, register_document_kind
from .model import Chart, Document, Paragraph, Section, Series, Table

__all__ = [
    "Chart", "Document", "Paragraph", "Section", "Series", "Table",
    "document_kinds", "register_document_kind", "render_docx", "render_pdf",
]


def render_docx(document: Document) -> bytes:
    """``document`` as DOCX, from the template of its kind (the staff's override or the default)."""
    from .templates import template_for
    from .word import render_docx as fill

    return fill(document, template_for(document.kind))


def render_pdf(document: Document) -> bytes:
    """``document`` as PDF with the CJK font embedded (subset)."""
    from .pdf import render_pdf as draw

    return draw(document)
