"""The one error a guarded reader raises: a document refused before (or while) it is read."""

from __future__ import annotations

from django.core.exceptions import ValidationError


class DocumentRefused(ValidationError):
    """An uploaded document that is not read: too big unpacked, too many parts, a bomb, hostile or broken XML…

    A ``ValidationError``, so that forms, services and jobs show its Chinese sentence as they show any
    other; ``code`` says which limit (``unpacked_size``, ``entries``, ``ratio``, ``nesting``, ``xml_dtd``,
    ``xml_malformed``, ``xml_elements``, ``paragraphs``, ``rows``, ``cells``, ``pdf_objects``,
    ``pdf_pages``, ``lines``, ``line_length``, ``html_tags``, ``damaged``, ``encrypted``, ``timeout``,
    ``memory``).
    """

    def __init__(self, message, code=None, params=None):
        super().__init__(message, code or "refused", params)

    def __reduce__(self):  # crosses the pipe from the parsing child process intact
        return (type(self), (self.message, self.code, self.params))

    def __str__(self) -> str:
        return str(self.message)
