"""The public intake's token bucket per client address (限流)."""

from __future__ import annotations

from shared.web.rate_limit import RateLimiter


class Clock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_a_full_bucket_passes_its_quota_then_says_how_long_to_wait() -> None:
    clock = Clock()
    limiter = RateLimiter(10, 3600, clock=clock)
    assert [limiter.take("a") for _ in range(10)] == [None] * 10
    assert limiter.take("a") == 360  # one token back every 6 minutes
    assert limiter.take("b") is None  # another address has its own bucket
    clock.now = 360
    assert limiter.take("a") is None and limiter.take("a") == 360


def test_memory_stays_bounded_by_forgetting_full_buckets() -> None:
    clock = Clock()
    limiter = RateLimiter(1, 1, max_keys=3, clock=clock)
    for key in "abc":
        limiter.take(key)
    clock.now = 5
    limiter.take("d")
    assert limiter.take("d") == 1 and len(limiter._buckets) == 1
