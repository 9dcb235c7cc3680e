"""Recognises messages that are not in English, so the assistant can say it
answers in English (in that language where it can). A heuristic: writing
system first, then common words for Latin-script languages."""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional

import yaml

from assistant.vocabulary import CONTENT_DIR

LANGUAGES_FILE = CONTENT_DIR / "languages.yml"

_SCRIPTS = [
    ("ko", re.compile(r"[\uac00-\ud7af]")),
    ("ja", re.compile(r"[\u3040-\u30ff]")),
    ("zh", re.compile(r"[\u4e00-\u9fff]")),
    ("ar", re.compile(r"[\u0600-\u06ff]")),
    ("ru", re.compile(r"[\u0400-\u04ff]")),
    ("hi", re.compile(r"[\u0900-\u097f]")),
]
_LETTER = re.compile(r"[^\W\d_]", re.UNICODE)
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_SPANISH_MARKS = re.compile(r"[¿¡ñÑ]")
# a letter held for effect: "holaaa", "siii"
_ELONGATED = re.compile(r"(\w)\1{2,}|([aiou])\2$")
# Languages the assistant answers in (others get the note).
ANSWERED = ("en", "es")


def _plain_words(text: str) -> List[str]:
    plain = "".join(c for c in unicodedata.normalize("NFKD", (text or "").lower()) if not unicodedata.combining(c))
    return _WORD.findall(plain)


class LanguageGuard:
    def __init__(self, raw: Dict) -> None:
        self.english = " ".join(raw["english"].split())
        self.notes: Dict[str, str] = raw["notes"]
        self.stopwords = {lang: set(words) for lang, words in raw["stopwords"].items()}
        self.mixing = {lang: set(words) for lang, words in (raw.get("mixing") or {}).items()}
        # words that alone say the language ("hola", "buenas"), like ¿ and ñ
        self.greetings = {lang: set(words) for lang, words in (raw.get("greetings") or {}).items()}
        self.switch: Dict[str, List[str]] = {code: [" ".join(_plain_words(c)) for c in cues]
                                             for code, cues in raw["switch"].items()}

    def detect(self, text: str) -> Optional[str]:
        """A language code when the message is clearly not English, else None.
        Quoted report text does not count: "el reporte dice 'blasts with fine
        chromatin'. me lo explicas?" is Spanish around English terms."""
        own = _without_quotes(text or "")
        if len(_WORD.findall(own)) >= 3:
            text = own
        letters = _LETTER.findall(text or "")
        if not letters:
            return None
        for code, pattern in _SCRIPTS:
            if len(pattern.findall(text)) / len(letters) > 0.3:
                return code
        tokens = [_ELONGATED.sub(lambda m: m.group(1) or m.group(2), w.lower()) for w in _WORD.findall(text)]  # "holaaa" is "hola"
        distinct = set(tokens)
        counts = {lang: len(distinct & words) for lang, words in self.stopwords.items()}
        if _SPANISH_MARKS.search(text):
            counts["es"] += 2  # ¿ ¡ ñ are Spanish whatever the words
        for lang, words in self.greetings.items():
            if distinct & words:
                counts[lang] += 2
        english = counts.pop("en")
        lang, best = max(counts.items(), key=lambda item: item[1])
        if counts.get("es", 0) >= best:
            lang = "es"  # a tie with French or Portuguese ("que", "le") is Spanish: the language the assistant answers
        if best >= 2 and best > english:
            return lang
        return None

    def is_english(self, text: str) -> bool:
        """Clearly English: two English common words or more, and more than
        any other language has."""
        tokens = {w.lower() for w in _WORD.findall(text or "")}
        counts = {lang: len(tokens & words) for lang, words in self.stopwords.items()}
        english = counts.pop("en")
        return english >= 2 and english > max(counts.values())

    def mixes_in(self, text: str, code: str) -> bool:
        """Two common words or more of that language ("cuanto dura el
        tratamiento? she works"), whatever the rest is."""
        tokens = {w.lower() for w in _WORD.findall(text or "")}
        return len(tokens & (self.stopwords.get(code, set()) | self.mixing.get(code, set()))) >= 2

    def requested(self, text: str) -> Optional[str]:
        """The language a person asks for ("en español por favor", "in English
        please"), not one they mention ("los doctores hablan en inglés", "how
        do you say fever in Spanish?"): a bare "in English" / "en español"
        counts only as the whole message."""
        words = _plain_words(text)
        plain = " " + " ".join(words) + " "
        for code, cues in self.switch.items():
            for cue in cues:
                if f" {cue} " in plain and (len(cue.split()) > 2 or len(words) <= 3):
                    return code
        return None

    def choose(self, text: str, remembered: Optional[str], default: str = "en") -> str:
        """The reply language: asked for, else the message's own when it is
        clearly Spanish or English, else the conversation's (a report pasted
        alone, "ok", "CD19?"), else `default` (the portal's `lang` claim)."""
        asked = self.requested(text)
        if asked:
            return asked
        if self.detect(text) == "es":
            return "es"
        if self.is_english(text):
            return "en"
        return remembered if remembered in ANSWERED else default

    def reply(self, code: str) -> str:
        note = self.notes.get(code)
        return f"{note}\n\n{self.english}" if note else self.english


