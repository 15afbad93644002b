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
    if count < BULK:
        return list(map(_text, _issue(count)))
    return _bulk_texts(count)


BULK = 256
"""From this many ids on, :func:`new_ids` draws and writes them with numpy: 50,000 in
~9 ms rather than ~65 (a registry import makes two per entity)."""
_DASHES = ((0, 8, 0), (8, 12, 9), (12, 16, 14), (16, 20, 19), (20, 32, 24))
"""Where the 32 hex digits go in the 36 characters of a UUID's text: (from, to, at)."""


def _bulk_texts(count: int) -> list[str]:
    """``new_ids(count)`` for a large ``count``: the same ids, made for all at once.

    The 74 random bits are a sorted 64-bit draw and 10 more bits below it (so the values
    are sorted, unless two draws were equal: 2^-64, then the slow way), under this
    millisecond; when the block would not come after the last value issued (same
    millisecond, or a clock step back), under the millisecond after the last value's,
    as :func:`_next` takes the value after it. The bytes are laid out for all ids at
    once, written as hex in one pass, the dashes set in by column."""
    import numpy as np  # only bulk imports need it

    global _last
    drawn = np.sort(np.frombuffer(os.urandom(8 * count), dtype=np.uint64))
    if not (np.diff(drawn) != 0).all():
        return list(map(_text, _issue(count)))
    below = np.frombuffer(os.urandom(2 * count), dtype=np.uint16) & 0x3FF
    high = (drawn >> np.uint64(52)).astype(np.uint16)  # 12 bits after the version
    low = (drawn & np.uint64((1 << 52) - 1)) << np.uint64(10) | below  # 62 after the variant
    with _lock:
        ms = time.time_ns() // 1_000_000
        if (ms << _RANDOM_BITS | int(high[0]) << 62 | int(low[0])) <= _last:
            ms = (_last >> _RANDOM_BITS) + 1
        _last = ms << _RANDOM_BITS | int(high[-1]) << 62 | int(low[-1])
    uuids = np.empty((count, 16), dtype=np.uint8)
    uuids[:, :6] = np.frombuffer(ms.to_bytes(6, "big"), dtype=np.uint8)
    uuids[:, 6:8] = (high | 0x7000).astype(">u2").view(np.uint8).reshape(count, 2)
    uuids[:, 8:] = (low | np.uint64(1 << 63)).astype(">u8").view(np.uint8).reshape(count, 8)
    digits = np.frombuffer(uuids.tobytes().hex().encode("ascii"), dtype=np.uint8)
    digits = digits.reshape(count, 32)
    text = np.full((count, 37), ord("-"), dtype=np.uint8)
    text[:, 36] = ord(" ")  # each id ends in a space, to split at
    for start, end, at in _DASHES:
        text[:, at:at + end - start] = digits[:, start:end]
    made = text.tobytes().decode("ascii").split(" ")
    made.pop()  # the empty text after the last space
    return made
