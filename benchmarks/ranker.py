"""Tunes and reports the passage ranker on the example questions, each left
out in turn, and on the out-of-scope examples of data/nlu.yml. Never on the
blind sets. Prints figures; asserts nothing.

Run: make bench-ranker
"""
from __future__ import annotations

import itertools
from dataclasses import replace
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


def leave_one_out(index: PassageIndex, questions: Dict[str, List[str]], vectors: np.ndarray) -> Tuple[np.ndarray, np.ndarray, List[str]]:
    """Each example ranked against the others: (right, best score, best id) per row."""
    vocabulary = load_knowledge().vocabulary
    owners = index.owners
    texts = [q for qs in questions.values() for q in qs]
    right, best, ids = [], [], []
    for row, text in enumerate(texts):
        findings = [m.finding.id for m in vocabulary.find(text)]
        ranking = index.rank(vectors[row], findings, limit=1, exclude_rows=np.asarray([row]))
        right.append(ranking[0].passage_id == owners[row])
        best.append(ranking[0].score)
        ids.append(ranking[0].passage_id)
    return np.asarray(right), np.asarray(best), ids


def main() -> None:
    print_provenance()
    kb = load_knowledge()
    questions = with_not_covered(load_questions(), nlu_examples(NOT_COVERED_INTENTS))
    texts = [q for qs in questions.values() for q in qs]
    vectors = cached_encode(texts, "questions")
    base = load_settings()
    passage_rows = np.asarray([pid != NOT_COVERED for pid, qs in questions.items() for _ in qs])
    print(f"example questions: {passage_rows.sum()} for {len(questions) - 1} passages "
          f"(fewest {min(len(v) for k, v in questions.items() if k != NOT_COVERED)}); "
          f"not-covered examples: {(~passage_rows).sum()}; file {file_fingerprint(QUESTIONS_FILE)[:12]}")
    results = []
    for top_k, bonus, penalty in itertools.product((1, 3, 5), (0.0, 0.05, 0.08, 0.12), (0.0, 0.06, 0.12)):
        settings = replace(base, top_k=top_k, finding_bonus=bonus, finding_penalty=penalty)
        index = PassageIndex.build(questions, lambda _: vectors, kb.vocabulary, settings, kb.generic_findings)
        right, _, _ = leave_one_out(index, questions, vectors)
        results.append((right[passage_rows].mean(), right[~passage_rows].mean(), top_k, bonus, penalty))
    results.sort(reverse=True)
    print("leave-one-out top-1 on passage examples, and not-covered examples kept in their class; best settings:")
    for accuracy, kept, top_k, bonus, penalty in results[:5]:
        print(f"  {accuracy:.3f} / {kept:.3f}  top_k={top_k} bonus={bonus} penalty={penalty}")
    index = PassageIndex.build(questions, lambda _: vectors, kb.vocabulary, base, kb.generic_findings)
    right, best, ids = leave_one_out(index, questions, vectors)
    print(f"current settings (content/ranking.yml): top-1 {right[passage_rows].mean():.3f} on passage examples")
    print("the 'covered' line: passage examples answered right / not-covered examples declined")
    declined = np.asarray([i == NOT_COVERED for i in ids])
    for threshold in (0.35, 0.4, 0.45, 0.5, 0.55, 0.6):
        answered = right & (best >= threshold) & ~declined
        out = declined | (best < threshold)
        print(f"  {threshold:.2f}: {answered[passage_rows].mean():.1%} / {out[~passage_rows].mean():.1%}"
              + ("   <- current" if abs(threshold - base.covered) < 1e-9 else ""))


if __name__ == "__main__":
    main()
