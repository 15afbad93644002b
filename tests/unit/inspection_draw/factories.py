"""Rosters, inspectors and committed draws for the inspection-draw unit tests."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.commitment import (
    DrawCommitment,
    DrawParameters,
    MatterRef,
    Redraw,
    commit,
    inspector_pool_hash,
    new_nonce,
    rules_hash,
    seed,
)
from services.inspection_draw.domain.inspectors import Conflict, Inspector, Visit, assign_inspectors
from services.inspection_draw.domain.proof import DrawInfo, ProofBundle
from services.inspection_draw.domain.roster import RosterEntry, canonical_roster, roster_hash
from services.inspection_draw.domain.rules import DrawRules, load_draw_rules
from services.inspection_draw.domain.sampling import ALGORITHM_VERSION, draw
from shared.uscc import generate_many

RULES: DrawRules = load_draw_rules()
FOOD = MatterRef("SCJG-005", "SCJG")
ENV = MatterRef("STHJ-001", "STHJ")


def entry(uscc: str, grade: str | None = "B", *, no_penalty: bool = False,
          risk: str | None = None, inspected: bool = False) -> RosterEntry:
    return RosterEntry(uscc, grade, no_penalty, "370202", "C13", risk,  # type: ignore[arg-type]
                       inspected)


def roster(spec: Sequence[tuple[int, str | None, bool, str | None]], seed: int = 7
           ) -> list[RosterEntry]:
    """``spec``: (count, grade, no_penalty_3y, risk) per block; valid USCCs."""
    codes = iter(generate_many(sum(count for count, *_ in spec), seed))
    return [entry(next(codes), grade, no_penalty=no_penalty, risk=risk)
            for count, grade, no_penalty, risk in spec for _ in range(count)]


def parameters(*, key_area: bool = False, ratio: str | None = None, size: int | None = None,
               matters: tuple[MatterRef, ...] = (FOOD,)) -> DrawParameters:
    return DrawParameters("TASK-2026-001", matters, 2026, key_area, ratio=ratio, size=size)


def seed_number(i: int) -> bytes:
    return hashlib.sha256(f"seed {i}".encode()).digest()


def inspectors(per_department: int = 6) -> list[Inspector]:
    people = []
    for department, matter in (("SCJG", FOOD.code), ("STHJ", ENV.code)):
        for i in range(per_department):
            people.append(Inspector(f"{department}-{i:02d}", department, f"37{i:06d}",
                                    frozenset({matter})))
    return people


COMMITTED_AT = "2026-11-24T16:05:00+00:00"


def committed(entries: list[RosterEntry], params: DrawParameters, nonce: str,
              people: Sequence[Inspector] = (), conflicts: Sequence[Conflict] = (), *,
              sequence: int = 1, redraw: Redraw | None = None) -> DrawCommitment:
    """The commitment to a draw of ``entries`` under the shipped rules."""
    return commit(roster_hash(entries), params, rule_version=RULES.version,
                  rules_hash=rules_hash(RULES.model_dump(mode="json")),
                  inspector_pool_hash=pool_hash(people, conflicts),
                  algorithm_version=ALGORITHM_VERSION, nonce=nonce,
                  committed_at=COMMITTED_AT, sequence=sequence, redraw=redraw)


def pool_hash(people: Sequence[Inspector], conflicts: Sequence[Conflict]) -> str:
    return inspector_pool_hash([codec.inspector_json(p) for p in people],
                               [conflict_json(c) for c in conflicts])


def conflict_json(c: Conflict) -> dict[str, str]:
    return {"inspector_id": c.inspector_id, "uscc": c.uscc,
            "declaration_hash": c.declaration_hash}


def bundle(entries: list[RosterEntry], params: DrawParameters,
           conflicts: Sequence[Conflict] = ()) -> ProofBundle:
    """A complete, honest proof bundle for a committed draw of ``entries``."""
    nonce = new_nonce()
    people = tuple(inspectors())
    commitment = committed(entries, params, nonce, people, conflicts)
    result = draw(entries, commitment, nonce, None, RULES)
    visits = [Visit(u, params.matters) for u in result.selected]
    assignment = assign_inspectors(visits, people, conflicts, seed(commitment, nonce, None),
                                   RULES.inspectors.min_per_visit)
    return ProofBundle(DrawInfo("D-1", params.task_id, 1, None, None), commitment,
                       commitment.commitment_hash(), nonce, None, canonical_roster(entries),
                       RULES.model_dump(mode="json"),
                       tuple(codec.inspector_json(p) for p in people),
                       tuple(conflict_json(c) for c in conflicts), result, assignment)
