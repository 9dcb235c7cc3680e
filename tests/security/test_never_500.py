"""Never a 500: the bodies and tokens that once crashed a channel get a clear
4xx, and generated bodies (Hypothesis, 3,000 a channel) never get a 5xx;
the assistant still answers afterwards."""
import asyncio
import json
import time
from collections import Counter

import jwt
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.portal_client import WEBHOOK, make_token
from tests.security.conftest import SECRET, Widget, new_subject
from tests.servers import answers, http

pytestmark = pytest.mark.system
FUZZ_EXAMPLES = 3000
DEEP = ("[" * 5000 + "]" * 5000).encode()


def portal_post(servers, body: bytes, token=None, headers=None):
    token = token or make_token(SECRET, new_subject())
    return http("POST", servers.base + WEBHOOK, body,
                {"Content-Type": "application/json", "Authorization": f"Bearer {token}", **(headers or {})})


@pytest.mark.parametrize("body", [
    DEEP, json.dumps({"sender": "n1", "message": "hi", "x": json.loads("[" * 30 + "]" * 30)}).encode().replace(
        b"[]", b"[" * 40 + b"]" * 40),
])
def test_deep_nesting_gets_a_400_that_says_why(secured, body):
    for status, raw in (secured.post_raw(body), portal_post(secured, body)):
        assert status == 400 and "levels deep" in json.loads(raw)["error"]


@pytest.mark.parametrize("claims", [{"iat": "1700000000"}, {"exp": "2999999999"}, {"iat": None}, {"sub": 42}])
def test_claims_of_the_wrong_type_get_a_401(secured, claims):
    now = int(time.time())
    base = {"sub": new_subject(), "aud": "b-all-guide", "iss": "hospital-portal", "iat": now, "exp": now + 300}
    base.update(claims)
    status, raw = portal_post(secured, b'{"message": "hi"}', token=jwt.encode(base, SECRET, algorithm="HS256"))
    assert status == 401 and json.loads(raw)["status"] == 401


@pytest.mark.parametrize("text", ["\u0000\u0000\u0000", "\ud800", "\u0000\udfff\u0007", "\ufeff\ufffe"])
def test_invisible_only_messages_get_a_400(secured, text):
    body = json.dumps({"sender": "invisible-1", "message": text}).encode()  # \ud800 stays escaped in JSON
    status, raw = secured.post_raw(body)
    assert status == 400 and "empty" in json.loads(raw)["error"]
    status, raw = portal_post(secured, json.dumps({"message": text}).encode())
    assert status == 400 and "empty" in json.loads(raw)["error"]


# ------------------------------------------------------------------ fuzzing
json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=40),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
messages = st.one_of(st.text(max_size=60), json_values, st.sampled_from(
    ["/delete_conversation", "/ask_what_is{\"passage\": 5}", "/greet{", "\x00", "\ud800", "   ", "x" * 20001]))
senders = st.one_of(st.text(max_size=20), json_values, st.sampled_from(["fuzz-1", "a@b.c", "", "x" * 200]))
bodies = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    st.fixed_dictionaries({"sender": senders, "message": messages}).map(lambda d: json.dumps(d).encode()),
    st.fixed_dictionaries({"message": messages, "start": st.booleans()}).map(lambda d: json.dumps(d).encode()),
    st.integers(1, 3000).map(lambda n: b"[" * n + b"]" * n),
)
FUZZ = settings(max_examples=FUZZ_EXAMPLES, deadline=None, database=None, derandomize=False,
                suppress_health_check=list(HealthCheck))


def signed_anything(claims) -> str:
    """A validly signed token whose claims may be of any type (PyJWT's own
    encoder refuses some, a hostile issuer would not)."""
    return jwt.api_jws.PyJWS().encode(json.dumps(claims).encode(), SECRET, algorithm="HS256")


def assert_still_answers(servers):
    reply = answers(servers.send("after-fuzz", "what is MRD?"))
    assert reply[-1]["custom"]["passage_id"] == "mrd_overview"


def test_fuzzed_rest_bodies_never_get_a_5xx(secured):
    statuses = Counter()

    @FUZZ
    @given(body=bodies)
    def one(body):
        status, _ = secured.post_raw(body)
        statuses[status] += 1
        assert status < 500, body[:200]

    one()
    print("REST statuses:", dict(statuses))
    assert sum(statuses.values()) >= FUZZ_EXAMPLES
    assert_still_answers(secured)


def test_fuzzed_portal_bodies_and_tokens_never_get_a_5xx(secured):
    statuses = Counter()
    token = make_token(SECRET, new_subject(), lifetime=3600)
    tokens = st.one_of(st.just(token), st.text(max_size=60), st.just(token[:-3] + "abc"),
                       st.builds(signed_anything,
                                 st.dictionaries(st.sampled_from(["sub", "aud", "iss", "iat", "exp", "report"]),
                                                 json_values, max_size=6)))

    @FUZZ
    @given(body=bodies, token=tokens)
    def one(body, token):
        try:
            status, _ = portal_post(secured, body, token=token)
        except ValueError:  # a header value the HTTP client itself refuses to send
            return
        statuses[status] += 1
        assert status < 500, body[:200]

    one()
    print("portal statuses:", dict(statuses))
    assert sum(statuses.values()) >= FUZZ_EXAMPLES * 0.9
    assert_still_answers(secured)


def test_fuzzed_widget_messages_never_break_the_channel(secured):
    sent = []

    @FUZZ
    @given(payload=st.one_of(json_values, st.fixed_dictionaries({"message": messages, "session_id": senders})))
    def collect(payload):
        sent.append(payload)

    collect()

    async def scenario():
        widget = await Widget(secured).open()
        for payload in sent:
            await widget.client.emit("user_uttered", payload)
            # Paced, so the polling transport never batches more events into
            # one body than the server takes (engine.io refuses such bodies).
            while widget.client.eio.queue.qsize():
                await asyncio.sleep(0.002)
        # A new conversation is answered while the fuzzed one still works
        # through its queue (its turns are serialised by its lock).
        fresh = await Widget(secured).open()
        replies = await fresh.say("what is MRD?", wait=90)
        await fresh.close()
        await widget.close()
        return replies

    replies = asyncio.run(scenario())
    assert len(sent) >= FUZZ_EXAMPLES
    assert any((r.get("metadata") or {}).get("passage_id") == "mrd_overview" for r in replies)
    log = (secured.workdir / "rasa.log").read_text(errors="replace")
    assert "Traceback" not in log and "RecursionError" not in log
