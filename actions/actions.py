"""Rasa SDK actions. Thin adapters: they read the tracker, call the plain
modules in `assistant`, and turn the result into messages and slot events."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.answering import Answer, Answerer
from assistant.followups import Context
from assistant.knowledge import load_knowledge

CONTEXT_SLOTS = ("topic", "finding", "facet")


def _answerer() -> Answerer:
    return Answerer(load_knowledge())


def _send(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    dispatcher.utter_message(text=answer.text, buttons=answer.buttons, json_message=answer.metadata)


def _findings(tracker: Tracker) -> List[str]:
    """Canonical finding ids of the latest message, in the order they appear.

    Values are re-checked against the vocabulary: button payloads skip NLU.
    """
    vocabulary = load_knowledge().vocabulary
    entities = sorted(tracker.latest_message.get("entities") or [], key=lambda e: e.get("start") or 0)
    return [
        e["value"]
        for e in entities
        if isinstance(e.get("value"), str) and vocabulary.is_canonical(e["value"], e.get("entity"))
    ]


class ActionAnswer(Action):
    """Answers a question from the curated passages."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        context = Context(*(tracker.get_slot(s) for s in CONTEXT_SLOTS))
        passage = next(tracker.get_latest_entity_values("passage"), None)
        answer = _answerer().answer(
            intent, _findings(tracker), context, text=tracker.latest_message.get("text") or "", passage_id=passage
        )
        _send(dispatcher, answer)
        new = answer.context
        return [SlotSet("topic", new.topic), SlotSet("finding", new.finding), SlotSet("facet", new.facet)]


class ActionTopicMenu(Action):
    """Greeting, capabilities, fallback and out-of-scope: a lead line and topic buttons."""

    LEADS = {"greet": "greeting", "bot_capabilities": "capabilities", "out_of_scope": "out_of_scope"}

    def name(self) -> Text:
        return "action_topic_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = (tracker.latest_message.get("intent") or {}).get("name") or ""
        kb = load_knowledge()
        answer = _answerer().topic_menu(kb.replies[self.LEADS.get(intent, "fallback")])
        answer.kind = intent if intent in self.LEADS else "fallback"
        _send(dispatcher, answer)
        return []


class ActionSessionStart(Action):
    """Starts each conversation with the 'general information, not medical
    advice' note, keeping the conversation's context slots."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        events += [SlotSet(s, tracker.get_slot(s)) for s in CONTEXT_SLOTS if tracker.get_slot(s) is not None]
        dispatcher.utter_message(text=load_knowledge().replies["disclaimer"], json_message={"answer_kind": "disclaimer"})
        events.append(ActionExecuted("action_listen"))
        return events
