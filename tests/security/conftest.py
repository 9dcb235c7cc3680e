"""Servers for the security suite: the development channels (REST, widget,
portal) with a known portal secret and an allowed portal origin."""
import asyncio
import json
import sqlite3
from typing import List, Optional

import pytest
import socketio

from scripts.portal_client import new_conversation_id
from tests.browser.conftest import browser  # noqa: F401  (the Chromium fixture, shared)
from tests.servers import Servers, free_port

SECRET = "security-suite-secret"
PORTAL_ORIGIN = "https://portal.example-hospital.org"
# A portal page served on its own origin by the browser test.
PAGE_PORT = free_port()
PAGE_ORIGIN = f"http://127.0.0.1:{PAGE_PORT}"


@pytest.fixture(scope="session")
def secured(tmp_path_factory):
    running = Servers(tmp_path_factory.mktemp("secured"), extra_env={
        "PORTAL_JWT_SECRET": SECRET, "PORTAL_ORIGINS": f"{PORTAL_ORIGIN},{PAGE_ORIGIN}", "PORTAL_AUTH_FAILURE_LIMIT": "1000000",
        "WIDGET_RATE_PER_CONNECTION": "1000000", "WIDGET_RATE_PER_ADDRESS": "1000000",
    }).start()
    yield running
    running.stop()


def stored_texts(servers: Servers, conversation: str) -> List[str]:
    """User texts stored for a conversation id ("portal:...", "rest:...", "socketio:...")."""
    with sqlite3.connect(servers.workdir / "tracker.db") as db:
        rows = db.execute("select data from events where sender_id = ? and type_name = 'user'",
                          (conversation,)).fetchall()
    return [json.loads(r[0]).get("text") or "" for r in rows]


class Widget:
    """A socket.io client as any program can be: no Origin header unless given."""

    def __init__(self, servers: Servers, origin: Optional[str] = None, transport: str = "polling") -> None:
        self.servers = servers
        self.origin = origin
        self.transport = transport
        self.client = socketio.AsyncClient(reconnection=False)
        self.replies: List[dict] = []
        self.session_id: Optional[str] = None
        self._confirmed = asyncio.Event()

        @self.client.on("session_confirm")
        async def confirmed(session_id):
            self.session_id = session_id
            self._confirmed.set()

        @self.client.on("bot_uttered")
        async def uttered(data):
            self.replies.append(data)

    async def open(self, session_id: Optional[str] = None) -> "Widget":
        headers = {"Origin": self.origin} if self.origin else {}
        await self.client.connect(self.servers.base, headers=headers, transports=[self.transport],
                                  socketio_path="/socket.io")
        await self.client.emit("session_request", {"session_id": session_id} if session_id else {})
        await asyncio.wait_for(self._confirmed.wait(), 10)
        return self

    async def say(self, message, wait: float = 15.0, **extra) -> List[dict]:
        """Sends a message (with any extra fields a client may add) and
        returns the replies that came for it."""
        before = len(self.replies)
        await self.client.emit("user_uttered", {"message": message, **extra})
        for _ in range(int(wait * 10)):
            await asyncio.sleep(0.1)
            if len(self.replies) > before and (self.replies[-1].get("metadata") or {}).get("answer_kind") != "disclaimer":
                await asyncio.sleep(0.3)
                break
        return self.replies[before:]

    async def close(self) -> None:
        await self.client.disconnect()


def new_subject() -> str:
    return new_conversation_id()
