"""The kinds of printable documents. Apps register theirs in AppConfig.ready(); an administrator can
upload a DOCX template override for each registered kind."""

from __future__ import annotations

_KINDS: dict[str, str] = {}


def register_document_kind(key: str, label) -> None:
    _KINDS[key] = label


def document_kinds() -> dict[str, str]:
    return dict(sorted(_KINDS.items()))
