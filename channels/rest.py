"""The project's REST channel at /webhooks/rest/webhook.

Unlike Rasa's stock channel it refuses malformed requests with a clear 4xx,
never shares one conversation between sender-less requests, caps message
length before NLU, never logs message text, and returns each answer as one
object with its passage id under "custom"."""
from __future__ import annotations

import asyncio
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage

from channels.inputs import DEFAULT_MAX_CHARS, BadRequest, channel_blueprint, error_body, parse_json_body, parse_message
from channels.recovery import SILENT, UNAVAILABLE, UNSTORED, after_turn, only_opening, trouble_message

logger = logging.getLogger(__name__)


class MergingOutputChannel(CollectingOutputChannel):
    """Collects bot messages, keeping text, buttons and custom data of one
    bot utterance together in one object."""

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        merged = self._message(
            recipient_id,
            text=message.get("text"),
            image=message.get("image"),
            buttons=message.get("buttons") or message.get("quick_replies"),
            attachment=message.get("attachment"),
            custom=message.get("custom"),
        )
        if len(merged) > 1:
            await self._persist_message(merged)


class PatientRestInput(InputChannel):
    """REST channel with input checks."""

    @classmethod
    def name(cls) -> Text:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "PatientRestInput":
        credentials = credentials or {}
        return cls(int(credentials.get("max_message_chars", DEFAULT_MAX_CHARS)))

    def __init__(self, max_message_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.max_message_chars = max_message_chars
        # JSON escaping can grow text up to 6x ("\\uXXXX"); allow for it.
        self.max_body_bytes = max_message_chars * 6 + 4096

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        hook = channel_blueprint(self)

        @hook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            try:
                data = parse_json_body(request.body or b"", self.max_body_bytes)
                incoming = parse_message(data, self.max_message_chars)
            except BadRequest as error:
                body, status = error_body(error)
                return response.json(body, status=status)
            collector = MergingOutputChannel()
            try:
                await on_new_message(
                    UserMessage(incoming.text, collector, incoming.sender, input_channel=self.name())
                )
            except asyncio.CancelledError:
                logger.error("rest: message handling was cancelled (sender %s)", incoming.sender)
            except Exception as error:  # never a 500 for the person; the log names the error, not the text
                logger.error("rest: message handling failed (sender %s): %s", incoming.sender, type(error).__name__)
            messages: List[Dict[str, Any]] = collector.messages
            outcome = await after_turn(getattr(request.app.ctx, "agent", None), incoming.sender, not only_opening(messages))
            if outcome == UNSTORED:
                return response.json({"error": UNAVAILABLE, "status": 503}, status=503, headers={"Retry-After": "5"})
            if outcome == SILENT:
                messages = messages + [trouble_message(incoming.sender)]
            return response.json(messages)

        return hook
