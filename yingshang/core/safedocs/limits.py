"""The limits every reader of an uploaded document checks before it builds anything.

One dataclass, one setting: ``YINGSHANG_DOCUMENT_LIMITS`` (a dict of the field names below) overrides the
defaults. The defaults are generous for real files (a 300-page plan, a 200,000-row registry workbook)
and far below what hurts a server (the 179 KB .docx that unpacked to 50 MB of paragraphs).
"""

from __future__ import annotations

from dataclasses import dataclass, fields, replace

MB = 1024 * 1024


@dataclass(frozen=True)
class DocumentLimits:
    # Archives (.docx, .xlsx and every other zip-based format).
    max_unpacked_bytes: int = 100 * MB  # all entries together, as declared and as actually read
    max_entries: int = 2000
    max_ratio: int = 100  # unpacked / packed size of one entry…
    ratio_floor_bytes: int = 1 * MB  # …judged only for entries that unpack to more than this
    max_depth: int = 1  # archives inside the archive that are opened (a .xlsx embedded in a .docx: 1)
    # XML inside archives (DOCTYPE/entities are always refused).
    max_xml_elements: int = 10_000_000
    max_paragraphs: int = 20_000  # Word paragraphs and table rows
    max_rows: int = 200_000  # worksheet rows, all sheets together
    max_cells: int = 3_000_000
    # PDF.
    max_pdf_objects: int = 200_000  # declared or counted
    max_pdf_pages: int = 2_000
    # Text (plain text, HTML, and the text extracted from any document).
    max_lines: int = 50_000
    max_line_chars: int = 200_000
    max_html_tags: int = 500_000
    # The parse itself, in a child process (core/safedocs/budget.py).
    parse_seconds: float = 30.0
    parse_memory_bytes: int = 768 * MB


def document_limits(**overrides) -> DocumentLimits:
    """The limits in force: defaults ← ``settings.YINGSHANG_DOCUMENT_LIMITS`` ← ``overrides``."""
    from django.conf import settings

    configured = dict(getattr(settings, "YINGSHANG_DOCUMENT_LIMITS", None) or {}) if settings.configured else {}
    known = {f.name for f in fields(DocumentLimits)}
    unknown = set(configured) - known
    if unknown:
        raise ValueError(f"YINGSHANG_DOCUMENT_LIMITS has unknown keys: {', '.join(sorted(unknown))}")
    return replace(DocumentLimits(), **configured, **overrides)
