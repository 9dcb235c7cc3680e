"""Rasa SDK actions. Thin adapters: they read the tracker, call the plain
modules in `assistant`, and turn the result into messages and slot events."""
from __future__ import annotations

from typing import Any, Dict, List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from assistant.answering import Answer, Answerer, button_for
from assistant.followups import Context
from assistant.knowledge import load_knowledge
from assistant.language import load_language_guard
from assistant.report_context import ReportFinding
from assistant.report_reader import load_reader
from assistant.safety import load_safety

CONTEXT_SLOTS = ("topic", "finding", "facet")


def _answerer() -> Answerer:
    return Answerer(load_knowledge())


def _send(dispatcher: CollectingDispatcher, answer: Answer) -> None:
    dispatcher.utter_message(text=answer.text, buttons=answer.buttons, json_message=answer.metadata)


def _latest_intent(tracker: Tracker) -> str:
    return (tracker.latest_message.get("intent") or {}).get("name") or ""


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
    raw: List[Any] = list(tracker.get_slot("report_findings") or [])
    if tracker.get_latest_input_channel() == "portal":
        raw += ((tracker.latest_message.get("metadata") or {}).get("portal") or {}).get("findings", [])
    return [ReportFinding(f["id"], f["label"], f.get("result")) for f in raw
            if isinstance(f, dict) and vocabulary.is_canonical(f.get("id")) and isinstance(f.get("label"), str)]


class ActionAnswer(Action):
    """Answers a question from the curated passages."""

    def name(self) -> Text:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = _latest_intent(tracker)
        context = Context(*(tracker.get_slot(s) for s in CONTEXT_SLOTS))
        passage = next(tracker.get_latest_entity_values("passage"), None)
        answer = _answerer().answer(
            intent, _findings(tracker), context, text=tracker.latest_message.get("text") or "", passage_id=passage
        )
        listed = next((f for f in _report_findings(tracker) if f.id == answer.context.finding), None)
        if listed and answer.passage_id:
            answer.text = load_knowledge().replies["report_lists"].format(finding=listed.describe()) + " " + answer.text
        _send(dispatcher, answer)
        new = answer.context
        return [SlotSet("topic", new.topic), SlotSet("finding", new.finding), SlotSet("facet", new.facet)]


class ActionTopicMenu(Action):
    """Greeting, capabilities, fallback and out-of-scope: a lead line and topic buttons."""

    LEADS = {
        "greet": "greeting",
        "bot_capabilities": "capabilities",
        "out_of_scope": "out_of_scope",
        "other_cancer": "other_cancer",
        "side_effects": "side_effects",
        "request_action": "request_action",
        "instruction_override": "instruction_override",
    }

    def name(self) -> Text:
        return "action_topic_menu"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = _latest_intent(tracker)
        kb = load_knowledge()
        report = _report_findings(tracker)
        if intent == "greet" and report:
            # The portal shared the report's findings: start from them.
            lines = "\n".join(f"- {f.describe()}" for f in report)
            buttons = [button_for(kb.passage_for_finding(f.id)) for f in report][:6]
            dispatcher.utter_message(text=f"{kb.replies['report_intro']}\n{lines}", buttons=buttons,
                                     json_message={"answer_kind": "report_intro", "findings": [f.id for f in report]})
            return []
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


class ActionUrgent(Action):
    """Urgent symptoms: the urgent instruction first, the explanation after."""

    def name(self) -> Text:
        return "action_urgent"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        safety = load_safety()
        screening = safety.screen(tracker.latest_message.get("text") or "")
        if not screening.urgent:  # only the screen can raise the alarm; say the general facts instead
            dispatcher.utter_message(text=safety.urgent_info, json_message={"answer_kind": "urgent_info"})
            return []
        dispatcher.utter_message(text=screening.first, json_message={"answer_kind": "urgent", "urgent": screening.category})
        dispatcher.utter_message(
            text=f"{screening.after}\n\n{safety.urgent_info_followup}",
            json_message={"answer_kind": "urgent_detail", "urgent": screening.category},
        )
        return []


