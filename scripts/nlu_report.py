"""Prints intent accuracy and macro F1 from Rasa's intent_report.json, the
worst intents, and fails when accuracy is under --min-accuracy."""
from __future__ import annotations

import argparse
import json
import sys


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("report")
    parser.add_argument("--min-accuracy", type=float, default=0.0)
    args = parser.parse_args()
    report = json.load(open(args.report))
    accuracy = report["accuracy"]
    macro_f1 = report["macro avg"]["f1-score"]
    print(f"held-out intent accuracy: {accuracy:.3f}   macro F1: {macro_f1:.3f}   examples: {report['macro avg']['support']}")
    rows = sorted((v["f1-score"], k, v.get("confused_with", {})) for k, v in report.items()
                  if isinstance(v, dict) and "f1-score" in v and k not in ("macro avg", "weighted avg", "micro avg"))
    for f1, intent, confused in rows[:5]:
        print(f"  {intent:<26} F1 {f1:.2f}  confused with {confused or '-'}")
    if accuracy < args.min_accuracy:
        print(f"FAILED: accuracy {accuracy:.3f} is under the target {args.min_accuracy}")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
