"""The commitment binds the rules and the inspector pool (issue 15.1): a forger who changes
the rules or the pool and recomputes the whole draw consistently, keeping the published
commitment, is caught by the hashes the verifier recomputes from the bundle."""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.commitment import seed
from services.inspection_draw.domain.inspectors import Conflict, Visit, assign_inspectors
from services.inspection_draw.domain.proof import ProofBundle, verify
from services.inspection_draw.domain.roster import roster_from_lines
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.sampling import draw_from_seed
from tests.unit.inspection_draw.factories import (
    ENV,
    FOOD,
    bundle,
    conflict_json,
    parameters,
    roster,
)

ENTRIES = roster([(40, "B", False, None), (30, "D", False, None), (10, "C", True, None)])


def recomputed(honest: ProofBundle, *, rules: dict[str, Any] | None = None,
               inspectors: tuple[dict[str, Any], ...] | None = None,
               conflicts: tuple[dict[str, Any], ...] | None = None) -> ProofBundle:
    """The bundle a forger makes: new rules or pool, and every result recomputed from them
    under the original commitment, nonce and seed."""
    forged = dataclasses.replace(
        honest, rules_document=rules or honest.rules_document,
        inspectors_document=honest.inspectors_document if inspectors is None else inspectors,
        conflicts_document=honest.conflicts_document if conflicts is None else conflicts)
    seed_bytes = seed(honest.commitment, honest.nonce, None)
    new_rules = DrawRuleFile.model_validate(forged.rules_document)
    result = draw_from_seed(roster_from_lines(honest.roster), honest.commitment.parameters,
                            seed_bytes, new_rules)
    visits = [Visit(u, honest.commitment.parameters.matters) for u in result.selected]
    people = [codec.inspector_from(p, "") for p in forged.inspectors_document]
    declared = [codec.conflict_from(c, "") for c in forged.conflicts_document]
    assignment = assign_inspectors(visits, people, declared, seed_bytes,
                                   new_rules.inspectors.min_per_visit)
    return dataclasses.replace(forged, result=result, assignment=assignment)


def changed_rules(honest: ProofBundle, grade: str, key: str, value: str) -> dict[str, Any]:
    rules = json.loads(json.dumps(honest.rules_document))
    next(g for g in rules["grades"] if g["grade"] == grade)[key] = value
    return rules


def test_an_honest_bundle_verifies() -> None:
    assert verify(bundle(ENTRIES, parameters(matters=(FOOD, ENV)))).identical


def test_changed_rules_recomputed_under_the_old_commitment_are_caught() -> None:
    honest = bundle(ENTRIES, parameters(matters=(FOOD, ENV)))
    for grade, key, value in (("D", "multiplier", "6"), ("B", "max_ratio", "0.01")):
        forged = recomputed(honest, rules=changed_rules(honest, grade, key, value))
        assert forged.result != honest.result  # the forgery changes who is drawn
        verdict = verify(forged)
        assert not verdict.identical
        assert verdict.first_difference.startswith("rules differ from the committed rules")


def test_a_dropped_inspector_or_an_added_conflict_is_caught() -> None:
    honest = bundle(ENTRIES, parameters(matters=(FOOD, ENV)))
    busiest = honest.assignment.teams[0][1][0]
    dropped = recomputed(honest, inspectors=tuple(
        p for p in honest.inspectors_document if p["inspector_id"] != busiest))
    added = recomputed(honest, conflicts=(conflict_json(Conflict(
        busiest, honest.result.selected[0], "0" * 64)),))
    for forged in (dropped, added):
        assert forged.assignment != honest.assignment
        verdict = verify(forged)
        assert not verdict.identical
        assert verdict.first_difference.startswith("inspector pool differs")


def test_a_conflict_is_published_as_the_hash_of_its_declaration() -> None:
    declared = Conflict("SCJG-00", ENTRIES[0].uscc, "a" * 64)
    honest = bundle(ENTRIES, parameters(ratio="1"), conflicts=[declared])
    document = honest.as_json()
    assert document["conflicts"] == [{"inspector_id": "SCJG-00", "uscc": ENTRIES[0].uscc,
                                      "declaration_hash": "a" * 64}]
    reasons = [e["reason"] for e in document["assignment"]["exclusions"]]
    assert reasons == [f"回避: declared conflict {'a' * 64}"]
