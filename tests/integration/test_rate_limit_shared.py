"""The shared token buckets (PostgreSQL): spent atomically, refilled on the database's
clock, and swept when full (each by its own quota) so the table keeps only the clients
active in a window."""

from __future__ import annotations

import asyncio

from sqlalchemy import text

from shared.db import Database
from shared.web.rate_limit_shared import SharedRateLimiter
from tests.integration.service_kit import migrated_database


async def test_buckets_spend_at_most_their_tokens_even_when_asked_at_once(tmp_path_factory):
    async with migrated_database("complaint_intake", "postgres", tmp_path_factory) as url:
        db = Database(url)
        try:
            limiter = SharedRateLimiter(lambda: db, 2, 3600, secret=b"k")
            spent = [await limiter.spend("203.0.113.1") for _ in range(3)]
            concurrent = await asyncio.gather(*(limiter.spend("203.0.113.2")
                                                 for _ in range(6)))
        finally:
            await db.dispose()

    assert spent[:2] == [None, None] and 1700 <= spent[2] <= 1800  # a token per 30 min
    assert concurrent.count(None) == 2 and all(w for w in concurrent if w is not None)


async def test_full_buckets_are_swept_each_by_its_own_quota(tmp_path_factory):
    """A sweep by a fast quota leaves a slow quota's bucket alone until it is full."""
    async with migrated_database("complaint_intake", "postgres", tmp_path_factory) as url:
        db = Database(url)
        try:
            weekly = SharedRateLimiter(lambda: db, 1, 604_800, secret=b"weekly")
            fast = SharedRateLimiter(lambda: db, 2, 0.2, secret=b"fast", sweep_every=3)
            assert await weekly.spend("reporter") is None
            assert [await fast.spend(a) for a in ("198.51.100.1", "198.51.100.2")] == [
                None, None]
            await asyncio.sleep(0.3)  # the fast buckets are full again
            assert await fast.spend("198.51.100.3") is None  # the 3rd spend sweeps
            async with db.engine.connect() as conn:
                left = (await conn.execute(text("SELECT count(*) FROM rate_limit_buckets"))
                        ).scalar_one()
            still_spent = await weekly.spend("reporter")
        finally:
            await db.dispose()

    assert left == 2  # the weekly bucket (still empty) and the one just spent from
    assert still_spent is not None and still_spent > 600_000
