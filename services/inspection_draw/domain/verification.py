"""Recomputing a proof bundle step by step (复核) and naming the first difference."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from services.inspection_draw.domain.commitment import nonce_hash, seed
from services.inspection_draw.domain.inspectors import assign_inspectors
from services.inspection_draw.domain.roster import RosterEntry, canonical_roster, hash_lines
from services.inspection_draw.domain.sampling import (
    ALGORITHM_VERSION,
    IMPLEMENTED_ALGORITHMS,
    DrawResult,
    draw_from_seed,
)

if TYPE_CHECKING:
    from services.inspection_draw.domain.proof import ProofBundle


def first_difference(bundle: ProofBundle, roster: Sequence[RosterEntry]) -> str | None:
    """None when every recomputed value equals the bundle's, else the first difference."""
    c = bundle.commitment
    if c.commitment_hash() != bundle.commitment_hash:
        return (f"commitment differs from its published hash: published {bundle.commitment_hash}"
                f", the commitment in the bundle hashes to {c.commitment_hash()} "
                "(a parameter, version or hash in it was changed)")
    canonical = canonical_roster(roster)
    for position, (given, expected) in enumerate(zip(bundle.roster, canonical, strict=True), 1):
        if given != expected:
            return f"roster snapshot is not in canonical order at line {position}"
    snapshot_hash = hash_lines(bundle.roster)
    if snapshot_hash != c.roster_hash:
        return (f"roster hash differs: bundle says {c.roster_hash}, "
                f"snapshot hashes to {snapshot_hash}")
    if bundle.rules.version != c.rule_version:
        return (f"rule version differs: commitment says {c.rule_version}, "
                f"rules snapshot is {bundle.rules.version}")
    for name, version in (("commitment", c.algorithm_version),
                          ("rules snapshot", bundle.rules.algorithm_version)):
        if version not in IMPLEMENTED_ALGORITHMS:
            return (f"algorithm differs: {name} says {version}, which this verifier does not "
                    f"implement (it implements {ALGORITHM_VERSION})")
    if nonce_hash(bundle.nonce) != c.nonce_hash:
        return "nonce does not match the committed hash"
    seed_bytes = seed(c, bundle.nonce, bundle.beacon_value)
    if seed_bytes.hex() != bundle.result.seed_hex:
        return f"seed differs: bundle says {bundle.result.seed_hex}, recomputed {seed_bytes.hex()}"
    # the keys from the pure-Python reference, not the numpy path the draw itself used
    redraw = draw_from_seed(roster, c.parameters, seed_bytes, bundle.rules, reference=True)
    difference = _result_difference(bundle, redraw)
    if difference is not None or bundle.assignment is None:
        return difference
    again = assign_inspectors(bundle.visits(), bundle.inspectors, bundle.conflicts, seed_bytes,
                              bundle.rules.inspectors.min_per_visit)
    for label, given_list, expected_list in (
        ("inspector team list", bundle.assignment.teams, again.teams),
        ("inspector exclusion list", bundle.assignment.exclusions, again.exclusions),
    ):
        found = _list_difference(label, given_list, expected_list)
        if found is not None:
            return found
    return None


def _result_difference(bundle: ProofBundle, redraw: DrawResult) -> str | None:
    given = bundle.result
    strata = {o.key: o for o in redraw.strata}
    for outcome in given.strata:
        expected = strata.get(outcome.key)
        if expected is None:
            return f"stratum {outcome.key.label} is not in the recomputed draw"
        if (outcome.population, outcome.sample_size, outcome.probability) != (
            expected.population, expected.sample_size, expected.probability
        ):
            return (f"stratum {outcome.key.label} differs: bundle says "
                    f"{outcome.sample_size}/{outcome.population}, recomputed "
                    f"{expected.sample_size}/{expected.population}")
    if len(given.strata) != len(strata):
        return f"strata differ: bundle lists {len(given.strata)}, recomputed {len(strata)}"
    for label, given_list, expected_list in (
        ("selected list", given.selected, redraw.selected),
        ("excluded list", given.excluded, redraw.excluded),
    ):
        found = _list_difference(label, given_list, expected_list)
        if found is not None:
            return found
    return None


def _list_difference(label: str, given: Sequence[object], expected: Sequence[object]) -> str | None:
    for position, (a, b) in enumerate(zip(given, expected, strict=False), 1):
        if a != b:
            return f"{label} differs at position {position}: bundle has {a}, recomputed {b}"
    if len(given) != len(expected):
        return f"{label} differs in length: bundle has {len(given)}, recomputed {len(expected)}"
    return None
