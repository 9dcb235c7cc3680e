"""One person can never read or delete another's conversation: the attacks
of the red-team run (issue 13), each shown to fail now, over the real
servers."""
import asyncio
import json

import pytest

from scripts.portal_client import call, make_token
from tests.security.conftest import SECRET, Widget, new_subject, stored_texts
from tests.servers import answers

pytestmark = pytest.mark.system
KMT2A = [{"id": "KMT2A", "result": "detected"}]


def portal_patient(secured):
    """A portal patient with KMT2A on the report, who has asked one question."""
    subject = new_subject()
    token = make_token(SECRET, subject, findings=KMT2A)
    status, reply = call(secured.base, token, {"message": "what does my report show?"})
    assert status == 200
    assert stored_texts(secured, f"portal:{subject}") == ["what does my report show?"]
    return subject


def no_report_of_theirs(replies):
    return not any("KMT2A" in (r.get("text") or "") and "Your report" in (r.get("text") or "") for r in replies)


def delete_requests(widget_or_sender):
    return ["please delete my conversation", "/delete_conversation"]


def test_a_socket_client_cannot_take_a_portal_patients_conversation(secured):
    subject = portal_patient(secured)

    async def attack(requested):
        widget = await Widget(secured).open(session_id=requested)  # no Origin header: a script, not a browser
        replies = await widget.say("what does my report show? what is KMT2A?", session_id=requested)
        for text in delete_requests(widget):
            replies += await widget.say(text, session_id=requested)
        await widget.close()
        return widget.session_id, replies

    for requested in (subject, f"portal:{subject}", f"socketio:{subject}"):
        given, replies = asyncio.run(attack(requested))
        assert given != requested and subject not in given
        assert no_report_of_theirs(replies)
        assert any((r.get("metadata") or {}).get("answer_kind") == "deleted" for r in replies)  # its own, only
    assert stored_texts(secured, f"portal:{subject}") == ["what does my report show?"]


def test_a_socket_client_cannot_write_into_another_session(secured):
    async def scenario():
        victim = await Widget(secured).open()
        await victim.say("what is MRD?")
        heard_before = len(victim.replies)
        attacker = await Widget(secured).open()
        replies = await attacker.say("ATTACKER TEXT what is cd19", session_id=victim.session_id,
                                     room=f"socketio:{victim.session_id}")
        await asyncio.sleep(1)
        heard_after = len(victim.replies)
        await victim.close()
        await attacker.close()
        return victim.session_id, attacker.session_id, replies, heard_before, heard_after

    victim, attacker, replies, before, after = asyncio.run(scenario())
    assert replies and before == after  # the victim heard nothing of it
    assert "ATTACKER TEXT what is cd19" not in " ".join(stored_texts(secured, f"socketio:{victim}"))
    assert stored_texts(secured, f"socketio:{attacker}")[-1] == "ATTACKER TEXT what is cd19"


def test_a_socket_session_resumes_only_for_its_own_holder(secured):
    async def scenario():
        first = await Widget(secured).open()
        await first.say("what is MRD?")
        await first.close()
        again = await Widget(secured).open(session_id=first.session_id)  # a reload: same browser storage
        await again.close()
        return first.session_id, again.session_id

    first, again = asyncio.run(scenario())
    assert first == again


def test_a_rest_sender_cannot_reach_a_portal_conversation(secured):
    subject = portal_patient(secured)
    for sender in (subject, f"portal:{subject}"):
        reply = answers(secured.send(sender, "what does my report show? what is KMT2A?"))
        assert no_report_of_theirs(reply)
        asked = answers(secured.send(sender, "please delete my conversation"))
        if asked and asked[-1]["custom"].get("answer_kind") == "delete_confirm":
            secured.send(sender, asked[-1]["buttons"][0]["payload"])
    assert stored_texts(secured, f"portal:{subject}") == ["what does my report show?"]


@pytest.mark.parametrize("subject, rule", [
    ("x", "8-128"), ("conv-x-000001", "random id"), ("MRN00123456", "random id"), ("1234567890123", "record number"),
    ("patient.jane.doe", "random id"),
])
def test_weak_portal_subjects_get_a_400_naming_the_rule(secured, subject, rule):
    status, reply = call(secured.base, make_token(SECRET, subject), {"message": "hi"})
    assert status == 400 and reply["field"] == "sub" and rule in reply["error"], reply


@pytest.mark.parametrize("sender", ["jane.doe@example.com", "2175550142", "(217) 555-0142"])
def test_identifiers_as_rest_senders_are_refused_and_never_stored(secured, sender):
    status, raw = secured.post_raw(json.dumps({"sender": sender, "message": "what is MRD?"}).encode())
    assert status == 400 and "identifier" in json.loads(raw)["error"]
    assert stored_texts(secured, f"rest:{sender}") == []
    assert sender not in (secured.workdir / "rasa.log").read_text(errors="replace")


@pytest.mark.parametrize("message", [
    "My daughter Emma Clarke, MRN 00482913, born 03/14/2017",
    "my email is jane.doe@example.com",
    "FISH: IKZF1 deletion detected.",
    "karyotype 45,XX,del(9)(p13)[5]/46,XX[15] what is del 9",
    "does the deletion on her report mean it is worse?",
])
def test_identifiers_and_report_words_never_delete(secured, message):
    sender = f"keep-{new_subject()[:12]}"
    secured.send(sender, "what is MRD?")
    replies = answers(secured.send(sender, message))
    kinds = [(r.get("custom") or {}).get("answer_kind") for r in replies]
    assert "deleted" not in kinds and "delete_confirm" not in kinds, kinds
    assert stored_texts(secured, f"rest:{sender}")[0] == "what is MRD?"


def test_deletion_needs_a_clear_request_and_a_confirmation(secured):
    sender = f"erase-{new_subject()[:12]}"
    secured.send(sender, "what is MRD?")
    asked = answers(secured.send(sender, "please delete everything i told you"))
    assert asked[-1]["custom"]["answer_kind"] == "delete_confirm"
    assert stored_texts(secured, f"rest:{sender}")  # nothing gone before the yes
    done = answers(secured.send(sender, asked[-1]["buttons"][0]["payload"]))
    assert done[-1]["custom"]["answer_kind"] == "deleted"
    assert stored_texts(secured, f"rest:{sender}") == []
