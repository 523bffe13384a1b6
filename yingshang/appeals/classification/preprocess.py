"""Cleaning of appeal texts as they really arrive: scraped, copied from Word, partly masked.

The same function runs before training and before every suggestion, so that the model never sees a
form of the text at prediction time that it did not see while learning.
"""

from __future__ import annotations

import re
import unicodedata

# Long appeals are narrative after the first paragraphs; the subject (what, where, whom) comes first.
# Capping the length bounds the latency of one suggestion without measurable loss of accuracy
# (docs/appeals-classifier.md).
MAX_CHARS = 1500

_URL = re.compile(r"(?:https?|ftp)://\S+|www\.[^\s\u3000]+", re.IGNORECASE)
# Platforms mask numbers (phones, ID cards, order numbers) as runs of asterisks; the run length is an
# artefact of the masking, not of the appeal. NFKC has already turned the full-width ＊ into *.
_MASKED = re.compile(r"\*{2,}")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+")
_SPACES = re.compile(r"\s+")
# Control characters (NUL included), unpaired surrogates, private-use and format characters
# (zero-width spaces, BOMs inside the text) carry no meaning and break downstream encoders.
_DROPPED_CATEGORIES = frozenset({"Cc", "Cf", "Cs", "Co", "Cn"})


def _drop_invisible(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(ch if unicodedata.category(ch) not in _DROPPED_CATEGORIES else " " for ch in text)


def clean_text(text: str | None, *, max_chars: int = MAX_CHARS) -> str:
    """Normalised appeal text: NFKC, no URLs, e-mails or masks, whitespace collapsed, capped in length.

    Handles the scraping whitespace of the real data (``\\n\\t``, U+3000 ideographic space, U+00A0
    no-break space) and full-width letters and digits. ``None`` and non-strings give ``""``.
    """
    if not text or not isinstance(text, str):
        return ""
    text = unicodedata.normalize("NFKC", text)
    # Whitespace first: scraped text is full of \n and \t, which are not "printable", and would send
    # every such text through the slow per-character path of _drop_invisible.
    text = _drop_invisible(_SPACES.sub(" ", text))
    # Most appeals hold no URL, e-mail or mask: a substring test is far cheaper than a regex pass.
    if "://" in text or "www." in text or "WWW." in text.upper():
        text = _URL.sub(" ", text)
    if "@" in text:
        text = _EMAIL.sub(" ", text)
    if "**" in text:
        text = _MASKED.sub(" ", text)
    text = _SPACES.sub(" ", text).strip()
    return text[:max_chars].rstrip() if max_chars and len(text) > max_chars else text


def normalise_label(label: str | None, level_sep: str = "/") -> str:
    """A label path in its canonical form: NFKC, no blank segments, no spaces around separators.

    ``" 城乡建设 / 安全生产//安全隐患 "`` → ``"城乡建设/安全生产/安全隐患"``. An empty result means
    the row carries no usable label.
    """
    if not label or not isinstance(label, str):
        return ""
    label = unicodedata.normalize("NFKC", label)
    sep = unicodedata.normalize("NFKC", level_sep)
    parts = (_SPACES.sub("", part) for part in label.split(sep))
    return sep.join(part for part in parts if part)
