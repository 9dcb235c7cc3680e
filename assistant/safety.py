"""Urgent-symptom screening and the wording of safety replies.

The words and messages live in content/safety.yml (not from the article, for
clinician review). This module only applies them: typo-tolerant phrase
matching, negations, general questions, report field lines, temperature
readings.
"""
from __future__ import annotations

import os
import re
import unicodedata
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Sequence, Tuple

import yaml

from assistant.questions import has_question
from assistant.vocabulary import CONTENT_DIR, edit_distance_at_most

SAFETY_FILE = CONTENT_DIR / "safety.yml"
_WORD = re.compile(r"[a-z0-9]+(?:\.[0-9]+)?")
_NEGATION_WINDOW = 3
_NI_REACH = 6  # how far back a "ni" looks for the denial it goes on with
# A medicine amount: "50mg", "2.5 ml", "100 mcg" (not "50 mg/m2" in a report? that too: a dose).
_AMOUNT = re.compile(r"\b\d+(?:\.\d+)?\s*(?:mg|mcg|ml|milligrams?)\b", re.IGNORECASE)


# Words that date the diagnosis, a relapse or the start of treatment, not a
# symptom ("diagnosed last year", "empezo la quimio hace 2 semanas"); "fine now" is recovery.
_STARTED = frozenset("diagnosed diagnosis diagnosticaron diagnosticado diagnosticada diagnostico started relapsed "
                     "recayo start starts began begun empezo empezamos comenzo comenzamos inicio iniciamos".split())
_RECOVERED = frozenset("fine ok okay better well good bien home".split())
_NOW = frozenset(("now", "ahora", "ahorita"))
_STILL = frozenset(("still", "todavia"))
# "she is fine now", "...but fine now": the recovery is someone's ("is",
# "shes", "esta") or goes on from the story ("but"), and no new clause starts
# right after it ("fine now she is burning up", "ok now she has a fever").
_IS = frozenset("is shes hes its was im were are seems looks feels doing but and pero y esta estan se ve".split())
_SUBJECTS = frozenset("she he i we they it its hes shes im el ella".split())


def _without_recovered_now(tokens: List[str]) -> List[str]:
    """The words without the "(right) now" of "she is fine (right) now" /
    "esta bien ahorita"."""
    def recovered(n: int) -> bool:
        k = n - 1 if n and tokens[n - 1] == "right" else n
        return k >= 2 and tokens[k - 1] in _RECOVERED and tokens[k - 2] in _IS and \
            (n + 1 == len(tokens) or tokens[n + 1] not in _SUBJECTS)
    dropped = {m for n, t in enumerate(tokens) if t in _NOW and recovered(n) for m in (n, n - 1)
               if tokens[m] in _NOW or tokens[m] == "right"}
    return [t for n, t in enumerate(tokens) if n not in dropped]


# A number written as a temperature: with a decimal ("38.9", "38,7") or a degree
# sign or unit ("39 °C", "101F").
_TEMPERATURE = re.compile(r"(?<![\d.,])(\d{2,3}(?:[.,]\d)?)(?:\s*\u00b0\s*[cf]?|\s*(?:c|f)\b)|(?<![\d.,])(\d{2,3}[.,]\d)(?![\d])")
# Words for measuring a temperature, not for having a fever.
_MEASURING_WORDS = frozenset({"temperature", "temp", "thermometer", "axillary", "temperatura", "termometro"})
# Words beside a number that make it a lab value, an age or a weight, not a
# temperature ("WBC 40.1", "blasts 39%", "39 years", "pesa 38 kilos").
_NOT_TEMPERATURE = frozenset(
    "wbc hb hgb hemoglobin hemoglobina plt platelets plaquetas blasts blastos anc hct hematocrit hematocrito mcv "
    "count counts weight weighs pesa peso kg kgs kilos lbs pounds libras age aged edad years year yo anos ano months "
    "meses weeks semanas days dias day dia week semana cd45 mrd percent por ciento k ul mm cells celulas".split())


def _cut(text: str, cuts: List[Tuple[int, int]]) -> str:
    """The text without the given character spans; overlapping spans merged
    ("No, no fever" names one denial, not two)."""
    merged: List[List[int]] = []
    for begin, end in sorted(cuts):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([begin, end])
    for begin, end in reversed(merged):
        text = text[:begin] + text[end:]
    return text


