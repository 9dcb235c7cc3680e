"""Ranks the curated passages for a question.

Each passage has many example questions in content/passage_questions.yml (a
file a reviewer can read). A passage's score adds two views of a question's
sentence embedding:
- nearest examples: the mean cosine similarity of its best few examples;
- a linear classifier trained on all examples (its probability, weighted),
  which generalises better to long, story-like messages than neighbours do;
then it is adjusted by the findings the question names: a passage whose
examples talk about the same finding gains, one whose examples talk only
about other findings loses. The embeddings come from the encoder the NLU
pipeline already runs, so ranking costs two matrix products per message.
"""
from __future__ import annotations

import json
from collections import Counter
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Callable, Dict, FrozenSet, Iterable, List, Optional, Sequence

import numpy as np
import yaml

from assistant.vocabulary import CONTENT_DIR, Vocabulary

QUESTIONS_FILE = CONTENT_DIR / "passage_questions.yml"
NOT_COVERED_FILE = CONTENT_DIR / "not_covered_questions.yml"
# Spanish example questions (issue 15): a second index, used for Spanish messages.
SPANISH_QUESTIONS_FILE = CONTENT_DIR / "es" / "passage_questions.yml"
SPANISH_NOT_COVERED_FILE = CONTENT_DIR / "es" / "not_covered_questions.yml"
RANKING_FILE = CONTENT_DIR / "ranking.yml"
# The class of questions the source does not answer, ranked beside the passages.
NOT_COVERED = "not_covered"
# NLU intents whose training examples also teach that class.
NOT_COVERED_INTENTS = ("out_of_scope", "side_effects", "other_cancer")


@dataclass(frozen=True)
class RankingSettings:
    """The ranker's weights and the router's lines. content/ranking.yml sets
    every one of them (a unit test checks); these defaults only serve tests."""

    top_k: int = 3
    finding_share: float = 0.25
    finding_bonus: float = 0.08
    finding_penalty: float = 0.06
    covered: float = 0.45
    understood: float = 0.25
    confident: float = 0.9
    context_margin: float = 0.15
    tie: float = 0.05
    not_covered_margin: float = 0.1
    classifier_weight: float = 0.5
    classifier_c: float = 32.0
    payload_size: int = 10
    act_confidence: float = 0.5
    personal_confidence: float = 0.8
    max_answered: int = 3
    short_follow_up_words: int = 3
    pointing_max_words: int = 8
    acknowledgement_max_words: int = 6
    relief_max_words: int = 12
    labelled_line_max_words: int = 25


def load_settings(path: Path = RANKING_FILE, language: str = "en") -> RankingSettings:
    """The settings; a language's own lines (the `es` block) replace the
    shared ones, because its ranker scores on another scale."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle) or {}
    return RankingSettings(**{**raw.get("settings", {}), **(raw.get(language) or {})})


def load_questions(path: Path = QUESTIONS_FILE) -> Dict[str, List[str]]:
    """passage id -> example questions."""
    with open(path, encoding="utf-8") as handle:
        raw = yaml.safe_load(handle)
    return {pid: [str(q) for q in questions] for pid, questions in raw["passages"].items()}


def load_not_covered(path: Path = NOT_COVERED_FILE) -> List[str]:
    with open(path, encoding="utf-8") as handle:
        return [str(q) for q in yaml.safe_load(handle)["questions"]]


def with_not_covered(questions: Dict[str, List[str]], extra: Iterable[str] = ()) -> Dict[str, List[str]]:
    """The passages' examples plus the not-covered class."""
    return {**questions, NOT_COVERED: load_not_covered() + [str(q) for q in extra]}


@dataclass(frozen=True)
class Ranked:
    passage_id: str
    score: float


