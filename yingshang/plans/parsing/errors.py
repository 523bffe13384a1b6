"""The one exception the importer raises for input it cannot turn into a plan."""

from __future__ import annotations


class PlanParseError(ValueError):
    """The input is not an importable plan.

    ``str(error)`` is a complete Chinese sentence meant for the person who uploaded the file;
    ``code`` is a stable machine-readable reason (``empty``, ``not_a_plan``, ``too_large``,
    ``unsupported_format``, ``needs_ocr``, ``unreadable``) for callers that react differently.
    A file refused by the guarded readers (core/safedocs: a zip bomb, entity expansion, too many
    paragraphs or lines…) is ``too_large`` (or ``unreadable`` when broken) and ``limit`` names the limit.
    """

    limit: str = ""

    def __init__(self, message: str, *, code: str = "not_a_plan") -> None:
        super().__init__(message)
        self.message = message
        self.code = code
