"""Limits that hold across replicas: two Rasa replicas started with the
production channel file and REDIS_URL share every count (portal messages per
conversation, refused tokens per address, widget messages per connection)."""
import asyncio
import os

import pytest
import redis

from scripts.portal_client import call, make_token
from tests.paths import REPO
from tests.security.conftest import PORTAL_ORIGIN, SECRET, Widget, new_subject
from tests.servers import Servers

pytestmark = pytest.mark.system
REDIS_PORT = int(os.environ.get("TEST_REDIS_PORT", "6379"))
REDIS_DB = 9  # this suite's own database, emptied first: counts from other runs never leak in


@pytest.fixture(scope="module")
def replicas(tmp_path_factory):
    url = f"redis://127.0.0.1:{REDIS_PORT}/{REDIS_DB}"
    try:
        redis.Redis.from_url(url).flushdb()
    except Exception as error:  # no skipping: the shared limits must be tested
        raise AssertionError(f"Redis on :{REDIS_PORT} is required (.ci/run starts it): {error}")
    env = {
        "REDIS_URL": url, "PORTAL_JWT_SECRET": SECRET, "PORTAL_ORIGINS": PORTAL_ORIGIN,
        "PORTAL_AUDIENCE": "b-all-guide", "PORTAL_ISSUER": "hospital-portal",
        "PORTAL_RATE_LIMIT": "4", "PORTAL_RATE_WINDOW": "3600",
        "PORTAL_AUTH_FAILURE_LIMIT": "3", "PORTAL_AUTH_FAILURE_WINDOW": "600",
        "WIDGET_SESSION_SECRET": "replicas-share-this-secret",
        "WIDGET_RATE_PER_CONNECTION": "3", "WIDGET_RATE_PER_ADDRESS": "1000",
    }
    credentials = REPO / "deploy" / "credentials.production.yml"
    a = Servers(tmp_path_factory.mktemp("limit_a"), credentials=credentials, extra_env=env)
    env["WIDGET_ORIGINS"] = a.env()["WIDGET_ORIGINS"]
    a.start()
    b = Servers(tmp_path_factory.mktemp("limit_b"), credentials=credentials, extra_env=env,
                action_port=a.action_port, web_port=a.web_port)
    b.start_rasa()
    yield a, b
    b.stop()
    a.stop()


def test_portal_messages_are_counted_once_across_replicas(replicas):
    token = make_token(SECRET, new_subject())
    statuses = [call(replicas[n % 2].base, token, {"message": "what is cd19"})[0] for n in range(6)]
    assert statuses == [200] * 4 + [429, 429]


def test_refused_tokens_are_limited_per_address_across_replicas(replicas):
    forged = make_token("not-the-secret", new_subject())
    statuses = [call(replicas[n % 2].base, forged, {"message": "hi"})[0] for n in range(5)]
    assert statuses == [401, 401, 401, 429, 429]
    # A valid token from the same address is still served, on both replicas:
    # a bad client behind a shared address cannot lock the patients out.
    valid = make_token(SECRET, new_subject())
    assert [call(r.base, valid, {"message": "hi"})[0] for r in replicas] == [200, 200]


def test_widget_messages_are_limited_per_connection(replicas):
    async def scenario():
        widget = await Widget(replicas[1], origin=replicas[0].env()["WIDGET_ORIGINS"].split(",")[0]).open()
        kinds = []
        for _ in range(5):
            replies = await widget.say("what is cd19", wait=10)
            kinds.append([(r.get("metadata") or {}).get("answer_kind") for r in replies])
        await widget.close()
        return kinds

    kinds = asyncio.run(scenario())
    # Three a minute: the session request and the first two messages.
    assert all("rate_limited" not in k for k in kinds[:2])
    assert all(k == ["rate_limited"] for k in kinds[2:])


def test_a_widget_session_from_one_replica_resumes_on_the_other(replicas):
    async def scenario():
        origin = replicas[0].env()["WIDGET_ORIGINS"].split(",")[0]
        first = await Widget(replicas[0], origin=origin).open()
        await first.close()
        second = await Widget(replicas[1], origin=origin).open(session_id=first.session_id)
        await second.close()
        return first.session_id, second.session_id

    first, second = asyncio.run(scenario())
    assert first == second


def test_the_limits_open_rather_than_crash_when_redis_is_down():
    import asyncio as aio
    from channels.rate_limit import RateLimiter

    async def scenario():
        limiter = RateLimiter(3, 60, "redis://127.0.0.1:1/0")  # nothing listens there
        return [await limiter.allow("conv-x") for _ in range(5)], await limiter.exhausted("conv-x")

    allowed, exhausted = aio.run(scenario())
    assert allowed == [True] * 5 and exhausted is False
