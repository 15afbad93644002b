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


def uuid7() -> uuid.UUID:
    """A new UUIDv7: 48 bits of Unix ms, version 7, 74 random bits (variant 10)."""
    global _last
    random_bits = int.from_bytes(os.urandom(10), "big") >> 6  # 74 bits
    with _lock:
        value = (time.time_ns() // 1_000_000) << 74 | random_bits
        if value <= _last:  # same millisecond (or a clock step back): keep increasing
            value = _last + 1
        _last = value
    ms, rest = value >> 74, value & ((1 << 74) - 1)
    rand_a, rand_b = rest >> 62, rest & ((1 << 62) - 1)  # 12 + 62 bits
    return uuid.UUID(int=ms << 80 | 0x7 << 76 | rand_a << 64 | 0b10 << 62 | rand_b)


def new_id() -> str:
    """``str(uuid7())``: a row id, 36 characters like any UUID."""
    return str(uuid7())
