"""The object draw (随机抽取检查对象), algorithm ``jianguan-draw/3``: deterministic from the
seed, independent of row order, machine and library version.

Every object gets the exact 64-bit integer key ``k = fmix64(fmix64(uscc_key ^ s0) ^ s1)``
(``uscc_key`` = 8-byte BLAKE2b of the USCC, s0 and s1 = the seed's first two big-endian
64-bit words, fmix64 = the MurmurHash3 finalizer; the byte-exact definition is in ``keys``).
Each ``Stratum`` gets an exact expected size x_s and a whole size n_s by systematic
randomised rounding from the seed (``strata``); inside it the ``n_s`` objects with the
smallest k are drawn (equal keys, only possible for equal ``uscc_key``, are broken by the
smaller USCC), so every object of the stratum is drawn with probability exactly x_s/N_s,
published with the list beside the realised n_s/N_s.
A key-area task (重点领域全覆盖, IN-5) lists every object in scope. Otherwise objects of a
stratum whose ratio is 0 (A: 非请勿扰) and B/C objects already randomly inspected this
calendar year are excluded, each with its reason.

The roster is first turned into a ``PreparedRoster`` (keys and strata as arrays, once per
snapshot); ``draw`` and ``draw_from_seed`` accept one in place of the entries so a service
can reuse it across draws. Selection is O(N): one vectorised pass for the keys and one
``np.partition`` per stratum for the n_s-th smallest key.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from fractions import Fraction

import numpy as np

from services.inspection_draw.domain.commitment import (
    DrawCommitment,
    DrawParameters,
    rules_hash,
    seed,
)
from services.inspection_draw.domain.eligibility import (
    Eligibility,
    Exclusion,
    eligibility,
    no_eligible_message,
)
from services.inspection_draw.domain.keys import (
    SEED_BYTES,
    entity_key,
    entity_keys_array,
    fmix64,
    key_uniform,
    seed_words,
    uscc_key,
    uscc_keys,
)
from services.inspection_draw.domain.prepared import PreparedRoster
from services.inspection_draw.domain.roster import RosterEntry
from services.inspection_draw.domain.rule_models import DrawRuleFile
from services.inspection_draw.domain.strata import (
    Stratum,
    UnknownRiskLevel,
    expected_sizes,
    round_systematically,
    rounding_uniform,
)

ALGORITHM_VERSION = "jianguan-draw/3"
"""Names this module's algorithm; a commitment and the rules must name the same one."""

IMPLEMENTED_ALGORITHMS = frozenset({ALGORITHM_VERSION})
"""The algorithm versions this code can draw and verify."""

Roster = Iterable[RosterEntry] | PreparedRoster


class DrawError(ValueError):
    """A draw that cannot be made as committed; the message says why."""


class NoEligibleObject(DrawError):
    """Every object in scope is excluded (e.g. all A-grade for an ordinary matter)."""


@dataclass(frozen=True)
class StratumOutcome:
    """A stratum as published: population N, expected size x, sample size n, and each
    object's probability x/N (``probability``; n/N is what this draw realised)."""

    key: Stratum
    population: int
    expected_size: Fraction
    sample_size: int

    @property
    def probability(self) -> Fraction:
        return self.expected_size / self.population


@dataclass(frozen=True)
class DrawResult:
    """抽查结果: the drawn USCCs (sorted), the strata, the exclusions and the seed used."""

    selected: tuple[str, ...]
    strata: tuple[StratumOutcome, ...]
    excluded: tuple[Exclusion, ...]
    seed_hex: str


def entity_uniform(seed_bytes: bytes, uscc: str) -> float:
    """The reference uniform u = (k >> 11) / 2**53 of one object (slow; for explaining)."""
    return key_uniform(entity_key(uscc_key(uscc), seed_bytes))


def entity_keys(seed_bytes: bytes, usccs: Sequence[str]) -> list[int]:
    """The per-draw keys k of many objects (vectorised), in the given order."""
    return entity_keys_array(uscc_keys(usccs), seed_bytes).tolist()


def smallest_positions(keys: np.ndarray, n: int) -> np.ndarray:
    """Positions of the ``n`` smallest keys, equal keys won by the smaller position, in
    (key, position) order. O(len(keys))."""
    if n <= 0:
        return np.empty(0, dtype=np.intp)
    if n >= len(keys):
        picked = np.arange(len(keys))
    else:
        threshold = np.partition(keys, n - 1)[n - 1]
        picked = np.flatnonzero(keys <= threshold)
        if len(picked) > n:  # equal keys straddle the boundary: smaller positions win
            below = np.flatnonzero(keys < threshold)
            equal = np.flatnonzero(keys == threshold)
            picked = np.concatenate((below, equal[:n - len(below)]))
    return picked[np.argsort(keys[picked], kind="stable")]


def smallest_keys(seed_bytes: bytes, usccs: Sequence[str], k: int) -> list[str]:
    """The ``k`` objects with the smallest keys (ties by USCC), in key order."""
    ordered = sorted(usccs)
    if k <= 0:
        return []
    if k >= len(ordered):
        return ordered
    keys = entity_keys_array(uscc_keys(ordered), seed_bytes)
    return [ordered[i] for i in smallest_positions(keys, k).tolist()]