class PassageIndex:
    """Example-question embeddings grouped by passage, with each passage's findings."""

    def __init__(self, owners: Sequence[str], matrix: np.ndarray, findings: Dict[str, FrozenSet[str]],
                 settings: RankingSettings, generic: Iterable[str] = (),
                 coef: Optional[np.ndarray] = None, intercept: Optional[np.ndarray] = None) -> None:
        self.owners = list(owners)
        self.coef = None if coef is None else np.asarray(coef, dtype=np.float32)  # (passages, dims)
        self.intercept = None if intercept is None else np.asarray(intercept, dtype=np.float32)
        self.matrix = np.asarray(matrix, dtype=np.float32)
        self.findings = findings
        self.settings = settings
        self.generic = frozenset(generic)
        self.passage_ids = list(dict.fromkeys(self.owners))
        rows: Dict[str, List[int]] = {}
        for row, pid in enumerate(self.owners):
            rows.setdefault(pid, []).append(row)
        self._rows = [np.asarray(rows[pid]) for pid in self.passage_ids]
        self._own_findings = [self.findings.get(pid, frozenset()) - self.generic for pid in self.passage_ids]

    # ------------------------------------------------------------ building
    @classmethod
    def build(cls, questions: Dict[str, List[str]], encode: Callable[[List[str]], np.ndarray],
              vocabulary: Vocabulary, settings: RankingSettings, generic: Iterable[str] = ()) -> "PassageIndex":
        owners = [pid for pid, qs in questions.items() for _ in qs]
        texts = [q for qs in questions.values() for q in qs]
        matrix = _unit(np.asarray(encode(texts), dtype=np.float32))
        findings = {pid: passage_findings(qs, vocabulary, settings.finding_share) for pid, qs in questions.items()}
        coef, intercept = _fit_classifier(matrix, owners, list(questions), settings.classifier_c)
        return cls(owners, matrix, findings, settings, generic, coef, intercept)

    def save(self, folder: Path) -> None:
        folder.mkdir(parents=True, exist_ok=True)
        np.save(folder / "matrix.npy", self.matrix)
        if self.coef is not None:
            np.save(folder / "coef.npy", self.coef)
            np.save(folder / "intercept.npy", self.intercept)
        meta = {"owners": self.owners, "findings": {p: sorted(f) for p, f in self.findings.items()},
                "generic": sorted(self.generic), "settings": asdict(self.settings)}
        (folder / "index.json").write_text(json.dumps(meta))

    @classmethod
    def load(cls, folder: Path, settings: Optional[RankingSettings] = None) -> "PassageIndex":
        """The index as trained; its scoring settings are the ones it was
        trained with, so a later edit of content/ranking.yml cannot drift
        from the model (the edit changes the fingerprint: Rasa retrains)."""
        meta = json.loads((folder / "index.json").read_text())
        settings = RankingSettings(**meta["settings"]) if "settings" in meta else settings or load_settings()
        findings = {p: frozenset(f) for p, f in meta["findings"].items()}
        trained = (folder / "coef.npy").exists() and (folder / "intercept.npy").exists()
        coef = np.load(folder / "coef.npy") if trained else None
        intercept = np.load(folder / "intercept.npy") if trained else None
        return cls(meta["owners"], np.load(folder / "matrix.npy"), findings, settings, meta["generic"], coef, intercept)

    # ------------------------------------------------------------ ranking
    def similarities(self, vector: np.ndarray) -> np.ndarray:
        """Per passage: mean of the top-k cosine similarities to its examples.
        Several vectors (a whole message and its asking part): the best of them."""
        vectors = _unit(np.asarray(vector, dtype=np.float32).reshape(-1, self.matrix.shape[1]))
        sims = (self.matrix @ vectors.T).max(axis=1)
        k = self.settings.top_k
        out = np.empty(len(self._rows), dtype=np.float32)
        for n, rows in enumerate(self._rows):
            group = sims[rows]
            out[n] = np.sort(group)[-k:].mean() if len(group) > k else group.mean()
        if self.coef is not None:
            logits = vectors @ self.coef.T + self.intercept
            logits -= logits.max(axis=1, keepdims=True)
            probs = np.exp(logits)
            probs /= probs.sum(axis=1, keepdims=True)
            out += self.settings.classifier_weight * probs.max(axis=0)
        return out

    def rank(self, vector: np.ndarray, findings: Sequence[str] = (), limit: Optional[int] = None,
             exclude_rows: Optional[np.ndarray] = None) -> List[Ranked]:
        """Passages best first, with scores, for a question's embedding and finding ids."""
        scores = self.similarities(vector) if exclude_rows is None else self._similarities_without(vector, exclude_rows)
        named = frozenset(findings) - self.generic
        if named:
            for n, own in enumerate(self._own_findings):
                if own & named:
                    scores[n] += self.settings.finding_bonus
                elif own:
                    scores[n] -= self.settings.finding_penalty
        order = np.argsort(-scores)[:limit or self.settings.payload_size]
        return [Ranked(self.passage_ids[i], float(scores[i])) for i in order]

    def _similarities_without(self, vector: np.ndarray, exclude_rows: np.ndarray) -> np.ndarray:
        """Leave-out similarities, for tuning: the excluded rows do not count."""
        saved = self.matrix[exclude_rows].copy()
        self.matrix[exclude_rows] = 0.0
        try:
            sims = self.similarities(vector)
        finally:
            self.matrix[exclude_rows] = saved
        return sims


