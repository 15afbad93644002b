"""The jianguan-draw/2 keys: the numpy path equals the pure-Python reference exactly, the
reference equals the spec written out from scratch here, and a few values are pinned so
a re-implementation elsewhere can check itself."""

from __future__ import annotations

import hashlib

import numpy as np

from services.inspection_draw.domain.keys import (
    entity_key,
    entity_keys_array,
    fmix64,
    key_uniform,
    seed_words,
    uscc_key,
    uscc_keys,
)
from tests.unit.inspection_draw.factories import roster, seed_number

M64 = 2**64


def spec_key(uscc: str, seed: bytes) -> int:
    """The algorithm exactly as specified, independent of the module under test."""
    def fmix(k: int) -> int:
        k ^= k >> 33
        k = (k * 0xFF51AFD7ED558CCD) % M64
        k ^= k >> 33
        k = (k * 0xC4CEB9FE1A85EC53) % M64
        return k ^ (k >> 33)

    u = int.from_bytes(hashlib.blake2b(uscc.encode("ascii"), digest_size=8).digest(), "big")
    s0, s1 = int.from_bytes(seed[0:8], "big"), int.from_bytes(seed[8:16], "big")
    return fmix(fmix(u ^ s0) ^ s1)


def test_numpy_keys_equal_the_reference_on_100000_keys_and_several_seeds() -> None:
    rng = np.random.default_rng(20260101)
    keys = rng.integers(0, M64 - 1, size=100_000, dtype=np.uint64, endpoint=True)
    keys[:4] = [0, 1, M64 - 1, 1 << 63]
    as_ints = keys.tolist()
    for i in (0, 1, 2, 17, 999):
        seed = seed_number(i)
        fast = entity_keys_array(keys, seed)
        assert fast.dtype == np.uint64
        assert fast.tolist() == [entity_key(k, seed) for k in as_ints]
    extreme = b"\xff" * 16
    assert entity_keys_array(keys, extreme).tolist() == [entity_key(k, extreme) for k in as_ints]
    assert entity_keys_array(keys[:0], extreme).tolist() == []


def test_the_reference_is_the_spec() -> None:
    usccs = [e.uscc for e in roster([(200, "B", False, None)])]
    for i in range(3):
        seed = seed_number(i)
        assert [entity_key(uscc_key(u), seed) for u in usccs] == [spec_key(u, seed)
                                                                 for u in usccs]
    assert uscc_keys(usccs).tolist() == [uscc_key(u) for u in usccs]


def test_pinned_values() -> None:
    assert fmix64(0) == 0
    assert fmix64(1) == 0xB456BCFC34C2CB2C
    assert uscc_key("91370200MA3C4XKQ0W") == 0xA802FF78A821D9D7
    seed = hashlib.sha256(b"seed 0").digest()
    assert seed_words(seed) == (int.from_bytes(seed[:8], "big"), int.from_bytes(seed[8:16], "big"))
    assert entity_key(0xA802FF78A821D9D7, seed) == 0x251545CE8D9A7A42
    assert key_uniform(0x251545CE8D9A7A42) == (0x251545CE8D9A7A42 >> 11) / 2**53
    assert key_uniform(M64 - 1) < 1.0
