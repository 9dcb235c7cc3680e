"""Deletes stored conversations older than a given age from the tracker
store named in an endpoints file (privacy: keep conversations no longer than
needed). Run it daily, for example from cron:

    .venv/bin/python scripts/purge_conversations.py --older-than-days 30
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from rasa.utils.endpoints import read_endpoint_config  # noqa: E402

from stores.tracker_store import MaskingSQLTrackerStore  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--older-than-days", type=float, required=True)
    parser.add_argument("--endpoints", default="endpoints.yml")
    args = parser.parse_args()
    config = read_endpoint_config(args.endpoints, "tracker_store")
    if config is None or not config.type.endswith("MaskingSQLTrackerStore"):
        print(f"{args.endpoints}: the tracker store is not the project's SQL store; nothing purged")
        return 1
    store = MaskingSQLTrackerStore(host=config.url, **config.kwargs)
    removed = store.purge_older_than(args.older_than_days * 86400)
    print(f"removed {removed} conversation(s) older than {args.older_than_days} day(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
