"""Character and word n-gram TF-IDF features, vectorised over whole batches with NumPy.

scikit-learn's ``TfidfVectorizer`` counts n-grams in a Python loop, one dictionary lookup per n-gram:
about 2,000 appeals a second for character 1–3-grams on one core, which alone would use up the
throughput budget. Here every n-gram becomes a 64-bit integer key computed with array arithmetic
(a character n-gram packs its code points, 21 bits each; a word n-gram packs word indices), and the
vocabulary is a sorted key array searched with ``np.searchsorted``. The counts are identical to
``CountVectorizer(analyzer="char", ngram_range=(1, 3), lowercase=False)`` on the same text (tested),
and the TF-IDF weighting is scikit-learn's own ``TfidfTransformer``.
"""

from __future__ import annotations

from itertools import chain, repeat

import numpy as np
import scipy.sparse as sp
from sklearn.feature_extraction.text import TfidfTransformer

from .segmentation import words

_CODEPOINT_BITS = 21  # every Unicode code point fits in 21 bits; three of them fit in an int64


class KeyVocabulary:
    """The n-gram keys kept as features, chosen by document frequency on the training texts."""

    def __init__(self, *, min_df: int = 2, max_features: int | None = None):
        self.min_df = min_df
        self.max_features = max_features
        self.keys_: np.ndarray | None = None

    def fit(self, keys: np.ndarray, rows: np.ndarray, n_docs: int) -> "KeyVocabulary":
        if keys.size == 0:
            self.keys_ = np.zeros(0, dtype=np.int64)
            return self
        unique_keys, inverse = np.unique(keys, return_inverse=True)
        counts = sp.csr_matrix(
            (np.ones(keys.size, dtype=np.int32), (rows, inverse)), shape=(n_docs, unique_keys.size)
        )
        counts.sum_duplicates()
        document_frequency = np.bincount(counts.indices, minlength=unique_keys.size)
        kept = np.flatnonzero(document_frequency >= self.min_df)
        if self.max_features is not None and kept.size > self.max_features:
            total = np.asarray(counts.sum(axis=0)).ravel()[kept]
            # Most frequent first; ties broken by key so that the choice does not depend on sort stability.
            order = np.lexsort((unique_keys[kept], -total))[: self.max_features]
            kept = np.sort(kept[order])
        self.keys_ = unique_keys[kept]
        return self

    def count_matrix(self, keys: np.ndarray, rows: np.ndarray, n_docs: int) -> sp.csr_matrix:
        """Documents × vocabulary counts, built directly in canonical CSR form: one sort of the (row,
        column) pairs of the known keys gives the rows in order, the columns sorted within each row and
        the counts of repeated n-grams, without SciPy's COO → CSR conversion and duplicate summing."""
        vocabulary = self.keys_
        width = vocabulary.size
        if keys.size and width:
            positions = np.searchsorted(vocabulary, keys)
            np.minimum(positions, width - 1, out=positions)
            known = vocabulary[positions] == keys
            cells, counts = np.unique(rows[known] * width + positions[known], return_counts=True)
        else:
            cells = counts = np.zeros(0, dtype=np.int64)
        cell_rows = cells // max(width, 1)
        indptr = np.zeros(n_docs + 1, dtype=np.int64)
        np.cumsum(np.bincount(cell_rows, minlength=n_docs), out=indptr[1:])
        return sp.csr_matrix((counts.astype(np.float64), cells - cell_rows * width, indptr), shape=(n_docs, width))

    def __len__(self) -> int:
        return 0 if self.keys_ is None else int(self.keys_.size)


def char_ngram_keys(texts: list[str], ngram_range: tuple[int, int]) -> tuple[np.ndarray, np.ndarray]:
    """(keys, document row) for every character n-gram of every text, n within ``ngram_range``.

    Texts are joined with NUL (removed by ``clean_text``, and code point 0 never starts a valid
    key), so an n-gram that would straddle two texts contains a 0 and is dropped. Keys of different n
    never collide: an n-gram whose first code point is non-zero is ≥ 2**(21·(n-1)).
    """
    if not texts:
        empty = np.zeros(0, dtype=np.int64)
        return empty, empty
    joined = "\0".join(texts)
    codepoints = np.frombuffer(joined.encode("utf-32-le", "surrogatepass"), dtype="<u4").astype(np.int64)
    lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
    doc_of_position = np.repeat(np.arange(len(texts), dtype=np.int64), lengths + 1)[: codepoints.size]
    present = codepoints != 0
    low, high = ngram_range
    all_keys, all_rows = [], []
    for n in range(low, high + 1):
        span = codepoints.size - n + 1
        if span <= 0:
            continue
        keys = codepoints[:span].copy()
        valid = present[:span].copy()
        for offset in range(1, n):
            keys <<= _CODEPOINT_BITS
            keys |= codepoints[offset : offset + span]
            valid &= present[offset : offset + span]
        all_keys.append(keys[valid])
        all_rows.append(doc_of_position[:span][valid])
    return np.concatenate(all_keys), np.concatenate(all_rows)


def char_ngram_text(key: int) -> str:
    """The characters behind a character n-gram key (for explaining a model's features)."""
    chars = []
    mask = (1 << _CODEPOINT_BITS) - 1
    while key:
        chars.append(chr(key & mask))
        key >>= _CODEPOINT_BITS
    return "".join(reversed(chars))


