"""How a message becomes a reply: every decision, in the order it is made.

Rasa's rules send every message to one action, `action_answer` (only "start
over" and "delete this conversation" have actions of their own); that action
builds a `Turn` from the tracker and calls `Router.respond`. Nothing else
decides what is said. The order below is the policy:

1. Safety first. An urgent symptom (assistant.safety) gets the urgent
   instruction before anything else, in Spanish for a Spanish message. Right
   after an urgent reply, "can we wait?" keeps the urgency and "what do I
   tell them?" gets what to tell the responders. No classifier score,
   threshold or policy is consulted before this step.
2. A decision only the care team can make (dose, personal outlook, choosing
   or stopping treatment, diagnosis) is looked for in the whole message: the
   classifier's first intents count only with that decision's cue words, a
   strong phrase ("missed a dose", "50mg") counts alone. If there is one, the
   care-team reply is always part of what is said, whatever follows.
3. A button press or another payload (/greet from the portal) opens its
   passage or act.
4. Pasted report text is explained finding by finding (assistant.report_reader),
   with the question typed beside it answered too; a figure said alone right
   after MRD ("0.01%") is read as its result line.
5. A message clearly in a language other than the router's gets the
   language note ("en español, por favor" alone is acknowledged). There is
   one router per reply language (load_router("en"), load_router("es")):
   the same decisions, with the words of assistant/localization.py.
6. "Delete this conversation" (asked, then confirmed; report words such as
   "IKZF1 deletion" never count); "summarize what we talked about"; "the
   first one" / "the other two" pointing at what the last reply offered;
   thanks and "ok, got it"; a message that ends with a goodbye.
7. The questions in the message (up to `max_answered`, each on its own;
   a short follow-up to a redirect stays outside the source; two or three
   findings listed for "what is each?", or symptoms told together, are each
   explained):
   a. another leukemia or cancer, or side effects (content/routing.yml): a
      kind redirect; gibberish: "not sure I understood";
   b. greeting, goodbye, "what can you do" when the classifier is sure and
      the ranker is not; "when should we go to the ER?" gets the facts;
   c. a follow-up that leans on the conversation ("is that bad?", "how will
      it affect treatment?", a reaction such as "so double bad news"): the
      passages' follow-up links (assistant.answering, assistant.followups),
      then the best-ranked passage next to the topic;
   d. "do I have X?": the care-team question about X;
   e. the passage ranker (assistant.ranker): the passage the question type's
      curated link and the ranker agree on, or the ranker's best when it is
      covered (a close passage about what the asking sentence names beats
      one about a finding it never names), else a plain "my source doesn't
      cover that", the care team, and the closest passages.
   A question about one person's own case ("does that mean less chemo for
   him?", or in its shape "does he need radiation?") gets the care team's
   line after the general answer.
8. A feeling (assistant.support) shapes the reply around the answers: alone
   (a feeling that asks nothing), acknowledgement, support, offer; with a
   question, the acknowledgement first; guilt, the article's facts on causes
   too (and the answer to a question the passages answer well).
The numbers behind these lines are in content/ranking.yml.
"""
from __future__ import annotations

import dataclasses
import re

import yaml
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from assistant.answering import NO_SPECIFIC, PASSAGE, Answer, Answerer, button_for
from assistant.followups import Context, refers_back
from assistant.knowledge import KnowledgeBase, first_sentence, load_knowledge
from assistant.language import LanguageGuard, load_language_guard, spanish_spelling
from assistant.questions import FOLLOW_ON, asks_what_it_is, asking_sentences, focus, has_question, split_sentences
from assistant.ranker import (NOT_COVERED, SPANISH_NOT_COVERED_FILE, SPANISH_QUESTIONS_FILE, Ranked, RankingSettings,
                              load_not_covered, load_questions, load_settings)
from assistant.report_context import ReportFinding
from assistant.masking import MASK
from assistant.localization import spanish_kb, spanish_nomenclature_raw, spanish_safety_raw, spanish_support_raw
from assistant.report_reader import NOMENCLATURE_FILE, ReportReader, load_reader
from assistant.report_replies import REPORT_KINDS, ReportReplies
from assistant.report_summary import finding_meaning, load_summary_content
from assistant.safety import SAFETY_FILE, SafetyScreen, find_phrase, has_phrase, load_safety, phrases, words
from assistant.support import GENERAL, SUPPORT_FILE, Support, load_support
from assistant.vocabulary import Mention

# B-ALL by name, not "leukemia" alone ("radiation for breast cancer, now I have ALL").
# ... or the person's own leukemia ("why isn't my leukemia given a stage? my
# sister's breast cancer was stage 2" compares; it does not ask about the other)
_NAMES_B_ALL = re.compile(r"(?<![Tt]-)(?<![^'\u2019][Tt] )(?<!^[Tt] )\b(?:B-?ALL|ALL)\b|(?i:\bb[- ]?all\b|(?<!t-cell )(?<!t cell )lymphoblastic|"
                          r"\blla(?:[- ]?b)?\b(?![- ]?t\b)|linfobl[aá]stica|\b(?:my|his|her|our|mi|su) (?:leuka?emia|leucemia)\b)")
_NAMES_T_CELL = re.compile(r"(?i)(?<!['\u2019])\bt[- ]?(?:cell|all|lbl)\b")
# How far after a delete word its object may stand ("delete all of my data").
_DELETE_REACH = 4
# A figure said alone: "0.01%", "it was <0.01%", "fue 0,08 %".
# (Not a question: "is it 90%?", "so 1%?")
_BARE_FIGURE = re.compile(r"^\s*(?:(?:and|ok|it|its|it's|it was|was|fue|salio|dio|de)\s+)*"
                          r"([<>]?\s*\d+(?:[.,]\d+)?\s*(?:%|percent|por ciento))\s*[.!]*\s*$", re.IGNORECASE)
URGENT_REMINDED = "urgent_reminded"  # remembered after the one reminder that follows an urgent reply
URGENT_CRISIS = "urgent_crisis"  # remembered after a crisis (self-harm) reply: the next message keeps the crisis line
URGENT = "urgent"
DELETE_CONFIRM = "delete_confirm"
DELETE_ACTION = "action_delete_conversation"
# What "it" means when nothing has been discussed yet: B-ALL itself.
DISEASE = Context(topic="ball_overview", finding="b_all")
DIALOGUE_ACTS = ("greet", "goodbye", "thank", "bot_capabilities", "request_action", "instruction_override")
REDIRECTS = ("other_cancer", "side_effects", "out_of_scope")
# The passages on one symptom each, and symptoms_overview (content/passages.yml).
_SYMPTOM_PASSAGE = "symptom"

_PASSAGE_PAYLOAD = re.compile(r'"passage":"([a-z0-9_]+)"')
# A karyotype in report notation: a chromosome count, then the sex chromosomes.
_KARYOTYPE = re.compile(r"(?<![\d.])\d{2},\s?X{1,2}Y?\b", re.IGNORECASE)
# A figure of a result ("84%", "0.01", "2/uL"), not the digits of a name ("CD19", "t(9;22)").
_FIGURE = re.compile(r"(?<![A-Za-z\d(;.])\d")
# A report's label colon, not the "::" of a fusion.
_LABEL_COLON = re.compile(r"(?<!:):(?!:)")
_QUOTED = re.compile(r'"([^"]{4,})"|\u201c([^\u201d]{4,})\u201d|(?<!\w)\'([^\']{4,})\'(?!\w)')


@dataclass
class Part:
    """One question of a message, with its findings and passage ranking."""

    text: str
    findings: List[str] = field(default_factory=list)
    ranking: List[Ranked] = field(default_factory=list)


# "do i have it", "mi hija lo tiene": having the thing just named
_HAS_IT = frozenset("have has had tiene tengo tenemos tienen tuvo".split())
# "it", "that", "eso": a word that points at the thing just discussed ("they"
# is more often the doctors)
_POINTS_AT_TOPIC = re.compile(r"\b(it|its|that|thats|this|these|those|eso|esto|esa|ese|esos|esas)\b", re.IGNORECASE)


@dataclass
class Turn:
    """Everything the router may use about the latest message."""

    text: str
    intent: str = ""
    confidence: float = 0.0
    intents: List[str] = field(default_factory=list)   # the classifier's first few, best first
    findings: List[str] = field(default_factory=list)
    ranking: List[Ranked] = field(default_factory=list)
    parts: List[Part] = field(default_factory=list)
    context: Context = field(default_factory=Context)
    last_kind: Optional[str] = None
    discussed: List[str] = field(default_factory=list)
    offered: List[str] = field(default_factory=list)
    report: List[ReportFinding] = field(default_factory=list)
    passage_payload: Optional[str] = None
    terminal: bool = False


@dataclass
class Message:
    text: str
    buttons: List[Dict[str, str]] = field(default_factory=list)
    custom: Dict[str, object] = field(default_factory=dict)


