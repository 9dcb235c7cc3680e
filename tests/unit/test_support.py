"""Feelings (assistant/support.py, content/support.yml)."""
import pytest

from assistant.support import load_support


@pytest.mark.parametrize("text, feeling", [
    ("did i cause this", "guilt"),
    ("we missed the signs for weeks", "guilt"),
    ("im so scared", "fear"),
    ("i cant stop crying", "sadness"),
    ("i can't do this anymore", "overwhelm"),
    ("i feel so alone", "loneliness"),
    ("I have nobody to drive me to all these appointments and I feel very alone in this big house", "loneliness"),
    ("i'm so angry, it's not fair", "anger"),
])
def test_feelings_are_recognised(text, feeling):
    assert load_support().detect(text) == feeling


@pytest.mark.parametrize("text", ["what is the central nervous system", "what is mrd", "is 80% blasts too much",
                                  "the area is numbed first"])
def test_ordinary_questions_share_no_feeling(text):
    assert load_support().detect(text) is None


def test_every_feeling_has_an_acknowledgement_and_the_support_pointer_names_people():
    support = load_support()
    assert all(f.acknowledge for f in support.feelings.values())
    assert "social worker" in support.support and support.offer_passages


@pytest.mark.parametrize("text, feeling", [
    ("is it weird that im kind of mad about it", "anger"),
    ("nobody really gets it. is it normal to feel this alone", "loneliness"),
])
def test_softening_words_do_not_hide_a_feeling(text, feeling):
    assert load_support().detect(text) == feeling
