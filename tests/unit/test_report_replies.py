"""Replies built from a report's findings (assistant/report_replies.py and the
router's report steps): one output for a pasted report and for the portal's
findings, and follow-ups that refer to the findings listed."""
import pytest

from assistant.ranker import Ranked
from assistant.report_context import ReportFinding
from assistant.router import Turn, load_router
from tests.unit.replies import kinds

PH = ReportFinding("bcr_abl1", "BCR::ABL1 (Philadelphia chromosome)", "positive")
CD10 = ReportFinding("cd10", "CD10", "negative")
MRD = ReportFinding("mrd", "MRD (day 29)", "detected, 0.02%")


@pytest.fixture(scope="module")
def router():
    return load_router()



def test_portal_findings_get_the_same_explanation_and_summary_as_a_paste(router):
    portal = router.respond(Turn("/greet", intent="greet", confidence=1.0, report=[PH, CD10, MRD]))
    pasted = router.respond(Turn("BCR::ABL1 fusion detected. CD10 negative. MRD (day 29): detected, 0.02%"))
    assert kinds(portal) == ["report_intro", "report_summary"]
    assert kinds(pasted)[0] == "report" and kinds(pasted)[-1] == "report_summary"
    intro = portal.messages[0].text
    assert "tyrosine kinase" in intro or "targeted" in intro, intro  # what Ph means for treatment
    assert "CD10: not found (negative)" in intro
    assert "leukemia cells could still be found" in intro
    # the summary to keep says what guides treatment and which questions to ask
    assert "TKI" in portal.messages[1].text and "Questions to ask your care team" in portal.messages[1].text
    # the lines of both are numbered, so "the second one" can point at them
    assert "\n2. " in intro and "\n2. " in pasted.messages[0].text


def test_explain_my_report_again_uses_the_known_findings(router):
    reply = router.respond(Turn("can you explain my report", intent="explain_report", confidence=0.95, report=[PH]))
    assert kinds(reply) == ["report", "report_summary"]
    assert "Philadelphia" in reply.messages[0].text


@pytest.mark.parametrize("text, expected", [
    ("what does the second one mean?", "cd10"),
    ("and the first one", "bcr_abl1"),
    ("explain number 3 please", "mrd"),
    ("what about the last one", "mrd"),
])
def test_an_ordinal_after_the_report_points_at_its_findings(router, text, expected):
    reply = router.respond(Turn(text, last_kind="report", report=[PH, CD10, MRD], offered=["gene_bcr_abl1", "marker_cd10"]))
    passage = router.kb.passage(reply.passages[0])
    assert passage.id == router.kb.passage_for_finding(expected).id
    assert reply.messages[0].text.startswith("Your report lists")


def test_an_ordinal_out_of_range_is_not_guessed(router):
    reply = router.respond(Turn("what does the third one mean", last_kind="report", report=[PH]))
    assert not reply.messages[0].text.startswith("Your report lists")


def test_an_ordinal_later_in_the_conversation_points_at_the_offered_buttons(router):
    """Only right after the findings were listed do ordinals mean findings."""
    reply = router.respond(Turn("the second one", last_kind="passage", report=[PH, CD10],
                                offered=["mrd_overview", "treatment_tki"]))
    assert reply.passages == ["treatment_tki"]


def test_what_to_ask_after_a_report_is_tailored_to_its_findings(router):
    turn = Turn("what should i ask the doctor about it?", intent="ask_doctor_questions", confidence=0.9,
                report=[PH, MRD], last_kind="report", ranking=[Ranked("doctor_questions", 0.8)])
    reply = router.respond(turn)
    text = reply.messages[0].text
    assert "about the findings in your report" in text and "BCR::ABL1" in text
    questions = {router.kb.passage(p).question for p in ("q_genetic_changes", "q_mrd_testing", "q_risk_group")}
    assert all(q in text for q in questions), text
    assert router.kb.passage("q_flow_markers").question not in text  # no marker was in the report


def test_what_to_ask_without_a_report_is_the_general_list(router):
    turn = Turn("what should i ask the doctor?", intent="ask_doctor_questions", confidence=0.9,
                ranking=[Ranked("doctor_questions", 0.8)])
    reply = router.respond(turn)
    assert reply.passages == ["doctor_questions"] and "findings in your report" not in reply.messages[0].text


@pytest.mark.parametrize("topic, finding, said", [
    ("gene_ph_like", "ph_like", "may point to targeted drugs"),
    ("marker_cd19", "cd19", "help"),
])
def test_is_that_bad_after_a_finding_without_an_outlook_passage_gives_the_framing(router, topic, finding, said):
    from assistant.followups import Context
    turn = Turn("is that bad", intent="ask_prognosis", confidence=0.8, context=Context(topic, finding, None),
                ranking=[Ranked("prognosis_overview", 0.5)])
    reply = router.respond(turn)
    text = reply.messages[0].text
    assert said in text and "care team" in text.lower(), text
    assert reply.messages[0].custom["passage_id"] == topic
