"""Precision and recall of the message-level screens, in process (no
servers): the urgent-symptom screen and the language note, on every labelled
set the project has. Prints figures; asserts nothing.

Benign messages: the blind sets' turns not labelled urgent, the public
questions, the NLU training and held-out examples, the passages' example
questions and the safety set of ordinary messages.

Run: make bench-screens
"""
from __future__ import annotations

from pathlib import Path
from typing import Iterable, List, Tuple

import yaml

from assistant.language import load_language_guard
from assistant.safety import load_safety
from benchmarks.common import print_provenance
from tests.paths import REPO

BLIND = REPO / "tests" / "blind"


def blind_turns() -> Iterable[Tuple[str, dict]]:
    """(text, label) of every labelled blind turn."""
    for folder in sorted(BLIND.iterdir()):
        if not (folder / "labels.yml").exists() or (folder / "SEALED").exists():
            continue  # a sealed set is read once, by its own measurement
        conversations = yaml.safe_load((folder / "conversations.yml").read_text())["conversations"]
        labels = yaml.safe_load((folder / "labels.yml").read_text())["labels"]
        for conversation in conversations:
            for n, turn in enumerate(conversation["turns"], start=1):
                yield turn["text"], labels.get(f"{conversation['id']}.{n}", {})


def nlu_examples(path: Path, skip: Tuple[str, ...] = ("urgent_symptom", "non_english")) -> List[str]:
    out = []
    for block in yaml.safe_load(path.read_text())["nlu"]:
        if block.get("intent") in skip:
            continue
        out += [line[2:].strip() for line in block["examples"].splitlines() if line.startswith("- ")]
    return out


def benign_english() -> List[str]:
    texts = nlu_examples(REPO / "data" / "nlu.yml") + nlu_examples(REPO / "tests" / "nlu_test.yml")
    for questions in yaml.safe_load((REPO / "content" / "passage_questions.yml").read_text())["passages"].values():
        texts += questions
    texts += yaml.safe_load((REPO / "tests" / "safety" / "not_urgent.yml").read_text())["messages"]
    return texts


def main() -> None:
    print_provenance()
    safety, language = load_safety(), load_language_guard()
    turns = list(blind_turns())
    urgent = [t for t, label in turns if label.get("kind") == "urgent"]
    urgent += [m["text"] for m in yaml.safe_load((REPO / "tests" / "safety" / "urgent.yml").read_text())["messages"]]
    benign = [t for t, label in turns if label.get("kind") != "urgent"] + benign_english()
    caught = [t for t in urgent if safety.screen(t).urgent]
    alarms = [t for t in benign if safety.screen(t).urgent]
    print(f"urgent recall: {len(caught)}/{len(urgent)} = {len(caught) / len(urgent):.1%}")
    print(f"false alarms: {len(alarms)}/{len(benign)} benign messages = {len(alarms) / len(benign):.2%}   target <= 1%")
    for text in urgent:
        if text not in caught:
            print(f"  missed: {text[:110]!r}")
    for text in alarms:
        print(f"  alarm:  {text[:110]!r}")

    spanish = [t for t, label in turns if label.get("language") == "es"]
    english = [t for t, label in turns if label.get("language") != "es"] + benign_english()
    flagged_es = [t for t in spanish if language.detect(t)]
    flagged_en = [t for t in english if language.detect(t)]
    flagged = len(flagged_es) + len(flagged_en)
    print(f"language note: precision {len(flagged_es)}/{flagged} = {len(flagged_es) / max(flagged, 1):.1%} "
          f"(target >= 95%); Spanish recognised {len(flagged_es)}/{len(spanish)}; "
          f"English messages flagged {len(flagged_en)}/{len(english)}")
    for text in flagged_en:
        print(f"  flagged English: {text[:110]!r}")


if __name__ == "__main__":
    main()
