"""Rasa SDK actions. Thin adapters: they read the tracker, call the plain
modules in `assistant`, and turn the result into messages and slot events."""
from __future__ import annotations

import logging
from functools import lru_cache
from typing import Any, Dict, List, Optional, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, FollowupAction, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.followups import Context
from assistant.knowledge import load_knowledge
from assistant.language import ANSWERED, load_language_guard
from assistant.ranker import from_payload, load_settings, mixed_language_ranking
from assistant.report_context import ReportFinding
from assistant.router import Part, Turn, load_router

logger = logging.getLogger(__name__)
CONTEXT_SLOTS = ("topic", "finding", "facet")
MAX_DISCUSSED = 12
# A runner-up intent counts for care-team decisions from this confidence on.
SECOND_INTENT_CONFIDENCE = 0.2
LANGUAGE_SCREEN_INTENT = "non_english"  # components/message_screen.py
SPANISH_ACTS_READ = ("greet", "bot_capabilities")
# What a new session (after an hour away) still remembers.
CARRIED_SLOTS = CONTEXT_SLOTS + ("discussed", "report_findings", "language", "widget_language")


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


def _report_findings(tracker: Tracker) -> List[ReportFinding]:
    """Findings of the person's report: as verified by the portal channel, and
    as read from report text the person pasted earlier (slot report_findings)."""
    vocabulary = load_knowledge().vocabulary
    slot = tracker.get_slot("report_findings")
    raw: List[Any] = list(slot) if isinstance(slot, list) else []
    if tracker.get_latest_input_channel() == "portal":
        portal = ((tracker.latest_message or {}).get("metadata") or {}).get("portal") or {}
        findings = portal.get("findings") if isinstance(portal, dict) else None
        raw += findings if isinstance(findings, list) else []
    return [ReportFinding(f["id"], f["label"], f.get("result")) for f in raw
            if isinstance(f, dict) and vocabulary.is_canonical(f.get("id")) and isinstance(f.get("label"), str)]