@dataclass
class Reply:
    """What to say, and what the conversation remembers after it."""

    messages: List[Message]
    context: Optional[Context] = None          # None: unchanged
    report_findings: Optional[List[dict]] = None  # None: unchanged
    followup: Optional[str] = None             # an action to run next (the confirmed deletion)
    remembered_kind: Optional[str] = None      # what the next turn sees as the last reply's kind, if not `kind`

    @property
    def kind(self) -> Optional[str]:
        return str(self.messages[0].custom.get("answer_kind")) if self.messages else None

    @property
    def last_kind(self) -> Optional[str]:
        """Remembered for the next turn ("can we wait?" after an urgent reply)."""
        return self.remembered_kind or self.kind

    @property
    def passages(self) -> List[str]:
        return [str(m.custom["passage_id"]) for m in self.messages if m.custom.get("passage_id")]

    @property
    def offered(self) -> List[str]:
        ids: List[str] = []
        for message in self.messages:
            for button in message.buttons:
                found = _PASSAGE_PAYLOAD.search(button.get("payload", ""))
                if found and found.group(1) not in ids:
                    ids.append(found.group(1))
        return ids


def _message(answer: Answer) -> Message:
    return Message(answer.text, answer.buttons, dict(answer.metadata))


class Router:
    def __init__(self, kb: KnowledgeBase, safety: SafetyScreen, reader: ReportReader, language: LanguageGuard,
                 support: Support, settings: RankingSettings, reply_language: str = "en") -> None:
        self.kb = kb
        self.answerer = Answerer(kb)
        self.safety = safety
        self.reader = reader
        self.language = language
        self.reply_language = reply_language  # the language of every text this router says
        self.support = support
        self.settings = settings
        routing = kb.routing
        self._summary_cues = phrases(routing["summary_cues"])
        self._summary_words = phrases(routing["summary_words"])
        self._report_verbs = phrases(routing["report_verbs"])
        self._relief = phrases(routing["relief"])
        self._delete_words = frozenset(routing["delete_words"])
        self._forget_words = frozenset(routing["forget_words"])
        self._forget_after = frozenset(routing["forget_after"])
        self._delete_objects = phrases(routing["delete_objects"])
        # the findings each passage's own text names
        self._named_in_text = {pid: frozenset(m.finding.id for m in kb.vocabulary.find(p.text))
                               for pid, p in kb.passages.items()}
        # findings whose result is a figure: the word a report line uses for them
        self._valued_findings: Dict[str, str] = routing.get("valued_findings", {})
        self._confirm_words = phrases(routing["confirm_words"])
        self._personal = phrases(routing["personal_cues"])
        self._own_case = phrases(routing["personal_meaning_cues"])
        self._plan_asks = phrases(routing["personal_plan"]["asks"])
        self._plan_verbs = phrases(routing["personal_plan"]["verbs"])
        self._side_effects = phrases(routing["side_effect_cues"])
        self._pain = phrases(routing["pain_cues"])
        self._ordinals = {int(n): phrases(cues) for n, cues in routing["ordinals"].items()}
        self._others = phrases(routing["others"])
        self._what_is = phrases(routing["what_is_cues"])
        self._compare = phrases(routing["compare_cues"])
        self._difference = phrases(routing["difference_cues"])
        self._each = phrases(routing["each_cues"])
        self.report_replies = ReportReplies(kb, reader, self._ordinals, reply_language)
        self._thanks = phrases(routing["thanks_cues"])
        self._goodbyes = {" ".join(cue) for cue in phrases(routing["goodbye_cues"])}
        self._apologies = phrases(routing["apology_cues"])
        self._arrived = phrases(routing["arrived_cues"])
        self._arrived_acts = phrases(routing["arrived_acts"])
        self._not_thanks = [" ".join(cue) for cue in phrases(routing["not_thanks"])]
        self._asks_on = [tuple(cue) for cue in phrases(routing["asks_on"])]
        self._acks = phrases(routing["acknowledgements"])
        self._other_conditions = phrases(routing["other_conditions"])
        self._other_conditions_unless = phrases(routing["other_conditions_unless"])
        self._facet_cues = {i: phrases(cues) for i, cues in routing["follow_up_cues"].items()}
        self._why = self._facet_cues["ask_why"]
        self._next_steps = phrases(routing["next_step_cues"])
        self._reactions = phrases(routing["reactions"])
        self._more = phrases(routing["more_cues"])
        self._sequence = phrases(routing["sequence"]["cues"])
        self._sequence_links = routing["sequence"]
        self._sequence_unless = phrases(routing["sequence"]["unless"])
        self._outside = {" ".join(cue) for cue in phrases(routing["outside_cues"])}
        self._outside_unless = phrases(routing["outside_unless"])
        self._cue_passages = {pid: phrases(cues) for pid, cues in routing["cue_passages"].items()}
        self._known = frozenset(kb.passages) | {NOT_COVERED}
        cue_lists = [routing[k] for k in ("next_step_cues", "thanks_cues", "acknowledgements", "relief")] + \
            list(routing["follow_up_cues"].values())
        self._vocabulary_words = {w for q in (*load_questions_flat(reply_language), *(p.text for p in kb.passages.values()),
                                              *(c for cues in cue_lists for c in cues)) for w in words(q)}

    # ================================================================ entry
    def respond(self, turn: Turn) -> Reply:
        turn = self._known_only(turn)
        original = turn.text
        if self.reply_language == "es" and not self._is_report(original):
            # "ke es kimio" -> "que es quimio"; the safety screen reads both
            # spellings, and a pasted report keeps its own
            turn = dataclasses.replace(turn, text=spanish_spelling(original))
        detected = self.language.detect(turn.text)
        # The language of the urgent texts and of the note for other
        # languages: Spanish in a Spanish conversation, else as detected.
        language = "es" if self.reply_language == "es" and detected in (None, "es") else detected
        # 1. safety first
        after_urgent = turn.last_kind in (URGENT, URGENT_REMINDED, URGENT_CRISIS)
        screening = self.safety.screen(original, literal=after_urgent)
        if not screening.urgent and turn.text != original:
            screening = self.safety.screen(turn.text, literal=after_urgent)
        if screening.urgent:
            return self._urgent(screening, language)
        lang = "es" if language == "es" else "en"
        if turn.last_kind == URGENT_CRISIS:
            # "i wont do anything, im just tired of everything": after a crisis
            # message, whatever comes next, the crisis line first, then the reply
            reminder = Message(self.safety.crisis_reminder[lang],
                               custom={"answer_kind": URGENT, "urgent": "crisis_followup", "language": lang})
            rest = [m for m in self._after_safety(turn, language).messages
                    if m.custom.get("answer_kind") in (*self.SUBSTANTIVE, "feelings", "care_team")]
            # statements ("ok voy a escribirle al 988") keep the crisis in view
            return Reply([reminder] + rest, remembered_kind=URGENT_REMINDED if has_question(turn.text) else URGENT_CRISIS)
        if after_urgent and self.safety.keeps_urgency(turn.text):
            text = self.safety.urgent_followup[lang]
            return Reply([Message(text, custom={"answer_kind": URGENT, "urgent": "followup", "language": lang})])
        if after_urgent and self.safety.asks_what_to_tell(turn.text):
            # (after "can we wait?", which keeps the urgency first)
            text = self.safety.urgent_responders[lang]
            return Reply([Message(text, custom={"answer_kind": URGENT, "urgent": "responders", "language": lang})],
                         remembered_kind=URGENT_REMINDED)
        only_thanks = arrived = False
        if turn.last_kind == URGENT:
            tokens = words(turn.text)
            # A plain "thanks" after the instruction is thanks; a longer one tells
            # what is happening ("ya llamé y me dicen que lo lleve a emergencia. gracias")
            only_thanks = len(tokens) <= self.settings.acknowledgement_max_words and self._thanks_kind(turn) == "thanks"
            # Care has been reached ("ya estamos en emergencia", "they took her
            # back"): no more "keep going"; what they say is answered as it is.
            # A question about what to do there ("ya estamos en urgencias. les
            # digo que tiene leucemia?") still gets the reminder first; a
            # question to understand ("why is a fever such a big deal?") is answered.
            arrived = has_phrase(tokens, self._arrived) and \
                not (has_question(turn.text) and has_phrase(tokens, self._arrived_acts))
        if turn.last_kind == URGENT and not has_question(turn.text) and not arrived and \
                len(words(turn.text)) <= self.settings.relief_max_words and not only_thanks:
            # "ok the ambulance is coming", "ya vamos": keep going, that comes first
            reminder = Message(self.safety.urgent_reminder[lang],
                               custom={"answer_kind": URGENT, "urgent": "reminder", "language": lang})
            return Reply([reminder], remembered_kind=URGENT_REMINDED)
        reply = self._after_safety(turn, language)
        if turn.last_kind == URGENT and not only_thanks and not arrived:
            # The next question or longer message during an emergency ("we're
            # in the car, is this from the chemo?", "ok we called 911, my mom is
            # crying and blames herself"): keep going to care first, then the
            # answer. Once.
            reminder = Message(self.safety.urgent_reminder[lang],
                               custom={"answer_kind": URGENT, "urgent": "reminder", "language": lang})
            reply = dataclasses.replace(reply, messages=[reminder] + reply.messages, remembered_kind=URGENT_REMINDED)
        if screening.note:
            # "i keep reading horror stories and i cant breathe": first the way
            # to help in case it is not only a feeling, then the answer.
            note = Message(screening.note, custom={"answer_kind": "safety_note", "language": lang})
            reply = dataclasses.replace(reply, messages=[note] + reply.messages)
        return reply

    def _after_safety(self, turn: Turn, language: Optional[str]) -> Reply:
        # A decision only the care team can make is never lost, whatever else
        # the message holds (a report, a feeling, thanks, other questions).
        decision = self.safety.decision(turn.text, turn.intents or [turn.intent])
        reply = self._respond(turn, language)
        if decision and not any(m.custom.get("decision") for m in reply.messages):
            lead = [self._acknowledgement(str(m.custom.get("feeling"))) for m in reply.messages[:1]
                    if m.custom.get("answer_kind") == "feelings"]
            rest = [m for m in reply.messages[len(lead):]
                    if m.custom.get("answer_kind") in self.SUBSTANTIVE and not m.custom.get("pointer")]
            reply = Reply(lead + self._decision(decision).messages + rest, reply.context, reply.report_findings)
        return reply

    SUBSTANTIVE = (PASSAGE, "report", "urgent_info", "care_team")

    def trouble(self) -> Reply:
        """What is said if something inside goes wrong: sorry, and the topics."""
        return self._menu(self.kb.replies["fallback"], "fallback")

    def _deletion(self, turn: Turn) -> Optional[Reply]:
        """Deleting the conversation: asked clearly, then confirmed."""
        tokens = words(turn.text.replace(MASK, " "))  # "[removed]" is the masker's, not the person's word
        if turn.last_kind == DELETE_CONFIRM and (
                turn.text.strip() == "/delete_conversation" or
                (len(tokens) <= self.settings.acknowledgement_max_words and
                 any(tokens[:len(cue)] == cue for cue in self._confirm_words))):
            return Reply([], followup=DELETE_ACTION)
        if turn.text.strip() == "/delete_conversation":
            return Reply([Message(self.kb.replies["delete_nothing"], custom={"answer_kind": "delete_nothing"})])
        asked = self._asks_to_delete(tokens)
        if asked and not self._is_report(turn.text) and len(tokens) <= 2 * self.settings.relief_max_words:
            button = {"title": self.kb.replies["delete_button"], "payload": "/delete_conversation"}
            return Reply([Message(self.kb.replies["delete_confirm"], [button], {"answer_kind": DELETE_CONFIRM})])
        return None

    def _asks_to_delete(self, tokens: Sequence[str]) -> bool:
        """A delete word as written ("delete", not "deletion"), or "forget" as
        a request ("please forget everything", not "she forgets everything"),
        with what to delete right after it ("clear the chat", not "make this clear")."""
        for n, token in enumerate(tokens):
            asks = token in self._delete_words or (
                token in self._forget_words and (n == 0 or tokens[n - 1] in self._forget_after))
            if asks and has_phrase(tokens[n + 1:n + 1 + _DELETE_REACH], self._delete_objects):
                return True
        return False

    def _as_result_of_topic(self, turn: Turn) -> Turn:
        """A bare figure ("0.01%", "it was <0.01%") right after a finding that
        is measured that way (MRD, blasts): read as that finding's result line."""
        figure = _BARE_FIGURE.match(turn.text or "")
        if turn.context.finding not in self._valued_findings or not figure:
            return turn
        line = f"{self._valued_findings[turn.context.finding]}: {figure.group(1)}"
        return dataclasses.replace(turn, text=line) if self._is_report(line) else turn

    def _known_only(self, turn: Turn) -> Turn:
        """Rankings name only passages this content has (the model and the
        content files may drift apart)."""
        known = self._known
        turn.ranking = [r for r in turn.ranking if r.passage_id in known]
        for part in turn.parts:
            part.ranking = [r for r in part.ranking if r.passage_id in known]
        if not isinstance(turn.passage_payload, str):
            turn.passage_payload = None
        return turn

    def _respond(self, turn: Turn, language: Optional[str]) -> Reply:
        """Everything after the safety screen (see the module docstring)."""
        deletion = self._deletion(turn)  # 6, first: a confirmation must not be read as anything else
        if deletion:
            return deletion
        # 3. a button press
        if turn.passage_payload in self.kb.passages:
            return self._answers([self.answerer.answer(turn.intent, [], turn.context, passage_id=turn.passage_payload)], turn)
        # 4. pasted report text ("0.01%" alone right after MRD is its result)
        turn = self._as_result_of_topic(turn)
        if self._is_report(turn.text):
            return self._report(turn)
        # 5. "en español, por favor" alone: the switch is made (the action
        # picked this router), say so and offer topics; another language gets the note
        requested = self.language.requested(turn.text)
        if requested == self.reply_language and not _asks_more_than_language(turn.text):
            if turn.context.topic in self.kb.passages:
                # "in english please, i want to send this to my husband": the
                # last answer again, in the language asked for
                lead = Message(self.kb.replies["language_switched_repeat"], custom={"answer_kind": "language_switched"})
                again = self._answers([self.answerer.passage_answer(self.kb.passage(turn.context.topic), None,
                                                                    turn.context.finding)], turn)
                return dataclasses.replace(again, messages=[lead] + again.messages)
            return self._menu(self.kb.replies["language_switched"], "language_switched")
        if language and language != self.reply_language and requested != self.reply_language:
            return Reply([Message(self.language.reply(language), custom={"answer_kind": "non_english", "language": language})])
        if turn.text.startswith("/"):
            # A payload (/greet from the portal, a button): its intent says it all.
            return self._question(Part(turn.text, turn.findings, turn.ranking), turn, whole=True)
        # 6. the conversation itself
        if self._asks_summary(turn.text):
            return self._summary(turn)
        listed = self._pointed_finding(turn)
        if listed is not None:
            # "what does the second one mean?" right after the report's findings
            answer = self.answerer.passage_answer(self.kb.passage_for_finding(listed.id), None, listed.id)
            return self._answers([answer], turn)
        pointed = self._pointed(turn)
        if pointed:
            return self._answers([self.answerer.answer("ask_what_is", [], turn.context, passage_id=p) for p in pointed], turn)
        feeling = worded = self.support.detect(turn.text)
        best = _best_passage(turn.ranking)
        answerable = best is not None and best.score >= self.settings.covered and has_question(turn.text)
        if feeling is None and turn.intent == "express_feelings" and turn.confidence >= self.settings.act_confidence \
                and not answerable:
            # the classifier alone reads a feeling; a question the ranker can
            # answer ("nothing found on any of them. is that good?") is answered
            feeling = GENERAL
        thanks = self._thanks_kind(turn)
        short = len(words(turn.text)) <= self.settings.acknowledgement_max_words
        if thanks == "apology" and not worded and (not feeling or short):
            # "sorry for all the questions": no need; what next? (in a short
            # apology the classifier alone reading a feeling does not outweigh it)
            return Reply([Message(self.kb.replies["apology"], custom={"answer_kind": "apology"})])
        if thanks and (not worded or has_phrase(words(turn.text), self._relief)):
            # "thanks for making it less scary" is thanks; "thank you. this is
            # all so much" shares a feeling, and the feeling is answered. A
            # feeling only the classifier reads does not outweigh thanks ("ok i
            # understand more now thank you").
            return Reply([Message(self.kb.replies["thanks"], custom={"answer_kind": "thanks"})])
        if not worded and self._signs_off(turn.text):
            # "huh. actually kinda interesting. bye"
            return self._dialogue_act("goodbye", turn)
        # 7. the questions, 8. feelings around them
        if feeling == "guilt":
            return self._guilt(turn, best if answerable else None)
        if worded and not has_question(turn.text) and not turn.findings and not turn.report:
            # "i'm so scared, i can't stop shaking" asks nothing: the feeling
            # is answered, not a passage its words happen to sit near
            return self._feelings(feeling, turn)
        reply = self._questions(turn)
        if reply.kind == PASSAGE and self._about_own_case(words(turn.text)) and \
                not any(m.custom.get("answer_kind") == "care_team" for m in reply.messages):
            # "does that mean less chemo for him?": the general answer, then
            # who can say what it means for this person
            reply.messages.append(self._care_team_pointer(self.kb.replies["personal_close"]))
        if feeling:
            if reply.kind in (PASSAGE, "care_team", "urgent_info", "report", "side_effects", "other_cancer") or \
                    any(m.custom.get("outside") for m in reply.messages[:1]):
                reply.messages.insert(0, self._acknowledgement(feeling))
                return reply
            return self._feelings(feeling, turn)
        return reply

    # ================================================================ questions
    def _question(self, part: Part, turn: Turn, whole: bool) -> Reply:
        intent = turn.intent if whole else ""
        confidence = turn.confidence if whole else 0.0
        decision = self.safety.decision(part.text, intent)
        if decision:
            reply = self._decision(decision)
            named_here = [f for f in part.findings if f not in self.kb.generic_findings]
            earlier = turn.context.finding
            if decision == "ask_personal_prognosis" and not named_here and whole and earlier and \
                    earlier not in self.kb.generic_findings and (earlier in self.kb.by_finding or earlier in self.kb.personal) and \
                    len(words(part.text)) <= self.settings.pointing_max_words:
                # "so hes cured" right after "MRD negative": the finding just explained
                named_here = [earlier]
            if decision == "ask_personal_prognosis" and named_here:
                # "MRD NEGATIVE!!! does that mean she's cured?": what the article
                # says of the finding, then who can say what it means for her
                finding = named_here[0]
                answer = self.answerer.passage_answer(self.kb.passage_for_finding(finding), None, finding)
                reply = dataclasses.replace(reply, messages=self._answers([answer], turn).messages + reply.messages)
            return reply
        tokens = words(part.text)
        compared = has_phrase(tokens, self._other_conditions_unless) and \
            not has_phrase(words(asking_sentences(part.text)), self._other_conditions)
        if has_phrase(tokens, self._other_conditions) and not compared and \
                (not _NAMES_B_ALL.search(part.text) or _NAMES_T_CELL.search(part.text) or
                 has_phrase(tokens, self._difference)):  # "the difference between ALL and AML": the other one is not ours
            return self._redirect("other_cancer")
        if has_phrase(tokens, self._side_effects) or (has_phrase(tokens, self._pain) and not self._names_test(part)):
            return self._redirect("side_effects")
        passage_top = _best_passage(part.ranking)
        if self._outside_topic(tokens) and not (passage_top and passage_top.score >= self.settings.confident):
            return self._not_covered(part.ranking, outside=True)  # "can he go back to school?"
        top = part.ranking[0] if part.ranking else None
        if top is not None and passage_top is not None and top is not passage_top and \
                passage_top.score >= top.score - self.settings.not_covered_margin:
            top = passage_top  # "not covered" must win clearly
        covered = passage_top is not None and top is passage_top and top.score >= self.settings.covered
        confident = covered and top.score >= self.settings.confident
        if whole and intent in DIALOGUE_ACTS and confidence >= self.settings.act_confidence and not confident:
            return self._dialogue_act(intent, turn)
        if part.ranking and not self._known_words(part.text) and not part.findings:
            return self._menu(self.kb.replies["fallback"], "fallback")  # gibberish (a finding's name is not: "hipodiploide")
        if self.safety.asks_urgent_info(part.text):
            # "when should we go to the ER?": the facts, no alarm; about one's
            # own child ("what if she gets a fever at home?"), their team's plan too
            messages = [Message(self.safety.urgent_info, custom={"answer_kind": "urgent_info"})]
            if set(words(part.text)) & self.safety.personal and self.safety.names_fever(part.text):
                messages.append(Message(self.safety.urgent_info_plan, custom={"answer_kind": "care_team", "pointer": True}))
            return Reply(messages)
        if whole and intent == "explain_report" and confidence >= self.settings.act_confidence and not part.findings:
            if turn.report:
                # the portal's findings, or a report pasted earlier: explained again
                return self._report_reply(turn.report, [], self.kb.replies["report_again"], "report")
            # "can you explain my report?" with nothing pasted: how to paste it
            tip = self.kb.replies["report_paste_tip"] if turn.terminal else ""
            return Reply([Message(f"{self.kb.replies['report_none']} {tip}".strip(), custom={"answer_kind": "report_none"})])
        specific = [f for f in part.findings if f not in self.kb.generic_findings]
        route = self.kb.routes.get(intent)
        if whole and intent == "ask_what_about" and specific and turn.context.facet:
            # "and hypodiploidy?" asks the last kind of question again ("is
            # that bad?" about a marker: what the article says, and does not)
            if turn.context.facet == "prognosis" and self._finding_type(specific[0]) == "marker":
                return self._finding_framing(specific[0], turn)
            return self._answers([self.answerer.answer(intent, part.findings, turn.context, text=part.text)], turn)
        cued = next((pid for pid, cues in self._cue_passages.items() if has_phrase(tokens, cues)), None)
        if cued and not specific and not confident:
            # "what if it doesn't work?": the words name the passage
            return self._ranked(Ranked(cued, 1.0), specific, turn)
        next_step = has_phrase(tokens, self._next_steps)
        sequence = not specific and has_phrase(tokens, self._sequence) and not has_phrase(tokens, self._sequence_unless)
        reaction = len(tokens) <= self.settings.pointing_max_words and has_phrase(tokens, self._reactions)
        leans_back = whole and not specific and (
            (route is not None and route.needs_context) or refers_back(part.text) or next_step or sequence
            or reaction or len(tokens) <= self.settings.short_follow_up_words
            # "y el tratamiento cambia?" right after B-LBL: a short "and ..." goes on from the topic
            or (bool(tokens) and tokens[0] in FOLLOW_ON and len(tokens) <= self.settings.short_follow_up_words + 1))
        # "not covered" outranks the conversation only for a full question, not
        # for "is that bad?" (a short follow-up always looks like nothing)
        clearly_outside = top is not None and top.passage_id == NOT_COVERED and top.score >= self.settings.confident \
            and len(tokens) > 2 * self.settings.short_follow_up_words
        if leans_back and (turn.context.topic or turn.report) and not clearly_outside:
            after = self._after(turn.context.topic) if sequence else None
            if after:
                # "and after that?" after a result: the next thing in treatment
                return self._answers([self.answerer.passage_answer(self.kb.passage(after), None, None)], turn)
            intent = "ask_treatment" if next_step else "ask_prognosis" if reaction else \
                intent if route is not None else self._facet_intent(tokens)
            if route is None and intent == "ask_more" and not next_step and covered and not has_phrase(tokens, self._more):
                # no cue says what kind of follow-up it is ("y eso se pega?"),
                # and the ranker knows the question: the ranker answers
                return self._ranked(top, specific, turn)
            if turn.context.topic is None and turn.report and intent in ("ask_prognosis", "ask_what_is", "ask_why"):
                return self._report_framing(turn)
            if turn.context.topic is None and turn.report and intent in ("ask_doctor_questions", "ask_my_case"):
                # "what should I ask about them?" after the report
                return Reply([Message(**self.report_replies.questions(turn.report))])
            return self._follow_up(intent, part, turn, top if confident else None)
        if next_step and not confident:
            # "¿y ahora qué?" with nothing discussed yet: treatment is the next step
            return self._answers([self.answerer.answer("ask_treatment", part.findings, DISEASE, text=part.text)], turn)
        if leans_back and route is not None and not confident and not clearly_outside:
            if route.needs_context or route.facet in ("treatment", "prognosis"):
                # "tell me more", "how will it affect treatment?" with nothing
                # said yet: ask which topic (the answer depends on the finding)
                return self._answers([self.answerer.answer(intent, part.findings, turn.context, text=part.text)], turn)
            # "what tests do they do to diagnose this?" in a new conversation:
            # "this" is B-ALL, unless the ranker knows better
            answer = self.answerer.answer(intent, part.findings, DISEASE, text=part.text)
            if answer.kind == PASSAGE and not covered:
                return self._answers([answer], turn)
        if whole and intent in REDIRECTS and confidence >= self.settings.act_confidence and not confident:
            return self._redirect(intent)
        if top is None:
            # No ranking (a button payload or a unit test): question type and findings.
            return self._answers([self.answerer.answer(intent, part.findings, turn.context, text=part.text)], turn)
        facet = route.facet if route else None
        named = [f for f in specific if self.kb.vocabulary.findings[f].type != "topic"]
        if whole and route is not None and route.facet == "personal" and named \
                and confidence >= self.settings.personal_confidence \
                and has_phrase(tokens, self._personal):
            # "do I have the Philadelphia chromosome?": the care-team question about it
            answer = self.answerer.answer(intent, named, turn.context, text=part.text)
            if answer.kind == PASSAGE and answer.passage_id.startswith("q_"):
                return self._answers([answer], turn)
        if intent not in self.kb.routes and named and has_phrase(tokens, self._what_is):
            # no question type from the classifier (a Spanish message): "que es
            # eso" about a named finding asks what it is
            intent = "ask_what_is"
        named_once = set(specific or part.findings)
        if len(named_once) == 1 and next(iter(named_once)) in self.kb.by_finding and asks_what_it_is(part.text):
            # "they said b-all. i dont even know what to ask. what even is it":
            # "it" is the one thing the message names
            finding = named_once.pop()
            return self._answers([self.answerer.passage_answer(self.kb.passage_for_finding(finding), None, finding)],
                                 turn)
        agreed = self._agreed(intent, part, top, limit=5 if named else 3, over_not_covered=bool(named))
        # "my records say 'IKZF1 deletion'. what is that?": what one named
        # finding (a marker, gene change, test or treatment) is, when the
        # ranker's best is not about it
        what_is_named = len(set(named)) == 1 and len(set(specific)) == 1 and has_phrase(tokens, self._what_is) and \
            top.passage_id != NOT_COVERED and not self._belongs(top.passage_id, named[0])
        if agreed and (not covered or agreed.score >= top.score - self.settings.tie or what_is_named):
            # (a named finding lets the curated answer stand even when "not
            # covered" ranks first: misspellings confuse the embedding, not the vocabulary)
            # The classifier's curated link and the ranker agree (a near tie
            # when the ranker is sure of another): "is ETV6::RUNX1 good?" gets
            # the outlook passage, "do I have ...?" the care-team question.
            return self._ranked(agreed, specific, turn, facet)
        if covered:
            return self._ranked(self._named_over_unnamed(top, part, part.ranking), specific, turn, facet)
        if len(set(specific)) == 1 and len(tokens) <= self.settings.short_follow_up_words + 1:
            # "los blastos", "CD34?": a finding named alone asks what it is
            return self._answers([self.answerer.passage_answer(self.kb.passage_for_finding(specific[0]), None,
                                                               specific[0])], turn)
        return self._not_covered(part.ranking)

    def _after(self, topic: Optional[str]) -> Optional[str]:
        """The passage that says what comes next after the topic ("and after
        that?"), or None where the topic's own treatment link answers
        (content/routing.yml, `sequence`)."""
        links = self._sequence_links
        if topic in links["answer_topics"]:
            return links["after_answer"]
        return None if topic in links["keep_after"] else links["answer"]

    def _names_test(self, part: Part) -> bool:
        """Does the question name a test or procedure ("does the bone marrow test hurt")?"""
        findings = self.kb.vocabulary.findings
        return any(findings[f].type == "test" for f in part.findings if f in findings)

    def _outside_topic(self, tokens: Sequence[str]) -> bool:
        """An everyday topic the source never covers, named exactly."""
        joined = f" {' '.join(tokens)} "
        return any(f" {cue} " in joined for cue in self._outside) and not has_phrase(tokens, self._outside_unless)

    def _facet_intent(self, tokens: Sequence[str]) -> str:
        """The kind of a follow-up the classifier did not read as a question
        ("so thats the good kind?"), from its words (content/routing.yml)."""
        for intent, cues in self._facet_cues.items():
            if has_phrase(tokens, cues):
                return intent
        return "ask_more"

    def _ranked(self, ranked: Ranked, specific: Sequence[str], turn: Turn, facet: Optional[str] = None) -> Reply:
        """A ranked passage as the answer. The question type's facet is kept
        as context, so "and KMT2A?" next asks the same kind of question."""
        passage = self.kb.passage(ranked.passage_id)
        passage = self._named_not_lookalike(passage, specific)
        finding = next((f for f in specific if self._belongs(passage.id, f)), passage.about)
        return self._answers([self.answerer.passage_answer(passage, facet, finding)], turn)

    def _named_not_lookalike(self, passage, specific: Sequence[str]):
        """A passage about another finding of the same kind than the one the
        message names ("im 'ph positive'" ranked next to Ph-like; FISH next
        to PCR) gives way to the named finding's own passage: the words of a
        message can look alike, the vocabulary knows which finding it is."""
        findings = self.kb.vocabulary.findings
        about = passage.about
        if not about or about in specific or about not in findings or findings[about].type == "topic":
            return passage
        same_kind = [f for f in specific if f in findings and findings[f].type == findings[about].type]
        if not same_kind or any(self._belongs(passage.id, f) for f in specific):
            return passage
        return self.kb.passage_for_finding(same_kind[0])

    def _named_over_unnamed(self, top: Ranked, part: Part, ranking: Sequence[Ranked]) -> Ranked:
        """"and for adults how do they do?": when the ranker's best is about a
        test, marker, gene change or treatment the question never names ("how
        do they do a spinal tap"), a passage about what the asking sentence
        does name, close behind, answers. (A finding named in the story
        around the question does not count.)"""
        findings = self.kb.vocabulary.findings
        about = self.kb.passage(top.passage_id).about
        specific = [f for f in part.findings if f not in self.kb.generic_findings]
        if not specific or not about or about in specific or about not in findings or findings[about].type == "topic":
            return top
        # (the vocabulary reads the asking sentences only here: it is not cheap)
        asked = {m.finding.id for m in self.kb.vocabulary.find(asking_sentences(part.text))}
        specific = [f for f in specific if f in asked]
        if not specific or any(self._belongs(top.passage_id, f) for f in specific) or \
                set(specific) & self._named_in_text[top.passage_id]:
            return top  # ("what is bone marrow?" -> the marrow test, which speaks of the marrow)
        floor = top.score - self.settings.context_margin
        return next((r for r in ranking[:5] if r.passage_id != NOT_COVERED and r.score >= floor
                     and any(self._belongs(r.passage_id, f) for f in specific)), top)

    def _belongs(self, passage_id: str, finding: str) -> bool:
        """Is the passage about this finding: its own passage, or one of its
        follow-up links ("how does MRD affect treatment?" -> mrd_treatment)?"""
        own = self.kb.passage_for_finding(finding)
        return passage_id == own.id or passage_id in own.followups.values()

    def _agreed(self, intent: str, part: Part, top: Ranked, limit: int = 3,
                over_not_covered: bool = False) -> Optional[Ranked]:
        """The passage that the question type and findings (the classifier's
        view, through the passages' curated links) point at, when the ranker
        also has it among its first few above a lower floor: two signals agree."""
        if intent not in self.kb.routes or (top.passage_id == NOT_COVERED and not over_not_covered):
            return None
        answer = self.answerer.answer(intent, part.findings, Context(), text=part.text)
        if answer.kind != PASSAGE:
            return None
        floor = self.settings.covered - self.settings.context_margin
        candidates = [r for r in part.ranking[:limit + 1] if r.passage_id != NOT_COVERED][:limit]
        if top.passage_id == NOT_COVERED:
            floor = max(floor, top.score - 2 * self.settings.not_covered_margin)
        return next((r for r in candidates if r.passage_id == answer.passage_id and r.score >= floor), None)

    def _follow_up(self, intent: str, part: Part, turn: Turn, confident_elsewhere: Optional[Ranked]) -> Reply:
        """A question that leans on the conversation ("is that bad?", "how
        does that change treatment?"). In order: the curated follow-up link
        of the topic; the best-ranked passage next to the topic; a confident
        match elsewhere; the link's honest "no specific answer"."""
        context = turn.context
        if intent == "ask_prognosis" and self._finding_type(context.finding) == "marker":
            # "bad?" after TdT: a marker only helps name the disease; the
            # article gives it no outlook, and the reply says so
            return self._finding_framing(context.finding, turn)
        answer = self.answerer.answer(intent, part.findings, context, text=part.text, follows=True)
        if intent == "ask_prognosis" and answer.kind == PASSAGE and answer.passage_id == context.topic and \
                self._finding_type(context.finding) == "genetic_change":
            # "is that bad?" right after KMT2A: its passage already said it;
            # the framing says it in one line, then the care team
            return self._finding_framing(context.finding, turn)
        near = self._neighbourhood(context)
        ranked = {r.passage_id for r in part.ranking[:3]}
        if confident_elsewhere is not None and not _POINTS_AT_TOPIC.search(part.text) and (
                (answer.passage_id == context.topic != confident_elsewhere.passage_id) or
                (answer.passage_id not in ranked and len(words(part.text)) > self.settings.short_follow_up_words + 1)):
            # a question that points at nothing said before, where the link
            # would say the last answer again ("cuanto dura el tratamiento"
            # right after "what is B-ALL") or a passage the ranker does not
            # see ("why they count his blood every time" after platelets): the
            # ranker is sure of another. ("how is it treated?" follows the link.)
            return self._ranked(confident_elsewhere, [], turn)
        general = context.finding in (None, "b_all")  # about B-ALL itself: the question type's default fits
        if answer.kind == PASSAGE and (general or answer.passage_id in near | ranked | {context.topic}):
            reply = self._answers([answer], turn)
            if intent == "ask_prognosis" and not general:
                # "is that bad?" after MRD: what the article says, then who can
                # say what it means for this person
                reply.messages.append(self._care_team_pointer())
            return reply
        if answer.kind == NO_SPECIFIC and intent == "ask_prognosis" and not general and \
                self._finding_type(context.finding) in ("marker", "genetic_change"):
            # "is that bad?" about a finding with no outlook passage of its own:
            # what the article does (or does not) say about it, and the care team
            return self._finding_framing(context.finding, turn)
        # The links say there is no specific answer, or point away from the
        # topic: a passage next to the topic may answer, down to a floor a
        # little lower when the links have nothing at all.
        floor = self.settings.covered - self.settings.context_margin * (1.5 if answer.kind == NO_SPECIFIC else 1)
        best_near = next((r for r in part.ranking if r.passage_id in near and r.score >= floor), None)
        if best_near:
            return self._answers([self.answerer.passage_answer(self.kb.passage(best_near.passage_id), None, context.finding)], turn)
        if confident_elsewhere is not None:
            return self._ranked(confident_elsewhere, [], turn)
        if answer.kind == NO_SPECIFIC and intent == "ask_prognosis":
            # "is that bad?" with nothing in the article about this one: who
            # can say, and the general outlook to read, not "no specific information"
            pointer = self._care_team_pointer()
            pointer.text = f"{self.kb.replies['framing_unknown']} {pointer.text}"
            pointer.buttons = [button_for(self.kb.passage(p)) for p in ("prognosis_overview", "q_risk_group")]
            return Reply([pointer], context=context)
        if answer.kind == NO_SPECIFIC and intent == "ask_treatment" and self._finding_type(context.finding) != "marker":
            # "what can we even do about it?" after a finding whose passage has
            # no treatment link: how treatment is planned in general, then who
            # knows the plan for this person (a marker keeps the honest "no
            # specific answer": the article ties no treatment to most markers)
            route = self.kb.routes.get(intent)
            if route is not None and route.default in self.kb.passages:
                reply = self._answers([self.answerer.passage_answer(self.kb.passage(route.default), None, None)], turn)
                reply.messages.append(self._care_team_pointer(self.kb.replies["personal_close"]))
                return reply
        return self._answers([answer], turn)

    def _finding_type(self, finding: Optional[str]) -> Optional[str]:
        """"marker", "genetic_change", "test", ... for a known finding id."""
        known = self.kb.vocabulary.findings
        return known[finding].type if finding in known else None

    def _signs_off(self, text: str) -> bool:
        """A message that asks nothing and ends with a goodbye ("ok thanks. bye")."""
        tokens = words(text)
        if has_question(text) or (tokens and tokens[0] in _GREETING_WORDS):
            return False  # "hola, buenas noches" greets
        last = [s for s in re.split(r"[.!,;\n]+", text) if s.strip()]
        return bool(last) and " ".join(words(last[-1])) in self._goodbyes

    def _about_own_case(self, tokens: Sequence[str]) -> bool:
        """"Is that high?", or a question about the person's own plan ("does
        he need radiation?": an ask, then a plan verb within four words)."""
        if has_phrase(tokens, self._own_case):
            return True
        return any(has_phrase(tokens[start + len(ask):start + len(ask) + 4], self._plan_verbs)
                   for ask in self._plan_asks for start in find_phrase(tokens, ask))

    def _care_team_pointer(self, text: Optional[str] = None) -> Message:
        """The care team after the article's general framing of a result."""
        return Message(text or self.kb.replies["framing_close"], [button_for(self.kb.passage("q_risk_group"))],
                       {"answer_kind": "care_team", "pointer": True})

    def _neighbourhood(self, context: Context) -> set:
        """Passages next to the topic: its related passages and follow-up
        links, and those of the finding being discussed (not the topic itself)."""
        if context.topic not in self.kb.passages:
            return set()
        topic = self.kb.passage(context.topic)
        near = {*topic.related, *topic.followups.values()}
        if context.finding in self.kb.vocabulary.findings:
            anchor = self.kb.passage_for_finding(context.finding)
            near |= {anchor.id, *anchor.related, *anchor.followups.values()}
        near.discard(topic.id)
        return near

    @lru_cache(maxsize=8)
    def _is_report(self, text: str) -> bool:
        """Pasted report text: report lines, or a quoted piece of a report
        with a result ('it says "MRD: 0.008%", is that bad?'); not a one-line
        question that names two results ("philadelphia like but not
        philadelphia?")."""
        quoted = ["".join(groups) for groups in _QUOTED.findall(text)]
        read = [(piece, [f for f in self.reader.findings(piece) if f.result]) for piece in quoted]
        if sum(len(found) for _, found in read) >= 2:
            return True
        if any(found and (":" in piece or _FIGURE.search(piece) or len(words(piece)) >= 4) for piece, found in read):
            return True  # a quoted report line ("CSF: no blasts seen"): its result is read out
        # a short quoted finding ("what does 'CD19 positive' mean?") is a question about it
        lines = [line for line in text.splitlines() if line.strip()]
        if len(lines) >= 2 and any(":" in line and any(f.result for f in self.reader.findings(line)) for line in lines):
            return True  # report lines with a label and a result ("Day 29: <0.01%")
        if (":" in text or len(words(text)) <= self.settings.short_follow_up_words + 1) and not has_question(text) \
                and any(_is_value(r) for r in self._results(text)):
            return True  # one pasted line with a figure: "MRD (day 8), flow cytometry: 0.3% ...", "mrd 0.01%"
        if ":" in text and any(self._labelled_line(sentence) for sentence in split_sentences(text)):
            return True  # a labelled line typed out: "end of induction MRD: 0.03% by flow. good or bad?"
        if _KARYOTYPE.search(text) and self._results(text):
            return True  # a karyotype typed out: "44,XY,-7,-13[15]. hypodiploid?"
        if has_phrase(words(text), self._report_verbs):
            results = self._results(text)
            if len(results) >= 2 or any(_is_value(r) for r in results):
                return True  # a report line typed out: "la FISH dice negative for BCR::ABL1 and KMT2A"
        if not self.reader.looks_like_report(text):
            return False
        if "\n" in text.strip() or not has_question(text):
            return True
        return len(self._results(text)) >= 3

    def _labelled_line(self, sentence: str) -> bool:
        """A short line of a report, not a question: a finding or test named
        before a colon, and a result after it ("FISH: iAMP21 detected", "BM:
        blasts 45%"); not a question ("MRD: what does negative mean") nor the
        "::" of a fusion."""
        colon = _LABEL_COLON.search(sentence)
        if not colon or has_question(sentence) or has_question(sentence[colon.end():]) or \
                len(words(sentence)) > self.settings.labelled_line_max_words:
            return False
        if not self.kb.vocabulary.find(sentence[:colon.start()]):
            return False
        return any(f.result for f in self.reader.findings(sentence))

    @lru_cache(maxsize=8)
    def _results(self, text: str) -> Tuple[str, ...]:
        """The results the reader finds in a whole message, read once: a
        message is asked about several times per turn (one router per language)."""
        return tuple(f.result for f in self.reader.findings(text) if f.result)

    def _asks_summary(self, text: str) -> bool:
        tokens = words(text)
        if has_phrase(tokens, self._summary_cues):
            return True
        return len(tokens) <= 3 and has_phrase(tokens, self._summary_words)

    def _thanks_kind(self, turn: Turn) -> Optional[str]:
        """"thanks" for thanks, "apology" for "sorry for all the questions",
        "ack" for a plain "ok, got it", when the
        message asks nothing; else None. Thanks win over feeling words
        ("thanks for making it less scary"); a plain "ok" does not."""
        if has_question(turn.text):
            return None
        tokens = words(turn.text)
        if any(tuple(tokens[-len(cue):]) == cue for cue in self._asks_on):
            return None  # "ok and", "y luego": asks for more
        if has_phrase(tokens, self._apologies):
            return "apology"
        said = " ".join(tokens)
        for blessing in self._not_thanks:  # "gracias a Dios está tranquilo" thanks no one here
            said = said.replace(blessing, " ")
        if has_phrase(words(said), self._thanks):
            return "thanks"
        best = _best_passage(turn.ranking)
        if best and best.score >= self.settings.confident:
            return None
        if len(tokens) <= self.settings.acknowledgement_max_words and any(tokens[:len(cue)] == cue for cue in self._acks):
            return "ack"  # exact words: "greet" is not "great"
        negated = set(tokens) & self.safety.negations
        if len(tokens) <= self.settings.relief_max_words and not negated and has_phrase(tokens, self._relief):
            return "thanks"
        return None

    def _questions(self, turn: Turn) -> Reply:
        """Each question of the message answered (up to 3). Questions that get
        no real answer on their own ("was that it?") are dropped when others
        do; if none does, the message is answered as one question."""
        whole = Part(turn.text, turn.findings, turn.ranking)
        mentions = self.kb.vocabulary.find(turn.text)
        described = self._described_cells(mentions)
        if described:
            # "the report says 'fine chromatin, scant cytoplasm, inconspicuous
            # nucleoli'": what each feature of the blasts' look means
            lead = Message(self.kb.replies["report_cells"], custom={"answer_kind": "report", "described": described})
            answers = self._answers([self.answerer.passage_answer(self.kb.passage_for_finding(f), None, f)
                                     for f in described], turn)
            return dataclasses.replace(answers, messages=[lead] + answers.messages)
        if self._still_outside(turn):
            # "y le va a volver a salir?" right after the hair-loss redirect:
            # the same topic, still outside the source
            return self._redirect(str(turn.last_kind))
        if len(turn.parts) < 2:
            listed = self._what_are_these(turn, mentions) or self._symptoms_told(turn)
            if listed:
                # "what is FISH, PCR and NGS?": each one explained
                return self._answers([self.answerer.passage_answer(self.kb.passage_for_finding(f), None, f)
                                      for f in listed], turn)
            return self._question(whole, turn, whole=True)
        replies = []
        used: set = set()
        floor = self.settings.covered - self.settings.context_margin
        named_before: List[str] = []
        for part in turn.parts[:self.settings.max_answered]:
            reply = self._do_i_have_it(part, named_before, turn) or self._question(part, turn, whole=False)
            named_before += [f for f in part.findings if f not in self.kb.generic_findings]
            if reply.kind == PASSAGE and reply.passages and set(reply.passages) <= used:
                # a second question answered by the same passage as the first
                # ("what is a B cell? and why do they go bad?"): two questions
                # want two answers, so its next passage, if close
                other = next((r for r in part.ranking if r.passage_id not in used | {NOT_COVERED} and r.score >= floor), None)
                reply = self._ranked(other, [], turn) if other else reply
            used |= set(reply.passages)
            replies.append(reply)
        # An everyday question the source never covers ("¿me van a deportar?")
        # is answered as such beside the others, not dropped.
        answered = [r for r in replies if r.kind in (PASSAGE, "care_team", "urgent_info") or
                    (r.kind == "not_covered" and r.messages[0].custom.get("outside"))]
        if not answered:
            return self._question(whole, turn, whole=True)
        return self._combine(answered, turn.parts, turn)

    def _still_outside(self, turn: Turn) -> bool:
        """A short follow-up ("and will it grow back?") to a redirect (side
        effects, another cancer, everyday care), naming nothing the source
        explains. (After a plain "not covered" the conversation's topic still
        stands: "how high is really high?" then "is that bad for him?")"""
        tokens = words(turn.text)
        best = _best_passage(turn.ranking)
        return turn.last_kind in REDIRECTS and not turn.findings and \
            0 < len(tokens) <= self.settings.pointing_max_words and \
            (tokens[0] in FOLLOW_ON or refers_back(turn.text)) and \
            not (best and best.score >= self.settings.confident) and not self.safety.asks_urgent_info(turn.text)

    def _do_i_have_it(self, part: Part, named_before: Sequence[str], turn: Turn) -> Optional[Reply]:
        """"what is ph+ and do i have it?": the second question asks about the
        finding the first one named, for this person: its care-team question."""
        tokens = words(part.text)
        if part.findings or not named_before or len(tokens) > self.settings.pointing_max_words or \
                not has_phrase(tokens, self._personal) or not _HAS_IT.intersection(tokens):
            return None
        answer = self.answerer.answer("ask_my_case", [named_before[-1]], Context(), text=part.text)
        if answer.kind != PASSAGE or not answer.passage_id.startswith("q_"):
            return None
        return self._answers([answer], turn)

    @staticmethod
    def _described_cells(mentions: Sequence[Mention]) -> List[str]:
        """Two or more features of the blasts' look under the microscope named
        in one message (a quoted morphology line), in the order named."""
        named = [m.finding.id for m in mentions if m.finding.id in CELL_FEATURES]
        named = list(dict.fromkeys(named))
        return named if len(named) >= 2 else []

    def _what_are_these(self, turn: Turn, mentions: Sequence[Mention]) -> List[str]:
        """Two or three findings of one kind named in one "what is" question
        ("what is FISH, PCR and NGS?", "que es FISH, PCR y NGS?"), and nothing
        that asks more ("why", "which is better", a decision). In a long
        message, the asking sentences and the one before them are read ("el
        doctor hablo de CAR T y de trasplante. que es eso?")."""
        tokens = words(focus(turn.text) or turn.text)
        findings = self.kb.vocabulary.findings
        mentions = [m for m in mentions if m.finding.type != "topic"]
        # named as a list: only separators between them ("FISH, PCR y NGS"; not
        # "X but not Y"); "her marrow for FISH, PCR and NGS" holds the list at its end
        runs: List[list] = []
        for mention in mentions:
            if runs and _LIST_GAP.fullmatch(turn.text[runs[-1][-1].end:mention.start]):
                runs[-1].append(mention)
            else:
                runs.append([mention])
        named = list(dict.fromkeys(m.finding.id for m in max(runs, key=len, default=[])))
        if not 2 <= len(named) <= self.settings.max_answered or len({findings[f].type for f in named}) != 1:
            return []
        each = has_phrase(tokens, self._each)  # "what is each one" may come with more words
        # "car t vs transplant, whats the difference?" is answered by each
        # treatment or test; "is ETV6::RUNX1 better than KMT2A?" is not a list
        differs = has_phrase(tokens, self._difference) and findings[named[0]].type in ("treatment", "test")
        if not (has_phrase(tokens, self._what_is) or differs) or (has_phrase(tokens, self._compare) and not differs) or \
                len(tokens) > (2 if each else 1) * 4 * self.settings.max_answered + len(named):
            return []
        return named

    def _symptoms_told(self, turn: Turn) -> List[str]:
        """Two or three symptoms told together ("she was also tired all the
        time and caught one cold after another"), with the ranker reading the
        message as about symptoms and no "why" or decision asked: each
        symptom's own passage. (A "why" gets the ranker's answer, such as why
        the symptoms happen.)"""
        told = [f for f in dict.fromkeys(turn.findings)
                if f in self.kb.by_finding and self.kb.by_finding[f].id.startswith(_SYMPTOM_PASSAGE)]
        best = _best_passage(turn.ranking)
        # the ranker's best is one of them (not "what are the symptoms?")
        if not 2 <= len(told) <= self.settings.max_answered or best is None or \
                best.passage_id not in {self.kb.by_finding[f].id for f in told} or has_phrase(words(turn.text), self._why):
            return []
        return told

    def _combine(self, replies: List[Reply], parts: Sequence[Part], turn: Turn) -> Reply:
        if len(replies) == 1:
            return replies[0]
        messages: List[Message] = []
        seen: set = set()
        context = None
        for reply in replies:
            for message in reply.messages:
                pid = message.custom.get("passage_id")
                if pid and pid in seen:
                    continue
                seen.add(pid)
                messages.append(Message(message.text, [], dict(message.custom)))
            context = reply.context or context
        rest = [best.passage_id for best in (_best_passage(p.ranking) for p in parts[self.settings.max_answered:]) if best]
        if rest:
            buttons = [button_for(self.kb.passage(pid)) for pid in dict.fromkeys(rest)][:3]
            messages.append(Message(self.kb.replies["multi_rest"], buttons, {"answer_kind": "multi_rest"}))
        else:
            last = replies[-1].messages[-1] if replies[-1].messages else None
            if last and messages:
                messages[-1].buttons = last.buttons
        return Reply(messages, context=context)

    # ================================================================ replies
    def _answers(self, answers: List[Answer], turn: Turn) -> Reply:
        messages = []
        for answer in answers:
            message = _message(answer)
            if answer.passage_id == "doctor_questions" and turn.report:
                # "what should I ask?" once a report is known: questions that fit it
                messages.append(Message(**self.report_replies.questions(turn.report)))
                continue
            listed = next((f for f in turn.report if f.id == answer.context.finding), None)
            if listed and answer.passage_id:
                message.text = self.kb.replies["report_lists"].format(finding=self.report_replies.describe(listed)) + " " + message.text
            messages.append(message)
        return Reply(messages, context=answers[-1].context)

    def _urgent(self, screening, language: Optional[str]) -> Reply:
        first, after = screening.texts(language)
        followup = self.safety.urgent_info_followup_es if language == "es" and screening.first_es else self.safety.urgent_info_followup
        lang = "es" if language == "es" and screening.first_es else "en"
        return Reply([
            Message(first, custom={"answer_kind": URGENT, "urgent": screening.category, "language": lang}),
            Message(f"{after}\n\n{followup}", custom={"answer_kind": "urgent_detail", "urgent": screening.category, "language": lang}),
        ], remembered_kind=URGENT_CRISIS if screening.category in self.safety.crisis_categories else None)

    def _decision(self, intent: str) -> Reply:
        spec = self.safety.decision_reply(intent)
        buttons = [button_for(self.kb.passage(p)) for p in spec["offer"]]
        return Reply([Message(spec["text"], buttons, {"answer_kind": "care_team", "decision": intent})])

    def _dialogue_act(self, intent: str, turn: Turn) -> Reply:
        replies = self.kb.replies
        if intent == "greet" and turn.report:
            # The portal opens with the report's findings: the same explanation
            # and summary as a pasted report.
            return self._report_reply(turn.report, [], replies["report_intro"], "report_intro")
        if intent == "thank":
            return Reply([Message(replies["thanks"], custom={"answer_kind": "thanks"})])
        if intent == "goodbye":
            return Reply([Message(replies["goodbye"], custom={"answer_kind": "goodbye"})])
        lead = {"greet": "greeting", "bot_capabilities": "capabilities"}.get(intent, intent)
        return self._menu(replies[lead], intent)

    def _redirect(self, intent: str) -> Reply:
        return self._menu(self.kb.replies[intent], intent)

    def _menu(self, lead: str, kind: str) -> Reply:
        answer = self.answerer.topic_menu(lead)
        return Reply([Message(lead, answer.buttons, {"answer_kind": kind})])

    def _known_words(self, text: str) -> bool:
        """Does the message use any word the content's questions use? Gibberish
        can still sit near a drug name in embedding space."""
        return bool(set(words(text)) & self._vocabulary_words)

    def _not_covered(self, ranking: Sequence[Ranked], outside: bool = False) -> Reply:
        """`outside`: the question was understood (an everyday topic the
        source never covers), so it is never "not sure I understood"."""
        if not outside and (not ranking or ranking[0].score < self.settings.understood):
            # Nothing comes close (gibberish, a word alone): not understood.
            return self._menu(self.kb.replies["fallback"], "fallback")
        closest = [r.passage_id for r in ranking if r.passage_id in self.kb.passages][:3] or list(self.kb.topic_menu[:3])
        buttons = [button_for(self.kb.passage(p)) for p in closest]
        custom = {"answer_kind": "not_covered", **({"outside": True} if outside else {})}
        return Reply([Message(self.kb.replies["not_covered"], buttons, custom)])

    def _acknowledgement(self, name: str) -> Message:
        """The feeling acknowledged and where support is, before an answer."""
        feeling = self.support.feeling(name)
        return Message(f"{feeling.acknowledge} {self.support.support}", custom={"answer_kind": "feelings", "feeling": feeling.name})

    def _guilt(self, turn: Turn, answerable: Optional[Ranked]) -> Reply:
        """Guilt gets the article's facts on causes. A question the passages
        answer well is answered first, after the acknowledgement ("is it
        hereditary? my mom thinks she passed it on", "did I miss something?
        her legs hurt for weeks"), and the facts follow."""
        guilt = self.support.feeling("guilt")
        if answerable is None or answerable.passage_id == guilt.facts:
            return self._feelings("guilt", turn)
        if answerable.passage_id in guilt.facts_family:
            # a question about causes: its own passage, not the questions' split
            reply = self._answers([self.answerer.passage_answer(self.kb.passage(answerable.passage_id), None, None)], turn)
        else:
            reply = self._questions(turn)
            if reply.kind != PASSAGE:
                return self._feelings("guilt", turn)
        # the question's own answer, then that nothing could have prevented it
        facts = self.answerer.passage_answer(self.kb.passage(guilt.facts), None, None)
        reply.messages += self._answers([facts], turn).messages
        reply.messages.insert(0, self._acknowledgement("guilt"))
        return reply

    def _feelings(self, name: str, turn: Turn) -> Reply:
        feeling = self.support.feeling(name)
        parts = [feeling.acknowledge]
        custom: Dict[str, object] = {"answer_kind": "feelings", "feeling": feeling.name}
        offers = list(self.support.offer_passages)
        if feeling.facts:
            facts = self.kb.passage(feeling.facts)
            parts.append(facts.text)
            custom.update(passage_id=facts.id, section=facts.section)
            offers = [*facts.related, *offers]
        text = " ".join(parts) + f"\n\n{self.support.support}\n\n{self.support.offer}"
        buttons = [button_for(self.kb.passage(p)) for p in dict.fromkeys(offers)][:3]
        return Reply([Message(text, buttons, custom)])

    def _summary(self, turn: Turn) -> Reply:
        replies = self.kb.replies
        lines = []
        for pid in turn.discussed:
            if pid in self.kb.passages:
                passage = self.kb.passage(pid)
                lines.append(f"- {passage.title}: {first_sentence(passage.text)}")
        if turn.report:
            lines.append("- " + replies["summary_report"].format(findings=", ".join(self.report_replies.describe(f) for f in turn.report)))
        if not lines:
            return self._menu(replies["summary_none"], "summary")
        text = f"{replies['summary_intro']}\n" + "\n".join(lines) + f"\n\n{replies['summary_close']}"
        return Reply([Message(text, [button_for(self.kb.passage("doctor_questions"))], {"answer_kind": "summary"})])

    def _pointed(self, turn: Turn) -> List[str]:
        """Passages meant by "the first one", "the other two" (what the last reply offered)."""
        if not turn.offered or len(words(turn.text)) > self.settings.pointing_max_words:
            return []
        tokens = words(turn.text)
        if has_phrase(tokens, self._others):
            return [p for p in turn.offered if p != turn.context.topic][:self.settings.max_answered]
        for n, cues in self._ordinals.items():
            if n <= len(turn.offered) and has_phrase(tokens, cues):
                return [turn.offered[n - 1]]
        return []

    def _report(self, turn: Turn) -> Reply:
        replies = self.kb.replies
        scan = self.reader.scan(turn.text)
        if not scan.findings:
            tip = replies["report_paste_tip"] if turn.terminal else ""
            return Reply([Message(f"{replies['report_none']} {tip}".strip(), custom={"answer_kind": "report_none"})])
        reply = self._report_reply(scan.findings, scan.unknown, replies["report_found"], "report")
        reply.report_findings = [f.as_dict() for f in scan.findings]
        if has_question(turn.text):
            # The question typed with the paste ("is this good?") is answered
            # too, before the summary.
            asked = Turn(turn.text, turn.intent, turn.confidence, turn.intents, turn.findings, turn.ranking,
                         report=list(scan.findings))
            answer = self._question(Part(turn.text, turn.findings, turn.ranking), asked, whole=True)
            if answer.kind in (PASSAGE, "care_team"):
                reply.messages[1:1] = answer.messages
        return reply

    def _report_reply(self, findings: Sequence[ReportFinding], unknown: Sequence[str], lead: str, kind: str) -> Reply:
        """A report's findings explained, then the summary to keep. Several
        findings were just listed: "how does it affect treatment?" could mean
        any of them, so the context is cleared; one finding is the topic."""
        explained = self.report_replies.explained(findings, unknown, lead, kind)
        ids = {f.id for f in findings if f.id in self.kb.vocabulary.findings}
        context = Context()
        if len(ids) == 1:
            (only,) = ids
            context = Context(topic=self.kb.passage_for_finding(only).id, finding=only)
        return Reply([Message(**explained), Message(**self.report_replies.summary(findings))], context=context)

    def _pointed_finding(self, turn: Turn) -> Optional[ReportFinding]:
        if not turn.report or turn.last_kind not in REPORT_KINDS or \
                len(words(turn.text)) > self.settings.pointing_max_words:
            return None
        return self.report_replies.pointed(turn.text, turn.report)

    def _finding_framing(self, finding_id: str, turn: Turn) -> Reply:
        finding = self.kb.vocabulary.findings[finding_id]
        said = finding_meaning(ReportFinding(finding_id, finding.label, "positive"), self.reply_language)
        summary = load_summary_content(self.reply_language)
        if finding_id not in summary["better_outlook"] + summary["higher_risk"]:
            said = f"{self.kb.replies['framing_none'].format(finding=finding.label)} {said}".strip()
        else:
            said = f"{finding.label[:1].upper()}{finding.label[1:]}: {said}"
        text = said
        passage = self.kb.passage_for_finding(finding_id)
        buttons = [button_for(self.kb.passage(p)) for p in dict.fromkeys([passage.id, "factor_subtype", "q_risk_group"])]
        # A personal judgement ("is that bad?"): the general framing, and the
        # care team for what it means for this person
        custom = {"answer_kind": "care_team", "passage_id": passage.id, "section": passage.section, "framing": finding_id}
        return Reply([Message(f"{text}\n\n{self.kb.replies['framing_close']}", buttons[:3], custom)],
                     context=Context(passage.id, finding_id, "prognosis"))

    def _report_framing(self, turn: Turn) -> Reply:
        """"Is that good or bad?" after a report: what the article says about
        the outlook of each finding listed, then the care team."""
        positive = [f for f in turn.report if f.result != "negative"]
        ids = []
        for finding in positive:
            passage = self.kb.passage_for_finding(finding.id)
            target = passage.followups.get("prognosis") if self.kb.vocabulary.findings[finding.id].type != "genetic_change" else passage.id
            if target and target not in ids:
                ids.append(target)
        if not ids:
            ids = ["factor_subtype"]
        answers = [self.answerer.passage_answer(self.kb.passage(p), "prognosis") for p in ids[:self.settings.max_answered]]
        reply = self._answers(answers, turn)
        reply.messages.append(self._care_team_pointer())
        return reply


