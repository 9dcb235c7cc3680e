"""The project's REST channel at /webhooks/rest/webhook.

Unlike Rasa's stock channel it refuses malformed requests with a clear 4xx,
never shares one conversation between sender-less requests, keeps its
conversations apart from the other channels' ("rest:<sender>"), refuses
senders that look like personal identifiers, caps message length before NLU,
never logs message text, and returns each answer as one object with its
passage id under "custom". Development and tests only: production turns it off."""
from __future__ import annotations

from typing import Any, Awaitable, Callable, Dict, Optional, Text

from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.channel import CollectingOutputChannel, InputChannel, UserMessage

from channels.identity import conversation_id
from channels.inputs import DEFAULT_MAX_CHARS, BadRequest, channel_blueprint, error_body, parse_json_body, parse_message
from channels.recovery import only_opening
from channels.turns import http_reply, run_turn


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
            conversation = conversation_id(self.name(), incoming.sender)
            message = UserMessage(incoming.text, collector, conversation, input_channel=self.name())
            outcome = await run_turn(on_new_message, message, getattr(request.app.ctx, "agent", None),
                                     lambda: not only_opening(collector.messages))
            body, status, headers = http_reply(outcome, collector.messages, incoming.sender)
            return response.json(body, status=status, headers=headers)

        return hook
