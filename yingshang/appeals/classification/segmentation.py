"""jieba word segmentation, initialised once per process, offline and quietly.

jieba ships its dictionary inside the wheel, so nothing is downloaded. We use a private
``jieba.Tokenizer`` rather than the module-level default one: words that other code adds to the global
jieba dictionary must not change what a saved model sees, otherwise the same model would segment the
same text differently from one process to the next. The HMM that guesses unknown words is off for the
same reason (and because it costs a fifth of the segmentation time for no measured gain).

Segmentation is the most expensive step of a suggestion (three quarters of the time), and jieba's
precise mode spends most of its time in generator and tuple overhead. ``Segmenter`` runs the same
algorithm (jieba's prefix dictionary, the same DAG of dictionary words, the same maximum-probability
path with the same tie-breaking, the same handling of runs of ASCII letters and digits) in one tight
loop per block, about twice as fast; tests check that it returns exactly ``Tokenizer.lcut(text,
HMM=False)``.
"""

from __future__ import annotations

import logging
import re
import threading
import warnings
from math import log

_lock = threading.RLock()  # segmenter() builds the tokenizer while holding it
_tokenizer = None
_segmenter = None

# jieba's own block patterns (jieba/__init__.py, 0.42): runs of Han characters, ASCII letters, digits
# and +#&._%- are segmented; everything else is split on whitespace and then into single characters.
_HAN_BLOCK = re.compile("([\u4E00-\u9FD5a-zA-Z0-9+#&\\._%\\-]+)")
_WHITESPACE = re.compile("(\r\n|\\s)")
_ABSENT = object()
_ASCII_ALNUM = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789")


def _new_tokenizer():
    with warnings.catch_warnings():
        # jieba 0.42 imports pkg_resources, which newer setuptools flag as deprecated.
        warnings.simplefilter("ignore")
        import jieba
    # jieba logs "Building prefix dict..." at DEBUG on stderr through its own handler.
    jieba.setLogLevel(logging.WARNING)
    tokenizer = jieba.Tokenizer()
    tokenizer.initialize()
    return tokenizer


def tokenizer():
    """The process-wide jieba tokenizer (built on first use; the prefix dictionary is cached by jieba)."""
    global _tokenizer
    if _tokenizer is None:
        with _lock:
            if _tokenizer is None:
                _tokenizer = _new_tokenizer()
    return _tokenizer


class Segmenter:
    """jieba's precise mode without HMM, over a tokenizer's dictionary, in one pass per block."""

    def __init__(self, jieba_tokenizer):
        log_total = log(jieba_tokenizer.total)
        # One lookup per step: a dictionary word maps to its log probability as jieba computes it,
        # log(count) - log(total); a mere prefix of a word (count 0 in jieba's FREQ) maps to None.
        self.table = {w: (log(n) - log_total if n else None) for w, n in jieba_tokenizer.FREQ.items()}
        self.unknown_char_log_probability = log(1) - log_total

    def _cut_block(self, block: str, out: list[str]) -> None:
        lookup = self.table.get
        absent = _ABSENT
        unknown = self.unknown_char_log_probability
        n = len(block)
        score = [0.0] * (n + 1)
        end = [0] * (n + 1)
        for start in range(n - 1, -1, -1):
            best, best_end = None, start
            stop = start
            fragment = block[start]
            while True:
                word_log_probability = lookup(fragment, absent)
                if word_log_probability is absent:
                    break
                if word_log_probability is not None:
                    candidate = word_log_probability + score[stop + 1]
                    # jieba takes max over (score, end) tuples: on equal scores the longer word wins.
                    if best is None or candidate > best or (candidate == best and stop > best_end):
                        best, best_end = candidate, stop
                stop += 1
                if stop >= n:
                    break
                fragment = block[start : stop + 1]
            if best is None:
                best, best_end = unknown + score[start + 1], start
            score[start], end[start] = best, best_end
        position, ascii_run = 0, ""
        while position < n:
            following = end[position] + 1
            word = block[position:following]
            if following - position == 1 and word in _ASCII_ALNUM:
                ascii_run += word
            else:
                if ascii_run:
                    out.append(ascii_run)
                    ascii_run = ""
                out.append(word)
            position = following
        if ascii_run:
            out.append(ascii_run)

    def cut(self, text: str) -> list[str]:
        """The same tokens as ``jieba.Tokenizer.lcut(text, HMM=False)``."""
        out: list[str] = []
        for block in _HAN_BLOCK.split(text):
            if not block:
                continue
            if _HAN_BLOCK.match(block):
                self._cut_block(block, out)
            else:
                for piece in _WHITESPACE.split(block):
                    if _WHITESPACE.match(piece):
                        out.append(piece)
                    else:
                        out.extend(piece)
        return out


def segmenter() -> Segmenter:
    global _segmenter
    if _segmenter is None:
        with _lock:
            if _segmenter is None:
                _segmenter = Segmenter(tokenizer())
    return _segmenter


def words(text: str) -> list[str]:
    """The words of a cleaned text, without whitespace tokens."""
    return [w for w in segmenter().cut(text) if not w.isspace()]


def jieba_version() -> str:
    import jieba

    return getattr(jieba, "__version__", "unknown")
