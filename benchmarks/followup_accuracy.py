"""Issue-3 target: share of held-out follow-up turns answered with the right
passage, through the real servers (tests/heldout/followups.yml).

Run: make bench-followups
"""
from __future__ import annotations

import tempfile
from pathlib import Path

import yaml

from benchmarks.common import print_provenance
from tests.paths import REPO
from tests.servers import replay


def outcome(turn, replies) -> bool:
    custom = (replies[-1].get("custom") or {}) if replies else {}
    if "passage" in turn:
        return custom.get("passage_id") == turn["passage"]
    return custom.get("answer_kind") == turn["kind"]


def run() -> dict:
    conversations = yaml.safe_load((REPO / "tests" / "heldout" / "followups.yml").read_text())["conversations"]
    right = total = 0
    misses = []
    with tempfile.TemporaryDirectory() as work:
        for turn, replies in replay(conversations, "heldout", Path(work)):
            ok = outcome(turn, replies)
            if turn.get("followup"):
                total += 1
                right += ok
            if not ok:
                got = (replies[-1].get("custom") or {}) if replies else {}
                misses.append(f"  {turn['user']!r}: expected {turn.get('passage') or turn.get('kind')}, "
                              f"got {got.get('passage_id') or got.get('answer_kind')}")
    return {"right": right, "total": total, "misses": misses}


def main() -> None:
    print_provenance()
    result = run()
    right, total = result["right"], result["total"]
    print(f"held-out follow-up turns answered with the right passage: {right}/{total} = {right / total:.1%}   target >= 95%")
    if result["misses"]:
        print("turns answered otherwise (any turn):")
        print("\n".join(result["misses"]))


if __name__ == "__main__":
    main()
