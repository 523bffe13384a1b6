"""Normalisation of Chinese text found in documents and imports."""

from __future__ import annotations

import re
import unicodedata

_NOT_WORD = re.compile(r"[\W_]+")
_SPACES = re.compile(r"[\s\u3000\u00a0]+")
_BRACKETS = str.maketrans({"（": "(", "）": ")", "【": "[", "】": "]"})


def normalize_text(value: str) -> str:
    """NFKC (full-width digits/letters to half-width), unified brackets, collapsed whitespace."""
    value = unicodedata.normalize("NFKC", value or "").translate(_BRACKETS)
    return _SPACES.sub(" ", value).strip()


def normalize_unit_name(value: str) -> str:
    """A unit name as a lookup key: no spaces at all, half-width brackets."""
    return _SPACES.sub("", normalize_text(value))


def fingerprint_text(value: str) -> str:
    """Text as near-duplicate fingerprints compare it: full-width → half-width, lower case, and nothing but
    letters, digits and CJK characters (punctuation, spaces and masks such as ***** dropped)."""
    return _NOT_WORD.sub("", unicodedata.normalize("NFKC", value or "").lower())