def load_questions_flat(language: str = "en") -> List[str]:
    """Every example question (the words the content knows)."""
    found = [q for qs in load_questions().values() for q in qs] + load_not_covered()
    if language == "es":
        found += [q for qs in load_questions(SPANISH_QUESTIONS_FILE).values() for q in qs]
        found += load_not_covered(SPANISH_NOT_COVERED_FILE)
    return found


# A message that starts with one of these greets, whatever it ends with.
_GREETING_WORDS = frozenset({"hi", "hello", "hey", "hola", "buenas", "buenos", "buen", "ola"})


def _best_passage(ranking: Sequence[Ranked]) -> Optional[Ranked]:
    """The best-ranked real passage (not the not-covered class)."""
    return next((r for r in ranking if r.passage_id != NOT_COVERED), None)


# What a morphology line describes, each with its microscope passage.
CELL_FEATURES = ("nucleus", "chromatin", "nucleoli", "cytoplasm")
_LIST_GAP = re.compile(r"(?i)['\"\u2018\u2019\u201c\u201d]?\s*(?:,|/|&|\band\b|\bor\b|\by\b|\bo\b|\be\b|\bvs\b\.?|\bversus\b)?\s*"
                       r"(?:,|\band\b|\by\b)?\s*(?:\b(?:de|del|la|el|the|a)\b\s*)?['\"\u2018\u2019\u201c\u201d]?")
