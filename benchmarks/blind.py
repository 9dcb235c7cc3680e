"""Blind-set figures: replays the frozen sets under tests/blind/ (written by
helper sessions that never saw the code) against the real servers over REST,
and scores every turn against its label. Prints figures; asserts nothing.

Run: make bench-blind            (every frozen set)
     python -m benchmarks.blind tests/blind/2026-11-30-set-a
Transcripts of every turn go to results/blind/<set>.json for reading failures.
"""
from __future__ import annotations

import json
import sys
import tempfile
import uuid
from collections import Counter, defaultdict
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from benchmarks.common import print_provenance
from tests.paths import REPO
from tests.servers import Servers, answers

BLIND = REPO / "tests" / "blind"
NOT_COVERED_KINDS = {"not_covered", "no_specific", "out_of_scope", "other_cancer", "side_effects", "fallback"}
SMALLTALK_KINDS = {"greet", "greeting", "thanks", "apology", "goodbye", "bot_capabilities", "start_over", "language_switched"}


def load_set(folder: Path) -> Tuple[List[dict], Dict[str, dict]]:
    conversations = yaml.safe_load((folder / "conversations.yml").read_text())["conversations"]
    labels = yaml.safe_load((folder / "labels.yml").read_text())["labels"]
    # Single-message sets label a conversation id ("p001") for its one turn.
    return conversations, {(key if "." in key else f"{key}.1"): value for key, value in labels.items()}


def reply_facts(replies: List[dict]) -> Dict[str, list]:
    customs = [m.get("custom") or {} for m in replies]
    return {
        "kinds": [c.get("answer_kind") for c in customs],
        "passages": [c.get("passage_id") for c in customs if c.get("passage_id")],
        "languages": [c.get("language") for c in customs],
    }


def score(label: dict, replies: List[dict]) -> Tuple[bool, str]:
    """(right, why) for one turn."""
    facts = reply_facts(replies)
    kinds, passages = facts["kinds"], set(facts["passages"])
    first = kinds[0] if kinds else None
    kind = label.get("kind")
    if kind == "urgent":
        return first == "urgent", "urgent" if first == "urgent" else f"missed urgent (got {first})"
    if first == "urgent":
        return False, "false alarm"
    if kind == "passage":
        want = set(label.get("passages") or [])
        return bool(want & passages), f"want {sorted(want)} got {sorted(passages) or kinds}"
    if kind == "multi":
        parts = [set(p) for p in (label.get("parts") or []) if p][:3]
        ok = bool(parts) and all(p & passages for p in parts)
        return ok, f"want all of {[sorted(p) for p in parts]} got {sorted(passages) or kinds}"
    if kind == "care_team":
        ok = "care_team" in kinds or any(p.startswith("q_") and p in passages for p in label.get("passages") or [])
        return ok, f"want care_team got {kinds}"
    if kind == "not_covered":
        return bool(NOT_COVERED_KINDS & set(kinds)), f"want not covered got {kinds} {sorted(passages)}"
    if kind == "feelings":
        return "feelings" in kinds, f"want feelings got {kinds}"
    if kind == "report":
        return "report" in kinds, f"want report got {kinds}"
    if kind == "summary":
        return "summary" in kinds, f"want summary got {kinds}"
    if kind == "smalltalk":
        return bool(SMALLTALK_KINDS & set(kinds)), f"want smalltalk got {kinds}"
    return False, f"unknown label kind {kind}"


# For each kind of reply, which labels make it a right call (its precision).
PRECISION = {
    "urgent": lambda label: label.get("kind") == "urgent",
    "care_team": lambda label: label.get("kind") == "care_team",
    "side_effects": lambda label: label.get("kind") == "not_covered",
    "other_cancer": lambda label: label.get("kind") == "not_covered",
    "out_of_scope": lambda label: label.get("kind") == "not_covered",
    "not_covered": lambda label: label.get("kind") == "not_covered",
    "non_english": lambda label: label.get("language") == "es",
    "feelings": lambda label: label.get("kind") == "feelings" or bool(label.get("feeling")),
}