def _fit_classifier(matrix: np.ndarray, owners: Sequence[str], classes: List[str], c: float):
    """A multinomial logistic regression over the example embeddings; its
    weights are kept as plain arrays (no pickled objects in the model)."""
    from sklearn.linear_model import LogisticRegression

    labels = np.asarray([classes.index(o) for o in owners])
    # Balanced: the not-covered class has many more examples than any passage.
    model = LogisticRegression(C=c, max_iter=3000, class_weight="balanced").fit(matrix, labels)
    return model.coef_.astype(np.float32), model.intercept_.astype(np.float32)


def passage_findings(questions: Sequence[str], vocabulary: Vocabulary, share: float) -> FrozenSet[str]:
    """Findings named in at least `share` of a passage's example questions."""
    counts: Counter = Counter()
    for question in questions:
        counts.update({m.finding.id for m in vocabulary.find(question)})
    need = max(1, int(np.ceil(share * len(questions))))
    return frozenset(f for f, n in counts.items() if n >= need)


def _unit(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=-1, keepdims=True)
    return x / np.maximum(norms, 1e-9)


def file_fingerprint(*paths: Path) -> str:
    """Changes whenever one of the files changes (for Rasa's training cache)."""
    import hashlib

    digest = hashlib.sha256()
    for path in paths:
        digest.update(path.read_bytes())
    return digest.hexdigest()


def to_payload(ranking: Sequence[Ranked]) -> List[Dict[str, object]]:
    return [{"passage_id": r.passage_id, "score": round(r.score, 4)} for r in ranking]


def mixed_language_ranking(own: Sequence[Ranked], other: Sequence[Ranked], own_settings: RankingSettings,
                           other_settings: RankingSettings) -> List[Ranked]:
    """A message in two languages ("cuanto dura el tratamiento? she works and
    needs to know") is ranked both ways. The other language's ranking is used
    when it clearly finds a passage and this one finds none, its scores moved
    onto this ranking's scale (each language draws its `covered` line apart)."""
    own_top = next((r for r in own if r.passage_id != NOT_COVERED), None)
    if not other or other[0].passage_id == NOT_COVERED:
        return list(own)
    if own_top is not None and own_top.score >= own_settings.covered:
        return list(own)
    if other[0].score < other_settings.covered + other_settings.not_covered_margin:
        return list(own)
    shift = own_settings.covered - other_settings.covered
    return [Ranked(r.passage_id, r.score + shift) for r in other]


def from_payload(raw: object) -> List[Ranked]:
    """Ranking as it arrives in the tracker; anything malformed is dropped."""
    if not isinstance(raw, list):
        return []
    out = []
    for item in raw:
        if isinstance(item, dict) and isinstance(item.get("passage_id"), str) and isinstance(item.get("score"), (int, float)):
            out.append(Ranked(item["passage_id"], float(item["score"])))
    return out


