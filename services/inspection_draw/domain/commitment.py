"""The draw commitment (抽查承诺) published before a draw, and the seed derived after it.

Byte layout, so anyone can re-implement it:

- ``canonical_json(x)`` = UTF-8 of ``json.dumps(x, sort_keys=True, ensure_ascii=False,
  separators=(",", ":"))``.
- ``nonce``: 32 random bytes written as 64 lowercase hex digits; ``nonce_hash`` =
  hex SHA-256 of the 32 raw bytes (not of the hex text).
- ``commitment_hash`` = hex SHA-256 of ``canonical_json(commitment.as_json())``; this is what
  is published before the draw.
- ``seed`` = SHA-256 of ``canonical_json({"beacon_value": <string or null>,
  "commitment": commitment.as_json(), "nonce": <nonce hex>})`` (32 raw bytes).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from dataclasses import dataclass
from typing import Any

STRATA_RULE = "grade+risk+no_penalty_3y"
"""How objects are stratified (分层): by credit grade, risk level and the 3-years flag."""


class CommitmentError(ValueError):
    """A nonce, beacon or parameter that cannot be committed to; the message says which."""


def canonical_json(value: Any) -> bytes:
    """The canonical bytes of a JSON value (see the module docstring)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return text.encode("utf-8")


@dataclass(frozen=True)
class MatterRef:
    """A matter of the task (抽查事项) and the department that owns it."""

    code: str
    department: str


@dataclass(frozen=True)
class DrawParameters:
    """What the task asks for: ``ratio`` (exact decimal text, e.g. "0.05") replaces the base
    ratio, ``size`` asks for a total sample size instead; neither → the rules' base ratio."""

    task_id: str
    matters: tuple[MatterRef, ...]
    year: int
    key_area: bool
    ratio: str | None = None
    size: int | None = None
    strata_rule: str = STRATA_RULE

    def as_json(self) -> dict[str, Any]:
        return {
            "task_id": self.task_id,
            "matters": [{"code": m.code, "department": m.department} for m in self.matters],
            "year": self.year,
            "key_area": self.key_area,
            "ratio": self.ratio,
            "size": self.size,
            "strata_rule": self.strata_rule,
        }


@dataclass(frozen=True)
class BeaconRef:
    """A public randomness beacon whose value is supplied after the commitment (e.g. a drand
    round: ``source="drand:quicknet"``, ``round=12345678``)."""

    source: str
    round: int


@dataclass(frozen=True)
class DrawCommitment:
    """抽查承诺: everything the draw depends on, fixed before the nonce is revealed."""

    roster_hash: str
    parameters: DrawParameters
    rule_version: str
    algorithm_version: str
    nonce_hash: str
    beacon: BeaconRef | None = None

    def as_json(self) -> dict[str, Any]:
        beacon = None if self.beacon is None else {
            "source": self.beacon.source, "round": self.beacon.round
        }
        return {
            "roster_hash": self.roster_hash,
            "parameters": self.parameters.as_json(),
            "rule_version": self.rule_version,
            "algorithm_version": self.algorithm_version,
            "nonce_hash": self.nonce_hash,
            "beacon": beacon,
        }

    def commitment_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.as_json())).hexdigest()


def new_nonce() -> str:
    """A fresh secret nonce: 32 bytes from ``secrets``, as 64 hex digits."""
    return secrets.token_hex(32)


def nonce_hash(nonce: str) -> str:
    """Hex SHA-256 of the nonce's 32 raw bytes."""
    return hashlib.sha256(_nonce_bytes(nonce)).hexdigest()


def commit(
    roster_hash: str,
    parameters: DrawParameters,
    rule_version: str,
    algorithm_version: str,
    nonce: str,
    beacon: BeaconRef | None = None,
) -> DrawCommitment:
    """The commitment to publish before the draw; keep ``nonce`` secret until after it."""
    if parameters.ratio is not None and parameters.size is not None:
        raise CommitmentError("parameters: give a ratio or a size, not both")
    return DrawCommitment(
        roster_hash, parameters, rule_version, algorithm_version, nonce_hash(nonce), beacon
    )


def seed(commitment: DrawCommitment, nonce: str, beacon_value: str | None) -> bytes:
    """The 32-byte draw seed; the nonce must match the committed hash and a committed
    beacon needs its value."""
    if nonce_hash(nonce) != commitment.nonce_hash:
        raise CommitmentError("nonce does not match the committed hash")
    if commitment.beacon is not None and beacon_value is None:
        raise CommitmentError(
            f"the commitment names beacon {commitment.beacon.source} round "
            f"{commitment.beacon.round}; supply its value"
        )
    if commitment.beacon is None and beacon_value is not None:
        raise CommitmentError("a beacon value was given but the commitment names no beacon")
    material = {"beacon_value": beacon_value, "commitment": commitment.as_json(), "nonce": nonce}
    return hashlib.sha256(canonical_json(material)).digest()


def _nonce_bytes(nonce: str) -> bytes:
    if len(nonce) != 64 or nonce != nonce.lower():
        raise CommitmentError("nonce must be 64 lowercase hex digits (32 bytes)")
    try:
        return bytes.fromhex(nonce)
    except ValueError as exc:
        raise CommitmentError("nonce must be 64 lowercase hex digits (32 bytes)") from exc