def group(label: dict) -> str:
    """Spanish turns that are not urgent are Spanish-language work (issue 15)
    and are reported apart from the main figure."""
    if label.get("language") == "es" and label.get("kind") != "urgent":
        return "spanish"
    return "main"


def replay(conversations: List[dict], workdir: Path) -> List[Tuple[str, dict, List[dict]]]:
    servers = Servers(workdir).start()
    out = []
    try:
        for conversation in conversations:
            sender = f"blind-{uuid.uuid4().hex[:8]}"
            for n, turn in enumerate(conversation["turns"], start=1):
                out.append((f"{conversation['id']}.{n}", turn, answers(servers.send(sender, turn["text"]))))
    finally:
        servers.stop()
    return out


def measure(folder: Path, out_dir: Optional[Path] = None) -> Dict[str, object]:
    conversations, labels = load_set(folder)
    with tempfile.TemporaryDirectory() as work:
        played = replay(conversations, Path(work))
    totals: Dict[str, Counter] = defaultdict(Counter)
    by_kind: Dict[str, Counter] = defaultdict(Counter)
    transcript = []
    for key, turn, replies in played:
        label = labels.get(key, {"kind": "missing"})
        right, why = score(label, replies)
        g = group(label)
        totals[g]["right" if right else "wrong"] += 1
        by_kind[f"{g}:{label.get('kind')}"]["right" if right else "wrong"] += 1
        if label.get("kind") == "urgent":
            totals["urgent"]["right" if right else "wrong"] += 1
            if label.get("language") == "es":
                in_spanish = bool(replies) and (replies[0].get("custom") or {}).get("language") == "es"
                totals["urgent_es_in_spanish"]["right" if right and in_spanish else "wrong"] += 1
        else:
            totals["benign"]["alarm" if why == "false alarm" else "quiet"] += 1
        kinds = {(m.get("custom") or {}).get("answer_kind") for m in replies}
        for kind, fits in PRECISION.items():
            if kind in kinds:
                totals[f"precision:{kind}"]["right" if fits(label) else "wrong"] += 1
        transcript.append({"turn": key, "text": turn["text"], "label": label, "right": right, "why": why,
                           "replies": [{"text": m.get("text"), "custom": m.get("custom")} for m in replies]})
    if out_dir:
        out_dir.mkdir(parents=True, exist_ok=True)
        (out_dir / f"{folder.name}.json").write_text(json.dumps(transcript, indent=1, ensure_ascii=False))
    return {"totals": totals, "by_kind": by_kind, "transcript": transcript}


def share(counter: Counter, good: str = "right") -> str:
    n = sum(counter.values())
    return f"{counter[good]}/{n} = {counter[good] / n:.1%}" if n else "n/a"


def main(argv: List[str]) -> None:
    print_provenance()
    # A folder with a SEALED file is measured only when named: once, at the end.
    folders = [Path(a) for a in argv] or sorted(p for p in BLIND.iterdir()
                                                if (p / "labels.yml").exists() and not (p / "SEALED").exists())
    for folder in folders:
        result = measure(folder, REPO / "results" / "blind")
        totals, by_kind = result["totals"], result["by_kind"]
        print(f"\n== {folder.name}")
        print(f"turns right (English and all urgent turns): {share(totals['main'])}")
        print(f"Spanish turns that are not urgent (issue 15): {share(totals['spanish'])}")
        print(f"urgent recall: {share(totals['urgent'])}; Spanish urgent answered in Spanish: "
              f"{share(totals['urgent_es_in_spanish'])}")
        print(f"false alarms on benign turns: {share(totals['benign'], 'alarm')}")
        print("by label kind:")
        for kind in sorted(by_kind):
            print(f"  {kind:<22} {share(by_kind[kind])}")
        print("precision of each kind of reply (share given to turns labelled for it):")
        for key in sorted(k for k in totals if k.startswith("precision:")):
            print(f"  {key[10:]:<22} {share(totals[key])}")


if __name__ == "__main__":
    main(sys.argv[1:])
