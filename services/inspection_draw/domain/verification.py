"""Recomputing a proof bundle step by step (复核) and naming the first difference."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING

from services.inspection_draw.domain import proof_codec as codec
from services.inspection_draw.domain.beacon import BeaconChain, BeaconError, check_signature
from services.inspection_draw.domain.commitment import (
    inspector_pool_hash,
    nonce_hash,
    rules_hash,
    seed,
)
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
    found = _draw_difference(bundle)
    if found is not None:
        return found
    canonical = canonical_roster(roster)
    for position, (given, expected) in enumerate(zip(bundle.roster, canonical, strict=True), 1):
        if given != expected:
            return f"roster snapshot is not in canonical order at line {position}"
    snapshot_hash = hash_lines(bundle.roster)
    if snapshot_hash != c.roster_hash:
        return (f"roster hash differs: bundle says {c.roster_hash}, "
                f"snapshot hashes to {snapshot_hash}")
    found = _rules_and_pool_difference(bundle)
    if found is not None:
        return found
    if nonce_hash(bundle.nonce) != c.nonce_hash:
        return "nonce does not match the committed hash"
    found = _beacon_difference(bundle)
    if found is not None:
        return found
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


def _draw_difference(bundle: ProofBundle) -> str | None:
    """The draw's identity against its commitment: task, sequence, what it replaces, why."""
    c, d = bundle.commitment, bundle.draw
    replaces = None if c.redraw is None else c.redraw.replaces_draw
    reason = None if c.redraw is None else c.redraw.reason
    for name, given, committed in (("task", d.task_id, c.parameters.task_id),
                                   ("sequence", d.sequence, c.sequence),
                                   ("replaced draw", d.replaces, replaces),
                                   ("redraw reason", d.reason, reason)):
        if given != committed:
            return f"draw {name} differs: bundle says {given}, the commitment says {committed}"
    if c.sequence < 1 or (c.sequence == 1) != (c.redraw is None):
        return (f"commitment sequence {c.sequence} does not fit its redraw: a task's first "
                "commitment replaces nothing and every later one is a redraw with a reason")
    return None


def _rules_and_pool_difference(bundle: ProofBundle) -> str | None:
    c = bundle.commitment
    for name, version in (("commitment", c.algorithm_version),
                          ("rules", bundle.rules.algorithm_version)):
        if version not in IMPLEMENTED_ALGORITHMS:
            return (f"algorithm differs: {name} says {version}, which this verifier does not "
                    f"implement (it implements {ALGORITHM_VERSION})")
    recomputed = rules_hash(bundle.rules_document)
    if recomputed != c.rules_hash:
        return (f"rules differ from the committed rules: commitment says {c.rules_hash}, "
                f"the rules in the bundle hash to {recomputed}")
    if bundle.rules.version != c.rule_version:
        return (f"rule version differs: commitment says {c.rule_version}, "
                f"rules are {bundle.rules.version}")
    cap = 1 + bundle.rules.redraws.max_per_task
    if c.sequence > cap:
        return (f"commitment {c.sequence} of its task exceeds the rules' cap of {cap} "
                "(redraws.max_per_task + 1)")
    pool = inspector_pool_hash(bundle.inspectors_document, bundle.conflicts_document)
    if pool != c.inspector_pool_hash:
        return (f"inspector pool differs from the committed pool: commitment says "
                f"{c.inspector_pool_hash}, the inspectors and conflicts in the bundle hash "
                f"to {pool}")
    return None


def _beacon_difference(bundle: ProofBundle) -> str | None:
    beacon = bundle.commitment.beacon
    if beacon is None:
        return None if bundle.beacon_value is None else \
            "a beacon value is given but the commitment names no beacon"
    if bundle.beacon_value is None:
        return f"the commitment names beacon {beacon.source} round {beacon.round}; no value given"
    try:
        committed_at = datetime.fromisoformat(bundle.commitment.committed_at)
    except ValueError:
        return "commitment committed_at is not an ISO 8601 instant"
    chain = BeaconChain(name=beacon.source, scheme=beacon.scheme,  # type: ignore[arg-type]
                        chain_hash=beacon.chain_hash, public_key=beacon.public_key,
                        genesis_time=beacon.genesis_time, period_seconds=beacon.period_seconds)
    if committed_at.tzinfo is None or chain.published_at(beacon.round) <= committed_at:
        return (f"beacon round {beacon.round} was published at "
                f"{chain.published_at(beacon.round).isoformat()}, not after the commitment "
                f"({bundle.commitment.committed_at})")
    try:
        check_signature(beacon.as_json(), bundle.beacon_value)
    except BeaconError as exc:
        return f"beacon value differs: {exc}"
    return None


def _result_difference(bundle: ProofBundle, redraw: DrawResult) -> str | None:
    given = bundle.result
    strata = {o.key: o for o in redraw.strata}
    for outcome in given.strata:
        expected = strata.get(outcome.key)
        if expected is None:
            return f"stratum {outcome.key.label} is not in the recomputed draw"
        if codec.stratum_json(outcome) != codec.stratum_json(expected):
            return (f"stratum {outcome.key.label} differs: bundle says "
                    f"{outcome.sample_size}/{outcome.population} (expected "
                    f"{codec.fraction_text(outcome.expected_size)}), recomputed "
                    f"{expected.sample_size}/{expected.population} (expected "
                    f"{codec.fraction_text(expected.expected_size)})")
    if len(given.strata) != len(strata):
        return f"strata differ: bundle lists {len(given.strata)}, recomputed {len(strata)}"
    if [o.key for o in given.strata] != [o.key for o in redraw.strata]:
        return "strata are not listed in stratum order (grade, risk, no_penalty_3y)"
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
