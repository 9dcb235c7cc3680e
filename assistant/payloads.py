"""Button payloads ("/intent{...}") skip NLU, so they are checked here: only
known intents, with entity values that are canonical ids, are let through."""
from __future__ import annotations

import json
import re
from typing import Iterable, Optional

from assistant.knowledge import KnowledgeBase

_PAYLOAD = re.compile(r"^/(?P<intent>[A-Za-z_][A-Za-z0-9_]*)(?P<entities>\{.*\})?$", re.DOTALL)


def is_valid_payload(text: str, intents: Iterable[str], kb: KnowledgeBase) -> bool:
    """True for a well-formed payload naming a known intent and canonical ids."""
    match = _PAYLOAD.match(text.strip())
    if not match or match.group("intent") not in set(intents):
        return False
    raw = match.group("entities")
    if raw is None:
        return True
    try:
        entities = json.loads(raw)
    except ValueError:
        return False
    if not isinstance(entities, dict):
        return False
    for kind, value in entities.items():
        if not isinstance(value, str):
            return False
        if kind == "passage":
            if value not in kb.passages:
                return False
        elif not kb.vocabulary.is_canonical(value, kind):
            return False
    return True


def as_plain_text(text: str, intents: Iterable[str], kb: KnowledgeBase) -> str:
    """The text to hand to Rasa: valid payloads unchanged; anything else that
    starts with '/' loses its leading slashes so Rasa reads it as plain text."""
    stripped = text.strip()
    if not stripped.startswith("/") or is_valid_payload(stripped, intents, kb):
        return text
    plain = stripped.lstrip("/").strip()
    return plain or "?"


def payload_passage(entities: Optional[dict]) -> Optional[str]:
    return (entities or {}).get("passage")
