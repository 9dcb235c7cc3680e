"""The passage ranker (assistant/ranker.py) with a toy encoder, and the
question splitter (assistant/questions.py)."""
import numpy as np
import pytest

from assistant.knowledge import load_knowledge
from assistant.questions import focus, has_question, split_questions
from assistant.ranker import (NOT_COVERED, PassageIndex, RankingSettings, from_payload, load_questions, load_settings,
                              to_payload)

WORDS = ["mrd", "cd19", "marker", "residual", "test", "diet", "food", "eat"]


def toy_encode(texts):
    """Bag of a few words: enough to check the ranking arithmetic."""
    out = np.zeros((len(texts), len(WORDS)), dtype=np.float32)
    for row, text in enumerate(texts):
        for col, word in enumerate(WORDS):
            out[row, col] = text.lower().count(word)
    return out + 1e-3


@pytest.fixture(scope="module")
def index():
    questions = {
        "mrd_overview": ["what is mrd", "mrd residual test", "what does mrd mean"],
        "marker_cd19": ["what is cd19", "cd19 marker", "what does cd19 marker mean"],
        NOT_COVERED: ["what should he eat", "diet food", "what food is good"],
    }
    kb = load_knowledge()
    return PassageIndex.build(questions, toy_encode, kb.vocabulary, RankingSettings(), kb.generic_findings)


def test_the_closest_passage_ranks_first(index):
    ranking = index.rank(toy_encode(["mrd test please"])[0], ["mrd"])
    assert ranking[0].passage_id == "mrd_overview"


def test_a_named_finding_moves_its_passage_up(index):
    vector = toy_encode(["marker"])[0]
    without = index.rank(vector, [])
    with_finding = index.rank(vector, ["mrd"])
    score = {r.passage_id: r.score for r in with_finding}
    assert score["mrd_overview"] > {r.passage_id: r.score for r in without}["mrd_overview"]


def test_the_not_covered_class_ranks_like_a_passage(index):
    assert index.rank(toy_encode(["what food can he eat"])[0])[0].passage_id == NOT_COVERED


def test_saved_and_loaded_index_ranks_the_same(index, tmp_path):
    index.save(tmp_path)
    loaded = PassageIndex.load(tmp_path, index.settings)
    vector = toy_encode(["cd19 marker"])[0]
    assert to_payload(loaded.rank(vector)) == to_payload(index.rank(vector))


def test_malformed_payloads_are_dropped():
    assert from_payload([{"passage_id": "x", "score": 0.5}, {"passage_id": 3}, "bad"])[0].passage_id == "x"
    assert from_payload("nonsense") == []


def test_every_passage_has_at_least_15_example_questions():
    questions = load_questions()
    assert set(questions) == set(load_knowledge().passages)
    assert min(len(q) for q in questions.values()) >= 15


def test_settings_load_from_content():
    settings = load_settings()
    assert 0 < settings.understood < settings.covered < settings.confident


@pytest.mark.parametrize("text, parts", [
    ("what is mrd? and is cd19 bad?", 2),
    ("my son is 4. his report says cd19 positive. what does that mean", 1),
    ("what causes it, is it genetic, and could we have prevented it?", 2),
    ("hi", 1),
    ("ola ke es la leusemia B? mi ijo tiene 5 años i le van a dar kimio, kiero saber si se va a curar", 2),
    ("what is mrd? she starts chemo monday and i want to know if it will work", 2),
    ("i want to know everything about her report", 1),
    # not knowing what the sentence before named asks what it is
    ("the report says B-lymphoblastic leukemia. i dont even know what that means. is it the bad kind", 2),
    ("nos dijeron leucemia linfoblastica B. no se ni que es eso. se va a curar?", 2),
    ("i dont know what to do anymore. is it normal to feel this way?", 1),
    ("i dont understand what any of this means. what is the bad kind", 1),
])
def test_split_questions(text, parts):
    assert len(split_questions(text)) == parts


def test_focus_is_the_asking_part_of_a_story():
    story = "she had fevers for weeks. we thought it was a virus. was that the leukemia?"
    assert focus(story) == "we thought it was a virus. was that the leukemia?"
    assert focus("what is mrd") == ""


def test_lead_in_words_do_not_hide_a_question():
    assert has_question("ok and how long is treatment")
    assert not has_question("ok thanks")


def test_the_settings_file_sets_every_setting():
    import dataclasses

    import yaml

    from assistant.ranker import RANKING_FILE

    written = set(yaml.safe_load(RANKING_FILE.read_text())["settings"])
    assert written == {f.name for f in dataclasses.fields(RankingSettings)}


def test_a_mixed_message_takes_the_other_languages_ranking_only_when_it_alone_finds_a_passage():
    from assistant.ranker import NOT_COVERED, Ranked, RankingSettings, mixed_language_ranking
    en, es = RankingSettings(covered=0.45, not_covered_margin=0.1), RankingSettings(covered=0.35, not_covered_margin=0.1)
    lost = [Ranked(NOT_COVERED, 0.5), Ranked("treatment_chemo", 0.3)]
    found = [Ranked("q_phases_duration", 0.6), Ranked("treatment_chemo", 0.5)]
    assert [r.passage_id for r in mixed_language_ranking(lost, found, en, es)] == ["q_phases_duration", "treatment_chemo"]
    assert mixed_language_ranking(lost, found, en, es)[0].score == pytest.approx(0.7)
    sure = [Ranked("ball_overview", 0.8)]
    assert mixed_language_ranking(sure, found, en, es) == sure
    assert mixed_language_ranking(lost, [Ranked("q_phases_duration", 0.4)], en, es) == lost
