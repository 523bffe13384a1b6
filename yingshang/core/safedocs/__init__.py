"""Guarded reading of uploaded documents: one place for every limit (issue #12, hostile documents).

Every reader of a file that comes from outside goes through here before a library builds anything:

- ``inspect_zip`` — .docx, .xlsx and any zip-based format: entries, unpacked size (declared and read),
  per-entry compression ratio, nested archives, and every XML part parsed safely (no DTD, no entity
  expansion, no network), its elements counted;
- ``open_docx`` — a python-docx ``Document`` after ``inspect_zip`` and the paragraph/row limit;
- ``inspect_workbook`` — an .xlsx/.xlsm workbook before calamine reads it (rows and cells);
- ``inspect_pdf`` / ``open_pdf`` — declared object and page counts before pypdf;
- ``check_text`` / ``check_html`` — lines, longest line, tags;
- ``run_bounded`` — the parse itself in a child process with a time and a memory budget.

Limits are ``DocumentLimits`` (``document_limits()`` reads ``settings.YINGSHANG_DOCUMENT_LIMITS``); a
violation raises ``DocumentRefused`` (a ``ValidationError`` with a Chinese message and a ``code``).
"""

from __future__ import annotations

import io

from .i18n import gettext as _

from .archives import ArchiveReport, inspect_zip, safe_xml_parser_options
from .budget import run_bounded
from .errors import DocumentRefused
from .limits import DocumentLimits, document_limits
from .pdf import inspect_pdf, open_pdf
from .text import check_html, check_text, size_text

__all__ = [
    "ArchiveReport", "DocumentLimits", "DocumentRefused", "check_html", "check_text", "document_limits", "inspect_pdf",
    "inspect_workbook", "inspect_zip", "open_docx", "open_pdf", "run_bounded", "safe_xml_parser_options", "size_text",
]


def open_docx(data: bytes, *, limits: DocumentLimits | None = None, what: str | None = None):
    """A python-docx ``Document`` of ``data``, once the archive and its XML passed the limits."""
    limits = limits or document_limits()
    what = what or _("该 Word 文件")
    report = inspect_zip(data, limits=limits, what=what)
    paragraphs = report.count("p", "word/") + report.count("tr", "word/")
    if paragraphs > limits.max_paragraphs:
        raise DocumentRefused(
            _("%(what)s有 %(n)s 个段落和表格行,超过 %(limit)s 的上限,未读取。") % {"what": what, "n": f"{paragraphs:,}", "limit": f"{limits.max_paragraphs:,}"},
            "paragraphs",
        )
    if "word/document.xml" not in report.counts:
        raise DocumentRefused(_("%(what)s不是有效的 .docx 文档(缺少正文部分),无法读取。") % {"what": what}, "damaged")
    from docx import Document

    try:
        return Document(io.BytesIO(data))
    except Exception as error:  # python-docx raises KeyError, ValueError, lxml and zip errors on broken packages
        raise DocumentRefused(_("%(what)s已损坏或不是 .docx 格式,无法读取。") % {"what": what}, "damaged") from error


def inspect_workbook(stream, *, limits: DocumentLimits | None = None, what: str | None = None) -> ArchiveReport:
    """Check an .xlsx/.xlsm workbook (a zip) against the limits before a reader loads its sheets."""
    limits = limits or document_limits()
    what = what or _("该 Excel 文件")
    report = inspect_zip(stream, limits=limits, what=what)
    rows, cells = report.count("row", "xl/worksheets/"), report.count("c", "xl/worksheets/")
    if rows > limits.max_rows:
        raise DocumentRefused(
            _("%(what)s有 %(n)s 行,超过 %(limit)s 行的上限,未读取。请分批导入。") % {"what": what, "n": f"{rows:,}", "limit": f"{limits.max_rows:,}"},
            "rows",
        )
    if cells > limits.max_cells:
        raise DocumentRefused(
            _("%(what)s有 %(n)s 个单元格,超过 %(limit)s 个的上限,未读取。请分批导入。") % {"what": what, "n": f"{cells:,}", "limit": f"{limits.max_cells:,}"},
            "cells",
        )
    return report
