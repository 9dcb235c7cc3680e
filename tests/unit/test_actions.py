"""The Rasa SDK actions, run on Tracker fixtures with a CollectingDispatcher."""
from typing import Dict, List, Optional

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.actions import ActionAnswer, ActionSessionStart, ActionTopicMenu


def tracker(intent: str, text: str = "", entities: Optional[List[Dict]] = None, slots: Optional[Dict] = None) -> Tracker:
    return Tracker(
        sender_id="test",
        slots={"topic": None, "finding": None, "facet": None, **(slots or {})},
        latest_message={"intent": {"name": intent, "confidence": 0.9}, "entities": entities or [], "text": text},
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
                                          ("nlu_fallback", "fallback"), ("bot_capabilities", "bot_capabilities")])
async def test_topic_menu_leads(intent, kind):
    messages, _ = await run(ActionTopicMenu(), tracker(intent))
    assert messages[0]["custom"]["answer_kind"] == kind and len(messages[0]["buttons"]) >= 5


async def test_session_start_says_not_medical_advice_and_keeps_context():
    messages, events = await run(ActionSessionStart(), tracker("greet", slots={"topic": "mrd_overview"}))
    assert "not medical advice" in messages[0]["text"]
    assert SlotSet("topic", "mrd_overview") in events


async def test_urgent_action_says_the_instruction_first():
    from actions.actions import ActionUrgent

    messages, _ = await run(ActionUrgent(), tracker("urgent_symptom", "fevr 39 on chemo wat do"))
    assert [m["custom"]["answer_kind"] for m in messages] == ["urgent", "urgent_detail"]
    assert "911" in messages[0]["text"]


async def test_urgent_action_without_a_screen_hit_gives_information_only():
    from actions.actions import ActionUrgent

    messages, _ = await run(ActionUrgent(), tracker("urgent_symptom", "what counts as a fever"))
    assert [m["custom"]["answer_kind"] for m in messages] == ["urgent_info"]


async def test_care_team_decision_offers_general_passages():
    from actions.actions import ActionCareTeamDecision

    messages, _ = await run(ActionCareTeamDecision(), tracker("ask_personal_prognosis", "will my son survive"))
    assert messages[0]["custom"] == {"answer_kind": "care_team", "decision": "ask_personal_prognosis"}
    assert any("outlook" in b["title"].lower() for b in messages[0]["buttons"])


async def test_language_note_answers_in_that_language_too():
    from actions.actions import ActionLanguageNote

    messages, _ = await run(ActionLanguageNote(), tracker("non_english", "¿Qué significa esto para mi hija?"))
    assert messages[0]["custom"]["language"] == "es" and "inglés" in messages[0]["text"]
