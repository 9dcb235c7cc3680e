"""Spanish (issue 15): every passage and reply has its Spanish counterpart
with the same facts and figures, the language follows the person, and a
Spanish conversation gets Spanish words from the same decisions."""
import re

import pytest
import yaml

from assistant.followups import Context
from assistant.knowledge import load_knowledge
from assistant.language import load_language_guard
from assistant.localization import load_spanish, missing_translations
from assistant.ranker import Ranked
from assistant.report_context import ReportFinding
from assistant.router import Turn, load_router
from tests.paths import REPO
from tests.unit.replies import kinds

# Names that stay as they are in both languages: drugs, tests, report notation.
_KEPT = re.compile(r"\b(?:CD\d+[a-z]?|TdT|PAX5|BCR::ABL1|ETV6::RUNX1|KMT2A|iAMP21|CNS\d|FISH|PCR|NGS|TKI|CAR T|"
                   r"imatinib|dasatinib|ponatinib|blinatumomab|inotuzumab|t\(\d+;\d+\))", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)?")


@pytest.fixture(scope="module")
def spanish():
    return load_spanish()


def test_every_passage_has_a_spanish_text():
    assert missing_translations(list(load_knowledge().passages)) == []


@pytest.mark.parametrize("pid", list(load_knowledge().passages))
def test_spanish_passage_keeps_the_facts_and_figures(spanish, pid):
    english = load_knowledge().passage(pid).text
    text = spanish["passages"]["passages"][pid]["text"]
    assert set(_NUMBER.findall(english)) <= set(_NUMBER.findall(text)), pid
    kept = {k.lower() for k in _KEPT.findall(english)}
    assert kept <= {k.lower() for k in _KEPT.findall(text)}, (pid, kept - {k.lower() for k in _KEPT.findall(text)})
    assert spanish["passages"]["passages"][pid]["review"] == {"reviewed_by": None, "date": None}


def test_every_reply_and_summary_line_has_spanish_words_with_the_same_placeholders(spanish):
    english = yaml.safe_load((REPO / "content/replies.yml").read_text())
    said = spanish["strings"]["replies"]
    for key, value in english.items():
        assert key in said, key
        if isinstance(value, str):
            assert set(re.findall(r"\{\w+\}", value)) == set(re.findall(r"\{\w+\}", said[key])), key


def test_spanish_files_are_marked_for_review():
    for name in ("passages", "strings", "labels", "routing"):
        head = (REPO / "content/es" / f"{name}.yml").read_text(encoding="utf-8")[:400]
        assert "NO VIENE DEL ARTÍCULO" in head and "revisión" in head, name


@pytest.mark.parametrize("text, remembered, expected", [
    ("¿qué significa ERM negativa?", None, "es"),
    ("que significa CD19 positivo en el informe", "en", "es"),
    ("what does MRD mean", "es", "en"),
    ("in English please", "es", "en"),
    ("en español por favor", "en", "es"),
    ("CD19+, CD10+, TdT+", "es", "es"),
    ("ok", None, "en"),
])
def test_the_reply_language_follows_the_person(text, remembered, expected):
    assert load_language_guard().choose(text, remembered) == expected



def test_a_spanish_question_gets_the_spanish_passage():
    router = load_router("es")
    reply = router.respond(Turn("que es la enfermedad minima residual", intent="ask_what_is", confidence=0.8,
                                findings=["mrd"], ranking=[Ranked("mrd_overview", 0.85)]))
    assert reply.passages == ["mrd_overview"]
    assert reply.messages[0].text.startswith(load_spanish()["passages"]["passages"]["mrd_overview"]["text"].split()[0])
    assert "Fuente" in reply.messages[0].text or "fuente" in reply.messages[0].text


def test_a_spanish_emergency_gets_the_spanish_instruction_first():
    reply = load_router("es").respond(Turn("mi hija tiene 39 de fiebre y esta en quimio"))
    assert kinds(reply)[0] == "urgent" and reply.messages[0].custom["language"] == "es"


def test_no_fever_in_spanish_is_not_urgent():
    reply = load_router("es").respond(Turn("no tiene fiebre, solo queria saber que es la EMR", findings=["mrd"],
                                           ranking=[Ranked("mrd_overview", 0.8)]))
    assert "urgent" not in kinds(reply)


def test_a_spanish_dose_question_gets_the_spanish_care_team_reply():
    reply = load_router("es").respond(Turn("cuanto le doy de la pastilla si se me olvido la dosis"))
    assert kinds(reply)[0] == "care_team"
    assert "dosis" in reply.messages[0].text


def test_a_spanish_feeling_is_answered_in_spanish():
    reply = load_router("es").respond(Turn("tengo mucho miedo, no puedo dormir"))
    assert kinds(reply)[0] == "feelings" and "equipo" in reply.messages[0].text


def test_an_english_report_with_a_spanish_question_is_explained_in_spanish():
    text = "que significa esto?\nCD19 positive, CD10 positive, TdT positive\nBCR::ABL1 fusion: not detected\nMRD day 29: 0.02%"
    reply = load_router("es").respond(Turn(text))
    assert kinds(reply)[0] == "report" and kinds(reply)[-1] == "report_summary"
    explained = reply.messages[0].text
    assert "BCR::ABL1 (cromosoma Filadelfia): no se encontró" in explained
    assert "todavía se encontraron células de leucemia" in explained
    assert "Preguntas para su equipo médico" in reply.messages[-1].text