@lru_cache(maxsize=2)
def load_language_guard(path: Path = LANGUAGES_FILE) -> LanguageGuard:
    with open(path, encoding="utf-8") as handle:
        return LanguageGuard(yaml.safe_load(handle))


# Spanish as some people type it (phonetic, texting): read in the usual
# spelling before ranking and matching cues. Lower-case words only, never a
# word with a digit (report notation such as "kmt2a" stays as it is).
_SPELLINGS = {"i": "y", "ke": "que", "q": "que", "xq": "porque", "pq": "porque", "tmb": "también", "tb": "también",
              "ijo": "hijo", "ija": "hija", "ijos": "hijos", "ba": "va", "aser": "hacer", "ase": "hace",
              "ueso": "hueso", "uesos": "huesos", "leusemia": "leucemia", "lleucemia": "leucemia",
              "porfa": "por favor", "xfa": "por favor", "ora": "ahora", "tienpo": "tiempo", "anios": "años",
              "ago": "hago", "ok": "ok", "okey": "okey", "okay": "okay", "k": "k", "kk": "kk", "kids": "kids",
              "kid": "kid", "know": "know", "like": "like", "make": "make", "take": "take", "okis": "okis"}
_K_BEFORE_E_I = re.compile(r"k(?=[ei])")
# A quoted stretch (report text pasted inside a message): one pass, no nested
# repetition, so a long message with a lone apostrophe stays linear.
_QUOTED = re.compile("'([^'\\n]{1,500})'|\"([^\"\\n]{1,500})\"|\u201c([^\u201d]{1,500})\u201d|"
                     "\u00ab([^\u00bb]{1,500})\u00bb|\u2018([^\u2019]{1,500})\u2019")


def _without_quotes(text: str) -> str:
    """The text with quoted stretches of three words or more left out."""
    def drop(match: "re.Match[str]") -> str:
        quoted = next(g for g in match.groups() if g is not None)
        return " " if len(quoted.split()) >= 3 else match.group(0)
    return _QUOTED.sub(drop, text)


_K = re.compile(r"k")
_LOWER_WORD = re.compile(r"\b[a-zñáéíóú]+\b")


def spanish_spelling(text: str) -> str:
    """"mi ijo tiene kalentura i esta en kimio ke ago" -> "mi hijo tiene
    calentura i esta en quimio que hago"."""
    def fix(match: "re.Match[str]") -> str:
        word = match.group(0)
        if word in _SPELLINGS:
            return _SPELLINGS[word]
        if "k" in word:
            return _K.sub("c", _K_BEFORE_E_I.sub("qu", word))
        return word
    return _LOWER_WORD.sub(fix, text or "")
