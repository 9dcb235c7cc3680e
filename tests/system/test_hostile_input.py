"""Hostile or broken input over HTTP: each request gets a clear reply or a
clear 4xx, never a 500; markup is never echoed; the server keeps serving;
message text stays out of the logs."""
import json
import random
import uuid

import pytest

from tests.servers import answers

pytestmark = pytest.mark.system


def hostile_requests(n):
    """n requests of many broken kinds, repeatable (fixed seed)."""
    rnd = random.Random(7)
    kinds = [
        lambda: (b"{not json", "application/json"),
        lambda: (b"\xff\xfe\xfa broken utf-8", "application/json"),
        lambda: (b"[]", "application/json"),
        lambda: (b'"just a string"', "application/json"),
        lambda: (json.dumps({"message": "no sender"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": None, "message": "hi"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": ["a"], "message": "hi"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": 42}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": {"text": "x"}}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": ""}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": " \n\t "}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "x" * 20001}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "😀" * rnd.randint(1, 5)}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "<script>alert(1)</script>"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "<img src=x onerror=alert(1)>"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "/ask_what_is{\"passage\":\"<b>x</b>\"}"}).encode(), "application/json"),
        lambda: (json.dumps({"sender": "h1", "message": "\u0000\u0001\u0002"}).encode(), "application/json"),
        lambda: (b"", "application/json"),
        lambda: (b"sender=h1&message=hi", "application/x-www-form-urlencoded"),
    ]
    return [rnd.choice(kinds)() for _ in range(n)]


def test_a_thousand_hostile_requests_then_normal_conversations(servers):
    statuses = {}
    for body, content_type in hostile_requests(1000):
        status, raw = servers.post_raw(body, content_type)
        statuses[status] = statuses.get(status, 0) + 1
        assert status in (200, 400, 413), (status, body[:80], raw[:200])
        payload = json.loads(raw)
        if status == 200:
            for message in payload:
                text = message.get("text", "")
                assert "<script" not in text and "<img" not in text and "<b>" not in text
        else:
            assert payload["error"] and payload["status"] == status
    assert statuses.get(400) and statuses.get(413) and statuses.get(200)
    reply = answers(servers.send(f"after-{uuid.uuid4().hex[:6]}", "what does cd19 positive mean"))
    assert reply[-1]["custom"]["passage_id"] == "marker_cd19"


def test_message_text_is_not_written_to_the_logs(servers):
    marker = f"zebra{uuid.uuid4().hex[:8]}"
    servers.send("log-check", f"what is {marker} in my report")
    logs = "".join(p.read_text(errors="ignore") for p in servers.workdir.glob("*.log"))
    assert marker not in logs


def test_sender_less_requests_do_not_share_a_conversation(servers):
    status, _ = servers.post_raw(json.dumps({"message": "what is MRD"}).encode())
    assert status == 400