def test_the_portal_report_in_spanish():
    report = [ReportFinding("bcr_abl1", "BCR::ABL1 (Philadelphia chromosome)", "positive")]
    reply = load_router("es").respond(Turn("/greet", intent="greet", confidence=1.0, report=report))
    assert "inhibidores de la tirosina cinasa" in reply.messages[0].text


def test_asking_for_spanish_alone_is_acknowledged_in_spanish():
    reply = load_router("es").respond(Turn("en español por favor"))
    assert kinds(reply) == ["language_switched"] and "español" in reply.messages[0].text


def test_is_that_bad_in_spanish_after_a_finding():
    turn = Turn("eso es malo?", context=Context("gene_ph_like", "ph_like", None), ranking=[Ranked("prognosis_overview", 0.4)])
    text = load_router("es").respond(turn).messages[0].text
    assert "equipo médico" in text


def test_spanish_passages_read_bastante_facil_or_easier():
    """Fernández-Huerta 70+ and INFLESZ 65+ ("bastante fácil") for every passage."""
    from benchmarks.readability import spanish_scores

    texts = {pid: " ".join(p["text"].split()) for pid, p in load_spanish()["passages"]["passages"].items()}
    hard = {pid: s for pid, s in spanish_scores(texts).items() if s[0] < 70 or s[1] < 65}
    assert not hard, hard


@pytest.mark.parametrize("text, read", [
    ("mi ijo tiene kalentura de 39 i esta en kimio ke ago", "mi hijo tiene calentura de 39 y esta en quimio que hago"),
    ("kiero saber ke es la leusemia linfoblastika b", "quiero saber que es la leucemia linfoblastica b"),
    ("ok el KMT2A y kmt2a", "ok el KMT2A y kmt2a"),
])
def test_spanish_typed_as_it_sounds_is_read_in_the_usual_spelling(text, read):
    from assistant.language import spanish_spelling

    assert spanish_spelling(text) == read


def test_phonetic_spanish_reaches_the_care_team_reply():
    reply = load_router("es").respond(Turn("mi ijo se ba a kurar?"))
    assert kinds(reply)[0] == "care_team"


@pytest.mark.parametrize("text", [
    "y si sale positivo que? le van a meter mas quimio?",
    "stronger como? mas quimio o que?",
    "y ahora que hacemos?",
])
def test_spanish_is_not_taken_for_french_or_portuguese(text):
    assert load_language_guard().detect(text) == "es"


def test_everyday_spanish_words_are_never_masked_as_names():
    from assistant.masking import mask_identifiers

    text = "todo lo que leo es de niños, qué tan grave es? mi nena tiene dolores y tomas la pastilla"
    assert mask_identifiers(text) == text
    assert "Sofía" not in mask_identifiers("mi hija Sofía tiene 5 años")


def test_asking_for_english_with_more_words_is_not_answered_with_the_language_note():
    reply = load_router("en").respond(Turn("in English please, es mas facil para mi"))
    assert kinds(reply) == ["language_switched"]


@pytest.mark.parametrize("text, remembered, language, kind", [
    ("can you say it in English? mi esposa no lee español", "es", "en", "language_switched"),
    ("en español por favor, es para mi tia", "en", "es", "language_switched"),
])
def test_a_request_to_switch_is_acknowledged_in_the_new_language(text, remembered, language, kind):
    assert load_language_guard().choose(text, remembered) == language
    assert kinds(load_router(language).respond(Turn(text)))[0] == kind


def test_a_question_asked_with_the_switch_is_answered():
    text = "ok ahora en español otra vez, que es citometria de flujo?"
    reply = load_router("es").respond(Turn(text, findings=["flow_cytometry"], ranking=[Ranked("test_flow_cytometry", 0.9)]))
    assert reply.passages == ["test_flow_cytometry"]


def test_mentioning_a_language_is_not_asking_for_it():
    text = "nadie nos explica nada, los doctores hablan en ingles y nos tratan como tontos. que es la EMR?"
    assert load_language_guard().requested(text) is None


def test_a_spanish_parent_telling_the_diagnosis_is_not_refused_a_diagnosis():
    from assistant.router import load_router
    safety = load_router("es").safety
    assert safety.decision("mi hijo tiene leucemia b, que es eso", ["ask_diagnose_me"]) is None
    assert safety.decision("¿mi hijo tiene leucemia?", ["ask_diagnose_me"]) == "ask_diagnose_me"


@pytest.mark.parametrize("text", ["puedes contestar en espanol ahora? se lo voy a leer a el", "contestame en español porfa"])
def test_asking_for_answers_in_spanish_switches(text):
    assert load_language_guard().requested(text) == "es"


@pytest.mark.parametrize("text", [
    "hola. tengo 52 años, me diagnosticaron leucemia con cromosoma Philadelphia. cuanto me queda? sea honesto no mas",
    "y si no lo dejamos hacer el trasplante y le damos cosas naturales, guanabana y eso",
])
def test_spanish_set_l_decisions_go_to_the_care_team(text):
    reply = load_router("es").respond(Turn(text, ranking=[Ranked("survival_adults", 0.5)]))
    assert "care_team" in kinds(reply)
