"""The one normaliser: synonyms, notation and typos to canonical ids."""
import pytest

from assistant.vocabulary import load_vocabulary, primary


@pytest.fixture(scope="module")
def vocabulary():
    return load_vocabulary()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("what does cd19 positive mean", ["cd19"]),
        ("CD19+, TdT+, ETV6::RUNX1 detected", ["cd19", "tdt", "etv6_runx1"]),
        ("TEL-AML1 fusion", ["etv6_runx1"]),
        ("t(12;21)", ["etv6_runx1"]),
        ("Ph+ ALL", ["bcr_abl1", "b_all"]),
        ("BCR-ABL1 and t(9;22)(q34;q11)", ["bcr_abl1", "bcr_abl1"]),
        ("philidelphia chromosome", ["bcr_abl1"]),
        ("MLL rearranged", ["kmt2a"]),
        ("minimal residual disease", ["mrd"]),
        ("measurable residual disease", ["mrd"]),
        ("my son's report says MRD negative", ["children", "mrd_negative"][1:]),
        ("spinal tap", ["lumbar_puncture"]),
        ("hyperdiplody", ["high_hyperdiploidy"]),
        ("blinatumumab", ["blinatumomab"]),
        ("Ph-like", ["ph_like"]),
        ("WHO subtype", ["who_subtype"]),
        ("CAR-T cells", ["car_t"]),
        # dictation splits long words: they are read joined
        ("and the in tra the cal chemo", ["cns_therapy"]),
        ("what is in tense a fication mean", ["chemotherapy"]),
        ("hypo diploid meaning", ["hypodiploidy"]),
        ("hyper diploidy", ["high_hyperdiploidy"]),
        ("what about the trans plant", ["stem_cell_transplant"]),
    ],
)
def test_finds_canonical_ids(vocabulary, text, expected):
    assert [m.finding.id for m in vocabulary.find(text)] == expected


@pytest.mark.parametrize("text", ["can i eat sweets", "all of them", "what is the narrow road", "hello there"])
def test_everyday_words_are_not_findings(vocabulary, text):
    assert vocabulary.find(text) == []


def test_spans_point_at_the_words(vocabulary):
    text = "Flow shows CD10 dim"
    (m,) = [m for m in vocabulary.find(text) if m.finding.id == "cd10"]
    assert text[m.start:m.end] == "CD10"


def test_normalise_single_terms(vocabulary):
    assert vocabulary.normalise("TEL-AML1") == "etv6_runx1"
    assert vocabulary.normalise("bcr_abl1") == "bcr_abl1"
    assert vocabulary.normalise("something else") is None


def test_primary_prefers_specific_kinds(vocabulary):
    mentions = vocabulary.find("is B-ALL with BCR::ABL1 treated with chemo")
    assert primary(mentions, ["genetic_change", "marker", "treatment", "test", "topic"]).finding.id == "bcr_abl1"


def test_a_synonym_cannot_name_two_findings():
    from assistant.vocabulary import Vocabulary

    with pytest.raises(ValueError, match="names both"):
        Vocabulary({"findings": {"a": {"type": "marker", "label": "A", "synonyms": ["x1"]},
                                 "b": {"type": "marker", "label": "B", "synonyms": ["x1"]}}})


@pytest.mark.parametrize("text, found", [
    ("the report says flow site ometry positive for see dee nineteen see de ten", ["flow_cytometry", "cd19", "cd10"]),
    ("no philly delfia chromosome and no K M T 2 A", ["bcr_abl1", "kmt2a"]),
    ("what is the pee h like thing the nurse mentioned", ["ph_like"]),
    ("what is em are dee again", ["mrd"]),
])
def test_voice_to_text_spellings_name_their_findings(text, found):
    from assistant.knowledge import load_knowledge

    assert [m.finding.id for m in load_knowledge().vocabulary.find(text)] == found


@pytest.mark.parametrize("text", ["he is in the hospital today", "can he go to a party this weekend",
                                  "i am in a bad way and it is the worst"])
def test_joining_words_finds_nothing_in_plain_talk(vocabulary, text):
    assert vocabulary.find(text) == []


def test_a_word_that_names_a_finding_is_not_joined_to_the_word_before(vocabulary):
    assert [m.text for m in vocabulary.find("what is immunotherapy")] == ["immunotherapy"]
