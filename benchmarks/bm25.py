"""A plain BM25 search over the source article's paragraphs: the baseline a
reader would use instead of the assistant (what they would find by search)."""
from __future__ import annotations

import math
import re
from collections import Counter
from typing import List, Tuple

_WORD = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> List[str]:
    return _WORD.findall(text.lower().replace("::", " "))


class BM25:
    def __init__(self, documents: List[str], k1: float = 1.5, b: float = 0.75) -> None:
        self.docs = [tokens(d) for d in documents]
        self.k1, self.b = k1, b
        self.avg = sum(len(d) for d in self.docs) / max(len(self.docs), 1)
        df = Counter(t for d in self.docs for t in set(d))
        n = len(self.docs)
        self.idf = {t: math.log(1 + (n - f + 0.5) / (f + 0.5)) for t, f in df.items()}
        self.tf = [Counter(d) for d in self.docs]

    def scores(self, query: str) -> List[float]:
        q = tokens(query)
        out = []
        for tf, doc in zip(self.tf, self.docs):
            s = 0.0
            for t in q:
                if t in tf:
                    f = tf[t]
                    s += self.idf[t] * f * (self.k1 + 1) / (f + self.k1 * (1 - self.b + self.b * len(doc) / self.avg))
            out.append(s)
        return out

    def top(self, query: str) -> Tuple[int, float]:
        scores = self.scores(query)
        best = max(range(len(scores)), key=lambda i: scores[i])
        return best, scores[best]


def article_paragraphs(text: str) -> List[str]:
    """Paragraphs and bullets of the article (one per non-empty line)."""
    return [line.strip() for line in text.splitlines() if len(line.split()) >= 4]
