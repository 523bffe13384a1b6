"""PDF files checked before pypdf opens them.

pypdf trusts the numbers a file declares: an xref subsection header ``0 1000000000`` or a trailer
``/Size 1000000000`` makes it loop or allocate for as long as the number says, a page tree ``/Count``
does the same for pages. Those numbers are read here from the raw bytes (a regular-expression scan,
linear in the file) and refused above the limits; the objects actually present are counted too.
pypdf's own stream decompression limit (75 MB per stream) stays in force behind this.
"""

from __future__ import annotations

import io
import re

from .i18n import gettext as _

from .errors import DocumentRefused
from .limits import DocumentLimits

_DECLARED_COUNTS = re.compile(rb"/(Size|Count|N)\s+(\d{1,30})")
_SUBSECTION_HEADER = re.compile(rb"(\d{1,30})\s+(\d{1,30})\s*(?=\r?\n|\r|$)")
_OBJECT = re.compile(rb"\d+\s+\d+\s+obj\b")


def _too_many_objects(what: str, n: int, limits: DocumentLimits) -> DocumentRefused:
    return DocumentRefused(
        _("%(what)s声明了 %(n)s 个对象,超过 %(limit)s 个的上限(文件可能被篡改),未读取。")
        % {"what": what, "n": f"{n:,}", "limit": f"{limits.max_pdf_objects:,}"},
        "pdf_objects",
    )


def inspect_pdf(data: bytes, *, limits: DocumentLimits, what: str) -> None:
    """Refuse a PDF whose declared or actual object or page counts exceed ``limits``."""
    if not data.lstrip()[:5] == b"%PDF-":
        raise DocumentRefused(_("%(what)s不是有效的 PDF 文件,无法读取。") % {"what": what}, "damaged")
    for match in _DECLARED_COUNTS.finditer(data):
        key, value = match.group(1), int(match.group(2))
        if key in (b"Size", b"N") and value > limits.max_pdf_objects:
            raise _too_many_objects(what, value, limits)
        if key == b"Count" and value > limits.max_pdf_pages:
            raise DocumentRefused(
                _("%(what)s声明了 %(n)s 页,超过 %(limit)s 页的上限,未读取。") % {"what": what, "n": f"{value:,}", "limit": f"{limits.max_pdf_pages:,}"},
                "pdf_pages",
            )
    for section in re.finditer(rb"xref\s+", data):
        # The subsection headers that follow each "xref": "first count", then count entries of 20 bytes.
        for header in _SUBSECTION_HEADER.finditer(data, section.end(), min(len(data), section.end() + 64)):
            first, count = int(header.group(1)), int(header.group(2))
            if count > limits.max_pdf_objects or first > limits.max_pdf_objects:
                raise _too_many_objects(what, max(first, count), limits)
            break
    objects = sum(1 for _match in _OBJECT.finditer(data))
    if objects > limits.max_pdf_objects:
        raise _too_many_objects(what, objects, limits)


def open_pdf(data: bytes, *, limits: DocumentLimits, what: str):
    """A pypdf ``PdfReader`` over ``data`` once it passed :func:`inspect_pdf`, with its page count checked."""
    inspect_pdf(data, limits=limits, what=what)
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    pages = len(reader.pages)
    if pages > limits.max_pdf_pages:
        raise DocumentRefused(
            _("%(what)s有 %(n)s 页,超过 %(limit)s 页的上限,未读取。") % {"what": what, "n": f"{pages:,}", "limit": f"{limits.max_pdf_pages:,}"},
            "pdf_pages",
        )
    return reader