_LANGUAGE_WORD = re.compile(r"(?i)\b(?:english|ingl[eé]s|spanish|espa[nñ]ol)\b")


def _asks_more_than_language(text: str) -> bool:
    """"ok ahora en español, que es citometria de flujo?" asks something else
    too; "can you say it in English?" does not."""
    sentences = [s for s in re.split(r"(?<=[?.!])\s+|\n+|[,:;]\s*", text) if s.strip()]
    return any(has_question(s) and not _LANGUAGE_WORD.search(s) for s in sentences)


def _is_value(result: Optional[str]) -> bool:
    """A figure or a status as a report writes it: "0.3%", "<0.01%", "CNS2", "55 chromosomes"."""
    return bool(result) and (result[0].isdigit() or result[0] in "<>" or result.startswith(("CNS", "TLP", "detected, ")))



@lru_cache(maxsize=2)
def load_router(language: str = "en") -> Router:
    """The router that answers in `language` ("en" or "es", assistant/localization.py)."""
    if language == "es":
        return Router(spanish_kb(load_knowledge()), SafetyScreen(spanish_safety_raw(_raw(SAFETY_FILE))),
                      ReportReader(spanish_nomenclature_raw(_raw(NOMENCLATURE_FILE))), load_language_guard(),
                      Support(spanish_support_raw(_raw(SUPPORT_FILE))), load_settings(language="es"), reply_language="es")
    return Router(load_knowledge(), load_safety(), load_reader(), load_language_guard(), load_support(), load_settings())


def _raw(path) -> dict:
    with open(path, encoding="utf-8") as handle:
        return yaml.safe_load(handle)
