"""Sentence vectors from character n-grams, for ranking Spanish questions.

The English sentence encoder (all-MiniLM-L6-v2) knows little Spanish: on the
Spanish example questions (content/es/passage_questions.yml, 5-fold
cross-validation, `make bench-ranker-es`) it finds the right passage first for
66% of them, character 2-4-grams with tf-idf weights for 75%, and both
together for 74%. Character n-grams also read Spanish as people type it:
without accents, with typos, with English report terms inside.
"""
from __future__ import annotations

import unicodedata
from pathlib import Path
from typing import List, Optional, Sequence

import numpy as np
from sklearn.feature_extraction.text import HashingVectorizer

N_FEATURES = 2 ** 12
IDF_FILE = "idf.npy"


def _plain(text: str) -> str:
    """Lower case without accents: "médula" and "medula" are one word."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.lower()) if not unicodedata.combining(c))


class CharEncoder:
    def __init__(self, idf: Optional[np.ndarray] = None) -> None:
        self._hasher = HashingVectorizer(analyzer="char_wb", ngram_range=(2, 4), n_features=N_FEATURES,
                                         alternate_sign=False, norm=None, preprocessor=_plain)
        self.idf = idf

    def fit(self, texts: Sequence[str]) -> "CharEncoder":
        """Inverse document frequencies of the n-grams, from the example questions."""
        counts = self._hasher.transform(list(texts))
        document_frequency = np.bincount(counts.indices, minlength=N_FEATURES)
        self.idf = (np.log((1 + len(texts)) / (1 + document_frequency)) + 1).astype(np.float32)
        return self

    def encode(self, texts: List[str]) -> np.ndarray:
        """Unit-length tf-idf vectors, one row per text."""
        if self.idf is None:
            raise RuntimeError("CharEncoder.fit must run before encode")
        matrix = self._hasher.transform(list(texts)).toarray().astype(np.float32) * self.idf
        return matrix / (np.linalg.norm(matrix, axis=1, keepdims=True) + 1e-9)

    def save(self, folder: Path) -> None:
        np.save(folder / IDF_FILE, self.idf)

    @classmethod
    def load(cls, folder: Path) -> "CharEncoder":
        return cls(np.load(folder / IDF_FILE))
