"""Recognises messages that are not in English, so the assistant can say it
answers in English (in that language where it can). A heuristic: writing
system first, then common words for Latin-script languages."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Dict, Optional

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


class LanguageGuard:
    def __init__(self, raw: Dict) -> None:
        self.english = " ".join(raw["english"].split())
        self.notes: Dict[str, str] = raw["notes"]
        self.stopwords = {lang: set(words) for lang, words in raw["stopwords"].items()}

    def detect(self, text: str) -> Optional[str]:
        """A language code when the message is clearly not English, else None."""
        letters = _LETTER.findall(text or "")
        if not letters:
            return None
        for code, pattern in _SCRIPTS:
            if len(pattern.findall(text)) / len(letters) > 0.3:
                return code
        tokens = [w.lower() for w in _WORD.findall(text)]
        distinct = set(tokens)
        counts = {lang: len(distinct & words) for lang, words in self.stopwords.items()}
        if _SPANISH_MARKS.search(text):
            counts["es"] += 2  # ¿ ¡ ñ are Spanish whatever the words
        english = counts.pop("en")
        lang, best = max(counts.items(), key=lambda item: item[1])
        if best >= 2 and best > english:
            return lang
        return None

    def reply(self, code: str) -> str:
        note = self.notes.get(code)
        return f"{note}\n\n{self.english}" if note else self.english


@lru_cache(maxsize=2)
def load_language_guard(path: Path = LANGUAGES_FILE) -> LanguageGuard:
    with open(path, encoding="utf-8") as handle:
        return LanguageGuard(yaml.safe_load(handle))
