"""The proof bundle (抽查证明包) of a draw, and its verification by anyone.

The bundle holds which draw it is (its id, the draw it replaces and why), the commitment
and its published hash, the revealed nonce, the beacon value, the roster snapshot
(canonical lines), the rules document, the inspector pool with each declared conflict as
the hash of its declaration, the result and the inspector assignment. ``verify``
recomputes all of it and names the first difference; ``docs/draw-spec.md`` states every
rule and gives the bundle's JSON Schema.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from pydantic import ValidationError

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.beacon import BeaconError
from services.inspection_draw.domain.commitment import CommitmentError, DrawCommitment
from services.inspection_draw.domain.inspectors import (
    Assignment,
    Conflict,
    Inspector,
    InspectorShortage,
    Visit,
)
from services.inspection_draw.domain.roster import RosterError, roster_from_lines
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.sampling import DrawResult
from services.inspection_draw.domain.verification import first_difference

BundleError = codec.BundleError
DrawInfo = codec.DrawInfo
FORMAT = "jianguan-draw-proof/2"


@dataclass(frozen=True)
class ProofBundle:
    """Everything needed to re-run a draw; ``assignment`` is None before inspectors are
    assigned. The rules and the inspector pool are kept as the documents the commitment
    hashed (``rules_document``, ``inspectors_document``, ``conflicts_document``)."""

    draw: DrawInfo
    commitment: DrawCommitment
    commitment_hash: str
    nonce: str
    beacon_value: str | None
    roster: tuple[str, ...]
    rules_document: dict[str, Any]
    inspectors_document: tuple[dict[str, Any], ...]
    conflicts_document: tuple[dict[str, Any], ...]
    result: DrawResult
    assignment: Assignment | None

    @cached_property
    def rules(self) -> DrawRuleFile:
        return DrawRuleFile.model_validate(self.rules_document)

    @cached_property
    def inspectors(self) -> tuple[Inspector, ...]:
        return tuple(codec.inspector_from(p, f"inspectors[{i}]")
                     for i, p in enumerate(self.inspectors_document))

    @cached_property
    def conflicts(self) -> tuple[Conflict, ...]:
        return tuple(codec.conflict_from(c, f"conflicts[{i}]")
                     for i, c in enumerate(self.conflicts_document))

    def visits(self) -> tuple[Visit, ...]:
        """One visit per drawn object with all the task's matters (a joint visit)."""
        return tuple(Visit(u, self.commitment.parameters.matters) for u in self.result.selected)

    def to_json(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1, sort_keys=True)

    def as_json(self) -> dict[str, Any]:
        assignment = self.assignment
        return {
            "format": FORMAT,
            "draw": self.draw.as_json(),
            "commitment": self.commitment.as_json(),
            "commitment_hash": self.commitment_hash,
            "nonce": self.nonce,
            "beacon_value": self.beacon_value,
            "roster": list(self.roster),
            "rules": self.rules_document,
            "inspectors": list(self.inspectors_document),
            "conflicts": list(self.conflicts_document),
            "result": codec.result_json(self.result),
            "assignment": None if assignment is None else codec.assignment_json(assignment),
        }

    @classmethod
    def from_json(cls, text: str | bytes) -> ProofBundle:
        """Parse a bundle; the first bad field raises ``BundleError`` naming it."""
        doc = codec.parse_json(text)
        if codec.field(doc, "format", "", str) != FORMAT:
            raise BundleError("format", f"expected {FORMAT!r}")
        rules_document = codec.field(doc, "rules", "", dict)
        try:
            DrawRuleFile.model_validate(rules_document)
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in ("rules", *error["loc"]))
            raise BundleError(where, error["msg"]) from exc
        inspectors = codec.items(doc, "inspectors", "", codec.inspector_document)
        conflicts = codec.items(doc, "conflicts", "", codec.conflict_document)
        assignment = codec.field(doc, "assignment", "", (dict, type(None)))
        return cls(
            draw=codec.draw_from(codec.field(doc, "draw", "", dict), "draw"),
            commitment=codec.commitment_from(codec.field(doc, "commitment", "", dict),
                                             "commitment"),
            commitment_hash=codec.field(doc, "commitment_hash", "", str),
            nonce=codec.field(doc, "nonce", "", str),
            beacon_value=codec.field(doc, "beacon_value", "", (str, type(None))),
            roster=codec.items(doc, "roster", "", codec.text),
            rules_document=rules_document,
            inspectors_document=inspectors,
            conflicts_document=conflicts,
            result=codec.result_from(codec.field(doc, "result", "", dict), "result"),
            assignment=None if assignment is None else codec.assignment_from(
                assignment, "assignment"),
        )


@dataclass(frozen=True)
class Verification:
    """The verdict: ``identical`` or the first difference, said in words."""

    identical: bool
    first_difference: str | None


def verify(bundle: ProofBundle) -> Verification:
    """Recompute every hash, the beacon check, the seed, the draw and the assignment; name
    the first difference."""
    try:
        roster = roster_from_lines(bundle.roster)
    except RosterError as exc:
        raise BundleError("roster", str(exc)) from exc
    try:
        difference = first_difference(bundle, roster)
    except (CommitmentError, BeaconError, InspectorShortage, ValueError) as exc:
        difference = f"the draw cannot be recomputed: {exc}"
    return Verification(difference is None, difference)
