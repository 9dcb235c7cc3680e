"""The held-out NLU set stays held out: no test question is a copy or a
near-copy of a training example."""
import difflib
import re

import yaml

from tests.paths import REPO


def examples(path):
    out = []
    for block in yaml.safe_load((REPO / path).read_text())["nlu"]:
        if "intent" in block:
            out += [(block["intent"], line[2:].strip()) for line in block["examples"].splitlines() if line.startswith("- ")]
    return out


def norm(text):
    return " ".join(re.findall(r"[a-z0-9]+", text.lower()))


def near_duplicate(a, b):
    ta, tb = set(a.split()), set(b.split())
    jaccard = len(ta & tb) / max(len(ta | tb), 1)
    return a == b or jaccard >= 0.8 or difflib.SequenceMatcher(None, a, b).ratio() >= 0.9


def test_held_out_set_has_no_near_duplicates_of_training_data():
    """Same label and nearly the same words would leak the answer; a similar
    question with another label is a fair hard case, not a leak."""
    train = [(i, norm(t)) for i, t in examples("data/nlu.yml")]
    clashes = [
        (t, x) for i, t in examples("tests/nlu_test.yml") for j, x in train if i == j and near_duplicate(norm(t), x)
    ]
    assert clashes == []


def test_the_near_duplicate_check_fires():
    assert near_duplicate(norm("What does CD19 mean?"), norm("what does cd19 mean"))
    assert near_duplicate(norm("what's the survival rate for children"), norm("what is the survival rate for children"))
    assert not near_duplicate(norm("what is cd19"), norm("how long does treatment last"))


# Decided by components/message_screen.py and tested on tests/safety/.
SCREENED = {"urgent_symptom", "non_english"}


def test_held_out_set_covers_every_intent():
    train_intents = {i for i, _ in examples("data/nlu.yml")}
    test_intents = {i for i, _ in examples("tests/nlu_test.yml")}
    assert train_intents - SCREENED == test_intents


def test_no_duplicate_training_examples():
    texts = [norm(t) for _, t in examples("data/nlu.yml")]
    assert len(texts) == len(set(texts))
