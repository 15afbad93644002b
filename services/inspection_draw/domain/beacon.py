"""Public randomness beacons (公开随机信标): the drand chains a commitment may name, when
each round is published, and the check of a round's signature.

A commitment made ahead of its draw names a chain and a round published *after* the
commitment, so nobody (the drawing department included) knows the beacon value when the
commitment is fixed. The draw then supplies that round's BLS signature, which is checked
against the chain's public key (rule data, ``deploy/reference/beacons.yaml``) and which
anyone can fetch from any drand relay. For scheme ``bls-unchained-g1-rfc9380`` (drand
quicknet) the signed message of round r is SHA-256(r as 8 bytes big-endian), the signature
is a compressed G1 point (48 bytes) and the key a compressed G2 point (96 bytes), and the
signature is valid when e(signature, g2) = e(H(message), public key) with H the RFC 9380
hash to G1 under ``DST``. ``signature_valid`` is the one function that checks it.
"""

from __future__ import annotations

import hashlib
import re
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from shared.reference.rule_document import load_rule_document

SCHEME = "bls-unchained-g1-rfc9380"
DST = b"BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_"
SIGNATURE_HEX = re.compile(r"^[0-9a-f]{96}$")
LATEST_SECONDS = 4102444800  # 2100-01-01T00:00:00Z: no round named is published later
MAX_AHEAD_SECONDS = 366 * 24 * 3600


class BeaconError(ValueError):
    """A beacon that cannot be used: unknown chain, a round not after the commitment, or a
    signature that does not verify; the message says which."""


class BeaconUnavailable(RuntimeError):
    """No BLS12-381 implementation is installed, so no signature can be checked."""


class _Model(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid", str_strip_whitespace=True)


class BeaconChain(_Model):
    """One drand chain as its ``/info`` document describes it."""

    name: Annotated[str, Field(pattern=r"^drand:[a-z0-9\-]{1,40}$")]
    scheme: Literal["bls-unchained-g1-rfc9380"]
    chain_hash: Annotated[str, Field(pattern=r"^[0-9a-f]{64}$")]
    public_key: Annotated[str, Field(pattern=r"^[0-9a-f]{192}$")]
    genesis_time: Annotated[int, Field(ge=0, le=2**40)]
    period_seconds: Annotated[int, Field(ge=1, le=3600)]

    def published_at(self, round_number: int) -> datetime:
        """When round ``round_number`` (≥ 1) is published."""
        seconds = self.genesis_time + (round_number - 1) * self.period_seconds
        if not 0 <= seconds <= LATEST_SECONDS:
            raise BeaconError(f"round {round_number} of {self.name} is not published before "
                              "2100")
        return datetime.fromtimestamp(seconds, UTC)

    def as_json(self, round_number: int) -> dict[str, Any]:
        """The beacon as a commitment names it: the chain and the round."""
        return {"source": self.name, "scheme": self.scheme, "chain_hash": self.chain_hash,
                "public_key": self.public_key, "genesis_time": self.genesis_time,
                "period_seconds": self.period_seconds, "round": round_number}


class BeaconFile(_Model):
    """The whole of ``beacons.yaml``."""

    version: Annotated[str, Field(min_length=1)]
    effective_from: Any
    source: Annotated[str, Field(min_length=1)]
    chains: tuple[BeaconChain, ...]

    @model_validator(mode="after")
    def _unique(self) -> BeaconFile:
        names = [c.name for c in self.chains]
        if len(names) != len(set(names)):
            raise ValueError(f"chains list a name twice: {', '.join(names)}")
        return self

    def chain(self, name: str) -> BeaconChain:
        found = next((c for c in self.chains if c.name == name), None)
        if found is None:
            known = ", ".join(c.name for c in self.chains) or "none"
            raise BeaconError(f"beacon source {name!r} is not a known chain (known: {known})")
        return found


def load_beacons(path: Path) -> BeaconFile:
    """Read ``beacons.yaml``; a bad file raises ``ReferenceDataError`` naming the line."""
    return load_rule_document(Path(path), BeaconFile, ("name",)).model


def round_message(round_number: int) -> bytes:
    """The message drand signs for an unchained round: SHA-256 of the round, 8 bytes BE."""
    return hashlib.sha256(round_number.to_bytes(8, "big")).digest()


def check_round_is_ahead(chain: BeaconChain, round_number: int, now: datetime) -> None:
    """A commitment may name only a round published after ``now``."""
    if round_number < 1:
        raise BeaconError("a drand round is 1 or more")
    seconds = chain.genesis_time + (round_number - 1) * chain.period_seconds
    if seconds > now.timestamp() + MAX_AHEAD_SECONDS:
        raise BeaconError(f"round {round_number} of {chain.name} is published more than a "
                          "year after this commitment; name a round within the next year")
    at = chain.published_at(round_number)
    if at <= now:
        raise BeaconError(f"round {round_number} of {chain.name} was published at "
                          f"{at.isoformat()}, before this commitment; name a round published "
                          f"after it (round {_next_round(chain, now)} or later)")


def check_signature(beacon: dict[str, Any], signature_hex: str) -> None:
    """The beacon value of a commitment's beacon: the round's signature, as 96 lowercase hex
    digits, valid under the named chain's key; else ``BeaconError``."""
    if not SIGNATURE_HEX.match(signature_hex):
        raise BeaconError("a drand quicknet signature is 96 lowercase hex digits (48 bytes)")
    if beacon.get("scheme") != SCHEME:
        raise BeaconError(f"beacon scheme {beacon.get('scheme')!r} cannot be checked here")
    round_number = beacon["round"]
    if not signature_valid(bytes.fromhex(beacon["public_key"]), round_message(round_number),
                           bytes.fromhex(signature_hex)):
        raise BeaconError(f"the value is not round {round_number}'s signature of "
                          f"{beacon['source']} (BLS check against the chain's key failed)")


def signature_valid(public_key: bytes, message: bytes, signature: bytes) -> bool:
    """BLS12-381 min-signature check: ``signature`` (compressed G1) on ``message`` under
    ``public_key`` (compressed G2), hashing with ``DST``. Uses py_ecc (pure Python)."""
    try:
        from py_ecc.bls.hash_to_curve import hash_to_G1
        from py_ecc.bls.point_compression import decompress_G1, decompress_G2
        from py_ecc.optimized_bls12_381 import FQ12, G2, curve_order, is_inf, multiply, neg
        from py_ecc.optimized_bls12_381.optimized_pairing import final_exponentiate, miller_loop
    except ImportError as exc:  # pragma: no cover - depends on the installation
        raise BeaconUnavailable("checking a drand signature needs the py_ecc package "
                                "(BLS12-381); install it") from exc
    try:
        key = decompress_G2((int.from_bytes(public_key[:48], "big"),
                             int.from_bytes(public_key[48:], "big")))
        point = decompress_G1(int.from_bytes(signature, "big"))
    except (ValueError, TypeError):
        return False
    if is_inf(point) or not is_inf(multiply(point, curve_order)):
        return False
    hashed = hash_to_G1(message, DST, hashlib.sha256)
    product = (miller_loop(G2, point, final_exponentiate=False)
               * miller_loop(neg(key), hashed, final_exponentiate=False))
    return final_exponentiate(product) == FQ12.one()


def _next_round(chain: BeaconChain, now: datetime) -> int:
    elapsed = int(now.timestamp()) - chain.genesis_time
    return max(1, elapsed // chain.period_seconds + 2)