class ActionUrgentInfo(Action):
    """General question about when to seek urgent care: information, no alarm."""

    def name(self) -> Text:
        return "action_urgent_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=load_safety().urgent_info, json_message={"answer_kind": "urgent_info"})
        return []


class ActionCareTeamDecision(Action):
    """Personal prognosis, doses, treatment choices, diagnosis: kind words, the
    general passages as buttons, and the decision sent back to the care team."""

    def name(self) -> Text:
        return "action_care_team_decision"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        intent = _latest_intent(tracker)
        reply = load_safety().decision_reply(intent)
        if reply is None:
            return []
        kb = load_knowledge()
        buttons = [button_for(kb.passage(p)) for p in reply["offer"]]
        dispatcher.utter_message(text=reply["text"], buttons=buttons, json_message={"answer_kind": "care_team", "decision": intent})
        return []


class ActionLanguageNote(Action):
    """A message in another language: say (in it, where possible) that answers are in English."""

    def name(self) -> Text:
        return "action_language_note"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        guard = load_language_guard()
        code = guard.detect(tracker.latest_message.get("text") or "") or ""
        dispatcher.utter_message(text=guard.reply(code), json_message={"answer_kind": "non_english", "language": code or None})
        return []


class ActionDeleteConversation(Action):
    """The person asked to delete the conversation. The tracker store
    (stores/tracker_store.py) sees this action and deletes every stored event."""

    def name(self) -> Text:
        return "action_delete_conversation"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        dispatcher.utter_message(text=load_knowledge().replies["deleted"], json_message={"answer_kind": "deleted"})
        return []


def _first_sentence(text: str) -> str:
    head, dot, _ = text.partition(". ")
    return head + "." if dot else text


class ActionExplainReport(Action):
    """Pasted report text: each recognised finding in order, briefly
    explained; negative results as negative; unknown symbols listed honestly."""

    def name(self) -> Text:
        return "action_explain_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: Dict[Text, Any]) -> List[EventType]:
        kb = load_knowledge()
        reader = load_reader()
        scan = reader.scan(tracker.latest_message.get("text") or "")
        replies = kb.replies
        if not scan.findings:
            tip = replies["report_paste_tip"] if tracker.get_latest_input_channel() in ("cmdline", "rest") else ""
            dispatcher.utter_message(text=f"{replies['report_none']} {tip}".strip(), json_message={"answer_kind": "report_none"})
            return []
        lines = [replies["report_found"]]
        for finding in scan.findings:
            lines.append("- " + self._explain(finding, kb, reader))
        if scan.unknown:
            lines.append(replies["report_unknown"].format(terms=", ".join(scan.unknown)))
        lines.append(replies["report_close"])
        offered = dict.fromkeys(kb.passage_for_finding(f.id).id for f in scan.findings)
        buttons = [button_for(kb.passage(pid)) for pid in offered][:4]
        dispatcher.utter_message(
            text="\n".join(lines),
            buttons=buttons,
            json_message={"answer_kind": "report", "findings": [f.as_dict() for f in scan.findings], "unknown": scan.unknown},
        )
        # Several findings were just listed: "how does it affect treatment?"
        # could mean any of them, so the next such question asks which.
        return [
            SlotSet("report_findings", [f.as_dict() for f in scan.findings]),
            SlotSet("topic", None),
            SlotSet("finding", None),
            SlotSet("facet", None),
        ]

    @staticmethod
    def _explain(finding: ReportFinding, kb: Any, reader: Any) -> str:
        result = finding.result
        if result == "negative":
            return f"{finding.label}: {reader.result_words['negative']}"
        about = _first_sentence(kb.passage_for_finding(finding.id).text)
        head = finding.label if result is None else (
            f"{finding.label}: {reader.result_words['positive']}" if result == "positive" else f"{finding.label}: {result}")
        notation = reader.meaning(finding)
        return " ".join(part for part in (head + ".", notation, about) if part)
