"""The peer every figure is compared with: TF-IDF over jieba words (1–2-grams) + LinearSVC.

The usual baseline for this kind of data (published 7-class results on the TipDM 2020 messages: macro-F1
about 0.90). ``evaluate`` and the benchmark train it on exactly the rows and folds our model sees.
"""

from __future__ import annotations

from typing import Sequence

from .preprocess import clean_text


class WordOnlyPeer:
    """TF-IDF over the same jieba words (1–2-grams, sublinear tf, min_df 2) and a LinearSVC (C=0.5)."""

    def __init__(self):
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.svm import LinearSVC

        from .segmentation import words

        self.vectorizer = TfidfVectorizer(tokenizer=words, token_pattern=None, lowercase=False,
                                          ngram_range=(1, 2), sublinear_tf=True, min_df=2)
        self.svm = LinearSVC(C=0.5, dual="auto", random_state=0)

    def fit(self, texts: Sequence[str], labels: Sequence[str]) -> "WordOnlyPeer":
        self.svm.fit(self.vectorizer.fit_transform([clean_text(t) for t in texts]), list(labels))
        return self

    def predict(self, texts: Sequence[str]):
        return self.svm.predict(self.vectorizer.transform([clean_text(t) for t in texts]))
