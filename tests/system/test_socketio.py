"""The widget's socket.io channel over a real connection: replies arrive in
the session's room, origins are checked, bad messages get a clear reply."""
import asyncio
import uuid

import pytest
import socketio

pytestmark = pytest.mark.system


async def converse(servers, origin, messages, wait=8.0):
    """Connects as a browser page at `origin`, sends messages, returns replies."""
    client = socketio.AsyncClient(reconnection=False)
    replies = []
    confirmed = asyncio.Event()

    @client.on("session_confirm")
    async def on_confirm(session_id):
        confirmed.set()

    @client.on("bot_uttered")
    async def on_bot(data):
        replies.append(data)

    await client.connect(servers.base, headers={"Origin": origin}, transports=["polling"], socketio_path="/socket.io")
    session_id = uuid.uuid4().hex
    await client.emit("session_request", {"session_id": session_id})
    await asyncio.wait_for(confirmed.wait(), 5)
    for message in messages:
        before = len(replies)
        await client.emit("user_uttered", {"message": message, "session_id": session_id,
                                           "customData": {"report_context": {"subtype": "bcr_abl1"}}})
        for _ in range(int(wait * 10)):
            await asyncio.sleep(0.1)
            if len(replies) > before and replies[-1].get("metadata", {}).get("answer_kind") != "disclaimer":
                break
    await client.disconnect()
    return replies


def test_replies_reach_the_session_with_passage_ids(servers):
    origin = f"http://localhost:{servers.web_port}"
    replies = asyncio.run(converse(servers, origin, ["what is MRD?", "how will it affect my treatment?"]))
    ids = [r.get("metadata", {}).get("passage_id") for r in replies]
    assert "mrd_overview" in ids and "mrd_treatment" in ids
    assert any(r.get("quick_replies") for r in replies)


def test_bad_messages_get_a_clear_reply(servers):
    origin = f"http://localhost:{servers.web_port}"
    replies = asyncio.run(converse(servers, origin, ["   ", "x" * 20001], wait=3))
    kinds = [r.get("metadata", {}).get("answer_kind") for r in replies]
    assert kinds.count("bad_input") == 2


def test_other_origins_are_refused(servers):
    with pytest.raises(socketio.exceptions.ConnectionError):
        asyncio.run(converse(servers, "https://evil.example", ["hi"]))
