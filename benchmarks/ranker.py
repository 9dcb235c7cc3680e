"""Reports the passage ranker on its example questions and the not-covered
examples (content/not_covered_questions.yml and the out-of-scope NLU
examples), by 5-fold cross-validation: each fold's index, neighbours and
classifier alike, is trained without it. Never on the blind sets. Prints
figures; asserts nothing.

Run: make bench-ranker
"""
from __future__ import annotations

from typing import Dict, List, Tuple

import numpy as np
import yaml

from assistant.knowledge import load_knowledge
from assistant.ranker import (NOT_COVERED, NOT_COVERED_INTENTS, QUESTIONS_FILE, PassageIndex, file_fingerprint, load_questions,
                              load_settings, with_not_covered)
from benchmarks.common import print_provenance
from components.sentence_encoder import load_encoder
from tests.paths import REPO

CACHE = REPO / "var" / "ranker-bench"


def cached_encode(texts: List[str], name: str) -> np.ndarray:
    """Embeddings, cached on disk by content (encoding 1,700 questions takes a minute)."""
    import hashlib

    key = hashlib.sha256("\n".join(texts).encode()).hexdigest()[:16]
    path = CACHE / f"{name}-{key}.npy"
    if path.exists():
        return np.load(path)
    CACHE.mkdir(parents=True, exist_ok=True)
    vectors = load_encoder().encode(texts)
    np.save(path, vectors)
    return vectors


def nlu_examples(intents) -> List[str]:
    out = []
    for block in yaml.safe_load((REPO / "data" / "nlu.yml").read_text())["nlu"]:
        if block.get("intent") in intents:
            out += [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
    return out


def cross_validated(questions: Dict[str, List[str]], vectors: np.ndarray, settings, folds: int = 5,
                    seed: int = 0) -> Tuple[np.ndarray, np.ndarray, List[str]]:
    """Each example ranked by an index (neighbours and classifier) trained
    without its fold: (right, best score, best id) per example."""
    kb = load_knowledge()
    owners = [pid for pid, qs in questions.items() for _ in qs]
    texts = [q for qs in questions.values() for q in qs]
    fold_of = np.random.default_rng(seed).integers(0, folds, len(texts))
    right = np.zeros(len(texts), dtype=bool)
    best = np.zeros(len(texts))
    ids = [""] * len(texts)
    for fold in range(folds):
        train = np.flatnonzero(fold_of != fold)
        kept: Dict[str, List[str]] = {}
        rows: Dict[str, List[int]] = {}
        for row in train:
            kept.setdefault(owners[row], []).append(texts[row])
            rows.setdefault(owners[row], []).append(row)
        order = [row for pid in kept for row in rows[pid]]
        index = PassageIndex.build(kept, lambda _: vectors[order], kb.vocabulary, settings, kb.generic_findings)
        for row in np.flatnonzero(fold_of == fold):
            findings = [m.finding.id for m in kb.vocabulary.find(texts[row])]
            top = index.rank(vectors[row], findings, limit=1)[0]
            right[row], best[row], ids[row] = top.passage_id == owners[row], top.score, top.passage_id
    return right, best, ids


def main() -> None:
    print_provenance()
    questions = with_not_covered(load_questions(), nlu_examples(NOT_COVERED_INTENTS))
    texts = [q for qs in questions.values() for q in qs]
    vectors = cached_encode(texts, "questions")
    settings = load_settings()
    passage_rows = np.asarray([pid != NOT_COVERED for pid, qs in questions.items() for _ in qs])
    print(f"example questions: {passage_rows.sum()} for {len(questions) - 1} passages "
          f"(fewest {min(len(v) for k, v in questions.items() if k != NOT_COVERED)}); "
          f"not-covered examples: {(~passage_rows).sum()}; file {file_fingerprint(QUESTIONS_FILE)[:12]}")
    right, best, ids = cross_validated(questions, vectors, settings)
    declined = np.asarray([i == NOT_COVERED for i in ids])
    print(f"5-fold cross-validation (neighbours and classifier retrained per fold), settings of content/ranking.yml:")
    print(f"  top-1 on passage examples: {right[passage_rows].mean():.3f}; "
          f"not-covered examples kept in their class: {declined[~passage_rows].mean():.3f}")
    print("  the 'covered' line: passage examples answered right / not-covered examples declined")
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        answered = right & (best >= threshold) & ~declined
        out = declined | (best < threshold)
        print(f"    {threshold:.2f}: {answered[passage_rows].mean():.1%} / {out[~passage_rows].mean():.1%}"
              + ("   <- current" if abs(threshold - settings.covered) < 1e-9 else ""))


if __name__ == "__main__":
    main()
