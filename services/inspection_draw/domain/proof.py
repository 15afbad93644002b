"""The proof bundle (抽查证明包) of a draw, and its verification by anyone.

The bundle holds the commitment and its published hash, the revealed nonce, the beacon
value, the roster snapshot (canonical lines), the rules snapshot, the inspector roster and
declared conflicts, the result and the inspector assignment. ``verify`` recomputes all of it
and names the first difference.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from pydantic import ValidationError

from services.inspection_draw.domain import proof_codec as codec
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
FORMAT = "jianguan-draw-proof/1"


@dataclass(frozen=True)
class ProofBundle:
    """Everything needed to re-run a draw; ``assignment`` is None before inspectors are
    assigned."""

    commitment: DrawCommitment
    commitment_hash: str
    nonce: str
    beacon_value: str | None
    roster: tuple[str, ...]
    rules: DrawRuleFile
    inspectors: tuple[Inspector, ...]
    conflicts: tuple[Conflict, ...]
    result: DrawResult
    assignment: Assignment | None

    def visits(self) -> tuple[Visit, ...]:
        """One visit per drawn object with all the task's matters (a joint visit)."""
        return tuple(Visit(u, self.commitment.parameters.matters) for u in self.result.selected)

    def to_json(self) -> str:
        return json.dumps(self.as_json(), ensure_ascii=False, indent=1, sort_keys=True)

    def as_json(self) -> dict[str, Any]:
        result, assignment = self.result, self.assignment
        return {
            "format": FORMAT,
            "commitment": self.commitment.as_json(),
            "commitment_hash": self.commitment_hash,
            "nonce": self.nonce,
            "beacon_value": self.beacon_value,
            "roster": list(self.roster),
            "rules": self.rules.model_dump(mode="json"),
            "inspectors": [
                {"inspector_id": i.inspector_id, "department": i.department,
                 "certificate": i.certificate, "matters": sorted(i.matters), "active": i.active}
                for i in self.inspectors
            ],
            "conflicts": [{"inspector_id": c.inspector_id, "uscc": c.uscc, "reason": c.reason}
                          for c in self.conflicts],
            "result": {
                "selected": list(result.selected),
                "strata": [
                    {"grade": s.key.grade, "risk": s.key.risk, "no_penalty_3y": s.key.no_penalty_3y,
                     "population": s.population, "sample_size": s.sample_size,
                     "probability": f"{s.sample_size}/{s.population}"}
                    for s in result.strata
                ],
                "excluded": [{"uscc": u, "reason": r} for u, r in result.excluded],
                "seed_hex": result.seed_hex,
            },
            "assignment": None if assignment is None else {
                "teams": [{"uscc": u, "inspectors": list(team)} for u, team in assignment.teams],
                "exclusions": [{"uscc": e.uscc, "inspector_id": e.inspector_id,
                                "reason": e.reason} for e in assignment.exclusions],
            },
        }

    @classmethod
    def from_json(cls, text: str | bytes) -> ProofBundle:
        """Parse a bundle; the first bad field raises ``BundleError`` naming it."""
        doc = codec.parse_json(text)
        if codec.field(doc, "format", "", str) != FORMAT:
            raise BundleError("format", f"expected {FORMAT!r}")
        try:
            rules = DrawRuleFile.model_validate(codec.field(doc, "rules", "", dict))
        except ValidationError as exc:
            error = exc.errors()[0]
            where = ".".join(str(part) for part in ("rules", *error["loc"]))
            raise BundleError(where, error["msg"]) from exc
        assignment = codec.field(doc, "assignment", "", (dict, type(None)))
        return cls(
            commitment=codec.commitment_from(codec.field(doc, "commitment", "", dict),
                                             "commitment"),
            commitment_hash=codec.field(doc, "commitment_hash", "", str),
            nonce=codec.field(doc, "nonce", "", str),
            beacon_value=codec.field(doc, "beacon_value", "", (str, type(None))),
            roster=codec.items(doc, "roster", "", codec.text),
            rules=rules,
            inspectors=codec.items(doc, "inspectors", "", codec.inspector_from),
            conflicts=codec.items(doc, "conflicts", "", codec.conflict_from),
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
    """Recompute roster hash, nonce hash, seed, draw and assignment; name the first
    difference."""
    try:
        roster = roster_from_lines(bundle.roster)
    except RosterError as exc:
        raise BundleError("roster", str(exc)) from exc
    try:
        difference = first_difference(bundle, roster)
    except (CommitmentError, InspectorShortage, ValueError) as exc:
        difference = f"the draw cannot be recomputed: {exc}"
    return Verification(difference is None, difference)

