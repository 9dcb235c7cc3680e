"""Issue-2 targets, measured: training time, server start to first answer,
REST round trip with the action server, held-out intent accuracy.

Run: make bench-core   (prints figures; asserts nothing: the machine is shared)
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import tempfile
import time
import uuid
from pathlib import Path

from benchmarks.common import percentile, print_provenance
from tests.paths import REPO
from tests.servers import VENV_BIN, Servers

QUESTIONS = [
    "what does cd19 positive mean", "what is MRD", "how will it affect my treatment?", "what is the philadelphia chromosome",
    "is that good or bad?", "how is b-all diagnosed", "what causes b-all", "tell me more", "what is a spinal tap",
    "what if leukemia is found there?",
]


def training_seconds() -> float:
    """A full training run with an empty cache, into a scratch folder."""
    with tempfile.TemporaryDirectory() as scratch:
        env = dict(os.environ, RASA_CACHE_DIRECTORY=os.path.join(scratch, "cache"), RASA_TELEMETRY_ENABLED="false",
                   PYTHONPATH=str(REPO), TF_CPP_MIN_LOG_LEVEL="3")
        start = time.perf_counter()
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--force", "--out", scratch, "--fixed-model-name", "bench"],
                       cwd=REPO, env=env, check=True, capture_output=True)
        return time.perf_counter() - start


def blind_messages() -> list:
    """The messages of blind set A, as people wrote them (long ones too)."""
    import yaml

    folder = REPO / "tests" / "blind" / "2026-11-30-set-a"
    conversations = yaml.safe_load((folder / "conversations.yml").read_text())["conversations"]
    return [turn["text"] for c in conversations for turn in c["turns"]]


def round_trips(servers: Servers, messages: list, requests: int) -> list:
    """Milliseconds per REST message, one user, a fresh conversation every 20 turns."""
    latencies = []
    sender = f"bench-{uuid.uuid4().hex[:8]}"
    for n in range(requests):
        if n % 20 == 0:  # sessions keep trackers short
            sender = f"bench-{uuid.uuid4().hex[:8]}"
        body = json.dumps({"sender": sender, "message": messages[n % len(messages)]}).encode()
        t0 = time.perf_counter()
        status, _ = servers.post_raw(body)
        latencies.append((time.perf_counter() - t0) * 1000)
        assert status == 200
    return latencies


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--requests", type=int, default=300)
    parser.add_argument("--skip-training", action="store_true")
    args = parser.parse_args()
    print_provenance()
    if not args.skip_training:
        print(f"training (empty cache): {training_seconds():.1f} s   target <= 180 s")

    with tempfile.TemporaryDirectory() as work:
        servers = Servers(Path(work))
        start = time.perf_counter()
        servers.start_actions()
        servers.start_rasa()
        first = servers.send("bench-first", "what is MRD")
        ready = time.perf_counter() - start
        assert any((m.get("custom") or {}).get("passage_id") == "mrd_overview" for m in first)
        print(f"start to first answer (both servers): {ready:.1f} s   target <= 60 s")

        latencies = round_trips(servers, QUESTIONS, args.requests)
        real = round_trips(servers, blind_messages(), args.requests)
        servers.stop()
    for label, values in (("short questions", latencies), ("blind set A messages (stories, several questions)", real)):
        print(f"REST round trip with actions, one user, {len(values)} requests, {label}: "
              f"p50 {percentile(values, 50):.0f} ms  p95 {percentile(values, 95):.0f} ms  "
              f"p99 {percentile(values, 99):.0f} ms   target p95 <= 60 ms")

    report = REPO / "results" / "nlu" / "intent_report.json"
    if report.is_file():
        data = json.loads(report.read_text())
        print(f"held-out intent accuracy (tests/nlu_test.yml, from `make test-nlu`): {data['accuracy']:.3f}   "
              f"macro F1 {data['macro avg']['f1-score']:.3f}   target >= 0.95")
    else:
        print("held-out intent accuracy: run `make test-nlu` first")


if __name__ == "__main__":
    main()
