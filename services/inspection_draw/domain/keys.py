"""The draw keys of algorithm ``jianguan-draw/2``: exact 64-bit unsigned integer arithmetic,
so anyone can re-implement them and get the same numbers on any machine and library version.

1. Entity key, independent of the seed (computed once per roster entry and kept with it)::

       uscc_key(uscc) = int.from_bytes(blake2b(ASCII(uscc), digest_size=8).digest(), "big")

   (BLAKE2b of RFC 7693 with an 8-byte digest, no key, salt or personalisation).
2. Seed words, from the 32-byte draw seed of ``commitment.seed``::

       s0 = int.from_bytes(seed[0:8], "big");  s1 = int.from_bytes(seed[8:16], "big")

3. Per-draw key of an object: ``k = fmix64(fmix64(uscc_key ^ s0) ^ s1)`` where fmix64 is the
   MurmurHash3 64-bit finalizer, every product taken mod 2**64::

       k ^= k >> 33;  k = k * 0xff51afd7ed558ccd mod 2**64
       k ^= k >> 33;  k = k * 0xc4ceb9fe1a85ec53 mod 2**64
       k ^= k >> 33

   fmix64 is a bijection of the 64-bit integers, so for one seed two objects share k only
   if they share uscc_key. Where a uniform in [0, 1) is wanted it is ``(k >> 11) / 2**53``.
4. Ranking uses the integer k directly: inside each stratum the n objects with the smallest
   k are drawn, equal k (only possible for equal uscc_key) broken by the smaller USCC.

``entity_key`` is the pure-Python reference; ``entity_keys_array`` computes the same numbers
over a ``uint64`` array with numpy (whose uint64 products wrap mod 2**64), and the tests
check that the two agree exactly.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable

import numpy as np

from services.inspection_draw.domain.roster import RosterError

MASK64 = (1 << 64) - 1
FMIX_C1 = 0xFF51AFD7ED558CCD
FMIX_C2 = 0xC4CEB9FE1A85EC53
SEED_BYTES = 16
"""The seed bytes the keys use (s0 and s1); the draw seed itself has 32."""

_SHIFT = np.uint64(33)
_C1 = np.uint64(FMIX_C1)
_C2 = np.uint64(FMIX_C2)
_BLOCK = 1 << 14  # elements per pass: the working set stays in the CPU cache


def uscc_key(uscc: str) -> int:
    """The seed-independent 64-bit key of one USCC (step 1)."""
    return int.from_bytes(hashlib.blake2b(_ascii(uscc), digest_size=8).digest(), "big")


def uscc_keys(usccs: Iterable[str]) -> np.ndarray:
    """``uscc_key`` of many USCCs as a ``uint64`` array, in the given order."""
    blake2b = hashlib.blake2b
    digests = b"".join(blake2b(_ascii(u), digest_size=8).digest() for u in usccs)
    return np.frombuffer(digests, dtype=">u8").astype(np.uint64)


def seed_words(seed_bytes: bytes) -> tuple[int, int]:
    """(s0, s1): the first two big-endian 64-bit words of the seed (step 2)."""
    if len(seed_bytes) < SEED_BYTES:
        raise ValueError(f"a draw seed has at least {SEED_BYTES} bytes, got {len(seed_bytes)}")
    return (int.from_bytes(seed_bytes[0:8], "big"), int.from_bytes(seed_bytes[8:16], "big"))


def fmix64(k: int) -> int:
    """The MurmurHash3 64-bit finalizer on an integer in [0, 2**64)."""
    k ^= k >> 33
    k = (k * FMIX_C1) & MASK64
    k ^= k >> 33
    k = (k * FMIX_C2) & MASK64
    k ^= k >> 33
    return k


def entity_key(key: int, seed_bytes: bytes) -> int:
    """The reference per-draw key of an object whose ``uscc_key`` is ``key`` (step 3)."""
    s0, s1 = seed_words(seed_bytes)
    return fmix64(fmix64(key ^ s0) ^ s1)


def key_uniform(k: int) -> float:
    """The uniform in [0, 1) of a per-draw key: ``(k >> 11) / 2**53`` (exact in a double)."""
    return (k >> 11) / 2**53


def entity_keys_array(keys: np.ndarray, seed_bytes: bytes) -> np.ndarray:
    """``entity_key`` of every element of a ``uint64`` array, as a new ``uint64`` array."""
    s0, s1 = seed_words(seed_bytes)
    out = np.bitwise_xor(np.asarray(keys, dtype=np.uint64), np.uint64(s0))
    scratch = np.empty(min(len(out), _BLOCK), dtype=np.uint64)
    word = np.uint64(s1)
    with np.errstate(over="ignore"):
        for start in range(0, len(out), _BLOCK):
            block = out[start:start + _BLOCK]
            tmp = scratch[:len(block)]
            _fmix64_inplace(block, tmp)
            np.bitwise_xor(block, word, out=block)
            _fmix64_inplace(block, tmp)
    return out


def _fmix64_inplace(k: np.ndarray, tmp: np.ndarray) -> None:
    np.right_shift(k, _SHIFT, out=tmp)
    np.bitwise_xor(k, tmp, out=k)
    np.multiply(k, _C1, out=k)
    np.right_shift(k, _SHIFT, out=tmp)
    np.bitwise_xor(k, tmp, out=k)
    np.multiply(k, _C2, out=k)
    np.right_shift(k, _SHIFT, out=tmp)
    np.bitwise_xor(k, tmp, out=k)


def _ascii(uscc: str) -> bytes:
    try:
        return uscc.encode("ascii")
    except UnicodeEncodeError as exc:
        raise RosterError(f"{uscc!r}: a USCC is 18 ASCII characters") from exc
