"""The draw commitment (抽查承诺) published before a draw, and the seed derived after it.

Byte layout, so anyone can re-implement it (``docs/draw-spec.md`` is the full statement):

- ``canonical_json(x)`` = UTF-8 of ``json.dumps(x, sort_keys=True, ensure_ascii=False,
  separators=(",", ":"))``.
- ``nonce``: 32 random bytes written as 64 lowercase hex digits; ``nonce_hash`` =
  hex SHA-256 of the 32 raw bytes (not of the hex text).
- ``rules_hash`` = hex SHA-256 of ``canonical_json(rules document)``;
  ``inspector_pool_hash`` = hex SHA-256 of ``canonical_json({"conflicts": [...],
  "inspectors": [...]})`` (the lists as the bundle carries them); a declared conflict is
  carried as its ``declaration_hash``, never its reason.
- ``commitment_hash`` = hex SHA-256 of ``canonical_json(commitment.as_json())``; this is what
  is published before the draw.
- ``seed`` = SHA-256 of ``canonical_json({"beacon_value": <string or null>,
  "commitment": commitment.as_json(), "nonce": <nonce hex>})`` (32 raw bytes).
"""

from __future__ import annotations

import hashlib
import json
import secrets
from collections.abc import Sequence
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


def sha256_hex(value: Any) -> str:
    return hashlib.sha256(canonical_json(value)).hexdigest()


def rules_hash(rules_document: dict[str, Any]) -> str:
    """The hash of the canonical rules document (the rules as the bundle carries them)."""
    return sha256_hex(rules_document)


def inspector_pool_hash(inspectors: Sequence[dict[str, Any]],
                        conflicts: Sequence[dict[str, Any]]) -> str:
    """The hash of the inspector pool with its declared conflicts, as the bundle lists them."""
    return sha256_hex({"conflicts": list(conflicts), "inspectors": list(inspectors)})


def declaration_hash(inspector_id: str, uscc: str, reason: str, salt: str) -> str:
    """What a public bundle shows of a declared conflict (回避): the hash of the declaration
    with a secret salt, so the reason stays private and the department can still prove it."""
    return sha256_hex({"inspector_id": inspector_id, "reason": reason, "salt": salt,
                       "uscc": uscc})


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
    """A drand round whose signature the draw supplies: the chain as its ``/info`` says
    (``beacon.BeaconChain``) and the round, published after the commitment."""

    source: str
    scheme: str
    chain_hash: str
    public_key: str
    genesis_time: int
    period_seconds: int
    round: int

    def as_json(self) -> dict[str, Any]:
        return {"source": self.source, "scheme": self.scheme, "chain_hash": self.chain_hash,
                "public_key": self.public_key, "genesis_time": self.genesis_time,
                "period_seconds": self.period_seconds, "round": self.round}


@dataclass(frozen=True)
class Redraw:
    """What a redraw (重新抽取) replaces and why: the task's previous commitment, the draw it
    supersedes (None if the task had none yet) and the reason a reviewer approved."""

    replaces_commitment: str
    replaces_draw: str | None
    reason: str

    def as_json(self) -> dict[str, Any]:
        return {"replaces_commitment": self.replaces_commitment,
                "replaces_draw": self.replaces_draw, "reason": self.reason}


@dataclass(frozen=True)
class DrawCommitment:
    """抽查承诺: everything the draw depends on, fixed before the nonce is revealed."""

    roster_hash: str
    parameters: DrawParameters
    rule_version: str
    rules_hash: str
    inspector_pool_hash: str
    algorithm_version: str
    nonce_hash: str
    committed_at: str
    sequence: int = 1
    redraw: Redraw | None = None
    beacon: BeaconRef | None = None

    def as_json(self) -> dict[str, Any]:
        return {
            "algorithm_version": self.algorithm_version,
            "beacon": None if self.beacon is None else self.beacon.as_json(),
            "committed_at": self.committed_at,
            "inspector_pool_hash": self.inspector_pool_hash,
            "nonce_hash": self.nonce_hash,
            "parameters": self.parameters.as_json(),
            "redraw": None if self.redraw is None else self.redraw.as_json(),
            "roster_hash": self.roster_hash,
            "rule_version": self.rule_version,
            "rules_hash": self.rules_hash,
            "sequence": self.sequence,
        }

    def commitment_hash(self) -> str:
        return hashlib.sha256(canonical_json(self.as_json())).hexdigest()


def new_nonce() -> str:
    """A fresh secret nonce: 32 bytes from ``secrets``, as 64 hex digits."""
    return secrets.token_hex(32)


def new_salt() -> str:
    """A fresh secret salt of a conflict declaration: 16 bytes as 32 hex digits."""
    return secrets.token_hex(16)


def nonce_hash(nonce: str) -> str:
    """Hex SHA-256 of the nonce's 32 raw bytes."""
    return hashlib.sha256(_nonce_bytes(nonce)).hexdigest()


def commit(roster_hash: str, parameters: DrawParameters, *, rule_version: str, rules_hash: str,
           inspector_pool_hash: str, algorithm_version: str, nonce: str, committed_at: str,
           sequence: int = 1, redraw: Redraw | None = None,
           beacon: BeaconRef | None = None) -> DrawCommitment:
    """The commitment to publish before the draw; keep ``nonce`` secret until after it."""
    if parameters.ratio is not None and parameters.size is not None:
        raise CommitmentError("parameters: give a ratio or a size, not both")
    if (sequence == 1) != (redraw is None):
        raise CommitmentError("a task's first commitment replaces nothing; every later one is "
                              "a redraw with its reason")
    return DrawCommitment(roster_hash, parameters, rule_version, rules_hash,
                          inspector_pool_hash, algorithm_version, nonce_hash(nonce),
                          committed_at, sequence, redraw, beacon)


def seed(commitment: DrawCommitment, nonce: str, beacon_value: str | None) -> bytes:
    """The 32-byte draw seed; the nonce must match the committed hash and a committed
    beacon needs its value (checked against the chain by ``beacon.check_signature``)."""
    if nonce_hash(nonce) != commitment.nonce_hash:
        raise CommitmentError("nonce does not match the committed hash")
    if commitment.beacon is not None and beacon_value is None:
        raise CommitmentError(
            f"the commitment names beacon {commitment.beacon.source} round "
            f"{commitment.beacon.round}; supply its value (the round's signature)"
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