class ActionAnswer(Action):
    """Every message: the router (assistant/router.py) decides the reply."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        language = _language(tracker, (tracker.latest_message or {}).get("text") or "")
        turn = _turn(tracker, language)
        try:
            reply = load_router(language).respond(turn)
        except Exception:  # never leave a person without a reply; the log has the cause
            logger.exception("router failed")
            reply = load_router(language).trouble()
        if reply.followup:
            return [FollowupAction(reply.followup)]  # the confirmed deletion (stores/tracker_store.py)
        messages = [(m.text, m.buttons, m.custom) for m in reply.messages]
        if tracker.get_slot("disclaimer_due"):
            # The session's note, in the language of this first answer; after
            # an urgent instruction, never before it.
            note = (_disclaimer(language), [], {"answer_kind": "disclaimer", "language": language})
            urgent_first = bool(messages) and messages[0][2].get("answer_kind") == "urgent"
            messages = messages + [note] if urgent_first else [note] + messages
        for text, buttons, custom in messages:
            dispatcher.utter_message(text=text, buttons=buttons, json_message=custom)
        wanted = {"last_kind": reply.last_kind, "offered": reply.offered, "language": language, "disclaimer_due": None}
        switch = ((tracker.latest_message or {}).get("metadata") or {}) if isinstance(
            (tracker.latest_message or {}).get("metadata"), dict) else {}
        if switch.get("language") in ANSWERED:
            wanted["widget_language"] = switch["language"]
        if reply.passages:
            discussed = [p for p in turn.discussed if p not in reply.passages] + reply.passages
            wanted["discussed"] = discussed[-MAX_DISCUSSED:]
        if reply.context is not None:
            wanted.update(topic=reply.context.topic, finding=reply.context.finding, facet=reply.context.facet)
        if reply.report_findings is not None:
            wanted["report_findings"] = reply.report_findings
        # Only slots that change: every event is stored and sent back each turn.
        events: List[EventType] = [SlotSet(name, value) for name, value in wanted.items() if tracker.get_slot(name) != value]
        return events


def _language(tracker: Tracker, text: str) -> str:
    """The reply language (assistant/language.py): asked for or clearly
    written in; else the widget's switch when it has just changed; else the
    conversation's; else the portal's `lang` claim; else English."""
    metadata = (tracker.latest_message or {}).get("metadata")
    metadata = metadata if isinstance(metadata, dict) else {}
    portal = metadata.get("portal") if isinstance(metadata.get("portal"), dict) else {}
    switch = metadata.get("language") if metadata.get("language") in ANSWERED else None
    remembered = tracker.get_slot("language")
    # The widget sends its switch's choice with every message: it switches
    # the conversation when it changes, and otherwise a request typed in the
    # chat ("en español, por favor") sticks.
    if switch and (switch != tracker.get_slot("widget_language") or remembered not in ANSWERED):
        remembered = switch
    default = portal.get("lang") if portal.get("lang") in ANSWERED else "en"
    return load_language_guard().choose(text, remembered, default)


def _session_language(tracker: Tracker) -> Optional[str]:
    """The opening note's language: the conversation's, or the one the portal
    or the widget's switch asked for when the session started; None when
    nothing says (REST, the terminal): the first message will."""
    remembered = tracker.get_slot("language")
    if remembered in ANSWERED:
        return remembered
    metadata = tracker.get_slot("session_started_metadata") or {}
    portal = metadata.get("portal") if isinstance(metadata, dict) and isinstance(metadata.get("portal"), dict) else {}
    preferred = portal.get("lang") or (metadata.get("language") if isinstance(metadata, dict) else None)
    return preferred if preferred in ANSWERED else None


@lru_cache(maxsize=2)
def _settings(language: str):
    return load_settings(language=language)


def _disclaimer(language: str) -> str:
    return load_router(language).kb.replies["disclaimer"]


def _turn(tracker: Tracker, language: str = "en") -> Turn:
    """The latest message and the conversation's memory, as the router reads them.
    In a Spanish conversation, a message too short to tell its language was
    also ranked on the Spanish questions: that ranking is the one read."""
    message = tracker.latest_message or {}
    suffix = "_es" if language == "es" and message.get("passage_ranking_es") else ""
    intent = message.get("intent") if isinstance(message.get("intent"), dict) else {}
    ranking = message.get("intent_ranking") if isinstance(message.get("intent_ranking"), list) else []
    spanish = [r for r in ranking if isinstance(r, dict) and r.get("name") != LANGUAGE_SCREEN_INTENT][:1]
    if intent.get("name") == LANGUAGE_SCREEN_INTENT and language in ANSWERED and language != "en" and \
            spanish and spanish[0].get("name") in SPANISH_ACTS_READ and _number(spanish[0].get("confidence")) >= 0.8:
        # The screen marks every Spanish message `non_english`. In a Spanish
        # conversation a sure greeting or "what can you do" from the Spanish
        # classifier, next in the ranking, is read ("hola"). Its other intents
        # are not: on the Spanish development sets, reading them all lost 9
        # turns ("y ahora que hacemos" read as goodbye); the router reads the
        # passages' ranking and its own cue words instead.
        intent = spanish[0]
    parts = [
        Part(str(p.get("text") or ""), [f for f in p.get("findings") or [] if isinstance(f, str)], from_payload(p.get("ranking")))
        for p in message.get("question_parts" + suffix) or [] if isinstance(p, dict)
    ]
    passages = from_payload(message.get("passage_ranking" + suffix))
    if not suffix and message.get("passage_ranking_es"):
        # Spanish words in an English conversation: the Spanish ranking when
        # only it finds the passage
        passages = mixed_language_ranking(passages, from_payload(message.get("passage_ranking_es")),
                                          _settings("en"), _settings("es"))
    return Turn(
        text=message.get("text") or "",
        intent=str(intent.get("name") or ""),
        confidence=_number(intent.get("confidence")),
        intents=[str(r["name"]) for r in ranking[:3] if isinstance(r, dict) and isinstance(r.get("name"), str)
                 and _number(r.get("confidence")) >= SECOND_INTENT_CONFIDENCE],
        findings=_findings(tracker),
        ranking=passages,
        parts=parts,
        context=Context(*(_text(tracker.get_slot(s)) for s in CONTEXT_SLOTS)),
        last_kind=_text(tracker.get_slot("last_kind")),
        discussed=_strings(tracker.get_slot("discussed")),
        offered=_strings(tracker.get_slot("offered")),
        report=_report_findings(tracker),
        passage_payload=_text(next(tracker.get_latest_entity_values("passage"), None)),
        terminal=tracker.get_latest_input_channel() in ("cmdline", "rest"),
    )


def _text(value: Any) -> Optional[str]:
    return value if isinstance(value, str) else None


def _number(value: Any) -> float:
    return float(value) if isinstance(value, (int, float)) else 0.0


def _strings(value: Any) -> List[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


class ActionSessionStart(Action):
    """Starts each conversation with the 'general information, not medical
    advice' note (or marks it due for the first answer), keeping the
    conversation's context slots."""

    def name(self) -> Text:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        events: List[EventType] = [SessionStarted()]
        events += [SlotSet(s, tracker.get_slot(s)) for s in CARRIED_SLOTS if tracker.get_slot(s) is not None]
        language = _session_language(tracker)
        if language is None:
            # A Spanish first message should not open with an English note:
            # the first answer carries it, in that answer's language.
            events.append(SlotSet("disclaimer_due", True))
        else:
            dispatcher.utter_message(text=_disclaimer(language), json_message={"answer_kind": "disclaimer", "language": language})
        events.append(ActionExecuted("action_listen"))
        return events


class ActionDeleteConversation(Action):
    """The person asked to delete the conversation. The tracker store
    (stores/tracker_store.py) sees this action and deletes every stored event."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=load_knowledge().replies["deleted"], json_message={"answer_kind": "deleted"})
        return []
