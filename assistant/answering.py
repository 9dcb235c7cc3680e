"""Chooses the answer for a question: from its intent (question type), the
findings it names and the conversation's context, and words the reply."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

from assistant.followups import Context, follow_link, refers_back
from assistant.knowledge import KnowledgeBase, Passage

PASSAGE = "passage"            # a curated passage answers
NO_SPECIFIC = "no_specific"    # nothing specific: say so, offer the closest
ASK_WHICH = "ask_which"        # a follow-up with no context: ask which topic


@dataclass
class Answer:
    """What to say, and the context it leaves behind."""

    kind: str
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    passage_id: Optional[str] = None
    section: Optional[str] = None
    context: Context = field(default_factory=Context)

    @property
    def metadata(self) -> Dict[str, Optional[str]]:
        """Machine-readable facts about the answer (sent as a custom payload)."""
        return {"passage_id": self.passage_id, "section": self.section, "answer_kind": self.kind}


def button_for(passage: Passage) -> Dict[str, str]:
    return {"title": passage.question, "payload": f'/ask_what_is{{"passage":"{passage.id}"}}'}


class Answerer:
    """Turns (intent, finding ids, context, text) into an Answer."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb

    # ------------------------------------------------------------ entry point
    def answer(
        self,
        intent: str,
        findings: Sequence[str],
        context: Context,
        text: str = "",
        passage_id: Optional[str] = None,
        follows: bool = False,
    ) -> Answer:
        """`follows`: the router has read the message as leaning on the
        conversation ("so what do we do now?"), whatever its words."""
        kb = self.kb
        if passage_id in kb.passages:
            return self._passage(kb.passage(passage_id), facet=None)
        route = kb.routes.get(intent)
        if route is None:
            return self.topic_menu(kb.replies["fallback"])
        if route.fixed:
            return self._passage(kb.passage(route.default), route.facet)
        finding = self._primary(findings)
        facet = route.facet
        if intent == "ask_what_about":
            # "and hypodiploidy?" asks the last kind of question again
            facet = context.facet if context.facet not in ("more", "meaning") else None
        leans_back = route.needs_context or ((follows or refers_back(text)) and facet is not None)
        # A broad word ("outlook", "treatment") in "what's the outlook with
        # it?" names the kind of question, not a new subject.
        if finding in kb.generic_findings and facet is None and route.default:
            finding = None  # "symptoms of B-ALL": the question type says it all
        if finding and not (leans_back and finding in kb.generic_findings and context.topic):
            return self._about(kb.passage_for_finding(finding), facet, finding)
        if leans_back:
            if context.topic in kb.passages:
                return self._from_context(context, facet, route.default)
            return self._ask_which(facet)
        return self._passage(kb.passage(route.default), facet)

    def _from_context(self, context: Context, facet: Optional[str], default: Optional[str]) -> Answer:
        """A question that leans on the conversation: "how will it affect my
        treatment?" asks about the finding being discussed; "tell me more"
        about the last answer itself."""
        kb = self.kb
        topic = kb.passage(context.topic)
        anchor = topic
        if context.finding in kb.vocabulary.findings:
            finding_passage = kb.passage_for_finding(context.finding)
            if facet == "meaning" and finding_passage.id != topic.id:
                return self._passage(finding_passage, None, context.finding)
            if facet not in ("more", "meaning"):
                anchor = finding_passage
        result = follow_link(kb, anchor, facet, from_context=True)
        if result.passage is not None:
            return self._passage(result.passage, facet, context.finding)
        if context.finding is None and default:
            # Nothing specific was being discussed: "how is it diagnosed?"
            # after a general answer means B-ALL itself.
            return self._passage(kb.passage(default), facet)
        return self._no_specific(anchor, facet, context.finding)

    def passage_answer(self, passage: Passage, facet: Optional[str] = None, finding: Optional[str] = None) -> Answer:
        """A passage as the answer, with its source line and related questions."""
        return self._passage(passage, facet, finding)

    def topic_menu(self, lead: str) -> Answer:
        buttons = [button_for(self.kb.passage(p)) for p in self.kb.topic_menu]
        return Answer(kind=ASK_WHICH, text=lead, buttons=buttons)

    # ------------------------------------------------------------ helpers
    def _primary(self, findings: Sequence[str]) -> Optional[str]:
        known = [f for f in findings if self.kb.vocabulary.is_canonical(f)]
        if not known:
            return None
        return min(enumerate(known), key=lambda item: (self.kb.finding_rank(item[1]), item[0]))[1]

    def _about(self, base: Passage, facet: Optional[str], finding: Optional[str]) -> Answer:
        result = follow_link(self.kb, base, facet)
        if result.passage is None:
            return self._no_specific(base, facet, finding)
        return self._passage(result.passage, facet, finding=finding)

    def _passage(self, passage: Passage, facet: Optional[str], finding: Optional[str] = None) -> Answer:
        kb = self.kb
        section = kb.section_title(passage)
        text = passage.text + "\n\n" + kb.replies["source"].format(section=section)
        buttons = [button_for(kb.passage(p)) for p in passage.related[:3]]
        return Answer(
            kind=PASSAGE,
            text=text,
            buttons=buttons,
            passage_id=passage.id,
            section=passage.section,
            context=Context(topic=passage.id, finding=finding or passage.about, facet=facet),
        )

    def _no_specific(self, base: Passage, facet: Optional[str], finding: Optional[str]) -> Answer:
        kb = self.kb
        named = finding in kb.vocabulary.findings and kb.vocabulary.findings[finding].type != "topic"
        if facet in (None, "more"):
            # "tell me more" when the passage already said it all
            text = kb.replies["more_none"]
        elif named:
            facet_name = kb.replies["facet_names"].get(facet, facet)
            text = kb.replies["no_specific"].format(facet=facet_name, subject=kb.vocabulary.findings[finding].label)
        else:
            text = kb.replies["no_specific_topic"]  # a passage title is not a subject a sentence can name
        offers: List[str] = [] if facet in (None, "more") else [base.id]
        default = next((r.default for r in kb.routes.values() if r.facet == facet and r.default), None)
        for candidate in (default, *base.related):
            if candidate and candidate not in offers:
                offers.append(candidate)
        buttons = [button_for(kb.passage(p)) for p in offers[:3]]
        return Answer(
            kind=NO_SPECIFIC,
            text=text,
            buttons=buttons,
            context=Context(topic=base.id, finding=finding or base.about, facet=facet),
        )

    def _ask_which(self, facet: Optional[str]) -> Answer:
        kb = self.kb
        offers: List[str] = []
        for pid in kb.topic_menu:
            result = follow_link(kb, kb.passage(pid), facet)
            if result.passage and result.passage.id not in offers:
                offers.append(result.passage.id)
        buttons = [button_for(kb.passage(p)) for p in offers[:4]]
        return Answer(kind=ASK_WHICH, text=kb.replies["ask_which"], buttons=buttons, context=Context(facet=facet))
