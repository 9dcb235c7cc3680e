"""The Rasa SDK actions, run on Tracker fixtures with a CollectingDispatcher."""
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer, ActionSessionStart


def tracker(intent: str, text: str = "", entities: Optional[List[Dict]] = None, slots: Optional[Dict] = None,
            **parse: object) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"topic": None, "finding": None, "facet": None, **(slots or {})},
        latest_message={"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text, **parse},
        events=[],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


async def run(action, t):
    dispatcher = CollectingDispatcher()
    events = await action.run(dispatcher, t, {})
    return dispatcher.messages, events


async def test_answer_uses_the_entity_and_sets_context():
    t = tracker("ask_what_is", "what is cd19", [{"entity": "marker", "value": "cd19", "start": 8, "end": 12}])
    messages, events = await run(ActionAnswer(), t)
    (message,) = messages
    assert message["custom"]["passage_id"] == "marker_cd19"
    assert "CD19" in message["text"] and len(message["buttons"]) == 3
    assert SlotSet("topic", "marker_cd19") in events and SlotSet("finding", "cd19") in events


async def test_follow_up_reads_the_topic_slot():
    t = tracker("ask_treatment", "how will it affect my treatment?", slots={"topic": "mrd_overview", "finding": "mrd"})
    messages, _ = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "mrd_treatment"


async def test_payload_entity_with_a_bad_id_is_ignored():
    t = tracker("ask_what_is", "", [{"entity": "marker", "value": "not_real"}, {"entity": "test", "value": "cd19"}])
    messages, _ = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "ball_overview"


async def test_passage_payload_opens_the_passage():
    t = tracker("ask_what_is", '/ask_what_is{"passage":"q_transplant"}', [{"entity": "passage", "value": "q_transplant"}])
    messages, _ = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "q_transplant"


@pytest.mark.parametrize("intent, kind", [("greet", "greet"), ("out_of_scope", "out_of_scope"),
                                          ("bot_capabilities", "bot_capabilities")])
async def test_topic_menu_leads(intent, kind):
    messages, _ = await run(ActionAnswer(), tracker(intent, "hello there", passage_ranking=[]))
    assert messages[0]["custom"]["answer_kind"] == kind and len(messages[0]["buttons"]) >= 5


async def test_session_start_says_not_medical_advice_and_keeps_context():
    slots = {"topic": "mrd_overview", "language": "en"}
    messages, events = await run(ActionSessionStart(), tracker("greet", slots=slots))
    assert "not medical advice" in messages[0]["text"]
    assert SlotSet("topic", "mrd_overview") in events


async def test_session_start_speaks_the_language_the_widget_asked_for():
    t = tracker("greet", slots={"session_started_metadata": {"language": "es"}})
    messages, _ = await run(ActionSessionStart(), t)
    assert messages[0]["custom"] == {"answer_kind": "disclaimer", "language": "es"}


async def test_with_no_language_known_the_note_waits_for_the_first_answer_and_speaks_its_language():
    messages, events = await run(ActionSessionStart(), tracker("greet"))
    assert messages == [] and SlotSet("disclaimer_due", True) in events
    t = tracker("ask_what_is", "¿qué significa la EMR?", slots={"disclaimer_due": True},
                passage_ranking=[{"passage_id": "mrd_overview", "score": 0.8}])
    messages, events = await run(ActionAnswer(), t)
    assert [m["custom"]["answer_kind"] for m in messages] == ["disclaimer", "passage"]
    assert messages[0]["custom"]["language"] == "es" and "consejo médico" in messages[0]["text"]
    assert SlotSet("disclaimer_due", None) in events


async def test_an_urgent_first_message_gets_the_instruction_before_the_note():
    t = tracker("ask_what_is", "fevr 39 on chemo wat do", slots={"disclaimer_due": True})
    messages, _ = await run(ActionAnswer(), t)
    assert [m["custom"]["answer_kind"] for m in messages] == ["urgent", "urgent_detail", "disclaimer"]


async def test_urgent_message_says_the_instruction_first_whatever_the_intent():
    messages, events = await run(ActionAnswer(), tracker("ask_what_is", "fevr 39 on chemo wat do"))
    assert [m["custom"]["answer_kind"] for m in messages] == ["urgent", "urgent_detail"]
    assert "911" in messages[0]["text"] and SlotSet("last_kind", "urgent") in events


async def test_waiting_after_an_urgent_reply_keeps_the_urgency():
    t = tracker("ask_dosing", "can i give him tylenol and wait till morning", slots={"last_kind": "urgent"})
    messages, _ = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["answer_kind"] == "urgent" and "don't wait" in messages[0]["text"]


async def test_care_team_decision_offers_general_passages():
    messages, _ = await run(ActionAnswer(), tracker("ask_personal_prognosis", "will my son survive"))
    assert messages[0]["custom"] == {"answer_kind": "care_team", "decision": "ask_personal_prognosis"}
    assert any("outlook" in b["title"].lower() for b in messages[0]["buttons"])


async def test_language_note_answers_in_that_language_too():
    messages, _ = await run(ActionAnswer(), tracker("non_english", "Qu'est-ce que cela veut dire pour ma fille ?"))
    assert messages[0]["custom"]["language"] == "fr" and "anglais" in messages[0]["text"]


async def test_a_spanish_message_is_answered_in_spanish_and_remembered():
    t = tracker("ask_what_is", "¿qué significa la EMR?", passage_ranking=[{"passage_id": "mrd_overview", "score": 0.8}])
    messages, events = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "mrd_overview" and "enfermedad" in messages[0]["text"]
    assert SlotSet("language", "es") in events


async def test_the_ranking_from_nlu_picks_the_passage():
    t = tracker("ask_what_is", "why do they check his testicles", passage_ranking=[
        {"passage_id": "factor_other_sites", "score": 0.74}, {"passage_id": "test_lumbar_puncture", "score": 0.6}])
    messages, events = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "factor_other_sites"
    assert SlotSet("discussed", ["factor_other_sites"]) in events


async def test_several_questions_are_each_answered():
    parts = [{"text": "what is mrd?", "findings": ["mrd"], "ranking": [{"passage_id": "mrd_overview", "score": 0.8}]},
             {"text": "is it contagious?", "findings": [], "ranking": [{"passage_id": "contagious_preventable", "score": 0.7}]}]
    messages, _ = await run(ActionAnswer(), tracker("ask_what_is", "what is mrd? is it contagious?", question_parts=parts))
    assert [m["custom"].get("passage_id") for m in messages] == ["mrd_overview", "contagious_preventable"]


async def test_malformed_ranking_from_the_tracker_is_ignored():
    t = tracker("ask_what_is", "what is cd19", [{"entity": "marker", "value": "cd19", "start": 8, "end": 12}],
                passage_ranking=[{"passage_id": 5}, "x"], question_parts="nonsense")
    messages, _ = await run(ActionAnswer(), t)
    assert messages[0]["custom"]["passage_id"] == "marker_cd19"


async def test_malformed_tracker_data_gets_a_reply_not_a_crash():
    t = tracker("ask_what_is", "what is cd19", [{"entity": "passage", "value": {"a": 1}}],
                slots={"topic": 5, "finding": ["x"], "last_kind": {"k": 1}, "discussed": "nope", "offered": [1, None]},
                passage_ranking=[{"passage_id": "no_such_passage", "score": 0.99}])
    t.latest_message["intent"] = "not a dict"
    messages, _ = await run(ActionAnswer(), t)
    assert messages and messages[0]["custom"]["answer_kind"]


async def test_the_widget_switch_changes_the_language_only_when_it_changes():
    switched = tracker("ask_what_is", "CD19?", metadata={"language": "es"}, slots={"language": "en", "widget_language": "en"})
    _, events = await run(ActionAnswer(), switched)
    assert SlotSet("language", "es") in events and SlotSet("widget_language", "es") in events
    # a request typed in the chat sticks while the switch stays where it was
    kept = tracker("ask_what_is", "CD19?", metadata={"language": "en"}, slots={"language": "es", "widget_language": "en"})
    _, events = await run(ActionAnswer(), kept)
    assert SlotSet("language", "en") not in events


async def test_a_spanish_conversation_reads_the_spanish_ranking_of_a_short_message():
    """"cuanto dura el tratamiento" is too short to tell its language: NLU ranks
    it both ways, and a Spanish conversation reads the Spanish ranking."""
    rankings = dict(passage_ranking=[{"passage_id": "not_covered", "score": 1.2}],
                    passage_ranking_es=[{"passage_id": "q_phases_duration", "score": 0.8}])
    messages, _ = await run(ActionAnswer(), tracker("ask_treatment", "cuanto dura el tratamiento", slots={"language": "es"}, **rankings))
    assert messages[0]["custom"]["passage_id"] == "q_phases_duration"
    messages, _ = await run(ActionAnswer(), tracker("ask_treatment", "cuanto dura el tratamiento", slots={"language": "en"}, **rankings))
    assert messages[0]["custom"].get("passage_id") != "q_phases_duration"


async def test_a_spanish_message_reads_the_spanish_classifiers_intent():
    """The screen marks "hola" `non_english`; in Spanish the classifier's greeting counts."""
    t = tracker("non_english", "hola", slots={"language": "es"}, passage_ranking=[{"passage_id": "not_covered", "score": 0.3}],
                intent_ranking=[{"name": "non_english", "confidence": 1.0}, {"name": "greet", "confidence": 0.99}])
    messages, _ = await run(ActionAnswer(), t)
    assert messages[-1]["custom"]["answer_kind"] == "greet"


async def test_a_care_team_decision_second_in_the_classifiers_ranking_is_read():
    """"whats my survival odds honestly": ask_prognosis first, the personal outlook second."""
    t = tracker("ask_prognosis", "whats my survival odds honestly",
                passage_ranking=[{"passage_id": "survival_adults", "score": 0.75}],
                passage_ranking_es=[{"passage_id": "not_covered", "score": 0.5}],
                intent_ranking=[{"name": "ask_prognosis", "confidence": 0.58},
                                {"name": "ask_personal_prognosis", "confidence": 0.26}])
    messages, _ = await run(ActionAnswer(), t)
    assert any(m["custom"].get("decision") == "ask_personal_prognosis" for m in messages)