def _spans(text: str) -> List[Tuple[int, int, str]]:
    """(start, end, word as `words` reads it) for each word of the original text."""
    return [(m.start(), m.end(), "".join(words(m.group(0)))) for m in _SPAN_WORD.finditer(text)]


# Where a clause ends: an "if" clause or a denial never reaches past it.
_CLAUSE_END = re.compile(r"[.!?;\n]")
# How far away care is, not how long a symptom has lasted ("vivimos como a 2 horas", "3 hours away").
_DISTANCE = re.compile(r"\b(?:como|queda|quedamos|vivimos|esta|estamos) a\s+\d+\s+(?:horas?|minutos?)\b|"
                       r"\b\d+\s+(?:hours?|hrs?|minutes?|mins?)\s+(?:away|drive)\b|"
                       r"\b(?:horas?|minutos?)\s+de\s+(?:aqui|distancia|camino)\b", re.IGNORECASE)
# A word with its apostrophes ("won't"), to find spans in the original text.
_SPAN_WORD = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")


@lru_cache(maxsize=4096)
def words(text: str) -> Tuple[str, ...]:
    """Lower-case words without accents; apostrophes dropped so "won't" reads
    "wont" and "convulsión" reads "convulsion". Cached: every screen and the
    router read the same message."""
    plain = unicodedata.normalize("NFKD", text.lower().replace("'", "").replace("\u2019", ""))
    return tuple(_WORD.findall("".join(c for c in plain if not unicodedata.combining(c))))


def find_phrase(tokens: Sequence[str], phrase: Sequence[str]) -> List[int]:
    """Start positions of `phrase` in `tokens`, one typo allowed in words of 5+ letters."""
    n = len(phrase)
    if not n:
        return []
    first = phrase[0]
    # Cheap first-word check before the whole phrase (this runs for hundreds
    # of cue phrases on every message).
    return [i for i in range(len(tokens) - n + 1)
            if _same(tokens[i], first) and all(_same(tokens[i + k], phrase[k]) for k in range(1, n))]


def _not_typos() -> set:
    with open(CONTENT_DIR / "safety.yml", encoding="utf-8") as handle:
        return set(yaml.safe_load(handle).get("not_typos", []))


_NOT_TYPOS = _not_typos()  # content/safety.yml: real words never read as typos


@lru_cache(maxsize=65536)
def _same(word: str, target: str) -> bool:
    """The same word, or one typo away (words of 5+ letters, same first letter)."""
    if word == target:
        return True
    if len(target) < 5 or not target.isalpha() or word[:1] != target[:1] or word in _NOT_TYPOS:
        return False
    return edit_distance_at_most(word, target, 1)


@dataclass(frozen=True)
class Category:
    name: str
    alone: Tuple[Tuple[str, ...], ...]
    terms: Tuple[Tuple[str, ...], ...]
    with_: Tuple[Tuple[str, ...], ...]
    reading: bool
    always_alarm: bool
    past_may_suppress: bool
    first: str
    after: str
    first_es: str = ""
    after_es: str = ""
    # `terms` without the words for measuring ("temperature"): a word for fever
    fever_terms: Tuple[Tuple[str, ...], ...] = ()
    # Phrases that may be a feeling, not a symptom ("i cant breathe" after
    # "horror stories"): with one of `feeling_cues` and no other trigger, the
    # message gets `note` after the answer instead of the alarm.
    figurative: Tuple[Tuple[str, ...], ...] = ()
    feeling_cues: Tuple[Tuple[str, ...], ...] = ()
    not_with: Tuple[Tuple[str, ...], ...] = ()
    note: str = ""
    # a symptom told as over, with a word of recovery, is history (`_told_as_history`)
    history_may_suppress: bool = False


@dataclass(frozen=True)
class Screening:
    """The verdict on one message."""

    category: Optional[str] = None   # urgent category, or None
    first: str = ""                  # the urgent instruction, said first
    after: str = ""                  # the explanation that follows
    first_es: str = ""               # the same in Spanish (for review by a native speaker)
    after_es: str = ""
    note: str = ""                   # not urgent, but said after the answer (a figurative "i cant breathe")

    @property
    def urgent(self) -> bool:
        return self.category is not None

    def texts(self, language: Optional[str]) -> Tuple[str, str]:
        """(instruction, explanation) in the person's language where we have it."""
        if language == "es" and self.first_es:
            return self.first_es, self.after_es
        return self.first, self.after


