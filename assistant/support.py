"""Feelings: recognises fear, sadness, guilt, overwhelm, loneliness and anger
in a message and words the reply from content/support.yml (not from the
article): a warm acknowledgement, where to find support, an offer to explain."""
from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

import yaml

from assistant.safety import has_phrase, phrases, words
from assistant.vocabulary import CONTENT_DIR

SUPPORT_FILE = CONTENT_DIR / "support.yml"
GENERAL = "general"


@dataclass(frozen=True)
class Feeling:
    name: str
    cues: Tuple[Tuple[str, ...], ...]
    acknowledge: str
    facts: Optional[str] = None  # passage id with the article's facts (guilt)
    facts_family: Tuple[str, ...] = ()  # passages on causes that answer a guilt question before the facts


class Support:
    def __init__(self, raw: Dict) -> None:
        self.feelings: Dict[str, Feeling] = {
            name: Feeling(
                name=name,
                cues=phrases(spec.get("cues", [])),
                acknowledge=" ".join(spec["acknowledge"].split()),
                facts=spec.get("facts"),
                facts_family=tuple(spec.get("facts_family") or ()),
            )
            for name, spec in raw["feelings"].items()
        }
        self.support = " ".join(raw["support"].split())
        self.fillers = frozenset(w for phrase in phrases(raw.get("fillers", [])) for w in phrase)
        self.offer = raw["offer"]
        self.offer_passages: List[str] = list(raw["offer_passages"])

    def detect(self, text: str) -> Optional[str]:
        """The feeling a message shares, guilt first; None when there is none."""
        tokens = words(text)
        plain = tuple(t for t in tokens if t not in self.fillers)
        # "im kind of mad" is "im mad": read without the softening words too
        for reading in (tokens, plain) if plain != tokens else (tokens,):
            for feeling in self.feelings.values():
                if has_phrase(reading, feeling.cues):
                    return feeling.name
        return None

    def feeling(self, name: Optional[str]) -> Feeling:
        return self.feelings.get(name or GENERAL, self.feelings[GENERAL])


@lru_cache(maxsize=2)
def load_support(path: Path = SUPPORT_FILE) -> Support:
    with open(path, encoding="utf-8") as handle:
        return Support(yaml.safe_load(handle))
