"""Masking figures on the frozen masking set (tests/blind/*-masking): how
many identifiers are masked, by kind, and how many report lines are changed.
Prints figures; asserts nothing (tests/security/test_masking.py holds the
targets).

Run: make bench-masking
     python -m benchmarks.masking --misses     (also list what was missed)
An identifier counts as masked when its text no longer appears in the
masked message; a report line counts as damaged when masking changes it.
"""
from __future__ import annotations

import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Dict, List, Tuple

import yaml

from tests.paths import REPO

SETS = sorted((REPO / "tests" / "blind").glob("*-masking"))


@dataclass
class MaskingFigures:
    found: Counter = field(default_factory=Counter)
    total: Counter = field(default_factory=Counter)
    misses: List[str] = field(default_factory=list)
    damaged: List[str] = field(default_factory=list)
    lines: int = 0
    clean_changed: int = 0
    damaged_messages: List[str] = field(default_factory=list)
    clean: int = 0

    @property
    def recall(self) -> float:
        return sum(self.found.values()) / max(1, sum(self.total.values()))


def load(folder: Path) -> Dict[str, list]:
    return yaml.safe_load((folder / "set.yml").read_text(encoding="utf-8"))


def measure(mask: Callable[[str], str], data: Dict[str, list]) -> MaskingFigures:
    figures = MaskingFigures()
    for message in data["messages"]:
        masked = mask(message["text"])
        if not message["identifiers"]:
            figures.clean += 1
            if masked != message["text"]:
                figures.clean_changed += 1
                figures.damaged_messages.append(masked[:160])
        for identifier in message["identifiers"]:
            figures.total[identifier["kind"]] += 1
            if identifier["value"] in masked:
                figures.misses.append(f"{identifier['kind']}: {identifier['value']!r} in {masked[:160]!r}")
            else:
                figures.found[identifier["kind"]] += 1
    for line in data["report_lines"]:
        figures.lines += 1
        masked = mask(line)
        if masked != line:
            figures.damaged.append(f"{line!r} -> {masked!r}")
    return figures


def report(name: str, figures: MaskingFigures, show_misses: bool) -> None:
    print(f"{name}: identifiers masked {sum(figures.found.values())}/{sum(figures.total.values())} "
          f"({figures.recall:.1%}); report lines changed {len(figures.damaged)}/{figures.lines}; "
          f"messages without identifiers changed {figures.clean_changed}/{figures.clean}")
    for kind in sorted(figures.total):
        print(f"  {kind:14} {figures.found[kind]:4}/{figures.total[kind]:<4}")
    if show_misses:
        for miss in figures.misses:
            print("  missed", miss)
        for damage in figures.damaged:
            print("  damaged", damage)
        for changed in figures.damaged_messages:
            print("  changed (no identifier)", repr(changed))


def ordinary_messages() -> List[str]:
    """Messages with no identifiers: the training examples and the example
    questions, English and Spanish (written with none, by rule). The blind
    sets are not used: their writers put names and report headers in on
    purpose, and masking those is right (the masking set measures it)."""
    texts: List[str] = []
    for nlu in ("nlu.yml", "nlu_es.yml"):
        for block in yaml.safe_load((REPO / "data" / nlu).read_text(encoding="utf-8"))["nlu"]:
            texts += [line[2:].strip() for line in (block.get("examples") or "").splitlines() if line.startswith("- ")]
    for questions in (REPO / "content" / "passage_questions.yml", REPO / "content" / "es" / "passage_questions.yml"):
        for examples in yaml.safe_load(questions.read_text(encoding="utf-8"))["passages"].values():
            texts += list(examples)
    return texts


# Inputs that made earlier patterns backtrack (the outside review): 20,000
# characters each, the most a message may hold.
ADVERSARIAL = {"address": "12 calle " + "a" * 19990 + "!", "digits": "1" * 20000, "digits and dashes": "1-" * 10000,
               "commas": "1," * 10000, "spaced numbers": "123 " * 5000, "dots": "a." * 10000,
               "a label and spaces": "name: a" + " " * 19990 + "b", "names": "Liam " * 4000}


def worst_case_ms() -> Tuple[str, float]:
    from assistant.masking import _masked

    timings = {}
    for name, text in ADVERSARIAL.items():
        started = time.perf_counter()
        _masked(text)
        timings[name] = (time.perf_counter() - started) * 1000
    worst = max(timings, key=timings.get)
    return worst, timings[worst]


def main() -> int:
    from assistant.masking import mask_identifiers

    show = "--misses" in sys.argv
    for folder in SETS:
        report(f"{folder.name} (project masking)", measure(mask_identifiers, load(folder)), show)
    texts = ordinary_messages()
    started = time.perf_counter()
    masked = [mask_identifiers(t) for t in texts]
    per_message = (time.perf_counter() - started) / len(texts) * 1000
    changed = [(t, m) for t, m in zip(texts, masked) if m != t]
    print(f"ordinary messages changed (training examples, example questions, blind-set turns): "
          f"{len(changed)}/{len(texts)}; {per_message:.2f} ms a message")
    if show:
        for _, masked in changed:
            print("  changed", repr(masked[:160]))
    worst, ms = worst_case_ms()
    print(f"slowest adversarial 20,000-character message: {ms:.0f} ms ({worst})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
