"""Conversation ids: which conversation a request may read or change.

Every channel stores its conversations under its own prefix
(`conversation_id("portal", sub)` is "portal:<sub>"), so no client of one
channel can name a conversation of another. Ids that look like personal
identifiers (an e-mail, a date, a number of digits only such as a phone or
record number) are refused, because a conversation id is stored as it is;
portal subjects must also be random (`subject_problem`). Logs name a conversation by a
short hash (`log_id`), never by its id.

The widget's sessions are issued by the server and signed (`SessionSigner`):
a client can resume a session it was given, never pick another one.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import math
import os
import re
import secrets
from collections import Counter
from typing import Optional

from assistant.masking import looks_like_date

logger = logging.getLogger(__name__)

MIN_SUBJECT_BITS = 96
_DIGITS_ONLY = re.compile(r"^[\d\s()+._:-]+$")
_SESSION = re.compile(r"^([0-9a-f]{32})([0-9a-f]{16})$")


def conversation_id(channel: str, raw: str) -> str:
    """The stored id of `raw` on `channel`: one namespace per channel."""
    return f"{channel}:{raw}"


def log_id(conversation: str) -> str:
    """A short, stable stand-in for a conversation id in log lines."""
    return hashlib.sha256(conversation.encode("utf-8")).hexdigest()[:10]


def identifier_reason(raw: str) -> Optional[str]:
    """Why `raw` looks like a personal identifier, or None."""
    if "@" in raw:
        return "it looks like an e-mail address"
    if _DIGITS_ONLY.match(raw) and sum(c.isdigit() for c in raw) >= 5:
        return "it looks like a phone or record number"
    if looks_like_date(raw):
        return "it looks like a date"
    # Random ids are codes of letters and digits by nature, so the masking's
    # record and name rules do not apply here.
    return None


def estimated_bits(raw: str) -> float:
    """A conservative estimate of the randomness in `raw`: its length times
    the smaller of the alphabet it draws from and its own character spread."""
    if not raw:
        return 0.0
    alphabet = 0
    alphabet += 10 if any(c.isdigit() for c in raw) else 0
    alphabet += 26 if any(c.islower() for c in raw) else 0
    alphabet += 26 if any(c.isupper() for c in raw) else 0
    alphabet += 4 if any(not c.isalnum() for c in raw) else 0
    counts = Counter(raw)
    spread = -sum(n / len(raw) * math.log2(n / len(raw)) for n in counts.values())
    return len(raw) * min(math.log2(max(alphabet, 2)), max(spread, 0.0))


def subject_problem(subject: str) -> Optional[str]:
    """Why a portal token's subject cannot name a conversation, or None."""
    reason = identifier_reason(subject)
    if reason:
        return f"the token's subject must be a pseudonymous id, but {reason}"
    if estimated_bits(subject) < MIN_SUBJECT_BITS:
        return (f"the token's subject must be a random id of at least {MIN_SUBJECT_BITS} bits "
                "(for example 32 hex characters from a secure random source)")
    return None


class SessionSigner:
    """Issues and checks the widget's session ids: 32 random hex characters
    followed by 16 of an HMAC over them. With a shared secret
    (WIDGET_SESSION_SECRET) every replica accepts the sessions of the others
    and sessions survive a restart; without one, a random secret per process."""

    def __init__(self, secret: Optional[str] = None) -> None:
        secret = secret or os.environ.get("WIDGET_SESSION_SECRET")
        if not secret:
            logger.warning("socketio: no WIDGET_SESSION_SECRET; widget sessions last only as long as this process")
            secret = secrets.token_hex(32)
        self._key = secret.encode("utf-8")

    def _signature(self, nonce: str) -> str:
        return hmac.new(self._key, nonce.encode("ascii"), hashlib.sha256).hexdigest()[:16]

    def issue(self) -> str:
        nonce = secrets.token_hex(16)
        return nonce + self._signature(nonce)

    def valid(self, session_id: object) -> bool:
        if not isinstance(session_id, str):
            return False
        match = _SESSION.match(session_id)
        return bool(match) and hmac.compare_digest(match.group(2), self._signature(match.group(1)))
