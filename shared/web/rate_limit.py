"""An in-process token bucket per key (限流), e.g. per client address.

``RateLimiter(requests=10, per_seconds=3600).take("203.0.113.7")`` returns ``None`` when
the request may pass, else the whole seconds to wait (for ``Retry-After``). Each key's
bucket holds ``requests`` tokens and refills continuously over ``per_seconds``. State is
per process: behind several instances each keeps its own buckets, which is what
``shared.web.rate_limit_shared`` is for. Idle full buckets are dropped once ``max_keys``
is reached, so memory stays bounded.

Both kinds answer ``await limiter.spend(key)`` (:class:`Limiter`).
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import Protocol


class Limiter(Protocol):
    """What a caller of either limiter uses: the quota, and spending from it."""

    capacity: float  # requests per window
    rate: float  # tokens back per second

    async def spend(self, key: str, tokens: float = 1.0) -> int | None: ...


class RateLimiter:
    """Token buckets keyed by a string; ``take`` spends tokens or says how long to wait."""

    def __init__(self, requests: int, per_seconds: float, *, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        if requests < 1 or per_seconds <= 0:
            raise ValueError("requests must be 1 or more and per_seconds above 0")
        self.capacity = float(requests)
        self.rate = requests / per_seconds  # tokens per second
        self.max_keys = max_keys
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}  # key -> (tokens, at)

    def take(self, key: str, tokens: float = 1.0) -> int | None:
        """Spend ``tokens`` for ``key``: ``None`` if they were there, else the seconds
        (at least 1) until they will be."""
        now = self._clock()
        level = self._level(key, now)
        if level >= tokens:
            self._buckets[key] = (level - tokens, now)
            return None
        self._buckets[key] = (level, now)
        return max(1, math.ceil((tokens - level) / self.rate))

    async def spend(self, key: str, tokens: float = 1.0) -> int | None:
        """``take``, as every ``Limiter`` answers."""
        return self.take(key, tokens)

    def _level(self, key: str, now: float) -> float:
        found = self._buckets.get(key)
        if found is None:
            if len(self._buckets) >= self.max_keys:
                self._forget_full(now)
            return self.capacity
        tokens, at = found
        return min(self.capacity, tokens + (now - at) * self.rate)

    def _forget_full(self, now: float) -> None:
        full = [key for key, (tokens, at) in self._buckets.items()
                if tokens + (now - at) * self.rate >= self.capacity]
        for key in full:
            del self._buckets[key]
        if len(self._buckets) >= self.max_keys:  # all busy: start over rather than grow
            self._buckets.clear()
