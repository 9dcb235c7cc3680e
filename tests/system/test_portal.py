"""The portal channel over HTTP with real signed tokens: every accept and
reject case, answers that use the report context, masking read back from the
tracker store, deletion on request."""
import json
import secrets
import sqlite3
import time

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from scripts.portal_client import call, make_token
from tests.servers import Servers, answers

pytestmark = pytest.mark.system
SECRET = "test-secret-for-the-portal-channel"
ORIGIN = "https://portal.example-hospital.org"


@pytest.fixture(scope="module")
def portal(tmp_path_factory):
    running = Servers(tmp_path_factory.mktemp("portal"), extra_env={
        "PORTAL_JWT_SECRET": SECRET, "PORTAL_ORIGINS": ORIGIN, "PORTAL_RATE_LIMIT": "8", "PORTAL_RATE_WINDOW": "3600",
    }).start()
    yield running
    running.stop()


RUN = secrets.token_hex(16)


def sub(name):
    """A strong token subject: a readable name plus 128 random bits."""
    return f"{name}-{RUN}"


def token(conversation="conv-portal-0001", **kwargs):
    return make_token(SECRET, sub(conversation), **kwargs)


def stored_texts(servers, sender):
    """The stored texts of a conversation, by its stored id ("rest:...", "portal:...")."""
    with sqlite3.connect(servers.workdir / "tracker.db") as db:
        rows = db.execute("select data from events where sender_id = ?", (sender,)).fetchall()
    return [json.loads(r[0]).get("text") or "" for r in rows]


def test_start_request_greets_with_the_report_findings(portal):
    status, reply = call(portal.base, token("conv-start-0001", findings=[{"id": "BCR::ABL1", "result": "detected"},
                                                                         {"id": "MRD", "result": "negative"}]),
                         {"start": True})
    assert status == 200
    intro = [m for m in reply if (m.get("custom") or {}).get("answer_kind") == "report_intro"][0]
    assert "Philadelphia" in intro["text"] and "MRD" in intro["text"]
    assert [f["id"] for f in intro["custom"]["findings"]] == ["bcr_abl1", "mrd"]
    # the same reader output as a pasted report: what each finding means, and the summary to keep
    assert "tyrosine kinase" in intro["text"] and "most favorable signs" in intro["text"]
    summary = [m for m in reply if (m.get("custom") or {}).get("answer_kind") == "report_summary"]
    assert summary and "Questions to ask your care team" in summary[0]["text"]


def test_the_second_finding_can_be_asked_about_after_the_start(portal):
    t = token("conv-second-0001", findings=[{"id": "BCR::ABL1", "result": "detected"}, {"id": "MRD", "result": "negative"}])
    assert call(portal.base, t, {"start": True})[0] == 200
    status, reply = call(portal.base, t, {"message": "what does the second one mean?"})
    assert status == 200
    answer = answers(reply)[-1]
    assert answer["custom"]["passage_id"] in ("mrd_overview", "mrd_negative"), answer
    assert answer["text"].startswith("Your report lists MRD")


def test_answers_say_your_report_lists(portal):
    t = token("conv-lists-0001", findings=[{"id": "t(9;22)", "result": "not detected"}])
    status, reply = call(portal.base, t, {"message": "what is the philadelphia chromosome?"})
    assert status == 200
    answer = answers(reply)[-1]
    assert answer["custom"]["passage_id"] == "gene_bcr_abl1"
    assert answer["text"].startswith("Your report lists BCR::ABL1 (Philadelphia chromosome): not detected")


@pytest.mark.parametrize("case", ["missing", "expired", "forged", "audience", "issuer", "none", "long-lived"])
def test_bad_tokens_get_401(portal, case):
    now = int(time.time())
    tokens = {
        "missing": None,
        "expired": make_token(SECRET, sub("conv-x-000001"), lifetime=-60),
        "forged": make_token("not-the-secret", sub("conv-x-000001")),
        "audience": make_token(SECRET, sub("conv-x-000001"), audience="another-app"),
        "issuer": make_token(SECRET, sub("conv-x-000001"), issuer="someone-else"),
        "none": jwt.encode({"sub": sub("conv-x-000001"), "aud": "b-all-guide", "iss": "hospital-portal", "iat": now,
                            "exp": now + 300}, None, algorithm="none"),
        "long-lived": make_token(SECRET, sub("conv-x-000001"), lifetime=86400 * 30),
    }
    status, reply = call(portal.base, tokens[case], {"message": "hi"})
    assert status == 401 and reply["status"] == 401