def prepare(roster: Roster) -> PreparedRoster:
    """The roster as a ``PreparedRoster`` (itself if it already is one)."""
    return roster if isinstance(roster, PreparedRoster) else PreparedRoster.from_entries(roster)


def draw(
    roster: Roster,
    commitment: DrawCommitment,
    nonce: str,
    beacon_value: str | None,
    rules: DrawRuleFile,
) -> DrawResult:
    """The committed draw: checks the roster hash, versions and nonce, then samples."""
    prepared = prepare(roster)
    if prepared.roster_hash != commitment.roster_hash:
        raise DrawError("the roster does not hash to the committed roster hash")
    if commitment.rule_version != rules.version or \
            commitment.rules_hash != rules_hash(rules.model_dump(mode="json")):
        raise DrawError(
            f"the commitment names rules {commitment.rule_version} ({commitment.rules_hash}), "
            f"these are {rules.version}, which hash otherwise"
        )
    for name, version in (("commitment", commitment.algorithm_version),
                          ("rules", rules.algorithm_version)):
        if version not in IMPLEMENTED_ALGORITHMS:
            raise DrawError(f"the {name} names algorithm {version}, which this code does not "
                            f"implement (it implements {ALGORITHM_VERSION})")
    return draw_from_seed(prepared, commitment.parameters,
                          seed(commitment, nonce, beacon_value), rules)


def draw_from_seed(
    entries: Roster,
    parameters: DrawParameters,
    seed_bytes: bytes,
    rules: DrawRuleFile,
    *,
    reference: bool = False,
) -> DrawResult:
    """The sampling core: eligibility, strata, sizes and per-stratum top-k keys.
    ``reference=True`` computes the keys with the pure-Python ``entity_key`` instead of numpy
    (same numbers, slower; what ``verify`` uses)."""
    if len(seed_bytes) < SEED_BYTES:
        raise DrawError(f"a draw seed has at least {SEED_BYTES} bytes, got {len(seed_bytes)}")
    prepared = prepare(entries)
    eligible, populations, expected = _plan(prepared, parameters, rules)
    sizes = round_systematically(expected, rounding_uniform(seed_bytes))
    picked: list[np.ndarray] = []
    outcomes = []
    for s, stratum in enumerate(prepared.strata):
        if stratum not in populations:
            continue
        size, population = sizes[stratum], populations[stratum]
        members = _members(prepared, eligible, s)
        if size >= population:
            picked.append(members)
        elif size > 0:
            local = eligible.members[s]
            base = prepared.grouped_keys[prepared.rows(s)]
            keys = _keys(base if local is None else base[local], seed_bytes, reference)
            picked.append(members[smallest_positions(keys, size)])
        outcomes.append(StratumOutcome(stratum, population, expected[stratum], size))
    rows = np.sort(np.concatenate(picked)) if picked else np.empty(0, dtype=np.intp)
    usccs = prepared.usccs
    return DrawResult(
        selected=tuple([usccs[i] for i in rows.tolist()]),
        strata=tuple(outcomes),
        excluded=eligible.excluded,
        seed_hex=seed_bytes.hex(),
    )


def expected_strata(entries: Roster, parameters: DrawParameters, rules: DrawRuleFile
                    ) -> dict[Stratum, tuple[int, Fraction]]:
    """Before the draw (no seed needed): each eligible stratum's N and expected size x, in
    stratum order, as a commitment publishes them."""
    _, populations, expected = _plan(prepare(entries), parameters, rules)
    return {s: (populations[s], expected[s]) for s in sorted(populations)}


def _plan(prepared: PreparedRoster, parameters: DrawParameters, rules: DrawRuleFile
          ) -> tuple[Eligibility, dict[Stratum, int], dict[Stratum, Fraction]]:
    eligible = eligibility(prepared, parameters, rules)
    populations = {
        stratum: population
        for s, stratum in enumerate(prepared.strata)
        if (population := eligible.population(prepared, s)) > 0
    }
    if not populations:
        raise NoEligibleObject(no_eligible_message(eligible.excluded))
    for s, stratum in enumerate(prepared.strata):
        if stratum in populations and stratum.risk and rules.risk_multiplier(stratum.risk) is None:
            uscc = prepared.usccs[_members(prepared, eligible, s)[0]]
            raise UnknownRiskLevel(
                f"{uscc}: risk level {stratum.risk!r} is not in rules {rules.version}")
    expected = expected_sizes(populations, rules, ratio=parameters.ratio, size=parameters.size,
                              full_coverage=parameters.key_area and rules.key_area_full_coverage)
    return eligible, populations, expected


def _members(prepared: PreparedRoster, eligible: Eligibility, stratum: int) -> np.ndarray:
    """Canonical row numbers of a stratum's eligible objects, in USCC order."""
    rows = prepared.order[prepared.rows(stratum)]
    local = eligible.members[stratum]
    return rows if local is None else rows[local]


def _keys(base: np.ndarray, seed_bytes: bytes, reference: bool) -> np.ndarray:
    if not reference:
        return entity_keys_array(base, seed_bytes)
    s0, s1 = seed_words(seed_bytes)
    return np.fromiter((fmix64(fmix64(key ^ s0) ^ s1) for key in base.tolist()),
                       dtype=np.uint64, count=len(base))
