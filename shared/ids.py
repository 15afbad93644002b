"""Time-ordered identifiers (UUIDv7, RFC 9562 §5.7) for rows written at a high rate.

A random UUIDv4 primary key lands each new row on a random page of its index, so a
batch of n inserts dirties about n pages of every index keyed by it; a UUIDv7 starts
with the Unix time in milliseconds, so new rows append to the last pages. The other
74 bits are random (``os.urandom``): ids stay unguessable and unique across
processes. Within one millisecond, ids of this process keep increasing.
"""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last = 0  # the last (ms << 74 | counter-and-random) value issued
_RANDOM_BITS = 74


def _issue(count: int) -> list[int]:
    """``count`` increasing (ms << 74 | 74 random bits) values, all after the last issued:
    random bits drawn at once and sorted, then moved up as a block if the first would
    not come after the last value (same millisecond, or a clock step back)."""
    global _last
    pool = os.urandom(10 * count)
    randoms = sorted(int.from_bytes(pool[i:i + 10], "big") >> 6
                     for i in range(0, 10 * count, 10))
    with _lock:
        base = (time.time_ns() // 1_000_000) << _RANDOM_BITS
        shift = max(0, _last + 1 - (base | randoms[0]))
        values = [(base | r) + shift for r in randoms]
        for i in range(1, count):  # equal random draws (2^-74) still give distinct ids
            if values[i] <= values[i - 1]:
                values[i] = values[i - 1] + 1
        _last = values[-1]
    return values


def _as_uuid_int(value: int) -> int:
    """The 128-bit UUIDv7 of an issued value: 48 bits of ms, version 7, 12 + 62 bits of
    the rest around the variant (10)."""
    ms, rest = value >> _RANDOM_BITS, value & ((1 << _RANDOM_BITS) - 1)
    return ms << 80 | 0x7 << 76 | (rest >> 62) << 64 | 0b10 << 62 | rest & ((1 << 62) - 1)


def _next() -> int:
    """The next issued value: the time now, 74 random bits, after the last one."""
    global _last
    random_bits = int.from_bytes(os.urandom(10), "big") >> 6
    with _lock:
        value = (time.time_ns() // 1_000_000) << _RANDOM_BITS | random_bits
        if value <= _last:  # same millisecond (or a clock step back): keep increasing
            value = _last + 1
        _last = value
    return value


def _text(value: int) -> str:
    """The UUIDv7 of an issued value as ``str(uuid.UUID(...))`` writes it, without
    making the ``UUID`` (a third of the cost of ``str(uuid7())``)."""
    h = f"{_as_uuid_int(value):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def uuid7() -> uuid.UUID:
    """A new UUIDv7: 48 bits of Unix ms, version 7, 74 random bits (variant 10)."""
    return uuid.UUID(int=_as_uuid_int(_next()))


def new_id() -> str:
    """``str(uuid7())``: a row id, 36 characters like any UUID."""
    return _text(_next())


def new_ids(count: int) -> list[str]:
    """``count`` row ids at once, in increasing order, each written as ``str(uuid7())``
    would write it (one random draw and one clock read for all: bulk imports)."""
    if count <= 0:
        return []
    return list(map(_text, _issue(count)))
