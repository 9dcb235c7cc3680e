"""Messages per conversation per time window: in memory for one process, or
in Redis so that several Rasa replicas share the count."""
from __future__ import annotations

import time
from typing import Dict, Optional, Tuple


class RateLimiter:
    def __init__(self, limit: int, window_seconds: int, redis_url: Optional[str] = None) -> None:
        self.limit = limit
        self.window = window_seconds
        self._memory: Dict[str, Tuple[int, int]] = {}
        self._redis = None
        if redis_url:
            import redis.asyncio as redis

            self._redis = redis.from_url(redis_url)

    def _bucket(self) -> int:
        return int(time.time() // self.window)

    async def allow(self, key: str) -> bool:
        """Counts one message for `key`; False once the limit is passed."""
        bucket = self._bucket()
        if self._redis is not None:
            name = f"portal-rate:{key}:{bucket}"
            count = await self._redis.incr(name)
            if count == 1:
                await self._redis.expire(name, self.window + 5)
            return count <= self.limit
        start, count = self._memory.get(key, (bucket, 0))
        if start != bucket:
            start, count = bucket, 0
        count += 1
        self._memory[key] = (start, count)
        if len(self._memory) > 100_000:  # forget old windows rather than grow without bound
            self._memory = {k: v for k, v in self._memory.items() if v[0] == bucket}
        return count <= self.limit
