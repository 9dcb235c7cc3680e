"""Readability of the curated passages: English by Flesch-Kincaid grade
(target 8 or lower), Spanish by Fernández-Huerta and INFLESZ
(Szigriszt-Pazos), target "bastante fácil" or easier (Fernández-Huerta 70 or
more, INFLESZ 65 or more). textstat 0.7.3, Spanish syllables from pyphen's
dictionary. Prints figures; asserts nothing (tests/unit/test_spanish.py checks
the lines).

Run: make bench-readability
"""
from __future__ import annotations

import statistics
from typing import Dict, List, Tuple

import textstat

from assistant.knowledge import load_knowledge
from assistant.localization import load_spanish
from benchmarks.common import print_provenance


def spanish_scores(texts: Dict[str, str]) -> Dict[str, Tuple[float, float]]:
    """passage id -> (Fernández-Huerta, INFLESZ)."""
    textstat.set_lang("es")
    try:
        return {pid: (textstat.fernandez_huerta(t), textstat.szigriszt_pazos(t)) for pid, t in texts.items()}
    finally:
        textstat.set_lang("en_US")


def main() -> None:
    print_provenance()
    kb = load_knowledge()
    grades = [textstat.flesch_kincaid_grade(p.text) for p in kb.passages.values()]
    print(f"English passages: {len(grades)}; Flesch-Kincaid grade mean {statistics.mean(grades):.1f}, "
          f"max {max(grades):.1f} (target <= 8)")
    spanish = {pid: " ".join(p["text"].split()) for pid, p in load_spanish()["passages"]["passages"].items()}
    scores = spanish_scores(spanish)
    fh: List[float] = [s[0] for s in scores.values()]
    inflesz: List[float] = [s[1] for s in scores.values()]
    print(f"Spanish passages: {len(scores)}; Fernández-Huerta mean {statistics.mean(fh):.1f}, min {min(fh):.1f} "
          f"(bastante fácil >= 70); INFLESZ mean {statistics.mean(inflesz):.1f}, min {min(inflesz):.1f} "
          f"(bastante fácil >= 65)")
    hard = sorted(scores.items(), key=lambda item: item[1][1])[:5]
    print("hardest by INFLESZ: " + ", ".join(f"{pid} {s[1]:.0f}" for pid, s in hard))


if __name__ == "__main__":
    main()