class CharNgramFeatures:
    """TF-IDF over character n-grams (1–3 by default), with sublinear term frequency."""

    def __init__(self, ngram_range=(1, 3), *, min_df: int = 2, max_features: int | None = None):
        self.ngram_range = tuple(ngram_range)
        self.vocabulary = KeyVocabulary(min_df=min_df, max_features=max_features)
        self.tfidf = TfidfTransformer(sublinear_tf=True)

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        keys, rows = char_ngram_keys(texts, self.ngram_range)
        self.vocabulary.fit(keys, rows, len(texts))
        return self.tfidf.fit_transform(self.vocabulary.count_matrix(keys, rows, len(texts)))

    def counts(self, texts: list[str]) -> sp.csr_matrix:
        keys, rows = char_ngram_keys(texts, self.ngram_range)
        return self.vocabulary.count_matrix(keys, rows, len(texts))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.tfidf.transform(self.counts(texts))


class WordNgramFeatures:
    """TF-IDF over jieba word n-grams (uni- and bigrams by default), with sublinear term frequency.

    Words get an index in order of first appearance in the training texts; a word n-gram's key
    packs the indices (base = number of words, so keys of different n never collide). A word unseen in
    training breaks the n-grams around it, as in scikit-learn where such n-grams are simply unknown.
    """

    def __init__(self, ngram_range=(1, 2), *, min_df: int = 2, max_features: int | None = None):
        self.ngram_range = tuple(ngram_range)
        self.word_index: dict[str, int] = {}
        self.base = 1
        self.vocabulary = KeyVocabulary(min_df=min_df, max_features=max_features)
        self.tfidf = TfidfTransformer(sublinear_tf=True)

    @staticmethod
    def segment(texts: list[str]) -> list[list[str]]:
        return [words(text) for text in texts]

    def _keys(self, tokenised: list[list[str]]) -> tuple[np.ndarray, np.ndarray]:
        lengths = np.fromiter(map(len, tokenised), dtype=np.int64, count=len(tokenised))
        flat = list(chain.from_iterable(tokenised))
        indices = np.fromiter(map(self.word_index.get, flat, repeat(-1)), dtype=np.int64, count=len(flat))
        # A -1 between texts, so that no n-gram straddles two texts.
        boundaries = np.cumsum(lengths)
        indices = np.insert(indices, boundaries, -1)
        doc_of_position = np.repeat(np.arange(len(tokenised), dtype=np.int64), lengths + 1)
        known = indices >= 0
        base = self.base
        low, high = self.ngram_range
        all_keys, all_rows = [], []
        offset_for_n = 0
        for n in range(1, high + 1):
            span = indices.size - n + 1
            if span > 0 and n >= low:
                keys = indices[:span].copy()
                valid = known[:span].copy()
                for offset in range(1, n):
                    keys *= base
                    keys += indices[offset : offset + span]
                    valid &= known[offset : offset + span]
                all_keys.append(keys[valid] + offset_for_n)
                all_rows.append(doc_of_position[:span][valid])
            offset_for_n += base**n
        if not all_keys:
            empty = np.zeros(0, dtype=np.int64)
            return empty, empty
        return np.concatenate(all_keys), np.concatenate(all_rows)

    def fit_transform_tokenised(self, tokenised: list[list[str]]) -> sp.csr_matrix:
        index: dict[str, int] = {}
        for tokens in tokenised:
            for token in tokens:
                if token not in index:
                    index[token] = len(index)
        if (len(index) + 1) ** self.ngram_range[1] * self.ngram_range[1] >= 2**62:
            raise ValueError("词表过大,无法用 64 位整数编码词 n 元组")
        self.word_index = index
        self.base = max(len(index), 1)
        keys, rows = self._keys(tokenised)
        self.vocabulary.fit(keys, rows, len(tokenised))
        self._keep_only_words_in_vocabulary()
        return self.tfidf.fit_transform(self.vocabulary.count_matrix(keys, rows, len(tokenised)))

    def _keep_only_words_in_vocabulary(self) -> None:
        """Forget words that take part in no kept n-gram (most words occur once), to keep models small.

        Lossless: such a word now maps to "unknown", which only removes n-grams containing it, and
        none of those is in the vocabulary anyway. Indices of the remaining words are unchanged.
        """
        used = np.zeros(self.base, dtype=bool)
        offset_for_n = 0
        keys = self.vocabulary.keys_
        for n in range(1, self.ngram_range[1] + 1):
            block = keys[(keys >= offset_for_n) & (keys < offset_for_n + self.base**n)] - offset_for_n
            for _ in range(n):
                used[block % self.base] = True
                block //= self.base
            offset_for_n += self.base**n
        self.word_index = {word: i for word, i in self.word_index.items() if used[i]}

    def transform_tokenised(self, tokenised: list[list[str]]) -> sp.csr_matrix:
        keys, rows = self._keys(tokenised)
        return self.tfidf.transform(self.vocabulary.count_matrix(keys, rows, len(tokenised)))

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.fit_transform_tokenised(self.segment(texts))

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return self.transform_tokenised(self.segment(texts))


class AppealFeatures:
    """Character and word TF-IDF blocks side by side (each block L2-normalised, as in a FeatureUnion)."""

    def __init__(self, *, char_ngrams=(1, 3), word_ngrams=(1, 2), min_df: int = 2,
                 max_char_features: int | None = None, max_word_features: int | None = None):
        self.chars = CharNgramFeatures(char_ngrams, min_df=min_df, max_features=max_char_features)
        self.words = WordNgramFeatures(word_ngrams, min_df=min_df, max_features=max_word_features)

    def fit_transform(self, texts: list[str]) -> sp.csr_matrix:
        return sp.hstack([self.chars.fit_transform(texts), self.words.fit_transform(texts)], format="csr")

    def transform(self, texts: list[str]) -> sp.csr_matrix:
        return sp.hstack([self.chars.transform(texts), self.words.transform(texts)], format="csr")

    @property
    def n_features(self) -> int:
        return len(self.chars.vocabulary) + len(self.words.vocabulary)