def phrases(items: Sequence[str]) -> Tuple[Tuple[str, ...], ...]:
    """Cue phrases from content, as word tuples ready for find_phrase."""
    return tuple(words(str(item)) for item in items if words(str(item)))


def has_phrase(tokens: Sequence[str], cues: Sequence[Tuple[str, ...]]) -> bool:
    """Does any of the cue phrases occur (typo-tolerant)?"""
    return any(find_phrase(tokens, cue) for cue in cues)


class SafetyScreen:
    """Applies content/safety.yml to messages."""

    def __init__(self, raw: Dict) -> None:
        contacts = dict(raw["contacts"])
        contacts["emergency"] = os.environ.get("EMERGENCY_NUMBER", contacts["emergency"])
        contacts["crisis"] = os.environ.get("CRISIS_LINE", contacts["crisis"])
        contacts["crisis_name"] = os.environ.get("CRISIS_LINE_NAME", contacts["crisis_name"].replace("988", contacts["crisis"]))
        self.contacts = contacts
        self.threshold_c = float(raw["fever_threshold"]["celsius"])
        self.threshold_f = float(raw["fever_threshold"]["fahrenheit"])
        self.negations = set(raw["negations"])
        self.personal = set(raw["personal"])
        self.question_starts = set(raw["question_starts"])
        self._past = phrases(raw.get("past", []))
        self._present_words = phrases(raw.get("present", []))
        self._long_past = phrases(raw.get("long_past", []))
        self._recovered = phrases(raw.get("recovered", []))
        self._idioms = phrases(raw.get("idioms", []))
        self._fillers = frozenset(w for phrase in phrases(raw.get("fillers", [])) for w in phrase)
        self._hypothetical = phrases(raw.get("hypothetical", []))
        self._durations = phrases(raw.get("durations", []))
        self._terms_cache: Optional[frozenset] = None
        self._present_strict = phrases(raw.get("present_strict", []))
        labels = "|".join(re.escape(label) for label in sorted(raw["report_labels"], key=len, reverse=True))
        self._report_line = re.compile(rf"^\s*(?:{labels})\s*[:\-]", re.IGNORECASE)
        self.categories = [
            Category(
                name=name,
                alone=phrases(spec.get("alone", []) + spec.get("alone_es", [])),
                terms=phrases(spec.get("terms", []) + spec.get("terms_es", [])),
                fever_terms=tuple(t for t in phrases(spec.get("terms", []) + spec.get("terms_es", []))
                                  if not set(t) & _MEASURING_WORDS),
                with_=phrases(spec.get("with", []) + spec.get("with_es", [])),
                reading=bool(spec.get("reading", False)),
                always_alarm=bool(spec.get("always_alarm", False)),
                past_may_suppress=bool(spec.get("past_may_suppress", False)),
                history_may_suppress=bool(spec.get("history_may_suppress", False)),
                first=self.fill(spec["first"]),
                after=self.fill(spec["after"]),
                first_es=self.fill(spec.get("first_es", "")),
                after_es=self.fill(spec.get("after_es", "")),
                figurative=phrases((spec.get("figurative") or {}).get("phrases", [])),
                feeling_cues=phrases((spec.get("figurative") or {}).get("feeling_cues", [])),
                not_with=phrases((spec.get("figurative") or {}).get("not_with", [])),
                note=self.fill((spec.get("figurative") or {}).get("note", "")),
            )
            for name, spec in raw["urgent"].items()
        ]
        self.urgent_reminder = {"en": self.fill(raw["urgent_reminder"]["text"]),
                                "es": self.fill(raw["urgent_reminder"]["text_es"])}
        self.urgent_info = self.fill(raw["urgent_info"])
        self._urgent_info_cues = phrases(raw["urgent_info_cues"])
        self.urgent_info_followup = raw["urgent_info_followup"]
        self.urgent_info_plan = " ".join(raw["urgent_info_plan"].split())
        self.urgent_info_followup_es = raw["urgent_info_followup_es"]
        followup = raw["urgent_followup"]
        self._followup_cues = phrases(followup["cues"])
        self.urgent_followup = {"en": self.fill(followup["text"]), "es": self.fill(followup["text_es"])}
        responders = raw["urgent_responders"]
        self._responder_cues = phrases(responders["cues"])
        self.urgent_responders = {"en": self.fill(responders["text"]), "es": self.fill(responders["text_es"])}
        crisis = raw["crisis_reminder"]
        self.crisis_reminder = {"en": self.fill(crisis["text"]), "es": self.fill(crisis["text_es"])}
        self.crisis_categories = frozenset(crisis["categories"])
        self.decisions: Dict[str, Dict] = raw["care_team_decisions"]
        self._decision_cues = {
            intent: (phrases(spec.get("cues", [])), phrases(spec.get("strong", [])), bool(spec.get("personal")))
            for intent, spec in self.decisions.items()
        }
        # Words that show the message is not asking for that decision: "mi
        # hijo tiene leucemia B, ¿qué es eso?" tells a diagnosis, it does not ask for one.
        self._decision_not_with = {intent: phrases(spec.get("not_with", [])) for intent, spec in self.decisions.items()}
        # ...and words that only outweigh the classifier's reading, never a strong phrase
        self._decision_not_with_cues = {intent: phrases(spec.get("not_with_cues", []))
                                        for intent, spec in self.decisions.items()}
        self._amount_decisions = [intent for intent, spec in self.decisions.items() if spec.get("amounts")]
        self._asked_only = frozenset(intent for intent, spec in self.decisions.items() if spec.get("asked_only"))

    def fill(self, text: str) -> str:
        return " ".join(text.format(**self.contacts).split())

    # ------------------------------------------------------------ matching
    def _find(self, tokens: List[str], phrase: Tuple[str, ...]) -> List[int]:
        return find_phrase(tokens, phrase)

    def _negated(self, tokens: List[str], start: int) -> bool:
        if any(t in self.negations for t in tokens[max(0, start - _NEGATION_WINDOW):start]):
            return True
        # "no ha tenido dolores de cabeza ni convulsiones": a "ni" right before
        # the symptom goes on with a denial; "no come ni duerme, quiero morirme" does not
        return start > 0 and tokens[start - 1] == "ni" and \
            any(t in self.negations for t in tokens[max(0, start - 1 - _NI_REACH):start - 1])

    def _present(self, tokens: List[str], phrases: Sequence[Tuple[str, ...]], check_negation: bool = True) -> bool:
        for phrase in phrases:
            for start in self._find(tokens, phrase):
                if not (check_negation and self._negated(tokens, start)):
                    return True
        return False

    def _without_idioms(self, tokens: List[str]) -> List[str]:
        """Everyday phrases made of symptom words ("she finally fell asleep")
        taken out before screening."""
        for phrase in self._idioms:
            for start in self._find(tokens, phrase):
                tokens[start:start + len(phrase)] = ["_"] * len(phrase)
        return tokens

    def _without_denied_now(self, tokens: List[str]) -> List[str]:
        """The words without a "now" that is not the symptom's present:
        "todavia no", "no bleeding now", "again, not now" ("its not stopping
        now" and "shes not herself now" keep theirs)."""
        terms = self._single_terms()
        return [t for n, t in enumerate(tokens)
                if not (t in _STILL and n + 1 < len(tokens) and tokens[n + 1] in self.negations)
                and not (t == "now" and n and (tokens[n - 1] == "not" or
                                               n > 1 and tokens[n - 1] in terms and tokens[n - 2] in self.negations))]

    def _without_hypotheticals(self, text: str, readings: Sequence[float]) -> str:
        """An "if" clause up to its symptom term taken out ("what should we do
        if she gets a fever at home"), or a question about the line itself
        ("what temperature counts?"); the rest of the message is still read.
        Never across a sentence's end, and not at all when the message says the
        symptom is here now or for how long ("she has one now", "30 minutes")."""
        if readings:
            return text
        spans = _spans(text)
        plain = [token for _, _, token in spans]
        cuts = []
        for phrase in self._hypothetical:
            for first in find_phrase(plain, phrase):
                last = first + len(phrase)
                hit = next((k for k in range(first, min(last + 4, len(plain))) if plain[k] in self._plan_terms), None)
                if hit is not None and not _CLAUSE_END.search(text[spans[first][0]:spans[hit][1]]):
                    cuts.append((spans[first][0], spans[hit][1]))
        if not cuts:
            return text  # most messages: no "if" clause, nothing more to read
        # "she's fine right now" is not the symptom's now, nor "todavia no le ha dado" (not yet),
        # nor the hospital "2 hours away"
        tokens = self._without_denied_now(_without_recovered_now(list(words(_DISTANCE.sub(" ", text)))))
        if self._present(tokens, self._present_strict, check_negation=False) or \
                self._present(tokens, self._durations, check_negation=False):
            return text
        return _cut(text, cuts)

    def without_denied(self, text: str) -> str:
        """The message without the symptoms it denies, for ranking: "no tiene
        fiebre ni nada, pero esta decaido" is about feeling low, not fever.
        Everything else stays as written (case, accents, question marks)."""
        text = text or ""
        spans = _spans(text)
        terms = self._single_terms()
        cuts = []
        for i, (begin, _, token) in enumerate(spans):
            if token in self.negations:
                hit = next((k for k in range(i + 1, min(i + 4, len(spans))) if spans[k][2] in terms), None)
                if hit is not None and not _CLAUSE_END.search(text[begin:spans[hit][1]]):
                    cuts.append((begin, spans[hit][1]))  # within one clause: "no appetite. fever?" denies no fever
        return _cut(text, cuts)

    @cached_property
    def _plan_terms(self) -> frozenset:
        """The symptom words an "if" clause can name (read once)."""
        return self._single_terms() | self._single_alone

    @cached_property
    def _single_alone(self) -> frozenset:
        """One-word emergencies ("seizure") an "if" clause can name; not
        thoughts of self-harm, which always get the crisis line. (Read once:
        the screen runs on every message.)"""
        return frozenset(phrase[0] for category in self.categories if not category.always_alarm
                         for phrase in category.alone if len(phrase) == 1)

    def _single_terms(self) -> frozenset:
        if self._terms_cache is None:
            self._terms_cache = frozenset(term[0] for category in self.categories for term in category.terms
                                          if len(term) == 1)
        return self._terms_cache

    def _dated_symptom(self, tokens: List[str], phrases: Sequence[Tuple[str, ...]]) -> bool:
        """One of these words of the past that dates a symptom, not the start
        of the treatment or the diagnosis ("empezo la quimio hace 2 semanas y
        tiene fiebre", "started chemo last week", "diagnosed last year")."""
        return any(not set(tokens[max(0, start - 3):start] + tokens[start + len(phrase):start + len(phrase) + 2]) & _STARTED
                   for phrase in phrases for start in self._find(tokens, phrase))

    def _told_as_history(self, tokens: List[str]) -> bool:
        """A symptom told as history and over: a long-past time ("last
        month") that is not the time of the diagnosis or a relapse ("diagnosed
        last year", "relapsed last month"), a word of recovery ("he is fine
        now", "ya esta bien"), no reading, and no word of the present
        ("again", "right now", "now it is back"; not "ahora que estoy tranquila")."""
        if not self._dated_symptom(tokens, self._long_past) or self._has_reading(tokens) or not self._present(tokens, self._recovered, check_negation=False):
            return False
        if self._present(tokens, self._present_strict, check_negation=False):
            return False  # "...fine after. It's happening again right now"
        plain = _without_recovered_now(tokens)
        # "ahora que estoy tranquila" / "now that she is home" is no symptom's now
        return not any(t in _NOW and not (n + 1 < len(plain) and plain[n + 1] in ("que", "that"))
                       for n, t in enumerate(plain))

    def _temperature(self, readings: Sequence[float]) -> bool:
        """A temperature written as one (`_readings`), with no word for it, in
        the fever range ("jonah 38.9 and shaky", "tiene 38,7", "101.3F")."""
        return any(self._fever_range(value) for value in readings)

    def _below_fever(self, readings: Sequence[float]) -> bool:
        """Every temperature written in the message is under the fever line
        ("hoy tiene 37.2, no tiene fiebre"): a calm question, not an alarm."""
        # a low one ("35.1 and cold and clammy") is a warning sign too
        return bool(readings) and all(36.0 <= value < self.threshold_c or 96.8 <= value < self.threshold_f
                                      for value in readings)

    def _fever_range(self, value: float) -> bool:
        return self.threshold_c <= value <= 43.5 or self.threshold_f <= value <= 110

    def _readings(self, text: str) -> List[float]:
        """In the person's own words (`own_words`), temperatures written as
        such (a decimal or a degree sign, body range), not a bare whole number
        (an age: "I'm 39") and not lab values ("WBC 40.1", "blasts 39.5%")."""
        low, found = text.lower(), []
        for match in _TEMPERATURE.finditer(low):
            value = float((match.group(1) or match.group(2)).replace(",", "."))
            if not (35.0 <= value <= 43.5 or 95.0 <= value <= 110):
                continue
            before = words(low[max(0, match.start() - 25):match.start()])[-2:]
            after = words(low[match.end():match.end() + 12])[:1]
            if not (set(before) | set(after)) & _NOT_TEMPERATURE and not low[match.end():match.end() + 2].strip().startswith("%"):
                found.append(value)
        return found

    def _has_reading(self, tokens: List[str]) -> bool:
        for token in tokens:
            try:
                value = float(token.rstrip("cf"))
            except ValueError:
                continue
            if self.threshold_c <= value <= 43.5 or self.threshold_f <= value <= 110:
                return True
        return False

    def _general_question(self, tokens: List[str]) -> bool:
        return bool(tokens) and tokens[0] in self.question_starts and not (set(tokens) & self.personal)

    def own_words(self, text: str) -> str:
        """The message without pasted report field lines ("History: fever")."""
        return "\n".join(line for line in text.splitlines() if not self._report_line.match(line))

    # ------------------------------------------------------------ verdict
    def screen(self, text: str, literal: bool = False) -> Screening:
        """The verdict on a message. `literal` reads every phrase as meant
        (right after an urgent reply, "i cant breathe" is never a figure of speech)."""
        own = self.own_words(text or "")
        readings = self._readings(own)  # temperatures written as such, read once
        kept = self._without_hypotheticals(own, readings)
        tokens = self._without_idioms(list(words(kept)))
        if not tokens:
            return Screening()
        # a word of the present counts where a symptom is told: "antes del
        # diagnostico tuvo fiebre. ahora ya esta en tratamiento" tells a past fever
        # (read only when the message tells of the past: this runs on every message)
        dated = self._dated_symptom(tokens, self._past)
        told = None
        if dated or self._present(tokens, self._long_past, check_negation=False):
            told = [t for sentence in _CLAUSE_END.split(kept) if self._names_symptom(list(words(sentence)))
                    for t in self._without_idioms(list(words(sentence)))]
        verdict = self._verdict(tokens, readings, literal, told, dated)
        plain = [t for t in tokens if t not in self._fillers]
        if not verdict.urgent and len(plain) < len(tokens):
            # "she wont really wake up" is "she wont wake up"
            again = self._verdict(plain, readings, literal, told, dated)
            if again.urgent:
                return again
        return verdict

    def _names_symptom(self, tokens: List[str]) -> bool:
        return any(self._present(tokens, c.terms, check_negation=False) or self._present(tokens, c.alone, check_negation=False)
                   for c in self.categories)

    def _verdict(self, tokens: List[str], readings: Sequence[float], literal: bool,
                 told: Optional[List[str]] = None, dated: bool = False) -> Screening:
        """The categories read on these words: the first that fires, or none.
        `told`: the words of the sentences that tell a symptom, where a word
        of the present counts (all the words when not given); `dated`: the
        message dates a symptom in the past (`_dated_symptom`, read once)."""
        general = self._general_question(tokens) and not self._has_reading(tokens)
        note = ""
        # "she's fine now" puts the story in the past; it is not a word of the present
        present = self._without_denied_now(_without_recovered_now(tokens if told is None else told))
        past = (dated and not self._has_reading(tokens)
                and not self._present(present, self._present_words, check_negation=False))
        history = self._told_as_history(tokens)
        for category in self.categories:
            if general and not category.always_alarm:
                continue
            if history and (category.past_may_suppress or category.history_may_suppress):
                continue  # "last month he had a fever but he is fine now": only where a past telling may suppress
            if category.reading and self._below_fever(readings) and not self._present(tokens, category.fever_terms):
                # "she is 37.2 today, no fever, playing": the number says it is
                # not a fever. A word for fever ("fever 37.8") still alarms:
                # teams draw the line in different places.
                continue
            fired = self._present(tokens, category.alone)
            suppressed = past and category.past_may_suppress
            if not fired and category.terms and not suppressed and self._present(tokens, category.terms):
                fired = (bool(category.with_) and self._present(tokens, category.with_, check_negation=False)) or (
                    category.reading and self._has_reading(tokens)
                )
            if not fired and category.reading and not suppressed and self._temperature(readings) and \
                    self._present(tokens, category.with_, check_negation=False):
                # a temperature with no word for it, during treatment: "40.1 and shaking, on chemo"
                fired = True
            if fired and not literal and self._figurative(tokens, category):
                note = note or category.note
                continue
            if fired:
                return Screening(category.name, category.first, category.after, category.first_es, category.after_es)
        return Screening(note=note)

    def _figurative(self, tokens: Sequence[str], category: Category) -> bool:
        """True when the category fired only on phrases that here read as a
        feeling: a figurative phrase in the first person ("i cant breathe"), a
        feeling cue, and nothing else of the category once those are taken
        out ("my son cant breathe" still fires)."""
        if not category.figurative or not self._present(tokens, category.feeling_cues, check_negation=False):
            return False
        if self._present(tokens, category.not_with, check_negation=False):
            return False  # treatment or symptom words: the person may be the patient
        rest = list(tokens)
        found = False
        for phrase in category.figurative:
            for start in self._find(rest, phrase):
                rest[start:start + len(phrase)] = ["_"] * len(phrase)
                found = True
        return found and not self._present(rest, category.alone)

    def names_fever(self, text: str) -> bool:
        """Does the message speak of a fever or a temperature ("what if she gets a fever?")?"""
        tokens = words(text or "")
        return any(self._present(tokens, c.terms, check_negation=False) for c in self.categories if c.reading)

    def asks_urgent_info(self, text: str) -> bool:
        """Does the message ask, in words, when to seek urgent care?"""
        tokens = words(text or "")
        return has_phrase(tokens, self._urgent_info_cues)

    def keeps_urgency(self, text: str) -> bool:
        """After an urgent message: does this one ask about waiting or
        treating at home first ("can I give paracetamol and wait?")?"""
        tokens = words(text or "")
        return has_phrase(tokens, self._followup_cues)

    def asks_what_to_tell(self, text: str) -> bool:
        """During an emergency: does this ask what to tell or bring to the
        people giving care ("ok they are coming. what do i tell them")?"""
        return has_phrase(words(text or ""), self._responder_cues)

    def decision(self, text: str, intent: "Optional[str] | Sequence[str]") -> Optional[str]:
        """The care-team decision a message asks for, or None.

        The classifier's intent counts only with one of that decision's cue
        words (a personal word too, for a personal outlook); a strong phrase
        ("missed a dose") counts alone."""
        tokens = words(text or "")
        if self._amount_decisions and _AMOUNT.search(text or ""):
            return self._amount_decisions[0]
        for name, (cues, strong, personal) in self._decision_cues.items():
            if has_phrase(tokens, strong) and not has_phrase(tokens, self._decision_not_with[name]):
                return name
        for name in ([intent] if isinstance(intent, str) or intent is None else intent):
            if name in self._decision_cues:
                if name in self._asked_only and not has_question(text or ""):
                    continue  # "hola, mi hijo tiene leucemia" tells; it does not ask
                cues, _, personal = self._decision_cues[name]
                if has_phrase(tokens, cues) and (not personal or set(tokens) & self.personal) \
                        and not has_phrase(tokens, self._decision_not_with[name]) \
                        and not has_phrase(tokens, self._decision_not_with_cues[name]):
                    return name
        return None

    def decision_reply(self, intent: str) -> Optional[Dict]:
        """Kind words and passages to offer for a decision that belongs to the care team."""
        spec = self.decisions.get(intent)
        if spec is None:
            return None
        return {"text": self.fill(spec["text"]), "offer": list(spec["offer"])}


@lru_cache(maxsize=2)
def load_safety(path: Path = SAFETY_FILE) -> SafetyScreen:
    with open(path, encoding="utf-8") as handle:
        return SafetyScreen(yaml.safe_load(handle))
