"""Conversation ids: one namespace per channel, no identifiers as ids, weak
portal subjects refused, widget sessions only as the server issued them."""
import secrets

import pytest

from channels.identity import SessionSigner, conversation_id, estimated_bits, identifier_reason, log_id, subject_problem
from channels.inputs import BadRequest, check_sender


def test_each_channel_has_its_own_namespace():
    same = "a3f9c2e1b7d84f60a3f9c2e1b7d84f60"
    ids = {conversation_id(channel, same) for channel in ("rest", "portal", "socketio")}
    assert len(ids) == 3
    # A REST sender that spells another channel's id still lands in "rest:".
    assert conversation_id("rest", "portal:" + same) != conversation_id("portal", same)


@pytest.mark.parametrize("subject", [
    "x", "conv-x-000001", "12345678", "MRN00123456", "00001234567890", "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa",
    "patient-jane-doe", "deadbeef",
])
def test_weak_or_identifying_subjects_are_refused(subject):
    assert subject_problem(subject)


@pytest.mark.parametrize("subject", [secrets.token_hex(16), secrets.token_urlsafe(24),
                                     "conv-7f3a91c0e2d84b6f9a1c3e5d7b9f0a2c"])
def test_random_subjects_are_accepted(subject):
    assert subject_problem(subject) is None, estimated_bits(subject)


@pytest.mark.parametrize("sender", ["jane.doe@example.com", "2175550142", "217-555-0142", "01/02/2015"])
def test_identifiers_as_rest_senders_get_a_400_naming_the_rule(sender):
    with pytest.raises(BadRequest) as refused:
        check_sender(sender)
    assert refused.value.status == 400 and "identifier" in refused.value.message


@pytest.mark.parametrize("sender", ["bench-1", "replay-3f9c2e1b7d", "widget_test.7"])
def test_ordinary_senders_pass(sender):
    assert check_sender(sender) == sender and identifier_reason(sender) is None


def test_log_lines_name_a_hash_not_the_id():
    conversation = conversation_id("portal", "a3f9c2e1b7d84f60a3f9c2e1b7d84f60")
    assert "a3f9" not in log_id(conversation) and len(log_id(conversation)) == 10


def test_widget_sessions_are_only_those_the_server_issued():
    signer = SessionSigner("test-secret")
    issued = signer.issue()
    assert signer.valid(issued)
    assert not signer.valid(issued[:-1] + ("0" if issued[-1] != "0" else "1"))  # tampered signature
    assert not signer.valid("a3f9c2e1b7d84f60a3f9c2e1b7d84f60")                 # unsigned, chosen by a client
    assert not signer.valid("portal:" + issued) and not signer.valid(None) and not signer.valid(["x"])
    assert not SessionSigner("another-secret").valid(issued)                     # another deployment's
    assert SessionSigner("test-secret").valid(issued)                            # another replica, same secret
