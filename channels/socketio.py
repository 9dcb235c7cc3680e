"""The project's socket.io channel for the web widget, at /socket.io.

Rasa 3.6's own channel does not await `enter_room` (so with a current
python-socketio a widget never gets replies), allows every origin, and
trusts the session id the client sends with each message. This one awaits
it, accepts connections only from configured origins, binds each socket to
one server-issued session when `session_request` arrives (a client can
resume its own session, never name another: see `channels.identity`), limits
messages per connection and per address, checks each message like the REST
channel does (length cap, button payloads), never trusts client-sent
metadata (customData) but the language switch's choice, and sends each answer as one message with its passage
id under "metadata". Conversations are stored as "socketio:<session>"."""
from __future__ import annotations

import inspect
import logging
import os
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text, Tuple

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from assistant.language import ANSWERED
from channels.identity import SessionSigner, conversation_id
from channels.inputs import DEFAULT_MAX_CHARS, BadRequest, check_text, client_ip
from channels.rate_limit import RateLimiter
from channels.recovery import SILENT, UNAVAILABLE, UNSTORED, trouble_message
from channels.turns import run_turn

logger = logging.getLogger(__name__)
RATE_LIMITED = "You are sending messages faster than I can answer. Please wait a minute, then try again."
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
    """socket.io channel with origin checks, server-issued sessions, rate
    limits and input checks."""

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
            limits=WidgetLimits.from_settings(credentials),
            session_secret=credentials.get("session_secret"),
        )

    def __init__(self, user_message_evt: str = "user_uttered", bot_message_evt: str = "bot_uttered",
                 origins: Optional[List[str]] = None, max_message_chars: int = DEFAULT_MAX_CHARS,
                 limits: Optional["WidgetLimits"] = None, session_secret: Optional[str] = None) -> None:
        self.user_message_evt = user_message_evt
        self.bot_message_evt = bot_message_evt
        self.origins = origins if origins is not None else allowed_origins(None)
        self.max_message_chars = max_message_chars
        self.limits = limits or WidgetLimits.from_settings({})
        self.sessions = SessionSigner(session_secret)
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
        per_connection, per_address = self.limits.limiters()

        async def say(room: str, text: str, kind: str) -> None:
            await sio.emit(self.bot_message_evt, {"text": text, "metadata": {"answer_kind": kind}}, room=room)

        @hook.listener("before_server_start")
        async def remember_app(app: Any, _: Any) -> None:
            app_holder["app"] = app

        @hook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @sio.on("connect")
        async def connect(sid: Text, environ: Dict[str, Any], auth: Any = None) -> None:
            request = environ.get("sanic.request") if isinstance(environ, dict) else None
            address = client_ip(request) if request is not None else environ.get("REMOTE_ADDR")
            await sio.save_session(sid, {"address": address or "unknown"})

        @sio.on("session_request")
        async def session_request(sid: Text, *args: Any) -> None:
            data = args[0] if args else None  # a client may send no data, or several arguments
            # The session is bound to this socket here, once: a session id the
            # client sends is honoured only if this server issued it.
            state = await sio.get_session(sid)
            if not await per_connection.allow(sid):
                return  # session requests count against the connection's limit too
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = requested if self.sessions.valid(requested) else self.sessions.issue()
            if state.get("conversation"):  # a new session on this socket: the old room is left
                left = sio.leave_room(sid, state["conversation"])
                if inspect.isawaitable(left):
                    await left
            state["conversation"] = conversation_id(self.name(), session_id)
            await sio.save_session(sid, state)
            entered = sio.enter_room(sid, state["conversation"])
            if inspect.isawaitable(entered):
                await entered
            await sio.emit("session_confirm", session_id, room=sid)

        @sio.on(self.user_message_evt)
        async def handle_message(sid: Text, *args: Any) -> None:
            data = args[0] if args else None  # a client may send no data, or several arguments
            state = await sio.get_session(sid)
            conversation = state.get("conversation")
            if not conversation:  # no session_request yet: never a client-named room
                await sio.emit(self.bot_message_evt, {"text": "Please reload the page to start a new chat."}, room=sid)
                return
            if not (await per_connection.allow(sid) and await per_address.allow(state.get("address", "unknown"))):
                await sio.emit(self.bot_message_evt, {"text": RATE_LIMITED, "metadata": {"answer_kind": "rate_limited"}},
                               room=sid)
                return
            try:
                text = check_text(data.get("message") if isinstance(data, dict) else None, self.max_message_chars)
            except BadRequest as error:
                await say(conversation, error.message, "bad_input")
                return
            app = app_holder.get("app")
            agent = getattr(app.ctx, "agent", None) if app else None
            output = WidgetOutput(sio, self.bot_message_evt)
            # Client-sent metadata (the widget's customData) is never trusted,
            # except the language switch's choice, read as one of two words.
            message = UserMessage(text, output, conversation, input_channel=self.name(),
                                  metadata=_language_choice(data))
            outcome = await run_turn(on_new_message, message, agent, lambda: output.sent > 0)
            if outcome == UNSTORED:
                await say(conversation, UNAVAILABLE, "unavailable")
            elif outcome == SILENT:
                await say(conversation, trouble_message(conversation)["text"], "trouble")

        return hook


def _language_choice(data: Any) -> Dict[str, str]:
    """{"language": "es"} when the page's switch chose Spanish (or English)."""
    custom = data.get("customData") if isinstance(data, dict) else None
    chosen = custom.get("language") if isinstance(custom, dict) else None
    return {"language": chosen} if chosen in ANSWERED else {}


class WidgetLimits:
    """Messages per connection and per address, per window (credentials or
    WIDGET_RATE_* in the environment); shared by replicas through REDIS_URL."""

    def __init__(self, per_connection: int, connection_window: int, per_address: int, address_window: int,
                 redis_url: Optional[str]) -> None:
        self.per_connection, self.connection_window = per_connection, connection_window
        self.per_address, self.address_window = per_address, address_window
        self.redis_url = redis_url

    @classmethod
    def from_settings(cls, credentials: Dict[str, Any]) -> "WidgetLimits":
        def get(name: str, default: int) -> int:
            return int(os.environ.get(f"WIDGET_{name.upper()}") or credentials.get(name) or default)

        return cls(get("rate_per_connection", 30), get("rate_connection_window", 60),
                   get("rate_per_address", 600), get("rate_address_window", 3600),
                   os.environ.get("REDIS_URL") or credentials.get("redis_url") or None)

    def limiters(self) -> Tuple[RateLimiter, RateLimiter]:
        return (RateLimiter(self.per_connection, self.connection_window, self.redis_url, prefix="widget-connection"),
                RateLimiter(self.per_address, self.address_window, self.redis_url, prefix="widget-address"))
