"""Checks shared by the project's channels: turning a raw request body into a
sender and a message, or a clear client error."""
from __future__ import annotations

import inspect
import json
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Dict, FrozenSet, Tuple

import yaml
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from assistant.knowledge import load_knowledge
from assistant.masking import mask_identifiers
from assistant.payloads import as_plain_text
from channels.identity import identifier_reason

DEFAULT_MAX_CHARS = 20000
MAX_SENDER_CHARS = 128
MAX_JSON_DEPTH = 32
_SENDER = re.compile(r"^[A-Za-z0-9._:-]+\Z")
# Control characters (but tab and line breaks), lone surrogates,
# non-characters and invisible format marks (zero-width spaces, byte-order
# mark, direction overrides): unseen, and some of them break NLU or storage.
_INVISIBLE = re.compile(
    r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\xad\u200b-\u200f\u202a-\u202e\u2060-\u2064\ud800-\udfff\ufeff\ufffe\uffff]")


class BadRequest(Exception):
    """A request the channel refuses, with its HTTP status and a message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True)
class Incoming:
    sender: str
    text: str


@lru_cache(maxsize=1)
def domain_intents(path: str = "domain.yml") -> FrozenSet[str]:
    """Intents a button payload may name."""
    with open(Path(path), encoding="utf-8") as handle:
        return frozenset(yaml.safe_load(handle)["intents"])


def json_depth(text: str) -> int:
    """How deeply arrays and objects nest in a JSON text (strings skipped),
    read without parsing it: a parser would recurse once per level."""
    if text.count("[") + text.count("{") <= MAX_JSON_DEPTH:
        return 0
    depth = deepest = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > deepest:
                deepest = depth
                if deepest > MAX_JSON_DEPTH:
                    return deepest
        elif char in "]}":
            depth -= 1
    return deepest


def parse_json_body(body: bytes, max_body_bytes: int) -> Dict[str, Any]:
    """The request body as a JSON object, or BadRequest."""
    if len(body) > max_body_bytes:
        raise BadRequest(413, "The request is too large.")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "The request body is not valid UTF-8.")
    if json_depth(decoded) > MAX_JSON_DEPTH:
        raise BadRequest(400, f"The request body nests arrays or objects more than {MAX_JSON_DEPTH} levels deep.")
    try:
        data = json.loads(decoded)
    except ValueError:
        raise BadRequest(400, "The request body is not valid JSON.")
    if not isinstance(data, dict):
        raise BadRequest(400, "The request body must be a JSON object.")
    return data


def check_sender(sender: Any) -> str:
    if not isinstance(sender, str) or not sender.strip():
        raise BadRequest(400, "'sender' must be a non-empty string naming the conversation.")
    reason = identifier_reason(sender[:MAX_SENDER_CHARS])
    if reason:
        raise BadRequest(400, f"'sender' must be a random conversation id, not a personal identifier: {reason}.")
    if len(sender) > MAX_SENDER_CHARS or not _SENDER.match(sender):
        raise BadRequest(400, "'sender' may hold only letters, digits and . _ : - (128 at most).")
    return sender


def check_text(text: Any, max_chars: int) -> str:
    if not isinstance(text, str):
        raise BadRequest(400, "'message' must be a string.")
    if len(text) > max_chars:
        raise BadRequest(413, f"'message' is longer than {max_chars} characters.")
    text = _INVISIBLE.sub("", text)
    if not text.strip():
        raise BadRequest(400, "'message' is empty. Please type a question.")
    # Identifiers never reach Rasa, its logs or the tracker store.
    return mask_identifiers(as_plain_text(text, domain_intents(), load_knowledge()))


def parse_message(data: Dict[str, Any], max_chars: int) -> Incoming:
    """Sender and text from a {"sender": ..., "message": ...} object."""
    return Incoming(sender=check_sender(data.get("sender")), text=check_text(data.get("message"), max_chars))


def client_ip(request: Request) -> str:
    """The caller's address (behind a proxy, as Sanic's forwarding settings allow)."""
    return request.remote_addr or request.ip or "unknown"


def error_body(error: BadRequest) -> Tuple[Dict[str, Any], int]:
    return {"error": error.message, "status": error.status}, error.status


def channel_blueprint(channel: Any) -> Blueprint:
    """A blueprint for one of the project's channels, with its liveness
    route at GET / (e.g. /webhooks/rest/)."""
    module = inspect.getmodule(channel)
    hook = Blueprint(f"{channel.name()}_{id(channel)}", module.__name__ if module else None)

    @hook.route("/", methods=["GET"])
    async def alive(_: Request) -> HTTPResponse:
        return response.json({"status": "ok"})

    return hook
