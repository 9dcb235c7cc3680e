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

DEFAULT_MAX_CHARS = 20000
MAX_SENDER_CHARS = 128
_SENDER = re.compile(r"^[A-Za-z0-9._:@-]+$")


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


def parse_json_body(body: bytes, max_body_bytes: int) -> Dict[str, Any]:
    """The request body as a JSON object, or BadRequest."""
    if len(body) > max_body_bytes:
        raise BadRequest(413, "The request is too large.")
    try:
        decoded = body.decode("utf-8")
    except UnicodeDecodeError:
        raise BadRequest(400, "The request body is not valid UTF-8.")
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
    if len(sender) > MAX_SENDER_CHARS or not _SENDER.match(sender):
        raise BadRequest(400, "'sender' may hold only letters, digits and . _ : @ - (128 at most).")
    return sender


def check_text(text: Any, max_chars: int) -> str:
    if not isinstance(text, str):
        raise BadRequest(400, "'message' must be a string.")
    if not text.strip():
        raise BadRequest(400, "'message' is empty. Please type a question.")
    if len(text) > max_chars:
        raise BadRequest(413, f"'message' is longer than {max_chars} characters.")
    text = text.replace("\x00", "")
    # Identifiers never reach Rasa, its logs or the tracker store.
    return mask_identifiers(as_plain_text(text, domain_intents(), load_knowledge()))


def parse_message(data: Dict[str, Any], max_chars: int) -> Incoming:
    """Sender and text from a {"sender": ..., "message": ...} object."""
    return Incoming(sender=check_sender(data.get("sender")), text=check_text(data.get("message"), max_chars))


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