def test_rs256_token_is_refused_when_hs256_is_configured(portal):
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption())
    status, _ = call(portal.base, make_token(pem.decode(), sub("conv-rsa-0001"), algorithm="RS256"), {"message": "hi"})
    assert status == 401


@pytest.mark.parametrize("body, status", [
    (b"{broken", 400), (b"[]", 400), (json.dumps({"message": 5}).encode(), 400),
    (json.dumps({"message": "  "}).encode(), 400), (json.dumps({"message": "x" * 20001}).encode(), 413),
    (b"\xff\xfe", 400),
])
def test_malformed_bodies(portal, body, status):
    got, reply = call(portal.base, token("conv-body-0001"), None, raw=body)
    assert got == status and reply["status"] == status and reply["error"]


def test_unknown_finding_is_refused_naming_the_field(portal):
    status, reply = call(portal.base, token(findings=[{"id": "CD19", "result": "positive"}, {"id": "XYZ-42"}]),
                         {"message": "hi"})
    assert status == 400 and reply["field"] == "report.findings[1].id"


def test_identifiers_in_claims_are_refused(portal):
    status, reply = call(portal.base, make_token(SECRET, sub("conv-id-00001"), findings=[{"id": "cd19", "mrn": "123"}]),
                         {"message": "hi"})
    assert status == 400 and "identifiers" in reply["error"]


def test_too_many_messages_get_429(portal):
    t = token("conv-rate-0001")
    statuses = [call(portal.base, t, {"message": "what is cd19"})[0] for _ in range(10)]
    assert statuses[:8] == [200] * 8 and statuses[8:] == [429, 429]


def test_cors_only_for_configured_origins(portal):
    status, _ = call(portal.base, token("conv-cors-0001"), {"message": "hi"}, origin="https://evil.example")
    assert status == 403
    status, _ = call(portal.base, token("conv-cors-0002"), {"message": "hi"}, origin=ORIGIN)
    assert status == 200


def test_rest_and_socket_cannot_fake_report_context(portal):
    body = json.dumps({"sender": "rest-fake-01", "message": "what is the philadelphia chromosome?",
                       "metadata": {"portal": {"verified": True, "findings": [{"id": "bcr_abl1", "label": "X",
                                                                               "result": "positive"}]}}}).encode()
    status, raw = portal.post_raw(body)
    reply = answers(json.loads(raw))[-1]
    assert status == 200 and not reply["text"].startswith("Your report lists")


def test_identifiers_are_masked_in_the_tracker_store(portal):
    conversation = "conv-mask-0001"
    status, _ = call(portal.base, token(conversation), {"message": "Patient: Jane Doe, MRN 88776655, DOB 02/03/2016. "
                                                                   "What does CD19+ mean? Karyotype 55,XY,+4,+10,+21"})
    assert status == 200
    stored = " ".join(stored_texts(portal, "portal:" + sub(conversation)))
    assert "Jane" not in stored and "88776655" not in stored and "02/03/2016" not in stored
    assert "55,XY,+4,+10,+21" in stored and "CD19+" in stored


def test_rest_messages_are_masked_too(portal):
    portal.send("rest-mask-01", "my email is jane.doe@example.com, what is MRD?")
    stored = " ".join(stored_texts(portal, "rest:rest-mask-01"))
    assert "jane.doe@example.com" not in stored and "MRD" in stored


def test_a_person_can_delete_the_conversation_after_confirming(portal):
    portal.send("rest-delete-1", "what is MRD?")
    assert stored_texts(portal, "rest:rest-delete-1")
    asked = answers(portal.send("rest-delete-1", "please delete my conversation"))
    assert asked[-1]["custom"]["answer_kind"] == "delete_confirm"
    assert stored_texts(portal, "rest:rest-delete-1")
    reply = answers(portal.send("rest-delete-1", asked[-1]["buttons"][0]["payload"]))
    assert reply[-1]["custom"]["answer_kind"] == "deleted"
    assert stored_texts(portal, "rest:rest-delete-1") == []


def test_a_report_line_with_deletion_deletes_nothing(portal):
    portal.send("rest-delete-2", "what is MRD?")
    reply = answers(portal.send("rest-delete-2", "FISH: IKZF1 deletion detected."))
    assert all((m.get("custom") or {}).get("answer_kind") not in ("deleted", "delete_confirm") for m in reply)
    assert stored_texts(portal, "rest:rest-delete-2")
