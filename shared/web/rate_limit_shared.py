"""Token buckets kept in PostgreSQL, so every instance of a service spends from the same
quota (限流 across replicas): behind N instances, an in-process limiter would let each
client address through N times over.

One statement per spend, atomic under concurrency: an upsert that takes the tokens only
``WHERE`` the refilled bucket holds them, on the database's clock (instances' clocks
need not agree). The key is stored as a keyed hash, never the client address itself.
Buckets left full are deleted now and then (each judged by the quota it was spent
under: limiters of several purposes share the table), so the table stays the size of
the clients active within one window.
"""

from __future__ import annotations

import hashlib
import hmac
import math
from collections.abc import Callable

from sqlalchemy import text

from shared.db import Database

_NOW = "CAST(extract(epoch from clock_timestamp()) AS double precision)"
_CAPACITY, _RATE, _COST = (f"CAST(:{name} AS double precision)"
                           for name in ("capacity", "rate", "cost"))
_LEVEL = f"least({_CAPACITY}, b.tokens + ({_NOW} - b.at) * {_RATE})"
_SPEND = text(f"""
    INSERT INTO rate_limit_buckets AS b (key, tokens, at, capacity, rate)
    VALUES (:key, {_CAPACITY} - {_COST}, {_NOW}, {_CAPACITY}, {_RATE})
    ON CONFLICT (key) DO UPDATE SET tokens = {_LEVEL} - {_COST}, at = {_NOW},
        capacity = {_CAPACITY}, rate = {_RATE}
    WHERE {_LEVEL} >= {_COST}
    RETURNING tokens""")
_LEVEL_OF = text(f"SELECT {_LEVEL} FROM rate_limit_buckets AS b WHERE b.key = :key")
# each row by its own quota: limiters of other purposes share the table
_FORGET_FULL = text(f"""
    DELETE FROM rate_limit_buckets AS b
    WHERE least(b.capacity, b.tokens + ({_NOW} - b.at) * b.rate) >= b.capacity""")


class SharedRateLimiter:
    """``await limiter.spend(address)``: ``None`` when the request may pass, else the
    whole seconds to wait (for ``Retry-After``); as ``RateLimiter``, across instances."""

    def __init__(self, database: Callable[[], Database], requests: int, per_seconds: float,
                 *, secret: bytes, sweep_every: int = 10_000) -> None:
        """``database``: the PostgreSQL database the buckets are in, once the app has
        opened it (e.g. ``lambda: app.state.db``); ``secret`` keys the hash of each key."""
        if requests < 1 or per_seconds <= 0:
            raise ValueError("requests must be 1 or more and per_seconds above 0")
        self.capacity = float(requests)
        self.rate = requests / per_seconds  # tokens per second
        self._database, self._secret = database, secret
        self._sweep_every, self._spent = sweep_every, 0

    async def spend(self, key: str, tokens: float = 1.0) -> int | None:
        hashed = hmac.new(self._secret, key.encode(), hashlib.sha256).hexdigest()[:40]
        bucket = {"key": hashed, "capacity": self.capacity, "rate": self.rate, "cost": tokens}
        self._spent += 1
        async with self._database().engine.begin() as conn:
            if self._spent % self._sweep_every == 0:
                await conn.execute(_FORGET_FULL, bucket)
            if (await conn.execute(_SPEND, bucket)).first() is not None:
                return None
            level = (await conn.execute(_LEVEL_OF, bucket)).scalar_one()
        return max(1, math.ceil((tokens - level) / self.rate))
