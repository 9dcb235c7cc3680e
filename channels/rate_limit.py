"""Counts per key per time window: in memory for one process, or in Redis so
that several Rasa replicas share the count (REDIS_URL).

Used for messages per conversation (portal), per connection and per address
(widget), and failed logins per address (portal)."""
from __future__ import annotations

import logging
import time
from typing import Dict, Optional, Tuple

logger = logging.getLogger(__name__)


class RateLimiter:
    def __init__(self, limit: int, window_seconds: int, redis_url: Optional[str] = None,
                 prefix: str = "portal-rate") -> None:
        self.limit = limit
        self.window = window_seconds
        self.prefix = prefix
        self._memory: Dict[str, Tuple[int, int]] = {}
        self._redis = None
        if redis_url:
            import redis.asyncio as redis

            self._redis = redis.from_url(redis_url)

    def _bucket(self) -> int:
        return int(time.time() // self.window)

    async def _add(self, key: str, amount: int) -> int:
        """Adds `amount` to this window's count for `key` and returns the count."""
        bucket = self._bucket()
        if self._redis is not None:
            name = f"{self.prefix}:{key}:{bucket}"
            count = await self._redis.incrby(name, amount) if amount else int(await self._redis.get(name) or 0)
            if amount and count == amount:
                await self._redis.expire(name, self.window + 5)
            return count
        start, count = self._memory.get(key, (bucket, 0))
        if start != bucket:
            start, count = bucket, 0
        count += amount
        if amount:
            self._memory[key] = (start, count)
        if len(self._memory) > 100_000:  # forget old windows rather than grow without bound
            self._memory = {k: v for k, v in self._memory.items() if v[0] == bucket}
        return count

    async def allow(self, key: str) -> bool:
        """Counts one event for `key`; False once the limit is passed."""
        return await self._counted(key, 1) <= self.limit

    async def exhausted(self, key: str) -> bool:
        """True when `key` has used up this window, without counting."""
        return await self._counted(key, 0) >= self.limit

    async def _counted(self, key: str, amount: int) -> int:
        # If Redis is down the limits open (count 0) rather than refuse every
        # patient; the warning says so. Conversations themselves still need
        # the lock store, so a Redis outage shows in readiness anyway.
        try:
            return await self._add(key, amount)
        except Exception as error:  # redis.RedisError and connection errors
            logger.warning("rate limit not counted (%s): %s", self.prefix, type(error).__name__)
            return 0
