"""The portal's rate limit shared through real Redis: two limiters (as two
replicas would hold) count one conversation together."""
import asyncio
import uuid

import pytest

from channels.rate_limit import RateLimiter

pytestmark = pytest.mark.system


def test_two_replicas_share_one_count():
    async def scenario():
        a = RateLimiter(5, 3600, "redis://127.0.0.1:6379/6")
        b = RateLimiter(5, 3600, "redis://127.0.0.1:6379/6")
        key = f"conv-{uuid.uuid4().hex}"
        allowed = [await (a if n % 2 else b).allow(key) for n in range(7)]
        other = await a.allow(f"conv-{uuid.uuid4().hex}")
        return allowed, other

    allowed, other = asyncio.run(scenario())
    assert allowed == [True] * 5 + [False, False] and other is True


def test_in_memory_limit_without_redis():
    async def scenario():
        limiter = RateLimiter(2, 3600)
        return [await limiter.allow("conv-1") for _ in range(3)]

    assert asyncio.run(scenario()) == [True, True, False]
