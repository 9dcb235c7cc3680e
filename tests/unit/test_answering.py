"""Choosing the passage from question type, findings and context."""
import pytest

from assistant.answering import ASK_WHICH, NO_SPECIFIC, PASSAGE, Answerer
from assistant.followups import Context, refers_back
from assistant.knowledge import load_knowledge


@pytest.fixture(scope="module")
def answerer():
    return Answerer(load_knowledge())


@pytest.mark.parametrize(
    "intent, findings, context, text, expected",
    [
        ("ask_what_is", ["cd19"], Context(), "what is cd19", "marker_cd19"),
        ("ask_what_is", ["mrd"], Context(), "what is mrd", "mrd_overview"),
        ("ask_what_is", ["mrd_negative"], Context(), "mrd negative?", "mrd_negative"),
        ("ask_treatment", ["mrd"], Context(), "how does mrd change treatment", "mrd_treatment"),
        ("ask_treatment", [], Context(), "how is b-all treated", "treatment_overview"),
        ("ask_treatment", [], Context(topic="mrd_overview", finding="mrd"), "how will it affect my treatment", "mrd_treatment"),
        ("ask_prognosis", [], Context(topic="gene_bcr_abl1", finding="bcr_abl1"), "is that good or bad", "survival_ph_positive"),
        ("ask_prognosis", ["prognosis", "children"], Context(), "survival rate for children", "survival_children"),
        ("ask_testing", [], Context(topic="mrd_overview", finding="mrd"), "how do they test for it", "mrd_testing"),
        ("ask_if_found", [], Context(topic="test_lumbar_puncture"), "what if leukemia is found there", "factor_other_sites"),
        ("ask_drugs", [], Context(topic="gene_bcr_abl1"), "which drugs", "treatment_tki"),
        ("ask_what_about", ["cd10"], Context(topic="marker_cd19", finding="cd19"), "what about cd10?", "marker_cd10"),
        ("ask_what_about", ["bcr_abl1"], Context(topic="mrd_treatment", facet="treatment"), "and ph+?", "treatment_tki"),
        ("ask_my_case", ["stem_cell_transplant"], Context(), "might i need a transplant", "q_transplant"),
        ("ask_my_case", [], Context(), "what about my case", "doctor_questions"),
        ("ask_causes", ["down_syndrome"], Context(), "does down syndrome raise the risk", "risk_inherited_conditions"),
        ("ask_what_is", ["b_all", "bcr_abl1"], Context(), "what is ph+ all", "gene_bcr_abl1"),
    ],
)
def test_picks_the_passage(answerer, intent, findings, context, text, expected):
    answer = answerer.answer(intent, findings, context, text=text)
    assert (answer.kind, answer.passage_id) == (PASSAGE, expected)


def test_answer_names_its_section_and_offers_buttons(answerer):
    answer = answerer.answer("ask_what_is", ["tdt"], Context(), "what is tdt")
    assert "Source: article section" in answer.text and "Under" not in answer.text
    assert 2 <= len(answer.buttons) <= 3
    assert answer.metadata == {"passage_id": "marker_tdt", "section": "diagnosis", "answer_kind": "passage"}
    assert answer.context.topic == "marker_tdt" and answer.context.finding == "tdt"


def test_follow_up_without_context_asks_which(answerer):
    answer = answerer.answer("ask_more", [], Context(), "tell me more")
    assert answer.kind == ASK_WHICH and answer.passage_id is None and answer.buttons


def test_no_specific_answer_says_so_and_offers_closest(answerer):
    answer = answerer.answer("ask_treatment", ["cd19"], Context(), "how does cd19 change treatment")
    assert answer.kind == NO_SPECIFIC
    assert "CD19" in answer.text and answer.passage_id is None
    titles = [b["title"] for b in answer.buttons]
    assert "What does CD19 mean?" in titles and "How is B-ALL treated?" in titles


