"""Limits on text: plain-text and HTML uploads, and the text extracted from any document."""

from __future__ import annotations

import re

from .i18n import gettext as _

from .errors import DocumentRefused
from .limits import DocumentLimits


def size_text(size: int) -> str:
    """A size as people say it: 50 MB, 1.5 MB, 512 KB."""
    if size >= 1048576:
        return f"{size / 1048576:.1f}".rstrip("0").rstrip(".") + " MB"
    return f"{max(1, round(size / 1024))} KB"


_LINE_BREAK = re.compile(r"\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")


def check_text(text: str, *, limits: DocumentLimits, what: str) -> None:
    """Refuse text with more lines than ``max_lines`` or a line longer than ``max_line_chars`` characters.

    Linear in the text and without building a list of its lines; line breaks are those of ``str.splitlines``.
    """
    lines, longest, start = 0, 0, 0
    for match in _LINE_BREAK.finditer(text):
        longest = max(longest, match.start() - start)
        start = match.end()
        lines += 1
        if lines > limits.max_lines:
            raise DocumentRefused(
                _("%(what)s超过 %(limit)s 行的上限,未读取。") % {"what": what, "limit": f"{limits.max_lines:,}"}, "lines")
    longest = max(longest, len(text) - start)
    if longest > limits.max_line_chars:
        raise DocumentRefused(
            _("%(what)s中有一行长达 %(n)s 个字符,超过 %(limit)s 个字符的上限,未读取。")
            % {"what": what, "n": f"{longest:,}", "limit": f"{limits.max_line_chars:,}"},
            "line_length",
        )


def check_html(data: bytes | str, *, limits: DocumentLimits, what: str) -> None:
    """Refuse markup with more tags than ``max_html_tags`` (counted before any parser runs)."""
    tags = data.count(b"<" if isinstance(data, bytes) else "<")
    if tags > limits.max_html_tags:
        raise DocumentRefused(
            _("%(what)s中的 HTML 标签超过 %(limit)s 个的上限,未读取。") % {"what": what, "limit": f"{limits.max_html_tags:,}"}, "html_tags")
