"""Conversations replayed through the real servers over HTTP, checking which
passage answered each turn (rasa test cannot: it does not run actions)."""
import uuid
from pathlib import Path

import pytest
import yaml

from tests.servers import answers

pytestmark = pytest.mark.system
FILES = sorted((Path(__file__).parent.parent / "conversations").glob("*.yml"))
CONVERSATIONS = [c for f in FILES for c in yaml.safe_load(f.read_text())["conversations"]]


def as_list(value):
    return value if isinstance(value, list) else [value]


def check_turn(turn, replies):
    assert replies, f"no answer to {turn['user']!r}"
    # The last answer, not the summary a pasted report ends with, nor the
    # care-team pointer after an outlook answer.
    main = [r for r in replies if (r.get("custom") or {}).get("answer_kind") != "report_summary"
            and not (r.get("custom") or {}).get("pointer")] or replies
    custom = main[-1].get("custom") or {}
    if "passage" in turn:
        assert custom.get("passage_id") in as_list(turn["passage"]), (turn["user"], custom)
    if "kind" in turn:
        assert custom.get("answer_kind") in as_list(turn["kind"]), (turn["user"], custom)
    if "not_passage" in turn:
        assert custom.get("passage_id") != turn["not_passage"]
    if "first_kind" in turn:
        assert (replies[0].get("custom") or {}).get("answer_kind") == turn["first_kind"], (turn["user"], replies)
    if "not_kind" in turn:
        assert all((r.get("custom") or {}).get("answer_kind") != turn["not_kind"] for r in replies), turn["user"]
    if "says" in turn:
        assert turn["says"] in " ".join(r.get("text", "") for r in replies), turn["user"]


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(servers, conversation):
    sender = f"replay-{uuid.uuid4().hex[:10]}"
    for n, turn in enumerate(conversation["turns"]):
        messages = servers.send(sender, turn["user"])
        if n == 0:
            # the note comes first, or right after an urgent instruction
            notes = [i for i, m in enumerate(messages) if (m.get("custom") or {}).get("answer_kind") == "disclaimer"]
            assert len(notes) == 1, messages
            first = (messages[0].get("custom") or {}).get("answer_kind")
            assert notes[0] == 0 or (first == "urgent" and notes[0] == len(messages) - 1), messages
            assert "not medical advice" in messages[notes[0]]["text"] or "no consejo médico" in messages[notes[0]]["text"]
        check_turn(turn, answers(messages))


def test_there_are_enough_follow_up_conversations():
    follow_ups = [c for c in yaml.safe_load((FILES[0].parent / "followups.yml").read_text())["conversations"]
                  if 2 <= len(c["turns"]) <= 4]
    assert len(follow_ups) >= 40