def test_unknown_findings_are_ignored(answerer):
    answer = answerer.answer("ask_what_is", ["not_a_finding"], Context(), "explain please")
    assert answer.passage_id == "ball_overview"


def test_button_payload_opens_that_passage(answerer):
    assert answerer.answer("ask_what_is", [], Context(), "", passage_id="q_transplant").passage_id == "q_transplant"


@pytest.mark.parametrize("text, expected", [("is that good?", True), ("how will it affect treatment", True),
                                            ("how is b-all treated", False), ("what is the outlook", False)])
def test_refers_back(text, expected):
    assert refers_back(text) is expected


def test_an_in_line_numbered_list_is_split_into_its_questions():
    from assistant.questions import split_questions
    text = "ok three questions. 1 how long is treatment 2 will she need radiation 3 is transplant automatic if high risk"
    assert split_questions(text) == ["how long is treatment", "will she need radiation", "is transplant automatic if high risk"]
    assert split_questions("my son is 1 year old and 2 weeks into chemo, what is MRD?") == [
        "my son is 1 year old and 2 weeks into chemo, what is MRD?"]


def test_quantities_in_a_question_are_not_a_numbered_list():
    from assistant.questions import split_questions
    assert split_questions("is 1 month of induction normal? and is 2 years of maintenance normal?") == [
        "is 1 month of induction normal?", "and is 2 years of maintenance normal?"]


def test_questions_asked_inside_a_telling_sentence_are_each_found():
    from assistant.questions import split_questions
    text = ("el doctor dijo que tiene la eme erre de negativo y que la van a pasar a consolidación "
            "que es eso de consolidación y qué es eme erre de")
    assert split_questions(text) == ["que es eso de consolidación", "qué es eme erre de"]
    assert split_questions("she has ALL and the doctor said what is called induction starts monday") == [
        "she has ALL and the doctor said what is called induction starts monday"]


def test_a_short_pointing_question_is_read_with_the_sentence_it_points_at():
    from assistant.questions import split_questions
    text = 'Ahora me salen con que el nene tiene "KMT2A rearranged". Que carajo es eso y por que nadie me dijo antes??'
    assert split_questions(text)[0] == 'Ahora me salen con que el nene tiene "KMT2A rearranged". Que carajo es eso'


def test_and_what_about_in_spanish_is_a_question():
    from assistant.questions import split_questions
    parts = split_questions("now they want to give my dad inotuzumab, is that chemo o que es? y lo de blina tambien")
    assert len(parts) == 2 and parts[1].startswith("y lo de blina")


@pytest.mark.parametrize("text, expected", [
    ("they said b-all. i dont even know what to ask. what even is it", True),
    ("el papel dice KMT2A. que es eso?", True),
    ("what is it like to have a bone marrow test", False),
    ("is it bad", False),
])
def test_asks_what_it_is(text, expected):
    from assistant.questions import asks_what_it_is
    assert asks_what_it_is(text) is expected


def test_dictated_question_marks_split_questions():
    # voice typing writes the mark as words (set P, Spanish N)
    from assistant.questions import has_question, split_questions
    assert split_questions("le va a doler otra vez signo de pregunta y para que se la hacen otra vez") == [
        "le va a doler otra vez?", "y para que se la hacen otra vez"]
    assert has_question("period why does she still need the spine shots if it was clear question mark")
    assert split_questions("the bookmark says question") == ["the bookmark says question"]
    # a mark the person writes about is not dictated punctuation (outside review)
    assert split_questions("the report has a question mark next to Ph-like, what does that mean") == [
        "the report has a question mark next to Ph-like, what does that mean"]
    assert split_questions("why is there a question mark after CD20 on the flow") == [
        "why is there a question mark after CD20 on the flow"]
    # a passed-on question is a question; a reported remark is not
    assert split_questions("q es eso?? y mi pana quiere saber si se le pega") == ["q es eso??", "y mi pana quiere saber si se le pega"]
    assert not has_question("the nurse asks if we have questions, we dont right now, thanks")
