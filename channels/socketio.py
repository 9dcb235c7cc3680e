"""The project's socket.io channel for the web widget, at /socket.io.

Rasa 3.6's own channel does not await `enter_room` (so with a current
python-socketio a widget never gets replies) and allows every origin. This
one awaits it, accepts connections only from configured origins, checks each
message like the REST channel does (length cap, button payloads), never
trusts client-sent metadata (customData), and sends each answer as one
message with its passage id under "metadata"."""
from __future__ import annotations

import inspect
import logging
import os
import re
import uuid
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from channels.inputs import DEFAULT_MAX_CHARS, BadRequest, check_text
from channels.recovery import SILENT, UNAVAILABLE, UNSTORED, after_turn, trouble_message

logger = logging.getLogger(__name__)
_SESSION_ID = re.compile(r"^[A-Za-z0-9_-]{8,64}$")
DEFAULT_ORIGINS = "http://localhost:8080,http://127.0.0.1:8080"


def allowed_origins(configured: Optional[Any]) -> List[str]:
    """Origins from WIDGET_ORIGINS (comma-separated) or credentials.yml."""
    raw = os.environ.get("WIDGET_ORIGINS") or configured or DEFAULT_ORIGINS
    items = raw.split(",") if isinstance(raw, str) else list(raw)
    return [o.strip().rstrip("/") for o in items if o.strip()]


class WidgetOutput(OutputChannel):
    """Emits one socket.io message per bot utterance: text, quick replies and
    the answer's metadata together."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def __init__(self, sio: AsyncServer, bot_message_evt: Text) -> None:
        self.sio = sio
        self.bot_message_evt = bot_message_evt
        self.sent = 0  # answers emitted (not counting the opening note): silence can be told apart

    async def send_response(self, recipient_id: Text, message: Dict[Text, Any]) -> None:
        out: Dict[str, Any] = {}
        if message.get("text"):
            out["text"] = message["text"]
        buttons = message.get("buttons") or message.get("quick_replies")
        if buttons:
            out["quick_replies"] = [
                {"content_type": "text", "title": b["title"], "payload": b["payload"]} for b in buttons
            ]
        if message.get("custom"):
            out["metadata"] = message["custom"]
        if out:
            if (out.get("metadata") or {}).get("answer_kind") != "disclaimer":
                self.sent += 1
            await self.sio.emit(self.bot_message_evt, out, room=recipient_id)

    async def send_text_message(self, recipient_id: Text, text: Text, **kwargs: Any) -> None:
        await self.send_response(recipient_id, {"text": text})


class WidgetInput(InputChannel):
    """socket.io channel with origin checks and input checks."""

    @classmethod
    def name(cls) -> Text:
        return "socketio"

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> "WidgetInput":
        credentials = credentials or {}
        return cls(
            user_message_evt=credentials.get("user_message_evt", "user_uttered"),
            bot_message_evt=credentials.get("bot_message_evt", "bot_uttered"),
            origins=allowed_origins(credentials.get("allowed_origins")),
            max_message_chars=int(credentials.get("max_message_chars", DEFAULT_MAX_CHARS)),
        )

    def __init__(self, user_message_evt: str = "user_uttered", bot_message_evt: str = "bot_uttered",
                 origins: Optional[List[str]] = None, max_message_chars: int = DEFAULT_MAX_CHARS) -> None:
        self.user_message_evt = user_message_evt
        self.bot_message_evt = bot_message_evt
        self.origins = origins if origins is not None else allowed_origins(None)
        self.max_message_chars = max_message_chars
        self.sio: Optional[AsyncServer] = None

    def get_output_channel(self) -> Optional[OutputChannel]:
        return WidgetOutput(self.sio, self.bot_message_evt) if self.sio else None

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        sio = AsyncServer(
            async_mode="sanic",
            cors_allowed_origins=self.origins,
            max_http_buffer_size=self.max_message_chars * 6 + 4096,
        )
        self.sio = sio
        hook = SocketBlueprint(sio, "/socket.io", "widget_socketio", __name__)
        app_holder: Dict[str, Any] = {}

        @hook.listener("before_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            app_holder["app"] = app

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("session_request")
        async def session_request(sid: Text, data: Any) -> None:
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if isinstance(requested, str) and _SESSION_ID.match(requested) else uuid.uuid4().hex
            entered = sio.enter_room(sid, session_id)
            if inspect.isawaitable(entered):
                await entered
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: Text, data: Any) -> None:
            output = WidgetOutput(sio, self.bot_message_evt)
            session_id = data.get("session_id") if isinstance(data, dict) else None
            if not isinstance(session_id, str) or not _SESSION_ID.match(session_id):
                await sio.emit(self.bot_message_evt, {"text": "Please reload the page to start a new chat."}, room=sid)
                return
            try:
                text = check_text(data.get("message"), self.max_message_chars)
            except BadRequest as error:
                await sio.emit(self.bot_message_evt, {"text": error.message, "metadata": {"answer_kind": "bad_input"}},
                               room=session_id)
                return
            app = app_holder.get("app")
            agent = getattr(app.ctx, "agent", None) if app else None
            try:
                # Client-sent metadata (the widget's customData) is never trusted.
                await on_new_message(UserMessage(text, output, session_id, input_channel=self.name()))
            except Exception as error:  # the log names the error, never the text
                logger.error("socketio: message handling failed: %s", type(error).__name__)
            outcome = await after_turn(agent, session_id, output.sent > 0)
            if outcome == UNSTORED:
                await sio.emit(self.bot_message_evt, {"text": UNAVAILABLE, "metadata": {"answer_kind": "unavailable"}},
                               room=session_id)
            elif outcome == SILENT:
                trouble = trouble_message(session_id)
                await sio.emit(self.bot_message_evt, {"text": trouble["text"], "metadata": trouble["custom"]},
                               room=session_id)

        return hook
